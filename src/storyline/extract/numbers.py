"""Amounts read from tokens: "10,000", "1.5 million", "$3bn", "15-hundred", "a couple hundred" -> :class:`Amount`.

One job: find where an amount starts and ends in a spaCy Doc and what it is worth. Whether it is a
claim, and of what, is for claims.py to decide.

- **Digits** with separators and newsroom scales ("10,000", "1.5 million", "$3bn", "2½", "2 1/2"),
  and a spelled scale glued by a hyphen ("15-hundred", "2-million"; issue 11). spaCy's English
  tokenizer splits "15-hundred" into "15", "-", "hundred", so the hyphen is read across tokens; an
  in-token hyphen ("2½-million", should a tokenizer keep it whole) is read as well.
- **Words**, through ``lexicons.read_number_words``: "twenty-five hundred", "ten-thousand", "a
  hundred and fifty", "one-and-a-half thousand", "a couple hundred", "tens of thousands".
- **Ranges**: "between 8,000 and 12,000", "10,000-12,000", "two to three million" (the first number
  takes the second's scale: 2,000,000..3,000,000).
- **Shares**: "two-thirds", "one in five" -> percent.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import pycountry
from spacy.tokens import Doc, Token

from . import lexicons as lx
from .sentences import doc_lowers

#: Years as bare numbers: a 4-digit integer in this span is a year unless a plural noun follows it
#: (claims.py decides; this module marks the amount ``yearlike``).
YEAR_RANGE = (1800, 2100)

DASHES = frozenset({"-", "–", "—"})
#: ISO 4217 codes written before or after an amount ("USD 4 million", "300 million KRW").
ISO_CODES = frozenset(c.alpha_3 for c in pycountry.currencies) - lx.ISO_CODE_STOPLIST
_LEADING_ZERO = re.compile(r"^0\d")
_MIXED_FRACTION = re.compile(r"^([1-9])/([1-9]\d?)$")
#: Unicode vulgar fractions are read with unicodedata.numeric (½ -> 0.5); this pattern finds them.
_VULGAR = "½⅓⅔¼¾⅕⅖⅗⅘⅙⅚⅛⅜⅝⅞"

_NUMERAL = re.compile(
    r"^(?P<int>\d{1,3}(?:,\d{3})+|\d+)?(?:\.(?P<frac>\d+))?(?P<vulgar>[" + _VULGAR + r"])?"
    r"(?P<scale>bn|b|m|mn|mln|k|tn|trn)?(?P<plus>\+)?$",
    re.IGNORECASE,
)


def parse_numeral(text: str) -> tuple[float, float, bool] | None:
    """Read one numeral token written with digits.

    Accepts thousands separators ("10,000"), decimals ("1.5"), vulgar fractions ("2½", "½"), a trailing
    newsroom scale ("3bn", "20m", "5k") and a trailing plus ("10,000+").

    Args:
        text: the token text, without currency symbol or hyphenated suffix.

    Returns:
        ``(value, scale, plus)`` where ``value`` already includes the scale, ``scale`` is the
        multiplier that was applied (1.0 if none) and ``plus`` tells whether a "+" followed; ``None``
        if the text is not a numeral (ordinals, times, "1/2", "G7" are not).
    """
    m = _NUMERAL.match(text)
    if not m or not (m.group("int") or m.group("frac") or m.group("vulgar")):
        return None
    if m.group("frac") is not None and m.group("int") is None:
        return None  # ".5" is too rare in prose to be worth the false hits on list markers
    value = float(m.group("int").replace(",", "")) if m.group("int") else 0.0
    if m.group("frac"):
        value += float("0." + m.group("frac"))
    if m.group("vulgar"):
        value += unicodedata.numeric(m.group("vulgar"))
    scale = lx.SCALE_WORDS[m.group("scale").lower()] if m.group("scale") else 1.0
    return value * scale, scale, bool(m.group("plus"))


@dataclass
class Amount:
    """An amount's tokens and value, before it is judged a claim."""

    start: int  # first token (currency included)
    end: int  # one past the last token
    low: float
    high: float
    vague: bool = False  # plural magnitude or vague multiplier ("thousands"): an approximate reading
    currency: str | None = None
    scale: float = 1.0  # the scale written after the number ("1.5 million", "three thousand")
    plus: bool = False
    word: str = ""  # the lower-case words, for spelled numbers ("one")
    suffix: tuple[str, ...] = ()  # words glued by a hyphen inside the token ("2½-year" -> ("year",))
    yearlike: bool = False
    percent: bool = False  # a fraction or ratio ("two-thirds", "one in five") already in percent


def lower_at(doc: Doc, i: int, end: int) -> str:
    """Lower-case text of token ``i``, or "" at or past ``end``."""
    return doc_lowers(doc)[i] if i < end else ""


