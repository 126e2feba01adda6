"""Vague attribution: anonymous sources, agentless passives, hedges and weasel words.

Each item keeps its kind so that policies can choose what to flag: ``source`` ("sources say",
"experts believe"), ``passive`` ("it is believed"), ``hedge`` ("reportedly") are attribution
problems an editor acts on; ``weasel`` (softer uncertainty such as "may", "widely") is reported
by ``analyze`` for measurement but is not flagged by the built-in policies.
"""

from __future__ import annotations

from ..model import VagueItem
from .lexicon import PhraseBook, Tokens, patterns_regex, phrases, tokens_of

KINDS = ("source", "passive", "hedge", "weasel")


class VagueFinder:
    def __init__(self, vague: dict, book: PhraseBook | None = None):
        """``book``: the phrase book whose one walk per text finds the word lists (see lexicon)."""
        self.matchers = [
            ("source", phrases(vague.get("source_phrases", []), book=book)),
            ("passive", patterns_regex(vague.get("passive_patterns", []), "vague-sources")),
            ("hedge", phrases(vague.get("hedges", []), book=book)),
            ("weasel", phrases(vague.get("weasel", []), book=book)),
        ]

    def find(self, text: str, *, weasel: bool = True, tokens: Tokens | None = None) -> list[VagueItem]:
        """Non-overlapping items, stronger kinds first (a source phrase beats a weasel inside it)."""
        items: list[VagueItem] = []
        taken: list[tuple[int, int]] = []
        tokens = tokens_of(text, tokens)  # one tokenisation for every word list
        for kind, matcher in self.matchers:
            if kind == "weasel" and not weasel:
                break
            for m in matcher.finditer(text, tokens=tokens):
                s, e = m.span()
                if e <= s or any(s < te and ts < e for ts, te in taken):
                    continue
                taken.append((s, e))
                items.append(VagueItem(text=m.group(0), kind=kind, start=s, end=e))
        items.sort(key=lambda v: v.start)
        return items
