r"""Required literals of a regular expression: a cheap test that says where it cannot match.

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
  inline flags other than the common ones, escapes such as ``\x41`` or back references)
  gets no prefilter; Unicode properties (``\p{Lu}``) are read as the character classes they are;
* only what a match must consume counts: optional parts, repetitions that may be absent, large
  character classes and wildcards end a literal run; zero-width assertions do not consume and
  do not break one;
* a literal that the pattern puts at a word edge (after ``\b`` or whitespace, before ``\b`` or
  whitespace) must be found at a word edge of the text too: "ce" of the French ``\bce\s+``
  is not found in "certain". Such a string carries ``WORD_START``/``WORD_END`` marks; a
  neighbour counts as a word character only when the ``regex`` module's ``\w`` says so, and
  the window's own ends always count as edges (the pattern may look past them), so the test
  stays permissive where the engines could differ.
"""

from __future__ import annotations

import regex

#: At most this many strings in a prefilter (more substring tests than that cost what the scan
#: they would save costs), and a run of literals branches at most into this many.
MAX_STRINGS = 24
#: A pattern is tested on at most this many sets of required strings.
MAX_SETS = 3
#: Marks of a required string that must start (end) at a word edge of the text: characters no
#: pattern this reader accepts can spell (see ``_UNSAFE``).
WORD_START, WORD_END = "\x02", "\x03"
_WORD_CHAR = regex.compile(r"\w")

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
    r"|[\x02\x03]"  # the marks of word edges (see WORD_START)
)


class _Unsafe(Exception):
    """A pattern this reader does not take apart: it gets no prefilter."""


#: Answers already found, by pattern, as (required sets, leading strings, whether it is
#: word-local): reading a pattern's
#: syntax tree costs far more than the lookup. ``known_table`` gives them as plain data and
#: ``preload`` takes them back, so that a run that reads the table from the linter cache (see
#: ``linting``) reads no pattern again.
KNOWN: dict[str, tuple[tuple[frozenset[str], ...] | None, frozenset[str] | None, bool]] = {}


def known_table(patterns: set[str] | None = None) -> dict[str, dict[str, list | None]]:
    """The answers found so far (of ``patterns`` only, when given), as plain JSON-able data."""
    return {p: {"required": None if req is None else [sorted(s) for s in req],
                "leading": None if lead is None else sorted(lead), "word": word}
            for p, (req, lead, word) in KNOWN.items() if patterns is None or p in patterns}


def _strings(value: object) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(x, str) and x for x in value)


def preload(table: object) -> list[str]:
    """Take answers from ``known_table`` of an earlier run, and return the patterns that were
    not known before (``unload`` forgets them); ``ValueError`` (nothing taken) when ``table``
    does not have that shape."""
    if not isinstance(table, dict):
        raise ValueError("prefilter table: an object expected")
    taken = {}
    for pattern, answer in table.items():
        if not (isinstance(answer, dict) and set(answer) == {"required", "leading", "word"}
                and isinstance(answer["word"], bool)):
            raise ValueError("prefilter table: {required, leading, word} expected")
        req, lead = answer["required"], answer["leading"]
        if req is not None and not (isinstance(req, list) and all(_strings(s) for s in req)):
            raise ValueError("prefilter table: lists of strings expected")
        if lead is not None and not _strings(lead):
            raise ValueError("prefilter table: a list of strings expected")
        taken[pattern] = (tuple(frozenset(s) for s in req) or None if req is not None else None,
                          None if lead is None else frozenset(lead), answer["word"])
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
    answer = KNOWN.get(pattern)
    if answer is None:
        answer = KNOWN[pattern] = _read(pattern)
    return answer[0]


def leading_literals(pattern: str) -> frozenset[str] | None:
    """Case-folded strings such that every match of ``pattern`` starts with one of them, or
    None. The places where a match can start are then found by substring search (``starts``)
    and the pattern is tried only there, as RE2 and Hyperscan start from a literal prefix:
    the ``regex`` module otherwise tries an alternation such as ``(?:is|are|was|were) ...`` at
    every character."""
    answer = KNOWN.get(pattern)
    if answer is None:
        answer = KNOWN[pattern] = _read(pattern)
    return answer[1]


