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
    (repo / "news" / "a.txt").write_text(OLD.replace("sources say", "the mayor said"), encoding="utf-8")
    res = run("lint", "news", "--baseline", "base.json", "--format", "json")
    summary = json.loads(res.stdout)["summary"]
    assert summary["baselined"] == 0 and summary["baseline_stale"] == 1
    assert "1 baseline entry is stale" in res.stderr


def test_the_same_sentence_in_another_file_is_new(repo):
    assert run("baseline", "news", "--output", "base.json").exit_code == 0
    (repo / "news" / "b.txt").write_text(OLD, encoding="utf-8")
    res = run("lint", "news", "--baseline", "base.json", "--format", "json")
    assert violations(res) == [("newsroom/vague-attribution", "sources say")]
    assert json.loads(res.stdout)["files"][1]["path"].endswith("b.txt")


def test_config_baseline_new_only_and_no_baseline(repo):
    (repo / ".disclose.yaml").write_text("baseline: .disclose-baseline.json\nfail_on: warning\n", encoding="utf-8")
    res = run("lint", "news", "--new-only")
    assert res.exit_code == 2 and "baseline file not found" in res.stderr
    assert run("lint", "news").exit_code == 1  # configured but not created yet: everything, with a warning
    assert run("baseline", "news").exit_code == 0  # writes the configured file
    assert (repo / ".disclose-baseline.json").is_file()
    assert run("lint", "news").exit_code == 0
    assert run("lint", "news", "--new-only").exit_code == 0
    assert run("lint", "news", "--no-baseline").exit_code == 1


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
    res = run("lint", "news", "--baseline", "base.json")
    assert "was recorded with policies newsroom; this run uses newsroom, eu-ai-act" in res.stderr
