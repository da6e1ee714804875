"""RSS/Atom: entries with full text read directly, the others fetched; broken feeds become Skips; files and
URLs dispatched to the feed reader by their root element."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from storyline.config import Settings
from storyline.errors import InputError
from storyline.ingest.feeds import MIN_CONTENT_WORDS, parse_feed, read_feed
from storyline.ingest.fetch import Fetcher
from storyline.ingest.sources import iter_drafts, xml_root
from storyline.model import Draft, Skip
from tests.ingest.fake_pages import page, paragraphs
from tests.ingest.local_server import LocalServer, Reply

FAST = Settings(fetch_interval=0, fetch_backoff=0.001, fetch_tries=2, allow_private=True)

def rss(items: str, title: str = "Valley Times - News") -> bytes:
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>'
        f"<title>{title}</title><link>http://valley.example/</link>{items}</channel></rss>"
    ).encode()


def item(link: str, title: str, *, full: str | None = None, summary: str = "A short teaser.", date: str = "") -> str:
    content = f"<content:encoded><![CDATA[{full}]]></content:encoded>" if full else ""
    pub = f"<pubDate>{date}</pubDate>" if date else ""
    return (
        f"<item><title>{title}</title><link>{link}</link><guid>{link}</guid>{pub}"
        f"<dc:creator>Ana Popescu</dc:creator><description>{summary}</description>{content}</item>"
    )


@pytest.fixture
def server() -> Iterator[LocalServer]:
    with LocalServer().running() as srv:
        yield srv


def test_rss_entries_full_text_read_directly_others_fetched(server: LocalServer) -> None:
    server.route("/a2", Reply(200, page("Dam holds as rain eases", "Dam"), {"Content-Type": "text/html"}))
    feed = rss(
        item(server.url("/a1"), "River floods valley", full=paragraphs("Flood"), date="Fri, 08 Nov 2024 09:00:00 GMT")
        + item(server.url("/a2"), "Dam holds", date="Sat, 09 Nov 2024 10:00:00 +0000")
        + item(server.url("/gone"), "Removed story")
    )
    with Fetcher(FAST) as fetcher:
        out = list(read_feed(feed, source="feed.rss", fetcher=fetcher))
    first, second, third = out
    assert isinstance(first, Draft) and isinstance(second, Draft)
    assert server.hits("/a1") == 0  # full text in the feed: the page is not fetched
    assert (first.source, first.url, first.title, first.byline) == (
        server.url("/a1"), server.url("/a1"), "River floods valley", "Ana Popescu"
    )
    assert first.published == dt.date(2024, 11, 8) and first.outlet == "Valley Times - News"
    assert "Flood waters rose again on Friday" in first.raw
    assert second.source == server.url("/a2") and "Engineers inspected the old dam" in second.raw
    assert second.published == dt.date(2024, 11, 9)  # the feed's date wins over a guess from the page
    assert second.byline == "Ana Popescu"
    assert isinstance(third, Skip) and third.source == server.url("/gone") and "HTTP 404" in third.reason


def test_atom_entry_with_full_content() -> None:
    atom = (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        "<title>Harbour Daily</title><entry><title>Bridge reopens</title>"
        '<link rel="alternate" href="https://harbour.example/bridge"/><id>urn:uuid:1</id>'
        "<published>2024-11-10T08:00:00Z</published><author><name>Ion Rusu</name></author>"
        f'<content type="html"><![CDATA[{paragraphs("Bridge")}]]></content></entry></feed>'
    ).encode()
    [entry] = parse_feed(atom, source="h.atom").entries
    assert (entry.key, entry.title, entry.author, entry.published) == (
        "https://harbour.example/bridge", "Bridge reopens", "Ion Rusu", dt.date(2024, 11, 10)
    )
    with Fetcher(FAST) as fetcher:
        [draft] = list(read_feed(atom, source="h.atom", fetcher=fetcher))
    assert isinstance(draft, Draft) and draft.outlet == "Harbour Daily" and "Bridge: Flood waters" in draft.raw


@pytest.mark.parametrize(
    ("words", "full"),
    [(MIN_CONTENT_WORDS - 1, False), (MIN_CONTENT_WORDS, True), (20, False), (600, True)],
)
def test_entry_content_counts_as_the_article_from_the_threshold(words: int, full: bool) -> None:
    body = "<p>" + " ".join(f"w{i}" for i in range(words)) + "</p>"
    [entry] = parse_feed(rss(item("https://x.example/1", "T", full=body)), source="f").entries
    assert (entry.content is not None) is full


@pytest.mark.parametrize(
    "data",
    [
        b'<?xml version="1.0"?><rss><<<>>> not xml',
        b"<rss version='2.0'><channel><title>x</title></chan",
        b"\x00\x01\x02 binary",
    ],
)
def test_malformed_feed_with_no_entries_is_an_error(data: bytes) -> None:
    with pytest.raises(InputError, match="malformed feed"):
        parse_feed(data, source="bad.rss")


def test_partly_broken_feed_keeps_the_entries_that_parsed(caplog: pytest.LogCaptureFixture) -> None:
    good = rss(item("https://x.example/1", "One") + item("https://x.example/2", "Two"))
    cut = good[: good.index(b"</channel>")] + b"<item><title>Thr"  # truncated mid-entry
    with caplog.at_level(logging.INFO, logger="storyline"):
        feed = parse_feed(cut, source="cut.rss", url="https://x.example/feed")
    assert feed.problem and [e.key for e in feed.entries][:2] == ["https://x.example/1", "https://x.example/2"]
    assert [r.getMessage() for r in caplog.records if "malformed" in r.getMessage()] == [
        f"cut.rss: feed partly malformed, kept 3 entries ({feed.problem})"
    ]


@pytest.mark.parametrize(
    "content_type",
    ["application/rss+xml", "application/rss+xml; charset=utf-8", "application/xml", "text/xml",
     "text/xml; charset=UTF-8", "text/html; charset=iso-8859-1"],
)
def test_a_correct_fetched_feed_logs_no_malformed_warning(
    server: LocalServer, caplog: pytest.LogCaptureFixture, content_type: str
) -> None:
    """Issue 12, item 13: every fetched feed used to log "partly malformed" (feedparser's NonXMLContentType,
    raised because it was handed a Content-Location header without a Content-Type). Whatever type the
    server states, a correct feed is no problem; the bytes decide the encoding."""
    full = paragraphs("Café")  # non-ASCII: a text/xml type read as US-ASCII would garble it
    data = rss(item("/a1", "Crue à Bâle", full=full))
    feed_url = server.route("/feed", Reply(200, data, {"Content-Type": content_type}))
    with caplog.at_level(logging.DEBUG, logger="storyline"):
        [draft] = list(iter_drafts([feed_url], settings=FAST))
    assert isinstance(draft, Draft) and draft.source == server.url("/a1")  # the relative link resolved
    assert draft.title == "Crue à Bâle" and "Café: Flood waters" in draft.raw
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING or "malformed" in r.getMessage()]


@pytest.mark.parametrize(
    "data",
    [
        rss(item("https://x.example/1", "Crue à Bâle")).replace(b' encoding="utf-8"', b"").decode().encode("utf-16"),
        rss(item("https://x.example/1", "Crue à Bâle")).replace(b' encoding="utf-8"', b"").decode().encode("cp1252"),
    ],
    ids=["utf-16-bom-without-declaration", "windows-1252-without-declaration"],
)
def test_an_encoding_guess_is_a_note_not_a_malformed_feed(data: bytes, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger="storyline"):
        feed = parse_feed(data, source="f.rss", url="https://x.example/feed")
    assert feed.problem is None and feed.entries[0].title == "Crue à Bâle"
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]


def test_entry_without_link_or_full_text_is_a_skip() -> None:
    data = rss("<item><title>Only a title</title><description>short</description></item>")
    with Fetcher(FAST) as fetcher:
        [skip] = list(read_feed(data, source="f.rss", fetcher=fetcher))
    assert skip == Skip("f.rss#entry-0", "feed entry has no link and no full text")


def test_feed_files_and_urls_are_dispatched_by_root(server: LocalServer, tmp_path: Path) -> None:
    server.route("/a", Reply(200, page("Dam holds", "Dam"), {"Content-Type": "text/html; charset=utf-8"}))
    data = rss(item(server.url("/a"), "Dam holds"))
    feed_url = server.route("/feed", Reply(200, data, {"Content-Type": "application/rss+xml"}))
    for suffix in (".rss", ".xml", ".atom"):
        (tmp_path / f"f{suffix}").write_bytes(data)
    (tmp_path / "bad.xml").write_bytes(b'<?xml version="1.0"?><config><a/></config>')
    (tmp_path / "broken.rss").write_bytes(b"<rss><<< nope")
    out = list(iter_drafts([feed_url, tmp_path], settings=FAST))
    drafts = [d for d in out if isinstance(d, Draft)]
    assert len(drafts) == 4 and all(d.source == server.url("/a") for d in drafts)
    skips = {Path(s.source).name: s.reason for s in out if isinstance(s, Skip)}
    assert "neither a feed" in skips["bad.xml"] and "<config>" in skips["bad.xml"]
    assert "malformed feed" in skips["broken.rss"]


def test_url_list_fetches_each_url(server: LocalServer, tmp_path: Path) -> None:
    server.route("/a", Reply(200, page("Dam holds", "Dam"), {"Content-Type": "text/html"}))
    server.route("/b", Reply(200, page("Rain eases", "Rain"), {"Content-Type": "text/html"}))
    listing = f"# morning reads\n{server.url('/a')}\n\n{server.url('/b')}\n{server.url('/missing')}\n"
    (tmp_path / "reads.urls").write_text(listing + "not a url\n", encoding="utf-8")
    (tmp_path / "plain.txt").write_text(listing, encoding="utf-8")  # a .txt holding only URLs is a list too
    out = list(iter_drafts([tmp_path / "reads.urls", tmp_path / "plain.txt"], settings=FAST))
    assert [d.source for d in out if isinstance(d, Draft)] == [server.url("/a"), server.url("/b")] * 2
    skips = [(s.source, s.reason) for s in out if isinstance(s, Skip)]
    assert (str(tmp_path / "reads.urls") + ":6", "not an http(s) URL: 'not a url'") in skips
    assert sum("HTTP 404" in reason for _, reason in skips) == 2


def test_fetched_url_that_is_not_a_page_is_a_skip(server: LocalServer) -> None:
    url = server.route("/doc.pdf", Reply(200, b"%PDF-1.7 ...", {"Content-Type": "application/pdf"}))
    assert list(iter_drafts([url], settings=FAST)) == [
        Skip(url, "not an article page (content type 'application/pdf')")
    ]


def test_urls_are_refused_without_allow_private(server: LocalServer) -> None:
    url = server.route("/a", Reply(200, page("Dam holds", "Dam"), {"Content-Type": "text/html"}))
    [skip] = list(iter_drafts([url], settings=FAST.replace(allow_private=False)))
    assert isinstance(skip, Skip) and "a loopback address" in skip.reason and server.hits("/a") == 0


@pytest.mark.parametrize(
    ("data", "root"),
    [
        (b'<?xml version="1.0"?>\n<!-- generated --><rss version="2.0">', "rss"),
        (b'\xef\xbb\xbf<feed xmlns="http://www.w3.org/2005/Atom">', "feed"),
        (b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">', "rdf"),
        (b'<!DOCTYPE urlset [<!ENTITY a "<b>">]><urlset>', "urlset"),
        (b"<?xml-stylesheet href='s.xsl'?><sitemapindex>", "sitemapindex"),
        (b"<!DOCTYPE html>\n<html lang='en'>", "html"),
        ('<?xml version="1.0" encoding="utf-16"?><rss>'.encode("utf-16"), "rss"),
        (b"Just some text", None),
        (b'<?xml version="1.0"?>', None),
        (b"<!-- never closed", None),
        (b"", None),
    ],
)
def test_xml_root(data: bytes, root: str | None) -> None:
    assert xml_root(data) == root


def test_ingest_command_fetches_urls_only_with_allow_private(server: LocalServer, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from storyline.cli import cli

    url = server.route("/a", Reply(200, page("Dam holds", "Dam"), {"Content-Type": "text/html"}))
    db = str(tmp_path / "s.db")
    refused = CliRunner().invoke(cli, ["--db", db, "ingest", "-q", url])
    assert refused.exit_code != 0 and "a loopback address" in refused.output and server.hits("/a") == 0
    allowed = CliRunner().invoke(cli, ["--db", db, "ingest", "-q", "--allow-private", url])
    assert allowed.exit_code == 0, allowed.output
    assert "added 1," in allowed.output and server.hits("/a") == 1


def test_entry_keys_are_link_then_id_then_a_content_hash_stable_across_positions() -> None:
    linkless = "<item><title>Note</title><description>Same text.</description></item>"
    with_guid = "<item><title>G</title><guid isPermaLink='false'>tag:v.example,2024:42</guid></item>"
    linked = item("https://v.example/7", "Linked")
    keys1 = [e.key for e in parse_feed(rss(linked + with_guid + linkless), source="f").entries]
    keys2 = [e.key for e in parse_feed(rss(linkless + linked), source="f").entries]
    assert keys1[:2] == ["https://v.example/7", "tag:v.example,2024:42"]
    assert keys1[2].startswith("sha1:") and keys1[2] == keys2[0]
