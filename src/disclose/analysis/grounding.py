"""Grounding: what an article says that none of its source articles contains (contract §8).

An article generated "based on source articles" is checked against them. Each source is read
by the ordinary readers and indexed once (``SourceIndex``): its sentences with their offsets, the
content words of each (lower-cased, lightly stemmed), its figures, dates, name words and its text
as a run of words for quotations. Then every body sentence of the article is aligned
(``Grounder.ground``):

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

The word lists (function words, spelt-out numbers, scale words, name particles) are the
``grounding`` lexicon; month and weekday names come from ``dates``.
"""

from __future__ import annotations

import bisect
import math
from dataclasses import dataclass, field
from typing import Any, Iterable

import regex

from ..model import Block, Document
from ..segment import split_sentences
from .quotes import quotations

#: A figure (with its suffix: "1.5m", "23rd", "40%"), a word (with an apostrophe: "Putin's"), or
#: a per-cent sign. Hyphens split words: "al-Sharaa" is "al", "Sharaa"; "5,000-strong" gives 5,000.
_TOKEN = regex.compile(r"(?P<num>\p{Nd}+(?:[.,]\p{Nd}+)*)(?P<suf>[\p{L}%]*)|(?P<word>[\p{L}\p{M}]+(?:['’][\p{L}]+)?)|(?P<pct>%)")
_ELLIPSIS = regex.compile(r"…|\.\s?\.\s?\.|\[\s*(?:…|\.\.\.)\s*\]")
_ORDINAL = ("st", "nd", "rd", "th")
#: Clauses of a sentence grounded one by one: tokenised text's " . " and semicolons divide them.
_UNIT = regex.compile(r"(?:[^;.]|(?<!\s)\.|\.(?!\s))+")
_SUFFIXES = ("ings", "ing", "ies", "ied", "ed", "es", "s", "ly")


def stem(word: str) -> str:
    """A light English stem, enough to match "moved"/"moves"/"moving" and "cities"/"city"."""
    if len(word) <= 4 or not word.isalpha():
        return word
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            base = word[: -len(suffix)]
            if suffix in ("ies", "ied"):
                return base + "y"
            if suffix in ("ing", "ings", "ed") and len(base) > 3 and base[-1] == base[-2] and base[-1] not in "lsz":
                base = base[:-1]  # "stopped" -> "stop"
            return base.rstrip("e") if suffix in ("es",) and base.endswith(("ss", "sh", "ch", "x")) else base
    return word


@dataclass(slots=True)
class Token:
    start: int
    end: int
    text: str
    key: str  # lower case, possessive dropped
    kind: str  # word | num | pct
    value: float | None = None  # a figure's value (scaled)
    places: int = 0  # the power of ten of the figure's last written digit (rounding allowed)
    suffix: str = ""


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


