"""The ``tells`` kind (``newsroom/undisclosed-ai``) and the AI tells it weighs, one test per family.

Every fixture here is written for these tests. Each family test shows the tell firing on text
that has it and staying silent on a close variant that does not.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from disclose.analysis import Analyzer
from disclose.cli import app
from disclose.engine import Linter
from disclose.policy import PolicyError, load_ruleset
from disclose.readers import parse
from tests.helpers import check, lint_text

TELLS = {"kind": "tells"}
_CORE = load_ruleset(["core"])
_ANALYZER = Analyzer(_CORE.lexicons, _CORE.settings)


def analyse(text: str, fmt: str = "txt"):
    return _ANALYZER.analyze(parse(text, f"article.{fmt}", fmt))


def tells_of(text: str, fmt: str = "txt") -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for t in analyse(text, fmt).tells:
        out.setdefault(t.tell, []).append(t.text)
    return out


def article(*paragraphs: str, title: str = "Council approves harbour plan") -> str:
    return title + "\n\n" + "\n\n".join(paragraphs) + "\n"


# Ordinary reporting: quoted, attributed, paragraphs of very different length.
REPORTED = article(
    "The harbour board approved a £12m plan on Tuesday to dredge the eastern channel.",
    "“We have waited ten years for this,” said Ann Leigh, who chairs the board. The work starts "
    "in March and should take two winters, according to the board's engineer, Tom Brandt, who "
    "told the meeting that the channel had silted up faster than any survey had predicted since "
    "the breakwater was extended.",
    "Fishermen welcomed the vote.",
    "Ms Leigh said the board would publish the contract next week.",
)


# -- one test per family ----------------------------------------------------------------------

def test_chatbot_leftover_is_decisive_alone():
    text = article("The ferry timetable changes on Monday.", "As an AI language model, I cannot confirm the fares.")
    a = analyse(text)
    assert [t.tell for t in a.tells] == ["chatbot-leftover"]
    assert a.tells_suspected and a.tells_score >= 3.0


@pytest.mark.parametrize("leftover", [
    "I hope this helps!", "Certainly! Here is the article you asked for.", "The fee is [insert amount].",
    "As of my last knowledge update, the bridge was closed.", "Als KI-Sprachmodell kann ich das nicht prüfen.",
    "En tant que modèle de langage, je ne peux pas le confirmer.", "作为一个AI语言模型，我无法确认。",
])
def test_chatbot_leftovers_in_several_languages(leftover):
    assert "chatbot-leftover" in tells_of(article("The ferry timetable changes on Monday.", leftover))


def test_formulaic_close_only_counts_in_the_closing():
    closing = article("The board met on Tuesday.", "It voted for the plan.", "Overall, the decision marks a new start for the port.")
    assert tells_of(closing)["formulaic-close"] == ["Overall"]
    opening = article("Overall, the board met on Tuesday.", "It voted for the plan.", "Work starts in March.")
    assert "formulaic-close" not in tells_of(opening)
    # An article written as one paragraph closes with its last two sentences.
    one_paragraph = article("The board met on Tuesday. It voted for the plan. Work starts in March. "
                            "In conclusion, the port has a future.")
    assert tells_of(one_paragraph)["formulaic-close"] == ["In conclusion"]
    german = article("Der Rat tagte am Dienstag.", "Er stimmte zu.", "Zusammenfassend lässt sich sagen, dass der Hafen profitiert.")
    assert "formulaic-close" in tells_of(german)


def test_wrap_up_in_the_closing():
    text = article("The board met on Tuesday.", "It voted for the plan.",
                   "The vote serves as a reminder that ports must adapt, and only time will tell.")
    assert tells_of(text)["wrap-up"] == ["serves as a reminder", "only time will tell"]
    assert analyse(text).tells_score == 1.0  # both are shown, one counts
    early = article("The vote serves as a reminder of old rows.", "It voted for the plan.", "Work starts in March.")
    assert "wrap-up" not in tells_of(early)


def test_stock_phrases_including_curly_apostrophes_and_other_languages():
    text = article("It’s important to note that the harbour plays a crucial role in the town.",
                   "Es ist wichtig zu beachten, dass der Hafen wächst.")
    found = tells_of(text)["stock-phrase"]
    assert found == ["It’s important to note", "plays a crucial role", "Es ist wichtig zu beachten"]
    assert "stock-phrase" not in tells_of(REPORTED)


def test_ai_vocabulary_is_weak_and_capped():
    text = article("The pivotal, transformative and groundbreaking plan will bolster, enhance and "
                   "underscore the multifaceted harbour.")
    a = analyse(text)
    assert len(tells_of(text)["ai-vocabulary"]) >= 4
    assert a.tells_score == pytest.approx(0.5 * 3)  # capped at three hits
    assert not a.tells_suspected


def test_transition_opener_only_at_sentence_start():
    text = article("The board met. Additionally, it voted. Moreover, “the vote was close,” she said.")
    assert tells_of(text)["transition-opener"] == ["Additionally", "Moreover"]
    assert "transition-opener" not in tells_of(article("The board met and additionally voted."))


def _even_paragraph(n: int) -> str:
    return (f"Paragraph {n} says the harbour board met again to discuss the dredging of the eastern channel "
            "and the cost of the work, which the engineers had estimated at several million pounds over two "
            "winters, with the first contracts to be signed in the spring.")


def test_uniform_paragraphs():
    text = article(*[_even_paragraph(i) for i in range(5)])
    assert tells_of(text)["uniform-paragraphs"] == ["5 paragraphs of 44–44 words"]
    assert "uniform-paragraphs" not in tells_of(REPORTED)


def test_uniform_sentences():
    sentence = "The harbour board met on Tuesday to discuss the channel plan."
    text = article(" ".join([sentence] * 9))
    assert "uniform-sentences" in tells_of(text)
    varied = article(" ".join([sentence, "It passed.", sentence + " " + sentence.lower().replace(".", ","), "Work starts soon."] * 2))
    assert "uniform-sentences" not in tells_of(varied)


def test_rule_of_three():
    text = article("The plan brings jobs, trade, and tourism. It needs money, time, and patience. "
                   "Residents want safety, quiet and clean water.")
    assert tells_of(text)["rule-of-three"][0].startswith("3 lists of three or more")
    assert "rule-of-three" not in tells_of(article("The plan brings jobs, trade and tourism to the town."))


def test_rule_of_three_conjunctions_come_from_the_lexicon():
    """The words that close a series are data: a lexicon without them switches the tell off, and
    the built-in list reads other languages' series ("y" in Spanish)."""
    spanish = article("El plan trae empleo, comercio y turismo. Necesita dinero, tiempo y paciencia. "
                      "Los vecinos quieren seguridad, calma y agua limpia.")
    assert "rule-of-three" in tells_of(spanish)
    lexicons = json.loads(json.dumps(_CORE.lexicons))
    del lexicons["ai-tells"]["structure"]["rule-of-three"]["conjunctions"]
    quiet = Analyzer(lexicons, _CORE.settings)
    english = article("The plan brings jobs, trade, and tourism. It needs money, time, and patience. "
                      "Residents want safety, quiet and clean water.")
    assert not [t for t in quiet.analyze(parse(english, "a.txt", "txt")).tells if t.tell == "rule-of-three"]


