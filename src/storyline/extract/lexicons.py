"""Shared English lexicons for extraction: hedges, number words, units, currencies, calendar words.

Everything here is data plus small pure helpers that read it (:func:`words_to_number`,
:func:`read_number_words`, :func:`pluralise`), so other extractors can import the same vocabulary;
numerals written with digits are read in numbers.py.
All keys are lower-case unless noted; multi-word entries are tuples of lower-case tokens as spaCy's
English tokenizer splits them.

Hedge semantics (the ``Claim.hedge`` value a surface phrase before or after a number maps to):

============  ==============================================================================
hedge         surface forms
============  ==============================================================================
exact         no hedge word; "exactly", "precisely", "only", "just" (before a bare number)
about         roughly, around, about, approximately, approx., some, an estimated, estimated,
              circa, an approximate, "or so" (after); also vague plurals
              ("thousands", "tens of thousands", "several hundred") which carry a range
over          over, more than, above, upwards of, in excess of, north of, greater than,
              well over, just over, "+"/"-plus"/"plus" (after)
under         under, less than, fewer than, below, well under, well below
up to         up to, as many as, as much as, as high as
at least      at least, no fewer than, no less than, not less than, a minimum of, "or more" (after)
at most       at most, no more than, not more than, a maximum of, "or fewer"/"or less" (after)
nearly        nearly, almost, close to, just under, just shy of, just below, approaching, nearing
============  ==============================================================================
"""

from __future__ import annotations

import re

# --- hedges -------------------------------------------------------------------------------------------

#: Words/phrases directly before a number and the normalised hedge they give (see the table above).
#: Drawn from AP/Reuters style usage of approximators in conflict and economic reporting; longest
#: match wins, so "just under" (nearly) beats "under" (under).
HEDGE_PREFIXES: dict[tuple[str, ...], str] = {
    ("exactly",): "exact",
    ("precisely",): "exact",
    ("only",): "exact",
    ("just",): "exact",
    ("roughly",): "about",
    ("around",): "about",
    ("about",): "about",
    ("approximately",): "about",
    ("approx",): "about",
    ("approx.",): "about",
    ("some",): "about",
    ("circa",): "about",
    ("estimated",): "about",
    ("an", "estimated"): "about",
    ("an", "approximate"): "about",
    ("over",): "over",
    ("more", "than"): "over",
    ("above",): "over",
    ("upwards", "of"): "over",
    ("upward", "of"): "over",
    ("in", "excess", "of"): "over",
    ("north", "of"): "over",
    ("greater", "than"): "over",
    ("well", "over"): "over",
    ("just", "over"): "over",
    ("well", "above"): "over",
    ("under",): "under",
    ("less", "than"): "under",
    ("fewer", "than"): "under",
    ("below",): "under",
    ("well", "under"): "under",
    ("well", "below"): "under",
    ("up", "to"): "up to",
    ("as", "many", "as"): "up to",
    ("as", "much", "as"): "up to",
    ("as", "high", "as"): "up to",
    ("at", "least"): "at least",
    ("no", "fewer", "than"): "at least",
    ("no", "less", "than"): "at least",
    ("not", "less", "than"): "at least",
    ("a", "minimum", "of"): "at least",
    ("at", "most"): "at most",
    ("no", "more", "than"): "at most",
    ("not", "more", "than"): "at most",
    ("a", "maximum", "of"): "at most",
    ("nearly",): "nearly",
    ("almost",): "nearly",
    ("close", "to"): "nearly",
    ("just", "under"): "nearly",
    ("just", "below"): "nearly",
    ("just", "shy", "of"): "nearly",
    ("approaching",): "nearly",
    ("nearing",): "nearly",
}

#: Words/phrases directly after a number (before its noun) and the hedge they give.
HEDGE_SUFFIXES: dict[tuple[str, ...], str] = {
    ("or", "more"): "at least",
    ("or", "so"): "about",
    ("or", "fewer"): "at most",
    ("or", "less"): "at most",
    ("plus",): "over",
    ("-", "plus"): "over",
    ("+",): "over",
}

#: Longest hedge phrase, in tokens (bounds the look-behind).
MAX_HEDGE_TOKENS = max(len(k) for k in HEDGE_PREFIXES)

# --- numbers ------------------------------------------------------------------------------------------

#: Cardinal words below one hundred.
UNIT_WORDS: dict[str, int] = {
    w: i
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
        "fifteen sixteen seventeen eighteen nineteen".split()
    )
}
TENS_WORDS: dict[str, int] = {
    w: 10 * (i + 2) for i, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split())
}

