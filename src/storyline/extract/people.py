"""Which named-entity spans are people: label repairs for the small model's PERSON errors.

spaCy's small English model gets people wrong in three ways that matter for speakers and people lists.
Each is repaired by a general rule over the whole article:

1. **A person's full name with another label** ("Natalia Rusu" GPE, "Lidia Ceban" ORG): relabelled PERSON
   when its first word is a known first name (the ``gender-guesser`` lexicon) and the article uses it
   like a person (a role noun in apposition, "who", an age, a title before it, or the subject of a
   reporting verb); or when its last word is a one-word PERSON of the article (see 2).
2. **A full name left untagged** ("Vasile Rusu has run …" when only a later "Rusu" is tagged): a run of
   title-case proper nouns that ends with a one-word PERSON name (or starts with it, family name
   first, when that name is in the given-name lexicon: "Apple Thunderbolt" is not a name) becomes a
   PERSON span. The added words must read as given names: no article before the run ("the Cleveland
   Browns"), no English common word unless the lexicon gives it a sex ("Mason", not "Welcome"), and no
   word the article names as something else ("Google Stadia").
3. **A place or company tagged PERSON** ("Cantemir", "Prut", "Irigare Sud"), only when a gazetteer is
   given: relabelled GPE, LOC or ORG when the article never uses the name like a person (no longer
   person name containing it, no title, no "who", no age, no role noun, no reporting verb, no pronoun
   agreement) and the gazetteer or the context calls it a place or an organisation ("the Prut", "the
   village of Dealu Verde", "Ungheni, a town on …", "Irigare Sud, the company that …").
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any, Literal

from spacy.tokens import Doc, Span, Token

from .cues import DIRECT_CUES, is_cue
from .places import looks_like_place
from .sentences import doc_text, sentence_of

if TYPE_CHECKING:
    from ..gazetteer import Gazetteer

__all__ = [
    "label_entities", "first_name_gender", "is_first_name", "is_english_word", "appositive_head",
    "appositive_tokens", "verb_after", "is_role_noun", "PLACE_NOUNS", "ORG_NOUNS", "ROLE_NOUNS",
]

Gender = Literal["male", "female"]

#: Title words that make the following name a person's ("Mayor Vasile Rusu", "Mr. Reid"). Same source
#: as :data:`storyline.resolve.TITLE_WORDS` (AP formal titles) but only those that never head a place.
PERSON_TITLES = frozenset(
    """
    mr mrs ms miss dr prof professor president minister chancellor secretary senator sen rep governor
    gov mayor judge justice sir dame lord rev reverend sheikh ayatollah general gen colonel col captain
    capt lieutenant lt sergeant sgt admiral commander chairman chairwoman spokesman spokeswoman
    ambassador councillor councilor premier king queen prince princess pope
    """.split()
)

#: Nouns naming a place. An appositive or "<noun> of" with one of these makes a name a place ("Ungheni,
#: a town on the Prut", "the village of Dealu Verde"). Drawn from GeoNames feature-class names and the
#: place nouns of the demo and seed articles.
PLACE_NOUNS = frozenset(
    """
    town city village hamlet capital region province district county country nation island isle
    peninsula river stream creek lake sea bay gulf strait firth loch valley basin plain hill mountain
    mount ridge forest desert port harbour harbor coast border frontier suburb neighbourhood neighborhood
    municipality commune oblast republic territory enclave settlement dam reservoir canal street road
    avenue square bridge airport station park farmland estuary delta glen moor
    """.split()
)
#: Prepositions that put the following name in a place ("in Cantemir", "near Falciu"). "to", "from" and
#: "at" are left out: people are talked to, heard from and angry at.
LOCATIVE_PREPOSITIONS = frozenset("in near outside across toward towards throughout into inside".split())
#: Settlement nouns after a possessive that make the owner a place ("Mull’s main town").
SETTLEMENT_NOUNS = frozenset("town city village capital island port".split())

#: Nouns heading an organisation or a group. An appositive with one of these makes a name an
#: organisation ("Irigare Sud, the company that operated the reservoir").
ORG_NOUNS = frozenset(
    """
    company firm group agency service ministry department office council authority union party
    organisation organization association institute institution university college school hospital bank
    fund charity operator utility board committee commission court army force police newspaper tabloid
    magazine broadsheet
    broadcaster network channel outlet publisher manufacturer maker producer supplier carrier airline
    insurer lender retailer startup conglomerate corporation enterprise foundation federation league
    club team movement coalition alliance government administration regime cabinet parliament assembly
    brand chain subsidiary consortium cooperative facility trust centre center bureau unit directorate
    inspectorate secretariat society laboratory programme program mission campaign
    """.split()
)

#: Common nouns for people in their roles ("a paramedic", "a retired bus driver", "the managing
#: director"). A role noun in apposition is evidence that a name is a person's. Compounds ending in one
#: of these count too ("schoolteacher", "firefighter"); see :func:`is_role_noun`.
ROLE_NOUNS = frozenset(
    """
    man woman boy girl child son daughter mother father wife husband brother sister widow widower
    resident victim student pupil teenager driver officer suspect defendant worker farmer pensioner
    refugee survivor veteran grandmother grandfather patient nurse doctor paramedic surgeon physician
    teacher professor lecturer researcher scientist expert analyst economist historian hydrologist
    engineer geologist lawyer attorney judge prosecutor minister mayor governor president senator
    official spokesman spokeswoman spokesperson director manager chief executive founder owner chairman
    chairwoman chair leader organiser organizer activist campaigner volunteer rescuer firefighter soldier
    commander general colonel captain pilot sailor fisherman shopkeeper grocer baker butcher trader
    merchant businessman businesswoman entrepreneur banker investor journalist reporter editor writer
    author poet artist musician singer actor actress player coach athlete priest bishop imam rabbi monk
    nun councillor councilor lawmaker legislator politician diplomat ambassador envoy adviser advisor
    aide assistant secretary clerk inspector detective agent guard ranger mechanic builder electrician
    plumber labourer laborer miner neighbour neighbor villager citizen retiree graduate member head
    deputy candidate witness tenant landlord
    """.split()
)
#: Role nouns shorter than this do not match as the end of a compound ("man" would match "German").
ROLE_SUFFIX_MIN = 5

#: Tokens between a name and the verb it is subject of, when an appositive or a relative clause in
#: commas stands between them ("Angus Beaton, who runs a grocery on the harbour front, said"). 16 covers
#: the appositives of the demo and seed articles (the longest is 12 tokens) with some margin.
APPOSITIVE_MAX_TOKENS = 16
#: Most proper nouns a first name or family name may add to a known one-word name (given names run to
#: two words: "Ryu Seong-hyeon", "Kim Jong Un").
NAME_EXTENSION_MAX = 2
#: Gazetteer cities at least this large speak for their governments ("Moscow said"), so a reporting
#: verb is no evidence that the name is a person's. A million is above every city that shares its name
#: with a well-known person.
METONYMY_MIN_POPULATION = 1_000_000

_PERSON_PRONOUNS = frozenset("he him his himself she her hers herself".split())
_OTHER_LABELS = frozenset({"ORG", "GPE", "LOC", "NORP", "FAC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW"})
_APOSTROPHE_S = frozenset({"'s", "’s", "'", "’"})
_DETERMINERS = frozenset({"the", "a", "an"})
_BLOCK_END = frozenset({",", ".", ";", ":", ")", "—", "–", "!", "?"})


# --------------------------------------------------------------------------- lexicon lookups


@functools.lru_cache(maxsize=1)
def _detector() -> Any:
    from gender_guesser.detector import Detector  # 4 MB name table, parsed on first use (~0.1 s)

    return Detector(case_sensitive=False)


def is_first_name(word: str) -> bool:
    """Whether ``word`` is a given name in the gender-guesser lexicon (about 60,000 spellings of given
    names from 54 countries; it also lists some common words, such as "Side", as names of either sex).

    Args:
        word: one word, any case.
    """
    return word.lower() in _detector().names


def first_name_gender(word: str) -> Gender | None:
    """The gender the first-name lexicon gives ``word``, or None when unknown or not clear-cut.

    Only the lexicon's firm answers count ("male", "female"); "mostly_female" names such as "Kim" (a
    Korean family name) give None, so a family-name-first name is not given a wrong gender.

    Args:
        word: a first name.
    """
    gender = _detector().get_gender(word)
    if gender == "male":
        return "male"
    return "female" if gender == "female" else None


@functools.lru_cache(maxsize=1)
def _english_words() -> frozenset[str]:
    from english_words import get_english_words_set  # Webster's 2nd: 210,000 lower-case words

    return frozenset(w for w in get_english_words_set(["web2"], lower=False, alpha=True) if w.islower())


def is_english_word(word: str) -> bool:
    """Whether ``word`` is a lower-case word of Webster's 2nd dictionary (the english-words package)."""
    return word in _english_words()


