"""Lexicon changes a policy makes (``lexicons:``), validated when the policy is loaded.

A policy may add to and remove from a lexicon's lists, or replace a lexicon with its own file.
Whatever it puts into a list of regular expressions is a *user regex*: each one must compile --
an error names the file, the line and the item -- and at run time it is matched with a time
limit (``analysis.patterns.BoundedPattern``), so a pattern that backtracks catastrophically is
reported once, naming its lexicon, and the lint completes.

Which lists hold regular expressions is declared here, in one place; every other list holds
literal words. Finally the changed lexicon is built by the analysis code that uses it, so that a
wrong shape (a mapping where a list belongs, a number among words) is a load-time error naming the
policy, never a crash in the middle of a run.
"""

from __future__ import annotations

from typing import Any

import regex

from .errors import LineDict, PolicyError

#: List keys that hold regular expressions: in every lexicon, and in particular lexicons.
_REGEX_KEYS_ANYWHERE = ("patterns",)
_REGEX_KEYS = {
    "vague-sources": ("passive_patterns",),
    "boilerplate": ("section_headings", "lines"),
}
#: Lexicons whose entries are templates with ``{part}`` placeholders (checked by building them).
_TEMPLATED = ("disclosure", "human-review", "source-claims")
_FLAGS = regex.IGNORECASE | regex.UNICODE | regex.MULTILINE


def is_regex_list(lexicon: str, key: str) -> bool:
    return lexicon not in _TEMPLATED and (key in _REGEX_KEYS_ANYWHERE or key in _REGEX_KEYS.get(lexicon, ()))


def check_items(lexicon: str, key: str, items: list, where: str, path: str, line: int) -> None:
    """Items a policy adds to (or removes from) ``lexicon``'s list ``key``: strings, and
    compilable regular expressions where the list holds patterns."""
    pattern_list = is_regex_list(lexicon, key)
    for i, item in enumerate(items):
        if not isinstance(item, str) or not item.strip():
            raise PolicyError(path, line, f"{where}[{i}]: expected a non-empty string, got {item!r}"[:300])
        if pattern_list:
            _compile(item, f"{where}[{i}]", path, line)


def check_file(lexicon: str, data: Any, path: str) -> None:
    """A lexicon file that replaces ``lexicon``: every key is a string (YAML reads an unquoted
    ``no:``, ``true:`` or ``2024:`` as a boolean or a number, and the word would silently never
    match), and every list of patterns in it, at any depth, must compile (errors name the file
    and the line of the list)."""
    _check_words(data, path)
    if lexicon in _TEMPLATED:
        return
    todo: list[tuple[Any, str]] = [(data, "")]
    while todo:
        node, where = todo.pop()
        if not isinstance(node, dict):
            continue
        for key, value in node.items():
            line = node.line_of(key) if isinstance(node, LineDict) else 1
            here = f"{where}{key}"
            if isinstance(value, dict):
                todo.append((value, here + "."))
            elif isinstance(value, list) and is_regex_list(lexicon, str(key)):
                for i, item in enumerate(value):
                    if not isinstance(item, str):
                        raise PolicyError(path, line, f"{here}[{i}]: expected a regular expression (a string), "
                                                      f"got {item!r}"[:300])
                    _compile(item, f"{here}[{i}]", path, line)


def _check_words(data: Any, path: str) -> None:
    """Keys are strings, and list items are no booleans or nulls: YAML reads an unquoted ``no``,
    ``on``, ``off``, ``yes``, ``true`` or ``~`` as such, and the word would silently be lost."""
    todo: list[tuple[Any, str, int]] = [(data, "", 1)]
    while todo:
        node, where, line = todo.pop()
        if isinstance(node, dict):
            for key, value in node.items():
                at = node.line_of(key) if isinstance(node, LineDict) else line
                if not isinstance(key, str):
                    raise PolicyError(path, at, f"{where}{key!r}: YAML reads this key as {type(key).__name__} "
                                                f"({_spelt(key)}), not as a word: quote it"[:300])
                todo.append((value, f"{where}{key}.", at))
        elif isinstance(node, list):
            for i, item in enumerate(node):
                if isinstance(item, bool) or item is None:
                    raise PolicyError(path, line, f"{where.rstrip('.')}[{i}]: YAML reads this item as "
                                                  f"{type(item).__name__} ({_spelt(item)}), not as a word: quote it"[:300])
                todo.append((item, f"{where.rstrip('.')}[{i}].", line))


def _spelt(value: Any) -> str:
    """How YAML may have spelt a value it read as a boolean or null."""
    if value is True:
        return "true/yes/on"
    if value is False:
        return "false/no/off"
    if value is None:
        return "null/~"
    return repr(value)


def check_built(changed: dict[str, tuple[str, int]], lexicons: dict[str, dict]) -> None:
    """Build every changed lexicon the way the analysis does; a failure is a PolicyError at the
    policy (file, line) that last changed it."""
    from ..analysis import Analyzer

    for name, (path, line) in changed.items():
        try:
            Analyzer.check_lexicon(name, lexicons)
        except PolicyError:
            raise
        except (ValueError, TypeError, AttributeError, KeyError, regex.error, OverflowError, RecursionError) as exc:
            raise PolicyError(path, line, f"lexicons.{name}: the changed lexicon cannot be used: {exc}"[:500]) from None


def _compile(pattern: str, where: str, path: str, line: int) -> None:
    try:
        regex.compile(pattern, _FLAGS)
    except (regex.error, OverflowError, RecursionError) as exc:
        raise PolicyError(path, line, f"{where}: invalid regular expression {pattern!r}: {exc}"[:300]) from None
