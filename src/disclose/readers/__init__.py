"""Readers: files (or stdin) -> ``Document``s with exactly mapped visible-text blocks.

Public API (the rest of disclose codes against exactly this):

* ``format_for(path)`` -- ``md`` / ``html`` / ``jsonl`` / ``txt`` from the file extension;
* ``decode(data, path)`` -- bytes -> ``(text, warnings)`` (see ``decode.py``);
* ``parse(text, path, fmt, id=, metadata=)`` -- one decoded article -> ``Document``;
* ``read_path(path, fmt=)`` / ``read_stdin(data, filename)`` -- yield ``Document``s, or
  ``InputError``s for what cannot be read (a JSONL file yields one item per record);
* ``iter_files(paths)`` -- expand folders into article files, deterministically.
* ``globs.glob_match`` / ``globs.excluded`` -- the one include/exclude glob matcher (``config``'s).

Each format's reader lives in its own module (``text``, ``markdown``, ``html``, ``jsonl``) and fills
``Document.blocks`` so that every visible character maps back to ``Document.text``.
"""

from __future__ import annotations

import io
import os
import stat
from collections.abc import Iterator
from functools import lru_cache
from typing import BinaryIO

from ..limits import MAX_INPUT_BYTES
from ..model import Block, Document, InputError
from .decode import decode
from .jsonl import read_records

__all__ = ["ARTICLE_EXTENSIONS", "decode", "format_for", "iter_files", "parse", "read_path", "read_stdin"]

_EXTENSIONS = {".md": "md", ".markdown": "md", ".html": "html", ".htm": "html", ".jsonl": "jsonl"}
#: Extensions picked up when walking folders (files named explicitly are always read).
ARTICLE_EXTENSIONS = frozenset((".md", ".markdown", ".html", ".htm", ".txt", ".jsonl"))
#: Format -> (module, parser); imported on first use (markdown-it costs start-up a .txt run never needs).
_PARSERS = {"txt": ("text", "parse_text"), "md": ("markdown", "parse_markdown"), "html": ("html", "parse_html")}
_FORMAT_ALIASES = {"text": "txt", "markdown": "md", "htm": "html"}
#: Folders never descended into besides hidden ones.
_SKIP_DIRS = frozenset(("node_modules", "__pycache__"))


def format_for(path: str) -> str:
    """``md`` for .md/.markdown, ``html`` for .html/.htm, ``jsonl`` for .jsonl, else ``txt``."""
    return _EXTENSIONS.get(os.path.splitext(path)[1].lower(), "txt")


@lru_cache(maxsize=None)
def _parser(fmt: str):
    import importlib

    module, name = _PARSERS[fmt]
    return getattr(importlib.import_module(f".{module}", __name__), name)


def _build(text: str, path: str, fmt: str, id: str | None, metadata: dict | None,
           title: str | None) -> Document:
    """A Document for ``text``; with ``title`` (JSONL records) the text is ``title\\n\\nbody``."""
    fmt = _FORMAT_ALIASES.get(fmt, fmt)
    if fmt not in _PARSERS:
        raise ValueError(f"unknown format {fmt!r}; expected one of {sorted(_PARSERS)}")
    if title is None:
        doc = Document(path=path, text=text, format=fmt, id=id, metadata=dict(metadata or {}))
        _parser(fmt)(doc)
    else:
        shift = len(title) + 2
        doc = Document(path=path, text=title + "\n\n" + text, format=fmt, id=id,
                       metadata=dict(metadata or {}))
        body = Document(path=path, text=text, format=fmt, id=id)
        _parser(fmt)(body, has_title=True)
        stripped = title.strip()
        if stripped:
            doc.blocks.append(Block("title", "title", stripped, len(title) - len(title.lstrip())))
            doc.after_title = len(title) + 1
        for block in body.blocks:
            block.start += shift
            if block.offsets is not None:
                block.offsets = [o + shift for o in block.offsets]
            if block.ends is not None:
                block.ends = [o + shift for o in block.ends]
            doc.blocks.append(block)
        for item in (*body.marks, *body.comments):
            if item.end:  # marks that are not in the text keep their 0..0 span
                item.start += shift
                item.end += shift
        doc.marks, doc.comments = body.marks, body.comments
        doc.metadata.update(body.metadata)
        doc.facts, doc.warnings = body.facts, body.warnings
        doc.content_start = body.content_start + shift if body.content_start else 0
    for i, block in enumerate(doc.blocks):
        block.paragraph = i
    if doc.metadata.get("sources") is not None:
        from .sources import source_refs

        try:
            # JSON Lines records carry their sources' texts; front matter names files.
            doc.source_refs = source_refs(doc.metadata["sources"], strings_are_text=id is not None)
        except ValueError as exc:
            raise InputError(path, str(exc)) from None
    return doc


def parse(text: str, path: str, fmt: str, *, id: str | None = None, metadata: dict | None = None) -> Document:
    """Parse one decoded article in format ``fmt`` (txt|md|html). Raises ``InputError``."""
    return _build(text, path, fmt, id, metadata, None)


def _too_big(path: str) -> InputError:
    return InputError(path, f"larger than {MAX_INPUT_BYTES // (1024 * 1024)} MiB; not linted "
                            "(split it into articles, or into JSON Lines records)")


def _read_one(data: bytes, path: str, fmt: str) -> Iterator[Document | InputError]:
    if fmt == "jsonl":
        yield from read_records(io.BytesIO(data), path, _build)
        return
    try:
        text, warnings = decode(data, path)
        doc = parse(text, path, fmt)
    except InputError as exc:
        yield exc
        return
    except RecursionError:
        yield InputError(path, "nested too deeply to read; not linted")
        return
    except Exception as exc:  # noqa: BLE001 -- a reader bug must not end the run
        yield InputError.internal(path, exc)
        return
    doc.warnings[:0] = warnings
    yield doc


