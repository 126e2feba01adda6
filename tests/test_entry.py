"""The typer-free fast path of ``disclose lint`` (entry.py) reads every command line it accepts
exactly as the typer app does, and hands everything else to typer."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from disclose import entry
from disclose.cli import app

REPO = Path(__file__).resolve().parents[1]

COMMAND_LINES = [
    [],
    ["a.md"],
    ["a.md", "b.txt", "-"],
    ["--format", "json", "a.md"],
    ["-f", "sarif", "-o", "out.sarif", "docs"],
    ["--format=github", "--output=x.txt", "a.md"],
    ["-p", "newsroom", "--policy", "house.yaml", "a.md"],
    ["--select", "eu-ai-act", "--select", "newsroom/vague-attribution", "--ignore", "claim", "a.md"],
    ["--ai", "generated", "--fail-on", "warning", "a.md"],
    ["--fail-on", "never", "--quiet", "--statistics", "a.md"],
    ["-q", "--no-progress", "-j", "3", "a.md"],
    ["--jobs", "1", "a.md"],
    ["--config", "cfg/.disclose.yaml", "a.md"],
    ["--baseline", "base.json", "--no-baseline", "--new-only", "a.md"],
    ["--fix", "a.md"],
    ["--diff", "a.md"],
    ["--changed-since", "origin/main"],
    ["--stdin-filename", "story.md", "-"],
    ["--format", "json", "--format", "text", "a.md"],  # the last one wins, as in click
    ["a.md", "--format", "json", "b.md"],  # options between arguments
]

HANDED_TO_TYPER = [
    ["--help"],
    ["--format", "yaml", "a.md"],  # not a choice: typer's error message
    ["--jobs", "0", "a.md"],
    ["--jobs", "two", "a.md"],
    ["--format"],  # missing value
    ["-fjson", "a.md"],  # attached short value
    ["--quiet=yes", "a.md"],
    ["--output", "-x", "a.md"],
    ["--", "-odd-name.md"],
    ["--unknown", "a.md"],
]


def through_typer(args: list[str], monkeypatch) -> dict:
    seen = {}

    def record(**params):
        seen.update(params)
        return 0

    monkeypatch.setattr(entry, "run_lint_command", record)
    result = CliRunner().invoke(app, ["lint", *args])
    assert result.exit_code == 0, result.output
    return seen


@pytest.mark.parametrize("args", COMMAND_LINES, ids=lambda a: " ".join(a) or "(none)")
def test_fast_path_reads_the_command_line_as_typer_does(args, monkeypatch):
    fast = entry.parse_lint(args)
    assert fast is not None
    assert fast == through_typer(args, monkeypatch)


@pytest.mark.parametrize("args", HANDED_TO_TYPER, ids=" ".join)
def test_anything_unusual_goes_to_typer(args):
    assert entry.parse_lint(args) is None


def test_the_installed_command_uses_the_fast_path_and_still_knows_everything(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("Harbour reopens\n\nThe harbour reopened on Monday, the port authority said.\n", encoding="utf-8")
    fast = subprocess.run([sys.executable, "-m", "disclose", "lint", str(article), "--format", "json"],
                          capture_output=True, text=True)
    assert fast.returncode in (0, 1) and '"summary"' in fast.stdout
    # typer is not even imported on the fast path
    probe = subprocess.run([sys.executable, "-c", "import sys, runpy; sys.argv = ['disclose', 'lint', sys.argv[1], "
                            "'--format', 'json']; \ntry:\n runpy.run_module('disclose', run_name='__main__')\n"
                            "except SystemExit:\n pass\nprint('typer' in sys.modules, file=sys.stderr)", str(article)],
                           capture_output=True, text=True)
    assert probe.stderr.strip().endswith("False"), probe.stderr
    helped = subprocess.run([sys.executable, "-m", "disclose", "lint", "--help"], capture_output=True, text=True)
    assert helped.returncode == 0 and "--fail-on" in helped.stdout
    wrong = subprocess.run([sys.executable, "-m", "disclose", "lint", "--format", "yaml", str(article)],
                           capture_output=True, text=True)
    assert wrong.returncode == 2 and "yaml" in wrong.stderr
