"""A tiny helper in the style of yamllint's tests: lint a text with one rule, compare problems.

    check("Sources say it rained.\n", {"kind": "attribution"}, problems=[(1, 1)])

builds a throwaway policy (extending ``core`` for the lexicons) whose only rule is the given
configuration, lints the text, and asserts the (line, column) of every violation.
"""

from __future__ import annotations

import itertools
import tempfile
from pathlib import Path

import yaml

from disclose.engine import Linter
from disclose.policy import load_ruleset
from disclose.readers import parse

_counter = itertools.count()


def make_ruleset(rule: dict, name: str = "t", settings: dict | None = None, models: dict | None = None):
    policy = {"name": name, "extends": ["core"], "rules": {"r": {"severity": "error", "message": "m", **rule}}}
    if settings:
        policy["settings"] = settings
    if models:
        policy["models"] = models
    folder = Path(tempfile.mkdtemp(prefix="disclose-test-"))
    path = folder / f"policy{next(_counter)}.yaml"
    path.write_text(yaml.safe_dump(policy), encoding="utf-8")
    return load_ruleset([str(path)])


def lint_text(text: str, rule: dict, *, fmt: str = "txt", ai: str | None = None, settings: dict | None = None,
              models: dict | None = None):
    linter = Linter(make_ruleset(rule, settings=settings, models=models))
    doc = parse(text, f"article.{fmt}", fmt)
    return linter.lint(doc, (ai, "cli") if ai else None)


def check(text: str, rule: dict, problems: list[tuple[int, int]], **kwargs) -> list:
    result = lint_text(text, rule, **kwargs)
    got = [(v.line, v.column) for v in result.violations]
    assert got == problems, f"expected {problems}, got {got}: " + "; ".join(f"{v.line}:{v.column} {v.message} [{v.excerpt}]" for v in result.violations)
    return result.violations
