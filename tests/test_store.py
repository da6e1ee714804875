from __future__ import annotations

import dataclasses
import sqlite3

import pytest

from storyline.errors import StoreError
from storyline.model import Article, Extraction, Quote, content_id
from storyline.store import Store
from storyline.store.migrations import MIGRATIONS


def extraction(text: str, source: str = "a.txt", url: str | None = None) -> Extraction:
    art = Article(id=content_id(text), source=source, raw=text, text=text, url=url)
    quote = Quote(art.id, 0, 5, text[:5], "direct", "Ana Lee", "said")
    return Extraction(article=art, quotes=(quote,))


def test_add_is_idempotent_by_content(tmp_path) -> None:
    with Store(tmp_path / "s.db") as store:
        assert store.add(extraction("Hello world.")) == "added"
        assert store.add(extraction("Hello   world.")) == "existing"  # same text once normalised
        assert store.count() == 1 and store.count("quotes") == 1


def test_changed_article_is_a_new_version(tmp_path) -> None:
    with Store(tmp_path / "s.db") as store:
        first = extraction("Version one.", url="https://x.example/a")
        second = extraction("Version two.", url="https://x.example/a")
        assert store.add(first) == "added"
        assert store.add(second) == "new_version"
        rows = {a.id: a for a in store.articles()}
        assert rows[second.article.id].version == 2
        assert rows[second.article.id].previous_id == first.article.id
        assert store.article(first.article.id) is not None  # the old version is kept


def test_round_trip(tmp_path) -> None:
    ex = extraction("Round trip text.")
    with Store(tmp_path / "s.db") as store:
        store.add(ex)
        assert store.extraction(store.resolve_id(ex.article.id[:6]) or "") == ex


def test_failed_write_leaves_store_intact(tmp_path) -> None:
    with Store(tmp_path / "s.db") as store:
        store.add(extraction("Kept article."))
        bad = extraction("Broken article.")
        bad = dataclasses.replace(bad, quotes=(dataclasses.replace(bad.quotes[0], start=None),))  # NOT NULL
        try:
            store.add(bad)
        except Exception:
            pass
        assert store.count() == 1 and not store.has(bad.article.id)


def test_schema_is_versioned_and_wal(tmp_path) -> None:
    path = tmp_path / "s.db"
    Store(path).close()
    with Store(path) as store:
        assert store.schema_version == len(MIGRATIONS)
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_store_of_an_older_schema_is_migrated_on_open(tmp_path) -> None:
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE schema_version (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT)")
    conn.executescript(MIGRATIONS[0][1])
    conn.execute("INSERT INTO schema_version (version, name) VALUES (1, ?)", (MIGRATIONS[0][0],))
    conn.execute("INSERT INTO articles (id, source, raw, text) VALUES ('abc', 'a.txt', 'Old text.', 'Old text.')")
    conn.commit()
    conn.close()
    with Store(path) as store:
        assert store.schema_version == len(MIGRATIONS)
        assert store.article("abc").text == "Old text."  # type: ignore[union-attr]
        assert store.duplicates() == {}


def test_a_store_written_by_schema_4_opens_migrated_with_everything_kept(tmp_path) -> None:
    """tests/data/store_schema4.sqlite was written by storyline at schema version 4 (migrations 0001-0004:
    4 demo articles ingested, one a syndicated copy, and `storyline build` run). Opening it with the current
    code migrates it in place; nothing stored before is lost and every query still works."""
    import shutil
    from pathlib import Path

    from storyline.search import search

    path = tmp_path / "old.sqlite"
    shutil.copy(Path(__file__).parent / "data" / "store_schema4.sqlite", path)
    before = sqlite3.connect(path)
    assert before.execute("SELECT max(version) FROM schema_version").fetchone()[0] == 4
    counts = {t: before.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("articles", "quotes", "claims")}
    before.close()
    with Store(path) as store:
        assert store.schema_version == len(MIGRATIONS)
        assert {t: store.count(t) for t in counts} == counts == {"articles": 4, "quotes": 51, "claims": 40}
        assert len(store.stories()) == 2
        assert len(store.duplicates()) == 1
        ids = [row.id for row in store.articles()]
        extraction = store.extraction(ids[0])
        assert extraction is not None and extraction.quotes
        assert search(store, "dam")  # the full-text index written by schema 4 still answers
    with Store(path) as again:  # migrating is done once
        assert again.schema_version == len(MIGRATIONS)


