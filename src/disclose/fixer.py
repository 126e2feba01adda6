"""``lint --fix`` and ``lint --diff``: apply the fixes that have one right answer.

Fixes come from the checks as ``Violation.fix`` (``model.Fix``: ``(start, end, text)`` edits in
decoded-text offsets): insert the policy's disclosure text at the top (after front matter and
title) or the bottom, add the machine-readable mark (front matter ``ai:``, HTML
``<meta name="ai-disclosure">``), move a disclosure from the end to the top. Only violations of
the selected rules (``--select``/``--ignore``, suppressions and per-path overrides applied) on
the named files are fixed. A pass applies every fix whose edits do not overlap an earlier one;
the file is then linted again and the next pass fixes what was held back, until nothing is left
(at most ``MAX_PASSES``).

Writing is careful, because these are people's articles:

* the bytes are decoded as the readers decode them, and encoded back the same way: UTF-8 with
  or without BOM, UTF-16/32 with their BOM, cp1252 -- a fix that cannot be written in the
  file's encoding is refused; line endings are the file's own (fixes use them);
* the new file is written to a temporary file in the same folder and moved over the old one
  with ``os.replace`` (``atomic.atomic_write``: an interrupted run leaves the old file or the new
  one, never half of one), with the old file's permission bits; a symlink is followed and its
  target replaced;
* right before the replace the file is read again: if it changed since it was read, nothing is
  written and the run says so;
* a file with nothing to fix is never written (its modification time does not change).

``--diff`` writes nothing and prints a unified diff per file instead. JSONL records and standard
input are not rewritten: the run says so, and their fixes are in ``--format json``.
"""

from __future__ import annotations

import codecs
import difflib
import sys
from dataclasses import dataclass
from pathlib import Path

from .atomic import ChangedOnDisk, atomic_write

MAX_PASSES = 5


class FixError(Exception):
    """A file that could not be fixed; reported as one line, the run goes on."""


@dataclass
class Encoding:
    """How a file's bytes became text, so the fixed text becomes bytes the same way."""

    codec: str  # a Python codec name, or "cp1252-total" (the readers' total cp1252 table)
    bom: bytes = b""

    def encode(self, text: str, path: str) -> bytes:
        try:
            if self.codec == "cp1252-total":
                from .readers.decode import CP1252_TABLE

                return codecs.charmap_encode(text, "strict", codecs.charmap_build(CP1252_TABLE))[0]
            return self.bom + text.encode(self.codec)
        except UnicodeEncodeError as exc:
            raise FixError(f"{path}: the fix adds “{exc.object[exc.start:exc.end]}”, which the file's "
                           f"encoding ({self.codec}) cannot hold; not written") from None


def sniff_encoding(data: bytes) -> Encoding:
    """The encoding ``readers.decode`` uses for ``data`` (same order of attempts)."""
    from .readers.decode import BOMS

    for bom, codec in BOMS:
        if data.startswith(bom):
            try:
                data[len(bom):].decode(codec)
            except UnicodeDecodeError:
                break  # decoded leniently by the reader: rewriting would not round-trip
            return Encoding(codec, bom)
    else:
        try:
            data.decode("utf-8")
            return Encoding("utf-8")
        except UnicodeDecodeError:
            return Encoding("cp1252-total")
    return Encoding("invalid")


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    (s1, e1), (s2, e2) = a, b
    if s1 == e1 and s2 == e2:
        return s1 == s2  # two insertions at one point: their order would be a guess
    if s1 == e1:
        return s2 < s1 < e2
    if s2 == e2:
        return s1 < s2 < e1
    return s1 < e2 and s2 < e1


def apply_fixes(text: str, fixes: list) -> tuple[str, int]:
    """Apply every fix none of whose edits overlaps an edit already taken (fixes in order of
    position; identical fixes count once). Returns the new text and the number applied."""
    taken: list[tuple[int, int, str]] = []
    seen: set[tuple] = set()
    applied = 0
    for fix in sorted(fixes, key=lambda f: min(s for s, _, _ in f.edits)):
        key = tuple(sorted(fix.edits))
        if key in seen:
            continue
        if any(_overlaps((s, e), (ts, te)) for s, e, _ in fix.edits for ts, te, _ in taken):
            continue
        if any(not (0 <= s <= e <= len(text)) for s, e, _ in fix.edits):
            continue
        seen.add(key)
        taken.extend(fix.edits)
        applied += 1
    for s, e, t in sorted(taken, key=lambda x: (x[0], x[1]), reverse=True):
        text = text[:s] + t + text[e:]
    return text, applied


@dataclass
class FileFix:
    path: str
    before: str
    after: str
    fixes: int


