"""The ``claim`` kind: check-worthy claims need a named source."""

from tests.helpers import check

RULE = {"kind": "claim"}


def test_unsupported_figure_and_superlative():
    text = "Title line\n\nThe deal is the largest in the country's history.\n"
    check(text, RULE, problems=[(3, 1)])


def test_claim_with_named_source_is_supported():
    text = "Title line\n\nThe deal is the largest in the country's history, the ministry said.\n"
    check(text, RULE, problems=[])
    text = "Title line\n\nAccording to Reuters, exports rose by 12 percent last year.\n"
    check(text, RULE, problems=[])


def test_previous_sentence_attribution_supports_claim():
    text = "Title line\n\nThe central bank said on Monday that prices were rising. Inflation reached 6 percent in May.\n"
    check(text, RULE, problems=[])


def test_context_can_be_limited_to_the_sentence():
    text = "Title line\n\nThe central bank said on Monday that prices were rising. Inflation reached 6 percent in May.\n"
    check(text, RULE, problems=[(3, 58)], settings={"attribution_context": "sentence"})


def test_vague_source_does_not_support_claim():
    text = "Title line\n\nSources said exports rose by 12 percent last year.\n"
    check(text, RULE, problems=[(3, 1)])


def test_plain_statements_questions_and_dates_are_not_claims():
    text = ("Title line\n\nThe meeting took place on Tuesday, December 23rd in the capital.\n\n"
            "Will the talks resume after the holiday break?\n\nShe walked to the station.\n")
    check(text, RULE, problems=[])


def test_signals_option_restricts_rule():
    text = "Title line\n\nThe new plan will cut traffic in the centre by a third.\n"
    check(text, {**RULE, "signals": ["superlative"]}, problems=[])
    check(text, {**RULE, "signals": ["predictive"]}, problems=[(3, 1)])


def test_headings_and_titles_are_not_checked():
    text = "The Biggest Deal Ever Signed\n\nShe walked to the station.\n"
    check(text, RULE, problems=[])


def test_message_placeholders_are_filled():
    [v] = check("Title line\n\nThe deal is the largest in history.\n", {**RULE, "message": "claim: {signals} / {evidence}"}, problems=[(3, 1)])
    assert "superlative" in v.message and "“largest”" in v.message


def test_event_of_record_with_named_party_is_a_claim_but_a_wish_is_not():
    # Past-tense event + named party + topic of record reach the threshold together ...
    check("Title line\n\nThe committee in Cardiff approved the budget after a long debate.\n", RULE, problems=[(3, 1)])
    # ... and any one of them alone does not.
    check("Title line\n\nThe committee met after a long debate.\n", RULE, problems=[])
    # Wishes and obligations count against: "we need" speaks of what ought to be.
    check("Title line\n\nWe need a budget that Cardiff can afford after the debate.\n", RULE, problems=[])


def test_structural_signals_alone_do_not_fire_when_the_rule_keeps_to_lexical_signals():
    text = "Title line\n\nThe team travelled to Madrid and played in the rain.\n"
    check(text, RULE, problems=[(3, 1)])
    check(text, {**RULE, "signals": ["number", "statistic", "record", "superlative", "comparative"]}, problems=[])


def test_noun_cue_with_its_holder_supports_a_claim():
    # "Smith's criticism of" attributes the sentence to Smith, as "Smith said" would.
    check("Title line\n\nSenator Smith's criticism of the plan rests on 40 closed schools.\n", RULE, problems=[])
    check("Title line\n\nThe plan rests on 40 closed schools.\n", RULE, problems=[(3, 1)])
