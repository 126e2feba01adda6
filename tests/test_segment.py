"""Sentence splitter: exact splits on tricky news text, and the span invariants."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from disclose.segment import split_sentences


def texts(text: str) -> list[str]:
    return [text[a:b] for a, b in split_sentences(text)]


CASES = [
    # titles never end a sentence
    ("Mr. Smith met Dr. Jones. They talked.", ["Mr. Smith met Dr. Jones.", "They talked."]),
    ("Gov. Ann Lee and Sen. Bo Park spoke. Prof. Ng left.",
     ["Gov. Ann Lee and Sen. Bo Park spoke.", "Prof. Ng left."]),
    # U.S. mid-sentence vs at the end before an opener
    ("The U.S. economy grew. It slowed later.", ["The U.S. economy grew.", "It slowed later."]),
    ("Troops returned to the U.S. The war was over.", ["Troops returned to the U.S.", "The war was over."]),
    ("She moved to the U.K. Smith stayed.", ["She moved to the U.K. Smith stayed."]),
    # months and No. before numbers
    ("It began on Sept. 11, 2001. Nobody forgot.", ["It began on Sept. 11, 2001.", "Nobody forgot."]),
    ("He lives at No. 10 Downing St. in London. He moved in Jan. 2020.",
     ["He lives at No. 10 Downing St. in London.", "He moved in Jan. 2020."]),
    # etc. / e.g. / vs. / Inc.
    ("Apples, pears, etc. were sold. Prices rose.", ["Apples, pears, etc. were sold.", "Prices rose."]),
    ("They sold apples, pears, etc. The market closed.", ["They sold apples, pears, etc.", "The market closed."]),
    ("Some fruit, e.g. Apples, is cheap. Other fruit is not.",
     ["Some fruit, e.g. Apples, is cheap.", "Other fruit is not."]),
    ("It was Smith vs. Jones. Smith won.", ["It was Smith vs. Jones.", "Smith won."]),
    ("He said no. Smith agreed. No. 10 said nothing.", ["He said no.", "Smith agreed.", "No. 10 said nothing."]),
    ("SHARES OF ACME INC. ROSE.", ["SHARES OF ACME INC. ROSE."]),
    ("Shares of Acme Inc. Rose sharply. But Acme Inc. The firm fell.",
     ["Shares of Acme Inc. Rose sharply.", "But Acme Inc.", "The firm fell."]),
    # decimals, money, times, percentages
    ("Growth was 3.5 percent. Debt hit $1.2bn. The meeting is at 10.30 today.",
     ["Growth was 3.5 percent.", "Debt hit $1.2bn.", "The meeting is at 10.30 today."]),
    ("We met at 10 a.m. The talks ended at 4 p.m. on Monday.",
     ["We met at 10 a.m.", "The talks ended at 4 p.m. on Monday."]),
    ("Sales rose 12%. 2024 was a record.", ["Sales rose 12%.", "2024 was a record."]),
    # quotes
    ('"The era has ended." Then she left.', ['"The era has ended."', "Then she left."]),
    ("He said the era “has ended.” Critics disagreed.", ["He said the era “has ended.”", "Critics disagreed."]),
    ('"Why now?" he asked. Nobody answered.', ['"Why now?" he asked.', "Nobody answered."]),
    ("“Stop!” she shouted. They stopped.", ["“Stop!” she shouted.", "They stopped."]),
    ("He asked: 'Is it true?' She nodded.", ["He asked: 'Is it true?'", "She nodded."]),
    ("(This was denied.) The probe continues.", ["(This was denied.)", "The probe continues."]),
    # ellipses and ?! runs
    ("He paused... and then went on. Wait… What?! No.",
     ["He paused... and then went on.", "Wait…", "What?!", "No."]),
    # initials
    ("J. K. Rowling wrote it. George R. R. Martin did not.",
     ["J. K. Rowling wrote it.", "George R. R. Martin did not."]),
    # CJK and non-Latin starts
    ("政府は発表した。詳細は不明だ！本当か？", ["政府は発表した。", "詳細は不明だ！", "本当か？"]),
    ("他说：“我们会赢。”然后离开了。", ["他说：“我们会赢。”", "然后离开了。"]),
    ("The minister spoke. Министр ушёл.", ["The minister spoke.", "Министр ушёл."]),
    # lowercase after a period is not a new sentence
    ("The file is called data.csv and is here. it is big.", ["The file is called data.csv and is here. it is big."]),
    # line breaks
    ("First line ends here.\nsecond line starts lowercase", ["First line ends here.", "second line starts lowercase"]),
    ("A hard-wrapped sentence goes\non to the next line.", ["A hard-wrapped sentence goes\non to the next line."]),
    ("Heading without stop\n\nBody text.", ["Heading without stop", "Body text."]),
    ("Dr.\nSmith arrived.", ["Dr.\nSmith arrived."]),
    # degenerate inputs
    ("", []),
    ("   \n\t ", []),
    ("No terminal punctuation", ["No terminal punctuation"]),
    ("  Padded.  ", ["Padded."]),
]


@pytest.mark.parametrize("text,expected", CASES, ids=[c[0][:30] for c in CASES])
def test_split_cases(text: str, expected: list[str]) -> None:
    assert texts(text) == expected


def test_spans_are_trimmed_offsets() -> None:
    text = "  One.   Two?\n\nThree!  "
    assert split_sentences(text) == [(2, 6), (9, 13), (15, 21)]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab AZ.?!\n\"”')3。…")), max_size=80))
def test_spans_cover_every_non_space_char(text: str) -> None:
    spans = split_sentences(text)
    covered = set()
    prev_end = 0
    for a, b in spans:
        assert prev_end <= a < b <= len(text)
        assert not text[a].isspace() and not text[b - 1].isspace()
        covered.update(range(a, b))
        prev_end = b
    assert {i for i, c in enumerate(text) if not c.isspace()} <= covered
