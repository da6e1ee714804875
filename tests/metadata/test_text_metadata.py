"""Metadata read from a scrape's own lines: outlet (and republisher), headline, byline, stated date.

Tables per signal, with datelines and credits in the styles of many newsrooms, every sentence written for
these tests. Each case runs the real cleaning first (``clean.judge``), as the pipeline does.
"""

from __future__ import annotations

import datetime as dt

import pytest

from storyline.clean import assemble, judge
from storyline.ingest.text import read_text
from storyline.metadata.text import TextMetadata, read_metadata
from storyline.model import Draft

BODY = [
    "The regional council voted on Tuesday to close the old bridge to heavy lorries after engineers found "
    "cracks in two of its supports, the council's transport chief told reporters.",
    "Repairs are expected to take at least three months and will cost about 2 million euros, according to "
    "a report presented at the meeting.",
    "Drivers of lorries over 12 tonnes will have to use the ring road, adding about 20 minutes to the trip "
    "between the port and the industrial zone.",
    "Local businesses said the detour would raise their costs and asked the council for help with fuel.",
]


def _read(text: str, **fields: object) -> tuple[TextMetadata, str]:
    draft = read_text(text, source="story.txt")
    if fields:
        draft = Draft(**{**{f: getattr(draft, f) for f in ("source", "raw", "noise")}, **fields})  # type: ignore[arg-type]
    judged = judge(draft)
    meta = read_metadata(draft, [line for line in judged.lines if line.stripped])
    return meta, assemble(judged, meta.noise_lines).text


def _article(first: str, *, above: list[str] = (), below: list[str] = ()) -> str:  # type: ignore[assignment]
    return "\n\n".join([*above, first + " " + BODY[0], *BODY[1:], *below])


@pytest.mark.parametrize(
    ("dateline", "outlet"),
    [
        ("BERLIN (AP) —", "Associated Press"),
        ("KYIV, Ukraine (AP) —", "Associated Press"),
        ("LONDON, Dec 3 (Reuters) -", "Reuters"),
        ("WASHINGTON, Nov. 12 (Reuters) -", "Reuters"),
        ("PARIS (AFP) -", "Agence France-Presse"),
        ("SEOUL, Dec. 3 (Yonhap) --", "Yonhap News Agency"),
        ("TOKYO (Kyodo) --", "Kyodo News"),
        ("BEIJING (Xinhua) --", "Xinhua News Agency"),
        ("MOSCOW (TASS) -", "TASS"),
        ("ANKARA (AA) -", None),  # an abbreviation the table does not resolve: kept as written below
        ("NEW DELHI (PTI):", "Press Trust of India"),
        ("SYDNEY (AAP) -", "Australian Associated Press"),
        ("OTTAWA (CP) —", "The Canadian Press"),
        ("FRANKFURT (dpa) -", "Deutsche Presse-Agentur"),
        ("MADRID (EFE) -", "Agencia EFE"),
        ("ROME (ANSA) -", "ANSA"),
        ("ATLANTA (CNN) —", "CNN"),
        ("NEW YORK (Bloomberg) --", "Bloomberg News"),
        ("WARSAW (PAP) -", "Polish Press Agency"),
        ("JAKARTA (Antara) -", "Antara"),
        ("KUALA LUMPUR (Bernama) --", "Bernama"),
        ("MANILA (UPI) --", "United Press International"),
    ],
)
def test_dateline_names_the_agency(dateline: str, outlet: str | None) -> None:
    meta, text = _read(_article(dateline))
    expected = outlet or dateline.split("(")[1].split(")")[0]
    assert meta.outlet == expected
    assert dateline in text  # the dateline opens the lead: it stays in the text
    assert any(s.field == "outlet" and s.method == "dateline" for s in meta.provenance)


