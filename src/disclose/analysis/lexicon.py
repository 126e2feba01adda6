"""Turn YAML word lists into matchers, once per policy set.

Word lists are data (``rules/lexicons/*.yaml``); this module only knows how to match them fast.
Literal phrase lists (``terms``) become ``Phrases``: whole words, case-insensitive, spaces
matching any whitespace, matched on the word runs of the text (``Tokens``, made once per text)
instead of by a regex, which would try every phrase at every character. They cannot backtrack,
so they need no time limit.

Regular expressions from lexicons are time-limited ``patterns.BoundedPattern``s. ``AnyOf``
combines both kinds as one alternation would, and tries each regex only where its prefilters
(``prefilter``) say a match could be: nowhere when the article lacks its required strings, only
at the places of its leading strings, or by its verdicts on word runs when it is word-local.
"""

from __future__ import annotations

import bisect
from itertools import accumulate
from typing import Iterable

import regex

from .pattern_shapes import starts
from .patterns import FLAGS, alternation, bounded
from .prefilter import could_match, could_occur, leading_literals, required_literals, word_keys, word_local, words_of
from .trie import Trie, build_table, order


_RUN_SPLIT = regex.compile(r"([\w-]+)")


class Scope:
    """The whole of what a run of texts is cut from (an article's blocks): a regex part of an
    ``AnyOf`` whose required strings (``prefilter``) occur nowhere in it cannot match any of its
    sentences, so it is ruled out once per article instead of once per sentence. The texts are
    joined with line breaks, which can only add occurrences: the test stays sound.

    The places where a part's leading strings (``prefilter.leading_literals``) occur are found
    once in the whole, too (``places``): a text cut from it at a known ``offset`` (``Tokens``)
    tries the part only at the places inside it, found by binary search."""

    __slots__ = ("folded", "alive", "offsets", "aligned", "_places")

    def __init__(self, texts: Iterable[str]):
        texts = list(texts)
        joined = "\n".join(texts)
        self.folded = joined.casefold()
        #: Where each text starts in the whole.
        self.offsets = list(accumulate((len(t) + 1 for t in texts[:-1]), initial=0))
        #: Folding kept every offset (no character folded into several): places are offsets.
        self.aligned = len(self.folded) == len(joined)
        #: ``AnyOf`` id -> the indices of its parts that may match somewhere in the scope.
        self.alive: dict[int, tuple[int, ...]] = {}
        self._places: dict[tuple[int, int], list[int]] = {}

    def places(self, key: tuple[int, int], leading: frozenset[str]) -> list[int]:
        """Where one of ``leading`` starts in the whole, in order (found once per ``key``)."""
        found = self._places.get(key)
        if found is None:
            found = self._places[key] = starts(leading, self.folded)
        return found


