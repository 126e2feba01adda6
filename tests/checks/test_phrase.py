"""The ``phrase`` kind: chatbot leftovers and user patterns."""

from disclose import runlog
from tests.helpers import check, lint_text

LEFTOVERS = {"kind": "phrase", "lexicon": "chatbot-leftovers"}


def test_chatbot_leftovers():
    text = ("Title line\n\nAs an AI language model, I cannot verify this.\n\n"
            "The deal was worth [insert figure here].\n\nI hope this helps!\n")
    check(text, LEFTOVERS, problems=[(3, 1), (5, 20), (7, 1)])


def test_knowledge_cutoff_leftover():
    check("Title line\n\nAs of my last knowledge update, the bridge was unfinished.\n", LEFTOVERS, problems=[(3, 1)])


def test_ordinary_text_is_clean():
    check("Title line\n\nThe model of the new bridge was shown to the council.\n", LEFTOVERS, problems=[])


def test_terms_and_patterns():
    check("Title line\n\nThe shocking truth about taxes.\n", {"kind": "phrase", "terms": ["shocking truth"]}, problems=[(3, 5)])
    check("Title line\n\nCall 555-0199 now.\n", {"kind": "phrase", "patterns": [r"\b555-\d{4}\b"]}, problems=[(3, 6)])


def test_pattern_timeout_is_reported_once_and_lint_completes():
    runlog.drain()
    rule = {"kind": "phrase", "patterns": [r"(a+)+$"], "timeout": 0.01}
    result = lint_text("Title line\n\n" + "a" * 5000 + "b\n", rule)
    assert result.violations == []
    messages = runlog.drain()
    assert len(messages) == 1 and "timed out" in messages[0] and "t/r" in messages[0]


def test_a_pattern_the_article_lacks_is_ruled_out_once_not_per_paragraph(monkeypatch):
    """A pattern is matched paragraph by paragraph, but what its prefilters need is worked out
    once per article (``lexicon.Scope``): a pattern whose words the article lacks is never tried,
    one with a leading word ("deal") is looked for once in the whole article and tried only where
    the word is; a pattern with neither is prefiltered per paragraph."""
    from disclose.analysis import lexicon
    from disclose.analysis.prefilter import leading_literals, required_literals

    calls, places = [], []
    real, real_starts = lexicon.could_match, lexicon.starts
    monkeypatch.setattr(lexicon, "could_match", lambda required, folded: calls.append(required) or real(required, folded))
    monkeypatch.setattr(lexicon, "starts", lambda leading, folded: places.append(leading) or real_starts(leading, folded))
    rule = {"kind": "phrase", "patterns": [r"\bsource\w*\s+close\w*", r"\bdeal\s+was\s+worth\b",
                                           r"\w+\s+million\b"]}
    text = "Title line\n\n" + "".join(f"Paragraph {i}: the deal was worth {i} million.\n\n" for i in range(6))
    violations = check(text, rule, problems=[(3 + 2 * i, c) for i in range(6) for c in (18, 33)])
    assert [v.excerpt for v in violations][:2] == ["deal was worth", "0 million"]
    assert leading_literals(rule["patterns"][1]) == {"deal"} and leading_literals(rule["patterns"][2]) is None
    assert places.count(leading_literals(rule["patterns"][1])) == 1  # once, for the whole article
    assert calls.count(required_literals(rule["patterns"][1])) == 0  # no per-paragraph test: its places say
    assert calls.count(required_literals(rule["patterns"][2])) == 6  # six paragraphs (the title lacks it)
    assert calls.count(required_literals(rule["patterns"][0])) == 0
