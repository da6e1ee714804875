"""Numeric claims: "roughly 10,000 North Korean troops in the Kursk region" -> a :class:`Claim`.

Per sentence of the spaCy parse:

1. **Amount** - a token-level reader (not a regex over the sentence; numbers.py): digits with
   separators and newsroom scales ("10,000", "1.5 million", "$3bn", "2½", "15-hundred"), spelled-out
   numbers ("two", "a dozen", "twenty-five hundred", "ten-thousand", "a hundred and fifty"), vague
   amounts read as ranges ("thousands" -> 2,000-9,999, "tens of thousands", "several hundred", "a
   couple hundred"; ``lexicons.PLURAL_MAGNITUDES``, ``VAGUE_MULTIPLIERS``), ranges ("between 8,000 and
   12,000", "10,000-12,000", "10,000 to 12,000"; "from X to Y" is a change: two claims) and shares
   ("two-thirds", "one in five" -> percent).
2. **Hedge** - the longest ``lexicons.HEDGE_PREFIXES`` phrase before the amount or
   ``HEDGE_SUFFIXES`` phrase after it; the quantity span includes it.
3. **Kind and unit** - what follows decides: "%"/"percent" -> percent; a currency -> money (ISO
   code); "N-year-old"/"N years old"/"aged N"/"Name, N," -> age ("years (age)"); "N-year war"/"N
   years" -> duration ("years"); "km", "tonnes" -> measure; else a count of the counted noun,
   plural-agnostic ("troop"/"troops" -> "troops"; "a 27-member bloc" -> "members").
4. **Subject** - from the dependency parse: the counted noun with the modifiers between amount and
   noun (modifiers before the amount, like "bruising" in "the bruising 2½-year war", are outside its
   scope) and a short prepositional/participle tail up to the first comma ("North Korean troops in
   the Kursk region"). Amounts without a noun ("the toll rose to 300") take their clause's subject
   and an empty unit.

Not claims: numbers in calendar dates and years ("in 2019", "Nov. 6"), times of day, ordinals, the
word "one" unless it quantifies a singular noun ("one boat"; not "one of them", "at one point"),
identifiers ("page 12", "Article 5", "F-16", a number
after a noun with nothing counted), phone numbers, scores ("a 3-1 vote"), factors ("10-fold"), time
references ("the past 20 years", "three weeks ago": times.py), parenthesised lone numbers, codes with
a leading zero. Numbers in quoted speech are claims like any other.

Values: ``value`` is the number; a stated range gives ``low``/``high`` and the midpoint as ``value``;
a vague plural gives ``value = low``, the least it commits to. Hedges never widen ``low``/``high``:
"over 10,000" is 10,000..10,000 with hedge "over". ``as_of`` is the date of an "as of <date>" in the
sentence when it resolves, else the publication date.
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Doc, Span, Token

from ..model import Article, Claim
from . import lexicons as lx
from .numbers import DASHES, ISO_CODES, Amount, lower_at, read_amount, read_phrase, scale_word
from .sentences import doc_lowers, doc_text, entity_index, sentence_of
from .times import as_of_date

#: Longest prepositional/participle tail kept after the subject's head noun, in tokens. Six covers
#: "in the Kursk region" (4) and "deployed to the Russian front lines" (6) while cutting clauses.
MAX_SUBJECT_TAIL_TOKENS = 6
#: Largest gap (tokens) between an amount and the noun the parser says it modifies, when the noun is
#: not adjacent ("10,000 well-armed and trained soldiers"). Larger gaps were parser attachment errors.
MAX_COUNTED_NOUN_GAP = 5
#: Largest appositive age ("Kim, 45,"): anything larger after a name is not an age.
MAX_AGE = 120

_DETERMINERS = {"det", "poss", "predet", "case"}
_SUBJECT_DEPS = ("nsubj", "nsubjpass", "csubj", "expl")


def extract_claims(doc: Doc, article: Article) -> Iterator[Claim]:
    """Yield the numeric claims of an article, in text order.

    Args:
        doc: the spaCy Doc of ``article.text`` (parsed, with entities).
        article: the article; its ``published`` date is the default ``as_of``.

    Yields:
        One :class:`Claim` per quantity phrase; ``quantity == article.text[start:end]`` and
        ``text == article.text[sentence_start:sentence_end]``.
    """
    for sent in doc.sents:
        i = sent.start
        while i < sent.end:
            claim, i = _claim_at(doc, sent, i, article)
            if claim is not None:
                yield claim


# --- one claim ----------------------------------------------------------------------------------------


def _match(doc: Doc, i: int, end: int, table: dict[tuple[str, ...], str]) -> tuple[int, str] | None:
    """Longest entry of ``table`` starting at token ``i``: (tokens matched, value)."""
    best = None
    lowers = doc_lowers(doc)
    for words, value in table.items():
        n = len(words)
        if i + n <= end and tuple(lowers[i : i + n]) == words:
            if best is None or n > best[0]:
                best = (n, value)
    return best


def _hedge_before(doc: Doc, start: int, floor: int) -> tuple[int, str] | None:
    lowers = doc_lowers(doc)
    for n in range(min(lx.MAX_HEDGE_TOKENS, start - floor), 0, -1):
        words = tuple(lowers[start - n : start])
        if words in lx.HEDGE_PREFIXES:
            return start - n, lx.HEDGE_PREFIXES[words]
    return None


def _claim_at(doc: Doc, sent: Span, i: int, article: Article) -> tuple[Claim | None, int]:
    """Try a claim at token ``i``; return it (or None) and the next token to look at."""
    end = sent.end
    phrase = read_phrase(doc, i, end)
    if phrase is None:
        return None, i + 1
    amount, low, high, skip = phrase
    if skip or _is_excluded(doc, amount, end):
        return None, amount.end
    q_start, hedge = amount.start, "about" if amount.vague else "exact"
    if amount.start > 0 and doc[amount.start - 1].lower_ == "between" and low < high:
        q_start -= 1
    elif (found := _hedge_before(doc, amount.start, sent.start)) is not None:
        q_start, hedge = found
    j = amount.end
    hedge = "over" if amount.plus else hedge
    if (suffix_hedge := _match(doc, j, end, lx.HEDGE_SUFFIXES)) is not None:
        j, hedge = j + suffix_hedge[0], suffix_hedge[1]
    kind = _classify(doc, sent, amount, q_start, j)
    if kind is None:
        return None, j
    kind_name, unit, q_end, subject = kind
    s_start = sent.start_char
    text = doc_text(doc)
    s_end = s_start + len(text[s_start : sent.end_char].rstrip())
    last = doc[q_end - 1]
    start_char, end_char = doc[q_start].idx, last.idx + len(last.text)
    if last.text.endswith(".") and scale_word(last) and last.lower_ not in lx.SCALE_WORDS:
        end_char -= 1  # "€20m." at a sentence end: the dot is the full stop
    claim = Claim(
        article_id=article.id, start=start_char, end=end_char, text=text[s_start:s_end],
        quantity=text[start_char:end_char], subject=subject,
        value=low if amount.vague else (low + high) / 2, low=low, high=high, unit=unit, hedge=hedge,
        kind=kind_name, sentence_start=s_start, sentence_end=s_end,
        as_of=as_of_date(sent, article.published) or article.published,
    )  # fmt: skip
    return claim, max(q_end, amount.end)


def _is_excluded(doc: Doc, a: Amount, end: int) -> bool:
    """Identifiers, designators, parenthesised numbers and the bare word "one"."""
    first = doc[a.start]
    prev = doc[a.start - 1] if a.start > 0 else None
    if a.word == "one" and not a.percent and not _one_counts(doc, a, end):
        return True
    if any(doc[k].ent_type_ == "ORDINAL" for k in range(a.start, a.end)):
        return True
    if prev is not None and not a.currency and prev.lower_ in lx.IDENTIFIER_NOUNS | {"top"}:
        return True
    if prev is not None and prev.text in DASHES and prev.whitespace_ == "" and a.start >= 2:
        designator = doc[a.start - 2]
        if designator.whitespace_ == "" and designator.is_alpha:
            return True  # "F-16", "Su-34", "Covid-19"
    if prev is not None and prev.text == "(" and a.end < end and doc[a.end].text == ")":
        return True
    after = [doc[k].lower_ for k in range(a.end, min(end, a.end + 3))] + ["", "", ""]
    if after[0] in ("a.m.", "p.m.", "am", "pm", "gmt", "utc", "o'clock") or (
        after[:2] == ["in", "the"] and after[2] in lx.DAY_PARTS  # "at nine in the evening"
    ):
        return True  # a clock time
    return first.ent_type_ == "TIME" and ":" in first.text


def _one_counts(doc: Doc, a: Amount, end: int) -> bool:
    """The word "one" is a count only right before the singular noun it quantifies ("one boat"), not
    in "one of them", "one another", "at one point"."""
    noun = doc[a.end] if a.end < end else None
    if noun is None or noun.tag_ != "NN" or doc[a.start].head.i != noun.i:
        return False
    return noun.lemma_.lower() not in lx.ONE_IDIOM_NOUNS


def _classify(doc: Doc, sent: Span, a: Amount, q_start: int, j: int) -> tuple[str, str, int, str] | None:
    """(kind, unit, quantity end token, subject) for the amount, or None when it is not a claim."""
    end = sent.end
    in_date = _in_calendar_date(doc, a)
    q_end = j
    # percent
    if a.percent or a.suffix == ("%",):
        return "percent", "%", j, _subject_after(doc, sent, j, a, ("of",))
    if (m := _match(doc, j, end, lx.PERCENT_WORDS)) is not None:
        q_end = j + m[0]
        return "percent", m[1], q_end, _subject_after(doc, sent, q_end, a, ("of",))
    # money
    currency = a.currency
    glued, g_end = _glued_word(doc, a, j, end)
    if currency is None and (glued,) in lx.CURRENCY_WORDS:  # "a 3-million-dollar deal"
        currency, q_end = lx.CURRENCY_WORDS[(glued,)], g_end
    elif currency is None and (m := _match(doc, j, end, lx.CURRENCY_WORDS)) is not None:
        currency, q_end = m[1], j + m[0]
    elif currency is None and j < end and doc[j].lower_ == "pounds" and a.scale > 1:
        currency, q_end = "GBP", j + 1
    elif currency is None and j < end and doc[j].text in ISO_CODES and doc[j].is_upper:
        currency, q_end = doc[j].text, j + 1
    if currency is not None:
        return "money", currency, q_end, _subject_after(doc, sent, q_end, a, ("in", "of", "for"))
    # ages and durations: "28-year-old", "2½-year war", "28 years old", "two and a half years"
    if glued in lx.MULTIPLIER_SUFFIXES:
        return None  # "a 10-fold increase": a factor, not a quantity
    if (time_kind := _time_kind(doc, sent, a, q_start, j)) is not None:
        kind, unit, q_end, adjectival = time_kind
        if kind == "time":
            return None
        if adjectival:
            return kind, unit, q_end, _subject_after(doc, sent, q_end, a, ())
        if kind == "age":
            return (
                kind,
                unit,
                q_end,
                _age_owner(doc, sent, a, q_start) or _clause_subject(doc, doc[a.end - 1]),
            )
        return kind, unit, q_end, _subject_after(doc, sent, q_end, a, ("of",))
    if in_date or (a.yearlike and not (j < end and doc[j].tag_ in ("NNS", "NNPS"))):
        return None  # a year or a date ("in 2019", "Nov. 6")
    # measures: "20 km", "300 tonnes of grain", "a 20-mile stretch"
    if (m := _match(doc, j, end, lx.MEASURE_UNITS)) is not None:
        q_end = j + m[0]
        return "measure", m[1], q_end, _subject_after(doc, sent, q_end, a, ("of",))
    if (glued,) in lx.MEASURE_UNITS:  # "a 20-mile stretch"
        return "measure", lx.MEASURE_UNITS[(glued,)], g_end, _subject_after(doc, sent, g_end, a, ())
    # counts
    if glued == "strong":
        q_end = g_end  # "a 10,000-strong force"
    elif glued and not glued.endswith("s") and (a.suffix or doc[j + 1].tag_ == "NN"):
        # "a 27-member bloc", "a 500-page report": the glued noun is what is counted
        noun = glued if a.suffix else doc[j + 1].lemma_.lower()
        return "count", lx.pluralise(noun), g_end, _subject_after(doc, sent, g_end, a, ()) or noun
    look = q_end
    if lower_at(doc, q_end, end) == "to" and q_start > sent.start and doc[q_start - 1].lower_ == "from":
        second = read_amount(doc, q_end + 1, end)  # "from 8,000 to 12,000 troops": share the noun
        look = second.end if second is not None else q_end
    head = _counted_noun(doc, sent, a, look)
    if head is None:
        prev = doc[a.start - 1] if a.start > sent.start else None
        if prev is not None and prev.pos_ in ("NOUN", "PROPN") and q_start == a.start:
            return None  # "Unit 8200", "Resolution 2231": a number naming the noun before it
        return "count", "", q_end, _clause_subject(doc, doc[a.end - 1])
    if head.pos_ == "PROPN" and head.lower_ in lx.ADDRESS_NOUNS:
        return None  # "10 Downing Street": an address
    if (measure := lx.MEASURE_UNITS.get((head.lower_,))) is not None:  # "thousands of hectares"
        return "measure", measure, q_end, _subject_after(doc, sent, head.i + 1, a, ("of",))
    return "count", _unit_of(doc, head), q_end, _subject_np(doc, sent, head, look)


def _glued_word(doc: Doc, a: Amount, j: int, end: int) -> tuple[str, int]:
    """The word hyphenated onto the amount ("20-mile", "10,000-strong") and the token after it."""
    if len(a.suffix) == 1:
        return a.suffix[0], j
    if j + 1 < end and doc[j].text in DASHES and doc[j + 1].is_alpha:
        if not (doc[j - 1].whitespace_ or doc[j].whitespace_):
            return doc[j + 1].lower_, j + 2
    return "", j


def _in_calendar_date(doc: Doc, a: Amount) -> bool:
    """The amount is inside a DATE/TIME entity naming a month or weekday ("Nov. 6", "Friday 8"). The
    label alone is not trusted: the small model tags "10,000+" or "45" DATE."""
    names = set(lx.MONTHS) | set(lx.WEEKDAYS)
    return any(
        label in ("DATE", "TIME") and {doc[k].lower_.rstrip(".") for k in range(start, end)} & names
        for start, end, label in entity_index(doc).overlapping(a.start, a.end)
    )


def _time_kind(doc: Doc, sent: Span, a: Amount, q_start: int, j: int) -> tuple[str, str, int, bool] | None:
    """(kind, unit, quantity end token, adjectival) for ages and durations; kind "time" marks a time
    reference. Reads the words after the amount, its in-token suffix first ("2½-year" -> "-", "year")."""
    w = [x for part in a.suffix for x in ("-", part)]
    virtual = len(w)
    w += [doc[k].lower_ for k in range(j, min(sent.end, j + 5))]
    found = _time_words(doc, sent, a, q_start, w)
    return None if found is None else (found[0], found[1], j + max(0, found[2] - virtual), found[3])


def _time_words(
    doc: Doc, sent: Span, a: Amount, q_start: int, w: list[str]
) -> tuple[str, str, int, bool] | None:
    # "N-year-old", "N-month-old"
    if len(w) >= 4 and w[0] in DASHES and w[1] in lx.TIME_UNITS and w[2] in DASHES and w[3] == "old":
        return "age", f"{lx.TIME_UNITS[w[1]]} (age)", 4, True
    if len(w) >= 2 and w[0] in lx.TIME_UNITS and w[1] == "old":
        return "age", f"{lx.TIME_UNITS[w[0]]} (age)", 2, False
    if len(w) >= 3 and w[0] in ("years", "year") and w[1:3] == ["of", "age"]:
        return "age", "years (age)", 3, False
    prev = doc[q_start - 1].lower_ if q_start > sent.start else ""
    if prev in ("aged", "age") and a.high <= MAX_AGE and not a.vague:
        return "age", "years (age)", 0, False
    # "N-year war", "N-day truce", "N-year-long"
    if len(w) >= 2 and w[0] in DASHES and w[1] in lx.TIME_UNITS and not w[1].endswith("s"):
        n = 4 if len(w) >= 4 and w[2] in DASHES and w[3] == "long" else 2
        return "duration", lx.TIME_UNITS[w[1]], n, True
    if w and w[0] in lx.TIME_UNITS:
        before = {doc[k].lower_ for k in range(max(sent.start, q_start - 2), q_start)}
        if before & lx.TIME_ANCHOR_BEFORE or (len(w) > 1 and w[1] in lx.TIME_ANCHOR_AFTER):
            return "time", "", 1, False  # "the past 20 years", "three weeks ago": a time reference
        return "duration", lx.TIME_UNITS[w[0]], 1, False
    if _age_owner(doc, sent, a, q_start) and a.high <= MAX_AGE and a.low.is_integer() and not a.vague:
        return "age", "years (age)", 0, False
    return None


def _age_owner(doc: Doc, sent: Span, a: Amount, q_start: int) -> str:
    """Who an age belongs to: "Kim Jong Un, 40," -> "Kim Jong Un"; "a woman, 34," -> "woman" (a
    ``lexicons.PERSON_NOUNS`` noun); "a man aged 45" -> "man"; else ""."""
    if q_start > sent.start and doc[q_start - 1].lower_ in ("aged", "age"):
        owner = doc[q_start - 1].head
    elif a.start < 2 or a.end >= len(doc) or a.currency or a.scale > 1 or doc[a.start - 1].text != ",":
        return ""
    elif doc[a.end].text not in (",", ")", ";", "."):
        return ""
    elif (owner := doc[a.start - 2]).ent_type_ == "PERSON":
        k = owner.i
        while k > 0 and doc[k].ent_iob_ == "I":
            k -= 1
        return doc[k : owner.i + 1].text
    elif owner.lemma_.lower() not in lx.PERSON_NOUNS:
        return ""
    if owner.pos_ not in ("NOUN", "PROPN") or owner.i > q_start:
        return ""
    start = owner.left_edge.i
    while start < owner.i and doc[start].dep_ in _DETERMINERS:
        start += 1
    return doc[start : owner.i + 1].text


# --- subjects and units -------------------------------------------------------------------------------


def _counted_noun(doc: Doc, sent: Span, a: Amount, j: int) -> Token | None:
    """The noun counted by the amount: "of"-phrase head, adjacent noun run, or the parser's head."""
    end = sent.end
    if j < end and doc[j].lower_ == "of":
        k = j + 1
        while k < end and (doc[k].tag_ in ("DT", "PRP$") or doc[k].like_num):
            k += 1  # "3 of its 4 tanks"
        head = _np_head(doc, k, end)
        return head if head is not None and head.pos_ in ("NOUN", "PROPN") else None
    head = _np_head(doc, j, end)
    if head is not None:
        return head
    tok = doc[a.end - 1]
    parent = tok.head
    if parent.i > tok.i and parent.pos_ in ("NOUN", "PROPN") and parent.i - j <= MAX_COUNTED_NOUN_GAP:
        if parent.ent_type_ not in ("DATE", "TIME") and parent.i < end:
            return parent
    return None


