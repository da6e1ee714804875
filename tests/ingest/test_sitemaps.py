"""Sitemaps: urlsets, indexes followed within bounds, Google News fields, safe XML parsing."""

from __future__ import annotations

import datetime as dt
import gzip
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from storyline.config import Settings
from storyline.errors import InputError
from storyline.ingest.fetch import Fetcher
from storyline.ingest.sitemaps import SitemapEntry, iter_sitemap_entries, parse_sitemap, read_sitemap
from storyline.ingest.sources import iter_drafts
from storyline.model import Draft, Skip
from tests.ingest.fake_pages import page
from tests.ingest.local_server import LocalServer, Reply

FAST = Settings(fetch_interval=0, fetch_backoff=0.001, fetch_tries=2, allow_private=True)
NS = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
NEWS_NS = 'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"'
XML = {"Content-Type": "application/xml"}


def urlset(*urls: str, news: bool = False) -> bytes:
    rows = []
    for i, url in enumerate(urls):
        extra = (
            f"<news:news><news:publication><news:name>Valley Times</news:name><news:language>en</news:language>"
            f"</news:publication><news:publication_date>2024-11-0{i + 1}T08:00:00+00:00</news:publication_date>"
            f"<news:title>Story {i}</news:title></news:news>"
            if news
            else ""
        )
        rows.append(f"<url><loc>{url}</loc><lastmod>2024-11-1{i}</lastmod>{extra}</url>")
    return f'<?xml version="1.0" encoding="UTF-8"?><urlset {NS} {NEWS_NS}>{"".join(rows)}</urlset>'.encode()


def index(*urls: str) -> bytes:
    rows = "".join(f"<sitemap><loc>{u}</loc></sitemap>" for u in urls)
    return f'<?xml version="1.0"?><sitemapindex {NS}>{rows}</sitemapindex>'.encode()


@pytest.fixture
def server() -> Iterator[LocalServer]:
    with LocalServer().running() as srv:
        yield srv


def test_urlset_and_news_fields() -> None:
    sm = parse_sitemap(urlset("https://v.example/a", "https://v.example/b", news=True), source="s.xml")
    assert sm.kind == "urlset"
    assert sm.entries[0] == SitemapEntry(
        url="https://v.example/a",
        lastmod=dt.date(2024, 11, 10),
        title="Story 0",
        published=dt.date(2024, 11, 1),
        outlet="Valley Times",
        language="en",
    )
    assert [e.url for e in sm.entries] == ["https://v.example/a", "https://v.example/b"]


@pytest.mark.parametrize(
    ("xml", "expected"),
    [
        # no namespace at all, odd spacing, a non-http loc dropped, a missing loc dropped
        (b"<urlset><url><loc>\n https://a.example/1 \n</loc></url><url><loc>ftp://x/y</loc></url><url/></urlset>",
         ["https://a.example/1"]),
        (b"<urlset/>", []),
        # bad lastmod is ignored, the URL kept
        (b"<urlset><url><loc>https://a.example/2</loc><lastmod>yesterday</lastmod></url></urlset>",
         ["https://a.example/2"]),
    ],
)
def test_lenient_urlsets(xml: bytes, expected: list[str]) -> None:
    assert [e.url for e in parse_sitemap(xml, source="s.xml").entries] == expected


@pytest.mark.parametrize(
    ("xml", "message"),
    [
        (b"<html><body>not a sitemap</body></html>", "XML root <html> is not a sitemap"),
        (b"", "malformed sitemap XML"),
        (b"\x1f\x8b\x08 broken gzip", "corrupt gzip data"),
    ],
)
def test_not_a_sitemap(xml: bytes, message: str) -> None:
    with pytest.raises(InputError, match=message):
        parse_sitemap(xml, source="s.xml")


def test_external_entities_are_not_resolved(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-VALUE", encoding="utf-8")
    xxe = (
        f'<?xml version="1.0"?><!DOCTYPE urlset [<!ENTITY xxe SYSTEM "file://{secret}">]>'
        "<urlset><url><loc>https://a.example/&xxe;</loc></url><url><loc>https://a.example/ok</loc></url></urlset>"
    ).encode()
    entries = parse_sitemap(xxe, source="x.xml").entries
    assert all("TOP-SECRET" not in e.url for e in entries)
    assert "https://a.example/ok" in [e.url for e in entries]


def test_billion_laughs_is_not_expanded() -> None:
    lol = ['<!ENTITY lol0 "lollollollollollollollollollol">']
    lol += [f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)]
    bomb = f'<?xml version="1.0"?><!DOCTYPE urlset [{"".join(lol)}]><urlset><url><loc>https://a.example/&lol9;</loc></url></urlset>'
    started = time.process_time()
    entries = parse_sitemap(bomb.encode(), source="bomb.xml").entries
    assert time.process_time() - started < 5  # a generous bound: expansion would be 3 GB of text
    assert all(len(e.url) < 1000 for e in entries)


def test_index_is_followed_gzip_children_read_and_failures_are_skips(server: LocalServer) -> None:
    server.route("/a", Reply(200, page("Dam holds", "Dam"), {"Content-Type": "text/html"}))
    server.route("/b", Reply(200, page("Rain eases", "Rain"), {"Content-Type": "text/html"}))
    server.route("/s1.xml", Reply(200, urlset(server.url("/a"), news=True), {"Content-Type": "application/xml"}))
    gzipped = gzip.compress(urlset(server.url("/b")))
    server.route("/s2.xml.gz", Reply(200, gzipped, {"Content-Type": "application/x-gzip"}))
    top = index(server.url("/s1.xml"), server.url("/s2.xml.gz"), server.url("/missing.xml"))
    with Fetcher(FAST) as fetcher:
        out = list(read_sitemap(top, source="index.xml", fetcher=fetcher))
    drafts = [d for d in out if isinstance(d, Draft)]
    assert [d.source for d in drafts] == [server.url("/a"), server.url("/b")]
    # news metadata: publication date and name win over the page's guesses
    assert drafts[0].published == dt.date(2024, 11, 1) and drafts[0].outlet == "Valley Times"
    [skip] = [s for s in out if isinstance(s, Skip)]
    assert skip.source == server.url("/missing.xml") and "HTTP 404" in skip.reason


