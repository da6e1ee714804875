"""An article full of XSS payloads, in the briefing file and on every web page that shows it.

A payload that ran would set ``window.__xss`` (or open a dialog, or request ``/x``); one that was
neutralised is still there, shown as text.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlencode

import pytest

from .conftest import XSS_PAYLOADS, Built, LiveServer, Watched

pytestmark = pytest.mark.browser

# Markup that only a payload could have put in the page.
_INJECTED = """() => {
  const found = [];
  for (const e of document.querySelectorAll("*")) {
    for (const a of e.attributes) {
      if (/^on/i.test(a.name)) found.push(`${e.tagName} ${a.name}`);
      if (/^\\s*javascript:/i.test(a.value)) found.push(`${e.tagName} ${a.name}=${a.value}`);
      if (a.name === "style" && /expression\\(|javascript:/i.test(a.value)) found.push(`${e.tagName} style=${a.value}`);
    }
  }
  const injected = "iframe, textarea, img[src='x'], svg script, svg animate, math, object, embed, base, "
    + "meta[http-equiv=refresh i]";
  document.querySelectorAll(injected).forEach(e => found.push(e.outerHTML.slice(0, 80)));
  document.querySelectorAll("style").forEach(s => {
    if (/@import|evil/.test(s.textContent)) found.push("style: " + s.textContent.slice(0, 80));
  });
  document.querySelectorAll("script").forEach(s => {
    if (/__xss/.test(s.textContent)) found.push("script: " + s.textContent);
  });
  return found;
}"""
ALL = tuple(range(len(XSS_PAYLOADS)))


def _url(where: str, hostile: Built, server: LiveServer, tmp_path: Path) -> str:
    sid = hostile.story_ids()[0]
    if where == "briefing file":
        return hostile.briefing_file(sid, tmp_path / "hostile.html").as_uri()
    if where == "web story":
        return f"{server.url}/stories/{sid}"
    if where == "web article":
        return f"{server.url}/articles/{next(iter(hostile.store.articles())).id}"
    if where == "web search":
        return f"{server.url}/search?{urlencode({'q': 'Lowtown boats'})}"
    raise ValueError(where)


@pytest.mark.parametrize(
    "where, shown",
    [
        ("briefing file", ALL),  # the article's text in full, with the payloads in its sentences
        ("web story", ALL),  # the briefing as the web UI serves it (CSP header and meta)
        ("web article", ALL),
        ("web search", (0, 1)),  # the title (payload 0) and the outlet (payload 1) of the hit
    ],
)
def test_payloads_stay_text(
    hostile: Built,
    hostile_server: LiveServer,
    open_page: Callable[..., Watched],
    tmp_path: Path,
    where: str,
    shown: tuple[int, ...],
) -> None:
    watched = open_page()
    page = watched.page
    page.goto(_url(where, hostile, hostile_server, tmp_path), wait_until="load")
    _assert_nothing_ran(watched)
    # the briefing keeps each article's text in a collapsed <details> (issue 15): open them, as a reader does
    page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")
    _assert_nothing_ran(watched)
    text = page.locator("body").inner_text()
    missing = [XSS_PAYLOADS[i] for i in shown if XSS_PAYLOADS[i] not in text]
    assert not missing, f"payloads not shown as text on the {where}: {missing}"
    if where == "web search":
        assert page.locator("li.hit").count() >= 1
        assert XSS_PAYLOADS[0] in page.locator("li.hit a.hit-link").first.inner_text()


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_payload_typed_into_search_stays_text(
    hostile_server: LiveServer, open_page: Callable[..., Watched], payload: str
) -> None:
    watched = open_page()
    page = watched.page
    page.goto(f"{hostile_server.url}/search")
    box = page.locator("form#search-form input[name=q]")
    box.fill(payload)
    box.press("Enter")
    page.wait_for_url("**/search?*")
    page.wait_for_load_state("load")
    _assert_nothing_ran(watched)
    assert page.locator("form#search-form input[name=q]").input_value() == payload


def _assert_nothing_ran(watched: Watched) -> None:
    page = watched.page
    assert page.evaluate("typeof window.__xss") == "undefined", "a payload ran"
    assert not watched.dialogs, watched.dialogs
    assert not watched.errors, watched.errors
    assert page.evaluate(_INJECTED) == []
    stray = [url for url in watched.requests if url.rstrip("/").endswith("/x") or url.startswith("javascript:")]
    assert not stray, stray
    assert not watched.csp_violations(), f"CSP violations: {watched.csp_violations()}"
