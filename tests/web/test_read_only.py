"""The web app only reads its store (issue 12, item 10): it never creates, migrates or writes one, a store
gone while serving is a 503, a store in a read-only directory is served, and an ingest may write meanwhile."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from click.testing import CliRunner
from fastapi.testclient import TestClient

from storyline.cli import cli
from storyline.errors import StoreError
from storyline.store import Store
from storyline.web import app as web_app
from storyline.web import create_app
from storyline.web.readonly import ReadOnlyStore

from .stores import STORY_ID, build_store, read_only_directory, save_story
from .test_app import PLAIN_ID

DATA = Path(__file__).resolve().parents[1] / "data"


def _client(db: Path) -> TestClient:
    return TestClient(create_app(str(db), allowed_hosts=["testserver"]))


def _story_ids(client: TestClient) -> list[str]:
    response = client.get("/api/stories")
    assert response.status_code == 200, response.text
    return [s["id"] for s in response.json()]


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# -- a missing store is never created ---------------------------------------------------------------------


def test_a_missing_store_is_refused_and_not_created(tmp_path: Path) -> None:
    missing = tmp_path / "missing.db"
    with pytest.raises(StoreError, match=f"{missing}: no such store"):
        create_app(str(missing))
    assert list(tmp_path.iterdir()) == []


def test_serve_exits_naming_a_missing_store_before_starting(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def started(app: Any, **options: Any) -> None:
        raise AssertionError("the server started")

    monkeypatch.setattr(uvicorn, "run", started)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["--db", "gone.db", "serve"])
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: gone.db: no such store (looked for {tmp_path.resolve() / 'gone.db'});")
    assert "storyline ingest FILES --db gone.db" in result.output
    assert list(tmp_path.iterdir()) == []


def test_a_store_moved_away_while_serving_is_503_and_not_recreated(tmp_path: Path) -> None:
    db = build_store(tmp_path / "s.db")
    client = _client(db)
    assert _story_ids(client) == [STORY_ID]
    db.rename(tmp_path / "moved.db")
    page = client.get("/")
    assert page.status_code == 503 and "text/html" in page.headers["content-type"]
    assert web_app.STORE_GONE in page.text and "<h1>Error 503</h1>" in page.text
    api = client.get("/api/stories")
    assert api.status_code == 503 and api.json() == {"detail": web_app.STORE_GONE}
    assert client.head("/").status_code == 503
    assert not db.exists()
    (tmp_path / "moved.db").rename(db)
    assert _story_ids(client) == [STORY_ID]


def test_web_store_connections_cannot_write(tmp_path: Path) -> None:
    """Each request's connection is opened mode=ro: a write through it fails and changes nothing."""
    db = build_store(tmp_path / "s.db")
    app = create_app(str(db), allowed_hosts=["testserver"])

    @app.get("/write")
    def write(store: web_app.StoreDep) -> dict[str, str]:
        try:
            store.conn.execute("DELETE FROM stories")
        except sqlite3.OperationalError as exc:
            return {"error": str(exc)}
        return {"error": ""}

    client = TestClient(app)
    assert client.get("/write").json() == {"error": "attempt to write a readonly database"}
    assert _story_ids(client) == [STORY_ID]
    with ReadOnlyStore(db) as store:
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            store.conn.execute("INSERT INTO skips (source, reason) VALUES ('x', 'y')")


def test_a_store_of_an_older_schema_is_refused_not_migrated(tmp_path: Path) -> None:
    old = tmp_path / "old.sqlite"
    shutil.copy(DATA / "store_schema4.sqlite", old)
    before = _digest(old)
    with pytest.raises(StoreError, match=r"schema version 4 and this storyline needs \d+; serve only reads"):
        create_app(str(old))
    assert _digest(old) == before


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"not a database at all" * 100, "file is not a database"), (None, "not a storyline store")],
)
def test_a_file_that_is_no_store_is_refused(tmp_path: Path, content: bytes | None, message: str) -> None:
    path = tmp_path / "other.db"
    if content is None:
        sqlite3.connect(path).execute("CREATE TABLE t (x)").connection.close()
    else:
        path.write_bytes(content)
    with pytest.raises(StoreError, match=message):
        create_app(str(path))


# -- read-only directories --------------------------------------------------------------------------------


def test_a_store_in_a_read_only_directory_is_served(tmp_path: Path) -> None:
    """A WAL store in a directory nobody can create files in (so SQLite cannot create its -shm index):
    read as immutable, which is safe there because no writer can work in that directory either."""
    folder = tmp_path / "ro"
    folder.mkdir()
    db = build_store(folder / "s.db")
    files = sorted(p.name for p in folder.iterdir())
    with read_only_directory(folder):
        client = _client(db)
        assert _story_ids(client) == [STORY_ID]
        assert client.get(f"/articles/{PLAIN_ID}").status_code == 200
        hits = client.get("/api/search", params={"q": "flood"}).json()["hits"]
        assert PLAIN_ID in {h["article_id"] for h in hits}
        assert client.head("/").status_code == 200
        assert sorted(p.name for p in folder.iterdir()) == files


def test_a_read_only_directory_with_a_wal_file_is_read_through_it(tmp_path: Path) -> None:
    """A -wal file holding committed transactions (its writer still open) must be read, so the store is
    not opened immutable then: a story saved only in the WAL is listed."""
    folder = tmp_path / "ro"
    folder.mkdir()
    db = build_store(folder / "s.db")
    writer = Store(db)
    try:
        writer.conn.execute("PRAGMA wal_autocheckpoint = 0")  # keep the new story in the -wal file
        save_story(writer, "sserve000002", "Ferry strike")
        assert (folder / "s.db-wal").stat().st_size > 0
        with read_only_directory(folder):
            assert sorted(_story_ids(_client(db))) == [STORY_ID, "sserve000002"]
    finally:
        writer.close()


# -- WAL readers beside a writer --------------------------------------------------------------------------


def test_pages_are_served_while_a_writer_holds_the_store(tmp_path: Path) -> None:
    """An ingest holding the write lock does not block the pages; they see what it has committed."""
    db = build_store(tmp_path / "s.db")
    client = _client(db)
    with Store(db) as writer:
        writer.conn.execute("BEGIN IMMEDIATE")
        writer.conn.execute("DELETE FROM stories")  # not committed: readers still see the story
        assert _story_ids(client) == [STORY_ID]
        assert client.get("/").status_code == 200
        writer.conn.execute("ROLLBACK")
        save_story(writer, "sserve000002", "Ferry strike")
        assert sorted(_story_ids(client)) == [STORY_ID, "sserve000002"]
