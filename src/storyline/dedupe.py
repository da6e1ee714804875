"""Near-duplicate detection with MinHash LSH (datasketch).

Syndicated copies — the same wire story under another outlet's header with a few words changed — must
count as one source, not two. Each article's clean text becomes a set of word 5-gram shingles; MinHash
signatures go into an LSH index, so finding an article's near-duplicates costs about the same whatever
the number of articles (no all-pairs comparison).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import numpy as np
from datasketch import MinHash, MinHashLSH

#: Words per shingle. 5-grams are long enough that two different articles on one event share few of them
#: (0.04 between the demo corpus's two ferry-strike reports) while a lightly edited copy keeps most
#: (0.76 between the demo's wire story and its syndicated copy).
SHINGLE_WORDS = 5
#: MinHash permutations: 128 gives a Jaccard estimate within about ±0.09 (1/sqrt(128)).
NUM_PERM = 128
#: datasketch's hashing scheme, fixed so stored signatures stay comparable across datasketch releases.
SCHEME = "affine32"
#: Estimated shingle Jaccard from which two articles are copies of one another. Halfway between what
#: separate reports of one event share (< 0.1) and what syndicated copies keep (> 0.7).
DUPLICATE_JACCARD = 0.5

_WORD = re.compile(r"\w+", re.UNICODE)


def shingles(text: str, size: int = SHINGLE_WORDS) -> set[bytes]:
    """Lower-cased word ``size``-grams of ``text`` (the whole text when it is shorter)."""
    words = _WORD.findall(text.lower())
    if len(words) <= size:
        return {" ".join(words).encode()} if words else set()
    return {" ".join(words[i : i + size]).encode() for i in range(len(words) - size + 1)}


def signature(text: str) -> np.ndarray:
    """The MinHash signature of ``text`` as uint64 values (storable as bytes)."""
    mh = MinHash(num_perm=NUM_PERM, scheme=SCHEME)
    mh.update_batch(list(shingles(text)))
    return mh.hashvalues.astype(np.uint64)


def _jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """Estimated Jaccard similarity of two signatures (what ``MinHash.jaccard`` computes)."""
    return float(np.count_nonzero(a == b)) / float(len(a))


def _minhash(values: np.ndarray) -> MinHash:
    return MinHash(num_perm=NUM_PERM, hashvalues=values, scheme=SCHEME)


class NearDuplicateIndex:
    """Finds, for a new article, an already indexed article it copies."""

    def __init__(self, threshold: float = DUPLICATE_JACCARD) -> None:
        self.threshold = threshold
        self._lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
        # bare hash values, not MinHash objects (each of those carries ~9 kB of permutation tables): the
        # index of a long-running store stays ~2 kB per article
        self._signatures: dict[str, np.ndarray] = {}

    def __len__(self) -> int:
        return len(self._signatures)

    def __contains__(self, article_id: object) -> bool:
        return article_id in self._signatures

    def add(self, article_id: str, values: np.ndarray) -> None:
        """Index an article by its signature (from ``signature``)."""
        if article_id in self._signatures:
            return
        self._signatures[article_id] = np.asarray(values, dtype=np.uint64)
        self._lsh.insert(article_id, _minhash(values))

    def duplicates_of(self, values: np.ndarray) -> list[tuple[str, float]]:
        """Indexed articles whose estimated Jaccard with ``values`` reaches the threshold, best first."""
        values = np.asarray(values, dtype=np.uint64)
        found = [(key, _jaccard(values, self._signatures[key])) for key in self._lsh.query(_minhash(values))]
        return sorted((f for f in found if f[1] >= self.threshold), key=lambda f: (-f[1], f[0]))

    def add_all(self, items: Iterable[tuple[str, np.ndarray]]) -> None:
        for article_id, values in items:
            self.add(article_id, values)
