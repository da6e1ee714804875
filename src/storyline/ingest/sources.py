"""Turns paths (files and directories) and URLs into Drafts, choosing the reader by type.

Files go by suffix: text, HTML, JSONL/JSON/CSV; ``.xml .rss .atom`` (and ``.xml.gz``) by their root
element to the feed or sitemap reader; ``.warc .warc.gz .arc .arc.gz`` to the WARC reader; ``.urls`` (or
a ``.txt`` file holding only URLs) to the URL-list reader. An argument starting with ``http://`` or
``https://`` is fetched (see ``fetch``) and read by what it turns out to be: a feed, a sitemap or a page.

Any other URL scheme (``ftp:``, ``s3:``, ``mailto:``...) is one Skip naming it, never a path. A ``file:``
URL is read as the local path it names (``file:///data/a.txt``, ``file://localhost/...``; percent-escapes
decoded), and its Drafts and Skips are named by that path.

Readers never raise on one bad input: it becomes a ``Skip`` with its path (or URL) and the reason, and the
other inputs are still read. Everything streams: one file, feed or page at a time. In a directory, a
dangling symbolic link, a link to a directory (not followed: links can loop), an unreadable subfolder and
a device or pipe are each one Skip; hidden entries and FOLDER_DOCS are left out without one.

Every Draft and Skip is named by ``safe_name``: a file name's undecodable bytes and control characters
are shown as escapes (``bad\\xffname.txt``, ``two\\nlines.txt``), so the name stores, prints on one line
and is the same in both; the file itself is opened by its real path.
"""

from __future__ import annotations

import codecs
import dataclasses
import errno
import logging
import os
import re
import stat
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote_to_bytes, urlsplit

from ..config import Settings
from ..errors import InputError
from ..model import Draft, NoiseSpan, Skip
from .decode import decode_text, read_bytes, safe_name
from .tabular import read_csv, read_json, read_jsonl
from .text import read_text
from .urls import URL_LIST_SUFFIXES, is_url, is_url_list, read_url_list

if TYPE_CHECKING:
    from .fetch import Fetcher, FetchResult

log = logging.getLogger(__name__)

TEXT_SUFFIXES = {".txt", ".text", ".md"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
TABULAR_SUFFIXES = {".jsonl", ".ndjson", ".json", ".csv"}
#: Read as a feed or a sitemap, by the root element.
XML_SUFFIXES = {".xml", ".rss", ".atom"}
#: Web archives (matched on the end of the name: ``.warc.gz`` has the suffix ``.gz``).
WARC_SUFFIXES = (".warc", ".warc.gz", ".arc", ".arc.gz")
SUPPORTED = TEXT_SUFFIXES | HTML_SUFFIXES | TABULAR_SUFFIXES | XML_SUFFIXES | URL_LIST_SUFFIXES
#: Root elements of feeds (RSS 2.0/0.9x, RSS 1.0 = rdf:RDF, Atom) and of sitemaps.
FEED_ROOTS = frozenset({"rss", "rdf", "feed"})
SITEMAP_ROOTS = frozenset({"urlset", "sitemapindex"})
#: Media types read as web pages; text/plain is read as a text article.
HTML_MEDIA = frozenset({"text/html", "application/xhtml+xml"})
#: Bytes scanned for the root element: XML declarations, comments and a DOCTYPE come first and rarely
#: take more than a few hundred bytes; 64 KiB allows a long licence comment.
ROOT_SNIFF_BYTES = 64 * 1024
#: Files a corpus folder commonly holds about itself, never articles: left out when a directory is read
#: (still read when named directly).
FOLDER_DOCS = {"readme", "license", "licence", "changelog", "notice", "copying"}
#: An argument starting with a URL scheme: two characters at least, so a Windows drive (``C:\\news``) is
#: still a path. It counts as a URL when ``//`` follows or the scheme is one of KNOWN_SCHEMES.
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]+):")
#: Schemes recognised without ``//`` (``mailto:a@b``, ``file:/tmp/a.txt``, ``data:text/plain,...``).
KNOWN_SCHEMES = frozenset({"file", "ftp", "ftps", "sftp", "http", "https", "data", "mailto", "javascript", "s3",
                           "gs", "ssh", "git", "news", "nntp", "tel", "about"})  # fmt: skip


def html_to_draft(html: str | bytes, *, source: str, url: str | None = None) -> Draft:
    """Main text and metadata of an HTML page as a Draft (raises InputError when there is no article)."""
    from .html import parse_html  # trafilatura is heavy: import it only when HTML comes in

    parts = parse_html(html, source=source, url=url)
    # raw keeps every body line, dropped ones too, so what the HTML reader removed is recorded as noise.
    raw_lines = parts.lines or ((parts.text, None),)
    raw, noise, pos = "", [], 0
    for line, reason in raw_lines:
        if raw:
            raw += "\n\n"
            pos += 2
        raw += line
        if reason:
            noise.append(NoiseSpan(reason, line, pos, pos + len(line)))
        pos += len(line)
    return Draft(
        source=source,
        raw=raw,
        noise=tuple(noise),
        url=parts.url or url,
        outlet=parts.outlet,
        title=parts.title,
        byline=parts.byline,
        published=parts.published,
        language=parts.language or "en",
        markup=True,
    )


