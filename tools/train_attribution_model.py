#!/usr/bin/env python3
"""Train storyline's attribution model (src/storyline/data/attribution_model.json) and print its figures.

usage: python tools/train_attribution_model.py [--shared ../shared] [--out FILE] [--cache DIR]

Data: PolNeAR *train* (840 real US political news articles, every attribution annotated by hand with its
source, cue and content; ../shared/corpus/polnear/train). Nothing of the texts is written into the project:
the model file holds the fitted trees and, per cue word, how often train used it as a cue (the cue lexicon
the issue asks to derive from the train cues rather than from memory). PolNeAR *dev* is only scored.

Steps:
1. every article is parsed with storyline's spaCy pipeline;
2. cue lexicon: the head word of every annotated cue span ("said", "according", "criticism", "endorsed")
   counted against all occurrences of that word;
3. :func:`storyline.extract.reported.candidates` proposes (cue, content) pairs; a pair is positive when its
   cue word lies in an annotated cue and its content has token Jaccard >= 0.5 (the scorer's rule) with
   that attribution's content;
4. the cue rates of the training rows are computed out of fold (5 folds by article), so a word seen once
   does not teach the trees that its rate is certain; the shipped lexicon uses all of train;
5. boosted trees are fitted per fold and predict the held-out fold; the threshold is the one of best
   attribution-level F1 on those out-of-fold predictions: an attribution is what a user reads (one
   content, near-duplicate candidates merged by :func:`select`), so recall is the share of annotated
   contents some accepted candidate matches (the scorer's rule) and precision the share of accepted
   candidates matching some annotated content. Of thresholds within F1_TIE of the best, the highest;
   this *balanced* threshold decides which attributions briefings and comparisons use;
5b. the *recall* threshold decides which attributions extraction keeps at all (marked tentative below the
   balanced one): the threshold of best out-of-fold F2 (recall weighted twice precision), the highest of
   those within F1_TIE. Issue 13 asks for recall first: a reader can dismiss a wrong "X said" in a list,
   but never sees one that was dropped;
6. the shipped trees are refitted on all of train.
Printed: per threshold the out-of-fold train recall, precision and F1, the chosen threshold, and the same
figures of the shipped model on dev (before quote-mark extraction adds its own quotes).
"""

from __future__ import annotations

import argparse
import collections
import importlib.machinery
import importlib.util
import json
import sys
from pathlib import Path

import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier
from spacy.tokens import Doc, DocBin

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from storyline.config import DEFAULT_MODEL  # noqa: E402
from storyline.extract.reported import (  # noqa: E402
    FEATURE_NAMES,
    Candidate,
    CueStats,
    candidates,
    cue_key,
    feature_rows,
    relation_key,
)
from storyline.extract.reported_model import MODEL_FILE, AttributionModel, quoted_tokens, select  # noqa: E402
from storyline.nlp import load_nlp  # noqa: E402
from storyline.trees import BoostedTrees, export  # noqa: E402

TREE_PARAMS = dict(max_iter=250, learning_rate=0.08, max_leaf_nodes=31, min_samples_leaf=30,
                   l2_regularization=1.0, random_state=0)
FOLDS = 5
#: Interaction keys seen fewer times than this are left out (their smoothed rate is near the prior anyway).
MIN_KEY_SEEN = 3
THRESHOLD = 0.5  # the scorer's Jaccard threshold
#: Acceptance thresholds tried, and how close to the best F1 a higher one may be and still win.
GRID = tuple(round(0.04 + 0.02 * k, 2) for k in range(29))
F1_TIE = 0.001


def load_scorer(shared: Path):
    path = shared / "benchmarks" / "polnear-score"
    loader = importlib.machinery.SourceFileLoader("polnear_score", str(path))
    spec = importlib.util.spec_from_loader("polnear_score", loader)
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module


