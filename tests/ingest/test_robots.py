"""robots.txt: the rules for our product token (else ``*``) decide, the longest match winning (parsed by
Protego, RFC 9309); 4xx means no rules, 5xx or an unreachable server means no fetching; Crawl-delay raises
the pacing; one read per site; ``fetch_robots=False`` / ``--ignore-robots`` turn it off. Against a server
on 127.0.0.1."""

from __future__ import annotations

import gzip
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from storyline.cli import cli
from storyline.config import Settings
from storyline.ingest.fetch import Fetcher, FetchError
from storyline.ingest.robots import (
    ROBOTS_CACHE_SECONDS,
    ROBOTS_MAX_BYTES,
    ROBOTS_MAX_CRAWL_DELAY,
    ROBOTS_UNREACHABLE_SECONDS,
)
from storyline.ingest.sources import iter_drafts
from storyline.model import Draft, Skip
from tests.ingest.fake_pages import page
from tests.ingest.local_server import LocalServer, Reply
from tests.ingest.test_fetch import Recorder, loopback_only

#: Fast settings: no pacing, near-zero back-off, 2 tries, the test server's loopback address allowed.
FAST = Settings(fetch_interval=0, fetch_backoff=0.001, fetch_tries=2, allow_private=True)
HTML = {"Content-Type": "text/html"}


@pytest.fixture
def server() -> Iterator[LocalServer]:
    with LocalServer().running() as srv:
        yield srv


def serve_page(server: LocalServer, path: str) -> str:
    return server.route(path, Reply(200, b"<html>ok</html>", HTML))


def disallowed_message(server: LocalServer) -> str:
    return f"disallowed by robots.txt ({server.url('/robots.txt')}); use --ignore-robots to fetch it anyway"


def allowed(fetcher: Fetcher, url: str) -> bool:
    """True when the fetch went through, False when robots.txt refused it (any other error is raised)."""
    try:
        fetcher.fetch(url)
    except FetchError as exc:
        if "robots.txt" not in exc.reason:
            raise
        return False
    return True


