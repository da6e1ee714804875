"""The ``storyline`` command: a thin layer over the library; each command's docstring is its help.

Everything it prints goes through ``terminal`` (``echo``, ``SafeConsole``, ``json_safe``): text from
articles, files and URLs never sends a control character to the terminal (issue 12, item 11).
"""

from __future__ import annotations

import json
import logging
import signal
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import Any

import click
from rich.progress import BarColumn, MofNCompleteColumn, Progress, ProgressColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from . import __version__
from .config import Settings, load_settings
from .errors import StorylineError
from .evaluate import evaluate
from .model import Extraction, Skip
from .pipeline import ingest_into, run
from .records_json import extraction_to_json
from .store import Store
from .story_view import date_label, story_markdown, story_tables
from .summary import make_console, render_summary
from .terminal import SafeConsole, SafeFormatter, SafeGroup, cell, echo, json_safe

err = SafeConsole(stderr=True)


def _settings(ctx: click.Context) -> Settings:
    settings: Settings = ctx.obj
    return settings


def _progress_columns() -> tuple[ProgressColumn, ...]:
    return (
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]}"),
        TimeElapsedColumn(),
    )


@contextmanager
def _progress(label: str, enabled: bool = True) -> Iterator[Progress]:
    progress = Progress(
        *_progress_columns(),
        console=err,
        disable=not enabled,
        transient=False,
    )
    with progress:
        yield progress


def _print_skip(skip: Skip) -> None:
    echo(f"skipped {skip.source}: {skip.reason}", err=True)


def _process(paths: Sequence[str], settings: Settings, label: str, show: bool) -> Iterator[Extraction | Skip]:
    """Run the pipeline with a progress bar on stderr; report each skip as one line."""
    with _progress(label, enabled=show) as progress:
        task = progress.add_task(label, total=None, rate="")
        started = time.perf_counter()
        done = 0

        def tick(n: int) -> None:
            nonlocal done
            done += n
            rate = done / max(time.perf_counter() - started, 1e-9)
            progress.update(task, advance=n, rate=f"{rate:.1f} articles/s")

        for item in run(paths, settings, progress=tick):
            if isinstance(item, Skip):
                _print_skip(item)
            yield item


@click.group(cls=SafeGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="storyline")
@click.option("--model", help="spaCy pipeline: an installed package name or a path.", envvar="STORYLINE_MODEL")
@click.option("--db", help="SQLite store file (default ./storyline.db).", envvar="STORYLINE_DB")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), help="Settings file (TOML).")
@click.option("--max-bytes", type=int, help="Refuse input files larger than this many bytes.")
@click.option("-v", "--verbose", is_flag=True, help="Log what happens.")
@click.pass_context
def cli(
    ctx: click.Context,
    model: str | None,
    db: str | None,
    config_path: str | None,
    max_bytes: int | None,
    verbose: bool,
) -> None:
    """storyline: news articles in, sourced facts out.

    \b
    Example:
        storyline demo
        storyline extract article.txt --format table
    """
    handler = logging.StreamHandler()
    handler.setFormatter(SafeFormatter("%(levelname)s %(message)s"))  # a warning may quote article text
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING, handlers=[handler])
    try:
        ctx.obj = load_settings(config_path, model=model, db=db, max_bytes=max_bytes)
    except StorylineError as exc:
        raise click.ClickException(str(exc)) from exc


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@click.option("--allow-private", is_flag=True, help="Allow fetching from private/loopback network addresses.")
@click.option("--ignore-robots", is_flag=True, help="Fetch URLs even where the site's robots.txt disallows them.")
@click.pass_context
def ingest(
    ctx: click.Context, paths: tuple[str, ...], quiet: bool, allow_private: bool, ignore_robots: bool
) -> None:
    """Read, clean and extract articles, and store them (files, directories, URLs, feeds, sitemaps, WARCs).

    Re-ingesting an article adds nothing; a changed article under the same URL or path is stored as a
    new version. Bad files are reported one per line and the rest are processed.

    \b
    Example:
        storyline ingest articles/ --db news.db
        storyline ingest https://example.com/news/rss.xml crawl.warc.gz
    """
    settings = _settings(ctx).replace(
        allow_private=allow_private or None, fetch_robots=False if ignore_robots else None
    )
    try:
        with Store(settings.db) as store:
            before = store.count()
            counts = ingest_into(store, _process(paths, settings, "ingest", show=not quiet))
            total = store.count()
    except StorylineError as exc:
        raise click.ClickException(str(exc)) from exc
    others = total - before - counts.added - counts.new_version  # stored by other processes meanwhile
    echo(
        f"added {counts.added}, already stored {counts.existing}, new versions {counts.new_version}, "
        f"near-duplicates {counts.duplicates}, skipped {counts.skipped}; {total} articles in {settings.db}"
        + (f" ({others} stored by another process during this run)" if others > 0 else "")
    )
    if counts.skipped and not counts.processed:
        sys.exit(1)


