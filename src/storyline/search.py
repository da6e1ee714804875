"""Full-text search over stored articles, quotes and claims (SQLite FTS5), ranked by one relevance score.

The index is kept by the store itself (migration ``0004_search``: FTS5 tables filled by triggers on
every insert, update and delete), so ``storyline ingest`` keeps it current with no extra step.

Query syntax is FTS5's (``flood dam``, ``"lower town"``, ``evacu*``, ``dam OR levee``, ``NEAR(dam flood, 5)``,
``speaker: Rusu``), made forgiving by :mod:`storyline.search_terms`: a number is found in any written form
("10000" finds "10,000" and "10 000", and "10,000" is a number, not bad syntax), a person's name in every
spelling the store holds ("Zelensky", "Zelenskyy", "Zelenskiy"). A query FTS5 still cannot parse (an
unbalanced quote, a dangling ``AND``, ``NEAR(``, ``48-hour``, ``Ukraine: troops``) is **not** an error: it
is searched again as plain words, each whitespace-separated chunk quoted as a phrase, and the result says so
(``CompiledQuery.fallback``). Only a query with no searchable word at all (``*``, ``"``, ``--``) raises
:class:`QueryError`, as do bad filter values. A column filter names a column of some kinds only
(``speaker:`` exists for quotes, ``title:`` for articles, ``subject:``/``unit:`` for claims): kinds without
that column are left out.

Each index returns its best candidates (by its own bm25); :mod:`storyline.search_rank` then scores them all
alike, sentence by sentence, and keeps one hit per sentence: the results are ranked across kinds, not
taken in turns.

Every value reaches SQLite as a bound parameter; the SQL text is assembled from fixed fragments only.
Snippets come back as structured parts (``SnippetPart(text, match)``), never as HTML: renderers escape
each part themselves.
"""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any, Literal

from .errors import StoreError, StorylineError
from .search_rank import (
    DF_SCAN_CAP,
    Unit,
    inverse_document_frequency,
    one_per_sentence,
    score_units,
    sentence_span,
    snippet_window,
)
from .search_terms import Rewritten, rewrite, store_names
from .search_terms import plain_expression as _plain
from .store import Store

SearchKind = Literal["article", "quote", "claim"]

#: The kinds of record searched, in the order results are listed when scores tie.
KINDS: tuple[SearchKind, ...] = ("article", "quote", "claim")

#: Longest query accepted (characters). Far above any hand-typed query; bounds the FTS5 parser's work
#: for one request of the web UI.
MAX_QUERY_CHARS = 500

#: Most hits one call returns, and the deepest result reachable by paging (offset + limit). Every page
#: ranks the top candidates of each kind, so the window bounds the work of one request.
MAX_LIMIT = 100
MAX_WINDOW = 1000

#: Candidates each index gives the ranking, at least: twice the hits asked for (merging sentences drops
#: some), and never fewer than this, so the first three pages of 20 hits rank the same candidates and
#: paging through them shows each hit once. (100 made a query 3x slower than before ranking, 60 2x.)
CANDIDATES_MIN = 60

#: Tokens in the snippet FTS5 uses to find where an article matched. 24 tokens is about one news sentence
#: (wire style averages 20-25 words a sentence); the hit then shows that sentence.
SNIPPET_TOKENS = 24

#: bm25 column weights, in each FTS table's column order, used to pick each index's candidates. A word of an
#: article's headline says more about the article than one word of its body, so titles weigh 3x (the usual
#: order of title boosts in search engines); a query naming a speaker or a claim's subject likewise weighs
#: 2x against the quote or sentence text. Unit words ("people", "troops") are as common as body text: 1.
WEIGHTS: dict[SearchKind, tuple[float, ...]] = {
    "article": (3.0, 1.0),
    "quote": (1.0, 2.0),
    "claim": (1.0, 2.0, 1.0),
}

#: The tokenizer of the FTS tables (migration 0004_search), if the table's own definition cannot be read.
DEFAULT_TOKENIZER = "'porter unicode61 remove_diacritics 2'"

