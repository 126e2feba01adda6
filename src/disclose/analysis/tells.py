"""AI tells: evidence that text was machine-written although nothing declares it (contract §1.4).

Two sorts of tell, both configured in ``rules/lexicons/ai-tells.yaml``:

* **Lexical families** (``families:``) -- chatbot leftovers, stock phrases of generated prose,
  its favourite vocabulary, sentence-opening transitions, formulaic closes. Each family is a set
  of terms (whole words) and/or regex patterns with a ``weight``, a ``max_count`` (how many hits
  count, so one long article full of a common word cannot score like a chatbot leftover), a scope
  ``where`` (``anywhere`` or ``closing``: the last body paragraph, or the last two sentences of an
  article written as one paragraph) and an anchor ``at`` (``anywhere`` or ``sentence-start``).
* **Structural tells** (``structure:``) -- properties of the whole article that need a little
  code: uniform paragraph lengths, uniform sentence lengths, a pile-up of three-item lists, a
  heading over every paragraph (listicle), an ending that restates the opening. Each is one small
  function below; its weight and thresholds are data. A structural item's ``text`` is a readable
  description of the evidence ("5 paragraphs of 41-52 words"); its span covers what it measured.

The score is the sum over tells of ``weight * min(hits, max_count)``; the verdict is ``score >=
tells_threshold`` (a policy setting). A chatbot leftover weighs as much as the default threshold:
one is decisive. Everything else is weak on its own and counts only in combination.
"""

from __future__ import annotations

import statistics
from functools import lru_cache
from typing import Callable, Iterable

import regex

from ..model import Block, Tell
from ..segment import split_sentences
from .lexicon import AnyOf, Scope, Tokens, phrases
from .patterns import FLAGS, bounded, series

#: (visible text, block index, block) of the article's body blocks, in order.
Paragraph = tuple[str, int, Block]

_WORDS = regex.compile(r"[\p{L}\p{N}]+(?:['’][\p{L}]+)?")
# A series of three or more items closed by a conjunction ("A, B and C", "A, B, and C"), each item
# up to two words; the conjunctions are the lexicon's (``structure.rule-of-three.conjunctions``).
_ITEM_WORDS = 2


class _Family:
    """One lexical family, compiled once."""

    def __init__(self, name: str, spec: dict, lexicons: dict):
        self.name = name
        self.weight = float(spec.get("weight", 1.0))
        self.cap = int(spec.get("max_count", 1))
        self.where = spec.get("where", "anywhere")
        self.at = spec.get("at", "anywhere")
        patterns = list(spec.get("patterns", []) or [])
        word_lists = []
        if spec.get("lexicon"):
            lex = lexicons.get(spec["lexicon"], {})
            patterns += list(lex.get("patterns", []) or [])
            if lex.get("terms"):
                word_lists.append(phrases(lex["terms"]))
        if spec.get("terms"):
            # Straight and curly apostrophes alike ("today's", "today’s").
            word_lists.append(phrases(spec["terms"], any_apostrophe=True))
        # Each pattern scanned on its own: much faster than one big alternation (see AnyOf).
        # Patterns may come from a user policy: each one runs time-limited (see BoundedPattern).
        # Word lists are matched on word runs (see Phrases).
        parts = [bounded(p, "ai-tells", FLAGS) for p in patterns] + word_lists
        self.matcher = AnyOf(parts) if parts else None

    def matches(self, text: str, sentences: list[tuple[int, int]], tokens: Tokens | None = None) -> Iterable[tuple[int, int]]:
        if self.matcher is None:
            return
        if self.at == "sentence-start":
            for s, _ in sentences:
                # Allow an opening quote or bracket before the first word of the sentence.
                pos = s + len(text[s:s + 2]) - len(text[s:s + 2].lstrip("\"'“‘«(["))
                m = self.matcher.match(text, pos, tokens)
                if m and m.end() > m.start():
                    yield m.start(), m.end()
            return
        for m in self.matcher.finditer(text, tokens=tokens):
            if m.end() > m.start():
                yield m.start(), m.end()


FAMILY_SPEC = {"weight": float, "max_count": int, "where": ("anywhere", "closing"),
               "at": ("anywhere", "sentence-start"), "terms": [str], "patterns": ["regex"], "lexicon": str}


