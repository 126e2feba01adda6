"""``grounding`` -- what an article says that its source articles do not (contract §8).

Runs only on an article that has sources (``--sources``, front matter ``sources:``, a JSON Lines
record's ``sources``). Each body sentence is aligned with the source sentences that share its
content words, weighted by rarity (``analysis/grounding.py``); figures, dates, names and
quotations are compared after normalising how they are written ("5,000" = "five thousand",
"Dec. 23" = "23 December", "Putin" = "Vladimir Putin"). Findings quote the closest source
sentence as their evidence.

Options:

* ``report``: ``missing`` (default) reports each item of ``kinds`` that no source contains;
  ``unsupported`` reports each sentence the sources do not support (its model score is below
  the ``grounding_threshold`` setting).
* ``kinds``: the kinds of missing items reported (default ``number``, ``date``, ``name``,
  ``quote``; ``term`` is any other content word no source has, noisy on its own).

Message placeholders: ``{item}`` (the missing item as written), ``{what}`` (its kind in words),
``{source}`` (the closest source's title, URL or file name), ``{evidence}`` (the closest source
sentence, shortened), ``{score}`` (the sentence's support score), ``{note}`` (why, when it is
more than absence: "the sources give this date another weekday").
"""

from __future__ import annotations

from typing import Iterator

from ..model import Analysis, Sentence
from .base import Finding, no_prepare, sentences_in_scope

KIND = "grounding"
CONF = {"report": ("missing", "unsupported"), "kinds": [str]}
DEFAULT = {"report": "missing", "kinds": ["number", "date", "name", "quote"]}
prepare = no_prepare

_WHAT = {"number": "figure", "date": "date", "name": "name", "quote": "quotation", "term": "term"}
_SHORT = 160


def check(rule, analysis: Analysis) -> Iterator[Finding]:
    if analysis.grounding is None:
        return
    sources = analysis.document.sources
    kinds = set(rule.options["kinds"])
    for s in sentences_in_scope(rule, analysis):
        g = s.grounding
        if g is None:
            continue
        evidence, details = _evidence(s, sources)
        if rule.options["report"] == "unsupported":
            if g.supported:
                continue
            yield Finding(s.start, s.end, {**details, "score": f"{g.score:.2f}"},
                          confidence=round(1 - g.score, 4), evidence=evidence)
            continue
        for m in g.missing:
            if m.kind not in kinds:
                continue
            yield Finding(m.start, m.end, {**details, "item": m.text, "what": _WHAT.get(m.kind, m.kind),
                                           "note": f" ({m.note})" if m.note and m.kind != "name" else "",
                                           "score": f"{g.score:.2f}"}, evidence=evidence)


def _evidence(s: Sentence, sources) -> tuple[dict | None, dict]:
    g = s.grounding
    if g.evidence is None:
        return None, {"source": "the sources", "evidence": "no source sentence shares its words"}
    index, start, end, text = g.evidence
    label = sources[index].label() if index < len(sources) else f"source {index}"
    short = text if len(text) <= _SHORT else text[:_SHORT - 1].rstrip() + "…"
    return ({"source": index, "label": label, "start": start, "end": end, "text": text},
            {"source": label, "evidence": f"“{short}”"})