#: Options the outlet and speaker filters of a search form list at most (the most frequent first).
FILTER_OPTIONS_MAX = 300

# Snippet markers: Unicode noncharacters, which never occur in interchanged text, so they cannot be
# confused with article content. They are parsed into SnippetPart records and never reach a page.
_OPEN, _CLOSE, _ELLIPSIS = "\ufdd0", "\ufdd1", "\ufdd2"
_MARKERS = re.compile(f"([{_OPEN}{_CLOSE}{_ELLIPSIS}])")

_TABLES: dict[SearchKind, str] = {"article": "articles_fts", "quote": "quotes_fts", "claim": "claims_fts"}
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_SPACES = re.compile(r"\s+")
_TOKENIZE = re.compile(r"tokenize\s*=\s*('[^']*'|\"[^\"]*\")", re.IGNORECASE)


class QueryError(StorylineError):
    """A search request cannot be run: no searchable word, or a bad filter value. The message says why."""


@dataclass(frozen=True, slots=True)
class SnippetPart:
    """A piece of a snippet; ``match`` is True for the words the query matched."""

    text: str
    match: bool = False


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One ranked search result: one sentence (or quote) of one article.

    ``start``/``end`` is a character span into the article's clean text: the quote or the claim's figure
    for those kinds, the matching sentence for an article hit (None when only the headline matched).
    ``score`` is the relevance score, the same scale for every kind: higher is better. ``copy_of`` names
    the article this one is a syndicated copy of (see ``dedupe``); ``also`` the other articles, as
    ``(article id, outlet)``, that hold the same sentence.
    """

    kind: SearchKind
    article_id: str
    outlet: str
    title: str | None
    published: dt.date | None
    snippet: tuple[SnippetPart, ...]
    start: int | None
    end: int | None
    score: float
    speaker: str | None = None
    copy_of: str | None = None
    also: tuple[tuple[str, str], ...] = ()

    @property
    def snippet_text(self) -> str:
        """The snippet as plain text, match marks dropped."""
        return "".join(p.text for p in self.snippet)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (snippet as a list of ``{"text", "match"}`` parts, ``also`` as
        ``{"article_id", "outlet"}`` objects)."""
        return {
            "kind": self.kind,
            "article_id": self.article_id,
            "outlet": self.outlet,
            "title": self.title,
            "published": self.published.isoformat() if self.published else None,
            "snippet": [{"text": p.text, "match": p.match} for p in self.snippet],
            "start": self.start,
            "end": self.end,
            "score": round(self.score, 6),
            "speaker": self.speaker,
            "copy_of": self.copy_of,
            "also": [{"article_id": a, "outlet": o} for a, o in self.also],
        }


@dataclass(frozen=True, slots=True)
class CompiledQuery:
    """A user query made ready for FTS5.

    Attributes:
        text: the query as typed.
        expression: the FTS5 expression run.
        fallback: True when ``text`` was not valid FTS5 syntax and was searched as plain words.
        kinds: the kinds whose index accepts the expression (a column filter can rule some out).
        terms: the terms hits are ranked by, each a standalone FTS5 expression.
        numeric: whether the query holds a number.
    """

    text: str
    expression: str
    fallback: bool
    kinds: tuple[SearchKind, ...] = KINDS
    terms: tuple[str, ...] = field(default=())
    numeric: bool = False


def plain_expression(query: str) -> str | None:
    """The query as plain words: each chunk between spaces or parentheses quoted as one phrase, chunks ANDed
    (numbers in all their written forms).

    Args:
        query: free text, any characters.

    Returns:
        An FTS5 expression that always parses, or None when the query has no searchable word.
    """
    plain = _plain(query)
    return plain.expression if plain else None


