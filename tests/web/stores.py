"""Stores for the serving tests: a small story store, and a directory made unwritable for a while."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from storyline.build import compare_story
from storyline.model import Story
from storyline.store import Store

from .test_app import PLAIN_ID, plain_extraction

STORY_ID = "sserve000001"


def story(story_id: str = STORY_ID, label: str = "Lowtown flood") -> Story:
    return Story(
        id=story_id,
        label=label,
        article_ids=(PLAIN_ID,),
        outlets=("Valley Herald",),
        first_published=dt.date(2025, 3, 14),
        last_published=dt.date(2025, 3, 14),
        key_entities=("Lowtown",),
    )


def save_story(store: Store, story_id: str = STORY_ID, label: str = "Lowtown flood") -> None:
    one = story(story_id, label)
    store.save_story(one, story_id, compare_story(one, [plain_extraction()]))


def build_store(path: Path) -> Path:
    """A store at ``path`` with one article and one story, closed (WAL mode, no -wal file left)."""
    with Store(path) as store:
        store.add(plain_extraction())
        save_story(store)
    return path


@contextmanager
def read_only_directory(path: Path) -> Iterator[None]:
    """``path`` made a directory no file can be created in: ``chmod 555``, or as root, whom permission bits do
    not stop, the immutable attribute (``chattr +i``; the test is skipped where that is not possible)."""
    if not hasattr(os, "geteuid"):
        pytest.skip("POSIX permissions are needed to make a read-only directory")
    if os.geteuid() != 0:
        path.chmod(0o555)
        undo = [lambda: path.chmod(0o755)]
    else:
        chattr = shutil.which("chattr")
        if chattr is None:
            pytest.skip("running as root, where chmod does not stop writes, and chattr is not installed")
        done = subprocess.run([chattr, "+i", str(path)], capture_output=True, text=True)
        if done.returncode != 0:
            pytest.skip(f"running as root, where chmod does not stop writes, and chattr +i failed: {done.stderr}")
        undo = [lambda: subprocess.run([chattr, "-i", str(path)], check=True)]
    try:
        try:
            (path / "probe").touch()
        except OSError:
            pass
        else:
            (path / "probe").unlink()
            pytest.skip(f"could not make {path} read-only here")
        yield
    finally:
        for step in undo:
            step()
