"""Claim frames (issue 14): a figure is compared only with figures that count the same thing.

One table row per error class an analyst met on real multi-outlet coverage; the sentences are invented.
Each row gives two outlets' reports and what a careful reader expects of the two figures:
``together`` (one group), ``apart`` (two groups, neither contradicted), ``contradicted`` (one group,
two figures) or ``update`` (the second supersedes the first).
"""

from __future__ import annotations

import datetime as dt

import pytest

from storyline.compare import align_claims, find_contradictions
from storyline.compare.frames import ClaimFrame, event_label, owner_of, part_of
from storyline.model import ClaimGroup

from .builders import D, report

MON, FRI = D(2025, 1, 6), D(2025, 1, 10)

# (label, (text A, claim A), (text B, claim B), expected)
FRAMES = [
    (
        "killed-vs-wounded",
        ("At least 40 soldiers were killed in the assault.", ("At least 40", 40, "soldiers", "at least")),
        ("Some 400 soldiers were wounded in the assault.", ("Some 400", 400, "soldiers", "about")),
        "apart",
    ),
    (
        "killed-vs-killed-or-wounded",
        ("Roughly 300 soldiers were killed near the river.", ("Roughly 300", 300, "soldiers", "about")),
        ("About 3,000 soldiers were killed or wounded near the river.", ("About 3,000", 3000, "soldiers", "about")),
        "apart",
    ),
    (
        "casualties-are-killed-or-wounded",
        ("The brigade has suffered 3,000 casualties so far.", ("3,000", 3000, "casualties", "exact")),
        ("So far 4,000 fighters were killed or wounded.", ("4,000", 4000, "fighters", "exact")),
        "contradicted",
    ),
    (
        "part-vs-whole",
        ("A first contingent of 1,500 troops landed in the port.", ("1,500", 1500, "troops", "exact")),
        ("In all 11,000 troops were sent to the port.", ("11,000", 11000, "troops", "exact")),
        "apart",
    ),
    (
        "owners-differ",
        ("About 600 Ukrainian soldiers were captured in the battle.", ("About 600", 600, "soldiers", "about")),
        ("About 60 Russian soldiers were captured in the battle.", ("About 60", 60, "soldiers", "about")),
        "apart",
    ),
    (
        "presence-vs-outcome",
        ("Some 10,000 foreign soldiers are now in the region.", ("Some 10,000", 10000, "soldiers", "about")),
        (
            "At least 100 foreign soldiers have been killed in the region.",
            ("At least 100", 100, "soldiers", "at least"),
        ),
        "apart",
    ),
    (
        "vague-never-contradicts",
        ("Thousands of foreign soldiers were sent to the front.", ("Thousands", (2000, 9999), "soldiers", "about")),
        ("Exactly 12,000 foreign soldiers were sent to the front.", ("12,000", 12000, "soldiers", "exact")),
        "apart",
    ),
    (
        "rank-vs-troops",
        ("Three generals arrived at the front with their staff.", ("Three", 3, "generals", "exact")),
        ("Some 3,000 troops at the front were killed or wounded.", ("Some 3,000", 3000, "troops", "about")),
        "apart",
    ),
    (
        "a-floor-does-not-confirm-a-figure-ten-times-larger",
        ("At least 100 soldiers were killed in the fighting.", ("At least 100", 100, "soldiers", "at least")),
        ("Around 1,000 soldiers were killed in the fighting.", ("Around 1,000", 1000, "soldiers", "about")),
        "apart",
    ),
    (
        "a-demonym-counts-people-of-that-country",
        ("Among those on board were 150 Chinese.", ("150", 150, "Chinese", "exact")),
        ("Some 150 Chinese nationals were on board.", ("Some 150", 150, "nationals", "about")),
        "together",
    ),
    (
        "people-of-two-countries",
        ("Among those on board were 150 Chinese.", ("150", 150, "Chinese", "exact")),
        ("Among those on board were 150 Malaysians.", ("150", 150, "Malaysians", "exact")),
        "apart",
    ),
    (
        "ships-and-vessels-are-one-count",
        ("Eight ships joined the search on Monday.", ("Eight", 8, "ships", "exact")),
        ("Eight vessels are now taking part.", ("Eight", 8, "vessels", "exact")),
        "together",
    ),
    (
        "deployed-and-present-agree",
        ("Roughly 10,000 foreign troops are in the border region.", ("Roughly 10,000", 10000, "troops", "about")),
        ("Over 10,000 foreign troops were deployed to the border region.", ("Over 10,000", 10000, "troops", "over")),
        "together",
    ),
    (
        "same-frame-same-day-disagree",
        ("Officials said 10,000 foreign troops were sent to the border.", ("10,000", 10000, "troops", "exact")),
        (
            "A ministry estimate put the foreign troops sent to the border at 12,000.",
            ("12,000", 12000, "troops", "exact"),
        ),
        "contradicted",
    ),
]


