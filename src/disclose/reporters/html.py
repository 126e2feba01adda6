"""``--format html``: one self-contained page an editor can act on without reading the docs.

The page has a summary (files, AI status and what decided it, problems by severity and by rule
with an inline SVG bar chart, the policies in force), a sortable table of articles for corpora,
and every article as a reader sees it, annotated in place: each violation highlighted in the
colour of its kind with its rule and message on hover and in a numbered side list; named sources
underlined, with their reporting cue dotted, so what is sourced stands out from what is not; the
AI-use disclosure outlined with its position.

Self-contained: no network, no external CSS, JS or fonts; a Content-Security-Policy meta tag
forbids loading anything. Streaming: each article is rendered as its result arrives and written to
a temporary file, so memory stays flat on corpora of thousands of articles; ``finish`` writes the
head, the summary and the table (known only at the end) and then copies the articles after them,
so the page reads in document order without relying on script or CSS reordering.

The annotations need ``FileResult.highlights`` (see ``disclose.highlights``); without it the
article's source text is shown with the violations only.
"""

from __future__ import annotations

import bisect
import shutil
import tempfile
from html import escape
from typing import TextIO

from ..version import __version__

CSP = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:"

#: Rule kinds in legend order, with a short label and the colour of their highlight / chart bar.
KINDS = {
    "disclosure": ("AI disclosure", "#bfdbfe", "#1d4ed8"),
    "metadata": ("machine-readable mark", "#ddd6fe", "#6d28d9"),
    "sources": ("sources not named", "#fbcfe8", "#be185d"),
    "attribution": ("vague attribution", "#fed7aa", "#c2410c"),
    "claim": ("unsupported claim", "#fef08a", "#a16207"),
    "phrase": ("chatbot leftover / phrase", "#e5e7eb", "#4b5563"),
}
_OTHER_KIND = ("other", "#e5e7eb", "#4b5563")

STATUS_SOURCE = {
    "metadata": "the article's metadata",
    "config": "the configuration",
    "cli": "the --ai option",
    "text": "a disclosure in the text",
    "none": "nothing (no metadata, option or disclosure)",
}
_POSITION = {
    "start": "before the body",
    "end": "at the end, after the body",
    "middle": "in the middle of the body",
}
#: Nesting order of annotations that cover the same text: outermost first.
_LAYER = {"disclosure": 0, "grounded": 1, "violation": 2, "source": 3, "cue": 4, "missing": 5}
_MISSING = {"number": "figure", "date": "date", "name": "name", "quote": "quotation", "term": "term"}


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


