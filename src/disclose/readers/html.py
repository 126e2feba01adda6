"""HTML reader (``.html``, ``.htm``): the visible text of a page, with exact source offsets.

Built on ``html.parser.HTMLParser(convert_charrefs=False)``, which is forgiving and streaming; the
reader keeps its own explicit element stack (no recursion, so 100k nested elements are fine) and
converts ``getpos()`` to offsets via line starts.

* **Visible text only.** Content of ``script``, ``style``, ``template``, ``noscript``, ``pre``,
  ``code``, ``svg``/``math``/``iframe``/``object``/form controls, of ``<head>`` (except
  ``<title>``), of elements with ``hidden``, ``aria-hidden="true"`` or an inline
  ``display:none``/``visibility:hidden`` style is skipped. Comments are not text but are kept in
  ``doc.comments`` (inline suppressions).
* **Blocks** break at block-level tags (p, div, h1-h6, li, blockquote, figcaption, td/th, section,
  article, header, footer, nav, aside, ...); ``br`` is whitespace. Kinds: the first ``h1`` outside
  boilerplate is the ``title`` (else the ``<title>`` element's text), other headings ``heading``,
  ``li`` -> ``list_item``, ``blockquote`` -> ``blockquote``, ``figcaption`` -> ``caption``, the rest
  ``paragraph``. Content of ``nav``/``footer``/``aside`` (or ARIA roles navigation, contentinfo,
  complementary) is section ``boilerplate``; elements with a summary-like class (``standfirst``,
  ``dek``, ``summary`` ...) are section ``summary``.
* **Sloppy markup** is tolerated: ``p``/``li``/``td``/``tr``/``dt``/``dd`` auto-close, void elements
  are never pushed, an end tag pops to its matching open element, stray end tags are ignored.
* **Text mapping**: entities are decoded in ``Block.text``; runs of whitespace collapse to one
  space; ``Block.offsets`` gives each visible character's source offset (a decoded entity's
  characters point at its ``&``) plus a final end offset; blocks with entities also carry
  ``Block.ends`` (per-character source ends) so a span ending on ``&rdquo;`` covers all of it.
* **Metadata**: ``<meta name="ai-disclosure">`` -> ``Mark('meta')``; JSON-LD ``digitalSourceType``
  (IPTC codes, also as full IRIs) -> ``Mark('jsonld')``; ``datePublished`` (or
  ``article:published_time``) -> ``facts['year']``; ``<html lang>`` -> ``facts['lang']``;
  ``<meta name="description">`` -> ``metadata['description']``. ``content_start`` is the start of
  ``<body>`` content; ``after_title`` is the end of the title ``h1``'s close tag (when the title comes
  from ``<title>``, the body start, where visible text can be inserted).
"""

from __future__ import annotations

import html
import json
import re
from html.parser import HTMLParser

from ..model import Block, Comment, Document, InputError, Mark

VISIBLE, HEAD, HIDDEN, TITLE = range(4)

_BLOCK_TAGS = frozenset(
    "address article aside blockquote caption center dd details dialog dir div dl dt fieldset "
    "figcaption figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr li main menu nav ol p pre "
    "section summary table tbody td tfoot th thead tr ul body html".split()
)
#: Elements that stop the search for an open <p> to auto-close.
_P_SCOPE = _BLOCK_TAGS - {"p"}
_SKIP_TAGS = frozenset(
    "script style template noscript pre code svg math iframe object embed canvas select "
    "textarea button audio video map".split()
)
_VOID_TAGS = frozenset("area base br col embed hr img input link meta param source track wbr".split())
_KIND_TAGS = {"h1": "h1", "h2": "heading", "h3": "heading", "h4": "heading", "h5": "heading",
              "h6": "heading", "li": "list_item", "blockquote": "blockquote", "figcaption": "caption"}
