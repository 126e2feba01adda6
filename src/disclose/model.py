"""The small value types that flow through disclose: read -> analyse -> check -> report.

Every offset here is a 0-based index into ``Document.text`` -- the decoded source text of the
file (or of one JSONL record) -- end exclusive. Readers produce ``Document``s made of ``Block``s;
analysis adds ``Sentence``s; checks yield ``Violation``s; reporters only format.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Any

#: Sections a sentence can belong to (contract §1.3).
SECTIONS = ("title", "summary", "heading", "body", "caption", "boilerplate")
#: AI statuses (contract §1.1).
AI_STATUSES = ("generated", "assisted", "none", "unknown")
SEVERITIES = ("error", "warning", "info")
SEVERITY_RANK = {"info": 1, "warning": 2, "error": 3}


class InputError(Exception):
    """A file or record that cannot be read. Reported per file; never stops the run."""

    def __init__(self, path: str, message: str, line: int | None = None):
        super().__init__(message)
        self.path = path
        self.message = message
        self.line = line

    def __reduce__(self):  # picklable: results travel back from worker processes
        return (InputError, (self.path, self.message, self.line))

    @classmethod
    def internal(cls, path: str, exc: BaseException, line: int | None = None,
                 record: str | None = None) -> "InputError":
        """An unexpected exception while reading or linting one input (a JSON Lines ``record``),
        as that input's error: the run goes on with the other inputs, and the user gets one line
        to report instead of a traceback."""
        what = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
        which = f"record {record}: " if record is not None else ""
        return cls(path, f"{which}internal error, not linted ({what[:200]}); please report this as a bug",
                   line=line)

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"path": self.path, "message": self.message}
        if self.line is not None:
            out["line"] = self.line
        return out

    def __str__(self) -> str:
        if self.line is None:
            return f"{self.path}: {self.message}"
        return f"{self.path}:{self.line}: {self.message.removeprefix(f'line {self.line}: ')}"


@dataclass(slots=True)
class Block:
    """One visible block of prose: a title, heading, paragraph, list item, quote or caption.

    ``text`` is the visible text of the block (markup removed or masked). ``offsets`` maps it back
    to the source: ``None`` means identity from ``start`` (``text[i]`` is ``Document.text[start+i]``);
    otherwise it is a sequence of ``len(text) + 1`` source offsets, one per character plus the
    end position, used when the visible text differs from the source (HTML entities, tags).
    """

    kind: str  # title | heading | paragraph | list_item | blockquote | caption
    section: str  # one of SECTIONS
    text: str
    start: int
    offsets: Any = None
    paragraph: int = 0  # index of the block within the document
    #: Optional per-character source *end* offsets (exclusive), set when a character's source is
    #: longer than one character (an HTML entity: ``&rdquo;`` -> ``"``), so spans ending on it
    #: cover the whole entity.
    ends: Any = None

    def to_source(self, i: int) -> int:
        """Source offset of ``text[i]`` (``i == len(text)`` gives the end)."""
        if self.offsets is None:
            return self.start + i
        return self.offsets[i]

    def span_to_source(self, start: int, end: int) -> tuple[int, int]:
        """Map a [start, end) span of ``text`` to a [start, end) span of the source."""
        if self.offsets is None:
            return self.start + start, self.start + end
        if end <= start:
            s = self.offsets[start]
            return s, s
        # end is exclusive: the source end is just past the last character's source position.
        if self.ends is not None:
            return self.offsets[start], self.ends[end - 1]
        return self.offsets[start], self.offsets[end - 1] + 1 if end - 1 < len(self.text) else self.offsets[end]

    @property
    def end(self) -> int:
        return self.to_source(len(self.text)) if self.offsets is None else self.offsets[-1]


@dataclass(slots=True)
class Mark:
    """A machine-readable AI mark found in metadata (front matter, <meta>, JSON-LD, JSONL)."""

    source: str  # front_matter | meta | jsonld | jsonl
    status: str  # generated | assisted | none
    start: int = 0
    end: int = 0
    raw: str = ""


@dataclass(slots=True)
class Comment:
    """A markup comment (HTML/Markdown ``<!-- ... -->``), kept for inline suppression."""

    text: str
    start: int
    end: int


@dataclass
class Document:
    """One article: the decoded text plus what the reader found in it."""

    path: str
    text: str
    format: str  # txt | md | html
    id: str | None = None
    blocks: list[Block] = field(default_factory=list)
    #: Front matter / JSONL metadata as parsed (a dict), for options such as ``disclose.ignore``.
    metadata: dict[str, Any] = field(default_factory=dict)
    #: Machine-readable AI marks, in the order found.
    marks: list[Mark] = field(default_factory=list)
    comments: list[Comment] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    #: Where the body begins in the source: after front matter (and, for --fix, after the title).
    content_start: int = 0
    #: Offset right after the title block's line (insert point for a top disclosure), if any.
    after_title: int | None = None
    #: Extra facts a reader knows (e.g. ``year`` from a date field, ``lang``).
    facts: dict[str, Any] = field(default_factory=dict)
    #: Source articles as the article names them (front matter ``sources:``, a JSON Lines
    #: record's ``sources``): ``SourceRef``s, resolved and read by ``disclose.sourcing``.
    source_refs: list["SourceRef"] = field(default_factory=list)
    #: The source articles, read (``SourceText``s), in the order given: set before analysis.
    sources: list["SourceText"] = field(default_factory=list)
    _line_starts: list[int] | None = field(default=None, repr=False)

    @property
    def line_starts(self) -> list[int]:
        if self._line_starts is None:
            starts = [0]
            text = self.text
            i = text.find("\n")
            while i != -1:
                starts.append(i + 1)
                i = text.find("\n", i + 1)
            self._line_starts = starts
        return self._line_starts

    def line_col(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a source offset; columns count characters."""
        starts = self.line_starts
        idx = bisect.bisect_right(starts, offset) - 1
        return idx + 1, offset - starts[idx] + 1


