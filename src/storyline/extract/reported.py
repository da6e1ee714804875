"""Reported speech and belief beyond quote marks: candidate attributions from the parse, and their features.

An *attribution* ties a source ("the senator", "a new poll"), a cue ("said", "according to", "believes",
"criticised") and a content (what was said, thought or intended). PolNeAR, the corpus of US political news
in which every attribution is annotated by hand, shows how far news stretches this: besides that-clauses of
speech verbs ("X said [the bill would pass]") it annotates objects of verbs of stance ("X endorsed [Cruz]"),
preposition objects of cue nouns ("X's criticism of [the plan]"), subjects of passive stance verbs
("[the levy] was rejected by X"), whole clauses around "according to X" and around parenthetical "X said".

This module proposes every such (cue, content) pair the dependency parse allows, restricted to cue words
PolNeAR's train split uses as cues (the lexicon is data in the model file, derived from the train cues, not
from memory), and describes each with numeric features. :mod:`storyline.extract.reported_model` scores
them with boosted trees trained on PolNeAR train (``tools/train_attribution_model.py``).
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

__all__ = [
    "Candidate", "CueStats", "candidates", "cue_key", "features", "feature_rows", "relation_key", "FEATURE_NAMES",
    "KEY_KINDS", "RELATIONS",
]

#: Dependents of a cue word that hold what it reports.
CLAUSE_DEPS = frozenset({"ccomp", "xcomp", "advcl", "csubj", "parataxis"})
OBJECT_DEPS = frozenset({"dobj", "attr", "oprd", "acomp"})
#: How a content hangs off its cue; one-hot features, in this order.
RELATIONS = ("ccomp", "xcomp", "advcl", "csubj", "parataxis", "dobj", "attr", "oprd", "acomp", "prep",
             "according", "parenthetical", "noun_clause", "nsubjpass")
#: The interaction keys of :func:`relation_key`, in order; each gives a rate and a count feature.
KEY_KINDS = ("relation", "tag", "dep", "source", "relation_tag", "preposition")
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj", "expl"})
_PERSONAL = frozenset("i you he she we they me him her us them".split())
_DEMONSTRATIVE = frozenset("it this that these those which what who".split())
_POS = ("VERB", "AUX", "NOUN", "PROPN", "ADJ", "ADP")
_SOURCE_LABELS = ("PERSON", "ORG", "NORP", "GPE")
#: A content shorter than this many word tokens reports nothing checkable.
MIN_CONTENT_WORDS = 1
#: Smoothing of the cue rates (pseudo-count of the prior), so a word seen twice as a cue is not certain.
RATE_SMOOTHING = 4.0


@dataclass(frozen=True, slots=True)
class Candidate:
    """A possible attribution: token ``cue`` reports tokens ``start``..``end`` (exclusive) of the Doc.

    ``relation`` is how the content hangs off the cue (one of :data:`RELATIONS`), ``source`` the token
    heading the source phrase when the parse gives one (the cue's subject, the object of "according to",
    a possessor), ``preposition`` the preposition between a cue and its object ("criticism *of*").
    """

    cue: int
    start: int
    end: int
    relation: str
    source: int | None
    preposition: str = ""


@dataclass(frozen=True, slots=True)
class CueStats:
    """How often PolNeAR train used a word as a cue: per key, (times a cue head, times seen at all)."""

    counts: Mapping[str, tuple[int, int]]
    prior: float

    def rate(self, key: str) -> float:
        cue, seen = self.counts.get(key, (0, 0))
        return (cue + RATE_SMOOTHING * self.prior) / (seen + RATE_SMOOTHING)

    def seen(self, key: str) -> int:
        return self.counts.get(key, (0, 0))[1]

    def is_cue(self, key: str) -> bool:
        return self.counts.get(key, (0, 0))[0] > 0


def cue_key(tok: Token) -> str:
    """The lexicon key of a cue word: its lower-case lemma and coarse part of speech ("say/VERB")."""
    pos = "VERB" if tok.pos_ == "AUX" else tok.pos_
    return f"{tok.lemma_.lower()}/{pos}"


def _trimmed(doc: Doc, start: int, end: int) -> tuple[int, int] | None:
    while start < end and (doc[start].is_punct and doc[start].text not in "“\"‘'" or doc[start].is_space
                           or doc[start].dep_ in ("mark", "cc") and doc[start].lower_ in ("that", "and", "but")):
        start += 1
    while end > start and (doc[end - 1].is_space or doc[end - 1].is_punct and doc[end - 1].text not in "”\"’'"):
        end -= 1
    words = sum(1 for t in doc[start:end] if not t.is_punct and not t.is_space)
    return (start, end) if words >= MIN_CONTENT_WORDS else None


def _subtree(tok: Token, sent: Span) -> tuple[int, int]:
    return max(tok.left_edge.i, sent.start), min(tok.right_edge.i + 1, sent.end)


def _source(cue: Token) -> int | None:
    """Head token of the cue's source: its subject (climbing conjuncts and "…, adding"), or a possessor."""
    tok = cue
    for _ in range(3):
        subjects = [c for c in tok.children if c.dep_ in SUBJECT_DEPS]
        if subjects:
            return subjects[0].i
        owners = [c for c in tok.children if c.dep_ == "poss"]
        if owners:
            return owners[0].i
        agent = _agent(tok)
        if agent is not None:
            return agent
        if tok.dep_ in ("conj", "advcl", "xcomp", "acl", "relcl") and tok.head.i != tok.i:
            if tok.dep_ in ("acl", "relcl") and tok.head.pos_ in ("NOUN", "PROPN", "PRON"):
                return tok.head.i
            tok = tok.head
            continue
        break
    return None


