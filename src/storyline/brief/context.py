"""The briefing context: everything a briefing shows about one story, as one JSON-ready dict.

Built once from the stored story (the JSON ``storyline build`` writes) and the stored extractions of its
articles; the HTML, Markdown and JSON renderers are views of it (``docs/briefing.md`` documents every
field, ``docs/briefing-schema.json`` is its JSON Schema). Every item that cites an article carries an
``anchor``: the id of the highlighted span in that article's section (``a-<article id>-<start>``).
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from ..errors import StorylineError
from ..metadata.estimate import published_fields
from ..model import Extraction
from ..store import Store
from .headline import headline
from .places import aggregate, mark_doubtful, person_names
from .top import key_figures, whats_new
from .values import STATUS_ORDER, given_by, range_text

#: Name and version of the context format (bumped when a field changes meaning or disappears).
FORMAT = "storyline.briefing"
VERSION = 1
#: How the numbers section orders claim groups: disputed figures first, then the confirmed ones, then
#: superseded ones, then figures only one outlet gives.
#: People and organisations listed, most mentioned first (the full list is in the stored story).
ENTITY_LIMIT = 25


class StoryNotFound(StorylineError, LookupError):
    """No stored story has the requested id (or the prefix matches several)."""


def anchor_id(article_id: str, start: int) -> str:
    """The HTML id of the span starting at ``start`` in an article's section."""
    return f"a-{article_id}-{start}"


def _finite(value: float | None) -> float | None:
    """A number JSON can carry: infinities (an open "at least" range) and NaN become None."""
    return value if value is not None and math.isfinite(value) else None


def _when(start: str, end: str) -> str:
    return start if start == end else f"{start} – {end}"


class _Cites:
    """Collects the spans items cite, so each gets an anchor in its article."""

    def __init__(self, articles: Mapping[str, Mapping[str, Any]]) -> None:
        self.articles = articles
        self.targets: dict[str, dict[int, int]] = defaultdict(dict)  # article -> start -> longest end

    def cite(self, ref: Mapping[str, Any]) -> dict[str, Any]:
        aid, start, end = ref["article_id"], int(ref["start"]), int(ref["end"])
        ends = self.targets[aid]
        ends[start] = max(ends.get(start, end), end)
        meta = self.articles.get(aid, {})
        estimate = meta.get("published_estimate")
        published = (meta.get("published") or estimate) if aid in self.articles else ref.get("published")
        return {
            "article_id": aid,
            "outlet": ref.get("outlet") or meta.get("outlet") or aid,
            "published": published,
            "published_estimated": bool(estimate) and published == estimate,
            "start": start,
            "end": end,
            "text": ref.get("text") or "",
            "anchor": anchor_id(aid, start),
        }


