"""The briefing's places: each geocoded place once, with its mentions, and the doubtful ones set apart.

A wrong geocode costs a briefing more than a missing one: one surname read as a town on another
continent, or a misread headline word pinned in West Africa, forces the map out to a world view in
which the story's real places overlap in one blob (issue 15). So a place that is **far from every
other place on the map and weakly supported** is left off the map and listed as doubtful, with the
reason. Weakly supported: one mention, or a name that is also one of the story's people; far: more
than ``FAR_KM`` from every well-supported place. Countries are never pinned (they are shaded), so they
are never doubtful.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from ..model import Extraction

#: Place kinds drawn as markers; countries are shaded instead, continents are too coarse to place.
MARKER_KINDS = frozenset({"city", "region", "feature"})
#: A marker farther than this from every other marker is "far from the rest". 1,500 km is about the
#: width of a country the size of Ukraine: the places of one event (a flood valley, a front line, a
#: capital and the towns it sends help to) lie closer together; a foreign capital named in passing, or a
#: misread word geocoded to another continent, lies farther.
FAR_KM = 1500.0
EARTH_RADIUS_KM = 6371.0


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance between two (lat, lon) points, in km (haversine)."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def aggregate(
    sources: Sequence[Extraction], outlet: Mapping[str, str], cite: Callable[[Mapping[str, Any]], dict[str, Any]]
) -> list[dict[str, Any]]:
    """The story's places, most mentioned first, each with its first mention in every article.

    Args:
        sources: the extractions of the story's sources (syndicated copies left out).
        outlet: each article id -> its outlet.
        cite: turns a ``{article_id, start, end, text}`` ref into a cite (registering its anchor).

    Returns:
        The context's ``places`` (see ``docs/briefing.md``), ``doubt`` still None.
    """
    places: dict[str, dict[str, Any]] = {}
    seen: set[tuple[str, str]] = set()
    for ex in sources:
        for p in ex.places:
            key = p.gazetteer_id or p.name.casefold()
            entry = places.setdefault(
                key,
                {
                    "key": key,
                    "name": p.name,
                    "kind": p.kind,
                    "lat": p.lat,
                    "lon": p.lon,
                    "country": p.country,
                    "gazetteer_id": p.gazetteer_id,
                    "mentions": 0,
                    "outlets": [],
                    "first_mentions": [],
                },
            )
            entry["mentions"] += 1
            if outlet[ex.article.id] not in entry["outlets"]:
                entry["outlets"].append(outlet[ex.article.id])
            if (key, ex.article.id) not in seen:  # one link per article: its first mention
                seen.add((key, ex.article.id))
                ref = {"article_id": ex.article.id, "start": p.start, "end": p.end, "text": p.text}
                entry["first_mentions"].append(cite(ref))
    out = sorted(places.values(), key=lambda e: (-e["mentions"], e["name"]))
    for e in out:
        e["outlets"].sort()
        e["on_map"] = e["lat"] is not None and e["lon"] is not None and e["kind"] in MARKER_KINDS
        e["doubt"] = None
    return out


def person_names(entities: Iterable[Mapping[str, Any]]) -> set[str]:
    """Case-folded names, aliases and surnames (last word of a full name) of the story's people."""
    names: set[str] = set()
    for e in entities:
        if e.get("label") != "PERSON":
            continue
        for form in (e["name"], *e.get("aliases", ())):
            names.add(form.casefold())
            if " " in form.strip():
                names.add(form.split()[-1].casefold())
    return names


def mark_doubtful(places: list[dict[str, Any]], people: set[str]) -> None:
    """Take doubtful places off the map, saying why in their ``doubt`` (in place).

    A marker is weakly supported when it is mentioned once or named like one of the story's people; it
    is doubtful when it is also farther than ``FAR_KM`` from every well-supported marker (all other
    markers when none is well supported). Weak places near each other do not vouch for each other: two
    misread words geocoded to one far-off region stay doubtful.

    Args:
        places: the context's places (from :func:`aggregate`).
        people: case-folded names of the story's people (:func:`person_names`).
    """
    pinned = [p for p in places if p["on_map"]]
    weak = {id(p): p["name"].casefold() in people or p["mentions"] == 1 for p in pinned}
    for p in pinned:
        if not weak[id(p)]:
            continue
        others = [q for q in pinned if q is not p]
        anchors = [q for q in others if not weak[id(q)]] or others
        if not anchors:
            continue
        nearest = min(distance_km((p["lat"], p["lon"]), (q["lat"], q["lon"])) for q in anchors)
        if nearest <= FAR_KM:
            continue
        why = "also the name of a person in the story" if p["name"].casefold() in people else "one mention"
        p["doubt"] = f"{why}; {nearest:,.0f} km from the nearest well-supported place"
    for p in pinned:
        if p["doubt"]:
            p["on_map"] = False
