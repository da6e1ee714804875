#!/usr/bin/env python3
"""Train storyline's embedded-quote model (src/storyline/data/embedded_quote_model.json), print its figures.

usage: python tools/train_embedded_quote_model.py [--shared ../shared] [--out FILE] [--cache DIR]

Data: PolNeAR *train* (840 real US political news articles, every attribution annotated by hand;
../shared/corpus/polnear/train). Nothing of the texts is written into the project: the model file holds
the fitted trees, the feature names and the threshold. PolNeAR *dev* is only scored.

Steps:
1. every article is parsed with storyline's spaCy pipeline (the parses of train_attribution_model.py,
   shared through --cache);
2. storyline's quote finder runs with a judge that keeps every quote set inside a sentence and records
   its features (:mod:`storyline.extract.embedded_quotes`); a quote is positive when its text has token
   Jaccard >= 0.5 (the scorer's rule) with a gold quoted stretch it overlaps;
3. boosted trees are fitted out of fold (5 folds by article); the threshold is the highest whose
   direct-quote F1 on train is within F1_TIE of the best, counting the quotes that are not embedded
   (always kept) as they score;
4. the shipped trees are refitted on all of train.
Printed: per threshold the train (out of fold) and dev direct F1 estimate, and the chosen threshold.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tools"))

from train_attribution_model import F1_TIE, highest_near_best, read_split, training_args  # noqa: E402

from storyline.extract.embedded_quotes import FEATURE_NAMES, MODEL_FILE, EmbeddedQuote, features  # noqa: E402
from storyline.extract.quotes import _marked, _Parse, _quote_events  # noqa: E402
from storyline.trees import export  # noqa: E402

TREE_PARAMS = dict(max_iter=200, learning_rate=0.06, max_leaf_nodes=15, min_samples_leaf=20,
                   l2_regularization=1.0, random_state=0)
FOLDS = 5
THRESHOLD = 0.5  # the scorer's Jaccard threshold


class Split:
    """One split's embedded candidates (features, label, article index) and its other quotes' counts."""

    def __init__(self) -> None:
        self.rows: list[list[float]] = []
        self.labels: list[int] = []
        self.article: list[int] = []
        self.other_matched = 0  # quotes not embedded (always kept) matching a gold stretch
        self.other_predicted = 0
        self.gold = 0  # gold quoted stretches (the scorer's segment view)


def _matches(scorer, text: str, start: int, end: int, segments: list[dict]) -> bool:
    toks = scorer.tokens(text[start:end])
    return any(g["start"] < end and start < g["end"] and scorer.jaccard(toks, scorer.tokens(g["text"])) >= THRESHOLD
               for g in segments)


def collect(shared: Path, split: str, scorer, nlp, cache: Path | None) -> Split:
    articles = read_split(shared, split, scorer, nlp, cache)
    gold = scorer.load_gold(str(shared / "corpus" / "polnear" / split), [a.name for a in articles])
    out = Split()
    for k, article in enumerate(articles):
        text, segments = gold[article.name]["text"], gold[article.name]["segments"]
        out.gold += len(segments)
        embedded: set[tuple[int, int]] = set()

        def judge(quote: EmbeddedQuote, start: int, end: int, k: int = k, text: str = text,
                  segments: list = segments, embedded: set = embedded) -> bool:
            out.rows.append(features(quote))
            out.labels.append(int(_matches(scorer, text, start, end, segments)))
            out.article.append(k)
            embedded.add((start, end))
            return True

        parse = _Parse(article.doc)
        for event in _quote_events(text, parse, _marked(text), judge=judge):
            if event.kind == "direct" and (event.start, event.end) not in embedded:
                out.other_predicted += 1
                out.other_matched += _matches(scorer, text, event.start, event.end, segments)
    return out


def direct_f1(split: Split, p: np.ndarray, threshold: float) -> float:
    keep = p >= threshold
    y = np.asarray(split.labels)
    matched = split.other_matched + int(y[keep].sum())
    predicted = split.other_predicted + int(keep.sum())
    return 2 * matched / max(1, predicted + split.gold)


def main() -> int:
    args, scorer, nlp = training_args(__doc__.splitlines()[0], MODEL_FILE)
    train = collect(args.shared, "train", scorer, nlp, args.cache)
    dev = collect(args.shared, "dev", scorer, nlp, args.cache)
    x, y, groups = np.asarray(train.rows), np.asarray(train.labels), np.asarray(train.article)
    print(f"train: {len(y)} embedded quotes, {int(y.sum())} speech; other quotes {train.other_matched}/"
          f"{train.other_predicted} matched; gold stretches {train.gold}")
    oof = np.zeros(len(y))
    for k in range(FOLDS):
        held = groups % FOLDS == k
        fold = HistGradientBoostingClassifier(**TREE_PARAMS).fit(x[~held], y[~held])
        oof[held] = fold.predict_proba(x[held])[:, 1]
    model = HistGradientBoostingClassifier(**TREE_PARAMS).fit(x, y)
    p_dev = model.predict_proba(np.asarray(dev.rows))[:, 1]
    grid = [round(float(t), 2) for t in np.arange(0.2, 0.8, 0.05)]
    train_f1 = {t: direct_f1(train, oof, t) for t in grid}
    for t in grid:
        print(f"threshold {t:.2f}: train (out of fold) direct F1 {train_f1[t]:.4f}, "
              f"dev {direct_f1(dev, p_dev, t):.4f}")
    top = max(train_f1.values())
    # of the thresholds within F1_TIE of the best, the highest: the fewest scare quotes reported as speech
    best = highest_near_best(train_f1)
    print(f"chosen on train: {best:.2f} (best train F1 {top:.4f}, within {F1_TIE})")
    data = {"features": list(FEATURE_NAMES), "threshold": best, "trees": export(model)}
    args.out.write_text(json.dumps(data, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"wrote {args.out} ({args.out.stat().st_size // 1024} KiB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
