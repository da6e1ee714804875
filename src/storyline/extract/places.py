"""Place mentions, geocoded offline against :mod:`storyline.gazetteer`.

How a mention is found and resolved:

1. **Scan.** Every run of capitalised tokens (with inner connectors: "Gulf of Mexico", "Bosnia and
   Herzegovina", and a trailing region word: "Kursk region") is looked up in the gazetteer's alias
   index, longest match first. spaCy's GPE/LOC/FAC labels are evidence, not a precondition, so places
   the small model mislabels ("Kursk" as PRODUCT, "Sumy" as PERSON) are still found.
2. **Licence.** A match must not be a person, an organisation or a nationality: it is dropped inside a
   PERSON/ORG/NORP/work/date entity, and a name spaCy calls a PERSON is kept only with locative context
   ("near Sumy") and when it is not part of a person's name elsewhere in the article ("Kim Jong Un" ->
   "Kim" is a person). Without a place label it needs a proper-noun tag, and a small town needs
   locative context. A one-word town that is also an English word ("Bath", "Reading", "Mobile",
   "Nice") needs context: a locative word before it, an appositive region or country after it
   ("Bath, England"), or spaCy's place label on a proper noun outside a capitalised compound.
   Abbreviations match only in capitals ("US", "U.S.", never "us"); context-only aliases ("DMZ") only
   when a licensing country is mentioned.
   Physical features: a bare river name counts only as "the Prut" (or "Prut River", "River Prut"),
   and then even when spaCy calls it a PERSON; a bare island, lake or peak name that is also a word or
   a person name ("Mull", "Skye") needs locative context ("on Mull") or a place label. A common given
   name followed by another capitalised name is a person ("Natalia Rusu", "Jordan Peterson").
3. **Resolve.** Each name is resolved once per article: candidates are ranked by prominence (log10 of
   population, or a fixed rank for countries, continents, regions and curated features), plus a bonus
   when their country or region is mentioned elsewhere in the article by an unambiguous name (or a
   nationality word), minus a penalty for alternate-name matches. An appositive ("Paris, Texas")
   restricts both names to a common country. So "Moscow" -> Russia, "Moscow, Idaho" -> Idaho, "Paris"
   -> France unless Texas is in play. Small towns of the gazetteer's context tier and spelling variants
   ("Leovo") are candidates only when their country is mentioned.
4. **Nationality words.** A demonym of ``data/places_demonyms.tsv`` used as a nationality ("North
   Korean troops", "Ukrainians", a NORP entity) is a mention of its country: a Place whose span is the
   word. Not when it is part of a name ("Turkish Airlines": context only), a language ("in Russian",
   "Russian-speaking"), an idiom ("French fries"), a hyphenated American ("Korean-American"), or a word
   shared by several countries ("Korean") of which the article does not mention exactly one.

``Place.country`` is an ISO 3166-1 alpha-2 code (``None`` for continents and multi-country features).
:func:`looks_like_place` tells another module whether a lone name (a spaCy PERSON, say) is a place.
"""

from __future__ import annotations

import logging
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from ..gazetteer import GENERIC_REGION_NAMES, Candidate, Gazetteer, GazetteerEntry, alias_key, get_gazetteer
from ..model import Article, Place
from .sentences import SpanIndex, doc_text

logger = logging.getLogger(__name__)

__all__ = ["extract_places", "looks_like_place"]