def _agent(verb: Token) -> int | None:
    """Head of the by-phrase of a passive verb ("backed *by the union*"), if any."""
    return next((o.i for c in verb.children if c.dep_ == "agent" for o in c.children if o.dep_ == "pobj"), None)


def _according(tok: Token, sent: Span) -> Iterator[Candidate]:
    """"according to X": the rest of the sentence is X's."""
    to = [c for c in tok.children if c.lower_ == "to"]
    if not to:
        return
    objects = [o for o in to[0].children if o.dep_ == "pobj"]
    lo, hi = tok.left_edge.i, tok.right_edge.i + 1
    source = objects[0].i if objects else None
    before = _trimmed(sent.doc, sent.start, lo)
    after = _trimmed(sent.doc, hi, sent.end)
    if before and (not after or before[1] - before[0] >= after[1] - after[0]):
        yield Candidate(tok.i, before[0], before[1], "according", source)
    elif after:
        yield Candidate(tok.i, after[0], after[1], "according", source)


def _parenthetical(tok: Token, sent: Span) -> Iterator[Candidate]:
    """"The plan, she said, was sound" / "The plan was sound, she said": the clause around the cue."""
    head = tok.head
    if head.i == tok.i or tok.dep_ not in ("parataxis", "ccomp", "conj", "advcl"):
        return
    lo, hi = tok.left_edge.i, tok.right_edge.i + 1
    if tok.dep_ != "parataxis":
        # a cue verb that the parse hung below the reported clause ("…, he says" as ccomp of the
        # clause's verb): it must come after the clause's verb and end the sentence
        if not (tok.i > head.i and hi >= sent.end - 1):
            return
    h_lo, h_hi = _subtree(head, sent)
    before = _trimmed(sent.doc, h_lo, lo)
    after = _trimmed(sent.doc, hi, h_hi)
    parts = [p for p in (before, after) if p]
    if parts:
        yield Candidate(tok.i, parts[0][0], parts[-1][1], "parenthetical", _source(tok))


