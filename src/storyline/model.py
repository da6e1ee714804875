"""Typed records passed between stages.

Every extracted record carries ``article_id`` and a character span ``(start, end)`` into the article's
*clean* text (``Article.text``), so a briefing can point back to the exact sentence it came from.
Records are frozen, slotted dataclasses; ``to_dict`` / ``from_dict`` give their JSON form.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any, Literal, TypeVar

QuoteKind = Literal["direct", "indirect", "partial"]
Hedge = Literal["exact", "about", "over", "under", "up to", "at least", "at most", "nearly"]
Granularity = Literal["day", "week", "month", "year", "decade"]

T = TypeVar("T")


def _encode(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _encode(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (list, tuple)):
        return [_encode(v) for v in value]
    return value


class Record:
    """Mixin giving dataclass records a JSON-ready ``to_dict`` and a ``from_dict``."""

    __slots__ = ()

    def to_dict(self) -> dict[str, Any]:
        return _encode(self)

    @classmethod
    def from_dict(cls: type[T], data: dict[str, Any]) -> T:
        kwargs: dict[str, Any] = {}
        hints = {f.name: f for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
        for name, f in hints.items():
            if name not in data:
                continue
            value = data[name]
            kind = str(f.type)
            if value is not None and "date" in kind and "datetime" not in kind and isinstance(value, str):
                value = dt.date.fromisoformat(value)
            elif name == "noise":
                value = tuple(NoiseSpan.from_dict(v) for v in value)
            elif name == "provenance":
                value = tuple(FieldSource.from_dict(v) for v in value)
            elif isinstance(value, list):
                value = tuple(value)
            kwargs[name] = value
        return cls(**kwargs)


@dataclass(frozen=True, slots=True)
class NoiseSpan(Record):
    """A piece of scrape noise removed from an article, kept so nothing is silently lost.

    ``start``/``end`` are offsets into ``Article.raw``.
    """

    kind: str  # caption | credit | byline | edited_by | foreign_fragment | boilerplate | header | ... (clean/)
    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class FieldSource(Record):
    """Where one metadata field of an article came from: the method and the evidence.

    ``where`` says what ``start``/``end`` point into: ``"raw"`` (a line of the scraped text), ``"text"``
    (the clean text, e.g. the dates an estimated publication date rests on) or None when the evidence is
    not in the article's characters (an HTML meta tag, the URL, an export's field).
    """

    field: str  # title | outlet | republisher | byline | published | url
    method: str  # header | html | export | feed | headline_line | dateline | credit | outlet_line | url ...
    text: str
    start: int | None = None
    end: int | None = None
    where: str | None = None


@dataclass(frozen=True, slots=True)
class Draft(Record):
    """What a reader produces: the text to clean plus the metadata the source carried.

    ``raw`` becomes ``Article.raw``: the file's text for plain text, the extracted main text for HTML.
    ``noise`` holds spans the reader already knows are not prose (metadata header lines).
    """

    source: str
    raw: str
    url: str | None = None
    outlet: str | None = None
    title: str | None = None
    byline: str | None = None
    published: dt.date | None = None
    language: str = "en"
    noise: tuple[NoiseSpan, ...] = ()
    markup: bool = False  # the source was HTML: markup-looking lines are not a plain-text anomaly
    republisher: str | None = None
    provenance: tuple[FieldSource, ...] = ()


@dataclass(frozen=True, slots=True)
class Article(Record):
    """One news article: raw text, clean text and metadata.

    ``text`` is ``raw`` with the noise spans removed; every extracted record's span points into ``text``.
    ``NoiseSpan`` offsets point into ``raw``. ``outlet`` is the canonical outlet (for a republished wire
    story, the agency; the site that carried it is ``republisher``). ``published_estimated`` is true when
    the article states no date and ``published`` was estimated from the dates its text mentions.
    ``provenance`` records where each metadata field came from.
    """

    id: str
    source: str
    raw: str
    text: str
    url: str | None = None
    outlet: str | None = None
    title: str | None = None
    byline: str | None = None
    published: dt.date | None = None
    language: str = "en"
    noise: tuple[NoiseSpan, ...] = ()
    republisher: str | None = None
    published_estimated: bool = False
    provenance: tuple[FieldSource, ...] = ()

    @property
    def words(self) -> int:
        return len(self.text.split())


@dataclass(frozen=True, slots=True)
class Mention(Record):
    """A named-entity mention. ``entity`` is the canonical name it resolves to within the article."""

    article_id: str
    start: int
    end: int
    text: str
    label: str
    entity: str


@dataclass(frozen=True, slots=True)
class Quote(Record):
    """A quotation. ``text`` is exactly ``article.text[start:end]`` (without the quote marks), or
    ``article.title[start:end]`` for a quote in the headline (``in_title``).

    Reported speech found by the attribution model (``kind`` "indirect") carries the model's
    ``confidence``; one kept for recall but under the model's balanced threshold is ``tentative``:
    kept in the extraction record and its exports, left out of every reader's view (briefings, summaries,
    article pages, search) and of comparisons.
    """

    article_id: str
    start: int
    end: int
    text: str
    kind: QuoteKind
    speaker: str | None
    cue: str | None = None
    speaker_start: int | None = None
    speaker_end: int | None = None
    in_title: bool = False
    confidence: float | None = None
    tentative: bool = False


@dataclass(frozen=True, slots=True)
class Claim(Record):
    """A numeric claim: ``low``..``high`` of ``unit`` about ``subject``.

    ``start``/``end`` span the number phrase; ``sentence_start``/``sentence_end`` the sentence, whose
    words are in ``text``.
    """

    article_id: str
    start: int
    end: int
    text: str
    quantity: str
    subject: str
    value: float
    low: float
    high: float
    unit: str
    hedge: str
    kind: str = "count"  # count | age | duration | percent | money | measure
    sentence_start: int = 0
    sentence_end: int = 0
    as_of: dt.date | None = None


@dataclass(frozen=True, slots=True)
class TimeRef(Record):
    """A time expression normalised to a date range, with its granularity."""

    article_id: str
    start: int
    end: int
    text: str
    start_date: dt.date | None
    end_date: dt.date | None
    granularity: str | None
    anchor: str = "publication"  # publication | previous | absolute | none


@dataclass(frozen=True, slots=True)
class Place(Record):
    """A geocoded place mention."""

    article_id: str
    start: int
    end: int
    text: str
    name: str
    kind: str  # city | region | country | continent | feature
    lat: float | None = None
    lon: float | None = None
    country: str | None = None
    gazetteer_id: str | None = None


@dataclass(frozen=True, slots=True)
class Skip(Record):
    """Why an input was not processed: shown to the user, stored, never silent."""

    source: str
    reason: str


@dataclass(frozen=True, slots=True)
class Extraction(Record):
    """Everything extracted from one article."""

    article: Article
    mentions: tuple[Mention, ...] = ()
    quotes: tuple[Quote, ...] = ()
    claims: tuple[Claim, ...] = ()
    times: tuple[TimeRef, ...] = ()
    places: tuple[Place, ...] = ()
    entities: tuple[str, ...] = field(default=())

    @property
    def firm_quotes(self) -> tuple[Quote, ...]:
        """The quotes readers are shown (briefings, summaries, article pages): all but the tentative
        attributions. (Claim sourcing skips tentative ones itself: ``compare.frames.cited_for``.)"""
        return tuple(q for q in self.quotes if not q.tentative)


_SPACE = re.compile(r"\s+")


def normalise_for_hash(text: str) -> str:
    """Text as hashed for identity: NFKC, whitespace folded, case kept."""
    return _SPACE.sub(" ", unicodedata.normalize("NFKC", text)).strip()


def content_id(text: str) -> str:
    """Stable article id: first 16 hex digits of the SHA-256 of the normalised clean text."""
    return hashlib.sha256(normalise_for_hash(text).encode("utf-8")).hexdigest()[:16]


# -- across articles (stories, compare) ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SourceRef(Record):
    """A pointer to the exact characters of an article: what every cross-article item cites."""

    article_id: str
    outlet: str
    start: int
    end: int
    text: str  # the cited sentence (or quote) as it stands in the article
    published: dt.date | None = None


@dataclass(frozen=True, slots=True)
class Entity(Record):
    """One real-world person, organisation or place merged across the articles of a story."""

    id: str
    name: str
    label: str
    aliases: tuple[str, ...] = ()
    mentions: int = 0
    outlets: tuple[tuple[str, int], ...] = ()  # (outlet, mention count)
    lat: float | None = None
    lon: float | None = None
    country: str | None = None
    gazetteer_id: str | None = None


@dataclass(frozen=True, slots=True)
class Story(Record):
    """Articles about one unfolding event. ``sources`` counts syndicated copies once."""

    id: str
    label: str
    article_ids: tuple[str, ...]
    outlets: tuple[str, ...]
    first_published: dt.date | None
    last_published: dt.date | None
    key_entities: tuple[str, ...] = ()
    duplicates: tuple[tuple[str, str], ...] = ()  # (copy article id, canonical article id)
    #: the thread of successive stories of one development this story belongs to (issue 14); every story
    #: has one, a story alone in its thread too.
    thread_id: str | None = None


@dataclass(frozen=True, slots=True)
class ClaimMember(Record):
    """One outlet's wording of a claim inside a ClaimGroup."""

    source: SourceRef
    quantity: str
    low: float
    high: float
    hedge: str
    as_of: dt.date | None
    cited: str = ""  # who the article cites for the figure ("the defence ministry"), "" when no one


