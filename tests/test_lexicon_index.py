"""The first-word index of whole-word phrase patterns finds exactly what a full scan finds."""

from __future__ import annotations

import regex
from hypothesis import given, settings, strategies as st

from disclose.analysis.lexicon import FLAGS, AnyOf, alternation, literal_gate, word_runs, words_regex
from disclose.resources import load_builtin_lexicon

TERMS = ["according to", "said", "says", "so-called", "won't be", "No. 1", "per cent", "it is believed",
         "reportedly", "more than ever", "top-ranked", "all-time", "than ever"]
SCAN = regex.compile(rf"(?<![\w-])(?:{alternation(TERMS)})(?![\w-])", FLAGS)


def spans(matches):
    return [(m.start(), m.end(), m.group(0)) for m in matches]


def big(terms):
    """The index is used only for long phrase lists; pad the list so the tests exercise it."""
    return terms + [f"zzfiller{i} word" for i in range(100)]


def test_index_agrees_with_scan_on_tricky_text():
    assert not words_regex(big(TERMS)).scan
    text = ("According to SANA, it said so-called talks won't be the No. 1 topic; sales rose 5 per cent, "
            "more than ever. Reportedly-ish unsaid re-said. It Is  Believed\nthat all-time highs … says-who")
    assert spans(words_regex(big(TERMS)).finditer(text)) == spans(SCAN.finditer(text))
    assert spans(words_regex(big(TERMS)).finditer(text))  # the sample does contain matches


def test_phrase_starting_with_punctuation_falls_back_to_scanning():
    pattern = words_regex(big(["[insert", "said"]))
    assert pattern.scan and pattern.search("the [insert figure] here").group(0) == "[insert"


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(TERMS + ["x", "-", ".", " ", "  ", "\n", "Said", "SAID", "un", "é", "'", "’"]), max_size=40))
def test_index_agrees_with_scan_on_random_text(parts):
    text = "".join(p if i % 2 else p + " " for i, p in enumerate(parts))
    assert spans(words_regex(big(TERMS)).finditer(text)) == spans(SCAN.finditer(text))


def test_index_agrees_with_scan_for_the_builtin_lexicons():
    vague = load_builtin_lexicon("vague-sources")
    text = ("Sources say the minister, who spoke on condition of anonymity, reportedly agreed. "
            "Experts believe the plan may work; some say it will not. It is widely believed to be so.")
    for key in ("source_phrases", "hedges", "weasel"):
        terms = vague.get(key, [])
        scan = regex.compile(rf"(?<![\w-])(?:{alternation(terms)})(?![\w-])", FLAGS)
        assert spans(words_regex(big(terms)).finditer(text)) == spans(scan.finditer(text)), key


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(TERMS + ["x", "-", ".", " ", "\n", "cent", "Per", "ever", "top", "un", "'"]), max_size=40))
def test_word_gates_skip_only_what_cannot_match(parts):
    """A word list gated by its phrases' key words finds exactly what the ungated scan finds."""
    text = " ".join(parts)
    gated = AnyOf([SCAN], [literal_gate(TERMS)])
    assert spans(gated.finditer(text, runs=word_runs(text))) == spans(SCAN.finditer(text))
    indexed_list = words_regex(big(TERMS))
    assert spans(indexed_list.finditer(text, runs=word_runs(text))) == spans(SCAN.finditer(text))


def test_gate_keys_are_the_longest_word_of_each_phrase():
    assert literal_gate(["a turning point", "per cent", "No. 1"]) == frozenset({"turning", "cent", "no"})
    assert literal_gate(["…", "said"]) is None
