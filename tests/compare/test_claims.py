"""align_claims on hand-built Extraction records: grouping, statuses, consensus, updates."""

from __future__ import annotations

import dataclasses
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storyline.compare import HEDGES, align_claims, default_outlet
from storyline.model import Claim, ClaimGroup, Extraction

from .builders import D, article, report

MAR = {day: D(2025, 3, day) for day in range(1, 32)}


def _status_of(groups: list[ClaimGroup], quantity: str) -> str:
    return _group_of(groups, quantity).status


def _group_of(groups: list[ClaimGroup], quantity: str, outlet: str | None = None) -> ClaimGroup:
    found = [
        g for g in groups for m in g.members if m.quantity == quantity and (outlet is None or m.source.outlet == outlet)
    ]
    assert found, f"no group holds {quantity!r}"
    return found[0]


def _same_group(groups: list[ClaimGroup], q1: str, q2: str) -> bool:
    return _group_of(groups, q1).id == _group_of(groups, q2).id


# --- agreement and grouping ---------------------------------------------------------------------------

# (reports: (outlet, text, claim spec), pairs of quantities that must share a group, pairs that must not,
#  expected status of the first claim)
GROUPING = [
    pytest.param(
        [
            (
                "WSJ",
                "It is unlikely the roughly 10,000 North Korean troops in the Kursk region will turn the war.",
                ("roughly 10,000", 10_000, "troops", "about"),
            ),
            (
                "DW",
                "Western intelligence says over 10,000 North Korean troops have been deployed to the Kursk region.",
                ("over 10,000", 10_000, "troops", "over"),
            ),
        ],
        [("roughly 10,000", "over 10,000")],
        [],
        "corroborated",
        id="seeds-hedges-agree",
    ),
    pytest.param(
        [
            (
                "A",
                "Roughly 1,200 residents were evacuated from the town on Tuesday.",
                ("Roughly 1,200", 1200, "residents", "about"),
            ),
            (
                "B",
                "More than 1,200 people were evacuated from the town on Tuesday.",
                ("More than 1,200", 1200, "people", "over"),
            ),
        ],
        [("Roughly 1,200", "More than 1,200")],
        [],
        "corroborated",
        id="residents-people-evacuated",
    ),
    pytest.param(
        [
            ("A", "Three people were killed in the blast.", ("Three", 3, "people", "exact")),
            ("B", "Three people were injured in the blast.", ("Three", 3, "people", "exact")),
        ],
        [],
        [("Three", "Three")],
        "unique",
        id="dead-vs-injured-never-group",
    ),
    pytest.param(
        [
            ("A", "The fire killed three people.", ("three", 3, "people", "exact")),
            ("B", "Seven people died in the fire.", ("Seven", 7, "people", "exact")),
        ],
        [("three", "Seven")],
        [],
        "contradicted",
        id="killed-vs-died-same-day",
    ),
    pytest.param(
        [
            ("A", "About 40% of voters backed the plan.", ("About 40%", 40, "%", "about", "percent")),
            ("B", "About 40% of homes lost power.", ("About 40%", 40, "%", "about", "percent")),
        ],
        [],
        [("About 40%", "About 40%")],
        "unique",
        id="same-percent-different-subject",
    ),
    pytest.param(
        [
            (
                "A",
                "The ferry carries around 1,500 passengers a day on the Oban route in winter.",
                ("around 1,500", 1500, "passengers", "about"),
            ),
            (
                "B",
                "The operator, which carries around 1,500 passengers a day on the route in winter, said so.",
                ("around 1,500", 1500, "passengers", "about"),
            ),
        ],
        [("around 1,500", "around 1,500")],
        [],
        "corroborated",
        id="same-figure-no-event",
    ),
    pytest.param(
        [
            (
                "A",
                "Cantemir, a town of about 3,800 people farther downstream, braced for the flood.",
                ("about 3,800", 3800, "people", "about"),
            ),
            (
                "B",
                "The flood wave reached this town of about 3,800 people on Wednesday night.",
                ("about 3,800", 3800, "people", "about"),
            ),
        ],
        [("about 3,800", "about 3,800")],
        [],
        "corroborated",
        id="same-specific-figure-is-evidence",
    ),
    pytest.param(
        [
            (
                "A",
                "Cantemir, a family of three people farther downstream, braced for the flood.",
                ("three", 3, "people", "exact"),
            ),
            (
                "B",
                "The flood wave reached this family of three people on Wednesday night.",
                ("three", 3, "people", "exact"),
            ),
        ],
        [],
        [("three", "three")],
        "unique",
        id="small-figures-are-not-evidence",
    ),
    pytest.param(
        [
            ("A", "Twelve soldiers were killed in the attack.", ("Twelve", 12, "soldiers", "exact")),
            ("B", "Twelve civilians were killed in the attack.", ("Twelve", 12, "civilians", "exact")),
        ],
        [],
        [("Twelve", "Twelve")],
        "unique",
        id="soldiers-vs-civilians",
    ),
]


