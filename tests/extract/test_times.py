from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storyline.extract.times import Resolution, extract_times, normalise, resolve_text
from storyline.model import TimeRef

D = dt.date
PUB = D(2024, 11, 11)  # a Monday
SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"


@pytest.fixture(scope="module")
def times_of(nlp, article_factory):
    def run(text: str, published: dt.date | None = PUB) -> list[TimeRef]:
        return list(extract_times(nlp(text), article_factory(text, published=published)))

    return run


def _one(refs: list[TimeRef], text: str) -> TimeRef:
    found = [r for r in refs if r.text == text]
    assert found, f"no time {text!r} in {[r.text for r in refs]}"
    return found[0]


# --- resolution of spaCy DATE entities in context -----------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "span", "start", "end", "granularity", "anchor"),
    [
        (
            "Officials said on Tuesday that troops had engaged.",
            "Tuesday",
            D(2024, 11, 5),
            D(2024, 11, 5),
            "day",
            "publication",
        ),
        ("Officials spoke on Monday.", "Monday", PUB, PUB, "day", "publication"),
        ("Officials spoke last Monday.", "last Monday", D(2024, 11, 4), D(2024, 11, 4), "day", "publication"),
        (
            "They will leave next Tuesday.",
            "next Tuesday",
            D(2024, 11, 12),
            D(2024, 11, 12),
            "day",
            "publication",
        ),
        (
            "The envoy will arrive on Thursday.",
            "Thursday",
            D(2024, 11, 14),
            D(2024, 11, 14),
            "day",
            "publication",
        ),
        ("Fighting continued on Monday night.", "Monday night", PUB, PUB, "day", "publication"),
        (
            "The operator cancelled all sailings until Friday.",
            "Friday",
            D(2024, 11, 15),
            D(2024, 11, 15),
            "day",
            "publication",
        ),
        (
            "He said supplies would run out by Friday.",
            "Friday",
            D(2024, 11, 15),
            D(2024, 11, 15),
            "day",
            "publication",
        ),
        ("Supplies ran out by Friday.", "Friday", D(2024, 11, 8), D(2024, 11, 8), "day", "publication"),
        (
            "As of Nov. 6, the front was stable.",
            "Nov. 6",
            D(2024, 11, 6),
            D(2024, 11, 6),
            "day",
            "publication",
        ),
        (
            "The talks ended on 6 November.",
            "6 November",
            D(2024, 11, 6),
            D(2024, 11, 6),
            "day",
            "publication",
        ),
        (
            "It was held on Friday, Nov. 8.",
            "Friday, Nov. 8",
            D(2024, 11, 8),
            D(2024, 11, 8),
            "day",
            "publication",
        ),
        ("The meeting took place on Dec. 5.", "Dec. 5", D(2023, 12, 5), D(2023, 12, 5), "day", "publication"),
        (
            "The summit will be held on Dec. 5.",
            "Dec. 5",
            D(2024, 12, 5),
            D(2024, 12, 5),
            "day",
            "publication",
        ),
        (
            "On November 6, 2024 he left.",
            "November 6, 2024",
            D(2024, 11, 6),
            D(2024, 11, 6),
            "day",
            "absolute",
        ),
        ("The talks began on 2024-11-06.", "2024-11-06", D(2024, 11, 6), D(2024, 11, 6), "day", "absolute"),
        ("Ryu fled in 2019.", "2019", D(2019, 1, 1), D(2019, 12, 31), "year", "absolute"),
        ("Talks stalled in late 2023.", "late 2023", D(2023, 9, 1), D(2023, 12, 31), "year", "absolute"),
        (
            "The war began in February 2022.",
            "February 2022",
            D(2022, 2, 1),
            D(2022, 2, 28),
            "month",
            "absolute",
        ),
        (
            "Early November saw clashes.",
            "Early November",
            D(2024, 11, 1),
            D(2024, 11, 10),
            "month",
            "publication",
        ),
        (
            "Talks were held last December.",
            "last December",
            D(2023, 12, 1),
            D(2023, 12, 31),
            "month",
            "publication",
        ),
        ("In the 1990s famine struck.", "the 1990s", D(1990, 1, 1), D(1999, 12, 31), "decade", "absolute"),
        (
            "Between 2019 and 2021, prices rose.",
            "Between 2019 and 2021",
            D(2019, 1, 1),
            D(2021, 12, 31),
            "year",
            "absolute",
        ),
        ("Yesterday they spoke.", "Yesterday", D(2024, 11, 10), D(2024, 11, 10), "day", "publication"),
        ("Officials met last week.", "last week", D(2024, 11, 4), D(2024, 11, 10), "week", "publication"),
        ("They will vote this month.", "this month", D(2024, 11, 1), D(2024, 11, 30), "month", "publication"),
        (
            "He returned earlier this month.",
            "earlier this month",
            D(2024, 11, 1),
            PUB,
            "month",
            "publication",
        ),
        ("Prices rose last year.", "last year", D(2023, 1, 1), D(2023, 12, 31), "year", "publication"),
        (
            "Fighting continued over the weekend.",
            "the weekend",
            D(2024, 11, 9),
            D(2024, 11, 10),
            "day",
            "publication",
        ),
        (
            "He returned three weeks ago.",
            "three weeks ago",
            D(2024, 10, 21),
            D(2024, 10, 27),
            "week",
            "publication",
        ),
        (
            "He has lived there for the past 20 years.",
            "the past 20 years",
            D(2004, 11, 12),
            PUB,
            "year",
            "publication",
        ),
    ],
)
def test_resolution(times_of, sentence, span, start, end, granularity, anchor) -> None:
    ref = _one(times_of(sentence), span)
    assert (ref.start_date, ref.end_date, ref.granularity, ref.anchor) == (start, end, granularity, anchor)


