"""Required literals of a regular expression: a cheap test that says where it cannot match.

Most lexicon patterns match nowhere in most texts: "as an ai(?: language)? model" is searched in
every paragraph of every article and found in almost none. Like the prefilters of RE2 and
ripgrep, ``required_literals`` reads a pattern for sets of strings such that every
match contains one string of each set ("as an ai" and " model"), so a text that lacks every
string of one set is skipped with a few substring tests instead of a regex scan (about 0.1 µs
against several µs).

Soundness first: the answer is only used to skip, so it may be too permissive (then the regex
runs as before) but never too strict. Therefore:

* strings and texts are compared case-folded (``str.casefold``), which keeps every
  case-insensitive match a substring match, whatever flags the pattern uses;
* the pattern is read by a small reader of its text here (no regex engine's internals); a
  pattern that uses anything it does not know (POSIX classes, fuzzy ``{e<=1}``, verbose mode,
  inline flags other than the common ones, escapes such as ``\\x41`` or back references)
  gets no prefilter; Unicode properties (``\\p{Lu}``) are read as the character classes they are;
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


class _Unsafe(Exception):
    """A pattern this reader does not take apart: it gets no prefilter."""


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
        branches, end = _parse(pattern, 0, 0)
        if end != len(pattern):
            raise _Unsafe  # an unbalanced ")"
    except (_Unsafe, IndexError, ValueError):
        return None
    items = branches[0] if len(branches) == 1 else [("group", branches)]
    # Dropping a set only weakens the test, so keep the few most selective, and none of single
    # characters (an apostrophe is in every other paragraph).
    found = sorted((s for s in _requirements(items) if min(map(len, s)) >= 2), key=_selectivity, reverse=True)
    unique = list(dict.fromkeys(frozenset(s) for s in found))[:MAX_SETS]
    return tuple(unique) or None


def _selectivity(strings: set[str]) -> tuple[int, int]:
    return min(map(len, strings)), -len(strings)  # longest shortest string, then fewest strings


def _property_as_class(m: regex.Match) -> str:
    escape = m.group(0)
    if escape[1] in "pP" and len(escape) > 2:
        return r"\w" if escape[1] == "p" else r"\W"  # one character either way: no literal
    return escape


# -- a small reader of the pattern text -------------------------------------------------------
#
# Items: ("lit", chars) one character out of ``chars``; ("zero",) consumes nothing (anchors,
# lookarounds); ("other",) consumes something we do not track; ("group", branches) a group;
# ("rep", item, least) an item repeated at least ``least`` times. Anything the reader is unsure
# of raises ``_Unsafe``: the pattern then gets no prefilter, which is always sound.

_FLAGS = regex.compile(r"\(\?([aiLmsux-]+)([:)])")
_COUNT = regex.compile(r"\{(\d*)(,?)(\d*)\}")
_ZERO_ESCAPES = set("bBAZz")
_CLASS_ESCAPES = set("sSwWdD")


def _parse(p: str, i: int, depth: int) -> tuple[list[list[tuple]], int]:
    """The branches of the alternation that starts at ``p[i]``, and where it ends (at a ")" or
    the end of the pattern)."""
    if depth > 50:
        raise _Unsafe
    branches: list[list[tuple]] = [[]]
    n = len(p)
    while i < n:
        c = p[i]
        if c == ")":
            return branches, i
        if c == "|":
            branches.append([])
            i += 1
            continue
        if c == "(":
            item, i = _group(p, i, depth)
            if item is None:
                continue  # a global flag or a comment
        elif c == "[":
            item, i = _class(p, i)
        elif c == "\\":
            item, i = _escape(p, i)
        elif c in "^$":
            item, i = ("zero",), i + 1
        elif c == ".":
            item, i = ("other",), i + 1
        elif c in "*+?{":
            raise _Unsafe  # a quantifier with nothing to repeat
        else:
            item, i = ("lit", [c.casefold()]), i + 1
        item, i = _quantified(p, i, item)
        branches[-1].append(item)
    return branches, i


def _group(p: str, i: int, depth: int) -> tuple[tuple | None, int]:
    zero = False
    if p.startswith("(?", i):
        if p.startswith("(?#", i):
            return None, p.index(")", i) + 1
        if p.startswith("(?:", i) or p.startswith("(?>", i):
            j = i + 3
        elif p.startswith("(?=", i) or p.startswith("(?!", i):
            j, zero = i + 3, True
        elif p.startswith("(?<=", i) or p.startswith("(?<!", i):
            j, zero = i + 4, True
        elif p.startswith("(?P<", i) or p.startswith("(?<", i):
            j = p.index(">", i) + 1
        else:
            m = _FLAGS.match(p, i)
            if m is None or "x" in m.group(1):
                raise _Unsafe  # verbose mode reads spaces differently; other groups are regex-only
            if m.group(2) == ")":
                return None, m.end()
            j = m.end()
    else:
        j = i + 1
    branches, j = _parse(p, j, depth + 1)
    if j >= len(p) or p[j] != ")":
        raise _Unsafe
    return (("zero",) if zero else ("group", branches)), j + 1


def _class(p: str, i: int) -> tuple[tuple, int]:
    """A character set: its characters when it is a short list of plain ones (``['’]``)."""
    j = i + 1
    simple = p[j] != "^"
    chars: list[str] = []
    first = True
    while True:
        c = p[j]  # IndexError (unclosed set): no prefilter
        if c == "]" and not first:
            break
        first = False
        if c == "\\":
            e = p[j + 1]
            if e.isalnum():
                simple = False
            else:
                chars.append(e)
            j += 2
            continue
        if c in "[-":
            simple = False
        chars.append(c)
        j += 1
    if simple and 0 < len(chars) <= 4:
        return ("lit", [ch.casefold() for ch in chars]), j + 1
    return ("other",), j + 1


def _escape(p: str, i: int) -> tuple[tuple, int]:
    e = p[i + 1]
    if e in _ZERO_ESCAPES:
        return ("zero",), i + 2
    if e in _CLASS_ESCAPES or e in "ntrfv":
        return ("other",), i + 2
    if e.isalnum():
        raise _Unsafe  # \x41, \N{...}, back references: characters this reader does not spell
    return ("lit", [e.casefold()]), i + 2


def _quantified(p: str, i: int, item: tuple) -> tuple[tuple, int]:
    if i >= len(p) or p[i] not in "*+?{":
        return item, i
    c = p[i]
    if c == "{":
        m = _COUNT.match(p, i)
        if m is None or not (m.group(1) or m.group(3)):
            raise _Unsafe
        least, i = int(m.group(1) or 0), m.end()
    else:
        least, i = (1 if c == "+" else 0), i + 1
    if i < len(p) and p[i] in "?+":
        i += 1  # lazy or possessive: the same characters are consumed
    if item[0] == "zero":
        return item, i
    return ("rep", item, least), i


def _requirements(items: list[tuple]) -> list[set[str]]:
    """Every set a match of this sequence needs one string of: each element must match."""
    found: list[set[str]] = []
    run: set[str] = {""}

    def flush() -> None:
        nonlocal run
        if run and min(map(len, run)) > 0:
            found.append(run)
        run = {""}

    for item in items:
        kind = item[0]
        if kind == "lit" and len(run) * len(item[1]) <= MAX_STRINGS:
            run = {s + ch for s in run for ch in item[1]}
            continue
        if kind == "zero":
            continue  # consumes nothing: the literals on both sides are adjacent
        flush()
        if kind == "rep" and item[2] >= 1:
            found += _requirements([item[1]])
        elif kind == "group" and len(item[1]) == 1:
            found += _requirements(item[1][0])
        elif kind == "group":
            # One branch matches: each needs its own best set; together they make one set.
            best = []
            for branch in item[1]:
                sets = [s for s in _requirements(branch) if len(s) <= MAX_STRINGS]
                if not sets:
                    break
                best.append(max(sets, key=_selectivity))
            else:
                union = set().union(*best)
                if len(union) <= MAX_STRINGS:
                    found.append(union)
    flush()
    return [s for s in found if len(s) <= MAX_STRINGS and min(map(len, s)) > 0]


def could_match(required: tuple[frozenset[str], ...] | None, folded: str) -> bool:
    """False only if ``folded`` (a case-folded text) cannot hold a match of the pattern."""
    if required is None:
        return True
    for strings in required:
        if not any(map(folded.__contains__, strings)):
            return False
    return True
