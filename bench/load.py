#!/usr/bin/env python3
"""Load: concurrent searches and story pages against ``storyline serve`` while an ingest writes.

1. Builds a store from the bundled demo corpus (ingest + build), so it has stories to serve.
2. Starts ``storyline serve`` on 127.0.0.1 (a free port) over that store, in a subprocess.
3. Starts ``storyline ingest`` of a generated corpus into the same store, in another subprocess.
4. Sends ``--requests`` requests in waves of ``--concurrency`` concurrent ones (httpx, asyncio): searches
   (HTML and JSON, with filters), story pages, article pages and the story list, in a fixed mix. The
   script stops by itself when all are answered (each request has a timeout).

Prints: requests, errors (non-2xx answers, timeouts, connection errors; must be 0), p50 / p99 / max
latency per kind and overall, requests/s, and how many articles the concurrent ingest stored meanwhile.
Exit status 1 when there was any error.

usage: python bench/load.py [--requests 2000] [--concurrency 200] [--copies 8]
"""

from __future__ import annotations

import argparse
import asyncio
import random
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).parent))
from crash import DEMO, make_corpus  # noqa: E402  (bench scripts share the corpus generator)

QUERIES = ["dam", "flood", "evacuated", "Rusu", "ferry strike", '"lower town"', "mayor OR police", "water*"]
FILTERS = [{}, {"kind": "quote"}, {"kind": "claim"}, {"outlet": "Harbour Daily"}, {"from": "2025-03-12"}]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def storyline(db: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "storyline", "--db", str(db), *args]


def wait_until_up(url: str, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise SystemExit(f"the server at {url} did not answer within {timeout:.0f} s")


def plan(n: int, story_ids: list[str], article_ids: list[str], rng: random.Random) -> list[tuple[str, str]]:
    """(kind, path) for every request: 40 % HTML search, 20 % API search, 25 % story, 10 % article, 5 % list."""
    out = []
    for _ in range(n):
        r = rng.random()
        query = {"q": rng.choice(QUERIES), **rng.choice(FILTERS)}
        if r < 0.4:
            out.append(("search page", "/search?" + httpx.QueryParams(query).__str__()))
        elif r < 0.6:
            out.append(("search api", "/api/search?" + httpx.QueryParams(query).__str__()))
        elif r < 0.85:
            out.append(("story page", f"/stories/{rng.choice(story_ids)}"))
        elif r < 0.95:
            out.append(("article page", f"/articles/{rng.choice(article_ids)}"))
        else:
            out.append(("story list", "/"))
    return out


async def fire(base: str, requests: list[tuple[str, str]], concurrency: int, timeout: float) -> list[tuple]:
    results: list[tuple[str, float, str | None]] = []
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=base, timeout=timeout, limits=limits) as client:

        async def one(kind: str, path: str) -> None:
            started = time.perf_counter()
            error = None
            try:
                response = await client.get(path)
                if response.status_code >= 400:
                    error = f"HTTP {response.status_code} {path}"
            except httpx.HTTPError as exc:
                error = f"{type(exc).__name__} {path}"
            results.append((kind, time.perf_counter() - started, error))

        for at in range(0, len(requests), concurrency):
            await asyncio.gather(*(one(kind, path) for kind, path in requests[at : at + concurrency]))
    return results


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--requests", type=int, default=2000)
    ap.add_argument("--concurrency", type=int, default=200)
    ap.add_argument("--copies", type=int, default=40, help="variants of each demo file the concurrent ingest writes")
    ap.add_argument("--timeout", type=float, default=60.0, help="per-request timeout (s)")
    ap.add_argument("--seed", type=int, default=3)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory(prefix="storyline-load-") as tmp:
        db = Path(tmp) / "load.db"
        subprocess.run(storyline(db, "ingest", "-q", str(DEMO)), check=True, stdout=subprocess.DEVNULL)
        subprocess.run(storyline(db, "build", "-q"), check=True, stdout=subprocess.DEVNULL)
        conn = sqlite3.connect(db)
        story_ids = [sid for (sid,) in conn.execute("SELECT id FROM stories")]
        article_ids = [aid for (aid,) in conn.execute("SELECT id FROM articles")]
        before = len(article_ids)
        conn.close()
        corpus = Path(tmp) / "more"
        written = make_corpus(corpus, args.copies)
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        server = subprocess.Popen(
            storyline(db, "serve", "--port", str(port)), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )
        try:
            wait_until_up(base + "/")
            ingest = subprocess.Popen(storyline(db, "ingest", "-q", str(corpus)), stdout=subprocess.DEVNULL)
            requests = plan(args.requests, story_ids, article_ids, rng)
            started = time.perf_counter()
            results = asyncio.run(fire(base, requests, args.concurrency, args.timeout))
            wall = time.perf_counter() - started
            ingest_running = ingest.poll() is None
            ingest.wait()
        finally:
            server.terminate()
            server.wait(timeout=30)
        conn = sqlite3.connect(db)
        after = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        conn.close()
    errors = [e for _, _, e in results if e]
    by_kind: dict[str, list[float]] = defaultdict(list)
    for kind, took, _ in results:
        by_kind[kind].append(took)
        by_kind["all"].append(took)
    print(f"requests: {len(results)} in {wall:.1f} s ({len(results) / wall:.0f}/s), {args.concurrency} concurrent")
    print(f"errors: {len(errors)}")
    print(f"{'kind':<14} {'n':>5} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8}")
    for kind, times in sorted(by_kind.items(), key=lambda kv: kv[0] == "all"):
        print(
            f"{kind:<14} {len(times):>5} {1000 * statistics.median(times):>8.0f} "
            f"{1000 * percentile(times, 0.99):>8.0f} {1000 * max(times):>8.0f}"
        )
    print(
        f"concurrent ingest: {after - before} of {written} generated articles stored during and after the load "
        f"({'still running when the load ended' if ingest_running else 'finished before the load ended'})"
    )
    for error in errors[:10]:
        print("error:", error)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
