"""Readable terminal summaries of extractions (rich tables). Article text is shown as plain text only:
rich markup in it is escaped and control characters are shown, never sent (``terminal``)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from rich.console import Console, Group
from rich.table import Table

from .model import Article, Extraction
from .story_view import date_label
from .terminal import SafeConsole, cell, safe

#: Longest quote shown in a table cell before it is cut with an ellipsis.
QUOTE_CHARS = 110
#: Rows shown per table in a summary; the rest is counted in a last row (the JSON output has everything).
MAX_ROWS = 20
#: Width used when the output is not a terminal (a pipe, a file, a CI log), where rich would choose 80.
PIPE_WIDTH = 160


def make_console() -> Console:
    """A console for stdout that prints control characters visibly (``terminal.SafeConsole``): the
    terminal's width, or PIPE_WIDTH when writing to a pipe or file."""
    console = SafeConsole()
    return console if console.is_terminal else SafeConsole(width=PIPE_WIDTH)


def _capped(table: Table, rows: Sequence[tuple[str, ...]]) -> Table:
    for row in rows[:MAX_ROWS]:
        table.add_row(*row)
    if len(rows) > MAX_ROWS:
        table.add_row(f"… {len(rows) - MAX_ROWS} more", *[""] * (len(table.columns) - 1))
    return table


def _cut(text: str, limit: int) -> str:
    text = safe(text, one_line=True)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _label(ex: Extraction) -> str:
    art = ex.article
    return art.outlet or art.source.rsplit("/", 1)[-1]


def published_label(article: Article) -> str:
    """The article's date as the tables show it: stated, "≈ … (estimated)" from its text, or undated."""
    return date_label(article.published.isoformat() if article.published else None, article.published_estimated)


def articles_table(extractions: Sequence[Extraction]) -> Table:
    table = Table(title="Articles", title_justify="left")
    for col in ("id", "outlet / source", "published", "title", "words", "quotes", "claims", "places", "noise"):
        table.add_column(col, overflow="fold")
    for ex in extractions:
        art = ex.article
        table.add_row(
            art.id[:8],
            cell(_label(ex)),
            published_label(art),
            cell(_cut(art.title or "—", 60)),
            str(art.words),
            str(len(ex.firm_quotes)),
            str(len(ex.claims)),
            str(len({p.name for p in ex.places})),
            str(len(art.noise)),
        )
    return table


def quotes_table(extractions: Sequence[Extraction]) -> Table:
    by_speaker: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    for ex in extractions:
        for q in ex.firm_quotes:
            by_speaker[q.speaker or "(unattributed)"].append((_label(ex), q.kind, q.text))
    table = Table(title="Quotes by speaker", title_justify="left")
    for col in ("speaker", "quotes", "outlets", "first quote"):
        table.add_column(col, overflow="fold")
    rows = []
    for speaker in sorted(by_speaker, key=lambda s: (-len(by_speaker[s]), s)):
        quotes = by_speaker[speaker]
        first = next((q for q in quotes if q[1] != "indirect"), quotes[0])
        outlets = ", ".join(sorted({q[0] for q in quotes}))
        rows.append((cell(speaker), str(len(quotes)), cell(outlets), cell(_cut(first[2], QUOTE_CHARS))))
    return _capped(table, rows)


def claims_table(extractions: Sequence[Extraction]) -> Table:
    table = Table(title="Numeric claims", title_justify="left")
    for col in ("outlet", "quantity", "value", "unit", "hedge", "subject", "as of"):
        table.add_column(col, overflow="fold")
    rows = []
    for ex in extractions:
        art = ex.article
        for c in ex.claims:
            value = f"{c.low:g}" if c.low == c.high else f"{c.low:g}–{c.high:g}"
            # a figure dated by an estimated publication date is "as of" an estimate
            estimated = art.published_estimated and c.as_of == art.published
            rows.append(
                (
                    cell(_label(ex)),
                    cell(c.quantity),
                    value,
                    cell(c.unit),
                    c.hedge,
                    cell(_cut(c.subject, 60)),
                    date_label(c.as_of.isoformat(), estimated) if c.as_of else "—",
                )
            )
    return _capped(table, rows)


def places_table(extractions: Sequence[Extraction]) -> Table:
    seen: dict[str, tuple[str, str, str, set[str]]] = {}
    for ex in extractions:
        for p in ex.places:
            coords = f"{p.lat:.2f}, {p.lon:.2f}" if p.lat is not None and p.lon is not None else "—"
            entry = seen.setdefault(p.gazetteer_id or p.name, (p.name, p.kind, coords, set()))
            entry[3].add(_label(ex))
    table = Table(title="Places", title_justify="left")
    for col in ("place", "kind", "lat, lon", "outlets"):
        table.add_column(col, overflow="fold")
    rows = [
        (cell(name), kind, coords, cell(", ".join(sorted(outlets))))
        for name, kind, coords, outlets in sorted(seen.values(), key=lambda e: (-len(e[3]), e[0]))
    ]
    return _capped(table, rows)


def times_table(extractions: Sequence[Extraction]) -> Table:
    table = Table(title="Dates", title_justify="left")
    for col in ("outlet", "expression", "resolved", "granularity"):
        table.add_column(col, overflow="fold")
    rows = []
    for ex in extractions:
        for t in ex.times:
            if t.start_date is None:
                continue
            resolved = str(t.start_date) if t.start_date == t.end_date else f"{t.start_date} … {t.end_date}"
            if ex.article.published_estimated and t.anchor == "publication":
                resolved = f"≈ {resolved} (from the estimated date)"
            rows.append((t.granularity != "day", t.start_date, _label(ex), t.text, resolved, t.granularity or ""))
    # dated days first, in order: they are the events; years and decades are background
    shown = [
        (cell(outlet), cell(_cut(text, 40)), resolved, gran) for _, _, outlet, text, resolved, gran in sorted(rows)
    ]
    return _capped(table, shown)


def render_summary(extractions: Sequence[Extraction], console: Console) -> None:
    """Print the whole readable summary: articles, quotes by speaker, claims, places, dates."""
    console.print(
        Group(
            articles_table(extractions),
            quotes_table(extractions),
            claims_table(extractions),
            places_table(extractions),
            times_table(extractions),
        )
    )