class Reporter:
    def __init__(self, stream: TextIO, *, policies: list[str], **_: object):
        self.stream = stream
        self.policies = list(policies)
        self.body = tempfile.TemporaryFile("w+", encoding="utf-8", newline="\n")
        #: One small row per article for the index table (no texts are kept).
        self.rows: list[tuple] = []
        self.by_rule: dict[str, list] = {}  # rule -> [count, kind, {severities}]
        self.statuses: dict[tuple[str, str], int] = {}
        self.errors: list = []
        self.warnings: list[str] = []

    # -- streaming --------------------------------------------------------------------------

    def file(self, result) -> None:
        n = len(self.rows) + 1
        anchor = f"a{n}"
        name = result.path + (f"#{result.id}" if result.id is not None else "")
        counts = {"error": 0, "warning": 0, "info": 0}
        for v in result.violations:
            counts[v.severity] += 1
            entry = self.by_rule.setdefault(v.rule, [0, v.kind, set()])
            entry[0] += 1
            entry[2].add(v.severity)
        key = (result.ai_status, result.ai_status_source)
        self.statuses[key] = self.statuses.get(key, 0) + 1
        highlights = result.highlights or []
        disclosures = [h for h in highlights if h["type"] == "disclosure"]
        self.rows.append((n, anchor, name, result.ai_status, result.ai_status_source,
                          counts["error"], counts["warning"], counts["info"], len(result.violations),
                          _disclosure_cell(disclosures, result.highlights is not None)))
        self.body.write(render_article(anchor, name, result, counts, disclosures))

    def error(self, err) -> None:
        self.errors.append(err)

    def warning(self, message: str) -> None:
        self.warnings.append(message)

    def finish(self, summary: dict) -> None:
        out = self.stream
        files = summary["files"]
        total = summary["violations"]
        title = f"disclose report: {_plural(total, 'problem')} in {_plural(files, 'article')}"
        out.write(_HEAD.format(csp=_e(CSP), title=_e(title), version=_e(__version__), style=_STYLE))
        out.write('<a class="skip" href="#articles">Skip to the annotated articles</a>\n')
        out.write(f'<header><h1>{_e(title)}</h1>\n<p class="lede">Policies in force: '
                  + ", ".join(f"<code>{_e(p)}</code>" for p in self.policies)
                  + f" &middot; disclose {_e(__version__)}</p></header>\n<main>\n")
        out.write(self._summary(summary))
        if files > 1:
            out.write(self._index())
        out.write('<section id="articles" aria-labelledby="articles-h">\n'
                  '<h2 id="articles-h">Annotated articles</h2>\n')
        out.write(_LEGEND)
        self.body.seek(0)
        shutil.copyfileobj(self.body, out)
        self.body.close()
        out.write("</section>\n")
        if self.errors:
            out.write(self._errors())
        out.write(f"</main>\n<footer><p>Made by disclose {_e(__version__)}. This page loads nothing from "
                  "the network; it can be attached to a ticket or published as a CI artifact.</p></footer>\n")
        out.write(f"<script>{_SCRIPT}</script>\n</body>\n</html>\n")

    # -- the parts written at the end -------------------------------------------------------

    def _summary(self, summary: dict) -> str:
        files, total = summary["files"], summary["violations"]
        with_problems = sum(1 for r in self.rows if r[8])
        parts = ['<section id="summary" aria-labelledby="summary-h">\n<h2 id="summary-h">Summary</h2>\n',
                 '<dl class="stats">']
        stats = [("Articles", files, "files"), ("With problems", with_problems, "with-problems"),
                 ("Problems", total, "violations"), ("Errors", summary["error"], "error"),
                 ("Warnings", summary["warning"], "warning"), ("Info", summary["info"], "info")]
        if summary.get("input_errors"):
            stats.append(("Unreadable inputs", summary["input_errors"], "input-errors"))
        for label, value, key in stats:
            parts.append(f'<div class="stat s-{key}"><dt>{label}</dt><dd data-summary="{key}">{value}</dd></div>')
        parts.append("</dl>\n")
        parts.append('<div class="cols2">\n<div>\n<h3>AI status</h3>\n<table class="status"><thead><tr>'
                     '<th scope="col">Status</th><th scope="col">Decided by</th><th scope="col" class="num">Articles</th>'
                     "</tr></thead><tbody>\n")
        for (status, source), n in sorted(self.statuses.items(), key=lambda kv: (-kv[1], kv[0])):
            parts.append(f'<tr><td><span class="ai ai-{_e(status)}">{_e(status)}</span></td>'
                         f"<td>{_e(STATUS_SOURCE.get(source, source))}</td>"
                         f'<td class="num" data-status="{_e(status)}" data-source="{_e(source)}">{n}</td></tr>\n')
        if not self.statuses:
            parts.append('<tr><td colspan="3">No article was read.</td></tr>\n')
        parts.append("</tbody></table>\n</div>\n<div>\n<h3>Problems by rule</h3>\n")
        if self.by_rule:
            rules = sorted(self.by_rule.items(), key=lambda kv: (-kv[1][0], kv[0]))
            parts.append(_chart(rules))
            parts.append('<div class="scroll"><table class="rules"><thead><tr><th scope="col">Rule</th><th scope="col">Kind</th>'
                         '<th scope="col">Severity</th><th scope="col" class="num">Problems</th></tr></thead><tbody>\n')
            for rule, (count, kind, severities) in rules:
                sev = ", ".join(s for s in ("error", "warning", "info") if s in severities)
                parts.append(f'<tr><td><code>{_e(rule)}</code></td><td><span class="swatch k-{_e(kind)}"></span>'
                             f"{_e(kind)}</td><td>{_e(sev)}</td>"
                             f'<td class="num" data-rule="{_e(rule)}">{count}</td></tr>\n')
            parts.append("</tbody></table></div>\n")
        else:
            parts.append("<p>No problems found.</p>\n")
        parts.append("</div>\n</div>\n")
        if self.warnings:
            parts.append("<h3>Run warnings</h3>\n<ul>" + "".join(f"<li>{_e(w)}</li>" for w in self.warnings) + "</ul>\n")
        parts.append("</section>\n")
        return "".join(parts)

    def _index(self) -> str:
        # Worst first; the script lets the reader sort by any column.
        rows = sorted(self.rows, key=lambda r: (-r[5], -r[8], r[0]))
        cols = [("Article", "text"), ("AI status", "text"), ("Decided by", "text"), ("Disclosure", "text"),
                ("Errors", "number"), ("Warnings", "number"), ("Info", "number"), ("Problems", "number")]
        head = "".join(
            f'<th scope="col" data-type="{t}"{" class=num" if t == "number" else ""}'
            f'{" aria-sort=descending" if label == "Errors" else ""}><button type="button">{label}</button></th>'
            for label, t in cols)
        parts = ['<section id="index" aria-labelledby="index-h">\n<h2 id="index-h">Articles</h2>\n',
                 f'<p>{_plural(len(rows), "article")}, worst first. Select a column heading to sort by it; '
                 "select an article to see it annotated.</p>\n"
                 '<p><label for="filter">Find an article</label> <input id="filter" type="search" '
                 'autocomplete="off" placeholder="part of the name"></p>\n'
                 '<div class="scroll" tabindex="0" role="region" aria-label="Table of articles">'
                 '<table class="sortable" id="index-table">'
                 f"<caption class=\"vh\">Articles and their problems</caption><thead><tr>{head}</tr></thead><tbody>\n"]
        for n, anchor, name, status, source, err, warn, info, total, disc in rows:
            parts.append(f'<tr data-i="{n}"><th scope="row"><a href="#{anchor}">{_e(name)}</a></th>'
                         f'<td><span class="ai ai-{_e(status)}">{_e(status)}</span></td><td>{_e(source)}</td>'
                         f"<td>{_e(disc)}</td><td class=num>{err}</td><td class=num>{warn}</td>"
                         f"<td class=num>{info}</td><td class=num>{total}</td></tr>\n")
        parts.append("</tbody></table></div>\n</section>\n")
        return "".join(parts)

    def _errors(self) -> str:
        items = "".join(
            f"<li><code>{_e(err.path)}{':' + str(err.line) if err.line is not None else ''}</code>: {_e(err.message)}</li>"
            for err in self.errors)
        return ('<section id="input-errors" aria-labelledby="input-errors-h">\n'
                f'<h2 id="input-errors-h">Inputs that could not be read ({len(self.errors)})</h2>\n<ul>{items}</ul>\n</section>\n')


