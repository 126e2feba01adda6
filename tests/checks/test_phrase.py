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