def _given_name_part(tok: Token) -> bool:
    """A word that can be added to a known family name as a given name: a word that is not an English
    common word ("Montell", not "Welcome" or "Express"), or one the first-name lexicon gives a gender
    ("Mason", not "Side" or "Moon", which it lists as either)."""
    if len(tok.text) < 2:
        return False
    if not is_english_word(tok.lower_):
        return True
    return _detector().get_gender(tok.text) not in ("andy", "unknown")


def is_role_noun(word: str) -> bool:
    """Whether ``word`` names a person by role ("paramedic", "schoolteacher"); see :data:`ROLE_NOUNS`."""
    word = word.lower()
    if word in ROLE_NOUNS:
        return True
    return any(word.endswith(r) and len(r) >= ROLE_SUFFIX_MIN for r in ROLE_NOUNS) or word.endswith(
        ("man", "woman", "ist", "ian")) and word not in PLACE_NOUNS | ORG_NOUNS and len(word) > 5


# --------------------------------------------------------------------------- context around a name


def _comma_block(doc: Doc, end: int) -> tuple[list[Token], str]:
    """The tokens between the comma right after a name and the next clause mark, with that mark, if
    the name is followed by a comma ("Natalia Rusu[, a paramedic who leads …], said")."""
    if end >= len(doc) or doc[end].text != ",":
        return [], ""
    block: list[Token] = []
    for tok in doc[end + 1 : end + 1 + APPOSITIVE_MAX_TOKENS]:
        if tok.text in _BLOCK_END or "\n" in tok.text:
            return block, tok.text
        block.append(tok)
    return [], ""  # no closing mark in reach: not an appositive