def candidates(doc: Doc, stats: CueStats) -> Iterator[Candidate]:
    """Every (cue, content) pair the parse allows whose cue word PolNeAR train ever used as a cue."""
    for sent in doc.sents:
        for tok in sent:
            if tok.pos_ not in _POS or tok.is_punct:
                continue
            if tok.lower_ == "according":
                yield from _according(tok, sent)
                continue
            if not stats.is_cue(cue_key(tok)):
                continue
            source = _source(tok)
            yield from _parenthetical(tok, sent)
            for child in tok.children:
                dep = child.dep_
                if dep in CLAUSE_DEPS or dep in OBJECT_DEPS:
                    relation = "noun_clause" if tok.pos_ in ("NOUN", "PROPN") and dep in CLAUSE_DEPS else dep
                    span = _trimmed(doc, *_subtree(child, sent))
                    if span:
                        yield Candidate(tok.i, span[0], span[1], relation, source)
                elif dep == "nsubjpass" and tok.pos_ == "VERB":
                    # "the measure was rejected by voters", "Lee is backed by the union": the passive
                    # subject is what the agent reports on; the agent is the source
                    span = _trimmed(doc, *_subtree(child, sent))
                    if span:
                        yield Candidate(tok.i, span[0], span[1], "nsubjpass", _agent(tok))
                elif dep in ("acl",) and tok.pos_ == "NOUN":  # "the claim that …"
                    span = _trimmed(doc, *_subtree(child, sent))
                    if span:
                        yield Candidate(tok.i, span[0], span[1], "noun_clause", source)
                elif dep == "prep":
                    for obj in child.children:
                        if obj.dep_ in ("pobj", "pcomp"):
                            span = _trimmed(doc, *_subtree(obj, sent))
                            if span:
                                yield Candidate(tok.i, span[0], span[1], "prep", source, child.lower_)


def _source_kind(doc: Doc, source: int | None) -> list[float]:
    if source is None:
        return [1.0, 0.0, 0.0, 0.0, *([0.0] * len(_SOURCE_LABELS)), 0.0]
    tok = doc[source]
    return [
        0.0,
        float(tok.lower_ in _PERSONAL),
        float(tok.lower_ in _DEMONSTRATIVE),
        float(tok.pos_ == "PROPN"),
        *(float(tok.ent_type_ == label) for label in _SOURCE_LABELS),
        float(tok.pos_ == "NOUN"),
    ]


FEATURE_NAMES: tuple[str, ...] = (
    "cue_rate", "cue_seen_log",
    *(f"cue_{kind}_{what}" for kind in KEY_KINDS for what in ("rate", "seen_log")),
    "siblings", "sibling_best_rate", "relation_rate_rank", "longest_of_cue", "cue_has_clause",
    *(f"relation_{r}" for r in RELATIONS),
    *(f"cue_pos_{p}" for p in _POS),
    "cue_tag_past", "cue_tag_present", "cue_tag_participle", "cue_tag_gerund", "cue_negated", "cue_modal",
    "cue_dep_root", "cue_dep_clausal", "cue_in_quotes",
    "no_source", "source_personal", "source_demonstrative", "source_propn",
    *(f"source_{label}" for label in _SOURCE_LABELS), "source_noun",
    "source_before_cue", "content_words", "content_before_cue", "content_has_verb", "content_has_subject",
    "content_quote_marks", "content_share_of_sentence", "content_starts_that", "content_is_wh",
    "sentence_words",
)


def _source_class(doc: Doc, source: int | None) -> str:
    if source is None:
        return "none"
    tok = doc[source]
    if tok.lower_ in _PERSONAL or tok.lower_ in _DEMONSTRATIVE:
        return "pronoun"
    return tok.ent_type_ or tok.pos_


def relation_key(doc: Doc, cand: Candidate) -> tuple[str, ...]:
    """The lexicon keys of a candidate's cue with its relation ("say/VERB|ccomp"), tag, dependency,
    source class, relation and tag, and preposition ("criticism/NOUN|of"; "" without one): what the
    trainer counts against how often each was an attribution, in :data:`KEY_KINDS` order."""
    cue = doc[cand.cue]
    key = cue_key(cue)
    return (
        f"{key}|{cand.relation}", f"{key}|t:{cue.tag_}", f"{key}|d:{cue.dep_}",
        f"{key}|s:{_source_class(doc, cand.source)}", f"{key}|{cand.relation}|{cue.tag_}",
        f"{key}|p:{cand.preposition}" if cand.preposition else "",
    )


