"""Figures across outlets and stories as an analyst reads them (issue 14), on an invented thread of six
reports (tests/data/troops_thread): totals by source over time, parts kept apart, casualties apart from
deployments, and the two real disagreements named by source."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from storyline.store import Store

from .test_build import built_store

THREAD = Path(__file__).parent / "data" / "troops_thread"


@pytest.fixture(scope="module")
def stories(tmp_path_factory: pytest.TempPathFactory) -> list[dict[str, Any]]:
    store: Store = built_store(tmp_path_factory.mktemp("thread"), THREAD)
    return [json.loads(row["data"]) for row in store.stories()]


def _groups(stories: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Each figure as written -> its claim group."""
    return {m["quantity"]: g for s in stories for g in s["claim_groups"] for m in g["members"]}


def test_one_thread(stories) -> None:
    assert len({s["story"]["thread_id"] for s in stories}) == 1


@pytest.mark.parametrize(
    ("quantity", "event", "part", "status"),
    [
        ("1,500", "deployed", "first", "unique"),  # the first contingent: a part
        ("Around 8,000", "", "", "unique"),  # troops in one region: a part of the total
        ("At least 100", "killed", "", "unique"),
        ("about 1,000", "injured", "", "unique"),
        ("Three", "", "generals", "unique"),  # three generals arrived: not three thousand casualties
        ("about 3,000", "killed or wounded", "", "contradicted"),  # the agency against Western officials
        ("About 4,000", "killed or wounded", "", "contradicted"),
        ("300", "killed", "", "contradicted"),
        ("around 1,000", "killed", "", "contradicted"),
        ("Hundreds of thousands", "killed or wounded", "", "unique"),  # both armies: another owner
        ("about 1.2 million", "", "", "unique"),  # the country's whole army: not the total sent
        ("as many as 100,000", "deployed", "", "unique"),  # a possibility: not a report of troops sent
    ],
)
def test_frames_and_statuses(stories, quantity, event, part, status) -> None:
    group = _groups(stories)[quantity]
    assert (group["event"], group["status"]) == (event, status)
    assert part in group["part"].split() if part else group["part"] == ""


def test_casualties_never_meet_deployments(stories) -> None:
    groups = _groups(stories)
    killed_series = {groups[q]["series"] for q in ("300", "around 1,000", "At least 100")}
    troop_series = {groups[q]["series"] for q in ("12,000", "About 10,000", "11,000", "1,500", "Around 8,000")}
    assert not killed_series & troop_series
    assert groups["about 3,000"]["series"] != groups["300"]["series"]


def test_troop_totals_form_one_history_by_source(stories) -> None:
    figures = {f["series"]: f for s in stories for f in s["thread_figures"]}
    [totals] = [f for f in figures.values() if any(r["quantity"] == "11,000" for r in f["rows"])]
    assert [(r["as_of"], r["quantity"]) for r in totals["rows"]] == [
        ("2024-10-18", "12,000"),
        ("2024-10-28", "About 10,000"),
        ("2024-11-05", "11,000"),
    ]
    assert totals["rows"][0]["cited"] == "National Intelligence Service"
    assert totals["subject"] == "troops (deployed)"  # not "He", the subject of the 11,000 sentence
    assert len(set(totals["stories"])) == 3


def test_disagreements_name_who_says_what(stories) -> None:
    reasons = [c["reason"] for s in stories for c in s["contradictions"]]
    assert len(reasons) == 2
    assert all("National Intelligence Service" in r and "Western officials" in r for r in reasons)
