"""The Python API (contract §9): lint or analyse an article held in memory, or files on disk.

Ingest jobs, notebooks and Airflow tasks call these instead of shelling out to the CLI, and the
check service (``disclose serve``) is a thin HTTP layer over them::

    import disclose

    report = disclose.lint_text(text, format="md", path="story.md", policies=["newsroom"])
    for v in report["files"][0]["violations"]:
        print(v["line"], v["rule"], v["message"])

    analysis = disclose.analyze_text(text, sources=[{"title": "SANA", "text": source_text}])
    report = disclose.lint_paths(["content/"], policies=["eu-ai-act"], jobs=1)

``lint_text`` returns the §4 report for one article (``files`` has one entry, ``path`` as given),
``analyze_text`` the §5 object, ``lint_paths`` the §4 report of everything ``disclose lint`` would
read there. Linters are built once per process for each set of policies and reused.

Errors: ``UnknownOption`` (a ``ValueError``) for an unknown format, AI status or policy, or a
policy given as a path where ``allow_policy_files`` is false (the service); ``InvalidInput``
(a ``ValueError``) for text or sources of the wrong type and for an article or source that cannot
be read (its message names it). Nothing is written anywhere; no text is kept after the call.
"""

from __future__ import annotations

import os
import re
import threading
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

from .version import __version__

#: Formats an in-memory article may have (files are read by extension, as by the CLI).
TEXT_FORMATS = ("txt", "md", "html")
AI_STATUSES = ("generated", "assisted", "none", "unknown")
#: A built-in policy name: letters, digits and dashes (no path separators, no dots).
_POLICY_NAME = re.compile(r"[a-z0-9][a-z0-9-]{0,63}")


class UnknownOption(ValueError):
    """An unknown format, AI status or policy (HTTP 422 in the service)."""


class InvalidInput(ValueError):
    """Text or sources of the wrong type, or an article or source that cannot be read (HTTP 400)."""


_LOCK = threading.Lock()
_LINTERS: dict[tuple, Any] = {}


def _policy_refs(policies: Sequence[str] | None, allow_policy_files: bool) -> tuple[str, ...]:
    from .policy import BUILTIN_DEFAULT, builtin_policy_names

    if policies is None:
        return tuple(BUILTIN_DEFAULT)
    if isinstance(policies, str) or not all(isinstance(p, str) for p in policies):
        raise InvalidInput("'policies' must be a list of policy names")
    if not policies:
        raise UnknownOption("'policies' is empty: name at least one policy")
    known = set(builtin_policy_names())
    for ref in policies:
        if ref in known:
            continue
        looks_like_file = not _POLICY_NAME.fullmatch(ref)
        if looks_like_file and allow_policy_files and os.path.isfile(ref):
            continue
        if looks_like_file and not allow_policy_files:
            raise UnknownOption(f"policy {ref[:80]!r}: only built-in policy names are accepted here "
                                f"({', '.join(sorted(known))})")
        raise UnknownOption(f"unknown policy {ref[:80]!r} (built-in: {', '.join(sorted(known))})")
    return tuple(policies)


def _config(config: str | os.PathLike | None, path: str):
    """The project configuration governing ``path``: the one given, else none (an in-memory
    article is not under any folder)."""
    from .config import Config, config_for
    from .policy import PolicyError

    if config is None:
        return Config()
    try:
        return config_for(str(Path.cwd() / path), Path(config).resolve())
    except PolicyError as exc:
        raise InvalidInput(str(exc)) from None


def linter_for(policies: Sequence[str] | None = None, *, allow_policy_files: bool = True,
               config: str | os.PathLike | None = None):
    """The ``Linter`` for ``policies`` (default: the configuration's, else the built-in default
    set), built once per process -- by the run's ``linting.Linters``, as for the CLI, through the
    linter cache -- and shared by every later call."""
    from .linting import Linters
    from .options import LintOptions
    from .policy import PolicyError

    refs = None if policies is None else _policy_refs(policies, allow_policy_files)
    key = (refs, os.fspath(config) if config is not None else None)
    cfg = _config(config, "x")
    with _LOCK:
        linters = _LINTERS.get(key)
        if linters is None:
            linters = _LINTERS[key] = Linters(LintOptions(paths=[], policies=list(refs or [])))
        try:
            return linters.for_config(cfg)
        except PolicyError as exc:
            raise UnknownOption(str(exc)) from None


def _document(text: Any, format: str, path: str | None, metadata: Mapping | None, sources: Any):
    from . import readers
    from .model import InputError
    from .readers.sources import source_refs
    from .sourcing import attach

    if not isinstance(text, str):
        raise InvalidInput(f"'text' must be a string, got {type(text).__name__}")
    if format not in TEXT_FORMATS:
        raise UnknownOption(f"unknown format {str(format)[:40]!r} (expected one of {', '.join(TEXT_FORMATS)})")
    if path is not None and not isinstance(path, str):
        raise InvalidInput("'path' must be a string")
    if metadata is not None and not isinstance(metadata, Mapping):
        raise InvalidInput("'metadata' must be an object")
    name = path or f"article.{format}"
    try:
        doc = readers.parse(text, name, format, metadata=dict(metadata) if metadata else None)
        if sources is not None:
            try:
                refs = source_refs(sources, strings_are_text=True)
            except ValueError as exc:
                raise InvalidInput(str(exc)) from None
            doc.source_refs = list(doc.source_refs) + refs
        if doc.source_refs:
            attach(doc)
    except InputError as exc:
        raise InvalidInput(str(exc)) from None
    return doc


