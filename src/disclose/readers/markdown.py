"""Markdown reader (``.md``, ``.markdown``).

1. **Front matter** -- YAML between ``---`` lines (safe loading only: no tags, no aliases, bounded nesting) or TOML between
   ``+++`` lines (``tomllib``) at the very start -- goes to ``doc.metadata``; ``ai:`` /
   ``ai_generated:`` become ``Mark('front_matter', ...)`` spanning their line, ``date`` and
   ``lang``/``language`` become ``doc.facts``. Invalid or unterminated front matter is an
   ``InputError`` with the line number. A ``title:`` field stays metadata: it is not visible text.
2. **Block structure** comes from markdown-it-py (CommonMark + tables) using only the tokens' line
   maps. The front matter lines are replaced by empty lines before parsing, so the maps index the
   original file's lines; line breaks are counted as markdown-it counts them (``\\r\\n``, ``\\r``,
   ``\\n``).
3. **Block text is the source itself** with non-prose characters masked by spaces (same length,
   newlines kept), so every block maps to ``doc.text`` by identity (``offsets is None``): heading
   ``#`` runs and setext underlines, blockquote ``>`` and list markers, inline code spans, HTML
   tags and comments, autolinks, bare URLs, link/image targets (a link keeps its text), backslash
   escapes, emphasis/strikethrough markers.

Headings are ``heading`` blocks, except a level-1 heading before any paragraph/list/quote, which
is the ``title``. Paragraphs give ``paragraph``, ``list_item`` (innermost container a list item)
or ``blockquote`` blocks; each table cell is a ``paragraph``. Code blocks, HTML blocks and
reference definitions give no block. A paragraph made only of images gives ``caption`` blocks of
their alt texts. ``<!-- ... -->`` comments outside code are collected into ``doc.comments``.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator

import yaml
from markdown_it import MarkdownIt
from markdown_it.common.utils import normalizeReference

from ..limits import MAX_FRONT_MATTER_CHARS
from ..model import Comment, Document, InputError, Mark
from ..safeyaml import describe, safe_load
from .text import facts_from_metadata, status_from_value, trimmed_block

_MD = MarkdownIt("commonmark").enable("table")

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_FM_OPEN = re.compile(r"(---|\+\+\+)[ \t]*(?:\r\n|\r|\n)")
_FM_CLOSE = {
    "---": re.compile(r"^(?:---|\.\.\.)[ \t]*(?:\r\n|\r|\n|\Z)", re.M),
    "+++": re.compile(r"^\+\+\+[ \t]*(?:\r\n|\r|\n|\Z)", re.M),
}
_FM_KEY_LINE = r"^{key}[ \t]*[:=][^\r\n]*"
_TOML_LINE = re.compile(r"at line (\d+)")

# Container prefixes: ">" of blockquotes on every line; list markers only where an item starts.
_QUOTE_PREFIX = re.compile(r"(?:[ \t]*>[ \t]?)+")
_ITEM_PREFIX = re.compile(r"(?:[ \t]*(?:>|[-*+]|\d{1,9}[.)])(?:[ \t]+|(?=\r?$)))+")
_ATX_OPEN = re.compile(r"[ \t]*#{1,6}(?=[ \t]|\r?$)")
_ATX_CLOSE = re.compile(r"[ \t]+#+[ \t]*\r?$|(?<=#)#*[ \t]*\r?$")

_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)", re.S)
_AUTOLINK = re.compile(r"<(?:[A-Za-z][A-Za-z0-9+.-]{1,31}:[^<>\s]*|[^<>\s@]+@[^<>\s@]+)>")
_HTML_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])|\\(?=\r?\n)")
# A link destination "(url 'title')": <bracketed> or bare with balanced parentheses, optional title.
_DEST = (r"\(\s*(?:<[^<>\n]*>|(?:[^\s()\\]|\\.|\((?:[^\s()\\]|\\.)*\))*)"
         r"(?:\s+(?:\"[^\"]*\"|'[^']*'|\([^()]*\)))?\s*\)")
_LABEL = r"\[((?:[^\[\]\\]|\\.|\[[^\[\]]*\])*)\]"
_IMAGE = re.compile(rf"!{_LABEL}(?:{_DEST}|\[[^\[\]]*\])")
_LINK = re.compile(rf"{_LABEL}(?:{_DEST}|\[[^\[\]]*\])")
_SHORTCUT = re.compile(r"\[([^\[\]\n]+)\](?![\[(:])")
_BARE_URL = re.compile(r"(?:https?://|www\.)[^\s<>]+")
_URL_TRAIL = ".,;:!?'\"”’*_"
_EMPHASIS = re.compile(r"\*+|_+|~~+")
_CONTAINER_KINDS = {"list_item_open": "list_item", "blockquote_open": "blockquote"}
_PLACEHOLDER = "\uffff"  # a noncharacter: stands for an escaped character while masking


def _blank(s: str) -> str:
    """Spaces for every character of ``s`` except line breaks (keeps line structure)."""
    return re.sub(r"[^\r\n]", " ", s)


def _mask(w: str, spans: list[tuple[int, int]]) -> str:
    """Blank the ``(start, end)`` spans of ``w`` (sorted by start; overlaps allowed)."""
    if not spans:
        return w
    out, prev = [], 0
    for s, e in spans:
        s = max(s, prev)
        if e <= s:
            continue
        out.append(w[prev:s])
        out.append(_blank(w[s:e]))
        prev = e
    out.append(w[prev:])
    return "".join(out)


def _mask_re(w: str, pattern: re.Pattern) -> str:
    return pattern.sub(lambda m: _blank(m.group()), w)


def comment_spans(text: str, start: int = 0) -> Iterator[tuple[int, int]]:
    """``(start, end)`` of each ``<!-- ... -->`` (linear time even with many unclosed ``<!--``)."""
    i = text.find("<!--", start)
    while i != -1:
        j = text.find("-->", i + 4)
        if j == -1:
            return
        yield i, j + 3
        i = text.find("<!--", j + 3)


def _mask_inline(w: str, refs: dict, code_spans: list[tuple[int, int]], base: int) -> tuple[str, list[str]]:
    """Mask the non-prose parts of inline Markdown in ``w`` (same length). Returns the masked
    text and the alt texts of images found; absolute code-span ranges are added to ``code_spans``."""
    spans = []
    for m in _CODE_SPAN.finditer(w):
        spans.append(m.span())
        code_spans.append((base + m.start(), base + m.end()))
    w = _mask(w, spans)
    w = _mask(w, list(comment_spans(w)))
    w = _mask_re(w, _AUTOLINK)
    w = _mask_re(w, _HTML_TAG)
    if "\\" in w:
        w = _ESCAPE.sub(lambda m: " " + _PLACEHOLDER if m.group(1) else " ", w)
    alts = []
    spans = []
    for m in _IMAGE.finditer(w):
        spans.append(m.span())
        if m.group(1).strip():
            alts.append(m.group(1))
    w = _mask(w, spans)
    spans = []
    for m in _LINK.finditer(w):
        spans.append((m.start(), m.start() + 1))
        spans.append((m.end(1), m.end()))
    for m in _SHORTCUT.finditer(w):
        if normalizeReference(m.group(1)) in refs:
            spans.append((m.start(), m.start() + 1))
            spans.append((m.end(1), m.end()))
    w = _mask(w, sorted(spans))
    spans = []
    for m in _BARE_URL.finditer(w):
        url = m.group().rstrip(_URL_TRAIL)
        if url.endswith(")") and url.count("(") < url.count(")"):
            url = url[:-1]
        spans.append((m.start(), m.start() + len(url)))
    w = _mask(w, spans)
    spans = []
    n = len(w)
    for m in _EMPHASIS.finditer(w):
        s, e = m.span()
        before = w[s - 1] if s else " "
        after = w[e] if e < n else " "
        if before.isspace() and after.isspace():
            continue  # "5 * 3": a literal asterisk
        if m.group()[0] == "_" and before.isalnum() and after.isalnum():
            continue  # snake_case
        if m.group() == "*" and before.isdigit() and after.isdigit():
            continue  # 2*3
        spans.append((s, e))
    w = _mask(w, spans)
    return w, alts


def _restore(w: str, source: str) -> str:
    """Put back the characters that stood behind escape placeholders."""
    if _PLACEHOLDER not in w:
        return w
    return "".join(source[i] if c == _PLACEHOLDER else c for i, c in enumerate(w))


def _front_matter(doc: Document) -> str:
    """Parse front matter into ``doc``; returns the text with front matter lines emptied."""
    text = doc.text
    opener = _FM_OPEN.match(text)
    if not opener:
        return text
    delim = opener.group(1)
    close = _FM_CLOSE[delim].search(text, opener.end())
    if close is None:
        raise InputError(doc.path, f"invalid front matter: no closing '{delim}' line; "
                         f"end it with a line containing only '{delim}'", line=1)
    raw = text[opener.end():close.start()]
    if len(raw) > MAX_FRONT_MATTER_CHARS:
        raise InputError(doc.path, f"invalid front matter: larger than {MAX_FRONT_MATTER_CHARS // 1024} KiB "
                         "(front matter is metadata, not the article)", line=1)
    try:
        if delim == "---":
            data = safe_load(raw)
        else:
            data = tomllib.loads(raw.replace("\r\n", "\n"))
    except RecursionError:  # tomllib recurses per nesting level (YAML nesting is bounded)
        raise InputError(doc.path, "invalid front matter: nested too deeply", line=2) from None
    except yaml.YAMLError as exc:
        problem, line = describe(exc, raw)
        raise InputError(doc.path, f"invalid front matter: {problem}",
                         line=line + 1 if line is not None else 1) from None
    except tomllib.TOMLDecodeError as exc:
        m = _TOML_LINE.search(str(exc))
        raise InputError(doc.path, f"invalid front matter: {exc}",
                         line=int(m.group(1)) + 1 if m else 1) from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise InputError(doc.path, "invalid front matter: expected a mapping of keys to values", line=2)
    doc.metadata.update(data)
    doc.content_start = close.end()
    for key in ("ai", "ai_generated"):
        if key not in data:
            continue
        status = status_from_value(data[key], key)
        line = re.search(_FM_KEY_LINE.format(key=key), raw, re.M)
        start = opener.end() + (line.start() if line else 0)
        end = opener.end() + (line.end() if line else len(raw))
        if status is None:
            doc.warnings.append(f"front matter {key}: unknown value {data[key]!r} "
                                "(expected generated, assisted or none)")
            continue
        doc.marks.append(Mark("front_matter", status, start, end, text[start:end].strip()))
    facts_from_metadata(data, doc.facts)
    head = text[:close.end()]
    return "\n" * len(_LINE_BREAK.findall(head)) + text[close.end():]


class _Builder:
    """Turns markdown-it line ranges into masked, identity-mapped blocks."""

    def __init__(self, doc: Document, refs: dict):
        self.doc = doc
        self.text = doc.text
        self.refs = refs
        self.line_starts = [0] + [m.end() for m in _LINE_BREAK.finditer(self.text)]
        self.code_spans: list[tuple[int, int]] = []

    def offset(self, line: int) -> int:
        return self.line_starts[line] if line < len(self.line_starts) else len(self.text)

    def lines(self, l0: int, l1: int) -> list[tuple[int, str]]:
        return [(self.offset(i), self.text[self.offset(i):self.offset(i + 1)]) for i in range(l0, l1)]

    def region(self, l0: int, l1: int, *, item_start: bool, quoted: bool,
               heading: str | None) -> tuple[int, str]:
        """Source text of lines [l0, l1) with container prefixes and heading markup masked."""
        parts = []
        lines = self.lines(l0, l1)
        for n, (_, line) in enumerate(lines):
            prefix = None
            if n == 0 and item_start:
                prefix = _ITEM_PREFIX.match(line)
            elif quoted:
                prefix = _QUOTE_PREFIX.match(line)
            p = prefix.end() if prefix else 0
            if heading == "atx" and n == 0:
                rest = line[p:]
                o = _ATX_OPEN.match(rest)
                c = _ATX_CLOSE.search(rest, o.end() if o else 0)
                if o:
                    rest = _blank(rest[:o.end()]) + rest[o.end():]
                if c:
                    rest = rest[:c.start()] + _blank(rest[c.start():])
                line = _blank(line[:p]) + rest
            elif heading == "setext" and n == len(lines) - 1:
                line = _blank(line)
            else:
                line = _blank(line[:p]) + line[p:]
            parts.append(line)
        return self.offset(l0), "".join(parts)

    def add(self, kind: str, section: str, start: int, w: str) -> bool:
        w, alts = _mask_inline(w, self.refs, self.code_spans, start)
        w = _restore(w, self.text[start:start + len(w)])
        block = trimmed_block(w, kind, section, 0, len(w))
        if block is not None:
            block.start += start
            self.doc.blocks.append(block)
            return True
        for alt in alts:  # a paragraph made of images: their alt texts are captions
            i = self.text.find(alt, start)
            caption = trimmed_block(self.text, "caption", "caption", i, i + len(alt)) if i >= 0 else None
            if caption is not None:
                self.doc.blocks.append(caption)
        return False

    def table_row(self, line_no: int) -> None:
        start, line = self.lines(line_no, line_no + 1)[0]
        guarded = _mask_re(_CODE_SPAN.sub(lambda m: "x" * len(m.group()), line), _ESCAPE)
        bounds = [-1] + [i for i, c in enumerate(guarded) if c == "|"] + [len(line)]
        for a, b in zip(bounds, bounds[1:]):
            self.add("paragraph", "body", start + a + 1, line[a + 1:b])


def parse_markdown(doc: Document, *, has_title: bool = False) -> None:
    """Fill ``doc`` from Markdown source (see module docstring)."""
    source = _front_matter(doc)
    env: dict = {}
    tokens = _MD.parse(source, env)
    b = _Builder(doc, env.get("references", {}))
    containers: list[str] = []
    item_start = False
    prose_seen = has_title
    code_lines: list[tuple[int, int]] = []
    for tok in tokens:
        t = tok.type
        if t in ("blockquote_open", "list_item_open"):
            containers.append(t)
            item_start = item_start or t == "list_item_open"
            continue
        if t in ("blockquote_close", "list_item_close"):
            containers.pop()
            continue
        if t in ("fence", "code_block") and tok.map:
            code_lines.append((tok.map[0], tok.map[1]))
        elif t == "tr_open" and tok.map:
            b.table_row(tok.map[0])
            prose_seen = True
        elif t in ("heading_open", "paragraph_open") and tok.map:
            l0, l1 = tok.map
            quoted = "blockquote_open" in containers
            if t == "heading_open":
                style = "setext" if tok.markup in ("=", "-") else "atx"
                start, w = b.region(l0, l1, item_start=item_start, quoted=quoted, heading=style)
                if tok.tag == "h1" and not prose_seen and not containers:
                    if b.add("title", "title", start, w):
                        doc.after_title = b.offset(l1)
                        prose_seen = True
                else:
                    b.add("heading", "heading", start, w)
            else:
                start, w = b.region(l0, l1, item_start=item_start, quoted=quoted, heading=None)
                inner = containers[-1] if containers else None
                kind = _CONTAINER_KINDS.get(inner, "paragraph")
                b.add(kind, "body", start, w)
                prose_seen = True
        item_start = False
    _comments(doc, b, code_lines)


def _comments(doc: Document, b: _Builder, code_lines: list[tuple[int, int]]) -> None:
    code = [(b.offset(l0), b.offset(l1)) for l0, l1 in code_lines] + b.code_spans
    for s, e in comment_spans(doc.text, doc.content_start):
        if not any(cs <= s < ce for cs, ce in code):
            doc.comments.append(Comment(doc.text[s + 4:e - 3].strip(), s, e))