@pytest.mark.parametrize(
    ("credit", "outlet"),
    [
        ("By Jane Roe | Reuters", "Reuters"),
        ("By JOHN DOE, Associated Press", "Associated Press"),
        ("Associated Press", "Associated Press"),
        ("AFP", "Agence France-Presse"),
        ("Copyright 2025 The Associated Press. All rights reserved.", "Associated Press"),
        ("© Agence France-Presse", "Agence France-Presse"),
        ("Andrew Blake/WSJ", "The Wall Street Journal"),  # a graphic by the outlet's own desk
        ("BBC News", "BBC"),
        ("The Guardian", "The Guardian"),
        ("DW", "Deutsche Welle"),
        ("Al Jazeera", "Al Jazeera"),
    ],
)
def test_credit_and_outlet_lines_name_the_outlet(credit: str, outlet: str) -> None:
    meta, text = _read(_article("", above=[credit]))
    assert meta.outlet is not None and outlet in meta.outlet
    assert credit not in text.split("\n")


@pytest.mark.parametrize(
    "credit",
    [
        "Photo: Jane Roe/Reuters",
        "(Photo by Ann Lee/AFP via Getty Images)",
        "AP Photo/Kim Lee",
        "A lorry waits at the closed bridge on Tuesday. (Photo: Tom Ash/AP)",
    ],
)
def test_a_photo_credit_of_an_agency_is_not_the_outlet(credit: str) -> None:
    meta, _ = _read(_article("", below=[credit]))
    assert meta.outlet is None


def test_told_the_outlet() -> None:
    text = "\n\n".join([BODY[0], "“The bridge is safe for cars,” the engineer told DW on Wednesday.", *BODY[1:]])
    assert _read(text)[0].outlet == "Deutsche Welle"


def test_a_republished_wire_story_keeps_the_agency_and_names_the_site() -> None:
    meta, _ = _read(_article("KYIV, Ukraine (AP) —"), outlet="The Riverside Herald",
                    url="https://riverside-herald.example/world/bridge")
    assert (meta.outlet, meta.republisher) == ("Associated Press", "The Riverside Herald")
    fields = {s.field: s.method for s in meta.provenance}
    assert fields["outlet"] == "dateline" and fields["republisher"] == "source_fields"


def test_the_url_domain_names_the_site() -> None:
    meta, _ = _read(_article(""), url="https://www.theguardian.com/world/2025/mar/11/bridge-closed")
    assert meta.outlet == "The Guardian"
    assert any(s.field == "outlet" and s.method == "url_domain" for s in meta.provenance)


def test_an_abbreviation_spelled_out_in_the_byline_is_one_outlet() -> None:
    meta, _ = _read(_article("LEOVA, Moldova (RVW) —"), byline="River Valley Wire")
    assert meta.outlet == "River Valley Wire"


@pytest.mark.parametrize(
    ("above", "title"),
    [
        (["Bridge closed to lorries after cracks found"], "Bridge closed to lorries after cracks found"),
        (["Home", "News", "Bridge closed to lorries after cracks found", "By Jane Roe", "12 March 2025"],
         "Bridge closed to lorries after cracks found"),
        (["Bridge closed to lorries after cracks found | The Guardian"], "Bridge closed to lorries after cracks found"),
        (["Is the old bridge safe? Engineers disagree", "Repairs will take months, the council says."],
         "Is the old bridge safe? Engineers disagree"),
    ],
)
def test_headline_line(above: list[str], title: str) -> None:
    meta, text = _read(_article("", above=above))
    assert meta.title == title
    assert title not in text.split("\n")
    assert any(s.field == "title" and s.method == "headline_line" for s in meta.provenance)


def test_no_headline_when_the_text_starts_with_prose() -> None:
    meta, _ = _read(_article(""))
    assert meta.title is None


@pytest.mark.parametrize(
    ("above", "byline"),
    [
        (["By Jane Roe and Tom Ash"], "Jane Roe and Tom Ash"),
        (["By JANE ROE, Associated Press"], "JANE ROE"),
        (["Jane Roe", "Moscow correspondent"], "Jane Roe"),
        (["Tom Ash", "Senior political reporter"], "Tom Ash"),
    ],
)
def test_byline(above: list[str], byline: str) -> None:
    meta, text = _read(_article("", above=["Bridge closed to lorries after cracks found", *above]))
    assert meta.byline == byline
    assert above[0] not in text.split("\n")