class Tokens:
    """The word runs of one text, lower-cased, with their offsets: tokenised once, then shared
    by every phrase list matched against that text (a sentence is matched by a dozen lists).
    ``scope``: the ``Scope`` the text is cut from, if any (an exact substring of one of its texts);
    ``offset``: where the text starts in the scope's whole, if known (see ``Scope.places``)."""

    __slots__ = ("text", "scope", "offset", "starts", "ends", "keys", "gaps", "walks", "_keyset", "_positions", "_folded",
                 "_words", "_word_runs")

    def __init__(self, text: str, scope: Scope | None = None, offset: int | None = None):
        self.text = text
        self.scope = scope
        self.offset = offset if scope is not None else None
        # One C-level split gives [gap, run, gap, run, ..., gap]; running lengths give offsets.
        parts = _RUN_SPLIT.split(text)
        offsets = list(accumulate(map(len, parts)))
        self.starts = offsets[0::2][:-1]  # a run starts where the gap before it ends
        self.ends = offsets[1::2]
        self.keys = list(map(str.lower, parts[1::2]))
        self.gaps = parts[2:-1:2]  # the text between run i and run i + 1
        #: ``PhraseBook`` id -> the hits of its one walk over these runs, per list.
        self.walks: dict[int, dict] = {}
        self._keyset: set[str] | None = None
        self._positions: dict[str, list[int]] | None = None
        self._folded: str | None = None
        self._words: set[str] | None = None
        self._word_runs: list[tuple[int, int]] | None = None

    @property
    def keyset(self) -> set[str]:
        if self._keyset is None:
            self._keyset = set(self.keys)
        return self._keyset

    @property
    def positions(self) -> dict[str, list[int]]:
        """Key -> indices of the runs that have it, so that a phrase list visits only the runs
        where one of its phrases can start instead of every run."""
        if self._positions is None:
            positions: dict[str, list[int]] = {}
            for i, key in enumerate(self.keys):
                positions.setdefault(key, []).append(i)
            self._positions = positions
        return self._positions

    @property
    def folded(self) -> str:
        """The text case-folded, for the prefilters of regex patterns (see ``prefilter``)."""
        if self._folded is None:
            self._folded = self.text.casefold()
        return self._folded

    @property
    def words(self) -> set[str]:
        """The case-folded words of the text, for the whole-word prefilters (``prefilter.word_keys``)."""
        if self._words is None:
            self._words = words_of(self.folded)
        return self._words


    @property
    def word_runs(self) -> list[tuple[int, int]]:
        r"""The spans of the maximal runs of ``\w`` (the word-local patterns' matches are among them)."""
        if self._word_runs is None:
            self._word_runs = [m.span() for m in _WORD_RUN.finditer(self.text)]
        return self._word_runs


_WORD_RUN = regex.compile(r"\w+")


def tokens_of(text: str, tokens: Tokens | None) -> Tokens:
    """``tokens`` if it is the tokenisation of ``text``, else a fresh one."""
    return tokens if tokens is not None and tokens.text is text else Tokens(text)


class Hit:
    """A phrase found by ``Phrases``: the parts of a regex match object its callers use."""

    __slots__ = ("string", "_start", "_end", "_group")

    def __init__(self, string: str, start: int, end: int, group: str | None):
        self.string, self._start, self._end, self._group = string, start, end, group

    def start(self) -> int:
        return self._start

    def end(self) -> int:
        return self._end

    def span(self) -> tuple[int, int]:
        return self._start, self._end

    def group(self, name: int | str = 0) -> str | None:
        if name == 0 or name == self._group:
            return self.string[self._start:self._end]
        return None

    def __repr__(self) -> str:
        return f"<Hit {self._start}:{self._end} {self.group(0)!r}>"


