"""Quotations and their speakers: direct, partial and indirect speech.

How it works, in three passes over one article:

1. **Quote marks.** Double marks (curly, straight, guillemets) are paired per paragraph from their
   context (an opening mark follows a space or the line start, a closing mark precedes a space or
   punctuation); a paragraph that opens a quote without closing it runs to its end, and the next
   paragraph that opens with a mark continues it (one Quote per paragraph, the speaker carried over).
   Single marks (‘…’, '…') count only outside double-quoted text and never inside a word, so the
   apostrophes of "doesn’t", "AEI’s" and "troops’ deployment" are never quote marks.
2. **Kind.** A quoted span that stands as its own clause (at a sentence or paragraph start, after a
   colon, or after "he said,") is *direct*; one embedded in a sentence ("would be “closely monitored.”")
   is *partial* and is kept only when a reporting verb governs it, so scare quotes and titles are dropped.
   *Indirect* attributions (reported speech, belief and stance outside quotes: "officials said on
   Tuesday [some soldiers had engaged]", "[...], says Dan Pinkston", "according to X, [...]", "X
   criticised [the plan]") are the parse's candidates that the attribution model trained on PolNeAR
   accepts (:mod:`storyline.extract.reported`, :mod:`storyline.extract.reported_model`); a negated
   verb of saying is never reported as its content.
3. **Speaker.** The subject of the reporting verb next to the quote (dependency parse), or of the clause
   introducing it with a colon ("His rationale: “…”"), resolved to a name by
   :class:`~storyline.extract.attribution.SpeakerResolver` (full names, pronouns, "the minister",
   group phrases). A quote left open at a paragraph's end takes the speaker of the attribution that
   closes it in a later paragraph; any other unattributed quote continues the last speaker of its
   paragraph or of the paragraph before. Indirect content whose source cannot be resolved to a name keeps
   speaker None (the content is still reported).
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from ..model import Article, Quote, QuoteKind
from ..resolve import NameIndex
from .attribution import MEDIUM_NOUNS, Speaker, SpeakerResolver
from .attribution import SUBJECTS as _SUBJECTS
from .cues import (
    COGNITION_VERBS,
    DIRECT_CUES,
    MANNER_VERBS,
    NAMING_VERBS,
    PARTIAL_CUES,
    SPEECH_VERBS,
    TRAIN_CUE_NOUNS,
)
from .cues import is_cue as _is_cue
from .embedded_quotes import EmbeddedQuote, embedded_quote_model
from .headline_quotes import headline_quotes
from .people import ORG_NOUNS, is_role_noun
from .reported import Candidate
from .reported_model import attribution_model
from .sentences import doc_text

__all__ = ["extract_quotes", "SPEECH_VERBS", "COGNITION_VERBS", "MANNER_VERBS", "NAMING_VERBS"]

#: An attribution after a quote runs to the end of its sentence; this caps it so a missing full stop
#: cannot join the next sentence. 45 tokens fits the longest appositive attributions seen in news
#: ("Andrei Lankov, a Russian-born professor of history and international relations at ..., told DW"
#: is 21 tokens).
ATTRIBUTION_MAX_TOKENS = 45
#: Partial quotes shorter than this are not reported. One word is enough once a reporting verb governs
#: the quote ("called the plan “reckless”", "said the probe is “ongoing”"): PolNeAR train annotates
#: such one-word quotes as speech (issue 13: 61 of the 331 direct misses on 200 train articles);
#: scare quotes are told apart by the missing license, not by their length.
PARTIAL_MIN_WORDS = 1
#: Share of the words (small words aside) a title capitalises: "Orange is the New Black" has 3 of 4; a
#: sentence opening a quote ("Look at my notes over here!") has one.
TITLE_MIN_CAPITALS = 0.75
#: Single-quoted spans shorter than this are kept only with an explicit attribution (apostrophe risk).
SINGLE_QUOTE_MIN_WORDS = 3
#: An aside between a speaker's name and the reporting verb ("Col. Ann Ward, a military spokeswoman in
#: Kabul, said") is at most this many tokens; longer stretches hold clauses of their own.
ASIDE_MAX_TOKENS = 25
#: A party-and-state tag or an acronym after a name ("(D-Ill.)", "(NRA)") is at most this many tokens.
PARENTHESIS_MAX_TOKENS = 8
#: A name credited in a digest heading ("… - Pew Research Center:") has at most this many words.
CREDIT_MAX_WORDS = 5
#: How far up the parse a partial quote's speaker is looked for when its own clause's subject names no
#: one ("Lee said [the plan] was “a mistake”"): four heads reach the reporting verb through a relative
#: clause and its noun ("said the world lost a voice that said “…”") without leaving the sentence.
OUTER_CUE_HOPS = 4

_OPEN_DOUBLE, _CLOSE_DOUBLE, _ANY_DOUBLE = "“„«", "”»", '"'
_OPEN_SINGLE, _CLOSE_SINGLE, _ANY_SINGLE = "‘", "’", "'"
_SPACES = " \t\n\u00a0\u2009\u202f"  # (no-break and thin spaces as web pages type them)
_BEFORE_OPEN = _SPACES + "([{—–-/:;"  # characters after which a mark opens a quote
_AFTER_CLOSE = _SPACES + ")]}.,;:!?—–-…"  # characters before which a mark closes a quote
_BRACKETED = re.compile(r"\[[^\[\]]*\][.,;:]?")
_SPACED_CLOSE = ",.?!’'"  # what may come before a space that precedes a closing mark
_DOUBLED_SINGLE = ("''", "’’")  # two single marks typed for a double one
_CLAUSE_END = ",.?!…;:—–-"
_SENT_END = frozenset({".", "?", "!", ";"})
_RELATIVES = frozenset({"that", "which", "who", "whom", "whose"})
_WH_WORDS = frozenset({"how", "what", "whether", "if", "why", "when", "where", "who", "which"})
#: How far into the attribution after a quote its verb may stand ("Texas delegate Bill Eastland shot").
_ATTRIBUTION_VERB_WINDOW = 7
_WORD = re.compile(r"\w+(?:['’]\w+)*")
_CLAUSE_PRONOUNS = frozenset({"he", "she", "they"})
#: A speaker's name holds at least one word of two letters.
_NAME_WORD = re.compile(r"[^\W\d_]{2}")
#: Lowercase words a title of a work keeps ("Meet the Press", "State of the Union", "Planet of the Apes").
_TITLE_SMALL_WORDS = frozenset("a an the of and or nor but for on in at to by with from as vs via".split())


@dataclass
class _Marked:
    """Text between a pair of quote marks (or from an opening mark to the paragraph end)."""

    start: int
    end: int
    open: int
    close: int | None
    para: int
    single: bool
    doubled: bool = False  # opened by two single marks (''), a double quote in one newspaper's style

    @property
    def mark_start(self) -> int:
        """Where the opening mark begins ('' is two characters, one token)."""
        return self.open - 1 if self.doubled else self.open

    @property
    def after_close(self) -> int | None:
        """The offset right after the closing mark (both characters of ''), None if unclosed."""
        return None if self.close is None else self.close + (2 if self.doubled else 1)


@dataclass
class _Event:
    """A quote or reported speech, before its speaker is resolved."""

    kind: QuoteKind
    start: int
    end: int
    para: int
    anchor: int
    subject: Span | None = None
    cue: str | None = None
    speaker: Speaker | None = None
    open_end: bool = False  # the quote runs to its paragraph's end without a closing mark
    opens_para: bool = False  # the paragraph starts with this quote's opening mark
    confidence: float | None = None  # the attribution model's probability (reported speech only)
    tentative: bool = False  # kept for recall, under the model's balanced threshold
    turn: bool = False  # a transcript turn or its continuation: the speaker is set from its label

    @property
    def attributed(self) -> bool:
        """Has its own attribution (a cue or a subject), so it continues no earlier speaker."""
        return self.subject is not None or self.cue is not None


# --------------------------------------------------------------------------- quote marks


def _paragraphs(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(r"[^\n]*\S[^\n]*", text)]


def _can_open(text: str, i: int, start: int) -> bool:
    if text[i] in _OPEN_DOUBLE:
        return True
    return (i == start or text[i - 1] in _BEFORE_OPEN or text[i - 1] in "“‘\"'") and (
        i + 1 < len(text) and not text[i + 1].isspace()
    )


def _can_close(text: str, i: int, end: int) -> bool:
    if text[i] in _CLOSE_DOUBLE:  # curly closers are unambiguous, even after a stray space
        return True
    after_ok = i + 1 >= end or text[i + 1] in _AFTER_CLOSE or text[i + 1] in "”’\"'"
    # a stray space before the mark after the quote's last punctuation ("… coalitions, ''", "… the name
    # of 'Clinton,' \" said") still closes
    spaced = text[i - 1] == " " and i >= 2 and text[i - 2] in _SPACED_CLOSE
    # a mark glued between the quote's last punctuation and the next word ('… on taxes,"Ann Ward said')
    glued = text[i] == '"' and text[i - 1] in ",.?!" and i + 1 < end and text[i + 1].isalpha()
    return (after_ok and (not text[i - 1].isspace() or spaced)) or glued


def _mistyped_close(text: str, i: int, end: int) -> bool:
    """A double quote closed by a mistyped mark: an opening curly mark where a closing one belongs
    ("Wins“ that", "abhorrent“ in") or two single marks standing for a double one, as NYT writes them
    ("question’’ that"). It follows a word and precedes a space, punctuation or the paragraph end."""
    if i == 0 or text[i - 1].isspace():
        return False
    width = 2 if text[i : i + 2] in _DOUBLED_SINGLE else 1 if text[i] in _OPEN_DOUBLE else 0
    return width > 0 and (i + width >= end or text[i + width] in _AFTER_CLOSE)


def _pairs(
    text: str, a: int, b: int, single: bool, skip: list[tuple[int, int]]
) -> list[tuple[int, int | None]]:
    """Pair the quote marks of one paragraph ``text[a:b]``; an unclosed last opener pairs with None."""
    opens, closes, both = (_OPEN_SINGLE, _CLOSE_SINGLE, _ANY_SINGLE) if single else (
        _OPEN_DOUBLE, _CLOSE_DOUBLE, _ANY_DOUBLE)
    out: list[tuple[int, int | None]] = []
    opened: int | None = None
    doubled = False  # opened by two single marks (''): only two close it ("''becoming ISIS' best''")
    weak: int | None = None  # "troops’ deployment": closes only if nothing better follows
    for i in range(a, b):
        ch = text[i]
        if not single and opened is not None and _mistyped_close(text, i, b):
            out.append((opened, i))
            opened = None
            continue
        if ch not in opens + closes + both or any(s <= i < e for s, e in skip):
            continue
        if single and text[i - 1 : i].isalnum() and text[i + 1 : i + 2].isalnum():
            continue  # apostrophe inside a word
        if opened is not None and (ch in closes or ch in both) and _can_close(text, i, b):
            if doubled and text[i : i + 2] not in _DOUBLED_SINGLE and text[i - 1 : i + 1] not in _DOUBLED_SINGLE:
                continue
            if doubled and text[i + 1 : i + 3] in _DOUBLED_SINGLE:
                continue  # "…,''' ": the first mark closes a nested quote, the last two this one
            if single and text[i - 1] == "s" and text[i + 1 : i + 3].strip()[:1].islower():
                weak = weak if weak is not None else i
                continue
            out.append((opened, i))
            opened, weak = None, None
        elif (ch in opens or ch in both) and _can_open(text, i, a):
            if doubled and opened is not None and text[i : i + 2] not in _DOUBLED_SINGLE:
                continue  # a quote nested in a '' quote ("''… to say: 'Hey, …' …''") stays inside it
            if not (single and text[i + 1 : i + 2].isdigit()):  # ’90s
                opened, weak = i, None
                doubled = single and text[i - 1 : i + 1] in _DOUBLED_SINGLE
    if opened is not None and not single and weak is None:
        # a closing mark left out before the attribution ('"… their children, said Ward, whose …'): the
        # quote ends at the comma before it
        cut = _LOST_CLOSE.search(text, opened, b)
        if cut is not None:
            out.append((opened, cut.start() + 1))
            opened = None
    if opened is not None:
        out.append((opened, weak))
    return out


#: The attribution inside an unclosed quote that tells where its closing mark was left out: a comma, then
#: "said Ward" or "Ann Ward said" (a reporting verb and up to four capitalised words).
_LOST_CLOSE = re.compile(r",(?= (?:said|says|added|told|wrote) [A-Z]| (?:[A-Z][\w.'’-]* ){1,4}(?:said|says|added)\b)")


def _marked(text: str) -> list[_Marked]:
    paras = _paragraphs(text)
    found: list[_Marked] = []
    for single in (False, True):
        skip = [(m.open, (m.close or m.end) + 2) for m in found]  # +2: a closing ’’ is two marks
        for p, (a, b) in enumerate(paras):
            for o, c in _pairs(text, a, b, single, skip):
                end = c if c is not None else b
                if c is None and single:
                    nxt = paras[p + 1] if p + 1 < len(paras) else None
                    if nxt is None or text[nxt[0]] not in _OPEN_SINGLE + _ANY_SINGLE:
                        continue
                s, e = o + 1, end
                while s < e and text[s].isspace():
                    s += 1
                while e > s and text[e - 1].isspace():
                    e -= 1
                if _WORD.search(text, s, e):
                    found.append(_Marked(s, e, o, c, p, single, single and text[o - 1 : o + 1] in _DOUBLED_SINGLE))
    return sorted(found, key=lambda m: m.open)


# --------------------------------------------------------------------------- parse helpers


class _Parse:
    """Character-offset access to a parsed Doc."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.starts = [t.idx for t in doc]

    def tok(self, char: int) -> Token:
        return self.doc[max(0, bisect.bisect_right(self.starts, char) - 1)]

    def between(self, a: int, b: int) -> list[Token]:
        lo, hi = bisect.bisect_left(self.starts, a), bisect.bisect_left(self.starts, b)
        return [t for t in self.doc[lo:hi] if not t.is_space]


def _subject(verb: Token) -> Span | None:
    """Subject phrase of ``verb``, inherited from the governing verb for "…, adding" and conjuncts."""
    set_off = _set_off_name(verb)
    if set_off is not None:
        return set_off
    found = _parsed_subject(verb)
    if found is not None:
        found = _without_dateline(found)
    return found or _name_right_before(verb) or _participle_subject(verb)


