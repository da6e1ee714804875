"""JSON Lines, JSON and CSV exports: one article per record.

Fields (all optional but one of ``text``/``html``): ``text`` or ``html``, ``title``, ``url``, ``date``
(or ``published``), ``outlet`` (or ``source``/``site``), ``byline`` (or ``author``). A bad record is reported
with its line or row number; the other records are still read.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
from collections.abc import Callable, Iterator
from typing import Any

from ..errors import InputError
from ..model import Draft, Skip
from .text import parse_date

#: Accepted spellings of each field, first match wins.
FIELD_ALIASES = {
    "title": ("title", "headline"),
    "url": ("url", "link", "uri"),
    "published": ("date", "published", "published_at", "publication_date", "pubdate"),
    "outlet": ("outlet", "source", "site", "publisher", "site_name"),
    "byline": ("byline", "author", "authors"),
}

HtmlParser = Callable[..., Draft]


def _field(record: dict[str, Any], name: str) -> str | None:
    for key in FIELD_ALIASES[name]:
        value = record.get(key)
        if isinstance(value, list):
            value = ", ".join(str(v) for v in value if v)
        if value not in (None, ""):
            return str(value).strip()
    return None


def record_to_draft(record: Any, *, source: str, html_parser: HtmlParser) -> Draft:
    """One export record to a Draft; HTML bodies go through ``html_parser``.

    Raises:
        InputError: the record is not an object or has neither text nor html.
    """
    if not isinstance(record, dict):
        raise InputError(source, f"record is a {type(record).__name__}, expected an object with a text field")
    meta: dict[str, Any] = {name: _field(record, name) for name in FIELD_ALIASES}
    published = parse_date(meta.pop("published") or "")
    text = record.get("text") or record.get("body") or record.get("content")
    html = record.get("html")
    if isinstance(text, str) and text.strip():
        return Draft(source=source, raw=text, published=published, **meta)
    if isinstance(html, str) and html.strip():
        draft = html_parser(html, source=source, url=meta.get("url"))
        # The export's own metadata wins over what the page says about itself.
        overrides = {k: v for k, v in meta.items() if v}
        if published:
            overrides["published"] = published
        return dataclasses.replace(draft, **overrides)
    raise InputError(source, "record has no text or html field")


def read_jsonl(text: str, *, source: str, html_parser: HtmlParser) -> Iterator[Draft | Skip]:
    """JSON Lines: one object per line; a bad line is a Skip naming its line number."""
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{source}:{number}"
        try:
            yield record_to_draft(json.loads(line), source=where, html_parser=html_parser)
        except json.JSONDecodeError as exc:
            yield Skip(where, f"invalid JSON: {exc.msg} at column {exc.colno}")
        except InputError as exc:
            yield Skip(exc.source, exc.reason)


def read_json(text: str, *, source: str, html_parser: HtmlParser) -> Iterator[Draft | Skip]:
    """A JSON array of records, or a single record, or JSON Lines saved as .json."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError:
        yield from read_jsonl(text, source=source, html_parser=html_parser)
        return
    records = data if isinstance(data, list) else [data]
    for number, record in enumerate(records, start=1):
        where = f"{source}#{number}" if isinstance(data, list) else source
        try:
            yield record_to_draft(record, source=where, html_parser=html_parser)
        except InputError as exc:
            yield Skip(exc.source, exc.reason)


def read_csv(text: str, *, source: str, html_parser: HtmlParser) -> Iterator[Draft | Skip]:
    """CSV with a header row; row numbers in messages count the header as row 1."""
    csv.field_size_limit(1 << 30)
    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames or not {"text", "html", "body", "content"} & {
        f.strip().lower() for f in reader.fieldnames
    }:
        yield Skip(source, "CSV has no text or html column (columns: " + ", ".join(reader.fieldnames or []) + ")")
        return
    try:
        for number, row in enumerate(reader, start=2):
            record = {(k or "").strip().lower(): v for k, v in row.items()}
            try:
                yield record_to_draft(record, source=f"{source}:{number}", html_parser=html_parser)
            except InputError as exc:
                yield Skip(exc.source, exc.reason)
    except csv.Error as exc:
        yield Skip(source, f"malformed CSV: {exc}")
