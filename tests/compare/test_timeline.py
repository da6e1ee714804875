"""build_timeline and sentence_spans on hand-built records (contradictions: test_contradictions.py)."""

from __future__ import annotations

import pytest

from storyline.compare import build_timeline, sentence_spans

from .builders import D, report

TUE, WED, THU = D(2025, 3, 11), D(2025, 3, 12), D(2025, 3, 13)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The dam broke. Three people died.", ["The dam broke.", "Three people died."]),
        (
            "Mr. Rusu spoke on Nov. 6 in the U.S. capital. He left.",
            ["Mr. Rusu spoke on Nov. 6 in the U.S. capital.", "He left."],
        ),
        ("“We lost the town,” he said. “Now we rebuild.”", ["“We lost the town,” he said.", "“Now we rebuild.”"]),
        ("Ryu, J. Kim and others fled. 2019 was hard.", ["Ryu, J. Kim and others fled.", "2019 was hard."]),
        ("First paragraph without a stop\nSecond paragraph.", ["First paragraph without a stop", "Second paragraph."]),
        ("It rose 3.5 per cent. what a year", ["It rose 3.5 per cent. what a year"]),  # no capital: no break
        ("", []),
        ("   \n  ", []),
    ],
)
def test_sentence_spans(text: str, expected: list[str]) -> None:
    assert [text[a:b] for a, b in sentence_spans(text)] == expected


def test_same_event_in_two_outlets_is_merged_with_both_sources() -> None:
    a = report(
        "At least seven people died when the Dealul Verde dam collapsed on Tuesday, doctors said.",
        outlet="Meridian",
        published=WED,
        times=[("Tuesday", TUE)],
    )
    b = report(
        "At least three people were killed when the Dealul Verde dam gave way early on Tuesday.",
        outlet="Eastgate",
        published=WED,
        times=[("Tuesday", TUE)],
    )
    [event] = build_timeline("s", [a, b])
    assert (event.start, event.end, event.granularity) == (TUE, TUE, "day")
    assert {r.outlet for r in event.sources} == {"Meridian", "Eastgate"}
    assert event.text in (a.article.text, b.article.text)


@pytest.mark.parametrize(
    ("text_a", "day_a", "text_b", "day_b"),
    [
        # same date, different events
        (
            "Prosecutors searched the offices of Irigare Sud on Thursday.",
            THU,
            "Irigare Sud did not respond to requests for comment on Thursday.",
            THU,
        ),
        # same words, different dates
        (
            "Police cleared the streets of Cantemir on Wednesday.",
            WED,
            "Police cleared the streets of Cantemir on Thursday.",
            THU,
        ),
    ],
)
def test_not_merged(text_a, day_a, text_b, day_b) -> None:
    word_a = "Thursday" if day_a == THU else "Wednesday"
    word_b = "Thursday" if day_b == THU else "Wednesday"
    a = report(text_a, outlet="A", published=THU, times=[(word_a, day_a)])
    b = report(text_b, outlet="B", published=THU, times=[(word_b, day_b)])
    assert len(build_timeline("s", [a, b])) == 2


@pytest.mark.parametrize(
    ("text", "times", "expected"),
    [
        # the first usable day-level time dates the sentence
        (
            "Police went door to door on Wednesday night, the service said on Thursday.",
            [("Wednesday", WED), ("Thursday", THU)],
            WED,
        ),
        # "since Tuesday" ends a range and "Tuesday's" modifies a noun: Thursday dates the sentence
        ("The count since Tuesday's failure reached 2,300 on Thursday.", [("Tuesday", TUE), ("Thursday", THU)], THU),
        ("Evacuations have continued since Tuesday.", [("Tuesday", TUE)], None),
        # a possessive alone still dates the sentence
        ("Tuesday's failure left the valley under water.", [("Tuesday", TUE)], TUE),
        # the current year dates nothing; a past year does
        ("The company offered a rise for this year.", [("this year", D(2025, 1, 1), D(2025, 12, 31), "year")], None),
        ("Inspectors found cracks in 2019.", [("2019", D(2019, 1, 1), D(2019, 12, 31), "year")], D(2019, 1, 1)),
        # decades are too coarse
        ("It was built in the 1970s.", [("the 1970s", D(1970, 1, 1), D(1979, 12, 31), "decade")], None),
        # an unresolved time
        ("It happened on Tuesday.", [("Tuesday", None, None)], None),
    ],
)
def test_which_time_dates_a_sentence(text, times, expected) -> None:
    events = build_timeline("s", [report(text, published=THU, times=times)])
    assert [e.start for e in events] == ([expected] if expected else [])


def test_time_inside_a_direct_quote_is_not_an_event() -> None:
    text = "“We had one boat last night,” said Rusu."
    x = report(
        text, published=THU, times=[("last night", WED)], quotes=[("We had one boat last night,", "Rusu", "direct")]
    )
    assert build_timeline("s", [x]) == []


def test_timeline_is_ordered_and_degenerate_input_is_fine() -> None:
    late = report("Talks resume on Thursday.", outlet="A", published=WED, times=[("Thursday", THU)])
    early = report("The strike began on Tuesday.", outlet="B", published=WED, times=[("Tuesday", TUE)])
    assert [e.start for e in build_timeline("s", [late, early])] == [TUE, THU]
    assert build_timeline("s", []) == []
    assert build_timeline("s", [report("No dates at all.", published=None)]) == []
