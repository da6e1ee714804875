"""Hypothesis strategies for hostile article text: arbitrary Unicode, control and zero-width characters,
right-to-left text and overrides, quote marks of every kind (unbalanced, nested), numbers and news words."""

from __future__ import annotations

from hypothesis import strategies as st

QUOTE_MARKS = ['"', "'", "“", "”", "‘", "’", "«", "»", "„", "‹", "›", "「", "」", "''", "``"]
ZERO_WIDTH = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad"]
BIDI = ["\u202e", "\u202d", "\u202a", "\u202b", "\u202c", "\u2066", "\u2067", "\u2069", "\u200f", "\u200e"]
RTL_TEXT = ["قال الرئيس", "مدينة", "אמר ראש העיר", "ירושלים", "۱۲۳٤", "الف شخص"]
CONTROL = ["\x00", "\x01", "\x07", "\x0b", "\x0c", "\x1b", "\x7f", "\x85", "\u2028", "\u2029", "\r", "\t"]
NEWS = [
    "said",
    " said on Tuesday",
    "according to officials",
    "Mayor Ana Costa",
    "Vasile Rusu",
    "the United Nations",
    "Kursk",
    "Tulcea, Romania",
    "about 1,200 people",
    "roughly 10,000 troops",
    "three",
    "at least 7",
    "$4.5 million",
    "12%",
    "on March 11, 2025",
    "last week",
    "a day later",
    "Photo: Reuters",
    "Edited by: Jane Doe",
    "MAP",
    ". ",
    ", ",
    "\n",
    "\n\n",
    " ",
]
#: Characters from every Unicode category except lone surrogates (which cannot be encoded as UTF-8).
ANY_CHAR = st.characters(exclude_categories=("Cs",))

fragment = st.one_of(
    st.sampled_from(QUOTE_MARKS),
    st.sampled_from(ZERO_WIDTH),
    st.sampled_from(BIDI),
    st.sampled_from(RTL_TEXT),
    st.sampled_from(CONTROL),
    st.sampled_from(NEWS),
    st.text(ANY_CHAR, max_size=12),
)

#: Article-like hostile text: up to 60 fragments joined.
hostile_text = st.lists(fragment, max_size=60).map("".join)

#: Any text at all, or the hostile mixture.
any_text = st.one_of(st.text(ANY_CHAR, max_size=400), hostile_text)


def nested(depth: int, inner: str, open_tag: str = "<div>", close_tag: str = "</div>") -> str:
    return open_tag * depth + inner + close_tag * depth


# --- hostile input files (issue 12, items 2-4) ---------------------------------------------------------

#: Pieces of file names as bytes: not UTF-8 (a lone \xff, a cut sequence), control characters, a terminal
#: escape, C1 NEL and U+2028 in UTF-8, a bidi override, characters shells and URLs treat specially.
NAME_PARTS = [b"\xff", b"\xfe", b"\x80", b"\xc3", b"\xe9", b"\n", b"\r", b"\t", b"\x1b[31m", b"\x7f", b"\xc2\x85",
              b"\xe2\x80\xa8", b"\xe2\x80\xae", b"\xc2\xa0", b"\\", b" ", b"caf\xc3\xa9", b"news", b"-", b"#", b":",
              b"%41", b"~", b"."]  # fmt: skip
NAME_SUFFIXES = [b".txt", b".txt", b".md", b".csv", b".jsonl", b".png", b""]

#: A file name: any bytes but "/" and NUL (which no POSIX name can hold), with a suffix that picks a reader.
byte_name = (
    st.tuples(
        st.lists(st.one_of(st.sampled_from(NAME_PARTS), st.binary(min_size=1, max_size=4)), min_size=1, max_size=6),
        st.sampled_from(NAME_SUFFIXES),
    )
    .map(lambda parts: (b"".join(parts[0]) + parts[1]).replace(b"/", b"_").replace(b"\x00", b"_")[:200])
    .filter(lambda name: name not in (b".", b".."))
)

#: Whole sentences in the code page each is commonly written in; UTF encodings may carry any of them.
SENTENCES = {
    "cp1252": [
        "Les prêts sont accordés, dit la naïve élue, déjà fatiguée.",
        "« C'est fini », a-t-elle ajouté à Noël, où l'été fut sec.",
        "Die Brücke über den Fluß wurde geöffnet, sagte der Bürgermeister.",
        "El niño pidió ayuda. ¿Dónde está la estación? ¡Señor!",
        "He said “we will rebuild” — and it’s done, officials said.",
        "Flood waters rose on Friday in the valley.",
    ],
    "cp1250": [
        "Prezydent powiedział we wtorek, że rozmowy będą kontynuowane.",
        "Zażółć gęślą jaźń; przyjechał do miasta w środę.",
        "Příliš žluťoučký kůň úpěl ďábelské ódy.",
        "A miniszterelnök kedden azt mondta, hogy a tárgyalások folytatódnak.",
    ],
    "cp1251": [
        "Президент России заявил во вторник, что переговоры продолжатся.",
        "Мэр города сказал, что вода начала отступать в четверг.",
        "Президент України заявив у вівторок, що переговори триватимуть.",
    ],
}
SENTENCES["latin-1"] = [s for s in SENTENCES["cp1252"] if s.isascii() or not set(s) & set("“”’—€")]
SENTENCES["koi8-r"] = SENTENCES["cp1251"][:2]
UTF = ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32"]
BOM_FOR = {"utf-16-le": b"\xff\xfe", "utf-16-be": b"\xfe\xff"}