def _reports(row, published_b: dt.date = MON, places=((), ())):
    _, (text_a, claim_a), (text_b, claim_b), _ = row
    return [
        report(text_a, claim_a, outlet="A", published=MON, places=places[0]),
        report(text_b, claim_b, outlet="B", published=published_b, places=places[1]),
    ]


def _groups_of(groups: list[ClaimGroup]) -> dict[str, ClaimGroup]:
    return {m.source.outlet: g for g in groups for m in g.members}


@pytest.mark.parametrize("row", FRAMES, ids=[r[0] for r in FRAMES])
def test_frames(row) -> None:
    extractions = _reports(row)
    groups = align_claims("s", extractions)
    by_outlet = _groups_of(groups)
    a, b = by_outlet["A"], by_outlet["B"]
    expected = row[3]
    if expected == "apart":
        assert a.id != b.id and a.status != "contradicted" and b.status != "contradicted"
        assert not find_contradictions("s", extractions, groups)
    elif expected == "together":
        assert a.id == b.id and a.status == "corroborated"
    else:
        assert a.id == b.id and a.status == "contradicted"


# One frame under several wordings, and the scope a sentence gives a figure outside its clause (session 7):
# (label, (text A, claim A), (text B, claim B), expected, places of A, places of B)
WORDINGS = [
    (
        "a-partitive-whole-does-not-take-the-part's-fate",
        ("Two of the 40 workers died in the blast.", ("40", 40, "workers", "exact")),
        ("The 40 workers were evacuated from the plant.", ("40", 40, "workers", "exact")),
        "together",
        (),
        (),
    ),
    (
        "a-partitive-whole-keeps-its-own-participle",
        ("One of the 129 people killed in the attacks was a teacher.", ("129", 129, "people", "exact")),
        ("The attacks killed 129 people.", ("129", 129, "people", "exact")),
        "together",
        (),
        (),
    ),
    (
        "passengers-may-be-everyone-on-board-without-saying-so",
        ("The jet and its 227 passengers disappeared without a trace.", ("227", 227, "passengers", "exact")),
        ("The jet vanished over the sea with 227 people on board.", ("227", 227, "people", "exact")),
        "together",
        (),
        (),
    ),
    (
        "passengers-on-board-may-be-everyone-on-board",
        ("The jet vanished with 227 passengers on board.", ("227", 227, "passengers", "exact")),
        ("Relatives of the 227 people on board met the minister.", ("227", 227, "people", "exact")),
        "together",
        (),
        (),
    ),
    (
        "passengers-on-board-never-contradict-people-on-board",
        ("The jet vanished with 215 passengers on board.", ("215", 215, "passengers", "exact")),
        ("Relatives of the 227 people on board met the minister.", ("227", 227, "people", "exact")),
        "apart",
        (),
        (),
    ),
    (
        "people-on-board-missing-then-dead-are-one-count",
        ("The jet vanished with 227 people on board.", ("227", 227, "people", "exact")),
        ("All 227 people on board are now presumed dead.", ("227", 227, "people", "exact")),
        "together",
        (),
        (),
    ),
    (
        "passengers-are-on-board-whatever-their-fate",
        ("The jet and its 227 passengers disappeared over the sea.", ("227", 227, "passengers", "exact")),
        ("Officials said all 227 people on board were killed.", ("227", 227, "people", "exact")),
        "together",
        (),
        (),
    ),
    (
        "people-on-board-under-two-fates-never-contradict",
        ("The ferry capsized with 180 people on board.", ("180", 180, "people", "exact")),
        ("Officials said 150 people on board were killed.", ("150", 150, "people", "exact")),
        "apart",
        (),
        (),
    ),
    (
        "the-name-a-where-clause-hangs-on-is-a-venue",
        ("Mourners gathered at the Orpheum, where 61 people were killed.", ("61", 61, "people", "exact")),
        ("Across the city 140 people were killed on Friday night.", ("140", 140, "people", "exact")),
        "apart",
        (),
        (),
    ),
    (
        "a-venue-named-later-in-the-sentence-scopes-the-figure",
        ("61 people were killed after gunmen burst into the concert hall.", ("61", 61, "people", "exact")),
        ("Across the city 140 people were killed on Friday night.", ("140", 140, "people", "exact")),
        "apart",
        (),
        (),
    ),
    (
        "a-source's-venue-is-not-the-figure's",
        ("Seven people died in the flood, according to doctors at the town hospital.", ("Seven", 7, "people", "exact")),
        ("Three people died in the flood.", ("Three", 3, "people", "exact")),
        "contradicted",
        (),
        (),
    ),
    (
        "a-number-without-a-noun-counts-the-noun-before-it",
        ("Nine gunmen took part in the raids, and seven died.", ("seven", 7, "", "exact")),
        ("In all 130 people died in the raids.", ("130", 130, "people", "exact")),
        "apart",
        (),
        (),
    ),
    (
        "nouns-of-one-class-joined-by-and-keep-their-class",
        ("The raids were carried out by eight gunmen and suicide bombers.", ("eight", 8, "gunmen", "exact")),
        ("Eight attackers carried out the raids.", ("Eight", 8, "attackers", "exact")),
        "together",
        (),
        (),
    ),
    (
        "an-army-and-the-contingent-it-sent-are-two-wholes",
        ("The north has sent about 11,000 troops abroad.", ("about 11,000", 11000, "troops", "about")),
        ("The north has an army of about 1.2 million troops.", ("about 1.2 million", 1.2e6, "troops", "about")),
        "apart",
        (),
        (),
    ),
    (
        "a-possibility-neither-confirms-nor-contradicts-a-report",
        ("The north has sent about 11,000 troops abroad.", ("about 11,000", 11000, "troops", "about")),
        ("The north could send up to 100,000 troops abroad.", ("up to 100,000", 100000, "troops", "up to")),
        "apart",
        (),
        (),
    ),
    (
        "a-figure-under-consideration-is-not-the-sent-one",
        ("The north has sent about 11,000 troops abroad.", ("about 11,000", 11000, "troops", "about")),
        ("The north is considering sending 30,000 troops abroad.", ("30,000", 30000, "troops", "exact")),
        "apart",
        (),
        (),
    ),
    (
        "a-decided-plan-is-the-figure-itself",
        ("The north planned to send a total of 12,000 troops abroad.", ("12,000", 12000, "troops", "exact")),
        ("The north has sent 12,000 troops abroad.", ("12,000", 12000, "troops", "exact")),
        "together",
        (),
        (),
    ),
    (
        "a-modal-looking-back-is-an-estimate-of-what-happened",
        ("As many as 40 people may have died in the fire.", ("40", 40, "people", "exact")),
        ("Forty people died in the fire.", ("Forty", 40, "people", "exact")),
        "together",
        (),
        (),
    ),
    (
        "a-route-is-not-a-scope",
        ("The jet left Lisbon for Oslo with 212 people on board.", ("212", 212, "people", "exact")),
        ("Families of the 212 people on board met in Madrid.", ("212", 212, "people", "exact")),
        "together",
        (("Lisbon", "Lisbon", "PT"), ("Oslo", "Oslo", "NO")),
        (("Madrid", "Madrid", "ES"),),
    ),
    (
        "a-place-opening-the-sentence-scopes-its-figures",
        ("In Portugal, the storm killed 30 people.", ("30", 30, "people", "exact")),
        ("In Spain, the storm killed 12 people.", ("12", 12, "people", "exact")),
        "apart",
        (("Portugal", "Portugal", "PT", "country"),),
        (("Spain", "Spain", "ES", "country"),),
    ),
    (
        "a-place-inside-another-clause-does-not",
        ("A van hired in Belgium was found near the club, where 40 people died.", ("40", 40, "people", "exact")),
        ("40 people died at the club in Paris.", ("40", 40, "people", "exact")),
        "together",
        (("Belgium", "Belgium", "BE", "country"),),
        (("Paris", "Paris", "FR"),),
    ),
    (
        "a-source-named-before-its-verb-gives-no-venue",
        ("Officials at the city hospital said 41 people died in the flood.", ("41", 41, "people", "exact")),
        ("39 people died in the flood.", ("39", 39, "people", "exact")),
        "contradicted",
        (),
        (),
    ),
    (
        "a-source-that-puts-the-number-at-gives-no-venue",
        ("Hospital officials now put the number of injured at 310.", ("310", 310, "", "exact")),
        ("The flood injured 300 people.", ("300", 300, "people", "exact")),
        "contradicted",
        (),
        (),
    ),
    (
        "an-aside-after-the-count-does-not-hide-its-event",
        ("Inside the club, 61 people, who had come to hear a band, were shot to death.",
         ("61", 61, "people", "exact")),
        ("59 people were killed inside the club.", ("59", 59, "people", "exact")),
        "contradicted",
        (),
        (),
    ),
]


