"""Lines one outlet repeats across its articles: its furniture, whatever the wording.

A site prints the same short lines around every article (a slogan, a newsletter prompt, a section name, a
disclaimer); a batch of its articles shows them as lines that recur in several *different* articles.
Different matters: syndicated copies and follow-ups of one story share whole paragraphs, which are
content. So a line counts as repeated furniture when it is short, and occurs in at least
REPEATED_MIN_ARTICLES articles of one outlet that share few of their long lines with each other.

Only plain-text drafts are marked (an HTML reader has the page's structure), and only within a window of
drafts read ahead, so memory stays bounded on a long run.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence

from ..model import Draft, NoiseSpan, Skip
from .lines import split_lines

#: Drafts read ahead and compared with each other (a scrape of one site in one batch shows its furniture
#: within a few dozen articles).
WINDOW = 64
#: Articles of one outlet a line must occur in to be furniture: three rules out two articles that happen
#: to quote the same short sentence.
REPEATED_MIN_ARTICLES = 3
#: Longest repeated line treated as furniture (words); a longer shared line is a paragraph of a story.
REPEATED_MAX_WORDS = 20
#: Lines of at least this many words are an article's own paragraphs: two articles sharing more than
#: DISTINCT_MAX_SHARED of them are copies or follow-ups of one story, not different articles.
LONG_LINE_WORDS = 25
DISTINCT_MAX_SHARED = 0.5


def _long_lines(draft: Draft) -> frozenset[str]:
    return frozenset(line.strip() for line in draft.raw.splitlines() if len(line.split()) >= LONG_LINE_WORDS)


def _distinct(long_lines: Sequence[frozenset[str]]) -> int:
    """How many of these articles share at most DISTINCT_MAX_SHARED of their long lines with every other."""
    chosen: list[frozenset[str]] = []
    for lines in long_lines:
        if all(len(lines & other) <= DISTINCT_MAX_SHARED * max(1, min(len(lines), len(other))) for other in chosen):
            chosen.append(lines)
    return len(chosen)


def mark_repeated(drafts: Sequence[Draft], outlet_of: Callable[[Draft], str | None]) -> list[Draft]:
    """The drafts with lines their outlet repeats across different articles added to their noise.

    Args:
        drafts: a window of drafts.
        outlet_of: the outlet of a draft (None when unknown: such drafts are left as they are).
    """
    groups: dict[str, list[int]] = defaultdict(list)
    for i, draft in enumerate(drafts):
        outlet = None if draft.markup else outlet_of(draft)
        if outlet:
            groups[outlet].append(i)
    marked = list(drafts)
    for members in groups.values():
        if len(members) < REPEATED_MIN_ARTICLES:
            continue
        occurs: dict[str, list[int]] = defaultdict(list)
        for i in members:
            seen = {line.strip() for line in drafts[i].raw.splitlines()}
            for text in seen:
                if text and len(text.split()) <= REPEATED_MAX_WORDS:
                    occurs[text].append(i)
        repeated = {text for text, where in occurs.items() if len(where) >= REPEATED_MIN_ARTICLES
                    and _distinct([_long_lines(drafts[i]) for i in where]) >= REPEATED_MIN_ARTICLES}
        if repeated:
            for i in members:
                marked[i] = _with_noise(drafts[i], repeated)
    return marked


def _with_noise(draft: Draft, repeated: set[str]) -> Draft:
    known = [(n.start, n.end) for n in draft.noise]
    extra = [
        NoiseSpan("repeated", line.text, line.start, line.end)
        for line in split_lines(draft.raw, draft.noise)
        if not line.known and line.stripped in repeated
        and not any(start <= line.start < end for start, end in known)
    ]
    if not extra:
        return draft
    noise = tuple(sorted((*draft.noise, *extra), key=lambda n: n.start))
    return Draft(**{**{f: getattr(draft, f) for f in Draft.__dataclass_fields__}, "noise": noise})


def mark_repeated_stream(
    items: Iterable[Draft | Skip], outlet_of: Callable[[Draft], str | None], *, window: int = WINDOW
) -> Iterator[Draft | Skip]:
    """``mark_repeated`` over a stream, a window of drafts at a time, order kept (Skips pass through)."""
    buffer: list[Draft | Skip] = []

    def flush() -> Iterator[Draft | Skip]:
        drafts = [item for item in buffer if isinstance(item, Draft)]
        done = iter(mark_repeated(drafts, outlet_of))
        for item in buffer:
            yield item if isinstance(item, Skip) else next(done)
        buffer.clear()

    for item in items:
        buffer.append(item)
        if len(buffer) >= window:
            yield from flush()
    yield from flush()
