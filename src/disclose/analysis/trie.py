"""Phrase lists as one trie over word runs (the design of flashtext and spaCy's PhraseMatcher).

A text is tokenised once (``lexicon.Tokens``: one regex split, the lower-cased runs of word
characters and hyphens with their offsets). Every phrase of every list is a path of runs in one
trie, so one walk over the runs finds the phrases of all lists at once: at each run the walk
follows the trie as far as the next runs allow, which costs the depth of the longest phrase
that starts there, whatever the number or length of the lists.

The trie is a plain table (``build_table``): nested dicts with str keys, lists, ints and strs,
so that it can be stored as JSON and loaded without running code. A node maps a run to its child
node; the key ``""`` (never a run) holds the phrases that end at the node, as
``[list index, rank, gaps]``: ``rank`` orders the phrases of a list as a regex alternation of them
would try them (group by group, longest first), ``gaps`` is the text the phrase has between its
runs (``None`` when every gap is a single space, which any whitespace matches).

``Trie`` (built from a table) finds, per list, the matches a whole-word, case-insensitive
alternation ``(?<![\\w-])(?:a|b|...)(?![\\w-])`` would: leftmost first, not overlapping, and at
one position the phrase of lowest rank. A phrase that does not start and end with a word run
("[insert") cannot be a path of runs: its list is marked ``fallback`` and matched by its regex
(``Phrases`` does that).
"""

from __future__ import annotations

from typing import Iterable, Mapping

import regex

#: Maximal runs of word characters and hyphens: the units a ``(?<![\w-])``/``(?![\w-])``
#: boundary sees.
RUN = regex.compile(r"[\w-]+")
_SPACES = regex.compile(r"\s+")
_END = ""  # the key of a node's phrases; never a run

TABLE_FORMAT = 1


def order(terms: Iterable[str]) -> list[str]:
    """Stripped, de-duplicated, in alternation order (longest first, then alphabetical)."""
    return sorted({t.strip() for t in terms if t and t.strip()}, key=lambda t: (-len(t), t))


def split_phrase(term: str) -> tuple[list[str], list[str]] | None:
    """(lower-cased runs, the text between them) of a phrase; None if it does not start and end
    with a word run."""
    runs = list(RUN.finditer(term))
    if not runs or runs[0].start() != 0 or runs[-1].end() != len(term):
        return None
    keys = [r.group(0).lower() for r in runs]
    gaps = [term[a.end():b.start()] for a, b in zip(runs, runs[1:])]
    return keys, gaps


def build_table(lists: Mapping[str, Mapping[str | None, Iterable[str]] | Iterable[str]],
                apostrophe: Iterable[str] = ()) -> dict:
    """The trie of several phrase lists, as a JSON-able table.

    ``lists``: name -> its phrases, or name -> {group: phrases} (a group is a named alternative:
    ``(?P<group>...)``; earlier groups win at one position). ``apostrophe``: names of the lists
    whose straight apostrophes also match curly ones.
    """
    apostrophe = set(apostrophe)
    names, groups, fallback = [], [], []
    root: dict = {}
    for index, (name, spec) in enumerate(lists.items()):
        if isinstance(spec, Mapping):
            by_group = {g: order(terms) for g, terms in spec.items()}
        else:
            by_group = {None: order(spec)}
        names.append(name)
        groups.append(list(by_group))
        entries = []
        rank = 0
        ok = True
        for g, (group, terms) in enumerate(by_group.items()):
            for term in terms:
                split = split_phrase(term)
                if split is None:
                    ok = False
                    break
                keys, gaps = split
                entries.append((keys, [index, rank, g, None if all(x == " " for x in gaps) else gaps]))
                rank += 1
            if not ok:
                break
        fallback.append(not ok)
        if not ok:
            continue
        for keys, entry in entries:
            node = root
            for key in keys:
                node = node.setdefault(key, {})
            node.setdefault(_END, []).append(entry)
    return {"format": TABLE_FORMAT, "lists": names, "groups": groups, "fallback": fallback,
            "apostrophe": [n in apostrophe for n in names], "root": root}