class Tables:
    """The ``grounding`` and ``dates`` lexicons, compiled once per rule set."""

    def __init__(self, lexicon: dict[str, Any], dates: dict[str, Any], settings: dict[str, Any] | None = None,
                 background: dict[str, tuple[float, float]] | None = None, model: Any = None):
        self.stopwords = frozenset(str(w).lower() for w in lexicon.get("stopwords") or [])
        self.number_words = {str(k).lower(): float(v) for k, v in (lexicon.get("numbers") or {}).items()}
        self.scales = {str(k).lower(): float(v) for k, v in (lexicon.get("scales") or {}).items()}
        self.particles = frozenset(str(w).lower() for w in lexicon.get("name_particles") or [])
        self.months = {str(n).lower(): i + 1 for i, names in enumerate(dates.get("months") or []) for n in names}
        self.weekdays = {str(n).lower(): i for i, names in enumerate(dates.get("weekdays") or []) for n in names}
        #: Month names that are also common words ("may", "march"): months only when capitalised.
        self.ambiguous_months = frozenset(m for m in self.months if m in self.stopwords or m in ("march", "may"))
        #: Word -> (share of news articles that use it, share of its mid-sentence uses that are
        #: capitalised): rarity for words no source has, and names in lower-cased text.
        self.background: dict[str, tuple[float, float]] = background or {}
        #: The ``grounding`` model (``rules/models/grounding.json``): P(a source supports the sentence).
        self.model = model
        settings = settings or {}
        #: The weighted share of a sentence's content words its aligned source sentences must hold.
        self.threshold = float(settings.get("grounding_threshold", model.threshold if model is not None else 0.7))
        #: Items of these kinds make the article inconsistent; ``term`` is listed only.
        self.critical = frozenset(settings.get("grounding_critical", ("number", "date", "name", "quote")))

    # -- tokens ---------------------------------------------------------------------------------

    def tokens(self, text: str) -> list[Token]:
        out: list[Token] = []
        for m in _TOKEN.finditer(text):
            if m.group("word") is not None:
                raw = m.group("word")
                key = raw.lower().replace("’", "'")
                if key.endswith("'s"):
                    key = key[:-2]
                out.append(Token(m.start(), m.end(), raw, key, "word"))
            elif m.group("pct") is not None:
                out.append(Token(m.start(), m.end(), "%", "%", "pct"))
            else:
                out.append(self._figure(m))
        self._spelt_and_scaled(out)
        return out

    def _figure(self, m: Any) -> Token:
        digits, suffix = m.group("num"), m.group("suf").lower()
        # "5,000" and "1,500,000" group thousands; "1,5" (a decimal comma) and "1.5" do not.
        parts = regex.split(r"[.,]", digits)
        seps = regex.findall(r"[.,]", digits)
        if len(parts) > 1 and all(len(p) == 3 for p in parts[1:]) and len(set(seps)) == 1 and (seps[0] == "," or len(parts) > 2):
            whole, frac = "".join(parts), ""
        elif len(parts) == 2:
            whole, frac = parts
        else:
            whole, frac = "".join(parts), ""
        value = float(f"{whole}.{frac}" if frac else whole)
        places = -len(frac) if frac else len(whole) - len(whole.rstrip("0")) if whole.strip("0") else 0
        token = Token(m.start(), m.end(), m.group(), whole + ("." + frac if frac else ""), "num", value, places, suffix)
        if suffix in self.scales:
            token.value *= self.scales[suffix]
            token.places += int(round(math.log10(self.scales[suffix])))
        elif suffix == "%":
            token.suffix = "%"
        return token

    def _spelt_and_scaled(self, tokens: list[Token]) -> None:
        """Figures in words ("five thousand") and a scale word after a figure ("1.5 million")."""
        i = 0
        while i < len(tokens):
            t = tokens[i]
            if t.kind == "num" and i + 1 < len(tokens) and tokens[i + 1].key in self.scales and tokens[i + 1].kind == "word" \
                    and t.suffix not in self.scales:
                scale = self.scales[tokens[i + 1].key]
                t.value *= scale
                t.places += int(round(math.log10(scale)))
                t.end, t.text = tokens[i + 1].end, t.text + " " + tokens[i + 1].text
                del tokens[i + 1]
            elif t.kind == "word" and t.key in self.number_words:
                value, j = self.number_words[t.key], i + 1
                while j < len(tokens) and tokens[j].kind == "word" and (tokens[j].key in self.number_words or tokens[j].key in self.scales):
                    k = tokens[j].key
                    if k in self.scales and self.scales[k] >= 100:
                        value *= self.scales[k]
                    elif k in self.number_words and self.number_words[k] < value:
                        value += self.number_words[k]  # "twenty three"
                    else:
                        break
                    j += 1
                places = int(math.log10(value)) if value >= 100 and value % 10 == 0 else 0
                tokens[i] = Token(t.start, tokens[j - 1].end, " ".join(x.text for x in tokens[i:j]), t.key, "num",
                                  value, places)
                del tokens[i + 1:j]
            i += 1

    def content(self, key: str) -> bool:
        return len(key) > 2 and key not in self.stopwords and not key.isdigit()

    def is_name(self, tokens: list[Token], i: int, text: str) -> bool:
        """A capitalised word within a sentence (or opening one, when another capitalised word
        follows: "Vladimir Putin said"); months, weekdays and function words are not names."""
        t = tokens[i]
        if t.kind != "word" or not t.text[:1].isupper() or t.key in self.stopwords:
            return False
        if t.key in self.months or t.key in self.weekdays:
            return False
        if i == 0 or _opens_sentence(text, tokens[i - 1], t):
            nxt = tokens[i + 1] if i + 1 < len(tokens) else None
            return bool(nxt is not None and nxt.kind == "word" and nxt.text[:1].isupper() and nxt.key not in self.stopwords)
        return True


