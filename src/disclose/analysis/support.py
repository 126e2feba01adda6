"""Support from context, as an editor reads it, and the features the sentence models see.

A sentence is *covered* when the text names a specific source for it (editor rubric, "covered"):

* ``sentence`` -- its own attribution names the source ("..., the ministry said");
* ``quote`` -- it continues a direct quotation whose speaker is named in the same run of
  quotation (the run may be opened or closed by the attribution);
* ``previous`` -- the previous sentence of its paragraph names a source (the policy setting
  ``attribution_context: previous``, the default; ``sentence`` turns context off and
  ``paragraph`` lets any named sentence of the paragraph stand for the others);
* ``closing`` -- it sits in a run of reported speech that the next sentence of the paragraph
  closes with its named speaker ("... Werbach said.");
* ``according`` -- an earlier sentence of its paragraph opens with "According to <named
  source>", which carries over the rest of the paragraph.

Generic sources ("analysts", "one official", "market sources") never cover: the attribution
finder does not call them named. ``features`` turns a sentence into the sparse named
features of the ``needs-source`` model (``rules/models/needs-source.json``); training calls
the same function, so the model sees what inference sees.
"""

from __future__ import annotations

import regex

from ..model import Sentence
from .lexicon import Tokens
from .quotes import quoted_spans

#: Coverage that settles a sentence for the claim rule: every kind. (Measured: letting the
#: model weigh the looser carries -- ``previous``, ``closing`` -- instead lost precision.)
HARD_COVER = ("sentence", "quote", "previous", "closing", "according", "paragraph")

_OPEN_QUOTES = "\"“‘'"
_FIRST_WORD = regex.compile(r"[\p{L}']+")
_ACCORDING = regex.compile(r"^\W*according\s+to\b", regex.IGNORECASE)


_BE = regex.compile(r"\b(?:is|are|was|were|be|been|being)\b", regex.IGNORECASE)


class Subjects:
    """Subjects that name no source an editor can check: the ``subjects`` lists of
    ``rules/lexicons/reporting-verbs.yaml`` (pronouns, the first person, the reader and relative
    words, the writer or reader as an attribution's "source")."""

    __slots__ = ("pronouns", "first_person", "reader_and_relative", "writer_or_reader", "unnamed_first")

    def __init__(self, lists: dict | None = None):
        lists = lists or {}

        def words(key: str) -> frozenset[str]:
            return frozenset(str(w).lower() for w in lists.get(key) or ())

        self.pronouns = words("pronouns")
        self.first_person = words("first_person")
        self.reader_and_relative = words("reader_and_relative")
        self.writer_or_reader = words("writer_or_reader")
        #: First words of a source that the features name ("a:src=he").
        self.unnamed_first = self.pronouns | self.first_person | self.reader_and_relative


NO_SUBJECTS = Subjects()


def _named(s: Sentence, covering: frozenset[str] | None = None, subjects: Subjects = NO_SUBJECTS) -> bool:
    """Does the sentence's own attribution name a source that stands behind it? Not when the
    "source" is the writer or reader ("I believe", "you know"), the verb is an agentless
    passive ("He is regarded as ...", "He was found dead"), or the cue is a stance or
    perception verb rather than a report (``covering``: the base forms that report, from
    ``reporting-verbs.yaml``'s ``covering_verbs``; None accepts every cue)."""
    att = s.attribution
    if att is None or not att.named:
        return False
    if att.source:
        first = att.source.split()[0].lower().strip("'’")
        if first in subjects.writer_or_reader:
            return False
        if att.source_end is not None and att.source_start is not None and att.source_end <= att.cue_start:
            between = s.text[att.source_end - s.start:att.cue_start - s.start] if att.source_end >= s.start else ""
            if _BE.search(between):
                return False
    if covering is not None and att.cue.isalpha() and att.cue.lower() not in covering:
        return False
    return True


def _quote_state(s: Sentence) -> tuple[bool, bool]:
    """(starts inside a quotation continued from before, leaves a quotation open at its end)."""
    spans = quoted_spans(s.text)
    if not spans:
        return False, False
    starts_inside = spans[0][0] == 0 and s.text[:1] not in _OPEN_QUOTES
    last = spans[-1]
    ends_open = last[1] == len(s.text) and (len(spans) > 1 or last[0] > 0 or s.text[:1] in _OPEN_QUOTES) \
        and s.text.rstrip()[-1:] not in "\"”’'"
    return starts_inside, ends_open


