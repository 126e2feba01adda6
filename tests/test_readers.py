"""Readers: exact blocks and exact offsets for every format, decoding, JSONL and file discovery."""

from __future__ import annotations

import html as html_lib
import json
import os

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from disclose.model import Document, InputError
from disclose.readers import decode, format_for, iter_files, parse, read_path, read_stdin


def check_offsets(doc: Document) -> None:
    """Every visible non-space character maps to the same source character (a decoded HTML
    entity maps to its ``&``); block metadata is consistent."""
    for i, block in enumerate(doc.blocks):
        assert block.paragraph == i
        assert block.text == block.text.strip() and block.text
        if block.offsets is not None:
            assert len(block.offsets) == len(block.text) + 1
            assert block.offsets[0] == block.start
            assert list(block.offsets) == sorted(block.offsets)
        if block.ends is not None:
            assert len(block.ends) == len(block.text)
            assert all(o < e for o, e in zip(block.offsets, block.ends))
        for j, ch in enumerate(block.text):
            if ch.isspace():
                continue
            src = doc.text[block.to_source(j)]
            assert src == ch or (doc.format == "html" and src == "&"), (block, j, ch, src)
        assert 0 <= block.start < block.end <= len(doc.text)


def summary(doc: Document) -> list[tuple[str, str, str]]:
    return [(b.kind, b.section, " ".join(b.text.split())) for b in doc.blocks]


def one(items) -> Document:
    items = list(items)
    assert len(items) == 1 and isinstance(items[0], Document), items
    return items[0]


# -- format_for / decode ---------------------------------------------------------------------

@pytest.mark.parametrize("path,fmt", [("a.md", "md"), ("A.MARKDOWN", "md"), ("x/y.html", "html"),
                                      ("y.htm", "html"), ("c.jsonl", "jsonl"), ("d.txt", "txt"),
                                      ("README", "txt"), ("e.rst", "txt")])
def test_format_for(path: str, fmt: str) -> None:
    assert format_for(path) == fmt


def test_decode_utf8_and_bom() -> None:
    assert decode("Café".encode(), "a") == ("Café", [])
    assert decode(b"\xef\xbb\xbfCaf\xc3\xa9", "a") == ("Café", [])


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_decode_utf16_bom(encoding: str) -> None:
    bom = b"\xff\xfe" if encoding.endswith("le") else b"\xfe\xff"
    text, warnings = decode(bom + "Élan “vital”.".encode(encoding), "a")
    assert (text, warnings) == ("Élan “vital”.", [])


def test_decode_cp1252_fallback_never_fails() -> None:
    text, warnings = decode(b"ok\ncaf\xe9 \x93quoted\x94 \x81\x8d\x8f\x90\x9d", "a")
    assert text == "ok\ncafé “quoted” \x81\x8d\x8f\x90\x9d"
    assert warnings == ["line 2: not valid UTF-8 (byte 0xE9); decoded as cp1252"]


def test_decode_binary_is_input_error() -> None:
    with pytest.raises(InputError) as exc:
        decode(b"\x89PNG\r\n\x1a\n\x00\x00\x00", "img.txt")
    assert exc.value.path == "img.txt"
    assert "binary" in exc.value.message


def test_bom_is_dropped_so_offsets_index_decoded_text(tmp_path) -> None:
    p = tmp_path / "a.txt"
    p.write_bytes(b"\xef\xbb\xbfTitle\n\nBody text.\n")
    doc = one(read_path(str(p)))
    assert doc.text.startswith("Title")
    assert [(b.start, b.text) for b in doc.blocks] == [(0, "Title"), (7, "Body text.")]


# -- txt -------------------------------------------------------------------------------------

TXT = """Storm batters the coast

LONDON (Reuters) -
A storm hit the coast on Monday, officials said, and
closed two ports.

What comes next
Residents were told to stay at home.
Schools will reopen on Friday.
- Roads remain shut.
- Trains run again
"""


