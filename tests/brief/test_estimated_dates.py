"""Every view marks a date estimated from an article's text as such, and an undated article as undated
(issue 11): Markdown, terminal tables, the HTML briefing and the briefing context."""

from __future__ import annotations

import io
import json
import re
from typing import Any

import pytest
from rich.console import Console

from storyline.brief import context_from, render_html, render_markdown
from storyline.cli import stories_table
from storyline.story_view import date_label, story_markdown
from storyline.summary import render_summary

from .dates import ESTIMATED, EVIDENCE, STATED, dated_story

MARK = f"≈ {ESTIMATED} (estimated)"


@pytest.fixture(scope="module")
def story_data() -> tuple[dict[str, Any], list]:
    return dated_story()


@pytest.fixture(scope="module")
def ctx(story_data) -> dict[str, Any]:
    data, exs = story_data
    return context_from(data, exs)


def _console() -> Console:
    return Console(file=io.StringIO(), width=200, color_system=None)


@pytest.mark.parametrize(
    ("day", "estimated", "label"),
    [
        ("2025-03-11", False, "2025-03-11"),
        ("2025-03-10", True, "≈ 2025-03-10 (estimated)"),
        (None, False, "undated"),
        (None, True, "undated"),
    ],
)
def test_date_label(day, estimated, label) -> None:
    assert date_label(day, estimated) == label


def test_context_dates(ctx) -> None:
    by_outlet = {a["outlet"]: a for a in ctx["articles"]}
    courier, gazette = by_outlet["Lowtown Courier"], by_outlet["River Gazette"]
    assert (courier["published"], courier["published_estimate"]) == (None, str(ESTIMATED))
    assert courier["published_evidence"] == " · ".join(EVIDENCE)
    assert (gazette["published"], gazette["published_estimate"], gazette["published_evidence"]) == (None, None, None)
    assert by_outlet["Valley Herald"]["published"] == str(STATED)
    assert ctx["story"]["first_published_estimated"] and not ctx["story"]["last_published_estimated"]
    members = [m for n in ctx["numbers"] for m in n["members"]]
    courier_member = next(m for m in members if m["cite"]["outlet"] == "Lowtown Courier")
    assert courier_member["cite"]["published_estimated"] and courier_member["as_of_estimated"]
    assert not any(m["as_of_estimated"] for m in members if m["cite"]["outlet"] != "Lowtown Courier")
    outlets = {o["name"]: o for o in ctx["outlets"]}
    assert outlets["Lowtown Courier"]["first_published_estimated"]
    assert outlets["River Gazette"]["first_published"] is None


def test_markdown_briefing_marks_estimates(ctx) -> None:
    md = render_markdown(ctx)
    assert f"{MARK} · " in md  # the article's facts line
    assert "date estimated from “Sunday, March 9, 2025 · Monday”" in md
    assert f"[Lowtown Courier, {MARK}]" in md  # its citations
    assert f"(as of {MARK})" in md  # its figures
    assert f"{MARK} – {STATED}" in md  # the story's span: its first date is an estimate
    assert "undated · " in md  # the undated article, never a borrowed date
    assert f"Valley Herald, {STATED}]" in md


def test_story_markdown_marks_estimates(story_data) -> None:
    md = story_markdown(story_data[0])
    lines = {ln.split(" · ")[1]: ln for ln in md.splitlines() if ln.startswith("- ") and " · " in ln}
    assert lines["Lowtown Courier"].startswith(f"- {MARK} ·")
    assert lines["River Gazette"].startswith("- undated ·")
    assert lines["Valley Herald"].startswith(f"- {STATED} ·")


def test_html_briefing_marks_estimates(ctx) -> None:
    page = render_html(ctx)
    estimated = re.findall(r'<span class="estimated" title="([^"]*)">≈ <time datetime="([^"]+)">', page)
    assert (f"estimated from the article's text: {' · '.join(EVIDENCE)}", str(ESTIMATED)) in estimated
    assert '<span class="undated">undated</span>' in page
    assert f"Lowtown Courier, ≈ {ESTIMATED} (estimated)" in page  # a citation's tooltip


def test_tables_mark_estimates(story_data) -> None:
    _, exs = story_data
    console = _console()
    render_summary(exs, console)
    out = console.file.getvalue()  # type: ignore[attr-defined]
    assert MARK in out and "undated" in out and str(STATED) in out


def test_stories_table_marks_estimates(story_data) -> None:
    data, _ = story_data
    row = {
        "id": data["story"]["id"],
        "label": data["story"]["label"],
        "articles": 3,
        "sources": 3,
        "first_published": str(ESTIMATED),
        "last_published": str(STATED),
        "data": json.dumps(data),
    }
    console = _console()
    console.print(stories_table([row]))
    assert MARK in console.file.getvalue()  # type: ignore[attr-defined]
