"""The records of the listings: the story list as ``/api/stories`` and ``storyline stories --format json``
give it, and the article list of ``/api/articles``. One builder each, so the API and the command line
cannot drift apart (issue 15).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from itertools import islice
from typing import Any

from .store import Store

#: Fields of a story row every story record carries, in this order, before its outlets and date flags.
STORY_FIELDS = ("id", "label", "first_published", "last_published", "articles", "sources")


def story_summary(row: sqlite3.Row) -> dict[str, Any]:
    """A story row's outlets, and whether its first and last dates are only estimates (issue 11)."""
    story = json.loads(row["data"])["story"]
    return {
        "outlets": story.get("outlets", []),
        "first_published_estimated": bool(story.get("first_published_estimated")),
        "last_published_estimated": bool(story.get("last_published_estimated")),
    }


def story_records(rows: Iterable[sqlite3.Row]) -> list[dict[str, Any]]:
    """Story rows (``Store.stories()``) as records: id, label, first and last date, article and source
    counts, outlets, and whether each date is estimated. Biggest story first, as stored."""
    return [{k: row[k] for k in STORY_FIELDS} | story_summary(row) for row in rows]


def article_records(store: Store, limit: int) -> list[dict[str, Any]]:
    """The stored articles' metadata (no text), oldest first, at most ``limit``."""
    return [
        {
            "id": a.id,
            "source": a.source,
            "outlet": a.outlet,
            "title": a.title,
            "published": a.published.isoformat() if a.published else None,
            "published_estimated": a.published_estimated,  # estimated from its own text (issue 11)
            "words": a.words,
            "version": a.version,
            "previous_id": a.previous_id,
        }
        for a in islice(store.articles(), limit)
    ]
