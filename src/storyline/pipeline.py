"""The only module that knows the order of the stages: read -> clean -> nlp -> extract.

Each stage is a plain function over typed records, so the same code runs in a loop here, in a process
pool, or inside a Dask task.
"""

from __future__ import annotations

import dataclasses
import logging
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from spacy.language import Language
from spacy.tokens import Doc, Span

from .chunking import split_text
from .clean import assemble, judge, mark_patterns
from .clean.repeated import mark_repeated_stream
from .config import Settings
from .dedupe import band_keys, copies_among, signature
from .extract.claims import extract_claims
from .extract.entities import extract_entities
from .extract.places import extract_places
from .extract.quotes import extract_quotes
from .extract.sentences import SpanIndex
from .extract.times import extract_times
from .gazetteer import Gazetteer, get_gazetteer
from .ingest.sources import iter_drafts
from .ingest.text import read_text
from .metadata.estimate import ESTIMATE_METHOD, estimate_published
from .metadata.text import read_metadata
from .model import Article, Claim, Draft, Extraction, FieldSource, Mention, Place, Quote, Skip, TimeRef, content_id
from .nlp import load_nlp
from .resolve import NameIndex
from .store import Store

LOGGER = logging.getLogger(__name__)

Progress = Callable[[int], None]


def prepare(draft: Draft) -> Article | Skip:
    """Clean a Draft into an Article (a Skip when no prose is left), its metadata completed from its text."""
    judged = judge(draft)
    meta = read_metadata(draft, [line for line in judged.lines if line.stripped])
    cleaned = assemble(judged, meta.noise_lines)
    if not cleaned.text.strip():
        return Skip(draft.source, "no article text left after removing noise")
    return Article(
        id=content_id(cleaned.text),
        source=draft.source,
        raw=draft.raw,
        text=cleaned.text,
        url=draft.url,
        outlet=meta.outlet,
        title=meta.title,
        byline=meta.byline,
        published=meta.published,
        language=cleaned.language if draft.language == "en" else draft.language,
        noise=cleaned.noise,
        republisher=meta.republisher,
        provenance=meta.provenance,
    )


def _date_claims(claims: Iterable[Claim], times: list[TimeRef], article: Article) -> Iterator[Claim]:
    """Give each claim the date it holds for: its own "as of" date, else a day-level time in its sentence,
    else the publication date."""
    days = [t for t in times if t.end_date and t.granularity == "day"]  # in text order, like ``times``
    index = SpanIndex(days, lambda t: (t.start, t.end))
    for claim in claims:
        if claim.as_of and claim.as_of != article.published:
            yield claim
            continue
        in_sentence = index.starting_in(claim.sentence_start, claim.sentence_end)
        as_of = in_sentence[-1].end_date if in_sentence else article.published
        yield dataclasses.replace(claim, as_of=as_of) if as_of != claim.as_of else claim


def _with_estimated_date(doc: Doc, article: Article) -> Article:
    """An undated article with the publication date its own text suggests (flagged, with the evidence),
    so its relative dates resolve against it; unchanged when it is dated or its text tells nothing."""
    if article.published is not None:
        return article
    est = estimate_published(doc, article)
    if est is None:
        return article
    sources = tuple(  # the deciding date first, then what corroborated or moved it
        FieldSource("published", ESTIMATE_METHOD, article.text[start:end], start, end, "text")
        for start, end in est.evidence
    )
    return dataclasses.replace(
        article, published=est.date, published_estimated=True, provenance=article.provenance + sources
    )


def _people(names: NameIndex) -> list[Span]:
    """The spans the name index's repaired labels call persons, when a gazetteer weighed place evidence
    against person evidence in labelling them (without one, spaCy's PERSON tags stand, "Sumy" included)."""
    if names.labelled_with is None:
        return []
    return [s for s in names.spans or () if s.label_ == "PERSON"]


