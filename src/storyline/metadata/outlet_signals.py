"""Which outlet a scraped text comes from, read from the signals newsrooms leave in it.

Two questions, as for any republished news: who wrote it (an *agency*, when wire copy is republished)
and which site carried it (the *site*). Signals, strongest first:

agency
  1. a dateline naming a wire in parentheses at the start of a paragraph: "KYIV, Ukraine (AP) —",
     "SEOUL, Dec 3 (Reuters) -" (the outlet in the parentheses need not be a wire: "(CNN) —" is CNN's);
  2. a credit or byline line naming a wire: "By Jane Roe | Reuters", "Associated Press", "Jane Roe, AFP";
  3. a rights line naming a wire: "Copyright 2024 The Associated Press. All rights reserved.";
site
  4. the site the reader found (HTML metadata, a ``outlet:`` header, an export's field), or the URL's domain;
  5. an outlet-name line (a masthead, possibly with an edition: "The Guardian", "BBC News — UK edition"),
     a page title's site suffix, a rights line or a byline naming a non-wire outlet;
  6. a graphic credit naming the outlet's own desk ("Andrew Barnett/WSJ"): a photo credit of another
     agency ("Photo: Jane Roe/Reuters", "AFP via Getty Images") is *not* a signal, since outlets buy pictures;
  7. the outlet interviewing someone, which the outlet itself writes as "told DW", "in an interview with
     the BBC" (the weakest: others cite interviews too).

The outlet is the agency when there is one (a republished wire story keeps the agency as outlet and the
site as ``republisher``), else the site.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from .lines import Evidence, ScrapedLine, words
from .outlets import Outlet, OutletTable

#: Paragraphs at the top of the article searched for a wire dateline (wire copy opens with it; a
#: republisher may put a standfirst or an editor's note first).
DATELINE_PARAGRAPHS = 3
#: Credit, byline, rights and masthead lines are short: longer lines are prose that mentions an outlet.
SIGNAL_LINE_MAX_WORDS = 14
#: How far into the text "told X" is looked for (characters); interviews the outlet did itself are
#: cited early, and scanning a whole long article costs time for the weakest signal.
TOLD_SCAN_CHARS = 20_000

#: Kinds of the lines that metadata may name again (prose, or what the line classifier called navigation or
#: boilerplate): a masthead or a headline is better recorded as what it is.
RELABELLED_KINDS = frozenset({None, "furniture", "off_article"})
#: Pattern kinds of the lines whose outlet names are signals (credits, bylines, rights and edit lines);
#: a teaser or a comment that the classifier dropped may name any outlet.
SIGNAL_KINDS = frozenset({"byline", "credit", "edited_by", "boilerplate", "contact", "timestamp"})

_MONTH = (r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?")
#: "CITY (AGENCY) —", "CITY, Region (AGENCY) -", "CITY, Month Day (AGENCY) -", "CITY, Month Day, Year (AGENCY) --"
DATELINE = re.compile(
    rf"^\s*(?P<place>[A-Z][A-Za-z.'’\-]*(?:[ ]+[A-Za-z.'’\-]+){{0,3}}(?:,[ ]*[A-Z][A-Za-z.'’\-]*(?:[ ]+[A-Za-z.'’\-]+)"
    rf"{{0,3}})?)(?:,[ ]*(?P<date>{_MONTH}[ ]+\d{{1,2}}(?:,[ ]*\d{{4}})?))?[ ]*\((?P<agency>[^()]{{2,40}})\)[ ]*"
    rf"(?:[-–—]{{1,2}}|:)[ ]*"
)
#: "SEOUL--" / "SEOUL —" with no agency: a wire dateline whose agency the credit line above names.
BARE_DATELINE = re.compile(r"^\s*(?P<place>[A-Z][A-Z.'’\- ]{2,30})(?:,[ ]*[A-Z][\w.' -]{2,30})?[ ]*(?:--|—|–)[ ]*\S")
#: How an outlet the table does not list is written in a dateline's parentheses or after a credit's
#: slash: an abbreviation of 2-6 capitals ("CWS") or up to four capitalised words ("Lorne Observer").
UNKNOWN_OUTLET = re.compile(r"^(?:[A-Z]{2,6}|[A-Z][a-z]+(?:\s+[A-Z][a-z]+){0,3})$")
#: Picture agencies and photo services: a credit naming one is a bought picture, never the outlet.
PHOTO_AGENCIES = frozenset({"epa", "epa-efe", "getty", "getty images", "shutterstock", "alamy", "sopa images",
                            "nurphoto", "zuma", "zuma press", "sipa", "sipa usa", "imago", "abaca", "polaris",
                            "redux", "corbis", "istock", "pool", "handout", "lightrocket", "picture alliance"})
_CALENDAR = re.compile(r"^(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|mon|tue|wed|thu|fri|sat|sun)",
                       re.IGNORECASE)
#: "Andrew Barnett/WSJ": a person's name (two to four capitalised words) over the desk that drew it.
_GRAPHIC_CREDIT = re.compile(r"^[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){1,3}\s*/\s*(?P<outlet>[A-Z][\w&.' -]{1,30})$")
_IN_PARENTHESES = re.compile(r"^\(.*\)$")
#: Company words after a rights holder's name ("Forbes Media LLC", "Hilltop Publishing Group Ltd"): the
#: outlet is the name before them.
_COMPANY_SUFFIX = re.compile(r"(?:\s+(?:media|group|publishing|publications|holdings|company|co|corp|corporation|"
                             r"inc|incorporated|llc|ltd|limited|plc|gmbh|ag|sa|network|news ?paper)\.?,?)+\s*$",
                             re.IGNORECASE)
_RIGHTS_HOLDER = re.compile(
    r"^(?:©|\(c\)|copyright)\s*(?:©\s*)?(?:\d{4}(?:\s*[-–]\s*\d{4})?\s*)?(?P<holder>(?:The\s+)?[A-Z][\w&'’.-]*"
    r"(?:\s+[A-Z][\w&'’.-]*){0,4})\s*(?:[.,|]|all rights reserved|$)", re.IGNORECASE)
_CAPITALISED_RUN = re.compile(r"[A-Z][a-z]+(?:\s+[A-Z][a-z]+){1,5}")
_PHOTO = re.compile(r"\b(?:photo|photograph|image|picture|video|footage|getty|shutterstock|via)\b", re.IGNORECASE)
_RIGHTS = re.compile(r"(?:©|\(c\)|copyright|all rights reserved)", re.IGNORECASE)
_EDITION = re.compile(
    r"\s*(?:[-–—|:,·•]\s*)?(?:\(?(?:(?:uk|us|u\.s\.|europe(?:an)?|international|world|global|asia|africa|"
    r"australia|india|middle east|english|arabic|canada|americas?)\s+)?edition\)?|home(?:page)?|"
    r"breaking news.*|latest news.*|news)\s*$",
    re.IGNORECASE,
)
_TOLD = re.compile(
    r"\b(?:told|telling|speaking to|spoke to|in an interview with|in a statement to|said to)\s+"
    r"(?P<name>(?:the\s+)?[A-Z][\w&.'’-]*(?:\s+[A-Z][\w&.'’-]*){0,3})"
)


@dataclass(frozen=True, slots=True)
class OutletFinding:
    """The outlet, the republisher, and the evidence for each (None when the text does not tell)."""

    outlet: Evidence | None
    republisher: Evidence | None
    lines: tuple[ScrapedLine, ...] = ()  # prose lines that are signals only (mastheads): noise from now on


def _first_outlet(text: str, outlets: OutletTable, *, wire: bool | None = None) -> tuple[Outlet, int, int] | None:
    for found in outlets.find_in(text):
        if wire is None or found[0].wire == wire:
            return found
    return None


def dateline_agency(lines: Sequence[ScrapedLine], outlets: OutletTable) -> tuple[Evidence, str | None] | None:
    """The outlet of a dateline at the start of one of the first paragraphs, and the dateline's date text."""
    seen = 0
    for line in lines:
        if line.kind is not None:
            continue
        match = DATELINE.match(line.stripped)
        name = _outlet_name(match["agency"].strip(), outlets) if match else None
        if match and name:  # ``line.start`` is the first non-blank character, where the match starts
            return Evidence(name, "dateline", line, match.group(0).strip(), line.start,
                            line.start + match.end()), match["date"]
        if len(words(line.stripped)) >= 8:
            seen += 1
            if seen >= DATELINE_PARAGRAPHS:
                return None
    return None


