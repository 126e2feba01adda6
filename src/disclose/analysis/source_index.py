"""The index of one source article: what grounding looks up, built once per source.

A source is read by the ordinary readers and indexed once, then shared by every article that
cites it (``Analyzer.source_index`` keeps them): its body sentences with their offsets, the
content words of each (stemmed) with a posting list per word, its figures (sorted, for a
rounding-aware lookup), its words and four-letter prefixes ("Syrian" ~ "Syria"), the months,
days and weekdays it states, its word pairs and triples, and its text as one run of words for
quotations.
"""

from __future__ import annotations

import bisect

from ..model import Block, Document
from ..segment import split_sentences
from .grounding_tokens import Tables, dates_with_spans, gram_keys, stem, word_grams

class SourceIndex:
    """One source article, read and indexed once and shared by every article that cites it."""

    def __init__(self, tables: Tables, doc: Document, *, title: str | None = None, url: str | None = None,
                 path: str | None = None):
        self.doc = doc
        self.title = title if title is not None else _doc_title(doc)
        self.url = url
        self.path = path
        self.text = doc.text
        self.sentences: list[tuple[int, int, str]] = []
        self.keys: list[frozenset[str]] = []
        self.postings: dict[str, list[int]] = {}
        self.values: list[float] = []
        self.words: set[str] = set()  # every word key and its stem, any case
        self.prefixes: dict[str, list[str]] = {}
        self.months: set[tuple[int, int | None]] = set()
        self.weekday_of: dict[tuple[int, int], set[int]] = {}
        self.weekdays: set[int] = set()
        self.grams: set[str] = set()  # word pairs and triples, for the share of new phrasing
        runs: list[str] = []
        for block in doc.blocks:
            if block.section == "boilerplate":
                continue
            self._index_block(tables, block, runs)
        self.run = " " + " ".join(runs) + " "  # every word, for quotations
        self.values.sort()

    def _index_block(self, tables: Tables, block: Block, runs: list[str]) -> None:
        for s, e in split_sentences(block.text):
            text = block.text[s:e]
            tokens = tables.tokens(text)
            keys = set()
            for i, t in enumerate(tokens):
                if t.kind == "num":
                    self.values.append(t.value)
                    continue
                if t.kind != "word":
                    continue
                self.words.add(t.key)
                st = stem(t.key)
                self.words.add(st)
                self.prefixes.setdefault(t.key[:4], []).append(t.key)
                if tables.content(t.key):
                    keys.add(st)
            for month, day, weekday, _ in dates_with_spans(tables, tokens):
                self.months.add((month, day))
                self.months.add((month, None))
                if weekday is not None:
                    self.weekdays.add(weekday)
                    if day is not None:
                        self.weekday_of.setdefault((month, day), set()).add(weekday)
            for t in tokens:
                if t.kind == "word" and t.key in tables.weekdays and t.text[:1].isupper():
                    self.weekdays.add(tables.weekdays[t.key])
            words = gram_keys(tokens)
            runs.extend(gram_keys(tokens, stemmed=False))
            self.grams.update(word_grams(words))
            a, b = block.span_to_source(s, e)
            idx = len(self.sentences)
            self.sentences.append((a, b, " ".join(text.split())))
            self.keys.append(frozenset(keys))
            for k in keys:
                self.postings.setdefault(k, []).append(idx)

    def holds_value(self, value: float, places: int) -> bool:
        """A source states this figure, to the precision it is written with ("5,000" holds
        4,980; "1.5m" holds 1,480,000), and within a tenth of it ("100" does not hold 60)."""
        tol = min(0.5 * 10 ** places, 0.1 * abs(value)) if places != 0 else 1e-9
        i = bisect.bisect_left(self.values, value - tol)
        return i < len(self.values) and self.values[i] <= value + tol

    def holds_name(self, key: str) -> bool:
        """A name's word: as ``holds_word``, or spelt one letter differently (a transliteration:
        "Khmeimim" / "Hmeimim", "Tartus" / "Tartous") when six letters or longer."""
        if self.holds_word(key):
            return True
        if len(key) < 6:
            return False
        return any(abs(len(w) - len(key)) <= 1 and _one_edit(key, w) for w in self.words if len(w) >= 5)

    def holds_word(self, key: str) -> bool:
        if key in self.words or stem(key) in self.words:
            return True
        for other in self.prefixes.get(key[:4], ()):  # "Syrian" ~ "Syria", "Chinese" ~ "China"
            common = len(_common_prefix(key, other))
            if common >= 4 and common >= min(len(key), len(other)) - 1 and max(len(key), len(other)) - common <= 4:
                return True
        return False


def _one_edit(a: str, b: str) -> bool:
    """``a`` and ``b`` differ by at most one inserted, deleted or replaced letter."""
    if a == b:
        return True
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    if len(a) == len(b):
        return a[i + 1:] == b[i + 1:]
    return a[i:] == b[i + 1:]


def _common_prefix(a: str, b: str) -> str:
    n = 0
    for x, y in zip(a, b):
        if x != y:
            break
        n += 1
    return a[:n]


def _doc_title(doc: Document) -> str | None:
    for block in doc.blocks:
        if block.section == "title":
            return block.text.strip() or None
    title = doc.metadata.get("title") if isinstance(doc.metadata, dict) else None
    return title if isinstance(title, str) and title.strip() else None
