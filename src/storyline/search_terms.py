"""Search queries made forgiving: numbers in any written form, spellings of a name merged, no syntax errors.

:func:`rewrite` turns what a user typed into an FTS5 expression and the list of its terms (what the ranking
of :mod:`storyline.search_rank` scores):

- **numbers**: "10,000", "10.000", "10 000" (no-break or thin space) and "10000" are one number. The
  ``unicode61`` tokenizer reads "10,000" as the two tokens ``10`` ``000`` and "10000" as one, so a number of
  four or more digits is searched as ``("10000" OR "10 000")``, which finds every grouping; a grouped number
  in a query ("10,000", which bare FTS5 refuses as bad syntax) is read as its digits first. Phrases holding a
  number get the same two forms.
- **names**: a word the store knows as part of a person's name in another spelling ("Zelensky",
  "Zelenskyy", "Zelenskiy") is searched as all of them. The spellings are those the cross-article entity
  merge treats as one name word (:func:`storyline.resolve.same_name_word`: one or two edits in a
  long word with the same first letters), looked up among the PERSON names of the store's mentions.
- **implicit AND**: SQLite's FTS5 refuses ``dam (levee OR flood)``; adjacent operands are joined with an
  explicit ``AND``, which means the same thing.

Everything else is FTS5 syntax, passed through. A query FTS5 still cannot parse is searched as plain words
(:func:`plain_expression`): each chunk between spaces and parentheses is a phrase, with the same number and
name forms. The expressions are built from the user's words by quoting them, never by pasting them into SQL.
"""

from __future__ import annotations

import re
import sqlite3
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from .resolve import same_name_word
from .resolve_across import fold

#: FTS5 operators (upper case only: "and" is a word).
OPERATORS = frozenset({"AND", "OR", "NOT", "NEAR"})

#: A number of at least this many digits is also searched in its grouped form ("10000" -> "10 000"):
#: shorter numbers are written one way only.
GROUPED_MIN_DIGITS = 4

#: Variant phrases one phrase with numbers in it may expand to (each number has two forms): bounds the size
#: of the expression a pasted sentence full of figures becomes.
PHRASE_VARIANTS_MAX = 4

#: Seconds a store's list of name spellings is reused before it is read again when the store changed
#: (reading it scans the PERSON mentions; an ingest running beside the web UI changes the store constantly).
NAMES_REFRESH_SECONDS = 60.0
#: Stores whose name lists are kept (one web UI serves one store; tests open many).
NAMES_CACHE_SIZE = 8

# A number with grouping separators, outside a phrase: "10,000", "1.200.000", "10 000" with a no-break or
# narrow no-break space, optionally with a decimal part in the other notation ("1,200.5", "1.200,5").
_GROUPED = re.compile(
    r"(?<![\w.,])(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d{1,3}(?:[\u00a0\u202f]\d{3})+)(?![\w])"
)
_DIGITS = re.compile(r"\d+")
# Query tokens: a phrase (possibly unterminated), one of FTS5's special characters, a run of anything else.
_TOKEN = re.compile(r'"(?:[^"]|"")*"?|[():*^+{},]|[^\s"():*^+{},]+')
_BAREWORD = re.compile(r"[\w\x1a\u0080-\U0010ffff]+")  # characters FTS5 accepts in an unquoted word
_WORDISH = re.compile(r"[^\W_]")  # a character the unicode61 tokenizer keeps in a token
_CHUNK = re.compile(r"[\s()]+")  # plain-words fallback: whitespace and FTS5 grouping split chunks
_EDGE_PUNCT = "\"'“”‘’«»[]{}<>.,;:!?$€£%#@&*^+=~|/\\-–—"


@dataclass(frozen=True, slots=True)
class Rewritten:
    """A query as FTS5 will run it.

    Attributes:
        expression: the FTS5 expression.
        terms: one standalone FTS5 expression per term the results are ranked by (the words, phrases and
            numbers of the query, with their other forms; not the ones after ``NOT``).
        numeric: whether a term is a number (a sentence with a figure is then preferred on a tie).
    """

    expression: str
    terms: tuple[str, ...]
    numeric: bool = False


def _quote(text: str) -> str:
    """``text`` as one FTS5 phrase (a double quote inside is doubled, as FTS5 escapes it)."""
    return '"' + text.replace('"', '""') + '"'


def normalise_numbers(text: str) -> str:
    """Grouped integers written as their digits ("10,000" -> "10000"); a grouped number with a decimal part
    becomes a phrase (its tokens are then searched in order)."""

    def digits(match: re.Match[str]) -> str:
        number = match.group(1)
        if ("," in number and "." in number) or re.search(r"[.,]\d{1,2}$|[.,]\d{4,}$", number):
            return _quote(number)
        return "".join(_DIGITS.findall(number))

    return _GROUPED.sub(digits, text)


