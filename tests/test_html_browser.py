"""The HTML report in a real browser (headless Chromium): the DOM after load has the highlights
and their rule ids, the summary counts match the JSON report, the page fetches nothing, and the
article table sorts and filters. Skipped without chromium, except in CI (where it fails)."""

from __future__ import annotations

import json
import shutil
import struct
from pathlib import Path

import pytest
from typer.testing import CliRunner

from disclose.cli import app
from tests.browser import DevTools, dump_dom, page_requests, require_chromium, screenshot
from tests.htmldom import parse
from tests.test_html_report import HTML_ARTICLE, MARKDOWN_ARTICLE, TEXT_ARTICLE

runner = CliRunner()


@pytest.fixture(scope="module")
def chromium() -> str:
    return require_chromium()


def reports(tmp_path: Path, *paths: Path) -> tuple[Path, dict]:
    out = tmp_path / "report.html"
    res = runner.invoke(app, ["lint", *map(str, paths), "--format", "html", "--output", str(out)])
    assert res.exit_code in (0, 1), res.output
    res = runner.invoke(app, ["lint", *map(str, paths), "--format", "json"])
    return out, json.loads(res.output)


def summary_in(dom) -> dict[str, int]:
    return {dd.get("data-summary"): int(dd.text()) for dd in dom.find_all("dd", data_summary=True)}


def test_seed_report_in_chromium(chromium, tmp_path, seed_article):
    page, report = reports(tmp_path, seed_article)
    net_log = tmp_path / "net.json"
    dom = parse(dump_dom(page, net_log), strict=False)
    violations = report["files"][0]["violations"]
    firsts = {m.get("id"): m for m in dom.find_all("mark", id=True)}
    assert [firsts[f"a1-m{i}"].get("data-rule") for i in range(1, len(violations) + 1)] == \
        [v["rule"] for v in violations]
    rules_marked = {m.get("data-rule") for m in dom.find_all("mark", data_rule=True)}
    assert rules_marked == {v["rule"] for v in violations}
    shown = summary_in(dom)
    assert all(shown[k] == report["summary"][k] for k in ("files", "violations", "error", "warning", "info"))
    assert dom.find("span", class_="disc") is not None and dom.find("span", class_="src") is not None
    assert page_requests(net_log) == []


def test_the_network_check_catches_a_fetch(chromium, tmp_path):
    """The net-log check is not vacuous: a page with an external image and stylesheet shows them."""
    page = tmp_path / "leaky.html"
    page.write_text('<!doctype html><title>x</title><link rel="stylesheet" href="https://fonts.invalid/a.css">'
                    '<img src="http://images.invalid/x.png" alt="">', encoding="utf-8")
    net_log = tmp_path / "net.json"
    dump_dom(page, net_log)
    assert set(page_requests(net_log)) == {"https://fonts.invalid/a.css", "http://images.invalid/x.png"}


def test_injected_fetch_is_blocked_by_the_report_csp(chromium, tmp_path, seed_article):
    """Even markup smuggled into the page could not fetch: the CSP meta tag forbids it."""
    page, _ = reports(tmp_path, seed_article)
    markup = page.read_text(encoding="utf-8").replace(
        "</main>", '<img src="http://images.invalid/x.png" alt=""></main>')
    page.write_text(markup, encoding="utf-8")
    net_log = tmp_path / "net.json"
    dump_dom(page, net_log)
    assert page_requests(net_log) == []