@cli.command("run")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--workers", "-w", type=click.IntRange(min=1), help="Parsing processes (default 1; --dask: 1 per CPU).")
@click.option("--batch-size", type=click.IntRange(min=1), help="Articles per batch sent to a worker (default 64).")
@click.option("--dask", "dask_address", help='Run on a Dask cluster at this address ("local" starts one here).')
@click.option("--parquet", "parquet_dir", type=click.Path(file_okay=False), help="Also write records as Parquet.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@click.pass_context
def run_(
    ctx: click.Context,
    paths: tuple[str, ...],
    workers: int | None,
    batch_size: int | None,
    dask_address: str | None,
    parquet_dir: str | None,
    quiet: bool,
) -> None:
    """Ingest a large corpus on several cores, streaming, resumable: stops cleanly on Ctrl-C, and running
    the same command again skips the articles already stored.

    \b
    Example:
        storyline --db news.db run articles/ --workers 2
        storyline run feed.jsonl --dask local --parquet tables/
    """
    from rich.progress import TimeRemainingColumn

    from .runner import DEFAULT_BATCH_ARTICLES, RunCounts, count_inputs, run_local

    settings = _settings(ctx)
    progress = Progress(*_progress_columns(), TimeRemainingColumn(), console=err, disable=quiet)
    task = progress.add_task("run", total=None, rate="")
    started = time.perf_counter()
    done_so_far = [0]

    def tick(done: int, total: int | None) -> None:
        done_so_far[0] = done
        rate = done / max(time.perf_counter() - started, 1e-9)
        progress.update(task, completed=done, total=total, rate=f"{rate:.1f} articles/s")

    previous_handler = signal.signal(signal.SIGTERM, _interrupt)  # `kill` stops as cleanly as Ctrl-C
    counts: Any = None
    try:
        with Store(settings.db) as store, progress:
            before = store.count()
            if dask_address:
                from .scale import run_dask

                inputs = count_inputs(paths)
                try:
                    counts = run_dask(
                        paths,
                        settings,
                        store,
                        address=dask_address,
                        parquet_dir=Path(parquet_dir) if parquet_dir else None,
                        partition_articles=batch_size or DEFAULT_BATCH_ARTICLES,
                        progress=lambda n: tick(done_so_far[0] + n, inputs),  # run_dask counts by partition
                        workers=workers,
                        on_skip=_print_skip,
                    )
                except KeyboardInterrupt:
                    pass
            else:
                sink = None
                if parquet_dir:
                    from .export import ParquetSink

                    sink = ParquetSink(parquet_dir)
                counts = run_local(
                    paths,
                    settings,
                    store,
                    workers=workers or 1,
                    batch_articles=batch_size or DEFAULT_BATCH_ARTICLES,
                    progress=tick,
                    sink=sink,
                    on_skip=_print_skip,
                )
                if sink is not None:
                    sink.close()
            total = store.count()
    except StorylineError as exc:
        raise click.ClickException(str(exc)) from exc
    finally:
        signal.signal(signal.SIGTERM, previous_handler)
    if counts is not None:
        parsed = getattr(counts, "parsed", counts.processed)
        rate = f"({parsed / max(time.perf_counter() - started, 1e-9):.1f} articles/s)"
        if isinstance(counts, RunCounts):  # also says how many articles other processes stored meanwhile
            echo(f"{counts.summary(settings.db)} {rate}")
        else:  # run_dask's IngestCounts
            echo(
                f"added {counts.added}, resumed (already stored) {counts.existing}, new versions "
                f"{counts.new_version}, near-duplicates {counts.duplicates}, skipped {counts.skipped}; "
                f"{total} articles in {settings.db} {rate}"
            )
    if counts is None or getattr(counts, "interrupted", False):
        stored = counts.stored if isinstance(counts, RunCounts) else total - before
        echo(
            f"interrupted: {stored} articles stored by this run, {total} in {settings.db}; "
            "run the same command again to resume",
            err=True,
        )
        sys.exit(130)
    if counts.skipped and not counts.processed:
        sys.exit(1)


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--format", "fmt", type=click.Choice(["jsonl", "json", "table"]), default="jsonl", show_default=True)
@click.pass_context
def extract(ctx: click.Context, paths: tuple[str, ...], fmt: str) -> None:
    """Extract entities, quotes, claims, dates and places; print one record per article.

    Nothing is stored. The JSON record is documented in docs/extract-schema.md.

    \b
    Example:
        storyline extract article.txt --format table
        storyline extract articles/ --format jsonl > records.jsonl
    """
    settings = _settings(ctx)
    extractions: list[Extraction] = []
    skipped = extracted = 0
    try:
        for item in _process(paths, settings, "extract", show=fmt == "table"):
            if isinstance(item, Skip):
                skipped += 1
                continue
            extracted += 1
            if fmt == "jsonl":
                echo(json_safe(json.dumps(extraction_to_json(item), ensure_ascii=False)))
            else:
                extractions.append(item)
    except StorylineError as exc:
        raise click.ClickException(str(exc)) from exc
    if fmt == "json":
        echo(json_safe(json.dumps([extraction_to_json(e) for e in extractions], ensure_ascii=False, indent=2)))
    elif fmt == "table":
        render_summary(extractions, make_console())
    if skipped and not extracted:
        sys.exit(1)


@cli.command()
@click.argument("article_id")
@click.option("--format", "fmt", type=click.Choice(["json", "table"]), default="json", show_default=True)
@click.pass_context
def show(ctx: click.Context, article_id: str, fmt: str) -> None:
    """Print a stored article's record (an id prefix of 6 or more characters is enough).

    \b
    Example:
        storyline show 3f9a2c1b
    """
    settings = _settings(ctx)
    with Store(settings.db) as store:
        full = store.resolve_id(article_id)
        extraction = store.extraction(full) if full else None
    if extraction is None:
        raise click.ClickException(f"no stored article with id {article_id!r} in {settings.db}")
    if fmt == "json":
        echo(json_safe(json.dumps(extraction_to_json(extraction), ensure_ascii=False, indent=2)))
    else:
        render_summary([extraction], make_console())


@cli.command("eval")
@click.option("--gold", required=True, type=click.Path(exists=True, dir_okay=False), help="Gold JSONL file.")
@click.argument("articles_dir", type=click.Path(exists=True, file_okay=False))
@click.pass_context
def eval_(ctx: click.Context, gold: str, articles_dir: str) -> None:
    """Score extraction on ARTICLES_DIR against gold annotations: precision, recall, F1 per field.

    \b
    Example:
        storyline eval --gold ../shared/corpus/gold_seeds.jsonl ../shared/corpus/seeds
    """
    settings = _settings(ctx)
    records = [
        extraction_to_json(e)
        for e in _process([articles_dir], settings, "eval", show=False)
        if isinstance(e, Extraction)
    ]
    report = evaluate(records, gold, articles_dir)
    echo(f"{'field':16} {'precision':>9} {'recall':>7} {'F1':>6} {'hit':>5} {'pred':>5} {'gold':>5}")
    for name, p, r, f1, hit, pred, gold_n in report.rows():
        echo(f"{name:16} {p:9.3f} {r:7.3f} {f1:6.3f} {hit:5d} {pred:5d} {gold_n:5d}")
    for name in report.missing:
        echo(f"missing: no record for {name}")


@cli.command("build")
@click.option("--quiet", "-q", is_flag=True, help="No progress output.")
@click.pass_context
def build_(ctx: click.Context, quiet: bool) -> None:
    """Group stored articles into stories and compare claims, quotes and dates across outlets.

    Re-running after new articles are ingested recomputes only the stories whose articles changed.

    \b
    Example:
        storyline ingest articles/ && storyline build && storyline stories
    """
    from .build import build

    settings = _settings(ctx)
    try:
        with Store(settings.db) as store:
            result = build(store, settings)
    except StorylineError as exc:
        raise click.ClickException(str(exc)) from exc
    echo(
        f"{result.stories} stories: {len(result.rebuilt)} built, {result.unchanged} unchanged, "
        f"{result.removed} removed; {result.embedded} articles embedded"
    )


@cli.command()
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.pass_context
def stories(ctx: click.Context, fmt: str) -> None:
    """List the stories of the store: label, outlets, articles, first and last date.

    `--format json` prints the records of the web API's /api/stories.

    \b
    Example:
        storyline stories
        storyline stories --format json > stories.json
    """
    from .listings import story_records

    settings = _settings(ctx)
    with Store(settings.db) as store:
        rows = store.stories()
    if fmt == "json":
        echo(json_safe(json.dumps(story_records(rows), ensure_ascii=False, indent=2)))
        return
    if not rows:
        echo(f"no stories in {settings.db}: run `storyline build` after ingesting articles")
        return
    make_console().print(stories_table(rows))


@cli.command()
@click.argument("story_id")
@click.option("--format", "fmt", type=click.Choice(["json", "md", "table"]), default="table", show_default=True)
@click.pass_context
def story(ctx: click.Context, story_id: str, fmt: str) -> None:
    """Show one story: claims across outlets with their status, quotes, contradictions, timeline.

    \b
    Example:
        storyline story s1a2b3 --format md > story.md
    """
    settings = _settings(ctx)
    with Store(settings.db) as store:
        data = store.story(story_id)
    if data is None:
        raise click.ClickException(f"no story with id {story_id!r} in {settings.db} (see `storyline stories`)")
    if fmt == "json":
        echo(json_safe(json.dumps(data, ensure_ascii=False, indent=2)))
    elif fmt == "md":
        echo(story_markdown(data), nl=False)
    else:
        story_tables(data, make_console())


@cli.command()
@click.argument("story_id")
@click.option("--out", "-o", type=click.Path(dir_okay=False), help="File to write (default: stdout).")
@click.option("--format", "fmt", type=click.Choice(["html", "md", "json"]), default="html", show_default=True)
@click.pass_context
def report(ctx: click.Context, story_id: str, out: str | None, fmt: str) -> None:
    """Write a story's briefing: one self-contained HTML file (opens offline), Markdown or JSON.

    \b
    Example:
        storyline report s1a2b3 --out brief.html
    """
    from .brief import briefing_context, render_html, render_json, render_markdown

    settings = _settings(ctx)
    try:
        with Store(settings.db) as store:
            context = briefing_context(store, story_id)
    except StorylineError as exc:
        raise click.ClickException(str(exc)) from exc
    text = {"html": render_html, "md": render_markdown, "json": render_json}[fmt](context)
    if out:
        Path(out).write_text(text, encoding="utf-8")
        echo(f"wrote {out} ({len(text.encode()) / 1000:.0f} kB)")
    else:  # to the terminal, or a pipe: JSON decodes to the same values, HTML and Markdown show controls
        echo(json_safe(text) if fmt == "json" else text, nl=False)


@cli.command("search")
@click.argument("query")
@click.option("--kind", "kinds", multiple=True, type=click.Choice(["article", "quote", "claim"]), help="Repeatable.")
@click.option("--outlet", help="Only this outlet.")
@click.option("--speaker", help="Only quotes by this speaker.")
@click.option("--from", "date_from", help="Published on or after YYYY-MM-DD.")
@click.option("--to", "date_to", help="Published on or before YYYY-MM-DD.")
@click.option("--limit", type=int, default=20, show_default=True)
@click.option("--offset", type=int, default=0, show_default=True, help="Hits to skip (the next page).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.pass_context
def search_(
    ctx: click.Context,
    query: str,
    kinds: tuple[str, ...],
    outlet: str | None,
    speaker: str | None,
    date_from: str | None,
    date_to: str | None,
    limit: int,
    offset: int,
    fmt: str,
) -> None:
    """Full-text search over articles, quotes and claims: one hit per sentence, best first, with snippets.

    Numbers match in any written form (10000 finds "10,000") and a person's name in every spelling the
    store holds. `--format json` prints the record of the web API's /api/search.

    \b
    Example:
        storyline search "Kursk region"
        storyline search evacuated --kind claim --from 2025-03-12
        storyline search 10000 --format json
    """
    from .search import KINDS, compile_query, format_hits_for_terminal, search, search_record

    settings = _settings(ctx)
    try:
        with Store(settings.db) as store:
            compiled = compile_query(store, query, kinds or KINDS)
            hits = search(
                store,
                compiled,
                kinds=kinds or KINDS,
                outlet=outlet,
                speaker=speaker,
                date_from=date_from,
                date_to=date_to,
                limit=limit,
                offset=offset,
            )
    except StorylineError as exc:
        raise click.ClickException(str(exc)) from exc
    if fmt == "json":
        from .web.views import hit_url

        record = search_record(compiled, hits, limit=limit, offset=offset, url=hit_url)
        echo(json_safe(json.dumps(record, ensure_ascii=False, indent=2)))
        return
    if compiled.fallback:
        echo(f"not search syntax; searched as plain words: {compiled.expression}", err=True)
    if not hits:
        echo("no matches")
        return
    console = make_console()
    for line in format_hits_for_terminal(hits, first=offset + 1):
        console.print(line, highlight=False)


@cli.command("export")
@click.option("--format", "fmt", type=click.Choice(["parquet", "csv", "jsonl"]), default="parquet", show_default=True)
@click.option("--table", "tables", multiple=True, help="Only this table (repeatable; default: every table).")
@click.option("--out", "-o", required=True, type=click.Path(), help="Folder to write into (created if missing).")
@click.pass_context
def export_(ctx: click.Context, fmt: str, tables: tuple[str, ...], out: str) -> None:
    """Write the store as tables: one Parquet folder, or one CSV / JSONL file, per table.

    Tables: articles, noise, mentions, quotes, claims, times, places, skips and, after `storyline build`,
    stories, story_articles, entities, claim_groups, claim_group_members, quote_groups,
    quote_group_members, timeline, timeline_sources, contradictions (schemas: docs/scale.md). The chosen
    tables in the folder are replaced. CSV text cells that would start a spreadsheet formula get a
    leading apostrophe.

    \b
    Example:
        storyline export --format parquet --out tables/
        storyline export --format csv --table claims --table quotes --out csv/
    """
    from .export import export_store

    settings = _settings(ctx)
    if settings.db != ":memory:" and not Path(settings.db).is_file():
        raise click.ClickException(f"no store at {settings.db}: ingest articles first (or pass --db FILE)")
    try:
        with Store(settings.db) as store:
            counts = export_store(store, fmt, out, tables or None)
    except StorylineError as exc:
        raise click.ClickException(str(exc)) from exc
    echo(", ".join(f"{table} {rows}" for table, rows in counts.items()))
    echo(f"wrote {len(counts)} tables ({fmt}) to {out}")


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind (the UI has no login).")
@click.option("--port", default=8000, show_default=True, type=int)
@click.option(
    "--allow-host",
    "allow_hosts",
    multiple=True,
    metavar="NAME",
    help="Also answer requests addressed to NAME (repeatable). Only 127.0.0.1, localhost, [::1] and --host "
    "are answered otherwise: any other Host header gets 400.",
)
@click.pass_context
def serve(ctx: click.Context, host: str, port: int, allow_hosts: tuple[str, ...]) -> None:
    """Start the web UI and JSON API over the store (story pages, articles, search).

    The store is only read: it must exist, and it may sit in a read-only directory or be written by an
    ingest meanwhile.

    \b
    Example:
        storyline serve --port 8000   # then open http://127.0.0.1:8000/
        storyline serve --host 0.0.0.0 --allow-host mybox.lan   # then http://mybox.lan:8000/ on the LAN
    """
    from .web import serve as run_server

    settings = _settings(ctx)
    try:
        run_server(settings.db, host=host, port=port, allowed_hosts=allow_hosts)
    except StorylineError as exc:
        raise click.ClickException(str(exc)) from exc


def stories_table(rows: Sequence[Any]) -> Table:
    """The stories of a store as a table: id, label, outlets, articles, sources, first and last date."""
    table = Table(title="Stories", title_justify="left")
    for col in ("id", "label", "outlets", "articles", "sources", "first", "last"):
        table.add_column(col, overflow="fold")
    for row in rows:
        story = json.loads(row["data"])["story"]
        outlets = story["outlets"]
        table.add_row(
            row["id"],
            cell(row["label"]),
            cell(", ".join(outlets)),
            str(row["articles"]),
            str(row["sources"]),
            date_label(row["first_published"], story.get("first_published_estimated", False))
            if row["first_published"]
            else "—",
            date_label(row["last_published"], story.get("last_published_estimated", False))
            if row["last_published"]
            else "—",
        )
    return table


def demo_corpus() -> Path:
    """Where the bundled demo corpus lives."""
    return Path(str(resources.files("storyline") / "data" / "demo"))


@cli.command()
@click.pass_context
def demo(ctx: click.Context) -> None:
    """Process the bundled demo corpus, print a readable summary, build its stories and write the
    briefing of the main story (demo-briefing.html beside the store).

    The articles are stored in the store (--db) like `storyline ingest` would.

    \b
    Example:
        storyline demo
    """
    settings = _settings(ctx)
    corpus = demo_corpus()
    extractions: list[Extraction] = []

    def keep(items: Iterator[Extraction | Skip]) -> Iterator[Extraction | Skip]:
        for item in items:
            if isinstance(item, Extraction):
                extractions.append(item)
            yield item

    from .brief import briefing_context, render_html
    from .build import build

    with Store(settings.db) as store:
        ingest_into(store, keep(_process([str(corpus)], settings, "demo", show=True)))
        render_summary(extractions, make_console())
        result = build(store, settings)
        rows = store.stories()
        briefing = Path(settings.db).with_name("demo-briefing.html")
        if rows:
            briefing.write_text(render_html(briefing_context(store, rows[0]["id"])), encoding="utf-8")
    console = make_console()
    console.print(stories_table(rows))
    echo(
        f"{len(extractions)} articles from {corpus} stored in {settings.db}; {result.stories} stories "
        f"(storyline --db {settings.db} story ID --format md)"
    )
    if rows:
        echo(f"briefing of the main story: {briefing.resolve()}")


@cli.command()
@click.argument("feed_list", type=click.Path(exists=True, dir_okay=False))
@click.option("--every", default="15m", show_default=True, help="Time between rounds: 90s, 15m, 1h, 1h30m.")
@click.option("--rounds", type=click.IntRange(min=1), help="Stop after this many rounds (default: until Ctrl-C).")
@click.option("--allow-private", is_flag=True, help="Allow fetching from private/loopback network addresses.")
@click.option("--ignore-robots", is_flag=True, help="Fetch URLs even where the site's robots.txt disallows them.")
@click.pass_context
def watch(
    ctx: click.Context, feed_list: str, every: str, rounds: int | None, allow_private: bool, ignore_robots: bool
) -> None:
    """Poll the feeds named in FEED_LIST (one URL or path a line) and store the entries not seen before.

    Each round fetches every feed (a conditional GET: an unchanged feed costs one 304), reads the new
    entries, stores them like `storyline ingest`, and prints one summary line. Feed validators and seen
    entries are kept in the store, so a restart carries on where the last run stopped.

    \b
    Example:
        storyline --db news.db watch feeds.txt --every 15m
    """
    from .watch import Watcher, parse_duration, read_feed_list

    settings = _settings(ctx).replace(
        allow_private=allow_private or None, fetch_robots=False if ignore_robots else None
    )
    try:
        interval = parse_duration(every)
        feeds = read_feed_list(feed_list)
        with Store(settings.db) as store, Watcher(store, feeds, settings) as watcher:
            for summary in watcher.run(every=interval, rounds=rounds):
                for skip in summary.problems:
                    echo(f"skipped {skip.source}: {skip.reason}", err=True)
                echo(summary.line())
    except StorylineError as exc:
        raise click.ClickException(str(exc)) from exc
    except KeyboardInterrupt:
        echo("stopped", err=True)


def main() -> None:
    cli(prog_name="storyline")
