"""In-article name resolution: cleaning, short forms, ambiguity, acronyms, gender evidence."""

from __future__ import annotations

import pytest

from storyline.resolve import NameIndex, clean_name, person_span

CLEAN = [
    ("the Kim Jong Un", False, "Kim Jong Un"),
    ("North Korea's", False, "North Korea"),
    ("Putin’s", True, "Putin"),
    ("Andrew Barnett/WSJ", True, "Andrew Barnett"),  # a credit, not a name
    ("Russian President Vladimir Putin", True, "Vladimir Putin"),
    ("Russian-born professor Lankov", True, "Lankov"),
    ("Mr. Ryu", True, "Ryu"),
    ("UN Secretary-General Antonio Guterres", True, "Antonio Guterres"),
    ("the Kim Jong Un regime", True, "Kim Jong Un"),  # trailing common noun
    ("Charles de Gaulle", True, "Charles de Gaulle"),  # particles stay
    # negatives: what must survive cleaning
    ("John Major", True, "John Major"),  # a surname that is also a title word
    ("The Hague", False, "The Hague"),
    ("U.S.", False, "U.S."),
    ("AC/DC", False, "AC/DC"),  # slashes only cut person credits
    ("troops’", True, ""),  # nothing name-like left
]


@pytest.mark.parametrize(("text", "person", "expected"), CLEAN)
def test_clean_name(text, person, expected):
    assert clean_name(text, person=person) == expected


def _index(*mentions: tuple[str, str, int]) -> NameIndex:
    return NameIndex(mentions)


KOREAN = _index(("Ryu Seong-hyeon", "PERSON", 0), ("Ryu", "PERSON", 50), ("the Kim Jong Un", "PERSON", 90))
WESTERN = _index(
    ("Andrei Lankov", "PERSON", 0), ("Dan Pinkston", "PERSON", 40), ("Joe R. Biden", "PERSON", 80)
)
TWO_KIMS = _index(("Kim Jong Un", "PERSON", 0), ("Kim Yo Jong", "PERSON", 100), ("Kim", "PERSON", 150))
ORGS = _index(("International Atomic Energy Agency", "ORG", 0), ("Troy University", "ORG", 30))
# one person under several transliterations in one article; two people with near surnames stay apart
SPELLINGS = _index(("Oleksandr Kovalenkyy", "PERSON", 0), ("Kovalenko", "PERSON", 60),
                   ("Kovalenkiy", "PERSON", 90), ("Maria Hoffmann", "PERSON", 120),
                   ("Peter Hofmann", "PERSON", 160), ("Carlo Franco", "PERSON", 200), ("Emma Johnston", "PERSON", 240))

CANONICAL = [
    (KOREAN, "Ryu", {}, "Ryu Seong-hyeon"),  # family name first
    (KOREAN, "Kim", {}, "Kim Jong Un"),
    (KOREAN, "Kim's", {"label": "PERSON"}, "Kim Jong Un"),
    (WESTERN, "Lankov", {}, "Andrei Lankov"),  # surname
    (WESTERN, "Dan", {}, "Dan Pinkston"),  # first name
    (WESTERN, "Joe Biden", {}, "Joe R. Biden"),  # middle initial dropped
    (WESTERN, "President Biden", {"label": "PERSON"}, "Joe R. Biden"),
    (ORGS, "IAEA", {"label": "ORG"}, "International Atomic Energy Agency"),
    # two people sharing a surname are never merged: most recent full name before the mention, else as written
    (TWO_KIMS, "Kim", {}, "Kim"),
    (TWO_KIMS, "Kim", {"at": 50}, "Kim Jong Un"),
    (TWO_KIMS, "Kim", {"at": 120}, "Kim Yo Jong"),
    # transliterations of a surname in one article ("Zelensky" / "Zelenskiy" / "Volodymyr Zelenskyy")
    (SPELLINGS, "Kovalenko", {}, "Oleksandr Kovalenkyy"),
    (SPELLINGS, "Kovalenkiy", {"label": "PERSON"}, "Oleksandr Kovalenkyy"),
    (SPELLINGS, "Hoffmann", {}, "Maria Hoffmann"),  # the exact spelling wins over a near one
    (SPELLINGS, "Hofmann", {}, "Peter Hofmann"),
    (SPELLINGS, "Francis", {}, "Francis"),  # a consonant changed: another name
    (SPELLINGS, "Johnstons", {}, "Johnstons"),  # a family in the plural is not the person
    # negatives
    (WESTERN, "Pinkston", {"label": "GPE"}, "Pinkston"),  # places never become people
    (WESTERN, "Smith", {}, "Smith"),  # unknown: cleaned only
    (WESTERN, "Lank", {}, "Lank"),  # a prefix of a word is not a short form
    (WESTERN, "the Kremlin", {"label": "ORG"}, "Kremlin"),
    (ORGS, "TU", {"label": "GPE"}, "TU"),
]


