"""The story's timeline, and statements across its sources that contradict each other.

Both read a story sentence by sentence (a rule-based splitter over ``Article.text``; no spaCy here).

**Timeline** (:func:`build_timeline`): a sentence with a resolved time (``TimeRef`` of day, week, month
or year granularity) is a dated event. Per sentence one time is chosen: the first day-level time that
names when something happened - not a range end ("since Tuesday"), not a noun modifier ("Tuesday's
failure"), not inside a direct quote, not the current week/month/year ("this year" dates nothing).
Events of several outlets with the same dates and similar sentences (shared content words, event verbs
folded to one class: "killing"/"died" -> killed) are merged; each keeps all its sources.

**Contradictions** (:func:`find_contradictions`): (1) every contradicted ClaimGroup gives one record per
pair of incompatible figures ("three" vs "at least seven" people killed); (2) a negated statement and
an affirmative one with the same predicate and a shared object word ("had not yet engaged in
full-fledged combat" / "had already engaged in combat") are flagged. What rules cannot see, and is not
attempted: antonyms ("rose"/"fell", "confirmed"/"denied"), paraphrase ("fought" / "engaged in combat"),
and whether the two subjects are the same group; no offline NLI model exists to do better (see
``docs/hedges.md``).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..model import Article, ClaimGroup, ClaimMember, Contradiction, Extraction, SourceRef, TimelineEvent, TimeRef
from .claims import (
    EVENT_WORDS,
    STOPWORDS,
    TIME_ANCHORS,
    TIME_WORDS,
    OutletOf,
    content_words,
    default_outlet,
    fold,
    source_ref,
    stem,
    words,
)
from .hedges import figures_of

#: TimeRef granularities that date an event; decades ("the 1970s") are too coarse to order a story.
TIMELINE_GRANULARITIES = ("day", "week", "month", "year")
#: Two same-date sentences are one event when their content words have a Jaccard similarity of at
#: least EVENT_MERGE_JACCARD, or when they name the same event class (killed, missing, evacuated...) and
#: share at least EVENT_MERGE_OVERLAP of the smaller sentence's words. Measured on the demo corpus
#: (cross-outlet, same-date pairs): reports of one event scored Jaccard 0.34-0.40 ("Police went door to
#: door in Cantemir on Wednesday night" / "The flood wave ... reached this town on Wednesday night,
#: forcing police to clear the streets") or shared the event with overlap 0.36-0.52 ("At least seven
#: people died when the dam collapsed on Tuesday" / "At least three people were killed when the dam
#: gave way early on Tuesday"); different events of one day reached Jaccard 0.30 (two sentences naming
#: the same company) and, with a shared event class, overlap 0.32.
EVENT_MERGE_JACCARD = 0.33
EVENT_MERGE_OVERLAP = 0.35
#: Smallest denominator of the sentence overlap, so two short sentences sharing one word do not merge.
MIN_SENTENCE_WORDS = 4
#: Content words after a predicate that count as its object ("engaged in full-fledged combat").
OBJECT_WINDOW = 6

#: Abbreviations whose full stop does not end a sentence (AP style titles, months, common Latin).
ABBREVIATIONS = frozenset(
    """
    mr mrs ms dr prof gen lt col maj capt sgt cpl rep sen gov pres st jr sr co corp inc ltd no vs etc
    jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thur thurs fri sat sun
    approx est dept univ ave
    """.split()
)

#: Words that may sit between a negation and its predicate ("have not yet fully engaged").
NEGATION_SKIP = frozenset(
    "yet already ever fully really actually been be being have has had to even directly formally "
    "officially so far once always entirely completely formally publicly still".split()
)
#: Light and reporting verbs: "not be", "not have", "did not say" negate too little to compare.
LIGHT_VERBS = frozenset(
    """
    be is are was were been being have has had do does did make makes made take takes took get gets got
    go goes went come comes came say says said tell told know knows knew want wants wanted expect
    expects expected see sees saw think thinks thought seem seems seemed need needs needed let lets
    """.split()
)

_SENTENCE_END = re.compile(r"[.!?]+[\"”’')\]]*\s+|\n\s*")
_NEGATION = frozenset({"not", "never"})


# --- sentences ----------------------------------------------------------------------------------------


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Sentence ranges of a clean article text.

    A sentence ends at a line break, or at ``.``/``!``/``?`` (with closing quotes) followed by
    whitespace and a capital, digit or opening quote, unless the word before the stop is an
    abbreviation (:data:`ABBREVIATIONS`) or an initial ("J. Smith", "U.S.").

    Args:
        text: an article's clean text.

    Returns:
        ``(start, end)`` offsets of each non-blank sentence, leading/trailing spaces excluded.
    """
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        if "\n" not in m.group():
            nxt = text[m.end() : m.end() + 1]
            before = re.search(r"(\w+)\W*$", text[max(start, m.start() - 12) : m.start() + 1])
            word = before.group(1) if before else ""
            if not (nxt.isupper() or nxt.isdigit() or nxt in "\"“‘'("):
                continue
            if text[m.start()] == "." and (fold(word) in ABBREVIATIONS or (len(word) == 1 and word.isupper())):
                continue
        _push(text, start, m.end(), spans)
        start = m.end()
    _push(text, start, len(text), spans)
    return spans


