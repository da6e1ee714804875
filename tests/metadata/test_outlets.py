"""Tests for data/outlets.tsv (every row checked without the lookup code) and storyline.metadata.outlets."""

from __future__ import annotations

import dataclasses
import itertools
import re
import unicodedata
from collections import defaultdict
from importlib import resources

import pycountry
import pytest

from storyline.errors import InputError
from storyline.metadata.outlets import Outlet, OutletTable, canonical_outlet, outlet_table

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


# --- storyline.metadata.outlets ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def table() -> OutletTable:
    return outlet_table()


def test_table_loads_every_row(table: OutletTable) -> None:
    assert len(table) == len(ROWS)
    assert sum(outlet.wire for outlet in table) == sum(row["wire"] == "1" for _, row in ROWS)
    [ap] = [outlet for outlet in table if outlet.name == "Associated Press"]
    assert ap == Outlet(
        name="Associated Press",
        short="AP",
        aliases=("The Associated Press", "AP News", "Associated Press (AP)"),
        domains=("apnews.com", "ap.org"),
        country="US",
        wire=True,
        kind="agency",
    )
    with pytest.raises(dataclasses.FrozenInstanceError):
        ap.name = "AP"  # type: ignore[misc]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Reuters", "Reuters"),
        ("REUTERS", "Reuters"),
        ("Thomson Reuters", "Reuters"),
        ("reuters.com", "Reuters"),
        ("  Reuters. ", "Reuters"),
        ("© Reuters", "Reuters"),
        ("Deutsche Welle", "Deutsche Welle"),
        ("DW", "Deutsche Welle"),
        ("DW News", "Deutsche Welle"),
        ("WSJ", "The Wall Street Journal"),
        ("The Wall Street Journal", "The Wall Street Journal"),
        ("wall street journal", "The Wall Street Journal"),
        ("AP", "Associated Press"),
        ("(AP)", "Associated Press"),
        ("The Associated Press", "Associated Press"),
        ("Associated Press (AP)", "Associated Press"),
        ("AFP", "Agence France-Presse"),
        ("Agence France Presse", "Agence France-Presse"),
        ("dpa", "Deutsche Presse-Agentur"),
        ("Deutsche Presse-Agentur", "Deutsche Presse-Agentur"),
        ("Xinhua", "Xinhua News Agency"),
        ("Yonhap", "Yonhap News Agency"),
        ("Kyodo", "Kyodo News"),
        ("ITAR-TASS", "TASS"),
        ("Tass", "TASS"),
        ("RIA Novosti", "RIA Novosti"),
        ("Ukrinform", "Ukrinform"),
        ("The Kyiv Independent", "The Kyiv Independent"),
        ("Ukrainska Pravda", "Ukrainska Pravda"),
        ("Meduza", "Meduza"),
        ("The Moscow Times", "The Moscow Times"),
        ("BBC News", "BBC"),
        ("British Broadcasting Corporation", "BBC"),
        ("the Guardian", "The Guardian"),
        ("Financial Times", "Financial Times"),
        ("FT", "Financial Times"),
        ("The Daily Telegraph", "The Telegraph"),
        ("New York Times", "The New York Times"),
        ("NYT", "The New York Times"),
        ("WaPo", "The Washington Post"),
        ("Fox News", "Fox News"),
        ("NPR", "NPR"),
        ("Huffington Post", "HuffPost"),
        ("Der Spiegel", "Der Spiegel"),
        ("SPIEGEL", "Der Spiegel"),
        ("Süddeutsche Zeitung", "Süddeutsche Zeitung"),
        ("Sueddeutsche Zeitung", "Süddeutsche Zeitung"),
        ("F.A.Z.", "Frankfurter Allgemeine Zeitung"),
        ("Le Monde", "Le Monde"),
        ("Liberation", "Libération"),
        ("El Pais", "El País"),
        ("Al Jazeera English", "Al Jazeera"),
        ("Al-Jazeera", "Al Jazeera"),
        ("Times of Israel", "The Times of Israel"),
        ("JPost", "The Jerusalem Post"),
        ("SCMP", "South China Morning Post"),
        ("Focus Taiwan", "Central News Agency (Taiwan)"),
        ("CNA (Taiwan)", "Central News Agency (Taiwan)"),
        ("CNA Singapore", "Channel NewsAsia"),
        ("Korea JoongAng Daily", "Korea JoongAng Daily"),
        ("Chosun Ilbo", "The Chosun Ilbo"),
        ("NK News", "NK News"),
        ("Times of India", "The Times of India"),
        ("Dawn", "Dawn"),
        ("Straits Times", "The Straits Times"),
        ("Nikkei Asian Review", "Nikkei Asia"),
        ("Japan Times", "The Japan Times"),
        ("ABC", "ABC News"),
        ("ABC Australia", "Australian Broadcasting Corporation"),
        ("Radio Free Europe", "Radio Free Europe/Radio Liberty"),
        ("RFE/RL", "Radio Free Europe/Radio Liberty"),
        ("VOA", "Voice of America"),
        ("Harper’s Magazine", "Harper's Magazine"),
        ("Yahoo!", "Yahoo News"),
        ("ČTK", "Czech News Agency"),
        ("CTK", "Czech News Agency"),
    ],
)
def test_by_name(table: OutletTable, text: str, expected: str) -> None:
    found = table.by_name(text)
    assert found is not None and found.name == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "Riverside Gazette",
        "Associated",
        "Press",
        "CNA",
        "SBS",
        "The Star",
        "Nikkei",
        "AP Photo",
        "news",
        "Reporting by Jane Doe",
        "example.com",
    ],
)
def test_by_name_unknown(table: OutletTable, text: str) -> None:
    assert table.by_name(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Abbreviations match only in capitals.
        ("AP", "Associated Press"),
        ("ap", None),
        ("Ap", None),
        ("DW", "Deutsche Welle"),
        ("dw", None),
        ("Dw", None),
        ("NPR", "NPR"),
        ("npr", None),
        ("BBC", "BBC"),
        ("bbc", None),
        # Forms that are ordinary words match only as the table writes them.
        ("Time", "Time"),
        ("time", None),
        ("TIME", "Time"),
        ("The Sun", "The Sun"),
        ("the sun", None),
        ("Sun", None),
        ("Metro", "Metro"),
        ("metro", None),
        ("Mirror", "Daily Mirror"),
        ("mirror", None),
        ("Express", "Daily Express"),
        ("express", None),
        ("The Times", "The Times"),
        ("the times", None),
        ("i", "i"),
        ("I", None),
        ("Vox", "Vox"),
        ("vox", None),
        ("Slate", "Slate"),
        ("slate", None),
        ("The Hill", "The Hill"),
        ("the hill", None),
        ("Hill", None),
        ("Axios", "Axios"),
        ("axios", None),
        ("The Hindu", "The Hindu"),
        ("Hindu", None),
        # Names that are no English word match in any case.
        ("reuters", "Reuters"),
        ("BLOOMBERG", "Bloomberg News"),
        ("al jazeera", "Al Jazeera"),
    ],
)
def test_by_name_casing(table: OutletTable, text: str, expected: str | None) -> None:
    found = table.by_name(text)
    assert (found.name if found else None) == expected