#: Multipliers written as words or newsroom abbreviations ("$3bn", "20m", "5k", "1.2tn").
#: "m"/"mn"/"mln" are read as million: in news copy a bare "20m" after a number is money or people far
#: more often than metres (metres are written "20 metres" or "20 m" with a space and no currency).
SCALE_WORDS: dict[str, float] = {
    "hundred": 1e2,
    "thousand": 1e3,
    "k": 1e3,
    "million": 1e6,
    "m": 1e6,
    "mn": 1e6,
    "mln": 1e6,
    "billion": 1e9,
    "bn": 1e9,
    "b": 1e9,
    "trillion": 1e12,
    "tn": 1e12,
    "trn": 1e12,
}

#: Scale words spelled out ("hundred", "million"), not abbreviated ("m", "bn").
SPELLED_SCALES = frozenset(w for w in SCALE_WORDS if len(w) > 2)

#: Nouns after "one" that make an idiom rather than a count ("at one point", "one day", "on one hand").
ONE_IDIOM_NOUNS = frozenset(
    """
    another day side hand point way thing time moment reason question example instance case kind sort
    type stage place morning evening night week month year
    """.split()
)

#: Nouns counting a fixed number ("a dozen", "two dozen"); "a dozen" is read as exactly 12, as the
#: demo gold (tests/data/demo_gold.jsonl) annotates it.
GROUP_WORDS: dict[str, float] = {"dozen": 12.0}

#: Plural magnitude words read as a range (low, high). "thousands" commits to at least two thousand and
#: to fewer than ten thousand (above that writers say "tens of thousands"); the same reasoning gives
#: the other rows. "dozens" stops at 99 because 100+ is written "hundreds".
PLURAL_MAGNITUDES: dict[str, tuple[float, float]] = {
    "dozens": (24.0, 99.0),
    "hundreds": (200.0, 999.0),
    "thousands": (2_000.0, 9_999.0),
    "millions": (2e6, 9_999_999.0),
    "billions": (2e9, 9_999_999_999.0),
}

#: "tens of thousands" = 10 x (thousands), "hundreds of millions" = 100 x (millions): the first word's
#: factor multiplies the range of the second. The same reasoning as PLURAL_MAGNITUDES.
PLURAL_MULTIPLIERS: dict[str, tuple[float, float]] = {
    "tens": (10.0, 10.0),
    "dozens": (12.0, 12.0),
    "hundreds": (100.0, 100.0),
}

#: Vague multipliers before a singular scale word ("several thousand", "a few hundred"): read as
#: 2..9 times the scale, the same span as the plural magnitudes above. On their own ("a couple of
#: decades", "a few years", "several days") they are not numbers: writers use them for unquantified
#: amounts, and the seed gold (gold_seeds.jsonl) does not list them as claims. "A couple (of)
#: hundred" is 2..3 times the scale (200..300): "a couple" is two in exact use, "two or a few" in the
#: loose use that newsrooms pair with round magnitudes, and a writer meaning four or more hundred says
#: "several" or "a few hundred" (issue 11). Longest entry wins ("a couple of" over "a couple").
VAGUE_MULTIPLIERS: dict[tuple[str, ...], tuple[float, float]] = {
    ("several",): (2.0, 9.0),
    ("a", "few"): (2.0, 9.0),
    ("few",): (2.0, 9.0),
    ("a", "couple", "of"): (2.0, 3.0),
    ("a", "couple"): (2.0, 3.0),
    ("many",): (2.0, 9.0),
}

#: Fraction words after a hyphenated number ("two-thirds", "one-quarter") -> denominator; the claim
#: becomes a percentage (two-thirds -> 66.67 %), so outlets writing "67%" and "two-thirds" compare.
FRACTION_WORDS: dict[str, int] = {
    word: den
    for den, words in {2: "half halves", 3: "third thirds", 4: "quarter quarters", 5: "fifth fifths",
                       6: "sixth sixths", 8: "eighth eighths", 10: "tenth tenths"}.items()
    for word in words.split()
}  # fmt: skip

#: Hyphenated suffixes that make a number a factor, not a quantity ("a 10-fold increase").
MULTIPLIER_SUFFIXES = frozenset({"fold", "times"})


