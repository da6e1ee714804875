"""The extractive headline summary: central sentences, one per source, no repeats, in date order."""

from __future__ import annotations

from typing import Any

import pytest

from storyline.brief.headline import SUMMARY_MAX, headline


def art(aid: str, outlet: str, published: str | None, *sentences: str) -> dict[str, Any]:
    return {"id": aid, "outlet": outlet, "published": published, "text": "\n\n".join(sentences)}


def ref(a: dict[str, Any], sentence: str) -> dict[str, Any]:
    start = a["text"].index(sentence)
    return {
        "article_id": a["id"],
        "outlet": a["outlet"],
        "start": start,
        "end": start + len(sentence),
        "text": sentence,
    }


def group(*refs: dict[str, Any]) -> dict[str, Any]:
    return {"members": [{"source": r} for r in refs]}


LEAD_A = "A dam gave way above the town on Tuesday and flooded its lower streets, officials said."
BODY_A = "Rescuers said the water had reached the first floors of the houses near the old bus station."
LEAD_B = "Floodwater from a failed dam was still rising south of the town on Wednesday, officials said."
BODY_B = "About 1,200 people have been moved to schools and a sports hall near the centre of town."
LEAD_C = "The river crested near the southern town overnight as the rain finally eased on Thursday."
SHORT = "It rained."


def _story() -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    a = art("a", "Wire", "2025-03-11", LEAD_A, BODY_A)
    b = art("b", "Daily", "2025-03-12", LEAD_B, BODY_B)
    c = art("c", "Courier", "2025-03-13", SHORT, LEAD_C)
    groups = [group(ref(a, BODY_A), ref(b, BODY_B), ref(c, LEAD_C))]
    return [a, b, c], groups


def test_one_per_source_in_date_order() -> None:
    articles, groups = _story()
    picked = headline(list(reversed(articles)), groups, [])
    assert [p["article_id"] for p in picked] == ["a", "b", "c"]
    assert [p["published"] for p in picked] == ["2025-03-11", "2025-03-12", "2025-03-13"]


OTHERS = [
    "Residents waded through knee-deep water outside the depot, one photographer reported.",
    "Local television showed submerged cars outside the bus depot late into the evening.",
    "Volunteers carried elderly residents from flooded homes near the depot, a charity said.",
]


@pytest.mark.parametrize(
    ("confirmations", "expected"),
    [
        (1, LEAD_A),  # one other outlet: the lead (bonus 1.5 + 0.25) outranks the body sentence (1)
        (2, LEAD_A),  # a tie (2.0 each) goes to the earlier sentence
        (3, BODY_A),  # three other outlets: the body sentence (3) outranks the lead (1.5 + 0.75)
    ],
)
def test_lead_or_most_confirmed_sentence(confirmations: int, expected: str) -> None:
    a = art("a", "Wire", "2025-03-11", LEAD_A, BODY_A)
    others = [art(f"o{i}", f"Outlet {i}", "2025-03-12", OTHERS[i]) for i in range(confirmations)]
    groups = [group(ref(a, BODY_A), *(ref(o, o["text"]) for o in others))]
    filler = [art(f"f{i}", f"Filler {i}", "2025-03-14", text) for i, text in enumerate((LEAD_B, LEAD_C))]
    [pick] = [p for p in headline([a, *others, *filler], groups, []) if p["article_id"] == "a"]
    assert pick["text"] == expected
    assert pick["lead"] == (expected == LEAD_A)


def test_too_short_first_sentence_is_not_the_lead() -> None:
    c = art("c", "Courier", "2025-03-13", SHORT, LEAD_C)
    [pick] = headline([c], [], [])
    assert pick["text"] == LEAD_C and pick["lead"]


def test_few_sources_give_more_sentences_each() -> None:
    a = art("a", "Wire", "2025-03-11", LEAD_A, BODY_A)
    b = art("b", "Daily", "2025-03-12", LEAD_B, BODY_B)
    groups = [group(ref(a, BODY_A), ref(b, BODY_B)), group(ref(a, LEAD_A), ref(b, LEAD_B))]
    picked = headline([a, b], groups, [])
    assert len(picked) == 4  # two sources, up to two sentences each to reach the minimum of three
    assert [p["start"] for p in picked if p["article_id"] == "a"] == sorted(
        p["start"] for p in picked if p["article_id"] == "a"
    )


def test_repeated_wording_is_skipped() -> None:
    a = art("a", "Wire", "2025-03-11", LEAD_A)
    copy = art("b", "Daily", "2025-03-11", LEAD_A.replace("Tuesday", "Tuesday morning"))
    picked = headline([a, copy], [group(ref(a, LEAD_A), ref(copy, copy["text"]))], [])
    assert len(picked) == 1


def test_timeline_events_count_for_less_than_figures() -> None:
    a = art("a", "Wire", "2025-03-11", LEAD_A, BODY_A)
    b = art("b", "Daily", "2025-03-12", LEAD_B, BODY_B)
    event = {"sources": [ref(a, BODY_A), ref(b, BODY_B)]}
    scores = {p["text"]: p["score"] for p in headline([a, b], [], [event])}
    assert scores[BODY_A] == 0.5


def test_never_more_than_max() -> None:
    sentences = [LEAD_A, BODY_A, LEAD_B, BODY_B, LEAD_C, *OTHERS]
    arts = [art(str(i), f"Outlet {i}", "2025-03-11", s) for i, s in enumerate(sentences)]
    g = group(*(ref(a, a["text"]) for a in arts))
    assert len(headline(arts, [g], [])) == SUMMARY_MAX


def test_empty_story() -> None:
    assert headline([], [], []) == []


@pytest.mark.parametrize(
    ("title", "skipped"),
    [
        (LEAD_A, True),  # the page shows it as its headline already
        (LEAD_A.rstrip(".").upper(), True),  # case and a full stop do not make it another sentence
        ("Dam gives way above the town", False),  # a headline, not the lead sentence
        ("", False),
    ],
)
def test_a_sentence_repeating_the_title_is_not_picked(title: str, skipped: bool) -> None:
    a = art("a", "Wire", "2025-03-11", LEAD_A, BODY_A)
    b = art("b", "Daily", "2025-03-12", LEAD_B, BODY_B)
    texts = [p["text"] for p in headline([a, b], [group(ref(a, BODY_A), ref(b, BODY_B))], [], title=title)]
    assert (LEAD_A not in texts) == skipped and BODY_A in texts
