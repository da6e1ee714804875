"""Streaming run over many articles on one machine's cores, resumable, in constant memory.

Articles flow through in bounded batches: drafts are read lazily, cleaned and looked up in the store in this
process; only articles the store does not hold yet go to spaCy (``pipeline.extract_batch``), in this process
(``workers=1``) or in a pool of worker processes that each load the spaCy pipeline and the gazetteer once.
Results are written in input order, one transaction per article, so an interrupted run loses at most the
batches in flight, and running it again resumes: stored articles are counted as resumed and never parsed
again. Other processes may write the same store meanwhile (an ``ingest``, another ``run``): an article one
of them stores first is counted as already stored, and the counts say how many articles they stored during
the run. The worker processes end with the run, even when it is killed (``worker.die_with_run``).
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import signal
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

from .config import WORKER_TORCH_ENV, Settings
from .errors import StorylineError
from .gazetteer import get_gazetteer
from .ingest.sources import HTML_SUFFIXES, TEXT_SUFFIXES, expand_paths
from .ingest.urls import is_url
from .model import Article, Draft, Extraction, Skip
from .nlp import load_nlp, needs_torch
from .pipeline import IngestCounts, StoreWriter, extract_batch, prepare, read_drafts
from .store import Store
from .worker import FORK_SERVER_PARENT_ENV, die_with_run

log = logging.getLogger(__name__)

#: ``progress(done, total)``: inputs finished so far, and how many there are (None when unknown).
RunProgress = Callable[[int, "int | None"], None]
#: Receives each batch's Extractions and Skips, in input order, once they are stored (e.g.
#: ``export.ParquetSink``, which replaces an earlier run's output): resumed articles are read back from the
#: store and passed too, so a re-run's Parquet holds every article of its inputs (an input whose article is
#: stored already is passed as stored; ``ParquetSink`` writes an article once however often it comes).
Sink = Callable[[Sequence[Extraction | Skip]], None]

#: Inputs per batch. 64 articles of ~700 words are ~10 s of spaCy work: long enough that sending a batch to
#: a worker and its records back (a few ms of pickling) is noise, short enough that an interrupted run loses
#: little and the progress bar moves every few seconds.
DEFAULT_BATCH_ARTICLES = 64
#: Batches submitted to the pool and not yet stored, per worker. Two keep a worker busy while its previous
#: batch is being stored (the parent stores one while the next is parsed); more would only hold memory.
IN_FLIGHT_PER_WORKER = 2
#: Batches waiting to be stored (parsed or not) per worker, counting those with nothing to parse (all
#: resumed or skipped), so that a long stretch of resumed inputs behind a slow batch stays bounded too.
WINDOW_PER_WORKER = 8
#: Worker start method: a fresh interpreter (never ``fork``, which would copy the parent's SQLite
#: connection and threads). ``forkserver`` starts workers faster where it exists.
START_METHOD = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
#: Modules the fork server imports once, so each worker starts without re-importing spaCy (``worker``
#: also keeps PyTorch out of the workers when the spaCy pipeline does not need it).
PRELOAD = ["storyline.worker"]


@dataclass
class RunCounts(IngestCounts):
    """What a run did: the ingest counts, plus inputs resumed (stored before, not parsed again), articles
    parsed, and whether the run was interrupted before the end; and the store afterwards: the articles it
    holds, and how many of them other processes stored while this run went.

    ``existing`` (already stored) counts the articles found stored only when they were to be written: a
    repeat of an article earlier in the inputs, or one another process stored while this run parsed it.
    """

    resumed: int = 0
    parsed: int = 0
    interrupted: bool = False
    #: Articles in the store when the run ended (every version counts, as in ``Store.count``).
    in_store: int = 0
    #: Articles other processes stored in the same store during the run (issue 12, item 13).
    by_others: int = 0

    @property
    def processed(self) -> int:
        return self.added + self.existing + self.new_version + self.resumed

    @property
    def stored(self) -> int:
        """Articles this run wrote to the store."""
        return self.added + self.new_version

    def summary(self, db: str) -> str:
        """The line a run ends with, worded like ``storyline ingest``'s, e.g. ``added 3, resumed (already
        stored) 4, already stored 1, new versions 0, near-duplicates 1, skipped 0; 120 articles in news.db
        (112 stored by another process during this run)``."""
        others = f" ({self.by_others} stored by another process during this run)" if self.by_others else ""
        return (
            f"added {self.added}, resumed (already stored) {self.resumed}, already stored {self.existing}, "
            f"new versions {self.new_version}, near-duplicates {self.duplicates}, skipped {self.skipped}; "
            f"{self.in_store} articles in {db}{others}"
        )


@dataclass(frozen=True, slots=True)
class _Known:
    """An input whose article is already stored (``resumed``) or already on its way to the store in this run."""

    article_id: str
    resumed: bool


Slot = Article | Skip | _Known


@dataclass
class _Batch:
    """Inputs in input order; ``articles`` are the ones to parse."""

    slots: list[Slot] = field(default_factory=list)
    articles: list[Article] = field(default_factory=list)


def count_inputs(paths: Iterable[str | Path]) -> int | None:
    """How many inputs (articles or skips) ``paths`` hold, when that is cheap to know, else None.

    Text and HTML files hold one article each (a text file of URLs is counted as one) and JSON Lines files
    one per non-blank line; CSV, JSON, feeds, sitemaps, web archives and URLs would have to be read to
    count their records, so then the total is unknown (None).
    """
    paths = list(paths)
    if any(isinstance(p, str) and is_url(p) for p in paths):
        return None  # a URL may be a feed or a sitemap of any length
    total = 0
    for item in expand_paths(paths):
        if isinstance(item, Skip):
            total += 1
            continue
        suffix = item.suffix.lower()
        if suffix in {".jsonl", ".ndjson"}:
            try:
                with item.open("rb") as fh:
                    total += max(1, sum(1 for line in fh if line.strip()))
            except OSError:
                total += 1
        elif suffix in TEXT_SUFFIXES | HTML_SUFFIXES:
            total += 1
        else:
            return None
    return total


def _batches(items: Iterable[Draft | Skip], store: Store, size: int, pending: set[str]) -> Iterator[_Batch]:
    """Cleaned inputs in batches of ``size``, looked up in the store before anything is parsed.

    ``pending`` holds the ids of articles sent on in this run and not yet stored: a second copy of one of
    them is not parsed again (its first copy is stored before it comes up).
    """
    batch = _Batch()
    for item in items:
        prepared: Slot = item if isinstance(item, Skip) else prepare(item)
        if isinstance(prepared, Article):
            if prepared.id in pending:
                prepared = _Known(prepared.id, resumed=False)
            elif store.has(prepared.id):
                prepared = _Known(prepared.id, resumed=True)
            else:
                pending.add(prepared.id)
                batch.articles.append(prepared)
        batch.slots.append(prepared)
        if len(batch.slots) >= size:
            yield batch
            batch = _Batch()
    if batch.slots:
        yield batch


class _Run:
    """The state of one run: writer, counts, progress, sink."""

    def __init__(
        self, store: Store, total: int | None, progress: RunProgress | None, sink: Sink | None,
        on_skip: Callable[[Skip], None] | None = None,
    ) -> None:
        self.counts = RunCounts()
        self.writer = StoreWriter(store, self.counts)
        self.pending: set[str] = set()
        self.total = total
        self.done = 0
        self.progress = progress
        self.sink = sink
        self.on_skip = on_skip

    def finish(self, batch: _Batch, results: Sequence[Extraction | Skip]) -> None:
        """Store one batch's results in input order, then hand its extractions and skips to the sink."""
        parsed = iter(results)
        stored: list[Extraction | Skip] = []
        counts = self.counts
        for slot in batch.slots:
            if isinstance(slot, _Known):
                if slot.resumed:
                    counts.resumed += 1
                    if self.sink and (stored_before := self.writer.store.extraction(slot.article_id)):
                        stored.append(stored_before)
                else:
                    counts.existing += 1
                continue
            item = next(parsed) if isinstance(slot, Article) else slot
            self.writer.write(item)
            stored.append(item)
            if isinstance(item, Skip) and self.on_skip:
                self.on_skip(item)
        counts.parsed += len(batch.articles)
        for article in batch.articles:
            self.pending.discard(article.id)
        self.done += len(batch.slots)
        if self.sink and stored:
            self.sink(stored)
        if self.progress:
            self.progress(self.done, self.total)


