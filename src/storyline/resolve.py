"""Resolve name mentions to canonical names.

Within one article (this module's :class:`NameIndex`): a surname or first name is resolved to the
fullest PERSON name of the article that contains it ("Lankov" -> "Andrei Lankov"; family-name-first
Korean names work the same way: "Ryu" -> "Ryu Seong-hyeon", "Kim" -> "Kim Jong Un"), and an all-caps
acronym to the one ORG name whose initials it spells. Names are cleaned first: leading determiners,
possessive "'s", leading titles ("Russian President"), trailing credits ("/WSJ") and line breaks go.

Ambiguity policy: when a short form matches several distinct people of the article (two Kims), it goes
to the one whose full name was mentioned most recently before the mention (``at``), as reporters
re-introduce a person by full name before switching back to the short form. With no full name before
the mention, or no position given, the short form stays as written (cleaned); two distinct people are
never merged.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from rapidfuzz.distance import Levenshtein
from spacy.tokens import Doc, Span, Token

from .extract.people import first_name_gender, is_english_word, is_first_name, label_entities

if TYPE_CHECKING:
    from .gazetteer import Gazetteer

__all__ = [
    "TRANSLIT_MAX_EDITS", "TRANSLIT_MIN_LENGTH", "NameIndex", "clean_name", "name_bounds", "person_span",
    "same_name_word",
]

#: Two spellings of one name word ("zelensky" / "zelenskyy" / "zelenskiy", "gaddafi" / "qaddafi" not)
#: differ by at most this many edits; one or two is the usual transliteration variant (y/iy/yy endings,
#: a doubled letter), while distinct surnames that close ("Jonson" / "Johnson" share a start too) are
#: kept apart by also requiring the same first three letters and this minimum word length.
TRANSLIT_MAX_EDITS = 2
TRANSLIT_MIN_LENGTH = 6
#: Letters whose spelling varies between transliterations of one name.
TRANSLIT_SOFT_LETTERS = frozenset("aeiouy")

#: Leading words dropped from any name ("the Kremlin" -> "Kremlin", "the Kim Jong Un" regime).
DETERMINERS = frozenset({"the", "a", "an"})

#: Names whose "The" is part of the name itself (country and city names in common English use).
#: Chosen from the gazetteer short-names that carry an article; kept small on purpose.
NAMES_WITH_THE = frozenset({"hague", "gambia", "bahamas"})

#: Title and role words stripped from the front of PERSON names ("President Vladimir Putin",
#: "Mr. Ryu", "Russian-born professor Lankov"). Lower-cased, without the abbreviation dot. Drawn from the
#: AP stylebook's list of formal titles placed before names; royal and religious titles (King, Pope)
#: are left out because they are part of how those people are named.
TITLE_WORDS = frozenset(
    """
    mr mrs ms miss dr prof professor president vice prime minister chancellor secretary general gen
    secretary-general lt lieutenant col colonel maj major capt captain sgt sergeant adm admiral cmdr
    commander sen senator rep representative gov governor mayor judge justice sir dame lord rev reverend
    sheikh ayatollah
    chairman chairwoman chair ceo spokesman spokeswoman spokesperson ambassador envoy deputy foreign
    defense defence interior finance state former acting chief leader premier marshal field supreme
    """.split()
)

#: Lower-case particles that belong inside surnames ("Charles de Gaulle", "Osama bin Laden"); any other
#: lower-case word at the edge of a PERSON span is a tagging error ("the Kim Jong Un regime").
NAME_PARTICLES = frozenset(
    "de da di del della van von der den ter ten bin ibn al el la le du dos das".split()
)

#: Parts of speech that never start or end a person's name; the small model's PERSON spans sometimes
#: take in a sentence-initial gerund or adverb ("Hosting Cook at Dreamforce", "Then Smith").
NON_NAME_POS = frozenset(
    {"VERB", "AUX", "ADP", "ADV", "PRON", "SCONJ", "CCONJ", "PART", "NUM", "SYM", "INTJ"}
)


#: In-article evidence for a person's gender (used to resolve "he"/"she" to the right speaker; the
#: first-name lexicon is consulted only without it): gendered pronouns after a mention, honorifics and
#: kinship or role nouns just before it ("Steenburgen's son, filmmaker Charlie McDowell").
MALE_WORDS = frozenset({"he", "him", "his", "himself"})
FEMALE_WORDS = frozenset({"she", "her", "hers", "herself"})
#: Titles written before a name that give its gender ("Mrs. Clinton").
MALE_TITLES = frozenset({"mr"})
FEMALE_TITLES = frozenset({"mrs", "ms", "miss"})
MALE_ROLES = MALE_TITLES | frozenset(
    "son father husband brother uncle nephew grandfather king prince spokesman chairman businessman "
    "congressman boyfriend".split()
)
FEMALE_ROLES = FEMALE_TITLES | frozenset(
    "daughter mother wife sister aunt niece grandmother queen princess spokeswoman chairwoman "
    "businesswoman congresswoman girlfriend actress".split()
)
#: How many tokens before a name a role noun may stand ("son, filmmaker Charlie McDowell" is 3).
ROLE_WINDOW = 4
#: A gender is taken only when its evidence outweighs the other's by this factor (2 = two to one); a
#: sentence about one person often mentions another's pronoun too.
GENDER_MARGIN = 2

#: How many clause links (advcl, ccomp, xcomp, conj) a pronoun subject may climb to the clause whose
#: subject it refers to ("Omar asked …, saying she …" is one; "X said that, as she was …, she …" two).
PRONOUN_CLAUSE_HOPS = 2

Gender = Literal["male", "female"]


def _title_gender(word: str) -> Gender | None:
    """The gender a title gives ("Mrs." -> female, "Mr" -> male), None for any other word."""
    word = word.rstrip(".").lower()
    return "male" if word in MALE_TITLES else "female" if word in FEMALE_TITLES else None


def _first_name_gender(full_name: str) -> Gender | None:
    """The first-name lexicon's gender for a full name's first word (None for a single word)."""
    words = full_name.split()
    return first_name_gender(words[0]) if len(words) > 1 else None


_POSSESSIVE = re.compile(r"(?:['’]s|(?<=s)['’])$")
_EDGE_PUNCT = "\"'“”‘’«»()[]{},;:!?—–-"
#: Double quotation marks, by direction (straight ones and NYT's '' open and close alike).
OPENING_QUOTES = frozenset({"“", "«", "„"})
CLOSING_QUOTES = frozenset({"”", "»"})
EITHER_QUOTES = frozenset({'"', "''"})
_ACRONYM = re.compile(r"^[A-Z][A-Z&]{1,9}$")
#: An acronym declared right after a name, in parentheses, closed or not: "Workers Party (PKK)",
#: "Union of Journalists(NUJ" (a tagger span that ran into the parenthesis).
_DECLARED_ACRONYM = re.compile(r"\s*\(([A-Z][A-Z&]{1,9})\)?\s*$")
_DECLARED_AFTER = re.compile(r"\s*\(([A-Z][A-Z&]{1,9})\)")
_ABBREVIATION = re.compile(r"^[A-Z]{2,4}$")  # a role or body before a name: DL, MP, UN


def name_bounds(text: str, *, person: bool = False) -> tuple[int, int]:
    """Offsets ``(i, j)`` of the name inside a raw mention ``text``.

    Drops surrounding punctuation, anything after a line break or a credit slash ("Andrew Barnett/WSJ"),
    a leading determiner, a trailing possessive, and (for people) leading title words.

    Args:
        text: the mention as written.
        person: also strip leading titles ("Russian President", "Mr.").

    Returns:
        ``(i, j)`` with ``text[i:j]`` the name; ``i == j`` when nothing name-like is left.
    """
    i, j = 0, len(text)
    for stop in ("\n", "/") if person else ("\n",):
        cut = text.find(stop, i, j)
        if cut > i:
            j = cut
    while i < j and (text[i].isspace() or text[i] in _EDGE_PUNCT):
        i += 1
    while j > i and (text[j - 1].isspace() or text[j - 1] in _EDGE_PUNCT):
        j -= 1
    m = _DECLARED_ACRONYM.search(text, i, j)  # "National Union of Journalists(NUJ", "… (NUJ)"
    if m and m.start() > i:
        j = m.start()
    m = _POSSESSIVE.search(text, i, j)
    if m and m.start() > i:
        j = m.start()
    words = [(w.start() + i, w.end() + i) for w in re.finditer(r"\S+", text[i:j])]
    k = 0
    if len(words) > 1 and text[words[0][0] : words[0][1]].lower() in DETERMINERS:
        if text[words[1][0] : words[1][1]].lower() not in NAMES_WITH_THE:
            k = 1
    if person:
        # strip "Russian-born professor", "Former Vice President": title words, and modifiers directly
        # before a title word, as long as at least one capitalised word is left.
        last = k - 1
        for n in range(k, len(words) - 1):
            word = text[words[n][0] : words[n][1]].rstrip(".")
            if word.lower() in TITLE_WORDS or (_ABBREVIATION.match(word) and len(words) - n > 2):
                last = n  # "Mr.", "President", "UN Secretary-General", "Browns DL Sheldon Richardson"
            elif text[words[n + 1][0] : words[n + 1][1]].lower().rstrip(".") not in TITLE_WORDS:
                break
        rest = words[last + 1 :]
        if last >= k and rest and text[rest[0][0]].isupper():
            k = last + 1
        while k < len(words) and not _capitalised(text, words, k):
            k += 1
        while len(words) > k and not text[words[-1][0]].isupper():
            words.pop()
    if k >= len(words):
        return i, i
    return words[k][0], words[-1][1]


def _capitalised(text: str, words: list[tuple[int, int]], n: int) -> bool:
    """Word ``n`` starts upper-case, or is a name particle followed by such a word."""
    word = text[words[n][0] : words[n][1]]
    if word[:1].isupper():
        return True
    return word.lower() in NAME_PARTICLES and n + 1 < len(words) and _capitalised(text, words, n + 1)


def person_span(ent: Span) -> Span:
    """A PERSON entity without leading or trailing words that cannot be part of a name.

    Args:
        ent: a spaCy entity span.

    Returns:
        The span with a cut-off hyphenated part restored and edge tokens of :data:`NON_NAME_POS`
        dropped (unchanged if nothing would be left).
    """
    doc = ent.doc
    start, end = ent.start, ent.end
    # the tagger can stop inside a hyphenated given name ("Ryu Seong" of "Ryu Seong-hyeon"), but not
    # before a compound modifier ("Putin-backed", "Kim-led")
    while end + 1 < len(doc) and doc[end].text in "-‐" and not doc[end - 1].whitespace_ and \
            not doc[end].whitespace_ and doc[end + 1].is_alpha and doc[end + 1].pos_ in ("PROPN", "NOUN"):
        end += 2
    while start < end and (doc[start].pos_ in NON_NAME_POS and doc[start].lower_ not in NAME_PARTICLES
                           and not _first_name_tagged_as_word(doc, start, end)
                           or end - start > 1 and _gerund(doc[start])):
        start += 1
    while end > start and doc[end - 1].pos_ in NON_NAME_POS:
        end -= 1
    return doc[start:end] if start < end else ent


def _first_name_tagged_as_word(doc: Doc, start: int, end: int) -> bool:
    """A capitalised first name the tagger read as a word of another class, before a proper name ("Will
    Ortiz" with "Will" a modal verb, "Bill Ward" with "Bill" a verb)."""
    tok = doc[start]
    return end - start > 1 and tok.text[:1].isupper() and doc[start + 1].pos_ == "PROPN" and is_first_name(tok.text)


def _gerund(tok: Token) -> bool:
    """An "-ing" word the tagger took for a given name ("Hosting Cook at Dreamforce …"): an English
    word and no first name of the lexicon ("Sterling" stays)."""
    return tok.lower_.endswith("ing") and is_english_word(tok.lower_) and not is_first_name(tok.text)


def _quoted_tokens(doc: Doc) -> set[int]:
    """Indices of the tokens inside double quotation marks, paragraph by paragraph: pronouns there are
    someone's words ("… a wise woman with the richness of her experience …"), no evidence of the gender
    of the person a sentence is about."""
    inside: set[int] = set()
    open_ = False
    for tok in doc:
        if "\n" in tok.text:
            open_ = False
        elif tok.text in OPENING_QUOTES or (tok.text in EITHER_QUOTES and not open_):
            open_ = True
        elif tok.text in CLOSING_QUOTES or tok.text in EITHER_QUOTES:
            open_ = False
        elif open_:
            inside.add(tok.i)
    return inside


def _split_lines(sent: Span) -> list[Span]:
    cuts = [t.i for t in sent if "\n" in t.text or "\n" in t.whitespace_]
    bounds = [sent.start, *(c + 1 for c in cuts), sent.end]
    return [sent.doc[a:b] for a, b in zip(bounds, bounds[1:], strict=False) if b > a]


def clean_name(text: str, *, person: bool = False) -> str:
    """The name inside a mention, whitespace folded (see :func:`name_bounds`)."""
    i, j = name_bounds(text, person=person)
    return " ".join(text[i:j].split())


def _key(name: str) -> tuple[str, ...]:
    """Comparison key: accent-free lower-case words, hyphens split, dots and apostrophes dropped."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = re.sub(r"[.'’]", "", text)
    return tuple(w for w in re.split(r"[\s\-‐–]+", text) if w)


def same_name_word(a: str, b: str) -> bool:
    """Whether two folded name words are spellings of one word ("zelensky", "zelenskiy", "hofmann",
    "hoffmann"): the same first three letters, at most :data:`TRANSLIT_MAX_EDITS` edits, and every edit
    a vowel or "y" or a doubled letter, as transliterations differ ("Francis" / "Franco" and the plural
    "Clintons" / "Clinton" do not)."""
    if a == b:
        return True
    if min(len(a), len(b)) < TRANSLIT_MIN_LENGTH or a[:3] != b[:3]:
        return False
    if Levenshtein.distance(a, b, score_cutoff=TRANSLIT_MAX_EDITS) > TRANSLIT_MAX_EDITS:
        return False
    return all(_soft_edit(a, b, op.tag, op.src_pos, op.dest_pos) for op in Levenshtein.editops(a, b))


def _soft_edit(a: str, b: str, op: str, i: int, j: int) -> bool:
    """Whether one edit between two spellings only changes a vowel or "y", or doubles a letter."""
    changed = [a[i]] if op == "delete" else [b[j]] if op == "insert" else [a[i], b[j]]
    if all(c in TRANSLIT_SOFT_LETTERS for c in changed):
        return True
    word, k = (a, i) if op == "delete" else (b, j) if op == "insert" else ("", -1)
    return k >= 0 and ((k > 0 and word[k - 1] == word[k]) or (k + 1 < len(word) and word[k + 1] == word[k]))


def _same_words(a: Iterable[str], b: Iterable[str], spelling: bool) -> bool:
    """Word by word equal, or with ``spelling`` equal up to transliteration (:func:`same_name_word`)."""
    return all(x == y or (spelling and same_name_word(x, y)) for x, y in zip(a, b, strict=True))


def _is_short_form(short: tuple[str, ...], full: tuple[str, ...], *, spelling: bool = False) -> bool:
    """True if ``short`` names the same person as the longer ``full``.

    Prefix ("Kim" of "Kim Jong Un", "Ryu"), suffix ("Lankov" of "Andrei Lankov"), or first and last word
    kept with middle words dropped ("Joe Biden" of "Joe R Biden"). With ``spelling``, words may differ
    as transliterations do ("Zelenskiy" of "Volodymyr Zelenskyy").
    """
    n = len(short)
    if not short or n >= len(full):
        return False
    if _same_words(full[:n], short, spelling) or _same_words(full[-n:], short, spelling):
        return True
    if n < 2 or not _same_words((short[0], short[-1]), (full[0], full[-1]), spelling):
        return False
    it = iter(full)
    return all(w in it for w in short)


@dataclass
class _Name:
    text: str
    key: tuple[str, ...]
    positions: list[int] = field(default_factory=list)


class NameIndex:
    """The people (and organisations) named in one article, for resolving short forms.

    Build it with :meth:`from_doc` (spaCy PERSON and ORG entities) or directly from
    ``(name, label, offset)`` triples.
    """

    def __init__(self, mentions: Iterable[tuple[str, str, int]] = ()) -> None:
        self._people: dict[tuple[str, ...], _Name] = {}
        self._orgs: dict[tuple[str, ...], _Name] = {}
        for raw, label, offset in mentions:
            person = label == "PERSON"
            name = clean_name(raw, person=person)
            key = _key(name)
            if not key or not any(c.isupper() for c in name):
                continue
            table = self._people if person else self._orgs if label == "ORG" else None
            if table is None:
                continue
            table.setdefault(key, _Name(name, key)).positions.append(offset)
        self._gender_votes: dict[str, Counter[str]] = {}
        self._declared: dict[str, str] = {}  # acronym -> organisation name, see _declare_acronyms
        #: The article's entity spans with repaired labels when built by :meth:`from_doc`, else None.
        self.spans: tuple[Span, ...] | None = None
        #: The gazetteer :attr:`spans` were labelled with (None: PERSON labels not checked against places).
        self.labelled_with: Gazetteer | None = None
        #: The article's text when built by :meth:`from_doc` (to read a title just before a mention).
        self._text = ""
        # maximal names: not a short form of any other person of the article
        self._full = [
            n for n in self._people.values()
            if not any(_is_short_form(n.key, other, spelling=True) for other in self._people)
        ]

    @classmethod
    def from_doc(cls, doc: Doc, *, gazetteer: Gazetteer | None = None) -> NameIndex:
        """Index the PERSON and ORG entities of a parsed article, with the tagger's PERSON errors
        repaired (:func:`storyline.extract.people.label_entities`).

        Args:
            doc: spaCy Doc of the article's clean text.
            gazetteer: also relabel places and companies tagged PERSON (see ``label_entities``).

        Returns:
            The article's name index; :attr:`spans` holds the repaired entity spans.
        """
        spans = label_entities(doc, gazetteer=gazetteer)
        mentions = []
        for ent in spans:
            if ent.label_ in ("PERSON", "ORG"):
                span = person_span(ent) if ent.label_ == "PERSON" else ent
                mentions.append((span.text, ent.label_, span.start_char))
        index = cls(mentions)
        index._declare_acronyms(doc, spans)
        index.spans = tuple(spans)
        index.labelled_with = gazetteer
        index._text = doc.text
        index._count_genders(doc)
        return index

    def _declare_acronyms(self, doc: Doc, spans: Iterable[Span]) -> None:
        """Record the acronyms the article declares for its organisations ("Kurdistan Workers Party
        (PKK)"), whether or not the initials spell them; an acronym declared for two names is dropped."""
        text = doc.text
        declared: dict[str, set[str]] = {}
        for ent in spans:
            if ent.label_ != "ORG":
                continue
            inside = _DECLARED_ACRONYM.search(ent.text)
            after = _DECLARED_AFTER.match(text, ent.end_char)
            found = inside or after
            if found is None:
                continue
            name = clean_name(ent.text)
            if name and name != found.group(1):
                declared.setdefault(found.group(1), set()).add(name)
        self._declared = {acr: names.pop() for acr, names in declared.items() if len(names) == 1}

    def _count_genders(self, doc: Doc) -> None:
        """Vote on each person's gender: honorifics before a name, and gendered pronouns after it in a
        sentence about that person alone, or opening the next sentence when that names no one."""
        sents = [  # sentences, also cut at paragraph breaks the parser ran across
            piece for sent in doc.sents for piece in _split_lines(sent)
        ]
        persons = [e for e in self.spans or doc.ents if e.label_ == "PERSON"]
        quoted = _quoted_tokens(doc)
        for k, sent in enumerate(sents):
            people = [e for e in persons if sent.start <= e.start and e.end <= sent.end]
            names = {self.canonical(e.text, label="PERSON", at=e.start_char) for e in people}
            if len(names) > 1:
                self._vote_by_clause(sent, people, quoted)
            if len(names) != 1:
                continue
            name, ent = names.pop(), people[0]
            votes = self._gender_votes.setdefault(name, Counter())
            for e in people:  # a role noun counts as much as a few pronouns
                before = {t.lower_.rstrip(".") for t in doc[max(e.start - ROLE_WINDOW, sent.start) : e.start]}
                votes["male"] += 3 * bool(before & MALE_ROLES)
                votes["female"] += 3 * bool(before & FEMALE_ROLES)
            words = [t.lower_ for t in doc[ent.end : sent.end] if t.i not in quoted]
            nxt = sents[k + 1] if k + 1 < len(sents) else None
            if nxt is not None and not any(nxt.start <= e.start < nxt.end for e in persons):
                words += [t.lower_ for t in nxt if t.is_alpha][:1]
            votes["male"] += sum(w in MALE_WORDS for w in words)
            votes["female"] += sum(w in FEMALE_WORDS for w in words)

    def _vote_by_clause(self, sent: Span, people: list[Span], quoted: set[int]) -> None:
        """In a sentence naming several people, a he/she subject votes for the person who is the subject
        of a verb governing its own ("Omar asked …, saying she did not think …")."""
        subjects = {e.root.i: e for e in people if e.root.dep_ in ("nsubj", "nsubjpass")}
        for tok in sent:
            if tok.lower_ not in MALE_WORDS | FEMALE_WORDS or tok.dep_ not in ("nsubj", "nsubjpass") \
                    or tok.i in quoted:
                continue
            verb = tok.head
            for _ in range(PRONOUN_CLAUSE_HOPS):
                if verb.head.i == verb.i or verb.dep_ not in ("advcl", "ccomp", "xcomp", "conj"):
                    break
                verb = verb.head
                owner = next((subjects[c.i] for c in verb.children if c.i in subjects), None)
                if owner is not None:
                    name = self.canonical(owner.text, label="PERSON", at=owner.start_char)
                    self._gender_votes.setdefault(name, Counter())[
                        "male" if tok.lower_ in MALE_WORDS else "female"] += 1
                    break

    def gender(self, name: str) -> Gender | None:
        """A person's gender: as the article's own wording gives it (pronouns, honorifics), else as the
        first-name lexicon gives the first word of a full name, else None.

        Args:
            name: a canonical person name of this index.
        """
        votes = self._gender_votes.get(name, Counter())
        if votes["male"] > GENDER_MARGIN * votes["female"]:
            return "male"
        if votes["female"] > GENDER_MARGIN * votes["male"]:
            return "female"
        if votes["male"] or votes["female"]:
            return None  # the article's evidence is mixed: no guess
        words = name.split()
        return first_name_gender(words[0]) if len(words) > 1 else None

    @property
    def people(self) -> tuple[str, ...]:
        """Fullest names of the article's people, in order of first mention."""
        return tuple(n.text for n in sorted(self._full, key=lambda n: min(n.positions)))

    def aliases(self) -> dict[str, tuple[str, ...]]:
        """Each person's fullest name with the other forms the article uses for them unambiguously.

        Returns:
            ``{"Andrei Lankov": ("Lankov",), ...}`` for every person of :attr:`people`.
        """
        out: dict[str, list[str]] = {full: [] for full in self.people}
        for n in sorted(self._people.values(), key=lambda n: min(n.positions)):
            full = self.person(n.text)
            if full and full != n.text and n.text not in out[full]:
                out[full].append(n.text)
        return {full: tuple(forms) for full, forms in out.items()}

    def person(self, name: str, *, at: int | None = None) -> str | None:
        """The fullest known person name for ``name``, or None if it names no person of the article.

        Args:
            name: a mention as written ("Lankov", "President Putin's").
            at: character offset of the mention, used to break ties between people sharing a name.

        Returns:
            The full name, or None (unknown, or ambiguous with no earlier full mention).
        """
        key = _key(clean_name(name, person=True))
        if not key:
            return None
        matches = [n for n in self._full if n.key == key or _is_short_form(key, n.key)] or [
            n for n in self._full if _is_short_form(key, n.key, spelling=True)]  # "Zelensky" / "… Zelenskyy"
        if len(matches) > 1 and (titled := self._title_gender(name, at)) is not None:
            # "Mrs. Clinton" with both Bill and Hillary Clinton in the article: not the man (by the first-name
            # lexicon: the article's own votes are counted through this very resolution)
            matches = [n for n in matches if _first_name_gender(n.text) in (titled, None)] or matches
        if len(matches) == 1:
            return matches[0].text
        if not matches or at is None:
            return None
        before = [(max(p for p in n.positions if p < at), n.text) for n in matches if min(n.positions) < at]
        return max(before)[1] if before else None

    def _title_gender(self, name: str, at: int | None) -> Gender | None:
        """The gender of a title opening the mention ("Mrs. Clinton") or written right before it at
        ``at`` ("Mrs. " + "Clinton"), if any."""
        words = name.split()[:1] + (self._text[max(0, at - 6) : at].split()[-1:] if at is not None else [])
        return next((g for g in map(_title_gender, words) if g is not None), None)

    def canonical(self, name: str, *, label: str | None = None, at: int | None = None) -> str:
        """Canonical form of a name mention within this article.

        Args:
            name: the mention as written ("the Kim Jong Un", "North Korea's", "Ryu", "IAEA").
            label: the mention's entity label if known; non-PERSON labels are never mapped onto people
                (a GPE "Jordan" stays a country even when "Michael Jordan" is in the article).
            at: character offset of the mention (see the module's ambiguity policy).

        Returns:
            The fullest matching person name, the spelled-out ORG name for an acronym, or else the
            cleaned name.
        """
        is_person = label in (None, "PERSON")
        cleaned = clean_name(name, person=label == "PERSON")
        if is_person:
            full = self.person(name, at=at)
            if full:
                return full
        if label in (None, "ORG") and _ACRONYM.match(cleaned):
            if cleaned in self._declared:
                return self._declared[cleaned]
            spelled = [
                n.text for n in self._orgs.values()
                if len(n.key) > 1 and "".join(w[0] for w in n.text.split() if w[0].isupper()) == cleaned
            ]
            if len(spelled) == 1:
                return spelled[0]
        return cleaned
