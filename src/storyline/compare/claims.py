"""Numeric claims aligned across the outlets of one story: :func:`align_claims` -> ClaimGroups.

How a claim is read (no spaCy here: only the Claim records, their sentences and the Place/TimeRef
records the caller passes in each Extraction):

1. **Clause** - the claim's sentence is cut into clauses at punctuation (", ", ";", "—", parentheses,
   quote marks) and before clause words ("when", "after", "who", "that", ...); two claims left in one
   clause are cut apart at the last "and"/"or"/"but" between them. A clause that only compares
   ("down from a dozen on Tuesday") borrows the clause before it.
2. **Frame** (``frames.py``) - what the claim counts: the counted class, the owner (demonyms of the
   subject), one event label read off the clause ("killing", "died", "death toll" -> killed; "killed or
   wounded", "casualties" -> killed or wounded; "unaccounted" -> missing), part words ("first
   contingent", "officers", "critically") and the venue. This keeps "3 dead", "3 injured" and "30
   killed or wounded" apart and brings "three people were killed" and "the death toll stayed at three"
   together; claims that count nothing (no counted noun and no event) are not compared at all.
3. **Features** - unit (plural-agnostic, with :data:`UNIT_CLASSES`: residents = people), the clause's
   content words, its places (the sentence's when the clause names none), whether the figure is a part
   ("seven of the nine") or an increment ("four more victims"), and the date it holds for: a day-level
   time in the clause, else in the sentence (not "since Tuesday", not "Tuesday's"), else publication.
4. **Subject clusters** - in date order (undated claims last, the most reported figures among them
   first), claims join the best-scoring cluster whose every member is compatible (same
   kind, unit, part/increment flags, compatible frames, no conflicting country, a local place never
   with its country's figure of the same day, dates within :data:`MAX_UPDATE_GAP_DAYS`); score = word overlap +
   :data:`EVENT_MATCH_SCORE` for a shared event + :data:`COUNTED_MATCH_SCORE` for the same specific
   counted noun + :data:`VALUE_MATCH_BONUS` (:data:`SAME_FIGURE_SCORE` with the same counted class) for
   the same specific figure. When several clusters qualify, one whose figures agree with the claim wins
   (an ambiguous subject resolves toward agreement). A cluster is one frame's **series**: its groups
   share ``ClaimGroup.series``.
5. **Figures and statuses** - inside a cluster, claims whose hedged intervals (``hedges.py``) share a
   common range form a figure. Two incompatible figures of one subject are an **update** when the later
   one starts after the earlier one's last explicitly dated report, else a **contradiction**; a figure
   of unknown date is neither (its period is unknown: it stays a group of the series), except that of
   two undated figures one stated as a tally's rise ("the toll has risen to 130") updates a lower one.
   Contradicting figures form one ``contradicted`` group (no consensus range); each other figure is a
   group, ``corroborated`` (two or more outlets) or ``unique``. A group that supersedes earlier ones
   keeps its status and lists their ids in ``updates`` (see ``docs/hedges.md``).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import hashlib
import logging
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from urllib.parse import urlparse

from ..extract import lexicons as lx
from ..model import Article, Claim, ClaimGroup, ClaimMember, Extraction, Place, SourceRef, TimeRef
from .frames import (
    EVENT_WORDS,
    ON_BOARD_COUNTED,
    VENUE_LABELS,
    VENUE_NOUNS,
    ClaimFrame,
    aboard,
    cited_for,
    combined,
    countable,
    event_label,
    owner_of,
    part_of,
    projected,
    severity,
    stands_for,
)
from .hedges import Interval, compatible, figure_interval, hedge_interval, intersect, split_figures
from .units import UNIT_SCALES, base_unit, in_base_unit, scale

__all__ = ["EVENT_WORDS", "UNIT_CLASSES", "align_claims", "content_words", "default_outlet", "fold", "words"]

log = logging.getLogger(__name__)

OutletOf = Callable[[Article], str]

# --- tuning constants ---------------------------------------------------------------------------------

#: A place scopes the figures of its whole sentence when the sentence opens with it: a preposition and
#: at most two more words before it ("In Pakistan, ...", "Across northern Italy, ...").
OPENING_PLACE_WORDS = 3
#: Two reports of one figure for one period differ by a few times at most when outlets disagree (129 vs
#: 132 dead, 3 vs 7, 3,000 vs 4,000 casualties, 10,000 vs 12,000 troops); figures of one frame this many
#: times apart for one period count two different wholes (a country's army and the contingent it sent, a
#: nation's toll and a town's), so they are never one figure's reports nor a contradiction. Figures of
#: two different days may grow by any factor (a toll rising from 3 to 300 is an update).
SCALE_APART = 10.0
#: Least score for a claim to join a subject cluster. A word overlap of one half (shared words over the
#: smaller clause's words) was the point where clauses about the same figure ("North Korean troops in the
#: Kursk region" / "North Korean troops ... deployed to the Kursk region", 0.8) separated from clauses
#: that only share a noun ("thousands of North Korean soldiers to foreign ideas", 0.4).
SUBJECT_MATCH_MIN = 0.5
#: Smallest denominator of the word overlap: a two-word clause sharing one word with another is weak
#: evidence ("moved to schools" / "spent a night in schools"), so overlaps are divided by at least 3.
MIN_WORDS_DENOMINATOR = 3
#: Added when both clauses name the same event: the event word plus a compatible unit is the strongest
#: subject evidence a clause gives, so it alone clears SUBJECT_MATCH_MIN.
EVENT_MATCH_SCORE = 1.0
#: Added when two claims state the same specific figure (see SPECIFIC_VALUE_MIN): two outlets writing
#: "about 3,800 people" about one town rarely mean different things.
VALUE_MATCH_BONUS = 0.25
#: Added when two claims count the same specific thing ("raids", "attackers", "ships"; not the generic
#: "people"): in one story, two counts of raids under one event, owner and part are one figure's series.
#: With it, the counted noun alone clears SUBJECT_MATCH_MIN, as a shared event word does.
COUNTED_MATCH_SCORE = 0.5
#: Counted classes too generic to say which figure a claim gives ("people" are counted in every story).
GENERIC_COUNTED = frozenset({"people", ""})
#: Added instead of VALUE_MATCH_BONUS when the two claims also count the same class: the same specific
#: figure of the same counted thing ("239 people on board" / "239 souls aboard") is one figure.
SAME_FIGURE_SCORE = 0.5
#: A figure is specific enough to count as evidence of identity from this value up; smaller counts
#: ("three", "12") recur by chance in any story.
SPECIFIC_VALUE_MIN = 100.0
#: Claims about one subject further apart in time than this are different facts, not an update: a story
#: runs for days or weeks; a figure restated a season later is background (92 days = one quarter).
MAX_UPDATE_GAP_DAYS = 92

# --- lexicons -----------------------------------------------------------------------------------------

#: Units that name the same counted thing. Generic words for people are one class (an outlet's
#: "residents" is another's "people"); military personnel another. Specific groups (soldiers vs
#: civilians, men vs women) stay apart.
UNIT_CLASSES: dict[str, str] = {
    **dict.fromkeys(
        "people person persons resident inhabitant villager individual civilian citizen national".split(), "people"
    ),
    **dict.fromkeys("troop soldier serviceman servicemen personnel fighter".split(), "troops"),
    **dict.fromkeys("soul onboard aboard".split(), "people"),
    **dict.fromkeys("ship vessel".split(), "ships"),
    **dict.fromkeys("aircraft plane airplane aeroplane jet".split(), "aircraft"),
    **dict.fromkeys(
        "attacker assailant gunman gunmen bomber militant plotter jihadist jihadi terrorist".split(), "attackers"
    ),
}

#: The counted classes (the values of UNIT_CLASSES).
_CLASSES = frozenset(UNIT_CLASSES.values())

#: Counted words that name no kind of thing: the unit is read as unstated.
IMPLICIT_UNITS = frozenset({"other", "one"})

#: English function words, pronouns, auxiliaries and light verbs: words that say nothing about which
#: figure a clause is about. Compiled from the closed word classes of English; kept short on purpose.
STOPWORDS = frozenset(
    """
    a an the this that these those there here it its it's they them their theirs he him his she her
    hers we us our ours you your i me my mine who whom whose which what when where why how
    and or but nor so yet if then than as of at by for from in into on onto out off over under up
    down to with without within about above below across after before since until till through
    during against among between around near per via upon
    is are was were be been being am has have had having do does did doing done will would shall
    should can could may might must also not no only just still even already more most less least
    very much many some any all each every both either neither other another such same own
    said says say told tell according reported reports reporting added adding officials official
    one ones new including include includes where while because although though whereas
    now then again ever never far further nearly almost roughly approximately estimated around
    """.split()
)

#: Time words: the date is compared separately, so they are not subject words.
TIME_WORDS = (
    frozenset(lx.MONTHS)
    | frozenset(lx.WEEKDAYS)
    | lx.DAY_PARTS
    | frozenset("today yesterday tomorrow tonight day days week weeks month months year years".split())
)

#: Plural number words that make a vague quantity ("thousands of"), never a part ("seven of the").
VAGUE_QUANTITY_WORDS = frozenset(lx.PLURAL_MAGNITUDES) | {"tens", "several", "few", "many", "scores"}

#: Clause words: a new clause starts before them (relative, temporal, causal and contrast clauses).
_CLAUSE_LEAD = re.compile(
    r"\b(?:when|while|after|before|because|although|though|whereas|where|which|who|whom|whose|that|"
    r"but|if|unless|until)\b",
    re.IGNORECASE,
)
_PUNCT_CUT = re.compile(r"[;()\[\]—–\"“”]|[,:]\s|\s-\s")
_COORDINATOR = re.compile(r"\b(?:and|or|but|while|whereas)\b", re.IGNORECASE)
#: A clause that only compares to an earlier figure: it borrows the previous clause's subject.
_COMPARISON_LEAD = re.compile(
    r"^(?:(?:down|up|rising|falling|fell|rose)\s+from|compared\s+(?:with|to)|versus|vs\.?|than)\b",
    re.IGNORECASE,
)
#: After the quantity: a part of a larger whole ("seven of the nine", "two of them").
_PARTITIVE_AFTER = re.compile(r"^\s+of\s+(?:the|its|their|those|these|them|his|her|our|all|\d)", re.IGNORECASE)
#: Around the quantity: an increment, not a total ("four more victims", "another 300").
_INCREMENT_AFTER = re.compile(r"^\s+(?:more|additional|extra|further|other|new)\b", re.IGNORECASE)
_INCREMENT_BEFORE = re.compile(r"\b(?:another|additional|further|extra)\s+$", re.IGNORECASE)
#: Before the quantity: the whole a part is taken from ("three of the 307 people aboard died"); the
#: clause's verb then tells what happened to the part, not to the whole.
_PARTITIVE_WHOLE_BEFORE = re.compile(r"\b([\w,.]+)\s+of\s+(?:all\s+)?(?:the|its|their|those|these)\s+$", re.IGNORECASE)
#: Quantifiers that take a part of a whole, beside numbers ("most of the 300 passengers").
PART_QUANTIFIERS = frozenset("some many most several half none all each few dozens hundreds thousands".split())
#: Event words that are only finite verbs, never a modifier inside the whole's own noun phrase ("the 129
#: people killed" names the whole's fate; "the 307 people aboard died" tells the part's).
FINITE_EVENT_WORDS = frozenset({"die", "dies", "died", "perished"})
#: Words before a time that make it a range end, not the date a figure holds for ("since Tuesday").
TIME_ANCHORS = frozenset("since from until till by before after through between".split())

_WORD = re.compile(r"[^\W\d_][\w'’-]*")
_POSSESSIVE = re.compile(r"['’]s?$")

# --- shared helpers (also used by quotes.py and timeline.py) ------------------------------------------


def default_outlet(article: Article) -> str:
    """The outlet an article counts for: its ``outlet``, else its URL host, else its source.

    Unknown outlets are kept apart (each source counts as its own outlet), so corroboration is never
    claimed from two anonymous copies of one file.
    """
    if article.outlet:
        return article.outlet
    host = urlparse(article.url).hostname if article.url else None
    if host:
        return host.removeprefix("www.")
    return article.source or article.id


def fold(text: str) -> str:
    """Lower-case, accents removed, typographic apostrophes straightened ("Fălciu’s" -> "falciu's")."""
    decomposed = unicodedata.normalize("NFKD", text.replace("’", "'").replace("‘", "'"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def stem(word: str) -> str:
    """A light plural stripper for word overlap ("schools" -> "school", "casualties" -> "casualty")."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def words(text: str) -> list[str]:
    """Folded word tokens of ``text`` without possessive endings; numbers are dropped."""
    return [_folded_word(m.group()) for m in _WORD.finditer(text)]


