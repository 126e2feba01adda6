"""Grounding: what an article says that none of its source articles contains (contract §8).

An article generated "based on source articles" is checked against them. Each source is read
by the ordinary readers and indexed once (``source_index.SourceIndex``): its sentences with their
offsets, the content words of each (lower-cased, lightly stemmed), its figures, dates, name words
and its text as a run of words for quotations. Then every body sentence of the article is aligned
(``Grounder.ground``, this module):

* **support**: the source sentences that share most of the sentence's content words, each word
  weighted by its rarity in the sources (a shared "said" proves nothing, a shared "Sharaa" a lot).
  The best source sentence, joined by a second (and, for long sentences, a third) that adds words
  the first lacks -- a generated sentence often fuses two -- gives the score: the weighted share
  of the sentence's content words they hold. ``supported`` is a score at or above the threshold
  (``grounding.threshold``, chosen on FRANK's dev split).
* **what no source holds**, item by item:

  - ``number``: a figure whose value no source states, after normalising how it is written
    ("5,000" = "5000" = "five thousand"; "1.5m" = "1.5 million"; "40%" = "40 per cent"), allowing
    the rounding its written precision implies ("nearly 5,000" against "4,980");
  - ``date``: a month (with its day) or a year no source states, or a weekday given to a date
    that a source gives another weekday;
  - ``name``: a capitalised name one of whose words no source contains ("Putin" is held by
    "Vladimir Putin", "al-Sharaa" by "Ahmed al-Sharaa", "Syrian" by "Syria");
  - ``quote``: a quotation of three words or more that no source contains word for word (after
    case, punctuation and ellipses); a quotation is invented, however similar a source sentence;
  - ``term``: any other content word that appears in no source (listed; it does not by itself
    make the article inconsistent).

Words, figures, dates and names are read and normalised by ``grounding_tokens`` (its word
lists -- function words, spelt-out numbers, scale words, name particles -- are the ``grounding``
lexicon; month and weekday names come from ``dates``); quotations are found by ``quotes``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import regex

from .grounding_tokens import Tables, Token, dates_with_spans, gram_keys, opens_sentence, quote_words, stem, units, word_grams
from .quotes import quotations
from .source_index import SourceIndex

__all__ = ["Alignment", "Grounder", "Item"]

_ELLIPSIS = regex.compile(r"…|\.\s?\.\s?\.|\[\s*(?:…|\.\.\.)\s*\]")


@dataclass(slots=True)
class Item:
    """Something the sentence states that no source holds."""

    text: str
    kind: str  # number | date | name | quote | term
    start: int  # offsets within the sentence's visible text
    end: int
    note: str = ""  # why, where it is not plain absence (a weekday the source gives otherwise)
    weight: float = 0.0  # a term's rarity in news (background), for the model


@dataclass(slots=True)
class Alignment:
    """A sentence's grounding: score, support, the best source sentence and what is missing."""

    supported: bool
    score: float
    source: int | None = None  # index of the evidence's source
    evidence: tuple[int, int, str] | None = None  # (start, end, text) in that source's text
    missing: list[Item] = field(default_factory=list)
    #: The weighted share of content words the aligned source sentences hold (before the model).
    overlap: float = 0.0
    #: The model's features (``Grounder.features``), kept for training.
    features: dict[str, float] = field(default_factory=dict)