def coverage(block: list[Sentence], context: str = "previous", covering: frozenset[str] | None = None,
             subjects: Subjects = NO_SUBJECTS) -> list[tuple[str, Sentence] | None]:
    """For each sentence of one paragraph, how a named source covers it: ``(via, sentence)``
    with ``via`` one of ``sentence``, ``quote``, ``previous``, ``closing``, ``according``, or
    ``paragraph``; None when nothing does. ``covering``: the inflected cue words that report
    (see ``_named``); ``subjects``: who is no source (see ``Subjects``)."""
    n = len(block)
    named = [_named(s, covering, subjects) for s in block]
    out: list[tuple[str, Sentence] | None] = [None] * n
    # Runs of quotation: a sentence that ends inside an open quote and those that continue it.
    run_of = list(range(n))
    for i in range(1, n):
        starts_inside, _ = _quote_state(block[i])
        _, prev_open = _quote_state(block[i - 1])
        # '"We will not give up," Smith said. "The plan is ...': a quotation right after a
        # quoted, attributed sentence goes on with the same speaker's words.
        resumes = block[i].text[:1] in _OPEN_QUOTES and bool(block[i - 1].quotes) and block[i - 1].attribution is not None
        if starts_inside or prev_open or resumes:
            run_of[i] = run_of[i - 1]
    speakers: dict[int, Sentence] = {}
    for i in range(n):
        if named[i] and run_of[i] not in speakers:
            speakers[run_of[i]] = block[i]
    according: Sentence | None = None
    for i, s in enumerate(block):
        if named[i]:
            out[i] = ("sentence", s)
        elif context == "sentence":
            pass
        elif run_of[i] in speakers and any(run_of[j] == run_of[i] for j in range(n) if j != i):
            out[i] = ("quote", speakers[run_of[i]])
        elif i > 0 and named[i - 1] and not block[i - 1].quotes:
            # Indirect speech carries to the next sentence ("X said Y. Z."); after a direct
            # quotation the next plain sentence is the writer's again.
            out[i] = ("previous", block[i - 1])
        elif according is not None:
            out[i] = ("according", according)
        elif i + 1 < n and named[i + 1] and _closes(block[i + 1]):
            out[i] = ("closing", block[i + 1])
        elif context == "paragraph" and any(named):
            out[i] = ("paragraph", block[named.index(True)])
        if named[i] and _ACCORDING.match(s.text) and context != "sentence":
            according = s
    return out


def _closes(s: Sentence) -> bool:
    """Does the sentence end with its named speaker ("..., Werbach said.")? Then it may close
    a run of reported speech begun in the sentence before."""
    att = s.attribution
    if att is None or att.source_start is None:
        return False
    tail = s.start + int(len(s.text) * 0.5)
    return att.cue_start >= tail and att.cue_start > att.source_start - 1 or att.source_start >= tail


#: Subjectivity at or above which an adjective counts as evaluative (``subjectivity`` lexicon).
SUBJECTIVE = 0.6


def subjective_words(tokens: Tokens, table: dict[str, tuple[float, float]]) -> list[int]:
    """Indices of the tokens the ``subjectivity`` lexicon calls evaluative."""
    return [i for i, k in enumerate(tokens.keys) if k in table and table[k][1] >= SUBJECTIVE]


def features(s: Sentence, tokens: Tokens, subjectivity: dict[str, tuple[float, float]] | None = None,
             subjects: Subjects = NO_SUBJECTS) -> dict[str, float]:
    """Named features of one sentence (signals, attribution, vague items, quotation, evaluative
    words), without its n-grams. The model is trained on sentences no named source covers, so
    how a sentence is covered is no feature."""
    f: dict[str, float] = {}
    if subjectivity:
        hits = [subjectivity[tokens.keys[i]] for i in subjective_words(tokens, subjectivity)]
        if hits:
            f["subj:count"] = min(len(hits), 3) / 3
            f["subj:max"] = max(h[1] for h in hits)
            strong = sum(1 for h in hits if h[0] >= 0.5)
            if strong:
                f["subj:polar"] = min(strong, 3) / 3
    if s.claim is not None:
        for sig in s.claim.signals:
            f["s:" + sig] = 1.0
        if s.claim.score is not None:
            f["s:checkworthy"] = s.claim.score
    att = s.attribution
    if att is not None:
        state = "named" if att.named else ("unnamed" if att.source else "nosource")
        f["a:" + state] = 1.0
        # Which cue and where: "said" at the end of a sentence covers it; "talking about" or
        # "is regarded" mid-sentence rarely does -- the model learns how far each one goes.
        f[f"a:cue={' '.join(att.cue.lower().split())}"] = 1.0
        rel = (att.cue_start - s.start) / max(1, len(s.text))
        f["a:cue_" + ("start" if rel < 0.2 else "end" if rel > 0.6 else "mid")] = 1.0
        if att.source:
            first = att.source.split()[0].lower()
            if first in subjects.unnamed_first:
                f["a:src=" + first] = 1.0
            f["a:src_" + ("cap" if att.source[:1].isupper() else "lower")] = 1.0
    for v in s.vague:
        f["v:" + v.kind] = 1.0
    if s.quotes:
        f["q:quote"] = 1.0
    # No paragraph-position features: the training articles differ in how they are broken into
    # paragraphs (ai-news records are one block), so such features learn the corpus, not the
    # sentence (measured: dropping them costs nothing in grouped cross-validation).
    keys = tokens.keys
    if keys:
        if keys[0] in subjects.pronouns:
            f["c:pronoun_start"] = 1.0
        if not subjects.first_person.isdisjoint(keys):
            f["c:first_person"] = 1.0
    return f


