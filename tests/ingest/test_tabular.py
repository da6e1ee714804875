from __future__ import annotations

import datetime as dt
import json

from storyline.ingest.tabular import read_csv, read_jsonl
from storyline.model import Draft, Skip


def no_html(*args: object, **kwargs: object) -> Draft:
    raise AssertionError("html parser must not be called")


def test_jsonl_records_and_bad_lines() -> None:
    lines = [
        json.dumps({"text": "First body.", "title": "One", "date": "2025-03-14T09:00:00Z", "outlet": "Herald"}),
        "{not json",
        json.dumps({"title": "no body"}),
        json.dumps(["a", "list"]),
        json.dumps({"body": "Second body.", "author": ["Ana Lee", "Tom Brown"], "link": "https://x.example/2"}),
    ]
    out = list(read_jsonl("\n".join(lines), source="e.jsonl", html_parser=no_html))
    drafts = [d for d in out if isinstance(d, Draft)]
    skips = [s for s in out if isinstance(s, Skip)]
    assert [d.raw for d in drafts] == ["First body.", "Second body."]
    assert drafts[0].published == dt.date(2025, 3, 14) and drafts[0].outlet == "Herald"
    assert drafts[1].byline == "Ana Lee, Tom Brown" and drafts[1].url == "https://x.example/2"
    assert [s.source for s in skips] == ["e.jsonl:2", "e.jsonl:3", "e.jsonl:4"]
    assert "invalid JSON" in skips[0].reason


def test_csv_rows() -> None:
    text = 'title,text,date,outlet\nOne,"Body, with comma.",2025-03-15,Herald\nTwo,,2025-03-15,Herald\n'
    out = list(read_csv(text, source="e.csv", html_parser=no_html))
    assert isinstance(out[0], Draft) and out[0].raw == "Body, with comma."
    assert out[1] == Skip("e.csv:3", "record has no text or html field")


def test_csv_without_text_column() -> None:
    out = list(read_csv("a,b\n1,2\n", source="e.csv", html_parser=no_html))
    assert len(out) == 1 and isinstance(out[0], Skip) and "no text or html column" in out[0].reason