def _np_head(doc: Doc, j: int, end: int) -> Token | None:
    """Head of the noun phrase starting at token ``j``: the last noun of the adjacent run of modifiers
    and nouns ("North Korean troops", "special-forces fighters", "its soldiers"), or None."""
    head = None
    for k in range(j, end):
        t = doc[k]
        if t.ent_type_ in ("DATE", "TIME") or t.lower_ in lx.TIME_ANCHOR_AFTER:
            break
        if t.pos_ in ("NOUN", "PROPN"):
            head = t
            continue
        if head is not None:
            break
        if k == j and t.tag_ in ("DT", "PRP$"):
            continue
        glued_dash = t.text in DASHES and t.whitespace_ == "" and k > j
        if t.pos_ in ("ADJ", "ADV") or (t.tag_ in ("VBN", "VBG") and t.dep_ == "amod") or glued_dash:
            continue
        break
    # "US military aid": the run stopped at a modifier noun; follow the parse to the noun it modifies
    while head is not None and head.dep_ in ("compound", "nmod", "amod") and head.i < head.head.i < end:
        if head.head.pos_ not in ("NOUN", "PROPN") or head.head.i - head.i > 3:
            break
        head = head.head
    return head


def _unit_of(doc: Doc, head: Token) -> str:
    """Plural-agnostic unit: "troop"/"troops" -> "troops"; proper nouns keep their compound words."""
    if head.pos_ == "PROPN":
        k = head.i
        while k > 0 and doc[k - 1].pos_ == "PROPN" and doc[k - 1].dep_ == "compound":
            k -= 1
        return doc[k : head.i + 1].text
    if head.tag_ == "NNS" or head.lower_ in lx.PLURAL_INVARIANTS:
        return head.lower_
    return lx.pluralise(head.lemma_.lower())


