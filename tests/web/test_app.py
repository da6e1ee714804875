from __future__ import annotations

import datetime as dt
import html
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from storyline.build import compare_story
from storyline.errors import StoreError
from storyline.model import Article, Claim, Extraction, NoiseSpan, Quote, Story, TimeRef, content_id
from storyline.records_json import extraction_to_json
from storyline.store import Store
from storyline.web import app as web_app
from storyline.web import create_app

# Payloads an article can carry; every page must show them as text.
PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">click</a>',
    "</textarea><script>alert(2)</script>",
    '"><svg onload=alert(4)>',
    "&lt;script&gt;alert(3)&lt;/script&gt;",
    "'-alert(5)-'",
    "{{ 7*7 }}",
]
XSS_TEXT = (
    f"Officials said {PAYLOADS[0]} that 40 homes were damaged in Lowtown on Monday. "
    f"“We need {PAYLOADS[1]} boats,” said Ana Lee. "
    f"Residents posted {PAYLOADS[2]} and {PAYLOADS[3]} online. "
    f"The notice read {PAYLOADS[4]} and {PAYLOADS[5]} and {PAYLOADS[6]} and {PAYLOADS[7]}."
)
PLAIN_TEXT = (
    "Flood waters began to recede in Lowtown on Thursday, officials said. "
    "“We are not out of danger yet,” said Mayor Helen Ortiz. About 300 homes were damaged."
)
STORY_ID = "sxss00000001"


def _span(text: str, part: str) -> tuple[int, int]:
    start = text.index(part)
    return start, start + len(part)


def xss_extraction() -> Extraction:
    text = XSS_TEXT
    art = Article(
        id=content_id(text),
        source="feeds/<script>src</script>.txt",
        raw=text,
        text=text,
        url="javascript:alert('url')",
        outlet="<b onmouseover=alert(6)>Outlet</b>",
        title="<script>alert('title')</script> Flood",
        byline="<img src=x onerror=alert('byline')>",
        published=dt.date(2025, 3, 11),
        noise=(NoiseSpan("caption", "<script>alert('noise')</script>", 0, 10),),
    )
    sentence = text[: text.index("Monday.") + len("Monday.")]
    q_start, q_end = _span(text, f"We need {PAYLOADS[1]} boats,")
    s_start, s_end = _span(text, "Ana Lee")
    c_start, c_end = _span(text, "40")
    t_start, t_end = _span(text, "Monday")
    return Extraction(
        article=art,
        quotes=(Quote(art.id, q_start, q_end, text[q_start:q_end], "direct", '<script>alert("who")</script>', "said",
                      s_start, s_end),),
        claims=(Claim(art.id, c_start, c_end, sentence, "40", "homes <i onclick=alert(7)>", 40.0, 40.0, 40.0, "homes",
                      "exact", "count", 0, len(sentence)),),
        times=(TimeRef(art.id, t_start, t_end, "Monday", dt.date(2025, 3, 10), dt.date(2025, 3, 10), "day"),),
    )  # fmt: skip


def plain_extraction() -> Extraction:
    text = PLAIN_TEXT
    art = Article(
        id=content_id(text),
        source="plain.txt",
        raw=text,
        text=text,
        url="https://example.org/flood",
        outlet="Valley Herald",
        title="Flood waters recede",
        published=dt.date(2025, 3, 14),
    )
    q_start, q_end = _span(text, "We are not out of danger yet,")
    c_start, c_end = _span(text, "About 300")
    sentence = _span(text, "About 300 homes were damaged.")
    return Extraction(
        article=art,
        quotes=(Quote(art.id, q_start, q_end, text[q_start:q_end], "direct", "Helen Ortiz", "said"),),
        claims=(Claim(art.id, c_start, c_end, text[sentence[0]:sentence[1]], "About 300", "homes", 300.0, 300.0,
                      300.0, "homes", "about", "count", *sentence),),
    )  # fmt: skip


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("web") / "web.db"
    xss, plain = xss_extraction(), plain_extraction()
    with Store(path) as store:
        store.add(xss)
        store.add(plain)
        story = Story(
            id=STORY_ID,
            label="<script>alert('label')</script> Lowtown flood",
            article_ids=(xss.article.id, plain.article.id),
            outlets=(str(xss.article.outlet), "Valley Herald"),
            first_published=dt.date(2025, 3, 11),
            last_published=dt.date(2025, 3, 14),
            key_entities=("<i>Lowtown</i>",),
        )
        store.save_story(story, "hash", compare_story(story, [xss, plain]))
    return path


