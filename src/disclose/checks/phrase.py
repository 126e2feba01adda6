"""``phrase`` -- words and patterns that must not appear (like Vale's ``existence``).

Matches a lexicon (``lexicon: chatbot-leftovers``), literal ``terms`` and/or regular expressions
(``patterns``, the ``regex`` module's syntax, case-insensitive) against the visible text of the
rule's sections (default: every section except boilerplate). Chatbot leftovers -- "As an AI
language model", "I hope this helps", "[insert source]", "as of my last update" -- are the
built-in use: any one of them in a published article means the AI output was not reviewed.

User patterns run with a time limit (``timeout``, seconds, default 1): a pattern that takes longer
on some text is reported once and skipped; the rest of the lint completes.

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
    from ..analysis.lexicon import AnyOf, alternation
    from ..policy.yamlload import PolicyError

    opts = rule.options
    patterns = list(opts["patterns"])
    if opts["lexicon"]:
        if opts["lexicon"] not in lexicons:
            raise PolicyError(rule.path, rule.line, f"rules.{rule.name}.lexicon: unknown lexicon {opts['lexicon']!r} "
                                                     f"(known: {', '.join(sorted(lexicons))})")
        lex = lexicons[opts["lexicon"]]
        patterns += list(lex.get("patterns", []))
        if lex.get("terms"):
            patterns.append(rf"(?<![\w-])(?:{alternation(lex['terms'])})(?![\w-])")
    if opts["terms"]:
        patterns.append(rf"(?<![\w-])(?:{alternation(opts['terms'])})(?![\w-])")
    if not patterns:
        raise PolicyError(rule.path, rule.line, f"rules.{rule.name}: a phrase rule needs `lexicon`, `terms` or `patterns`")
    try:
        rule.prepared = AnyOf([regex.compile(p, regex.IGNORECASE) for p in patterns])
    except regex.error as exc:
        raise PolicyError(rule.path, rule.line, f"rules.{rule.name}: invalid pattern: {exc}") from None


def check(rule, analysis: Analysis) -> Iterator[Finding]:
    sections = rule.sections or ALL_BUT_BOILERPLATE
    timeout = rule.options["timeout"]
    for block in analysis.document.blocks:
        if block.section not in sections:
            continue
        try:
            matches = list(rule.prepared.finditer(block.text, timeout=timeout))
        except TimeoutError:
            runlog.warn_once(f"rule {rule.id}: pattern timed out after {timeout:g}s on {analysis.document.path}; "
                             "skipped there (simplify the pattern)", key=("timeout", rule.id))
            continue
        for m in matches:
            if m.end() > m.start():
                s, e = block.span_to_source(m.start(), m.end())
                yield Finding(s, e, {"text": m.group(0)})
