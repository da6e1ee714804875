"""``storyline build``: stored articles -> stories, each compared across its outlets.

Only what changed is recomputed: embeddings are computed once per article and stored; a story whose set
of articles is unchanged since the last build is left as it is; stories that no longer exist are removed.

The changed stories are computed first and written last, together with the removals, in one transaction
(``Store.replace_stories``): a build killed at any moment leaves the previous stories, and no article is
ever in two stories (issue 12, item 9).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import urlparse

import numpy as np

from .compare import align_claims, align_quotes, build_timeline, find_contradictions
from .compare.threads import ThreadFigure, thread_figures
from .config import Settings
from .embed import embed
from .metadata.estimate import published_fields
from .model import Article, ClaimGroup, Extraction, Story
from .resolve_across import canonical_names, merge_entities
from .store import Store
from .store.db import StoryWrite
from .stories import ArticleDigest, cluster, key_entities, label, neighbours, story_id, thread_id, threads

Progress = Callable[[str, int, int], None]

#: Version of the story JSON a build writes. It is part of each story's members hash, so the first build
#: after it changes rewrites every stored story: 2 (issue 11) stopped giving undated articles the story's
#: first date; ``published_estimate`` is now each article's own estimate from its text. 3 (issue 14):
#: stories by average linkage, labels from the most central article's title, and a ``thread_id`` (which
#: is part of the hash too, so a story whose thread changes is rewritten). 4 (issue 14): claim frames
#: (event, part, series, cited) and ``thread_figures``, whose inputs (the thread's other articles) are in
#: the hash.
STORY_FORMAT = 4


@dataclass
class BuildResult:
    """What a build did."""

    stories: int = 0
    rebuilt: list[str] = field(default_factory=list)
    unchanged: int = 0
    removed: int = 0
    embedded: int = 0


def outlet_of(article: Article) -> str:
    """The outlet's name, else the URL's host, else the file name: what readers call the source."""
    if article.outlet:
        return article.outlet
    if article.url:
        host = urlparse(article.url).hostname
        if host:
            return host.removeprefix("www.")
    return PurePosixPath(article.source.split(":")[0].split("#")[0]).name


def _digests(store: Store) -> list[ArticleDigest]:
    digests = []
    for row in store.digest_rows():
        outlet = row["outlet"] or PurePosixPath(row["source"]).name
        digests.append(
            ArticleDigest(
                id=row["id"],
                outlet=outlet,
                published=dt.date.fromisoformat(row["published"]) if row["published"] else None,
                title=row["title"],
                entities=frozenset((row["entities"] or "").split(",")) - {""},
                dup_of=row["dup_of"],
                lead=row["lead"],
            )
        )
    return digests


def _vectors(store: Store, digests: Sequence[ArticleDigest], settings: Settings) -> tuple[np.ndarray, int]:
    stored = store.vectors(settings.embedding_model)
    missing = [d.id for d in digests if d.id not in stored]
    if missing:
        texts = []
        for aid in missing:
            art = store.article(aid)
            texts.append(f"{art.title or ''}\n{art.text}" if art else "")
        fresh = embed(texts, model=settings.embedding_model)
        store.add_vectors(settings.embedding_model, [(a, v.tobytes()) for a, v in zip(missing, fresh, strict=True)])
        stored.update({a: v.tobytes() for a, v in zip(missing, fresh, strict=True)})
    matrix = (
        np.stack([np.frombuffer(stored[d.id], dtype=np.float32) for d in digests]) if digests else np.zeros((0, 384))
    )
    return matrix.astype(np.float32), len(missing)


def _estimated_bound(day: dt.date | None, extractions: Sequence[Extraction]) -> bool:
    """The story's first (or last) date comes from estimated dates only: no article states it."""
    on_day = [e.article for e in extractions if day is not None and e.article.published == day]
    return bool(on_day) and all(a.published_estimated for a in on_day)


