"""A story of three articles: one states its date, one's date is estimated from its text, one is undated."""

from __future__ import annotations

import datetime as dt
from typing import Any

from storyline.build import compare_story
from storyline.metadata.estimate import ESTIMATE_METHOD
from storyline.model import Article, Claim, Extraction, FieldSource, Story, TimeRef, content_id

STATED = dt.date(2025, 3, 11)
ESTIMATED = dt.date(2025, 3, 10)
STATED_TEXT = "Floodwater reached Lowtown on Tuesday. About 300 homes were damaged, officials said."
ESTIMATED_TEXT = "The dam gave way on Sunday, March 9, 2025. About 300 homes were flooded, crews said on Monday."
UNDATED_TEXT = "Rescuers searched the river banks on Tuesday. At least 40 people were still missing."
EVIDENCE = ("Sunday, March 9, 2025", "Monday")


def _span(text: str, part: str) -> tuple[int, int]:
    start = text.index(part)
    return start, start + len(part)


def _claim(article: Article, number: str, value: float, unit: str, as_of: dt.date | None) -> Claim:
    text = article.text
    start, end = _span(text, number)
    s_start = text.rindex(". ", 0, start) + 2 if ". " in text[:start] else 0
    s_end = text.index(".", end) + 1
    return Claim(
        article.id, start, end, text[s_start:s_end], number, unit, value, value, value, unit, "about", "count",
        s_start, s_end, as_of,
    )  # fmt: skip


def extractions() -> list[Extraction]:
    """The three articles' extractions, as the pipeline would store them."""
    stated = Article(content_id(STATED_TEXT), "herald.txt", STATED_TEXT, STATED_TEXT, outlet="Valley Herald",
                     title="Floodwater reaches Lowtown", published=STATED)  # fmt: skip
    evidence = tuple(
        FieldSource("published", ESTIMATE_METHOD, part, *_span(ESTIMATED_TEXT, part), "text") for part in EVIDENCE
    )
    estimated = Article(content_id(ESTIMATED_TEXT), "courier.txt", ESTIMATED_TEXT, ESTIMATED_TEXT,
                        outlet="Lowtown Courier", title="Dam gives way", published=ESTIMATED,
                        published_estimated=True, provenance=evidence)  # fmt: skip
    undated = Article(content_id(UNDATED_TEXT), "gazette.txt", UNDATED_TEXT, UNDATED_TEXT, outlet="River Gazette",
                      title="Search goes on")  # fmt: skip
    t_stated, t_undated = _span(STATED_TEXT, "Tuesday"), _span(UNDATED_TEXT, "Tuesday")
    t_dam = _span(ESTIMATED_TEXT, EVIDENCE[0])
    return [
        Extraction(
            stated,
            claims=(_claim(stated, "About 300", 300, "homes", STATED),),
            times=(TimeRef(stated.id, *t_stated, "Tuesday", STATED, STATED, "day"),),
        ),
        Extraction(
            estimated,
            claims=(_claim(estimated, "About 300", 300, "homes", ESTIMATED),),
            times=(
                TimeRef(estimated.id, *t_dam, EVIDENCE[0], dt.date(2025, 3, 9), dt.date(2025, 3, 9), "day", "absolute"),
            ),  # fmt: skip
        ),
        Extraction(
            undated,
            claims=(_claim(undated, "At least 40", 40, "people", None),),
            times=(TimeRef(undated.id, *t_undated, "Tuesday", None, None, "day", "none"),),
        ),
    ]


def story(exs: list[Extraction]) -> Story:
    return Story(
        id="sdates000001",
        label="Lowtown flood",
        article_ids=tuple(e.article.id for e in exs),
        outlets=tuple(sorted(str(e.article.outlet) for e in exs)),
        first_published=ESTIMATED,  # the store's first/last count estimated dates
        last_published=STATED,
    )


def dated_story() -> tuple[dict[str, Any], list[Extraction]]:
    """The stored-story JSON ``build`` writes for the three articles, and their extractions."""
    exs = extractions()
    return compare_story(story(exs), exs), exs