def word_local(pattern: str) -> bool:
    r"""Is every match of ``pattern`` a whole run of word characters (``\w+``), and does the
    pattern's verdict on a run depend on that run alone? Then its matches in a text are the
    runs it ``fullmatch``es, and a run's verdict can be remembered (``lexicon.AnyOf``).

    So it is when the pattern starts and ends with ````, consumes at least one character
    and only word characters (literal ones, ``\w``, ``\d``), has no capturing group (a run found
    this way reports none) and its lookarounds too look only for word characters and ````:
    inside a run there is no word edge, and beyond its ends a non-word character (in the text)
    or nothing (the run alone) both fail what such a lookaround looks for. Flags that change
    what ``\w`` and ```` mean (ASCII, LOCALE, WORD) are not taken apart."""
    answer = KNOWN.get(pattern)
    if answer is None:
        answer = KNOWN[pattern] = _read(pattern)
    return answer[2]


_WORD_FLAGS = regex.compile(r"\(\?[a-zA-Z-]*[aLw]")


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
        elif kind not in ("word", "edge"):
            return False
    return True


def _least(items: list[tuple]) -> int:
    """The fewest characters a match of the sequence consumes."""
    total = 0
    for item in items:
        kind = item[0]
        if kind in ("lit", "word", "space", "other"):
            total += 1
        elif kind == "group":
            total += min(_least(b) for b in item[1])
        elif kind == "rep":
            total += item[2] * _least([item[1]])
    return total


def _is_word_local(pattern: str, branches: list[list[tuple]]) -> bool:
    if _WORD_FLAGS.search(pattern):
        return False
    return all(_local(items) for items in branches)


def _local(items: list[tuple]) -> bool:
    """Is the sequence ``\b``, word characters, ``\b`` (lookarounds for word characters aside),
    or a group of such sequences?"""
    if not _word_only(items):
        return False
    core = [item for item in items if item[0] != "zero"]
    if len(core) == 1 and core[0][0] == "group" and not core[0][2]:
        return all(_local(branch) for branch in core[0][1])
    return len(core) >= 3 and core[0][0] == "edge" and core[-1][0] == "edge" and _least(core) >= 1


def _read(pattern: str) -> tuple[tuple[frozenset[str], ...] | None, frozenset[str] | None, bool]:
    pattern = _ESCAPE.sub(_property_as_class, pattern)
    if _UNSAFE.search(pattern):
        return None, None, False
    try:
        branches, end = _parse(pattern, 0, 0)
        if end != len(pattern):
            raise _Unsafe  # an unbalanced ")"
    except (_Unsafe, IndexError, ValueError):
        return None, None, False
    items = branches[0] if len(branches) == 1 else [("group", branches, False)]
    # Dropping a set only weakens the test, so keep the few most selective, and none of single
    # characters (an apostrophe is in every other paragraph).
    found = sorted((s for s in _requirements(items) if min(map(_core_len, s)) >= 2), key=_selectivity, reverse=True)
    unique = list(dict.fromkeys(frozenset(s) for s in found))[:MAX_SETS]
    return tuple(unique) or None, _leading(branches), _is_word_local(pattern, branches)


def _selectivity(strings: set[str]) -> tuple[int, int]:
    # longest shortest string (a word-edge mark counts as a character), then fewest strings
    return min(map(len, strings)), -len(strings)


def _core_len(string: str) -> int:
    return len(string.strip(WORD_START + WORD_END))


def _property_as_class(m: regex.Match) -> str:
    escape = m.group(0)
    if escape[1] in "pP" and len(escape) > 2:
        return r"\w" if escape[1] == "p" else r"\W"  # one character either way: no literal
    return escape


# -- a small reader of the pattern text -------------------------------------------------------
#
# Items: ("lit", chars) one character out of ``chars``; ("zero",) consumes nothing (anchors),
# ("zero", branches) a lookaround and what it looks for; ("edge",) is ``\b``; ("space",) one
# whitespace character; ("word",) one word character (``\w``, ``\d``); ("other",) consumes
# something we do not track; ("group", branches, capturing) a group; ("rep", item, least) an item repeated
# at least ``least`` times. Anything the reader is unsure
# of raises ``_Unsafe``: the pattern then gets no prefilter, which is always sound.

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
    if e in "wd":
        return ("word",), i + 2
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


def _edge_before(items: list[tuple], k: int, before: bool) -> bool:
    """Is there a word edge just before ``items[k]``: ``\b`` or a consumed whitespace character
    with nothing consumed since (``before``: the sequence itself starts at one)?"""
    for item in reversed(items[:k]):
        if item[0] == "zero":
            continue
        return item[0] in ("edge", "space") or (item[0] == "rep" and item[2] >= 1 and item[1][0] == "space")
    return before


