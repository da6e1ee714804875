from __future__ import annotations

import datetime as dt

import pytest

from storyline.metadata.estimate import estimate_published

D = dt.date


@pytest.fixture(scope="module")
def estimate(nlp, article_factory):
    def run(text: str):
        return estimate_published(nlp(text), article_factory(text, published=None))

    return run


@pytest.mark.parametrize(
    ("text", "expected", "evidence"),
    [
        # the latest corroborated day wins
        (
            "The council first discussed the plan on Wednesday, Feb. 12, 2025. It approved the budget on "
            "Monday, March 3, 2025, after a long debate.",
            D(2025, 3, 3),
            "Monday, March 3, 2025",
        ),
        # a full date corroborated by its weekday named elsewhere
        (
            "The ferry ran aground on June 14, 2023. The harbour master said Wednesday that nobody was hurt.",
            D(2023, 6, 14),
            "June 14, 2023",
        ),
        # a month-day without a year is read closest after the month-year: January 2025, not 2024
        (
            "Bread prices climbed steeply in December 2024. On Saturday, Jan. 11, the ministry capped them.",
            D(2025, 1, 11),
            "Saturday, Jan. 11",
        ),
        # ... and inside the year the text names
        (
            "Turnout in 2022 was the lowest on record. Voters went back to the polls on Sunday, Oct. 2.",
            D(2022, 10, 2),
            "Sunday, Oct. 2",
        ),
        # weekday phrases after the date: the publication is the day that keeps them all in one week
        (
            "The storm reached the coast on Friday, Oct. 4, 2024. Crews restored power on Sunday and the "
            "mayor thanked them on Monday.",
            D(2024, 10, 7),
            "Friday, Oct. 4, 2024",
        ),
        # "last month" said of an August day: published in September at the earliest
        (
            "Last month, on Thursday, Aug. 29, 2024, the plant closed its doors for good.",
            D(2024, 9, 1),
            "Thursday, Aug. 29, 2024",
        ),
        # a wire dateline's day is the day of filing: after the latest month the text names
        (
            "SEOUL, Jan. 11 (Yonhap) -- The navy said the drill ended without incident. The last drill "
            "was held in December 2024.",
            D(2025, 1, 11),
            "Jan. 11",
        ),
        (
            "LONDON, Dec 3 (Reuters) - The bridge, last inspected in November 2024, was closed again after "
            "engineers found new cracks.",
            D(2024, 12, 3),
            "Dec 3",
        ),
        # "this week" agrees with the date: nothing moves
        (
            "This week, on Tuesday, Nov. 5, 2024, voters chose a new mayor.",
            D(2024, 11, 5),
            "Tuesday, Nov. 5, 2024",
        ),
    ],
)
def test_estimate(estimate, text, expected, evidence):
    found = estimate(text)
    assert found is not None
    assert found.date == expected
    assert text[found.start : found.end] == evidence
    assert all(text[s:e] in found.text for s, e in found.evidence)


@pytest.mark.parametrize(
    "text",
    [
        # no date at all
        "The committee will meet again soon. Members said the plan needed more work.",
        # only a year
        "The dam was built in 1998 and has never been repaired.",
        # a full date nothing corroborates: it may be decades old
        "The treaty was signed on June 28, 1919, in the palace.",
        # a yearless day whose year nothing confirms (no weekday: January 2024 or 2025?)
        "Bread prices climbed steeply in December 2024. On Jan. 11, the ministry capped them.",
        # a weekday that contradicts the calendar (11 January 2024 was a Thursday)
        "Bread prices climbed steeply in 2024. On Saturday, Jan. 11, the ministry capped them.",
        # a date qualifying a noun names an event, not when the text was written
        "Officials recalled the Sept. 11, 2001, attacks on Tuesday.",
        # a date still to come
        "The summit will open on Monday, May 5, 2025.",
        # weekdays and relative phrases alone
        "The minister resigned on Tuesday. Last week she had denied the reports.",
        # a yearless dateline in a text whose latest date is history: its year is unknown
        "LONDON, Dec 3 (Reuters) - The bridge, opened in March 1972, was closed after engineers found cracks.",
    ],
)
def test_no_estimate(estimate, text):
    assert estimate(text) is None
