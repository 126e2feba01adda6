"""The HTML report (``lint --format html``): what it shows, that it is self-contained, that its
markup nests, and that it streams. The same report in a real browser: ``test_html_browser.py``."""

from __future__ import annotations

import json
import re
import tracemalloc
from io import StringIO

from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from disclose.cli import app
from disclose.engine import FileResult, Linter
from disclose.model import Violation
from disclose.policy import BUILTIN_DEFAULT, load_ruleset
from disclose.readers import parse as parse_article
from disclose.reporters import get_reporter
from disclose.reporters.html import CSP, _render_block, _Span

from tests.htmldom import parse

runner = CliRunner()

HTML_ARTICLE = """<!doctype html><html><head><title>t</title>
<meta name="ai-disclosure" content="ai-generated"></head><body><article>
<h1>Harbour &amp; port reopen</h1>
<p>This article was generated with AI.</p>
<p>The harbour reopened on <b>Monday</b> after repairs, the port authority said. It was the
<em>biggest</em> repair in the town&rsquo;s history, experts believe.</p>
</article></body></html>
"""
MARKDOWN_ARTICLE = """---
ai: assisted
---
# Council budget

Written with the help of AI and edited by Jane Doe.

The council **approved** the budget on Tuesday, the mayor's office said. Sources say the vote was close.
"""
TEXT_ARTICLE = "Bridge closed\n\nThe bridge closed on Friday. It is reportedly the worst damage ever seen.\n"


def lint(*args: str) -> tuple[int, str]:
    res = runner.invoke(app, ["lint", *args])
    return res.exit_code, res.output


def report_of(tmp_path, *paths, extra=()) -> tuple[str, dict]:
    """The HTML report and the JSON report of the same run."""
    out = tmp_path / "report.html"
    code, _ = lint(*map(str, paths), "--format", "html", "--output", str(out), *extra)
    assert code in (0, 1, 2)
    _, js = lint(*map(str, paths), "--format", "json", *extra)
    return out.read_text(encoding="utf-8"), json.loads(js)


def marks_by_violation(article) -> dict[str, str]:
    """data-v -> the text it highlights (pieces joined, reference numbers left out)."""
    out: dict[str, str] = {}
    for mark in article.find_all("mark", data_v=True):
        # a nested mark is its own entry; its text also counts for the mark around it
        out[mark.get("data-v")] = out.get(mark.get("data-v"), "") + _without_refs(mark)
    return out


def _without_refs(node) -> str:
    return "".join(c if isinstance(c, str) else ("" if c.tag == "sup" else _without_refs(c)) for c in node.children)


# -- the seed article ----------------------------------------------------------------------------


def test_seed_report_marks_every_violation_where_it_is(tmp_path, seed_article):
    page, report = report_of(tmp_path, seed_article)
    dom = parse(page)  # strict: fails on overlapping tags
    text = seed_article.read_text(encoding="utf-8")
    [article] = dom.find_all("article")
    violations = report["files"][0]["violations"]
    assert article.get("data-violations") == str(len(violations))
    marked = marks_by_violation(article)
    assert set(marked) == {str(i) for i in range(1, len(violations) + 1)}
    for i, v in enumerate(violations, 1):
        first = dom.find(id=f"a1-m{i}")
        assert first is not None and first.get("data-rule") == v["rule"]
        assert v["message"] in first.get("title")
        # the highlighted text is the violation's span of the file (whitespace aside)
        assert " ".join(marked[str(i)].split()) == " ".join(text[v["start"]:v["end"]].split())
        item = dom.find("li", id=f"a1-v{i}")
        assert item.get("data-rule") == v["rule"] and item.get("data-severity") == v["severity"]
        assert f"line {v['line']}, col {v['column']}" in item.text()
        assert item.find("a", href=f"#a1-m{i}") is not None


def test_seed_report_summary_matches_the_json_report(tmp_path, seed_article):
    page, report = report_of(tmp_path, seed_article)
    dom = parse(page)
    shown = {dd.get("data-summary"): int(dd.text()) for dd in dom.find_all("dd", data_summary=True)}
    summary = report["summary"]
    assert {k: shown[k] for k in ("files", "violations", "error", "warning", "info")} == \
        {k: summary[k] for k in ("files", "violations", "error", "warning", "info")}
    per_rule: dict[str, int] = {}
    for v in report["files"][0]["violations"]:
        per_rule[v["rule"]] = per_rule.get(v["rule"], 0) + 1
    table = {td.get("data-rule"): int(td.text()) for td in dom.find_all("td", data_rule=True)}
    assert table == per_rule
    bars = dom.find("svg", class_="chart")
    assert len(bars.find_all("rect")) == len(per_rule)
    assert "newsroom" in dom.find("header").text() and "eu-ai-act" in dom.find("header").text()
    status = dom.find("td", data_status="generated")
    assert status.get("data-source") == "text" and status.text() == "1"


