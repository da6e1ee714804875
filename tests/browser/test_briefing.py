"""The briefing file in a real browser: the one-screen top, click-to-source with previous/next, keyboard
use, offline, responsive, screenshots (issue 15)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from .conftest import Built, Watched

pytestmark = pytest.mark.browser

#: The issue's bound on a briefing file (the demo's dam story renders to about 200 KB).
MAX_BRIEFING_BYTES = 2_000_000
#: URL schemes a self-contained file may touch: itself, inline data, the blank page.
LOCAL_SCHEMES = ("file:", "data:", "about:")
#: Tab presses allowed to reach the first key figure from the top of the page (skip link, section links,
#: the "what is new" lines and their citations come first).
MAX_TABS = 60

# Where each highlighted span sits: its article's id and outlet, and whether it is rendered visibly.
_SPAN_FACTS = """spans => spans.map(s => {
  const art = s.closest("details.article");
  const r = s.getBoundingClientRect();
  return {
    article: art ? art.id : null,
    outlet: art ? art.querySelector("summary .meta strong").textContent : null,
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
# The top's parts: where each sits (page coordinates), and whether each line links to a source sentence.
_TOP = """() => {
  const box = sel => { const e = document.querySelector(sel); if (!e) return null;
    const r = e.getBoundingClientRect(); return {top: r.top + scrollY, bottom: r.bottom + scrollY}; };
  const lines = [...document.querySelectorAll("#new li.js-group, #figures li.js-group")];
  return {
    title: document.querySelector("h1").textContent.trim(),
    new: box("#new"), figures: box("#figures"), firstNew: box("#new li"), firstFigure: box("#figures li"),
    lines: lines.length,
    unlinked: lines.filter(l => ![...l.querySelectorAll("a.cite")].some(a =>
      (document.getElementById(a.getAttribute("href").slice(1)) || {classList: {contains: () => false}})
        .classList.contains("src"))).map(l => l.textContent.slice(0, 60)),
    height: document.documentElement.scrollHeight,
  };
}"""
# Map labels whose rendered box leaves their map's view (zoomed maps opened first).
_CLIPPED_LABELS = """() => {
  document.querySelectorAll("details.zoom").forEach(d => { d.open = true; });
  const out = [];
  document.querySelectorAll("figure.map svg").forEach(svg => {
    const vb = svg.viewBox.baseVal;
    svg.querySelectorAll(".labels text").forEach(t => {
      if (getComputedStyle(t).display === "none") return;
      const b = t.getBBox();
      if (b.x < -0.5 || b.y < -0.5 || b.x + b.width > vb.width + 0.5 || b.y + b.height > vb.height + 0.5)
        out.push(t.textContent);
    });
  });
  return out;
}"""
# Is the element with this id inside the viewport?
_IN_VIEW = """id => { const r = document.getElementById(id).getBoundingClientRect();
  return r.top >= 0 && r.bottom <= window.innerHeight; }"""
# Clickable things a keyboard cannot reach: pointer cursor, not focusable, no focusable ancestor.
_UNREACHABLE = """() => [...document.querySelectorAll("body *")].filter(e => {
  if (getComputedStyle(e).cursor !== "pointer" || !e.checkVisibility()) return false;
  for (let p = e; p; p = p.parentElement) {
    if (p.tabIndex >= 0 && !p.hasAttribute("disabled") && p.tagName !== "BODY") return false;
  }
  return true;
}).slice(0, 10).map(e => e.tagName + "." + e.className)"""


@pytest.fixture(scope="module")
def briefing(demo: Built, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo's biggest story (the seeds-like dam breach) written as a briefing file."""
    sid = demo.story_ids()[0]
    return demo.briefing_file(sid, tmp_path_factory.mktemp("briefing") / f"{sid}.html")


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


def _cited(locator: object) -> list[str]:
    """The source ids an item cites, in its order, each once."""
    hrefs = locator.locator("a.cite").evaluate_all("links => links.map(a => a.getAttribute('href'))")  # type: ignore[attr-defined]
    return list(dict.fromkeys(h[1:] for h in hrefs if h))


def test_briefing_file_is_small(briefing: Path) -> None:
    size = briefing.stat().st_size
    assert 10_000 < size < MAX_BRIEFING_BYTES, size


@pytest.mark.parametrize("story", ["demo", "seeds"])
@pytest.mark.parametrize(("width", "height", "mobile"), [(1366, 768, False), (390, 844, True)])
def test_the_top_is_one_screen(
    request: pytest.FixtureRequest,
    open_page: Callable[..., Watched],
    screenshots: Path,
    capsys: pytest.CaptureFixture[str],
    story: str,
    width: int,
    height: int,
    mobile: bool,
) -> None:
    """Title, what is new and the key figures open the page, every line linked to a source sentence; on a
    laptop both lists fit the first screen; no horizontal scroll at phone width; no map label clipped."""
    path = request.getfixturevalue("briefing" if story == "demo" else "seeds_briefing")
    watched = _open(open_page, path, width=width, height=height, mobile=mobile)
    page = watched.page
    top = page.evaluate(_TOP)
    page.screenshot(path=str(screenshots / f"{story}-briefing-top-{width}x{height}.png"))
    with capsys.disabled():
        timing = page.evaluate(_LOAD_MS)
        print(
            f"\n[browser] {story} briefing {width}x{height}: page height {top['height']} px "
            f"({top['height'] / height:.1f} screens), load {timing['load']:.0f} ms, {path.stat().st_size / 1000:.0f} kB"
        )
    assert top["title"] and top["new"] and top["figures"] and top["firstNew"] and top["firstFigure"], top
    assert top["lines"] >= 2 and not top["unlinked"], top
    if mobile:
        assert top["firstNew"]["bottom"] <= height, top  # the title and the first new fact open a phone screen
        overflow = page.evaluate(_OVERFLOW)
        assert overflow["inner"] == width, overflow  # the layout viewport was not widened to fit the content
        assert overflow["scroll"] <= overflow["inner"] + 1, f"horizontal scroll: {overflow}"
    else:
        assert max(top["new"]["bottom"], top["figures"]["bottom"]) <= height, top
    assert page.evaluate(_CLIPPED_LABELS) == []  # map labels never clipped, at either width
    _assert_offline_and_clean(watched)


def test_clicking_a_figure_scrolls_to_its_first_source_and_steps_through_the_others(
    briefing: Path, open_page: Callable[..., Watched], screenshots: Path
) -> None:
    watched = _open(open_page, briefing, width=1366, height=768)
    page = watched.page
    figure = page.locator('#figures li.figure[data-status="contradicted"]').first
    cited = _cited(figure)
    assert len(cited) >= 2, "the demo's disputed death toll cites several reports"
    assert page.locator(".hl").count() == 0

    figure.locator(".range").click()  # the figure itself, not one of its citation links

    page.wait_for_function("id => document.getElementById(id).classList.contains('current')", arg=cited[0])
    assert page.evaluate(_IN_VIEW, cited[0]), "the first source sentence was not scrolled into view"
    facts = page.locator(".src.hl").evaluate_all(_SPAN_FACTS)
    assert set(cited) <= {f["id"] for f in facts}
    assert all(f["visible"] for f in facts), [f for f in facts if not f["visible"]]
    assert len({f["outlet"] for f in facts}) >= 2, facts
    bar = page.locator("#srcnav")
    assert bar.is_visible() and bar.locator("#srcnav-status").inner_text().startswith(f"Source 1 of {len(cited)}")
    page.screenshot(path=str(screenshots / "briefing-highlighted-1366x768.png"))

    bar.get_by_role("button", name="Next").click()
    page.wait_for_function("id => document.getElementById(id).classList.contains('current')", arg=cited[1])
    assert page.evaluate(_IN_VIEW, cited[1])
    assert bar.locator("#srcnav-status").inner_text().startswith("Source 2 of")
    bar.get_by_role("button", name="Previous").click()
    page.wait_for_function("id => document.getElementById(id).classList.contains('current')", arg=cited[0])
    assert page.evaluate(_IN_VIEW, cited[0])
    assert page.locator(".src.current").count() == 1
    _assert_offline_and_clean(watched)


def test_following_a_citation_targets_and_highlights_its_sentence(
    briefing: Path, open_page: Callable[..., Watched]
) -> None:
    watched = _open(open_page, briefing)
    page = watched.page
    link = page.locator('#figures li.figure[data-status="contradicted"] a.cite:visible').last
    target = (link.get_attribute("href") or "")[1:]

    link.click()

    source = page.locator(f'[id="{target}"]')
    page.wait_for_function("id => document.getElementById(id).classList.contains('hl')", arg=target)
    assert source.evaluate("e => e.matches(':target')") and source.is_visible()
    page.wait_for_function(_IN_VIEW, arg=target)  # the jump is a scroll: the sentence ends up in view
    assert "current" in (source.get_attribute("class") or "").split()  # the bar starts at the followed link
    _assert_offline_and_clean(watched)


def test_keyboard_alone_reaches_a_figure_and_its_sources(briefing: Path, open_page: Callable[..., Watched]) -> None:
    watched = _open(open_page, briefing, width=1366, height=768)
    page = watched.page
    assert page.evaluate(_UNREACHABLE) == []
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.matches('a.skip')"), "the first Tab stop is the skip link"
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches('#figures li.figure')"):
            break
    else:
        pytest.fail(f"no key figure within {MAX_TABS} Tab presses")
    cited = _cited(page.locator("#figures li.figure:focus"))

    page.keyboard.press("Enter")

    page.wait_for_function("id => document.getElementById(id).classList.contains('current')", arg=cited[0])
    assert page.evaluate(_IN_VIEW, cited[0])
    if len(cited) > 1:
        assert page.evaluate("document.activeElement.textContent").startswith("Next")
        page.keyboard.press("Enter")  # the focused Next button
        page.wait_for_function("id => document.getElementById(id).classList.contains('current')", arg=cited[1])
    page.keyboard.press("Escape")
    assert page.evaluate("document.activeElement.matches('#figures li.figure')"), "Escape returns to the figure"
    assert page.locator(".hl").count() == 0 and page.locator("#srcnav").is_hidden()
    page.keyboard.press(" ")  # Space activates an item as Enter does
    page.wait_for_function("id => document.getElementById(id).classList.contains('current')", arg=cited[0])
    _assert_offline_and_clean(watched)
