"""Baselines: adopt disclose on an existing archive and fail only on new problems.

``disclose baseline PATH… [--output FILE]`` records today's violations; ``lint --baseline FILE``
(or the config's ``baseline:``, or ``--new-only``) then reports only violations that are not in
it. As in detect-secrets, a violation is identified by its file (relative to the baseline file's
folder; JSONL records also by id), its rule and its fingerprint -- the rule plus the normalised
sentence and excerpt, never a line number -- so moving text around, or editing other
paragraphs, does not make old problems look new. Identical findings are counted: a second copy
of a baselined sentence is new. The file also keeps the policies that produced it; linting with
other policies is warned about, since their findings cannot match.

Entries of linted files that no longer match anything are *stale* (the problem was fixed); the
run says how many, so the baseline can be refreshed by running ``disclose baseline`` again.
"""

from __future__ import annotations

import json
import os
import sys
from collections import Counter
from pathlib import Path

from .version import __version__

DEFAULT_NAME = ".disclose-baseline.json"
FORMAT_VERSION = 1

Key = tuple[str, str | None, str, str]  # (path, record id, rule, fingerprint)


class BaselineError(Exception):
    """A baseline file that cannot be read: reported as one line, exit 2."""


def _rel(path: str, base: Path) -> str:
    if path == "-":
        return path
    try:
        return Path(os.path.relpath(Path(path).resolve(), base.resolve())).as_posix()
    except ValueError:
        return Path(path).resolve().as_posix()


def configured_path(config) -> Path:
    """Where the baseline lives: the config's ``baseline:`` (relative to the config file), else
    ``.disclose-baseline.json`` beside the config file, else in the current folder."""
    if config.baseline:
        return config.root / config.baseline
    return (config.root if config.path else Path.cwd()) / DEFAULT_NAME


class Baseline:
    def __init__(self, path: Path, counts: Counter, policies: list[str]):
        self.path = path
        self.base = path.parent
        self.counts = counts
        self.policies = policies
        self.remaining = Counter(counts)
        self.linted: set[tuple[str, str | None]] = set()
        self.baselined = 0

    @classmethod
    def load(cls, path: Path) -> "Baseline":
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise BaselineError(f"{path}: baseline file not found; create it with `disclose baseline PATH… "
                                f"--output {path}`") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise BaselineError(f"{path}: cannot read baseline: {exc}") from None
        except ValueError as exc:
            raise BaselineError(f"{path}: not a disclose baseline (invalid JSON: {exc})") from None
        if not isinstance(data, dict) or data.get("version") != FORMAT_VERSION or not isinstance(data.get("violations"), list):
            raise BaselineError(f"{path}: not a disclose baseline (expected version {FORMAT_VERSION} "
                                "and a `violations` list); regenerate it with `disclose baseline`")
        counts: Counter = Counter()
        for i, e in enumerate(data["violations"]):
            try:
                key = (str(e["path"]), None if e.get("id") is None else str(e["id"]), str(e["rule"]), str(e["fingerprint"]))
                counts[key] += int(e.get("count", 1))
            except (KeyError, TypeError, ValueError, AttributeError):
                raise BaselineError(f"{path}: violations[{i}]: needs path, rule and fingerprint") from None
        return cls(path, counts, [str(p) for p in data.get("policies") or []])

    def key(self, result, v) -> Key:
        return (_rel(result.path, self.base), result.id, v.rule, v.fingerprint)

    def filter(self, result) -> None:
        """Drop the violations of ``result`` that the baseline holds (each entry once per count)."""
        self.linted.add((_rel(result.path, self.base), result.id))
        kept = []
        for v in result.violations:
            k = self.key(result, v)
            if self.remaining[k] > 0:
                self.remaining[k] -= 1
                self.baselined += 1
            else:
                kept.append(v)
        result.violations = kept

    @property
    def stale(self) -> int:
        return sum(n for (path, rid, _, _), n in self.remaining.items() if n > 0 and (path, rid) in self.linted)

    def summarise(self, summary: dict) -> None:
        """Add ``baselined``/``baseline_stale`` to the summary and say so on stderr."""
        summary["baselined"] = self.baselined
        summary["baseline_stale"] = self.stale
        note = f"disclose: {self.baselined} known problem{'s' if self.baselined != 1 else ''} hidden by the baseline {self.path}"
        if self.stale:
            note += (f"; {self.stale} baseline entr{'ies are' if self.stale != 1 else 'y is'} stale (fixed) -- "
                     "run `disclose baseline` again to drop them")
        print(note, file=sys.stderr)


