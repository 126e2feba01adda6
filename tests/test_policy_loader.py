"""The policy loader: extends, overrides, off, and errors that name file:line."""

from __future__ import annotations

from pathlib import Path

import pytest

from disclose.policy import PolicyError, builtin_policy_names, load_ruleset


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def error_of(tmp_path: Path, text: str, name: str = "p.yaml") -> PolicyError:
    path = write(tmp_path, name, text)
    with pytest.raises(PolicyError) as info:
        load_ruleset([str(path)])
    return info.value


def test_builtin_policies_load_and_every_rule_is_documented():
    names = builtin_policy_names()
    assert {"core", "newsroom", "eu-ai-act", "cn-labeling"} <= set(names)
    rs = load_ruleset(names)
    assert rs.rules
    for rule in rs.rules.values():
        assert rule.message and rule.reference and rule.doc and rule.summary, rule.id


def test_builtin_lexicons_pass_the_checks_user_lexicons_get():
    """Built-in lexicons are not re-validated at every start (it costs a tenth of a second of
    regex compiling); this is where they are: every pattern compiles and every lexicon builds."""
    from disclose.analysis import Analyzer
    from disclose.policy import lexicons as lexicon_checks
    from disclose.policy.yamlload import load_yaml
    from disclose.resources import rules_dir

    lexicons = {}
    for path in sorted((rules_dir() / "lexicons").glob("*.yaml")):
        data = load_yaml(path.read_text(encoding="utf-8"), str(path))
        lexicon_checks.check_file(path.stem, data, str(path))
        lexicons[path.stem] = dict(data)
    for name in lexicons:
        Analyzer.check_lexicon(name, lexicons)


def test_a_bad_pattern_in_a_user_lexicon_file_is_still_reported(tmp_path):
    write(tmp_path, "lex.yaml", "name: claim-cues\nsignals:\n  number:\n    patterns: ['(unclosed']\n")
    err = error_of(tmp_path, "name: mine\nlexicons:\n  claim-cues: {file: lex.yaml}\n")
    assert "lex.yaml" in str(err) and "(unclosed" in str(err)


def test_default_policies_are_newsroom_and_eu_ai_act():
    rs = load_ruleset(["newsroom", "eu-ai-act"])
    assert rs.policies == ["newsroom", "eu-ai-act"]
    assert "eu-ai-act/disclosure-placement" in rs.rules
    assert "newsroom/unsupported-claim" in rs.rules
    # core is loaded once even though both extend it
    assert rs.files.count("rules/core.yaml") == 1


def test_override_inherited_rule_by_short_and_full_id(tmp_path):
    path = write(tmp_path, "mine.yaml", """
name: mine
extends: [newsroom, eu-ai-act]
rules:
  unsupported-claim: {severity: info}
  eu-ai-act/disclosure-placement: {severity: warning, placement: {within_words: 10}}
  chatbot-leftover: off
""")
    rs = load_ruleset([str(path)])
    assert rs.rules["newsroom/unsupported-claim"].severity == "info"
    placement = rs.rules["eu-ai-act/disclosure-placement"]
    assert placement.severity == "warning" and placement.options["placement"] == {"within_words": 10}
    assert rs.rules["newsroom/chatbot-leftover"].severity == "off"
    assert all(r.id != "newsroom/chatbot-leftover" for r in rs.active())


def test_same_short_name_in_unrelated_policies_does_not_override():
    rs = load_ruleset(["eu-ai-act", "cn-labeling"])
    assert rs.rules["eu-ai-act/disclosure-missing"].severity == "error"
    assert "cn-labeling/explicit-label-missing" in rs.rules


def test_extends_relative_path_and_new_rule(tmp_path):
    write(tmp_path, "base.yaml", "name: base\nextends: [core]\nrules:\n  no-foo: {kind: phrase, terms: [foo], message: no foo}\n")
    sub = tmp_path / "sub"
    sub.mkdir()
    path = write(sub, "child.yaml", "name: child\nextends: [../base.yaml]\nrules:\n  no-foo: {severity: error}\n")
    rs = load_ruleset([str(path)])
    assert rs.rules["base/no-foo"].severity == "error"


@pytest.mark.parametrize(
    "text, line, fragment",
    [
        ("name: p\nrules:\n  r:\n    kind: claim\n    message: m\n    colour: red\n", 6, "unknown key 'colour'"),
        ("name: p\nrules:\n  r:\n    kind: nope\n    message: m\n", 4, "unknown kind 'nope'"),
        ("name: p\nrules:\n  r:\n    kind: claim\n    message: m\n    severity: loud\n", 6, "expected one of error, warning, info, off"),
        ("name: p\nrules:\n  r:\n    kind: phrase\n    message: m\n    patterns: ['(unclosed']\n", 6, "invalid regular expression"),
        ("name: p\nextends: [no-such-policy]\nrules: {}\n", 2, "unknown policy 'no-such-policy'"),
        ("name: p\nbogus: 1\nrules: {}\n", 2, "unknown key 'bogus'"),
        ("name: p\nrules:\n  r:\n    kind: claim\n", 3, "has no `message`"),
        ("name: p\nrules:\n  r: {kind: claim, message: m, when: {ai: [robot]}}\n", 3, "expected one of generated"),
        ("name: p\nrules:\n  r: !!python/object/apply:os.system [echo hi]\n", 3, "never code"),
        ("name: p\nrules: &a {}\nother: *a\n", 3, "aliases"),
        ("name: p\nrules:\n  r: {kind: claim\n", 4, ""),
        ("name: p\nrules:\n  eu-ai-act/nothing: {severity: off}\n", 3, "no inherited rule"),
    ],
)
def test_errors_name_file_and_line(tmp_path, text, line, fragment):
    err = error_of(tmp_path, text)
    assert err.path.endswith("p.yaml")
    assert err.line == line, str(err)
    assert fragment in err.message
    assert str(err).startswith(f"{err.path}:{line}: ")


def test_extends_cycle_is_detected(tmp_path):
    write(tmp_path, "a.yaml", "name: a\nextends: [./b.yaml]\nrules: {}\n")
    write(tmp_path, "b.yaml", "name: b\nextends: [./a.yaml]\nrules: {}\n")
    with pytest.raises(PolicyError) as info:
        load_ruleset([str(tmp_path / "a.yaml")])
    assert "cycle" in info.value.message


def test_lexicon_additions(tmp_path):
    path = write(tmp_path, "p.yaml", "name: p\nextends: [newsroom]\nlexicons:\n  vague-sources:\n    add: {hedges: [purportedly-ish]}\nrules: {}\n")
    rs = load_ruleset([str(path)])
    assert "purportedly-ish" in rs.lexicons["vague-sources"]["hedges"]


def test_fast_and_exact_yaml_loaders_agree():
    """Policies are parsed with libyaml when present; the result (values and key lines) must be
    the pure-Python loader's."""
    import yaml

    from disclose.policy import yamlload
    from disclose.resources import rules_dir

    for path in sorted(rules_dir().rglob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        exact = yaml.load(text, Loader=yamlload._Loader)  # noqa: S506
        got = yamlload.load_yaml(text, str(path))
        assert got == exact, path
        if isinstance(exact, dict):
            assert got.lines == exact.lines and got.line == exact.line, path
