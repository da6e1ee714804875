from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from spacy.language import Language

from storyline.config import DEFAULT_MODEL
from storyline.model import Article, content_id
from storyline.nlp import load_nlp

#: The shared corpora and benchmarks, next to the project root (``../shared``), found from this file so the
#: tests find them wherever the clone is.
SHARED = Path(__file__).resolve().parents[2] / "shared"


def shared_path(*parts: str) -> Path:
    """A path under ``../shared``; skips the test when it is missing, except under CI=true, where a missing
    ``../shared`` is a failure: CI must never pass by silently skipping the real-data checks."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{path} is missing: CI=true requires the shared corpora next to the project")
        pytest.skip(f"{path} is not here")
    return path


@pytest.fixture(scope="session")
def nlp() -> Language:
    return load_nlp(DEFAULT_MODEL)


def make_article(text: str, published: dt.date | None = dt.date(2024, 11, 11), **meta: object) -> Article:
    """An Article whose clean text is ``text`` (no cleaning applied)."""
    return Article(id=content_id(text), source="test.txt", raw=text, text=text, published=published, **meta)  # type: ignore[arg-type]


@pytest.fixture(scope="session")
def article_factory():
    return make_article
