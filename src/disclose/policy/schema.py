"""Option types for policies, validated in one place (the yamllint way).

A spec is one of: a Python type (``str``, ``int``, ``float``, ``bool``, ``dict``); ``"regex"`` (a
string that must compile); a list with one spec (``[str]``: a list of those); a tuple of allowed
string values (choices); or a dict of key -> spec (a mapping whose keys must all be known).
"""

from __future__ import annotations

from typing import Any

import regex

from .errors import LineDict, PolicyError

TYPE_NAMES = {str: "a string", int: "an integer", float: "a number", bool: "true or false", dict: "a mapping"}


def describe(spec: Any) -> str:
    if spec == "regex":
        return "a regular expression"
    if isinstance(spec, list):
        return f"a list of {describe(spec[0]).removeprefix('a ').removeprefix('an ')}s"
    if isinstance(spec, tuple):
        return "one of " + ", ".join(spec)
    if isinstance(spec, dict):
        return "a mapping with keys " + ", ".join(spec)
    return TYPE_NAMES.get(spec, str(spec))


def compile_user_regex(pattern: str) -> regex.Pattern:
    """Compile a pattern from a policy (case-insensitive, VERSION1 semantics off for safety)."""
    return regex.compile(pattern, regex.IGNORECASE)


def validate(value: Any, spec: Any, where: str, path: str, line: int) -> Any:
    """Check ``value`` against ``spec``; return it (lists normalised) or raise PolicyError."""
    ok = True
    if spec == "regex":
        if not isinstance(value, str):
            ok = False
        else:
            try:
                compile_user_regex(value)
            except regex.error as exc:
                raise PolicyError(path, line, f"{where}: invalid regular expression {value!r}: {exc}") from None
    elif isinstance(spec, list):
        if isinstance(value, (str, int, float)) and not isinstance(value, bool) and spec[0] in (str, "regex"):
            value = [value]  # a single item where a list is expected is accepted, as yamllint does
        if not isinstance(value, list):
            ok = False
        else:
            value = [validate(v, spec[0], f"{where}[{i}]", path, line) for i, v in enumerate(value)]
    elif isinstance(spec, tuple):
        ok = isinstance(value, str) and value in spec
    elif isinstance(spec, dict):
        if not isinstance(value, dict):
            ok = False
        else:
            lines = value.lines if isinstance(value, LineDict) else {}
            for key, sub in value.items():
                key_line = lines.get(key, line)
                if key not in spec:
                    raise PolicyError(path, key_line, f"{where}: unknown key {key!r} (expected {', '.join(spec)})")
                value[key] = validate(sub, spec[key], f"{where}.{key}", path, key_line)
    elif spec is float:
        ok = isinstance(value, (int, float)) and not isinstance(value, bool)
    elif spec is int:
        ok = isinstance(value, int) and not isinstance(value, bool)
    elif spec is Any:
        ok = True
    else:
        ok = isinstance(value, spec)
    if not ok:
        got = type(value).__name__ if value is not None else "nothing"
        raise PolicyError(path, line, f"{where}: expected {describe(spec)}, got {got} {value!r}"[:300])
    return value
