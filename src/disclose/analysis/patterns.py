"""Regular expressions from lexicons: compiled on first use, time-limited, and the list-of-three
pattern with its segment-by-segment search.

Regular expressions from lexicons may come from a policy in another repository, so each one runs
through ``BoundedPattern``: with a time limit, and when it is exceeded the pattern is treated as
not matching there and the run warns once, naming the lexicon. ``lexicon.AnyOf`` combines such
patterns with word lists as one alternation would.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Iterable

import regex

from .. import limits, runlog

FLAGS = regex.IGNORECASE | regex.UNICODE


class LazyPattern:
    """A regex compiled the first time it is used.

    The ``regex`` module parses patterns in pure Python (a few hundred microseconds each), and a
    policy set holds hundreds; most never run on a given article, because their prefilter
    (``AnyOf``) rules them out. Compiling on first use keeps start-up short -- what pre-commit and
    editors pay on every file. Patterns are validated when the policy is loaded, so a compile
    error here is not expected.
    """

    __slots__ = ("pattern", "flags", "_rx")

    def __init__(self, pattern: str, flags: int = FLAGS):
        self.pattern, self.flags, self._rx = pattern, flags, None

    # Pickled as text (process pools and Dask ship linters to workers): a compiled regex would be compiled again there.
    def __getstate__(self) -> dict:
        state = {name: getattr(self, name) for cls in type(self).__mro__ for name in getattr(cls, "__slots__", ())}
        state["_rx"] = None
        return state

    def __setstate__(self, state: dict) -> None:
        for name, value in state.items():
            setattr(self, name, value)

    @property
    def rx(self) -> regex.Pattern:
        if self._rx is None:
            self._rx = regex.compile(self.pattern, self.flags)
        return self._rx

    def search(self, *args, **kwargs):
        return self.rx.search(*args, **kwargs)

    def match(self, *args, **kwargs):
        return self.rx.match(*args, **kwargs)

    def finditer(self, *args, **kwargs):
        return self.rx.finditer(*args, **kwargs)

    def __getattr__(self, name: str):
        # The compiled pattern's other methods (fullmatch, sub, split, findall, ...).
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(self.rx, name)


class BoundedPattern(LazyPattern):
    """A pattern from lexicon ``lexicon`` whose searches cannot hang a run (compiled on first
    use, see ``LazyPattern``).

    Every call gets ``limits.LEXICON_PATTERN_TIMEOUT`` seconds per megabyte of text searched
    (at least that much): linear scanning of a huge file is not cut short, catastrophic
    backtracking is. ``finditer`` returns a list, so the time limit covers only the matching.
    A pattern that timed out once matches nothing for the rest of the run: one slow pattern
    costs one time limit, not one per sentence.
    """

    __slots__ = ("lexicon", "timed_out")

    def __init__(self, pattern: str | regex.Pattern, lexicon: str, flags: int = FLAGS):
        if isinstance(pattern, str):
            super().__init__(pattern, flags)
        else:  # already compiled
            self.pattern, self.flags, self._rx = pattern.pattern, pattern.flags, pattern
        self.lexicon = lexicon
        self.timed_out = False

    @property
    def groupindex(self) -> dict:
        return self.rx.groupindex

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

    def fullmatch(self, text: str, pos: int = 0, endpos: int | None = None) -> regex.Match | None:
        return self._run(self.rx.fullmatch, None, text, pos, endpos)

    def finditer(self, text: str, pos: int = 0, endpos: int | None = None) -> list[regex.Match]:
        # A list, so that the time limit covers the whole scan, not just its first match.
        return self._run(lambda *a, **k: list(self.rx.finditer(*a, **k)), [], text, pos, endpos)


def bounded(pattern: str, lexicon: str, flags: int = FLAGS) -> BoundedPattern:
    """A pattern made from lexicon ``lexicon``, for time-limited matching (compiled on first use)."""
    return BoundedPattern(pattern, lexicon, flags)


def alternation(terms: Iterable[str]) -> str:
    """A regex alternation of literal phrases, longest first, whitespace-tolerant."""
    unique = sorted({t.strip() for t in terms if t and t.strip()}, key=lambda t: (-len(t), t))
    parts = [r"\s+".join(regex.escape(word) for word in term.split()) for term in unique]
    return "|".join(parts) if parts else r"(?!x)x"


#: A list item's word: letters, digits, apostrophes and hyphens.
_ITEM_WORD = r"[\p{L}\p{N}'’-]"


@lru_cache(maxsize=16)
def series_pattern(conjunctions: tuple[str, ...], words: int, flags: int = FLAGS) -> regex.Pattern | None:
    """Lists of three or more, "A, B(,) <conjunction> C", each item of one to ``words`` words (the
    rule-of-three tell and the style model's triads; compiled once per list of conjunctions).
    None when there are no conjunctions.

    The items before a comma are matched possessively: a word run, or an item, that stops short
    of the comma leaves a word character or a space where the comma must be, so giving one back
    never helps -- the matches are those of plain greedy items, found with less backtracking."""
    if not conjunctions:
        return None
    more = f"{{0,{words - 1}}}"
    lead = rf"{_ITEM_WORD}++(?:\s{_ITEM_WORD}++){more}+"
    item = rf"{_ITEM_WORD}++(?:\s{_ITEM_WORD}++){more}"
    return regex.compile(rf"(?<![\w-]){lead},\s(?:{lead},\s)*{item},?\s(?:{alternation(conjunctions)})\s{item}", flags)


class Series:
    """The lists of ``series_pattern``, found without scanning the whole text with it.

    A list consists of item characters (letters, digits, apostrophes, hyphens), whitespace,
    commas and the conjunctions' own characters, so each lies within one run of those
    (a *segment*), and holds a comma and a conjunction between whitespace. The pattern runs
    only on the segments that hold both, with the text's own ``pos``/``endpos`` (its
    lookbehind still sees the character before): the matches of a scan of the whole text,
    at a fraction of the cost (the pattern is tried at every word otherwise)."""

    __slots__ = ("pattern", "segment", "conjunction")

    def __init__(self, pattern: regex.Pattern, conjunctions: tuple[str, ...], flags: int):
        self.pattern = pattern
        extra = "".join(sorted({c for c in "".join(conjunctions) if not _SEGMENT_CHAR.match(c)}))
        self.segment = regex.compile(rf"[\p{{L}}\p{{N}}'’\-\s,{regex.escape(extra, special_only=False)}]+"
                                     if extra else r"[\p{L}\p{N}'’\-\s,]+")
        self.conjunction = regex.compile(rf"\s(?:{alternation(conjunctions)})\s", flags)

    def finditer(self, text: str) -> list[regex.Match]:
        found: list[regex.Match] = []
        for segment in self.segment.finditer(text):
            a, b = segment.span()
            if text.find(",", a, b) >= 0 and self.conjunction.search(text, a, b) is not None:
                found += self.pattern.finditer(text, a, b)
        return found


_SEGMENT_CHAR = regex.compile(r"[\p{L}\p{N}'’\-\s,]")


@lru_cache(maxsize=16)
def series(conjunctions: tuple[str, ...], words: int, flags: int = FLAGS) -> Series | None:
    """``series_pattern``'s lists, found segment by segment (``Series``); None without conjunctions."""
    pattern = series_pattern(conjunctions, words, flags)
    return Series(pattern, conjunctions, flags) if pattern is not None else None
