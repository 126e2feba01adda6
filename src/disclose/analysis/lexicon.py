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


def words_regex(terms: Iterable[str], flags: int = FLAGS) -> "WordIndexedPattern":
    """Whole-word matcher for literal phrases (``.finditer``/``.search``, ``.pattern`` to combine)."""
    terms = list(terms)
    return indexed(regex.compile(rf"(?<![\w-])(?:{alternation(terms)})(?![\w-])", flags), terms)


#: Maximal runs of word characters and hyphens: the units the ``(?<![\w-])``/``(?![\w-])``
#: boundaries of a whole-word pattern see.
_RUN = regex.compile(r"[\w-]+")


def first_run(term: str) -> str | None:
    """The first word run of a phrase, lower-cased; None if the phrase starts with punctuation."""
    term = term.strip()
    m = _RUN.match(term)
    return m.group(0).lower() if m else None


class WordIndexedPattern:
    """A whole-word phrase pattern tried only where one of its phrases can start.

    Scanning an alternation of hundreds of phrases at every character costs a few hundred
    microseconds a sentence. Every match of a whole-word pattern starts at a word run equal to the
    first run of one of its phrases, so looking each run of the sentence up in that set and trying
    an anchored match there finds exactly the same matches, in the same order, for a fraction of
    the cost. Phrases that start with punctuation make the index useless: then it scans.
    """

    __slots__ = ("compiled", "pattern", "first", "scan")

    def __init__(self, compiled: regex.Pattern, first_runs: set[str], scan: bool):
        self.compiled = compiled
        self.pattern = compiled.pattern
        self.first = frozenset(first_runs)
        self.scan = scan

    def finditer(self, text: str):
        if self.scan:
            return self.compiled.finditer(text)
        return self._indexed(text)

    def _indexed(self, text: str):
        end = 0
        match = self.compiled.match
        first = self.first
        for run in _RUN.finditer(text):
            start = run.start()
            if start < end or run.group(0).lower() not in first:
                continue
            hit = match(text, start)
            if hit is not None and hit.end() > start:
                end = hit.end()
                yield hit

    def search(self, text: str):
        return next(iter(self.finditer(text)), None)


#: Below this many phrases a plain scan is faster than looking every word up (measured on BBC text:
#: the index costs ~15 µs a sentence in Python; a scan of a few dozen phrases costs about that).
INDEX_MIN_TERMS = 80


def indexed(compiled: regex.Pattern, terms: Iterable[str]) -> WordIndexedPattern:
    """Wrap a whole-word pattern made of ``terms`` (literal phrases) with its first-word index."""
    terms = [t for t in terms if t and t.strip()]
    runs = {first_run(t) for t in terms}
    scan = None in runs or len(terms) < INDEX_MIN_TERMS
    return WordIndexedPattern(compiled, {r for r in runs if r}, scan)


def patterns_regex(patterns: Iterable[str], flags: int = FLAGS) -> "AnyOf":
    """One matcher for a list of regex patterns: matches as their alternation would."""
    return AnyOf([regex.compile(p, flags) for p in patterns if p])


class AnyOf:
    """Several patterns that match as their alternation would, each scanned on its own.

    The ``regex`` module tries every alternative at every position, so one alternation of fifty
    patterns costs about five times the fifty separate scans (measured on BBC paragraphs for the
    chatbot leftovers: 278 against 53 µs). Matches are merged as the alternation takes them:
    leftmost first, the earlier pattern first at the same start, never overlapping. (The one
    difference: a match of one pattern hidden behind its own earlier match, which was itself
    dropped for overlapping another pattern's, is not recovered -- both overlap the kept one.)
    """

    __slots__ = ("compiled", "pattern")

    def __init__(self, compiled: list):
        self.compiled = compiled
        self.pattern = "|".join(f"(?:{c.pattern})" for c in compiled) if compiled else r"(?!x)x"

    def finditer(self, text: str, timeout: float | None = None):
        hits = []
        for index, pattern in enumerate(self.compiled):
            # Most patterns never match: one C-level search says so without building an iterator.
            m = pattern.search(text, timeout=timeout) if timeout else pattern.search(text)
            while m is not None:
                if m.end() > m.start():
                    hits.append((m.start(), index, m))
                    pos = m.end()
                else:
                    pos = m.end() + 1
                if pos > len(text):
                    break
                m = pattern.search(text, pos, timeout=timeout) if timeout else pattern.search(text, pos)
        if len(hits) > 1:
            hits.sort(key=lambda h: (h[0], h[1]))
        end = -1
        for start, _, m in hits:
            if start >= end:
                end = m.end()
                yield m

    def search(self, text: str):
        return next(iter(self.finditer(text)), None)

    def match(self, text: str, pos: int = 0):
        """Anchored at ``pos``: the first pattern that matches there, as in an alternation."""
        for pattern in self.compiled:
            m = pattern.match(text, pos)
            if m is not None:
                return m
        return None


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