class Phrases:
    """Literal phrases matched as whole words -- what ``(?<![\\w-])(?:a|b|...)(?![\\w-])`` with
    IGNORECASE matches, found without a regex scan.

    Why: a regex engine tries every alternative at every character, so one phrase list costs
    5-10 µs a sentence and a sentence meets a dozen lists. A whole-word match starts and ends on
    word-run boundaries, so walking the phrase trie (``trie``) over the lower-cased runs of the
    text (``Tokens``, made once per text), with the text between runs checked against the
    phrase's own separators (a space matches any whitespace, other characters themselves),
    finds the same matches: leftmost first, non-overlapping, and at one position the first
    phrase in alternation order (longest first) -- or, with several ``groups``, the first group
    that has a match there, as ``(?P<a>...)|(?P<b>...)`` would. ``any_apostrophe``: a straight
    apostrophe in a phrase also matches a curly one.

    A phrase that starts or ends with punctuation ("[insert") cannot be split into runs that way;
    a list holding one falls back to its regex, which gives the same result more slowly.
    """

    __slots__ = ("groups", "names", "_table", "_trie", "_first_keys", "_pattern", "compiled", "any_apostrophe",
                 "book", "index")

    def __init__(self, groups: dict[str | None, Iterable[str]], any_apostrophe: bool = False,
                 table: dict | None = None, book: "PhraseBook | None" = None, index: int = 0):
        #: The ``PhraseBook`` whose one walk per text finds this list's phrases (None: walk alone).
        self.book, self.index = book, index
        self.any_apostrophe = any_apostrophe
        self.groups = {name: _unique(terms) for name, terms in groups.items()}
        self.names = list(self.groups)
        # The list's own trie and regex are made on first use: a list in a book is found by the
        # book's walk and needs neither (a one-file run would pay for them at every start).
        self._table, self._trie, self._first_keys, self._pattern = table, None, None, None
        self.compiled: regex.Pattern | None = None
        if not all(_runs_at_both_ends(term) for terms in self.groups.values() for term in terms):
            # a phrase starts or ends with punctuation: only the regex can match it (see trie)
            self.compiled = regex.compile(self.pattern, FLAGS)

    @property
    def pattern(self) -> str:
        """The whole-word alternation this matcher matches as."""
        if self._pattern is None:
            apos = (lambda s: s.replace("'", "['’]")) if self.any_apostrophe else (lambda s: s)
            named = len(self.groups) > 1 or next(iter(self.groups), None) is not None
            alternatives = "|".join((f"(?P<{name}>{apos(alternation(terms))})" if named else apos(alternation(terms)))
                                    for name, terms in self.groups.items())
            self._pattern = rf"(?<![\w-])(?:{alternatives or '(?!x)x'})(?![\w-])"
        return self._pattern

    @property
    def trie(self) -> Trie:
        """This list's own trie (for a list matched alone, or ``match`` at one position)."""
        if self._trie is None:
            if self._table is None:
                self._table = build_table({"phrases": self.groups}, ["phrases"] if self.any_apostrophe else ())
            self._trie = Trie(self._table)
        return self._trie

    @property
    def first_keys(self) -> frozenset[str]:
        if self._first_keys is None:
            self._first_keys = frozenset(self.trie.root)
        return self._first_keys

    @property
    def table(self) -> dict:
        """The phrase trie as a plain table (see ``trie.build_table``)."""
        return self.trie.table

    def finditer(self, text: str, tokens: Tokens | None = None) -> list:
        """The matches in ``text``, in order; ``tokens``: its ``Tokens``, if already made."""
        if self.compiled is not None:
            return list(self.compiled.finditer(text))
        tokens = tokens_of(text, tokens)
        if self.book is not None:
            starts, ends, names = tokens.starts, tokens.ends, self.names
            return [Hit(text, starts[h.first], ends[h.last], names[h.group])
                    for h in self.book.hits(tokens).get(self.index, ())]
        common = tokens.keyset & self.first_keys
        if not common:
            return []
        positions = tokens.positions
        if len(common) == 1:
            starts = positions[next(iter(common))]
        else:
            starts = sorted(i for key in common for i in positions[key])
        return self._hits(tokens, starts)

    def search(self, text: str, tokens: Tokens | None = None):
        found = self.finditer(text, tokens)
        return found[0] if found else None

    def match(self, text: str, pos: int = 0, tokens: Tokens | None = None):
        """A match that starts exactly at ``pos``, or None."""
        if self.compiled is not None:
            return self.compiled.match(text, pos)
        tokens = tokens_of(text, tokens)
        i = bisect.bisect_left(tokens.starts, pos)
        if i == len(tokens.starts) or tokens.starts[i] != pos or tokens.keys[i] not in self.first_keys:
            return None
        found = self._hits(tokens, [i])
        return found[0] if found else None

    def _hits(self, tokens: Tokens, starts: list[int]) -> list:
        """Matches starting at the runs ``starts`` (ascending), leftmost first, not overlapping."""
        text, names = tokens.text, self.names
        return [Hit(text, tokens.starts[h.first], tokens.ends[h.last], names[h.group])
                for h in Trie.select(self.trie.walk(tokens.keys, tokens.gaps, starts))]