def encode_as(text: str, encoding: str) -> bytes:
    """``text`` in ``encoding``; the explicit-order UTF-16 codecs get their BOM (files carry one)."""
    return BOM_FOR.get(encoding, b"") + text.encode(encoding)


@st.composite
def encoded_text(draw: st.DrawFn) -> tuple[str, str, bytes, bool]:
    """(text, encoding, bytes, clean): news sentences in a legacy code page or a UTF encoding (which may
    also carry hostile text), maybe with a few bytes overwritten, inserted or cut off (a damaged
    download, a bad copy); clean when the bytes are the sentences alone, undamaged."""
    encoding = draw(st.sampled_from([*UTF, "cp1252", "cp1250", "latin-1", "cp1251", "koi8-r"]))
    pool = [s for group in SENTENCES.values() for s in group] if encoding in UTF else SENTENCES[encoding]
    parts = draw(st.lists(st.sampled_from(pool), min_size=1, max_size=6))
    hostile = draw(st.lists(hostile_text, max_size=2)) if encoding in UTF else []
    text = draw(st.sampled_from([" ", "\n", "\n\n"])).join(parts + hostile)
    data = bytearray(encode_as(text, encoding))
    edits = draw(st.lists(st.tuples(st.integers(min_value=0), st.binary(min_size=1, max_size=3), st.booleans()),
                          max_size=3))  # fmt: skip
    for at, patch, insert in edits:
        at %= len(data) + 1
        data[at : at + (0 if insert else len(patch))] = patch
    cut = draw(st.integers(min_value=0, max_value=3))
    if cut and len(data) > cut:
        data = data[:-cut]
    return text, encoding, bytes(data), not (hostile or edits or cut)


#: CSV field values: commas, quotes, line breaks and non-ASCII text, as exports hold them.
CSV_VALUES = ["Floods", "Body one, with a comma.", 'He said "no" twice.', "Line one\nline two", "“Curly”, she said",
              "Prêts déjà", "2024-01-05", "https://a.example/1", "Herald", "", " ", ",leading comma", '"quoted"',
              "trailing quote\"", "\nstarts with a break"]  # fmt: skip
CSV_ONE_LINE = [v for v in CSV_VALUES if "\n" not in v]
CSV_BREAKS = ["drop a quote", "add a quote", "extra field", "missing field", "text after a quote"]


@st.composite
def broken_csv(draw: st.DrawFn) -> tuple[str, list[tuple[int, list[str] | None]]]:
    """(CSV text, rows): a header and rows written by the csv module, some then broken by hand; each row
    is (its first line, its values) or (its first line, None) when it was broken."""
    import csv
    import io

    header = ["title", "text", "outlet", "date", "url"]
    text, rows, line = ",".join(header) + "\n", [], 2
    for _ in range(draw(st.integers(min_value=1, max_value=7))):
        # URL, date and outlet never hold a line break in an export (the reader relies on it)
        values = [draw(st.sampled_from(CSV_VALUES if i < 2 else CSV_ONE_LINE)) for i in range(len(header))]
        values[1] = values[1] if values[1].strip() else "A body."
        out = io.StringIO()
        csv.writer(out, lineterminator="\n").writerow(values)
        row = out.getvalue()
        damage = draw(st.one_of(st.none(), st.sampled_from(CSV_BREAKS)))
        if damage == "drop a quote" and '"' in row:
            at = draw(st.sampled_from([i for i, c in enumerate(row) if c == '"']))
            row = row[:at] + row[at + 1 :]
        elif damage == "add a quote":
            at = draw(st.integers(min_value=0, max_value=len(row) - 1))
            row = row[:at] + '"' + row[at:]
        elif damage == "extra field":
            row = row[:-1] + ",extra\n"
        elif damage == "missing field":
            row = row[: row.rfind(",")] + "\n"
        elif damage == "text after a quote" and '"' in row:
            at = row.rfind('"') + 1
            row = row[:at] + "x" + row[at:]
        else:
            damage = None
        rows.append((line, None if damage else values))
        text += row
        line += row.count("\n")
    return text, rows


# --- very long articles (issue 12, item 1) -------------------------------------------------------------

#: News sentences with quotes, speakers, numbers and dates: what the extractors find records in.
LONG_SENTENCES = [
    "“We lost about 1,200 homes on Tuesday,” Mayor Ana Costa said in Tulcea.",
    "Vasile Rusu, a farmer, said the water reached his house a day later.",
    "“It was terrible,” he said.",
    "The United Nations said roughly 10,000 people had left Kursk by March 11, 2025.",
    "The council approved $4.5 million in aid last week, and 12% of it will go to repairs.",
    "According to officials, at least 7 bridges were closed.",
]


@st.composite
def long_text(draw: st.DrawFn, *, min_chars: int = 50_000, max_chars: int = 300_000) -> str:
    """A few hundred KB of article prose: paragraphs of news sentences and hostile fragments, repeated up to
    a drawn length with a numbered lead-in on each repetition (so no two stretches are alike and a span
    shifted by a whole repetition cannot still hold the same text), joined by a drawn separator."""
    paragraphs = draw(st.lists(
        st.lists(st.one_of(st.sampled_from(LONG_SENTENCES), fragment), min_size=2, max_size=12).map(" ".join),
        min_size=1, max_size=8,
    ))
    sep = draw(st.sampled_from(["\n\n", "\n", " ", "\n\n\n  "]))
    size = draw(st.integers(min_chars, max_chars))
    block = sep.join(paragraphs)
    out: list[str] = []
    total = i = 0
    while total < size:
        piece = f"Report {i:,} said {i * 7 % 1000} people left.{sep}{block}"
        out.append(piece)
        total += len(piece) + len(sep)
        i += 1
    return sep.join(out)
