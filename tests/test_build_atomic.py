"""A re-build is one switch from the old stories to the new ones (issue 12, item 9).

A build killed after writing some stories and before removing the ones they replace used to leave articles
in two stories at once until the next build. The build is stopped here before every statement it sends to
the store's story tables, in this process (an exception no ``except Exception`` catches, the store read
back over a fresh connection, as after a kill) and in a child process killed with SIGKILL: the store
holds exactly the old stories or exactly the new ones, and no article is ever in two stories.
"""

from __future__ import annotations

import datetime as dt
import importlib
import json
import signal
import sqlite3
import subprocess
import sys
import textwrap
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from storyline.build import build
from storyline.config import Settings
from storyline.errors import StoreError
from storyline.model import Article, Extraction, content_id
from storyline.store import Store

#: Articles by name; their dates order them, so a story's id comes from its earliest member.
NAMES = ("a", "b", "c", "d", "e")
#: The first build's grouping, and the re-build's after "e" arrives: "c" moves to a's story, "d" joins the
#: new "e" story (whose id is e's, the earliest), and c's old story is removed. Written in the old order
#: (one transaction per story, removals last), the first story written put "c" in two stories.
BEFORE = [["a", "b"], ["c", "d"]]
AFTER = [["a", "b", "c"], ["d", "e"]]
STORY_TABLES = ("stories", "story_articles")
#: The module (the package re-exports the function ``build`` under the same name).
build_mod = importlib.import_module("storyline.build")


def _article(name: str) -> Article:
    text = f"Report {name}: something happened in the town of {name.upper()}ville today."
    day = {"a": 1, "b": 2, "c": 3, "d": 5, "e": 4}[name]
    return Article(
        id=content_id(text),
        source=f"{name}.txt",
        raw=text,
        text=text,
        title=f"Report {name}",
        outlet=f"Outlet {name.upper()}",
        published=dt.date(2025, 3, day),
    )


IDS = {name: _article(name).id for name in NAMES}


def _fake_stages(monkeypatch: pytest.MonkeyPatch, groups: Sequence[Sequence[str]]) -> None:
    """Skip the embedder and the clustering: the build groups the stored articles as ``groups`` says."""

    def fake_embed(texts: Sequence[str], **_: Any) -> np.ndarray:
        return np.zeros((len(texts), 384), dtype=np.float32)

    def fake_cluster(digests: Sequence[Any], vectors: np.ndarray, **_: Any) -> list[list[int]]:
        position = {d.id: i for i, d in enumerate(digests)}
        return [[position[IDS[n]] for n in group] for group in groups]

    monkeypatch.setattr(build_mod, "embed", fake_embed)
    monkeypatch.setattr(build_mod, "cluster", fake_cluster)


def _store_with(path: Path, names: Sequence[str]) -> Store:
    store = Store(path)
    for name in names:
        store.add(Extraction(article=_article(name)))
    return store


def grouping(db: Path) -> dict[str, frozenset[str]]:
    """Story id -> the names of its member articles, read over a new connection (what survives a kill)."""
    names = {v: k for k, v in IDS.items()}
    conn = sqlite3.connect(db)
    try:
        out: dict[str, set[str]] = {sid: set() for (sid,) in conn.execute("SELECT id FROM stories")}
        for sid, aid in conn.execute("SELECT story_id, article_id FROM story_articles"):
            out.setdefault(sid, set()).add(names[aid])
        in_two = conn.execute(
            "SELECT article_id FROM story_articles GROUP BY article_id HAVING COUNT(*) > 1"
        ).fetchall()
    finally:
        conn.close()
    assert not in_two, f"articles in two stories: {[names[a] for (a,) in in_two]}"
    return {sid: frozenset(members) for sid, members in out.items()}


class Killed(BaseException):
    """Stands for a kill: not an ``Exception``, so nothing on the way catches it."""


class _KillingConnection:
    """A store connection that raises ``Killed`` instead of sending its ``kill_at``-th statement (0-based)
    that touches the story tables, counting COMMIT as one once story statements were sent."""

    def __init__(self, conn: sqlite3.Connection, kill_at: int) -> None:
        self._conn = conn
        self.kill_at = kill_at
        self.sent = 0
        self._writing = False

    def _check(self, sql: str) -> None:
        text = " ".join(sql.split()).upper()
        touches = any(f" {t.upper()}" in text for t in STORY_TABLES) and not text.startswith("SELECT")
        if touches or (self._writing and text == "COMMIT"):
            self._writing = touches
            if self.sent == self.kill_at:
                raise Killed(sql)
            self.sent += 1

    def execute(self, sql: str, *args: Any) -> sqlite3.Cursor:
        self._check(sql)
        return self._conn.execute(sql, *args)

    def executemany(self, sql: str, *args: Any) -> sqlite3.Cursor:
        self._check(sql)
        return self._conn.executemany(sql, *args)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._conn, name)