def extract_doc(doc: Doc, article: Article, *, gazetteer: Gazetteer | None = None) -> Extraction:
    """Run every extractor over one parsed article (an undated one first gets a date estimated from its
    text, see ``metadata.estimate``)."""
    article = _with_estimated_date(doc, article)
    names = NameIndex.from_doc(doc, gazetteer=gazetteer)
    times = list(extract_times(doc, article))
    mentions = tuple(extract_entities(doc, article, names=names, gazetteer=gazetteer))
    return Extraction(
        article=article,
        mentions=mentions,
        quotes=tuple(extract_quotes(doc, article, names=names)),
        claims=tuple(_date_claims(extract_claims(doc, article), times, article)),
        times=tuple(times),
        places=tuple(extract_places(doc, article, gazetteer=gazetteer, people=_people(names))),
        entities=tuple(sorted({m.entity for m in mentions})),
    )


_Record = TypeVar("_Record", Mention, Quote, Claim, TimeRef, Place)


def _is_offset(name: str) -> bool:
    """Whether a record field named ``name`` is a character offset into the article text."""
    return name in ("start", "end") or name.endswith(("_start", "_end"))


def _shifted(record: _Record, offset: int) -> _Record:
    """``record`` with every character offset moved ``offset`` characters on (from a part to its article)."""
    changes = {
        f.name: value + offset
        for f in dataclasses.fields(record)
        if _is_offset(f.name) and (value := getattr(record, f.name)) is not None
    }
    return dataclasses.replace(record, **changes) if offset else record


@dataclass
class _Job:
    """One article on its way through the parser: its parts, what they gave so far, and then its result.

    A short article is one part, extracted exactly as a whole. A long one's parts are extracted in order,
    each as an article of its own whose records are then shifted onto the whole text; the first part comes
    first so that an undated article's date, estimated from it, holds for all of them.
    """

    article: Article
    parts: list[tuple[int, int]]
    found: list[Extraction] = field(default_factory=list)
    dated: Article | None = None
    result: Extraction | Skip | None = None

    def text(self, k: int) -> str:
        start, end = self.parts[k]
        return self.article.text[start:end]

    def add(self, k: int, doc: Doc, gazetteer: Gazetteer) -> None:
        """Extract from part ``k`` (parsed as ``doc``); the last part completes the result."""
        if len(self.parts) == 1:
            self.result = extract_doc(doc, self.article, gazetteer=gazetteer)
            return
        base = self.dated or self.article
        part = extract_doc(doc, dataclasses.replace(base, text=self.text(k)), gazetteer=gazetteer)
        if self.dated is None:
            self.dated = part.article  # part 0 starts at offset 0: its date evidence spans hold as they are
        offset = self.parts[k][0]
        self.found.append(Extraction(
            article=part.article,
            mentions=tuple(_shifted(m, offset) for m in part.mentions),
            quotes=tuple(_shifted(q, offset) for q in part.quotes),
            claims=tuple(_shifted(c, offset) for c in part.claims),
            times=tuple(_shifted(t, offset) for t in part.times),
            places=tuple(_shifted(p, offset) for p in part.places),
        ))
        if k == len(self.parts) - 1:
            mentions = tuple(m for f in self.found for m in f.mentions)
            self.result = Extraction(
                article=dataclasses.replace(self.dated, text=self.article.text),
                mentions=mentions,
                quotes=tuple(q for f in self.found for q in f.quotes),
                claims=tuple(c for f in self.found for c in f.claims),
                times=tuple(t for f in self.found for t in f.times),
                places=tuple(p for f in self.found for p in f.places),
                entities=tuple(sorted({m.entity for m in mentions})),
            )
            self.found = []

    def fail(self, exc: BaseException) -> None:
        LOGGER.warning("%s: extraction failed: %r", self.article.source, exc)
        LOGGER.debug("%s: extraction failed", self.article.source, exc_info=exc)
        self.result = Skip(self.article.source, f"extraction failed: {type(exc).__name__}: {exc}")


