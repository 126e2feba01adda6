"""What a disclosure statement claims beside AI use: a human review, and "based on sources".

Read from the statement's text once a disclosure is found (contract §1 ``disclosures``):

* **human review**: a review phrase ("reviewed by our editors", "von der Redaktion geprüft"),
  not excluded by what comes just before it ("not reviewed"), and the span of a named reviewer
  ("edited by Jane Doe") -- ``rules/lexicons/human-review.yaml``;
* **source claim**: a "based on sources" phrase ("based on reporting by Reuters", "auf Grundlage
  von Agenturmeldungen") and whether it actually names a source: a URL, a known outlet, a quoted
  title, or capitalised words that are not generic ("Agency", "Reports"); languages that
  capitalise every noun (German) need an acronym or two capitalised words in a row --
  ``rules/lexicons/source-claims.yaml``.

The statement's language is tried first, then the others; a pattern runs only when the statement
holds one of its required strings (``prefilter``), so most languages cost nothing.
"""

from __future__ import annotations

from typing import Iterator

import regex

from .disclosure_lexicon import DisclosureTables, ReviewRules
from .patterns import FLAGS, BoundedPattern, LazyPattern
from .prefilter import could_match
from .quotes import has_quoted_title

_URL = LazyPattern(
    r"https?://|\bwww\.|\b[\w-]+\.(?:com|org|net|gov|edu|io|co|uk|de|fr|es|it|pt|nl|jp|cn|kr|br|eu|info|news|ch|at|be)\b",
    FLAGS,
)
_CAP_WORD = LazyPattern(r"(?-i:\p{Lu}[\p{L}\p{N}&'’.-]*)", 0)


class StatementClaims:
    """Reads human review and source claims from disclosure statements (built from the
    detector's ``DisclosureTables``)."""

    def __init__(self, tables: DisclosureTables):
        self.tables = tables

    def _candidates(self, by_lang: dict, lang: str, field: str, stmt: str) -> Iterator[tuple[object, BoundedPattern]]:
        """(language spec, pattern) of list ``field``, the statement's language first, then the
        others; only patterns whose prefilter the statement passes (most languages' cannot)."""
        order = [lang] + [c for c in by_lang if c != lang] if lang in by_lang else list(by_lang)
        folded = stmt.casefold()
        literals = self.tables.literals
        for code in order:
            spec = by_lang[code]
            for rx in getattr(spec, field):
                if could_match(literals(rx), folded):
                    yield spec, rx

    def human_review(self, stmt: str, lang: str) -> tuple[bool, tuple[int, int] | None]:
        """(a human review is stated, the span of the named reviewer) in ``stmt``."""
        review = self.tables.review
        for spec, rx in self._candidates(review, lang, "reviewer", stmt):
            m = rx.search(stmt)
            if m and not _excluded(stmt, m.start(), spec):
                a, b = m.span("name")
                name = stmt[a:b].rstrip(" .,;:'’")
                return True, (a, a + len(name))
        for spec, rx in self._candidates(review, lang, "review", stmt):
            for m in rx.finditer(stmt):
                if not _excluded(stmt, m.start(), spec):
                    return True, None
        return False, None

    def source_claim(self, stmt: str, lang: str) -> tuple[tuple[int, int] | None, bool | None]:
        """(the span of a "based on sources" claim, whether it names a source) in ``stmt``."""
        for spec, rx in self._candidates(self.tables.sources, lang, "claims", stmt):
            m = rx.search(stmt)
            if not m:
                continue
            obj = m.group("object") or ""
            span = (m.start(), m.end())
            # trim the span's trailing spaces/punctuation
            while span[1] > span[0] and stmt[span[1] - 1] in " \t,;:":
                span = (span[0], span[1] - 1)
            return span, self.names_source(obj, spec.capitalised)
        return None, None

    def names_source(self, obj: str, capitalised: bool) -> bool:
        """Does the object of a source claim ("based on reports by ...") name a source?"""
        if not obj.strip():
            return False
        outlets, generic = self.tables.outlets, self.tables.generic
        if _URL.search(obj) or (outlets is not None and outlets.search(obj)):
            return True
        if has_quoted_title(obj):
            return True
        words = [w.group().rstrip(".'’-") for w in _CAP_WORD.finditer(obj)]
        names = [w for w in words if w and not (generic and generic.match(w))]
        if capitalised:
            return bool(names)
        # German and the like: acronyms or runs of two capitalised words ("Statistisches Bundesamt")
        if any(regex.fullmatch(r"(?-i:\p{Lu}{2,}\p{Ll}?)", w) for w in names):
            return True
        return bool(regex.search(r"(?-i:\p{Lu}[\p{L}-]+\s+\p{Lu}[\p{L}-]+)", obj)
                    and len(names) >= 2)


def _excluded(stmt: str, pos: int, spec: ReviewRules) -> bool:
    if spec.exclude is None:
        return False
    return bool(spec.exclude.search(stmt[max(0, pos - 40):pos]))
