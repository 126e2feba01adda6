"""``disclosure`` -- an AI-use statement must be there, and where the policy wants it.

A disclosure is a statement in the visible text that declares the article's own AI use ("This
article was generated with AI", "Dieser Text wurde mit Hilfe von KI erstellt", "本文由AI生成"),
found by the multilingual lexicon ``rules/lexicons/disclosure.yaml``. Sentences *about* AI content
("the images were AI-generated, police said") are not disclosures.

Options:

* ``require``: ``present`` (default) -- fire when the article has no disclosure at all; ``placed``
  -- fire when it has one but none sits where ``placement`` wants it (the finding points at the
  misplaced disclosure).
* ``placement``: ``within_words: N`` (the disclosure starts within the first N words of the body;
  a disclosure before the first body paragraph always counts) and/or ``position: start | end |
  start-or-end`` (before the first body paragraph, after the last, or either).
* ``kinds``: which disclosure kinds count (``generated``, ``assisted``, ``automated``; default all).
* ``exempt_if_reviewed``: no violation when the article says a named person or organisation
  reviewed it and holds editorial responsibility (EU AI Act Art. 50(4), second subparagraph), or
  its metadata names one (``reviewed_by`` / ``editor``).
* ``require_review_mention``: the disclosure must say that a human reviewed the text.
* ``language``: the disclosure must be in the article's language (``match``: the language of
  the metadata -- front matter/JSONL ``lang``, ``<html lang>`` -- else the language detected
  from the article's body with the function-word profiles of ``rules/lexicons/languages.yaml``)
  -- or a fixed ISO code. When the language cannot be told, any language is accepted.

Message placeholders: ``{position}``, ``{word_offset}``, ``{kind}``, ``{lang}``.

Fix: ``fix: {at: top|bottom, text: "..."}`` inserts the policy's disclosure text when none is
present; with ``require: placed`` and ``fix: {at: move-top}`` the misplaced disclosure is moved
before the body.
"""

from __future__ import annotations

from typing import Iterator

from ..model import Analysis, Disclosure, Fix
from .base import Finding, insertion_fix

KIND = "disclosure"
CONF = {
    "require": ("present", "placed"),
    "placement": {"within_words": int, "position": ("start", "end", "start-or-end")},
    "kinds": [("generated", "assisted", "automated")],
    "exempt_if_reviewed": bool,
    "require_review_mention": bool,
    "language": str,
}
DEFAULT = {
    "require": "present",
    "placement": {},
    "kinds": ["generated", "assisted", "automated"],
    "exempt_if_reviewed": False,
    "require_review_mention": False,
    "language": "",
}


def prepare(rule, lexicons: dict, settings: dict) -> None:
    rule.prepared = None
    if rule.options["language"] == "match":
        from ..analysis.language import LanguageDetector

        rule.prepared = LanguageDetector(lexicons.get("languages") or {})


def placed_ok(d: Disclosure, placement: dict) -> bool:
    position = placement.get("position")
    if position == "start" and d.position != "start":
        return False
    if position == "end" and d.position != "end":
        return False
    if position == "start-or-end" and d.position == "middle":
        return False
    limit = placement.get("within_words")
    if limit is not None and d.position != "start" and d.word_offset > limit:
        return False
    return True


def reviewed_by_named(analysis: Analysis) -> bool:
    meta = analysis.document.metadata or {}
    if any(isinstance(meta.get(k), str) and meta.get(k).strip() for k in ("reviewed_by", "editor", "edited_by")):
        return True
    return any(d.human_review and d.reviewer for d in analysis.disclosures)


def check(rule, analysis: Analysis) -> Iterator[Finding]:
    opts = rule.options
    # A media credit line ("Image: generated with Midjourney") does not disclose the text.
    found = [d for d in analysis.disclosures if d.kind in opts["kinds"] and d.element == "text"]
    if opts["exempt_if_reviewed"] and reviewed_by_named(analysis):
        return
    doc = analysis.document
    wanted_lang = _wanted_language(opts["language"], analysis, rule)
    if opts["require"] == "present":
        if any(not wanted_lang or d.lang == wanted_lang for d in found):
            return
        body = [s for s in analysis.sentences if s.section in ("body", "summary")]
        anchor = body[0] if body else (analysis.sentences[0] if analysis.sentences else None)
        start, end = (anchor.start, anchor.end) if anchor else (0, 0)
        fix = None
        if rule.fix and rule.fix.get("at") in ("top", "bottom") and rule.fix.get("text"):
            fix = insertion_fix(analysis, rule.fix["at"], rule.fix["text"])
        yield Finding(start, end, {"position": "none", "word_offset": 0, "kind": "", "lang": "", "wanted_lang": wanted_lang or ""}, fix)
        return
    if not found:
        return
    placement = opts["placement"]
    good = [d for d in found if placed_ok(d, placement)
            and (not opts["require_review_mention"] or d.human_review)
            and (not wanted_lang or d.lang == wanted_lang)]
    if good:
        return
    d = found[0]
    fix = None
    if rule.fix and rule.fix.get("at") == "move-top" and d.position != "start":
        fix = _move_to_top(analysis, d)
    yield Finding(d.start, d.end, {"position": d.position, "word_offset": d.word_offset, "kind": d.kind,
                                   "lang": d.lang, "wanted_lang": wanted_lang or ""}, fix)


def _wanted_language(option: str, analysis: Analysis, rule) -> str:
    if not option:
        return ""
    if option != "match":
        return option
    declared = str(analysis.document.facts.get("lang") or "").split("-")[0].lower()
    if declared or rule.prepared is None:
        return declared
    body = " ".join(s.text for s in analysis.sentences
                    if s.section in ("body", "summary", "title", "heading") and not s.in_disclosure)
    return rule.prepared.detect(body) or ""


def _move_to_top(analysis: Analysis, d: Disclosure) -> Fix | None:
    doc = analysis.document
    block = doc.blocks[d.block]
    start, end = block.start, block.end
    # Take the whole paragraph with the line break(s) after it, so no blank hole is left.
    while end < len(doc.text) and doc.text[end] in "\r\n":
        end += 1
    if end == len(doc.text) and doc.text[:start].strip():
        # The last paragraph: take the blank line before it instead, keeping the final newline.
        final = doc.text[block.end:end]
        final = "\r\n" if final.startswith("\r\n") else final[:1]
        while start > 0 and doc.text[start - 1] in "\r\n":
            start -= 1
        insert = insertion_fix(analysis, "top", doc.text[block.start:block.end].strip())
        pos, _, text = insert.edits[0]
        if pos >= start:
            return None
        return Fix([(pos, pos, text), (start, end, final)], "move the disclosure before the body")
    insert = insertion_fix(analysis, "top", doc.text[start:block.end].strip())
    pos, _, text = insert.edits[0]
    if pos >= start:
        return None
    return Fix([(pos, pos, text), (start, end, "")], "move the disclosure before the body")
