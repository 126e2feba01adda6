"""Where the built-in policies and lexicons live.

In a wheel the repository's ``rules/`` folder is shipped as ``disclose/rules``; in a source checkout
(editable install, tests) it is the ``rules/`` folder at the repository root.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path


@lru_cache(maxsize=1)
def rules_dir() -> Path:
    here = Path(__file__).resolve().parent
    packaged = here / "rules"
    if packaged.is_dir():
        return packaged
    source = here.parent.parent / "rules"
    if source.is_dir():
        return source
    raise RuntimeError("disclose is installed without its built-in rules/ folder")


@lru_cache(maxsize=None)
def load_builtin_lexicon(name: str) -> dict:
    """A lexicon file from ``rules/lexicons/<name>.yaml`` (trusted data, still ``safe_load``),
    through the cache of parsed files (see policycache): the sentence splitter needs one at every
    start, and importing a YAML parser costs more than splitting a file into sentences."""
    from .policycache import cached_parse

    path = rules_dir() / "lexicons" / f"{name}.yaml"

    def parse():
        import yaml

        with open(path, encoding="utf-8") as fh:
            return yaml.safe_load(fh)

    def check(data):  # the cache is untrusted input: a lexicon is a mapping
        if not isinstance(data, dict):
            raise ValueError(f"{path}: a lexicon must be a mapping")
        return data

    return cached_parse(path, parse, check)
