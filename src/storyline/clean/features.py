"""Features of each line of a plain-text scrape that tell article prose from page furniture on any site.

They are computed over every non-blank line of the page, those a pattern has named noise included (their
``pattern_kind`` is 1): a run of menu items is easier to tell with its "Home" and "Share" in it.

Nothing here names a site or a phrase of one: the features are the ones boilerplate-removal work has
found to hold across sites (Kohlschütter et al. 2010, jusText): length, share of stop words, sentence
punctuation, capitalisation, digits, URL- or hash-like tokens, caption and timestamp cues, repetition of
the same line in the page, position; then the same for the neighbouring lines and the density of prose
around the line, since an article is a contiguous run of paragraphs and menus come in runs of items.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence

from .rules import CAPTION_CUE, TIMESTAMP

_WORD = re.compile(r"\w+")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")
_SENTENCE_END = re.compile(r"[.!?。！？…]['\"”’»)\]]*\s*$")
_URLISH = re.compile(r"https?://|www\.|\b[\w-]+\.(?:com|org|net|co\.uk|io|gov)\b|@\w|\S+@\S+\.\w")
_HASHY = re.compile(r"\b(?=[0-9a-f]*\d)(?=[0-9a-f]*[a-f])[0-9a-f]{12,}\b|[A-Za-z0-9_-]{24,}")
_GLUED = re.compile(r"[a-z][A-Z][a-z]")  # "...SteakhouseA party of six": a teaser's headline glued to its text
_SEPARATOR = re.compile(r"[|•·»«►▶→]")
_BULLET = re.compile(r"^(?:[•\-*·▪►◦–—]\s|\d{1,2}[.)]\s|\(\w\)\s)")
_NUMBER_ONLY = re.compile(r"^[\W\d_]*\d[\W\d_]*[kKmM]?$")
_LABEL = re.compile(r"^[\w .'’-]{1,30}:\s")

#: Words per CJK character: Chinese and Japanese write no spaces, so a line's length in words is
#: estimated from its characters (about two characters a word).
CJK_CHARS_PER_WORD = 2.0
#: A line counts as prose for the density features from this many words and this share of stop words
#: (jusText's "good" paragraph needs ~10 words and a stop-word density of 0.30-0.32; lines of a plain
#: scrape are one paragraph each, and 0.2 keeps prose of languages with short stop-word lists).
PROSE_MIN_WORDS = 8
PROSE_MIN_STOPWORD_SHARE = 0.2
#: Neighbour offsets whose features are copied onto a line, and the windows (in lines, each side) over
#: which the share of the page's prose characters around a line is measured.
NEIGHBOURS = (-2, -1, 1, 2)
#: Lines of at most this many words count as "short" (menu items, buttons, labels) for the share of
#: short lines around a line: menus come in runs of them, articles seldom have more than one in a row.
SHORT_LINE_WORDS = 3
DENSITY_WINDOWS = (3, 10, 25)

LINE_FEATURES = (
    "log_chars", "log_words", "stopword_share", "stopword_mass", "sentence_end", "starts_lower",
    "title_case_share", "digit_share", "url_like", "hash_like", "glued_words", "separators", "caption_cue",
    "timestamp", "pattern_kind", "repeated", "position", "very_short", "cjk", "commas_per_word", "all_caps",
    "bullet", "number_only", "headline_like", "label_colon", "lowercase_word_share", "symbol_share",
)
_NEIGHBOUR_FEATURES = ("log_words", "stopword_share", "stopword_mass", "sentence_end", "title_case_share",
                       "pattern_kind")
_NEIGHBOUR_INDEX = tuple(LINE_FEATURES.index(name) for name in _NEIGHBOUR_FEATURES)
FEATURE_NAMES = (
    *LINE_FEATURES,
    *(f"{name}@{offset:+d}" for offset in NEIGHBOURS for name in _NEIGHBOUR_FEATURES),
    *(f"prose_density_{window}" for window in DENSITY_WINDOWS),
    *(f"short_line_share_{window}" for window in DENSITY_WINDOWS),
    "log_length_vs_median", "length_step_before", "length_step_after",
)


def _line_features(text: str, stop: frozenset[str], pattern: bool, repeated: bool, position: float) -> list[float]:
    words = _WORD.findall(text)
    cjk = len(_CJK.findall(text))
    n_words = max(len(words), cjk / CJK_CHARS_PER_WORD)
    lower = [w.lower() for w in words]
    stop_share = sum(w in stop for w in lower) / len(lower) if lower else 0.0
    alpha = [w for w in words if w[:1].isalpha()]
    long_words = [w for w in alpha if len(w) > 3]
    title_share = sum(w[0].isupper() for w in long_words) / len(long_words) if long_words else 0.0
    ends = bool(_SENTENCE_END.search(text))
    return [
        math.log1p(len(text)),
        math.log1p(n_words),
        stop_share,
        stop_share * math.log1p(n_words),
        float(ends),
        float(text[:1].islower()),
        title_share,
        sum(c.isdigit() for c in text) / max(1, len(text)),
        float(bool(_URLISH.search(text))),
        float(bool(_HASHY.search(text))),
        float(bool(_GLUED.search(text))),
        float(bool(_SEPARATOR.search(text))),
        float(bool(CAPTION_CUE.search(text))),
        float(bool(TIMESTAMP.match(text))),
        float(pattern),
        float(repeated),
        position,
        float(n_words <= 3),
        float(cjk > 0),
        text.count(",") / max(1.0, n_words),
        float(text.isupper() and len(text) > 3),
        float(bool(_BULLET.match(text))),
        float(bool(_NUMBER_ONLY.match(text))),
        float(title_share >= 0.7 and n_words >= 4 and not ends),
        float(bool(_LABEL.match(text))),
        sum(w[0].islower() for w in alpha) / len(alpha) if alpha else 0.0,
        sum(not (c.isalnum() or c.isspace()) for c in text) / max(1, len(text)),
    ]


#: A sentence: at least this many words, sentence-final punctuation, mostly lower-case words, no pattern.
SENTENCE_MIN_WORDS = 8
SENTENCE_MAX_TITLE_SHARE = 0.5
#: A long sentence full of names and titles ("The United States …, Pentagon Deputy Press Secretary Sabrina
#: Singh said on Nov. 25.") is prose too when its function words say so: at least this many words, this
#: share of stop words (a title-case headline has few: "No Sign Troops Are Moving Into Ukraine, Pentagon
#: Says."), and a title-case share under the upper bound.
NAMED_SENTENCE_MIN_WORDS = 20
NAMED_SENTENCE_MIN_STOP_SHARE = 0.35
NAMED_SENTENCE_MAX_TITLE_SHARE = 0.75
_AT = {name: i for i, name in enumerate(LINE_FEATURES)}


def is_sentence(row: Sequence[float], *, named: bool = False) -> bool:
    """Whether the line a feature row describes reads as a sentence of prose; with ``named``, a long
    sentence full of names and titles counts too (for a lead: below an article such sentences are author
    bios, "Ann Lee is a freelance writer based in …")."""
    if not (row[_AT["log_words"]] >= math.log1p(SENTENCE_MIN_WORDS) and row[_AT["sentence_end"]] == 1.0
            and row[_AT["pattern_kind"]] == 0.0):
        return False
    title = row[_AT["title_case_share"]]
    return title < SENTENCE_MAX_TITLE_SHARE or named and (
        title < NAMED_SENTENCE_MAX_TITLE_SHARE and row[_AT["stopword_share"]] >= NAMED_SENTENCE_MIN_STOP_SHARE
        and row[_AT["log_words"]] >= math.log1p(NAMED_SENTENCE_MIN_WORDS))


def page_features(lines: Sequence[str], stop: frozenset[str], patterns: Sequence[bool]) -> list[list[float]]:
    """One feature vector (ordered as FEATURE_NAMES) per line of one page.

    Args:
        lines: the page's non-blank lines, stripped.
        stop: stop words of the page's language.
        patterns: for each line, whether a pattern or caption block already named it noise.
    """
    n = len(lines)
    if not n:
        return []
    counts = Counter(lines)
    base = [_line_features(text, stop, pattern, counts[text] > 1, i / max(1, n - 1))
            for i, (text, pattern) in enumerate(zip(lines, patterns, strict=True))]
    words_at, share_at = LINE_FEATURES.index("log_words"), LINE_FEATURES.index("stopword_share")
    prose_chars = [len(text) if row[share_at] >= PROSE_MIN_STOPWORD_SHARE and row[words_at] > math.log1p(
        PROSE_MIN_WORDS) else 0 for text, row in zip(lines, base, strict=True)]
    total_prose = sum(prose_chars) or 1
    prefix = [0]
    for chars in prose_chars:
        prefix.append(prefix[-1] + chars)
    short_prefix = [0]
    for row in base:
        short_prefix.append(short_prefix[-1] + int(row[words_at] <= math.log1p(SHORT_LINE_WORDS)))
    median_chars = sorted(len(text) for text in lines)[n // 2]
    empty = [0.0] * len(_NEIGHBOUR_INDEX)
    rows = []
    for i, row in enumerate(base):
        context: list[float] = []
        for offset in NEIGHBOURS:
            j = i + offset
            context += [base[j][k] for k in _NEIGHBOUR_INDEX] if 0 <= j < n else empty
        density = [(prefix[min(n, i + w + 1)] - prefix[max(0, i - w)]) / total_prose for w in DENSITY_WINDOWS]
        short = [(short_prefix[min(n, i + w + 1)] - short_prefix[max(0, i - w)]) / (min(n, i + w + 1) - max(0, i - w))
                 for w in DENSITY_WINDOWS]
        before = row[0] - base[i - 1][0] if i else 0.0
        after = row[0] - base[i + 1][0] if i + 1 < n else 0.0
        rows.append(row + context + density + short + [row[0] - math.log1p(median_chars), before, after])
    return rows