def words_to_number(words: list[str]) -> float | None:
    """Read a run of English number words ("two", "twenty five", "three hundred thousand").

    Args:
        words: lower-case tokens, hyphens already dropped ("twenty-five" -> ["twenty", "five"]).
            "and" is allowed between parts ("one hundred and five").

    Returns:
        The value, or ``None`` if the words are not a well-formed cardinal: a unit after a unit or a
        teen ("two three"), a tens word after anything but a round hundred ("nineteen ninety"), a
        scale on a part already as large ("fifteen hundred two thousand", "one hundred two hundred").
    """
    total, current, seen, last_scale = 0.0, 0.0, False, float("inf")
    for word in words:
        if word == "and" and seen:
            continue
        rest = current % 100
        if word in UNIT_WORDS and (rest == 0 or (rest >= 20 and rest % 10 == 0 and UNIT_WORDS[word] < 10)):
            current += UNIT_WORDS[word]
        elif word in TENS_WORDS and rest == 0:
            current += TENS_WORDS[word]
        elif word in GROUP_WORDS:
            current = (current or 1.0) * GROUP_WORDS[word]
        elif word in SPELLED_SCALES and SCALE_WORDS[word] == 100 and current < 100:
            current = (current or 1.0) * 100
        elif word in SPELLED_SCALES and SCALE_WORDS[word] > 100 and current < 1000:
            if SCALE_WORDS[word] >= last_scale:
                return None  # "two thousand three million"
            total, current, last_scale = total + (current or 1.0) * SCALE_WORDS[word], 0.0, SCALE_WORDS[word]
        else:
            return None
        seen = True
    return total + current if seen else None


#: Tokens that may appear inside a run of number words.
NUMBER_WORDS = (
    frozenset(UNIT_WORDS)
    | frozenset(TENS_WORDS)
    | frozenset(GROUP_WORDS)
    | SPELLED_SCALES
)
_DASH_TOKENS = frozenset({"-", "–", "—"})
#: Vague multipliers, longest first: "a couple of" must be tried before "a couple".
_VAGUE_LONGEST_FIRST = sorted(VAGUE_MULTIPLIERS.items(), key=lambda item: -len(item[0]))
#: Every word a spelled-out amount can start with, derived from the tables above: ``read_number_words``
#: runs at every token of an article, and most tokens are none of these (a set lookup instead of the
#: table scans; issue 5 profile).
_FIRST_WORDS = (
    frozenset({"a", "an", "half"})
    | frozenset(PLURAL_MULTIPLIERS)
    | frozenset(PLURAL_MAGNITUDES)
    | frozenset(words[0] for words in VAGUE_MULTIPLIERS if words)
    | frozenset(UNIT_WORDS)
    | frozenset(TENS_WORDS)
)


def _scales_at(tokens: list[str], k: int) -> tuple[float, int]:
    """Spelled scales from token ``k`` on, each maybe glued by a hyphen ("thousand", "-hundred"):
    ``(their product, the token after them)``; ``(1.0, k)`` if none."""
    scale = 1.0
    while True:
        j = k + 1 if k < len(tokens) and tokens[k] in _DASH_TOKENS else k
        if j >= len(tokens) or tokens[j] not in SPELLED_SCALES:
            return scale, k
        scale, k = scale * SCALE_WORDS[tokens[j]], j + 1


def _word_run(tokens: list[str], k: int) -> tuple[list[str], list[int]]:
    """The number words from token ``k`` on, hyphens and a joining "and" skipped, and the token after
    each word. "and" joins only what reads as one number: "a hundred and fifty (thousand)", not
    "fifteen hundred and two thousand", a range."""
    run: list[str] = []
    ends: list[int] = []
    while k < len(tokens):
        t, nxt = tokens[k], tokens[k + 1] if k + 1 < len(tokens) else ""
        if t in NUMBER_WORDS:
            run.append(t)
            ends.append(k + 1)
        elif t in _DASH_TOKENS and run and ((run[-1] in TENS_WORDS and nxt in UNIT_WORDS) or nxt in SPELLED_SCALES):
            pass  # "twenty - five", "ten - thousand", "twenty - five - hundred"
        elif t != "and" or not run or run[-1] not in ("hundred", "thousand") or nxt not in NUMBER_WORDS:
            break
        elif words_to_number(run + _word_run(tokens, k + 1)[0]) is None:
            break
        k += 1
    return run, ends