def units(text: str) -> list[tuple[int, str]]:
    """The clauses of a sentence grounded one by one, with their offsets (see ``_UNIT``)."""
    out = [(m.start(), m.group()) for m in _UNIT.finditer(text) if any(c.isalnum() for c in m.group())]
    return out or [(0, text)]


def _opens_sentence(text: str, prev: Token, t: Token) -> bool:
    return any(c in text[prev.end:t.start] for c in ".!?:;\n\"“(")


def _quote_words(tables: Tables, text: str) -> list[str]:
    return gram_keys(tables.tokens(text), stemmed=False)


def gram_keys(tokens: list[Token], stemmed: bool = True) -> list[str]:
    """Tokens as comparable words: figures by value, words lower-cased (and stemmed)."""
    return [(stem(t.key) if stemmed else t.key) if t.kind == "word" else _num_key(t.value) if t.kind == "num" else t.key
            for t in tokens]


def _grams(words: list[str]) -> Iterable[str]:
    for a, b in zip(words, words[1:]):
        yield f"{a} {b}"
    for a, b, c in zip(words, words[1:], words[2:]):
        yield f"{a} {b} {c}"


def _num_key(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else repr(round(value, 6))


# ---------------------------------------------------------------------------------------------


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
            for month, day, weekday, _ in _dates_with_spans(tables, tokens):
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
            self.grams.update(_grams(words))
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
        grams = list(_grams(words))
        pairs = [g for g in grams if g.count(" ") == 1]
        triples = [g for g in grams if g.count(" ") == 2]
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
            words = [_quote_words(tables, p) for p in pieces]
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
        for month, day, weekday, span in _dates_with_spans(tables, tokens):
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
            if (i == 0 or _opens_sentence(text, tokens[i - 1], tokens[i])) and j - i > 1 \
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


def _dates_with_spans(tables: Tables, tokens: list[Token]) -> Iterable[tuple[int, int | None, int | None, tuple[int, int]]]:
    for i, t in enumerate(tokens):
        if t.kind != "word" or t.key not in tables.months:
            continue
        if not t.text[:1].isupper() and t.key in tables.ambiguous_months:
            continue
        month = tables.months[t.key]
        a, b, day = i, i + 1, None
        if i + 1 < len(tokens) and tokens[i + 1].kind == "num" and _is_day(tokens[i + 1]):
            day, b = int(tokens[i + 1].value), i + 2
        elif i >= 1 and tokens[i - 1].kind == "num" and _is_day(tokens[i - 1]):
            day, a = int(tokens[i - 1].value), i - 1
        elif i >= 2 and tokens[i - 1].key == "of" and tokens[i - 2].kind == "num" and _is_day(tokens[i - 2]):
            day, a = int(tokens[i - 2].value), i - 2
        weekday = None
        for j in (a - 1, a - 2):
            if 0 <= j < len(tokens) and tokens[j].kind == "word" and tokens[j].key in tables.weekdays and tokens[j].text[:1].isupper():
                weekday, a = tables.weekdays[tokens[j].key], j
                break
        yield month, day, weekday, (a, b)


def _is_day(t: Token) -> bool:
    return t.value is not None and 1 <= t.value <= 31 and float(t.value).is_integer() and t.suffix in ("", *_ORDINAL) \
        and "," not in t.text and "." not in t.text