def test_seed_report_outlines_the_disclosure_and_underlines_named_sources(tmp_path, seed_article):
    page, _ = report_of(tmp_path, seed_article)
    dom = parse(page)
    text = dom.find("div", class_="text")
    pieces = text.find_all("span", class_="disc")  # split where a highlight crosses its edge
    assert "".join(_without_refs(p) for p in pieces if p.parent.get("class") != "disc").startswith(
        "This content is AI-generated based on source articles.")
    assert all("at the end" in p.get("title") and "303 words" in p.get("title") for p in pieces)
    [badge] = text.find_all("span", class_="disc-label")
    assert "at the end" in badge.text()
    sources = [s.text() for s in text.find_all("span", class_="src")]
    assert any("SANA" in s for s in sources)
    facts = dom.find("ul", class_="facts").text()
    assert "generated" in facts and "a disclosure in the text" in facts and "303 words into the body" in facts
    # the boilerplate "Related Articles" section is shown, greyed, and carries no mark
    boiler = dom.find_all("p", class_="sec-boilerplate")
    assert boiler and not any(p.find_all("mark") for p in boiler)


def test_report_is_self_contained(tmp_path, seed_article):
    page, _ = report_of(tmp_path, seed_article)
    dom = parse(page)
    csp = dom.find("meta", http_equiv="Content-Security-Policy")
    assert csp.get("content") == CSP == \
        "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:"
    for node in dom.iter():
        for attr in ("src", "href", "action", "srcset", "poster", "data"):
            value = node.get(attr)
            assert value is None or value.startswith("#"), f"<{node.tag} {attr}={value!r}>"
        assert node.tag not in ("link", "iframe", "object", "embed", "img")
    style = "".join(s.text() for s in dom.find_all("style"))
    assert "url(" not in style and "@import" not in style and "@font-face" not in style


# -- what the reader sees ------------------------------------------------------------------------


def test_html_input_shows_visible_text_with_exact_marks(tmp_path):
    f = tmp_path / "story.html"
    f.write_text(HTML_ARTICLE, encoding="utf-8")
    page, report = report_of(tmp_path, f)
    dom = parse(page)
    text = dom.find("div", class_="text")
    shown = _without_refs(text)
    assert "Harbour & port reopen" in shown and "town’s history" in shown
    assert "<b>" not in shown and "<em>" not in shown and "&rsquo;" not in shown
    rules = [v["rule"] for v in report["files"][0]["violations"]]
    marks = marks_by_violation(text)
    vague = rules.index("newsroom/vague-attribution") + 1
    assert marks[str(vague)] == "experts believe"
    assert [s.text() for s in text.find_all("span", class_="src")] == ["the port authority"]
    assert "".join(_without_refs(p) for p in text.find_all("span", class_="disc")) == "This article was generated with AI."


def test_markdown_markup_is_not_shown(tmp_path):
    f = tmp_path / "notes.md"
    f.write_text(MARKDOWN_ARTICLE, encoding="utf-8")
    page, _ = report_of(tmp_path, f)
    shown = _without_refs(parse(page).find("div", class_="text"))
    assert "approved" in shown and "**" not in shown and "ai: assisted" not in shown