def scale_word(tok: Token) -> str:
    """The scale word a token is ("million", "bn"; "m." at a sentence end is "m"), else ""."""
    word = tok.lower_
    if word not in lx.SCALE_WORDS and word.endswith(".") and word[:-1] in lx.SCALE_WORDS:
        word = word[:-1]
    return word if word in lx.SCALE_WORDS else ""


def read_amount(doc: Doc, i: int, end: int) -> Amount | None:
    """The amount starting at token ``i`` (not crossing ``end``), or None.

    Args:
        doc: the parsed Doc.
        i: the first token (a currency symbol or code may come first: "$3bn", "USD 4 million").
        end: one past the last token the amount may use (the sentence end).

    Returns:
        The amount, its ``end`` one past its last token; None if no amount starts at ``i``.
    """
    start, currency = i, None
    tok = doc[i]
    if tok.lower_ in lx.CURRENCY_SYMBOLS or (tok.text in ISO_CODES and tok.is_upper):
        if i + 1 < end and (doc[i + 1].like_num or doc[i + 1].text[:1].isdigit()):
            currency = lx.CURRENCY_SYMBOLS.get(tok.lower_, tok.text)
            i += 1
        else:
            return None
    amount = _read_digits(doc, i, end) or _read_words(doc, i, end)
    if amount is None:
        return None
    amount.start, amount.currency = start, currency or amount.currency
    if amount.end < end and doc[amount.end].text == "+":
        amount.plus, amount.end = True, amount.end + 1
    return amount


def _scale_at(doc: Doc, k: int, end: int) -> tuple[float, int]:
    """The scale written at token ``k`` - "million", "bn", or a spelled scale glued by a hyphen
    ("-hundred" in "15-hundred"; issue 11) - and the token after it; ``(1.0, k)`` if none."""
    if k < end and (word := scale_word(doc[k])) not in ("", "b"):
        return lx.SCALE_WORDS[word], k + 1
    if (
        k + 1 < end
        and doc[k].text in DASHES
        and not (doc[k - 1].whitespace_ or doc[k].whitespace_)
        and doc[k + 1].lower_ in lx.SPELLED_SCALES
    ):
        return lx.SCALE_WORDS[doc[k + 1].lower_], k + 2
    return 1.0, k


def _read_digits(doc: Doc, i: int, end: int) -> Amount | None:
    """Digits at token ``i``: "10,000", "1.5 million", "15-hundred", "2½-year", "8,000–12,000", "40pc"."""
    text = doc[i].text
    suffix: tuple[str, ...] = ()
    if text[-1:] == "%" or text[-2:].lower() == "pc":
        text, suffix = text.rstrip("%").removesuffix("pc").removesuffix("PC"), ("%",)
    parts = re.split(r"[-–—]", text)
    if any(_LEADING_ZERO.match(p) for p in parts) or parse_numeral(parts[0]) is None:
        return None
    value, scale, plus = parse_numeral(parts[0])  # type: ignore[misc]
    high, rest = value, parts[1:]
    if rest and (second := parse_numeral(rest[0])) is not None:
        high, rest = second[0], rest[1:]
        if high <= value:
            return None  # "3-1" in one token: a score
    if rest and not all(p.isalpha() for p in rest):
        return None
    suffix = suffix or tuple(p.lower() for p in rest)
    if suffix == ("plus",):
        suffix, plus = (), True  # "10,000-plus"
    yearlike = bool(re.fullmatch(r"\d{4}", parts[0])) and YEAR_RANGE[0] <= value <= YEAR_RANGE[1]
    if suffix and suffix[0] in lx.SPELLED_SCALES and scale == 1.0:
        scale, suffix, yearlike = lx.SCALE_WORDS[suffix[0]], suffix[1:], False  # one token "2-million"
        value, high = value * scale, high * scale
    k = i + 1
    if not suffix and k < end and (m := _MIXED_FRACTION.match(doc[k].text)) and value.is_integer():
        value, k = value + int(m.group(1)) / int(m.group(2)), k + 1
        high = value
    if not suffix and scale == 1.0 and (found := _scale_at(doc, k, end))[0] > 1.0:
        scale, k = found
        value, high, yearlike = value * scale, high * scale, False
        if k < end and doc[k].lower_ in lx.SCALE_WORDS and lx.SCALE_WORDS[doc[k].lower_] > scale:
            factor = lx.SCALE_WORDS[doc[k].lower_]  # "hundred thousand"
            scale, value, high, k = scale * factor, value * factor, high * factor, k + 1
    if not suffix and high == value and [lower_at(doc, j, end) for j in range(k, k + 3)] == ["and", "a", "half"]:
        value, k = value + 0.5 * scale, k + 3
        high = value
    return Amount(i, k, value, high, scale=scale, plus=plus, suffix=suffix, yearlike=yearlike)


