"""The linter cache (policycache): a later run loads the built linter instead of rebuilding it,
and never uses one that is out of date."""

from __future__ import annotations

import json
import os
import pickle
from pathlib import Path

import pytest
from typer.testing import CliRunner

from disclose.analysis.lexicon import BoundedPattern, LazyPattern
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


def lint(*args: str) -> dict:
    res = CliRunner().invoke(app, ["lint", *args, "--format", "json"])
    assert res.exit_code in (0, 1), res.output
    return json.loads(res.output)


def entries(folder: Path) -> list[Path]:
    return sorted(folder.glob("linter-*.pickle"))


def test_a_cached_run_reports_exactly_what_a_fresh_build_does(cache, monkeypatch):
    examples = str(REPO / "examples")
    first = lint(examples)  # builds and writes the entry
    assert len(entries(cache)) == 1
    second = lint(examples)  # loads it
    monkeypatch.setenv("DISCLOSE_NO_CACHE", "1")
    uncached = lint(examples)
    assert first == second == uncached
    assert first["summary"]["violations"] > 0


def test_editing_a_policy_file_invalidates_the_entry(cache, tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("Markets rallied as traders bought shares on Monday morning.\n", encoding="utf-8")
    policy = tmp_path / "house.yaml"
    policy.write_text(POLICY.format(word="bought"), encoding="utf-8")
    found = lambda report: [v["message"] for f in report["files"] for v in f["violations"] if v["rule"] == "house/no-slang"]  # noqa: E731
    assert found(lint(str(article), "--policy", str(policy))) == ["Slang: bought"]
    before = policy.stat()
    policy.write_text(POLICY.format(word="shares"), encoding="utf-8")  # same size ...
    os.utime(policy, ns=(before.st_atime_ns, before.st_mtime_ns))  # ... and the same time: only the content differs
    assert found(lint(str(article), "--policy", str(policy))) == ["Slang: shares"]


def test_a_corrupt_entry_is_rebuilt(cache):
    lint(str(REPO / "examples"))
    [entry] = entries(cache)
    entry.write_bytes(b"not a pickle")
    report = lint(str(REPO / "examples"))
    assert report["summary"]["violations"] > 0
    assert entry.read_bytes() != b"not a pickle"


def test_no_cache_when_switched_off_or_unwritable(cache, monkeypatch, tmp_path):
    monkeypatch.setenv("DISCLOSE_NO_CACHE", "1")
    lint(str(REPO / "examples"))
    assert not cache.exists()
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.delenv("DISCLOSE_NO_CACHE")
    monkeypatch.setenv("DISCLOSE_CACHE_DIR", str(blocker / "sub"))  # cannot be created
    assert lint(str(REPO / "examples"))["summary"]["violations"] > 0


def test_select_and_ignore_have_their_own_entries(cache):
    lint(str(REPO / "examples"))
    lint(str(REPO / "examples"), "--select", "eu-ai-act")
    assert len(entries(cache)) == 2


def test_patterns_are_cached_as_text_not_compiled():
    pattern = BoundedPattern(r"\bas an ai\b", "test")
    assert pattern.search("As an AI, I cannot")  # compiled now
    copy = pickle.loads(pickle.dumps(pattern))
    assert copy._rx is None and copy.lexicon == "test" and not copy.timed_out
    assert copy.search("as an ai model").group(0) == "as an ai"
    lazy = pickle.loads(pickle.dumps(LazyPattern("x+")))
    assert lazy.search("axxb").group(0) == "xx"


def test_old_entries_are_pruned(cache, monkeypatch):
    import disclose.policycache as policycache

    monkeypatch.setattr(policycache, "MAX_ENTRIES", 2)
    cache.mkdir(parents=True)
    for i in range(4):
        stale = cache / f"linter-old{i}.pickle"
        stale.write_bytes(b"x")
        os.utime(stale, (1_000_000 + i, 1_000_000 + i))
    lint(str(REPO / "examples"))  # writes a new entry, then prunes
    left = sorted(p.name for p in cache.glob("*.pickle"))
    # the new entry and the most recent old one stay
    assert len(left) == 2 and "linter-old3.pickle" in left and not any(f"old{i}" in n for n in left for i in range(3))
