"""Whether words quoted inside a sentence are someone's words or a scare quote: a learned decision.

A quotation set inside a sentence ("called the plan “reckless”", "the so-called “peace dividend”", "the
“senior correspondent” on the show") may be reported speech, a scare quote or a label. News writers use
the same marks for all three, so the decision weighs many weak signals: a reporting verb governing the
quote, how the quote hangs in the parse (object, subject, modifier of a noun), whether it holds a clause
of its own, the word before it ("so-called", "dubbed", "the", "his"), its length and capitals.

``tools/train_embedded_quote_model.py`` fits boosted trees on PolNeAR train, where every quoted stretch
the annotators took for someone's words is an attribution, and writes
``storyline/data/embedded_quote_model.json`` with the probability threshold that maximises direct-quote
F1 on train (out of fold). Titles of works are told apart before this decision: a title-cased quote
is left out when no reporting verb governs it or its context marks a work (``quotes._names_a_work``).
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from spacy.tokens import Token

from ..trees import BoostedTrees, read_model
from .cues import PARTIAL_CUES, is_cue

__all__ = ["FEATURE_NAMES", "MODEL_FILE", "EmbeddedQuote", "EmbeddedQuoteModel", "embedded_quote_model",
           "features"]

MODEL_FILE = "embedded_quote_model.json"
#: Words before a quote that name rather than report it ("so-called “…”", "dubbed “…”", "known as “…”").
NAMING_WORDS = frozenset("so-called called dubbed named nicknamed termed labeled labelled branded known".split())
_OBJECT_DEPS = frozenset({"dobj", "pobj", "attr", "oprd", "acomp", "dative"})
_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj"})
_MODIFIER_DEPS = frozenset({"amod", "compound", "nmod", "appos", "poss", "npadvmod"})
_CLAUSE_DEPS = frozenset({"ccomp", "xcomp", "advcl", "conj", "ROOT", "relcl", "parataxis", "pcomp"})
#: Tokens between the governing verb and the quote are counted up to this many.
MAX_DISTANCE = 30

FEATURE_NAMES = (
    "words", "log_chars", "licensed", "governed", "governor_distance", "cue_in_sentence",
    "head_object", "head_subject", "head_modifier", "head_clause", "head_noun", "head_verb", "head_adj",
    "has_clause", "first_upper", "ends_punct", "ends_sentence", "capital_share", "has_digit",
    "prev_naming", "prev_det", "prev_possessive", "prev_as", "next_noun", "single_marks", "in_headline",
    "marks_in_sentence",
)


@dataclass(frozen=True, slots=True)
class EmbeddedQuote:
    """What the decision sees of one quote set inside a sentence.

    ``tokens`` are the quote's tokens (without marks), ``head`` the first of them whose head lies outside
    the quote; ``before``/``after`` the tokens right outside the marks (None at a text edge);
    ``license`` the reporting verb governing it, ``governor`` the nearest verb above it.
    """

    inner: str
    tokens: list[Token]
    head: Token | None
    before: Token | None
    after: Token | None
    license: Token | None
    governor: Token | None
    single: bool
    in_headline: bool


def features(quote: EmbeddedQuote) -> list[float]:
    """The feature row of ``quote``, in the order of :data:`FEATURE_NAMES`."""
    toks, inner = quote.tokens, quote.inner
    words = [t for t in toks if t.is_alpha or t.like_num]
    inside = {t.i for t in toks}
    head = quote.head
    dep = head.dep_ if head is not None else ""
    pos = head.pos_ if head is not None else ""
    start = toks[0].i if toks else 0
    sentence = toks[0].sent if toks else None
    cue_in_sentence = sentence is not None and any(
        t.i not in inside and t.pos_ == "VERB" and is_cue(t, PARTIAL_CUES) for t in sentence)
    distance = -1.0
    if quote.governor is not None:
        distance = float(min(MAX_DISTANCE, abs(start - quote.governor.i)))
    marks = sum(1 for t in sentence if t.is_quote) if sentence is not None else 0
    prev = quote.before.lower_ if quote.before is not None else ""
    prev2 = quote.before.nbor(-1).lower_ if quote.before is not None and quote.before.i > 0 else ""
    alpha = [t for t in words if t.is_alpha]
    return [
        float(len(words)),
        math.log1p(len(inner)),
        float(quote.license is not None),
        float(quote.governor is not None),
        distance,
        float(cue_in_sentence),
        float(dep in _OBJECT_DEPS),
        float(dep in _SUBJECT_DEPS),
        float(dep in _MODIFIER_DEPS),
        float(dep in _CLAUSE_DEPS),
        float(pos in ("NOUN", "PROPN")),
        float(pos in ("VERB", "AUX")),
        float(pos == "ADJ"),
        float(any(t.pos_ in ("VERB", "AUX") and any(c.dep_ in _SUBJECT_DEPS for c in t.children)
                  for t in toks)),
        float(inner[:1].isupper()),
        float(inner[-1:] in (".", "?", "!", ",", ";")),
        float(inner[-1:] in (".", "?", "!")),
        sum(t.text[:1].isupper() for t in alpha) / len(alpha) if alpha else 0.0,
        float(any(t.like_num for t in toks)),
        float(prev in NAMING_WORDS or (prev == "as" and prev2 in NAMING_WORDS)),
        float(quote.before is not None and quote.before.dep_ == "det"),
        float(quote.before is not None and (quote.before.tag_ in ("PRP$", "POS"))),
        float(prev == "as"),
        float(quote.after is not None and quote.after.pos_ in ("NOUN", "PROPN")),
        float(quote.single),
        float(quote.in_headline),
        float(marks),
    ]


@dataclass(frozen=True, slots=True)
class EmbeddedQuoteModel:
    """The trees and the probability at or above which an embedded quote is someone's words."""

    trees: BoostedTrees
    threshold: float

    @classmethod
    def load(cls, path: str | Path | None = None) -> EmbeddedQuoteModel:
        """Read a model file (the packaged one by default); its feature list must match this code's."""
        data = read_model(MODEL_FILE, path, {"features": FEATURE_NAMES}, "tools/train_embedded_quote_model.py")
        return cls(BoostedTrees.from_json(data["trees"]), float(data["threshold"]))

    def probability(self, quote: EmbeddedQuote) -> float:
        """How likely ``quote`` is reported speech rather than a scare quote or a label."""
        return float(self.trees.probability(np.asarray([features(quote)], dtype=np.float64))[0])

    def is_speech(self, quote: EmbeddedQuote) -> bool:
        return self.probability(quote) >= self.threshold


@functools.lru_cache(maxsize=1)
def embedded_quote_model() -> EmbeddedQuoteModel:
    """The packaged model, loaded once per process."""
    return EmbeddedQuoteModel.load()
