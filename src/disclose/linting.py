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
        """The ``engine.Linter`` for files under ``config`` (built once per run; from the plain
        data of the linter cache when it is current, see ``policycache``)."""
        refs, base = self.ruleset_refs(config)
        key = (refs, base)
        if key not in self.cache:
            from .reporters import HIGHLIGHT_FORMATS

            highlights = self.options.format in HIGHLIGHT_FORMATS
            # Built-in policies resolve the same from any folder; a user's from ``base``/cwd.
            where = str(base) if base is not None else (None if refs == BUILTIN_DEFAULT else os.getcwd())
            self.cache[key] = cached_linter(refs, base, where, self.options.select, self.options.ignore, highlights)
        return self.cache[key]


def cached_linter(refs: tuple[str, ...], base: Path | None, where: str | None, select: list[str],
                  ignore: list[str], highlights: bool):
    """The ``engine.Linter`` of the policies ``refs`` (resolved from ``base``; ``where`` is what
    the cache entry is keyed by), built from the cache's plain data when it is current: the rule
    set (``policy.plain``) and the prefilters of its patterns (``analysis.prefilter``). A miss
    builds from the files and writes the entry."""
    from .engine import Linter
    from .policycache import cache_dir, entry_key, read_entry, write_entry

    def from_data(data: object):
        from .analysis.prefilter import preload, unload
        from .policy.plain import from_data as ruleset_from_data

        if not isinstance(data, dict):
            raise ValueError("a linter entry must be an object")
        taken = preload(data.get("prefilters"))  # first: preparing the rules asks for prefilters
        try:
            return Linter(ruleset_from_data(data.get("ruleset")), select=select, ignore=ignore, highlights=highlights)
        except BaseException:
            unload(taken)  # a rebuild must not use what a wrong entry said
            raise

    if cache_dir() is None:
        return Linter(load_ruleset(list(refs), base), select=select, ignore=ignore, highlights=highlights)
    key = entry_key("linter", (refs, where, tuple(select), tuple(ignore), highlights))
    linter = read_entry("linter", key, from_data)
    if linter is not None:
        return linter
    from .analysis.prefilter import known_table
    from .policy.plain import to_data

    linter = Linter(load_ruleset(list(refs), base), select=select, ignore=ignore, highlights=highlights)
    linter.prepare_for_cache()
    write_entry("linter", key, {"ruleset": to_data(linter.ruleset), "prefilters": known_table()},
                list(linter.ruleset.sources))
    return linter


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