@dataclass(frozen=True, slots=True)
class ClaimGroup(Record):
    """The same numeric claim across outlets, with its status and consensus range.

    ``status``: corroborated (two or more outlets, compatible ranges), contradicted (incompatible
    ranges for the same date), unique (one outlet), updated (a later figure replaced an earlier one).
    """

    id: str
    story_id: str
    subject: str
    unit: str
    kind: str
    status: str
    low: float | None
    high: float | None
    members: tuple[ClaimMember, ...]
    updates: tuple[str, ...] = ()  # ids of earlier groups this one supersedes
    event: str = ""  # what happened to the counted things: killed, injured, killed or wounded, deployed ...
    part: str = ""  # part words when the figure is a part of a larger whole ("first contingent")
    series: str = ""  # shared by the groups of one frame: the figure's history across dates and sources


@dataclass(frozen=True, slots=True)
class QuoteGroup(Record):
    """The same quote in several outlets (wording may differ slightly)."""

    id: str
    story_id: str
    speaker: str | None
    text: str
    members: tuple[tuple[SourceRef, str | None], ...]  # (where, speaker as that outlet attributes it)
    conflicting_speakers: bool = False


@dataclass(frozen=True, slots=True)
class Contradiction(Record):
    """Two statements about the same event that cannot both be true."""

    story_id: str
    topic: str
    first: SourceRef
    second: SourceRef
    reason: str


@dataclass(frozen=True, slots=True)
class TimelineEvent(Record):
    """A dated event of a story, merged across outlets."""

    story_id: str
    start: dt.date
    end: dt.date
    granularity: str
    text: str
    sources: tuple[SourceRef, ...]
