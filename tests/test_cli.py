from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from storyline.cli import cli
from storyline.store import Store

ARTICLE = """title: Flood waters recede in Lowtown
outlet: Valley Herald
date: 2025-03-14

Flood waters began to recede in Lowtown on Thursday, officials said.

“We are not out of danger yet,” said Mayor Helen Ortiz, who has led the response since Monday.
"""


def invoke(*args: str) -> object:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


@pytest.fixture
def bad_dir(tmp_path: Path) -> Path:
    d = tmp_path / "in"
    d.mkdir()
    (d / "good.txt").write_text(ARTICLE, encoding="utf-8")
    (d / "empty.txt").write_bytes(b"")
    (d / "binary.txt").write_bytes(bytes(range(256)) * 40)
    (d / "latin1.txt").write_bytes("Der Bürgermeister sagte, die Straße sei gesperrt. Café geöffnet.".encode("latin-1"))
    # malformed HTML (unclosed tags, no </html>) is repaired and read, not refused
    (d / "broken.html").write_text(
        "<html><head><title>Flood</title><body><div><p>Flood waters rose again on Friday in the valley, "
        "officials said, and more families left their homes.<p>Roads were closed. <b>unclosed",
        encoding="utf-8",
    )
    (d / "nohtml.html").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    with open(d / "huge.txt", "wb") as fh:
        fh.truncate(20 * 1000 * 1000 + 1)
    return d