#: spaCy labels that mark a place.
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
#: spaCy labels whose inside is never a place mention: people, organisations ("Troy University",
#: "Kyiv Independent"), nationalities ("Russian"), titles, laws, languages and number/date phrases
#: ("March 3"). PERSON and ORG get the exceptions described in the module docstring.
BLOCKING_LABELS = frozenset({
    "PERSON", "ORG", "FAC", "NORP", "WORK_OF_ART", "LAW", "LANGUAGE",
    "DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL",
})
#: Words that make a name an organisation even when it is also a place in GeoNames ("University of
#: Texas" is a populated place there): an ORG entity containing one is never a place.
ORG_WORDS = frozenset({
    "university", "college", "school", "institute", "academy", "bank", "foundation", "council", "ministry",
    "party", "company", "corporation", "corp", "inc", "group", "association", "union", "court", "agency",
    "committee", "commission", "hospital", "church", "club", "fc", "airlines", "airways", "times", "post",
    "news", "herald", "journal", "tribune", "press", "radio", "television", "tv", "exchange", "house",
})
#: Longest alias in tokens ("Democratic People's Republic of Korea" is 7 spaCy tokens).
MAX_ALIAS_TOKENS = 8
#: Lower-case words allowed inside a multi-word name ("Isle of Man", "Trinidad and Tobago", "Rio de
#: Janeiro", "Russia's Far East", "Washington, D.C.").
CONNECTOR_WORDS = frozenset({
    "of", "and", "the", "de", "del", "la", "le", "da", "do", "dos", "das", "upon", "on", "al", "el", "am",
    "an", "der", "sur", "-", "'s", "’s", "'", "’", ",", ".", "el-", "al-",
})
#: Words that may end a name although lower-case: the gazetteer indexes "<name> <word>" for regions.
REGION_WORDS = frozenset({
    "region", "oblast", "province", "state", "prefecture", "governorate", "krai", "territory",
})
#: Plural region words that make every name of a list a region: "the Kursk and Belgorod regions".
PLURAL_REGION_WORDS = {w + "s": w for w in REGION_WORDS if w != "territory"} | {"territories": "territory"}
#: Words after which a capitalised name is a place ("fighting near Sumy", "flew to Jordan"), the
#: spatial prepositions of English news prose plus "city/town/... of".
LOCATIVE_WORDS = frozenset({
    "in", "near", "from", "to", "into", "at", "outside", "around", "toward", "towards", "across", "through",
    "via", "within", "inside", "beyond", "between", "throughout", "onto", "off", "along",
})
#: A sentence of at least TITLE_CASE_MIN_WORDS words of which this share is capitalised is a title-case
#: headline ("Troops Enter Battle In Kursk Region"); prose full of names stays below ("Kim Jong Un met
#: Vladimir Putin in Moscow": 6 of 8).
TITLE_CASE_SHARE = 0.8
TITLE_CASE_MIN_WORDS = 4
#: Verbs (lemmas) whose object is a place in war and travel reporting ("troops entered Sudzha",
#: "missiles hit Kyiv"): they count as locative context like a preposition.
LOCATIVE_VERBS = frozenset({
    "enter", "capture", "seize", "retake", "recapture", "liberate", "shell", "bomb", "evacuate", "visit",
    "reach", "encircle", "besiege", "occupy", "storm", "hit", "strike", "attack", "raid", "invade",
    "leave", "flee", "approach",
})
#: Nouns that name a settlement: "X, a town of 5,000" and "the city of X" put X on the map.
SETTLEMENT_NOUNS = frozenset({
    "city", "town", "village", "region", "province", "capital", "port", "suburb", "district", "oblast",
    "state", "settlement", "county", "island", "country", "nation", "hamlet", "municipality", "area",
})
#: Words that may follow a place name inside one spaCy place entity without making it another name.
NAME_TAIL_WORDS = SETTLEMENT_NOUNS | REGION_WORDS | frozenset({
    "valley", "bay", "coast", "island", "islands", "river", "lake", "mountains", "peninsula", "basin",
    "delta", "sea", "gulf", "harbour", "harbor", "metro", "metropolitan", "raion", "rayon", "sar",
    "autonomous", "special", "administrative", "republic", "federation", "federal", "capital",
})
#: Nouns that, followed by "of", locate the next name ("residents of Rylsk", "north of Kyiv").
OF_NOUNS = SETTLEMENT_NOUNS | frozenset({
    "residents", "people", "mayor", "governor", "outskirts", "centre", "center", "heart", "streets",
    "edge", "citizens", "part", "parts", "areas", "north", "south", "east", "west", "northeast",
    "northwest", "southeast", "southwest", "kilometers", "kilometres", "miles", "km",
})
#: Tokens skipped when looking back from a name for a locative word: articles, list glue ("in Kursk,
#: Belgorod and Sumy") and direction/status adjectives ("in northern Ukraine", "in occupied Crimea"),
#: within LOCATIVE_LOOKBACK tokens.
LIST_GLUE = frozenset({
    "the", ",", "and", "or", "both", "northern", "southern", "eastern", "western", "central",
    "northeastern", "northwestern", "southeastern", "southwestern", "occupied", "annexed", "neighbouring",
    "neighboring", "nearby", "rural", "downtown", "greater",
})
LOCATIVE_LOOKBACK = 8
#: Extra locative words for islands, lakes, peaks and rivers: "on Mull", "off Crete", "down the Prut".
FEATURE_LOCATIVE_WORDS = LOCATIVE_WORDS | frozenset({"on", "off", "up", "down", "upon", "over"})
#: Nouns a bare river name may modify after "the" ("the Prut basin", "the Danube delta"); any other
#: noun makes it a modifier of something else ("the Amazon warehouse", "the Jordan team").
RIVER_NOUNS = frozenset({
    "basin", "valley", "delta", "estuary", "banks", "bank", "floodplain", "gorge", "waters", "water",
    "river", "crossing", "bridge", "bridges", "embankment", "levels", "level", "flood", "floods",
    "region", "border", "shore", "shores", "mouth", "source", "cascade", "catchment",
})
#: spaCy labels of names a nationality word can be part of: "Turkish Airlines", "Russian Orthodox
#: Church", "Chinese New Year". The word is then context for resolution, not a place mention.
DEMONYM_NAME_LABELS = frozenset({"PERSON", "ORG", "FAC", "WORK_OF_ART", "LAW", "EVENT", "PRODUCT"})
#: Words after a nationality word that make it a language: "Russian-language", "Russian speakers", "the
#: German version of the text".
LANGUAGE_WORDS = frozenset({
    "language", "languages", "speaking", "speaker", "speakers", "translation", "version", "subtitles",
})
#: Words before a nationality word (with no noun after it) that make it a language: "in Russian".
LANGUAGE_CUES = frozenset({"in", "into", "from", "speak", "speaks", "spoke", "speaking", "learn", "learned"})
#: Nouns after which a nationality word names a style, not a place: English idioms of food, animals and
#: things ("French fries", "German shepherd") and cuisine ("Mexican food", "a Thai restaurant").
DEMONYM_IDIOM_NOUNS = frozenset({
    "food", "cuisine", "cooking", "dish", "dishes", "restaurant", "restaurants", "takeaway",
    "fries", "toast", "kiss", "horn", "windows", "press", "cheese", "pastry", "pastries", "oven",
    "shepherd", "shepherds", "wave", "whispers", "delight", "coffee", "roulette", "doll", "dolls", "flu",
    "courage", "auction", "summer", "ink", "checkers", "measles", "braid", "dressing", "mustard",
})
#: Spelling of the one nationality word that, after another one, makes an ethnic group of the US
#: ("Korean American", "Korean-American"): neither word is then a place.
AMERICAN_KEYS = frozenset({"american", "americans"})