@functools.lru_cache(maxsize=1 << 16)
def _folded_word(word: str) -> str:
    return _POSSESSIVE.sub("", fold(word))


def content_words(text: str, *, drop: Iterable[str] = ()) -> frozenset[str]:
    """Stemmed words of ``text`` that can tell one subject from another.

    Stop words, time words, number words, hedge words and ``drop`` are removed.
    """
    skip = set(drop)
    out = set()
    for w in words(text):
        if not w or w in STOPWORDS or w in TIME_WORDS or w in lx.NUMBER_WORDS or w in skip:
            continue
        if w in VAGUE_QUANTITY_WORDS or w.endswith("-year-old"):
            continue
        out.add(stem(w))
    return frozenset(out)


def source_ref(article: Article, start: int, end: int, outlet: str, text: str | None = None) -> SourceRef:
    """A SourceRef to ``article.text[start:end]`` (or to ``text`` when the offsets are unusable)."""
    if text is None:
        text = article.text[start:end]
    return SourceRef(article.id, outlet, start, end, text, article.published)


# --- claim features -----------------------------------------------------------------------------------


@dataclass
class _View:
    """One claim with the features the alignment compares."""

    order: int
    claim: Claim
    article: Article
    outlet: str
    sentence: tuple[int, int, str]  # start, end, text (offsets into article.text when known)
    clause: tuple[int, int]  # absolute offsets
    words: frozenset[str]
    unit: str
    places: frozenset[str]
    countries: frozenset[str]
    partitive: bool
    increment: bool
    vague: bool
    as_of: dt.date | None
    explicit: bool
    interval: Interval
    figure: Interval  # the interval, an open floor capped (hedges.figure_interval): which figure it states
    frame: ClaimFrame
    local: frozenset[str]  # names of the places below country level named in the clause
    national: frozenset[str]  # names of the countries named in the clause (not as a demonym)

    @property
    def width(self) -> float:
        return self.interval[1] - self.interval[0]


