"""What the metadata readers see of a scraped text: its lines, with the noise kind cleaning gave each."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Protocol


class ScrapedLine(Protocol):
    """A line of the raw text: offsets into ``raw``, its text and its noise kind (None for prose)."""

    start: int
    end: int
    kind: str | None

    @property
    def stripped(self) -> str: ...


@dataclass(frozen=True, slots=True)
class Evidence:
    """A finding and the line that shows it: what a FieldSource is made from."""

    value: str
    method: str
    line: ScrapedLine | None = None
    text: str = ""  # the evidence text when there is no line (a URL, a phrase inside a line)
    start: int | None = None  # offsets into raw of a phrase inside a line
    end: int | None = None


_WORD = re.compile(r"\w+")


def words(text: str) -> list[str]:
    """The word tokens of a text."""
    return _WORD.findall(text)