#: Without a spaCy place label or locative context, a city this small is not a mention: 170,000
#: towns of over 1,000 people share names with surnames and words ("Western", "Mary"); 20,000 keeps
#: regional capitals and the towns war reporting names with context.
RECOVERY_MIN_POPULATION = 20_000
#: A single name spaCy tags PERSON becomes a city only when it is at least this big (Sumy: 256,000;
#: the towns called "Kim" are under 20,000) and has locative context; a town named like a common
#: person ("Shannon said", tagged FAC) needs locative context below this size.
PERSON_OVERRIDE_MIN_POPULATION = 100_000
#: Dependency roles in which a bare word of one of the article's full person names is that person, not a
#: place, even when the tagger calls it a GPE ("Bradford said", "Bradford's plan"): people speak, act
#: and own; places are mostly objects of "in", "to" and "from".
PERSON_ROLES = frozenset({"nsubj", "nsubjpass", "poss"})
#: Cities this big are exempt from the common-word rule (Berlin, Shanghai, Phoenix are words in
#: Webster's; Reading 318,000 and Nice 343,000 stay below).
COMMON_WORD_EXEMPT_POPULATION = 1_000_000

#: "the Mississippi", "the Shannon", "the Amazon": a bare river name after "the" beats the state, the
#: town and the rainforest (prominence 6.0 + 1.0 over 5.7, 4.0, 6.5) but not a country (8.0: "the
#: Gambia", "the Congo" stay countries; "the Jordan" too, a known limitation).
RIVER_THE_BONUS = 1.0
#: looks_like_place: a town at least this big counts without its country mentioned (Ungheni 34,000);
#: smaller ones (Cantemir 3,800, and Ciobanu, a Romanian village that is also a surname) need it.
LOOKS_LIKE_MIN_POPULATION = 15_000

#: Resolution bonuses, on the log10(population) scale (see gazetteer prominence). A mentioned
#: country multiplies a candidate's weight by ~30: enough for Paris, Texas (24,000 people) to beat
#: Paris, Kentucky, not enough to beat Paris, France (2.1 million + capital bonus) when only the US is
#: mentioned. A mentioned region (~1,000x) wins against a capital: "Moscow" in an article on Idaho.
COUNTRY_CONTEXT_BONUS = 1.5
REGION_CONTEXT_BONUS = 3.0
#: A US state beats the country of the same name when other states are mentioned ("Georgia").
SIBLING_REGION_BONUS = 1.5
#: Matching through an alternate name ("Kiev") costs a factor of 10 against a primary-name match.
ALTERNATE_NAME_PENALTY = 1.0


@dataclass(slots=True)
class _Match:
    start: int  # token index
    end: int
    key: str
    candidates: list[Candidate]
    label: str | None = None  # spaCy label of the place entity covering the match, if any
    locative: bool = False
    appositive: bool = False
    constrained: bool = False  # candidates restricted by an appositive: resolve on its own
    needs_country: bool = False  # a bare name spaCy calls a PERSON: keep only in a mentioned country
    after_the: bool = False  # "the Prut": licenses and favours bare river names
    chosen: GazetteerEntry | None = field(default=None)


@dataclass(slots=True)
class _Demonym:
    start: int  # token index
    end: int
    entries: tuple[GazetteerEntry, ...]
    mention: bool  # a nationality use: a Place when its country is known
    context: bool  # counts as context for resolving other names


