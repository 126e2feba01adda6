"""Sentence splitting for news prose.

``split_sentences(text)`` returns ``(start, end)`` spans into ``text``: whitespace-trimmed, in
order, together covering every non-space character. It is built for throughput: one compiled
regex finds the *candidate* boundaries (terminal punctuation followed by whitespace, CJK
terminators, blank lines) and a few set lookups decide each candidate; nothing loops over
characters in Python.

A candidate ``. ! ? …`` (plus closing quotes/brackets) followed by whitespace splits when

* the whitespace holds a blank line (always), or
* the next word is a plausible sentence start -- an uppercase letter, a digit, an opening
  quote/bracket or a letter of a caseless script -- or the whitespace is a line break (the
  previous line ended with terminal punctuation), unless:

  - the word before a period is a personal title ("Dr.") -> never a boundary;
  - it is an ambiguous abbreviation ("U.S.", "etc.", "Inc.", "Sept.", "No.", an initial "J.")
    -> a boundary only when the next word is a common sentence opener ("The", "He", "But" ...);
  - an ellipsis followed by a lowercase word continues the sentence.

CJK terminators 。！？ always end a sentence (closing brackets after them included). A blank line
splits anywhere. Decimals, money and times ("3.5", "$1.2bn", "10.30") never match, since the
period there is not followed by whitespace. The word lists live in
``rules/lexicons/abbreviations.yaml``.

A "sentence" longer than ``MAX_SENTENCE_CHARS`` is not prose (a minified page, a table dumped on
one line, hostile input): it is cut into pieces of at most that length, at the last whitespace
before the limit where there is one. Every per-sentence step of the analysis is then bounded, so
the time to lint a file grows linearly with its size, whatever is in it.
"""

from __future__ import annotations

import re

from .resources import load_builtin_lexicon

_CLOSE = "\"'”’»)\\]」』）"
_OPEN = "\"'“‘«([¿¡「『（"

# Every candidate starts with one terminator or line break, so the regex engine can skip to
# those characters quickly (a leading character set); the branch is chosen by lookbehind.
_TERMINATED = (
    rf"(?:(?<=[.!?…])[.!?…]*(?P<close>[{_CLOSE}]*)(?P<ws>\s+|\Z)(?=(?P<next>\S{{0,16}}))"
    rf"|(?<=[。！？])[。！？]*[{_CLOSE}]*"
)
_CANDIDATES = re.compile(r"[.!?…。！？\n]" + _TERMINATED + r"|(?<=\n)[^\S\n]*\n)")
#: ``lines=True``: every line break is a candidate (and always a boundary).
_LINE_CANDIDATES = re.compile(r"[.!?…。！？\n]" + _TERMINATED + r"|(?<=\n))")
_WORD = re.compile(rf"[{_OPEN}]*([^\W\d_]+)")
#: Dotted initialisms ("U.S", "a.m", "E.U") and single capital initials ("J").
_INITIALISM = re.compile(r"(?:[^\W\d_]\.)+[^\W\d_]|[A-ZÀ-ÖØ-Þ]")
#: Far above any real sentence (news sentences run to a few hundred characters).
MAX_SENTENCE_CHARS = 2000


def _load() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    data = load_builtin_lexicon("abbreviations")
    for key in ("titles", "ambiguous", "openers"):
        bad = [w for w in data[key] if not isinstance(w, str)]
        if bad:  # e.g. an unquoted No/On, which YAML reads as a boolean
            raise ValueError(f"abbreviations.yaml: non-string entries in {key}: {bad}")
    titles = frozenset(data["titles"]) | frozenset(t.upper() for t in data["titles"])
    entries = data["ambiguous"]
    ambiguous = (frozenset(entries) | frozenset(a.upper() for a in entries)
                 | frozenset(a.capitalize() for a in entries if a.islower()))
    return titles, ambiguous, frozenset(data["openers"])


_TITLES, _AMBIGUOUS, _OPENERS = _load()


def _plausible_start(nxt: str) -> bool:
    """Does the word after a terminator look like the start of a sentence?"""
    c = nxt[0]
    if c in _OPEN:
        return True
    return c.isupper() or c.isdigit() or (c.isalpha() and not c.islower())


