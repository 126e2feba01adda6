"""Load policy files into a validated, merged ``RuleSet``."""

from __future__ import annotations

import copy
from itertools import chain
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..resources import rules_dir
# The lexicon checks by name: ``from . import lexicons`` read as importing the package looked
# like a policy <-> policy.loader cycle.
from .lexicons import check_built, check_file, check_items
from .schema import validate
from .errors import LineDict, PolicyError

#: Policies applied when neither the command line nor a config names any.
BUILTIN_DEFAULT = ("newsroom", "eu-ai-act")
#: Built-in packs every rule set has, though no policy names them: they act only on articles
#: that carry what they check (``grounding``: articles with source articles).
IMPLICIT = ("grounding",)

SEVERITY_CHOICES = ("error", "warning", "info", "off")
AI_CHOICES = ("generated", "assisted", "none", "unknown")
SECTION_CHOICES = ("title", "summary", "heading", "body", "caption", "boilerplate")

POLICY_KEYS = {
    "name": str,
    "description": str,
    "extends": [str],
    "references": dict,
    "settings": dict,
    "lexicons": dict,
    "models": dict,
    "rules": dict,
}

#: Keys every rule may have, whatever its kind.
COMMON_RULE_KEYS = {
    "kind": str,
    "severity": SEVERITY_CHOICES,
    "message": str,
    "summary": str,
    "doc": str,
    "reference": str,
    "when": {"ai": [AI_CHOICES], "format": [("txt", "md", "html")]},
    "fix": {"at": ("top", "bottom", "metadata", "move-top"), "text": str},
    "sections": [SECTION_CHOICES],
}

#: Settings shared by all rules (``settings:`` in a policy); later policies override earlier ones.
SETTINGS_SPEC = {
    "attribution_context": ("sentence", "previous", "paragraph"),
    "body_start_words": int,
    "min_claim_words": int,
    "tells_threshold": float,
    "disclosure_max_words": int,
    "language": str,
    "grounding_threshold": float,
}

#: Models a policy may name (``models:``): name -> what the analysis uses it for.
MODEL_NAMES = {
    "checkworthy": "check-worthiness of a sentence (claim.checkworthy)",
    "needs-source": "would an editor ask 'who says so?' of an uncovered sentence",
    "grounding": "does an article's source support a sentence (grounding in source articles)",
    "background": "how news uses each word: rarity and capitalisation (grounding)",
    "style": "does an English article's style read as machine-written news (undisclosed AI)",
}

LEXICON_SPEC = {"file": str, "add": dict, "remove": dict}


@dataclass
class Rule:
    """One rule after merging: its full id, kind, severity, options and documentation."""

    id: str
    policy: str
    kind: str
    severity: str
    message: str
    summary: str = ""
    doc: str = ""
    reference: str | None = None
    when: dict[str, Any] = field(default_factory=dict)
    fix: dict[str, Any] | None = None
    sections: list[str] | None = None
    options: dict[str, Any] = field(default_factory=dict)
    path: str = ""
    line: int = 0
    #: Whatever the kind prepares once at load time (compiled patterns ...).
    prepared: Any = None

    @property
    def name(self) -> str:
        return self.id.split("/", 1)[1]


@dataclass
class RuleSet:
    policies: list[str]
    rules: dict[str, Rule]
    settings: dict[str, Any]
    lexicons: dict[str, dict[str, Any]]
    references: dict[str, str]
    files: list[str] = field(default_factory=list)
    #: Lexicons that only built-in policies shaped: valid by construction (the test suite compiles
    #: them), so their regexes may be compiled lazily; user-touched ones are compiled at load time.
    trusted_lexicons: frozenset[str] = frozenset()
    #: Every file read to build this rule set (policies and lexicon files), resolved: what the
    #: linter cache (``policycache``) checks to know that a cached build is still current.
    sources: list[str] = field(default_factory=list)
    #: Linear models by name (``models:`` of the policies; ``analysis.linear.LinearModel``).
    models: dict[str, Any] = field(default_factory=dict)
    #: The parsed model files the models were built from (plain JSON data, by name): what the
    #: linter cache stores to build them again (``policy.plain``).
    model_data: dict[str, Any] = field(default_factory=dict)

    def active(self) -> list[Rule]:
        return [r for r in self.rules.values() if r.severity != "off"]


def builtin_policy_names() -> list[str]:
    return sorted(p.stem for p in rules_dir().glob("*.yaml"))


