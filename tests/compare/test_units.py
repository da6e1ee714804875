"""Measures in different units compared in one (compare/units.py): one table row per case a reader meets
when outlets convert ("2,500 km (1,500 miles)"); the sentences are invented."""

from __future__ import annotations

import pytest

from storyline.compare import align_claims
from storyline.compare.units import base_unit, in_base_unit, precision

from .builders import D, report

DAY = D(2025, 3, 10)

# (label, (text A, claim A), (text B, claim B), expected: together | contradicted)
UNITS = [
    (
        "kilometres-and-miles-rounded-by-the-reporter",
        ("The search zone lies 2,500 km off the coast.", ("2,500 km", 2500, "km", "exact", "measure")),
        ("The search zone lies 1,500 miles off the coast.", ("1,500 miles", 1500, "mi", "exact", "measure")),
        "together",
    ),
    (
        "the-same-number-in-two-units-differs",
        ("The jet lost contact 120 km off the coast.", ("120 km", 120, "km", "exact", "measure")),
        (
            "The jet lost contact 120 nautical miles off the coast.",
            ("120 nautical miles", 120, "nmi", "exact", "measure"),
        ),
        "contradicted",
    ),
    (
        "square-kilometres-and-a-floor-in-square-miles",
        ("Crews now search 60,000 sq km of sea.", ("60,000 sq km", 60000, "km²", "exact", "measure")),
        (
            "Crews now search more than 23,000 square miles of sea.",
            ("more than 23,000 square miles", 23000, "mi²", "over", "measure"),
        ),
        "together",
    ),
    (
        "tonnes-and-pounds",
        ("The lorry carried 5 tonnes of aid.", ("5 tonnes", 5, "t", "exact", "measure")),
        ("The lorry carried 11,000 pounds of aid.", ("11,000 pounds", 11000, "lb", "exact", "measure")),
        "together",
    ),
    (
        "neighbouring-written-values-still-differ",
        ("The river peaked at 6.8 metres on Monday.", ("6.8 metres", 6.8, "m", "exact", "measure")),
        ("The river peaked at 6.9 metres on Monday.", ("6.9 metres", 6.9, "m", "exact", "measure")),
        "contradicted",
    ),
]


@pytest.mark.parametrize("row", UNITS, ids=[r[0] for r in UNITS])
def test_units(row) -> None:
    _, (text_a, claim_a), (text_b, claim_b), expected = row
    groups = align_claims(
        "s", [report(text_a, claim_a, outlet="A", published=DAY), report(text_b, claim_b, outlet="B", published=DAY)]
    )
    [group] = groups
    assert group.status == ("corroborated" if expected == "together" else "contradicted")


def test_a_groups_range_is_in_the_unit_its_members_write() -> None:
    """The comparison slack of a written number never shows in the consensus range."""
    reports = [
        report("The zone lies 2,500 km off the coast.", ("2,500 km", 2500, "km", "exact", "measure"), outlet=o)
        for o in ("A", "B")
    ]
    [group] = align_claims("s", reports)
    assert (group.unit, group.low, group.high) == ("km", 2500, 2500)


@pytest.mark.parametrize(
    ("value", "slack"), [(1500, 45), (2500, 45), (120, 4.5), (7, 0.45), (6.8, 0.045), (469407, 0.45)]
)
def test_precision_of_a_written_number(value, slack) -> None:
    assert precision(value) == pytest.approx(slack)


def test_base_units() -> None:
    assert base_unit("mi") == base_unit("nmi") == "m"
    assert base_unit("barrels") == "barrels"  # no fixed factor: compared in its own unit
    assert in_base_unit((1.0, 1.0), "barrels", 1, 1) == (1.0, 1.0)
    low, high = in_base_unit((1.0, 1.0), "km", 1, 1)
    assert low == pytest.approx(550) and high == pytest.approx(1450)
