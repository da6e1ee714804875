"""An offline base map for the briefing: country outlines and rivers drawn as inline SVG paths.

The outlines come from the ``pyworldatlas-mapdata-overview`` package (Natural Earth 1:10m admin-0 map
units and 1:50m rivers, CC0), which installs from PyPI with its data: nothing is downloaded at run time.
The view is the bounding box of the story's places, projected equirectangularly with the x axis scaled
by the cosine of the middle latitude (so shapes near the view keep their proportions); outlines are
clipped to the view and simplified (Douglas-Peucker in screen units) so the HTML stays small.
"""

from __future__ import annotations

import json
import logging
import math
import sqlite3
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

log = logging.getLogger(__name__)

#: The package that ships the outlines and the file inside it.
BASEMAP_PACKAGE = "pyworldatlas_mapdata_overview"
BASEMAP_FILE = "data/maps.sqlite3"
#: Width of the SVG view box in user units; the SVG scales to its container (CSS width 100%).
MAP_WIDTH = 800.0
#: Height/width bounds of the view: a single town still gets a landscape map, and a north-south story
#: (Scandinavia, Chile) does not become a thin strip; 0.75 keeps the map inside a laptop screen
#: (a 900 px wide column gives a 675 px tall map).
MIN_ASPECT, MAX_ASPECT = 0.5, 0.75
#: Smallest span of the view in degrees of latitude: about 600 km, enough to show a town's country and
#: neighbours when the story names one place.
MIN_SPAN_DEG = 5.0
#: Margin added around the places' bounding box, as a fraction of its size, so markers and labels near
#: the edge stay inside.
PAD_FRACTION = 0.15
#: Douglas-Peucker tolerance in view units (1/800 of the width): under half a pixel on a laptop screen,
#: invisible, and it removes ~90% of the 1:10m vertices in a regional view.
SIMPLIFY_UNITS = 0.6
#: Rings smaller than this area (view units squared) are dropped: islets of less than ~2x2 units.
MIN_RING_AREA = 4.0
#: Latitude limits of the projection (the polar caps only distort a briefing map).
LAT_LIMIT = 85.0
#: Graticule steps in degrees; the first giving at most ``GRATICULE_LINES`` lines across is used.
GRATICULE_STEPS = (0.5, 1, 2, 5, 10, 15, 30, 45)
GRATICULE_LINES = 8
#: Rivers are drawn only on views narrower than this (degrees of longitude): on a regional map they
#: locate riverside towns (a flood on the Prut); on a continental one they are hundreds of lines of noise.
RIVERS_MAX_SPAN_DEG = 20.0


@dataclass(frozen=True, slots=True)
class _Country:
    code: str
    name: str
    rings: tuple[tuple[tuple[float, float], ...], ...]
    bbox: tuple[float, float, float, float]  # west, south, east, north
    rivers: tuple[tuple[str, tuple[tuple[float, float], ...]], ...]


@lru_cache(maxsize=1)
def _countries() -> tuple[_Country, ...]:
    """All country outlines (lon, lat) from the installed data package; empty if it is missing."""
    try:
        ref = resources.files(BASEMAP_PACKAGE) / BASEMAP_FILE
        with resources.as_file(ref) as path:
            conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
            try:
                rows = conn.execute("SELECT alpha2, name, payload FROM country_map ORDER BY alpha2").fetchall()
            finally:
                conn.close()
    except (ModuleNotFoundError, FileNotFoundError, sqlite3.DatabaseError) as exc:
        log.warning("no base map: %s (install pyworldatlas-mapdata-overview)", exc)
        return ()
    out = []
    for code, name, payload in rows:
        data = json.loads(zlib.decompress(payload))
        rings = tuple(tuple((float(p[0]), float(p[1])) for p in ring) for ring in data.get("boundary", []) if ring)
        if not rings:
            continue
        lons = [p[0] for r in rings for p in r]
        lats = [p[1] for r in rings for p in r]
        rivers = tuple(
            (str(r.get("name") or ""), tuple((float(p[0]), float(p[1])) for p in r.get("points", [])))
            for r in data.get("rivers", [])
        )
        out.append(_Country(code, name, rings, (min(lons), min(lats), max(lons), max(lats)), rivers))
    return tuple(out)


def basemap_available() -> bool:
    """Whether the outline data package is installed."""
    return bool(_countries())


