"""The command line: ``disclose lint | analyze | rules | explain | policy check | init | baseline |
audit | serve``.

This typer app is the only definition of every command and option; the options several commands
take are declared once, as the ``Annotated`` aliases below. Start-up is kept low for the everyday
``disclose lint FILE...`` (pre-commit and editors run it on every commit and save): at import only
typer is loaded, each command imports what it needs inside its function, and parameter values are
read without pydantic (``clivalues``).
"""

# No ``from __future__ import annotations`` here: typer reads every command's annotations at each
# start, and evaluating them from strings costs ~5 ms of a lint run.
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, List, Optional

import typer

from .clivalues import App

app = App(
    name="disclose",
    help="Lint articles for honest AI disclosure, attribution to named sources and supported claims.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
policy_app = App(help="Work with policy files.", no_args_is_help=True, add_completion=False)
app.add_typer(policy_app, name="policy")


class OutputFormat(str, Enum):
    """Formats of ``analyze``."""

    text = "text"
    json = "json"


class LintFormat(str, Enum):
    """Formats of ``lint`` (one reporter module each)."""

    text = "text"
    json = "json"
    html = "html"
    sarif = "sarif"
    github = "github"
    junit = "junit"


class FailOn(str, Enum):
    error = "error"
    warning = "warning"
    info = "info"
    never = "never"


class AIStatus(str, Enum):
    generated = "generated"
    assisted = "assisted"
    none = "none"
    unknown = "unknown"


# The options several commands share, declared once.
Policies = Annotated[Optional[List[str]], typer.Option(
    "--policy", "-p", help="Policy name or file (repeatable). Default: from config, else newsroom + eu-ai-act.")]
Config = Annotated[Optional[Path], typer.Option(
    "--config", help="Use this config file instead of searching for .disclose.yaml.")]
AI = Annotated[Optional[AIStatus], typer.Option("--ai", help="AI status of articles whose metadata does not say.")]
FailOnOption = Annotated[Optional[FailOn], typer.Option(
    "--fail-on", help="Exit 1 on violations at or above this severity (default: error).")]
Select = Annotated[Optional[List[str]], typer.Option(
    "--select", help="Only these rules (id, policy, short name or kind; repeatable).")]
Ignore = Annotated[Optional[List[str]], typer.Option("--ignore", help="Skip these rules (repeatable).")]
Output = Annotated[Optional[Path], typer.Option("--output", "-o", help="Write the report to this file.")]
StdinFilename = Annotated[Optional[str], typer.Option(
    "--stdin-filename", help="Name (and format) of the text read from stdin.")]
Sources = Annotated[Optional[List[str]], typer.Option("--sources", help=(
    "Source articles to check every article against (files or folders; the paths after it, "
    "up to the next option, or repeat it)."))]
Jobs = Annotated[Optional[int], typer.Option(
    "--jobs", "-j", min=1, help="Worker processes (default: the cores available; `lint -j 1` lints without a pool).")]


def _fail(message: str) -> None:
    """Usage, config or policy error: one clear line on stderr, exit 2."""
    typer.echo(f"disclose: {message}", err=True)
    raise typer.Exit(2)


def _value(choice: Enum | None) -> str | None:
    return choice.value if choice is not None else None


@app.command()
def lint(
    paths: List[str] = typer.Argument(None, help="Files and folders to lint ('-' reads stdin). Default: the current folder."),
    policy: Policies = None,
    config: Config = None,
    ai: AI = None,
    format: Annotated[Optional[LintFormat], typer.Option(
        "--format", "-f", help="Output format (default: text; github inside GitHub Actions).")] = None,
    output: Output = None,
    fail_on: FailOnOption = None,
    select: Select = None,
    ignore: Ignore = None,
    stdin_filename: StdinFilename = None,
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Only the violation lines, no excerpts."),
    statistics: bool = typer.Option(False, "--statistics", help="Count violations per rule."),
    # CI gate options (baseline.py, fixer.py, changed.py)
    baseline: Optional[Path] = typer.Option(None, "--baseline", help="Report only violations not in this baseline file (see `disclose baseline`)."),
    no_baseline: bool = typer.Option(False, "--no-baseline", help="Ignore the config's baseline: report every violation."),
    new_only: bool = typer.Option(False, "--new-only", help="Report only violations not in the configured baseline (config `baseline:`, else .disclose-baseline.json); it must exist."),
    fix: bool = typer.Option(False, "--fix", help="Apply the fixes that have one right answer, then report what is left."),
    diff: bool = typer.Option(False, "--diff", help="Print the fixes as a unified diff instead of writing them (exit 1 if any)."),
    changed_since: Optional[str] = typer.Option(None, "--changed-since", help="Lint only the files changed since this git ref (branch, tag or commit)."),
    jobs: Jobs = None,
    no_progress: bool = typer.Option(False, "--no-progress", help="No progress bar (it only shows on a terminal anyway)."),
    sources: Sources = None,
) -> None:
    """Lint files and folders; the main job."""
    from .reporters import default_format
    from .runner import LintOptions, run_lint

    options = LintOptions(
        paths=list(paths or ["."]), policies=list(policy or []), config=config, ai=_value(ai),
        format=_value(format) or default_format(), output=output, fail_on=_value(fail_on),
        select=list(select or []), ignore=list(ignore or []), stdin_filename=stdin_filename,
        quiet=quiet, statistics=statistics,
        baseline=baseline, no_baseline=no_baseline, new_only=new_only, changed_since=changed_since,
    )
    options.jobs, options.progress = jobs, not no_progress
    options.sources = list(sources or [])
    if fix or diff:
        from .fixer import run_fix

        fixed = run_fix(options, diff=diff)
        raise typer.Exit(fixed if diff else max(run_lint(options), fixed))
    raise typer.Exit(run_lint(options))


@app.command()
def analyze(
    paths: List[str] = typer.Argument(..., help="Files to analyse ('-' reads stdin)."),
    policy: Policies = None,
    config: Config = None,
    ai: AI = None,
    format: Annotated[OutputFormat, typer.Option(
        "--format", "-f", help="json (one object per article, JSON Lines) or text.")] = OutputFormat.json,
    output: Output = None,
    stdin_filename: StdinFilename = None,
    sources: Sources = None,
) -> None:
    """The per-article analysis: AI status, disclosures, AI tells and every sentence's attribution, vague items and claims."""
    from .runner import LintOptions, run_analyze

    options = LintOptions(paths=list(paths), policies=list(policy or []), config=config, ai=_value(ai),
                          format=format.value, output=output, stdin_filename=stdin_filename,
                          sources=list(sources or []))
    raise typer.Exit(run_analyze(options))


@app.command()
def rules(
    policy: Policies = None,
    config: Config = None,
    all_: bool = typer.Option(False, "--all", help="Also list rules turned off."),
) -> None:
    """The active rules: id, kind, severity, policy and a one-line summary."""
    from .runner import load_rules_for_cli

    ruleset = load_rules_for_cli(list(policy or []), config)
    listed = list(ruleset.rules.values()) if all_ else ruleset.active()
    width = max((len(r.id) for r in listed), default=10)
    typer.echo(f"{'RULE':<{width}}  {'KIND':<11}  {'SEVERITY':<8}  SUMMARY")
    for r in listed:
        typer.echo(f"{r.id:<{width}}  {r.kind:<11}  {r.severity:<8}  {r.summary or r.message}")
    typer.echo(f"\n{len(listed)} rules from policies: {', '.join(ruleset.policies)}")


@app.command()
def explain(
    rule_id: str = typer.Argument(..., help="A rule id (e.g. eu-ai-act/disclosure-placement), its short name, or a kind."),
    policy: Policies = None,
) -> None:
    """A rule's full documentation: why, examples, references, options. Without --policy, the rule
    as the first built-in policy that has it defines it."""
    from .runner import explain_text, load_rules_for_cli

    text = None
    if policy:
        text = explain_text(load_rules_for_cli(list(policy), None), rule_id)
    else:
        from .policy import builtin_policy_names

        # Each built-in policy on its own: a variant that overrides an inherited rule
        # (newsroom-strict) must not change how the rule reads under its own policy.
        for name in builtin_policy_names():
            text = explain_text(load_rules_for_cli([name], None), rule_id)
            if text is not None:
                break
    if text is None:
        _fail(f"no rule or kind named {rule_id!r}; `disclose rules --policy …` lists them")
    typer.echo(text)


@app.command("baseline")
def baseline_command(
    paths: List[str] = typer.Argument(None, help="Files and folders to record. Default: the current folder."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Baseline file (default: the config's `baseline:`, else .disclose-baseline.json)."),
    policy: Policies = None,
    config: Config = None,
    ai: AI = None,
    select: Select = None,
    ignore: Ignore = None,
) -> None:
    """Write the baseline file of today's violations; `lint --baseline FILE` then reports only new ones."""
    from .baseline import run_baseline
    from .runner import LintOptions

    options = LintOptions(paths=list(paths or ["."]), policies=list(policy or []), config=config,
                          ai=_value(ai), select=list(select or []), ignore=list(ignore or []))
    raise typer.Exit(run_baseline(options, output))


@app.command("init")
def init_command(
    folder: Path = typer.Argument(Path("."), help="Where to write .disclose.yaml (default: the current folder)."),
    force: bool = typer.Option(False, "--force", help="Overwrite an existing .disclose.yaml."),
) -> None:
    """Write a commented starter .disclose.yaml and print the pre-commit snippet."""
    from .starter import run_init

    raise typer.Exit(run_init(folder, force=force))


@app.command()
def audit(
    paths: List[str] = typer.Argument(..., help="Files and folders of the corpus (.jsonl files are split into records)."),
    output: Path = typer.Option(..., "--output", "-o", help="JSON Lines file: one object per article, as in the JSON report's files."),
    scheduler: str = typer.Option("local", "--scheduler", help="'local' (a LocalCluster of worker processes) or a Dask scheduler address."),
    policy: Policies = None,
    config: Config = None,
    ai: AI = None,
    fail_on: FailOnOption = None,
    select: Select = None,
    ignore: Ignore = None,
    jobs: Jobs = None,
) -> None:
    """Lint a large corpus on a Dask cluster (extra `disclose[dask]`); writes JSON Lines as it goes."""
    from .audit import run_audit
    from .runner import LintOptions

    options = LintOptions(paths=list(paths), policies=list(policy or []), config=config, ai=_value(ai),
                          format="json", fail_on=_value(fail_on), select=list(select or []),
                          ignore=list(ignore or []), jobs=jobs, progress=False)
    raise typer.Exit(run_audit(options, scheduler, output))


@app.command()
def serve(
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on (default: loopback only)."),
    port: int = typer.Option(8750, "--port", min=1, max=65535, help="Port to listen on."),
    policy: Policies = None,
    config: Config = None,
    workers: Optional[int] = typer.Option(None, "--workers", min=1, help="Worker processes (default: the cores available)."),
    max_body_mb: float = typer.Option(5.0, "--max-body-mb", min=0.001, help="Largest request body, in MB (413 above)."),
    token_file: Optional[Path] = typer.Option(None, "--token-file", help="File holding the bearer token every /v1 request must send."),
    timeout: float = typer.Option(30.0, "--timeout", min=0.1, help="Seconds a request may take before it is answered 503."),
) -> None:
    """Run the check service content systems call before publishing (extra `disclose-lint[serve]`)."""
    try:
        from .service import ServeSettings, read_token, serve as run_service
    except ImportError as exc:
        _fail(f"the service needs the serve extra (pip install 'disclose-lint[serve]'): {exc}")
    token = None
    if token_file is not None:
        try:
            token = read_token(token_file)
        except (OSError, ValueError) as exc:
            _fail(f"--token-file: {exc}")
    if config is not None and not config.is_file():
        _fail(f"--config: {config} is not a file")
    from .api import InvalidInput, UnknownOption

    settings = ServeSettings(host=host, port=port, policies=list(policy or []), config=config, workers=workers,
                             max_body_mb=max_body_mb, token=token, timeout=timeout)
    try:
        raise typer.Exit(run_service(settings))
    except (UnknownOption, InvalidInput) as exc:
        _fail(str(exc))


@policy_app.command("check")
def policy_check(files: List[Path] = typer.Argument(..., help="Policy files to validate.")) -> None:
    """Validate policy files; errors name file:line and the offending key."""
    from .policy import PolicyError, load_ruleset

    failed = False
    for f in files:
        try:
            rs = load_ruleset([str(f)])
        except PolicyError as exc:
            typer.echo(str(exc), err=True)
            failed = True
            continue
        typer.echo(f"{f}: ok ({len(rs.active())} active rules, policies: {', '.join(rs.policies)})")
    raise typer.Exit(2 if failed else 0)


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        typer.echo("disclose: interrupted", err=True)
        sys.exit(130)