class TrieHit:
    """A phrase found by the walk: runs ``first``..``last`` of the text, list ``list``."""

    __slots__ = ("list", "rank", "group", "first", "last")

    def __init__(self, list_: int, rank: int, group: int, first: int, last: int):
        self.list, self.rank, self.group, self.first, self.last = list_, rank, group, first, last


class Trie:
    """The matcher of a table made by ``build_table`` (the table is used as it is)."""

    __slots__ = ("table", "root", "names", "index", "groups", "fallback", "apostrophe", "_gaps")

    def __init__(self, table: dict):
        if table.get("format") != TABLE_FORMAT:
            raise ValueError("not a phrase trie table of this version")
        self.table = table
        self.root: dict = table["root"]
        self.names: list[str] = table["lists"]
        self.index = {name: i for i, name in enumerate(self.names)}
        self.groups: list[list] = table["groups"]
        self.fallback: list[bool] = table["fallback"]
        self.apostrophe: list[bool] = table["apostrophe"]
        self._gaps: dict[tuple[str, bool], regex.Pattern] = {}

    def walk(self, keys: list[str], between: list[str], starts: Iterable[int] | None = None) -> list[TrieHit]:
        """Every phrase of every list that matches at the runs ``keys`` (``between``: the text
        between run i and run i + 1), starting at the runs ``starts`` (all by default), in order
        of their first run."""
        root = self.root
        n = len(keys)
        hits: list[TrieHit] = []
        for i in (range(n) if starts is None else starts):
            node = root.get(keys[i])
            j = i
            while node is not None:
                ends = node.get(_END)
                if ends is not None:
                    for list_, rank, group, gaps in ends:
                        if gaps is None:
                            if all(self._space(between[k]) for k in range(i, j)):
                                hits.append(TrieHit(list_, rank, group, i, j))
                        elif self._gaps_match(between, i, gaps, self.apostrophe[list_]):
                            hits.append(TrieHit(list_, rank, group, i, j))
                j += 1
                if j >= n:
                    break
                node = node.get(keys[j])
        return hits

    @staticmethod
    def _space(gap: str) -> bool:
        return gap == " " or _SPACES.fullmatch(gap) is not None

    def _gaps_match(self, between: list[str], i: int, gaps: list[str], apostrophe: bool) -> bool:
        for k, gap in enumerate(gaps):
            if gap == " ":
                if not self._space(between[i + k]):
                    return False
                continue
            rx = self._gaps.get((gap, apostrophe))
            if rx is None:
                parts = [r"\s+" if p.isspace() else regex.escape(p) for p in regex.split(r"(\s+)", gap) if p]
                body = "".join(parts)
                if apostrophe:
                    body = body.replace("'", "['’]")
                rx = self._gaps[(gap, apostrophe)] = regex.compile(body, regex.IGNORECASE | regex.UNICODE)
            if rx.fullmatch(between[i + k]) is None:
                return False
        return True

    @staticmethod
    def select(hits: Iterable[TrieHit]) -> list[TrieHit]:
        """One list's hits as its alternation takes them: leftmost first, the lowest rank at one
        start, none overlapping. ``hits`` must be in order of their first run."""
        out: list[TrieHit] = []
        free = 0  # the first run a next match may start at
        best: TrieHit | None = None
        for h in hits:
            if h.first < free:
                continue
            if best is not None and h.first != best.first:
                out.append(best)
                free = best.last + 1
                best = None
                if h.first < free:
                    continue
            if best is None or h.rank < best.rank:
                best = h
        if best is not None:
            out.append(best)
        return out

    def by_list(self, hits: list[TrieHit]) -> dict[int, list[TrieHit]]:
        """The hits of a walk, selected per list (see ``select``)."""
        grouped: dict[int, list[TrieHit]] = {}
        for h in hits:
            grouped.setdefault(h.list, []).append(h)
        return {k: self.select(v) for k, v in grouped.items()}
