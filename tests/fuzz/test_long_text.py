"""Very long articles (issue 12, item 1): parsed and extracted in parts, every record's span still lands on
its text in the whole article, whatever the part size and wherever the parts are cut."""

from __future__ import annotations

import bisect
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storyline.chunking import split_text
from storyline.config import Settings
from storyline.ingest.text import read_text
from storyline.model import Extraction, Skip
from storyline.pipeline import extract_batch

from .conftest import count
from .strategies import long_text
from .test_clean_extract import _check_spans

#: The numbered lead-in ``strategies.long_text`` puts before each repetition.
LEAD_IN = re.compile(r"Report [\d,]+ said (\d+) people left\.")

#: A few examples only: each is up to 300 KB, about 20 s of parsing on the 2-core machine.
LONG = settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@LONG
@given(long_text(), st.sampled_from([2_000, 9_000, 40_000, 100_000]))
def test_long_articles_keep_spans_true_across_parts(body: str, part_chars: int) -> None:
    count("long text")
    draft = read_text(f"title: Long\ndate: 2025-03-11\n\n{body}", source="long.txt")
    [item] = extract_batch([draft], Settings(part_chars=part_chars))
    if isinstance(item, Skip):
        assert item.source == "long.txt" and item.reason
        return
    assert isinstance(item, Extraction)
    _check_spans(item)
    text = item.article.text
    parts = split_text(text, max_chars=part_chars)
    starts = [start for start, _ in parts]
    for kind in ("mentions", "quotes", "claims", "times", "places"):
        part_of = [bisect.bisect_right(starts, r.start) - 1 for r in getattr(item, kind)]
        assert part_of == sorted(part_of), kind  # the parts' records come back in text order
    last = starts[-1]
    if len(parts) > 1 and len(LEAD_IN.findall(text, last)) >= 3:
        # the last part's records are found, and shifted onto the whole text
        assert any(c.start >= last for c in item.claims)
