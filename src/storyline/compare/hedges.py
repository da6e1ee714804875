"""Hedge semantics: the range of true values a hedged figure allows ("roughly 10,000" -> 9,000..11,000).

``Claim.hedge`` holds one of :data:`HEDGES` (see ``extract/lexicons.py`` for the surface words behind
each). :func:`hedge_interval` turns a figure and its hedge into a closed interval; two outlets' figures
agree when their intervals intersect (:func:`intersect`). The tolerances and why they were chosen are
written down in ``docs/hedges.md``; this module is the executable form of that table.

Intervals are closed at both ends. Newsroom figures are rounded, so "more than 1,200" next to an exact
"1,200" is treated as agreement, not as a strict-inequality conflict.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Sequence
from typing import TypeVar

from ..model import ClaimMember

#: Every hedge the claim extractor emits (``model.Hedge``).
HEDGES: tuple[str, ...] = ("exact", "about", "over", "under", "up to", "at least", "at most", "nearly")

#: "about X" allows X +- 10%. Reporters round to two significant figures ("about 1,200" for 1,150..1,249,
#: +-4%) or to one ("about 10,000" for 9,500..10,499, +-5%); 10% covers both roundings of the *same* count
#: made by two outlets (one says "about 1,100", the other "about 1,200" for 1,150) while keeping "about
#: 1,200" apart from 1,500. This is also the reading the issue asks for (about X -> [0.9X, 1.1X]).
ABOUT_TOLERANCE = 0.10

#: "over X" / "more than X" allows X .. X * 1.5. The figure after "more than" is a floor the writer rounded
#: down to; had the count been half as large again, the floor would have been raised ("more than 1,800").
#: An unbounded reading would make "more than 1,200" agree with any later, larger count, hiding updates
#: (1,200 -> 2,300 evacuated) behind a false corroboration; 1.5 keeps "over 10,000" compatible with
#: "roughly 10,000" and with 12,000-14,000, which writers do still call "more than 10,000".
OVER_CAP_FACTOR = 1.5

#: "under X" / "fewer than X" mirrors "over": X / 1.5 .. X.
UNDER_FLOOR_FACTOR = 1 / OVER_CAP_FACTOR

#: "nearly X" / "almost X" allows 0.9X .. X: just short of the figure, by at most the "about" tolerance.
NEARLY_TOLERANCE = 0.10

Interval = tuple[float, float]
T = TypeVar("T")


def hedge_interval(value_low: float, value_high: float, hedge: str) -> Interval:
    """The closed range of true values a hedged figure allows.

    ``value_low``/``value_high`` are the claim's own bounds (equal for a single figure; a stated range
    "8,000 to 12,000" or a vague plural "thousands" gives two). The hedge widens or moves them:

    ============  ==========================================================
    exact         [low, high]
    about         [low - 10%, high + 10%]
    over          [high, high * 1.5]
    under         [low / 1.5, low]
    up to         [0, high]        (never below zero for a positive figure)
    at least      [low, inf)       a floor, typically of a count still rising
    at most       [0, high]
    nearly        [high - 10%, high]
    ============  ==========================================================

    Tolerances scale with the figure's magnitude, so negative figures (a fall of 3%) widen the same way.

    Args:
        value_low: lower bound of the figure as stated.
        value_high: upper bound of the figure as stated (swapped with ``value_low`` if smaller).
        hedge: one of :data:`HEDGES`.

    Returns:
        ``(low, high)`` with ``low <= high``; ``high`` may be ``math.inf``.

    Raises:
        ValueError: if ``hedge`` is not one of :data:`HEDGES`, or a bound is NaN.
    """
    if math.isnan(value_low) or math.isnan(value_high):
        raise ValueError(f"figure bounds must be numbers, got {value_low!r}..{value_high!r}")
    low, high = min(value_low, value_high), max(value_low, value_high)
    if hedge == "exact":
        return low, high
    if hedge == "about":
        return low - ABOUT_TOLERANCE * abs(low), high + ABOUT_TOLERANCE * abs(high)
    if hedge == "over":
        return high, high + (OVER_CAP_FACTOR - 1) * abs(high)
    if hedge == "under":
        return low - (1 - UNDER_FLOOR_FACTOR) * abs(low), low
    if hedge in ("up to", "at most"):
        return min(0.0, high), high
    if hedge == "at least":
        return low, math.inf
    if hedge == "nearly":
        return high - NEARLY_TOLERANCE * abs(high), high
    raise ValueError(f"unknown hedge {hedge!r}; expected one of {', '.join(HEDGES)}")


def intersect(first: Interval | None, second: Interval | None) -> Interval | None:
    """The common part of two closed intervals, or None when they are disjoint (or either is None).

    A relative slack of ``1e-9`` absorbs float noise ("about 1,000" computed as 1,100.0000000000002).
    """
    if first is None or second is None:
        return None
    low, high = max(first[0], second[0]), min(first[1], second[1])
    slack = 1e-9 * max(1.0, abs(low), abs(high) if math.isfinite(high) else 0.0)
    if low > high + slack:
        return None
    return (low, max(low, high))


def compatible(first: Interval, second: Interval) -> bool:
    """True when two hedged figures can both be true."""
    return intersect(first, second) is not None


#: For telling figures apart (not for compatibility), an open floor "at least X" stands for X .. X * 1.5,
#: as "over X" does: "at least 100" dead is compatible with "around 1,000" (both can hold), but it does
#: not corroborate it, and the two are different figures of one series (issue 14).
FLOOR_FIGURE_FACTOR = OVER_CAP_FACTOR


def figure_interval(low: float, high: float, hedge: str) -> Interval:
    """The range a figure stands for when telling figures apart: :func:`hedge_interval`, with an open
    floor ("at least X") capped at X * FLOOR_FIGURE_FACTOR."""
    lo, hi = hedge_interval(low, high, hedge)
    if hedge == "at least" and math.isinf(hi):
        return lo, low + (FLOOR_FIGURE_FACTOR - 1) * abs(low)
    return lo, hi


def split_figures(
    items: Sequence[T], interval_of: Callable[[T], Interval], anchor_of: Callable[[T], float] | None = None
) -> list[tuple[Interval, list[T]]]:
    """Join hedged figures that can all be true into "figures", greedily and in the given order.

    Each item joins a figure whose common range it shares (narrowing that range), otherwise it starts a
    new one. Callers order items by date, then by interval width, so exact figures set the range that
    looser ones ("at least three") then join. Of several figures an item could join, it joins the first,
    or with ``anchor_of``, the one whose range lies nearest the figure the item states: "at least 129"
    joins "129" rather than an earlier "132" it also allows.

    Args:
        items: the things to split (claims, group members), in the order to consider them.
        interval_of: an item's hedged interval (:func:`hedge_interval`).
        anchor_of: the number an item states (its value), to choose among the figures it fits.

    Returns:
        ``(common range, members)`` per figure, in order of creation.
    """
    figures: list[tuple[Interval, list[T]]] = []
    for item in items:
        interval = interval_of(item)
        fits = [(k, narrowed) for k, (common, _) in enumerate(figures)
                if (narrowed := intersect(common, interval)) is not None]
        if not fits:
            figures.append((interval, [item]))
            continue
        if anchor_of is None:
            k, narrowed = fits[0]
        else:
            anchor = anchor_of(item)  # (once per item, not once per figure it fits)
            k, narrowed = min(fits, key=lambda fit: _distance(anchor, figures[fit[0]][0]))
        figures[k][1].append(item)
        figures[k] = (narrowed, figures[k][1])
    return figures


def _distance(value: float, interval: Interval) -> float:
    """How far ``value`` lies outside ``interval`` (0 inside it)."""
    return max(interval[0] - value, value - interval[1], 0.0)


def figures_of(members: Sequence[ClaimMember]) -> list[list[ClaimMember]]:
    """Split a ClaimGroup's members into figures, as ``align_claims`` did: members whose hedged
    intervals share a common range. A contradicted group has two or more figures.

    Args:
        members: a group's members.

    Returns:
        The figures, each a list of members, in date order.
    """

    def interval_of(m: ClaimMember) -> Interval:
        try:
            return hedge_interval(m.low, m.high, m.hedge)
        except ValueError:
            return (min(m.low, m.high), max(m.low, m.high))

    ordered = sorted(
        members,
        key=lambda m: (m.as_of is None, m.as_of or dt.date.min, interval_of(m)[1] - interval_of(m)[0]),
    )
    return [found for _, found in split_figures(ordered, interval_of, lambda m: (m.low + m.high) / 2)]