def fix_file(path: str, data: bytes, linter, ai_override, config, sources=()) -> FileFix | None:
    """Lint the file ``path`` whose bytes are ``data`` and apply its fixes (in memory), pass
    after pass. ``None``: nothing to fix. ``FixError``: the fixed text cannot be written back.
    ``sources``: the run's ``--sources`` files, read with the article's own ``sources:``."""
    from . import readers
    from .config import apply_overrides
    from .model import InputError

    encoding = sniff_encoding(data)
    try:
        text, _ = readers.decode(data, path)
    except InputError:
        return None  # binary: the lint run reports it
    fmt = readers.format_for(path)
    before, total = text, 0
    for _ in range(MAX_PASSES):
        try:
            doc = readers.parse(text, path, fmt)
        except InputError:
            return None  # unreadable (bad front matter): the lint run reports it
        if doc.source_refs or sources:
            from .sourcing import attach

            try:
                attach(doc, sources)
            except InputError:
                return None  # a source that cannot be read: the lint run reports it
        result = linter.lint(doc, ai_override)
        violations = apply_overrides(config, path, result.violations)
        fixes = [v.fix for v in violations if v.fix is not None and v.fix.edits]
        if not fixes:
            break
        text, applied = apply_fixes(text, fixes)
        if not applied:
            break
        total += applied
    if text == before:
        return None
    if encoding.codec == "invalid":
        raise FixError(f"{path}: its bytes are not valid in the encoding its byte-order mark names, "
                       "so it cannot be rewritten unchanged; not written")
    encoding.encode(text, path)  # raises FixError when the fix cannot be written back
    return FileFix(path, before, text, total)


def write_fix(fix: FileFix, original: bytes) -> None:
    """Write a fixed file over ``original`` (its bytes when read), atomically and in its own
    encoding; ``FixError`` when it changed on disk since."""
    encoding = sniff_encoding(original)
    try:
        atomic_write(Path(fix.path), encoding.encode(fix.after, fix.path), expected=original)
    except ChangedOnDisk as exc:
        raise FixError(str(exc)) from None


def unified_diff(fix: FileFix) -> str:
    lines = difflib.unified_diff(fix.before.splitlines(keepends=True), fix.after.splitlines(keepends=True),
                                 fromfile=f"a/{fix.path}", tofile=f"b/{fix.path}")
    out = []
    for line in lines:
        out.append(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n")
    return "".join(out)


def _targets(options, explicit):
    """Files to fix: as ``lint`` finds them; JSONL files and stdin are named and skipped."""
    from . import readers
    from .config import config_for
    from .model import InputError

    for item in options.paths:
        if item == "-":
            print("note: --fix/--diff do not rewrite standard input; its fixes are in --format json",
                  file=sys.stderr)
            continue
        for path in readers.iter_files([item]):
            if isinstance(path, InputError):
                continue  # reported by the lint run
            if options.source_paths and Path(path).resolve() in options.source_paths:
                continue  # a source article given by --sources: checked against, never rewritten
            config = config_for(path, explicit)
            if not config.included(path) and Path(path).as_posix() != Path(item).as_posix():
                continue
            if readers.format_for(path) == "jsonl":
                print(f"note: {path}: --fix/--diff do not rewrite JSONL records; their fixes are in --format json",
                      file=sys.stderr)
                continue
            yield path, config


def run_fix(options, *, diff: bool) -> int:
    """Fix (or, with ``diff``, show the fixes of) every file ``lint`` would lint. Returns 0, or 1
    in diff mode when some file would change, or 2 when a file could not be fixed."""
    from .inputs import prepare_sources
    from .linting import Linters, ai_override
    from .options import UsageError, report_run_error
    from .policy import PolicyError

    explicit = options.config.resolve() if options.config else None
    prepare_sources(options)
    linters = Linters(options)
    failed = changed = fixed = 0
    try:
        if options.changed_since:
            from .changed import changed_paths

            options.paths = changed_paths(options.changed_since, options.paths, explicit)
        for path, config in _targets(options, explicit):
            try:
                with open(path, "rb") as fh:
                    original = fh.read()
                fix = fix_file(path, original, linters.for_config(config), ai_override(options, config, path), config,
                               options.sources)
                if fix is None:
                    continue
                if diff:
                    sys.stdout.write(unified_diff(fix))
                else:
                    write_fix(fix, original)
                changed += 1
                fixed += fix.fixes
            except FixError as exc:
                failed += 1
                print(f"disclose: {exc}", file=sys.stderr)
            except OSError as exc:
                failed += 1
                print(f"disclose: {path}: cannot fix: {exc.strerror or exc}", file=sys.stderr)
    except (UsageError, PolicyError) as exc:
        return report_run_error(exc)
    verb = "Would fix" if diff else "Fixed"
    print(f"{verb} {fixed} problem{'s' if fixed != 1 else ''} in {changed} file{'s' if changed != 1 else ''}.",
          file=sys.stderr)
    if failed:
        return 2
    return 1 if diff and changed else 0
