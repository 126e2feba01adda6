"""Where a violation is, as CI formats want it: a path relative to the working folder (the
repository root in CI), and whether the result is a JSONL record (its offsets index the record's
text, not the file, so file lines and columns would be wrong)."""

from __future__ import annotations

import os
from pathlib import Path


def relative_path(path: str) -> str:
    """``path`` relative to the current folder when inside it, in ``/`` form; else as given."""
    if path in ("-", ""):
        return path or "-"
    try:
        rel = os.path.relpath(os.path.abspath(path))
    except ValueError:  # another drive (Windows)
        return Path(path).as_posix()
    return Path(path).as_posix() if rel.startswith("..") else Path(rel).as_posix()


def is_record(result) -> bool:
    """A JSONL record: one file holds many articles; positions are within the record."""
    return result.id is not None