@pytest.mark.parametrize("row", WORDINGS, ids=[r[0] for r in WORDINGS])
def test_wordings_and_scopes(row) -> None:
    extractions = _reports(row[:4], places=row[4:6])
    groups = align_claims("s", extractions)
    by_outlet = _groups_of(groups)
    a, b = by_outlet["A"], by_outlet["B"]
    if row[3] == "apart":
        assert a.id != b.id and a.status != "contradicted" and b.status != "contradicted"
        assert a.series != b.series
    elif row[3] == "together":
        assert a.id == b.id and a.status == "corroborated"
    else:
        assert a.id == b.id and a.status == "contradicted"


def test_a_trailing_list_belongs_to_the_figure_before_it() -> None:
    """The venues listed after the 900 are where the 900 went, not where the five died."""
    a = report(
        "About 900 people moved to schools, a sports hall and homes, and five people died.",
        ("About 900", 900, "people", "about"),
        ("five", 5, "people", "exact"),
        outlet="A",
        published=MON,
    )
    b = report("Two people died in the flood.", ("Two", 2, "people", "exact"), outlet="B", published=MON)
    groups = align_claims("s", [a, b])
    [dead] = [g for g in groups if any(m.quantity == "Two" for m in g.members)]
    assert dead.status == "contradicted" and {m.quantity for m in dead.members} == {"five", "Two"}


