"""Records out as tables: Parquet (one folder of part files per table), CSV or JSONL (one file per table).

The tables and their schemas are in ``storyline.tables``. Writing streams: rows are buffered per table and
flushed in bounded parts, so neither a long Dask run (``ParquetSink``) nor an export of a large store
(``export_store``) holds every row.

Layout of ``out_dir``::

    parquet   <table>/part-00000.parquet, part-00001.parquet ...   (read the folder as one dataset)
    csv       <table>.csv      UTF-8, RFC 4180 quoting, header row
    jsonl     <table>.jsonl    UTF-8, one JSON object per line

Exporting into a folder replaces the selected tables there (old part files of those tables are removed).

CSV is meant for spreadsheets, and article text is untrusted: a text cell starting with ``=``, ``+``,
``-``, ``@``, tab, carriage return or newline is prefixed with an apostrophe (``'``) so Excel, LibreOffice
and Google Sheets show it as text instead of evaluating it as a formula (the OWASP "CSV injection" advice).
Numeric, date and boolean columns are never altered, but a neutralised text cell no longer equals the
article's characters: use Parquet or JSONL when exact text matters. In CSV, null and the empty string
both read as an empty cell; list and struct columns (``outlets``, ``aliases`` ...) are JSON text.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType
from typing import IO, Any

import pyarrow as pa
import pyarrow.parquet as pq

from .errors import StorylineError
from .model import Extraction, Skip
from .store import Store
from .tables import (
    EXTRACTION_TABLES,
    SCHEMAS,
    STORY_TABLES,
    TABLES,
    Row,
    extraction_rows,
    skip_rows,
    story_rows,
    to_arrow,
)

FORMATS: tuple[str, ...] = ("parquet", "csv", "jsonl")

#: Rows buffered per table before a Parquet part file is written. A record row is ~1 kB as a Python dict
#: (a claim row carries its sentence), so a full buffer is ~50 MB and its part file 5-10 MB; a
#: million-article corpus (~20 M mentions, the biggest table) then gives ~400 part files per table.
ROWS_PER_PART = 50_000
#: ``articles`` rows carry the whole clean and raw text (~5-15 kB each for news): 2,000 of them keep the
#: buffer near the same size.
ARTICLE_ROWS_PER_PART = 2_000
#: Articles read from the store per batch by ``export_store``: a few MB of records; larger batches do not
#: make the SQLite reads (one indexed query per table per article) any faster.
EXPORT_CHUNK = 256
#: First characters that make a spreadsheet read a cell as a formula (OWASP CSV injection list, plus
#: newline, which some importers strip before evaluating).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n")
#: Tables a ``ParquetSink`` writes by default: what an Extraction (or Skip) holds.
SINK_TABLES = EXTRACTION_TABLES


class ExportError(StorylineError):
    """Tables cannot be written: bad output folder, unknown format or table, or a write failed."""


def select_tables(tables: Iterable[str] | None, default: Sequence[str] = TABLES) -> tuple[str, ...]:
    """The tables to write, in canonical order; ``None`` means ``default``.

    Raises:
        ExportError: a name is not a table, listing the known ones.
    """
    if tables is None:
        return tuple(default)
    wanted = list(tables)
    unknown = sorted(set(wanted) - set(TABLES))
    if unknown:
        raise ExportError(f"unknown table(s) {', '.join(unknown)}; known tables: {', '.join(TABLES)}")
    return tuple(t for t in TABLES if t in wanted)


def _out_dir(out_dir: str | os.PathLike[str]) -> Path:
    path = Path(out_dir)
    if path.exists() and not path.is_dir():
        raise ExportError(f"{path}: is a file, not a directory (export writes one file or folder per table)")
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ExportError(f"{path}: cannot create the output directory: {exc.strerror or exc}") from exc
    return path


def _json_default(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple):
        return list(value)
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def _dumps(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, default=_json_default, separators=(",", ":"))
    # U+2028/U+2029 are line breaks to str.splitlines and JavaScript: escape them so one record stays one line.
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def neutralise_formula(text: str) -> str:
    """``text`` made safe for a spreadsheet cell: an apostrophe before a leading formula character."""
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


def _csv_cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return value
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (list, tuple, dict)):
        return _dumps(value)
    return neutralise_formula(str(value))


class _Writer:
    """One output per table; counts rows; ``abort`` leaves no half-written file behind."""

    def __init__(self, out_dir: Path, tables: Sequence[str]) -> None:
        self.out_dir = out_dir
        self.tables = tables
        self.counts = dict.fromkeys(tables, 0)

    def write(self, table: str, rows: list[Row]) -> None:
        raise NotImplementedError

    def close(self) -> None:
        raise NotImplementedError

    def abort(self) -> None:
        raise NotImplementedError


class _ParquetWriter(_Writer):
    def __init__(self, out_dir: Path, tables: Sequence[str]) -> None:
        super().__init__(out_dir, tables)
        self.buffers: dict[str, list[Row]] = {t: [] for t in tables}
        self.parts = dict.fromkeys(tables, 0)
        for table in tables:
            folder = out_dir / table
            if folder.exists() and not folder.is_dir():
                raise ExportError(f"{folder}: is a file; the {table} table needs a folder there")
            folder.mkdir(exist_ok=True)
            for old in folder.glob("part-*.parquet"):
                old.unlink()

    def write(self, table: str, rows: list[Row]) -> None:
        buffer = self.buffers[table]
        buffer.extend(rows)
        self.counts[table] += len(rows)
        if len(buffer) >= (ARTICLE_ROWS_PER_PART if table == "articles" else ROWS_PER_PART):
            self._flush(table)

    def _flush(self, table: str) -> None:
        folder = self.out_dir / table
        name = f"part-{self.parts[table]:05d}.parquet"
        # Written under a dot-name, then renamed: dataset readers skip dot-files, so a reader never sees
        # a half-written part.
        tmp = folder / f".{name}.tmp"
        pq.write_table(to_arrow(table, self.buffers[table]), tmp)
        os.replace(tmp, folder / name)
        self.buffers[table] = []
        self.parts[table] += 1

    def close(self) -> None:
        for table in self.tables:
            if self.buffers[table] or not self.parts[table]:
                self._flush(table)  # an empty table still gets one file, so its schema is there

    def abort(self) -> None:
        for table in self.tables:
            for tmp in (self.out_dir / table).glob(".part-*.tmp"):
                tmp.unlink(missing_ok=True)


class _TextWriter(_Writer):
    """CSV or JSONL: one file per table, written under a temporary name and renamed on close."""

    suffix = ""

    def __init__(self, out_dir: Path, tables: Sequence[str]) -> None:
        super().__init__(out_dir, tables)
        self.files: dict[str, IO[str]] = {}
        try:
            for table in tables:
                final = out_dir / f"{table}.{self.suffix}"
                if final.is_dir():
                    raise ExportError(f"{final}: is a directory; the {table} table is written to a file there")
                self.files[table] = open(self._tmp(table), "w", encoding="utf-8", newline="")  # noqa: SIM115
                self.start(table)
        except (OSError, ExportError):
            self.abort()
            raise

    def _tmp(self, table: str) -> Path:
        return self.out_dir / f".{table}.{self.suffix}.tmp"

    def start(self, table: str) -> None:
        """Write whatever comes before the rows."""

    def close(self) -> None:
        for table, handle in self.files.items():
            handle.close()
            os.replace(self._tmp(table), self.out_dir / f"{table}.{self.suffix}")

    def abort(self) -> None:
        for table, handle in self.files.items():
            handle.close()
            self._tmp(table).unlink(missing_ok=True)


class _CsvWriter(_TextWriter):
    suffix = "csv"

    def __init__(self, out_dir: Path, tables: Sequence[str]) -> None:
        self.writers: dict[str, Any] = {}
        super().__init__(out_dir, tables)

    def start(self, table: str) -> None:
        # QUOTE_MINIMAL quotes every cell holding a comma, a quote mark or a line break (RFC 4180).
        self.writers[table] = csv.writer(self.files[table], quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
        self.writers[table].writerow(SCHEMAS[table].names)

    def write(self, table: str, rows: list[Row]) -> None:
        names = SCHEMAS[table].names
        self.writers[table].writerows([_csv_cell(row.get(n)) for n in names] for row in rows)
        self.counts[table] += len(rows)


class _JsonlWriter(_TextWriter):
    suffix = "jsonl"

    def write(self, table: str, rows: list[Row]) -> None:
        names = SCHEMAS[table].names
        handle = self.files[table]
        for row in rows:
            handle.write(_dumps({n: row.get(n) for n in names}) + "\n")
        self.counts[table] += len(rows)


_WRITERS: dict[str, type[_Writer]] = {"parquet": _ParquetWriter, "csv": _CsvWriter, "jsonl": _JsonlWriter}


class TableSink:
    """Streams records into tables on disk: call it with batches of Extractions (and Skips), then close.

    An article seen twice (same content id) is written once. Use as a context manager: on an error the
    half-written files are removed; on success the tables are closed.

    Args:
        out_dir: folder to write into (created if missing).
        fmt: ``parquet``, ``csv`` or ``jsonl``.
        tables: table names to write (default: all of ``storyline.tables.TABLES``).

    Raises:
        ExportError: bad folder, format or table name.
    """

    def __init__(self, out_dir: str | os.PathLike[str], fmt: str = "parquet", *, tables: Iterable[str] | None = None):
        if fmt not in _WRITERS:
            raise ExportError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
        self.tables = select_tables(tables)
        self.out_dir = _out_dir(out_dir)
        self._seen: set[str] = set()
        self._closed = False
        try:
            self._writer = _WRITERS[fmt](self.out_dir, self.tables)
        except OSError as exc:
            raise ExportError(f"{self.out_dir}: cannot write tables: {exc}") from exc

    @property
    def counts(self) -> dict[str, int]:
        """Rows written so far, per table."""
        return dict(self._writer.counts)

    @contextmanager
    def _errors(self) -> Iterator[None]:
        """File-system and conversion errors as ExportError naming the folder."""
        try:
            yield
        except OSError as exc:
            raise ExportError(f"{self.out_dir}: cannot write tables: {exc}") from exc
        except (KeyError, ValueError, TypeError, pa.ArrowException) as exc:
            raise ExportError(f"{self.out_dir}: a record does not fit its table: {exc}") from exc

    def _write(self, rows: dict[str, list[Row]]) -> None:
        with self._errors():
            for table, table_rows in rows.items():
                if table_rows and table in self._writer.counts:
                    self._writer.write(table, table_rows)

    def __call__(self, batch: Iterable[Extraction | Skip]) -> None:
        """Write one batch of extractions (and skips)."""
        for item in batch:
            if isinstance(item, Skip):
                self._write(skip_rows(item))
            elif item.article.id not in self._seen:
                self._seen.add(item.article.id)
                self._write(extraction_rows(item))

    def add_story(self, data: dict[str, Any]) -> None:
        """Write one stored story (its JSON as ``Store.story`` returns it) to the story tables."""
        self._write(story_rows(data))

    def close(self) -> dict[str, int]:
        """Flush and close every table (an empty one is written with its schema); returns rows per table."""
        if not self._closed:
            self._closed = True
            try:
                with self._errors():
                    self._writer.close()
            except ExportError:
                self._writer.abort()
                raise
        return self.counts

    def abort(self) -> None:
        """Stop, removing files not yet complete (part files already written stay)."""
        if not self._closed:
            self._closed = True
            self._writer.abort()

    def __enter__(self) -> TableSink:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        if kind is None:
            self.close()
        else:
            self.abort()


class ParquetSink(TableSink):
    """Extractions streamed to Parquet: ``sink(batch)`` as often as needed, then ``close()``.

    Writes ``out_dir/<table>/part-NNNNN.parquet`` for the per-article tables (articles, noise, mentions,
    quotes, claims, times, places, skips); story tables come from ``storyline export`` after a build.

    Args:
        out_dir: folder to write into (created if missing; old part files of these tables are replaced).
        tables: a subset of the tables (default ``SINK_TABLES``).
    """

    def __init__(self, out_dir: str | os.PathLike[str], *, tables: Iterable[str] | None = None) -> None:
        super().__init__(out_dir, "parquet", tables=SINK_TABLES if tables is None else tables)


_RECORD_TABLES = {"mentions", "quotes", "claims", "times", "places"}


def export_store(
    store: Store, fmt: str, out_dir: str | os.PathLike[str], tables: Iterable[str] | None = None
) -> dict[str, int]:
    """Write the store's records as tables, reading articles in chunks of ``EXPORT_CHUNK``.

    Args:
        store: the store to read.
        fmt: ``parquet``, ``csv`` or ``jsonl``.
        out_dir: folder to write into (created if missing; the selected tables in it are replaced).
        tables: table names (default: every table in ``storyline.tables.TABLES``).

    Returns:
        Rows written per table.

    Raises:
        ExportError: bad folder, format or table name, or a failed write.
    """
    with TableSink(out_dir, fmt, tables=tables) as sink:
        selected = set(sink.tables)
        if selected & (set(EXTRACTION_TABLES) - {"skips"}):
            with_records = bool(selected & _RECORD_TABLES)
            batch: list[Extraction | Skip] = []
            for stored in store.articles():
                if with_records:
                    ex = store.extraction(stored.id)
                else:
                    article = store.article(stored.id)
                    ex = Extraction(article=article) if article else None
                if ex is not None:
                    batch.append(ex)
                if len(batch) >= EXPORT_CHUNK:
                    sink(batch)
                    batch = []
            sink(batch)
        if "skips" in selected:
            sink(store.skips())
        if selected & set(STORY_TABLES):
            for data in store.story_data():
                sink.add_story(data)
    return sink.counts


#: Columns of a story's claims CSV (``story_claims_csv``): each reported figure (a ``claim_group_members``
#: row) beside the figure group it belongs to (``claim_groups``: what is counted, the status across outlets).
CLAIMS_CSV_COLUMNS = (
    "group_id", "status", "subject", "unit", "event", "group_low", "group_high",
    "outlet", "published", "quantity", "low", "high", "hedge", "as_of", "cited",
    "text", "article_id", "start", "end",
)  # fmt: skip


def story_claims_csv(data: Mapping[str, Any]) -> str:
    """A stored story's claims as CSV text: one row per figure an article reports, with its group.

    Cells are written as ``storyline export --format csv`` writes them (RFC 4180 quoting, a formula
    character at the start of a text cell neutralised with an apostrophe).

    Args:
        data: the story's JSON as ``storyline build`` stores it (``Store.story``).
    """
    rows = story_rows(data)
    groups = {g["id"]: g for g in rows["claim_groups"]}
    out = io.StringIO()
    writer = csv.writer(out, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow(CLAIMS_CSV_COLUMNS)
    for member in rows["claim_group_members"]:
        group = groups.get(member["group_id"], {})
        row = member | {k: group.get(k) for k in ("status", "subject", "unit", "event")}
        row |= {"group_low": group.get("low"), "group_high": group.get("high")}
        writer.writerow([_csv_cell(row.get(c)) for c in CLAIMS_CSV_COLUMNS])
    return out.getvalue()
