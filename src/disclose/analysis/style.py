"""Style of the whole article: what machine-written news does beyond stock phrases (issue 17).

ChatGPT's rephrasings of news carry no chatbot leftovers and few stock phrases, yet read
differently from reporting: sentences and paragraphs of even length, fewer people quoted, fewer
statements attributed, more hedging, lists of three, em dashes, a function-word profile of its
own, sentences built from a narrower set of patterns. ``style_features`` measures those habits on
the body's sentences and paragraphs (the analysis has already found each sentence's attribution
and quotations), and ``word_patterns`` the rates of the sentences' word-pattern sequences
(grammar words kept, other words replaced by their shape); ``StyleModel`` is a
logistic regression over them and the AI-tell counts, trained by ``make train``
(``train/train_style.py``) on ``../shared/eval/ai-news`` and shipped as
``rules/models/style.json``; inference is pure Python.

Each feature is standardised with the training corpus's mean and spread before it is weighed, so
a feature's contribution ``weight * (value - mean) / scale`` says how far this article sits from
the training articles on it, in which direction: ``explain`` names the features that pushed the
score with their values, for the warning's evidence.

The model speaks for English only (its word lists and training data are English):
``english_share`` is the share of the body's words that are common English function words, and
below ``min_english`` the model is not used and the phrase tells decide alone.

Word lists (function words, hedges, pronouns) are data: the ``style`` lexicon,
``rules/lexicons/style.yaml``.
"""

from __future__ import annotations

import heapq
import math
import statistics
from collections import Counter
from typing import Any, Iterable, Sequence

import regex

from ..model import Block, Sentence, Tell
from .patterns import series

_WORD = regex.compile(r"[\p{L}\p{N}]+(?:['’][\p{L}]+)*")
_DIGIT = regex.compile(r"\p{N}")
# "A, B and C" / "A, B, and C": items of up to three words (``patterns.series_pattern``).
_ITEM_WORDS = 3
# Contractions ("don't", "they're", "I'm"); the possessive "'s" is not one.
_CONTRACTION = regex.compile(r"['’](?:t|re|ve|ll|m|d)$")
_QUOTE_MARKS = set("\"“”„«»")
_LIST_START = regex.compile(r"^\s*(?:[-*•·▪–]\s|\d{1,2}[.)]\s)")
# The items of a word-pattern sequence: words, numbers, dashes and punctuation.
_PATTERN_ITEM = regex.compile(r"\p{L}+(?:['’]\p{L}+)*|\p{N}+(?:[.,]\p{N}+)*|--|[—–\-,.;:!?()\"“”‘’']")
# Quotation marks and dashes as one item each, however they are typed.
_SAME_MARK = {"“": '"', "”": '"', "‘": "'", "’": "'", "–": "—", "--": "—"}
#: How a word-pattern feature shows a word that is not among the pattern words.
SHAPES = {"#w": "‹word›", "#C": "‹Name›", "#N": "‹number›"}


class StyleError(ValueError):
    """A style model file of the wrong shape."""


def _cv(values: Sequence[float]) -> float:
    """Coefficient of variation (0 when fewer than two values)."""
    if len(values) < 2:
        return 0.0
    mean = statistics.fmean(values)
    return statistics.pstdev(values) / mean if mean else 0.0


