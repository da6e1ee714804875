"""storyline.export / storyline.tables: records as Parquet, CSV and JSONL tables."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import json
import re
import typing
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.dataset as ds
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from storyline.build import build
from storyline.cli import cli, demo_corpus
from storyline.config import Settings
from storyline.export import ExportError, ParquetSink, TableSink, export_store, neutralise_formula
from storyline.model import (
    Article,
    Claim,
    Extraction,
    FieldSource,
    Mention,
    NoiseSpan,
    Place,
    Quote,
    Skip,
    TimeRef,
    content_id,
)
from storyline.pipeline import ingest_into, run
from storyline.store import Store
from storyline.tables import EXTRACTION_TABLES, SCHEMAS, STORY_TABLES, TABLES

RECORD_TABLES = {"mentions": Mention, "quotes": Quote, "claims": Claim, "times": TimeRef, "places": Place}
STORY_KEYS = {  # story table -> how many rows one stored story JSON gives
    "stories": lambda d: 1,
    "story_articles": lambda d: len(d["articles"]),
    "entities": lambda d: len(d["entities"]),
    "claim_groups": lambda d: len(d["claim_groups"]),
    "claim_group_members": lambda d: sum(len(g["members"]) for g in d["claim_groups"]),
    "quote_groups": lambda d: len(d["quote_groups"]),
    "quote_group_members": lambda d: sum(len(g["members"]) for g in d["quote_groups"]),
    "timeline": lambda d: len(d["timeline"]),
    "timeline_sources": lambda d: sum(len(t["sources"]) for t in d["timeline"]),
    "contradictions": lambda d: len(d["contradictions"]),
}


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    store = Store(tmp_path_factory.mktemp("demo") / "demo.db")
    ingest_into(store, run([demo_corpus()], Settings()))
    store.add_skip(Skip("feeds/broken.csv", "row 3: no text"))
    build(store, Settings())
    return store


def expected_counts(store: Store) -> dict[str, int]:
    counts = {t: store.count(t) for t in ("articles", "mentions", "quotes", "claims", "times", "places", "skips")}
    counts["noise"] = sum(len(store.article(a.id).noise) for a in store.articles())  # type: ignore[union-attr]
    counts["provenance"] = sum(len(store.article(a.id).provenance) for a in store.articles())  # type: ignore[union-attr]
    stories = list(store.story_data())
    counts |= {table: sum(rows(d) for d in stories) for table, rows in STORY_KEYS.items()}
    return counts


@pytest.fixture(scope="module")
def parquet_dir(demo_store: Store, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("parquet")
    export_store(demo_store, "parquet", out)
    return out


# -- schemas ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("table,record", sorted(RECORD_TABLES.items()))
def test_record_tables_have_a_column_per_field_nullable_when_optional(table: str, record: type) -> None:
    hints = typing.get_type_hints(record)
    schema = SCHEMAS[table]
    assert set(schema.names) == {f.name for f in dataclasses.fields(record)}
    for name, hint in hints.items():
        assert schema.field(name).nullable == (type(None) in typing.get_args(hint)), name


def test_articles_and_noise_tables_cover_their_records() -> None:
    skipped = {"noise", "provenance"}  # the noise and provenance tables hold them, one row per span / source
    assert {f.name for f in dataclasses.fields(Article)} - skipped <= set(SCHEMAS["articles"].names)
    assert {f.name for f in dataclasses.fields(NoiseSpan)} | {"article_id"} == set(SCHEMAS["noise"].names)
    assert {f.name for f in dataclasses.fields(FieldSource)} | {"article_id"} == set(SCHEMAS["provenance"].names)


@pytest.mark.parametrize(
    "table,column,kind",
    [
        ("articles", "published", pa.date32()),
        ("claims", "as_of", pa.date32()),
        ("times", "start_date", pa.date32()),
        ("timeline", "start", pa.date32()),
        ("claim_group_members", "as_of", pa.date32()),
        ("mentions", "start", pa.int64()),
        ("noise", "end", pa.int64()),
        ("claims", "low", pa.float64()),
        ("stories", "outlets", pa.list_(pa.string())),
    ],
)
def test_column_types(table: str, column: str, kind: pa.DataType) -> None:
    assert SCHEMAS[table].field(column).type == kind


# -- Parquet ---------------------------------------------------------------------------------------------


def test_parquet_row_counts_and_schemas_match_the_store(demo_store: Store, parquet_dir: Path) -> None:
    counts = expected_counts(demo_store)
    assert counts["articles"] == 12 and counts["claims"] > 0 and counts["stories"] == 2  # the demo corpus
    for table in TABLES:
        read = pq.read_table(parquet_dir / table)
        assert read.num_rows == counts[table], table
        assert read.schema.remove_metadata() == SCHEMAS[table], table
        dataset = ds.dataset(parquet_dir / table, format="parquet")
        assert dataset.count_rows() == counts[table], table


def _rows_by_article(path: Path) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for row in pq.read_table(path).to_pylist():
        out.setdefault(row["article_id"], []).append(row)
    return out


def test_parquet_rows_rebuild_every_stored_record(demo_store: Store, parquet_dir: Path) -> None:
    articles = {r["id"]: r for r in pq.read_table(parquet_dir / "articles").to_pylist()}
    noise = _rows_by_article(parquet_dir / "noise")
    provenance = _rows_by_article(parquet_dir / "provenance")
    records = {table: _rows_by_article(parquet_dir / table) for table in RECORD_TABLES}
    for stored in demo_store.articles():
        ex = demo_store.extraction(stored.id)
        assert ex is not None
        row = articles[stored.id]
        spans = tuple(
            NoiseSpan(**{k: v for k, v in n.items() if k != "article_id"}) for n in noise.get(ex.article.id, [])
        )
        sources = tuple(
            FieldSource(**{k: v for k, v in p.items() if k != "article_id"}) for p in provenance.get(ex.article.id, [])
        )
        fields = {f.name for f in dataclasses.fields(Article)} - {"noise", "provenance"}
        assert Article(**{k: row[k] for k in fields}, noise=spans, provenance=sources) == ex.article
        assert row["words"] == ex.article.words and row["noise_count"] == len(ex.article.noise)
        for table, record in RECORD_TABLES.items():
            rebuilt = tuple(record(**r) for r in records[table].get(stored.id, []))
            assert rebuilt == getattr(ex, table), table


def test_parquet_dates_read_back_as_dates(parquet_dir: Path) -> None:
    claims = pq.read_table(parquet_dir / "claims").to_pylist()
    assert claims and all(isinstance(c["as_of"], dt.date) for c in claims if c["as_of"] is not None)
    published = pq.read_table(parquet_dir / "articles").column("published").to_pylist()
    assert dt.date(2025, 3, 11) in published
    timeline = pq.read_table(parquet_dir / "timeline").to_pylist()
    assert all(isinstance(t["start"], dt.date) and t["start"] <= t["end"] for t in timeline)


def test_parquet_story_tables_hold_the_stored_story_json(demo_store: Store, parquet_dir: Path) -> None:
    data = next(demo_store.story_data())
    sid = data["story"]["id"]
    stories = {r["id"]: r for r in pq.read_table(parquet_dir / "stories").to_pylist()}
    assert stories[sid]["label"] == data["story"]["label"]
    assert stories[sid]["outlets"] == data["story"]["outlets"]
    assert stories[sid]["source_count"] == len(data["story"]["article_ids"]) - len(data["story"]["duplicates"])
    group = data["claim_groups"][0]
    members = [
        r
        for r in pq.read_table(parquet_dir / "claim_group_members").to_pylist()
        if r["story_id"] == sid and r["group_id"] == group["id"]
    ]
    assert [(m["article_id"], m["start"], m["end"], m["quantity"]) for m in members] == [
        (m["source"]["article_id"], m["source"]["start"], m["source"]["end"], m["quantity"]) for m in group["members"]
    ]
    entity = data["entities"][0]
    row = next(r for r in pq.read_table(parquet_dir / "entities").to_pylist() if r["id"] == entity["id"])
    assert row["outlets"] == [{"outlet": o, "mentions": n} for o, n in entity["outlets"]]
    copies = [r for r in pq.read_table(parquet_dir / "story_articles").to_pylist() if r["duplicate_of"]]
    assert copies and all(r["story_id"] == sid for r in copies)  # the syndicated copy, in the dam story


# -- CSV and JSONL ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_text_formats_round_trip_the_row_counts(demo_store: Store, tmp_path: Path, fmt: str) -> None:
    counts = export_store(demo_store, fmt, tmp_path)
    assert counts == expected_counts(demo_store)
    for table in TABLES:
        path = tmp_path / f"{table}.{fmt}"
        if fmt == "csv":
            with path.open(encoding="utf-8", newline="") as handle:
                header, *rows = list(csv.reader(handle))
            assert header == SCHEMAS[table].names, table
            read = pacsv.read_csv(path, parse_options=pacsv.ParseOptions(newlines_in_values=True))
            assert read.num_rows == counts[table] and read.column_names == SCHEMAS[table].names, table
        else:
            rows = [json.loads(line) for line in path.read_text(encoding="utf-8").split("\n") if line]
        assert len(rows) == counts[table], table
    assert not list(tmp_path.glob(".*"))  # no temporary files left


def test_jsonl_values_equal_the_parquet_values(demo_store: Store, parquet_dir: Path, tmp_path: Path) -> None:
    export_store(demo_store, "jsonl", tmp_path, tables=["claims", "times"])
    for table in ("claims", "times"):
        lines = [json.loads(line) for line in (tmp_path / f"{table}.jsonl").read_text(encoding="utf-8").splitlines()]
        expected = pq.read_table(parquet_dir / table).to_pylist()
        iso = [{k: v.isoformat() if isinstance(v, dt.date) else v for k, v in r.items()} for r in expected]
        assert lines == iso


def _tricky_extraction() -> Extraction:
    text = 'She said: "We will, of course, rebuild."\nLine two\u2028still line two.\n=SUM(A1:A9) is not a formula.'
    article = Article(
        id=content_id(text),
        source="evil.csv",
        raw="Photo: x\n" + text,
        text=text,
        title='=HYPERLINK("http://evil.example","click")',
        byline="+1 reporter, @desk",
        published=dt.date(2025, 3, 11),
        noise=(NoiseSpan("credit", "Photo: x", 0, 8),),
    )
    quote = Quote(article.id, 11, 39, "We will, of course, rebuild.", "direct", "-Mayor", cue="said")
    return Extraction(article=article, quotes=(quote,))


def test_csv_quotes_newlines_quotes_and_commas_and_neutralises_formulas(tmp_path: Path) -> None:
    ex = _tricky_extraction()
    with TableSink(tmp_path, "csv", tables=["articles", "quotes"]) as sink:
        sink([ex])
    with (tmp_path / "articles.csv").open(encoding="utf-8", newline="") as handle:
        [row] = list(csv.DictReader(handle))
    assert row["text"] == ex.article.text  # newlines, quote marks, commas and U+2028 survive
    assert row["title"] == "'" + (ex.article.title or "")
    assert row["byline"] == "'+1 reporter, @desk"
    assert row["published"] == "2025-03-11" and row["url"] == ""
    with (tmp_path / "quotes.csv").open(encoding="utf-8", newline="") as handle:
        [quote] = list(csv.DictReader(handle))
    assert quote["text"] == "We will, of course, rebuild." and quote["speaker"] == "'-Mayor"
    assert quote["start"] == "11" and quote["speaker_start"] == ""


def test_jsonl_keeps_one_record_per_line_and_exact_text(tmp_path: Path) -> None:
    ex = _tricky_extraction()
    with TableSink(tmp_path, "jsonl", tables=["articles"]) as sink:
        sink([ex])
    content = (tmp_path / "articles.jsonl").read_text(encoding="utf-8")
    assert len(content.splitlines()) == 1  # U+2028 is escaped, not a line break
    record = json.loads(content)
    assert record["text"] == ex.article.text and record["title"] == ex.article.title
    assert record["published"] == "2025-03-11"


@pytest.mark.parametrize(
    "text,expected",
    [
        ("=SUM(A1)", "'=SUM(A1)"),
        ("+44 20 7946 0000", "'+44 20 7946 0000"),
        ("-2+3", "'-2+3"),
        ("@cmd", "'@cmd"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("\n=1", "'\n=1"),
        ("Vasile Rusu", "Vasile Rusu"),
        ("a = b", "a = b"),
        ("— dash", "— dash"),
        ("", ""),
        ("'quoted'", "'quoted'"),
    ],
)
def test_neutralise_formula(text: str, expected: str) -> None:
    assert neutralise_formula(text) == expected


# -- streaming sink --------------------------------------------------------------------------------------


def test_parquet_sink_streams_parts_and_writes_each_article_once(
    demo_store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("storyline.export.ROWS_PER_PART", 10)
    monkeypatch.setattr("storyline.export.ARTICLE_ROWS_PER_PART", 3)
    extractions = [demo_store.extraction(a.id) for a in demo_store.articles()]
    sink = ParquetSink(tmp_path)
    for start in range(0, len(extractions), 4):
        sink(extractions[start : start + 4])  # type: ignore[arg-type]
    sink(extractions[:2] + [Skip("x.pdf", "unsupported file type '.pdf'")])  # type: ignore[operator]
    counts = sink.close()
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(EXTRACTION_TABLES)  # no story tables
    assert len(list((tmp_path / "articles").glob("part-*.parquet"))) == 4  # 10 articles, 3 per part
    assert len(list((tmp_path / "mentions").glob("part-*.parquet"))) > 2
    for table in EXTRACTION_TABLES:
        assert ds.dataset(tmp_path / table).count_rows() == counts[table], table
    assert counts["articles"] == 12 and counts["skips"] == 1
    assert counts["mentions"] == demo_store.count("mentions")


def test_export_replaces_the_tables_already_in_the_folder(demo_store: Store, tmp_path: Path) -> None:
    (tmp_path / "articles").mkdir()
    pq.write_table(pa.table({"junk": [1]}), tmp_path / "articles" / "part-00007.parquet")
    export_store(demo_store, "parquet", tmp_path, tables=["articles"])
    assert [p.name for p in (tmp_path / "articles").iterdir()] == ["part-00000.parquet"]
    assert pq.read_table(tmp_path / "articles").num_rows == 12


# -- empty store, errors, CLI ----------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["parquet", "csv", "jsonl"])
def test_empty_store_exports_empty_tables_with_their_schema(tmp_path: Path, fmt: str) -> None:
    with Store(":memory:") as store:
        counts = export_store(store, fmt, tmp_path / "out")
    assert counts == dict.fromkeys(TABLES, 0)
    for table in TABLES:
        if fmt == "parquet":
            read = pq.read_table(tmp_path / "out" / table)
            assert read.num_rows == 0 and read.schema.remove_metadata() == SCHEMAS[table]
        elif fmt == "csv":
            header = (tmp_path / "out" / f"{table}.csv").read_bytes().decode("utf-8")
            assert header == ",".join(SCHEMAS[table].names) + "\r\n"
        else:
            assert (tmp_path / "out" / f"{table}.jsonl").read_text(encoding="utf-8") == ""


@pytest.mark.parametrize("fmt", ["parquet", "csv", "jsonl"])
def test_output_path_that_is_a_file_is_a_clear_error(tmp_path: Path, fmt: str) -> None:
    target = tmp_path / "out.parquet"
    target.write_text("not a folder")
    with Store(":memory:") as store:
        with pytest.raises(ExportError, match="is a file, not a directory"):
            export_store(store, fmt, target)
        with pytest.raises(ExportError, match="cannot create the output directory"):
            export_store(store, fmt, target / "sub")
    assert target.read_text() == "not a folder"


@pytest.mark.parametrize(
    "fmt,tables,message",
    [("xml", None, "unknown export format 'xml'"), ("csv", ["claims", "tweets"], "unknown table.*tweets")],
)
def test_bad_format_or_table_is_a_clear_error(tmp_path: Path, fmt: str, tables: list[str] | None, message: str) -> None:
    with Store(":memory:") as store, pytest.raises(ExportError, match=message):
        export_store(store, fmt, tmp_path / "out", tables=tables)
    assert not (tmp_path / "out").exists()


def test_a_record_missing_a_required_value_is_an_error_not_a_null(tmp_path: Path) -> None:
    ex = _tricky_extraction()
    bad = dataclasses.replace(ex, mentions=(Mention(ex.article.id, 0, 3, None, "PERSON", "She"),))  # type: ignore[arg-type]
    with pytest.raises(ExportError, match="mentions: column 'text' is required"):
        with ParquetSink(tmp_path) as sink:
            sink([bad])
            sink.close()


def test_story_tables_are_all_known() -> None:
    assert set(STORY_KEYS) == set(STORY_TABLES)
    assert {c for c in SCHEMAS} == set(TABLES)


def test_cli_export(demo_store: Store, tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "csv"
    result = runner.invoke(
        cli, ["--db", demo_store.path, "export", "--format", "csv", "--table", "claims", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert f"claims {demo_store.count('claims')}" in result.output
    assert [p.name for p in out.iterdir()] == ["claims.csv"]
    bad = runner.invoke(cli, ["--db", demo_store.path, "export", "--out", demo_store.path])
    assert bad.exit_code != 0 and "is a file, not a directory" in bad.output
    missing = runner.invoke(cli, ["--db", str(tmp_path / "none.db"), "export", "--out", str(out)])
    assert missing.exit_code != 0 and "no store at" in missing.output


def test_docs_list_every_table_and_column() -> None:
    doc = (Path(__file__).resolve().parents[1] / "docs" / "scale.md").read_text(encoding="utf-8")
    rows = {line.split("|")[1].strip(" `"): line for line in doc.splitlines() if line.startswith("| `")}
    for table in TABLES:
        assert table in rows, table
        for field in SCHEMAS[table]:
            described = re.search(rf"`{field.name}` ([^`|]*)", rows[table])
            assert described, (table, field.name)
            assert ("!" in described.group(1)) == (not field.nullable), (table, field.name)