@pytest.mark.parametrize(("index", "name", "kwargs", "expected"), CANONICAL)
def test_canonical(index, name, kwargs, expected):
    assert index.canonical(name, **kwargs) == expected


def test_aliases_list_unambiguous_short_forms():
    assert KOREAN.aliases() == {"Ryu Seong-hyeon": ("Ryu",), "Kim Jong Un": ()}
    assert TWO_KIMS.aliases() == {"Kim Jong Un": (), "Kim Yo Jong": ()}  # "Kim" is nobody's alias


def test_people_are_the_fullest_names_in_order():
    assert KOREAN.people == ("Ryu Seong-hyeon", "Kim Jong Un")
    assert SPELLINGS.people == ("Oleksandr Kovalenkyy", "Maria Hoffmann", "Peter Hofmann", "Carlo Franco",
                                "Emma Johnston")
    assert TWO_KIMS.people == ("Kim Jong Un", "Kim Yo Jong")


GENDER = [
    # the article's own wording
    ("Maria Lopez arrived late. She said nothing.", "Maria Lopez", "female"),
    ("Tom Becker said he was tired.", "Tom Becker", "male"),
    ("Her son, filmmaker Robin Morrow, was there.", "Robin Morrow", "male"),
    ("Ms. Robin Holt left.", "Robin Holt", "female"),
    # the article beats the first-name lexicon (Ilhan is a man's name in the lexicon)
    ("Ilhan Omar spoke first. She thanked the voters.", "Ilhan Omar", "female"),
    # in a sentence naming two people, a pronoun votes for the subject of the clause that governs it
    ("Ilhan Omar asked Tom Becker for help, saying she was tired.", "Ilhan Omar", "female"),
    # no wording: the first-name lexicon, for a full name only
    ("Maria Lopez left the room.", "Maria Lopez", "female"),
    ("Tom Becker met Maria Lopez.", "Tom Becker", "male"),
    # unknown: a name the lexicon does not settle, or one word (a surname may be a given name too)
    ("Sam Field left the room.", "Sam Field", None),
    ("Kim Jong Un left the room.", "Kim Jong Un", None),  # "Kim": mostly a woman's name, but not firmly
    ("Robin Field met Taylor Brandt and she smiled.", "Taylor Brandt", None),
    # pronouns inside a quotation are someone else's words, no evidence about the sentence's person
    ("Sen. Sam Field said the judge had spoken of “a wise woman with the richness of her experience.”",
     "Sam Field", None),
    ("“I think she was right when she said it,” Sam Field told reporters.", "Sam Field", None),
    ("“I think she was right,” Sam Field said, and he left.", "Sam Field", "male"),
]


@pytest.mark.parametrize(("text", "name", "expected"), GENDER)
def test_gender_from_article_wording_then_lexicon(nlp, text, name, expected):
    index = NameIndex.from_doc(nlp(text))
    assert name in index.people
    assert index.gender(name) == expected


