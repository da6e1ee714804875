"""The web pages and API mark a date estimated from an article's text, and show an undated article as
undated (issue 11)."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from storyline.store import Store
from storyline.web import create_app

from ..brief.dates import ESTIMATED, EVIDENCE, STATED, extractions, story
from ..brief.dates import dated_story as _dated_story

MARK = f"≈ {ESTIMATED} (estimated)"


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> TestClient:
    path: Path = tmp_path_factory.mktemp("dates") / "dates.db"
    data, exs = _dated_story()
    with Store(path) as store:
        for ex in exs:
            store.add(ex)
        store.save_story(story(exs), "hash", data)
    return TestClient(create_app(str(path), allowed_hosts=["testserver"]))


def _ids() -> dict[str, str]:
    return {str(e.article.outlet): e.article.id for e in extractions()}


def test_article_page_marks_the_estimate_with_its_evidence(client: TestClient) -> None:
    page = client.get(f"/articles/{_ids()['Lowtown Courier']}").text
    assert f'title="estimated from the article\'s text: {" · ".join(EVIDENCE)}">{MARK}</span>' in page
    assert client.get(f"/articles/{_ids()['River Gazette']}").text.count('<span class="undated">undated</span>') == 1


def test_article_list_marks_estimates(client: TestClient) -> None:
    page = client.get("/articles").text
    assert MARK in page and '<span class="undated">undated</span>' in page and str(STATED) in page


def test_story_list_marks_an_estimated_first_date(client: TestClient) -> None:
    page = client.get("/").text
    assert MARK in page


def test_story_page_marks_estimates(client: TestClient) -> None:
    page = client.get("/stories/sdates000001").text
    assert MARK in page and "undated" in page


def test_api_flags_estimates(client: TestClient) -> None:
    articles = {a["outlet"]: a for a in client.get("/api/articles").json()}
    assert articles["Lowtown Courier"]["published_estimated"] is True
    assert articles["Valley Herald"]["published_estimated"] is False
    assert articles["River Gazette"]["published"] is None
    [summary] = client.get("/api/stories").json()
    assert summary["first_published_estimated"] and not summary["last_published_estimated"]
    story_articles = {a["outlet"]: a for a in client.get("/api/stories/sdates000001").json()["articles"]}
    assert story_articles["Lowtown Courier"]["published_estimate"] == str(ESTIMATED)
    assert story_articles["River Gazette"]["published_estimate"] is None
