"""The web UI in a real browser: search from the form, follow the best hit, land on the highlighted span."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

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
  let span = anchor.nextElementSibling;  // records starting at one character: anchors side by side
  while (span && span.classList.contains("anchor")) span = span.nextElementSibling;
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


# -- issue 15: every page on a phone, keyboard only, numbers in any form, contrast ---------------------

#: Every kind of page the UI serves, as a path template (SID: the demo's biggest story, AID: an article).
UI_PAGES = [
    "/",
    "/stories/SID",
    "/articles",
    "/articles/AID",
    "/articles/AID?hl=0-40",
    "/search",
    "/search?q=evacuated",
    "/search?q=1200",
    "/docs",
    "/no/such/page",
]
# Horizontal overflow: the page is wider than the viewport, and which elements stick out.
_OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const out = [...document.querySelectorAll("body *")]
    .filter(e => e.getBoundingClientRect().right > width + 1 && getComputedStyle(e).position !== "fixed")
    .filter(e => !e.closest(".visually-hidden"))
    .slice(0, 5)
    .map(e => `${e.tagName.toLowerCase()}.${e.className} right=${Math.round(e.getBoundingClientRect().right)}`);
  return {scroll: document.documentElement.scrollWidth, width, out};
}"""
# Axe-style contrast check of the rendered page: each element holding text, its colour against the first
# opaque background behind it; WCAG AA (3:1 for large text). The briefing's own part is checked by its tests.
_CONTRAST = """() => {
  const rgb = s => { const m = s.match(/rgba?\\(([^)]+)\\)/); if (!m) return null;
    const p = m[1].split(/[\\s,\\/]+/).filter(Boolean).map(Number);
    return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1]; };
  const lum = c => { const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]); };
  const behind = el => { for (let e = el; e; e = e.parentElement) { const c = rgb(getComputedStyle(e).backgroundColor);
    if (c && c[3] > 0.9) return c; } return [255, 255, 255, 1]; };
  const bad = [], seen = new Set();
  const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walk.nextNode()) {
    const el = walk.currentNode.parentElement;
    if (!walk.currentNode.textContent.trim() || seen.has(el)) continue;
    if (el.closest(".briefing, option, script, style")) continue;
    seen.add(el);
    const cs = getComputedStyle(el), box = el.getBoundingClientRect();
    if (cs.visibility === "hidden" || box.width <= 1 || box.height <= 1) continue;
    const fg = rgb(cs.color), bg = behind(el);
    const [hi, lo] = [lum(fg), lum(bg)].sort((a, b) => b - a);
    const ratio = (hi + 0.05) / (lo + 0.05), size = parseFloat(cs.fontSize);
    const large = size >= 24 || (size >= 18.66 && Number(cs.fontWeight) >= 700);
    if (ratio < (large ? 3 : 4.5) - 0.01) bad.push(`${el.tagName.toLowerCase()}.${el.className}: ${ratio.toFixed(2)}`);
  }
  return bad;
}"""
# Items a pointer can use that a keyboard cannot reach: a pointer cursor (or a click role) on an element when
# nothing focusable holds it, and neither it nor the clickable elements around it hold anything focusable
# (Swagger UI's arrow icons repeat a button beside them). The briefing's items are checked by its own tests.
_UNREACHABLE = """() => {
  const sel = "a[href], button, input, select, textarea, summary, [tabindex]";
  const focusable = e => e.matches(sel) && e.tabIndex >= 0 && !e.disabled;
  const clickable = e => getComputedStyle(e).cursor === "pointer" || e.matches("[onclick], [role=button], [role=link]");
  const reachable = e => {
    for (let p = e; p; p = p.parentElement) if (focusable(p)) return true;
    for (let p = e; p && (p === e || clickable(p)); p = p.parentElement)
      if ([...p.querySelectorAll(sel)].some(focusable)) return true;
    return false;
  };
  return [...document.querySelectorAll("body *")]
    .filter(e => !e.closest(".briefing") && e.getBoundingClientRect().width > 1 && clickable(e) && !reachable(e))
    .slice(0, 10).map(e => `${e.tagName.toLowerCase()}.${e.getAttribute("class") || ""}`);
}"""


def _ui_url(path: str, demo: Built) -> str:
    articles = list(demo.store.articles())
    return path.replace("SID", demo.story_ids()[0]).replace("AID", articles[0].id)


def test_every_ui_page_fits_a_phone_and_passes_contrast(
    demo: Built, demo_server: LiveServer, open_page: Callable[..., Watched], screenshots: Path
) -> None:
    watched = open_page(390, 844, mobile=True)
    page = watched.page
    too_wide, low_contrast, unreachable = {}, {}, {}
    for path in UI_PAGES:
        page.goto(demo_server.url + _ui_url(path, demo), wait_until="load")
        if path == "/docs":
            page.wait_for_selector(".swagger-ui .opblock", timeout=5_000)  # rendered by script
        seen = page.evaluate(_OVERFLOW)
        if seen["scroll"] > seen["width"]:
            too_wide[path] = seen
        if bad := page.evaluate(_CONTRAST):
            low_contrast[path] = bad
        if bad := page.evaluate(_UNREACHABLE):
            unreachable[path] = bad
        if path == "/stories/SID":
            page.screenshot(path=str(screenshots / "web-story-390.png"))
        if path == "/":
            page.screenshot(path=str(screenshots / "web-home-390.png"))
    assert not too_wide, f"pages wider than a 390 px phone: {too_wide}"
    assert not low_contrast, f"text under WCAG AA contrast: {low_contrast}"
    assert not unreachable, f"clickable items a keyboard cannot reach: {unreachable}"
    assert not watched.errors and not watched.csp_violations(), (watched.errors, watched.csp_violations())


