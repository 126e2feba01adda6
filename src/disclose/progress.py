"""A progress bar on stderr for long runs: articles done, rate, ETA.

Shown only when stderr is a terminal, never in CI (``CI`` set) or on a dumb terminal, and not
with ``--no-progress``; so pipes, files, pre-commit and CI logs never see it. It counts articles
(files and JSONL records) and measures progress in bytes of input, whose total is known up front
from the file sizes (a JSONL file of a million records is one file but most of the work). When
stdout is the same terminal, the bar is wiped before report lines are written and drawn again
after them, so the two never mix.
"""

from __future__ import annotations

import os
import sys
import time
from typing import Any, Iterator

#: Redraw at most this often (seconds); and show nothing for runs shorter than ``DELAY``.
INTERVAL = 0.1
DELAY = 0.5
WIDTH = 24


def wanted(enabled: bool, stream: Any = None) -> bool:
    stream = stream if stream is not None else sys.stderr
    if not enabled or os.environ.get("CI") or os.environ.get("TERM") == "dumb":
        return False
    return bool(getattr(stream, "isatty", None) and stream.isatty())


class Progress:
    """``report(items, chunk)`` passes results through and keeps the bar current."""

    def __init__(self, total_bytes: int | None = None, stream: Any = None, *, enabled: bool = True):
        self.enabled = enabled
        self.stream = stream if stream is not None else sys.stderr
        self.total = total_bytes or 0
        self.done_bytes = 0
        self.items = 0
        self.start = time.monotonic()
        self.last_draw = 0.0
        self.shown = False
        self.wipe_for_output = enabled and bool(getattr(sys.stdout, "isatty", None) and sys.stdout.isatty())

    @classmethod
    def for_run(cls, options, explicit: Any) -> "Progress":
        if not wanted(getattr(options, "progress", True)):
            return cls(enabled=False)
        from .inputs import iter_inputs

        # The total: one more walk over the inputs (file sizes only; cheap next to linting).
        total = 0
        for item, _config in iter_inputs(options, explicit):
            if isinstance(item, str) and item != "-":
                try:
                    total += os.path.getsize(item)
                except OSError:
                    pass
        return cls(total)

    def report(self, items: list, chunk: Any) -> Iterator[Any]:
        if not self.enabled:
            yield from items
            return
        self.items += sum(1 for i in items if not isinstance(i, Exception))
        self.done_bytes += sum(getattr(t, "size", 0) for t in chunk) if isinstance(chunk, list) else 0
        if self.shown and self.wipe_for_output and items:
            self._wipe()
        yield from items
        now = time.monotonic()
        if now - self.start >= DELAY and now - self.last_draw >= INTERVAL:
            self._draw(now)

    def line(self, now: float | None = None) -> str:
        elapsed = max((now or time.monotonic()) - self.start, 1e-9)
        rate = self.items / elapsed
        parts = []
        if self.total:
            frac = min(1.0, self.done_bytes / self.total)
            filled = int(frac * WIDTH)
            parts.append("[" + "#" * filled + "-" * (WIDTH - filled) + f"] {frac * 100:3.0f}%")
            if 0 < frac < 1:
                parts.append("ETA " + _clock(elapsed * (1 - frac) / frac))
        parts.insert(1 if self.total else 0, f"{self.items:,} articles")
        parts.insert(2 if self.total else 1, f"{rate:,.0f}/s")
        return "disclose: " + "  ".join(parts)

    def _draw(self, now: float) -> None:
        if self.wipe_for_output:
            sys.stdout.flush()
        self.stream.write("\r\x1b[K" + self.line(now))
        self.stream.flush()
        self.shown = True
        self.last_draw = now

    def _wipe(self) -> None:
        self.stream.write("\r\x1b[K")
        self.stream.flush()
        self.shown = False

    def close(self) -> None:
        if self.enabled and self.shown:
            self._wipe()


def _clock(seconds: float) -> str:
    seconds = int(seconds + 0.5)
    h, rest = divmod(seconds, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"

