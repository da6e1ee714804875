"""Cut a very long article text into parts the spaCy pipeline parses one at a time (issue 12, item 1).

The parser's memory grows with the characters it is given at once (about 3.4 GB per million characters
with en_core_web_sm), so a long article is parsed, and extracted, part by part. A part ends at the last
paragraph break in the second half of its window, else the last line break there, else the last gap after
a sentence's final punctuation, else the last space, else (a run of ``max_chars`` characters without any
whitespace) exactly at ``max_chars``. Whitespace between two parts belongs to neither, so every part
starts and ends on a character a record can start or end on, and every record found in a part lies in
``text[start:end]``.
"""

from __future__ import annotations

import re
from collections import deque

__all__ = ["split_text"]

#: Gaps a part may end at, best first: a blank line (paragraph break), a line break, whitespace after a
#: sentence's final punctuation (possibly closed by a quote mark or bracket), any whitespace.
_GAPS = (
    re.compile(r"\n[^\S\n]*\n\s*"),
    re.compile(r"\n\s*"),
    re.compile(r"(?:(?<=[.!?…])|(?<=[.!?…][\"'”’»)\]]))\s+"),
    re.compile(r"\s+"),
)


def split_text(text: str, *, max_chars: int) -> list[tuple[int, int]]:
    """The ``(start, end)`` spans of the parts of ``text``, in order, each at most ``max_chars`` long.

    Text of ``max_chars`` characters or fewer is one part, ``(0, len(text))``. Otherwise the first part
    starts at 0, only whitespace lies between two parts and after the last one, and each part
    starts at least ``max_chars // 2`` characters after the one before (so there are at most
    ``len(text) / (max_chars // 2) + 1`` parts).

    Args:
        text: the article's clean text.
        max_chars: the longest part, in characters (at least 2).

    Returns:
        The parts' spans into ``text``.

    Raises:
        ValueError: ``max_chars`` is below 2.
    """
    if max_chars < 2:
        raise ValueError(f"max_chars must be at least 2, got {max_chars}")
    n = len(text)
    spans: list[tuple[int, int]] = []
    start = 0
    while n - start > max_chars:
        low, high = start + max_chars // 2, start + max_chars
        end, after = high, high  # no gap at all: a hard cut
        for gap in _GAPS:
            # a gap may start at ``high``: the part before it is full; only the last gap is kept
            found = deque(gap.finditer(text, low, high + 1), maxlen=1)
            if found:
                last = found[0]
                end, after = last.start(), last.end()
                break
        trimmed = end
        while trimmed > start and text[trimmed - 1].isspace():
            trimmed -= 1
        end = trimmed if trimmed > start else end  # a window of whitespace alone stays one (empty) part
        while after < n and text[after].isspace():  # the gap was cut off at the window's end
            after += 1
        spans.append((start, end))
        start = after
    if start < n or not spans:
        spans.append((start, n))
    return spans