def _numbers(
    groups: Sequence[Mapping[str, Any]], cites: _Cites, thread: Sequence[Mapping[str, Any]] = ()
) -> list[dict[str, Any]]:
    updated_by: dict[str, list[str]] = defaultdict(list)
    for g in groups:
        for old in g.get("updates", []):
            updated_by[old].append(g["id"])
    out = []
    for g in groups:
        members = []
        for m in g.get("members", []):
            cite = cites.cite(m["source"])
            members.append(
                {
                    "cite": cite,
                    "quantity": m["quantity"],
                    "low": _finite(m["low"]),
                    "high": _finite(m["high"]),
                    "hedge": m["hedge"],
                    "as_of": m.get("as_of"),
                    # a figure dated by its article's estimated publication date is "as of" an estimate
                    "as_of_estimated": cite["published_estimated"] and m.get("as_of") == cite["published"],
                    "cited": m.get("cited", ""),
                }
            )
        outlets = sorted({m["cite"]["outlet"] for m in members})
        if g.get("low") is None and g.get("high") is None and members:
            values = sorted({(m["low"], m["high"]) for m in members})
            shown = " vs ".join(range_text(lo, hi) for lo, hi in values)
            display = f"{shown}%" if g["unit"] == "%" else f"{shown} {g['unit']}".strip()
        else:
            display = range_text(g.get("low"), g.get("high"), g["unit"])
        out.append(
            {
                "id": g["id"],
                "subject": g["subject"],
                "unit": g["unit"],
                "kind": g.get("kind", "count"),
                "status": g["status"],
                "low": _finite(g.get("low")),
                "high": _finite(g.get("high")),
                "range": display,
                "outlets": outlets,
                "updates": list(g.get("updates", [])),
                "updated_by": updated_by.get(g["id"], []),
                "members": members,
                "event": g.get("event", ""),
                "part": g.get("part", ""),
                "series": g.get("series", ""),
            }
        )
    histories = _histories(out)
    for n in out:  # the history is shown once, on the series' latest group
        rows, latest = histories.get(n["series"], ([], ""))
        n["history"] = rows if latest == n["id"] else []
    threaded = _thread_histories(thread, out)
    for n in out:
        n["thread_history"] = threaded.get(n["id"], [])
    out.sort(key=lambda n: (STATUS_ORDER.get(n["status"], 9), -len(n["outlets"]), n["subject"]))
    return out


def _thread_histories(
    figures: Sequence[Mapping[str, Any]], numbers: Sequence[Mapping[str, Any]]
) -> dict[str, list[dict[str, Any]]]:
    """Each number (group id) whose figure runs through other stories of the thread -> that history, one row
    per report, oldest first; given on one group of the figure only (the one holding its latest report in
    this story)."""
    out: dict[str, list[dict[str, Any]]] = {}
    for figure in figures:
        keys = {(r["article_id"], r["quantity"]) for r in figure["rows"]}
        mine = [
            n for n in numbers if any((m["cite"]["article_id"], m["quantity"]) in keys for m in n["members"])
        ]
        if not mine:
            continue
        latest = max(mine, key=lambda n: max((m["as_of"] or "" for m in n["members"]), default=""))
        out[latest["id"]] = [
            {
                "as_of": r["as_of"],
                "value": r["quantity"],
                "source": given_by(r["outlet"], r["cited"]),
                "story_id": r["story_id"],
                "story": r.get("story_label", ""),
            }
            for r in figure["rows"]
        ]
    return out


def _histories(numbers: Sequence[Mapping[str, Any]]) -> dict[str, tuple[list[dict[str, Any]], str]]:
    """Each series (the groups of one frame) with two or more groups -> its figure's history (one row per
    date and figure, oldest first, with who gives it) and the id of the group holding its latest dated
    row."""
    by_series: dict[str, list[Mapping[str, Any]]] = defaultdict(list)
    for n in numbers:
        if n["series"]:
            by_series[n["series"]].append(n)
    out: dict[str, tuple[list[dict[str, Any]], str]] = {}
    for series, groups in by_series.items():
        if len(groups) < 2:
            continue
        rows: dict[tuple[str, str], dict[str, Any]] = {}
        for g in groups:
            for m in g["members"]:
                value = range_text(m["low"], m["high"], g["unit"]) if m["low"] is not None else m["quantity"]
                row = rows.setdefault(
                    (m["as_of"] or "", value),
                    {"as_of": m["as_of"], "value": value, "status": g["status"], "group": g["id"], "sources": []},
                )
                source = given_by(m["cite"]["outlet"], m["cited"])
                if source not in row["sources"]:
                    row["sources"].append(source)
        history = sorted(rows.values(), key=lambda r: (r["as_of"] is None, r["as_of"] or "", r["value"]))
        dated = [r for r in history if r["as_of"]]
        out[series] = (history, (dated or history)[-1]["group"])
    return out


