"""A figure's history across the stories of one thread (issue 14): "North Korean troops in Russia" told in
the deployment story, then in the first-combat story, then in the casualties story.

Stories are events; a thread links the successive events of one development (``stories.threads``).
:func:`thread_figures` aligns the claims of all the thread's articles at once, with the same frames and
series as one story (``claims.align_claims``), and keeps each series that holds figures from two or more
of its stories: its rows are the figure by date, outlet, cited source and story, oldest first.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ..model import ClaimGroup, Extraction, Record
from .claims import OutletOf, align_claims, default_outlet


@dataclass(frozen=True, slots=True)
class ThreadRow(Record):
    """One report of a figure in a thread's history."""

    story_id: str
    story_label: str
    article_id: str
    outlet: str
    quantity: str
    low: float
    high: float
    as_of: dt.date | None
    cited: str
    status: str  # the status of its group among the thread's figures


@dataclass(frozen=True, slots=True)
class ThreadFigure(Record):
    """A figure followed across the stories of one thread."""

    series: str
    subject: str
    event: str
    stories: tuple[str, ...]
    rows: tuple[ThreadRow, ...]


def thread_figures(
    thread_id: str,
    extractions: Sequence[Extraction],
    story_of: Mapping[str, str],
    *,
    labels: Mapping[str, str] | None = None,
    outlet_of: OutletOf = default_outlet,
) -> list[ThreadFigure]:
    """The figures of a thread whose series spans two or more of its stories.

    Args:
        thread_id: the thread.
        extractions: every distinct source of the thread's stories (syndicated copies removed).
        story_of: article id -> the id of its story.
        labels: story id -> its label, for the rows.
        outlet_of: names an article's outlet.

    Returns:
        One ThreadFigure per spanning series, in order of its first report.
    """
    labels = labels or {}
    by_series: dict[str, list[tuple[ClaimGroup, ThreadRow]]] = {}
    for group in align_claims(thread_id, extractions, outlet_of=outlet_of):
        for member in group.members:
            row = ThreadRow(
                story_id=(sid := story_of.get(member.source.article_id, "")),
                story_label=labels.get(sid, ""),
                article_id=member.source.article_id,
                outlet=member.source.outlet,
                quantity=member.quantity,
                low=member.low,
                high=member.high,
                as_of=member.as_of,
                cited=member.cited,
                status=group.status,
            )
            by_series.setdefault(group.series, []).append((group, row))
    out = []
    for series, rows in by_series.items():
        stories = tuple(dict.fromkeys(r.story_id for _, r in rows if r.story_id))
        if len(stories) < 2:
            continue
        ordered = sorted(rows, key=lambda gr: (gr[1].as_of is None, gr[1].as_of or dt.date.min, gr[1].story_id))
        first = ordered[0][0]  # the figure is named as its earliest report's group names it
        out.append(ThreadFigure(series, first.subject, first.event, stories, tuple(r for _, r in ordered)))
    out.sort(key=lambda f: (f.rows[0].as_of is None, f.rows[0].as_of or dt.date.min, f.series))
    return out