@pytest.mark.parametrize(("reports", "together", "apart", "status"), GROUPING)
def test_grouping(reports, together, apart, status) -> None:
    extractions = [report(text, spec, outlet=outlet) for outlet, text, spec in reports]
    groups = align_claims("s1", extractions)
    first_outlet = reports[0][0]
    for q1, q2 in together:
        assert _group_of(groups, q1, first_outlet).id == _group_of(groups, q2, reports[1][0]).id
    for q1, q2 in apart:
        assert _group_of(groups, q1, first_outlet).id != _group_of(groups, q2, reports[1][0]).id
    assert _group_of(groups, reports[0][2][0], first_outlet).status == status


def test_consensus_range_is_the_intersection() -> None:
    groups = align_claims(
        "s",
        [
            report(
                "Roughly 10,000 North Korean troops are in the Kursk region.",
                ("Roughly 10,000", 10_000, "troops", "about"),
                outlet="WSJ",
            ),
            report(
                "Over 10,000 North Korean troops are in the Kursk region.",
                ("Over 10,000", 10_000, "troops", "over"),
                outlet="DW",
            ),
        ],
    )
    [group] = groups
    assert (group.low, group.high) == (pytest.approx(10_000), pytest.approx(11_000))
    assert group.unit == "troops" and group.kind == "count"
    assert {m.source.outlet for m in group.members} == {"WSJ", "DW"}


def test_unbounded_consensus_has_no_high() -> None:
    groups = align_claims(
        "s",
        [
            report(
                "At least 40 people were killed in the flood.", ("At least 40", 40, "people", "at least"), outlet="A"
            ),
            report(
                "At least 45 people were killed in the flood.", ("At least 45", 45, "people", "at least"), outlet="B"
            ),
        ],
    )
    [group] = groups
    assert group.status == "corroborated" and group.low == 45 and group.high is None


def test_contradicted_group_has_no_consensus() -> None:
    groups = align_claims(
        "s",
        [
            report("The fire killed three people.", ("three", 3, "people", "exact"), outlet="A"),
            report("At least seven people died in the fire.", ("At least seven", 7, "people", "at least"), outlet="B"),
        ],
    )
    [group] = groups
    assert group.status == "contradicted" and group.low is None and group.high is None
    assert "killed" in group.subject


def test_two_articles_of_one_outlet_do_not_corroborate() -> None:
    groups = align_claims(
        "s",
        [
            report(
                "Roughly 1,200 residents were evacuated.", ("Roughly 1,200", 1200, "residents", "about"), outlet="CWS"
            ),
            report("About 1,200 people were evacuated.", ("About 1,200", 1200, "people", "about"), outlet="CWS"),
        ],
    )
    [group] = groups
    assert group.status == "unique" and len(group.members) == 2


@pytest.mark.parametrize(
    ("text", "specs", "separate"),
    [
        # a part of a whole never groups with the whole
        (
            "Nine people were missing on Thursday. Seven of the nine people missing were found alive.",
            [("Nine", 9, "people", "exact"), ("Seven", 7, "people", "exact")],
            True,
        ),
        # an increment is not a total
        (
            "Three people died in the flood. The bodies of four more victims were found, doctors said.",
            [("Three", 3, "people", "exact"), ("four", 4, "victims", "exact")],
            True,
        ),
        # one sentence does not contradict itself
        (
            "The river peaked at 6.8 metres, almost two metres above the alert level.",
            [("6.8 metres", 6.8, "m", "exact", "measure"), ("almost two metres", 2, "m", "nearly", "measure")],
            True,
        ),
    ],
)
def test_parts_increments_and_one_sentence(text, specs, separate) -> None:
    other = report(text, *specs, outlet="B")
    groups = align_claims("s", [other])
    assert (not _same_group(groups, specs[0][0], specs[1][0])) is separate
    assert all(g.status != "contradicted" for g in groups)


