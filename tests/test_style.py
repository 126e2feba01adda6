"""The style features of the undisclosed-AI model (analysis/style.py, issue 17)."""

from __future__ import annotations

import pytest

from disclose.analysis.style import describe, style_features
from disclose.model import Sentence
from disclose.policy import load_ruleset


@pytest.fixture(scope="module")
def vocab():
    return load_ruleset(["core"]).lexicons["style"]


def _sentences(*texts: str) -> list[Sentence]:
    out, pos = [], 0
    for t in texts:
        out.append(Sentence(start=pos, end=pos + len(t), text=t, section="body", block=0))
        pos += len(t) + 1
    return out


def test_contractions_count_and_the_possessive_does_not(vocab):
    f = style_features(_sentences("They don't know.", "It's the mayor's car.", "We're late, she said."),
                       [], [], vocab)
    # 11 words: "don't", "We're" are contractions; "It's" and "mayor's" end in 's (not counted).
    assert f["w:contractions"] == pytest.approx(2 * 100 / 11)


def test_sentence_openers_commas_and_connectives(vocab):
    f = style_features(_sentences("The council met on Monday, as planned.",
                                  "However, the vote was delayed.",
                                  "She said the plan, moreover, was costly."), [], [], vocab)
    assert f["s:start_the"] == pytest.approx(1 / 3)
    assert f["s:start_pronoun"] == pytest.approx(1 / 3)
    assert f["s:commas_per_sentence"] == pytest.approx(4 / 3)
    n = 7 + 5 + 7
    assert f["v:connectives"] == pytest.approx(2 * 100 / n)
    assert f["pn:comma"] == pytest.approx(4 * 100 / n)


def test_even_neighbouring_lengths_jump_less(vocab):
    even = style_features(_sentences(*["one two three four five six."] * 4), [], [], vocab)
    uneven = style_features(_sentences("one two.", "one two three four five six seven eight nine ten.",
                                       "one two.", "one two three four five six seven eight nine ten."),
                            [], [], vocab)
    assert even["s:len_jump"] == 0.0
    assert uneven["s:len_jump"] > 1.0


def test_new_features_are_described_with_their_values():
    assert describe("w:contractions", 0.05) == "0.05 contractions per 100 words"
    assert describe("s:start_the", 0.25) == "25% of sentences open with “the”"
