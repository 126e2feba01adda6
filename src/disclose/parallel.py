"""Linting many articles: cut the inputs into chunks, lint them on a worker pool, and hand the
results back in input order.

The main process only walks folders and cuts JSON Lines files into chunks of raw lines (cheap, and
it streams: at most ``IN_FLIGHT_PER_WORKER`` chunks per worker are ever waiting); the workers read,
parse, analyse and check. There is one pool for the whole run, never a process per file; each
worker keeps its ``Linter`` (compiled rules) for every chunk it gets. On Linux the workers are
forked from the main process after it has built its ``Linter``, so they start with the rules
already loaded; elsewhere each worker builds its own once.

``lint_chunk`` is the unit of work, shared by the local pool, the in-process path (``--jobs 1``,
or an input too small to be worth a pool) and the Dask audit (``audit.py``), so all three give
the same results.
"""

from __future__ import annotations

import os
import sys
from collections import deque
from dataclasses import dataclass
from typing import Any, Iterator

from .config import Config
from .model import InputError

#: A chunk is this many files, or this many JSONL records, or about this much text.
FILES_PER_CHUNK = 8
RECORDS_PER_CHUNK = 64
CHUNK_CHARS = 256 * 1024
#: Chunks submitted ahead of the one being reported, per worker (bounds memory on huge corpora).
IN_FLIGHT_PER_WORKER = 4


@dataclass(slots=True)
class Task:
    """One input for a worker: a file, a run of JSONL lines of one file, or stdin's bytes."""

    kind: str  # file | records | stdin | data (a file's bytes, read by the main process)
    path: str
    config: Config
    payload: Any = None  # records: [(line number, text, warnings)]; stdin, data: bytes
    size: int = 0  # bytes (characters for records), for the progress bar


@dataclass(slots=True)
class PolicyFailure:
    """A worker met a bad policy or config: re-raised as ``PolicyError`` in the main process
    (``PolicyError`` itself does not survive pickling)."""

    path: str
    line: int | None
    message: str


def default_jobs() -> int:
    """The cores this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # macOS, Windows
        return max(1, os.cpu_count() or 1)


def iter_tasks(options, explicit: Any) -> Iterator[Task | InputError]:
    """The inputs of a run as tasks, in input order; JSON Lines files are cut into record runs."""
    from .readers import format_for
    from .readers.jsonl import record_lines
    from .inputs import iter_inputs

    for item, config in iter_inputs(options, explicit):
        if isinstance(item, InputError):
            yield item
        elif item == "-":
            data = sys.stdin.buffer.read()
            yield Task("stdin", options.stdin_filename or "-", config, data, len(data))
        elif format_for(item) != "jsonl":
            yield Task("file", item, config, None, _size(item))
        else:
            try:
                fh = open(item, "rb")
            except OSError:
                yield Task("file", item, config)  # the reader reports why it cannot be read
                continue
            with fh:
                lines: list = []
                chars = 0
                for line in record_lines(fh, item):
                    lines.append(line)
                    chars += len(line[1] or "") + 1
                    if len(lines) >= RECORDS_PER_CHUNK or chars >= CHUNK_CHARS:
                        yield Task("records", item, config, lines, chars)
                        lines, chars = [], 0
                if lines:
                    yield Task("records", item, config, lines, chars)


def iter_chunks(tasks: Iterator[Task | InputError]) -> Iterator[list[Task] | InputError]:
    """Group tasks into chunks (a few files, or one run of records); input errors pass through
    in their place."""
    pending: list[Task] = []
    size = 0
    for task in tasks:
        if isinstance(task, InputError) or task.kind != "file":
            if pending:
                yield pending
                pending, size = [], 0
            yield task if isinstance(task, InputError) else [task]
            continue
        pending.append(task)
        size += task.size
        if len(pending) >= FILES_PER_CHUNK or size >= CHUNK_CHARS:
            yield pending
            pending, size = [], 0
    if pending:
        yield pending


def _size(path: str) -> int:
    try:
        return os.path.getsize(path)
    except OSError:
        return 0


# -- the worker side ---------------------------------------------------------------------------

#: The worker's linters (``linting.Linters``): inherited from the main process when forked,
#: built by ``init_worker`` otherwise. One per process, reused for every chunk.
_linters: Any = None


def init_worker(options) -> None:
    """Give this worker process its linters for ``options`` (kept while the options stay the
    same): the local pool's initializer, and the first step of a Dask audit task."""
    global _linters
    if _linters is None or _linters.options != options:
        from .linting import Linters

        _linters = Linters(options)


