"""The ``dates`` kind: a weekday stated with a date must agree with the calendar."""

from tests.helpers import check, lint_text

RULE = {"kind": "dates"}


def test_weekday_disagreeing_with_explicit_year():
    # 23 December 2026 is a Wednesday; 23 December 2025 is a Tuesday.
    text = "Title line\n\nThe ministers met on Tuesday, December 23rd, 2026.\n"
    check(text, RULE, problems=[(3, 22)])
    check("Title line\n\nThe ministers met on Tuesday, December 23rd, 2025.\n", RULE, problems=[])


def test_day_month_order_and_abbreviations():
    check("Title line\n\nIt opened on Friday 4 March 2022 in Leeds.\n", RULE, problems=[])  # a Friday
    check("Title line\n\nIt opened on Thu., Mar. 4, 2022 in Leeds.\n", RULE, problems=[(3, 14)])


def test_year_from_metadata():
    text = "---\ndate: 2026-01-02\n---\n# Title\n\nThe vote is on Tuesday, December 23rd.\n"
    check(text, RULE, problems=[(6, 16)], fmt="md")
    text = "---\ndate: 2025-12-20\n---\n# Title\n\nThe vote is on Tuesday, December 23rd.\n"
    check(text, RULE, problems=[], fmt="md")


def test_year_from_the_dates_of_the_same_paragraph():
    text = "Title line\n\nThe budget passed in November 2026. The vote was on Tuesday, December 23rd.\n"
    check(text, RULE, problems=[(3, 53)])
    text = "Title line\n\nThe budget passed in November 2026.\n\nThe vote was on Tuesday, December 23rd.\n"
    check(text, RULE, problems=[])  # another paragraph: too far to trust
    # A bare year is history or a plan, not the article's date.
    text = "Title line\n\nThe club was founded in 1930. The match is on Wednesday 19 January.\n"
    check(text, RULE, problems=[])


def test_no_year_or_ambiguous_year_checks_nothing():
    check("Title line\n\nThe vote was on Tuesday, December 23rd.\n", RULE, problems=[])
    text = "Title line\n\nBetween May 2024 and May 2026 things changed. The vote was on Tuesday, December 23rd.\n"
    check(text, RULE, problems=[])


def test_impossible_date_is_reported():
    check("Title line\n\nThe deadline is Monday, February 30th, 2026.\n", RULE, problems=[(3, 17)])


def test_message_placeholders():
    result = lint_text("Title line\n\nWe met on Tuesday, December 23rd, 2026.\n",
                       {**RULE, "message": "{text}|{weekday}|{year}|{year_source}"})
    [v] = result.violations
    assert v.message == "Tuesday, December 23rd, 2026|Wednesday|2026|date"
