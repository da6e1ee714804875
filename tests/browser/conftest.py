"""Fixtures of the real-browser tests: Debian chromium driven by Playwright, the stores, a live web server.

The browser is the system ``/usr/bin/chromium`` (``.ci/install-browser`` installs it); the tests skip,
saying why, when it is missing. ``playwright install`` is never needed. Two stores are built once per
session: the bundled demo corpus, and one article full of XSS payloads ingested from a ``.txt`` file.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from storyline.brief import briefing_context, render_html
from storyline.build import build
from storyline.cli import demo_corpus
from storyline.config import Settings
from storyline.pipeline import ingest_into, run
from storyline.store import Store

CHROMIUM = Path("/usr/bin/chromium")
#: Flags for chromium in a container: no sandbox (no user namespaces), no GPU, and none of the
#: background traffic (QUIC probes, component updates, sync) that would make "no request leaves the
#: page" depend on the browser rather than on the page.
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
#: Seconds a live server gets to start and to stop (it starts in well under a second).
SERVER_TIMEOUT = 15.0
#: Milliseconds Playwright waits for a page or an element (default actions timeout is 30 s; a local
#: page that takes 10 s is broken, and failing sooner keeps the suite short).
PAGE_TIMEOUT_MS = 10_000

# The hostile article: every payload is on its own in a sentence of the text, and some in the metadata.
XSS_PAYLOADS = [
    "<script>window.__xss=1</script>",
    '<img src=x onerror="window.__xss=1">',
    '<a href="javascript:window.__xss=1">x</a>',
    "</textarea><svg onload=window.__xss=1>",
    '"><iframe srcdoc="<script>parent.__xss=1</script>">',
    "&lt;script&gt;window.__xss=1&lt;/script&gt;",
    # SVG: a script inside an SVG island, and SMIL animation events
    "<svg><script>window.__xss=1</script></svg>",
    "<svg><animate onbegin=window.__xss=1 attributeName=x dur=1s></svg>",
    # CSS: old IE expression(), javascript: URLs in styles, an @import from a style element
    '<div style="width:expression(window.__xss=1);background:url(javascript:window.__xss=1)">css</div>',
    "<style>@import 'https://evil.example/x.css';body{background:url(/x)}</style>",
    # numeric-entity-encoded markup and an entity-encoded javascript: URL
    "&#60;script&#62;window.__xss=1&#60;/script&#62;",
    '<a href="&#106;avascript:window.__xss=1">entity link</a>',
    # mutation XSS through foreign content, a base hijack, a meta refresh, object/embed, a template
    "<math><mtext><table><mglyph><style><img src=x onerror=window.__xss=1>",
    '<base href="https://evil.example/"><meta http-equiv="refresh" content="0;url=javascript:window.__xss=1">',
    '<object data="javascript:window.__xss=1"></object><embed src="javascript:window.__xss=1">',
    "{{ 7*7 }} {% raw %}${7*7}",
]
XSS_TITLE = f"Flood warning {XSS_PAYLOADS[0]} for Lowtown"
XSS_FILE = f"""title: {XSS_TITLE}
outlet: Hostile {XSS_PAYLOADS[1]} Gazette
url: javascript:window.__xss=1
date: 2025-03-11
byline: {XSS_PAYLOADS[3]}

Officials in Lowtown said on Monday that {XSS_PAYLOADS[0]} 40 homes were flooded by the river.

"We need {XSS_PAYLOADS[1]} boats now," said Mayor Ana Lee, adding that 300 people had left their homes.

Residents posted {XSS_PAYLOADS[2]} and {XSS_PAYLOADS[3]} online as the water rose on Tuesday.

A notice read {XSS_PAYLOADS[4]} and {XSS_PAYLOADS[5]} on the town hall door in Lowtown.

Other notices read {" and ".join(XSS_PAYLOADS[6:])} in the same street.
"""


NO_BROWSER = f"{CHROMIUM} is missing: run `bash .ci/install-browser` (apt-get install chromium)"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "browser: drives a real browser (Debian chromium via Playwright)")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Without the browser, skip these tests before their fixtures build any store."""
    if CHROMIUM.exists():
        return
    here = Path(__file__).resolve().parent
    for item in items:
        if here in item.path.resolve().parents:
            item.add_marker(pytest.mark.skip(reason=NO_BROWSER))


# -- stores ------------------------------------------------------------------------------------------


@dataclass
class Built:
    """A built store on disk, kept open for rendering briefings in the test process."""

    path: Path
    store: Store

    def story_ids(self) -> list[str]:
        return [row["id"] for row in self.store.stories()]

    def briefing_file(self, story_id: str, out: Path) -> Path:
        """Write the story's briefing as ``storyline report`` does and return the file."""
        out.write_text(render_html(briefing_context(self.store, story_id)), encoding="utf-8")
        return out


