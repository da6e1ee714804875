"""Acceptance over the demo corpus (its README lists the expected cross-outlet facts) and the seeds.

SLOW: the module-scoped fixtures run the full spaCy pipeline once over the demo corpus (~4 s) and once
over the two seed articles; every test here reuses those Extractions.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import storyline
from storyline.compare import align_claims, align_quotes, build_timeline, find_contradictions
from storyline.config import Settings
from storyline.model import ClaimGroup, Extraction
from storyline.pipeline import run

from ..conftest import shared_path

DEMO = Path(storyline.__file__).parent / "data" / "demo"
STORY_B = {"08", "07:23"}  # the ferry strike; every other record is the dam failure


def _key(extraction: Extraction) -> str:
    """Short name of a demo record: 01 for 01_cws_dam_breach.txt, 05:2 for line 2 of 05_eastgate_feed.jsonl."""
    name = Path(extraction.article.source).name
    return name[:2] + (":" + name.rsplit(":", 1)[1] if ":" in name else "")


@pytest.fixture(scope="module")
def demo() -> dict[str, Extraction]:
    return {_key(x): x for x in run([DEMO], Settings()) if isinstance(x, Extraction)}


@pytest.fixture(scope="module")
def story_a(demo: dict[str, Extraction]) -> list[Extraction]:
    return [x for k, x in demo.items() if k not in STORY_B]


@pytest.fixture(scope="module")
def groups_a(story_a: list[Extraction]) -> list[ClaimGroup]:
    return align_claims("A", story_a)


def _group(groups: list[ClaimGroup], demo: dict[str, Extraction], key: str, quantity: str) -> ClaimGroup:
    article_id = demo[key].article.id
    found = {g.id: g for g in groups for m in g.members if m.source.article_id == article_id and m.quantity == quantity}
    assert len(found) == 1, f"{key} {quantity!r}: {len(found)} groups"
    return next(iter(found.values()))


def _keys(group: ClaimGroup, demo: dict[str, Extraction]) -> set[str]:
    by_id = {x.article.id: k for k, x in demo.items()}
    return {by_id[m.source.article_id] for m in group.members}


def test_demo_has_every_record(demo: dict[str, Extraction]) -> None:
    assert set(demo) == {"01", "02", "03", "04", "05:1", "05:2", "06", "07:2", "07:23", "08", "09", "10"}


def test_deaths_are_contradicted(demo, groups_a) -> None:
    deaths = _group(groups_a, demo, "03", "At least seven")
    assert deaths.status == "contradicted"
    assert {"01", "02", "03", "04", "05:1", "05:2", "06", "07:2"} <= _keys(deaths, demo)
    [found] = [
        c
        for c in find_contradictions("A", [demo[k] for k in demo if k not in STORY_B], groups_a)
        if c.topic == deaths.subject
    ]
    assert "At least seven" in found.reason and "three" in found.reason


def test_evacuated_first_day_is_corroborated_and_updated(demo, groups_a) -> None:
    first_day = _group(groups_a, demo, "01", "Roughly 1,200")
    assert first_day.status == "corroborated"
    assert {"01", "02", "03", "04", "06"} <= _keys(first_day, demo)
    assert first_day.low is not None and first_day.low <= 1200 <= first_day.high  # type: ignore[operator]
    total = _group(groups_a, demo, "05:2", "2,300")
    assert total is _group(groups_a, demo, "06", "about 2,300")
    assert total.updates == (first_day.id,)


def test_missing_is_a_chain_of_updates(demo, groups_a) -> None:
    twelve = _group(groups_a, demo, "01", "A dozen")
    assert {"01", "02", "05:1"} <= _keys(twelve, demo) and twelve.status == "corroborated"
    nine = _group(groups_a, demo, "05:2", "nine")
    assert {"05:2", "06"} <= _keys(nine, demo)
    two = _group(groups_a, demo, "07:2", "two")
    assert nine.updates == (twelve.id,) and two.updates == (nine.id,)


@pytest.mark.parametrize(
    ("first", "second", "quantity"),
    [("03", "06", "about 3,800"), ("03", "07:2", "about 300")],  # Cantemir's population; moved in Fălciu
)
def test_story_a_corroborations(demo, groups_a, first, second, quantity) -> None:
    group = _group(groups_a, demo, first, quantity)
    assert group is _group(groups_a, demo, second, quantity)
    assert group.status == "corroborated"


@pytest.mark.parametrize("quantity", ["48-hour", "4%", "around 1,500"])
def test_story_b_corroborations(demo, quantity) -> None:
    groups = align_claims("B", [demo["08"], demo["07:23"]])
    group = _group(groups, demo, "08", quantity)
    assert group is _group(groups, demo, "07:23", quantity)
    assert group.status == "corroborated"


def test_no_other_contradictions_in_story_a(groups_a) -> None:
    assert sorted(g.subject for g in groups_a if g.status == "contradicted") == ["people (injured)", "people (killed)"]


def test_shared_quote(demo, story_a) -> None:
    groups = align_quotes("A", story_a)
    [lost] = [g for g in groups if "lower town before it was" in g.text]
    assert _keys_of_refs([ref for ref, _ in lost.members], demo) == {"01", "02", "03"}
    assert lost.speaker == "Vasile Rusu" and not lost.conflicting_speakers
    assert not any(g.conflicting_speakers for g in groups)


def _keys_of_refs(refs, demo) -> set[str]:
    by_id = {x.article.id: k for k, x in demo.items()}
    return {by_id[r.article_id] for r in refs}


def test_timeline(demo, story_a) -> None:
    events = build_timeline("A", story_a)
    starts = [e.start for e in events]
    assert starts == sorted(starts)
    failure = [e for e in events if str(e.start) == "2025-03-11" and "dam" in e.text and len(e.sources) > 2]
    assert failure and len(_keys_of_refs(failure[0].sources, demo)) >= 3


def test_seeds_troops_corroborated_and_no_contradiction_within_one_article() -> None:
    seeds = [x for x in run([shared_path("corpus", "seeds")], Settings()) if isinstance(x, Extraction)]
    groups = align_claims("seeds", seeds)
    [troops] = [g for g in groups if any(m.quantity == "roughly 10,000" for m in g.members)]
    assert any(m.quantity == "over 10,000" for m in troops.members)
    assert troops.status == "corroborated"
    assert troops.low == pytest.approx(10_000) and troops.high is not None and troops.high <= 11_000
    found = find_contradictions("seeds", seeds, groups)
    # "had already engaged in combat" / "had not yet engaged in full-fledged combat" are two sentences of
    # one seed article (and two different subjects): no contradiction between sources (issue 14)
    assert not any(c.first.article_id == c.second.article_id for c in found)
    assert not any("engag" in c.topic for c in found)


@pytest.mark.parametrize("align", [align_claims, align_quotes], ids=["claims", "quotes"])
def test_blocking_finds_every_match_the_full_scan_finds(
    align, demo: dict[str, Extraction], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Claims and quotes are compared only with groups sharing a word (blocking); with one key for
    everything (every group a candidate) the result must be the same, over both demo stories at once."""
    from storyline.compare import claims, quotes

    everything = list(demo.values())
    blocked = align("s", everything)
    monkeypatch.setattr(claims, "_blocking_keys", lambda view: {("all", False, False, "")})
    monkeypatch.setattr(quotes, "_blocking_keys", lambda norm: frozenset({""}))
    full_scan = align("s", everything)
    assert len(blocked) > 10
    assert blocked == full_scan


