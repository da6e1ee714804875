"""Quotes in the headline, with the speaker the headline names.

Headlines quote in a few fixed shapes, and the parser reads title case poorly, so they are matched by
their shape rather than parsed:

- "Name: ‘…’" — the words before the colon name the speaker ("Mayor Lind: ‘We Will Rebuild’");
- "Name Says/Warns/Calls … ‘…’" — the words before a reporting verb ("Lind Says ‘No Cuts’");
- "‘…’ — Name" or "‘…,’ Says Name" — the name after the quote.

A quote whose shape names no speaker is kept with speaker None when a reporting verb or a colon
introduces it; a quoted stretch without either (a title of a work, a scare quote: "Why ‘Woke’ Won")
is not reported. ``start``/``end`` of a headline quote are offsets into ``Article.title`` and
``in_title`` is True.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..model import Article, Quote
from ..resolve import NameIndex
from .cues import DIRECT_CUES, NAMING_VERBS, TRAIN_CUE_VERBS

__all__ = ["headline_quotes"]

_OPENERS = {"“": "”\"", '"': '"”', "‘": "’'", "'": "'’"}
#: A speaker named in a headline: up to six words, the first capitalised ("Ex-Governor Ann Ray").
_NAME = re.compile(r"^[A-Z][\w.’'&-]*(?:\s+(?:[A-Z][\w.’'&-]*|of|the|and|for|de|van|von)){0,5}$")
#: Section labels that open headlines with a colon and name no speaker (AP's "The Latest: …").
RUBRICS = frozenset({"the latest", "exclusive", "breaking", "watch", "live", "update", "analysis", "opinion",
                     "video", "explainer", "factbox", "fact check", "poll", "editorial", "review"})
_CUES = DIRECT_CUES | NAMING_VERBS | TRAIN_CUE_VERBS
_PAST_OR_PRESENT = re.compile(r"(?:s|es|ed|d)$")
#: Words after the quote that attribute it backwards ("‘…,’ Says Name").
_AFTER = re.compile(r"^[,]?\s*(?:[—–-]|says|said|tells|told|warns|warned)\s+(?P<name>.+?)\s*$", re.IGNORECASE)


def _cue_word(word: str) -> bool:
    """Whether a headline word is an inflected reporting verb ("Says", "Warns", "Calls", "Blasted")."""
    w = word.lower().strip(",.")
    for stem in (w, w[:-1], w[:-2], w[:-3]):
        if stem and stem in _CUES and _PAST_OR_PRESENT.search(w):
            return True
    return False


def _quoted(title: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each quoted stretch of a headline, without its marks. A mark opens at the start
    or after a space or bracket; a closing single mark is never followed by a letter (the apostrophe of
    "I’m" is not a closing mark)."""
    k = 0
    while k < len(title):
        ch = title[k]
        opens = k == 0 or title[k - 1] in " ([—–-:"
        if ch in _OPENERS and opens and k + 1 < len(title) and not title[k + 1].isspace():
            for j in range(k + 1, len(title)):
                if title[j] in _OPENERS[ch] and (j + 1 == len(title) or not title[j + 1].isalnum()):
                    yield k + 1, j
                    k = j
                    break
        k += 1


def _speaker_before(prefix: str) -> tuple[str | None, bool]:
    """(speaker, introduced) from the headline text before a quote: "Name: …" or "Name Says …"."""
    head = prefix.rstrip()
    if ":" in head:
        who = head.split(":", 1)[0].strip()
        if re.search(r"\s[-—–]\s", who):  # "Topic - Name:"
            who = re.split(r"\s[-—–]\s", who)[-1].strip()
        if who.lower() in RUBRICS:
            return _speaker_before(head.split(":", 1)[1])
        if _NAME.match(who) and len(who.split()) <= 4:
            return who, True
    words = head.split()
    for k, word in enumerate(words):
        if k and _cue_word(word):
            who = " ".join(words[:k])
            return (who if _NAME.match(who) else None), True
    return None, head.endswith(":")


def _reported(title: str) -> tuple[str, int, int] | None:
    """(speaker, start, end) of what a headline reports its speaker saying, quote marks or not:
    "Name: content" or "Name Says content"; None when the headline names no speaker that way."""
    head = title.split(":", 1)[0].strip() if ":" in title else ""
    if head and head.lower() not in RUBRICS and _NAME.match(head) and len(head.split()) <= 4:
        start = title.index(":") + 1
    else:
        if head.lower() in RUBRICS:
            title_rest = title.index(":") + 1
        else:
            title_rest = 0
        words = list(re.finditer(r"\S+", title[title_rest:]))
        cue = next((k for k, w in enumerate(words) if k and _cue_word(w.group())), None)
        if cue is None:
            return None
        head = title[title_rest + words[0].start() : title_rest + words[cue - 1].end()]
        if not _NAME.match(head) or head.split()[0].lower() in ("a", "an"):
            return None  # "A Rush for Books on …": a description, not a speaker
        start = title_rest + words[cue].end()
        that = re.match(r"\s+that\b", title[start:], re.IGNORECASE)
        start += that.end() if that else 0
    end = len(title.rstrip(" .!?;"))
    while start < end and title[start].isspace():
        start += 1
    if len(title[start:end].split()) < 2:
        return None
    return head, start, end


def headline_quotes(article: Article, names: NameIndex) -> Iterator[Quote]:
    """The quotes of ``article.title`` (none without a title or outside English): each quoted stretch
    a speaker or cue introduces, and what a "Name: …" or "Name Says …" headline reports beyond them
    (kind "indirect", unless quote marks hold all of it)."""
    title = article.title or ""
    if not title or not article.language.lower().startswith("en"):
        return
    quoted: list[tuple[int, int]] = []
    for start, end in _quoted(title):
        inner = title[start:end]
        if not inner.strip():
            continue
        who, introduced = _speaker_before(title[: start - 1])
        after = _AFTER.match(title[end + 1:])
        if who is None and after is not None and _NAME.match(after.group("name")):
            who, introduced = after.group("name"), True
        if not introduced:
            continue
        if who is not None:
            who = names.person(who) or who
        text_start = start + len(inner) - len(inner.lstrip())
        text_end = end - (len(inner) - len(inner.rstrip()))
        quoted.append((start - 1, end + 1))
        yield Quote(article.id, text_start, text_end, title[text_start:text_end], "direct", who, None,
                    in_title=True)
    reported = _reported(title)
    if reported is not None:
        who, start, end = reported
        outside = [c for k, c in enumerate(title[start:end], start) if not any(a <= k < b for a, b in quoted)]
        if len("".join(outside).split()) >= 2:  # more than the quotation already reported
            yield Quote(article.id, start, end, title[start:end], "indirect", names.person(who) or who, None,
                        in_title=True)