def _job(article: Article, settings: Settings, part_chars: int) -> _Job:
    """The article's job: its parts, or at once a Skip when its text is over ``settings.max_article_chars``."""
    size = len(article.text)
    if size > settings.max_article_chars:
        reason = (f"article text is {size:,} characters after cleaning, over the limit of "
                  f"{settings.max_article_chars:,} (setting max_article_chars)")
        return _Job(article, [], result=Skip(article.source, reason))
    return _Job(article, split_text(article.text, max_chars=part_chars))


def _parse(nlp: Language, texts: list[str]) -> list[Doc | Exception]:
    """Each text parsed, in one batch; when the batch fails, each text alone, so one bad text fails alone."""
    try:
        return list(nlp.pipe(texts, batch_size=len(texts)))
    except Exception as exc:  # noqa: BLE001 -- any failure of the model is one article's Skip
        if len(texts) == 1:
            return [exc]
    return [_parse(nlp, [text])[0] for text in texts]


def _run_batch(batch: list[tuple[_Job, int]], nlp: Language, gazetteer: Gazetteer) -> None:
    """Parse a batch of parts and extract from each; a failing part turns its article into a Skip."""
    docs = _parse(nlp, [job.text(k) for job, k in batch])
    for (job, k), doc in zip(batch, docs, strict=True):
        if job.result is not None:  # an earlier part failed
            continue
        if isinstance(doc, Exception):
            job.fail(doc)
            continue
        try:
            job.add(k, doc, gazetteer)
        except Exception as exc:  # noqa: BLE001 -- an extractor's bug loses this article, not the batch
            job.fail(exc)


def extract_articles(
    articles: Iterable[Article], nlp: Language, settings: Settings
) -> Iterator[Extraction | Skip]:
    """Parse articles in batches with spaCy and extract from each, in input order.

    Batches hold at most ``settings.batch_size`` texts and ``settings.batch_chars`` characters, since the
    parser's memory follows the characters it holds at once. An article longer than
    ``settings.part_chars`` is parsed and extracted in parts (``chunking.split_text``), its records' spans
    shifted back onto its whole text (issue 12, item 1). An article over ``settings.max_article_chars``,
    or one the parser or an extractor fails on, comes out as a Skip naming it; the rest of its batch is
    unaffected.
    """
    gazetteer = get_gazetteer(settings.min_city_population)
    part_chars = max(2, min(settings.part_chars, nlp.max_length))  # never a part over spaCy's guard
    queue: deque[_Job] = deque()
    batch: list[tuple[_Job, int]] = []
    chars = 0
    for article in articles:
        job = _job(article, settings, part_chars)
        queue.append(job)
        for k, (start, end) in enumerate(job.parts):
            if batch and (len(batch) >= settings.batch_size or chars + end - start > settings.batch_chars):
                _run_batch(batch, nlp, gazetteer)
                batch, chars = [], 0
                while queue and (done := queue[0].result) is not None:
                    queue.popleft()
                    yield done
            batch.append((job, k))
            chars += end - start
    if batch:
        _run_batch(batch, nlp, gazetteer)
    for job in queue:
        assert job.result is not None  # every part of every article was parsed
        yield job.result


def extract_batch(items: Sequence[Draft | Article | Skip], settings: Settings) -> list[Extraction | Skip]:
    """Clean and extract one batch of Drafts: the unit of work of a process pool or a Dask task.

    A top-level function of picklable records, so it runs anywhere: the spaCy pipeline and the gazetteer
    are loaded on first use and cached per process. The result keeps the input order (a Skip stays a
    Skip; a Draft with no prose left becomes one; an Article, already cleaned by ``prepare``, is parsed
    as it is).
    """
    prepared = [item if isinstance(item, (Skip, Article)) else prepare(item) for item in items]
    articles = [p for p in prepared if isinstance(p, Article)]
    extracted = iter(extract_articles(articles, load_nlp(settings.model), settings)) if articles else iter(())
    return [item if isinstance(item, Skip) else next(extracted) for item in prepared]


def outlet_hint(draft: Draft) -> str | None:
    """A draft's outlet as its reader and its text's credit and dateline lines give it (no classifier):
    enough to group an outlet's articles when looking for the lines it repeats."""
    if draft.outlet:
        return draft.outlet
    marked = mark_patterns(draft)
    return read_metadata(draft, [line for line in marked.lines if line.stripped]).outlet


