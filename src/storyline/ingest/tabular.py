"""JSON Lines, JSON and CSV exports: one article per record.

Fields (all optional but one of ``text``/``html``): ``text`` or ``html``, ``title``, ``url``, ``date``
(or ``published``), ``outlet`` (or ``source``/``site``), ``byline`` (or ``author``). A bad record is reported
with its line or row number; the other records are still read.
"""

from __future__ import annotations

import csv
import dataclasses
import json
import re
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

# A JSON escape can name half of a surrogate pair ("\udcff"); such a string cannot be encoded as UTF-8,
# so it would stop the run when hashed or stored. Each lone half becomes U+FFFD.
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _encodable(value: Any) -> Any:
    """``value`` (a string, or a list of them) with lone surrogates replaced by U+FFFD."""
    if isinstance(value, str):
        return _LONE_SURROGATE.sub("\ufffd", value)
    if isinstance(value, list):
        return [_encodable(item) for item in value]
    return value


def _field(record: dict[str, Any], name: str) -> str | None:
    for key in FIELD_ALIASES[name]:
        value = record.get(key)
        if isinstance(value, list):
            value = ", ".join(str(v) for v in value if v)
        if value is not None and str(value).strip():
            return str(value).strip()
    return None


def record_to_draft(record: Any, *, source: str, html_parser: HtmlParser) -> Draft:
    """One export record to a Draft; HTML bodies go through ``html_parser``.

    Raises:
        InputError: the record is not an object or has neither text nor html.
    """
    if not isinstance(record, dict):
        raise InputError(source, f"record is a {type(record).__name__}, expected an object with a text field")
    record = {key: _encodable(value) for key, value in record.items()}
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


class _Lines:
    """Physical lines from ``start``, counting how many the csv module has taken (its reader pulls one
    line at a time and stops at the end of a record)."""

    def __init__(self, lines: list[str], start: int) -> None:
        self.lines = lines
        self.pos = start

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        if self.pos >= len(self.lines):
            raise StopIteration
        self.pos += 1
        return self.lines[self.pos - 1]


_CSV_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")


def _record(lines: list[str], start: int) -> tuple[list[str] | None, str | None, int]:
    """The record starting at line index ``start``: (fields, error, index of the line after it).

    Read in strict mode; a record the csv module refuses has no fields, unless it fits on one line and
    reads leniently (``"a" ,b``, as the csv module does by default), when it has both fields and error.
    """
    feed = _Lines(lines, start)
    try:
        return next(csv.reader(feed, strict=True)), None, feed.pos
    except StopIteration:
        return [], None, len(lines)
    except csv.Error as exc:
        if feed.pos - start <= 1:
            try:
                return next(csv.reader(iter(lines[start : start + 1]))), str(exc), start + 1
            except (csv.Error, StopIteration):
                pass
        return None, str(exc), max(feed.pos, start + 1)


def _fit(fields: list[str] | None, width: int, one_line: frozenset[int]) -> list[str] | None:
    """``fields`` when they fit a header of ``width`` columns (extra empty fields dropped) and no
    ``one_line`` column holds a line break, else None."""
    if fields is None:
        return None
    while len(fields) > width and not fields[-1].strip():
        fields = fields[:-1]
    if len(fields) != width or any("\n" in fields[i] or "\r" in fields[i] for i in one_line):
        return None
    return fields


def _good_row(lines: list[str], start: int, width: int, one_line: frozenset[int]) -> int | None:
    """The line index after the record at ``start`` when it is a good row (read cleanly, fits the header,
    an even number of quote marks), else None; blank lines before it are passed over."""
    while start < len(lines):
        fields, error, end = _record(lines, start)
        if fields != []:
            good = not error and _fit(fields, width, one_line) is not None
            return end if good and not "".join(lines[start:end]).count('"') % 2 else None
        start = end
    return None


def _glued_at(lines: list[str], start: int, stop: int, width: int, one_line: frozenset[int]) -> int | None:
    """The first line index after ``start`` from which the lines up to ``stop`` read as good rows (see
    ``_good_row``), or None: a record that ran over such lines was glued to them by a quote.

    The last line of a quoted field with line breaks has an odd number of quote marks, so the lines of
    a real multi-line row never pass. Worked backwards, each line is read once."""
    reaches: dict[int, bool] = {}
    for k in range(stop - 1, start, -1):
        end = _good_row(lines, k, width, one_line)
        reaches[k] = end is not None and (end >= stop or reaches.get(end, False))
    return next((k for k in range(start + 1, stop) if reaches[k]), None)


