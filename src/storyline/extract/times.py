"""Time references: spaCy DATE entities (and day-naming TIME entities) resolved to inclusive date ranges.

Only entity spans are parsed, never the whole text (``dateparser.search_dates`` over an article turns
"may", "we" and "2½-year" into dates). Each span is normalised ("As of Nov. 6" -> "nov 6", "Tuesday
night" -> "tuesday") and tried against the rules below in order; dateparser 1.5 parses what is left
when it names a month, a 4-digit year or a numeric date.

=====================================  ===========================================  ============
expression                             resolves to                                  anchor
=====================================  ===========================================  ============
2024-11-06, Nov. 6 2024, 6 November   that day                                     absolute
  2024
Nov. 6 / November 6 / Friday, Nov. 8   that day in the publication year; the year   publication
  / Nov. 6-7 (a run of days)           before if that is over FUTURE_TOLERANCE_DAYS
                                       after publication (the year after if the
                                       span points forward and the date is long past)
Tuesday, on Tuesday, Tuesday night,    the latest Tuesday on or before publication  publication
  earlier Tuesday, late Tuesday
                                       ("last Tuesday": strictly before; "next
                                       Tuesday" or a forward-pointing span: on or
                                       after). Forward: "next"/"coming" in the span,
                                       "until" before it, or will/shall/would on its
                                       verb ("said supplies would run out by Friday")
in 2019, late 2023, mid-2023           the year (early/mid/late: its first, middle  absolute
                                       or last third; granularity stays "year")
February 2022, early November          the month (thirds as above)                  absolute /
                                                                                    publication
the 1990s, the early 1990s            the decade (early/mid/late: years 0-3/4-6/7-9) absolute
the '90s                               the latest such decade not after publication publication
between 2019 and 2021, 2019-21         1 Jan of the first .. 31 Dec of the last     absolute
yesterday, today, tomorrow, last       the day                                      publication
  night, this morning
last/this/next week|month|year|        the calendar period (weeks run Monday to     publication
  weekend; earlier/later this ...       Sunday; "earlier this month" = start of the
                                       month .. publication)
the past N days|weeks|months|years,    publication minus N units .. publication     publication
  the past week
three weeks ago, a year ago            the week / year containing that date         publication
a day later, two days later, the next  the previous time reference of the text,     previous
  day, the following year, that day    shifted; a unit coarser than it widens to
                                       that unit ("a month later" after Nov. 6 ->
                                       December), a finer one keeps its range ("a
                                       day later" after "2019" -> 2019)
=====================================  ===========================================  ============

Not time references (no TimeRef at all): ages and durations ("28-year-old", "2½-year", "two and a
half years", "a couple of decades", "within days" - they name a length, not a date; claims.py reads
them as age/duration claims); vague spans ("in recent years", "for many decades", "in a few years" -
no defensible date range); centuries, seasons and quarters (no matching granularity).

Without a publication date, expressions anchored on it get ``start_date = end_date = None`` and
anchor "none"; absolute ones still resolve. "A day later" chains to the time reference right before
it in the text, resolved or not: skipping an unresolved "on Tuesday" to shift a "2019" further back
would produce a confidently wrong date, so an unresolved predecessor leaves it unresolved too.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass

from dateparser.date import DateDataParser
from spacy.tokens import Doc, Span

from ..model import Article, TimeRef
from . import lexicons as lx
from .sentences import entities_within

#: How far after the publication date an unqualified "Nov. 15" may lie and still be read in the
#: publication year. News looks back far more than forward, but previews name events of the coming
#: days ("the vote on Nov. 14"); a week covers those without misreading last December as next one.
FUTURE_TOLERANCE_DAYS = 7
#: Auxiliaries that put a clause in the future, or the future of a reported past ("would").
FUTURE_AUXILIARIES = frozenset({"will", "shall", "'ll", "wo", "would", "'d"})
#: Prepositions that point a bare weekday or date forward: "cancelled all sailings until Friday" in a
#: Wednesday paper means the coming Friday (demo corpus, 08_lorneobserver_ferry_strike.txt).
FUTURE_PREPOSITIONS = frozenset({"until", "till", "til"})
#: Plausible years for a bare 4-digit DATE entity; outside it the number is an identifier ("Unit 8200").
YEAR_SPAN = (1000, 2100)
#: A two-digit decade ("the '20s") at or above this pivot is read in the 1900s when there is no
#: publication date to choose the nearest past decade from.
TWO_DIGIT_DECADE_PIVOT = 30

_GRAN_ORDER = {"day": 0, "week": 1, "month": 2, "year": 3, "decade": 4}
_MONTH = "|".join(sorted(lx.MONTHS, key=len, reverse=True))
_WEEKDAY = "|".join(sorted(lx.WEEKDAYS, key=len, reverse=True))
_PART = r"(?:(?P<part>early|mid|late|the early|the mid|the late)[- ]?)?"
_NUM = r"(?P<n>\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|several|a few|few)"
_PREFIXES = re.compile(
    r"^(?:as of|as at|on|in|by|since|until|till|from|through|during|around|about|over|of|at|for) "
)


@dataclass(frozen=True, slots=True)
class Resolution:
    """A resolved time expression: inclusive ``start``..``end`` (None when it cannot be anchored)."""

    start: dt.date | None
    end: dt.date | None
    granularity: str
    anchor: str


def extract_times(doc: Doc, article: Article) -> Iterator[TimeRef]:
    """Yield the time references of an article, in text order.

    Args:
        doc: the spaCy Doc of ``article.text`` (with entities).
        article: the article; ``published`` anchors relative expressions.

    Yields:
        One :class:`TimeRef` per DATE entity (or TIME entity naming a day) that names a point or
        period in time; ages, durations and vague spans yield nothing (see the module docstring).
    """
    previous: Resolution | None = None
    for ent in doc.ents:
        if ent.label_ not in ("DATE", "TIME"):
            continue
        resolved = resolve_span(ent, article.published, previous)
        if resolved is None:
            continue
        previous = resolved
        yield TimeRef(
            article_id=article.id,
            start=ent.start_char,
            end=ent.end_char,
            text=ent.text,
            start_date=resolved.start,
            end_date=resolved.end,
            granularity=resolved.granularity,
            anchor=resolved.anchor,
        )


def resolve_span(
    span: Span, published: dt.date | None, previous: Resolution | None = None
) -> Resolution | None:
    """Resolve one spaCy entity span, reading the tense of its clause for dates without a year.

    Args:
        span: a DATE or TIME entity.
        published: the publication date, or None.
        previous: the resolution of the time reference before it in the text, if any.

    Returns:
        The resolution, or None when the span is not a time reference.
    """
    text = normalise(span.text)
    if span.label_ == "TIME" and not re.search(
        rf"\b(?:{_WEEKDAY}|today|tonight|yesterday|tomorrow|last night|this morning|this evening)\b", text
    ):
        return None
    return resolve_text(text, published, previous=previous, future=points_forward(span))


def as_of_date(span: Span, published: dt.date | None) -> dt.date | None:
    """The last day of an "as of <date>" / "as at <date>" inside ``span`` (a sentence), if it resolves.

    Args:
        span: the sentence (or any span) to look in.
        published: the publication date, or None.

    Returns:
        The end of the resolved date range, or None when there is no such phrase or it cannot be dated.
    """
    doc = span.doc
    for start, end, label in entities_within(doc, span.start, span.end):  # span.ents, without building Spans
        if label == "DATE" and start >= 2 and doc[start - 2].lower_ == "as":
            if doc[start - 1].lower_ in ("of", "at"):
                resolved = resolve_span(Span(doc, start, end, label=label), published)
                if resolved is not None and resolved.end is not None:
                    return resolved.end
    return None


def normalise(text: str) -> str:
    """Lower-case, drop leading prepositions, dots, commas, ordinal suffixes and parts of the day."""
    t = text.lower().replace("’", "'").replace("\u2013", "-").replace("\u2014", "-")
    t = re.sub(r"\s+", " ", t).strip(" .,;:")
    while (m := _PREFIXES.match(t)) is not None:
        t = t[m.end() :]
    t = re.sub(r"\b(\d{1,2})(?:st|nd|rd|th)\b", r"\1", t)
    t = re.sub(r"'s\b", "", t)
    t = re.sub(r"\b([a-z]{3,5})\.", r"\1", t)
    t = t.replace(",", " ")
    if t not in _DAY_WORDS:
        t = re.sub(r"\s*\b(?:" + "|".join(lx.DAY_PARTS) + r")\b", "", t)
    return re.sub(r"\s+", " ", t).strip()


def resolve_text(
    text: str, published: dt.date | None, *, previous: Resolution | None = None, future: bool = False
) -> Resolution | None:
    """Resolve a normalised time expression (see :func:`normalise` and the module table).

    Args:
        text: the normalised expression.
        published: the publication date, or None.
        previous: the resolution of the preceding time reference, for "a day later".
        future: the clause is in the future tense (read "Tuesday" forward).

    Returns:
        The resolution, or None when the text is not a time reference.
    """
    for rule in _RULES:
        m = rule[0].fullmatch(text)
        if m is not None:
            return rule[1](m, published, previous, future)
    return _dateparser_fallback(text, published, future)


def yearless_day(text: str) -> tuple[int, int] | None:
    """The month and day a normalised month-day expression without a year names, else None.

    "nov 6", "friday nov 8", "the 6 of november" -> (11, 6), (11, 8), (11, 6); a run of days ("nov 6-7")
    gives its last day. Expressions with a year, or not naming a day of a month, give None.
    """
    for pattern in _MONTH_DAYS:
        m = pattern.fullmatch(text)
        if m is not None and not m["y"]:
            day = int(m.groupdict().get("d2") or m["d"])
            return (lx.MONTHS[m["mon"]], day) if 1 <= int(m["d"]) <= day <= 31 else None
    return None


def weekday_of(text: str) -> int | None:
    """The weekday (Monday = 0) a normalised bare weekday expression names ("tuesday", "last friday",
    "earlier tuesday"), else None (also for "next"/"coming" ones, which point forward)."""
    m = _WEEKDAY_RULE.fullmatch(text)
    if m is None or m["mod"] in ("next", "coming"):
        return None
    return lx.WEEKDAYS[m["wd"]]


# --- calendar helpers ---------------------------------------------------------------------------------


def _period(day: dt.date, gran: str) -> tuple[dt.date, dt.date]:
    if gran == "week":
        monday = day - dt.timedelta(days=day.weekday())
        return monday, monday + dt.timedelta(days=6)
    if gran == "month":
        return day.replace(day=1), day.replace(day=calendar.monthrange(day.year, day.month)[1])
    if gran == "year":
        return dt.date(day.year, 1, 1), dt.date(day.year, 12, 31)
    if gran == "decade":
        return dt.date(day.year // 10 * 10, 1, 1), dt.date(day.year // 10 * 10 + 9, 12, 31)
    return day, day


def _shift(day: dt.date, n: int, unit: str) -> dt.date:
    if unit == "day":
        return day + dt.timedelta(days=n)
    if unit == "week":
        return day + dt.timedelta(weeks=n)
    months = n * {"month": 1, "year": 12, "decade": 120}[unit]
    y, m = divmod(day.month - 1 + months, 12)
    year, month = day.year + y, m + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _narrow(start: dt.date, end: dt.date, gran: str, part: str | None) -> tuple[dt.date, dt.date]:
    """early/mid/late: the first, middle or last third of a month (days 1-10, 11-20, 21-end), a year
    (January-April, May-August, September-December) or a decade (years 0-3, 4-6, 7-9)."""
    if not part:
        return start, end
    third = ["early", "mid", "late"].index(part.replace("the ", ""))
    if gran == "month":
        first = start + dt.timedelta(days=10 * third)
        return first, (first + dt.timedelta(days=9)) if third < 2 else end
    if gran == "year":
        first = start.replace(month=1 + 4 * third)
        return first, _period(first.replace(month=4 + 4 * third), "month")[1]
    bounds = [(0, 3), (4, 6), (7, 9)][third]
    return start.replace(year=start.year + bounds[0]), end.replace(year=start.year + bounds[1])


def _count(word: str) -> int | None:
    if word.isdigit():
        return int(word)
    if word in ("a", "an"):
        return 1
    value = lx.words_to_number([word])
    return int(value) if value is not None else None


def _infer_year(month: int, day: int, published: dt.date, future: bool) -> dt.date | None:
    """The date with this month/day closest to how news refers to it relative to ``published``."""
    try:
        candidate = dt.date(published.year, month, min(day, calendar.monthrange(published.year, month)[1]))
    except ValueError:
        return None
    tolerance = dt.timedelta(days=FUTURE_TOLERANCE_DAYS)
    if future and candidate < published - tolerance:
        return _shift(candidate, 1, "year")
    if not future and candidate > published + tolerance:
        return _shift(candidate, -1, "year")
    return candidate


def _unanchored(gran: str) -> Resolution:
    return Resolution(None, None, gran, "none")


# --- rules: (pattern, resolver) -----------------------------------------------------------------------


def _iso(m: re.Match[str], pub: dt.date | None, prev: Resolution | None, fut: bool) -> Resolution | None:
    try:
        day = dt.date(int(m["y"]), int(m["m"]), int(m["d"]))
    except ValueError:
        return None
    return Resolution(day, day, "day", "absolute")


def _decade(m: re.Match[str], pub: dt.date | None, prev: Resolution | None, fut: bool) -> Resolution | None:
    anchor = "absolute"
    if m["full"]:
        year = int(m["full"])
    else:
        short = int(m["short"])
        if pub is not None:
            year = pub.year // 100 * 100 + short
            if year > pub.year:
                year -= 100
            anchor = "publication"
        else:
            year = (1900 if short >= TWO_DIGIT_DECADE_PIVOT else 2000) + short
    start, end = _narrow(*_period(dt.date(year, 1, 1), "decade"), "decade", m["part"])
    return Resolution(start, end, "decade", anchor)


def _year_range(
    m: re.Match[str], pub: dt.date | None, prev: Resolution | None, fut: bool
) -> Resolution | None:
    first, last = int(m["a"]), m["b"]
    last_year = int(last) if len(last) == 4 else first // 100 * 100 + int(last)
    if not (YEAR_SPAN[0] <= first < last_year <= YEAR_SPAN[1]):
        return None
    return Resolution(dt.date(first, 1, 1), dt.date(last_year, 12, 31), "year", "absolute")


def _year(m: re.Match[str], pub: dt.date | None, prev: Resolution | None, fut: bool) -> Resolution | None:
    year = int(m["y"])
    if not YEAR_SPAN[0] <= year <= YEAR_SPAN[1]:
        return None
    start, end = _narrow(dt.date(year, 1, 1), dt.date(year, 12, 31), "year", m["part"])
    return Resolution(start, end, "year", "absolute")


def _month_year(
    m: re.Match[str], pub: dt.date | None, prev: Resolution | None, fut: bool
) -> Resolution | None:
    start, end = _period(dt.date(int(m["y"]), lx.MONTHS[m["mon"]], 1), "month")
    start, end = _narrow(start, end, "month", m["part"])
    return Resolution(start, end, "month", "absolute")


def _month_day(
    m: re.Match[str], pub: dt.date | None, prev: Resolution | None, fut: bool
) -> Resolution | None:
    month, day = lx.MONTHS[m["mon"]], int(m["d"])
    last = int(m.groupdict().get("d2") or day)  # "Nov. 6-7": a run of days
    if not 1 <= day <= last <= 31:
        return None
    if m["y"]:
        start = dt.date(int(m["y"]), month, 1)
        anchor = "absolute"
    elif pub is None:
        return _unanchored("day")
    else:
        found = _infer_year(month, day, pub, fut)
        if found is None:
            return None
        start, anchor = found.replace(day=1), "publication"
    month_end = calendar.monthrange(start.year, month)[1]
    if last > month_end:
        return None
    return Resolution(start.replace(day=day), start.replace(day=last), "day", anchor)


def _month(m: re.Match[str], pub: dt.date | None, prev: Resolution | None, fut: bool) -> Resolution | None:
    if pub is None:
        return _unanchored("month")
    month, mod = lx.MONTHS[m["mon"]], m["mod"]
    if mod in ("last", "this", "next"):
        step = {"last": -1, "this": 0, "next": 1}[mod]
        year = pub.year + step
        if mod == "last" and month < pub.month:
            year += 1  # "last March" said in November: this year's March
        elif mod == "next" and month > pub.month:
            year -= 1
        first: dt.date | None = dt.date(year, month, 1)
    else:
        first = _infer_year(month, 1, pub, fut)
    if first is None:
        return None
    start, end = _narrow(*_period(first, "month"), "month", m["part"])
    return Resolution(start, end, "month", "publication")


def _weekday(m: re.Match[str], pub: dt.date | None, prev: Resolution | None, fut: bool) -> Resolution | None:
    if pub is None:
        return _unanchored("day")
    target, mod = lx.WEEKDAYS[m["wd"]], m["mod"]
    if mod in ("earlier", "later", "early", "late"):
        mod = None
    back = (pub.weekday() - target) % 7
    if mod == "last":
        back = back or 7
    elif mod == "this":
        day = pub - dt.timedelta(days=pub.weekday()) + dt.timedelta(days=target)
        return Resolution(day, day, "day", "publication")
    if mod in ("next", "coming") or (fut and mod is None):
        ahead = (target - pub.weekday()) % 7
        day = pub + dt.timedelta(days=ahead or (7 if mod else 0))
    else:
        day = pub - dt.timedelta(days=back)
    return Resolution(day, day, "day", "publication")


_DAY_WORDS = {
    "today": 0,
    "tonight": 0,
    "this morning": 0,
    "this evening": 0,
    "yesterday": -1,
    "last night": -1,
    "tomorrow": 1,
    "the day before yesterday": -2,
    "the day after tomorrow": 2,
}


def _day_word(m: re.Match[str], pub: dt.date | None, prev: Resolution | None, fut: bool) -> Resolution | None:
    if pub is None:
        return _unanchored("day")
    day = pub + dt.timedelta(days=_DAY_WORDS[m[0]])
    return Resolution(day, day, "day", "publication")


def _calendar(m: re.Match[str], pub: dt.date | None, prev: Resolution | None, fut: bool) -> Resolution | None:
    unit, which, edge = m["unit"], m["which"], m.groupdict().get("edge")
    gran = "day" if unit == "weekend" else unit
    if pub is None:
        return _unanchored(gran)
    if unit == "weekend":
        saturday = pub - dt.timedelta(days=(pub.weekday() - 5) % 7)
        if which == "next":
            saturday += dt.timedelta(days=7)
        elif which == "last" and pub.weekday() >= 5:
            saturday -= dt.timedelta(days=7)
        return Resolution(saturday, saturday + dt.timedelta(days=1), "day", "publication")
    if which in ("the past", "the last"):
        return Resolution(_shift(pub, -1, unit) + dt.timedelta(days=1), pub, gran, "publication")
    step = {"last": -1, "previous": -1, "the previous": -1, "next": 1, "the coming": 1, "coming": 1}.get(
        which, 0
    )
    start, end = _period(_shift(pub, step, unit), unit)
    if edge == "earlier" and step == 0:
        end = pub
    elif edge == "later" and step == 0:
        start = pub
    return Resolution(start, end, gran, "publication")


def _rolling(m: re.Match[str], pub: dt.date | None, prev: Resolution | None, fut: bool) -> Resolution | None:
    n, unit = _count(m["n"]), m["unit"]
    if n is None:
        return None
    if pub is None:
        return _unanchored(unit)
    return Resolution(_shift(pub, -n, unit) + dt.timedelta(days=1), pub, unit, "publication")


def _ago(m: re.Match[str], pub: dt.date | None, prev: Resolution | None, fut: bool) -> Resolution | None:
    n, unit = _count(m["n"]), m["unit"]
    if n is None:
        return None
    if pub is None:
        return _unanchored(unit)
    start, end = _period(_shift(pub, -n, unit), unit)
    return Resolution(start, end, unit, "publication")


def _relative(m: re.Match[str], pub: dt.date | None, prev: Resolution | None, fut: bool) -> Resolution | None:
    groups = m.groupdict()
    word, unit = groups.get("dir") or groups.get("which") or "", m["unit"]
    n = _count(groups["n"]) if groups.get("n") else (0 if word in ("same", "that", "") else 1)
    if n is None:
        return None
    if word in ("earlier", "before", "previous"):
        n = -n
    if unit in ("hour", "minute"):
        unit, n = "day", 0
    if prev is None or prev.start is None or prev.end is None:
        return _unanchored(unit)
    if _GRAN_ORDER[unit] < _GRAN_ORDER[prev.granularity]:
        return Resolution(prev.start, prev.end, prev.granularity, "previous")
    if unit == prev.granularity:
        return Resolution(_shift(prev.start, n, unit), _shift(prev.end, n, unit), unit, "previous")
    start, end = _period(_shift(prev.start, n, unit), unit)
    return Resolution(start, end, unit, "previous")


_UNIT = r"(?P<unit>day|week|month|year|decade)s?"
_MONTH_DAYS = (
    re.compile(
        rf"(?:(?:{_WEEKDAY}) )?(?P<mon>{_MONTH}) (?P<d>\d{{1,2}})(?:-(?P<d2>\d{{1,2}}))?(?: (?P<y>\d{{4}}))?"
    ),
    re.compile(rf"(?:(?:{_WEEKDAY}) )?(?:the )?(?P<d>\d{{1,2}})(?: of)? (?P<mon>{_MONTH})(?: (?P<y>\d{{4}}))?"),
)
# "earlier Tuesday", "late Tuesday": the same day as a bare "Tuesday".
_WEEKDAY_RULE = re.compile(rf"(?:(?P<mod>last|this|next|coming|past|earlier|later|early|late) )?(?P<wd>{_WEEKDAY})")
_RULES = [
    (re.compile(r"(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})"), _iso),
    (re.compile(_PART + r"(?:the )?(?:(?P<full>\d{3}0)|'(?P<short>\d0))'?s"), _decade),
    (re.compile(r"(?:between |from )?(?P<a>\d{4}) ?(?:and|to|-|through) ?(?P<b>\d{4}|\d{2})"), _year_range),
    (re.compile(_PART + r"(?P<y>\d{4})"), _year),
    (re.compile(_PART + rf"(?P<mon>{_MONTH})(?: of)? (?P<y>\d{{4}})"), _month_year),
    (_MONTH_DAYS[0], _month_day),
    (_MONTH_DAYS[1], _month_day),
    (re.compile(r"(?:(?P<mod>last|this|next) )?" + _PART + rf"(?P<mon>{_MONTH})"), _month),
    (_WEEKDAY_RULE, _weekday),
    (re.compile("|".join(_DAY_WORDS)), _day_word),
    (
        re.compile(
            r"(?:(?P<edge>earlier|later) )?(?P<which>this|last|next|previous|coming|the past|the last|"
            r"the previous|the coming|the current) (?P<unit>week|month|year|weekend)"
        ),
        _calendar,
    ),
    (re.compile(r"(?:the )?(?P<which>this|last|next)? ?(?P<unit>weekend)"), _calendar),
    (re.compile(r"(?:the )?(?:past|last|previous) " + _NUM + " " + _UNIT), _rolling),
    (re.compile(_NUM + " " + _UNIT + " ago"), _ago),
    (
        re.compile(
            _NUM + r" (?P<unit>day|week|month|year|hour|minute)s? (?P<dir>later|after|afterwards|earlier|"
            r"before)"
        ),
        _relative,
    ),
    (
        re.compile(r"(?:the (?P<which>next|following|previous|same)|that) (?P<unit>day|week|month|year)"),
        _relative,
    ),
    (re.compile(r"the (?P<unit>day|week|month|year) (?P<dir>after|before)"), _relative),
]


def _dateparser_fallback(text: str, pub: dt.date | None, future: bool) -> Resolution | None:
    """dateparser for absolute-looking leftovers (a month name, a 4-digit year or d/m/y digits)."""
    has_year = re.search(r"\b\d{4}\b", text) is not None
    if not (has_year or re.search(rf"\b(?:{_MONTH})\b", text) or re.search(r"\d+/\d+/\d+", text)):
        return None
    if pub is None and not has_year:
        return _unanchored("day")
    base = dt.datetime.combine(pub or dt.date(2000, 1, 1), dt.time())
    parser = DateDataParser(
        languages=["en"],
        settings={"RELATIVE_BASE": base, "PREFER_DATES_FROM": "past", "STRICT_PARSING": False},
    )
    data = parser.get_date_data(text)
    if data.date_obj is None or data.period not in ("day", "week", "month", "year"):
        return None
    day = data.date_obj.date()
    if not has_year and pub is not None:
        inferred = _infer_year(day.month, day.day, pub, future)
        day = inferred or day
    start, end = _period(day, data.period)
    return Resolution(start, end, data.period, "absolute" if has_year else "publication")


def points_forward(span: Span) -> bool:
    """The span points forward: "next"/"coming" in it, "until" before it, or a future (or future-in-
    the-past) auxiliary on its verb ("will meet on Tuesday", "said supplies would run out by Friday")."""
    if re.search(r"\b(?:next|coming|upcoming)\b", span.text.lower()):
        return True
    if span.start > 0 and span.doc[span.start - 1].lower_ in FUTURE_PREPOSITIONS:
        return True
    verb, depth = span.root, 0
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i and depth < 4:
        verb, depth = verb.head, depth + 1
    return any(c.dep_ == "aux" and c.lower_ in FUTURE_AUXILIARIES for c in verb.children)
