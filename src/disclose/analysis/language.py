"""Which language is an article written in? A small function-word profile detector.

Used when a rule needs the article's language (``disclosure`` with ``language: match``) and the
metadata does not give it. Chinese, Japanese and Korean are recognised by script (kana before
Han, since Japanese mixes both); the Latin-script languages by how many of the running words are
the language's most frequent function words. The profiles are data in
``rules/lexicons/languages.yaml``. It is meant for whole articles: with fewer than ``min_words``
words or no clear winner it answers ``None`` rather than guess.

``script_language`` settles the language of a short statement in Chinese, Japanese or Korean by
its script alone (kana: Japanese, hangul: Korean, Han only: Chinese): the disclosure patterns of
the three share Han characters and Latin model names.
"""

from __future__ import annotations

from collections import Counter

import regex

from .patterns import LazyPattern

_WORD = regex.compile(r"\p{L}+")
_KANA = LazyPattern(r"[\p{Hiragana}\p{Katakana}]", 0)
_HANGUL = LazyPattern(r"\p{Hangul}", 0)
_HAN = LazyPattern(r"\p{Han}", 0)


def script_language(text: str, lang: str) -> str:
    """``lang`` (an ISO 639-1 code), or for Chinese, Japanese and Korean the one ``text``'s
    script shows (kana -> ja, hangul -> ko, Han only -> zh)."""
    if _KANA.search(text):
        return "ja" if lang in ("zh", "ja", "ko") else lang
    if _HANGUL.search(text):
        return "ko" if lang in ("zh", "ja", "ko") else lang
    if lang == "ja" and _HAN.search(text):
        return "zh"
    return lang


class LanguageDetector:
    def __init__(self, lexicon: dict, min_words: int = 8):
        self.stopwords = {lang: {str(w).lower() for w in words} for lang, words in (lexicon.get("stopwords") or {}).items()}
        self.scripts = [(lang, regex.compile(p)) for lang, p in (lexicon.get("scripts") or {}).items()]
        self.min_words = min_words

    def detect(self, text: str) -> str | None:
        letters = max(1, len(regex.findall(r"\p{L}", text)))
        for lang, script in self.scripts:  # in lexicon order: ja (kana) before zh (Han)
            if len(script.findall(text)) / letters >= 0.1:
                return lang
        words = [w.lower() for w in _WORD.findall(text)]
        if len(words) < self.min_words:
            return None
        counts = Counter(words)
        scores = {lang: sum(counts[w] for w in sw) / len(words) for lang, sw in self.stopwords.items()}
        ranked = sorted(scores.items(), key=lambda kv: -kv[1])
        if not ranked or ranked[0][1] < 0.08:
            return None
        if len(ranked) > 1 and ranked[0][1] < 1.2 * ranked[1][1]:
            return None  # too close to call
        return ranked[0][0]