def test_a_later_figure_is_an_update_with_its_history() -> None:
    row = FRAMES[-1]
    extractions = _reports(row, published_b=FRI)
    groups = align_claims("s", extractions)
    by_outlet = _groups_of(groups)
    old, new = by_outlet["A"], by_outlet["B"]
    assert new.updates == (old.id,) and "contradicted" not in (old.status, new.status)
    assert old.series == new.series != ""  # one frame: the figure's history spans both groups
    assert not find_contradictions("s", extractions, groups)


def test_a_region_is_a_part_of_its_country() -> None:
    row = (
        "region-vs-country",
        ("About 8,000 foreign troops are in Kursk.", ("About 8,000", 8000, "troops", "about")),
        ("About 11,000 foreign troops are in Russia.", ("About 11,000", 11000, "troops", "about")),
        "apart",
    )
    places = ((("Kursk", "Kursk", "RU", "region"),), (("Russia", "Russia", "RU", "country"),))
    groups = align_claims("s", _reports(row, places=places))
    by_outlet = _groups_of(groups)
    assert by_outlet["A"].id != by_outlet["B"].id
    assert "contradicted" not in {g.status for g in groups}


@pytest.mark.parametrize(
    ("text_a", "places_a"),
    [
        (
            "About 3,000 foreign troops have been killed or wounded in Russia's western border region of Kursk.",
            (("Russia", "Russia", "RU", "country"), ("Kursk", "Kursk", "RU", "region")),
        ),
        ("About 3,000 foreign troops have been killed or wounded in the region of Kursk.",
         (("Kursk", "Kursk", "RU", "region"),)),
    ],
)
def test_a_region_named_after_its_country_is_where_the_figure_holds(text_a, places_a) -> None:
    # "the <region noun> of Kursk" scopes the figure to Kursk, not to the country before it: the later
    # Kursk figure updates it instead of standing apart as a part of a national figure
    row = (
        "region-of",
        (text_a, ("About 3,000", 3000, "troops", "about")),
        ("By now 3,600 foreign troops have been killed or wounded in Kursk.", ("3,600", 3600, "troops", "exact")),
        "update",
    )
    places = (places_a, (("Kursk", "Kursk", "RU", "region"),))
    groups = align_claims("s", _reports(row, published_b=FRI, places=places))
    by_outlet = _groups_of(groups)
    old, new = by_outlet["A"], by_outlet["B"]
    assert new.updates == (old.id,) and "contradicted" not in (old.status, new.status)


