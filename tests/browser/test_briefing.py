"""The demo briefing file in a real browser: highlighting, offline, responsive, screenshots."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from .conftest import Built, Watched

pytestmark = pytest.mark.browser

#: The issue's bound on a briefing file (the demo's dam story renders to about 150 KB).
MAX_BRIEFING_BYTES = 2_000_000
#: URL schemes a self-contained file may touch: itself, inline data, the blank page.
LOCAL_SCHEMES = ("file:", "data:", "about:")

# Where each highlighted span sits: its article's id and outlet, and whether it is rendered visibly.
_SPAN_FACTS = """spans => spans.map(s => {
  const art = s.closest("article.article");
  const r = s.getBoundingClientRect();
  return {
    article: art ? art.id : null,
    outlet: art ? art.querySelector("header .meta strong").textContent : null,
    visible: s.checkVisibility() && r.width > 0 && r.height > 0,
    id: s.id || s.getAttribute("data-part-of"),
  };
})"""
# Horizontal overflow, and the elements sticking out of the viewport (for the failure message).
_OVERFLOW = """() => {
  const w = window.innerWidth;
  const out = [...document.querySelectorAll("body *")]
    .filter(e => e.getBoundingClientRect().right > w + 1)
    .slice(0, 8)
    .map(e => e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") + (e.className && e.className.baseVal === undefined
         ? "." + String(e.className).trim().split(/\\s+/).join(".") : "") + " right=" +
         Math.round(e.getBoundingClientRect().right));
  return {scroll: document.documentElement.scrollWidth, inner: w, offenders: out};
}"""
_LOAD_MS = """() => {
  const n = performance.getEntriesByType("navigation")[0];
  return {dom: n.domContentLoadedEventEnd - n.startTime, load: n.loadEventEnd - n.startTime};
}"""


@pytest.fixture(scope="module")
def briefing(demo: Built, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo's biggest story (the seeds-like dam breach) written as a briefing file."""
    sid = demo.story_ids()[0]
    return demo.briefing_file(sid, tmp_path_factory.mktemp("briefing") / f"{sid}.html")


def _open(open_page: Callable[..., Watched], path: Path, **viewport: object) -> Watched:
    watched = open_page(**viewport)
    watched.page.goto(path.as_uri(), wait_until="load")
    return watched


def _assert_offline_and_clean(watched: Watched) -> None:
    leaked = [url for url in watched.requests if not url.startswith(LOCAL_SCHEMES)]
    assert not leaked, f"the briefing requested {leaked}"
    assert not watched.errors, f"script errors: {watched.errors}"
    assert not watched.csp_violations(), f"CSP violations: {watched.csp_violations()}"
    assert not watched.dialogs


def test_briefing_file_is_small(briefing: Path) -> None:
    size = briefing.stat().st_size
    assert 10_000 < size < MAX_BRIEFING_BYTES, size


def test_contradicted_claim_highlights_sources_of_both_outlets(
    briefing: Path, open_page: Callable[..., Watched], screenshots: Path
) -> None:
    watched = _open(open_page, briefing)
    page = watched.page
    row = page.locator('li.claim.js-group[data-status="contradicted"]').first
    assert row.count() == 1, "the demo story has no contradicted claim row"
    cited = [h[1:] for h in row.locator("a.cite").evaluate_all("links => links.map(a => a.getAttribute('href'))")]
    assert len(cited) >= 2 and all(cited)
    first_source = page.locator(f'[id="{cited[0]}"]')
    before = first_source.evaluate("e => getComputedStyle(e).backgroundColor")
    assert page.locator(".hl").count() == 0

    row.locator(".claim-head .subject").click()  # the row itself, not one of its citation links

    page.wait_for_selector(".src.hl")
    assert "active" in (row.get_attribute("class") or "").split()
    facts = page.locator(".src.hl").evaluate_all(_SPAN_FACTS)
    highlighted = {f["id"] for f in facts}
    assert set(cited) <= highlighted, f"cited but not highlighted: {set(cited) - highlighted}"
    assert all(f["visible"] for f in facts), [f for f in facts if not f["visible"]]
    assert len({f["article"] for f in facts}) >= 2, facts
    assert len({f["outlet"] for f in facts}) >= 2, facts
    after = first_source.evaluate("e => getComputedStyle(e).backgroundColor")
    assert after != before, "a highlighted source looks the same as before the click"
    first_source.scroll_into_view_if_needed()
    page.screenshot(path=str(screenshots / "briefing-highlighted-1366x900.png"))
    _assert_offline_and_clean(watched)