#: Reporting verbs whose name right after them is the one addressed ("…, told Ann Ward, …").
_ADDRESSING_VERBS = frozenset({"tell", "ask"})


def _set_off_name(verb: Token) -> Span | None:
    """The person of an attribution set off by commas inside a sentence, verb first: "Any honest reading,
    said Ann Ward, a planner, would …", which the parse often builds with the sentence's subject as the
    verb's. The name must follow the verb at once and be closed by a comma."""
    doc = verb.doc
    if verb.i == 0 or doc[verb.i - 1].text != "," or verb.tag_ != "VBD" or verb.i + 1 >= len(doc) or \
            verb.lemma_.lower() in _ADDRESSING_VERBS or not _is_cue(verb, DIRECT_CUES):
        return None
    first = doc[verb.i + 1]
    if first.ent_type_ != "PERSON" or first.ent_iob_ != "B":
        return None
    end = first.i + 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return doc[first.i : end] if end < len(doc) and doc[end].text == "," else None


#: A dateline opening a paragraph: a place in capitals, maybe its country or state and an agency, then a
#: dash ("KYIV, Ukraine (AP) —", "KURSK REGION, Russia —", "SEOUL--").
_DATELINE = re.compile(r"[A-Z][A-Z.'’ -]{2,}(?:,[ \u00a0]*[A-Z][\w.'’ -]*){0,2}[ \u00a0]*(?:\([^)\n]{1,40}\))?"
                       r"[ \u00a0]*(?:—|–|--|-)")


def _dateline_end(doc: Doc, char: int) -> int | None:
    """Where the dateline of the paragraph holding offset ``char`` ends, if the paragraph opens with one."""
    start = doc.text.rfind("\n", 0, char) + 1
    found = _DATELINE.match(doc.text, start)
    return found.end() if found is not None else None


def _without_dateline(subject: Span) -> Span | None:
    """A subject with the paragraph's dateline taken out: the parse reads "BORDER REGION, Norland —
    Soldiers near the river said" with the dateline as the subject and the real one as its appositive,
    or runs the subject's phrase back into the dateline."""
    end = _dateline_end(subject.doc, subject.start_char)
    if end is None or subject.start_char >= end:
        return subject
    root = subject.root
    if root.idx < end:
        later = [c for c in root.children if c.dep_ == "appos" and c.idx >= end]
        if not later:
            return None
        subject = _phrase(later[0])
    first = next(t.i for t in subject if t.idx >= end)
    return subject.doc[first : subject.end]


def _participle_subject(verb: Token) -> Span | None:
    """The subject of the clause a participle trails ("Lee posted the news, writing “…”"), when the
    parse hung the participle inside the quotation instead."""
    if verb.tag_ != "VBG" or verb.i == 0 or verb.doc[verb.i - 1].text != ",":
        return None
    root = verb.sent.root
    if root.i >= verb.i or root.pos_ not in ("VERB", "AUX"):
        return None
    return _parsed_subject(root)


def _name_right_before(verb: Token) -> Span | None:
    """The person named right before a verb the parse gave no subject ("Sen. Ann Lee (D-Ore.) said",
    parsed with the name as an apposition of the phrase before it)."""
    doc = verb.doc
    k = verb.i - 1
    while k > 0 and doc[k].pos_ in ("AUX", "ADV", "PART"):
        k -= 1
    if doc[k].text == ",":  # "Lee, asked about Ward, said": the name before the aside, not Ward
        sentence = set(range(verb.sent.start, verb.i))
        named = _name_before_aside(doc, k, sentence)
        if named is not None:
            return named
        k -= 1  # "her adviser, Jake Sullivan, said"
    k = _before_parenthesis(doc, k, set(range(max(0, k - PARENTHESIS_MAX_TOKENS), k + 1)))
    if k < 0 or doc[k].ent_type_ != "PERSON" or doc[k].ent_iob_ == "O":
        return None
    start = k
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    return doc[start : k + 1]


def _according_object(according: Token) -> Token | None:
    """The head of X in "according to X", if the parse gives one."""
    return next((o for p in according.children if p.lower_ == "to" for o in p.children if o.dep_ == "pobj"), None)


#: Steps up the parse from a reporting verb to the clause that holds its subject ("…, shifting his focus
#: to defeating X and admitting that …": conjunct, preposition, participle, main verb).
SUBJECT_HOPS = 4


def _parsed_subject(verb: Token) -> Span | None:
    first = verb
    for _ in range(SUBJECT_HOPS):
        if verb.lemma_ == "accord":  # "according to X"
            source = _according_object(verb)
            return _phrase(source) if source is not None else None
        subs = [c for c in verb.children if c.dep_ in _SUBJECTS]
        if subs and subs[0].lower_ in ("who", "which", "that") and (verb.dep_ == "relcl" or subs[0].i < verb.i) \
                and not any(t.lower_ not in _RELATIVES for t in subs[1:]):  # "Ortiz, who Ward called “…”"
            antecedent = _antecedent(subs[0], verb)  # "Smith, who said …": the relative pronoun's antecedent
            medium = antecedent.root if antecedent is not None else None
            if medium is not None and medium.lower_ in MEDIUM_NOUNS and medium.dep_ == "dobj":
                if medium.head.lemma_.lower() in _RECEIVING_VERBS:
                    return None  # "a couple saw a sign that read …": who sees it did not write it
                return _parsed_subject(medium.head)  # "Lee released an ad that urges …": the sender
            return antecedent
        # "Of Ward, Lee, who …, said" parsed with the preposition as the subject: its object is the name
        subs = [next((o for o in t.children if o.dep_ == "pobj"), t) if t.pos_ == "ADP" else t for t in subs]
        passive = subs[0].dep_ == "nsubjpass" if subs else verb.tag_ == "VBN"
        agent = _agent(verb) if passive else None
        if agent is not None:
            # "Lee was asked by host Ann Ward, “…?”", "often labeled a “…” by rivals": the one asking speaks
            return _phrase(agent)
        if passive and subs and verb.lemma_.lower() in _NAMING_VERBS:
            return None  # "Ward was called “a real leader”": the one named, by no one named
        if subs:  # several: the parse split a subject ("ex - soldiers") or took in a dateline
            best = min(subs, key=lambda t: (t.ent_type_ != "PERSON", abs(t.i - verb.i)))
            chain = [t for t in subs if t.i < best.i and t.lower_ not in _RELATIVES and all(
                verb.doc[k].dep_ in _SUBJECTS for k in range(t.i, best.i))]
            return _phrase(best, extra=chain)
        if not subs and (antecedent := _misparsed_relative(verb)) is not None:
            return antecedent  # "Lee, meanwhile, who has no backing, said": the relative clause took the name
        if verb.dep_ == "acl":  # "South Dakotans declaring, “…”"
            noun = verb.head
            if verb.i and verb.doc[verb.i - 1].text == "," and (owner := _relative_owner(noun)) is not None:
                return owner  # "Lee, who ran the 2012 campaign, called …" with "called" hung on "campaign"
            if noun.dep_ == "appos" and noun.head.pos_ == "PROPN" and noun.head.i < noun.i:
                noun = noun.head  # "Sam Ortiz, the analyst who …, tweeted", parsed as a modifier of analyst
            if noun.dep_ in ("dobj", "dative") and noun.ent_type_ != "PERSON" and noun.head.pos_ == "VERB":
                verb = noun.head  # "posted a message reading “…”", "emailed supporters saying": the sender
                continue
            if _infinitive(verb) and _thing(_phrase(noun)) and (governor := _governing_verb(noun)) is not None:
                verb = governor  # "phoned after the vote to praise him for …": a vote does not praise
                continue
            return _phrase(noun)
        if verb.dep_ == "pcomp" and verb.head.head.pos_ in ("VERB", "AUX"):
            verb = verb.head.head  # "answered by saying", "before insisting": the governing verb's subject
            continue
        if verb.head.i == verb.i:
            if verb.pos_ == "PROPN" and verb.i != first.i:
                # "Ward, the senior senator, repeated claims …, calling him “…”" parsed with the name as the
                # root: its verbs hang on the name, who speaks (the name alone, not its appositions)
                return _head_words(verb)
            return _first_conjunct_subject(verb)
        if verb.dep_ in ("conj", "ccomp", "dep") and (own := _noun_right_before_conjunct(verb)) is not None:
            return own  # "A will call you X and B will accuse you …" with B hung on X: B accuses
        if verb.dep_ not in ("conj", "advcl", "xcomp", "dep"):  # (dep: a verb the parse could not place)
            break
        if verb.dep_ == "conj" and (sibling := _nearer_conjunct(verb)) is not None:
            verb = sibling  # "A called for X, and B denounced Y and said …": B said it
            continue
        if verb.dep_ == "conj" and _finite_past_after_perfect(verb):
            verb = verb.head.head  # "Lee conceded that Ward had pushed him but implied that …": Lee implied
            continue
        if verb.head.i < verb.i and (inverted := _inverted_subject(verb)) is not None:
            return inverted  # "“…,” Ramos, 58, told AFP" parsed as a conjunct of the quote's verb
        objects = [c for c in verb.head.children if c.dep_ in ("dobj", "dative")]
        if verb.dep_ == "xcomp" and objects and (_is_cue(verb, PARTIAL_CUES) or _is_cue(first, PARTIAL_CUES)) \
                and not (objects[0].tag_ == "NN" and _thing(_phrase(objects[0]))) \
                and objects[0].lower_ not in _WHAT_IS_SAID:
            # (a singular thing is a means, not the one told: "used his show to discuss")
            return _phrase(objects[0])  # "led the manufacturer to announce": object control of a report
        # "invited Russia to dig up “missing” emails", "called on Congress to force firms to pay “…”": the
        # one who asks, not the one asked, is the source of the words
        if verb.tag_ == "VBG" and verb.dep_ == "advcl" and not _is_cue(verb.head, PARTIAL_CUES) \
                and not (verb.head.tag_ == "VBG" and any(c.dep_ in _SUBJECTS for c in verb.head.children)):
            # (a participle on a participle with its own subject is that subject's: "recalls Lee going on
            # air, declaring …")
            # "Lee told Newsmax that Ward “had …,” adding, “…”": the participle trails the reporting
            # verb, not the reported clause the parse hung it on
            verb = _reporting_ancestor(verb.head, before=verb.i) or _clause_before(verb) or verb.head
            continue
        verb = verb.head
        while verb.pos_ in ("ADV", "ADJ") and verb.dep_ in ("advmod", "acomp") and verb.head.i != verb.i:
            verb = verb.head  # "Lee went so far as to say:", the infinitive parsed under "far"
    return None


#: Objects that are the words themselves, not the one told: "had this to say", "had little to add".
_WHAT_IS_SAID = frozenset("this that these those something nothing everything anything much little more plenty".split())

#: Verbs whose object (a sign, a letter) someone else made: its reader is not its author.
_RECEIVING_VERBS = frozenset("see read receive get obtain find notice spot watch hear review view".split())

#: Reporting verbs whose passive agent is not the speaker: "Lee was quoted by the paper as saying “…”".
_RELAYING_VERBS = frozenset({"quote", "cite"})


def _relative_antecedent(tok: Token) -> Token | None:
    """The antecedent of the relative clause ``tok`` lies in, if any within a few steps ("official" for
    "plans" in "an official who spoke to discuss plans")."""
    cur = tok
    for _ in range(OUTER_CUE_HOPS):
        if cur.dep_ == "relcl":
            return cur.head
        if cur.head.i == cur.i:
            return None
        cur = cur.head
    return None


def _relative_owner(noun: Token) -> Span | None:
    """The named antecedent of the relative clause ``noun`` lies in ("Lee" for "campaign" in "Lee, who ran
    the 2012 campaign")."""
    antecedent = _relative_antecedent(noun)
    return _head_words(antecedent) if antecedent is not None and antecedent.pos_ == "PROPN" else None


def _misparsed_relative(verb: Token) -> Span | None:
    """The subject of a subjectless verb that the parse gave to a relative clause before it, read as a clause
    of the verb: "Lee, meanwhile, who has no backing, said …" with both "Lee" and "who" subjects of "has"."""
    for clause in verb.children:
        if clause.i > verb.i or clause.dep_ not in ("ccomp", "advcl", "parataxis"):
            continue
        subs = [c for c in clause.children if c.dep_ in _SUBJECTS]
        relative = next((c for c in subs if c.lower_ in ("who", "which")), None)
        names = [c for c in subs if relative is not None and c.i < relative.i and c.lower_ not in _RELATIVES]
        if names:
            return _phrase(names[0])
    return None


def _agent(verb: Token) -> Token | None:
    """The agent of a passive reporting verb ("was asked by X", "was described by X as"), who speaks the
    words; None for a verb that relays another's words ("was quoted by the paper")."""
    lemma = verb.lemma_.lower()
    if lemma in _RELAYING_VERBS or lemma not in PARTIAL_CUES:  # (passive, so no :func:`_is_cue`)
        return None
    found = next((o for c in verb.children if c.dep_ == "agent" for o in c.children if o.dep_ == "pobj"), None)
    if found is None:  # "has been called “…” by X", the "by" parsed under the words it is called
        found = next((o for c in verb.children if c.dep_ == "oprd" for p in c.children
                      if p.dep_ == "prep" and p.lower_ == "by" for o in p.children if o.dep_ == "pobj"), None)
    return found


def _clause_before(participle: Token) -> Token | None:
    """The verb of a "when"/"as" clause right before a trailing participle, when the participle's parsed
    head has a thing as its subject ("The first incident came during a speech, when protesters interrupted
    her, shouting “…”": the protesters shout, not the incident)."""
    head = participle.head
    subject = next((c for c in head.children if c.dep_ in _SUBJECTS), None)
    if subject is None or not _thing(_phrase(subject)):
        return None
    # the clause ends right before the participle; the parse may hang it on a noun ("… at Purchase, when
    # protesters interrupted her, shouting")
    clause = next((c for c in reversed(participle.doc[head.left_edge.i : participle.i])
                   if c.dep_ in ("advcl", "relcl") and c.pos_ == "VERB"
                   and any(m.dep_ in ("mark", "advmod") and m.lower_ in ("when", "as") for m in c.children)
                   and c.right_edge.i + 2 >= participle.i), None)
    return clause if clause is not None and any(c.dep_ == "nsubj" for c in clause.children) else None


