"""Groups articles into stories by average-linkage clustering of their embeddings, and stories into threads.

Two groups of articles join when the mean cosine similarity over all pairs of their articles (title + text
embeddings, unit length) reaches ``Settings.story_similarity``: average linkage, which a single chain of
look-alike articles cannot bridge the way it bridges connected components of pairwise links (issue 14).
Dates only ever keep groups apart, so the grouping of undated articles is the grouping by content:

- two groups that both hold dated articles join on the similarity of their *dated* articles alone, and
  only when their date spans lie within ``story_window_days`` of each other (a story that runs longer
  still forms through the articles in between); an undated member never counts towards that merge, so it
  cannot bridge two stories;
- a group without dates joins a group with dates only at the stricter ``story_undated_similarity``: with
  no date to tell one event from the next of the same development, content must agree more;
- groups without dates join each other at ``story_similarity``.

Merges are made best first (highest similarity above the threshold that applies), as in any agglomerative
clustering. Syndicated copies (``dup_of``) start in their original's group and count as one source.

Cost: average linkage over all pairs needs a similarity matrix of n² entries. Articles are therefore first
split into parts: the connected components of the graph of each article's ``NEIGHBOURS`` nearest
neighbours (faiss HNSW) with similarity at or above the threshold. Two groups whose articles have no such
edge between them cannot reach a mean similarity at the threshold except through pairs outside each
other's nearest neighbours, so a part is where a story can form. A part of more than ``MAX_PART`` articles
is split again on its stronger edges (threshold raised by ``PART_STEP`` until each piece fits), so memory
stays at most ``MAX_PART``² similarities and time grows with n times the part size, never with n².

Threads link successive stories of one development (deployment, first combat, casualties, prisoners):
the same average linkage run over whole stories at the looser ``thread_similarity``, with dates ignored.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from .config import Settings

#: Neighbours looked up per article: the edges along which parts are found. A story of more articles still
#: forms, through chains of neighbours.
NEIGHBOURS = 20
#: HNSW graph degree and search breadth: faiss's usual defaults for ~0.95 recall of true neighbours.
HNSW_LINKS = 32
HNSW_EF_SEARCH = 64
#: Most articles clustered together over all their pairs: 2,000² similarities and two 2,000² sums take
#: ~80 MB and the merges a few seconds; a news event of more articles still forms as a few large stories.
MAX_PART = 2000
#: How much the edge threshold rises, per round, when a part is too large to cluster at once.
PART_STEP = 0.05
#: Entities named as a story's key entities.
KEY_ENTITIES = 5
#: Longest label taken from an article's lead when no member has a title (cut at a word boundary).
LABEL_CHARS = 100

_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)]*\s+(?=[\"'“‘(]*[A-Z0-9])")


@dataclass(frozen=True, slots=True)
class ArticleDigest:
    """What story clustering needs to know about one article."""

    id: str
    outlet: str
    published: dt.date | None
    title: str | None
    entities: frozenset[str]
    dup_of: str | None = None
    #: the opening of the article's text: a label when no member of its story has a title.
    lead: str | None = None


class _UnionFind:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)

    def groups(self, items: Sequence[int]) -> list[list[int]]:
        out: dict[int, list[int]] = {}
        for i in items:
            out.setdefault(self.find(i), []).append(i)
        return list(out.values())


def neighbours(vectors: np.ndarray, k: int = NEIGHBOURS) -> tuple[np.ndarray, np.ndarray]:
    """(similarities, indices) of each row's ``k`` nearest rows by inner product (HNSW index)."""
    import faiss  # imported here: only story building needs it

    n, dim = vectors.shape
    k = min(k + 1, n)
    index: Any
    if n <= 2 * NEIGHBOURS:  # tiny corpora: the exact index is as fast and deterministic
        index = faiss.IndexFlatIP(dim)
    else:
        index = faiss.IndexHNSWFlat(dim, HNSW_LINKS, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efSearch = max(HNSW_EF_SEARCH, 2 * k)
    index.add(np.ascontiguousarray(vectors, dtype=np.float32))
    return index.search(np.ascontiguousarray(vectors, dtype=np.float32), k)


Graph = tuple[np.ndarray, np.ndarray]


def _parts(groups: Sequence[Sequence[int]], graph: Graph, n: int, threshold: float) -> list[list[int]]:
    """Articles split into parts small enough to cluster over all pairs; each start group stays whole."""
    sims, idx = graph
    rows = np.repeat(np.arange(idx.shape[0]), idx.shape[1])
    cols, vals = idx.ravel(), sims.ravel()
    keep = (cols >= 0) & (cols != rows)
    rows, cols, vals = rows[keep], cols[keep], vals[keep]

    def split(items: list[int], floor: float) -> list[list[int]]:
        inside = np.zeros(n, dtype=bool)
        inside[items] = True
        edges = inside[rows] & inside[cols] & (vals >= floor)
        found = _UnionFind(n)
        for group in groups:
            if inside[group[0]]:
                for i in group[1:]:
                    found.union(group[0], i)
        for a, b in zip(rows[edges].tolist(), cols[edges].tolist(), strict=True):
            found.union(a, b)
        out = []
        for part in found.groups(items):
            out.extend([part] if len(part) <= MAX_PART or floor >= 1.0 else split(part, floor + PART_STEP))
        return out

    return split(list(range(n)), threshold)


def _merge(
    vectors: np.ndarray,
    groups: list[list[int]],
    days: np.ndarray,
    *,
    threshold: float,
    undated_threshold: float,
    window_days: int,
) -> list[list[int]]:
    """Average-linkage merges of ``groups`` (indices into ``vectors``) under the date rules of the module
    docstring. ``days`` holds each article's date as a day number, NaN when undated."""
    sims = (vectors @ vectors.T).astype(np.float64)
    count = len(groups)
    member = np.zeros((len(vectors), count))
    for g, items in enumerate(groups):
        member[items, g] = 1.0
    dated = ~np.isnan(days)
    member_dated = member * dated[:, None]
    total = member.T @ sims @ member  # sum of similarities over all article pairs of two groups
    total_dated = member_dated.T @ sims @ member_dated  # ... over their dated articles only
    size, size_dated = member.sum(axis=0), member_dated.sum(axis=0)
    filled = np.where(dated, days, 0.0)
    first = np.where(member_dated > 0, filled[:, None], np.inf).min(axis=0)
    last = np.where(member_dated > 0, filled[:, None], -np.inf).max(axis=0)
    active = np.ones(count, dtype=bool)
    members = [list(items) for items in groups]

    def margins(a: int) -> np.ndarray:
        """How far each group's similarity with group ``a`` is above the threshold that applies to them."""
        with np.errstate(divide="ignore", invalid="ignore"):
            mean = total[a] / (size[a] * size) - threshold
            mean_dated = total_dated[a] / (size_dated[a] * size_dated) - threshold
            gap = np.maximum(first - last[a], first[a] - last)
        both = (size_dated[a] > 0) & (size_dated > 0)
        one = (size_dated[a] > 0) != (size_dated > 0)
        out = np.where(both, np.where(gap <= window_days, mean_dated, -np.inf), mean)
        out = np.where(one, mean - (undated_threshold - threshold), out)
        out[~active] = -np.inf
        out[a] = -np.inf
        return out

    best_value = np.full(count, -np.inf)
    best = np.zeros(count, dtype=int)

    def refresh(a: int) -> np.ndarray:
        row = margins(a)
        best[a] = int(np.argmax(row))
        best_value[a] = row[best[a]]
        return row

    for a in range(count):
        refresh(a)
    while count > 1:
        a = int(np.argmax(best_value))
        if best_value[a] < 0:
            break
        b = int(best[a])
        a, b = min(a, b), max(a, b)
        for matrix in (total, total_dated):
            matrix[a] += matrix[b]
            matrix[:, a] += matrix[:, b]
        size[a] += size[b]
        size_dated[a] += size_dated[b]
        first[a], last[a] = min(first[a], first[b]), max(last[a], last[b])
        members[a].extend(members[b])
        active[b] = False
        best_value[b] = -np.inf
        row = refresh(a)
        stale = active & ((best == a) | (best == b))
        stale[a] = False
        better = active & ~stale & (row > best_value)
        better[a] = False
        best[better], best_value[better] = a, row[better]
        for s in np.flatnonzero(stale):
            refresh(int(s))
    return [members[g] for g in np.flatnonzero(active)]


def _average_linkage(
    vectors: np.ndarray,
    groups: list[list[int]],
    days: np.ndarray,
    settings: Settings,
    graph: Graph,
    *,
    threshold: float,
    undated_threshold: float,
) -> list[list[int]]:
    """Start groups merged part by part (see the module docstring on cost)."""
    start_of = {i: g for g, items in enumerate(groups) for i in items}
    out: list[list[int]] = []
    for part in _parts(groups, graph, len(vectors), threshold):
        local = {i: p for p, i in enumerate(part)}
        starts = sorted({start_of[i] for i in part})
        merged = _merge(
            vectors[part],
            [[local[i] for i in groups[g]] for g in starts],
            days[part],
            threshold=threshold,
            undated_threshold=undated_threshold,
            window_days=settings.story_window_days,
        )
        out.extend([part[p] for p in group] for group in merged)
    return out


def cluster(
    digests: Sequence[ArticleDigest],
    vectors: np.ndarray,
    settings: Settings | None = None,
    *,
    graph: Graph | None = None,
) -> list[list[int]]:
    """Indices of ``digests`` grouped into stories (largest first, then earliest).

    Args:
        digests: the articles.
        vectors: their unit-length embeddings, one row per digest.
        settings: ``story_similarity``, ``story_undated_similarity``, ``story_window_days`` and
            ``story_dates`` (off: every article is treated as undated).
        graph: ``neighbours(vectors)`` when the caller has it already.
    """
    settings = settings or Settings()
    n = len(digests)
    if n == 0:
        return []
    copies = _UnionFind(n)
    position = {d.id: i for i, d in enumerate(digests)}
    for i, d in enumerate(digests):  # a copy always belongs with its original
        if d.dup_of in position:
            copies.union(i, position[d.dup_of])
    days = np.array(
        [d.published.toordinal() if d.published and settings.story_dates else np.nan for d in digests], dtype=float
    )
    groups = _average_linkage(
        vectors,
        sorted(copies.groups(range(n))),
        days,
        settings,
        graph if graph is not None else neighbours(vectors),
        threshold=settings.story_similarity,
        undated_threshold=settings.story_undated_similarity,
    )

    def order(group: list[int]) -> tuple[int, dt.date, str]:
        dates = [d for i in group if (d := digests[i].published) is not None]
        return (-len(group), min(dates) if dates else dt.date.max, min(digests[i].id for i in group))

    return sorted((sorted(g) for g in groups), key=order)


def threads(
    stories: Sequence[Sequence[int]],
    vectors: np.ndarray,
    settings: Settings | None = None,
    *,
    graph: Graph | None = None,
) -> list[int]:
    """The thread of each story: stories whose articles are, on average, at least ``thread_similarity``
    alike (average linkage over whole stories, dates ignored) share one. Returns, per story, the index of
    the first story of its thread."""
    settings = settings or Settings()
    if not stories:
        return []
    story_of = {i: s for s, items in enumerate(stories) for i in items}
    linked = _average_linkage(
        vectors,
        [list(items) for items in stories],
        np.full(len(vectors), np.nan),
        settings,
        graph if graph is not None else neighbours(vectors),
        threshold=settings.thread_similarity,
        undated_threshold=settings.thread_similarity,
    )
    thread = list(range(len(stories)))
    for group in linked:
        members = sorted({story_of[i] for i in group if i in story_of})
        for s in members:
            thread[s] = members[0]
    return thread


def story_id(article_ids: Sequence[str], digests_by_id: dict[str, ArticleDigest]) -> str:
    """A story's id: derived from its first article (earliest published, then smallest id), so it stays
    the same as later articles join."""
    first = min(article_ids, key=lambda a: (digests_by_id[a].published or dt.date.max, a))
    return "s" + hashlib.sha256(first.encode()).hexdigest()[:11]


def thread_id(first_story_id: str) -> str:
    """A thread's id, derived from its first story's id (so a thread of one story keeps a stable id too)."""
    return "t" + hashlib.sha256(first_story_id.encode()).hexdigest()[:11]


def key_entities(members: Sequence[ArticleDigest], limit: int = KEY_ENTITIES) -> list[str]:
    """The entities most articles of the story name."""
    counts = Counter(e for d in members for e in d.entities)
    return [e for e, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]]