def story_outlets(extractions: Sequence[Extraction]) -> Callable[[Article], str]:
    """``outlet_of`` for one story, with an outlet the table does not know named the same way in every
    article: an abbreviation one article gives ("CWS", from its dateline) is the spelled-out name another
    gives ("Continental Wire Service") when its letters are that name's initials."""
    names = {outlet_of(e.article) for e in extractions}
    spelled: dict[str, str] = {}
    for name in names:
        initials = "".join(word[0] for word in name.split() if word[:1].isupper())
        if len(initials) >= 2 and initials != name and initials in names:
            spelled[initials] = name

    def named(article: Article) -> str:
        name = outlet_of(article)
        return spelled.get(name, name)

    return named


def compare_story(
    story: Story, extractions: Sequence[Extraction], thread: Sequence[ThreadFigure] = ()
) -> dict[str, Any]:
    """Everything a briefing shows about one story, JSON-ready; ``thread`` holds its thread's figures
    (:func:`compare.threads.thread_figures`), of which those running through this story are kept."""
    outlet_of = story_outlets(extractions)
    copies = {c for c, _ in story.duplicates}
    sources = [e for e in extractions if e.article.id not in copies]  # a syndicated copy is not a second source
    entities = merge_entities(sources, outlet_of=outlet_of)
    canonical = canonical_names(entities)  # one heading per person: "Zelenskyy" quoted as "Zelensky"
    claim_groups = [_cited_canonical(g, canonical) for g in align_claims(story.id, sources, outlet_of=outlet_of)]
    quote_groups = [
        replace(g, speaker=canonical(g.speaker)) if g.speaker else g
        for g in align_quotes(story.id, sources, outlet_of=outlet_of)
    ]
    articles = [
        {
            "id": e.article.id,
            "outlet": outlet_of(e.article),
            "republisher": e.article.republisher,
            "title": e.article.title,
            **published_fields(e.article),
            "url": e.article.url,
            "source": e.article.source,
            "duplicate_of": dict(story.duplicates).get(e.article.id),
        }
        for e in extractions
    ]
    return {
        "story": story.to_dict()
        | {  # first/last published count estimated dates; these say when one is
            "first_published_estimated": _estimated_bound(story.first_published, extractions),
            "last_published_estimated": _estimated_bound(story.last_published, extractions),
        },
        "articles": articles,
        "entities": [e.to_dict() for e in entities],
        "claim_groups": [g.to_dict() for g in claim_groups],
        "quote_groups": [g.to_dict() for g in quote_groups],
        "timeline": [t.to_dict() for t in build_timeline(story.id, sources, outlet_of=outlet_of)],
        "contradictions": [
            c.to_dict() for c in find_contradictions(story.id, sources, claim_groups, outlet_of=outlet_of)
        ],
        "thread_figures": [f.to_dict() for f in thread if story.id in f.stories],
    }


def _cited_canonical(group: ClaimGroup, canonical: Callable[[str], str]) -> ClaimGroup:
    """``group`` with each member's cited source under the story's one name for it."""
    members = tuple(replace(m, cited=canonical(m.cited)) if m.cited else m for m in group.members)
    return group if members == group.members else replace(group, members=members)


def _extraction(store: Store, article_id: str, loaded: dict[str, Extraction | None]) -> Extraction | None:
    if article_id not in loaded:
        loaded[article_id] = store.extraction(article_id)
    return loaded[article_id]


def _thread_figures(
    store: Store,
    tid: str,
    stories: Sequence[tuple[str, str, Sequence[ArticleDigest]]],
    loaded: dict[str, Extraction | None],
    known: set[str],
) -> list[ThreadFigure]:
    """The figures of one thread whose history runs through two or more of its ``stories`` (id, label,
    members), aligned once for all of them; syndicated copies (an original in ``known``) are no source."""
    story_of = {m.id: sid for sid, _, members in stories for m in members}
    extractions = [ex for aid in story_of if (ex := _extraction(store, aid, loaded)) is not None]
    copies = {m.id for _, _, members in stories for m in members if m.dup_of in known}
    return thread_figures(
        tid,
        [e for e in extractions if e.article.id not in copies],
        story_of,
        labels={sid: story_label for sid, story_label, _ in stories},
        outlet_of=story_outlets(extractions),
    )


