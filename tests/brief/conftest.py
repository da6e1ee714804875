"""Fixtures of the briefing tests: the demo corpus built once into a store, and its largest story."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from storyline.brief import briefing_context
from storyline.build import build
from storyline.config import Settings
from storyline.pipeline import ingest_into, run
from storyline.store import Store

DEMO = Path(__file__).resolve().parents[2] / "src" / "storyline" / "data" / "demo"


@pytest.fixture(scope="package")
def demo_store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    store = Store(tmp_path_factory.mktemp("brief") / "demo.db")
    ingest_into(store, run([DEMO], Settings()))
    build(store, Settings())
    return store


@pytest.fixture(scope="package")
def demo_context(demo_store: Store) -> dict[str, Any]:
    """The briefing of the demo's biggest story (the dam breach: 8 articles, 7 sources)."""
    return briefing_context(demo_store, demo_store.stories()[0]["id"])
