"""Records flattened into tables: one explicit pyarrow schema per record type, and the row builders.

Two families of tables:

- per article (``EXTRACTION_TABLES``), built from an ``Extraction``: ``articles``, ``noise``, ``mentions``,
  ``quotes``, ``claims``, ``times``, ``places``, plus ``skips`` (inputs dropped, and why);
- per story (``STORY_TABLES``), built from the JSON a ``storyline build`` stores for each story:
  ``stories``, ``story_articles``, ``entities``, ``claim_groups``, ``claim_group_members``,
  ``quote_groups``, ``quote_group_members``, ``timeline``, ``timeline_sources``, ``contradictions``.

Column names are the record field names (so ``start``/``end`` are character offsets into the article's
clean text, except in ``noise`` where they point into ``raw``). Dates are ``date32``, offsets and counts
``int64``, numbers ``float64``; a column is nullable exactly when the record field is Optional. The
schemas are written out here on purpose rather than derived from the dataclasses: a change to a record
must be a visible change to the exported format (tests/test_export.py checks they still cover every field).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

import pyarrow as pa

from .model import Extraction, Skip

Row = dict[str, Any]

_STR, _INT, _FLOAT, _DATE, _BOOL = pa.string(), pa.int64(), pa.float64(), pa.date32(), pa.bool_()
_STR_LIST = pa.list_(pa.string())


def _schema(*fields: tuple[str, pa.DataType, bool]) -> pa.Schema:
    return pa.schema([pa.field(name, kind, nullable=nullable) for name, kind, nullable in fields])


# (name, type, nullable). Required fields first, as in the records.
_SPAN = (("article_id", _STR, False), ("start", _INT, False), ("end", _INT, False), ("text", _STR, False))
_SOURCE_REF = (
    ("article_id", _STR, False),
    ("outlet", _STR, False),
    ("start", _INT, False),
    ("end", _INT, False),
    ("text", _STR, False),
    ("published", _DATE, True),
)

SCHEMAS: dict[str, pa.Schema] = {
    "articles": _schema(
        ("id", _STR, False),
        ("source", _STR, False),
        ("url", _STR, True),
        ("outlet", _STR, True),
        ("title", _STR, True),
        ("byline", _STR, True),
        ("published", _DATE, True),
        ("language", _STR, False),
        ("words", _INT, False),
        ("noise_count", _INT, False),
        ("text", _STR, False),
        ("raw", _STR, False),
        ("republisher", _STR, True),
        ("published_estimated", _BOOL, False),
    ),
    # Where each metadata field of an article came from (model.FieldSource); start/end point into the
    # article's raw text (where = "raw") or clean text ("text"), or are null (HTML metadata, URL, fields).
    "provenance": _schema(
        ("article_id", _STR, False),
        ("field", _STR, False),
        ("method", _STR, False),
        ("text", _STR, False),
        ("start", _INT, True),
        ("end", _INT, True),
        ("where", _STR, True),
    ),
    "noise": _schema(
        ("article_id", _STR, False),
        ("kind", _STR, False),
        ("text", _STR, False),
        ("start", _INT, False),
        ("end", _INT, False),
    ),
    "mentions": _schema(*_SPAN, ("label", _STR, False), ("entity", _STR, False)),
    "quotes": _schema(
        *_SPAN,
        ("kind", _STR, False),
        ("speaker", _STR, True),
        ("cue", _STR, True),
        ("speaker_start", _INT, True),
        ("speaker_end", _INT, True),
        ("in_title", _BOOL, False),
        ("confidence", _FLOAT, True),
        ("tentative", _BOOL, False),
    ),
    "claims": _schema(
        *_SPAN,
        ("quantity", _STR, False),
        ("subject", _STR, False),
        ("value", _FLOAT, False),
        ("low", _FLOAT, False),
        ("high", _FLOAT, False),
        ("unit", _STR, False),
        ("hedge", _STR, False),
        ("kind", _STR, False),
        ("sentence_start", _INT, False),
        ("sentence_end", _INT, False),
        ("as_of", _DATE, True),
    ),
    "times": _schema(
        *_SPAN,
        ("start_date", _DATE, True),
        ("end_date", _DATE, True),
        ("granularity", _STR, True),
        ("anchor", _STR, False),
    ),
    "places": _schema(
        *_SPAN,
        ("name", _STR, False),
        ("kind", _STR, False),
        ("lat", _FLOAT, True),
        ("lon", _FLOAT, True),
        ("country", _STR, True),
        ("gazetteer_id", _STR, True),
    ),
    "skips": _schema(("source", _STR, False), ("reason", _STR, False)),
    "stories": _schema(
        ("id", _STR, False),
        ("label", _STR, False),
        ("first_published", _DATE, True),
        ("last_published", _DATE, True),
        ("article_count", _INT, False),
        ("source_count", _INT, False),  # articles minus syndicated copies
        ("outlets", _STR_LIST, False),
        ("key_entities", _STR_LIST, False),
        ("thread_id", _STR, True),  # stories of one development share it (issue 14)
    ),
    "story_articles": _schema(
        ("story_id", _STR, False),
        ("position", _INT, False),
        ("article_id", _STR, False),
        ("outlet", _STR, False),
        ("title", _STR, True),
        ("published", _DATE, True),
        ("published_estimate", _DATE, True),  # no stated date: its own date estimated from its text
        ("url", _STR, True),
        ("source", _STR, False),
        ("duplicate_of", _STR, True),
    ),
    "entities": _schema(
        ("story_id", _STR, False),
        ("id", _STR, False),
        ("name", _STR, False),
        ("label", _STR, False),
        ("aliases", _STR_LIST, False),
        ("mentions", _INT, False),
        ("outlets", pa.list_(pa.struct([("outlet", _STR), ("mentions", _INT)])), False),
        ("lat", _FLOAT, True),
        ("lon", _FLOAT, True),
        ("country", _STR, True),
        ("gazetteer_id", _STR, True),
    ),
    "claim_groups": _schema(
        ("story_id", _STR, False),
        ("id", _STR, False),
        ("subject", _STR, False),
        ("unit", _STR, False),
        ("kind", _STR, False),
        ("status", _STR, False),
        ("low", _FLOAT, True),
        ("high", _FLOAT, True),
        ("member_count", _INT, False),
        ("updates", _STR_LIST, False),
        ("event", _STR, False),
        ("part", _STR, False),
        ("series", _STR, False),
    ),
    "claim_group_members": _schema(
        ("story_id", _STR, False),
        ("group_id", _STR, False),
        ("position", _INT, False),
        *_SOURCE_REF,
        ("quantity", _STR, False),
        ("low", _FLOAT, False),
        ("high", _FLOAT, False),
        ("hedge", _STR, False),
        ("as_of", _DATE, True),
        ("cited", _STR, False),
    ),
    "quote_groups": _schema(
        ("story_id", _STR, False),
        ("id", _STR, False),
        ("speaker", _STR, True),
        ("text", _STR, False),
        ("member_count", _INT, False),
        ("conflicting_speakers", _BOOL, False),
    ),
    "quote_group_members": _schema(
        ("story_id", _STR, False),
        ("group_id", _STR, False),
        ("position", _INT, False),
        *_SOURCE_REF,
        ("speaker", _STR, True),  # as this outlet attributes the quote
    ),
    "timeline": _schema(
        ("story_id", _STR, False),
        ("event", _INT, False),  # position in the story's timeline
        ("start", _DATE, False),
        ("end", _DATE, False),
        ("granularity", _STR, False),
        ("text", _STR, False),
        ("source_count", _INT, False),
    ),
    "timeline_sources": _schema(
        ("story_id", _STR, False), ("event", _INT, False), ("position", _INT, False), *_SOURCE_REF
    ),
    "contradictions": _schema(
        ("story_id", _STR, False),
        ("position", _INT, False),
        ("topic", _STR, False),
        ("reason", _STR, False),
        *((f"first_{name}", kind, nullable) for name, kind, nullable in _SOURCE_REF),
        *((f"second_{name}", kind, nullable) for name, kind, nullable in _SOURCE_REF),
    ),
}

EXTRACTION_TABLES: tuple[str, ...] = (
    "articles", "noise", "provenance", "mentions", "quotes", "claims", "times", "places", "skips",
)
STORY_TABLES: tuple[str, ...] = (
    "stories",
    "story_articles",
    "entities",
    "claim_groups",
    "claim_group_members",
    "quote_groups",
    "quote_group_members",
    "timeline",
    "timeline_sources",
    "contradictions",
)
TABLES: tuple[str, ...] = EXTRACTION_TABLES + STORY_TABLES


def _fields(record: Any) -> Row:
    return {f.name: getattr(record, f.name) for f in dataclasses.fields(record)}


def extraction_rows(ex: Extraction) -> dict[str, list[Row]]:
    """One article's rows, per table (``articles`` gets one row; the others one per record).

    Args:
        ex: the article and its records.

    Returns:
        Table name -> rows (dicts keyed by column name, Python values: ``datetime.date``, int, str ...).
    """
    art = ex.article
    aid = art.id
    article = {
        "id": aid,
        "source": art.source,
        "url": art.url,
        "outlet": art.outlet,
        "title": art.title,
        "byline": art.byline,
        "published": art.published,
        "language": art.language,
        "words": art.words,
        "noise_count": len(art.noise),
        "text": art.text,
        "raw": art.raw,
        "republisher": art.republisher,
        "published_estimated": art.published_estimated,
    }
    return {
        "articles": [article],
        "noise": [{"article_id": aid} | _fields(n) for n in art.noise],
        "provenance": [{"article_id": aid} | _fields(p) for p in art.provenance],
        "mentions": [_fields(m) for m in ex.mentions],
        "quotes": [_fields(q) for q in ex.quotes],
        "claims": [_fields(c) for c in ex.claims],
        "times": [_fields(t) for t in ex.times],
        "places": [_fields(p) for p in ex.places],
    }


def skip_rows(skip: Skip) -> dict[str, list[Row]]:
    """The ``skips`` row of an input that was not processed."""
    return {"skips": [{"source": skip.source, "reason": skip.reason}]}


def _date(value: Any) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def _float(value: Any) -> float | None:
    return None if value is None else float(value)


def _source_ref(ref: Mapping[str, Any], prefix: str = "") -> Row:
    return {
        f"{prefix}article_id": ref["article_id"],
        f"{prefix}outlet": ref["outlet"],
        f"{prefix}start": ref["start"],
        f"{prefix}end": ref["end"],
        f"{prefix}text": ref["text"],
        f"{prefix}published": _date(ref.get("published")),
    }


def _entity_row(sid: str, e: Mapping[str, Any]) -> Row:
    return {
        "story_id": sid,
        "id": e["id"],
        "name": e["name"],
        "label": e["label"],
        "aliases": list(e.get("aliases", ())),
        "mentions": e.get("mentions", 0),
        "outlets": [{"outlet": outlet, "mentions": n} for outlet, n in e.get("outlets", ())],
        "lat": _float(e.get("lat")),
        "lon": _float(e.get("lon")),
        "country": e.get("country"),
        "gazetteer_id": e.get("gazetteer_id"),
    }


def _claim_rows(sid: str, groups: Sequence[Mapping[str, Any]]) -> tuple[list[Row], list[Row]]:
    rows, members = [], []
    for g in groups:
        rows.append(
            {
                "story_id": sid,
                "id": g["id"],
                "subject": g["subject"],
                "unit": g["unit"],
                "kind": g["kind"],
                "status": g["status"],
                "low": _float(g.get("low")),
                "high": _float(g.get("high")),
                "member_count": len(g["members"]),
                "updates": list(g.get("updates", ())),
                "event": g.get("event", ""),
                "part": g.get("part", ""),
                "series": g.get("series", ""),
            }
        )
        for i, m in enumerate(g["members"]):
            members.append(
                {"story_id": sid, "group_id": g["id"], "position": i}
                | _source_ref(m["source"])
                | {
                    "quantity": m["quantity"],
                    "low": float(m["low"]),
                    "high": float(m["high"]),
                    "hedge": m["hedge"],
                    "as_of": _date(m.get("as_of")),
                    "cited": m.get("cited", ""),
                }
            )
    return rows, members


def _quote_rows(sid: str, groups: Sequence[Mapping[str, Any]]) -> tuple[list[Row], list[Row]]:
    rows, members = [], []
    for g in groups:
        rows.append(
            {
                "story_id": sid,
                "id": g["id"],
                "speaker": g.get("speaker"),
                "text": g["text"],
                "member_count": len(g["members"]),
                "conflicting_speakers": bool(g.get("conflicting_speakers", False)),
            }
        )
        for i, (ref, speaker) in enumerate(g["members"]):
            members.append(
                {"story_id": sid, "group_id": g["id"], "position": i} | _source_ref(ref) | {"speaker": speaker}
            )
    return rows, members


def story_rows(data: Mapping[str, Any]) -> dict[str, list[Row]]:
    """One stored story's rows, per story table.

    Args:
        data: the story's JSON as ``storyline build`` stores it (``Store.story``): keys ``story``,
            ``articles``, ``entities``, ``claim_groups``, ``quote_groups``, ``timeline``, ``contradictions``.

    Returns:
        Table name -> rows.
    """
    story = data["story"]
    sid = story["id"]
    claim_groups, claim_members = _claim_rows(sid, data.get("claim_groups", ()))
    quote_groups, quote_members = _quote_rows(sid, data.get("quote_groups", ()))
    timeline: list[Row] = []
    timeline_sources: list[Row] = []
    for event, t in enumerate(data.get("timeline", ())):
        timeline.append(
            {
                "story_id": sid,
                "event": event,
                "start": _date(t["start"]),
                "end": _date(t["end"]),
                "granularity": t["granularity"],
                "text": t["text"],
                "source_count": len(t["sources"]),
            }
        )
        timeline_sources.extend(
            {"story_id": sid, "event": event, "position": i} | _source_ref(ref) for i, ref in enumerate(t["sources"])
        )
    return {
        "stories": [
            {
                "id": sid,
                "label": story["label"],
                "first_published": _date(story.get("first_published")),
                "last_published": _date(story.get("last_published")),
                "article_count": len(story["article_ids"]),
                "source_count": len(story["article_ids"]) - len(story.get("duplicates", ())),
                "outlets": list(story.get("outlets", ())),
                "key_entities": list(story.get("key_entities", ())),
                "thread_id": story.get("thread_id"),
            }
        ],
        "story_articles": [
            {
                "story_id": sid,
                "position": i,
                "article_id": a["id"],
                "outlet": a["outlet"],
                "title": a.get("title"),
                "published": _date(a.get("published")),
                "published_estimate": _date(a.get("published_estimate")),
                "url": a.get("url"),
                "source": a["source"],
                "duplicate_of": a.get("duplicate_of"),
            }
            for i, a in enumerate(data.get("articles", ()))
        ],
        "entities": [_entity_row(sid, e) for e in data.get("entities", ())],
        "claim_groups": claim_groups,
        "claim_group_members": claim_members,
        "quote_groups": quote_groups,
        "quote_group_members": quote_members,
        "timeline": timeline,
        "timeline_sources": timeline_sources,
        "contradictions": [
            {"story_id": sid, "position": i, "topic": c["topic"], "reason": c["reason"]}
            | _source_ref(c["first"], "first_")
            | _source_ref(c["second"], "second_")
            for i, c in enumerate(data.get("contradictions", ()))
        ],
    }


def to_arrow(table: str, rows: Sequence[Row]) -> pa.Table:
    """Rows of ``table`` as a pyarrow Table with the table's schema (keys outside the schema are ignored).

    Raises:
        ValueError: a required (non-nullable) column holds a null, naming the table and column.
    """
    schema = SCHEMAS[table]
    out = pa.Table.from_pylist(list(rows), schema=schema)
    for f in schema:
        if not f.nullable and out.column(f.name).null_count:
            missing = out.column(f.name).null_count
            raise ValueError(f"table {table}: column {f.name!r} is required but {missing} row(s) have no value")
    return out
