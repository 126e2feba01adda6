"""The ``attribution`` kind: vague attribution and unattributed quotes."""

from tests.helpers import check

VAGUE = {"kind": "attribution", "target": "vague"}
QUOTE = {"kind": "attribution", "target": "quote"}


def test_hedge_without_named_source():
    check("Title line\n\nThe talks reportedly covered arms sales.\n", VAGUE, problems=[(3, 11)])


def test_hedge_with_named_source_is_fine():
    check("Title line\n\nThe talks reportedly covered arms sales, Reuters reported.\n", VAGUE, problems=[])


def test_anonymous_sources_and_passive():
    text = ("Title line\n\nSources say the minister will resign.\n\n"
            "It is believed that the vote will be delayed.\n\nExperts believe prices will fall.\n")
    check(text, VAGUE, problems=[(3, 1), (5, 1), (7, 1)])


def test_officials_without_name_is_vague_but_named_agency_is_not():
    check("Title line\n\nOfficials said the border would reopen.\n", VAGUE, problems=[(3, 1)])
    check("Title line\n\nThe state news agency SANA said the border would reopen.\n", VAGUE, problems=[])
    check("Title line\n\nA spokesman for the Interior Ministry said the border would reopen.\n", VAGUE, problems=[])


def test_vague_kinds_option():
    text = "Title line\n\nThe talks reportedly covered arms sales.\n"
    check(text, {**VAGUE, "vague_kinds": ["source"]}, problems=[])


def test_weasel_words_are_not_flagged_by_default():
    # ("may" itself is no longer a weasel word: it is mostly neutral in edited prose.)
    check("Title line\n\nThe plan will probably change next year.\n", VAGUE, problems=[])
    check("Title line\n\nThe plan will probably change next year.\n", {**VAGUE, "vague_kinds": ["weasel"]}, problems=[(3, 15)])


def test_unattributed_quote():
    text = 'Title line\n\n"We were never consulted about the route through the market."\n'
    check(text, QUOTE, problems=[(3, 1)])


def test_quote_with_speaker_is_fine():
    text = 'Title line\n\n"We were never consulted about the route through the market," said Anna Berg.\n'
    check(text, QUOTE, problems=[])
    text = 'Title line\n\n"We were never consulted about the route through the market." That is what Anna Berg told the council.\n'
    check(text, QUOTE, problems=[])


def test_short_scare_quotes_are_not_quotations():
    check("Title line\n\nThe ministers discussed 'strategic cooperation' at length.\n", QUOTE, problems=[])