def test_text_is_escaped(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text('Scripts\n\nThe page said <script>alert("x")</script> and <img src=x onerror=y> reportedly.\n',
                 encoding="utf-8")
    page, _ = report_of(tmp_path, f)
    dom = parse(page)
    assert len(dom.find_all("script")) == 1  # the report's own
    assert not dom.find_all("img")
    assert '<script>alert("x")</script>' in _without_refs(dom.find("div", class_="text"))


def test_corpus_table_lists_every_article_worst_first(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "story.html").write_text(HTML_ARTICLE, encoding="utf-8")
    (corpus / "notes.md").write_text(MARKDOWN_ARTICLE, encoding="utf-8")
    (corpus / "plain.txt").write_text(TEXT_ARTICLE, encoding="utf-8")
    records = [{"id": f"r{i}", "text": "Quiet day\n\nNothing happened, the police said."} for i in range(3)]
    (corpus / "feed.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    (corpus / "bad.txt").write_bytes(b"\x00\x01binary")
    page, report = report_of(tmp_path, corpus)
    dom = parse(page)
    rows = dom.find("table", id="index-table").find_all("tr", data_i=True)
    assert len(rows) == len(report["files"]) == 6
    names = {r.find("th").text() for r in rows}
    assert names == {f["path"] + (f"#{f['id']}" if f["id"] else "") for f in report["files"]}
    errors = [int(r.find_all("td")[-4].text()) for r in rows]
    totals = [int(r.find_all("td")[-1].text()) for r in rows]
    assert errors == sorted(errors, reverse=True)
    assert sum(totals) == report["summary"]["violations"]
    for row in rows:
        anchor = row.find("a").get("href")[1:]
        article = dom.find("article", id=anchor)
        assert article is not None and article.find("h3").text() == row.find("th").text()
        assert article.get("data-violations") == row.find_all("td")[-1].text()
    assert "bad.txt" in dom.find("section", id="input-errors").text()
    assert dom.find("dd", data_summary="input-errors").text() == "1"


# -- the pieces ----------------------------------------------------------------------------------


def _block_html(text: str, spans: list[tuple[int, int, int]]) -> str:
    objs = [_Span(s, e, layer, f"k{i}", f'<mark data-i="{i}" class="first">', f'<mark data-i="{i}">', "</mark>")
            for i, (s, e, layer) in enumerate(spans)]
    block = {"type": "block", "start": 0, "end": len(text), "kind": "paragraph", "section": "body"}
    return _render_block("a1", block, text, objs, set())


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_overlapping_annotations_nest_and_keep_the_text(data):
    text = data.draw(st.text(alphabet="ab <&>\"é", min_size=1, max_size=40))
    n = len(text)
    spans = data.draw(st.lists(
        st.tuples(st.integers(0, n - 1), st.integers(1, n), st.integers(0, 3)).filter(lambda t: t[0] < t[1]),
        max_size=6))
    dom = parse(_block_html(text, spans))  # raises on overlapping tags
    [p] = dom.find_all("p")
    assert p.text() == text
    for i, (s, e, _) in enumerate(spans):
        pieces = p.find_all("mark", data_i=str(i))
        covered = "".join(_direct_text(m) for m in pieces)
        # every character of the span is inside one of its pieces, none outside it
        assert sorted(covered) == sorted(text[s:e])
        assert len([m for m in pieces if "first" in (m.get("class") or "")]) == 1


def _direct_text(node) -> str:
    """Text of ``node`` not inside a nested piece of the same annotation."""
    out = []
    for c in node.children:
        if isinstance(c, str):
            out.append(c)
        elif c.get("data-i") != node.get("data-i"):
            out.append(_direct_text_excluding(c, node.get("data-i")))
    return "".join(out)


def _direct_text_excluding(node, key) -> str:
    return "".join(c if isinstance(c, str) else ("" if c.get("data-i") == key else _direct_text_excluding(c, key))
                   for c in node.children)


def test_highlights_only_when_asked():
    ruleset = load_ruleset(list(BUILTIN_DEFAULT))
    doc = parse_article(HTML_ARTICLE, "story.html", "html")
    assert Linter(ruleset).lint(doc).highlights is None
    doc = parse_article(HTML_ARTICLE, "story.html", "html")
    hl = Linter(ruleset, highlights=True).lint(doc).highlights
    kinds = {h["type"] for h in hl}
    assert kinds == {"block", "disclosure", "source"}
    json.dumps(hl)  # plain values: they cross process boundaries
    for h in hl:
        if h["type"] == "block" and "offsets" in h:
            assert len(h["offsets"]) == len(h["text"])
            assert all(doc.text[o] == ch for o, ch in zip(h["offsets"], h["text"]) if ch.isalnum())
        if h["type"] == "source":
            assert doc.text[h["start"]:h["end"]] == h["text"] == "the port authority"


def test_analyze_refuses_html(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text(TEXT_ARTICLE, encoding="utf-8")
    res = runner.invoke(app, ["analyze", str(f), "--format", "html"])
    assert res.exit_code == 2 and "html" in res.output  # analyze writes json or text; lint writes html


def test_reporter_memory_stays_flat_on_large_corpora():
    """The reporter keeps a small row per article, never the texts: peak memory for 2,000 long
    articles is close to that for 200."""
    paragraph = ("The committee met on Tuesday and, according to its chair, agreed the plan. " * 40 + "\n\n")
    body = paragraph * 8  # about 25 kB

    def peak(count: int) -> int:
        stream = StringIO()
        reporter = get_reporter("html", stream, policies=["newsroom"])
        tracemalloc.start()
        for i in range(count):
            text = f"Article {i}\n\n" + body  # a new string each time, as from a reader
            v = Violation(rule="newsroom/unsupported-claim", kind="claim", severity="warning", message="m",
                          start=20, end=60, line=3, column=1, end_line=3, end_column=41, excerpt="x")
            reporter.file(FileResult(f"a{i}.txt", None, "unknown", "none", violations=[v], text=text,
                                     highlights=[{"type": "block", "start": 0, "end": len(text),
                                                  "kind": "paragraph", "section": "body"}]))
        _, top = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        reporter.finish({"files": count, "violations": count, "error": 0, "warning": count, "info": 0})
        assert stream.getvalue().count("<article ") == count
        return top

    small, large = peak(200), peak(2000)
    assert large < small + 3_000_000, (small, large)  # 1,800 more texts would be 45 MB


def test_cli_writes_html_to_stdout_without_output(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text(TEXT_ARTICLE, encoding="utf-8")
    code, out = lint(str(f), "--format", "html")
    assert code == 0 and out.startswith("<!DOCTYPE html>") and out.rstrip().endswith("</html>")
    assert re.search(r'<mark id="a1-m1"', out)


def test_report_inside_the_linted_folder_is_not_linted(tmp_path):
    (tmp_path / "a.txt").write_text(TEXT_ARTICLE, encoding="utf-8")
    out = tmp_path / "report.html"
    for _ in range(2):  # the second run finds the first run's report in the folder
        code, _ = lint(str(tmp_path), "--format", "html", "--output", str(out))
        assert code == 0
        rows = parse(out.read_text(encoding="utf-8")).find_all("article")
        assert [a.get("data-path") for a in rows] == [str(tmp_path / "a.txt")]
