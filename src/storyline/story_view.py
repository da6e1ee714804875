"""A stored story (the JSON ``build`` writes) as Markdown or as terminal tables.

Article text is untrusted: in Markdown every quoted or cited string is escaped so that it cannot open a
link, an image or raw HTML; in tables rich markup is escaped. In both, control characters are shown as
visible stand-ins (``terminal.safe``), never written raw.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from rich.console import Console, Group
from rich.table import Table

from .terminal import cell, safe

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|<>~])")


def md_escape(text: str | None) -> str:
    """Text safe to put in Markdown: specials backslash-escaped, newlines folded, control characters
    shown (``terminal.safe``)."""
    return _MD_SPECIAL.sub(r"\\\1", safe(text or "", one_line=True))


def date_label(day: str | None, estimated: bool = False) -> str:
    """A date as every view shows it: ``2025-01-14`` when stated, ``≈ 2025-01-14 (estimated)`` when
    estimated from the article's own text (issue 11), ``undated`` when there is none."""
    if not day:
        return "undated"
    return f"≈ {day} (estimated)" if estimated else day


def article_date(article: Mapping[str, Any]) -> str:
    """The date label of an article entry of the story JSON or the briefing context (``published`` when
    stated, ``published_estimate`` when estimated)."""
    if article.get("published"):
        return date_label(article["published"])
    return date_label(article.get("published_estimate"), estimated=True)


def story_span(story: Mapping[str, Any]) -> str:
    """A story's first – last date, each marked when only estimates give it; empty when undated."""
    first, last = story.get("first_published"), story.get("last_published")
    parts = [date_label(first, bool(story.get("first_published_estimated")))] if first else []
    if last and last != first:
        parts.append(date_label(last, bool(story.get("last_published_estimated"))))
    return " – ".join(parts)


def _range(low: float | None, high: float | None) -> str:
    from .brief.values import range_text  # here: the brief package imports this module

    return range_text(low, high)


