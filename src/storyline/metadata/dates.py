"""The publication date a scraped text states: date lines, datelines and the URL's path.

Stated dates, strongest first:

1. a "Published ..." / "Posted ..." / "First published ..." line;
2. a date-and-time line near the top of the article ("12 November 2024 at 14:30 GMT", "Nov. 12, 2024
   3:05 p.m. ET"), the page furniture under a headline;
3. the date in the URL's path ("/2024/11/12/", "/20241112/", "-2024-11-12");
4. an "Updated ..." line (the update is on or after publication, so it is the latest the article can be);
5. a wire dateline's full date ("SEOUL, Dec. 3, 2024 (Reuters) -"). A dateline's day without a year
   ("SEOUL, Dec 3 (Reuters) -") states the day but not the year: it is evidence for the estimate
   (``estimate.py``), which reads it in the year the text's other dates point to.

Lines are the ones cleaning named ``timestamp`` (see clean/rules.py), parsed with dateparser.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from .lines import Evidence, ScrapedLine

#: A date line this far below the headline (or the top, without one) still dates the article; further
#: down, a date line belongs to a comment, a related item or a correction notice.
TOP_LINES = 12
#: How many lines around a repeat of the headline are read for its date line ("November 14, 2015 12:56
#: pm" right above the title block a scrape holds a second time).
REPEAT_REACH = 2
#: Plausible publication years: the URL's digits and stray numbers outside this range are not dates.
MIN_YEAR, MAX_YEAR = 1990, 2100

_PUBLISHED = re.compile(r"^\W*(?:first\s+)?(?:published|posted|released|created|dated)\b", re.IGNORECASE)
_UPDATED = re.compile(r"^\W*(?:last\s+)?(?:updated|modified|edited)\b", re.IGNORECASE)
_KEYWORD = re.compile(r"^\W*(?:(?:first|last)\s+)?(?:published|posted|released|created|dated|updated|modified|edited)"
                      r"(?:\s+(?:on|at))?\s*:?\s*", re.IGNORECASE)
_URL_DATE = re.compile(
    r"/(?P<y>\d{4})[/-](?P<m>\d{1,2})[/-](?P<d>\d{1,2})(?:/|[-_]|$)"
    r"|/(?P<y2>\d{4})(?P<m2>\d{2})(?P<d2>\d{2})(?:/|[-_]|$)"
    r"|[-_/](?P<y3>\d{4})-(?P<m3>\d{2})-(?P<d3>\d{2})(?:[-_/.]|$)"
)
_YEAR = re.compile(r"\b(19[89]\d|20\d\d)\b")
_CLOCK_ZONE = re.compile(r"\b\d{1,2}[:.]\d{2}\b.*$|\b\d{1,2}\s*[ap]\.?m\.?.*$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class StatedDate:
    """A publication date the text states, and where."""

    date: dt.date
    evidence: Evidence


def parse_day(text: str) -> dt.date | None:
    """The calendar day a date line or phrase names (None without a day, month and year)."""
    from dateparser import parse  # heavy: imported only when a date line is there

    bare = _KEYWORD.sub("", text).strip(" ()[]|•·-–—")
    if not _YEAR.search(bare) and not re.search(r"\d{4}-\d{2}-\d{2}", bare):
        return None
    candidates = [bare, _CLOCK_ZONE.sub("", bare).strip(" ,-–—|at")]
    for candidate in candidates:
        if not candidate:
            continue
        try:
            parsed = parse(candidate, languages=["en"], settings={"STRICT_PARSING": True,
                                                                  "REQUIRE_PARTS": ["day", "month", "year"]})
        except (ValueError, OverflowError, AttributeError):
            parsed = None
        if parsed is not None and MIN_YEAR <= parsed.year <= MAX_YEAR:
            return parsed.date()
    return None


def url_date(url: str | None) -> StatedDate | None:
    """The date in a URL's path, if it has one."""
    if not url:
        return None
    match = _URL_DATE.search(url)
    if not match:
        return None
    y, m, d = next((match[a], match[b], match[c]) for a, b, c in (("y", "m", "d"), ("y2", "m2", "d2"),
                                                                   ("y3", "m3", "d3")) if match[a])
    try:
        day = dt.date(int(y), int(m), int(d))
    except ValueError:
        return None
    if not MIN_YEAR <= day.year <= MAX_YEAR:
        return None
    return StatedDate(day, Evidence(day.isoformat(), "url_path", None, match.group(0)))


def stated_date(
    lines: Sequence[ScrapedLine], *, top: int, url: str | None, dateline_day: str | None,
    dateline_line: ScrapedLine | None, repeats: Sequence[int] = (),
) -> StatedDate | None:
    """The publication date the text (or its URL) states, strongest signal first.

    Args:
        lines: the non-blank lines, in order, with their noise kinds.
        top: index of the headline line (or 0): date lines count from there to TOP_LINES below.
        url: the article's URL, if known.
        dateline_day: a wire dateline's date ("Dec. 3, 2024"), if there is one, and ``dateline_line`` its line;
            used only when it has a year.
        repeats: indexes of lines that repeat the headline further down (a scrape that holds the page's
            title block twice): a date line right next to one is the page's date line too.
    """
    published: StatedDate | None = None
    plain: StatedDate | None = None
    updated: StatedDate | None = None
    near_repeats = [line for r in repeats for line in lines[max(0, r - REPEAT_REACH): r + REPEAT_REACH + 1]]
    for line in [*lines[max(0, top - 2): top + TOP_LINES], *near_repeats]:
        if line.kind != "timestamp":
            continue
        day = parse_day(line.stripped)
        if day is None:
            continue
        text = line.stripped
        if _PUBLISHED.match(text):
            published = published or StatedDate(day, Evidence(day.isoformat(), "published_line", line))
        elif _UPDATED.match(text):
            updated = updated or StatedDate(day, Evidence(day.isoformat(), "updated_line", line))
        else:
            plain = plain or StatedDate(day, Evidence(day.isoformat(), "date_line", line))
    from_url = url_date(url)
    found = published or plain or from_url or updated
    if found is not None or not dateline_day:
        return found
    day = parse_day(dateline_day)  # None without a year
    if day is None:
        return None
    return StatedDate(day, Evidence(day.isoformat(), "dateline", dateline_line, dateline_day))
