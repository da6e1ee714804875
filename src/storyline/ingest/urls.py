"""URL lists: a ``.urls`` file (or a ``.txt`` file holding nothing but URLs), one http(s) URL a line.

Blank lines and lines starting with ``#`` are ignored. The URLs are fetched by ``sources.read_url``,
which reads each as an article, a feed or a sitemap, by what it turns out to be.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..model import Skip

__all__ = ["URL_LIST_SUFFIXES", "is_url", "is_url_list", "read_url_list"]

#: File suffixes always read as URL lists.
URL_LIST_SUFFIXES = frozenset({".urls"})

_URL = re.compile(r"https?://[^\s/?#]+\S*\Z", re.IGNORECASE)


def is_url(text: str) -> bool:
    """True for an absolute http(s) URL with a host and no white space."""
    return bool(_URL.match(text.strip()))


def _lines(text: str) -> Iterator[tuple[int, str]]:
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if line and not line.startswith("#"):
            yield number, line


def is_url_list(text: str) -> bool:
    """True when every non-blank, non-comment line is an http(s) URL (and there is at least one)."""
    seen = False
    for _, line in _lines(text):
        if not is_url(line):
            return False
        seen = True
    return seen


def read_url_list(text: str, *, source: str) -> Iterator[str | Skip]:
    """The URLs of a URL list, in order; a line that is not an http(s) URL is a Skip (``source:LINE``)."""
    for number, line in _lines(text):
        if is_url(line):
            yield line
        else:
            yield Skip(f"{source}:{number}", f"not an http(s) URL: {line[:200]!r}")
