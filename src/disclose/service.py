"""``disclose serve``: the check service content systems call before publishing (contract §9).

A CMS (WordPress, Arc XP, an in-house system) posts the article it is about to save or publish
and gets the §4 report back, as editors' tools call LanguageTool's server for grammar::

    POST /v1/lint      {"text": "…", "format": "md", "path": "story.md", "sources": [...]}
    POST /v1/analyze   same body -> the §5 analysis
    GET  /v1/rules     the active rules
    GET  /healthz      {"status": "ok"}

Built on Starlette and uvicorn (the ``serve`` extra). The event loop only reads, checks and
answers requests; linting runs in a pool of ``--workers`` processes, each of which builds its
linters once when it starts, so one long article does not hold up the others and a CPU-bound
lint never blocks the loop. Each request has a time limit (``--timeout``, 503 when exceeded) and
a body limit (``--max-body-mb``, 413, checked before the body is read in full). With
``--token-file`` every ``/v1`` request needs ``Authorization: Bearer <token>`` (401 otherwise);
bound to a non-loopback address without one, the service warns at start. Access logs are JSON
lines on stderr with method, path, status, duration and sizes -- never the article's text. The
service stores nothing it is sent. SIGTERM (and Ctrl-C) stop it gracefully: requests in flight
are answered, then the workers exit.

The work is the Python API's (``disclose.api``): the service only translates HTTP to it.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import json
import logging
import multiprocessing
import os
import signal
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from .api import TEXT_FORMATS

LOG = logging.getLogger("disclose.serve")
#: The body fields of /v1/lint and /v1/analyze (contract §9); anything else is refused.
_FIELDS = {"text", "format", "path", "metadata", "sources", "policies", "ai"}
_LOOPBACK = {"127.0.0.1", "::1", "localhost"}


@dataclass
class ServeSettings:
    host: str = "127.0.0.1"
    port: int = 8750
    policies: list[str] = field(default_factory=list)
    config: Path | None = None
    workers: int | None = None
    max_body_mb: float = 5.0
    token: str | None = None
    #: Seconds one request may take before it is answered 503.
    timeout: float = 30.0

    @property
    def max_body(self) -> int:
        return int(self.max_body_mb * 1024 * 1024)


class HTTPError(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status, self.message = status, message


# -- in the worker processes --------------------------------------------------------------------

_WORKER: dict[str, Any] = {}


def _worker_start(policies: list[str] | None, config: str | None) -> None:
    """Build the linters once, when the worker starts (not on its first request)."""
    from . import api

    _WORKER.update(policies=policies or None, config=config)
    api.linter_for(_WORKER["policies"], config=config)


def _work(op: str, body: dict) -> tuple[int, Any]:
    """One request's work in a worker: (HTTP status, JSON body). Never raises."""
    from . import api

    try:
        if op == "rules":
            return 200, {"rules": api.rules(_WORKER["policies"], config=_WORKER["config"])}
        call = api.lint_text if op == "lint" else api.analyze_text
        policies = body.get("policies")
        return 200, call(body["text"], format=body.get("format", "txt"), path=body.get("path"),
                         metadata=body.get("metadata"), sources=body.get("sources"),
                         policies=policies if policies is not None else _WORKER["policies"],
                         ai=body.get("ai"), config=_WORKER["config"],
                         allow_policy_files=policies is None)
    except api.UnknownOption as exc:
        return 422, {"error": str(exc)}
    except api.InvalidInput as exc:
        return 400, {"error": str(exc)}
    except Exception as exc:  # noqa: BLE001 -- one bad article must not take the service down
        return 500, {"error": f"internal error: {type(exc).__name__}: {str(exc)[:200]}"}


# -- in the service process ---------------------------------------------------------------------


