r"""Shapes of a lexicon pattern that let it be matched without scanning every character:

* **leading strings** (``leading``): case-folded strings one of which every match starts with;
  the pattern is then tried only where one of them is (``starts``), as RE2 and Hyperscan start
  from a literal prefix: the ``regex`` module otherwise tries an alternation such as
  ``(?:is|are|was|were) ...`` at every character;
* **word-local** (``is_word_local``): every match is a whole run of word characters and the
  pattern's verdict on a run depends on that run alone, so its matches are the runs it
  ``fullmatch``es, and a run's verdict can be remembered.

Both are read off the items of ``regex_reader``, soundly: where unsure, no shape is claimed and
the pattern is scanned as before. ``prefilter`` keeps the answers with its own.
"""

from __future__ import annotations

import regex

_WORD_CHAR = regex.compile(r"\w")

#: Leading strings are cut to this many characters (a shorter string finds every place a longer
#: one does, and more), and a pattern gets at most this many of them (each costs one substring
#: search; a pattern that can start in more ways is scanned as before).
LEADING_CHARS = 4
MAX_LEADING = 64
#: A leading "string" that stands for any decimal digit (``\d`` first): no pattern the reader
#: accepts holds this character, and ``starts`` finds digits for it.
DIGIT = "\x04"
_DIGITS = regex.compile(r"\d")


def leading(branches: list[list[tuple]]) -> frozenset[str] | None:
    """Strings one of which every match of the alternation ``branches`` starts with."""
    found: set[str] = set()
    for items in branches:
        strings, _ = _lead(items)
        if "" in strings:
            return None
        found |= {s[:LEADING_CHARS] for s in strings}
    # A string that another one starts is found where that one is: keep the shorter; one that
    # starts with a digit is found where DIGIT is.
    if DIGIT in found:
        found = {s for s in found if s == DIGIT or not _DIGITS.match(s)}
    found = {s for s in found if not any(t != s and s.startswith(t) for t in found)}
    return frozenset(found) if found and len(found) <= MAX_LEADING else None


def _grown(run: set[str], tails: set[str]) -> set[str] | None:
    grown = {s + t for s in run for t in tails}
    return grown if len(grown) <= 4 * MAX_LEADING else None


def _lead(items: list[tuple]) -> tuple[set[str], bool]:
    """(strings one of which a match of the sequence starts with, whether each is a whole
    match); ``{""}`` when the sequence may start otherwise."""
    run = {""}
    for k, item in enumerate(items):
        kind = item[0]
        if min(map(len, run)) >= LEADING_CHARS:
            return run, True  # long enough: what follows would be cut off (as if whole)
        if kind in ("zero", "edge"):
            continue  # consumes nothing
        if kind == "lit":
            grown = _grown(run, set(item[1]))
            if grown is None:
                return run, False
            run = grown
            continue
        if kind == "digit":
            return ({DIGIT}, False) if run == {""} else (run, False)
        if kind == "group" or kind == "rep":
            if kind == "group":
                subs = [_lead(b) for b in item[1]]
            elif item[2] >= 1:
                subs = [_lead([item[1]])]
            else:  # optional: a match starts with the item, or with what follows it
                subs = [(_lead([item[1]])[0], False), (_lead(items[k + 1:])[0], False)]
            tails = set().union(*(strings for strings, _ in subs))
            if "" in tails or (DIGIT in tails and run != {""}):
                return run, False
            grown = _grown(run, tails)
            if grown is None:
                return run, False
            if kind == "group" and all(whole for _, whole in subs):
                run = grown
                continue
            return grown, False
        return run, False  # whitespace, a large class, a wildcard: the known start ends here
    return run, True


def starts(leading: frozenset[str], folded: str) -> list[int]:
    """The places in ``folded`` (a case-folded text as long as the text it folds) where one of
    ``leading`` starts, in order."""
    found: list[int] = []
    for string in leading:
        if string == DIGIT:
            found += [m.start() for m in _DIGITS.finditer(folded)]
            continue
        at = folded.find(string)
        while at >= 0:
            found.append(at)
            at = folded.find(string, at + 1)
    if len(leading) > 1:
        found.sort()  # no string starts another (``leading``): no place twice
    return found


#: Inline flags that change what ``\w`` and ``\b`` mean (ASCII, LOCALE, WORD).
_INLINE_WORD_FLAGS = regex.compile(r"\(\?[a-zA-Z-]*[aLw]")


def _word_only(items: list[tuple]) -> bool:
    for item in items:
        kind = item[0]
        if kind == "lit":
            if not all(_WORD_CHAR.fullmatch(c) for c in item[1]):
                return False
        elif kind == "zero":
            if len(item) == 1 or not all(_word_only(b) for b in item[1]):
                return False  # an anchor, or a quantified lookaround (its content unknown)
        elif kind == "group":
            if item[2] or not all(_word_only(b) for b in item[1]):
                return False
        elif kind == "rep":
            if not _word_only([item[1]]):
                return False
        elif kind not in ("word", "digit", "edge"):
            return False
    return True


def _least(items: list[tuple]) -> int:
    """The fewest characters a match of the sequence consumes."""
    total = 0
    for item in items:
        kind = item[0]
        if kind in ("lit", "word", "digit", "space", "other"):
            total += 1
        elif kind == "group":
            total += min(_least(b) for b in item[1])
        elif kind == "rep":
            total += item[2] * _least([item[1]])
    return total


def is_word_local(pattern: str, branches: list[list[tuple]]) -> bool:
    if _INLINE_WORD_FLAGS.search(pattern):
        return False
    return all(_local(items) for items in branches)


def _local(items: list[tuple]) -> bool:
    r"""Is the sequence ``\b``, word characters, ``\b`` (lookarounds for word characters aside),
    or a group of such sequences?"""
    if not _word_only(items):
        return False
    core = [item for item in items if item[0] != "zero"]
    if len(core) == 1 and core[0][0] == "group" and not core[0][2]:
        return all(_local(branch) for branch in core[0][1])
    return len(core) >= 3 and core[0][0] == "edge" and core[-1][0] == "edge" and _least(core) >= 1