def test_txt_blocks() -> None:
    doc = parse(TXT, "a.txt", "txt")
    check_offsets(doc)
    assert summary(doc) == [
        ("title", "title", "Storm batters the coast"),
        ("paragraph", "body", "LONDON (Reuters) - A storm hit the coast on Monday, officials said, and closed two ports."),
        ("heading", "heading", "What comes next"),
        ("paragraph", "body", "Residents were told to stay at home."),
        ("paragraph", "body", "Schools will reopen on Friday."),
        ("list_item", "body", "Roads remain shut."),
        ("list_item", "body", "Trains run again"),
    ]
    assert doc.after_title == len("Storm batters the coast\n")
    assert doc.content_start == 0
    assert all(b.offsets is None for b in doc.blocks)


def test_txt_wrapped_short_line_is_not_a_heading() -> None:
    doc = parse("Title\n\nThe minister said that the\nplan would go ahead.\n", "a.txt", "txt")
    assert summary(doc)[1:] == [("paragraph", "body", "The minister said that the plan would go ahead.")]


def test_txt_empty_and_whitespace_only() -> None:
    for text in ("", "  \n\n \t\n"):
        doc = parse(text, "a.txt", "txt")
        assert doc.blocks == [] and doc.after_title is None


# -- md --------------------------------------------------------------------------------------

MD = """---
title: Not visible
ai: generated
date: 2024-03-05
lang: de
---
# The *real* title

Intro with `code()` and [a link](https://example.com/a_b "T") and <https://auto.example>.
See https://bare.example/path. Also **bold**, _em_, snake_case, 5 * 3 and [insert name].

## Section two ##

- first *item*
  wrapped line
- > quoted item

> A quote
> on two lines.

```python
print("not prose")  <!-- not a comment -->
```

<!-- disclose-disable core/x -->

    indented code

Setext heading
--------------

![A harbour at dawn](img.png)

| Year | Value |
|------|-------|
| 2024 | 3.5 |

Ref [label] here.

[label]: https://ref.example
"""


def test_markdown_blocks_and_masking() -> None:
    doc = parse(MD, "a.md", "md")
    check_offsets(doc)
    assert summary(doc) == [
        ("title", "title", "The real title"),
        # masked markers leave spaces (identity offsets): "bold  ," not "bold,"
        ("paragraph", "body", "Intro with and a link and . See . Also bold , em , snake_case, 5 * 3 and [insert name]."),
        ("heading", "heading", "Section two"),
        ("list_item", "body", "first item wrapped line"),
        ("blockquote", "body", "quoted item"),
        ("blockquote", "body", "A quote on two lines."),
        ("heading", "heading", "Setext heading"),
        ("caption", "caption", "A harbour at dawn"),
        ("paragraph", "body", "Year"),
        ("paragraph", "body", "Value"),
        ("paragraph", "body", "2024"),
        ("paragraph", "body", "3.5"),
        ("paragraph", "body", "Ref label here."),
    ]
    # masking keeps lengths: identity offsets everywhere
    assert all(b.offsets is None for b in doc.blocks)
    intro = doc.blocks[1]
    assert intro.text.startswith("Intro with          and  a link ")
    assert "https" not in " ".join(b.text for b in doc.blocks)
    assert "print" not in " ".join(b.text for b in doc.blocks)


def test_markdown_front_matter_yaml() -> None:
    doc = parse(MD, "a.md", "md")
    assert doc.metadata["title"] == "Not visible" and doc.metadata["ai"] == "generated"
    assert doc.facts == {"year": 2024, "lang": "de"}
    assert doc.content_start == MD.index("# The")
    assert doc.after_title == MD.index("# The *real* title\n") + len("# The *real* title\n")
    [mark] = doc.marks
    assert (mark.source, mark.status) == ("front_matter", "generated")
    assert doc.text[mark.start:mark.end] == "ai: generated" == mark.raw
    assert [(c.text, doc.text[c.start:c.end]) for c in doc.comments] == [
        ("disclose-disable core/x", "<!-- disclose-disable core/x -->")]


def test_markdown_front_matter_toml() -> None:
    text = '+++\ntitle = "T"\nai_generated = false\ndate = 2021-06-01\n+++\nBody *text* here.\n'
    doc = parse(text, "a.md", "md")
    check_offsets(doc)
    assert summary(doc) == [("paragraph", "body", "Body text here.")]
    assert doc.metadata["title"] == "T"
    assert [(m.source, m.status, m.raw) for m in doc.marks] == [("front_matter", "none", "ai_generated = false")]
    assert doc.facts == {"year": 2021}
    assert doc.after_title is None