# --- which rules apply --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("robots", "path", "expected"),
    [
        # a group for our token
        (b"User-agent: storyline\nDisallow: /private\n", "/private/a", False),
        (b"User-agent: storyline\nDisallow: /private\n", "/public/a", True),
        (b"User-agent: StoryLine\nDisallow: /\n", "/a", False),  # agent names match case-insensitively
        # the group for every agent
        (b"User-agent: *\nDisallow: /private\n", "/private/a", False),
        (b"User-agent: *\nDisallow: /private\n", "/a", True),
        (b"User-agent: *\nDisallow: /\n", "/", False),
        # a group for another agent only
        (b"User-agent: Googlebot\nDisallow: /\n", "/a", True),
        (b"User-agent: Googlebot\nDisallow: /\n\nUser-agent: *\nDisallow: /private\n", "/a", True),
        # our own group wins over *, either way
        (b"User-agent: *\nDisallow: /\n\nUser-agent: storyline\nAllow: /\n", "/a", True),
        (b"User-agent: storyline\nDisallow: /news\n\nUser-agent: *\nDisallow:\n", "/news/a", False),
        # a group may name several agents; groups naming ours are combined (RFC 9309 section 2.2.1)
        (b"User-agent: googlebot\nUser-agent: storyline\nDisallow: /private\n", "/private/a", False),
        (b"User-agent: storyline\nDisallow: /a\n\nUser-agent: *\nDisallow: /\n\nUser-agent: storyline\n"
         b"Disallow: /b\n", "/b", False),
        (b"User-agent: storyline\nDisallow: /a\n\nUser-agent: *\nDisallow: /\n\nUser-agent: storyline\n"
         b"Disallow: /b\n", "/c", True),
        # the longest match wins (RFC 9309), whatever the order; Allow wins a tie
        (b"User-agent: *\nDisallow: /news\nAllow: /news/public\n", "/news/public/a", True),
        (b"User-agent: *\nDisallow: /news\nAllow: /news/public\n", "/news/secret", False),
        (b"User-agent: *\nAllow: /\nDisallow: /private\n", "/private/a", False),
        (b"User-agent: *\nAllow: /\nDisallow: /private\n", "/a", True),
        (b"User-agent: *\nDisallow: /page\nAllow: /page\n", "/page", True),
        # * matches any characters, a final $ ends the path (RFC 9309 section 2.2.3)
        (b"User-agent: *\nDisallow: /*.pdf$\n", "/files/a.pdf", False),
        (b"User-agent: *\nDisallow: /*.pdf$\n", "/files/a.pdf?download=1", True),
        (b"User-agent: *\nDisallow: /*/amp$\n", "/2024/story/amp", False),
        (b"User-agent: *\nDisallow: /*/amp$\n", "/2024/story/amp/photos", True),
        (b"User-agent: *\nDisallow: /exact$\n", "/exact", False),
        (b"User-agent: *\nDisallow: /exact$\n", "/exact/more", True),
        (b"User-agent: *\nDisallow: /search*\n", "/search?q=dam", False),
        (b"User-agent: *\nDisallow: /a*b*c\n", "/aXbYc/d", False),
        (b"User-agent: *\nDisallow: /a*b*c\n", "/xaybzc", True),
        (b"User-agent: *\nDisallow: /*?\n", "/a?page=2", False),  # every URL with a query ...
        (b"User-agent: *\nDisallow: /*?\n", "/a", True),  # ... and only those
        (b"User-agent: *\nDisallow: /search? # results\n", "/search-tips", True),
        (b"User-agent: *\nDisallow: /\nAllow: /*.html$\n", "/news/a.html", True),  # longer than "/"
        (b"User-agent: *\nDisallow: /\nAllow: /*.html$\n", "/news/a.htm", False),
        # queries and percent-encoding are part of the path matched
        (b"User-agent: *\nDisallow: /page?print=1\n", "/page?print=1", False),
        (b"User-agent: *\nDisallow: /page?print=1\n", "/page", True),
        (b"User-agent: *\nDisallow: /caf%C3%A9\n", "/caf%C3%A9/menu", False),
        ("User-agent: *\nDisallow: /café\n".encode(), "/caf%C3%A9/menu", False),  # UTF-8 rule, encoded URL
        (b"User-agent: *\nDisallow: /%7Ejoe\n", "/~joe/index.html", False),  # RFC 9309 section 2.2.2 example
        # nothing disallowed
        (b"", "/a", True),
        (b"User-agent: *\nDisallow:\n", "/a", True),
        (b"# only a comment\n", "/a", True),
        # layout: comments, CRLF, a BOM, a blank line inside a group (RFC 9309 groups by User-agent lines)
        (b"# rules\nUser-agent: * # all\nDisallow: /private # keep out\n", "/private/a", False),
        (b"User-agent: *\r\nDisallow: /private\r\n", "/private/a", False),
        (b"\xef\xbb\xbfUser-agent: *\nDisallow: /private\n", "/private/a", False),
        (b"User-agent: *\n\nDisallow: /private\n", "/private/a", False),
        # garbage: no rules read from it, and rules around it still read
        (bytes(range(256)) * 40, "/a", True),
        (b"\xff\xfe\x00\x9c<html>\x00\nUser-agent: *\nDisallow: /private\n\xc3\x28\n", "/private/a", False),
        (b"<html><body>Not found</body></html>", "/a", True),  # a soft-404 page served as 200
    ],
)
def test_rules_for_our_token(server: LocalServer, robots: bytes, path: str, expected: bool) -> None:
    server.route("/robots.txt", Reply(200, robots, {"Content-Type": "text/plain"}))
    url = serve_page(server, path)
    with Fetcher(FAST) as fetcher:
        assert allowed(fetcher, url) is expected
    assert server.hits(path) == (1 if expected else 0)


@pytest.mark.parametrize(
    ("rule_end", "expected"),
    [(b"b", True), (b"$", False)],
    ids=["no-match", "anchored-match"],
)
def test_a_rule_with_many_wildcards_is_answered(server: LocalServer, rule_end: bytes, expected: bool) -> None:
    """A hostile rule ("/*a*a*a...", 500 stars) against a 5,000-character path, which a backtracking
    matcher would take for ever to answer: the answer is right (and the test would hang, not fail, were it
    not quick)."""
    server.route("/robots.txt", Reply(200, b"User-agent: *\nDisallow: /" + b"*a" * 500 + rule_end + b"\n"))
    url = serve_page(server, "/" + "a" * 5000)
    with Fetcher(FAST) as fetcher:
        assert allowed(fetcher, url) is expected