# -- view ------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class View:
    """An equirectangular view: a lon/lat box mapped onto ``width`` x ``height`` units."""

    west: float
    south: float
    east: float
    north: float
    width: float
    height: float

    @property
    def scale(self) -> float:
        return self.width / (self.east - self.west)

    @property
    def kx(self) -> float:
        return math.cos(math.radians((self.south + self.north) / 2))

    def project(self, lon: float, lat: float) -> tuple[float, float]:
        return ((lon - self.west) * self.scale, (self.north - lat) * self.scale / self.kx)


def fit_view(points: Sequence[tuple[float, float]], *, min_span: float = MIN_SPAN_DEG) -> View:
    """The view around ``points`` (lon, lat): padded, at least ``min_span`` degrees tall, aspect bounded.

    Args:
        points: the places' coordinates; at least one.
        min_span: the least span of latitude shown (``MIN_SPAN_DEG``; smaller for a zoomed view).

    Returns:
        The view; its width is ``MAP_WIDTH`` and its height follows from the aspect.
    """
    lons = [p[0] for p in points]
    lats = [max(-LAT_LIMIT, min(LAT_LIMIT, p[1])) for p in points]
    west, east, south, north = min(lons), max(lons), min(lats), max(lats)
    pad_lon, pad_lat = (east - west) * PAD_FRACTION, (north - south) * PAD_FRACTION
    west, east, south, north = west - pad_lon, east + pad_lon, south - pad_lat, north + pad_lat
    if north - south < min_span:
        mid = (north + south) / 2
        south, north = mid - min_span / 2, mid + min_span / 2
    kx = math.cos(math.radians((south + north) / 2))
    # aspect = height / width = (north - south) / ((east - west) * kx)
    lat_span, lon_span = north - south, max(east - west, 1e-6)
    if lat_span / (lon_span * kx) > MAX_ASPECT:  # too tall: widen
        mid, lon_span = (east + west) / 2, lat_span / (MAX_ASPECT * kx)
        west, east = mid - lon_span / 2, mid + lon_span / 2
    elif lat_span / (lon_span * kx) < MIN_ASPECT:  # too flat: heighten
        mid, lat_span = (north + south) / 2, lon_span * kx * MIN_ASPECT
        south, north = mid - lat_span / 2, mid + lat_span / 2
    south, north = max(-LAT_LIMIT, south), min(LAT_LIMIT, north)
    west, east = max(-180.0, west), min(180.0, east)
    kx = math.cos(math.radians((south + north) / 2))
    height = MAP_WIDTH * (north - south) / ((east - west) * kx)
    return View(west, south, east, north, MAP_WIDTH, round(height, 1))


# -- geometry --------------------------------------------------------------------------------------------

Point = tuple[float, float]


def clip_ring(ring: Sequence[Point], xmin: float, ymin: float, xmax: float, ymax: float) -> list[Point]:
    """Sutherland-Hodgman: the part of a closed polygon ring inside an axis-aligned box."""
    pts = list(ring)
    for inside, cut in (
        (lambda p: p[0] >= xmin, lambda a, b: _at_x(a, b, xmin)),
        (lambda p: p[0] <= xmax, lambda a, b: _at_x(a, b, xmax)),
        (lambda p: p[1] >= ymin, lambda a, b: _at_y(a, b, ymin)),
        (lambda p: p[1] <= ymax, lambda a, b: _at_y(a, b, ymax)),
    ):
        if not pts:
            break
        out: list[Point] = []
        prev = pts[-1]
        for cur in pts:
            if inside(cur):
                if not inside(prev):
                    out.append(cut(prev, cur))
                out.append(cur)
            elif inside(prev):
                out.append(cut(prev, cur))
            prev = cur
        pts = out
    return pts


def _at_x(a: Point, b: Point, x: float) -> Point:
    t = (x - a[0]) / (b[0] - a[0])
    return (x, a[1] + t * (b[1] - a[1]))


def _at_y(a: Point, b: Point, y: float) -> Point:
    t = (y - a[1]) / (b[1] - a[1])
    return (a[0] + t * (b[0] - a[0]), y)


def simplify(points: Sequence[Point], tolerance: float) -> list[Point]:
    """Douglas-Peucker: the fewest points whose polyline stays within ``tolerance`` of ``points``."""
    if len(points) < 3:
        return list(points)
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (ax, ay), (bx, by) = points[first], points[last]
        dx, dy = bx - ax, by - ay
        norm = math.hypot(dx, dy)
        best, index = -1.0, -1
        for i in range(first + 1, last):
            px, py = points[i]
            d = abs(dy * (px - ax) - dx * (py - ay)) / norm if norm else math.hypot(px - ax, py - ay)
            if d > best:
                best, index = d, i
        if best > tolerance:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [p for p, k in zip(points, keep, strict=True) if k]


