"""Hostile input files (issue 12, items 2-4): any bytes in a file name, text in a mix of encodings with
damage, CSV with broken quoting. Records or Skips come out, never another exception; nothing is lost
without a Skip saying so; every name stores and prints safely; no row is made up from another's lines.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
import unicodedata
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storyline.errors import InputError
from storyline.ingest.decode import decode_bytes, safe_name
from storyline.ingest.html import parse_html
from storyline.ingest.sources import FOLDER_DOCS, expand_paths, iter_drafts
from storyline.ingest.tabular import read_csv
from storyline.model import Draft, Skip

from .conftest import count
from .strategies import BIDI, broken_csv, byte_name, encoded_text

FAST = settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
FILES = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

ARTICLE = "Flood waters rose again on Friday in the valley, officials said, and families left their homes.\n"
CONTENT = {".csv": f'title,text\nFloods,"{ARTICLE}"\n', ".jsonl": json.dumps({"text": ARTICLE}) + "\n"}


def is_safe_name(name: str) -> bool:
    """Stores (encodes as UTF-8) and prints on one line without reordering or escapes."""
    name.encode("utf-8")
    return not any(unicodedata.category(c) in ("Cc", "Cs", "Zl", "Zp") or c in BIDI for c in name)


@FILES
@given(st.lists(byte_name, min_size=1, max_size=4, unique=True))
def test_any_file_name(names: list[bytes]) -> None:
    count("byte file names")
    with tempfile.TemporaryDirectory() as tmp:
        folder = os.fsencode(tmp)
        expected = []
        for name in names:
            path = Path(os.fsdecode(folder + b"/" + name))
            path.write_text(CONTENT.get(path.suffix.lower(), ARTICLE), encoding="utf-8")
            if not name.startswith(b".") and path.stem.lower() not in FOLDER_DOCS:
                expected.append(safe_name(path))
        assert all(p.exists() for p in expand_paths([tmp]) if isinstance(p, Path))  # real paths, not names
        items = list(iter_drafts([tmp], max_bytes=10**6))
        for item in items:
            assert isinstance(item, (Draft, Skip))
            assert is_safe_name(item.source), item.source
            assert any(item.source == n or item.source.startswith((f"{n}:", f"{n}#")) for n in expected)
        for name in expected:  # every file is read or reported
            assert any(i.source == name or i.source.startswith(f"{name}:") for i in items), name
        for name in names:  # and named directly, the same
            for item in iter_drafts([os.fsdecode(folder + b"/" + name)], max_bytes=10**6):
                assert is_safe_name(item.source)


@FAST
@given(encoded_text())
def test_mixed_encodings(case: tuple[str, str, bytes, bool]) -> None:
    count("mixed encodings")
    text, encoding, data, clean = case
    try:
        decoded = decode_bytes(data, source="f.txt")
    except InputError as exc:
        assert exc.source == "f.txt" and exc.reason
        assert not clean, exc  # news sentences, undamaged, are always read
        return
    decoded.text.encode("utf-8")  # storable
    if decoded.warning is not None:
        assert decoded.encoding in decoded.warning  # the warning names the encoding used
    literal = any("\ufffd".encode(e) in data for e in ("utf-8", "utf-16-le", "utf-16-be"))  # damage can write one
    if "\ufffd" in decoded.text and "\ufffd" not in text and not literal:
        assert decoded.warning is not None  # no bytes are replaced silently
    if clean:  # and read as written: the language check picks the code page they were written in
        assert decoded.text == text, (encoding, decoded.encoding)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(encoded_text())
def test_mixed_encodings_in_html(case: tuple[str, str, bytes, bool]) -> None:
    count("mixed encodings (html)")
    _, _, data, _ = case
    try:
        parse_html(b"<html><body><article><p>" + data + b"</p></article></body></html>", source="p.html")
    except InputError as exc:
        assert exc.source == "p.html" and exc.reason


_SPAN = re.compile(r"over lines (\d+)-(\d+)")


@FAST
@given(broken_csv())
def test_broken_csv_quoting(case: tuple[str, list[tuple[int, list[str] | None]]]) -> None:
    count("broken csv")
    text, rows = case
    items = list(read_csv(text, source="e.csv", html_parser=lambda *a, **k: None))
    at: dict[int, Draft | Skip] = {}
    for item in items:
        assert isinstance(item, (Draft, Skip)) and item.source.startswith("e.csv:")
        line = int(item.source.split(":")[1])
        assert line not in at  # one item per record
        at[line] = item
    # the row each line belongs to: (its first line, its values or None when broken)
    owner = {n: row for row, end in zip(rows, [r[0] for r in rows[1:]] + [text.count("\n") + 2], strict=True)
             for n in range(row[0], end)}  # fmt: skip
    for line, item in at.items():
        if isinstance(item, Draft):  # a good row's article is its own; none is made from a good row's lines
            first, values = owner[line]
            if values is not None:
                assert line == first and (item.title, item.raw) == (values[0].strip() or None, values[1])
    spans = [tuple(map(int, m.groups())) for s in items if isinstance(s, Skip) for m in [_SPAN.search(s.reason)] if m]
    for line, values in rows:  # a good row is read, or a Skip names the lines it is in
        if values is not None:
            assert isinstance(at.get(line), Draft) or any(a <= line <= b for a, b in spans), (line, items)
