"""Entity mentions: trimmed spans, canonical names, and fixes for the small model's errors."""

from __future__ import annotations

import pytest

from storyline.extract.entities import extract_entities
from storyline.model import Mention
from storyline.resolve import NameIndex


@pytest.fixture(scope="module")
def mentions_of(nlp, article_factory):
    def run(text: str) -> list[Mention]:
        article = article_factory(text)
        doc = nlp(text)
        found = list(extract_entities(doc, article, names=NameIndex.from_doc(doc)))
        for m in found:
            assert m.text == text[m.start : m.end] and m.article_id == article.id
        return found

    return run


ROWS = [
    # determiners and possessives leave both the span and the canonical name
    ("Workers rebuilt the Kim Jong Un monument in Pyongyang.",
     [("Kim Jong Un", "PERSON", "Kim Jong Un")], []),
    ("North Korea's army has grown.", [("North Korea", "GPE", "North Korea")], ["North Korea's"]),
    # short forms resolve to the fullest name in the article
    ("Andrei Volkov teaches history. Students like Volkov a lot.",
     [("Volkov", "PERSON", "Andrei Volkov")], []),
    ("Ryu Seong-hyeon fled in 2019. Ryu now lives in Seoul.", [("Ryu", "PERSON", "Ryu Seong-hyeon")], []),
    # two people sharing a surname: the short form goes to the most recent full name
    ("Maria Lopez met Carlos Lopez in Madrid on Monday. Lopez then flew home.",
     [("Lopez", "PERSON", "Carlos Lopez"), ("Maria Lopez", "PERSON", "Maria Lopez")], []),
    # titles are not part of the name
    ("Russian President Vladimir Putin met President Putin's aides.",
     [("Vladimir Putin", "PERSON", "Vladimir Putin")], ["President Vladimir Putin"]),
    # a place before a region noun is a place, whatever the tagger said
    ("Troops were sent to the Kursk region last week.", [], []),
    # a capitalised common noun heading a line is not an organisation
    ("Regime escalates clampdown\n\nThe regime has punished dissent for decades.", [], ["Regime"]),
    # numbers and dates are left to the claims and times extractors
    ("About 10,000 soldiers arrived on Tuesday.", [], ["10,000", "Tuesday"]),
]


@pytest.mark.parametrize(("text", "expected", "absent"), ROWS)
def test_entities(mentions_of, text, expected, absent):
    found = mentions_of(text)
    got = {(m.text, m.label, m.entity) for m in found}
    for row in expected:
        assert row in got, f"missing {row}; got {sorted(got)}"
    for text_ in absent:
        assert text_ not in {m.text for m in found}


def test_region_noun_makes_a_place(mentions_of):
    found = [m for m in mentions_of("Troops were sent to the Kursk region last week.") if m.text == "Kursk"]
    assert found and found[0].label in ("GPE", "LOC")


def test_person_credit_is_cut_at_the_slash(mentions_of):
    text = "The map was drawn by Andrew Barnett/WSJ for this story about Sumy."
    people = [m for m in mentions_of(text) if m.label == "PERSON"]
    assert all("/" not in m.text for m in people)


def test_untagged_surname_of_a_known_person_is_added(nlp, article_factory):
    text = "Dan Pinkston teaches in Seoul.\n\nPinkston agrees."
    doc = nlp(text)
    article = article_factory(text)
    found = list(extract_entities(doc, article, names=NameIndex.from_doc(doc)))
    second = [m for m in found if m.start == text.rindex("Pinkston")]
    assert second and second[0].label == "PERSON" and second[0].entity == "Dan Pinkston"


def test_labels_option_filters(nlp, article_factory):
    text = "Andrei Volkov visited Moscow."
    doc = nlp(text)
    found = list(extract_entities(doc, article_factory(text), names=NameIndex.from_doc(doc),
                                  labels=frozenset({"GPE"})))
    assert {m.label for m in found} == {"GPE"}