def test_a_disallowed_url_names_robots_txt_and_the_override_and_is_not_retried(server: LocalServer) -> None:
    server.route("/robots.txt", Reply(200, b"User-agent: *\nDisallow: /\n"))
    url = serve_page(server, "/a")
    with Fetcher(FAST) as fetcher, pytest.raises(FetchError) as info:
        fetcher.fetch(url)
    assert (info.value.source, info.value.reason) == (url, disallowed_message(server))
    assert not info.value.transient and server.hits("/a") == 0


# --- robots.txt answers other than 200 -----------------------------------------------------------------


@pytest.mark.parametrize("status", [400, 401, 403, 404, 410])
def test_a_4xx_robots_txt_allows_everything(server: LocalServer, status: int) -> None:
    server.route("/robots.txt", Reply(status, b"User-agent: *\nDisallow: /\n"))
    url = serve_page(server, "/a")
    with Fetcher(FAST) as fetcher:
        assert fetcher.fetch(url).content == b"<html>ok</html>"
    assert server.hits("/robots.txt") == 1  # a 4xx is not retried


@pytest.mark.parametrize(
    ("status", "problem"),
    [
        (500, "HTTP 500 Internal Server Error"),
        (503, "HTTP 503 Service Unavailable"),
        (429, "HTTP 429 Too Many Requests"),
    ],
)
def test_an_unreadable_robots_txt_disallows_everything(server: LocalServer, status: int, problem: str) -> None:
    server.route("/robots.txt", Reply(status))
    url = serve_page(server, "/a")
    with Fetcher(FAST) as fetcher:
        with pytest.raises(FetchError) as info:
            fetcher.fetch(url)
        with pytest.raises(FetchError, match="robots.txt could not be read"):
            fetcher.fetch(url)  # within ROBOTS_UNREACHABLE_SECONDS: not asked again
    assert info.value.reason == (
        f"robots.txt could not be read ({server.url('/robots.txt')}: {problem} after 2 tries), so the site "
        "counts as disallowing everything (RFC 9309); use --ignore-robots to fetch it anyway"
    )
    assert info.value.transient  # the failure may pass: `watch` tries the entry again next round
    assert server.hits("/robots.txt") == 2 and server.hits("/a") == 0  # the usual retries, no page


def test_an_unreachable_robots_txt_is_tried_again_later(server: LocalServer) -> None:
    server.route("/robots.txt", Reply(503), Reply(503), Reply(404))
    url = serve_page(server, "/a")
    rec = Recorder()
    with Fetcher(FAST, clock=rec.clock, sleep=rec.sleep) as fetcher:
        assert not allowed(fetcher, url)
        rec.now += ROBOTS_UNREACHABLE_SECONDS
        assert allowed(fetcher, url)
    assert server.hits("/robots.txt") == 3 and server.hits("/a") == 1


def test_a_connection_failure_disallows_everything() -> None:
    """Nothing listens on the port (it was just closed): robots.txt cannot be read, the page is not asked."""
    with LocalServer().running() as gone:
        url = gone.url("/a")
    with Fetcher(FAST.replace(fetch_read_timeout=1.0, fetch_connect_timeout=1.0)) as fetcher:
        with pytest.raises(FetchError, match=r"robots.txt could not be read \(.*connection failed") as info:
            fetcher.fetch(url)
    assert info.value.transient and "use --ignore-robots" in info.value.reason


# --- size ---------------------------------------------------------------------------------------------


