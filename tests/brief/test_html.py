"""The HTML briefing: self-contained, every citation resolves, hostile text stays text."""

from __future__ import annotations

import base64
import copy
import hashlib
import re
from typing import Any

import pytest

from storyline.brief import render_html
from storyline.brief.geo import basemap_available
from storyline.brief.html import map_layer, safe_url

from .htmlcheck import Page, parse
from .payloads import PAYLOADS, hostile_context

#: The demo story's briefing must stay small enough to mail and to open on a phone.
MAX_BYTES = 2_000_000
#: Tags the templates emit; anything else in a page came from data.
TEMPLATE_TAGS = {
    "html",
    "head",
    "meta",
    "title",
    "style",
    "body",
    "header",
    "p",
    "code",
    "h1",
    "h2",
    "h3",
    "nav",
    "a",
    "main",
    "section",
    "ol",
    "ul",
    "li",
    "span",
    "strong",
    "q",
    "div",
    "details",
    "summary",
    "blockquote",
    "footer",
    "time",
    "figure",
    "svg",
    "rect",
    "path",
    "g",
    "circle",
    "text",
    "figcaption",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "article",
    "script",
    "button",
}


@pytest.fixture(scope="module")
def demo_html(demo_context: dict[str, Any]) -> str:
    return render_html(demo_context)


@pytest.fixture(scope="module")
def demo_page(demo_html: str) -> Page:
    return parse(demo_html)


def test_demo_html_is_small(demo_html: str) -> None:
    assert len(demo_html.encode("utf-8")) < MAX_BYTES


def test_demo_html_loads_nothing(demo_html: str, demo_page: Page) -> None:
    assert not re.search(r"""\ssrc\s*=\s*["']?\s*(https?:|//)""", demo_html, re.I)
    assert not re.search(r"<link\b", demo_html, re.I)
    assert "@import" not in demo_html and "url(" not in demo_html
    for tag, attrs in demo_page.tags:
        assert "src" not in attrs, tag
        href = attrs.get("href")
        if href and not href.startswith("#"):  # only the links to original articles leave the page
            assert tag == "a" and attrs.get("class") == "original" and href.startswith(("http://", "https://"))


def test_demo_html_csp_allows_only_its_own_style_and_script(demo_html: str, demo_page: Page) -> None:
    csp = next(
        a["content"] for t, a in demo_page.tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy"
    )
    assert csp and "default-src 'none'" in csp
    style = re.search(r"<style>(.*?)</style>", demo_html, re.S).group(1)  # type: ignore[union-attr]
    [script] = demo_page.scripts
    for body in (style, script):
        digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in csp


def test_demo_html_has_no_inline_handlers_or_styles(demo_page: Page) -> None:
    for tag, attrs in demo_page.tags:
        assert not [a for a in attrs if a.startswith("on")], tag
        assert "style" not in attrs, tag
    assert sum(tag == "script" for tag, _ in demo_page.tags) == 1


def test_every_citation_points_to_a_highlighted_span(demo_page: Page) -> None:
    targets = [a["href"][1:] for t, a in demo_page.tags if t == "a" and (a.get("href") or "").startswith("#a-")]
    assert len(targets) > 50
    assert set(targets) <= demo_page.ids
    sources = {a["id"] for t, a in demo_page.tags if t == "span" and "src" in (a.get("class") or "").split()}
    assert set(targets) <= sources


def test_claim_members_link_to_their_sentences(demo_context: dict[str, Any], demo_page: Page) -> None:
    rows = [(a["data-claim-group"], a["data-status"]) for t, a in demo_page.tags if "data-claim-group" in a]
    assert {gid for gid, _ in rows} == {n["id"] for n in demo_context["numbers"]}
    assert "contradicted" in {status for _, status in rows}
    for n in demo_context["numbers"]:
        for m in n["members"]:
            assert m["cite"]["anchor"] in demo_page.ids


def test_contradicted_claim_cites_two_outlets(demo_context: dict[str, Any]) -> None:
    groups = [n for n in demo_context["numbers"] if n["status"] == "contradicted"]
    assert len(groups) == 2  # the death toll and the injured
    for group in groups:
        assert len({m["cite"]["outlet"] for m in group["members"]}) >= 2
        assert len({m["cite"]["anchor"] for m in group["members"]}) >= 2


def test_sections_present(demo_context: dict[str, Any], demo_page: Page) -> None:
    sections = {a.get("id") for t, a in demo_page.tags if t == "section"}
    expected = {"new", "figures", "summary", "numbers", "contradictions", "quotes", "timeline", "map", "outlets"}
    assert expected | {"articles"} <= sections
    assert any(t == "meta" and a.get("name") == "viewport" for t, a in demo_page.tags)
    articles = {a.get("id") for t, a in demo_page.tags if t == "details" and a.get("class") == "article"}
    assert articles == {f"art-{a['id']}" for a in demo_context["articles"]}
    noisy = sum(bool(a["noise"]) for a in demo_context["articles"])
    assert noisy and sum(t == "details" and a.get("class") == "noise" for t, a in demo_page.tags) == noisy