def _edge_after(items: list[tuple], k: int, after: bool) -> bool:
    """Is there a word edge just after ``items[k]`` (see ``_edge_before``)?"""
    for item in items[k + 1:]:
        if item[0] == "zero":
            continue
        return item[0] in ("edge", "space") or (item[0] == "rep" and item[2] >= 1 and item[1][0] == "space")
    return after


def _edge_at_end(items: list[tuple], after: bool) -> bool:
    """Does a run of literals that reaches the end of ``items`` end at a word edge?"""
    for item in reversed(items):
        if item[0] == "edge":
            return True
        if item[0] != "zero":
            return after
    return after


def _marked(strings: set[str], start: bool, end: bool) -> set[str]:
    """``strings`` with the word-edge marks the pattern gives them: only where the string's own
    first (last) character is a word character, for which an edge means a non-word neighbour."""
    if not (start or end):
        return strings
    out = set()
    for s in strings:
        if start and _WORD_CHAR.match(s[0]):
            s = WORD_START + s
        if end and _WORD_CHAR.match(s[-1]):
            s = s + WORD_END
        out.add(s)
    return out


def _requirements(items: list[tuple], before: bool = False, after: bool = False) -> list[set[str]]:
    """Every set a match of this sequence needs one string of: each element must match.
    ``before``/``after``: the sequence starts/ends at a word edge (see ``_edge_before``)."""
    found: list[set[str]] = []
    run: set[str] = {""}
    run_start = False  # the run began at a word edge

    def flush(end: bool) -> None:
        nonlocal run
        if run and min(map(len, run)) > 0:
            found.append(_marked(run, run_start, end))
        run = {""}

    for k, item in enumerate(items):
        kind = item[0]
        if kind == "lit" and len(run) * len(item[1]) <= MAX_STRINGS:
            if run == {""}:
                run_start = _edge_before(items, k, before)
            run = {s + ch for s in run for ch in item[1]}
            continue
        if kind in ("zero", "edge"):
            continue  # consumes nothing: the literals on both sides are adjacent
        flush(_edge_before(items, k, False) or kind == "space"
              or (kind == "rep" and item[2] >= 1 and item[1][0] == "space"))
        if kind == "rep" and item[2] >= 1:
            found += _requirements([item[1]])
        elif kind == "group" and len(item[1]) == 1:
            found += _requirements(item[1][0], _edge_before(items, k, before), _edge_after(items, k, after))
        elif kind == "group":
            # One branch matches: each needs its own best set; together they make one set.
            start, end = _edge_before(items, k, before), _edge_after(items, k, after)
            best = []
            for branch in item[1]:
                sets = [s for s in _requirements(branch, start, end) if len(s) <= MAX_STRINGS]
                if not sets:
                    break
                best.append(max(sets, key=_selectivity))
            else:
                union = set().union(*best)
                if len(union) <= MAX_STRINGS:
                    found.append(union)
    flush(_edge_at_end(items, after))
    return [s for s in found if len(s) <= MAX_STRINGS and min(map(_core_len, s)) > 0]


#: Leading strings are cut to this many characters (a shorter string finds every place a longer
#: one does, and more), and a pattern gets at most this many of them (each costs one substring
#: search; a pattern that can start in more ways is scanned as before).
LEADING_CHARS = 4
MAX_LEADING = 64


def _leading(branches: list[list[tuple]]) -> frozenset[str] | None:
    """Strings one of which every match of the alternation ``branches`` starts with."""
    found: set[str] = set()
    for items in branches:
        strings, _ = _lead(items)
        if "" in strings:
            return None
        found |= {s[:LEADING_CHARS] for s in strings}
    # A string that another one starts is found where that one is: keep the shorter.
    found = {s for s in found if not any(t != s and s.startswith(t) for t in found)}
    return frozenset(found) if found and len(found) <= MAX_LEADING else None


def _grown(run: set[str], tails: set[str]) -> set[str] | None:
    grown = {s + t for s in run for t in tails}
    return grown if len(grown) <= 4 * MAX_LEADING else None


