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
   *Indirect* speech is the clausal complement of a reporting verb outside quotes ("officials said on
   Tuesday [some soldiers had engaged]", "[...], says Dan Pinkston").
3. **Speaker.** The subject of the reporting verb next to the quote (dependency parse), or of the clause
   introducing it with a colon ("His rationale: “…”"); pronouns go to the most recent person who spoke
   or was a sentence subject; an unattributed quote continues the last speaker of its paragraph or of
   the paragraph before. People get their fullest in-article name (:class:`~storyline.resolve.NameIndex`);
   groups keep their phrase ("Ukrainian officials"). Indirect speech without a resolvable speaker is
   not reported.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from ..model import Article, Quote, QuoteKind
from ..resolve import MALE_WORDS, NameIndex, clean_name, name_bounds, person_span

__all__ = ["extract_quotes", "SPEECH_VERBS", "COGNITION_VERBS", "MANNER_VERBS", "NAMING_VERBS"]

#: Verbs (lemmas) that report what someone said, with a quote or with a that-clause. Seeded from
#: textacy's REPORTING_VERBS and the verbs of attribution in news style guides, then pruned of verbs
#: whose clausal complement is not speech ("show", "find").
SPEECH_VERBS = frozenset(
    """
    say tell add note argue warn explain claim state insist suggest report announce declare confirm
    acknowledge admit assert contend maintain stress emphasize emphasise observe remark reply respond
    answer recall write comment predict estimate assess conclude caution concede complain allege reveal
    disclose testify tweet post vow pledge promise point urge deny ask recount describe
    """.split()
)
#: Verbs of opinion: an expert "believes" or "agrees" that X is the expert's reported view.
#: Emotion verbs (fear, worry, feel) are left out: "Worried that …, Democrats limited …" reports nothing.
COGNITION_VERBS = frozenset("believe think agree reckon expect doubt".split())
#: Manner-of-speaking verbs: attribute a direct quote ("…,” he continued, "…,” the statement reads) but
#: report no content.
MANNER_VERBS = frozenset("continue shout exclaim whisper joke quip laugh sigh scream mutter cry read".split())
#: Naming verbs license a partial quote ("called the move “reckless”"), never indirect speech.
NAMING_VERBS = frozenset("call dub term label brand characterize characterise".split())
#: Reporting verbs whose clausal complement is not the speaker's claim ("asked whether",
#: "denied that"): excluded from indirect speech only.
NOT_INDIRECT = frozenset({"ask", "deny", "doubt", "describe", "urge", "promise"})

DIRECT_CUES = SPEECH_VERBS | COGNITION_VERBS | MANNER_VERBS
INDIRECT_CUES = (SPEECH_VERBS | COGNITION_VERBS) - NOT_INDIRECT
PARTIAL_CUES = SPEECH_VERBS | COGNITION_VERBS | NAMING_VERBS

#: An attribution after a quote runs to the end of its sentence; this caps it so a missing full stop
#: cannot join the next sentence. 45 tokens fits the longest appositive attributions seen in news
#: ("Andrei Lankov, a Russian-born professor of history and international relations at ..., told DW"
#: is 21 tokens).
ATTRIBUTION_MAX_TOKENS = 45
#: Partial quotes shorter than this are scare quotes or labels ("warning of “severe” levels", the
#: use of “We.”) more often than speech; two words ("“closely monitored.”") already carry a claim.
PARTIAL_MIN_WORDS = 2
#: Single-quoted spans shorter than this are kept only with an explicit attribution (apostrophe risk).
SINGLE_QUOTE_MIN_WORDS = 3

_OPEN_DOUBLE, _CLOSE_DOUBLE, _ANY_DOUBLE = "“„«", "”»", '"'
_OPEN_SINGLE, _CLOSE_SINGLE, _ANY_SINGLE = "‘", "’", "'"
_BEFORE_OPEN = " \t\n([{—–-/:;"  # characters after which a mark opens a quote
_AFTER_CLOSE = " \t\n)]}.,;:!?—–-…"  # characters before which a mark closes a quote
_CLAUSE_END = ",.?!…;:—–-"
_SENT_END = frozenset({".", "?", "!", ";"})
_SUBJECTS = frozenset({"nsubj", "nsubjpass", "csubj"})
_PERSON_PRONOUNS = frozenset({"he", "him", "his", "she", "her", "hers"})
_GROUP_PRONOUNS = frozenset({"they", "them", "their"})
_RELATIVES = frozenset({"that", "which", "who", "whom", "whose"})
_WH_WORDS = frozenset({"how", "what", "whether", "if", "why", "when", "where", "who", "which"})
#: First- and second-person pronouns and demonstratives name no one outside the quotation itself.
_NO_SPEAKER = frozenset("i me my we us our you your it its there this that what who".split())
_AGE_DESCRIPTOR = re.compile(r"\d+-year-old")
_WORD = re.compile(r"\w+(?:['’]\w+)*")


@dataclass
class _Marked:
    """Text between a pair of quote marks (or from an opening mark to the paragraph end)."""

    start: int
    end: int
    open: int
    close: int | None
    para: int
    single: bool


@dataclass
class _Speaker:
    name: str | None
    start: int | None = None
    end: int | None = None
    person: bool = False
    named: bool = False  # a proper name, whatever label the tagger gave it


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
    speaker: _Speaker | None = None

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
    return after_ok and not text[i - 1].isspace()


def _pairs(
    text: str, a: int, b: int, single: bool, skip: list[tuple[int, int]]
) -> list[tuple[int, int | None]]:
    """Pair the quote marks of one paragraph ``text[a:b]``; an unclosed last opener pairs with None."""
    opens, closes, both = (_OPEN_SINGLE, _CLOSE_SINGLE, _ANY_SINGLE) if single else (
        _OPEN_DOUBLE, _CLOSE_DOUBLE, _ANY_DOUBLE)
    out: list[tuple[int, int | None]] = []
    opened: int | None = None
    weak: int | None = None  # "troops’ deployment": closes only if nothing better follows
    for i in range(a, b):
        ch = text[i]
        if ch not in opens + closes + both or any(s <= i < e for s, e in skip):
            continue
        if single and text[i - 1 : i].isalnum() and text[i + 1 : i + 2].isalnum():
            continue  # apostrophe inside a word
        if opened is not None and (ch in closes or ch in both) and _can_close(text, i, b):
            if single and text[i - 1] == "s" and text[i + 1 : i + 3].strip()[:1].islower():
                weak = weak if weak is not None else i
                continue
            out.append((opened, i))
            opened, weak = None, None
        elif (ch in opens or ch in both) and _can_open(text, i, a):
            if not (single and text[i + 1 : i + 2].isdigit()):  # ’90s
                opened, weak = i, None
    if opened is not None:
        out.append((opened, weak))
    return out


def _marked(text: str) -> list[_Marked]:
    paras = _paragraphs(text)
    found: list[_Marked] = []
    for single in (False, True):
        skip = [(m.open, (m.close or m.end) + 1) for m in found]
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
                    found.append(_Marked(s, e, o, c, p, single))
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
    for _ in range(3):
        if verb.lemma_ == "accord":  # "according to X"
            objs = [o for p in verb.children if p.lower_ == "to" for o in p.children if o.dep_ == "pobj"]
            return _phrase(objs[0]) if objs else None
        subs = [c for c in verb.children if c.dep_ in _SUBJECTS]
        if subs and subs[0].lower_ in ("who", "which", "that") and verb.dep_ == "relcl":
            return _phrase(verb.head)  # "Smith, who said …": the relative pronoun's antecedent
        if subs:  # several: the parse split a subject ("ex - soldiers") or took in a dateline
            best = min(subs, key=lambda t: (t.ent_type_ != "PERSON", abs(t.i - verb.i)))
            chain = [t for t in subs if t.i < best.i and all(
                verb.doc[k].dep_ in _SUBJECTS for k in range(t.i, best.i))]
            return _phrase(best, extra=chain)
        if verb.dep_ == "acl":  # "South Dakotans declaring, “…”"
            return _phrase(verb.head)
        if verb.dep_ not in ("conj", "advcl", "xcomp") or verb.head.i == verb.i:
            break
        objects = [c for c in verb.head.children if c.dep_ in ("dobj", "dative")]
        if verb.dep_ == "xcomp" and objects:  # "led the manufacturer to announce": object control
            return _phrase(objects[0])
        verb = verb.head
    return None


def _phrase(head: Token, extra: Sequence[Token] = ()) -> Span:
    """The noun phrase of ``head`` without relative clauses, appositions or trailing punctuation."""
    doc = head.doc
    start = min([head.left_edge.i, *(t.left_edge.i for t in extra)])
    end = max([head.i, *(t.i for t in extra)]) + 1
    for child in head.rights:
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


def _is_cue(tok: Token, lexicon: frozenset[str]) -> bool:
    if tok.lemma_ == "accord":
        return any(c.lower_ == "to" for c in tok.children)
    if tok.lemma_.lower() == "point":
        return any(c.dep_ == "prt" and c.lower_ == "out" for c in tok.children)
    if tok.tag_ == "VBN" and (tok.dep_ in ("acl", "amod") or any(c.dep_ == "auxpass" for c in tok.children)):
        return False  # participle modifier or passive: "the deal announced in October", "That being said"
    return tok.pos_ in ("VERB", "AUX") and tok.lemma_.lower() in lexicon


# --------------------------------------------------------------------------- direct and partial


def _region_after(parse: _Parse, m: _Marked, nxt: int) -> list[Token]:
    region: list[Token] = []
    for tok in parse.between((m.close or m.end) + 1, nxt):
        if tok.text in _SENT_END or len(region) >= ATTRIBUTION_MAX_TOKENS:
            break
        region.append(tok)
    return region


def _region_before(parse: _Parse, m: _Marked, prev: int) -> list[Token]:
    toks = parse.between(prev, m.open)
    for k in range(len(toks) - 1, -1, -1):
        if toks[k].text in _SENT_END:
            return toks[k + 1 :]
    return toks


def _verb_in(region: list[Token], last: bool = False) -> Token | None:
    inside = {t.i for t in region}
    order = reversed(region) if last else region
    for tok in order:
        if not _is_cue(tok, DIRECT_CUES):
            continue
        if any(c.dep_ == "ccomp" and c.i in inside for c in tok.children) and not last:
            continue  # "Smith said [the war was over]": a new report, not this quote's attribution
        return tok
    return None


def _leads(verb: Token, region: list[Token]) -> bool:
    """The attribution starts right after the closing mark (with the verb or its subject)."""
    first = region[0]
    subject = _subject(verb)
    return first.i == verb.i or (subject is not None and subject.start <= first.i < subject.end)


def _nearby_subject(verb: Token, region: list[Token]) -> Span | None:
    """Fallback when the parse gives the cue no subject: the noun right before or after it."""
    inside = {t.i for t in region}
    doc = verb.doc
    k = verb.i - 1
    while k in inside and doc[k].pos_ in ("AUX", "ADV", "PART"):
        k -= 1
    for cand in (k, verb.i + 1):
        if cand in inside and doc[cand].pos_ in ("PROPN", "PRON", "NOUN"):
            return _phrase(doc[cand])
    return None


def _clause_subject(region: list[Token]) -> Span | None:
    """Who speaks in a colon introduction without a reporting verb ("X gave an answer:", "His view:")."""
    if not region:
        return None
    inside = {t.i for t in region}
    roots = [t for t in region if t.head.i not in inside or t.head.i == t.i]
    for root in roots:
        if root.pos_ in ("VERB", "AUX"):
            subj = _subject(root) or _nearby_subject(root, region)
            # only a named or pronoun subject speaks ("Ryu gave an answer:", not "The process was:")
            return subj if subj is not None and subj.root.pos_ in ("PROPN", "PRON") else None
        poss = [c for c in root.children if c.dep_ == "poss"]
        if poss:
            return _phrase(poss[0])
        if root.ent_type_ == "PERSON":
            return _phrase(root)
    return None


def _license(parse: _Parse, m: _Marked) -> Token | None:
    """The reporting verb governing an embedded quote (not through its subject), if any."""
    toks = parse.between(m.start, m.end)
    inside = {t.i for t in toks}
    heads = [t for t in toks if t.head.i not in inside]
    if not heads:
        return None
    child, cur = heads[0], heads[0].head
    while True:
        if cur.i not in inside and _is_cue(cur, PARTIAL_CUES):
            # not through the subject ("the so-called “experts” argued") nor a to-infinitive
            # ("agreed to return the use of “We.”")
            return cur if child.dep_ not in _SUBJECTS | {"xcomp"} else None
        if cur.head.i == cur.i:
            return None
        child, cur = cur, cur.head


def _starts_sentence(text: str, m: _Marked, prev_close: int) -> str:
    """How the quote is introduced: "start", "colon", "comma" or "embedded"."""
    before = text[prev_close : m.open].rstrip()
    if not before or before[-1] in ".?!”\"’'" or m.open == prev_close:
        return "start"
    return {":": "colon", ",": "comma", "—": "colon", "–": "colon"}.get(before[-1], "embedded")


def _quote_events(text: str, parse: _Parse, marked: list[_Marked]) -> tuple[list[_Event], set[int]]:
    events: list[_Event] = []
    cues: set[int] = set()
    paras = _paragraphs(text)
    for k, m in enumerate(marked):
        para_start, para_end = paras[m.para]
        prev = marked[k - 1] if k and marked[k - 1].para == m.para else None
        nxt = marked[k + 1].open if k + 1 < len(marked) and marked[k + 1].para == m.para else para_end
        prev_close = (prev.close or prev.end) + 1 if prev else para_start
        intro = _starts_sentence(text, m, prev_close)
        before = _region_before(parse, m, prev_close)
        if prev is None and m.para and intro == "start" and text[paras[m.para - 1][1] - 1] == ":":
            intro, before = "colon", _region_before(parse, m, paras[m.para - 1][0])  # lead-in paragraph
        after = _region_after(parse, m, nxt) if m.close is not None else []
        inner = text[m.start : m.end]
        tail = text[m.close + 1 : m.close + 2] if m.close is not None else ""
        ends_clause = m.close is None or inner[-1] in _CLAUSE_END or tail in ("", *_CLAUSE_END) or \
            not text[m.close + 1 : para_end].strip()
        verb, subject = None, None
        if intro in ("colon", "comma") or (
            intro == "embedded" and inner[:1].isupper() and before and _is_cue(before[-1], DIRECT_CUES)
        ):
            verb = _verb_in(before, last=True)
            if verb is not None:
                intro = "colon"
            elif intro == "colon":
                subject = _clause_subject(before)
            else:
                intro = "embedded"
        if verb is None and subject is None and intro != "embedded":
            verb = _verb_in(after)
            if verb is not None and not ends_clause and not _leads(verb, after):
                verb = None  # "“…” impeachment, Trump said": the quote is a fragment of the sentence
            ends_clause = ends_clause or verb is not None
        if verb is not None:
            subject = _subject(verb) or _nearby_subject(verb, before + after)
            cues.add(verb.i)
        words = len(_WORD.findall(inner))
        attributed = verb is not None or subject is not None
        if intro != "embedded" and (ends_clause or attributed):
            if not attributed and inner[-1] not in ".?!…" and tail not in (".", "?", "!") and m.close:
                continue  # a quoted heading or label: no attribution, no sentence punctuation
            if m.single and not attributed and words < SINGLE_QUOTE_MIN_WORDS:
                continue
            kind: QuoteKind = "direct"
        else:
            verb = _license(parse, m)
            alpha = [w for w in inner.split() if w[:1].isalpha()]
            if verb is None or (alpha and all(w[0].isupper() for w in alpha)):
                continue  # scare quote, or a title of a work
            if words < PARTIAL_MIN_WORDS:
                continue
            subject, kind = _subject(verb), "partial"
        anchor = min(m.open, subject.start_char if subject is not None else m.open)
        events.append(_Event(kind, m.start, m.end, m.para, anchor, subject, _cue(verb) if verb is not None
                             else None))
    return events, cues


# --------------------------------------------------------------------------- indirect speech


def _trim(span: list[Token]) -> tuple[int, int] | None:
    while span and (span[0].is_punct or span[0].dep_ in ("mark", "cc") or span[0].is_space):
        span = span[1:]
    while span and (span[-1].is_punct or span[-1].is_space):
        span = span[:-1]
    if len(span) < 3:
        return None
    return span[0].idx, span[-1].idx + len(span[-1].text)


def _reported(verb: Token) -> tuple[int, int] | None:
    """Character span of what ``verb`` reports: its that-clause, or the clause it is parenthetical to."""
    doc = verb.doc
    comps = [
        c for c in verb.children if c.dep_ == "ccomp" and any(
            g.dep_ in _SUBJECTS | {"expl"} and g.lower_ not in _RELATIVES for g in c.children)
        and doc[c.left_edge.i].lower_ not in _WH_WORDS  # "revealing how …": a question, not a claim
    ]
    if comps:
        comp = comps[0]
        return _trim(list(doc[comp.left_edge.i : comp.right_edge.i + 1]))
    if verb.dep_ == "parataxis" or verb.lemma_ == "accord":  # "…, X argues, …", "according to X, …"
        head = verb.head
        if head.i == verb.i or head.pos_ not in ("VERB", "AUX"):
            return None
        own = range(verb.left_edge.i, verb.right_edge.i + 1)
        if own.start > head.i:  # attribution after the clause's verb: the clause is on its left
            return _trim(list(doc[head.left_edge.i : own.start]))
        return _trim(list(doc[own.stop : head.right_edge.i + 1]))
    return None


def _indirect_events(
    text: str, parse: _Parse, marked: list[_Marked], cues: set[int], direct: list[tuple[int, int]]
) -> list[_Event]:
    para_starts = [a for a, _ in _paragraphs(text)]
    events: list[_Event] = []
    quoted = [(m.open, (m.close or m.end) + 1) for m in marked]
    for tok in parse.doc:
        if tok.i in cues or not _is_cue(tok, INDIRECT_CUES) or any(c.dep_ == "neg" for c in tok.children):
            continue
        if any(a <= tok.idx < b for a, b in quoted):
            continue
        span = _reported(tok)
        subject = _subject(tok)
        if span is None or subject is None or subject[0].lower_ in _NO_SPEAKER:
            continue
        if any(a < span[1] and span[0] < b for a, b in direct) or any(
                m.start <= span[0] and span[1] <= m.end for m in marked):
            continue  # the quotation itself, or a parse mixing attribution and quote
        for m in marked:  # a clause cut inside a partial quote is extended to its marks
            if span[0] < m.open and m.start < span[1] <= m.end and m.close is not None:
                span = (span[0], m.close + 1)
            elif m.start <= span[0] < m.end and span[1] > (m.close or m.end):
                span = (m.open, span[1])
        para = bisect.bisect_right(para_starts, tok.idx) - 1
        if "\n" in text[min(span[0], tok.idx) : max(span[1], tok.idx)]:
            continue  # the parse ran a sentence across a paragraph break
        anchor = min(tok.idx, subject.start_char)
        events.append(_Event("indirect", span[0], span[1], para, anchor, subject, _cue(tok)))
    return events


# --------------------------------------------------------------------------- speakers


class _Resolver:
    """Resolves subjects to speakers in text order, remembering who spoke."""

    def __init__(self, parse: _Parse, names: NameIndex, marked: list[_Marked]) -> None:
        self.names = names
        self.parse = parse
        doc = parse.doc
        self.history: list[tuple[int, int, _Speaker]] = []  # (anchor, paragraph, speaker)
        quoted = [(m.open, (m.close or m.end) + 1) for m in marked]
        # salient people: (sentence start, main-clause subject?, offset, name)
        self.subjects: list[tuple[int, bool, int, str]] = []
        # PERSON entities, a known person's name the tagger labelled otherwise, or left untagged
        untagged = [doc[t.i : t.i + 1] for t in doc if t.pos_ == "PROPN" and not t.ent_type_
                    and t.dep_ in _SUBJECTS and t.text[:1].isupper()]
        for ent in [*doc.ents, *untagged]:
            if any(a <= ent.start_char < b for a, b in quoted) or not (
                    ent.label_ == "PERSON" or names.person(ent.text, at=ent.start_char)):
                continue
            nxt = doc[ent.end] if ent.end < len(doc) else None
            root = ent.root
            subj = root.head if root.dep_ == "appos" else root
            # not subjects of modifiers: "the night Epstein died" does not make Epstein salient
            if (subj.dep_ in _SUBJECTS and subj.head.dep_ not in ("relcl", "acl", "pcomp")) or (
                    nxt is not None and nxt.pos_ in ("VERB", "AUX") and nxt.dep_ not in ("relcl", "acl")):
                name = names.canonical(ent.text, label="PERSON", at=ent.start_char)
                main = subj.dep_ in _SUBJECTS and subj.head.dep_ == "ROOT"
                self.subjects.append((self._sent_start(ent.start_char), main, ent.start_char, name))

    def _recent_person(self, at: int, pronoun: str) -> str | None:
        """Most recent person before ``at``: by sentence, then main-clause subject first (Figgins in
        "Figgins declined to say whether Thomas slept"), then position; the pronoun's gender must fit."""
        best = [(self._sent_start(a), True, a, s.name) for a, _, s in self.history
                if a < at and s.person and s.name]
        best += [c for c in self.subjects if c[2] < at]
        other = "female" if pronoun in MALE_WORDS else "male" if pronoun else None  # "she" skips men
        best = [c for c in best if self.names.gender(c[3]) != other]
        if not best:  # no person at all: a proper name the tagger took for an organisation
            best = [(0, True, a, s.name) for a, _, s in self.history if a < at and s.named and s.name]
        return max(best)[3] if best else None

    def _sent_start(self, offset: int) -> int:
        """Start of the sentence at ``offset``; a paragraph break always starts one."""
        text = self.parse.doc.text
        return max(self.parse.tok(offset).sent.start_char, text.rfind("\n", 0, offset) + 1)

    def speaker(self, subject: Span, at: int, para: int) -> _Speaker:
        first = subject[0].lower_
        start, end = subject.start_char, subject.end_char
        if len(subject) == 1 and first in _PERSON_PRONOUNS:
            return _Speaker(self._recent_person(at, first), start, end, person=True)
        if _AGE_DESCRIPTOR.fullmatch(clean_name(subject.text)):  # "the 56-year-old said": a known person
            return _Speaker(self._recent_person(at, ""), start, end, person=True)
        if len(subject) == 1 and first in _GROUP_PRONOUNS:
            groups = [s for a, p, s in self.history if a < at and p >= para - 1 and not s.person and s.name]
            return _Speaker(groups[-1].name if groups else None, start, end)
        people = [e for e in subject.ents if e.label_ == "PERSON"]
        appos = [e for t in subject.root.children if t.dep_ == "appos" for e in subject.doc[
            t.left_edge.i : t.right_edge.i + 1].ents if e.label_ == "PERSON"]
        root = subject.root
        # the person heading the subject, not a modifier ("Twitter users", "Biden aides")
        for ent in [e for e in people if e.start <= root.i < e.end][:1] or appos[:1]:
            span = person_span(ent)
            i, j = name_bounds(span.text, person=True)
            return _Speaker(self.names.canonical(span.text, label="PERSON", at=span.start_char) or None,
                            span.start_char + i, span.start_char + j, person=True)
        if first in _NO_SPEAKER and len(subject) == 1:
            return _Speaker(None, start, end)
        if root.pos_ == "PROPN" and root.text[:1].isupper():  # "14th-ranked Schwartzman": the name only
            k = root.i
            while k > subject.start and subject.doc[k - 1].pos_ == "PROPN":
                k -= 1
            name = subject.doc[k : root.i + 1]
            full = self.names.person(name.text, at=name.start_char)
            if full or not root.ent_type_:  # an untagged proper name speaking is a person
                return _Speaker(full or clean_name(name.text, person=True) or None, name.start_char,
                                name.end_char, person=True)
            return _Speaker(self.names.canonical(name.text, label=root.ent_type_, at=start) or None,
                            name.start_char, name.end_char, named=True)
        return _Speaker(clean_name(subject.text) or None, start, end)

    def continuation(self, at: int, para: int) -> _Speaker | None:
        for a, p, s in reversed(self.history):
            if a < at and p >= para - 1 and s.name:
                return _Speaker(s.name, person=s.person, named=s.named)
            if p < para - 1:
                break
        return None


def extract_quotes(doc: Doc, article: Article, *, names: NameIndex) -> Iterator[Quote]:
    """Yield the direct, partial and indirect quotations of an article with their speakers.

    Args:
        doc: spaCy Doc of ``article.text`` (needs the parser and NER).
        article: the article (for its id and text).
        names: the article's name index, for full speaker names.

    Yields:
        Quotes in text order (none if ``article.language`` is not English). ``text`` is exactly
        ``article.text[start:end]`` without the quote marks; ``speaker`` is a full person name, a group
        phrase ("Ukrainian officials") or None; ``speaker_start``/``speaker_end`` span the attribution's
        subject when there is one. Partial quotes have kind "partial", reported speech "indirect".
    """
    if not article.language.lower().startswith("en"):
        return  # the cue lexicons and the parse-based attribution are English-only
    text = article.text
    parse = _Parse(doc)
    marked = _marked(text)
    quotes, cues = _quote_events(text, parse, marked)
    direct = [(e.start, e.end) for e in quotes if e.kind == "direct"]
    indirect = _indirect_events(text, parse, marked, cues, direct)
    events = sorted(quotes + indirect, key=lambda e: (e.anchor, e.start))
    resolver = _Resolver(parse, names, marked)
    for event in events:
        if event.subject is not None:
            event.speaker = resolver.speaker(event.subject, event.anchor, event.para)
        elif not event.attributed:
            event.speaker = resolver.continuation(event.anchor, event.para) or _Speaker(None)
        if event.speaker is not None and event.speaker.name:
            resolver.history.append((event.anchor, event.para, event.speaker))
    for e in sorted(events, key=lambda e: (e.start, e.end)):
        who = e.speaker or _Speaker(None)
        if e.kind == "indirect" and not who.name:
            continue
        yield Quote(article.id, e.start, e.end, text[e.start : e.end], e.kind, who.name, e.cue,
                    who.start, who.end)
