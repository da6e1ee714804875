"""Bytes to text for untrusted input: size cap, binary detection, encoding detection, safe file names.

``decode_bytes`` is the one place bytes become text, for text files, CSV/JSON exports and HTML pages alike
(issue 12, item 3). In order:

1. A byte-order mark settles the encoding (UTF-8, UTF-16 LE/BE, UTF-32 LE/BE). It is looked at before the
   binary check, because UTF-16 text is full of NUL bytes.
2. Bytes with NULs or many control characters are binary, not text, and are refused.
3. Valid UTF-8 is UTF-8.
4. Almost-valid UTF-8 is UTF-8 with the bad bytes replaced by U+FFFD (see ``MAX_INVALID_UTF8_SHARE``):
   a few damaged bytes must not send a UTF-8 article to a detector that reads every curly quote as
   ``mac_iceland`` letters.
5. A charset the document declares (HTML ``<meta charset>``) is used when the bytes decode with it.
6. Otherwise charset-normalizer proposes candidates (EXTRA_CANDIDATES are always added) and a language
   check picks among them: the candidate whose text has the fewest characters unusual for its own script
   and language wins, then the one with the most function words (``_oddities``). UTF-8 with replacement
   competes too, paying one point per bad byte sequence, and every other candidate pays one point per
   valid UTF-8 sequence it reads as two or three letters (mojibake). When charset-normalizer proposes
   nothing and even the best decoding is mostly odd, the bytes are refused (see ``MAX_ODD_SHARE``).

7. Whatever the codec, mojibake already in the text (UTF-8 read as Latin-1 or cp1252 by whoever scraped
   it: "TrÃ©vidic", "GarcÃ­a") is repaired with ftfy's ``fix_encoding`` when the text has such a sequence
   (``_MOJIBAKE``), and the warning says so, naming the encoding read.

``safe_name`` turns a file name (any bytes) into a one-line, printable, UTF-8-encodable string.
"""

from __future__ import annotations

import codecs
import os
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import ftfy
from charset_normalizer import from_bytes

from ..errors import InputError