def build(store: Store, settings: Settings | None = None, *, progress: Progress | None = None) -> BuildResult:
    """Group all stored articles into stories and compare each story's claims, quotes and timeline.

    Args:
        store: the article store; stories are written back into it.
        settings: embedding model and thresholds; defaults work.
        progress: called as ``progress(stage, done, total)``.
    """
    settings = settings or Settings()
    result = BuildResult()
    digests = _digests(store)
    if progress:
        progress("embed", 0, len(digests))
    vectors, result.embedded = _vectors(store, digests, settings)
    graph = neighbours(vectors) if digests else None
    groups = cluster(digests, vectors, settings=settings, graph=graph)
    thread_of = threads(groups, vectors, settings=settings, graph=graph)
    by_id = {d.id: d for d in digests}
    sids = [story_id([digests[i].id for i in group], by_id) for group in groups]
    thread_first: dict[int, tuple[dt.date, str]] = {}
    for group, sid, thread in zip(groups, sids, thread_of, strict=True):
        first = min((d for i in group if (d := digests[i].published)), default=dt.date.max)
        thread_first[thread] = min(thread_first.get(thread, (first, sid)), (first, sid))
    previous = store.story_hashes()
    current: set[str] = set()
    writes: list[StoryWrite] = []
    thread_stories: dict[int, list[int]] = {}
    for k, thread in enumerate(thread_of):
        thread_stories.setdefault(thread, []).append(k)
    loaded: dict[str, Extraction | None] = {}  # a thread's extractions, read once for all its stories
    figures: list[ThreadFigure] | None = None  # the current thread's figures, aligned once when needed
    by_thread = sorted(range(len(groups)), key=lambda k: (thread_of[k], k))
    for done, k in enumerate(by_thread, start=1):
        group, sid, thread = groups[k], sids[k], thread_of[k]
        if done > 1 and thread != thread_of[by_thread[done - 2]]:
            loaded.clear()
            figures = None
        members = [digests[i] for i in group]
        ids = tuple(sorted(m.id for m in members))
        tid = thread_id(thread_first[thread][1])
        current.add(sid)
        others = [j for j in thread_stories[thread] if j != k]
        # the thread's other articles are part of the hash: a story's figure histories run through them
        thread_ids = sorted(digests[i].id for j in others for i in groups[j])
        members_hash = hashlib.sha256(
            "\n".join((f"format {STORY_FORMAT}", tid, *ids, "thread", *thread_ids)).encode()
        ).hexdigest()[:16]
        if previous.get(sid) == members_hash:
            result.unchanged += 1
            continue
        dates = [m.published for m in members if m.published]
        ordered = sorted(members, key=lambda m: (m.published or dt.date.max, m.id))
        cache = loaded if others else {}
        extractions = [ex for m in ordered if (ex := _extraction(store, m.id, cache)) is not None]
        # outlets named as the story's comparison names them ("CWS" is the wire another article spells out)
        named = story_outlets(extractions)
        outlets = {named(e.article) for e in extractions} if extractions else {m.outlet for m in members}
        story = Story(
            id=sid,
            label=label(members, vectors[group]),
            article_ids=tuple(m.id for m in ordered),
            outlets=tuple(sorted(outlets)),
            first_published=min(dates) if dates else None,
            last_published=max(dates) if dates else None,
            key_entities=tuple(key_entities(members)),
            duplicates=tuple((m.id, m.dup_of) for m in ordered if m.dup_of and m.dup_of in by_id),
            thread_id=tid,
        )
        if others and figures is None:
            in_thread = []
            for j in thread_stories[thread]:
                story_members = [digests[i] for i in groups[j]]
                in_thread.append((sids[j], label(story_members, vectors[groups[j]]), story_members))
            figures = _thread_figures(store, tid, in_thread, loaded, set(by_id))
        writes.append(StoryWrite.of(story, members_hash, compare_story(story, extractions, figures or ())))
        result.rebuilt.append(sid)
        if progress:
            progress("compare", done, len(groups))
    # one switch from the old stories to the new: written story by story, a build killed midway left the
    # articles that moved in two stories each until the next build (issue 12, item 9)
    result.removed = store.replace_stories(writes, keep=current, expected=previous)
    result.stories = len(current)
    return result