# Frames and statuses of the demo's figures (issue 14): (record, wording) -> (event, part, status)
DEMO_FRAMES = [
    ("03", "At least seven", "killed", "", "contradicted"),  # the toll: three vs seven, one day
    ("09", "Three", "killed", "", "contradicted"),
    ("09", "41", "injured", "", "contradicted"),  # Health Ministry 41 vs Red Cross at least 60, one day
    ("10", "At least 60", "injured", "", "contradicted"),
    ("09", "44", "killed or wounded", "", "unique"),  # killed or injured: neither the dead nor the hurt
    ("09", "300", "evacuated", "first", "unique"),  # a first convoy: a part, never against the 2,300
    ("01", "Roughly 1,200", "evacuated", "", "corroborated"),
    ("05:2", "2,300", "evacuated", "", "corroborated"),
]


@pytest.mark.parametrize(("key", "quantity", "event", "part", "status"), DEMO_FRAMES)
def test_demo_frames(demo, groups_a, key, quantity, event, part, status) -> None:
    group = _group(groups_a, demo, key, quantity)
    assert (group.event, group.status) == (event, status)
    assert part in group.part.split() if part else group.part == ""


def test_demo_killed_injured_and_both_are_three_frames(demo, groups_a) -> None:
    killed = _group(groups_a, demo, "09", "Three")
    injured = _group(groups_a, demo, "09", "41")
    both = _group(groups_a, demo, "09", "44")
    assert len({killed.series, injured.series, both.series}) == 3
    assert killed is _group(groups_a, demo, "03", "At least seven")
    assert injured is _group(groups_a, demo, "10", "At least 60")


def test_demo_evolving_figures_form_series(demo, groups_a) -> None:
    day1, total = _group(groups_a, demo, "01", "Roughly 1,200"), _group(groups_a, demo, "05:2", "2,300")
    assert total.updates == (day1.id,) and total.series == day1.series
    convoy = _group(groups_a, demo, "09", "300")
    assert convoy.series != total.series  # a part is its own frame
    missing = [_group(groups_a, demo, k, q) for k, q in (("01", "A dozen"), ("05:2", "nine"), ("07:2", "two"))]
    assert len({g.series for g in missing}) == 1 and missing[1].updates == (missing[0].id,)
    assert missing[2].updates == (missing[1].id,)


def test_demo_disagreement_names_who_says_what(demo, story_a, groups_a) -> None:
    injured = _group(groups_a, demo, "09", "41")
    [found] = [c for c in find_contradictions("A", story_a, groups_a) if c.topic == injured.subject]
    assert "Health Ministry" in found.reason and "Moldovan Red Cross" in found.reason