def speaker_names(entities: Sequence[Mapping[str, Any]]) -> dict[str, str]:
    """Each spelling or short form of a story's people and organisations (case-folded) -> the name the
    story's entity list gives them ("zelensky" -> "Volodymyr Zelenskyy")."""
    names: dict[str, str] = {}
    for e in entities:
        if e.get("label") in ("PERSON", "ORG"):
            for form in (e["name"], *e.get("aliases", ())):
                names.setdefault(form.casefold(), e["name"])
    return names


def _speakers(
    groups: Sequence[Mapping[str, Any]],
    cites: _Cites,
    kinds: Mapping[tuple[str, int], str],
    names: Mapping[str, str] | None = None,
) -> list:
    """Quote groups under their speakers, one heading per person whatever spelling each outlet used."""
    names = names or {}
    by_speaker: dict[str | None, list[dict[str, Any]]] = defaultdict(list)
    for g in groups:
        members = [{"cite": cites.cite(ref), "attributed_to": who} for ref, who in g.get("members", [])]
        first = members[0]["cite"] if members else {}
        speaker = g.get("speaker")
        by_speaker[names.get(speaker.casefold(), speaker) if speaker else None].append(
            {
                "id": g["id"],
                "text": g["text"],
                "kind": kinds.get((first.get("article_id", ""), first.get("start", -1)), "direct"),
                "conflicting_speakers": bool(g.get("conflicting_speakers")),
                "outlets": sorted({m["cite"]["outlet"] for m in members}),
                "members": members,
            }
        )
    order = sorted(by_speaker, key=lambda s: (s is None, -len(by_speaker[s]), s or ""))
    return [{"speaker": s, "quotes": by_speaker[s]} for s in order]


def _outlets(articles: Sequence[Mapping[str, Any]], numbers: Sequence[Mapping[str, Any]], speakers: list) -> list:
    table: dict[str, dict[str, Any]] = {}
    for a in articles:
        carrier = a.get("republisher") or a["outlet"]  # a republished wire story is listed under its site
        o = table.setdefault(
            carrier,
            {
                "name": carrier,
                "articles": [],
                "copies": 0,
                "first_published": None,
                "last_published": None,
                "first_published_estimated": False,
                "last_published_estimated": False,
                "claims": Counter(),
                "quotes": 0,
                "_dates": [],
            },
        )
        o["articles"].append(a["id"])
        o["copies"] += bool(a.get("duplicate_of"))
        if a.get("published") or a.get("published_estimate"):
            o["_dates"].append((a.get("published") or a["published_estimate"], not a.get("published")))
    for n in numbers:
        for name in n["outlets"]:
            if name in table:
                table[name]["claims"][n["status"]] += 1
    for s in speakers:
        for q in s["quotes"]:
            for name in q["outlets"]:
                if name in table:
                    table[name]["quotes"] += 1
    out = []
    for o in table.values():
        o["claims"] = {status: o["claims"].get(status, 0) for status in STATUS_ORDER}
        dates = o.pop("_dates")
        if dates:
            o["first_published"], o["last_published"] = min(d for d, _ in dates), max(d for d, _ in dates)
            o["first_published_estimated"] = _estimated_only(o["first_published"], dates)
            o["last_published_estimated"] = _estimated_only(o["last_published"], dates)
        out.append(o)
    out.sort(key=lambda o: (o["first_published"] or "9999", o["name"]))
    return out


def _estimated_only(day: str | None, dates: Iterable[tuple[str | None, bool]]) -> bool:
    """``day`` is a date only estimates give: no (date, estimated) pair states it."""
    on_day = [estimated for d, estimated in dates if d == day]
    return bool(on_day) and all(on_day)