def verb_after(doc: Doc, end: int) -> Token | None:
    """The verb a name ending at token ``end`` is the subject of, found by position: right after the
    name, or after an appositive or relative clause set off by commas ("Angus Beaton, who runs a
    grocery on the harbour front, said"), auxiliaries and adverbs skipped.

    Args:
        doc: the parsed article.
        end: token index just after the name.

    Returns:
        The verb token, or None when the name is not followed by one.
    """
    block, closer = _comma_block(doc, end)
    if block and closer == ",":
        end = block[-1].i + 2
    elif end < len(doc) and doc[end].text == ",":
        return None
    while end < len(doc) and doc[end].pos_ in ("AUX", "ADV", "PART") and doc[end].dep_ != "ROOT":
        end += 1
    if end < len(doc) and doc[end].pos_ in ("VERB", "AUX") and "\n" not in doc[end - 1].whitespace_:
        return doc[end]
    return None


def appositive_tokens(doc: Doc, end: int) -> list[Token]:
    """The words of the appositive or relative clause set off by a comma after the name ending at token
    ``end`` ("Igor Ciobanu[, a spokesman for the civil protection service],"), or [] if none."""
    return _comma_block(doc, end)[0]


def appositive_head(doc: Doc, end: int) -> str | None:
    """What the appositive after the name ending at token ``end`` says it is.

    Args:
        doc: the parsed article.
        end: token index just after the name.

    Returns:
        "who" for a relative clause about a person, "which" for one about a thing, "age" for a bare
        number (", 71,"), else the lower-case head noun of the appositive ("paramedic", "town",
        "company"), or None when no appositive follows.
    """
    block, _ = _comma_block(doc, end)
    if not block:
        return None
    first = block[0].lower_
    if first in ("who", "whose", "whom"):
        return "who"
    if first in ("which", "where"):
        return "which"
    if block[0].like_num and (len(block) == 1 or not block[1].is_alpha):
        return "age"
    head = None
    for tok in block:
        if tok.tag_ in ("VBD", "VBZ", "VBP", "MD"):
            return None  # a clause, not an apposition: "near Dealu Verde[, the service said]"
        if tok.pos_ in ("ADP", "VERB", "AUX", "SCONJ", "CCONJ") or tok.lower_ in ("who", "that", "which"):
            break
        if tok.pos_ in ("NOUN", "PROPN"):
            head = tok.lower_
    return head