def extract_places(doc: Doc, article: Article, *, gazetteer: Gazetteer | None = None,
                   people: Iterable[Span] = ()) -> Iterator[Place]:
    """Yield one geocoded :class:`Place` per place mention of the article, in text order.

    Args:
        doc: The spaCy Doc of ``article.text``.
        article: The article; its id goes on every record.
        gazetteer: The gazetteer to use; by default the process-wide one (:func:`get_gazetteer`).
        people: name spans the article's repaired entity labels call persons
            (:func:`storyline.extract.people.label_entities` with a gazetteer, which weighs place and
            person evidence): without locative context ("in Jackson") they are never places, so "Jackson,
            the committee chair," is not geocoded to Mississippi.

    Yields:
        Place records whose ``text`` is ``article.text[start:end]`` and whose ``name`` is the
        gazetteer's canonical name.
    """
    gaz = gazetteer if gazetteer is not None else get_gazetteer()
    info = _DocInfo(doc)
    demonyms = _scan_demonyms(doc, gaz, info)
    in_demonym = {i for d in demonyms for i in range(d.start, d.end)}
    matches = [m for m in _scan(doc, gaz, info) if not all(i in in_demonym for i in range(m.start, m.end))]
    place_tokens = _place_runs(doc, matches)
    demonyms = [d for d in demonyms if not any(i in place_tokens for i in range(d.start, d.end))]
    # a one-word name that is also a word or a person ("Secretary", Maryland) does not make the next
    # word a place in compound checks: "Energy Secretary Rick Perry"
    strong = _place_runs(doc, [m for m in matches if m.end - m.start > 1 or m.label is not None or not (
        gaz.is_common_word(m.key) or gaz.is_person_name(m.key))])
    person_words = _person_name_words(doc)
    _link_appositives(doc, matches)
    persons = {(s.start, s.end) for s in people}
    kept = [m for m in matches if _licence(doc, m, gaz, person_words, (place_tokens, strong), info)
            and ((m.start, m.end) not in persons or m.locative or m.appositive)]
    context = [d.entries[0] for d in demonyms if d.context and len(d.entries) == 1]
    countries = _resolve(kept, context)
    found: list[tuple[int, int, GazetteerEntry]] = [(m.start, m.end, m.chosen) for m in kept if m.chosen]
    for d in demonyms:
        named = [e for e in d.entries if e.country in countries]
        if d.mention and len(named) == 1:
            found.append((d.start, d.end, named[0]))
    for first, last, e in sorted(found, key=lambda f: f[0]):
        start, end = doc[first].idx, doc[last - 1].idx + len(doc[last - 1].text)
        yield Place(
            article_id=article.id, start=start, end=end, text=article.text[start:end], name=e.name,
            kind=e.kind, lat=e.lat, lon=e.lon, country=e.country, gazetteer_id=e.id,
        )


def looks_like_place(name: str, gazetteer: Gazetteer | None = None, *,
                     countries: Collection[str] | None = None) -> bool:
    """Whether a lone name, out of context, is more likely a gazetteer place than a person.

    Meant for relabelling spaCy PERSON mentions ("Cantemir", "Ungheni", "the Prut", "Mull"). The
    whole name must be a gazetteer name (so "Vasile Rusu" and "Paris Hilton" are not places) that is
    not a common given name or surname ("Kim", "Jordan", "Chad", "London": see
    :meth:`Gazetteer.is_person_name`), nor only an abbreviation, a context-only alias or a
    small-town spelling variant. A town under LOOKS_LIKE_MIN_POPULATION counts only in ``countries``
    when those are given. The caller should still check that the name is not the surname of a person
    named in full in the same text ("Igor Ciobanu" ... "Ciobanu said"). A dict lookup: microseconds.

    Args:
        name: The name as written (capitalised, as names are); a leading "the" is ignored.
        gazetteer: The gazetteer to use; by default the process-wide one.
        countries: ISO-2 codes of the countries the text mentions, if known.

    Returns:
        True when the name should be read as a place.
    """
    gaz = gazetteer if gazetteer is not None else get_gazetteer()
    words = name.split()
    words = words[1:] if words[:1] in (["the"], ["The"]) else words
    key = alias_key(" ".join(words))
    if not key or not words[0][:1].isupper() or (" " not in key and gaz.is_person_name(key)):
        return False  # "us" is a pronoun, not Us (Russia)
    caps = name.replace(".", "").replace(" ", "").isupper()
    for c in gaz.lookup_key(key):
        e = c.entry
        if (c.abbreviation and not caps) or c.needs_context:
            continue
        if e.kind != "city" or (countries is not None and e.country in countries):
            return True
        if e.population >= (LOOKS_LIKE_MIN_POPULATION if countries is not None else 0):
            return True
    return False


def _capitalised(tok: Token) -> bool:
    return tok.text[:1].isupper()


class _DocInfo:
    """Text, entities, sentence starts and headline flags, computed once per Doc (spaCy rebuilds
    ``Doc.text`` and ``Doc.ents`` and walks the whole Doc for ``Token.is_sent_start`` on every call)."""

    def __init__(self, doc: Doc) -> None:
        self.text = doc_text(doc)
        self.ents = tuple(doc.ents)
        self.ent_index = SpanIndex(self.ents, lambda e: (e.start, e.end))
        spans = list(doc.sents)
        self.starts = frozenset(s.start for s in spans)
        self.index = [0] * len(doc)
        for k, sent in enumerate(spans):
            self.index[sent.start: sent.end] = [k] * (sent.end - sent.start)
        self.headline = [_title_case(sent) for sent in spans]


