"""A cache of plain data (JSON) made from disclose's data files: a run on one file does not
re-read, re-validate and re-compile the policies, lexicons and models every time.

Pre-commit and editors run ``disclose lint`` on a file or two at a time, and building the
linter -- parsing a dozen YAML files, validating them, reading the models, finding the
prefilters of every pattern -- costs several times the lint itself. What that work produces is
kept here as JSON and the linter is built from it at start-up (``linting.Linters``).

**Untrusted input.** CI systems restore cache folders across branches and pull requests, so an
entry is read like any file disclose reads: it holds JSON only (never ``pickle``, which runs
code while loading), and an entry that cannot be read, is truncated, is not JSON, was written
by another format or code, names files whose content has changed, or has the wrong shape is a
miss -- the value is built from the files again and the entry overwritten -- never an error.
The caller's ``check`` decides what a right shape is (``policy.plain.from_data`` checks a rule
set field by field). What JSON cannot do is prove who wrote an entry: one crafted with the
right shape and the current files' digests is used; it can change findings the way an edited
policy could, but it cannot run code or read files.

**Current by construction.** Each entry records the SHA-256 digest of every file its value was
made from, compared with the files' content before the value is used (unlike modification
times a digest cannot miss an edit, and a cache folder restored from a checkout whose rule files
differ is not trusted for them), and its name hashes what else the value depends on:
disclose's version and code (size and modification time of its modules), Python's version,
and the caller's key (the policy references, the folder they resolve from, ``--select`` ...).
Writing is atomic (``atomic.atomic_write``) and a failure to write is ignored.

``cached_parse`` keeps a parsed data file (the sentence splitter's abbreviations), so that a
cached run does not even import the YAML parser; ``cached_table`` keeps any table compiled from
a list of files; ``read_entry``/``write_entry`` are what both use (``linting`` keeps the rule
set and the prefilter table of a linter with them).

Where: ``$DISCLOSE_CACHE_DIR``, else ``$XDG_CACHE_HOME/disclose``, else ``~/.cache/disclose``
(created readable by its owner only). ``DISCLOSE_NO_CACHE=1`` turns it off. At most
``MAX_ENTRIES`` entries are kept, the least recently used go first.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable

from .version import __version__

_FORMAT = 4  # bump when the entry layout changes (2 was pickle: those files are pruned, never read)
#: Entries kept: when a new one is written, the least recently used beyond this many go (every
#: edit of a policy or upgrade of disclose makes a new entry; the old ones are never read again).
MAX_ENTRIES = 32
#: An entry larger than this is not read (the built-in linter's is about 2 MB).
MAX_ENTRY_BYTES = 64 * 1024 * 1024


def cache_dir() -> Path | None:
    """The cache folder, or None when caching is off."""
    if os.environ.get("DISCLOSE_NO_CACHE", "") not in ("", "0"):
        return None
    if os.environ.get("DISCLOSE_CACHE_DIR"):
        return Path(os.environ["DISCLOSE_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "disclose"


@lru_cache(maxsize=1)
def code_stamp() -> str:
    """Disclose's format, version and code (size and modification time of its modules) and
    Python's version: an edited checkout (or another installed version at the same number) never
    reads entries an older code wrote."""
    package = Path(__file__).parent
    stamp = []
    for folder in (package, *(p for p in package.iterdir() if p.is_dir() and p.name != "__pycache__")):
        for entry in os.scandir(folder):
            if entry.name.endswith(".py"):
                st = entry.stat()
                stamp.append((entry.path, st.st_size, st.st_mtime_ns))
    return hashlib.sha256(repr((_FORMAT, __version__, sys.version, sorted(stamp))).encode()).hexdigest()


def file_digests(paths: list[str]) -> list[list[str]] | None:
    """``[path, SHA-256 of its content]`` for each file (policies, lexicons and models are small:
    reading and hashing them all takes a few milliseconds); None if one cannot be read."""
    out = []
    for path in paths:
        try:
            with open(path, "rb") as fh:
                out.append([path, hashlib.sha256(fh.read()).hexdigest()])
        except OSError:
            return None
    return out


def entry_key(kind: str, key_parts: Any) -> str:
    """The name of the entry of ``kind`` for ``key_parts`` (any value with a stable ``repr``)."""
    return hashlib.sha256(repr((code_stamp(), kind, key_parts)).encode()).hexdigest()[:40]


def read_entry(kind: str, key: str, check: Callable[[Any], Any] | None = None) -> Any:
    """``check(value)`` of the current entry ``kind``/``key`` (the plain value when ``check`` is
    None), or None on a miss: no entry, not readable, not ours, stale, or ``check`` raised."""
    folder = cache_dir()
    if folder is None:
        return None
    entry = folder / f"{kind}-{key}.json"
    try:
        with open(entry, "rb") as fh:
            raw = fh.read(MAX_ENTRY_BYTES + 1)
        if len(raw) > MAX_ENTRY_BYTES:
            return None
        data = json.loads(raw)
        if not (isinstance(data, dict) and data.get("format") == _FORMAT and data.get("kind") == kind
                and data.get("key") == key and "value" in data):
            return None
        files = data.get("files")
        if not (isinstance(files, list) and files
                and all(isinstance(f, list) and len(f) == 2 and all(isinstance(x, str) for x in f) for f in files)):
            return None
        if file_digests([path for path, _ in files]) != files:
            return None  # a file changed (or this entry was made from other files)
        value = data["value"] if check is None else check(data["value"])
    except Exception:  # noqa: BLE001 -- any unreadable or ill-shaped entry just means: build it again
        return None
    try:
        os.utime(entry)  # recently used: kept by _prune (access times are not always kept)
    except OSError:
        pass  # a read-only cache is still a cache
    return value


def write_entry(kind: str, key: str, value: Any, files: list[str]) -> bool:
    """Store the plain ``value`` made from ``files`` (with their digests); False when it was not
    written (caching off, a file unreadable, a value JSON would not give back equal, a read-only
    folder or a full disk)."""
    folder = cache_dir()
    digests = file_digests(files) if files else None
    if folder is None or not digests:
        return False
    try:
        text = json.dumps({"format": _FORMAT, "kind": kind, "key": key, "files": digests, "value": value},
                          ensure_ascii=False, separators=(",", ":"), allow_nan=False)
        if json.loads(text)["value"] != value:
            return False  # tuples, non-string keys ...: a later run would read something else
        from .atomic import atomic_write  # only when writing: a cached run does not pay for it

        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        atomic_write(folder / f"{kind}-{key}.json", text.encode("utf-8"))
        _prune(folder)
    except Exception:  # noqa: BLE001 -- not JSON-able, read-only home, full disk: run without the cache
        return False
    return True


def cached_table(kind: str, files: list[Path], build: Callable[[], Any],
                 check: Callable[[Any], Any] | None = None) -> Any:
    """A table compiled from ``files`` by ``build()`` (plain JSON data: dicts with string keys,
    lists, strings, numbers, booleans, None), from the cache while the files are unchanged.

    The cache is untrusted: ``check(value)`` should raise (any exception) on a value of the wrong
    shape, which is then built again; its result is what is returned (a hit gives
    ``check(cached value)``; a miss gives ``check(build())`` as well, so that both are alike)."""
    paths = [str(p) for p in files]
    digests = file_digests(paths) if cache_dir() is not None else None
    if digests is None:
        value = build()
        return value if check is None else check(value)
    key = entry_key(kind, digests)
    value = read_entry(kind, key, check)
    if value is not None:
        return value
    value = build()
    write_entry(kind, key, value, paths)
    return value if check is None else check(value)


def cached_parse(path: Path, parse: Callable[[], Any], check: Callable[[Any], Any] | None = None) -> Any:
    """``parse()`` of the data file ``path`` (plain data), from the cache while the file is
    unchanged (``cached_table`` of one file)."""
    return cached_table("data", [path], parse, check)


def _prune(folder: Path) -> None:
    """Remove all but the ``MAX_ENTRIES`` most recently used entries (a read touches its entry),
    and any entry of an older format (``*.pickle``: never read again)."""
    entries = []
    for path in folder.iterdir():
        if path.suffix == ".pickle":
            try:
                path.unlink()
            except OSError:
                pass
            continue
        if path.suffix != ".json":
            continue
        try:
            st = path.stat()
        except OSError:
            continue
        entries.append((st.st_mtime, path))
    entries.sort(reverse=True)
    for _, path in entries[MAX_ENTRIES:]:
        try:
            path.unlink()
        except OSError:
            pass