def _area(ring: Sequence[Point]) -> float:
    return abs(sum(a[0] * b[1] - b[0] * a[1] for a, b in zip(ring, [*ring[1:], ring[0]], strict=True))) / 2


def _path(rings: Iterable[Sequence[Point]], *, closed: bool) -> str:
    parts = []
    for ring in rings:
        coords = "L".join(f"{x:.1f} {y:.1f}" for x, y in ring)
        parts.append(f"M{coords}{'Z' if closed else ''}")
    return "".join(parts)


def _overlaps(bbox: tuple[float, float, float, float], view: View, margin: float) -> bool:
    west, south, east, north = bbox
    return not (
        east < view.west - margin
        or west > view.east + margin
        or north < view.south - margin
        or south > view.north + margin
    )


def _graticule(view: View) -> str:
    span = max(view.east - view.west, view.north - view.south)
    step = next((s for s in GRATICULE_STEPS if span / s <= GRATICULE_LINES), GRATICULE_STEPS[-1])
    lines = []
    lon = math.ceil(view.west / step) * step
    while lon <= view.east:
        x, _ = view.project(lon, 0)
        lines.append(f"M{x:.1f} 0V{view.height:.1f}")
        lon += step
    lat = math.ceil(view.south / step) * step
    while lat <= view.north:
        _, y = view.project(0, lat)
        lines.append(f"M0 {y:.1f}H{view.width:.1f}")
        lat += step
    return "".join(lines)


def base_map(
    points: Sequence[Point], highlight: Iterable[str] = (), *, min_span: float = MIN_SPAN_DEG
) -> dict[str, Any]:
    """The base layer of the briefing map around ``points``.

    Args:
        points: (lon, lat) of the places to show; at least one.
        highlight: ISO alpha-2 codes of countries the story names (drawn in a stronger colour).
        min_span: the least span of latitude shown (see :func:`fit_view`).

    Returns:
        ``{"view": {...}, "countries": [{"code", "name", "d", "named"}], "rivers": [{"name", "d"}],
        "graticule": d, "source": str}``: SVG path data in view units, ready for the template.
    """
    view = fit_view(points, min_span=min_span)
    named = {c.upper() for c in highlight}
    margin_units = 4.0
    box = (-margin_units, -margin_units, view.width + margin_units, view.height + margin_units)
    countries, rivers, seen_rivers = [], [], set()
    for country in _countries():
        if not _overlaps(country.bbox, view, margin=1.0):
            continue
        rings = []
        for ring in country.rings:
            projected = clip_ring([view.project(*p) for p in ring], *box)
            if len(projected) < 3 or _area(projected) < MIN_RING_AREA:
                continue
            small = simplify([*projected, projected[0]], SIMPLIFY_UNITS)[:-1]
            if len(small) >= 3:
                rings.append(small)
        if rings:
            countries.append(
                {
                    "code": country.code,
                    "name": country.name,
                    "d": _path(rings, closed=True),
                    "named": country.code in named,
                }
            )
        for name, line in country.rivers if view.east - view.west <= RIVERS_MAX_SPAN_DEG else ():
            key = (name, line[:1])
            if key in seen_rivers or len(line) < 2:
                continue
            seen_rivers.add(key)
            runs, run = [], []
            for lon, lat in line:  # keep the runs of the river inside the view
                x, y = view.project(lon, lat)
                if box[0] <= x <= box[2] and box[1] <= y <= box[3]:
                    run.append((x, y))
                elif run:
                    runs.append(run)
                    run = []
            runs.append(run)
            runs = [simplify(r, SIMPLIFY_UNITS) for r in runs if len(r) >= 2]
            if runs:
                rivers.append({"name": name, "d": _path(runs, closed=False)})
    return {
        "view": {
            "west": round(view.west, 4),
            "south": round(view.south, 4),
            "east": round(view.east, 4),
            "north": round(view.north, 4),
            "width": view.width,
            "height": view.height,
        },
        "countries": countries,
        "rivers": rivers,
        "graticule": _graticule(view),
        "source": "Natural Earth via pyworldatlas-mapdata-overview" if countries else "",
    }


def project_point(view: dict[str, float], lon: float, lat: float) -> tuple[float, float]:
    """A (lon, lat) in the units of a view returned by :func:`base_map`."""
    v = View(view["west"], view["south"], view["east"], view["north"], view["width"], view["height"])
    x, y = v.project(lon, lat)
    return round(x, 1), round(y, 1)
