"""Entity mentions: trimmed spans, canonical names, and fixes for the small model's errors."""

from __future__ import annotations

import pytest

from storyline.extract.entities import extract_entities
from storyline.extract.people import label_entities
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
    # a news agency is an organisation under its table name, however the article writes it (issue 13)
    ("The army has moved north, Yonhap said.", [("Yonhap", "ORG", "Yonhap News Agency")], []),
    # a span the tagger ran across a spaced dash or slash is cut there: a credit line of several
    # agencies, a dateline and the name after it, a name and the stray word after a dash
    ("Karachi, (APP - UrduWire / Sindh Point News - 14th Mar, 2025) Minister Ali Khan said the dam was safe.",
     [("UrduWire", "ORG", "UrduWire"), ("Sindh Point News", "ORG", "Sindh Point News")],
     ["APP - UrduWire / Sindh Point News - 14th Mar", "14th Mar"]),
    ("BERLIN - Ana Lopez said on Sunday that she won the party vote in Hesse.", [("Ana Lopez", "PERSON", "Ana Lopez")],
     ["BERLIN - Ana Lopez"]),
    ("The Wall Street Fund - half of whose staff left - said the plan would cost more.",
     [("Wall Street Fund", "ORG", "Wall Street Fund")], ["Wall Street Fund - half"]),
    # unless the article names a person by it
    ("Michael Bloomberg spoke on Monday. Bloomberg said the plan would work.",
     [("Bloomberg", "PERSON", "Michael Bloomberg")], []),
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


# --------------------------------------------------------------------------- PERSON label repairs
# The tagger's labels are set by hand here ("Name=LABEL"), so each row tests the repair rule and not
# the model's mood on the day.


def _tagged(nlp, text: str, labels: dict[str, str]):
    """``nlp(text)`` with every occurrence of each name in ``labels`` given that label (others none)."""
    doc = nlp(text)
    spans = []
    for name, label in sorted(labels.items(), key=lambda kv: -len(kv[0])):  # "Ion Lupu" before "Lupu"
        at = text.find(name)
        while at >= 0:
            span = doc.char_span(at, at + len(name), label=label)
            assert span is not None, name
            if not any(s.start < span.end and span.start < s.end for s in spans):
                spans.append(span)
            at = text.find(name, at + 1)
    doc.ents = sorted(spans, key=lambda s: s.start)
    return doc


def _labels(spans) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for s in spans:
        out.setdefault(s.text, set()).add(s.label_)
    return out


# Rule 1 (a full name with another label) and rule 2 (a full name left untagged): (text, tagger labels,
# {name: label it must end with}, names that must not be PERSON spans)
PERSON_REPAIRS = [
    # a known given name, used like a person (role noun in apposition)
    ("Lidia Ceban, a schoolteacher, spent the morning at the school.", {"Lidia Ceban": "ORG"},
     {"Lidia Ceban": "PERSON"}, []),
    # ends with a one-word PERSON of the article, followed by "who"
    ("Montell Figgins, who represents Thomas, said little. Figgins left.",
     {"Montell Figgins": "ORG", "Figgins": "PERSON"}, {"Montell Figgins": "PERSON"}, []),
    # untagged full name before a tagged surname
    ("LEOVA — Vasile Rusu has run the town hall since 2015.\n\n“We will rebuild,” Rusu said.", {"Rusu": "PERSON"},
     {"Vasile Rusu": "PERSON"}, []),
    # a mislabelled full name whose surname is a PERSON elsewhere
    ("Natalia Rusu leads the volunteer group. “We had one boat,” said Rusu.",
     {"Natalia Rusu": "GPE", "Rusu": "PERSON"}, {"Natalia Rusu": "PERSON"}, []),
    # negatives: an organisation that does not read as a person; a product next to a one-word PERSON; a team
    ("Moon Express, a startup, said it would fly in 2021.", {"Moon Express": "ORG"}, {"Moon Express": "ORG"}, []),
    ("The Apple Thunderbolt display is bright. Apple said so.", {"Apple": "PERSON"}, {}, ["Apple Thunderbolt"]),
    ("They played the Cleveland Browns on Sunday. The Browns lost.", {"Browns": "PERSON"}, {}, ["Cleveland Browns"]),
    ("The caption read “Welcome Jose” on Wednesday. Jose smiled.", {"Jose": "PERSON"}, {}, ["Welcome Jose"]),
]


