"""Small linear models shipped as data (``rules/models/*.json``), scored in pure Python.

A model is a logistic regression over sparse features of one sentence: its words and word
pairs (lower-cased, digits folded to ``0``), optionally character n-grams of its words, and
named features the analysis computes (claim signals, attribution, position ...). Training
(``make train``, ``train/train_models.py``, scikit-learn) and inference call the same
``text_features`` below, so a feature means the same thing in both places.

The weights file says what the model was trained on and how well it did; the linter needs no
numpy or scikit-learn. ``LinearModel.explain`` names the features that pushed a score, so a
message can quote the evidence.

Model file shape (validated by ``LinearModel.from_data``)::

    {"name": "needs-source", "version": 1, "kind": "logistic",
     "features": {"words": [1, 2], "chars": [0, 0]},
     "bias": -0.4, "threshold": 0.5, "weights": {"w:expected": 1.2, "s:number": 0.8, ...},
     "trained_on": "...", "figures": {...}}
"""

from __future__ import annotations

import math
from itertools import repeat
from operator import mul
from typing import Iterable

import regex

_DIGITS = regex.compile(r"\d")
_SYMBOLS = {"%": "pct", "$": "money", "£": "money", "€": "money", "¥": "money", "“": "quote", "”": "quote",
            "\"": "quote", ":": "colon", "?": "question", "!": "exclaim", ";": "semicolon", "—": "dash", "–": "dash"}


class ModelError(ValueError):
    """A model file of the wrong shape (raised when a policy loads it)."""


def word_keys(keys: Iterable[str]) -> list[str]:
    """Token keys as model words: lower-case word runs with digits folded to ``0``."""
    # A key of letters only has no digit; any other is folded (unchanged when it has none).
    return [k if k.isalpha() else _DIGITS.sub("0", k) for k in keys]


def text_features(keys: list[str], text: str, words: tuple[int, int] = (1, 2),
                  chars: tuple[int, int] = (0, 0)) -> dict[str, float]:
    """Binary n-gram features of one sentence: ``keys`` are its lower-cased word runs (the
    ``Tokens`` made once per sentence), ``text`` its visible text (for symbols)."""
    feats: dict[str, float] = {}
    w = word_keys(keys)
    lo, hi = words
    # dict.fromkeys keeps the first place of a repeated n-gram, as assigning one by one would:
    # the features' order (and so the sum in ``margin``) is the same.
    if lo <= 1 <= hi:
        feats.update(dict.fromkeys(["w:" + k for k in w], 1.0))
    if lo <= 2 <= hi:
        padded = ["<s>", *w]
        feats.update(dict.fromkeys([f"b:{a} {b}" for a, b in zip(padded, padded[1:])], 1.0))
    if lo <= 3 <= hi:
        feats.update(dict.fromkeys([f"t:{a} {b} {c}" for a, b, c in zip(w, w[1:], w[2:])], 1.0))
    clo, chi = chars
    if clo:
        for k in set(w):
            padded = f" {k} "
            for n in range(clo, chi + 1):
                for i in range(len(padded) - n + 1):
                    feats["c:" + padded[i:i + n]] = 1.0
    for ch, name in _SYMBOLS.items():
        if ch in text:
            feats["p:" + name] = 1.0
    n = len(w)
    feats["len:" + ("short" if n < 8 else "mid" if n < 20 else "long" if n < 35 else "vlong")] = 1.0
    return feats


class LinearModel:
    """A logistic regression: ``score`` is the probability of the positive class."""

    __slots__ = ("name", "bias", "threshold", "weights", "words", "chars", "trained_on", "figures")

    def __init__(self, name: str, bias: float, threshold: float, weights: dict[str, float],
                 words: tuple[int, int], chars: tuple[int, int], trained_on: str = "", figures: dict | None = None):
        self.name, self.bias, self.threshold, self.weights = name, bias, threshold, weights
        self.words, self.chars = words, chars
        self.trained_on, self.figures = trained_on, figures or {}

    @classmethod
    def from_data(cls, data: object, where: str = "model") -> "LinearModel":
        """Build from a parsed model file; a wrong shape is a ``ModelError`` naming the key."""
        if not isinstance(data, dict):
            raise ModelError(f"{where}: a model file must be a JSON object")
        if data.get("kind", "logistic") != "logistic":
            raise ModelError(f"{where}: kind: only 'logistic' models are supported")
        weights = data.get("weights")
        if not isinstance(weights, dict) or not (set(map(type, weights)) <= {str} and _numbers(weights.values())):
            raise ModelError(f"{where}: weights: expected an object of feature -> number")
        for key in ("bias", "threshold"):
            if not _number(data.get(key)):
                raise ModelError(f"{where}: {key}: expected a number")
        feats = data.get("features") or {}
        if not isinstance(feats, dict):
            raise ModelError(f"{where}: features: expected an object")
        spans = []
        for key, default in (("words", [1, 2]), ("chars", [0, 0])):
            span = feats.get(key, default)
            if (not isinstance(span, list) or len(span) != 2 or not all(isinstance(x, int) and 0 <= x <= 6 for x in span)
                    or span[0] > span[1]):
                raise ModelError(f"{where}: features.{key}: expected [low, high], two integers 0..6")
            spans.append((span[0], span[1]))
        return cls(str(data.get("name", where)), float(data["bias"]), float(data["threshold"]),
                   dict(zip(weights, map(float, weights.values()))), spans[0], spans[1],
                   str(data.get("trained_on", "")), data.get("figures") if isinstance(data.get("figures"), dict) else {})

    def features(self, keys: list[str], text: str, extra: dict[str, float] | None = None) -> dict[str, float]:
        feats = text_features(keys, text, self.words, self.chars)
        if extra:
            feats.update(extra)
        return feats

    def margin(self, feats: dict[str, float]) -> float:
        # The loops in C (map), in the features' order: the same products summed in the same order.
        return self.bias + sum(map(mul, map(self.weights.get, feats, repeat(0.0)), feats.values()))

    def score(self, feats: dict[str, float]) -> float:
        return _sigmoid(self.margin(feats))

    def explain(self, feats: dict[str, float], k: int = 4) -> list[tuple[str, float]]:
        """The ``k`` features that pushed the score up the most, with their contributions."""
        contributions = map(mul, map(self.weights.get, feats, repeat(0.0)), feats.values())
        pushed = [(f, c) for f, c in zip(feats, contributions) if c > 0]
        pushed.sort(key=lambda p: -p[1])
        return pushed[:k]


def _number(v: object) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)


def _numbers(values) -> bool:
    """``_number`` of every value, with the loops in C (``map``): a model has tens of thousands
    of weights, and a run that builds it from the linter cache checks them all again."""
    return set(map(type, values)) <= {int, float} and all(map(math.isfinite, values))


def _sigmoid(x: float) -> float:
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    z = math.exp(x)
    return z / (1.0 + z)
