"""A cache of built linters (and of parsed built-in data files): a run on one file does not
re-read, re-validate and re-build the policies every time.

Pre-commit and editors run ``disclose lint`` on a file or two at a time, and building the
linter -- parsing a dozen YAML files, validating them, turning every word list into a matcher
and every regex into a prefilter -- costs several times the lint itself. The built ``Linter`` is
plain data (regexes are kept as text and compiled on first use, see ``LazyPattern``), so it is
pickled once and loaded in a few milliseconds by later runs.

Current by construction: the entry's name hashes what the build depended on besides files
(disclose's version and code, Python's version, the policy references and the folder they are
resolved from, ``--select``/``--ignore``); inside, a digest of every file the build read
(``RuleSet.sources``) is compared with the file's content before the linter is used. Anything else --
a missing, unreadable, corrupt or foreign entry -- means building as if there were no cache.
Writing is atomic (temporary file, then rename) and a failure to write is ignored.
``cached_parse`` keeps parsed data files (the sentence splitter's abbreviations) the same way,
so that a cached run does not even import the YAML parser.

Where: ``$DISCLOSE_CACHE_DIR``, else ``$XDG_CACHE_HOME/disclose``, else ``~/.cache/disclose``
(a folder only its owner can read and write: a pickle from it is trusted like our own code).
``DISCLOSE_NO_CACHE=1`` turns it off.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
from pathlib import Path
from typing import Callable

from .version import __version__

_FORMAT = 2  # bump when the entry layout changes
#: Entries kept: when a new one is written, the least recently used beyond this many go (every
#: edit of a policy or upgrade of disclose makes a new entry; the old ones are never read again).
MAX_ENTRIES = 32


def cache_dir() -> Path | None:
    """The cache folder, or None when caching is off."""
    if os.environ.get("DISCLOSE_NO_CACHE", "") not in ("", "0"):
        return None
    if os.environ.get("DISCLOSE_CACHE_DIR"):
        return Path(os.environ["DISCLOSE_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "disclose"


def _code_stamp() -> tuple:
    """Size and modification time of disclose's own modules: an edited checkout (or another
    installed version at the same number) never reads entries an older code wrote."""
    package = Path(__file__).parent
    stamp = []
    for folder in (package, *(p for p in package.iterdir() if p.is_dir() and p.name != "__pycache__")):
        for entry in os.scandir(folder):
            if entry.name.endswith(".py"):
                st = entry.stat()
                stamp.append((entry.path, st.st_size, st.st_mtime_ns))
    return tuple(sorted(stamp))


def _file_stamps(paths: list[str]) -> list[tuple[str, str]] | None:
    """Each file with a digest of its content (policies and lexicons are small: reading and
    hashing them all takes about a millisecond, and unlike modification times a digest cannot
    miss an edit on a file system with coarse timestamps); None if one cannot be read."""
    stamps = []
    for path in paths:
        try:
            with open(path, "rb") as fh:
                digest = hashlib.blake2b(fh.read(), digest_size=16).hexdigest()
        except OSError:
            return None
        stamps.append((path, digest))
    return stamps


def cached_linter(key_parts: tuple, build: Callable[[], object]):
    """The linter built by ``build()`` for ``key_parts``, from the cache when it is current."""
    folder = cache_dir()
    if folder is None:
        return build()
    key = hashlib.sha256(repr((_FORMAT, __version__, sys.version, _code_stamp(), key_parts)).encode()).hexdigest()
    entry = folder / f"linter-{key[:32]}.pickle"
    linter = _read(entry)
    if linter is not None:
        return linter
    linter = build()
    linter.prepare_for_cache()
    _write(entry, linter, list(linter.ruleset.sources))
    return linter


def cached_parse(path: Path, parse: Callable[[], object]):
    """``parse()`` of the data file ``path`` (plain data: dicts, lists, strings), from the
    cache while the file is unchanged."""
    folder = cache_dir()
    if folder is None:
        return parse()
    key = hashlib.sha256(repr((_FORMAT, __version__, sys.version, str(path))).encode()).hexdigest()
    entry = folder / f"data-{key[:32]}.pickle"
    data = _read(entry)
    if data is not None:
        return data
    data = parse()
    _write(entry, data, [str(path)])
    return data


def _read(entry: Path):
    try:
        with open(entry, "rb") as fh:
            stamps = pickle.load(fh)
            if not stamps or _file_stamps([p for p, _ in stamps]) != stamps:
                return None
            value = pickle.load(fh)
        try:
            os.utime(entry)  # recently used: kept by _prune (access times are not always kept)
        except OSError:
            pass  # a read-only cache is still a cache
        return value
    except Exception:  # noqa: BLE001 -- any unreadable entry just means: build it again
        return None


def _write(entry: Path, value, sources: list[str]) -> None:
    """Store ``value`` with the stamps of the files it was made from."""
    stamps = _file_stamps(sources)
    if not stamps:
        return
    import tempfile  # only when writing: a cached run does not pay for it

    try:
        entry.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=entry.parent, prefix=".linter-", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as fh:
                pickle.dump(stamps, fh, protocol=pickle.HIGHEST_PROTOCOL)
                pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, entry)
        except BaseException:
            os.unlink(tmp)
            raise
        _prune(entry.parent)
    except Exception:  # noqa: BLE001 -- a read-only home or a full disk: run without the cache
        return


def _prune(folder: Path) -> None:
    """Remove all but the ``MAX_ENTRIES`` most recently used entries (a read touches its entry)."""
    entries = []
    for path in folder.glob("*.pickle"):
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
