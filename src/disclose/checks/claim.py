"""``claim`` -- statements an editor would query ("who says so?") need a named source.

What needs a source, as an editor reads it (``../shared/docs/editor-rubric.md``): evaluations and
characterisations ("a significant deepening of ties"), predictions and expectations, motives,
goals and intentions ("Moscow is eager to keep its bases"), causal explanations ("driven by"),
estimates and figures that are not public record, contested or surprising facts, and direct
quotations. What does not: routine facts of public record (a closing share price in a markets
report, published results, a scheduled date, someone's office, a match score), a plain account
of what a named actor did, widely known background, transitions and headlines.

A sentence the article's source articles support (``grounding``, contract §8) is supported
whatever it says: the sources stand behind it. A sentence is *covered* when the text names a specific source for it: in the sentence
("..., the ministry said"), in the run of quotation it continues, in the previous sentence of
its paragraph, in a run of reported speech closed by its named speaker ("... Werbach said."),
or after "According to <named source>" earlier in the paragraph (``analysis.support``).
Generic sources ("analysts", "one official", "market sources") never cover; they are
``vague-attribution`` findings.

For an uncovered sentence the ``needs-source`` model (``rules/models/needs-source.json``, a
logistic regression over words, word pairs, the claim-cue signals, the check-worthiness score,
attribution and evaluative adjectives, trained on editor labels) gives the probability that an
editor would query it. The rule reports sentences at or above ``min_confidence``; each finding carries that
probability as its ``confidence``, and the message quotes the words that made it a claim.
Without the model (a policy turns it ``off``) the word-list signals decide: a check-worthy
claim (``claim-cues`` weights) with no covering source.

Options:

* ``signals``: the claim-cue signals quoted as evidence (default: all). Without the model,
  only sentences with one of them count.
* ``min_confidence``: the lowest model probability reported (default ``-1``: the model's own
  threshold, chosen for precision; lower it to see more, at the cost of more false alarms).

Message placeholders: ``{signals}`` (signal names), ``{evidence}`` (the words that made it a
claim), ``{confidence}``.
"""

from __future__ import annotations

from typing import Iterator

from ..model import Analysis, Sentence
from .base import Finding, no_prepare, sentences_in_scope

KIND = "claim"
CONF = {"signals": [str], "min_confidence": float}
DEFAULT = {"signals": [], "min_confidence": -1.0}
prepare = no_prepare


def check(rule, analysis: Analysis) -> Iterator[Finding]:
    wanted = set(rule.options["signals"])
    floor = rule.options["min_confidence"]
    # A chat assistant's leftover ("Certainly! Here is a news article ...") is nobody's claim:
    # the chatbot-leftover rule reports it.
    leftovers = [(t.start, t.end) for t in analysis.tells if t.tell == "chatbot-leftover"]
    for s in sentences_in_scope(rule, analysis):
        if s.claim is None or any(a < s.end and s.start < b for a, b in leftovers):
            continue
        if s.grounding is not None and s.grounding.supported:
            continue  # the article's source articles stand behind it (grounding)
        signals = [x for x in s.claim.signals if not wanted or x in wanted]
        if s.needs_source is not None:
            threshold = analysis.needs_source_threshold if floor < 0 else floor
            if s.support_via is not None or s.needs_source < threshold or any(v.kind != "weasel" for v in s.vague):
                continue  # covered, not worth a query, or a vague source (vague-attribution says so)
            confidence: float | None = s.needs_source
        else:
            if not s.claim.checkworthy or s.supported is not False or not signals:
                continue
            confidence = None
        evidence = _evidence(s, signals)
        yield Finding(s.start, s.end, {
            "signals": ", ".join(signals) if signals else "model cues",
            "evidence": ", ".join(f"“{e}”" for e in evidence[:4]),
            "confidence": f"{confidence:.2f}" if confidence is not None else "n/a",
        }, confidence=confidence)


def _evidence(s: Sentence, signals: list[str]) -> list[str]:
    """The words that make the sentence a claim: the signals' words first, then the words the
    model weighed most (so a finding with no word-list signal still quotes its evidence)."""
    evidence: list[str] = []
    for e in s.claim.evidence:
        if e.kind and e.kind not in signals:
            continue  # the words of signals this rule does not count are no evidence for it
        if not any(e.text.lower() in x.lower() for x in evidence):  # "ever" adds nothing to "than ever"
            evidence.append(e.text)
    lower = s.text.lower()
    for word in s.needs_source_evidence + ([] if evidence or s.needs_source_evidence else s.needs_source_cues):
        at = lower.find(word)
        if at >= 0 and not any(word in x.lower() or x.lower() in word for x in evidence):
            evidence.append(s.text[at:at + len(word)])
    return evidence