class Article:
    """One PolNeAR article: its parse and its gold attributions as (cue spans, content tokens, start, end)."""

    def __init__(self, name: str, doc: Doc, gold: list[tuple[list[tuple[int, int]], list[str], int, int]]):
        self.name, self.doc, self.gold = name, doc, gold


def read_split(shared: Path, split: str, scorer, nlp, cache: Path | None) -> list[Article]:
    folder = shared / "corpus" / "polnear" / split
    names = sorted(p.stem for p in (folder / "text").glob("*.txt"))
    texts = [(folder / "text" / f"{n}.txt").read_text(encoding="utf-8") for n in names]
    cached = cache / f"polnear-{split}.spacy" if cache else None
    if cached and cached.exists():
        docs = list(DocBin().from_disk(cached).get_docs(nlp.vocab))
    else:
        docs = list(nlp.pipe(texts, batch_size=16))
        if cached:
            cached.parent.mkdir(parents=True, exist_ok=True)
            DocBin(store_user_data=False, docs=docs).to_disk(cached)
    anns = {}
    for path in sorted((folder / "attributions").glob("*.ann")):
        anns.setdefault(path.stem.rsplit("_", 1)[0], path)  # the scorer's rule: the first in sorted order
    out = []
    for name, text, doc in zip(names, texts, docs, strict=True):
        spans, relations = scorer.parse_ann(anns[name].read_text(encoding="utf-8"))
        gold = []
        for _, typ, roles in relations:
            if not typ.startswith("Attribution"):
                continue
            frags = sorted(f for r in ("Content", "Content2") if r in roles for f in spans[roles[r]][1])
            if not frags:
                continue
            cue = spans[roles["Cue"]][1] if "Cue" in roles else []
            content = " ".join(text[s:e] for s, e in frags)
            gold.append((cue, scorer.tokens(content), frags[0][0], frags[-1][1]))
        out.append(Article(name, doc, gold))
    return out


def cue_heads(article: Article) -> list[int]:
    """Token index of the head word of every annotated cue span."""
    doc, heads = article.doc, []
    for cue, *_ in article.gold:
        for s, e in cue:
            toks = [t for t in doc.char_span(s, e, alignment_mode="expand") or [] if not t.is_punct]
            if toks:
                inside = {t.i for t in toks}
                roots = [t for t in toks if t.head.i not in inside or t.head.i == t.i]
                heads.append((roots or toks)[0].i)
                break
    return heads


def lexicon(articles: list[Article]) -> dict[str, list[int]]:
    counts: dict[str, list[int]] = collections.defaultdict(lambda: [0, 0])
    for a in articles:
        for i in cue_heads(a):
            counts[cue_key(a.doc[i])][0] += 1
        for tok in a.doc:
            if not tok.is_punct and not tok.is_space:
                counts[cue_key(tok)][1] += 1
    return counts


def label(article: Article, cand: Candidate, scorer) -> int:
    tok = article.doc[cand.cue]
    words = scorer.tokens(article.doc[cand.start:cand.end].text)
    for cue, content, _, _ in article.gold:
        if any(s <= tok.idx < e for s, e in cue) and scorer.jaccard(words, content) >= THRESHOLD:
            return 1
    return 0


def relation_counts(rows: list[tuple[Article, Candidate, int]]) -> dict[str, list[int]]:
    counts: dict[str, list[int]] = collections.defaultdict(lambda: [0, 0])
    for a, cand, y in rows:
        for key in relation_key(a.doc, cand):
            if not key:
                continue
            counts[key][0] += y
            counts[key][1] += 1
    return counts


def stats_of(lex: dict[str, list[int]], rel: dict[str, list[int]]) -> CueStats:
    merged = {k: (v[0], v[1]) for k, v in lex.items() if v[0] > 0}
    merged.update({k: (v[0], v[1]) for k, v in rel.items() if v[1] >= MIN_KEY_SEEN})
    cue_total = sum(v[0] for v in lex.values())
    seen_total = sum(v[1] for v in lex.values())
    return CueStats(merged, prior=cue_total / max(1, seen_total))