def read_drafts(paths: Iterable[str | Path], settings: Settings) -> Iterator[Draft | Skip]:
    """Every input under ``paths`` as a Draft (or a Skip), with the lines its outlet repeats across its
    articles already marked as noise (``clean.repeated``)."""
    return mark_repeated_stream(iter_drafts(paths, settings=settings), outlet_hint)


def run(
    paths: Iterable[str | Path], settings: Settings, *, progress: Progress | None = None
) -> Iterator[Extraction | Skip]:
    """Read, clean and extract every article under ``paths``; bad inputs come out as Skips."""
    nlp = load_nlp(settings.model)
    skips: list[Skip] = []

    def articles() -> Iterator[Article]:
        for item in read_drafts(paths, settings):
            prepared = item if isinstance(item, Skip) else prepare(item)
            if isinstance(prepared, Skip):
                skips.append(prepared)
                if progress:
                    progress(1)
                continue
            yield prepared

    for extraction in extract_articles(articles(), nlp, settings):
        while skips:
            yield skips.pop(0)
        if progress:
            progress(1)
        yield extraction
    yield from skips


@dataclass
class IngestCounts:
    """What an ingest did: articles added, already stored, stored as new versions, duplicates, skipped."""

    added: int = 0
    existing: int = 0
    new_version: int = 0
    duplicates: int = 0
    skipped: int = 0

    @property
    def processed(self) -> int:
        return self.added + self.existing + self.new_version


class StoreWriter:
    """Writes extractions to a store one at a time (each in its own transaction), marking near-duplicates.

    Near-duplicates are looked up in the store's band table (see ``dedupe``), so a long run writes batch
    after batch through one writer in constant memory; ``counts`` adds up what was written.
    """

    def __init__(self, store: Store, counts: IngestCounts | None = None) -> None:
        self.store = store
        self.counts = counts if counts is not None else IngestCounts()

    def write(self, item: Extraction | Skip) -> None:
        """Store one extraction (or record one Skip) and count it."""
        counts = self.counts
        if isinstance(item, Skip):
            self.store.add_skip(item)
            counts.skipped += 1
            return
        values = signature(item.article.text)
        bands = band_keys(values)
        found = copies_among(values, self.store.band_candidates(bands))
        copies = [aid for aid, _ in found if aid != item.article.id]
        result = self.store.add(item, signature=values.tobytes(), bands=bands, dup_of=copies[0] if copies else None)
        if result != "existing":
            counts.duplicates += bool(copies)
        setattr(counts, result, getattr(counts, result) + 1)


def ingest_into(store: Store, items: Iterable[Extraction | Skip]) -> IngestCounts:
    """Store extractions (each in its own transaction), marking near-duplicates of stored articles.

    A syndicated copy is still stored (it is another outlet's article) but points at the article it copies,
    so stories count it once.
    """
    writer = StoreWriter(store)
    for item in items:
        writer.write(item)
    return writer.counts


def extract(text_or_path: str | Path, *, settings: Settings | None = None) -> list[Extraction]:
    """Extract everything from one article text, or from every article in a file or directory.

    Args:
        text_or_path: article text (optionally with ``title:``/``date`` header lines), or a path.
        settings: model and limits; defaults work.

    Returns:
        One Extraction per article that could be read (skipped inputs are logged, not returned).
    """
    settings = settings or Settings()
    is_path = isinstance(text_or_path, Path) or (
        "\n" not in text_or_path and len(text_or_path) < 4096 and Path(text_or_path).exists()
    )
    if is_path:
        return [r for r in run([text_or_path], settings) if isinstance(r, Extraction)]
    prepared = prepare(read_text(str(text_or_path), source="<text>"))
    if isinstance(prepared, Skip):
        return []
    return [r for r in extract_articles([prepared], load_nlp(settings.model), settings) if isinstance(r, Extraction)]