def _sentence_of(claim: Claim, article: Article) -> tuple[int, int, str]:
    """The claim's sentence as (start, end, text); falls back to ``claim.text`` when offsets are unset."""
    start, end = claim.sentence_start, claim.sentence_end
    if 0 <= start < end <= len(article.text) and start <= claim.start:
        return start, end, article.text[start:end]
    if claim.text and article.text.find(claim.text) >= 0:
        start = article.text.find(claim.text)
        return start, start + len(claim.text), claim.text
    text = claim.text or claim.quantity
    return claim.start, claim.start + len(text), text


def _clauses(sentence: str) -> list[tuple[int, int]]:
    """Clause ranges (relative offsets) of a sentence: cut at punctuation and before clause words."""
    cuts = {0, len(sentence)}
    for m in _PUNCT_CUT.finditer(sentence):
        cuts.update((m.start(), m.end()))
    cuts.update(m.start() for m in _CLAUSE_LEAD.finditer(sentence))
    edges = sorted(c for c in cuts if 0 <= c <= len(sentence))
    return [(a, b) for a, b in pairwise(edges) if re.search(r"\w", sentence[a:b])]


def _claim_clauses(claims: list[Claim], s_start: int, s_text: str) -> dict[int, tuple[int, int]]:
    """Clause (absolute start, end) for each claim of one sentence, keyed by list index."""
    pieces = _clauses(s_text)
    located: dict[int, tuple[int, int]] = {}
    for i, claim in enumerate(claims):
        rel = claim.start - s_start
        if not 0 <= rel < len(s_text):
            rel = max(0, s_text.find(claim.quantity))
        located[i] = next(((a, b) for a, b in pieces if a <= rel < b), (0, len(s_text)))
    by_piece: dict[tuple[int, int], list[int]] = {}
    for i, piece in located.items():
        by_piece.setdefault(piece, []).append(i)
    out: dict[int, tuple[int, int]] = {}
    for (a, b), members in by_piece.items():
        members.sort(key=lambda i: claims[i].start)
        bounds = [a]
        for prev, nxt in pairwise(members):
            lo, hi = claims[prev].end - s_start, claims[nxt].start - s_start
            joins = [m.start() for m in _COORDINATOR.finditer(s_text, max(lo, a), max(lo, min(hi, b)))]
            bounds.append(joins[-1] if joins else bounds[-1])
        bounds.append(b)
        for k, i in enumerate(members):
            lo, hi = bounds[k], bounds[k + 1]
            if hi <= lo:
                lo, hi = a, b
            if _COMPARISON_LEAD.match(s_text[lo:hi].strip()):  # "down from a dozen": read with the clause before
                lo = max((p for p, q in pieces if q <= lo), default=lo)
            out[i] = (s_start + lo, s_start + hi)
    return out


#: Hedges that bound a stated number ("as many as 30", "as few as 12"): their "many"/"few" is no vague
#: quantity.
_BOUND_HEDGE = re.compile(r"\bas\s+(?:many|few)\s+as\b", re.IGNORECASE)


def _is_vague(claim: Claim) -> bool:
    """Whether a quantity names no number ("thousands", "several hundred", "many"); "as many as 30" does."""
    return any(w in VAGUE_QUANTITY_WORDS for w in words(_BOUND_HEDGE.sub(" ", claim.quantity)))


def _unit_key(unit: str) -> str:
    key = stem(fold(unit.strip()))
    if (key in EVENT_WORDS and key not in UNIT_CLASSES) or key in IMPLICIT_UNITS:
        return ""  # "3,000 casualties", "99 others": the event is counted, the unit is left implicit
    return UNIT_CLASSES.get(key, key)


#: A relative clause right after the number, whose verb says what happened to the counted things.
_RELATIVE_AFTER = re.compile(r"^\s*(?:who|that|which)\s+((?:\w+\s+){0,2}\w+)", re.IGNORECASE)
#: A relative clause set off by commas after the counted noun, and the words of the predicate after it.
_SET_OFF_RELATIVE = re.compile(r"[^,.;:]{0,30},\s*(?:who|which)\b[^,.;:]*,\s*((?:[\w’'-]+\s+){0,4}[\w’'-]+)",
                               re.IGNORECASE)
#: A short quotation right where a figure's clause was cut: the predicate quoted ("have been “killed or
#: wounded,”"), read for its event words only.
_QUOTED_PREDICATE = re.compile(r"\s*[\"“]([^\"“”]{1,40})[\"”]")
_RELATIVE_LEAD = re.compile(r"^\s*(?:where|at which|in which)\b", re.IGNORECASE)
#: The name a "where" clause hangs on: "at the Bataclan, where", "inside Hall Nine where".
_NAMED_ANTECEDENT = re.compile(r"\b(?:at|in|inside)\s+(?:the\s+)?((?:[A-Z][\w’'-]*\s+){0,3}[A-Z][\w’'-]*),?\s*$")
#: How far back a "where" clause's venue is looked for ("the concert hall, where 89 died").
VENUE_LOOKBACK_CHARS = 80


def _reaches(clauses: dict[int, tuple[int, int]], sentence: tuple[int, int]) -> dict[int, tuple[int, int]]:
    """The stretch of its sentence each claim's clauses reach: from its clause (the sentence start for the
    first claim) to the next claim's clause; a trailing clause qualifies the figure before it ("1,200 moved
    to schools, a sports hall and homes, and three dead": the hall is the 1,200's)."""
    order = sorted(clauses, key=lambda i: clauses[i])
    out: dict[int, tuple[int, int]] = {}
    for k, i in enumerate(order):
        start = sentence[0] if k == 0 else clauses[i][0]
        end = clauses[order[k + 1]][0] if k + 1 < len(order) else sentence[1]
        out[i] = (start, max(start, end))
    return out


def _venue(
    extraction: Extraction,
    geocoded: set[tuple[int, int]],
    text: str,
    clause: tuple[int, int],
    sentence: tuple[int, int],
    reach: tuple[int, int],
    at: int,
) -> frozenset[str]:
    """Where inside the story's places a figure holds: named facilities and landmarks (FAC/LOC mentions
    that are no geocoded place: ``geocoded`` holds the spans of the extraction's places) and venue nouns
    in the clause, or before a "where" clause in its sentence; when the clause names none, the one venue
    its sentence names ("Eighty were killed after gunmen stormed the concert hall", "Inside the hall, 89
    died"), unless the sentence lists several ("attacks on a stadium, a hall and restaurants"); only the
    clauses the claim reaches (:func:`_reaches`) are read, and not those naming a source, nor the source
    before a reporting verb in the figure's own clause ("Hospital officials said more than 300 were hurt")."""
    start, end = clause
    if (report := _REPORT_BEFORE.search(text, start, at)) is not None:
        start = report.end()  # the words before "said" name the source, not where the figure holds
    named: frozenset[str] = frozenset()
    if _RELATIVE_LEAD.match(text[start:end]):
        lead = start
        start = max(sentence[0], start - VENUE_LOOKBACK_CHARS)
        m = _NAMED_ANTECEDENT.search(text[start:lead])
        if m and not any(a < start + m.end(1) and start + m.start(1) < b for a, b in geocoded):
            named = frozenset({fold(m.group(1))})  # "at the Bataclan, where", whatever its entity label; not "in Paris"
    found = _venues_in(extraction, geocoded, text, start, end) | named
    if found:
        return found
    around: frozenset[str] = frozenset()
    for a, b in _clauses(text[sentence[0] : sentence[1]]):
        a, b = max(sentence[0] + a, reach[0]), min(sentence[0] + b, reach[1])
        if a < b and not _SOURCE_CLAUSE.search(text[a:b]):
            around |= _venues_in(extraction, geocoded, text, a, b)
    nouns = {w for w in around if w in _VENUE_STEMS}
    return around if len(nouns) <= 1 and len(around - nouns) <= 1 else frozenset()