def read_number_words(tokens: list[str]) -> tuple[int, float, float, bool, str] | None:
    """Read a spelled-out amount at the start of a token list.

    Handles "two", "twenty - five", "one hundred and five", "a hundred and fifty", "ten - thousand",
    "twenty - five hundred", "two and a half", "one - and - a - half thousand", "a dozen", "a million",
    "half a million", "tens of thousands", "thousands", "several thousand", "a couple hundred". A
    hyphen joins a tens word to a unit ("twenty-five") or a number to a scale ("ten-thousand"); between
    two units ("two-three thousand") it is a range, left to the caller.

    Args:
        tokens: lower-case tokens as spaCy splits them, starting at the candidate amount.

    Returns:
        ``(tokens used, low, high, vague, words)``; ``vague`` marks approximate readings (plural
        magnitudes, vague multipliers); ``words`` is the number words read, hyphens dropped ("one",
        "one and a half"). None if the tokens do not start with a spelled amount.
    """

    if not tokens or tokens[0] not in _FIRST_WORDS:
        return None

    def at(k: int) -> str:
        return tokens[k] if k < len(tokens) else ""

    w, nxt = at(0), at(1)
    if w in ("a", "an") and nxt in GROUP_WORDS:
        return 2, GROUP_WORDS[nxt], GROUP_WORDS[nxt], False, f"a {nxt}"
    if w == "half" and nxt in ("a", "an") and at(2) in SPELLED_SCALES:
        half = 0.5 * SCALE_WORDS[at(2)]
        return 3, half, half, False, ""
    if w in PLURAL_MULTIPLIERS:  # "tens of thousands", "tens-of-thousands"
        n = 3 if nxt == "of" else 5 if nxt in _DASH_TOKENS and at(2) == "of" and at(3) in _DASH_TOKENS else 0
        if n and at(n - 1) in PLURAL_MAGNITUDES:
            (lo_f, hi_f), (lo, hi) = PLURAL_MULTIPLIERS[w], PLURAL_MAGNITUDES[at(n - 1)]
            return n, lo * lo_f, (hi + 1) * hi_f - 1, True, ""
    if w in PLURAL_MAGNITUDES:
        return 1, *PLURAL_MAGNITUDES[w], True, ""
    for words, (lo_f, hi_f) in _VAGUE_LONGEST_FIRST:
        if tuple(tokens[: len(words)]) == words:
            scale, k = _scales_at(tokens, len(words))
            return (k, lo_f * scale, hi_f * scale, True, "") if scale > 1.0 else None
    k = 1 if w in ("a", "an") and nxt in SPELLED_SCALES else 0  # "a hundred and fifty": "a" is one
    if k == 0 and w not in UNIT_WORDS and w not in TENS_WORDS:
        return None
    run, ends = _word_run(tokens, k)
    value = words_to_number(run)
    while value is None and len(run) > 1:  # the longest well-formed start: "two three-year-olds" -> "two"
        run, ends = run[:-1], ends[:-1]
        value = words_to_number(run)
    if value is None:
        return None
    k = ends[-1]
    dashed = tokens[k : k + 6]  # "-and-a-half"
    half = 3 if tokens[k : k + 3] == ["and", "a", "half"] else 0
    if dashed[1::2] == ["and", "a", "half"] and all(t in _DASH_TOKENS for t in dashed[0::2]):
        half = 6
    if half:
        unit = 1.0  # "two million and a half" is half a million more; "two and a half" half of one
        for word in reversed(run):
            if word not in SPELLED_SCALES:
                break
            unit *= SCALE_WORDS[word]
        value, k = value + 0.5 * unit, k + half
        if unit == 1.0:  # "two and a half million", "one-and-a-half thousand"
            scale, k = _scales_at(tokens, k)
            value *= scale
    return k, value, value, False, " ".join(t for t in tokens[:k] if t not in _DASH_TOKENS)


# --- kinds: percent, money, measure, time -------------------------------------------------------------

#: Tokens after a number that make it a percentage.
PERCENT_WORDS: dict[tuple[str, ...], str] = {
    ("%",): "%",
    ("percent",): "%",
    ("per", "cent"): "%",
    ("pct",): "%",
    ("percentage", "points"): "percentage points",
    ("percentage", "point"): "percentage points",
}

#: Currency symbols written before a number -> ISO 4217 code. "$" alone is read as USD, the usual
#: meaning in English-language wire copy; prefixed dollars name their country.
CURRENCY_SYMBOLS: dict[str, str] = {
    "$": "USD",
    "us$": "USD",
    "a$": "AUD",
    "au$": "AUD",
    "c$": "CAD",
    "ca$": "CAD",
    "hk$": "HKD",
    "nz$": "NZD",
    "s$": "SGD",
    "€": "EUR",
    "£": "GBP",
    "¥": "JPY",
    "₹": "INR",
    "₽": "RUB",
    "₩": "KRW",
    "₴": "UAH",
    "₪": "ILS",
    "₺": "TRY",
}

