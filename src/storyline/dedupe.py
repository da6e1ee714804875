"""Near-duplicate detection with MinHash LSH (datasketch).

Syndicated copies — the same wire story under another outlet's header with a few words changed — must
count as one source, not two. Each article's clean text becomes a set of word 5-gram shingles and a
MinHash signature; the signature is cut into ``BANDS`` bands of ``ROWS`` values (locality-sensitive
hashing), and two articles are compared only when they share a band, so finding an article's
near-duplicates costs about the same whatever the number of articles (no all-pairs comparison).

The store keeps every article's bands in an indexed table (``Store.band_candidates``), so a long run's
memory does not grow with the articles stored; ``NearDuplicateIndex`` is the same lookup in memory, for
a set of texts without a store.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import numpy as np
from datasketch import MinHash

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
#: LSH banding of a signature: ``BANDS`` bands of ``ROWS`` values. These are what datasketch's
#: ``MinHashLSH(threshold=0.5, num_perm=128)`` chooses (the split that best balances missed copies and
#: needless comparisons at that threshold), pinned because stored bands (and migration 0006, which cut
#: them from stored signatures) must stay comparable across datasketch releases. Two articles at Jaccard
#: 0.5 share a band with probability 1 - (1 - 0.5**5)**25 = 0.55, at 0.7 0.98, at 0.8 1.00.
BANDS = 25
ROWS = 5

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


def band_keys(values: np.ndarray) -> list[bytes]:
    """The ``BANDS`` LSH keys of a signature: band ``i`` is the bytes of values ``i*ROWS`` to ``(i+1)*ROWS``
    (as the store's migration 0006 cuts them from a stored signature with ``substr``)."""
    raw = np.asarray(values, dtype=np.uint64).tobytes()
    width = ROWS * 8
    return [raw[i * width : (i + 1) * width] for i in range(BANDS)]


def jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """Estimated Jaccard similarity of two signatures (what ``MinHash.jaccard`` computes)."""
    return float(np.count_nonzero(a == b)) / float(len(a))


def copies_among(
    values: np.ndarray, candidates: Iterable[tuple[str, bytes | np.ndarray]], threshold: float = DUPLICATE_JACCARD
) -> list[tuple[str, float]]:
    """The candidates (id, signature) whose estimated Jaccard with ``values`` reaches ``threshold``, best
    first (ties by id)."""
    values = np.asarray(values, dtype=np.uint64)
    found = []
    for key, other in candidates:
        other_values = np.frombuffer(other, dtype=np.uint64) if isinstance(other, bytes) else other
        if len(other_values) == len(values):
            found.append((key, jaccard(values, other_values)))
    return sorted((f for f in found if f[1] >= threshold), key=lambda f: (-f[1], f[0]))


class NearDuplicateIndex:
    """Finds, for a new text, an already indexed one it copies: the store's band lookup, in memory."""

    def __init__(self, threshold: float = DUPLICATE_JACCARD) -> None:
        self.threshold = threshold
        self._bands: dict[tuple[int, bytes], list[str]] = {}
        self._signatures: dict[str, np.ndarray] = {}

    def __len__(self) -> int:
        return len(self._signatures)

    def __contains__(self, article_id: object) -> bool:
        return article_id in self._signatures

    def add(self, article_id: str, values: np.ndarray) -> None:
        """Index a text by its signature (from ``signature``)."""
        if article_id in self._signatures:
            return
        self._signatures[article_id] = np.asarray(values, dtype=np.uint64)
        for band, key in enumerate(band_keys(values)):
            self._bands.setdefault((band, key), []).append(article_id)

    def duplicates_of(self, values: np.ndarray) -> list[tuple[str, float]]:
        """Indexed texts whose estimated Jaccard with ``values`` reaches the threshold, best first."""
        ids = {aid for band, key in enumerate(band_keys(values)) for aid in self._bands.get((band, key), ())}
        return copies_among(values, ((aid, self._signatures[aid]) for aid in sorted(ids)), self.threshold)
