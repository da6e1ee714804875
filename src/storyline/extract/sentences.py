"""The sentence holding a token, in O(log n).

spaCy's ``Token.sent`` and ``Span.sent`` walk ``doc.sents`` from the start of the document on every call,
so calling them per mention made extraction quadratic in the article's length (the top cost after the
model in a profile of 2,000 articles). The sentence bounds are computed once per Doc and kept in
``doc.user_data`` as plain integers.
"""

from __future__ import annotations

import bisect

from spacy.tokens import Doc, Span

_KEY = "storyline.sentence_starts"


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