def _scan(doc: Doc, gaz: Gazetteer, info: _DocInfo) -> list[_Match]:
    """Longest-first alias matches over runs of capitalised tokens."""
    matches: list[_Match] = []
    i, n = 0, len(doc)
    while i < n:
        if not _capitalised(doc[i]):
            i += 1
            continue
        found = None
        limit = i
        while limit < min(n, i + MAX_ALIAS_TOKENS):  # extend over tokens that may be inside a name
            tok = doc[limit]
            if "\n" in tok.text or tok.is_space or (limit > i and limit in info.starts):
                break
            if not (_capitalised(tok) or tok.lower_ in CONNECTOR_WORDS or tok.lower_ in REGION_WORDS
                    or _attached(doc, limit)):
                break
            limit += 1
        for j in range(limit, i, -1):
            last = doc[j - 1]
            if not (_capitalised(last) or last.lower_ in REGION_WORDS or _attached(doc, j - 1)):
                continue
            key = alias_key(info.text[doc[i].idx: last.idx + len(last.text)])
            if key in gaz:
                found = _Match(i, j, key, gaz.lookup_key(key))
                break
        if found is None:
            i += 1
            continue
        matches.append(found)
        i = found.end
    _plural_regions(doc, gaz, matches)
    for m in matches:
        _region_of(doc, gaz, m)
        m.label = _place_label(info, m)
        m.locative = m.locative or _has_locative(doc, m.start, info)
    return matches


def _region_of(doc: Doc, gaz: Gazetteer, m: _Match) -> None:
    """"the state of New York", "the region of Kursk": look the name up as "<name> <word>"."""
    if m.start >= 2 and doc[m.start - 1].lower_ == "of" and doc[m.start - 2].lower_ in REGION_WORDS:
        key = f"{m.key} {doc[m.start - 2].lower_}"
        regions = [c for c in gaz.lookup_key(key) if c.entry.kind == "region"]
        if regions:
            m.candidates, m.locative = regions, True


def _plural_regions(doc: Doc, gaz: Gazetteer, matches: list[_Match]) -> None:
    """"the Kursk and Belgorod regions": each listed name is looked up as "<name> region"."""
    for k, m in enumerate(matches):
        word = PLURAL_REGION_WORDS.get(doc[m.end].lower_) if m.end < len(doc) else None
        if word is None:
            continue
        chain = [m]
        for prev in reversed(matches[:k]):
            glue = doc[prev.end: chain[-1].start]
            if not glue or not all(t.lower_ in (",", "and", "or") for t in glue):
                break
            chain.append(prev)
        for item in chain:
            regions = [c for c in gaz.lookup_key(f"{item.key} {word}") if c.entry.kind == "region"]
            if regions:
                item.candidates, item.locative = regions, True


def _attached(doc: Doc, i: int) -> bool:
    """Token ``i`` continues the previous word with no space ("Ryl" + "'sk")."""
    return i > 0 and not doc[i - 1].whitespace_ and doc[i].text[:1] in "'’ʼ" and doc[i].text[1:2].isalpha()


def _place_label(info: _DocInfo, m: _Match) -> str | None:
    for ent in _overlapping(info, m):
        if ent.label_ in PLACE_LABELS:
            return str(ent.label_)
    return None


def _overlapping(info: _DocInfo, m: _Match) -> list[Span]:
    return info.ent_index.overlapping(m.start, m.end)


def _has_locative(doc: Doc, start: int, info: _DocInfo, words: frozenset[str] = LOCATIVE_WORDS) -> bool:
    """A locative word (one of ``words``) before the name, possibly across articles and list glue."""
    j = start - 1
    floor = max(0, start - LOCATIVE_LOOKBACK)
    while j >= floor:
        tok = doc[j]
        low = tok.lower_
        if low in words or (tok.pos_ == "VERB" and tok.lemma_.lower() in LOCATIVE_VERBS):
            return True
        if low == "of" and j > 0 and doc[j - 1].lower_ in OF_NOUNS:
            return True
        if low in LIST_GLUE or (_capitalised(tok) and j not in info.starts):
            j -= 1
            continue
        return False
    return False


def _person_name_words(doc: Doc) -> set[str]:
    """Keys of the words of multi-word PERSON names ("Kim Jong Un" -> kim, jong, un)."""
    words: set[str] = set()
    for ent in doc.ents:
        if ent.label_ == "PERSON" and sum(1 for t in ent if t.is_alpha) > 1:
            words.update(alias_key(t.text) for t in ent if t.is_alpha and _capitalised(t))
    return words


def _place_runs(doc: Doc, matches: list[_Match]) -> set[int]:
    """Token indices covered by gazetteer matches (to spot an ORG that is only a list of places)."""
    return {i for m in matches for i in range(m.start, m.end)}


def _settlement_apposition(doc: Doc, end: int) -> bool:
    """"Sudzha, a town of 5,000", "Pokrovsk, the logistics hub city": a settlement noun follows."""
    if end >= len(doc) or doc[end].text != ",":
        return False
    window = doc[end + 1: end + 5]
    return any(t.lower_ in SETTLEMENT_NOUNS for t in window) and window[0].lower_ in ("a", "an", "the")