#: Share of control characters (other than tab/newline/CR/form feed) above which bytes are binary, not
#: text. Real text has none; 1 % leaves room for a stray control byte in a scraped page.
MAX_CONTROL_SHARE = 0.01
#: Bytes looked at for the binary check and scored by the language check: enough for a whole article.
SAMPLE_BYTES = 64 * 1024
#: Byte-order marks, longest first: the UTF-32 LE mark starts with the UTF-16 LE one.
BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
#: Bytes are read as UTF-8 with replacement, without asking the detector, when invalid byte sequences
#: are at most this share of the non-ASCII sequences and at least MIN_UTF8_EVIDENCE characters decode.
#: Measured on news sentences in 13 languages, each in its legacy code pages: single-byte ones (cp1250-
#: 1256, ISO 8859-x, KOI8-R, Mac, DOS) give 95-100 % invalid sequences (a valid multi-byte UTF-8 sequence
#: needs an unusual pair such as "Ã©"), double-byte CJK ones (GBK, Big5, Shift-JIS, EUC-JP/KR) 73-82 %;
#: of 3,000 random strings of 20 or more CJK characters in those code pages none fell to a third. A
#: quarter leaves a wide margin and still takes an article with a few damaged bytes among its accents,
#: dashes and curly quotes; shorter or more damaged text goes to the language check, where UTF-8
#: competes with the detector's candidates.
MAX_INVALID_UTF8_SHARE = 0.25
#: Fewest valid multi-byte UTF-8 characters for that shortcut: a short CJK snippet can look valid by
#: chance (1-4 % of 5-10 character strings fell under a third), but about one CJK character in five
#: reads as valid UTF-8, so 10 valid sequences take some 50 characters, and none of those did.
MIN_UTF8_EVIDENCE = 10
#: Characters of a script are told apart by the first word of their Unicode name; these scripts are one
#: writing system for the check (Japanese mixes kanji and kana). Hangul stays apart: modern Korean news
#: rarely mixes in hanja, while EUC-JP read as a Korean code page gives exactly that mixture.
_SCRIPTS = ("CJK", "HANGUL", "LATIN", "CYRILLIC", "GREEK", "ARABIC", "HEBREW", "THAI", "DEVANAGARI", "ARMENIAN")
SCRIPT_GROUPS = {"HIRAGANA": "CJK", "KATAKANA": "CJK", "IDEOGRAPHIC": "CJK", "HALFWIDTH": "CJK", "FULLWIDTH": "CJK"}
SCRIPT_GROUPS.update((script, script) for script in _SCRIPTS)
#: Non-ASCII lower-case letters each language writes, by script (from the alphabets). A decoding that
#: needs letters from two alphabets ("pręts naďve": Polish ę, Czech ď; "ѕрезидент": Macedonian ѕ in
#: Russian) is probably the wrong code page.
_CYRILLIC = "абвгдежзийклмнопрстуфхцчшщъыьэюя"
ALPHABETS = {
    "LATIN": {
        "fr": "àâæçéèêëîïôœùûüÿ",
        "de": "äöüß",
        "es": "áéíñóúü",
        "it": "àèéìíîòóùú",
        "pt": "áâãàçéêíóôõú",
        "nl": "éëïóöü",
        "ca": "àçèéíïòóúü",
        "sv": "åäöé",
        "da": "æøåé",
        "fi": "äöå",
        "is": "áðéíóúýþæö",
        "pl": "ąćęłńóśźż",
        "cs": "áčďéěíňóřšťúůýž",
        "sk": "áäčďéíĺľňóôŕšťúýž",
        "hu": "áéíóöőúüű",
        "ro": "ăâîșțşţ",
        "hr": "čćđšž",
        "sl": "čšž",
        "tr": "çğıöşüâîû",
        "lt": "ąčęėįšųūž",
        "lv": "āčēģīķļņšūž",
        "et": "äõöüšž",
        "ga": "áéíóú",
        "mt": "ċġħż",
    },
    "CYRILLIC": {
        "ru": _CYRILLIC + "ё",
        "uk": _CYRILLIC.translate(str.maketrans("", "", "ъыэ")) + "єіїґ",
        "be": _CYRILLIC.translate(str.maketrans("", "", "ищъ")) + "ёіў",
        "bg": _CYRILLIC.translate(str.maketrans("", "", "ыэ")),
        "sr": "абвгдђежзијклљмнњопрстћуфхцчџш",
        "mk": "абвгдѓежзѕијклљмнњопрстќуфхцчџш",
    },
}
_ALPHABET_SETS = {script: {lang: frozenset(abc) for lang, abc in langs.items()} for script, langs in ALPHABETS.items()}
#: Single-byte code pages always tried besides charset-normalizer's proposals: on a short text it may
#: propose only wrong ones (KOI8-R Russian came back as shift_jis_2004 alone). These are the most used
#: legacy code pages for Western, Central European and Cyrillic news sites.
EXTRA_CANDIDATES = ("cp1252", "cp1250", "cp1251", "koi8-r")
#: When two codecs score the same (often: they decode this text identically), the commoner one on the
#: web is named: UTF-8, then windows-1252 (what browsers use for latin-1 labels too).
PREFERRED = ("utf-8", "cp1252")
#: Non-letters that may stand inside a word: apostrophes, the Catalan middle dot, soft and non-breaking
#: hyphens, zero-width (non-)joiners.
IN_WORD = frozenset("’‘ʼ·\u00ad\u2010\u2011\u200c\u200d")
_WORD = re.compile(r"[^\W\d_]+")
# CJK punctuation (U+3000-303F) and full-width forms stand between letters: CJK text has no spaces.
_GLUED = re.compile(r"(?<=[^\W\d_])[^\x00-\x7f\u3000-\u303f\uff00-\uffef](?=[^\W\d_])")
#: Bytes are refused as "no text encoding fits" when charset-normalizer proposes nothing and, in the
#: best decoding, more than this share of the non-ASCII characters is odd (and more than MIN_ODD of
#: them), not counting letters outside the best alphabet (a text may mix languages). Text decoded right
#: scores 0 (the test sentences in five code pages), random high bytes 0.31-0.44 in the single-byte code
#: pages; a short text with a few damaged bytes stays under MIN_ODD.
MAX_ODD_SHARE = 0.2
MIN_ODD = 8
#: Text after a byte-order mark is binary when more than this share of its characters (and more than
#: MIN_ODD) are U+FFFD, private-use or unassigned: random bytes read as UTF-16 give 14-16 % (measured),
#: as UTF-32 all; text has none but where a few bytes were damaged.
MAX_JUNK_SHARE = 0.05
#: Symbols common in news text; any other symbol (modifier accents such as ˇ ˛ ´ ¨, ¬, ¦, box drawing,
#: maths) is an oddity, as is a control character, a private-use or unassigned code point, or U+FFFD.
COMMON_SYMBOLS = frozenset("©®°±×÷™№")
#: Frequent function words that contain a non-ASCII letter: the tie-breaker between decodings that look
#: equally clean (KOI8-R and cp1251 both give Cyrillic letters; only the right one gives words).
STOP_WORDS = frozenset(
    "à où déjà été être même très après français "  # fr
    "für über dass während müssen können würde "  # de
    "más está también según años año él así "  # es
    "è perché più già però "  # it
    "não são está também já após "  # pt
    "się że już przez może są także będzie "  # pl
    "že už jsou které může být také při "  # cs
    "és hogy egy között már után "  # hu
    "și în că pentru după "  # ro
    "için bir daha çok göre "  # tr
    "и в не на что с по это он как из за от к но для "  # ru
    "και το να της η ο του με για από στο "  # el
    "על של את זה לא "  # he
    "في من على أن إلى".split()  # ar
)