def _speaks(doc: Doc, span: Span) -> bool:
    """The name is the subject of a reporting verb: by the parse, by position ("X, …, said"), after an
    inverted verb ("…,” said X") or after "according to"."""
    root = span.root
    subj = root.head if root.dep_ == "appos" else root
    if subj.dep_ in ("nsubj", "nsubjpass") and is_cue(subj.head, DIRECT_CUES):
        return True
    verb = verb_after(doc, span.end)
    if verb is not None and is_cue(verb, DIRECT_CUES):
        return True
    if span.start >= 1:
        before = doc[span.start - 1]
        if before.pos_ == "VERB" and is_cue(before, DIRECT_CUES) and before.i >= 1 and (
                doc[before.i - 1].is_punct or doc[before.i - 1].is_quote):
            return True
        if before.lower_ == "to" and before.i >= 1 and doc[before.i - 1].lower_ == "according":
            return True
    return False


def _title_before(doc: Doc, span: Span) -> bool:
    """A title or role noun stands right before the name ("Mayor Vasile Rusu", "chair Marcelo Claure")."""
    if span.start == 0:
        return False
    prev = doc[span.start - 1]
    word = prev.lower_.rstrip(".")
    return word in PERSON_TITLES or (prev.pos_ in ("NOUN", "PROPN") and is_role_noun(word)
                                     and word not in ORG_NOUNS | PLACE_NOUNS)


def _pronoun_agrees(doc: Doc, span: Span, people: list[Span]) -> bool:
    """A he/she pronoun follows in the sentence, whose only person-like name is this one."""
    sent = sentence_of(doc, span.start)
    others = [p for p in people if sent.start <= p.start < sent.end and p.text != span.text]
    if others or span.root.dep_ not in ("nsubj", "nsubjpass"):
        return False
    return any(t.lower_ in _PERSON_PRONOUNS for t in doc[span.end : sent.end])


# --------------------------------------------------------------------------- repairs


def _stop_words(doc: Doc) -> frozenset[str]:
    """Words that are never part of a person's name in this article: title words, place and
    organisation nouns, and words the article also writes in lower case."""
    from ..resolve import TITLE_WORDS  # resolve imports this module at load time

    lowercase = {t.lower_ for t in doc if t.is_lower and t.is_alpha}
    return frozenset(lowercase | TITLE_WORDS | PLACE_NOUNS | ORG_NOUNS)


def _name_token(tok: Token, stop: frozenset[str]) -> bool:
    """A token that can be part of a person's name: a title-case proper noun that is not in ``stop``
    (title words, place and organisation nouns, and common words capitalised at a sentence start)."""
    return tok.pos_ == "PROPN" and tok.is_alpha and tok.text.istitle() and tok.lower_ not in stop


def _person_context(doc: Doc, span: Span) -> bool:
    """The name is used like a person's here: a role noun, "who" or an age after it, a title before it,
    or a reporting verb, and no appositive calling it an organisation or a place ("Moon Express, a
    startup, said")."""
    head = appositive_head(doc, span.end)
    if head in ORG_NOUNS or head in PLACE_NOUNS:
        return False
    return bool(
        head in ("who", "age") or (head is not None and is_role_noun(head))
        or _title_before(doc, span) or _speaks(doc, span)
    )


def _mislabelled_person(doc: Doc, ent: Span, stop: frozenset[str], short: set[str], speaking: set[str]) -> bool:
    """Rule 1: a multi-word name with another label that is a person's full name: led by a known given
    name or ending with a one-word PERSON of the article (``short``), and used like a person's (here,
    or its last word alone speaks elsewhere: ``speaking``, "… Lupu said")."""
    words = [t for t in ent if not t.is_punct]
    if not 2 <= len(words) <= 4 or not all(_name_token(t, stop) for t in words):
        return False
    if ent.start and doc[ent.start - 1].lower_ in _DETERMINERS:
        return False  # "the Cleveland Browns": names of people take no article
    if not (is_first_name(words[0].text) or words[-1].text in short):
        return False
    return words[-1].text in speaking or _person_context(doc, ent)


def _speaking_words(doc: Doc) -> set[str]:
    """Capitalised one-word names that are the subject of a reporting verb somewhere ("Lupu said")."""
    return {t.text for t in doc if t.pos_ == "PROPN" and t.text.istitle() and _speaks(doc, doc[t.i : t.i + 1])
            and not (t.i and doc[t.i - 1].pos_ == "PROPN")}


def _one_word_people(spans: Iterable[Span]) -> set[str]:
    return {s.text for s in spans if s.label_ == "PERSON" and len(s) == 1 and s[0].is_alpha}