def _failed(batch: _Batch, exc: BaseException) -> list[Extraction | Skip]:
    """A batch whose extraction raised: each of its articles becomes a Skip saying why (the run goes on)."""
    log.warning("a batch of %d articles failed: %s", len(batch.articles), exc)
    return [Skip(a.source, f"extraction failed: {type(exc).__name__}: {exc}") for a in batch.articles]


def _init_worker(settings: Settings, run_pid: int) -> None:
    """Pool initializer: end with the run ``run_pid``, even a killed one; Ctrl-C is the run's to handle; load
    spaCy and the gazetteer once per process."""
    die_with_run(run_pid)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    load_nlp(settings.model)
    get_gazetteer(settings.min_city_population)


def run_drafts(
    items: Iterable[Draft | Skip],
    settings: Settings,
    store: Store,
    *,
    workers: int = 1,
    batch_articles: int = DEFAULT_BATCH_ARTICLES,
    total: int | None = None,
    progress: RunProgress | None = None,
    sink: Sink | None = None,
    on_skip: Callable[[Skip], None] | None = None,
) -> RunCounts:
    """Clean, extract and store a stream of Drafts; see ``run_local`` (which reads them from paths).

    ``items`` is consumed lazily: at most about ``WINDOW_PER_WORKER * workers + 1`` batches are read ahead
    of what is stored.
    """
    if workers < 1 or batch_articles < 1:
        raise StorylineError(f"workers and batch size must be at least 1 (got {workers} and {batch_articles})")
    run = _Run(store, total, progress, sink, on_skip)
    before = store.count()
    batches = _batches(items, store, batch_articles, run.pending)
    try:
        if workers == 1:
            for batch in batches:
                try:
                    results = extract_batch(batch.articles, settings) if batch.articles else []
                except StorylineError:
                    raise  # the model cannot load, the store cannot be written: every batch would fail
                except Exception as exc:  # noqa: BLE001 - one failed batch becomes Skips, the run goes on
                    results = _failed(batch, exc)
                run.finish(batch, results)
        else:
            _run_pool(batches, settings, workers, run)
    except KeyboardInterrupt:
        run.counts.interrupted = True
        if store.conn.in_transaction:  # interrupted inside one article's transaction: drop that article
            store.conn.execute("ROLLBACK")
    counts = run.counts
    counts.in_store = store.count()
    counts.by_others = max(0, counts.in_store - before - counts.stored)  # articles are never deleted
    return counts


