"""A ``RuleSet`` as plain data (JSON: dicts, lists, strings, numbers) and back, for the linter
cache (``policycache``).

``to_data`` keeps what loading, merging and validating the policy files produced; ``from_data``
rebuilds the RuleSet without reading a YAML file: it checks the shape of every field (the data
comes from a cache folder, which is untrusted input like any file), builds the models from their
parsed files (which validates them), and lets each active rule's kind prepare it again
(``checks.<kind>.prepare``: patterns are kept as text and compiled on first use). Data of the
wrong shape raises ``ValueError``; the cache then builds from the files instead.
"""

from __future__ import annotations

import base64
import sys
from array import array
from itertools import chain
from typing import Any

from .loader import Rule, RuleSet, build_model

#: Rule fields stored as they are, with the types they must have.
_RULE_FIELDS: dict[str, tuple[type, ...]] = {
    "id": (str,), "policy": (str,), "kind": (str,), "severity": (str,), "message": (str,),
    "summary": (str,), "doc": (str,), "reference": (str, type(None)), "when": (dict,),
    "fix": (dict, type(None)), "sections": (list, type(None)), "options": (dict,), "path": (str,),
    "line": (int,),
}


def to_data(ruleset: RuleSet) -> dict[str, Any]:
    """The rule set as plain data (``prepared`` and the built models are left out: ``from_data``
    makes them again)."""
    return {
        "policies": list(ruleset.policies),
        "rules": [{name: getattr(rule, name) for name in _RULE_FIELDS} for rule in ruleset.rules.values()],
        "settings": ruleset.settings,
        "lexicons": ruleset.lexicons,
        "references": ruleset.references,
        "files": list(ruleset.files),
        "trusted_lexicons": sorted(ruleset.trusted_lexicons),
        "sources": list(ruleset.sources),
        "models": {name: _pack_model(name, data) for name, data in ruleset.model_data.items()},
    }


def from_data(data: Any) -> RuleSet:
    """The RuleSet ``to_data`` wrote; ``ValueError`` when ``data`` does not have its shape."""
    from .. import checks

    _expect(isinstance(data, dict), "a rule set must be an object")
    policies = _str_list(data.get("policies"), "policies")
    settings = _str_dict(data.get("settings"), "settings")
    lexicons = _str_dict(data.get("lexicons"), "lexicons")
    _expect(all(isinstance(v, dict) for v in lexicons.values()), "lexicons: each must be an object")
    references = _str_dict(data.get("references"), "references")
    _expect(all(isinstance(v, str) for v in references.values()), "references: strings expected")
    model_data = {name: _unpack_model(name, packed) for name, packed in _str_dict(data.get("models"), "models").items()}
    rules: dict[str, Rule] = {}
    raw_rules = data.get("rules")
    _expect(isinstance(raw_rules, list), "rules: a list expected")
    for raw in raw_rules:
        _expect(isinstance(raw, dict) and set(raw) == set(_RULE_FIELDS), "rules: unexpected fields")
        for name, types in _RULE_FIELDS.items():
            _expect(isinstance(raw[name], types) and not isinstance(raw[name], bool), f"rules: {name}: wrong type")
        rule = Rule(**raw)
        _expect(rule.id not in rules and rule.id.startswith(rule.policy + "/"), f"rules: {rule.id}: bad id")
        _expect(rule.severity in ("error", "warning", "info", "off"), f"rules: {rule.id}: bad severity")
        try:
            module = checks.get(rule.kind)
        except KeyError:
            raise ValueError(f"rules: {rule.id}: unknown kind") from None
        _expect(set(rule.options) <= set(module.CONF) | set(module.DEFAULT), f"rules: {rule.id}: unknown option")
        rules[rule.id] = rule
    models = {}
    for name, raw_model in model_data.items():
        try:
            models[name] = build_model(name, raw_model)
        except Exception as exc:  # noqa: BLE001 -- ModelError, StyleError, or worse: not ours
            raise ValueError(f"models: {name}: {exc}") from None
    for rule in rules.values():
        if rule.severity != "off":
            checks.get(rule.kind).prepare(rule, lexicons, settings)
    return RuleSet(policies=policies, rules=rules, settings=settings, lexicons=lexicons, references=references,
                   files=_str_list(data.get("files"), "files"),
                   trusted_lexicons=frozenset(_str_list(data.get("trusted_lexicons"), "trusted_lexicons")),
                   sources=_str_list(data.get("sources"), "sources"), models=models, model_data=model_data)


#: Where a model file keeps its big table of numbers (weights, word shares), by model name.
_TABLES = {"checkworthy": "weights", "needs-source": "weights", "grounding": "weights", "background": "words"}


def _pack_model(name: str, data: Any) -> dict[str, Any]:
    """A model file's data, its table of floats packed as the table's keys and one base64
    string of their little-endian float64 values (``[a, b]`` pairs flattened): JSON reads that
    several times faster than tens of thousands of decimal numbers, and every bit is kept."""
    key = _TABLES.get(name)
    table = data.get(key) if key and isinstance(data, dict) else None
    if not isinstance(table, dict):
        return {"data": data}
    values = list(table.values())
    if set(map(type, values)) == {float}:
        width, flat = 1, values
    elif (set(map(type, values)) == {list} and set(map(len, values)) == {2}
          and set(map(type, chain.from_iterable(values))) == {float}):
        width, flat = 2, list(chain.from_iterable(values))
    else:
        return {"data": data}
    numbers = array("d", flat)
    if sys.byteorder == "big":
        numbers.byteswap()
    rest = {k: v for k, v in data.items() if k != key}
    return {"data": rest, "table": key, "keys": list(table), "width": width,
            "f64": base64.b64encode(numbers.tobytes()).decode("ascii")}


def _unpack_model(name: str, packed: Any) -> Any:
    """The model file's data ``_pack_model`` packed; ``ValueError`` on anything else."""
    _expect(isinstance(packed, dict) and "data" in packed, f"models: {name}: wrong shape")
    if set(packed) == {"data"}:
        return packed["data"]
    key, keys, width = packed.get("table"), packed.get("keys"), packed.get("width")
    _expect(key == _TABLES.get(name) and width in (1, 2) and isinstance(packed.get("f64"), str)
            and set(packed) == {"data", "table", "keys", "width", "f64"} and isinstance(packed["data"], dict)
            and key not in packed["data"],
            f"models: {name}: wrong shape")
    keys = _str_list(keys, f"models: {name}: keys")
    numbers = array("d")
    numbers.frombytes(base64.b64decode(packed["f64"], validate=True))
    _expect(len(numbers) == width * len(keys), f"models: {name}: wrong number of values")
    if sys.byteorder == "big":
        numbers.byteswap()
    values = numbers.tolist()
    table = dict(zip(keys, values if width == 1 else map(list, zip(values[0::2], values[1::2]))))
    return {**packed["data"], key: table}


def _expect(ok: bool, what: str) -> None:
    if not ok:
        raise ValueError(what)


def _str_list(value: Any, what: str) -> list[str]:
    _expect(isinstance(value, list) and set(map(type, value)) <= {str}, f"{what}: a list of strings expected")
    return value


def _str_dict(value: Any, what: str) -> dict[str, Any]:
    _expect(isinstance(value, dict) and all(isinstance(k, str) for k in value), f"{what}: an object expected")
    return value
