"""The highlighter: untrusted text escaped segment by segment, spans nested or crossing, markup balanced."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storyline.brief.markup import SPAN_CLASSES, highlight

from .htmlcheck import parse
from .payloads import PAYLOADS


def S(start: int, end: int, kind: str = "quote", **extra: str) -> dict:
    return {"start": start, "end": end, "kind": kind, **extra}


@pytest.mark.parametrize(
    ("text", "spans", "expected"),
    [
        ("plain", [], "plain"),
        ("a <b> c", [], "a &lt;b&gt; c"),
        ("say hi now", [S(4, 6)], 'say <span class="q">hi</span> now'),
        ("say hi now", [S(4, 6, id="a-x-4")], 'say <span class="q src" id="a-x-4">hi</span> now'),
        ("say hi now", [S(4, 6, title='"x" <y>')], 'say <span class="q" title="&#34;x&#34; &lt;y&gt;">hi</span> now'),
        # nested: a place inside a cited sentence
        (
            "In Leova.",
            [S(0, 9, "sentence", id="s"), S(3, 8, "place")],
            '<span class="s src" id="s">In <span class="p">Leova</span>.</span>',
        ),
        # same extent: the sentence opens first (outer), whatever the input order
        ("ab", [S(0, 2, "quote"), S(0, 2, "sentence")], '<span class="s"><span class="q">ab</span></span>'),
        # crossing: the quote is closed and re-opened around the sentence end, marked as part of its id
        (
            "ab cd",
            [S(0, 2, "sentence"), S(1, 5, "quote", id="q1")],
            '<span class="s">a<span class="q src" id="q1">b</span></span><span class="q" data-part-of="q1"> cd</span>',
        ),
        # touching spans do not nest
        ("abcd", [S(0, 2, "time"), S(2, 4, "claim")], '<span class="t">ab</span><span class="c">cd</span>'),
        # dropped: empty, reversed, out of range (clipped), unknown kind, non-integer offsets
        ("abc", [S(1, 1), S(2, 1), S(0, 2, "script"), {"start": "0", "end": 2, "kind": "quote"}], "abc"),
        ("abc", [S(-5, 99)], '<span class="q">abc</span>'),
        # an id or a title cannot break out of its attribute
        (
            "x",
            [S(0, 1, id='"><script>', title="' onmouseover='a")],
            '<span class="q src" id="&#34;&gt;&lt;script&gt;" title="&#39; onmouseover=&#39;a">x</span>',
        ),
    ],
)
def test_highlight(text: str, spans: list[dict], expected: str) -> None:
    assert str(highlight(text, spans)) == expected


@pytest.mark.parametrize("payload", PAYLOADS)
@pytest.mark.parametrize("covered", [False, True])
def test_payload_in_text_stays_text(payload: str, covered: bool) -> None:
    text = f"He said “{payload}” yesterday."
    start = text.index(payload)
    spans = [S(start, start + len(payload), id="a-1-0", title=payload)] if covered else []
    page = parse(str(highlight(text, spans)))
    assert page.text == text  # exactly the original characters, as text
    assert {tag for tag, _ in page.tags} <= {"span"}
    assert all(set(attrs) <= {"class", "id", "title", "data-part-of"} for _, attrs in page.tags)
    assert page.open_spans == 0


_text = st.lists(st.sampled_from([*"ab <>&\"'/\n“”", "</span>", "<script>", "&amp;"]), max_size=30).map("".join)


@settings(max_examples=300, deadline=None)
@given(data=st.data(), text=_text)
def test_any_spans_keep_text_and_balance(data: st.DataObject, text: str) -> None:
    n = len(text)
    spans = data.draw(
        st.lists(
            st.builds(
                lambda a, b, kind, has_id: {
                    "start": min(a, b),
                    "end": max(a, b),
                    "kind": kind,
                    **({"id": f"i{a}-{b}-{kind}"} if has_id else {}),
                },
                st.integers(0, n),
                st.integers(0, n),
                st.sampled_from(sorted(SPAN_CLASSES)),
                st.booleans(),
            ),
            max_size=8,
        )
    )
    page = parse(str(highlight(text, spans)))
    assert page.text == text
    assert page.open_spans == 0
    assert {tag for tag, _ in page.tags} <= {"span"}
    # every span with an id is a link target exactly once
    wanted = {s["id"] for s in spans if "id" in s and s["start"] < s["end"]}
    assert wanted <= page.ids