def test_places_in_different_countries_are_different_subjects() -> None:
    leova = report(
        "About 1,200 people were evacuated from Leova.",
        ("About 1,200", 1200, "people", "about"),
        outlet="A",
        places=[("Leova", "Leova", "MD")],
    )
    falciu = report(
        "About 300 people were evacuated from Falciu.",
        ("About 300", 300, "people", "about"),
        outlet="B",
        places=[("Falciu", "Falciu", "RO")],
    )
    groups = align_claims("s", [leova, falciu])
    assert len(groups) == 2 and {g.status for g in groups} == {"unique"}


# --- updates --------------------------------------------------------------------------------------------

UPDATES = [
    pytest.param(
        [
            (
                "A",
                MAR[11],
                "About 1,200 people were evacuated on Tuesday.",
                ("About 1,200", 1200, "people", "about"),
                [("Tuesday", MAR[11])],
            ),
            (
                "B",
                MAR[13],
                "The number of people evacuated rose to 2,300 on Thursday.",
                ("2,300", 2300, "", "exact"),
                [("Thursday", MAR[13])],
            ),
        ],
        "2,300",
        "About 1,200",
        id="evacuated-rises",
    ),
    pytest.param(
        [
            (
                "A",
                D(2024, 11, 11),
                "Some 10,000 North Korean troops have been deployed to Russia.",
                ("Some 10,000", 10_000, "troops", "about"),
                [],
            ),
            (
                "B",
                D(2024, 12, 16),
                "Some 11,000 North Korean troops have been deployed to Russia.",
                ("Some 11,000", 11_000, "troops", "about"),
                [],
            ),
        ],
        None,
        None,
        id="about-10000-and-about-11000-overlap",  # 9,900..11,000: compatible, no update
    ),
    pytest.param(
        [
            (
                "A",
                D(2024, 11, 11),
                "North Korea has deployed 10,000 troops to Russia.",
                ("10,000", 10_000, "troops", "exact"),
                [],
            ),
            (
                "B",
                D(2024, 12, 16),
                "North Korea has deployed 11,000 troops to Russia.",
                ("11,000", 11_000, "troops", "exact"),
                [],
            ),
        ],
        "11,000",
        "10,000",
        id="november-to-december",
    ),
]


@pytest.mark.parametrize(("reports", "later", "earlier"), UPDATES)
def test_updates(reports, later, earlier) -> None:
    extractions = [
        report(text, spec, outlet=outlet, published=published, times=times)
        for outlet, published, text, spec, times in reports
    ]
    groups = align_claims("s", extractions)
    assert all(g.status != "contradicted" for g in groups)
    if later is None:
        assert len(groups) == 1 and groups[0].status == "corroborated" and not groups[0].updates
        return
    new, old = _group_of(groups, later), _group_of(groups, earlier)
    assert new.id != old.id
    assert new.updates == (old.id,) and old.updates == ()
    assert groups.index(old) < groups.index(new)  # first appearance order


def test_update_chain_lists_only_the_nearest_link() -> None:
    groups = align_claims(
        "s",
        [
            report(
                "A dozen people were still missing on Tuesday.",
                ("A dozen", 12, "people", "exact"),
                outlet="A",
                published=MAR[11],
                times=[("Tuesday", MAR[11])],
            ),
            report(
                "Nine people were still missing on Thursday, down from a dozen on Tuesday.",
                ("Nine", 9, "people", "exact"),
                ("a dozen", 12, "", "exact"),
                outlet="B",
                published=MAR[13],
                times=[("Thursday", MAR[13]), ("Tuesday", MAR[11])],
            ),
            report(
                "Two people were still missing on Friday.",
                ("Two", 2, "people", "exact"),
                outlet="C",
                published=MAR[14],
                times=[("Friday", MAR[14])],
            ),
        ],
    )
    twelve, nine, two = (_group_of(groups, q) for q in ("A dozen", "Nine", "Two"))
    assert twelve.status == "corroborated"  # "down from a dozen on Tuesday" borrows "missing" and joins
    assert {m.source.outlet for m in twelve.members} == {"A", "B"}
    assert nine.updates == (twelve.id,) and two.updates == (nine.id,)
    assert all("missing" in g.subject for g in (twelve, nine, two))


