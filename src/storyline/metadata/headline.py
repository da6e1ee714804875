"""The headline line of a scraped text.

A scrape puts the headline above the article: first in a clean copy, after the menus in a whole-page
scrape, often followed by a byline, a date or a standfirst before the first paragraph. So the headline is
looked for backwards from the first paragraph, over byline, date and credit lines and a standfirst, and
is the nearest line shaped like a headline: a few words to a few dozen, no full stop at the end, not a
byline, date, credit or section label. A page title's site suffix ("... | The Outlet") is cut off and
reported as the site. When the reader already has a title (an HTML page, a ``title:`` header), the line
repeating it is found instead, so it is recorded as noise rather than read twice.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from .lines import ScrapedLine, words
from .outlets import Outlet, OutletTable

#: A paragraph, for where the article starts: a sentence of at least this many words.
PARAGRAPH_MIN_WORDS = 6
#: How many lines above the first paragraph the headline may stand (byline, date, credit, standfirst,
#: share bar and image credit between them rarely add up to more).
SEARCH_LINES = 8
#: Headline length in words: news headlines run 4-20 words; 3 admits "Storm hits coast", 30 a long
#: question headline. Longer lines are paragraphs.
HEADLINE_MIN_WORDS = 3
HEADLINE_MAX_WORDS = 30
HEADLINE_MAX_CHARS = 220
#: Noise kinds a headline never has (a pattern named the line for what it is); lines of these kinds are
#: stepped over on the way up to the headline.
NOT_HEADLINE_KINDS = frozenset({"byline", "timestamp", "credit", "caption", "edited_by", "image_ref", "contact",
                                "promo", "header", "foreign_fragment", "ai_prompt"})
#: Kinds the line classifier gives (page furniture that no pattern named).
CLASSIFIER_KINDS = frozenset({"furniture", "off_article"})
#: A line ending like a sentence is a paragraph or a standfirst, not a headline (which may end with "?",
#: "!", a quote mark or an ellipsis).
_SENTENCE_STOP = re.compile(r"(?<!\.\.)(?<![A-Z])\.\s*$")
_SENTENCE_END = re.compile(r"[.!?…:;]['\"”’)]*\s*$")
_SITE_SUFFIX = re.compile(r"\s+(?:[|–—]|-|::)\s+(?P<site>[^|–—]{2,60})$")
_DATELINE = re.compile(r"\((?:[A-Z][\w.&' -]{0,30})\)\s*[-–—]")
_KEY = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class Headline:
    """The headline's line, its text (without a site suffix) and the site the suffix named, if any."""

    line: ScrapedLine
    title: str
    site: Outlet | None = None


def _key(text: str) -> str:
    return " ".join(_KEY.findall(text.lower()))


def is_paragraph(line: ScrapedLine) -> bool:
    """A prose line that is a paragraph of the article: a sentence (a long line without a closing full
    stop, shaped like a headline, is the headline)."""
    if line.kind is not None:
        return False
    text = line.stripped
    n = len(words(text))
    if n > HEADLINE_MAX_WORDS:
        return True
    return n >= PARAGRAPH_MIN_WORDS and (bool(_SENTENCE_END.search(text)) or not headline_shaped(text))


def headline_shaped(text: str, *, judged_not_prose: bool = False) -> bool:
    """Whether a line has a headline's shape (length, no closing full stop, not a label or a dateline).

    A closing full stop is allowed when the line classifier judged the line not to be article prose:
    some sites and corpora end headlines with one, and the classifier tells them from a short lead.
    """
    n = len(words(text))
    if not HEADLINE_MIN_WORDS <= n <= HEADLINE_MAX_WORDS or len(text) > HEADLINE_MAX_CHARS:
        return False
    if (_SENTENCE_STOP.search(text.rstrip("'’\"”")) and not judged_not_prose) or text.endswith(":") \
            or _DATELINE.search(text):
        return False
    if text.isupper() and n <= 3:
        return False  # a section label ("WORLD NEWS")
    return any(len(w) >= 3 and w[0].isalpha() for w in words(text))


def split_site(text: str, outlets: OutletTable) -> tuple[str, Outlet | None]:
    """A page title without its site suffix ("Storm hits coast | The Outlet"), and the site it names."""
    match = _SITE_SUFFIX.search(text)
    if match:
        site = outlets.by_name(match["site"].strip())
        if site is not None:
            return text[: match.start()].strip(), site
    return text, None


def find_headline(lines: Sequence[ScrapedLine], outlets: OutletTable, *, known_title: str | None) -> Headline | None:
    """The headline line of a text's lines (``lines`` are the non-blank ones, in order)."""
    first = next((i for i, line in enumerate(lines) if is_paragraph(line)), None)
    if known_title:
        return _repeated_title(lines, known_title, outlets, first)
    if first is None:
        return None
    window = lines[max(0, first - SEARCH_LINES): first]
    for i in range(len(window) - 1, -1, -1):
        if not _candidate(window[i], outlets):
            continue
        if i and _candidate(window[i - 1], outlets):
            i -= 1  # two headline-shaped lines in a row: a headline and its standfirst, in that order
        title, site = split_site(window[i].stripped, outlets)
        return Headline(window[i], title, site)
    return None


def _candidate(line: ScrapedLine, outlets: OutletTable) -> bool:
    judged = line.kind in CLASSIFIER_KINDS
    return (line.kind not in NOT_HEADLINE_KINDS and headline_shaped(line.stripped, judged_not_prose=judged)
            and outlets.by_name(line.stripped) is None)


def _repeated_title(
    lines: Sequence[ScrapedLine], title: str, outlets: OutletTable, first: int | None
) -> Headline | None:
    """The line repeating a title the reader already has, among the lines up to the first paragraph."""
    wanted = _key(split_site(title, outlets)[0])
    if not wanted:
        return None
    last = (first if first is not None else 0) + 1
    for line in lines[: max(last, SEARCH_LINES)]:
        text = line.stripped
        cut, site = split_site(text, outlets)
        if _key(text) == wanted or _key(cut) == wanted:
            return Headline(line, title, site)
    return None