@pytest.mark.parametrize(
    ("text", "claim", "compared"),
    [
        ("The article runs to 6 paragraphs.", ("6", 6, "paragraphs", "exact"), False),  # page furniture
        ("Sign up here, 3 f left.", ("3", 3, "f", "exact"), False),  # a parse slip: no counted noun
        ("The toll rose to 300 on Monday.", ("300", 300, "", "exact"), True),  # an event word counts
        ("It rose to 300 on Monday.", ("300", 300, "", "exact"), False),  # nothing counted
    ],
)
def test_claims_that_count_nothing_are_not_compared(text, claim, compared) -> None:
    groups = align_claims("s", [report(text, claim)])
    assert bool(groups) is compared


@pytest.mark.parametrize(
    ("text", "claim", "quotes", "cited"),
    [
        (
            "About 3,000 were hurt, according to the spy agency, on Monday.",
            ("3,000", 3000, "people", "about"),
            (),
            "the spy agency",
        ),
        (
            "The ministry said 4,000 people were hurt.",
            ("4,000", 4000, "people", "exact"),
            (("4,000 people were hurt", "the ministry", "indirect"),),
            "the ministry",
        ),
        ("About 3,000 people were hurt.", ("3,000", 3000, "people", "about"), (), ""),
        # the owner of an estimate stated right before the figure (issue 14)
        (
            "The new figure is far above Ruritania's estimate of 1,200 people hurt.",
            ("1,200", 1200, "people", "exact"),
            (),
            "Ruritania",
        ),
        ("By the Health Ministry's count, 310 people were hurt.", ("310", 310, "people", "exact"), (),
         "Health Ministry"),
        ("The town's 4,000 people were hurt.", ("4,000", 4000, "people", "exact"), (), ""),  # no estimate
        (
            "The agency estimated that 4,000 people were hurt.",
            ("4,000", 4000, "people", "exact"),
            (("4,000 people were hurt", "the agency", "indirect", "estimated"),),
            "the agency",
        ),
        (  # a tentative attribution (kept for recall, under the balanced threshold) credits nobody
            "The agency estimated that 4,000 people were hurt.",
            ("4,000", 4000, "people", "exact"),
            (("4,000 people were hurt", "the agency", "indirect", "estimated", True),),
            "",
        ),
        (  # an attribution that reports nobody's figure: the writer gives it
            "The veteran does not need to imagine what the 4,000 soldiers think.",
            ("4,000", 4000, "soldiers", "exact"),
            (("what the 4,000 soldiers think", "The veteran", "indirect", "need to imagine"),),
            "",
        ),
    ],
)
def test_members_name_who_is_cited(text, claim, quotes, cited) -> None:
    [group] = align_claims("s", [report(text, claim, quotes=quotes)])
    assert group.members[0].cited == cited