def _start_fork_server(context: multiprocessing.context.BaseContext, settings: Settings) -> None:
    """Start this process's fork server (once; later pools reuse it) with ``PRELOAD`` imported, telling it
    whether the workers may import PyTorch, and which process it must end with (see ``storyline.worker``)."""
    from multiprocessing import forkserver

    context.set_forkserver_preload(PRELOAD)
    settings_env = {
        WORKER_TORCH_ENV: "1" if needs_torch(settings.model) else "0",
        FORK_SERVER_PARENT_ENV: str(os.getpid()),
    }
    before = {name: os.environ.get(name) for name in settings_env}
    os.environ.update(settings_env)
    try:
        forkserver.ensure_running()
    finally:
        for name, value in before.items():
            if value is None:
                del os.environ[name]
            else:
                os.environ[name] = value


def _run_pool(batches: Iterator[_Batch], settings: Settings, workers: int, run: _Run) -> None:
    """Parse batches in worker processes; store them in input order as they come back."""
    context = multiprocessing.get_context(START_METHOD)
    if START_METHOD == "forkserver":
        _start_fork_server(context, settings)
    pool = ProcessPoolExecutor(workers, mp_context=context, initializer=_init_worker, initargs=(settings, os.getpid()))
    window: deque[tuple[_Batch, Future[list[Extraction | Skip]] | None]] = deque()

    def store_oldest() -> None:
        batch, future = window.popleft()
        if future is None:
            run.finish(batch, [])
            return
        try:
            results = future.result()
        except BrokenProcessPool as exc:
            raise StorylineError(
                f"a worker process died ({exc}); {run.counts.stored} articles were stored, re-running resumes"
            ) from exc
        except Exception as exc:  # noqa: BLE001 - one failed batch becomes Skips, the run goes on
            results = _failed(batch, exc)
        run.finish(batch, results)

    def in_flight() -> int:
        return sum(future is not None for _, future in window)

    interrupted = False
    try:
        for batch in batches:
            window.append((batch, pool.submit(extract_batch, batch.articles, settings) if batch.articles else None))
            while window and (
                in_flight() >= IN_FLIGHT_PER_WORKER * workers
                or len(window) >= WINDOW_PER_WORKER * workers
                or window[0][1] is None
                or window[0][1].done()
            ):
                store_oldest()
        while window:
            store_oldest()
    except KeyboardInterrupt:
        interrupted = True
        # Keep what is finished (in input order, up to the first batch still being parsed); drop the rest.
        while window and (window[0][1] is None or window[0][1].done()):
            store_oldest()
        raise
    finally:
        # The workers ignore Ctrl-C: on an interrupt, stop the ones still parsing a batch nobody will store
        # (the executor keeps its processes in a private mapping, cleared by shutdown).
        processes = list((getattr(pool, "_processes", None) or {}).values()) if interrupted else []
        pool.shutdown(wait=not interrupted, cancel_futures=True)
        for process in processes:
            process.terminate()