#: Verbs that report or estimate a figure ("said", "put the number at", "estimated").
_REPORT_VERBS = r"\b(?:said|says|told|tells|put|puts|estimated|estimates|reported|reports)\b"
#: The last reporting verb ahead of a figure in its clause: what comes before it is the source.
_REPORT_BEFORE = re.compile(_REPORT_VERBS + r"(?![\s\S]*" + _REPORT_VERBS + ")", re.IGNORECASE)
#: A clause that names a source, whose places say where the source is ("according to doctors at the
#: hospital"), not where the figure holds.
_SOURCE_CLAUSE = re.compile(r"\baccording\s+to\b|" + _REPORT_VERBS, re.IGNORECASE)
#: Compass points tagged as a location ("the North has decided to send …", "the West"): a country or a
#: bloc by news shorthand, never a venue inside a town.
COMPASS_NAMES = frozenset(
    "north south east west northeast northwest southeast southwest north-east north-west south-east "
    "south-west".split()
)
#: The stems of VENUE_NOUNS, as venues are stored.
_VENUE_STEMS = frozenset(stem(w) for w in VENUE_NOUNS)


def _venues_in(
    extraction: Extraction, geocoded: set[tuple[int, int]], text: str, start: int, end: int
) -> frozenset[str]:
    """Named facilities and venue nouns between two offsets (see :func:`_venue`)."""
    names = {
        fold(m.entity)
        for m in extraction.mentions
        if m.label in VENUE_LABELS and start <= m.start and m.end <= end and (m.start, m.end) not in geocoded
    } - COMPASS_NAMES
    return frozenset(names | {stem(w) for w in words(text[start:end]) if w in VENUE_NOUNS})


#: A place scopes a figure when a locative preposition leads to it ("in Kursk", "to Russia", "in Russia's
#: Kursk region"), not when it names an actor ("Pyongyang planned to send", "Moscow said").
_LOCATIVE_BEFORE = re.compile(
    r"\b(?i:in|into|to|at|near|inside|across|around|throughout|within|from)\s+(?i:the\s+)?"
    r"(?:(?:[A-Z][\w’'-]*(?:['’]s)?|(?i:northern|southern|eastern|western|central|north|south|east|west))\s+)"
    r"{0,2}"
    # "in Russia's western front line region of Kursk", "in the province of Idlib": the place an
    # administrative noun names after "of" is where the figure holds
    r"(?:(?:[a-z][\w-]*\s+){0,3}(?i:region|province|area|district|oblast|county|state|territory)\s+of\s+)?$"
)
#: "the number of X", "a total of X": the counted noun of a figure stated after its verb ("the number of
#: soldiers deployed had reached 11,000").
_NUMBER_OF = re.compile(r"\b(?:number|total|toll|count|tally)\s+of\s+((?:[\w’'-]+\s+){0,3}?)([a-z]+s)\b")


def _number_of(clause: str) -> str:
    """The counted class named by "the number of <nouns>" in a clause, "" when none."""
    m = _NUMBER_OF.search(clause)
    if m is None or m.group(2) in STOPWORDS:
        return ""
    return _unit_key(m.group(2))


def _elided_unit(subject_words: list[str]) -> str:
    """The counted class of a number whose noun is elided ("Eight attackers were killed, seven by their
    own explosives"): its clause subject's last word when that is a plural noun."""
    last = subject_words[-1] if subject_words else ""
    if len(last) < 4 or not last.endswith("s") or last.endswith("ss") or last in STOPWORDS or not last.isalpha():
        return ""
    return _unit_key(last)


def _antecedent_class(before: str) -> str:
    """The counted class of a number with no noun, from the nearest plural noun of a counted class earlier
    in its sentence ("all of the gunmen are dead: seven killed themselves", "nine militants took part and
    seven died"); "" when there is none. A subordinate clause the number stands in has its own subject
    ("the attackers at the hall, where 89 were killed": the 89 are not the attackers)."""
    leads = [m.end() for m in _SUBORDINATE_LEAD.finditer(before)]
    if leads:
        before = before[leads[-1] :]
    for word in reversed(words(before)):
        key = _unit_key(word)
        if key in _CLASSES and (stem(word) != word or word in _IRREGULAR_PLURALS):
            return key
    return ""


#: Words opening a subordinate clause, whose subject is its own.
_SUBORDINATE_LEAD = re.compile(
    r"\b(?:when|after|before|because|although|though|where|which|who|whom|whose|that|if|unless|until)\b",
    re.IGNORECASE,
)
#: Plurals of counted nouns that do not end in "s".
_IRREGULAR_PLURALS = frozenset({"people", "personnel", "aircraft"}) | {w for w in UNIT_CLASSES if w.endswith("men")}


def _coordinated(after: str, unit: str) -> str:
    """The class counted when the counted noun is joined to another noun: the noun's own class when the
    other noun is of that class too ("gunmen and suicide bombers" count attackers), else "people"
    ("passengers and crew", "soldiers and officers"); "" when the noun stands alone."""
    found = words(after)[:5]
    if not unit or not found:
        return ""
    key = _unit_key(unit)
    for k, word in enumerate(found[:-1]):
        if _unit_key(word) == key:
            joined = found[k + 2 : k + 4] if found[k + 1] in ("and", "or") else []
            if not joined or joined[0] in STOPWORDS:
                return ""
            return key if key in _CLASSES and any(_unit_key(w) == key for w in joined) else "people"
    return ""


def _words_to_unit(text: str, unit: str) -> list[str]:
    """The words between a number and its counted noun ("600 [Ukrainian] soldiers"), at most four."""
    out: list[str] = []
    for word in words(text)[:4]:
        if unit and _unit_key(word) == unit:
            return out
        out.append(word)
    return []


def _scoped(places: Sequence[Place], text: str | None, start: int) -> list[Place]:
    """The places a locative preposition leads to in ``text`` from ``start`` on (no demonyms)."""
    if text is None:
        return []
    return [p for p in places if not owner_of(words(p.text)) and _LOCATIVE_BEFORE.search(text[start : p.start])]


def _places_in(places: Sequence[Place], start: int, end: int) -> list[Place]:
    return [p for p in places if start <= p.start and p.end <= end]


def _usable_time(t: TimeRef, text: str) -> bool:
    """A day-level time that names when something holds, not a range end or a noun modifier."""
    if t.end_date is None or t.granularity != "day":
        return False
    before = words(text[max(0, t.start - 12) : t.start])
    if before and before[-1] in TIME_ANCHORS:
        return False
    return not re.match(r"['’]s\b", text[t.end : t.end + 3])


