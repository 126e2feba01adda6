"""Policies are data, never code: loading one from another repository is safe.

``safe_load`` semantics only (Python tags rejected), alias bombs and deep nesting refused, sizes
bounded, no FIFOs or devices opened; user regular expressions (in rules and in lexicons) compile
at load time with file:line errors and run with a time limit; disclose opens no network
connection.
"""

from __future__ import annotations

import json
import socket
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from disclose import limits, runlog
from disclose.cli import app
from disclose.engine import Linter
from disclose.policy import PolicyError, load_ruleset
from disclose.readers import parse

runner = CliRunner()


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def load_error(path: Path) -> PolicyError:
    with pytest.raises(PolicyError) as exc:
        load_ruleset([str(path)])
    return exc.value


# -- YAML: data, never code ---------------------------------------------------------------------

@pytest.mark.parametrize("tag", [
    "!!python/object/apply:os.system ['touch owned']",
    "!!python/name:os.system",
    "!!python/object/new:subprocess.Popen [['touch', 'owned']]",
    "!!python/module:os",
])
def test_python_tags_are_rejected_and_nothing_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, tag: str) -> None:
    monkeypatch.chdir(tmp_path)
    policy = write(tmp_path, "p.yaml", f"name: p\nrules:\n  r: {tag}\n")
    err = load_error(policy)
    assert err.line == 3 and "never code" in err.message
    assert not (tmp_path / "owned").exists()