def number_forms(digits: str) -> list[str]:
    """The ways an integer's tokens appear in text: "10000" -> ["10000", "10 000"] ("10,000", "10.000"
    and "10 000" all tokenize as ``10`` ``000``)."""
    if len(digits) < GROUPED_MIN_DIGITS or not digits.isdigit():
        return [digits]
    head = len(digits) % 3 or 3
    groups = [digits[:head]] + [digits[i : i + 3] for i in range(head, len(digits), 3)]
    return [digits, " ".join(groups)]


def _any_of(forms: Iterable[str]) -> str:
    unique = list(dict.fromkeys(forms))
    if len(unique) == 1:
        return _quote(unique[0])
    return "(" + " OR ".join(_quote(f) for f in unique) + ")"


def _phrase_forms(text: str) -> list[str]:
    """A phrase's text with each long number in both its forms (at most PHRASE_VARIANTS_MAX variants)."""
    forms = [normalise_numbers(text).replace('"', "")]
    for number in dict.fromkeys(re.findall(rf"\d{{{GROUPED_MIN_DIGITS},}}", forms[0])):
        grouped = number_forms(number)[-1]
        forms += [f.replace(number, grouped) for f in forms if number in f]
        if len(forms) >= PHRASE_VARIANTS_MAX:
            break
    return forms[:PHRASE_VARIANTS_MAX]


class NameSpellings:
    """The PERSON name words of a store, by folded spelling, and the spellings of one word.

    Args:
        names: the names (each one or more words) the store's mentions give people.
    """

    def __init__(self, names: Iterable[str]) -> None:
        self.by_prefix: dict[str, dict[str, str]] = {}
        for name in names:
            for word in re.findall(r"[^\W\d_][\w'’-]*", name):
                key = fold(word).replace(" ", "")
                if len(key) >= 3:
                    self.by_prefix.setdefault(key[:3], {}).setdefault(key, word)

    def variants(self, word: str) -> list[str]:
        """Other spellings of ``word`` found in the store ("Zelensky" -> ["Zelenskyy", "Zelenskiy"]), as
        written there; [] when the word is no person's name word in another spelling."""
        key = fold(word).replace(" ", "")
        if len(key) < 3:
            return []
        return sorted(
            written for other, written in self.by_prefix.get(key[:3], {}).items()
            if other != key and same_name_word(key, other)
        )  # fmt: skip


_names_cache: OrderedDict[str, tuple[int, float, NameSpellings]] = OrderedDict()
_names_lock = threading.Lock()


def store_names(conn: sqlite3.Connection, path: str) -> NameSpellings:
    """The store's :class:`NameSpellings`, cached per store file and re-read when it has new mentions (at most
    every NAMES_REFRESH_SECONDS). An in-memory store is read every time."""
    row = conn.execute("SELECT max(rowid) FROM mentions").fetchone()
    mark = int(row[0] or 0)
    now = time.monotonic()
    with _names_lock:
        cached = _names_cache.get(path) if path != ":memory:" else None
        if cached and (cached[0] == mark or now - cached[1] < NAMES_REFRESH_SECONDS):
            _names_cache.move_to_end(path)
            return cached[2]
    rows = conn.execute("SELECT DISTINCT entity FROM mentions WHERE label = 'PERSON'").fetchall()
    spellings = NameSpellings(r[0] for r in rows)
    if path != ":memory:":
        with _names_lock:
            _names_cache[path] = (mark, now, spellings)
            while len(_names_cache) > NAMES_CACHE_SIZE:
                _names_cache.popitem(last=False)
    return spellings


Variants = Callable[[str], list[str]]


def _no_variants(word: str) -> list[str]:
    return []


def _word_expression(word: str, variants: Variants) -> tuple[str, bool]:
    """A bare word as an expression: a number in all its forms, a name in all its spellings; and whether it
    is a number."""
    if word.isdigit():
        return _any_of(number_forms(word)), True
    return _any_of([word, *variants(word)]), False


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


