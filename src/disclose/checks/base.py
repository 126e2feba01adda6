"""What every check kind shares: the ``Finding`` it yields and small helpers."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable

from ..model import Analysis, Fix, Sentence

DEFAULT_SECTIONS = ("body", "summary", "caption")


@dataclass(slots=True)
class Finding:
    """A problem at source [start, end); ``details`` fill the rule message's ``{placeholders}``."""

    start: int
    end: int
    details: dict[str, Any] = field(default_factory=dict)
    fix: Fix | None = None
    #: How sure the rule is (0..1), for kinds that score their findings.
    confidence: float | None = None
    #: Evidence from outside the article (``Violation.evidence``).
    evidence: dict[str, Any] | None = None


def no_prepare(rule: Any, lexicons: dict, settings: dict) -> None:
    """Kinds without anything to compile use this as their ``prepare``."""


def sentences_in_scope(rule: Any, analysis: Analysis) -> Iterable[Sentence]:
    """The sentences a rule looks at: its sections (default: the body), never disclosures."""
    sections = rule.sections or DEFAULT_SECTIONS
    return (s for s in analysis.sentences if s.section in sections and not s.in_disclosure)


def quote_excerpt(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def insertion_fix(analysis: Analysis, at: str, text: str) -> Fix:
    """Insert a paragraph at the top (after front matter and title) or the bottom of the article."""
    doc = analysis.document
    nl = "\r\n" if "\r\n" in doc.text else "\n"
    if at == "bottom":
        end = len(doc.text.rstrip())
        return Fix([(end, end, f"{nl}{nl}{text}")], "append the disclosure at the end")
    pos = doc.after_title if doc.after_title is not None else doc.content_start
    if doc.format == "html":
        text = f"<p class=\"ai-disclosure\">{text}</p>"
    # Keep the file's paragraph style: blank-line separated paragraphs get a blank line too.
    blank_lines = doc.text.startswith(nl, pos) or f"{nl}{nl}" in doc.text[pos:]
    insert = f"{nl}{text}{nl}" if doc.text.startswith(nl, pos) else (f"{text}{nl}{nl}" if blank_lines else f"{text}{nl}")
    return Fix([(pos, pos, insert)], "insert the disclosure before the body")
