"""What a run is asked to do: ``LintOptions`` (every option of ``lint``, ``analyze``,
``baseline`` and ``audit``, filled in by the CLI), and ``UsageError`` for options that cannot be
honoured.

This module sits at the bottom of the run layer: the modules that do the work (``inputs``,
``linting``, ``parallel``, ``baseline``, ``changed``, ``fixer``, ``audit``, ``runner``) import it,
and it imports none of them.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path

from .policy import PolicyError


@dataclass
class LintOptions:
    paths: list[str]
    policies: list[str] = field(default_factory=list)
    config: Path | None = None
    ai: str | None = None
    format: str = "text"
    output: Path | None = None
    fail_on: str | None = None
    select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    stdin_filename: str | None = None
    quiet: bool = False
    statistics: bool = False
    # CI gate (baseline.py, changed.py): filter by a baseline file; lint only changed files.
    baseline: Path | None = None
    no_baseline: bool = False
    new_only: bool = False
    changed_since: str | None = None
    #: Worker processes for ``lint`` (None: the cores available; 1: in this process).
    jobs: int | None = None
    #: Progress bar on stderr (shown only on a terminal, never in CI).
    progress: bool = True
    #: ``--sources``: source articles every linted article is checked against (files or folders;
    #: expanded to files once, by ``inputs.prepare_sources``).
    sources: list[str] = field(default_factory=list)
    #: The resolved paths of ``sources`` (set by ``inputs.prepare_sources``), never linted as articles.
    source_paths: frozenset = frozenset()


class UsageError(Exception):
    """Bad options or configuration: reported as one line, exit 2."""


def report_run_error(exc: Exception) -> int:
    """A usage or policy error stops the run: one line on stderr, exit code 2."""
    print(str(exc) if isinstance(exc, PolicyError) else f"disclose: {exc}", file=sys.stderr)
    return 2