def rows_of(articles: list[Article], stats: CueStats, scorer) -> list[tuple[Article, Candidate, int]]:
    return [(a, c, label(a, c, scorer)) for a in articles for c in candidates(a.doc, stats)]


def matrix(rows, stats: CueStats) -> np.ndarray:
    """Feature rows in the order of ``rows`` (grouped per article, as rows_of makes them)."""
    out: list[list[float]] = []
    k = 0
    while k < len(rows):
        article = rows[k][0]
        n = k
        while n < len(rows) and rows[n][0] is article:
            n += 1
        out.extend(feature_rows(article.doc, [c for _, c, _ in rows[k:n]], stats, quoted_tokens(article.doc)))
        k = n
    return np.asarray(out, dtype=np.float64)


def attribution_scores(articles: list[Article], picked: list[list[Candidate]], scorer) -> tuple[float, float, float]:
    """(recall, precision, F1) of accepted candidates against the annotated contents, attribution-level:
    recall is the share of annotated contents some accepted candidate matches (Jaccard >= 0.5, the
    scorer's rule), precision the share of accepted candidates that match some annotated content."""
    hit = total = good = chosen = 0
    for a, cands in zip(articles, picked, strict=True):
        texts = [scorer.tokens(a.doc[c.start:c.end].text) for c in cands]
        contents = [content for _, content, _, _ in a.gold]
        chosen += len(texts)
        total += len(contents)
        hit += sum(any(scorer.jaccard(content, t) >= THRESHOLD for t in texts) for content in contents)
        good += sum(any(scorer.jaccard(content, t) >= THRESHOLD for content in contents) for t in texts)
    r, p = hit / max(1, total), good / max(1, chosen)
    return r, p, 2 * r * p / max(1e-9, r + p)


def highest_near_best(f1_by_threshold: dict[float, float]) -> float:
    """The threshold to ship: F1 curves are flat near their top, so of the thresholds within F1_TIE of the
    best F1, the highest (the fewest items accepted). Also used for F2 curves."""
    top = max(f1_by_threshold.values())
    return max(t for t, f1 in f1_by_threshold.items() if f1 >= top - F1_TIE)


def f_beta(recall: float, precision: float, beta: float) -> float:
    """The F-measure weighting recall ``beta`` times as much as precision."""
    b2 = beta * beta
    return (1 + b2) * precision * recall / max(1e-9, b2 * precision + recall)


def accepted(scored: list[list[tuple[Candidate, float]]], threshold: float) -> list[list[Candidate]]:
    return [[c for c, _ in select(cands, threshold)] for cands in scored]


def training_args(description: str, model_file: str) -> tuple[argparse.Namespace, object, object]:
    """The command line of a trainer (--shared, --out, --cache), the PolNeAR scorer module and the
    spaCy pipeline."""
    ap = argparse.ArgumentParser(description=description)
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--out", type=Path, default=ROOT / "src" / "storyline" / "data" / model_file)
    ap.add_argument("--cache", type=Path, help="keep the parsed splits here (DocBin) between runs")
    args = ap.parse_args()
    return args, load_scorer(args.shared), load_nlp(DEFAULT_MODEL)


