"""Exceptions raised by storyline.

StorylineError
├── InputError        an input file or record cannot be read (names the path and the problem)
├── ConfigError       a setting has a bad value (names the key and the allowed values)
├── ModelError        the spaCy pipeline cannot be loaded
└── StoreError        the SQLite store cannot be opened, migrated or written
"""

from __future__ import annotations


class StorylineError(Exception):
    """Base class of every error storyline raises on purpose."""


class InputError(StorylineError):
    """An input cannot be read. ``source`` names it; the message says why."""

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason


class ConfigError(StorylineError):
    """A configuration value is invalid."""


class ModelError(StorylineError):
    """The NLP model cannot be loaded."""


class StoreError(StorylineError):
    """The store cannot be opened, migrated or written."""
