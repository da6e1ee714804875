"""The byline of a scraped text: a "By ..." line, or a name line followed by the writer's role.

Sites print the writer either as "By Jane Roe and John Doe" (cleaning names the line ``byline``) or as a
name on its own line with the role under it ("Jane Roe" / "Moscow correspondent"). Both are read near the
top of the article; the role line confirms that the name above it is a writer, not a subheading.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from .lines import Evidence, ScrapedLine

#: Lines from the top (or the headline) in which a byline is looked for.
BYLINE_LINES = 12
#: Words of a role line ("Senior correspondent, Asia", "Chief political reporter").
ROLE_MAX_WORDS = 8

ROLE = re.compile(
    r"\b(?:correspondent|reporter|editor|writer|columnist|journalist|contributor|bureau chief|analyst|"
    r"presenter|anchor|producer|commentator|critic|staff|freelancer?|stringer|photographer)s?\b",
    re.IGNORECASE,
)
_BY = re.compile(r"^\s*by\s+", re.IGNORECASE)
_NAME_PART = r"(?:[A-Z][a-zA-Z'’.\-]+|[A-Z]\.)"
NAME_LINE = re.compile(rf"^{_NAME_PART}(?:\s+(?:van|von|de|da|del|der|bin|al|el|le|la|di|du)?\s*{_NAME_PART}){{1,3}}$")
_TRAILER = re.compile(r"\s*(?:[,|•·]|\s-\s|\s–\s|\s—\s).*$")


@dataclass(frozen=True, slots=True)
class Byline:
    """The writers' names and the lines that gave them (which become noise)."""

    names: str
    evidence: Evidence
    lines: tuple[ScrapedLine, ...]


def find_byline(lines: Sequence[ScrapedLine], *, top: int) -> Byline | None:
    """The byline among the lines from ``top`` (the headline's index, or 0) down."""
    window = lines[max(0, top - 2): top + BYLINE_LINES]
    for i, line in enumerate(window):
        text = line.stripped
        if line.kind == "byline" and _BY.match(text):
            names = _TRAILER.sub("", _BY.sub("", text)).strip()
            if names:
                return Byline(names, Evidence(names, "byline_line", line), (line,))
        following = window[i + 1] if i + 1 < len(window) else None
        if following is None or not NAME_LINE.match(text) or ROLE.search(text):
            continue
        role = following.stripped
        if len(role.split()) <= ROLE_MAX_WORDS and ROLE.search(role) and not role.endswith("."):
            return Byline(text, Evidence(text, "name_and_role_lines", line), (line, following))
    return None
