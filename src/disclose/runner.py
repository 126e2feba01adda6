"""Running a lint or an analysis: paths -> documents -> results -> reporter -> exit code.

The CLI only parses options; this module does the work, so that tests, the pre-commit hook and
the Dask audit share one code path.
"""

from __future__ import annotations

import os
import sys
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator, TextIO

from . import runlog
from .config import Config, apply_overrides, config_for
from .model import SEVERITY_RANK, Document, InputError
from .policy import BUILTIN_DEFAULT, PolicyError, RuleSet, load_ruleset


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
    #: expanded to files once, by ``prepare_sources``).
    sources: list[str] = field(default_factory=list)
    #: The resolved paths of ``sources`` (set by ``prepare_sources``), never linted as articles.
    source_paths: frozenset = frozenset()


def prepare_sources(options: LintOptions) -> None:
    """Expand ``--sources`` folders once per run (a missing path stays, to be reported per article)."""
    if options.sources:
        from .sourcing import expand

        options.sources = expand(options.sources)
        options.source_paths = frozenset(Path(p).resolve() for p in options.sources)


class UsageError(Exception):
    """Bad options or configuration: reported as one line, exit 2."""


def report_run_error(exc: Exception) -> int:
    """A usage or policy error stops the run: one line on stderr, exit code 2."""
    print(str(exc) if isinstance(exc, PolicyError) else f"disclose: {exc}", file=sys.stderr)
    return 2


class _Linters:
    """One Linter per distinct (policies, config) pair; files usually share one."""

    def __init__(self, options: LintOptions):
        self.options = options
        self.cache: dict[tuple, object] = {}

    def ruleset_refs(self, config: Config) -> tuple[tuple[str, ...], Path | None]:
        if self.options.policies:
            return tuple(self.options.policies), Path.cwd()
        if config.policies:
            return tuple(config.policies), config.root
        return BUILTIN_DEFAULT, None

    def for_config(self, config: Config):
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


def load_rules_for_cli(policies: list[str], config_path: Path | None) -> RuleSet:
    """The rule set the CLI would use in the current folder; exits 2 on a policy error."""
    import typer

    try:
        config = config_for(str(Path.cwd() / "x"), config_path.resolve() if config_path else None)
        refs = policies or config.policies or list(BUILTIN_DEFAULT)
        return load_ruleset(list(refs), Path.cwd() if policies else config.root)
    except PolicyError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(2) from None


@contextmanager
def _open_output(path: Path | None) -> Iterator[TextIO]:
    if path is None:
        yield sys.stdout
        return
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        yield fh


def iter_inputs(options: LintOptions, explicit_config: Path | None) -> Iterator[tuple[str | InputError, Config]]:
    """Every input to read -- a file path, ``-`` for stdin, or an input error -- with its config."""
    from . import readers

    for item in options.paths:
        if item == "-":
            name = options.stdin_filename or "-"
            yield "-", config_for(name if name != "-" else str(Path.cwd() / "stdin"), explicit_config)
            continue
        for path in readers.iter_files([item]):
            if isinstance(path, InputError):
                yield path, Config()
                continue
            if options.output is not None and Path(path).resolve() == Path(options.output).resolve():
                continue  # the report being written (e.g. report.html in the linted folder)
            if options.source_paths and Path(path).resolve() in options.source_paths:
                continue  # a source article given by --sources is checked against, not linted
            config = config_for(path, explicit_config)
            if not config.included(path) and Path(path).as_posix() != Path(item).as_posix():
                continue
            yield path, config


def iter_documents(options: LintOptions, explicit_config: Path | None) -> Iterator[tuple[Document | InputError, Config]]:
    """Every document (or input error) to lint, with the config that governs it."""
    from . import readers

    for item, config in iter_inputs(options, explicit_config):
        if isinstance(item, InputError):
            yield item, config
        elif item == "-":
            for doc in readers.read_stdin(sys.stdin.buffer, options.stdin_filename):
                yield doc, config
        else:
            for doc in readers.read_path(item):
                yield doc, config


def _ai_override(options: LintOptions, config: Config, path: str) -> tuple[str, str] | None:
    if options.ai:
        return options.ai, "cli"
    status = config.ai_for(path)
    return (status, "config") if status else None


def exit_code(summary: dict, errors: int, fail_on: str) -> int:
    if errors:
        return 2
    if fail_on == "never":
        return 0
    threshold = SEVERITY_RANK[fail_on]
    worst = max((SEVERITY_RANK[s] for s in ("error", "warning", "info") if summary.get(s)), default=0)
    return 1 if worst >= threshold else 0


def _probe_path(paths: list[str]) -> str:
    """A path whose config governs the run's defaults (report header, fail_on): the first input's."""
    first = paths[0] if paths and paths[0] != "-" else "."
    return str(Path(first) / "x") if Path(first).is_dir() else first


def lint_results(options: LintOptions, linters: _Linters, explicit: Path | None) -> Iterator[object]:
    """Every input linted, in input order: a ``FileResult`` per article, an ``InputError`` per
    unreadable file or record. This is the one place that turns inputs into results; with
    ``options.jobs`` other than 1 the work is spread over a pool of processes (``parallel.py``)."""
    from .parallel import lint_in_order

    yield from lint_in_order(options, linters, explicit)


