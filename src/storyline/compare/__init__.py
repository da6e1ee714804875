"""Compare the articles of one story: claims and quotes aligned across outlets, a timeline, contradictions.

Pure functions over typed records (no store, no spaCy): the caller passes the Extractions of one story,
syndicated copies already removed, and gets ClaimGroups, QuoteGroups, TimelineEvents and Contradictions.

>>> from storyline.compare import hedge_interval
>>> hedge_interval(10_000, 10_000, "about")
(9000.0, 11000.0)
"""

from __future__ import annotations

from .claims import align_claims, default_outlet
from .contradictions import find_contradictions
from .hedges import HEDGES, figures_of, hedge_interval
from .quotes import align_quotes, speakers_compatible
from .timeline import build_timeline, sentence_spans

__all__ = [
    "HEDGES",
    "align_claims",
    "align_quotes",
    "build_timeline",
    "default_outlet",
    "figures_of",
    "find_contradictions",
    "hedge_interval",
    "sentence_spans",
    "speakers_compatible",
]
