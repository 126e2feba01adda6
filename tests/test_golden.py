"""Golden tests: the full report on the bundled examples and the seed article.

The golden file records (rule, line, column) of every violation on ``examples/``; when a rule
change alters it on purpose, regenerate with ``UPDATE_GOLDEN=1 make test`` and review the diff.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from typer.testing import CliRunner

from disclose.cli import app
from tests.conftest import shared_path

REPO = Path(__file__).resolve().parents[1]
GOLDEN = REPO / "tests" / "golden" / "examples.json"


def lint_json(*paths: str) -> dict:
    res = CliRunner().invoke(app, ["lint", *paths, "--format", "json"])
    assert res.exit_code in (0, 1), res.output
    return json.loads(res.output)


def test_examples_match_golden():
    os.chdir(REPO)
    report = lint_json("examples")
    got = {f["path"]: [[v["rule"], v["line"], v["column"]] for v in f["violations"]] for f in report["files"]}
    if os.environ.get("UPDATE_GOLDEN"):
        lines = [f"  {json.dumps(path)}: [" + ",".join(f"\n    {json.dumps(v)}" for v in vs) + ("\n  ]" if vs else "]")
                 for path, vs in got.items()]
        GOLDEN.write_text("{\n" + ",\n".join(lines) + "\n}\n", encoding="utf-8")
    assert got == json.loads(GOLDEN.read_text(encoding="utf-8"))


def test_seed_article_report():
    path = shared_path("examples", "ai-news-article.txt")
    text = path.read_text(encoding="utf-8")
    [file] = lint_json(str(path))["files"]
    assert file["ai_status"] == "generated" and file["ai_status_source"] == "text"
    by_rule: dict[str, list] = {}
    for v in file["violations"]:
        by_rule.setdefault(v["rule"], []).append(v)
    # The disclaimer sits at the very end, not before the body.
    [placement] = by_rule["eu-ai-act/disclosure-placement"]
    assert text[placement["start"]:placement["end"]].startswith("This content is AI-generated")
    # ... and says "based on source articles" without naming any.
    [unnamed] = by_rule["newsroom/unnamed-sources"]
    assert "source articles" in unnamed["excerpt"]
    claims = [text[v["start"]:v["end"]] for v in by_rule["newsroom/unsupported-claim"]]
    assert any("more durable than ever" in c for c in claims)
    assert any(c.startswith("A primary goal for Moscow is securing continued access") for c in claims)
    hedges = [v for v in by_rule["newsroom/vague-attribution"] if v["excerpt"] == "reportedly"]
    assert len(hedges) == 1
    # Nothing on the sentences attributed to SANA, nothing in "Related Articles".
    related = text.index("Related Articles")
    for v in file["violations"]:
        assert v["start"] < related, v
        sentence = text[v["start"]:v["end"]]
        assert "SANA" not in sentence and "according to the agency" not in sentence
        assert not sentence.startswith("During the meeting, Putin reaffirmed")
    for v in file["violations"]:
        assert v["message"][0].isupper() and v["message"].rstrip().endswith((".", "”")), v["message"]
