"""Plain-text reader (``.txt`` and any other textual file).

Plain text has no markup, so structure is inferred from lines; every block maps to the source by
identity (``Block.offsets is None``):

* the first non-empty line is the title (unless the caller already has a title, e.g. a JSONL
  record's ``title`` field);
* blank lines separate paragraphs; inside a run of lines, a line ending with terminal punctuation
  (``. ! ? : ; …`` possibly followed by closing quotes/brackets) ends its block, so a file with one
  paragraph per line gives one block per line while hard-wrapped paragraphs stay whole;
* a short unpunctuated line (at most 10 words, no final punctuation, not starting lowercase, not
  ending in a function word such as "of", not followed by a lowercase continuation line) that
  starts a block is a heading;
* datelines ("LONDON (Reuters) -") and other lines ending in ``-``/``,`` continue into the next
  line's paragraph;
* bulleted or numbered lines (``- ``, ``* ``, ``• ``, ``1. ``, ``1) ``) are list items; the marker
  is not part of the block.

The helpers ``trimmed_block``, ``facts_from_metadata`` and ``status_from_value`` are shared with
the other readers.
"""

from __future__ import annotations

import datetime as _dt
import re
from typing import Any

from ..model import Block, Document

_TERMINAL = re.compile(r"[.!?:;…。！？][\"'”’»)\]]*$")
_BULLET = re.compile(r"(?:[-*•–+]|\d{1,3}[.)])[ \t]+(?=\S)")
_DATELINE = re.compile(r"[A-Z]{2,}[A-Z .,'’-]*(?:,[^()]{0,40})?\s*\([^()]{1,40}\)\s*[-–—:]*")
_FUNCTION_WORDS = frozenset(
    "a an the of to in on at by for from with and or but nor as that than into over about".split()
)
_CONTINUATION_END = frozenset(",-–—/&(+")
_YEAR = re.compile(r"\b(1[89]\d\d|2\d\d\d)\b")


def trimmed_block(text: str, kind: str, section: str, start: int, end: int) -> Block | None:
    """An identity-mapped block for ``text[start:end]`` with surrounding whitespace trimmed."""
    seg = text[start:end]
    stripped = seg.strip()
    if not stripped:
        return None
    return Block(kind, section, stripped, start + len(seg) - len(seg.lstrip()))


def facts_from_metadata(meta: dict[str, Any], facts: dict[str, Any]) -> None:
    """Fill ``facts['year']`` / ``facts['lang']`` from ``date``-like and ``lang`` metadata keys."""
    for key in ("date", "datePublished", "published", "pubDate"):
        value = meta.get(key)
        if isinstance(value, (_dt.date, _dt.datetime)):
            facts.setdefault("year", value.year)
        elif isinstance(value, str) and (m := _YEAR.search(value)):
            facts.setdefault("year", int(m.group(1)))
        elif isinstance(value, int) and not isinstance(value, bool) and 1800 <= value < 3000:
            facts.setdefault("year", value)
    for key in ("lang", "language"):
        value = meta.get(key)
        if isinstance(value, str) and value.strip():
            facts.setdefault("lang", value.strip())


def status_from_value(value: Any, key: str) -> str | None:
    """AI status from a metadata value of key ``ai`` (generated/assisted/none, ai-generated ...)
    or ``ai_generated`` (true/false); None when the value is not understood."""
    if isinstance(value, bool):
        return "generated" if value else "none"
    if not isinstance(value, str):
        return None
    v = value.strip().lower().replace("_", "-")
    if key == "ai_generated":
        return {"true": "generated", "yes": "generated", "false": "none", "no": "none"}.get(v)
    return {
        "generated": "generated", "ai-generated": "generated",
        "assisted": "assisted", "ai-assisted": "assisted",
        "none": "none", "no": "none", "human": "none", "false": "none", "true": "generated",
    }.get(v)


def _is_heading(line: str, next_line: str | None) -> bool:
    words = line.split()
    if len(words) > 10 or line[0].islower() or _TERMINAL.search(line):
        return False
    if line[-1] in _CONTINUATION_END or words[-1].lower() in _FUNCTION_WORDS:
        return False
    if _BULLET.match(line) or _DATELINE.fullmatch(line):
        return False
    return not (next_line and next_line[0].islower())


def parse_text(doc: Document, *, has_title: bool = False) -> None:
    """Fill ``doc.blocks`` (and ``after_title``) from plain text. ``has_title``: the caller
    already made a title block, so the first line is ordinary text."""
    text = doc.text
    # (start, end) of every line, end excluding the newline and trailing whitespace/CR.
    lines: list[tuple[int, int, str]] = []
    pos = 0
    for raw in text.split("\n"):
        stripped = raw.strip()
        lead = len(raw) - len(raw.lstrip())
        lines.append((pos + lead, pos + lead + len(stripped), stripped))
        pos += len(raw) + 1

    blocks = doc.blocks
    title_done = has_title
    cur: list[Any] | None = None  # [kind, section, start, end] of the open block

    def close() -> None:
        nonlocal cur
        if cur is not None:
            block = trimmed_block(text, cur[0], cur[1], cur[2], cur[3])
            if block is not None:
                blocks.append(block)
        cur = None

    for i, (start, end, line) in enumerate(lines):
        if not line:
            close()
            continue
        if not title_done:
            title_done = True
            blocks.append(Block("title", "title", line, start))
            newline = text.find("\n", end)
            doc.after_title = newline + 1 if newline != -1 else len(text)
            continue
        bullet = _BULLET.match(line)
        if bullet:
            close()
            cur = ["list_item", "body", start + bullet.end(), end]
        elif cur is not None:
            cur[3] = end
        else:
            nxt = lines[i + 1][2] if i + 1 < len(lines) else None
            if _is_heading(line, nxt):
                blocks.append(Block("heading", "heading", line, start))
                continue
            cur = ["paragraph", "body", start, end]
        if _TERMINAL.search(line):
            close()
    close()
