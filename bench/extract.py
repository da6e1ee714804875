#!/usr/bin/env python3
"""Throughput of the whole extraction pipeline beside bare spaCy ``nlp.pipe`` on the same texts.

Generates N articles (default 2,000) by recombining paragraphs of the bundled demo corpus (and the
shared seeds when ../shared exists) with varied names and numbers, writes them as .txt files, then:
1. bare spaCy: ``for doc in nlp.pipe(texts)`` over the clean texts;
2. storyline: ``pipeline.run`` over the directory (read, clean, parse, extract every record).
Prints articles/s, words/s for each, their ratio, and the peak RSS of the process.

usage: python bench/extract.py [--articles 2000] [--batch-size 32] [--seed 7]
"""

from __future__ import annotations

import argparse
import random
import re
import resource
import sys
import tempfile
import time
from pathlib import Path

from storyline.cli import demo_corpus
from storyline.config import Settings
from storyline.ingest.sources import iter_drafts
from storyline.model import Article, Draft, Extraction
from storyline.nlp import load_nlp
from storyline.pipeline import prepare, run

SHARED_SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "seeds"
#: Articles per interleaved chunk of the bare and the full run.
CHUNK = 250
FIRST = ["Maria", "Ahmed", "Lena", "Tomasz", "Grace", "Kenji", "Olga", "Samuel", "Priya", "Jonas"]
LAST = ["Okafor", "Lindqvist", "Haddad", "Moreau", "Petrov", "Nakamura", "Silva", "Novak", "Reyes", "Brandt"]


def paragraphs() -> list[str]:
    """Prose paragraphs (after cleaning) of the demo corpus and the seeds."""
    sources = [demo_corpus()] + ([SHARED_SEEDS] if SHARED_SEEDS.exists() else [])
    found: list[str] = []
    for item in iter_drafts(sources, max_bytes=10**8):
        if isinstance(item, Draft):
            art = prepare(item)
            if isinstance(art, Article):
                found += [p for p in re.split(r"\n+", art.text) if len(p.split()) >= 12]
    if not found:
        sys.exit("no paragraphs found in the demo corpus")
    return found


def vary(paragraph: str, rng: random.Random) -> str:
    paragraph = re.sub(r"\b\d[\d,]*\b", lambda m: f"{rng.randint(2, 20000):,}", paragraph)
    return paragraph.replace("said", rng.choice(["said", "told reporters", "added"]), 1)


def generate(n: int, out: Path, rng: random.Random) -> int:
    paras = paragraphs()
    words = 0
    for i in range(n):
        chosen = rng.sample(paras, k=min(len(paras), rng.randint(10, 16)))
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        lead = f"“We are still counting,” {name}, a spokesperson, said on Tuesday."
        body = "\n\n".join([lead, *(vary(p, rng) for p in chosen)])
        text = f"title: Generated article {i}\ndate: 2025-03-{rng.randint(10, 20)}\noutlet: Bench {i % 7}\n\n{body}\n"
        (out / f"a{i:05d}.txt").write_text(text, encoding="utf-8")
        words += len(body.split())
    return words


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=2000)
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    settings = Settings(batch_size=args.batch_size)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        words = generate(args.articles, out, random.Random(args.seed))
        print(f"corpus: {args.articles} articles, {words:,} words ({words / args.articles:.0f} words/article)")
        nlp = load_nlp(settings.model)
        texts = [
            a.text
            for d in iter_drafts([out], max_bytes=10**8)
            if isinstance(d, Draft)
            for a in [prepare(d)]
            if isinstance(a, Article)
        ]
        list(nlp.pipe(texts[:50]))  # warm up
        # Gazetteer and lexicons load once per process; load them before timing, like spaCy itself.
        list(run([sorted(out.iterdir())[0]], settings))

        # Interleave the two in chunks so that load from other processes hits both alike; report wall time
        # and this process's CPU time (which other processes' load does not inflate).
        files = sorted(out.iterdir())
        bare_wall = bare_cpu = full_wall = full_cpu = 0.0
        done = 0
        for k in range(0, len(files), CHUNK):
            chunk_texts = texts[k : k + CHUNK]
            w, c = time.perf_counter(), time.process_time()
            for _ in nlp.pipe(chunk_texts, batch_size=args.batch_size):
                pass
            bare_wall += time.perf_counter() - w
            bare_cpu += time.process_time() - c
            w, c = time.perf_counter(), time.process_time()
            done += sum(1 for r in run(files[k : k + CHUNK], settings) if isinstance(r, Extraction))
            full_wall += time.perf_counter() - w
            full_cpu += time.process_time() - c

    n = len(texts)
    print(
        f"bare spaCy nlp.pipe : {n / bare_wall:8.1f} articles/s {words / bare_wall:10,.0f} words/s "
        f"(wall {bare_wall:.1f} s, cpu {bare_cpu:.1f} s)"
    )
    print(
        f"storyline pipeline  : {done / full_wall:8.1f} articles/s {words / full_wall:10,.0f} words/s "
        f"(wall {full_wall:.1f} s, cpu {full_cpu:.1f} s)"
    )
    print(f"ratio pipeline/bare : {bare_wall / full_wall:.2f} by wall time, {bare_cpu / full_cpu:.2f} by CPU time")
    print(f"peak RSS            : {peak_rss_mb():.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