@pytest.fixture(scope="module")
def client(db: Path) -> TestClient:
    return TestClient(create_app(str(db), allowed_hosts=["testserver"]))


XSS_ID = xss_extraction().article.id
PLAIN_ID = plain_extraction().article.id


class _Elements(HTMLParser):
    """Every start tag with its attributes, and the text inside each <script>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"
        if self._in_script:
            self.scripts.append("")

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False if tag == "script" else self._in_script

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts[-1] += data


def assert_no_injected_markup(body: str) -> None:
    """No payload became markup: no handler attribute, no javascript: URL, no script running alert."""
    parser = _Elements()
    parser.feed(body)
    for tag, attrs in parser.tags:
        assert not [a for a in attrs if a.startswith("on")], (tag, attrs)
        for name in ("href", "src", "action", "formaction"):
            assert not (attrs.get(name) or "").strip().lower().startswith("javascript:"), (tag, attrs)
        assert tag not in {"img", "svg", "textarea", "iframe", "object", "embed", "b", "i", "u"}, (tag, attrs)
    assert not [s for s in parser.scripts if "alert" in s]
    for raw in ("<script>alert", "<img src=x", "<svg onload", "</textarea>", "<b onmouseover", "<i onclick"):
        assert raw not in body


# -- pages and status codes --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "status", "kind"),
    [
        ("/", 200, "html"),
        ("/articles", 200, "html"),
        (f"/articles/{PLAIN_ID}", 200, "html"),
        (f"/articles/{PLAIN_ID}?hl=0-5", 200, "html"),
        (f"/articles/{PLAIN_ID}?hl=bogus", 200, "html"),
        (f"/stories/{STORY_ID}", 200, "html"),
        ("/search", 200, "html"),
        ("/search?q=flood", 200, "html"),
        ("/search?q=%22unbalanced", 200, "html"),  # searched as plain words
        ("/search?q=*", 400, "html"),
        ("/search?q=flood&from=yesterday", 400, "html"),
        ("/search?q=flood&kind=tweet", 400, "html"),
        ("/search?q=flood&offset=abc", 400, "html"),
        ("/docs", 200, "html"),
        ("/openapi.json", 200, "json"),
        ("/api/stories", 200, "json"),
        (f"/api/stories/{STORY_ID}", 200, "json"),
        ("/api/articles", 200, "json"),
        (f"/api/articles/{PLAIN_ID}", 200, "json"),
        ("/api/search?q=flood", 200, "json"),
        ("/api/search?q=NEAR(", 200, "json"),
        ("/api/search?q=", 400, "json"),
        ("/api/search?q=*", 400, "json"),
        ("/api/search?q=%22", 400, "json"),
        ("/api/search?q=flood&limit=0", 400, "json"),
        ("/api/search?q=flood&limit=abc", 400, "json"),
        ("/api/search?q=flood&offset=-1", 400, "json"),
        ("/api/search?q=flood&from=2025-02-30", 400, "json"),
        ("/nope", 404, "html"),
        ("/articles/0000000000000000", 404, "html"),
        ("/stories/s", 404, "html"),  # a prefix is not an id
        (f"/stories/{STORY_ID[:-1]}", 404, "html"),
        ("/api/nope", 404, "json"),
        ("/api/articles/0000000000000000", 404, "json"),
        ("/api/stories/nope", 404, "json"),
        ("/docs/assets/index.html", 404, "html"),
        ("/static/style.css", 200, "css"),
        ("/static/docs.js", 200, "javascript"),
    ],
)
def test_status_codes_and_security_headers(client: TestClient, url: str, status: int, kind: str) -> None:
    response = client.get(url)
    assert response.status_code == status, response.text[:300]
    assert kind in response.headers["content-type"]
    csp = response.headers["content-security-policy"]
    script_src = re.search(r"script-src ([^;]*)", csp)
    assert script_src and "'unsafe-inline'" not in script_src.group(1) and "'self'" in script_src.group(1)
    assert "frame-ancestors 'none'" in csp and "object-src 'none'" in csp
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["referrer-policy"] == "no-referrer"
    if kind == "json" and status >= 400:
        assert isinstance(response.json()["detail"], str) and response.json()["detail"]


def test_unhandled_errors_are_500_with_headers(db: Path) -> None:
    app = create_app(str(db), allowed_hosts=["testserver"])

    @app.get("/boom")
    def boom() -> None:
        raise RuntimeError("boom")

    response = TestClient(app, raise_server_exceptions=False).get("/boom")
    assert response.status_code == 500 and "boom" not in response.text
    assert response.headers["x-frame-options"] == "DENY" and "content-security-policy" in response.headers


def test_missing_store_is_refused(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no such store"):
        create_app(str(tmp_path / "missing.db"))


@pytest.mark.parametrize(
    "url",
    [
        "/static/%2e%2e/app.py",
        "/static/..%2fapp.py",
        "/static/%2e%2e%2f%2e%2e%2fsearch.py",
        "/static/..%5capp.py",
        "/static/%2fetc%2fpasswd",
        "/static//etc/passwd",
        "/docs/assets/..%2f..%2f__init__.py",
        "/docs/assets/%2e%2e",
        "/articles/..%2f..%2fetc%2fpasswd",
    ],
)
def test_path_traversal_is_refused(client: TestClient, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 404
    assert "def create_app" not in response.text and "root:" not in response.text


# -- JSON API ----------------------------------------------------------------------------------------


def test_api_article_is_the_extract_json(client: TestClient) -> None:
    with Store(client.app.state.db_path) as store:  # type: ignore[attr-defined]
        expected = extraction_to_json(store.extraction(PLAIN_ID))  # type: ignore[arg-type]
    assert client.get(f"/api/articles/{PLAIN_ID}").json() == expected


def test_api_stories_and_story(client: TestClient) -> None:
    [story] = client.get("/api/stories").json()
    assert story["id"] == STORY_ID and story["articles"] == 2
    assert client.get(f"/api/stories/{STORY_ID}").json()["story"]["id"] == STORY_ID


def test_api_search_hits_link_to_their_spans(client: TestClient) -> None:
    data = client.get("/api/search", params={"q": "danger", "kind": "quote"}).json()
    assert data["fallback"] is False and data["kinds"] == ["quote"]
    [hit] = data["hits"]
    start, end = _span(PLAIN_TEXT, "We are not out of danger yet,")
    assert (hit["start"], hit["end"], hit["speaker"]) == (start, end, "Helen Ortiz")
    assert hit["url"] == f"/articles/{PLAIN_ID}#quote-{start}-{end}"
    assert [p["text"] for p in hit["snippet"] if p["match"]] == ["danger"]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        # each sentence with "homes" is a claim's: one hit per sentence, the article match merged into it
        ({"q": "homes"}, {("claim", PLAIN_ID), ("claim", XSS_ID)}),
        ({"q": "homes", "kind": "article"}, {("article", PLAIN_ID), ("article", XSS_ID)}),
        ({"q": "homes", "kind": "article,claim", "outlet": "valley herald"}, {("claim", PLAIN_ID)}),
        ({"q": "homes", "from": "2025-03-12"}, {("claim", PLAIN_ID)}),
        ({"q": "homes", "to": "2025-03-12"}, {("claim", XSS_ID)}),
        ({"q": "danger OR boats", "speaker": "ortiz"}, {("quote", PLAIN_ID)}),
        ({"q": "homes", "outlet": "' OR 1=1 --"}, set()),
    ],
)  # fmt: skip
def test_api_search_filters(client: TestClient, params: dict[str, str], expected: set[tuple[str, str]]) -> None:
    response = client.get("/api/search", params=params)
    assert response.status_code == 200
    assert {(h["kind"], h["article_id"]) for h in response.json()["hits"]} == expected


def test_api_search_fallback_is_reported(client: TestClient) -> None:
    data = client.get("/api/search", params={"q": '"not out'}).json()
    assert data["fallback"] is True and data["expression"] == '"not" "out"'
    assert data["hits"]


# -- HTML pages --------------------------------------------------------------------------------------


def test_search_page_hooks_and_hit_links(client: TestClient) -> None:
    body = client.get("/search", params={"q": "danger"}).text
    assert 'id="search-form"' in body and 'name="q"' in body and 'value="danger"' in body
    start, end = _span(PLAIN_TEXT, "We are not out of danger yet,")
    assert re.search(r'<li class="hit hit-quote">', body)
    assert f'class="hit-link" href="/articles/{PLAIN_ID}#quote-{start}-{end}"' in body
    assert "<mark>danger</mark>" in body


def test_search_page_explains_errors_and_fallbacks(client: TestClient) -> None:
    bad = client.get("/search", params={"q": "*"})
    assert bad.status_code == 400 and "nothing to search for" in bad.text and 'id="search-form"' in bad.text
    fallback = client.get("/search", params={"q": "danger AND"}).text
    assert "not valid search syntax" in fallback and 'class="hit' in fallback


def test_article_page_anchors_and_highlight(client: TestClient) -> None:
    start, end = _span(PLAIN_TEXT, "We are not out of danger yet,")
    body = client.get(f"/articles/{PLAIN_ID}", params={"hl": "0-5"}).text
    assert f'id="quote-{start}-{end}"' in body
    assert '<span class="anchor" id="hit"></span><span class="found" title="search match">Flood</span>' in body
    assert 'href="https://example.org/flood"' in body


def test_article_page_text_is_whole(client: TestClient) -> None:
    body = client.get(f"/articles/{XSS_ID}").text
    text = re.search(r'<div class="article-text" id="text">(.*?)</div>', body, re.DOTALL)
    assert text is not None
    assert html.unescape(re.sub(r"<[^>]+>", "", text.group(1))) == XSS_TEXT


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/articles",
        f"/articles/{XSS_ID}",
        f"/articles/{XSS_ID}?hl=0-40",
        f"/stories/{STORY_ID}",
        "/search?q=alert",
        "/search?q=script",
        "/search?q=%3Cscript%3Ealert(1)%3C/script%3E",
        "/search?q=homes&speaker=%3Cscript%3Ealert(1)%3C/script%3E&outlet=%22%3E%3Cimg%20src=x%20onerror=alert(1)%3E",
        "/articles/%3Cscript%3Ealert(1)%3C%2Fscript%3E",
        f"/articles/{XSS_ID}?hl=%22%3E%3Cscript%3Ealert(1)%3C/script%3E",
    ],
)
def test_payloads_are_shown_as_text(client: TestClient, url: str) -> None:
    response = client.get(url)
    assert response.status_code in (200, 400, 404)
    assert_no_injected_markup(response.text)


def test_article_page_shows_escaped_payloads(client: TestClient) -> None:
    body = client.get(f"/articles/{XSS_ID}").text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    assert "&lt;img src=x onerror=alert(1)&gt;" in body
    assert "&lt;/textarea&gt;" in body
    assert "&amp;lt;script&amp;gt;alert(3)" in body  # entity-encoded text stays entity text, not decoded
    assert "{{ 7*7 }}" in body and "49" not in body
    assert "javascript:alert(&#39;url&#39;)" in body  # the bad URL is shown as text, never linked
    assert "&lt;script&gt;alert(&#39;noise&#39;)&lt;/script&gt;" in body  # noise listed, escaped


def test_story_fallback_page_escapes(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(web_app, "_briefing", lambda store, story_id: None)
    client.app.state.briefings.clear()  # type: ignore[attr-defined]
    body = client.get(f"/stories/{STORY_ID}").text
    assert "&lt;script&gt;alert(&#39;label&#39;)&lt;/script&gt; Lowtown flood" in body
    assert f'href="/articles/{PLAIN_ID}"' in body
    assert_no_injected_markup(body)


def test_search_snippets_escape_around_marks(client: TestClient) -> None:
    body = client.get("/search", params={"q": "alert", "kind": "article"}).text
    assert "<mark>alert</mark>" in body
    assert "&lt;script&gt;<mark>alert</mark>(1)&lt;/script&gt;" in body


SQL_INJECTIONS = ["' OR 1=1 --", "'; DROP TABLE articles; --", '" OR ""="', "%' --", "1) UNION SELECT 1--"]


@pytest.mark.parametrize("value", SQL_INJECTIONS)
@pytest.mark.parametrize("field", ["q", "outlet", "speaker", "kind", "from", "to"])
def test_sql_injection_in_any_search_parameter_is_just_a_value(client: TestClient, field: str, value: str) -> None:
    params = {"q": "homes", field: value} if field != "q" else {"q": value}
    for url in ("/search", "/api/search"):
        response = client.get(url, params=params)
        assert response.status_code in (200, 400), (url, response.text[:200])  # never a 500 from SQLite
        assert "sqlite" not in response.text.lower() and "syntax error" not in response.text.lower()
    # nothing was dropped or altered: the plain search still finds what it found before
    assert len(client.get("/api/search", params={"q": "homes"}).json()["hits"]) == 2
