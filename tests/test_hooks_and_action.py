"""The pre-commit hooks, run for real with ``pre-commit try-repo`` in temporary git repositories
(pre-commit builds the hook's environment from this project with pip), and the GitHub Action's
lint step run with bash as the runner would run it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent

GIT_ENV = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}

BAD = "---\nai: generated\n---\n# Harbour reopens\n\nThe harbour reopened on Monday after storm repairs, the port authority said.\n"
CLEAN = ("---\nai: generated\n---\n# Harbour reopens\n\nThis article was generated with AI.\n\n"
         "The harbour reopened on Monday after storm repairs, the port authority said.\n")

needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, env={**os.environ, **GIT_ENV})


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory) -> tuple[Path, str]:
    """This project's working tree (committed or not) as a fresh one-commit git repository, so
    the test sees the hooks as they are now and pre-commit can cache the built environment."""
    dest = tmp_path_factory.mktemp("hook-repo")
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                            cwd=REPO, check=True, capture_output=True).stdout.decode().split("\0")
    for rel in filter(None, listed):
        src = REPO / rel
        if src.is_file() and not rel.startswith("tests/"):
            (dest / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / rel)
    git(dest, "init", "-q")
    git(dest, "add", "-A")
    git(dest, "commit", "-q", "-m", "hook repo")
    rev = subprocess.run(["git", "rev-parse", "HEAD"], cwd=dest, check=True, capture_output=True, text=True).stdout.strip()
    return dest, rev


@pytest.fixture(scope="module")
def pre_commit_home(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("pre-commit-home")


def try_repo(hook_repo, home: Path, cwd: Path, hook: str, *files: str) -> subprocess.CompletedProcess:
    repo, rev = hook_repo
    env = {**os.environ, **GIT_ENV, "PRE_COMMIT_HOME": str(home), "NO_COLOR": "1", "GITHUB_ACTIONS": ""}
    return subprocess.run([sys.executable, "-m", "pre_commit", "try-repo", str(repo), hook, "--ref", rev,
                           "--files", *files], cwd=cwd, capture_output=True, text=True, env=env, timeout=900)


@pytest.fixture
def articles(tmp_path) -> Path:
    git(tmp_path, "init", "-q")
    (tmp_path / "bad.md").write_text(BAD, encoding="utf-8")
    (tmp_path / "clean.md").write_text(CLEAN, encoding="utf-8")
    (tmp_path / "script.py").write_text("print('not an article')\n", encoding="utf-8")
    git(tmp_path, "add", "-A")
    return tmp_path


def test_hook_definitions():
    hooks = {h["id"]: h for h in yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))}
    assert set(hooks) == {"disclose", "disclose-new"}
    assert hooks["disclose"]["entry"] == "disclose lint"
    assert hooks["disclose-new"]["entry"] == "disclose lint --new-only"
    import re
    for h in hooks.values():
        pattern = re.compile(h["files"])
        assert all(pattern.search(n) for n in ("a.md", "b.markdown", "c.html", "d.htm", "e.txt"))
        assert not any(pattern.search(n) for n in ("f.py", "g.jsonl", "h.yaml"))


@needs_git
def test_pre_commit_disclose_hook_fails_on_a_bad_article_and_passes_a_clean_one(hook_repo, pre_commit_home, articles):
    bad = try_repo(hook_repo, pre_commit_home, articles, "disclose", "bad.md")
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert "eu-ai-act/disclosure-missing" in bad.stdout
    clean = try_repo(hook_repo, pre_commit_home, articles, "disclose", "clean.md", "script.py")
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert "Passed" in clean.stdout


@needs_git
def test_pre_commit_disclose_new_hook_fails_only_on_new_problems(hook_repo, pre_commit_home, articles):
    missing = try_repo(hook_repo, pre_commit_home, articles, "disclose-new", "bad.md")
    assert missing.returncode != 0 and "baseline file not found" in missing.stdout + missing.stderr
    subprocess.run([str(BIN / "disclose"), "baseline", "bad.md"], cwd=articles, check=True, capture_output=True)
    assert (articles / ".disclose-baseline.json").is_file()
    known = try_repo(hook_repo, pre_commit_home, articles, "disclose-new", "bad.md")
    assert known.returncode == 0, known.stdout + known.stderr
    (articles / "bad.md").write_text(BAD + "\nAs an AI language model, I cannot verify this.\n", encoding="utf-8")
    new = try_repo(hook_repo, pre_commit_home, articles, "disclose-new", "bad.md")
    assert new.returncode == 1, new.stdout + new.stderr
    assert "chatbot-leftover" in new.stdout and "eu-ai-act/disclosure-missing" not in new.stdout


def _action_script() -> str:
    action = yaml.safe_load((REPO / "action.yml").read_text(encoding="utf-8"))
    assert action["runs"]["using"] == "composite"
    steps = {s.get("id") or s.get("name"): s for s in action["runs"]["steps"]}
    assert steps["Install disclose"]["run"].endswith('"$GITHUB_ACTION_PATH"')
    lint = steps["lint"]
    assert lint["shell"] == "bash" and "${{" not in lint["run"]  # inputs only through env
    assert set(lint["env"]) == {"DISCLOSE_PATHS", "DISCLOSE_FORMAT", "DISCLOSE_OUTPUT", "DISCLOSE_ARGS"}
    return lint["run"]


def _run_action(tmp_path: Path, **inputs: str) -> tuple[subprocess.CompletedProcess, str]:
    out = tmp_path / "github_output"
    out.write_text("", encoding="utf-8")
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}", "GITHUB_OUTPUT": str(out),
           "DISCLOSE_PATHS": inputs.get("paths", "."), "DISCLOSE_FORMAT": inputs.get("format", "github"),
           "DISCLOSE_OUTPUT": inputs.get("output", ""), "DISCLOSE_ARGS": inputs.get("args", "")}
    proc = subprocess.run(["bash", "-e", "-c", _action_script()], cwd=tmp_path, capture_output=True, text=True, env=env)
    return proc, out.read_text(encoding="utf-8")


def test_action_annotates_and_reports_the_exit_code(tmp_path):
    (tmp_path / "bad.md").write_text(BAD, encoding="utf-8")
    (tmp_path / "clean.md").write_text(CLEAN, encoding="utf-8")
    proc, outputs = _run_action(tmp_path, paths="bad.md clean.md")
    assert proc.returncode == 1 and outputs == "exit-code=1\n"
    assert proc.stdout.startswith("::error file=bad.md,line=6,")
    proc, outputs = _run_action(tmp_path, paths="clean.md")
    assert proc.returncode == 0 and outputs == "exit-code=0\n"


def test_action_writes_sarif_for_upload(tmp_path):
    (tmp_path / "bad.md").write_text(BAD, encoding="utf-8")
    proc, outputs = _run_action(tmp_path, format="sarif", output="disclose.sarif", args="--fail-on never")
    assert proc.returncode == 0 and outputs == "exit-code=0\n"
    log = json.loads((tmp_path / "disclose.sarif").read_text(encoding="utf-8"))
    assert log["version"] == "2.1.0" and log["runs"][0]["results"]
