"""AI status: which answer decides whether an article is AI-generated (contract §1.1).

First answer wins: the article's own metadata; then the CLI's ``--ai`` or the configuration;
then a disclosure statement in the visible text; otherwise ``unknown``.
"""

from __future__ import annotations

from ..model import Disclosure, Document

_KIND_TO_STATUS = {"generated": "generated", "automated": "generated", "assisted": "assisted"}


def resolve_status(doc: Document, disclosures: list[Disclosure], override: tuple[str, str] | None) -> tuple[str, str]:
    """Return (status, source) with source in metadata | config | cli | text | none."""
    if doc.marks:
        return doc.marks[0].status, "metadata"
    if override is not None and override[0] != "unknown":
        return override
    # An image credit line ("Image: generated with Midjourney") says nothing of the text.
    kinds = {_KIND_TO_STATUS.get(d.kind, "generated") for d in disclosures if d.element == "text"}
    if "generated" in kinds:
        return "generated", "text"
    if "assisted" in kinds:
        return "assisted", "text"
    return "unknown", "none"
