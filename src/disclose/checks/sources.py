"""``sources`` -- a disclosure that says "based on source articles" must name them.

AI-written news is often generated from other outlets' reporting. A disclosure such as "This
content is AI-generated based on source articles" tells readers there *are* sources but not which;
they cannot check the story against them. This kind fires when a disclosure claims sources
(``rules/lexicons/source-claims.yaml``: "based on source articles", "using reporting from",
"d'après des sources" ...) and names none: no outlet, organisation, person or link.

Options:

* ``require_link``: also demand a URL (default false: a name is enough).

Message placeholder: ``{claim}`` -- the phrase that claims sources.

Fix: when the article's source articles are known (``--sources``, front matter ``sources:`` or a
JSON Lines record's ``sources``), the fix names them right after the phrase that claims them: each
by its title (the one given with the source, else the source's own headline) and its URL when one
is given. A file name names nothing a reader can look up: when no source has a title or a URL there
is no fix, nor with ``require_link`` and no URL among the sources.
"""

from __future__ import annotations

from typing import Iterator

import regex

from ..model import Analysis, Fix, SourceText
from .base import Finding, no_prepare

KIND = "sources"
CONF = {"require_link": bool}
DEFAULT = {"require_link": False}
prepare = no_prepare

_URL = regex.compile(r"https?://|www\.", regex.IGNORECASE)


def check(rule, analysis: Analysis) -> Iterator[Finding]:
    doc = analysis.document
    for d in analysis.disclosures:
        if d.source_claim is None:
            continue
        unnamed = d.names_source is False
        no_link = rule.options["require_link"] and not _URL.search(d.text)
        if unnamed or no_link:
            start, end = d.source_claim
            fix = _naming_fix(analysis, end, rule.options["require_link"]) if doc.sources else None
            yield Finding(start, end, {"claim": " ".join(doc.text[start:end].split())}, fix=fix)


def _naming_fix(analysis: Analysis, at: int, require_link: bool) -> Fix | None:
    """Name the article's sources in parentheses after the phrase that claims them."""
    sources = analysis.document.sources
    if require_link and not any(src.url for src in sources):
        return None
    names = list(dict.fromkeys(c for c in map(_citation, sources) if c))
    if not names:
        return None
    text = " (" + "; ".join(names) + ")"
    return Fix([(at, at, text)], "name the source articles")


def _citation(src: SourceText) -> str | None:
    """A source as readers can find it: “title”, URL (either alone when one is missing)."""
    title = src.title or _headline(src)
    if title and src.url:
        return f"“{title}”, {src.url}"
    if title or src.url:
        return f"“{title}”" if title else str(src.url)
    return None


def _headline(src: SourceText) -> str | None:
    """The source's own title: front matter ``title``, else a title block that reads as one."""
    meta = src.document.metadata.get("title") if isinstance(src.document.metadata, dict) else None
    if isinstance(meta, str) and meta.strip():
        return " ".join(meta.split())
    for block in src.document.blocks:
        if block.section == "title":
            text = " ".join(block.text.split())
            words = len(text.split())
            if 0 < words <= 20 and not text.endswith((".", "!", "?")):
                return text
        break
    return None
