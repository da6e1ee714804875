from __future__ import annotations

import random

import pytest

from storyline.dedupe import NearDuplicateIndex, shingles, signature

WORDS = (
    "the river rose overnight and officials ordered families to leave homes near the bank while rescue teams "
    "searched villages for people trapped by water as the mayor said the town would rebuild after the flood"
).split()


def article(seed: int, n: int = 300) -> str:
    rng = random.Random(seed)
    return " ".join(rng.choice(WORDS) for _ in range(n))


def edit(text: str, changes: int, seed: int = 0) -> str:
    rng = random.Random(seed)
    words = text.split()
    for _ in range(changes):
        words[rng.randrange(len(words))] = "changed"
    return " ".join(words)


@pytest.mark.parametrize(
    ("changes", "is_copy"),
    [(0, True), (3, True), (8, True), (60, False)],  # a few edited words stay a copy; a rewrite does not
)
def test_lightly_edited_copy_is_found(changes: int, is_copy: bool) -> None:
    original = article(1)
    index = NearDuplicateIndex()
    index.add("orig", signature(original))
    for other in range(2, 12):
        index.add(f"other{other}", signature(article(other)))
    found = [aid for aid, _ in index.duplicates_of(signature(edit(original, changes)))]
    assert (found == ["orig"]) is is_copy


def test_unrelated_articles_are_not_duplicates() -> None:
    index = NearDuplicateIndex()
    index.add("a", signature(article(1)))
    assert index.duplicates_of(signature(article(2))) == []


def test_short_and_empty_texts() -> None:
    assert shingles("") == set()
    assert shingles("two words") == {b"two words"}
    index = NearDuplicateIndex()
    index.add("short", signature("Breaking news."))
    assert [a for a, _ in index.duplicates_of(signature("Breaking news."))] == ["short"]
