"""Bytes to text (issue 12, item 3) and safe file names (item 2)."""

from __future__ import annotations

import codecs

import pytest

from storyline.errors import InputError
from storyline.ingest.decode import decode_bytes, decode_text, safe_name
from storyline.ingest.html import parse_html

FRENCH = "Les prêts sont accordés, dit la naïve élue, déjà fatiguée. « C'est fini », a-t-elle ajouté."
CURLY = "The mayor said “we will rebuild” and “soon”, adding that officials’ “plans” were “ready” on Tuesday."


def damaged_utf8(text: str) -> bytes:
    """UTF-8 with three invalid bytes dropped in between whole characters."""
    data = text.encode("utf-8")
    return data[:9] + b"\xff" + data[9:30] + b"\xfe\x80" + data[30:]


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (codecs.BOM_UTF8 + FRENCH.encode("utf-8"), "utf-8"),
        (FRENCH.encode("utf-16"), "utf-16-le"),  # Python writes the machine's order with a BOM
        (codecs.BOM_UTF16_LE + FRENCH.encode("utf-16-le"), "utf-16-le"),
        (codecs.BOM_UTF16_BE + FRENCH.encode("utf-16-be"), "utf-16-be"),
        (codecs.BOM_UTF32_LE + FRENCH.encode("utf-32-le"), "utf-32-le"),
        (codecs.BOM_UTF32_BE + FRENCH.encode("utf-32-be"), "utf-32-be"),
    ],
)
def test_byte_order_marks_come_before_the_binary_check(data: bytes, encoding: str) -> None:
    decoded = decode_bytes(data, source="a.txt")
    assert decoded.text == FRENCH and decoded.encoding == encoding
    assert decoded.warning is None if encoding == "utf-8" else encoding in (decoded.warning or "")


def test_utf8_with_a_few_bad_bytes_stays_utf8() -> None:
    text, warning = decode_text(damaged_utf8(CURLY), source="a.txt")
    assert text.count("\ufffd") == 3
    assert text.replace("\ufffd", "") == CURLY  # every curly quote kept, none garbled or lost
    assert warning == "not valid UTF-8: 3 invalid byte sequences replaced with U+FFFD; decoded as utf-8"


def test_short_utf8_with_bad_bytes_wins_the_language_check() -> None:
    # too few characters for the UTF-8 shortcut: the damaged UTF-8 competes with the detector's picks
    data = "He said “no” twice.".encode() + b"\xff\xfe"
    text, warning = decode_text(data, source="a.txt")
    assert text.startswith("He said “no” twice.") and "utf-8" in (warning or "")


@pytest.mark.parametrize(
    ("text", "encoding", "expected"),
    [
        (FRENCH, "cp1252", "cp1252"),
        ("Les prêts sont accordés, dit la naïve élue, déjà.", "cp1252", "cp1252"),
        ("El niño pidió ayuda. ¿Dónde está la estación? ¡Señor!", "cp1252", "cp1252"),
        ("Die Brücke über den Fluß wurde geöffnet, sagte der Bürgermeister.", "cp1252", "cp1252"),
        ("He said “we will” — and it’s done.", "cp1252", "cp1252"),
        ("Zażółć gęślą jaźń. Przyjechał do miasta w środę.", "cp1250", "cp1250"),
        ("Příliš žluťoučký kůň úpěl ďábelské ódy.", "cp1250", "cp1250"),
        ("Президент России заявил во вторник, что переговоры продолжатся.", "cp1251", "cp1251"),
        ("Президент России заявил во вторник, что переговоры продолжатся.", "koi8-r", "koi8-r"),
        ("Ο πρόεδρος της Ελλάδας δήλωσε την Τρίτη ότι οι συνομιλίες θα συνεχιστούν.", "cp1253", "cp1253"),
        ("中华人民共和国主席在周二表示，谈判将继续进行。", "gbk", None),
        ("日本の首相は火曜日に、交渉は続くと述べた。", "shift_jis", None),
    ],
)
def test_legacy_encodings_are_read_as_written(text: str, encoding: str, expected: str | None) -> None:
    decoded = decode_bytes(text.encode(encoding), source="a.txt")
    assert decoded.text == text
    if expected:  # CJK: the detector's name for a superset (gb18030, cp932) is as good
        assert decoded.encoding == expected
    assert decoded.encoding in (decoded.warning or "")


