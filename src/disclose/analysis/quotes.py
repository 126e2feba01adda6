"""Quotations: where quoted text starts and ends (the one place that knows quotation marks).

The analysis asks four questions about quotations, each answered here:

* ``quoted_spans(sentence)``: the quoted stretches of one sentence, including a quotation
  continued from the sentence before (a closing mark with no opener) or going on into the next
  (an opener with no closing mark) -- for attribution ("a quotation is not the writer's claim")
  and for the support of quoted sentences;
* ``quotations(text)``: the quotations of three characters or more with their inner text -- the
  quotes recorded on each sentence, and the quotations grounding checks word for word against
  the sources;
* ``QuoteIndex(paragraph).opener_at(pos)``: which quotation is open at a position of a whole
  paragraph, with nesting, in one pass and a binary search per question -- a disclosure
  statement inside a quotation is mentioned, not made;
* ``has_quoted_title(text)``: does a text hold a short quoted or bracketed title (a source
  claim naming its source: based on “The Daily”, 据《人民日报》);
* ``inside_quotation(sentence, pos)``: is a position inside a quotation that does not span the
  whole sentence (the compositional disclosure grammar's quoted examples).

Typographic marks (“ ” „ « » ‘ ’ 「 」 『 』) pair as their languages write them (German „…“,
French «…»); straight quotes (" ') are read from their neighbours, since the same mark opens
and closes, and ' is mostly an apostrophe.
"""

from __future__ import annotations

import bisect
import re
from functools import lru_cache

import regex

from .patterns import LazyPattern

#: Each opening mark and the marks that close it.
PAIRS = {"“": "”", "„": "“”", "«": "»", "「": "」", "『": "』", "‘": "’", '"': '"', "'": "'"}
#: Typographic opening and closing marks (straight quotes, which do both, are not listed).
OPENING = "“„«「『‘"
CLOSING = "”»」』’"

_QUOTED_TITLE = LazyPattern(r"[《「『【〈][^》」』】〉\n]{1,40}[》」』】〉]|[“\"«][^”\"»\n]{2,60}[”\"»]", 0)
_QUOTE_MARK = regex.compile(r"[“”\"]|(?<![\p{L}\p{N}])‘|’(?![\p{L}\p{N}])")


def quoted_spans(text: str) -> list[tuple[int, int]]:
    """The quoted stretches of a sentence: between paired quotation marks, from the start to a
    closing mark that has no opener (a quotation continued from the previous sentence), and from
    an unclosed opener to the end."""
    spans: list[tuple[int, int]] = []
    open_at: int | None = None
    for m in _QUOTE_MARK.finditer(text):
        ch, i = m.group(0), m.start()
        if ch == '"':
            # A straight quote opens when a word follows it and no word is glued before it.
            opens = open_at is None and (i + 1 < len(text) and not text[i + 1].isspace()) and (i == 0 or not text[i - 1].isalnum())
        else:
            opens = ch in "“‘"
        if opens:
            if open_at is None:
                open_at = i
        elif open_at is not None:
            spans.append((open_at, i + 1))
            open_at = None
        elif not spans:
            spans.append((0, i + 1))
    if open_at is not None:
        spans.append((open_at, len(text)))
    return spans


@lru_cache(maxsize=None)
def _quotation_pattern(guillemets: bool, to_end: bool) -> regex.Pattern:
    opening = "\"“" + ("«„" if guillemets else "")
    inner = "\"“”" + ("«»„" if guillemets else "")
    closing = "\"”" + ("»“" if guillemets else "")
    close = f"(?:[{closing}]|$)" if to_end else f"[{closing}]"
    return regex.compile(rf"[{opening}](?P<q>[^{inner}\n]{{3,}}?){close}|(?<!\w)‘(?P<s>[^‘’\n]{{3,}}?)’(?!\w)")


def quotations(text: str, *, guillemets: bool = False, to_end: bool = False) -> list[tuple[int, int, str]]:
    """(start, end, inner text) of each quotation of three characters or more on one line, in
    double quotes “…” or "..." or single typographic ones ‘…’ (not apostrophes: no letter may be
    glued outside). ``guillemets``: also «…» and „…“ (and “…“); ``to_end``: a double quotation
    left open runs to the end of the text (a sentence whose quotation continues in the next)."""
    return [(m.start(), m.end(), m.group("q") or m.group("s") or "")
            for m in _quotation_pattern(guillemets, to_end).finditer(text)]


