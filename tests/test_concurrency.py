"""Several processes and one store (issue 12): concurrent writers, a killed run, what others stored meanwhile.

Each test starts real processes: two writers released together onto a new store, a ``storyline run --workers
2`` killed with SIGKILL, a writer that stores articles in the middle of a run.
"""

from __future__ import annotations

import multiprocessing
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import storyline.runner as runner
from storyline.cli import cli
from storyline.config import Settings
from storyline.model import Article, Extraction, Skip, content_id
from storyline.pipeline import extract_batch, ingest_into
from storyline.store import Store

#: Rounds of two writers on a new store. Before the fix 6 of 10 such rounds failed (UNIQUE constraint failed:
#: articles.id; migration ... failed: table articles already exists; database is locked), losing 180 articles.
ROUNDS = 5
WORDS = "mayor council flood river bridge ferry strike union port budget school police court vote harbour".split()


def _text(key: str) -> str:
    """~60 words of prose that no other key's text is a near-duplicate of."""
    rng = random.Random(key)
    return " ".join(rng.choice(WORDS) for _ in range(60)) + f" Report {key}."


def _extraction(key: str, source: str, url: str | None = None) -> Extraction:
    text = _text(key)
    return Extraction(article=Article(id=content_id(text), source=source, raw=text, text=text, url=url))


def _inputs(writer: str) -> list[Extraction]:
    """What one writer stores: 40 articles the other writer stores too, in the same order (the two race for
    each), 5 URLs the other writer stores other text under (one text becomes version 2 of the other), and 30
    articles only this writer has."""
    shared = [_extraction(f"shared-{n}", f"{writer}/shared-{n}.txt") for n in range(40)]
    versions = [_extraction(f"{writer}-v{n}", f"{writer}/v{n}.html", f"https://x.example/{n}") for n in range(5)]
    own = [_extraction(f"{writer}-{n}", f"{writer}/own-{n}.txt") for n in range(30)]
    return shared + versions + own


def _writer(name: str, dbs: Sequence[str], start: Any, results: Any) -> None:
    """One process: for each store, wait for the other writer, then open the (new) store and ingest into it."""
    inputs = _inputs(name)
    for db in dbs:
        start.wait()
        try:
            with Store(db) as store:
                counts = ingest_into(store, inputs)
            results.put((name, db, "ok", (counts.added, counts.existing, counts.new_version)))
        except Exception as exc:  # noqa: BLE001 - reported to the test, which fails on it
            results.put((name, db, "error", repr(exc)))


def test_two_writers_into_one_new_store_lose_nothing_and_count_each_article_once(tmp_path: Path) -> None:
    context = multiprocessing.get_context("spawn")  # never fork a process that has loaded spaCy
    dbs = [str(tmp_path / f"round{n}.db") for n in range(ROUNDS)]
    start, results = context.Barrier(2), context.Queue()
    writers = [context.Process(target=_writer, args=(name, dbs, start, results)) for name in ("a", "b")]
    for process in writers:
        process.start()
    reports = [results.get(timeout=300) for _ in range(2 * ROUNDS)]
    for process in writers:
        process.join(timeout=60)
    assert [r for r in reports if r[2] != "ok"] == []

    expected = {ex.article.id for name in ("a", "b") for ex in _inputs(name)}
    assert len(expected) == 40 + 2 * (5 + 30)
    for db in dbs:
        counts = [r[3] for r in reports if r[1] == db]
        added, existing, new_version = (sum(c[i] for c in counts) for i in range(3))
        assert all(sum(c) == 75 for c in counts)  # each writer accounts for each of its inputs
        assert (added, existing, new_version) == (105, 40, 5)  # the 40 shared articles are stored once
        conn = sqlite3.connect(db)
        ids = [row[0] for row in conn.execute("SELECT id FROM articles")]
        assert len(ids) == len(expected) and set(ids) == expected
        chains = conn.execute(
            "SELECT url, group_concat(version), count(previous_id) FROM "
            "(SELECT url, version, previous_id FROM articles WHERE url IS NOT NULL ORDER BY url, version) GROUP BY url"
        ).fetchall()
        assert sorted(chains) == [(f"https://x.example/{n}", "1,2", 1) for n in range(5)]
        conn.close()


def _processes_left(pids: set[int], group: int) -> list[int]:
    """Those of ``pids``, and members of process group ``group``, still running (zombies count as gone)."""
    try:
        import psutil
    except ImportError:
        psutil = None
    if psutil is not None:
        left = []
        for proc in psutil.process_iter(["pid", "status"]):
            try:
                if proc.info["status"] == psutil.STATUS_ZOMBIE:
                    continue
                if proc.pid in pids or os.getpgid(proc.pid) == group:
                    left.append(proc.pid)
            except (psutil.Error, ProcessLookupError):
                continue
        return left
    left = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        state, _, pgrp = stat.rsplit(")", 1)[1].split()[:3]
        if state != "Z" and (int(entry.name) in pids or int(pgrp) == group):
            left.append(int(entry.name))
    return left