def _is_query_error(exc: sqlite3.Error) -> bool:
    """True if SQLite rejected the MATCH expression (rather than failing for another reason)."""
    message = str(exc).lower()
    return isinstance(exc, sqlite3.OperationalError) and any(
        cue in message for cue in ("fts5", "syntax error", "no such column", "unterminated string", "special query")
    )


def _accepts(store: Store, kind: SearchKind, expression: str) -> str | None:
    """None if the kind's index runs ``expression``, else SQLite's complaint."""
    table = _TABLES[kind]
    try:
        store.conn.execute(f"SELECT rowid FROM {table} WHERE {table} MATCH ? LIMIT 1", (expression,)).fetchall()
    except sqlite3.Error as exc:
        if not _is_query_error(exc):
            raise StoreError(f"{store.path}: search failed: {exc}") from exc
        return str(exc)
    return None


def compile_query(store: Store, query: str, kinds: Iterable[str] = KINDS) -> CompiledQuery:
    """Read a query: numbers and names widened, checked against the index; plain words if FTS5 cannot parse it.

    Args:
        store: an open store (migrated to ``0004_search``).
        query: the user's query.
        kinds: the kinds to search (``article``, ``quote``, ``claim``).

    Returns:
        The expression to run, its terms, and whether it is the plain-words fallback.

    Raises:
        QueryError: the query is empty, too long, or has no searchable word; or a kind is unknown.
        StoreError: the store cannot be read.
    """
    wanted = _kinds(kinds)
    text = _CONTROL.sub(" ", query or "").strip()
    if not text:
        raise QueryError("type some words to search for")
    if len(text) > MAX_QUERY_CHARS:
        raise QueryError(f"the query is {len(text)} characters long; the limit is {MAX_QUERY_CHARS}")
    try:
        variants = store_names(store.conn, store.path).variants
    except sqlite3.Error as exc:
        raise StoreError(f"{store.path}: cannot read the names to search by: {exc}") from exc
    rewritten: Rewritten | None = rewrite(text, variants)
    expression = rewritten.expression if rewritten else ""
    problems = {kind: _accepts(store, kind, expression) for kind in wanted}
    ok = tuple(k for k in wanted if problems[k] is None)
    # A missing column in some kinds only (``speaker: Rusu``) narrows the kinds; any other complaint is
    # the parser's and the same for every table.
    only_columns = all(p is None or p.startswith("no such column") for p in problems.values())
    if rewritten and ok and only_columns and rewritten.terms:
        return CompiledQuery(text, rewritten.expression, False, ok, rewritten.terms, rewritten.numeric)
    rewritten = _plain(text, variants)
    if rewritten is None:
        raise QueryError(f"nothing to search for in {query!r}: type at least one word or number")
    return CompiledQuery(text, rewritten.expression, True, wanted, rewritten.terms, rewritten.numeric)


def _kinds(kinds: Iterable[str]) -> tuple[SearchKind, ...]:
    if isinstance(kinds, str):
        kinds = [kinds]
    wanted = [k.strip().lower() for k in kinds if k and k.strip()]
    bad = [k for k in wanted if k not in KINDS]
    if bad:
        raise QueryError(f"unknown kind {bad[0]!r}: choose from {', '.join(KINDS)}")
    return tuple(k for k in KINDS if k in wanted) or KINDS


def _date(value: dt.date | str | None, name: str) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.date):
        return value.isoformat()
    try:
        return dt.date.fromisoformat(str(value).strip()).isoformat()
    except ValueError as exc:
        raise QueryError(f"{name} must be a date like 2025-03-11, not {value!r}") from exc


def _first_match(text: str, snippet: str | None) -> tuple[int, int] | None:
    """Where the snippet's first matched words sit in ``text``."""
    if not snippet or _OPEN not in snippet:
        return None
    fragment = snippet.replace(_ELLIPSIS, "")
    plain = fragment.replace(_OPEN, "").replace(_CLOSE, "")
    base = text.find(plain)
    if base < 0:
        return None
    first = fragment.index(_OPEN)
    close = fragment.index(_CLOSE, first)
    # Offsets in ``plain``: subtract the markers that precede each position in ``fragment``.
    start = first - len(_MARKERS.findall(fragment[:first]))
    end = close - len(_MARKERS.findall(fragment[:close]))
    return base + start, base + end