def _read_words(doc: Doc, i: int, end: int) -> Amount | None:
    """Spelled-out amount at token ``i`` ("two", "a dozen", "ten-thousand"; see lexicons)."""
    lowers = doc_lowers(doc)
    read = lx.read_number_words(lowers[i : min(end, i + 12)])
    if read is None:
        return None
    n, low, high, vague, word = read
    scale, k = 1.0, i + n - 1  # the scales it ends with ("three hundred thousand" -> 1e5): for ranges
    while not vague and k > i and (lowers[k] in lx.SPELLED_SCALES or lowers[k] in DASHES):
        scale, k = scale * lx.SCALE_WORDS.get(lowers[k], 1.0), k - 1
    return Amount(i, i + n, low, high, vague=vague, scale=scale, word=word)


def read_phrase(doc: Doc, i: int, end: int) -> tuple[Amount, float, float, bool] | None:
    """An amount at ``i``, joined with a second one into a range when written so.

    Args:
        doc: the parsed Doc.
        i: the first token.
        end: one past the last token the phrase may use.

    Returns:
        ``(amount, low, high, skip)``; ``skip`` marks phone numbers and scores, which are no claim.
        None if no amount starts at ``i``.
    """
    a = read_amount(doc, i, end)
    if a is None:
        return None
    if a.high > a.low or a.vague:
        return a, a.low, a.high, False
    ratio = _read_ratio(doc, a, end)
    if ratio is not None:
        return a, ratio, ratio, False
    before = doc[a.start - 1].lower_ if a.start > 0 else ""
    sep = lower_at(doc, a.end, end)
    joined = sep in DASHES or (sep == "to" and before != "from") or (sep == "and" and before == "between")
    if not joined or a.end + 1 >= end:
        return a, a.low, a.high, False
    if sep in DASHES and _LEADING_ZERO.match(doc[a.end + 1].text):
        a.end += 2
        return a, a.low, a.high, True  # "555-0100": a phone number or a code
    b = read_amount(doc, a.end + 1, end)
    if b is None or b.vague or b.high > b.low:
        return a, a.low, a.high, False
    if sep in DASHES and lower_at(doc, b.end, end) in DASHES and b.end + 1 < end and doc[b.end + 1].like_num:
        k = b.end
        while k + 1 < end and doc[k].text in DASHES and doc[k + 1].like_num:
            k += 2
        a.end = k
        return a, a.low, a.high, True  # three hyphenated groups: a phone number or a code
    low = a.low * b.scale if b.scale > 1 and a.scale == 1 and a.low < b.low / b.scale else a.low
    if low >= b.low:
        # "a 3-1 vote", "52-48" are scores; "rose 10 to 8" is not a range either
        if sep in DASHES:
            a.end = b.end
            return a, a.low, a.high, True
        return a, a.low, a.high, False
    a.end, a.currency, a.suffix = b.end, a.currency or b.currency, b.suffix
    a.yearlike = a.yearlike and b.yearlike
    return a, low, b.high, False


def _read_ratio(doc: Doc, a: Amount, end: int) -> float | None:
    """ "two-thirds", "one in five", "nine out of 10": the share in percent; extends ``a`` over it."""
    if a.scale > 1 or a.currency:
        return None
    k = a.end
    if a.suffix and len(a.suffix) == 1 and a.suffix[0] in lx.FRACTION_WORDS:
        den, k = lx.FRACTION_WORDS[a.suffix[0]], a.end
    elif k + 1 < end and doc[k].text in DASHES and doc[k + 1].lower_ in lx.FRACTION_WORDS:
        den, k = lx.FRACTION_WORDS[doc[k + 1].lower_], k + 2
    elif (
        k + 1 < end
        and doc[k].lower_ == "in"
        or [lower_at(doc, k, end), lower_at(doc, k + 1, end)] == ["out", "of"]
    ):
        k += 1 if doc[k].lower_ == "in" else 2
        b = read_amount(doc, k, end) if k < end else None
        if b is None or b.vague or b.currency or b.yearlike or b.high != b.low or b.low <= a.low:
            return None
        if doc[a.end].lower_ == "in" and not (b.low <= 10 or re.fullmatch(r"10+", f"{b.low:.0f}")):
            return None  # "one in five", "3 in 100"; "300 in 2023" or "5 in 37" are no ratios
        den, k = int(b.low), b.end
    else:
        return None
    if den <= 0:
        return None
    a.end, a.percent, a.suffix = k, True, ()
    return round(100 * a.low / den, 2)