def test_listicle_heading_over_every_paragraph():
    md = ("# Ten reasons to visit the harbour\n\n" + "".join(
        f"## Reason {i}\n\nThe harbour offers view number {i}, which visitors enjoy.\n\n" for i in range(4)))
    assert tells_of(md, "md")["listicle"] == ["4 headings over 4 paragraphs"]
    story = "# Harbour plan\n\n## Background\n\n" + "".join(f"Paragraph {i} of the story.\n\n" for i in range(8))
    assert "listicle" not in tells_of(story, "md")


def test_restated_ending():
    text = article("The harbour board approved the dredging plan for the eastern channel on Tuesday. "
                   "The project will cost twelve million pounds. Work starts in March. Boats will be diverted. "
                   "Fishermen have complained for years. The harbour board approved the dredging plan "
                   "for the eastern channel.")
    assert "restated-ending" in tells_of(text)
    assert "restated-ending" not in tells_of(REPORTED)


def test_unquoted_long_body():
    body = " ".join(f"Sentence {i} describes the harbour plan and its cost in some detail for readers." for i in range(14))
    assert tells_of(article(body))["unquoted"] == ["no direct quotation in 196 words"]
    assert "unquoted" not in tells_of(article(body + " “It is a good plan for the town,” Ms Leigh said."))


