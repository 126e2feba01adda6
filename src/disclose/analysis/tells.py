"""AI tells: evidence that text was machine-written although nothing declares it.

Families (``rules/lexicons/ai-tells.yaml``) each have a weight and a cap on how often they count,
so one long article full of a common phrase cannot score like a chatbot leftover. The verdict is
``score >= threshold``; the items are the evidence an editor can check.
"""

from __future__ import annotations

import regex

from ..model import Tell
from .lexicon import FLAGS, bounded, words_regex


class TellFinder:
    def __init__(self, tells: dict, lexicons: dict):
        self.families = []
        for name, spec in (tells.get("families") or {}).items():
            patterns = list(spec.get("patterns", []))
            if spec.get("lexicon"):
                patterns += list(lexicons.get(spec["lexicon"], {}).get("patterns", []))
            parts = [f"(?:{p})" for p in patterns]
            if spec.get("terms"):
                parts.append(words_regex(spec["terms"]).pattern)
            matcher = bounded("|".join(parts), "ai-tells", FLAGS | regex.MULTILINE) if parts else None
            self.families.append((name, float(spec.get("weight", 1.0)), int(spec.get("max_count", 1)), spec.get("where", "anywhere"), matcher))

    def find(self, paragraphs: list[tuple[str, int, object]]) -> tuple[list[Tell], float]:
        """``paragraphs``: (visible text, block index, block) of body blocks in order."""
        items: list[Tell] = []
        score = 0.0
        for name, weight, cap, where, matcher in self.families:
            if matcher is None:
                continue
            scope = paragraphs[-1:] if where == "last-paragraph" else paragraphs
            found = 0
            for text, _, block in scope:
                for m in matcher.finditer(text):
                    if m.end() <= m.start():
                        continue
                    s, e = block.span_to_source(m.start(), m.end())
                    items.append(Tell(start=s, end=e, text=m.group(0), tell=name, weight=weight))
                    found += 1
            score += weight * min(found, cap)
        items.sort(key=lambda t: t.start)
        return items, round(score, 3)
