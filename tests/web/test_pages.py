"""The site's pages around the records (issue 15): the story page inside the site's layout with its exports,
article pages named by headline and outlet, the search form's filters filled from the store."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from storyline.build import compare_story
from storyline.model import Article, Claim, Extraction, Quote, Story, content_id
from storyline.store import Store
from storyline.web import create_app
from storyline.web.embed import embed
from storyline.web.views import headline, page_title

STORY_ID = "spages000001"
# Invented articles: one with a headline, one without (its outlet named), one naming neither.
TEXTS = {
    "ridge": "Fire crews held the line on Kell Ridge overnight, the county said. About 40 homes were saved.",
    "valley": (
        "=SUM(A1) Smoke closed the valley school on Tuesday. “We will reopen on Friday,” said Principal Ada Moss."
    ),
    "loose": "Rain is forecast for the weekend. Crews expect it to help.",
}
TITLES = {"ridge": "Crews hold Kell Ridge", "valley": None, "loose": None}
OUTLETS = {"ridge": "Hill Times", "valley": "Valley Voice", "loose": None}


def _extraction(name: str) -> Extraction:
    text = TEXTS[name]
    article = Article(
        id=content_id(text), source=f"/home/analyst/feeds/{name}.txt", raw=text, text=text, title=TITLES[name],
        outlet=OUTLETS[name], published=dt.date(2025, 6, 2),
    )  # fmt: skip
    claims, quotes = [], []
    if name == "ridge":
        start = text.index("About 40")
        sentence = (start, len(text))
        claims.append(Claim(article.id, start, start + 8, text[start:], "About 40", "homes", 40.0, 40.0, 40.0,
                            "homes", "about", "count", *sentence))  # fmt: skip
    if name == "valley":
        start = text.index("We will")
        end = text.index(",”")
        quotes.append(Quote(article.id, start, end + 1, text[start : end + 1], "direct", "Ada Moss", "said"))
        # a figure whose sentence starts with a spreadsheet formula: the CSV must not run it
        claims.append(Claim(article.id, 0, 9, text[: text.index("Tuesday.") + 8], "=SUM(A1)", "=cmd|' /C calc'!A0",
                            1.0, 1.0, 1.0, "schools", "exact", "count", 0, text.index("Tuesday.") + 8))  # fmt: skip
    return Extraction(article=article, claims=tuple(claims), quotes=tuple(quotes))


EXTRACTIONS = {name: _extraction(name) for name in TEXTS}


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("pages") / "pages.db"
    with Store(path) as store:
        for ex in EXTRACTIONS.values():
            store.add(ex)
        members = [EXTRACTIONS["ridge"], EXTRACTIONS["valley"]]
        story = Story(STORY_ID, "Kell Ridge fire", tuple(e.article.id for e in members), ("Hill Times", "Valley Voice"),
                      dt.date(2025, 6, 2), dt.date(2025, 6, 2))  # fmt: skip
        store.save_story(story, "hash", compare_story(story, members))
    return path


@pytest.fixture(scope="module")
def client(db: Path) -> TestClient:
    return TestClient(create_app(str(db), allowed_hosts=["testserver"]))


def _title(body: str) -> str:
    return body.split("<title>", 1)[1].split("</title>", 1)[0]


# -- the story page --------------------------------------------------------------------------------------


def test_story_page_has_the_site_around_the_briefing(client: TestClient) -> None:
    body = client.get(f"/stories/{STORY_ID}").text
    header = body.split("<main", 1)[0]
    assert 'class="skip-link" href="#main"' in header and 'role="search"' in header and 'href="/"' in header
    assert body.count('id="main"') == 1 and body.count("<main") == 1  # the briefing's own main is a div
    assert '<div class="briefing">' in body and "storyline briefing" not in _title(body)
    for name in ("ridge", "valley"):  # each article of the story has its page linked
        assert f'href="/articles/{EXTRACTIONS[name].article.id}"' in body
    for export in ("briefing.html", "briefing.md", "briefing.json", "claims.csv"):
        assert f'href="/stories/{STORY_ID}/{export}" download' in body


@pytest.mark.parametrize(
    ("name", "media_type", "check"),
    [
        ("briefing.html", "text/html", lambda text: text.startswith("<!doctype html>") and "Kell Ridge" in text),
        ("briefing.md", "text/markdown", lambda text: "Kell Ridge" in text),
        ("briefing.json", "application/json", lambda text: json.loads(text)["story"]["id"] == STORY_ID),
        ("claims.csv", "text/csv", lambda text: text.startswith("group_id,status,subject")),
    ],
)
def test_story_exports_are_files_to_save(client: TestClient, name: str, media_type: str, check: object) -> None:
    response = client.get(f"/stories/{STORY_ID}/{name}")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(media_type)
    assert response.headers["content-disposition"] == f'attachment; filename="storyline-{STORY_ID}-{name}"'
    assert check(response.text)  # type: ignore[operator]


def test_claims_csv_rows_and_formula_cells(client: TestClient) -> None:
    rows = list(csv.DictReader(io.StringIO(client.get(f"/stories/{STORY_ID}/claims.csv").text)))
    by_quantity = {r["quantity"]: r for r in rows}
    ridge = by_quantity["About 40"]
    assert (ridge["outlet"], ridge["low"], ridge["hedge"], ridge["unit"]) == ("Hill Times", "40.0", "about", "homes")
    assert ridge["text"] == "About 40 homes were saved."
    formula = by_quantity["'=SUM(A1)"]  # text that would be a spreadsheet formula starts with an apostrophe
    assert formula["text"].startswith("'=SUM(A1)") and formula["subject"].startswith("'=cmd")


@pytest.mark.parametrize(
    "url",
    [f"/stories/{STORY_ID}/other.txt", f"/stories/{STORY_ID}/..%2Fclaims.csv", "/stories/snope/claims.csv"],
)
def test_unknown_exports_are_404(client: TestClient, url: str) -> None:
    assert client.get(url).status_code == 404


def test_embed_takes_the_body_and_leaves_the_document() -> None:
    document = (
        '<!doctype html><html><head><meta http-equiv="Content-Security-Policy" content="default-src \'none\'">'
        "<title>Fire &amp; smoke — storyline briefing</title><style>h1{color:red}</style></head>"
        '<body>\n<a class="skip" href="#main">Skip</a><header class="top"><h1>Fire</h1></header>'
        '<main id="main" tabindex="-1" class="b">text &lt;main&gt; stays</main><footer>f</footer>'
        "<script>go()</script></body></html>"
    )
    parts = embed(document)
    assert parts.title == "Fire & smoke" and parts.css == "h1{color:red}"
    assert parts.body == (
        '<header class="top"><h1>Fire</h1></header><div class="b">text &lt;main&gt; stays</div>'
        "<footer>f</footer><script>go()</script>"
    )
    assert "Content-Security-Policy" not in parts.body
    assert embed("<p>a fragment</p>").body == "<p>a fragment</p>"


# -- article pages ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "title", "heading"),
    [
        ("ridge", "Crews hold Kell Ridge — Hill Times · storyline", "Crews hold Kell Ridge"),
        # no headline: its opening words, never "(untitled)" nor the file's path
        ("valley", "=SUM(A1) Smoke closed the valley school on Tuesday. — Valley Voice · storyline",
         "=SUM(A1) Smoke closed the valley school on Tuesday."),
        ("loose", "Rain is forecast for the weekend. · storyline", "Rain is forecast for the weekend."),
    ],
)  # fmt: skip
def test_article_pages_are_titled_by_headline_and_outlet(client: TestClient, name: str, title: str,
                                                         heading: str) -> None:  # fmt: skip
    body = client.get(f"/articles/{EXTRACTIONS[name].article.id}").text
    assert _title(body) == title
    assert f"<h1>{heading}" in body
    assert "(untitled)" not in body and "/home/analyst" not in _title(body)


@pytest.mark.parametrize(
    ("title", "text", "outlet", "expected"),
    [
        ("  Crews   hold the ridge ", None, "X", "Crews hold the ridge"),
        (None, "One two three. Four five.", "X", "One two three."),
        (None, " ".join(f"w{i}" for i in range(20)) + ".", None, " ".join(f"w{i}" for i in range(12)) + "…"),
        (None, "", "Hill Times", "Article from Hill Times"),
        (None, None, None, "Article without a headline"),
    ],
)
def test_headline_fallbacks(title: str | None, text: str | None, outlet: str | None, expected: str) -> None:
    assert headline(title, text, outlet) == expected


def test_page_title_does_not_repeat_the_outlet() -> None:
    assert page_title(None, "", "Hill Times") == "Article from Hill Times"
    assert page_title("Ridge", "", "Hill Times") == "Ridge — Hill Times"


# -- the search form -------------------------------------------------------------------------------------


def test_search_filters_are_filled_from_the_store(client: TestClient) -> None:
    body = client.get("/search").text
    for option in ('value="Hill Times"', 'value="Valley Voice"', 'value="loose.txt"'):  # a file name: no outlet
        assert option in body
    assert '<option value="Ada Moss">' in body and 'list="speakers"' in body
    assert "Articles are dated 2025-06-02." in body
    assert "flood" not in body.lower() and "lower town" not in body  # no demo story in the examples


@pytest.mark.parametrize("query", ["10,000", "$40", "40 homes", "Kell: Ridge", "C++", "(((", '"', "NEAR("])
def test_no_query_gives_a_syntax_error_page(client: TestClient, query: str) -> None:
    response = client.get("/search", params={"q": query})
    assert "syntax error" not in response.text.lower()
    assert response.status_code == 200 or "nothing to search for" in response.text
