"""The ``disclosure`` kind: presence and placement of the AI-use statement."""

from tests.helpers import check, lint_text

PRESENT = {"kind": "disclosure", "require": "present", "when": {"ai": ["generated"]}}
PLACED = {"kind": "disclosure", "require": "placed", "placement": {"within_words": 8}}

BODY = "The harbour reopened on Monday after storm repairs.\n\nShips queued outside the port for hours.\n"


def test_missing_disclosure_for_generated_article():
    check("Harbour reopens\n\n" + BODY, PRESENT, problems=[(3, 1)], ai="generated")


def test_rule_does_not_apply_when_status_is_unknown():
    check("Harbour reopens\n\n" + BODY, PRESENT, problems=[])


def test_disclosure_in_text_decides_status_and_satisfies_presence():
    result = lint_text("Harbour reopens\n\nThis article was generated with AI.\n\n" + BODY, PRESENT)
    assert result.ai_status == "generated" and result.ai_status_source == "text"
    assert result.violations == []


def test_disclosure_at_end_is_misplaced():
    text = "Harbour reopens\n\n" + BODY + "\nThis article was generated with AI.\n"
    [v] = check(text, PLACED, problems=[(7, 1)])
    assert v.excerpt.startswith("This article was generated with AI")


def test_disclosure_at_top_is_well_placed():
    check("Harbour reopens\n\nThis article was generated with AI.\n\n" + BODY, PLACED, problems=[])


def test_position_start_or_end():
    rule = {"kind": "disclosure", "require": "placed", "placement": {"position": "start-or-end"}}
    check("Harbour reopens\n\n" + BODY + "\nThis article was generated with AI.\n", rule, problems=[])
    middle = "Harbour reopens\n\nThe harbour reopened on Monday.\n\nThis article was generated with AI.\n\nShips queued outside the port.\n"
    check(middle, rule, problems=[(5, 1)])


def test_human_review_exemption():
    rule = {**PRESENT, "exempt_if_reviewed": True}
    text = "---\nreviewed_by: Jane Roe, managing editor\n---\n# Harbour reopens\n\n" + BODY
    check(text, rule, problems=[], fmt="md", ai="generated")
    check("# Harbour reopens\n\n" + BODY, rule, problems=[(3, 1)], fmt="md", ai="generated")


def test_fix_inserts_policy_text_after_title():
    rule = {**PRESENT, "fix": {"at": "top", "text": "This article was generated with AI."}}
    [v] = check("Harbour reopens\n\n" + BODY, rule, problems=[(3, 1)], ai="generated")
    [(start, end, text)] = v.fix.edits
    assert start == end == len("Harbour reopens\n")
    assert "This article was generated with AI." in text


def test_require_review_mention():
    rule = {**PLACED, "require_review_mention": True}
    check("Harbour reopens\n\nThis article was generated with AI.\n\n" + BODY, rule, problems=[(3, 1)])
    check("Harbour reopens\n\nThis article was generated with AI and reviewed by our editors.\n\n" + BODY, rule, problems=[])


# -- language: the disclosure must be in the article's language ------------------------------

LANG = {**PRESENT, "language": "match"}
GERMAN_BODY = ("Der Hafen wurde am Montag nach den Reparaturen wieder geöffnet. Die Schiffe warteten "
               "stundenlang vor dem Hafen, und die Behörden sagten, dass die Arbeiten im Herbst fertig sein werden.\n")


def test_language_match_detects_the_article_language_from_the_body():
    # A German article with an English disclosure: no disclosure in the article's language.
    text = "Hafen wieder offen\n\nThis article was generated with AI.\n\n" + GERMAN_BODY
    check(text, LANG, problems=[(3, 1)], ai="generated")  # anchored at the body start
    text = "Hafen wieder offen\n\nDieser Artikel wurde mit KI erstellt.\n\n" + GERMAN_BODY
    check(text, LANG, problems=[], ai="generated")


def test_language_match_prefers_metadata():
    text = "---\nlang: en\n---\n# Hafen wieder offen\n\nDieser Artikel wurde mit KI erstellt.\n\n" + GERMAN_BODY
    check(text, LANG, problems=[(6, 1)], ai="generated", fmt="md")


def test_fixed_language_and_placed_rule():
    text = "Harbour reopens\n\nDieser Artikel wurde mit KI erstellt.\n\n" + BODY
    check(text, {**PLACED, "language": "en"}, problems=[(3, 1)])
    check(text, {**PLACED, "language": "de"}, problems=[])
