"""``lint --changed-since REF`` with real git, and ``disclose init``."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from disclose.cli import app
from disclose.config import load_config

runner = CliRunner()
VAGUE = "Harbour\n\nThe harbour reopened on Monday, sources say.\n"

needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def run(*args: str):
    return runner.invoke(app, list(args), env={"GITHUB_ACTIONS": ""})


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True,
                          env={"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
                               "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org",
                               "HOME": str(cwd), "PATH": "/usr/bin:/bin:/usr/local/bin"}).stdout


@pytest.fixture
def repo(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    git(tmp_path, "init", "-q", "-b", "main")
    for name in ("old.txt", "edited.md", "gone.txt"):
        (tmp_path / "news").mkdir(exist_ok=True)
        (tmp_path / "news" / name).write_text(VAGUE, encoding="utf-8")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "start")
    git(tmp_path, "checkout", "-q", "-b", "feature")
    return tmp_path


def linted(res) -> list[str]:
    return [f["path"] for f in json.loads(res.stdout)["files"]]


@needs_git
def test_changed_since_lints_only_changed_files(repo):
    (repo / "news" / "edited.md").write_text(VAGUE + "\nMore text.\n", encoding="utf-8")
    git(repo, "commit", "-qam", "edit")
    (repo / "news" / "staged.txt").write_text(VAGUE, encoding="utf-8")
    git(repo, "add", "news/staged.txt")
    (repo / "news" / "untracked.html").write_text("<p>The harbour reopened, sources say.</p>", encoding="utf-8")
    (repo / "news" / "notes.py").write_text("x = 1\n", encoding="utf-8")  # not an article
    (repo / ".hidden").mkdir()
    (repo / ".hidden" / "x.md").write_text(VAGUE, encoding="utf-8")  # hidden folder: skipped like a walk
    (repo / "news" / "gone.txt").unlink()  # deleted: nothing to lint
    res = run("lint", ".", "--changed-since", "main", "--format", "json")
    assert sorted(linted(res)) == ["news/edited.md", "news/staged.txt", "news/untracked.html"]
    assert res.exit_code == 0


@needs_git
def test_changed_since_uses_the_merge_base(repo):
    # main moves on after the branch was made: its changes are not this branch's
    git(repo, "checkout", "-q", "main")
    (repo / "news" / "old.txt").write_text(VAGUE + "\nChanged on main.\n", encoding="utf-8")
    git(repo, "commit", "-qam", "main moves")
    git(repo, "checkout", "-q", "feature")
    (repo / "news" / "edited.md").write_text(VAGUE + "\nMore.\n", encoding="utf-8")
    assert linted(run("lint", "news", "--changed-since", "main", "--format", "json")) == ["news/edited.md"]


@needs_git
def test_changed_since_respects_paths_and_config_excludes(repo):
    (repo / ".disclose.yaml").write_text("exclude: [\"drafts/**\"]\n", encoding="utf-8")
    (repo / "drafts").mkdir()
    (repo / "drafts" / "d.txt").write_text(VAGUE, encoding="utf-8")
    (repo / "news" / "new.txt").write_text(VAGUE, encoding="utf-8")
    (repo / "other").mkdir()
    (repo / "other" / "o.txt").write_text(VAGUE, encoding="utf-8")
    assert linted(run("lint", ".", "--changed-since", "HEAD", "--format", "json")) == ["news/new.txt", "other/o.txt"]
    assert linted(run("lint", "news", "--changed-since", "HEAD", "--format", "json")) == ["news/new.txt"]


@needs_git
def test_changed_since_nothing_changed_and_errors(repo, tmp_path_factory, monkeypatch):
    res = run("lint", ".", "--changed-since", "main")
    assert res.exit_code == 0 and "no problems in 0 files" in res.stdout
    res = run("lint", ".", "--changed-since", "no-such-branch")
    assert res.exit_code == 2 and "unknown git ref 'no-such-branch'" in res.stderr
    outside = tmp_path_factory.mktemp("plain")
    (outside / "a.txt").write_text(VAGUE, encoding="utf-8")
    monkeypatch.chdir(outside)
    res = runner.invoke(app, ["lint", ".", "--changed-since", "main"], env={"GIT_CEILING_DIRECTORIES": str(outside.parent)})
    assert res.exit_code == 2 and "is not inside a git repository" in res.stderr


def test_init_writes_a_valid_commented_config_and_prints_the_snippet(tmp_path):
    res = run("init", str(tmp_path))
    assert res.exit_code == 0, res.output
    written = tmp_path / ".disclose.yaml"
    config = load_config(written)
    assert config.policies == ["newsroom", "eu-ai-act"] and config.fail_on == "error" and config.ai == "unknown"
    text = written.read_text(encoding="utf-8")
    for key in ("include", "exclude", "overrides", "baseline", "fail_on"):
        assert key in text
    assert "id: disclose" in res.stdout and "disclose-new" in res.stdout and "rev: v" in res.stdout
    res = run("init", str(tmp_path))
    assert res.exit_code == 2 and "already exists" in res.stderr
    assert run("init", str(tmp_path), "--force").exit_code == 0


def test_init_config_with_uncommented_examples_still_loads(tmp_path):
    """Every commented example of the starter is valid configuration once uncommented."""
    run("init", str(tmp_path))
    lines = []
    for line in (tmp_path / ".disclose.yaml").read_text(encoding="utf-8").splitlines():
        stripped = line.lstrip("# ")
        if stripped.startswith(("include:", "exclude: [\"", "overrides:", "- files:", "ai: generated",
                                "rules: {", "baseline:")):
            indent = "  " if stripped.startswith("- files") else "    " if stripped.startswith(("ai: gen", "rules")) else ""
            lines.append(indent + stripped.split("   #")[0])
    (tmp_path / "full.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    config = load_config(tmp_path / "full.yaml")
    assert config.include == ["content/**"] and config.exclude == ["content/drafts/**", "**/vendor/**"]
    assert config.overrides[0].ai == "generated" and config.baseline == ".disclose-baseline.json"
