"""``attribution`` -- statements should be attributed to named sources.

Two targets:

* ``target: vague`` (default) -- vague or anonymous attribution in a sentence that no named
  source stands behind: anonymous sources ("sources say", "experts believe", "officials said"),
  agentless passives ("it is believed", "it has been reported") and hedges that imply an unnamed
  source ("reportedly", "allegedly"). Which kinds count is ``vague_kinds`` (``source``,
  ``passive``, ``hedge``, ``weasel``; default the first three). A sentence that *also* names its
  source ("reportedly, according to Reuters"), or continues a quotation of a named speaker, is
  left alone (a named sentence *before* a vague one does not cover it: "Smith said X. Analysts
  expect Y." still rests Y on analysts). Each finding carries
  the sentence's needs-source probability as its ``confidence`` when the model is active.
* ``target: quote`` -- a direct quotation (at least ``min_words`` words, default 6)
  with no speaker: no reporting cue in its sentence or in the next or previous sentence of the
  same paragraph.

Message placeholders: ``{text}`` (the vague item or quote), ``{vague_kind}``.
"""

from __future__ import annotations

from typing import Iterator

import regex

from ..model import Analysis
from .base import Finding, no_prepare, quote_excerpt, sentences_in_scope

KIND = "attribution"
CONF = {
    "target": ("vague", "quote"),
    "vague_kinds": [("source", "passive", "hedge", "weasel")],
    "min_words": int,
}
DEFAULT = {"target": "vague", "vague_kinds": ["source", "passive", "hedge"], "min_words": 6}
prepare = no_prepare

_WORDS = regex.compile(r"[\p{L}\p{N}]+")
_KIND_WORDS = {"source": "anonymous or vague source", "passive": "attribution with no one behind it",
               "hedge": "hedge that hides the source", "weasel": "weasel word"}


def check(rule, analysis: Analysis) -> Iterator[Finding]:
    if rule.options["target"] == "quote":
        yield from _quotes(rule, analysis)
        return
    kinds = set(rule.options["vague_kinds"])
    for s in sentences_in_scope(rule, analysis):
        if (s.attribution is not None and s.attribution.named) or s.support_via in ("sentence", "quote"):
            continue  # a named source stands behind it: its own, or the speaker of its quotation
        for v in s.vague:
            if v.kind in kinds:
                yield Finding(v.start, v.end, {"text": v.text, "vague_kind": _KIND_WORDS[v.kind]},
                              confidence=s.needs_source)


def _quotes(rule, analysis: Analysis) -> Iterator[Finding]:
    min_words = rule.options["min_words"]
    sentences = analysis.sentences
    for i, s in enumerate(sentences):
        if not s.quotes or s.in_disclosure or s.section not in (rule.sections or ("body", "summary", "caption")):
            continue
        neighbours = [n for n in (sentences[i - 1] if i else None, sentences[i + 1] if i + 1 < len(sentences) else None)
                      if n is not None and n.block == s.block]
        if s.attribution is not None or any(n.attribution is not None for n in neighbours):
            continue
        for q in s.quotes:
            if len(_WORDS.findall(q.text)) >= min_words:
                yield Finding(q.start, q.end, {"text": quote_excerpt(q.text), "vague_kind": "unattributed quote"})