@dataclass(slots=True)
class SourceRef:
    """A source article as named: a path (relative to the article), or inline text (JSON Lines,
    the service), with an optional title and URL."""

    path: str | None = None
    title: str | None = None
    url: str | None = None
    text: str | None = None


@dataclass
class SourceText:
    """A source article, read: its ``Document`` (the same readers as articles) and how it was
    named. ``key`` identifies it within a run, so that it is indexed once."""

    document: Document
    path: str | None
    title: str | None
    url: str | None
    key: str

    def label(self) -> str:
        """How messages name it: its title, else its URL, else its file name."""
        return self.title or self.url or (self.path or "source").rsplit("/", 1)[-1]


@dataclass(slots=True)
class Span:
    start: int
    end: int
    text: str
    #: What the span is evidence of (a claim signal's name), where that matters.
    kind: str = ""


@dataclass(slots=True)
class VagueItem:
    text: str
    kind: str  # source | passive | hedge | weasel
    start: int
    end: int


@dataclass(slots=True)
class Attribution:
    cue: str
    cue_start: int
    cue_end: int
    source: str | None
    source_start: int | None
    source_end: int | None
    named: bool
    via: str = "sentence"  # sentence | context | quote


@dataclass(slots=True)
class Claim:
    checkworthy: bool
    signals: list[str]
    evidence: list[Span] = field(default_factory=list)
    #: The check-worthiness model's probability (``rules/models/checkworthy.json``), when a
    #: model decided ``checkworthy``; None when only the word-list signals did.
    score: float | None = None


@dataclass(slots=True)
class Sentence:
    start: int
    end: int
    text: str  # the visible text of the sentence
    section: str
    block: int  # index into Document.blocks
    line: int = 1
    column: int = 1
    attribution: Attribution | None = None
    vague: list[VagueItem] = field(default_factory=list)
    claim: Claim | None = None
    supported: bool | None = None
    in_disclosure: bool = False
    quotes: list[Span] = field(default_factory=list)
    #: Where a supported claim's named source stands: the sentence itself, or the sentence of
    #: the paragraph whose attribution supports it (for ``analyze --format text``).
    supported_by: "Sentence | None" = None
    #: How a named source covers the sentence (``analysis.support.coverage``): ``sentence``,
    #: ``quote``, ``previous``, ``closing``, ``according``, ``paragraph``; None when none does.
    support_via: str | None = None
    #: Probability that an editor would query this sentence ("who says so?") given that no
    #: named source covers it (``rules/models/needs-source.json``); None when not scored.
    needs_source: float | None = None
    #: Evaluative words (``subjectivity`` lexicon) that pushed ``needs_source`` up most, and the
    #: other words that did (quoted only when nothing else explains a finding), for messages.
    needs_source_evidence: list[str] = field(default_factory=list)
    needs_source_cues: list[str] = field(default_factory=list)
    #: Offset of the sentence within its block's visible text (to map findings back).
    local_start: int = 0
    #: Alignment with the article's source articles (``analysis.grounding``); None when the
    #: article has no sources or the sentence is not part of the body.
    grounding: "Grounding | None" = None


