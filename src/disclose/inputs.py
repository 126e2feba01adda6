"""The inputs of a run: the paths given on the command line turned into files (or standard
input) to read, each with the config that governs it, and then into documents.

Folders are walked by ``readers.iter_files``; a file the config excludes is skipped unless it was
named on the command line; the report being written and the ``--sources`` articles are never
linted. Used by ``parallel`` (which cuts the inputs into chunks), ``progress`` (file sizes for the
bar), ``runner``, ``baseline`` and ``fixer``; imports nothing above it.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Iterator

from .config import Config, config_for
from .model import Document, InputError
from .options import LintOptions


def prepare_sources(options: LintOptions) -> None:
    """Expand ``--sources`` folders once per run (a missing path stays, to be reported per article)."""
    if options.sources:
        from .sourcing import expand

        options.sources = expand(options.sources)
        options.source_paths = frozenset(Path(p).resolve() for p in options.sources)


def probe_path(paths: list[str]) -> str:
    """A path whose config governs the run's defaults (report header, fail_on): the first input's."""
    first = paths[0] if paths and paths[0] != "-" else "."
    return str(Path(first) / "x") if Path(first).is_dir() else first


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