def _nearer_conjunct(conjunct: Token) -> Token | None:
    """The nearest earlier conjunct of the same head with a subject of its own, which a subjectless
    conjunct continues ("A called for X, and B denounced Y and said …", all three hung on "called")."""
    return next((c for c in reversed(list(conjunct.head.children)) if c.dep_ == "conj" and c.i < conjunct.i
                 and c.pos_ in ("VERB", "AUX") and any(s.dep_ in _SUBJECTS for s in c.children)), None)


#: Finite verb tags: a verb in one of these forms, or with a modal, has a subject of its own.
_FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP"})


def _noun_right_before_conjunct(conjunct: Token) -> Span | None:
    """The noun phrase right after "and"/"but" and right before a finite conjunct the parse gave no
    subject: its subject, which the parse hung on the object before it ("the Ledger will call you a fool
    and the Star will accuse you of …", with "Star" a conjunct of "fool")."""
    doc = conjunct.doc
    modal = any(c.dep_ == "aux" and c.tag_ == "MD" for c in conjunct.children)
    if conjunct.tag_ not in _FINITE_TAGS and not modal:
        return None
    k = conjunct.i - 1
    while k > 0 and doc[k].pos_ in ("AUX", "ADV", "PART") and doc[k].head.i == conjunct.i:
        k -= 1
    noun = doc[k]
    if noun.pos_ not in ("NOUN", "PROPN") or noun.head.i == conjunct.i or noun.ent_type_ in ("DATE", "TIME"):
        return None
    start = min([c.left_edge.i for c in noun.lefts] + [noun.i])
    if start == 0 or doc[start - 1].pos_ != "CCONJ":
        return None
    return doc[start : noun.i + 1]


def _finite_past_after_perfect(conjunct: Token) -> bool:
    """Whether a simple-past conjunct follows a perfect verb of a reported clause, so that it belongs to
    the reporting verb instead ("Lee conceded that Ward had pushed him but implied …": "had … implied"
    would need the participle; the parse took the past form as the participle's conjunct)."""
    head = conjunct.head
    return conjunct.tag_ == "VBD" and head.tag_ == "VBN" and head.dep_ == "ccomp" and head.head.tag_ == "VBD" \
        and any(c.dep_ == "aux" and c.lower_ in ("had", "has", "have") for c in head.children) \
        and not any(c.dep_ in _SUBJECTS for c in conjunct.children)


def _infinitive(verb: Token) -> bool:
    """Whether ``verb`` is a "to" infinitive ("the vote to praise him")."""
    return verb.tag_ == "VB" and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)


def _governing_verb(noun: Token) -> Token | None:
    """The verb a noun hangs on, directly or through a preposition ("phoned after the vote" → phoned)."""
    head = noun.head
    if noun.dep_ == "pobj" and head.dep_ == "prep":
        head = head.head
    return head if head.i != noun.i and head.pos_ in ("VERB", "AUX") else None


def _first_conjunct_subject(root: Token) -> Span | None:
    """The subject of a verb list the parse broke up: "Lee backs “…,” rejects “…” and recalled …" parsed
    with "Lee backs …" as a clause of "rejects", a root without a subject. The first verb's subject is
    the list's, when it opens the sentence. Both verbs are finite in the same form, as in a
    list, and the root has no auxiliary ("after Lee, asked about it, had said" is no list)."""
    if root.tag_ not in _FINITE_TAGS or any(c.dep_ == "aux" for c in root.children):
        return None
    first = next((c for c in root.children if c.dep_ == "ccomp" and c.i < root.i and c.tag_ == root.tag_), None)
    subject = next((c for c in first.children if c.dep_ == "nsubj"), None) if first is not None else None
    if subject is None or subject.left_edge.i != root.sent.start:
        return None  # the list's subject opens the sentence ("Lee, alleging that Ward …, said" is none)
    return _phrase(subject)


def _reporting_ancestor(tok: Token, before: int) -> Token | None:
    """The nearest reporting verb above ``tok`` within a few steps that comes before token ``before``
    (a verb after it is inside the quotation the parse hung the clause on)."""
    for _ in range(OUTER_CUE_HOPS):
        if tok.head.i == tok.i:
            return None
        tok = tok.head
        if tok.pos_ == "VERB" and tok.i < before and _is_cue(tok, PARTIAL_CUES):
            return tok
    return None


def _inverted_subject(verb: Token) -> Span | None:
    """The name between a closing quote mark and ``verb`` ("”, Ramos, 58, told"), when the parse has
    joined the attribution to the quoted sentence; None when no quote mark comes between them."""
    doc = verb.doc
    k = verb.i - 1
    while k > verb.head.i and not doc[k].is_quote:
        k -= 1
    if k == verb.head.i or doc[k - 1].text not in _CLAUSE_END:  # the quote must end a clause
        return None
    first = doc[k + 1]
    if first.pos_ not in ("PROPN", "PRON") or first.i >= verb.i:
        return None  # "”, his spokesman said" is parsed well; only a name or pronoun starts this
    end = first.i + 1
    while end < verb.i and doc[end].pos_ == "PROPN":
        end += 1
    return doc[first.i : end]


#: Times of day the tagger may leave outside a DATE or TIME entity ("at dawn on Monday").
_TIME_NOUNS = frozenset("dawn dusk morning afternoon evening night midnight noon today yesterday tonight".split())


def _antecedent(relative: Token, verb: Token) -> Span | None:
    """The noun phrase a relative pronoun stands for: the one right before it ("doctors at the district
    hospital, who said"), climbing out of prepositional phrases; else the parse's head of the clause."""
    doc = relative.doc
    k = relative.i - 1
    while k >= 0 and (doc[k].text == "," or doc[k].is_space):
        k -= 1
    while k >= 0 and (doc[k].ent_type_ in ("DATE", "TIME") or doc[k].lower_ in _TIME_NOUNS):
        # "Governor Ana Vell on Thursday, who said", "Mayor Ivo Tran last week, who said", "staff at dawn
        # on Monday, who said": a time is no antecedent; the noun before the time phrases is
        label = doc[k].ent_type_
        while k > 0 and label and doc[k - 1].ent_type_ == label:
            k -= 1
        k -= 1
        if k >= 0 and doc[k].pos_ == "ADP":
            k -= 1
    if k >= 0 and doc[k].pos_ in ("NOUN", "PROPN") and "\n" not in doc_text(doc)[doc[k].idx : relative.idx]:
        tok = doc[k]
        while tok.dep_ == "pobj" and tok.head.dep_ == "prep" and tok.head.head.pos_ in ("NOUN", "PROPN"):
            tok = tok.head.head
        return _phrase(tok)
    return _phrase(verb.head) if verb.dep_ == "relcl" else None


def _head_words(head: Token) -> Span:
    """A name's words up to its head, without what follows it ("Ann Ward" of "Ann Ward, the senator")."""
    return head.doc[head.left_edge.i : head.i + 1]


def _phrase(head: Token, extra: Sequence[Token] = ()) -> Span:
    """The noun phrase of ``head`` without relative clauses, appositions or trailing punctuation."""
    doc = head.doc
    start = min([head.left_edge.i, *(t.left_edge.i for t in extra)])
    end = max([head.i, *(t.i for t in extra)]) + 1
    for child in head.rights:
        if child.dep_ == "prep" and any(o.ent_type_ in ("DATE", "TIME") for o in child.children):
            break  # "whom Ruiz on Wednesday called": a time the parse hung on the name is not its phrase
        if child.dep_ in ("prep", "conj", "cc", "compound", "nmod", "amod", "case"):
            end = max(end, child.right_edge.i + 1)
        else:
            break
    while start < end and (doc[start].dep_ in ("det", "predet", "punct", "cc") or doc[start].is_space):
        start += 1
    while end > start and doc[end - 1].is_punct:
        end -= 1
    return doc[start:end] if start < end else doc[head.i : head.i + 1]


def _cue(verb: Token) -> str:
    """The verb with its particle and a named recipient: "said", "told DW", "pointed out"."""
    if verb.lemma_ == "accord":
        return "according to"
    parts = [verb]
    for child in verb.rights:
        if child.dep_ == "prt" or (
            child.dep_ in ("dobj", "dative") and child.i - verb.i <= 2 and child.pos_ in ("PROPN", "PRON")
        ):
            parts.append(child)
        if child.i - verb.i > 2:
            break
    return " ".join(t.text for t in sorted(parts, key=lambda t: t.i))


# --------------------------------------------------------------------------- direct and partial


def _region_after(parse: _Parse, m: _Marked, nxt: int) -> list[Token]:
    region: list[Token] = []
    start = m.after_close if m.after_close is not None else m.end + 1
    for tok in parse.between(start, nxt):
        if tok.text in _SENT_END or len(region) >= ATTRIBUTION_MAX_TOKENS:
            break
        region.append(tok)
    return region


def _region_before(parse: _Parse, m: _Marked, prev: int) -> list[Token]:
    toks = parse.between(prev, m.mark_start)
    for k in range(len(toks) - 1, -1, -1):
        if toks[k].text in _SENT_END:
            return toks[k + 1 :]
    return toks


def _verb_in(region: list[Token], last: bool = False) -> Token | None:
    inside = {t.i for t in region}
    order = reversed(region) if last else region
    for tok in order:
        if not (_is_cue(tok, DIRECT_CUES) or _verb_parsed_as_modifier(tok, region)) or _writer_aside(tok):
            continue
        if any(c.dep_ == "ccomp" and c.pos_ in ("VERB", "AUX") and c.i in inside and c.i > tok.i
               for c in tok.children) and not last and not _opens_region(tok, region):
            # "Smith said [the war was over]": a new report, not this quote's attribution (a clause has a
            # verb: "said in a statement cited by the agency AFP" with "AFP" parsed as the clause is none)
            continue
        if last and _subordinate(tok):
            continue  # "Lee said that when Ward railed against it, “…”": the quote is not Ward's
        return tok
    return None


#: Conjunctions that open a subordinate clause of time, condition or cause before a quotation.
_SUBORDINATORS = frozenset("when whenever if because while after before since although though unless until "
                           "whether".split())


def _writer_aside(verb: Token) -> bool:
    """Whether ``verb`` is the writer's own "I quote" set into a report ("he said, and I quote, “…”")."""
    return verb.lemma_.lower() == "quote" and any(
        c.dep_ == "nsubj" and c.lower_ in ("i", "we") for c in verb.children)


def _subordinate(verb: Token) -> bool:
    """Whether ``verb`` heads (or is a conjunct of) a finite clause opened by "when", "if", "because" …
    (not "as", which sets off a credit: "as Lee said, “…”"; nor "as if to say")."""
    heads = (verb, verb.head) if verb.dep_ == "conj" else (verb,)
    return any(not any(c.tag_ == "TO" for c in v.children) and any(
        c.dep_ in ("mark", "advmod") and c.lower_ in _SUBORDINATORS for c in v.children) for v in heads)


def _verb_parsed_as_modifier(tok: Token, region: list[Token]) -> bool:
    """A reporting verb the parse took for a participle of the noun phrase it follows, when that phrase
    opens the words after a quote and is all their sentence has ("“…!” the nominee, Lee, tweeted Sunday",
    parsed as a noun modified by "tweeted")."""
    if tok.tag_ != "VBN" or tok.dep_ != "acl" or tok.lemma_.lower() not in DIRECT_CUES:
        return False  # (checked first: this runs for every token of every region)
    noun = tok.head
    if noun.dep_ == "appos" and noun.head.pos_ == "PROPN":
        noun = noun.head  # "“…,” Sam Ortiz, the analyst who founded it tweeted Monday"
    return noun.dep_ == "ROOT" and noun.pos_ in ("NOUN", "PROPN") and region[0].i <= noun.i < tok.i and \
        all(noun in t.ancestors for t in tok.doc[region[0].i : noun.i])  # the noun phrase opens the region


def _opens_region(verb: Token, region: list[Token]) -> bool:
    """The verb comes first after the closing mark ("“…,” said Lee, who heads …"): an inverted
    attribution, whatever clause the parse hangs on it."""
    return next((t for t in region if not t.is_punct), None) is verb


def _verb_right_before(region: list[Token]) -> Token | None:
    """The verb that ends a comma or colon introduction, whatever its lemma ("Lee shot back, “…”",
    "Lee fumed:"): the last word before the mark, past adverbs and particles, if a verb with a subject."""
    k = len(region) - 1
    while k >= 0 and (region[k].is_punct or region[k].pos_ in ("ADV", "PART") or region[k].dep_ == "prt"):
        k -= 1
    if k > 0 and region[k].lower_ == "it" and region[k - 1].lemma_ == "put":
        return region[k - 1]  # "As Lee put it, “…”": the credit idiom, whatever clause the parse makes of it
    if k < 0 or region[k].pos_ != "VERB" or region[k].tag_ in ("VBG", "VBN"):
        return None
    verb = region[k]
    if _writer_aside(verb):  # "Ward said, and I quote, “…”": the report is the verb before the aside
        while k >= 0 and region[k].text != ",":
            k -= 1
        return _verb_right_before(region[:k]) if k > 0 else None
    if verb.dep_ in ("relcl", "acl") or any(c.dep_ == "mark" for c in verb.children) or _subordinate(verb):
        return None  # "if the U.S. pulls back, “…”": a subordinate clause before the quote (a verb the
        # parse hung on the quote's as a clause of its own, with no conjunction, still introduces it)
    if any(c.dep_ in ("dobj", "ccomp", "xcomp", "attr") and c.i <= region[-1].i for c in verb.children):
        return None  # "… criticized the plan, “…”": the verb has its own content
    return verb if any(c.dep_ in _SUBJECTS for c in verb.children) else None


def _new_report(verb: Token, region: list[Token]) -> bool:
    """Whether the sentence after a quote that ended a sentence is a report of its own: its verb does not
    lead the region ("“…?” asked Lee", "“….” Lee said." lead; "…, according to its website" does not)
    or has a clause of its own ("Lee said she …")."""
    if not _leads(verb, region):
        return True
    inside = {t.i for t in region}
    if any(t.text == ":" for t in region if t.i > verb.i):
        return True  # "“….” Lee said: “…”": the verb introduces the next quotation
    return any(c.dep_ in ("ccomp", "xcomp") and c.i in inside for c in verb.children)