def _date_of(
    claim: Claim, article: Article, times: Sequence[TimeRef], sentence: tuple[int, int, str], clause: tuple[int, int]
) -> tuple[dt.date | None, bool]:
    """(date the figure holds for, whether a time expression gave it) - see the module docstring."""
    s_start, s_end, _ = sentence
    in_sentence = [t for t in times if s_start <= t.start < s_end and t.end_date is not None]
    derived = {t.end_date for t in in_sentence} | {article.published}
    if claim.as_of is not None and claim.as_of not in derived:
        return claim.as_of, True  # an "as of <date>" the extractor read
    usable = [t for t in in_sentence if _usable_time(t, article.text)]
    in_clause = [t for t in usable if clause[0] <= t.start < clause[1]]
    if in_clause:
        nearest = min(in_clause, key=lambda t: abs(t.start - claim.start))
        return nearest.end_date, True
    if usable:
        return usable[-1].end_date, True
    return article.published, False


def _whole_of_part(claim: Claim, before: str) -> bool:
    """Whether a count is the whole a part is taken from ("three of the 307 people aboard")."""
    found = _PARTITIVE_WHOLE_BEFORE.search(before) if claim.kind == "count" else None
    if found is None:
        return False
    word = found.group(1).lower()
    return word[:1].isdigit() or word in PART_QUANTIFIERS or word in lx.UNIT_WORDS or word in lx.TENS_WORDS


def _whole_event(after: str) -> str:
    """The event of a whole read from its own noun phrase, the three words after the number ("the 129
    people killed"), leaving out a finite verb that tells the part's fate ("… aboard died")."""
    return event_label([w for w in words(after)[:3] if w not in FINITE_EVENT_WORDS])


def _interval(claim: Claim, read: Callable[[float, float, str], Interval] = hedge_interval) -> Interval:
    try:
        return read(claim.low, claim.high, claim.hedge)
    except ValueError:
        log.warning("claim %r in %s: unknown hedge %r, read as exact", claim.quantity, claim.article_id, claim.hedge)
        low, high = sorted((claim.low, claim.high))
        return (low, high) if not (math.isnan(low) or math.isnan(high)) else (claim.value, claim.value)


def _views(extractions: Sequence[Extraction], outlet_of: OutletOf) -> list[_View]:
    views: list[_View] = []
    for extraction in extractions:
        first = len(views)  # this article's views start here
        article = extraction.article
        outlet = outlet_of(article)
        by_sentence: dict[tuple[int, int, str], list[Claim]] = {}
        for claim in extraction.claims:
            if any(math.isnan(x) for x in (claim.low, claim.high, claim.value)):
                continue
            by_sentence.setdefault(_sentence_of(claim, article), []).append(claim)
        geocoded = {(p.start, p.end) for p in extraction.places}
        for sentence, claims in by_sentence.items():
            clauses = _claim_clauses(claims, sentence[0], sentence[2])
            reach = _reaches(clauses, sentence[:2])
            for i, claim in enumerate(claims):
                view = _view(len(views), claim, article, outlet, sentence, clauses[i], extraction, geocoded, reach[i])
                if countable(claim, view.frame.counted, view.frame.event):
                    views.append(view)
        _carry_parts(views[first:])
    return views


#: A figure named again with a definite article: "the 1,500 soldiers" after "1,500 special forces".
_DEFINITE_BEFORE = re.compile(r"\bthe\s+$", re.IGNORECASE)


def _carry_parts(views: list[_View]) -> None:
    """A figure an article names again as a definite ("1,500 special forces were sent …; a fleet with the
    1,500 soldiers aboard left …") is the part its first mention says it is: the later view takes the
    earlier one's part words when it names none (same kind and value; the counted noun may change: "the
    1,500 soldiers" after "1,500 special forces")."""
    for k, view in enumerate(views):
        if view.frame.part or not _DEFINITE_BEFORE.search(view.article.text, max(0, view.claim.start - 6),
                                                          view.claim.start):
            continue
        for earlier in views[:k]:
            same = (earlier.claim.kind, earlier.claim.low, earlier.claim.high) == (
                view.claim.kind, view.claim.low, view.claim.high)
            if same and earlier.frame.part and earlier.claim.start < view.claim.start:
                view.frame = dataclasses.replace(view.frame, part=earlier.frame.part)
                break


def _view(
    order: int,
    claim: Claim,
    article: Article,
    outlet: str,
    sentence: tuple[int, int, str],
    clause_info: tuple[int, int],
    extraction: Extraction,
    geocoded: set[tuple[int, int]],
    reach: tuple[int, int],
) -> _View:
    c_start, c_end = clause_info
    text = article.text if sentence[2] == article.text[sentence[0] : sentence[1]] else None
    clause_text = text[c_start:c_end] if text is not None else sentence[2]
    after = text[claim.end : claim.end + 40] if text is not None else ""
    before = text[max(0, claim.start - 20) : claim.start] if text is not None else ""
    unit = _unit_key(claim.unit)
    measured = claim.kind == "measure" and claim.unit in UNIT_SCALES  # compared in its dimension's base unit
    raw_words = words(clause_text)
    if text is not None and not text[claim.end : c_end].strip() and (rel := _RELATIVE_AFTER.match(after)):
        raw_words = raw_words + words(rel.group(1))  # "all 129 who were killed": the clause cut before "who"
    if text is not None and not event_label(raw_words) and \
            (aside := _SET_OFF_RELATIVE.match(text, claim.end, sentence[1])):
        # "89 people, who had come to hear a band, were shot dead": the verb after the aside tells the event
        raw_words = raw_words + words(aside.group(1))
    if text is not None and not event_label(raw_words) and \
            (quoted := _QUOTED_PREDICATE.match(text, c_end, sentence[1])):
        # "as many as 30 have been “killed or wounded,” officials said": the quote marks cut the clause
        # before its predicate, which they hold
        raw_words = raw_words + words(quoted.group(1))
    subject_raw = words(claim.subject)
    before_text = text[c_start : claim.start] if text is not None else ""
    demonym_owner = owner_of(words(claim.unit)) if claim.kind == "count" and claim.unit else frozenset()
    if claim.kind == "count" and (joined := _coordinated(after, claim.unit)):
        unit = joined  # "239 passengers and crew": the union is counted
    elif demonym_owner:
        unit = "people"  # "153 Chinese", "38 Malaysians": people, owned by that country
    elif claim.kind == "count" and not unit:
        # a toll counts people, whatever its clause says it came from ("the toll from the attacks rose to 130")
        unit = _number_of(clause_text) or ("people" if "toll" in raw_words else "") or _elided_unit(subject_raw)
        if not unit and text is not None:
            unit = _antecedent_class(text[sentence[0] : claim.start])
    frame = ClaimFrame(
        counted=unit if claim.kind == "count" else "",  # other kinds compare their units apart
        owner=owner_of(subject_raw) | owner_of(_words_to_unit(after, unit)) | demonym_owner,
        event=_whole_event(after) if _whole_of_part(claim, before) else event_label(raw_words),
        part=part_of(words(before_text), subject_raw) | severity(raw_words) | combined(subject_raw),
        cited=cited_for(claim, extraction.quotes, sentence[2], before=text[sentence[0] : claim.start] if text else ""),
        venue=(_venue(extraction, geocoded, text, (c_start, c_end), sentence[:2], reach, claim.start)
               if text else frozenset()),
        aboard=aboard(raw_words) or (claim.kind == "count" and unit in ON_BOARD_COUNTED),
        projected=projected(clause_text),
    )
    # the unit and the quantity phrase ("about 25 kilometres") are compared on their own, not as words
    unit_words = {w for w in raw_words if unit and _unit_key(w) == unit} | set(words(claim.quantity))
    in_clause = _places_in(extraction.places, c_start, c_end)
    place_names = frozenset(fold(p.name) for p in in_clause or _places_in(extraction.places, *sentence[:2]))
    scoped = _scoped(in_clause, text, c_start)
    # the places a figure holds for: the clause's, else those a sentence opens with ("In Pakistan, 20
    # died"), not every place it names ("a car rented in Belgium was found near the hall, where 89 died"
    # holds for the hall)
    places = in_clause or [
        p
        for p in _scoped(_places_in(extraction.places, *sentence[:2]), text, sentence[0])
        if text is not None and len(words(text[sentence[0] : p.start])) <= OPENING_PLACE_WORDS
    ]
    subject_words = content_words(claim.subject, drop=unit_words | set(EVENT_WORDS))
    clause_words = content_words(clause_text, drop=unit_words | set(EVENT_WORDS))
    vague = _is_vague(claim)
    as_of, explicit = _date_of(claim, article, extraction.times, sentence, (c_start, c_end))
    return _View(
        order=order,
        claim=claim,
        article=article,
        outlet=outlet,
        sentence=sentence,
        clause=(c_start, c_end),
        words=clause_words | subject_words | frozenset(stem(n) for n in place_names),
        unit=base_unit(claim.unit) if measured else unit,
        places=frozenset(fold(p.name) for p in places),
        countries=frozenset(p.country for p in places if p.country),
        partitive=claim.kind == "count" and not vague and bool(_PARTITIVE_AFTER.match(after)),
        increment=bool(_INCREMENT_AFTER.match(after) or _INCREMENT_BEFORE.search(before)),
        vague=vague,
        as_of=as_of,
        explicit=explicit,
        interval=in_base_unit(_interval(claim), claim.unit, claim.low, claim.high) if measured else _interval(claim),
        figure=(
            in_base_unit(_interval(claim, figure_interval), claim.unit, claim.low, claim.high)
            if measured
            else _interval(claim, figure_interval)
        ),
        frame=frame,
        local=frozenset(fold(p.name) for p in scoped if p.kind != "country"),
        national=frozenset(fold(p.name) for p in scoped if p.kind == "country"),
    )


