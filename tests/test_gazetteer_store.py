"""Tests for the gazetteer's on-disk store: the SQLite cache file is reused, rebuilt when damaged, optional
(an unwritable cache directory keeps the index in memory), and opened again in worker processes."""

from __future__ import annotations

import logging
import multiprocessing
import pickle
import shutil
import sqlite3
from concurrent.futures import ProcessPoolExecutor
from multiprocessing.connection import Connection
from pathlib import Path

import pytest

from storyline import gazetteer as gazetteer_module
from storyline.gazetteer import Candidate, Gazetteer

#: The smallest build (fewest cities), so the one real build of this module is the quickest.
POPULATION = 15000
#: Names whose candidates are compared before and after a rebuild: a city, a context-tier town, a region
#: alias, a country alias, a curated feature, a bare river name and an abbreviation.
NAMES = ["Kursk", "Sudzha", "Kursk region", "Britain", "Gaza Strip", "Prut", "DMZ"]


@pytest.fixture(scope="module")
def tables():
    """The built tables, once per module: the rebuilds below reuse them instead of taking seconds each."""
    return gazetteer_module._Builder(POPULATION).run()


@pytest.fixture
def builds(tables, monkeypatch) -> list[int]:
    """The builds done during a test (each returns the module's tables)."""
    done: list[int] = []

    def run(self: gazetteer_module._Builder) -> object:
        done.append(self.min_city_population)
        return tables

    monkeypatch.setattr(gazetteer_module._Builder, "run", run)
    return done


@pytest.fixture(scope="module")
def written(tables, tmp_path_factory) -> Path:
    """A cache file, written once per module from the module's tables."""
    directory = tmp_path_factory.mktemp("gazetteer")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(gazetteer_module._Builder, "run", lambda self: tables)
        Gazetteer.load(POPULATION, directory)
    return _cache_file(directory)


@pytest.fixture
def cache_dir(tmp_path: Path, written: Path, builds: list[int]) -> Path:
    """A cache directory of the test's own, holding a copy of the written cache file."""
    shutil.copy(written, tmp_path / written.name)
    return tmp_path


@pytest.fixture
def expected(cache_dir: Path) -> dict[str, list[Candidate]]:
    """The candidates of NAMES, as the intact cache file gives them."""
    gaz = Gazetteer.load(POPULATION, cache_dir)
    return {name: gaz.lookup(name) for name in NAMES}


def _cache_file(cache_dir: Path) -> Path:
    [path] = cache_dir.glob(f"gazetteer-{POPULATION}-*.sqlite")
    return path


def _no_build(self: gazetteer_module._Builder) -> object:
    raise AssertionError("the gazetteer was rebuilt")


def _truncate(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _foreign(path: Path) -> None:
    path.unlink()
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE notes(text TEXT)")
    conn.close()


def _other_build(path: Path) -> None:
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE meta SET value = '0000000000000000' WHERE key = 'fingerprint'")
    conn.close()


def test_second_load_reads_the_file_without_building(cache_dir, expected, monkeypatch):
    monkeypatch.setattr(gazetteer_module._Builder, "run", _no_build)
    gaz = Gazetteer.load(POPULATION, cache_dir)
    assert {name: gaz.lookup(name) for name in NAMES} == expected
    assert "kursk" in gaz and "no such place anywhere" not in gaz
    assert gaz.is_person_name("smith") and not gaz.is_person_name("sudzha")
    assert {e.country for e in gaz.demonym("korean") or ()} == {"KP", "KR"}
    entry = gaz.lookup("Kursk")[0].entry
    assert gaz.get(entry.id) == entry


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda path: path.write_bytes(b"\x00garbage" * 512), id="garbage bytes"),
        pytest.param(lambda path: path.write_bytes(b""), id="empty file"),
        pytest.param(_truncate, id="truncated"),
        pytest.param(_foreign, id="another SQLite database"),
        pytest.param(_other_build, id="another build's fingerprint"),
    ],
)
def test_bad_cache_file_is_rebuilt_with_a_warning(damage, cache_dir, expected, builds, caplog):
    damage(_cache_file(cache_dir))
    with caplog.at_level(logging.WARNING, logger="storyline.gazetteer"):
        gaz = Gazetteer.load(POPULATION, cache_dir)
    assert builds == [POPULATION]
    assert "unreadable" in caplog.text and "rebuilding" in caplog.text
    assert {name: gaz.lookup(name) for name in NAMES} == expected
    again = Gazetteer.load(POPULATION, cache_dir)  # the rebuilt file is whole: read, not built again
    assert builds == [POPULATION]
    assert {name: again.lookup(name) for name in NAMES} == expected


def test_unwritable_cache_dir_gives_a_working_gazetteer(tmp_path, builds, caplog):
    blocker = tmp_path / "a-file"
    blocker.write_text("")  # a directory cannot be made under a file, even by root
    with caplog.at_level(logging.WARNING, logger="storyline.gazetteer"):
        gaz = Gazetteer.load(POPULATION, blocker / "cache")
    assert "cannot cache the gazetteer" in caplog.text
    assert [c.entry.country for c in gaz.lookup("Kursk")] == ["RU"]
    assert [c.entry.country for c in pickle.loads(pickle.dumps(gaz)).lookup("Kursk")] == ["RU"]
    assert list(tmp_path.iterdir()) == [blocker]


def test_a_pickled_gazetteer_is_only_where_its_file_is(cache_dir):
    gaz = Gazetteer.load(POPULATION, cache_dir)
    data = pickle.dumps(gaz)
    assert len(data) < 1000
    assert pickle.loads(data).lookup("Sudzha") == gaz.lookup("Sudzha")


@pytest.mark.parametrize(
    "start_method", [m for m in ("forkserver", "spawn") if m in multiprocessing.get_all_start_methods()]
)
def test_gazetteer_works_in_a_worker_process(start_method, cache_dir, expected):
    gaz = Gazetteer.load(POPULATION, cache_dir)
    before = _cache_file(cache_dir).stat().st_ino
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context(start_method)) as pool:
        assert pool.submit(gaz.lookup, "Sudzha").result() == expected["Sudzha"]
    assert _cache_file(cache_dir).stat().st_ino == before  # the worker opened the file, it did not rebuild it


def _send_lookup(gaz: Gazetteer, name: str, pipe: Connection) -> None:
    pipe.send(gaz.lookup(name))
    pipe.close()


@pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(), reason="no fork on this platform")
def test_a_forked_child_can_use_its_parents_gazetteer(cache_dir, expected):
    gaz = Gazetteer.load(POPULATION, cache_dir)
    assert gaz.lookup("Sudzha") == expected["Sudzha"]  # the connection is open before the fork
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=_send_lookup, args=(gaz, "Kursk", send))  # inherited, not pickled
    child.start()
    assert receive.recv() == expected["Kursk"]
    child.join()
    assert child.exitcode == 0


def test_a_file_written_over_while_open_is_loaded_again(cache_dir, expected, builds, caplog):
    gaz = Gazetteer.load(POPULATION, cache_dir)
    assert gaz.lookup("Sudzha") == expected["Sudzha"]
    _cache_file(cache_dir).write_bytes(b"\x00garbage" * 100_000)  # in place: the open file changes under it
    with caplog.at_level(logging.WARNING, logger="storyline.gazetteer"):
        assert gaz.lookup("Kursk") == expected["Kursk"]
    assert "became unreadable" in caplog.text
    assert builds == [POPULATION]
