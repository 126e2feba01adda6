"""The engine: analyse a document, run the active rules, turn findings into violations.

Data flows one way: a reader's ``Document`` -> ``Analyzer.analyze`` -> each rule's ``check`` ->
``Violation``s with line, column, excerpt and fingerprint -> a reporter. Rule selection
(``--select``/``--ignore``), ``when`` conditions and fingerprints are handled here, centrally,
never inside a check.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Iterable

import regex

from . import checks
from .analysis import Analyzer
from .model import SEVERITY_RANK, Analysis, Document, Violation
from .policy import Rule, RuleSet


@dataclass
class FileResult:
    """The lint result of one file (or one JSONL record)."""

    path: str
    id: str | None
    ai_status: str
    ai_status_source: str
    violations: list[Violation] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    analysis: Analysis | None = None
    #: The decoded text, for reporters that show excerpts in context.
    text: str | None = None
    #: Plain spans from the analysis for visual reports (``highlights.extract``); only computed
    #: when the Linter is asked to (``highlights=True``), else None.
    highlights: list[dict] | None = None

    def as_dict(self) -> dict:
        return {
            "path": self.path,
            "id": self.id,
            "ai_status": self.ai_status,
            "ai_status_source": self.ai_status_source,
            "violations": [violation_dict(v) for v in self.violations],
        }


def violation_dict(v: Violation) -> dict:
    return {
        "rule": v.rule, "kind": v.kind, "severity": v.severity, "message": v.message,
        "line": v.line, "column": v.column, "end_line": v.end_line, "end_column": v.end_column,
        "start": v.start, "end": v.end, "excerpt": v.excerpt, "fingerprint": v.fingerprint,
        "fix": v.fix.as_dict() if v.fix else None, "reference": v.reference,
        **({"confidence": v.confidence} if v.confidence is not None else {}),
        **({"evidence": v.evidence} if v.evidence is not None else {}),
    }


def selector_matches(rule_id: str, kind: str, selector: str) -> bool:
    """Selectors (``--select``, ``--ignore``, overrides, suppressions) name a rule by its full id,
    its policy, its short name, or its kind."""
    selector = selector.strip().rstrip("/")
    policy, _, name = rule_id.partition("/")
    return selector in (rule_id, policy, name, kind)


def rule_matches(rule: Rule, selector: str) -> bool:
    return selector_matches(rule.id, rule.kind, selector)


class _Formatter(dict):
    """``str.format_map`` helper: unknown placeholders stay as written."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


_WS = regex.compile(r"\s+")


def normalise(text: str) -> str:
    return _WS.sub(" ", text).strip().lower()


def fingerprint(rule_id: str, context: str, excerpt: str) -> str:
    """Stable across moves: rule + the normalised sentence and excerpt, never line numbers."""
    digest = hashlib.sha256(f"{rule_id}\0{normalise(context)}\0{normalise(excerpt)}".encode("utf-8"))
    return digest.hexdigest()[:20]


class Linter:
    def __init__(self, ruleset: RuleSet, *, select: Iterable[str] = (), ignore: Iterable[str] = (),
                 highlights: bool = False):
        self.ruleset = ruleset
        #: Extract named sources, disclosures and visible blocks for visual reports (HTML).
        self.highlights = highlights
        select, ignore = list(select), list(ignore)
        self.select, self.ignore = select, ignore
        self.rules = [
            r for r in ruleset.active()
            if (not select or any(rule_matches(r, s) for s in select)) and not any(rule_matches(r, s) for s in ignore)
        ]
        self.analyzer = Analyzer(ruleset.lexicons, ruleset.settings, ruleset.trusted_lexicons, ruleset.models)

    def prepare_for_cache(self) -> None:
        """Do now the work a long-lived (cached) linter would otherwise do lazily on first use."""
        self.analyzer.disclosures.prepare_prefilters()

    def lint(self, doc: Document, ai_override: tuple[str, str] | None = None, *, keep_analysis: bool = False) -> FileResult:
        analysis = self.analyzer.analyze(doc, ai_override)
        result = FileResult(doc.path, doc.id, analysis.ai_status, analysis.ai_status_source,
                            warnings=list(doc.warnings), analysis=analysis if keep_analysis else None,
                            text=doc.text)
        if self.highlights:
            from .highlights import extract

            result.highlights = extract(analysis)
        for rule in self.rules:
            if not self._applies(rule, analysis):
                continue
            module = checks.get(rule.kind)
            for finding in module.check(rule, analysis):
                result.violations.append(self._violation(rule, analysis, finding))
        self._suppress(result, analysis)
        result.violations.sort(key=lambda v: (v.start, -SEVERITY_RANK[v.severity], v.rule))
        return result

    def _selected(self, rule_id: str, kind: str) -> bool:
        return ((not self.select or any(selector_matches(rule_id, kind, s) for s in self.select))
                and not any(selector_matches(rule_id, kind, s) for s in self.ignore))

    def _suppress(self, result: FileResult, analysis: Analysis) -> None:
        """Inline suppression comments and front-matter ignores (``suppression.py``); a comment
        that suppresses nothing becomes an info violation of ``disclose/unused-suppression``."""
        from . import suppression

        doc = analysis.document
        kept, unused = suppression.apply(
            doc, result.violations, selector_matches,
            known=[(r.id, r.kind) for r in self.ruleset.rules.values()],
            running=[(r.id, r.kind) for r in self.rules if self._applies(r, analysis)],
            narrowed=bool(self.select or self.ignore))
        result.warnings = list(doc.warnings)
        if self._selected(suppression.UNUSED_RULE, suppression.UNUSED_KIND):
            for u in unused:
                line, column = doc.line_col(u.start)
                end_line, end_column = doc.line_col(u.end)
                kept.append(Violation(
                    rule=suppression.UNUSED_RULE, kind=suppression.UNUSED_KIND, severity="info",
                    message=f"The suppression comment “{u.label}” {u.reason}: remove it or fix its rule ids.",
                    start=u.start, end=u.end, line=line, column=column, end_line=end_line,
                    end_column=end_column, excerpt=u.label,
                    fingerprint=fingerprint(suppression.UNUSED_RULE, u.label, u.reason)))
        result.violations = kept

    @staticmethod
    def _applies(rule: Rule, analysis: Analysis) -> bool:
        when = rule.when or {}
        if "ai" in when and analysis.ai_status not in when["ai"]:
            return False
        if "format" in when and analysis.document.format not in when["format"]:
            return False
        return True

    @staticmethod
    def _violation(rule: Rule, analysis: Analysis, finding: checks.Finding) -> Violation:
        doc = analysis.document
        start, end = finding.start, max(finding.end, finding.start)
        line, column = doc.line_col(start)
        end_line, end_column = doc.line_col(end)
        excerpt = " ".join(doc.text[start:end].split())
        if len(excerpt) > 200:
            excerpt = excerpt[:199].rstrip() + "…"
        sentence = analysis.sentence_at(start)
        context = sentence.text if sentence is not None else excerpt
        message = rule.message.format_map(_Formatter(finding.details)) if "{" in rule.message else rule.message
        return Violation(
            rule=rule.id, kind=rule.kind, severity=rule.severity, message=message,
            start=start, end=end, line=line, column=column, end_line=end_line, end_column=end_column,
            excerpt=excerpt, fingerprint=fingerprint(rule.id, context, excerpt), fix=finding.fix,
            reference=rule.reference, confidence=finding.confidence, evidence=finding.evidence,
        )