def run_local(
    paths: Sequence[str | Path],
    settings: Settings,
    store: Store,
    *,
    workers: int = 1,
    batch_articles: int = DEFAULT_BATCH_ARTICLES,
    progress: RunProgress | None = None,
    sink: Sink | None = None,
    on_skip: Callable[[Skip], None] | None = None,
) -> RunCounts:
    """Read, clean, extract and store every article under ``paths`` on this machine's cores.

    Memory stays flat however many articles there are: drafts are read lazily and only a few batches are
    in flight. Articles the store already holds (same clean text) are counted as resumed and not parsed, so
    an interrupted run, run again, picks up where it stopped. A bad input is recorded as a Skip and the run
    goes on.

    Args:
        paths: files and directories (as for ``storyline ingest``).
        settings: model, limits and spaCy batch size.
        store: where articles and their records are written (one transaction per article, input order).
        workers: processes parsing in parallel; 1 runs in this process without a pool.
        batch_articles: inputs per batch sent to a worker.
        progress: called after each stored batch with (inputs done, total inputs or None when unknown).
        sink: called with each batch's new Extractions and Skips (input order) after they are stored.
        on_skip: called with each input that was skipped (unreadable, no article text, failed), when stored.

    Returns:
        The counts; ``interrupted`` is set when Ctrl-C stopped the run (what finished before is stored).

    Raises:
        StorylineError: a worker process died (e.g. the spaCy pipeline cannot be loaded) or bad arguments.
    """
    total = count_inputs(paths) if progress else None
    return run_drafts(
        read_drafts(paths, settings),
        settings,
        store,
        workers=workers,
        batch_articles=batch_articles,
        total=total,
        progress=progress,
        sink=sink,
        on_skip=on_skip,
    )
