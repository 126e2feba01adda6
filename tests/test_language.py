"""The function-word language detector behind ``language: match``."""

import pytest

from disclose.analysis.language import LanguageDetector
from disclose.resources import load_builtin_lexicon


@pytest.fixture(scope="module")
def detector() -> LanguageDetector:
    return LanguageDetector(load_builtin_lexicon("languages"))


@pytest.mark.parametrize("lang, text", [
    ("en", "The council said on Monday that the new bridge would open to traffic in the spring."),
    ("de", "Der Rat sagte am Montag, dass die neue Brücke im Frühjahr für den Verkehr geöffnet wird."),
    ("fr", "Le conseil a déclaré lundi que le nouveau pont sera ouvert à la circulation au printemps."),
    ("es", "El consejo dijo el lunes que el nuevo puente se abrirá al tráfico en la primavera."),
    ("it", "Il consiglio ha detto lunedì che il nuovo ponte sarà aperto al traffico in primavera."),
    ("pt", "O conselho disse na segunda-feira que a nova ponte será aberta ao trânsito na primavera."),
    ("nl", "De raad zei maandag dat de nieuwe brug in het voorjaar voor het verkeer wordt geopend."),
    ("zh", "委员会周一表示，新桥将于春季通车。"),
    ("ja", "委員会は月曜日、新しい橋が春に開通すると発表した。"),
    ("ko", "위원회는 월요일 새 다리가 봄에 개통될 것이라고 밝혔다."),
])
def test_detects_ten_languages(detector, lang, text):
    assert detector.detect(text) == lang


def test_too_short_or_unclear_gives_none(detector):
    assert detector.detect("Hello") is None
    assert detector.detect("1 2 3 4 5 6 7 8 9 10 11 12") is None
