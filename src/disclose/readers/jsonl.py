"""JSON Lines reader (``.jsonl``): one article per line, streamed.

Each non-blank line is a JSON object:

* the article text from ``text``, ``body`` or ``content`` (the first key present; must be a string);
* optional ``title``: ``Document.text`` becomes ``title + "\\n\\n" + body``, the title is the
  title block and the body's first line is ordinary text;
* optional ``format`` (``txt`` default, ``md``/``markdown``, ``html``/``htm``) for the body;
* optional ``metadata`` (an object) -> ``Document.metadata``; its ``ai``/``ai_generated`` (or the
  record's own top-level ``ai``/``ai_generated``) -> ``Mark('jsonl', ...)`` (span 0..0: the mark is
  not in the text); its ``date``/``lang`` -> ``Document.facts``;
* ``id`` (string or integer) -> ``Document.id``, else ``"line N"``.

Offsets index the record's own ``Document.text``. A malformed line (bad JSON, not an object, no
text) yields an ``InputError(path, "line N: ...", line=N)`` and reading goes on. Lines are read
and decoded one at a time (UTF-8, cp1252 fallback with a warning), so big corpora stream; a file
with a UTF-16/32 byte-order mark is decoded whole first. No line is read beyond
``limits.MAX_INPUT_BYTES`` (a longer one is one error; its bytes are skipped, not kept).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from typing import Any, BinaryIO

from ..limits import MAX_INPUT_BYTES
from ..model import Document, InputError, Mark
from .decode import cp1252_warning, decode
from .text import facts_from_metadata, status_from_value

_TEXT_KEYS = ("text", "body", "content")
_FORMATS = {"txt": "txt", "text": "txt", "md": "md", "markdown": "md", "html": "html", "htm": "html"}
_WIDE_BOMS = (b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")

#: ``build(text, path, fmt, id, metadata, title)`` -> Document (supplied by ``disclose.readers``).
Builder = Callable[..., Document]


#: A line's text, ``None`` for a binary line, or ``_TOO_LONG`` for a line over the size limit.
_TOO_LONG = object()


def _raw_lines(fh: BinaryIO) -> Iterator[bytes | object]:
    """The stream's lines, none read beyond ``MAX_INPUT_BYTES`` (the rest of a longer line is
    skipped in bounded chunks, so memory stays flat)."""
    while True:
        raw = fh.readline(MAX_INPUT_BYTES + 1)
        if not raw:
            return
        if len(raw) > MAX_INPUT_BYTES and not raw.endswith(b"\n"):
            while raw and not raw.endswith(b"\n"):
                raw = fh.readline(1024 * 1024)
            yield _TOO_LONG
            continue
        yield raw


def _lines(fh: BinaryIO, path: str) -> Iterator[tuple[int, Any, list[str]]]:
    """``(line_no, text, warnings)`` per line; ``text`` None for a line that is binary."""
    for n, raw in enumerate(_raw_lines(fh), 1):
        if raw is _TOO_LONG:
            yield n, _TOO_LONG, []
            continue
        if n == 1 and raw.startswith(_WIDE_BOMS):
            rest = fh.read(MAX_INPUT_BYTES + 1 - len(raw))
            if len(raw) + len(rest) > MAX_INPUT_BYTES:
                yield n, _TOO_LONG, []
                return
            text, warnings = decode(raw + rest, path)
            for m, line in enumerate(text.split("\n"), 1):
                yield m, line, warnings
            return
        if n == 1 and raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
        if b"\x00" in raw:
            yield n, None, []
            continue
        try:
            yield n, raw.decode("utf-8"), []
        except UnicodeDecodeError as exc:
            yield n, decode(raw, path)[0], [cp1252_warning(raw, exc, first_line=n)]


def _record(obj: Any, path: str, n: int, build: Builder) -> Document:
    if not isinstance(obj, dict):
        raise InputError(path, f"line {n}: expected a JSON object, got {type(obj).__name__}", line=n)
    key = next((k for k in _TEXT_KEYS if k in obj), None)
    if key is None:
        raise InputError(path, f"line {n}: no article text (add a 'text', 'body' or 'content' field)", line=n)
    body = obj[key]
    if not isinstance(body, str):
        raise InputError(path, f"line {n}: '{key}' must be a string", line=n)
    title = obj.get("title")
    if title is not None and not isinstance(title, str):
        raise InputError(path, f"line {n}: 'title' must be a string", line=n)
    fmt = _FORMATS.get(str(obj.get("format", "txt")).lower())
    if fmt is None:
        raise InputError(path, f"line {n}: unknown format {obj['format']!r} (use txt, md or html)", line=n)
    meta = obj.get("metadata")
    if meta is None:
        meta = {}
    elif not isinstance(meta, dict):
        raise InputError(path, f"line {n}: 'metadata' must be an object", line=n)
    if obj.get("sources") is not None and "sources" not in meta:
        meta = {**meta, "sources": obj["sources"]}
    rid = obj.get("id")
    rid = str(rid) if isinstance(rid, (str, int)) and not isinstance(rid, bool) else f"line {n}"
    try:
        doc = build(body, path, fmt, rid, meta, title or None)
    except InputError as exc:
        raise InputError(path, f"line {n}: {exc.message}", line=n) from None
    for source in (meta, obj):
        for k in ("ai", "ai_generated"):
            if k in source:
                status = status_from_value(source[k], k)
                if status is None:
                    doc.warnings.append(f"{k}: unknown value {source[k]!r} "
                                        "(expected generated, assisted or none)")
                else:
                    doc.marks.append(Mark("jsonl", status, 0, 0, f"{k}: {source[k]}"))
    facts_from_metadata(meta, doc.facts)
    return doc


#: ``(line number, decoded line or None when binary, decoding warnings)``
Line = tuple[int, "str | None", list[str]]


def record_lines(fh: BinaryIO, path: str) -> Iterator[Line]:
    """The decoded lines of an open binary JSONL stream, one at a time (for cutting a corpus into
    chunks that workers parse: ``records_from_lines``)."""
    return _lines(fh, path)


def read_records(fh: BinaryIO, path: str, build: Builder) -> Iterator[Document | InputError]:
    """Yield one Document (or InputError) per non-blank line of an open binary JSONL stream."""
    return records_from_lines(_lines(fh, path), path, build)


def records_from_lines(lines: Iterable[Line], path: str, build: Builder) -> Iterator[Document | InputError]:
    """One Document (or InputError) per non-blank line of ``record_lines``' output."""
    for n, line, warnings in lines:
        if line is None:
            yield InputError(path, f"line {n}: binary data (NUL bytes)", line=n)
            continue
        if line is _TOO_LONG:
            yield InputError(path, f"line {n}: record larger than {MAX_INPUT_BYTES // (1024 * 1024)} MiB; "
                                   "not linted", line=n)
            continue
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except ValueError as exc:
            yield InputError(path, f"line {n}: invalid JSON: {exc}", line=n)
            continue
        except RecursionError:
            yield InputError(path, f"line {n}: invalid JSON: nested too deeply", line=n)
            continue
        try:
            doc = _record(obj, path, n, build)
        except InputError as exc:
            yield exc
            continue
        except RecursionError:
            yield InputError(path, f"line {n}: nested too deeply to read", line=n)
            continue
        except Exception as exc:  # noqa: BLE001 -- a reader bug must not lose the other records
            yield InputError.internal(path, exc, line=n)
            continue
        doc.warnings[:0] = warnings
        yield doc
