"""The ``claim`` kind: statements an editor would query need a named source.

Two modes: with the built-in ``needs-source`` model (the default: ``core`` ships it) the rule
reports uncovered sentences the model scores at or above ``min_confidence``; with the model
turned off (``models: {needs-source: off}``) the word-list signals decide alone.
"""

from tests.helpers import check, lint_text

RULE = {"kind": "claim"}
WORD_LISTS = {"needs-source": "off", "checkworthy": "off"}


# -- with the model ---------------------------------------------------------------------------

def test_an_evaluation_stated_as_fact_is_reported_with_its_confidence():
    text = "Title line\n\nThe deal is the largest in the country's history.\n"
    [v] = check(text, {**RULE, "min_confidence": 0.3, "message": "{evidence} ({confidence})"}, problems=[(3, 1)])
    assert 0.3 <= v.confidence <= 1
    assert "“largest”" in v.message and f"({v.confidence:.2f})" in v.message


def test_a_named_source_in_the_sentence_or_its_context_covers_it():
    for text in ("Title line\n\nThe deal is the largest in the country's history, the ministry said.\n",
                 "Title line\n\nAccording to Reuters, exports rose by 12 percent last year.\n",
                 "Title line\n\nThe central bank said on Monday that prices were rising. Inflation is the worst in a decade.\n"):
        check(text, {**RULE, "min_confidence": 0.0}, problems=[])


def test_min_confidence_trades_precision_for_recall():
    text = ("Title line\n\nThe deal is the largest in the country's history.\n\n"
            "Moscow is eager to keep its bases in the region.\n\n"
            "The commission issued a notice on Tuesday.\n")
    everything = lint_text(text, {**RULE, "min_confidence": 0.0}).violations
    default = lint_text(text, RULE).violations
    strict = lint_text(text, {**RULE, "min_confidence": 0.99}).violations
    assert len(everything) == 3 and len(strict) == 0
    assert {v.start for v in default} <= {v.start for v in everything}
    scores = sorted(v.confidence for v in everything)
    # The plain account of what a named body did scores lowest: an editor would not query it.
    plain = next(v for v in everything if "commission" in v.excerpt)
    assert plain.confidence == scores[0]


def test_a_vague_source_is_left_to_the_vague_attribution_rule():
    check("Title line\n\nSources said exports rose by 12 percent last year.\n", {**RULE, "min_confidence": 0.0},
          problems=[])


def test_headings_and_titles_are_not_checked():
    check("The Biggest Deal Ever Signed\n\nShe walked to the station.\n", {**RULE, "min_confidence": 0.9}, problems=[])


# -- word lists only (model off) --------------------------------------------------------------

def test_unsupported_figure_and_superlative():
    text = "Title line\n\nThe deal is the largest in the country's history.\n"
    [v] = check(text, RULE, problems=[(3, 1)], models=WORD_LISTS)
    assert v.confidence is None


def test_claim_with_named_source_is_supported():
    text = "Title line\n\nThe deal is the largest in the country's history, the ministry said.\n"
    check(text, RULE, problems=[], models=WORD_LISTS)
    text = "Title line\n\nAccording to Reuters, exports rose by 12 percent last year.\n"
    check(text, RULE, problems=[], models=WORD_LISTS)


def test_previous_sentence_attribution_supports_claim():
    text = "Title line\n\nThe central bank said on Monday that prices were rising. Inflation reached 6 percent in May.\n"
    check(text, RULE, problems=[], models=WORD_LISTS)


def test_context_can_be_limited_to_the_sentence():
    text = "Title line\n\nThe central bank said on Monday that prices were rising. Inflation reached 6 percent in May.\n"
    check(text, RULE, problems=[(3, 58)], settings={"attribution_context": "sentence"}, models=WORD_LISTS)


def test_vague_source_does_not_support_claim():
    check("Title line\n\nSources said exports rose by 12 percent last year.\n", RULE, problems=[(3, 1)], models=WORD_LISTS)


def test_plain_statements_questions_and_dates_are_not_claims():
    text = ("Title line\n\nThe meeting took place on Tuesday, December 23rd in the capital.\n\n"
            "Will the talks resume after the holiday break?\n\nShe walked to the station.\n")
    check(text, RULE, problems=[], models=WORD_LISTS)


def test_signals_option_restricts_rule_without_the_model():
    text = "Title line\n\nThe new plan will cut traffic in the centre by a third.\n"
    check(text, {**RULE, "signals": ["superlative"]}, problems=[], models=WORD_LISTS)
    check(text, {**RULE, "signals": ["predictive"]}, problems=[(3, 1)], models=WORD_LISTS)


def test_message_placeholders_are_filled():
    [v] = check("Title line\n\nThe deal is the largest in history.\n", {**RULE, "message": "claim: {signals} / {evidence} / {confidence}"},
                problems=[(3, 1)], models=WORD_LISTS)
    assert "superlative" in v.message and "“largest”" in v.message and v.message.endswith("n/a")


def test_event_of_record_with_named_party_is_a_claim_but_a_wish_is_not():
    check("Title line\n\nThe committee in Cardiff approved the budget after a long debate.\n", RULE, problems=[(3, 1)], models=WORD_LISTS)
    check("Title line\n\nThe committee met after a long debate.\n", RULE, problems=[], models=WORD_LISTS)
    check("Title line\n\nWe need a budget that Cardiff can afford after the debate.\n", RULE, problems=[], models=WORD_LISTS)


def test_noun_cue_with_its_holder_supports_a_claim():
    check("Title line\n\nSenator Smith's criticism of the plan rests on 40 closed schools.\n", RULE, problems=[], models=WORD_LISTS)
    check("Title line\n\nThe plan rests on 40 closed schools.\n", RULE, problems=[(3, 1)], models=WORD_LISTS)