@pytest.mark.parametrize("text,line", [
    ("---\ntitle: [unclosed\n---\nBody.\n", 3),
    ("---\ntitle: x\nBody without end.\n", 1),
    ("+++\ntitle = \n+++\nBody.\n", 2),
    ("---\n- a list\n---\nBody.\n", 2),
])
def test_markdown_invalid_front_matter(text: str, line: int) -> None:
    with pytest.raises(InputError) as exc:
        parse(text, "bad.md", "md")
    assert exc.value.message.startswith("invalid front matter")
    assert exc.value.line == line


def test_markdown_crlf_and_no_front_matter() -> None:
    text = "# Title\r\n\r\nFirst para.\r\nStill first.\r\n\r\n## Next\r\n"
    doc = parse(text, "a.md", "md")
    check_offsets(doc)
    assert summary(doc) == [("title", "title", "Title"), ("paragraph", "body", "First para. Still first."),
                            ("heading", "heading", "Next")]
    assert doc.after_title == len("# Title\r\n")


def test_markdown_paragraph_before_h1_means_no_title() -> None:
    doc = parse("Lead paragraph.\n\n# Late heading\n", "a.md", "md")
    assert summary(doc) == [("paragraph", "body", "Lead paragraph."), ("heading", "heading", "Late heading")]
    assert doc.after_title is None


def test_markdown_reference_links_and_escapes() -> None:
    text = "See [a][b], [b] and \\*not emphasis\\* or [c].\n\n[b]: https://ref.example\n"
    doc = parse(text, "a.md", "md")
    check_offsets(doc)
    assert summary(doc) == [("paragraph", "body", "See a , b and *not emphasis * or [c].")]


MARKUP = ["# ", "## ", "\n", "\n\n", "> ", "- ", "1. ", "*", "**", "_", "`", "```", "[", "]", "(", ")",
          "https://x.example/a", "<b>", "</b>", "<p>", "</p>", "<div hidden>", "</div>", "<!--", "-->",
          "&amp;", "&#8217;", "&rdquo;", "&", ";", "Word", "word", ".", " ", "\\", "|", "---", "+++", "===",
          "<script>", "</script>", "<li>", "<h1>", "</h1>", "é", "“", "\r\n", "\t", "    ", "![a](b)",
          "[r]: /u", "[r]", "<title>", "</title>", "&nbsp;", "<br>", "<pre>", "a<b"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(MARKUP), max_size=30), st.sampled_from(["txt", "md", "html"]))
def test_offsets_hold_on_markup_soup(pieces: list[str], fmt: str) -> None:
    try:
        doc = parse("".join(pieces), "soup", fmt)
    except InputError:  # e.g. unterminated front matter
        return
    check_offsets(doc)


# -- html ------------------------------------------------------------------------------------

HTML = """<!DOCTYPE html>
<html lang="en-GB">
<head>
<title>Site &amp; title</title>
<meta name="ai-disclosure" content="ai-assisted">
<meta name="description" content="What happened">
<script type="application/ld+json">
{"@context": "https://schema.org", "@graph": [{"@type": "NewsArticle", "datePublished": "2023-05-01T10:00:00Z",
 "image": {"@type": "ImageObject",
  "digitalSourceType": "http://cv.iptc.org/newscodes/digitalsourcetype/compositeWithTrainedAlgorithmicMedia"}}]}
</script>
<style>p { color: red }</style>
</head>
<body>
<nav><a href="/">Home</a> <a href="/news">News</a></nav>
<header><h1>Flood   <em>warning</em> issued</h1></header>
<p class="standfirst">Rivers are rising.</p>
<p>Officials said &ldquo;stay home&rdquo; &amp; caf&#233;s&nbsp;closed.
<p>Visible<span hidden>HIDDEN1</span><span aria-hidden="true">HIDDEN2</span><span style="display: none">HIDDEN3</span> text<br>continues.
<!-- disclose-disable-next-line core/y -->
<div><h2>Timeline</h2><ul><li>Monday<li>Tuesday</ul></div>
<pre>code block</pre>
<figure><img src="a.jpg" alt="ignored"><figcaption>The river at noon.</figcaption></figure>
<template><p>TEMPLATE</p></template><noscript>NOSCRIPT</noscript>
<script>document.write("<p>SCRIPT</p>");</script>
<aside>Related stories</aside>
<footer>Copyright 2023</footer>
</body>
</html>
"""


