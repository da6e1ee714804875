"""Numbers as newsrooms write them (issue 11): hyphenated and spaced "N-hundred"/"N-thousand" compounds
with digits or words, "a couple (of) hundred", "some three-thousand", vague ranges, and what must stay
out (ages, durations, dates, years, "one of the", ordinals). Every sentence is made up for the test."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from storyline.extract.claims import extract_claims
from storyline.extract.numbers import parse_numeral
from storyline.model import Claim


@pytest.fixture(scope="module")
def claims_of(nlp, article_factory):
    def run(text: str) -> list[Claim]:
        return list(extract_claims(nlp(text), article_factory(text, published=dt.date(2024, 11, 11))))

    return run


def _check(claims_of, text: str, quantity: str, value: float, low: float, high: float, hedge: str, unit: str):
    claims = claims_of(text)
    found = [c for c in claims if c.quantity == quantity]
    assert found, f"no claim {quantity!r} in {[c.quantity for c in claims]}"
    claim = found[0]
    assert text[claim.start : claim.end] == quantity  # the span covers the whole compound
    assert (claim.value, claim.low, claim.high) == pytest.approx((value, low, high))
    assert (claim.hedge, claim.unit) == (hedge, unit)
    return claim


# --- compounds with digits: "15-hundred", "27 hundred" -------------------------------------------------

DIGIT_COMPOUNDS = [
    ("The ministry sent 15-hundred engineers to the dam.", "15-hundred", 1_500, 1_500, 1_500, "exact", "engineers"),
    ("Volunteers packed 27 hundred boxes of food.", "27 hundred", 2_700, 2_700, 2_700, "exact", "boxes"),
    ("Some 27-hundred homes lost power.", "Some 27-hundred", 2_700, 2_700, 2_700, "about", "homes"),
    ("Nearly 12-hundred ballots went missing.", "Nearly 12-hundred", 1_200, 1_200, 1_200, "nearly", "ballots"),
    ("The strike idled 2-million workers.", "2-million", 2e6, 2e6, 2e6, "exact", "workers"),
    ("A 3-thousand-strong column moved north.", "3-thousand-strong", 3_000, 3_000, 3_000, "exact", "columns"),
    ("They signed a 3-million-dollar contract.", "3-million-dollar", 3e6, 3e6, 3e6, "exact", "USD"),
    ("Between 10-15 hundred pilgrims came.", "Between 10-15 hundred", 1_250, 1_000, 1_500, "exact", "pilgrims"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "quantity", "value", "low", "high", "hedge", "unit"), DIGIT_COMPOUNDS)
def test_digit_compounds(claims_of, text, quantity, value, low, high, hedge, unit) -> None:
    assert _check(claims_of, text, quantity, value, low, high, hedge, unit).kind in ("count", "money")


# --- compounds with words: "ten-thousand", "twenty-five hundred", "a hundred and fifty" ----------------

WORD_COMPOUNDS = [
    ("About ten-thousand fans filled the square.", "About ten-thousand", 10_000, 10_000, 10_000, "about", "fans"),
    ("Fifteen-hundred nurses walked out.", "Fifteen-hundred", 1_500, 1_500, 1_500, "exact", "nurses"),
    ("Twenty-five hundred sheep drowned.", "Twenty-five hundred", 2_500, 2_500, 2_500, "exact", "sheep"),
    ("Eleven thousand households lost water.", "Eleven thousand", 11_000, 11_000, 11_000, "exact", "households"),
    ("Twelve hundred families were moved.", "Twelve hundred", 1_200, 1_200, 1_200, "exact", "families"),
    ("A hundred and fifty pupils were sent home.", "A hundred and fifty", 150, 150, 150, "exact", "pupils"),
    ("A hundred and fifty thousand people signed.", "A hundred and fifty thousand", 150_000, 150_000, 150_000,
     "exact", "people"),
    ("One-and-a-half thousand runners started.", "One-and-a-half thousand", 1_500, 1_500, 1_500, "exact", "runners"),
    ("Two and a half million voters stayed home.", "Two and a half million", 2.5e6, 2.5e6, 2.5e6, "exact", "voters"),
    ("Two-million commuters were stranded.", "Two-million", 2e6, 2e6, 2e6, "exact", "commuters"),
    ("The fund lost two million pounds.", "two million pounds", 2e6, 2e6, 2e6, "exact", "GBP"),
    ("They built a four-and-a-half-acre park.", "four-and-a-half-acre", 4.5, 4.5, 4.5, "exact", "acres"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "quantity", "value", "low", "high", "hedge", "unit"), WORD_COMPOUNDS)
def test_word_compounds(claims_of, text, quantity, value, low, high, hedge, unit) -> None:
    _check(claims_of, text, quantity, value, low, high, hedge, unit)


# --- "a couple (of) hundred", "a few thousand": vague, 2..3 and 2..9 times the scale --------------------

COUPLES = [
    ("A couple hundred protesters blocked the road.", "A couple hundred", 200, 200, 300, "about", "protesters"),
    ("A couple of hundred cyclists joined in.", "A couple of hundred", 200, 200, 300, "about", "cyclists"),
    ("Police counted a couple thousand marchers.", "a couple thousand", 2_000, 2_000, 3_000, "about", "marchers"),
    ("Roughly a couple thousand people marched.", "Roughly a couple thousand", 2_000, 2_000, 3_000, "about",
     "people"),
    ("The repairs cost a couple of million dollars.", "a couple of million dollars", 2e6, 2e6, 3e6, "about", "USD"),
    ("A few thousand fans waited outside.", "A few thousand", 2_000, 2_000, 9_000, "about", "fans"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "quantity", "value", "low", "high", "hedge", "unit"), COUPLES)
def test_couple_and_few(claims_of, text, quantity, value, low, high, hedge, unit) -> None:
    _check(claims_of, text, quantity, value, low, high, hedge, unit)


# --- "some three-thousand": the hedge is "about", the value the compound's ------------------------------

SOME = [
    ("Some three-thousand villagers fled the fighting.", "Some three-thousand", 3_000, 3_000, 3_000, "about",
     "villagers"),
    ("Some 15-hundred soldiers crossed the river.", "Some 15-hundred", 1_500, 1_500, 1_500, "about", "soldiers"),
    ("Some two-million people lack clean water.", "Some two-million", 2e6, 2e6, 2e6, "about", "people"),
    ("Some three-thousand-strong militia held the town.", "Some three-thousand-strong", 3_000, 3_000, 3_000,
     "about", "militia"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "quantity", "value", "low", "high", "hedge", "unit"), SOME)
def test_some_n_thousand(claims_of, text, quantity, value, low, high, hedge, unit) -> None:
    _check(claims_of, text, quantity, value, low, high, hedge, unit)


# --- ranges: "tens of thousands", "hundreds of thousands", "two to three million" ------------------------

RANGES = [
    ("Tens of thousands of farmers protested.", "Tens of thousands", 20_000, 20_000, 99_999, "about", "farmers"),
    ("Hundreds of thousands of viewers tuned in.", "Hundreds of thousands", 200_000, 200_000, 999_999, "about",
     "viewers"),
    ("Tens-of-thousands of tourists left early.", "Tens-of-thousands", 20_000, 20_000, 99_999, "about", "tourists"),
    ("Between two and three million people moved.", "Between two and three million", 2.5e6, 2e6, 3e6, "exact",
     "people"),
    ("Two-three thousand workers were hired.", "Two-three thousand", 2_500, 2_000, 3_000, "exact", "workers"),
    ("Between fifteen-hundred and two-thousand runners took part.", "Between fifteen-hundred and two-thousand",
     1_750, 1_500, 2_000, "exact", "runners"),
    ("Between one hundred and two hundred boats sank.", "Between one hundred and two hundred", 150, 100, 200,
     "exact", "boats"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "quantity", "value", "low", "high", "hedge", "unit"), RANGES)
def test_ranges(claims_of, text, quantity, value, low, high, hedge, unit) -> None:
    _check(claims_of, text, quantity, value, low, high, hedge, unit)


# --- ages and durations stay ages and durations --------------------------------------------------------

AGES_AND_DURATIONS = [
    ("They restored a two-thousand-year-old bridge.", "two-thousand-year-old", 2_000, "age", "years (age)"),
    ("A 15-year-old striker scored twice.", "15-year-old", 15, "age", "years (age)"),
    ("A fifteen-year-old pupil won the prize.", "fifteen-year-old", 15, "age", "years (age)"),
    ("The walls are two thousand years old.", "two thousand years old", 2_000, "age", "years (age)"),
    ("The blockade lasted two-hundred days.", "two-hundred days", 200, "duration", "days"),
    ("He spent one and a half years abroad.", "one and a half years", 1.5, "duration", "years"),
]


@pytest.mark.parametrize(("text", "quantity", "value", "kind", "unit"), AGES_AND_DURATIONS)
def test_ages_and_durations(claims_of, text: str, quantity: str, value: float, kind: str, unit: str) -> None:
    claims = claims_of(text)
    assert [(c.quantity, c.value, c.kind, c.unit) for c in claims] == [(quantity, value, kind, unit)]


# --- not claims: dates, years, "one of the", ordinals, time references ----------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "The hearing is set for May 15.",  # a date
        "The mill closed in 1998.",  # a year
        "One of the pumps failed overnight.",  # "one of the"
        "She came first in the final.",  # an ordinal
        "The one-hundredth edition went to print.",  # an ordinal glued to "one"
        "Over the past two-hundred years the river moved.",  # a time reference, not a duration
        "It was a one-off payment.",  # "one-off"
        "They waited a couple of hours.",  # "a couple" with no scale word is no number
        "It was a classic one-two punch.",  # "one-two" is neither a range nor a sum
    ],
)
def test_not_claims(claims_of, text: str) -> None:
    assert [c.quantity for c in claims_of(text)] == []


def test_a_year_beside_a_spelled_count_is_not_a_count(claims_of) -> None:
    claims = claims_of("In 1998, twelve hundred people lived in the valley.")
    assert [(c.quantity, c.value) for c in claims] == [("twelve hundred", 1_200)]


# --- numerals with digits ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("10,000", (10_000, 1.0, False)),
        ("1.5", (1.5, 1.0, False)),
        ("2½", (2.5, 1.0, False)),
        ("3bn", (3e9, 1e9, False)),
        ("20m", (2e7, 1e6, False)),
        ("10,000+", (10_000, 1.0, True)),
        ("1st", None),
        ("10:30", None),
        ("G7", None),
        ("1,5", None),
        (".5", None),
    ],
)
def test_parse_numeral(text: str, expected: tuple[float, float, bool] | None) -> None:
    assert parse_numeral(text) == expected


@given(st.integers(min_value=0, max_value=10**12))
def test_thousands_separators_round_trip(n: int) -> None:
    assert parse_numeral(f"{n:,}") == (float(n), 1.0, False)