class TellFinder:
    def __init__(self, tells: dict, lexicons: dict, validate: bool = True):
        # The built-in lexicon is checked by the test suite, not at every start (as the
        # disclosure patterns are); one a policy supplies is checked here, like a policy.
        if validate:
            _validate(tells)
        self.families = [_Family(name, spec or {}, lexicons) for name, spec in (tells.get("families") or {}).items()]
        self.structure = [(name, dict(spec), STRUCTURAL[name][0])
                          for name, spec in (tells.get("structure") or {}).items()
                          if spec is not None]  # `name: null` switches a structural tell off

    def find(self, paragraphs: list[Paragraph], headings: list[Block] | None = None) -> tuple[list[Tell], float]:
        """The tells in the body ``paragraphs`` (and ``headings``, for structure) and their score."""
        split = [split_sentences(text) for text, _, _ in paragraphs]
        closing = _closing(paragraphs, split)
        scope = Scope(text for text, _, _ in paragraphs)
        tokens = [Tokens(text, scope, scope.offsets[i])  # shared by every family's word lists
                  for i, (text, _, _) in enumerate(paragraphs)]
        items: list[Tell] = []
        score = 0.0
        for fam in self.families:
            found = 0
            scope = closing if fam.where == "closing" else [(i, None) for i in range(len(paragraphs))]
            for pi, only in scope:
                text, _, block = paragraphs[pi]
                sentences = split[pi] if only is None else split[pi][only:]
                if only is not None:
                    text_from = sentences[0][0] if sentences else len(text)
                else:
                    text_from = 0
                for s, e in fam.matches(text, sentences, tokens[pi]):
                    src_s, src_e = block.span_to_source(s, e)
                    if s < text_from or any(src_s < t.end and t.start < src_e for t in items):
                        continue  # outside the scope, or words an earlier (stronger) family counted
                    items.append(Tell(start=src_s, end=src_e, text=text[s:e], tell=fam.name, weight=fam.weight))
                    found += 1
            score += fam.weight * min(found, fam.cap)
        for name, spec, func in self.structure:
            tell = func(name, spec, paragraphs, split, headings or [])
            if tell is not None:
                items.append(tell)
                score += tell.weight
        items.sort(key=lambda t: (t.start, -t.weight))
        return items, round(score, 3)


def _closing(paragraphs: list[Paragraph], split: list[list[tuple[int, int]]]) -> list[tuple[int, int | None]]:
    """Where an article closes: its last paragraph, or -- for an article written as a single
    paragraph -- its last two sentences. ``(paragraph index, first sentence index or None)``."""
    if not paragraphs:
        return []
    last = len(paragraphs) - 1
    if len(paragraphs) == 1:
        return [(last, max(0, len(split[last]) - 2))]
    return [(last, None)]


@lru_cache(maxsize=1024)  # structural tells count the same paragraphs several times
def _word_count(text: str) -> int:
    return len(_WORDS.findall(text))


def _variation(values: list[int]) -> float:
    mean = statistics.fmean(values)
    return statistics.pstdev(values) / mean if mean else 0.0


def _span(paragraphs: list[Paragraph], first: int, last: int) -> tuple[int, int]:
    start = paragraphs[first][2].span_to_source(0, 0)[0]
    text, _, block = paragraphs[last]
    return start, block.span_to_source(0, len(text))[1]


# -- structural tells: one small function each; ``spec`` holds the weight and thresholds --------

def uniform_paragraphs(name: str, spec: dict, paragraphs: list[Paragraph], split, headings) -> Tell | None:
    """Generated prose comes in paragraphs of near-equal length; edited news mixes one-sentence
    paragraphs with long ones. Fires when at least ``min_paragraphs`` body paragraphs (each at
    least ``min_words`` long, the last one excepted from that) vary in length by no more than
    ``max_variation`` (standard deviation / mean of their word counts)."""
    counts = [_word_count(text) for text, _, _ in paragraphs]
    if len(counts) < int(spec.get("min_paragraphs", 4)):
        return None
    if min(counts[:-1]) < int(spec.get("min_words", 25)):
        return None
    variation = _variation(counts)
    if variation > float(spec.get("max_variation", 0.3)):
        return None
    start, end = _span(paragraphs, 0, len(paragraphs) - 1)
    return Tell(start, end, f"{len(counts)} paragraphs of {min(counts)}–{max(counts)} words", name,
                float(spec.get("weight", 1.0)))


