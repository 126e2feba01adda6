"""Run-wide warnings that must be said once, not once per file (e.g. a pattern that timed out)."""

from __future__ import annotations

_seen: set = set()
_messages: list[str] = []


def warn_once(message: str, key: object = None) -> None:
    k = key if key is not None else message
    if k in _seen:
        return
    _seen.add(k)
    _messages.append(message)


def drain() -> list[str]:
    """Return and forget the warnings collected so far; a run ends with this, so the next run
    in the same process (tests, an editor integration) warns again."""
    out = list(_messages)
    _messages.clear()
    _seen.clear()
    return out
