"""The only module that knows the order of the stages: read -> clean -> nlp -> extract.

Each stage is a plain function over typed records, so the same code runs in a loop here, in a process
pool, or inside a Dask task.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

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
from .model import Article, Claim, Draft, Extraction, FieldSource, Skip, TimeRef, content_id
from .nlp import load_nlp
from .resolve import NameIndex
from .store import Store

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
        places=tuple(extract_places(doc, article, gazetteer=gazetteer)),
        entities=tuple(sorted({m.entity for m in mentions})),
    )


def extract_articles(articles: Iterable[Article], nlp: Language, settings: Settings) -> Iterator[Extraction]:
    """Parse articles in batches with spaCy and extract from each, in input order."""
    gazetteer = get_gazetteer(settings.min_city_population)
    pairs = ((a.text, a) for a in articles)
    for doc, article in nlp.pipe(pairs, as_tuples=True, batch_size=settings.batch_size):
        yield extract_doc(doc, article, gazetteer=gazetteer)


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
    return list(extract_articles([prepared], load_nlp(settings.model), settings))
