"""``--format text``: ruff-style lines an editor can act on.

    path:line:col: severity rule-id message
       |
    12 | the sentence as written
       |     ^^^^^^^^^^

followed by a summary. Colour only on a terminal (``NO_COLOR`` turns it off, ``FORCE_COLOR`` on).
"""

from __future__ import annotations

import os
from typing import TextIO

_COLOURS = {"error": "\x1b[1;31m", "warning": "\x1b[1;33m", "info": "\x1b[1;36m", "path": "\x1b[1m",
            "dim": "\x1b[2m", "reset": "\x1b[0m", "caret": "\x1b[31m"}
WINDOW = 100


def use_colour(stream: TextIO) -> bool:
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return hasattr(stream, "isatty") and stream.isatty()


class Reporter:
    def __init__(self, stream: TextIO, *, quiet: bool = False, statistics: bool = False, **_: object):
        self.stream = stream
        self.quiet = quiet
        self.statistics = statistics
        self.colour = use_colour(stream)
        self.by_rule: dict[str, int] = {}
        self.statuses: dict[str, int] = {}
        self.files_with = 0

    def c(self, key: str, text: str) -> str:
        return f"{_COLOURS[key]}{text}{_COLOURS['reset']}" if self.colour else text

    def file(self, result) -> None:
        self.statuses[result.ai_status] = self.statuses.get(result.ai_status, 0) + 1
        if result.violations:
            self.files_with += 1
        where = result.path + (f"#{result.id}" if result.id is not None else "")
        text = result.text or ""
        for v in result.violations:
            self.by_rule[v.rule] = self.by_rule.get(v.rule, 0) + 1
            head = f"{self.c('path', where)}:{v.line}:{v.column}: {self.c(v.severity, v.severity)} {v.rule} {v.message}"
            self.stream.write(head + "\n")
            if not self.quiet and text:
                snippet = self._snippet(text, v)
                if v.evidence is not None:  # grounding: the closest source sentence, under the finding
                    pad = " " * len(str(v.line))
                    quoted = " ".join(str(v.evidence.get("text", "")).split())
                    if len(quoted) > 2 * WINDOW:
                        quoted = quoted[:2 * WINDOW - 1] + "…"
                    snippet += f"{pad} {self.c('dim', '=')} source {v.evidence.get('label')}: “{quoted}”\n"
                self.stream.write(snippet + "\n")

    def _snippet(self, text: str, v) -> str:
        # Only a window of the line is shown, so only a window is looked at: the line's start
        # comes from the column, its end is searched at most 2 windows ahead (enough to place
        # the window exactly). Copying or scanning whole lines made a 20 MB one-line file with
        # many findings quadratic.
        col = v.column - 1
        line_start = v.start - col
        reach = v.start + 2 * WINDOW
        newline = text.find("\n", v.start, reach)
        line_end = newline if newline != -1 else min(len(text), reach)
        if newline != -1 or line_end == len(text):  # the true end of the line
            while line_end > line_start and text[line_end - 1] == "\r":
                line_end -= 1
        length = line_end - line_start
        span = max(1, min(v.end, line_end) - v.start)
        lo = 0
        if length > WINDOW:  # show a window around the finding on long lines
            lo = max(0, min(col - 20, length - WINDOW))
        shown = text[line_start + lo: min(line_end, line_start + lo + WINDOW)]
        prefix = "…" if lo > 0 else ""
        suffix = "…" if lo + WINDOW < length else ""
        caret_col = col - lo + len(prefix)
        caret_len = max(1, min(span, len(shown) - (col - lo)))
        num = str(v.line)
        pad = " " * len(num)
        shown = shown.replace("\t", " ")
        return (f"{pad} {self.c('dim', '|')}\n{num} {self.c('dim', '|')} {prefix}{shown}{suffix}\n"
                f"{pad} {self.c('dim', '|')} {' ' * caret_col}{self.c('caret', '^' * caret_len)}\n")

    def error(self, err) -> None:
        where = f"{err.path}:{err.line}" if err.line is not None else err.path
        message = err.message.removeprefix(f"line {err.line}: ")  # the location already says it
        self.stream.write(f"{self.c('path', where)}: {self.c('error', 'input error')}: {message}\n")

    def warning(self, message: str) -> None:
        self.stream.write(f"{self.c('warning', 'warning')}: {message}\n")

    def finish(self, summary: dict) -> None:
        if self.statistics and self.by_rule:
            self.stream.write("\n")
            for rule, count in sorted(self.by_rule.items(), key=lambda kv: (-kv[1], kv[0])):
                self.stream.write(f"{count:6d}  {rule}\n")
        files = summary["files"]
        status = ", ".join(f"{n} {s}" for s, n in sorted(self.statuses.items()))
        parts = [f"{summary[k]} {k}{'s' if summary[k] != 1 else ''}" for k in ("error", "warning", "info") if summary[k]]
        total = summary["violations"]
        noun = "file" if files == 1 else "files"
        if total:
            line = f"Found {total} problem{'s' if total != 1 else ''} ({', '.join(parts)}) in {self.files_with} of {files} {noun}"
        else:
            line = f"All clear: no problems in {files} {noun}"
        if status:
            line += f" (AI status: {status})"
        if summary.get("input_errors"):
            line += f"; {summary['input_errors']} input error{'s' if summary['input_errors'] != 1 else ''}"
        self.stream.write(("\n" if total else "") + line + ".\n")