def _extensions(doc: Doc, spans: list[Span], stop: frozenset[str]) -> Iterator[Span]:
    """Rule 2: runs of name tokens around a one-word PERSON name that the tagger left untagged."""
    short = _one_word_people(spans)
    owner = {i: s for s in spans for i in range(s.start, s.end)}
    for tok in doc:
        if tok.text not in short or (tok.i in owner and len(owner[tok.i]) > 1 and owner[tok.i].label_ == "PERSON"):
            continue  # already part of a longer PERSON name
        if tok.tag_ == "NNPS":
            continue  # a plural ("the Browns") names a team or a family, not one person
        for step in (-1, 1):  # given names before the family name, else after it (family name first)
            k = tok.i
            while 0 <= k + step < len(doc) and abs(k + step - tok.i) <= NAME_EXTENSION_MAX and \
                    _name_token(doc[k + step], stop) and _given_name_part(doc[k + step]) and \
                    not doc[k + step].whitespace_.count("\n") and doc[k + step].text not in short:
                k += step
            if k == tok.i:
                continue
            run = doc[min(k, tok.i) : max(k, tok.i) + 1]
            if run.start and doc[run.start - 1].lower_ in _DETERMINERS:
                continue  # "the Cleveland Browns": names of people take no article
            if "\n" in run.text or (step > 0 and not is_first_name(run[0].text)):
                continue  # family name first needs a known name to lead: not "Apple Thunderbolt"
            clash = {owner[i] for i in range(run.start, run.end) if i in owner and owner[i].start != tok.i}
            clash |= {owner[tok.i]} if tok.i in owner and len(owner[tok.i]) > 1 else set()
            # other entities must lie inside the run and not be a person: a full name with another label,
            # taken over only when a known given name leads it ("Natalia Rusu", not "Moon Express")
            if not all(c.start >= run.start and c.end <= run.end and c.label_ != "PERSON" for c in clash):
                continue
            if clash and (step > 0 or not all(is_first_name(t.text) for t in run if t.i != tok.i)):
                continue
            # an added word named as something else elsewhere is not a given name ("Apple", "Google")
            added = {t.text for t in run if t.i != tok.i and not is_first_name(t.text)}
            if any(s.label_ != "PERSON" and not (run.start <= s.start and s.end <= run.end) and
                   added & {t.text for t in s} for s in spans):
                continue
            yield Span(doc, run.start, run.end, label="PERSON")
            break


def _occurrences(doc: Doc, article: str, text: str) -> Iterator[Span]:
    """Every place where ``text`` stands as whole tokens in the article (``article`` is ``doc.text``,
    which spaCy rebuilds on every access)."""
    at = article.find(text)
    while at >= 0:
        span = doc.char_span(at, at + len(text))
        if span is not None:
            yield span
        at = article.find(text, at + 1)


def _place_kind(doc: Doc, article: str, text: str, spans: list[Span], fuller: set[str],
                gazetteer: Gazetteer) -> str | None:
    """Rule 3: the label a PERSON name should have instead ("GPE", "LOC", "ORG"), or None to keep it.

    Evidence is weighed in tiers: anything that makes the name a person's keeps it; an appositive or
    "<place noun> of" settles it as an organisation or a place; a reporting verb keeps it; then a
    locative context, "the X", a gazetteer place (:func:`~storyline.extract.places.looks_like_place`,
    which leaves out common given names and surnames: "Williams") or the same name labelled a place
    elsewhere makes it a place. A one-word name in the first-name lexicon ("Kate", "Jordan") needs more
    than that unless it is a country.
    """
    words = text.split()
    if not words:
        return None
    people = [s for s in spans if s.label_ == "PERSON"]
    if any(f" {text} " in f" {full} " and full != text for full in fuller):
        return None  # part of a longer person's name (``fuller``): the first name + surname pattern
    if len(words) > 1 and is_first_name(words[0]):
        return None
    primary = [c for c in gazetteer.lookup(text) if not (c.needs_context or c.abbreviation or c.alternate)]
    country = any(c.entry.kind in ("country", "region", "continent") for c in primary)
    speaking_place = country or any(c.entry.population >= METONYMY_MIN_POPULATION for c in primary)
    strong = weak = org = speaks = False
    for occ in _occurrences(doc, article, text):
        head = appositive_head(doc, occ.end)
        if head in ("who", "age") or (head is not None and is_role_noun(head) and head not in PLACE_NOUNS
                                      and head not in ORG_NOUNS):
            return None
        if _title_before(doc, occ) or _pronoun_agrees(doc, occ, people):
            return None
        speaks = speaks or (_speaks(doc, occ) and not speaking_place)
        prev = doc[occ.start - 1] if occ.start else None
        nxt = doc[occ.end] if occ.end < len(doc) else None
        possessive = nxt is not None and nxt.text in _APOSTROPHE_S
        org = org or head in ORG_NOUNS
        strong = strong or head in PLACE_NOUNS or (
            prev is not None and prev.lower_ == "of" and occ.start >= 2 and doc[occ.start - 2].lower_ in PLACE_NOUNS
        ) or (nxt is not None and nxt.lower_ in PLACE_NOUNS) or (possessive and any(
            t.lower_ in SETTLEMENT_NOUNS for t in doc[occ.end + 1 : occ.end + 4]))
        weak = weak or (prev is not None and not possessive and (
            prev.lower_ in LOCATIVE_PREPOSITIONS
            or prev.lower_ == "the" and (nxt is None or nxt.pos_ not in ("NOUN", "PROPN", "CCONJ", "ADJ"))))
    # a gazetteer place that is no common given name or surname ("Cantemir", not "Williams"), "Isle of
    # Mull" or a GPE "Romania" elsewhere in the article
    weak = weak or looks_like_place(text, gazetteer) or any(
        s.label_ in ("GPE", "LOC") and f" {text} " in f" {s.text} " and not (
            s.text != text and is_first_name(s[0].text)) for s in spans)
    if org:
        return "ORG"
    if len(words) == 1 and is_first_name(text) and not country and not strong:
        return None
    kinds = {c.entry.kind for c in primary}
    label = "GPE" if kinds & {"city", "region", "country"} else "LOC"
    if strong or country:
        return label
    return label if weak and not speaks else None


