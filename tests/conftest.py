from __future__ import annotations

import datetime as dt

import pytest
from spacy.language import Language

from storyline.config import DEFAULT_MODEL
from storyline.model import Article, content_id
from storyline.nlp import load_nlp


@pytest.fixture(scope="session")
def nlp() -> Language:
    return load_nlp(DEFAULT_MODEL)


def make_article(text: str, published: dt.date | None = dt.date(2024, 11, 11), **meta: object) -> Article:
    """An Article whose clean text is ``text`` (no cleaning applied)."""
    return Article(id=content_id(text), source="test.txt", raw=text, text=text, published=published, **meta)  # type: ignore[arg-type]


@pytest.fixture(scope="session")
def article_factory():
    return make_article
