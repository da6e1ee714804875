"""An undated article's publication date, estimated from the dates its own text mentions (issue 11).

Never another article's or the story's date: an article that states no date gets one only from the
evidence of its own sentences, flagged ``published_estimated`` and kept with that evidence, or none.

Method, over the spaCy DATE (and day-naming TIME) entities as ``extract.times`` reads them without a
publication date; mentions whose clause points forward ("will vote on Nov. 5, 2024") or that qualify a
noun ("the Sept. 11, 2001, attacks", "Tuesday's primary") say nothing about when the text was written and
are left out:

1. **Dated days.** A full date ("Nov. 6, 2024") resolves on its own. A month-day without a year ("on
   Jan. 11") is read in the year that puts it closest to the latest absolute date or period the text
   names (an article that says "December 2024" and "on Jan. 11" is about 11 Jan 2025, not the January
   before; one that says "2016" and "Sept. 9" is about 9 Sep 2016); with no absolute date at all its year
   is unknown and it is not used.
2. **Corroboration.** News writes the year of a date mostly when it is *not* the current one, so the
   years a text names are usually history: on PolNeAR's training split (2015-16 US news whose texts state
   no date) the latest year a text names is the publication year in 97 of 502 texts, and yearless days
   read against it were within 3 days of the publication in 2 of 107. A dated day counts only when a
   weekday confirms it is recent, because news names weekdays for the days around publication (AP
   style: a weekday within a week, a date beyond): the weekday is in its own phrase and matches the
   calendar ("Wednesday, Feb. 3, 2016"; "Saturday, Jan. 11" read in 2025), or, for a full date, the text
   names that weekday elsewhere ("said Wednesday"). A day whose own weekday contradicts the calendar is
   a wrong reading and is dropped. The candidate is the latest corroborated day.
3. **Calendar phrases** anchored on the publication ("last month", "this week", "earlier this year") in
   the sentence of a dated day must contain that day: "Last month, on Aug. 30, ..." means the
   publication is in September at the earliest, so the estimate moves to the first such day (at most
   ``CALENDAR_REACH_DAYS`` on).
4. **Weekday phrases** ("on Monday", "said Tuesday") name days of the week before publication: the
   estimate is the earliest day, at most ``WEEKDAY_REACH_DAYS`` after the candidate, that keeps the
   candidate and every named weekday within the shortest span before it (a Saturday date with "Sunday"
   and "Monday" in the text gives the Monday).

A wire dateline's day ("SEOUL, Dec. 3 (Reuters) -", at the start of one of the first paragraphs) is a
corroborated day of its own: the agency writes the day of filing there. Without a year it is read like
any yearless day, against the latest absolute date the text names (a dateline with a year is a stated
date, see ``dates.py``).

A text with no corroborated day stays undated: an undated article joins its story by content and
resolves nothing against a guess.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from spacy.tokens import Doc, Span

from ..extract import lexicons as lx
from ..extract.times import (
    Resolution,
    normalise,
    points_forward,
    resolve_span,
    resolve_text,
    weekday_of,
    yearless_day,
)
from ..model import Article
from .outlet_signals import DATELINE, DATELINE_PARAGRAPHS

#: The ``FieldSource.method`` of each evidence span of an estimated publication date.
ESTIMATE_METHOD = "estimated_from_text"
#: Granularities an absolute mention may have to anchor the year of a yearless day: a decade or a
#: multi-year range ("the 1990s", "2019-21") places nothing within a year.
ANCHOR_GRANULARITIES = frozenset({"day", "month", "year"})
#: How many days after the candidate the weekday phrases may move the estimate: AP style names a weekday
#: only for the seven days up to the day of writing, so a named weekday is at most six days back.
WEEKDAY_REACH_DAYS = 6
#: How far calendar phrases may move the estimate after the candidate: the first day that makes "last
#: week" or "last month" hold for a dated day is at most 31 days on ("last month" said of 1 August: 1
#: September). "Last year" can need up to a year; a phrase that far off says little about the day, so
#: it is then not applied.
CALENDAR_REACH_DAYS = 31
#: Articles before a date that make it a noun's modifier ("the Sept. 11 attacks", "a May 3 email"): such
#: a date names an event or a document, often long past or still to come, not when its clause happened.
ARTICLES = frozenset({"the", "a", "an"})
#: Dependency labels of a phrase that modifies a noun ("Tuesday's primary", "the March 1 vote").
MODIFIER_DEPS = frozenset({"poss", "compound", "nmod", "amod"})
#: A dateline's day may fall a little before the start of the latest period the text names ("SEOUL, Nov.
#: 30 (Yonhap)" in a report that says "in December": the month to come) but not a year before it.
DATELINE_TOLERANCE_DAYS = 7
#: ... and at most this long after its end: further, the latest date the text names is history ("the
#: 1972 treaty") and says nothing of the dateline's year. On PolNeAR train, reading yearless datelines
#: after whatever date came last put 6 of 6 one to 44 years off; two months keeps the "December 2024 /
#: Jan. 11" reading and drops those.
DATELINE_MAX_GAP_DAYS = 62
#: Granularities of calendar phrases checked against the dated days of their sentence (a "day" phrase
#: like "yesterday" names the publication's own neighbourhood, not a period to check).
CALENDAR_GRANULARITIES = frozenset({"week", "month", "year"})


@dataclass(frozen=True, slots=True)
class PublishedEstimate:
    """An estimated publication date and the spans of ``article.text`` it rests on.

    ``evidence`` holds (start, end) character offsets, the deciding date first, then what corroborated
    or moved it; ``text`` is the text of those spans joined with " · ".
    """

    date: dt.date
    evidence: tuple[tuple[int, int], ...]
    text: str

    @property
    def start(self) -> int:
        """Start of the deciding span."""
        return self.evidence[0][0]

    @property
    def end(self) -> int:
        """End of the deciding span."""
        return self.evidence[0][1]


@dataclass(frozen=True, slots=True)
class _Mention:
    span: Span
    text: str  # normalised, as extract.times reads it
    resolution: Resolution


@dataclass(frozen=True, slots=True)
class _Day:
    date: dt.date
    mention: _Mention
    corroboration: _Mention | None  # the weekday phrase that confirms it (None: its own span does)


def _modifies_noun(span: Span) -> bool:
    """The phrase qualifies a noun ("the Sept. 11, 2001, attacks", "Tuesday's primary") rather than
    dating its clause ("said Tuesday", "on Sept. 11")."""
    before = span.doc[span.start - 1].lower_ if span.start else ""
    if span[0].lower_ in ARTICLES or before in ARTICLES:
        return True
    root = span.root
    return (
        root.dep_ in MODIFIER_DEPS and root.head.pos_ in ("NOUN", "PROPN") and not span.start <= root.head.i < span.end
    )


def _mentions(doc: Doc) -> list[_Mention]:
    """The time mentions of ``doc`` that date their clause and do not point forward, in text order."""
    out: list[_Mention] = []
    previous: Resolution | None = None
    for ent in doc.ents:
        if ent.label_ not in ("DATE", "TIME"):
            continue
        resolution = resolve_span(ent, None, previous)
        if resolution is None:
            continue
        previous = resolution
        if not points_forward(ent) and not _modifies_noun(ent):
            out.append(_Mention(ent, normalise(ent.text), resolution))
    return out


def _distance(day: dt.date, start: dt.date, end: dt.date) -> int:
    if day < start:
        return (start - day).days
    return max(0, (day - end).days)


def _read_yearless(month: int, day: int, start: dt.date, end: dt.date) -> dt.date | None:
    """The reading of a month-day closest to the period ``start``..``end`` (the later one on a tie)."""
    readings = []
    for year in range(start.year - 1, end.year + 2):
        if day <= calendar.monthrange(year, month)[1]:  # 29 February only in leap years
            readings.append(dt.date(year, month, day))
    if not readings:
        return None
    return min(readings, key=lambda d: (_distance(d, start, end), -d.toordinal()))


def _own_weekday(text: str) -> int | None:
    """The weekday a dated phrase names before its date ("wednesday feb 3 2016" -> 2), if any."""
    first = text.split(" ", 1)[0]
    return lx.WEEKDAYS.get(first) if " " in text else None


def _on_or_after(month: int, day: int, floor: dt.date) -> dt.date | None:
    """The first date with this month and day on or after ``floor``."""
    for year in (floor.year, floor.year + 1, floor.year + 4):  # + 4: 29 February
        if day <= calendar.monthrange(year, month)[1] and dt.date(year, month, day) >= floor:
            return dt.date(year, month, day)
    return None


def _dateline_day(doc: Doc, mentions: list[_Mention], start: dt.date, end: dt.date) -> _Day | None:
    """The yearless day of a wire dateline opening one of the first paragraphs. It is the day of filing,
    so it comes after what the text reports: it is read on or after the latest absolute date the text
    names (``start``, less DATELINE_TOLERANCE_DAYS)."""
    text = doc.text
    offset = 0
    for paragraph in text.split("\n")[: DATELINE_PARAGRAPHS * 2]:
        match = DATELINE.match(paragraph)
        if match and match["date"]:
            found = yearless_day(normalise(match["date"]))
            date = _on_or_after(*found, start - dt.timedelta(days=DATELINE_TOLERANCE_DAYS)) if found else None
            if date is not None and (date - end).days > DATELINE_MAX_GAP_DAYS:
                date = None  # the latest date the text names is history: it does not give the year
            at = offset + match.start("date")
            mention = next((m for m in mentions if m.span.start_char <= at < m.span.end_char), None)
            if mention is None:  # the parser did not tag the dateline's date: read it from its characters
                span = doc.char_span(at, offset + match.end("date"), label="DATE", alignment_mode="expand")
                resolution = resolve_text(normalise(match["date"]), None)
                mention = _Mention(span, normalise(match["date"]), resolution) if span and resolution else None
            if date is not None and mention is not None:
                return _Day(date, mention, None)
        offset += len(paragraph) + 1
    return None


def _dated_days(mentions: list[_Mention], doc: Doc | None = None) -> list[_Day]:
    """Every corroborated dated day (see the module docstring, steps 1 and 2)."""
    absolute = [
        m
        for m in mentions
        if m.resolution.anchor == "absolute"
        and m.resolution.start is not None
        and m.resolution.granularity in ANCHOR_GRANULARITIES
    ]
    if not absolute:
        return []
    reference = max(absolute, key=lambda m: (m.resolution.end, m.span.start_char)).resolution
    assert reference.start is not None and reference.end is not None
    dateline = _dateline_day(doc, mentions, reference.start, reference.end) if doc is not None else None
    weekdays: dict[int, _Mention] = {}
    for m in mentions:
        wd = weekday_of(m.text)
        if wd is not None:
            weekdays.setdefault(wd, m)
    days: list[_Day] = []
    for m in mentions:
        res, full = m.resolution, True
        if res.anchor == "absolute" and res.granularity == "day" and res.end is not None:
            date = res.end
        elif res.anchor == "none" and (found := yearless_day(m.text)) is not None:
            read = _read_yearless(*found, reference.start, reference.end)
            if read is None:
                continue
            date, full = read, False
        else:
            continue
        own = _own_weekday(m.text)
        if own is not None:
            if own == date.weekday():
                days.append(_Day(date, m, None))
        elif full and date.weekday() in weekdays:
            days.append(_Day(date, m, weekdays[date.weekday()]))
    if dateline is not None and all(d.mention is not dateline.mention for d in days):
        days.append(dateline)
    return days


def _calendar_ok(day: dt.date, days: list[_Day], mentions: list[_Mention]) -> bool:
    """Every calendar phrase sharing a sentence with a dated day, read against ``day``, contains it."""
    for m in mentions:
        if m.resolution.anchor != "none" or m.resolution.granularity not in CALENDAR_GRANULARITIES:
            continue
        sentence = m.span.sent
        dated = [d.date for d in days if d.mention.span.sent == sentence]
        if not dated:
            continue
        res = resolve_text(m.text, day)
        if res is None or res.start is None or res.end is None:
            continue
        if not all(res.start <= d <= res.end for d in dated):
            return False
    return True


def _weekday_spread(day: dt.date, candidate: dt.date, weekdays: set[int]) -> int:
    """Days from the earliest of the candidate and the named weekdays (each its latest on or before
    ``day``) to ``day``."""
    back = [(day.weekday() - wd) % 7 for wd in weekdays]
    return max([(day - candidate).days, *back])


def estimate_published(doc: Doc, article: Article) -> PublishedEstimate | None:
    """Estimate when an article was published from the dates its own text mentions.

    Args:
        doc: the spaCy Doc of ``article.text`` (with entities).
        article: the article (its ``published`` is not read: the estimate is for undated articles).

    Returns:
        The estimate with its evidence spans, or None when the text names no day that a weekday
        corroborates (see the module docstring for the method).
    """
    mentions = _mentions(doc)
    days = _dated_days(mentions, doc)
    if not days:
        return None
    best = max(days, key=lambda d: (d.date, d.mention.span.start_char))
    evidence = [best.mention] + ([best.corroboration] if best.corroboration else [])
    date = best.date
    in_sentences = [
        m
        for m in mentions
        if m.resolution.anchor == "none"
        and m.resolution.granularity in CALENDAR_GRANULARITIES
        and any(d.mention.span.sent == m.span.sent for d in days)
    ]
    if in_sentences and not _calendar_ok(date, days, mentions):
        moved = next(
            (
                date + dt.timedelta(days=n)
                for n in range(1, CALENDAR_REACH_DAYS + 1)
                if _calendar_ok(date + dt.timedelta(days=n), days, mentions)
            ),
            None,
        )
        if moved is not None:
            date = moved
            evidence += in_sentences
    named = {wd: m for m in mentions if (wd := weekday_of(m.text)) is not None}
    if named:
        reach = [date + dt.timedelta(days=n) for n in range(WEEKDAY_REACH_DAYS + 1)]
        reach = [d for d in reach if d == date or not in_sentences or _calendar_ok(d, days, mentions)]
        chosen = min(reach, key=lambda d: (_weekday_spread(d, date, set(named)), d))
        if chosen != date:
            date = chosen
            # the phrase naming the chosen day, else the named weekday closest before it
            wd = min(named, key=lambda w: (date.weekday() - w) % 7)
            evidence.append(named[wd])
    spans = tuple(dict.fromkeys((m.span.start_char, m.span.end_char) for m in evidence))
    text = " · ".join(article.text[s:e] for s, e in spans)
    return PublishedEstimate(date, spans, text)


def published_fields(article: Article) -> dict[str, str | None]:
    """An article's own date as the story JSON and the briefing carry it: ``published`` when stated;
    ``published_estimate`` and ``published_evidence`` (its evidence phrases joined with " · ") when
    estimated from its text; all None when undated. Never another article's or the story's date."""
    iso = article.published.isoformat() if article.published else None
    if not article.published_estimated:
        return {"published": iso, "published_estimate": None, "published_evidence": None}
    evidence = [p.text for p in article.provenance if p.field == "published" and p.method == ESTIMATE_METHOD]
    return {"published": None, "published_estimate": iso, "published_evidence": " · ".join(evidence) or None}