@pytest.mark.skipif(not basemap_available(), reason="pyworldatlas-mapdata-overview not installed")
def test_demo_map_has_outlines_and_markers(demo_context: dict[str, Any], demo_page: Page) -> None:
    countries = [a for t, a in demo_page.tags if t == "path" and "country" in (a.get("class") or "")]
    assert countries and any("named" in (a.get("class") or "") for a in countries)
    markers = [a for t, a in demo_page.tags if t == "circle"]
    layer = map_layer(demo_context["places"])
    assert layer is not None and len(layer["markers"]) == sum(p["on_map"] for p in demo_context["places"])
    assert len(markers) == len(layer["markers"]) + sum(len(z["layer"]["markers"]) for z in layer["zooms"])


def test_no_map_without_coordinates() -> None:
    assert map_layer([{"name": "Nowhere", "kind": "city", "lat": None, "lon": None, "mentions": 1}]) is None


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://example.org/a?b=1", "https://example.org/a?b=1"),
        ("http://example.org", "http://example.org"),
        ("javascript:alert(1)", None),
        ("JaVaScRiPt:alert(1)", None),
        (" javascript:alert(1)", None),
        ("data:text/html,<script>", None),
        ("//evil.example/x", None),
        ("https:///nohost", None),
        ("", None),
        (None, None),
    ],
)
def test_safe_url(url: str | None, expected: str | None) -> None:
    assert safe_url(url) == expected


# -- hostile input -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def hostile_html() -> str:
    return render_html(hostile_context())


def test_hostile_article_renders_as_text(hostile_html: str) -> None:
    page = parse(hostile_html)
    assert {t for t, _ in page.tags} <= TEMPLATE_TAGS
    assert sum(t == "script" for t, _ in page.tags) == 1
    for tag, attrs in page.tags:
        assert not [a for a in attrs if a.startswith("on")], (tag, attrs)
        assert not (attrs.get("href") or "").lower().lstrip().startswith(("javascript:", "data:")), attrs
    for payload in PAYLOADS:
        assert payload in page.text  # shown, as text


def test_hostile_citations_still_resolve(hostile_html: str) -> None:
    page = parse(hostile_html)
    targets = {a["href"][1:] for t, a in page.tags if t == "a" and (a.get("href") or "").startswith("#a-")}
    assert targets and targets <= page.ids


# -- the top, bounded sections, keyboard (issue 15) ----------------------------------------------------


def _classes(attrs: dict[str, str | None]) -> list[str]:
    return (attrs.get("class") or "").split()


def test_top_comes_first_and_every_line_is_a_keyboard_item(demo_context: dict[str, Any], demo_html: str) -> None:
    main = demo_html[demo_html.index("<main") :]
    assert main.index('id="new"') < main.index('id="figures"') < main.index('id="summary"')
    top = parse(main[: main.index('id="summary"')])
    items = [a for t, a in top.tags if t == "li" and "js-group" in _classes(a)]
    assert len(items) == len(demo_context["whats_new"]) + len(demo_context["key_figures"])
    assert all(a.get("tabindex") == "0" for a in items)


def test_every_clickable_item_takes_the_focus(demo_page: Page) -> None:
    groups = [a for _, a in demo_page.tags if "js-group" in _classes(a)]
    assert len(groups) > 50 and all(a.get("tabindex") == "0" for a in groups)
    body = [(t, a) for t, a in demo_page.tags if t not in {"html", "head", "meta", "title", "style", "body"}]
    assert body[0] == ("a", {"class": "skip", "href": "#main"})  # the skip link comes first
    assert "main" in demo_page.ids


def test_sections_show_a_few_items_and_the_rest_on_demand(demo_context: dict[str, Any], demo_html: str) -> None:
    from storyline.brief.limits import NUMBERS_SHOWN

    numbers = demo_html[demo_html.index('<section id="numbers">') : demo_html.index('<section id="contradictions">')]
    before, _, rest = numbers.partition('<details class="more">')
    assert before.count('class="claim js-group"') == NUMBERS_SHOWN
    assert rest.count('class="claim js-group"') == len(demo_context["numbers"]) - NUMBERS_SHOWN
    assert f"Show all {len(demo_context['numbers'])} figures" in rest
    places = demo_html[demo_html.index('<section id="map">') : demo_html.index('<section id="outlets">')]
    assert '<details class="names"><summary>7 outlets</summary>' in places  # Leova's outlets: a count
    articles = parse(demo_html[demo_html.index('<section id="articles">') :])
    collapsed = [a for t, a in articles.tags if t == "details" and a.get("class") == "article"]
    assert len(collapsed) == len(demo_context["articles"]) and not any("open" in a for a in collapsed)


def test_a_doubtful_place_is_listed_but_not_drawn(demo_context: dict[str, Any]) -> None:
    ctx = copy.deepcopy(demo_context)
    leova = next(p for p in ctx["places"] if p["name"] == "Leova")
    far = {**leova, "key": "tamboro", "name": "Tamboro", "lat": 12.0, "lon": -4.0, "mentions": 1, "country": "XB"}
    ctx["places"].append({**far, "on_map": False, "doubt": "one mention; 4,400 km from the nearest other place"})
    html = render_html(ctx)
    page = parse(html)
    assert "Doubtful places, left off the map" in page.text and "Tamboro" in page.text
    layer = map_layer(ctx["places"])
    assert layer is not None and "Tamboro" not in {m["name"] for m in layer["markers"]}
    assert layer["view"]["south"] > 40  # still the Prut valley, not a view reaching West Africa