def centrality(vectors: np.ndarray) -> np.ndarray:
    """Each row's mean similarity to the other rows (1.0 for a lone row)."""
    n = len(vectors)
    if n < 2:
        return np.ones(n)
    sims = vectors.astype(np.float64) @ vectors.T.astype(np.float64)
    return (sims.sum(axis=1) - np.diag(sims)) / (n - 1)


def lead_label(text: str, limit: int = LABEL_CHARS) -> str:
    """The first sentence of ``text``, cut to ``limit`` characters at a word boundary (with "…")."""
    flat = " ".join(text.split())
    sentence = _SENTENCE_END.split(flat, maxsplit=1)[0] if flat else ""
    if len(sentence) <= limit:
        return sentence
    cut = sentence[: limit + 1].rsplit(" ", 1)[0] if " " in sentence[:limit] else sentence[:limit]
    return cut.rstrip(" ,;:-–—") + "…"


def label(members: Sequence[ArticleDigest], vectors: np.ndarray) -> str:
    """A headline for the story: the title of its most central article (highest mean similarity to the
    other members; ties go to the earliest, then smallest id) among those with a title; with no title at
    all, the first sentence of the most central article's text.

    Args:
        members: the story's articles.
        vectors: their embeddings, one row per member.
    """
    score = centrality(vectors)
    ranked = sorted(range(len(members)), key=lambda i: (-score[i], members[i].published or dt.date.max, members[i].id))
    for i in ranked:
        if title := " ".join((members[i].title or "").split()):
            return title
    for i in ranked:
        if text := lead_label(members[i].lead or ""):
            return text
    return f"story of {len(members)} article(s)"
