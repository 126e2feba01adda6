"""Lexicon matching without regex scans finds exactly what the regex would.

``Phrases`` (word lists matched on word runs) must agree with the whole-word alternation it
replaces, and a prefilter (``prefilter.required_literals``) may only skip texts where the pattern
cannot match.
"""

from __future__ import annotations

import json

import regex
from hypothesis import given, settings, strategies as st

from disclose.analysis.lexicon import AnyOf, Phrases, Scope, Tokens, phrases
from disclose.analysis.patterns import FLAGS, alternation, bounded, series, series_pattern
from disclose.analysis.pattern_shapes import DIGIT, starts
from disclose.analysis.prefilter import (could_match, could_occur, leading_literals, required_literals, word_keys,
                                        word_local, words_of)
from disclose.resources import load_builtin_lexicon

from tests.conftest import shared_path

TERMS = ["according to", "said", "says", "so-called", "won't be", "No. 1", "per cent", "it is believed",
         "reportedly", "more than ever", "top-ranked", "all-time", "than ever", "Said"]
SCAN = regex.compile(rf"(?<![\w-])(?:{alternation(TERMS)})(?![\w-])", FLAGS)


def spans(matches):
    return [(m.start(), m.end(), m.group(0)) for m in matches]


# -- Phrases -----------------------------------------------------------------------------------

def test_phrases_agree_with_the_regex_on_tricky_text():
    text = ("According to SANA, it said so-called talks won't be the No. 1 topic; sales rose 5 per cent, "
            "more than ever. Reportedly-ish unsaid re-said. It Is  Believed\nthat all-time highs … says-who "
            "won’t be No.1 per\tcent")
    found = spans(phrases(TERMS).finditer(text))
    assert found == spans(SCAN.finditer(text))
    assert [f[2] for f in found][:4] == ["According to", "said", "so-called", "won't be"]


def test_tokens_keep_offsets_and_the_text_between_runs():
    tokens = Tokens(" a B-c, d's")
    assert (tokens.starts, tokens.ends, tokens.keys, tokens.gaps) == ([1, 3, 8, 10], [2, 6, 9, 11],
                                                                     ["a", "b-c", "d", "s"], [" ", ", ", "'"])
    assert Tokens("").keys == [] and Tokens("...").keys == []


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(TERMS + ["x", "-", ".", " ", "  ", "\n", "SAID", "un", "é", "'", "’", "1", "No."]),
                max_size=40))
def test_phrases_agree_with_the_regex_on_random_text(parts):
    text = "".join(p if i % 2 else p + " " for i, p in enumerate(parts))
    assert spans(phrases(TERMS).finditer(text)) == spans(SCAN.finditer(text))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["today's", "today’s", "today", "s", "'", " ", "game-changer", "game", "changer"]),
                max_size=20))
def test_any_apostrophe_matches_straight_and_curly(parts):
    terms = ["today's", "game-changer"]
    text = " ".join(parts)
    scan = regex.compile(rf"(?<![\w-])(?:{alternation(terms).replace(chr(39), '[' + chr(39) + '’]')})(?![\w-])", FLAGS)
    assert spans(phrases(terms, any_apostrophe=True).finditer(text)) == spans(scan.finditer(text))


def test_groups_prefer_the_earlier_group_like_named_alternatives():
    matcher = Phrases({"phrase": ["according to", "per"], "verb": ["according", "said", "per annum"]})
    scan = regex.compile(r"(?<![\w-])(?:(?P<phrase>according\s+to|per)|(?P<verb>per\s+annum|according|said))(?![\w-])",
                         FLAGS)
    text = "According to him, she said 5% per annum, according as before"
    ours, theirs = matcher.finditer(text), list(scan.finditer(text))
    assert spans(ours) == spans(theirs)
    assert [(m.group("phrase"), m.group("verb")) for m in ours] == [(m.group("phrase"), m.group("verb")) for m in theirs]