def decode_declared(body: bytes, content_type: str | None) -> str | bytes:
    """Body bytes decoded with the charset the HTTP Content-Type declares (HTTP wins over <meta>, as in
    browsers); the bytes unchanged when none is declared or it does not fit, for the HTML reader to sniff."""
    match = re.search(r"charset\s*=\s*[\"']?([A-Za-z0-9_.:-]+)", content_type or "", re.IGNORECASE)
    if not match:
        return body
    try:
        return body.decode(codecs.lookup(match.group(1)).name)
    except (LookupError, UnicodeDecodeError):
        return body


def xml_root(data: bytes) -> str | None:
    """Local name, lower case, of the first element of a markup document (None if there is none).

    The XML declaration, processing instructions, comments and a DOCTYPE (with an internal subset) are
    stepped over, so ``<?xml ...?><!-- ... --><rss>`` gives "rss" and ``<rdf:RDF>`` gives "rdf".
    """
    head = data[:ROOT_SNIFF_BYTES]
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        head = head.decode("utf-16", errors="ignore").encode("utf-8")
    elif head.startswith(codecs.BOM_UTF8):
        head = head[3:]
    pos = 0
    while True:
        pos = len(head) - len(head[pos:].lstrip())
        if head.startswith(b"<?", pos):
            end = head.find(b"?>", pos)
            pos = -1 if end < 0 else end + 2
        elif head.startswith(b"<!--", pos):
            end = head.find(b"-->", pos)
            pos = -1 if end < 0 else end + 3
        elif head[pos : pos + 9].upper() == b"<!DOCTYPE":
            gt, bracket = head.find(b">", pos), head.find(b"[", pos)
            if 0 <= bracket < gt:
                gt = head.find(b">", head.find(b"]", bracket))
            pos = -1 if gt < 0 else gt + 1
        else:
            match = re.match(rb"<([A-Za-z_][\w.\-]*(?::[A-Za-z_][\w.\-]*)?)", head[pos:])
            return match.group(1).decode("ascii").rsplit(":", 1)[-1].lower() if match else None
        if pos < 0:
            return None


def page_draft(result: FetchResult, *, source: str) -> Draft:
    """A fetched page as a Draft: HTML through the HTML reader, text/plain through the text reader.

    Raises:
        InputError: the body is empty or neither a web page nor text (a PDF, an image, JSON...).
    """
    body, media = result.content, result.media_type
    if not body.strip():
        raise InputError(source, "empty response body")
    looks_html = (xml_root(body) or "") in {"html", "head", "body"}
    if media in HTML_MEDIA or (media in ("", "application/octet-stream") and looks_html):
        return html_to_draft(decode_declared(body, result.content_type), source=source, url=result.url)
    if media == "text/plain":
        text, _ = decode_text(body, source=source)
        draft = read_text(text, source=source)
        return draft if draft.url else dataclasses.replace(draft, url=result.url)
    raise InputError(source, f"not an article page (content type {media or 'unknown'!r})")


def is_warc_path(path: Path) -> bool:
    """True for web-archive file names (``.warc``, ``.warc.gz``, ``.arc``, ``.arc.gz``)."""
    return path.name.lower().endswith(WARC_SUFFIXES)


def _supported(path: Path) -> bool:
    name = path.name.lower()
    return path.suffix.lower() in SUPPORTED or is_warc_path(path) or name.endswith(".xml.gz")


class _LazyFetcher:
    """Makes the Fetcher on first use (most runs read only files) and closes it at the end."""

    def __init__(self, settings: Settings, fetcher: Fetcher | None = None) -> None:
        self.settings = settings
        self._fetcher = fetcher
        self._owned = False

    def __call__(self) -> Fetcher:
        if self._fetcher is None:
            from .fetch import Fetcher

            self._fetcher = Fetcher(self.settings)
            self._owned = True
        return self._fetcher

    def close(self) -> None:
        if self._owned and self._fetcher is not None:
            self._fetcher.close()
            self._fetcher = None


