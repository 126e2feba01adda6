"""Writing a file atomically: a temporary file in the same folder, flushed to disk, given the
old file's permission bits, then moved over the old one with ``os.replace`` -- an interrupted run
leaves the old file or the new one, never half of one. A symlink is followed and its target
replaced.

Used by ``fixer`` (fixed articles), ``baseline`` (the baseline file) and ``starter``
(``disclose init``); imports nothing from disclose.
"""

from __future__ import annotations

import hashlib
import os
import stat
import tempfile
from contextlib import suppress
from pathlib import Path


class ChangedOnDisk(Exception):
    """The file no longer holds the bytes the caller read: nothing was written."""


def atomic_write(path: Path, data: bytes, *, expected: bytes | None = None) -> None:
    """Replace ``path`` by ``data`` atomically. With ``expected``, the file must still hold
    exactly those bytes right before the replace, else ``ChangedOnDisk`` (also when it can no
    longer be read) and the file is left as it is."""
    target = Path(os.path.realpath(path))
    try:
        mode = stat.S_IMODE(os.stat(target).st_mode)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".disclose-tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)
        if expected is not None:
            try:
                now = target.read_bytes()
            except OSError as exc:
                raise ChangedOnDisk(f"{path}: cannot read it again before writing: {exc.strerror or exc}") from None
            if _digest(now) != _digest(expected):
                raise ChangedOnDisk(f"{path}: changed on disk while disclose was fixing it; not written "
                                    "(run again)")
        os.replace(tmp, target)
    except BaseException:
        with suppress(OSError):
            os.unlink(tmp)
        raise


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