@pytest.mark.parametrize(
    ("words", "event"),
    [
        ("soldiers were killed or wounded", "killed or wounded"),
        ("dead and injured", "killed or wounded"),
        ("casualties", "killed or wounded"),
        ("troops sent to the front were killed", "killed"),
        ("troops deployed to the region", "deployed"),
        ("prisoners of war", "captured"),
        ("troops in the region", ""),
        ("gunmen murdered 18 people", "killed"),
        ("two guards were gunned down", "killed"),
        # a search-and-rescue service names no one rescued; people saved by it still are
        ("the families of the 230 people still awaited search and rescue teams", ""),
        ("search and rescue crews reached 40 hikers", ""),
        ("40 hikers were rescued by search and rescue crews", "rescued"),
    ],
)
def test_event_labels(words, event) -> None:
    assert event_label(words.split()) == event


def test_owner_and_part_words() -> None:
    assert owner_of("north korean troops".split()) == {"KP"}
    assert owner_of("korean troops".split()) == {"KP", "KR"}
    assert owner_of("troops".split()) == frozenset()
    assert part_of("a first contingent of".split(), ["troops"]) == {"first", "contingent"}
    assert part_of("for the time being all".split(), ["troops"]) == frozenset()
    frame = ClaimFrame("troops", frozenset({"KP"}), "killed", frozenset(), "")
    assert frame.compatible(ClaimFrame("troops", frozenset(), "killed", frozenset(), "NIS"))
    assert frame.compatible(ClaimFrame("troops", frozenset({"UA"}), "killed", frozenset(), "")) is False
    assert frame.compatible(ClaimFrame("troops", frozenset(), "", frozenset(), "")) is None


def test_a_vague_member_never_sets_the_consensus_range() -> None:
    """"Thousands" (2,000 to 9,999, about) joins the precise reports without capping their range."""
    reports = [
        report("Thousands of foreign troops are at the front.", ("Thousands", (2000, 9999), "troops", "about"),
               outlet="A", published=MON),
        report("Roughly 10,000 foreign troops are at the front.", ("Roughly 10,000", 10000, "troops", "about"),
               outlet="B", published=MON),
        report("Over 10,000 foreign troops are at the front.", ("Over 10,000", 10000, "troops", "over"),
               outlet="C", published=MON),
    ]
    [group] = align_claims("s", reports)
    assert group.status == "corroborated" and len(group.members) == 3
    assert (group.low, group.high) == (10_000, pytest.approx(11_000))


def test_a_toll_may_grow_by_any_factor_from_one_day_to_another() -> None:
    """An order of magnitude apart on one day: two wholes; on two days: the figure's next state."""
    early = report("Three people died in the quake.", ("Three", 3, "people", "exact"), outlet="A", published=MON)
    late = report("The quake has killed 300 people.", ("300", 300, "people", "exact"), outlet="B", published=FRI)
    groups = align_claims("s", [early, late])
    by_outlet = _groups_of(groups)
    assert by_outlet["B"].updates == (by_outlet["A"].id,)
    assert "contradicted" not in {g.status for g in groups}