def read_path(path: str, *, fmt: str | None = None) -> Iterator[Document | InputError]:
    """Read one file; yields its Document (or one per JSONL record) or InputErrors.

    Only regular files are opened (a FIFO would block, ``/dev/zero`` never ends), and none
    larger than ``MAX_INPUT_BYTES`` (JSON Lines: per line)."""
    fmt = fmt or format_for(path)
    try:
        st = os.stat(path)
        if stat.S_ISDIR(st.st_mode):
            yield InputError(path, "is a directory; pass it as a folder to lint")
            return
        if not stat.S_ISREG(st.st_mode):
            yield InputError(path, "not a regular file (a pipe, socket or device); not linted")
            return
        if fmt == "jsonl":
            with open(path, "rb") as fh:
                yield from read_records(fh, path, _build)
            return
        if st.st_size > MAX_INPUT_BYTES:
            yield _too_big(path)
            return
        with open(path, "rb") as fh:
            data = fh.read(MAX_INPUT_BYTES + 1)
    except OSError as exc:
        yield InputError(path, f"cannot read: {exc.strerror or exc}")
        return
    if len(data) > MAX_INPUT_BYTES:  # it grew after the stat
        yield _too_big(path)
        return
    yield from _read_one(data, path, fmt)


def read_jsonl_lines(lines, path: str) -> Iterator[Document | InputError]:
    """Documents of a chunk of JSONL lines (``jsonl.record_lines`` output) of the file ``path``."""
    from .jsonl import records_from_lines

    yield from records_from_lines(lines, path, _build)


def read_data(data: bytes, path: str) -> Iterator[Document | InputError]:
    """Read a file's bytes that were read elsewhere (e.g. shipped to a cluster worker)."""
    yield from _read_one(data, path, format_for(path))


def read_stdin(data: bytes | BinaryIO, filename: str | None) -> Iterator[Document | InputError]:
    """Read standard input (its bytes, or the binary stream itself); ``filename``
    (``--stdin-filename``) picks the format and the path. JSON Lines stream record by record;
    other formats are read up to ``MAX_INPUT_BYTES``."""
    path = filename or "-"
    fmt = format_for(filename) if filename else "txt"
    if not isinstance(data, (bytes, bytearray)):
        if fmt == "jsonl":
            yield from read_records(data, path, _build)
            return
        try:
            data = data.read(MAX_INPUT_BYTES + 1)
        except OSError as exc:
            yield InputError(path, f"cannot read standard input: {exc.strerror or exc}")
            return
    if len(data) > MAX_INPUT_BYTES:
        yield _too_big(path)
        return
    yield from _read_one(data, path, fmt)


# -- file discovery ----------------------------------------------------------------------------

def iter_files(paths: list[str]) -> Iterator[str | InputError]:
    """Expand ``paths`` into files to read, in order; folders are walked depth-first, entries
    sorted by name. Hidden folders (``.git``, ``.venv`` ...), ``node_modules`` and
    ``__pycache__`` are skipped, a folder's files come before its subfolders, and only article
    extensions are taken when walking (a config's ``include``/``exclude`` are applied by the
    caller, ``inputs``, with ``readers.globs``). Files named explicitly are always taken; ``-`` (stdin) is passed through. Missing
    paths, unreadable folders and symlink loops yield ``InputError``; a file reached twice is
    yielded once."""
    seen: set[str] = set()
    for arg in paths:
        if arg == "-":
            yield arg
            continue
        try:
            st = os.stat(arg)
        except OSError:
            yield InputError(arg, "no such file or directory" if not os.path.lexists(arg)
                             else "cannot access (broken symlink or permission denied)")
            continue
        if not stat.S_ISDIR(st.st_mode):
            norm = os.path.normpath(arg)
            if norm not in seen:
                seen.add(norm)
                yield arg
            continue
        yield from _walk(arg, st, seen)


def _walk(root: str, root_stat: os.stat_result, seen: set[str]) -> Iterator[str | InputError]:
    # Explicit stack of (folder path, ancestor folder ids) -- no recursion.
    stack: list[tuple[str, frozenset]] = [(root, frozenset({(root_stat.st_dev, root_stat.st_ino)}))]
    while stack:
        folder, ancestors = stack.pop()
        try:
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as exc:
            yield InputError(folder, f"cannot list folder: {exc.strerror or exc}")
            continue
        subfolders = []
        for entry in entries:
            try:
                is_dir = entry.is_dir()
            except OSError:
                is_dir = False
            if is_dir:
                if entry.name.startswith(".") or entry.name in _SKIP_DIRS:
                    continue
                try:
                    st = entry.stat()
                except OSError as exc:
                    yield InputError(entry.path, f"cannot access: {exc.strerror or exc}")
                    continue
                key = (st.st_dev, st.st_ino)
                if key in ancestors:
                    yield InputError(entry.path, "symlink loop (folder contains itself); skipped")
                    continue
                subfolders.append((entry.path, ancestors | {key}))
                continue
            if os.path.splitext(entry.name)[1].lower() not in ARTICLE_EXTENSIONS:
                continue
            if not entry.is_file():  # a broken symlink, a pipe or a device named like an article
                broken = entry.is_symlink() and not os.path.exists(entry.path)
                yield InputError(entry.path, "cannot access (broken symlink)" if broken
                                 else "not a regular file (a pipe, socket or device); not linted")
                continue
            path = os.path.normpath(entry.path)
            if path not in seen:
                seen.add(path)
                yield path
        stack.extend(reversed(subfolders))