def _build(directory: Path, inputs: list[Path]) -> Built:
    store = Store(directory / "store.db")
    ingest_into(store, run(inputs, Settings()))
    build(store)
    return Built(directory / "store.db", store)


@pytest.fixture(scope="session")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Built]:
    """The bundled demo corpus, ingested and built (its biggest story is the seeds-like dam breach)."""
    built = _build(tmp_path_factory.mktemp("demo"), [demo_corpus()])
    yield built
    built.store.close()


@pytest.fixture(scope="session")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Built]:
    """One article full of XSS payloads, ingested from a .txt file and built into a one-article story."""
    directory = tmp_path_factory.mktemp("hostile")
    (directory / "in").mkdir()
    (directory / "in" / "hostile.txt").write_text(XSS_FILE, encoding="utf-8")
    built = _build(directory, [directory / "in"])
    yield built
    built.store.close()


# -- browser -----------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Debian chromium launched headless through Playwright (skips when it is not installed)."""
    if not CHROMIUM.exists():
        pytest.skip(NO_BROWSER)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        yield chromium
        chromium.close()


# A page's own record of CSP violations (init scripts run before the page's scripts and are not
# subject to its CSP).
_CSP_LISTENER = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__cspViolations.push(e.violatedDirective + " blocked " + (e.blockedURI || "inline") +
                              (e.sample ? " (" + e.sample + ")" : ""));
});
"""


@dataclass
class Watched:
    """A page with everything it did recorded: requests, dialogs, console messages, script errors."""

    page: Any
    requests: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    console: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def csp_violations(self) -> list[str]:
        """CSP violations: the console's "Refused to …" reports and the page's violation events."""
        reported = [m for m in self.console if "Content Security Policy" in m]
        events = self.page.evaluate("window.__cspViolations || []")
        return reported + [f"event: {e}" for e in events]


@pytest.fixture
def open_page(browser: Any) -> Iterator[Callable[..., Watched]]:
    """Factory: a fresh context and page of the given viewport, watched from before the first request."""
    contexts: list[Any] = []

    def make(width: int = 1366, height: int = 900, *, mobile: bool = False) -> Watched:
        context = browser.new_context(
            viewport={"width": width, "height": height}, is_mobile=mobile, has_touch=mobile, device_scale_factor=1
        )
        context.set_default_timeout(PAGE_TIMEOUT_MS)
        context.add_init_script(_CSP_LISTENER)
        contexts.append(context)
        watched = Watched(context.new_page())

        def on_dialog(dialog: Any) -> None:
            watched.dialogs.append(f"{dialog.type}: {dialog.message}")
            dialog.dismiss()

        watched.page.on("request", lambda request: watched.requests.append(request.url))
        watched.page.on("dialog", on_dialog)
        watched.page.on("console", lambda msg: watched.console.append(f"{msg.type}: {msg.text}"))
        watched.page.on("pageerror", lambda exc: watched.errors.append(str(exc)))
        return watched

    yield make
    for context in contexts:
        context.close()


@pytest.fixture(scope="session")
def screenshots() -> Path:
    """The folder CI keeps (its .gitignore keeps the PNGs out of commits)."""
    SCREENSHOTS.mkdir(exist_ok=True)
    return SCREENSHOTS


# -- live web server ---------------------------------------------------------------------------------


class LiveServer:
    """``storyline.web.create_app(db)`` served by uvicorn on 127.0.0.1 (a free port) in a thread."""

    def __init__(self, db_path: Path) -> None:
        import uvicorn

        from storyline.web import create_app

        self.socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.socket.bind(("127.0.0.1", 0))
        port = self.socket.getsockname()[1]
        self.url = f"http://127.0.0.1:{port}"
        config = uvicorn.Config(
            create_app(str(db_path)), host="127.0.0.1", port=port, log_level="warning", access_log=False, lifespan="off"
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self.socket]}, daemon=True)

    def start(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + SERVER_TIMEOUT
        while not self.server.started and self.thread.is_alive() and time.monotonic() < deadline:
            time.sleep(0.05)
        if not self.server.started:
            self.stop()
            raise RuntimeError(f"uvicorn did not start on {self.url} within {SERVER_TIMEOUT} s")
        return self

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(SERVER_TIMEOUT)
        self.socket.close()


@pytest.fixture(scope="session")
def demo_server(demo: Built) -> Iterator[LiveServer]:
    server = LiveServer(demo.path).start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def hostile_server(hostile: Built) -> Iterator[LiveServer]:
    server = LiveServer(hostile.path).start()
    yield server
    server.stop()