def style_features(sentences: Sequence[Sentence], paragraphs: Sequence[tuple[str, int, Block]],
                   tells: Iterable[Tell], vocab: dict[str, Any]) -> dict[str, float]:
    """The article's style features (rates per 100 words, shares, variations); empty when the
    body has fewer than three sentences (too little to judge style)."""
    body = [s for s in sentences if not s.in_disclosure and s.section in ("body", "summary")]
    if len(body) < 3:
        return {}
    written = [_WORD.findall(s.text) for s in body]  # as written: capitals are a feature too
    words_per: list[list[str]] = [[w.lower() for w in ws] for ws in written]
    lengths = [len(ws) for ws in words_per]
    words = [w for ws in words_per for w in ws]
    n = max(1, len(words))
    per100 = 100.0 / n
    text = " ".join(s.text for s in body)
    counts: dict[str, int] = {}
    for w in words:
        counts[w] = counts.get(w, 0) + 1

    f: dict[str, float] = {}
    f["s:len_mean"] = statistics.fmean(lengths)
    f["s:len_cv"] = _cv(lengths)
    f["s:short_share"] = sum(1 for x in lengths if x < 10) / len(lengths)
    f["s:long_share"] = sum(1 for x in lengths if x > 35) / len(lengths)
    para_words = [len(_WORD.findall(t)) for t, _, b in paragraphs if b.section in ("body", "summary")]
    para_words = [x for x in para_words if x]
    f["p:words_mean"] = statistics.fmean(para_words) if para_words else 0.0
    f["p:len_cv"] = _cv(para_words)
    f["p:one_sentence_share"] = (sum(1 for x in para_words if x <= 30) / len(para_words)) if para_words else 0.0
    listy = sum(1 for t, _, b in paragraphs if b.kind == "list_item" or _LIST_START.match(t))
    f["p:list_share"] = listy / max(1, len(paragraphs))
    for w in vocab.get("function_words", ()):
        f[f"fw:{w}"] = counts.get(w, 0) * per100
    for name in ("hedges", "first_person", "second_person", "intensifiers"):
        terms = vocab.get(name, ())
        f[f"v:{name}"] = sum(counts.get(t, 0) for t in terms) * per100
    f["pn:em_dash"] = text.count("—") * per100
    f["pn:colon"] = text.count(":") * per100
    f["pn:semicolon"] = text.count(";") * per100
    f["pn:paren"] = text.count("(") * per100
    f["pn:question"] = text.count("?") * per100
    f["pn:exclaim"] = text.count("!") * per100
    f["pn:digits"] = len(_DIGIT.findall(text)) * per100
    triads = series(tuple(str(c) for c in vocab.get("triad_conjunctions") or ()), _ITEM_WORDS, regex.IGNORECASE)
    f["pn:triads"] = (len(triads.finditer(text)) if triads is not None else 0) / len(body)
    f["q:quoted_share"] = sum(1 for s in body if s.quotes or not _QUOTE_MARKS.isdisjoint(s.text)) / len(body)
    f["a:attributed_share"] = sum(1 for s in body if s.attribution is not None) / len(body)
    f["a:named_share"] = sum(1 for s in body if s.attribution is not None and s.attribution.named) / len(body)
    head = words[:150]  # a fixed window: variety over more words is lower, whatever the style
    f["w:type_token"] = len(set(head)) / max(1, len(head))
    f["w:mean_len"] = statistics.fmean(map(len, words)) if words else 0.0
    head_counts: dict[str, int] = {}
    for w in head:
        head_counts[w] = head_counts.get(w, 0) + 1
    f["w:hapax"] = sum(1 for v in head_counts.values() if v == 1) / max(1, len(head))
    f["w:long_share"] = sum(1 for w in words if len(w) >= 9) / n
    f["w:ly"] = sum(1 for w in words if w.endswith("ly") and len(w) > 4) * per100
    f["w:contractions"] = sum(1 for w in words if _CONTRACTION.search(w)) * per100
    f["w:caps"] = sum(1 for ws in written for w in ws[1:] if w[:1].isupper()) * per100
    commas = text.count(",")
    f["pn:comma"] = commas * per100
    f["s:commas_per_sentence"] = commas / len(body)
    f["s:len_median"] = float(statistics.median(lengths))
    f["s:len_jump"] = (statistics.fmean(abs(a - b) for a, b in zip(lengths, lengths[1:]))
                       / max(1.0, f["s:len_mean"]))
    openers = [ws[0] for ws in words_per if ws]
    f["s:start_the"] = sum(1 for w in openers if w == "the") / len(body)
    pronouns = set(vocab.get("opening_pronouns", ()))
    f["s:start_pronoun"] = sum(1 for w in openers if w in pronouns) / len(body)
    f["v:connectives"] = sum(counts.get(t, 0) for t in vocab.get("connectives", ())) * per100
    f.update(word_patterns((s.text for s in body), vocab))
    tell_counts: dict[str, int] = {}
    for t in tells:
        tell_counts[t.tell] = tell_counts.get(t.tell, 0) + 1
    for name in vocab.get("tell_families", ()):
        f[f"t:{name}"] = math.log1p(tell_counts.get(name, 0))
    return f


