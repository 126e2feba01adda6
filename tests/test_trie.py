"""The phrase trie: one walk over a text's word runs finds every list's phrases, as a whole-word
case-insensitive alternation of each list would, and its table is plain JSON."""

from __future__ import annotations

import json

import regex
from hypothesis import given, settings, strategies as st

from disclose.analysis.lexicon import Tokens, phrases
from disclose.analysis.patterns import FLAGS, alternation
from disclose.analysis.trie import Trie, build_table


def found(trie: Trie, text: str) -> dict[str, list[tuple[int, int, str]]]:
    tokens = Tokens(text)
    out = {}
    for index, hits in trie.by_list(trie.walk(tokens.keys, tokens.gaps)).items():
        out[trie.names[index]] = [(tokens.starts[h.first], tokens.ends[h.last],
                                   text[tokens.starts[h.first]:tokens.ends[h.last]]) for h in hits]
    return out


def regex_spans(terms, text, apostrophe=False):
    alt = alternation(terms)
    if apostrophe:
        alt = alt.replace("'", "['’]")
    rx = regex.compile(rf"(?<![\w-])(?:{alt})(?![\w-])", FLAGS)
    return [(m.start(), m.end(), m.group(0)) for m in rx.finditer(text)]


def test_table_is_plain_json_and_round_trips():
    table = build_table({"a": ["according to", "said"], "b": {"x": ["per"], "y": ["per annum"]}}, ["a"])
    again = json.loads(json.dumps(table))
    assert again == table
    text = "According to her, it pays 5% per annum, she said"
    assert found(Trie(again), text) == found(Trie(table), text)


def test_longest_match_wins_and_matches_do_not_overlap():
    trie = Trie(build_table({"l": ["more", "more than", "more than ever", "than ever"]}))
    assert found(trie, "more than ever, more than that, than ever") == {
        "l": [(0, 14, "more than ever"), (16, 25, "more than"), (32, 41, "than ever")]}


def test_overlapping_phrases_of_different_lists_are_all_found_in_one_walk():
    trie = Trie(build_table({"cue": ["according to"], "vague": ["according"], "hedge": ["to some"]}))
    assert found(trie, "according to some") == {
        "cue": [(0, 12, "according to")], "vague": [(0, 9, "according")], "hedge": [(10, 17, "to some")]}


def test_case_and_whitespace():
    trie = Trie(build_table({"l": ["It is believed"]}))
    assert found(trie, "IT IS\n  believed; it is-believed") == {"l": [(0, 16, "IT IS\n  believed")]}


def test_hyphens_belong_to_a_run_and_apostrophes_are_gaps():
    trie = Trie(build_table({"h": ["so-called", "so"], "a": ["won't", "today's"]}, apostrophe=["a"]))
    text = "so-called so so-calledness won’t today's won ’t"
    assert found(trie, text) == {"h": [(0, 9, "so-called"), (10, 12, "so")],
                                 "a": [(27, 32, "won’t"), (33, 40, "today's")]}
    # Without the apostrophe option a straight one matches only itself.
    assert found(Trie(build_table({"a": ["won't"]})), "won’t won't") == {"a": [(6, 11, "won't")]}


def test_non_latin_scripts_and_offsets():
    terms = ["по данным", "сообщает", "سيتم", "日本"]
    trie = Trie(build_table({"l": terms}))
    text = "По данным агентства, ТАСС сообщает; سيتم ذلك; 日本 и 日本語"
    spans = found(trie, text)["l"]
    assert spans == regex_spans(terms, text)
    assert [text[s:e] for s, e, _ in spans] == ["По данным", "сообщает", "سيتم", "日本"]


def test_punctuation_at_a_phrase_edge_marks_the_list_for_its_regex():
    table = build_table({"ok": ["said"], "odd": ["[insert", "said"]})
    assert table["fallback"] == [False, True]
    assert found(Trie(table), "she said") == {"ok": [(4, 8, "said")]}


def test_groups_rank_before_length():
    trie = Trie(build_table({"cue": {"phrase": ["per"], "verb": ["per annum"]}}))
    tokens = Tokens("per annum")
    (hit,) = trie.by_list(trie.walk(tokens.keys, tokens.gaps))[0]
    assert (trie.groups[0][hit.group], hit.first, hit.last) == ("phrase", 0, 0)


TERMS = ["according to", "said", "so-called", "won't be", "No. 1", "per cent", "more than", "more than ever",
         "than ever", "Said", "top-ranked"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(TERMS + ["x", "-", ".", " ", "\n", "SAID", "’", "'", "1", "No.", "more", "ever"]),
                max_size=30))
def test_each_list_agrees_with_its_regex_on_random_text(parts):
    text = " ".join(parts)
    lists = {"a": TERMS[:6], "b": TERMS[4:], "c": ["more", "ever", "no"]}
    trie = Trie(build_table(lists))
    got = found(trie, text)
    for name, terms in lists.items():
        assert got.get(name, []) == regex_spans(terms, text), name
        assert [(m.start(), m.end(), m.group(0)) for m in phrases(terms).finditer(text)] == regex_spans(terms, text)


def test_a_list_in_a_phrase_book_is_found_by_the_book_walk_alone(monkeypatch):
    """Lists matched through a ``PhraseBook`` build no trie of their own (a one-file run would pay
    for one per list at every start): the book's one table is built, and the lists' answers
    are the same as a list matched alone."""
    from disclose.analysis import lexicon, trie as trie_module

    built = []
    real = trie_module.build_table
    monkeypatch.setattr(lexicon, "build_table", lambda *a, **k: built.append(a[0]) or real(*a, **k))
    book = lexicon.PhraseBook()
    said = book.phrases({None: ["said", "told reporters"]})
    hedges = book.phrases({None: ["reportedly", "it is believed"]})
    text = "It is believed the minister told reporters, reportedly, what she said."
    assert [m.group(0) for m in said.finditer(text)] == ["told reporters", "said"]
    assert [m.group(0) for m in hedges.finditer(text)] == ["It is believed", "reportedly"]
    assert len(built) == 1 and set(built[0]) == {"0", "1"}  # the book's table only
    alone = phrases(["said", "told reporters"])
    assert [m.group(0) for m in alone.finditer(text)] == ["told reporters", "said"]