def test_html_blocks() -> None:
    doc = parse(HTML, "a.html", "html")
    check_offsets(doc)
    assert summary(doc) == [
        ("paragraph", "boilerplate", "Home News"),
        ("title", "title", "Flood warning issued"),
        ("paragraph", "summary", "Rivers are rising."),
        ("paragraph", "body", "Officials said “stay home” & cafés closed."),
        ("paragraph", "body", "Visible text continues."),
        ("heading", "heading", "Timeline"),
        ("list_item", "body", "Monday"),
        ("list_item", "body", "Tuesday"),
        ("caption", "caption", "The river at noon."),
        ("paragraph", "boilerplate", "Related stories"),
        ("paragraph", "boilerplate", "Copyright 2023"),
    ]
    visible = " ".join(b.text for b in doc.blocks)
    for hidden in ("HIDDEN", "TEMPLATE", "NOSCRIPT", "SCRIPT", "code block", "color", "Site"):
        assert hidden not in visible


def test_html_entity_offsets() -> None:
    doc = parse(HTML, "a.html", "html")
    block = doc.blocks[3]
    i = block.text.index("“")
    assert doc.text.startswith("&ldquo;", block.to_source(i))
    e = block.text.index("é")
    assert doc.text.startswith("&#233;", block.to_source(e))
    amp = block.text.index("&")
    assert doc.text.startswith("&amp;", block.to_source(amp))
    # whitespace-collapsed title: offsets still exact; end offset is after the last character
    title = doc.blocks[1]
    assert doc.text[title.to_source(title.text.index("w"))] == "w"
    assert doc.text[title.start:title.end] == "Flood   <em>warning</em> issued"
    assert html_lib.unescape(doc.text[block.start:block.end]).startswith("Officials said “stay home”")
    # a span ending on a decoded entity covers the whole entity in the source
    s, e = block.span_to_source(0, block.text.index("”") + 1)
    assert doc.text[s:e] == "Officials said &ldquo;stay home&rdquo;"
    s, e = block.span_to_source(0, len(block.text))
    assert doc.text[s:e] == doc.text[block.start:block.end]
    assert doc.text[block.end - 1] == "." and doc.text[s:e].endswith("&nbsp;closed.")


def test_html_metadata() -> None:
    doc = parse(HTML, "a.html", "html")
    assert [(m.source, m.status) for m in doc.marks] == [("meta", "assisted"), ("jsonld", "assisted")]
    meta = doc.marks[0]
    assert doc.text[meta.start:meta.end] == '<meta name="ai-disclosure" content="ai-assisted">'
    jsonld = doc.marks[1]
    assert doc.text[jsonld.start:jsonld.end].startswith('<script type="application/ld+json">')
    assert doc.text[jsonld.start:jsonld.end].endswith("</script>")
    assert doc.facts == {"lang": "en-GB", "year": 2023}
    assert doc.metadata["description"] == "What happened"
    assert doc.content_start == HTML.index("<body>") + len("<body>")
    assert doc.after_title == HTML.index("</h1>") + len("</h1>")
    assert [(c.text, doc.text[c.start:c.end]) for c in doc.comments] == [
        ("disclose-disable-next-line core/y", "<!-- disclose-disable-next-line core/y -->")]


@pytest.mark.parametrize("value,status", [
    ("trainedAlgorithmicMedia", "generated"),
    ("http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia", "generated"),
    ("compositeWithTrainedAlgorithmicMedia", "assisted"),
    ("http://cv.iptc.org/newscodes/digitalsourcetype/digitalCapture", "none"),
    ("humanEdits", "none"),
])
def test_html_jsonld_digital_source_type(value: str, status: str) -> None:
    payload = json.dumps([{"@type": "NewsArticle", "digitalSourceType": value}])
    doc = parse(f'<script type="application/ld+json">{payload}</script><p>Body.</p>', "a.html", "html")
    assert [(m.source, m.status) for m in doc.marks] == [("jsonld", status)]