# --- subject similarity -------------------------------------------------------------------------------


def _pair_score(a: _View, b: _View) -> float | None:
    """How strongly two claims are about the same subject; None when they cannot be."""
    if a.claim.kind != b.claim.kind or a.partitive != b.partitive or a.increment != b.increment:
        return None
    if a.article.id == b.article.id and a.clause == b.clause:
        return None
    if a.sentence == b.sentence and a.as_of == b.as_of and not compatible(a.interval, b.interval):
        return None  # one sentence does not contradict itself: "peaked at 6.8 metres, almost two above"
    if _vague_apart(a, b):
        return None  # "thousands" is no figure to contradict "10,000" with
    if a.unit and b.unit and a.unit != b.unit and not stands_for(a.unit, b.unit):
        return None  # ("passengers" may be everyone on board: ClaimFrame.compatible lets them only agree)
    if (not a.unit or not b.unit) and a.claim.kind != "count":
        return None  # only a count may leave its unit implicit ("the toll rose to 300")
    if a.frame.compatible(b.frame) is False:
        return None  # pairs that may only agree are settled by _cluster_score (_loose_conflict) first
    if a.as_of and b.as_of and abs((a.as_of - b.as_of).days) > MAX_UPDATE_GAP_DAYS:
        return None
    if _same_place(a, b) is False:
        return None
    shared = len(a.words & b.words)
    score = shared / max(MIN_WORDS_DENOMINATOR, min(len(a.words), len(b.words)))
    if a.frame.event and a.frame.event == b.frame.event or a.frame.aboard and b.frame.aboard:
        score += EVENT_MATCH_SCORE  # the people on board are one complement whatever their fate
    same_counted = bool(a.frame.counted) and a.frame.counted == b.frame.counted
    if same_counted and a.frame.counted not in GENERIC_COUNTED:
        score += COUNTED_MATCH_SCORE
    same = a.claim.low == b.claim.low and a.claim.high == b.claim.high
    if same and abs(a.claim.value) >= SPECIFIC_VALUE_MIN and not a.vague:
        score += SAME_FIGURE_SCORE if same_counted else VALUE_MATCH_BONUS
    return score


def _vague_apart(a: _View, b: _View) -> bool:
    """Whether one of two claims is vague ("thousands") and cannot hold the other's figure: no figure to
    compare them by."""
    return (a.vague or b.vague) and not compatible(a.interval, b.interval)


def _same_place(a: _View, b: _View) -> bool | None:
    """Whether two claims' places allow one figure: False for two different countries (one each: a clause
    naming several, "flew from Kuala Lumpur to Beijing", gives a route, not a scope); None (they may
    only agree) for a figure scoped to a place inside a country against the country's figure ("8,000 in
    one region", "11,000 sent to the country": the places the clause scopes with a preposition; a
    clause's place may also belong to another noun, "evacuated since the failure at the dam", so the two
    still meet when they state one figure). Two local names are not told apart (a town and its river, a
    village near a town: one local story)."""
    if a.places and b.places and not a.places & b.places:
        if len(a.countries) == 1 == len(b.countries) and a.countries != b.countries:
            return False
    if bool(a.local) != bool(b.local) and (b if a.local else a).national:
        return None
    return True


def _blocking_keys(view: _View) -> set[tuple[str, bool, bool, str]]:
    """Keys a cluster must share with ``view`` to reach SUBJECT_MATCH_MIN: a subject word, an event, a
    counted class or a count of the people on board.

    Without a shared word, event, counted class or count on board a pair scores at most
    VALUE_MATCH_BONUS, below the threshold, and pairs of another kind or part/increment flag never match;
    so looking clusters up by these keys finds every cluster the full scan would accept, without
    comparing against all of them.
    """
    base = (view.claim.kind, view.partitive, view.increment)
    keys = {(*base, word) for word in view.words}
    if view.frame.event:
        keys.add((*base, f"event:{view.frame.event}"))
    if view.frame.counted:
        keys.add((*base, f"counted:{view.frame.counted}"))
    if view.frame.aboard:  # the people on board match as a shared event does (see _pair_score)
        keys.add((*base, "aboard"))
    return keys


