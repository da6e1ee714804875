"""View models for the web pages: article text cut into highlighted segments, links into articles.

Nothing here produces HTML: templates render every segment with autoescaping, so article text can
never become markup. Class names and anchor ids are built from fixed words and integers only.
"""

from __future__ import annotations

import heapq
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

from ..model import Extraction
from ..search import SearchHit

#: Span kinds drawn on the article page, in the order their classes are listed (CSS gives each a style).
MARK_KINDS = ("found", "quote", "speaker", "claim", "place", "time", "entity")

_HIGHLIGHT = re.compile(r"^(\d{1,9})-(\d{1,9})$")

#: Words of an article's opening that stand in for a headline it lacks: about a headline's length.
HEADLINE_FALLBACK_WORDS = 12
_FIRST_SENTENCE = re.compile(r"^\s*(.+?[.!?…])(?=\s|$)|^\s*(.+)$", re.DOTALL)

#: The exports of a story page, in the order its links are shown: (file name, link text). The file names
#: are the path under /stories/{id}/.
EXPORTS = (
    ("briefing.html", "HTML"),
    ("briefing.md", "Markdown"),
    ("briefing.json", "JSON"),
    ("claims.csv", "Claims (CSV)"),
)


@dataclass(frozen=True, slots=True)
class Mark:
    """A span to draw: its kind (one of MARK_KINDS), the anchor id it opens (if any) and a tooltip."""

    kind: str
    start: int
    end: int
    anchor: str | None = None
    label: str = ""


@dataclass(frozen=True, slots=True)
class Segment:
    """A run of text covered by the same marks; ``anchors`` are ids opened just before it."""

    text: str
    classes: tuple[str, ...] = ()
    anchors: tuple[str, ...] = ()
    title: str = ""


def segments(text: str, marks: list[Mark]) -> list[Segment]:
    """Cut ``text`` at every mark boundary; each piece lists the kinds of the marks covering it.

    Marks may overlap or nest. Out-of-range or empty marks are dropped; an anchor id is used once.
    Runs in O((n + m) log m) for n boundaries and m marks (a sweep with a heap of open marks).
    """
    size = len(text)
    valid = sorted(
        (m for m in marks if 0 <= m.start < m.end <= size and m.kind in MARK_KINDS), key=lambda m: (m.start, m.end)
    )
    bounds = sorted({0, size, *(m.start for m in valid), *(m.end for m in valid)})
    out: list[Segment] = []
    open_marks: list[tuple[int, int, Mark]] = []  # heap of (end, order, mark)
    seen_anchors: set[str] = set()
    index = 0
    for left, right in zip(bounds, bounds[1:], strict=False):
        anchors = []
        while index < len(valid) and valid[index].start == left:
            mark = valid[index]
            heapq.heappush(open_marks, (mark.end, index, mark))
            if mark.anchor and mark.anchor not in seen_anchors:
                seen_anchors.add(mark.anchor)
                anchors.append(mark.anchor)
            index += 1
        while open_marks and open_marks[0][0] <= left:
            heapq.heappop(open_marks)
        covering = [m for _, _, m in sorted(open_marks, key=lambda item: item[1])]
        kinds = tuple(k for k in MARK_KINDS if any(m.kind == k for m in covering))
        title = "; ".join(dict.fromkeys(m.label for m in covering if m.label))
        out.append(Segment(text[left:right], kinds, tuple(anchors), title))
    return out


def headline(title: str | None, text: str | None = None, outlet: str | None = None) -> str:
    """What to call an article: its headline; else the opening words of its text (ending "…" when cut);
    else "Article from OUTLET". Never a file path, never "(untitled)"."""
    if title and title.strip():
        return " ".join(title.split())
    match = _FIRST_SENTENCE.match(text or "")
    if match:
        words = (match.group(1) or match.group(2) or "").split()
        if words:
            cut = len(words) > HEADLINE_FALLBACK_WORDS
            return " ".join(words[:HEADLINE_FALLBACK_WORDS]) + ("…" if cut else "")
    return f"Article from {outlet}" if outlet else "Article without a headline"


def page_title(title: str | None, text: str | None, outlet: str | None) -> str:
    """An article page's browser title: its headline (or opening words) and its outlet."""
    heading = headline(title, text, outlet)
    return f"{heading} — {outlet}" if outlet and not heading.endswith(outlet) else heading