@pytest.fixture
def corpus(tmp_path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "story.html").write_text(HTML_ARTICLE, encoding="utf-8")
    (folder / "notes.md").write_text(MARKDOWN_ARTICLE, encoding="utf-8")
    (folder / "plain.txt").write_text(TEXT_ARTICLE, encoding="utf-8")
    records = [{"id": f"r{i}", "text": f"Day {i}\n\nNothing happened on day {i}, the police said."} for i in range(4)]
    (folder / "feed.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return folder


def test_multi_file_report_in_chromium(chromium, tmp_path, corpus, seed_article):
    shutil.copy(seed_article, corpus / "seed.txt")
    page, report = reports(tmp_path, corpus)
    net_log = tmp_path / "net.json"
    dom = parse(dump_dom(page, net_log), strict=False)
    assert page_requests(net_log) == []
    shown = summary_in(dom)
    assert all(shown[k] == report["summary"][k] for k in ("files", "violations", "error", "warning", "info"))
    rows = dom.find("table", id="index-table").find_all("tr", data_i=True)
    assert len(rows) == len(report["files"]) == 8
    by_name = {f["path"] + (f"#{f['id']}" if f["id"] else ""): f for f in report["files"]}
    for row in rows:
        name = row.find("th").text()
        article = dom.find("article", id=row.find("a").get("href")[1:])
        expected = by_name[name]["violations"]
        assert int(row.find_all("td")[-1].text()) == len(expected)
        assert [m.get("data-rule") for m in article.find_all("mark", id=True)] == [v["rule"] for v in expected]


def test_table_sorts_and_filters_in_chromium(chromium, tmp_path, corpus):
    page, report = reports(tmp_path, corpus)
    names = "[...document.querySelectorAll('#index-table tbody tr:not([hidden]) th')].map(x => x.textContent)"
    totals = "[...document.querySelectorAll('#index-table tbody tr td:last-child')].map(x => +x.textContent)"
    with DevTools() as browser:
        browser.open(page)
        listed = browser.evaluate(names)
        assert len(listed) == len(report["files"])
        browser.evaluate("document.querySelectorAll('#index-table thead button')[0].click()")  # Article
        assert browser.evaluate(names) == sorted(listed, key=str.lower)
        browser.evaluate("document.querySelectorAll('#index-table thead button')[0].click()")
        assert browser.evaluate(names) == sorted(listed, key=str.lower, reverse=True)
        browser.evaluate("document.querySelectorAll('#index-table thead button')[7].click()")  # Problems
        assert browser.evaluate(totals) == sorted(browser.evaluate(totals), reverse=True)
        assert browser.evaluate("document.querySelectorAll('#index-table th[aria-sort]').length") == 1
        browser.evaluate("var f = document.getElementById('filter'); f.value = 'JSONL';"
                         "f.dispatchEvent(new Event('input'))")
        assert sorted(browser.evaluate(names)) == sorted(n for n in listed if "jsonl" in n)
        # keyboard: the first problem link moves focus to its highlight in the text
        browser.evaluate("document.querySelector('aside.problems a[href^=\"#a\"]').click()")
        assert browser.evaluate("document.activeElement.tagName + ' ' + (location.hash === '#' + "
                                "document.activeElement.id)") == "MARK true"


def test_seed_report_screenshot(chromium, tmp_path, seed_article):
    page, _ = reports(tmp_path, seed_article)
    out = tmp_path / "seed.png"
    screenshot(page, out, 1280, 1800)
    data = out.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", data[16:24]) == (1280, 1800)
    assert len(data) > 50_000  # a blank page compresses to a few kB


def test_grounded_sentence_shows_its_source_sentence_on_focus(chromium, tmp_path, seed_article):
    """With source articles, a sentence's closest source sentence appears on keyboard focus (and
    hover), and what no source holds is boxed."""
    data = Path(__file__).parent / "data" / "grounding"
    text = seed_article.read_text(encoding="utf-8").replace("Tuesday, December 23rd", "Tuesday, November 23rd")
    article = tmp_path / "planted.txt"
    article.write_text(text, encoding="utf-8")
    page = tmp_path / "report.html"
    res = runner.invoke(app, ["lint", str(article), "--format", "html", "--output", str(page),
                              "--sources", str(data / "sana-putin.txt"), str(data / "sana-bases.txt")])
    assert res.exit_code == 1, res.output
    with DevTools() as browser:
        browser.open(page)
        supported = "document.querySelector('.gnd.ok[tabindex]')"
        assert browser.evaluate(f"getComputedStyle({supported}.querySelector('.tip')).display") == "none"
        browser.evaluate(f"{supported}.focus()")
        tip = browser.evaluate("document.activeElement.querySelector('.tip')."
                               "checkVisibility() && document.activeElement.querySelector('.tip').textContent")
        assert tip.startswith("Supported by sana-putin.txt: “") and "(support 0." in tip
        assert browser.evaluate("document.getElementById(document.activeElement.getAttribute('aria-describedby'))"
                                ".getAttribute('role')") == "tooltip"
        boxed = browser.evaluate("[...document.querySelectorAll('.miss')].map(x => x.textContent)")
        assert "Tuesday, November 23rd" in boxed
