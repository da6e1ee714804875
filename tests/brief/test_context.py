"""The briefing context of the demo's dam story, and its parts on small hand-made inputs."""

from __future__ import annotations

import math
from typing import Any

import pytest

from storyline.brief import StoryNotFound, anchor_id, briefing_context
from storyline.brief.context import STATUS_ORDER, _thread_histories, range_text
from storyline.errors import StorylineError
from storyline.store import Store


def _cites(ctx: dict[str, Any]) -> list[dict[str, Any]]:
    out = [s["cite"] for s in ctx["summary"]]
    out += [m["cite"] for n in ctx["numbers"] for m in n["members"]]
    out += [m["cite"] for s in ctx["speakers"] for q in s["quotes"] for m in q["members"]]
    out += [c for t in ctx["timeline"] for c in t["sources"]]
    out += [c[k] for c in ctx["contradictions"] for k in ("first", "second")]
    out += [c for p in ctx["places"] for c in p["first_mentions"]]
    return out


def test_story_header(demo_context: dict[str, Any]) -> None:
    story = demo_context["story"]
    assert (story["articles"], story["sources"]) == (10, 9)  # one syndicated copy
    assert story["first_published"] == "2025-03-11" and story["last_published"] == "2025-03-14"
    assert demo_context["format"] == "storyline.briefing" and demo_context["version"] == 1


def test_every_cite_quotes_its_article_and_has_an_anchor(demo_context: dict[str, Any]) -> None:
    articles = {a["id"]: a for a in demo_context["articles"]}
    cites = _cites(demo_context)
    assert len(cites) > 100
    for c in cites:
        art = articles[c["article_id"]]
        assert art["text"][c["start"] : c["end"]] == c["text"] or not c["text"]
        assert c["anchor"] == anchor_id(c["article_id"], c["start"])
        ids = {s.get("id") for s in art["spans"]}
        assert c["anchor"] in ids
        [target] = [s for s in art["spans"] if s.get("id") == c["anchor"]]
        assert target["start"] == c["start"] and target["end"] >= c["end"]  # the longest span cited there


def test_spans_lie_inside_their_text(demo_context: dict[str, Any]) -> None:
    for a in demo_context["articles"]:
        assert a["spans"]
        for s in a["spans"]:
            assert 0 <= s["start"] < s["end"] <= len(a["text"])
        ids = [s["id"] for s in a["spans"] if "id" in s]
        assert len(ids) == len(set(ids))


def test_summary_is_three_to_five_cited_sentences(demo_context: dict[str, Any]) -> None:
    summary = demo_context["summary"]
    assert 3 <= len(summary) <= 5
    assert len({s["cite"]["article_id"] for s in summary}) == len(summary)  # one per source, 7 sources
    dates = [s["cite"]["published"] for s in summary]
    assert dates == sorted(dates)
    # the story's central facts: the death toll is in the summary
    assert any("three" in s["text"] or "seven" in s["text"] for s in summary)


def test_numbers_ordered_by_status_and_contradiction_linked(demo_context: dict[str, Any]) -> None:
    numbers = demo_context["numbers"]
    ranks = [STATUS_ORDER[n["status"]] for n in numbers]
    assert ranks == sorted(ranks)
    contradicted = [n for n in numbers if n["status"] == "contradicted"]
    [killed] = [n for n in contradicted if n["event"] == "killed"]
    [injured] = [n for n in contradicted if n["event"] == "injured"]
    assert killed["range"] == "3 vs 7 people" and injured["range"] == "41 vs 60 people"
    assert {m["quantity"] for m in killed["members"]} >= {"three", "At least seven"}
    assert {c["claim_group"] for c in demo_context["contradictions"]} == {killed["id"], injured["id"]}
    for n in numbers:
        for x in (n["low"], n["high"], *(m[k] for m in n["members"] for k in ("low", "high"))):
            assert x is None or math.isfinite(x)


def test_updates_are_linked_both_ways(demo_context: dict[str, Any]) -> None:
    by_id = {n["id"]: n for n in demo_context["numbers"]}
    pairs = [(old, n["id"]) for n in demo_context["numbers"] for old in n["updates"]]
    assert pairs
    for old, new in pairs:
        assert new in by_id[old]["updated_by"]


def test_quotes_grouped_by_speaker(demo_context: dict[str, Any]) -> None:
    speakers = [s["speaker"] for s in demo_context["speakers"]]
    assert len(speakers) == len(set(speakers))
    assert speakers[0] == "Vasile Rusu"  # the mayor is quoted most
    rusu = demo_context["speakers"][0]["quotes"]
    assert any(q["text"].startswith("We lost the") and len(q["outlets"]) == 2 for q in rusu)
    assert None not in speakers[:-1]  # unattributed quotes come last


def test_places_aggregate_mentions(demo_context: dict[str, Any]) -> None:
    places = {p["name"]: p for p in demo_context["places"] if p["kind"] != "country" or p["name"] == "Moldova"}
    leova = places["Leova"]
    assert leova["on_map"] and leova["mentions"] >= 10 and len(leova["outlets"]) >= 5
    assert len(leova["first_mentions"]) == len({c["article_id"] for c in leova["first_mentions"]})
    assert not places["Moldova"]["on_map"]  # countries are shaded, not pinned
    assert all(p["doubt"] is None for p in demo_context["places"])  # every place of the valley is near the rest
    mentions = [p["mentions"] for p in demo_context["places"]]
    assert mentions == sorted(mentions, reverse=True)


