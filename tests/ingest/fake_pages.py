"""Made-up news pages for the fetch/feed/sitemap/WARC/watch tests (no real article is copied)."""

from __future__ import annotations

SENTENCES = [
    "Flood waters rose again on Friday in the river valley, and hundreds of families left their homes.",
    "The regional governor said the army would send boats and helicopters to the villages cut off by water.",
    "Forecasters expect more rain over the weekend, which could push the river above its record level.",
    "Engineers inspected the old dam upstream and said its walls were holding, though seepage had grown.",
    "Schools in the district will stay closed until Wednesday, the education office said in a statement.",
]


def paragraphs(topic: str, n: int = 4) -> str:
    """Article HTML of about 17 words a sentence, 3 sentences a paragraph (n=4: ~200 words)."""
    return "".join(
        f"<p>{topic}: {SENTENCES[i % 5]} {SENTENCES[(i + 1) % 5]} {SENTENCES[(i + 2) % 5]}</p>" for i in range(n)
    )


def page(title: str, topic: str) -> bytes:
    """A whole article page."""
    return (
        f"<html><head><title>{title}</title><meta property='og:site_name' content='Valley Times'></head>"
        f"<body><article><h1>{title}</h1>{paragraphs(topic)}</article></body></html>"
    ).encode()