def _lead(items: list[tuple]) -> tuple[set[str], bool]:
    """(strings one of which a match of the sequence starts with, whether each is a whole
    match); ``{""}`` when the sequence may start otherwise."""
    run = {""}
    for item in items:
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
        if kind == "group" or (kind == "rep" and item[2] >= 1):
            subs = [_lead(b) for b in item[1]] if kind == "group" else [_lead([item[1]])]
            if any("" in strings for strings, _ in subs):
                return run, False
            grown = _grown(run, set().union(*(strings for strings, _ in subs)))
            if grown is None:
                return run, False
            if kind == "group" and all(whole for _, whole in subs):
                run = grown
                continue
            return grown, False
        return run, False  # whitespace, a large class, an optional item: the known start ends here
    return run, True


def starts(leading: frozenset[str], folded: str) -> list[int]:
    """The places in ``folded`` (a case-folded text as long as the text it folds) where one of
    ``leading`` starts, in order."""
    found: list[int] = []
    for string in leading:
        at = folded.find(string)
        while at >= 0:
            found.append(at)
            at = folded.find(string, at + 1)
    if len(leading) > 1:
        found.sort()  # no string starts another (``_leading``): no place twice
    return found


_WHOLE_WORD = regex.compile(r"\w+")


def word_keys(required: tuple[frozenset[str], ...] | None) -> frozenset[str] | None:
    r"""The words of one of ``required``'s sets whose strings are all whole words (marked at both
    ends, word characters only), or None: a text none of whose words (maximal runs of ``\w``,
    case-folded) is one of them cannot match, and that is one set intersection to find out."""
    for strings in required or ():
        cores = []
        for s in strings:
            if not (s[0] == WORD_START and s[-1] == WORD_END and _WHOLE_WORD.fullmatch(s, 1, len(s) - 1)):
                break
            cores.append(s[1:-1])
        else:
            return frozenset(cores)
    return None


def words_of(folded: str) -> set[str]:
    r"""The words ``word_keys`` are looked up in: the maximal runs of ``\w`` of a case-folded text."""
    return set(_WHOLE_WORD.findall(folded))


def _found_at_edges(folded: str, core: str, start: bool, end: bool) -> bool:
    """Does ``folded`` hold ``core`` starting (ending) at a word edge where ``start`` (``end``)?"""
    at = folded.find(core)
    n, size = len(folded), len(core)
    while at >= 0:
        if (not start or at == 0 or not _WORD_CHAR.match(folded, at - 1)) and \
                (not end or at + size == n or not _WORD_CHAR.match(folded, at + size)):
            return True
        at = folded.find(core, at + 1)
    return False


#: Each set of required strings split into plain strings (one C-level substring test each), the
#: marked ones as (string, at a word start, at a word end), and the marked ones unmarked (a text
#: holding none of them needs no look at word edges).
_SPLIT: dict[frozenset[str], tuple[tuple[str, ...], tuple[tuple[str, bool, bool], ...], tuple[str, ...]]] = {}


def _split(strings: frozenset[str]) -> tuple[tuple[str, ...], tuple[tuple[str, bool, bool], ...], tuple[str, ...]]:
    plain, marked = [], []
    for s in strings:
        start, end = s[0] == WORD_START, s[-1] == WORD_END
        if start or end:
            marked.append((s[start:len(s) - end], start, end))
        else:
            plain.append(s)
    _SPLIT[strings] = answer = (tuple(plain), tuple(marked), tuple(core for core, _, _ in marked))
    return answer


def could_match(required: tuple[frozenset[str], ...] | None, folded: str, edges: bool = True) -> bool:
    """False only if ``folded`` (a case-folded text) cannot hold a match of the pattern;
    ``edges=False``: without testing word edges (see ``could_occur``)."""
    if required is None:
        return True
    for strings in required:
        try:
            plain, marked, cores = _SPLIT[strings]
        except KeyError:
            plain, marked, cores = _split(strings)
        if any(map(folded.__contains__, plain)):
            continue
        if not any(map(folded.__contains__, cores)):
            return False
        if edges and not any(_found_at_edges(folded, core, start, end) for core, start, end in marked):
            return False
    return True


def could_occur(required: tuple[frozenset[str], ...] | None, folded: str) -> bool:
    """False only if no substring of ``folded`` (a case-folded text) can hold a match: the test
    of ``could_match`` without its word edges, so that a ``False`` for a whole article holds for
    every sentence cut from it (``str.casefold`` maps each character on its own, so a sentence's
    folding is a substring of its article's; a word edge at a sentence's cut may not be one in
    the article, hence no edges)."""
    return could_match(required, folded, edges=False)