def has_quoted_title(text: str) -> bool:
    """Does ``text`` hold a short quoted or bracketed title (“The Daily”, 《人民日报》, 「…」)?"""
    return _QUOTED_TITLE.search(text) is not None


def inside_quotation(sent: str, pos: int) -> bool:
    """Is ``pos`` inside a quotation that does not span the whole sentence ``sent``?"""
    before = sent[:pos]
    depth = sum(before.count(c) for c in OPENING) - sum(before.count(c) for c in CLOSING)
    straight = before.count('"') % 2 == 1
    if depth <= 0 and not straight:
        return False
    head = sent.lstrip(" *_>#-")[:1]
    if head not in OPENING + '"':
        return True
    # A sentence that opens with the quotation is a quoted note itself -- unless the quotation
    # closes and the sentence goes on about it ("“This article was written by AI.” A sentence
    # we no longer notice.").
    closes = [sent.find(c, pos) for c in CLOSING + '"']
    close = min((c for c in closes if c != -1), default=-1)
    return close != -1 and len(sent[close + 1:].strip(" .!?。！？\"”’»」』")) > 3


class QuoteIndex:
    """Where quotations are open in one paragraph, worked out in one pass on first use.

    A candidate statement inside a quotation is mentioned, not made. Asking "which quotation is
    open here?" by scanning from the paragraph start for every candidate is quadratic in the
    paragraph's length (a hostile or minified file can hold 10^5 candidates in one paragraph);
    this answers each question with a binary search instead.
    """

    _QUOTE_CHARS = re.compile("[" + re.escape("".join(sorted(set("".join(PAIRS) + "".join(PAIRS.values()))))) + "]")
    _AFTER_STRIP = " \t\n.。!！"

    def __init__(self, text: str):
        self.text = text
        self._changes: list[int] | None = None  # offsets where the innermost open quotation changes
        self._openers: list[int | None] = []  # ... and its opener's offset from there on
        self._closer_positions: dict[str, list[int]] = {}
        self._first_content = len(text) - len(text.lstrip())
        self._content_end = len(text.rstrip(self._AFTER_STRIP))

    def _scan(self) -> None:
        text = self.text
        n = len(text)
        stack: list[tuple[str, int]] = []
        changes, openers = [0], [None]
        for m in self._QUOTE_CHARS.finditer(text):
            i = m.start()
            ch = text[i]
            prev = text[i - 1] if i else " "
            nxt = text[i + 1] if i + 1 < n else " "
            closed = False
            if stack and ch in stack[-1][0]:
                if ch in "'\"" and not (not prev.isspace() and not nxt.isalnum()) and (ch == "'" or prev.isspace()):
                    pass  # an apostrophe, or a straight quote opening a nested quotation
                else:
                    stack.pop()
                    closed = True
            if not closed and ch in PAIRS:
                if not (ch in "'\"‘" and not (prev.isspace() or prev in "([{:—–-") or not (nxt.isalnum() or nxt in "“‘")):
                    stack.append((PAIRS[ch], i))
            top = stack[-1][1] if stack else None
            if top != openers[-1]:
                changes.append(i + 1)
                openers.append(top)
        self._changes, self._openers = changes, openers

    def opener_at(self, pos: int) -> int | None:
        """Start of the quotation that is open at ``pos`` (None when ``pos`` is not quoted)."""
        if self._changes is None:
            self._scan()
        return self._openers[bisect.bisect_right(self._changes, pos) - 1]

    def closing(self, opener_at: int, frm: int) -> int:
        """The first closing mark of the quotation opened at ``opener_at``, from ``frm`` on."""
        best = len(self.text)
        for c in PAIRS.get(self.text[opener_at], ""):
            positions = self._closer_positions.get(c)
            if positions is None:
                positions = self._closer_positions[c] = [m.start() for m in re.finditer(re.escape(c), self.text)]
            k = bisect.bisect_left(positions, frm)
            if k < len(positions):
                best = min(best, positions[k])
        return best

    def text_before(self, pos: int) -> bool:
        """Is there anything but whitespace before ``pos``?"""
        return self._first_content < pos

    def text_after(self, pos: int) -> bool:
        """Is there anything but whitespace and final punctuation from ``pos`` on?"""
        return self._content_end > pos
