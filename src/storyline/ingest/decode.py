"""Bytes to text for untrusted input files: size cap, binary detection, encoding fallback."""

from __future__ import annotations

import unicodedata
from pathlib import Path

from charset_normalizer import from_bytes

from ..errors import InputError

#: Share of control characters (other than tab/newline/CR/form feed) above which bytes are binary, not
#: text. Real text has none; 1 % leaves room for a stray control byte in a scraped page.
MAX_CONTROL_SHARE = 0.01


def read_bytes(path: Path, *, max_bytes: int) -> bytes:
    """Read a file, refusing empty and over-size ones with a clear reason."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise InputError(str(path), f"cannot read: {exc.strerror or exc}") from exc
    if size == 0:
        raise InputError(str(path), "empty file")
    if size > max_bytes:
        raise InputError(
            str(path), f"file is {size / 1e6:.1f} MB, over the {max_bytes / 1e6:.1f} MB limit (--max-bytes)"
        )
    try:
        return path.read_bytes()
    except OSError as exc:
        raise InputError(str(path), f"cannot read: {exc.strerror or exc}") from exc


def looks_binary(data: bytes) -> bool:
    """True for bytes that are not text in any encoding: NUL bytes or many control characters."""
    sample = data[:65536]
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return controls > MAX_CONTROL_SHARE * max(1, len(sample))


def decode_text(data: bytes, *, source: str) -> tuple[str, str | None]:
    """Decode text bytes: UTF-8 (with or without BOM) first, else the detected encoding; NFC-normalised.

    Returns:
        The text and a warning (naming the encoding used) when it was not UTF-8, else None.

    Raises:
        InputError: the bytes are binary or no text encoding fits.
    """
    if looks_binary(data):
        raise InputError(source, "binary file, not text")
    try:
        return unicodedata.normalize("NFC", data.decode("utf-8-sig")), None
    except UnicodeDecodeError:
        pass
    best = from_bytes(data).best()
    if best is None:
        raise InputError(source, "not UTF-8 and no text encoding fits")
    return unicodedata.normalize("NFC", str(best)), f"not UTF-8; decoded as {best.encoding}"
