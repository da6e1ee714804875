"""chunking.split_text: long article texts cut into bounded parts at the best boundary (issue 12, item 1)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storyline.chunking import split_text


def parts(text: str, max_chars: int) -> list[str]:
    return [text[start:end] for start, end in split_text(text, max_chars=max_chars)]


@pytest.mark.parametrize(
    ("text", "max_chars", "expected"),
    [
        ("Short text.", 100, ["Short text."]),
        ("", 10, [""]),
        # a paragraph break in the window's second half wins over a later line break or sentence end
        ("Aaa aaa aaa.\n\nBbb bbb. Ccc\nddd.", 24, ["Aaa aaa aaa.", "Bbb bbb. Ccc\nddd."]),
        # else a line break
        ("Aaa aaa aaa bbb\nccc. Ddd eee fff.", 24, ["Aaa aaa aaa bbb", "ccc. Ddd eee fff."]),
        # else a sentence end (also after a closing quote mark), not the last space
        ("Aaa aaa bbb.” Ccc ddd eee fff ggg", 20, ["Aaa aaa bbb.”", "Ccc ddd eee fff ggg"]),
        # else the last space
        ("aaa bbb ccc ddd eee fff ggg hhh", 12, ["aaa bbb ccc", "ddd eee fff", "ggg hhh"]),
        # no whitespace at all: hard cuts at max_chars
        ("x" * 25, 10, ["x" * 10, "x" * 10, "x" * 5]),
        # a paragraph break in the window's first half would make a tiny part: a later space is used
        ("Aa.\n\nbbb ccc ddd eee fff ggg", 16, ["Aa.\n\nbbb ccc ddd", "eee fff ggg"]),
        # the whitespace between two parts belongs to neither
        ("aaaa bbbb  \n\n\n   cccc dddd", 12, ["aaaa bbbb", "cccc dddd"]),
    ],
)
def test_split_text(text: str, max_chars: int, expected: list[str]) -> None:
    assert parts(text, max_chars) == expected


def test_max_chars_must_leave_room() -> None:
    with pytest.raises(ValueError, match="max_chars"):
        split_text("abc", max_chars=1)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab .!?”\n\t\u2029"), max_size=400), st.integers(2, 60))
def test_parts_are_bounded_ordered_and_lose_nothing_but_whitespace(text: str, max_chars: int) -> None:
    spans = split_text(text, max_chars=max_chars)
    assert spans[0][0] == 0 and not text[spans[-1][1] :].strip()
    previous_start, previous_end = -max_chars, 0
    for start, end in spans:
        assert previous_end <= start <= end and end - start <= max_chars
        assert not text[previous_end:start].strip()  # only whitespace between parts
        assert start == 0 or start - previous_start >= max_chars // 2  # so at most len / (max // 2) + 1 parts
        previous_start, previous_end = start, end