def _override(ai: str | None, cfg, path: str):
    if ai is None:
        status = cfg.ai_for(path)
        return (status, "config") if status else None
    if ai not in AI_STATUSES:
        raise UnknownOption(f"unknown AI status {str(ai)[:40]!r} (expected one of {', '.join(AI_STATUSES)})")
    return ai, "cli"


def lint_text(text: str, *, format: str = "txt", path: str | None = None, metadata: Mapping | None = None,
              sources: Sequence[Any] | None = None, policies: Sequence[str] | None = None,
              ai: str | None = None, config: str | os.PathLike | None = None,
              allow_policy_files: bool = True) -> dict:
    """Lint one article held in memory; the §4 report with one entry in ``files``.

    ``sources``: source articles to check it against (texts, or ``{"title", "url", "text"}``);
    ``ai``: its AI status when its metadata does not say; ``policies``: built-in names or files;
    ``config``: a project configuration file (its policies, AI status and per-path overrides
    apply, as for ``disclose lint --config``)."""
    from .config import apply_overrides

    name = path or f"article.{format}"
    cfg = _config(config, name)
    override = _override(ai, cfg, name)
    linter = linter_for(policies, allow_policy_files=allow_policy_files, config=config)
    doc = _document(text, format, path, metadata, sources)
    result = linter.lint(doc, override)
    result.violations = apply_overrides(cfg, name, result.violations)
    counts = {s: 0 for s in ("error", "warning", "info")}
    for v in result.violations:
        counts[v.severity] += 1
    return {"version": 1, "tool": {"name": "disclose", "version": __version__},
            "policies": list(linter.ruleset.policies), "files": [result.as_dict()], "errors": [],
            "summary": {"files": 1, "violations": sum(counts.values()), **counts}}


def analyze_text(text: str, *, format: str = "txt", path: str | None = None, metadata: Mapping | None = None,
                 sources: Sequence[Any] | None = None, policies: Sequence[str] | None = None,
                 ai: str | None = None, config: str | os.PathLike | None = None,
                 allow_policy_files: bool = True) -> dict:
    """The §5 analysis of one article held in memory (same arguments as ``lint_text``)."""
    from .reporters.analysis import analysis_dict

    name = path or f"article.{format}"
    override = _override(ai, _config(config, name), name)
    linter = linter_for(policies, allow_policy_files=allow_policy_files, config=config)
    doc = _document(text, format, path, metadata, sources)
    return analysis_dict(linter.analyzer.analyze(doc, override))


def rules(policies: Sequence[str] | None = None, *, allow_policy_files: bool = True,
          config: str | os.PathLike | None = None) -> list[dict]:
    """The active rules of ``policies``: id, kind, severity and summary."""
    linter = linter_for(policies, allow_policy_files=allow_policy_files, config=config)
    out = []
    for rule in linter.rules:
        out.append({"id": rule.id, "kind": rule.kind, "severity": rule.severity,
                    "summary": " ".join((rule.summary or "").split())})
    return out


def lint_paths(paths: Iterable[str | os.PathLike], **options: Any) -> dict:
    """Lint files and folders as ``disclose lint`` does; the §4 report as a dict.

    ``options`` are ``lint``'s, by their Python names: ``policies``, ``config``, ``ai``,
    ``select``, ``ignore``, ``fail_on``, ``sources``, ``jobs`` (default 1: in this process)... The
    report's ``exit_code`` entry is what the CLI would exit with."""
    import io
    import json

    from .options import LintOptions
    from .runner import run_lint

    paths = [os.fspath(p) for p in ([paths] if isinstance(paths, (str, os.PathLike)) else paths)]
    known = set(LintOptions.__dataclass_fields__) - {"paths", "format", "output", "progress"}
    unknown = sorted(set(options) - known)
    if unknown:
        raise TypeError(f"lint_paths() got unknown options: {', '.join(unknown)}")
    if "config" in options and options["config"] is not None:
        options["config"] = Path(options["config"])
    options.setdefault("jobs", 1)
    opts = LintOptions(paths=paths, format="json", progress=False, **options)
    buffer = io.StringIO()
    code = _run_to(buffer, run_lint, opts)
    text = buffer.getvalue()
    if not text.strip():
        raise UnknownOption(f"lint failed before reporting (exit {code})")
    report = json.loads(text)
    report["exit_code"] = code
    return report


def _run_to(buffer, run, opts) -> int:
    """``run(opts)`` with its report written into ``buffer`` instead of stdout."""
    import contextlib

    with contextlib.redirect_stdout(buffer):
        return run(opts)