def test_html_invalid_jsonld_is_a_warning() -> None:
    doc = parse('<script type="application/ld+json">{not json</script><p>Body.</p>', "a.html", "html")
    assert doc.marks == [] and len(doc.warnings) == 1 and "JSON-LD" in doc.warnings[0]
    assert summary(doc) == [("paragraph", "body", "Body.")]


def test_html_title_element_when_no_h1() -> None:
    text = "<html><head><title>Only &quot;title&quot;</title></head><body><p>Text &bogus; AT&T and 5 &lt; 6.</p></body></html>"
    doc = parse(text, "a.html", "html")
    check_offsets(doc)
    assert summary(doc) == [("title", "title", 'Only "title"'), ("paragraph", "body", "Text &bogus; AT&T and 5 < 6.")]
    assert doc.after_title == doc.content_start == text.index("<p>")


def test_html_sloppy_markup() -> None:
    text = "<p>One<p>Two <b>bold<i>both</b> after</i><ul><li>Item one<li>Item two</ul></div></span><table><tr><td>A<td>B</table>"
    doc = parse(text, "a.html", "html")
    check_offsets(doc)
    assert summary(doc) == [
        ("paragraph", "body", "One"), ("paragraph", "body", "Two boldboth after"),
        ("list_item", "body", "Item one"), ("list_item", "body", "Item two"),
        ("paragraph", "body", "A"), ("paragraph", "body", "B"),
    ]


def test_html_deep_nesting_does_not_crash() -> None:
    depth = 50_000
    text = "<div>" * depth + "Deep <b>text</b>." + "</div>" * depth + "<p>After.</p>"
    doc = parse(text, "a.html", "html")
    check_offsets(doc)
    assert summary(doc) == [("paragraph", "body", "Deep text."), ("paragraph", "body", "After.")]
    unclosed = parse("<span>" * depth + "x", "b.html", "html")
    assert summary(unclosed) == [("paragraph", "body", "x")]


# -- jsonl -----------------------------------------------------------------------------------

def test_jsonl_records_and_errors(tmp_path) -> None:
    lines = [
        json.dumps({"id": 7, "title": "Flood warning", "text": "Rivers rose.\nRoads closed.",
                    "metadata": {"ai": "generated", "date": "2022-01-02", "lang": "en"}}),
        "{not json",
        "",
        json.dumps(["not", "an", "object"]),
        json.dumps({"id": "b", "body": "# Heading\n\nText with `code`.", "format": "md"}),
        json.dumps({"title": "No text"}),
        json.dumps({"content": "<p>Hi &amp; bye.</p>", "format": "html", "ai_generated": True}),
    ]
    p = tmp_path / "c.jsonl"
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = list(read_path(str(p)))
    kinds = [type(i).__name__ for i in items]
    assert kinds == ["Document", "InputError", "InputError", "Document", "InputError", "Document"]
    errors = [i for i in items if isinstance(i, InputError)]
    assert [e.line for e in errors] == [2, 4, 6]
    assert all(e.message.startswith(f"line {e.line}: ") and e.path == str(p) for e in errors)

    first, second, third = [i for i in items if isinstance(i, Document)]
    for doc in (first, second, third):
        check_offsets(doc)
        assert doc.path == str(p)
    assert first.id == "7" and first.text == "Flood warning\n\nRivers rose.\nRoads closed."
    assert summary(first) == [("title", "title", "Flood warning"), ("paragraph", "body", "Rivers rose."),
                              ("paragraph", "body", "Roads closed.")]
    assert first.after_title == len("Flood warning\n")
    assert [(m.source, m.status) for m in first.marks] == [("jsonl", "generated")]
    assert first.facts == {"year": 2022, "lang": "en"} and first.metadata["ai"] == "generated"
    assert second.id == "b" and second.format == "md"
    assert summary(second) == [("title", "title", "Heading"), ("paragraph", "body", "Text with .")]
    assert third.id == "line 7" and third.format == "html"
    assert summary(third) == [("paragraph", "body", "Hi & bye.")]
    assert [(m.source, m.status) for m in third.marks] == [("jsonl", "generated")]


