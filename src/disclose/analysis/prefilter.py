"""Required literals of a regular expression: a cheap test that says where it cannot match.

Most lexicon patterns match nowhere in most texts: "as an ai(?: language)? model" is searched in
every paragraph of every article and found in almost none. Like the prefilters of RE2 and
ripgrep, ``required_literals`` reads a pattern's syntax tree for sets of strings such that every
match contains one string of each set ("as an ai" and " model"), so a text that lacks every
string of one set is skipped with a few substring tests instead of a regex scan (about 0.1 µs
against several µs).

Soundness first: the answer is only used to skip, so it may be too permissive (then the regex
runs as before) but never too strict. Therefore:

* strings and texts are compared case-folded (``str.casefold``), which keeps every
  case-insensitive match a substring match, whatever flags the pattern uses;
* the syntax tree comes from the standard library's parser, which reads most of the ``regex``
  module's syntax the same way; a pattern that uses anything the two could read differently
  (POSIX classes, fuzzy ``{e<=1}``, inline flags other than the common ones) gets no
  prefilter; Unicode properties (``\\p{Lu}``) are read as the character classes they are;
* only what a match must consume counts: optional parts, repetitions that may be absent, large
  character classes and wildcards end a literal run; zero-width assertions do not consume and
  do not break one.
"""

from __future__ import annotations

import regex

#: At most this many strings in a prefilter (more substring tests than that cost what the scan
#: they would save costs), and a run of literals branches at most into this many.
MAX_STRINGS = 24
#: A pattern is tested on at most this many sets of required strings.
MAX_SETS = 3

# Any escape (so that an escaped backslash is not read as the start of one); a Unicode property
# such as \p{Lu} or \pL is one character class, which the standard parser spells \w or \W.
_ESCAPE = regex.compile(r"\\(?:[pP](?:\{[^}]*\}|\w)|.)", regex.DOTALL)
# Escapes and constructs whose meaning differs between the ``regex`` module and the standard
# parser (or which the standard parser would read as literals): patterns with them are skipped.
_UNSAFE = regex.compile(
    r"\\[pPNXKGmMLVhHRCEQ]"  # named chars, graphemes, \K, \G, word starts/ends, ...
    r"|\[\[|\[:|\[\^?\]"  # POSIX or nested sets, a set starting with ]
    r"|\{(?!\d*,?\d*\})"  # a brace that is not a repeat count: fuzzy matching in ``regex``
    r"|\(\?(?![:=!#]|<[=!]|P?<\w+>|[aiLmsux-]+[:)]|>)"  # regex-only groups and flags
)


#: Answers already found, by pattern: reading a pattern's syntax tree costs far more than the
#: lookup. ``known_table`` gives them as plain data and ``preload`` takes them back, so that a
#: run that reads the table from the linter cache (see ``linting``) finds no pattern's again.
KNOWN: dict[str, tuple[frozenset[str], ...] | None] = {}


def known_table(patterns: set[str] | None = None) -> dict[str, list[list[str]] | None]:
    """The answers found so far (of ``patterns`` only, when given), as plain JSON-able data."""
    return {p: None if req is None else [sorted(s) for s in req]
            for p, req in KNOWN.items() if patterns is None or p in patterns}


def preload(table: object) -> list[str]:
    """Take answers from ``known_table`` of an earlier run, and return the patterns that were
    not known before (``unload`` forgets them); ``ValueError`` (nothing taken) when ``table``
    does not have that shape."""
    if not isinstance(table, dict):
        raise ValueError("prefilter table: an object expected")
    taken = {}
    for pattern, req in table.items():
        if req is not None and not (isinstance(req, list) and all(
                isinstance(s, list) and s and all(isinstance(x, str) and x for x in s) for s in req)):
            raise ValueError("prefilter table: lists of strings expected")
        taken[pattern] = None if req is None or not req else tuple(frozenset(s) for s in req)
    new = [p for p in taken if p not in KNOWN]
    KNOWN.update((p, taken[p]) for p in new)
    return new


def unload(patterns: list[str]) -> None:
    """Forget the answers ``preload`` took (a cache entry found wrong after all)."""
    for pattern in patterns:
        KNOWN.pop(pattern, None)


def required_literals(pattern: str) -> tuple[frozenset[str], ...] | None:
    """Sets of case-folded strings such that every match of ``pattern`` contains a string of
    each set (a conjunction of alternatives, the most selective first), or None when the pattern
    has none that could be found safely."""
    try:
        return KNOWN[pattern]
    except KeyError:
        pass
    KNOWN[pattern] = answer = _find_required(pattern)
    return answer


def _find_required(pattern: str) -> tuple[frozenset[str], ...] | None:
    pattern = _ESCAPE.sub(_property_as_class, pattern)
    if _UNSAFE.search(pattern):
        return None
    try:
        from re import _parser  # the standard library's regex parser (Python >= 3.11)

        tree = _parser.parse(pattern)
    except Exception:  # noqa: BLE001 -- unparsable by the standard parser: no prefilter
        return None
    # Dropping a set only weakens the test, so keep the few most selective, and none of single
    # characters (an apostrophe is in every other paragraph).
    found = sorted((s for s in _requirements(list(tree)) if min(map(len, s)) >= 2), key=_selectivity, reverse=True)
    unique = list(dict.fromkeys(frozenset(s) for s in found))[:MAX_SETS]
    return tuple(unique) or None


def _selectivity(strings: set[str]) -> tuple[int, int]:
    return min(map(len, strings)), -len(strings)  # longest shortest string, then fewest strings


def _property_as_class(m: regex.Match) -> str:
    escape = m.group(0)
    if escape[1] in "pP" and len(escape) > 2:
        return r"\w" if escape[1] == "p" else r"\W"  # one character either way: no literal
    return escape


def _requirements(items: list) -> list[set[str]]:
    """Every set a match of this sequence needs one string of: each element must match."""
    from re import _constants as c

    zero_width = {c.AT, c.ASSERT, c.ASSERT_NOT}
    found: list[set[str]] = []
    run: set[str] = {""}

    def flush() -> None:
        nonlocal run
        if run and min(map(len, run)) > 0:
            found.append(run)
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
            continue  # consumes nothing: the literals on both sides are adjacent
        flush()
        if op is c.SUBPATTERN:
            found += _requirements(list(av[3]))
        elif op is c.ATOMIC_GROUP:
            found += _requirements(list(av))
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT) and av[0] >= 1:
            found += _requirements(list(av[2]))
        elif op is c.BRANCH:
            # One branch matches: each needs its own best set; together they make one set.
            best = []
            for branch in av[1]:
                sets = [s for s in _requirements(list(branch)) if len(s) <= MAX_STRINGS]
                if not sets:
                    break
                best.append(max(sets, key=_selectivity))
            else:
                union = set().union(*best)
                if len(union) <= MAX_STRINGS:
                    found.append(union)
    flush()
    return [s for s in found if len(s) <= MAX_STRINGS and min(map(len, s)) > 0]


def _small_class(av, c) -> list[str] | None:
    """The characters of a small set of plain literals (``['’]``), case-folded; else None."""
    chars = []
    for op, value in av:
        if op is not c.LITERAL:
            return None
        chars.append(chr(value).casefold())
    return chars if 0 < len(chars) <= 4 else None


def could_match(required: tuple[frozenset[str], ...] | None, folded: str) -> bool:
    """False only if ``folded`` (a case-folded text) cannot hold a match of the pattern."""
    if required is None:
        return True
    for strings in required:
        if not any(map(folded.__contains__, strings)):
            return False
    return True