def _descendants(pid: int) -> set[int]:
    """Every process below ``pid`` (children's parent links read from /proc)."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parents[int(entry.name)] = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[2])
            except (OSError, ValueError):
                continue
    below, frontier = set(), {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier} - below
        below |= frontier
    return below


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads the process table from /proc")
def test_workers_and_fork_server_die_with_a_killed_run(tmp_path: Path) -> None:
    """``kill -9`` of ``storyline run --workers 2`` while its workers parse: within a few seconds no process
    it started is left (before: the fork server and both workers, ~530 MB here, ran on for good)."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for n in range(400):
        (corpus / f"a{n:03d}.txt").write_text(_text(f"kill-{n}"), encoding="utf-8")
    db = tmp_path / "s.db"
    command = [sys.executable, "-m", "storyline", "--db", str(db), "run", str(corpus), "--workers", "2"]
    run = subprocess.Popen([*command, "--batch-size", "4", "--quiet"], start_new_session=True)
    try:
        deadline = time.monotonic() + 120
        stored = 0
        while not stored:  # the workers have parsed a batch: they are up and working
            assert run.poll() is None and time.monotonic() < deadline, "the run ended before it could be killed"
            time.sleep(0.1)
            if db.exists():
                try:
                    with sqlite3.connect(db, timeout=1) as conn:
                        stored = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
                except sqlite3.OperationalError:  # not created yet
                    continue
        started = _descendants(run.pid)
        assert len(started) >= 3  # the fork server and two workers (and multiprocessing's resource tracker)
        run.send_signal(signal.SIGKILL)
        run.wait()
        killed = time.monotonic()
        while (left := _processes_left(started, run.pid)) and time.monotonic() - killed < 5:
            time.sleep(0.1)
        assert left == []
    finally:
        if run.poll() is None:
            run.kill()
        for pid in _processes_left(_descendants(run.pid), run.pid):
            os.kill(pid, signal.SIGKILL)


def _store_meanwhile(db: str, articles: Sequence[Article]) -> None:
    """Another process: store ``articles`` (no records) in ``db``."""
    with Store(db) as store:
        ingest_into(store, [Extraction(article=a) for a in articles])


def _corpus_and_a_writer_beside(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, str]:
    """Six articles to run, and a writer that, while the run parses its first batch, stores 3 articles of its
    own and the first article of that batch, from another process."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    for n in range(6):
        (folder / f"a{n}.txt").write_text(_text(f"run-{n}"), encoding="utf-8")
    db = str(tmp_path / "s.db")
    others = [_extraction(f"other-{n}", f"other/{n}.txt").article for n in range(3)]
    calls = 0

    def batch_with_a_writer_beside(items: Sequence[Any], settings: Settings) -> list[Extraction | Skip]:
        nonlocal calls
        calls += 1
        if calls == 1:
            context = multiprocessing.get_context("spawn")
            writer = context.Process(target=_store_meanwhile, args=(db, [*others, items[0]]))
            writer.start()
            writer.join(timeout=300)
            assert writer.exitcode == 0
        return extract_batch(items, settings)

    monkeypatch.setattr(runner, "extract_batch", batch_with_a_writer_beside)
    return folder, db


def test_a_run_counts_what_another_process_stored_meanwhile(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The run finds the article the other process stored already stored when it writes it; its summary says
    how many articles the store holds and how many another process stored (before: neither)."""
    folder, db = _corpus_and_a_writer_beside(tmp_path, monkeypatch)
    with Store(db) as store:
        counts = runner.run_local([folder], Settings(), store, batch_articles=3)
    assert (counts.added, counts.existing, counts.parsed, counts.resumed) == (5, 1, 6, 0)
    assert (counts.in_store, counts.by_others) == (9, 4)
    assert counts.summary(db) == (
        "added 5, resumed (already stored) 0, already stored 1, new versions 0, near-duplicates 0, skipped 0; "
        f"9 articles in {db} (4 stored by another process during this run)"
    )
    with Store(db) as store:  # run again: everything is resumed, nobody else wrote
        again = runner.run_local([folder], Settings(), store, batch_articles=3)
    assert (again.resumed, again.in_store, again.by_others) == (6, 9, 0)
    assert again.summary(db).endswith(f"; 9 articles in {db}")


def test_cli_run_says_what_another_process_stored_meanwhile(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder, db = _corpus_and_a_writer_beside(tmp_path, monkeypatch)
    result = CliRunner().invoke(cli, ["--db", db, "run", str(folder), "--batch-size", "3", "--quiet"])
    assert result.exit_code == 0, result.output
    assert "added 5, resumed (already stored) 0, already stored 1, new versions 0" in result.output
    assert f"; 9 articles in {db} (4 stored by another process during this run) (" in result.output
