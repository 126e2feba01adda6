"""``sources`` -- a disclosure that says "based on source articles" must name them.

AI-written news is often generated from other outlets' reporting. A disclosure such as "This
content is AI-generated based on source articles" tells readers there *are* sources but not which;
they cannot check the story against them. This kind fires when a disclosure claims sources
(``rules/lexicons/source-claims.yaml``: "based on source articles", "using reporting from",
"d'après des sources" ...) and names none: no outlet, organisation, person or link.

Options:

* ``require_link``: also demand a URL (default false: a name is enough).

Message placeholder: ``{claim}`` -- the phrase that claims sources.
"""

from __future__ import annotations

from typing import Iterator

import regex

from ..model import Analysis
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
            yield Finding(start, end, {"claim": " ".join(doc.text[start:end].split())})
