"""The same pipeline over partitions on Dask: a local cluster by default, any cluster by address.

The driver (this process) reads the inputs lazily, cuts them into partitions of ``partition_articles``
items and submits ``pipeline.extract_batch(partition, settings)`` for each: the same unit of work the local
process pool runs, so results are the same records. Dask does the scheduling; the driver only keeps a
bounded number of partitions in flight and writes finished partitions to the store in input order, so the
store ends up exactly as a sequential ``ingest_into(store, run(paths, settings))`` leaves it (same article
versions, same near-duplicate links), and memory stays bounded whatever the corpus size.

Workers need no access to the input files (the driver sends the text) nor to the store; they need
storyline and the same spaCy pipeline package installed (docs/scale.md).
"""

from __future__ import annotations

import itertools
import os
import uuid
import warnings
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .config import Settings
from .errors import ConfigError, StorylineError
from .export import ParquetSink
from .model import Draft, Extraction, Skip
from .pipeline import IngestCounts, extract_batch, ingest_into, read_drafts
from .store import Store

if TYPE_CHECKING:
    from distributed import Client, Future

#: Partitions kept in flight per worker thread: one running and one queued, so a worker never idles while
#: the driver stores the previous result, and at most 2 x threads x partition_articles articles (plus
#: their results) are held anywhere at once.
IN_FLIGHT_PER_THREAD = 2
#: Seconds to wait for the first worker of a remote cluster: workers started together with the scheduler
#: join within seconds; after 2 minutes without one the cluster is misconfigured, so say so.
WORKER_WAIT_S = 120
#: Sources named in an error message before "and N more".
SOURCES_SHOWN = 3