def _outlet(outlet: str | None, source: str) -> str:
    return outlet or PurePath(source).name or source


# One SELECT per kind: the FTS table drives (CROSS JOIN fixes the loop order), the article row gives
# the metadata the filters test. Filters are appended as fixed fragments with ``?`` placeholders.
_SELECT: dict[SearchKind, str] = {
    "article": (
        "SELECT f.article_id, a.outlet, a.source, a.title, a.published, a.dup_of, a.text AS body, NULL AS speaker,"
        " NULL AS span_start, NULL AS span_end, bm25(articles_fts, ?, ?) AS rank_value,"
        " snippet(articles_fts, 1, ?, ?, ?, ?) AS snip"
        " FROM articles_fts AS f CROSS JOIN articles AS a ON a.id = f.article_id WHERE articles_fts MATCH ?"
    ),
    "quote": (
        "SELECT f.article_id, a.outlet, a.source, a.title, a.published, a.dup_of, f.text AS body, f.speaker,"
        " f.span_start, f.span_end, bm25(quotes_fts, ?, ?) AS rank_value"
        " FROM quotes_fts AS f CROSS JOIN articles AS a ON a.id = f.article_id"
        " CROSS JOIN quotes AS q ON q.rowid = f.rowid"
        " WHERE quotes_fts MATCH ? AND coalesce(json_extract(q.data, '$.tentative'), 0) = 0"
    ),
    "claim": (
        "SELECT f.article_id, a.outlet, a.source, a.title, a.published, a.dup_of, f.text AS body, f.subject,"
        " f.text AS claim_text, f.span_start, f.span_end, bm25(claims_fts, ?, ?, ?) AS rank_value,"
        " json_extract(c.data, '$.sentence_start') AS sentence_start,"
        " json_extract(c.data, '$.sentence_end') AS sentence_end"
        " FROM claims_fts AS f CROSS JOIN articles AS a ON a.id = f.article_id"
        " CROSS JOIN claims AS c ON c.rowid = f.rowid WHERE claims_fts MATCH ?"
    ),
}

# The outlet filter names an outlet as hits show it: the article's outlet, or its file's name when it has none.
_OUTLET_FILTER = (
    "AND (a.outlet = ? COLLATE NOCASE OR (a.outlet IS NULL AND (a.source = ?"
    " OR substr(a.source, -length(?) - 1) = '/' || ?)))"
)


def _unit(kind: SearchKind, row: sqlite3.Row) -> Unit | None:
    info = {
        "outlet": _outlet(row["outlet"], row["source"]),
        "title": row["title"],
        "published": row["published"],
        "dup_of": row["dup_of"],
        "speaker": row["speaker"] if kind == "quote" else None,
    }
    if kind == "article":
        body = row["body"]
        span = _first_match(body, row["snip"])
        if span is None:  # only the headline matched
            return Unit(kind, row["article_id"], row["title"] or "", "", None, None, None, info)
        start, end = sentence_span(body, *span)
        return Unit(kind, row["article_id"], row["title"] or "", body[start:end], start, end, (start, end), info)
    start, end = int(row["span_start"]), int(row["span_end"])
    if kind == "quote":
        return Unit(kind, row["article_id"], row["speaker"] or "", row["body"], start, end, (start, end), info)
    sentence = (row["sentence_start"], row["sentence_end"])
    if not (isinstance(sentence[0], int) and isinstance(sentence[1], int) and sentence[0] < sentence[1]):
        sentence = (start, end)
    return Unit(kind, row["article_id"], row["subject"] or "", row["body"], start, end, sentence, info)