def _outlet_name(text: str, outlets: OutletTable) -> str | None:
    """The canonical name of an outlet a dateline or credit names: from the table, or as written when
    the table does not know it but it is written like a newsroom's name ("CWS", "Lorne Observer")."""
    outlet = outlets.by_name(text)
    if outlet is not None:
        return outlet.name
    if UNKNOWN_OUTLET.match(text) and text.lower() not in PHOTO_AGENCIES and not _CALENDAR.match(text):
        return text
    return None


def _is_photo_credit(text: str) -> bool:
    return bool(_PHOTO.search(text))


def _signal_lines(lines: Sequence[ScrapedLine]) -> list[ScrapedLine]:
    return [line for line in lines if len(words(line.stripped)) <= SIGNAL_LINE_MAX_WORDS]


#: Weight of each kind of site signal in the vote among the outlets a page names: the site names itself
#: in its rights line, bylines and logo, and a menu also lists its sister sites and sections (which are
#: sometimes outlet names too: "Metro", "Money"), so a name in a menu line counts least.
SITE_WEIGHTS = {"rights_line": 3.0, "byline": 2.0, "credit": 2.0, "outlet_line": 1.0, "menu_line": 0.5}


def credit_signals(lines: Sequence[ScrapedLine], outlets: OutletTable) -> tuple[Evidence | None, Evidence | None,
                                                                              list[ScrapedLine]]:
    """(agency, site, masthead lines) from credit, byline, rights and outlet-name lines.

    The agency is the first wire a credit, byline, rights or outlet-name line names; the site is the
    outlet with the most weight (SITE_WEIGHTS) among the others, the first named on a tie.
    """
    agency: Evidence | None = None
    votes: dict[str, float] = {}
    first: dict[str, Evidence] = {}
    mastheads: list[ScrapedLine] = []

    def vote(evidence: Evidence, method: str) -> None:
        votes[evidence.value] = votes.get(evidence.value, 0.0) + SITE_WEIGHTS[method]
        first.setdefault(evidence.value, evidence)

    for line in _signal_lines(lines):
        text = line.stripped
        bare = _EDITION.sub("", text).strip(" -–—|:") or text
        whole = outlets.by_name(bare)
        if whole is not None:  # an outlet-name line: masthead, logo, menu entry (or a wire's credit line)
            evidence = Evidence(whole.name, "outlet_line", line)
            if line.kind in RELABELLED_KINDS:
                mastheads.append(line)
            if whole.wire:
                agency = agency or evidence
            else:
                vote(evidence, "menu_line" if line.kind == "furniture" else "outlet_line")
            continue
        if line.kind in ("caption", "image_ref") or (line.kind == "credit" and _is_photo_credit(text)):
            continue
        if line.kind not in SIGNAL_KINDS or _IN_PARENTHESES.match(text):
            continue  # prose or a teaser naming an outlet in passing; "(Name / Agency)" is a photo credit
        found = _first_outlet(text, outlets)
        if found is None:
            graphic = _GRAPHIC_CREDIT.match(text) if line.kind == "credit" else None
            name = _outlet_name(graphic["outlet"].strip(), outlets) if graphic else None
            if name:  # a graphic credit naming a desk the table does not know
                vote(Evidence(name, "credit", line), "credit")
            continue
        outlet = found[0]
        method = "rights_line" if _RIGHTS.search(text) else "credit" if line.kind == "credit" else "byline"
        evidence = Evidence(outlet.name, method, line)
        if outlet.wire:
            if method != "credit":
                agency = agency or evidence
        else:
            vote(evidence, method)  # a non-wire outlet's own graphic desk, byline or rights line
    site = first[max(votes, key=lambda name: votes[name])] if votes else None  # max keeps the first on a tie
    return agency, site, mastheads


