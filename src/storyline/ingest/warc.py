"""WARC and ARC archives (plain or gzipped, e.g. Common Crawl News): each HTML page fetched with status 200
becomes a Draft.

Records are streamed one at a time (a 1 GB archive never sits in memory); a record over ``max_bytes`` is a
Skip. warcio passes over some damage silently (a gzip member cut short, a record whose body ends early,
bytes after the last record it could read), so each record's body is checked to be complete and the file
is checked to end where the last record ends. A damaged archive keeps the records read before the damage
and adds one Skip naming the file and the problem.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from warcio.archiveiterator import ArchiveIterator

from ..errors import InputError
from ..model import Draft, Skip
from .sources import decode_declared, html_to_draft

log = logging.getLogger(__name__)

__all__ = ["read_warc"]

#: Media types of the records read as articles (everything else in a crawl - images, scripts, feeds,
#: robots.txt - is passed over without a Skip: it was never an article).
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
#: Bytes read at a time when draining a record.
CHUNK_BYTES = 64 * 1024
#: Bytes looked at after the last record to tell a clean end (only blank lines) from leftover damage.
TAIL_BYTES = 64 * 1024


class _Damaged(Exception):
    """The archive is truncated or corrupt at this point."""


@dataclass(frozen=True, slots=True)
class _Page:
    offset: int
    end: int
    record: Any
    body: bytes | None  # the HTML body of a 200 HTML response (up to max_bytes + 1 bytes), else None
    member_open: bool


def _drain(stream: Any) -> None:
    while stream.read(CHUNK_BYTES):
        pass


def _next_page(records: Iterator[Any], archive: ArchiveIterator, max_bytes: int) -> _Page:
    """The next record, read to its end and checked to be whole.

    Raises:
        StopIteration: no more records.
        _Damaged: the record's header or body is cut short.
    """
    record = next(records)
    if record.rec_type is None:
        raise _Damaged("a record header is incomplete")
    if record.format == "warc":
        declared = (record.rec_headers.get_header("Content-Length") or "").strip()
        if not declared.isdigit():
            raise _Damaged("a record header is incomplete (no Content-Length)")
        if int(declared) != record.length:  # warcio sets 0 when the block is missing altogether
            raise _Damaged(f"a record declares {declared} bytes but ends after its header")
    body: bytes | None = None
    headers = record.http_headers
    if record.rec_type == "response" and headers is not None and headers.get_statuscode() == "200":
        media = (headers.get_header("Content-Type") or "").split(";", 1)[0].strip().lower()
        if media in HTML_TYPES:
            body = record.content_stream().read(max_bytes + 1)
    _drain(record.raw_stream)
    if getattr(record.raw_stream, "limit", 0) > 0:
        raise _Damaged(f"the record at offset {archive.get_record_offset()} is cut short")
    offset, length = archive.get_record_offset(), archive.get_record_length()
    decompressor = getattr(archive.reader, "decompressor", None)
    return _Page(
        offset=offset,
        end=offset + length,
        record=record,
        body=body,
        # A gzip member still open after a record: normal inside a file compressed as one stream, damage
        # when it is the last record (the caller checks that).
        member_open=decompressor is not None and not decompressor.eof,
    )


def _damage(count: int) -> str:
    return "not a WARC or ARC archive" if count == 0 else f"truncated or corrupt archive after {count} records"


def read_warc(path: Path, *, max_bytes: int) -> Iterator[Draft | Skip]:
    """Every 200 HTML response in a WARC/ARC file as a Draft (source ``PATH#OFFSET``, url the target URI).

    Args:
        path: a ``.warc``, ``.warc.gz``, ``.arc`` or ``.arc.gz`` file.
        max_bytes: largest record body read; a bigger one is a Skip.

    Yields:
        Drafts, a Skip per record that is not an article, and one Skip naming the file when the archive
        is damaged (the records before the damage are still yielded).
    """
    name = str(path)
    try:
        size = path.stat().st_size
        handle: IO[bytes] = path.open("rb")
    except OSError as exc:
        yield Skip(name, f"cannot read: {exc.strerror or exc}")
        return
    if size == 0:
        handle.close()
        yield Skip(name, "empty file")
        return
    with handle:
        archive = ArchiveIterator(handle, arc2warc=True)
        records = iter(archive)
        end, count, member_open = 0, 0, False
        while True:
            try:
                page = _next_page(records, archive, max_bytes)
            except StopIteration:
                break
            except _Damaged as exc:
                yield Skip(name, f"{_damage(count)}: {exc}")
                return
            except Exception as exc:  # noqa: BLE001 - warcio raises many types on damaged input
                yield Skip(name, f"{_damage(count)}: {type(exc).__name__}: {exc}")
                return
            count += 1
            end, member_open = page.end, page.member_open
            if page.body is None:
                continue
            source = f"{name}#{page.offset}"
            if len(page.body) > max_bytes:
                yield Skip(source, f"record body over the {max_bytes / 1e6:.1f} MB limit (--max-bytes)")
                continue
            url = page.record.rec_headers.get_header("WARC-Target-URI")
            content_type = page.record.http_headers.get_header("Content-Type")
            try:
                yield html_to_draft(decode_declared(page.body, content_type), source=source, url=url)
            except InputError as exc:
                yield Skip(exc.source, exc.reason)
        handle.seek(end)
        tail = handle.read(TAIL_BYTES)
    if member_open:
        yield Skip(name, f"truncated archive: the gzip data ends inside the last record (after {count} records)")
    elif tail.strip(b" \t\r\n\x00"):
        yield Skip(name, f"{_damage(count)}: unreadable data at offset {end}")
