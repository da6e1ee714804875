from __future__ import annotations

import pytest

from storyline.clean import clean
from storyline.model import Draft

PROSE = (
    "Officials said on Tuesday that the river had burst its banks near the town, forcing hundreds of "
    "families to leave their homes before dawn."
)
PROSE2 = "Rescue teams worked through the night, the regional governor told reporters at a briefing."


def kinds(raw: str, markup: bool = False) -> dict[str, str]:
    return {n.text: n.kind for n in clean(Draft(source="t.txt", raw=raw, markup=markup)).noise}


@pytest.mark.parametrize(
    ("block", "expected_kind"),
    [
        # map caption block: labels, scale bars, note, source, credit
        (
            [
                "Flood extent",
                "Evacuated areas",
                "Area of",
                "detail",
                "Lowtown",
                "RIVER VALE",
                "10 miles",
                "10 km",
                "Note: As of March 12",
                "Source: National Weather Agency",
                "Jane Smith/THE HERALD",
            ],
            "caption",
        ),
        # two lines are enough when one is a graphic marker
        (["Casualties by district", "Source: Health Ministry"], "caption"),
        (["Northern towns", "5 km"], "caption"),
    ],
)
def test_caption_blocks_removed_and_kept_as_noise(block: list[str], expected_kind: str) -> None:
    raw = "\n".join([PROSE, *block, PROSE2])
    found = kinds(raw)
    for line in block:
        assert found.get(line) in {expected_kind, "credit"}, line
    text = clean(Draft(source="t.txt", raw=raw)).text
    assert PROSE in text and PROSE2 in text
    assert all(line not in text.splitlines() for line in block)


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("Edited by: Darko Smith", "edited_by"),
        ("Additional reporting by Ana Lee in Paris", "edited_by"),
        ("Reporting by Tom Brown; Editing by Kate Green", "edited_by"),
        ("By Maria Ortega and Lee Chen", "byline"),
        ("By JOHN DOE", "byline"),
        ("Photo: Anna Berg/Reuters", "credit"),
        ("Jane Smith/THE HERALD", "credit"),
        ("AP Photo/Evan Vucci", "credit"),
        ("Read more: Floods hit the north again", "boilerplate"),
        ("Sign up for our morning newsletter", "boilerplate"),
        (
            "Sign up for our newsletter: the day’s top stories in your inbox every morning, free of charge.",
            "boilerplate",
        ),
        ("Copyright 2025 Valley Herald Media Group. All rights reserved.", "boilerplate"),
        ("© 2025 The Valley Herald", "boilerplate"),
        ("Advertisement", "boilerplate"),
        ("<p>The two ministers also discussed trade, with talks set to resume in June</p>", "foreign_fragment"),
    ],
)
def test_single_noise_lines(line: str, kind: str) -> None:
    raw = "\n\n".join([PROSE, line, PROSE2])
    assert kinds(raw) == {line: kind}
    assert line not in clean(Draft(source="t.txt", raw=raw)).text


@pytest.mark.parametrize(
    "line",
    [
        "Returning as 'heroes'",  # subheading between paragraphs
        "Regime escalates clampdown on foreign influence",
        "By the time rescuers arrived, the water had reached the second floor.",  # prose starting "By"
        "Sources said the talks had stalled, according to two people familiar with them.",
        "Read more about the flood on page 4 of the print edition, editors said in a note to readers today.",
        "Sign up for the evacuation buses opened at the town hall on Tuesday, officials said in a statement.",
        "“Thank you.”",
        "The mayor, 54, said the city would rebuild.",
    ],
)
def test_prose_lines_are_kept(line: str) -> None:
    raw = "\n\n".join([PROSE, line, PROSE2])
    cleaned = clean(Draft(source="t.txt", raw=raw))
    assert cleaned.noise == ()
    assert line in cleaned.text


def test_noise_offsets_point_into_raw() -> None:
    raw = "\n".join([PROSE, "Area of", "detail", "Lowtown", "10 miles", PROSE2, "Edited by: A. Person"])
    for span in clean(Draft(source="t.txt", raw=raw)).noise:
        assert raw[span.start : span.end] == span.text


def test_markup_lines_are_not_fragments_when_the_text_is_markup() -> None:
    raw = "\n".join(f"<p>{s}</p>" for s in (PROSE, PROSE2, PROSE))
    assert clean(Draft(source="t.txt", raw=raw)).noise == ()


def test_html_extracted_text_keeps_short_lines_but_drops_boilerplate() -> None:
    raw = "\n".join([PROSE, "Share this article", PROSE2])
    assert kinds(raw, markup=True) == {"Share this article": "navigation"}