def _scan_demonyms(doc: Doc, gaz: Gazetteer, info: _DocInfo) -> list[_Demonym]:
    """Nationality words of the gazetteer's demonym lexicon, longest first, with how each is used."""
    found: list[_Demonym] = []
    i, n = 0, len(doc)
    while i < n:
        if not _capitalised(doc[i]):
            i += 1
            continue
        for j in range(min(n, i + 4), i, -1):
            last = doc[j - 1]
            if not _capitalised(last) or any("\n" in t.text for t in doc[i:j]):
                continue
            entries = gaz.demonym(alias_key(info.text[doc[i].idx: last.idx + len(last.text)]))
            if entries is not None:
                if entries:
                    mention, context = _demonym_use(doc, i, j, gaz, info)
                    found.append(_Demonym(i, j, entries, mention, context))
                i = j - 1
                break
        i += 1
    return found


def _demonym_use(doc: Doc, start: int, end: int, gaz: Gazetteer, info: _DocInfo) -> tuple[bool, bool]:
    """(mention, context) for the nationality word ``doc[start:end]`` (module docstring, step 4)."""
    n = len(doc)
    ents = info.ent_index.overlapping(start, end)
    if any(e.label_ == "LANGUAGE" for e in ents):
        return False, False
    if any(e.label_ in DEMONYM_NAME_LABELS and (e.start < start or end < e.end) for e in ents):
        return False, True  # part of a name: "Turkish Airlines"
    nxt = doc[end] if end < n else None
    hyphen = nxt is not None and nxt.text == "-" and not doc[end - 1].whitespace_ and end + 1 < n
    after = doc[end + 1] if hyphen else nxt
    before = doc[start - 2] if start >= 2 and doc[start - 1].text == "-" and not doc[start - 2].whitespace_ else None
    if after is not None and (after.lower_ in LANGUAGE_WORDS or after.lower_ in DEMONYM_IDIOM_NOUNS):
        return False, False
    if (after is not None and after.lower_ in AMERICAN_KEYS) or (before is not None and gaz.demonym(before.lower_)):
        return False, False  # "Korean American", "Korean-American": an ethnic group of the US
    adjectival = hyphen or (after is not None and after.pos_ in ("NOUN", "PROPN", "ADJ"))
    if not hyphen and after is not None and after.lower_ in ("and", "or", ",") and end + 1 < n:
        adjectival = gaz.demonym(doc[end + 1].lower_) is not None  # "Ukrainian and Chinese diplomats"
    plural = doc[end - 1].tag_ in ("NNS", "NNPS") or doc[end - 1].lower_.endswith("s")
    norp = any(e.label_ == "NORP" for e in ents)
    if not adjectival and start > 0 and doc[start - 1].lower_ in LANGUAGE_CUES:
        return False, False  # "in Russian"
    use = adjectival or plural or norp
    return use, use


def _link_appositives(doc: Doc, matches: list[_Match]) -> None:
    """"Paris, Texas", "Bath, England": keep only candidates of both names sharing a country."""
    for left, right in zip(matches, matches[1:], strict=False):
        if right.start != left.end + 1 or doc[left.end].text != ",":
            continue
        containers = [c for c in right.candidates if c.entry.kind in ("region", "country")]
        inner_countries = {c.entry.country for c in left.candidates}
        containers = [c for c in containers if c.entry.country in inner_countries]
        outer_countries = {c.entry.country for c in containers}
        inner = [c for c in left.candidates
                 if c.entry.country in outer_countries and c.entry.kind != "country"]
        if not inner or not containers:
            continue
        left.candidates, right.candidates = inner, containers
        left.appositive = left.constrained = right.constrained = True


