"""Check-worthy claims: statements of fact a reader would want someone to stand behind.

Signals come from ``rules/lexicons/claim-cues.yaml``: figures and statistics, superlatives and
comparatives, causal and predictive statements, evaluations stated as fact, and two structural
cues -- an event told in the past tense, and a named party (a capitalised name inside the
sentence). Each signal has a weight; a sentence is check-worthy when the weights of its different
signals, less the weight of wishes and obligations ("we need", "should", "I want"), reach the
threshold, and it is a statement (not a question, not a fragment). So a figure is enough alone,
while "the Senate passed the bill" needs the past-tense event, the named party and the topic of
record together. Dates are not figures: "December 23rd" or "in 2004" alone make nothing
check-worthy.
"""

from __future__ import annotations

import regex

from ..model import Claim, Span
from .lexicon import AnyOf, PhraseBook, Tokens, patterns_regex, phrases, tokens_of
from .patterns import FLAGS, alternation, bounded



def date_pattern(months: list[str], prepositions: list[str]) -> regex.Pattern:
    """Dates that a figure inside is no claim for: "December 23rd", "23 of May 2004", "in 2004",
    "since the mid-1990s", "2004-05", "9.30 am" (month names and prepositions from the lexicon)."""
    month = alternation(months) if months else r"(?!x)x"
    before = alternation(prepositions) if prepositions else r"(?!x)x"
    return regex.compile(
        rf"\b(?:{month})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?\b|\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{month})\b(?:\s+\d{{4}})?"
        rf"|\b(?:{before})\s+(?:the\s+)?(?:early\s+|late\s+|mid-?)?(?:19|20)\d\d(?:s)?\b|\b(?:19|20)\d\d\b(?=[-–/]\d)"
        rf"|\b\d{{1,2}}[:.]\d\d\s*(?:am|pm|a\.m\.|p\.m\.)|\b\d{{1,2}}\s*(?:am|pm|a\.m\.|p\.m\.)",
        FLAGS,
    )


_WORDS = regex.compile(r"[\p{L}\p{N}]+")
_YEAR = regex.compile(r"(?:19|20)\d\d")


class ClaimFinder:
    def __init__(self, cues: dict, book: PhraseBook | None = None):
        signals = cues.get("signals", {})
        self.threshold = float(cues.get("threshold", 1))
        self.weights = {name: float(cues.get("weights", {}).get(name, 0)) for name in signals}
        # Wishes, obligations and intentions ("we need", "should", "I want") speak of what ought
        # to be, not of what is: they count against a claim.
        against = cues.get("against", {})
        self.against = patterns_regex(against.get("patterns", []), "claim-cues")
        self.against_weight = float(against.get("weight", 0))
        # Opinions, promises and exhortations ("I think", "we must", "I will") are not claims of
        # fact unless they carry a figure.
        self.opinion = patterns_regex(cues.get("opinion_patterns", []), "claim-cues")
        self.matchers: list[tuple[str, AnyOf]] = []
        self.date = date_pattern([str(m) for m in cues.get("date_months") or []],
                                 [str(p) for p in cues.get("date_prepositions") or []])
        for name, spec in signals.items():
            # Names are told by their capital letter, so their patterns match case-sensitively.
            flags = regex.UNICODE if spec.get("case_sensitive") else FLAGS
            # The word list matched on word runs (see Phrases), each pattern scanned on its own
            # (see AnyOf) and time-limited (see BoundedPattern).
            parts = [phrases(spec["terms"], book=book)] if spec.get("terms") else []
            parts += [bounded(f"(?:{p})", "claim-cues", flags) for p in spec.get("patterns", [])]
            if parts:
                self.matchers.append((name, AnyOf(parts)))

    def find(self, text: str, min_words: int = 5, tokens: Tokens | None = None) -> Claim:
        words = len(_WORDS.findall(text))
        stripped = text.rstrip(" \"'”’)")
        if words < min_words or stripped.endswith("?"):
            return Claim(checkworthy=False, signals=[])
        dates = None  # found when a figure needs telling from a date
        signals: list[str] = []
        evidence: list[Span] = []
        tokens = tokens_of(text, tokens)  # one tokenisation for every word list
        for name, matcher in self.matchers:
            for m in matcher.finditer(text, tokens=tokens):
                s, e = m.span()
                if e <= s:
                    continue
                if name == "number":
                    if dates is None:
                        dates = [d.span() for d in self.date.finditer(text)]
                    if any(ds <= s and e <= de for ds, de in dates):
                        continue
                    if _YEAR.fullmatch(m.group(0)):
                        continue  # a year on its own is a date, not a figure
                evidence.append(Span(s, e, m.group(0), name))
                if name not in signals:
                    signals.append(name)
        score = sum(self.weights.get(sig, 0.0) for sig in signals)
        if self.against_weight and self.against.search(text, tokens):
            score -= self.against_weight
        checkworthy = score >= self.threshold
        if checkworthy and "number" not in signals and self.opinion.search(text, tokens):
            checkworthy = False
        return Claim(checkworthy=checkworthy, signals=signals, evidence=evidence)
