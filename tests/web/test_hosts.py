"""The web app answers only requests addressed to an allowed host name (issue 12, item 7: DNS rebinding)."""

from __future__ import annotations

import asyncio
import concurrent.futures
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from click.testing import CliRunner
from fastapi.testclient import TestClient

from storyline.cli import cli
from storyline.web import create_app
from storyline.web import serve as web_serve
from storyline.web.security import HostAllowlistMiddleware, host_name

from .stores import STORY_ID, build_store
from .test_app import PLAIN_ID

LOOPBACK_MESSAGE = "this server answers only to 127.0.0.1, localhost, [::1]."


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_store(tmp_path_factory.mktemp("hosts") / "hosts.db")


@pytest.fixture(scope="module")
def client(db: Path) -> TestClient:
    """The app with its default allowlist (TestClient's own host, "testserver", is not on it)."""
    return TestClient(create_app(str(db)), base_url="http://127.0.0.1:8000")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("127.0.0.1", "127.0.0.1"),
        ("127.0.0.1:8000", "127.0.0.1"),
        ("LOCALHOST:80", "localhost"),
        ("localhost.", "localhost"),
        ("[::1]", "::1"),
        ("[::1]:8000", "::1"),
        ("::1", "::1"),
        ("[0:0:0:0:0:0:0:1]:8000", "::1"),
        ("evil.example:8000", "evil.example"),
        ("127.0.0.1.evil.example", "127.0.0.1.evil.example"),
        ("", None),
        (":8000", None),
        ("localhost:", None),
        ("localhost:http", None),
        ("localhost:8000:1", None),
        ("127.0.0.1:123456", None),
        ("[::1", None),
        ("[::1]8000", None),
        ("[::1]:", None),
    ],
)
def test_host_name(value: str, expected: str | None) -> None:
    assert host_name(value) == expected


@pytest.mark.parametrize(
    "url",
    [
        "/",
        f"/stories/{STORY_ID}",
        "/articles",
        f"/articles/{PLAIN_ID}",
        "/search?q=flood",
        "/api/stories",
        f"/api/stories/{STORY_ID}",
        "/api/articles",
        f"/api/articles/{PLAIN_ID}",
        "/api/search?q=flood",
        "/openapi.json",
        "/docs",
        "/docs/assets/swagger-ui.css",
        "/static/style.css",
        "/nope",
    ],
)
def test_every_route_refuses_another_host(client: TestClient, url: str) -> None:
    response = client.get(url, headers={"Host": "evil.example:8000"})
    assert response.status_code == 400
    assert response.text == f'Invalid Host header "evil.example:8000": {LOOPBACK_MESSAGE}'
    assert response.headers["content-type"].startswith("text/plain")
    assert response.headers["x-content-type-options"] == "nosniff" and "content-security-policy" in response.headers


@pytest.mark.parametrize(
    "host",
    [
        "evil.example",
        "127.0.0.1.evil.example",
        "localhost.evil.example:8000",
        "testserver",
        "127.0.0.2",
        "[::2]:8000",
        "0.0.0.0:8000",
        "localhost:http",
        "",
    ],
)
def test_other_hosts_are_refused(client: TestClient, host: str) -> None:
    response = client.get("/api/articles", headers={"Host": host})
    assert response.status_code == 400 and response.text.endswith(LOOPBACK_MESSAGE)
    assert PLAIN_ID not in response.text


@pytest.mark.parametrize(
    "base_url",
    [
        "http://127.0.0.1",
        "http://127.0.0.1:8000",
        "http://localhost",
        "http://localhost:8000",
        "http://LOCALHOST:8000",
        "http://[::1]",
        "http://[::1]:8000",
    ],
)
def test_loopback_hosts_are_answered(db: Path, base_url: str) -> None:
    response = TestClient(create_app(str(db)), base_url=base_url).get("/api/articles")
    assert response.status_code == 200 and response.json()[0]["id"] == PLAIN_ID