def _licence(
    doc: Doc, m: _Match, gaz: Gazetteer, person_words: set[str], tokens: tuple[set[int], set[int]],
    info: _DocInfo,
) -> bool:
    """Apply the rules of step 2 (module docstring); narrows ``m.candidates``. False drops the match.

    ``tokens`` are the token indices of all gazetteer matches and of the strong ones (see caller).
    """
    all_places, place_tokens = tokens
    span_text = info.text[doc[m.start].idx: doc[m.end - 1].idx + len(doc[m.end - 1].text)]
    letters = "".join(ch for ch in span_text if ch.isalpha())
    all_caps = letters.isupper()
    cands = [c for c in m.candidates if not c.abbreviation or all_caps]
    if all_caps and len(m.key.replace(" ", "")) <= 3:  # "UK" is not the Russian village Uk
        cands = [c for c in cands if c.abbreviation]
    context = (m.locative or m.appositive or doc[m.end - 1].lower_ in REGION_WORDS
               or _settlement_apposition(doc, m.end))
    single = m.end - m.start == 1
    if single and gaz.is_person_name(m.key) and m.end < len(doc) and _joined(doc, m.end, place_tokens):
        return False  # a given name before another name: "Natalia Rusu", "Jordan Peterson"
    if single and m.key in person_words and not context and doc[m.start].dep_ in PERSON_ROLES:
        return False  # "Mayor Tom Bradford … Bradford said": the article's person, whatever the tag
    if (single and m.key in GENERIC_REGION_NAMES) or _firm_name(doc, m) or _runs_on(doc, m, info, place_tokens):
        return False  # "North India" is no town called North; "Frost & Sullivan" is a firm
    m.after_the = m.start > 0 and doc[m.start - 1].lower_ == "the"
    river_ok = m.after_the and _river_follows(doc, m.end, place_tokens)
    cands = [c for c in cands if not (c.bare and c.entry.subtype == "river") or river_ok]
    rivers = [c for c in cands if c.bare and c.entry.subtype == "river"]
    for ent in _overlapping(info, m):
        if ent.label_ not in BLOCKING_LABELS:
            continue
        inside = ent.start <= m.start and m.end <= ent.end
        exact = inside and _same_extent(ent, m)
        if not inside and m.start <= ent.start and ent.end <= m.end:
            continue  # the entity is a piece of the name: "Don" in "Rostov-on-Don", "Korean" in "Korean DMZ"
        if exact and rivers and ent.label_ in ("PERSON", "ORG", "NORP"):
            cands = rivers  # "the Prut" tagged PERSON: people take no article
            continue
        if ent.label_ in ("PERSON", "NORP"):
            # nationalities are not in the index, so an exact NORP match is a mislabelled town ("Rylsk")
            if not exact or m.key in person_words:
                return False
            if ent.label_ == "NORP" and not context:
                return False
            if ent.label_ == "PERSON":
                big = [c for c in cands
                       if c.entry.kind != "city" or c.entry.population >= PERSON_OVERRIDE_MIN_POPULATION]
                if not (context and big):
                    # "Sumy was shelled", "troops entered Sudzha": only in a country the article names
                    m.needs_country = True
                    big = [c for c in (cands if context else big) if c.entry.kind == "city"]
                cands = big
        elif ent.label_ == "ORG" and all(t.is_punct or t.lower_ == "and" or i in all_places
                                         for i, t in enumerate(ent, ent.start)) and any(
                t.is_punct or t.lower_ == "and" for t in ent):
            continue  # "Bath, England" tagged ORG: a list of places
        elif ent.label_ == "ORG" and exact and any(t.lower_ in ORG_WORDS for t in ent):
            return False
        elif ent.label_ in ("ORG", "FAC") and inside and not exact:
            possessive = m.start == ent.start and m.end < ent.end and doc[m.end].lower_ in ("'s", "’s")
            named = any(_joined(doc, i, place_tokens) for i in range(ent.start, ent.end)
                        if not m.start <= i < m.end)
            if not possessive and (ent.label_ == "ORG" or named):
                return False  # "Victoria Hospital", "Chaoyang Hospital" (FAC): a building's name
        elif inside and ent.label_ not in ("ORG", "FAC"):
            return False
    if m.label is None:
        if m.key in person_words or _in_compound(doc, m, place_tokens, info):
            return False
        if not context:  # an alternate name alone ("White House", "Canton") is too weak
            cands = [c for c in cands if not c.alternate]
        if not any(t.pos_ == "PROPN" for t in doc[m.start: m.end]) and not all_caps and not rivers:
            return False
        if not context:
            cands = [c for c in cands
                     if c.entry.kind != "city" or c.entry.population >= RECOVERY_MIN_POPULATION]
    # a small town's spelling variant only fills a gap and needs a place label ("in Leovo", GPE); a town
    # of the context tier needs a place label or locative context
    variant_ok = m.label in ("GPE", "LOC") and all(c.needs_context for c in cands)
    tier_ok = context or m.label in ("GPE", "LOC")
    cands = [c for c in cands if not (c.needs_context and c.entry.kind == "city")
             or (variant_ok if c.alternate else tier_ok)]
    if single and gaz.is_person_name(m.key) and not context:  # "Shannon said", tagged FAC
        cands = [c for c in cands if c.entry.kind != "city" or c.entry.population >= PERSON_OVERRIDE_MIN_POPULATION]
    if single and m.label is None and (gaz.is_common_word(m.key) or gaz.is_person_name(m.key)) and not (
            context or _has_locative(doc, m.start, info, FEATURE_LOCATIVE_WORDS)):
        cands = [c for c in cands if not c.bare or c in rivers]  # "Mull it over", "Skye said"
    if single and gaz.is_common_word(m.key):
        tok = doc[m.start]
        labelled = m.label is not None and tok.pos_ == "PROPN"
        headline = info.headline[info.index[m.start]]  # "Troops Enter Battle": capitals say nothing
        ok = (context and not headline) or (labelled and not _in_compound(doc, m, place_tokens, info))
        if not ok:
            cands = [c for c in cands if c.entry.kind not in ("city", "region")
                     or c.entry.population >= COMMON_WORD_EXEMPT_POPULATION]
    m.candidates = cands
    return bool(cands)


def _title_case(sent: Span) -> bool:
    """A headline-style sentence: (nearly) every word after the first is capitalised."""
    words = [t for t in sent if t.is_alpha and t.i != sent.start]
    capitals = sum(map(_capitalised, words))
    return len(words) >= TITLE_CASE_MIN_WORDS and capitals >= TITLE_CASE_SHARE * len(words)


def _joined(doc: Doc, i: int, place_tokens: set[int]) -> bool:
    """Token ``i`` is a capitalised proper noun outside any place name."""
    tok = doc[i]
    return tok.is_alpha and _capitalised(tok) and tok.pos_ == "PROPN" and i not in place_tokens


