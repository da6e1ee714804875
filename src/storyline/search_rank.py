"""One relevance score for search hits of every kind, and one hit per sentence.

FTS5's bm25 scores are per index: a score from ``quotes_fts`` cannot be compared with one from
``articles_fts`` (each has its own document counts and lengths), and a word found in more than half an
index's rows scores about 0 there. So the candidates each index returns are scored again here, all alike:
every candidate is a **unit**, a sentence-sized text (the sentence of an article that matched, a quote, a
claim's sentence) with a heading (the article's headline, the quote's speaker, the claim's subject), and
each unit gets a BM25F score over the query's terms:

    score = sum over terms t of  idf(t) * tf / (tf + K1) * (K1 + 1)
    tf    = HEADING_WEIGHT[kind] * (matches of t in the heading) + (matches of t in the text) / norm
    norm  = 1 - B + B * (words in the text) / AVERAGE_UNIT_WORDS

with ``idf(t) = ln(1 + (N - n + 0.5) / (n + 0.5))`` over the N stored articles, n of which contain t (the
same for every kind, so the scores compare; this form never goes negative, so a word in every article
still counts a little). Term matches are counted by SQLite itself, with the store's tokenizer, in an
in-memory FTS5 table of the units: stemming, prefixes and phrases match exactly as in the store's index.

Then units that are one sentence become one hit: units of one article whose spans overlap (an article's
matching sentence, a quote in it, a claim of it), and units of different articles with the same words
(a syndicated copy, a sentence two outlets share), which are listed as ``also`` on the hit that stays.
"""

from __future__ import annotations

import math
import re
import sqlite3
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field

#: BM25's term-frequency saturation and length normalisation, at the values FTS5's own bm25() uses.
K1 = 1.2
B = 0.75
#: Words in an average unit: a news sentence (wire style averages 20-25 words a sentence).
AVERAGE_UNIT_WORDS = 25.0
#: A unit shorter than this counts as this long: a quoted fragment ("to evacuate") is not more relevant for
#: being short, and without a floor length normalisation would rank it above whole sentences.
MIN_UNIT_WORDS = 12.0
#: Weight of a match in a unit's heading against one in its text: a word of an article's headline says
#: more about the article than one of its body (3x, the usual order of title boosts in search engines); a
#: query naming a quote's speaker or a claim's subject is about that quote or claim (2x).
HEADING_WEIGHT = {"article": 3.0, "quote": 2.0, "claim": 2.0}
#: Which kind stays when units of one sentence score the same: a quote names its speaker, a claim its figure
#: (first for a query with a number), an article hit only the sentence.
PREFERENCE = ("quote", "claim", "article")
NUMERIC_PREFERENCE = ("claim", "quote", "article")
#: Units of different articles merge only when their text has at least this many words: short texts ("Thank
#: you.", "No.") are said by different people about different things.
SAME_TEXT_MIN_WORDS = 6
#: Words of a unit's text shown in a snippet: a sentence (20-25 words) is shown whole; a long quote is cut
#: around its first match.
SNIPPET_WORDS = 40
#: Characters a sentence found by punctuation may span before it is cut around the match (a list or a table
#: scraped without full stops would otherwise be one "sentence").
SENTENCE_MAX_CHARS = 600
#: Articles counted at most for one term's document frequency: beyond that the idf is near 0 anyway, and
#: counting every row of a very common word in a large store would cost more than the search.
DF_SCAN_CAP = 20_000

# Sentence ends: a full stop, question or exclamation mark (closing quotes or brackets after it), then space
# and what starts a sentence; or a line break. Abbreviations that end in a full stop are not ends.
_END = re.compile(r"[.!?…][\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9À-Ý])|\n+")
_ABBREVIATION = re.compile(
    r"(?:\b[A-Z]|\b(?:Mr|Mrs|Ms|Dr|Gen|Lt|Col|Sgt|Capt|Gov|Sen|Rep|St|Jr|Sr|Prof|Rev|No|Nos|Vol|Jan|Feb|Aug|"
    r"Sept|Sep|Oct|Nov|Dec|vs|etc|Inc|Ltd|Co|Corp|Mt|Ft|Gen|Adm|Maj|Pres|Supt))\.[\"'”’)\]]*\s+$"
)
_WORDS = re.compile(r"\w+")
_OPEN, _CLOSE = "\ufdd0", "\ufdd1"  # noncharacters: never in interchanged text
_MARKED = re.compile(f"{_OPEN}(.*?){_CLOSE}", re.DOTALL)