def test_match_is_anchored_at_a_word_start():
    matcher = phrases(["in conclusion", "overall"])
    text = "Overall, yes. In  conclusion we stop."
    assert matcher.match(text, 0).group(0) == "Overall"
    assert matcher.match(text, 14).group(0) == "In  conclusion"
    assert matcher.match(text, 1) is None and matcher.match(text, 9) is None


def test_phrase_starting_with_punctuation_falls_back_to_the_regex():
    matcher = phrases(["[insert", "said"])
    assert matcher.compiled is not None and matcher.trie.fallback == [True]
    assert matcher.search("the [insert figure] here, she said").group(0) == "[insert"


def test_phrases_agree_with_the_regex_for_the_builtin_word_lists():
    vague = load_builtin_lexicon("vague-sources")
    text = ("Sources say the minister, who spoke on condition of anonymity, reportedly agreed. "
            "Experts believe the plan may work; some say it will not. It is widely believed to be so.")
    for key in ("source_phrases", "hedges", "weasel"):
        terms = vague.get(key, [])
        scan = regex.compile(rf"(?<![\w-])(?:{alternation(terms)})(?![\w-])", FLAGS)
        assert spans(phrases(terms).finditer(text)) == spans(scan.finditer(text)), key
        assert spans(scan.finditer(text)), key  # the sample exercises each list


def test_anyof_merges_word_lists_and_patterns_like_one_alternation():
    parts = [phrases(["more than", "more"]), bounded(r"\d+(?:\.\d+)?%?", "test")]
    combined = regex.compile(rf"(?:{parts[0].pattern})|(?:\d+(?:\.\d+)?%?)", FLAGS)
    text = "more than 5.5% of 20 and more"
    assert spans(AnyOf(parts).finditer(text)) == spans(combined.finditer(text))


class _Counting:
    """A compiled pattern that counts its searches (to see which parts an ``AnyOf`` scanned)."""

    def __init__(self, pattern: str):
        self.rx, self.pattern, self.searches = regex.compile(pattern, FLAGS), pattern, 0

    def search(self, *args, **kwargs):
        self.searches += 1
        return self.rx.search(*args, **kwargs)

    def match(self, *args, **kwargs):
        self.searches += 1
        return self.rx.match(*args, **kwargs)


def test_a_part_the_article_cannot_hold_is_ruled_out_once_for_every_sentence():
    article = ["Prices rose 5% in May, the agency said.", "They fell in June and July."]
    percent, agency = _Counting(r"\d+%"), _Counting(r"\bagency\s+said\b")
    absent = _Counting(r"\bunprecedented\s+\w+")
    matcher = AnyOf([percent, absent, agency])
    scope = Scope(article)
    found = [spans(matcher.finditer(text, tokens=Tokens(text, scope))) for text in article]
    assert found == [[(12, 14, "5%"), (27, 38, "agency said")], []]
    assert absent.searches == 0  # never scanned: the article lacks "unprecedented"
    assert scope.alive[id(matcher)] == (0, 2)  # worked out once, kept for the article
    # Without a scope each sentence is tested on its own, with the same matches.
    assert [spans(matcher.finditer(text)) for text in article] == found


def test_the_article_test_holds_for_a_sentence_cut_inside_a_word():
    """A word edge at a sentence's cut need not be one in the article: the article-wide test
    ignores edges, so a match at the cut is still found."""
    article = "TaxRevenue grew."
    sentence = article[3:]  # "Revenue grew." -- "revenue" starts a word only in the sentence
    matcher = AnyOf([bounded(r"\brevenue\s+grew\b", "test")])
    assert spans(matcher.finditer(sentence, tokens=Tokens(sentence, Scope([article])))) == [(0, 12, "Revenue grew")]
    assert could_occur(required_literals(r"\brevenue\s+grew\b"), article.casefold())
    assert not could_match(required_literals(r"\brevenue\s+grew\b"), article.casefold())  # edges would lose it
    assert not could_occur(required_literals(r"\bprofit\s+fell\b"), article.casefold())