@pytest.mark.parametrize(
    ("sentence", "span", "start", "granularity", "anchor"),
    [
        ("Officials said on Tuesday that troops had engaged.", "Tuesday", None, "day", "none"),
        ("As of Nov. 6, the front was stable.", "Nov. 6", None, "day", "none"),
        ("Officials met last week.", "last week", None, "week", "none"),
        ("Yesterday they spoke.", "Yesterday", None, "day", "none"),
        ("Ryu fled in 2019.", "2019", D(2019, 1, 1), "year", "absolute"),
        ("On November 6, 2024 he left.", "November 6, 2024", D(2024, 11, 6), "day", "absolute"),
        ("In the 1990s famine struck.", "the 1990s", D(1990, 1, 1), "decade", "absolute"),
    ],
)
def test_without_publication_date(times_of, sentence, span, start, granularity, anchor) -> None:
    ref = _one(times_of(sentence, published=None), span)
    assert (ref.start_date, ref.granularity, ref.anchor) == (start, granularity, anchor)
    assert (ref.end_date is None) == (start is None)


@pytest.mark.parametrize(
    "sentence",
    [
        "Back then, the now 28-year-old Ryu would have answered.",  # an age
        "The bruising 2½-year war goes on.",  # a duration
        "He spent two and a half years in prison.",  # a duration
        "We cannot expect that for a couple of decades, at least.",  # a vague duration
        "The U.S. expects them to begin fighting within days.",  # vague
        "The campaign has only grown more fierce in recent years.",  # vague: skipped
        "For many decades, the government has worked to cut them off.",  # vague
        "Captains will become generals in a few years.",  # vague
        "A 10-day truce followed.",  # a duration
        "They met at 3 p.m.",  # a time of day
        "It happened in the 19th century.",  # no century granularity
    ],
)
def test_not_time_references(times_of, sentence: str) -> None:
    assert [r.text for r in times_of(sentence)] == []