def test_same_day_is_a_contradiction_not_an_update() -> None:
    groups = align_claims(
        "s",
        [
            report(
                "Three people died on Tuesday.",
                ("Three", 3, "people", "exact"),
                outlet="A",
                published=MAR[11],
                times=[("Tuesday", MAR[11])],
            ),
            report(
                "Seven people died on Tuesday, doctors said.",
                ("Seven", 7, "people", "exact"),
                outlet="B",
                published=MAR[12],
                times=[("Tuesday", MAR[11])],
            ),
        ],
    )
    [group] = groups
    assert group.status == "contradicted"


def test_a_stale_report_does_not_block_an_update() -> None:
    # B published on the 12th without a date in its sentence: its figure is as stale as A's, so the
    # explicitly dated 2,300 of the 12th still supersedes the 1,200 of the 11th.
    groups = align_claims(
        "s",
        [
            report(
                "About 1,200 people were evacuated on Tuesday.",
                ("About 1,200", 1200, "people", "about"),
                outlet="A",
                published=MAR[11],
                times=[("Tuesday", MAR[11])],
            ),
            report(
                "About 1,200 people have been evacuated.",
                ("About 1,200", 1200, "people", "about"),
                outlet="B",
                published=MAR[12],
            ),
            report(
                "The number of people evacuated reached 2,300 on Wednesday.",
                ("2,300", 2300, "people", "exact"),
                outlet="C",
                published=MAR[12],
                times=[("Wednesday", MAR[12])],
            ),
        ],
    )
    assert _group_of(groups, "2,300").updates == (_group_of(groups, "About 1,200").id,)
    assert _status_of(groups, "About 1,200") == "corroborated"


def test_figures_a_season_apart_are_different_subjects() -> None:
    groups = align_claims(
        "s",
        [
            report("The flood killed 40 people.", ("40", 40, "people", "exact"), outlet="A", published=D(2024, 3, 1)),
            report("The flood killed 12 people.", ("12", 12, "people", "exact"), outlet="B", published=D(2025, 3, 1)),
        ],
    )
    assert len(groups) == 2 and all(not g.updates and g.status == "unique" for g in groups)


def test_since_and_possessive_times_do_not_date_a_figure() -> None:
    [x] = [
        report(
            "Police brought the number of people evacuated since Tuesday's dam failure to 2,300, "
            "officials said on Thursday.",
            ("2,300", 2300, "people", "exact"),
            outlet="A",
            published=MAR[13],
            times=[("Tuesday", MAR[11]), ("Thursday", MAR[13])],
        )
    ]
    [group] = align_claims("s", [x])
    assert group.members[0].as_of == MAR[13]


# --- degenerate input -------------------------------------------------------------------------------------


def test_empty_input() -> None:
    assert align_claims("s", []) == []


def test_article_without_claims() -> None:
    assert align_claims("s", [Extraction(article=article("No numbers here."))]) == []


def test_no_publication_date_no_unit_unknown_hedge_and_unset_offsets() -> None:
    undated = report("The toll rose to 300.", ("300", 300, "", "exact"), outlet=None, published=None)
    odd = report("About 300 people died.", ("About 300", 300, "people", "roughly"), outlet="B")
    claim = odd.claims[0]
    unset = dataclasses.replace(claim, sentence_start=0, sentence_end=0, start=999, end=1002)
    odd = dataclasses.replace(odd, claims=(unset,))
    groups = align_claims("s", [undated, odd])
    assert sum(len(g.members) for g in groups) == 2
    assert all(m.as_of is None for g in groups for m in g.members if m.source.article_id == undated.article.id)


def test_nan_figures_are_skipped() -> None:
    x = report("About 300 people died.", ("About 300", 300, "people", "about"))
    bad: Claim = dataclasses.replace(x.claims[0], low=math.nan)
    assert align_claims("s", [dataclasses.replace(x, claims=(bad,))]) == []