class DaskError(StorylineError):
    """A Dask run failed: the scheduler cannot be reached, or a partition's task raised or lost its worker.

    ``partition`` is the failed partition's number (from 0) and ``sources`` its inputs, when a task failed.
    """

    def __init__(self, message: str, *, partition: int | None = None, sources: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.partition = partition
        self.sources = tuple(sources)


def _sources(partition: Sequence[Draft | Skip]) -> list[str]:
    return list(dict.fromkeys(item.source for item in partition))


def _describe(sources: Sequence[str]) -> str:
    shown = ", ".join(sources[:SOURCES_SHOWN])
    return shown + (f" and {len(sources) - SOURCES_SHOWN} more" if len(sources) > SOURCES_SHOWN else "")


def _failure(number: int, sources: Sequence[str], exc: BaseException) -> DaskError:
    name = type(exc).__name__
    if name == "KilledWorker":
        why = "its worker died (out of memory or crashed) on every try"
    elif isinstance(exc, ImportError):
        why = f"{exc} (are storyline and the spaCy model installed on every worker?)"
    else:
        why = f"{name}: {exc}"
    return DaskError(
        f"partition {number} ({_describe(sources)}) failed: {why}; partitions before it are stored",
        partition=number,
        sources=sources,
    )


@contextmanager
def _client(address: str, workers: int | None) -> Iterator[Client]:
    from distributed import Client, LocalCluster

    if address == "local":
        n = workers or os.cpu_count() or 2
        with warnings.catch_warnings():
            # The scheduler's health-check HTTP server falls back to a free port when 8787 is taken (another
            # Dask on this machine): harmless for a cluster private to this run.
            warnings.filterwarnings("ignore", message="Port .* is already in use", category=UserWarning)
            try:
                cluster = LocalCluster(n_workers=n, threads_per_worker=1, processes=True, dashboard_address=None)
            except (OSError, RuntimeError, TimeoutError) as exc:  # a worker process failed to start
                raise DaskError(f"cannot start a local Dask cluster of {n} worker processes: {exc}") from exc
        with cluster, Client(cluster) as client:
            yield client
        return
    try:
        client = Client(address)  # waits up to Dask's distributed.comm.timeouts.connect (30 s by default)
    except (OSError, TimeoutError, ValueError) as exc:
        raise DaskError(f"cannot connect to the Dask scheduler at {address!r}: {exc}") from exc
    with client:
        try:
            client.wait_for_workers(1, timeout=WORKER_WAIT_S)
        except TimeoutError as exc:
            raise DaskError(f"no Dask worker joined the scheduler at {address!r} within {WORKER_WAIT_S} s") from exc
        yield client


def _partitions(paths: Sequence[str], settings: Settings, size: int) -> Iterator[list[Draft | Skip]]:
    drafts = read_drafts(paths, settings)
    while batch := list(itertools.islice(drafts, size)):
        yield batch


def _in_order(
    client: Client,
    partitions: Iterator[list[Draft | Skip]],
    settings: Settings,
    limit: int,
    done: Callable[[list[Extraction | Skip], int], None],
) -> Iterator[Extraction | Skip]:
    """Submit partitions (at most ``limit`` not yet written) and yield their results in input order.

    ``done(results, items)`` is called once a partition's items have all been consumed (stored).
    """
    from distributed import as_completed

    run = uuid.uuid4().hex[:8]
    futures: dict[int, Future] = {}
    sources: dict[int, list[str]] = {}
    number_of: dict[str, int] = {}
    finished: set[int] = set()
    pending = as_completed()
    submitted = written = 0
    exhausted = False
    try:
        while True:
            while not exhausted and submitted - written < limit:
                partition = next(partitions, None)
                if partition is None:
                    exhausted = True
                    break
                key = f"storyline-extract-{run}-{submitted:06d}"
                future = client.submit(extract_batch, partition, settings, key=key, pure=False)
                futures[submitted], sources[submitted], number_of[key] = future, _sources(partition), submitted
                pending.add(future)
                submitted += 1
            if written == submitted:
                return
            while written not in finished:
                finished.add(number_of.pop(next(pending).key))
            future = futures.pop(written)
            try:
                results: list[Extraction | Skip] = future.result()
            except Exception as exc:
                raise _failure(written, sources[written], exc) from exc
            del future
            yield from results
            done(results, len(results))
            finished.discard(written)
            del sources[written]
            written += 1
    finally:
        if futures:
            client.cancel(list(futures.values()))


def run_dask(
    paths: Sequence[str],
    settings: Settings,
    store: Store,
    *,
    address: str = "local",
    parquet_dir: Path | None = None,
    partition_articles: int = 64,
    progress: Callable[[int], None] | None = None,
    workers: int | None = None,
    on_skip: Callable[[Skip], None] | None = None,
) -> IngestCounts:
    """Read, clean and extract ``paths`` on a Dask cluster; store the results (and write Parquet).

    The store ends up holding the same records as a sequential run over the same inputs. On a failure
    the partitions before the failed one stay stored (and in Parquet); a re-run stores the rest, counting
    the articles stored before as already stored.

    Args:
        paths: files and directories, read on this machine.
        settings: model name, limits and batch size, sent to every task.
        store: where results are written, in input order.
        address: ``"local"`` starts a local cluster of worker processes (one thread each) for this run;
            ``"tcp://HOST:PORT"`` connects to a running scheduler.
        parquet_dir: when given, the per-article tables are also written there (``export.ParquetSink``).
        partition_articles: inputs per task; bigger partitions parse more efficiently, smaller ones
            spread better and hold less memory.
        progress: called with the number of inputs (articles and skips) each time a partition is stored.
        workers: worker processes of the local cluster (default: one per CPU); ignored with an address.
        on_skip: called with each input that was skipped, when its partition is stored.

    Returns:
        What was stored: added, already stored, new versions, near-duplicates, skipped.

    Raises:
        DaskError: the scheduler cannot be reached, or a partition failed (naming its sources).
        ConfigError: ``partition_articles`` is below 1.
        ExportError, StoreError: writing the results failed.
    """
    if partition_articles < 1:
        raise ConfigError(f"partition_articles must be 1 or more, not {partition_articles}")
    sink: ParquetSink | None = None

    def done(results: list[Extraction | Skip], items: int) -> None:
        if on_skip is not None:
            for result in results:
                if isinstance(result, Skip):
                    on_skip(result)
        if sink is not None:
            sink(results)
        if progress is not None:
            progress(items)

    try:
        with _client(address, workers) as client:
            # Opened once the cluster is up: a run that cannot start leaves an earlier Parquet output alone.
            sink = ParquetSink(parquet_dir) if parquet_dir is not None else None
            threads = sum(client.nthreads().values()) or 1
            stream = _in_order(
                client,
                _partitions(paths, settings, partition_articles),
                settings,
                max(2, IN_FLIGHT_PER_THREAD * threads),
                done,
            )
            counts = ingest_into(store, stream)
    except BaseException:
        if sink is not None:
            _close_quietly(sink)
        raise
    if sink is not None:
        sink.close()
    return counts


def _close_quietly(sink: Any) -> None:
    """Keep what a failed run already wrote to Parquet (the store keeps it too); drop a broken sink."""
    try:
        sink.close()
    except StorylineError:
        sink.abort()
