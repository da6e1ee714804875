"""The per-article JSON record printed by ``storyline extract`` (schema: docs/extract-schema.md).

Quote ``kind`` is "direct" for words inside quote marks (whole or partial, ``form`` tells which) and
"indirect" for reported speech; places are listed once per distinct place with all their mentions.
"""

from __future__ import annotations

from typing import Any

from .model import Extraction, Place


def _places(places: tuple[Place, ...]) -> list[dict[str, Any]]:
    grouped: dict[str, dict[str, Any]] = {}
    for p in places:
        entry = grouped.setdefault(
            p.gazetteer_id or p.name,
            {
                "name": p.name,
                "kind": p.kind,
                "lat": p.lat,
                "lon": p.lon,
                "country": p.country,
                "gazetteer_id": p.gazetteer_id,
                "aliases": [],
                "spans": [],
            },
        )
        if p.text not in entry["aliases"]:
            entry["aliases"].append(p.text)
        entry["spans"].append([p.start, p.end])
    return list(grouped.values())


def extraction_to_json(ex: Extraction) -> dict[str, Any]:
    """One article's record, JSON-ready."""
    art = ex.article
    return {
        "id": art.id,
        "source": art.source,
        "url": art.url,
        "published": art.published.isoformat() if art.published else None,
        "published_estimated": art.published_estimated,
        "outlet": art.outlet,
        "republisher": art.republisher,
        "title": art.title,
        "byline": art.byline,
        "language": art.language,
        "words": art.words,
        "text": art.text,
        "noise": [n.to_dict() for n in art.noise],
        "provenance": [p.to_dict() for p in art.provenance],
        "entities": [
            {"text": m.text, "label": m.label, "start": m.start, "end": m.end, "entity": m.entity} for m in ex.mentions
        ],
        "quotes": [
            {
                "text": q.text,
                "speaker": q.speaker,
                "kind": "indirect" if q.kind == "indirect" else "direct",
                "form": q.kind,
                "cue": q.cue,
                "start": q.start,
                "end": q.end,
                "in_title": q.in_title,
                "confidence": q.confidence,
                "tentative": q.tentative,
            }
            for q in ex.quotes
        ],
        "claims": [
            {
                "text": c.text,
                "quantity": c.quantity,
                "subject": c.subject,
                "value": c.value,
                "low": c.low,
                "high": c.high,
                "unit": c.unit,
                "hedge": c.hedge,
                "kind": c.kind,
                "as_of": c.as_of.isoformat() if c.as_of else None,
                "start": c.start,
                "end": c.end,
                "sentence": [c.sentence_start, c.sentence_end],
            }
            for c in ex.claims
        ],
        "times": [
            {
                "text": t.text,
                "start": t.start_date.isoformat() if t.start_date else None,
                "end": t.end_date.isoformat() if t.end_date else None,
                "granularity": t.granularity,
                "anchor": t.anchor,
                "span": [t.start, t.end],
            }
            for t in ex.times
        ],
        "places": _places(ex.places),
    }
