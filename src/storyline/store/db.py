"""The SQLite store.

Articles are keyed by the hash of their clean text, so ingesting the same article twice adds nothing.
An article whose URL (or, without a URL, source path) is already stored with other text is a new
*version* pointing at the previous one, never a silent overwrite. Each article and all its extracted
records are written in one transaction: a crash loses nothing already committed.

Several processes may write one store at once (two ``storyline ingest``s, an ingest beside a ``run``):
whatever a writer decides from what is stored (is this article stored? which version is it? is this
migration applied?) it decides under SQLite's write lock, in the transaction that writes, so an article
another process stored first is counted as already stored, never an error (issue 12, item 5).
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import time
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from ..errors import StoreError
from ..model import Article, Claim, Extraction, FieldSource, Mention, NoiseSpan, Place, Quote, Skip, Story, TimeRef
from .migrations import MIGRATIONS

#: How long a writer waits for another process's lock before giving up (ms).
BUSY_TIMEOUT_MS = 30_000
#: Pause between attempts to switch a new store to WAL while another process holds it (s): SQLite can answer
#: that switch "database is locked" at once, without waiting on the busy timeout, when processes open a new
#: store together (3 times in 180 rounds of three processes); 50 ms is a few times what the switch takes.
WAL_RETRY_SECONDS = 0.05

AddResult = Literal["added", "existing", "new_version"]


@dataclass(frozen=True, slots=True)
class StoredArticle:
    """An article row's metadata, as listed by ``Store.articles``."""

    id: str
    source: str
    outlet: str | None
    title: str | None
    published: dt.date | None
    words: int
    version: int
    previous_id: str | None
    published_estimated: bool = False


@dataclass(frozen=True, slots=True)
class StoryWrite:
    """One story as ``Store.replace_stories`` writes it: the story, the hash of its members, and its JSON,
    encoded when made (a build holds every story it changed until it writes them all in one transaction;
    the encoded JSON is several times smaller than the dict)."""

    story: Story
    members_hash: str
    data: str

    @classmethod
    def of(cls, story: Story, members_hash: str, data: Mapping[str, Any]) -> StoryWrite:
        return cls(story, members_hash, _json(data))


@dataclass(frozen=True, slots=True)
class FeedState:
    """What ``storyline watch`` remembers about a polled feed: its validators and when it was fetched."""

    url: str
    etag: str | None
    last_modified: str | None
    fetched_at: str


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