def _opener(nxt: str) -> bool:
    m = _WORD.match(nxt)
    return m is not None and m.group(1) in _OPENERS


def _word_before(text: str, pos: int) -> str:
    """The whitespace-delimited token ending at ``pos``, without leading quotes/brackets."""
    lo = max(0, pos - 40)
    word = text[text.rfind(" ", lo, pos) + 1 or lo:pos]
    if not word.isprintable():  # another kind of whitespace (newline, tab, nbsp) inside
        word = word.split()[-1] if word.split() else ""
    return word.lstrip(_OPEN)


def split_sentences(text: str, *, lines: bool = False) -> list[tuple[int, int]]:
    """Split ``text`` into sentence spans ``(start, end)`` (end exclusive, whitespace-trimmed).

    ``lines``: a line break always ends a sentence (for short notes, labels and credit lines
    written one per line, which rarely end with punctuation: the disclosure recognisers)."""
    spans: list[tuple[int, int]] = []
    n = len(text)
    start = 0  # start of the current sentence: always at a non-space character (or n)
    while start < n and text[start].isspace():
        start += 1
    for m in (_LINE_CANDIDATES if lines else _CANDIDATES).finditer(text):
        close = m.start("close")
        if close >= 0:  # . ! ? … (+ closing quotes) followed by whitespace or the end
            nxt = m.group("next")
            if nxt:
                breaks = m.group("ws").count("\n")
                if lines and breaks:
                    breaks = 2  # a line break: a boundary whatever follows
                if breaks < 2:
                    term = text[m.start():close]
                    if term == "." or term == "..":
                        word = _word_before(text, m.start())
                        if word in _TITLES:
                            continue
                        if word in _AMBIGUOUS or _INITIALISM.fullmatch(word):
                            if not _opener(nxt):
                                continue
                        elif not breaks and not _plausible_start(nxt):
                            continue
                    elif "!" not in term and "?" not in term and nxt[0].islower():
                        continue  # an ellipsis before a lowercase word goes on
                    elif not breaks and not _plausible_start(nxt):
                        continue
            end = m.end("close")
            if end > start:
                spans.append((start, end))
            start = m.end()
            continue
        end = m.end() if text[m.start()] != "\n" else m.start()  # CJK terminator or blank line
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            spans.append((start, end))
        start = m.end()
        while start < n and text[start].isspace():
            start += 1
    if start < n:
        end = n
        while text[end - 1].isspace():
            end -= 1
        spans.append((start, end))
    if any(e - s > MAX_SENTENCE_CHARS for s, e in spans):
        spans = [piece for s, e in spans for piece in _cut(text, s, e)]
    return spans


def sentence_at(sentences: list[tuple[int, int]], pos: int) -> int | None:
    """Index of the span of ``sentences`` (in order, disjoint) containing ``pos``, or of the next
    one when ``pos`` is between two; past the last, the last (None when there are none)."""
    lo, hi = 0, len(sentences) - 1
    while lo <= hi:
        mid = (lo + hi) // 2
        a, b = sentences[mid]
        if pos < a:
            hi = mid - 1
        elif pos >= b:
            lo = mid + 1
        else:
            return mid
    return lo if lo < len(sentences) else (len(sentences) - 1 if sentences else None)


def _cut(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """``[start, end)`` in trimmed pieces of at most ``MAX_SENTENCE_CHARS``, cut at whitespace
    where possible (the spans still cover every non-space character)."""
    out = []
    while end - start > MAX_SENTENCE_CHARS:
        limit = start + MAX_SENTENCE_CHARS
        cut = max(text.rfind(" ", start + 1, limit + 1), text.rfind("\n", start + 1, limit + 1))
        if cut <= start:
            cut = limit  # no space at all: a hard cut
        piece_end = cut
        while piece_end > start and text[piece_end - 1].isspace():
            piece_end -= 1
        if piece_end > start:
            out.append((start, piece_end))
        start = cut
        while start < end and text[start].isspace():
            start += 1
    if end > start:
        out.append((start, end))
    return out
