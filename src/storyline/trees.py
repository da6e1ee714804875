"""Boosted decision trees as plain JSON, evaluated with numpy: the models storyline ships are data.

scikit-learn fits them (``tools/train_*.py``, with :func:`export`); storyline itself needs only numpy to
use them, so a model is a reviewable file in ``storyline/data`` rather than a pickle.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

__all__ = ["BoostedTrees", "export"]


@dataclass(frozen=True, slots=True)
class BoostedTrees:
    """One boosted ensemble as flat arrays: node i splits on ``feature[i]`` (-1: a leaf of ``value[i]``)."""

    baseline: float
    feature: list[np.ndarray]
    threshold: list[np.ndarray]
    left: list[np.ndarray]
    right: list[np.ndarray]
    missing_left: list[np.ndarray]
    value: list[np.ndarray]

    @classmethod
    def from_json(cls, data: dict) -> BoostedTrees:
        trees = data["trees"]
        return cls(
            baseline=float(data["baseline"]),
            feature=[np.asarray(t["feature"], dtype=np.int64) for t in trees],
            threshold=[np.asarray(t["threshold"], dtype=np.float64) for t in trees],
            left=[np.asarray(t["left"], dtype=np.int64) for t in trees],
            right=[np.asarray(t["right"], dtype=np.int64) for t in trees],
            missing_left=[np.asarray(t["missing_left"], dtype=bool) for t in trees],
            value=[np.asarray(t["value"], dtype=np.float64) for t in trees],
        )

    def probability(self, x: np.ndarray) -> np.ndarray:
        """P(positive class) for each row of ``x``: sigmoid of the baseline plus every tree's leaf value."""
        rows = np.arange(len(x))
        raw = np.full(len(x), self.baseline)
        for feature, threshold, left, right, missing_left, value in zip(
            self.feature, self.threshold, self.left, self.right, self.missing_left, self.value, strict=True
        ):
            node = np.zeros(len(x), dtype=np.int64)
            while True:
                split = feature[node]
                inner = split >= 0
                if not inner.any():
                    break
                cell = x[rows, np.where(inner, split, 0)]
                go_left = np.where(np.isnan(cell), missing_left[node], cell <= threshold[node])
                node = np.where(inner, np.where(go_left, left[node], right[node]), node)
            raw += value[node]
        return 1.0 / (1.0 + np.exp(-raw))



def export(model: Any) -> dict:
    """The JSON form of a fitted binary ``sklearn.ensemble.HistGradientBoostingClassifier``."""
    trees = []
    for (predictor,) in model._predictors:
        nodes = predictor.nodes
        trees.append({
            "feature": [-1 if leaf else int(f)
                        for f, leaf in zip(nodes["feature_idx"], nodes["is_leaf"], strict=True)],
            "threshold": [float(t) for t in nodes["num_threshold"]],
            "left": [int(v) for v in nodes["left"]],
            "right": [int(v) for v in nodes["right"]],
            "missing_left": [bool(v) for v in nodes["missing_go_to_left"]],
            "value": [float(v) for v in nodes["value"]],
        })
    return {"baseline": float(np.ravel(model._baseline_prediction)[0]), "trees": trees}
