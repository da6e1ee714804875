"""Doubtful places left off the map, the map fitted to the kept places, labels inside it, cluster zooms.

The places are invented: a flood valley of small towns around 45.5° N 14° E, and far-off places that a
misread word or a surname could have been geocoded to.
"""

from __future__ import annotations

from typing import Any

import pytest

from storyline.brief.mapview import map_layer, place_labels
from storyline.brief.places import FAR_KM, distance_km, mark_doubtful, person_names

ENTITIES = [
    {"name": "Ada Quellmoor", "label": "PERSON", "aliases": []},
    {"name": "Ostrava Water Board", "label": "ORG", "aliases": []},
]


def place(name: str, lat: float, lon: float, mentions: int, *, kind: str = "city", country: str = "XA") -> dict:
    return {"key": name.casefold(), "name": name, "kind": kind, "lat": lat, "lon": lon, "country": country,
            "gazetteer_id": None, "mentions": mentions, "outlets": ["Hill Gazette"],
            "first_mentions": [{"anchor": f"a-x-{mentions}"}], "on_map": kind != "country", "doubt": None}  # fmt: skip


def valley() -> list[dict[str, Any]]:
    return [
        place("Brackwater", 45.50, 14.00, 9),
        place("Lowmere", 45.42, 14.10, 4),
        place("Fennick", 45.61, 13.92, 2),
        place("Xaland", 45.0, 14.5, 12, kind="country"),
    ]


def test_distance() -> None:
    assert distance_km((0.0, 0.0), (0.0, 1.0)) == pytest.approx(111.19, abs=0.01)
    assert distance_km((45.5, 14.0), (45.5, 14.0)) == 0.0


@pytest.mark.parametrize(
    ("extra", "doubt"),
    [
        (place("Tamboro", 12.0, -4.0, 1, country="XB"), "one mention"),  # far and named once
        (place("Tamboro", 12.0, -4.0, 3, country="XB"), None),  # far but named three times
        (place("Quellmoor", 60.0, 90.0, 5, country="XC"), "also the name of a person"),  # a surname, far away
        (place("Quellmoor", 45.55, 14.05, 5), None),  # a surname, but among the story's places
        (place("Dunsby", 45.9, 14.3, 1, country="XB"), None),  # once, but near the rest
    ],
)
def test_a_far_weakly_supported_place_is_doubtful(extra: dict[str, Any], doubt: str | None) -> None:
    places = [*valley(), extra]
    mark_doubtful(places, person_names(ENTITIES))
    if doubt is None:
        assert extra["doubt"] is None and extra["on_map"]
    else:
        assert extra["doubt"].startswith(doubt) and "km from the nearest well-supported place" in extra["doubt"]
        assert not extra["on_map"]
    assert all(p["doubt"] is None for p in places if p is not extra)


def test_weak_places_do_not_vouch_for_each_other() -> None:
    # two words misread as places in one far-off region, each named once: both doubtful
    far = [place("Tamboro", 12.0, -4.0, 1, country="XB"), place("Kessi", 12.3, -4.2, 1, country="XB")]
    places = [*valley(), *far]
    mark_doubtful(places, set())
    assert all(p["doubt"] and not p["on_map"] for p in far)
    lone = [place("Tamboro", 12.0, -4.0, 1), place("Kessi", 12.3, -4.2, 1)]
    mark_doubtful(lone, set())  # nothing well supported to measure against: each is near the other
    assert all(p["doubt"] is None for p in lone)


def test_person_names_include_surnames_only_of_people() -> None:
    assert person_names(ENTITIES) == {"ada quellmoor", "quellmoor"}


def test_the_map_fits_the_kept_places_not_the_world() -> None:
    places = [*valley(), place("Tamboro", 12.0, -4.0, 1, country="XB")]
    mark_doubtful(places, set())
    layer = map_layer(places)
    assert layer is not None
    view = layer["view"]
    assert view["south"] > 40 and view["west"] > 8  # Tamboro (12° N, 4° W) is not in the view
    assert {m["name"] for m in layer["markers"]} == {"Brackwater", "Lowmere", "Fennick"}
    assert FAR_KM < distance_km((45.5, 14.0), (12.0, -4.0))


def _boxes_inside(layer: dict[str, Any], key: str, size: float) -> None:
    for m in layer["markers"]:
        label = m[key]
        if label is None:
            continue
        w = len(m["name"]) * 7.5 * size / 14
        left = {"start": label["x"], "end": label["x"] - w, "middle": label["x"] - w / 2}[label["anchor"]]
        assert 0 <= left and left + w <= layer["view"]["width"] + 0.1, (m["name"], label)
        top = label["y"] - size * 0.8  # glyphs from 0.8 size above the baseline to 0.2 below
        assert 0 <= top + 0.1 and top + size <= layer["view"]["height"] + 0.1, (m["name"], label)


def test_labels_never_leave_the_view() -> None:
    # a marker on each edge, with long names: each label goes where it fits, or is left out
    markers = [
        {"name": "Westernmost Longname Crossing", "x": 2.0, "y": 200.0, "r": 6.0, "mentions": 5},
        {"name": "Easternmost Longname Crossing", "x": 798.0, "y": 200.0, "r": 6.0, "mentions": 4},
        {"name": "Top Corner Hamlet", "x": 790.0, "y": 3.0, "r": 6.0, "mentions": 3},
        {"name": "Bottom Edge Mill", "x": 400.0, "y": 398.0, "r": 6.0, "mentions": 2},
    ]
    for size in (14.0, 28.0):
        labels = place_labels(markers, 800.0, 400.0, size=size, limit=10)
        assert labels
        for i, label in labels.items():
            w = len(markers[i]["name"]) * 7.5 * size / 14
            left = {"start": label["x"], "end": label["x"] - w, "middle": label["x"] - w / 2}[label["anchor"]]
            assert 0 <= left <= left + w <= 800.0
            assert 0 <= label["y"] - size * 0.8 <= label["y"] + size * 0.2 <= 400.0
        assert labels.get(1, {"anchor": "end"})["anchor"] != "start"  # never to the right of the right edge


def test_crowded_clusters_get_zoomed_views() -> None:
    # two valleys 1,000 km apart: each is a cluster of crowded markers on the overview
    north = [place(n, 54.0 + d, 20.0 + d, 3) for n, d in (("Osterby", 0), ("Kelmig", 0.15), ("Rauda", 0.3))]
    places = [*valley(), *north]
    layer = map_layer(places)
    assert layer is not None and len(layer["zooms"]) == 2
    names = {tuple(z["names"]) for z in layer["zooms"]}
    assert names == {("Brackwater", "Lowmere", "Fennick"), ("Kelmig", "Osterby", "Rauda")}
    for zoom in layer["zooms"]:
        inner = zoom["layer"]
        assert len(inner["markers"]) == 3 and inner["view"]["east"] - inner["view"]["west"] < 4
        _boxes_inside(inner, "label", 14.0)
    _boxes_inside(layer, "label", 14.0)
    _boxes_inside(layer, "phone_label", 28.0)


def test_one_spread_out_valley_needs_no_zoom() -> None:
    spread = [place(n, 45.0 + d, 14.0 + d, 2) for n, d in (("Arnholt", 0), ("Bivane", 1.2), ("Corrow", 2.4))]
    layer = map_layer(spread)
    assert layer is not None and layer["zooms"] == []
