"""Cleaning: finds scrape noise in an article, removes it from the text and keeps it as NoiseSpans.

Noise is judged line by line, because scrapers glue whole foreign lines into articles:

1. lines the reader already knows (metadata headers) stay noise;
2. ``rules``: patterns that name a kind outright (credits, bylines, rights notices, skip links,
   timestamps, captions, image references, app promotions, chatbot leftovers, stray markup);
3. ``captions``: runs of short label lines lifted out of a map or chart;
4. ``classifier``: for plain text, every other line is scored by the line classifier (general features of
   the line and the page around it) and dropped as ``furniture`` (short) or ``off_article`` below its
   threshold. HTML has had its page furniture removed by the reader, which knows the page's structure,
   so the classifier does not run there;
5. lines the metadata step used (``storyline.metadata``: the headline, a byline, a masthead) are recorded
   as noise of that kind when ``assemble`` builds the text (the pipeline wires the two: ``judge``,
   read the metadata from the judged lines, ``assemble``).

Nothing is removed without being recorded with its kind and its position in ``raw``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..model import Draft, NoiseSpan
from .captions import mark_caption_blocks
from .classifier import line_classifier
from .features import page_features
from .language import identify, stopwords_for
from .lines import Line, split_lines
from .rules import MARKUP_LINE, line_kind

__all__ = ["Cleaned", "MarkedLines", "assemble", "clean", "judge", "mark_patterns"]

#: Share of lines wrapped in HTML tags from which the whole text is markup (then tags are not noise),
#: and the fewest such lines for that: one or two stray tagged lines are leftovers of another page.
MARKUP_MAJORITY = 0.5
MARKUP_MIN_LINES = 3
#: Fewest lines (not named noise by a pattern) for the classifier to judge: it reads a line against the
#: page around it, and a text of a few lines has no page around it (a pasted paragraph, a brief).
MIN_CLASSIFIED_LINES = 4
#: In markup, a list item ("- item") or a table row ("| a | b |") as the HTML reader writes them: content,
#: never a caption label (a recipe's ingredients, a spec table).
STRUCTURED_LINE = re.compile(r"^(?:[-*•]\s+\S|\|.*\|$)")
#: A line the classifier drops is ``furniture`` up to this many words (menu items, section names,
#: buttons), ``off_article`` above (teasers of other articles, comments, notices). Kinds of their own, so
#: that the metadata step can tell a line the classifier dropped from one a pattern named.
NAVIGATION_MAX_WORDS = 4
CLASSIFIER_SHORT_KIND = "furniture"
CLASSIFIER_LONG_KIND = "off_article"
CLASSIFIER_KINDS = (CLASSIFIER_SHORT_KIND, CLASSIFIER_LONG_KIND)
#: A lead opening with a wire dateline: a place, then the agency (and often a date) in brackets, with or
#: without a dash after them, then the first sentence ("KYIV (AP) — The …", "Ruriton, (XNA - Ruriton
#: News - 3rd Jan, 2025) The …"). The dateline's capitals make the line look like a heading to the
#: classifier, so such a lead is judged by its sentence instead (see ``_dateline_lead``).
DATELINE_LEAD = re.compile(
    r"^[A-Z][\w.'’-]*(?:,?[ ]+[A-Z][\w.'’-]*){0,3},?[ ]*\([^()\n]{2,80}\)[ ]*(?:[-–—]{1,2}|:)?[ ]*"
    r"(?P<lead>[A-Z\"“‘].*)$"
)
#: The sentence after a dateline has at least this many words (a credit line or a caption has fewer).
DATELINE_LEAD_MIN_WORDS = 8


@dataclass(frozen=True, slots=True)
class Cleaned:
    """The clean text and what was removed from the raw text to get it."""

    text: str
    noise: tuple[NoiseSpan, ...]
    language: str = "en"


@dataclass(frozen=True, slots=True)
class MarkedLines:
    """A draft's lines after the pattern steps: what the classifier is left to judge, and how."""

    lines: list[Line]
    markup: bool
    language: str
    known: tuple[NoiseSpan, ...] = ()  # the reader's noise spans (headers)


