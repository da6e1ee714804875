"""Hypothesis strategies for hostile article text: arbitrary Unicode, control and zero-width characters,
right-to-left text and overrides, quote marks of every kind (unbalanced, nested), numbers and news words."""

from __future__ import annotations

from hypothesis import strategies as st

QUOTE_MARKS = ['"', "'", "“", "”", "‘", "’", "«", "»", "„", "‹", "›", "「", "」", "''", "``"]
ZERO_WIDTH = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad"]
BIDI = ["\u202e", "\u202d", "\u202a", "\u202b", "\u202c", "\u2066", "\u2067", "\u2069", "\u200f", "\u200e"]
RTL_TEXT = ["قال الرئيس", "مدينة", "אמר ראש העיר", "ירושלים", "۱۲۳٤", "الف شخص"]
CONTROL = ["\x00", "\x01", "\x07", "\x0b", "\x0c", "\x1b", "\x7f", "\x85", "\u2028", "\u2029", "\r", "\t"]
NEWS = [
    "said",
    " said on Tuesday",
    "according to officials",
    "Mayor Ana Costa",
    "Vasile Rusu",
    "the United Nations",
    "Kursk",
    "Tulcea, Romania",
    "about 1,200 people",
    "roughly 10,000 troops",
    "three",
    "at least 7",
    "$4.5 million",
    "12%",
    "on March 11, 2025",
    "last week",
    "a day later",
    "Photo: Reuters",
    "Edited by: Jane Doe",
    "MAP",
    ". ",
    ", ",
    "\n",
    "\n\n",
    " ",
]
#: Characters from every Unicode category except lone surrogates (which cannot be encoded as UTF-8).
ANY_CHAR = st.characters(exclude_categories=("Cs",))

fragment = st.one_of(
    st.sampled_from(QUOTE_MARKS),
    st.sampled_from(ZERO_WIDTH),
    st.sampled_from(BIDI),
    st.sampled_from(RTL_TEXT),
    st.sampled_from(CONTROL),
    st.sampled_from(NEWS),
    st.text(ANY_CHAR, max_size=12),
)

#: Article-like hostile text: up to 60 fragments joined.
hostile_text = st.lists(fragment, max_size=60).map("".join)

#: Any text at all, or the hostile mixture.
any_text = st.one_of(st.text(ANY_CHAR, max_size=400), hostile_text)


def nested(depth: int, inner: str, open_tag: str = "<div>", close_tag: str = "</div>") -> str:
    return open_tag * depth + inner + close_tag * depth
