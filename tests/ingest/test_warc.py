"""WARC/ARC reader: 200 HTML responses become Drafts named PATH#OFFSET; damage keeps what came before."""

from __future__ import annotations

import gzip
import io
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from storyline.ingest.sources import iter_drafts
from storyline.ingest.warc import read_warc
from storyline.model import Draft, Skip
from tests.ingest.fake_pages import page

MAX = 1_000_000


def write_warc(path: Path, *, gz: bool, big: bool = False) -> list[str]:
    """A small crawl: warcinfo, a request, two article pages, a 404 page, an image, a redirect, a
    gzip-encoded page in windows-1252; returns the URIs expected as Drafts, in order."""
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=gz)
    writer.write_record(writer.create_warcinfo_record(path.name, {"software": "test"}))

    def response(uri: str, status: str, ctype: str, body: bytes, extra: list[tuple[str, str]] | None = None) -> None:
        headers = StatusAndHeaders(status, [("Content-Type", ctype), *(extra or [])], protocol="HTTP/1.1")
        writer.write_record(
            writer.create_warc_record(uri, "response", payload=io.BytesIO(body), http_headers=headers)
        )

    req = StatusAndHeaders("GET /a HTTP/1.1", [("Host", "v.example")], is_http_request=True)
    writer.write_record(writer.create_warc_record("https://v.example/a", "request", http_headers=req))
    response("https://v.example/a", "200 OK", "text/html; charset=utf-8", page("Dam holds", "Dam"))
    response("https://v.example/missing", "404 Not Found", "text/html", b"<html><p>gone</p></html>")
    response("https://v.example/logo.png", "200 OK", "image/png", b"\x89PNG\r\n\x1a\n" + b"\0" * 100)
    response("https://v.example/old", "301 Moved Permanently", "text/html", b"", [("Location", "/b")])
    response("https://v.example/b", "200 OK", "text/html", page("Rain eases", "Rain") * (20 if big else 1))
    body = page("Caf\u00e9 owners count the cost", "Caf\u00e9 \u201cquotes\u201d").decode().encode("cp1252")
    response(
        "https://v.example/c", "200 OK", "text/html; charset=windows-1252", gzip.compress(body),
        [("Content-Encoding", "gzip")],
    )
    path.write_bytes(out.getvalue())
    return ["https://v.example/a", "https://v.example/b", "https://v.example/c"]


@pytest.mark.parametrize("gz", [False, True], ids=["warc", "warc.gz"])
def test_html_200_responses_become_drafts_named_by_offset(tmp_path: Path, gz: bool) -> None:
    path = tmp_path / ("crawl.warc.gz" if gz else "crawl.warc")
    uris = write_warc(path, gz=gz)
    out = list(read_warc(path, max_bytes=MAX))
    assert all(isinstance(d, Draft) for d in out)
    assert [d.url for d in out] == uris
    assert "Flood waters rose again" in out[0].raw and "Rain: " in out[1].raw
    assert "Caf\u00e9 \u201cquotes\u201d" in out[2].raw  # gzip body, charset from the HTTP header
    # PATH#OFFSET points at the record: reading from that offset gives the same URI
    for draft in out:
        name, offset = draft.source.rsplit("#", 1)
        assert name == str(path)
        with path.open("rb") as fh:
            fh.seek(int(offset))
            record = next(iter(ArchiveIterator(fh)))
            assert record.rec_headers.get_header("WARC-Target-URI") == draft.url


@pytest.mark.parametrize("gz", [False, True], ids=["warc", "warc.gz"])
@pytest.mark.parametrize("keep", [0.97, 0.8, 0.6])
def test_truncated_archive_keeps_earlier_records_and_adds_one_skip(tmp_path: Path, gz: bool, keep: float) -> None:
    whole = tmp_path / ("whole.warc.gz" if gz else "whole.warc")
    write_warc(whole, gz=gz)
    complete = [d.url for d in read_warc(whole, max_bytes=MAX) if isinstance(d, Draft)]
    cut = tmp_path / ("cut.warc.gz" if gz else "cut.warc")
    data = whole.read_bytes()
    cut.write_bytes(data[: int(len(data) * keep)])
    out = list(read_warc(cut, max_bytes=MAX))
    drafts = [d.url for d in out if isinstance(d, Draft)]
    skips = [s for s in out if isinstance(s, Skip)]
    assert drafts == complete[: len(drafts)] and len(drafts) < len(complete)
    assert len(skips) == 1 and skips[0].source == str(cut)
    assert "truncated" in skips[0].reason


