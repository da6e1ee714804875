"""Untrusted article text turned into safe HTML with its extracted spans highlighted.

Article text comes from the web and is never trusted: every segment of it between two span boundaries is
escaped on its own, and the only markup added is ``<span>`` elements whose attribute values are escaped
too. Spans may nest (a place inside a cited sentence) or cross (a quote that runs past the end of a
sentence); a crossing span is closed and re-opened around the boundary so the markup stays well formed,
and the re-opened piece carries ``data-part-of`` naming the id of the span it continues.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup, escape

#: CSS class of each span kind. Kinds not listed here are dropped, so a class can never come from data.
SPAN_CLASSES: dict[str, str] = {
    "sentence": "s",
    "quote": "q",
    "claim": "c",
    "place": "p",
    "time": "t",
}
#: Class added to every span that is a link target (has an ``id``): the hook browser tests and the
#: page's script use. A re-opened piece of a crossing span has ``data-part-of`` instead.
SOURCE_CLASS = "src"
#: Which kind opens first when two spans have the same start and end (outer kinds first), so a cited
#: sentence that is also a quote reads as a quote inside a sentence.
KIND_ORDER: dict[str, int] = {"sentence": 0, "quote": 1, "claim": 2, "time": 3, "place": 4}


@dataclass(frozen=True, slots=True)
class _Span:
    start: int
    end: int
    kind: str
    id: str | None
    title: str | None
    order: int  # input position: a stable tie-break

    def open_tag(self, *, continued: bool) -> str:
        classes = SPAN_CLASSES[self.kind]
        if self.id and not continued:
            classes += " " + SOURCE_CLASS
        attrs = [f'class="{classes}"']
        if self.id and not continued:
            attrs.append(f'id="{escape(self.id)}"')
        if self.id and continued:
            attrs.append(f'data-part-of="{escape(self.id)}"')
        if self.title:
            attrs.append(f'title="{escape(self.title)}"')
        return "<span " + " ".join(attrs) + ">"


def _clean(text: str, spans: Iterable[Mapping[str, Any]]) -> list[_Span]:
    out = []
    for i, s in enumerate(spans):
        start, end, kind = s.get("start"), s.get("end"), s.get("kind")
        if not isinstance(start, int) or not isinstance(end, int) or kind not in SPAN_CLASSES:
            continue
        start, end = max(0, start), min(len(text), end)
        if start >= end:
            continue
        out.append(_Span(start, end, str(kind), s.get("id") or None, s.get("title") or None, i))
    out.sort(key=lambda s: (s.start, -s.end, KIND_ORDER[s.kind], s.order))
    return out


def highlight(text: str, spans: Iterable[Mapping[str, Any]]) -> Markup:
    """Escape ``text`` and wrap each span in a ``<span>``, keeping the markup well formed.

    Args:
        text: untrusted article text.
        spans: mappings with ``start``, ``end`` (character offsets into ``text``), ``kind`` (a key of
            :data:`SPAN_CLASSES`), and optionally ``id`` (makes the span a link target with class
            ``src``) and ``title`` (a tooltip). Spans out of range, empty or of an unknown kind are
            dropped; ids should be unique.

    Returns:
        Safe markup whose text content is exactly ``text``.

    >>> str(highlight('a <b> "c"', [{"start": 2, "end": 5, "kind": "quote", "id": "x"}]))
    'a <span class="q src" id="x">&lt;b&gt;</span> &#34;c&#34;'
    """
    items = _clean(text, spans)
    bounds = sorted({0, len(text), *(s.start for s in items), *(s.end for s in items)})
    starts: dict[int, list[_Span]] = {}
    for s in items:
        starts.setdefault(s.start, []).append(s)
    out: list[str] = []
    stack: list[_Span] = []
    for i, pos in enumerate(bounds):
        # Close every span ending here; spans opened inside it that go on are closed and re-opened.
        lowest = next((k for k, s in enumerate(stack) if s.end <= pos), None)
        if lowest is not None:
            reopen = [s for s in stack[lowest:] if s.end > pos]
            out.append("</span>" * (len(stack) - lowest))
            del stack[lowest:]
            for s in reopen:
                out.append(s.open_tag(continued=True))
                stack.append(s)
        for s in starts.get(pos, ()):
            out.append(s.open_tag(continued=False))
            stack.append(s)
        if i + 1 < len(bounds):
            out.append(str(escape(text[pos : bounds[i + 1]])))
    out.append("</span>" * len(stack))
    return Markup("".join(out))