def export_url(story_id: str, name: str) -> str:
    """Link to one export of a story (``name`` is a file name of EXPORTS)."""
    return f"/stories/{quote(story_id, safe='')}/{quote(name, safe='')}"


def record_anchor(kind: str, start: int, end: int) -> str:
    """The id of a record's anchor on the article page (``quote-748-796``)."""
    return f"{kind}-{int(start)}-{int(end)}"


def parse_highlight(value: str | None, size: int) -> tuple[int, int] | None:
    """A ``start-end`` highlight parameter, if well-formed and inside the text; else None."""
    match = _HIGHLIGHT.match(value or "")
    if not match:
        return None
    start, end = int(match.group(1)), int(match.group(2))
    return (start, end) if 0 <= start < end <= size else None


def article_marks(ex: Extraction, highlight: tuple[int, int] | None = None) -> list[Mark]:
    """Every extracted span of an article as marks, plus the highlighted span (kind ``found``, anchor ``hit``).

    (The class is not ``hit``: that class names a result on the search page, which browser tests select.)
    """
    marks: list[Mark] = []
    if highlight:
        marks.append(Mark("found", highlight[0], highlight[1], "hit", "search match"))
    for q in ex.firm_quotes:
        if q.in_title:
            continue  # its offsets are into the headline, not the text shown
        who = q.speaker or "unattributed"
        marks.append(Mark("quote", q.start, q.end, record_anchor("quote", q.start, q.end), f"{q.kind} quote — {who}"))
        if q.speaker_start is not None and q.speaker_end is not None:
            marks.append(Mark("speaker", q.speaker_start, q.speaker_end, None, f"speaker: {who}"))
    for c in ex.claims:
        label = f"claim: {c.quantity} {c.unit} ({c.subject}; {c.hedge})"
        marks.append(Mark("claim", c.start, c.end, record_anchor("claim", c.start, c.end), label))
    for p in ex.places:
        where = ", ".join(x for x in (p.name, p.country) if x)
        marks.append(Mark("place", p.start, p.end, record_anchor("place", p.start, p.end), f"place: {where}"))
    for t in ex.times:
        when = " – ".join(dict.fromkeys(d.isoformat() for d in (t.start_date, t.end_date) if d)) or "unresolved"
        marks.append(Mark("time", t.start, t.end, record_anchor("time", t.start, t.end), f"date: {when}"))
    for m in ex.mentions:
        marks.append(Mark("entity", m.start, m.end, None, f"{m.label}: {m.entity}"))
    return marks


def article_url(article_id: str, span: tuple[int, int] | None = None, anchor: str | None = None) -> str:
    """Link to an article page; with ``span``, the page highlights it and jumps there."""
    url = f"/articles/{quote(article_id, safe='')}"
    if span is not None:
        return f"{url}?hl={int(span[0])}-{int(span[1])}#hit"
    return f"{url}#{anchor}" if anchor else url


def hit_url(hit: SearchHit) -> str:
    """Where a search hit links: the quote's or claim's anchor, or the matched words highlighted."""
    if hit.start is None or hit.end is None:
        return article_url(hit.article_id)
    if hit.kind in ("quote", "claim"):
        return article_url(hit.article_id, anchor=record_anchor(hit.kind, hit.start, hit.end))
    return article_url(hit.article_id, (hit.start, hit.end))


def source_url(ref: dict[str, Any]) -> str:
    """Link to the sentence a story record cites (``{"article_id", "start", "end"}``), highlighted."""
    try:
        span = (int(ref["start"]), int(ref["end"]))
    except (KeyError, TypeError, ValueError):
        return article_url(str(ref.get("article_id", "")))
    return article_url(str(ref.get("article_id", "")), span)


def safe_link(url: str | None) -> str | None:
    """An article's own URL if it is http(s) — never ``javascript:``, ``data:`` or the like — else None."""
    if not url:
        return None
    parts = urlsplit(url.strip())
    return url.strip() if parts.scheme.lower() in {"http", "https"} and parts.netloc else None


def page_url(path: str, params: dict[str, Any]) -> str:
    """``path`` with the non-empty params as a query string (values URL-encoded)."""
    items = [(k, v) for k, v in params.items() if v not in (None, "", [], ())]
    flat: list[tuple[str, Any]] = []
    for key, value in items:
        if isinstance(value, list | tuple):
            flat += [(key, v) for v in value]
        else:
            flat.append((key, value))
    return f"{path}?{urlencode(flat)}" if flat else path
