"""Project configuration: ``.disclose.yaml`` or ``[tool.disclose]`` in ``pyproject.toml``.

Found by walking up from each linted file (the first folder that has either wins; ``.disclose.yaml``
before ``pyproject.toml``), or given with ``--config``. Keys (contract §7):

``policies`` (names or paths, relative to the config file), ``ai`` (default AI status),
``include`` / ``exclude`` (glob patterns relative to the config's folder, matched by
``readers.globs``), ``overrides`` (a list of
``{files: [globs], ai: STATUS, rules: {RULE: SEVERITY|off}}``), ``fail_on``, ``baseline``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from .engine import selector_matches
from .policy.schema import validate
from .policy.errors import LineDict, PolicyError
from .readers.globs import excluded, glob_match

AI_CHOICES = ("generated", "assisted", "none", "unknown")
FAIL_ON = ("error", "warning", "info", "never")
SEVERITY_CHOICES = ("error", "warning", "info", "off")

CONFIG_SPEC = {
    "policies": [str],
    "ai": AI_CHOICES,
    "include": [str],
    "exclude": [str],
    "overrides": [dict],
    "fail_on": FAIL_ON,
    "baseline": str,
}
OVERRIDE_SPEC = {"files": [str], "ai": AI_CHOICES, "rules": dict}


@dataclass
class Override:
    files: list[str]
    ai: str | None = None
    rules: dict[str, str] = field(default_factory=dict)


@dataclass
class Config:
    path: Path | None = None
    policies: list[str] | None = None
    ai: str | None = None
    include: list[str] = field(default_factory=list)
    exclude: list[str] = field(default_factory=list)
    overrides: list[Override] = field(default_factory=list)
    fail_on: str | None = None
    baseline: str | None = None

    @property
    def root(self) -> Path:
        return self.path.parent if self.path else Path.cwd()

    def relative(self, file: str) -> str:
        try:
            return Path(file).resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return Path(file).as_posix()

    def applicable_overrides(self, file: str) -> list[Override]:
        if not self.overrides:
            return []  # the usual case: no path to resolve (a few system calls per file)
        rel = self.relative(file)
        return [o for o in self.overrides if any(glob_match(rel, g) for g in o.files)]

    def ai_for(self, file: str) -> str | None:
        status = self.ai
        for o in self.applicable_overrides(file):
            if o.ai:
                status = o.ai
        return status

    def included(self, file: str) -> bool:
        if not self.include and not self.exclude:
            return True
        rel = self.relative(file)
        if self.include and not any(glob_match(rel, g) for g in self.include):
            return False
        return not any(excluded(rel, g) for g in self.exclude)  # exclude wins


def load_config(path: Path) -> Config:
    display = str(path)
    from .policy.yamlload import load_yaml, read_data_file  # only a folder with a config pays for YAML

    text = read_data_file(path, display, "config")
    if path.name == "pyproject.toml":
        import tomllib

        try:
            tool = tomllib.loads(text).get("tool", {})
            data = tool.get("disclose", {}) if isinstance(tool, dict) else {}
        except tomllib.TOMLDecodeError as exc:
            raise PolicyError(display, None, f"invalid TOML: {exc}") from None
        except RecursionError:  # tomllib recurses per nesting level
            raise PolicyError(display, None, "invalid TOML: nested too deeply") from None
        line = _toml_section_line(text)
    else:
        data = load_yaml(text, display) or {}
        line = getattr(data, "line", 1)
    if not isinstance(data, dict):
        raise PolicyError(display, line, "the configuration must be a mapping")
    data = validate(data if isinstance(data, LineDict) else dict(data), CONFIG_SPEC, "config", display, line)
    config = Config(path=path, policies=data.get("policies"), ai=data.get("ai"),
                    include=data.get("include", []), exclude=data.get("exclude", []),
                    fail_on=data.get("fail_on"), baseline=data.get("baseline"))
    for i, raw in enumerate(data.get("overrides", [])):
        o_line = getattr(raw, "line", line)
        o = validate(raw, OVERRIDE_SPEC, f"overrides[{i}]", display, o_line)
        if "files" not in o:
            raise PolicyError(display, o_line, f"overrides[{i}]: needs `files`")
        rules = {}
        for rid, sev in (o.get("rules") or {}).items():
            rules[str(rid)] = validate("off" if sev is False else sev, SEVERITY_CHOICES, f"overrides[{i}].rules.{rid}", display, o_line)
        config.overrides.append(Override(files=o["files"], ai=o.get("ai"), rules=rules))
    return config


def _toml_section_line(text: str) -> int:
    for n, raw in enumerate(text.splitlines(), 1):
        if raw.strip().startswith("[tool.disclose"):
            return n
    return 1


@lru_cache(maxsize=1024)
def _config_in(folder: Path) -> Path | None:
    own = folder / ".disclose.yaml"
    if own.is_file():
        return own
    pyproject = folder / "pyproject.toml"
    if pyproject.is_file():
        try:
            if "[tool.disclose" in pyproject.read_text(encoding="utf-8", errors="replace"):
                return pyproject
        except OSError:
            return None
    return None


@lru_cache(maxsize=1024)
def find_config_file(folder: Path) -> Path | None:
    """The nearest config at or above ``folder`` (stops at the filesystem root)."""
    found = _config_in(folder)
    if found is not None:
        return found
    if folder.parent == folder:
        return None
    return find_config_file(folder.parent)


_loaded: dict[Path, Config] = {}


def config_for(file: str, explicit: Path | None = None) -> Config:
    """The configuration governing ``file`` (an explicit ``--config`` wins)."""
    path = explicit
    if path is None:
        start = Path(file).resolve().parent if file not in ("-", "") else Path.cwd().resolve()
        path = find_config_file(start)
    if path is None:
        return Config()
    if path not in _loaded:
        _loaded[path] = load_config(path)
    return _loaded[path]


def apply_overrides(config: Config, file: str, violations: list[Any]) -> list[Any]:
    """Per-path rule changes: new severities, or ``off`` to drop a rule's findings there."""
    overrides = config.applicable_overrides(file)
    if not overrides:
        return violations
    out = []
    for v in violations:
        severity = v.severity
        for o in overrides:
            for selector, sev in o.rules.items():
                if selector_matches(v.rule, v.kind, selector):
                    severity = sev
        if severity == "off":
            continue
        v.severity = severity
        out.append(v)
    return out
