"""``claim`` -- check-worthy claims need a named source behind them.

A check-worthy claim is a statement a reader would want someone to stand behind: figures and
statistics, superlatives ("the largest", "more than ever"), comparisons, causal claims ("led
to"), predictions ("is expected to"), and evaluations stated as fact ("a significant deepening",
"a primary goal"). Signals come from ``rules/lexicons/claim-cues.yaml``. A claim is *supported*
when its sentence is attributed to a named source, or -- as the policy setting
``attribution_context`` allows -- the previous sentence of the same paragraph is (``previous``,
the default), or any sentence of the paragraph is (``paragraph``).

Options:

* ``signals``: only these signals make a claim count for this rule (default: all).

Message placeholders: ``{signals}`` (signal names), ``{evidence}`` (the words that made it a
claim).
"""

from __future__ import annotations

from typing import Iterator

from ..model import Analysis
from .base import Finding, no_prepare, sentences_in_scope

KIND = "claim"
CONF = {"signals": [str]}
DEFAULT = {"signals": []}
prepare = no_prepare


def check(rule, analysis: Analysis) -> Iterator[Finding]:
    wanted = set(rule.options["signals"])
    for s in sentences_in_scope(rule, analysis):
        if s.claim is None or not s.claim.checkworthy or s.supported is not False:
            continue
        signals = [x for x in s.claim.signals if not wanted or x in wanted]
        if not signals:
            continue
        evidence = []
        for e in s.claim.evidence:
            if e.kind and e.kind not in signals:
                continue  # the words of signals this rule does not count are no evidence for it
            if not any(e.text.lower() in x.lower() for x in evidence):  # "ever" adds nothing to "than ever"
                evidence.append(e.text)
        yield Finding(s.start, s.end, {
            "signals": ", ".join(signals),
            "evidence": ", ".join(f"“{e}”" for e in evidence[:4]),
        })
