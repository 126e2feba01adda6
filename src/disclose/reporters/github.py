"""``--format github``: GitHub Actions workflow commands, one annotation per violation::

    ::error file=content/a.md,line=19,col=1,endLine=19,endColumn=62,title=eu-ai-act/disclosure-placement::message

``info`` becomes ``notice``. Chosen automatically when ``GITHUB_ACTIONS=true`` and no
``--format`` is given. Values are escaped as the runner expects (``%``, CR, LF; in properties
also ``:`` and ``,``). JSONL records are annotated on the file, with the record id in the
message (their positions index the record, not the file). A summary line closes the output.
"""

from __future__ import annotations

from typing import TextIO

from .location import is_record, relative_path

COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(name: str, message: str, **props: object) -> str:
    fields = ",".join(f"{k}={escape_property(str(v))}" for k, v in props.items() if v is not None)
    return f"::{name}{' ' + fields if fields else ''}::{escape_data(message)}"


class Reporter:
    def __init__(self, stream: TextIO, **_: object):
        self.stream = stream

    def file(self, result) -> None:
        path = relative_path(result.path)
        for v in result.violations:
            if is_record(result):
                line = command(COMMANDS[v.severity], f"[record {result.id}] {v.message}", file=path, title=v.rule)
            else:
                line = command(COMMANDS[v.severity], v.message, file=path, line=v.line, col=v.column,
                               endLine=v.end_line, endColumn=v.end_column if v.end_line == v.line else None,
                               title=v.rule)
            self.stream.write(line + "\n")

    def error(self, err) -> None:
        self.stream.write(command("error", err.message, file=relative_path(err.path), line=err.line,
                                  title="disclose input error") + "\n")

    def warning(self, message: str) -> None:
        self.stream.write(command("warning", message) + "\n")

    def finish(self, summary: dict) -> None:
        def n(count: int, noun: str) -> str:
            return f"{count} {noun}{'' if count == 1 or noun == 'info' else 's'}"

        counts = ", ".join(n(summary[k], k) for k in ("error", "warning", "info"))
        self.stream.write(f"disclose: {n(summary['violations'], 'problem')} ({counts}) in {n(summary['files'], 'file')}\n")
