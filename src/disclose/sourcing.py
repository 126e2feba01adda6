"""Source articles for grounding (contract §8): from ``--sources``, front matter or JSON Lines.

``attach(doc, cli_sources)`` gives an article its ``SourceText``s, in the order named: first the
article's own (front matter paths, relative to the article; a JSON Lines record's texts), then
those of ``--sources`` (files in any supported format, or folders, walked like lint's). Files
are read by the ordinary readers, once per process and file version (path, size, mtime), and
shared by every article that cites them; the analysis indexes each once as well
(``Analyzer.source_index``). A source that cannot be read is an input error of the article that
names it, naming both (exit 2): never a silent pass.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from .model import Document, InputError, SourceRef, SourceText

#: Files read in this process: (resolved path, size, mtime_ns) -> documents (a JSON Lines
#: source gives one per record). Bounded: the oldest entries go first.
_READ: dict[tuple[str, int, int], list[Document]] = {}
_READ_MAX = 1024
#: How often a file was actually read (tests check that a pool is read once).
reads = 0


def expand(paths: list[str]) -> list[str]:
    """``--sources`` arguments as files, once per run: folders walked (article extensions) and
    files kept; a path that cannot be read is kept as given, to be each article's input error."""
    from .readers import iter_files

    out = []
    for arg in paths:
        items = list(iter_files([arg]))
        if any(isinstance(item, InputError) for item in items) and not os.path.isdir(arg):
            out.append(arg)
            continue
        out.extend(item for item in items if not isinstance(item, InputError))
    return out


def _read(path: str) -> list[Document]:
    global reads
    from .readers import read_path

    try:
        st = os.stat(path)
    except OSError as exc:
        raise ValueError("no such file" if not os.path.lexists(path) else f"cannot read: {exc.strerror or exc}") from None
    key = (os.path.realpath(path), st.st_size, st.st_mtime_ns)
    docs = _READ.get(key)
    if docs is None:
        reads += 1
        docs = []
        for item in read_path(path):
            if isinstance(item, InputError):
                raise ValueError(item.message)
            docs.append(item)
        if not docs:
            raise ValueError("no article in it")
        if len(_READ) >= _READ_MAX:
            del _READ[next(iter(_READ))]
        _READ[key] = docs
    return docs


def _from_file(ref: SourceRef, base: Path | None, shown: str) -> list[SourceText]:
    path = ref.path or ""
    full = path if base is None or os.path.isabs(path) else str(base / path)
    if os.path.isdir(full):
        out = []
        for f in expand([full]):
            out.extend(_from_file(SourceRef(path=f), None, f))
        if not out:
            raise ValueError("a folder with no article in it")
        return out
    docs = _read(full)
    st = os.stat(full)
    stamp = f"{os.path.realpath(full)}\0{st.st_size}\0{st.st_mtime_ns}"
    return [SourceText(doc, shown if len(docs) == 1 else f"{shown}#{doc.id}", ref.title, ref.url,
                       f"file\0{stamp}\0{doc.id}") for doc in docs]


def _from_text(ref: SourceRef, i: int) -> SourceText:
    from .readers import parse

    digest = hashlib.sha256(ref.text.encode("utf-8", "surrogatepass")).hexdigest()[:24]
    fmt = "txt"
    doc = parse(ref.text, ref.title or ref.url or f"source {i}", fmt)
    return SourceText(doc, None, ref.title, ref.url, f"text\0{digest}")


def attach(doc: Document, cli_sources: list[str] | tuple[str, ...] = ()) -> None:
    """Read the article's sources into ``doc.sources``; raises ``InputError`` (the article's
    path and record) naming a source that cannot be read."""
    if not doc.source_refs and not cli_sources:
        return
    base = Path(doc.path).parent if doc.path not in ("-", "") else Path.cwd()
    out: list[SourceText] = []
    for i, ref in enumerate(doc.source_refs):
        shown = ref.path or ref.title or ref.url or f"sources[{i}]"
        try:
            if ref.text is not None:
                out.append(_from_text(ref, i))
            else:
                out.extend(_from_file(ref, base, ref.path or ""))
        except (ValueError, InputError) as exc:
            raise _error(doc, shown, exc) from None
    for path in cli_sources:
        try:
            out.extend(_from_file(SourceRef(path=path), None, path))
        except (ValueError, InputError) as exc:
            raise _error(doc, path, exc) from None
    doc.sources = out


def _error(doc: Document, source: str, exc: Exception) -> InputError:
    reason = exc.message if isinstance(exc, InputError) else str(exc)
    where = f"record {doc.id}: " if doc.id is not None else ""
    return InputError(doc.path, f"{where}source {source}: {reason}; not linted (grounding needs every source)")