def test_an_article_stored_by_another_process_meanwhile_is_existing(tmp_path) -> None:
    """Issue 12, item 5: another process stores the article between ``add``'s first look and its write lock.
    ``add`` looks again under the lock and counts it as already stored (it used to fail with "UNIQUE constraint
    failed: articles.id", aborting the ingest)."""
    path = tmp_path / "s.db"
    ex = extraction("Stored twice at once.", url="https://x.example/a")

    class SlowStore(Store):
        looks = 0

        def has(self, article_id: str) -> bool:
            self.looks += 1
            if self.looks == 1:  # the other process wins the race right after this look
                with Store(path) as other:
                    assert other.add(ex) == "added"
                return False
            return super().has(article_id)

    with SlowStore(path) as store:
        assert store.add(ex) == "existing"
        assert store.count() == 1 and store.count("quotes") == 1 and not store.conn.in_transaction
        assert [a.version for a in store.articles()] == [1]


def test_a_new_version_stored_meanwhile_moves_this_one_to_the_next_number(tmp_path) -> None:
    """Two texts under one URL written at once by two processes: versions 1 and 2, chained, never two 1s."""
    path = tmp_path / "s.db"
    first = extraction("First text.", url="https://x.example/a")
    second = extraction("Second text.", url="https://x.example/a")

    class SlowStore(Store):
        def has(self, article_id: str) -> bool:
            if not self.count():
                with Store(path) as other:
                    other.add(first)
            return super().has(article_id)

    with SlowStore(path) as store:
        assert store.add(second) == "new_version"
        rows = {a.id: a for a in store.articles()}
    assert rows[second.article.id].version == 2 and rows[second.article.id].previous_id == first.article.id


class _StaleSchemaRead:
    """A connection whose first look at ``schema_version`` sees none applied, as when another process opening
    the same new store applies them between that look and this one's write lock."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn, self.stale = conn, True

    def execute(self, sql: str, *args: object) -> sqlite3.Cursor:
        if self.stale and sql == "SELECT name FROM schema_version":
            self.stale = False
            return self.conn.execute("SELECT name FROM schema_version WHERE 0")
        return self.conn.execute(sql, *args)

    def __getattr__(self, name: str) -> object:
        return getattr(self.conn, name)


def test_migrations_applied_by_another_process_meanwhile_are_skipped(tmp_path) -> None:
    """Two processes opening a new store at once used to fail with "migration 0001_articles_and_records
    failed: table articles already exists"."""
    path = tmp_path / "s.db"
    Store(path).close()  # the other process, all migrations applied
    with Store(path) as store:
        store.conn = _StaleSchemaRead(store.conn)  # type: ignore[assignment]
        assert store.migrate() == []
        assert store.schema_version == len(MIGRATIONS)
        assert [r[0] for r in store.conn.execute("SELECT name FROM schema_version ORDER BY version")] == [
            name for name, _ in MIGRATIONS
        ]


def test_a_failing_migration_still_fails(tmp_path) -> None:
    """Skipping what another process applied must not hide a migration that fails on its own."""
    path = tmp_path / "s.db"
    Store(path).close()
    conn = sqlite3.connect(path)
    conn.execute("DELETE FROM schema_version WHERE version = ?", (len(MIGRATIONS),))  # "not applied", yet it is
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match=f"migration {MIGRATIONS[-1][0]} failed"):
        Store(path)