def test_leading_literals_of_common_shapes():
    """Strings every match starts with, case-folded and cut to four characters; None where a
    match may start otherwise (a class, an optional part, whitespace)."""
    assert leading_literals(r"it (?:is|was) said") == {"it i", "it w"}
    assert leading_literals(r"\b(?:some|many) (?:say|said)\b") == {"some", "many"}
    assert leading_literals(r"(?:is|are) (?:widely|often)") == {"is w", "is o", "are "}
    assert leading_literals(r"won['’]t") == {"won'", "won’"}
    assert leading_literals(r"Straße") == {"stra"}
    assert leading_literals(r"(?:ab)+c") == {"ab"}  # one repetition at least
    # an optional start: the match starts with it or with what follows; a digit first is DIGIT
    assert leading_literals(r"x?abc") == {"x", "abc"}
    assert leading_literals(r"(?<![\w.])[$£€¥]?\d[\d,]*") == {"$", "£", "€", "¥", DIGIT}
    assert leading_literals(r"ab\d") == {"ab"} and leading_literals(r"(?:a|\d)x") == {"a", DIGIT}
    for pattern in (r"\w+ed", r"(?:a|)bc", r"\s+said", r"x?\s", r"\b(?:\w{3,}ed|was)\b", "a\x04b"):  # (the last: a pattern holding the mark itself)
        assert leading_literals(pattern) is None, pattern


def test_a_digit_place_is_any_decimal_digit():
    assert starts(frozenset({DIGIT, "$"}), "x1 $٣.") == [1, 3, 4]  # an Arabic-Indic digit too
    assert leading_literals(r"(?:1x|\d)y") == {DIGIT}  # DIGIT finds "1x" too: no place twice


def _leading_patterns() -> list[str]:
    return [p for p in _builtin_patterns() if leading_literals(p) is not None]


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_a_pattern_tried_only_where_it_can_start_finds_what_a_scan_finds(data):
    """Built-in patterns with leading strings over texts made of their own pieces, in any case,
    as a whole text and as a sentence cut from a longer one at a known offset (``Scope``):
    the matches are a scan's, leftmost first and not overlapping."""
    pattern = data.draw(st.sampled_from(_leading_patterns()))
    required = required_literals(pattern) or ()
    pieces = sorted(set().union(*required) | leading_literals(pattern)) + [
        "a", " ", "said", "it", "is", "was", "2", "1,000", "٣", "$", ".5", "I", "'", "’", "Straße", "ﬁ", "\n"]
    pieces = [p.strip("\x02\x03") for p in pieces]
    words = data.draw(st.lists(st.sampled_from(pieces), max_size=14))
    text = "".join(w.upper() if data.draw(st.booleans()) else w for w in words)
    scan = regex.compile(pattern, FLAGS)
    matcher = AnyOf([bounded(pattern, "test")])
    assert spans(matcher.finditer(text)) == spans(scan.finditer(text)), (pattern, text)
    cut = data.draw(st.integers(0, len(text)))
    before, sentence = "Some words before. " + text[:cut], text[cut:]
    scope = Scope([before + sentence, "an other block it is"])
    tokens = Tokens(sentence, scope, len(before))
    assert spans(matcher.finditer(sentence, tokens=tokens)) == spans(scan.finditer(sentence)), (pattern, sentence)


def test_patterns_tried_where_they_can_start_agree_with_a_scan_on_real_articles():
    """Every built-in pattern with leading strings, over every sentence of 300 human and ChatGPT
    news articles, each sentence placed in its article's scope as the analysis places it."""
    from disclose.segment import split_sentences

    articles = []
    for name in ("human.jsonl", "chatgpt.jsonl"):
        with open(shared_path("eval", "ai-news", name), encoding="utf-8") as fh:
            articles += [json.loads(line)["text"] for line in list(fh)[:150]]
    matchers = [(AnyOf([bounded(p, "test")]), regex.compile(p, FLAGS)) for p in _leading_patterns()]
    assert len(matchers) >= 10
    found = 0
    for article in articles:
        blocks = [b for b in article.split("\n") if b.strip()]
        scope = Scope(blocks)
        for bi, block in enumerate(blocks):
            for a, b in split_sentences(block):
                sentence = block[a:b]
                tokens = Tokens(sentence, scope, scope.offsets[bi] + a)
                for matcher, scan in matchers:
                    expected = spans(scan.finditer(sentence))
                    assert spans(matcher.finditer(sentence, tokens=tokens)) == expected, (scan.pattern, sentence)
                    found += len(expected)
    assert found > 100  # the patterns do match


