"""``dates`` -- a weekday stated with a date must agree with the calendar.

"On Tuesday, December 23rd" is only right in years where 23 December is a Tuesday. Language
models write such pairs from their training data, not from a calendar, so a weekday that
disagrees with its date is a classic mark of generated (or carelessly edited) text.

The year comes from the date itself ("Tuesday, 23 December 2025"), else from the article's
metadata (``date``/``datePublished`` in front matter, JSONL or HTML), else from the text when the
dates stated in the same paragraph ("December 2025", "Dec. 23, 2025") name exactly one year; a
bare "in 1930", or a year in another paragraph (often history), does not count. With no year, nothing is checked. Dates like "Tuesday,
December 23rd", "Tuesday 23 December", "Tue., Dec. 23, 2025" are recognised; names come from
``rules/lexicons/dates.yaml``. A date that does not exist (30 February) is reported too.

Options: ``lexicon`` -- the lexicon with ``weekdays`` and ``months`` (default ``dates``).

Message placeholders: ``{text}`` (the date as written), ``{weekday}`` (the weekday the calendar
gives), ``{year}``, ``{year_source}`` (``date``, ``metadata`` or ``text``).
"""

from __future__ import annotations

import datetime as dt
from typing import Iterator

import regex

from ..model import Analysis
from .base import Finding

KIND = "dates"
CONF = {"lexicon": str}
DEFAULT = {"lexicon": "dates"}

_WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def prepare(rule, lexicons: dict, settings: dict) -> None:
    from ..analysis.patterns import alternation
    from ..policy.errors import PolicyError

    name = rule.options["lexicon"]
    lex = lexicons.get(name) or {}
    weekdays, months = lex.get("weekdays") or [], lex.get("months") or []
    if len(weekdays) != 7 or len(months) != 12:
        raise PolicyError(rule.path, rule.line, f"rules.{rule.name}.lexicon: {name!r} needs 7 `weekdays` and 12 `months` lists")
    day_index = {str(w).lower(): i for i, names in enumerate(weekdays) for w in names}
    month_index = {str(m).lower(): i + 1 for i, names in enumerate(months) for m in names}
    wd, mo = alternation(day_index), alternation(month_index)
    num = r"(?P<{0}>[0-3]?\d)(?:st|nd|rd|th)?"
    year = r"(?:,?\s+(?P<{0}>(?:19|20)\d\d)(?!\d))?"
    pattern = (
        rf"\b(?P<wd>{wd})\.?,?\s+(?:the\s+)?"
        rf"(?:(?P<mo1>{mo})(?:\.(?=\s+\d))?\s+{num.format('d1')}{year.format('y1')}"
        rf"|{num.format('d2')}\s+(?:of\s+)?(?P<mo2>{mo})(?:\.(?=\s+\d))?{year.format('y2')})(?![\w])"
    )
    # A year the text states as a date ("December 2025", "23 December 2025", "Dec. 23, 2025"),
    # not any four digits: "in 1930" or "by 2007" say nothing about when the article was written.
    dated_year = rf"\b(?:{mo})\.?\s+(?:[0-3]?\d(?:st|nd|rd|th)?,?\s+)?(?P<y>(?:19|20)\d\d)(?!\d)"
    rule.prepared = (regex.compile(pattern, regex.IGNORECASE), day_index, month_index,
                     regex.compile(dated_year, regex.IGNORECASE))


def article_year(analysis: Analysis, block_text: str, dated_year: regex.Pattern) -> tuple[int | None, str]:
    """The year of an undated weekday: the metadata's, else the one year that the dates of the
    same paragraph state (a year elsewhere in the article is often history: "in December 1979")."""
    year = analysis.document.facts.get("year")
    if isinstance(year, int):
        return year, "metadata"
    years = {int(m.group("y")) for m in dated_year.finditer(block_text)}
    return (years.pop(), "text") if len(years) == 1 else (None, "")


def check(rule, analysis: Analysis) -> Iterator[Finding]:
    matcher, day_index, month_index, dated_year = rule.prepared
    sections = rule.sections or ("title", "summary", "heading", "body", "caption")
    for block in analysis.document.blocks:
        if block.section not in sections:
            continue
        for m in matcher.finditer(block.text):
            day = int(m.group("d1") or m.group("d2"))
            month = month_index[" ".join((m.group("mo1") or m.group("mo2")).lower().split())]
            stated = day_index[m.group("wd").lower()]
            if m.group("y1") or m.group("y2"):
                year, source = int(m.group("y1") or m.group("y2")), "date"
            else:
                year, source = article_year(analysis, block.text, dated_year)
                if year is None:
                    continue
            try:
                actual = dt.date(year, month, day).weekday()
            except ValueError:
                actual = None  # 30 February: no weekday can be right
            if actual == stated:
                continue
            s, e = block.span_to_source(m.start(), m.end())
            yield Finding(s, e, {
                "text": " ".join(m.group(0).split()),
                "weekday": _WEEKDAY_NAMES[actual] if actual is not None else "no day (the date does not exist)",
                "year": year, "year_source": source,
            })
