"""The story's timeline: its dated events, merged across outlets.

It reads a story sentence by sentence (a rule-based splitter over ``Article.text``; no spaCy here); the
splitter and the choice of a sentence's time are shared with ``contradictions.py``.

**Timeline** (:func:`build_timeline`): a sentence with a resolved time (``TimeRef`` of day, week, month
or year granularity) is a dated event. Per sentence one time is chosen: the first day-level time that
names when something happened - not a range end ("since Tuesday"), not a noun modifier ("Tuesday's
failure"), not inside a direct quote, not the current week/month/year ("this year" dates nothing).
Events of several outlets with the same dates and similar sentences (shared content words, event verbs
folded to one class: "killing"/"died" -> killed) are merged; each keeps all its sources.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..model import Article, Extraction, SourceRef, TimelineEvent, TimeRef
from .claims import (
    EVENT_WORDS,
    TIME_ANCHORS,
    OutletOf,
    content_words,
    default_outlet,
    fold,
    source_ref,
    words,
)

#: TimeRef granularities that date an event; decades ("the 1970s") are too coarse to order a story.
TIMELINE_GRANULARITIES = ("day", "week", "month", "year")
#: Two same-date sentences are one event when their content words have a Jaccard similarity of at
#: least EVENT_MERGE_JACCARD, or when they name the same event class (killed, missing, evacuated...) and
#: share at least EVENT_MERGE_OVERLAP of the smaller sentence's words. Measured on the demo corpus
#: (cross-outlet, same-date pairs): reports of one event scored Jaccard 0.34-0.40 ("Police went door to
#: door in Cantemir on Wednesday night" / "The flood wave ... reached this town on Wednesday night,
#: forcing police to clear the streets") or shared the event with overlap 0.36-0.52 ("At least seven
#: people died when the dam collapsed on Tuesday" / "At least three people were killed when the dam
#: gave way early on Tuesday"); different events of one day reached Jaccard 0.30 (two sentences naming
#: the same company) and, with a shared event class, overlap 0.32.
EVENT_MERGE_JACCARD = 0.33
EVENT_MERGE_OVERLAP = 0.35
#: Smallest denominator of the sentence overlap, so two short sentences sharing one word do not merge.
MIN_SENTENCE_WORDS = 4
#: Abbreviations whose full stop does not end a sentence (AP style titles, months, common Latin).
ABBREVIATIONS = frozenset(
    """
    mr mrs ms dr prof gen lt col maj capt sgt cpl rep sen gov pres st jr sr co corp inc ltd no vs etc
    jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thur thurs fri sat sun
    approx est dept univ ave
    """.split()
)

_SENTENCE_END = re.compile(r"[.!?]+[\"”’')\]]*\s+|\n\s*")


# --- sentences ----------------------------------------------------------------------------------------


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Sentence ranges of a clean article text.

    A sentence ends at a line break, or at ``.``/``!``/``?`` (with closing quotes) followed by
    whitespace and a capital, digit or opening quote, unless the word before the stop is an
    abbreviation (:data:`ABBREVIATIONS`) or an initial ("J. Smith", "U.S.").

    Args:
        text: an article's clean text.

    Returns:
        ``(start, end)`` offsets of each non-blank sentence, leading/trailing spaces excluded.
    """
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        if "\n" not in m.group():
            nxt = text[m.end() : m.end() + 1]
            before = re.search(r"(\w+)\W*$", text[max(start, m.start() - 12) : m.start() + 1])
            word = before.group(1) if before else ""
            if not (nxt.isupper() or nxt.isdigit() or nxt in "\"“‘'("):
                continue
            if text[m.start()] == "." and (fold(word) in ABBREVIATIONS or (len(word) == 1 and word.isupper())):
                continue
        _push(text, start, m.end(), spans)
        start = m.end()
    _push(text, start, len(text), spans)
    return spans


