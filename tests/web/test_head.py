"""Every GET route answers HEAD: the GET's status and headers, no body (issue 12, item 13)."""

from __future__ import annotations

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from storyline.web import create_app

from .stores import STORY_ID, build_store
from .test_app import PLAIN_ID

#: A URL for each GET route of the app; a new route must be added here (the test below checks).
ROUTE_URLS = {
    "/": "/",
    "/stories/{story_id}": f"/stories/{STORY_ID}",
    "/stories/{story_id}/{name}": f"/stories/{STORY_ID}/claims.csv",
    "/articles": "/articles",
    "/articles/{article_id}": f"/articles/{PLAIN_ID}",
    "/search": "/search?q=flood",
    "/docs": "/docs",
    "/docs/assets/{name}": "/docs/assets/swagger-ui.css",
    "/openapi.json": "/openapi.json",
    "/api/stories": "/api/stories",
    "/api/stories/{story_id}": f"/api/stories/{STORY_ID}",
    "/api/articles": "/api/articles",
    "/api/articles/{article_id}": f"/api/articles/{PLAIN_ID}",
    "/api/search": "/api/search?q=flood",
}


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> FastAPI:
    db = build_store(tmp_path_factory.mktemp("head") / "head.db")
    return create_app(str(db), allowed_hosts=["testserver"])


@pytest.fixture(scope="module")
def client(app: FastAPI) -> TestClient:
    return TestClient(app)


def test_every_get_route_is_listed(app: FastAPI) -> None:
    paths = {getattr(r, "path", "") for r in app.routes if "GET" in getattr(r, "methods", ())}
    assert paths == set(ROUTE_URLS)


@pytest.mark.parametrize(
    "url",
    [*ROUTE_URLS.values(), "/static/style.css", "/static/docs.js", "/search?q=*", "/nope", "/api/articles/0000"],
)
def test_head_is_the_get_without_body(client: TestClient, url: str) -> None:
    get, head = client.get(url), client.head(url)
    assert head.status_code == get.status_code
    assert head.content == b""
    assert head.headers["content-type"] == get.headers["content-type"]
    assert head.headers["content-length"] == str(len(get.content))
    assert head.headers["content-security-policy"] == get.headers["content-security-policy"]


def test_head_of_the_story_list_is_200(client: TestClient) -> None:
    response = client.head("/")
    assert response.status_code == 200 and response.content == b""


def test_other_methods_are_still_refused(client: TestClient) -> None:
    assert client.post("/").status_code == 405
    assert client.delete("/api/stories").status_code == 405


def test_the_schema_lists_no_head_operations(client: TestClient) -> None:
    operations = {method for item in client.get("/openapi.json").json()["paths"].values() for method in item}
    assert operations == {"get"}
