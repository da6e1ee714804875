"""A hostile story: article text, metadata and names full of HTML/JS/Markdown injection payloads."""

from __future__ import annotations

import datetime as dt
from typing import Any

from storyline.brief import context_from
from storyline.model import Article, Claim, Extraction, NoiseSpan, Place, Quote, TimeRef

PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">click</a>',
    '"><svg onload=alert(1)>',
    "</span></div><script>alert(2)</script>",
    "</textarea><script>alert(3)</script>",
    "&lt;script&gt;alert(4)&lt;/script&gt;",
    "' onmouseover='alert(5)",
    "<!-- x --><style>body{display:none}</style>",
    '<iframe src="https://evil.example/"></iframe>',
    "{{ 7*7 }} {% raw %} ${7*7}",
    "[click](javascript:alert(6)) ![x](https://evil.example/x.png) <https://evil.example>",
]
EVIL = PAYLOADS[0] + PAYLOADS[1]  # for names and metadata
AID, BID = "e" * 16, "f" * 16


def _sentences() -> tuple[str, list[tuple[int, int, int, int]]]:
    """Text of one sentence per payload; per sentence (start, end, payload start, payload end)."""
    parts, spans, pos = [], [], 0
    for i, p in enumerate(PAYLOADS):
        sentence = f"Officials said “{p}” and {i + 3} people left Leova on Tuesday."
        start = pos
        p_start = start + sentence.index(p)
        spans.append((start, start + len(sentence), p_start, p_start + len(p)))
        parts.append(sentence)
        pos += len(sentence) + 2
    return "\n\n".join(parts), spans


def hostile_story() -> tuple[dict[str, Any], list[Extraction]]:
    """Stored-story JSON and two extractions whose every string is hostile."""
    text, spans = _sentences()
    extractions = []
    for aid, outlet in ((AID, EVIL), (BID, "Other " + PAYLOADS[3])):
        art = Article(
            id=aid,
            source=f"/tmp/{PAYLOADS[0]}.txt",
            raw=text,
            text=text,
            url="javascript:alert(7)",
            outlet=outlet,
            title=EVIL,
            byline=PAYLOADS[5],
            published=dt.date(2025, 3, 11),
            noise=(NoiseSpan("caption", PAYLOADS[2] + PAYLOADS[9], 0, 10),),
        )
        quotes, claims, times, places = [], [], [], []
        for s, e, ps, pe in spans:
            quotes.append(Quote(aid, ps, pe, text[ps:pe], "direct", EVIL, "said"))
            n = text.index(" people", pe) - 2
            n = text.rindex(" ", 0, n + 2) + 1
            q = text[n : text.index(" ", n)]
            claims.append(
                Claim(
                    aid,
                    n,
                    n + len(q),
                    text[s:e],
                    q,
                    EVIL,
                    float(q),
                    float(q),
                    float(q),
                    "people",
                    "exact",
                    sentence_start=s,
                    sentence_end=e,
                )
            )
            t = text.index("Tuesday", pe)
            times.append(TimeRef(aid, t, t + 7, "Tuesday", dt.date(2025, 3, 11), dt.date(2025, 3, 11), "day"))
            lv = text.index("Leova", pe)
            places.append(Place(aid, lv, lv + 5, "Leova", EVIL, "city", 46.48, 28.25, "MD", "geonames:1"))
        extractions.append(Extraction(art, (), tuple(quotes), tuple(claims), tuple(times), tuple(places)))

    def ref(aid: str, s: int, e: int) -> dict[str, Any]:
        return {"article_id": aid, "outlet": EVIL, "start": s, "end": e, "text": text[s:e], "published": "2025-03-11"}

    s0, e0, p0, q0 = spans[0]
    data = {
        "story": {
            "id": "s" + PAYLOADS[1],
            "label": EVIL,
            "article_ids": [AID, BID],
            "outlets": [EVIL, PAYLOADS[3]],
            "first_published": "2025-03-11",
            "last_published": "2025-03-11",
            "key_entities": [EVIL],
            "duplicates": [],
        },
        "articles": [
            {
                "id": a,
                "outlet": o,
                "title": EVIL,
                "published": "2025-03-11",
                "url": "javascript:alert(8)",
                "source": PAYLOADS[2],
                "duplicate_of": None,
                "published_estimate": None,
            }
            for a, o in ((AID, EVIL), (BID, PAYLOADS[3]))
        ],
        "entities": [
            {
                "id": "x",
                "name": EVIL,
                "label": "PERSON",
                "aliases": [PAYLOADS[4]],
                "mentions": 3,
                "outlets": [[EVIL, 3]],
            }
        ],
        "claim_groups": [
            {
                "id": "cg-" + PAYLOADS[3],
                "story_id": "s",
                "subject": EVIL,
                "unit": PAYLOADS[5],
                "kind": "count",
                "status": "contradicted",
                "low": None,
                "high": None,
                "updates": [],
                "members": [
                    {
                        "source": ref(aid, s, e),
                        "quantity": PAYLOADS[6],
                        "low": 3.0 + k,
                        "high": 3.0 + k,
                        "hedge": "exact",
                        "as_of": "2025-03-11",
                    }
                    for k, aid in enumerate((AID, BID))
                    for s, e, _, _ in spans[:1]
                ],
            },
        ],
        "quote_groups": [
            {
                "id": "qg-1",
                "story_id": "s",
                "speaker": EVIL,
                "text": text[p:q],
                "conflicting_speakers": True,
                "members": [[ref(AID, p, q), PAYLOADS[7]], [ref(BID, p, q), EVIL]],
            }
            for _, _, p, q in spans
        ],
        "timeline": [
            {
                "story_id": "s",
                "start": "2025-03-11",
                "end": "2025-03-11",
                "granularity": "day",
                "text": text[s:e],
                "sources": [ref(AID, s, e)],
            }
            for s, e, _, _ in spans
        ],
        "contradictions": [
            {
                "story_id": "s",
                "topic": EVIL,
                "first": ref(AID, s0, e0),
                "second": ref(BID, s0, e0),
                "reason": PAYLOADS[4],
            }
        ],
    }
    return data, extractions


def hostile_context() -> dict[str, Any]:
    data, extractions = hostile_story()
    return context_from(data, extractions)
