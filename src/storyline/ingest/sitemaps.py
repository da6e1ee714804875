"""Sitemaps: ``urlset`` files, sitemap indexes (followed, bounded) and Google News sitemaps -> pages.

The XML is untrusted: lxml parses it with entity resolution, network access, DTD loading and huge trees
all off, so neither external entities (XXE) nor entity expansion (billion laughs) can do anything.
Elements are matched by local name, so sitemaps with missing or odd namespaces still read.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal
from urllib.parse import urlsplit, urlunsplit

import lxml.etree as etree

from ..config import DEFAULT_MAX_BYTES
from ..errors import InputError
from ..model import Draft, Skip
from .fetch import Fetcher, gunzip_capped
from .sources import page_draft

log = logging.getLogger(__name__)

__all__ = ["Sitemap", "SitemapEntry", "iter_sitemap_entries", "parse_sitemap", "read_sitemap"]

#: Levels of sitemap index followed below the first file. The protocol allows one (index -> urlset);
#: large sites nest a second (yearly index -> monthly index -> urlset); deeper is a loop or a trap.
MAX_SITEMAP_DEPTH = 2
#: Child sitemaps fetched from one top-level sitemap. A news site's index lists tens (one per day or month
#: of archive); a cap keeps a hostile index from sending the fetcher to thousands of files.
MAX_SITEMAPS = 100
#: URLs read from one sitemap file: the protocol's own limit (50,000); more means a broken file.
MAX_URLS_PER_SITEMAP = 50_000


@dataclass(frozen=True, slots=True)
class SitemapEntry:
    """A URL listed in a sitemap, with what the sitemap says about it (Google News fields included)."""

    url: str
    lastmod: dt.date | None = None
    title: str | None = None  # news:title
    published: dt.date | None = None  # news:publication_date
    outlet: str | None = None  # news:publication/news:name
    language: str | None = None  # news:publication/news:language


@dataclass(frozen=True, slots=True)
class Sitemap:
    """A parsed sitemap: page URLs (``urlset``) or child sitemap URLs (``sitemapindex``)."""

    kind: Literal["urlset", "sitemapindex"]
    entries: tuple[SitemapEntry, ...]


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False, dtd_validation=False,
        remove_comments=True, remove_pis=True, recover=True,
    )


def _local(tag: object) -> str:
    return etree.QName(tag).localname.lower() if isinstance(tag, str) else ""


def _text(element: etree._Element | None) -> str | None:
    if element is None:
        return None
    text = "".join(t for t in element.itertext() if isinstance(t, str)).strip()
    return text or None


def _child(element: etree._Element, *path: str) -> etree._Element | None:
    current: etree._Element | None = element
    for name in path:
        if current is None:
            return None
        current = next((c for c in current if _local(c.tag) == name), None)
    return current


def _date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value.strip()[:10])
    except ValueError:
        return None


def parse_sitemap(data: bytes, *, source: str, max_bytes: int = DEFAULT_MAX_BYTES) -> Sitemap:
    """Parse sitemap XML (gzip-compressed data is inflated first, up to ``max_bytes``).

    Raises:
        InputError: not XML, or the root is neither ``urlset`` nor ``sitemapindex``.
    """
    if data[:2] == b"\x1f\x8b":
        data = gunzip_capped(data, max_bytes=max_bytes, source=source)
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as exc:
        raise InputError(source, f"malformed sitemap XML: {exc}") from exc
    if root is None:
        raise InputError(source, "malformed sitemap XML: no root element")
    kind = _local(root.tag)
    if kind not in ("urlset", "sitemapindex"):
        raise InputError(source, f"XML root <{kind}> is not a sitemap (urlset or sitemapindex)")
    item = "url" if kind == "urlset" else "sitemap"
    entries: list[SitemapEntry] = []
    for element in root:
        if _local(element.tag) != item:
            continue
        loc = _text(_child(element, "loc"))
        if not loc or not loc.lower().startswith(("http://", "https://")):
            continue
        if len(entries) == MAX_URLS_PER_SITEMAP:
            log.warning("%s: more than %d URLs; the rest are left out", source, MAX_URLS_PER_SITEMAP)
            break
        news = _child(element, "news")
        entries.append(
            SitemapEntry(
                url=loc,
                lastmod=_date(_text(_child(element, "lastmod"))),
                title=_text(_child(news, "title")) if news is not None else None,
                published=_date(_text(_child(news, "publication_date"))) if news is not None else None,
                outlet=_text(_child(news, "publication", "name")) if news is not None else None,
                language=_text(_child(news, "publication", "language")) if news is not None else None,
            )
        )
    return Sitemap(kind="urlset" if kind == "urlset" else "sitemapindex", entries=tuple(entries))


def iter_sitemap_entries(
    data: bytes, *, source: str, fetcher: Fetcher, max_depth: int = MAX_SITEMAP_DEPTH,
    max_sitemaps: int = MAX_SITEMAPS,
) -> Iterator[SitemapEntry | Skip]:
    """Every page URL of a sitemap, following sitemap indexes down to ``max_depth`` levels.

    Child sitemaps that cannot be fetched or parsed, and those beyond the depth or count limits, are
    Skips; the other children are still read. An index that lists itself, or a sitemap it descends from
    (a loop), is one Skip naming that index and the loop; a sitemap listed again elsewhere is read once.

    Raises:
        InputError: the top-level sitemap itself cannot be parsed.
    """
    top = parse_sitemap(data, source=source, max_bytes=fetcher.settings.max_bytes)
    walk = _Walk(fetcher=fetcher, max_depth=max_depth, max_sitemaps=max_sitemaps, read={_key(source)})
    yield from walk.sitemap(top, chain=(_Hop(source, frozenset({_key(source)})),))


def _key(url: str) -> str:
    """``url`` as compared for "the same sitemap": scheme and host lower-cased, default port and fragment
    dropped (so a loop written with ``HTTP://Example.com:80/s.xml`` is still a loop)."""
    parts = urlsplit(url.strip())
    try:
        port = parts.port
    except ValueError:
        return url.strip()
    scheme = parts.scheme.lower()
    host = parts.hostname or ""
    netloc = f"{host}:{port}" if port and port != {"http": 80, "https": 443}.get(scheme) else host
    return urlunsplit((scheme, netloc, parts.path or "/", parts.query, ""))


@dataclass(frozen=True, slots=True)
class _Hop:
    """One sitemap on the way down: the URL it was listed as, and the keys it is known by (the listed URL
    and, after a redirect, the URL it was fetched from)."""

    url: str
    keys: frozenset[str]


@dataclass(slots=True)
class _Walk:
    """One walk down a sitemap index: its limits, the sitemaps met so far and how many were fetched."""

    fetcher: Fetcher
    max_depth: int
    max_sitemaps: int
    read: set[str]
    fetched: int = 0

    def sitemap(self, sitemap: Sitemap, *, chain: tuple[_Hop, ...]) -> Iterator[SitemapEntry | Skip]:
        if sitemap.kind == "urlset":
            yield from sitemap.entries
            return
        source, depth = chain[-1].url, len(chain) - 1
        looped: set[str] = set()
        for child in sitemap.entries:
            key = _key(child.url)
            loop = next((i for i, hop in enumerate(chain) if key in hop.keys), None)
            if loop is not None:
                if key not in looped:  # one Skip per loop, however often the index repeats the entry
                    looped.add(key)
                    yield Skip(source, _loop_reason(chain[loop:], child.url))
                continue
            if key in self.read:  # listed twice, by this index or another: read once, nothing is lost
                log.info("%s: lists %s, already read; not read again", source, child.url)
                continue
            self.read.add(key)
            if depth >= self.max_depth:
                yield Skip(child.url, f"sitemap index nested deeper than {self.max_depth} levels (from {source})")
                continue
            if self.fetched >= self.max_sitemaps:
                yield Skip(child.url, f"over the limit of {self.max_sitemaps} sitemaps read from {chain[0].url}")
                continue
            self.fetched += 1
            try:
                result = self.fetcher.fetch(child.url)
                parsed = parse_sitemap(result.content, source=child.url, max_bytes=self.fetcher.settings.max_bytes)
            except InputError as exc:
                yield Skip(exc.source, exc.reason)
                continue
            hop = _Hop(child.url, frozenset({key, _key(result.url)}))
            yield from self.sitemap(parsed, chain=(*chain, hop))


def _loop_reason(loop: tuple[_Hop, ...], listed: str) -> str:
    """Why a sitemap index's entry is not followed: it is the index itself, or one it descends from."""
    if len(loop) == 1:
        return "sitemap index lists itself; not read again"
    path = " -> ".join([hop.url for hop in loop] + [listed])
    return f"sitemap index loop: lists {listed}, which leads back here ({path}); not read again"


def read_sitemap(data: bytes, *, source: str, fetcher: Fetcher) -> Iterator[Draft | Skip]:
    """Fetch every page a sitemap lists and read it as an article (a Skip for each page that fails).

    News-sitemap metadata fills what the page lacks; its publication date and publication name win over
    what is guessed from the page.

    Raises:
        InputError: the top-level sitemap cannot be parsed.
    """
    for item in iter_sitemap_entries(data, source=source, fetcher=fetcher):
        if isinstance(item, Skip):
            yield item
            continue
        try:
            draft = page_draft(fetcher.fetch(item.url), source=item.url)
        except InputError as exc:
            yield Skip(exc.source, exc.reason)
            continue
        yield dataclasses.replace(
            draft,
            title=draft.title or item.title,
            published=item.published or draft.published,
            outlet=item.outlet or draft.outlet,
            language=item.language or draft.language,
        )
