"""The Markdown briefing: the same sections as the HTML, strings from articles escaped."""

from __future__ import annotations

import re
from typing import Any

import pytest

from storyline.brief import render_markdown

from .payloads import hostile_context

SECTIONS = [
    "## What is new",
    "## Key figures",
    "## Summary",
    "## Key numbers",
    "## Contradictions",
    "## Quotes by speaker",
    "## Timeline",
    "## Places",
    "## Outlets",
    "## People and organisations",
    "## Articles",
]


@pytest.fixture(scope="module")
def demo_md(demo_context: dict[str, Any]) -> str:
    return render_markdown(demo_context)


def test_sections_in_order(demo_md: str) -> None:
    positions = [demo_md.index(s + "\n") for s in SECTIONS]
    assert positions == sorted(positions)
    # the most central article's title (issue 14), not the earliest one's
    assert demo_md.startswith("# Moldova dam collapse: death toll disputed as flood moves down the Prut\n")


def test_citations_link_to_article_anchors(demo_md: str, demo_context: dict[str, Any]) -> None:
    anchors = set(re.findall(r'<a id="(art-[0-9a-f]+)"></a>', demo_md))
    assert anchors == {f"art-{a['id']}" for a in demo_context["articles"]}
    links = set(re.findall(r"\]\(#(art-[^)]+)\)", demo_md))
    assert links and links <= anchors


def test_every_figure_and_speaker_is_listed(demo_md: str, demo_context: dict[str, Any]) -> None:
    for n in demo_context["numbers"]:
        if n["status"] != "unique":
            assert f"| {n['status']}" in demo_md
    for s in demo_context["speakers"]:
        assert f"### {(s['speaker'] or 'Unattributed')}" in demo_md.replace("\\", "")
    assert "3 vs 7 people" in demo_md


def test_noise_is_listed(demo_md: str, demo_context: dict[str, Any]) -> None:
    noise = sum(len(a["noise"]) for a in demo_context["articles"])
    assert noise and demo_md.count("Removed noise (") == sum(bool(a["noise"]) for a in demo_context["articles"])


@pytest.mark.parametrize(
    "pattern",
    [
        r"(?<!\\)<[a-zA-Z!/]",  # raw HTML other than our anchors
        r"\]\(javascript:",  # a live link from article text
        r"!\[[^\]]*\]\(http",  # a live image
        r"(?<!\\)\[click\]",  # an unescaped link label
    ],
)
def test_hostile_story_is_escaped(pattern: str) -> None:
    md = re.sub(r'<a id="art-[0-9a-f]+"></a>', "", render_markdown(hostile_context()))
    assert not re.search(pattern, md), re.search(pattern, md)


def test_top_lines_cite_their_sources(demo_md: str, demo_context: dict[str, Any]) -> None:
    top = demo_md[demo_md.index("## What is new") : demo_md.index("## Summary")]
    items = top.split("\n- ")[1:]  # each item with its indented lines (a disputed figure's values)
    assert len(items) == len(demo_context["whats_new"]) + len(demo_context["key_figures"])
    assert all("](#art-" in item for item in items)
    assert "**2 people** (was 9 people on 2025-03-13, 12 people on 2025-03-11)" in top
    assert "over time: 12 people (2025-03-11) → 9 people (2025-03-13) → 2 people (2025-03-14)" in top