def _cluster(views: list[_View]) -> list[list[_View]]:
    """Greedy clustering by subject, in date order (see the module docstring, step 4).

    Candidate clusters come from an index of their members' blocking keys (:func:`_blocking_keys`), so a
    story with thousands of claims compares each claim with the few clusters that share a subject word.
    """
    assert VALUE_MATCH_BONUS < SUBJECT_MATCH_MIN  # what makes the blocking exact
    clusters: list[list[_View]] = []
    index: dict[tuple[str, bool, bool, str], set[int]] = {}
    # undated claims come last; among them the most reported figures first, so that a story's recurring
    # figure ("239 people on board" in fourteen reports) seeds its cluster before a background figure of
    # the same shape ("228 people aboard" another flight) takes the place and keeps the rest out
    reported = Counter((v.claim.low, v.claim.high) for v in views if v.as_of is None)
    ordered = sorted(views, key=lambda v: (v.as_of is None, v.as_of or dt.date.min,
                                           -reported[(v.claim.low, v.claim.high)] if v.as_of is None else 0, v.order))
    for view in ordered:
        keys = _blocking_keys(view)
        best: tuple[bool, float] | None = None
        best_at: int | None = None
        for at in sorted({c for key in keys for c in index.get(key, ())}):
            cluster = clusters[at]
            score = _cluster_score(view, cluster)
            if score is None or score < SUBJECT_MATCH_MIN:
                continue
            rank = (any(compatible(view.interval, m.interval) for m in cluster), score)
            if best is None or rank > best:
                best, best_at = rank, at
        if best_at is None:
            best_at = len(clusters)
            clusters.append([])
        clusters[best_at].append(view)
        for key in keys:
            index.setdefault(key, set()).add(best_at)
    return clusters


def _loose_conflict(a: _View, b: _View) -> str:
    """Why the two may only agree and do not (each value is not inside the other's hedged range), or ""
    when nothing keeps them apart: "frame" for an outcome against an event-less clause or two venues
    (``ClaimFrame.compatible`` is None: "10,000 troops" and "at least 100 killed"), "place" for a local
    figure against its country's (:func:`_same_place` is None: "8,000 in the region" and "11,000 sent to
    the country"), "scale" for two figures of one period an order of magnitude apart (:data:`SCALE_APART`). A
    wider figure reported after a local one is its next state, not its whole ("1,200 evacuated from the
    town", then "2,300 in the region"), so that pair is no conflict."""
    if _inside(a.claim.value, b.interval) and _inside(b.claim.value, a.interval):
        return ""
    if _apart_in_scale(a, b) and not (a.as_of and b.as_of and a.as_of != b.as_of):
        return "scale"  # "an army of 1.2 million" and "the 11,000 it sent": two wholes, never one figure
    if _same_place(a, b) is None:
        part, whole = (a, b) if a.local else (b, a)
        if not (part.as_of and whole.as_of and whole.as_of > part.as_of):
            return "place"
    return "frame" if a.frame.compatible(b.frame) is None else ""


def _apart_in_scale(a: _View, b: _View) -> bool:
    """Whether two figures are at least SCALE_APART times apart, read from the ranges they stand for."""
    (a_low, a_high), (b_low, b_high) = a.figure, b.figure
    if min(a_low, b_low) <= 0:
        return False
    return max(b_low / a_high, a_low / b_high) >= SCALE_APART


def _inside(value: float, interval: Interval) -> bool:
    return interval[0] <= value <= interval[1]


def _cluster_score(view: _View, cluster: list[_View]) -> float | None:
    """The best pair score of ``view`` with a member, None when any member rules the cluster out.

    A member in a "frame" conflict with ``view`` (:func:`_loose_conflict`) does not rule the cluster out
    when another member fully shares ``view``'s frame: "1,200 moved to schools" sits in the cluster of
    "1,200 evacuated" without keeping out the later "2,300 evacuated"; a cluster of event-less troop
    figures alone keeps out "100 killed". A "place" or "scale" conflict always does: a part never joins its
    whole, nor an army the contingent it sent."""
    best = 0.0
    loose = anchored = False
    for member in cluster:
        if _vague_apart(view, member):
            continue  # "thousands" neither supports nor keeps out "12,000" (see _pair_score)
        conflict = _loose_conflict(view, member)
        if conflict in ("place", "scale"):
            return None
        if conflict:
            loose = True
            continue
        score = _pair_score(view, member)
        if score is None:
            return None
        best = max(best, score)
        anchored = anchored or (bool(view.frame.event) and view.frame.compatible(member.frame) is True)
    if loose and not anchored:
        return None
    return best


# --- figures, statuses, updates -----------------------------------------------------------------------


@dataclass
class _Figure:
    members: list[_View]
    interval: Interval  # the members' common hedged range (an open floor left open)
    group: int = -1
    later_than: set[int] = field(default_factory=set)  # indexes of figures this one updates

    @property
    def earliest(self) -> dt.date | None:
        dates = [m.as_of for m in self.members if m.as_of is not None]
        return min(dates) if dates else None

    @property
    def last_explicit(self) -> dt.date | None:
        dates = [m.as_of for m in self.members if m.as_of is not None and m.explicit]
        return max(dates) if dates else self.earliest


def _figures(cluster: list[_View]) -> list[_Figure]:
    ordered = sorted(cluster, key=lambda v: (v.as_of is None, v.as_of or dt.date.min, v.width, v.order))
    out = []
    for _, members in split_figures(ordered, lambda v: v.figure, lambda v: (v.claim.low + v.claim.high) / 2):
        common: Interval | None = members[0].interval
        for member in members[1:]:
            common = intersect(common, member.interval) if common is not None else None
        out.append(_Figure(members, common or members[0].interval))
    return out