#: Currency names written after a number -> ISO 4217 code. "pounds" is only money after a scale word
#: ("2 million pounds"); "10 pounds" alone is read as weight (see MEASURE_UNITS).
CURRENCY_WORDS: dict[tuple[str, ...], str] = {
    ("dollars",): "USD",
    ("dollar",): "USD",
    ("us", "dollars"): "USD",
    ("euros",): "EUR",
    ("euro",): "EUR",
    ("pounds", "sterling"): "GBP",
    ("sterling",): "GBP",
    ("yen",): "JPY",
    ("yuan",): "CNY",
    ("renminbi",): "CNY",
    ("rubles",): "RUB",
    ("roubles",): "RUB",
    ("ruble",): "RUB",
    ("rouble",): "RUB",
    ("hryvnias",): "UAH",
    ("hryvnia",): "UAH",
    ("won",): "KRW",
    ("rupees",): "INR",
    ("shekels",): "ILS",
    ("lira",): "TRY",
    ("riyals",): "SAR",
    ("dirhams",): "AED",
    ("swiss", "francs"): "CHF",
}

#: Three-letter upper-case tokens that are ISO 4217 codes but also ordinary English words in capitals.
ISO_CODE_STOPLIST = frozenset({"ALL", "TOP", "CUP", "MOP", "SOS", "BOB", "MAD", "PEN", "ANG"})

#: Measurement units after a number -> normalised symbol (kind "measure"). Singular forms are for
#: units glued by a hyphen ("a 20-acre plot", "a four-and-a-half-acre site").
MEASURE_UNITS: dict[tuple[str, ...], str] = {
    ("square", "kilometres"): "km²",
    ("square", "kilometers"): "km²",
    ("sq", "km"): "km²",
    ("square", "miles"): "mi²",
    ("sq", "miles"): "mi²",
    ("square", "nautical", "miles"): "nmi²",
    ("sq", "nautical", "miles"): "nmi²",
    ("nautical", "miles"): "nmi",
    ("nautical", "mile"): "nmi",
    ("square", "feet"): "ft²",
    ("cubic", "metres"): "m³",
    ("cubic", "meters"): "m³",
    ("cubic", "feet"): "ft³",
    ("square", "metres"): "m²",
    ("square", "meters"): "m²",
    ("km",): "km",
    ("kilometres",): "km",
    ("kilometers",): "km",
    ("kilometre",): "km",
    ("kilometer",): "km",
    ("miles",): "mi",
    ("mile",): "mi",
    ("metres",): "m",
    ("meters",): "m",
    ("metre",): "m",
    ("meter",): "m",
    ("feet",): "ft",
    ("foot",): "ft",
    ("ft",): "ft",
    ("inches",): "in",
    ("inch",): "in",
    ("cm",): "cm",
    ("centimetres",): "cm",
    ("centimeters",): "cm",
    ("mm",): "mm",
    ("millimetres",): "mm",
    ("millimeters",): "mm",
    ("kg",): "kg",
    ("kilograms",): "kg",
    ("kilogram",): "kg",
    ("kilogrammes",): "kg",
    ("tonnes",): "t",
    ("tons",): "t",
    ("tonne",): "t",
    ("ton",): "t",
    ("pounds",): "lb",
    ("lbs",): "lb",
    ("litres",): "l",
    ("liters",): "l",
    ("litre",): "l",
    ("liter",): "l",
    ("gallons",): "gal",
    ("gallon",): "gal",
    ("barrels",): "barrels",
    ("hectares",): "ha",
    ("hectare",): "ha",
    ("acres",): "acres",
    ("acre",): "acres",
    ("mph",): "mph",
    ("km/h",): "km/h",
    ("kph",): "km/h",
    ("degrees",): "degrees",
    ("magnitude",): "magnitude",
    ("megawatts",): "MW",
    ("mw",): "MW",
    ("gigawatts",): "GW",
    ("gw",): "GW",
    ("kilowatts",): "kW",
    ("kw",): "kW",
}