class PhraseBook:
    """Several phrase lists found by one walk of one trie per text (see ``trie``): the lists of
    the attribution, vague-source and claim finders are all matched on a sentence's runs at once,
    at a cost that does not grow with their number or length. ``phrases`` adds a list and returns
    its matcher; the trie is built on first use, when every list is in."""

    def __init__(self) -> None:
        self.lists: dict[str, dict[str | None, list[str]]] = {}
        self.apostrophe: list[str] = []
        self._trie: Trie | None = None

    def phrases(self, groups: dict[str | None, Iterable[str]], any_apostrophe: bool = False) -> Phrases:
        if self._trie is not None:
            raise RuntimeError("the phrase book is already in use: add every list before matching")
        name = str(len(self.lists))
        matcher = Phrases(groups, any_apostrophe, book=self, index=len(self.lists))
        if matcher.compiled is not None:  # matched by its regex: not in the trie
            matcher.book = None
        self.lists[name] = matcher.groups
        if any_apostrophe:
            self.apostrophe.append(name)
        return matcher

    @property
    def table(self) -> dict:
        return self.trie.table

    @property
    def trie(self) -> Trie:
        if self._trie is None:
            self._trie = Trie(build_table(self.lists, self.apostrophe))
        return self._trie

    def hits(self, tokens: Tokens) -> dict:
        """List index -> its hits (``trie.TrieHit``) in ``tokens``: one walk, kept on the tokens."""
        found = tokens.walks.get(id(self))
        if found is None:
            trie = self.trie
            found = tokens.walks[id(self)] = trie.by_list(trie.walk(tokens.keys, tokens.gaps))
        return found


_RUN_CHAR = regex.compile(r"[\w-]")
#: Flags that change what ``\w`` and ``\b`` mean: a pattern compiled with one is not word-local.
_WORD_FLAGS = regex.ASCII | regex.LOCALE | regex.WORD


def _runs_at_both_ends(term: str) -> bool:
    """Does the phrase start and end with a word run (``trie.split_phrase`` can split it)?"""
    return bool(term) and _RUN_CHAR.match(term) is not None and _RUN_CHAR.match(term, len(term) - 1) is not None


def _unique(terms: Iterable[str]) -> list[str]:
    """Stripped, de-duplicated, in alternation order (longest first), as ``alternation`` orders."""
    return order(terms)


def phrases(terms: Iterable[str], any_apostrophe: bool = False, book: PhraseBook | None = None) -> Phrases:
    """Whole-word, case-insensitive matcher for a list of literal phrases (see ``Phrases``);
    with a ``book``, found by its one walk per text."""
    if book is not None:
        return book.phrases({None: list(terms)}, any_apostrophe)
    return Phrases({None: list(terms)}, any_apostrophe)


def patterns_regex(patterns: Iterable[str], lexicon: str = "", flags: int = FLAGS) -> "AnyOf":
    """One time-limited matcher for a list of regex patterns from lexicon ``lexicon``: it matches
    as their alternation would."""
    return AnyOf([bounded(p, lexicon or "built-in", flags) for p in patterns if p])


