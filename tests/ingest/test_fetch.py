"""Fetcher: address checks, redirects, retries, timeouts, size caps, pacing and conditional GET, against a
server on 127.0.0.1 (nothing leaves the machine: refused addresses are refused before any connection)."""

from __future__ import annotations

import gzip
import ipaddress
import time
import zlib
from collections.abc import Iterator

import pytest

from storyline import __version__
from storyline.config import Settings
from storyline.errors import InputError
from storyline.ingest.fetch import Fetcher, FetchError, gunzip_capped, refusal_reason
from storyline.ingest.sources import iter_drafts
from storyline.model import Draft, Skip
from tests.ingest.fake_pages import page
from tests.ingest.local_server import LocalServer, Reply, tls_drip_server

LOOPBACK = ipaddress.ip_address("127.0.0.1")
#: Fast settings: no pacing, near-zero back-off, short timeouts.
FAST = Settings(fetch_interval=0, fetch_backoff=0.001, fetch_read_timeout=2.0, fetch_connect_timeout=2.0)


def loopback_only(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str | None:
    """The real check, except that the test server's own address is let through."""
    return None if address == LOOPBACK else refusal_reason(address)


class Recorder:
    """A fake monotonic clock that moves only when slept on, recording each sleep."""

    def __init__(self) -> None:
        self.now = 100.0
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(round(seconds, 6))
        self.now += seconds


@pytest.fixture
def server() -> Iterator[LocalServer]:
    with LocalServer().running() as srv:
        yield srv


def make(settings: Settings = FAST, **kw: object) -> Fetcher:
    kw.setdefault("address_check", loopback_only)
    return Fetcher(settings, **kw)  # type: ignore[arg-type]


# --- address classes ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("address", "expected"),
    [
        ("10.1.2.3", "a private address"),
        ("172.16.0.1", "a private address"),
        ("192.168.1.10", "a private address"),
        ("fd00::1", "a private address"),
        ("127.0.0.1", "a loopback address"),
        ("127.8.9.10", "a loopback address"),
        ("::1", "a loopback address"),
        ("::ffff:127.0.0.1", "a loopback address"),  # IPv4-mapped: judged as the IPv4 address
        ("::ffff:10.0.0.1", "a private address"),
        ("169.254.169.254", "a link-local address"),  # cloud metadata service
        ("fe80::1", "a link-local address"),
        ("224.0.0.1", "a multicast address"),
        ("ff02::1", "a multicast address"),
        ("0.0.0.0", "an unspecified address"),
        ("::", "an unspecified address"),
        ("240.0.0.1", "a reserved address"),  # class E
        ("100.64.0.1", "a non-public address"),  # carrier-grade NAT shared space
        ("198.18.0.1", "a private address"),  # benchmarking range
        # public addresses pass
        ("93.184.216.34", None),
        ("8.8.8.8", None),
        ("2606:4700:4700::1111", None),
        ("::ffff:8.8.8.8", None),
    ],
)
def test_address_classes(address: str, expected: str | None) -> None:
    assert refusal_reason(ipaddress.ip_address(address)) == expected


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("ftp://example.com/feed.xml", "unsupported URL scheme 'ftp'"),
        ("file:///etc/passwd", "unsupported URL scheme 'file'"),
        ("gopher://example.com/", "unsupported URL scheme 'gopher'"),
        ("http:///nohost", "URL has no host"),
        ("http://10.0.0.5/admin", "10.0.0.5, a private address"),
        ("http://169.254.169.254/latest/meta-data/", "169.254.169.254, a link-local address"),
        ("http://[::1]:8080/", "::1, a loopback address"),
        ("http://0.0.0.0/", "0.0.0.0, an unspecified address"),
        # a name resolving to a public and a private address: every address is checked
        ("http://mixed.test/a", "10.9.8.7, a private address"),
        ("http://internal.test/a", "192.168.0.2, a private address"),
    ],
)
def test_refused_urls_name_the_url_and_the_problem(url: str, reason: str) -> None:
    names = {"mixed.test": ["93.184.216.34", "10.9.8.7"], "internal.test": ["192.168.0.2"]}

    def resolver(host: str, port: int) -> list[str]:
        return names.get(host, [host])

    with Fetcher(FAST, resolver=resolver) as fetcher, pytest.raises(FetchError) as info:
        fetcher.fetch(url)
    assert info.value.source == url and reason in info.value.reason
    assert isinstance(info.value, InputError) and url in str(info.value)


