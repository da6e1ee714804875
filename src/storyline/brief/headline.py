"""The briefing's headline summary: a few central sentences of the sources, each cited.

Extractive on purpose: every summary line is a sentence an outlet published, so it can be checked
against its source. A sentence is *central* when the facts it states are reported by other outlets too:
its score counts, over the numeric claims and dated events it carries, the other outlets that report the
same figure or event. News leads carry the story's main facts, so a source's first sentence gets a
bonus, larger when the source shares many facts with other outlets. The best sentences are picked
greedily — one per article, none repeating an already picked one — and shown in publication order.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import Any

from rapidfuzz import fuzz

from ..compare import sentence_spans

#: Sentences picked at most / at least (when the sources have that many sentences): a briefing's lead
#: paragraph, short enough to read first.
SUMMARY_MAX = 5
SUMMARY_MIN = 3
#: Bonus of a source's first sentence (the news lead), plus LEAD_SUPPORT_WEIGHT times the number of
#: other-outlet confirmations of the facts anywhere in that source. Chosen on the demo stories so a lead
#: that restates the main corroborated figures outranks a later sentence carrying one shared figure,
#: while a body sentence carrying two disputed figures still outranks a lead with none.
LEAD_BONUS = 1.5
LEAD_SUPPORT_WEIGHT = 0.25
#: Weight of a shared dated event relative to a shared figure: dates are matched more loosely than
#: numbers (same day, any wording), so they count for less.
EVENT_WEIGHT = 0.5
#: Two sentences at least this similar (rapidfuzz token_set_ratio, 0-100) say the same thing; the second
#: is skipped. 70 separates rewordings of one lead ("Dam breach kills three" in two wire copies) from
#: different sentences sharing names.
SIMILAR = 70.0
#: A sentence at least this similar to the story's title (rapidfuzz ratio of the case-folded texts,
#: 0-100) is the title again: the briefing shows it as its headline, so the summary skips it. 90 allows
#: a changed punctuation mark or a dropped word, not a different sentence on the same event.
TITLE_SIMILAR = 90.0
#: Below this score a sentence is not central (no other outlet reports any of its facts and it is not a
#: lead); such sentences only fill the summary up to SUMMARY_MIN.
CENTRAL_MIN = 1.0
#: Sentences outside this length (words) are skipped: datelines and captions below, run-on paragraphs
#: above.
MIN_WORDS, MAX_WORDS = 8, 70

Key = tuple[str, int, int]  # article id, start, end


def _support(members: Sequence[Mapping[str, Any]]) -> tuple[dict[Key, float], set[str]]:
    """Each cited sentence's count of *other* outlets reporting the same item, and the item's outlets."""
    outlets = {m["outlet"] for m in members}
    out: dict[Key, float] = {}
    for m in members:
        key = (m["article_id"], m["start"], m["end"])
        out[key] = max(out.get(key, 0.0), len(outlets - {m["outlet"]}))
    return out, outlets


def headline(
    articles: Sequence[Mapping[str, Any]],
    claim_groups: Sequence[Mapping[str, Any]],
    timeline: Sequence[Mapping[str, Any]],
    *,
    title: str = "",
) -> list[dict[str, Any]]:
    """Pick the story's central sentences.

    Args:
        articles: the story's sources (syndicated copies left out), each with ``id``, ``outlet``,
            ``published`` (ISO date or None) and ``text``.
        claim_groups: the story's claim groups as stored (members with ``source`` refs).
        timeline: the story's timeline events as stored (with ``sources`` refs).
        title: the story's title; a sentence repeating it is not picked (the page shows it above).

    Returns:
        Up to ``SUMMARY_MAX`` items ``{"article_id", "outlet", "published", "start", "end", "text",
        "score", "lead", "also_reported_by"}`` in publication order; ``also_reported_by`` lists the
        other outlets that report a figure or event of the sentence.
    """
    by_id = {a["id"]: a for a in articles}
    order = {a["id"]: i for i, a in enumerate(articles)}
    score: dict[Key, float] = defaultdict(float)
    others: dict[Key, set[str]] = defaultdict(set)
    article_support: dict[str, float] = defaultdict(float)
    items = [([m["source"] for m in g.get("members", [])], 1.0) for g in claim_groups]
    items += [(list(t.get("sources", [])), EVENT_WEIGHT) for t in timeline]
    for refs, weight in items:
        refs = [r for r in refs if r.get("article_id") in by_id]
        support, outlets = _support(refs)
        for key, n in support.items():
            score[key] += weight * n
            article_support[key[0]] += weight * n
            others[key] |= outlets - {by_id[key[0]]["outlet"]}
    leads: dict[str, Key] = {}
    for a in articles:
        spans = sentence_spans(a["text"])
        lead = next((s for s in spans if MIN_WORDS <= len(a["text"][s[0] : s[1]].split())), None)
        if lead:
            key = (a["id"], *lead)
            leads[a["id"]] = key
            score[key] += LEAD_BONUS + LEAD_SUPPORT_WEIGHT * article_support[a["id"]]
    ranked = sorted(score, key=lambda k: (-score[k], order[k[0]], k[1]))
    # One sentence per source, unless there are too few sources to reach SUMMARY_MIN that way.
    cap = max(1, math.ceil(SUMMARY_MIN / max(1, len(articles))))
    picked: list[Key] = []
    texts: list[str] = []
    for key in ranked:
        if len(picked) >= SUMMARY_MAX or (score[key] < CENTRAL_MIN and len(picked) >= SUMMARY_MIN):
            break
        text = " ".join(by_id[key[0]]["text"][key[1] : key[2]].split())
        if not MIN_WORDS <= len(text.split()) <= MAX_WORDS or sum(p[0] == key[0] for p in picked) >= cap:
            continue
        if any(fuzz.token_set_ratio(text, t) >= SIMILAR for t in texts):
            continue
        if title and fuzz.ratio(text.casefold(), title.casefold()) >= TITLE_SIMILAR:
            continue
        picked.append(key)
        texts.append(text)
    picked.sort(key=lambda k: (by_id[k[0]].get("published") or "9999", order[k[0]], k[1]))
    return [
        {
            "article_id": k[0],
            "outlet": by_id[k[0]]["outlet"],
            "published": by_id[k[0]].get("published"),
            "start": k[1],
            "end": k[2],
            "text": " ".join(by_id[k[0]]["text"][k[1] : k[2]].split()),
            "score": round(score[k], 2),
            "lead": leads.get(k[0]) == k,
            "also_reported_by": sorted(others[k]),
        }
        for k in picked
    ]