#: Separators that end a name when set off by spaces: "BERLIN - Ann Ward", "APP - Daily Wire / Press".
_SEPARATORS = frozenset({"-", "–", "—", "/", "|"})


def _separated(ent: Span) -> list[Span]:
    """The pieces of an entity the tagger ran across a spaced separator (a dateline and the name after it,
    a name and the stray word after a dash, a credit line of agencies), each with the entity's label;
    a piece opening with a digit ("14th Mar") or without a capitalised word that is no stop word
    ("since") is dropped."""
    doc = ent.doc
    cuts = [t.i for t in ent if t.text in _SEPARATORS and t.i > ent.start and t.whitespace_
            and doc[t.i - 1].whitespace_]
    if not cuts:
        return [ent]
    pieces = []
    for start, end in zip([ent.start, *(c + 1 for c in cuts)], [*cuts, ent.end], strict=True):
        if not doc[start].text[:1].isdigit() and \
                any(t.is_alpha and t.text[:1].isupper() and not t.is_stop for t in doc[start:end]):
            pieces.append(Span(doc, start, end, label=ent.label_))
    return pieces


def label_entities(doc: Doc, *, gazetteer: Gazetteer | None = None) -> list[Span]:
    """The named entities of a parsed article with the small model's PERSON errors repaired.

    Args:
        doc: spaCy Doc of the article (needs the parser and NER).
        gazetteer: enables rule 3 (places and companies tagged PERSON become GPE/LOC/ORG); None keeps
            every PERSON label the tagger gave.

    Returns:
        Non-overlapping entity spans in text order: the Doc's entities, relabelled where a rule says
        so, plus PERSON spans for full names the tagger missed.
    """
    stop = _stop_words(doc)
    ents = [piece for e in doc.ents for piece in _separated(e)]
    short = _one_word_people(ents)
    speaking = _speaking_words(doc)
    spans = [
        Span(doc, e.start, e.end, label="PERSON")
        if e.label_ in _OTHER_LABELS and _mislabelled_person(doc, e, stop, short, speaking) else e
        for e in ents
    ]
    added = list(_extensions(doc, spans, stop))
    if added:
        inside = {i for s in added for i in range(s.start, s.end)}
        spans = [s for s in spans if not any(i in inside for i in range(s.start, s.end))] + added
    if gazetteer is not None:
        from ..resolve import clean_name  # resolve imports this module at load time

        article = doc_text(doc)
        names = {s.start: clean_name(s.text, person=True) for s in spans if s.label_ == "PERSON"}
        fuller = set(names.values())
        kinds = {text: _place_kind(doc, article, text, spans, fuller, gazetteer) for text in fuller}
        fixed = []
        for s in spans:
            label = kinds.get(names[s.start]) if s.label_ == "PERSON" else None
            fixed.append(Span(doc, s.start, s.end, label=label) if label else s)
        spans = fixed
    return sorted(spans, key=lambda s: s.start)