@pytest.mark.parametrize(
    ("above", "published", "method"),
    [
        (["Published 12 March 2025"], dt.date(2025, 3, 12), "published_line"),
        (["12 March 2025 at 09:14 GMT"], dt.date(2025, 3, 12), "date_line"),
        (["Updated: Mar. 13, 2025, 3:05 p.m. ET"], dt.date(2025, 3, 13), "updated_line"),
        (["Published March 12, 2025", "Updated March 14, 2025"], dt.date(2025, 3, 12), "published_line"),
    ],
)
def test_stated_date_lines(above: list[str], published: dt.date, method: str) -> None:
    meta, text = _read(_article("", above=["Bridge closed to lorries after cracks found", *above]))
    assert meta.published == published
    assert any(s.field == "published" and s.method == method for s in meta.provenance)
    assert all(line not in text.split("\n") for line in above)


def test_a_date_line_beside_a_repeated_headline_dates_the_article() -> None:
    """A scrape that holds the page's title block twice: the date line sits by the second copy, far below
    the top, and states the date; a dated photo caption further down does not."""
    title = "Bridge closed to lorries after cracks found"
    filler = [f"Section {n}" for n in range(15)]
    caption = "FILE - A photo posted on Tuesday, Jan. 14, 2020 shows the bridge."
    below = [*filler, "March 12, 2025 9:40 am", title, caption]
    meta, _ = _read(_article("", above=[title], below=below))
    assert meta.published == dt.date(2025, 3, 12)
    assert any(s.field == "published" and s.method == "date_line" for s in meta.provenance)


def test_date_from_the_url_path() -> None:
    meta, _ = _read(_article(""), url="https://news.example.org/2025/03/12/bridge-closed")
    assert meta.published == dt.date(2025, 3, 12)


def test_a_dateline_with_a_year_states_the_date() -> None:
    meta, _ = _read(_article("LONDON, March 12, 2025 (Reuters) -"))
    assert meta.published == dt.date(2025, 3, 12)
    assert any(s.field == "published" and s.method == "dateline" for s in meta.provenance)


def test_a_dateline_without_a_year_states_no_date() -> None:
    body = _article("LONDON, March 12 (Reuters) -") + "\n\nThe bridge was built in 1961 and last repaired in 2019."
    assert _read(body)[0].published is None  # the estimate reads its day in a year (metadata/estimate.py)


def test_reader_metadata_wins_and_is_recorded() -> None:
    meta, _ = _read(_article("BERLIN (AP) —"), title="Given title", published=dt.date(2025, 1, 2), byline="A. Writer")
    assert (meta.title, meta.published, meta.byline) == ("Given title", dt.date(2025, 1, 2), "A. Writer")
    assert {s.field: s.method for s in meta.provenance}["published"] == "source_fields"


def test_metadata_lines_are_recorded_as_noise_with_their_offsets() -> None:
    raw = _article("", above=["Bridge closed to lorries after cracks found", "By Jane Roe", "Published 12 March 2025"])
    draft = read_text(raw, source="s.txt")
    judged = judge(draft)
    meta = read_metadata(draft, [line for line in judged.lines if line.stripped])
    cleaned = assemble(judged, meta.noise_lines)
    kinds = {n.text: n.kind for n in cleaned.noise}
    assert kinds["Bridge closed to lorries after cracks found"] == "headline"
    assert kinds["By Jane Roe"] == "byline"
    assert kinds["Published 12 March 2025"] == "timestamp"
    for span in cleaned.noise:
        assert raw[span.start: span.end] == span.text
    for source in meta.provenance:
        if source.where == "raw":
            assert raw[source.start: source.end] == source.text  # type: ignore[misc]
