"""Baselines: record today's violations, report only new ones; moving text does not break it."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from disclose.cli import app

runner = CliRunner()

OLD = ("Harbour\n\nThe harbour reopened on Monday, sources say.\n\n"
       "Ships queued for hours, the port authority said.\n")


def run(*args: str):
    return runner.invoke(app, list(args), env={"GITHUB_ACTIONS": ""})


@pytest.fixture
def repo(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "news").mkdir()
    (tmp_path / "news" / "a.txt").write_text(OLD, encoding="utf-8")
    return tmp_path


def violations(res) -> list[tuple[str, str]]:
    report = json.loads(res.stdout)
    return [(v["rule"], v["excerpt"]) for f in report["files"] for v in f["violations"]]


def recorded(path) -> list[tuple[str, str, str, int]]:
    """The baseline file's entries: (path, rule, excerpt, count)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["version"] == 1
    return [(e["path"], e["rule"], e["excerpt"], e["count"]) for e in data["violations"]]


SOURCES_SAY = ("news/a.txt", "newsroom/vague-attribution", "sources say", 1)


def test_baseline_hides_known_problems_and_catches_new_ones(repo):
    res = run("baseline", "news", "--output", "base.json")
    assert res.exit_code == 0, res.output
    data = json.loads((repo / "base.json").read_text(encoding="utf-8"))
    assert data["version"] == 1 and data["policies"] == ["newsroom", "eu-ai-act"]
    [entry] = data["violations"]
    assert entry["path"] == "news/a.txt" and entry["rule"] == "newsroom/vague-attribution" and entry["count"] == 1
    assert "line" not in entry

    res = run("lint", "news", "--baseline", "base.json", "--format", "json", "--fail-on", "warning")
    assert res.exit_code == 0 and violations(res) == []
    assert json.loads(res.stdout)["summary"]["baselined"] == 1
    assert "1 known problem hidden by the baseline" in res.stderr

    # Move the old problem down and add text above it: still known.
    moved = "Harbour\n\nA new calm opening paragraph about the weather.\n\nShips queued for hours, the port authority said.\n\nThe harbour reopened on Monday, sources say.\n"
    (repo / "news" / "a.txt").write_text(moved, encoding="utf-8")
    res = run("lint", "news", "--baseline", "base.json", "--format", "json", "--fail-on", "warning")
    assert res.exit_code == 0 and violations(res) == []

    # A new problem is caught -- also a second copy of the baselined sentence.
    (repo / "news" / "a.txt").write_text(moved + "\nThe mayor reportedly resigned.\n\nThe harbour reopened on Monday, sources say.\n",
                                         encoding="utf-8")
    res = run("lint", "news", "--baseline", "base.json", "--format", "json", "--fail-on", "warning")
    assert res.exit_code == 1
    assert violations(res) == [("newsroom/vague-attribution", "reportedly"), ("newsroom/vague-attribution", "sources say")]


def test_stale_entries_are_counted(repo):
    assert run("baseline", "news", "--output", "base.json").exit_code == 0
    assert recorded(repo / "base.json") == [SOURCES_SAY]
    (repo / "news" / "a.txt").write_text(OLD.replace("sources say", "the mayor said"), encoding="utf-8")
    res = run("lint", "news", "--baseline", "base.json", "--format", "json")
    assert res.exit_code == 0 and violations(res) == []  # the problem was fixed, not hidden
    summary = json.loads(res.stdout)["summary"]
    assert summary["baselined"] == 0 and summary["baseline_stale"] == 1
    assert recorded(repo / "base.json") == [SOURCES_SAY]  # lint never rewrites the baseline
    assert "1 baseline entry is stale" in res.stderr


def test_the_same_sentence_in_another_file_is_new(repo):
    assert run("baseline", "news", "--output", "base.json").exit_code == 0
    assert recorded(repo / "base.json") == [SOURCES_SAY]
    (repo / "news" / "b.txt").write_text(OLD, encoding="utf-8")
    res = run("lint", "news", "--baseline", "base.json", "--format", "json")
    report = json.loads(res.stdout)
    assert [(f["path"], [v["excerpt"] for v in f["violations"]]) for f in report["files"]] == [
        ("news/a.txt", []), ("news/b.txt", ["sources say"])]  # a.txt's copy known, b.txt's new
    assert report["summary"]["baselined"] == 1 and report["summary"]["violations"] == 1


def test_config_baseline_new_only_and_no_baseline(repo):
    (repo / ".disclose.yaml").write_text("baseline: .disclose-baseline.json\nfail_on: warning\n", encoding="utf-8")
    configured = repo / ".disclose-baseline.json"
    res = run("lint", "news", "--new-only", "--format", "json")
    assert res.exit_code == 2 and "baseline file not found" in res.stderr and not configured.exists()
    # configured but not created yet: everything is reported, with a warning
    res = run("lint", "news", "--format", "json")
    assert res.exit_code == 1 and violations(res) == [("newsroom/vague-attribution", "sources say")]
    assert "the configured baseline" in res.stderr and "does not exist" in res.stderr
    assert "baselined" not in json.loads(res.stdout)["summary"]

    res = run("baseline", "news")  # writes the configured file
    assert res.exit_code == 0 and f"to {configured}" in res.stderr
    assert recorded(configured) == [SOURCES_SAY]

    for args in ([], ["--new-only"]):
        res = run("lint", "news", "--format", "json", *args)
        assert res.exit_code == 0 and violations(res) == [], args
        assert json.loads(res.stdout)["summary"]["baselined"] == 1, args
    res = run("lint", "news", "--format", "json", "--no-baseline")
    assert res.exit_code == 1 and violations(res) == [("newsroom/vague-attribution", "sources say")]
    assert "baselined" not in json.loads(res.stdout)["summary"] and "hidden by the baseline" not in res.stderr


def test_bad_baseline_file_is_one_clear_line_and_exit_2(repo):
    (repo / "base.json").write_text("{not json", encoding="utf-8")
    res = run("lint", "news", "--baseline", "base.json")
    assert res.exit_code == 2 and "base.json: not a disclose baseline (invalid JSON" in res.stderr
    (repo / "base.json").write_text('{"version": 1, "violations": [{"path": "a"}]}', encoding="utf-8")
    res = run("lint", "news", "--baseline", "base.json")
    assert res.exit_code == 2 and "violations[0]: needs path, rule and fingerprint" in res.stderr
    res = run("lint", "news", "--baseline", "missing.json")
    assert res.exit_code == 2 and "baseline file not found" in res.stderr


def test_policy_change_is_warned_about(repo):
    assert run("baseline", "news", "--output", "base.json", "--policy", "newsroom").exit_code == 0
    assert json.loads((repo / "base.json").read_text(encoding="utf-8"))["policies"] == ["newsroom"]
    assert recorded(repo / "base.json") == [SOURCES_SAY]
    res = run("lint", "news", "--baseline", "base.json")
    assert "was recorded with policies newsroom; this run uses newsroom, eu-ai-act" in res.stderr