def test_bad_files_are_reported_and_the_rest_processed(bad_dir: Path, tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    result = CliRunner().invoke(cli, ["--db", str(db), "ingest", "-q", str(bad_dir)])
    assert result.exit_code == 0, result.output
    out = result.output
    for name, reason in [
        ("empty.txt", "empty file"),
        ("binary.txt", "binary file"),
        ("huge.txt", "MB limit"),
        ("nohtml.html", "binary"),
    ]:
        line = next(line for line in out.splitlines() if name in line)
        assert "skipped" in line and reason in line
    assert not any("latin1.txt" in line for line in out.splitlines() if "skipped" in line)
    with Store(db) as store:
        assert store.count() == 3  # good.txt, latin1.txt, broken.html
        assert store.count("skips") == 4
        texts = [store.article(a.id).text for a in store.articles()]  # type: ignore[union-attr]
    assert any("Bürgermeister" in t for t in texts)
    assert any(t.startswith("Flood waters rose again") for t in texts)


def test_nothing_processed_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    result = CliRunner().invoke(cli, ["--db", str(tmp_path / "s.db"), "ingest", "-q", str(tmp_path / "empty.txt")])
    assert result.exit_code == 1
    assert "empty file" in result.output


def test_reingest_adds_nothing_and_store_survives(bad_dir: Path, tmp_path: Path) -> None:
    db = str(tmp_path / "s.db")
    runner = CliRunner()
    runner.invoke(cli, ["--db", db, "ingest", "-q", str(bad_dir / "good.txt")])
    result = runner.invoke(cli, ["--db", db, "ingest", "-q", str(bad_dir / "good.txt")])
    assert "added 0, already stored 1" in result.output


def test_extract_jsonl_record(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    result = CliRunner().invoke(cli, ["extract", str(path), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    rec = json.loads(result.stdout.strip().splitlines()[-1])
    assert rec["published"] == "2025-03-14" and rec["outlet"] == "Valley Herald"
    assert rec["title"] == "Flood waters recede in Lowtown"
    assert rec["text"].startswith("Flood waters began")
    assert [n["kind"] for n in rec["noise"]] == ["header", "header", "header"]
    indirect, quote = rec["quotes"]
    assert indirect["kind"] == "indirect" and indirect["speaker"] == "officials"
    assert quote["text"] == "We are not out of danger yet,"
    assert quote["speaker"] == "Helen Ortiz"
    assert rec["text"][quote["start"] : quote["end"]] == quote["text"]


def test_show_prints_stored_record(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    db = str(tmp_path / "s.db")
    runner = CliRunner()
    runner.invoke(cli, ["--db", db, "ingest", "-q", str(path)])
    with Store(db) as store:
        article_id = next(store.articles()).id
    shown = json.loads(runner.invoke(cli, ["--db", db, "show", article_id[:8]]).stdout)
    extracted = json.loads(runner.invoke(cli, ["extract", str(path)]).stdout)
    assert shown == extracted
    missing = runner.invoke(cli, ["--db", db, "show", "ffffffffffff"])
    assert missing.exit_code != 0 and "no stored article" in missing.output


def test_every_command_has_help_and_an_example() -> None:
    for name, command in cli.commands.items():
        assert command.help and "Example" in command.help, name
        assert CliRunner().invoke(cli, [name, "--help"]).exit_code == 0


def test_demo_corpus_ingest_marks_the_syndicated_copy(tmp_path: Path) -> None:
    from storyline.cli import demo_corpus

    db = str(tmp_path / "s.db")
    result = CliRunner().invoke(cli, ["--db", db, "ingest", "-q", str(demo_corpus())])
    assert result.exit_code == 0, result.output
    assert "added 12," in result.output and "near-duplicates 1," in result.output
    with Store(db) as store:
        sources = {a.id: a.source.rsplit("/", 1)[-1] for a in store.articles()}
        assert {sources[c]: sources[o] for c, o in store.duplicates().items()} == {
            "02_harbourdaily_dam_bursts.txt": "01_cws_dam_breach.txt"
        }


def test_every_command_is_documented_in_the_readme() -> None:
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    for name in cli.commands:
        assert f"storyline {name}" in readme, name


def test_demo_stores_builds_and_writes_the_briefing(tmp_path: Path) -> None:
    db = tmp_path / "demo.db"
    result = CliRunner().invoke(cli, ["--db", str(db), "demo"])
    assert result.exit_code == 0, result.output
    briefing = tmp_path / "demo-briefing.html"
    assert f"briefing of the main story: {briefing}" in result.output
    html = briefing.read_text(encoding="utf-8")
    assert "Dam breach floods Moldovan border town" in html and len(html.encode()) < 2_000_000
    assert "2 stories" in result.output


# -- listings as JSON: the records of the web API (issue 15) ------------------------------------------


@pytest.fixture
def served(tmp_path: Path) -> Path:
    """A store of one article and one story, written as records (no NLP run)."""
    from tests.web.stores import build_store

    return build_store(tmp_path / "served.db")


def _api(db: Path, url: str) -> object:
    from fastapi.testclient import TestClient

    from storyline.web import create_app

    return TestClient(create_app(str(db), allowed_hosts=["testserver"])).get(url).json()


@pytest.mark.parametrize(
    ("args", "url"),
    [
        (["stories", "--format", "json"], "/api/stories"),
        (["search", "recede", "--format", "json"], "/api/search?q=recede&limit=20"),
        (["search", "300", "--kind", "claim", "--format", "json"], "/api/search?q=300&kind=claim"),
        (["search", "danger OR homes", "--limit", "1", "--offset", "1", "--format", "json"],
         "/api/search?q=danger%20OR%20homes&limit=1&offset=1"),
        (["search", "volcano", "--format", "json"], "/api/search?q=volcano"),  # no hit: an empty list, not text
    ],
)  # fmt: skip
def test_listing_json_is_the_api_record(served: Path, args: list[str], url: str) -> None:
    result = CliRunner().invoke(cli, ["--db", str(served), *args])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == _api(served, url)


def test_stories_json_of_an_empty_store_is_an_empty_list(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["--db", str(tmp_path / "s.db"), "stories", "--format", "json"])
    assert result.exit_code == 0 and json.loads(result.stdout) == []


def test_search_text_numbers_later_pages(served: Path) -> None:
    result = CliRunner().invoke(cli, ["--db", str(served), "search", "danger OR homes", "--offset", "1"])
    assert result.exit_code == 0 and result.stdout.lstrip().startswith("2. ")