# ------------------------------------------------------------------------------------------------
# One article


def _disclosure_cell(disclosures: list[dict], known: bool) -> str:
    if not known:
        return "?"
    if not disclosures:
        return "none"
    return ", ".join(sorted({d["position"] for d in disclosures}))


def _disclosure_sentence(d: dict) -> str:
    where = _POSITION.get(d["position"], d["position"])
    words = "" if d["position"] == "start" else f", {_plural(d['word_offset'], 'word')} into the body"
    return f"AI-use disclosure ({d['kind']}, {d['lang']}) {where}{words}"


def render_article(anchor: str, name: str, result, counts: dict, disclosures: list[dict]) -> str:
    """The <article> of one file or record: header, annotated text and numbered problem list."""
    violations = result.violations
    text = result.text or ""
    blocks = [h for h in (result.highlights or []) if h["type"] == "block"]
    if not blocks:  # no analysis kept: show the source text as one block
        blocks = [{"type": "block", "start": 0, "end": len(text), "kind": "source", "section": "body"}]
    spans = _annotations(anchor, result, disclosures)
    shown: set[str] = set()
    body = "".join(_render_block(anchor, b, text, spans, shown) for b in blocks)

    summary = ", ".join(f"{_plural(counts[s], s)}" for s in ("error", "warning", "info") if counts[s])
    facts = [f'AI status: <span class="ai ai-{_e(result.ai_status)}">{_e(result.ai_status)}</span> '
             f"(decided by {_e(STATUS_SOURCE.get(result.ai_status_source, result.ai_status_source))})",
             f"{_plural(len(violations), 'problem')}" + (f" ({summary})" if summary else "")]
    if result.highlights is not None:
        if disclosures:
            facts += [_e(_disclosure_sentence(d)) for d in disclosures]
        else:
            facts.append("No AI-use disclosure found in the text")
    head = (f'<article id="{anchor}" aria-labelledby="{anchor}-h" data-path="{_e(result.path)}"'
            f' data-violations="{len(violations)}">\n<h3 id="{anchor}-h">{_e(name)}</h3>\n'
            f'<ul class="facts">{"".join(f"<li>{f}</li>" for f in facts)}</ul>\n')
    items = []
    for i, v in enumerate(violations, 1):
        vid = f"{anchor}-v{i}"
        place = (f'<a href="#{anchor}-m{i}">line {v.line}, col {v.column}</a>' if vid in shown
                 else f"line {v.line}, col {v.column} (outside the visible text)")
        items.append(f'<li id="{vid}" class="k-{_e(v.kind)}" data-rule="{_e(v.rule)}" data-severity="{_e(v.severity)}">'
                     f'<span class="sev sev-{_e(v.severity)}">{_e(v.severity)}</span> <code>{_e(v.rule)}</code> '
                     f'<span class="where">{place}</span><p>{_e(v.message)}</p>'
                     + (f'<p class="excerpt">“{_e(v.excerpt)}”</p>' if v.excerpt else "")
                     + "</li>\n")
    problems = (f'<aside class="problems" aria-labelledby="{anchor}-p">\n<h4 id="{anchor}-p">Problems ({len(violations)})</h4>\n'
                + (f"<ol>\n{''.join(items)}</ol>\n" if items else '<p class="clear">No problems in this article.</p>\n')
                + '<p class="top"><a href="#summary">Back to the summary</a></p>\n</aside>\n')
    return (head + f'<div class="cols">\n<div class="text" aria-label="Text of {_e(name)}">\n{body}</div>\n'
            + problems + "</div>\n</article>\n")