@dataclass
class Unit:
    """A candidate hit: what is scored (heading, text) and what the hit shows and links to.

    ``start``/``end`` is the span the hit links to; ``sentence`` the span of the article it covers (None for
    a headline-only match), by which units of one article are merged.
    """

    kind: str
    article_id: str
    heading: str
    text: str
    start: int | None
    end: int | None
    sentence: tuple[int, int] | None
    info: dict[str, object] = field(default_factory=dict)
    score: float = 0.0
    text_marks: list[tuple[int, int]] = field(default_factory=list)
    heading_marks: list[tuple[int, int]] = field(default_factory=list)
    also: list[str] = field(default_factory=list)  # article ids of the units merged into this one


def sentence_span(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence of ``text`` around ``start:end`` (from the start of the sentence holding ``start`` to the
    end of the one holding ``end``), found by punctuation; cut to SENTENCE_MAX_CHARS around the span."""
    window = SENTENCE_MAX_CHARS
    left_from = max(0, start - window)
    left = left_from
    for m in _END.finditer(text, left_from, start):
        if not _ABBREVIATION.search(text, max(0, m.start() - 12), m.end()):
            left = m.end()
    if left == left_from and left_from > 0:
        left = _word_start(text, left_from)
    right = min(len(text), end + window)
    for m in _END.finditer(text, end, right):
        if not _ABBREVIATION.search(text, max(0, m.start() - 12), m.end()):
            right = m.start() + len(m.group(0).rstrip())
            break
    else:
        right = _word_end(text, right)
    right = max(right, end)
    while right > left and text[right - 1].isspace():
        right -= 1
    while left < start and text[left].isspace():
        left += 1
    return left, right


def _word_start(text: str, i: int) -> int:
    while i < len(text) and not text[i].isspace():
        i += 1
    return i


def _word_end(text: str, i: int) -> int:
    while i > 0 and i < len(text) and not text[i - 1].isspace():
        i -= 1
    return i


def same_text_key(text: str) -> str:
    """The words of a text, folded (case, accents, punctuation), for telling two copies of a sentence."""
    folded = text.lower()
    if not folded.isascii():
        folded = "".join(c for c in unicodedata.normalize("NFKD", folded) if not unicodedata.combining(c))
    return " ".join(_WORDS.findall(folded))


def _marks(highlighted: str) -> list[tuple[int, int]]:
    """Spans of the marked runs of a highlight() output, as offsets into the unmarked text."""
    spans, removed = [], 0
    for m in _MARKED.finditer(highlighted):
        start = m.start() - removed
        spans.append((start, start + len(m.group(1))))
        removed += 2
    return spans


def _union(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def score_units(units: Sequence[Unit], terms: Sequence[str], idf: dict[str, float], tokenizer: str) -> None:
    """Give every unit its score and its marks (the matched words of its heading and text), in place.

    Args:
        units: the candidates.
        terms: standalone FTS5 expressions, one per term of the query.
        idf: each term's inverse document frequency.
        tokenizer: the store's FTS5 tokenizer options, so that matching is the index's own.
    """
    if not units:
        return
    conn = sqlite3.connect(":memory:")
    try:
        conn.execute(f"CREATE VIRTUAL TABLE u USING fts5(heading, text, tokenize = {tokenizer})")
        conn.executemany(
            "INSERT INTO u (rowid, heading, text) VALUES (?, ?, ?)",
            ((i, u.heading, u.text) for i, u in enumerate(units)),
        )
        lengths = [max(MIN_UNIT_WORDS, len(_WORDS.findall(u.text))) for u in units]
        tf: dict[int, dict[str, float]] = {}
        for term in terms:
            try:
                rows = conn.execute(
                    "SELECT rowid, highlight(u, 0, ?, ?), highlight(u, 1, ?, ?) FROM u WHERE u MATCH ?",
                    (_OPEN, _CLOSE, _OPEN, _CLOSE, term),
                ).fetchall()
            except sqlite3.Error:
                continue  # a term FTS5 reads differently alone (it parsed within the whole query): not scored
            for rowid, heading, text in rows:
                unit = units[rowid]
                in_heading, in_text = _marks(heading), _marks(text)
                unit.heading_marks += in_heading
                unit.text_marks += in_text
                norm = 1 - B + B * lengths[rowid] / AVERAGE_UNIT_WORDS
                tf.setdefault(rowid, {})[term] = HEADING_WEIGHT[unit.kind] * len(in_heading) + len(in_text) / norm
    finally:
        conn.close()
    for i, unit in enumerate(units):
        counts = tf.get(i, {})
        unit.score = sum(idf.get(t, 0.0) * f * (K1 + 1) / (f + K1) for t, f in counts.items() if f > 0)
        unit.heading_marks = _union(unit.heading_marks)
        unit.text_marks = _union(unit.text_marks)


def inverse_document_frequency(matching: int, total: int) -> float:
    """``ln(1 + (N - n + 0.5) / (n + 0.5))``: high for a rare term, small but positive for one in every article."""
    matching = min(matching, total)
    return math.log(1 + (total - matching + 0.5) / (matching + 0.5))


def _order(unit: Unit, preference: Sequence[str]) -> tuple[float, int, str, str, int]:
    published = str(unit.info.get("published") or "")
    return (-unit.score, preference.index(unit.kind), _negated(published), unit.article_id, unit.start or -1)


def _negated(day: str) -> str:
    """An ISO date sorting newest first (undated last)."""
    return "".join(chr(0x7E - ord(c) + 0x20) if c.isdigit() else c for c in day) if day else "\x7f"


def one_per_sentence(units: Sequence[Unit], *, numeric: bool = False) -> list[Unit]:
    """The units, best first, one per sentence: of units that cover one sentence, the best stays.

    Units of one article whose sentences overlap are one sentence; units of different articles with the
    same words (at least SAME_TEXT_MIN_WORDS) are one sentence too, and the one that stays lists the
    other articles in ``also``.
    """
    preference = NUMERIC_PREFERENCE if numeric else PREFERENCE
    kept: list[Unit] = []
    by_article: dict[str, list[Unit]] = {}
    by_text: dict[str, Unit] = {}
    for unit in sorted(units, key=lambda u: _order(u, preference)):
        shown = unit.text or unit.heading
        key = same_text_key(shown)
        twin = by_text.get(key) if len(key.split()) >= SAME_TEXT_MIN_WORDS else None
        if any(_overlap(unit, other) for other in by_article.get(unit.article_id, ())):
            continue
        by_article.setdefault(unit.article_id, []).append(unit)  # its sentence is taken, here or by its twin
        if twin is not None:
            if unit.article_id != twin.article_id and unit.article_id not in twin.also:
                twin.also.append(unit.article_id)
            continue
        kept.append(unit)
        by_text.setdefault(key, unit)
    return kept


def _overlap(a: Unit, b: Unit) -> bool:
    if a.sentence is None or b.sentence is None:
        return a.sentence is None and b.sentence is None  # two headline-only units of one article
    return a.sentence[0] < b.sentence[1] and b.sentence[0] < a.sentence[1]


def snippet_window(text: str, marks: list[tuple[int, int]]) -> tuple[int, int]:
    """The part of ``text`` a snippet shows: all of it when short, else SNIPPET_WORDS words from a little
    before the first match."""
    words = list(_WORDS.finditer(text))
    if len(words) <= SNIPPET_WORDS:
        return 0, len(text)
    first = marks[0][0] if marks else 0
    at = next((i for i, w in enumerate(words) if w.end() > first), 0)
    lead = SNIPPET_WORDS // 4
    begin = max(0, min(at - lead, len(words) - SNIPPET_WORDS))
    last = min(len(words), begin + SNIPPET_WORDS) - 1
    start = 0 if begin == 0 else words[begin].start()
    end = len(text) if last == len(words) - 1 else words[last].end()
    return start, end
