"""``tells`` -- an article that reads as machine-written, but nothing declares AI use.

A disclosure rule can only fire when disclose knows an article is AI-generated. The articles
that most need a disclosure are those whose metadata and text say nothing. This kind looks at
the article's AI tells (``ai_tells`` in ``disclose analyze``; the lists and weights are data in
``rules/lexicons/ai-tells.yaml``) and fires once per article when their score reaches the
policy setting ``tells_threshold`` (default 3.0). Use it with ``when: {ai: [unknown, none]}``:
an article that already declares AI use has nothing to disclose; one whose metadata says
``none`` although it is full of chatbot leftovers is the strongest case.

The tells:

* chatbot leftovers ("As an AI language model", "I hope this helps", "Certainly! Here is",
  "[insert …]", "as of my last knowledge update") -- decisive on their own;
* stock phrases ("it is important to note", "plays a crucial role", "a testament to"), favourite
  vocabulary ("pivotal", "underscores", "showcasing"), sentence-opening "Additionally,"/"Moreover,";
* formulaic structure: an "In conclusion"/"Overall," close, a moralising wrap-up ("serves as a
  reminder", "only time will tell"), an ending that restates the opening, lists of three,
  paragraphs or sentences of near-equal length, a heading over every paragraph, a long body
  without a single direct quotation.

Each is weak evidence alone (reporters use any of these now and then) and counts only in
combination; the message quotes the strongest tells so an editor can judge. It is never proof
that an AI wrote the text.

For English text the style model (``rules/models/style.json``, ``analysis.style``) also decides:
machine-written news without stock phrases still writes sentences of even length, attributes
little and quotes few people. When it fires, the evidence names the style features that pushed
its score, with their values ("8% of sentences attributed", "“said” 0.0 per 100 words"); for
other languages the message says that only the phrase tells were used.

Options:

* ``max_evidence``: how many tells the message quotes (default 3).

Message placeholders: ``{verdict}`` (what decided: the tells' score against its threshold, the
style model's, or both), ``{evidence}`` (the style features that pushed, then the strongest tells,
quoted, with their lines),
``{score}``, ``{threshold}``, ``{status}`` (``unknown``, or ``none`` with where it was declared).
"""

from __future__ import annotations

from typing import Iterator

from ..analysis.style import describe
from ..model import Analysis, Tell
from .base import Finding, quote_excerpt

KIND = "tells"
CONF = {"max_evidence": int}
DEFAULT = {"max_evidence": 3}

#: How each tell is named in a message.
LABELS = {
    "chatbot-leftover": "chatbot leftover",
    "formulaic-close": "formulaic close",
    "wrap-up": "stock wrap-up",
    "stock-phrase": "stock phrase",
    "ai-vocabulary": "AI-typical word",
    "transition-opener": "stock transition",
    "uniform-paragraphs": "uniform paragraphs",
    "uniform-sentences": "uniform sentences",
    "rule-of-three": "lists of three",
    "listicle": "heading over every paragraph",
    "restated-ending": "ending restates the opening",
    "unquoted": "no quotation",
}


def prepare(rule, lexicons: dict, settings: dict) -> None:
    from ..analysis import DEFAULT_SETTINGS

    # The verdict itself is the analysis's; the threshold is only kept to quote it.
    rule.prepared = float(settings.get("tells_threshold", DEFAULT_SETTINGS["tells_threshold"]))


def strongest(tells: list[Tell], n: int) -> list[Tell]:
    """The ``n`` heaviest tells, strongest first (earliest on ties): one of each kind of tell
    first, then further ones of the same kinds if there is room."""
    ordered = sorted(tells, key=lambda t: (-t.weight, t.start))
    first: dict[str, Tell] = {}
    for t in ordered:
        first.setdefault(t.tell, t)
    picked = list(first.values())[:n]
    picked += [t for t in ordered if t not in picked][: n - len(picked)]
    return sorted(picked, key=lambda t: (-t.weight, t.start))


def check(rule, analysis: Analysis) -> Iterator[Finding]:
    if not analysis.tells_suspected:
        return
    doc = analysis.document
    top = strongest(analysis.tells, max(1, rule.options["max_evidence"])) if analysis.tells else []
    evidence = []
    style = analysis.style
    if style is not None and style["suspected"]:
        pushed = ", ".join(describe(name, value) for name, value, _ in style["evidence"]
                           if not name.startswith("t:"))  # the tells themselves are quoted below
        evidence.append(f"style: {pushed}" if pushed else "style")
    for t in top:
        line = doc.line_col(t.start)[0]
        evidence.append(f"{LABELS.get(t.tell, t.tell)} “{quote_excerpt(t.text, 60)}” (line {line})")
    if style is not None and not style["used"]:
        evidence.append("phrase tells only: the style model reads English text only")
    status = analysis.ai_status
    if status == "none":
        status = f"none (declared in the {analysis.ai_status_source})"
    if top:
        # Point at the strongest piece of evidence, but never at a whole-body span when a phrase
        # can be shown instead.
        anchor = min(top, key=lambda t: (t.end - t.start > 300, -t.weight, t.start))
        start, end = anchor.start, anchor.end
    else:
        # The style speaks for the whole body: point at its first sentence.
        first = next((s for s in analysis.sentences if s.section == "body" and not s.in_disclosure), None)
        start, end = (first.start, first.end) if first else (0, 0)
    verdicts = []
    if analysis.phrase_suspected:
        verdicts.append(f"its tells score {analysis.tells_score:g} (threshold {rule.prepared:g})")
    if style is not None and style["suspected"]:
        verdicts.append(f"its style reads as machine-written news ({style['score']:.2f}, threshold "
                        f"{style['threshold']:.2f})")
    yield Finding(start, end, {
        "verdict": " and ".join(verdicts),
        "evidence": "; ".join(evidence),
        "score": f"{analysis.tells_score:g}",
        "threshold": f"{rule.prepared:g}",
        "status": status,
    })
