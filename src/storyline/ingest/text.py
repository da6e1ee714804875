"""Plain-text articles with optional metadata header lines.

A header is a run of lines at the top of the file like ``title: ...``, ``outlet: ...``, ``url: ...``,
``byline: ...`` or ``date 2024-11-11`` / ``date: 2024-11-11``. A ``date`` header may be followed by body text
on the same line (scrapers often glue them). Header lines are kept as ``header`` noise, never lost.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from ..model import Draft, NoiseSpan

#: Header keys and the Draft field each fills.
HEADER_FIELDS = {
    "title": "title",
    "headline": "title",
    "outlet": "outlet",
    "source": "outlet",
    "publisher": "outlet",
    "url": "url",
    "link": "url",
    "byline": "byline",
    "author": "byline",
    "by": "byline",
    "date": "published",
    "published": "published",
    "language": "language",
    "lang": "language",
}

_HEADER = re.compile(
    r"^[ \t]*(?P<key>" + "|".join(HEADER_FIELDS) + r")[ \t]*:[ \t]*(?P<value>\S.*?)[ \t]*$",
    re.IGNORECASE | re.MULTILINE,
)
# "date 2024-11-11" with or without a colon, possibly followed by body text on the same line.
_DATE_HEADER = re.compile(
    r"^[ \t]*(?:date|published)[ \t]*:?[ \t]+(?P<date>\d{4}-\d{2}-\d{2})(?:[T ][0-9:+\-.Z]*)?[ \t]*",
    re.IGNORECASE,
)


def parse_date(value: str) -> dt.date | None:
    """An ISO date (``2024-11-11`` or a timestamp starting with one), else None."""
    match = re.match(r"\s*(\d{4})-(\d{2})-(\d{2})", value)
    if not match:
        return None
    try:
        return dt.date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def read_text(text: str, *, source: str) -> Draft:
    """Split a plain-text article into header metadata and body; header lines become noise spans.

    The text is NFC-normalised first (as trafilatura does), so "é" typed as e + combining accent and as
    one character are the same word everywhere downstream.
    """
    text = unicodedata.normalize("NFC", text)
    meta: dict[str, object] = {}
    noise: list[NoiseSpan] = []
    pos = 0
    while pos < len(text):
        line_end = text.find("\n", pos)
        line_end = len(text) if line_end < 0 else line_end
        line = text[pos:line_end]
        if not line.strip():
            if meta:  # a blank line ends the header
                break
            pos = line_end + 1
            continue
        date_match = _DATE_HEADER.match(line)
        if date_match and "published" not in meta:
            meta["published"] = parse_date(date_match["date"])
            cut = pos + date_match.end()
            noise.append(NoiseSpan("header", text[pos:cut].strip(), pos, cut))
            if line[date_match.end() :].strip():  # body text glued to the header line
                break
            pos = line_end + 1
            continue
        field_match = _HEADER.match(line)
        if field_match:
            key = HEADER_FIELDS[field_match["key"].lower()]
            value: object = field_match["value"]
            if key == "published":
                value = parse_date(str(value))
            meta.setdefault(key, value)
            noise.append(NoiseSpan("header", line, pos, line_end))
            pos = line_end + 1
            continue
        break
    return Draft(source=source, raw=text, noise=tuple(noise), **meta)  # type: ignore[arg-type]
