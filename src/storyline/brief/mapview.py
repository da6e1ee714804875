"""The briefing map in SVG units: the base layer fitted to the story's kept places, markers, labels that
always fit inside the view, and zoomed views of the clusters where markers crowd each other.

Doubtful places (``places[].doubt``, see :mod:`storyline.brief.places`) are not drawn and do not widen
the view: the map shows the bounds of the places the story is about, not a world view (issue 15).
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Mapping, Sequence
from typing import Any

from . import geo

#: Marker radius in map units: MARKER_MIN plus MARKER_SCALE per square root of the mention count (area
#: grows with mentions), capped at MARKER_MAX so one much-cited town does not hide its neighbours.
MARKER_MIN, MARKER_SCALE, MARKER_MAX = 4.0, 2.0, 14.0
#: Map labels: at most LABEL_MAX, most mentioned first, each skipped if it would overlap one already
#: placed or leave the view. LABEL_SIZE is the font size in map units; LABEL_CHAR the average glyph
#: width at that size (system sans-serif, measured on "Chisinau", "Korean Demilitarized Zone").
LABEL_MAX = 14
LABEL_SIZE = 14.0
LABEL_CHAR = 7.5
#: Least horizontal gap between two labels (map units), so two labels on one line never read as one word.
LABEL_GAP = 6.0
#: On phones (about 360 px for 800 units) 14-unit labels are 6 px: there the CSS shows a second set of
#: labels, at most PHONE_LABEL_MAX at PHONE_LABEL_SIZE units (~12 px), placed for that size.
PHONE_LABEL_MAX = 6
PHONE_LABEL_SIZE = 28.0
#: Two markers closer than this (map units, of 800) crowd each other: about three big markers' radii.
#: Markers linked by such distances form a cluster, which gets a zoomed view of its own.
CLUSTER_UNITS = 48.0
#: Zoomed views: at most ZOOM_MAX clusters (the most mentioned first, wherever they are), each at least
#: ZOOM_MIN_SPAN_DEG of latitude tall (about 55 km: a town and its neighbours), offered only when it
#: magnifies the view it comes from at least ZOOM_GAIN times (a smaller gain shows nothing new). A zoom's
#: own crowded clusters get zooms too, ZOOM_DEPTH levels deep: the world view of a Paris story (a
#: statement from Washington, a comparison with Mumbai) zooms to Europe and the Levant, that to
#: north-west Europe, and that to the Paris suburbs.
ZOOM_MAX = 5
ZOOM_DEPTH = 3
ZOOM_MIN_SPAN_DEG = 0.5
ZOOM_GAIN = 2.5
#: Names listed in a zoom control before "and N more".
ZOOM_NAMES = 3


def _fits(box: tuple[float, float, float, float], width: float, height: float) -> bool:
    x, y, w, h = box
    return x >= 0 and y >= 0 and x + w <= width and y + h <= height


def _overlaps(box: tuple[float, float, float, float], placed: Sequence[tuple[float, float, float, float]]) -> bool:
    """Whether ``box`` comes within LABEL_GAP of a placed box."""
    g = LABEL_GAP
    return any(
        box[0] < b[0] + b[2] + g and b[0] < box[0] + box[2] + g and box[1] < b[1] + b[3] and b[1] < box[1] + box[3]
        for b in placed
    )


def place_labels(
    markers: Sequence[dict[str, Any]], width: float, height: float, *, size: float, limit: int
) -> dict[int, dict[str, Any]]:
    """Greedy label placement, most mentioned first: right of the marker, else left, above, below.

    A label is placed only where its whole box lies inside the view and overlaps no label placed
    before, so no label is ever clipped by the map's edge.

    Returns:
        Marker index -> ``{"x", "y" (baseline), "anchor" (SVG text-anchor)}``.
    """
    placed: list[tuple[float, float, float, float]] = []
    out: dict[int, dict[str, Any]] = {}
    for i in sorted(range(len(markers)), key=lambda i: -markers[i]["mentions"]):
        if len(out) >= limit:
            break
        m = markers[i]
        w, gap = len(m["name"]) * LABEL_CHAR * size / LABEL_SIZE, m["r"] + 2
        # (x of the text anchor, baseline y, text-anchor); the glyphs span baseline - 0.8 size to + 0.2 size
        candidates = [
            (m["x"] + gap, m["y"] + size * 0.35, "start"),
            (m["x"] - gap, m["y"] + size * 0.35, "end"),
            (m["x"], m["y"] - gap - size * 0.2, "middle"),
            (m["x"], m["y"] + gap + size * 0.8, "middle"),
        ]
        for x, y, anchor in candidates:
            left = {"start": x, "end": x - w, "middle": x - w / 2}[anchor]
            box = (left, y - size * 0.8, w, size)
            if _fits(box, width, height) and not _overlaps(box, placed):
                placed.append(box)
                out[i] = {"x": round(x, 1), "y": round(y, 1), "anchor": anchor}
                break
    return out


def _clusters(markers: Sequence[Mapping[str, Any]]) -> list[list[int]]:
    """Groups of two or more markers linked by distances under CLUSTER_UNITS, most mentioned first."""
    parent = list(range(len(markers)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in range(len(markers)):
        for j in range(i + 1, len(markers)):
            a, b = markers[i], markers[j]
            if math.hypot(a["x"] - b["x"], a["y"] - b["y"]) < CLUSTER_UNITS:
                parent[root(i)] = root(j)
    groups: dict[int, list[int]] = {}
    for i in range(len(markers)):
        groups.setdefault(root(i), []).append(i)
    found = [g for g in groups.values() if len(g) >= 2]
    return sorted(found, key=lambda g: -sum(markers[i]["mentions"] for i in g))


def _layer(
    pinned: Sequence[Mapping[str, Any]], framing: Sequence[Mapping[str, Any]], named: set[str], min_span: float
) -> dict[str, Any]:
    layer = geo.base_map([(p["lon"], p["lat"]) for p in framing], highlight=named, min_span=min_span)
    view = layer["view"]
    markers = []
    for p in pinned:
        x, y = geo.project_point(view, p["lon"], p["lat"])
        if not (0 <= x <= view["width"] and 0 <= y <= view["height"]):
            continue  # a zoomed view shows its cluster only
        first = p["first_mentions"][0] if p.get("first_mentions") else None
        markers.append(
            {
                "key": p["key"],
                "name": p["name"],
                "x": x,
                "y": y,
                "r": round(min(MARKER_MAX, MARKER_MIN + MARKER_SCALE * math.sqrt(p["mentions"])), 1),
                "mentions": p["mentions"],
                "anchor": first["anchor"] if first else None,
                "title": f"{p['name']} ({p['kind']}): {p['mentions']} mentions in {', '.join(p['outlets'])}",
                "label": None,
                "phone_label": None,
            }
        )
    markers.sort(key=lambda m: -m["r"])  # big markers first, so small ones stay clickable on top
    width, height = view["width"], view["height"]
    for i, label in place_labels(markers, width, height, size=LABEL_SIZE, limit=LABEL_MAX).items():
        markers[i]["label"] = label
    for i, label in place_labels(markers, width, height, size=PHONE_LABEL_SIZE, limit=PHONE_LABEL_MAX).items():
        markers[i]["phone_label"] = label
    layer["markers"] = markers
    return layer


def map_layer(places: Sequence[Mapping[str, Any]]) -> dict[str, Any] | None:
    """The map of a briefing's places: base layer, markers and labels in SVG units, and cluster zooms.

    Args:
        places: the context's ``places``.

    Returns:
        None when no place has coordinates; else the :func:`storyline.brief.geo.base_map` dict plus
        ``markers`` (``name``, ``x``, ``y``, ``r``, ``mentions``, ``anchor``, ``title``, ``label`` and
        ``phone_label``: ``{x, y, anchor}`` or None) and ``zooms``: a list of ``{"names", "more",
        "layer"}``, one per cluster of crowded markers (on the overview, then inside the zooms), each
        ``layer`` a map of its own.
    """
    located = [p for p in places if p.get("lat") is not None and p.get("lon") is not None]
    pinned = [p for p in located if p.get("on_map")]
    framing = pinned or [p for p in located if p.get("kind") == "country"]
    if not framing:
        return None
    named = {p["country"] for p in located if p.get("kind") == "country" and p.get("country")}
    layer = _layer(pinned, framing, named, geo.MIN_SPAN_DEG)
    by_key = {p["key"]: p for p in pinned}
    zooms: list[dict[str, Any]] = []
    seen: set[frozenset[str]] = set()
    # candidate clusters, most mentioned first: the overview's, then those crowding inside each zoom
    heap: list[tuple[int, int, frozenset[str], float, int]] = []
    order = 0

    def push(source: dict[str, Any], depth: int) -> None:
        nonlocal order
        width = source["view"]["east"] - source["view"]["west"]
        for cluster in _clusters(source["markers"]):
            keys = frozenset(source["markers"][i]["key"] for i in cluster)
            weight = sum(source["markers"][i]["mentions"] for i in cluster)
            heapq.heappush(heap, (-weight, order, keys, width, depth))
            order += 1

    push(layer, 1)
    while heap and len(zooms) < ZOOM_MAX:
        _, _, keys, width, depth = heapq.heappop(heap)
        if keys in seen:
            continue
        members = sorted((by_key[k] for k in keys), key=lambda p: (-p["mentions"], p["name"]))
        zoom = _layer(pinned, members, named, ZOOM_MIN_SPAN_DEG)
        if width / (zoom["view"]["east"] - zoom["view"]["west"]) < ZOOM_GAIN:
            continue
        seen.add(keys)
        names = [p["name"] for p in members]
        zooms.append({"names": names[:ZOOM_NAMES], "more": len(names[ZOOM_NAMES:]), "layer": zoom})
        if depth < ZOOM_DEPTH:
            push(zoom, depth + 1)
    layer["zooms"] = zooms
    return layer