class Grounder:
    """Aligns an article's sentences with its sources' (see the module docstring)."""

    def __init__(self, tables: Tables, sources: list[SourceIndex]):
        self.tables = tables
        self.sources = sources
        n = sum(len(s.sentences) for s in sources) or 1
        df: dict[str, int] = {}
        for src in sources:
            for k, post in src.postings.items():
                df[k] = df.get(k, 0) + len(post)
        self.n = n
        self.df = df
        self.absent_weight = math.log(1 + n)

    def weight(self, key: str) -> float:
        d = self.df.get(key)
        return self.absent_weight if d is None else math.log(1 + self.n / d)

    def ground(self, text: str) -> Alignment:
        """The sentence's alignment. A sentence of tokenised text ("… in 2012 . the woman …",
        as summarisers write) or one joined by semicolons is grounded clause by clause: its
        score is its weakest clause's."""
        best: Alignment | None = None
        missing: list[Item] = []
        for offset, unit in units(text):
            al = self.ground_unit(unit)
            for it in al.missing:
                it.start += offset
                it.end += offset
            missing.extend(al.missing)
            if best is None or al.score < best.score:
                best = al
        best.missing = missing
        return best

    def ground_unit(self, text: str) -> Alignment:
        """One clause's alignment (``ground`` takes the weakest of a sentence's clauses)."""
        tables = self.tables
        tokens = tables.tokens(text)
        keys: dict[str, float] = {}
        name_idx: set[int] = set()
        for i, t in enumerate(tokens):
            if t.kind == "word" and tables.content(t.key):
                keys.setdefault(stem(t.key), self.weight(stem(t.key)))
            if tables.is_name(tokens, i, text):
                name_idx.add(i)
        overlap, src, sent = self._align(keys)
        missing = self._missing(text, tokens, name_idx)
        feats = self.features(tokens, keys, overlap, missing)
        score = overlap if tables.model is None else tables.model.score(feats)
        evidence = None
        if src is not None:
            a, b, stext = self.sources[src].sentences[sent]
            evidence = (a, b, stext)
        return Alignment(supported=score >= tables.threshold, score=round(score, 4), source=src,
                         evidence=evidence, missing=missing, overlap=round(overlap, 4), features=feats)

    def features(self, tokens: list[Token], keys: dict[str, float], overlap: float, missing: list[Item]) -> dict[str, float]:
        """The grounding model's features of one sentence (``rules/models/grounding.json``)."""
        words = gram_keys(tokens)
        ngrams = list(word_grams(words))
        pairs = [g for g in ngrams if g.count(" ") == 1]
        triples = [g for g in ngrams if g.count(" ") == 2]
        feats = {"g:overlap": overlap}
        feats["g:new2"] = sum(not any(g in s.grams for s in self.sources) for g in pairs) / max(1, len(pairs))
        feats["g:new3"] = sum(not any(g in s.grams for s in self.sources) for g in triples) / max(1, len(triples))
        # Content words the sources hold, but never in one sentence together: facts recombined
        # ("moved … as an actress in the philippines" where the source has the actress in australia).
        content = [k for k in (stem(t.key) for t in tokens if t.kind == "word" and self.tables.content(t.key))
                   if k in self.df]
        apart = checked = 0
        for a, b in zip(content, content[1:]):
            if a == b:
                continue
            checked += 1
            if not any(set(s.postings.get(a, ())) & set(s.postings.get(b, ())) for s in self.sources):
                apart += 1
        feats["g:apart"] = apart / max(1, checked)
        counts: dict[str, float] = {}
        for it in missing:
            kind = it.kind
            if kind == "term":
                kind = "term_common" if it.note == "common" else "term_rare"
            counts[kind] = counts.get(kind, 0.0) + 1.0
        size = max(1, len(keys))
        for kind, n in counts.items():
            # Terms as a share of the content words (a long sentence has more of them); figures,
            # dates, names and quotations as counts (one invented figure is one too many).
            feats["g:" + kind] = n / size if kind.startswith("term") else min(n, 3.0) / 3
            feats["g:any_" + kind] = 1.0
        feats["g:term_weight"] = sum(it.weight for it in missing if it.kind == "term") / size
        return feats

    def _align(self, keys: dict[str, float]) -> tuple[float, int | None, int | None]:
        total = sum(keys.values())
        if not self.sources:
            return 0.0, None, None
        gains: dict[tuple[int, int], float] = {}
        for k, w in keys.items():
            for si, src in enumerate(self.sources):
                for j in src.postings.get(k, ()):
                    gains[(si, j)] = gains.get((si, j), 0.0) + w
        if not gains:
            return (1.0 if total == 0 else 0.0), None, None
        best = max(gains, key=lambda p: (gains[p], -p[0], -p[1]))
        if total == 0:
            return 1.0, best[0], best[1]
        covered = set(self.sources[best[0]].keys[best[1]]) & set(keys)
        # A generated sentence often fuses two (or, when long, three) source sentences.
        for _ in range(1 if len(keys) < 12 else 2):
            rest = {k: w for k, w in keys.items() if k not in covered}
            if not rest:
                break
            add, add_gain = None, 0.0
            cand: dict[tuple[int, int], float] = {}
            for k, w in rest.items():
                for si, src in enumerate(self.sources):
                    for j in src.postings.get(k, ()):
                        cand[(si, j)] = cand.get((si, j), 0.0) + w
            if cand:
                add = max(cand, key=lambda p: (cand[p], -p[0], -p[1]))
                add_gain = cand[add]
            if add is None or add_gain <= 0:
                break
            covered |= set(self.sources[add[0]].keys[add[1]]) & set(keys)
        score = sum(keys[k] for k in covered) / total
        return score, best[0], best[1]

    def _missing(self, text: str, tokens: list[Token], name_idx: set[int]) -> list[Item]:
        tables, sources = self.tables, self.sources
        lowered = not any(c.isupper() for c in text)
        out: list[Item] = []
        used: set[int] = set()
        # Quotations first: their words are not checked again one by one.
        for qs, qe, inner in quotations(text, guillemets=True):
            pieces = [p for p in _ELLIPSIS.split(inner) if p.strip()]
            words = [quote_words(tables, p) for p in pieces]
            if sum(len(w) for w in words) < 3:
                continue
            for i, t in enumerate(tokens):
                if qs <= t.start < qe:
                    used.add(i)
            if not any(all(" " + " ".join(w) + " " in src.run for w in words if w) for src in sources):
                out.append(Item(text[qs:qe], "quote", qs, qe))
        date_tokens: set[int] = set()
        for i, t in enumerate(tokens):
            if t.kind == "word" and t.key in tables.months:
                date_tokens.add(i)
        for month, day, weekday, span in dates_with_spans(tables, tokens):
            a, b = span
            for i in range(a, b):
                date_tokens.add(i)
            if any(a <= i < b for i in used):
                continue
            s, e = tokens[a].start, tokens[b - 1].end
            if not any((month, day) in src.months for src in sources):
                out.append(Item(text[s:e], "date", s, e))
            elif weekday is not None and day is not None:
                given = set().union(*(src.weekday_of.get((month, day), set()) for src in sources))
                if given and weekday not in given:
                    out.append(Item(text[s:e], "date", s, e, note="the sources give this date another weekday"))
        for i, t in enumerate(tokens):
            if i in used or i in date_tokens:
                continue
            if t.kind == "num" and t.value is not None:
                is_year = 1800 <= t.value <= 2100 and t.value.is_integer() and not t.suffix and "," not in t.text
                if is_year:
                    if not any(src.holds_value(t.value, 0) for src in sources):
                        out.append(Item(t.text, "date", t.start, t.end))
                elif t.value not in (0.0, 1.0) and not any(src.holds_value(t.value, t.places) for src in sources):
                    out.append(Item(t.text, "number", t.start, t.end))
            elif t.kind == "word" and t.key in tables.weekdays and t.text[:1].isupper():
                if not any(tables.weekdays[t.key] in src.weekdays for src in sources):
                    out.append(Item(t.text, "date", t.start, t.end))
        # Names: runs of capitalised words (with particles: "Ahmed al-Sharaa").
        i = 0
        while i < len(tokens):
            if i not in name_idx or i in used:
                i += 1
                continue
            j = i + 1
            while j < len(tokens) and (j in name_idx or (tokens[j].key in tables.particles and j + 1 in name_idx)) \
                    and text[tokens[j - 1].end:tokens[j].start] in (" ", "-", "’", "'"):
                j += 1
            if (i == 0 or opens_sentence(text, tokens[i - 1], tokens[i])) and j - i > 1 \
                    and tables.background.get(tokens[i].key, (0.0, 1.0))[1] < 0.5:
                i += 1  # "Top Syrian ministers": a common word opening the sentence is no name
                continue
            parts = [tokens[k] for k in range(i, j) if tokens[k].key not in tables.particles]
            lost = [p for p in parts if not any(src.holds_name(p.key) for src in sources)]
            if lost:
                s, e = tokens[i].start, tokens[j - 1].end
                out.append(Item(text[s:e], "name", s, e))
            used.update(range(i, j))
            i = j
        for i, t in enumerate(tokens):
            if i in used or i in date_tokens or t.kind != "word" or not tables.content(t.key):
                continue
            if not any(src.holds_word(t.key) for src in sources):
                share, capital = tables.background.get(t.key, (0.0, 0.0))
                if lowered and capital >= 0.5:  # lower-cased text: a word news writes capitalised
                    out.append(Item(t.text, "name", t.start, t.end, note="capitalised in news"))
                    continue
                weight = -math.log(max(share, 1e-4))
                out.append(Item(t.text, "term", t.start, t.end, note="common" if share >= 0.01 else "rare",
                                weight=weight))
        out.sort(key=lambda it: it.start)
        return out