def _subject_np(doc: Doc, sent: Span, head: Token, floor: int) -> str:
    """Head noun, modifiers after ``floor``, short tail: "North Korean troops in the Kursk region"."""
    start = max(floor, head.left_edge.i)
    while start < head.i and (
        doc[start].dep_ in _DETERMINERS or doc[start].lower_ == "of" or doc[start].like_num
    ):
        start += 1
    return doc[start : _tail(doc, sent, head) or head.i + 1].text


def _tail(doc: Doc, sent: Span, head: Token) -> int | None:
    """End token of a short prepositional or participle phrase right after ``head`` ("in the Kursk
    region", "deployed to the front"); None if there is none, it is long, or it has punctuation."""
    k = head.i + 1
    if k >= sent.end or doc[k].head.i != head.i:
        return None
    t, prep = doc[k], None
    if t.dep_ == "prep" and t.lower_ != "of":
        prep = t
    elif t.dep_ == "acl" and t.tag_ in ("VBN", "VBG"):
        prep = next((c for c in t.children if c.dep_ == "prep" and c.i == k + 1), None)
    else:
        return None
    obj = next((c for c in prep.children if c.dep_ == "pobj"), None) if prep is not None else None
    stop = obj.i + 1 if obj is not None else (k + 1 if prep is not t else None)
    if stop is None or stop - k > MAX_SUBJECT_TAIL_TOKENS or any(doc[x].is_punct for x in range(k, stop)):
        return None
    return stop


