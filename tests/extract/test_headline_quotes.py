"""Quotes in the headline (issue 13): the shapes headlines quote in, the speaker they name, and the
quoted stretches that are not speech. Headlines of our own."""

from __future__ import annotations

import pytest

from storyline.extract.headline_quotes import headline_quotes
from storyline.model import Quote
from storyline.resolve import NameIndex


@pytest.fixture(scope="module")
def quotes_in(nlp, article_factory):
    def run(title: str, body: str = "The council met on Monday.") -> list[Quote]:
        article = article_factory(body, title=title)
        found = list(headline_quotes(article, NameIndex.from_doc(nlp(body))))
        for q in found:  # the record's contract: offsets into the title
            assert q.in_title and title[q.start : q.end] == q.text
        return found

    return run


HEADLINES = [
    # "Name: ‘…’", the speaker before the colon
    ("Mayor Ines Lind: ‘We Will Rebuild the Old Bridge’", [("We Will Rebuild the Old Bridge", "Mayor Ines Lind")]),
    ("Okafor: Budget Plan Is ‘Dead on Arrival’", [("Dead on Arrival", "Okafor")]),
    # a section label before the colon names no one
    ("The Latest: Council Leader Calls Vote ‘a Disgrace’", [("a Disgrace", "Council Leader")]),
    # "Name Says ‘…’": the words before a reporting verb
    ("Senator Hale Says ‘No Deal’ Without Border Money", [("No Deal", "Senator Hale")]),
    ("Ray Warns Of ‘Dark Winter’ Ahead", [("Dark Winter", "Ray")]),
    # "‘…’ — Name": the name after the quote
    ("‘We Are Not Leaving’ — Dock Workers’ Union", [("We Are Not Leaving", "Dock Workers’ Union")]),
    # an apostrophe inside the quote does not end it
    ("Vance: ‘I’m Staying in the Race’", [("I’m Staying in the Race", "Vance")]),
    # double marks too
    ('Chen: "Prices Will Fall by Spring"', [("Prices Will Fall by Spring", "Chen")]),
]

NOT_SPEECH = [
    "Why ‘Quiet Quitting’ Took Over the Office",  # a label, no one says it
    "Review: ‘The Long Harbour’ Is a Slow Delight",  # a title of a work after a rubric
    "Farmers’ Market Opens on Main Street",  # an apostrophe, no quote at all
]


@pytest.mark.parametrize(("title", "expected"), HEADLINES)
def test_headline_quotes_and_their_speakers(quotes_in, title, expected):
    assert [(q.text, q.speaker) for q in quotes_in(title) if q.kind == "direct"] == expected


# What a "Name: …" or "Name Says …" headline reports, quote marks or not, is an indirect attribution
# (when more than its quotation); the speaker comes from the same shapes.
REPORTED = [
    ("Harbour Authority Says Ferries Will Resume Friday", ("Ferries Will Resume Friday", "Harbour Authority")),
    ("Lind: Bridge Repairs Will Take a Year", ("Bridge Repairs Will Take a Year", "Lind")),
    ("Okafor: Budget Plan Is ‘Dead on Arrival’", ("Budget Plan Is ‘Dead on Arrival’", "Okafor")),
    ("Minister warns that fuel prices will rise again;", ("fuel prices will rise again", "Minister")),
]
NOT_REPORTED = [
    "Floods Close Schools Across the Valley",  # no reporting verb
    "A Rush for Tickets Tells the Story of the Season",  # "A …": a description, not a speaker
    "Vance: ‘I’m Staying in the Race’",  # all of it is the quotation already reported
]


@pytest.mark.parametrize(("title", "expected"), REPORTED)
def test_headline_reports_are_indirect_attributions(quotes_in, title, expected):
    assert [(q.text, q.speaker) for q in quotes_in(title) if q.kind == "indirect"] == [expected]


@pytest.mark.parametrize("title", NOT_REPORTED)
def test_headlines_reporting_nothing_more_give_no_indirect_attribution(quotes_in, title):
    assert [q for q in quotes_in(title) if q.kind == "indirect"] == []


@pytest.mark.parametrize("title", NOT_SPEECH)
def test_quoted_words_without_a_speaker_or_cue_are_not_headline_quotes(quotes_in, title):
    assert quotes_in(title) == []


def test_the_headline_speaker_takes_the_full_name_the_text_gives(quotes_in):
    found = quotes_in("Lind: ‘The Bridge Stays Open’", body="Ines Lind, the mayor, spoke on Monday.")
    assert [(q.text, q.speaker) for q in found if q.kind == "direct"] == [("The Bridge Stays Open", "Ines Lind")]