def _spans(ex: Extraction, targets: Mapping[int, int], statuses: Mapping[tuple[int, str], str]) -> list:
    spans: list[dict[str, Any]] = []
    for q in ex.firm_quotes:
        if q.in_title:
            continue  # its offsets are into the headline, not the text
        who = q.speaker or "unattributed"
        spans.append({"start": q.start, "end": q.end, "kind": "quote", "title": f"{q.kind} quote: {who}"})
    for c in ex.claims:
        status = statuses.get((c.sentence_start, c.quantity), "")
        title = f"{c.quantity} {c.unit} ({c.subject})" + (f", {status}" if status else "")
        spans.append({"start": c.start, "end": c.end, "kind": "claim", "title": title})
    for t in ex.times:
        resolved = _when(t.start_date.isoformat(), t.end_date.isoformat()) if t.start_date and t.end_date else "?"
        spans.append({"start": t.start, "end": t.end, "kind": "time", "title": f"{t.text}: {resolved}"})
    for p in ex.places:
        where = ", ".join(filter(None, (p.kind, p.country)))
        spans.append({"start": p.start, "end": p.end, "kind": "place", "title": f"{p.name} ({where})"})
    # Each cited start gets one link target: the longest cited span starting there.
    for start, end in targets.items():
        match = next((s for s in spans if s["start"] == start and s["end"] == end), None)
        if match is None:
            match = {"start": start, "end": end, "kind": "sentence"}
            spans.append(match)
        match["id"] = anchor_id(ex.article.id, start)
    spans.sort(key=lambda s: (s["start"], -s["end"], s["kind"]))
    return spans


