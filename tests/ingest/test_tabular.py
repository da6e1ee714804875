from __future__ import annotations

import datetime as dt
import json

import pytest

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


# --- issue 12, item 4: a bad row never swallows the rows after it --------------------------------------

HEADER = "title,text,outlet,date,url"
GOOD_ROWS = [
    'One,"Body one, with a comma, the mayor said on Tuesday.",Herald,2024-01-01,https://a.example/1',
    'Two,"Body two said ""quoted"" words, officials said.",Post,2024-01-02,https://a.example/2',
    "Three,Body three has no quotes at all,Times,2024-01-03,https://a.example/3",
    '"Four","Body four, fully quoted.","Globe","2024-01-04","https://a.example/4"',
]
BAD_ROWS = [
    'Bad,"Body with an unterminated quote, it said,Herald,2024-01-05,https://a.example/5',
    '"Bad title,Body,Herald,2024-01-05,https://a.example/5',
    'Bad,"Body",Herald,2024-01-05,"https://a.example/5',
]


@pytest.mark.parametrize("bad", BAD_ROWS)
@pytest.mark.parametrize("at", range(len(GOOD_ROWS)))  # the bad row before each good row in turn
def test_an_unbalanced_quote_costs_its_own_row_only(bad: str, at: int) -> None:
    rows = [*GOOD_ROWS[:at], bad, *GOOD_ROWS[at:]]
    out = list(read_csv("\n".join([HEADER, *rows]) + "\n", source="e.csv", html_parser=no_html))
    drafts = [d for d in out if isinstance(d, Draft)]
    skips = [s for s in out if isinstance(s, Skip)]
    assert [d.title for d in drafts] == ["One", "Two", "Three", "Four"]
    assert [d.outlet for d in drafts] == ["Herald", "Post", "Times", "Globe"]  # nothing shifted or invented
    assert [d.source for d in drafts] == [f"e.csv:{n}" for n in range(2, 7) if n != at + 2]
    assert len(skips) == 1 and skips[0].source == f"e.csv:{at + 2}" and "malformed CSV row" in skips[0].reason


def test_rows_that_do_not_fit_the_header_are_one_skip_each() -> None:
    text = "\n".join(
        [
            HEADER,
            "Short,Only a title and a body",
            "Long,Body,Herald,2024-01-05,https://a.example/5,extra",
            "Trailing,Body with empty extra fields,Herald,2024-01-05,https://a.example/6,,",
            'Multi,"Body over\ntwo lines, still one row",Herald,2024-01-07,https://a.example/7',
            'Sloppy,"Body" ,Herald,2024-01-08,https://a.example/8',
        ]
    )
    out = list(read_csv(text, source="e.csv", html_parser=no_html))
    assert out[0] == Skip("e.csv:2", "row has 2 fields, the header has 5")
    assert out[1] == Skip("e.csv:3", "row has 6 fields, the header has 5")
    assert [(d.source, d.title) for d in out[2:] if isinstance(d, Draft)] == [
        ("e.csv:4", "Trailing"),
        ("e.csv:5", "Multi"),
        ("e.csv:7", "Sloppy"),  # rows are named by the line they start on
    ]
    assert len(out) == 5


def test_an_unterminated_quote_at_the_end_is_one_skip() -> None:
    text = HEADER + "\n" + GOOD_ROWS[0] + '\nLast,"never closed,Herald,2024-01-05,https://a.example/5\n'
    out = list(read_csv(text, source="e.csv", html_parser=no_html))
    assert isinstance(out[0], Draft)
    assert out[1:] == [Skip("e.csv:3", "malformed CSV row: unexpected end of data")]


def test_json_lone_surrogate_escapes_become_replacement_characters() -> None:
    line = '{"text": "Flood waters \\udcff rose.", "title": "T\\ud800", "byline": ["A\\udfff"]}'
    [draft] = read_jsonl(line, source="e.jsonl", html_parser=no_html)
    assert isinstance(draft, Draft)
    assert (draft.raw, draft.title, draft.byline) == ("Flood waters \ufffd rose.", "T\ufffd", "A\ufffd")
    draft.raw.encode("utf-8")
