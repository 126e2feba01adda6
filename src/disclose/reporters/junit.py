"""``--format junit``: JUnit XML for CI test-report views (GitLab, Jenkins, Azure, …).

One ``testsuite`` named ``disclose``; one ``testcase`` per linted file (per record for JSONL,
named ``path#id``); one ``failure`` per violation (``type`` = the rule id, ``message`` = the
message; the text gives ``path:line:col``, severity and excerpt). An input error is a test case
with an ``error``. The suite's counts come first in the XML, so test cases are collected (as
small strings) and written in ``finish``.
"""

from __future__ import annotations

import re
from typing import TextIO
from xml.sax.saxutils import escape, quoteattr

from .location import relative_path

# Characters XML 1.0 cannot carry at all (control characters other than tab, LF, CR).
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _clean(text: str) -> str:
    return _INVALID_XML.sub("\ufffd", text)


def _attr(text: str) -> str:
    return quoteattr(_clean(text))


class Reporter:
    def __init__(self, stream: TextIO, **_: object):
        self.stream = stream
        self.cases: list[str] = []
        self.failures = 0
        self.errors = 0

    def file(self, result) -> None:
        path = relative_path(result.path)
        name = f"{path}#{result.id}" if result.id is not None else path
        parts = [f"  <testcase classname=\"disclose\" name={_attr(name)} file={_attr(path)}>"]
        for v in result.violations:
            self.failures += 1
            body = f"{name}:{v.line}:{v.column}: {v.severity} {v.rule}\n{v.message}\n\n{v.excerpt}"
            parts.append(f"    <failure type={_attr(v.rule)} message={_attr(v.message)}>{escape(_clean(body))}</failure>")
        parts.append("  </testcase>")
        self.cases.append("\n".join(parts))

    def error(self, err) -> None:
        self.errors += 1
        path = relative_path(err.path)
        self.cases.append(f"  <testcase classname=\"disclose\" name={_attr(path)} file={_attr(path)}>\n"
                          f"    <error type=\"input-error\" message={_attr(err.message)}>{escape(_clean(str(err)))}</error>\n"
                          "  </testcase>")

    def warning(self, message: str) -> None:
        """Run warnings go to stderr."""

    def finish(self, summary: dict) -> None:
        head = (f"<testsuite name=\"disclose\" tests=\"{len(self.cases)}\" failures=\"{self.failures}\" "
                f"errors=\"{self.errors}\" skipped=\"0\">")
        self.stream.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                          f"<testsuites name=\"disclose\" tests=\"{len(self.cases)}\" failures=\"{self.failures}\" "
                          f"errors=\"{self.errors}\">\n{head}\n")
        for case in self.cases:
            self.stream.write(case + "\n")
        self.stream.write("</testsuite>\n</testsuites>\n")
