r"""Required literals of a regular expression: a cheap test that says where it cannot match
(and, kept with it, the shapes ``pattern_shapes`` reads: leading strings, word-locality).

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
* the pattern is read by a small reader of its text (``regex_reader``, no regex engine's
  internals); a pattern it does not take apart gets no prefilter;
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

from .pattern_shapes import is_word_local, leading
from .regex_reader import WORD_END, WORD_START, read

#: At most this many strings in a prefilter (more substring tests than that cost what the scan
#: they would save costs), and a run of literals branches at most into this many.
MAX_STRINGS = 24
#: A pattern is tested on at most this many sets of required strings.
MAX_SETS = 3
_WORD_CHAR = regex.compile(r"\w")

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

    So it is when the pattern starts and ends with ``\b``, consumes at least one character
    and only word characters (literal ones, ``\w``, ``\d``), has no capturing group (a run found
    this way reports none) and its lookarounds too look only for word characters and ``\b``:
    inside a run there is no word edge, and beyond its ends a non-word character (in the text)
    or nothing (the run alone) both fail what such a lookaround looks for. Flags that change
    what ``\w`` and ``\b`` mean (ASCII, LOCALE, WORD) are not taken apart."""
    answer = KNOWN.get(pattern)
    if answer is None:
        answer = KNOWN[pattern] = _read(pattern)
    return answer[2]


def _read(pattern: str) -> tuple[tuple[frozenset[str], ...] | None, frozenset[str] | None, bool]:
    branches = read(pattern)
    if branches is None:
        return None, None, False
    items = branches[0] if len(branches) == 1 else [("group", branches, False)]
    # Dropping a set only weakens the test, so keep the few most selective, and none of single
    # characters (an apostrophe is in every other paragraph).
    found = sorted((s for s in _requirements(items) if min(map(_core_len, s)) >= 2), key=_selectivity, reverse=True)
    unique = list(dict.fromkeys(frozenset(s) for s in found))[:MAX_SETS]
    return tuple(unique) or None, leading(branches), is_word_local(pattern, branches)


def _selectivity(strings: set[str]) -> tuple[int, int]:
    # longest shortest string (a word-edge mark counts as a character), then fewest strings
    return min(map(len, strings)), -len(strings)


def _core_len(string: str) -> int:
    return len(string.strip(WORD_START + WORD_END))


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
