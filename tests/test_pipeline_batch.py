"""extract_batch: the unit of work shared by the local process pool and Dask tasks."""

from __future__ import annotations

import datetime as dt
import pickle
from collections.abc import Iterable, Iterator
from typing import Any

import pytest
from spacy.language import Language
from spacy.tokens import Doc

from storyline.config import Settings
from storyline.ingest.text import read_text
from storyline.model import Article, Draft, Extraction, Skip
from storyline.nlp import load_nlp
from storyline.pipeline import extract_articles, extract_batch, prepare


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


# -- long articles (issue 12, item 1) -------------------------------------------------------------------

#: Paragraph templates with quotes, speakers, numbers and dates, filled with values that vary.
LONG_PARAGRAPHS = (
    "“We lost about {n:,} homes on {day},” Mayor Ana Costa said in Tulcea. Officials said the river rose "
    "{m} centimetres overnight.",
    "The United Nations said roughly {n:,} people had left the region by March {d}, 2025, according to "
    "officials in Kursk.",
    "Vasile Rusu, a farmer, told reporters the water reached his house a day later. “We had {m} hours to "
    "leave,” he said.",
    "The council approved ${m}.5 million in aid last week, and {k}% of it will go to repairs, the minister said.",
)
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")


def long_body(chars: int, *, sep: str = "\n\n") -> str:
    """Article prose of at least ``chars`` characters: the templates in turn, with varied numbers."""
    out: list[str] = []
    size = i = 0
    while size < chars:
        para = LONG_PARAGRAPHS[i % len(LONG_PARAGRAPHS)].format(
            n=1000 + 7 * i, m=2 + i % 90, k=2 + i % 40, d=1 + i % 28, day=DAYS[i % len(DAYS)])
        out.append(para)
        size += len(para) + len(sep)
        i += 1
    return sep.join(out)


def long_draft(chars: int, source: str = "long.txt", *, sep: str = "\n\n") -> Draft:
    return read_text(f"title: Long\ndate: 2025-03-11\n\n{long_body(chars, sep=sep)}", source=source)


def good_drafts() -> list[Draft]:
    return [
        read_text("title: One\n\nThe mayor, Ana Costa, said 1,200 people left the town on Tuesday.", source="a.txt"),
        read_text("Police said three people were hurt in Tulcea.", source="c.txt"),
    ]


def assert_spans_true(ex: Extraction) -> None:
    """Every record's text is the article text at its span."""
    text = ex.article.text
    for q in ex.quotes:
        assert text[q.start : q.end] == q.text
        if q.speaker_start is not None and q.speaker_end is not None:
            assert 0 <= q.speaker_start <= q.speaker_end <= len(text)
    for c in ex.claims:
        assert text[c.start : c.end] == c.quantity
        assert text[c.sentence_start : c.sentence_end] == c.text
    for record in (*ex.mentions, *ex.times, *ex.places):
        assert text[record.start : record.end] == record.text


def test_an_article_over_the_length_limit_is_one_skip_and_the_batch_goes_on() -> None:
    """A text over spaCy's max_length (1,000,000 characters) used to raise E088 and fail the whole batch."""
    nlp_max_length = 1_000_000
    first, last = good_drafts()
    long = long_draft(nlp_max_length + 10_000, sep=" ")
    out = extract_batch([first, long, last], Settings(max_article_chars=nlp_max_length))
    assert [type(x).__name__ for x in out] == ["Extraction", "Skip", "Extraction"]
    skip = out[1]
    assert isinstance(skip, Skip) and skip.source == "long.txt"
    assert "over the limit of 1,000,000" in skip.reason and "max_article_chars" in skip.reason


@pytest.mark.parametrize("sep", ["\n\n", "\n", " "], ids=["paragraphs", "lines", "one-line"])
def test_a_long_article_is_extracted_in_parts_with_its_spans_on_the_whole_text(sep: str) -> None:
    draft = long_draft(24_000, sep=sep)
    [whole] = extract_batch([draft], Settings())
    [parted] = extract_batch([draft], Settings(part_chars=3_000, batch_chars=7_000))
    assert isinstance(whole, Extraction) and isinstance(parted, Extraction)
    assert parted.article == whole.article
    assert_spans_true(parted)
    # The parts find what the whole text gives, at the same characters. Not all of it: the parser reads
    # a part's first sentence without the one before, and a pronoun there cannot name the last speaker.
    for kind in ("quotes", "claims", "times", "places", "mentions"):
        spans = {(r.start, r.end, r.text) for r in getattr(parted, kind)}
        expected = {(r.start, r.end, r.text) for r in getattr(whole, kind)}
        assert len(spans & expected) >= 0.95 * len(expected), kind
    assert len(parted.quotes) > 100 and parted.quotes[-1].start > len(parted.article.text) - 3_000
    speakers = {q.speaker for q in parted.quotes if q.speaker}
    assert "Vasile Rusu" in speakers and any("Ana Costa" in s for s in speakers)


