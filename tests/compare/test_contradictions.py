"""find_contradictions on hand-built records: negations in text, and numeric pairs from claim groups.

Every sentence here is invented for the test (issue 14: one error class per table row).
"""

from __future__ import annotations

import pytest

from storyline.compare import align_claims, find_contradictions
from storyline.compare.contradictions import verb_key
from storyline.model import ClaimGroup, ClaimMember, SourceRef

from .builders import D, report

MON, TUE, WED = D(2025, 3, 10), D(2025, 3, 11), D(2025, 3, 12)
LATER = D(2025, 4, 2)  # three weeks on: an update, not a disagreement

# (affirmed text, negated text, flagged)
NEGATIONS = [
    # the real pairs
    pytest.param(
        "The harbour master closed the northern pier to ferries.",
        "The harbour master did not close the northern pier, the port said.",
        True,
        id="did-not",
    ),
    pytest.param(
        "Inspectors had examined the spillway gates in 2019.",
        "Inspectors hadn’t examined the spillway gates since the flood.",
        True,
        id="contraction",
    ),
    pytest.param("The army crossed the river at dawn.", "The army never crossed the river.", True, id="never"),
    pytest.param(
        "The rebels still hold the customs post.",
        "The rebels no longer hold the customs post.",
        True,
        id="no-longer",
    ),
    pytest.param(
        "The guards fired warning shots over the crowd.",
        "The guards denied firing shots at the march.",
        True,
        id="denied-doing",
    ),
    pytest.param(
        "Divers found wreckage near the reef.",
        "Divers found no wreckage on the first day.",
        True,
        id="found-no",
    ),
    pytest.param("The dam collapsed.", "The dam has not collapsed.", True, id="no-object-either-side"),
    # unrelated subjects
    pytest.param(
        "The mayor visited the flooded shelter.",
        "The minister did not visit the shelter.",
        False,
        id="other-subject",
    ),
    pytest.param(
        "The mayor visited the flooded shelter.",
        "He did not visit the shelter.",
        False,
        id="pronoun-subject",
    ),
    pytest.param(
        "The mayor visited the flooded shelter.",
        "No official has visited the shelter, and the mayor did not visit it either.",
        False,
        id="negative-subject-and-no-shared-object",
    ),
    pytest.param(
        "No trace of the trawler has been found.",
        "The trawler has not been found.",
        False,
        id="negative-subject-agrees",
    ),
    # different predicate
    pytest.param(
        "The mayor visited the flooded shelter.",
        "The mayor did not close the shelter.",
        False,
        id="other-verb",
    ),
    pytest.param(
        "The mayor visited the flooded shelter.",
        "The mayor did not visit the hospital.",
        False,
        id="other-object",
    ),
    pytest.param("The ferries will be sent to Varna.", "The ferries will not be happy.", False, id="light-verb"),
    pytest.param(
        "The crew searched the cargo hold.",
        "The crew were not searched at the border.",
        False,
        id="active-vs-passive",
    ),
    pytest.param(
        "The mayor could visit the shelter.",
        "The mayor did not visit the shelter.",
        False,
        id="modal",
    ),
    pytest.param(
        "If the mayor visits the shelter, residents will protest.",
        "The mayor did not visit the shelter.",
        False,
        id="condition",
    ),
    pytest.param(
        "The cost depends on when the trawler is found.",
        "The trawler has not been found.",
        False,
        id="time-clause",
    ),
    pytest.param(
        "Did the mayor visit the shelter?",
        "The mayor did not visit the shelter.",
        False,
        id="question",
    ),
    pytest.param(
        "Police identified the driver as a local man.",
        "Police have not identified the driver.",
        False,
        id="disclosure-verb",
    ),
    pytest.param(
        "The planned visit to the shelter was popular.",
        "The mayor did not visit the shelter.",
        False,
        id="noun-not-verb",
    ),
    pytest.param(
        "The mayor visited the shelter.",
        "Not only did the mayor visit the shelter, he stayed.",
        False,
        id="not-only",
    ),
]


@pytest.mark.parametrize(("positive", "negative", "flagged"), NEGATIONS)
def test_negation_across_two_outlets(positive: str, negative: str, flagged: bool) -> None:
    a, b = report(positive, outlet="A"), report(negative, outlet="B")
    found = find_contradictions("s", [a, b], [])
    assert len(found) == (1 if flagged else 0), [c.reason for c in found]
    if flagged:
        [c] = found
        assert (c.first.outlet, c.second.outlet) == ("A", "B")
        assert (c.first.text, c.second.text) == (positive, negative)
        assert c.reason.startswith("negation")


def test_reason_names_both_verb_groups() -> None:
    a = report("Divers found wreckage near the reef.", outlet="A")
    b = report("Divers found no wreckage on the first day.", outlet="B")
    [c] = find_contradictions("s", [a, b], [])
    assert c.reason == 'negation: one source states "found", the other "found no"'


@pytest.mark.parametrize(
    ("outlets", "one_article"),
    [(("A", "A"), False), (("A", "B"), True)],
    ids=["two-articles-one-outlet", "one-article"],
)
def test_never_within_one_source(outlets: tuple[str, str], one_article: bool) -> None:
    first = "The harbour master closed the northern pier."
    second = "Later, the harbour master did not close the northern pier."
    if one_article:
        sources = [report(f"{first} {second}", outlet=outlets[0])]
    else:
        sources = [report(first, outlet=outlets[0]), report(second, outlet=outlets[1])]
    assert find_contradictions("s", sources, []) == []


