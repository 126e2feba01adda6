"""Support from context (``analysis.support.coverage``): which sentences a named source covers."""

from __future__ import annotations

import pytest

from disclose.analysis import Analyzer
from disclose.policy import load_ruleset
from disclose.readers import parse


@pytest.fixture(scope="module")
def analyzer():
    rs = load_ruleset(["core"])
    return Analyzer(rs.lexicons, rs.settings, rs.trusted_lexicons, rs.models)


def covered(analyzer, body: str, settings: dict | None = None) -> list[tuple[str, str | None]]:
    """(sentence text, how it is covered) for every body sentence."""
    if settings:
        analyzer = Analyzer(analyzer_lexicons(), {**analyzer.settings, **settings})
    a = analyzer.analyze(parse("Title\n\n" + body, "a.txt", "txt"))
    return [(s.text, s.support_via) for s in a.sentences if s.section == "body"]


def analyzer_lexicons():
    return load_ruleset(["core"]).lexicons


def test_named_source_in_the_sentence(analyzer):
    assert covered(analyzer, "Exports rose sharply last year, the ministry said.\n") == [
        ("Exports rose sharply last year, the ministry said.", "sentence")]


def test_quotation_run_is_covered_by_its_named_speaker(analyzer):
    body = ('"We will not give up," Smith said. "The plan is the best we have. '
            'It will save the town."\n')
    vias = [v for _, v in covered(analyzer, body)]
    assert vias[0] == "sentence"
    assert vias[1:] == ["quote", "quote"]


def test_reported_speech_closed_by_a_named_speaker(analyzer):
    body = ("The merger would create the largest carrier in the region and cut fares for millions. "
            "It would also end years of losses at the smaller airline, Werbach said at the end of the hearing.\n")
    vias = [v for _, v in covered(analyzer, body)]
    assert vias == ["closing", "sentence"]


def test_according_to_carries_over_the_rest_of_its_paragraph(analyzer):
    body = ("According to SANA, the ministers met in Moscow on Tuesday. "
            "The talks centred on arms. They lasted four hours and ended with a deal on spare parts.\n\n"
            "The deal is the largest in a decade.\n")
    vias = [v for _, v in covered(analyzer, body)]
    assert vias == ["sentence", "previous", "according", None]


def test_generic_sources_writer_and_agentless_passives_cover_nothing(analyzer):
    body = ("Analysts said the plan was doomed. "
            "I have said I believed Chelsea would win the league. "
            "He is regarded as arrogant by some people. "
            "Bad weather and a weak economy were blamed for the rise.\n\n"
            "You cannot win titles early in the season.\n")
    assert [v for _, v in covered(analyzer, body)] == [None, None, None, None, None]


def test_context_setting_sentence_turns_carries_off():
    rs = load_ruleset(["core"])
    a = Analyzer(rs.lexicons, {**rs.settings, "attribution_context": "sentence"}, rs.trusted_lexicons, rs.models)
    doc = a.analyze(parse("Title\n\nThe central bank said prices were rising. Inflation reached 6 percent in May.\n",
                          "a.txt", "txt"))
    assert [s.support_via for s in doc.sentences if s.section == "body"] == ["sentence", None]


def test_who_is_no_source_comes_from_the_lexicon():
    """The writer or reader as the "source" of an attribution covers nothing ("I said"): the list
    is ``reporting-verbs.yaml``'s ``subjects.writer_or_reader``, which a policy can change."""
    body = "Exports rose sharply last year, we said.\n"
    assert covered(analyzer_lexicons_analyzer(), body) == [("Exports rose sharply last year, we said.", None)]
    lexicons = analyzer_lexicons()
    lexicons["reporting-verbs"] = {**lexicons["reporting-verbs"],
                                   "subjects": {**lexicons["reporting-verbs"]["subjects"], "writer_or_reader": []}}
    permissive = Analyzer(lexicons, load_ruleset(["core"]).settings)
    assert covered(permissive, body) == [("Exports rose sharply last year, we said.", "sentence")]


def analyzer_lexicons_analyzer():
    rs = load_ruleset(["core"])
    return Analyzer(rs.lexicons, rs.settings)