def _csv_rows(
    lines: list[str], start: int, width: int, one_line: frozenset[int]
) -> Iterator[tuple[int, list[str] | None, str | None]]:
    """(line number, fields, None) for each row that fits the header, (line number, None, reason) for
    each that does not; blank lines are left out.

    An unbalanced quote swallows the lines after it into one field (issue 12, item 4). So a record is
    bad when the csv module refuses it, when its fields do not fit the header, or when a ``one_line``
    column (URL, date, outlet: never more than a line) holds a line break; and a record over several
    lines is bad when its last lines, read on their own, are good rows (each with balanced quotes,
    which the last line of a real multi-line field never has). After a bad record over several lines,
    reading goes on at the line after the one it started on when the csv module refused it (the lines
    it took are read again), else at the first of its lines that starts a good row, else after it (a
    quoted field with line breaks in a row bad on its own).
    """
    while start < len(lines):
        fields, error, end = _record(lines, start)
        first, multi_line = start + 1, end - start > 1
        if fields == []:
            start = end
            continue
        fitted = _fit(fields, width, one_line)
        glued = _glued_at(lines, start, end, width, one_line) if fitted is not None and multi_line else None
        if fitted is not None and glued is None:
            yield first, fitted, None
            start = end
            continue
        if error:
            problem = f"malformed CSV row: {error}"
        elif fitted is not None:
            problem = "an unbalanced quote joins this row to the rows after it"
        elif _fit(fields, width, frozenset()) is not None:
            problem = "row has a line break in a one-line field (url, date or outlet)"
        else:
            problem = f"row has {len(fields or [])} fields, the header has {width}"
        if not multi_line:
            yield first, None, problem
            start = end
        elif error:
            yield first, None, f"{problem} (an unbalanced quote? reading goes on at line {first + 1})"
            start += 1
        elif resume := glued or next((k for k in range(start + 1, end) if _good_row(lines, k, width, one_line)), None):
            span = f"line {first}" if resume == first else f"over lines {first}-{resume}"
            yield first, None, f"{problem} ({span}; reading goes on at line {resume + 1})"
            start = resume
        else:
            yield first, None, f"{problem} (over lines {first}-{end})"
            start = end


def read_csv(text: str, *, source: str, html_parser: HtmlParser) -> Iterator[Draft | Skip]:
    """CSV with a header row; a record is named by the line it starts on (the header is line 1).

    A record whose fields do not fit the header (fewer, or more that are not empty) is one Skip naming
    it, and so is one the csv module refuses; an unbalanced quote never glues the rows after it into
    one record (see ``_csv_rows``).
    """
    csv.field_size_limit(1 << 30)
    # Physical lines as the csv module sees them: only CR, LF and CRLF end a line (str.splitlines would
    # also split on form feeds and U+2028, which a quoted field may hold).
    lines = _CSV_LINE.findall(text)
    start, header = 0, None
    while start < len(lines) and not header:
        header, error, end = _record(lines, start)
        if header is None:
            yield Skip(f"{source}:{start + 1}", f"malformed CSV header: {error}")
            return
        start = end
    names = [name.strip().lower() for name in header or []]
    if not {"text", "html", "body", "content"} & set(names):
        yield Skip(source, "CSV has no text or html column (columns: " + ", ".join(names) + ")")
        return
    # Columns an article export never breaks over lines: a line break in one is a quote gone wrong.
    single = {alias for field in ("url", "published", "outlet") for alias in FIELD_ALIASES[field]}
    one_line = frozenset(i for i, name in enumerate(names) if name in single)
    for number, fields, problem in _csv_rows(lines, start, len(names), one_line):
        where = f"{source}:{number}"
        if fields is None:
            yield Skip(where, problem or "malformed CSV row")
            continue
        try:
            yield record_to_draft(dict(zip(names, fields, strict=True)), source=where, html_parser=html_parser)
        except InputError as exc:
            yield Skip(exc.source, exc.reason)
