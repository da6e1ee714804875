"""Quotes aligned across outlets: the same words in several articles become one :class:`QuoteGroup`.

Two quotes are the same when their normalised words (folded case and accents, punctuation dropped) are
close by rapidfuzz's ``ratio`` ("We lost the lower town before it was even light" / "We lost the whole
lower town before it was light": 88 of 100), or when a partial quote of at least :data:`SHORT_QUOTE_WORDS`
words sits inside a longer quote of another outlet (``partial_ratio``). Stock phrases ("No comment.",
"Thank you.") are grouped only when their speakers agree. Members whose speakers cannot be the same
person ("Vasile Rusu" / "Natalia Rusu"; "Rusu" agrees with both, and spellings of one name agree:
"Zelensky" / "Volodymyr Zelenskyy") set ``conflicting_speakers``.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from ..model import Extraction, Quote, QuoteGroup, SourceRef
from ..resolve import same_name_word
from .claims import STOPWORDS, OutletOf, default_outlet, fold, source_ref

#: Least rapidfuzz ``ratio`` (0-100) between two quotes' normalised words for them to be one quote.
#: On the demo corpus the one quote two outlets word differently ("the whole lower town ... light" /
#: "the lower town ... even light") scores 88, and the closest *different* quotes (the same speaker,
#: the same topic: "we will rebuild the lower town ...") score 58 or less; 80 sits between them with
#: room for a further dropped word.
QUOTE_MATCH_RATIO = 80.0
#: Least ``partial_ratio`` for a short quote to count as a piece of a longer one in another outlet.
QUOTE_CONTAINED_RATIO = 92.0
#: Quotes shorter than this many words are stock phrases ("No comment.", "Thank you.", "deeply
#: regrettable"): two people say them independently, so they group only under compatible speakers,
#: and they are never matched as a piece of a longer quote.
SHORT_QUOTE_WORDS = 5

#: Quote kinds aligned by default: the speaker's own words. Indirect speech is the reporter's
#: paraphrase, so its wording is not evidence that two outlets carry the same quote.
DEFAULT_KINDS = ("direct", "partial")

_TOKEN = re.compile(r"\w+")


@dataclass
class _Item:
    order: int
    quote: Quote
    outlet: str
    norm: str
    n_words: int
    ref: SourceRef
    speaker_words: frozenset[str] | None  # the speaker's folded name words; None when unknown
    keys: frozenset[str]  # blocking keys: see _blocking_keys


def _normalise(text: str) -> str:
    return " ".join(_TOKEN.findall(fold(text)))


def speakers_compatible(first: str | None, second: str | None) -> bool:
    """Whether two speaker names can be the same person.

    Unknown speakers agree with anyone; otherwise one name's words must all appear in the other
    ("Rusu" / "Vasile Rusu"), compared without case or accents.

    Args:
        first: a speaker name or None.
        second: another speaker name or None.

    Returns:
        True when the names do not rule each other out.
    """
    if not first or not second:
        return True
    return _words_compatible(frozenset(_TOKEN.findall(fold(first))), frozenset(_TOKEN.findall(fold(second))))


def _words_compatible(a: frozenset[str], b: frozenset[str]) -> bool:
    """One name's words all among the other's, up to transliteration ("Zelensky" / "Volodymyr
    Zelenskyy": :func:`~storyline.resolve.same_name_word`)."""
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    return all(any(same_name_word(w, v) for v in long) for w in short)


def _speaker_words(name: str | None) -> frozenset[str] | None:
    return frozenset(_TOKEN.findall(fold(name))) if name else None


def _blocking_keys(norm: str) -> frozenset[str]:
    """The words two quotes must share to be compared at all: their content words (all words for a
    quote made of stopwords only). Quotes close enough for ``ratio`` >= QUOTE_MATCH_RATIO, or a piece of
    one another, share most of their words, so this keeps every real match while sparing a story of
    thousands of quotes the comparison of every pair."""
    tokens = set(norm.split())
    return frozenset(tokens - STOPWORDS or tokens)


def _same_quote(a: _Item, b: _Item) -> bool:
    short = min(a.n_words, b.n_words) < SHORT_QUOTE_WORDS
    if short and a.speaker_words and b.speaker_words:
        if not _words_compatible(a.speaker_words, b.speaker_words):
            return False
    if fuzz.ratio(a.norm, b.norm) >= QUOTE_MATCH_RATIO:
        return True
    if short:
        return False
    inner, outer = (a, b) if a.n_words <= b.n_words else (b, a)
    return fuzz.partial_ratio(inner.norm, outer.norm) >= QUOTE_CONTAINED_RATIO


def align_quotes(
    story_id: str,
    extractions: Sequence[Extraction],
    *,
    outlet_of: OutletOf = default_outlet,
    kinds: Sequence[str] = DEFAULT_KINDS,
) -> list[QuoteGroup]:
    """Group the quotes of a story's articles: the same words in several outlets are one QuoteGroup.

    Every quote of the selected kinds ends up in exactly one group (a quote only one outlet carries is a
    one-member group), so a briefing can list each quote once with all its sources.

    Args:
        story_id: the story the groups belong to.
        extractions: one per distinct source (syndicated copies already removed by the caller).
        outlet_of: names the outlet of an article; defaults to ``default_outlet``.
        kinds: quote kinds to align (``Quote.kind``); direct and partial quotes by default.

    Returns:
        Groups carried by the most outlets first, then in order of first appearance. A group's ``text``
        is its longest wording, ``speaker`` the most frequent attribution (the fullest name among
        equals), and ``conflicting_speakers`` is set when members name incompatible speakers.
    """
    items: list[_Item] = []
    for extraction in extractions:
        article = extraction.article
        outlet = outlet_of(article)
        for quote in extraction.quotes:
            norm = _normalise(quote.text)
            if quote.kind not in kinds or not norm or quote.in_title:
                continue  # a headline quote repeats one of the text, whose offsets a SourceRef needs
            ref = source_ref(article, quote.start, quote.end, outlet, quote.text)
            speaker = _speaker_words(quote.speaker)
            items.append(
                _Item(len(items), quote, outlet, norm, norm.count(" ") + 1, ref, speaker, _blocking_keys(norm))
            )
    groups: list[list[_Item]] = []
    index: dict[str, set[int]] = {}  # blocking key -> groups with a member holding it
    for item in items:
        candidates = sorted({g for key in item.keys for g in index.get(key, ())})
        at = next((g for g in candidates if any(_same_quote(item, m) for m in groups[g])), None)
        if at is None:
            at = len(groups)
            groups.append([])
        groups[at].append(item)
        for key in item.keys:
            index.setdefault(key, set()).add(at)
    groups.sort(key=lambda g: (-len({m.outlet for m in g}), g[0].order))
    return [_group(story_id, g) for g in groups]


def _group(story_id: str, members: list[_Item]) -> QuoteGroup:
    names = [m.quote.speaker for m in members if m.quote.speaker]
    counts = Counter(names)
    speaker = max(counts, key=lambda n: (counts[n], len(n), n)) if counts else None
    if speaker is not None:  # the fullest name that agrees with the most frequent one
        speaker = max((n for n in counts if speakers_compatible(n, speaker)), key=lambda n: (len(n), n))
    conflicting = any(not speakers_compatible(a, b) for i, a in enumerate(names) for b in names[i + 1 :])
    text = max(members, key=lambda m: (m.n_words, -m.order)).quote.text
    key = "|".join(sorted(f"{m.ref.article_id}:{m.ref.start}" for m in members))
    digest = hashlib.sha1(f"{story_id}|{key}".encode()).hexdigest()[:12]
    return QuoteGroup(
        id=f"qg-{digest}",
        story_id=story_id,
        speaker=speaker,
        text=text,
        members=tuple((m.ref, m.quote.speaker) for m in members),
        conflicting_speakers=conflicting,
    )
