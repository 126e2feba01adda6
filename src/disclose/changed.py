"""``lint --changed-since REF``: lint only the article files changed since a git ref.

"Changed" means changed between the merge base of ``REF`` and ``HEAD`` and the working tree --
committed on this branch, staged, or not yet staged -- plus new untracked files that git does
not ignore; deleted files are left out. That is what a pull request changes relative to its
target branch (``--changed-since origin/main``) and, with ``REF=HEAD``, what a commit is about to
change. Of those, only files under the given paths are linted, found as ``lint`` finds files in
folders (article extensions, no hidden folders, the config's ``include``/``exclude``).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path


def _git(args: list[str], cwd: Path) -> str:
    from .options import UsageError

    try:
        proc = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, encoding="utf-8",
                              errors="surrogateescape", check=False)
    except OSError as exc:
        raise UsageError(f"--changed-since: cannot run git: {exc}") from None
    if proc.returncode != 0:
        raise UsageError(f"--changed-since: git {args[0]} failed: {proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else proc.returncode}")
    return proc.stdout


def changed_files(ref: str, cwd: Path | None = None) -> list[Path]:
    """Absolute paths of the files changed since ``ref`` (see module docstring), sorted."""
    from .options import UsageError

    cwd = cwd or Path.cwd()
    if shutil.which("git") is None:
        raise UsageError("--changed-since needs git, and git is not on PATH")
    try:
        top = Path(_git(["rev-parse", "--show-toplevel"], cwd).strip())
    except UsageError:
        raise UsageError(f"--changed-since: {cwd} is not inside a git repository") from None
    try:
        _git(["rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"], top)
    except UsageError:
        raise UsageError(f"--changed-since: unknown git ref {ref!r} (a branch, tag or commit; "
                         "in CI, fetch it first, e.g. `git fetch origin main`)") from None
    try:
        base = _git(["merge-base", ref, "HEAD"], top).strip()
    except UsageError:
        base = ref  # unrelated histories: compare with the ref itself
    names = _git(["diff", "--name-only", "-z", "--no-renames", "--diff-filter=d", base, "--"], top).split("\0")
    names += _git(["ls-files", "--others", "--exclude-standard", "-z"], top).split("\0")
    return sorted({top / n for n in names if n})


def changed_paths(ref: str, paths: list[str], explicit: Path | None) -> list[str]:
    """The changed article files under ``paths`` (files or folders), as paths to lint."""
    from .config import config_for
    from .readers import ARTICLE_EXTENSIONS
    from .options import UsageError

    if "-" in paths:
        raise UsageError("--changed-since cannot be combined with '-' (standard input)")
    roots = [(Path(p).resolve(), Path(p).is_dir()) for p in paths]
    out = []
    for file in changed_files(ref):
        real = file.resolve()
        if not real.is_file():
            continue
        for root, is_dir in roots:
            if not is_dir:
                if real == root:
                    out.append(os.path.relpath(real))
                    break
                continue
            try:
                rel = real.relative_to(root)
            except ValueError:
                continue
            if any(part.startswith(".") for part in rel.parts[:-1]):
                continue
            if real.suffix.lower() not in ARTICLE_EXTENSIONS:
                continue
            if not config_for(str(real), explicit).included(str(real)):
                continue
            out.append(os.path.relpath(real))
            break
    return out