_BOILERPLATE_TAGS = frozenset(("nav", "footer", "aside"))
_BOILERPLATE_ROLES = frozenset(("navigation", "contentinfo", "complementary", "banner"))
_SUMMARY_CLASSES = frozenset(
    "summary standfirst dek deck lede strapline subtitle subheadline article-summary".split()
)
#: tag -> (tags it closes, tags that stop the search)
_AUTO_CLOSE = {
    "li": (("li",), frozenset(("ul", "ol", "menu"))),
    "dt": (("dt", "dd"), frozenset(("dl",))),
    "dd": (("dt", "dd"), frozenset(("dl",))),
    "td": (("td", "th"), frozenset(("tr", "table"))),
    "th": (("td", "th"), frozenset(("tr", "table"))),
    "tr": (("tr", "td", "th"), frozenset(("table", "thead", "tbody", "tfoot"))),
}
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_COMMENT_CLOSE = re.compile(r"--\s*>")
_TAG_CLOSE = re.compile(">")
_TEXT_RUNS = re.compile(r"\s+|\S+")
_YEAR = re.compile(r"\b(1[89]\d\d|2\d\d\d)\b")
_META_STATUS = {"ai-generated": "generated", "generated": "generated", "ai-assisted": "assisted",
                "assisted": "assisted", "none": "none", "no-ai": "none", "human": "none"}


def digital_source_status(value: str) -> str | None:
    """IPTC digital source type (code or IRI) -> AI status; None for other algorithmic media."""
    code = value.strip().rstrip("/").rsplit("/", 1)[-1].lower()
    if "compositewithtrainedalgorithmicmedia" in code:
        return "assisted"
    if "trainedalgorithmicmedia" in code:
        return "generated"
    if "algorithmic" in code:
        return None
    return "none" if code else None


class _Text:
    """Accumulates one block's visible text and the source offset of every character."""

    __slots__ = ("chars", "offsets", "end", "ctx", "entity_ends")

    def __init__(self) -> None:
        self.chars: list[str] = []
        self.offsets: list[int] = []
        self.end = 0
        self.ctx: tuple | None = None
        self.entity_ends: dict[int, int] = {}  # index of a decoded entity character -> source end

    def add(self, data: str, off: int, ctx: tuple) -> None:
        """Source text ``data`` starting at ``off``, whitespace collapsed."""
        for m in _TEXT_RUNS.finditer(data):
            s = m.start()
            if data[s].isspace():
                if self.chars and self.chars[-1] != " ":
                    self.chars.append(" ")
                    self.offsets.append(off + s)
            else:
                if not self.chars:
                    self.ctx = ctx
                self.chars.extend(m.group())
                self.offsets.extend(range(off + s, off + m.end()))
                self.end = off + m.end()

    def add_decoded(self, value: str, off: int, end: int, ctx: tuple) -> None:
        """Decoded entity ``value`` whose source is ``[off, end)``."""
        if value.isspace():
            self.add(" ", off, ctx)
            return
        if not self.chars:
            self.ctx = ctx
        for i in range(len(self.chars), len(self.chars) + len(value)):
            self.entity_ends[i] = end
        self.chars.extend(value)
        self.offsets.extend([off] * len(value))
        self.end = end

    def take(self) -> Block | None:
        """The accumulated block (kind/section still from ``ctx``), and reset."""
        if self.chars and self.chars[-1] == " ":
            self.chars.pop()
            self.offsets.pop()
        block = None
        if self.chars:
            ends = None
            if self.entity_ends:
                ends = [o + 1 for o in self.offsets]
                for i, e in self.entity_ends.items():
                    ends[i] = e
            self.offsets.append(self.end)
            _, kind, section = self.ctx or (None, "paragraph", "body")
            block = Block(kind, section, "".join(self.chars), self.offsets[0], self.offsets, ends=ends)
        self.chars, self.offsets, self.ctx, self.entity_ends = [], [], None, {}
        return block


