"""Which candidate attributions are real: boosted trees trained on PolNeAR train, shipped as JSON data.

``tools/train_attribution_model.py`` fits the trees on the features of
:mod:`storyline.extract.reported` and writes ``storyline/data/attribution_model.json`` with the cue
lexicon (per cue word, how often PolNeAR train used it as a cue) and the probability threshold of best
out-of-fold attribution-level F1 on train.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from spacy.tokens import Doc

from ..trees import BoostedTrees, read_model
from .reported import FEATURE_NAMES, Candidate, CueStats, candidates, feature_rows

__all__ = ["MODEL_FILE", "AttributionModel", "attribution_model", "quoted_tokens", "select"]

MODEL_FILE = "attribution_model.json"
#: Two accepted contents overlapping this much (token Jaccard) report the same thing: the likelier stays.
SAME_CONTENT = 0.6
_OPENING = frozenset("“„«\"")
_CLOSING = frozenset("”»\"")


def quoted_tokens(doc: Doc) -> frozenset[int]:
    """Indices of the tokens inside double quote marks, paragraph by paragraph (an unclosed quote runs to
    its paragraph's end)."""
    inside: set[int] = set()
    open_at: int | None = None
    for tok in doc:
        if "\n" in tok.text:
            open_at = None
            continue
        if tok.text in _OPENING and open_at is None and (tok.text != '"' or tok.whitespace_ == ""):
            open_at = tok.i
        elif tok.text in _CLOSING and open_at is not None:
            open_at = None
        elif open_at is not None:
            inside.add(tok.i)
    return frozenset(inside)


def _overlap(a: Candidate, b: Candidate) -> float:
    shared = max(0, min(a.end, b.end) - max(a.start, b.start))
    return shared / ((a.end - a.start) + (b.end - b.start) - shared)


def select(scored: list[tuple[Candidate, float]], threshold: float) -> list[tuple[Candidate, float]]:
    """The candidates at or above ``threshold``, most likely first, without near-duplicates of one kept."""
    kept: list[tuple[Candidate, float]] = []
    for cand, p in sorted(scored, key=lambda cp: -cp[1]):
        if p < threshold:
            break
        if all(_overlap(cand, other) < SAME_CONTENT for other, _ in kept):
            kept.append((cand, p))
    return sorted(kept, key=lambda cp: (cp[0].start, cp[0].end))


@dataclass(frozen=True, slots=True)
class AttributionModel:
    """The trees, the cue lexicon they were trained with, and two acceptance thresholds.

    ``recall_threshold`` (best F2 on train, out of fold) decides what extraction keeps; ``threshold``
    (best F1) what is sure enough for briefings and comparisons: a kept attribution below it is tentative.
    """

    trees: BoostedTrees
    stats: CueStats
    threshold: float
    recall_threshold: float

    @classmethod
    def load(cls, path: str | Path | None = None) -> AttributionModel:
        """Read a model file (the packaged one by default); its feature list must match this code's."""
        data = read_model(MODEL_FILE, path, {"features": FEATURE_NAMES}, "tools/train_attribution_model.py")
        cues = {key: (int(v[0]), int(v[1])) for key, v in data["cues"].items()}
        threshold = float(data["threshold"])
        return cls(BoostedTrees.from_json(data["trees"]), CueStats(cues, float(data["prior"])), threshold,
                   min(threshold, float(data.get("recall_threshold", threshold))))

    def scored(self, doc: Doc) -> list[tuple[Candidate, float]]:
        """Every candidate of ``doc`` with its probability of being an attribution."""
        found = list(candidates(doc, self.stats))
        if not found:
            return []
        quoted = quoted_tokens(doc)
        x = np.asarray(feature_rows(doc, found, self.stats, quoted), dtype=np.float64)
        return list(zip(found, self.trees.probability(x).tolist(), strict=True))

    def attributions(self, doc: Doc) -> list[tuple[Candidate, float]]:
        """The kept candidates of ``doc`` (at the recall threshold) in text order, near-duplicates removed;
        those under :attr:`threshold` are tentative."""
        return select(self.scored(doc), self.recall_threshold)


@functools.lru_cache(maxsize=1)
def attribution_model() -> AttributionModel:
    """The packaged model, loaded once per process."""
    return AttributionModel.load()
