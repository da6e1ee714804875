"""Boosted decision trees as plain JSON, evaluated with numpy: the models storyline ships are data.

scikit-learn fits them (``tools/train_*.py``, with :func:`export`); storyline itself needs only numpy to
use them, so a model is a reviewable file in ``storyline/data`` rather than a pickle.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

__all__ = ["BoostedTrees", "export", "read_model"]


@dataclass(frozen=True)
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
        """P(positive class) for each row of ``x``: sigmoid of the baseline plus every tree's leaf value.

        All trees are walked at once, one level per step, over their nodes concatenated into flat arrays,
        so the cost is a few NumPy operations per tree level rather than per tree.
        """
        feature, threshold, left, right, missing_left, value, roots = self._flat
        node = np.broadcast_to(roots, (len(x), len(roots))).copy()
        rows = np.arange(len(x))[:, None]
        while True:
            split = feature[node]
            inner = split >= 0
            if not inner.any():
                break
            cell = x[rows, np.maximum(split, 0)]
            go_left = np.where(np.isnan(cell), missing_left[node], cell <= threshold[node])
            node = np.where(inner, np.where(go_left, left[node], right[node]), node)
        raw = self.baseline + value[node].sum(axis=1)
        return 1.0 / (1.0 + np.exp(-raw))

    @functools.cached_property
    def _flat(self) -> tuple[np.ndarray, ...]:
        """Every tree's nodes in one array each, child indices shifted to the flat numbering; and the
        flat index of each tree's root."""
        sizes = [len(f) for f in self.feature]
        roots = np.concatenate([[0], np.cumsum(sizes)[:-1]]).astype(np.int64) if sizes else np.zeros(0, np.int64)
        shift = np.repeat(roots, sizes)

        def flat(arrays: list[np.ndarray], dtype: type) -> np.ndarray:
            return np.concatenate(arrays).astype(dtype) if arrays else np.zeros(0, dtype)

        return (flat(self.feature, np.int64), flat(self.threshold, np.float64),
                flat(self.left, np.int64) + shift, flat(self.right, np.int64) + shift,
                flat(self.missing_left, np.bool_), flat(self.value, np.float64), roots)


def read_model(packaged: str, path: str | Path | None, features: dict[str, tuple[str, ...]], trainer: str) -> dict:
    """The JSON of a model file: ``path`` when given, else the file ``packaged`` of ``storyline.data``.

    Raises:
        ValueError: a feature list of the file (each key of ``features``) is not the code's; the message
            names ``trainer``, the script that retrains it.
    """
    if path is None:
        text = resources.files("storyline.data").joinpath(packaged).read_text(encoding="utf-8")
    else:
        text = Path(path).read_text(encoding="utf-8")
    data: dict = json.loads(text)
    if any(tuple(data[key]) != names for key, names in features.items()):
        raise ValueError(f"{path or packaged}: trained on other features; retrain it with {trainer}")
    return data


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
