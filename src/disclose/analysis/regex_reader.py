r"""A small reader of regular-expression text, for the prefilters (``prefilter``) and the
shapes (``pattern_shapes``) read off a lexicon pattern -- no regex engine's internals.

``read`` gives a pattern's branches as lists of items:

* ``("lit", chars)`` one character out of ``chars`` (case-folded);
* ``("zero",)`` consumes nothing (anchors); ``("zero", branches)`` a lookaround and what it
  looks for; ``("edge",)`` is ``\b``;
* ``("space",)`` one whitespace character; ``("word",)`` one word character (``\w``);
  ``("digit",)`` one decimal digit (``\d``);
  ``("other",)`` consumes something not tracked (a class, ``.``);
* ``("group", branches, capturing)`` a group; ``("rep", item, least)`` an item repeated at
  least ``least`` times.

A pattern that uses anything the reader does not know (POSIX classes, fuzzy ``{e<=1}``, verbose
mode, inline flags other than the common ones, escapes such as ``\x41`` or back references)
is not read (None): whatever is worked out from the items must hold for every match, and where
the reader could misread, nothing is claimed. Unicode properties (``\p{Lu}``) are read as the
one character they match.
"""

from __future__ import annotations

import regex

#: Marks that ``prefilter`` puts on a required string that must start (end) at a word edge:
#: characters no pattern this reader accepts can spell.
WORD_START, WORD_END = "\x02", "\x03"

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
    r"|[\x02\x03\x04]"  # the marks of word edges (see WORD_START) and of a digit (pattern_shapes.DIGIT)
)


class _Unsafe(Exception):
    """A pattern this reader does not take apart: it gets no prefilter."""


def _property_as_class(m: regex.Match) -> str:
    escape = m.group(0)
    if escape[1] in "pP" and len(escape) > 2:
        return r"\w" if escape[1] == "p" else r"\W"  # one character either way: no literal
    return escape


def read(pattern: str) -> list[list[tuple]] | None:
    """The branches of ``pattern`` as items (see the module's docstring), or None when the
    reader does not take it apart."""
    pattern = _ESCAPE.sub(_property_as_class, pattern)
    if _UNSAFE.search(pattern):
        return None
    try:
        branches, end = _parse(pattern, 0, 0)
        if end != len(pattern):
            raise _Unsafe  # an unbalanced ")"
    except (_Unsafe, IndexError, ValueError):
        return None
    return branches


_FLAGS = regex.compile(r"\(\?([aiLmsux-]+)([:)])")
_COUNT = regex.compile(r"\{(\d*)(,?)(\d*)\}")
_ZERO_ESCAPES = set("BAZz")
_CLASS_ESCAPES = set("SwWdD")


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
    return (("zero", branches) if zero else ("group", branches, not p.startswith("(?", i))), j + 1


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
    if e == "b":
        return ("edge",), i + 2  # zero-width, at a word edge
    if e == "s":
        return ("space",), i + 2  # one whitespace character: a word edge beside it
    if e in _ZERO_ESCAPES:
        return ("zero",), i + 2
    if e == "w":
        return ("word",), i + 2
    if e == "d":
        return ("digit",), i + 2
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
    if item[0] in ("zero", "edge"):
        return ("zero",), i  # an optional or repeated assertion: no edge to count on
    return ("rep", item, least), i
