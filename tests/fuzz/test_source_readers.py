"""Feeds, sitemaps, URL lists and WARC archives on hostile bytes: records or Skips, never an exception.

Nothing here touches the network: feed entries and sitemap URLs would be fetched through a Fetcher, so
the fuzzed documents are only parsed (``parse_feed``, ``parse_sitemap``) and WARC files are read from disk.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storyline.errors import InputError
from storyline.ingest.feeds import parse_feed
from storyline.ingest.sitemaps import parse_sitemap
from storyline.ingest.urls import read_url_list
from storyline.ingest.warc import read_warc
from storyline.model import Draft, Skip

from ..ingest.test_warc import write_warc
from .conftest import count
from .strategies import any_text, hostile_text

FAST = settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])

FEED_PARTS = ["<?xml version='1.0'?>", "<rss version='2.0'>", "</rss>", "<channel>", "</channel>", "<item>",
              "</item>", "<title>", "</title>", "<link>", "</link>", "https://a.example/x", "<pubDate>",
              "Tue, 11 Mar 2025 10:00:00 GMT", "</pubDate>", "<feed xmlns='http://www.w3.org/2005/Atom'>", "</feed>",
              "<entry>", "</entry>", "<content type='html'>", "</content>", "<![CDATA[", "]]>", "&amp;", "&bogus;",
              "<!DOCTYPE x [<!ENTITY e SYSTEM 'file:///etc/passwd'>]>", "&e;", "<urlset>", "</urlset>", "<url>",
              "</url>", "<loc>", "</loc>", "<sitemapindex>", "<sitemap>", "<lastmod>2025-03-11</lastmod>"]  # fmt: skip
xml_doc = st.lists(st.one_of(st.sampled_from(FEED_PARTS), hostile_text), max_size=40).map(
    lambda parts: "".join(parts).encode("utf-8", "surrogatepass")
)


@FAST
@given(st.one_of(xml_doc, st.binary(max_size=400)))
def test_feed_parser(data: bytes) -> None:
    count("feed parser")
    try:
        feed = parse_feed(data, source="f.xml")
    except InputError as exc:
        assert exc.source == "f.xml" and exc.reason
        return
    for entry in feed.entries:
        assert entry.key  # every entry can be remembered as seen


@FAST
@given(st.one_of(xml_doc, st.binary(max_size=400)))
def test_sitemap_parser(data: bytes) -> None:
    count("sitemap parser")
    try:
        sitemap = parse_sitemap(data, source="s.xml")
    except InputError as exc:
        assert exc.source == "s.xml" and exc.reason
        return
    assert b"root:" not in repr(sitemap).encode()  # no external entity was ever read


@FAST
@given(st.lists(st.one_of(st.sampled_from(["https://a.example/1", "http://b.example/x?y=1", "# note", ""]), any_text),
                max_size=12).map("\n".join))  # fmt: skip
def test_url_list(text: str) -> None:
    count("url list")
    for item in read_url_list(text, source="l.urls"):
        assert isinstance(item, Skip) or item.startswith(("http://", "https://"))


def _good_warc(gz: bool) -> bytes:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / ("w.warc.gz" if gz else "w.warc")
        write_warc(path, gz=gz)
        return path.read_bytes()


GOOD = {gz: _good_warc(gz) for gz in (False, True)}


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.booleans(),
    st.lists(st.tuples(st.integers(min_value=0), st.binary(min_size=0, max_size=8)), max_size=4),
    st.integers(min_value=0),
)
def test_warc_reader_on_damaged_archives(gz: bool, edits: list[tuple[int, bytes]], cut: int) -> None:
    """A real archive with bytes overwritten at random places and cut at a random length."""
    count("warc reader")
    data = bytearray(GOOD[gz])
    for at, patch in edits:
        at %= len(data)
        data[at : at + len(patch)] = patch
    data = data[: len(data) - cut % (len(data) // 2 + 1)]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / ("w.warc.gz" if gz else "w.warc")
        path.write_bytes(bytes(data))
        for item in read_warc(path, max_bytes=1_000_000):
            assert isinstance(item, (Draft, Skip))
            if isinstance(item, Skip):
                assert item.source.startswith(str(path)) and item.reason


@FAST
@given(st.binary(max_size=300))
def test_warc_reader_on_garbage(data: bytes) -> None:
    count("warc reader")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "g.warc.gz"
        path.write_bytes(data)
        items = list(read_warc(path, max_bytes=1_000_000))
        assert all(isinstance(i, Skip) for i in items) or not data
