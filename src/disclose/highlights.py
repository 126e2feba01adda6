"""What a visual report needs from the analysis, as small plain values.

The HTML report shows the article as a reader sees it and marks on it what the analysis found:
named sources and their reporting cues (what is sourced), and the AI-use disclosure with its
position. ``Analysis`` objects are large and tied to the process that made them (parallel runs do
not send them between processes), so ``Linter.lint(..., highlights=True)`` extracts just this --
plain dicts and lists, cheap to pickle or serialise -- into ``FileResult.highlights``.

Every span is a source offset range into ``FileResult.text`` (0-based, end exclusive), like
violations. Entries, each a dict with a ``type``:

* ``block`` -- one visible block (title, heading, paragraph …) in document order: ``start``,
  ``end``, ``kind``, ``section``. When the visible text differs from the source (HTML tags and
  entities) it also carries ``text`` (the visible text) and ``offsets`` (the source offset of each
  visible character), so a report can show what the reader sees and still place every span; a
  block whose markup is masked in place (Markdown) carries just ``text``, of the source's length.
* ``disclosure`` -- a detected AI-use disclosure: ``start``, ``end``, ``kind``, ``lang``,
  ``position`` (start|middle|end), ``word_offset`` (words of body before it).
* ``source`` -- the named source of an attributed sentence: ``start``, ``end``, ``text``, and the
  sentence's reporting cue (``cue_start``, ``cue_end``, ``cue``).
* ``grounded`` -- a sentence checked against the article's source articles (contract §8):
  ``start``, ``end``, ``supported``, ``score``, and its closest source sentence (``source``: how
  the source is named, ``evidence``: the sentence), when there is one.
* ``missing`` -- what such a sentence states that no source contains: ``start``, ``end``, ``kind``
  (number, date, name, quote, term), ``text``. New terms are listed for unsupported sentences only:
  in a supported sentence they are the writer's own words.
"""

from __future__ import annotations

from .model import Analysis


def extract(analysis: Analysis) -> list[dict]:
    doc = analysis.document
    out: list[dict] = []
    for block in doc.blocks:
        entry = {"type": "block", "start": block.start, "end": block.end, "kind": block.kind,
                 "section": block.section}
        if block.offsets is not None:
            entry["text"] = block.text
            entry["offsets"] = [int(o) for o in block.offsets[: len(block.text)]]
        elif doc.text[block.start:block.end] != block.text:  # masked markup (Markdown emphasis, code)
            entry["text"] = block.text
        out.append(entry)
    for d in analysis.disclosures:
        out.append({"type": "disclosure", "start": d.start, "end": d.end, "kind": d.kind, "lang": d.lang,
                    "position": d.position, "word_offset": d.word_offset})
    for s in analysis.sentences:
        att = s.attribution
        if att is None or not att.named or att.source_start is None or s.in_disclosure:
            continue
        out.append({"type": "source", "start": att.source_start, "end": att.source_end,
                    "text": att.source or "", "cue": att.cue,
                    "cue_start": att.cue_start, "cue_end": att.cue_end})
    sources = doc.sources
    for s in analysis.sentences:
        g = s.grounding
        if g is None or s.in_disclosure:
            continue
        entry = {"type": "grounded", "start": s.start, "end": s.end, "supported": g.supported,
                 "score": round(g.score, 3)}
        if g.evidence is not None:
            src = g.evidence[0]
            entry["source"] = sources[src].label() if 0 <= src < len(sources) else "source"
            entry["evidence"] = g.evidence[3]
        out.append(entry)
        for m in g.missing:
            if m.kind != "term" or not g.supported:
                out.append({"type": "missing", "start": m.start, "end": m.end, "kind": m.kind, "text": m.text})
    return out
