"""Finds scrape noise in an article, removes it from the text and keeps it as NoiseSpans.

Noise is judged line by line, because scrapers glue whole foreign lines into articles:

- ``caption``: a graphic or map caption block — a run of short label lines (place names, "Area of" /
  "detail", scale bars like "20 miles", "Note: As of ...", "Source: ...", image credits);
- ``credit``: an image or graphic credit ("Photo: Name/Agency", "Name Name/OUTLET");
- ``byline``: "By Name and Name";
- ``edited_by``: "Edited by: Name", "Reporting by ...", "Additional reporting by ...";
- ``boilerplate``: "Read more: ...", "Sign up for our newsletter", "© 2025 Outlet", "Advertisement";
- ``foreign_fragment``: a line of HTML markup in a plain-text article (a paragraph of another page the
  scraper stuck on).

A lone short line between paragraphs (a subheading) is prose and is kept. Nothing is removed without
being recorded with its kind and position in ``raw``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .model import Draft, NoiseSpan

#: Longest line (in words / characters) that can be a graphic label. Map and chart labels are place
#: names and short legend entries; 6 words covers "Ukrainian advances in Russia"-style titles.
LABEL_MAX_WORDS = 6
LABEL_MAX_CHARS = 60

#: A caption block is a run of at least this many label lines ...
CAPTION_MIN_LINES = 4
#: ... or at least this many when one of them is a graphic marker (scale bar, Note:, Source:, credit).
CAPTION_MIN_LINES_WITH_MARKER = 2

#: Credit, byline and boilerplate lines are short; a longer line matching the same opening words is prose.
SHORT_LINE_WORDS = 20

#: Share of lines wrapped in HTML tags from which the whole text is markup (then tags are not noise),
#: and the fewest such lines for that: one or two stray tagged lines are leftovers of another page.
MARKUP_MAJORITY = 0.5
MARKUP_MIN_LINES = 3

#: Boilerplate prompts are terse: longer than this and ending like a sentence, it is prose.
BOILERPLATE_MAX_SENTENCE_WORDS = 12

_NAME = r"[A-Z][\w.'’\-]*"
_NAMES = rf"{_NAME}(?:\s+(?:van|von|de|da|del|der|bin|al|el|le|la)?\s*{_NAME}){{0,3}}"

SCALE_BAR = re.compile(
    r"^\s*\d[\d,.]*\s*(?:miles?|mi|km|kilomet(?:er|re)s?|met(?:er|re)s?|m|ft|feet|yards?|nautical miles)\s*$",
    re.IGNORECASE,
)
GRAPHIC_NOTE = re.compile(r"^\s*(?:notes?|sources?|data|graphic|map|chart)\s*:\s*\S", re.IGNORECASE)
# "Andrew Barnett/WSJ", "Jane Doe / Reuters", "Photo: Jane Doe/AP", "AP Photo/Jane Doe"
CREDIT = re.compile(
    rf"^\s*(?:(?:photo|image|picture|graphic|map|video|illustration|photograph|footage)s?"
    rf"(?:\s+credits?)?\s*[:©]\s*.+|{_NAMES}\s*/\s*[\w&.' \-]{{2,40}}|(?:AP|AFP|EPA|Reuters)\s+(?:Photo|Images?)\b.*"
    rf"|.*\b(?:Getty Images|Shutterstock|Alamy|picture[- ]alliance)\b.*)\s*$",
    re.IGNORECASE,
)
BYLINE = re.compile(rf"^\s*By\s+{_NAMES}(?:\s*(?:,|and|&)\s*{_NAMES})*(?:\s*[,|]\s*[\w .]+)?\s*$")
EDITED_BY = re.compile(
    r"^\s*(?:edited|editing|reporting|additional reporting|written|compiled|produced|translated|"
    r"fact[- ]checked|writing)\s+by\s*:?\s*\S",
    re.IGNORECASE,
)
BOILERPLATE = re.compile(
    r"^\s*(?:read more|read also|also read|see also|related(?: articles?| stories| coverage)?\s*:|more from|"
    r"sign up|subscribe|follow us|click here|share this|share on|advertisement|sponsored|"
    r"copyright|©|\(c\)\s*\d{4}|all rights reserved|this article (?:was|has been)|"
    r"we use cookies|accept cookies|newsletter)",
    re.IGNORECASE,
)
#: Openings that are boilerplate however the line goes on: a sign-up prompt or a rights notice is never
#: article prose, even when written as a full sentence.
STRONG_BOILERPLATE = re.compile(
    r"^\s*(?:sign up (?:for|to) our\b|subscribe (?:to|for) our\b|©|\(c\)\s*\d{4}|copyright\s+(?:©\s*)?\d{4}|"
    r"all rights reserved)",
    re.IGNORECASE,
)
MARKUP_LINE = re.compile(r"^\s*<([a-zA-Z][\w-]*)\b[^>]*>.*</\1\s*>\s*$|^\s*</?(?:p|div|span|a|h[1-6]|li|br)\b[^>]*>")
SENTENCE_END = re.compile(r"[.!?;:,\"”’')\]]\s*$")


@dataclass(frozen=True, slots=True)
class Cleaned:
    """The clean text and what was removed from the raw text to get it."""

    text: str
    noise: tuple[NoiseSpan, ...]


@dataclass(slots=True)
class _Line:
    start: int  # offset in raw of the first character not covered by reader noise
    end: int  # offset in raw of the line end (without the newline)
    text: str
    kind: str | None = None  # noise kind, None for prose
    known: bool = False  # the reader already recorded this whole line as noise

    @property
    def words(self) -> int:
        return len(self.text.split())


def _lines(raw: str, known_spans: tuple[NoiseSpan, ...]) -> list[_Line]:
    lines: list[_Line] = []
    pos = 0
    for piece in raw.splitlines(keepends=True):
        body = piece.rstrip("\r\n")
        start, end = pos, pos + len(body)
        for span in known_spans:  # reader noise (a header) covering the start of this line
            if span.start <= start < span.end:
                start = min(span.end, end)
        while start < end and raw[start] in " \t":
            start += 1
        known = next((s for s in known_spans if s.start <= start and end <= s.end and start < end), None)
        line = _Line(start, end, raw[start:end], known.kind if known else None, known is not None)
        lines.append(line)
        pos += len(piece)
    return lines


def _single_line_kind(line: _Line, *, markup: bool) -> str | None:
    text = line.text.strip()
    if not text:
        return None
    if not markup and MARKUP_LINE.match(text):
        return "foreign_fragment"
    if line.words > SHORT_LINE_WORDS:
        return None
    if EDITED_BY.match(text):
        return "edited_by"
    if BYLINE.match(text):
        return "byline"
    if STRONG_BOILERPLATE.match(text) or (
        BOILERPLATE.match(text) and (line.words <= BOILERPLATE_MAX_SENTENCE_WORDS or not SENTENCE_END.search(text))
    ):
        return "boilerplate"
    if CREDIT.match(text) and not SENTENCE_END.search(text.rstrip(".")):
        return "credit"
    return None


def _is_marker(text: str) -> bool:
    return bool(SCALE_BAR.match(text) or GRAPHIC_NOTE.match(text) or CREDIT.match(text))


def _is_label(text: str) -> bool:
    words = text.split()
    if not words:
        return False
    if _is_marker(text):
        return True
    return len(words) <= LABEL_MAX_WORDS and len(text) <= LABEL_MAX_CHARS and not SENTENCE_END.search(text)


def _mark_caption_blocks(lines: list[_Line]) -> None:
    """Mark runs of consecutive label lines (blank lines do not break a run) as caption blocks."""
    run: list[_Line] = []

    def close() -> None:
        has_marker = any(_is_marker(line.text.strip()) for line in run)
        needed = CAPTION_MIN_LINES_WITH_MARKER if has_marker else CAPTION_MIN_LINES
        if len(run) >= needed:
            for line in run:
                line.kind = line.kind or "caption"
        run.clear()

    for line in lines:
        text = line.text.strip()
        if not text:
            continue
        if line.kind is None and _is_label(text) or line.kind == "credit":
            run.append(line)
        else:
            close()
    close()


def clean(draft: Draft) -> Cleaned:
    """Remove noise lines from ``draft.raw``; keep them, with the reader's header spans, as NoiseSpans."""
    lines = _lines(draft.raw, draft.noise)
    nonblank = [line for line in lines if line.text.strip()]
    tagged = sum(1 for line in nonblank if MARKUP_LINE.match(line.text.strip()))
    markup = draft.markup or (tagged >= MARKUP_MIN_LINES and tagged / len(nonblank) >= MARKUP_MAJORITY)
    for line in lines:
        if not line.known:
            line.kind = _single_line_kind(line, markup=markup)
    _mark_caption_blocks(lines)

    kept: list[str] = []
    noise = list(draft.noise)
    for line in lines:
        if line.known:
            continue
        if line.kind:
            noise.append(NoiseSpan(line.kind, line.text, line.start, line.end))
        else:
            kept.append(line.text.rstrip())
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(kept)).strip()
    return Cleaned(text=text, noise=tuple(sorted(noise, key=lambda n: n.start)))
