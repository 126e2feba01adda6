"""Required literals of a regular expression: a cheap test that says where it cannot match.

Most lexicon patterns match nowhere in most texts: "as an ai(?: language)? model" is searched in
every paragraph of every article and found in almost none. Like the prefilters of RE2 and
ripgrep, ``required_literals`` reads a pattern's syntax tree for a set of strings of which every
match must contain one ("as an ai"), so a text that contains none of them is skipped with a few
substring tests instead of a regex scan (about 0.1 µs against several µs).

Soundness first: the answer is only used to skip, so it may be too permissive (then the regex
runs as before) but never too strict. Therefore:

* strings and texts are compared case-folded (``str.casefold``), which keeps every
  case-insensitive match a substring match, whatever flags the pattern uses;
* the syntax tree comes from the standard library's parser, which reads most of the ``regex``
  module's syntax the same way; a pattern that uses anything the two could read differently
  (``\\p{..}``, POSIX classes, fuzzy ``{e<=1}``, inline flags other than the common ones) gets
  no prefilter;
* only what a match must consume counts: optional parts, repetitions that may be absent, large
  character classes and wildcards end a literal run; zero-width assertions do not consume and
  do not break one.
"""

from __future__ import annotations

import regex

#: At most this many strings in a prefilter (more substring tests than that cost what the scan
#: they would save costs), and a run of literals branches at most into this many.
MAX_STRINGS = 24

# Escapes and constructs whose meaning differs between the ``regex`` module and the standard
# parser (or which the standard parser would read as literals): patterns with them are skipped.
_UNSAFE = regex.compile(
    r"\\[pPNXKGmMLVhHRCEQ]"  # properties, named chars, graphemes, \K, \G, word starts/ends, ...
    r"|\[\[|\[:|\[\^?\]"  # POSIX or nested sets, a set starting with ]
    r"|\{(?!\d*,?\d*\})"  # a brace that is not a repeat count: fuzzy matching in ``regex``
    r"|\(\?(?![:=!#]|<[=!]|P?<\w+>|[aiLmsux-]+[:)]|>)"  # regex-only groups and flags
)


def required_literals(pattern: str) -> frozenset[str] | None:
    """Case-folded strings one of which every match of ``pattern`` contains, or None when the
    pattern has no such set that could be found safely."""
    if _UNSAFE.search(pattern):
        return None
    try:
        from re import _parser  # the standard library's regex parser (Python >= 3.11)

        tree = _parser.parse(pattern)
    except Exception:  # noqa: BLE001 -- unparsable by the standard parser: no prefilter
        return None
    found = _sequence(list(tree))
    if not found or min(map(len, found)) == 0:
        return None
    return frozenset(found)


def _sequence(items: list) -> set[str] | None:
    """A required set for a sequence: any one element's requirement will do, so keep the best."""
    from re import _constants as c

    zero_width = {c.AT, c.ASSERT, c.ASSERT_NOT}
    candidates: list[set[str]] = []
    run: set[str] = {""}

    def flush() -> None:
        nonlocal run
        if run and min(map(len, run)) > 0:
            candidates.append(run)
        run = {""}

    for op, av in items:
        if op is c.LITERAL:
            run = {s + chr(av).casefold() for s in run}
            continue
        if op is c.IN:
            chars = _small_class(av, c)
            if chars is not None and len(run) * len(chars) <= MAX_STRINGS:
                run = {s + ch for s in run for ch in chars}
                continue
        if op in zero_width:
            continue
        flush()
        if op is c.SUBPATTERN:
            sub = _sequence(list(av[3]))
        elif op is c.ATOMIC_GROUP:
            sub = _sequence(list(av))
        elif op is c.BRANCH:
            branches = [_sequence(list(b)) for b in av[1]]
            sub = None if any(b is None for b in branches) else set().union(*branches)
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT) and av[0] >= 1:
            sub = _sequence(list(av[2]))
        else:
            sub = None
        if sub:
            candidates.append(sub)
    flush()
    candidates = [s for s in candidates if len(s) <= MAX_STRINGS and min(map(len, s)) > 0]
    if not candidates:
        return None
    # The most selective: longest shortest string, then fewest strings.
    return max(candidates, key=lambda s: (min(map(len, s)), -len(s)))


def _small_class(av, c) -> list[str] | None:
    """The characters of a small set of plain literals (``['’]``), case-folded; else None."""
    chars = []
    for op, value in av:
        if op is not c.LITERAL:
            return None
        chars.append(chr(value).casefold())
    return chars if 0 < len(chars) <= 4 else None


def could_match(required: frozenset[str] | None, folded: str) -> bool:
    """False only if ``folded`` (a case-folded text) cannot hold a match of the pattern."""
    if required is None:
        return True
    for literal in required:
        if literal in folded:
            return True
    return False
