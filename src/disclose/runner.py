"""Running a lint or an analysis: paths -> documents -> results -> reporter -> exit code.

The CLI only parses options; this module does the work, so that tests, the pre-commit hook and
the Dask audit share one code path. It is the top of the run: it puts together the building
blocks below it (``options``, ``inputs``, ``linting``, ``parallel``, ``baseline``, ``changed``)
and nothing in the run imports it.
"""

from __future__ import annotations

import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, TextIO

from . import runlog
from .config import config_for
from .inputs import iter_documents, prepare_sources, probe_path
from .linting import Linters, ai_override, exit_code
from .model import InputError
from .options import LintOptions, UsageError, report_run_error
from .policy import BUILTIN_DEFAULT, PolicyError, RuleSet, load_ruleset


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


def run_lint(options: LintOptions) -> int:
    """Lint, report, and return the exit code (contract §3)."""
    from .parallel import lint_in_order
    from .reporters import get_reporter

    explicit = options.config.resolve() if options.config else None
    prepare_sources(options)
    linters = Linters(options)
    per_file: list[dict] = []
    errors = 0
    try:
        here = config_for(probe_path(options.paths), explicit)
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
            for item in lint_in_order(options, linters, explicit):
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
    linters = Linters(options)
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
                    analysis = linter.analyzer.analyze(item, ai_override(options, config, item.path))
                except InputError as exc:
                    errors += 1
                    print(str(exc), file=sys.stderr)
                    continue
                except Exception as exc:  # noqa: BLE001 -- as in linting.lint_document: report, go on
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
