"""Check-worthy claims: statements of fact a reader would want someone to stand behind.

Signals come from ``rules/lexicons/claim-cues.yaml``: figures and statistics, superlatives and
comparatives, causal and predictive statements, evaluations stated as fact. A sentence is
check-worthy when it has at least one *strong* signal, or two different *weak* ones, and is a
statement (not a question, not a fragment). Dates are not figures: "December 23rd" or "in 2004"
alone make nothing check-worthy.
"""

from __future__ import annotations

import regex

from ..model import Claim, Span
from .lexicon import FLAGS, AnyOf, bounded, patterns_regex, words_regex

_MONTHS = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
_DATE = regex.compile(
    rf"\b{_MONTHS}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?\b|\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTHS}\b(?:\s+\d{{4}})?"
    rf"|\b(?:in|since|by|until|from|of|during|before|after)\s+(?:the\s+)?(?:early\s+|late\s+|mid-?)?(?:19|20)\d\d(?:s)?\b|\b(?:19|20)\d\d\b(?=[-–/]\d)"
    rf"|\b\d{{1,2}}[:.]\d\d\s*(?:am|pm|a\.m\.|p\.m\.)|\b\d{{1,2}}\s*(?:am|pm|a\.m\.|p\.m\.)",
    FLAGS,
)
_WORDS = regex.compile(r"[\p{L}\p{N}]+")


class ClaimFinder:
    def __init__(self, cues: dict):
        signals = cues.get("signals", {})
        self.strong = set(cues.get("strong", list(signals)))
        # A weak signal counts when it stacks up: this many different words of it ("a primary
        # goal ... its critical bases"), or two different weak signals.
        self.weak_repeat = int(cues.get("weak_repeat", 0)) or None
        # Opinions, promises and exhortations ("I think", "we must", "I will") are not claims of
        # fact unless they carry a figure.
        self.opinion = patterns_regex(cues.get("opinion_patterns", []), "claim-cues")
        self.matchers: list[tuple[str, AnyOf]] = []
        for name, spec in signals.items():
            parts = []
            if spec.get("terms"):
                parts.append(words_regex(spec["terms"]).pattern)
            parts.extend(f"(?:{p})" for p in spec.get("patterns", []))
            if parts:
                # One scan per part (see AnyOf), each time-limited (see BoundedPattern).
                self.matchers.append((name, AnyOf([bounded(p, "claim-cues") for p in parts])))

    def find(self, text: str, min_words: int = 5) -> Claim:
        words = len(_WORDS.findall(text))
        stripped = text.rstrip(" \"'”’)")
        if words < min_words or stripped.endswith("?"):
            return Claim(checkworthy=False, signals=[])
        dates = [m.span() for m in _DATE.finditer(text)]
        signals: list[str] = []
        evidence: list[Span] = []
        names: list[str] = []  # the signal of each evidence span
        for name, matcher in self.matchers:
            for m in matcher.finditer(text):
                s, e = m.span()
                if e <= s:
                    continue
                if name == "number" and any(ds <= s and e <= de for ds, de in dates):
                    continue
                if name == "number" and regex.fullmatch(r"(?:19|20)\d\d", m.group(0)):
                    continue  # a year on its own is a date, not a figure
                evidence.append(Span(s, e, m.group(0)))
                names.append(name)
                if name not in signals:
                    signals.append(name)
        strong = [s for s in signals if s in self.strong]
        weak = [s for s in signals if s not in self.strong]
        stacked = self.weak_repeat is not None and any(
            len({e.text.lower() for e, sig in zip(evidence, names) if sig == w}) >= self.weak_repeat for w in weak)
        checkworthy = bool(strong) or len(weak) >= 2 or stacked
        if checkworthy and "number" not in signals and self.opinion.search(text):
            checkworthy = False
        return Claim(checkworthy=checkworthy, signals=signals, evidence=evidence)