def rights_holder(lines: Sequence[ScrapedLine], outlets: OutletTable) -> Evidence | None:
    """The holder a rights line names ("© 2025 The Valley Courier") when the outlet table does not know it
    (known holders are read with the other credit lines): the site, if no better signal names one."""
    for line in lines:
        if line.kind != "boilerplate":
            continue
        match = _RIGHTS_HOLDER.match(line.stripped)
        if match and not outlets.find_in(line.stripped):
            holder = match["holder"].strip().rstrip(".")
            bare = _COMPANY_SUFFIX.sub("", holder).strip() or holder
            known = outlets.by_name(bare)
            return Evidence(known.name if known else bare, "rights_line", line)
    return None


def told_outlet(lines: Sequence[ScrapedLine], outlets: OutletTable) -> Evidence | None:
    """An outlet the text says someone "told" or spoke to: usually the outlet itself."""
    scanned = 0
    for line in lines:
        if line.kind is not None:
            continue
        text = line.stripped
        for match in _TOLD.finditer(text):
            name = match["name"]
            tokens = name.split()
            for size in range(len(tokens), 0, -1):  # "told DW on Monday" -> "DW"
                outlet = outlets.by_name(" ".join(tokens[:size]))
                if outlet is not None:
                    return Evidence(outlet.name, "told", line, match.group(0), line.start + match.start(),
                                    line.start + match.end())
        scanned += len(text)
        if scanned > TOLD_SCAN_CHARS:
            break
    return None


