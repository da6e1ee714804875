"""Tiny builders of hand-made Extraction records for the compare tests (no spaCy)."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Sequence

from storyline.compare import sentence_spans
from storyline.model import Article, Claim, Extraction, Mention, Place, Quote, TimeRef, content_id

D = dt.date
_serial = itertools.count()
DAY = D(2025, 3, 11)

#: (quantity as written, value, unit, hedge) or with a 5th item: kind; value may be (low, high)
ClaimSpec = tuple
#: (text as written, start date[, end date[, granularity]])
TimeSpec = tuple
#: (text as written, canonical name, country code or None[, kind: city | region | country])
PlaceSpec = tuple
#: (text as written, canonical entity name): a PERSON mention, every occurrence of the text
MentionSpec = tuple


def article(text: str, outlet: str | None = "Outlet A", published: dt.date | None = DAY) -> Article:
    """An Article whose clean text is ``text``; a serial number keeps ids distinct for equal texts."""
    source = f"test-{next(_serial)}.txt"
    return Article(id=content_id(text + source), source=source, raw=text, text=text, outlet=outlet, published=published)


def _find(text: str, needle: str, after: int = 0) -> int:
    at = text.find(needle, after)
    if at < 0:
        raise ValueError(f"{needle!r} not in {text!r}")
    return at


def _sentence(text: str, pos: int) -> tuple[int, int]:
    return next((a, b) for a, b in sentence_spans(text) if a <= pos < b)


def report(
    text: str,
    *claims: ClaimSpec,
    outlet: str | None = "Outlet A",
    published: dt.date | None = DAY,
    times: Sequence[TimeSpec] = (),
    places: Sequence[PlaceSpec] = (),
    quotes: Sequence[tuple[str, ...]] = (),
    subject: str = "",
    mentions: Sequence[MentionSpec] = (),
) -> Extraction:
    """An Extraction of one article ``text`` with the given claims, times, places and quotes.

    Each claim's ``as_of`` follows the pipeline: the last day-level time of its sentence, else the
    publication date. Quotes are ``(words, speaker, kind[, cue[, tentative]])``; mentions ``(words, canonical
    name[, label])`` (PERSON unless given).
    """
    art = article(text, outlet, published)
    time_refs = []
    cursor = 0
    for spec in times:
        words, start = spec[0], spec[1]
        end = spec[2] if len(spec) > 2 else start
        gran = spec[3] if len(spec) > 3 else "day"
        at = _find(text, words, cursor)
        cursor = at + len(words)
        time_refs.append(TimeRef(art.id, at, at + len(words), words, start, end, gran))
    built = []
    cursor = 0
    for spec in claims:
        quantity, value, unit, hedge = spec[:4]
        kind = spec[4] if len(spec) > 4 else "count"
        low, high = value if isinstance(value, tuple) else (value, value)
        at = _find(text, quantity, cursor)
        cursor = at + len(quantity)
        s_start, s_end = _sentence(text, at)
        dated = [t for t in time_refs if s_start <= t.start < s_end and t.granularity == "day"]
        as_of = dated[-1].end_date if dated else published
        built.append(
            Claim(
                article_id=art.id,
                start=at,
                end=at + len(quantity),
                text=text[s_start:s_end],
                quantity=quantity,
                subject=subject or unit,
                value=(low + high) / 2,
                low=low,
                high=high,
                unit=unit,
                hedge=hedge,
                kind=kind,
                sentence_start=s_start,
                sentence_end=s_end,
                as_of=as_of,
            )
        )
    place_refs = []
    for words, name, country, *kind in places:
        at = _find(text, words)
        place_refs.append(Place(art.id, at, at + len(words), words, name, kind[0] if kind else "city", country=country))
    quote_refs = []
    for words, speaker, kind, *rest in quotes:
        at = _find(text, words)
        cue, tentative = (rest + [None, False])[:2]
        quote_refs.append(Quote(art.id, at, at + len(words), words, kind, speaker, cue,  # type: ignore[arg-type]
                                tentative=bool(tentative), confidence=0.15 if tentative else None))
    mention_refs = []
    for words, entity, *label in mentions:
        at = _find(text, words)
        while at >= 0:
            mention_refs.append(Mention(art.id, at, at + len(words), words, label[0] if label else "PERSON", entity))
            at = text.find(words, at + len(words))
    return Extraction(
        article=art,
        mentions=tuple(mention_refs),
        claims=tuple(built),
        times=tuple(time_refs),
        places=tuple(place_refs),
        quotes=tuple(quote_refs),
    )