# -- the verdict and the rule ----------------------------------------------------------------

def test_reported_news_is_clean():
    a = analyse(REPORTED)
    assert not a.tells_suspected
    check(REPORTED, TELLS, problems=[])


def test_weak_tells_add_up_and_the_message_quotes_the_strongest():
    text = article(*[_even_paragraph(i) for i in range(4)],
                   "Overall, the plan serves as a reminder that every port must change with the times and the tides.")
    result = lint_text(text, {**TELLS, "message": "score {score}/{threshold}, {status}: {evidence}"})
    assert len(result.violations) == 1
    message = result.violations[0].message
    assert message.startswith("score ") and "/3, unknown: " in message
    assert "formulaic close “Overall” (line 11)" in message
    assert "uniform paragraphs" in message


def test_declared_none_with_leftovers_is_flagged():
    md = "---\nai: none\n---\n\n# Ferry fares\n\nThe ferry fares rise in May.\n\nI hope this helps!\n"
    linter = Linter(load_ruleset(["newsroom"]), select=["undisclosed-ai"])
    result = linter.lint(parse(md, "post.md", "md"))
    assert [(v.rule, v.line, v.severity) for v in result.violations] == [("newsroom/undisclosed-ai", 9, "warning")]
    assert "none (declared in the metadata)" in result.violations[0].message
    assert "chatbot leftover “I hope this helps”" in result.violations[0].message


def test_declared_generated_is_not_flagged_by_undisclosed_ai():
    md = "---\nai: generated\n---\n\n# Ferry fares\n\nThe ferry fares rise in May.\n\nI hope this helps!\n"
    linter = Linter(load_ruleset(["newsroom"]), select=["undisclosed-ai"])
    assert linter.lint(parse(md, "post.md", "md")).violations == []


def test_threshold_is_a_policy_setting():
    text = article("The ferry timetable changes on Monday.", "Overall, the change marks a new chapter.")
    check(text, TELLS, problems=[])
    check(text, TELLS, problems=[(5, 1)], settings={"tells_threshold": 1.0})


def test_analyze_reports_items_with_spans(tmp_path: Path):
    path = tmp_path / "a.txt"
    text = article("The ferry timetable changes on Monday.", "I hope this helps!")
    path.write_text(text, encoding="utf-8")
    res = CliRunner().invoke(app, ["analyze", str(path)])
    assert res.exit_code == 0, res.output
    tells = json.loads(res.output)["ai_tells"]
    assert tells["suspected"] is True and tells["score"] == 3.0
    (item,) = tells["items"]
    assert item["tell"] == "chatbot-leftover" and text[item["start"]:item["end"]] == item["text"] == "I hope this helps"


def test_bad_tells_lexicon_is_a_policy_error(tmp_path: Path):
    (tmp_path / "tells.yaml").write_text(yaml.safe_dump({"families": {"x": {"weight": "heavy", "terms": ["a"]}}}))
    (tmp_path / "p.yaml").write_text(yaml.safe_dump({"name": "p", "extends": ["newsroom"],
                                                     "lexicons": {"ai-tells": {"file": "tells.yaml"}}}))
    with pytest.raises(PolicyError, match="families.x.weight: expected a number"):
        Linter(load_ruleset([str(tmp_path / "p.yaml")]))
    (tmp_path / "tells.yaml").write_text(yaml.safe_dump({"structure": {"wordy": {"weight": 1.0}}}))
    with pytest.raises(PolicyError, match="unknown structural tell"):
        Linter(load_ruleset([str(tmp_path / "p.yaml")]))
    res = CliRunner().invoke(app, ["lint", "--policy", str(tmp_path / "p.yaml"), str(tmp_path / "p.yaml")])
    assert res.exit_code == 2
