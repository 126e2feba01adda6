"""Attribution: who stands behind a sentence.

A sentence is *attributed* when it carries a reporting cue -- a reporting verb ("said", "told",
"reported"), a source-first phrase ("according to", "citing"), or a colon before a quote -- and
we can find the cue's source: the subject before the verb ("SANA reported"), the noun phrase
after an inverted verb (``"...," said the minister``) or after a source-first phrase. The source
is *named* when a reader could check it: a proper name, an outlet, an organisation or a document
("the agency", "the report" refer back to one), or a pronoun standing for a person already named.
"Sources", "officials", "experts", "reports" and the like, without a name, are not.

Everything here works on one sentence's visible text with offsets local to it.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

from ..model import Attribution
from .lexicon import PhraseBook, Phrases, Tokens, verb_forms
from .patterns import FLAGS
from .quotes import quoted_spans

_BOUNDARY = regex.compile(r"[,;:()\[\]\"“”‘’—–]|\s-\s|(?<![\w])'|'(?![\w])")
_WORD = regex.compile(r"[\p{L}\p{N}][\p{L}\p{N}'’.\-&]*")
#: The word lists of this module live in ``rules/lexicons/reporting-verbs.yaml`` (``_words``).


_PAREN_BEFORE = regex.compile(r"\s*\([^()\n]{1,40}\)\s*$")


def _words(lexicon: dict, key: str) -> set[str]:
    """The lower-cased words of list ``key`` of a lexicon (empty when it has none)."""
    return {str(w).lower() for w in lexicon.get(key) or []}


@dataclass(frozen=True, slots=True)
class _Cue:
    text: str
    start: int
    end: int
    kind: str  # phrase | verb | colon


class AttributionFinder:
    def __init__(self, reporting: dict, vague: dict, book: PhraseBook | None = None):
        verbs = list(reporting.get("verbs", []))
        self.weak = set(reporting.get("weak_verbs", []))
        self.source_first = {p.lower() for p in reporting.get("source_first", [])}
        form_to_base: dict[str, str] = {}
        for base in verbs:
            for form in verb_forms(base):
                form_to_base.setdefault(form.lower(), base)
        for form, base in (reporting.get("irregular") or {}).items():
            form_to_base[str(form).lower()] = str(base)
        self.form_to_base = form_to_base
        self.phrases = {p.lower() for p in reporting.get("phrases", [])}
        # Hundreds of cue words, matched on the sentence's word runs (see Phrases); a phrase
        # ("according to") is preferred to a verb form where both start.
        groups = {"phrase": self.phrases, "verb": form_to_base}
        self.cue_re = book.phrases(groups) if book is not None else Phrases(groups)
        self.colon_quote = regex.compile(r"(?:^|\s[-–—]\s*)(?P<src>[^:\"“\-–—]{2,60}?):\s*[\"“‘]")
        # Headline and transcript convention: "Sanders: Brexit's message could ...", "TAPPER: Do you ...".
        self.speaker_colon = regex.compile(
            r"^(?P<src>(?:(?:\p{Lu}[\p{L}.'’\-]*|on|at|of|the|and|camp|spokesman|spokeswoman)\s+){0,5}\p{Lu}[\p{L}.'’\-]*):\s+\S"
        )
        self.colon_labels = {w.lower() for w in reporting.get("colon_labels", [])}
        self.noun_forms = {w.lower() for w in reporting.get("noun_forms", [])}
        self.to_ok = set(reporting.get("to_verbs", []))
        self.context_after = regex.compile(
            r"\s*(?:(?:that|whether|how|why|what)\b|:|,?\s*[\"“‘]|(?:\s+(?:(?-i:\p{Lu})[\p{L}.\-]*|him|her|them|us|me|you|it)){0,3}\s+to\s+(?-i:\p{Ll})|\s+(?:for|on|about|against)\b)",
            FLAGS,
        )
        self.quote_after = regex.compile(r"\s*(?::|,?\s*[\"“‘])")
        # '"... ," she added' / '"...," Devine said': a closing quote shortly before the verb.
        self.inverted_before = regex.compile(r"[\"”’']\s*(?:[\p{L}.'’\-]+\s+){0,4}$")
        self.vague_heads = {h.lower() for h in vague.get("vague_heads", [])}
        self.vague_mods = {m.lower() for m in vague.get("vague_modifiers", [])}
        self.institutions = {w.lower() for w in reporting.get("institutions", [])}
        # How a source is read: the grammar words of reporting-verbs.yaml.
        words = lambda key: _words(reporting, key)  # noqa: E731
        self.determiners, self.definite, self.pronouns = words("determiners"), words("definite"), words("pronouns")
        self.noun_markers, self.auxiliaries, self.leading = words("noun_markers"), words("auxiliaries"), words("leading")
        self.personal, self.thing_subjects = words("personal_pronouns"), words("thing_subjects")
        self.starters, self.qualifiers = words("starters"), words("qualifiers")
        self.naming_qualifiers, self.generic_heads = words("naming_qualifiers"), words("generic_heads")
        stops = "|".join(regex.escape(w) for w in reporting.get("source_stops") or [])
        self.source_stop = regex.compile(rf"[,.;:!?()\[\]\"“”—–]" + (rf"|\s(?:{stops})\s" if stops else ""), FLAGS)

    # -- cues --------------------------------------------------------------------------------

    def cues(self, text: str, tokens: Tokens | None = None) -> list[_Cue]:
        out = []
        quoted = title_case = None  # worked out when a verb needs them (most sentences have none)
        for m in self.cue_re.finditer(text, tokens):
            word = m.group(0)
            low = " ".join(word.lower().split())
            if m.group("phrase") is not None:
                if low == "per" and not regex.match(r"\s+[A-Z]", text[m.end():]):
                    continue
                out.append(_Cue(word, m.start(), m.end(), "phrase"))
                continue
            base = self.form_to_base.get(low)
            if base is None:
                continue
            if title_case is None:
                # In a Title Case headline ("Trump Says He Will ...") a capital is no sign of a name.
                words = _WORD.findall(text)
                title_case = len(words) >= 3 and sum(w[:1].isupper() for w in words) >= 0.7 * len(words)
                quoted = quoted_spans(text)
            before_cased = text[: m.start()].rstrip()
            prev_cased = before_cased.rsplit(None, 1)[-1] if before_cased else ""
            prev_word = prev_cased.lower()
            if prev_word in ("to",) and base not in self.to_ok:
                continue  # "declined to comment", "expected to say": not a report
            # "media reports", "the claims", "Trump's call": nouns, not verbs -- but a capital
            # inside the sentence is part of a name ("ABC News reported", "Fox News says").
            in_name = prev_cased[:1].isupper() and len(before_cased) > len(prev_cased) and not title_case
            if (prev_word in self.noun_markers and not in_name) or prev_word.endswith(("'s", "’s")):
                continue
            if word[:1].isupper() and m.start() > 0 and not title_case and not regex.search(r"[\"“”‘’:]\s*$", text[: m.start()]):
                continue  # a capital mid-sentence is a name: "United States", "State Department"
            if any(qs <= m.start() < qe for qs, qe in quoted):
                continue  # a verb inside a quotation is the quoted speaker's, not the sentence's cue
            if low in self.noun_forms:
                if not self._verb_context(text, m.start(), m.end(), introduces=False):
                    continue
            elif base in self.weak and not self._verb_context(text, m.start(), m.end()):
                continue
            out.append(_Cue(word, m.start(), m.end(), "verb"))
        if not out:
            m = self.colon_quote.search(text) or self.speaker_colon.match(text)
            if m and not self._colon_is_label(m.group("src")):
                out.append(_Cue(":", m.end("src"), m.end("src") + 1, "colon"))
        return out

    def _verb_context(self, text: str, start: int, end: int, introduces: bool = True) -> bool:
        """Does an ambiguous verb (``weak_verbs``, ``noun_forms``) report here? Yes when it
        introduces what is reported ("warned that", "urged ... to", a quote or colon), closes an
        inverted quote ('"...," she added'), or follows its own named subject ("Trump
        criticised Clinton", "the ministry noted")."""
        if introduces and self.context_after.match(text, end):
            return True
        if not introduces and self.quote_after.match(text, end):
            return True
        if self.inverted_before.search(text[:start]):
            return True
        span = self._source_before(text, start)
        if span is None:
            return False
        gap = text[span[1]:start]
        if regex.search(r"[,;:()\"“”]", gap):
            return False
        source = text[span[0]:span[1]]
        if not introduces:
            # A noun form ("states", "report") is a verb only right after a name or a personal
            # pronoun: "Smith states", "she reports" -- not "the first state", "key states".
            last = source.split()[-1]
            return (last.lower() in self.personal or (last[:1].isupper() and span[0] + len(source) - len(last) > 0)
                    or len(source.split()) == 1 and last[:1].isupper())
        return len(source.split()) <= 6 and self.is_named(source, at_sentence_start=(span[0] == 0), subject=True)

    def _colon_is_label(self, src: str) -> bool:
        """"Note:", "Update:", "Read more:" introduce text, nobody's words."""
        return src.strip().lower().rstrip(".") in self.colon_labels

    # -- sources -----------------------------------------------------------------------------

    def _source_after(self, text: str, pos: int) -> tuple[int, int] | None:
        m = regex.match(r"\s+", text[pos:])
        start = pos + (m.end() if m else 0)
        rest = text[start:]
        stop = self.source_stop.search(rest)
        chunk = rest[: stop.start()] if stop else rest
        words = list(_WORD.finditer(chunk))[:10]
        if not words:
            return None
        return start + words[0].start(), start + words[-1].end()

    def _source_before(self, text: str, pos: int) -> tuple[int, int] | None:
        """The subject before a reporting verb: the words since the last clause boundary; if the
        verb directly follows a comma ("Syria's president, Ahmed al-Sharaa, said"), the
        appositive between the last two commas."""
        before = text[:pos]
        # An acronym or aside in brackets right before the verb belongs to the subject: "the
        # Institute for Fiscal Studies (IFS) said".
        paren = _PAREN_BEFORE.search(before)
        if paren:
            before = before[:paren.start()]
        bounds = [(b.start(), b.end()) for b in _BOUNDARY.finditer(before)]
        cut = bounds[-1][1] if bounds else 0
        words = self._trimmed_words(before, cut, len(before))
        if not words and bounds and before[bounds[-1][0]] == "," and before[: bounds[-1][0]].rstrip()[-1:] not in "\"”’'":
            prev_cut = bounds[-2][1] if len(bounds) > 1 else 0
            words = self._trimmed_words(before, prev_cut, bounds[-1][0])
            # "Ken Macdonald QC, who sits on the SGC, said": the relative clause describes the
            # speaker named before it.
            if (words and words[0].group(0).lower() in ("who", "which", "whose") and len(bounds) > 1
                    and before[bounds[-2][0]] == ","):
                words = self._trimmed_words(before, bounds[-3][1] if len(bounds) > 2 else 0, bounds[-2][0])
        words = words[-8:]
        while words and words[0].group(0).lower() in self.leading:
            words.pop(0)  # "but he said", "if you prefer": the conjunction is not the source
        if not words:
            return None
        return words[0].start(), words[-1].end()

    def _trimmed_words(self, text: str, start: int, end: int) -> list:
        auxiliaries = self.auxiliaries
        words = list(_WORD.finditer(text, start, end))
        while words and words[-1].group(0).lower() in auxiliaries:
            words.pop()
        return words

    def find(self, text: str, tokens: Tokens | None = None) -> Attribution | None:
        """The sentence's best attribution: the first cue with a source, preferring named ones."""
        best: Attribution | None = None
        for cue in self.cues(text, tokens):
            span = None
            if cue.kind == "colon":
                span = self._source_before(text, cue.start)
            elif cue.kind == "phrase" and " ".join(cue.text.lower().split()) in self.source_first:
                span = self._source_after(text, cue.end)
            else:
                span = self._source_before(text, cue.start)
                if span is None or text[span[0]:span[1]].lower() in self.starters:
                    # Inversion: '"...," said the minister' -- the source follows the verb.
                    inverted = regex.search(r"[,\"”’']\s*$", text[: cue.start]) is not None or cue.start == 0
                    span = self._source_after(text, cue.end) if inverted else None
                    if span and text[span[0]:span[1]].split()[0].lower() in ("that", "the", "a") and not self._looks_like_source(text[span[0]:span[1]]):
                        span = None
            if span is None:
                src, named, s0, s1 = None, False, None, None
            else:
                s0, s1 = span
                src = text[s0:s1]
                named = self.is_named(src, at_sentence_start=(s0 == 0))
            att = Attribution(cue=cue.text, cue_start=cue.start, cue_end=cue.end, source=src,
                              source_start=s0, source_end=s1, named=named)
            if named:
                return att
            if best is None or (best.source is None and src is not None):
                best = att
        return best

    def is_vague_source(self, source: str) -> bool:
        """An unnamed source that hides someone ("officials", "a senior aide", "analysts") -- not
        a relative pronoun or a clause that merely failed to name anyone."""
        words = [w.group(0).lower() for w in _WORD.finditer(source)]
        return any(w in self.vague_heads for w in words[:6]) and words[0] not in self.thing_subjects | {"who"}

    def vague_head_span(self, source: str) -> tuple[int, int]:
        """The part of a vague source worth quoting: from its start to its vague head noun
        ("Some panel members", "a senior official"), not the clause that follows it
        ("Investors shrugged off the news and the rally" -> "Investors")."""
        words = list(_WORD.finditer(source))
        for i, w in enumerate(words[:6]):
            if w.group(0).lower() in self.vague_heads:
                first = words[max(0, i - 3)] if i > 3 else words[0]
                return first.start(), w.end()
        return 0, len(source)

    def _looks_like_source(self, src: str) -> bool:
        words = src.split()
        return any(w[:1].isupper() for w in words[1:]) or any(w.lower().strip(".,") in self.institutions for w in words)

    def is_named(self, source: str, at_sentence_start: bool = False, subject: bool = False) -> bool:
        """Could a reader check this source? A name, outlet, organisation, document or pronoun.
        ``subject``: the source is the subject of an ambiguous verb, where "it", "this" or
        "which" are things, not speakers ("it seems", "this shows")."""
        words = [w.group(0) for w in _WORD.finditer(source)]
        if not words:
            return False
        if subject and words[0].lower() in self.thing_subjects:
            return False
        lower = [w.lower().rstrip(".") for w in words]
        if len(words) == 1 and lower[0] in self.pronouns:
            return lower[0] != "who"
        # Split "head" from a qualifying prepositional phrase: "a spokesman for the ministry".
        head_words, qual_words = words, []
        for i, w in enumerate(lower):
            if i > 0 and w in self.qualifiers:
                head_words, qual_words = words[:i], words[i + 1:]
                break
        head_lower = [w.lower().rstrip(".") for w in head_words]
        proper_head = [
            w for j, w in enumerate(head_words)
            if w[:1].isupper() and not (j == 0 and at_sentence_start and w.lower() in self.determiners | self.vague_heads | self.vague_mods | self.starters)
            and w.lower() not in self.vague_heads and w.lower() not in self.vague_mods
        ]
        head_noun = head_lower[-1] if head_lower else ""
        qual_named = (
            any(w[:1].isupper() for w in qual_words if w.lower() not in self.determiners)
            or (qual_words[:1] and qual_words[0].lower() in self.definite and any(q.lower() in self.institutions for q in qual_words))
        ) if qual_words and lower[len(head_words)] in self.naming_qualifiers else False
        definite = bool(head_lower) and (head_lower[0] in self.definite or any(w.endswith(("'s", "’s")) for w in head_lower))
        if definite and head_noun in self.institutions and not head_noun.endswith("s"):
            return True  # "the agency", "the library's annual report": one identifiable body or document
        if head_noun in self.vague_heads or any(w in self.vague_heads for w in head_lower[-2:]):
            if proper_head and head_noun not in self.generic_heads:
                return True  # "Western officials" stays vague; "Pentagon officials" is an organisation
            return bool(qual_named)
        if proper_head:
            return True
        if head_lower and head_lower[0] in self.definite and head_noun not in self.vague_heads:
            return True  # "the agency", "the ministry", "the report": refer back to a named one
        return bool(qual_named)
