"""storyline.scale.run_dask: the pipeline on a Dask cluster gives the store a sequential run gives."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import dask
import pyarrow.dataset as ds
import pytest

from storyline.cli import demo_corpus
from storyline.config import Settings
from storyline.errors import ConfigError
from storyline.ingest.sources import iter_drafts
from storyline.model import Article, Claim, Draft, Extraction, Mention, Place, Quote, Skip, TimeRef
from storyline.pipeline import extract_batch, ingest_into, prepare, run
from storyline.scale import DaskError, _failure, run_dask
from storyline.store import Store
from storyline.tables import EXTRACTION_TABLES

distributed = pytest.importorskip("distributed")
from distributed.scheduler import KilledWorker  # noqa: E402

RECORDS = {"mentions": Mention, "quotes": Quote, "claims": Claim, "times": TimeRef, "places": Place}


@pytest.fixture(scope="module")
def cluster() -> Iterator[Any]:
    """Two worker processes, one thread each, started once for the module."""
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as local:
        yield local


@pytest.fixture(scope="module")
def sequential(tmp_path_factory: pytest.TempPathFactory) -> Store:
    store = Store(tmp_path_factory.mktemp("seq") / "seq.db")
    ingest_into(store, run([demo_corpus()], Settings()))
    return store


def inputs_with(extra: dict[int, Draft], paths: list[str]) -> list[Draft | Skip]:
    items = list(iter_drafts(paths, max_bytes=Settings().max_bytes))
    for position, draft in sorted(extra.items()):
        items.insert(position, draft)
    return items


def assert_same_store(a: Store, b: Store) -> None:
    listed = list(a.articles())
    assert listed == list(b.articles())  # same ids, versions and previous versions, same order
    for stored in listed:
        assert a.extraction(stored.id) == b.extraction(stored.id), stored.source
    assert a.duplicates() == b.duplicates()
    assert sorted((k.source, k.reason) for k in a.skips()) == sorted((k.source, k.reason) for k in b.skips())
    for table in ("mentions", "quotes", "claims", "times", "places", "skips"):
        assert a.count(table) == b.count(table), table


def test_dask_run_stores_what_a_sequential_run_stores(cluster: Any, sequential: Store, tmp_path: Path) -> None:
    seen: list[int] = []
    with Store(tmp_path / "dask.db") as store:
        counts = run_dask(
            [str(demo_corpus())],
            Settings(),
            store,
            address=cluster.scheduler_address,
            parquet_dir=tmp_path / "pq",
            partition_articles=3,  # 12 inputs -> 4 partitions over 2 workers
            progress=seen.append,
        )
        assert (counts.added, counts.duplicates, counts.skipped) == (12, 1, 0)
        assert seen == [3, 3, 3, 3]
        assert_same_store(sequential, store)
    # The Parquet written during the run holds the same records, articles in input order.
    extractions = [sequential.extraction(a.id) for a in sequential.articles()]
    in_articles = {"noise": lambda e: len(e.article.noise), "provenance": lambda e: len(e.article.provenance)}
    for table in EXTRACTION_TABLES:
        if table in in_articles:  # held on the article row in the store, one row per item in the export
            expected = sum(in_articles[table](e) for e in extractions)
        else:
            expected = sequential.count(table)
        assert ds.dataset(tmp_path / "pq" / table).count_rows() == expected, table
    for table, record in RECORDS.items():
        rows = ds.dataset(tmp_path / "pq" / table).to_table().to_pylist()
        stored = [r for e in extractions for r in getattr(e, table)]
        assert sorted(map(repr, (record(**row) for row in rows))) == sorted(map(repr, stored)), table
    articles = ds.dataset(tmp_path / "pq" / "articles").to_table().column("id").to_pylist()
    prepared = [prepare(d) for d in iter_drafts([demo_corpus()], max_bytes=Settings().max_bytes)]
    assert articles == [p.id for p in prepared if isinstance(p, Article)]


def test_rerun_counts_stored_articles_and_skips_keep_their_place(
    cluster: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = [str(demo_corpus())]
    items = inputs_with({0: Draft("empty.txt", "Photo: Reuters\n"), 5: Draft("blank.txt", "   ")}, paths)
    monkeypatch.setattr("storyline.scale.read_drafts", lambda *_a, **_k: iter(items))
    with Store(tmp_path / "a.db") as store:
        first = run_dask(paths, Settings(), store, address=cluster.scheduler_address, partition_articles=4)
        again = run_dask(paths, Settings(), store, address=cluster.scheduler_address, partition_articles=5)
        assert (first.added, first.skipped) == (12, 2)
        assert (again.added, again.existing, again.skipped) == (0, 12, 2)
        assert store.count() == 12
        with Store(tmp_path / "b.db") as reference:
            ingest_into(reference, extract_batch(items, Settings()))
            ingest_into(reference, extract_batch(items, Settings()))
            assert_same_store(reference, store)


def test_a_failing_task_names_its_sources_and_keeps_what_was_stored(
    cluster: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    broken = Draft(source="feeds/broken-record.jsonl#7", raw=None)  # type: ignore[arg-type]
    items = inputs_with({5: broken}, [str(demo_corpus())])
    monkeypatch.setattr("storyline.scale.read_drafts", lambda *_a, **_k: iter(items))
    with Store(tmp_path / "d.db") as store:
        with pytest.raises(DaskError) as caught:
            run_dask(["demo"], Settings(), store, address=cluster.scheduler_address, partition_articles=2)
        error = caught.value
        assert error.partition == 2 and "feeds/broken-record.jsonl#7" in error.sources
        assert "partition 2" in str(error) and "broken-record.jsonl#7" in str(error)
        assert "AttributeError" in str(error)
        assert {a.source for a in store.articles()} == {d.source for d in items[:4]}  # partitions 0 and 1


def test_bad_settings_and_unreachable_scheduler_are_clear_errors(tmp_path: Path) -> None:
    with Store(tmp_path / "e.db") as store:
        with pytest.raises(ConfigError, match="partition_articles"):
            run_dask(["x"], Settings(), store, partition_articles=0)
        with dask.config.set({"distributed.comm.timeouts.connect": "1s"}):
            with pytest.raises(DaskError, match="cannot connect to the Dask scheduler at 'tcp://127.0.0.1:9'"):
                run_dask(["x"], Settings(), store, address="tcp://127.0.0.1:9")
        assert store.count() == 0


def test_a_missing_model_on_the_workers_is_reported_with_the_partition(cluster: Any, tmp_path: Path) -> None:
    settings = dataclasses.replace(Settings(), model="no_such_spacy_pipeline")
    with Store(tmp_path / "f.db") as store, pytest.raises(DaskError, match="partition 0 .*no_such_spacy_pipeline"):
        run_dask([str(demo_corpus())], settings, store, address=cluster.scheduler_address, partition_articles=20)


@pytest.mark.parametrize(
    "exc,expected",
    [
        (
            KilledWorker("storyline-extract-1", SimpleNamespace(address="tcp://10.0.0.5:4000"), 0),  # type: ignore[arg-type]
            "its worker died",
        ),
        (ModuleNotFoundError("No module named 'storyline'"), "installed on every worker"),
        (MemoryError("out of memory"), "MemoryError: out of memory"),
    ],
)
def test_worker_failures_are_explained(exc: BaseException, expected: str) -> None:
    # A worker process that dies (crash, OOM kill) surfaces as KilledWorker once Dask gives up retrying it.
    sources = [f"feed.jsonl#{i}" for i in range(64)]
    error = _failure(4, sources, exc)
    assert isinstance(error, DaskError) and expected in str(error)
    assert str(error).startswith("partition 4 (feed.jsonl#0, feed.jsonl#1, feed.jsonl#2 and 61 more) failed")
    assert error.partition == 4 and error.sources == tuple(sources)


def test_local_cluster_is_started_for_the_run(tmp_path: Path) -> None:
    article = tmp_path / "one.txt"
    article.write_text(
        "title: Flood\ndate 2025-03-11\n\nThe mayor, Ana Costa, said 1,200 people left Leova on Tuesday."
    )
    with Store(tmp_path / "h.db") as store:
        counts = run_dask([str(article)], Settings(), store, workers=1)
        assert counts.added == 1
        ex = store.extraction(next(store.articles()).id)
        assert isinstance(ex, Extraction) and any(c.value == 1200 for c in ex.claims)
