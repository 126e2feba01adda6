"""``lint --fix`` / ``--diff``: the right edits, written atomically, keeping encoding, line
endings and mode; nothing written when there is nothing to fix or the file changed meanwhile."""

from __future__ import annotations

import codecs
import os
import stat

import pytest
from typer.testing import CliRunner

from disclose import atomic, fixer
from disclose.cli import app
from disclose.config import Config
from disclose.engine import Linter
from disclose.model import Fix
from disclose.policy import load_ruleset

runner = CliRunner()

BODY = ("The harbour reopened on Monday after storm repairs that took most of the winter to finish. "
        "Ships had queued outside the port for hours before the gates opened at dawn, and the first ferry "
        "left for the islands shortly after seven in the morning with a full load of passengers and cars. "
        "Traders at the fish market welcomed the news and said business had been slow since the storm.\n")
DISCLOSURE = "This article was generated with AI."


def run(*args: str, input: str | None = None):
    return runner.invoke(app, list(args), input=input, env={"GITHUB_ACTIONS": ""})


def test_disclosure_inserted_after_title_in_plain_text(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text("Harbour reopens\n\n" + BODY, encoding="utf-8")
    res = run("lint", str(f), "--ai", "generated", "--fix", "--select", "eu-ai-act")
    assert res.exit_code == 0, res.output
    assert f.read_text(encoding="utf-8") == f"Harbour reopens\n\n{DISCLOSURE}\n\n" + BODY
    assert "Fixed 1 problem in 1 file." in res.stderr


def test_disclosure_at_the_end_is_moved_to_the_top(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text(f"Harbour reopens\n\n{BODY}\n{DISCLOSURE}\n", encoding="utf-8")
    assert run("lint", str(f), "--select", "disclosure-placement").exit_code == 1
    res = run("lint", str(f), "--fix", "--select", "disclosure-placement")
    assert res.exit_code == 0, res.output
    assert f.read_text(encoding="utf-8") == f"Harbour reopens\n\n{DISCLOSURE}\n\n{BODY}"


def test_markdown_gets_front_matter_mark_and_disclosure_and_keeps_crlf(tmp_path):
    f = tmp_path / "a.md"
    original = "---\r\ntitle: Harbour\r\n---\r\n# Harbour reopens\r\n\r\n" + BODY.replace("\n", "\r\n")
    f.write_bytes(original.encode("utf-8"))
    res = run("lint", str(f), "--ai", "generated", "--fix", "--select", "eu-ai-act")
    assert res.exit_code == 0, res.output
    assert f.read_bytes().decode("utf-8") == (
        "---\r\nai: generated\r\ntitle: Harbour\r\n---\r\n# Harbour reopens\r\n\r\n"
        f"{DISCLOSURE}\r\n\r\n" + BODY.replace("\n", "\r\n"))
    # the mark now decides the status: no --ai needed any more, and nothing is left to fix
    assert run("lint", str(f), "--select", "eu-ai-act").exit_code == 0


def test_html_gets_meta_tag_and_disclosure(tmp_path):
    f = tmp_path / "a.html"
    f.write_text("<html><head><title>T</title></head>\n<body><h1>Harbour</h1>\n<p>" + BODY.strip() + "</p>\n</body></html>\n",
                 encoding="utf-8")
    assert run("lint", str(f), "--ai", "generated", "--fix", "--select", "eu-ai-act").exit_code == 0
    text = f.read_text(encoding="utf-8")
    assert '<meta name="ai-disclosure" content="ai-generated">' in text
    assert f'<p class="ai-disclosure">{DISCLOSURE}</p>' in text
    assert text.index("ai-disclosure") < text.index("<title>")
    assert run("lint", str(f), "--select", "eu-ai-act").exit_code == 0


@pytest.mark.parametrize("codec, bom", [("utf-8", codecs.BOM_UTF8), ("utf-16-le", codecs.BOM_UTF16_LE),
                                        ("utf-16-be", codecs.BOM_UTF16_BE), ("cp1252", b"")])
def test_encoding_and_bom_are_kept(tmp_path, codec, bom):
    f = tmp_path / "a.txt"
    text = "Café reopens\r\n\r\n" + BODY.replace("harbour", "café’s harbour").replace("\n", "\r\n")
    f.write_bytes(bom + text.encode(codec))
    assert run("lint", str(f), "--ai", "generated", "--fix", "--select", "disclosure-missing").exit_code == 0
    data = f.read_bytes()
    assert data.startswith(bom)
    assert data[len(bom):].decode(codec) == f"Café reopens\r\n\r\n{DISCLOSURE}\r\n\r\n" + text.split("\r\n\r\n", 1)[1]


def test_unencodable_fix_is_refused(tmp_path):
    f = tmp_path / "a.txt"
    original = ("Café reopens\n\n" + BODY).encode("cp1252")
    f.write_bytes(original)
    policy = tmp_path / "p.yaml"
    policy.write_text("name: p\nextends: [eu-ai-act]\nrules:\n  disclosure-missing:\n"
                      "    fix: {at: top, text: \"本文由AI生成。\"}\n", encoding="utf-8")
    res = run("lint", str(f), "--policy", str(policy), "--ai", "generated", "--fix", "--select", "disclosure-missing")
    assert res.exit_code == 2 and "cannot hold" in res.stderr
    assert f.read_bytes() == original


def test_mode_is_kept_and_symlink_target_is_replaced(tmp_path):
    target = tmp_path / "real.txt"
    target.write_text("Harbour reopens\n\n" + BODY, encoding="utf-8")
    os.chmod(target, 0o640)
    link = tmp_path / "link.txt"
    link.symlink_to(target)
    assert run("lint", str(link), "--ai", "generated", "--fix", "--select", "disclosure-missing").exit_code == 0
    assert link.is_symlink() and DISCLOSURE in target.read_text(encoding="utf-8")
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert [p.name for p in tmp_path.iterdir() if "disclose-tmp" in p.name] == []


def test_nothing_to_fix_leaves_the_file_untouched(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text("Harbour\n\nThe harbour reopened on Monday, sources say.\n", encoding="utf-8")
    os.utime(f, (1_000_000_000, 1_000_000_000))
    res = run("lint", str(f), "--fix", "--fail-on", "warning")
    assert res.exit_code == 1  # the vague attribution has no fix and is still reported
    assert "newsroom/vague-attribution" in res.stdout
    assert f.stat().st_mtime == 1_000_000_000
    assert "Fixed 0 problems in 0 files." in res.stderr


def test_diff_prints_and_writes_nothing(tmp_path):
    f = tmp_path / "a.txt"
    original = "Harbour reopens\n\n" + BODY
    f.write_text(original, encoding="utf-8")
    res = run("lint", str(f), "--ai", "generated", "--diff", "--select", "disclosure-missing")
    assert res.exit_code == 1
    assert f"--- a/{f}\n+++ b/{f}\n" in res.stdout and f"+{DISCLOSURE}\n" in res.stdout
    assert f.read_text(encoding="utf-8") == original
    assert run("lint", str(f), "--diff", "--select", "disclosure-missing").exit_code == 0  # status unknown: no fix


def test_jsonl_and_stdin_are_not_rewritten(tmp_path):
    f = tmp_path / "c.jsonl"
    original = '{"id": "a", "title": "Harbour", "text": "The harbour reopened on Monday."}\n'
    f.write_text(original, encoding="utf-8")
    res = run("lint", str(f), "--ai", "generated", "--fix")
    assert "do not rewrite JSONL records" in res.stderr and f.read_text(encoding="utf-8") == original
    res = run("lint", "-", "--ai", "generated", "--fix", input="Harbour\n\nThe harbour reopened.\n")
    assert "do not rewrite standard input" in res.stderr
    assert "eu-ai-act/disclosure-missing" in res.stdout  # still linted and reported


def _fix_of(tmp_path, text: str):
    f = tmp_path / "a.txt"
    f.write_text(text, encoding="utf-8")
    linter = Linter(load_ruleset(["eu-ai-act"]), select=["disclosure-missing"])
    data = f.read_bytes()
    return f, data, fixer.fix_file(str(f), data, linter, ("generated", "cli"), Config())


def test_file_changed_on_disk_meanwhile_is_not_overwritten(tmp_path):
    f, data, fix = _fix_of(tmp_path, "Harbour reopens\n\n" + BODY)
    assert fix is not None and fix.fixes == 1
    f.write_text("Edited by someone else.\n", encoding="utf-8")
    with pytest.raises(fixer.FixError, match="changed on disk"):
        fixer.write_fix(fix, data)
    assert f.read_text(encoding="utf-8") == "Edited by someone else.\n"
    assert [p.name for p in tmp_path.iterdir()] == ["a.txt"]


@pytest.mark.parametrize("crash", [KeyboardInterrupt, OSError])
def test_crash_between_write_and_replace_leaves_the_old_file(tmp_path, monkeypatch, crash):
    original = "Harbour reopens\n\n" + BODY
    f, data, fix = _fix_of(tmp_path, original)

    def boom(src, dst):
        assert open(src, encoding="utf-8").read() == fix.after  # the new file was complete
        raise crash("killed")

    monkeypatch.setattr(atomic.os, "replace", boom)
    with pytest.raises(crash):
        fixer.write_fix(fix, data)
    assert f.read_text(encoding="utf-8") == original
    assert [p.name for p in tmp_path.iterdir()] == ["a.txt"]  # no temporary file left behind
    monkeypatch.undo()
    fixer.write_fix(fix, data)
    assert f.read_text(encoding="utf-8") == fix.after


def test_overlapping_fixes_are_applied_one_per_pass():
    text = "abcdef"
    a = Fix([(0, 0, "X")], "a")
    b = Fix([(0, 0, "Y")], "b")  # same insertion point: held back
    c = Fix([(2, 4, "Z")], "c")
    d = Fix([(3, 5, "W")], "d")  # overlaps c
    new, n = fixer.apply_fixes(text, [a, b, c, d, Fix([(2, 4, "Z")], "c again")])
    assert (new, n) == ("XabZef", 2)