def padded_robots(filler: int) -> bytes:
    """Rules, ``filler`` bytes of comments, then one more rule."""
    line = b"# " + b"x" * 97 + b"\n"
    return b"User-agent: *\nDisallow: /early\n" + line * (filler // len(line)) + b"Disallow: /late\n"


@pytest.mark.parametrize(
    ("filler", "encoding", "length", "late_allowed"),
    [
        (ROBOTS_MAX_BYTES + 100_000, None, True, True),  # rules past the cap are ignored, as Google does
        (ROBOTS_MAX_BYTES + 100_000, None, False, True),  # no Content-Length: cut while streaming
        (ROBOTS_MAX_BYTES + 100_000, "gzip", True, True),  # cut after inflating
        (ROBOTS_MAX_BYTES - 1_000, None, True, False),  # just under the cap: all read
        (50_000, None, True, False),  # over --max-bytes (10 kB here), under the robots.txt cap: all read
    ],
    ids=["over-cap", "over-cap-until-close", "over-cap-gzip", "under-cap", "over-max-bytes"],
)
def test_robots_txt_is_read_up_to_its_cap(
    server: LocalServer, filler: int, encoding: str | None, length: bool, late_allowed: bool
) -> None:
    body = padded_robots(filler)
    headers = {"Content-Encoding": encoding} if encoding else {}
    server.route("/robots.txt", Reply(200, gzip.compress(body) if encoding else body, headers, length=length))
    early, late = serve_page(server, "/early"), serve_page(server, "/late")
    with Fetcher(FAST.replace(max_bytes=10_000)) as fetcher:
        assert not allowed(fetcher, early)
        assert allowed(fetcher, late) is late_allowed


# --- redirects ----------------------------------------------------------------------------------------


def test_a_redirected_robots_txt_is_followed(server: LocalServer) -> None:
    server.route("/robots.txt", Reply(301, headers={"Location": "/site/robots.txt"}))
    server.route("/site/robots.txt", Reply(200, b"User-agent: *\nDisallow: /private\n"))
    with Fetcher(FAST) as fetcher:
        assert not allowed(fetcher, serve_page(server, "/private/a"))
        assert allowed(fetcher, serve_page(server, "/a"))
    assert server.hits("/robots.txt") == 1


@pytest.mark.parametrize(
    "location",
    ["/robots.txt", "http://10.1.2.3/robots.txt", "http://169.254.169.254/latest/meta-data/"],
    ids=["loop", "private", "link-local"],
)
def test_a_robots_txt_redirect_that_cannot_be_followed_means_no_rules(server: LocalServer, location: str) -> None:
    """Too many redirects, or a redirect to a refused address (refused before connecting, like any other
    request): robots.txt is unavailable (RFC 9309 section 2.3.1.2), so the page is fetched."""
    server.route("/robots.txt", Reply(302, headers={"Location": location}))
    url = serve_page(server, "/a")
    with Fetcher(FAST.replace(allow_private=False), address_check=loopback_only) as fetcher:
        assert fetcher.fetch(url).content == b"<html>ok</html>"
    assert server.hits("/robots.txt") == (FAST.fetch_max_redirects + 1 if location == "/robots.txt" else 1)


def test_each_redirect_hop_is_checked_against_robots_txt(server: LocalServer) -> None:
    server.route("/robots.txt", Reply(200, b"User-agent: *\nDisallow: /private\n"))
    target = serve_page(server, "/private/a")
    url = server.route("/go", Reply(302, headers={"Location": "/private/a"}))
    with Fetcher(FAST) as fetcher, pytest.raises(FetchError) as info:
        fetcher.fetch(url)
    assert info.value.reason == f"redirected to {target}: {disallowed_message(server)}"
    assert server.hits("/private/a") == 0


def test_a_refused_address_is_refused_before_robots_txt_is_asked(server: LocalServer) -> None:
    url = serve_page(server, "/a")
    with Fetcher(FAST.replace(allow_private=False)) as fetcher:
        with pytest.raises(FetchError, match="127.0.0.1, a loopback address"):
            fetcher.fetch(url)
    assert server.log == []


# --- one read per site --------------------------------------------------------------------------------


def test_robots_txt_is_read_once_per_site(server: LocalServer) -> None:
    server.route("/robots.txt", Reply(200, b"User-agent: *\nDisallow: /private\n"))
    serve_page(server, "/a")
    serve_page(server, "/private/a")
    with LocalServer().running() as other, Fetcher(FAST) as fetcher:
        other.route("/robots.txt", Reply(404))
        serve_page(other, "/b")
        urls = [server.url("/a"), server.url("/private/a"), server.url("/a"), other.url("/b"), other.url("/b")]
        results = [allowed(fetcher, url) for url in [*urls, server.url("/a", host="localhost")]]
        assert results == [True, False, True, True, True, True]
        assert other.hits("/robots.txt") == 1  # same host, another port: another site, read once
    assert server.hits("/robots.txt") == 2  # 127.0.0.1 and localhost: two host names, two sites


def test_robots_txt_is_read_again_after_a_day(server: LocalServer) -> None:
    server.route("/robots.txt", Reply(200, b""), Reply(200, b"User-agent: *\nDisallow: /\n"))
    url = serve_page(server, "/a")
    rec = Recorder()
    with Fetcher(FAST, clock=rec.clock, sleep=rec.sleep) as fetcher:
        assert allowed(fetcher, url)
        rec.now += ROBOTS_CACHE_SECONDS - 1
        assert allowed(fetcher, url)
        rec.now += 1
        assert not allowed(fetcher, url)  # the new robots.txt disallows everything
    assert server.hits("/robots.txt") == 2


# --- Crawl-delay --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("robots", "interval", "sleeps"),
    [
        (b"User-agent: storyline\nCrawl-delay: 5\n", 1.0, [5.0, 5.0, 5.0]),
        (b"User-agent: *\nCrawl-delay: 3\n", 1.0, [3.0, 3.0, 3.0]),
        (b"User-agent: *\nCrawl-delay: 2.5\n", 1.0, [2.5, 2.5, 2.5]),  # fractional
        (b"User-agent: *\nCrawl-delay: soon\n", 1.0, [1.0, 1.0, 1.0]),  # not a number: ignored
        (b"User-agent: storyline\nCrawl-delay: 1\n", 2.0, [2.0, 2.0, 2.0]),  # never below fetch_interval
        (b"User-agent: googlebot\nCrawl-delay: 30\n", 1.0, [1.0, 1.0, 1.0]),  # another agent's
        (b"User-agent: *\nCrawl-delay: 86400\n", 1.0, [ROBOTS_MAX_CRAWL_DELAY] * 3),  # capped
        (b"User-agent: *\nDisallow: /private\n", 1.0, [1.0, 1.0, 1.0]),  # none given
    ],
)
def test_crawl_delay_raises_the_pacing_of_its_host(
    server: LocalServer, robots: bytes, interval: float, sleeps: list[float]
) -> None:
    """robots.txt, then three pages: each page waits the host's interval after the request before it."""
    server.route("/robots.txt", Reply(200, robots))
    url = serve_page(server, "/a")
    rec = Recorder()
    with Fetcher(FAST.replace(fetch_interval=interval), clock=rec.clock, sleep=rec.sleep) as fetcher:
        for _ in range(3):
            fetcher.fetch(url)
    assert rec.sleeps == sleeps
    assert [path for path, _ in server.log] == ["/robots.txt", "/a", "/a", "/a"]


