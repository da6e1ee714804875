from __future__ import annotations

import dataclasses
import sqlite3

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
