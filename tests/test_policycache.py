"""The cache (policycache): a later run builds its linter from the cached plain data instead of
reading the policy files again, never uses an entry that is out of date, and treats an entry as
untrusted input: JSON only, and anything odd in it is a miss."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

import disclose.policy.loader as loader
import disclose.policycache as policycache
from disclose.analysis import prefilter
from disclose.cli import app

REPO = Path(__file__).resolve().parents[1]
POLICY = """name: house
extends: [newsroom]
rules:
  no-slang:
    kind: phrase
    terms: [{word}]
    severity: warning
    message: "Slang: {{text}}"
    summary: Slang
    reference: house
    doc: House style.
references:
  house: https://example.org/style
"""


@pytest.fixture
def cache(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("DISCLOSE_CACHE_DIR", str(folder))
    monkeypatch.delenv("DISCLOSE_NO_CACHE", raising=False)
    return folder


@pytest.fixture
def builds(monkeypatch) -> list:
    """Every call of ``load_ruleset`` (reading the policy files), counted."""
    calls: list = []
    real = loader.load_ruleset

    def counting(*args, **kwargs):
        calls.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr("disclose.linting.load_ruleset", counting)
    return calls


def lint(*args: str) -> dict:
    res = CliRunner().invoke(app, ["lint", *args, "--format", "json"])
    assert res.exit_code in (0, 1), res.output
    return json.loads(res.output)


def entries(folder: Path) -> list[Path]:
    return sorted(folder.glob("linter-*.json"))


def test_a_cached_run_builds_nothing_and_reports_exactly_what_a_fresh_build_does(cache, builds, monkeypatch):
    examples = str(REPO / "examples")
    first = lint(examples)  # builds and writes the entry
    assert len(builds) == 1 and len(entries(cache)) == 1
    second = lint(examples)  # builds the linter from the entry: no policy file is parsed
    assert len(builds) == 1
    monkeypatch.setenv("DISCLOSE_NO_CACHE", "1")
    uncached = lint(examples)
    assert len(builds) == 2
    assert first == second == uncached
    assert first["summary"]["violations"] > 0


def test_a_cached_run_reads_no_pattern_again(cache, monkeypatch):
    """The entry holds every pattern's prefilter answers (required and leading strings, whether
    it is word-local): a run built from it parses no pattern, and reports what a fresh run does."""
    examples = str(REPO / "examples")
    first = lint(examples)
    prefilter.KNOWN.clear()  # as in a new process
    reads: list[str] = []
    real = prefilter._read
    monkeypatch.setattr(prefilter, "_read", lambda pattern: reads.append(pattern) or real(pattern))
    assert lint(examples) == first
    assert reads == []
    assert any(lead is not None for _, lead, _ in prefilter.KNOWN.values())
    assert any(word for _, _, word in prefilter.KNOWN.values())


def test_the_entry_is_json_and_no_pickle_is_written(cache):
    lint(str(REPO / "examples"))
    files = sorted(p.name for p in cache.iterdir())
    assert files and all(name.endswith(".json") for name in files), files
    [entry] = entries(cache)
    data = json.loads(entry.read_text(encoding="utf-8"))
    assert data["kind"] == "linter" and data["value"]["ruleset"]["rules"]
    assert all(len(digest) == 64 for _, digest in data["files"])  # SHA-256 of each file read
    assert not any("import pickle" in p.read_text(encoding="utf-8") for p in (REPO / "src").rglob("*.py"))


def test_editing_a_policy_file_invalidates_the_entry(cache, builds, tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("Markets rallied as traders bought shares on Monday morning.\n", encoding="utf-8")
    policy = tmp_path / "house.yaml"
    policy.write_text(POLICY.format(word="bought"), encoding="utf-8")
    found = lambda report: [v["message"] for f in report["files"] for v in f["violations"] if v["rule"] == "house/no-slang"]  # noqa: E731
    assert found(lint(str(article), "--policy", str(policy))) == ["Slang: bought"]
    assert found(lint(str(article), "--policy", str(policy))) == ["Slang: bought"]
    assert len(builds) == 1  # the second run used the entry
    before = policy.stat()
    policy.write_text(POLICY.format(word="shares"), encoding="utf-8")  # same size ...
    os.utime(policy, ns=(before.st_atime_ns, before.st_mtime_ns))  # ... and the same time: only the content differs
    assert found(lint(str(article), "--policy", str(policy))) == ["Slang: shares"]
    assert len(builds) == 2


def test_an_entry_from_another_checkout_is_not_trusted_for_other_rule_files(cache, builds, tmp_path, monkeypatch):
    """CI restores a cache folder made on another branch: same paths and names, other rules."""
    article = tmp_path / "a.txt"
    article.write_text("Markets rallied as traders bought shares on Monday morning.\n", encoding="utf-8")
    checkout = tmp_path / "repo"
    checkout.mkdir()
    (checkout / "house.yaml").write_text(POLICY.format(word="bought"), encoding="utf-8")
    monkeypatch.chdir(checkout)
    found = lambda report: [v["message"] for f in report["files"] for v in f["violations"] if v["rule"] == "house/no-slang"]  # noqa: E731
    assert found(lint(str(article), "--policy", "house.yaml")) == ["Slang: bought"]
    saved = {p.name: p.read_bytes() for p in cache.iterdir()}
    # Another checkout at the same place, with another policy; then the first one's cache is restored.
    (checkout / "house.yaml").write_text(POLICY.format(word="traders"), encoding="utf-8")
    for name in list(p.name for p in cache.iterdir()):
        (cache / name).unlink()
    for name, data in saved.items():
        (cache / name).write_bytes(data)
    assert found(lint(str(article), "--policy", "house.yaml")) == ["Slang: traders"]
    assert len(builds) == 2


@pytest.mark.parametrize("damage", ["garbage", "truncated", "wrong-shape", "crafted-types", "crafted-model", "pickle"])
def test_a_corrupt_or_hostile_entry_is_a_miss_rebuilt_and_overwritten(cache, builds, damage, tmp_path):
    examples = str(REPO / "examples")
    fresh = lint(examples)
    [entry] = entries(cache)
    text = entry.read_text(encoding="utf-8")
    data = json.loads(text)
    if damage == "garbage":
        entry.write_bytes(b"\x00\xff not json")
    elif damage == "truncated":
        entry.write_text(text[: len(text) // 2], encoding="utf-8")
    elif damage == "wrong-shape":
        entry.write_text(json.dumps([1, 2, 3]), encoding="utf-8")
    elif damage == "crafted-types":
        # The files' digests match; the content does not have the shape of a rule set.
        data["value"]["ruleset"]["rules"][0]["severity"] = {"$type": "os.system"}
        data["value"]["ruleset"]["lexicons"] = {"vague-sources": ["not", "a", "mapping"]}
        entry.write_text(json.dumps(data), encoding="utf-8")
    elif damage == "crafted-model":
        data["value"]["ruleset"]["models"]["checkworthy"]["weights"] = {"x": "1e400"}
        data["value"]["prefilters"] = {"x": [[1, 2]]}
        entry.write_text(json.dumps(data), encoding="utf-8")
    else:  # an old-format entry, or a pickle put there to be loaded: never read, pruned
        marker = tmp_path / "ran"
        (cache / "linter-0123.pickle").write_bytes(
            b"cos\nsystem\n(S'touch " + str(marker).encode() + b"'\ntR.")
        entry.write_bytes(b"\x80\x04K\x01.")
    report = lint(examples)
    assert report == fresh
    assert len(builds) == 2  # a miss: built from the files ...
    rewritten = json.loads(entry.read_text(encoding="utf-8"))
    assert rewritten["value"]["ruleset"] == json.loads(text)["value"]["ruleset"]
    assert lint(examples) == fresh and len(builds) == 2  # ... and the overwritten entry is used again
    if damage == "pickle":
        assert not (tmp_path / "ran").exists() and not list(cache.glob("*.pickle"))


def test_a_hostile_prefilter_table_is_not_kept_after_a_miss(cache, builds):
    examples = str(REPO / "examples")
    lint(examples)
    [entry] = entries(cache)
    data = json.loads(entry.read_text(encoding="utf-8"))
    data["value"]["prefilters"] = {p: {"required": [["zzzz-never-there"]], "leading": ["zzzz"], "word": True}
                                   for p in data["value"]["prefilters"]}
    # ... and the entry is found wrong only when the linter is built from it, after the table was read
    lexicons = data["value"]["ruleset"]["lexicons"]
    for lexicon in lexicons.values():
        for key in lexicon:
            lexicon[key] = 5
    entry.write_text(json.dumps(data), encoding="utf-8")
    prefilter.KNOWN.clear()
    lint(examples)
    assert len(builds) == 2
    assert prefilter.KNOWN  # the rebuild read the patterns again ...
    assert not any(req == (frozenset({"zzzz-never-there"}),) or lead == {"zzzz"}  # ... not what the entry said
                   for req, lead, _ in prefilter.KNOWN.values())


def test_no_cache_when_switched_off_or_unwritable(cache, builds, monkeypatch, tmp_path):
    monkeypatch.setenv("DISCLOSE_NO_CACHE", "1")
    lint(str(REPO / "examples"))
    lint(str(REPO / "examples"))
    assert not cache.exists() and len(builds) == 2
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.delenv("DISCLOSE_NO_CACHE")
    monkeypatch.setenv("DISCLOSE_CACHE_DIR", str(blocker / "sub"))  # cannot be created
    assert lint(str(REPO / "examples"))["summary"]["violations"] > 0


def test_select_and_ignore_have_their_own_entries(cache, builds):
    lint(str(REPO / "examples"))
    selected = lint(str(REPO / "examples"), "--select", "eu-ai-act")
    assert len(entries(cache)) == 2
    assert lint(str(REPO / "examples"), "--select", "eu-ai-act") == selected and len(builds) == 2
    assert {v["rule"].split("/")[0] for f in selected["files"] for v in f["violations"]} <= {"eu-ai-act", "disclose"}


def test_cached_table_builds_once_while_its_files_are_unchanged(cache, tmp_path):
    words = tmp_path / "words.txt"
    words.write_text("alpha beta", encoding="utf-8")
    calls = []

    def build():
        calls.append(1)
        return {"words": words.read_text(encoding="utf-8").split(), "n": len(calls)}

    def check(value):
        assert isinstance(value["words"], list)
        return value

    first = policycache.cached_table("trie", [words], build, check)
    assert policycache.cached_table("trie", [words], build, check) == first == {"words": ["alpha", "beta"], "n": 1}
    assert len(calls) == 1
    words.write_text("alpha gamma", encoding="utf-8")
    assert policycache.cached_table("trie", [words], build, check)["words"] == ["alpha", "gamma"]
    assert len(calls) == 2
    # A crafted entry (digests right, shape wrong) fails ``check``: a miss, rebuilt and overwritten.
    [entry] = [p for p in cache.glob("trie-*.json") if "gamma" in p.read_text(encoding="utf-8")]
    data = json.loads(entry.read_text(encoding="utf-8"))
    data["value"]["words"] = "not a list"
    entry.write_text(json.dumps(data), encoding="utf-8")
    assert policycache.cached_table("trie", [words], build, check)["words"] == ["alpha", "gamma"]
    assert len(calls) == 3
    assert policycache.cached_table("trie", [words], build, check)["n"] == 3 and len(calls) == 3


def test_a_value_json_cannot_give_back_is_not_cached(cache, tmp_path):
    source = tmp_path / "s.txt"
    source.write_text("x", encoding="utf-8")
    calls = []

    def build():
        calls.append(1)
        return {"pair": (1, 2)}  # a tuple would come back as a list

    assert policycache.cached_table("odd", [source], build) == {"pair": (1, 2)}
    assert policycache.cached_table("odd", [source], build) == {"pair": (1, 2)}
    assert len(calls) == 2 and not list(cache.glob("odd-*.json"))


def test_parsed_data_files_are_cached_as_json(cache, tmp_path):
    data_file = tmp_path / "list.yaml"
    data_file.write_text("a: [1, 2]\n", encoding="utf-8")
    calls = []
    parse = lambda: calls.append(1) or {"a": [1, 2]}  # noqa: E731
    assert policycache.cached_parse(data_file, parse) == policycache.cached_parse(data_file, parse) == {"a": [1, 2]}
    assert len(calls) == 1 and len(list(cache.glob("data-*.json"))) == 1


def test_old_entries_are_pruned(cache, monkeypatch):
    monkeypatch.setattr(policycache, "MAX_ENTRIES", 2)
    cache.mkdir(parents=True)
    for i in range(4):
        stale = cache / f"linter-old{i}.json"
        stale.write_bytes(b"x")
        os.utime(stale, (1_000_000 + i, 1_000_000 + i))
    (cache / "linter-older.pickle").write_bytes(b"x")  # the format before JSON: pruned
    lint(str(REPO / "examples"))  # writes a new entry, then prunes
    left = sorted(p.name for p in cache.iterdir())
    # the new entry and the most recent old one stay
    assert len(left) == 2 and "linter-old3.json" in left and not any(f"old{i}" in n for n in left for i in range(3)), left
    assert not list(cache.glob("*.pickle"))


def test_a_rule_set_survives_json_bit_for_bit():
    from disclose.policy import BUILTIN_DEFAULT, load_ruleset
    from disclose.policy.plain import from_data, to_data

    ruleset = load_ruleset(list(BUILTIN_DEFAULT))
    back = from_data(json.loads(json.dumps(to_data(ruleset))))
    assert back.model_data == ruleset.model_data and back.lexicons == ruleset.lexicons
    assert back.models["background"] == ruleset.models["background"]
    assert back.models["checkworthy"].weights == ruleset.models["checkworthy"].weights
    assert [vars(r) | {"prepared": None} for r in back.rules.values()] == \
        [vars(r) | {"prepared": None} for r in ruleset.rules.values()]
