"""The store as the web app opens it: read-only, never created, never migrated (issue 12, item 10).

``storyline serve`` used to open the store like a writer: a store moved away while serving came back as
a new empty file answered with 200, and a store in a read-only directory could not be served at all.
:class:`ReadOnlyStore` opens the file with SQLite's ``mode=ro`` instead. In WAL mode such a reader sees
what was committed before each query and never blocks a writer, so an ingest may write the store while
it is served.
"""

from __future__ import annotations

import functools
import logging
import os
import sqlite3
from pathlib import Path

from ..errors import StoreError
from ..store import Store
from ..store.db import BUSY_TIMEOUT_MS

log = logging.getLogger(__name__)


def _connect(path: Path, *, immutable: bool) -> sqlite3.Connection:
    """A read-only connection to an existing file, checked by reading its schema (where a WAL store in a
    read-only directory fails)."""
    uri = path.resolve().as_uri() + ("?mode=ro&immutable=1" if immutable else "?mode=ro")
    conn = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)
    try:
        conn.row_factory = sqlite3.Row
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
    except sqlite3.DatabaseError:
        conn.close()
        raise
    return conn


def _needs_immutable(path: Path, exc: sqlite3.OperationalError) -> bool:
    """Whether a ``mode=ro`` open failed only because the store is a WAL store in a directory this process
    cannot write, with no ``-wal`` file beside it (see :class:`ReadOnlyStore`)."""
    cannot_write = (exc.sqlite_errorcode & 0xFF) in (sqlite3.SQLITE_READONLY, sqlite3.SQLITE_CANTOPEN)
    return cannot_write and path.is_file() and not os.access(path.parent, os.W_OK) and not Path(f"{path}-wal").exists()


@functools.cache
def _warn_immutable(path: str) -> None:
    """Say once per store that it is read as immutable (the app opens a connection per request)."""
    log.warning("%s: directory not writable; reading the store as immutable (nothing can write it there)", path)


class ReadOnlyStore(Store):
    """A store opened for reading only: SQLite ``mode=ro``, so a missing file is an error, never a new
    empty store; no migration runs; any write through the connection fails ("attempt to write a readonly
    database"). Every read method of :class:`~storyline.store.Store` works.

    A WAL store in a directory this process cannot write, with no ``-wal`` file beside it, cannot be read
    with ``mode=ro`` alone: a WAL reader needs the ``-shm`` index file, which SQLite then cannot create
    (SQLITE_READONLY_DIRECTORY). Only in that case the store is opened ``immutable=1``, which turns off
    locking and change detection. That is safe there and only there: no SQLite writer can work in such a
    directory either (it would have to create a ``-wal`` file or a rollback journal), so the file cannot
    change under the reader. Anywhere a writer could run, an immutable reader would read pages as they are
    being written, and it never reads a ``-wal`` file, so it would miss the transactions committed there:
    hence never with a ``-wal`` file present (in a read-only directory one comes with its ``-shm``, and
    plain ``mode=ro`` reads both). The choice is made at each open, so a directory made writable again is
    read with locking at the next request.

    Raises:
        StoreError: the file does not exist, or cannot be read as an SQLite database.
    """

    def __init__(self, path: str | Path) -> None:  # no super().__init__: that one creates and migrates
        self.path = str(path)
        file = Path(path)
        try:
            try:
                self.conn = _connect(file, immutable=False)
            except sqlite3.OperationalError as exc:
                if not _needs_immutable(file, exc):
                    raise
                self.conn = _connect(file, immutable=True)
                _warn_immutable(self.path)
        except sqlite3.DatabaseError as exc:
            reason = "no such file" if not file.is_file() else str(exc)
            raise StoreError(f"{self.path}: cannot open store for reading: {reason}") from exc