@dataclass(slots=True)
class Missing:
    """Something a sentence states that no source contains (contract §8)."""

    text: str
    kind: str  # number | date | name | quote | term
    start: int  # source offsets in the article
    end: int
    note: str = ""


@dataclass(slots=True)
class Grounding:
    """A body sentence checked against the article's sources (contract §8)."""

    supported: bool
    score: float
    #: The closest source sentence: (index of the source, start, end in its text, its text).
    evidence: tuple[int, int, int, str] | None = None
    missing: list[Missing] = field(default_factory=list)
    #: The weighted share of the sentence's content words its aligned source sentences hold.
    overlap: float = 0.0


@dataclass(slots=True)
class Disclosure:
    start: int
    end: int
    text: str
    kind: str  # generated | assisted | automated
    lang: str
    word_offset: int = 0
    position: str = "middle"  # start | end | middle
    block: int = 0
    names_source: bool | None = None
    human_review: bool = False
    #: Source spans of the "based on sources" phrase and of a named reviewer, when present.
    source_claim: tuple[int, int] | None = None
    reviewer: tuple[int, int] | None = None
    #: What it discloses: the article's ``text``, or a ``media`` element (an image credit line,
    #: "This video was created with AI"): a media disclosure does not declare the text's status.
    element: str = "text"


@dataclass(slots=True)
class Tell:
    start: int
    end: int
    text: str
    tell: str
    weight: float = 1.0


@dataclass
class Analysis:
    """What analysis found in one document (contract §5)."""

    document: Document
    ai_status: str
    ai_status_source: str
    sentences: list[Sentence]
    disclosures: list[Disclosure]
    tells: list[Tell]
    tells_score: float
    tells_suspected: bool
    body_words: int = 0
    #: The ``needs-source`` model's own threshold (the claim rule's default ``min_confidence``).
    needs_source_threshold: float = 0.5
    #: The style model's verdict (``analysis.style``): ``{"used", "score", "threshold",
    #: "suspected", "english", "evidence": [[feature, value, contribution], ...]}``; None when no
    #: style model is loaded or the body is too short to judge.
    style: dict[str, Any] | None = None
    #: Did the phrase tells alone reach ``tells_threshold`` (``tells_suspected`` also counts the style)?
    phrase_suspected: bool = False
    #: The article checked against its sources: ``{"sources": [...], "score", "consistent"}``;
    #: None when it has none (contract §8).
    grounding: dict[str, Any] | None = None
    _sentence_order: list[tuple[int, int]] | None = field(default=None, repr=False)

    def sentence_at(self, offset: int) -> Sentence | None:
        """The sentence containing source ``offset`` -- a binary search, so that reporting many
        violations in a huge file stays linear."""
        if self._sentence_order is None:
            self._sentence_order = sorted((s.start, i) for i, s in enumerate(self.sentences))
        order = self._sentence_order
        i = bisect.bisect_right(order, (offset, len(self.sentences))) - 1
        if i >= 0:
            sentence = self.sentences[order[i][1]]
            if sentence.start <= offset < sentence.end:
                return sentence
        return None


@dataclass(slots=True)
class Fix:
    """A text edit: replace source [start, end) with ``text``. Several edits form one fix."""

    edits: list[tuple[int, int, str]]
    description: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "description": self.description,
            "edits": [{"start": s, "end": e, "text": t} for s, e, t in self.edits],
        }


@dataclass(slots=True)
class Violation:
    rule: str
    kind: str
    severity: str
    message: str
    start: int
    end: int
    line: int = 1
    column: int = 1
    end_line: int = 1
    end_column: int = 1
    excerpt: str = ""
    fingerprint: str = ""
    fix: Fix | None = None
    reference: str | None = None
    #: How sure the rule is (0..1), for rules that score their findings (claims, vague
    #: attribution); None for the others. Reported as an extra field of the JSON violation.
    confidence: float | None = None
    #: Evidence from outside the article (grounding: the closest source sentence), as
    #: ``{"source": index, "label": name, "start", "end", "text"}``; an extra JSON field.
    evidence: dict[str, Any] | None = None