def _parts(text: str, marks: list[tuple[int, int]], window: tuple[int, int]) -> tuple[SnippetPart, ...]:
    """``text[window]`` cut into parts at the marks; an ellipsis where the window cuts the text."""
    begin, end = window
    parts: list[SnippetPart] = [SnippetPart("…")] if begin > 0 else []
    at = begin
    for m_start, m_end in marks:
        m_start, m_end = max(m_start, begin), min(m_end, end)
        if m_start >= m_end:
            continue
        if m_start > at:
            parts.append(SnippetPart(text[at:m_start]))
        parts.append(SnippetPart(text[m_start:m_end], True))
        at = m_end
    if at < end:
        parts.append(SnippetPart(text[at:end]))
    if end < len(text):
        parts.append(SnippetPart("…"))
    return tuple(parts)


def _to_hit(unit: Unit, outlets_of: dict[str, str]) -> SearchHit:
    info = unit.info
    if unit.text:
        snippet = _parts(unit.text, unit.text_marks, snippet_window(unit.text, unit.text_marks))
    else:
        snippet = _parts(unit.heading, unit.heading_marks, (0, len(unit.heading)))
    published = info.get("published")
    return SearchHit(
        kind=unit.kind,  # type: ignore[arg-type]
        article_id=unit.article_id,
        outlet=str(info["outlet"]),
        title=info["title"],  # type: ignore[arg-type]
        published=dt.date.fromisoformat(str(published)) if published else None,
        snippet=snippet,
        start=unit.start,
        end=unit.end,
        score=unit.score,
        speaker=str(info["speaker"]) if info.get("speaker") else None,
        copy_of=info["dup_of"],  # type: ignore[arg-type]
        also=tuple((a, outlets_of.get(a, a)) for a in unit.also),
    )


def _tokenizer(store: Store) -> str:
    row = store.conn.execute("SELECT sql FROM sqlite_master WHERE name = 'articles_fts'").fetchone()
    match = _TOKENIZE.search(row[0] if row and row[0] else "")
    return match.group(1) if match else DEFAULT_TOKENIZER


def _idf(store: Store, terms: Sequence[str]) -> dict[str, float]:
    """Each term's idf over the stored articles (headline and text)."""
    total = store.conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    out = {}
    for term in terms:
        try:
            (matching,) = store.conn.execute(
                "SELECT count(*) FROM (SELECT 1 FROM articles_fts WHERE articles_fts MATCH ? LIMIT ?)",
                (term, DF_SCAN_CAP),
            ).fetchone()
        except sqlite3.Error:
            continue
        out[term] = inverse_document_frequency(matching, total)
    return out


