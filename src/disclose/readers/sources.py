"""Source articles as an article names them: front matter ``sources:`` and JSON Lines ``sources``.

Front matter lists paths (relative to the article) or objects ``{path, title, url}``; a JSON
Lines record lists source texts or objects ``{title, url, text}`` (or ``path``). Reading the
files is the run's job (``disclose.sourcing``); here the list is only checked and normalised.
"""

from __future__ import annotations

from typing import Any

from ..model import SourceRef

_KEYS = ("path", "title", "url", "text")


def source_refs(value: Any, *, strings_are_text: bool) -> list[SourceRef]:
    """``value`` as ``SourceRef``s; ValueError with a one-line reason when it is malformed."""
    if value is None:
        return []
    if isinstance(value, (str, dict)):
        value = [value]
    if not isinstance(value, list):
        raise ValueError(f"'sources' must be a list, got {type(value).__name__}")
    out = []
    for i, item in enumerate(value):
        if isinstance(item, str):
            if not item.strip():
                raise ValueError(f"sources[{i}] is empty")
            out.append(SourceRef(text=item) if strings_are_text else SourceRef(path=item))
            continue
        if not isinstance(item, dict):
            raise ValueError(f"sources[{i}] must be a string or an object, got {type(item).__name__}")
        unknown = [k for k in item if k not in _KEYS]
        if unknown:
            raise ValueError(f"sources[{i}]: unknown key {unknown[0]!r} (expected {', '.join(_KEYS)})")
        for k in _KEYS:
            if item.get(k) is not None and not isinstance(item[k], str):
                raise ValueError(f"sources[{i}].{k} must be a string")
        if not item.get("path") and item.get("text") is None:
            raise ValueError(f"sources[{i}] needs a 'path' or a 'text'")
        out.append(SourceRef(path=item.get("path") or None, title=item.get("title") or None,
                             url=item.get("url") or None, text=item.get("text")))
    return out
