"""The ``disclose`` command's entry point: ``disclose lint`` without typer on the everyday path.

typer builds its command line from type hints, with pydantic, which costs about 0.15 s before
anything is linted -- more than linting a file. pre-commit and editors run ``disclose lint
FILE...`` on every commit and every save, so that command line is read here by a strict little
parser that knows lint's options (``LINT_OPTIONS``, the same as ``cli.lint``'s) and hands
anything else -- other commands, ``--help``, an unknown, malformed or unusual option -- to the
typer app, which then answers exactly as it always does (usage errors included). A test checks
that both read every supported command line the same.
"""

from __future__ import annotations

import sys
from pathlib import Path

#: lint's options: name -> (parameter, kind). Kinds: "flag"; "text"; "path"; "many" (repeatable
#: text); "jobs" (an integer >= 1); or a tuple of allowed values (typer's enum choices).
LINT_OPTIONS: dict[str, tuple[str, object]] = {
    "--policy": ("policy", "many"), "-p": ("policy", "many"),
    "--config": ("config", "path"),
    "--ai": ("ai", ("generated", "assisted", "none", "unknown")),
    "--format": ("format", ("text", "json", "html", "sarif", "github", "junit")),
    "-f": ("format", ("text", "json", "html", "sarif", "github", "junit")),
    "--output": ("output", "path"), "-o": ("output", "path"),
    "--fail-on": ("fail_on", ("error", "warning", "info", "never")),
    "--select": ("select", "many"),
    "--ignore": ("ignore", "many"),
    "--stdin-filename": ("stdin_filename", "text"),
    "--quiet": ("quiet", "flag"), "-q": ("quiet", "flag"),
    "--statistics": ("statistics", "flag"),
    "--baseline": ("baseline", "path"),
    "--no-baseline": ("no_baseline", "flag"),
    "--new-only": ("new_only", "flag"),
    "--fix": ("fix", "flag"),
    "--diff": ("diff", "flag"),
    "--changed-since": ("changed_since", "text"),
    "--jobs": ("jobs", "jobs"), "-j": ("jobs", "jobs"),
    "--no-progress": ("no_progress", "flag"),
    "--sources": ("sources", "many"),
}


def lint_defaults() -> dict:
    """lint's parameters before any option: what ``cli.lint`` receives from typer."""
    return {"paths": None, "policy": None, "config": None, "ai": None, "format": None, "output": None,
            "fail_on": None, "select": None, "ignore": None, "stdin_filename": None, "quiet": False,
            "statistics": False, "baseline": None, "no_baseline": False, "new_only": False, "fix": False,
            "diff": False, "changed_since": None, "jobs": None, "no_progress": False, "sources": None}


def parse_lint(args: list[str]) -> dict | None:
    """lint's parameters from its arguments, or None for anything this parser does not handle
    exactly as typer/click would (then typer reads the command line)."""
    params = lint_defaults()
    paths: list[str] = []
    i = 0
    while i < len(args):
        arg = args[i]
        i += 1
        if arg == "-" or not arg.startswith("-"):
            paths.append(arg)
            continue
        name, eq, value = arg.partition("=") if arg.startswith("--") else (arg, "", "")
        if name not in LINT_OPTIONS:
            return None  # --help, --, -pX, an unknown option: typer's business
        param, kind = LINT_OPTIONS[name]
        if kind == "flag":
            if eq:
                return None
            params[param] = True
            continue
        if not eq:
            if i == len(args):
                return None  # missing value: typer reports it
            value = args[i]
            i += 1
        if not value or (value.startswith("-") and value != "-"):
            return None
        if kind == "many":
            params[param] = [*(params[param] or []), value]
        elif kind == "path":
            params[param] = Path(value)
        elif kind == "jobs":
            if not value.isascii() or not value.isdigit() or int(value) < 1:
                return None
            params[param] = int(value)
        elif isinstance(kind, tuple):
            if value not in kind:
                return None
            params[param] = value
        else:
            params[param] = value
    params["paths"] = paths or None
    return params


def run_lint_command(paths, policy, config, ai, format, output, fail_on, select, ignore, stdin_filename,
                     quiet, statistics, baseline, no_baseline, new_only, fix, diff, changed_since, jobs,
                     no_progress, sources=None) -> int:
    """``disclose lint`` with its parsed parameters (choices as plain strings); the exit code."""
    from .reporters import default_format
    from .runner import LintOptions, run_lint

    options = LintOptions(
        paths=list(paths or ["."]), policies=list(policy or []), config=config, ai=ai,
        format=format or default_format(), output=output, fail_on=fail_on,
        select=list(select or []), ignore=list(ignore or []), stdin_filename=stdin_filename,
        quiet=quiet, statistics=statistics,
        baseline=baseline, no_baseline=no_baseline, new_only=new_only, changed_since=changed_since,
    )
    options.jobs, options.progress = jobs, not no_progress
    options.sources = list(sources or [])
    if fix or diff:
        from .fixer import run_fix

        fixed = run_fix(options, diff=diff)
        if diff:
            return fixed
        return max(run_lint(options), fixed)
    return run_lint(options)


def spread_sources(args: list[str]) -> list[str]:
    """``--sources A B C`` (every path after it up to the next option or ``--``) as
    ``--sources A --sources B --sources C``, which both parsers read (contract §8)."""
    if not args or args[0] not in ("lint", "analyze") or "--sources" not in args:
        return args
    out, i = [args[0]], 1
    while i < len(args):
        arg = args[i]
        out.append(arg)
        i += 1
        if arg == "--":
            out.extend(args[i:])
            break
        if arg == "--sources":
            first = True
            while i < len(args) and (not args[i].startswith("-") or args[i] == "-") and args[i] != "--":
                if not first:
                    out.append("--sources")
                out.append(args[i])
                first = False
                i += 1
    return out


def main() -> None:
    sys.argv[1:] = spread_sources(sys.argv[1:])
    args = sys.argv[1:]
    params = parse_lint(args[1:]) if args[:1] == ["lint"] else None
    if params is None:
        from .cli import main as typer_main

        typer_main()
        return
    try:
        code = run_lint_command(**params)
    except KeyboardInterrupt:
        print("disclose: interrupted", file=sys.stderr)
        code = 130
    sys.stdout.flush()
    sys.exit(code)