class _Span:
    """One annotation in source offsets, with the tags that open and close it."""

    __slots__ = ("start", "end", "layer", "key", "open_first", "open_more", "close")

    def __init__(self, start, end, layer, key, open_first, open_more, close):
        self.start, self.end, self.layer, self.key = start, end, layer, key
        self.open_first, self.open_more, self.close = open_first, open_more, close


def _annotations(anchor: str, result, disclosures: list[dict]) -> list[_Span]:
    spans: list[_Span] = []
    for i, d in enumerate(disclosures, 1):
        label = _disclosure_sentence(d)
        attrs = f'class="disc" title="{_e(label)}"'
        badge = f'<span class="disc-label">AI disclosure &middot; {_e(_POSITION.get(d["position"], d["position"]))}</span>'
        spans.append(_Span(d["start"], d["end"], _LAYER["disclosure"], f"{anchor}-d{i}",
                           f"{badge}<span {attrs}>", f"<span {attrs}>", "</span>"))
    for i, v in enumerate(result.violations, 1):
        end = v.end if v.end > v.start else v.start + 1  # a zero-width finding still gets a mark
        tip = f"{v.severity} {v.rule}: {v.message}"
        attrs = (f'class="v k-{_e(v.kind)} s-{_e(v.severity)}" data-rule="{_e(v.rule)}" data-v="{i}" '
                 f'title="{_e(tip)}" aria-describedby="{anchor}-v{i}"')
        spans.append(_Span(v.start, end, _LAYER["violation"], f"{anchor}-v{i}",
                           f'<sup class="ref"><a href="#{anchor}-v{i}" aria-label="problem {i}">{i}</a></sup>'
                           f'<mark id="{anchor}-m{i}" tabindex="-1" {attrs}>',
                           f"<mark {attrs}>", "</mark>"))
    for i, h in enumerate(result.highlights or []):
        if h["type"] == "grounded":
            spans.append(_grounded(f"{anchor}-g{i}", h))
            continue
        if h["type"] == "missing":
            label = _MISSING.get(h["kind"], h["kind"])
            tip = f"No source holds this {label}: “{h['text']}”"
            attrs = f'class="miss" title="{_e(tip)}"'
            spans.append(_Span(h["start"], h["end"], _LAYER["missing"], None,
                               f"<span {attrs}>", f"<span {attrs}>", "</span>"))
            continue
        if h["type"] != "source":
            continue
        tip = f"Named source “{h['text']}” (reporting cue “{h['cue']}”)"
        spans.append(_Span(h["start"], h["end"], _LAYER["source"], None,
                           f'<span class="src" title="{_e(tip)}">', f'<span class="src" title="{_e(tip)}">', "</span>"))
        if h["cue_end"] <= h["start"] or h["cue_start"] >= h["end"]:
            spans.append(_Span(h["cue_start"], h["cue_end"], _LAYER["cue"], None,
                               '<span class="cue" title="Reporting cue">', '<span class="cue" title="Reporting cue">',
                               "</span>"))
    return spans