def main() -> int:
    args, scorer, nlp = training_args(__doc__.splitlines()[0], MODEL_FILE)
    train = read_split(args.shared, "train", scorer, nlp, args.cache)
    dev = read_split(args.shared, "dev", scorer, nlp, args.cache)
    print(f"parsed: train {len(train)}, dev {len(dev)} articles")

    full_lex = lexicon(train)
    gate = stats_of(full_lex, {})  # which words may be cues at all: every train cue head
    folds = [train[k::FOLDS] for k in range(FOLDS)]
    xs, ys, fold_rows = [], [], []
    for k, held in enumerate(folds):
        rest = [a for j, f in enumerate(folds) if j != k for a in f]
        lex = lexicon(rest)
        rel = relation_counts(rows_of(rest, gate, scorer))
        fold_stats = CueStats({**{key: v for key, v in stats_of(lex, rel).counts.items()}}, gate.prior)
        held_rows = rows_of(held, gate, scorer)
        fold_rows.append(held_rows)
        xs.append(matrix(held_rows, fold_stats))
        ys.append(np.asarray([y for *_, y in held_rows]))
        print(f"fold {k}: {len(held_rows)} candidates, {int(ys[-1].sum())} positive")
    x, y = np.vstack(xs), np.concatenate(ys)
    # out-of-fold probabilities: each fold scored by trees fitted on the other folds' rows
    oof: list[np.ndarray] = []
    for k in range(FOLDS):
        fit = HistGradientBoostingClassifier(**TREE_PARAMS).fit(
            np.vstack([v for j, v in enumerate(xs) if j != k]), np.concatenate([v for j, v in enumerate(ys) if j != k]))
        oof.append(fit.predict_proba(xs[k])[:, 1])
    held_articles = [a for fold in folds for a in fold]
    held_scored = [scored for fold, rows, p in zip(folds, fold_rows, oof, strict=True)
                   for scored in _per_article(fold, rows, p)]
    curve = {t: attribution_scores(held_articles, accepted(held_scored, t), scorer) for t in GRID}
    for t, (r, prec, f1) in curve.items():
        print(f"threshold {t:.2f}: train (out of fold) recall {r:.3f} precision {prec:.3f} F1 {f1:.3f} "
              f"F2 {f_beta(r, prec, 2.0):.3f}")
    top = max(f1 for _, _, f1 in curve.values())
    best = highest_near_best({t: f1 for t, (_, _, f1) in curve.items()})
    recall_first = highest_near_best({t: f_beta(r, prec, 2.0) for t, (r, prec, _) in curve.items()})
    print(f"candidates: {len(y)}, positive {int(y.sum())}; balanced threshold {best:.2f} "
          f"(best out-of-fold F1 {top:.3f}, within {F1_TIE}); recall threshold {recall_first:.2f} (best F2)")
    model = HistGradientBoostingClassifier(**TREE_PARAMS).fit(x, y)

    rel_all = relation_counts(rows_of(train, gate, scorer))
    stats = stats_of(full_lex, rel_all)
    data = {"features": list(FEATURE_NAMES), "threshold": best, "recall_threshold": recall_first, "prior": stats.prior,
            "cues": {k: list(v) for k, v in sorted(stats.counts.items())}, "trees": export(model)}
    shipped = AttributionModel(BoostedTrees.from_json(data["trees"]), stats, best, recall_first)
    kept = [shipped.attributions(a.doc) for a in dev]
    for name, cut in (("balanced", best), ("recall", recall_first)):
        r, prec, f1 = attribution_scores(dev, [[c for c, p in cands if p >= cut] for cands in kept], scorer)
        print(f"dev, {name} threshold: recall {r:.3f} precision {prec:.3f} F1 {f1:.3f}")
    args.out.write_text(json.dumps(data, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"wrote {args.out} ({args.out.stat().st_size // 1024} KiB)")
    return 0


def _per_article(articles: list[Article], rows: list[tuple[Article, Candidate, int]],
                 probs: np.ndarray) -> list[list[tuple[Candidate, float]]]:
    """The scored candidates of a fold's rows, one list per article of ``articles`` (empty when the
    article has none)."""
    by_article: dict[int, list[tuple[Candidate, float]]] = {id(a): [] for a in articles}
    for (article, cand, _), p in zip(rows, probs.tolist(), strict=True):
        by_article[id(article)].append((cand, p))
    return [by_article[id(a)] for a in articles]


if __name__ == "__main__":
    raise SystemExit(main())