#: Time units: singular/plural surface -> plural unit name used for durations, and the granularity a
#: time expression in that unit has (``None`` when finer than a day).
TIME_UNITS: dict[str, str] = {
    "minute": "minutes",
    "minutes": "minutes",
    "hour": "hours",
    "hours": "hours",
    "day": "days",
    "days": "days",
    "week": "weeks",
    "weeks": "weeks",
    "month": "months",
    "months": "months",
    "year": "years",
    "years": "years",
    "decade": "decades",
    "decades": "decades",
}

#: Words before a "<number> <time unit>" that make it a point in time rather than a duration
#: ("the past 20 years", "the first 100 days") - those belong to times.py, not to claims.
TIME_ANCHOR_BEFORE = frozenset({"last", "past", "next", "previous", "first", "coming", "following", "recent"})
#: Words after a "<number> <time unit>" that make it a point in time ("three weeks ago", "two days later").
TIME_ANCHOR_AFTER = frozenset({"ago", "later", "earlier", "before", "after", "afterwards", "hence", "since"})

#: Nouns that label a number as an identifier, not a quantity ("page 12", "Article 5", "Flight 17").
IDENTIFIER_NOUNS = frozenset(
    """
    page pages p. pp. no. nos. number # chapter section article paragraph clause resolution flight
    route room platform gate episode season volume vol. issue verse line bus model version highway
    interstate level phase stage exit terminal unit district ward grade item figure fig. table
    apartment suite lot floor tel tel. phone fax ext. extension code channel act bill category class
    type size
    """.split()
)

#: Proper-noun heads that make "<number> <Name> Street" an address, not a count.
ADDRESS_NOUNS = frozenset(
    """
    street st st. road rd rd. avenue ave ave. boulevard blvd lane drive place square terrace way
    court crescent highway
    """.split()
)

#: Common nouns for people, after which a number in commas is an age ("a woman, 34, died").
PERSON_NOUNS = frozenset(
    """
    man woman boy girl child son daughter mother father wife husband brother sister soldier resident
    victim student teenager driver officer suspect defendant worker farmer pensioner refugee
    survivor veteran grandmother grandfather baby toddler infant patient nurse doctor
    """.split()
)

# --- plural forms -------------------------------------------------------------------------------------

#: Irregular plurals of nouns that are commonly counted in news.
PLURAL_IRREGULARS: dict[str, str] = {
    "man": "men",
    "woman": "women",
    "child": "children",
    "person": "people",
    "foot": "feet",
    "mouse": "mice",
    "goose": "geese",
    "tooth": "teeth",
    "ox": "oxen",
    "crisis": "crises",
    "thesis": "theses",
    "analysis": "analyses",
    "criterion": "criteria",
    "phenomenon": "phenomena",
}

#: Nouns whose plural is the same word (or that are already collective).
PLURAL_INVARIANTS = frozenset(
    """
    people personnel police staff aircraft sheep deer fish series species cattle livestock offspring
    crew infantry artillery militia youth data media
    """.split()
)


def pluralise(noun: str) -> str:
    """English plural of a lower-case singular noun, for plural-agnostic claim units.

    Args:
        noun: a singular common noun ("soldier", "casualty", "person").

    Returns:
        Its plural ("soldiers", "casualties", "people").
    """
    if noun in PLURAL_INVARIANTS:
        return noun
    if noun in PLURAL_IRREGULARS:
        return PLURAL_IRREGULARS[noun]
    if re.search(r"(s|x|z|ch|sh)$", noun):
        return noun + "es"
    if re.search(r"[^aeiou]y$", noun):
        return noun[:-1] + "ies"
    return noun + "s"


# --- calendar -----------------------------------------------------------------------------------------

#: Month names and the abbreviations AP, Reuters and the BBC use (with or without the dot).
MONTHS: dict[str, int] = {}
for _i, _name in enumerate(
    "january february march april may june july august september october november december".split(), 1
):
    MONTHS[_name] = _i
    MONTHS[_name[:3]] = _i
MONTHS["sept"] = 9

#: Weekday names and abbreviations -> Python weekday number (Monday = 0).
WEEKDAYS: dict[str, int] = {}
for _i, _name in enumerate("monday tuesday wednesday thursday friday saturday sunday".split()):
    WEEKDAYS[_name] = _i
    WEEKDAYS[_name[:3]] = _i
WEEKDAYS.update({"tues": 1, "weds": 2, "thur": 3, "thurs": 3})

#: Parts of a day that do not change which date is meant ("Tuesday night", "Monday morning").
DAY_PARTS = frozenset({"morning", "afternoon", "evening", "night", "noon", "midday", "overnight"})
