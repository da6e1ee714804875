from __future__ import annotations

import random
import shutil
from pathlib import Path

import numpy as np
import pytest

from storyline.dedupe import NearDuplicateIndex, band_keys, copies_among, shingles, signature
from storyline.model import Article, Extraction, content_id
from storyline.pipeline import ingest_into
from storyline.store import Store

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


def stored(text: str, source: str) -> Extraction:
    return Extraction(article=Article(id=content_id(text), source=source, raw=text, text=text))


def test_copies_are_found_against_articles_stored_in_an_earlier_session(tmp_path) -> None:
    """The index lives in the store: a copy ingested by a later run (a new process, a reopened store) is
    linked to the original, and nothing is held in memory between runs."""
    original = article(1)
    with Store(tmp_path / "s.db") as store:
        ingest_into(store, [stored(original, "wire.txt")] + [stored(article(n), f"o{n}.txt") for n in range(2, 8)])
    with Store(tmp_path / "s.db") as store:
        counts = ingest_into(store, [stored(edit(original, 3), "copy.txt"), stored(article(9), "new.txt")])
        assert counts.duplicates == 1
        ids = {row.source: row.id for row in store.articles()}
        assert store.duplicates() == {ids["copy.txt"]: ids["wire.txt"]}


@pytest.mark.parametrize(("changes", "is_copy"), [(0, True), (3, True), (8, True), (60, False)])
def test_the_store_finds_what_the_in_memory_index_finds(tmp_path, changes: int, is_copy: bool) -> None:
    texts = {"orig": article(1)} | {f"other{n}": article(n) for n in range(2, 12)}
    index = NearDuplicateIndex()
    with Store(tmp_path / "s.db") as store:
        for name, text in texts.items():
            values = signature(text)
            index.add(content_id(text), values)
            store.add(stored(text, name), signature=values.tobytes(), bands=band_keys(values))
        query = signature(edit(texts["orig"], changes))
        from_store = copies_among(query, store.band_candidates(band_keys(query)))
    assert from_store == index.duplicates_of(query)
    assert bool(from_store) is is_copy


def test_bands_cut_by_the_migration_match_band_keys(tmp_path) -> None:
    """Migration 0006 cuts bands out of signatures stored before it (SQL ``substr``): they must be the keys
    ``band_keys`` gives, or copies of old articles would never be found."""
    path = tmp_path / "old.sqlite"
    shutil.copy(Path(__file__).parent / "data" / "store_schema4.sqlite", path)
    with Store(path) as store:
        rows = store.conn.execute("SELECT id, signature FROM articles WHERE signature IS NOT NULL").fetchall()
        assert len(rows) == 4
        for row in rows:
            cut = store.conn.execute(
                "SELECT key FROM minhash_bands WHERE article_id = ? ORDER BY band", (row["id"],)
            ).fetchall()
            values = np.frombuffer(row["signature"], dtype=np.uint64)
            assert [r["key"] for r in cut] == band_keys(values)
            assert row["id"] in [aid for aid, _ in store.band_candidates(band_keys(values))]
        copy, original = next(iter(store.duplicates().items()))
        signatures = {row["id"]: np.frombuffer(row["signature"], dtype=np.uint64) for row in rows}
        found = copies_among(signatures[copy], store.band_candidates(band_keys(signatures[copy])))
        assert original in [aid for aid, _ in found]
