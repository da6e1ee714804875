"""storyline: turn a pile of news articles about one story into a sourced, cross-checked picture of it."""

from __future__ import annotations

import logging

__version__ = "0.1.0"

logging.getLogger(__name__).addHandler(logging.NullHandler())