def test_alias_bomb_is_refused_fast(tmp_path: Path) -> None:
    """Nine levels of nine aliases would expand to 9^9 = 387 million nodes."""
    lines = ["name: bomb", 'a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, 10):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]")
    policy = write(tmp_path, "bomb.yaml", "\n".join(lines) + "\n")
    started = time.monotonic()
    err = load_error(policy)
    assert time.monotonic() - started < 5
    assert err.line == 3 and "aliases" in err.message


@pytest.mark.parametrize("body", ["x: " + "[" * 100_000, "x:\n" + "".join("  " * i + "- \n" for i in range(200)),
                                  "x: " + "{a: " * 5_000])
def test_deep_nesting_is_an_error_not_a_crash(tmp_path: Path, body: str) -> None:
    policy = write(tmp_path, "deep.yaml", "name: deep\n" + body + "\n")
    err = load_error(policy)
    assert "nested" in err.message or "expected" in err.message
    assert err.line is not None


def test_size_bound(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import disclose.policy.yamlload as yamlload

    monkeypatch.setattr(yamlload, "MAX_POLICY_BYTES", 2000)
    policy = write(tmp_path, "big.yaml", "name: big\ndescription: " + "x" * 3000 + "\n")
    assert "larger than" in load_error(policy).message


def test_a_device_or_fifo_is_never_opened_as_a_policy(tmp_path: Path) -> None:
    if Path("/dev/zero").exists():
        with pytest.raises(PolicyError):  # refused at once, never read
            load_ruleset(["/dev/zero"])
    policy = write(tmp_path, "p.yaml", "name: p\nextends: [core]\nlexicons:\n  claim-cues: {file: /dev/zero}\n")
    err = load_error(policy)
    assert err.line == 4 and "not a regular file" in err.message


def test_policy_check_reports_one_line_and_exit_2(tmp_path: Path) -> None:
    bomb = write(tmp_path, "bomb.yaml", "name: b\na: &a [1]\nb: *a\n")
    code = write(tmp_path, "code.yaml", "name: c\nrules: !!python/object/apply:os.getcwd []\n")
    result = runner.invoke(app, ["policy", "check", str(bomb), str(code)])
    assert result.exit_code == 2 and (result.exception is None or isinstance(result.exception, SystemExit))
    lines = result.stderr.strip().splitlines()
    assert lines == [f"{bomb}:3: YAML aliases (*name) are not allowed",
                     f"{code}:2: tags such as !!python are not allowed: this is data, never code"]


# -- user regular expressions in lexicons ---------------------------------------------------------

def test_bad_pattern_added_to_a_lexicon_names_file_line_and_item(tmp_path: Path) -> None:
    policy = write(tmp_path, "p.yaml", "name: p\nextends: [newsroom]\nlexicons:\n  vague-sources:\n    add:\n"
                                       "      hedges: [allegedly]\n      passive_patterns: ['it is (said', ok]\n")
    err = load_error(policy)
    assert (err.path, err.line) == (str(policy), 7)
    assert err.message.startswith("lexicons.vague-sources.add.passive_patterns[0]: invalid regular expression")


def test_literal_words_may_contain_regex_characters(tmp_path: Path) -> None:
    """Only pattern lists are regular expressions; a hedge such as "(allegedly" is a word."""
    policy = write(tmp_path, "p.yaml", "name: p\nextends: [newsroom]\nlexicons:\n  vague-sources:\n"
                                       "    add: {hedges: ['(allegedly']}\n")
    load_ruleset([str(policy)])


@pytest.mark.parametrize("items, message", [("[1, 2]", "expected a non-empty string"),
                                            ("[{a: b}]", "expected a non-empty string"),
                                            ("['  ']", "expected a non-empty string")])
def test_non_string_lexicon_items_are_load_errors(tmp_path: Path, items: str, message: str) -> None:
    policy = write(tmp_path, "p.yaml", f"name: p\nextends: [newsroom]\nlexicons:\n  claim-cues:\n    remove:\n"
                                       f"      strong: {items}\n")
    err = load_error(policy)
    assert err.line == 6 and message in err.message


def test_replacement_lexicon_file_is_checked(tmp_path: Path) -> None:
    write(tmp_path, "cues.yaml", "signals:\n  number:\n    patterns: ['\\d+']\n  odd:\n    patterns: ['(x']\n")
    policy = write(tmp_path, "p.yaml", "name: p\nextends: [newsroom]\nlexicons:\n  claim-cues: {file: cues.yaml}\n")
    err = load_error(policy)
    assert (Path(err.path).name, err.line) == ("cues.yaml", 5)
    assert "signals.odd.patterns[0]: invalid regular expression" in err.message


@pytest.mark.parametrize("key, read_as", [("no", "bool"), ("True", "bool"), ("2024", "int"), ("null", "NoneType")])
def test_a_lexicon_key_yaml_reads_as_no_word_is_a_load_error(tmp_path: Path, key: str, read_as: str) -> None:
    """An unquoted ``no:`` is the boolean false to YAML: the word would never match, silently."""
    write(tmp_path, "subj.yaml", f"words:\n  calm: [0.5, 0.6]\n  {key}: [0.4, 0.6]\n")
    policy = write(tmp_path, "p.yaml", "name: p\nextends: [newsroom]\nlexicons:\n  subjectivity: {file: subj.yaml}\n")
    err = load_error(policy)
    assert (Path(err.path).name, err.line) == ("subj.yaml", 3)
    assert f"YAML reads this key as {read_as}" in err.message and "quote it" in err.message
    write(tmp_path, "subj.yaml", f"words:\n  calm: [0.5, 0.6]\n  '{key}': [0.4, 0.6]\n")
    load_ruleset([str(policy)])  # quoted, it is a word


@pytest.mark.parametrize("item, read_as", [("on", "bool"), ("no", "bool"), ("~", "NoneType")])
def test_a_lexicon_word_yaml_reads_as_no_word_is_a_load_error(tmp_path: Path, item: str, read_as: str) -> None:
    """An unquoted ``on`` in a word list is the boolean true to YAML: the word would be lost."""
    write(tmp_path, "style.yaml", f"function_words: [the, of,\n  {item}, at]\n")
    policy = write(tmp_path, "p.yaml", "name: p\nextends: [newsroom]\nlexicons:\n  style: {file: style.yaml}\n")
    err = load_error(policy)
    assert Path(err.path).name == "style.yaml" and err.line == 1
    assert f"function_words[2]: YAML reads this item as {read_as}" in err.message and "quote it" in err.message


def test_a_lexicon_of_the_wrong_shape_is_a_load_error_naming_the_policy(tmp_path: Path) -> None:
    write(tmp_path, "cues.yaml", "signals: [number, superlative]\n")
    policy = write(tmp_path, "p.yaml", "name: p\nextends: [newsroom]\nlexicons:\n  claim-cues: {file: cues.yaml}\n")
    err = load_error(policy)
    assert (err.path, err.line) == (str(policy), 4)
    assert "lexicons.claim-cues: the changed lexicon cannot be used" in err.message


def test_a_broken_disclosure_lexicon_is_a_load_error(tmp_path: Path) -> None:
    write(tmp_path, "disc.yaml", "languages:\n  en:\n    patterns: [{id: x, kind: generated, regex: '{nope}'}]\n")
    policy = write(tmp_path, "p.yaml", "name: p\nextends: [eu-ai-act]\nlexicons:\n  disclosure: {file: disc.yaml}\n")
    err = load_error(policy)
    assert err.line == 4 and "disclosure" in err.message


def test_phrase_rule_over_a_lexicon_with_non_string_terms(tmp_path: Path) -> None:
    write(tmp_path, "words.yaml", "terms: [fine, 3]\n")
    policy = write(tmp_path, "p.yaml", "name: p\nextends: [core]\nlexicons:\n  my-words: {file: words.yaml}\n"
                                       "rules:\n  w: {kind: phrase, lexicon: my-words, message: m}\n")
    assert "must be a list of strings" in load_error(policy).message


CATASTROPHIC = "(a|aa)+$"  # exponential backtracking on a run of a's not followed by the end
SLOW_TEXT = "Title\n\nThe test " + "a" * 40 + "! It is said to work. Done.\n\n" + "a" * 40 + "!\n"


@pytest.mark.parametrize("lexicon, where", [
    ("vague-sources", "passive_patterns"),
    ("boilerplate", "lines"),
])
def test_a_slow_lexicon_pattern_times_out_once_and_the_lint_completes(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lexicon: str, where: str) -> None:
    monkeypatch.setattr(limits, "LEXICON_PATTERN_TIMEOUT", 0.05)
    policy = write(tmp_path, "p.yaml", f"name: p\nextends: [newsroom]\nlexicons:\n  {lexicon}:\n"
                                       f"    add: {{{where}: ['{CATASTROPHIC}']}}\n")
    linter = Linter(load_ruleset([str(policy)]))
    runlog.drain()
    started = time.monotonic()
    result = linter.lint(parse(SLOW_TEXT, "a.txt", "txt"))
    again = linter.lint(parse(SLOW_TEXT, "b.txt", "txt"))
    assert time.monotonic() - started < 20
    messages = runlog.drain()
    assert len(messages) == 1 and messages[0].startswith(f"lexicon {lexicon}: a pattern took longer than")
    assert [v.rule for v in result.violations] == [v.rule for v in again.violations]


def test_slow_lexicon_pattern_through_the_cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "LEXICON_PATTERN_TIMEOUT", 0.05)
    policy = write(tmp_path, "p.yaml", "name: p\nextends: [newsroom]\nlexicons:\n  claim-cues:\n    add: {strong: [number]}\n"
                                       "  vague-sources:\n    add: {passive_patterns: ['" + CATASTROPHIC + "']}\n")
    for i in range(3):
        write(tmp_path, f"a{i}.txt", SLOW_TEXT + "Sources say it works.\n")
    runlog.drain()
    result = runner.invoke(app, ["lint", str(tmp_path), "--policy", str(policy), "--format", "json"])
    assert result.exit_code in (0, 1), result.output
    report = json.loads(result.stdout)
    assert len(report["files"]) == 3 and report["errors"] == []
    assert result.stderr.count("lexicon vague-sources: a pattern took longer than") == 1


def test_phrase_rule_timeout_scales_with_text_size() -> None:
    """Linear scanning of a 6 MB block is not mistaken for catastrophic backtracking: the time
    limit is per megabyte searched."""
    from disclose import checks
    from disclose.model import Analysis
    from tests.helpers import make_ruleset

    text = "Title\n\n" + "As an example of nothing, words go on. " * 150_000 + "As an AI language model, I cannot.\n"
    doc = parse(text, "big.txt", "txt")
    rule = make_ruleset({"kind": "phrase", "lexicon": "chatbot-leftovers"}).rules["t/r"]
    started = time.perf_counter()
    list(rule.prepared.finditer(doc.blocks[1].text))
    scan = time.perf_counter() - started
    rule.options["timeout"] = scan / 2  # a flat limit this short would cut the scan off
    analysis = Analysis(document=doc, ai_status="unknown", ai_status_source="none", sentences=[],
                        disclosures=[], tells=[], tells_score=0.0, tells_suspected=False)
    runlog.drain()
    findings = list(checks.get("phrase").check(rule, analysis))
    assert len(findings) == 1 and runlog.drain() == []


# -- no network -------------------------------------------------------------------------------------

def test_lint_and_policy_loading_open_no_socket(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args, **kwargs):
        raise AssertionError("disclose tried to open a network connection")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    write(tmp_path, "a.html", '<html><head><meta name="ai-disclosure" content="ai-generated">'
                              '<link rel="stylesheet" href="https://example.org/x.css">'
                              '<script type="application/ld+json">{"@context": "https://schema.org"}</script></head>'
                              '<body><p>Sources say so. See https://example.org/source.</p></body></html>')
    write(tmp_path, "b.md", "---\nai: generated\n---\n# T\n\nRead [this](https://example.org).\n")
    policy = write(tmp_path, "p.yaml", "name: p\nextends: [newsroom, eu-ai-act, cn-labeling]\n"
                                       "references: {x: 'https://example.org/policy'}\n")
    result = runner.invoke(app, ["lint", str(tmp_path), "--policy", str(policy), "--format", "json"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert len(json.loads(result.stdout)["files"]) == 2


# -- configuration globs ----------------------------------------------------------------------------

def test_hostile_globs_in_a_config_cannot_hang_the_walk(tmp_path: Path) -> None:
    """``**/**/**/…`` or ``*a*a*a…b`` compiled to a backtracking regex take hours on a long path;
    globs are matched segment by segment instead (``readers.globs``, what ``Config`` uses)."""
    from disclose.config import Config

    deep = tmp_path.joinpath(*["a"] * 30)
    deep.mkdir(parents=True)
    (deep / "y.md").write_text("Title\n\nSources say so.\n", encoding="utf-8")
    (deep / ("a" * 60 + ".md")).write_text("Title\n\nSources say so.\n", encoding="utf-8")
    globs = ["**/" * 15 + "x.md", "*a*a*a*a*a*a*a*a*a*a*a*a*b.md"]
    config = Config(path=tmp_path / ".disclose.yaml", include=globs, exclude=["**/" * 15 + "z"])
    started = time.monotonic()
    assert not config.included(str(deep / "y.md")) and not config.included(str(deep / ("a" * 60 + ".md")))
    assert time.monotonic() - started < 5
    write(tmp_path, ".disclose.yaml", "include: [" + ", ".join(f"'{g}'" for g in globs) + "]\n"
                                      "exclude: ['" + "**/" * 15 + "z']\n")
    started = time.monotonic()
    result = runner.invoke(app, ["lint", str(tmp_path), "--format", "json"])
    assert result.exit_code == 0 and time.monotonic() - started < 20
    assert json.loads(result.stdout)["files"] == []  # nothing included
    config = Config(path=tmp_path / ".disclose.yaml", include=["**/" * 15 + "y.md"], exclude=["**/" * 15 + "z"])
    assert config.included(str(deep / "y.md")) and not config.included(str(deep / ("a" * 60 + ".md")))