class _Loader:
    def __init__(self) -> None:
        self.loaded: dict[str, LineDict] = {}  # resolved path -> parsed policy
        self.order: list[str] = []  # resolved paths in merge order (parents first)
        self.stack: list[str] = []
        self.parents: dict[str, list[str]] = {}  # resolved path -> resolved paths it extends

    def ancestor_names(self, key: str) -> set[str]:
        """Names of every policy ``key`` extends, directly or not."""
        out: set[str] = set()
        todo = list(self.parents.get(key, []))
        while todo:
            parent = todo.pop()
            if self.loaded[parent]["name"] not in out:
                out.add(self.loaded[parent]["name"])
                todo.extend(self.parents.get(parent, []))
        return out

    def resolve(self, ref: str, base: Path | None, origin: str, line: int | None) -> Path:
        builtin = rules_dir() / f"{ref}.yaml"
        looks_like_path = "/" in ref or ref.endswith((".yaml", ".yml")) or ref.startswith(".")
        if not looks_like_path and builtin.is_file():
            return builtin
        candidate = (base / ref) if base is not None and not Path(ref).is_absolute() else Path(ref)
        if candidate.is_file():
            return candidate.resolve()
        names = ", ".join(builtin_policy_names())
        raise PolicyError(origin, line, f"unknown policy {ref!r}: not a built-in ({names}) and no such file")

    def load(self, path: Path, origin: str, line: int | None) -> None:
        key = str(path)
        if key in self.stack:
            cycle = " -> ".join(Path(p).name for p in [*self.stack, key])
            raise PolicyError(origin, line, f"extends cycle: {cycle}")
        if key in self.loaded:
            return
        display = _display(path)
        from .yamlload import load_yaml, read_data_file  # only when building (see policycache)

        text = read_data_file(path, display, "policy")
        data = load_yaml(text, display)
        if not isinstance(data, LineDict):
            raise PolicyError(display, 1, "a policy must be a mapping with at least `name` and `rules`")
        validate(data, POLICY_KEYS, "policy", display, data.line)
        if "name" not in data:
            raise PolicyError(display, data.line or 1, "policy has no `name`")
        self.stack.append(key)
        self.parents[key] = []
        for parent in data.get("extends", []) or []:
            parent_path = self.resolve(parent, path.parent, display, data.line_of("extends"))
            self.load(parent_path, display, data.line_of("extends"))
            self.parents[key].append(str(parent_path))
        self.stack.pop()
        self.loaded[key] = data
        self.order.append(key)


def _display(path: Path) -> str:
    """How a policy file is named in messages: ``rules/x.yaml`` for built-ins, else its path."""
    if path.is_relative_to(rules_dir()):
        return "rules/" + path.relative_to(rules_dir()).as_posix()
    return str(path)


def load_ruleset(refs: list[str] | tuple[str, ...], base: Path | None = None) -> RuleSet:
    """Load the named policies (built-in names or file paths) into one validated RuleSet."""
    from .. import checks  # the kind registry validates kind-specific options

    loader = _Loader()
    names: list[str] = []
    for ref in refs:
        path = loader.resolve(ref, base or Path.cwd(), "--policy", None)
        loader.load(path, str(ref), None)
        names.append(loader.loaded[str(path)]["name"])
    for ref in IMPLICIT:
        path = loader.resolve(ref, base or Path.cwd(), "--policy", None)
        if str(path) not in loader.loaded:
            loader.load(path, ref, None)

    rules: dict[str, Rule] = {}
    settings: dict[str, Any] = {}
    lexicons: dict[str, dict[str, Any]] = {}
    references: dict[str, str] = {}
    files: list[str] = []
    trusted: set[str] = set()
    #: lexicons a user policy changed -> (file, line) of the last change, for error messages
    changed_lexicons: dict[str, tuple[str, int]] = {}
    models: dict[str, Any] = {}
    model_data: dict[str, Any] = {}
    sources: list[str] = list(loader.order)
    for key in loader.order:
        data = loader.loaded[key]
        path = Path(key)
        display = _display(path)
        files.append(display)
        policy_name = data["name"]
        for ref_key, ref_text in (data.get("references") or {}).items():
            if not isinstance(ref_text, str):
                raise PolicyError(display, data["references"].line_of(ref_key), f"references.{ref_key}: expected a string")
            references[str(ref_key)] = ref_text
        if data.get("settings"):
            merged = validate(copy.copy(data["settings"]), SETTINGS_SPEC, "settings", display, data.line_of("settings"))
            settings.update(merged)
        for lex_name, spec in (data.get("lexicons") or {}).items():
            lex_line = data["lexicons"].line_of(lex_name)
            _merge_lexicon(lexicons, str(lex_name), spec, path, display, lex_line, sources)
            if path.is_relative_to(rules_dir()):
                trusted.add(str(lex_name))
            else:
                trusted.discard(str(lex_name))
                changed_lexicons[str(lex_name)] = (display, lex_line)
        if data.get("models") is not None:
            _load_models(models, model_data, data["models"], path, display, data.line_of("models"), sources)
        for rule_key, body in (data.get("rules") or {}).items():
            line = data["rules"].line_of(rule_key)
            _merge_rule(rules, policy_name, loader.ancestor_names(key), str(rule_key), body, display, line, checks)

    check_built(changed_lexicons, lexicons)
    for rule in rules.values():
        if rule.reference and rule.reference in references:
            rule.reference = references[rule.reference]
        if rule.severity != "off":
            checks.get(rule.kind).prepare(rule, lexicons, settings)
    return RuleSet(policies=names, rules=rules, settings=settings, lexicons=lexicons, references=references, files=files,
                   trusted_lexicons=frozenset(trusted), sources=sources, models=models, model_data=model_data)


