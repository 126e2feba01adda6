"""``dates`` -- a weekday stated with a date must agree with the calendar.

"On Tuesday, December 23rd" is only right in years where 23 December is a Tuesday. Language
models write such pairs from their training data, not from a calendar, so a weekday that
disagrees with its date is a classic mark of generated (or carelessly edited) text.

The year comes from the date itself ("Tuesday, 23 December 2025"), else from the article's
metadata (``date``/``datePublished`` in front matter, JSONL or HTML), else from the text when it
names exactly one year (1900-2099). With no year, nothing is checked. Dates like "Tuesday,
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

_YEAR = regex.compile(r"(?<![\d,.])(?:19|20)\d\d(?![\d,])")
_WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def prepare(rule, lexicons: dict, settings: dict) -> None:
    from ..analysis.lexicon import alternation
    from ..policy.yamlload import PolicyError

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
        rf"(?:(?P<mo1>{mo})\.?\s+{num.format('d1')}{year.format('y1')}"
        rf"|{num.format('d2')}\s+(?:of\s+)?(?P<mo2>{mo})\.?{year.format('y2')})(?![\w])"
    )
    rule.prepared = (regex.compile(pattern, regex.IGNORECASE), day_index, month_index)


def article_year(analysis: Analysis) -> tuple[int | None, str]:
    """The article's year: from metadata, else the one year its text names (if only one)."""
    year = analysis.document.facts.get("year")
    if isinstance(year, int):
        return year, "metadata"
    years = {int(m.group(0)) for b in analysis.document.blocks if b.section != "boilerplate"
             for m in _YEAR.finditer(b.text)}
    return (years.pop(), "text") if len(years) == 1 else (None, "")


def check(rule, analysis: Analysis) -> Iterator[Finding]:
    matcher, day_index, month_index = rule.prepared
    default_year: tuple[int | None, str] | None = None
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
                if default_year is None:
                    default_year = article_year(analysis)
                year, source = default_year
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