def test_word_local_patterns_are_whole_runs_of_word_characters():
    for pattern in (r"\bfoo\b", r"(?:\b(?:\w{3,}ed|was)\b)", r"\bfoo\b|\bba\w+\b", r"\b\d+\b",
                    r"\b\w{3,}(?:iest|est)\b(?<!\b(?:interest|best))", r"\bfoo(?=\w)\w\b"):
        assert word_local(pattern), pattern
    for pattern in (r"\b(foo)\b", r"\bfoo bar\b", r"\bfoo", r"foo\b", r"(?:\b\w*\b)", r"^\bfoo\b",
                    r"(?a)\bfoo\b", r"\bfoo\b(?!-)", r"\bfoo\b|bar", r"\bfoo['’]s\b", r"\b\w+\b(?<=\W\w+)"):
        assert not word_local(pattern), pattern


WORD_LOCAL = [r"(?:\b(?:\w{3,}ed|was|were|said)\b)", r"\b\w{3,}(?:iest|est)\b(?<!\b(?:interest|best|west))",
              r"\bfoo\b|\bba\w+\b", r"\b\d+\b", r"\b\w+ly\b"]


@settings(max_examples=400, deadline=None)
@given(st.sampled_from(WORD_LOCAL), st.lists(st.sampled_from(
    ["walked", "WAS", "said", "ed", "fed", "interest", "Best", "biggest", "midwest", "foo", "bar", "bazz", "12",
     "x", "-", "_", "'", "’", " ", ".", "é", "\u0301", "ß", "ly", "only", "\n"]), max_size=16))
def test_word_local_parts_find_what_a_scan_finds(pattern, pieces):
    """A word-local part is matched by its verdicts on the text's word runs: the matches of a
    scan, whatever the runs are glued to (hyphens, underscores, marks, apostrophes)."""
    text = "".join(pieces)
    matcher = AnyOf([bounded(pattern, "test")])
    assert matcher.verdicts[0] is not None
    expected = spans(regex.compile(pattern, FLAGS).finditer(text))
    assert spans(matcher.finditer(text)) == expected, text
    assert spans(matcher.finditer(text)) == expected  # again, from the remembered verdicts


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(["a", "bb", "o’c", "x-y", "_z", "and", "or", ",", ", ", " ", "  ", ".", "\n", "1"]),
                max_size=30), st.sampled_from([2, 3]))
def test_series_pattern_finds_what_plain_greedy_items_find(pieces, words):
    """The possessive items of ``series_pattern`` find exactly the lists that the plain pattern
    (greedy items that may give words back) finds."""
    text = "".join(pieces)
    w = r"[\p{L}\p{N}'’-]"
    item = rf"{w}+(?:\s{w}+){{0,{words - 1}}}"
    plain = regex.compile(rf"(?<![\w-]){item},\s(?:{item},\s)*{item},?\s(?:and|or)\s{item}", FLAGS)
    assert spans(series_pattern(("and", "or"), words).finditer(text)) == spans(plain.finditer(text))


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(["a", "bb", "o’c", "x-y", "_z", "and", "AND", "or", "&", "as well as", ",", ", ", " ",
                                 "  ", ".", "\n", "1", "é", "(", "—", ";"]), max_size=40),
       st.sampled_from([2, 3]), st.sampled_from([("and", "or"), ("and", "&", "as well as")]))
