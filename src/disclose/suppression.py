"""Inline suppression (contract §7), applied centrally by the engine after the checks -- never
inside a rule.

In Markdown and HTML, comments switch rules off and on::

    <!-- disclose-disable vague-attribution -->      ... rules off from here
    <!-- disclose-enable vague-attribution -->       ... back on
    <!-- disclose-disable-next-line unsupported-claim, newsroom/vague-attribution -->
    <!-- disclose-disable -->                         no rule ids: every rule

Rule ids are selectors as for ``--select``: a full id, a policy, a short name or a kind,
separated by spaces or commas. Anything after `` -- `` is a free-text reason. A
``disable`` lasts until an ``enable`` naming the same selector (or a bare ``enable``), else to
the end of the file; ``disable-next-line`` covers violations that start on the next non-blank
line. A whole file is exempted from rules by its front matter (or a JSONL record's
``metadata``)::

    disclose:
      ignore: [unsupported-claim, eu-ai-act/machine-readable-mark]

A suppression comment that suppresses nothing is returned as ``Unused`` so the engine can report
it (rule ``disclose/unused-suppression``, severity info): stale suppressions rot otherwise.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable, Iterable

from .model import Comment, Document, Violation

UNUSED_RULE = "disclose/unused-suppression"
UNUSED_KIND = "suppression"

_DIRECTIVE = re.compile(r"disclose-(disable-next-line|disable|enable)(?=\s|$)(.*)\Z", re.S)
_SPLIT = re.compile(r"[\s,]+")

#: ``matches(rule_id, kind, selector)`` -- the engine's selector semantics.
Matcher = Callable[[str, str, str], bool]


@dataclass
class Directive:
    action: str  # disable | enable | disable-next-line
    selectors: list[str]  # empty: every rule
    comment: Comment
    used: bool = False
    #: disable: [start, end) offsets it covers; disable-next-line: the line it covers.
    start: int = 0
    end: int = 0
    line: int = 0
    closes: list["Directive"] = field(default_factory=list)

    @property
    def label(self) -> str:
        return " ".join(["disclose-" + self.action, *self.selectors])


@dataclass
class Unused:
    """A suppression comment that did nothing; ``reason`` completes the sentence "it …"."""

    start: int
    end: int
    label: str
    reason: str


def parse_directives(doc: Document) -> list[Directive]:
    """The ``disclose-…`` comments of a document, in order; unknown ``disclose-`` words are warned
    about (a typo must not silently leave a rule on)."""
    out = []
    for comment in doc.comments:
        text = comment.text.strip()
        if not text.startswith("disclose-"):
            continue
        m = _DIRECTIVE.match(text)
        if m is None:
            line, _ = doc.line_col(comment.start)
            word = text.split()[0]
            doc.warnings.append(f"line {line}: unknown suppression comment `{word}` (use disclose-disable, "
                                "disclose-enable or disclose-disable-next-line)")
            continue
        rest = m.group(2).split(" -- ", 1)[0]
        selectors = [s for s in _SPLIT.split(rest.strip()) if s]
        out.append(Directive(m.group(1), selectors, comment))
    return out


def _resolve(doc: Document, directives: list[Directive]) -> list[Unused]:
    """Give each disable its range and each disable-next-line its line; returns enables that
    close nothing."""
    open_: list[Directive] = []
    unused: list[Unused] = []
    text = doc.text
    for d in directives:
        if d.action == "disable":
            d.start, d.end = d.comment.end, len(text)
            open_.append(d)
        elif d.action == "enable":
            closed = [o for o in open_ if not d.selectors or set(o.selectors) & set(d.selectors)]
            for o in closed:
                o.end = d.comment.start
                open_.remove(o)
            if not closed:
                unused.append(Unused(d.comment.start, d.comment.end, d.label, "enables nothing that was disabled"))
        else:
            d.line = _next_nonblank_line(doc, d.comment.end)
    return unused


def _next_nonblank_line(doc: Document, offset: int) -> int:
    """1-based number of the first non-blank line after the one holding ``offset`` (0: none)."""
    text = doc.text
    i = text.find("\n", offset)
    while i != -1:
        start = i + 1
        end = text.find("\n", start)
        line = text[start:] if end == -1 else text[start:end]
        if line.strip():
            return doc.line_col(start)[0]
        i = end
    return 0


def file_ignores(doc: Document) -> list[str]:
    """Selectors from front matter / JSONL metadata ``disclose: {ignore: [...]}``. A malformed
    value becomes a warning, never a crash."""
    block = doc.metadata.get("disclose") if isinstance(doc.metadata, dict) else None
    if block is None:
        return []
    if not isinstance(block, dict):
        doc.warnings.append("`disclose:` in the metadata must be a mapping such as {ignore: [rule-id]}; ignored")
        return []
    unknown = sorted(set(block) - {"ignore"})
    if unknown:
        doc.warnings.append(f"`disclose:` metadata has unknown key(s) {', '.join(map(str, unknown))}; "
                            "only `ignore` is understood")
    value = block.get("ignore", [])
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        doc.warnings.append("`disclose.ignore` in the metadata must be a list of rule ids; ignored")
        return []
    return [v.strip() for v in value if v.strip()]


def _covers(d: Directive, v: Violation, matches: Matcher) -> bool:
    if d.selectors and not any(matches(v.rule, v.kind, s) for s in d.selectors):
        return False
    if d.action == "disable":
        return d.start <= v.start < d.end
    if d.action == "disable-next-line":
        return d.line > 0 and v.line == d.line
    return False


def apply(doc: Document, violations: list[Violation], matches: Matcher, *,
          known: Iterable[tuple[str, str]], running: Iterable[tuple[str, str]],
          narrowed: bool) -> tuple[list[Violation], list[Unused]]:
    """Drop suppressed violations. ``known``: (id, kind) of every rule of the rule set;
    ``running``: those that ran on this document's run; ``narrowed``: ``--select``/``--ignore``
    were given (then a bare ``disable`` may target a rule that did not run, so it is not called
    unused). Returns the kept violations and the suppressions that did nothing."""
    ignores = file_ignores(doc)
    directives = parse_directives(doc) if doc.comments else []
    if not ignores and not directives:
        return violations, []
    unused = _resolve(doc, directives)
    kept = []
    for v in violations:
        if any(matches(v.rule, v.kind, s) for s in ignores):
            continue
        hit = [d for d in directives if _covers(d, v, matches)]
        for d in hit:
            d.used = True
        if not hit:
            kept.append(v)
    known, running = list(known), list(running)
    for d in directives:
        if d.action == "enable" or d.used:
            continue
        unknown = [s for s in d.selectors if not any(matches(rid, kind, s) for rid, kind in known)]
        if unknown:
            unused.append(Unused(d.comment.start, d.comment.end, d.label,
                                 f"names no known rule ({', '.join(unknown)})"))
        elif d.selectors and all(any(matches(rid, kind, s) for rid, kind in running) for s in d.selectors):
            unused.append(Unused(d.comment.start, d.comment.end, d.label, "suppresses nothing"))
        elif not d.selectors and not narrowed:
            unused.append(Unused(d.comment.start, d.comment.end, d.label, "suppresses nothing"))
    unused.sort(key=lambda u: u.start)
    return kept, unused