def _push(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    chunk = text[start:end]
    if chunk.strip():
        lead = len(chunk) - len(chunk.lstrip())
        spans.append((start + lead, start + len(chunk.rstrip())))


def _sentence_at(spans: list[tuple[int, int]], pos: int) -> tuple[int, int] | None:
    return next(((a, b) for a, b in spans if a <= pos < b), None)


# --- timeline -----------------------------------------------------------------------------------------


@dataclass
class _Dated:
    order: int
    time: TimeRef
    start: dt.date
    end: dt.date
    ref: SourceRef
    features: frozenset[str]


def _features(sentence: str) -> frozenset[str]:
    """Content words with event verbs folded to their class ("killing", "died" -> event:killed)."""
    events = {f"event:{EVENT_WORDS[w]}" for w in words(sentence) if w in EVENT_WORDS}
    return content_words(sentence, drop=EVENT_WORDS) | events


def _similarity(a: frozenset[str], b: frozenset[str]) -> float:
    """Jaccard similarity of two feature sets (0 for two empty sets)."""
    return len(a & b) / len(a | b) if a | b else 0.0


def _same_event(a: frozenset[str], b: frozenset[str]) -> bool:
    """Whether two same-date sentences report one event (see EVENT_MERGE_JACCARD)."""
    if _similarity(a, b) >= EVENT_MERGE_JACCARD:
        return True
    shared = a & b
    if not any(f.startswith("event:") for f in shared):
        return False
    return len(shared) / max(MIN_SENTENCE_WORDS, min(len(a), len(b))) >= EVENT_MERGE_OVERLAP


def _event_time(times: list[TimeRef], article: Article, quoted: list[tuple[int, int]]) -> TimeRef | None:
    """The time that dates a sentence (see the module docstring), or None."""
    usable = []
    for t in times:
        if t.start_date is None or t.granularity not in TIMELINE_GRANULARITIES:
            continue
        if any(a <= t.start < b for a, b in quoted):
            continue
        before = words(article.text[max(0, t.start - 12) : t.start])
        if before and before[-1] in TIME_ANCHORS:
            continue
        end = t.end_date or t.start_date
        current = article.published is not None and t.start_date <= article.published <= end
        if t.granularity != "day" and current:
            continue
        possessive = bool(re.match(r"['’]s\b", article.text[t.end : t.end + 3]))
        usable.append((possessive, t.granularity != "day", t.start, t))
    return min(usable, key=lambda u: u[:3])[3] if usable else None


def _dated_sentences(extractions: Sequence[Extraction], outlet_of: OutletOf) -> list[_Dated]:
    dated: list[_Dated] = []
    for extraction in extractions:
        article = extraction.article
        if not extraction.times:
            continue
        outlet = outlet_of(article)
        spans = sentence_spans(article.text)
        quoted = [(q.start, q.end) for q in extraction.quotes if q.kind in ("direct", "partial") and not q.in_title]
        by_sentence: dict[tuple[int, int], list[TimeRef]] = {}
        for t in extraction.times:
            span = _sentence_at(spans, t.start)
            if span is not None:
                by_sentence.setdefault(span, []).append(t)
        for (a, b), times in sorted(by_sentence.items()):
            chosen = _event_time(times, article, quoted)
            if chosen is None or chosen.start_date is None:
                continue
            end = chosen.end_date or chosen.start_date
            text = article.text[a:b]
            ref = source_ref(article, a, b, outlet, text)
            dated.append(_Dated(len(dated), chosen, chosen.start_date, end, ref, _features(text)))
    return dated


def build_timeline(
    story_id: str, extractions: Sequence[Extraction], *, outlet_of: OutletOf = default_outlet
) -> list[TimelineEvent]:
    """The dated events of a story, merged across outlets and ordered by date.

    Args:
        story_id: the story the events belong to.
        extractions: one per distinct source; their ``times`` must be resolved (undated articles give
            no events).
        outlet_of: names the outlet of an article; defaults to ``default_outlet``.

    Returns:
        Events ordered by start date, end date, then first appearance. Each event's ``text`` is the
        sentence most like the others of its sources, and ``sources`` cite every sentence merged in.
    """
    events: list[list[_Dated]] = []
    same_dates: dict[tuple[dt.date, dt.date], list[list[_Dated]]] = {}  # only same-date sentences merge
    for item in sorted(_dated_sentences(extractions, outlet_of), key=lambda d: (d.start, d.end, d.order)):
        candidates = same_dates.setdefault((item.start, item.end), [])
        target = next((e for e in candidates if any(_same_event(item.features, m.features) for m in e)), None)
        if target is None:
            events.append([item])
            candidates.append(events[-1])
        else:
            target.append(item)
    out = []
    for members in events:
        medoid = max(members, key=lambda m: (sum(_similarity(m.features, o.features) for o in members), -m.order))
        out.append(
            TimelineEvent(
                story_id=story_id,
                start=members[0].start,
                end=members[0].end,
                granularity=members[0].time.granularity or "day",
                text=medoid.ref.text,
                sources=tuple(m.ref for m in members),
            )
        )
    return out


# --- contradictions -----------------------------------------------------------------------------------


def find_contradictions(
    story_id: str,
    extractions: Sequence[Extraction],
    claim_groups: Sequence[ClaimGroup],
    *,
    outlet_of: OutletOf = default_outlet,
) -> list[Contradiction]:
    """Statements of a story's sources that cannot both be true.

    Args:
        story_id: the story.
        extractions: one per distinct source.
        claim_groups: the story's groups from ``align_claims``; each contradicted group gives one record
            per pair of incompatible figures.
        outlet_of: names the outlet of an article; defaults to ``default_outlet``.

    Returns:
        Numeric contradictions first (in group order), then negation contradictions (in text order).
    """
    found = [c for g in claim_groups if g.status == "contradicted" for c in _numeric(story_id, g)]
    found.extend(_negations(story_id, extractions, outlet_of))
    return found


def _numeric(story_id: str, group: ClaimGroup) -> list[Contradiction]:
    figures = figures_of(group.members)
    out = []
    for i, first in enumerate(figures):
        for second in figures[i + 1 :]:
            a = first[0]
            b = next((m for m in second if m.source.outlet != a.source.outlet), second[0])
            when = a.as_of or b.as_of
            out.append(
                Contradiction(
                    story_id=story_id,
                    topic=group.subject,
                    first=a.source,
                    second=b.source,
                    reason=f"{_figure(a)} vs {_figure(b)} {group.unit}".rstrip()
                    + (f" for {when.isoformat()}" if when else ""),
                )
            )
    return out


def _figure(member: ClaimMember) -> str:
    return f'"{member.quantity}"'


@dataclass
class _Statement:
    order: int
    ref: SourceRef
    tokens: list[str]


def _tokens(sentence: str) -> list[str]:
    """Folded words with "n't" and "cannot" split into "not" ("hasn't" -> "has", "not")."""
    text = re.sub(r"\bcannot\b", "can not", fold(sentence))
    text = re.sub(r"n't\b", " not", text)
    return re.findall(r"[a-z][a-z'-]*|[,;:()—–\"“”]", text)


def _verb_key(word: str) -> str:
    """A crude verb stem so "engaged", "engage", "engages", "engaging" meet."""
    for suffix in ("ing", "ed", "es", "s", "e"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def _objects(tokens: list[str], k: int) -> set[str]:
    tail = []
    for w in tokens[k + 1 : k + 1 + OBJECT_WINDOW]:
        if not w[0].isalpha():
            break  # the object phrase ends at punctuation ("left low-lying streets in Cantemir, a town")
        tail.append(w)
    return {stem(w) for w in tail if w not in STOPWORDS and w not in TIME_WORDS and w not in _NEGATION}


def _negated_predicates(tokens: list[str]) -> list[int]:
    """Indexes of predicates under a negation ("not yet engaged" -> index of "engaged")."""
    out = []
    for i, w in enumerate(tokens):
        negated = w in _NEGATION or (w == "yet" and i + 1 < len(tokens) and tokens[i + 1] == "to")
        if not negated:
            continue
        j = i + 1
        while j < len(tokens) and tokens[j] in NEGATION_SKIP:
            j += 1
        predicate = tokens[j] if j < len(tokens) else ""
        if len(predicate) > 2 and predicate[0].isalpha() and predicate not in STOPWORDS | LIGHT_VERBS:
            out.append(j)
    return out


def _negations(story_id: str, extractions: Sequence[Extraction], outlet_of: OutletOf) -> list[Contradiction]:
    statements: list[_Statement] = []
    for extraction in extractions:
        article = extraction.article
        outlet = outlet_of(article)
        for a, b in sentence_spans(article.text):
            text = article.text[a:b]
            statements.append(_Statement(len(statements), source_ref(article, a, b, outlet, text), _tokens(text)))
    affirmed: dict[str, list[tuple[_Statement, int]]] = {}
    for s in statements:
        for k, w in enumerate(s.tokens):
            if (
                len(w) > 2
                and w[0].isalpha()
                and w not in STOPWORDS
                and not _NEGATION & set(s.tokens[max(0, k - 3) : k])
            ):
                affirmed.setdefault(_verb_key(w), []).append((s, k))
    out: list[Contradiction] = []
    seen: set[tuple[int, int]] = set()
    for neg in statements:
        for j in _negated_predicates(neg.tokens):
            objects = _objects(neg.tokens, j)
            for pos, k in affirmed.get(_verb_key(neg.tokens[j]), []):
                shared = objects & _objects(pos.tokens, k)
                if pos is neg or not shared or (pos.order, neg.order) in seen:
                    continue
                seen.add((pos.order, neg.order))
                predicate = neg.tokens[j]
                out.append(
                    Contradiction(
                        story_id=story_id,
                        topic=f"{predicate} ... {' '.join(sorted(shared))}",
                        first=pos.ref,
                        second=neg.ref,
                        reason=f'negation: one source states "{pos.tokens[k]}", the other "not {predicate}"',
                    )
                )
    return out
