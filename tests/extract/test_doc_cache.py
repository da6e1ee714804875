"""Per-Doc caches (extract/sentences.py) and the number-word shortcut give what spaCy and the tables give."""

from __future__ import annotations

import pytest
from spacy.language import Language

from storyline.extract.lexicons import read_number_words
from storyline.extract.sentences import doc_lowers, doc_text, entities_within, entity_bounds

TEXTS = [
    "As of Nov. 6, about 10,000 North Korean troops were in Kursk, Ukraine's defence ministry said on Friday.",
    "Vasile Rusu, the mayor of Leova, said 1,200 people left on Tuesday. Natalia Rusu works in Cantemir.",
    "No entities at all here.",
    "",
]


@pytest.mark.parametrize("text", TEXTS)
def test_cached_text_lowers_and_entities_match_spacy(nlp: Language, text: str) -> None:
    doc = nlp(text)
    assert doc_text(doc) == doc.text and doc_text(doc) is doc_text(doc)
    assert doc_lowers(doc) == [t.lower_ for t in doc]
    assert entity_bounds(doc) == tuple((e.start, e.end, e.label_) for e in doc.ents)
    spans = [*doc.sents, doc[0 : len(doc)], doc[1 : max(1, len(doc) - 3)], doc[3:5]]
    for span in spans:
        assert entities_within(doc, span.start, span.end) == [(e.start, e.end, e.label_) for e in span.ents]


@pytest.mark.parametrize(
    ("words", "used"),
    [
        ("a dozen people", 2),
        ("half a million", 3),
        ("tens of thousands of", 3),
        ("thousands of people", 1),
        ("several thousand people", 2),
        ("a few hundred", 3),
        ("twenty - five", 3),
        ("one hundred and five", 4),
        ("two and a half", 4),
        # negative cases: words that cannot start a spelled-out amount
        ("the people", None),
        ("a lot of", None),
        ("people", None),
        ("", None),
    ],
)
def test_number_words_shortcut_keeps_every_start(words: str, used: int | None) -> None:
    read = read_number_words(words.split())
    assert (read[0] if read else None) == used