def open_baseline(options, config, policies: list[str]) -> Baseline | None:
    """The baseline a lint run applies: ``--baseline FILE``; else with ``--new-only`` the
    configured one (which must exist); else the config's ``baseline:`` when the file exists.
    ``--no-baseline`` turns all of it off. Raises ``UsageError`` for a missing or bad file."""
    from .options import UsageError

    if options.no_baseline:
        return None
    path = options.baseline
    required = path is not None or options.new_only
    if path is None and (options.new_only or config.baseline):
        path = configured_path(config)
    if path is None:
        return None
    if not required and not path.exists():
        print(f"warning: the configured baseline {path} does not exist; every violation is reported "
              "(create it with `disclose baseline`)", file=sys.stderr)
        return None
    try:
        baseline = Baseline.load(path)
    except BaselineError as exc:
        raise UsageError(str(exc)) from None
    if baseline.policies and baseline.policies != list(policies):
        print(f"warning: the baseline {path} was recorded with policies {', '.join(baseline.policies)}; "
              f"this run uses {', '.join(policies)} -- their findings may not match", file=sys.stderr)
    return baseline


def write_baseline(path: Path, results: list, policies: list[str]) -> int:
    """Write the baseline of ``results`` to ``path`` (deterministic, one entry per line, so
    its diffs review well). Returns the number of violations recorded."""
    base = path.resolve().parent
    counts: Counter = Counter()
    excerpts: dict[Key, str] = {}
    for result in results:
        for v in result.violations:
            k = (_rel(result.path, base), result.id, v.rule, v.fingerprint)
            counts[k] += 1
            excerpts.setdefault(k, v.excerpt)
    entries = [{"path": p, "id": rid, "rule": rule, "fingerprint": fp, "count": n, "excerpt": excerpts[(p, rid, rule, fp)]}
               for (p, rid, rule, fp), n in sorted(counts.items(), key=lambda kv: (kv[0][0], kv[0][1] or "", kv[0][2], excerpts[kv[0]], kv[0][3]))]
    head = {"version": FORMAT_VERSION, "tool": {"name": "disclose", "version": __version__}, "policies": policies}
    lines = [json.dumps(e, ensure_ascii=False) for e in entries]
    body = json.dumps(head, ensure_ascii=False, indent=2)[:-2] + ',\n  "violations": [' + \
        ("\n    " + ",\n    ".join(lines) + "\n  " if lines else "") + "]\n}\n"
    from .atomic import atomic_write

    atomic_write(path, body.encode("utf-8"))
    return sum(counts.values())


def run_baseline(options, output: Path | None) -> int:
    """``disclose baseline``: lint (without any baseline) and record every violation."""
    from .config import config_for
    from .model import InputError
    from .inputs import probe_path
    from .linting import Linters
    from .options import UsageError
    from .parallel import lint_in_order
    from .policy import PolicyError

    explicit = options.config.resolve() if options.config else None
    linters = Linters(options)
    try:
        here = config_for(probe_path(options.paths), explicit)
        policies = linters.for_config(here).ruleset.policies
        path = output or configured_path(here)
        results, errors = [], 0
        for item in lint_in_order(options, linters, explicit):
            if isinstance(item, InputError):
                errors += 1
                print(str(item), file=sys.stderr)
                continue
            item.text = item.analysis = None  # only the violations are needed
            results.append(item)
        n = write_baseline(path, results, policies)
    except (PolicyError, UsageError) as exc:
        print(f"disclose: {exc}" if isinstance(exc, UsageError) else str(exc), file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"disclose: cannot write baseline: {exc}", file=sys.stderr)
        return 2
    files = sum(1 for r in results if r.violations)
    print(f"Wrote {n} violation{'s' if n != 1 else ''} in {files} file{'s' if files != 1 else ''} "
          f"(of {len(results)} linted) to {path}", file=sys.stderr)
    return 2 if errors else 0
