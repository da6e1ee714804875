#!/usr/bin/env python3
"""Throughput and memory of the streaming run (``storyline run``) beside bare spaCy, by corpus size.

For each size in ``--sizes``, generates that many ~700-word articles by recombining paragraphs of the
bundled demo corpus with varied names and numbers (JSON Lines files in a temporary folder; not timed),
then measures, each in its own subprocess so that every figure has a fresh process and its own peak RSS:

- ``bare``: spaCy ``nlp.pipe(texts, batch_size=...)`` over the clean texts, one process (model loaded first);
- ``w1``: ``runner.run_local`` with ``workers=1`` into a new SQLite store (model loaded first);
- ``w2``: ``runner.run_local`` with ``workers=2`` (pool start-up included, and reported apart);
- ``dask`` (with ``--dask``): ``scale.run_dask(address="local")``, a LocalCluster of 2 workers.

A thread samples the RSS and CPU time of the measuring process and of its child processes every
``SAMPLE_S`` seconds, and their PSS every ``PSS_SAMPLE_S``. The table gives articles/s by wall time, the
ratio to bare spaCy, the 2-worker speed-up, peak RSS of the parent and of the largest worker, peak RSS and
PSS of the whole tree (RSS counts pages the processes share once per process; PSS divides them), and the
load average during the run (the machine is shared, so wall-time figures move with other people's work;
CPU time does not). Long runs print a checkpoint line every ``--every`` articles (rate so far, memory now),
so memory that grows with the corpus shows while the run goes on.

usage: python bench/run.py [--sizes 1000,10000] [--modes bare,w1,w2] [--bare-max 2000] [--dask]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psutil

#: Seconds between two RSS/CPU samples: short next to a run (minutes), long enough to cost nothing.
SAMPLE_S = 0.25
#: Seconds between two PSS samples. PSS (proportional set size: each shared page divided among the
#: processes mapping it) is what a process tree really takes from the machine, but reading it walks
#: /proc/PID/smaps_rollup, so it is sampled less often than RSS.
PSS_SAMPLE_S = 2.0
#: Articles per generated JSONL file: ~2.5 MB each, well under the 10 MB input-file limit.
PER_FILE = 500
#: Target article length in words (the issue's figure for a typical news article).
TARGET_WORDS = 700
FIRST = ["Maria", "Ahmed", "Lena", "Tomasz", "Grace", "Kenji", "Olga", "Samuel", "Priya", "Jonas", "Elena", "Yusuf"]
LAST = ["Okafor", "Lindqvist", "Haddad", "Moreau", "Petrov", "Nakamura", "Silva", "Novak", "Reyes", "Brandt", "Popescu"]
GOLD = Path(__file__).resolve().parents[1] / "tests" / "data" / "demo_gold.jsonl"
_NUMBER = re.compile(r"(?<![\w.])\d{1,3}(?:,\d{3})+(?![\w,])|(?<![\w.,])\d+(?![\w,.]\d)")


# -- corpus ------------------------------------------------------------------------------------------------
def demo_paragraphs() -> list[str]:
    """Prose paragraphs (after cleaning) of the bundled demo corpus."""
    from storyline.cli import demo_corpus
    from storyline.ingest.sources import iter_drafts
    from storyline.model import Article, Draft
    from storyline.pipeline import prepare

    found: list[str] = []
    for item in iter_drafts([demo_corpus()], max_bytes=10**8):
        if isinstance(item, Draft):
            art = prepare(item)
            if isinstance(art, Article):
                found += [p for p in re.split(r"\n+", art.text) if len(p.split()) >= 12]
    return found


def demo_people() -> list[tuple[str, str]]:
    """(first, last) names of the people in the demo corpus, from its gold file."""
    names = set()
    for line in GOLD.read_text(encoding="utf-8").splitlines():
        for person in json.loads(line).get("people", []):
            first, _, last = person.partition(" ")
            names.add((first, last))
    return sorted(names)


def vary_number(match: re.Match[str], rng: random.Random) -> str:
    """Another number of the same size; years and small numbers (days, counts in words) are kept."""
    text = match.group(0)
    value = int(text.replace(",", ""))
    if value < 32 or (1900 <= value <= 2099 and "," not in text):
        return text
    new = max(32, int(value * rng.uniform(0.5, 1.5)))
    return f"{new:,}" if "," in text else str(new)


def generate(n: int, out: Path, seed: int = 7) -> tuple[int, int]:
    """Write ``n`` articles as JSONL files under ``out``; returns (articles, words)."""
    rng = random.Random(seed)
    paragraphs = demo_paragraphs()
    people = demo_people()
    words = 0
    handle = None
    for i in range(n):
        if i % PER_FILE == 0:
            if handle:
                handle.close()
            handle = (out / f"part-{i // PER_FILE:05d}.jsonl").open("w", encoding="utf-8")
        names = {first: rng.choice(FIRST) for first, _ in people} | {last: rng.choice(LAST) for _, last in people}
        pattern = re.compile(r"\b(" + "|".join(map(re.escape, names)) + r")\b")
        body: list[str] = []
        count = 0
        order = iter(rng.sample(paragraphs, len(paragraphs)))  # no paragraph twice in one article
        while count < TARGET_WORDS:
            para = pattern.sub(lambda m, names=names: names[m.group(0)], next(order))
            para = _NUMBER.sub(lambda m: vary_number(m, rng), para)
            body.append(para)
            count += len(para.split())
        words += count
        record = {
            "title": f"Generated report {i}",
            "url": f"https://bench.example/{i}",
            "date": f"2025-03-{rng.randint(10, 20)}",
            "outlet": f"Bench {i % 7}",
            "text": "\n\n".join(body),
        }
        assert handle is not None
        handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    if handle:
        handle.close()
    return n, words


# -- measuring ---------------------------------------------------------------------------------------------
class Sampler(threading.Thread):
    """Peak RSS of this process, of its largest child, and of the whole tree; CPU time of the tree."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.me = psutil.Process()
        self.stop = threading.Event()
        self.parent_peak = self.worker_peak = self.tree_peak = self.pss_peak = 0
        self.now: dict[str, float] = {}
        self.child_cpu: dict[int, float] = {}
        self._pss_at = 0.0

    def sample(self) -> None:
        parent = self.me.memory_info().rss
        tree = parent
        worker = 0
        processes = [self.me]
        for child in self.me.children(recursive=True):
            try:
                rss = child.memory_info().rss
                cpu = child.cpu_times()
            except psutil.Error:
                continue
            processes.append(child)
            tree += rss
            worker = max(worker, rss)
            self.child_cpu[child.pid] = cpu.user + cpu.system
        self.worker_peak = max(self.worker_peak, worker)
        self.parent_peak = max(self.parent_peak, parent)
        self.tree_peak = max(self.tree_peak, tree)
        self.now |= {"parent_rss_mb": parent / 2**20, "worker_rss_mb": worker / 2**20, "tree_rss_mb": tree / 2**20}
        if time.monotonic() - self._pss_at >= PSS_SAMPLE_S:
            self._pss_at = time.monotonic()
            pss = 0
            for process in processes:
                try:
                    pss += process.memory_full_info().pss
                except psutil.Error:
                    continue
            self.pss_peak = max(self.pss_peak, pss)
            self.now["tree_pss_mb"] = pss / 2**20

    def run(self) -> None:
        while not self.stop.wait(SAMPLE_S):
            self.sample()

    def __enter__(self) -> Sampler:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.sample()
        self.stop.set()
        self.join()

    def figures(self) -> dict[str, float]:
        cpu = self.me.cpu_times()
        return {
            "parent_rss_mb": self.parent_peak / 2**20,
            "worker_rss_mb": self.worker_peak / 2**20,
            "tree_rss_mb": self.tree_peak / 2**20,
            "tree_pss_mb": self.pss_peak / 2**20,
            "cpu_s": cpu.user + cpu.system + sum(self.child_cpu.values()),
        }


