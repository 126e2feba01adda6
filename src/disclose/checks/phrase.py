"""``phrase`` -- words and patterns that must not appear (like Vale's ``existence``).

Matches a lexicon (``lexicon: chatbot-leftovers``), literal ``terms`` and/or regular expressions
(``patterns``, the ``regex`` module's syntax, case-insensitive) against the visible text of the
rule's sections (default: every section except boilerplate). Chatbot leftovers -- "As an AI
language model", "I hope this helps", "[insert source]", "as of my last update" -- are the
built-in use: any one of them in a published article means the AI output was not reviewed.

User patterns run with a time limit (``timeout``, seconds per megabyte of text searched, at least
``timeout``; default 1): a pattern that takes longer on some text is reported once and the rule is
skipped from then on (one slow pattern costs one time limit per run); the rest of the lint
completes. (Per megabyte, so that linear scanning of a huge one-line
file is not mistaken for catastrophic backtracking.)

Message placeholder: ``{text}`` -- the matched words.
"""

from __future__ import annotations

from typing import Iterator

import regex

from ..model import Analysis
from .base import Finding
from .. import runlog

KIND = "phrase"
CONF = {"lexicon": str, "terms": [str], "patterns": ["regex"], "timeout": float}
DEFAULT = {"lexicon": "", "terms": [], "patterns": [], "timeout": 1.0}
ALL_BUT_BOILERPLATE = ("title", "summary", "heading", "body", "caption")


def prepare(rule, lexicons: dict, settings: dict) -> None:
    from ..analysis.lexicon import AnyOf, phrases
    from ..analysis.patterns import LazyPattern
    from ..policy.errors import PolicyError

    opts = rule.options
    patterns = list(opts["patterns"])
    if opts["lexicon"]:
        if opts["lexicon"] not in lexicons:
            raise PolicyError(rule.path, rule.line, f"rules.{rule.name}.lexicon: unknown lexicon {opts['lexicon']!r} "
                                                     f"(known: {', '.join(sorted(lexicons))})")
        lex = lexicons[opts["lexicon"]]
        for key in ("patterns", "terms"):
            items = lex.get(key, [])
            if not isinstance(items, list) or not all(isinstance(x, str) for x in items):
                raise PolicyError(rule.path, rule.line, f"rules.{rule.name}.lexicon: {key} of lexicon "
                                                         f"{opts['lexicon']!r} must be a list of strings")
        patterns += list(lex.get("patterns", []))
    # Word lists are matched on word runs (see Phrases): no regex scan, nothing to time-limit.
    word_lists = [phrases(terms) for terms in (lex.get("terms") if opts["lexicon"] else None, opts["terms"]) if terms]
    if not patterns and not word_lists:
        raise PolicyError(rule.path, rule.line, f"rules.{rule.name}: a phrase rule needs `lexicon`, `terms` or `patterns`")
    # Patterns were validated with the policy or its lexicon; each compiles when its prefilter
    # first lets a text through (see LazyPattern).
    rule.prepared = AnyOf([LazyPattern(p, regex.IGNORECASE) for p in patterns] + word_lists)


def check(rule, analysis: Analysis) -> Iterator[Finding]:
    if rule.prepared is None:  # timed out earlier in this run: skipped from then on
        return
    from ..analysis.lexicon import Scope, Tokens

    sections = rule.sections or ALL_BUT_BOILERPLATE
    blocks = [b for b in analysis.document.blocks if b.section in sections]
    # Patterns whose required words the article lacks are ruled out once, not once per block.
    scope = Scope(b.text for b in blocks) if len(blocks) > 1 and rule.prepared.uses_tokens else None
    for k, block in enumerate(blocks):
        timeout = rule.options["timeout"] * max(1.0, len(block.text) / 1_000_000)
        try:
            tokens = Tokens(block.text, scope, scope.offsets[k]) if scope is not None else None
            matches = list(rule.prepared.finditer(block.text, timeout=timeout, tokens=tokens))
        except TimeoutError:
            runlog.warn_once(f"rule {rule.id}: pattern timed out after {timeout:g}s on {analysis.document.path}; "
                             "the rule is skipped for the rest of the run (simplify the pattern)",
                             key=("timeout", rule.id))
            rule.prepared = None
            return
        for m in matches:
            if m.end() > m.start():
                s, e = block.span_to_source(m.start(), m.end())
                yield Finding(s, e, {"text": m.group(0)})