class Store:
    """A storyline database file (``":memory:"`` for a throwaway one)."""

    def __init__(self, path: str | Path = "storyline.db") -> None:
        self.path = str(path)
        try:
            self.conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
            self.conn.row_factory = sqlite3.Row
            self.conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            self._use_wal()
            self.conn.execute("PRAGMA synchronous = NORMAL")
            self.conn.execute("PRAGMA foreign_keys = ON")
            self.migrate()
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.path}: cannot open store: {exc}") from exc

    # -- schema ---------------------------------------------------------------------------------------
    def _use_wal(self) -> None:
        """Switch to write-ahead logging (readers never block the writer), retrying while another process
        opening the same new store holds it, up to the busy timeout (see ``WAL_RETRY_SECONDS``)."""
        deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
        while True:
            try:
                self.conn.execute("PRAGMA journal_mode = WAL")
                return
            except sqlite3.OperationalError as exc:
                if exc.sqlite_errorcode & 0xFF != sqlite3.SQLITE_BUSY or time.monotonic() > deadline:  # any BUSY_*
                    raise
                time.sleep(WAL_RETRY_SECONDS)

    def migrate(self) -> list[str]:
        """Apply pending migrations in order; returns the names applied (by this process).

        Each migration first records itself in ``schema_version``, under the write lock: when another process
        opening the same store applied it first, that insert fails, the transaction is rolled back, and the
        migration counts as applied (two processes opening a new store used to fail with "table articles
        already exists", issue 12).
        """
        self.conn.execute(
            "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
            "applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')))"
        )
        done = {row[0] for row in self.conn.execute("SELECT name FROM schema_version")}
        applied = []
        for number, (name, sql) in enumerate(MIGRATIONS, start=1):
            if name in done:
                continue
            try:
                record = f"INSERT INTO schema_version (version, name) VALUES ({number}, '{name}');"
                self.conn.executescript(f"BEGIN IMMEDIATE;\n{record}\n{sql}\nCOMMIT;")
            except sqlite3.DatabaseError as exc:
                if self.conn.in_transaction:
                    self.conn.execute("ROLLBACK")
                if self.conn.execute("SELECT 1 FROM schema_version WHERE name = ?", (name,)).fetchone():
                    continue  # another process applied it since we looked
                raise StoreError(f"{self.path}: migration {name} failed: {exc}") from exc
            applied.append(name)
        return applied

    @property
    def schema_version(self) -> int:
        return int(self.conn.execute("SELECT COALESCE(MAX(version), 0) FROM schema_version").fetchone()[0])

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writes ---------------------------------------------------------------------------------------
    def has(self, article_id: str) -> bool:
        """Whether the article is stored now (another process may store it the moment after: only ``add``
        decides under the write lock)."""
        return self.conn.execute("SELECT 1 FROM articles WHERE id = ?", (article_id,)).fetchone() is not None

    def add(
        self,
        extraction: Extraction,
        *,
        signature: bytes | None = None,
        bands: Sequence[bytes] = (),
        dup_of: str | None = None,
    ) -> AddResult:
        """Store an article and all its records in one transaction; idempotent by content hash.

        ``signature`` is the article's MinHash and ``bands`` its LSH band keys (see ``dedupe``); ``dup_of``
        the stored article it copies. Safe beside other processes writing the same store: whether the
        article is stored already, and which version of its URL (or source) it is, are read under the write
        lock, so an article another process stored first is ``"existing"`` and two new versions of one URL
        get consecutive numbers.

        Returns:
            ``"added"``, ``"new_version"`` (another text under a stored URL or source) or ``"existing"``.

        Raises:
            StoreError: the write failed (the store is left as it was).
        """
        art = extraction.article
        if self.has(art.id):  # the common case on a re-run, answered without waiting for the write lock
            return "existing"
        key, value = ("url", art.url) if art.url else ("source", art.source)
        try:
            self.conn.execute("BEGIN IMMEDIATE")
            if self.has(art.id):  # stored by another process since the check above (issue 12, item 5)
                self.conn.execute("ROLLBACK")
                return "existing"
            previous = self.conn.execute(
                f"SELECT id, version FROM articles WHERE {key} = ? ORDER BY version DESC LIMIT 1", (value,)
            ).fetchone()
            version = previous["version"] + 1 if previous else 1
            self.conn.execute(
                "INSERT INTO articles (id, source, url, outlet, title, byline, published, language, raw, text,"
                " noise, words, version, previous_id, signature, dup_of, republisher, published_estimated,"
                " provenance) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (
                    art.id,
                    art.source,
                    art.url,
                    art.outlet,
                    art.title,
                    art.byline,
                    art.published.isoformat() if art.published else None,
                    art.language,
                    art.raw,
                    art.text,
                    _json([n.to_dict() for n in art.noise]),
                    art.words,
                    version,
                    previous["id"] if previous else None,
                    signature,
                    dup_of,
                    art.republisher,
                    int(art.published_estimated),
                    _json([p.to_dict() for p in art.provenance]),
                ),
            )
            self._insert_records(extraction)
            self.conn.executemany(
                "INSERT OR IGNORE INTO minhash_bands (band, key, article_id) VALUES (?,?,?)",
                [(band, key, art.id) for band, key in enumerate(bands)],
            )
            self.conn.execute("COMMIT")
        except sqlite3.DatabaseError as exc:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise StoreError(f"{self.path}: cannot store {art.source}: {exc}") from exc
        return "new_version" if previous else "added"

    def _insert_records(self, ex: Extraction) -> None:
        aid = ex.article.id
        self.conn.executemany(
            'INSERT INTO mentions (article_id, start, "end", label, entity, data) VALUES (?,?,?,?,?,?)',
            [(aid, m.start, m.end, m.label, m.entity, _json(m.to_dict())) for m in ex.mentions],
        )
        self.conn.executemany(
            'INSERT INTO quotes (article_id, start, "end", kind, speaker, data) VALUES (?,?,?,?,?,?)',
            [(aid, q.start, q.end, q.kind, q.speaker, _json(q.to_dict())) for q in ex.quotes],
        )
        self.conn.executemany(
            'INSERT INTO claims (article_id, start, "end", unit, low, high, data) VALUES (?,?,?,?,?,?,?)',
            [(aid, c.start, c.end, c.unit, c.low, c.high, _json(c.to_dict())) for c in ex.claims],
        )
        self.conn.executemany(
            'INSERT INTO times (article_id, start, "end", start_date, end_date, data) VALUES (?,?,?,?,?,?)',
            [
                (
                    aid,
                    t.start,
                    t.end,
                    t.start_date and t.start_date.isoformat(),
                    t.end_date and t.end_date.isoformat(),
                    _json(t.to_dict()),
                )
                for t in ex.times
            ],
        )
        self.conn.executemany(
            'INSERT INTO places (article_id, start, "end", name, data) VALUES (?,?,?,?,?)',
            [(aid, p.start, p.end, p.name, _json(p.to_dict())) for p in ex.places],
        )

    def band_candidates(self, bands: Sequence[bytes]) -> list[tuple[str, bytes]]:
        """(article id, signature bytes) of the stored articles sharing at least one LSH band key with
        ``bands`` (band ``i`` is ``bands[i]``): the only ones a new article can be a near-duplicate of."""
        if not bands:
            return []
        where = " OR ".join(["(b.band = ? AND b.key = ?)"] * len(bands))
        params = [value for band, key in enumerate(bands) for value in (band, key)]
        rows = self.conn.execute(
            f"SELECT DISTINCT a.id, a.signature FROM minhash_bands b JOIN articles a ON a.id = b.article_id "
            f"WHERE {where} ORDER BY a.id",
            params,
        )
        return [(row["id"], row["signature"]) for row in rows if row["signature"] is not None]

    def duplicates(self) -> dict[str, str]:
        """Copy article id -> the stored article it copies."""
        rows = self.conn.execute("SELECT id, dup_of FROM articles WHERE dup_of IS NOT NULL")
        return {r["id"]: r["dup_of"] for r in rows}

    def add_skip(self, skip: Skip) -> None:
        """Record why an input was not stored."""
        self.conn.execute("INSERT INTO skips (source, reason) VALUES (?, ?)", (skip.source, skip.reason))

    # -- reads ----------------------------------------------------------------------------------------
    def resolve_id(self, prefix: str) -> str | None:
        """The full id of the only article whose id starts with ``prefix`` (None if none or several)."""
        rows = self.conn.execute(
            "SELECT id FROM articles WHERE id >= ? AND id < ? LIMIT 2", (prefix, prefix + "\uffff")
        ).fetchall()
        return rows[0]["id"] if len(rows) == 1 else None

    def article(self, article_id: str) -> Article | None:
        row = self.conn.execute("SELECT * FROM articles WHERE id = ?", (article_id,)).fetchone()
        if row is None:
            return None
        return Article(
            id=row["id"],
            source=row["source"],
            raw=row["raw"],
            text=row["text"],
            url=row["url"],
            outlet=row["outlet"],
            title=row["title"],
            byline=row["byline"],
            published=dt.date.fromisoformat(row["published"]) if row["published"] else None,
            language=row["language"],
            noise=tuple(NoiseSpan.from_dict(n) for n in json.loads(row["noise"])),
            republisher=row["republisher"],
            published_estimated=bool(row["published_estimated"]),
            provenance=tuple(FieldSource.from_dict(p) for p in json.loads(row["provenance"])),
        )

    def extraction(self, article_id: str) -> Extraction | None:
        """An article with all its stored records, or None."""
        article = self.article(article_id)
        if article is None:
            return None

        def load(table: str, record: Any) -> tuple[Any, ...]:
            rows = self.conn.execute(
                f"SELECT data FROM {table} WHERE article_id = ? ORDER BY start, rowid", (article_id,)
            )
            return tuple(record.from_dict(json.loads(r["data"])) for r in rows)

        return Extraction(
            article=article,
            mentions=load("mentions", Mention),
            quotes=load("quotes", Quote),
            claims=load("claims", Claim),
            times=load("times", TimeRef),
            places=load("places", Place),
        )

    def articles(self) -> Iterator[StoredArticle]:
        rows = self.conn.execute(
            "SELECT id, source, outlet, title, published, words, version, previous_id, published_estimated "
            "FROM articles ORDER BY published, source"
        )
        for r in rows:
            yield StoredArticle(
                r["id"],
                r["source"],
                r["outlet"],
                r["title"],
                dt.date.fromisoformat(r["published"]) if r["published"] else None,
                r["words"],
                r["version"],
                r["previous_id"],
                bool(r["published_estimated"]),
            )

    def count(self, table: str = "articles") -> int:
        if table not in {"articles", "mentions", "quotes", "claims", "times", "places", "skips"}:
            raise StoreError(f"unknown table {table!r}")
        return int(self.conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])

    # -- stories --------------------------------------------------------------------------------------
    def digest_rows(self) -> Iterator[sqlite3.Row]:
        """Per article: id, outlet, source, published, title, dup_of, its entity names (comma-separated) and
        the first 300 characters of its text (``lead``, a story label when no article has a title)."""
        yield from self.conn.execute(
            "SELECT a.id, a.outlet, a.source, a.published, a.title, a.dup_of, substr(a.text, 1, 300) AS lead, "
            "(SELECT GROUP_CONCAT(DISTINCT entity) FROM mentions m WHERE m.article_id = a.id "
            " AND m.label IN ('PERSON','ORG','GPE','LOC','NORP','FAC','EVENT')) AS entities "
            "FROM articles a WHERE a.id NOT IN (SELECT previous_id FROM articles WHERE previous_id IS NOT NULL) "
            "ORDER BY a.published, a.id"
        )

    def vectors(self, model: str) -> dict[str, bytes]:
        rows = self.conn.execute("SELECT article_id, vector FROM article_vectors WHERE model = ?", (model,))
        return {r["article_id"]: r["vector"] for r in rows}

    def add_vectors(self, model: str, items: Iterable[tuple[str, bytes]]) -> None:
        with self._transaction():
            self.conn.executemany(
                "INSERT OR REPLACE INTO article_vectors (article_id, model, vector) VALUES (?,?,?)",
                [(aid, model, vec) for aid, vec in items],
            )

    def story_hashes(self) -> dict[str, str]:
        return {r["id"]: r["members_hash"] for r in self.conn.execute("SELECT id, members_hash FROM stories")}

    def save_story(self, story: Story, members_hash: str, data: dict[str, Any]) -> None:
        """Replace one story and its article list, in one transaction (``storyline build`` writes all the
        stories it changes at once, with ``replace_stories``)."""
        with self._transaction():
            self._write_story(StoryWrite.of(story, members_hash, data))

    def _write_story(self, write: StoryWrite) -> None:
        story = write.story
        self.conn.execute("DELETE FROM stories WHERE id = ?", (story.id,))
        self.conn.execute(
            "INSERT INTO stories (id, label, members_hash, first_published, last_published, articles, sources,"
            " data) VALUES (?,?,?,?,?,?,?,?)",
            (
                story.id,
                story.label,
                write.members_hash,
                story.first_published and story.first_published.isoformat(),
                story.last_published and story.last_published.isoformat(),
                len(story.article_ids),
                len(story.article_ids) - len(story.duplicates),
                write.data,
            ),
        )
        self.conn.executemany(
            "INSERT INTO story_articles (story_id, article_id) VALUES (?, ?)",
            [(story.id, aid) for aid in story.article_ids],
        )

    def replace_stories(
        self, writes: Iterable[StoryWrite], *, keep: Collection[str], expected: Mapping[str, str]
    ) -> int:
        """Switch the store from its stories to a build's, in one transaction: write ``writes`` (new stories
        and stories whose articles changed) and remove every stored story whose id is not in ``keep`` (the
        ids of all the build's stories, written or unchanged).

        Readers and a process killed at any moment see the old stories or the new ones, never a mix: written
        story by story, a build killed midway left the articles that moved between stories in two stories
        each until the next build (issue 12, item 9).

        Args:
            writes: the stories to write.
            keep: ids of every story of the build; any other stored story is removed.
            expected: story id -> members hash as the build read them (``story_hashes``) before deciding
                which stories were unchanged; checked under the write lock.

        Returns:
            The number of stories removed.

        Raises:
            StoreError: the write failed, or another build changed the stories since ``expected`` was read
                (this build's "unchanged" stories may no longer be); the store is left as it was.
        """
        try:
            self.conn.execute("BEGIN IMMEDIATE")
            stored = self.story_hashes()
            if stored != dict(expected):
                raise StoreError(
                    f"{self.path}: the stories changed while this build ran (another `storyline build`?); "
                    "nothing was written: run the build again"
                )
            gone = [sid for sid in stored if sid not in keep]
            self.conn.executemany("DELETE FROM stories WHERE id = ?", [(sid,) for sid in gone])
            for write in writes:
                self._write_story(write)
            self.conn.execute("COMMIT")
        except BaseException as exc:  # KeyboardInterrupt too: never leave half a switch in an open transaction
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            if isinstance(exc, sqlite3.DatabaseError):
                raise StoreError(f"{self.path}: cannot write the stories: {exc}") from exc
            raise
        return len(gone)

    def delete_stories(self, story_ids: Iterable[str]) -> None:
        with self._transaction():
            self.conn.executemany("DELETE FROM stories WHERE id = ?", [(s,) for s in story_ids])

    def stories(self) -> list[sqlite3.Row]:
        """Story rows (id, label, first/last published, article and source counts), biggest first."""
        return self.conn.execute(
            "SELECT id, label, first_published, last_published, articles, sources, data FROM stories "
            "ORDER BY sources DESC, first_published, id"
        ).fetchall()

    def story_data(self) -> Iterator[dict[str, Any]]:
        """Every stored story's JSON, one at a time, in ``stories()`` order (exports never hold them all)."""
        for row in self.conn.execute("SELECT data FROM stories ORDER BY sources DESC, first_published, id"):
            yield json.loads(row["data"])

    def skips(self) -> Iterator[Skip]:
        """Every recorded skip (an input that was not stored, and why), oldest first."""
        for row in self.conn.execute("SELECT source, reason FROM skips ORDER BY rowid"):
            yield Skip(row["source"], row["reason"])

    def story(self, prefix: str) -> dict[str, Any] | None:
        """A stored story's JSON (an id prefix is enough when it is unique)."""
        rows = self.conn.execute(
            "SELECT data FROM stories WHERE id >= ? AND id < ? LIMIT 2", (prefix, prefix + "\uffff")
        ).fetchall()
        return json.loads(rows[0]["data"]) if len(rows) == 1 else None

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        try:
            self.conn.execute("BEGIN IMMEDIATE")
            yield
            self.conn.execute("COMMIT")
        except sqlite3.DatabaseError as exc:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise StoreError(f"{self.path}: write failed: {exc}") from exc

    # -- fetch state (storyline watch) ---------------------------------------------------------------
    def feed_state(self, url: str) -> FeedState | None:
        """The validators saved for a polled feed (None if it was never fetched)."""
        row = self.conn.execute(
            "SELECT url, etag, last_modified, fetched_at FROM feed_state WHERE url = ?", (url,)
        ).fetchone()
        return FeedState(row["url"], row["etag"], row["last_modified"], row["fetched_at"]) if row else None

    def save_feed_state(self, url: str, *, etag: str | None, last_modified: str | None) -> None:
        """Remember a feed's validators (ETag, Last-Modified) and that it was fetched now."""
        with self._transaction():
            self.conn.execute(
                "INSERT INTO feed_state (url, etag, last_modified) VALUES (?, ?, ?) ON CONFLICT(url) DO UPDATE "
                "SET etag = excluded.etag, last_modified = excluded.last_modified, "
                "fetched_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')",
                (url, etag, last_modified),
            )

    def unseen(self, keys: Iterable[str]) -> list[str]:
        """The feed-entry keys (links or ids) never marked seen, in the order given, each once."""
        out: list[str] = []
        for key in dict.fromkeys(keys):
            if self.conn.execute("SELECT 1 FROM seen_entries WHERE key = ?", (key,)).fetchone() is None:
                out.append(key)
        return out

    def touch_seen(self, keys: Iterable[str] = (), *, feed: str | None = None) -> None:
        """Note that seen entries are still listed: the ``keys`` given, or with ``feed`` every entry first seen
        in that feed (it answered "not modified"), so ``forget_seen`` keeps them."""
        with self._transaction():
            now = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"
            if feed is not None:
                self.conn.execute(f"UPDATE seen_entries SET seen_at = {now} WHERE feed = ?", (feed,))
            self.conn.executemany(f"UPDATE seen_entries SET seen_at = {now} WHERE key = ?", ((k,) for k in keys))

    def forget_seen(self, older_than_days: float) -> int:
        """Forget the seen entries no feed has listed for ``older_than_days`` days; returns how many."""
        with self._transaction():
            cursor = self.conn.execute(
                "DELETE FROM seen_entries WHERE julianday(seen_at) < julianday('now') - ?", (older_than_days,)
            )
        return cursor.rowcount

    def mark_seen(self, keys: Iterable[str], *, feed: str) -> None:
        """Record feed entries as processed (stored or skipped for good), so they are not read again."""
        with self._transaction():
            self.conn.executemany(
                "INSERT OR IGNORE INTO seen_entries (key, feed) VALUES (?, ?)", ((key, feed) for key in keys)
            )

    # -- search --------------------------------------------------------------------------------------
    # (Full-text search itself lives in storyline.search over the FTS5 tables of migration 0004_search.)
    def article_stories(self, article_id: str) -> list[tuple[str, str]]:
        """(story id, label) of the stories an article belongs to, biggest first."""
        rows = self.conn.execute(
            "SELECT s.id, s.label FROM story_articles sa JOIN stories s ON s.id = sa.story_id "
            "WHERE sa.article_id = ? ORDER BY s.sources DESC, s.id",
            (article_id,),
        )
        return [(r["id"], r["label"]) for r in rows]