class _Reader(HTMLParser):
    def __init__(self, doc: Document):
        super().__init__(convert_charrefs=False)
        self.doc = doc
        self.src = doc.text
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", self.src)]
        root = (VISIBLE, "paragraph", "body")
        self.stack: list[tuple[str, tuple]] = [("#root", root)]
        self.open_count: dict[str, int] = {}
        self.body = _Text()
        self.title_text = _Text()
        self.title_element: Block | None = None
        self.title_element_end: int | None = None
        self.have_title = False
        self.jsonld: tuple[int, list[str]] | None = None
        self._last_close: dict[re.Pattern, tuple[str, int]] = {}
        self.tail_start = len(self.src)  # where the text without any ">" begins (parse_html)

    # -- positions -------------------------------------------------------------------------
    def pos(self) -> int:
        line, col = self.getpos()
        return self.line_starts[line - 1] + col

    def tag_end(self, off: int) -> int:
        gt = self.src.find(">", off)
        return gt + 1 if gt != -1 else len(self.src)

    # -- blocks ----------------------------------------------------------------------------
    def flush(self) -> bool:
        """Close the current block; True if it became the title."""
        block = self.body.take()
        if block is None:
            return False
        kind, section = block.kind, block.section
        is_title = False
        if kind == "h1" and section != "boilerplate" and not self.have_title:
            kind = section = "title"
            self.have_title = is_title = True
        elif kind in ("h1", "heading"):
            kind = "heading"
            section = section if section in ("boilerplate", "summary") else "heading"
        elif kind == "caption" and section == "body":
            section = "caption"
        block.kind, block.section = kind, section
        self.doc.blocks.append(block)
        return is_title

    def ctx_for(self, tag: str, attrs: dict[str, str | None]) -> tuple:
        mode, kind, section = self.stack[-1][1]
        if mode in (HIDDEN, TITLE):
            mode = HIDDEN
        elif tag == "title":
            mode = TITLE
        elif tag == "head":
            mode = HEAD
        elif (tag in _SKIP_TAGS or "hidden" in attrs
              or (attrs.get("aria-hidden") or "").strip().lower() == "true"
              or _HIDDEN_STYLE.search(attrs.get("style") or "")):
            mode = HIDDEN
        kind = _KIND_TAGS.get(tag, kind)
        if section != "boilerplate":
            if tag in _BOILERPLATE_TAGS or (attrs.get("role") or "").lower() in _BOILERPLATE_ROLES:
                section = "boilerplate"
            elif _SUMMARY_CLASSES.intersection((attrs.get("class") or "").lower().split()):
                section = "summary"
        return mode, kind, section

    def pop_to(self, index: int) -> bool:
        """Pop the stack down to (excluding) ``index``; flushes first if a block element closes."""
        made_title = False
        if any(tag in _BLOCK_TAGS for tag, _ in self.stack[index:]):
            made_title = self.flush()
        for tag, _ in self.stack[index:]:
            self.open_count[tag] -= 1
        del self.stack[index:]
        return made_title

    def find_open(self, names: tuple[str, ...], stop: frozenset[str]) -> int | None:
        for i in range(len(self.stack) - 1, 0, -1):
            tag = self.stack[i][0]
            if tag in names:
                return i
            if tag in stop:
                return None
        return None

    # -- parser callbacks --------------------------------------------------------------------
    def handle_starttag(self, tag: str, attr_list: list[tuple[str, str | None]]) -> None:
        off = self.pos()
        attrs = {k: v for k, v in attr_list}
        self.metadata(tag, attrs, off)
        if tag == "body":
            self.doc.content_start = off + len(self.get_starttag_text() or "")
        made_title = False
        if self.open_count.get("p") and tag in _BLOCK_TAGS:
            i = self.find_open(("p",), _P_SCOPE)
            if i is not None:
                made_title = self.pop_to(i)
        if tag in _AUTO_CLOSE:
            names, stop = _AUTO_CLOSE[tag]
            if any(self.open_count.get(n) for n in names):
                i = self.find_open(names, stop)
                if i is not None:
                    made_title = self.pop_to(i) or made_title
        if tag in _VOID_TAGS:
            if tag == "br":
                self.text(" ", off)
            elif tag == "hr":
                made_title = self.flush() or made_title
        else:
            if tag in _BLOCK_TAGS:
                made_title = self.flush() or made_title
            self.stack.append((tag, self.ctx_for(tag, attrs)))
            self.open_count[tag] = self.open_count.get(tag, 0) + 1
            if tag == "script" and "ld+json" in (attrs.get("type") or "").lower():
                self.jsonld = (off, [])
        if made_title:
            self.doc.after_title = off

    def handle_endtag(self, tag: str) -> None:
        off = self.pos()
        if tag == "script" and self.jsonld is not None:
            self.read_jsonld(self.jsonld[0], self.tag_end(off), "".join(self.jsonld[1]))
            self.jsonld = None
        if tag == "title" and self.stack[-1][1][0] == TITLE:
            self.finish_title_element(self.tag_end(off))
        if not self.open_count.get(tag):
            if tag == "p":  # browsers treat a stray </p> as an empty paragraph
                self.flush()
            elif tag == "br":
                self.text(" ", off)
            return
        i = self.find_open((tag,), frozenset())
        if i is not None and self.pop_to(i):
            self.doc.after_title = self.tag_end(off)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _VOID_TAGS:
            self.handle_endtag(tag)

    def handle_data(self, data: str) -> None:
        off = self.pos()
        if off + len(data) > self.tail_start:  # may hold placeholders for "<" (see parse_html)
            data = self.src[off:off + len(data)]
        if self.jsonld is not None:
            self.jsonld[1].append(data)
            return
        self.text(data, off)

    def text(self, data: str, off: int) -> None:
        ctx = self.stack[-1][1]
        if ctx[0] == VISIBLE:
            self.body.add(data, off, ctx)
        elif ctx[0] == TITLE and self.title_element is None:
            self.title_text.add(data, off, ctx)

    def entity(self, off: int, raw: str) -> None:
        ctx = self.stack[-1][1]
        value = html.unescape(raw)
        if value == raw:  # unknown entity: literal text
            self.text(raw, off)
        elif ctx[0] == VISIBLE:
            self.body.add_decoded(value, off, off + len(raw), ctx)
        elif ctx[0] == TITLE and self.title_element is None:
            self.title_text.add_decoded(value, off, off + len(raw), ctx)

    def handle_entityref(self, name: str) -> None:
        off = self.pos()
        end = off + 1 + len(name)
        if self.src.startswith(";", end):
            end += 1
        self.entity(off, self.src[off:end])

    def handle_charref(self, name: str) -> None:
        off = self.pos()
        end = off + 2 + len(name)
        if self.src.startswith(";", end):
            end += 1
        self.entity(off, self.src[off:end])

    # HTMLParser rescans to the end of the input for every unclosed "<!--" or "<tag", which is
    # quadratic on pages with thousands of them; these two overrides answer "incomplete" at once
    # when no closing "-->" / ">" follows (same result, linear time).
    def _last(self, pattern: re.Pattern) -> int:
        raw = self.rawdata
        cached = self._last_close.get(pattern)
        if cached is None or cached[0] is not raw:
            cached = (raw, max((m.end() for m in pattern.finditer(raw)), default=-1))
            self._last_close[pattern] = cached
        return cached[1]

    def parse_comment(self, i: int, report: int = 1) -> int:
        if i + 4 >= self._last(_COMMENT_CLOSE):
            return -1
        return super().parse_comment(i, report)

    def check_for_whole_start_tag(self, i: int) -> int:
        if i >= self._last(_TAG_CLOSE):
            return -1
        return super().check_for_whole_start_tag(i)

    def handle_comment(self, data: str) -> None:
        off = self.pos()
        end = off + 4 + len(data)
        end = end + 3 if self.src.startswith("-->", end) else self.tag_end(end)
        self.doc.comments.append(Comment(data.strip(), off, end))

    # -- metadata ----------------------------------------------------------------------------
    def metadata(self, tag: str, attrs: dict[str, str | None], off: int) -> None:
        doc = self.doc
        if tag == "html" and attrs.get("lang"):
            doc.facts.setdefault("lang", attrs["lang"].strip())
        elif tag == "meta":
            name = (attrs.get("name") or attrs.get("property") or "").strip().lower()
            content = (attrs.get("content") or "").strip()
            if name == "ai-disclosure":
                status = _META_STATUS.get(content.lower())
                raw = self.get_starttag_text() or ""
                if status is None:
                    doc.warnings.append(f'<meta name="ai-disclosure"> has unknown content {content!r} '
                                        "(expected ai-generated, ai-assisted or none)")
                else:
                    doc.marks.append(Mark("meta", status, off, off + len(raw), raw))
            elif name == "description":
                doc.metadata["description"] = content
            elif name == "article:published_time" and (m := _YEAR.search(content)):
                doc.facts.setdefault("year", int(m.group(1)))

    def read_jsonld(self, start: int, end: int, raw: str) -> None:
        try:
            data = json.loads(raw)
        except (ValueError, RecursionError) as exc:  # RecursionError: nested too deeply
            line = self.src.count("\n", 0, start) + 1
            self.doc.warnings.append(f"line {line}: invalid JSON-LD ignored ({exc})")
            return
        statuses: list[str] = []
        found: list[str] = []
        todo = [data]
        while todo:  # iterative walk: dicts, lists, @graph, nested objects
            node = todo.pop()
            if isinstance(node, list):
                todo.extend(reversed(node))
            elif isinstance(node, dict):
                for key, value in node.items():
                    if key == "digitalSourceType":
                        for v in value if isinstance(value, list) else [value]:
                            if isinstance(v, dict):
                                v = v.get("@id") or v.get("url") or v.get("name") or ""
                            if isinstance(v, str) and (status := digital_source_status(v)):
                                statuses.append(status)
                                found.append(v)
                    elif key == "datePublished" and isinstance(value, str) and (m := _YEAR.search(value)):
                        self.doc.facts.setdefault("year", int(m.group(1)))
                    if isinstance(value, (dict, list)):
                        todo.append(value)
        if statuses:
            status = next(s for s in ("generated", "assisted", "none") if s in statuses)
            self.doc.marks.append(Mark("jsonld", status, start, end, ", ".join(found)))

    def finish_title_element(self, end: int) -> None:
        block = self.title_text.take()
        if block is not None:
            block.kind = block.section = "title"
            self.title_element = block
            self.title_element_end = end

    def finish(self) -> None:
        self.close()
        self.flush()
        if self.jsonld is not None:  # unterminated <script type="application/ld+json">
            self.read_jsonld(self.jsonld[0], len(self.src), "".join(self.jsonld[1]))
        if self.title_element is None:
            self.finish_title_element(len(self.src))
        if not self.have_title and self.title_element is not None:
            self.doc.blocks.insert(0, self.title_element)
            body = self.doc.content_start
            self.doc.after_title = body if body else self.title_element_end


def parse_html(doc: Document, *, has_title: bool = False) -> None:
    """Fill ``doc`` from HTML source (see module docstring). With ``has_title`` (the caller made a
    title block already), headings are never promoted to title."""
    reader = _Reader(doc)
    reader.have_title = has_title
    # After the last ">" no tag, comment or declaration can be complete, so every "<" there ends
    # up as text -- but HTMLParser finds that out by searching to the end of the input once per
    # "</", "<?" or "<a" (quadratic: 10^5 of them took minutes). The parser gets those "<" as
    # NUL placeholders (same length, so positions hold) and ``handle_data`` reads such text back
    # from the source.
    tail = doc.text.rfind(">") + 1
    reader.tail_start = tail
    try:
        reader.feed(doc.text[:tail] + doc.text[tail:].replace("<", "\x00"))
        reader.finish()
    except (AssertionError, ValueError) as exc:  # HTMLParser gives up on some malformed input
        raise InputError(doc.path, f"cannot parse HTML: {exc}") from None