def test_every_claim_is_in_exactly_one_group_and_ids_are_stable() -> None:
    extractions = [
        report(
            "Roughly 1,200 residents were evacuated and three people died.",
            ("Roughly 1,200", 1200, "residents", "about"),
            ("three", 3, "people", "exact"),
            outlet="A",
        ),
        report(
            "More than 1,200 people were evacuated; seven people died.",
            ("More than 1,200", 1200, "people", "over"),
            ("seven", 7, "people", "exact"),
            outlet="B",
        ),
    ]
    first = align_claims("s", extractions)
    again = align_claims("s", list(reversed(extractions)))
    assert sorted(len(g.members) for g in first) == [2, 2]
    assert {g.id for g in first} == {g.id for g in again}
    assert len({g.id for g in first}) == len(first)
    assert {g.status for g in first} == {"corroborated", "contradicted"}


@pytest.mark.parametrize(
    ("outlet", "url", "source", "expected"),
    [
        ("DW", "https://www.dw.com/x", "a.txt", "DW"),
        (None, "https://www.dw.com/x", "a.txt", "dw.com"),
        (None, None, "feeds/a.jsonl:3", "feeds/a.jsonl:3"),
    ],
)
def test_default_outlet(outlet, url, source, expected) -> None:
    art = dataclasses.replace(article("text", outlet), url=url, source=source)
    assert default_outlet(art) == expected


def test_outlet_of_is_used_for_corroboration() -> None:
    extractions = [
        report("Roughly 1,200 residents were evacuated.", ("Roughly 1,200", 1200, "residents", "about"), outlet="A"),
        report("About 1,200 people were evacuated.", ("About 1,200", 1200, "people", "about"), outlet="B"),
    ]
    [group] = align_claims("s", extractions, outlet_of=lambda a: "same wire")
    assert group.status == "unique"


# --- robustness -------------------------------------------------------------------------------------------

_VOCAB = ["three", "people", "were", "killed", "missing", "evacuated", "on", "Tuesday", ",", "and", "of", "the", "more"]


@st.composite
def _extractions(draw: st.DrawFn) -> list[Extraction]:
    out = []
    for _ in range(draw(st.integers(0, 4))):
        tokens = draw(st.lists(st.sampled_from(_VOCAB), min_size=1, max_size=15))
        text = " ".join(tokens) + "."
        art = article(text, draw(st.sampled_from(["A", "B", None])), draw(st.sampled_from([None, D(2025, 3, 11)])))
        claims = []
        for _ in range(draw(st.integers(0, 3))):
            start = draw(st.integers(0, len(text)))
            low = draw(st.floats(-1e6, 1e6, allow_nan=False))
            high = draw(st.one_of(st.just(low), st.floats(-1e6, 1e6, allow_nan=False)))
            sentence = draw(st.sampled_from([(0, len(text)), (0, 0), (5, 2), (0, len(text) + 50)]))
            claims.append(
                Claim(
                    art.id,
                    start,
                    start + 3,
                    text,
                    text[start : start + 3],
                    draw(st.sampled_from(["", "people"])),
                    low,
                    low,
                    high,
                    draw(st.sampled_from(["", "people", "%", "km"])),
                    draw(st.sampled_from([*HEDGES, "weird"])),
                    draw(st.sampled_from(["count", "percent"])),
                    sentence[0],
                    sentence[1],
                    draw(st.sampled_from([None, D(2025, 3, 12)])),
                )
            )
        out.append(Extraction(article=art, claims=tuple(claims)))
    return out


@given(_extractions())
@settings(max_examples=150, deadline=None)
def test_any_input_gives_groups_covering_every_countable_claim(extractions: list[Extraction]) -> None:
    groups = align_claims("s", extractions)
    placed = sum(len(g.members) for g in groups)
    # compared: every claim that counts something (a percentage, or a count of people); a count of "km"
    # or of nothing (no event word in these sentences) counts nothing comparable (compare/frames.py)
    countable = [
        c
        for x in extractions
        for c in x.claims
        if not any(math.isnan(v) for v in (c.low, c.high, c.value))
        and (c.unit == "people" if c.kind == "count" else bool(c.unit))
    ]
    assert len(countable) <= placed <= sum(len(x.claims) for x in extractions)
    assert all(g.status in ("corroborated", "contradicted", "unique") for g in groups)
    ids = {g.id for g in groups}
    assert all(set(g.updates) <= ids - {g.id} for g in groups)