def _load_models(models: dict, model_data: dict, spec: Any, base: Path, display: str, line: int,
                 sources: list[str]) -> None:
    """``models: {name: path | off}``: a JSON weights file (relative to the policy) replaces the
    model of that name; ``off`` drops it (the analysis then falls back to the word lists)."""
    import json

    from ..analysis.linear import ModelError
    from ..analysis.style import StyleError
    from .yamlload import read_data_file

    if not isinstance(spec, dict):
        raise PolicyError(display, line, "models: expected a mapping of model name -> file")
    for name, ref in spec.items():
        where = f"models.{name}"
        at = spec.line_of(name) if isinstance(spec, LineDict) else line
        if name not in MODEL_NAMES:
            raise PolicyError(display, at, f"{where}: unknown model (expected {', '.join(MODEL_NAMES)})")
        if ref == "off" or ref is False:
            models.pop(name, None)
            model_data.pop(name, None)
            continue
        if not isinstance(ref, str):
            raise PolicyError(display, at, f"{where}: expected a file path or `off`")
        model_path = (base.parent / ref).resolve()
        text = read_data_file(model_path, display, f"{where}: {ref}", at)
        sources.append(str(model_path))
        try:
            data = json.loads(text)
        except ValueError as exc:
            raise PolicyError(_display(model_path), 1, f"not a JSON model file: {exc}"[:300]) from None
        try:
            models[name] = build_model(name, data)
        except (ModelError, StyleError) as exc:
            raise PolicyError(_display(model_path), 1, str(exc)[:300]) from None
        model_data[name] = data


def build_model(name: str, data: Any) -> Any:
    """The model ``name`` from its parsed file (``ModelError``/``StyleError`` on a wrong shape)."""
    from ..analysis.linear import LinearModel
    from ..analysis.style import StyleModel

    if name == "background":
        return background_table(data)
    if name == "style":
        return StyleModel.from_data(data, name)
    return LinearModel.from_data(data, name)


def background_table(data: Any) -> dict[str, tuple[float, float]]:
    """The ``background`` word table: ``{"words": {word: [share of articles, share capitalised]}}``."""
    from ..analysis.linear import ModelError

    words = data.get("words") if isinstance(data, dict) else None
    if not isinstance(words, dict):
        raise ModelError("background: expected {\"words\": {word: [share, capitalised]}}")
    values = list(words.values())
    if (set(map(type, words)) <= {str} and set(map(type, values)) <= {list} and set(map(len, values)) <= {2}
            and set(map(type, chain.from_iterable(values))) <= {float}):
        return dict(zip(words, map(tuple, values)))  # the usual file, checked with the loops in C
    table = {}
    for word, v in words.items():
        if not (isinstance(v, list) and len(v) == 2 and all(isinstance(x, (int, float)) for x in v)):
            raise ModelError(f"background: {word!r}: expected [share of articles, share capitalised]")
        table[str(word)] = (float(v[0]), float(v[1]))
    return table