class AnyOf:
    """Several patterns that match as their alternation would, each scanned on its own.

    The ``regex`` module tries every alternative at every position, so one alternation of fifty
    patterns costs about five times the fifty separate scans (measured on BBC paragraphs for the
    chatbot leftovers: 278 against 53 µs). Matches are merged as the alternation takes them:
    leftmost first, the earlier pattern first at the same start, never overlapping. (The one
    difference: a match of one pattern hidden behind its own earlier match, which was itself
    dropped for overlapping another pattern's, is not recovered -- both overlap the kept one.)
    """

    __slots__ = ("compiled", "pattern", "required", "words", "leading", "verdicts", "uses_tokens", "every")

    def __init__(self, compiled: list):
        #: Compiled patterns, ``BoundedPattern``s and ``Phrases`` (a literal list is one part).
        self.compiled = compiled
        self.pattern = "|".join(f"(?:{c.pattern})" for c in compiled) if compiled else r"(?!x)x"
        #: Per regex part, sets of strings each of its matches contains one of (see
        #: ``prefilter``): a text that lacks all of one set is not scanned.
        self.required = [None if type(c) is Phrases else required_literals(c.pattern) for c in compiled]
        #: Per regex part, whole words one of which the text must have (``prefilter.word_keys``):
        #: tested first, with one set operation in C.
        self.words = [word_keys(r) for r in self.required]
        #: Per regex part, strings one of which each of its matches starts with (see
        #: ``prefilter.leading_literals``): it is tried only where one of them is.
        self.leading = [None if type(c) is Phrases else leading_literals(c.pattern) for c in compiled]
        #: Per word-local regex part (``prefilter.word_local``: its matches are the word runs it
        #: matches whole), its verdict on each run seen so far; None for the other parts.
        self.verdicts: list[dict[str, bool] | None] = [
            {} if type(c) is not Phrases and word_local(c.pattern) and not c.flags & _WORD_FLAGS else None
            for c in compiled]
        #: Word lists and prefilters both read the text's ``Tokens``: made once per call.
        self.uses_tokens = (any(type(c) is Phrases for c in compiled) or any(r is not None for r in self.required)
                            or any(lead is not None for lead in self.leading)
                            or any(v is not None for v in self.verdicts))
        self.every = tuple(range(len(compiled)))

    def _alive(self, tokens: Tokens | None) -> tuple[int, ...]:
        """The indices of the parts that may match in the text's ``Scope`` (every part without
        one), in order: worked out once per scope."""
        scope = tokens.scope if tokens is not None else None
        if scope is None:
            return self.every
        alive = scope.alive.get(id(self))
        if alive is None:
            folded = scope.folded
            alive = scope.alive[id(self)] = tuple(i for i, r in enumerate(self.required) if could_occur(r, folded))
        return alive

    def _tokens(self, text: str, tokens: Tokens | None) -> Tokens | None:
        return tokens_of(text, tokens) if self.uses_tokens else tokens

    #: A word-local part remembers this many runs' verdicts (then starts again).
    VERDICTS = 50_000

    def _word_matches(self, pattern, verdicts: dict[str, bool], text: str, tokens: Tokens, limit: dict) -> list:
        """A word-local part's matches: the word runs it matches whole, each run's verdict
        worked out once (words repeat: "said" is in every other sentence)."""
        matches = []
        for a, b in tokens.word_runs:
            run = text[a:b]
            verdict = verdicts.get(run)
            if verdict is None:
                if len(verdicts) >= self.VERDICTS:
                    verdicts.clear()
                verdict = verdicts[run] = pattern.fullmatch(run, **limit) is not None
                if getattr(pattern, "timed_out", False):
                    del verdicts[run]  # the part is off for the rest of the run: keep no verdict
            if verdict:
                matches.append(Hit(text, a, b, None))
        return matches

    def _places(self, index: int, leading: frozenset[str], text: str, tokens: Tokens) -> list[int] | None:
        """Where in ``text`` part ``index`` can start (a leading string starts there), or None
        when folding moved offsets. From the scope's places when the text's offset is known."""
        scope, offset = tokens.scope, tokens.offset
        if offset is not None and scope.aligned:
            places = scope.places((id(self), index), leading)
            lo = bisect.bisect_left(places, offset)
            hi = bisect.bisect_left(places, offset + len(text), lo)
            return [p - offset for p in places[lo:hi]] if lo < hi else []
        folded = tokens.folded
        return starts(leading, folded) if len(folded) == len(text) else None

    def _skip(self, index: int, tokens: Tokens | None) -> bool:
        """Does part ``index``'s prefilter rule the text out?"""
        required = self.required[index]
        if required is None:
            return False
        words = self.words[index]
        if words is not None and words.isdisjoint(tokens.words):
            return True
        return not could_match(required, tokens.folded)

    def _part_matches(self, index: int, text: str, tokens: Tokens | None, limit: dict) -> list:
        """Part ``index``'s non-empty matches in ``text``, in order, found the cheapest way its
        shape allows: its word list's walk, its verdicts on word runs, a try at each place of
        its leading strings, or (when its prefilter lets the text through) a scan."""
        pattern = self.compiled[index]
        if type(pattern) is Phrases:
            return pattern.finditer(text, tokens)
        verdicts = self.verdicts[index]
        if verdicts is not None:
            return self._word_matches(pattern, verdicts, text, tokens, limit)
        lead = self.leading[index]
        places = self._places(index, lead, text, tokens) if lead is not None else None
        matches = []
        if places is not None:
            # Tried only where a match can start: the matches a scan finds (leftmost first, not
            # overlapping), since each starts at one of these places.
            end = 0
            for at in places:
                if at >= end:
                    m = pattern.match(text, at, **limit)
                    if m is not None:
                        matches.append(m)
                        end = m.end()  # not empty: it holds its leading string
            return matches
        if self._skip(index, tokens):
            return matches
        # Most patterns never match: one C-level search says so without building an iterator.
        m = pattern.search(text, **limit)
        while m is not None:
            if m.end() > m.start():
                matches.append(m)
                pos = m.end()
            else:
                pos = m.end() + 1
            if pos > len(text):
                break
            m = pattern.search(text, pos, **limit)
        return matches

    def finditer(self, text: str, timeout: float | None = None, tokens: Tokens | None = None) -> list:
        """Matches in order (a list). ``timeout`` (seconds, per pattern) is for plain compiled
        patterns (a phrase rule's user patterns); ``BoundedPattern``s carry their own limit.
        ``tokens``: the text's ``Tokens``, shared by its ``Phrases`` parts."""
        hits = []
        found: list = []  # the matches of the only part that matched so far
        parts = 0  # parts with matches: one part's matches need no merging
        limit = {"timeout": timeout} if timeout else {}
        tokens = self._tokens(text, tokens)
        for index in self._alive(tokens):
            matches = self._part_matches(index, text, tokens, limit)
            if matches:
                parts += 1
                found = matches
                hits.extend((m.start(), index, m) for m in matches)
        if parts <= 1:
            return found
        hits.sort(key=lambda h: (h[0], h[1]))
        out = []
        end = -1
        for start, _, m in hits:
            if start >= end:
                end = m.end()
                out.append(m)
        return out

    def search(self, text: str, tokens: Tokens | None = None):
        found = self.finditer(text, tokens=tokens)
        return found[0] if found else None

    def match(self, text: str, pos: int = 0, tokens: Tokens | None = None):
        """Anchored at ``pos``: the first pattern that matches there, as in an alternation."""
        tokens = self._tokens(text, tokens)
        compiled = self.compiled
        for index in self._alive(tokens):
            pattern = compiled[index]
            if type(pattern) is Phrases:
                m = pattern.match(text, pos, tokens)
            elif self._skip(index, tokens):
                continue
            else:
                m = pattern.match(text, pos)
            if m is not None:
                return m
        return None


def verb_forms(base: str) -> list[str]:
    """Regular inflections of an English verb (or a phrasal verb: only its first word inflects)."""
    head, _, rest = base.partition(" ")
    tail = f" {rest}" if rest else ""
    forms = {head}
    if head.endswith("e"):
        forms |= {head + "s", head + "d", head[:-1] + "ing"}
    elif head.endswith("y") and len(head) > 2 and head[-2] not in "aeiou":
        forms |= {head[:-1] + "ies", head[:-1] + "ied", head + "ing"}
    elif head.endswith(("s", "sh", "ch", "x", "z")):
        forms |= {head + "es", head + "ed", head + "ing"}
    else:
        forms |= {head + "s", head + "ed", head + "ing"}
        if regex.fullmatch(r"[^aeiou]*[aeiou][bdgmnpt]", head):  # stop -> stopped, admit -> admitted
            forms |= {head + head[-1] + "ed", head + head[-1] + "ing"}
    return [f + tail for f in forms]