def clean_texts(corpus: Path, limit: int) -> Iterator[str]:
    from storyline.ingest.sources import iter_drafts
    from storyline.model import Article, Draft
    from storyline.pipeline import prepare

    n = 0
    for item in iter_drafts([corpus], max_bytes=10**8):
        if isinstance(item, Draft) and isinstance(art := prepare(item), Article):
            yield art.text
            n += 1
            if n >= limit:
                return


def measure(mode: str, corpus: Path, limit: int, batch: int, every: int = 0) -> dict[str, Any]:
    """One mode over ``corpus``, in this process; figures as a dict."""
    from storyline.config import Settings
    from storyline.gazetteer import get_gazetteer
    from storyline.nlp import load_nlp
    from storyline.store import Store

    settings = Settings()
    result: dict[str, Any] = {"mode": mode}
    load0 = os.getloadavg()[0]
    if mode in ("bare", "w1"):  # load the model (and gazetteer) before timing, as bare spaCy's is
        nlp = load_nlp(settings.model)
        list(nlp.pipe(["Warm-up text for the pipeline."]))
        if mode == "w1":
            get_gazetteer(settings.min_city_population)
    if mode == "bare":
        texts = list(clean_texts(corpus, limit))
        with Sampler() as sampler:
            started = time.perf_counter()
            for _ in nlp.pipe(texts, batch_size=settings.batch_size):
                pass
            wall = time.perf_counter() - started
        result |= {"articles": len(texts), "wall_s": wall, "first_s": 0.0}
    else:
        with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "bench.db") as store:
            first: list[float] = []
            checkpoint = [every]

            def progress(done: int, total: int | None) -> None:
                if not first:
                    first.append(time.perf_counter())
                    first.append(done)
                if every and done >= checkpoint[0]:
                    checkpoint[0] += every
                    elapsed = time.perf_counter() - started
                    line = {"mode": mode, "done": done, "elapsed_s": round(elapsed), "rate": round(done / elapsed, 2)}
                    line |= {k: round(v) for k, v in sampler.now.items()} | {"load": os.getloadavg()[0]}
                    print("checkpoint " + json.dumps(line), file=sys.stderr, flush=True)

            with Sampler() as sampler:
                started = time.perf_counter()
                if mode == "dask":
                    from storyline.scale import run_dask

                    counts: Any = run_dask([str(corpus)], settings, store, address="local", workers=2)
                    first[:] = []
                    articles = counts.added + counts.new_version + counts.existing
                else:
                    workers = 2 if mode == "w2" else 1
                    counts = run_local(
                        [str(corpus)], settings, store, workers=workers, batch_articles=batch, progress=progress
                    )
                    articles = counts.parsed
                wall = time.perf_counter() - started
            result |= {"articles": articles, "wall_s": wall, "stored": store.count()}
            if first:  # steady state: from the first stored batch on (pool start-up and first batch excluded)
                result["first_s"] = first[0] - started
                result["steady_rate"] = (articles - first[1]) / max(wall - result["first_s"], 1e-9)
    result |= sampler.figures()
    result["rate"] = result["articles"] / result["wall_s"]
    result["load"] = (load0 + os.getloadavg()[0]) / 2
    return result


