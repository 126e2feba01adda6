"""``disclose analyze``: the per-article analysis of contract §5, as JSON or as a readable view."""

from __future__ import annotations

from ..model import Analysis, Sentence


def analysis_dict(a: Analysis) -> dict:
    doc = a.document
    return {
        "path": doc.path,
        "id": doc.id,
        "ai_status": a.ai_status,
        "ai_status_source": a.ai_status_source,
        "disclosures": [
            {"start": d.start, "end": d.end, "text": d.text, "kind": d.kind, "lang": d.lang,
             "word_offset": d.word_offset, "position": d.position, "human_review": d.human_review,
             "names_source": d.names_source, "element": d.element}
            for d in a.disclosures
        ],
        "ai_tells": {
            "suspected": a.tells_suspected,
            "score": a.tells_score,
            "items": [{"start": t.start, "end": t.end, "text": t.text, "tell": t.tell} for t in a.tells],
            **({"style": a.style} if a.style is not None else {}),
        },
        "sentences": [sentence_dict(s) for s in a.sentences],
        **({"grounding": a.grounding} if a.grounding is not None else {}),
    }


def grounding_dict(s: Sentence) -> dict:
    """A grounded sentence's ``grounding`` (contract §8)."""
    g = s.grounding
    evidence = None
    if g.evidence is not None:
        index, start, end, text = g.evidence
        evidence = {"source": index, "start": start, "end": end, "text": text}
    return {"supported": g.supported, "score": g.score, "evidence": evidence,
            "missing": [{"text": m.text, "kind": m.kind, "start": m.start, "end": m.end} for m in g.missing]}


def sentence_dict(s: Sentence) -> dict:
    att = s.attribution
    return {
        "start": s.start, "end": s.end, "line": s.line, "section": s.section, "text": s.text,
        "attribution": None if att is None else {
            "cue": att.cue, "source": att.source, "named": att.named,
            "cue_start": att.cue_start, "cue_end": att.cue_end,
            "source_start": att.source_start, "source_end": att.source_end,
        },
        "vague": [{"text": v.text, "kind": v.kind, "start": v.start, "end": v.end} for v in s.vague],
        "claim": {"checkworthy": bool(s.claim and s.claim.checkworthy), "signals": list(s.claim.signals) if s.claim else [],
                  "score": s.claim.score if s.claim else None},
        "supported": s.supported,
        # How a named source covers the sentence, and -- for an uncovered one -- how likely an
        # editor is to ask "who says so?" (the claim rule's confidence).
        "covered_by": s.support_via,
        "needs_source": s.needs_source,
        **({"grounding": grounding_dict(s)} if s.grounding is not None else {}),
    }


def text_view(a: Analysis, colour: bool = False) -> str:
    """A readable view: every sentence with why it was or was not flagged."""
    doc = a.document
    name = doc.path + (f"#{doc.id}" if doc.id is not None else "")
    out = [f"{name}", f"  AI status: {a.ai_status} (decided by: {a.ai_status_source})"]
    if a.disclosures:
        for d in a.disclosures:
            extra = []
            if d.human_review:
                extra.append("mentions human review")
            if d.names_source is False:
                extra.append("claims sources but names none")
            out.append(f"  Disclosure ({d.kind}, {d.lang}) at the {d.position}, {d.word_offset} words into the body"
                       + (f"; {', '.join(extra)}" if extra else "") + f": “{_short(d.text, 90)}”")
    else:
        out.append("  Disclosure: none found")
    verdict = "suspected" if a.tells_suspected else "not suspected"
    out.append(f"  AI tells: score {a.tells_score:g} ({verdict})" +
               ("; " + ", ".join(f"{t.tell} “{_short(t.text, 40)}”" for t in a.tells[:6]) if a.tells else ""))
    out.append("")
    for s in a.sentences:
        out.append(f"  {s.line:>4} [{s.section}] {_short(s.text, 110)}")
        if s.in_disclosure:
            out.append("         · part of the AI-use disclosure")
            continue
        if s.attribution:
            at = s.attribution
            src = f"“{at.source}”" if at.source else "no source found"
            out.append(f"         · attributed: cue “{at.cue}”, source {src} ({'named' if at.named else 'NOT named'})")
        for v in s.vague:
            out.append(f"         · vague ({v.kind}): “{v.text}”")
        if s.support_via is not None and s.supported_by is not None and s.supported_by is not s \
                and not (s.claim and s.claim.checkworthy):
            out.append(f"         · covered ({s.support_via}) by the named source "
                       f"“{s.supported_by.attribution.source}” (line {s.supported_by.line})")
        if s.needs_source is not None and s.support_via is None:
            out.append(f"         · needs a source: {s.needs_source:.2f} (threshold {a.needs_source_threshold:g})")
        if s.claim and s.claim.checkworthy:
            ev = ", ".join(list(dict.fromkeys(f"“{e.text}”" for e in s.claim.evidence))[:5])
            state = "UNSUPPORTED: no named source in the sentence or its allowed context"
            if s.supported and s.supported_by is not None:
                by = s.supported_by
                where = "in this sentence" if by is s else f"in the sentence before (line {by.line})" \
                    if by.end <= s.start else f"in the same paragraph (line {by.line})"
                state = f"supported by the named source “{by.attribution.source}” {where}"
            out.append(f"         · check-worthy claim [{', '.join(s.claim.signals)}: {ev}] -> {state}")
        elif s.claim and s.claim.signals:
            out.append(f"         · weak claim signals only: {', '.join(s.claim.signals)} (not check-worthy)")
    return "\n".join(out) + "\n"


def _short(text: str, n: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"