def test_series_finds_segment_by_segment_what_a_scan_of_the_whole_text_finds(pieces, words, conjunctions):
    """``series`` runs the pattern only on the segments that can hold a list (a comma and a
    conjunction among item characters): the matches of a scan of the whole text, "&" included."""
    text = "".join(pieces)
    for flags in (FLAGS, regex.IGNORECASE):
        whole = series_pattern(conjunctions, words, flags).finditer(text)
        assert spans(series(conjunctions, words, flags).finditer(text)) == spans(whole), text


def test_series_pattern_items_of_up_to_the_given_words():
    two, three = series_pattern(("and",), 2), series_pattern(("and",), 3)
    long = "We saw very old red apples, ripe pears and figs."
    assert [m.group(0) for m in two.finditer(long)] == ["red apples, ripe pears and figs"]
    assert [m.group(0) for m in three.finditer(long)] == ["old red apples, ripe pears and figs"]
    assert two.search("We saw apples and pears.") is None  # two items are no series


# -- prefilter ---------------------------------------------------------------------------------

def test_required_literals_of_common_shapes():
    # \x02 / \x03: found only at the start / end of a word (where the pattern has \b or whitespace)
    assert required_literals(r"\bas an ai(?: language)? model\b") == ({"\x02as an ai"}, {" model\x03"})
    assert required_literals(r"(?:feel free to|don't hesitate to) (?:ask|let me know)") == (
        {"feel free to", "don't hesitate to"}, {"ask", "let me know"})
    assert required_literals(r"won['’]t") == ({"won't", "won’t"},)
    assert required_literals(r"Straße") == ({"strasse"},)  # case-folded, like the text it is tested on
    assert required_literals(r"\w+") is None
    # A Unicode property is one character, not a literal "p{Lu}"; an escaped backslash is not one.
    assert required_literals(r"\p{Lu}ber|[\p{L}\pN]ber") == ({"ber"},)
    assert required_literals(r"\\p{Lu}") is None  # a backslash, then "p" and a fuzzy-looking brace


def test_could_match_needs_one_string_of_every_set():
    required = required_literals(r"\bas an ai(?: language)? model\b")
    assert could_match(required, "as an ai language model, i")
    assert not could_match(required, "as an ai, i think")  # no " model"
    assert could_match(None, "anything")


def test_word_edges_of_the_pattern_are_word_edges_of_the_text():
    required = required_literals(r"\b(?:cet|ce|cette|ces)\s+(?:article|texte)")
    assert required == ({"\x02article", "\x02texte"}, {"\x02ce\x03", "\x02ces\x03", "\x02cet\x03", "\x02cette\x03"})
    assert not could_match(required, "a certain article, since texte")  # "ce" and "ces" only inside words
    assert could_match(required, "ce texte")
    assert could_match(required, "ce-texte? article")  # permissive: "-" is not a word character
    # the window's own ends are edges: the pattern may see past them
    assert could_match(required_literals(r"\bce\b"), "ce")
    # an edge is claimed only beside a word character of the pattern's own
    assert required_literals(r"\b'twas\b") == ({"'twas\x03"},)
    # an optional or repeated boundary claims nothing
    assert required_literals(r"(?:\b)?ce\s*te") == ({"ce"}, {"te"})


def test_whole_word_sets_are_looked_up_among_the_words_of_the_text():
    assert word_keys(required_literals(r"\b(?:need|needs|should)\b\s+\w+")) == {"need", "needs", "should"}
    assert word_keys(required_literals(r"\bas an ai\b")) is None  # several words: a substring test
    assert word_keys(required_literals(r"\b(?:will|won't)\b")) is None  # an apostrophe is no word character
    assert word_keys(required_literals(r"(?:need|should)\b")) is None  # inside a word: "kneed"
    keys = word_keys(required_literals(r"\bgr[üu]ße\b"))
    assert keys == {"grüsse", "grusse"}  # case-folded, as the text's words are
    assert not keys.isdisjoint(words_of("GRÜSSE aus Wien".casefold()))
    assert keys.isdisjoint(words_of("begrüsse sie".casefold()))


