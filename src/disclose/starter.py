"""``disclose init``: a commented starter ``.disclose.yaml`` and the pre-commit snippet.

The starter spells out every key of the configuration with the defaults in force, so a team
edits values instead of looking up names. It is checked by the same loader as every config
(the tests load it), so it cannot drift from what ``config.py`` accepts.
"""

from __future__ import annotations

import sys
from pathlib import Path

from .version import __version__

STARTER = """\
# disclose configuration -- found by walking up from each linted file.
# Every key is optional; the values below are the defaults unless marked "example".

# Policies to apply: built-in names (newsroom, eu-ai-act, cn-labeling, core) or policy files
# relative to this file. `disclose rules` lists what they switch on.
policies: [newsroom, eu-ai-act]

# AI status of articles whose own metadata (front matter `ai:`, <meta name="ai-disclosure">,
# JSON-LD) does not say: generated | assisted | none | unknown.
ai: unknown

# Which files a folder argument picks up (globs relative to this file). Example:
# include: ["content/**"]
exclude: []
# exclude: ["content/drafts/**", "**/vendor/**"]   # example

# Exit 1 when a violation at or above this severity remains: error | warning | info | never.
fail_on: error

# Per-path changes: rule severities (or off) and the AI status of a folder. Example:
# overrides:
#   - files: ["content/wire/**"]
#     ai: generated
#     rules: {newsroom/unsupported-claim: off, vague-attribution: info}

# Baseline of known violations (written by `disclose baseline`); once it exists, `disclose lint`
# reports only violations that are not in it. Uncomment after running `disclose baseline`:
# baseline: .disclose-baseline.json
"""

PRE_COMMIT = f"""\
# .pre-commit-config.yaml -- add to your repository (pre-commit.com):
repos:
  - repo: <URL or path of the disclose repository>
    rev: v{__version__}
    hooks:
      - id: disclose          # every problem in the staged articles (Markdown, HTML, text)
      # - id: disclose-new    # or: only problems not in the baseline (.disclose-baseline.json)

# or, with disclose installed in the environment that runs pre-commit:
#  - repo: local
#    hooks:
#      - id: disclose
#        name: disclose
#        entry: disclose lint
#        language: system
#        files: '\\.(md|markdown|html?|txt)$'
"""


def run_init(folder: Path, *, force: bool = False) -> int:
    target = folder / ".disclose.yaml"
    if not folder.is_dir():
        print(f"disclose: {folder}: no such folder", file=sys.stderr)
        return 2
    if target.exists() and not force:
        print(f"disclose: {target} already exists; use --force to overwrite it", file=sys.stderr)
        return 2
    from .atomic import atomic_write

    try:
        atomic_write(target, STARTER.encode("utf-8"))
    except OSError as exc:
        print(f"disclose: cannot write {target}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    print(f"Wrote {target}.", file=sys.stderr)
    pyproject = folder / "pyproject.toml"
    if pyproject.is_file() and "[tool.disclose" in pyproject.read_text(encoding="utf-8", errors="replace"):
        print(f"note: {target} takes precedence over [tool.disclose] in {pyproject}", file=sys.stderr)
    sys.stdout.write(PRE_COMMIT)
    return 0