def test_outlets_count_articles_and_figures(demo_context: dict[str, Any]) -> None:
    outlets = {o["name"]: o for o in demo_context["outlets"]}
    assert len(outlets["Eastgate News"]["articles"]) == 2
    assert outlets["Harbour Daily"]["copies"] == 1
    assert outlets["The Meridian Post"]["claims"]["contradicted"] == 1
    assert sum(len(o["articles"]) for o in outlets.values()) == 10


def test_articles_keep_noise_and_copies(demo_context: dict[str, Any]) -> None:
    copies = [a for a in demo_context["articles"] if a["duplicate_of"]]
    assert len(copies) == 1
    assert any(a["noise"] for a in demo_context["articles"])


def test_missing_story(demo_store: Store) -> None:
    with pytest.raises(StoryNotFound) as err:
        briefing_context(demo_store, "no-such-story")
    assert isinstance(err.value, StorylineError) and "no-such-story" in str(err.value)


def test_prefix_is_enough(demo_store: Store, demo_context: dict[str, Any]) -> None:
    assert briefing_context(demo_store, demo_context["story"]["id"][:6])["story"] == demo_context["story"]


@pytest.mark.parametrize(
    ("low", "high", "unit", "expected"),
    [
        (1200, 1320, "people", "1,200–1,320 people"),
        (3, 3, "people", "3 people"),
        (97, 97, "%", "97%"),
        (40, None, "km", "≥ 40 km"),
        (40, math.inf, "km", "≥ 40 km"),
        (None, None, "people", "—"),
        (2.5, 2.5, "metres", "2.5 metres"),
        (0.125, 0.5, "", "0.12–0.5"),
        (-3, -3, "%", "-3%"),
    ],
)
def test_range_text(low: float | None, high: float | None, unit: str, expected: str) -> None:
    assert range_text(low, high, unit) == expected


def test_one_speaker_heading_per_person_whatever_the_spelling() -> None:
    from storyline.brief.context import _Cites, _speakers, speaker_names

    entities = [
        {"name": "Oleksandr Hrytsenko", "label": "PERSON", "aliases": ["Hrytsenkov", "Oleksandr Hrytsenkiy"]},
        {"name": "Harbour Authority", "label": "ORG", "aliases": ["HA"]},
        {"name": "Hrytsenko Street", "label": "GPE", "aliases": ["Hrytsenka"]},
    ]

    def group(gid: str, speaker: str, start: int) -> dict[str, Any]:
        ref = {"article_id": "a", "start": start, "end": start + 5, "text": "words", "outlet": "X"}
        return {"id": gid, "speaker": speaker, "text": "words", "members": [(ref, speaker)]}

    groups = [
        group("1", "Oleksandr Hrytsenkiy", 0),
        group("2", "Hrytsenkov", 10),
        group("3", "HA", 20),
        group("4", "Hrytsenka", 30),
    ]
    out = _speakers(groups, _Cites({}), {}, speaker_names(entities))
    assert [(s["speaker"], len(s["quotes"])) for s in out] == [
        ("Oleksandr Hrytsenko", 2),
        ("Harbour Authority", 1),
        ("Hrytsenka", 1),
    ]


def test_a_figure_history_spans_its_series(demo_context: dict[str, Any]) -> None:
    """The evacuated figure: 1,200 on Tuesday, 2,300 by Thursday, shown once, on the latest group, with
    who gives each figure."""
    numbers = demo_context["numbers"]
    [latest] = [n for n in numbers if n["history"] and n["event"] == "evacuated"]
    assert any(m["quantity"] == "2,300" for m in latest["members"])
    values = [(h["as_of"], h["value"]) for h in latest["history"]]
    assert values[0][0] == "2025-03-11" and "1,200" in values[0][1]
    assert values[-1][0] == "2025-03-13" and "2,300" in values[-1][1]
    assert any("Eastgate News" in source for h in latest["history"] for source in h["sources"])
    series = [n for n in numbers if n["series"] == latest["series"]]
    assert len(series) >= 2 and sum(bool(n["history"]) for n in series) == 1


def test_members_name_who_they_cite(demo_context: dict[str, Any]) -> None:
    [injured] = [n for n in demo_context["numbers"] if n["event"] == "injured" and n["status"] == "contradicted"]
    cited = {m["cite"]["outlet"]: m["cited"] for m in injured["members"]}
    assert cited["Valley Herald"] == "Health Ministry" and cited["Black Sea Monitor"] == "Moldovan Red Cross"


def test_thread_history_is_given_once_on_the_figure_of_this_story() -> None:
    def member(aid: str, quantity: str, as_of: str) -> dict[str, Any]:
        return {"cite": {"article_id": aid}, "quantity": quantity, "as_of": as_of}

    numbers = [
        {"id": "g1", "members": [member("b", "11,000", "2025-01-10")]},
        {"id": "g2", "members": [member("b", "200", "2025-01-10")]},
    ]
    rows = [
        {"article_id": "a", "quantity": "10,000", "as_of": "2025-01-06", "outlet": "A", "cited": "officials",
         "story_id": "s1", "story_label": "Troops sent"},
        {"article_id": "b", "quantity": "11,000", "as_of": "2025-01-10", "outlet": "B", "cited": "",
         "story_id": "s2", "story_label": "First combat"},
    ]
    out = _thread_histories([{"rows": rows}], numbers)
    assert list(out) == ["g1"]
    assert [(h["value"], h["source"], h["story"]) for h in out["g1"]] == [
        ("10,000", "A (officials)", "Troops sent"),
        ("11,000", "B", "First combat"),
    ]
