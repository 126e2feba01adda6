"""Analysis: from a read ``Document`` to the per-article findings of contract §1.

``Analyzer`` is built once per rule set (it compiles the lexicons) and then analyses documents:
boilerplate sections are marked, blocks are split into sentences, and every sentence gets its
attribution, vague items, claim signals and support; disclosures and AI tells are found; the AI
status is resolved. Checks only read the resulting ``Analysis``.
"""

from __future__ import annotations

import bisect
from typing import Any

import regex

from ..model import (Analysis, Attribution, Block, Disclosure, Document, Grounding, Missing, Sentence, SourceText,
                     Span, VagueItem)
from ..segment import split_sentences
from .attribution import AttributionFinder
from .claims import ClaimFinder
from .lexicon import PhraseBook, Scope, Tokens, patterns_regex, verb_forms
from .linear import text_features
from .quotes import quotations
from .status import resolve_status
from .support import Subjects, coverage, features as support_features
from .style import english_share, style_features
from .tells import TellFinder
from .vague import VagueFinder

DEFAULT_SETTINGS: dict[str, Any] = {
    "attribution_context": "previous",
    "body_start_words": 60,
    "min_claim_words": 5,
    "tells_threshold": 3.0,
    "disclosure_max_words": 120,
}

#: Sections whose sentences count as the article's body (for positions and word offsets).
BODY_SECTIONS = ("body", "summary", "caption")
_WORDS = regex.compile(r"[\p{L}\p{N}]+")


class _BlockSentences:
    """One block's sentences (in order, disjoint), searchable by source span in O(log n)."""

    def __init__(self, sentences: list[Sentence]):
        self.sentences = sentences
        self.starts = [s.start for s in sentences]
        self.ends = [s.end for s in sentences]

    def overlapping(self, start: int, end: int) -> list[Sentence]:
        lo = bisect.bisect_right(self.ends, start)
        hi = bisect.bisect_left(self.starts, end)
        return self.sentences[lo:hi]