@pytest.mark.parametrize(
    ("url_or_host", "expected"),
    [
        ("reuters.com", "Reuters"),
        ("www.reuters.com", "Reuters"),
        ("https://www.reuters.com/world/europe/some-story-2024-01-01/", "Reuters"),
        ("uk.reuters.com", "Reuters"),
        ("HTTPS://UK.REUTERS.COM/x", "Reuters"),
        ("apnews.com:443", "Associated Press"),
        ("https://user@apnews.com:8443/article/x?y=1#z", "Associated Press"),
        ("english.kyodonews.net", "Kyodo News"),
        ("en.yna.co.kr", "Yonhap News Agency"),
        ("english.news.cn", "Xinhua News Agency"),
        ("edition.cnn.com", "CNN"),
        ("amp.theguardian.com", "The Guardian"),
        ("m.bbc.co.uk", "BBC"),
        ("https://www.bbc.com/news/world", "BBC"),
        ("monitoring.bbc.co.uk", "BBC Monitoring"),
        ("news.yahoo.com", "Yahoo News"),
        ("uk.news.yahoo.com", "Yahoo News"),
        ("finance.yahoo.com", "Yahoo Finance"),
        ("https://www.msn.com/en-us/news/world/x", "MSN"),
        ("news.google.com", "Google News"),
        ("asia.nikkei.com", "Nikkei Asia"),
        ("www.nikkei.com", "Nihon Keizai Shimbun"),
        ("abcnews.go.com", "ABC News"),
        ("www.abc.net.au/news", "Australian Broadcasting Corporation"),
        ("focustaiwan.tw", "Central News Agency (Taiwan)"),
        ("www.channelnewsasia.com", "Channel NewsAsia"),
        ("economictimes.indiatimes.com", "The Economic Times"),
        ("timesofindia.indiatimes.com", "The Times of India"),
        ("reuters.com.", "Reuters"),
        ("example.com", None),
        ("indiatimes.com", None),
        ("co.uk", None),
        ("localhost", None),
        ("", None),
        ("not a url", None),
        ("https://", None),
    ],
)
def test_by_domain(table: OutletTable, url_or_host: str, expected: str | None) -> None:
    found = table.by_domain(url_or_host)
    assert (found.name if found else None) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Datelines and credits (invented).
        ("KYIV, Ukraine (AP) —", [("Associated Press", "AP")]),
        ("MOSCOW, March 2 (Reuters) - ", [("Reuters", "Reuters")]),
        ("SEOUL, Dec 3 (Yonhap) --", [("Yonhap News Agency", "Yonhap")]),
        ("ST. PETERSBURG, Russia (AP) -", [("Associated Press", "AP")]),
        ("Photo: Jane Roe/Reuters", [("Reuters", "Reuters")]),
        ("Reuters/Jane Doe", [("Reuters", "Reuters")]),
        ("(Photo by Ann Lee/AFP via Getty Images)", [("Agence France-Presse", "AFP")]),
        ("AFP/Getty Images", [("Agence France-Presse", "AFP")]),
        ("Jane Doe /AFP", [("Agence France-Presse", "AFP")]),
        ("Copyright 2024 Agence France-Presse", [("Agence France-Presse", "Agence France-Presse")]),
        ("© dpa", [("Deutsche Presse-Agentur", "dpa")]),
        ("Xinhua News Agency reported", [("Xinhua News Agency", "Xinhua News Agency")]),
        ("BBC Monitoring", [("BBC Monitoring", "BBC Monitoring")]),
        ("Yonhap News Agency", [("Yonhap News Agency", "Yonhap News Agency")]),
        ("John Smith | Bloomberg", [("Bloomberg News", "Bloomberg")]),
        ("© 2024 The Associated Press. All rights reserved.", [("Associated Press", "The Associated Press")]),
        ("Reporting by Jane Doe; Editing by John Roe", []),
        # Several outlets, longest first.
        ("with additional reporting by AP and AFP", [("Associated Press", "AP"), ("Agence France-Presse", "AFP")]),
        ("ABC News and CNN", [("ABC News", "ABC News"), ("CNN", "CNN")]),
        ("as first reported by The Times of India", [("The Times of India", "The Times of India")]),
        ("Al Jazeera English", [("Al Jazeera", "Al Jazeera English")]),
        ("Le Monde diplomatique", [("Le Monde diplomatique", "Le Monde diplomatique")]),
        ("the New York Times reported", [("The New York Times", "New York Times")]),
        ("THE NEW YORK TIMES", [("The New York Times", "THE NEW YORK TIMES")]),
        ("told The Hill on Monday", [("The Hill", "The Hill")]),
        ("told the Guardian", [("The Guardian", "the Guardian")]),
        ("The Guardian’s correspondent", [("The Guardian", "The Guardian")]),
        ("a story in Time magazine", [("Time", "Time magazine")]),
        ("Photo: Jane Doe/The Hindu", [("The Hindu", "The Hindu")]),
        ("The Age reported on Friday", [("The Age", "The Age")]),
        ("Last night Metro reported", [("Metro", "Metro")]),
        ("read it on www.reuters.com/world", [("Reuters", "reuters.com")]),
        ("via https://uk.reuters.com/x", [("Reuters", "reuters.com")]),
        ("CNBC reported", [("CNBC", "CNBC")]),
        ("Bloomberg reported on Friday", [("Bloomberg News", "Bloomberg")]),
        ("© 2024 AFP", [("Agence France-Presse", "AFP")]),
        ("Graphic: Jane Doe/FT", [("Financial Times", "FT")]),
        ("she told The 19th.", [("The 19th", "The 19th")]),
        ("a Daily Mail Online report", [("Daily Mail", "Mail Online")]),
        ("(Bloomberg) -- Shares fell", [("Bloomberg News", "Bloomberg")]),
        ("he told ABC News Tuesday", [("ABC News", "ABC News")]),
        ("the Press Association reported", [("PA Media", "the Press Association")]),
        ("Copyright 2024 Dow Jones & Company", [("Dow Jones Newswires", "Dow Jones & Company")]),
        ("an essay in Foreign Affairs", [("Foreign Affairs", "Foreign Affairs")]),
        # Negatives: words, parts of words and names that are not outlets.
        ("apple", []),
        ("APPLE", []),
        ("The sun rose", []),
        ("a dw elling", []),
        ("DWELLING", []),
        ("time to go", []),
        ("Time to go.", []),
        ("Time Warner", []),
        ("Howard Stern said", []),
        ("American Express", []),
        ("The Age of Reason", []),
        ("a Hindu temple", []),
        ("the Australian government", []),
        ("The National Guard", []),
        ("the Irrawaddy River", []),
        ("new york times", []),
        ("sky news at ten", []),
        ("in the USA today", []),
        ("Dawn Johnson", []),
        ("at dawn", []),
        ("HARRISBURG, PA", []),
        ("Taipei, Dec. 3 (CNA) --", []),
        ("A.P. Moller", []),
        ("Michael Bloomberg said", []),
        ("the Sputnik V vaccine", []),
        ("the Ministry of Foreign Affairs", []),
        ("the Foreign Affairs Committee", []),
        ("the Foreign Press Association", []),
        ("the Dow Jones Industrial Average", []),
        ("the Nikkei 225 index", []),
        ("a campaign of lawfare", []),
        ("Fortune 500 companies", []),
        ("a ridge at 5,000 FT.", []),
        ("The 19th century saw", []),
        ("a NewsTalk 990 AM host", []),
    ],
)
def test_find_in(table: OutletTable, text: str, expected: list[tuple[str, str]]) -> None:
    found = table.find_in(text)
    assert [(outlet.name, text[start:end]) for outlet, start, end in found] == expected
    assert all(a[2] <= b[1] for a, b in itertools.pairwise(found))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("REUTERS", "Reuters"),
        ("The Associated Press", "Associated Press"),
        ("https://uk.reuters.com/world/x", "Reuters"),
        ("www.dw.com", "Deutsche Welle"),
        ("dw.com/en/some-story/a-1", "Deutsche Welle"),
        ("  Riverside Gazette ", "Riverside Gazette"),
        ("riverside-gazette.example", "riverside-gazette.example"),
        ("", None),
        ("   ", None),
        (None, None),
    ],
)
def test_canonical_outlet(text: str | None, expected: str | None) -> None:
    assert canonical_outlet(text) == expected


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("name\tshort\n", "header"),
        ("\t".join(TABLE_COLUMNS) + "\nX\t\t\t\tUS\t2\tagency\n", "wire must be 0 or 1"),
        ("\t".join(TABLE_COLUMNS) + "\nX\t\t\t\tUS\t0\tblog\n", "kind 'blog'"),
        ("\t".join(TABLE_COLUMNS) + "\nX\t\t\t\tINT\t0\tonline\n", "country 'INT'"),
        ("\t".join(TABLE_COLUMNS) + "\n\t\t\t\tUS\t0\tonline\n", "empty name"),
        ("\t".join(TABLE_COLUMNS) + "\nX\t\t\tUS\t0\tonline\n", "6 columns"),
        ("\t".join(TABLE_COLUMNS) + "\nX\tXX\t\t\tUS\t0\tonline\nY\t\tThe xx\t\tUS\t0\tonline\n", "claimed by both"),
        ("\t".join(TABLE_COLUMNS) + "\nX\t\t\tx.com\tUS\t0\tonline\nY\t\t\tx.com\tUS\t0\tonline\n", "claimed by both"),
    ],
)
def test_load_rejects_bad_tables(tmp_path, content: str, message: str) -> None:
    path = tmp_path / "outlets.tsv"
    path.write_text("# a comment\n" + content, encoding="utf-8")
    with pytest.raises(InputError, match=re.escape(message)):
        OutletTable.load(path)


def test_load_reads_a_small_table(tmp_path) -> None:
    path = tmp_path / "outlets.tsv"
    rows = ["Harbour Daily\tHD\tThe Harbour Daily|Harbour Daily News\tharbourdaily.example\tGB\t0\tnewspaper"]
    path.write_text("\t".join(TABLE_COLUMNS) + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
    table = OutletTable.load(path)
    assert [o.name for o in table] == ["Harbour Daily"]
    assert table.by_name("the harbour daily news").name == "Harbour Daily"  # type: ignore[union-attr]
    assert table.by_name("hd") is None
    assert table.by_domain("https://www.harbourdaily.example/a").name == "Harbour Daily"  # type: ignore[union-attr]
    assert [(o.name, s, e) for o, s, e in table.find_in("Photo: Ann Lee/HD")] == [("Harbour Daily", 15, 17)]


def test_load_missing_file(tmp_path) -> None:
    with pytest.raises(InputError, match="cannot read"):
        OutletTable.load(tmp_path / "missing.tsv")
