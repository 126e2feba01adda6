"""The disclosure vocabulary: load and validate the three disclosure lexicons into tables.

``rules/lexicons/disclosure.yaml`` holds, per language, the phrase patterns of disclosure
statements (regex templates assembled from named parts: ``{self}``, ``{agent_ai}``, ``{vpp}``),
the trigger words of the prefilter, and the negation, reported-speech, not-text and
continuation cues; ``human-review.yaml`` the review and reviewer phrases; ``source-claims.yaml``
the "based on sources" phrases, news outlets and generic source words. ``load`` checks their
shape and expands the templates into ``DisclosureTables``; a wrong entry raises ``ValueError``
naming the lexicon and the entry ("disclosure lexicon: languages.en.patterns[0] (en-self-passive):
bad regex ...").

Every regex is a ``BoundedPattern`` (compiled on first use, searches time-limited): compiling the
~300 patterns of ten languages takes seconds, while most paragraphs never get past the trigger
prefilter. Lexicons a user supplied are compiled at once (``DisclosureTables.compile_all``), so a
bad regex is reported at load time with its entry, not halfway through a run.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import regex

from .patterns import FLAGS, BoundedPattern, LazyPattern
from .prefilter import required_literals

KINDS = ("generated", "assisted", "automated")
#: Parts every language needs (directly or through ``common.parts``).
REQUIRED_PARTS = ("agent_ai", "agent_auto", "assist")

_PLACEHOLDER = LazyPattern(r"\{([a-z_][a-z0-9_]*)\}", 0)
_LANG_CODE = LazyPattern(r"[a-z]{2}", 0)


class Triggers:
    """The prefilter's literal trigger strings: a plain substring test first (fast), then their
    positions.

    ``re`` on literal alternations is several times faster than case-insensitive ``regex``
    alternations; words are matched in the lower-cased text."""

    def __init__(self, case_sensitive: list[str], words: list[str]):
        self.case_sensitive = tuple(dict.fromkeys(case_sensitive))
        self.words = tuple(dict.fromkeys(words))
        self._ascii_words = tuple(w for w in self.words if w.isascii())
        alt = lambda items: "|".join(re.escape(t) for t in sorted(items, key=len, reverse=True))  # noqa: E731
        self._cs = re.compile(alt(self.case_sensitive)) if self.case_sensitive else None
        self._ws = re.compile(alt(self.words)) if self.words else None

    def passes(self, text: str) -> bool:
        if any(t in text for t in self.case_sensitive):
            return True
        low = text.lower()
        if low.isascii():  # most text: skip the accented and CJK words
            return any(w in low for w in self._ascii_words)
        return any(w in low for w in self.words)

    def positions(self, text: str) -> list[int]:
        out = [m.start() for m in self._cs.finditer(text)] if self._cs else []
        if self._ws:
            low = text.lower()
            if len(low) == len(text):
                out += [m.start() for m in self._ws.finditer(low)]
            elif self._ws.search(low):
                return [-1]  # lower-casing changed offsets: search everywhere
        return sorted(out)


@dataclass(slots=True)
class PhrasePattern:
    """One phrase pattern of ``disclosure.yaml``."""

    id: str
    lang: str
    kind: str
    rx: BoundedPattern
    to_line_end: bool  # the regex tests for the end of the text/line: search up to the line's end
    requires: BoundedPattern | None  # run only on windows containing this (a script check)


@dataclass(slots=True)
class LangRules:
    """One language's parts and cues of ``disclosure.yaml``."""

    code: str
    agent_ai: BoundedPattern
    agent_auto: BoundedPattern
    assist: BoundedPattern
    negation: BoundedPattern | None
    negation_after: int
    reported: BoundedPattern | None
    not_text: BoundedPattern | None
    continuation: BoundedPattern | None


@dataclass(slots=True)
class ReviewRules:
    """One language of ``human-review.yaml``."""

    review: list[BoundedPattern]
    exclude: BoundedPattern | None
    reviewer: list[BoundedPattern]


@dataclass(slots=True)
class SourceRules:
    """One language of ``source-claims.yaml``."""

    claims: list[BoundedPattern]
    capitalised: bool


