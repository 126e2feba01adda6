"""Reporters: one small module per output format, all with the same streaming interface.

A reporter is created with the output stream and run facts, receives each ``FileResult`` as soon
as it is ready (``file``), each input error (``error``), and writes its closing part in
``finish``. Reporters only format; they never decide anything.
"""

from __future__ import annotations

import importlib
from typing import TextIO

FORMATS = {
    "text": "text",
    "json": "json",
    "html": "html",
    "sarif": "sarif",
    "github": "github",
    "junit": "junit",
}
#: Formats that draw the analysis (named sources, disclosures) and need ``FileResult.highlights``.
HIGHLIGHT_FORMATS = frozenset({"html"})


def get_reporter(fmt: str, stream: TextIO, **facts):
    module = importlib.import_module(f".{FORMATS[fmt]}", __name__)
    return module.Reporter(stream, **facts)


def default_format() -> str:
    """``github`` inside GitHub Actions (annotations on the pull request), else ``text``."""
    import os

    return "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"
