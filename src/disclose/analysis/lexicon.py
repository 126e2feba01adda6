"""Turn YAML word lists into compiled patterns, once per policy set.

Word lists are data (``rules/lexicons/*.yaml``); this module only knows how to make fast regexes
of them: one alternation per list, longest phrases first, spaces matching any whitespace, whole
words only.
"""

from __future__ import annotations

from typing import Iterable

import regex

FLAGS = regex.IGNORECASE | regex.UNICODE


def alternation(terms: Iterable[str]) -> str:
    """A regex alternation of literal phrases, longest first, whitespace-tolerant."""
    unique = sorted({t.strip() for t in terms if t and t.strip()}, key=lambda t: (-len(t), t))
    parts = [r"\s+".join(regex.escape(word) for word in term.split()) for term in unique]
    return "|".join(parts) if parts else r"(?!x)x"


def words_regex(terms: Iterable[str], flags: int = FLAGS) -> regex.Pattern:
    """Whole-word matcher for literal phrases."""
    return regex.compile(rf"(?<![\w-])(?:{alternation(terms)})(?![\w-])", flags)


def patterns_regex(patterns: Iterable[str], flags: int = FLAGS) -> regex.Pattern:
    """One matcher for a list of regex patterns (each wrapped in a non-capturing group)."""
    pats = [p for p in patterns if p]
    body = "|".join(f"(?:{p})" for p in pats) if pats else r"(?!x)x"
    return regex.compile(body, flags)


def verb_forms(base: str) -> list[str]:
    """Regular inflections of an English verb (or a phrasal verb: only its first word inflects)."""
    head, _, rest = base.partition(" ")
    tail = f" {rest}" if rest else ""
    forms = {head}
    if head.endswith("e"):
        forms |= {head + "s", head + "d", head[:-1] + "ing"}
    elif head.endswith("y") and len(head) > 2 and head[-2] not in "aeiou":
        forms |= {head[:-1] + "ies", head[:-1] + "ied", head + "ing"}
    elif head.endswith(("s", "sh", "ch", "x", "z")):
        forms |= {head + "es", head + "ed", head + "ing"}
    else:
        forms |= {head + "s", head + "ed", head + "ing"}
        if regex.fullmatch(r"[^aeiou]*[aeiou][bdgmnpt]", head):  # stop -> stopped, admit -> admitted
            forms |= {head + head[-1] + "ed", head + head[-1] + "ing"}
    return [f + tail for f in forms]
