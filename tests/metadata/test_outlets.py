"""Tests for data/outlets.tsv: every row is checked on its own terms, without the lookup code."""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from importlib import resources

import pycountry
import pytest

TABLE_COLUMNS = ("name", "short", "aliases", "domains", "country", "wire", "kind")
TABLE_KINDS = {"agency", "newspaper", "broadcaster", "magazine", "online", "state-media", "aggregator"}
DOMAIN = re.compile(r"(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}")


def table_rows() -> list[tuple[int, dict[str, str]]]:
    """(line number, row) for every data row of the packaged file, read without storyline's parser."""
    text = (resources.files("storyline") / "data" / "outlets.tsv").read_text(encoding="utf-8")
    rows = []
    header_seen = False
    for number, line in enumerate(text.splitlines(), start=1):
        if not header_seen:
            if line.startswith("#"):
                continue
            assert tuple(line.split("\t")) == TABLE_COLUMNS, f"line {number}: header"
            header_seen = True
            continue
        assert not line.startswith("#"), f"line {number}: comments only above the header"
        cells = line.split("\t")
        assert len(cells) == len(TABLE_COLUMNS), f"line {number}: {len(cells)} columns"
        rows.append((number, dict(zip(TABLE_COLUMNS, cells, strict=True))))
    return rows


ROWS = table_rows()


def split(cell: str) -> list[str]:
    return [value for value in cell.split("|")] if cell else []


def loose(form: str) -> str:
    """Compare forms as a reader would: case, accents, apostrophes, spacing and a leading "The" ignored."""
    text = unicodedata.normalize("NFKD", form.replace("’", "'"))
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = " ".join(text.split()).strip(" .,;:!?")
    return text[4:] if text.startswith("the ") else text


def forms(row: dict[str, str]) -> list[str]:
    return [row["name"], *([row["short"]] if row["short"] else []), *split(row["aliases"])]


def test_row_and_wire_counts() -> None:
    assert len(ROWS) >= 400
    assert sum(row["wire"] == "1" for _, row in ROWS) >= 40


def test_every_row_is_valid() -> None:
    problems = []
    for number, row in ROWS:
        where = f"line {number} ({row['name']!r})"
        if not row["name"] or row["name"] != row["name"].strip():
            problems.append(f"{where}: empty or padded name")
        if row["wire"] not in ("0", "1"):
            problems.append(f"{where}: wire {row['wire']!r}")
        if row["kind"] not in TABLE_KINDS:
            problems.append(f"{where}: kind {row['kind']!r}")
        if pycountry.countries.get(alpha_2=row["country"]) is None or row["country"] != row["country"].upper():
            problems.append(f"{where}: country {row['country']!r} is not ISO 3166-1 alpha-2")
        if row["short"] != row["short"].strip():
            problems.append(f"{where}: padded short form {row['short']!r}")
        for value in [*split(row["aliases"]), *split(row["domains"])]:
            if not value or value != value.strip():
                problems.append(f"{where}: empty or padded value {value!r}")
        for domain in split(row["domains"]):
            if not DOMAIN.fullmatch(domain) or domain.startswith(("www.", "m.")):
                problems.append(f"{where}: domain {domain!r}")
        if row["wire"] == "1" and row["kind"] != "agency":
            problems.append(f"{where}: a wire must be kind agency")
    assert problems == []


def test_no_form_or_domain_is_claimed_by_two_outlets() -> None:
    owners: dict[str, set[str]] = defaultdict(set)
    domain_owners: dict[str, set[str]] = defaultdict(set)
    for _, row in ROWS:
        for form in forms(row):
            owners[loose(form)].add(row["name"])
        for domain in split(row["domains"]):
            domain_owners[domain].add(row["name"])
    assert {form: names for form, names in owners.items() if len(names) > 1} == {}
    assert {domain: names for domain, names in domain_owners.items() if len(names) > 1} == {}


def test_names_are_unique() -> None:
    names = [row["name"] for _, row in ROWS]
    assert len(names) == len(set(names))


@pytest.mark.parametrize(
    "name",
    [
        "Associated Press",
        "Reuters",
        "Agence France-Presse",
        "Deutsche Presse-Agentur",
        "Agencia EFE",
        "ANSA",
        "Kyodo News",
        "Yonhap News Agency",
        "Xinhua News Agency",
        "TASS",
        "RIA Novosti",
        "Interfax",
        "Ukrinform",
        "UNIAN",
        "Press Trust of India",
        "Anadolu Agency",
        "PA Media",
        "Australian Associated Press",
        "The Canadian Press",
        "Korean Central News Agency",
        "Jiji Press",
        "Central News Agency (Taiwan)",
        "Bloomberg News",
        "Dow Jones Newswires",
        "United Press International",
        "IRNA",
        "Tasnim News Agency",
        "Emirates News Agency",
        "Saudi Press Agency",
    ],
)
def test_wires_are_flagged(name: str) -> None:
    [row] = [row for _, row in ROWS if row["name"] == name]
    assert (row["wire"], row["kind"]) == ("1", "agency")


@pytest.mark.parametrize(
    "name",
    ["BBC", "CNN", "Channel NewsAsia", "Deutsche Welle", "Yahoo News", "RT", "Al Jazeera", "PR Newswire"],
)
def test_non_wires_are_not_flagged(name: str) -> None:
    [row] = [row for _, row in ROWS if row["name"] == name]
    assert row["wire"] == "0"


@pytest.mark.parametrize("form", ["CNA", "SBS", "DN", "NTV", "RTS", "TSN", "The Star", "The Standard", "The Post"])
def test_ambiguous_bare_forms_belong_to_no_outlet(form: str) -> None:
    assert [row["name"] for _, row in ROWS if loose(form) in map(loose, forms(row))] == []


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("Yahoo News", "aggregator"),
        ("Yahoo Finance", "aggregator"),
        ("MSN", "aggregator"),
        ("Google News", "aggregator"),
        ("Apple News", "aggregator"),
        ("AOL", "aggregator"),
        ("NewsBreak", "aggregator"),
        ("Ground News", "aggregator"),
        ("CGTN", "state-media"),
        ("Le Monde", "newspaper"),
    ],
)
def test_kinds(name: str, kind: str) -> None:
    [row] = [row for _, row in ROWS if row["name"] == name]
    assert row["kind"] == kind