@pytest.mark.parametrize(("text", "tags", "expected", "not_people"), PERSON_REPAIRS)
def test_person_label_repairs(nlp, text, tags, expected, not_people):
    labels = _labels(label_entities(_tagged(nlp, text, tags)))
    for name, label in expected.items():
        assert label in labels.get(name, set()), f"{name}: {labels}"
    for name in not_people:
        assert "PERSON" not in labels.get(name, set()), f"{name}: {labels}"


# Rule 3 (with a gazetteer): places and companies tagged PERSON. (text, PERSON-tagged names, {name:
# acceptable labels})
PLACE_REPAIRS = [
    ("The flood wave reached Cantemir overnight.", ["Cantemir"], {"Cantemir": {"GPE", "LOC"}}),
    ("The wave moved down the Prut toward the border.", ["Prut"], {"Prut": {"GPE", "LOC"}}),
    ("Three were found in a barn near the village of Dealu Verde.", ["Dealu Verde"], {"Dealu Verde": {"LOC", "GPE"}}),
    ("Prosecutors searched the offices of Irigare Sud, the company that operated the reservoir.", ["Irigare Sud"],
     {"Irigare Sud": {"ORG"}}),
    ("Crews from Ungheni, a town on the river, were sent south.", ["Ungheni"], {"Ungheni": {"GPE", "LOC"}}),
    ("Shops in Tobermory, Mull’s main town, ran short of milk.", ["Mull"], {"Mull": {"GPE", "LOC"}}),
    # negatives: the article uses the name like a person's
    ("Kate arrived late and sang first.", ["Kate"], {"Kate": {"PERSON"}}),  # a given name
    ("Trump assailed Williams on Sunday.", ["Williams"], {"Williams": {"PERSON"}}),  # a surname, also a town
    ("Mayor Cantemir opened the bridge.", ["Cantemir"], {"Cantemir": {"PERSON"}}),  # a title before it
    ("Cantemir, who is 54, opened the bridge.", ["Cantemir"], {"Cantemir": {"PERSON"}}),
    ("“We are ready,” Cantemir said.", ["Cantemir"], {"Cantemir": {"PERSON"}}),  # a town's name does not speak
    ("Dimitrie Cantemir wrote a history. Cantemir died in 1723.", ["Dimitrie Cantemir", "Cantemir"],
     {"Cantemir": {"PERSON"}}),  # the surname of a person named in full
]


@pytest.mark.parametrize(("text", "people", "expected"), PLACE_REPAIRS)
def test_places_tagged_person_are_relabelled(nlp, text, people, expected):
    from storyline.gazetteer import get_gazetteer

    doc = _tagged(nlp, text, dict.fromkeys(people, "PERSON"))
    labels = _labels(label_entities(doc, gazetteer=get_gazetteer()))
    for name, allowed in expected.items():
        assert labels.get(name, set()) <= allowed and labels.get(name), f"{name}: {labels}"


def test_no_place_relabelling_without_a_gazetteer(nlp):
    doc = _tagged(nlp, "The flood wave reached Cantemir overnight.", {"Cantemir": "PERSON"})
    assert _labels(label_entities(doc)) == {"Cantemir": {"PERSON"}}


def test_extract_entities_with_gazetteer_drops_places_from_people(nlp, article_factory):
    from storyline.gazetteer import get_gazetteer

    text = "The flood wave reached Cantemir overnight, the mayor said."
    doc = _tagged(nlp, text, {"Cantemir": "PERSON"})
    gazetteer = get_gazetteer()
    found = list(extract_entities(doc, article_factory(text), names=NameIndex.from_doc(doc, gazetteer=gazetteer),
                                  gazetteer=gazetteer))
    assert [(m.text, m.label) for m in found if m.text == "Cantemir"] in ([("Cantemir", "GPE")], [("Cantemir", "LOC")])