def search(
    store: Store,
    query: str | CompiledQuery,
    *,
    kinds: Sequence[str] = KINDS,
    outlet: str | None = None,
    speaker: str | None = None,
    date_from: dt.date | str | None = None,
    date_to: dt.date | str | None = None,
    limit: int = 20,
    offset: int = 0,
) -> list[SearchHit]:
    """Ranked hits for a query over article titles and text, quotes and speakers, claims.

    Every hit is one sentence (an article's matching sentence, a quote, a claim's sentence) scored on one
    scale whatever its kind (:mod:`storyline.search_rank`), best first; a sentence found as several kinds,
    or in several articles, is one hit. Claims of one sentence come back as one hit (the best-scored
    claim's span).

    Args:
        store: an open store.
        query: FTS5 query text (falls back to plain words if it does not parse; see the module doc), or a
            query already compiled with :func:`compile_query`.
        kinds: which records to search: any of ``article``, ``quote``, ``claim``.
        outlet: only articles from this outlet (its name as hits show it, case-insensitive: the outlet, or
            the file name of an article that names none).
        speaker: only quotes whose speaker contains this text (case-insensitive for ASCII letters);
            setting it searches quotes only, the one kind that has speakers.
        date_from: only articles published on or after this date (``date`` or ``YYYY-MM-DD``).
        date_to: only articles published on or before this date. Undated articles are left out when
            either date is set.
        limit: hits to return, 1 to ``MAX_LIMIT``.
        offset: hits to skip (paging); ``offset + limit`` is at most ``MAX_WINDOW``.

    Returns:
        Hits of all the kinds asked for, best first.

    Raises:
        QueryError: no searchable word, an unknown kind, a bad date or paging value.
        StoreError: SQLite failed for a reason other than the query.
    """
    if not 1 <= limit <= MAX_LIMIT:
        raise QueryError(f"limit must be between 1 and {MAX_LIMIT}, not {limit}")
    if offset < 0 or offset + limit > MAX_WINDOW:
        raise QueryError(f"offset must be between 0 and {MAX_WINDOW - limit} for this limit, not {offset}")
    wanted = _kinds(kinds)
    speaker = (speaker or "").strip() or None
    if speaker:
        wanted = tuple(k for k in wanted if k == "quote")
        if not wanted:
            return []
    compiled = query if isinstance(query, CompiledQuery) else compile_query(store, query, wanted)
    filters, values = [], []
    if outlet and outlet.strip():
        filters.append(_OUTLET_FILTER)
        values += [outlet.strip()] * 4
    first, last = _date(date_from, "from"), _date(date_to, "to")
    if first:
        filters.append("AND a.published >= ?")
        values.append(first)
    if last:
        filters.append("AND a.published <= ?")
        values.append(last)
    window = min(MAX_WINDOW, max(CANDIDATES_MIN, 2 * (offset + limit)))
    units: list[Unit] = []
    try:
        for kind in (k for k in wanted if k in compiled.kinds):
            sql = " ".join([_SELECT[kind], *filters])
            params: list[Any] = [*WEIGHTS[kind]]
            if kind == "article":
                params += [_OPEN, _CLOSE, _ELLIPSIS, SNIPPET_TOKENS]
            params += [compiled.expression, *values]
            if kind == "quote" and speaker:
                sql += " AND instr(lower(f.speaker), lower(?)) > 0"
                params.append(speaker)
            if kind == "claim":  # one hit per sentence: the sentence's best claim (SQLite's bare-column min)
                # (MATERIALIZED keeps SQLite from flattening bm25() into an aggregate, which FTS5 refuses.)
                sql = f"WITH m AS MATERIALIZED ({sql}) SELECT *, min(rank_value) FROM m GROUP BY article_id, claim_text"
            sql += " ORDER BY rank_value, span_start LIMIT ?"
            params.append(window)
            units += [u for u in (_unit(kind, row) for row in store.conn.execute(sql, params)) if u is not None]
        if not units:
            return []
        terms = compiled.terms or (compiled.expression,)
        score_units(units, terms, _idf(store, terms), _tokenizer(store))
    except sqlite3.Error as exc:
        if _is_query_error(exc):
            raise QueryError(f"cannot search for {compiled.text!r}: {exc}") from exc
        raise StoreError(f"{store.path}: search failed: {exc}") from exc
    ranked = one_per_sentence(units, numeric=compiled.numeric)[offset : offset + limit]
    outlets_of = {u.article_id: str(u.info["outlet"]) for u in units}
    missing = {a for u in ranked for a in u.also if a not in outlets_of}
    for a in missing:
        row = store.conn.execute("SELECT outlet, source FROM articles WHERE id = ?", (a,)).fetchone()
        outlets_of[a] = _outlet(row[0], row[1]) if row else a
    return [_to_hit(u, outlets_of) for u in ranked]


def outlets(store: Store) -> list[str]:
    """The outlets of the stored articles as hits name them (the outlet, or the file name of an article that
    names none), the most frequent first, at most FILTER_OPTIONS_MAX (for a search form's outlet filter)."""
    return [name for name, _ in outlet_counts(store)]