def test_loopback_server_refused_without_allow_private_and_read_with_it(server: LocalServer) -> None:
    url = server.route("/a", Reply(200, b"<html>hi</html>", {"Content-Type": "text/html"}))
    with Fetcher(FAST) as fetcher, pytest.raises(FetchError, match="127.0.0.1, a loopback address"):
        fetcher.fetch(url)
    assert server.hits("/a") == 0  # refused before connecting
    with Fetcher(FAST.replace(allow_private=True)) as fetcher:
        result = fetcher.fetch(url)
    assert (result.status, result.content, result.media_type) == (200, b"<html>hi</html>", "text/html")


def test_peer_address_is_checked_after_connecting(server: LocalServer) -> None:
    """A resolver answer that passes the check but a connection that lands on a refused address (DNS
    rebinding) is still refused."""
    url = server.route("/a", Reply(200, b"secret"))
    with Fetcher(FAST, resolver=lambda host, port: ["93.184.216.34"]) as fetcher:
        with pytest.raises(FetchError, match="127.0.0.1, a loopback address"):
            fetcher.fetch(url)


def test_user_agent_names_storyline_and_its_version(server: LocalServer) -> None:
    url = server.route("/ua", Reply(200, b"ok"))
    with make() as fetcher:
        fetcher.fetch(url)
    agent = f"storyline/{__version__} (+https://github.com/storyline-news/storyline)"
    # robots.txt is asked first, with the same User-Agent
    assert [(path, headers["user-agent"]) for path, headers in server.log] == [("/robots.txt", agent), ("/ua", agent)]


# --- redirects ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("target", "reason"),
    [
        ("http://10.1.2.3/secret", "10.1.2.3, a private address"),
        ("http://169.254.169.254/latest/meta-data/", "169.254.169.254, a link-local address"),
        ("http://[fe80::1]/", "fe80::1, a link-local address"),
        ("file:///etc/passwd", "unsupported URL scheme 'file'"),
    ],
)
def test_redirect_to_a_refused_address_is_refused(server: LocalServer, target: str, reason: str) -> None:
    url = server.route("/r", Reply(302, headers={"Location": target}))
    with make() as fetcher, pytest.raises(FetchError) as info:
        fetcher.fetch(url)
    assert info.value.source == url
    assert info.value.reason.startswith("redirected to ") and reason in info.value.reason


def test_redirects_are_followed_to_the_final_url(server: LocalServer) -> None:
    final = server.route("/final", Reply(200, b"done"))
    server.route("/one", Reply(301, headers={"Location": "/two"}))
    server.route("/two", Reply(307, headers={"Location": final}))
    with make() as fetcher:
        result = fetcher.fetch(server.url("/one"))
    assert (result.url, result.content) == (final, b"done")


def test_redirect_loop_ends(server: LocalServer) -> None:
    url = server.route("/loop", Reply(302, headers={"Location": "/loop"}))
    with make(FAST.replace(fetch_max_redirects=3)) as fetcher, pytest.raises(FetchError, match="too many redirects"):
        fetcher.fetch(url)
    assert server.hits("/loop") == 4


# --- status codes and retries -------------------------------------------------------------------------


@pytest.mark.parametrize("status", [400, 401, 403, 404, 410])
def test_client_errors_fail_at_once(server: LocalServer, status: int) -> None:
    url = server.route("/x", Reply(status, b"no"))
    with make() as fetcher, pytest.raises(FetchError, match=f"HTTP {status}") as info:
        fetcher.fetch(url)
    assert server.hits("/x") == 1 and not info.value.transient


def test_server_error_then_success_is_retried_with_backoff(server: LocalServer) -> None:
    url = server.route("/flaky", Reply(500, b"oops"), Reply(503, b"busy"), Reply(200, b"fine"))
    rec = Recorder()
    with make(FAST.replace(fetch_backoff=0.5), clock=rec.clock, sleep=rec.sleep) as fetcher:
        assert fetcher.fetch(url).content == b"fine"
    assert server.hits("/flaky") == 3
    assert rec.sleeps == [0.5, 1.0]  # exponential back-off


def test_server_error_gives_up_after_the_tries(server: LocalServer) -> None:
    url = server.route("/down", Reply(502, b"bad gateway"))
    rec = Recorder()
    with make(clock=rec.clock, sleep=rec.sleep) as fetcher, pytest.raises(FetchError) as info:
        fetcher.fetch(url)
    assert server.hits("/down") == 3
    assert "HTTP 502 Bad Gateway after 3 tries" in info.value.reason and info.value.transient


@pytest.mark.parametrize(("retry_after", "slept"), [("7", 7.0), ("3600", 20.0), ("0", 0.0)])
def test_429_honours_retry_after_up_to_the_cap(server: LocalServer, retry_after: str, slept: float) -> None:
    url = server.route("/limited", Reply(429, headers={"Retry-After": retry_after}), Reply(200, b"ok"))
    rec = Recorder()
    with make(FAST.replace(fetch_max_retry_after=20), clock=rec.clock, sleep=rec.sleep) as fetcher:
        assert fetcher.fetch(url).content == b"ok"
    assert rec.sleeps == ([slept] if slept else [0.0])


