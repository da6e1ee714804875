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
    Skips; the other children are still read.

    Raises:
        InputError: the top-level sitemap itself cannot be parsed.
    """
    budget = [max_sitemaps]
    yield from _walk(parse_sitemap(data, source=source, max_bytes=fetcher.settings.max_bytes), source=source,
                     fetcher=fetcher, depth=0, max_depth=max_depth, budget=budget, seen={source})


def _walk(
    sitemap: Sitemap, *, source: str, fetcher: Fetcher, depth: int, max_depth: int, budget: list[int],
    seen: set[str],
) -> Iterator[SitemapEntry | Skip]:
    if sitemap.kind == "urlset":
        yield from sitemap.entries
        return
    for child in sitemap.entries:
        if child.url in seen:
            continue  # an index listing itself or a sibling twice
        seen.add(child.url)
        if depth >= max_depth:
            yield Skip(child.url, f"sitemap index nested deeper than {max_depth} levels (from {source})")
            continue
        if budget[0] <= 0:
            yield Skip(child.url, f"over the limit of {MAX_SITEMAPS} sitemaps read from {source}")
            continue
        budget[0] -= 1
        try:
            result = fetcher.fetch(child.url)
            parsed = parse_sitemap(result.content, source=child.url, max_bytes=fetcher.settings.max_bytes)
        except InputError as exc:
            yield Skip(exc.source, exc.reason)
            continue
        yield from _walk(parsed, source=child.url, fetcher=fetcher, depth=depth + 1, max_depth=max_depth,
                         budget=budget, seen=seen)


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
