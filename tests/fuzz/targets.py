"""Fuzz targets: one function per attack surface, taking arbitrary bytes.

The same functions are driven by hypothesis in the test suite (``tests/test_properties.py``,
every CI run) and by atheris for long coverage-guided runs (``tests/fuzz/run_atheris.py``). A
target fails by raising: any exception other than the documented error type is a bug.

* ``fuzz_readers`` -- bytes as a file of any supported format (the first byte picks it): the
  reader yields ``Document``s and ``InputError``s, never raises, and every block maps back to
  its text exactly; every document is then linted, and every reported offset lies in its text
  with line/column agreeing.
* ``fuzz_policy`` -- bytes as a policy file: it loads, or raises ``PolicyError``; nothing else.
"""

from __future__ import annotations

import tempfile
from functools import lru_cache
from pathlib import Path

from disclose.model import Document, InputError

FORMATS = ("a.txt", "a.md", "a.html", "a.jsonl", "a.markdown", "a.htm")


@lru_cache(maxsize=1)
def default_linter():
    from disclose.engine import Linter
    from disclose.policy import load_ruleset

    return Linter(load_ruleset(["newsroom", "eu-ai-act", "cn-labeling"]))


def line_col(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of ``offset``, computed independently of ``Document.line_col``."""
    line_start = text.rfind("\n", 0, offset) + 1
    return text.count("\n", 0, offset) + 1, offset - line_start + 1


def check_document(doc: Document) -> None:
    """Blocks map back exactly, and linting it reports only offsets inside its text."""
    text = doc.text
    for block in doc.blocks:
        assert 0 <= block.start <= block.end <= len(text), block
        for j, ch in enumerate(block.text):
            if not ch.isspace():
                src = text[block.to_source(j)]
                assert src == ch or (doc.format == "html" and src == "&"), (block, j, ch, src)
    result = default_linter().lint(doc, keep_analysis=True)
    check_result(result, text)


def check_result(result, text: str) -> None:
    n = len(text)
    for v in result.violations:
        assert 0 <= v.start <= v.end <= n, v
        assert (v.line, v.column) == line_col(text, v.start), v
        assert (v.end_line, v.end_column) == line_col(text, v.end), v
    a = result.analysis
    for s in a.sentences:
        assert 0 <= s.start < s.end <= n, s
        assert s.line == line_col(text, s.start)[0], s
        spans = [(v.start, v.end) for v in s.vague]
        if s.attribution is not None:
            spans.append((s.attribution.cue_start, s.attribution.cue_end))
            if s.attribution.source_start is not None:
                spans.append((s.attribution.source_start, s.attribution.source_end))
        for a0, b0 in spans:
            assert 0 <= a0 <= b0 <= n, (s, a0, b0)
    for d in a.disclosures:
        assert 0 <= d.start < d.end <= n, d
    for t in a.tells:
        assert 0 <= t.start <= t.end <= n, t


def fuzz_readers(data: bytes) -> None:
    from disclose.readers import read_stdin

    if not data:
        return
    name = FORMATS[data[0] % len(FORMATS)]
    for item in read_stdin(data[1:], name):
        assert isinstance(item, (Document, InputError)), item
        if isinstance(item, InputError):
            assert item.message and "\n" not in item.message, item
            continue
        check_document(item)


_POLICY_DIR = Path(tempfile.mkdtemp(prefix="disclose-fuzz-"))


def fuzz_policy(data: bytes) -> None:
    from disclose.policy import PolicyError, load_ruleset

    path = _POLICY_DIR / "policy.yaml"
    path.write_bytes(data)
    try:
        load_ruleset([str(path)])
    except PolicyError as exc:  # the one documented failure: a single line naming a file
        assert exc.message and exc.path and "\n" not in str(exc), repr(str(exc))