def _in_compound(doc: Doc, m: _Match, place_tokens: set[int], info: _DocInfo) -> bool:
    """The name modifies or is modified by another capitalised word ("Georgia Bulldogs", "Lake Nice")."""
    return (m.end < len(doc) and _joined(doc, m.end, place_tokens)) or (
        m.start > 0 and m.start not in info.starts and _joined(doc, m.start - 1, place_tokens))


def _runs_on(doc: Doc, m: _Match, info: _DocInfo, place_tokens: set[int]) -> bool:
    """A place-labelled entity runs on past the name into another name: "Merav Eitan" (GPE), "Victoria
    Hospital" (FAC). Generic place words may follow ("Kursk Region", "Cantemir District")."""
    for ent in _overlapping(info, m):
        if ent.label_ in PLACE_LABELS and ent.start <= m.start and m.end < ent.end and doc[m.end].lower_ not in (
                "'s", "’s"):  # "Nashville's Grand Ole Opry" is in Nashville
            for i in range(m.end, ent.end):
                if doc[i].is_punct:
                    break  # "Czech Republic (Group A": the entity ran over a bracket
                if _joined(doc, i, place_tokens) and doc[i].lower_ not in NAME_TAIL_WORDS:
                    return True
    return False


def _firm_name(doc: Doc, m: _Match) -> bool:
    """The name is joined to another by "&": "Frost & Sullivan", "Marks & Spencer"."""
    return (m.end < len(doc) and doc[m.end].text == "&") or (m.start > 0 and doc[m.start - 1].text == "&")


def _river_follows(doc: Doc, end: int, place_tokens: set[int]) -> bool:
    """What follows "the <bare river name>" leaves it a river: not a name or an unrelated noun."""
    if end >= len(doc):
        return True
    nxt = doc[end]
    if _joined(doc, end, place_tokens):
        return False  # "the Don Quixote"
    return nxt.pos_ not in ("NOUN", "PROPN") or nxt.lower_ in RIVER_NOUNS


def _same_extent(ent: Span, m: _Match) -> bool:
    """The entity is the match, give or take a leading "the" and a trailing possessive."""
    start, end = ent.start, ent.end
    if ent[0].lower_ == "the":
        start += 1
    if ent[-1].lower_ in ("'s", "’s"):
        end -= 1
    return (start, end) == (m.start, m.end)


def _resolve(matches: list[_Match], nationalities: list[GazetteerEntry]) -> set[str]:
    """Step 3: pick one entry per match, consistently per name within the article.

    ``nationalities`` are the places named by nationality words, used as context. Returns the
    countries the article mentions (context plus the countries of the chosen entries).
    """
    countries = {e.country for e in nationalities if e.country}
    regions = {e.id for e in nationalities if e.kind == "region"}
    region_countries: set[str] = set()
    for m in matches:
        firm = [c.entry for c in m.candidates if not c.needs_context]
        if m.needs_country:
            continue
        if not firm:
            continue
        top = max(e.prominence for e in firm) - COUNTRY_CONTEXT_BONUS
        found = {c.entry.country for c in m.candidates  # a namesake that context could promote counts
                 if not c.needs_context or c.entry.prominence >= top}
        if len(found) == 1 and None not in found:
            countries.add(firm[0].country or "")
        ids = {e.id if e.kind == "region" else e.region for e in firm}
        if len(ids) == 1 and None not in ids:
            regions.update(i for i in ids if i)
            if all(e.kind == "region" for e in firm):
                region_countries.update(e.country or "" for e in firm)

    def score(c: Candidate, m: _Match) -> float:
        e = c.entry
        own = {x.entry.country for x in m.candidates if x.entry.kind == "country"}  # "Mexico": the country
        s = e.prominence - (ALTERNATE_NAME_PENALTY if c.alternate else 0.0)
        if e.country in countries and e.kind != "country" and e.country not in own:
            s += COUNTRY_CONTEXT_BONUS
        if (e.id if e.kind == "region" else e.region) in regions and len(m.candidates) > 1:
            s += REGION_CONTEXT_BONUS
        if e.kind == "region" and e.country in region_countries:
            s += SIBLING_REGION_BONUS
        if c.bare and m.after_the and e.subtype == "river":
            s += RIVER_THE_BONUS
        return s

    chosen: dict[str, GazetteerEntry] = {}
    for m in matches:
        earlier = chosen.get(m.key)
        if (earlier is not None and not m.constrained and any(c.entry is earlier for c in m.candidates)
                and (not m.needs_country or earlier.country in countries)):
            m.chosen = earlier  # one sense per name per article
            continue
        usable = [c for c in m.candidates
                  if (not c.needs_context or countries & set(c.entry.context_countries))
                  and (not m.needs_country or c.entry.country in countries)]
        best = max(usable, key=lambda c: score(c, m), default=None)
        m.chosen = best.entry if best else None
        if best is not None and not m.constrained:
            chosen.setdefault(m.key, best.entry)
    return countries | {m.chosen.country for m in matches if m.chosen and m.chosen.country}
