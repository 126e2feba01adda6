"""The command line: formats, exit codes, stdin, rules/explain/policy check (contract §2–§5)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from disclose.cli import app

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples"
runner = CliRunner()

BODY = ("The harbour reopened on Monday after storm repairs that took most of the winter to finish. "
        "Ships had queued outside the port for hours before the gates opened at dawn, and the first ferry "
        "left for the islands shortly after seven in the morning with a full load of passengers and cars. "
        "Traders at the fish market welcomed the news and said business had been slow since the storm.\n")
GENERATED = "Harbour reopens\n\n" + BODY + "\nThis article was generated with AI.\n"
CLEAN = "Harbour reopens\n\nThis article was generated with AI.\n\nThe harbour reopened on Monday after repairs, the port authority said.\n"


def run(*args: str, input: str | None = None):
    return runner.invoke(app, list(args), input=input)


def test_lint_json_report_shape(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text(GENERATED, encoding="utf-8")
    res = run("lint", str(f), "--format", "json", "--select", "eu-ai-act")
    assert res.exit_code == 1, res.output
    report = json.loads(res.output)
    assert report["version"] == 1 and report["tool"]["name"] == "disclose"
    assert report["policies"] == ["newsroom", "eu-ai-act"]
    [file] = report["files"]
    assert file["path"] == str(f) and file["id"] is None
    assert file["ai_status"] == "generated" and file["ai_status_source"] == "text"
    [v] = file["violations"]
    assert v["rule"] == "eu-ai-act/disclosure-placement" and v["severity"] == "error" and v["kind"] == "disclosure"
    assert GENERATED[v["start"]:v["end"]] == "This article was generated with AI."
    assert (v["line"], v["column"], v["end_line"], v["end_column"]) == (5, 1, 5, 36)
    assert v["reference"] == "EU AI Act, Article 50(5)" and v["fingerprint"]
    assert report["errors"] == []
    assert report["summary"] == {"files": 1, "violations": 1, "error": 1, "warning": 0, "info": 0}


def test_exit_codes_and_fail_on(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text(CLEAN, encoding="utf-8")
    assert run("lint", str(f)).exit_code == 0
    g = tmp_path / "b.txt"
    g.write_text("Harbour\n\nThe harbour reportedly reopened on Monday.\n", encoding="utf-8")
    assert run("lint", str(g)).exit_code == 0  # a warning only
    assert run("lint", str(g), "--fail-on", "warning").exit_code == 1
    assert run("lint", str(f), str(g), "--fail-on", "never", "--ai", "generated").exit_code == 0
    assert run("lint", str(tmp_path / "missing.txt")).exit_code == 2
    assert run("lint", str(f), "--policy", "no-such-policy").exit_code == 2


def test_ai_option_select_and_ignore(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text("Harbour\n\nThe harbour reopened on Monday after storm repairs.\n", encoding="utf-8")
    res = run("lint", str(f), "--ai", "generated", "--format", "json")
    rules = [v["rule"] for v in json.loads(res.output)["files"][0]["violations"]]
    assert "eu-ai-act/disclosure-missing" in rules
    assert json.loads(res.output)["files"][0]["ai_status_source"] == "cli"
    res = run("lint", str(f), "--ai", "generated", "--format", "json", "--ignore", "eu-ai-act")
    assert json.loads(res.output)["files"][0]["violations"] == []
    res = run("lint", str(f), "--ai", "generated", "--format", "json", "--select", "disclosure-missing")
    assert [v["rule"] for v in json.loads(res.output)["files"][0]["violations"]] == ["eu-ai-act/disclosure-missing"]


def test_stdin_with_filename():
    res = run("lint", "-", "--stdin-filename", "story.md", "--format", "json",
              input="---\nai: generated\n---\n# Harbour\n\nThe harbour reopened on Monday.\n")
    file = json.loads(res.output)["files"][0]
    assert file["path"] == "story.md" and file["ai_status_source"] == "metadata"
    assert "eu-ai-act/disclosure-missing" in [v["rule"] for v in file["violations"]]


def test_text_output_is_ruff_style(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text(GENERATED, encoding="utf-8")
    res = run("lint", str(f), "--select", "disclosure")
    lines = res.output.splitlines()
    assert lines[0].startswith(f"{f}:5:1: error eu-ai-act/disclosure-placement ")
    assert lines[2] == "5 | This article was generated with AI."
    assert lines[3] == "  | " + "^" * len("This article was generated with AI.")
    assert "\x1b[" not in res.output  # no colour when not on a terminal
    assert lines[-1].startswith("Found 1 problem (1 error) in 1 of 1 file")


def test_analyze_json_and_text(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text("Harbour\n\nAccording to Reuters, exports rose by 12 percent. Officials reportedly agreed.\n", encoding="utf-8")
    res = run("analyze", str(f))
    assert res.exit_code == 0
    data = json.loads(res.output)
    assert set(data) >= {"path", "id", "ai_status", "ai_status_source", "disclosures", "ai_tells", "sentences"}
    s1, s2 = data["sentences"][1:3]
    assert s1["attribution"]["named"] is True and s1["attribution"]["source"] == "Reuters"
    assert s1["claim"]["checkworthy"] is True and "number" in s1["claim"]["signals"] and 0.5 < s1["claim"]["score"] <= 1
    assert s1["supported"] is True
    assert any(v["kind"] == "hedge" and v["text"] == "reportedly" for v in s2["vague"])
    text = run("analyze", str(f), "--format", "text").output
    assert "attributed: cue “According to”, source “Reuters” (named)" in text
    assert "vague (hedge): “reportedly”" in text


def test_analyze_jsonl_streams_one_object_per_record(tmp_path):
    f = tmp_path / "c.jsonl"
    f.write_text('{"id": "a", "text": "One.\\n\\nThe harbour reopened."}\n{"id": "b", "text": "Two.\\n\\nThe bridge closed."}\n', encoding="utf-8")
    out = run("analyze", str(f)).output.splitlines()
    assert [json.loads(line)["id"] for line in out] == ["a", "b"]


def test_rules_explain_and_policy_check(tmp_path):
    res = run("rules")
    assert res.exit_code == 0 and "eu-ai-act/disclosure-placement" in res.output and "newsroom/unsupported-claim" in res.output
    res = run("explain", "eu-ai-act/disclosure-placement")
    assert res.exit_code == 0 and "Article 50(5)" in res.output and "About the `disclosure` kind" in res.output
    assert run("explain", "claim").exit_code == 0
    assert run("explain", "no-such-rule").exit_code == 2
    # The editor's definition is in the rule's documentation; a variant policy that lowers the
    # floor (newsroom-strict) changes it only when asked for.
    res = run("explain", "newsroom/unsupported-claim")
    assert "routine public record" in res.output and "min_confidence=-1.0" in res.output
    assert "min_confidence=0.3" in run("explain", "unsupported-claim", "--policy", "newsroom-strict").output
    good = tmp_path / "good.yaml"
    good.write_text("name: good\nextends: [newsroom]\nrules:\n  unsupported-claim: {severity: info}\n", encoding="utf-8")
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: bad\nrules:\n  r:\n    kind: claim\n    message: m\n    colour: red\n", encoding="utf-8")
    res = runner.invoke(app, ["policy", "check", str(good), str(bad)])
    assert res.exit_code == 2
    assert f"{bad}:6: rules.r: unknown key 'colour'" in res.output


def test_config_file_sets_policies_and_ai(tmp_path):
    (tmp_path / ".disclose.yaml").write_text("policies: [eu-ai-act]\nai: generated\nfail_on: warning\n", encoding="utf-8")
    f = tmp_path / "news" / "a.txt"
    f.parent.mkdir()
    f.write_text("Harbour\n\nThe harbour reportedly reopened on Monday.\n", encoding="utf-8")
    res = run("lint", str(f), "--format", "json")
    report = json.loads(res.output)
    assert report["policies"] == ["eu-ai-act"]
    assert report["files"][0]["ai_status"] == "generated" and report["files"][0]["ai_status_source"] == "config"
    assert [v["rule"] for v in report["files"][0]["violations"]] == ["eu-ai-act/disclosure-missing"]
    assert res.exit_code == 1


def test_python_dash_m_entry_point(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text(CLEAN, encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "disclose", "lint", str(f)], capture_output=True, text=True,
                          env={**os.environ, "NO_COLOR": "1"})
    assert proc.returncode == 0, proc.stderr
    assert "All clear" in proc.stdout


def test_analyze_text_says_where_a_claims_support_comes_from(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text("Harbour\n\nThe port authority said on Monday that trade was recovering. "
                 "Exports rose by 12 percent in May.\n\nImports fell by 8 percent in June.\n", encoding="utf-8")
    text = run("analyze", str(f), "--format", "text").output
    assert "supported by the named source “The port authority” in the sentence before (line 3)" in text
    assert "UNSUPPORTED: no named source in the sentence or its allowed context" in text


# -- one command line: the typer app reads every option, without pydantic for plain values ----------

LINT_COMMAND_LINES = [
    [],
    ["a.md"],
    ["a.md", "b.txt", "-"],
    ["--format", "json", "a.md"],
    ["-f", "sarif", "-o", "out.sarif", "docs"],
    ["--format=github", "--output=x.txt", "a.md"],
    ["-fjson", "a.md"],
    ["-p", "newsroom", "--policy", "house.yaml", "a.md"],
    ["--select", "eu-ai-act", "--select", "newsroom/vague-attribution", "--ignore", "claim", "a.md"],
    ["--ai", "generated", "--fail-on", "warning", "a.md"],
    ["--fail-on", "never", "--quiet", "--statistics", "a.md"],
    ["-q", "--no-progress", "-j", "3", "a.md"],
    ["--jobs", "1", "a.md"],
    ["--jobs", "03", "a.md"],
    ["--jobs", "+2", "a.md"],  # unusual: typer's own coercion reads it
    ["--config", "cfg/.disclose.yaml", "a.md"],
    ["--config", ""],
    ["--baseline", "base.json", "--no-baseline", "--new-only", "a.md"],
    ["--fix", "a.md"],
    ["--diff", "a.md"],
    ["--changed-since", "origin/main"],
    ["--stdin-filename", "story.md", "-"],
    ["--format", "json", "--format", "text", "a.md"],  # the last one wins, as in click
    ["a.md", "--format", "json", "b.md"],  # options between arguments
    ["--", "-odd-name.md"],
    ["a.md", "--sources", "s1.txt", "srcs", "--format", "json"],  # contract §8: the paths after it
    ["--sources", "s1.txt", "--", "-odd.md"],
]


def lint_options(args: list[str], monkeypatch, *, plain: bool = True):
    """The LintOptions ``disclose lint ARGS`` runs with (nothing is linted)."""
    from disclose import clivalues, fixer, runner as run_layer

    seen = []
    monkeypatch.setattr(run_layer, "run_lint", lambda options: seen.append(options) or 0)
    monkeypatch.setattr(fixer, "run_fix", lambda options, diff: seen.append(options) or 0)
    if not plain:  # typer's own (pydantic) coercion for every parameter
        monkeypatch.setattr(clivalues, "plain_values", lambda params: params)
    result = runner.invoke(app, ["lint", *args])
    assert result.exit_code == 0, result.output
    return seen[0]


@pytest.mark.parametrize("args", LINT_COMMAND_LINES, ids=lambda a: " ".join(a) or "(none)")
def test_plain_values_are_what_typer_reads(args, monkeypatch):
    assert lint_options(args, monkeypatch) == lint_options(args, monkeypatch, plain=False)


def test_lint_options_from_the_command_line(monkeypatch):
    options = lint_options(["a.md", "-f", "json", "-p", "newsroom", "-j", "2", "--ai", "assisted", "--config", "c.yaml",
                            "--sources", "s1", "s2", "--no-progress"], monkeypatch)
    assert options.paths == ["a.md"] and options.format == "json" and options.policies == ["newsroom"]
    assert options.jobs == 2 and options.ai == "assisted" and options.config == Path("c.yaml")
    assert options.sources == ["s1", "s2"] and options.progress is False
    assert lint_options([], monkeypatch).paths == ["."]


def test_plain_values_agree_with_typer_on_every_parameter():
    """Each parameter of each command, on plain and odd values: the plain coercion gives typer's
    value or hands the value to typer."""
    import typer.main
    from typer._coercion import build_runtime_param  # typer's own coercion, for comparison
    from typer._click import Context
    from typer._click.exceptions import BadParameter

    from disclose.clivalues import TYPER_DECIDES, PlainValues

    samples = [None, "", "a.md", "-", "json", "JSON", "yaml", "generated", "never", "0", "1", "2", "3", "03", "+3", "-1",
               "1.5", "65536", "x y", 8750, 5.0, (), ("a", "b"), ("json",), ("1", "2"), ["s"], Path("p")]
    group = typer.main.get_command(app)
    checked = 0
    for command in [*group.commands.values(), *group.commands["policy"].commands.values()]:
        if not hasattr(command, "params") or command.name == "policy":
            continue
        ctx = Context(command)
        for param in command.params:
            if not hasattr(param, "type_descriptor"):
                continue
            plain = PlainValues(param.type_descriptor)
            typer_own = build_runtime_param(param.type_descriptor)
            for value in samples:
                got = plain.plain(value, param, ctx)
                if got is TYPER_DECIDES:
                    continue
                try:
                    expected = typer_own.coerce(value, param=param, ctx=ctx)
                except BadParameter:
                    pytest.fail(f"{command.name} {param.name}: {value!r} read as {got!r}, typer rejects it")
                assert (got, type(got)) == (expected, type(expected)), (command.name, param.name, value)
                checked += 1
    assert checked > 100


@pytest.mark.parametrize("args, message", [
    (["lint", "a.md", "--unknown"], "Error: No such option: --unknown"),
    (["lint", "a.md", "--format", "yaml"], "Error: Invalid value for '--format' / '-f': Value error, 'yaml' is not one of"),
    (["lint", "a.md", "--jobs", "0"], "Error: Invalid value for '--jobs' / '-j': Input should be greater than or equal to 1"),
    (["lint", "a.md", "--jobs", "two"], "Error: Invalid value for '--jobs' / '-j': Input should be a valid integer"),
    (["lint", "a.md", "--ai", "bogus"], "Error: Invalid value for '--ai': Value error, 'bogus' is not one of"),
    (["lint", "a.md", "--fail-on", "Warning"], "Error: Invalid value for '--fail-on'"),
    (["lint", "a.md", "--format"], "Error: Option '--format' requires an argument."),
    (["lint", "a.md", "--quiet=yes"], "Error: Option '--quiet' does not take a value."),
    (["analyze", "a.md", "-f", "html"], "Error: Invalid value for '--format' / '-f': Value error, 'html' is not one of"),
    (["analyze"], "Error: Missing argument 'paths'."),
    (["audit", "a.md", "--jobs", "0"], "Error: Invalid value for '--jobs' / '-j': Input should be greater than or equal to 1"),
    (["serve", "--port", "99999"], "Error: Invalid value for '--port': Input should be less than or equal to 65535"),
    (["nosuchcommand"], "Error: No such command 'nosuchcommand'."),
])
def test_usage_errors_exit_2_with_one_clear_line(args, message, monkeypatch):
    from disclose import runner as run_layer

    monkeypatch.setattr(run_layer, "run_lint", lambda options: pytest.fail("a usage error must not lint"))
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert result.stdout == ""
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1 and errors[0].startswith(message), result.stderr


def test_interrupt_says_so_and_exits_130(tmp_path, monkeypatch):
    from disclose import runner as run_layer

    def interrupted(options):
        raise KeyboardInterrupt

    monkeypatch.setattr(run_layer, "run_lint", interrupted)
    result = runner.invoke(app, ["lint", "a.md"])
    assert result.exit_code == 130 and result.stderr.strip() == "disclose: interrupted"


def test_the_installed_command_lints_without_pydantic_and_still_knows_everything(tmp_path):
    """``python -m disclose`` (what the console script runs): a lint answers without importing
    pydantic; help and typer's usage errors are still there."""
    article = tmp_path / "a.txt"
    article.write_text(CLEAN, encoding="utf-8")
    probe = subprocess.run(
        [sys.executable, "-c", "import sys, runpy; sys.argv = ['disclose', 'lint', sys.argv[1], '--format', 'json', "
         "'-j', '1', '--config', sys.argv[2]]\ntry:\n runpy.run_module('disclose', run_name='__main__')\n"
         "except SystemExit as exit:\n print(exit.code, 'pydantic' in sys.modules, file=sys.stderr)",
         str(article), str(tmp_path / "none.yaml")], capture_output=True, text=True)
    assert probe.stderr.split()[-2:] == ["2", "False"], probe.stderr  # the config's absence is the linter's error
    probe = subprocess.run(
        [sys.executable, "-c", "import sys, runpy; sys.argv = ['disclose', 'lint', sys.argv[1], '--format', 'json']\n"
         "try:\n runpy.run_module('disclose', run_name='__main__')\n"
         "except SystemExit as exit:\n print(exit.code, 'pydantic' in sys.modules, file=sys.stderr)", str(article)],
        capture_output=True, text=True)
    assert probe.stderr.split()[-2:] == ["0", "False"], probe.stderr
    assert json.loads(probe.stdout)["summary"]["files"] == 1
    helped = subprocess.run([sys.executable, "-m", "disclose", "lint", "--help"], capture_output=True, text=True)
    assert helped.returncode == 0 and "--fail-on" in helped.stdout and "--sources" in helped.stdout
    wrong = subprocess.run([sys.executable, "-m", "disclose", "lint", "--format", "yaml", str(article)],
                           capture_output=True, text=True)
    assert wrong.returncode == 2 and "'yaml' is not one of" in wrong.stderr and wrong.stdout == ""


def test_lint_options_are_declared_once():
    """The options lint shares with other commands are one declaration each (issue 15)."""
    source = (REPO / "src" / "disclose" / "cli.py").read_text(encoding="utf-8")
    for option in ('"--policy"', '"--config"', '"--ai"', '"--fail-on"', '"--select"', '"--ignore"',
                   '"--stdin-filename"', '"--sources"', '"--jobs"'):
        assert source.count(option) == 1, option
    assert not (REPO / "src" / "disclose" / "entry.py").exists()