# a title before a surname two people share picks the one of its gender (by the first name), wherever the
# title is written: inside the mention or just before it
SHARED_SURNAME_TITLES = [
    ("Maria Hale came with Bill Hale. Mrs. Hale left first.", "Mrs. Hale", "Maria Hale"),
    ("Bill Hale came with Maria Hale. Mr. Hale left first.", "Mr. Hale", "Bill Hale"),
    ("Maria Hale and Bill Hale spoke. Then Ms. Hale left.", "Ms. Hale", "Maria Hale"),
]


@pytest.mark.parametrize(("text", "mention", "expected"), SHARED_SURNAME_TITLES)
def test_a_title_picks_the_person_of_its_gender(nlp, text: str, mention: str, expected: str) -> None:
    index = NameIndex.from_doc(nlp(text))
    at = text.rindex(mention)
    assert index.person(mention, at=at) == expected
    surname = mention.split()[-1]
    assert index.person(surname, at=at + len(mention) - len(surname)) == expected


PERSON_SPANS = [
    ("Ryu Seong-hyeon fled in 2019.", "Ryu Seong-hyeon"),  # tagger stops at the hyphen: restored
    ("The Putin-backed group left.", "Putin"),  # a compound modifier is not part of the name
]

# a sentence-initial "-ing" word the tagger put into a name is dropped; a given name ending in -ing stays
GERUNDS = [
    ("Hosting Cook at Dreamforce", "Cook"),
    ("Sterling Brown", "Sterling Brown"),
    ("Harding", "Harding"),  # nothing would be left
]


@pytest.mark.parametrize(("name", "expected"), GERUNDS)
def test_person_span_drops_a_leading_gerund(nlp, name, expected):
    doc = nlp(name + " spoke on Tuesday.")
    ent = doc.char_span(0, len(name.split(" at ")[0]), label="PERSON")
    assert person_span(ent).text == expected


@pytest.mark.parametrize(("text", "expected"), PERSON_SPANS)
def test_person_span(nlp, text, expected):
    people = [person_span(e).text for e in nlp(text).ents if e.label_ == "PERSON"]
    assert people == [expected]


def test_from_doc_indexes_repaired_person_labels(nlp):
    text = "LEOVA — Vasile Rusu has run the town hall since 2015.\n\n“We will rebuild,” Rusu said."
    doc = nlp(text)
    doc.ents = [doc.char_span(text.rindex("Rusu"), text.rindex("Rusu") + 4, label="PERSON")]
    index = NameIndex.from_doc(doc)
    assert index.people == ("Vasile Rusu",)
    assert index.canonical("Rusu", label="PERSON", at=text.rindex("Rusu")) == "Vasile Rusu"
    assert index.spans is not None and any(s.text == "Vasile Rusu" for s in index.spans)


# Acronyms the article declares in parentheses after a name resolve to that name even when the initials
# do not spell it; a tagger span that ran into an unclosed parenthesis is cut before it.
DECLARED = [
    ("The Kurdistan Workers Party (PKK) said it would talk. The PKK also said the truce held.", "PKK",
     "Kurdistan Workers Party"),
    ("The National Union of Journalists(NUJ said members would strike. The NUJ said talks failed.", "NUJ",
     "National Union of Journalists"),
    ("The Civil Protection Service (CPS) warned of floods. CPS officials said rivers rose.", "CPS",
     "Civil Protection Service"),
    # an acronym never declared stays itself
    ("The Kurdistan Workers Party said it would talk. The PKK also said the truce held.", "PKK", "PKK"),
]


@pytest.mark.parametrize(("text", "acronym", "expected"), DECLARED)
def test_declared_acronyms(nlp, text: str, acronym: str, expected: str) -> None:
    index = NameIndex.from_doc(nlp(text))
    assert index.canonical(acronym, label="ORG") == expected
    assert clean_name("National Union of Journalists(NUJ") == "National Union of Journalists"