def _check_body(body: Any) -> dict:
    """The request body's shape, checked before any work is queued (400 / 422)."""
    if not isinstance(body, dict):
        raise HTTPError(400, "the body must be a JSON object")
    if "text" not in body:
        raise HTTPError(400, "'text' is required")
    if not isinstance(body["text"], str):
        raise HTTPError(400, "'text' must be a string")
    unknown = sorted(set(body) - _FIELDS)
    if unknown:
        raise HTTPError(400, f"unknown field {unknown[0]!r} (expected {', '.join(sorted(_FIELDS))})")
    fmt = body.get("format", "txt")
    if not isinstance(fmt, str) or fmt not in TEXT_FORMATS:
        raise HTTPError(422, f"unknown format {str(fmt)[:40]!r} (expected one of {', '.join(TEXT_FORMATS)})")
    for key in ("path", "ai"):
        if body.get(key) is not None and not isinstance(body[key], str):
            raise HTTPError(400, f"'{key}' must be a string")
    metadata = body.get("metadata")
    if metadata is not None:
        if not isinstance(metadata, dict):
            raise HTTPError(400, "'metadata' must be an object")
        if "sources" in metadata:
            raise HTTPError(400, "give source articles in 'sources', not in 'metadata'")
    sources = body.get("sources")
    if sources is not None:
        if not isinstance(sources, list):
            raise HTTPError(400, "'sources' must be a list")
        for i, src in enumerate(sources):
            if isinstance(src, dict) and "path" in src:
                raise HTTPError(400, f"sources[{i}]: the service reads no files; send the source's 'text'")
    policies = body.get("policies")
    if policies is not None and (not isinstance(policies, list) or not all(isinstance(p, str) for p in policies)):
        raise HTTPError(400, "'policies' must be a list of policy names")
    return body


#: A body over the limit is still read (and thrown away) up to this size before the 413, so that a
#: client that sends its whole body before reading the answer gets the answer, not a reset.
_DRAIN_LIMIT = 64 * 1024 * 1024


async def _read_body(request: Request, limit: int) -> bytes:
    too_big = HTTPError(413, f"the body is larger than {limit / (1024 * 1024):g} MB")
    declared = request.headers.get("content-length")
    if declared is not None:
        try:
            declared_size = int(declared)
        except ValueError:
            raise HTTPError(400, "bad Content-Length") from None
        if declared_size > limit:
            if declared_size <= _DRAIN_LIMIT:
                async for _ in request.stream():
                    pass
            raise too_big
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            chunks = []
            if size > _DRAIN_LIMIT:
                raise too_big
            continue
        chunks.append(chunk)
    if size > limit:
        raise too_big
    return b"".join(chunks)


def create_app(settings: ServeSettings, pool: ProcessPoolExecutor | None = None) -> Starlette:
    """The ASGI application. ``pool``: the worker processes (made here when not given)."""
    state: dict[str, Any] = {"pool": pool, "rules": None}

    def authorised(request: Request) -> bool:
        if not settings.token:
            return True
        header = request.headers.get("authorization", "")
        scheme, _, token = header.partition(" ")
        return scheme.lower() == "bearer" and hmac.compare_digest(token.strip().encode(), settings.token.encode())

    async def run(op: str, body: dict) -> tuple[int, Any]:
        loop = asyncio.get_running_loop()
        try:
            return await asyncio.wait_for(loop.run_in_executor(state["pool"], _work, op, body), settings.timeout)
        except asyncio.TimeoutError:
            return 503, {"error": f"not answered within {settings.timeout:g} s; try again later"}
        except BrokenProcessPool:
            state["pool"] = _make_pool(settings)  # a worker died (out of memory?): start afresh
            return 503, {"error": "a worker stopped; try again"}

    async def check(request: Request) -> JSONResponse:
        op = "lint" if request.url.path.endswith("/lint") else "analyze"
        try:
            if not authorised(request):
                raise HTTPError(401, "a valid 'Authorization: Bearer <token>' header is required")
            ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
            if ctype != "application/json":
                raise HTTPError(415, "send the article as application/json")
            raw = await _read_body(request, settings.max_body)
            try:
                body = json.loads(raw)
            except (ValueError, RecursionError):
                raise HTTPError(400, "the body is not valid JSON") from None
            status, answer = await run(op, _check_body(body))
        except HTTPError as exc:
            status, answer = exc.status, {"error": exc.message}
        return JSONResponse(answer, status_code=status)

    async def rules(request: Request) -> JSONResponse:
        if not authorised(request):
            return JSONResponse({"error": "a valid 'Authorization: Bearer <token>' header is required"},
                                status_code=401)
        if state["rules"] is None:
            status, answer = await run("rules", {})
            if status != 200:
                return JSONResponse(answer, status_code=status)
            state["rules"] = answer
        return JSONResponse(state["rules"])

    async def healthz(request: Request) -> JSONResponse:
        return JSONResponse({"status": "ok"})

    @contextlib.asynccontextmanager
    async def lifespan(app):
        if state["pool"] is None:
            state["pool"] = await asyncio.get_running_loop().run_in_executor(None, _make_pool, settings)
        try:
            yield
        finally:
            if state["pool"] is not None:
                state["pool"].shutdown(wait=True, cancel_futures=True)

    app = Starlette(routes=[Route("/v1/lint", check, methods=["POST"]), Route("/v1/analyze", check, methods=["POST"]),
                            Route("/v1/rules", rules, methods=["GET"]), Route("/healthz", healthz, methods=["GET"])],
                    lifespan=lifespan,
                    exception_handlers={404: _not_found, 405: _not_allowed, 500: _internal})
    app.add_middleware(_AccessLog)
    return app