def _tab_to(page: Any, selector: str, limit: int = 80) -> int:
    """Press Tab until the focused element matches ``selector``; the presses it took. Each focused element
    must show a focus indicator (an outline or a box shadow)."""
    for presses in range(1, limit + 1):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            """(selector) => { const e = document.activeElement, cs = getComputedStyle(e);
               return {hit: e.matches(selector), tag: e.tagName, cls: e.className,
                       text: (e.textContent || "").slice(0, 40),
                       ring: cs.outlineStyle !== "none" || cs.boxShadow !== "none"}; }""",
            selector,
        )
        assert focused["ring"], f"no visible focus on {focused}"
        if focused["hit"]:
            return presses
    raise AssertionError(f"{selector} not reached in {limit} Tab presses")


def test_keyboard_walk_from_home_to_a_source_sentence(
    demo: Built, demo_server: LiveServer, open_page: Callable[..., Watched], screenshots: Path
) -> None:
    watched = open_page(1366, 900)
    page = watched.page
    page.goto(demo_server.url + "/")
    assert _tab_to(page, "a.skip-link") == 1, "the skip link is not the first stop"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    _tab_to(page, "a.story-link")
    page.keyboard.press("Enter")
    page.wait_for_url("**/stories/**")
    assert page.locator(".site-header [role=search] input").count() == 1  # the site's header and search
    page.screenshot(path=str(screenshots / "web-story-1366.png"))
    # the story's article pages: open the list with the keyboard, follow the first
    _tab_to(page, ".story-articles summary")
    page.keyboard.press("Enter")
    _tab_to(page, ".story-articles a")
    page.keyboard.press("Enter")
    page.wait_for_url("**/articles/**")
    assert " · storyline" in page.title() and "(untitled)" not in page.title() and "/" not in page.title()
    # from the article's list of numbers to the figure's sentence in its text
    _tab_to(page, ".records table a[href^='#claim-']", limit=400)
    page.keyboard.press("Enter")
    landing = page.evaluate(_LANDING)
    assert landing and "claim" in landing["classes"] and landing["inView"] and landing["outline"] != "none", landing
    assert not watched.errors and not watched.csp_violations()


def test_story_page_sits_in_the_site_and_exports(demo: Built, demo_server: LiveServer) -> None:
    import httpx

    sid = demo.story_ids()[0]
    body = httpx.get(f"{demo_server.url}/stories/{sid}").text
    for link in ('href="/"', 'href="/search"', 'class="skip-link"', f'href="/stories/{sid}/claims.csv"'):
        assert link in body
    articles = {a["id"] for a in demo.store.story(sid)["articles"]}  # type: ignore[index]
    assert all(f'href="/articles/{aid}"' in body for aid in articles)
    for name, kind in [("briefing.html", "text/html"), ("briefing.md", "text/markdown"),
                       ("briefing.json", "application/json"), ("claims.csv", "text/csv")]:  # fmt: skip
        response = httpx.get(f"{demo_server.url}/stories/{sid}/{name}")
        assert response.status_code == 200 and response.headers["content-type"].startswith(kind), name
        assert response.headers["content-disposition"] == f'attachment; filename="storyline-{sid}-{name}"'
        assert len(response.content) > 500, name


# Invented articles for the number search: one figure written three ways.
FIGURES = {
    "fenwick.txt": ("River wall holds at Fenwick", "Fenwick Post",
                    "Crews laid 10,000 sandbags along the river wall at Fenwick before the tide turned on Sunday. "
                    "The ferry to the island stayed in port."),
    "marlow.txt": ("Volunteers arrive in Marlow", "Marlow Echo",
                   "By nightfall 10000 volunteers had signed up in Marlow, the council said. "
                   "Schools opened their halls to them."),
    "other.txt": ("Harbour reopens", "Fenwick Post", "The harbour reopened with 1,000 boats moored inside."),
}  # fmt: skip


@pytest.fixture(scope="module")
def figures_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """A store of three invented articles, written as records (no NLP run), served live."""
    import datetime as dt

    from storyline.model import Article, Extraction, content_id
    from storyline.store import Store

    path = tmp_path_factory.mktemp("figures") / "figures.db"
    with Store(path) as store:
        for source, (title, outlet, text) in FIGURES.items():
            article = Article(id=content_id(text), source=source, raw=text, text=text, title=title, outlet=outlet,
                              published=dt.date(2025, 5, 4))  # fmt: skip
            store.add(Extraction(article=article))
    server = LiveServer(path).start()
    yield server
    server.stop()


def test_number_search_finds_every_written_form(figures_server: LiveServer, open_page: Callable[..., Watched]) -> None:
    watched = open_page(390, 844, mobile=True)
    page = watched.page
    found = {}
    for query in ("10000", "10,000"):
        page.goto(f"{figures_server.url}/search")
        box = page.locator("form#search-form input[name=q]")
        box.fill(query)
        box.press("Enter")
        page.wait_for_url("**/search?*")
        assert page.locator(".error-message, .notice").count() == 0, f"{query!r} was refused or reworded"
        found[query] = page.locator("li.hit mark").all_inner_texts()
    assert sorted(found["10000"]) == ["10,000", "10000"], found  # "10000" finds "10,000", and itself
    assert found["10,000"] == found["10000"]  # one number, however it is typed
    assert not watched.errors and not watched.csp_violations()