def _attribution_after(region: list[Token]) -> Token | None:
    """The reporting verb of the attribution the words after a quote start with ("“…,” Lee wrote",
    "“…,” said Lee"), if they do."""
    verb = _verb_in(region) if region else None
    return verb if verb is not None and _leads(verb, region) else None


def _leads(verb: Token, region: list[Token]) -> bool:
    """The attribution starts right after the closing mark (with the verb or its subject)."""
    first = next((t for t in region if t.pos_ != "DET" and not t.is_punct), region[0])  # "the nominee"
    subject = _subject(verb)
    return first.i == verb.i or (subject is not None and subject.start <= first.i < subject.end)


def _nearby_subject(verb: Token, region: list[Token]) -> Span | None:
    """Fallback when the parse gives the cue no subject: the noun right before or after it."""
    inside = {t.i for t in region}
    doc = verb.doc
    k = verb.i - 1
    while k in inside and doc[k].pos_ in ("AUX", "ADV", "PART"):
        k -= 1
    if k in inside and doc[k].text == ",":
        named = _name_before_aside(doc, k, inside)
        if named is not None:
            return named
    after = verb.i + 1
    while after in inside and doc[after].pos_ == "DET":  # "wrote a reader from Ohio"
        after += 1
    while after in inside and doc[after].dep_ in ("amod", "compound", "nmod") and doc[after].head.i > after \
            and doc[after].head.i in inside:
        after = doc[after].head.i  # "said retired surgeon Ben Carson": the phrase's head
    if k in inside and (antecedent := _relative_antecedent(doc[k])) is not None and antecedent.i < k:
        k = antecedent.i  # "an official who spoke to discuss plans said": the official, not the plans
    for cand in (k, after):
        if cand in inside and doc[cand].pos_ in ("PROPN", "PRON", "NOUN") and doc[cand].lower_ not in _RELATIVES:
            return _phrase(doc[cand])
    if after in inside and _capitalised_word(doc[after]):
        return doc[after : after + 1]  # "said Skelly", the surname tagged as an adverb
    return None


def _capitalised_word(tok: Token) -> bool:
    """A capitalised word inside a sentence: a name whatever part of speech the tagger gave it."""
    return tok.is_alpha and tok.text[:1].isupper() and not tok.is_sent_start
    return None


def _name_before_aside(doc: Doc, comma: int, inside: set[int]) -> Span | None:
    """The person named before a comma-set aside that ends at ``comma`` ("Col. Ann Ward, a military
    spokeswoman in Kabul, said"; "Lee, 69, told"; "Mr. Cole, asked about the vote, had said"), which
    the parse often hangs on an earlier word instead of making it the verb's subject."""
    for c in range(comma - 1, max(comma - ASIDE_MAX_TOKENS, -1), -1):
        if c not in inside:
            return None
        end = _before_parenthesis(doc, c - 1, inside) if doc[c].text == "," else c
        if doc[c].text == "," and end in inside and doc[end].ent_type_ == "PERSON":
            name = doc[end]
            start = name.i
            while start - 1 in inside and doc[start - 1].ent_type_ == "PERSON" and doc[start].ent_iob_ != "B":
                start -= 1
            return doc[start : name.i + 1]
    return None


def _before_parenthesis(doc: Doc, k: int, inside: set[int]) -> int:
    """The token before a parenthesis that ends at token ``k`` ("Sen. Ann Lee (D-Ore.)", its last token
    maybe "Ore.)"), else ``k``."""
    if not doc[k].text.endswith(")"):
        return k
    for j in range(k - 1, max(k - PARENTHESIS_MAX_TOKENS, -1), -1):
        if j not in inside:
            break
        if doc[j].text == "(":
            return j - 1
    return k


def _clause_subject(region: list[Token]) -> Span | None:
    """Who speaks in a colon introduction without a reporting verb ("X gave an answer:", "His view:")."""
    if not region:
        return None
    named = _name_before_colon(region)
    if named is not None:
        return named
    if (heading := _words_heading(region)) is not None:
        return heading  # "Quote from Singh:", "Statement by the Port Authority:"
    inside = {t.i for t in region}
    roots = [t for t in region if t.head.i not in inside or t.head.i == t.i]
    for root in roots:
        if root.pos_ in ("VERB", "AUX"):
            subj = _subject(root) or _nearby_subject(root, region)
            if subj is not None and subj.root.dep_ == "expl":
                return None  # "There was one promise above all:": an empty subject names no one
            if subj is not None and subj.root.pos_ == "NOUN" and subj.root.lower_ in MEDIUM_NOUNS:
                return subj  # "A paper by the institute had this to say:": its issuer speaks, if named
            if subj is not None and subj.root.pos_ == "NOUN":
                # "Clinton's response was:", "the senator's reply:": the owner of the words speaks; a body
                # or a role speaks itself ("The committee, in a note, worded it more carefully:")
                owners = [c for c in subj.root.children if c.dep_ == "poss" and c.pos_ == "PROPN"]
                if owners:
                    return _phrase(owners[0])
                if any(c.dep_ == "appos" and c.pos_ == "PROPN" for c in subj.root.children):
                    return subj  # "One early backer, Rep. Lena Ruiz, gave it a try:": the name set beside it
                lemma = subj.root.lemma_.lower()
                return subj if lemma in ORG_NOUNS or is_role_noun(lemma) else None
            # only a named or pronoun subject speaks ("Ryu gave an answer:", not "The process was:")
            return subj if subj is not None and subj.root.pos_ in ("PROPN", "PRON") else None
        if root.pos_ == "ADP" and root.lower_ in ("from", "in"):
            # "From Ward's Facebook post:", "In the mayor's statement:": the medium's owner speaks
            medium = next((c for c in root.children if c.dep_ == "pobj" and c.lower_ in MEDIUM_NOUNS), None)
            owners = [c for c in medium.children if c.dep_ == "poss"] if medium is not None else []
            if owners:
                return _phrase(owners[0])
        poss = [c for c in root.children if c.dep_ == "poss"]
        if poss:
            return _phrase(poss[0])
        if root.ent_type_ == "PERSON":
            return _phrase(root)
    return None


#: Nouns of a digest's heading for the words that follow ("Quote from Singh:", "Comment by Lee:").
_WORDS_HEADINGS = frozenset("quote quotes comment comments remark remarks words response reply".split())


def _words_heading(region: list[Token]) -> Span | None:
    """The name in a heading that says whose words follow: "Quote from Singh:", "Statement by the Port
    Authority:" (a words or medium noun, "from"/"by", then a name and nothing else). Read from the words:
    the parse often runs such a heading into the paragraph before it, or tags "Quote" a verb."""
    words = [t for t in _without_trailing_punct(region) if not t.is_space]
    if len(words) < 3 or words[1].lower_ not in ("from", "by"):
        return None
    if words[0].lower_ not in MEDIUM_NOUNS and words[0].lower_ not in _WORDS_HEADINGS:
        return None
    name = words[3:] if words[2].lower_ == "the" else words[2:]
    if not name or not all(t.pos_ == "PROPN" for t in name):
        return None
    return name[0].doc[name[0].i : name[-1].i + 1]


def _without_trailing_punct(region: list[Token]) -> list[Token]:
    while region and (region[-1].is_punct or region[-1].is_space):
        region = region[:-1]
    return region


def _credit_before_colon(region: list[Token]) -> Span | None:
    """The name a digest credits with a dash before the colon ("Pollsters agree - Dana Reyes: “…”",
    "Turnout fell - Gallup: “…”"): it wins over a reporting verb earlier in the heading."""
    region = _without_trailing_punct(region)
    k = len(region)
    while k > 0 and region[k - 1].text[:1].isupper() and len(region) - k < CREDIT_MAX_WORDS:
        k -= 1
    if k == len(region) or k == 0 or region[k - 1].text not in ("-", "–", "—"):
        return None
    if k > 1 and not region[k - 2].whitespace_ and region[k - 1].text == "-":
        return None  # "Rep. Ann Lee (D-Ore.):": a hyphen inside a word, no credit dash
    return region[0].doc[region[k].i : region[-1].i + 1]


#: A quotation dash and the name after it that end a paragraph: the quote's speaker, as readers' comments,
#: epigraphs and pull quotes are credited ("“…” ― Dana Reyes", "“…” — Lee Ward, a nurse in Ohio.").
_DASH_CREDIT = re.compile(
    r"[ \t\u00a0]*(?:―|—|–|--?)[ \t\u00a0]*"
    r"(?P<name>[A-Z][\w’'.-]*(?:[ \t\u00a0]+(?:[A-Z][\w’'.-]*|de|del|da|van|von|bin|al-\w+)){0,5})"
    r"(?:,[^\n]*)?[.\s\u00a0]*$"
)


def _dash_credit(parse: _Parse, text: str, after_close: int, para_end: int,
                 next_para: tuple[int, int] | None) -> Span | None:
    """The name a quotation dash credits after a quote, up to the end of its paragraph, or alone on the
    next line when the quote ends its paragraph ("“…”¶- Dana Reyes."), if any."""
    found = _DASH_CREDIT.match(text, after_close, para_end)
    if found is None and next_para is not None and not text[after_close:para_end].strip():
        found = _DASH_CREDIT.match(text, *next_para)
        para_end = next_para[1]
    if found is None or found.end() != para_end:
        return None
    name = parse.doc.char_span(found.start("name"), found.end("name"), alignment_mode="expand")
    if name is None or not any(t.pos_ == "PROPN" or t.ent_type_ in ("PERSON", "ORG") for t in name):
        return None
    return name


#: Prepositions whose object a colon introduction addresses or talks about, not the one who speaks.
_ADDRESSEE_PREPOSITIONS = frozenset({"to", "for", "at", "against", "about", "on", "toward", "towards", "with"})


def _addressee(name: Span) -> bool:
    """Whether a name is the object of a preposition of address ("a message *to Ward*")."""
    root = name.root
    return root.dep_ == "pobj" and root.head.lower_ in _ADDRESSEE_PREPOSITIONS


def _name_before_colon(region: list[Token]) -> Span | None:
    """A name that ends a colon introduction: a person anywhere ("… doesn't surprise the pollster Dana
    Reyes:"), an organisation only after a dash or "from" ("Turnout fell again - Gallup:", "More from
    Gallup:"), the digest style that credits a quoted passage to its author."""
    region = _without_trailing_punct(region)
    if not region:
        return None
    doc = region[0].doc
    last = doc[_before_parenthesis(doc, region[-1].i, {t.i for t in region})]  # "Rep. Ann Lee (D-Ore.):"
    if last.ent_type_ not in ("PERSON", "ORG") or not last.text[:1].isupper():
        return None
    k = last.i
    while k > region[0].i and doc[k].ent_iob_ == "I":
        k -= 1
    if _addressee(doc[k : last.i + 1]):
        return None  # "Lee had a blunt message for Ward:": Ward is spoken to, not speaking
    lead = doc[k - 1].lower_ if k > region[0].i else ""
    if last.ent_type_ == "PERSON" or lead in ("-", "–", "—", "from", ""):
        return doc[k : last.i + 1]
    return None


@dataclass(frozen=True, slots=True)
class _Inside:
    """The tokens of a quotation, their indices, and the first of them whose head lies outside it."""

    tokens: list[Token]
    ids: set[int]
    head: Token | None


def _inside(parse: _Parse, m: _Marked) -> _Inside:
    toks = parse.between(m.start, m.end)
    ids = {t.i for t in toks}
    return _Inside(toks, ids, next((t for t in toks if t.head.i not in ids), None))


def _license(quote: _Inside) -> Token | None:
    """The reporting verb governing an embedded quote (not through its subject), if any."""
    if quote.head is None:
        return None
    child, inside = quote.head, quote.ids
    cur = child.head
    denied: Token | None = None
    while True:
        if cur.i not in inside and _is_cue(cur, PARTIAL_CUES):
            # not through the subject ("the so-called “experts” argued") nor a to-infinitive
            # ("agreed to return the use of “We.”")
            infinitive = child.dep_ == "xcomp" and any(c.tag_ == "TO" for c in child.children)
            if child.dep_ in _SUBJECTS or infinitive:
                return denied
            if denied is None and any(c.dep_ == "neg" for c in cur.children):
                # "called for Ruiz to resign for not calling the fire “gross neglect”": the words are not
                # the denied report's; a report above it, if any, gives them
                denied = cur
            else:
                return cur
        if child.dep_ not in _SUBJECTS and (aside := _set_into(cur, min(inside)) or _described_by(cur)) is not None:
            return aside  # "the two nations, Ward said, now have a “rare chance”"
        if cur.head.i == cur.i:
            return denied
        child, cur = cur, cur.head


#: Verbs that name their object with the words after it: "called the plan “…”", "labeled them “…”".
_NAMING_VERBS = frozenset("call label dub brand term deem characterize characterise".split())
#: Words that may stand between a naming verb and the words it gives (the object noun phrase).
_OBJECT_WORDS = frozenset({"DET", "ADJ", "NOUN", "PROPN", "ADP", "PART", "NUM", "CCONJ", "PRON", "ADV"})


def _naming_verb_before(quote: _Inside) -> Token | None:
    """A naming verb the parse did not link to a quote that ends its sentence or holds its root: "Ward
    called Lee's remarks on Sunday “childish.”" with the quote parsed as an apposition of Ward, "Ward
    called the report a “rush to judgment,” because …" with the quote as the root. Only an object noun
    phrase may stand between the verb and the quote."""
    if not quote.tokens:
        return None
    first, last = quote.tokens[0], quote.tokens[-1]
    sent = first.sent
    if quote.head is not None and not all(t.is_punct or t.is_space for t in sent.doc[last.i + 1 : sent.end]):
        return None  # (a quote the parse made the sentence's root may be followed by more of it)
    k = first.i - 1
    while k >= sent.start and (sent.doc[k].is_punct and sent.doc[k].text not in ",;:" or
                               sent.doc[k].pos_ in _OBJECT_WORDS):
        k -= 1
    if k < sent.start:
        return None
    verb = sent.doc[k]
    if verb.pos_ != "VERB" or verb.lemma_.lower() not in _NAMING_VERBS or k == first.i - 1:
        return None
    if any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children) or k and sent.doc[k - 1].lemma_ == "be":
        return None  # a passive: whoever is "called “…”" did not say it
    return verb


