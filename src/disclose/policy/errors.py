"""What a loaded policy is made of and how it fails, without the YAML parser.

``PolicyError`` and ``LineDict`` are used wherever policies and configs are checked -- also on a
run that loads its linter from the cache (see policycache) and so never imports a YAML parser.
"""

from __future__ import annotations

from typing import Any


class PolicyError(Exception):
    """A policy or config problem, with the file and line it comes from."""

    def __init__(self, path: str, line: int | None, message: str):
        super().__init__(message)
        self.path = path
        self.line = line
        self.message = message

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}"


class LineDict(dict):
    """A dict that knows the 1-based line of each key (``lines``) and of itself (``line``)."""

    __slots__ = ("lines", "line")

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.lines: dict[Any, int] = {}
        self.line: int = 0

    def line_of(self, key: Any) -> int:
        return self.lines.get(key, self.line)
