"""Check kinds: the explicit registry (no magic discovery), one module per kind.

Every kind module has a docstring (its user documentation, shown by ``disclose explain``),
``KIND``, ``CONF`` (its own options and their types, validated by the policy loader),
``DEFAULT`` (option defaults), ``prepare(rule, lexicons, settings)`` (compile once at load time)
and ``check(rule, analysis)`` which yields ``Finding``s.
"""

from __future__ import annotations

from types import ModuleType

from . import attribution, claim, dates, disclosure, grounding, metadata, phrase, sources, tells
from .base import Finding

_KINDS: dict[str, ModuleType] = {
    disclosure.KIND: disclosure,
    metadata.KIND: metadata,
    sources.KIND: sources,
    attribution.KIND: attribution,
    claim.KIND: claim,
    phrase.KIND: phrase,
    tells.KIND: tells,
    dates.KIND: dates,
    grounding.KIND: grounding,
}


def get(kind: str) -> ModuleType:
    """The module implementing ``kind``; KeyError when there is none."""
    return _KINDS[kind]


def kinds() -> list[str]:
    return list(_KINDS)


__all__ = ["Finding", "get", "kinds"]
