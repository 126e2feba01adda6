"""Vague attribution: anonymous sources, agentless passives, hedges and weasel words.

Each item keeps its kind so that policies can choose what to flag: ``source`` ("sources say",
"experts believe"), ``passive`` ("it is believed"), ``hedge`` ("reportedly") are attribution
problems an editor acts on; ``weasel`` (softer uncertainty such as "may", "widely") is reported
by ``analyze`` for measurement but is not flagged by the built-in policies.
"""

from __future__ import annotations

from ..model import VagueItem
from .lexicon import patterns_regex, word_runs, words_regex

KINDS = ("source", "passive", "hedge", "weasel")


class VagueFinder:
    def __init__(self, vague: dict):
        self.matchers = [
            ("source", words_regex(vague.get("source_phrases", []))),
            ("passive", patterns_regex(vague.get("passive_patterns", []), "vague-sources")),
            ("hedge", words_regex(vague.get("hedges", []))),
            ("weasel", words_regex(vague.get("weasel", []))),
        ]

    def find(self, text: str, *, weasel: bool = True) -> list[VagueItem]:
        """Non-overlapping items, stronger kinds first (a source phrase beats a weasel inside it)."""
        items: list[VagueItem] = []
        taken: list[tuple[int, int]] = []
        runs = word_runs(text)  # one tokenisation lets each word list skip a sentence it cannot match
        for kind, matcher in self.matchers:
            if kind == "weasel" and not weasel:
                break
            for m in matcher.finditer(text, runs=runs):
                s, e = m.span()
                if e <= s or any(s < te and ts < e for ts, te in taken):
                    continue
                taken.append((s, e))
                items.append(VagueItem(text=m.group(0), kind=kind, start=s, end=e))
        items.sort(key=lambda v: v.start)
        return items
