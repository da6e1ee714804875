"""SpanIndex and inside_any: position lookups that replaced whole-Doc scans (extraction was quadratic in
an article's length). Each must return exactly what the scan returned, in the items' order."""

from __future__ import annotations

import random

import pytest

from storyline.extract.sentences import SpanIndex, inside_any, merged_ranges

ITEMS = [(0, 2), (1, 5), (3, 4), (3, 9), (6, 7), (10, 12), (10, 11)]


def scan_overlapping(items, start, end):
    return [x for x in items if x[0] < end and start < x[1]]


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (0, 1, [(0, 2)]),
        (2, 3, [(1, 5)]),
        (3, 4, [(1, 5), (3, 4), (3, 9)]),
        (8, 10, [(3, 9)]),  # a long item that starts far before the range
        (9, 10, []),  # between items: ends are exclusive
        (12, 20, []),
        (0, 100, ITEMS),
    ],
)
def test_overlapping(start: int, end: int, expected: list[tuple[int, int]]) -> None:
    assert SpanIndex(ITEMS, lambda x: x).overlapping(start, end) == expected


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [(3, 4, [(3, 4), (3, 9)]), (0, 3, [(0, 2), (1, 5)]), (4, 10, [(6, 7)]), (10, 11, [(10, 12), (10, 11)])],
)
def test_starting_in_keeps_the_items_order(start: int, end: int, expected: list[tuple[int, int]]) -> None:
    assert SpanIndex(ITEMS, lambda x: x).starting_in(start, end) == expected


def test_matches_the_scan_on_random_items() -> None:
    rng = random.Random(5)
    for _ in range(200):
        items = [(a, a + rng.randint(1, 8)) for a in (rng.randint(0, 60) for _ in range(rng.randint(0, 25)))]
        index = SpanIndex(items, lambda x: x)
        for _ in range(20):
            a = rng.randint(0, 70)
            b = a + rng.randint(1, 10)
            assert index.overlapping(a, b) == scan_overlapping(items, a, b)
            assert index.containing(a) == scan_overlapping(items, a, a + 1)


@pytest.mark.parametrize(
    ("position", "ranges", "inside"),
    [
        (5, [(0, 3), (4, 9)], True),
        (3, [(0, 3), (4, 9)], False),  # end is exclusive
        (6, [(0, 10), (2, 4)], True),  # nested ranges: the outer one counts
        (0, [], False),
        (12, [(10, 11), (5, 20)], True),  # unsorted input is merged first
    ],
)
def test_inside_any(position: int, ranges: list[tuple[int, int]], inside: bool) -> None:
    assert inside_any(position, merged_ranges(ranges)) is inside