class Analyzer:
    def __init__(self, lexicons: dict[str, dict], settings: dict[str, Any] | None = None,
                 trusted_lexicons: frozenset[str] = frozenset(), models: dict[str, Any] | None = None):
        from .disclosures import DisclosureDetector

        self.settings = {**DEFAULT_SETTINGS, **(settings or {})}
        models = models or {}
        #: Linear models (``rules/models``): check-worthiness, and "needs a source" of a sentence
        #: no named source covers. Without them the word-list signals decide alone.
        self.checkworthy_model = models.get("checkworthy")
        self.subjectivity = {str(w): (float(v[0]), float(v[1])) for w, v in
                             ((lexicons.get("subjectivity") or {}).get("words") or {}).items()}
        self.needs_source_model = models.get("needs-source")
        self.grounding_model = models.get("grounding")
        self.background = models.get("background")
        self._lexicons = lexicons
        self._grounding_tables: Any = None
        #: Source articles indexed in this process, by ``SourceText.key``: a pool of sources
        #: shared by many articles is indexed once (bounded, oldest dropped first).
        self.source_indexes: dict[str, Any] = {}
        get = lambda name: lexicons.get(name) or {}  # noqa: E731
        # The word lists of the sentence finders: found by one trie walk per sentence.
        book = PhraseBook()
        self.attribution = AttributionFinder(get("reporting-verbs"), get("vague-sources"), book)
        # The inflected cue words by which a named party stands behind a sentence (coverage).
        self.subjects = Subjects(get("reporting-verbs").get("subjects"))
        covering = get("reporting-verbs").get("covering_verbs")
        self.covering_cues = None if covering is None else frozenset(
            form.lower() for base in covering for form in (base, *verb_forms(base))) | frozenset(
            str(f).lower() for f, b in (get("reporting-verbs").get("irregular") or {}).items() if b in covering)
        self.vague = VagueFinder(get("vague-sources"), book)
        self.claims = ClaimFinder(get("claim-cues"), book)
        # Every list is in: the one trie of the sentence finders is built now, before any worker
        # process is forked, so that workers share it instead of each building it.
        book.trie
        self.tells = TellFinder(get("ai-tells"), lexicons, validate="ai-tells" not in trusted_lexicons)
        self.style_model = models.get("style")
        self.style_vocab = get("style")
        # Compiling every disclosure pattern costs seconds; built-in lexicons compile on first use.
        lazy = {"disclosure", "human-review", "source-claims"} <= trusted_lexicons
        self.disclosures = DisclosureDetector.from_lexicons(get("disclosure"), get("human-review"), get("source-claims"),
                                                            lazy=lazy)
        from .disclosure_grammar import GrammarDetector, build as build_grammar

        tables = build_grammar(get("disclosure-grammar"))
        self.grammar = GrammarDetector(tables) if tables is not None else None
        boiler = get("boilerplate")
        self.boiler_heading = patterns_regex([rf"^\s*(?:{p})\s*[:.]?\s*$" for p in boiler.get("section_headings", [])],
                                             "boilerplate")
        self.boiler_line = patterns_regex([rf"^\s*(?:{p})\s*$" for p in boiler.get("lines", [])], "boilerplate")

    @staticmethod
    def check_lexicon(name: str, lexicons: dict[str, dict]) -> None:
        """Build what uses lexicon ``name`` from ``lexicons``, to validate a lexicon a policy
        changed (raises what building raises). Lexicons only rules use are checked by them."""
        from .disclosures import DisclosureDetector

        get = lambda n: lexicons.get(n) or {}  # noqa: E731
        if name in ("reporting-verbs", "vague-sources"):
            AttributionFinder(get("reporting-verbs"), get("vague-sources"))
            VagueFinder(get("vague-sources"))
        elif name == "claim-cues":
            ClaimFinder(get("claim-cues"))
        elif name == "ai-tells" or any((f or {}).get("lexicon") == name
                                       for f in (get("ai-tells").get("families") or {}).values()):
            TellFinder(get("ai-tells"), lexicons)
        elif name in ("disclosure", "human-review", "source-claims"):
            DisclosureDetector.from_lexicons(get("disclosure"), get("human-review"), get("source-claims"))
        elif name == "disclosure-grammar":
            from .disclosure_grammar import build as build_grammar

            build_grammar(get(name))
        elif name == "boilerplate":
            boiler = get("boilerplate")
            patterns_regex(boiler.get("section_headings", []), name)
            patterns_regex(boiler.get("lines", []), name)

    # ----------------------------------------------------------------------------------------

    def analyze(self, doc: Document, ai_override: tuple[str, str] | None = None) -> Analysis:
        self._mark_boilerplate(doc)
        sentences: list[Sentence] = []
        disclosures: list[Disclosure] = []
        by_block: list[list[Sentence]] = []
        for bi, block in enumerate(doc.blocks):
            block_sentences = self._sentences(doc, bi, block)
            hits = [(h, "text") for h in self.disclosures.find(block.text)]
            if self.grammar is not None and block.section != "title":
                hits = self._grammar_hits(block.text, hits)
            index = _BlockSentences(block_sentences) if hits else None
            for hit, element in hits:
                start, end = block.span_to_source(hit.start, hit.end)
                disclosures.append(Disclosure(
                    start=start, end=end, text=doc.text[start:end], kind=hit.kind, lang=hit.lang,
                    block=bi, names_source=hit.names_source, human_review=hit.human_review,
                    source_claim=block.span_to_source(*hit.source_claim) if hit.source_claim else None,
                    reviewer=block.span_to_source(*hit.reviewer) if hit.reviewer else None,
                    element=element,
                ))
                for s in index.overlapping(start, end):
                    s.in_disclosure = True
            by_block.append(block_sentences)
            sentences.extend(block_sentences)
        self._analyse_sentences(doc, by_block)
        body = [s for s in sentences if s.section in BODY_SECTIONS and not s.in_disclosure]
        self._place_disclosures(disclosures, body)
        status, source = resolve_status(doc, disclosures, ai_override)
        paragraphs = [(b.text, i, b) for i, b in enumerate(doc.blocks)
                      if b.section in BODY_SECTIONS and not any(s.in_disclosure for s in by_block[i])]
        tells, score = self.tells.find(paragraphs, [b for b in doc.blocks if b.section == "heading"])
        phrase_suspected = score >= float(self.settings["tells_threshold"])
        style = self._style(body, paragraphs, tells)
        grounding = self._ground(doc, body) if doc.sources else None
        return Analysis(
            document=doc, ai_status=status, ai_status_source=source, sentences=sentences,
            disclosures=disclosures, tells=tells, tells_score=score,
            tells_suspected=phrase_suspected or bool(style and style["suspected"]),
            phrase_suspected=phrase_suspected, style=style,
            body_words=sum(len(_WORDS.findall(s.text)) for s in body),
            needs_source_threshold=self.needs_source_model.threshold if self.needs_source_model else 0.5,
            grounding=grounding,
        )

    def _style(self, body: list[Sentence], paragraphs: list, tells: list) -> dict | None:
        """The style model's verdict on the body (``analysis.style``); None without a model or
        when the body is too short. Not English: the model is not used (``used`` false)."""
        model = self.style_model
        if model is None:
            return None
        vocab = self.style_vocab
        feats = style_features(body, paragraphs, tells, vocab)
        if not feats:
            return None
        english = english_share(body, vocab)
        out = {"used": english >= model.min_english, "english": round(english, 3),
               "threshold": model.threshold, "score": None, "suspected": False, "evidence": []}
        if out["used"]:
            score = model.score(feats)
            out.update(score=round(score, 4), suspected=score >= model.threshold,
                       evidence=[[name, round(value, 4), round(c, 3)] for name, value, c in model.explain(feats)])
        return out

    # ----------------------------------------------------------------------------------------

    #: How many indexed sources a process keeps (a run over one pool of sources needs them all).
    SOURCE_CACHE = 512

    def source_index(self, source: SourceText) -> Any:
        """The index of a source article, built once per process and shared by every article
        that cites it (``SourceText.key`` names the file and its version, or inline text)."""
        from .source_index import SourceIndex

        index = self.source_indexes.get(source.key)
        if index is None:
            index = SourceIndex(self.grounding_tables(), source.document, title=source.title, url=source.url,
                                path=source.path)
            if len(self.source_indexes) >= self.SOURCE_CACHE:
                del self.source_indexes[next(iter(self.source_indexes))]
            self.source_indexes[source.key] = index
        return index

    def grounding_tables(self) -> Any:
        if self._grounding_tables is None:
            from .grounding_tokens import Tables

            self._grounding_tables = Tables(self._lexicons.get("grounding") or {}, self._lexicons.get("dates") or {},
                                            self.settings, self.background, self.grounding_model)
        return self._grounding_tables

    def _ground(self, doc: Document, body: list[Sentence]) -> dict[str, Any]:
        """Every body sentence checked against the article's sources (contract §8); a supported
        check-worthy claim counts as supported for the claim rules."""
        from .grounding import Grounder

        tables = self.grounding_tables()
        grounder = Grounder(tables, [self.source_index(src) for src in doc.sources])
        supported = 0
        consistent = True
        for s in body:
            if s.section == "boilerplate":
                continue
            al = grounder.ground(s.text)
            block = doc.blocks[s.block]
            missing = []
            for it in al.missing:
                ms, me = block.span_to_source(s.local_start + it.start, s.local_start + it.end)
                missing.append(Missing(doc.text[ms:me], it.kind, ms, me, it.note))
            evidence = (al.source, *al.evidence) if al.evidence is not None else None
            s.grounding = Grounding(al.supported, al.score, evidence, missing, al.overlap)
            supported += al.supported
            if not al.supported or any(m.kind in tables.critical for m in missing):
                consistent = False
            if al.supported and s.claim is not None and s.claim.checkworthy:
                s.supported = True
        grounded = sum(1 for s in body if s.grounding is not None)
        return {
            "sources": [{"path": src.path, "title": src.title, "url": src.url} for src in doc.sources],
            "score": round(supported / grounded, 4) if grounded else 1.0,
            "consistent": consistent,
        }

    def _grammar_hits(self, text: str, hits: list[tuple[Any, str]]) -> list[tuple[Any, str]]:
        """The phrase patterns' hits less those a third-party cue opens ("Whether this article
        was generated with AI ..."), plus what the compositional grammar finds that they did not."""
        if not self.grammar.may_hold(text):
            return hits  # names no AI system: neither a disclosure nor one to veto
        sentences = split_sentences(text, lines=True)
        out = [(h, e) for h, e in hits if not self.grammar.vetoes(text, h.start, h.end)]
        for g in self.grammar.find(text, sentences):
            if any(h.start < g.end and g.start < h.end for h, _ in hits):
                continue
            out.append((self.disclosures.hit_for_span(text, g.start, g.end, g.kind, g.lang), g.element))
        out.sort(key=lambda he: he[0].start)
        return out

    # ----------------------------------------------------------------------------------------

    def _mark_boilerplate(self, doc: Document) -> None:
        in_boiler = False
        for block in doc.blocks:
            if block.section == "title":
                continue
            if block.kind == "heading":
                in_boiler = bool(self.boiler_heading.search(block.text))
                if in_boiler:
                    block.section = "boilerplate"
                continue
            if in_boiler or (len(block.text) < 120 and self.boiler_line.search(block.text)):
                block.section = "boilerplate"

    def _sentences(self, doc: Document, bi: int, block: Block) -> list[Sentence]:
        out = []
        section = block.section
        for s, e in split_sentences(block.text):
            start, end = block.span_to_source(s, e)
            line, col = doc.line_col(start)
            out.append(Sentence(start=start, end=end, text=block.text[s:e], section=section, block=bi,
                                line=line, column=col, local_start=s))
        return out

    def _analyse_sentences(self, doc: Document, by_block: list[list[Sentence]]) -> None:
        min_words = int(self.settings["min_claim_words"])
        scope = Scope(b.text for b in doc.blocks)  # patterns the article cannot hold are skipped once
        for bi, block_sentences in enumerate(by_block):
            block = doc.blocks[bi]
            token_list: list[Tokens | None] = []
            ngram_list: list[dict] = []  # each sentence's n-gram features, shared by both models
            for s in block_sentences:
                token_list.append(None)
                ngram_list.append({})
                local = s.local_start
                to_src = lambda a, b: block.span_to_source(local + a, local + b)  # noqa: E731
                if s.section == "boilerplate" or s.in_disclosure:
                    s.claim = self.claims.find("", min_words)
                    continue
                # one tokenisation for every word list and model below
                tokens = Tokens(s.text, scope, scope.offsets[bi] + s.local_start)
                token_list[-1] = tokens
                att = self.attribution.find(s.text, tokens)
                if att is not None:
                    cs, ce = to_src(att.cue_start, att.cue_end)
                    if att.source_start is not None:
                        ss, se = to_src(att.source_start, att.source_end)
                    else:
                        ss = se = None
                    s.attribution = Attribution(att.cue, cs, ce, att.source, ss, se, att.named)
                items = self.vague.find(s.text, tokens=tokens)
                for v in items:
                    vs, ve = to_src(v.start, v.end)
                    s.vague.append(VagueItem(v.text, v.kind, vs, ve))
                if (s.attribution is not None and not s.attribution.named and s.attribution.source_start is not None
                        and self.attribution.is_vague_source(s.attribution.source)):
                    a = s.attribution
                    if not any(v.start < a.source_end and a.source_start < v.end and v.kind != "weasel" for v in s.vague):
                        s.vague = [v for v in s.vague if not (v.start < a.source_end and a.source_start < v.end)]
                        hs, he = self.attribution.vague_head_span(a.source)
                        vs, ve = to_src(att.source_start + hs, att.source_start + he)  # local -> source
                        s.vague.append(VagueItem(a.source[hs:he], "source", vs, ve))
                        s.vague.sort(key=lambda v: v.start)
                # Titles and headings are attributed ("Sanders: ...", "X says Y"), but their
                # telegraphic style is not a claim someone must stand behind.
                headline = s.section in ("heading", "title")
                s.claim = self.claims.find("" if headline else s.text, min_words, tokens)
                if self.checkworthy_model is not None and not headline:
                    self._score_checkworthy(s, tokens, min_words, ngram_list[-1])
                for a, b, _ in quotations(s.text, to_end=True):
                    qs, qe = to_src(a, b)
                    s.quotes.append(Span(qs, qe, s.text[a:b]))
            self._support(block_sentences)
            if self.needs_source_model is not None:
                for s, tokens, ngrams in zip(block_sentences, token_list, ngram_list):
                    if tokens is not None and s.section in BODY_SECTIONS:
                        self._score_needs_source(s, tokens, ngrams)

    @staticmethod
    def _ngrams(s: Sentence, tokens: Tokens, model: Any, cache: dict) -> dict[str, float]:
        """The sentence's n-gram features for ``model``, computed once per feature spans (both
        shipped models use the same) and copied, since each model adds its own."""
        key = (model.words, model.chars)
        if key not in cache:
            cache[key] = text_features(tokens.keys, s.text, model.words, model.chars)
        return dict(cache[key])

    def _score_checkworthy(self, s: Sentence, tokens: Tokens, min_words: int, cache: dict) -> None:
        """``claim.checkworthy`` from the check-worthiness model: its n-grams, the word-list
        signals and their hand-weighted verdict as features (trained on ClaimBuster)."""
        model = self.checkworthy_model
        claim = s.claim
        if len(tokens.keys) < min_words or s.text.rstrip(" \"'”’)").endswith("?"):
            return
        feats = self._ngrams(s, tokens, model, cache)
        for sig in claim.signals:
            feats["s:" + sig] = 1.0
        if claim.checkworthy:
            feats["s:rule"] = 1.0
        claim.score = round(model.score(feats), 4)
        claim.checkworthy = claim.score >= model.threshold

    def _score_needs_source(self, s: Sentence, tokens: Tokens, cache: dict) -> None:
        """How likely an editor is to ask "who says so?" of this sentence, were no named source
        to cover it (``rules/models/needs-source.json``)."""
        model = self.needs_source_model
        feats = self._ngrams(s, tokens, model, cache)
        feats.update(support_features(s, tokens, self.subjectivity, self.subjects))
        s.needs_source = round(model.score(feats), 4)
        # The words that pushed the score and that a reader recognises as evaluative (the
        # subjectivity lexicon), for the message; function words and names are no evidence.
        pushed = [f[2:] for f, _ in model.explain(feats, 12)
                  if f.startswith("w:") and f[2:].isalpha() and f[2:] in s.text]  # lower case as written: no names
        s.needs_source_evidence = [w for w in pushed if self.subjectivity.get(w, (0, 0))[1] >= 0.5][:3]
        s.needs_source_cues = [w for w in pushed if len(w) >= 5][:2]

    def _support(self, block_sentences: list[Sentence]) -> None:
        """Which sentences a named source covers, in the sentence or in its context
        (``support.coverage``); a check-worthy claim is supported when one does."""
        cover = coverage(block_sentences, self.settings["attribution_context"], self.covering_cues, self.subjects)
        for s, how in zip(block_sentences, cover):
            if how is not None:
                s.support_via, s.supported_by = how
            if s.claim is None or not s.claim.checkworthy:
                s.supported = None
                continue
            s.supported = how is not None

    @staticmethod
    def _place_disclosures(disclosures: list[Disclosure], body: list[Sentence]) -> None:
        if not disclosures:
            return
        # Sorted ends with running word counts, so each disclosure is placed by binary search
        # (a file can hold many disclosures and many sentences).
        by_end = sorted(body, key=lambda s: s.end)
        ends = [s.end for s in by_end]
        words_before = [0]
        for s in by_end:
            words_before.append(words_before[-1] + len(_WORDS.findall(s.text)))
        last_start = max((s.start for s in body), default=-1)
        for d in disclosures:
            count = bisect.bisect_right(ends, d.start)  # sentences that end before it
            d.word_offset = words_before[count]
            if not count:
                d.position = "start"
            elif last_start < d.end:
                d.position = "end"
            else:
                d.position = "middle"