def _side_cue(verb: Token, deps: tuple[str, ...], keep: Callable[[Token], bool]) -> Token | None:
    """A reporting verb with a subject of its own hung on ``verb`` by one of ``deps`` and passing ``keep``:
    a report set into ``verb``'s clause ("the plan, Lee said, is …")."""
    return next((c for c in verb.children if c.dep_ in deps and keep(c) and _is_cue(c, PARTIAL_CUES)
                 and any(s.dep_ in _SUBJECTS for s in c.children)), None)


def _set_into(verb: Token, before: int) -> Token | None:
    """A reporting verb with its subject set into ``verb``'s clause before token ``before`` ("the plan,
    Lee said, is …"), parsed as a side clause of it."""
    return _side_cue(verb, ("parataxis",), lambda c: c.i < before)


def _described_by(verb: Token) -> Token | None:
    """A passive report set into ``verb``'s clause with its agent: "being “careless” – as described by the
    auditor – with …"."""
    return next((c for c in verb.children if c.dep_ == "advcl" and c.tag_ == "VBN"
                 and any(m.dep_ == "mark" and m.lower_ == "as" for m in c.children) and _agent(c) is not None), None)


def _parenthetical_cue(quote: _Inside) -> Token | None:
    """The reporting verb set into a sentence whose main verb the quote holds ("“Most of it comes from
    …” income, he said, rather than …"): a cue outside the quote hanging on that verb."""
    root = next((t for t in quote.tokens if t.head.i == t.i), None)
    if root is None:
        return None
    return _side_cue(root, ("parataxis", "ccomp", "conj"), lambda c: c.i not in quote.ids)


def _speech_owner(quote: _Inside) -> Span | None:
    """The named owner of a noun of speech framing an embedded quote ("Lee's claim that Ward “founded
    it”", "Lee's “…” promise", "Lee's rejection of “…”"), when no reporting verb comes nearer: the noun
    (``TRAIN_CUE_NOUNS``) is found climbing from the quote, and its possessor is a proper name."""
    cur = quote.head
    for _ in range(OUTER_CUE_HOPS):
        if cur is None or cur.head.i == cur.i:
            return None
        cur = cur.head
        if cur.i in quote.ids:
            continue
        if cur.pos_ == "VERB" and _is_cue(cur, PARTIAL_CUES):
            return None  # "Lee called Ward's plan “…”": the verb frames it
        if cur.pos_ == "NOUN" and cur.lemma_.lower() in TRAIN_CUE_NOUNS:
            owner = next((c for c in cur.children if c.dep_ == "poss"), None)
            if owner is not None and (owner.pos_ == "PROPN" or owner.ent_type_ in ("PERSON", "ORG")):
                return _head_words(owner)
            return None
    return None


def _governor(quote: _Inside) -> Token | None:
    """The nearest verb above an embedded quote, whose subject is the likeliest speaker."""
    if quote.head is None:
        return None
    cur = quote.head.head
    while cur.pos_ not in ("VERB", "AUX") and cur.head.i != cur.i:
        cur = cur.head
    return cur if cur.pos_ in ("VERB", "AUX") and cur.i not in quote.ids else None


def _clause_teller(governor: Token | None, before: int) -> Token | None:
    """The verb a named person heads whose that-clause holds a quote's governing verb, whatever that verb
    is: "Lund confided to her that the Ruizes were “…”" (the words are Lund's, not the Ruizes'). Only
    clausal complements before the quote count, and only a person's or organisation's name (or "he",
    "she") as the teller, which a verb of speech or thought has and "the data show that" has not."""
    cur = governor
    for _ in range(OUTER_CUE_HOPS):
        if cur is None or cur.dep_ != "ccomp" or cur.head.pos_ != "VERB" or cur.head.idx >= before:
            return None
        cur = cur.head
        subject = next((c for c in cur.children if c.dep_ == "nsubj"), None)
        if subject is not None and (subject.ent_type_ in ("PERSON", "ORG") or subject.lower_ in ("he", "she")):
            return cur
    return None


