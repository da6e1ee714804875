#!/usr/bin/env python3
"""Crash safety: kill ``storyline ingest`` / ``storyline build`` with SIGKILL at random moments.

1. Generates a corpus of distinct articles from the bundled demo corpus (each demo text file and each
   record of its JSONL/CSV exports, rewritten with a numbered dateline so every copy is a new article).
2. Ingests and builds it once, uninterrupted, into a reference store: per-article record counts.
3. Then, ``--kills`` times: starts ``storyline ingest CORPUS`` followed by ``storyline build`` on one store
   in a subprocess, kills the process group with SIGKILL after a random delay, and checks the store:
   ``PRAGMA integrity_check`` is "ok", ``PRAGMA foreign_key_check`` is empty, every committed article has
   exactly the reference's number of mentions, quotes, claims, times and places (no half-written article),
   no article or record is stored twice, and every story member is a stored article.
4. Finally re-runs ingest and build to completion: the store must hold exactly the reference's articles
   and records, with no duplicates.

Prints the figures: kills, kills that landed mid-ingest / mid-build, integrity failures, half-written
articles, duplicates, articles lost after the final re-run (all but the first two must be 0). Exit status 1
when any check fails.

usage: python bench/crash.py [--kills 50] [--copies 6] [--seed 1] [--max-delay 12] [--ingest ingest|run]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import storyline

DEMO = Path(storyline.__file__).parent / "data" / "demo"
RECORD_TABLES = ("mentions", "quotes", "claims", "times", "places")
#: Checked for records stored twice: the same article, span and kind of record.
RECORD_KEYS = {
    "mentions": 'article_id, start, "end", label',
    "quotes": 'article_id, start, "end", kind',
    "claims": 'article_id, start, "end"',
    "times": 'article_id, start, "end"',
    "places": 'article_id, start, "end"',
}


def make_corpus(out: Path, copies: int) -> int:
    """``copies`` variants of every demo text file, each with its own dateline line (a distinct article)."""
    out.mkdir(parents=True, exist_ok=True)
    made = 0
    for path in sorted(DEMO.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        head, _, body = text.partition("\n\n")
        for k in range(copies):
            variant = f"{head}\n\nUpdate {k + 1}: this is report number {k + 1} in the series.\n\n{body}"
            (out / f"{path.stem}_{k:02d}.txt").write_text(variant, encoding="utf-8")
            made += 1
    return made


#: The ingest step, by ``--ingest``: the one-process ingest, or the streaming runner with a process pool.
INGEST_COMMANDS = {"ingest": "ingest -q {corpus}", "run": "run -q --workers 2 --batch-size 4 {corpus}"}
INGEST = "ingest"


def commands(db: Path, corpus: Path) -> str:
    """Ingest then build; the marker file tells a kill that landed in the build from one in the ingest."""
    python = sys.executable
    marker = f"{db}.ingested"
    step = INGEST_COMMANDS[INGEST].format(corpus=corpus)
    return (
        f"rm -f {marker} && {python} -m storyline --db {db} {step} && touch {marker} && "
        f"{python} -m storyline --db {db} build -q"
    )


def record_counts(db: Path) -> dict[str, tuple[int, ...]]:
    conn = sqlite3.connect(db)
    try:
        counts: dict[str, list[int]] = {
            aid: [0] * len(RECORD_TABLES) for (aid,) in conn.execute("SELECT id FROM articles")
        }
        for k, table in enumerate(RECORD_TABLES):
            for aid, n in conn.execute(f"SELECT article_id, count(*) FROM {table} GROUP BY article_id"):
                counts.setdefault(aid, [0] * len(RECORD_TABLES))[k] = n
        return {aid: tuple(c) for aid, c in counts.items()}
    finally:
        conn.close()


@dataclass
class Check:
    integrity_failures: int = 0
    foreign_key_failures: int = 0
    half_written: int = 0
    unknown_articles: int = 0
    duplicate_articles: int = 0
    duplicate_records: int = 0
    dangling_story_members: int = 0
    articles_in_two_stories: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def failures(self) -> int:
        return (
            self.integrity_failures
            + self.foreign_key_failures
            + self.half_written
            + self.unknown_articles
            + self.duplicate_articles
            + self.duplicate_records
            + self.dangling_story_members
            + self.articles_in_two_stories
        )


def check_store(db: Path, reference: dict[str, tuple[int, ...]], check: Check) -> None:
    if not db.exists():
        return
    conn = sqlite3.connect(db)
    try:
        status = conn.execute("PRAGMA integrity_check").fetchone()[0]
        if status != "ok":
            check.integrity_failures += 1
            check.problems.append(f"integrity_check: {status}")
        if conn.execute("PRAGMA foreign_key_check").fetchall():
            check.foreign_key_failures += 1
            check.problems.append("foreign_key_check found rows")
        tables = {name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if "articles" not in tables:
            return  # killed before the first migration committed: an empty store
        n, distinct = conn.execute("SELECT count(*), count(DISTINCT id) FROM articles").fetchone()
        check.duplicate_articles += n - distinct
        for table, key in RECORD_KEYS.items():
            dup = conn.execute(f"SELECT count(*) FROM (SELECT 1 FROM {table} GROUP BY {key} HAVING count(*) > 1)")
            check.duplicate_records += dup.fetchone()[0]
        if "story_articles" in tables:
            dangling = conn.execute(
                "SELECT count(*) FROM story_articles WHERE article_id NOT IN (SELECT id FROM articles)"
                " OR story_id NOT IN (SELECT id FROM stories)"
            ).fetchone()[0]
            check.dangling_story_members += dangling
            twice = conn.execute(
                "SELECT count(*) FROM (SELECT article_id FROM story_articles GROUP BY article_id HAVING count(*) > 1)"
            ).fetchone()[0]
            if twice:
                check.articles_in_two_stories += twice
                check.problems.append(f"{twice} articles in two stories at once")
    finally:
        conn.close()
    for aid, counts in record_counts(db).items():
        if aid not in reference:
            check.unknown_articles += 1
            check.problems.append(f"article {aid} is not in the reference run")
        elif counts != reference[aid]:
            check.half_written += 1
            check.problems.append(f"article {aid}: records {counts}, reference {reference[aid]}")


def run_to_end(db: Path, corpus: Path) -> float:
    started = time.perf_counter()
    subprocess.run(commands(db, corpus), shell=True, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def kill_loop(
    db: Path, corpus: Path, kills: int, max_delay: float, rng: random.Random, reference: dict[str, tuple[int, ...]]
) -> tuple[Check, dict[str, int]]:
    check = Check()
    landed = {"ingest": 0, "build": 0, "after_finish": 0}
    for k in range(kills):
        delay = rng.uniform(0.2, max_delay)
        proc = subprocess.Popen(
            commands(db, corpus), shell=True, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )
        time.sleep(delay)
        finished = proc.poll() is not None
        stage = "after_finish"
        if not finished:
            stage = "build" if Path(f"{db}.ingested").exists() else "ingest"
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        landed[stage] += 1
        check_store(db, reference, check)
        stored = len(record_counts(db)) if db.exists() and _has_articles(db) else 0
        print(f"kill {k + 1:>3}: after {delay:5.2f} s during {stage:<12} {stored:>3} articles stored", flush=True)
        if finished and stored == len(reference):
            db.unlink()  # start over so later kills land mid-ingest again
            for suffix in ("-wal", "-shm"):
                Path(f"{db}{suffix}").unlink(missing_ok=True)
    return check, landed


def _has_articles(db: Path) -> bool:
    conn = sqlite3.connect(db)
    try:
        return conn.execute("SELECT 1 FROM sqlite_master WHERE name='articles'").fetchone() is not None
    finally:
        conn.close()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--kills", type=int, default=50)
    ap.add_argument("--copies", type=int, default=6, help="variants of each demo text file")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--max-delay", type=float, help="longest wait before a kill (default: the reference run's time)")
    ap.add_argument("--json", action="store_true", help="print the figures as one JSON object too")
    ap.add_argument("--ingest", choices=sorted(INGEST_COMMANDS), default="ingest", help="how articles are stored")
    args = ap.parse_args()
    global INGEST
    INGEST = args.ingest
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory(prefix="storyline-crash-") as tmp:
        corpus = Path(tmp) / "corpus"
        articles = make_corpus(corpus, args.copies)
        reference_db = Path(tmp) / "reference.db"
        took = run_to_end(reference_db, corpus)
        reference = record_counts(reference_db)
        print(f"corpus: {articles} files, reference run (ingest + build) {took:.1f} s, {len(reference)} articles")
        db = Path(tmp) / "crash.db"
        check, landed = kill_loop(db, corpus, args.kills, args.max_delay or took * 1.1, rng, reference)
        run_to_end(db, corpus)
        final = Check()
        check_store(db, reference, final)
        final_counts = record_counts(db)
        lost = len(set(reference) - set(final_counts))
        extra = len(set(final_counts) - set(reference))
        stories = sqlite3.connect(db).execute("SELECT count(*) FROM stories").fetchone()[0]
        ref_stories = sqlite3.connect(reference_db).execute("SELECT count(*) FROM stories").fetchone()[0]
    figures = {
        "kills": args.kills,
        "landed_mid_ingest": landed["ingest"],
        "landed_mid_build": landed["build"],
        "finished_before_kill": landed["after_finish"],
        "integrity_failures": check.integrity_failures + final.integrity_failures,
        "half_written_articles": check.half_written + final.half_written,
        "duplicates": check.duplicate_articles
        + check.duplicate_records
        + final.duplicate_articles
        + final.duplicate_records,
        "articles_in_two_stories": check.articles_in_two_stories + final.articles_in_two_stories,
        "articles_lost": lost,
        "articles_unexpected": extra,
        "stories_final_vs_reference": f"{stories}/{ref_stories}",
    }
    print()
    for key, value in figures.items():
        print(f"{key:>28}: {value}")
    for problem in (check.problems + final.problems)[:20]:
        print("problem:", problem)
    if args.json:
        print(json.dumps(figures))
    bad = check.failures + final.failures + lost + extra + (stories != ref_stories)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
