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

    def search(self, text: str, pos: int = 0, endpos: int | None = None) -> regex.Match | None:
        if self.timed_out:
            return None
        budget = self._budget(text, pos, endpos)
        try:
            return self.rx.search(text, pos, endpos, timeout=budget)
        except TimeoutError:
            self._timed_out(budget)
            return None

    def match(self, text: str, pos: int = 0, endpos: int | None = None) -> regex.Match | None:
        if self.timed_out:
            return None
        budget = self._budget(text, pos, endpos)
        try:
            return self.rx.match(text, pos, endpos, timeout=budget)
        except TimeoutError:
            self._timed_out(budget)
            return None

    def finditer(self, text: str, pos: int = 0, endpos: int | None = None) -> list[regex.Match]:
        if self.timed_out:
            return []
        budget = self._budget(text, pos, endpos)
        try:
            return list(self.rx.finditer(text, pos, endpos, timeout=budget))
        except TimeoutError:
            self._timed_out(budget)
            return []


def bounded(pattern: str, lexicon: str, flags: int = FLAGS) -> BoundedPattern:
    """Compile a pattern made from lexicon ``lexicon`` for time-limited matching."""
    return BoundedPattern(regex.compile(pattern, flags), lexicon)


def alternation(terms: Iterable[str]) -> str:
    """A regex alternation of literal phrases, longest first, whitespace-tolerant."""
    unique = sorted({t.strip() for t in terms if t and t.strip()}, key=lambda t: (-len(t), t))
    parts = [r"\s+".join(regex.escape(word) for word in term.split()) for term in unique]
    return "|".join(parts) if parts else r"(?!x)x"


def words_regex(terms: Iterable[str], flags: int = FLAGS) -> regex.Pattern:
    """Whole-word matcher for literal phrases."""
    return regex.compile(rf"(?<![\w-])(?:{alternation(terms)})(?![\w-])", flags)


def patterns_regex(patterns: Iterable[str], lexicon: str, flags: int = FLAGS) -> BoundedPattern:
    """One time-limited matcher for a list of regex patterns from lexicon ``lexicon`` (each
    wrapped in a non-capturing group)."""
    pats = [p for p in patterns if p]
    body = "|".join(f"(?:{p})" for p in pats) if pats else r"(?!x)x"
    return bounded(body, lexicon, flags)


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
