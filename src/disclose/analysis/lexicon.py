"""Turn YAML word lists into compiled patterns, once per policy set.

Word lists are data (``rules/lexicons/*.yaml``); this module only knows how to make fast regexes
of them: one alternation per list, longest phrases first, spaces matching any whitespace, whole
words only.

Regular expressions from lexicons may come from a policy in another repository, so each one runs
through ``BoundedPattern``: with a time limit, and when it is exceeded the pattern is treated as
not matching there and the run warns once, naming the lexicon. Literal word lists
(``words_regex``) are escaped alternations, which cannot backtrack catastrophically, and stay
plain compiled patterns.
"""

from __future__ import annotations

from typing import Iterable

import regex

from .. import limits, runlog

FLAGS = regex.IGNORECASE | regex.UNICODE


class BoundedPattern:
    """A compiled pattern from lexicon ``lexicon`` whose searches cannot hang a run.

    Every call gets ``limits.LEXICON_PATTERN_TIMEOUT`` seconds per megabyte of text searched
    (at least that much): linear scanning of a huge file is not cut short, catastrophic
    backtracking is. ``finditer`` returns a list, so the time limit covers only the matching.
    A pattern that timed out once matches nothing for the rest of the run: one slow pattern
    costs one time limit, not one per sentence.
    """

    __slots__ = ("rx", "lexicon", "pattern", "groupindex", "timed_out")

    def __init__(self, rx: regex.Pattern, lexicon: str):
        self.rx = rx
        self.lexicon = lexicon
        self.pattern = rx.pattern
        self.groupindex = rx.groupindex
        self.timed_out = False

    @staticmethod
    def _budget(text: str, pos: int, endpos: int | None) -> float:
        span = (len(text) if endpos is None else min(endpos, len(text))) - pos
        return limits.LEXICON_PATTERN_TIMEOUT * max(1.0, span / 1_000_000)

    def _timed_out(self, budget: float) -> None:
        self.timed_out = True
        runlog.warn_once(f"lexicon {self.lexicon}: a pattern took longer than {budget:g}s; it is skipped "
                         "for the rest of the run (simplify it: nested repetition such as (a|aa)+ "
                         "backtracks exponentially)", key=("lexicon-timeout", self.lexicon))

    def _run(self, method, empty, text: str, pos: int, endpos: int | None):
        """``method(text, pos, endpos)`` within the time budget; ``empty`` once it has timed out."""
        if self.timed_out:
            return empty
        budget = self._budget(text, pos, endpos)
        try:
            return method(text, pos, endpos, timeout=budget)
        except TimeoutError:
            self._timed_out(budget)
            return empty

    def search(self, text: str, pos: int = 0, endpos: int | None = None) -> regex.Match | None:
        return self._run(self.rx.search, None, text, pos, endpos)

    def match(self, text: str, pos: int = 0, endpos: int | None = None) -> regex.Match | None:
        return self._run(self.rx.match, None, text, pos, endpos)

    def finditer(self, text: str, pos: int = 0, endpos: int | None = None) -> list[regex.Match]:
        # A list, so that the time limit covers the whole scan, not just its first match.
        return self._run(lambda *a, **k: list(self.rx.finditer(*a, **k)), [], text, pos, endpos)


def bounded(pattern: str, lexicon: str, flags: int = FLAGS) -> BoundedPattern:
    """Compile a pattern made from lexicon ``lexicon`` for time-limited matching."""
    return BoundedPattern(regex.compile(pattern, flags), lexicon)


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

    __slots__ = ("compiled", "pattern", "first", "scan", "gate")

    def __init__(self, compiled: regex.Pattern, first_runs: set[str], scan: bool,
                 gate: frozenset[str] | None = None):
        self.compiled = compiled
        self.pattern = compiled.pattern
        self.first = frozenset(first_runs)
        self.scan = scan
        self.gate = gate  # see ``literal_gate``

    def finditer(self, text: str, runs: set[str] | None = None):
        """Matches in order; ``runs`` (``word_runs(text)``) skips a text that contains no key
        word of any phrase (see ``literal_gate``)."""
        if runs is not None and self.gate is not None and runs.isdisjoint(self.gate):
            return iter(())
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
    return WordIndexedPattern(compiled, {r for r in runs if r}, scan, literal_gate(terms))


def word_runs(text: str) -> set[str]:
    """The lower-cased word runs of a text, for ``AnyOf`` gates (one tokenisation per sentence)."""
    return set(_RUN.findall(text.lower()))


def literal_gate(terms: Iterable[str]) -> frozenset[str] | None:
    """A key word run of each phrase of a whole-word phrase list: a phrase can only match a text
    that contains all its runs, so one that contains none of the keys cannot match. The key is
    the phrase's longest run ("turning" for "a turning point"), the most selective one. None if
    a phrase has no word run at all."""
    keys = set()
    for term in terms:
        runs = _RUN.findall(term.lower()) if term and term.strip() else []
        if not runs:
            return None
        keys.add(max(runs, key=len))
    return frozenset(keys)


def patterns_regex(patterns: Iterable[str], lexicon: str = "", flags: int = FLAGS) -> "AnyOf":
    """One time-limited matcher for a list of regex patterns from lexicon ``lexicon``: it matches
    as their alternation would."""
    return AnyOf([bounded(p, lexicon or "built-in", flags) for p in patterns if p])


class AnyOf:
    """Several patterns that match as their alternation would, each scanned on its own.

    The ``regex`` module tries every alternative at every position, so one alternation of fifty
    patterns costs about five times the fifty separate scans (measured on BBC paragraphs for the
    chatbot leftovers: 278 against 53 µs). Matches are merged as the alternation takes them:
    leftmost first, the earlier pattern first at the same start, never overlapping. (The one
    difference: a match of one pattern hidden behind its own earlier match, which was itself
    dropped for overlapping another pattern's, is not recovered -- both overlap the kept one.)
    """

    __slots__ = ("compiled", "pattern", "gates")

    def __init__(self, compiled: list, gates: list | None = None):
        self.compiled = compiled
        self.pattern = "|".join(f"(?:{c.pattern})" for c in compiled) if compiled else r"(?!x)x"
        #: Per pattern, word runs of which a text must contain one for it to match
        #: (``literal_gate``), or None: a caller that passes the text's ``word_runs`` skips
        #: patterns that cannot match.
        self.gates = gates or [None] * len(compiled)

    def finditer(self, text: str, timeout: float | None = None, runs: set[str] | None = None):
        """Matches in order. ``timeout`` (seconds, per pattern) is for plain compiled patterns
        (a phrase rule's user patterns); ``BoundedPattern``s carry their own limit. ``runs``:
        ``word_runs(text)``, to skip the literal patterns none of whose first words occur."""
        hits = []
        limit = {"timeout": timeout} if timeout else {}
        for index, pattern in enumerate(self.compiled):
            gate = self.gates[index]
            if runs is not None and gate is not None and runs.isdisjoint(gate):
                continue
            # Most patterns never match: one C-level search says so without building an iterator.
            m = pattern.search(text, **limit)
            while m is not None:
                if m.end() > m.start():
                    hits.append((m.start(), index, m))
                    pos = m.end()
                else:
                    pos = m.end() + 1
                if pos > len(text):
                    break
                m = pattern.search(text, pos, **limit)
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