def test_every_cut_point_is_reported(tmp_path: Path) -> None:
    """Cutting a gzipped archive anywhere but between records is always reported (warcio alone would
    pass over some of these silently)."""
    whole = tmp_path / "w.warc.gz"
    write_warc(whole, gz=True)
    data = whole.read_bytes()
    boundaries = set()
    with whole.open("rb") as fh:
        it = ArchiveIterator(fh)
        for _ in it:
            boundaries.add(it.get_record_offset() + it.get_record_length())
    cut = tmp_path / "c.warc.gz"
    for n in range(50, len(data), 61):
        cut.write_bytes(data[:n])
        skips = [s for s in read_warc(cut, max_bytes=MAX) if isinstance(s, Skip) and s.source == str(cut)]
        assert len(skips) == (0 if n in boundaries else 1), n


def test_oversize_record_is_a_skip_and_the_rest_read(tmp_path: Path) -> None:
    path = tmp_path / "big.warc.gz"
    write_warc(path, gz=True, big=True)
    out = list(read_warc(path, max_bytes=20_000))
    assert [d.url for d in out if isinstance(d, Draft)] == ["https://v.example/a", "https://v.example/c"]
    [skip] = [s for s in out if isinstance(s, Skip)]
    assert skip.source.startswith(f"{path}#") and "over the 0.0 MB limit" in skip.reason


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty file"),
        (b"this is not an archive\n" * 5, "not a WARC"),
        (gzip.compress(b"neither is this\n"), "not a WARC"),
    ],
    ids=["empty", "text", "gzipped-text"],
)
def test_not_an_archive(tmp_path: Path, data: bytes, reason: str) -> None:
    path = tmp_path / "x.warc.gz"
    path.write_bytes(data)
    [skip] = list(read_warc(path, max_bytes=MAX))
    assert skip.source == str(path) and reason in skip.reason


def test_archives_are_dispatched_from_directories(tmp_path: Path) -> None:
    write_warc(tmp_path / "a.warc", gz=False)
    write_warc(tmp_path / "b.warc.gz", gz=True)
    out = list(iter_drafts([tmp_path], max_bytes=MAX))
    assert len(out) == 6 and all(isinstance(d, Draft) for d in out)
    assert {d.source.rsplit("#", 1)[0] for d in out} == {str(tmp_path / "a.warc"), str(tmp_path / "b.warc.gz")}


@pytest.mark.parametrize("gz", [False, True], ids=["warc", "warc.gz"])
def test_decompression_bomb_record_is_a_skip_and_memory_stays_bounded(tmp_path: Path, gz: bool) -> None:
    """A 50 KB gzip-encoded HTTP body that inflates to 50 MB: read up to the cap, skipped, the next page read."""
    import resource

    out = io.BytesIO()
    writer = WARCWriter(out, gzip=gz)
    bomb = gzip.compress(b"<p>" + b"a" * 50_000_000 + b"</p>")
    assert len(bomb) < 100_000
    for uri, body, extra in [
        ("https://v.example/bomb", bomb, [("Content-Encoding", "gzip")]),
        ("https://v.example/a", page("Dam holds", "Dam"), []),
    ]:
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html"), *extra], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(uri, "response", payload=io.BytesIO(body), http_headers=headers))
    path = tmp_path / ("bomb.warc.gz" if gz else "bomb.warc")
    path.write_bytes(out.getvalue())
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    items = list(read_warc(path, max_bytes=1_000_000))
    grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    [skip] = [i for i in items if isinstance(i, Skip)]
    assert "over the 1.0 MB limit" in skip.reason
    assert [d.url for d in items if isinstance(d, Draft)] == ["https://v.example/a"]
    assert grown_mb < 40  # the 50 MB body was never held whole
