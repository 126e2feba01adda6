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
    """The per-paragraph prefilter runs only for patterns whose words the article holds (a
    pattern is matched paragraph by paragraph; ``lexicon.Scope`` rules it out for all at once)."""
    from disclose.analysis import lexicon
    from disclose.analysis.prefilter import required_literals

    calls = []
    real = lexicon.could_match
    monkeypatch.setattr(lexicon, "could_match", lambda required, folded: calls.append(required) or real(required, folded))
    rule = {"kind": "phrase", "patterns": [r"\bsource\w*\s+close\w*", r"\bdeal\s+was\s+worth\b"]}
    text = "Title line\n\n" + "".join(f"Paragraph {i}: the deal was worth {i} million.\n\n" for i in range(6))
    violations = check(text, rule, problems=[(3 + 2 * i, 18) for i in range(6)])
    assert [v.excerpt for v in violations][:1] == ["deal was worth"]
    # Only the pattern the article can hold is tested per paragraph (six; the title lacks its
    # words), never the other.
    assert calls.count(required_literals(rule["patterns"][1])) == 6
    assert calls.count(required_literals(rule["patterns"][0])) == 0
