"""Named-entity mentions with their in-article canonical names.

spaCy's NER finds the mentions; general rules then repair the small model's common errors:

- spans are trimmed to the name itself (determiners, possessives, titles, credits, line breaks go);
- a capitalised common noun opening a sentence or headline ("Regime escalates clampdown") is dropped
  when the same word appears in lower case elsewhere in the article;
- a single word tagged ORG/PRODUCT/... that is a known person's surname or first name is a PERSON;
- a name directly followed by a region noun ("the Kursk region") is a place (GPE);
- a surname the tagger missed altogether is added when it resolves to a person of the article;
- full names the tagger mislabelled or missed become PERSON, and (with a gazetteer) places and
  companies tagged PERSON get a place or organisation label (:mod:`storyline.extract.people`).

Numeric and time entities (DATE, CARDINAL, MONEY, ...) are left to the claims and times extractors.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from spacy.tokens import Doc, Span

from ..metadata.outlets import outlet_table
from ..model import Article, Mention
from ..resolve import NameIndex, name_bounds, person_span
from .people import label_entities

if TYPE_CHECKING:
    from ..gazetteer import Gazetteer

__all__ = ["extract_entities", "ENTITY_LABELS"]

#: spaCy (OntoNotes) labels kept as entity mentions: the named things. DATE, TIME, PERCENT, MONEY,
#: QUANTITY, ORDINAL and CARDINAL are values, extracted with their semantics by claims/times.
ENTITY_LABELS = frozenset(
    {"PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW", "LANGUAGE"}
)

#: Labels the small model puts on lone surnames it fails to recognise as people (seen on news text:
#: "Pinkston" as ORG, "Lankov" as PRODUCT). GPE/LOC/NORP are not relabelled: "Jordan", "Georgia" and
#: "Chad" are far more often places than namesakes of a person in the same article.
PERSON_RELABEL_FROM = frozenset({"ORG", "PRODUCT", "WORK_OF_ART", "FAC", "EVENT", "LAW", "LANGUAGE"})

#: Administrative-area nouns that make the preceding name a place ("the Kursk region", "Donetsk
#: oblast"), whatever label the tagger gave it. "state" is left out ("Islamic State").
REGION_NOUNS = frozenset({"region", "oblast", "province", "district", "county", "governorate", "prefecture"})

#: Labels whose mentions can be mistaken for a capitalised common noun at the start of a line.
_COMMON_NOUN_SUSPECTS = frozenset({"ORG", "PERSON", "PRODUCT", "WORK_OF_ART", "NORP", "EVENT", "LAW", "FAC"})


_NOUNS = ("PROPN", "NOUN")


def _lowercase_words(doc: Doc) -> frozenset[str]:
    return frozenset(t.text for t in doc if t.is_lower and t.is_alpha and not t.ent_type_)


def _opens_line(ent: Span) -> bool:
    first = ent[0]
    if first.is_sent_start or first.i == 0:
        return True
    prev = ent.doc[first.i - 1]
    return "\n" in prev.whitespace_ or "\n" in prev.text or prev.is_space


def _label(ent: Span, names: NameIndex, lowercase: frozenset[str]) -> str | None:
    """The corrected label of ``ent``, or None to drop it."""
    label = ent.label_
    if len(ent) == 1 and label in _COMMON_NOUN_SUSPECTS and _opens_line(ent):
        if ent.text[:1].isupper() and ent.text.lower() in lowercase:
            return None
    end = ent.end
    if end < len(ent.doc) and ent.doc[end].lower_ in REGION_NOUNS and label not in ("GPE", "LOC"):
        return "GPE"
    if label in PERSON_RELABEL_FROM and len(ent) == 1 and names.person(ent.text, at=ent.start_char):
        return "PERSON"
    return label


def _outlet_named(mention: str, entity: str) -> str | None:
    """The canonical name of the news outlet or agency a mention names exactly (``data/outlets.tsv``:
    "Yonhap", "AFP", "Yonhap news agency"), unless the article gives it as a person's full name ("Bloomberg"
    for "Michael Bloomberg": ``entity`` then has more words than the mention)."""
    if len(entity.split()) > len(mention.split()):
        return None
    outlet = outlet_table().by_name(mention)
    return outlet.name if outlet is not None else None


def extract_entities(
    doc: Doc,
    article: Article,
    *,
    names: NameIndex,
    gazetteer: Gazetteer | None = None,
    labels: frozenset[str] = ENTITY_LABELS,
) -> Iterator[Mention]:
    """Yield the named-entity mentions of an article, each with its canonical name.

    Args:
        doc: spaCy Doc of ``article.text``.
        article: the article (for its id and text).
        names: the article's name index (``NameIndex.from_doc(doc)``).
        gazetteer: when given, places and companies the tagger called PERSON ("Cantemir", "the Prut",
            "Irigare Sud, the company that …") are relabelled GPE/LOC/ORG unless the article uses the
            name like a person's; None keeps the tagger's PERSON labels.
        labels: entity labels to keep.

    Yields:
        Mentions in text order; ``text`` is ``article.text[start:end]`` (the trimmed name) and ``entity``
        the canonical name ("Ryu" -> "Ryu Seong-hyeon", "North Korea's" -> "North Korea").
    """
    text = article.text
    lowercase = _lowercase_words(doc)
    found: list[Mention] = []
    covered: set[int] = set()
    if names.spans is not None and names.labelled_with is gazetteer:
        ents = list(names.spans)
    else:
        ents = label_entities(doc, gazetteer=gazetteer)
    for ent in ents:
        covered.update(range(ent.start, ent.end))
        if ent.label_ not in labels:
            continue
        label = _label(ent, names, lowercase)
        if label is None or label not in labels:
            continue
        span = person_span(ent) if label == "PERSON" else ent
        i, j = name_bounds(span.text, person=label == "PERSON")
        if i == j:
            continue
        start, end = span.start_char + i, span.start_char + j
        mention = text[start:end]
        entity = names.canonical(mention, label=label, at=start)
        if label in ("PERSON", "ORG") and (outlet := _outlet_named(mention, entity)) is not None:
            label, entity = "ORG", outlet  # "Yonhap said", tagged PERSON; "Yonhap news agency": one agency
        found.append(Mention(article.id, start, end, mention, label, entity))
    if "PERSON" in labels:
        found.extend(_missed_people(doc, article, names, covered))
    yield from sorted(found, key=lambda m: (m.start, m.end))


def _missed_people(doc: Doc, article: Article, names: NameIndex, covered: set[int]) -> Iterator[Mention]:
    """Runs of capitalised nouns outside any entity that name a person of the article (the tagger misses
    surnames, and sometimes takes a sentence-initial one for a common noun)."""
    run: list[int] = []
    for tok in [*doc, None]:
        if tok is not None and tok.i not in covered and tok.pos_ in _NOUNS and tok.text[:1].isupper():
            run.append(tok.i)
            continue
        if run:
            span = doc[run[0] : run[-1] + 1]
            i, j = name_bounds(span.text, person=True)
            full = names.person(span.text[i:j], at=span.start_char) if i < j else None
            if full:
                start, end = span.start_char + i, span.start_char + j
                yield Mention(article.id, start, end, article.text[start:end], "PERSON", full)
            run = []