def test_crawl_delay_of_one_host_leaves_others_at_the_default(server: LocalServer) -> None:
    def robots(headers: dict[str, str]) -> Reply:
        if headers["host"].startswith("127.0.0.1:"):
            return Reply(200, b"User-agent: *\nCrawl-delay: 5\n")
        return Reply(404)

    server.route("/robots.txt", robots)
    serve_page(server, "/a")
    rec = Recorder()
    with Fetcher(FAST.replace(fetch_interval=1.0), clock=rec.clock, sleep=rec.sleep) as fetcher:
        for host in ["127.0.0.1", "localhost", "127.0.0.1", "localhost"]:
            fetcher.fetch(server.url("/a", host=host))
    # 127.0.0.1's page waits 5 s after its robots.txt; localhost's robots.txt goes at once, its page waits
    # 1 s; 127.0.0.1 again waits what is left of its 5 s (4 s); localhost again: its 1 s has passed.
    assert rec.sleeps == [5.0, 1.0, 4.0]
    assert server.hits("/robots.txt") == 2 and server.hits("/a") == 4


# --- turning it off -----------------------------------------------------------------------------------


def test_fetch_robots_off_fetches_a_disallowed_url_without_asking(server: LocalServer) -> None:
    server.route("/robots.txt", Reply(200, b"User-agent: *\nDisallow: /\n"))
    url = serve_page(server, "/a")
    with Fetcher(FAST.replace(fetch_robots=False)) as fetcher:
        assert fetcher.fetch(url).content == b"<html>ok</html>"
    assert server.hits("/robots.txt") == 0 and server.hits("/a") == 1