def _initials(phrase: str) -> str:
    return "".join(word[0] for word in phrase.split() if word[:1].isupper())


def _spelled_out(agency: Evidence, lines: Sequence[ScrapedLine], names: Sequence[str]) -> Evidence:
    """An outlet the table does not know, under its full name when the text spells its abbreviation out:
    "(CWS)" in a dateline and "Continental Wire Service" in the byline, a rights line or the site."""
    abbreviation = agency.value
    if not abbreviation.isupper():
        return agency
    candidates = list(names) + [m.group(0) for line in _signal_lines(lines) if line.kind is not None
                                for m in _CAPITALISED_RUN.finditer(line.stripped)]
    for candidate in candidates:
        for m in _CAPITALISED_RUN.finditer(candidate):
            if _initials(m.group(0)) == abbreviation:
                return Evidence(m.group(0), agency.method, agency.line, agency.text, agency.start, agency.end)
    return agency


def find_outlet(
    lines: Sequence[ScrapedLine], outlets: OutletTable, *, given: Evidence | None, url_site: Evidence | None,
    title_site: Evidence | None, names: Sequence[str] = (),
) -> OutletFinding:
    """Combine the signals: the agency is the outlet when there is one, the site otherwise.

    Args:
        lines: the text's non-blank lines, in order, with their noise kinds.
        outlets: the outlet table.
        given: the outlet the reader found (HTML metadata, header, export field), canonicalised.
        url_site: the outlet of the URL's domain.
        title_site: the outlet a headline's site suffix names.
        names: other names the reader gave (a byline field), where an abbreviation may be spelled out.
    """
    dateline = dateline_agency(lines, outlets)
    agency = dateline[0] if dateline else None
    credit_agency, credit_site, mastheads = credit_signals(lines, outlets)
    agency = agency or credit_agency
    site = given or url_site or title_site or credit_site or rights_holder(lines, outlets)
    if agency is not None and outlets.by_name(agency.value) is None:
        agency = _spelled_out(agency, lines, [e.value for e in (given, credit_site) if e is not None] + list(names))
    if agency is None and site is None:
        site = told_outlet(lines, outlets)
    if agency is not None and site is not None and site.value != agency.value:
        return OutletFinding(agency, site, tuple(mastheads))
    return OutletFinding(agency or site, None, tuple(mastheads))