def _subject_after(doc: Doc, sent: Span, j: int, a: Amount, preps: tuple[str, ...]) -> str:
    """Subject of a percent/money/measure/duration: its ``preps`` phrase ("40% of voters"), the noun it
    modifies ("a 40% rise"), or the subject of its clause ("turnout was 60%")."""
    end = sent.end
    if j < end and doc[j].lower_ in preps:
        head = _np_head(doc, j + 1, end)
        if head is not None and head.pos_ in ("NOUN", "PROPN"):
            return _subject_np(doc, sent, head, j + 1)
    head = _np_head(doc, j, end)
    if head is not None:
        return _subject_np(doc, sent, head, j)
    return _clause_subject(doc, doc[a.end - 1])


def _clause_subject(doc: Doc, tok: Token) -> str:
    """Subject of the clause ``tok`` sits in ("the death toll rose to 300" -> "death toll"), else ""."""
    verb, depth = tok, 0
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i and depth < 6:
        verb, depth = verb.head, depth + 1
    for _ in range(3):
        subj = next((c for c in verb.children if c.dep_ in _SUBJECT_DEPS), None)
        if subj is not None:
            if subj.left_edge.i <= tok.i <= subj.right_edge.i:
                return ""
            start = subj.left_edge.i
            while start < subj.i and doc[start].dep_ in _DETERMINERS:
                start += 1
            stop = _tail(doc, sentence_of(doc, subj.i), subj) or subj.i + 1
            return doc[start:stop].text
        if verb.dep_ not in ("conj", "xcomp", "ccomp", "advcl") or verb.head.i == verb.i:
            break
        verb = verb.head
    return ""
