"""Metadata read from an article's own text: headline, outlet (and republisher), byline, stated date.

The reader's metadata (HTML tags, a text header, an export's fields) comes first; what it lacks is read
from the lines of the scrape (``headline``, ``outlet_signals``, ``byline``, ``dates``). Each field records
where it came from as a FieldSource, and the lines that served only as metadata (the headline, the
byline, a masthead) are returned so that cleaning records them as noise.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from ..model import Draft, FieldSource
from .byline import find_byline
from .dates import stated_date
from .headline import find_headline, split_site
from .lines import Evidence, ScrapedLine
from .outlet_signals import dateline_agency, find_outlet
from .outlets import OutletTable, canonical_outlet, outlet_table


@dataclass(frozen=True, slots=True)
class TextMetadata:
    """The article's metadata after reading its text, and the lines to record as metadata noise."""

    title: str | None
    outlet: str | None
    republisher: str | None
    byline: str | None
    published: dt.date | None
    provenance: tuple[FieldSource, ...]
    noise_lines: tuple[tuple[ScrapedLine, str], ...]  # (line, kind) of prose lines used only as metadata


def _source(field: str, evidence: Evidence) -> FieldSource:
    line = evidence.line
    if evidence.start is not None:
        return FieldSource(field, evidence.method, evidence.text, evidence.start, evidence.end, "raw")
    if line is not None:
        return FieldSource(field, evidence.method, line.stripped, line.start, line.end, "raw")
    return FieldSource(field, evidence.method, evidence.text)


def _reader_method(draft: Draft) -> str:
    if draft.markup:
        return "html_metadata"
    if any(n.kind == "header" for n in draft.noise):
        return "text_header"
    return "source_fields"


def _canonical(name: str, outlets: OutletTable) -> str:
    found = outlets.by_name(name) or (outlets.by_domain(name) if "." in name else None)
    return found.name if found else canonical_outlet(name) or name


def read_metadata(draft: Draft, lines: Sequence[ScrapedLine], *, outlets: OutletTable | None = None) -> TextMetadata:
    """Fill the draft's missing metadata from its text lines and say where every field came from.

    Args:
        draft: the reader's output (its metadata wins where it has any).
        lines: the non-blank lines of ``draft.raw`` in order, each with the noise kind cleaning gave it.
        outlets: the outlet table (the packaged one by default).
    """
    outlets = outlets or outlet_table()
    method = _reader_method(draft)
    provenance: list[FieldSource] = []
    noise: list[tuple[ScrapedLine, str]] = []
    usable = [line for line in lines if line.kind != "header"]

    headline = find_headline(usable, outlets, known_title=draft.title)
    title = draft.title
    if title:
        provenance.append(FieldSource("title", method, title))
    elif headline is not None:
        title = headline.title
        provenance.append(_source("title", Evidence(title, "headline_line", headline.line)))
    if headline is not None:
        noise.append((headline.line, "headline"))
    top = next((i for i, line in enumerate(usable) if headline is not None and line is headline.line), 0)

    given = Evidence(_canonical(draft.outlet, outlets), method, None, draft.outlet) if draft.outlet else None
    url_outlet = outlets.by_domain(draft.url) if draft.url else None
    url_site = Evidence(url_outlet.name, "url_domain", None, draft.url or "") if url_outlet else None
    title_site = None
    if headline is not None and headline.site is not None:
        title_site = Evidence(headline.site.name, "title_suffix", headline.line)
    elif draft.title:
        site = split_site(draft.title, outlets)[1]
        title_site = Evidence(site.name, "title_suffix", None, draft.title) if site else None
    found = find_outlet(usable, outlets, given=given, url_site=url_site, title_site=title_site,
                        names=[draft.byline] if draft.byline else [])
    if found.outlet is not None:
        provenance.append(_source("outlet", found.outlet))
    if found.republisher is not None:
        provenance.append(_source("republisher", found.republisher))
    noise += [(line, "masthead") for line in found.lines]

    byline = draft.byline
    if byline:
        provenance.append(FieldSource("byline", method, byline))
    else:
        found_byline = find_byline(usable, top=top)
        if found_byline is not None:
            byline = found_byline.names
            provenance.append(_source("byline", found_byline.evidence))
            noise += [(line, "byline") for line in found_byline.lines]

    published = draft.published
    if published is not None:
        provenance.append(FieldSource("published", method, published.isoformat()))
    else:
        dateline = dateline_agency(usable, outlets)
        repeats = [i for i, line in enumerate(usable)
                   if headline is not None and i != top and line.stripped == headline.line.stripped]
        stated = stated_date(usable, top=top, url=draft.url, dateline_day=dateline[1] if dateline else None,
                             dateline_line=dateline[0].line if dateline else None, repeats=repeats)
        if stated is not None:
            published = stated.date
            provenance.append(_source("published", stated.evidence))

    return TextMetadata(
        title=title,
        outlet=found.outlet.value if found.outlet else None,
        republisher=found.republisher.value if found.republisher else None,
        byline=byline,
        published=published,
        provenance=tuple(provenance),
        noise_lines=tuple(noise),
    )
