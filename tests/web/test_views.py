from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from storyline.web.views import Mark, page_url, parse_highlight, safe_link, segments

TEXT = "Ana Lee said 40 homes flooded."


def cut(marks: list[Mark]) -> list[tuple[str, tuple[str, ...], tuple[str, ...]]]:
    return [(s.text, s.classes, s.anchors) for s in segments(TEXT, marks)]


@pytest.mark.parametrize(
    ("marks", "expected"),
    [
        ([], [(TEXT, (), ())]),
        # one span in the middle
        ([Mark("claim", 13, 15, "claim-13-15")], [("Ana Lee said ", (), ()), ("40", ("claim",), ("claim-13-15",)),
                                                  (" homes flooded.", (), ())]),
        # nested: a claim inside a quote
        ([Mark("quote", 0, 30, "q"), Mark("claim", 13, 15, "c")],
         [("Ana Lee said ", ("quote",), ("q",)), ("40", ("quote", "claim"), ("c",)),
          (" homes flooded.", ("quote",), ())]),
        # overlapping, not nested
        ([Mark("place", 4, 12), Mark("entity", 8, 15)],
         [("Ana ", (), ()), ("Lee ", ("place",), ()), ("said", ("place", "entity"), ()), (" 40", ("entity",), ()),
          (" homes flooded.", (), ())]),
        # same anchor twice: opened once
        ([Mark("quote", 0, 3, "a"), Mark("quote", 0, 3, "a")], [("Ana", ("quote",), ("a",)), (TEXT[3:], (), ())]),
        # negative: out of range, empty, reversed and unknown kinds are dropped
        ([Mark("quote", -1, 3), Mark("quote", 5, 5), Mark("quote", 9, 2), Mark("quote", 0, 999),
          Mark("evil kind", 0, 3)], [(TEXT, (), ())]),
    ],
)  # fmt: skip
def test_segments(marks: list[Mark], expected: list[tuple[str, tuple[str, ...], tuple[str, ...]]]) -> None:
    assert cut(marks) == expected


@given(st.text(max_size=60), st.lists(st.tuples(st.integers(-3, 70), st.integers(-3, 70)), max_size=8))
def test_segments_always_rebuild_the_text(text: str, spans: list[tuple[int, int]]) -> None:
    marks = [Mark("quote", a, b) for a, b in spans]
    assert "".join(s.text for s in segments(text, marks)) == text


@pytest.mark.parametrize(
    ("value", "size", "expected"),
    [
        ("3-7", 10, (3, 7)),
        ("0-10", 10, (0, 10)),
        ("0-11", 10, None),  # past the end
        ("7-3", 10, None),
        ("5-5", 10, None),
        ("-1-3", 10, None),
        ("3", 10, None),
        ('3-7"><script>', 10, None),
        ("", 10, None),
        (None, 10, None),
    ],
)
def test_parse_highlight(value: str | None, size: int, expected: tuple[int, int] | None) -> None:
    assert parse_highlight(value, size) == expected


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://example.org/a?b=1", "https://example.org/a?b=1"),
        ("http://example.org", "http://example.org"),
        (" https://example.org ", "https://example.org"),
        ("javascript:alert(1)", None),
        ("JavaScript:alert(1)", None),
        (" javascript:alert(1)", None),
        ("data:text/html,<script>alert(1)</script>", None),
        ("vbscript:msgbox", None),
        ("//evil.example/x", None),  # scheme-relative
        ("http:evil", None),  # no host
        ("/relative/path", None),
        ("", None),
        (None, None),
    ],
)
def test_safe_link(url: str | None, expected: str | None) -> None:
    assert safe_link(url) == expected


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"q": "dam", "kind": [], "outlet": ""}, "/search?q=dam"),
        ({"q": 'a"&b=<x>', "offset": 20}, "/search?q=a%22%26b%3D%3Cx%3E&offset=20"),
        ({"q": "x", "kind": ["quote", "claim"]}, "/search?q=x&kind=quote&kind=claim"),
        ({}, "/search"),
    ],
)
def test_page_url_encodes(params: dict[str, object], expected: str) -> None:
    assert page_url("/search", params) == expected