def _grounded(key: str, h: dict) -> _Span:
    """A sentence checked against the sources: its closest source sentence shows on hover and on
    keyboard focus (a tooltip the sentence is described by), the support in its outline."""
    if h["supported"]:
        head = f"Supported by {h.get('source', 'the sources')}"
    else:
        head = "No source supports this sentence" + (f"; closest, in {h['source']}" if "source" in h else "")
    quote = f": “{h['evidence']}”" if h.get("evidence") else ""
    cls = "gnd ok" if h["supported"] else "gnd no"
    tip = f'<span class="tip" role="tooltip" id="{key}">{_e(head)}{_e(quote)} (support {h["score"]:.2f})</span>'
    more = f'<span class="{cls}">'
    return _Span(h["start"], h["end"], _LAYER["grounded"], key,
                 f'<span class="{cls}" tabindex="0" aria-describedby="{key}">{tip}', more, "</span>")


def _render_block(anchor: str, block: dict, text: str, spans: list[_Span], shown: set[str]) -> str:
    """A block's visible text with well-nested annotation tags (split where spans cross)."""
    start, end = block["start"], block["end"]
    if "offsets" in block:
        visible, offsets = block["text"], block["offsets"]
        local = lambda s, e: (bisect.bisect_left(offsets, s), bisect.bisect_left(offsets, e))  # noqa: E731
    else:
        visible = block.get("text", text[start:end])
        local = lambda s, e: (max(s, start) - start, min(e, end) - start)  # noqa: E731
    n = len(visible)
    pieces = []  # (local start, local end, span)
    for sp in spans:
        if sp.end <= start or sp.start >= end:
            continue
        a, b = local(sp.start, sp.end)
        a, b = max(a, 0), min(b, n)
        if a < b:
            pieces.append((a, b, sp))
    pieces.sort(key=lambda p: (p[0], -p[1], p[2].layer))
    points = sorted({0, n, *(p[0] for p in pieces), *(p[1] for p in pieces)})
    opening: dict[int, list] = {}
    for p in pieces:
        opening.setdefault(p[0], []).append(p)
    out: list[str] = []
    stack: list[tuple] = []
    pos = 0
    for point in points:
        out.append(escape(visible[pos:point], quote=False))
        pos = point
        ending = [i for i, p in enumerate(stack) if p[1] <= point]
        if ending:
            lowest = ending[0]
            for p in reversed(stack[lowest:]):
                out.append(p[2].close)
            reopen = [p for p in stack[lowest:] if p[1] > point]
            del stack[lowest:]
            for p in reopen:
                out.append(p[2].open_more)
                stack.append(p)
        for p in opening.get(point, ()):
            sp = p[2]
            first = sp.key is not None and sp.key not in shown
            if first:
                shown.add(sp.key)
            out.append(sp.open_first if first else sp.open_more)
            stack.append(p)
    kind, section = block["kind"], block["section"]
    tag = "p"
    extra = ' title="Page furniture: not part of the article body, not checked"' if section == "boilerplate" else ""
    return f'<{tag} class="b b-{_e(kind)} sec-{_e(section)}"{extra}>{"".join(out)}</{tag}>\n'