@dataclass(slots=True)
class DisclosureTables:
    """The three lexicons, validated and expanded (regexes compiled on first use)."""

    patterns: list[PhrasePattern]
    langs: dict[str, LangRules]
    triggers: Triggers
    review: dict[str, ReviewRules]
    sources: dict[str, SourceRules]
    outlets: BoundedPattern | None
    generic: BoundedPattern | None
    #: (regex, lexicon, entry, required named group, alternation pieces) of every regex, for
    #: ``compile_all``.
    entries: list[tuple[BoundedPattern, str, str, str | None, list[tuple[str, str]] | None]]
    #: Pattern text -> the strings one of which every match contains (see ``prefilter``),
    #: worked out on first use and kept (a cached linter keeps them).
    required: dict[str, frozenset[str] | None] = field(default_factory=dict)

    def literals(self, rx: BoundedPattern) -> frozenset[str] | None:
        """The strings one of which every match of ``rx`` contains (None: no such set): a
        window that holds none of them is not searched, and the regex not even compiled."""
        try:
            return self.required[rx.pattern]
        except KeyError:
            found = self.required[rx.pattern] = required_literals(rx.pattern)
            return found

    def compile_all(self) -> None:
        """Compile every regex now, each piece of an alternation on its own too (pieces that only
        balance each other's parentheses are errors); ValueError names the first bad entry."""
        for rx, lexicon, where, group, blame in self.entries:
            _force(rx, lexicon, where, group, blame, thorough=True)


def load(disclosure: Any, human_review: Any, source_claims: Any) -> DisclosureTables:
    """Validate and expand the parsed YAML of the three lexicons (regexes are not compiled:
    see ``DisclosureTables.compile_all``)."""
    entries: list = []
    patterns, langs, triggers = _load_disclosure(disclosure, entries)
    review = _load_review(human_review, entries)
    sources, outlets, generic = _load_sources(source_claims, entries)
    return DisclosureTables(patterns, langs, triggers, review, sources, outlets, generic, entries)


# ------------------------------------------------------------------------------------------------
# Shapes and templates


def _fail(lexicon: str, where: str, what: str) -> None:
    raise ValueError(f"{lexicon} lexicon: {where}: {what}")


def _as_mapping(value: Any, lexicon: str, where: str) -> dict:
    if value is None:
        return {}
    if not isinstance(value, dict):
        _fail(lexicon, where, f"expected a mapping, got {type(value).__name__}")
    return value


def _as_list(value: Any, lexicon: str, where: str) -> list:
    if value is None:
        return []
    if not isinstance(value, list):
        _fail(lexicon, where, f"expected a list, got {type(value).__name__}")
    return value


def _regex_text(value: Any, lexicon: str, where: str) -> str:
    """A pattern is a string or a list of strings (concatenated)."""
    if isinstance(value, str):
        text = value
    elif isinstance(value, list) and value and all(isinstance(v, str) for v in value):
        text = "".join(value)
    else:
        _fail(lexicon, where, "a regex must be a string or a list of strings")
    if not text.strip():
        _fail(lexicon, where, "empty regex")
    return text


def _parts(value: Any, lexicon: str, where: str) -> dict[str, str]:
    parts = _as_mapping(value, lexicon, where)
    out = {}
    for name, text in parts.items():
        if not isinstance(name, str) or not _PLACEHOLDER.fullmatch("{" + name + "}"):
            _fail(lexicon, f"{where}.{name}", "part names are lower-case identifiers")
        out[name] = _regex_text(text, lexicon, f"{where}.{name}")
    return out


def _expand(template: str, parts: dict[str, str], lexicon: str, where: str) -> str:
    """Replace ``{name}`` by ``(?:part)``, recursively (parts may use parts)."""

    def expand(text: str, stack: tuple[str, ...]) -> str:
        def repl(m: regex.Match) -> str:
            name = m.group(1)
            if name not in parts:
                _fail(lexicon, where, f"unknown part {{{name}}}")
            if name in stack:
                _fail(lexicon, where, f"part {{{name}}} refers to itself")
            return "(?:" + expand(parts[name], stack + (name,)) + ")"

        return _PLACEHOLDER.sub(repl, text)

    return expand(template, ())


def _force(rx: BoundedPattern, lexicon: str, where: str, group: str | None = None,
           blame: list[tuple[str, str]] | None = None, thorough: bool = False) -> None:
    """Compile ``rx`` now; ``blame`` lists the (pattern, entry) pieces of an alternation,
    compiled one by one when the whole fails (or always, ``thorough``) to name the bad entry."""
    if thorough:
        for body, piece in blame or ():
            _force(BoundedPattern(body, lexicon), lexicon, piece)
    try:
        compiled = rx.rx
    except (regex.error, OverflowError, RecursionError) as exc:
        for body, piece in blame or ():
            _force(BoundedPattern(body, lexicon), lexicon, piece)
        _fail(lexicon, where, f"bad regex: {exc}")
        raise  # pragma: no cover  (for type checkers)
    if group and group not in compiled.groupindex:
        _fail(lexicon, where, f"the regex needs a named group (?P<{group}>...)")