def _merge_lexicon(lexicons: dict, name: str, spec: Any, base: Path, display: str, line: int,
                   sources: list[str]) -> None:
    if isinstance(spec, str):
        spec = {"file": spec}
    spec = validate(spec, LEXICON_SPEC, f"lexicons.{name}", display, line)
    if "file" in spec:
        lex_path = (base.parent / spec["file"]).resolve()
        from .yamlload import load_yaml, read_data_file

        text = read_data_file(lex_path, display, f"lexicons.{name}: {spec['file']}", line)
        sources.append(str(lex_path))
        data = load_yaml(text, _display(lex_path))
        if not isinstance(data, dict):
            raise PolicyError(_display(lex_path), 1, "a lexicon must be a mapping")
        if not lex_path.is_relative_to(rules_dir()):
            # A user's lexicon: every regex compiles, or a file:line error now. The built-in ones
            # are checked by the test suite (tests/test_policy_loader.py), not at every start.
            check_file(name, data, _display(lex_path))
        lexicons[name] = string_keys(data)
    elif name not in lexicons:
        raise PolicyError(display, line, f"lexicons.{name}: no such lexicon to add to (give `file:`)")
    current = lexicons[name]
    for change in ("add", "remove"):
        lists = spec.get(change) or {}
        for list_key, items in lists.items():
            where = f"lexicons.{name}.{change}.{list_key}"
            item_line = lists.line_of(list_key) if isinstance(lists, LineDict) else line
            existing = current.get(list_key)
            if existing is not None and not isinstance(existing, list):
                raise PolicyError(display, item_line, f"{where}: that entry is not a list")
            items = items if isinstance(items, list) else [items]
            check_items(name, str(list_key), items, where, display, item_line)
            if change == "add":
                current[list_key] = [*(existing or []), *items]
            else:
                drop = set(items)
                current[list_key] = [x for x in existing or [] if x not in drop]


def string_keys(value: Any) -> Any:
    """``value`` with every mapping key a string, as ``str`` spells it: YAML reads the key
    ``false:`` as a boolean, which JSON (the linter cache) would write back as ``"false"``; the
    analysis has always looked such keys up by ``str(key)``, so this keeps what it finds."""
    if isinstance(value, dict):
        return {k if isinstance(k, str) else str(k): string_keys(v) for k, v in value.items()}
    if isinstance(value, list):
        return [string_keys(v) for v in value]
    return value


def _merge_rule(rules: dict, policy: str, ancestors: set[str], key: str, body: Any, display: str, line: int, checks: Any) -> None:
    if not isinstance(body, dict):
        if body == "off" or body is False:
            body = LineDict(severity="off")
        else:
            raise PolicyError(display, line, f"rules.{key}: expected a mapping of rule options (or `off`)")
    inherited = {rid: r for rid, r in rules.items() if r.policy in ancestors}
    target = _find_inherited(inherited, key, display, line)
    if target is None:
        kind = body.get("kind")
        if kind is None:
            raise PolicyError(display, line, f"rules.{key}: new rule has no `kind` ({', '.join(checks.kinds())})")
        rule = Rule(id=f"{policy}/{key}", policy=policy, kind=str(kind), severity="warning", message="", path=display, line=line)
        try:
            module = checks.get(rule.kind)
        except KeyError:
            raise PolicyError(display, body.line_of("kind"), f"rules.{key}.kind: unknown kind {kind!r} (expected {', '.join(checks.kinds())})") from None
        rule.options = copy.deepcopy(module.DEFAULT)
        rules[rule.id] = rule
    else:
        rule = target
        module = checks.get(rule.kind)
        if "kind" in body and body["kind"] != rule.kind:
            raise PolicyError(display, body.line_of("kind"), f"rules.{key}.kind: cannot change the kind of inherited rule {rule.id}")
    spec = {**COMMON_RULE_KEYS, **module.CONF}
    lines = body.lines if isinstance(body, LineDict) else {}
    for opt, value in body.items():
        opt_line = lines.get(opt, line)
        if opt not in spec:
            raise PolicyError(display, opt_line, f"rules.{key}: unknown key {opt!r} for kind {rule.kind} (expected {', '.join(spec)})")
        value = validate(value, spec[opt], f"rules.{key}.{opt}", display, opt_line)
        if opt in COMMON_RULE_KEYS:
            if opt != "kind":
                setattr(rule, opt, value)
        else:
            rule.options[opt] = value
    if rule.severity != "off" and not rule.message:
        raise PolicyError(display, line, f"rules.{key}: rule has no `message`")


def _find_inherited(rules: dict[str, Rule], key: str, display: str, line: int) -> Rule | None:
    if "/" in key:
        if key not in rules:
            raise PolicyError(display, line, f"rules.{key}: no inherited rule with that id to override")
        return rules[key]
    matches = [r for r in rules.values() if r.name == key]
    if len(matches) > 1:
        ids = ", ".join(r.id for r in matches)
        raise PolicyError(display, line, f"rules.{key}: ambiguous override, several inherited rules are named so ({ids}); use the full id")
    return matches[0] if matches else None