def _push(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    chunk = text[start:end]
    if chunk.strip():
        lead = len(chunk) - len(chunk.lstrip())
        spans.append((start + lead, start + len(chunk.rstrip())))


def _sentence_at(spans: list[tuple[int, int]], pos: int) -> tuple[int, int] | None:
    return next(((a, b) for a, b in spans if a <= pos < b), None)


# --- timeline -----------------------------------------------------------------------------------------


@dataclass
class _Dated:
    order: int
    time: TimeRef
    start: dt.date
    end: dt.date
    ref: SourceRef
    features: frozenset[str]


def _features(sentence: str) -> frozenset[str]:
    """Content words with event verbs folded to their class ("killing", "died" -> event:killed)."""
    events = {f"event:{EVENT_WORDS[w]}" for w in words(sentence) if w in EVENT_WORDS}
    return content_words(sentence, drop=EVENT_WORDS) | events


def _similarity(a: frozenset[str], b: frozenset[str]) -> float:
    """Jaccard similarity of two feature sets (0 for two empty sets)."""
    return len(a & b) / len(a | b) if a | b else 0.0


def _same_event(a: frozenset[str], b: frozenset[str]) -> bool:
    """Whether two same-date sentences report one event (see EVENT_MERGE_JACCARD)."""
    if _similarity(a, b) >= EVENT_MERGE_JACCARD:
        return True
    shared = a & b
    if not any(f.startswith("event:") for f in shared):
        return False
    return len(shared) / max(MIN_SENTENCE_WORDS, min(len(a), len(b))) >= EVENT_MERGE_OVERLAP


def sentence_time(times: list[TimeRef], article: Article, quoted: list[tuple[int, int]]) -> TimeRef | None:
    """The time that dates a sentence (see the module docstring), or None.

    Args:
        times: the resolved times inside the sentence.
        article: the article they come from.
        quoted: ``(start, end)`` of its direct and partial quotes; a time inside one dates nothing.
    """
    usable = []
    for t in times:
        if t.start_date is None or t.granularity not in TIMELINE_GRANULARITIES:
            continue
        if any(a <= t.start < b for a, b in quoted):
            continue
        before = words(article.text[max(0, t.start - 12) : t.start])
        if before and before[-1] in TIME_ANCHORS:
            continue
        end = t.end_date or t.start_date
        current = article.published is not None and t.start_date <= article.published <= end
        if t.granularity != "day" and current:
            continue
        possessive = bool(re.match(r"['’]s\b", article.text[t.end : t.end + 3]))
        usable.append((possessive, t.granularity != "day", t.start, t))
    return min(usable, key=lambda u: u[:3])[3] if usable else None


def _dated_sentences(extractions: Sequence[Extraction], outlet_of: OutletOf) -> list[_Dated]:
    dated: list[_Dated] = []
    for extraction in extractions:
        article = extraction.article
        if not extraction.times:
            continue
        outlet = outlet_of(article)
        spans = sentence_spans(article.text)
        quoted = [(q.start, q.end) for q in extraction.quotes if q.kind in ("direct", "partial") and not q.in_title]
        by_sentence: dict[tuple[int, int], list[TimeRef]] = {}
        for t in extraction.times:
            span = _sentence_at(spans, t.start)
            if span is not None:
                by_sentence.setdefault(span, []).append(t)
        for (a, b), times in sorted(by_sentence.items()):
            chosen = sentence_time(times, article, quoted)
            if chosen is None or chosen.start_date is None:
                continue
            end = chosen.end_date or chosen.start_date
            text = article.text[a:b]
            ref = source_ref(article, a, b, outlet, text)
            dated.append(_Dated(len(dated), chosen, chosen.start_date, end, ref, _features(text)))
    return dated


def build_timeline(
    story_id: str, extractions: Sequence[Extraction], *, outlet_of: OutletOf = default_outlet
) -> list[TimelineEvent]:
    """The dated events of a story, merged across outlets and ordered by date.

    Args:
        story_id: the story the events belong to.
        extractions: one per distinct source; their ``times`` must be resolved (undated articles give
            no events).
        outlet_of: names the outlet of an article; defaults to ``default_outlet``.

    Returns:
        Events ordered by start date, end date, then first appearance. Each event's ``text`` is the
        sentence most like the others of its sources, and ``sources`` cite every sentence merged in.
    """
    events: list[list[_Dated]] = []
    same_dates: dict[tuple[dt.date, dt.date], list[list[_Dated]]] = {}  # only same-date sentences merge
    for item in sorted(_dated_sentences(extractions, outlet_of), key=lambda d: (d.start, d.end, d.order)):
        candidates = same_dates.setdefault((item.start, item.end), [])
        target = next((e for e in candidates if any(_same_event(item.features, m.features) for m in e)), None)
        if target is None:
            events.append([item])
            candidates.append(events[-1])
        else:
            target.append(item)
    out = []
    for members in events:
        medoid = max(members, key=lambda m: (sum(_similarity(m.features, o.features) for o in members), -m.order))
        out.append(
            TimelineEvent(
                story_id=story_id,
                start=members[0].start,
                end=members[0].end,
                granularity=members[0].time.granularity or "day",
                text=medoid.ref.text,
                sources=tuple(m.ref for m in members),
            )
        )
    return out