def read_bytes(path: Path, *, max_bytes: int, source: str | None = None) -> bytes:
    """Read a file, refusing empty and over-size ones with a clear reason.

    Args:
        path: the file (its real name, whatever its bytes).
        max_bytes: largest file read.
        source: the name errors give (default ``safe_name(path)``).

    Raises:
        InputError: the file is unreadable, empty or too big.
    """
    name = source if source is not None else safe_name(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise InputError(name, f"cannot read: {exc.strerror or exc}") from exc
    if size == 0:
        raise InputError(name, "empty file")
    if size > max_bytes:
        raise InputError(name, f"file is {size / 1e6:.1f} MB, over the {max_bytes / 1e6:.1f} MB limit (--max-bytes)")
    try:
        return path.read_bytes()
    except OSError as exc:
        raise InputError(name, f"cannot read: {exc.strerror or exc}") from exc


# --- file names ---------------------------------------------------------------------------------------

# Characters a name cannot show as they are: lone surrogates (undecodable bytes, kept by surrogateescape;
# the store cannot encode them), C0/C1 controls (a newline would split the skip line), line and paragraph
# separators, and bidirectional overrides (they reorder what the terminal shows).
_UNSAFE_IN_NAME = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)
_SHORT_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape_in_name(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    if char in _SHORT_ESCAPES:
        return _SHORT_ESCAPES[char]
    if 0xDC80 <= code <= 0xDCFF:  # surrogateescape's stand-in for the undecodable byte code - 0xDC00
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def safe_name(name: str | bytes | os.PathLike[str] | os.PathLike[bytes]) -> str:
    """A file name (or URL) as a one-line string that prints and stores safely, whatever its bytes.

    Bytes are decoded as the file system does (surrogateescape); an undecodable byte shows as ``\\xff``,
    a control character as ``\\n``, ``\\t`` or ``\\x1b``, a separator or bidi override as ``\\u202e``.
    Backslashes are left alone, so Windows paths stay readable; the escaping is for showing and storing
    a name, never for opening the file (readers keep the real path for that).
    """
    text = os.fsdecode(name)
    return _UNSAFE_IN_NAME.sub(_escape_in_name, text)


# --- bytes to text ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Decoded:
    """Text from bytes, the codec used, and a warning when it was not clean UTF-8 (else None)."""

    text: str
    encoding: str
    warning: str | None = None


def looks_binary(data: bytes, *, max_nuls: int = 0, max_control_share: float = MAX_CONTROL_SHARE) -> bool:
    """True for bytes that are not text in any encoding: NUL bytes or many control characters.

    Args:
        data: the bytes (the first SAMPLE_BYTES are looked at).
        max_nuls: NUL bytes tolerated (a scraped page may carry a stray one).
        max_control_share: share of other control bytes tolerated.
    """
    sample = data[:SAMPLE_BYTES]
    if sample.count(b"\x00") > max_nuls:
        return True
    controls = sum(1 for b in sample if b < 32 and b not in (0, 9, 10, 12, 13))
    return controls > max_control_share * max(1, len(sample))


def _utf8_counts(data: bytes) -> tuple[int, int]:
    """(invalid byte sequences, valid multi-byte characters) when ``data`` is read as UTF-8."""
    text = data.decode("utf-8", errors="replace")
    invalid = text.count("\ufffd") - data.count(b"\xef\xbf\xbd")
    non_ascii = len(text) - len(text.encode("ascii", errors="ignore"))
    return invalid, non_ascii - invalid


def _script(char: str) -> str | None:
    return SCRIPT_GROUPS.get(unicodedata.name(char, "").split(" ", 1)[0])


def _oddities(text: str) -> tuple[int, int, int]:
    """(odd characters and words, words outside the best-fitting alphabet, function words found).

    Only non-ASCII characters count: every code page proposed reads ASCII the same way. One point each
    for: U+FFFD, a control, private-use or unassigned code point; a symbol news text does not use (see
    ``COMMON_SYMBOLS``); a letter outside the text's main script; a non-letter glued between two letters
    ("за€вил"); a word mixing scripts ("pr굍s"), with a capital after a small letter ("рТЕЗИДЕНТ") or
    with a superscript or fraction in it ("powiedzia³"; a unit such as "km²" is three characters at most).
    The second number counts words with a letter outside the alphabet of the language most words fit
    ("pręts" among Slovak-looking words): it ranks decodings but never refuses text, which may quote
    another language.
    """
    chars = Counter(c for c in text if c > "\x7f")
    odd = 0
    scripts: Counter[str] = Counter()
    for char, n in chars.items():
        category = unicodedata.category(char)
        if char == "\ufffd" or category in ("Cc", "Co", "Cn", "Cs"):
            odd += n
        elif category == "Lm" or category[0] == "S":
            odd += 0 if category == "Sc" or char in COMMON_SYMBOLS else n
        elif category[0] == "L" and (script := _script(char)):
            scripts[script] += n
    main = scripts.most_common(1)[0][0] if scripts else ""
    odd += sum(n for script, n in scripts.items() if script != main)
    odd += sum(1 for m in _GLUED.finditer(text) if m.group()[0] not in IN_WORD and not m.group()[0].isalnum())
    alphabets = _ALPHABET_SETS.get(main, {})
    fits: Counter[str] = Counter()
    counted = 0
    for word, n in Counter(w for w in _WORD.findall(text) if not w.isascii()).items():
        if (
            len({_script(c) or "LATIN" for c in word if c.isalpha()}) > 1
            or any(a.islower() and b.isupper() for a, b in zip(word, word[1:], strict=False))
            or (len(word) > 3 and any(unicodedata.category(c) == "No" for c in word))
        ):
            odd += n
        if alphabets:
            own = {c for c in word.lower() if c > "\x7f" and c.isalpha()}
            counted += n
            fits.update({language: n for language, abc in alphabets.items() if own <= abc})
    words = sum(1 for word in _WORD.findall(text.lower()) if word in STOP_WORDS)
    return odd, counted - max(fits.values(), default=0), words


def _candidates(data: bytes) -> list[str]:
    """Codecs charset-normalizer proposes for ``data``, best first, by their Python names."""
    names: list[str] = []
    for proposed in [match.encoding for match in from_bytes(data)]:
        try:
            name = codecs.lookup(proposed).name
        except LookupError:
            continue
        if name not in names:
            names.append(name)
    return names


def _pick(data: bytes, candidates: Iterable[str], utf8: tuple[int, int]) -> tuple[str, int, int] | None:
    """The candidate codec whose text is least odd (see ``_oddities``), with its text's odd characters
    (letters outside the alphabet not counted) and non-ASCII characters; None if none is a codec.

    ``utf-8`` among the candidates is read with replacement and its U+FFFDs count as odd; any other
    codec pays one point per valid multi-byte UTF-8 sequence it turns into mojibake. Ties go to
    PREFERRED codecs, then to the earlier candidate.
    """
    sample = data[:SAMPLE_BYTES]
    valid = _utf8_counts(sample)[1] if len(data) > SAMPLE_BYTES else utf8[1]
    best: tuple[tuple[int, int, int, int], str, int, int] | None = None
    for order, name in enumerate(candidates):
        try:
            text = sample.decode(name, errors="replace")
        except LookupError:
            continue
        odd, foreign, words = _oddities(text)
        rank = PREFERRED.index(name) if name in PREFERRED else len(PREFERRED)
        key = (odd + foreign + (0 if name == "utf-8" else valid), -words, rank, order)
        if best is None or key < best[0]:
            best = (key, name, odd, len(text) - len(text.encode("ascii", errors="ignore")))
    return None if best is None else best[1:]


def _bom(data: bytes) -> tuple[str, int] | None:
    for mark, name in BOMS:
        if data.startswith(mark):
            return name, len(mark)
    return None


def _replaced(text: str, data: bytes) -> int:
    return text.count("\ufffd") - data.count(b"\xef\xbf\xbd")


def _decoded(text: str, encoding: str, warning: str | None) -> Decoded:
    text = unicodedata.normalize("NFC", text)  # (first: mojibake may come decomposed, "A" + U+0303 for "Ã")
    repaired = ftfy.fix_encoding(text) if _MOJIBAKE.search(text) else text
    if repaired != text:  # "TrÃ©vidic": text encoded as UTF-8 and decoded as Latin-1 before it reached us
        note = f"read as {encoding}; repaired text decoded in the wrong encoding upstream (mojibake)"
        text, warning = unicodedata.normalize("NFC", repaired), f"{warning}; {note}" if warning else note
    return Decoded(text, encoding, warning)


#: A UTF-8 lead byte read as a Latin-1 or cp1252 letter ("Ã", "Â", "â") followed by a continuation byte
#: read the same way ("Ã©", "Â°", "â€"): the mark of mojibake that ``_decoded`` repairs. Text without it
#: is left as it is (ftfy would also read a lone C1 control as cp1252, "\x80" as "€").
_MOJIBAKE = re.compile("[ÂÃâ][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
                       "\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]")


def decode_bytes(
    data: bytes,
    *,
    source: str,
    declared: str | None = None,
    lossy: bool = False,
    max_nuls: int = 0,
    max_control_share: float = MAX_CONTROL_SHARE,
) -> Decoded:
    """Decode untrusted bytes: BOM, binary check, UTF-8, mostly-UTF-8, declared charset, detection.

    Args:
        data: the bytes.
        source: the name errors give.
        declared: a charset the document declares (HTML ``<meta charset>``), tried after UTF-8.
        lossy: when no encoding fits, read UTF-8 with replacement instead of raising.
        max_nuls, max_control_share: binary check thresholds (see ``looks_binary``).

    Returns:
        NFC-normalised text, the codec used and a warning naming it when it was not clean UTF-8.

    Raises:
        InputError: the bytes are binary, or no text encoding fits (and ``lossy`` is false).
    """
    bom = _bom(data)
    if bom is not None:
        name, skip = bom
        body = data[skip:]
        try:
            text, bad = body.decode(name), 0
        except UnicodeDecodeError:
            text = body.decode(name, errors="replace")
            # for UTF-16/32 this also counts a U+FFFD the text held: only the warning's number is off
            bad = _replaced(text, body) if name == "utf-8" else text.count("\ufffd")
        sample = text[:SAMPLE_BYTES]
        junk = sum(1 for c in sample if c == "\ufffd" or unicodedata.category(c) in ("Co", "Cn", "Cs"))
        if junk > max(MIN_ODD, MAX_JUNK_SHARE * len(sample)) or looks_binary(
            sample.encode("utf-8", "replace"), max_nuls=max_nuls, max_control_share=max_control_share
        ):
            raise InputError(source, f"binary file, not text (starts with a {name} byte-order mark)")
        lost = f"{bad} invalid byte sequences replaced with U+FFFD; " if bad else ""
        warning = f"{lost}decoded as {name} (byte-order mark)" if bad or name != "utf-8" else None
        return _decoded(text, name, warning)
    if looks_binary(data, max_nuls=max_nuls, max_control_share=max_control_share):
        raise InputError(source, "binary file, not text")
    try:
        return _decoded(data.decode("utf-8"), "utf-8", None)
    except UnicodeDecodeError:
        pass
    invalid, valid = _utf8_counts(data)
    if valid >= MIN_UTF8_EVIDENCE and invalid <= MAX_INVALID_UTF8_SHARE * (invalid + valid):
        return _decoded(
            data.decode("utf-8", errors="replace"),
            "utf-8",
            f"not valid UTF-8: {invalid} invalid byte sequences replaced with U+FFFD; decoded as utf-8",
        )
    if declared:
        try:
            name = codecs.lookup(declared).name
            return _decoded(data.decode(name), name, None)
        except (LookupError, UnicodeDecodeError):
            pass
    proposed = _candidates(data)
    picked = _pick(data, (["utf-8"] if valid else []) + proposed + list(EXTRA_CANDIDATES), (invalid, valid))
    if picked is None or not proposed and picked[1] > max(MIN_ODD, MAX_ODD_SHARE * picked[2]):
        if not lossy:
            raise InputError(source, "not UTF-8 and no text encoding fits")
        return _decoded(
            data.decode("utf-8", errors="replace"),
            "utf-8",
            f"no text encoding fits; decoded as utf-8 with {invalid} invalid byte sequences replaced",
        )
    name = picked[0]
    text = data.decode(name, errors="replace")
    if name == "utf-8":
        warning = f"not valid UTF-8: {invalid} invalid byte sequences replaced with U+FFFD; decoded as utf-8"
    else:
        bad = text.count("\ufffd")
        lost = f", {bad} undecodable byte sequences replaced with U+FFFD" if bad else ""
        warning = f"not UTF-8; decoded as {name} (detected{lost})"
    return _decoded(text, name, warning)


def decode_text(data: bytes, *, source: str) -> tuple[str, str | None]:
    """Decode a text file's bytes (see ``decode_bytes``).

    Returns:
        The text and a warning (naming the encoding used) when it was not clean UTF-8, else None.

    Raises:
        InputError: the bytes are binary or no text encoding fits.
    """
    decoded = decode_bytes(data, source=source)
    return decoded.text, decoded.warning
