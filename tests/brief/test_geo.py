"""The offline base map: view fitting, clipping, simplification and the packaged outlines."""

from __future__ import annotations

import math

import pytest

from storyline.brief import geo


@pytest.mark.parametrize(
    ("points", "min_lat_span"),
    [
        ([(28.25, 46.48)], geo.MIN_SPAN_DEG),  # one town: the minimum span
        ([(28.25, 46.48), (28.2, 46.27)], geo.MIN_SPAN_DEG),  # two nearby towns
        ([(36.19, 51.73), (125.75, 39.03), (140.0, 63.0)], 24.0),  # Kursk to the Russian Far East
        ([(10.7, 59.9), (18.0, 69.6), (5.3, 60.4)], 9.7),  # a north-south story (Norway)
    ],
)
def test_fit_view(points: list[tuple[float, float]], min_lat_span: float) -> None:
    view = geo.fit_view(points)
    assert view.north - view.south >= min_lat_span - 1e-9
    assert geo.MIN_ASPECT - 0.01 <= view.height / view.width <= geo.MAX_ASPECT + 0.01
    for lon, lat in points:
        x, y = view.project(lon, lat)
        assert 0 <= x <= view.width and 0 <= y <= view.height


def test_projection_keeps_proportions_at_mid_latitude() -> None:
    view = geo.fit_view([(28.0, 46.0), (29.0, 47.0)])
    (x0, _), (x1, _) = view.project(28.0, 46.5), view.project(29.0, 46.5)
    (_, ya), (_, yb) = view.project(28.0, 46.0), view.project(28.0, 47.0)
    # one degree of longitude is cos(latitude) times one degree of latitude
    assert (x1 - x0) / (ya - yb) == pytest.approx(math.cos(math.radians(46.5)), rel=0.02)


SQUARE = [(0.0, 0.0), (10.0, 0.0), (10.0, 10.0), (0.0, 10.0)]


@pytest.mark.parametrize(
    ("box", "expected_area"),
    [
        ((-5, -5, 15, 15), 100.0),  # all inside
        ((0, 0, 5, 5), 25.0),  # a corner
        ((5, -5, 15, 15), 50.0),  # half
        ((20, 20, 30, 30), 0.0),  # outside
    ],
)
def test_clip_ring(box: tuple[float, float, float, float], expected_area: float) -> None:
    clipped = geo.clip_ring(SQUARE, *box)
    assert (geo._area(clipped) if len(clipped) >= 3 else 0.0) == pytest.approx(expected_area)


@pytest.mark.parametrize(
    ("points", "tolerance", "expected"),
    [
        ([(0, 0), (1, 0.1), (2, 0)], 0.5, [(0, 0), (2, 0)]),  # a small wiggle goes
        ([(0, 0), (1, 1), (2, 0)], 0.5, [(0, 0), (1, 1), (2, 0)]),  # a real corner stays
        ([(0, 0), (1, 0), (2, 0), (3, 0)], 0.1, [(0, 0), (3, 0)]),  # collinear points go
        ([(0, 0), (5, 0)], 1.0, [(0, 0), (5, 0)]),  # two points stay
    ],
)
def test_simplify(points: list, tolerance: float, expected: list) -> None:
    assert geo.simplify(points, tolerance) == expected


@pytest.mark.skipif(not geo.basemap_available(), reason="pyworldatlas-mapdata-overview not installed")
def test_base_map_around_moldova() -> None:
    layer = geo.base_map([(28.25, 46.48), (28.2, 46.27), (28.86, 47.0)], highlight=["md"])
    codes = {c["code"]: c for c in layer["countries"]}
    assert {"MD", "RO", "UA"} <= set(codes)
    assert codes["MD"]["named"] and not codes["RO"]["named"]
    assert "US" not in codes and "KP" not in codes
    assert {"Danube", "Dniester"} <= {r["name"] for r in layer["rivers"]}  # regional view: rivers drawn
    assert sum(len(c["d"]) for c in layer["countries"]) < 100_000


@pytest.mark.skipif(not geo.basemap_available(), reason="pyworldatlas-mapdata-overview not installed")
def test_wide_view_drops_rivers_and_stays_small() -> None:
    layer = geo.base_map([(36.19, 51.73), (125.75, 39.03), (140.0, 63.0)])
    assert layer["rivers"] == []
    assert sum(len(c["d"]) for c in layer["countries"]) < 200_000