def uniform_sentences(name: str, spec: dict, paragraphs: list[Paragraph], split, headings) -> Tell | None:
    """Generated prose keeps an even rhythm: sentence after sentence of similar length. Fires when
    at least ``min_sentences`` body sentences vary in word count by no more than ``max_variation``."""
    counts = [_word_count(text[s:e]) for (text, _, _), spans in zip(paragraphs, split) for s, e in spans]
    counts = [c for c in counts if c]
    if len(counts) < int(spec.get("min_sentences", 8)):
        return None
    variation = _variation(counts)
    if variation > float(spec.get("max_variation", 0.25)):
        return None
    start, end = _span(paragraphs, 0, len(paragraphs) - 1)
    return Tell(start, end, f"{len(counts)} sentences of {min(counts)}–{max(counts)} words "
                f"(variation {variation:.2f})", name, float(spec.get("weight", 1.0)))


def rule_of_three(name: str, spec: dict, paragraphs: list[Paragraph], split, headings) -> Tell | None:
    """Generated prose likes lists of three ("education, awareness, and safety"). One list is
    ordinary; fires at ``min_count`` or more series of three-plus items per ``per_words`` words
    of body (at least ``min_count`` in all), and points at the first. The conjunctions that
    close a series are the spec's ``conjunctions`` (none: the tell is off)."""
    lists = series(tuple(str(c) for c in spec.get("conjunctions") or ()), _ITEM_WORDS)
    if lists is None:
        return None
    hits: list[tuple[int, int, int]] = []
    words = 0
    for pi, (text, _, _) in enumerate(paragraphs):
        words += _word_count(text)
        hits += [(pi, m.start(), m.end()) for m in lists.finditer(text)]
    min_count = int(spec.get("min_count", 3))
    per_words = int(spec.get("per_words", 400))
    if len(hits) < min_count or len(hits) * per_words < min_count * words:
        return None
    pi, s, e = hits[0]
    text, _, block = paragraphs[pi]
    src_s, src_e = block.span_to_source(s, e)
    return Tell(src_s, src_e, f"{len(hits)} lists of three or more, e.g. “{text[s:e]}”", name,
                float(spec.get("weight", 1.0)))


def listicle(name: str, spec: dict, paragraphs: list[Paragraph], split, headings: list[Block]) -> Tell | None:
    """A heading over every paragraph or two: the outline of a generated explainer, not of a news
    story. Fires with at least ``min_headings`` headings and between ``min_paragraphs_per_heading``
    and ``max_paragraphs_per_heading`` body paragraphs per heading."""
    body_headings = [h for h in headings if h.section == "heading"]
    if len(body_headings) < int(spec.get("min_headings", 3)) or not paragraphs:
        return None
    ratio = len(paragraphs) / len(body_headings)
    if not float(spec.get("min_paragraphs_per_heading", 0.75)) <= ratio <= float(spec.get("max_paragraphs_per_heading", 1.5)):
        return None  # more headings than paragraphs is a table or a list of results, not a listicle
    start = min(body_headings[0].span_to_source(0, 0)[0], paragraphs[0][2].span_to_source(0, 0)[0])
    end = _span(paragraphs, 0, len(paragraphs) - 1)[1]
    return Tell(start, end, f"{len(body_headings)} headings over {len(paragraphs)} paragraphs", name,
                float(spec.get("weight", 1.0)))


