"""extract_batch: the unit of work shared by the local process pool and Dask tasks."""

from __future__ import annotations

import pickle

from storyline.config import Settings
from storyline.ingest.text import read_text
from storyline.model import Extraction, Skip
from storyline.pipeline import extract_batch


def test_batch_keeps_order_and_turns_empty_drafts_into_skips() -> None:
    drafts = [
        read_text("title: One\n\nThe mayor, Ana Costa, said 1,200 people left the town on Tuesday.", source="a.txt"),
        Skip("b.txt", "unsupported file type '.pdf'"),
        read_text("Photo: Reuters\n", source="c.txt"),
        read_text("Police said three people were hurt in Tulcea.", source="d.txt"),
    ]
    out = extract_batch(drafts, Settings())
    assert [type(x).__name__ for x in out] == ["Extraction", "Skip", "Skip", "Extraction"]
    assert [x.article.source if isinstance(x, Extraction) else x.source for x in out] == [
        "a.txt",
        "b.txt",
        "c.txt",
        "d.txt",
    ]
    first = out[0]
    assert isinstance(first, Extraction) and any(c.value == 1200 for c in first.claims)
    assert pickle.loads(pickle.dumps(out)) == out  # results cross process boundaries


def test_empty_batch() -> None:
    assert extract_batch([], Settings()) == []