def rewrite(query: str, variants: Variants = _no_variants) -> Rewritten:
    """The FTS5 expression of a query (numbers and names widened, ANDs next to groups made explicit) and its terms.

    The result may still be bad FTS5 (an unbalanced parenthesis, a dangling operator, a word with a
    hyphen): the caller checks it and falls back to :func:`plain_expression`.

    Args:
        query: the user's query (control characters already blanked).
        variants: other spellings of a word (:meth:`NameSpellings.variants`).
    """
    tokens = _tokens(normalise_numbers(query))
    out: list[str] = []
    terms: list[str] = []
    numeric = False
    negated = [False]  # per parenthesis level: whether the group is under NOT
    negate_next = False
    near_depth: int | None = None  # the parenthesis level of an open NEAR( ... )
    braces = False  # inside {col1 col2}: column names
    last = ""  # what was emitted last: "operand", "group" (an operand in parentheses), or anything else

    def joins(group: bool) -> None:
        """FTS5 takes two adjacent operands as AND, except when one is in parentheses: say it then."""
        if near_depth is None and (last == "group" or (last == "operand" and group)):
            out.append("AND")

    def operand(expression: str, term: str | None = None) -> None:
        nonlocal negate_next, last
        group = expression.startswith("(")
        joins(group)
        out.append(expression)
        if term is not None and not negate_next and not any(negated):
            terms.append(term)
        negate_next = False
        last = "group" if group else "operand"

    for i, token in enumerate(tokens):
        following = tokens[i + 1] if i + 1 < len(tokens) else ""
        previous = tokens[i - 1] if i else ""
        fixed = following in ("*", "+") or previous in ("^", "+") or near_depth is not None
        if braces:
            out.append(token)
            braces = token != "}"
            continue
        if token.startswith('"'):
            closed = len(token) > 1 and token.endswith('"')
            if not closed or fixed:
                operand(token, token if closed else None)  # left as typed
            else:
                inner = token[1:-1].replace('""', '"')
                expression = _any_of(_phrase_forms(inner))
                numeric = numeric or any(c.isdigit() for c in inner)
                operand(expression, expression)
        elif token in OPERATORS:
            if token == "NEAR" and following == "(":
                joins(True)
                near_depth = len(negated)
            negate_next = token == "NOT"
            out.append(token)
            last = "operator"
        elif token == "(":
            joins(True)
            negated.append(negate_next)
            negate_next = False
            out.append(token)
            last = "open"
        elif token == ")":
            if len(negated) > 1:
                negated.pop()
            if near_depth is not None and len(negated) <= near_depth:
                near_depth = None
            out.append(token)
            last = "group"
        elif token in ("{", "^") or following == ":":
            joins(False)
            braces = token == "{"
            out.append(token)  # a column filter or the start-of-text mark: what follows is the operand
            last = "prefix"
        elif token in (":", "*", "+", ","):
            out.append(token)
            last = "operand" if token == "*" else "prefix"
        elif not _BAREWORD.fullmatch(token):
            operand(token)  # not FTS5 syntax ("48-hour"): FTS5 refuses it and the caller falls back
        elif fixed:
            if previous == "," and near_depth is not None and token.isdigit():
                out.append(token)  # NEAR's distance
            else:
                operand(token, token + ("*" if following == "*" else ""))
        else:
            expression, is_number = _word_expression(token, variants)
            numeric = numeric or is_number
            operand(token if expression == _quote(token) else expression, expression)
    return Rewritten(" ".join(out), tuple(dict.fromkeys(terms)), numeric)


def plain_expression(query: str, variants: Variants = _no_variants) -> Rewritten | None:
    """The query as plain words: each chunk between spaces or parentheses one phrase, chunks ANDed; numbers
    and names widened as by :func:`rewrite`.

    Args:
        query: free text, any characters.
        variants: other spellings of a word.

    Returns:
        An expression that always parses, or None when the query has no searchable word.
    """
    chunks = []
    for raw in _CHUNK.split(normalise_numbers(query)):
        # A double quote is never part of a token, so dropping it changes no match and leaves nothing to escape.
        chunk = " ".join(raw.replace('"', " ").split())
        if _WORDISH.search(chunk):
            chunks.append(chunk)
    # Upper-case AND/OR/NOT/NEAR in a query that failed to parse were meant as operators ("dam AND"):
    # searching them as words would demand an "and" in every hit. They stay only if nothing else does.
    words = [c for c in chunks if c not in OPERATORS] or chunks
    if not words:
        return None
    terms, numeric = [], False
    for chunk in words:
        core = chunk.strip(_EDGE_PUNCT)
        if core.isdigit() or (_BAREWORD.fullmatch(core) and core == chunk):
            expression, is_number = _word_expression(core, variants)
            numeric = numeric or is_number
        else:
            expression = _any_of(_phrase_forms(chunk))
        terms.append(expression)
    # FTS5 reads adjacent phrases as AND, but not a phrase next to a group in parentheses.
    joiner = " AND " if any(t.startswith("(") for t in terms) else " "
    return Rewritten(joiner.join(terms), tuple(dict.fromkeys(terms)), numeric)
