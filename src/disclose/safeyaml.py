"""YAML as data, never code, for everything disclose reads (policies, configs, front matter).

``BoundedSafeLoader`` is ``yaml.SafeLoader`` (no ``!!python/...`` tags: they are "could not
determine a constructor" errors) that also refuses

* **aliases** (``*name``): a few lines of anchors and aliases can expand to billions of nodes
  (the "billion laughs" bomb); policies, configs and front matter never need them;
* **nesting deeper than** ``limits.MAX_NESTING``: composing and constructing recurse per level,
  so ``[[[[...`` 100,000 levels deep would otherwise end in a ``RecursionError``.

Both are reported as ``yaml.MarkedYAMLError`` with the line where they occur.
"""

from __future__ import annotations

from typing import Any

import yaml

from .limits import MAX_NESTING

ALIAS_MESSAGE = "YAML aliases (*name) are not allowed"


class BoundedSafeLoader(yaml.SafeLoader):
    def __init__(self, stream: Any):
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent, index):  # type: ignore[override]
        if self.check_event(yaml.AliasEvent):
            raise yaml.MarkedYAMLError(None, None, ALIAS_MESSAGE, self.peek_event().start_mark)
        self._depth += 1
        try:
            if self._depth > MAX_NESTING:
                raise yaml.MarkedYAMLError(None, None, f"nested more than {MAX_NESTING} levels deep",
                                           self.peek_event().start_mark)
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


def safe_load(text: str) -> Any:
    """Parse untrusted YAML; raises ``yaml.YAMLError`` (with a mark where there is one)."""
    loader = BoundedSafeLoader(text)
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()


def describe(exc: yaml.YAMLError, text: str = "") -> tuple[str, int | None]:
    """``(problem, 1-based line or None)`` of a YAML error of ``text``, on one line, in words a
    user can act on."""
    if isinstance(exc, yaml.reader.ReaderError):  # a character YAML does not allow, e.g. NUL
        line = text.count("\n", 0, exc.position) + 1 if text else None
        return f"invalid YAML: character {exc.character!r} is not allowed in YAML text", line
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    problem = getattr(exc, "problem", None) or getattr(exc, "context", None) or f"invalid YAML: {exc}"
    if "could not determine a constructor" in str(exc):
        problem = "tags such as !!python are not allowed: this is data, never code"
    return " ".join(str(problem).split()), (mark.line + 1 if mark is not None else None)