def test_the_most_reported_undated_figure_seeds_its_series() -> None:
    """A background figure of the same shape read first (another ferry's 228 on board) does not keep the
    story's recurring figure out of one series: undated claims cluster most reported first."""
    texts = [
        ("In the case of the Northern Star, which sank in 2009 with 228 people aboard, insurers paid out.",
         "228"),
        ("Relatives of the 239 people on board met the minister.", "239"),
        ("The ferry vanished with 239 people on board.", "239"),
        ("The 239 people on board are now presumed dead.", "239"),
    ]
    extractions = [report(text, (number, int(number), "people", "exact"), outlet=f"O{k}", published=None)
                   for k, (text, number) in enumerate(texts)]
    groups = align_claims("s", extractions)
    series = {m.source.outlet: g.series for g in groups for m in g.members}
    assert series["O1"] == series["O2"] == series["O3"]
    assert series["O0"] != series["O1"]


def test_a_toll_counts_people_not_what_caused_it() -> None:
    """A toll with no counted noun counts people, not the plural its subject names ("the attacks")."""
    toll = report("The death toll from the storms has risen to 48.", ("48", 48, "", "exact"), outlet="A",
                  published=MON, subject="The death toll from the storms")
    killed = report("The storms killed 48 people.", ("48", 48, "people", "exact"), outlet="B", published=MON)
    by_outlet = _groups_of(align_claims("s", [toll, killed]))
    assert by_outlet["A"].id == by_outlet["B"].id and by_outlet["A"].status == "corroborated"


def test_an_undated_tally_that_rose_updates_a_lower_one() -> None:
    """Without dates, a figure stated as a rise ("has risen to 52") is later than a lower figure of its
    frame; two undated figures without one stay unordered (neither updated nor contradicted)."""
    early = report("Flooding killed 40 people in the valley.", ("40", 40, "people", "exact"), outlet="A",
                   published=None)
    risen = report("The death toll from the flooding has risen to 52.", ("52", 52, "", "exact"), outlet="B",
                   published=None, subject="The death toll from the flooding")
    plain = report("The flooding killed 52 people.", ("52", 52, "people", "exact"), outlet="C", published=None)
    by_outlet = _groups_of(align_claims("s", [early, risen]))
    assert by_outlet["B"].updates == (by_outlet["A"].id,)
    by_outlet = _groups_of(align_claims("s", [early, plain]))
    assert by_outlet["C"].updates == () and by_outlet["A"].updates == ()
    assert by_outlet["C"].series == by_outlet["A"].series
    assert "contradicted" not in {by_outlet["A"].status, by_outlet["C"].status}


def test_a_floor_joins_the_figure_nearest_the_number_it_states() -> None:
    """"At least 41 dead" fits both "41 dead" and a higher "44 dead": it corroborates the figure nearest
    its own number, whatever was read first (an earlier dated 44 used to take in every floor below it)."""
    higher = report("Floods killed 44 people in the valley.", ("44", 44, "people", "exact"), outlet="A")
    exact = report("Floods killed 41 people in the valley.", ("41", 41, "people", "exact"), outlet="B",
                   published=None)
    floor = report("Floods killed at least 41 people in the valley.", ("at least 41", 41, "people", "at least"),
                   outlet="C", published=None)
    by_outlet = _groups_of(align_claims("s", [higher, exact, floor]))
    assert by_outlet["C"].id == by_outlet["B"].id != by_outlet["A"].id
    assert by_outlet["B"].status == "corroborated"


def _series_of(groups: list[ClaimGroup], quantity: str) -> str:
    return next(g.series for g in groups if any(m.quantity == quantity for m in g.members))


def test_a_vague_figure_neither_keeps_out_nor_contradicts_a_total() -> None:
    # "thousands" sits beside "about 11,000"; the later "12,000" still joins their series, and nothing
    # calls "thousands" and "12,000" a contradiction (a vague figure is no figure to compare)
    reports = [
        report("Thousands of foreign troops have been sent to the border.", ("Thousands", (2000, 9999), "troops",
               "vague"), outlet="A", published=MON),  # fmt: skip
        report("About 11,000 foreign troops have been sent to the border.", ("About 11,000", 11000, "troops",
               "about"), outlet="B", published=D(2025, 1, 7)),  # fmt: skip
        report("Some 12,000 foreign troops have been sent to the border.", ("Some 12,000", 12000, "troops",
               "about"), outlet="C", published=FRI),  # fmt: skip
    ]
    groups = align_claims("s", reports)
    assert _series_of(groups, "Thousands") == _series_of(groups, "About 11,000") == _series_of(groups, "Some 12,000")
    assert "contradicted" not in {g.status for g in groups}


