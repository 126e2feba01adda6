"""``--format json``: the report of contract §4, streamed file by file (flat memory on corpora)."""

from __future__ import annotations

import json
from typing import TextIO

from ..version import __version__


class Reporter:
    def __init__(self, stream: TextIO, *, policies: list[str], **_: object):
        self.stream = stream
        self.first = True
        self.errors: list[dict] = []
        head = {"version": 1, "tool": {"name": "disclose", "version": __version__}, "policies": policies}
        stream.write(json.dumps(head, ensure_ascii=False)[:-1] + ', "files": [')

    def file(self, result) -> None:
        self.stream.write(("\n  " if self.first else ",\n  ") + json.dumps(result.as_dict(), ensure_ascii=False))
        self.first = False

    def error(self, err) -> None:
        self.errors.append(err.as_dict())

    def warning(self, message: str) -> None:
        """Run warnings (decoding fallbacks, pattern timeouts) go to stderr, not into the JSON."""

    def finish(self, summary: dict) -> None:
        self.stream.write("\n], " if not self.first else "], ")
        tail = {"errors": self.errors, "summary": summary}
        self.stream.write(json.dumps(tail, ensure_ascii=False, indent=None)[1:] + "\n")