def run_local(*args: Any, **kwargs: Any) -> Any:
    from storyline.runner import run_local as run

    return run(*args, **kwargs)


# -- driver ------------------------------------------------------------------------------------------------
def child(args: argparse.Namespace) -> int:
    print(json.dumps(measure(args.measure, Path(args.corpus), args.limit, args.batch_size, args.every)))
    return 0


def one_size(size: int, args: argparse.Namespace) -> list[dict[str, Any]]:
    modes = [m for m in args.modes.split(",") if m] + (["dask"] if args.dask else [])
    rows = []
    with tempfile.TemporaryDirectory(prefix="storyline-bench-") as tmp:
        corpus = Path(tmp) / "corpus"
        corpus.mkdir()
        started = time.perf_counter()
        n, words = generate(size, corpus, args.seed)
        print(
            f"size {size}: {n} articles, {words:,} words ({words / n:.0f}/article), generated in "
            f"{time.perf_counter() - started:.0f} s",
            file=sys.stderr,
            flush=True,
        )
        for mode in modes:
            limit = min(size, args.bare_max) if mode == "bare" else size
            cmd = [
                sys.executable,
                __file__,
                "--measure",
                mode,
                "--corpus",
                str(corpus),
                "--limit",
                str(limit),
                "--batch-size",
                str(args.batch_size),
                "--every",
                str(args.every),
            ]
            out = subprocess.run(cmd, check=True, stdout=subprocess.PIPE, text=True)  # checkpoints go to stderr
            row = json.loads(out.stdout.strip().splitlines()[-1]) | {"size": size, "words": words / n}
            print(
                f"  {mode}: {row['rate']:.2f} articles/s ({row['articles']} in {row['wall_s']:.0f} s, "
                f"load {row['load']:.1f})",
                file=sys.stderr,
                flush=True,
            )
            rows.append(row)
    return rows