def test_an_undated_long_article_gets_its_date_from_its_first_part() -> None:
    """The first part estimates the date (issue 11, item 2); every part's relative dates resolve on it."""
    head = "The flood hit the region in March 2025. On Tuesday, March 11, the mayor said the town was empty. "
    draft = read_text(head + long_body(12_000).replace(", 2025", ""), source="undated.txt")
    [parted] = extract_batch([draft], Settings(part_chars=3_000))
    assert isinstance(parted, Extraction)
    assert_spans_true(parted)
    article = parted.article
    assert article.published == dt.date(2025, 3, 14) and article.published_estimated
    evidence = [s for s in article.provenance if s.method == "estimated_from_text"]
    assert evidence and all(article.text[s.start : s.end] == s.text for s in evidence if s.start is not None)
    assert {c.as_of for c in parted.claims} >= {dt.date(2025, 3, 14)}  # claims in every part are dated
    late = [t for t in parted.times if t.start > 9_000 and t.anchor == "publication"]
    assert late and all(t.start_date is not None for t in late)


def test_an_extractor_failing_on_one_article_skips_only_that_article(monkeypatch: pytest.MonkeyPatch) -> None:
    from storyline import pipeline

    real = pipeline.extract_quotes

    def fragile(doc: Doc, article: Article, **kwargs: Any) -> Any:
        if "BOOM" in article.text:
            raise RuntimeError("quote extractor bug")
        return real(doc, article, **kwargs)

    monkeypatch.setattr(pipeline, "extract_quotes", fragile)
    first, last = good_drafts()
    bad = read_text("The mayor said BOOM twice in Tulcea.", source="bad.txt")
    out = extract_batch([first, bad, last], Settings())
    assert [type(x).__name__ for x in out] == ["Extraction", "Skip", "Extraction"]
    assert out[1] == Skip("bad.txt", "extraction failed: RuntimeError: quote extractor bug")


class FlakyModel:
    """The real pipeline, except that it raises on any batch holding "BOOM"; records each batch's texts."""

    def __init__(self, nlp: Language) -> None:
        self.nlp = nlp
        self.max_length = nlp.max_length
        self.batches: list[list[str]] = []

    def pipe(self, texts: Iterable[str], *, batch_size: int) -> Iterator[Doc]:
        texts = list(texts)
        self.batches.append(texts)
        if any("BOOM" in t for t in texts):
            raise ValueError("[E088] Text of length 1000001 exceeds maximum of 1000000.")
        return self.nlp.pipe(texts, batch_size=batch_size)


def test_a_parser_failure_skips_only_its_article() -> None:
    model = FlakyModel(load_nlp(Settings().model))
    first, last = good_drafts()
    bad = read_text("The mayor said BOOM twice in Tulcea.", source="bad.txt")
    articles = [prepare(d) for d in (first, bad, last)]
    out = list(extract_articles(articles, model, Settings()))  # type: ignore[arg-type]
    assert [type(x).__name__ for x in out] == ["Extraction", "Skip", "Extraction"]
    assert isinstance(out[1], Skip) and out[1].source == "bad.txt" and "E088" in out[1].reason


def test_batches_are_bounded_by_characters_as_well_as_texts() -> None:
    model = FlakyModel(load_nlp(Settings().model))
    articles = [prepare(long_draft(2_500, source=f"{i}.txt")) for i in range(5)]
    settings = Settings(batch_size=32, batch_chars=6_000, part_chars=4_000)
    out = list(extract_articles(articles, model, settings))  # type: ignore[arg-type]
    assert [x.article.source for x in out if isinstance(x, Extraction)] == [f"{i}.txt" for i in range(5)]
    assert all(sum(map(len, batch)) <= 6_000 for batch in model.batches)
    assert sum(len(batch) for batch in model.batches) == 5