# --- relative to the previous time reference ----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        (
            "Officials said on Tuesday that troops had engaged. A day later, Seoul disagreed.",
            PUB,
            [("Tuesday", D(2024, 11, 5), "publication"), ("A day later", D(2024, 11, 6), "previous")],
        ),
        (
            "Talks began on Nov. 1. Two days later, they collapsed.",
            PUB,
            [("Nov. 1", D(2024, 11, 1), "publication"), ("Two days later", D(2024, 11, 3), "previous")],
        ),
        (
            "Talks began on Nov. 1. The next day, they collapsed.",
            PUB,
            [("Nov. 1", D(2024, 11, 1), "publication"), ("The next day", D(2024, 11, 2), "previous")],
        ),
        (
            "The famine began in 1994. The following year, aid arrived.",
            PUB,
            [("1994", D(1994, 1, 1), "absolute"), ("The following year", D(1995, 1, 1), "previous")],
        ),
        (
            # an unresolved predecessor leaves the chain unresolved; no jump back to "2019"
            "He fled in 2019. Officials said on Tuesday he had spoken. A day later, Seoul disagreed.",
            None,
            [("2019", D(2019, 1, 1), "absolute"), ("Tuesday", None, "none"), ("A day later", None, "none")],
        ),
        ("A day later, Seoul disagreed.", PUB, [("A day later", None, "none")]),
    ],
)
def test_relative_to_previous(times_of, text, published, expected) -> None:
    refs = times_of(text, published)
    assert [(r.text, r.start_date, r.anchor) for r in refs] == expected


def test_spans_point_into_the_text(times_of) -> None:
    text = "Ryu fled in 2019.\n\nOfficials said on Tuesday, Nov. 5, that a day later talks resumed."
    refs = times_of(text)
    assert refs
    for r in refs:
        assert text[r.start : r.end] == r.text
        assert r.start_date is None or r.start_date <= r.end_date
        assert TimeRef.from_dict(json.loads(json.dumps(r.to_dict()))) == r


_PIECES = [
    "on", "Tuesday", "last", "next", "week", "month", "year", "a", "day", "later", "two", "days", "ago",
    "Nov.", "6", ",", "2024", "in", "2019", "the", "1990s", "'90s", "early", "late", "mid-2023",
    "yesterday", "this", "morning", "December", "past", "20", "years", "will", "he", "said", "until",
    "Friday", "earlier", "following", "between", "and", "2021", "weekend", ".", "2024-11-06",
]  # fmt: skip


@settings(max_examples=80, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), min_size=1, max_size=20), st.booleans())
def test_any_token_soup_keeps_the_invariants(nlp, article_factory, words: list[str], dated: bool) -> None:
    text = " ".join(words)
    published = PUB if dated else None
    for r in extract_times(nlp(text), article_factory(text, published=published)):
        assert text[r.start : r.end] == r.text
        assert (r.start_date is None) == (r.end_date is None)
        assert r.start_date is None or r.start_date <= r.end_date
        assert r.granularity in {"day", "week", "month", "year", "decade"}
        assert r.anchor in {"publication", "previous", "absolute", "none"}
        assert r.anchor != "publication" or dated
        assert (r.start_date is None) == (r.anchor == "none")


