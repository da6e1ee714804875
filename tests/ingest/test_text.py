from __future__ import annotations

import datetime as dt

import pytest

from storyline.ingest.text import read_text


@pytest.mark.parametrize(
    ("raw", "field", "value"),
    [
        ("title: Floods hit Vale\n\nBody text here.", "title", "Floods hit Vale"),
        ("outlet: Valley Herald\nurl: https://h.example/a\n\nBody.", "outlet", "Valley Herald"),
        ("outlet: Valley Herald\nurl: https://h.example/a\n\nBody.", "url", "https://h.example/a"),
        ("date 2024-11-11\nBody.", "published", dt.date(2024, 11, 11)),
        ("date: 2025-03-14\n\nBody.", "published", dt.date(2025, 3, 14)),
        (" date 2024-11-11 Pyongyang is sending troops.", "published", dt.date(2024, 11, 11)),
        ("byline: Ana Lee\n\nBody.", "byline", "Ana Lee"),
        ("Title of nothing: just prose with a colon.\nMore.", "title", None),
    ],
)
def test_header_fields(raw: str, field: str, value: object) -> None:
    assert getattr(read_text(raw, source="a.txt"), field) == value


def test_date_header_glued_to_body_keeps_the_body() -> None:
    raw = " date 2024-11-11 Pyongyang is sending troops.\n\nMore."
    draft = read_text(raw, source="a.txt")
    assert [n.kind for n in draft.noise] == ["header"]
    span = draft.noise[0]
    assert raw[span.start : span.end].strip() == "date 2024-11-11"
    assert raw[span.end :].lstrip().startswith("Pyongyang")


def test_bad_date_is_ignored() -> None:
    assert read_text("date: 2024-13-45\n\nBody.", source="a.txt").published is None
