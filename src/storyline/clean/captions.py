"""Graphic and map caption blocks: runs of short label lines that a scraper lifted out of an image.

A map or chart leaves its words behind as a run of short lines (place names, "Area of" / "detail", scale
bars like "20 miles", "Note: As of ...", "Source: ...", a credit). A lone short line between paragraphs is
a subheading and stays; list items and table rows of the source's markup are content, never labels.
"""

from __future__ import annotations

from .lines import Line
from .rules import SENTENCE_END, is_marker

#: Longest line (in words / characters) that can be a graphic label. Map and chart labels are place
#: names and short legend entries; 6 words covers "Ukrainian advances in Russia"-style titles.
LABEL_MAX_WORDS = 6
LABEL_MAX_CHARS = 60
#: A caption block is a run of at least this many label lines ...
CAPTION_MIN_LINES = 4
#: ... or at least this many when one of them is a graphic marker (scale bar, Note:, Source:, credit).
CAPTION_MIN_LINES_WITH_MARKER = 2


def is_label(text: str) -> bool:
    """A line short enough, and unpunctuated enough, to be a label of a graphic."""
    words = text.split()
    if not words:
        return False
    if is_marker(text):
        return True
    return len(words) <= LABEL_MAX_WORDS and len(text) <= LABEL_MAX_CHARS and not SENTENCE_END.search(text)


def mark_caption_blocks(lines: list[Line]) -> None:
    """Mark runs of consecutive label lines (blank lines do not break a run) as caption blocks."""
    run: list[Line] = []

    def close() -> None:
        has_marker = any(is_marker(line.stripped) for line in run)
        needed = CAPTION_MIN_LINES_WITH_MARKER if has_marker else CAPTION_MIN_LINES
        if len(run) >= needed:
            for line in run:
                line.kind = line.kind or "caption"
        run.clear()

    for line in lines:
        text = line.stripped
        if not text:
            continue
        if line.structured:
            close()
        elif (line.kind is None and is_label(text)) or line.kind == "credit":
            run.append(line)
        else:
            close()
    close()
