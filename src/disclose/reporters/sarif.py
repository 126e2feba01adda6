"""``--format sarif``: SARIF 2.1.0 for GitHub code scanning and other SARIF viewers.

One run; ``tool.driver.rules`` describes every rule that has a result (summary, documentation
as help, default level, kind, policy and reference); each result has its rule index, level
(``info`` -> ``note``), message, region (1-based lines and columns counted in Unicode code
points -- ``columnKind`` says so -- plus ``charOffset``/``charLength`` into the decoded text and
the excerpt as snippet), ``partialFingerprints`` (the move-stable disclose fingerprint) and the
fix when there is one. Results stream out as they come; the tool and rule descriptions are
written after them (JSON objects are unordered). Input errors become tool execution
notifications. JSONL records get a logical location (their id) and no file region: their
offsets index the record, not the file.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Callable, Iterable, TextIO
from urllib.parse import quote

from ..version import __version__
from .location import is_record, relative_path

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}
FINGERPRINT_KEY = "discloseFingerprint/v1"

#: Rules that no policy defines: reported by the engine itself.
_ENGINE_RULES = {
    "disclose/unused-suppression": {
        "kind": "suppression", "severity": "info",
        "summary": "A suppression comment suppresses nothing",
        "doc": "A `disclose-disable`, `disclose-enable` or `disclose-disable-next-line` comment that "
               "no longer suppresses any violation (or names no known rule). Remove it so that "
               "suppressions do not rot.",
    },
}


def _uri(path: str) -> str:
    """A relative URI for files under the working folder (the repository root in CI, which is
    what code scanning expects), a ``file://`` URI for others."""
    rel = relative_path(path)
    if os.path.isabs(rel):
        return Path(rel).as_uri()
    return quote(rel, safe="/:@!$&'()*+,;=-._~")


class Reporter:
    def __init__(self, stream: TextIO, *, policies: list[str],
                 rules: Callable[[], Iterable] | None = None, **_: object):
        self.stream = stream
        self.policies = policies
        self.rules = rules
        self.index: dict[str, int] = {}
        self.seen: dict[str, tuple[str, str]] = {}  # rule id -> (kind, severity) of a result
        self.notifications: list[dict] = []
        self.first = True
        stream.write(f'{{"$schema": "{SCHEMA}", "version": "2.1.0", "runs": [{{'
                     '"columnKind": "unicodeCodePoints", "results": [')

    def file(self, result) -> None:
        for v in result.violations:
            self.stream.write(("\n  " if self.first else ",\n  ") + json.dumps(self._result(result, v), ensure_ascii=False))
            self.first = False

    def _result(self, result, v) -> dict:
        if v.rule not in self.index:
            self.index[v.rule] = len(self.index)
            self.seen[v.rule] = (v.kind, v.severity)
        location: dict = {"physicalLocation": {"artifactLocation": {"uri": _uri(result.path)}}}
        message = v.message
        if is_record(result):
            location["logicalLocations"] = [{"name": str(result.id), "kind": "record"}]
            message = f"[record {result.id}] {message}"
        else:
            location["physicalLocation"]["region"] = {
                "startLine": v.line, "startColumn": v.column, "endLine": v.end_line, "endColumn": v.end_column,
                "charOffset": v.start, "charLength": v.end - v.start, "snippet": {"text": v.excerpt},
            }
        out = {
            "ruleId": v.rule, "ruleIndex": self.index[v.rule], "level": LEVELS[v.severity],
            "message": {"text": message}, "locations": [location],
            "partialFingerprints": {FINGERPRINT_KEY: v.fingerprint},
            "properties": {"kind": v.kind, "severity": v.severity},
        }
        if v.reference:
            out["properties"]["reference"] = v.reference
        if v.fix and not is_record(result):
            out["fixes"] = [{
                "description": {"text": v.fix.description},
                "artifactChanges": [{
                    "artifactLocation": {"uri": _uri(result.path)},
                    "replacements": [{"deletedRegion": {"charOffset": s, "charLength": e - s},
                                      "insertedContent": {"text": t}} for s, e, t in v.fix.edits],
                }],
            }]
        return out

    def error(self, err) -> None:
        note: dict = {"level": "error", "message": {"text": str(err)},
                      "locations": [{"physicalLocation": {"artifactLocation": {"uri": _uri(err.path)}}}]}
        if err.line is not None:
            note["locations"][0]["physicalLocation"]["region"] = {"startLine": err.line}
        self.notifications.append(note)

    def warning(self, message: str) -> None:
        """Run warnings go to stderr; SARIF carries results and input errors."""

    def _descriptor(self, rule_id: str, known: dict) -> dict:
        kind, severity = self.seen[rule_id]
        rule = known.get(rule_id)
        if rule is not None:
            summary = rule.summary or rule.message
            doc = (rule.doc or "").strip() or summary
            props = {"kind": rule.kind, "policy": rule.policy, "tags": [rule.policy, rule.kind]}
            if rule.reference:
                props["reference"] = rule.reference
            default = rule.severity if rule.severity in LEVELS else severity
        else:
            info = _ENGINE_RULES.get(rule_id, {"kind": kind, "severity": severity, "summary": rule_id, "doc": rule_id})
            summary, doc, default = info["summary"], info["doc"], info["severity"]
            props = {"kind": info["kind"], "tags": [info["kind"]]}
        return {
            "id": rule_id, "name": rule_id.rsplit("/", 1)[-1],
            "shortDescription": {"text": summary}, "fullDescription": {"text": doc},
            "help": {"text": f"{summary}\n\n{doc}\n\n`disclose explain {rule_id}` shows the full documentation.",
                     "markdown": f"**{summary}**\n\n{doc}\n\n`disclose explain {rule_id}` shows the full documentation."},
            "defaultConfiguration": {"level": LEVELS[default]},
            "properties": props,
        }

    def finish(self, summary: dict) -> None:
        known = {}
        for rule in (self.rules() if self.rules else ()):
            known.setdefault(rule.id, rule)
        descriptors = [self._descriptor(rid, known) for rid in self.index]
        tail = {
            "invocations": [{"executionSuccessful": not self.notifications,
                             "toolExecutionNotifications": self.notifications}],
            "tool": {"driver": {"name": "disclose", "version": __version__, "semanticVersion": __version__,
                                "rules": descriptors}},
            "properties": {"policies": self.policies, "summary": summary},
        }
        self.stream.write("\n], " if not self.first else "], ")
        self.stream.write(json.dumps(tail, ensure_ascii=False)[1:-1] + "}]}\n")