def word_patterns(sentences: Iterable[str], vocab: dict[str, Any], longest: int = 3) -> dict[str, float]:
    """Rates per 100 items of the word-pattern sequences (``g:`` features) of one to ``longest``
    items: each sentence read with the lexicon's ``pattern_words`` kept and every other word
    replaced by its shape (``#w`` a lower-case word, ``#C`` a capitalised one, ``#N`` a number),
    punctuation kept, between a start mark ``<s>`` and an end mark ``</s>``. Empty without
    ``pattern_words``."""
    keep = vocab.get("pattern_words")
    if not keep:
        return {}
    keep = frozenset(str(w) for w in keep)
    seen: dict[str, str] = {}  # item as written -> as it is counted (words repeat: work it out once)
    sequences: list[list[str]] = []
    for text in sentences:
        items = ["<s>"]
        for item in _PATTERN_ITEM.findall(text):
            as_counted = seen.get(item)
            if as_counted is None:
                as_counted = seen[item] = _pattern_item(item, keep)
            items.append(as_counted)
        items.append("</s>")
        sequences.append(items)
    counts: Counter = Counter()
    for items in sequences:  # the n-grams counted in C (zip, Counter), joined once per distinct one
        counts.update(items)
        if longest >= 2:
            counts.update(zip(items, items[1:]))
        if longest >= 3:
            counts.update(zip(items, items[1:], items[2:]))
    per100 = 100.0 / max(1, sum(map(len, sequences)))
    return {"g:" + (key if type(key) is str else " ".join(key)): c * per100 for key, c in counts.items()}


def _pattern_item(item: str, keep: frozenset[str]) -> str:
    """One item as a word pattern counts it: a kept word, a shape, or a punctuation mark."""
    first = item[0]
    if first.isalpha():
        low = item.lower().replace("’", "'")
        return low if low in keep else ("#C" if first.isupper() else "#w")
    if first.isdigit():
        return "#N"
    return _SAME_MARK.get(item, item)


def english_share(sentences: Sequence[Sentence], vocab: dict[str, Any]) -> float:
    """The share of the body's words that are common English function words (about 0.4 in
    English prose, under 0.1 in other languages)."""
    common = set(vocab.get("english_common", ()))
    total = hits = 0
    for s in sentences:
        if s.in_disclosure or s.section not in ("body", "summary"):
            continue
        for w in _WORD.findall(s.text):
            total += 1
            hits += w.lower() in common
    return hits / total if total else 0.0


class StyleModel:
    """A logistic regression over standardised article features (``rules/models/style.json``)::

        {"name": "style", "version": 1, "kind": "standardised-logistic", "bias": -1.2,
         "threshold": 0.8, "min_english": 0.25,
         "features": {"s:len_cv": {"mean": 0.45, "scale": 0.12, "weight": -0.8}, ...},
         "trained_on": "...", "figures": {...}}
    """

    def __init__(self, name: str, bias: float, threshold: float, min_english: float,
                 features: dict[str, tuple[float, float, float]], trained_on: str = "", figures: dict | None = None):
        self.name, self.bias, self.threshold, self.min_english = name, bias, threshold, min_english
        self.features = features
        self.trained_on, self.figures = trained_on, figures or {}
        self._compiled: tuple[dict[str, tuple[float, float]], float, list[tuple[float, str]]] | None = None

    @classmethod
    def from_data(cls, data: Any, where: str = "style model") -> "StyleModel":
        if not isinstance(data, dict):
            raise StyleError(f"{where}: expected an object")
        if data.get("kind") != "standardised-logistic":
            raise StyleError(f"{where}: kind must be 'standardised-logistic'")
        feats = data.get("features")
        if not isinstance(feats, dict) or not feats:
            raise StyleError(f"{where}: features: expected a non-empty object")
        out = {}
        for key, spec in feats.items():
            if not isinstance(spec, dict) or not all(_number(spec.get(k)) for k in ("mean", "scale", "weight")):
                raise StyleError(f"{where}: features.{key}: expected numbers mean, scale and weight")
            if spec["scale"] <= 0:
                raise StyleError(f"{where}: features.{key}: scale must be positive")
            out[str(key)] = (float(spec["mean"]), float(spec["scale"]), float(spec["weight"]))
        for key in ("bias", "threshold", "min_english"):
            if not _number(data.get(key)):
                raise StyleError(f"{where}: {key}: expected a number")
        if not 0 < data["threshold"] < 1:
            raise StyleError(f"{where}: threshold must be between 0 and 1")
        return cls(str(data.get("name", "style")), float(data["bias"]), float(data["threshold"]),
                   float(data["min_english"]), out, str(data.get("trained_on", "")),
                   data.get("figures") if isinstance(data.get("figures"), dict) else {})

    def _tables(self) -> tuple[dict[str, tuple[float, float]], float, list[tuple[float, str]]]:
        """Per feature ``(weight / scale, contribution at value 0)``; the score of an article with
        no features; the features that push the score up when absent, strongest first. Most
        word-pattern features are absent from a given article: only its own are then computed."""
        if self._compiled is None:
            linear = {k: (w / s, -w * m / s) for k, (m, s, w) in self.features.items()}
            base = self.bias + math.fsum(b for _, b in linear.values())
            absent_up = sorted(((b, k) for k, (_, b) in linear.items() if b > 0), reverse=True)
            self._compiled = (linear, base, absent_up)
        return self._compiled

    def contributions(self, feats: dict[str, float]) -> dict[str, float]:
        """Each model feature's ``weight * (value - mean) / scale`` (absent features: value 0)."""
        linear, _, _ = self._tables()
        return {k: a * feats.get(k, 0.0) + b for k, (a, b) in linear.items()}

    def score(self, feats: dict[str, float]) -> float:
        linear, base, _ = self._tables()
        x = base + sum(linear[k][0] * feats[k] for k in feats.keys() & linear.keys())
        return 1.0 / (1.0 + math.exp(-x)) if x >= 0 else math.exp(x) / (1.0 + math.exp(x))

    def explain(self, feats: dict[str, float], k: int = 3) -> list[tuple[str, float, float]]:
        """The ``k`` features that pushed the score up most: (name, value, contribution)."""
        linear, _, absent_up = self._tables()
        present = feats.keys() & linear.keys()
        pushed = [(c, name) for name in present if (c := linear[name][0] * feats[name] + linear[name][1]) > 0]
        pushed += [(c, name) for c, name in absent_up[:k + _SPARE + len(present)] if name not in present][:k + _SPARE]
        out: list[tuple[str, float, float]] = []
        for c, name in heapq.nlargest(k + _SPARE, pushed):
            if not any(_same_pattern(name, kept) for kept, _, _ in out):
                out.append((name, feats.get(name, 0.0), c))
                if len(out) == k:
                    break
        return out