# --- the resolver alone (no spaCy) --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "normalised"),
    [
        ("As of Nov. 6", "nov 6"),
        ("Tuesday night", "tuesday"),
        ("last night", "last night"),
        ("Friday, Nov. 8th", "friday nov 8"),
        ("on Sept. 30", "sept 30"),
        ("the ’90s", "the '90s"),
        ("Tuesday's", "tuesday"),
    ],
)
def test_normalise(raw: str, normalised: str) -> None:
    assert normalise(raw) == normalised


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("today", Resolution(PUB, PUB, "day", "publication")),
        ("tomorrow", Resolution(D(2024, 11, 12), D(2024, 11, 12), "day", "publication")),
        ("last night", Resolution(D(2024, 11, 10), D(2024, 11, 10), "day", "publication")),
        ("the '90s", Resolution(D(1990, 1, 1), D(1999, 12, 31), "decade", "publication")),
        ("the early 1990s", Resolution(D(1990, 1, 1), D(1993, 12, 31), "decade", "absolute")),
        ("mid-2023", Resolution(D(2023, 5, 1), D(2023, 8, 31), "year", "absolute")),
        ("2019-21", Resolution(D(2019, 1, 1), D(2021, 12, 31), "year", "absolute")),
        ("the past week", Resolution(D(2024, 11, 5), PUB, "week", "publication")),
        ("next year", Resolution(D(2025, 1, 1), D(2025, 12, 31), "year", "publication")),
        ("later this year", Resolution(PUB, D(2024, 12, 31), "year", "publication")),
        ("a year ago", Resolution(D(2023, 1, 1), D(2023, 12, 31), "year", "publication")),
        ("11/06/2024", Resolution(D(2024, 11, 6), D(2024, 11, 6), "day", "absolute")),
        ("the 6 of november", Resolution(D(2024, 11, 6), D(2024, 11, 6), "day", "publication")),
        ("nov 6-7", Resolution(D(2024, 11, 6), D(2024, 11, 7), "day", "publication")),
        ("nov 15", Resolution(D(2024, 11, 15), D(2024, 11, 15), "day", "publication")),  # within tolerance
        ("nov 30", Resolution(D(2023, 11, 30), D(2023, 11, 30), "day", "publication")),  # beyond it
        ("8200", None),  # not a plausible year
        ("45", None),
        ("recent years", None),
        ("decades", None),
        ("two and a half years", None),
        ("28 years old", None),
        ("this summer", None),
    ],
)
def test_resolve_text(text: str, expected: Resolution | None) -> None:
    assert resolve_text(text, PUB) == expected


def test_previous_coarser_than_unit_keeps_its_range() -> None:
    year = Resolution(D(2019, 1, 1), D(2019, 12, 31), "year", "absolute")
    assert resolve_text("a day later", PUB, previous=year) == Resolution(
        year.start, year.end, "year", "previous"
    )


def test_previous_finer_than_unit_widens_to_the_unit() -> None:
    day = Resolution(D(2024, 11, 6), D(2024, 11, 6), "day", "publication")
    assert resolve_text("a month later", PUB, previous=day) == Resolution(
        D(2024, 12, 1), D(2024, 12, 31), "month", "previous"
    )


# --- the year of a date without one (issue 11, item 2) ------------------------------------------------


@pytest.mark.parametrize(
    ("text", "published", "future", "expected"),
    [
        # the event at or before publication: this January, or last January when this one is ahead
        ("jan 11", D(2025, 1, 14), False, D(2025, 1, 11)),
        ("jan 11", D(2024, 12, 20), False, D(2024, 1, 11)),
        ("dec 30", D(2025, 1, 3), False, D(2024, 12, 30)),
        ("friday jan 17", D(2025, 1, 20), False, D(2025, 1, 17)),
        # up to FUTURE_TOLERANCE_DAYS ahead stays in the publication year (previews of the coming days)
        ("jan 16", D(2025, 1, 14), False, D(2025, 1, 16)),
        ("jan 25", D(2025, 1, 14), False, D(2024, 1, 25)),
        # a verb pointing forward reads the date ahead of publication
        ("jan 11", D(2024, 12, 20), True, D(2025, 1, 11)),
        ("dec 30", D(2024, 12, 20), True, D(2024, 12, 30)),
        ("feb 29", D(2025, 3, 2), False, None),  # no 29 February in 2025
    ],
)
def test_year_of_a_yearless_day(text, published, future, expected) -> None:
    found = resolve_text(text, published, future=future)
    assert (found.start if found else None) == expected
    assert found is None or found.anchor == "publication"


