"""The sentence holding a token in O(log n), and the Doc's text and entity bounds computed once.

spaCy's ``Token.sent`` and ``Span.sent`` walk ``doc.sents`` from the start of the document on every call,
so calling them per mention made extraction quadratic in the article's length (the top cost after the
model in a profile of 2,000 articles). The sentence bounds are computed once per Doc and kept in
``doc.user_data`` as plain integers.

``Doc.text`` joins every token's text and ``Doc.ents`` / ``Span.ents`` rebuild every entity span on each
access; read once per number candidate they were 40 % of the extractors' time in a profile of 300
~700-word articles (issue 5). ``doc_text`` and ``entity_bounds`` keep them in ``doc.user_data`` as a
string and plain tuples (no Span objects, so no reference cycle back to the Doc).
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Sequence
from typing import Generic, TypeVar

from spacy.tokens import Doc, Span

T = TypeVar("T")

_KEY = "storyline.sentence_starts"
_TEXT_KEY = "storyline.text"
_ENTS_KEY = "storyline.entity_bounds"
_LOWER_KEY = "storyline.lowers"
_ENTS_INDEX_KEY = "storyline.entity_index"


def _starts(doc: Doc) -> list[int]:
    starts = doc.user_data.get(_KEY)
    if starts is None or (starts and starts[-1] > len(doc)):
        starts = [sent.start for sent in doc.sents] + [len(doc)]
        doc.user_data[_KEY] = starts
    return starts


def sentence_of(doc: Doc, i: int) -> Span:
    """The sentence containing token ``i`` (the same span as ``doc[i].sent``)."""
    starts = _starts(doc)
    k = bisect.bisect_right(starts, i) - 1
    k = min(max(k, 0), len(starts) - 2)
    return doc[starts[k] : starts[k + 1]]


def doc_text(doc: Doc) -> str:
    """``doc.text``, built once per Doc."""
    text = doc.user_data.get(_TEXT_KEY)
    if text is None:
        text = doc.user_data[_TEXT_KEY] = doc.text
    return str(text)


def doc_lowers(doc: Doc) -> list[str]:
    """``[t.lower_ for t in doc]``, built once per Doc (reading ``doc[i].lower_`` makes a Token each time)."""
    lowers: list[str] | None = doc.user_data.get(_LOWER_KEY)
    if lowers is None or len(lowers) != len(doc):
        lowers = doc.user_data[_LOWER_KEY] = [t.lower_ for t in doc]
    return lowers


def entity_bounds(doc: Doc) -> tuple[tuple[int, int, str], ...]:
    """(start token, end token, label) of each of ``doc.ents``, in order, built once per Doc."""
    bounds = doc.user_data.get(_ENTS_KEY)
    if bounds is None:
        bounds = doc.user_data[_ENTS_KEY] = tuple((e.start, e.end, e.label_) for e in doc.ents)
    return tuple(bounds)


def entities_within(doc: Doc, start: int, end: int) -> list[tuple[int, int, str]]:
    """The bounds of the entities ``doc[start:end].ents`` holds, with spaCy's rule: entities from ``start``
    on, up to the first that runs past ``end``."""
    bounds = entity_bounds(doc)
    found = []
    for bound in bounds[bisect.bisect_left(bounds, (start,)) :]:  # bounds are sorted by start
        if bound[1] > end:
            break
        found.append(bound)
    return found


class SpanIndex(Generic[T]):
    """Items with token bounds, found by position in O(log n + k) instead of a scan of the whole Doc.

    Scanning every entity for each mention, quote or number made extraction quadratic in an article's
    length (a 1 MB article took minutes). Items may overlap; results keep the items' original order.
    """

    def __init__(self, items: Sequence[T], bounds: Callable[[T], tuple[int, int]]) -> None:
        keyed = sorted(((*bounds(item), k) for k, item in enumerate(items)), key=lambda b: (b[0], b[2]))
        self._starts = [s for s, _, _ in keyed]
        self._ends = [e for _, e, _ in keyed]
        self._order = [k for _, _, k in keyed]
        self._items = list(items)
        self._longest = max((e - s for s, e, _ in keyed), default=0)

    def _pick(self, lo: int, hi: int, keep: Callable[[int], bool]) -> list[T]:
        return [self._items[k] for k in sorted(self._order[j] for j in range(lo, hi) if keep(j))]

    def overlapping(self, start: int, end: int) -> list[T]:
        """Items with ``item.start < end`` and ``start < item.end``."""
        lo = bisect.bisect_left(self._starts, start - self._longest)
        hi = bisect.bisect_left(self._starts, end)
        return self._pick(lo, hi, lambda j: self._ends[j] > start)

    def starting_in(self, start: int, end: int) -> list[T]:
        """Items with ``start <= item.start < end``."""
        lo, hi = bisect.bisect_left(self._starts, start), bisect.bisect_left(self._starts, end)
        return self._pick(lo, hi, lambda j: True)

    def containing(self, i: int) -> list[T]:
        """Items with ``item.start <= i < item.end``."""
        return self.overlapping(i, i + 1)


def entity_index(doc: Doc) -> SpanIndex[tuple[int, int, str]]:
    """:func:`entity_bounds` indexed by position, built once per Doc."""
    index = doc.user_data.get(_ENTS_INDEX_KEY)
    if index is None:
        index = doc.user_data[_ENTS_INDEX_KEY] = SpanIndex(entity_bounds(doc), lambda b: (b[0], b[1]))
    return index


def merged_ranges(ranges: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """``ranges`` sorted, with overlapping ones joined (what :func:`inside_any` expects)."""
    out: list[tuple[int, int]] = []
    for a, b in sorted(ranges):
        if out and a < out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def inside_any(position: int, ranges: Sequence[tuple[int, int]]) -> bool:
    """Whether ``a <= position < b`` for one of ``ranges`` (from :func:`merged_ranges`)."""
    k = bisect.bisect_right(ranges, (position, float("inf"))) - 1
    return k >= 0 and ranges[k][0] <= position < ranges[k][1]
