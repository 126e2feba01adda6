"""Linear models shipped as data: shape checks, pure-Python scoring, explanations, and the
policy ``models:`` key (a user's own model file, a model turned off, a broken file)."""

from __future__ import annotations

import json
import math
import sys

import pytest

from disclose.analysis.linear import LinearModel, ModelError, text_features
from disclose.policy import PolicyError, load_ruleset
from disclose.resources import rules_dir


def tiny(**over) -> dict:
    data = {"name": "t", "bias": -1.0, "threshold": 0.5, "features": {"words": [1, 2], "chars": [0, 0]},
            "weights": {"w:expected": 2.0, "b:is expected": 0.5, "w:said": -3.0}}
    data.update(over)
    return data


def test_score_is_the_logistic_of_bias_plus_weights():
    m = LinearModel.from_data(tiny())
    feats = m.features(["prices", "is", "expected", "to", "rise"], "Prices is expected to rise.")
    assert feats["w:expected"] == 1.0 and feats["b:is expected"] == 1.0
    assert m.score(feats) == pytest.approx(1 / (1 + math.exp(-(-1.0 + 2.0 + 0.5))))
    assert [f for f, _ in m.explain(feats)] == ["w:expected", "b:is expected"]


def test_digits_fold_and_symbols_are_features():
    feats = text_features(["rose", "12", "percent"], "rose 12% to $5", (1, 1))
    assert "w:00" in feats and "p:pct" in feats and "p:money" in feats


@pytest.mark.parametrize("bad, message", [
    ([], "JSON object"),
    (tiny(weights={"w:x": "high"}), "weights"),
    (tiny(bias=None), "bias"),
    (tiny(threshold=float("nan")), "threshold"),
    (tiny(features={"words": [2, 1]}), "features.words"),
    (tiny(kind="forest"), "kind"),
])
def test_wrong_shapes_are_errors_naming_the_key(bad, message):
    with pytest.raises(ModelError, match=message):
        LinearModel.from_data(bad)


def test_shipped_models_load_and_say_what_they_were_trained_on():
    for name in ("checkworthy", "needs-source", "grounding"):
        data = json.loads((rules_dir() / "models" / f"{name}.json").read_text(encoding="utf-8"))
        model = LinearModel.from_data(data, name)
        assert model.trained_on and model.figures and 0 < model.threshold < 1
    rs = load_ruleset(["newsroom"])
    assert set(rs.models) == {"checkworthy", "needs-source", "grounding", "background", "style"}
    style = rs.models["style"]
    assert style.trained_on and style.figures["cross_validated"]["rephrasings"]["articles"] == 200
    assert 0 < style.threshold < 1 and not any(k.startswith("p:") for k in style.features)
    assert rs.models["background"]["the"][0] > 0.9  # nearly every article uses "the"
    assert rs.models["background"]["london"][1] > 0.9  # and "London" is written capitalised


def test_linting_imports_no_numpy_or_sklearn(tmp_path):
    import subprocess
    f = tmp_path / "a.txt"
    f.write_text("Title\n\nThe deal is the largest in the country's history.\n", encoding="utf-8")
    code = ("import sys\nfrom disclose.engine import Linter\nfrom disclose.policy import load_ruleset\n"
            "from disclose.readers import parse\n"
            f"Linter(load_ruleset(['newsroom'])).lint(parse(open({str(f)!r}).read(), 'a.txt', 'txt'))\n"
            "print(sorted(m for m in ('numpy', 'sklearn', 'scipy') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "[]"


def write_policy(tmp_path, models: str) -> str:
    p = tmp_path / "p.yaml"
    p.write_text(f"name: p\nextends: [newsroom]\nmodels:\n{models}", encoding="utf-8")
    return str(p)


def test_a_policy_can_replace_or_turn_off_a_model(tmp_path):
    (tmp_path / "mine.json").write_text(json.dumps(tiny(name="mine")), encoding="utf-8")
    rs = load_ruleset([write_policy(tmp_path, "  needs-source: mine.json\n  checkworthy: off\n")])
    assert rs.models["needs-source"].name == "mine" and "checkworthy" not in rs.models
    assert str((tmp_path / "mine.json").resolve()) in rs.sources  # the linter cache sees edits


@pytest.mark.parametrize("entry, content, message", [
    ("  needs-source: missing.json\n", None, "cannot read"),
    ("  needs-source: bad.json\n", "{not json", "not a JSON model file"),
    ("  needs-source: bad.json\n", json.dumps({"bias": 1}), "weights"),
    ("  vibes: bad.json\n", "{}", "unknown model"),
])
def test_broken_model_references_are_policy_errors(tmp_path, entry, content, message):
    if content is not None:
        (tmp_path / "bad.json").write_text(content, encoding="utf-8")
    with pytest.raises(PolicyError, match=message):
        load_ruleset([write_policy(tmp_path, entry)])


def test_make_train_reproduces_the_shipped_models():
    """`make train` is reproducible: retraining from ../shared/eval and the committed labels gives
    the shipped weights (to 0.01) and thresholds."""
    import subprocess
    from pathlib import Path

    from tests.conftest import shared_path

    shared_path("eval", "claimbuster", "train.json")
    repo = Path(__file__).resolve().parents[1]
    proc = subprocess.run([sys.executable, str(repo / "train" / "train_models.py"), "--check"],
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "checkworthy: same as shipped" in proc.stdout and "needs-source: same as shipped" in proc.stdout


def test_make_train_reproduces_the_style_model():
    """The undisclosed-AI style model is rebuilt bit for bit from ../shared/eval by `make train`."""
    import subprocess
    from pathlib import Path

    from tests.conftest import shared_path

    shared_path("eval", "ai-news", "chatgpt.jsonl")
    shared_path("eval", "bbc")
    shared_path("eval", "polnear", "train", "text")
    repo = Path(__file__).resolve().parents[1]
    proc = subprocess.run([sys.executable, str(repo / "train" / "train_style.py"), "--check"],
                          capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "style model: reproduced" in proc.stdout
