"""Every reader on hostile input: it returns records or raises InputError (a Skip for the user), nothing else.

Each test draws many cases (see the ``max_examples`` settings); ``conftest.py`` prints the total.
"""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storyline.errors import InputError
from storyline.ingest.decode import decode_text
from storyline.ingest.html import parse_html
from storyline.ingest.sources import html_to_draft
from storyline.ingest.tabular import read_csv, read_json, read_jsonl
from storyline.ingest.text import read_text
from storyline.model import Draft, Skip

from .conftest import count
from .strategies import ANY_CHAR, any_text, hostile_text, nested

FAST = settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SLOW = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(any_text)
def test_text_reader(text: str) -> None:
    count("text reader")
    try:
        draft = read_text(text, source="f.txt")
    except InputError as exc:
        assert exc.source == "f.txt" and exc.reason
        return
    assert isinstance(draft, Draft) and draft.source == "f.txt"
    for span in draft.noise:  # header lines the reader took out are recorded where they were
        assert 0 <= span.start <= span.end <= len(draft.raw)


@FAST
@given(st.one_of(st.binary(max_size=600), any_text.map(lambda t: t.encode("utf-8", "surrogatepass"))))
def test_byte_decoding(data: bytes) -> None:
    count("byte decoding")
    try:
        text, warning = decode_text(data, source="f.txt")
    except InputError as exc:
        assert exc.source == "f.txt"
        return
    assert isinstance(text, str) and (warning is None or isinstance(warning, str))


TAGS = ["<p>", "</p>", "<div>", "</div>", "<article>", "</article>", "<b>", "<i>", "<br>", "<script>", "</script>",
        "<style>", "</style>", "<!--", "-->", "<![CDATA[", "]]>", "<svg>", "</svg>", "<table><tr><td>", "&amp;",
        "&#0;", "&#x202e;", "<meta charset='utf-16'>", "<html>", "<body>", "<h1>", "</h1>",
        "<a href='javascript:x'>"]  # fmt: skip

html_page = st.tuples(
    st.lists(st.one_of(st.sampled_from(TAGS), hostile_text), max_size=40).map("".join),
    st.integers(min_value=0, max_value=3000),
).map(lambda parts: "<html><body>" + nested(parts[1], parts[0]) + "</body></html>")


@SLOW
@given(st.one_of(html_page, st.lists(st.one_of(st.sampled_from(TAGS), any_text), max_size=30).map("".join)))
def test_html_reader(html: str) -> None:
    count("html reader")
    try:
        parts = parse_html(html, source="p.html")
    except InputError as exc:
        assert exc.source == "p.html" and exc.reason
        return
    assert parts.text.strip()
    draft = html_to_draft(html, source="p.html")
    for span in draft.noise:  # lines the HTML reader dropped are kept, at their place in raw
        assert draft.raw[span.start : span.end] == span.text


record_values = st.one_of(any_text, st.integers(), st.floats(allow_nan=True), st.none(), st.lists(st.integers()))
records = st.dictionaries(
    st.sampled_from(["text", "title", "outlet", "url", "date", "published", "byline", "html", "body", "x"]),
    record_values,
    max_size=6,
)


def _check_items(items: list[Draft | Skip], source: str) -> None:
    for item in items:
        if isinstance(item, Skip):
            assert item.source.startswith(source) and item.reason
        else:
            assert isinstance(item, Draft) and item.source.startswith(source)


@FAST
@given(st.lists(st.one_of(records.map(json.dumps), st.text(ANY_CHAR, max_size=80)), max_size=8))
def test_jsonl_reader(lines: list[str]) -> None:
    count("jsonl reader")
    text = "\n".join(lines)
    try:
        items = list(read_jsonl(text, source="e.jsonl", html_parser=html_to_draft))
    except InputError as exc:
        assert exc.source.startswith("e.jsonl")
        return
    _check_items(items, "e.jsonl")


@FAST
@given(st.one_of(st.lists(records, max_size=6).map(json.dumps), records.map(json.dumps), any_text))
def test_json_reader(text: str) -> None:
    count("json reader")
    try:
        items = list(read_json(text, source="e.json", html_parser=html_to_draft))
    except InputError as exc:
        assert exc.source.startswith("e.json")
        return
    _check_items(items, "e.json")


@FAST
@given(
    st.lists(
        st.lists(
            st.one_of(any_text, st.sampled_from(['"', '""', ",", "\n", "\r\n", "=cmd|' /C calc'!A0"])), max_size=5
        ),
        max_size=6,
    )
)
def test_csv_reader(rows: list[list[str]]) -> None:
    count("csv reader")
    header = "title,text,outlet,date,url"
    text = header + "\n" + "\n".join(",".join(row) for row in rows)
    try:
        items = list(read_csv(text, source="e.csv", html_parser=html_to_draft))
    except InputError as exc:
        assert exc.source.startswith("e.csv")
        return
    _check_items(items, "e.csv")
