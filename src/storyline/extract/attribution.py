"""Who said it: resolving the subject of a reporting verb to a speaker name.

:class:`SpeakerResolver` walks an article's quotes in text order and turns each attribution's subject
into a speaker:

- **People** get their fullest in-article name (:class:`~storyline.resolve.NameIndex`), so "Rusu said"
  after "Natalia Rusu, a paramedic, …" is Natalia Rusu even when a mayor Vasile Rusu was named before.
- **Pronouns** ("he said") go to the most salient person before the quote: the latest sentence that
  has a person as its subject or as a speaker wins, a main-clause subject before a subordinate one. A
  person counts as a subject by the parse or by position ("Angus Beaton, who runs a grocery, said …",
  which the small parser often gets wrong). The pronoun's gender filters candidates only when the
  person's gender is known (article wording, else the first-name lexicon).
- **Descriptions** ("the minister", "the service", "the company") go to the entity the article
  introduced with that role: a title before a name ("Interior Minister Daniela Moraru"), a role noun in
  apposition ("Igor Ciobanu, a spokesman for …", "Irigare Sud, the company that …") or an organisation
  whose name ends in the noun ("National Civil Protection Service"). The description's other words must
  fit ("the state hydrological service" is not the civil protection service).
- **Groups** keep a readable phrase: a whole organisation name ("Maritime and Island Workers’ Union",
  not "Union"), without a trailing appositive ("officials in Cahul", not "officials in Cahul, the
  largest town in southern Moldova").
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from ..resolve import MALE_WORDS, TITLE_WORDS, NameIndex, clean_name, name_bounds, person_span
from .cues import SPEECH_VERBS
from .people import ORG_NOUNS, appositive_head, appositive_tokens, is_role_noun, verb_after
from .sentences import SpanIndex, doc_text, inside_any, merged_ranges, sentence_of

__all__ = ["Speaker", "SpeakerResolver"]

SUBJECTS = frozenset({"nsubj", "nsubjpass", "csubj"})
PERSON_PRONOUNS = frozenset({"he", "him", "his", "she", "her", "hers"})
GROUP_PRONOUNS = frozenset({"they", "them", "their"})
#: How many paragraphs back "it said" looks for the named body that spoke last.
IT_PARAGRAPHS = 2
#: First- and second-person pronouns and demonstratives name no one outside the quotation itself.
NO_SPEAKER = frozenset("i me my we us our you your it its there this that what who".split())
#: A definite description resolved to an earlier entity has at most this many words after "the" ("the
#: managing director", "the civil protection service"); longer noun phrases describe someone new ("the
#: head of the regional water authority in the north").
DESCRIPTION_MAX_WORDS = 3
#: When a description fits several entities ("the president" after President Trump and Fed President
#: Williams), it goes to the most-named one only if that one is named at least this many times as
#: often as the next; otherwise it stays unresolved. Two to one: a story's protagonist is named far
#: more often than a passing namesake.
DESCRIPTION_DOMINANCE = 2
#: Lower-case words that may join the words of an organisation's name ("Maritime and Island Workers’
#: Union", "Institute of Water Engineering").
NAME_CONNECTORS = frozenset({"and", "of", "for", "&", "’", "'", "-"})
#: Things that carry words but do not speak: a quote "said" by one of them is the words of whoever
#: issued it ("a court filing by prosecutor Ana Ruiz", "the ministry's statement"); with no issuer
#: named, the quote has no speaker rather than a thing as one.
MEDIUM_NOUNS = frozenset(
    """
    statement statements tweet tweets message messages letter letters post posts document documents
    filing filings release email emails memo memos transcript excerpts video ad advertisement notice
    report reports figure figures tally toll data caption captions headline headlines sign signs banner
    banners placard placards poll polls survey surveys book books column columns article articles essay essays
    editorial editorials op-ed memoir study studies
    image images photo photos photograph photographs picture pictures footage screenshot screenshots capture
    map maps chart charts graphic graphics
    """.split()
)
#: Media printed in a publication, which speaks for a piece with no author named ("an op-ed in the Courier").
PRINTED_NOUNS = frozenset("column columns article articles essay essays editorial editorials op-ed".split())
_AGE_DESCRIPTOR = re.compile(r"\d+-year-old")
_GROUP_LABELS = frozenset({"ORG", "GPE", "NORP", "FAC", "LOC"})


def _objects_of(noun: Token, prepositions: tuple[str, ...]) -> list[Token]:
    """The objects of ``noun``'s prepositions (or passive agent) among ``prepositions``: "a filing by X",
    "a report from X"."""
    return [o for p in noun.children if p.dep_ in ("prep", "agent") and p.lower_ in prepositions
            for o in p.children if o.dep_ == "pobj"]


@dataclass
class Speaker:
    """A resolved speaker: its name, the span of the words naming it, and what kind of thing it is."""

    name: str | None
    start: int | None = None
    end: int | None = None
    person: bool = False
    named: bool = False  # a proper name, whatever label the tagger gave it

    def without_span(self) -> Speaker:
        """The same speaker carried to another quote, without the words that named it here."""
        return Speaker(self.name, person=self.person, named=self.named)


@dataclass(frozen=True)
class _Role:
    """An entity introduced with a role or type noun ("Interior Minister …", "…, the company that")."""

    offset: int
    noun: str
    words: frozenset[str]
    name: str
    person: bool


class SpeakerResolver:
    """Resolves attribution subjects to speakers in text order, remembering who spoke.

    Args:
        doc: the parsed article.
        names: its name index (``NameIndex.from_doc(doc)``); its repaired entity spans are used.
        quoted: character ranges inside quotation marks (names there are not salient).
    """

    def __init__(self, doc: Doc, names: NameIndex, quoted: list[tuple[int, int]]) -> None:
        self.doc = doc
        self.text = doc_text(doc)  # spaCy rebuilds Doc.text on every access
        self.names = names
        self.spans = list(names.spans if names.spans is not None else doc.ents)
        self.span_index = SpanIndex(self.spans, lambda s: (s.start, s.end))
        quoted = merged_ranges(quoted)
        self._starts = [t.idx for t in doc]
        self.history: list[tuple[int, int, Speaker]] = []  # (anchor, paragraph, speaker)
        people = [s for s in self.spans if s.label_ == "PERSON"]
        # PERSON spans, plus a known person's name the tagger labelled otherwise or left untagged
        untagged = [doc[t.i : t.i + 1] for t in doc if t.pos_ == "PROPN" and not t.ent_type_
                    and t.dep_ in SUBJECTS and t.text[:1].isupper()]
        others = [s for s in [*self.spans, *untagged] if s.label_ != "PERSON"
                  and names.person(s.text, at=s.start_char)]
        # salient people: (sentence start, main-clause subject?, offset, name)
        self.subjects: list[tuple[int, bool, int, str]] = []
        for ent in [*people, *others]:
            if inside_any(ent.start_char, quoted):
                continue
            main = self._subject_role(ent)
            if main is not None:
                name = names.canonical(ent.text, label="PERSON", at=ent.start_char)
                self.subjects.append((self._sent_start(ent.start_char), main, ent.start_char, name))
        self.roles = self._roles(quoted)

    # ----------------------------------------------------------------------- salience

    def _subject_role(self, ent: Span) -> bool | None:
        """None if ``ent`` is not a subject; else whether it is the subject of the main clause."""
        root = ent.root
        subj = root.head if root.dep_ == "appos" else root
        # not subjects of modifiers: "the night Epstein died" does not make Epstein salient
        if subj.dep_ in SUBJECTS:
            return subj.head.dep_ == "ROOT" if subj.head.dep_ not in ("relcl", "acl", "pcomp") else None
        # the parser often misses a subject set off by an appositive ("Lidia Ceban, a schoolteacher,
        # spent …" parsed with the name as root): a verb right after it without a subject of its own
        verb = verb_after(self.doc, ent.end)
        if verb is not None and verb.dep_ != "amod" and not any(c.dep_ in SUBJECTS for c in verb.children):
            return verb.dep_ == "ROOT" or subj.dep_ == "ROOT"
        return None

    def _tok(self, char: int) -> int:
        return max(0, bisect.bisect_right(self._starts, char) - 1)

    def _sent_start(self, offset: int) -> int:
        """Start of the sentence at ``offset``; a paragraph break always starts one."""
        return max(sentence_of(self.doc, self._tok(offset)).start_char, self.text.rfind("\n", 0, offset) + 1)

    def _recent_person(self, at: int, pronoun: str) -> str | None:
        """Most recent person before ``at``: by sentence, then main-clause subject first (Figgins in
        "Figgins declined to say whether Thomas slept"), then position; the pronoun's gender must fit
        when the person's gender is known."""
        best = [(self._sent_start(a), True, a, s.name) for a, _, s in self.history
                if a < at and s.person and s.name]
        best += [c for c in self.subjects if c[2] < at]
        other = "female" if pronoun in MALE_WORDS else "male" if pronoun else None  # "she" skips men
        best = [c for c in best if self.names.gender(c[3]) != other]
        if not best:  # no person at all: a proper name the tagger took for an organisation
            best = [(0, True, a, s.name) for a, _, s in self.history if a < at and s.named and s.name]
        return max(best)[3] if best else None

    def _recent_description(self, at: int, para: int, pronoun: str) -> str | None:
        """For a he/she with no named person before it: the last speaker of this paragraph or the one
        before described by a singular role ("said a soldier with the call sign Grizzly. … he added"),
        left as the description."""
        if pronoun not in ("he", "she", "him", "her"):
            return None
        for a, p, s in reversed(self.history):
            if a < at and p >= para - 1 and s.name and not s.named and not s.person:
                head = s.name.split()[0].lower()
                return s.name if is_role_noun(head) and not head.endswith("s") else None
        return None

    # ----------------------------------------------------------------------- descriptions

    def _roles(self, quoted: list[tuple[int, int]]) -> list[_Role]:
        """Role and type nouns the article attaches to its people and organisations (``quoted`` merged)."""
        doc = self.doc
        roles: list[_Role] = []
        for ent in self.spans:
            if ent.label_ not in ("PERSON", "ORG") or inside_any(ent.start_char, quoted):
                continue
            person = ent.label_ == "PERSON"
            if not person:  # "Maritime and Island Workers’ Union", which the tagger cut in two
                ent = self._name_run(sentence_of(self.doc, ent.start), ent.end - 1)
            name = self.names.canonical(ent.text, label="PERSON" if person else "ORG", at=ent.start_char)
            if not name:
                continue
            if not person and any(w[:1].islower() and w not in NAME_CONNECTORS for w in name.split()):
                described = set(name.lower().split())  # "the civil protection service": its full name
                fuller = [r for r in roles if not r.person and described <= r.words]
                name = fuller[-1].name if fuller else name
            head = appositive_head(doc, ent.end)
            if head is not None and (is_role_noun(head) if person else head in ORG_NOUNS):
                block = frozenset(t.lower_ for t in appositive_tokens(doc, ent.end))
                roles.append(_Role(ent.start_char, head, block, name, person))
            if person:  # titles before the name: "Interior Minister Daniela Moraru", "Local councillor X"
                k = ent.start
                while k > 0 and (doc[k - 1].lower_.rstrip(".") in TITLE_WORDS or is_role_noun(doc[k - 1].lower_)):
                    k -= 1
                if k < ent.start:
                    title = frozenset(t.lower_ for t in doc[max(0, k - 2) : ent.start])
                    roles.append(_Role(ent.start_char, doc[ent.start - 1].lower_, title, name, True))
            else:
                words = clean_name(ent.text).lower().split()
                if len(words) > 1:
                    roles.append(_Role(ent.start_char, words[-1], frozenset(words), name, False))
        return roles

    def _described(self, subject: Span, at: int) -> Speaker | None:
        """The entity a definite description ("the minister", "the service") refers back to."""
        words = [t for t in subject if not t.is_punct and t.lower_ != "the"]
        root = subject.root
        definite = any(c.dep_ == "det" and c.lower_ == "the" for c in root.children) or (
            subject.start > 0 and subject.doc[subject.start - 1].lower_ == "the")
        if not definite or not words or len(words) > DESCRIPTION_MAX_WORDS or root.pos_ not in ("NOUN", "PROPN"):
            return None  # (a title written in capitals is tagged PROPN: "the Police Chief said")
        if root.tag_ in ("NNS", "NNPS"):
            return None  # "the officials": a group, not one entity named before
        modifiers = {t.lower_ for t in words if t.i != root.i}
        fits = [r for r in self.roles if r.offset < at and root.lower_ == r.noun and modifiers <= r.words]
        if not fits:
            return None
        by_name = {r.name: r for r in fits}
        if len(by_name) > 1:  # "the president" after two presidents: the one the article is about
            counts = sorted(((self._mentions(n), n) for n in by_name), reverse=True)
            if counts[0][0] < DESCRIPTION_DOMINANCE * counts[1][0]:
                return None
            role = by_name[counts[0][1]]
        else:
            role = fits[-1]
        return Speaker(role.name, subject.start_char, subject.end_char, person=role.person, named=True)

    def _last_body(self, at: int, since_para: int, *, named: bool) -> Speaker | None:
        """The last speaker before offset ``at``, from paragraph ``since_para`` on, that is no person (a
        group or body, by name when ``named``)."""
        return next((s for a, p, s in reversed(self.history) if a < at and p >= since_para and not s.person
                     and s.name and (s.named or not named)), None)

    def _mentions(self, name: str) -> int:
        """How often the article names the entity ``name`` (any form that resolves to it)."""
        return sum(1 for s in self.spans if s.label_ in ("PERSON", "ORG") and
                   self.names.canonical(s.text, label=s.label_, at=s.start_char) == name)

    # ----------------------------------------------------------------------- speakers

    def speaker(self, subject: Span, at: int, para: int) -> Speaker:
        """The speaker an attribution's subject names.

        Args:
            subject: the subject phrase of the reporting verb.
            at: character offset of the attribution (pronouns look back from here).
            para: paragraph number of the quote.

        Returns:
            The resolved speaker; ``name`` is None when a pronoun has no antecedent.
        """
        first = subject[0].lower_
        start, end = subject.start_char, subject.end_char
        if len(subject) == 1 and first in PERSON_PRONOUNS:
            return Speaker(self._recent_person(at, first) or self._recent_description(at, para, first),
                           start, end, person=True)
        if _AGE_DESCRIPTOR.fullmatch(clean_name(subject.text)):  # "the 56-year-old said": a known person
            return Speaker(self._recent_person(at, ""), start, end, person=True)
        if len(subject) == 1 and first in GROUP_PRONOUNS:
            spoke = self._last_body(at, para - 1, named=False)
            return Speaker(spoke.name if spoke is not None else None, start, end)
        if len(subject) == 1 and first == "it" and subject[0].head.lemma_.lower() in SPEECH_VERBS:
            # "…, it said on Telegram": the body that spoke last, by name (not "it is time to …")
            spoke = self._last_body(at, para - IT_PARAGRAPHS, named=True)
            return Speaker(spoke.name if spoke is not None else None, start, end, named=spoke is not None)
        subject = self._trim(subject)
        root = subject.root
        people = [e for e in self.span_index.starting_in(subject.start, subject.end) if e.label_ == "PERSON"]
        # a person the apposition is ("its leader, Ann Ward"), not one named inside it ("Lee, the senator,
        # repeated claims that Ward …", the claims parsed as a second apposition)
        appos = [e for t in root.children if t.dep_ == "appos"
                 for e in self.span_index.starting_in(t.left_edge.i, t.right_edge.i + 1)
                 if e.label_ == "PERSON" and e.start <= t.i < e.end]
        # the person heading the subject, not a modifier ("Twitter users", "Biden aides"), or the name
        # closing a title phrase ("Vice President for news Dana Cole"), or the issuer of a medium
        closing = [e for e in people if e.start > root.i and e.end == subject.end]
        issuer = self._issuer(subject) if root.lower_ in MEDIUM_NOUNS else None
        for ent in [e for e in people if e.start <= root.i < e.end][:1] or appos[:1] or closing[-1:] or (
                [issuer] if issuer is not None and issuer.label_ == "PERSON" else []):
            span = person_span(ent)
            i, j = name_bounds(span.text, person=True)
            person_name = self.names.canonical(span.text, label="PERSON", at=span.start_char)
            if not person_name:
                continue  # "Priorities Ohio, a pro-Lee super PAC": a tagger's "person" with no name in it
            return Speaker(person_name, span.start_char + i, span.start_char + j, person=True)
        if first in NO_SPEAKER and len(subject) == 1:
            return Speaker(None, start, end)
        if issuer is not None:  # "a statement from the ministry": the ministry
            label = issuer.label_ if issuer.label_ in _GROUP_LABELS else "ORG"
            return Speaker(self.names.canonical(issuer.text, label=label, at=issuer.start_char) or None,
                           issuer.start_char, issuer.end_char, named=True)
        if root.lower_ in MEDIUM_NOUNS:  # "the statement said", no issuer named: no one to credit,
            possessors = [c for c in root.children if c.dep_ == "poss"]
            owner = possessors[0].lower_ if possessors else ""
            if owner in ("his", "her"):  # unless it is a person's own ("his latest column argues")
                return Speaker(self._recent_person(at, owner), start, end, person=True)
            # or its makers are described ("a study by economists at two universities")
            makers = next((o for o in _objects_of(root, ("by", "from")) if o.pos_ == "NOUN"
                           and (o.tag_ == "NNS" or is_role_noun(o.lemma_.lower()))), None)
            if makers is not None:
                phrase = self.doc[makers.left_edge.i : makers.right_edge.i + 1]
                return Speaker(clean_name(phrase.text) or None, phrase.start_char, phrase.end_char)
            # or its owner is a described role or body ("a city inspector general's report", "the mayor's
            # report": whoever the description names, as if it spoke itself)
            holder = next((c for c in possessors if c.pos_ == "NOUN"), None)
            if holder is not None and (is_role_noun(holder.lemma_.lower()) or holder.lemma_.lower() in ORG_NOUNS):
                return self.speaker(self.doc[holder.left_edge.i : holder.i + 1], at, para)
            return Speaker(None, start, end)
        described = self._described(subject, at)
        if described is not None:
            return described
        untagged = len(subject) == 1 and root.is_alpha and not root.is_sent_start  # "said Skelly" as ADV
        if (root.pos_ == "PROPN" or untagged) and root.text[:1].isupper():  # "14th-ranked Schwartzman"
            name = self._name_run(subject, root.i)
            full = self.names.person(name.text, at=name.start_char)
            group = self._group_entity(root.i)
            label = group.label_ if group is not None else root.ent_type_
            if full or not (label or name[-1].lower_ in ORG_NOUNS):  # an untagged name speaking is a person
                return Speaker(full or clean_name(name.text, person=True) or None, name.start_char,
                               name.end_char, person=True)
            if group is not None and (group.start < name.start or group.end > name.end):
                name = self.doc[min(group.start, name.start) : max(group.end, name.end)]
            return Speaker(self.names.canonical(name.text, label=label or "ORG", at=name.start_char) or None,
                           name.start_char, name.end_char, named=True)
        return Speaker(clean_name(subject.text) or None, subject.start_char, subject.end_char)

    def _issuer(self, subject: Span) -> Span | None:
        """The named person or organisation a medium comes from: its possessor ("the ministry's
        statement"), a name modifying it ("a Senate committee report") or the object of "by"/"from" ("a
        court filing by prosecutor Ana Ruiz")."""
        root = subject.root
        holders = [c for c in root.children if c.dep_ == "poss"]
        # a name modifying the medium ("a House Intelligence Committee report", "the Rove ad"), also
        # through a possessor ("a State Department inspector general's report")
        holders += [c for h in [root, *holders] for c in h.children if c.dep_ in ("compound", "nmod")]
        # "by"/"from" the issuer, or "in" the publication that printed a piece ("an editorial in the Courier")
        sources = ("by", "from", "in") if root.lower_ in PRINTED_NOUNS else ("by", "from")
        holders += _objects_of(root, sources)
        holders += [o for v in root.children if v.dep_ == "acl" for p in v.children
                    if p.dep_ == "agent" or p.lower_ == "by" for o in p.children if o.dep_ == "pobj"]
        for tok in holders:
            ents = [e for e in self.span_index.containing(tok.i) if e.label_ in ("PERSON", "ORG")]
            if ents:
                return ents[0]
        for tok in holders:
            # a name the tagger left untagged or took for a place: a person when the article names one so
            # ("Rivers’ email notes" after "Dana Rivers"), else a body ("a report by the think tank Green Path")
            if not tok.text[:1].isupper() or tok.pos_ == "PRON" or \
                    tok.ent_type_ and not (tok.dep_ == "pobj" and tok.ent_type_ in _GROUP_LABELS):
                continue
            if tok.ent_type_:
                found = next((e for e in self.span_index.containing(tok.i) if e.label_ == tok.ent_type_), None)
                if found is not None:
                    return found
                continue
            if self.names.person(tok.text, at=tok.idx):
                return Span(self.doc, tok.i, tok.i + 1, label="PERSON")
            if tok.pos_ == "PROPN" and tok.dep_ == "pobj":
                name = self._name_run(self.doc[tok.left_edge.i : tok.i + 1], tok.i)
                return Span(self.doc, name.start, name.end, label="ORG")
        return None

    def _name_run(self, subject: Span, i: int) -> Span:
        """The proper name ending at token ``i``: title-case words, nationality adjectives ("Nordic
        Disaster Relief Facility") and connectors between them ("Maritime and Island Workers’ Union")."""
        doc = subject.doc

        def capital(tok: Token) -> bool:
            return tok.text[:1].isupper() and (tok.pos_ == "PROPN" or tok.ent_type_ in ("NORP", "ORG") or (
                tok.pos_ in ("ADJ", "NOUN") and not tok.is_sent_start))

        k = i
        while k > 0:
            prev = doc[k - 1]
            if capital(prev) and "\n" not in prev.whitespace_:
                k -= 1
            elif prev.lower_ in NAME_CONNECTORS and k >= 2 and capital(doc[k - 2]) and k - 1 >= subject.start:
                k -= 2
            else:
                break
        return doc[k : i + 1]

    def _group_entity(self, i: int) -> Span | None:
        for s in self.span_index.containing(i):
            if s.label_ in _GROUP_LABELS:
                return s
        return None

    def _trim(self, subject: Span) -> Span:
        """The subject without a trailing appositive or relative clause set off by a comma, and widened
        to the whole organisation name its words are part of."""
        doc = subject.doc
        start, end = subject.start, subject.end
        for tok in subject:
            if tok.text == "," and tok.i > subject.root.i:
                end = tok.i
                break
        for s in self.span_index.overlapping(start, end):
            if s.label_ in _GROUP_LABELS and s.start <= subject.root.i < s.end:
                start, end = min(start, s.start), max(end, s.end)
        while end > start and (doc[end - 1].is_punct or doc[end - 1].is_space):
            end -= 1
        return doc[start:end] if end > start else subject

    def continuation(self, at: int, para: int) -> Speaker | None:
        """The speaker an unattributed quote continues: the last one of its paragraph or the one before."""
        for a, p, s in reversed(self.history):
            if a < at and p >= para - 1 and s.name:
                return s.without_span()
            if p < para - 1:
                break
        return None

    def remember(self, anchor: int, para: int, speaker: Speaker) -> None:
        """Record that ``speaker`` spoke at ``anchor`` (for pronouns and continuations)."""
        if speaker.name:
            self.history.append((anchor, para, speaker))