def _chart(rules: list) -> str:
    """A horizontal bar chart of problems per rule, drawn as inline SVG (no library, no fetch)."""
    bar_h, gap, label_w, bar_w, width = 22, 8, 300, 260, 620
    top = max(count for _, (count, _, _) in rules)
    height = len(rules) * (bar_h + gap) + gap
    rows = []
    for i, (rule, (count, kind, _)) in enumerate(rules):
        y = gap + i * (bar_h + gap)
        w = max(2, round(bar_w * count / top))
        colour = KINDS.get(kind, _OTHER_KIND)[2]
        rows.append(
            f'<g><title>{_e(rule)}: {count}</title>'
            f'<text x="{label_w - 8}" y="{y + bar_h * 0.7:.0f}" text-anchor="end">{_e(rule)}</text>'
            f'<rect x="{label_w}" y="{y}" width="{w}" height="{bar_h}" fill="{colour}" rx="3"></rect>'
            f'<text x="{label_w + w + 6}" y="{y + bar_h * 0.7:.0f}">{count}</text></g>')
    desc = "; ".join(f"{rule}: {count}" for rule, (count, _, _) in rules)
    return (f'<svg class="chart" role="img" aria-label="Problems per rule: {_e(desc)}" viewBox="0 0 {width} {height}" '
            f'width="{width}" height="{height}" xmlns="http://www.w3.org/2000/svg">{"".join(rows)}</svg>\n')


