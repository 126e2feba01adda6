"""``metadata`` -- a machine-readable AI mark, and one that agrees with the text.

Machine-readable marks are Markdown front matter (``ai: generated|assisted|none``,
``ai_generated: true|false``), HTML ``<meta name="ai-disclosure" content="...">``, schema.org
JSON-LD / IPTC ``digitalSourceType`` and a JSONL record's ``metadata``. The EU AI Act (Art. 50(2))
asks providers to mark AI output in a machine-readable format; China's labelling measures call
this the implicit label.

Options:

* ``check``: ``presence`` (default) -- fire when the article has no mark of the accepted
  ``sources``; ``consistency`` -- fire when the mark contradicts a disclosure in the text (metadata
  says ``none`` while the text says it is AI-generated, or the reverse).
* ``sources``: which marks count: ``front_matter``, ``meta``, ``jsonld``, ``jsonl`` (default all).

Message placeholders: ``{status}`` (the article's AI status), ``{mark}`` (the mark found),
``{text_kind}`` (what the text says).

Fix: ``fix: {at: metadata}`` adds ``ai: <status>`` to Markdown front matter (creating it if
needed) or ``<meta name="ai-disclosure">`` to an HTML head.
"""

from __future__ import annotations

from typing import Iterator

import regex

from ..model import Analysis, Fix
from .base import Finding, no_prepare

KIND = "metadata"
CONF = {
    "check": ("presence", "consistency"),
    "sources": [("front_matter", "meta", "jsonld", "jsonl")],
}
DEFAULT = {"check": "presence", "sources": ["front_matter", "meta", "jsonld", "jsonl"]}
prepare = no_prepare

_HTML_VALUE = {"generated": "ai-generated", "assisted": "ai-assisted", "none": "none"}


def check(rule, analysis: Analysis) -> Iterator[Finding]:
    doc = analysis.document
    marks = [m for m in doc.marks if m.source in rule.options["sources"]]
    if rule.options["check"] == "presence":
        if marks:
            return
        title = next((s for s in analysis.sentences if s.section == "title"), None)
        start, end = (title.start, title.end) if title else (doc.content_start, doc.content_start)
        fix = metadata_fix(analysis) if rule.fix and rule.fix.get("at") == "metadata" else None
        yield Finding(start, end, {"status": analysis.ai_status, "mark": "", "text_kind": ""}, fix)
        return
    if not marks or not analysis.disclosures:
        return
    mark = marks[0]
    text_kind = "assisted" if all(d.kind == "assisted" for d in analysis.disclosures) else "generated"
    if mark.status == text_kind:
        return
    if mark.status in ("generated", "assisted") and text_kind in ("generated", "assisted"):
        return  # both say AI was involved; the degree is the disclosure rules' business
    yield Finding(mark.start, mark.end, {"status": analysis.ai_status, "mark": mark.status, "text_kind": text_kind})


def metadata_fix(analysis: Analysis) -> Fix | None:
    doc = analysis.document
    status = analysis.ai_status if analysis.ai_status in _HTML_VALUE else None
    if status is None:
        return None
    nl = "\r\n" if "\r\n" in doc.text else "\n"
    if doc.format == "md":
        if doc.text.startswith("---"):
            end_of_first = doc.text.find("\n") + 1
            return Fix([(end_of_first, end_of_first, f"ai: {status}{nl}")], "add `ai:` to the front matter")
        if doc.text.startswith("+++"):
            end_of_first = doc.text.find("\n") + 1
            return Fix([(end_of_first, end_of_first, f'ai = "{status}"{nl}')], "add `ai` to the front matter")
        return Fix([(0, 0, f"---{nl}ai: {status}{nl}---{nl}")], "add front matter with `ai:`")
    if doc.format == "html":
        tag = f'<meta name="ai-disclosure" content="{_HTML_VALUE[status]}">'
        head = regex.search(r"<head\b[^>]*>", doc.text, regex.IGNORECASE)
        if head:
            return Fix([(head.end(), head.end(), f"{nl}{tag}")], "add <meta name=\"ai-disclosure\">")
        return None
    return None
