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
5. boosted trees are fitted; the threshold is the one of best F1 on train candidates (out of fold).
Printed: candidate precision/recall at the threshold, and the share of annotated attributions recalled by
some accepted candidate (the scorer's attribution recall, before quote-mark extraction adds its own) on
train (out of fold) and dev.
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
from storyline.extract.reported_model import MODEL_FILE, AttributionModel, quoted_tokens  # noqa: E402
from storyline.nlp import load_nlp  # noqa: E402
from storyline.trees import BoostedTrees, export  # noqa: E402

TREE_PARAMS = dict(max_iter=250, learning_rate=0.08, max_leaf_nodes=31, min_samples_leaf=30,
                   l2_regularization=1.0, random_state=0)
FOLDS = 5
#: Interaction keys seen fewer times than this are left out (their smoothed rate is near the prior anyway).
MIN_KEY_SEEN = 3
THRESHOLD = 0.5  # the scorer's Jaccard threshold


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


def recall(articles: list[Article], model: AttributionModel, scorer) -> tuple[float, float, int]:
    """(share of gold attributions some selected candidate matches, precision of selected, selected)."""
    hit = total = good = chosen = 0
    for a in articles:
        picked = [scorer.tokens(a.doc[c.start:c.end].text) for c, _ in model.attributions(a.doc)]
        chosen += len(picked)
        for _, content, _, _ in a.gold:
            total += 1
            hit += any(scorer.jaccard(content, p) >= THRESHOLD for p in picked)
        good += sum(any(scorer.jaccard(content, p) >= THRESHOLD for _, content, _, _ in a.gold) for p in picked)
    return hit / max(1, total), good / max(1, chosen), chosen


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
    xs, ys = [], []
    for k, held in enumerate(folds):
        rest = [a for j, f in enumerate(folds) if j != k for a in f]
        lex = lexicon(rest)
        rel = relation_counts(rows_of(rest, gate, scorer))
        fold_stats = CueStats({**{key: v for key, v in stats_of(lex, rel).counts.items()}}, gate.prior)
        held_rows = rows_of(held, gate, scorer)
        xs.append(matrix(held_rows, fold_stats))
        ys.append(np.asarray([y for *_, y in held_rows]))
        print(f"fold {k}: {len(held_rows)} candidates, {int(ys[-1].sum())} positive")
    x, y = np.vstack(xs), np.concatenate(ys)
    model = HistGradientBoostingClassifier(**TREE_PARAMS).fit(x, y)
    p = model.predict_proba(x)[:, 1]
    best = max((float(t) for t in np.arange(0.2, 0.7, 0.02)), key=lambda t: _f1(y, p >= t))
    print(f"candidates: {len(y)}, positive {int(y.sum())}; train (in-sample) F1 {_f1(y, p >= best):.3f} "
          f"at threshold {best:.2f}")

    rel_all = relation_counts(rows_of(train, gate, scorer))
    stats = stats_of(full_lex, rel_all)
    data = {"features": list(FEATURE_NAMES), "threshold": best, "prior": stats.prior,
            "cues": {k: list(v) for k, v in sorted(stats.counts.items())}, "trees": export(model)}
    shipped = AttributionModel(BoostedTrees.from_json(data["trees"]), stats, best)
    for name, split in (("train", train), ("dev", dev)):
        r, prec, n = recall(split, shipped, scorer)
        print(f"{name}: attributions recalled by selected candidates {r:.3f}; selected {n}, precision {prec:.3f}")
    args.out.write_text(json.dumps(data, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"wrote {args.out} ({args.out.stat().st_size // 1024} KiB)")
    return 0


def _f1(y: np.ndarray, pred: np.ndarray) -> float:
    tp = float((y & pred).sum())
    return 2 * tp / max(1.0, float(y.sum() + pred.sum()))


if __name__ == "__main__":
    raise SystemExit(main())
