"""The style features of the undisclosed-AI model (analysis/style.py, issue 17)."""

from __future__ import annotations

import pytest

import math
import random

from disclose.analysis.style import StyleModel, describe, style_features, word_patterns
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


def test_word_patterns_keep_grammar_words_and_replace_the_rest_by_shape(vocab):
    f = word_patterns(["The minister said on Tuesday that 5,000 jobs would go – “a sad day”."], vocab)
    # <s> the #w said on #C that #N #w would #w — " a #w #w " . </s>: 19 items
    assert f["g:the #w said"] == pytest.approx(100 / 19)
    assert f["g:#C that #N"] == pytest.approx(100 / 19)
    assert f["g:#w"] == pytest.approx(5 * 100 / 19)
    assert f['g:— " a'] == pytest.approx(100 / 19)  # curly quotes and en dashes as one mark each
    assert f["g:<s> the"] == f["g:. </s>"] == pytest.approx(100 / 19)
    assert not any("minister" in k or "Tuesday" in k for k in f)  # what the text is about is gone
    assert word_patterns(["The minister said so."], {}) == {}  # no pattern words: no features


def test_word_patterns_are_style_features_and_described(vocab):
    f = style_features(_sentences("Officials said the bridge, the road and the port would reopen.",
                                  "It was, they added, a relief.", "Traders were not so sure."), [], [], vocab)
    assert f["g:#w , the"] > 0 and f["g:and the #w"] > 0
    assert describe("g:#w , #w and", 0.8) == "word pattern “‹word› , ‹word› and” 0.80 per 100 words and marks"


def test_style_model_scores_and_explains_as_the_plain_formula():
    rnd = random.Random(7)
    names = [f"g:w{i}" for i in range(60)] + ["s:len_cv", "a:attributed_share"]
    spec = {n: (rnd.uniform(0, 2), rnd.uniform(0.1, 2), rnd.uniform(-1, 1)) for n in names}
    model = StyleModel("style", -0.3, 0.7, 0.2, spec)
    for _ in range(50):
        feats = {n: rnd.uniform(0, 3) for n in rnd.sample(names, 20)} | {"g:not-in-model": 5.0}
        plain = {n: w * (feats.get(n, 0.0) - m) / s for n, (m, s, w) in spec.items()}
        x = -0.3 + sum(plain.values())
        assert model.score(feats) == pytest.approx(1 / (1 + math.exp(-x)), rel=1e-12)
        top = sorted(((c, n) for n, c in plain.items() if c > 0), reverse=True)[:3]
        assert [(n, pytest.approx(c)) for n, _, c in model.explain(feats)] == [(n, c) for c, n in top]
        assert model.contributions(feats) == pytest.approx(plain)


def test_the_evidence_does_not_name_a_word_pattern_twice():
    spec = {"g:the most #w": (0.0, 1.0, 3.0), "g:the most": (0.0, 1.0, 2.9), "g:#w that": (0.0, 1.0, 1.0),
            "g:most": (0.0, 1.0, 2.8), "s:len_cv": (0.0, 1.0, 0.5)}
    model = StyleModel("style", 0.0, 0.7, 0.2, spec)
    feats = {name: 1.0 for name in spec}
    assert [name for name, _, _ in model.explain(feats)] == ["g:the most #w", "g:#w that", "s:len_cv"]