def test_the_allowlist_is_the_app_factorys_argument(db: Path) -> None:
    client = TestClient(create_app(str(db), allowed_hosts=["testserver", "box.lan"]))
    assert client.get("/").status_code == 200
    assert client.get("/", headers={"Host": "box.lan:8000"}).status_code == 200
    refused = client.get("/", headers={"Host": "127.0.0.1"})  # not listed: this app answers only to those two
    assert refused.status_code == 400 and refused.text.endswith("answers only to testserver, box.lan.")


def test_a_head_request_for_another_host_is_refused_without_body(client: TestClient) -> None:
    response = client.head("/", headers={"Host": "evil.example"})
    assert response.status_code == 400 and response.content == b""


def _asgi_get(app: Any, headers: list[tuple[bytes, bytes]]) -> tuple[int, bytes]:
    """(status, body) of a GET / with exactly these headers, straight through the ASGI interface."""
    messages: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        messages.append(message)

    scope = {"type": "http", "method": "GET", "path": "/", "raw_path": b"/", "query_string": b"", "headers": headers}
    # a thread of its own: Playwright's sync API (the browser tests) keeps an event loop running in this one
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(asyncio.run, app(scope, receive, send)).result()
    return messages[0]["status"], b"".join(m.get("body", b"") for m in messages[1:])


@pytest.mark.parametrize(
    ("headers", "message"),
    [
        ([], f"Missing Host header: {LOOPBACK_MESSAGE}"),
        ([(b"host", b"127.0.0.1"), (b"host", b"evil.example")], f'Invalid Host header "127.0.0.1": {LOOPBACK_MESSAGE}'),
    ],
)
def test_a_missing_or_repeated_host_header_is_refused(headers: list[tuple[bytes, bytes]], message: str) -> None:
    async def reached(scope: Any, receive: Any, send: Any) -> None:
        raise AssertionError("the request reached the app")

    status, body = _asgi_get(HostAllowlistMiddleware(reached), headers)
    assert (status, body.decode()) == (400, message)


def test_serve_answers_its_host_too(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`storyline serve --host ADDRESS` answers requests addressed to that address and to the loopback names."""
    served: dict[str, Any] = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **options: served.update(app=app, **options))
    result = CliRunner().invoke(cli, ["--db", str(db), "serve", "--host", "192.0.2.7", "--port", "8123"])
    assert result.exit_code == 0, result.output
    assert (served["host"], served["port"]) == ("192.0.2.7", 8123)
    client = TestClient(served["app"])
    for host in ("192.0.2.7:8123", "192.0.2.7", "127.0.0.1:8123", "localhost", "[::1]:8123"):
        assert client.get("/", headers={"Host": host}).status_code == 200, host
    refused = client.get("/", headers={"Host": "evil.example"})
    assert refused.status_code == 400
    assert refused.text.endswith("answers only to 127.0.0.1, localhost, [::1], 192.0.2.7.")


def test_serve_takes_more_names(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``serve(allowed_hosts=...)``: names to answer besides the loopback ones and the bound address."""
    served: dict[str, Any] = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **options: served.update(app=app, **options))
    web_serve(str(db), host="0.0.0.0", allowed_hosts=["box.lan"])
    client = TestClient(served["app"])
    assert client.get("/", headers={"Host": "box.lan:8000"}).status_code == 200
    assert client.get("/", headers={"Host": "192.168.1.20:8000"}).status_code == 400


def test_serve_allow_host_adds_names(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    served: dict[str, Any] = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **options: served.update(app=app, **options))
    args = ["--db", str(db), "serve", "--host", "0.0.0.0", "--allow-host", "box.lan", "--allow-host", "192.168.1.20"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    client = TestClient(served["app"])
    for host in ("box.lan", "box.lan:8000", "192.168.1.20:8000", "127.0.0.1:8000"):
        assert client.get("/", headers={"Host": host}).status_code == 200, host
    refused = client.get("/", headers={"Host": "evil.example"})
    assert refused.text.endswith("answers only to 127.0.0.1, localhost, [::1], 0.0.0.0, box.lan, 192.168.1.20.")