@pytest.mark.parametrize(
    ("day_a", "day_b", "published_b", "flagged"),
    [
        (MON, TUE, TUE, True),  # a day apart
        (MON, None, TUE, True),  # the negated sentence holds for its publication date
        (MON, None, None, True),  # one sentence undated
        (MON, None, LATER, False),  # published three weeks later: an update
        (MON, LATER, LATER, False),  # dated three weeks apart
    ],
)
def test_negation_needs_compatible_times(day_a, day_b, published_b, flagged) -> None:
    a = report("The governor reopened the bridge on Monday.", outlet="A", published=TUE, times=[("Monday", day_a)])
    if day_b is None:
        b = report("The governor has not reopened the bridge.", outlet="B", published=published_b)
    else:
        b = report(
            "The governor did not reopen the bridge on Tuesday.",
            outlet="B",
            published=published_b,
            times=[("Tuesday", day_b)],
        )
    assert len(find_contradictions("s", [a, b], [])) == (1 if flagged else 0)


@pytest.mark.parametrize(
    ("name_a", "entity_a", "name_b", "entity_b", "flagged"),
    [
        ("Mayor Ilie Dobre", "Ilie Dobre", "Dobre", "Dobre", True),  # a lone surname is the full name
        ("Ilie Dobre", "Ilie Dobre", "Ilie Dobre", "Ilie Dobre", True),
        ("Ilie Dobre", "Ilie Dobre", "Ana Dobre", "Ana Dobre", False),  # two people of one family
    ],
)
def test_named_subjects_compare_by_canonical_name(name_a, entity_a, name_b, entity_b, flagged) -> None:
    who_a = name_a.removeprefix("Mayor ")
    a = report(f"{name_a} signed the dredging contract.", outlet="A", mentions=[(who_a, entity_a)])
    b = report(f"{name_b} has not signed the contract.", outlet="B", mentions=[(name_b, entity_b)])
    assert len(find_contradictions("s", [a, b], [])) == (1 if flagged else 0)


@pytest.mark.parametrize(
    ("word", "key"),
    [
        ("arrested", "arrest"),
        ("arresting", "arrest"),
        ("arrests", "arrest"),
        ("cancelled", "cancel"),
        ("agreed", verb_key("agree")),
        ("fought", "fight"),
        ("denied", "deny"),
        ("died", "die"),
    ],
)
def test_verb_key(word: str, key: str) -> None:
    assert verb_key(word) == key


# --- numeric ---------------------------------------------------------------------------------------------


def test_numeric_contradictions_come_from_contradicted_groups() -> None:
    a = report(
        "The dam failure killed three people on Tuesday.",
        ("three", 3, "people", "exact"),
        outlet="CWS",
        times=[("Tuesday", TUE)],
    )
    b = report(
        "At least seven people died on Tuesday, doctors said.",
        ("At least seven", 7, "people", "at least"),
        outlet="Meridian",
        times=[("Tuesday", TUE)],
    )
    c = report(
        "The dam failure killed three people on Tuesday, officials said.",
        ("three", 3, "people", "exact"),
        outlet="Eastgate",
        times=[("Tuesday", TUE)],
    )
    groups = align_claims("s", [a, b, c])
    [found] = find_contradictions("s", [a, b, c], groups)
    assert {found.first.outlet, found.second.outlet} == {"CWS", "Meridian"}
    assert 'CWS: "three" vs Meridian: "At least seven" people for 2025-03-11' == found.reason
    assert "killed" in found.topic


def _member(article: str, outlet: str, quantity: str, value: float) -> ClaimMember:
    ref = SourceRef(article, outlet, 0, 10, f"{quantity} boats sank.", TUE)
    return ClaimMember(ref, quantity, value, value, "exact", TUE)


def _group(*members: ClaimMember) -> ClaimGroup:
    return ClaimGroup("g", "s", "boats (sank)", "boats", "count", "contradicted", None, None, members)


@pytest.mark.parametrize(
    ("members", "expected"),
    [
        # both figures from one article: a correction inside one report, never a contradiction
        ((_member("x", "A", "four", 4), _member("x", "A", "nine", 9)), []),
        # a second article of the same outlet: cited, as the only other article
        ((_member("x", "A", "four", 4), _member("y", "A", "nine", 9)), [("x", "y")]),
        # the first figure's first member shares an article with the other figure: another member is cited
        (
            (_member("x", "A", "four", 4), _member("z", "C", "four", 4), _member("x", "A", "nine", 9)),
            [("z", "x")],
        ),
        # different outlets are preferred over a second article of one outlet
        (
            (_member("x", "A", "four", 4), _member("y", "A", "nine", 9), _member("w", "B", "nine", 9)),
            [("x", "w")],
        ),
    ],
    ids=["one-article", "same-outlet", "other-member", "prefer-other-outlet"],
)
def test_numeric_never_pairs_one_article(members, expected) -> None:
    found = find_contradictions("s", [], [_group(*members)])
    assert [(c.first.article_id, c.second.article_id) for c in found] == expected


def test_no_contradictions_in_agreeing_or_empty_input() -> None:
    assert find_contradictions("s", [], []) == []
    a = report("Three people were killed.", ("Three", 3, "people", "exact"), outlet="A")
    b = report("Three people were killed, police said.", ("Three", 3, "people", "exact"), outlet="B")
    assert find_contradictions("s", [a, b], align_claims("s", [a, b])) == []
