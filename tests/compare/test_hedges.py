"""Hedge semantics (docs/hedges.md), table-driven."""

from __future__ import annotations

import datetime as dt
import math

import pytest

from storyline.compare import HEDGES, figures_of, hedge_interval
from storyline.compare.hedges import compatible, intersect
from storyline.model import ClaimMember, SourceRef

INF = math.inf


@pytest.mark.parametrize(
    ("low", "high", "hedge", "expected"),
    [
        (1200, 1200, "exact", (1200, 1200)),
        (10_000, 10_000, "about", (9000, 11_000)),
        (10_000, 10_000, "over", (10_000, 15_000)),
        (10_000, 10_000, "under", (10_000 / 1.5, 10_000)),
        (12, 12, "up to", (0, 12)),
        (3, 3, "at least", (3, INF)),
        (100, 100, "at most", (0, 100)),
        (10_000, 10_000, "nearly", (9000, 10_000)),
        (2000, 9999, "about", (1800, 10_998.9)),  # a vague plural keeps its range and widens it
        (8000, 12_000, "exact", (8000, 12_000)),  # a stated range
        (12_000, 8000, "exact", (8000, 12_000)),  # bounds given in the wrong order
        (-3, -3, "about", (-3.3, -2.7)),  # a fall of about 3%: the tolerance scales with the magnitude
        (0, 0, "about", (0, 0)),
    ],
)
def test_hedge_interval(low: float, high: float, hedge: str, expected: tuple[float, float]) -> None:
    got = hedge_interval(low, high, hedge)
    assert got[0] == pytest.approx(expected[0])
    assert got[1] == pytest.approx(expected[1]) if math.isfinite(expected[1]) else got[1] == INF


@pytest.mark.parametrize("hedge", HEDGES)
def test_every_hedge_gives_an_ordered_interval_containing_the_figure_or_its_bound(hedge: str) -> None:
    low, high = hedge_interval(500, 500, hedge)
    assert low <= high
    assert low <= 500 <= high


@pytest.mark.parametrize("bad", ["roughly", "", "EXACT", "more than"])
def test_unknown_hedge_names_the_allowed_ones(bad: str) -> None:
    with pytest.raises(ValueError, match="expected one of exact, about"):
        hedge_interval(1, 1, bad)


def test_nan_bound_is_refused() -> None:
    with pytest.raises(ValueError):
        hedge_interval(math.nan, 1, "exact")


@pytest.mark.parametrize(
    ("first", "second", "agree"),
    [
        ((10_000, "about"), (10_000, "over"), True),  # WSJ "roughly 10,000" vs DW "over 10,000"
        ((1200, "about"), (1200, "over"), True),
        ((1200, "about"), (1200, "exact"), True),
        ((3, "exact"), (7, "at least"), False),  # the demo's deaths: 3 vs at least 7
        ((3, "at least"), (7, "at least"), True),  # two floors can both hold
        ((3, "exact"), (3, "at least"), True),
        ((12, "exact"), (12, "exact"), True),  # "a dozen" and "12"
        ((1200, "over"), (2300, "exact"), False),  # an update, not a restatement
        ((10_000, "exact"), (11_000, "exact"), False),
        ((10_000, "nearly"), (10_000, "about"), True),
        ((10_000, "nearly"), (10_500, "exact"), False),
        ((1000, "under"), (1000, "over"), True),  # they touch at 1,000: rounded figures
        ((1000, "under"), (1100, "over"), False),
        ((300, "about"), (1200, "about"), False),
        ((12, "up to"), (3, "exact"), True),
    ],
)
def test_compatibility_table(first: tuple[float, str], second: tuple[float, str], agree: bool) -> None:
    a = hedge_interval(first[0], first[0], first[1])
    b = hedge_interval(second[0], second[0], second[1])
    assert compatible(a, b) is agree
    assert compatible(b, a) is agree


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ((9000, 11_000), (10_000, 15_000), (10_000, 11_000)),
        ((7, INF), (3, INF), (7, INF)),
        ((1, 2), (3, 4), None),
        ((1, 2), None, None),
        ((1100.0000000000002, 1200), (1000, 1100), (1100.0000000000002, 1100.0000000000002)),  # float noise
    ],
)
def test_intersect(a, b, expected) -> None:
    assert intersect(a, b) == expected


def _member(quantity: str, value: float, hedge: str, day: int) -> ClaimMember:
    ref = SourceRef("a", "outlet", 0, 1, quantity)
    return ClaimMember(ref, quantity, value, value, hedge, dt.date(2025, 3, day))


@pytest.mark.parametrize(
    ("members", "sizes"),
    [
        # exact figures set the range before looser ones join: "at least three" joins the 3s, not the 7
        (
            [("at least seven", 7, "at least", 11), ("at least three", 3, "at least", 11), ("three", 3, "exact", 11)],
            [2, 1],
        ),
        ([("about 1,200", 1200, "about", 11), ("more than 1,200", 1200, "over", 11)], [2]),
        ([("12", 12, "exact", 11), ("nine", 9, "exact", 13), ("two", 2, "exact", 14)], [1, 1, 1]),
        ([], []),
    ],
)
def test_figures_of(members, sizes) -> None:
    figures = figures_of([_member(*m) for m in members])
    assert sorted(len(f) for f in figures) == sorted(sizes)


def test_compare_exports_match_all() -> None:
    import types

    import storyline.compare as compare

    public = {
        name
        for name in dir(compare)
        if not name.startswith("_") and not isinstance(getattr(compare, name), types.ModuleType)
    }
    assert set(compare.__all__) == public - {"annotations"}


@pytest.mark.parametrize(
    ("items", "figures"),
    [
        # a floor joins the figure nearest the number it states, not the first one it allows
        ([("132", 132, 132, "exact"), ("129", 129, 129, "exact"), ("at least 129", 129, 129, "at least")],
         [["132"], ["129", "at least 129"]]),
        # "about 1,200" fits 1,150 and 1,250: the nearer one, then the first of two as near
        ([("1,150", 1150, 1150, "exact"), ("1,210", 1210, 1210, "exact"), ("about 1,200", 1200, 1200, "about")],
         [["1,150"], ["1,210", "about 1,200"]]),
        ([("1,190", 1190, 1190, "exact"), ("1,210", 1210, 1210, "exact"), ("about 1,200", 1200, 1200, "about")],
         [["1,190", "about 1,200"], ["1,210"]]),
    ],
)
def test_a_hedged_figure_joins_the_nearest_figure_it_fits(items, figures) -> None:
    from storyline.compare.hedges import split_figures

    split = split_figures(items, lambda it: hedge_interval(it[1], it[2], it[3]), lambda it: (it[1] + it[2]) / 2)
    assert [[it[0] for it in members] for _, members in split] == figures