def test_following_a_citation_targets_and_highlights_its_sentence(
    briefing: Path, open_page: Callable[..., Watched]
) -> None:
    watched = _open(open_page, briefing)
    page = watched.page
    link = page.locator('li.claim.js-group[data-status="contradicted"] a.cite').last
    target = (link.get_attribute("href") or "")[1:]

    link.click()

    source = page.locator(f'[id="{target}"]')
    page.wait_for_function("id => document.getElementById(id).classList.contains('hl')", arg=target)
    assert source.evaluate("e => e.matches(':target')")
    assert source.is_visible()
    page.wait_for_function(  # the jump is a scroll: the sentence ends up in view
        "id => { const r = document.getElementById(id).getBoundingClientRect();"
        " return r.bottom > 0 && r.top < window.innerHeight; }",
        arg=target,
    )
    _assert_offline_and_clean(watched)


@pytest.mark.parametrize(
    "name, width, height, mobile",
    [
        ("desktop", 1366, 900, False),
        ("phone", 390, 844, True),
    ],
)
def test_briefing_layout_and_screenshot(
    briefing: Path,
    open_page: Callable[..., Watched],
    screenshots: Path,
    capsys: pytest.CaptureFixture[str],
    name: str,
    width: int,
    height: int,
    mobile: bool,
) -> None:
    watched = _open(open_page, briefing, width=width, height=height, mobile=mobile)
    page = watched.page
    timing = page.evaluate(_LOAD_MS)
    overflow = page.evaluate(_OVERFLOW)
    page.screenshot(path=str(screenshots / f"briefing-{name}-{width}x{height}.png"), full_page=True)
    with capsys.disabled():
        print(
            f"\n[browser] briefing {name} {width}x{height}: DOMContentLoaded {timing['dom']:.0f} ms, "
            f"load {timing['load']:.0f} ms, {briefing.stat().st_size / 1000:.0f} kB, "
            f"page height {page.evaluate('document.documentElement.scrollHeight')} px"
        )
    assert overflow["inner"] == width, overflow  # the layout viewport was not widened to fit the content
    assert overflow["scroll"] <= overflow["inner"] + 1, f"horizontal scroll: {overflow}"
    _assert_offline_and_clean(watched)


@pytest.fixture(scope="module")
def seeds_briefing(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The story of the two real seed reports (WSJ and DW), when ../shared is here."""
    from ..conftest import shared_path
    from .conftest import _build

    built = _build(tmp_path_factory.mktemp("seeds"), [shared_path("corpus", "seeds")])
    try:
        [sid] = built.story_ids()
        return built.briefing_file(sid, tmp_path_factory.mktemp("seeds-briefing") / f"{sid}.html")
    finally:
        built.store.close()


@pytest.mark.parametrize(
    ("name", "width", "height", "mobile"), [("laptop", 1366, 768, False), ("phone", 390, 844, True)]
)
def test_seeds_briefing_is_readable_on_laptop_and_phone(
    seeds_briefing: Path,
    open_page: Callable[..., Watched],
    screenshots: Path,
    name: str,
    width: int,
    height: int,
    mobile: bool,
) -> None:
    watched = _open(open_page, seeds_briefing, width=width, height=height, mobile=mobile)
    page = watched.page
    page.screenshot(path=str(screenshots / f"seeds-briefing-{name}-{width}x{height}.png"), full_page=False)
    page.screenshot(path=str(screenshots / f"seeds-briefing-{name}-{width}x{height}-full.png"), full_page=True)
    overflow = page.evaluate(_OVERFLOW)
    assert overflow["scroll"] <= overflow["inner"] + 1, f"horizontal scroll: {overflow}"
    text = page.inner_text("body").lower()  # CSS may upper-case labels
    assert "andrei lankov" in text and "corroborated" in text
    _assert_offline_and_clean(watched)