def test_jsonl_title_with_markdown_body_offsets() -> None:
    data = json.dumps({"title": "T", "text": "Para *one*.", "format": "md"}).encode() + b"\n"
    doc = one(read_stdin(data, "x.jsonl"))
    check_offsets(doc)
    assert summary(doc) == [("title", "title", "T"), ("paragraph", "body", "Para one .")]
    assert doc.blocks[1].start == len("T\n\n")


# -- stdin / read_path -----------------------------------------------------------------------

def test_read_stdin_formats() -> None:
    doc = one(read_stdin(b"Title line\n\nBody.", None))
    assert (doc.path, doc.format) == ("-", "txt")
    md = one(read_stdin(b"# T\n\nBody *x*.", "post.md"))
    assert (md.path, md.format) == ("post.md", "md")
    assert summary(md) == [("title", "title", "T"), ("paragraph", "body", "Body x .")]
    bad = list(read_stdin(b"\x00\x01", None))
    assert isinstance(bad[0], InputError) and bad[0].path == "-"


def test_read_path_errors_and_warnings(tmp_path) -> None:
    missing = list(read_path(str(tmp_path / "nope.txt")))
    assert isinstance(missing[0], InputError)
    (tmp_path / "latin.txt").write_bytes(b"Caf\xe9 news\n\nIt opened.\n")
    doc = one(read_path(str(tmp_path / "latin.txt")))
    assert doc.blocks[0].text == "Café news" and doc.warnings == ["line 1: not valid UTF-8 (byte 0xE9); decoded as cp1252"]
    (tmp_path / "bad.md").write_text("---\nai: [\n---\nx\n")
    err = list(read_path(str(tmp_path / "bad.md")))
    assert isinstance(err[0], InputError) and err[0].line is not None
    (tmp_path / "u16.md").write_bytes(b"\xff\xfe" + "# Überschrift\n\nText.\n".encode("utf-16-le"))
    doc = one(read_path(str(tmp_path / "u16.md")))
    assert summary(doc) == [("title", "title", "Überschrift"), ("paragraph", "body", "Text.")]


# -- iter_files ------------------------------------------------------------------------------

def _tree(tmp_path) -> str:
    for rel in ("b.md", "a.txt", "img.png", "sub/c.html", "sub/deep/d.jsonl", "drafts/x.md",
                ".git/e.md", ".venv/f.md", "sub/g.markdown", "h.htm"):
        path = tmp_path / "root" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x")
    return str(tmp_path / "root")


def _rel(root: str, items) -> list[str]:
    return [os.path.relpath(i, root) for i in items if isinstance(i, str)]


def test_iter_files_walks_sorted_and_skips_hidden(tmp_path) -> None:
    root = _tree(tmp_path)
    assert _rel(root, iter_files([root])) == [
        "a.txt", "b.md", "h.htm", "drafts/x.md", "sub/c.html", "sub/g.markdown", "sub/deep/d.jsonl"]


def test_iter_files_explicit_files_missing_and_dedup(tmp_path) -> None:
    root = _tree(tmp_path)
    png = os.path.join(root, "img.png")
    items = list(iter_files([png, os.path.join(root, "missing.md"), root, "-"]))
    assert items[0] == png  # explicitly named: taken whatever the extension
    assert isinstance(items[1], InputError) and items[1].path.endswith("missing.md")
    assert items[-1] == "-"
    again = list(iter_files([os.path.join(root, "a.txt"), root]))
    assert _rel(root, again).count("a.txt") == 1


def test_iter_files_symlink_loop(tmp_path) -> None:
    root = _tree(tmp_path)
    os.symlink(os.path.join(root, "sub"), os.path.join(root, "sub", "deep", "loop"))
    os.symlink(root, os.path.join(root, "self"))
    items = list(iter_files([root]))
    errors = [i for i in items if isinstance(i, InputError)]
    assert sorted(os.path.relpath(e.path, root) for e in errors) == ["self", "sub/deep/loop"]
    assert all("loop" in e.message for e in errors)
    assert _rel(root, items).count("sub/c.html") == 1