def test_nested_indexes_are_bounded_and_loops_end(server: LocalServer) -> None:
    server.route("/i1.xml", Reply(200, index(server.url("/i2.xml"), server.url("/i1.xml"))))  # lists itself
    server.route("/i2.xml", Reply(200, index(server.url("/i3.xml"))))
    server.route("/i3.xml", Reply(200, urlset("https://deep.example/x")))
    top = index(server.url("/i1.xml"))
    with Fetcher(FAST) as fetcher:
        out = list(iter_sitemap_entries(top, source="top.xml", fetcher=fetcher, max_depth=2))
        deeper = list(iter_sitemap_entries(top, source="top.xml", fetcher=fetcher, max_depth=3))
    reason = f"sitemap index nested deeper than 2 levels (from {server.url('/i2.xml')})"
    itself = Skip(server.url("/i1.xml"), "sitemap index lists itself; not read again")
    assert out == [Skip(server.url("/i3.xml"), reason), itself]
    assert deeper == [SitemapEntry(url="https://deep.example/x", lastmod=dt.date(2024, 11, 10)), itself]
    assert server.hits("/i1.xml") == 2  # once per walk, not again when it lists itself


def test_a_sitemap_index_listing_itself_is_one_skip(server: LocalServer) -> None:
    """Issue 12, item 13: it used to end in "added 0, skipped 0" and no message at all."""
    url = server.url("/sitemap_index.xml")
    server.route("/sitemap_index.xml", Reply(200, index(url, url.replace("http://", "HTTP://")), XML))
    assert list(iter_drafts([url], settings=FAST)) == [Skip(url, "sitemap index lists itself; not read again")]
    assert server.hits("/sitemap_index.xml") == 1


def test_a_two_index_loop_is_one_skip_naming_the_loop(server: LocalServer) -> None:
    a, b = server.url("/a.xml"), server.url("/b.xml")
    server.route("/a.xml", Reply(200, index(b), XML))
    server.route("/b.xml", Reply(200, index(a, server.url("/s.xml")), XML))
    server.route("/s.xml", Reply(200, urlset("https://v.example/story"), XML))
    with Fetcher(FAST) as fetcher:
        out = list(iter_sitemap_entries(index(b), source=a, fetcher=fetcher))  # a's own content, fetched
    loop = f"sitemap index loop: lists {a}, which leads back here ({a} -> {b} -> {a}); not read again"
    assert out == [Skip(b, loop), SitemapEntry(url="https://v.example/story", lastmod=dt.date(2024, 11, 10))]
    assert (server.hits("/a.xml"), server.hits("/b.xml")) == (0, 1)


def test_a_loop_back_to_the_top_sitemap_url_is_caught(server: LocalServer) -> None:
    top, child = server.url("/top.xml"), server.url("/child.xml")
    server.route("/top.xml", Reply(200, index(child), XML))
    server.route("/child.xml", Reply(200, index(top), XML))
    loop = f"sitemap index loop: lists {top}, which leads back here ({top} -> {child} -> {top}); not read again"
    assert list(iter_drafts([top], settings=FAST)) == [Skip(child, loop)]


def test_a_sitemap_listed_by_two_indexes_is_read_once_without_a_skip(server: LocalServer) -> None:
    shared = server.route("/shared.xml", Reply(200, urlset("https://v.example/1"), XML))
    server.route("/x.xml", Reply(200, index(shared), XML))
    server.route("/y.xml", Reply(200, index(shared), XML))
    with Fetcher(FAST) as fetcher:
        top = index(server.url("/x.xml"), server.url("/y.xml"), shared)
        out = list(iter_sitemap_entries(top, source="top.xml", fetcher=fetcher))
    assert [e.url for e in out if isinstance(e, SitemapEntry)] == ["https://v.example/1"]
    assert not [e for e in out if isinstance(e, Skip)] and server.hits("/shared.xml") == 1


def test_sitemap_count_is_bounded(server: LocalServer) -> None:
    for i in range(5):
        server.route(f"/c{i}.xml", Reply(200, urlset(f"https://c.example/{i}")))
    top = index(*(server.url(f"/c{i}.xml") for i in range(5)))
    with Fetcher(FAST) as fetcher:
        out = list(iter_sitemap_entries(top, source="top.xml", fetcher=fetcher, max_sitemaps=3))
    assert [e.url for e in out if isinstance(e, SitemapEntry)] == [f"https://c.example/{i}" for i in range(3)]
    assert sum(isinstance(e, Skip) for e in out) == 2


def test_sitemap_files_and_urls_are_dispatched(server: LocalServer, tmp_path: Path) -> None:
    server.route("/a", Reply(200, page("Dam holds", "Dam"), {"Content-Type": "text/html"}))
    data = urlset(server.url("/a"))
    url = server.route("/sitemap.xml", Reply(200, data, {"Content-Type": "text/xml"}))
    (tmp_path / "sitemap.xml").write_bytes(data)
    (tmp_path / "sitemap.xml.gz").write_bytes(gzip.compress(data))
    out = list(iter_drafts([url, tmp_path / "sitemap.xml", tmp_path / "sitemap.xml.gz"], settings=FAST))
    assert [d.source for d in out if isinstance(d, Draft)] == [server.url("/a")] * 3
