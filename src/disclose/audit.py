"""``disclose audit``: lint a corpus too big for one machine on a Dask cluster.

The client walks the inputs exactly as ``lint`` does (``parallel.iter_tasks``), reads each file's
bytes itself (workers need not see its file system; JSON Lines are shipped as chunks of lines),
and submits chunks to the cluster. Workers run the same ``parallel.lint_chunk`` as ``lint --jobs``,
each building its ``Linter`` once and reusing it. Results are written as JSON Lines -- one object
per article, the "files" entries of the JSON report (contract §4) -- in input order, as they
arrive: at most ``IN_FLIGHT_PER_WORKER`` chunks per worker thread are pending, so neither the
client nor the cluster holds the corpus.

``--scheduler local`` starts a ``LocalCluster`` of worker processes on this machine; anything
else is a scheduler address (``tcp://host:8786``) of an existing cluster -- Kubernetes, SLURM
(dask-jobqueue) or ``dask scheduler`` + ``dask worker`` by hand. Workers need the same version of
disclose (and any policy files given by path at the same path, or use built-in policies).
"""

from __future__ import annotations

import json
import sys
from collections import deque
from pathlib import Path
from typing import Any, Iterator, TextIO

from .model import InputError
from .parallel import Task, iter_chunks, iter_tasks

IN_FLIGHT_PER_WORKER = 4
#: How long to try reaching an existing scheduler.
CONNECT_TIMEOUT = "10s"


class AuditError(Exception):
    """The cluster cannot be used (missing extra, unreachable scheduler): one line, exit 2."""


def audit_chunk(chunk: list[Task], options) -> tuple[list, list[str]]:
    """Run on a Dask worker: lint a chunk with this worker's (cached) linters."""
    from . import parallel

    parallel.init_worker(options)
    return parallel.lint_chunk(chunk)


def _with_data(chunk: list[Task] | InputError) -> list[Task] | InputError:
    """Ship files' bytes, not their paths: workers may not share the client's file system."""
    if isinstance(chunk, InputError):
        return chunk
    out = []
    for task in chunk:
        if task.kind == "file":
            try:
                with open(task.path, "rb") as fh:
                    data = fh.read()
            except OSError:
                out.append(task)  # the worker's reader reports it like lint does
                continue
            task = Task("data", task.path, task.config, data, len(data))
        out.append(task)
    return out


def connect(scheduler: str, jobs: int | None):
    """A ``distributed.Client``: a new LocalCluster of processes, or an existing scheduler."""
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise AuditError("`disclose audit` needs Dask: pip install 'disclose[dask]'") from None
    try:
        if scheduler == "local":
            from .parallel import default_jobs

            cluster = LocalCluster(n_workers=jobs or default_jobs(), threads_per_worker=1, processes=True,
                                   dashboard_address=None)
            return Client(cluster), cluster
        return Client(scheduler, timeout=CONNECT_TIMEOUT), None
    except (OSError, TimeoutError, ValueError) as exc:
        raise AuditError(f"cannot reach the Dask scheduler {scheduler!r}: {exc}") from None


def run_audit(options, scheduler: str, output: Path, stream_errors: TextIO | None = None) -> int:
    """Audit ``options.paths`` on the cluster, write JSON Lines to ``output``; the exit code."""
    stream_errors = stream_errors or sys.stderr
    from .linting import Linters, exit_code
    from .policy import PolicyError

    explicit = options.config.resolve() if options.config else None
    try:
        Linters(options)  # a bad policy or config fails here, before a cluster is started
        client, cluster = connect(scheduler, options.jobs)
    except AuditError as exc:
        print(f"disclose: {exc}", file=stream_errors)
        return 2
    counts = {"error": 0, "warning": 0, "info": 0}
    articles = errors = 0
    try:
        slots = max(1, sum(client.nthreads().values())) * IN_FLIGHT_PER_WORKER
        with open(output, "w", encoding="utf-8", newline="\n") as out:
            for item in _results(client, options, explicit, slots):
                if isinstance(item, InputError):
                    errors += 1
                    print(str(item), file=stream_errors)
                    continue
                articles += 1
                for w in item.warnings:
                    print(f"warning: {item.path}: {w}", file=stream_errors)
                for v in item.violations:
                    counts[v.severity] += 1
                out.write(json.dumps(item.as_dict(), ensure_ascii=False) + "\n")
    except PolicyError as exc:
        print(str(exc), file=stream_errors)
        return 2
    except OSError as exc:
        print(f"disclose: cannot write {output}: {exc}", file=stream_errors)
        return 2
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    total = sum(counts.values())
    print(f"Audited {articles} articles: {total} violations ({counts['error']} errors, {counts['warning']} "
          f"warnings, {counts['info']} info), {errors} input errors -> {output}", file=stream_errors)
    summary = {"files": articles, "violations": total, **counts}
    return exit_code(summary, errors, options.fail_on or "error")


def _results(client, options, explicit, slots: int) -> Iterator[Any]:
    from . import runlog

    window: deque = deque()
    for chunk in iter_chunks(iter_tasks(options, explicit)):
        chunk = _with_data(chunk)
        window.append(chunk if isinstance(chunk, InputError) else client.submit(audit_chunk, chunk, options, pure=False))
        while len(window) >= slots:
            yield from _settle(window.popleft())
    while window:
        yield from _settle(window.popleft())
    for message in runlog.drain():
        print(f"warning: {message}", file=sys.stderr)


def _settle(pending) -> list:
    from .parallel import settle

    if isinstance(pending, InputError):
        return [pending]
    return settle(pending.result())
