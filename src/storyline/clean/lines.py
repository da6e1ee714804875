"""The raw text as lines with offsets: what every cleaning step reads and marks."""

from __future__ import annotations

from dataclasses import dataclass

from ..model import NoiseSpan


@dataclass(slots=True)
class Line:
    """One line of the raw text, with the noise kind a step gave it (None while it counts as prose)."""

    start: int  # offset in raw of the first character not covered by reader noise
    end: int  # offset in raw of the line end (without the newline)
    text: str
    kind: str | None = None  # noise kind, None for prose
    known: bool = False  # the reader already recorded this whole line as noise
    structured: bool = False  # a list item or table row of the source's markup: content, never a caption label

    @property
    def words(self) -> int:
        return len(self.text.split())

    @property
    def stripped(self) -> str:
        return self.text.strip()


def split_lines(raw: str, known_spans: tuple[NoiseSpan, ...]) -> list[Line]:
    """Every line of ``raw`` (blank ones included), marked ``known`` where the reader's noise covers it."""
    lines: list[Line] = []
    pos = 0
    spans = sorted(known_spans, key=lambda s: s.start)
    for piece in raw.splitlines(keepends=True):
        body = piece.rstrip("\r\n")
        start, end = pos, pos + len(body)
        for span in spans:  # reader noise (a header) covering the start of this line
            if span.start <= start < span.end:
                start = min(span.end, end)
        while start < end and raw[start] in " \t":
            start += 1
        known = next((s for s in spans if s.start <= start and end <= s.end and start < end), None)
        lines.append(Line(start, end, raw[start:end], known.kind if known else None, known is not None))
        pos += len(piece)
    return lines