def test_a_figure_named_again_as_a_definite_keeps_its_part() -> None:
    # "the 1,500 soldiers" is the advance unit the article named first: a part, never a rival of the total
    first = report(
        "An advance unit of 1,500 soldiers crossed on Monday. A ferry with the 1,500 soldiers aboard left the port.",
        ("1,500", 1500, "soldiers", "exact"), ("1,500", 1500, "soldiers", "exact"), outlet="A", published=MON,
    )
    total = report("About 10,000 soldiers have been sent to the front.", ("About 10,000", 10000, "soldiers", "about"),
                   outlet="B", published=FRI)  # fmt: skip
    groups = align_claims("s", [first, total])
    [whole] = [g for g in groups if any(m.quantity == "About 10,000" for m in g.members)]
    assert [m.quantity for m in whole.members] == ["About 10,000"]
    assert {g.part for g in groups if any(m.quantity == "1,500" for m in g.members)} == {"advance"}
    assert "contradicted" not in {g.status for g in groups}


def test_a_compass_point_is_no_venue() -> None:
    # "the North" (a country by news shorthand, tagged as a location) does not set a figure apart from
    # the same count reported without it
    a = report("The North has decided to send 12,000 troops, an official said.", ("12,000", 12000, "troops", "exact"),
               outlet="A", published=MON, mentions=(("North", "North", "LOC"),))  # fmt: skip
    b = report("Officials said 10,000 troops were being sent.", ("10,000", 10000, "troops", "exact"), outlet="B",
               published=FRI)  # fmt: skip
    groups = align_claims("s", [a, b])
    assert _series_of(groups, "12,000") == _series_of(groups, "10,000")


def test_a_quoted_predicate_gives_the_event() -> None:
    # the quote marks cut the clause before its predicate: "have been “killed or wounded,”" still counts the
    # killed or wounded, not a figure with no event
    text = "As many as 40 have been “killed or wounded,” the army said on Monday."
    [group] = align_claims("s", [report(text, ("As many as 40", (0, 40), "", "up to"), published=MON)])
    assert group.event == "killed or wounded"


def test_as_many_as_states_a_number() -> None:
    # "as many as 30" bounds a number: it is the first state of a casualty series, not a vague "many"
    early = report("As many as 30 foreign soldiers have been killed or wounded, the army said.",
                   ("As many as 30", (0, 30), "soldiers", "up to"), outlet="A", published=MON)  # fmt: skip
    later = report("About 3,000 foreign soldiers have been killed or wounded, the army said.",
                   ("About 3,000", 3000, "soldiers", "about"), outlet="B", published=FRI)  # fmt: skip
    groups = align_claims("s", [early, later])
    by_outlet = _groups_of(groups)
    assert by_outlet["B"].updates == (by_outlet["A"].id,)


def test_a_combined_force_of_two_armies_is_neither_ones_figure() -> None:
    """"50,000 Russian and North Korean troops" (a real report's combined force) is no update of either
    army's count; here in our own words."""
    extractions = [
        report("A combined force of 40,000 Serbian and Hungarian troops is massing by the river.",
               ("40,000", 40000, "troops", "exact"), outlet="A", published=FRI,
               subject="Serbian and Hungarian troops"),
        report("Some 9,000 Hungarian troops were sent to the river.", ("Some 9,000", 9000, "troops", "about"),
               outlet="B", published=MON, subject="Hungarian troops"),
    ]
    groups = _groups_of(align_claims("s", extractions))
    combined, one_army = groups["A"], groups["B"]
    assert combined.series != one_army.series and combined.part == "combined"
    assert not combined.updates and not one_army.updates
