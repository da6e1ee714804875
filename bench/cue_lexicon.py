#!/usr/bin/env python3
"""The reporting verbs (or nouns) of PolNeAR train's attribution cues, for ``TRAIN_CUE_VERBS`` and
``TRAIN_CUE_NOUNS`` in extract/cues.py.

Parses each train article (``../shared/corpus/polnear/train``; the first ``.ann`` in sorted order, as
the scorer reads them) and counts, per verb lemma, how often a verb token lies inside a ``Cue`` span and
how often the lemma is used as a verb at all. A lemma is printed when it is a cue in at least
``MIN_ARTICLES`` articles and at least ``MIN_CUE_SHARE`` of its verb uses are cues: verbs the annotators
took as attributions again and again, and that mostly report when they are used at all ("bemoan",
"decry", "vow"), not frequent verbs that are sometimes read as a cue ("make", "have", "go").

Prints the lemmas with their counts (cue uses / verb uses / articles), then one line to paste. Only
lemmas are printed, never corpus text. Takes about four minutes on two cores.

With ``--pos NOUN`` the same counts are made for nouns ("claim", "promise", "remark"): the nouns whose
possessor is the source of a quotation framed by them ("Lee's claim that Ward “…”").

usage: python bench/cue_lexicon.py [--min-articles 3] [--min-share 0.3] [--pos VERB|NOUN]
"""

from __future__ import annotations

import argparse
import collections
import re
from pathlib import Path

from storyline.config import Settings
from storyline.nlp import load_nlp

TRAIN = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "polnear" / "train"
#: A cue in this many articles at least: one article's idiom is not a lexicon entry.
MIN_ARTICLES = 3
#: At least this share of the lemma's verb uses are cues: 0.3 keeps "accuse" (79 of 119) and "warn"
#: (52 of 67) and drops "make" (107 of ~2,000) and "have".
MIN_CUE_SHARE = 0.3
_SPAN = re.compile(r"T\d+\tCue ([\d ;]+)\t")


def cue_spans(ann: str) -> list[tuple[int, int]]:
    """Character spans of the Cue annotations of one brat file."""
    out: list[tuple[int, int]] = []
    for line in ann.splitlines():
        m = _SPAN.match(line)
        if m:
            out += [(int(a), int(b)) for a, b in (f.split() for f in m.group(1).split(";"))]
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--min-articles", type=int, default=MIN_ARTICLES)
    ap.add_argument("--min-share", type=float, default=MIN_CUE_SHARE)
    ap.add_argument("--pos", choices=("VERB", "NOUN"), default="VERB", help="part of speech to count")
    args = ap.parse_args()
    nlp = load_nlp(Settings().model)
    articles: dict[str, set[str]] = collections.defaultdict(set)
    cue_uses: collections.Counter[str] = collections.Counter()
    uses: collections.Counter[str] = collections.Counter()
    first_ann: dict[str, Path] = {}
    for ann in sorted((TRAIN / "attributions").glob("*.ann")):
        first_ann.setdefault(ann.stem.rsplit("_", 1)[0], ann)
    for base, ann in sorted(first_ann.items()):
        doc = nlp((TRAIN / "text" / f"{base}.txt").read_text(encoding="utf-8"))
        spans = cue_spans(ann.read_text(encoding="utf-8"))
        for tok in doc:
            if tok.pos_ != args.pos or not tok.lemma_.isalpha():
                continue
            lemma = tok.lemma_.lower()
            uses[lemma] += 1
            if any(a <= tok.idx < b for a, b in spans):
                cue_uses[lemma] += 1
                articles[lemma].add(base)
    kept = sorted(
        lemma for lemma in cue_uses
        if len(articles[lemma]) >= args.min_articles and cue_uses[lemma] >= args.min_share * uses[lemma]
    )
    for lemma in kept:
        print(f"{lemma:16} {cue_uses[lemma]:5} / {uses[lemma]:5}  in {len(articles[lemma])} articles")
    print(len(kept), "lemmas:", " ".join(kept))


if __name__ == "__main__":
    main()