def test_slow_endpoint_times_out(server: LocalServer) -> None:
    url = server.route("/slow", Reply(200, b"late", delay=1.0))
    settings = FAST.replace(fetch_read_timeout=0.05, fetch_tries=1)
    with make(settings) as fetcher, pytest.raises(FetchError, match="timed out") as info:
        fetcher.fetch(url)
    assert info.value.transient


# --- the request deadline (issue 12, item 6) -------------------------------------------------------------

#: Read timeout 0.75 s: the request deadline is 4x, 3 s. The drips below send a byte every 0.5 s, so no
#: single read ever waits long enough to time out; only the deadline can end them.
DRIP = FAST.replace(fetch_read_timeout=0.75)
DRIP_DEADLINE = "within the 3 s request deadline (4x the 0.75 s read timeout); abandoned, not retried"


@pytest.mark.parametrize(
    ("reply", "what"),
    [
        (Reply(200, page("Dam holds", "Dam"), {"Content-Type": "text/html"}, drip=0.5, drip_headers=True),
         "no response headers"),
        (Reply(200, page("Dam holds", "Dam"), {"Content-Type": "text/html"}, drip=0.5), "body not complete"),
        (Reply(200, page("Dam holds", "Dam"), {"Content-Type": "text/html"}, drip=0.5, length=False),
         "body not complete"),
    ],
    ids=["headers", "body", "body-until-close"],
)
def test_a_slow_drip_ends_at_the_request_deadline(server: LocalServer, reply: Reply, what: str) -> None:
    url = server.route("/drip", reply)
    started = time.monotonic()
    with make(DRIP) as fetcher, pytest.raises(FetchError) as info:
        fetcher.fetch(url)
    took = time.monotonic() - started
    assert info.value.source == url and info.value.reason == f"{what} {DRIP_DEADLINE}"
    assert info.value.transient  # a watcher tries again next round...
    assert server.hits("/drip") == 1  # ...but the fetch does not: the next try would drip too
    assert took < 3 * 3.0  # loosely: the deadline plus slack, not one try per fetch_tries


def test_a_tls_handshake_drip_ends_at_the_request_deadline() -> None:
    """The handshake runs inside the ssl module; its socket timeout (cut to the deadline) bounds it whole.
    The connect timeout is longer than the deadline here, so only the deadline can end it."""
    settings = DRIP.replace(fetch_robots=False, fetch_connect_timeout=10.0)
    with tls_drip_server(0.5) as url, make(settings) as fetcher:
        started = time.monotonic()
        with pytest.raises(FetchError) as info:
            fetcher.fetch(url)
        took = time.monotonic() - started
    assert info.value.source == url and info.value.reason == f"no response headers {DRIP_DEADLINE}"
    assert took < 3 * 3.0


def test_after_a_drip_the_next_urls_are_still_fetched(server: LocalServer) -> None:
    slow = server.route("/slow", Reply(200, page("Slow", "Dam"), {"Content-Type": "text/html"}, drip=0.5))
    fine = server.route("/fine", Reply(200, page("Rain eases", "Rain"), {"Content-Type": "text/html"}))
    first, second = iter_drafts([slow, fine], settings=DRIP.replace(allow_private=True))
    assert first == Skip(slow, f"body not complete {DRIP_DEADLINE}")
    assert isinstance(second, Draft) and second.source == fine


def test_a_fast_response_is_untouched_by_the_deadline(server: LocalServer) -> None:
    """The deadline is per request: many quick requests on one kept-alive connection add up to far more
    than one deadline without tripping it."""
    url = server.route("/quick", Reply(200, b"ok"))
    with make(FAST.replace(fetch_read_timeout=0.1)) as fetcher:  # a 0.4 s deadline
        started = time.monotonic()
        while time.monotonic() - started < 1.0:
            assert fetcher.fetch(url).content == b"ok"


# --- size caps ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("declared", [True, False], ids=["content-length", "until-close"])
def test_oversize_body_is_refused(server: LocalServer, declared: bool) -> None:
    url = server.route("/big", Reply(200, b"x" * 50_000, length=declared))
    with make(FAST.replace(max_bytes=10_000)) as fetcher, pytest.raises(FetchError, match="over the 0.0 MB limit"):
        fetcher.fetch(url)