def table(rows: list[dict[str, Any]]) -> str:
    lines = [
        "| size | run | articles | wall s | articles/s | steady articles/s | × bare | speed-up | CPU s | "
        "parent RSS MB | worker RSS MB | tree RSS MB | tree PSS MB | load |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for size in sorted({r["size"] for r in rows}):
        group = {r["mode"]: r for r in rows if r["size"] == size}
        bare = group.get("bare", {}).get("rate")
        one = group.get("w1", {}).get("rate")
        for mode, r in group.items():
            ratio = f"{r['rate'] / bare:.2f}" if bare and mode != "bare" else ""
            speed = f"{r['rate'] / one:.2f}" if one and mode in ("w2", "dask") else ""
            steady = f"{r['steady_rate']:.2f}" if "steady_rate" in r else ""
            lines.append(
                f"| {size:,} | {mode} | {r['articles']:,} | {r['wall_s']:.0f} | {r['rate']:.2f} | {steady} | {ratio} | "
                f"{speed} | {r['cpu_s']:.0f} | {r['parent_rss_mb']:.0f} | {r['worker_rss_mb']:.0f} | "
                f"{r['tree_rss_mb']:.0f} | {r.get('tree_pss_mb', 0):.0f} | {r['load']:.1f} |"
            )
    return "\n".join(lines)


def main() -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--sizes", default="1000", help="comma-separated corpus sizes (articles)")
    ap.add_argument("--modes", default="bare,w1,w2", help="bare, w1, w2 (comma-separated)")
    ap.add_argument("--dask", action="store_true", help="also time scale.run_dask on a local 2-worker cluster")
    ap.add_argument("--bare-max", type=int, default=2000, help="bare spaCy runs on at most this many articles")
    ap.add_argument("--batch-size", type=int, default=64, help="articles per runner batch")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--every", type=int, default=0, help="print a checkpoint every N articles (0: none)")
    ap.add_argument("--generate", metavar="DIR", help="only write a corpus of the first size to DIR")
    ap.add_argument("--measure", help=argparse.SUPPRESS)
    ap.add_argument("--corpus", help=argparse.SUPPRESS)
    ap.add_argument("--limit", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.measure:
        return child(args)
    sizes = [int(s) for s in args.sizes.split(",") if s]
    if args.generate:
        Path(args.generate).mkdir(parents=True, exist_ok=True)
        n, words = generate(sizes[0], Path(args.generate), args.seed)
        print(f"{n} articles, {words:,} words in {args.generate}")
        return 0
    rows = [row for size in sizes for row in one_size(size, args)]
    print(f"machine: {os.cpu_count()} cores; load average now {os.getloadavg()[0]:.1f}")
    print(table(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
