"""The one glob matcher: a configuration's ``include`` / ``exclude`` and its ``overrides``'
``files`` (``disclose.config``), matched against a file's path relative to the config's folder.

* ``*``, ``?`` and ``[...]`` (fnmatch syntax) match within one path segment: never across ``/``;
* a ``**`` segment matches any number of folders, none included (``a/**/b.md`` matches ``a/b.md``);
* a pattern without ``/`` matches the base name at any depth (as in .gitignore);
* a leading ``./`` and a trailing ``/`` are ignored;
* ``excluded`` (for ``exclude``) also matches a path inside a matching folder: excluding
  ``drafts`` or ``content/drafts`` excludes everything in it.

Matching goes segment by segment, keeping the set of path positions reachable so far:
O(pattern x path) ``fnmatch`` calls, never the exponential backtracking a regex of nested ``.*``
runs into on patterns such as ``**/**/**/x`` (the patterns come from configuration files of other
repositories). Case-sensitive on every platform. Imports nothing of disclose.
"""

from __future__ import annotations

import fnmatch
from functools import lru_cache

__all__ = ["glob_match", "excluded"]


@lru_cache(maxsize=256)
def _segments(pattern: str) -> tuple[str, ...]:
    pattern = pattern.strip().removeprefix("./").rstrip("/")
    parts = tuple(part for part in pattern.split("/") if part)
    return parts if "/" in pattern else ("**", *parts)


def _reach(parts: tuple[str, ...], segments: list[str]) -> set[int]:
    """The positions in ``segments`` where a match of the whole pattern can end."""
    reach = {0}
    for part in parts:
        if part == "**":
            reach = set(range(min(reach), len(segments) + 1))
        else:
            reach = {j + 1 for j in reach if j < len(segments) and fnmatch.fnmatchcase(segments[j], part)}
        if not reach:
            break
    return reach


def glob_match(path: str, pattern: str) -> bool:
    """Does the relative POSIX ``path`` match the glob ``pattern``?"""
    segments = path.split("/")
    return len(segments) in _reach(_segments(pattern), segments)


def excluded(path: str, pattern: str) -> bool:
    """Does ``pattern`` match ``path`` or one of the folders it is in?"""
    return any(j >= 1 for j in _reach(_segments(pattern), path.split("/")))
