"""Groups articles into stories: embedding neighbours from an index, linked by content and shared entities
within a time window, then connected components.

Candidate pairs come from an approximate nearest-neighbour index (faiss HNSW over unit-length sentence
embeddings), so the cost grows with the number of articles times ``NEIGHBOURS``, never with all pairs.
Syndicated copies (``dup_of``) are put in their original's story and count as one source.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

#: Neighbours looked up per article. A story of more articles still forms, through chains of neighbours.
NEIGHBOURS = 20
#: Cosine similarity (title + lead embeddings, all-MiniLM-L6-v2) from which two articles report the same
#: story on content alone, with no named entity in common: a rewrite of one report. Below it, text alone
#: cannot tell one event from another of the same kind: two floods in two towns read alike (0.6-0.8 for
#: bench/build.py's generated stories, which share template sentences), so entities must also agree.
LINK_COSINE = 0.8
#: The cosine that suffices when the two articles also share named entities (Jaccard of their canonical
#: PERSON/ORG/GPE/LOC/NORP/EVENT names). On the demo corpus, reports of one event score 0.54-0.99 and
#: reports of unrelated events at most 0.22; the seeds share 18 % of their entities at cosine 0.47.
LINK_COSINE_WITH_ENTITIES = 0.35
LINK_ENTITY_JACCARD = 0.1
#: Days between two articles' publication dates beyond which they are not linked directly (a story that
#: runs longer still forms through the articles in between). Undated articles are not limited.
WINDOW_DAYS = 7
#: HNSW graph degree and search breadth: faiss's usual defaults for ~0.95 recall of true neighbours.
HNSW_LINKS = 32
HNSW_EF_SEARCH = 64
#: Entities named in a story's label and kept as its key entities.
KEY_ENTITIES = 5


@dataclass(frozen=True, slots=True)
class ArticleDigest:
    """What story clustering needs to know about one article."""

    id: str
    outlet: str
    published: dt.date | None
    title: str | None
    entities: frozenset[str]
    dup_of: str | None = None


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def _within_window(a: dt.date | None, b: dt.date | None, days: int) -> bool:
    return a is None or b is None or abs((a - b).days) <= days


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


def linked(
    cosine: float,
    a: ArticleDigest,
    b: ArticleDigest,
    *,
    window_days: int = WINDOW_DAYS,
) -> bool:
    """Whether two articles report the same story."""
    if not _within_window(a.published, b.published, window_days):
        return False
    if cosine >= LINK_COSINE:
        return True
    return cosine >= LINK_COSINE_WITH_ENTITIES and _jaccard(a.entities, b.entities) >= LINK_ENTITY_JACCARD


def cluster(
    digests: Sequence[ArticleDigest], vectors: np.ndarray, *, window_days: int = WINDOW_DAYS
) -> list[list[int]]:
    """Indices of ``digests`` grouped into stories (largest first, then earliest)."""
    n = len(digests)
    if n == 0:
        return []
    groups = _UnionFind(n)
    position = {d.id: i for i, d in enumerate(digests)}
    for i, d in enumerate(digests):  # a copy always belongs with its original
        if d.dup_of in position:
            groups.union(i, position[d.dup_of])
    if n > 1:
        sims, idx = neighbours(vectors)
        near = [set(int(j) for j in row if j >= 0) for row in idx]
        for i in range(n):
            for sim, j in zip(sims[i], idx[i], strict=True):
                j = int(j)
                # mutual neighbours only: a hub article near everything cannot chain unrelated stories
                if j < 0 or j == i or i not in near[j]:
                    continue
                if linked(float(sim), digests[i], digests[j], window_days=window_days):
                    groups.union(i, j)
    members: dict[int, list[int]] = {}
    for i in range(n):
        members.setdefault(groups.find(i), []).append(i)

    def order(group: list[int]) -> tuple[int, dt.date, str]:
        dates = [d for i in group if (d := digests[i].published) is not None]
        return (-len(group), min(dates) if dates else dt.date.max, digests[group[0]].id)

    return sorted(members.values(), key=order)


def story_id(article_ids: Sequence[str], digests_by_id: dict[str, ArticleDigest]) -> str:
    """A story's id: derived from its first article (earliest published, then smallest id), so it stays
    the same as later articles join."""
    first = min(article_ids, key=lambda a: (digests_by_id[a].published or dt.date.max, a))
    return "s" + hashlib.sha256(first.encode()).hexdigest()[:11]


def key_entities(members: Sequence[ArticleDigest], limit: int = KEY_ENTITIES) -> list[str]:
    """The entities most articles of the story name."""
    counts = Counter(e for d in members for e in d.entities)
    return [e for e, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]]


def label(members: Sequence[ArticleDigest]) -> str:
    """A readable label: the earliest article's title, else its key entities."""
    dated = sorted(members, key=lambda d: (d.published or dt.date.max, d.id))
    for d in dated:
        if d.title:
            return d.title
    names = key_entities(members, 3)
    return ", ".join(names) if names else f"story of {len(members)} article(s)"