@pytest.mark.parametrize(
    ("encoding", "compress"),
    [
        ("gzip", gzip.compress),
        ("deflate", zlib.compress),  # zlib-wrapped, as the RFC says
        ("deflate", lambda b: zlib.compress(b)[2:-4]),  # raw deflate, as many servers send
    ],
)
def test_compressed_bodies_are_inflated(server: LocalServer, encoding: str, compress: object) -> None:
    body = b"<p>" + b"news " * 2000 + b"</p>"
    url = server.route("/c", Reply(200, compress(body), {"Content-Encoding": encoding}))  # type: ignore[operator]
    with make() as fetcher:
        assert fetcher.fetch(url).content == body


def test_gzip_bomb_is_refused(server: LocalServer) -> None:
    bomb = gzip.compress(b"\0" * 5_000_000)  # ~5 KB that inflate to 5 MB
    assert len(bomb) < 100_000
    url = server.route("/bomb", Reply(200, bomb, {"Content-Encoding": "gzip"}))
    with make(FAST.replace(max_bytes=1_000_000)) as fetcher, pytest.raises(FetchError, match="expands beyond"):
        fetcher.fetch(url)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (gzip.compress(b"a" * 5000)[:-20], "corrupt gzip data"),
        (b"\x1f\x8b not gzip at all", "corrupt gzip data"),
        (gzip.compress(b"\0" * 200_000), "expands beyond"),
    ],
)
def test_gunzip_capped_refuses_bad_and_oversize_data(data: bytes, message: str) -> None:
    with pytest.raises(InputError, match=message):
        gunzip_capped(data, max_bytes=100_000, source="s.xml.gz")


def test_gunzip_capped_reads_multi_member_data() -> None:
    assert gunzip_capped(gzip.compress(b"ab") + gzip.compress(b"cd"), max_bytes=10, source="x") == b"abcd"


# --- pacing -------------------------------------------------------------------------------------------


def test_requests_to_one_host_are_paced(server: LocalServer) -> None:
    server.route("/p", Reply(200, b"ok"))
    rec = Recorder()
    order = [("127.0.0.1", "/p"), ("127.0.0.1", "/p"), ("localhost", "/p"), ("127.0.0.1", "/p")]
    settings = FAST.replace(fetch_interval=1.0, allow_private=True)
    with Fetcher(settings, clock=rec.clock, sleep=rec.sleep) as fetcher:
        for host, path in order:
            fetcher.fetch(server.url(path, host=host))
    # Each host's robots.txt (a 404 here) is its first request, paced like the others: every /p to
    # 127.0.0.1 waits a full interval after the request before it; localhost is another host, its robots.txt
    # goes at once and its /p waits an interval; by then the interval since 127.0.0.1's last request is over.
    assert rec.sleeps == [1.0, 1.0, 1.0]
    assert server.hits("/p") == 4 and server.hits("/robots.txt") == 2


def test_pacing_counts_time_already_passed(server: LocalServer) -> None:
    url = server.route("/p", Reply(200, b"ok"))
    rec = Recorder()
    with make(FAST.replace(fetch_interval=2.0), clock=rec.clock, sleep=rec.sleep) as fetcher:
        fetcher.fetch(url)
        rec.now += 0.5  # half a second of other work
        fetcher.fetch(url)
        rec.now += 5.0
        fetcher.fetch(url)
    assert rec.sleeps == [2.0, 1.5]  # the 1st fetch waits an interval after robots.txt, the 2nd what is left


# --- conditional GET ----------------------------------------------------------------------------------


def test_conditional_get_returns_not_modified_on_the_second_poll(server: LocalServer) -> None:
    etag, modified = '"v1"', "Mon, 11 Nov 2024 10:00:00 GMT"

    def feed(headers: dict[str, str]) -> Reply:
        if headers.get("if-none-match") == etag:
            return Reply(304)
        return Reply(200, b"<rss/>", {"ETag": etag, "Last-Modified": modified, "Content-Type": "application/rss+xml"})

    url = server.route("/feed", feed)
    with make() as fetcher:
        first = fetcher.fetch(url)
        second = fetcher.fetch(url, etag=first.etag, last_modified=first.last_modified)
    assert (first.status, first.etag, first.last_modified) == (200, etag, modified)
    assert second.not_modified and second.content == b""
    assert [h.get("if-modified-since") for p, h in server.log if p == "/feed"] == [None, modified]


def test_unrequested_304_is_an_error(server: LocalServer) -> None:
    url = server.route("/odd", Reply(304))
    with make() as fetcher, pytest.raises(FetchError, match="HTTP 304"):
        fetcher.fetch(url)


@pytest.mark.parametrize(
    ("name", "value"),
    [("fetch_tries", 0), ("fetch_read_timeout", 0), ("fetch_interval", -1), ("fetch_max_redirects", -1)],
)
def test_bad_fetch_settings_are_refused(name: str, value: float) -> None:
    from storyline.errors import ConfigError

    with pytest.raises(ConfigError, match=name):
        Fetcher(Settings().replace(**{name: value}))
