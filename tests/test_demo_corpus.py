"""Exact records on the bundled demo corpus: one table per extractor, plus a regression gate on the demo
gold (floors in tests/data/eval_floors.json may only go down with an explicit reason in the commit)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from storyline.cli import demo_corpus
from storyline.config import Settings
from storyline.evaluate import evaluate
from storyline.model import Extraction, Skip
from storyline.pipeline import run
from storyline.records_json import extraction_to_json

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="module")
def demo() -> dict[str, Extraction]:
    items = list(run([demo_corpus()], Settings()))
    assert not [i for i in items if isinstance(i, Skip)]
    return {i.article.source.rsplit("/", 1)[-1]: i for i in items if isinstance(i, Extraction)}


def test_every_demo_input_is_read_with_its_metadata(demo: dict[str, Extraction]) -> None:
    meta = {k: (e.article.outlet, e.article.republisher, e.article.published) for k, e in demo.items()}
    assert meta == {
        "01_cws_dam_breach.txt": ("Continental Wire Service", None, dt.date(2025, 3, 11)),
        # the wire story Harbour Daily republished: the agency is the outlet, the site its republisher
        "02_harbourdaily_dam_bursts.txt": ("Continental Wire Service", "Harbour Daily", dt.date(2025, 3, 11)),
        "03_meridianpost_prut_flood.html": ("The Meridian Post", None, dt.date(2025, 3, 12)),
        "04_prutcourier_leova_mayor.html": ("Prut Courier", None, dt.date(2025, 3, 12)),
        "05_eastgate_feed.jsonl:1": ("Eastgate News", None, dt.date(2025, 3, 12)),
        "05_eastgate_feed.jsonl:2": ("Eastgate News", None, dt.date(2025, 3, 13)),
        # no header: the outlet from its dateline "(CWS)" (spelled out across the story by build)
        "06_cws_flood_day3.txt": ("CWS", None, dt.date(2025, 3, 13)),
        "07_aggregator_export.csv:2": ("Danube Ledger", None, dt.date(2025, 3, 14)),
        "07_aggregator_export.csv:23": ("Highland Wire", None, dt.date(2025, 3, 14)),
        "08_lorneobserver_ferry_strike.txt": ("Lorne Observer", None, dt.date(2025, 3, 12)),
        "09_valleyherald_injured.txt": ("Valley Herald", None, dt.date(2025, 3, 13)),
        "10_blacksea_red_cross.txt": ("Black Sea Monitor", None, dt.date(2025, 3, 13)),
    }
    assert demo["03_meridianpost_prut_flood.html"].article.title == (
        "Moldova dam collapse: death toll disputed as flood moves down the Prut"
    )


def test_noise_of_the_scraped_wire_story(demo: dict[str, Extraction]) -> None:
    art = demo["06_cws_flood_day3.txt"].article
    assert [(n.kind, n.text) for n in art.noise] == [
        ("header", "date 2025-03-13"),
        ("byline", "By Ana Lungu and Mark Hollis"),
        *[
            ("caption", line)
            for line in (
                "Flooded area",
                "Dealul Verde reservoir",
                "Leova",
                "Area of",
                "detail",
                "MOLDOVA",
                "Cantemir",
                "ROMANIA",
                "Prut River",
                "10 miles",
                "10 km",
                "Note: As of March 12",
                "Source: National Civil Protection Service",
            )
        ],
        ("credit", "Ioana Sârbu/CWS"),
        (
            "foreign_fragment",
            "<p>The central bank kept its benchmark rate unchanged at 6.5% on Thursday, saying "
            "food prices were still rising faster than expected</p>",
        ),
    ]
    assert all(art.raw[n.start : n.end].strip() == n.text for n in art.noise)
    assert "6.5%" not in art.text and "Area of" not in art.text


def test_quotes_multi_paragraph_split_and_indirect(demo: dict[str, Extraction]) -> None:
    ex = demo["04_prutcourier_leova_mayor.html"]
    got = [(q.text[:45], q.speaker, q.kind) for q in ex.firm_quotes]
    # "according to X" reports the whole clause it closes; requests and promises are attributions too
    assert got == [
        ("About 1,200 people have since been moved to s", "town hall", "indirect"),
        ("I have lived here my whole life and I have ne", "Vasile Rusu", "direct"),
        ("Now we have to bury our neighbours, and then ", "Vasile Rusu", "direct"),
        ("the town had asked the regional authorities f", "Vasile Rusu", "indirect"),
        ("to repair the spillway in 2019 and again last", "town", "indirect"),
        ("We will rebuild the lower town, but not in th", "Vasile Rusu", "direct"),
        ("I will not ask people to live under that hill", "Vasile Rusu", "direct"),
        ("about 15% of Leova’s homes were damaged, most", "town hall", "indirect"),
        ("20 million lei, about $1.1 million", "government in Chișinău", "indirect"),
        ("The water came up through the floor first,", "Lidia Ceban", "direct"),
        ("and then it came through the windows.", "Lidia Ceban", "direct"),
        ("Water levels on the Prut at Leova peaked on T", "state hydrological service", "indirect"),
        ("his own parents’ house was among those destro", "Vasile Rusu", "indirect"),
    ]
    assert all(ex.article.text[q.start : q.end] == q.text for q in ex.quotes)


def test_claims_values_hedges_and_kinds(demo: dict[str, Extraction]) -> None:
    got = [(c.quantity, c.low, c.high, c.hedge, c.kind) for c in demo["06_cws_flood_day3.txt"].claims]
    assert got == [
        ("about 3,800", 3800, 3800, "about", "count"),
        ("about 2,300", 2300, 2300, "about", "count"),
        ("roughly 1,200", 1200, 1200, "about", "count"),
        ("Nine", 9, 9, "exact", "count"),
        ("a dozen", 12, 12, "exact", "count"),
        ("three", 3, 3, "exact", "count"),
        ("three", 3, 3, "exact", "count"),
        ("Two", 2, 2, "exact", "count"),
        ("19-year-old", 19, 19, "exact", "age"),
        ("97%", 97, 97, "exact", "percent"),
    ]


@pytest.mark.parametrize(
    ("quantity", "unit"),
    [
        ("about 3,800", "people"),
        ("roughly 1,200", "people"),
        ("Nine", "people"),
        ("three", "men"),
        ("19-year-old", "years (age)"),
        ("97%", "%"),
        pytest.param(
            "about 2,300",
            "people",
            marks=pytest.mark.xfail(
                reason="'bringing the number of people evacuated ... to about 2,300': the unit sits in the verb's "
                "object, not on the number; the parse gives no counted noun",
                strict=True,
            ),
        ),
    ],
)
def test_claim_units(demo: dict[str, Extraction], quantity: str, unit: str) -> None:
    assert (quantity, unit) in [(c.quantity, c.unit) for c in demo["06_cws_flood_day3.txt"].claims]


def test_times_resolved_against_publication_date(demo: dict[str, Extraction]) -> None:
    got = [(t.text, t.start_date, t.end_date, t.granularity) for t in demo["06_cws_flood_day3.txt"].times]
    d = dt.date
    assert got == [
        ("Tuesday", d(2025, 3, 11), d(2025, 3, 11), "day"),
        ("Wednesday night", d(2025, 3, 12), d(2025, 3, 12), "day"),
        ("Thursday", d(2025, 3, 13), d(2025, 3, 13), "day"),
        ("Tuesday", d(2025, 3, 11), d(2025, 3, 11), "day"),
        ("Thursday", d(2025, 3, 13), d(2025, 3, 13), "day"),
        ("Tuesday", d(2025, 3, 11), d(2025, 3, 11), "day"),
        ("Wednesday", d(2025, 3, 12), d(2025, 3, 12), "day"),
        ("Tuesday", d(2025, 3, 11), d(2025, 3, 11), "day"),
        ("March 12", d(2025, 3, 12), d(2025, 3, 12), "day"),
        ("2006", d(2006, 1, 1), d(2006, 12, 31), "year"),
        ("2019", d(2019, 1, 1), d(2019, 12, 31), "year"),
        ("Monday", d(2025, 3, 10), d(2025, 3, 10), "day"),
        ("Wednesday", d(2025, 3, 12), d(2025, 3, 12), "day"),
        ("next week", d(2025, 3, 17), d(2025, 3, 23), "week"),
        ("Thursday", d(2025, 3, 13), d(2025, 3, 13), "day"),
        ("a day earlier", d(2025, 3, 12), d(2025, 3, 12), "day"),
    ]


def test_places_small_towns_and_context(demo: dict[str, Extraction]) -> None:
    got = sorted(
        {
            (p.name, p.country, round(p.lat or 0, 1), round(p.lon or 0, 1))
            for p in demo["08_lorneobserver_ferry_strike.txt"].places
        }
    )
    assert got == [("Isle of Mull", "GB", 56.5, -6.0), ("Oban", "GB", 56.4, -5.5), ("Tobermory", "GB", 56.6, -6.1)]
    eastgate = {p.text: p.name for p in demo["05_eastgate_feed.jsonl:1"].places}
    assert eastgate.get("Leovo") == "Leova"  # an old spelling, resolved with Moldova in context


def test_people_sharing_a_surname_stay_apart(demo: dict[str, Extraction]) -> None:
    people = {m.entity for m in demo["07_aggregator_export.csv:2"].mentions if m.label == "PERSON"}
    assert {"Vasile Rusu", "Natalia Rusu"} <= people and "Rusu" not in people


def test_demo_gold_scores_do_not_regress(demo: dict[str, Extraction]) -> None:
    records = [extraction_to_json(e) for e in demo.values()]
    report = evaluate(records, DATA / "demo_gold.jsonl", demo_corpus())
    floors = json.loads((DATA / "eval_floors.json").read_text(encoding="utf-8"))
    scores = {name: f1 for name, _, _, f1, *_ in report.rows()}
    low = {
        name: (round(scores.get(name, 0.0), 3), floor)
        for name, floor in floors.items()
        if scores.get(name, 0.0) < floor
    }
    assert not low, f"below the floors (score, floor): {low}"
    assert not report.missing
