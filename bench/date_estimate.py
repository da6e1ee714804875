#!/usr/bin/env python3
"""How well undated articles get a publication date from their own text (issue 11, item 2).

Runs the pipeline (read, clean, parse, extract: the same code as ``storyline extract``) over one split of
PolNeAR (``../shared/corpus/polnear/<split>/text``: real 2015-16 US news whose texts state no date) and
compares each article's ``published`` with the true date (``metadata.tsv``, column ``publication_date``).
Articles are read under neutral source names, so the dates in the corpus's file names cannot leak in.

Prints, before (no estimate: only dates the text states) and after (stated or estimated): the share of
articles dated within 3 days of the truth, the share left undated, and the median error in days of the
dated ones; then how many estimates there were and how many of them were within 3 days.

usage: python bench/date_estimate.py [train|dev] [--show]   (develop on train; check on dev at the end)
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import statistics
import sys
from pathlib import Path

from storyline.config import Settings
from storyline.ingest.text import read_text
from storyline.metadata.estimate import ESTIMATE_METHOD
from storyline.model import Article, Extraction
from storyline.nlp import load_nlp
from storyline.pipeline import extract_articles, prepare

POLNEAR = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "polnear"
#: How close a date must be to the true one to count, as the issue states the target (within 3 days).
TOLERANCE_DAYS = 3


def figures(errors: list[int | None]) -> str:
    """Within-tolerance share, undated share and median absolute error of (error or None) per article."""
    n = len(errors)
    dated = [abs(e) for e in errors if e is not None]
    within = sum(e <= TOLERANCE_DAYS for e in dated)
    median = f"{statistics.median(dated):g} days" if dated else "n/a"
    return (
        f"within {TOLERANCE_DAYS} days {within / n:6.1%} ({within}/{n})  undated {(n - len(dated)) / n:6.1%}  "
        f"median error {median}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("split", nargs="?", default="train", choices=["train", "dev"])
    parser.add_argument("--show", action="store_true", help="list every estimate with its error and evidence")
    args = parser.parse_args()
    folder = POLNEAR / args.split / "text"
    if not folder.exists():
        sys.exit(f"PolNeAR not found at {folder}")
    with (POLNEAR / "metadata.tsv").open(encoding="utf-8") as f:
        truth = {r["filename"]: dt.date.fromisoformat(r["publication_date"]) for r in csv.DictReader(f, delimiter="\t")}
    files = sorted(folder.glob("*.txt"))
    articles: list[Article] = []
    true_dates: dict[str, dt.date] = {}
    for i, path in enumerate(files):
        source = f"{args.split}/{i:04d}.txt"  # neutral: the real file name holds the date
        prepared = prepare(read_text(path.read_text(encoding="utf-8"), source=source))
        true_dates[source] = truth[path.stem]
        if isinstance(prepared, Article):
            articles.append(prepared)
    settings = Settings()
    before: list[int | None] = [None] * (len(files) - len(articles))  # skipped inputs count as undated
    after = list(before)
    estimates: list[tuple[int, str, str]] = []
    for ex in extract_articles(articles, load_nlp(settings.model), settings):
        if not isinstance(ex, Extraction):  # a Skip: the article could not be extracted, so it is undated
            before.append(None)
            after.append(None)
            continue
        art = ex.article
        error = (art.published - true_dates[art.source]).days if art.published else None
        after.append(error)
        before.append(None if art.published_estimated else error)
        if art.published_estimated and error is not None:
            evidence = " · ".join(p.text for p in art.provenance if p.method == ESTIMATE_METHOD)
            estimates.append((error, art.source, evidence))
    print(f"PolNeAR {args.split}: {len(files)} articles")
    print(f"  before (stated dates only): {figures(before)}")
    print(f"  after (stated or estimated): {figures(after)}")
    good = sum(abs(e) <= TOLERANCE_DAYS for e, _, _ in estimates)
    median = f"{statistics.median(abs(e) for e, _, _ in estimates):g} days" if estimates else "n/a"
    print(f"  estimates only: {len(estimates)}, within {TOLERANCE_DAYS} days {good}, median error {median}")
    if args.show:
        for error, source, evidence in sorted(estimates, key=lambda e: abs(e[0])):
            print(f"    {error:+6d}  {source}  {evidence}")


if __name__ == "__main__":
    main()