def restated_ending(name: str, spec: dict, paragraphs: list[Paragraph], split, headings) -> Tell | None:
    """A closing sentence that restates the opening: most of its content words (words of at least
    ``min_letters`` letters) already stood in the first ``opening_sentences`` sentences. Needs at
    least ``min_sentences`` sentences so that a short item cannot trigger it."""
    flat = [(pi, s, e) for pi, spans in enumerate(split) for s, e in spans]
    opening_n = int(spec.get("opening_sentences", 2))
    if len(flat) < int(spec.get("min_sentences", 6)):
        return None
    min_letters = int(spec.get("min_letters", 5))

    def content(pi: int, s: int, e: int) -> set[str]:
        return {w.lower() for w in _WORDS.findall(paragraphs[pi][0][s:e]) if len(w) >= min_letters}

    opening: set[str] = set()
    for pi, s, e in flat[:opening_n]:
        opening |= content(pi, s, e)
    pi, s, e = flat[-1]
    closing = content(pi, s, e)
    if len(closing) < int(spec.get("min_words", 4)):
        return None
    overlap = len(closing & opening) / len(closing)
    if overlap < float(spec.get("min_overlap", 0.5)):
        return None
    text, _, block = paragraphs[pi]
    src_s, src_e = block.span_to_source(s, e)
    return Tell(src_s, src_e, text[s:e], name, float(spec.get("weight", 1.0)))


_QUOTATION = regex.compile(r"[\"“„«「『]\s*\S+(?:\s+\S+){2,}?")


def unquoted(name: str, spec: dict, paragraphs: list[Paragraph], split, headings) -> Tell | None:
    """News quotes the people it is about; generated summaries seldom do. Fires when a body of at
    least ``min_words`` words holds no direct quotation (an opening quote mark followed by three
    or more words). Its span is the whole body: the evidence is an absence."""
    if not paragraphs or sum(_word_count(text) for text, _, _ in paragraphs) < int(spec.get("min_words", 150)):
        return None
    if any(_QUOTATION.search(text) for text, _, _ in paragraphs):
        return None
    start, end = _span(paragraphs, 0, len(paragraphs) - 1)
    words = sum(_word_count(text) for text, _, _ in paragraphs)
    return Tell(start, end, f"no direct quotation in {words} words", name, float(spec.get("weight", 1.0)))


#: name -> (function, its options and their types); every one also takes ``weight``.
STRUCTURAL: dict[str, tuple[Callable[..., Tell | None], dict]] = {
    "uniform-paragraphs": (uniform_paragraphs, {"min_paragraphs": int, "min_words": int, "max_variation": float}),
    "uniform-sentences": (uniform_sentences, {"min_sentences": int, "max_variation": float}),
    "rule-of-three": (rule_of_three, {"min_count": int, "per_words": int, "conjunctions": [str]}),
    "listicle": (listicle, {"min_headings": int, "min_paragraphs_per_heading": float,
                            "max_paragraphs_per_heading": float}),
    "restated-ending": (restated_ending, {"opening_sentences": int, "min_sentences": int, "min_letters": int,
                                          "min_words": int, "min_overlap": float}),
    "unquoted": (unquoted, {"min_words": int}),
}


def _validate(tells: dict) -> None:
    """The ai-tells lexicon is user-replaceable data: check it like a policy (file:line, exit 2)."""
    from ..policy.schema import validate
    from ..policy.errors import LineDict, PolicyError

    where = "lexicon ai-tells"
    line = tells.line if isinstance(tells, LineDict) else 0
    for key in tells:
        if key not in ("name", "description", "families", "structure"):
            raise PolicyError(where, _line(tells, key, line), f"unknown key {key!r} (expected families, structure)")
    for key in ("families", "structure"):
        validate(tells.get(key) or {}, dict, key, where, _line(tells, key, line))
    for name, spec in (tells.get("families") or {}).items():
        validate(spec or {}, FAMILY_SPEC, f"families.{name}", where, _line(tells.get("families"), name, line))
    for name, spec in (tells.get("structure") or {}).items():
        at = _line(tells.get("structure"), name, line)
        if name not in STRUCTURAL:
            raise PolicyError(where, at, f"structure.{name}: unknown structural tell (known: {', '.join(STRUCTURAL)})")
        if spec is not None:
            validate(spec, {"weight": float, **STRUCTURAL[name][1]}, f"structure.{name}", where, at)


def _line(mapping, key, default: int) -> int:
    lines = getattr(mapping, "lines", None) or {}
    return lines.get(key, default) or default

__all__ = ["TellFinder", "STRUCTURAL"]
