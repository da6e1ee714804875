"""The cleaner and every extractor on hostile text: no exception, every span inside the text, and every
record's text equal to the text at its span (so highlighting in the briefing always lands right)."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings

from storyline.clean import clean
from storyline.config import Settings
from storyline.ingest.text import read_text
from storyline.model import Draft, Extraction, Skip
from storyline.pipeline import extract_batch

from .conftest import count
from .strategies import any_text, hostile_text

CLEAN = settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
EXTRACT = settings(max_examples=800, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@CLEAN
@given(any_text)
def test_cleaner_loses_nothing(raw: str) -> None:
    count("cleaner")
    draft = Draft(source="f.txt", raw=raw)
    cleaned = clean(draft)
    kept = {line.strip() for line in cleaned.text.split("\n")}
    removed = []
    for span in cleaned.noise:
        assert 0 <= span.start <= span.end <= len(raw)
        assert raw[span.start : span.end] == span.text
        removed.append((span.start, span.end))
    offset = 0
    for piece in raw.splitlines(keepends=True):  # the cleaner's lines: every Unicode line break ends one
        line = piece.rstrip("\r\n")
        start, end = offset, offset + len(line)
        offset += len(piece)
        if not line.strip():
            continue
        covered = any(s <= start + len(line) - len(line.lstrip(" \t")) and end <= e for s, e in removed)
        assert covered or line.strip() in kept, repr(line)  # every non-blank line is kept or recorded


def _check_spans(ex: Extraction) -> None:
    text = ex.article.text
    n = len(text)
    for q in ex.quotes:
        if q.in_title:  # a headline quote: offsets into the title
            title = ex.article.title or ""
            assert 0 <= q.start <= q.end <= len(title) and title[q.start : q.end] == q.text
            continue
        assert 0 <= q.start <= q.end <= n and text[q.start : q.end] == q.text
        if q.speaker_start is not None and q.speaker_end is not None:
            assert 0 <= q.speaker_start <= q.speaker_end <= n
    for m in ex.mentions:
        assert 0 <= m.start < m.end <= n and text[m.start : m.end] == m.text
    for c in ex.claims:
        assert 0 <= c.start < c.end <= n and text[c.start : c.end] == c.quantity
        assert 0 <= c.sentence_start <= c.start and c.end <= c.sentence_end <= n
    for t in ex.times:
        assert 0 <= t.start < t.end <= n and text[t.start : t.end] == t.text
    for p in ex.places:
        assert 0 <= p.start < p.end <= n and text[p.start : p.end] == p.text
        assert p.lat is None or -90 <= p.lat <= 90
    for span in ex.article.noise:
        assert 0 <= span.start <= span.end <= len(ex.article.raw)


@EXTRACT
@given(hostile_text)
def test_extractors_keep_spans_true(body: str) -> None:
    count("extractors")
    draft = read_text(f"title: Fuzz\ndate: 2025-03-11\n\n{body}", source="f.txt")
    [item] = extract_batch([draft], Settings())
    if isinstance(item, Skip):
        assert item.reason
        return
    assert item.article.published == dt.date(2025, 3, 11)
    _check_spans(item)


def test_a_one_megabyte_line() -> None:
    """A scrape that lost its line breaks: one 1 MB line of prose with quotes, numbers and dates."""
    sentence = "“We lost about 1,200 homes on Tuesday,” Mayor Ana Costa said in Tulcea. "
    line = sentence * (1_000_000 // len(sentence))
    draft = read_text("title: One line\ndate: 2025-03-11\n\n" + line, source="long.txt")
    [item] = extract_batch([draft], Settings())
    assert isinstance(item, Extraction)
    assert len(item.article.text) >= 990_000
    _check_spans(item)
    assert len(item.quotes) > 1000 and len(item.claims) > 1000