@dataclass(frozen=True, slots=True)
class _Tokens:
    """Per-token attributes of one Doc read once (spaCy token access is the cost of the features)."""

    word: list[bool]
    pos: list[str]
    dep: list[str]
    text: list[str]
    sentence_words: list[int]

    @classmethod
    def of(cls, doc: Doc) -> _Tokens:
        word = [not t.is_punct and not t.is_space for t in doc]
        sentence_words = [0] * len(doc)
        for sent in doc.sents:
            n = sum(word[sent.start:sent.end])
            sentence_words[sent.start:sent.end] = [n] * (sent.end - sent.start)
        return cls(word, [t.pos_ for t in doc], [t.dep_ for t in doc], [t.text for t in doc], sentence_words)


def feature_rows(doc: Doc, cands: list[Candidate], stats: CueStats,
                 quoted: frozenset[int] = frozenset()) -> list[list[float]]:
    """The features of every candidate of one Doc; a candidate is also described against the other
    candidates of its cue word (how many, the best relation rate among them, its rank)."""
    by_cue: dict[int, list[tuple[float, int]]] = {}
    rel_rate = [stats.rate(relation_key(doc, c)[0]) for c in cands]
    for k, c in enumerate(cands):
        by_cue.setdefault(c.cue, []).append((rel_rate[k], c.end - c.start))
    rows = []
    table = _Tokens.of(doc)
    for k, c in enumerate(cands):
        same = by_cue[c.cue]
        rates = sorted((r for r, _ in same), reverse=True)
        siblings = [float(len(same)), rates[0], float(rates.index(rel_rate[k])),
                    float(c.end - c.start >= max(n for _, n in same)),
                    float(any(o.cue == c.cue and o.relation in ("ccomp", "parenthetical") for o in cands))]
        rows.append(features(doc, c, stats, quoted, siblings, table))
    return rows


def features(doc: Doc, cand: Candidate, stats: CueStats, quoted: frozenset[int] = frozenset(),
             siblings: list[float] | None = None, table: _Tokens | None = None) -> list[float]:
    """The numeric description of one candidate, in :data:`FEATURE_NAMES` order.

    ``quoted`` holds the indices of tokens inside quote marks (a cue inside a quotation reports nothing);
    ``siblings`` the features against the other candidates of its cue (:func:`feature_rows`; missing
    when scored alone).
    """
    cue = doc[cand.cue]
    table = table or _Tokens.of(doc)
    key = cue_key(cue)
    keyed = [v for k in relation_key(doc, cand) for v in (
        (stats.rate(k), math.log1p(stats.seen(k))) if k else (math.nan, math.nan))]
    siblings = siblings if siblings is not None else [math.nan] * 5
    span = range(cand.start, cand.end)
    words = [k for k in span if table.word[k]]
    first = table.text[cand.start].lower()
    sentence_words = table.sentence_words[cand.cue]
    row = [
        stats.rate(key), math.log1p(stats.seen(key)), *keyed, *siblings,
        *(float(cand.relation == r) for r in RELATIONS),
        *(float(("VERB" if cue.pos_ == "AUX" else cue.pos_) == p) for p in _POS),
        float(cue.tag_ == "VBD"), float(cue.tag_ in ("VBZ", "VBP")), float(cue.tag_ == "VBN"),
        float(cue.tag_ == "VBG"),
        float(any(c.dep_ == "neg" for c in cue.children)),
        float(any(c.tag_ == "MD" for c in cue.children)),
        float(cue.dep_ == "ROOT"), float(cue.dep_ in CLAUSE_DEPS or cue.dep_ in ("conj", "relcl", "acl")),
        float(cand.cue in quoted),
        *_source_kind(doc, cand.source),
        float(cand.source is not None and cand.source < cand.cue),
        float(len(words)), float(cand.end <= cand.cue),
        float(any(table.pos[k] in ("VERB", "AUX") for k in words)),
        float(any(table.dep[k] in SUBJECT_DEPS for k in words)),
        float(sum(1 for k in span if table.text[k] in ("“", "”", '"'))),
        len(words) / max(1, sentence_words),
        float(first == "that"), float(first in ("whether", "how", "why", "what", "if", "when")),
        float(sentence_words),
    ]
    return row