def _compile(entries: list | None, pattern: str, lexicon: str, where: str, group: str | None = None,
             blame: list[tuple[str, str]] | None = None) -> BoundedPattern:
    """The (lazily compiled, time-limited) regex of one entry, listed in ``entries`` for
    ``compile_all`` unless ``entries`` is None."""
    rx = BoundedPattern(pattern, lexicon, FLAGS)
    if entries is not None:
        entries.append((rx, lexicon, where, group, blame))
    return rx


def _compile_list(entries: list, templates: list, parts: dict[str, str], lexicon: str, where: str,
                  group: str | None = None) -> list[BoundedPattern]:
    out = []
    for i, t in enumerate(templates):
        w = f"{where}[{i}]"
        out.append(_compile(entries, _expand(_regex_text(t, lexicon, w), parts, lexicon, w), lexicon, w, group))
    return out


def _alternation(entries: list | None, templates: list, parts: dict[str, str], lexicon: str,
                 where: str) -> BoundedPattern | None:
    if not templates:
        return None
    bodies = [(_expand(_regex_text(t, lexicon, f"{where}[{i}]"), parts, lexicon, f"{where}[{i}]"), f"{where}[{i}]")
              for i, t in enumerate(templates)]
    return _compile(entries, "|".join(f"(?:{b})" for b, _ in bodies), lexicon, where, blame=bodies)


def _triggers(value: Any, lexicon: str, where: str) -> tuple[list[str], list[str]]:
    spec = _as_mapping(value, lexicon, where)
    if set(spec) - {"case_sensitive", "words"}:
        _fail(lexicon, where, f"unknown keys {sorted(set(spec) - {'case_sensitive', 'words'})}")
    out = []
    for key in ("case_sensitive", "words"):
        items = _as_list(spec.get(key), lexicon, f"{where}.{key}")
        for i, t in enumerate(items):
            if not isinstance(t, str) or not t:
                _fail(lexicon, f"{where}.{key}[{i}]", "triggers are non-empty strings")
        out.append([t if key == "case_sensitive" else t.lower() for t in items])
    return out[0], out[1]


def _check_lang(code: Any, lexicon: str) -> str:
    if not isinstance(code, str) or not _LANG_CODE.fullmatch(code):
        _fail(lexicon, f"languages.{code}", "language keys are ISO 639-1 codes such as 'en'")
    return code


# ------------------------------------------------------------------------------------------------
# The three lexicons


def _load_disclosure(data: Any, entries: list) -> tuple[list[PhrasePattern], dict[str, LangRules], Triggers]:
    lex = "disclosure"
    data = _as_mapping(data, lex, "top level")
    unknown = set(data) - {"version", "common", "languages"}
    if unknown:
        _fail(lex, "top level", f"unknown keys {sorted(unknown)}")
    common = _as_mapping(data.get("common"), lex, "common")
    if set(common) - {"parts", "triggers", "not_text"}:
        _fail(lex, "common", f"unknown keys {sorted(set(common) - {'parts', 'triggers', 'not_text'})}")
    common_parts = _parts(common.get("parts"), lex, "common.parts")
    case_sensitive, words = _triggers(common.get("triggers"), lex, "common.triggers")
    common_not_text = _as_list(common.get("not_text"), lex, "common.not_text")
    languages = _as_mapping(data.get("languages"), lex, "languages")
    patterns: list[PhrasePattern] = []
    langs: dict[str, LangRules] = {}
    seen_ids: set[str] = set()
    allowed = {"parts", "triggers", "requires", "patterns", "negation", "negation_after", "reported",
               "not_text", "continuation"}
    for code, spec in languages.items():
        code = _check_lang(code, lex)
        where = f"languages.{code}"
        spec = _as_mapping(spec, lex, where)
        if set(spec) - allowed:
            _fail(lex, where, f"unknown keys {sorted(set(spec) - allowed)}")
        parts = {**common_parts, **_parts(spec.get("parts"), lex, f"{where}.parts")}
        requires = None
        if spec.get("requires") is not None:
            requires = _compile(entries, _regex_text(spec["requires"], lex, f"{where}.requires"), lex,
                                f"{where}.requires")
        for name in REQUIRED_PARTS:
            if name not in parts:
                _fail(lex, f"{where}.parts", f"missing part '{name}'")
        expanded = {name: _expand("{" + name + "}", parts, lex, f"{where}.parts.{name}")
                    for name in REQUIRED_PARTS}
        compiled = {name: _compile(entries, body, lex, f"{where}.parts.{name}") for name, body in expanded.items()}
        cs, ws = _triggers(spec.get("triggers"), lex, f"{where}.triggers")
        case_sensitive += cs
        words += ws
        for i, p in enumerate(_as_list(spec.get("patterns"), lex, f"{where}.patterns")):
            pw = f"{where}.patterns[{i}]"
            p = _as_mapping(p, lex, pw)
            if set(p) - {"id", "kind", "regex"}:
                _fail(lex, pw, f"unknown keys {sorted(set(p) - {'id', 'kind', 'regex'})}")
            pid = p.get("id")
            if not isinstance(pid, str) or not pid:
                _fail(lex, pw, "missing 'id'")
            pw = f"{where}.patterns[{i}] ({pid})"
            if pid in seen_ids:
                _fail(lex, pw, "duplicate id")
            seen_ids.add(pid)
            if p.get("kind") not in KINDS:
                _fail(lex, pw, f"kind must be one of {', '.join(KINDS)}")
            if "regex" not in p:
                _fail(lex, pw, "missing 'regex'")
            template = _regex_text(p["regex"], lex, pw)
            body = _expand(template, parts, lex, pw)
            patterns.append(PhrasePattern(pid, code, p["kind"], _compile(entries, body, lex, pw),
                                          "{eol}" in template, requires))
        after = spec.get("negation_after", 0)
        if not isinstance(after, int) or isinstance(after, bool) or not 0 <= after <= 200:
            _fail(lex, f"{where}.negation_after", "expected an integer 0..200")

        def cues(key: str, extra: list | None = None) -> BoundedPattern | None:
            items = (extra or []) + _as_list(spec.get(key), lex, f"{where}.{key}")
            return _alternation(entries, items, parts, lex, f"{where}.{key}")

        langs[code] = LangRules(
            code=code,
            agent_ai=compiled["agent_ai"],
            agent_auto=compiled["agent_auto"],
            assist=compiled["assist"],
            negation=cues("negation"),
            negation_after=after,
            reported=cues("reported"),
            not_text=cues("not_text", common_not_text),
            continuation=cues("continuation"),
        )
    return patterns, langs, Triggers(case_sensitive, words)