@pytest.mark.parametrize(
    ("sentence", "span", "published", "expected"),
    [
        ("The ministry capped bread prices on Jan. 11.", "Jan. 11", D(2025, 1, 14), D(2025, 1, 11)),
        ("The ministry capped bread prices on Jan. 11.", "Jan. 11", D(2024, 12, 20), D(2024, 1, 11)),
        ("The ministry will cap bread prices on Jan. 11.", "Jan. 11", D(2024, 12, 20), D(2025, 1, 11)),
        ("She said the cap would apply until Jan. 11.", "Jan. 11", D(2024, 12, 20), D(2025, 1, 11)),
    ],
)
def test_year_against_a_stated_date(times_of, sentence, span, published, expected) -> None:
    assert _one(times_of(sentence, published=published), span).start_date == expected


# estimated publication: Saturday 11 January 2025 (closest after December 2024, and a Saturday that year)
BREAD = "Bread prices climbed in December 2024. On Saturday, Jan. 11, the ministry capped them. "


@pytest.mark.parametrize(
    ("sentence", "span", "expected"),
    [
        ("Bakers had warned of shortages on Jan. 3.", "Jan. 3", D(2025, 1, 3)),
        ("Bakers had warned of shortages on Thursday.", "Thursday", D(2025, 1, 9)),
        ("Bakers had warned of shortages on Dec. 28.", "Dec. 28", D(2024, 12, 28)),
    ],
)
def test_year_against_an_estimated_date(nlp, article_factory, sentence, span, expected) -> None:
    from storyline.pipeline import extract_doc

    text = BREAD + sentence
    result = extract_doc(nlp(text), article_factory(text, published=None))
    assert result.article.published == D(2025, 1, 11)
    assert result.article.published_estimated
    source = next(p for p in result.article.provenance if p.method == "estimated_from_text")
    assert (source.field, source.method, source.where) == ("published", "estimated_from_text", "text")
    assert text[source.start : source.end] == source.text == "Saturday, Jan. 11"
    found = _one(list(result.times), span)
    assert (found.start_date, found.anchor) == (expected, "publication")


def test_weekday_with_earlier_or_late() -> None:
    assert resolve_text("earlier tuesday", PUB) == Resolution(D(2024, 11, 5), D(2024, 11, 5), "day", "publication")
    assert resolve_text("late friday", PUB) == Resolution(D(2024, 11, 8), D(2024, 11, 8), "day", "publication")


# --- seeds --------------------------------------------------------------------------------------------


def _seed_text(name: str) -> str:
    path = SHARED / "seeds" / name
    if not path.exists():
        pytest.skip(f"shared corpus not found at {SHARED}")
    gold = {
        json.loads(ln)["file"]: json.loads(ln)
        for ln in (SHARED / "gold_seeds.jsonl").read_text().splitlines()
    }
    raw = re.sub(r"^\s*date \d{4}-\d{2}-\d{2}\s*", "", path.read_text(encoding="utf-8"))
    noise = set(gold[name]["noise_lines"])
    return "\n".join(ln for ln in raw.split("\n") if ln.strip() not in noise)


def test_seed_wsj_times(times_of) -> None:
    text = _seed_text("000_34929f113938b373.txt")
    undated = {r.text: (r.start_date, r.anchor) for r in times_of(text, published=None)}
    assert undated["2019"] == (D(2019, 1, 1), "absolute")
    assert undated["Tuesday"] == (None, "none")
    assert undated["A day later"] == (None, "none")
    dated = {r.text: r.start_date for r in times_of(text, published=PUB)}
    assert dated["Tuesday"] == D(2024, 11, 5)
    assert dated["A day later"] == D(2024, 11, 6)
    assert not any("year" in t for t in dated)  # "28-year-old", "2½-year" are no time references


def test_seed_dw_times(times_of) -> None:
    text = _seed_text("004_b755588126e38391.txt")
    # only vague spans ("in recent years", "a couple of decades", "in a few years"): nothing to date
    assert [r.text for r in times_of(text, published=PUB)] == []