@pytest.fixture
def rebuilt(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Path, dict, dict, int]]:
    """A store built with ``BEFORE``, "e" added: (its path, the grouping before the re-build, the grouping
    an uninterrupted re-build leaves (built on a copy), the number of story statements it sends)."""
    db = tmp_path / "s.db"
    _fake_stages(monkeypatch, BEFORE)
    with _store_with(db, ("a", "b", "c", "d")) as store:
        build(store, Settings())
        store.add(Extraction(article=_article("e")))
    before = grouping(db)
    copy = tmp_path / "copy.db"
    with sqlite3.connect(db) as src, sqlite3.connect(copy) as dst:
        src.backup(dst)
    _fake_stages(monkeypatch, AFTER)
    with Store(copy) as store:
        counter = _KillingConnection(store.conn, kill_at=-1)
        store.conn = counter  # type: ignore[assignment]
        build(store, Settings())
        store.conn = counter._conn
    after = grouping(copy)
    yield db, before, after, counter.sent


def test_the_fixture_moves_an_article_between_stories(rebuilt: tuple[Path, dict, dict, int]) -> None:
    _, before, after, sent = rebuilt
    assert sorted(before.values(), key=sorted) == [frozenset("ab"), frozenset("cd")]
    assert sorted(after.values(), key=sorted) == [frozenset("abc"), frozenset("de")]
    assert set(before) != set(after) and sent >= 3


def test_a_rebuild_stopped_before_any_story_statement_leaves_old_or_new(
    rebuilt: tuple[Path, dict, dict, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    db, before, after, sent = rebuilt
    _fake_stages(monkeypatch, AFTER)
    for kill_at in range(sent + 1):
        store = Store(db)
        store.conn = _KillingConnection(store.conn, kill_at)  # type: ignore[assignment]
        try:
            build(store, Settings())
        except Killed:
            assert not store.conn.in_transaction  # rolled back: the connection is usable again
        state = grouping(db)  # a fresh connection: only what was committed, as after a kill
        assert state in (before, after), f"killed before story statement {kill_at}: {state}"
        assert state == (after if kill_at == sent else before)
        store.conn._conn.close()  # type: ignore[attr-defined]  # like a dead process: nothing committed on close
    with Store(db) as store:  # the next build finishes the job
        build(store, Settings())
    assert grouping(db) == after


def test_a_build_that_read_stories_another_build_changed_writes_nothing(
    rebuilt: tuple[Path, dict, dict, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Its "unchanged" stories may hold articles the other build moved: it must not mix the two."""
    db, before, _, _ = rebuilt
    _fake_stages(monkeypatch, AFTER)
    real = build_mod.compare_story

    def compare_while_another_build_runs(story: Any, extractions: Any, thread: Any = ()) -> Any:
        with Store(db) as other:
            other.delete_stories([next(iter(before))])
        return real(story, extractions, thread)

    monkeypatch.setattr(build_mod, "compare_story", compare_while_another_build_runs)
    with Store(db) as store, pytest.raises(StoreError, match="changed while this build ran"):
        build(store, Settings())
    assert len(grouping(db)) == 1


CHILD = textwrap.dedent(
    """
    import os, signal, sys
    sys.path.insert(0, sys.argv[3])
    import pytest
    from storyline.build import build
    from storyline.config import Settings
    from storyline.store import Store
    import test_build_atomic as t

    class Kill(t._KillingConnection):
        def _check(self, sql):
            try:
                super()._check(sql)
            except t.Killed:
                os.kill(os.getpid(), signal.SIGKILL)

    patch = pytest.MonkeyPatch()
    t._fake_stages(patch, t.AFTER)
    store = Store(sys.argv[1])
    store.conn = Kill(store.conn, int(sys.argv[2]))
    build(store, Settings())
    """
)


def test_a_rebuild_killed_with_sigkill_leaves_old_or_new(rebuilt: tuple[Path, dict, dict, int]) -> None:
    db, before, after, sent = rebuilt
    for kill_at in sorted({0, 1, sent - 1}):
        child = subprocess.run(
            [sys.executable, "-c", CHILD, str(db), str(kill_at), str(Path(__file__).parent)],
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert child.returncode == -signal.SIGKILL, child.stderr
        state = grouping(db)
        assert state == before, f"SIGKILL before story statement {kill_at}: {state}"
    assert json.dumps(sorted(map(sorted, before.values()))) == '[["a", "b"], ["c", "d"]]'