def lint_document(options: LintOptions, linters: _Linters, config: Config, doc: Document):
    """Lint one read document under its config (in this process or in a worker). An unexpected
    exception becomes that document's input error: one odd file must not stop a newsroom's CI."""
    try:
        if doc.source_refs or options.sources:
            from .sourcing import attach

            attach(doc, options.sources)
        result = linters.for_config(config).lint(doc, _ai_override(options, config, doc.path))
        result.violations = apply_overrides(config, doc.path, result.violations)
    except PolicyError:
        raise  # the run's configuration is wrong: exit 2 with its own message
    except InputError as exc:
        return exc  # a source that cannot be read
    except Exception as exc:  # noqa: BLE001
        return InputError.internal(doc.path, exc, record=doc.id)
    return result


def run_lint(options: LintOptions) -> int:
    """Lint, report, and return the exit code (contract §3)."""
    from .reporters import get_reporter

    explicit = options.config.resolve() if options.config else None
    prepare_sources(options)
    linters = _Linters(options)
    per_file: list[dict] = []
    errors = 0
    try:
        here = config_for(_probe_path(options.paths), explicit)
        fail_on = options.fail_on or here.fail_on or "error"
        policies = linters.for_config(here).ruleset.policies
        baseline = None
        if options.changed_since or options.baseline or options.new_only or here.baseline:
            from .baseline import open_baseline
            from .changed import changed_paths

            if options.changed_since:
                options.paths = changed_paths(options.changed_since, options.paths, explicit)
            baseline = open_baseline(options, here, policies)
        with _open_output(options.output) as stream:
            reporter = get_reporter(options.format, stream, policies=policies,
                                    quiet=options.quiet, statistics=options.statistics,
                                    rules=lambda: [r for lt in linters.cache.values() for r in lt.ruleset.rules.values()])
            for item in lint_results(options, linters, explicit):
                if isinstance(item, InputError):
                    errors += 1
                    reporter.error(item)
                    continue
                for w in item.warnings:
                    _warn(f"{item.path}: {w}")
                if baseline is not None:
                    baseline.filter(item)
                reporter.file(item)
                per_file.append(_counts(item))
            for message in runlog.drain():
                _warn(message)
            summary = _merge_counts(per_file, errors)
            if baseline is not None:
                baseline.summarise(summary)
            reporter.finish(summary)
    except (UsageError, PolicyError) as exc:
        return report_run_error(exc)
    except OSError as exc:
        print(f"disclose: cannot write report: {exc}", file=sys.stderr)
        return 2
    return exit_code(summary, errors, fail_on)


def _warn(message: str) -> None:
    print(f"warning: {message}", file=sys.stderr)


def _counts(result) -> dict:
    c = {"error": 0, "warning": 0, "info": 0}
    for v in result.violations:
        c[v.severity] += 1
    return c


def _merge_counts(per_file: list[dict], errors: int) -> dict:
    total = {"files": len(per_file), "violations": 0, "error": 0, "warning": 0, "info": 0}
    for c in per_file:
        for k in ("error", "warning", "info"):
            total[k] += c[k]
    total["violations"] = total["error"] + total["warning"] + total["info"]
    if errors:
        total["input_errors"] = errors
    return total


def run_analyze(options: LintOptions) -> int:
    import json

    from .reporters.analysis import analysis_dict, text_view
    from .reporters.text import use_colour

    explicit = options.config.resolve() if options.config else None
    prepare_sources(options)
    linters = _Linters(options)
    errors = 0
    try:
        with _open_output(options.output) as stream:
            for item, config in iter_documents(options, explicit):
                if isinstance(item, InputError):
                    errors += 1
                    print(str(item), file=sys.stderr)
                    continue
                linter = linters.for_config(config)
                try:
                    if item.source_refs or options.sources:
                        from .sourcing import attach

                        attach(item, options.sources)
                    analysis = linter.analyzer.analyze(item, _ai_override(options, config, item.path))
                except InputError as exc:
                    errors += 1
                    print(str(exc), file=sys.stderr)
                    continue
                except Exception as exc:  # noqa: BLE001 -- as in lint_results: report, go on
                    errors += 1
                    print(str(InputError.internal(item.path, exc, record=item.id)), file=sys.stderr)
                    continue
                for w in item.warnings:
                    _warn(f"{item.path}: {w}")
                if options.format == "json":
                    stream.write(json.dumps(analysis_dict(analysis), ensure_ascii=False) + "\n")
                else:
                    stream.write(text_view(analysis, use_colour(stream)) + "\n")
    except PolicyError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    return 2 if errors else 0


def explain_text(ruleset: RuleSet, name: str) -> str | None:
    """Documentation of a rule (by id or short name) or of a check kind."""
    import inspect

    from . import checks

    matches = [r for r in ruleset.rules.values() if name in (r.id, r.name)]
    if not matches:
        if name in checks.kinds():
            return f"kind: {name}\n\n" + inspect.cleandoc(checks.get(name).__doc__ or "")
        return None
    parts = []
    for r in matches:
        kind_doc = inspect.cleandoc(checks.get(r.kind).__doc__ or "")
        opts = ", ".join(f"{k}={v!r}" for k, v in r.options.items())
        parts.append("\n".join([
            f"{r.id}  ({r.kind}, {r.severity})",
            "=" * (len(r.id) + len(r.kind) + len(r.severity) + 6),
            r.summary or "",
            "",
            (r.doc or "").rstrip(),
            "",
            f"Message:   {r.message}",
            f"Reference: {r.reference or '-'}",
            f"Applies:   {r.when or 'always'}" + (f"; sections {', '.join(r.sections)}" if r.sections else ""),
            f"Options:   {opts or '-'}",
            f"Fix:       {r.fix or '-'}",
            f"Defined:   {r.path}:{r.line}",
            "",
            f"About the `{r.kind}` kind",
            "-" * (len(r.kind) + 17),
            kind_doc,
        ]))
    return "\n\n".join(parts)