def mark_patterns(draft: Draft) -> MarkedLines:
    """Split a draft into lines and mark those that patterns and caption blocks name noise."""
    lines = split_lines(draft.raw, draft.noise)
    nonblank = [line for line in lines if line.stripped]
    tagged = sum(1 for line in nonblank if MARKUP_LINE.match(line.stripped))
    markup = draft.markup or (tagged >= MARKUP_MIN_LINES and tagged / len(nonblank) >= MARKUP_MAJORITY)
    for line in lines:
        if not line.known:
            line.kind = line_kind(line.stripped, markup=markup)
            line.structured = markup and bool(STRUCTURED_LINE.match(line.stripped))
    mark_caption_blocks(lines)
    language = identify("\n".join(line.stripped for line in nonblank if not line.known))
    return MarkedLines(lines, markup, language, draft.noise)


def _classify(marked: MarkedLines) -> None:
    """Mark the lines the line classifier finds unlikely to be article text."""
    page = [line for line in marked.lines if line.stripped and not line.known]
    if sum(line.kind is None for line in page) < MIN_CLASSIFIED_LINES:
        return
    texts = [line.stripped for line in page]
    features = page_features(texts, stopwords_for(marked.language), [line.kind is not None for line in page])
    keep = line_classifier().keep(features, [len(t) for t in texts])
    for line, kept in zip(page, keep, strict=True):
        if line.kind is None and not line.structured and not kept and not _dateline_lead(line.stripped):
            line.kind = CLASSIFIER_SHORT_KIND if line.words <= NAVIGATION_MAX_WORDS else CLASSIFIER_LONG_KIND


def _dateline_lead(text: str) -> bool:
    """Whether a line is a lead paragraph opening with a wire dateline (:data:`DATELINE_LEAD`): the words
    after the dateline are a sentence of DATELINE_LEAD_MIN_WORDS or more, ending as a sentence ends."""
    found = DATELINE_LEAD.match(text)
    if found is None:
        return False
    lead = found.group("lead").rstrip()
    return len(lead.split()) >= DATELINE_LEAD_MIN_WORDS and lead[-1:] in ".!?\"”’"


def judge(draft: Draft) -> MarkedLines:
    """Every line of the draft with the noise kind patterns, caption blocks and the classifier give it."""
    marked = mark_patterns(draft)
    if not marked.markup:
        _classify(marked)
    return marked


def clean(draft: Draft) -> Cleaned:
    """Remove noise lines from ``draft.raw``; keep them, with the reader's header spans, as NoiseSpans."""
    return assemble(judge(draft))


def assemble(marked: MarkedLines, metadata_lines: Sequence[tuple[object, str]] = ()) -> Cleaned:
    """The clean text and the noise records of judged lines.

    Args:
        marked: the judged lines (``judge``).
        metadata_lines: lines of ``marked`` that served as metadata (headline, byline, masthead), with the
            kind to record them as (replacing the line classifier's kind; a pattern's kind stays).
    """
    relabel = {id(line): kind for line, kind in metadata_lines}
    for line in marked.lines:
        kind = relabel.get(id(line))
        if kind and line.kind in (None, *CLASSIFIER_KINDS):  # the classifier's kinds: metadata knows better
            line.kind = kind
    lines, language = marked.lines, marked.language

    kept: list[str] = []
    noise = list(marked.known)
    for line in lines:
        if line.known:
            continue
        if line.kind:
            noise.append(NoiseSpan(line.kind, line.text, line.start, line.end))
        else:
            kept.append(line.text.rstrip())
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(kept)).strip()
    return Cleaned(text=text, noise=tuple(sorted(noise, key=lambda n: n.start)), language=language)