def _read_markup(data: bytes, *, source: str, fetcher: Fetcher, result: FetchResult | None) -> Iterator[Draft | Skip]:
    """Feed, sitemap or (for fetched data) page, by the root element; raises InputError."""
    if data[:2] == b"\x1f\x8b":  # a gzip file (sitemap.xml.gz) or a body typed application/x-gzip
        from .fetch import gunzip_capped

        data = gunzip_capped(data, max_bytes=fetcher.settings.max_bytes, source=source)
    root = xml_root(data)
    url = result.url if result else None
    if root in FEED_ROOTS:
        from .feeds import read_feed

        yield from read_feed(data, source=source, fetcher=fetcher, url=url)
    elif root in SITEMAP_ROOTS:
        from .sitemaps import read_sitemap

        yield from read_sitemap(data, source=source, fetcher=fetcher)
    elif result is not None:
        yield page_draft(dataclasses.replace(result, content=data), source=source)
    else:
        found = f"root element <{root}>" if root else "no XML root element"
        raise InputError(source, f"neither a feed (rss, RDF, feed) nor a sitemap (urlset, sitemapindex): {found}")


def _safe(item: Draft | Skip) -> Draft | Skip:
    """The item named by ``safe_name`` (readers below name things by what they were given)."""
    name = safe_name(item.source)
    return item if name == item.source else dataclasses.replace(item, source=name)


def read_url(url: str, *, fetcher: Fetcher) -> Iterator[Draft | Skip]:
    """Fetch a URL and read it as what it is: a feed, a sitemap, or an article page.

    A failure is one Skip naming the URL; inside a feed or sitemap each page that fails is its own Skip.
    """
    source = safe_name(url)
    try:
        result = fetcher.fetch(url)
        for item in _read_markup(result.content, source=source, fetcher=fetcher, result=result):
            yield _safe(item)
    except InputError as exc:
        yield Skip(safe_name(exc.source), exc.reason)


def _read_urls(text: str, *, source: str, fetcher: Fetcher) -> Iterator[Draft | Skip]:
    for item in read_url_list(text, source=source):
        if isinstance(item, Skip):
            yield item
        else:
            yield from read_url(item, fetcher=fetcher)


def _scheme(given: str) -> str | None:
    """The URL scheme an argument starts with, lower case (None for a path)."""
    match = _SCHEME.match(given)
    if match and (given[match.end() : match.end() + 2] == "//" or match.group(1).lower() in KNOWN_SCHEMES):
        return match.group(1).lower()
    return None


def _file_url(url: str) -> Path | Skip:
    """The local path a ``file:`` URL names, or a Skip when it names another host or no path."""
    parts = urlsplit(url)
    if parts.netloc not in ("", "localhost"):
        host = safe_name(parts.netloc)
        return Skip(safe_name(url), f"file: URL names another host ({host}); only local files are read")
    if not parts.path:
        return Skip(safe_name(url), "file: URL names no path")
    return Path(os.fsdecode(unquote_to_bytes(parts.path)))


def _unusable(path: Path, exc: OSError) -> str:
    """Why ``path`` cannot be read, from the error stat gave (a dangling link names its target)."""
    if exc.errno == errno.ENOENT and path.is_symlink():
        try:
            target = safe_name(os.readlink(path))
        except OSError:
            target = "?"
        return f"dangling symbolic link: its target {target} does not exist"
    if exc.errno == errno.ENOENT:
        return "no such file or directory"
    if exc.errno == errno.ELOOP:
        return "symbolic link loop"
    return f"cannot read: {exc.strerror or exc}"


def _folder(root: Path) -> Iterator[Path | Skip]:
    """Supported files under ``root``, sorted, and a Skip for each entry that cannot be read.

    Hidden entries and FOLDER_DOCS are left out silently; links to directories are not followed (they
    can loop), each is a Skip; a subfolder that cannot be listed is one Skip and the rest is still read.
    """
    found: list[tuple[Path, str | None]] = []
    folders = [root]
    while folders:
        folder = folders.pop()
        try:
            with os.scandir(folder) as listing:
                entries = list(listing)
        except OSError as exc:
            found.append((folder, f"cannot read directory: {exc.strerror or exc}"))
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = Path(entry.path)
            try:
                mode = os.stat(path).st_mode
            except OSError as exc:
                found.append((path, _unusable(path, exc)))
                continue
            if stat.S_ISDIR(mode):
                if entry.is_symlink():
                    found.append((path, "symbolic link to a directory, not followed (name it to read it)"))
                else:
                    folders.append(path)
            elif not stat.S_ISREG(mode):
                found.append((path, "not a regular file"))
            elif path.stem.lower() in FOLDER_DOCS:
                continue
            elif _supported(path):
                found.append((path, None))
            else:
                found.append((path, f"unsupported file type {path.suffix or '(none)'!r}"))
    for path, reason in sorted(found, key=lambda item: item[0]):
        yield path if reason is None else Skip(safe_name(path), reason)


