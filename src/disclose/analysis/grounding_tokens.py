"""Grounding's words: tokens, figures, dates and names, normalised for comparison.

A sentence (of the article or of a source) is read into ``Token``s -- words, figures, per-cent
signs -- with their offsets. ``Tables`` (the ``grounding`` and ``dates`` lexicons, compiled once
per rule set) normalises them so that what the article and a source say the same way compares
equal however it is written:

* figures by value: "5,000" = "5000" = "five thousand"; "1.5m" = "1.5 million"; "40%" = "40 per
  cent"; with ``places``, the power of ten of the last written digit (the rounding it allows);
* words lower-cased, possessive dropped, lightly stemmed (``stem``: "moved"/"moves"/"moving");
* dates: a month with its day and weekday ("Tuesday 3 March", "the 3rd of March");
* names: capitalised words within a sentence, not months, weekdays or function words.

``units`` cuts a sentence into the clauses grounded one by one; ``gram_keys`` and ``word_grams`` give
the word pairs and triples that measure new phrasing.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Iterable

import regex

#: A figure (with its suffix: "1.5m", "23rd", "40%"), a word (with an apostrophe: "Putin's"), or
#: a per-cent sign. Hyphens split words: "al-Sharaa" is "al", "Sharaa"; "5,000-strong" gives 5,000.
_TOKEN = regex.compile(r"(?P<num>\p{Nd}+(?:[.,]\p{Nd}+)*)(?P<suf>[\p{L}%]*)|(?P<word>[\p{L}\p{M}]+(?:['’][\p{L}]+)?)|(?P<pct>%)")
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
    """A word, a figure (with its normalised value) or a per-cent sign of one sentence."""

    start: int
    end: int
    text: str
    key: str  # lower case, possessive dropped
    kind: str  # word | num | pct
    value: float | None = None  # a figure's value (scaled)
    places: int = 0  # the power of ten of the figure's last written digit (rounding allowed)
    suffix: str = ""


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
        if i == 0 or opens_sentence(text, tokens[i - 1], t):
            nxt = tokens[i + 1] if i + 1 < len(tokens) else None
            return bool(nxt is not None and nxt.kind == "word" and nxt.text[:1].isupper() and nxt.key not in self.stopwords)
        return True


def units(text: str) -> list[tuple[int, str]]:
    """The clauses of a sentence grounded one by one, with their offsets (see ``_UNIT``)."""
    out = [(m.start(), m.group()) for m in _UNIT.finditer(text) if any(c.isalnum() for c in m.group())]
    return out or [(0, text)]


def opens_sentence(text: str, prev: Token, t: Token) -> bool:
    """Does ``t`` open a sentence or clause (punctuation, a quote or a bracket since ``prev``)?"""
    return any(c in text[prev.end:t.start] for c in ".!?:;\n\"“(")


def quote_words(tables: Tables, text: str) -> list[str]:
    """The words of a quotation as compared word for word: unstemmed keys, figures by value."""
    return gram_keys(tables.tokens(text), stemmed=False)


def gram_keys(tokens: list[Token], stemmed: bool = True) -> list[str]:
    """Tokens as comparable words: figures by value, words lower-cased (and stemmed)."""
    return [(stem(t.key) if stemmed else t.key) if t.kind == "word" else _num_key(t.value) if t.kind == "num" else t.key
            for t in tokens]


def word_grams(words: list[str]) -> Iterable[str]:
    """The word pairs and triples of ``words`` (``gram_keys``), for the share of new phrasing."""
    for a, b in zip(words, words[1:]):
        yield f"{a} {b}"
    for a, b, c in zip(words, words[1:], words[2:]):
        yield f"{a} {b} {c}"


def _num_key(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else repr(round(value, 6))


def dates_with_spans(tables: Tables, tokens: list[Token]) -> Iterable[tuple[int, int | None, int | None, tuple[int, int]]]:
    """(month, day or None, weekday or None, token span) of each date the tokens state."""
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