def test_no_prefilter_where_the_two_parsers_could_disagree():
    for pattern in (r"(?:uber){e<=1}", r"[[:alpha:]]x", r"(?|a)bc", r"a|", r"(?V1)abc"):
        assert required_literals(pattern) is None, pattern


def _builtin_patterns() -> list[str]:
    out = []
    cues = load_builtin_lexicon("claim-cues")
    for spec in cues["signals"].values():
        out += spec.get("patterns", [])
    out += cues.get("against", {}).get("patterns", []) + cues.get("opinion_patterns", [])
    out += load_builtin_lexicon("vague-sources").get("passive_patterns", [])
    out += load_builtin_lexicon("chatbot-leftovers").get("patterns", [])
    for family in load_builtin_lexicon("ai-tells")["families"].values():
        out += (family or {}).get("patterns", []) or []
    return out


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_prefilter_never_skips_a_text_the_pattern_matches(data):
    """Texts made of pieces of the patterns' own literals, in any case: wherever the regex
    matches, the prefilter lets the text through."""
    pattern = data.draw(st.sampled_from(_builtin_patterns()))
    required = required_literals(pattern)
    pieces = sorted(set().union(*required) if required else {"x"}) + ["a", " ", "said", "will", "the", "2", "I", "'", "’", "Ai"]
    words = data.draw(st.lists(st.sampled_from(pieces), max_size=12))
    text = " ".join(w.upper() if data.draw(st.booleans()) else w for w in words)
    if regex.search(pattern, text, FLAGS):
        assert could_match(required, text.casefold()), (pattern, text)
        keys = word_keys(required)
        assert keys is None or not keys.isdisjoint(words_of(text.casefold())), (pattern, text)


def _disclosure_patterns() -> list[str]:
    from disclose.analysis.disclosures import DisclosureDetector

    return sorted({rx.pattern for rx, *_ in DisclosureDetector.builtin().tables.entries})


def test_prefilter_of_disclosure_patterns_never_skips_a_disclosure():
    """Every built-in disclosure pattern over real disclosure statements in a dozen languages and
    the sentences of real and ChatGPT news: a text the prefilter skips holds no match."""
    texts = []
    with open(shared_path("eval", "disclosures", "dev.jsonl"), encoding="utf-8") as fh:
        texts += [json.loads(line)["text"] for line in fh if line.strip()]
    with open(shared_path("eval", "ai-news", "human.jsonl"), encoding="utf-8") as fh:
        for line in list(fh)[:150]:
            texts += [p for p in json.loads(line)["text"].split("\n") if p.strip()]
    skipped = matched = 0
    for pattern in _disclosure_patterns():
        required = required_literals(pattern)
        if required is None:
            continue
        rx = regex.compile(pattern, FLAGS)
        for text in texts:
            if not could_match(required, text.casefold()):
                assert rx.search(text) is None, (pattern[:80], text[:80])
                skipped += 1
            elif rx.search(text):
                matched += 1
    assert matched > 100 and skipped > 10_000  # the patterns do match, the prefilter does skip


def test_prefilter_never_skips_a_match_in_real_articles():
    """Every built-in pattern over every paragraph of the human and ChatGPT news: a paragraph the
    prefilter skips holds no match."""
    texts = []
    for name in ("human.jsonl", "chatgpt.jsonl"):
        with open(shared_path("eval", "ai-news", name), encoding="utf-8") as fh:
            for line in fh:
                texts += [p for p in json.loads(line)["text"].split("\n") if p.strip()]
    checked = 0
    for pattern in _builtin_patterns():
        required = required_literals(pattern)
        if required is None:
            continue
        rx = regex.compile(pattern, FLAGS)
        keys = word_keys(required)
        for text in texts:
            if not could_match(required, text.casefold()) or (keys and keys.isdisjoint(words_of(text.casefold()))):
                assert rx.search(text) is None, (pattern, text[:80])
                checked += 1
    assert checked > 10_000  # the prefilter does skip most paragraphs
