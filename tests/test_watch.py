"""storyline watch: rounds over feeds, conditional GET, only new entries processed, state kept across a
restart; durations and feed lists parsed; the CLI command."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest
from click.testing import CliRunner

from storyline.cli import cli
from storyline.config import Settings
from storyline.errors import ConfigError, InputError
from storyline.ingest.fetch import Fetcher
from storyline.model import Draft, Extraction, Skip
from storyline.pipeline import extract_batch
from storyline.store import Store
from storyline.watch import RoundSummary, Watcher, parse_duration, read_feed_list
from tests.ingest.fake_pages import paragraphs
from tests.ingest.local_server import LocalServer, Reply

FAST = Settings(fetch_interval=0, fetch_backoff=0.001, fetch_tries=2, allow_private=True)


def rss(entries: Sequence[tuple[str, str]]) -> bytes:
    """A feed whose entries (link, topic) carry their full text."""
    items = "".join(
        f"<item><title>{topic} report</title><link>{link}</link>"
        f"<pubDate>Mon, 11 Nov 2024 08:00:00 GMT</pubDate>"
        f"<content:encoded><![CDATA[{paragraphs(topic)}]]></content:encoded></item>"
        for link, topic in entries
    )
    return (
        '<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">'
        f"<channel><title>Valley Times</title>{items}</channel></rss>"
    ).encode()


class FeedHost:
    """A feed on the local server whose entries and ETag the test changes; answers 304 to a matching
    If-None-Match."""

    def __init__(self, server: LocalServer, path: str = "/feed.xml") -> None:
        self.entries: list[tuple[str, str]] = []
        self.version = 1
        self.url = server.route(path, self.reply)

    def reply(self, headers: dict[str, str]) -> Reply:
        etag = f'"v{self.version}"'
        if headers.get("if-none-match") == etag:
            return Reply(304)
        return Reply(200, rss(self.entries), {"ETag": etag, "Content-Type": "application/rss+xml"})

    def publish(self, link: str, topic: str) -> None:
        self.entries.insert(0, (link, topic))
        self.version += 1


class Counting:
    """extract_batch, counting the Drafts it is handed."""

    def __init__(self) -> None:
        self.drafts = 0

    def __call__(self, items: Sequence[Draft | Skip]) -> list[Extraction | Skip]:
        self.drafts += sum(isinstance(i, Draft) for i in items)
        return extract_batch(items, FAST)


@pytest.fixture
def server() -> Iterator[LocalServer]:
    with LocalServer().running() as srv:
        yield srv


def poll(db: Path, feeds: list[str], process: Counting) -> RoundSummary:
    with Store(db) as store, Fetcher(FAST) as fetcher:
        return Watcher(store, feeds, FAST, fetcher=fetcher, process=process).poll()


def test_only_new_entries_are_processed_across_rounds_and_restarts(server: LocalServer, tmp_path: Path) -> None:
    db = tmp_path / "w.db"
    feed = FeedHost(server)
    feed.publish("https://v.example/1", "Flood")
    feed.publish("https://v.example/2", "Dam")
    process = Counting()
    with Store(db) as store, Fetcher(FAST) as fetcher:
        watcher = Watcher(store, [feed.url], FAST, fetcher=fetcher, process=process)
        first = watcher.poll(1)
        second = watcher.poll(2)  # unchanged: 304, nothing read
        feed.publish("https://v.example/3", "Bridge")
        third = watcher.poll(3)
        assert store.count() == 3
    assert (first.new_entries, first.counts.added, first.not_modified) == (2, 2, 0)
    assert (second.new_entries, second.not_modified) == (0, 1)
    assert (third.new_entries, third.counts.added) == (1, 1)
    assert process.drafts == 3
    assert [h.get("if-none-match") for p, h in server.log if p == "/feed.xml"][1] == '"v3"'

    # a restart: a new Store object on the same file remembers the validators ...
    after_restart = poll(db, [feed.url], process)
    assert after_restart.not_modified == 1 and process.drafts == 3
    # ... and the entries seen: a changed feed (new ETag) with one new entry reads only that one
    feed.publish("https://v.example/4", "Rain")
    changed = poll(db, [feed.url], process)
    assert (changed.new_entries, changed.counts.added, process.drafts) == (1, 1, 4)
    with Store(db) as store:
        assert store.count() == 4
        state = store.feed_state(feed.url)
        assert state is not None and state.etag == f'"v{feed.version}"'


def test_passing_failures_are_tried_again_and_permanent_ones_are_not(server: LocalServer, tmp_path: Path) -> None:
    page = f"<html><head><title>Bridge</title></head><body><article>{paragraphs('Bridge')}</article></body></html>"
    server.route("/flaky", Reply(503), Reply(503), Reply(200, page.encode(), {"Content-Type": "text/html"}))
    server.route("/gone", Reply(404))
    teaser = "<item><title>{t}</title><link>{u}</link><description>Short teaser.</description></item>"
    items = teaser.format(t="Flaky", u=server.url("/flaky")) + teaser.format(t="Gone", u=server.url("/gone"))
    feed_xml = f'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>{items}</channel></rss>'
    feed_url = server.route("/feed", Reply(200, feed_xml.encode(), {"ETag": '"same"'}))
    process = Counting()
    first = poll(tmp_path / "w.db", [feed_url], process)
    second = poll(tmp_path / "w.db", [feed_url], process)
    assert (first.new_entries, first.counts.skipped, first.counts.added) == (2, 2, 0)
    # the feed was fetched in full again (no validators kept after a passing failure); only the 503 entry
    # is read again, and now it works
    feed_requests = [headers for path, headers in server.log if path == "/feed"]
    assert len(feed_requests) == 2 and "if-none-match" not in feed_requests[1]
    assert (second.new_entries, second.counts.added, second.counts.skipped) == (1, 1, 0)
    assert server.hits("/gone") == 1 and server.hits("/flaky") == 3


def test_failed_feed_and_local_feed_file(server: LocalServer, tmp_path: Path) -> None:
    local = tmp_path / "local.rss"
    local.write_bytes(rss([("https://v.example/9", "Harbour")]))
    missing = server.url("/nope.xml")
    summary = poll(tmp_path / "w.db", [missing, str(local)], Counting())
    assert (summary.feeds, summary.failed, summary.new_entries, summary.counts.added) == (2, 1, 1, 1)
    assert summary.problems[0].source == missing and "HTTP 404" in summary.problems[0].reason
    assert summary.line() == (
        "round 1: 2 feeds (0 unchanged, 1 failed), 1 new entries: added 1, already stored 0, new versions 0, "
        "near-duplicates 0, skipped 0"
    )


class FakeTime:
    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


@pytest.mark.parametrize(
    ("round_takes", "rounds", "sleeps"),
    [(10.0, 3, [50.0, 50.0]), (0.0, 2, [60.0]), (75.0, 3, []), (5.0, 1, [])],
)
def test_rounds_are_scheduled_from_round_start(round_takes: float, rounds: int, sleeps: list[float]) -> None:
    fake = FakeTime()

    def poll_round(number: int = 1) -> RoundSummary:
        fake.now += round_takes
        return RoundSummary(number=number, feeds=0)

    with Store(":memory:") as store, Fetcher(FAST) as fetcher:
        watcher = Watcher(store, [], FAST, fetcher=fetcher, clock=fake.clock, sleep=fake.sleep)
        watcher.poll = poll_round  # type: ignore[method-assign]
        numbers = [s.number for s in watcher.run(every=60, rounds=rounds)]
    assert numbers == list(range(1, rounds + 1)) and fake.sleeps == sleeps


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("90s", 90), ("15m", 900), ("1h", 3600), ("1h30m", 5400), ("2d", 172800), ("0.5m", 30), (" 10 M ", 600)],
)
def test_parse_duration(text: str, seconds: float) -> None:
    assert parse_duration(text) == seconds


@pytest.mark.parametrize("text", ["", "15", "m", "-5m", "0s", "15x", "1.5.3m", "m15", "1h 30", "fifteen minutes"])
def test_bad_durations_are_refused_clearly(text: str) -> None:
    with pytest.raises(ConfigError, match="bad duration"):
        parse_duration(text)


def test_feed_list(tmp_path: Path) -> None:
    listing = tmp_path / "feeds.txt"
    listing.write_text(
        "# news\nhttps://a.example/rss\n\n  local.rss  \n/abs/feed.xml\n# end\n", encoding="utf-8"
    )
    assert read_feed_list(listing) == ["https://a.example/rss", str(tmp_path / "local.rss"), "/abs/feed.xml"]
    (tmp_path / "empty.txt").write_text("# nothing\n", encoding="utf-8")
    with pytest.raises(InputError, match="names no feed"):
        read_feed_list(tmp_path / "empty.txt")


def test_watch_command(tmp_path: Path) -> None:
    feed = tmp_path / "f.rss"
    feed.write_bytes(rss([("https://v.example/1", "Flood"), ("https://v.example/2", "Dam")]))
    listing = tmp_path / "feeds.txt"
    listing.write_text("f.rss\n", encoding="utf-8")
    db = str(tmp_path / "w.db")
    result = CliRunner().invoke(cli, ["--db", db, "watch", str(listing), "--every", "1s", "--rounds", "1"])
    assert result.exit_code == 0, result.output
    assert "round 1: 1 feeds (0 unchanged, 0 failed), 2 new entries: added 2," in result.output
    again = CliRunner().invoke(cli, ["--db", db, "watch", str(listing), "--rounds", "1"])
    assert "0 new entries" in again.output
    bad = CliRunner().invoke(cli, ["--db", db, "watch", str(listing), "--every", "soon"])
    assert bad.exit_code != 0 and "bad duration 'soon'" in bad.output


def test_entries_no_feed_lists_for_a_month_are_forgotten(server: LocalServer, tmp_path: Path) -> None:
    """The seen-entry table stays the size of what the feeds list: an entry dropped from its feed is
    forgotten after FORGET_SEEN_DAYS; entries still listed (or behind a 304) are kept however old."""
    db = tmp_path / "w.db"
    feed, quiet = FeedHost(server), FeedHost(server, "/quiet.xml")
    feed.publish("https://v.example/old", "Flood")
    feed.publish("https://v.example/kept", "Dam")
    quiet.publish("https://q.example/1", "Bridge")
    process = Counting()
    poll(db, [feed.url, quiet.url], process)
    feed.entries = [e for e in feed.entries if e[0] != "https://v.example/old"]  # dropped from the feed
    feed.version += 1
    with Store(db) as store:  # ... and every entry was last listed 40 days ago
        store.conn.execute("UPDATE seen_entries SET seen_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-40 days')")
    summary = poll(db, [feed.url, quiet.url], process)  # feed: changed, re-listed; quiet: 304
    assert (summary.forgotten, summary.not_modified, process.drafts) == (1, 1, 3)
    with Store(db) as store:
        assert store.unseen(["https://v.example/old", "https://v.example/kept", "https://q.example/1"]) == [
            "https://v.example/old"
        ]