def _relate(figures: list[_Figure]) -> None:
    """Join contradicting figures into one group (``group``) and record updates (``later_than``)."""
    parent = list(range(len(figures)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    risen = [_risen(f) for f in figures]  # (read once, not per pair)
    vague = [all(m.vague for m in f.members) for f in figures]
    for i, a in enumerate(figures):
        for j in range(i + 1, len(figures)):
            b = figures[j]
            if vague[i] or vague[j]:
                continue  # "thousands" neither contradicts nor updates "12,000": it is no figure to compare
            first, second, fi, si = (a, b, i, j) if _not_after(a, b) else (b, a, j, i)
            if first.earliest is None and second.earliest is None:
                # two undated figures: a tally that says it rose to its value updates a lower one ("the toll
                # has risen to 130" after "129 killed"); otherwise neither is contradicted nor updated
                if risen[j] and a.interval[1] < b.interval[0]:
                    b.later_than.add(i)
                elif risen[i] and b.interval[1] < a.interval[0]:
                    a.later_than.add(j)
                continue
            if first.earliest is None or second.earliest is None:
                continue  # a figure of unknown date is neither contradicted nor updated: its period is unknown
            if first.last_explicit is not None and second.earliest > first.last_explicit:
                second.later_than.add(fi)
                continue
            if compatible(first.interval, second.interval):
                continue  # "at least 100" and "about 1,000": both can hold, neither confirms the other
            parent[root(si)] = root(fi)
    for i, figure in enumerate(figures):
        figure.group = root(i)


#: A tally's rise to the figure that follows: "has risen to", "rose to", "climbed to at least".
_RISEN_TO = re.compile(
    r"\b(?:risen|rose|rises|climbed|climbs|jumped|jumps|increased|increases|grown|grew|swelled|reached|reaches)"
    r"\s+to\s+(?:at\s+least\s+|more\s+than\s+|about\s+|some\s+|nearly\s+|almost\s+)?$",
    re.IGNORECASE,
)


def _risen(figure: _Figure) -> bool:
    """Whether a member of ``figure`` states it as a tally's rise ("the toll has risen to 130")."""
    return any(_RISEN_TO.search(v.article.text, max(0, v.claim.start - RISE_LOOKBACK_CHARS), v.claim.start)
               for v in figure.members)


#: How far before a number its rise is looked for ("has risen to at least " is 23 characters).
RISE_LOOKBACK_CHARS = 40


def _not_after(a: _Figure, b: _Figure) -> bool:
    if a.earliest is None or b.earliest is None:
        return True
    return a.earliest <= b.earliest


def align_claims(
    story_id: str, extractions: Sequence[Extraction], *, outlet_of: OutletOf = default_outlet
) -> list[ClaimGroup]:
    """Group the numeric claims of a story's articles by subject, unit and time, across outlets.

    Each group has a status: ``corroborated`` (two or more outlets, hedged ranges with a common part),
    ``contradicted`` (incompatible figures for the same time), or ``unique`` (one outlet); its
    ``low``/``high`` is the consensus range (the intersection of the members' hedged intervals; ``high``
    None when unbounded, both None for a contradicted group). A group whose figure superseded an earlier
    one (a later date, an incompatible value) keeps its own status and lists the earlier groups' ids in
    ``updates``. Every claim ends up in exactly one group.

    Args:
        story_id: the story the groups belong to.
        extractions: one per distinct source (syndicated copies already removed by the caller).
        outlet_of: names the outlet of an article; defaults to :func:`default_outlet`.

    Returns:
        The groups in order of first appearance (earliest date, then input order).
    """
    views = _views(extractions, outlet_of)
    built: list[tuple[tuple[dt.date, int], ClaimGroup]] = []
    for cluster in _cluster(views):
        figures = _figures(cluster)
        _relate(figures)
        groups: dict[int, list[_Figure]] = {}
        for figure in figures:
            groups.setdefault(figure.group, []).append(figure)
        series = _series_id(story_id, cluster)
        made = {root: _group(story_id, members, cluster, series) for root, members in groups.items()}
        supersedes = {
            root: {figures[k].group for f in members for k in f.later_than} - {root} for root, members in groups.items()
        }
        for root, members in groups.items():
            # keep the chain's last link: 2 missing updates 9, which updated 12; 2 lists only 9
            indirect = {g for s in supersedes[root] for g in supersedes[s]}
            updates = tuple(sorted(made[r].id for r in supersedes[root] - indirect))
            views_in = [v for f in members for v in f.members]
            start = min((v.as_of for v in views_in if v.as_of), default=dt.date.max)
            built.append(((start, min(v.order for v in views_in)), _with_updates(made[root], updates)))
    built.sort(key=lambda item: item[0])
    return [group for _, group in built]


def _with_updates(group: ClaimGroup, updates: tuple[str, ...]) -> ClaimGroup:
    if not updates:
        return group
    return dataclasses.replace(group, updates=updates)


def _digest(story_id: str, views: Iterable[_View]) -> str:
    """A stable id for a set of claims of one story: the hash of their article ids and offsets."""
    key = "|".join(sorted(f"{v.article.id}:{v.claim.start}" for v in views))
    return hashlib.sha1(f"{story_id}|{key}".encode()).hexdigest()[:12]


def _series_id(story_id: str, cluster: list[_View]) -> str:
    """The id the groups of one subject cluster share: the frame's series of figures."""
    return "cs-" + _digest(story_id, cluster)


def _group(story_id: str, figures: list[_Figure], cluster: list[_View], series: str) -> ClaimGroup:
    """One ClaimGroup; its subject and unit are read from the whole subject cluster, so an update
    stated without a noun ("bringing the total to 2,300") is labelled like the figure it updates."""
    views = sorted((v for f in figures for v in f.members), key=lambda v: (v.as_of or dt.date.max, v.order))
    outlets = {v.outlet for v in views}
    unit = (
        _most_common([v.claim.unit for v in cluster if v.claim.unit and not v.vague])
        or _most_common([v.claim.unit for v in cluster if v.claim.unit])
        or ""
    )
    if len(figures) > 1:
        status, low, high = "contradicted", None, None
    else:
        status = "corroborated" if len(outlets) > 1 else "unique"
        low, high = _consensus(figures[0], unit)
    digest = _digest(story_id, views)
    members = tuple(
        ClaimMember(
            source=source_ref(v.article, v.sentence[0], v.sentence[1], v.outlet, v.sentence[2]),
            quantity=v.claim.quantity,
            low=v.claim.low,
            high=v.claim.high,
            hedge=v.claim.hedge,
            as_of=v.as_of,
            cited=v.frame.cited,
        )
        for v in views
    )
    parts = Counter(" ".join(sorted(v.frame.part)) for v in cluster if v.frame.part)
    return ClaimGroup(
        id=f"cg-{digest}",
        story_id=story_id,
        subject=_subject_label(cluster),
        unit=unit,
        kind=views[0].claim.kind,
        status=status,
        low=low,
        high=high,
        members=members,
        event=_main_event(cluster),
        part=max(parts, key=lambda p: (parts[p], p)) if parts else "",
        series=series,
    )


def _consensus(figure: _Figure, unit: str) -> tuple[float, float | None]:
    """A figure's consensus range, in ``unit`` for a measure: the common range of what its members state,
    read from the precise members when there are any (a vague "thousands" joins "roughly 10,000" without
    capping it at 10,998.9) and without the rounding slack measures are compared with
    (``units.in_base_unit``); the figure's comparison range when only that slack joins them."""
    measured = figure.members[0].claim.kind == "measure" and unit in UNIT_SCALES
    factor = scale(unit) if measured else 1.0
    stated = [v for v in figure.members if not v.vague] or figure.members
    common: Interval | None = (-math.inf, math.inf)
    for v in stated:
        lo, hi = v.interval if not measured else _interval(v.claim)
        ratio = scale(v.claim.unit) / factor if measured and v.claim.unit in UNIT_SCALES else 1.0
        common = intersect(common, (lo * ratio, hi * ratio))
    low, high = common if common is not None else (figure.interval[0] / factor, figure.interval[1] / factor)
    return low, high if math.isfinite(high) else None


def _most_common(values: list[str]) -> str | None:
    if not values:
        return None
    counts = Counter(values)
    return max(counts, key=lambda v: (counts[v], -len(v), v))  # ties: the shortest wording


def _main_event(views: list[_View]) -> str:
    """The event most members' clauses name ("" when none names one); ties: the last label."""
    events = Counter(v.frame.event for v in views if v.frame.event)
    return max(events, key=lambda e: (events[e], e)) if events else ""


def _subject_label(views: list[_View]) -> str:
    """The members' most common subject, with the shared event: "people (killed)"."""
    precise = [v for v in views if not v.vague] or views  # "10,000 troops" over "thousands"
    # a subject whose claim names its own counted noun ("troops") over one whose noun was only inferred
    # (elided, or "the number of X"): the latter's subject may be a pronoun ("he said ... 11,000")
    precise = [v for v in precise if v.claim.unit] or precise
    subject = _most_common([v.claim.subject for v in precise if v.claim.subject.strip()]) or ""
    subject = subject or _most_common([v.claim.unit for v in precise if v.claim.unit]) or ""
    event = _main_event(views)
    if event and event not in content_words(subject):
        if not set(words(subject)) & {w for w, cls in EVENT_WORDS.items() if cls == event}:
            return f"{subject} ({event})" if subject else event
    return subject