def outlet_counts(store: Store) -> list[tuple[str, int]]:
    """``(outlet, articles)`` pairs of the store, as :func:`outlets` lists them."""
    counts: dict[str, int] = {}
    for outlet, n in store.conn.execute("SELECT outlet, count(*) FROM articles WHERE outlet IS NOT NULL GROUP BY 1"):
        counts[outlet] = counts.get(outlet, 0) + n
    unnamed = store.conn.execute("SELECT source FROM articles WHERE outlet IS NULL LIMIT ?", (FILTER_OPTIONS_MAX,))
    for (source,) in unnamed:
        name = _outlet(None, source)
        counts[name] = counts.get(name, 0) + 1
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0].casefold()))
    return ranked[:FILTER_OPTIONS_MAX]


def speakers(store: Store) -> list[str]:
    """The most quoted speakers of the store, most quoted first (for a search form's speaker filter)."""
    rows = store.conn.execute(
        "SELECT speaker FROM quotes WHERE speaker IS NOT NULL AND speaker != '' GROUP BY speaker"
        " ORDER BY count(*) DESC, speaker LIMIT ?",
        (FILTER_OPTIONS_MAX,),
    )
    return [r[0] for r in rows]


def date_range(store: Store) -> tuple[str | None, str | None]:
    """The first and last publication dates of the stored articles (ISO), or None."""
    row = store.conn.execute("SELECT min(published), max(published) FROM articles").fetchone()
    return (row[0], row[1]) if row else (None, None)


def search_record(
    compiled: CompiledQuery,
    hits: Sequence[SearchHit],
    *,
    limit: int,
    offset: int,
    url: Callable[[SearchHit], str] | None = None,
) -> dict[str, Any]:
    """The JSON record of one search, as ``/api/search`` and ``storyline search --format json`` give it.

    Args:
        compiled: the query run.
        hits: its hits.
        limit: the page size asked for.
        offset: the hits skipped.
        url: a function giving each hit's web link (``storyline.web.views.hit_url``).
    """
    return {
        "query": compiled.text,
        "expression": compiled.expression,
        "fallback": compiled.fallback,
        "kinds": list(compiled.kinds),
        "limit": limit,
        "offset": offset,
        "hits": [h.to_dict() | ({"url": url(h)} if url else {}) for h in hits],
    }


def _terminal_safe(text: str) -> str:
    """Control characters (ANSI escapes from article text) blanked, whitespace folded."""
    return _SPACES.sub(" ", _CONTROL.sub(" ", text))


def format_hits_for_terminal(hits: Sequence[SearchHit], *, markup: bool = True, first: int = 1) -> list[str]:
    """Hits as lines for a terminal: a heading line and an indented snippet line per hit.

    Args:
        hits: hits from :func:`search`.
        markup: True for rich console markup (matches in bold; all article text escaped so it cannot
            inject markup); False for plain text with matches wrapped in «guillemets».
        first: the number of the first hit (``offset + 1`` on a later page).

    Returns:
        Lines to print (``rich.console.Console.print`` each when ``markup`` is True, else ``click.echo``).
        Control characters in article text are blanked either way, so no terminal escape gets through.
    """
    from rich.markup import escape

    def show(text: str) -> str:
        clean = _terminal_safe(text)
        return escape(clean) if markup else clean

    lines: list[str] = []
    for n, hit in enumerate(hits, start=first):
        when = hit.published.isoformat() if hit.published else "undated"
        span = f" [{hit.start}:{hit.end}]" if hit.start is not None else ""
        head = f"{n:>3}. {hit.kind:<7} {when} · {show(hit.outlet)} · {show(hit.title or hit.article_id)}"
        also = f"; also in {show(', '.join(dict.fromkeys(o for _, o in hit.also)))}" if hit.also else ""
        lines.append(head + f" ({show(hit.article_id)}{span}, score {hit.score:.2f}{also})")
        body = []
        for part in hit.snippet:
            text = show(part.text)
            if part.match:
                text = f"[bold]{text}[/bold]" if markup else f"«{text}»"
            body.append(text)
        prefix = show(f"{hit.speaker}: ") if hit.speaker else ""
        lines.append("     " + prefix + "".join(body).strip())
    return lines
