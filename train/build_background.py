"""Build ``rules/models/background.json``: how news uses each word, for grounding.

    .venv/bin/python train/build_background.py     (part of ``make train``)

Read from ``../shared/eval`` (BBC articles and the PolNeAR news texts; no text is stored): for
each lower-cased word used by at least three articles, the share of articles that use it and
the share of its mid-sentence uses that are capitalised. Grounding (``analysis/grounding.py``)
uses the first to weigh a word no source contains (a new "midfielder" says more than a new
"losing") and the second to recognise names in lower-cased text ("michael", "sheffield").
"""

from __future__ import annotations

import json
import os
import sys
from collections import Counter
from pathlib import Path

import regex

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared" / "eval"
OUT = REPO / "rules" / "models" / "background.json"
_WORD = regex.compile(r"[\p{L}\p{M}]+(?:['’][\p{L}]+)?")
MIN_ARTICLES = 3


def texts(root: Path):
    for sub in ("bbc", "polnear"):
        for folder, _, files in sorted(os.walk(root / sub)):
            for name in sorted(files):
                if name.endswith(".txt"):
                    yield (Path(folder) / name).read_text(encoding="utf-8", errors="replace")


def build(root: Path = SHARED) -> dict:
    capital, lower, df = Counter(), Counter(), Counter()
    n = 0
    for text in texts(root):
        n += 1
        seen = set()
        tokens = list(_WORD.finditer(text))
        for i, m in enumerate(tokens):
            word = m.group()
            key = word.lower().replace("’", "'").removesuffix("'s")
            seen.add(key)
            if i == 0 or any(c in text[tokens[i - 1].end():m.start()] for c in ".!?:\"“\n"):
                continue  # a sentence's first word is capitalised whatever it is
            (capital if word[:1].isupper() else lower)[key] += 1
        df.update(seen)
    if not n:
        raise SystemExit(f"no texts under {root}: the shared eval data is needed")
    words = {}
    for key, d in sorted(df.items()):
        if d < MIN_ARTICLES:
            continue
        uses = capital[key] + lower[key]
        words[key] = [round(d / n, 5), round(capital[key] / uses, 2) if uses else 1.0]
    return {"name": "background", "version": 1,
            "trained_on": f"{n} news articles of ../shared/eval (BBC, PolNeAR); words used by at least "
                          f"{MIN_ARTICLES}: [share of articles, share of mid-sentence uses capitalised]",
            "words": words}


def main() -> int:
    data = build()
    OUT.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"{OUT.relative_to(REPO)}: {len(data['words'])} words")
    return 0


if __name__ == "__main__":
    sys.exit(main())
