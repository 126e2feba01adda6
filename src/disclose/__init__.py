"""disclose: a linter for honest AI disclosure in articles.

The Python API (contract §9) is ``lint_text``, ``analyze_text`` and ``lint_paths`` (see
``disclose.api``); they are imported on first use, so ``import disclose`` stays cheap for the CLI.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .version import __version__
__all__ = ["__version__", "analyze_text", "lint_paths", "lint_text"]

if TYPE_CHECKING:  # for type checkers and IDEs; at run time ``__getattr__`` imports them
    from .api import analyze_text, lint_paths, lint_text


def __getattr__(name: str) -> Any:
    if name in ("lint_text", "analyze_text", "lint_paths"):
        from . import api

        return getattr(api, name)
    raise AttributeError(f"module 'disclose' has no attribute {name!r}")