def _load_review(data: Any, entries: list) -> dict[str, ReviewRules]:
    lex = "human-review"
    data = _as_mapping(data, lex, "top level")
    if set(data) - {"version", "parts", "languages"}:
        _fail(lex, "top level", f"unknown keys {sorted(set(data) - {'version', 'parts', 'languages'})}")
    parts = _parts(data.get("parts"), lex, "parts")
    out = {}
    for code, spec in _as_mapping(data.get("languages"), lex, "languages").items():
        code = _check_lang(code, lex)
        where = f"languages.{code}"
        spec = _as_mapping(spec, lex, where)
        if set(spec) - {"review", "exclude", "reviewer"}:
            _fail(lex, where, f"unknown keys {sorted(set(spec) - {'review', 'exclude', 'reviewer'})}")
        out[code] = ReviewRules(
            review=_compile_list(entries, _as_list(spec.get("review"), lex, f"{where}.review"), parts, lex,
                                 f"{where}.review"),
            exclude=_alternation(entries, _as_list(spec.get("exclude"), lex, f"{where}.exclude"), parts, lex,
                                 f"{where}.exclude"),
            reviewer=_compile_list(entries, _as_list(spec.get("reviewer"), lex, f"{where}.reviewer"), parts, lex,
                                   f"{where}.reviewer", group="name"),
        )
    return out


def _load_sources(data: Any, entries: list) -> tuple[dict[str, SourceRules], BoundedPattern | None,
                                                     BoundedPattern | None]:
    lex = "source-claims"
    data = _as_mapping(data, lex, "top level")
    allowed = {"version", "parts", "outlets", "generic", "languages"}
    if set(data) - allowed:
        _fail(lex, "top level", f"unknown keys {sorted(set(data) - allowed)}")
    parts = _parts(data.get("parts"), lex, "parts")
    outlets = _alternation(entries, _as_list(data.get("outlets"), lex, "outlets"), parts, lex, "outlets")
    # the alternation is checked as part of ``generic`` (which is anchored)
    generic_body = _alternation(None, _as_list(data.get("generic"), lex, "generic"), parts, lex, "generic")
    generic = _compile(entries, rf"(?:{generic_body.pattern})\Z", lex, "generic") if generic_body else None
    out = {}
    for code, spec in _as_mapping(data.get("languages"), lex, "languages").items():
        code = _check_lang(code, lex)
        where = f"languages.{code}"
        spec = _as_mapping(spec, lex, where)
        if set(spec) - {"claims", "capitalised_names"}:
            _fail(lex, where, f"unknown keys {sorted(set(spec) - {'claims', 'capitalised_names'})}")
        cap = spec.get("capitalised_names", True)
        if not isinstance(cap, bool):
            _fail(lex, f"{where}.capitalised_names", "expected true or false")
        out[code] = SourceRules(
            claims=_compile_list(entries, _as_list(spec.get("claims"), lex, f"{where}.claims"), parts, lex,
                                 f"{where}.claims", group="object"),
            capitalised=cap,
        )
    return out, outlets, generic