# --- feeds, sitemaps and the command line ---------------------------------------------------------------


def test_feeds_and_the_pages_they_link_are_checked_too(server: LocalServer) -> None:
    server.route("/robots.txt", Reply(200, b"User-agent: *\nDisallow: /private\n"))
    server.route("/a", Reply(200, page("Dam holds", "Dam"), HTML))
    server.route("/private/b", Reply(200, page("Bridge shut", "Bridge"), HTML))
    items = "".join(f"<item><title>{p}</title><link>{server.url(p)}</link></item>" for p in ["/a", "/private/b"])
    feed = f'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>{items}</channel></rss>'.encode()
    feed_url = server.route("/feed.xml", Reply(200, feed, {"Content-Type": "application/rss+xml"}))
    hidden_feed = server.route("/private/feed.xml", Reply(200, feed, {"Content-Type": "application/rss+xml"}))
    out = list(iter_drafts([feed_url, hidden_feed], settings=FAST))
    drafts = [d for d in out if isinstance(d, Draft)]
    skips = {s.source: s.reason for s in out if isinstance(s, Skip)}
    assert [d.url for d in drafts] == [server.url("/a")]
    assert skips == {server.url("/private/b"): disallowed_message(server), hidden_feed: disallowed_message(server)}
    assert server.hits("/private/b") == server.hits("/private/feed.xml") == 0
    assert server.hits("/robots.txt") == 1


def test_ingest_command_obeys_robots_txt_unless_ignore_robots(server: LocalServer, tmp_path: Path) -> None:
    server.route("/robots.txt", Reply(200, b"User-agent: *\nDisallow: /\n"))
    url = server.route("/a", Reply(200, page("Dam holds", "Dam"), HTML))
    db = str(tmp_path / "s.db")
    refused = CliRunner().invoke(cli, ["--db", db, "ingest", "-q", "--allow-private", url])
    assert refused.exit_code != 0 and server.hits("/a") == 0
    assert f"skipped {url}: {disallowed_message(server)}" in " ".join(refused.output.split())
    ignored = CliRunner().invoke(cli, ["--db", db, "ingest", "-q", "--allow-private", "--ignore-robots", url])
    assert ignored.exit_code == 0, ignored.output
    assert "added 1," in ignored.output and server.hits("/a") == 1


def test_watch_command_takes_ignore_robots(server: LocalServer, tmp_path: Path) -> None:
    server.route("/robots.txt", Reply(200, b"User-agent: *\nDisallow: /\n"))
    server.route("/a", Reply(200, page("Dam holds", "Dam"), HTML))
    item = f"<item><title>Dam</title><link>{server.url('/a')}</link></item>"
    feed = f'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>{item}</channel></rss>'.encode()
    listing = tmp_path / "feeds.txt"
    feed_url = server.route("/feed.xml", Reply(200, feed, {"Content-Type": "application/rss+xml"}))
    listing.write_text(feed_url + "\n", encoding="utf-8")
    args = ["--db", str(tmp_path / "w.db"), "watch", str(listing), "--rounds", "1", "--allow-private"]
    refused = CliRunner().invoke(cli, args)
    assert "1 feeds (0 unchanged, 1 failed)" in refused.output and "disallowed by robots.txt" in refused.output
    ignored = CliRunner().invoke(cli, [*args, "--ignore-robots"])
    assert ignored.exit_code == 0, ignored.output
    assert "0 failed), 1 new entries: added 1," in ignored.output and server.hits("/a") == 1


def test_fetch_robots_can_be_turned_off_in_the_settings_file(tmp_path: Path) -> None:
    from storyline.config import load_settings

    config = tmp_path / "storyline.toml"
    config.write_text("[storyline]\nfetch_robots = false\n", encoding="utf-8")
    assert Settings().fetch_robots and not load_settings(config).fetch_robots