_HEAD = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="disclose {version}">
<meta name="referrer" content="no-referrer">
<title>{title}</title>
<style>{style}</style>
</head>
<body>
"""

_LEGEND = (
    '<div class="legend" role="note" aria-labelledby="legend-h"><h3 id="legend-h">How to read the annotated text</h3><ul>'
    + "".join(f'<li><mark class="v k-{k}">{label}</mark></li>' for k, (label, _, _) in KINDS.items())
    + '<li><span class="src">named source</span> with its <span class="cue">reporting cue</span>: sourced</li>'
    '<li><span class="disc">outlined</span>: the AI-use disclosure found in the text</li>'
    '<li><span class="gnd ok">green dashes</span>: a sentence its source articles support; <span class="gnd no">'
    'grey dashes</span>: one they do not (hover or focus it for the closest source sentence); '
    '<span class="miss">boxed</span>: what no source holds</li>'
    '<li><mark class="v k-claim s-error">red underline</mark>: an error (others are warnings or info)</li>'
    "</ul><p>Numbers in the text point to the problem list beside it; hover over a highlight (or select its "
    "number) to read the rule and the message. Greyed paragraphs are page furniture, not checked.</p></div>\n"
)

_KIND_CSS = "".join(
    f"mark.k-{k}{{background:{bg}}}.swatch.k-{k}{{background:{fg}}}li.k-{k}{{border-left-color:{fg}}}"
    for k, (_, bg, fg) in KINDS.items())

_STYLE = """
:root{--ink:#1b1b1b;--muted:#4a4a4a;--line:#d0d0d0;--link:#0b57d0;--paper:#fff;--soft:#f6f6f4}
*{box-sizing:border-box}
body{margin:0;color:var(--ink);background:var(--paper);font:16px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif}
header,main,footer{max-width:76rem;margin:0 auto;padding:0 1rem}
header{padding-top:1rem}
h1{font-size:1.6rem;margin:.5rem 0}h2{font-size:1.35rem;margin:2rem 0 .75rem;border-bottom:2px solid var(--ink)}
h3{font-size:1.1rem;margin:1.2rem 0 .5rem}h4{font-size:1rem;margin:0 0 .5rem}
a{color:var(--link)}a:focus-visible,button:focus-visible,input:focus-visible,mark:focus{outline:3px solid #e8a000;outline-offset:2px}
.lede{color:var(--muted);margin:.25rem 0}
.skip{position:absolute;left:-999px;top:0;background:#fff;padding:.5rem;z-index:2}.skip:focus{left:.5rem}
.vh{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
.stats{display:flex;flex-wrap:wrap;gap:.75rem;margin:0 0 1rem}
.stat{border:1px solid var(--line);border-radius:6px;padding:.4rem .9rem;min-width:7rem;background:var(--soft)}
.stat dt{font-size:.85rem;color:var(--muted)}.stat dd{margin:0;font-size:1.5rem;font-weight:700}
.s-error dd{color:#b3261e}.s-warning dd{color:#7a4a00}.s-info dd{color:#1a5fb4}
.cols2{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,2fr);gap:2rem}
table{border-collapse:collapse;width:100%;font-size:.95rem}
th,td{text-align:left;padding:.3rem .5rem;border-bottom:1px solid var(--line);vertical-align:top}
.num{text-align:right;font-variant-numeric:tabular-nums}
.scroll{overflow-x:auto;max-width:100%}
#index .scroll{max-height:75vh;overflow:auto;border:1px solid var(--line)}
#index thead th{position:sticky;top:0;background:var(--paper);box-shadow:0 1px var(--line)}
.chart{max-width:100%;height:auto;font:13px system-ui,sans-serif;fill:var(--ink)}
.swatch{display:inline-block;width:.8em;height:.8em;border-radius:2px;margin-right:.35em;vertical-align:-.05em}
.sortable th button{font:inherit;font-weight:700;background:none;border:0;padding:0;cursor:pointer;color:inherit;text-align:inherit}
.sortable th[aria-sort=ascending] button::after{content:" \\25B2"}.sortable th[aria-sort=descending] button::after{content:" \\25BC"}
.sortable tbody th{font-weight:400;word-break:break-all}
input[type=search]{font:inherit;padding:.2rem .4rem;border:1px solid #767676;border-radius:4px;min-width:16rem}
.ai{display:inline-block;padding:0 .4em;border-radius:4px;border:1px solid #767676;font-size:.9em}
.ai-generated{background:#fde2e1}.ai-assisted{background:#fff1c2}.ai-none{background:#e3f4e1}.ai-unknown{background:#eee}
.legend{border:1px solid var(--line);border-radius:6px;padding:.5rem 1rem;background:var(--soft);margin-bottom:1rem}
.legend ul{display:flex;flex-wrap:wrap;gap:.4rem 1.2rem;padding:0;margin:.25rem 0;list-style:none}
.legend p{margin:.25rem 0;color:var(--muted);font-size:.9rem}
article{border-top:1px solid var(--line);padding:.5rem 0 1.5rem;content-visibility:auto;contain-intrinsic-size:auto 40rem}
article h3{word-break:break-all}
.facts{margin:0 0 .75rem;padding:0;list-style:none;color:var(--muted);font-size:.95rem}
.facts li{display:inline}.facts li+li::before{content:" \\00B7  "}
.cols{display:grid;grid-template-columns:minmax(0,3fr) minmax(16rem,2fr);gap:1.5rem;align-items:start}
.text{font-family:Georgia,"Times New Roman",serif;font-size:1.05rem;line-height:1.7;overflow-wrap:anywhere}
.b{margin:0 0 .8em}.b-title{font-size:1.3rem;font-weight:700;line-height:1.35}.b-heading{font-weight:700;margin-top:1.1em}
.b-list_item{padding-left:1.2em;text-indent:-1em}.b-list_item::before{content:"\\2022  "}
.b-blockquote{border-left:3px solid var(--line);padding-left:.8em;font-style:italic}
.b-source{white-space:pre-wrap;font-family:ui-monospace,monospace;font-size:.9rem}
.sec-boilerplate{color:#6b6b6b;font-size:.92rem}
mark{color:inherit;border-radius:2px;padding:.05em 0;-webkit-box-decoration-break:clone;box-decoration-break:clone}
mark.s-error{box-shadow:inset 0 -3px #b3261e}
mark:target{outline:3px solid #e8a000}
.src{text-decoration:underline solid #0f6b2f 2px;text-underline-offset:.25em}
.cue{text-decoration:underline dotted #0f6b2f 2px;text-underline-offset:.25em}
.gnd{position:relative;border-bottom:2px dashed #9a9a9a}.gnd.ok{border-bottom-color:#0f6b2f}.gnd:focus{outline:3px solid #e8a000;outline-offset:2px}.gnd .tip{display:none;position:absolute;left:0;top:100%;z-index:3;width:min(32rem,80vw);padding:.4rem .6rem;background:#fffbe6;color:var(--ink);border:1px solid #b38600;border-radius:4px;font-size:.9rem;line-height:1.4;font-weight:normal}.gnd:hover>.tip,.gnd:focus>.tip{display:block}.miss{outline:2px solid #b42318;outline-offset:0;border-radius:2px}
.disc{outline:2px solid #1d4ed8;outline-offset:1px;border-radius:2px;-webkit-box-decoration-break:clone;box-decoration-break:clone}
.disc-label{display:inline-block;font:600 .72rem/1.3 system-ui,sans-serif;color:#fff;background:#1d4ed8;border-radius:3px;padding:.05rem .35rem;margin-right:.3rem;vertical-align:.15em}
sup.ref{font:700 .7rem system-ui,sans-serif;line-height:0}sup.ref a{text-decoration:none;padding:0 .1em}
.problems ol{margin:0;padding-left:1.6rem}
.problems li{border-left:4px solid #999;padding:.1rem 0 .1rem .5rem;margin:0 0 .7rem;font-size:.92rem;break-inside:avoid}
.problems li p{margin:.15rem 0}.problems .excerpt{color:var(--muted);font-style:italic}
.problems code{font-size:.85rem;word-break:break-all}
.problems li:target{background:#fff6d6}
.sev{display:inline-block;font:700 .72rem/1.4 system-ui,sans-serif;text-transform:uppercase;color:#fff;border-radius:3px;padding:0 .35rem}
.sev-error{background:#b3261e}.sev-warning{background:#7a4a00}.sev-info{background:#1a5fb4}
.where{color:var(--muted)}.clear{color:#0f6b2f;font-weight:600}.top{font-size:.85rem}
footer{color:var(--muted);font-size:.85rem;border-top:1px solid var(--line);margin-top:2rem}
""" + _KIND_CSS + """
@media (max-width:50rem){.cols,.cols2{grid-template-columns:minmax(0,1fr)}.stat{min-width:5.5rem}body{font-size:15px}}
@media print{
*{-webkit-print-color-adjust:exact;print-color-adjust:exact}
.skip,#index label,#index input,.top{display:none}
#index .scroll{max-height:none;overflow:visible;border:0}
article{content-visibility:visible;break-before:page}
header,main,footer{max-width:none}
a{color:inherit;text-decoration:none}
.cols{grid-template-columns:minmax(0,3fr) minmax(0,2fr)}
}
"""

# Sorting and filtering of the article table: keys read once per sort, rows moved into a fresh
# tbody (one layout, not one per row); input order (data-i) breaks ties.
_SCRIPT = """
(function(){
var t=document.getElementById('index-table');if(!t)return;
var heads=t.tHead.rows[0].cells,body=t.tBodies[0];
Array.prototype.forEach.call(heads,function(th,i){
 th.querySelector('button').addEventListener('click',function(){
  var num=th.getAttribute('data-type')==='number',cur=th.getAttribute('aria-sort');
  var dir=cur?(cur==='descending'?'ascending':'descending'):(num?'descending':'ascending');
  Array.prototype.forEach.call(heads,function(h){h.removeAttribute('aria-sort');});
  th.setAttribute('aria-sort',dir);
  var sign=dir==='ascending'?1:-1;
  var keyed=Array.prototype.map.call(body.rows,function(r){var s=r.cells[i].textContent;
   return [num?parseFloat(s)||0:s.toLowerCase(),+r.getAttribute('data-i'),r];});
  keyed.sort(function(a,b){var c=num?a[0]-b[0]:(a[0]<b[0]?-1:a[0]>b[0]?1:0);return c?sign*c:a[1]-b[1];});
  var fresh=body.cloneNode(false);keyed.forEach(function(k){fresh.appendChild(k[2]);});
  t.replaceChild(fresh,body);body=fresh;
 });
});
var f=document.getElementById('filter');
if(f)f.addEventListener('input',function(){var q=f.value.toLowerCase();
 Array.prototype.forEach.call(body.rows,function(r){r.hidden=q&&r.cells[0].textContent.toLowerCase().indexOf(q)<0;});});
})();
"""
