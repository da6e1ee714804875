"""Pattern noise, one table per kind: lines no article prose takes, and prose that looks like them.

Every example is written for these tests (no text from a real article).
"""

from __future__ import annotations

import pytest

from storyline.clean.rules import line_kind


def kind(line: str, markup: bool = False) -> str | None:
    return line_kind(line.strip(), markup=markup)


@pytest.mark.parametrize(
    "line",
    [
        "Skip to main content",
        "Skip to navigation",
        "Jump to comments",
        "Back to top",
        "Log in",
        "Sign in to your account",
        "Already a subscriber? Sign in here",
        "Share this story",
        "Facebook Twitter LinkedIn Email",
        "Facebook, X, WhatsApp, Copy link",
        "Show more",
        "Load more",
        "Next article",
    ],
)
def test_navigation(line: str) -> None:
    assert kind(line) == "navigation"


@pytest.mark.parametrize(
    "line",
    [
        "Contact us",
        "Email the author at desk@example.org",
        "Got a tip? Send it to our newsroom",
        "Send us your story",
        "Write to Maria Lopez at maria.lopez@example.com",
        "To report an error, use our corrections form",
    ],
)
def test_contact(line: str) -> None:
    assert kind(line) == "contact"


@pytest.mark.parametrize(
    "line",
    [
        "Download the Riverside Times app",
        "Get our free news app for iPhone and Android",
        "Listen to this article",
        "Watch: Floodwater reaches the old bridge",
        "4 min read",
        "Support independent journalism today",
        "Become a member and read without limits",
        "Turn on notifications for breaking news",
    ],
)
def test_promo(line: str) -> None:
    assert kind(line) == "promo"


@pytest.mark.parametrize(
    "line",
    [
        "Sign up for our morning newsletter",
        "Subscribe to our weekly digest",
        "Copyright 2025 The Hilltop Gazette. All rights reserved.",
        "© 2024 Northern Wire",
        "Advertisement",
        "Story continues below advertisement",
        "Read more: Ferry timetable changes this winter",
        "Most read",
        "Recommended for you:",
        "This material may not be published, broadcast, rewritten or redistributed without permission from "
        "the rights holder, which licenses it to partners under separate terms.",
    ],
)
def test_boilerplate(line: str) -> None:
    assert kind(line) == "boilerplate"


@pytest.mark.parametrize(
    "line",
    [
        "Published 10:32 GMT",
        "Published 14 March 2025",
        "Updated: Nov. 12, 2024, 3:05 p.m. ET",
        "12 December 2024 at 14:30 GMT",
        "December 12, 2024 at 2:30 pm",
        "Thursday, 12 December 2024",
        "2024-12-12T14:30:00+01:00",
        "12/12/2024",
        "3 hours ago",
        "Posted 2 days ago",
        "Last updated on March 3, 2025",
        "10:32 GMT",
    ],
)
def test_timestamp(line: str) -> None:
    assert kind(line) == "timestamp"


@pytest.mark.parametrize(
    "line",
    [
        "Rescue workers carry a child across the flooded square on Tuesday. (Photo: Ana Roe/Reuters)",
        "Soldiers march past the war memorial in the capital. (AP Photo/Kim Lee)",
        "A farmer inspects his drowned field. Jane Doe/AFP via Getty Images",
        "In this photo released by the ministry, the minister speaks at a briefing.",
        "FILE PHOTO: The central bank building in the capital, seen at dusk.",
        "Image caption, Residents queue for water at a school",
        "Pictured: the bridge after the second flood wave",
        "Ferries wait in the harbour as the strike enters a second day (Credit: Lorne Observer)",
        "The old mill burned for six hours - Photo by Tom Ash",
        # the wire's file-photo caption, however long the scrape made it
        "FILE - This undated image posted on a club website on Monday, May 4, 2020 shows players at the old "
        "ground in the harbour town. " + "Once a busy port, the town has lost half its people since then. " * 6,
    ],
)
def test_caption(line: str) -> None:
    assert kind(line) == "caption"


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Photo: Anna Berg/Reuters", "credit"),
        ("Jane Smith/THE HERALD", "credit"),
        ("AP Photo/Evan Vucci", "credit"),
        ("Image: Coastal Survey Office", "credit"),
        ("Credit: Tom Ash", "credit"),
        ("By Maria Ortega and Lee Chen", "byline"),
        ("Edited by: Darko Smith", "edited_by"),
        ("Reporting by Tom Brown; Editing by Kate Green", "edited_by"),
    ],
)
def test_credits_and_bylines(line: str, expected: str) -> None:
    assert kind(line) == expected


@pytest.mark.parametrize(
    "line",
    [
        "a3f9c8e7b2d14f6a9c0e5b7d3f1a2c4e",
        "7d3f1a2c-4e5b-4a9c-8e7b-2d14f6a9c0e5",
        "flood-bridge-2025-03-11_hero.jpg",
        "https://images.example.com/2025/03/bridge.png?w=1200",
        "dGhpcyBpcyBub3QgYW4gYXJ0aWNsZSBidXQgYSBoYXNo",
    ],
)
def test_image_references(line: str) -> None:
    assert kind(line) == "image_ref"


@pytest.mark.parametrize(
    "line",
    [
        "Rewrite this article in a neutral tone for a general audience",
        "Please paraphrase the following news story",
        "Sure! Here is the rewritten article:",
        "Here's a unique SEO version of the text",
        "As an AI language model, I cannot verify these figures.",
        "Do not mention the original source",
    ],
)
def test_ai_prompt_leftovers(line: str) -> None:
    assert kind(line) == "ai_prompt"


@pytest.mark.parametrize(
    "line",
    [
        # prose that starts like a pattern, or mentions what a pattern looks for
        "Contact with the stranded crew was lost at about 4 p.m., the coastguard said.",
        "Published reports said the dam had been inspected only once since 2019.",
        "Share prices fell 4% after the announcement, erasing the week's gains.",
        "Watch officials say the river could rise another half metre overnight.",
        "The photo, taken by a resident, shows the bridge moments before it fell.",
        "He arrived at 10:32 GMT and left an hour later without speaking to reporters.",
        "Soldiers said the unit had been sent north in March (the ministry has not confirmed this).",
        "The minister said the EPA (ePA) reform would be debated next week (ePA)",
        "Download speeds in the valley are among the slowest in the country, a regulator found.",
        "By the time rescuers arrived, the water had reached the second floor.",
        "Home to about 12,000 people, the town lies on the river's eastern bank.",
        "1:15 p.m.",  # a live blog's entry time: the classifier decides, not a pattern
        "March 2024",
        "-5.44%",
    ],
)
def test_prose_is_not_pattern_noise(line: str) -> None:
    assert kind(line) is None


def test_markup_line_is_a_fragment_only_in_plain_text() -> None:
    line = "<p>The ministers also discussed trade, with talks set to resume in June</p>"
    assert kind(line) == "foreign_fragment"
    assert kind(line, markup=True) is None
