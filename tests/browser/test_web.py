"""The web UI in a real browser: search from the form, follow the best hit, land on the highlighted span."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from storyline.search import KINDS, search
from storyline.web.views import hit_url

from .conftest import Built, LiveServer, Watched

pytestmark = pytest.mark.browser

# What the article page marks at a hit's landing point, per kind of hit: an article hit highlights the
# matched words (?hl=…#hit), a quote or claim hit jumps to the record's own span (#quote-…, #claim-…).
LANDING_CLASS = {"article": "found", "quote": "quote", "claim": "claim"}
# The element right after the :target anchor (the span the page says was found) and how it is drawn.
_LANDING = """() => {
  const anchor = document.querySelector(":target");
  if (!anchor) return null;
  const span = anchor.nextElementSibling;
  const r = span ? span.getBoundingClientRect() : null;
  return {
    anchor: anchor.id, anchorClass: anchor.className,
    classes: span ? [...span.classList] : [], text: span ? span.textContent : "",
    outline: span ? getComputedStyle(span).outlineStyle : "none",
    inView: !!r && r.bottom > 0 && r.top < window.innerHeight,
    found: [...document.querySelectorAll(".found")].map(e => e.textContent).join(""),
  };
}"""


@pytest.mark.parametrize(
    "query, kind, first_kind",
    [
        ("evacuated", "", "article"),  # all kinds: the best article comes first (kinds interleave by rank)
        ("Rusu", "quote", "quote"),  # a speaker's name finds his quotes
        ("people", "claim", "claim"),  # a unit finds the figures
    ],
)
def test_search_then_open_best_hit(
    demo: Built,
    demo_server: LiveServer,
    open_page: Callable[..., Watched],
    screenshots: Path,
    query: str,
    kind: str,
    first_kind: str,
) -> None:
    watched = open_page()
    page = watched.page
    page.goto(f"{demo_server.url}/search")
    form = page.locator("form#search-form")
    form.locator("input[name=q]").fill(query)
    if kind:
        form.locator("select[name=kind]").select_option(kind)
    form.locator("input[name=q]").press("Enter")
    page.wait_for_url("**/search?*")

    hits = page.locator("li.hit")
    expected = search(demo.store, query, kinds=[kind] if kind else KINDS)
    assert hits.count() == min(len(expected), 20) >= 2
    shown = page.locator("li.hit a.hit-link").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert shown == [hit_url(h) for h in expected[: len(shown)]], "hits are not listed in the search's ranked order"
    assert f"hit-{first_kind}" in (hits.first.get_attribute("class") or "")
    assert page.locator("li.hit .snippet").first.inner_text().strip()
    if not kind:
        page.screenshot(path=str(screenshots / "web-search-results.png"), full_page=True)

    page.locator("li.hit a.hit-link").first.click()
    page.wait_for_url("**/articles/**")

    assert page.url.endswith(shown[0]), (page.url, shown[0])
    landing = page.evaluate(_LANDING)
    assert landing is not None, "the page has no :target (the hit's anchor is missing)"
    assert landing["anchorClass"] == "anchor" and LANDING_CLASS[first_kind] in landing["classes"], landing
    assert landing["outline"] != "none", f"the targeted span is not drawn highlighted: {landing}"
    assert landing["inView"], f"the page did not scroll to the hit: {landing}"
    if first_kind == "article":
        assert query.lower() in landing["found"].lower(), landing
        page.screenshot(path=str(screenshots / "web-article.png"), full_page=True)
    assert watched.requests and all(url.startswith(demo_server.url) for url in watched.requests), watched.requests
    assert not watched.csp_violations(), watched.csp_violations()
    assert not watched.errors and not watched.dialogs