def _any_verb_attribution(region: list[Token]) -> Token | None:
    """The verb of an attribution right after a quote closed by a comma, "?" or "!", whatever the verb:
    "“…,” Trump barked", "“…?” shot back Ms. Lee". The form tells it: the region starts with the verb's
    subject, or with the verb followed by its subject, within the first few tokens."""
    if not region:
        return None
    first = region[0]
    for tok in region[:_ATTRIBUTION_VERB_WINDOW]:
        if tok.pos_ != "VERB" or tok.dep_ in _SUBJECTS:
            continue  # (a name the tagger took for a verb: "“…,” Trump shot back", with Trump as VB)
        subs = [c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")]
        if tok.i == first.i and _object_as_subject(tok) is not None:
            return tok  # "“…!” blared the front page of the Courier", parsed with an object
        if not subs or any(c.dep_ == "dobj" for c in tok.children) and not _is_cue(tok, DIRECT_CUES):
            return None  # "“…?” The bakery sells bread.": a verb with an object makes a sentence of its own
        sub = subs[0]
        if sub.lower_ in _RELATIVES:
            return None  # "“…,” which votes in June": a relative clause on the quote's last word
        if tok.i == first.i and sub.i > tok.i and _nominal(sub):
            return tok  # inverted: "shot back Ms. Lee"
        if sub.left_edge.i == first.i and sub.i < tok.i and _nominal(sub):
            return tok
        return None
    return None


#: Reporting verbs the tagger also reads as nouns after a plural subject ("the unions state", "critics note").
_NOUN_LIKE_CUES = frozenset({"state", "note", "claim", "report", "say"})


def _verb_tagged_as_noun(region: list[Token]) -> tuple[Token, Span] | None:
    """An attribution after a quote whose verb the tagger read as a noun: "“…,” the Saudis state in the
    paper" ("Saudis state" as a compound noun). The region is a plural subject (names or a plural noun,
    with its determiner), the verb in its base form, then a preposition, punctuation or nothing."""
    k = 1 if region and region[0].pos_ == "DET" else 0
    if k >= len(region) or region[k].tag_ not in ("NNS", "NNPS"):
        return None
    while k + 1 < len(region) and region[k + 1].tag_ in ("NNS", "NNPS"):
        k += 1
    cue = region[k + 1] if k + 1 < len(region) else None
    if cue is None or cue.pos_ != "NOUN" or cue.lower_ not in _NOUN_LIKE_CUES:
        return None
    after = region[k + 2] if k + 2 < len(region) else None
    if after is not None and not (after.pos_ in ("ADP", "PUNCT", "ADV") or after.is_punct):
        return None  # "the unions state budget": a noun after all
    doc = cue.doc
    return cue, doc[region[0].i : cue.i]


def _nominal(subject: Token) -> bool:
    """Whether a subject is a noun, a name or a pronoun, or a capitalised word inside a sentence that the
    tagger took for a verb ("Trump shot back", with "Trump" tagged as a verb)."""
    return subject.pos_ in ("PROPN", "PRON", "NOUN") or subject.text[:1].isupper() and not subject.is_sent_start


def _object_as_subject(verb: Token) -> Span | None:
    """The inverted subject of a past-tense verb right after a quote that the parse took for its object
    ("“…!” blared the front page of the Courier", "“…,” exhorted her introducer, actor Sam Ortiz"): the
    verb's only subject, if any, is the quotation before it, and the object's phrase ends the clause."""
    if verb.tag_ != "VBD" or any(c.dep_ in _SUBJECTS and c.i > verb.i for c in verb.children):
        return None
    obj = next((c for c in verb.children if c.dep_ == "dobj" and c.i > verb.i), None)
    if obj is None or obj.pos_ not in ("NOUN", "PROPN"):
        return None
    after = obj.right_edge.i + 1
    if after < len(verb.doc) and verb.doc[after].text not in (".", ",", ";", "!", "?"):
        return None  # "“…,” shot the man a look and …": an object with more clause after it
    person = next((c for c in obj.children if c.dep_ == "appos" and c.ent_type_ == "PERSON"), None)
    return _phrase(person) if person is not None else _phrase(obj)


def _is_title(inner: str) -> bool:
    """Whether a quoted span is written like a title or a name: first and last words capitalised, and
    so are most others but the small words a title keeps ("Meet the Press", "Planet of the Apes",
    "Scam.", "Orange is the New Black")."""
    words = [w for w in _WORD.findall(inner) if w[:1].isalpha()]
    if not words or not words[0][0].isupper() or not words[-1][0].isupper():
        return False
    big = [w for w in words if w.lower() not in _TITLE_SMALL_WORDS]
    return sum(w[0].isupper() for w in big) >= TITLE_MIN_CAPITALS * len(big)


#: Nouns that name works, broadcasts, publications and documents: a title-cased quote beside one is
#: the title of a work ("the “Night Watch” show", "a book called “…”"), never speech.
WORK_NOUNS = frozenset(
    """
    show shows program programme series episode broadcast podcast book books novel memoir film films movie
    documentary song songs album play musical article column op-ed essay headline magazine newspaper paper
    blog website site video ad ads advertisement slogan banner poster sign hashtag segment interview
    speech address report study poll survey bill act law event forum conference summit tour rally
    """.split()
)
#: Works whose title a comma or colon sets beside them ("in his 2014 book, “…”", "her memoir: “…”"): a
#: title-cased quote there is the title, never the words of the sentence's speaker. Events where people
#: speak (speech, interview, rally) are left out: "she said in her speech, “…”" may quote the speech.
TITLED_WORKS = frozenset(
    """
    book books novel memoir memoirs autobiography biography film films movie documentary song songs album
    play musical show series episode podcast column op-ed essay article headline magazine newspaper blog
    painting poem
    """.split()
)
#: People named by the works they make or present: "the author of “…”", "the hosts of “…”".
_MAKER_NOUNS = frozenset(
    "author authors host hosts creator creators star stars editor director producer writer".split()
)
#: Verbs whose object is a work, not words: "performed “…”", "watched “…”".
_WORK_VERBS = frozenset("perform sing play watch read air broadcast publish stream".split())
#: Verbs of naming that, as a participle on a noun ("an account called “…”"), give the noun its name.
_WORK_NAMING_VERBS = frozenset("call name title dub entitle label".split())
#: Words right before a quote that introduce a title ("appeared on “…”", "wrote in “…”", "titled “…”").
_TITLE_LEADS = frozenset({"on", "in", "from", "titled", "entitled", "aboard", "starring"})


def _work_noun(tok: Token) -> bool:
    return tok.lemma_.lower() in WORK_NOUNS


def _names_a_work(parse: _Parse, m: _Marked, quote: _Inside) -> bool:
    """Whether a title-cased quote is the title of a work (or a name) by its context: a subtitle colon;
    the quote as a clause subject; a nickname between two names; a possessive or a work noun right before
    it; a word that introduces titles before it ("on", "in", "titled"; determiners and names aside); the
    object of "told"; a work noun, a maker "of", a performance verb or a naming participle above it; a
    work noun right after it ("the “Commander-in-Chief” forum")."""
    doc = parse.doc
    if ": " in doc.text[m.start : m.end]:
        return True  # a subtitle: "“Rivers: A History of Water,” her latest book"
    if quote.head is not None and quote.head.dep_ in ("nsubj", "nsubjpass"):
        return True  # a name as the subject: "as “The Morning Ledger” wrote", "“Night Bus” was recorded"
    k = _before_opener(parse, m)
    closer = parse.tok(m.close) if m.close is not None else None
    if k >= 0 and doc[k].pos_ == "PROPN" and closer is not None and closer.i + 1 < len(doc) and \
            doc[closer.i + 1].pos_ == "PROPN" and len(quote.tokens) <= 3:
        return True  # a nickname inside a name: Ana “Bee” Ruiz
    if k > 0 and doc[k].text == "," and _work_noun(doc[k - 1]):
        return True  # "her memoir, “…,”"
    if k >= 0 and (doc[k].tag_ == "POS" or _work_noun(doc[k])):
        return True  # a channel's or an author's work, a work by its noun: "the song “Night Bus”"
    while k >= 0 and (doc[k].pos_ in ("DET", "PUNCT", "PROPN", "SPACE") or doc[k].tag_ == "POS"):
        k -= 1  # "appeared on CBS's “…”", "in the “…”"
    if k >= 0 and (doc[k].lower_ in _TITLE_LEADS or doc[k].lower_ == "with" and k and
                   _work_noun(doc[k - 1])):  # "in an interview with “…”"
        return True
    if k >= 0 and doc[k].lemma_.lower() == "tell" and quote.head is not None and quote.head.head.i == k:
        return True  # "told “Morning Hour”": whom one tells is an audience, not words
    if quote.head is not None and quote.head.head.i not in quote.ids:
        above = quote.head.head
        if above.pos_ == "ADP" and above.lower_ == "of":
            above = above.head  # "an episode of “…”", "the author of “…”"
            if above.lemma_.lower() in _MAKER_NOUNS:
                return True
        lemma = above.lemma_.lower()
        if lemma in WORK_NOUNS or above.pos_ == "VERB" and (
                lemma in _WORK_VERBS or lemma in _WORK_NAMING_VERBS and above.dep_ == "acl"):
            return True  # "performed “…”", "a blog called “…”"
    if closer is not None:
        j = closer.i + 1
        while j < len(doc) and doc[j].is_punct:
            j += 1
        if j < len(doc) and _work_noun(doc[j]):
            return True
    return False


def _titled_work_before(parse: _Parse, m: _Marked) -> bool:
    """Whether a comma or colon right before the quote follows a noun of :data:`TITLED_WORKS` ("in his
    2014 book, “A Quiet Harbor.”")."""
    doc = parse.doc
    k = _before_opener(parse, m)
    return k > 0 and doc[k].text in (",", ":") and doc[k - 1].lower_ in TITLED_WORKS


def _before_opener(parse: _Parse, m: _Marked) -> int:
    """The index of the last token before a quote's opening mark that is not a space (-1 if none)."""
    k = parse.tok(m.open).i - 1
    while k >= 0 and parse.doc[k].pos_ == "SPACE":
        k -= 1
    return k


def _starts_sentence(text: str, m: _Marked, prev_close: int) -> str:
    """How the quote is introduced: "start", "colon", "comma" or "embedded"."""
    before = text[prev_close : m.mark_start].rstrip()
    if not before or before[-1] in ".?!”\"’'" or m.open == prev_close:
        return "start"
    return {":": "colon", ",": "comma", "—": "colon", "–": "colon"}.get(before[-1], "embedded")


#: Decides whether a quote set inside a sentence is speech: (the quote, its start, its end) -> keep?
EmbeddedJudge = Callable[[EmbeddedQuote, int, int], bool]


def _model_judge(quote: EmbeddedQuote, start: int, end: int) -> bool:
    return embedded_quote_model().is_speech(quote)


def _embedded(parse: _Parse, m: _Marked, inner: str, quote: _Inside, license: Token | None,
              governor: Token | None) -> EmbeddedQuote:
    doc = parse.doc
    opener = parse.tok(m.open)
    before = doc[opener.i - 1] if opener.i > 0 else None
    closer = parse.tok(m.close) if m.close is not None else None
    after = doc[closer.i + 1] if closer is not None and closer.i + 1 < len(doc) else None
    return EmbeddedQuote(inner, quote.tokens, quote.head, before, after, license, governor,
                         m.single and not m.doubled, m.para == 0)


def _quote_events(text: str, parse: _Parse, marked: list[_Marked],
                  judge: EmbeddedJudge = _model_judge) -> list[_Event]:
    """The direct and partial quotations of ``text`` with their attributions; ``judge`` decides which
    quotes set inside a sentence are speech (the packaged model by default; training passes its own)."""
    events: list[_Event] = []
    paras = _paragraphs(text)
    for k, m in enumerate(marked):
        para_start, para_end = paras[m.para]
        prev = marked[k - 1] if k and marked[k - 1].para == m.para else None
        j = k + 1
        while j < len(marked) and marked[j].para == m.para and _label(text, marked[j]):
            j += 1  # "“…,” Al Beck, wearing “Vote Ward” buttons, said": the attribution runs past a label
        nxt = marked[j].open if j < len(marked) and marked[j].para == m.para else para_end
        prev_close = (prev.close or prev.end) + 1 if prev else para_start
        intro = introduced = _starts_sentence(text, m, prev_close)
        before = _region_before(parse, m, prev_close)
        if prev is None and m.para and intro == "start" and text[paras[m.para - 1][1] - 1] == ":":
            intro, before = "colon", _region_before(parse, m, paras[m.para - 1][0])  # lead-in paragraph
        if prev is not None and events and events[-1].start == prev.start and events[-1].kind == "direct" and \
                events[-1].subject is not None and _joined(before):
            # "telling the crowd, “…,” and, “…?”": a quote joined to a direct quote by a bare "and" is
            # said by the same speaker with the same cue (partial quotes are read from the parse: "“…” or
            # “…” functioning" may be scare quotes)
            joined = events[-1]
            events.append(_Event(joined.kind, m.start, m.end, m.para, joined.anchor, joined.subject, joined.cue,
                                 open_end=m.close is None))
            continue
        inner = text[m.start : m.end]
        if introduced in ("comma", "colon") and _is_title(inner) and _titled_work_before(parse, m):
            continue  # "he said in his 2014 book, “A Quiet Harbor.”": the work's title, not words
        after = _region_after(parse, m, nxt) if m.close is not None else []
        after_close = m.after_close if m.after_close is not None else para_end
        tail = text[after_close : after_close + 1]
        last = inner.rstrip("'’\"”")[-1:] or inner[-1]  # "…here.’”", "…done.'''": a nested quote ended it
        ends_clause = m.close is None or last in _CLAUSE_END or tail in ("", *_CLAUSE_END) or \
            not text[after_close:para_end].strip()
        verb, subject, noun_cue = None, None, None
        if intro in ("colon", "comma") or (
            intro == "embedded" and inner[:1].isupper() and before and _is_cue(before[-1], DIRECT_CUES)
            and not (_is_title(inner) and inner[-1] not in ".?!…")  # "told “Morning Report” that"
        ):
            credited = _credit_before_colon(before) if intro == "colon" else None
            verb = None if credited is not None else _verb_right_before(before) or _verb_in(before, last=True)
            if verb is not None:
                intro = "colon"
            elif intro == "colon":
                # "It had an impact: “…,” Lee wrote": an attribution after the quote names the speaker
                # (also when the attribution is known by its form alone: "…,” exhorted her aide, Sam Ortiz")
                after_by_form = (last in ",?!" or tail == ",") and _any_verb_attribution(after) is not None
                subject = credited or (None if _attribution_after(after) or after_by_form
                                       else _clause_subject(before))
            else:
                intro = "embedded"
        if verb is None and subject is None and intro != "embedded":
            verb = _verb_in(after)
            if verb is not None and not ends_clause and not _leads(verb, after):
                verb = None  # "“…” impeachment, Trump said": the quote is a fragment of the sentence
            if verb is not None and last in ".?!" and tail not in (",", "") and _new_report(verb, after):
                verb = None  # "“… is over.” Lee said she would …": the next sentence reports anew
            if verb is None and (last in ",?!" or tail == ","):
                verb = _any_verb_attribution(after)  # "“…,” Trump barked": any verb, by the form
                if verb is None and (tagged := _verb_tagged_as_noun(after)) is not None:
                    noun_cue, subject = tagged  # "“…,” the unions state in a letter", "state" read as a noun
            ends_clause = ends_clause or verb is not None or noun_cue is not None
            if verb is None and m.close is not None and last in ".?!…":
                subject = _dash_credit(parse, text, after_close, para_end,  # "“…” ― Dana Reyes"
                                       paras[m.para + 1] if m.para + 1 < len(paras) else None)
        if verb is not None:
            subject = _subject(verb)
            if after and verb.i == after[0].i and (subject is None or subject.end_char <= m.end):
                # the verb opens the words after the quote, and its parsed subject, if any, is the quote
                subject = _object_as_subject(verb) or subject
            subject = subject or _put_it_credit(verb) or _nearby_subject(verb, before + after)
            if subject is not None and m.start <= subject.start_char < m.end:  # "“…, Mr. President,” Lee told"
                subject = _outside(subject, m.end) or _apposition_after(subject, m.end) or \
                    _nearby_subject(verb, after)
        words = len(_WORD.findall(inner))
        if _BRACKETED.fullmatch(inner):
            continue  # "[Reuters.]": a source credit left inside a stray mark, not speech
        attributed = verb is not None or subject is not None
        if intro != "embedded" and (ends_clause or attributed):
            if not attributed and last not in ".?!…" and tail not in (".", "?", "!") and m.close and \
                    not _clause_before_comma(text, m, inner, words, after_close):
                continue  # a quoted heading or label: no attribution, no sentence punctuation
            if m.single and not m.doubled and not attributed and words < SINGLE_QUOTE_MIN_WORDS:
                continue
            kind: QuoteKind = "direct"
        else:
            quote = _inside(parse, m)
            verb = _license(quote)
            naming = _naming_verb_before(quote) if verb is None else None
            verb = verb or naming
            if words < PARTIAL_MIN_WORDS or _is_title(inner) and (verb is None or _names_a_work(parse, m, quote)):
                continue  # a title of a work, or a name no reporting verb governs
            if m.single and not m.doubled and verb is None and words < SINGLE_QUOTE_MIN_WORDS:
                continue  # "Returning as ‘heroes’": a short single-quoted label (and the apostrophe risk)
            if text[max(0, m.open - 10) : m.open].lower().rstrip().endswith("so-called"):
                continue  # the writer's distance from a word, not anyone's speech
            governor = _governor(quote)
            if not judge(_embedded(parse, m, inner, quote, verb, governor), m.start, m.end):
                continue  # a scare quote or a label
            licensed = verb is not None
            verb = verb or _clause_teller(governor, m.open) or governor  # speech, whatever verb it hangs on
            if verb is None:
                verb = _parenthetical_cue(quote)
            if last in ",?!" or tail == ",":
                # "The event “was …,” Lee said", "Ward “backs the banks. Does that work?” Lee asked": the
                # quote holds its sentence's verb; the attribution follows it, and it reports the whole
                # sentence when it is a verb of speech heading the sentence ("Nothing the mayor said “will
                # help,” Lee said": Lee's words; not "under what Lee called “…,” the club charged"), and
                # does not open a quote of its own ("Lee said:")
                found = _attribution_after(after)
                if found is not None and (verb is None or found.head.i == found.i and _is_cue(found, SPEECH_VERBS)
                                          and not any(t.text == ":" for t in after if t.i > found.i)):
                    verb = found
            kind = "partial"
            owner = _speech_owner(quote) if naming is None else None  # (a naming verb frames its words)
            if owner is not None:  # "Lee's claim that Ward “…”", "Lee's “…” promise": the nearer framing
                verb, subject = owner.root.head, owner
            elif not licensed and (trailing := _trailing_attribution(quote, m.end)) is not None:
                verb, subject = trailing  # "Norland will send “large-scale troops”, the Wire reported Friday."
            else:
                subject = _subject(verb) if verb is not None else None
        anchor = min(m.open, subject.start_char if subject is not None else m.open)
        cue = _cue(verb) if verb is not None else noun_cue.text if noun_cue is not None else None
        events.append(_Event(kind, m.start, m.end, m.para, anchor, subject, cue, open_end=m.close is None,
                             opens_para=m.open == para_start))
    return events


#: Words that may follow the verb of an attribution closing a sentence: when it was said ("reported
#: Friday", "said late on Monday", "wrote this week"; DATE/TIME entities count too).
_WHEN_WORDS = frozenset("on in late early last this that next week weekend month year morning night evening "
                        "afternoon today yesterday".split())


def _trailing_attribution(quote: _Inside, end: int) -> tuple[Token, Span] | None:
    """(verb, subject) of an attribution that closes the sentence of a partial quote no reporting verb
    governs: ", <noun phrase> <said/reported …> [when]." after the quote, however the parse hangs it
    ("Norland will send “large-scale troops” to the front, the Harbor Wire news agency reported Friday,
    citing officials", with the agency read as an apposition of the front). The subject is the words
    between the comma and the verb, a name or a noun in them; the verb takes no object or clause of its
    own; after it only words of time, then the sentence's end or a set-off ", citing …"/", according to …"."""
    if not quote.tokens:
        return None
    sent = quote.tokens[0].sent
    for verb in sent:
        if verb.idx < end or verb.pos_ != "VERB" or verb.tag_ not in _FINITE_TAGS or \
                verb.lemma_.lower() not in SPEECH_VERBS or \
                any(c.dep_ in ("ccomp", "dobj", "xcomp") for c in verb.children):
            continue
        k = verb.i + 1
        while k < sent.end and (verb.doc[k].ent_type_ in ("DATE", "TIME") or verb.doc[k].lower_ in _WHEN_WORDS):
            k += 1
        closing = verb.doc[k] if k < sent.end else None
        if closing is not None and not (closing.is_punct and (closing.text != "," or k + 1 < sent.end and
                                        verb.doc[k + 1].lower_ in ("citing", "according"))):
            continue
        start = verb.i
        while start > sent.start and verb.doc[start - 1].pos_ in ("DET", "PROPN", "NOUN", "ADJ", "PART", "NUM") \
                and verb.doc[start - 1].idx >= end:
            start -= 1
        if start == verb.i or start == sent.start or verb.doc[start - 1].text != ",":
            continue
        words = verb.doc[start : verb.i]
        owner = next((t for t in words if t.tag_ == "POS"), None)
        if owner is not None and owner.i + 1 < verb.i and verb.doc[owner.i + 1].pos_ == "PROPN":
            words = verb.doc[owner.i + 1 : verb.i]  # "South Korea's Yonhap news agency": the agency's name
        while len(words) and words[0].pos_ == "DET":
            words = words[1:]
        if any(t.pos_ in ("PROPN", "NOUN") for t in words):
            return verb, words
    return None


def _joined(region: list[Token]) -> bool:
    """Whether the words between two quotes are only "and" or "or" with punctuation ("“…,” and, “…”")."""
    return any(t.lower_ in ("and", "or") for t in region) and \
        all(t.is_punct or t.lower_ in ("and", "or") for t in region)


#: A quoted label inside an attribution ("wearing “Vote Ward” buttons") has at most this many words.
LABEL_MAX_WORDS = 3


def _label(text: str, m: _Marked) -> bool:
    """Whether a quotation is a short closed label with no punctuation of a clause at its end."""
    inner = text[m.start : m.end].rstrip()
    return m.close is not None and bool(inner) and inner[-1] not in _CLAUSE_END and \
        len(_WORD.findall(inner)) <= LABEL_MAX_WORDS


#: A quoted clause ending in a comma has at least this many words; fewer are a title or a search term.
COMMA_CLAUSE_MIN_WORDS = 3


def _clause_before_comma(text: str, m: _Marked, inner: str, words: int, after_close: int) -> bool:
    """Whether an unattributed quote ending in a comma is a sentence's quoted clause, whose attribution
    the parse missed (“…,” Lee barked; “…,” the editorial read), rather than a headline or title in a list
    (“Billions,” “Veep”; "NOW OPEN—“…,”"; "“…,” by Ann Lee"). ``after_close`` is the offset past the
    closing mark."""
    if inner.rstrip()[-1:] != "," or words < COMMA_CLAUSE_MIN_WORDS or _is_title(inner):
        return False
    i = m.mark_start
    while i > 0 and text[i - 1] in " \t\u00a0":
        i -= 1
    after = text[after_close : after_close + 4].lstrip()
    return text[i - 1 : i] not in ("—", "–", "-", "―") and not after.startswith("by ")


def _forward_attributions(events: list[_Event]) -> dict[int, _Event]:
    """Quotes that take their speaker from a later paragraph, with the quote whose attribution they take.

    A paragraph that opens a quote and leaves it open continues in the next paragraph's opening quote
    (the news convention for a quote over several paragraphs), and the attribution usually comes at the
    end ("“… in that.¶“Now we have to …,” Rusu said"). An unattributed quote left open, with no
    attributed quote before it in its paragraph, takes the speaker of the first attributed quote of
    that chain. Keys are indexes into ``events``.
    """
    direct = [e for e in events if e.kind == "direct"]
    first_in_para: dict[int, _Event] = {}
    for e in sorted(direct, key=lambda e: e.start):
        if e.opens_para:
            first_in_para.setdefault(e.para, e)
    out: dict[int, _Event] = {}
    for k, e in enumerate(events):
        if e.kind != "direct" or e.attributed or not e.open_end or e.turn:
            continue  # a transcript turn's continuation has its speaker from the label
        if any(o.attributed and o.para == e.para and o.start < e.start for o in direct):
            continue  # "“A,” X said. “B¶…": B already has its speaker
        cur: _Event | None = e
        while cur is not None and cur.open_end:
            cur = first_in_para.get(cur.para + 1)
            if cur is not None and cur.turn:
                break  # the next turn of a transcript has another speaker
            if cur is not None and cur.attributed:
                out[k] = cur
                break
    return out


# --------------------------------------------------------------------------- indirect speech


#: Relations whose content is a proposition (not an object of a stance, "would not back [the bill]").
_PROPOSITIONS = frozenset({"ccomp", "parenthetical", "parataxis", "noun_clause", "advcl"})
#: An accepted attribution whose content lies this much inside quotations already found adds nothing.
INSIDE_QUOTES_SHARE = 0.8


def _source_span(doc: Doc, cand: Candidate, cue: Token) -> Span | None:
    if cand.relation == "nsubjpass":  # "the plan was rejected by the board": the agent
        return _phrase(doc[cand.source]) if cand.source is not None else None
    if cand.relation == "xcomp" and any(c.dep_ == "nsubjpass" for c in cue.children):
        # "2,000 fighters are estimated to be in the valley", "he is said to have left": the passive's
        # subject is what the content is about; the source is the agent, if any
        agent = _agent(cue)
        return _phrase(agent) if agent is not None else None
    subject = _subject(cue)
    if subject is None and cand.source is not None:
        subject = _phrase(doc[cand.source])
    return subject


def _cue_words(doc: Doc, cand: Candidate) -> str:
    cue = doc[cand.cue]
    if cand.preposition and cue.pos_ not in ("VERB", "AUX"):
        return f"{cue.text} {cand.preposition}"
    return _cue(cue)


#: Entity types of a subject that can speak (a person, a body, a country's government, a nationality).
_SPEAKING_ENTITIES = frozenset({"PERSON", "ORG", "GPE", "NORP"})
#: Pronouns of the writer or reader: reported content they head has no source to credit.
_FIRST_AND_SECOND = frozenset({"i", "me", "we", "us", "you"})


#: Characters trimmed from the edges of reported content: every quote mark storyline reads.
_QUOTE_EDGE = frozenset(_OPEN_DOUBLE + _CLOSE_DOUBLE + _ANY_DOUBLE + _OPEN_SINGLE + _CLOSE_SINGLE + _ANY_SINGLE)


def _unmarked(text: str, start: int, end: int) -> tuple[int, int]:
    """``start``..``end`` without quote marks or spaces at either end (a reported content that opens or
    closes inside a quotation: "called “Leave If He Wins“ that …" gives "“Leave")."""
    while start < end and (text[start] in _QUOTE_EDGE or text[start].isspace()):
        start += 1
    while end > start and (text[end - 1] in _QUOTE_EDGE or text[end - 1].isspace()):
        end -= 1
    return start, end


def _indirect_events(text: str, parse: _Parse, quoted: list[tuple[int, int]]) -> list[_Event]:
    """Reported speech and belief the attribution model accepts, outside the quotations found already."""
    doc = parse.doc
    para_starts = [a for a, _ in _paragraphs(text)]
    events: list[_Event] = []
    model = attribution_model()
    for cand, probability in model.attributions(doc):
        cue = doc[cand.cue]
        if cand.relation in _PROPOSITIONS and any(c.dep_ == "neg" for c in cue.children):
            continue  # "X did not say [the deal was dead]": reporting it as X's would invert it
        start, end = doc[cand.start].idx, doc[cand.end - 1].idx + len(doc[cand.end - 1].text)
        start, end = _unmarked(text, start, end)
        if start >= end:
            continue
        covered = sum(max(0, min(end, b) - max(start, a)) for a, b in quoted)
        if covered >= INSIDE_QUOTES_SHARE * (end - start):
            continue
        if "\n" in text[min(start, cue.idx) : max(end, cue.idx)]:
            continue  # the parse ran a sentence across a paragraph break
        subject = _source_span(doc, cand, cue)
        if subject is not None and subject.root.pos_ == "PRON" and subject.root.lower_ in _FIRST_AND_SECOND:
            subject = None  # "we believe …" is the writer's, not a source's ("US officials said" is)
        para = bisect.bisect_right(para_starts, cue.idx) - 1
        anchor = min(cue.idx, subject.start_char) if subject is not None else cue.idx
        events.append(_Event("indirect", start, end, para, anchor, subject, _cue_words(doc, cand),
                             confidence=round(probability, 3), tentative=probability < model.threshold))
    return events


# --------------------------------------------------------------------------- speakers


def _outer_subject(subject: Span) -> Span | None:
    """The subject of the reporting verb that frames the clause of ``subject``'s verb, if any.

    "Lee said the plan was “a mistake”", "Lee said the world lost a voice that said “…”": a partial
    quote inside a reported clause belongs to the outer speaker, not to the clause's own subject.
    """
    cur = subject.root.head
    for _ in range(OUTER_CUE_HOPS):
        # "Trump, Lee said, has created “…”": a reporting clause set inside the sentence frames it
        for aside in cur.children:
            if aside.dep_ in ("parenthetical", "parataxis") and _is_cue(aside, PARTIAL_CUES):
                outer = _subject(aside)
                if outer is not None and not (outer.start <= subject.root.i < outer.end):
                    return outer
        if cur.head.i == cur.i or cur.dep_ == "conj":
            return None  # a coordinated clause ("X condemned it, but Y say …") is not framed by the first
        cur = cur.head
        if _is_cue(cur, PARTIAL_CUES) or _agent(cur) is not None:  # (or "Lee was asked by Ward whether …")
            outer = _subject(cur)
            if outer is not None and not (outer.start <= subject.root.i < outer.end):
                return outer
    return None


def _outside(subject: Span, end: int) -> Span | None:
    """The part of a subject after the quotation ending at ``end``: the parse sometimes starts the
    subject inside the quote ("“…,” Lee, 69, told" parsed as one noun phrase); None if nothing is left."""
    rest = [t for t in subject if t.idx > end and not (t.is_punct or t.is_space)]
    return subject.doc[rest[0].i : subject.end] if rest else None


#: A transcript turn opens its paragraph with its speaker's label in capitals and a colon ("HOST: …",
#: "SEN. ANA RUIZ: …"): one to four words of capitals.
_TURN_LABEL = re.compile(r"([A-Z][A-Z.'’-]*(?: [A-Z][A-Z.'’-]*){0,3}):\s+(?=\S)")
#: Quoted paragraphs are read as a transcript when at least this many labels take turns and one of them
#: comes back; a capitalised "WORD:" seen once that names no one is a kicker ("UPDATE:", "VIDEO:").
TRANSCRIPT_MIN_SPEAKERS = 2


def _transcript_turns(doc: Doc, events: list[_Event], names: NameIndex) -> None:
    """Read a quoted transcript ("“HOST: …", "“MARLOWE: …", each paragraph opened by a mark): each turn's
    quote starts after its label, and the label, under the article's full name for it, is its speaker."""
    turns = []
    for event in events:
        label = _TURN_LABEL.match(doc.text, event.start) if event.kind == "direct" and event.opens_para else None
        if label is not None and label.end() < event.end:
            turns.append((event, label))
    counts = Counter(label.group(1) for _, label in turns)
    if len(counts) < TRANSCRIPT_MIN_SPEAKERS or max(counts.values(), default=0) < 2:
        return
    labelled = {}
    for event, label in turns:
        written = " ".join(w.capitalize() for w in label.group(1).split())
        full = names.canonical(written, label="PERSON", at=label.start(1))
        known = full if full and not full.isupper() else None  # not the label itself, read back as a name
        if counts[label.group(1)] > 1 or (known and " " in known):
            # a label seen once is a turn only when it names someone of the article ("CLINTON: …")
            labelled[id(event)] = (label, known or written)
    kickers = {id(event) for event, _ in turns} - labelled.keys()  # "VIDEO: …" continues no turn
    speaker, last = None, None
    for event in sorted(events, key=lambda e: e.start):
        found = labelled.get(id(event))
        if found is not None:
            label, name = found
            event.start, event.cue, event.turn = label.end(), ":", True
            event.speaker = speaker = Speaker(name, label.start(1), label.end(1), person=True, named=True)
        elif speaker is not None and last is not None and last.open_end and event.opens_para and \
                event.para == last.para + 1 and not event.attributed and id(event) not in kickers:
            event.speaker, event.turn = speaker.without_span(), True  # the turn goes on over paragraphs
        else:
            speaker = None
        last = event


def _repeated_quotes(text: str, events: list[_Event], carried: set[int]) -> None:
    """A quotation printed twice (a pull quote or a section heading set apart from the paragraph that
    attributes it) gets the speaker of its other copy when it has none, and that of an attributed copy
    over a speaker only continued from the quotes before it (``carried``: the indices of events given
    the attribution that follows them)."""
    quoted = {k: _words(text[e.start : e.end]) for k, e in enumerate(events) if e.kind != "indirect"}
    attributed: dict[str, Speaker] = {}
    named: dict[str, Speaker] = {}
    for k, words in quoted.items():
        e = events[k]
        if e.speaker is not None and e.speaker.name:
            named.setdefault(words, e.speaker)
            if e.attributed or e.turn:
                attributed.setdefault(words, e.speaker)
    for k, words in quoted.items():
        e = events[k]
        if e.speaker is None or not e.speaker.name:
            copy = attributed.get(words) or named.get(words)
        elif not (e.attributed or e.turn) and k not in carried:
            copy = attributed.get(words)
        else:
            copy = None
        if copy is not None:
            e.speaker = copy.without_span()


def _words(quote: str) -> str:
    return " ".join(_WORD.findall(quote.lower()))


def _apposition_after(subject: Span, end: int) -> Span | None:
    """A name in apposition to a subject the parse found inside the quotation, set after it: "“…, Mr.
    President,” Representative Ann Lee told him", parsed as "President, Ann Lee"."""
    for child in subject.root.children:
        if child.dep_ == "appos" and child.idx > end:
            return _phrase(child)
    return None


def _earlier_reporter(subject: Span) -> Span | None:
    """The named subject of the last reporting verb before ``subject`` in its sentence, for a parse that
    did not put the pronoun's clause under that verb ("Lee telling reporters he …" parsed flat)."""
    sent = subject.root.sent
    for tok in reversed(subject.doc[sent.start : subject.start]):
        if tok.pos_ == "VERB" and _is_cue(tok, PARTIAL_CUES):
            found = _parsed_subject(tok)
            return found if found is not None and found.root.ent_type_ == "PERSON" else None
    return None


def _lead_in(parse: _Parse, event: _Event) -> Span | None:
    """The subject of the reporting verb heading the sentence that ends right before a quote, in the
    same paragraph ("Dana Reyes agreed. “…”", "Lee tweeted a warning. “…”") or, for a quote opening its
    paragraph, as the last of the paragraph before ("Lee continued his remarks.¶“…”"), if any."""
    doc = parse.doc
    opener = parse.tok(event.start - 1)
    i = opener.i - 1
    while i >= 0 and doc[i].is_space:
        i -= 1
    if i < 0 or doc[i].text not in (".", "!"):
        return None
    if "\n" in doc.text[doc[i].idx : opener.idx] and not event.opens_para:
        return None
    sent = doc[i].sent
    if "\n" in sent.text.strip():
        return None  # the parse ran the sentence across paragraphs
    root = sent.root
    cue: Token | None = root
    if root.pos_ == "AUX":  # "Lee was quick to add that …": the verb under the adjective
        cue = next((x for a in root.children if a.dep_ == "acomp" for x in a.children if x.dep_ == "xcomp"), None)
    if cue is None or cue.pos_ != "VERB" or not (_is_cue(cue, PARTIAL_CUES) or _is_cue(cue, MANNER_VERBS)):
        return None  # (manner verbs: "Lee continued his remarks.")
    subject = _subject(root)
    if subject is not None and _in_marks(subject):
        return None  # "“Meh,” wrote a fan. “…”": the quote before, parsed as the subject, says nothing
    return subject if subject is not None and subject.start_char < doc[i].idx else None


def _in_marks(span: Span) -> bool:
    """Whether ``span`` is all there is between a pair of quote marks (trailing punctuation aside)."""
    doc, k = span.doc, span.end
    while k < len(doc) and doc[k].is_punct and not doc[k].is_quote:
        k += 1
    return span.start > 0 and doc[span.start - 1].is_quote and k < len(doc) and doc[k].is_quote


def _free_relative(subject: Span) -> bool:
    """Whether a subject is a clause opened by "what" ("what we should ask", "what she wants")."""
    return subject[0].lower_ in ("what", "whatever") and subject.root.pos_ in ("VERB", "AUX")


def _according_to(event: _Event) -> Span | None:
    """The source a sentence credit outside the quotation names in the quote's sentence, if any: "according
    to X", or a set-off "as X puts it," / "as X noted," (:func:`_as_credit`)."""
    assert event.subject is not None
    return _sentence_credit(event.subject.root.sent, event)


def _sentence_credit(sent: Span, event: _Event) -> Span | None:
    """The source a credit in ``sent`` outside ``event``'s quotation names (see :func:`_according_to`)."""
    for tok in sent:
        if event.start <= tok.idx < event.end:
            continue
        if tok.lower_ == "according" and not _reported(tok):
            source = _according_object(tok)
            if source is not None:
                return _phrase(source)
        credit = _as_credit(tok)
        if credit is not None:
            return credit
    return None


def _as_credit(verb: Token) -> Span | None:
    """The subject of ``verb`` when it heads a set-off "as X puts it" or "as X said/noted/wrote" clause:
    marked by a clause-initial "as" and closed by a comma (not a comparison: "as bad as she feared")."""
    if verb.pos_ != "VERB":
        return None
    credit = _put_it_credit(verb)
    if credit is not None:
        return credit
    if verb.dep_ not in ("advcl", "parataxis", "relcl"):
        return None  # (a relative clause: the parse's reading of a credit set into a clause)
    mark = next((c for c in verb.children if c.dep_ == "mark" and c.lower_ == "as"), None)
    if mark is None or mark.i != verb.left_edge.i:
        return None
    edge = verb.right_edge.i
    while edge > verb.i and verb.doc[edge].is_quote:
        edge -= 1  # the parse may hang the opening mark on the credit: "as Lee put it, “…"
    closed = verb.doc[edge].text == "," or (edge + 1 < len(verb.doc) and verb.doc[edge + 1].text == ",")
    if not closed:
        return None
    idiom = verb.lemma_ == "put" and any(c.dep_ == "dobj" and c.lower_ == "it" for c in verb.children)
    if not (idiom or _is_cue(verb, SPEECH_VERBS)):
        return None
    return _subject(verb)


#: The most tokens between "as" and "put it" in a set-off credit ("as Al Ward, a professor of law at Leeds and
#: author of “The Quiet Court,” put it,").
PUT_IT_MAX_TOKENS = 30


def _put_it_credit(verb: Token) -> Span | None:
    """Who "as X put it," names, read from the words (the parse takes "as" for a preposition or the
    clause for a relative one as often as not): "as" opening a clause (after a comma, a line break or at
    the sentence start), then X with no verb in it, then "put it" and a comma. X is cut at its first
    comma: the name, without the description set after it."""
    doc = verb.doc
    if verb.lemma_ != "put" or verb.i + 2 >= len(doc) or doc[verb.i + 1].lower_ != "it" or \
            doc[verb.i + 2].text != ",":
        return None
    first = max(verb.sent.start, verb.i - PUT_IT_MAX_TOKENS - 1)
    for k in range(verb.i - 1, first - 1, -1):
        tok = doc[k]
        if tok.text in _SENT_END or tok.pos_ in ("VERB", "AUX"):
            return None  # "As costs rose, Lee put it, …": a clause, not a credit
        if tok.lower_ == "as" and (k == verb.sent.start or doc[k - 1].is_punct or doc[k - 1].is_space):
            end = next((j for j in range(k + 1, verb.i) if doc[j].text == ","), verb.i)
            return doc[k + 1 : end] if end > k + 1 else None
    return None


def _reported(tok: Token) -> bool:
    """Whether ``tok`` lies in what a named speaker reports ("Lee said that according to its count, …"):
    the speaker vouches for the whole clause, the credit inside it included. A credit hanging on the
    reporting verb itself ("Lee said …, according to the paper") credits the report, not its content."""
    for verb in list(tok.ancestors)[1:]:
        if verb.pos_ == "VERB" and _is_cue(verb, PARTIAL_CUES):
            subject = _subject(verb)
            if subject is not None and (subject.root.pos_ == "PROPN" or subject.root.ent_type_ == "PERSON"):
                return True
    return False


def _role(subject: Span) -> bool:
    """Whether a subject describes someone by a role noun ("an American diplomat", "the officials")."""
    return subject.root.pos_ == "NOUN" and is_role_noun(subject.root.lemma_.lower())


def _thing(subject: Span) -> bool:
    """Whether a subject names a thing, not someone who could speak: a common noun that is no role
    ("a source", "voters"), no organisation ("the agency") and no medium ("the report"), with no name in
    it ("the areas that were hacked", "the goal", "his proposal")."""
    root = subject.root
    if root.pos_ != "NOUN" or any(t.ent_type_ in _SPEAKING_ENTITIES for t in subject):
        return False
    lemma = root.lemma_.lower()
    return not (is_role_noun(lemma) or lemma in ORG_NOUNS or lemma in MEDIUM_NOUNS or root.lower_ in MEDIUM_NOUNS)


def _resolve_subject(resolver: SpeakerResolver, event: _Event) -> Speaker:
    """The speaker of ``event``'s subject; for a quote whose subject names neither a person nor an
    organisation ("the goal", "a database", "the process … could be “messy,” adding"), the speaker of
    the reporting verb framing it."""
    assert event.subject is not None
    if event.kind == "indirect":
        return resolver.speaker(event.subject, event.anchor, event.para)
    outer = _outer_subject(event.subject)
    if outer is not None and (event.start <= outer.start_char < event.end or
                              event.start <= outer.root.head.idx < event.end):
        outer = None  # "Lee shot back, “Ward called them out”" parsed under the quote's verb: not a frame
    framings: dict[tuple[int, int], Speaker] = {}

    def framing(reporter: Span) -> Speaker:
        """The speaker a reporting subject names (resolved once per subject)."""
        key = (reporter.start, reporter.end)
        if key not in framings:
            framings[key] = resolver.speaker(reporter, min(event.anchor, reporter.start_char), event.para)
        return framings[key]

    survey = _survey(event.subject) or (_survey(outer) if outer is not None else None)
    if survey is not None:  # the poll's maker ("a Gallup poll"), else the poll as described
        found = framing(survey)
        return found if found.name else Speaker(survey.text, survey.start_char, survey.end_char)
    if event.subject.text.lower() in _CLAUSE_PRONOUNS:
        # "Lee told reporters he saw Ward as “a liar”", "the groups say they are “…”": a pronoun in a
        # reported clause gives the quote to the reporting verb's subject
        reporter = outer or _earlier_reporter(event.subject)
        if reporter is not None and reporter.text.lower() not in _CLAUSE_PRONOUNS:
            who = framing(reporter)
            # he/she: one person or a singular description ("the front-runner"); they: any group
            one = who.person or who.named or reporter.root.tag_ in ("NN", "NNP")
            if who.name and not _thing(reporter) and (one or event.subject.text.lower() == "they"):
                return who
    # a partial quote's sentence credit comes first ("grew “very tense”, according to a producer")
    credited = _according_to(event) if event.kind == "partial" else None
    if credited is not None:
        found = framing(credited)
        if found.name:
            return found
        if credited.root.lower_ in MEDIUM_NOUNS:
            return found  # "…, according to a study last year": a source with no maker named, not the subject
    owned = event.kind == "partial" and event.subject.root.dep_ == "poss"  # "Ward's assertion of a “…”"
    if event.kind == "partial" and outer is not None and not owned and _reports(outer, event.subject):
        # "Lee said Ward called the plan “…”", "Ward, Lee said, has created a “…”": the words in the marks
        # are what the named reporter said, whoever the reported clause is about
        found = framing(outer)
        if found.name and found.person:
            return found
    who = resolver.speaker(event.subject, event.anchor, event.para)
    if event.kind == "partial" and not who.person and outer is not None:
        # "Ward, Lee said, called the plan “…”", "Lee said the agency deemed them “…”": a partial quote
        # whose clause has no person as subject is the words of the person reporting the clause
        found = framing(outer)
        if found.name and found.person:
            return found
    if who.person or who.named:
        return who
    if event.kind == "partial" and outer is not None and _thing(event.subject):
        # "a source said the files that were taken suggested the thieves wanted “…”": files do not
        # speak; whoever reports the clause does, named or described
        found = framing(outer)
        if found.name:
            return found
    if event.kind != "partial":  # a partial quote's credit was read above
        credited = _according_to(event)
    if credited is not None:
        # "The visit became “…,” according to Lee": the sentence credits its source explicitly
        found = framing(credited)
        if found.name:
            return found
    if event.kind == "partial" and outer is None and event.subject.root.tag_ == "NN":
        # "his policy was “…”", "the phrase he uttered, “…”": a thing does not speak; the person who
        # reports in the same sentence does (a plural may be people: "the groups say they are “…”")
        outer = _earlier_reporter(event.subject)
    if outer is None and event.kind == "partial" and _thing(event.subject) and \
            event.subject.root.dep_ not in ("nsubj", "nsubjpass") and event.subject.root.head.dep_ != "agent":
        # "an effort to disprove claims of “…”", "in an address that spoke to the “…”": a thing the parse
        # offers from outside the subject position never speaks; the person the sentence is about may
        # ("Democrats plan …, in an effort to disprove claims of “…”"), else nobody. (A grammatical
        # subject stays: "the warden" is a role the noun lists may not know.)
        outer = _sentence_subject(event.subject)
        if outer is None:
            return Speaker(None)
        found = framing(outer)
        return found if found.name and found.person else Speaker(None)
    if outer is None:
        return who
    found = framing(outer)
    return found if found.name and (found.person or found.named) else who


#: Nouns of the survey a share of respondents answered in.
_SURVEY_NOUNS = frozenset({"poll", "survey"})


def _survey(subject: Span) -> Span | None:
    """The poll in the sentence of a subject that is a share of respondents ("In a CNN poll released
    Monday, 31% of voters said they were “…”", "Six in 10 said", "… 55 percent said …, according to a
    Quinnipiac poll"): the poll's maker is the source, not the anonymous share."""
    if not any(t.like_num or t.text == "%" or t.lower_ == "percent" for t in subject[:3]):
        return None
    return next((_phrase(t) for t in subject.root.sent if t.pos_ == "NOUN" and t.lemma_.lower() in _SURVEY_NOUNS
                 and not subject.start <= t.i < subject.end), None)


def _reports(outer: Span, subject: Span) -> bool:
    """Whether the reporting verb of ``outer`` reports the clause of ``subject``: the clause is its
    complement ("Lee said Ward called it “…”") or it is set into the clause ("Ward, Lee said, has …"), not
    a clause of time or contrast beside it ("After Ward said …, Lee said:", "while Ward said …")."""
    verb, clause = outer.root.head, subject.root.head
    if any(c.dep_ == "neg" for c in verb.children):
        return False  # "Lee cannot say that “…,” Ward added": a denied report reports nothing
    if verb.dep_ in ("parenthetical", "parataxis") and (verb.head == clause or verb.head in clause.ancestors):
        return True
    tok = subject.root
    while tok.head.i != tok.i:
        if tok.head.i == verb.i:
            return tok.dep_ in ("ccomp", "xcomp", "conj", "dobj", "nsubj")
        if tok.dep_ in ("advcl", "relcl", "acl"):
            return False
        tok = tok.head
    return False


def _sentence_subject(subject: Span) -> Span | None:
    """The subject of the main verb of ``subject``'s sentence, when it lies outside ``subject``."""
    root = subject.root.sent.root
    found = _subject(root) if root.pos_ in ("VERB", "AUX") else None
    if found is None or found.start <= subject.root.i < found.end or subject.start <= found.root.i < subject.end:
        return None
    return found


def extract_quotes(doc: Doc, article: Article, *, names: NameIndex) -> Iterator[Quote]:
    """Yield the direct, partial and indirect quotations of an article with their speakers.

    Args:
        doc: spaCy Doc of ``article.text`` (needs the parser and NER).
        article: the article (for its id and text).
        names: the article's name index, for full speaker names.

    Yields:
        The headline's quotes, then the body's in text order (none if ``article.language`` is not
        English). ``text`` is exactly ``article.text[start:end]`` without the quote marks (a headline
        quote's offsets point into ``article.title``); ``speaker`` is a full person name, a group
        phrase ("Ukrainian officials") or None; ``speaker_start``/``speaker_end`` span the attribution's
        subject when there is one. Partial quotes have kind "partial", reported speech "indirect".
    """
    if not article.language.lower().startswith("en"):
        return  # the cue lexicons and the parse-based attribution are English-only
    yield from headline_quotes(article, names)  # the headline comes before the body
    text = article.text
    parse = _Parse(doc)
    marked = _marked(text)
    quotes = _quote_events(text, parse, marked)
    indirect = _indirect_events(text, parse, [(e.start, e.end) for e in quotes])
    _transcript_turns(doc, quotes, names)
    events = sorted(quotes + indirect, key=lambda e: (e.anchor, e.start))
    resolver = SpeakerResolver(doc, names, [(m.open, (m.close or m.end) + 1) for m in marked])
    forward = _forward_attributions(events)
    for k, event in enumerate(events):
        if event.subject is not None and event.start <= event.subject.start_char < event.end:
            event.subject = _outside(event.subject, event.end)
        if event.kind == "indirect" and event.subject is not None and _in_marks(event.subject):
            event.subject = None  # "“Meh,” wrote a fan who …" read as reported speech of "Meh"
        if event.kind != "indirect" and event.subject is not None and _free_relative(event.subject):
            event.subject = None  # "what we should ask is “…”": a clause, not a speaker; read on as unattributed
        if event.speaker is not None:
            pass  # a transcript turn: its label named the speaker
        elif event.subject is not None:
            event.speaker = _resolve_subject(resolver, event)
        elif event.kind != "indirect" and k not in forward:
            # unattributed, or a cue whose subject the parse lost ("Adding, “…”"): the quote goes to
            # whoever the sentence before it has reporting ("Dana Reyes agreed. “…”"), or else
            # continues the last speaker of its paragraph or the one before
            # ("As Lee put it, “…”", "“…,” according to Lee" with the parse giving no subject)
            lead = _sentence_credit(parse.tok(event.start).sent, event) or _lead_in(parse, event)
            led = resolver.speaker(lead, event.anchor, event.para) if lead is not None else None
            if lead is not None and led is not None and led.name and (led.person or led.named or _role(lead)):
                event.speaker = led
            else:
                event.speaker = resolver.continuation(event.anchor, event.para) or Speaker(None)
        if event.speaker is not None and not event.tentative and (
                event.kind != "indirect" or event.speaker.named or event.speaker.person):
            # an unnamed source of reported content ("the report listed …") is not carried to the
            # quotes that follow: only people and named bodies speak on
            resolver.remember(event.anchor, event.para, event.speaker)
    for k, source in forward.items():
        who = source.speaker
        if who is not None and who.name:
            events[k].speaker = who.without_span()
        else:
            events[k].speaker = resolver.continuation(events[k].anchor, events[k].para) or Speaker(None)
    _repeated_quotes(text, events, set(forward))
    for e in sorted(events, key=lambda e: (e.start, e.end)):
        who = e.speaker or Speaker(None)
        if who.name and not _NAME_WORD.search(who.name):
            who = Speaker(None)  # "49" (of "49% say"), "___" (a separator line): no one is named
        yield Quote(article.id, e.start, e.end, text[e.start : e.end], e.kind, who.name, e.cue,
                    who.start, who.end, confidence=e.confidence, tentative=e.tentative)