def test_cp1252_french_is_not_read_as_cp1250() -> None:
    text, warning = decode_text("prêts, naïve, déjà".encode("cp1252"), source="a.txt")
    assert text == "prêts, naïve, déjà"
    assert warning == "not UTF-8; decoded as cp1252 (detected)"


@pytest.mark.parametrize(
    "data",
    [
        bytes(range(256)) * 40,
        b"\x89PNG\r\n\x1a\n" + b"\x00\x01\x02\x03" * 500,
        bytes((0x80 + (i * 37) % 128) if i % 3 else 0x41 + i % 26 for i in range(600)),  # high bytes, no controls
    ],
)
def test_binary_and_junk_are_refused(data: bytes) -> None:
    with pytest.raises(InputError) as info:
        decode_text(data, source="b.txt")
    assert info.value.source == "b.txt"


def test_html_pages_share_the_decoder() -> None:
    page = b"<html><body><article><p>" + damaged_utf8(CURLY) + b"</p></article></body></html>"
    assert parse_html(page, source="p.html").text.replace("\ufffd", "") == CURLY
    french = f"<html><body><article><p>{FRENCH}</p></article></body></html>".encode("cp1252")
    assert FRENCH in parse_html(french, source="p.html").text
    assert FRENCH in parse_html(f"<html><body><p>{FRENCH}</p></body></html>".encode("utf-16"), source="p.html").text


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        (b"bad\xffname.txt", "bad\\xffname.txt"),
        ("two\nlines.txt", "two\\nlines.txt"),
        ("tab\tand\rcr", "tab\\tand\\rcr"),
        ("\x1b[31mred.txt", "\\x1b[31mred.txt"),
        ("x\x85y\u2028z", "x\\x85y\\u2028z"),
        ("evil\u202etxt.exe", "evil\\u202etxt.exe"),
        ("lone\ud800half", "lone\\ud800half"),
        ("/data/café/Zürich – news.txt", "/data/café/Zürich – news.txt"),
        ("C:\\news\\a.txt", "C:\\news\\a.txt"),
    ],
)
def test_safe_name(name: str | bytes, shown: str) -> None:
    assert safe_name(name) == shown
    assert safe_name(shown) == shown  # already safe: unchanged
    shown.encode("utf-8")


@pytest.mark.parametrize(
    ("text", "repaired"),
    [
        ("as the judge Ren\u00c3\u00a9 Duval put it", "as the judge René Duval put it"),  # UTF-8 read as Latin-1
        ("the mayor, Jos\u00c3\u00a9 Garc\u00c3\u00ada, said \u00e2\u0080\u009cno\u00e2\u0080\u009d",
         "the mayor, José García, said “no”"),
        ("\u00c3\u0089tienne paid 5 \u00e2\u0082\u00ac", "Étienne paid 5 €"),
        ("Ren\u0041\u0303\u00a9 Duval", "René Duval"),  # the same, decomposed after the damage ("A" + tilde)
    ],
)
def test_mojibake_in_the_text_is_repaired_with_a_warning(text: str, repaired: str) -> None:
    decoded = decode_bytes(text.encode("utf-8"), source="a.txt")
    assert decoded.text == repaired
    assert decoded.warning is not None and "mojibake" in decoded.warning


def test_clean_text_is_left_alone() -> None:
    # (a lone C1 control is no mojibake: ftfy alone would read "\x80" as "€")
    for text in (FRENCH, CURLY, "Prices: 5°C, São Paulo, Zoë’s café — naïve résumé.", "Déjà fatiguée. \x80"):
        decoded = decode_bytes(text.encode("utf-8"), source="a.txt")
        assert decoded.text == text and decoded.warning is None
