"""Story grouping (average linkage under the date rules), threads and labels, on invented vectors."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import numpy as np
import pytest

from storyline import stories
from storyline.config import (
    DEFAULT_STORY_SIMILARITY,
    DEFAULT_STORY_UNDATED_SIMILARITY,
    DEFAULT_THREAD_SIMILARITY,
    Settings,
)
from storyline.stories import ArticleDigest, cluster, label, lead_label, threads

DIM = 8


def digest(
    aid: str,
    day: int | None = None,
    *,
    title: str | None = None,
    lead: str | None = None,
    dup_of: str | None = None,
    entities: frozenset[str] = frozenset(),
) -> ArticleDigest:
    date = dt.date(2025, 3, 1) + dt.timedelta(days=day) if day is not None else None
    return ArticleDigest(aid, "o", date, title, entities, dup_of, lead)


def unit(*weights: float) -> np.ndarray:
    v = np.zeros(DIM)
    v[: len(weights)] = weights
    return v / np.linalg.norm(v)


def pair(cosine: float) -> np.ndarray:
    """Two unit vectors whose cosine similarity is ``cosine``."""
    return np.array([unit(1.0), unit(cosine, np.sqrt(1 - cosine**2))], dtype=np.float32)


def grouped(digests: list[ArticleDigest], vectors: np.ndarray, settings: Settings | None = None) -> list[list[str]]:
    return sorted(sorted(digests[i].id for i in g) for g in cluster(digests, vectors, settings))


UNDATED = Settings(story_dates=False)


@pytest.mark.parametrize(
    ("cosine", "day_a", "day_b", "settings", "together"),
    [
        (0.60, None, None, Settings(), True),
        (0.29, None, None, Settings(), True),  # just above story_similarity (0.27)
        (0.25, None, None, Settings(), False),  # just below it
        (0.29, 1, 3, Settings(), True),  # dated, within the window
        (0.95, 1, 20, Settings(), False),  # dated, 19 days apart: never merged directly
        (0.95, 1, 20, UNDATED, True),  # the same pair with dates switched off: content alone
        (0.29, 1, None, Settings(), False),  # undated joining dated: the stricter threshold (0.31)
        (0.35, 1, None, Settings(), True),
        (0.29, 1, None, UNDATED, True),
        (0.29, None, None, Settings(story_similarity=0.3), False),  # the threshold comes from settings
    ],
)
def test_threshold_and_date_rules(
    cosine: float, day_a: int | None, day_b: int | None, settings: Settings, together: bool
) -> None:
    digests = [digest("a", day_a), digest("b", day_b)]
    assert (len(grouped(digests, pair(cosine), settings)) == 1) is together


def test_default_thresholds_are_ordered() -> None:
    assert DEFAULT_THREAD_SIMILARITY < DEFAULT_STORY_SIMILARITY < DEFAULT_STORY_UNDATED_SIMILARITY


@pytest.mark.parametrize(
    ("days", "dates", "expected"),
    [
        # two dated events of one development, alike in text, 20 days apart, and an undated report that
        # reads like both: it joins one of them, never connecting the two
        ((1, 2, 21, 22, None), True, 2),
        ((1, 2, 21, 22, None), False, 1),  # undated, all five are one story by content
        ((1, 2, 3, 4, None), True, 1),  # within the window: one story
    ],
)
def test_an_undated_article_never_bridges_two_dated_stories(
    days: tuple[int | None, ...], dates: bool, expected: int
) -> None:
    rng = np.random.default_rng(3)
    base = unit(1.0, 1.0)
    rows = [base + rng.normal(scale=0.15, size=DIM) for _ in days]
    vectors = np.array([r / np.linalg.norm(r) for r in rows], dtype=np.float32)
    digests = [digest(f"a{i}", day) for i, day in enumerate(days)]
    groups = grouped(digests, vectors, Settings(story_dates=dates))
    assert len(groups) == expected
    if expected == 2:
        assert ["a0", "a1"] in [g[:2] for g in groups] and any(g[:2] == ["a2", "a3"] for g in groups)


def test_a_dated_merge_counts_dated_articles_only() -> None:
    """Two dated articles on unrelated matters (cosine 0) with one undated article between them (0.71 to
    each): the undated one joins one story, the dated ones stay apart; with no dates it is one average
    linkage of three and the mean (0.47) joins them."""
    vectors = np.array([unit(1.0), unit(0.0, 1.0), unit(1.0, 1.0)], dtype=np.float32)
    digests = [digest("x", 1), digest("y", 2), digest("u")]
    dated = grouped(digests, vectors)
    assert len(dated) == 2 and ["x", "y"] not in dated
    assert grouped(digests, vectors, UNDATED) == [["u", "x", "y"]]


@pytest.mark.parametrize(
    ("cosines", "expected"),
    [
        # a chain a-b-c-d of look-alikes whose ends have little in common: single links (b-c 0.4) would
        # make one story; the mean over all pairs of {a, b} and {c, d} (0.2) keeps them apart
        (
            {("a", "b"): 0.9, ("b", "c"): 0.4, ("c", "d"): 0.9, ("a", "c"): 0.2, ("b", "d"): 0.2},
            [["a", "b"], ["c", "d"]],
        ),
        # the same four all alike: one story
        (
            {("a", "b"): 0.9, ("b", "c"): 0.9, ("c", "d"): 0.9, ("a", "c"): 0.8, ("b", "d"): 0.8, ("a", "d"): 0.7},
            [["a", "b", "c", "d"]],
        ),
    ],
)
def test_average_linkage_does_not_chain(cosines: dict[tuple[str, str], float], expected: list[list[str]]) -> None:
    names = ["a", "b", "c", "d"]
    gram = np.eye(4)
    for (p, q), c in cosines.items():
        i, j = names.index(p), names.index(q)
        gram[i, j] = gram[j, i] = c
    # vectors with exactly these inner products (the matrix is positive definite for both tables)
    vectors = np.linalg.cholesky(gram).astype(np.float32)
    vectors = np.hstack([vectors, np.zeros((4, DIM - 4), dtype=np.float32)])
    assert grouped([digest(n) for n in names], vectors) == expected


def test_a_copy_joins_its_original_whatever_its_vector() -> None:
    vectors = np.array([unit(1.0), unit(0.0, 1.0), unit(0.0, 0.0, 1.0)], dtype=np.float32)
    digests = [digest("orig", 1), digest("copy", 30, dup_of="orig"), digest("other", 2)]
    assert grouped(digests, vectors) == [["copy", "orig"], ["other"]]


def test_cluster_of_nothing() -> None:
    assert cluster([], np.zeros((0, 4), dtype=np.float32)) == []


def test_large_parts_are_split_on_stronger_edges(monkeypatch: pytest.MonkeyPatch) -> None:
    """Two stories of six and one article between them (0.7 alike to both) are one part of 13 articles at
    the story threshold; with MAX_PART 6 the part is cut on stronger edges, and both stories still form."""
    rng = np.random.default_rng(7)
    rows = [unit(1.0) + rng.normal(scale=0.03, size=DIM) for _ in range(6)]
    rows += [unit(0.0, 1.0) + rng.normal(scale=0.03, size=DIM) for _ in range(6)] + [unit(1.0, 1.0)]
    vectors = np.array([r / np.linalg.norm(r) for r in rows], dtype=np.float32)
    digests = [digest(f"a{i}") for i in range(6)] + [digest(f"b{i}") for i in range(6)] + [digest("x")]
    a, b = {f"a{i}" for i in range(6)}, {f"b{i}" for i in range(6)}
    whole = grouped(digests, vectors)
    assert len(whole) == 2 and all(a <= set(g) or b <= set(g) for g in whole)
    monkeypatch.setattr(stories, "MAX_PART", 6)
    graph = stories.neighbours(vectors)
    parts = stories._parts([[i] for i in range(13)], graph, 13, DEFAULT_STORY_SIMILARITY)
    assert sorted(len(p) for p in parts) == [1, 6, 6]
    assert grouped(digests, vectors) == sorted([sorted(a), sorted(b), ["x"]])


def test_threads_link_similar_stories_only() -> None:
    """Deployment and casualties (alike in text, apart in time) share a thread; an unrelated story not."""
    rng = np.random.default_rng(5)
    topic, other = unit(1.0, 1.0), unit(0.0, 0.0, 1.0)
    rows = [topic + rng.normal(scale=0.2, size=DIM) for _ in range(4)] + [other, other]
    vectors = np.array([r / np.linalg.norm(r) for r in rows], dtype=np.float32)
    digests = [digest("d1", 1), digest("d2", 2), digest("c1", 30), digest("c2", 31), digest("o1", 1), digest("o2", 2)]
    found = cluster(digests, vectors)
    assert sorted(sorted(digests[i].id for i in g) for g in found) == [["c1", "c2"], ["d1", "d2"], ["o1", "o2"]]
    thread = threads(found, vectors)
    story_of = {digests[g[0]].id: s for s, g in enumerate(found)}
    assert thread[story_of["d1"]] == thread[story_of["c1"]] != thread[story_of["o1"]]


def test_threads_of_nothing() -> None:
    assert threads([], np.zeros((0, 4), dtype=np.float32)) == []


CENTRAL = np.array([unit(1.0, 0.2), unit(1.0), unit(1.0, -0.2), unit(0.0, 0.0, 1.0)], dtype=np.float32)


@pytest.mark.parametrize(
    ("titles", "leads", "expected"),
    [
        # the most central article (the second: nearest the others on average) gives its title
        (
            ["Edge report", "Ferry crews strike for two days", "Other edge", "Outlier"],
            [None] * 4,
            "Ferry crews strike for two days",
        ),
        # the most central has no title: the most central article that has one
        (
            [None, None, "Crews walk out on the island route", "Outlier"],
            [None] * 4,
            "Crews walk out on the island route",
        ),
        # no titles at all: the first sentence of the most central article's text
        (
            [None] * 4,
            [None, "Ferry crews began a strike on Monday. Services resume on Wednesday.", None, None],
            "Ferry crews began a strike on Monday.",
        ),
        # a long first sentence is cut at a word boundary near 100 characters
        (
            [None] * 4,
            [
                None,
                "Crews of the island ferry company began a forty-eight hour strike early on Monday morning over "
                "pay and rest rules, the union said.",
                None,
                None,
            ],
            "Crews of the island ferry company began a forty-eight hour strike early on Monday morning over pay…",
        ),
        # nothing to read: never a list of entity names
        ([None] * 4, [None] * 4, "story of 4 article(s)"),
    ],
)
def test_label_is_a_headline(titles: list[str | None], leads: list[str | None], expected: str) -> None:
    members = [
        digest(f"a{i}", i, title=t, lead=lead, entities=frozenset({"Mull", "CalMac"}))
        for i, (t, lead) in enumerate(zip(titles, leads, strict=True))
    ]
    assert label(members, CENTRAL) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("One sentence only", "One sentence only"),
        ("  Spaced   out.  Second one.", "Spaced out."),
        ("A town of 3.5 million people flooded. Then more.", "A town of 3.5 million people flooded."),
        ("x" * 150, "x" * 100 + "…"),
    ],
)
def test_lead_label(text: str, expected: str) -> None:
    assert lead_label(text) == expected


def test_decisions_doc_states_the_thresholds_in_code() -> None:
    """docs/decisions.md and config.py must not disagree on the story thresholds (issue 14)."""
    doc = (Path(__file__).resolve().parents[1] / "docs" / "decisions.md").read_text(encoding="utf-8")
    section = doc[doc.index("## Stories") :]
    section = section[: section.index("\n## ", 1)]
    defaults = Settings()
    for value in (
        defaults.story_similarity,
        defaults.story_undated_similarity,
        defaults.thread_similarity,
    ):
        assert re.search(rf"\b{value:.2f}\b", section), value
    assert f"{defaults.story_window_days} days" in section
