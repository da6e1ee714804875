"""``storyline watch``: poll a list of feeds every so often and store the entries not seen before.

Each round polls every feed (a conditional GET for URLs, so an unchanged feed costs one 304), keeps the
entries whose key (link, else id) is not in the store's ``seen_entries``, reads them (from the full text
the feed carries or the linked page), extracts and stores them, and records them as seen. The feed
validators and the seen entries live in the store (migration ``0005_fetch_state``), so a restart carries
on where the last run stopped; a seen entry no feed has listed for ``FORGET_SEEN_DAYS`` is forgotten, so
that table does not grow for ever. The clock and sleep are injectable, so the loop is tested without waiting.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import count, islice
from pathlib import Path

from .config import Settings
from .errors import ConfigError, InputError
from .ingest.decode import decode_text, read_bytes, safe_name
from .ingest.feeds import Feed, FeedEntry, entry_draft, parse_feed
from .ingest.fetch import Fetcher, FetchError, gunzip_capped
from .ingest.urls import is_url
from .model import Draft, Extraction, Skip
from .pipeline import IngestCounts, extract_batch, ingest_into
from .store import Store

log = logging.getLogger(__name__)

__all__ = ["RoundSummary", "Watcher", "parse_duration", "read_feed_list"]

#: Seconds per duration unit accepted by ``parse_duration``.
DURATION_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
#: Days after which a seen entry that no polled feed lists any more is forgotten, so the table of seen
#: entries stays the size of what the feeds list (plus a month), not of everything ever read. News feeds
#: drop an entry within days; one that comes back later is fetched again and found already stored (same
#: content hash), so forgetting costs a request, never a duplicate.
FORGET_SEEN_DAYS = 30
_DURATION = re.compile(r"(\d+(?:\.\d+)?)\s*([smhd])", re.IGNORECASE)

Process = Callable[[Sequence[Draft | Skip]], list[Extraction | Skip]]


def parse_duration(text: str) -> float:
    """Seconds in a duration such as "90s", "15m", "1h", "1h30m" or "2d".

    Raises:
        ConfigError: the text is not a positive duration in those units.
    """
    compact = re.sub(r"\s+", "", text or "")
    parts = _DURATION.findall(compact)
    if not compact or "".join(n + u for n, u in parts).lower() != compact.lower():
        raise ConfigError(
            f"bad duration {text!r}: use a number and a unit s, m, h or d (e.g. 90s, 15m, 1h, 1h30m)"
        )
    seconds = sum(float(n) * DURATION_UNITS[u.lower()] for n, u in parts)
    if seconds <= 0:
        raise ConfigError(f"bad duration {text!r}: must be more than zero")
    return seconds


def read_feed_list(path: str | Path) -> list[str]:
    """Feed URLs and paths from a file, one a line (blank lines and ``#`` comments ignored).

    Relative paths are taken from the list's folder.

    Raises:
        InputError: the file cannot be read or names no feed.
    """
    path = Path(path)
    name = safe_name(path)
    text, _ = decode_text(read_bytes(path, max_bytes=10_000_000, source=name), source=name)
    feeds = []
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if not is_url(line) and not Path(line).is_absolute():
            line = str(path.parent / line)
        feeds.append(line)
    if not feeds:
        raise InputError(str(path), "names no feed (one URL or path a line)")
    return feeds


@dataclass
class RoundSummary:
    """What one round did."""

    number: int
    feeds: int
    not_modified: int = 0
    failed: int = 0
    new_entries: int = 0
    counts: IngestCounts = field(default_factory=IngestCounts)
    #: why feeds failed and entries were skipped, for the user (entry skips are also stored).
    problems: list[Skip] = field(default_factory=list)
    #: seen entries forgotten this round (unlisted for FORGET_SEEN_DAYS).
    forgotten: int = 0

    def line(self) -> str:
        """The one-line report printed after the round."""
        c = self.counts
        return (
            f"round {self.number}: {self.feeds} feeds ({self.not_modified} unchanged, {self.failed} failed), "
            f"{self.new_entries} new entries: added {c.added}, already stored {c.existing}, "
            f"new versions {c.new_version}, near-duplicates {c.duplicates}, skipped {c.skipped}"
        )


class Watcher:
    """Polls feeds into a store, round after round.

    Args:
        store: where articles, feed validators and seen entries are kept.
        feeds: feed URLs and paths.
        settings: model, limits and fetch options.
        fetcher: the Fetcher to use (default: one made from ``settings``, closed by ``close``).
        process: Drafts/Skips -> Extractions/Skips (default ``pipeline.extract_batch``).
        clock: monotonic seconds, for scheduling rounds.
        sleep: called with the seconds to wait between rounds.
    """

    def __init__(
        self,
        store: Store,
        feeds: Sequence[str],
        settings: Settings | None = None,
        *,
        fetcher: Fetcher | None = None,
        process: Process | None = None,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.store = store
        self.feeds = list(feeds)
        self.settings = settings or Settings()
        self._own_fetcher = fetcher is None
        self.fetcher = fetcher or Fetcher(self.settings)
        self._process = process or (lambda items: extract_batch(items, self.settings))
        self._clock = clock
        self._sleep = sleep

    def close(self) -> None:
        """Close the Fetcher if this Watcher made it."""
        if self._own_fetcher:
            self.fetcher.close()

    def __enter__(self) -> Watcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def run(self, *, every: float, rounds: int | None = None) -> Iterator[RoundSummary]:
        """Poll every ``every`` seconds (from the start of one round to the next), ``rounds`` times or for ever.

        Yields each round's summary as soon as the round is done, before waiting for the next.
        """
        for number in count(1):
            started = self._clock()
            yield self.poll(number)
            if rounds is not None and number >= rounds:
                return
            wait = every - (self._clock() - started)
            if wait > 0:
                self._sleep(wait)

    def poll(self, number: int = 1) -> RoundSummary:
        """One round over every feed."""
        summary = RoundSummary(number=number, feeds=len(self.feeds))
        summary.counts = ingest_into(self.store, self._round_items(summary))
        summary.forgotten = self.store.forget_seen(FORGET_SEEN_DAYS)
        return summary

    # -- internals ------------------------------------------------------------------------------------
    def _round_items(self, summary: RoundSummary) -> Iterator[Extraction | Skip]:
        """Every new entry of every feed, extracted, for ``ingest_into``.

        Generator order matters: entries are marked seen (and feed validators saved) only when the
        generator resumes after their last item, i.e. after ``ingest_into`` stored it, so a crash
        mid-round leaves them to be read again rather than lost.
        """
        for ref in self.feeds:
            try:
                polled = self._poll_feed(ref)
            except InputError as exc:
                summary.failed += 1
                summary.problems.append(Skip(exc.source, exc.reason))
                log.warning("%s: %s", exc.source, exc.reason)
                continue
            if polled is None:
                summary.not_modified += 1
                self.store.touch_seen(feed=ref)
                continue
            feed, validators = polled
            new_keys = set(self.store.unseen(e.key for e in feed.entries))
            self.store.touch_seen(e.key for e in feed.entries if e.key not in new_keys)
            entries = list({e.key: e for e in feed.entries if e.key in new_keys}.values())
            summary.new_entries += len(entries)
            it = iter(entries)
            retry_later = False
            while batch := list(islice(it, max(1, self.settings.batch_size))):
                items, done = self._drafts(batch, feed)
                retry_later |= len(done) < len(batch)
                for item in self._process(items):
                    if isinstance(item, Skip):
                        summary.problems.append(item)
                    yield item
                self.store.mark_seen(done, feed=ref)
            # Validators are kept only when every new entry was dealt with: after a passing failure (a
            # timeout, a 5xx) the next round must GET the feed in full, not get a 304 and forget the entry.
            if validators is not None and not retry_later:
                self.store.save_feed_state(ref, etag=validators[0], last_modified=validators[1])

    def _poll_feed(self, ref: str) -> tuple[Feed, tuple[str | None, str | None] | None] | None:
        """The feed and its new validators (None for a file), or None when it has not changed."""
        if is_url(ref):
            state = self.store.feed_state(ref)
            result = self.fetcher.fetch(
                ref, etag=state.etag if state else None, last_modified=state.last_modified if state else None
            )
            if result.not_modified:
                return None
            data, url = result.content, result.url
            validators: tuple[str | None, str | None] | None = (result.etag, result.last_modified)
        else:
            data, url, validators = read_bytes(Path(ref), max_bytes=self.settings.max_bytes), None, None
        if data[:2] == b"\x1f\x8b":
            data = gunzip_capped(data, max_bytes=self.settings.max_bytes, source=ref)
        return parse_feed(data, source=ref, url=url), validators

    def _drafts(self, entries: list[FeedEntry], feed: Feed) -> tuple[list[Draft | Skip], list[str]]:
        """Drafts (or Skips) of entries, and the keys to mark seen: all but those that failed for a
        reason that may pass (a timeout, a 5xx), which are tried again next round."""
        items: list[Draft | Skip] = []
        done: list[str] = []
        for entry in entries:
            try:
                items.append(entry_draft(entry, feed=feed, fetcher=self.fetcher))
            except FetchError as exc:
                items.append(Skip(exc.source, exc.reason))
                if not exc.transient:
                    done.append(entry.key)
                continue
            except InputError as exc:
                items.append(Skip(exc.source, exc.reason))
            done.append(entry.key)
        return items, done