def _documents(task: Task, options) -> Iterator[Any]:
    from . import readers

    if task.kind == "records":
        return readers.read_jsonl_lines(task.payload, task.path)
    if task.kind == "stdin":
        return readers.read_stdin(task.payload, options.stdin_filename)
    if task.kind == "data":
        return readers.read_data(task.payload, task.path)
    return readers.read_path(task.path)


def lint_chunk(chunk: list[Task], linters: Any = None) -> tuple[list, list[str]]:
    """Lint a chunk: ``(results in order, run warnings)``. Results are ``FileResult``s and
    ``InputError``s (or one ``PolicyFailure``). Picklable both ways."""
    from . import runlog
    from .policy import PolicyError
    from .linting import lint_document

    linters = linters or _linters
    out: list = []
    try:
        for task in chunk:
            try:
                for doc in _documents(task, linters.options):
                    if isinstance(doc, InputError):
                        out.append(doc)
                    else:
                        out.append(lint_document(linters.options, linters, task.config, doc))
            except PolicyError:
                raise
            except Exception as exc:  # noqa: BLE001 -- a reader failure is that input's error, never the run's
                out.append(InputError.internal(task.path, exc))
    except PolicyError as exc:
        return [PolicyFailure(exc.path, exc.line, exc.message)], runlog.drain()
    return out, runlog.drain()


def settle(outcome: tuple[list, list[str]]) -> list:
    """The main process's side of ``lint_chunk``: re-file warnings, re-raise policy errors."""
    from . import runlog
    from .policy import PolicyError

    items, messages = outcome
    for message in messages:
        runlog.warn_once(message)
    if items and isinstance(items[0], PolicyFailure):
        raise PolicyError(items[0].path, items[0].line, items[0].message)
    return items


# -- the main side -----------------------------------------------------------------------------


def lint_in_order(options, linters, explicit: Any) -> Iterator[Any]:
    """Every input linted, in input order: a ``FileResult`` per article, an ``InputError`` per
    unreadable file or record. This is the one place that turns a run's inputs into results (for
    ``lint`` and ``baseline``); with ``options.jobs`` other than 1 the work is spread over a pool
    of processes."""
    from .progress import Progress

    global _linters
    _linters = linters  # what forked workers inherit (and the in-process path uses)
    jobs = options.jobs or default_jobs()
    progress = Progress.for_run(options, explicit)
    chunks = iter_chunks(iter_tasks(options, explicit))
    try:
        if jobs <= 1:
            for chunk in chunks:
                yield from progress.report(_run_here(chunk, linters), chunk)
            return
        # A pool costs a fork per worker: an input of one chunk (one file, a pre-commit run on a
        # few files) is linted here.
        head: list = []
        for chunk in chunks:
            head.append(chunk)
            if sum(isinstance(c, list) for c in head) > 1:
                break
        if sum(isinstance(c, list) for c in head) <= 1:
            for chunk in head:
                yield from progress.report(_run_here(chunk, linters), chunk)
            return
        yield from _run_pool(options, jobs, head, chunks, progress)
    finally:
        progress.close()


def _run_here(chunk, linters) -> list:
    return [chunk] if isinstance(chunk, InputError) else settle(lint_chunk(chunk, linters))


def _run_pool(options, jobs: int, head: list, chunks: Iterator, progress) -> Iterator[Any]:
    import itertools
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    # fork: workers start with the main process's compiled rules (no second start-up); the pool
    # forks all its workers before it starts its own threads. Elsewhere: spawn + initializer.
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() and sys.platform == "linux" else "spawn"
    pool = ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context(method),
                               initializer=init_worker, initargs=(options,))
    window: deque = deque()
    try:
        for chunk in itertools.chain(head, chunks):
            window.append((chunk, chunk if isinstance(chunk, InputError) else pool.submit(lint_chunk, chunk)))
            while len(window) >= jobs * IN_FLIGHT_PER_WORKER:
                yield from _next_in_order(window, progress)
        while window:
            yield from _next_in_order(window, progress)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _next_in_order(window: deque, progress) -> list:
    chunk, pending = window.popleft()
    items = [pending] if isinstance(pending, InputError) else settle(pending.result())
    return progress.report(items, chunk)