def _ordered_groups(data: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Claim groups as the briefing lists them: disputed first, then by how many outlets give them."""
    from .brief.values import STATUS_ORDER

    groups = list(data.get("claim_groups", []))
    return sorted(
        groups,
        key=lambda g: (
            STATUS_ORDER.get(g["status"], 9),
            -len({_outlet(m["source"]) for m in g.get("members", [])}),
            g["subject"],
        ),
    )


def _given(m: Mapping[str, Any]) -> str:
    """Who gives a member's figure: its outlet, and whom the outlet cites for it."""
    from .brief.values import given_by

    return given_by(_outlet(m["source"]), m.get("cited") or "")


def figure_histories(groups: list[dict[str, Any]]) -> dict[str, str]:
    """Each series' latest group id -> the figure's history as one line, oldest first ("2025-03-11: Roughly
    1,200 (Continental Wire Service); 2025-03-13: 2,300 (Eastgate News (National Civil Protection
    Service))"); only series of two or more groups."""
    by_series: dict[str, list[dict[str, Any]]] = {}
    for g in groups:
        if g.get("series"):
            by_series.setdefault(g["series"], []).append(g)
    out: dict[str, str] = {}
    for series_groups in by_series.values():
        if len(series_groups) < 2:
            continue
        rows = sorted(
            ((m.get("as_of") or "", m["quantity"], _given(m), g["id"]) for g in series_groups for m in g["members"]),
            key=lambda r: (r[0] == "", r[0]),
        )
        latest = next((r[3] for r in reversed(rows) if r[0]), rows[-1][3])
        out[latest] = "; ".join(f"{day or 'undated'}: {quantity} ({given})" for day, quantity, given, _ in rows)
    return out


def _outlet(ref: dict[str, Any]) -> str:
    return str(ref.get("outlet") or ref.get("article_id", "?"))


def story_markdown(data: dict[str, Any]) -> str:
    """The whole story as Markdown: articles, entities, claims by status, quotes, contradictions, timeline."""
    story = data["story"]
    out = [f"# {md_escape(story['label'])}", ""]
    span = story_span(story)
    out += [
        f"{len(story['article_ids'])} articles from {len(story['outlets'])} outlets" + (f", {span}" if span else "")
    ]
    out += ["", "## Articles", ""]
    for a in data.get("articles", []):
        copy = " (syndicated copy)" if a.get("duplicate_of") else ""
        title = md_escape(a.get("title") or a["id"])
        out.append(f"- {article_date(a)} · {md_escape(a['outlet'])} · {title}{copy}")
    out += ["", "## Numbers across outlets", ""]
    out += ["| status | subject | unit | range | who gives it | history |", "|---|---|---|---|---|---|"]
    groups = _ordered_groups(data)
    histories = figure_histories(groups)
    for g in groups:
        outlets = "; ".join(f"{md_escape(_given(m))}: {md_escape(m['quantity'])}" for m in g.get("members", []))
        value_range = _range(g.get("low"), g.get("high"))
        history = md_escape(histories.get(g["id"], ""))
        cells = [g["status"], md_escape(g["subject"]), md_escape(g["unit"]), value_range, outlets, history]
        out.append("| " + " | ".join(cells) + " |")
    if data.get("contradictions"):
        out += ["", "## Contradictions", ""]
        for c in data["contradictions"]:
            out.append(
                f"- {md_escape(c['topic'])}: {md_escape(_outlet(c['first']))} — “{md_escape(c['first']['text'])}” vs "
                f"{md_escape(_outlet(c['second']))} — “{md_escape(c['second']['text'])}” ({md_escape(c['reason'])})"
            )
    out += ["", "## Quotes", ""]
    for q in data.get("quote_groups", []):
        outlets = ", ".join(sorted({md_escape(_outlet(m[0])) for m in q.get("members", [])}))
        flag = " **(attributed to different speakers)**" if q.get("conflicting_speakers") else ""
        out.append(f"- **{md_escape(q.get('speaker') or 'unattributed')}**: “{md_escape(q['text'])}” — {outlets}{flag}")
    out += ["", "## Timeline", ""]
    for t in data.get("timeline", []):
        when = t["start"] if t["start"] == t["end"] else f"{t['start']} – {t['end']}"
        outlets = ", ".join(sorted({md_escape(_outlet(s)) for s in t.get("sources", [])}))
        out.append(f"- {when}: {md_escape(t['text'])} ({outlets})")
    out += ["", "## Entities", ""]
    for e in data.get("entities", [])[:30]:
        aliases = f" (also {', '.join(md_escape(a) for a in e['aliases'])})" if e.get("aliases") else ""
        out.append(f"- {md_escape(e['name'])} [{e['label']}], {e['mentions']} mentions{aliases}")
    return "\n".join(out) + "\n"


def story_tables(data: dict[str, Any], console: Console) -> None:
    """The story as rich tables."""
    story = data["story"]
    claims = Table(title=f"{cell(story['label'])} — numbers across outlets", title_justify="left")
    for col in ("status", "subject", "unit", "range", "who gives it", "history"):
        claims.add_column(col, overflow="fold")
    groups = _ordered_groups(data)
    histories = figure_histories(groups)
    for g in groups:
        outlets = "; ".join(f"{_given(m)}: {m['quantity']}" for m in g.get("members", []))
        claims.add_row(
            g["status"],
            cell(g["subject"]),
            cell(g["unit"]),
            _range(g.get("low"), g.get("high")),
            cell(outlets),
            cell(histories.get(g["id"], "")),
        )
    quotes = Table(title="Quotes across outlets", title_justify="left")
    for col in ("speaker", "quote", "outlets"):
        quotes.add_column(col, overflow="fold")
    for q in data.get("quote_groups", []):
        outlets = ", ".join(sorted({_outlet(m[0]) for m in q.get("members", [])}))
        quotes.add_row(cell(q.get("speaker") or "—"), cell(q["text"][:140]), cell(outlets))
    timeline = Table(title="Timeline", title_justify="left")
    for col in ("when", "event", "outlets"):
        timeline.add_column(col, overflow="fold")
    for t in data.get("timeline", []):
        when = t["start"] if t["start"] == t["end"] else f"{t['start']} – {t['end']}"
        outlets = ", ".join(sorted({_outlet(s) for s in t.get("sources", [])}))
        timeline.add_row(when, cell(t["text"][:160]), cell(outlets))
    console.print(Group(claims, quotes, timeline))
