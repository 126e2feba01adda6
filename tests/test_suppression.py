"""Inline suppression (contract §7): disable/enable blocks, disable-next-line, front-matter and
JSONL-metadata ignores, and unused suppressions reported at info."""

from __future__ import annotations

from disclose.engine import Linter
from disclose.readers import parse, read_path
from tests.helpers import lint_text, make_ruleset

CLICKBAIT = {"kind": "phrase", "terms": ["shocking truth"]}
UNUSED = "disclose/unused-suppression"


def found(text: str, fmt: str = "md", rule: dict = CLICKBAIT) -> list[tuple[str, int]]:
    return [(v.rule, v.line) for v in lint_text(text, rule, fmt=fmt).violations]


def test_disable_enable_block_in_markdown():
    text = ("# Title\n\nThe shocking truth one.\n\n<!-- disclose-disable t/r -->\n\n"
            "The shocking truth two.\n\n<!-- disclose-enable t/r -->\n\nThe shocking truth three.\n")
    assert found(text) == [("t/r", 3), ("t/r", 11)]


def test_disable_without_enable_lasts_to_the_end_and_bare_disable_means_all_rules():
    text = "# Title\n\nThe shocking truth one.\n\n<!-- disclose-disable -->\n\nThe shocking truth two.\n"
    assert found(text) == [("t/r", 3)]


def test_selectors_short_name_kind_policy_and_several_ids():
    for selector in ("r", "phrase", "t", "t/r", "other-rule, r", "x/unknown r"):
        text = f"# Title\n\n<!-- disclose-disable-next-line {selector} -->\nThe shocking truth.\n"
        rules = [rule for rule, _ in found(text)]
        assert "t/r" not in rules, selector


def test_disable_next_line_covers_only_the_next_nonblank_line():
    text = ("# Title\n\n<!-- disclose-disable-next-line r -- quoting the headline -->\n\n"
            "The shocking truth one.\nThe shocking truth two.\n")
    assert found(text) == [("t/r", 6)]


def test_other_rules_stay_on():
    text = "# Title\n\n<!-- disclose-disable-next-line vague-attribution -->\nThe shocking truth.\n"
    got = found(text)
    assert ("t/r", 4) in got
    assert (UNUSED, 3) in got  # names no rule of this rule set


def test_html_comments_suppress_too():
    html = ("<html><head><title>T</title></head><body><h1>Title</h1>\n"
            "<!-- disclose-disable-next-line r -->\n<p>The shocking truth one.</p>\n"
            "<p>The shocking truth two.</p>\n</body></html>\n")
    assert found(html, fmt="html") == [("t/r", 4)]


def test_comment_inside_code_does_not_suppress():
    text = "# Title\n\n```\n<!-- disclose-disable -->\n```\n\nThe shocking truth.\n"
    assert found(text) == [("t/r", 7)]


def test_unused_suppression_is_reported_at_info_with_its_span():
    text = "# Title\n\n<!-- disclose-disable-next-line r -->\nA calm sentence.\n"
    [v] = lint_text(text, CLICKBAIT, fmt="md").violations
    assert (v.rule, v.kind, v.severity, v.line, v.column) == (UNUSED, "suppression", "info", 3, 1)
    assert text[v.start:v.end] == "<!-- disclose-disable-next-line r -->"
    assert "suppresses nothing" in v.message


def test_enable_that_closes_nothing_is_reported():
    text = "# Title\n\nA calm sentence.\n\n<!-- disclose-enable r -->\n"
    [v] = lint_text(text, CLICKBAIT, fmt="md").violations
    assert v.rule == UNUSED and "enables nothing" in v.message


def test_unused_check_can_be_ignored_and_is_quiet_when_rules_are_narrowed():
    text = "# Title\n\n<!-- disclose-disable -->\nA calm sentence.\n"
    doc = parse(text, "a.md", "md")
    assert [v.rule for v in Linter(make_ruleset(CLICKBAIT)).lint(doc).violations] == [UNUSED]
    ignored = Linter(make_ruleset(CLICKBAIT), ignore=["disclose/unused-suppression"])
    assert ignored.lint(parse(text, "a.md", "md")).violations == []
    # with --select, a bare disable may be meant for a rule that did not run: not "unused"
    selected = Linter(make_ruleset(CLICKBAIT), select=["t/r"])
    assert selected.lint(parse(text, "a.md", "md")).violations == []


def test_unknown_directive_is_a_warning_not_a_silent_no_op():
    result = lint_text("# Title\n\n<!-- disclose-disable-line r -->\nThe shocking truth.\n", CLICKBAIT, fmt="md")
    assert [v.rule for v in result.violations] == ["t/r"]
    assert any("unknown suppression comment `disclose-disable-line`" in w for w in result.warnings)


def test_front_matter_ignore_exempts_the_whole_file():
    text = "---\ndisclose:\n  ignore: [r]\n---\n# Title\n\nThe shocking truth.\n"
    assert found(text) == []
    text = "---\ndisclose:\n  ignore: [some-other-rule]\n---\n# Title\n\nThe shocking truth.\n"
    assert found(text) == [("t/r", 7)]


def test_malformed_front_matter_ignore_warns_and_lints():
    result = lint_text("---\ndisclose: {ignore: 3}\n---\n# Title\n\nThe shocking truth.\n", CLICKBAIT, fmt="md")
    assert [v.rule for v in result.violations] == ["t/r"]
    assert any("must be a list of rule ids" in w for w in result.warnings)


def test_jsonl_record_metadata_ignore(tmp_path):
    f = tmp_path / "c.jsonl"
    f.write_text('{"id": "a", "text": "The shocking truth.", "metadata": {"disclose": {"ignore": ["r"]}}}\n'
                 '{"id": "b", "text": "The shocking truth."}\n', encoding="utf-8")
    linter = Linter(make_ruleset(CLICKBAIT))
    results = [linter.lint(doc) for doc in read_path(str(f))]
    assert [(r.id, len(r.violations)) for r in results] == [("a", 0), ("b", 1)]