def expand_paths(paths: Iterable[str | Path]) -> Iterator[Path | Skip]:
    """Files named directly, and supported files under directories (sorted, hidden ones left out).

    http(s) URLs are not paths: ``iter_drafts`` routes them before calling this. Other URL schemes are a
    Skip each; a ``file:`` URL is the local path it names. Skips are named by ``safe_name``.
    """
    for given in paths:
        path: Path | Skip = Path(given)
        if isinstance(given, str) and not os.path.lexists(given) and (scheme := _scheme(given)):
            if scheme == "file":
                path = _file_url(given)
            elif scheme in ("http", "https"):
                path = Skip(safe_name(given), "not a valid http(s) URL (a host is needed, and no spaces)")
            else:
                path = Skip(safe_name(given), f"unsupported URL scheme {scheme}; only http(s) URLs are fetched")
        if isinstance(path, Skip):
            yield path
            continue
        try:
            mode = os.stat(path).st_mode
        except OSError as exc:
            yield Skip(safe_name(path), _unusable(path, exc))
            continue
        if stat.S_ISDIR(mode):
            yield from _folder(path)
        elif stat.S_ISREG(mode):
            yield path
        else:
            yield Skip(safe_name(path), "not a regular file")


def read_file(
    path: Path, *, max_bytes: int, fetcher: Callable[[], Fetcher] | None = None
) -> Iterator[Draft | Skip]:
    """All Drafts in one file; a problem with the file is one Skip.

    Drafts and Skips are named by ``safe_name(path)``; the file is read by its real path. ``fetcher``
    gives the Fetcher for feeds, sitemaps and URL lists that link to pages (made on first use when not
    given).
    """
    for item in _read_file(path, max_bytes=max_bytes, fetcher=fetcher):
        yield _safe(item)


def _read_file(
    path: Path, *, max_bytes: int, fetcher: Callable[[], Fetcher] | None = None
) -> Iterator[Draft | Skip]:
    source = safe_name(path)
    suffix = path.suffix.lower()
    if is_warc_path(path):
        from .warc import read_warc

        yield from read_warc(path, max_bytes=max_bytes)
        return
    lazy = _LazyFetcher(Settings(max_bytes=max_bytes)) if fetcher is None else None
    get_fetcher = fetcher or lazy
    assert get_fetcher is not None
    try:
        data = read_bytes(path, max_bytes=max_bytes, source=source)
        if suffix in XML_SUFFIXES or path.name.lower().endswith(".xml.gz"):
            yield from _read_markup(data, source=source, fetcher=get_fetcher(), result=None)
            return
        if suffix in HTML_SUFFIXES:
            yield html_to_draft(data, source=source)
            return
        text, warning = decode_text(data, source=source)
        if warning:
            log.warning("%s: %s", source, warning)
        if not text.strip():
            raise InputError(source, "file holds only white space")
        if suffix in URL_LIST_SUFFIXES or (suffix in {".txt", ".text"} and is_url_list(text)):
            yield from _read_urls(text, source=source, fetcher=get_fetcher())
        elif suffix in {".jsonl", ".ndjson"}:
            yield from read_jsonl(text, source=source, html_parser=html_to_draft)
        elif suffix == ".json":
            yield from read_json(text, source=source, html_parser=html_to_draft)
        elif suffix == ".csv":
            yield from read_csv(text, source=source, html_parser=html_to_draft)
        elif text.lstrip()[:1] == "<" and "</" in text[:5000] and suffix not in TEXT_SUFFIXES:
            yield html_to_draft(text, source=source)
        else:
            yield read_text(text, source=source)
    except InputError as exc:
        yield Skip(exc.source, exc.reason)
    finally:
        if lazy is not None:
            lazy.close()


def iter_drafts(
    paths: Iterable[str | Path],
    *,
    max_bytes: int | None = None,
    settings: Settings | None = None,
    fetcher: Fetcher | None = None,
) -> Iterator[Draft | Skip]:
    """Every Draft (or Skip) from URLs, files and directories, in a stable order, one input at a time.

    Args:
        paths: files, directories, and http(s) URLs (articles, feeds or sitemaps); a ``file:`` URL is the
            path it names, any other URL scheme is a Skip.
        max_bytes: largest input read (default ``settings.max_bytes``).
        settings: fetch options (timeouts, pacing, retries, ``allow_private``); defaults work.
        fetcher: a Fetcher to use (made from ``settings`` on first need when not given).
    """
    settings = settings or Settings()
    if max_bytes is not None and max_bytes != settings.max_bytes:
        settings = settings.replace(max_bytes=max_bytes)
    lazy = _LazyFetcher(settings, fetcher)
    try:
        for given in paths:
            if isinstance(given, str) and is_url(given):
                yield from read_url(given.strip(), fetcher=lazy())
                continue
            for item in expand_paths([given]):
                if isinstance(item, Skip):
                    yield item
                else:
                    yield from read_file(item, max_bytes=settings.max_bytes, fetcher=lazy)
    finally:
        lazy.close()