async def _not_found(request: Request, exc: Exception) -> JSONResponse:
    return JSONResponse({"error": f"no such endpoint: {request.method} {request.url.path}"}, status_code=404)


async def _not_allowed(request: Request, exc: Exception) -> JSONResponse:
    return JSONResponse({"error": f"{request.method} is not allowed on {request.url.path}"}, status_code=405)


async def _internal(request: Request, exc: Exception) -> JSONResponse:
    LOG.error(json.dumps({"event": "error", "path": request.url.path, "error": type(exc).__name__}))
    return JSONResponse({"error": "internal error"}, status_code=500)


class _AccessLog:
    """One JSON line per request on the ``disclose.serve`` logger: no header values, no body."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start = time.perf_counter()
        seen = {"status": 500, "bytes_in": 0, "bytes_out": 0}

        async def counting_receive():
            message = await receive()
            seen["bytes_in"] += len(message.get("body", b""))
            return message

        async def counting_send(message):
            if message["type"] == "http.response.start":
                seen["status"] = message["status"]
            elif message["type"] == "http.response.body":
                seen["bytes_out"] += len(message.get("body", b""))
            await send(message)

        try:
            await self.app(scope, counting_receive, counting_send)
        finally:
            client = scope.get("client") or ("", 0)
            LOG.info(json.dumps({"ts": round(time.time(), 3), "method": scope["method"], "path": scope["path"],
                                 "status": seen["status"], "ms": round((time.perf_counter() - start) * 1000, 1),
                                 "bytes_in": seen["bytes_in"], "bytes_out": seen["bytes_out"],
                                 "client": client[0]}))


def _make_pool(settings: ServeSettings) -> ProcessPoolExecutor:
    workers = settings.workers or os.cpu_count() or 1
    # spawn: workers start clean, without the event loop's threads and sockets of a fork.
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"),
                               initializer=_worker_start,
                               initargs=(settings.policies or None, str(settings.config) if settings.config else None))
    # Start every worker now (a pool starts them on demand) so the first requests do not wait.
    for f in [pool.submit(_work, "rules", {}) for _ in range(workers)]:
        f.result()
    return pool


def read_token(path: Path) -> str:
    """The bearer token in ``path`` (surrounding whitespace removed); ValueError when empty."""
    token = path.read_text(encoding="utf-8").strip()
    if not token:
        raise ValueError(f"{path}: the token file is empty")
    return token


def serve(settings: ServeSettings) -> int:
    """Run the service until SIGTERM or Ctrl-C. Returns the exit code."""
    import uvicorn

    logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stderr)
    if settings.host not in _LOOPBACK and not settings.token:
        print(f"warning: serving on {settings.host} without --token-file: anyone who can reach this "
              "address can use the service", file=sys.stderr)
    # Check the policies before listening: a typo should stop the start, not every request.
    from . import api

    api.linter_for(settings.policies or None, config=settings.config)
    app = create_app(settings)
    config = uvicorn.Config(app, host=settings.host, port=settings.port, access_log=False, log_level="warning",
                            timeout_graceful_shutdown=settings.timeout + 5, lifespan="on")
    server = uvicorn.Server(config)
    print(f"disclose serve: listening on http://{settings.host}:{settings.port} "
          f"({settings.workers or os.cpu_count()} workers)", file=sys.stderr, flush=True)
    # uvicorn answers SIGTERM by finishing the requests in flight and the lifespan shutdown (the
    # workers), then raises the signal again for the handler that was there before: this one, so
    # that a requested stop ends with exit code 0 rather than death by signal.
    signal.signal(signal.SIGTERM, _stopped)
    server.run()
    return 0


def _stopped(signum, frame) -> None:
    raise SystemExit(0)