def context_from(data: Mapping[str, Any], extractions: Iterable[Extraction]) -> dict[str, Any]:
    """Assemble the briefing context from a stored story and its articles' extractions.

    Args:
        data: the story JSON ``storyline build`` stores (``build.compare_story``).
        extractions: the stored extractions of the story's articles (any order; missing ones are
            shown without text).

    Returns:
        The JSON-ready context (see ``docs/briefing.md``).
    """
    story = data["story"]
    by_id = {ex.article.id: ex for ex in extractions}
    # each article's date comes from its stored record, so a story stored before issue 11 (an undated
    # article given the story's first date) shows no borrowed date
    meta = {
        a["id"]: {**a, **(published_fields(by_id[a["id"]].article) if a["id"] in by_id else {})}
        for a in data.get("articles", [])
    }
    copies = {c for c, _ in story.get("duplicates", [])}
    order = [aid for aid in story["article_ids"] if aid in by_id]
    outlet = {aid: meta.get(aid, {}).get("outlet") or by_id[aid].article.outlet or aid for aid in order}
    cites = _Cites(meta)
    sources = [by_id[aid] for aid in order if aid not in copies]
    source_texts = [
        {
            "id": ex.article.id,
            "outlet": outlet[ex.article.id],
            "published": meta.get(ex.article.id, {}).get("published")
            or meta.get(ex.article.id, {}).get("published_estimate"),
            "text": ex.article.text,
        }
        for ex in sources
    ]
    summary = []
    for item in headline(source_texts, data.get("claim_groups", []), data.get("timeline", []), title=story["label"]):
        cite = cites.cite(item)
        summary.append(
            {
                "text": item["text"],
                "cite": cite,
                "score": item["score"],
                "lead": item["lead"],
                "also_reported_by": item["also_reported_by"],
            }
        )
    numbers = _numbers(data.get("claim_groups", []), cites, data.get("thread_figures", []))
    kinds = {(ex.article.id, q.start): q.kind for ex in sources for q in ex.quotes if not q.in_title}
    speakers = _speakers(data.get("quote_groups", []), cites, kinds, speaker_names(data.get("entities", [])))
    timeline = [
        {
            "start": t["start"],
            "end": t["end"],
            "granularity": t.get("granularity"),
            "when": _when(t["start"], t["end"]),
            "text": t["text"],
            "sources": [cites.cite(s) for s in t.get("sources", [])],
        }
        for t in data.get("timeline", [])
    ]
    contradictions = []
    for c in data.get("contradictions", []):
        pair = {(c["first"]["article_id"], c["first"]["start"]), (c["second"]["article_id"], c["second"]["start"])}
        group = next(
            (
                n["id"]
                for n in numbers
                if n["subject"] == c["topic"]
                and pair <= {(m["cite"]["article_id"], m["cite"]["start"]) for m in n["members"]}
            ),
            None,
        )
        contradictions.append(
            {
                "topic": c["topic"],
                "reason": c["reason"],
                "claim_group": group,
                "first": cites.cite(c["first"]),
                "second": cites.cite(c["second"]),
            }
        )
    places = aggregate(sources, outlet, cites.cite)
    mark_doubtful(places, person_names(data.get("entities", [])))
    statuses = {
        (m["cite"]["article_id"], m["cite"]["start"], m["quantity"]): n["status"] for n in numbers for m in n["members"]
    }
    articles = []
    for aid in order:
        ex, m = by_id[aid], meta.get(aid, {})
        art = ex.article
        own = {(s, q): st for (a, s, q), st in statuses.items() if a == aid}
        articles.append(
            {
                "id": aid,
                "outlet": outlet[aid],
                "republisher": art.republisher,
                "title": art.title,
                "byline": art.byline,
                **published_fields(art),
                "url": art.url,
                "source": art.source,
                "duplicate_of": m.get("duplicate_of"),
                "words": art.words,
                "text": art.text,
                "counts": {
                    "quotes": len(ex.firm_quotes),
                    "claims": len(ex.claims),
                    "times": len(ex.times),
                    "places": len(ex.places),
                },
                "spans": _spans(ex, cites.targets.get(aid, {}), own),
                "noise": [{"kind": n.kind, "text": n.text} for n in art.noise],
            }
        )
    entities = [
        {
            "name": e["name"],
            "label": e["label"],
            "aliases": list(e.get("aliases", [])),
            "mentions": e.get("mentions", 0),
            "outlets": sorted(o for o, _ in e.get("outlets", [])),
        }
        for e in data.get("entities", [])
        if e.get("label") in {"PERSON", "ORG"}
    ][:ENTITY_LIMIT]
    dated = [
        (d["published"] or d["published_estimate"], not d["published"])
        for d in (published_fields(ex.article) for ex in by_id.values())
        if d["published"] or d["published_estimate"]
    ]
    from .. import __version__

    return {
        "format": FORMAT,
        "version": VERSION,
        "generator": f"storyline {__version__}",
        "story": {
            "id": story["id"],
            "label": story["label"],
            "first_published": story.get("first_published"),
            "last_published": story.get("last_published"),
            "first_published_estimated": _estimated_only(story.get("first_published"), dated),
            "last_published_estimated": _estimated_only(story.get("last_published"), dated),
            "key_entities": list(story.get("key_entities", [])),
            "outlets": list(story.get("outlets", [])),
            "articles": len(story["article_ids"]),
            "sources": len(story["article_ids"]) - len(copies),
        },
        "whats_new": whats_new(story, numbers, timeline, summary),
        "key_figures": key_figures(numbers),
        "summary": summary,
        "numbers": numbers,
        "contradictions": contradictions,
        "speakers": speakers,
        "timeline": timeline,
        "places": places,
        "outlets": _outlets(articles, numbers, speakers),
        "entities": entities,
        "articles": articles,
    }


def briefing_context(store: Store, story_id: str) -> dict[str, Any]:
    """Everything the briefing of one stored story shows, as one JSON-ready dict.

    Args:
        store: a store on which ``storyline build`` has run.
        story_id: the story's id, or a prefix of it that matches one story.

    Returns:
        The briefing context (see ``docs/briefing.md``).

    Raises:
        StoryNotFound: no story (or several) matches ``story_id``.
    """
    data = store.story(story_id)
    if data is None:
        raise StoryNotFound(f"no story with id {story_id!r} in {store.path} (see `storyline stories`)")
    extractions = [ex for aid in data["story"]["article_ids"] if (ex := store.extraction(aid)) is not None]
    return context_from(data, extractions)
