"""RSS and Atom feeds: each entry becomes a Draft, from the full text the feed carries or the linked page.

feedparser only ever sees bytes already read or fetched (it is never handed a URL, so it never fetches;
its SAX parser has external entities turned off). A feed so broken that no entry parses is one Skip; a
partly broken feed keeps the entries that parsed.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import html
import io
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import feedparser

from ..errors import InputError
from ..model import Draft, Skip
from .fetch import Fetcher
from .sources import html_to_draft, page_draft

log = logging.getLogger(__name__)

__all__ = ["Feed", "FeedEntry", "entry_draft", "parse_feed", "read_feed"]

#: Words an entry's own content must have to be taken as the full article (not a teaser). Feed summaries
#: run 20-80 words; the shortest real news items (briefs, wire snaps) run ~150-300. Entries below this
#: are read from the linked page instead.
MIN_CONTENT_WORDS = 150

#: feedparser "bozo" exceptions that say how the bytes were decoded, not that the XML is broken: the feed
#: was parsed in full. (CharacterEncodingUnknown, also in feedparser's "nobody cares" family, is kept as
#: a problem: nothing decoded the bytes cleanly.)
ENCODING_NOTICES = (feedparser.CharacterEncodingOverride, feedparser.NonXMLContentType)

_TAG = re.compile(r"<[^>]+>")


@dataclass(frozen=True, slots=True)
class FeedEntry:
    """One feed entry: its link and metadata, and its content when it carries the full article."""

    key: str  # the link, else the entry id: what "seen before" is judged on
    link: str | None
    title: str | None
    published: dt.date | None
    author: str | None
    content: str | None  # full article HTML (at least MIN_CONTENT_WORDS words), else None
    index: int = 0  # position in the feed, for naming an entry without a link


@dataclass(frozen=True, slots=True)
class Feed:
    """A parsed feed: where it came from, its title, its entries and any parse problem."""

    source: str
    title: str | None
    entries: tuple[FeedEntry, ...]
    problem: str | None = None  # what was broken, when the feed parsed only in part


def _words(markup: str) -> int:
    return len(html.unescape(_TAG.sub(" ", markup)).split())


def _date(entry: Any) -> dt.date | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        parsed = entry.get(key)
        if parsed:
            try:
                return dt.date(parsed.tm_year, parsed.tm_mon, parsed.tm_mday)
            except ValueError:
                continue
    return None


def _full_content(entry: Any) -> str | None:
    """The longest content the entry carries (content:encoded, atom content, description) if long enough."""
    candidates = [c.get("value", "") for c in entry.get("content", []) or []]
    candidates.append(entry.get("summary", "") or "")
    best = max(candidates, key=_words, default="")
    return best if best and _words(best) >= MIN_CONTENT_WORDS else None


def _content_key(entry: Any) -> str:
    """A stable key for an entry with neither link nor id: a hash of its title and text (its position in
    the feed would change as new entries are added)."""
    text = "\n".join([entry.get("title") or "", entry.get("summary") or ""])
    return "sha1:" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:20]


def parse_feed(data: bytes, *, source: str, url: str | None = None) -> Feed:
    """Parse RSS/Atom bytes.

    Args:
        data: the feed document.
        source: names the feed in messages (a path or URL).
        url: the feed's URL, used to resolve relative links.

    Returns:
        The feed with every entry that parsed (``problem`` says what was broken, if anything).

    Raises:
        InputError: the XML is so malformed that no entry could be read.
    """
    # feedparser treats the headers it is given as the whole HTTP response: with a Content-Location alone
    # it flags every fetched feed "bozo" (NonXMLContentType: no Content-type specified), which was logged
    # as "partly malformed" for correct feeds (issue 12, item 13). The server's own type is not passed
    # either: a feed served as text/xml without a charset would be decoded as US-ASCII (RFC 3023), and a
    # stray charset would override the XML declaration. Saying application/xml lets the bytes decide the
    # encoding (BOM, XML declaration, else UTF-8), as for a feed read from a file.
    headers = {"content-type": "application/xml"}
    if url:
        headers["content-location"] = url  # the base for relative links
    parsed = feedparser.parse(io.BytesIO(data), response_headers=headers)
    problem = None
    notice = parsed.get("bozo_exception") if parsed.get("bozo") else None
    if isinstance(notice, ENCODING_NOTICES):
        # The whole feed was read, in another encoding than the one it implied (e.g. UTF-16 with a BOM but
        # no XML declaration, or windows-1252 bytes with none): worth a note, not a "malformed" warning.
        log.info("%s: feed read in full (%s)", source, notice)
    elif notice is not None:
        problem = f"{type(notice).__name__}: {notice}"
        if not parsed.entries:
            raise InputError(source, f"malformed feed, no entry could be read ({problem})")
        log.warning("%s: feed partly malformed, kept %d entries (%s)", source, len(parsed.entries), problem)
    entries = []
    for index, entry in enumerate(parsed.entries):
        link = (entry.get("link") or "").strip() or None
        key = link or (entry.get("id") or "").strip() or _content_key(entry)
        entries.append(
            FeedEntry(
                key=key,
                link=link,
                title=(entry.get("title") or "").strip() or None,
                published=_date(entry),
                author=(entry.get("author") or "").strip() or None,
                content=_full_content(entry),
                index=index,
            )
        )
    title = (parsed.feed.get("title") or "").strip() or None
    return Feed(source=source, title=title, entries=tuple(entries), problem=problem)


def entry_draft(entry: FeedEntry, *, feed: Feed, fetcher: Fetcher) -> Draft:
    """The Draft of one entry: from its own full content, else from the page it links to.

    The feed's machine-readable metadata fills what the page lacks; its publication date wins over a date
    guessed from the page.

    Raises:
        InputError: the entry has neither full content nor a link, or its page cannot be read
            (``FetchError`` for fetch failures).
    """
    source = entry.link or f"{feed.source}#entry-{entry.index}"
    if entry.content:
        title = html.escape(entry.title or "")
        page = f"<html><head><title>{title}</title></head><body><article>{entry.content}</article></body></html>"
        draft = html_to_draft(page, source=source, url=entry.link)
        # A bare fragment has no site name: the HTML reader would fall back to the link's host name, and
        # the feed's own title names the outlet better.
        outlet = feed.title or draft.outlet
    elif entry.link:
        draft = page_draft(fetcher.fetch(entry.link), source=entry.link)
        outlet = draft.outlet or feed.title
    else:
        raise InputError(source, "feed entry has no link and no full text")
    return dataclasses.replace(
        draft,
        title=draft.title or entry.title,
        byline=draft.byline or entry.author,
        published=entry.published or draft.published,
        outlet=outlet,
    )


def read_feed(data: bytes, *, source: str, fetcher: Fetcher, url: str | None = None) -> Iterator[Draft | Skip]:
    """Every entry of a feed as a Draft, or a Skip naming the entry and the problem.

    Raises:
        InputError: the feed is too malformed to read any entry (the caller turns it into one Skip).
    """
    feed = parse_feed(data, source=source, url=url)
    if not feed.entries:
        log.info("%s: feed has no entries", source)
    for entry in feed.entries:
        try:
            yield entry_draft(entry, feed=feed, fetcher=fetcher)
        except InputError as exc:
            yield Skip(exc.source, exc.reason)
