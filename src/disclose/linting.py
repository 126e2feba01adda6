"""Linting one document: the run's ``Linters`` (one compiled ``engine.Linter`` per policy set),
the ``--ai``/config override of an article's AI status, and ``lint_document``, the one function
that turns a read document into a ``FileResult`` -- in the main process, in a worker of the local
pool (``parallel``), or on a Dask worker (``audit``). ``exit_code`` turns a run's counts into the
exit code (contract §3).

Used by ``parallel``, ``baseline``, ``fixer``, ``audit`` and ``runner``; imports nothing above it.
"""

from __future__ import annotations

import os
from pathlib import Path

from .config import Config, apply_overrides
from .model import SEVERITY_RANK, Document, InputError
from .options import LintOptions
from .policy import BUILTIN_DEFAULT, PolicyError, load_ruleset


class Linters:
    """One Linter per distinct (policies, config) pair; files usually share one."""

    def __init__(self, options: LintOptions):
        self.options = options
        self.cache: dict[tuple, object] = {}

    def ruleset_refs(self, config: Config) -> tuple[tuple[str, ...], Path | None]:
        """The policies that govern files under ``config``, and the folder they resolve from."""
        if self.options.policies:
            return tuple(self.options.policies), Path.cwd()
        if config.policies:
            return tuple(config.policies), config.root
        return BUILTIN_DEFAULT, None

    def for_config(self, config: Config):
        """The ``engine.Linter`` for files under ``config`` (built once, or read from the cache)."""
        from .engine import Linter

        refs, base = self.ruleset_refs(config)
        key = (refs, base)
        if key not in self.cache:
            from .policycache import cached_linter
            from .reporters import HIGHLIGHT_FORMATS

            highlights = self.options.format in HIGHLIGHT_FORMATS

            def build():
                return Linter(load_ruleset(list(refs), base), select=self.options.select,
                              ignore=self.options.ignore, highlights=highlights)

            # Built-in policies resolve the same from any folder; a user's from ``base``/cwd.
            where = str(base) if base is not None else (None if refs == BUILTIN_DEFAULT else os.getcwd())
            self.cache[key] = cached_linter(
                (refs, where, tuple(self.options.select), tuple(self.options.ignore), highlights), build)
        return self.cache[key]


def ai_override(options: LintOptions, config: Config, path: str) -> tuple[str, str] | None:
    """The AI status that ``--ai`` or the config gives ``path``, with where it came from
    (``("generated", "cli")``), or ``None`` when the article's own mark decides."""
    if options.ai:
        return options.ai, "cli"
    status = config.ai_for(path)
    return (status, "config") if status else None


def lint_document(options: LintOptions, linters: Linters, config: Config, doc: Document):
    """Lint one read document under its config (in this process or in a worker). An unexpected
    exception becomes that document's input error: one odd file must not stop a newsroom's CI."""
    try:
        if doc.source_refs or options.sources:
            from .sourcing import attach

            attach(doc, options.sources)
        result = linters.for_config(config).lint(doc, ai_override(options, config, doc.path))
        result.violations = apply_overrides(config, doc.path, result.violations)
    except PolicyError:
        raise  # the run's configuration is wrong: exit 2 with its own message
    except InputError as exc:
        return exc  # a source that cannot be read
    except Exception as exc:  # noqa: BLE001
        return InputError.internal(doc.path, exc, record=doc.id)
    return result


def exit_code(summary: dict, errors: int, fail_on: str) -> int:
    """2 when an input could not be read; else 1 when a finding is at or above ``fail_on``; else 0."""
    if errors:
        return 2
    if fail_on == "never":
        return 0
    threshold = SEVERITY_RANK[fail_on]
    worst = max((SEVERITY_RANK[s] for s in ("error", "warning", "info") if summary.get(s)), default=0)
    return 1 if worst >= threshold else 0