#: Features ranked beyond ``k`` in ``explain``, to stand in for word patterns dropped as repeats.
_SPARE = 6


def _same_pattern(a: str, b: str) -> bool:
    """Is one word-pattern feature part of the other ("the most" of "the most ‹word›")? The
    evidence names the longer-ranked one only."""
    if not (a.startswith("g:") and b.startswith("g:")):
        return False
    x, y = f" {a[2:]} ", f" {b[2:]} "
    return x in y or y in x


def _number(v: object) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)


#: How the evidence names a feature (the warning quotes the ones that pushed the score).
LABELS = {
    "s:len_cv": "sentence lengths vary little (variation {v:.2f})",
    "s:len_mean": "sentences of {v:.0f} words on average",
    "p:len_cv": "paragraph lengths vary little (variation {v:.2f})",
    "p:words_mean": "paragraphs of {v:.0f} words on average",
    "a:attributed_share": "{v:.0%} of sentences attributed",
    "a:named_share": "{v:.0%} of sentences attributed to a named source",
    "q:quoted_share": "{v:.0%} of sentences quote someone",
    "pn:em_dash": "{v:.1f} em dashes per 100 words",
    "pn:triads": "{v:.2f} lists of three per sentence",
    "v:hedges": "{v:.1f} hedges per 100 words",
    "w:type_token": "vocabulary variety {v:.2f}",
    "w:hapax": "{v:.0%} of the first 150 words used once",
    "w:contractions": "{v:.2f} contractions per 100 words",
    "pn:comma": "{v:.1f} commas per 100 words",
    "s:commas_per_sentence": "{v:.1f} commas per sentence",
    "s:len_jump": "neighbouring sentences differ little in length (jump {v:.2f})",
    "s:start_the": "{v:.0%} of sentences open with “the”",
    "s:start_pronoun": "{v:.0%} of sentences open with a pronoun",
    "v:connectives": "{v:.2f} formal connectives per 100 words",
    "w:caps": "{v:.1f} capitalised words per 100 words",
}


def describe(name: str, value: float) -> str:
    """A feature and its value in words ("12% of sentences attributed")."""
    template = LABELS.get(name)
    if template:
        return template.format(v=value)
    kind, _, word = name.partition(":")
    if kind == "fw":
        return f"“{word}” {value:.1f} per 100 words"
    if kind == "t":
        return f"{math.expm1(value):.0f} × {word}"
    if kind == "g":
        shown = " ".join(SHAPES.get(item, item) for item in word.split(" "))
        return f"word pattern “{shown}” {value:.2f} per 100 words and marks"
    return f"{name} {value:.2f}"
