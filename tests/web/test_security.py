from __future__ import annotations

import importlib.machinery
import sys
import types
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from storyline.store import Store
from storyline.web import create_app
from storyline.web.security import briefing_csp, csp_hash, inline_scripts, trusted_scripts

JS = "document.body.dataset.ready = '1';"


@pytest.mark.parametrize(
    ("page", "expected"),
    [
        (f"<script>{JS}</script>", [JS]),
        (f'<script type="text/javascript">{JS}</script>', [JS]),
        (f"<SCRIPT type=module>{JS}</SCRIPT >", [JS]),
        ('<script type="application/json">{"a": 1}</script>', []),  # a data block does not run
        ('<script src="/static/x.js"></script>', []),  # external: allowed by 'self', not by hash
        ("<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>", []),  # escaped text is not a script
        ("<style>p{}</style>", []),
    ],
)
def test_inline_scripts(page: str, expected: list[str]) -> None:
    assert inline_scripts(page) == expected


def test_csp_hash_is_the_browser_hash() -> None:
    # sha256 of "alert(1)" in base64, as a browser computes it for <script>alert(1)</script>
    assert csp_hash("alert(1)") == "'sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI='"


@pytest.fixture
def brief_dir(tmp_path: Path) -> Path:
    pkg = tmp_path / "brief"
    (pkg / "static").mkdir(parents=True)
    (pkg / "templates").mkdir()
    (pkg / "static" / "briefing.js").write_text(JS + "\n", encoding="utf-8")
    (pkg / "templates" / "page.html").write_text(
        "<script>const fixed = 1;</script><script>const v = {{ value }};</script>", encoding="utf-8"
    )
    return pkg


def test_trusted_scripts_are_the_package_files(brief_dir: Path) -> None:
    assert trusted_scripts(str(brief_dir)) == frozenset({JS, "const fixed = 1;"})  # not the templated one


@pytest.mark.parametrize(
    ("page", "allowed", "blocked"),
    [
        (f"<script>\n{JS}\n</script>", [f"\n{JS}\n"], []),
        (f"<script>{JS}</script><script>alert(1)</script>", [JS], ["alert(1)"]),  # an injected script stays out
        ("<script>const v = 2;</script>", [], ["const v = 2;"]),  # templated: its text varies, never trusted
        ('<script type="application/json">{"x": "</p>"}</script>', [], []),
    ],
)
def test_briefing_csp_hashes_only_trusted_scripts(
    brief_dir: Path, page: str, allowed: list[str], blocked: list[str]
) -> None:
    csp = briefing_csp(page, trusted_scripts(str(brief_dir)))
    assert "'unsafe-inline'" not in csp.split("script-src")[1].split(";")[0]
    for body in allowed:
        assert csp_hash(body) in csp
    for body in blocked:
        assert csp_hash(body) not in csp


def _store_with_story(db: Path, label: str = "Label") -> None:
    """A store holding one story "s1" with no articles."""
    from storyline.model import Story

    story = Story("s1", label, (), (), None, None)
    with Store(db) as store:
        store.save_story(story, "h", {"story": story.to_dict()})


def _fake_brief(monkeypatch: pytest.MonkeyPatch, package_dir: Path, context: Any, render: Any) -> None:
    """Install a stand-in ``storyline.brief`` whose files live in ``package_dir``."""
    fake = types.ModuleType("storyline.brief")
    fake.__file__ = str(package_dir / "__init__.py")
    fake.__spec__ = importlib.machinery.ModuleSpec("storyline.brief", None, origin=fake.__file__)
    fake.briefing_context = context  # type: ignore[attr-defined]
    fake.render_html = render  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "storyline.brief", fake)


def test_story_route_serves_the_briefing_with_its_csp(
    tmp_path: Path, brief_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The story page serves storyline.brief's page when that package is importable."""
    db = tmp_path / "s.db"
    _store_with_story(db)
    _fake_brief(
        monkeypatch,
        brief_dir,
        lambda store, story_id: {"id": story_id},
        lambda ctx: f"<p>{ctx['id']}</p><script>{JS}</script><script>alert(1)</script>",
    )
    response = TestClient(create_app(str(db), allowed_hosts=["testserver"])).get("/stories/s1")
    # inside the site's layout (issue 15): its header and search, then the briefing
    assert response.status_code == 200 and '<div class="briefing"><p>s1</p>' in response.text
    assert 'class="site-header"' in response.text and 'role="search"' in response.text
    csp = response.headers["content-security-policy"]
    assert csp_hash(JS) in csp and csp_hash("alert(1)") not in csp
    assert response.headers["x-frame-options"] == "DENY"


def test_story_route_falls_back_when_the_briefing_fails(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "s.db"
    _store_with_story(db, "Plain label")
    _fake_brief(monkeypatch, tmp_path, lambda store, story_id: 1 / 0, str)
    response = TestClient(create_app(str(db), allowed_hosts=["testserver"])).get("/stories/s1")
    assert response.status_code == 200 and "<h1>Plain label</h1>" in response.text
    assert "script-src 'self';" in response.headers["content-security-policy"]


def test_story_briefing_is_rendered_once_until_the_story_is_rebuilt(
    tmp_path: Path, brief_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Story pages come from a cache of rendered briefings keyed by when the story was built."""
    db = tmp_path / "s.db"
    _store_with_story(db)
    rendered: list[str] = []
    _fake_brief(
        monkeypatch,
        brief_dir,
        lambda store, story_id: {"id": story_id},
        lambda ctx: rendered.append(ctx["id"]) or f"<p>{ctx['id']} v{len(rendered)}</p>",
    )
    client = TestClient(create_app(str(db), allowed_hosts=["testserver"]))

    def shown() -> str:
        body = client.get("/stories/s1").text
        return body[body.index('<div class="briefing">') :].split("</div>")[0]

    assert [shown() for _ in range(3)] == ['<div class="briefing"><p>s1 v1</p>'] * 3
    with Store(db) as store:  # rebuilt: a new built_at
        store.conn.execute("UPDATE stories SET built_at = '2999-01-01T00:00:00Z' WHERE id = 's1'")
        store.conn.commit()
    assert shown() == '<div class="briefing"><p>s1 v2</p>'
    assert rendered == ["s1", "s1"]


def test_concurrent_requests_for_one_story_render_it_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Under load, the first requests for a story must not all render it at once (a cache stampede made the
    99th percentile of bench/load.py 21 s)."""
    import threading
    import time

    from storyline.web import app as web_app

    db = tmp_path / "s.db"
    _store_with_story(db)
    calls: list[str] = []

    def slow_render(store: Store, story_id: str) -> str:
        calls.append(story_id)
        time.sleep(0.2)
        return f"<p>{story_id}</p>"

    monkeypatch.setattr(web_app, "_briefing", slow_render)
    cache = web_app.BriefingCache()
    results: list[str | None] = []

    def ask() -> None:
        with Store(db) as own:
            results.append(cache.get(own, "s1"))

    threads = [threading.Thread(target=ask) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert calls == ["s1"] and results == ["<p>s1</p>"] * 8
