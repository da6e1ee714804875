"""Full-text search over stored articles, quotes and claims (SQLite FTS5, ranked by bm25).

The index is kept by the store itself (migration ``0004_search``: FTS5 tables filled by triggers on
every insert, update and delete), so ``storyline ingest`` keeps it current with no extra step.

Query syntax is FTS5's (``flood dam``, ``"lower town"``, ``evacu*``, ``dam OR levee``, ``NEAR(dam flood, 5)``,
``speaker: Rusu``). A query FTS5 cannot parse (an unbalanced quote, a dangling ``AND``, ``NEAR(``,
``48-hour``, ``Ukraine: troops``) is **not** an error: it is searched again as plain words, each
whitespace-separated chunk quoted as a phrase, and the result says so (``CompiledQuery.fallback``).
Only a query with no searchable word at all (``*``, ``"``, ``--``) raises :class:`QueryError`, as do
bad filter values. A column filter names a column of some kinds only (``speaker:`` exists for quotes,
``title:`` for articles, ``subject:``/``unit:`` for claims): kinds without that column are left out.

Every value reaches SQLite as a bound parameter; the SQL text is assembled from fixed fragments only.
Snippets come back as structured parts (``SnippetPart(text, match)``), never as HTML: renderers escape
each part themselves.
"""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any, Literal

from .errors import StoreError, StorylineError
from .store import Store

SearchKind = Literal["article", "quote", "claim"]

#: The kinds of record searched, in the order results are listed when scores tie.
KINDS: tuple[SearchKind, ...] = ("article", "quote", "claim")

#: Longest query accepted (characters). Far above any hand-typed query; bounds the FTS5 parser's work
#: for one request of the web UI.
MAX_QUERY_CHARS = 500

#: Most hits one call returns, and the deepest result reachable by paging (offset + limit). Every page
#: merges the top ``offset + limit`` hits of each kind, so the window bounds the work of one request.
MAX_LIMIT = 100
MAX_WINDOW = 1000

#: Tokens in a snippet (FTS5 allows at most 64). 24 tokens is about one news sentence (wire style
#: averages 20-25 words a sentence): enough context around the match, short enough for a results list.
SNIPPET_TOKENS = 24

#: bm25 column weights, in each FTS table's column order. A word of an article's headline says more
#: about the article than one word of its body, so titles weigh 3x (the usual order of title boosts
#: in search engines); a query naming a speaker or a claim's subject likewise weighs 2x against the
#: quote or sentence text. Unit words ("people", "troops") are as common as body text: weight 1.
WEIGHTS: dict[SearchKind, tuple[float, ...]] = {
    "article": (3.0, 1.0),
    "quote": (1.0, 2.0),
    "claim": (1.0, 2.0, 1.0),
}

# Snippet markers: Unicode noncharacters, which never occur in interchanged text, so they cannot be
# confused with article content. They are parsed into SnippetPart records and never reach a page.
_OPEN, _CLOSE, _ELLIPSIS = "\ufdd0", "\ufdd1", "\ufdd2"
_MARKERS = re.compile(f"([{_OPEN}{_CLOSE}{_ELLIPSIS}])")

_TABLES: dict[SearchKind, str] = {"article": "articles_fts", "quote": "quotes_fts", "claim": "claims_fts"}
_WORD = re.compile(r"[^\W_]", re.UNICODE)  # a character the unicode61 tokenizer keeps in a token
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_SPACES = re.compile(r"\s+")
_CHUNK = re.compile(r"[\s()]+")  # plain-words fallback: whitespace and FTS5 grouping split chunks
_OPERATORS = {"AND", "OR", "NOT", "NEAR"}


class QueryError(StorylineError):
    """A search request cannot be run: no searchable word, or a bad filter value. The message says why."""


@dataclass(frozen=True, slots=True)
class SnippetPart:
    """A piece of a snippet; ``match`` is True for the words the query matched."""

    text: str
    match: bool = False


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One ranked search result.

    ``start``/``end`` is a character span into the article's clean text: the quote or claim for those
    kinds, the matched words of the snippet for an article hit (None when only the title matched).
    ``score`` is the negated bm25 score within the hit's kind: higher is better. ``copy_of`` names the
    article this one is a syndicated copy of (see ``dedupe``).
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

    @property
    def snippet_text(self) -> str:
        """The snippet as plain text, match marks dropped."""
        return "".join(p.text for p in self.snippet)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (snippet as a list of ``{"text", "match"}`` parts)."""
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
        }


@dataclass(frozen=True, slots=True)
class CompiledQuery:
    """A user query made ready for FTS5.

    Attributes:
        text: the query as typed.
        expression: the FTS5 expression run.
        fallback: True when ``text`` was not valid FTS5 syntax and was searched as plain words.
        kinds: the kinds whose index accepts the expression (a column filter can rule some out).
    """

    text: str
    expression: str
    fallback: bool
    kinds: tuple[SearchKind, ...] = KINDS


def plain_expression(query: str) -> str | None:
    """The query as plain words: each chunk between spaces or parentheses quoted as one phrase, chunks ANDed.

    Args:
        query: free text, any characters.

    Returns:
        An FTS5 expression that always parses, or None when the query has no searchable word.
    """
    # A double quote is never part of a token, so dropping it changes no match and leaves nothing to escape.
    chunks = [" ".join(c.replace('"', " ").split()) for c in _CHUNK.split(query) if _WORD.search(c)]
    # Upper-case AND/OR/NOT/NEAR in a query that failed to parse were meant as operators ("dam AND"):
    # searching them as words would demand an "and" in every hit. They stay only if nothing else does.
    words = [c for c in chunks if c not in _OPERATORS] or chunks
    if not words:
        return None
    return " ".join(f'"{c}"' for c in words)


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
    """Check a query against the index; fall back to plain words if FTS5 cannot parse it.

    Args:
        store: an open store (migrated to ``0004_search``).
        query: the user's query.
        kinds: the kinds to search (``article``, ``quote``, ``claim``).

    Returns:
        The expression to run and whether it is the plain-words fallback.

    Raises:
        QueryError: the query is empty, too long, or has no searchable word; or a kind is unknown.
    """
    wanted = _kinds(kinds)
    text = _CONTROL.sub(" ", query or "").strip()
    if not text:
        raise QueryError("type some words to search for")
    if len(text) > MAX_QUERY_CHARS:
        raise QueryError(f"the query is {len(text)} characters long; the limit is {MAX_QUERY_CHARS}")
    problems = {kind: _accepts(store, kind, text) for kind in wanted}
    ok = tuple(k for k in wanted if problems[k] is None)
    # A missing column in some kinds only (``speaker: Rusu``) narrows the kinds; any other complaint is
    # the parser's and the same for every table.
    only_columns = all(p is None or p.startswith("no such column") for p in problems.values())
    if ok and only_columns:
        return CompiledQuery(text, text, False, ok)
    expression = plain_expression(text)
    if expression is None:
        raise QueryError(f"nothing to search for in {query!r}: type at least one word or number")
    return CompiledQuery(text, expression, True, wanted)


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


def _parts(snippet: str | None) -> tuple[SnippetPart, ...]:
    """FTS5 snippet text (with our markers) as parts; the ellipsis becomes "…"."""
    parts: list[SnippetPart] = []
    inside = False
    for piece in _MARKERS.split(snippet or ""):
        if piece == _OPEN:
            inside = True
        elif piece == _CLOSE:
            inside = False
        elif piece == _ELLIPSIS:
            parts.append(SnippetPart("…"))
        elif piece:
            parts.append(SnippetPart(piece, inside))
    return tuple(parts)


def _match_span(text: str, snippet: str | None) -> tuple[int, int] | None:
    """Where the snippet's matched words sit in ``text``: from the first match to the end of the last."""
    if not snippet or _OPEN not in snippet:
        return None
    fragment = snippet.replace(_ELLIPSIS, "")
    plain = fragment.replace(_OPEN, "").replace(_CLOSE, "")
    base = text.find(plain)
    if base < 0:
        return None
    first = fragment.index(_OPEN)
    last = fragment.rindex(_CLOSE)
    # Offsets in ``plain``: subtract the markers that precede each position in ``fragment``.
    start = first - len(_MARKERS.findall(fragment[:first]))
    end = last - len(_MARKERS.findall(fragment[:last]))
    return base + start, base + end


def _outlet(outlet: str | None, source: str) -> str:
    return outlet or PurePath(source).name or source


# One SELECT per kind: the FTS table drives (CROSS JOIN fixes the loop order), the article row gives
# the metadata the filters test. Filters are appended as fixed fragments with ``?`` placeholders.
_SELECT: dict[SearchKind, str] = {
    "article": (
        "SELECT f.article_id, a.outlet, a.source, a.title, a.published, a.dup_of, a.text AS body, NULL AS speaker,"
        " NULL AS span_start, NULL AS span_end, bm25(articles_fts, ?, ?) AS rank_value,"
        " snippet(articles_fts, 1, ?, ?, ?, ?) AS snip, snippet(articles_fts, 0, ?, ?, ?, ?) AS snip_alt"
        " FROM articles_fts AS f CROSS JOIN articles AS a ON a.id = f.article_id WHERE articles_fts MATCH ?"
    ),
    "quote": (
        "SELECT f.article_id, a.outlet, a.source, a.title, a.published, a.dup_of, NULL AS body, f.speaker,"
        " f.span_start, f.span_end, bm25(quotes_fts, ?, ?) AS rank_value,"
        " snippet(quotes_fts, 0, ?, ?, ?, ?) AS snip, NULL AS snip_alt"
        " FROM quotes_fts AS f CROSS JOIN articles AS a ON a.id = f.article_id WHERE quotes_fts MATCH ?"
    ),
    "claim": (
        "SELECT f.article_id, a.outlet, a.source, a.title, a.published, a.dup_of, NULL AS body, NULL AS speaker,"
        " f.text AS claim_text, f.span_start, f.span_end, bm25(claims_fts, ?, ?, ?) AS rank_value,"
        " snippet(claims_fts, 0, ?, ?, ?, ?) AS snip, NULL AS snip_alt"
        " FROM claims_fts AS f CROSS JOIN articles AS a ON a.id = f.article_id WHERE claims_fts MATCH ?"
    ),
}


def _hit(kind: SearchKind, row: sqlite3.Row) -> SearchHit:
    snippet = row["snip"]
    if kind == "article":
        span = _match_span(row["body"], snippet)
        start, end = span if span else (None, None)
        if span is None and _OPEN in (row["snip_alt"] or ""):
            snippet = row["snip_alt"]  # only the headline matched: show it with its marks
    else:
        start, end = int(row["span_start"]), int(row["span_end"])
    return SearchHit(
        kind=kind,
        article_id=row["article_id"],
        outlet=_outlet(row["outlet"], row["source"]),
        title=row["title"],
        published=dt.date.fromisoformat(row["published"]) if row["published"] else None,
        snippet=_parts(snippet),
        start=start,
        end=end,
        score=-float(row["rank_value"]),
        speaker=row["speaker"] or None,
        copy_of=row["dup_of"],
    )


def _interleave(ranked: Sequence[list[SearchHit]]) -> list[SearchHit]:
    """Round-robin over per-kind ranked lists: 1st of each kind, then 2nd of each, ..."""
    merged: list[SearchHit] = []
    for rank in range(max((len(r) for r in ranked), default=0)):
        merged += [r[rank] for r in ranked if rank < len(r)]
    return merged


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

    Within a kind, hits are ranked by bm25 (best first). Kinds are then interleaved by rank (the best
    article, the best quote, the best claim, the second article, ...): bm25 scores from different
    indexes are not comparable, and FTS5 scores a term found in more than half of an index's rows at
    about 0, which in a store of one story's articles would sink every article hit below every quote.
    Claims of one sentence come back as one hit (the best-scored claim's span).

    Args:
        store: an open store.
        query: FTS5 query text (falls back to plain words if it does not parse; see the module doc), or a
            query already compiled with :func:`compile_query`.
        kinds: which records to search: any of ``article``, ``quote``, ``claim``.
        outlet: only articles from this outlet (exact name, case-insensitive).
        speaker: only quotes whose speaker contains this text (case-insensitive for ASCII letters);
            setting it searches quotes only, the one kind that has speakers.
        date_from: only articles published on or after this date (``date`` or ``YYYY-MM-DD``).
        date_to: only articles published on or before this date. Undated articles are left out when
            either date is set.
        limit: hits to return, 1 to ``MAX_LIMIT``.
        offset: hits to skip (paging); ``offset + limit`` is at most ``MAX_WINDOW``.

    Returns:
        Hits of all the kinds asked for, in the order above.

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
        filters.append("AND a.outlet = ? COLLATE NOCASE")
        values.append(outlet.strip())
    first, last = _date(date_from, "from"), _date(date_to, "to")
    if first:
        filters.append("AND a.published >= ?")
        values.append(first)
    if last:
        filters.append("AND a.published <= ?")
        values.append(last)
    ranked: list[list[SearchHit]] = []
    for kind in (k for k in wanted if k in compiled.kinds):
        sql = " ".join([_SELECT[kind], *filters])
        snippets = 2 if kind == "article" else 1  # articles: text and headline
        params: list[Any] = [*WEIGHTS[kind], *[_OPEN, _CLOSE, _ELLIPSIS, SNIPPET_TOKENS] * snippets]
        params += [compiled.expression, *values]
        if kind == "quote" and speaker:
            sql += " AND instr(lower(f.speaker), lower(?)) > 0"
            params.append(speaker)
        if kind == "claim":  # one hit per sentence: the sentence's best claim (SQLite's bare-column min)
            # (MATERIALIZED keeps SQLite from flattening bm25()/snippet() into an aggregate, which FTS5 refuses.)
            sql = f"WITH m AS MATERIALIZED ({sql}) SELECT *, min(rank_value) FROM m GROUP BY article_id, claim_text"
        sql += " ORDER BY rank_value, span_start LIMIT ?"
        params.append(offset + limit)
        try:
            rows = store.conn.execute(sql, params).fetchall()
        except sqlite3.Error as exc:
            if _is_query_error(exc):
                raise QueryError(f"cannot search for {compiled.text!r}: {exc}") from exc
            raise StoreError(f"{store.path}: search failed: {exc}") from exc
        ranked.append([_hit(kind, row) for row in rows])
    return _interleave(ranked)[offset : offset + limit]


def outlets(store: Store) -> list[str]:
    """The outlet names of the stored articles, sorted (for a search form's outlet filter)."""
    rows = store.conn.execute("SELECT DISTINCT outlet FROM articles WHERE outlet IS NOT NULL ORDER BY outlet")
    return [r[0] for r in rows]


def _terminal_safe(text: str) -> str:
    """Control characters (ANSI escapes from article text) blanked, whitespace folded."""
    return _SPACES.sub(" ", _CONTROL.sub(" ", text))


def format_hits_for_terminal(hits: Sequence[SearchHit], *, markup: bool = True) -> list[str]:
    """Hits as lines for a terminal: a heading line and an indented snippet line per hit.

    Args:
        hits: hits from :func:`search`.
        markup: True for rich console markup (matches in bold; all article text escaped so it cannot
            inject markup); False for plain text with matches wrapped in «guillemets».

    Returns:
        Lines to print (``rich.console.Console.print`` each when ``markup`` is True, else ``click.echo``).
        Control characters in article text are blanked either way, so no terminal escape gets through.
    """
    from rich.markup import escape

    def show(text: str) -> str:
        clean = _terminal_safe(text)
        return escape(clean) if markup else clean

    lines: list[str] = []
    for n, hit in enumerate(hits, start=1):
        when = hit.published.isoformat() if hit.published else "undated"
        span = f" [{hit.start}:{hit.end}]" if hit.start is not None else ""
        head = f"{n:>3}. {hit.kind:<7} {when} · {show(hit.outlet)} · {show(hit.title or hit.article_id)}"
        lines.append(head + f" ({show(hit.article_id)}{span}, score {hit.score:.2f})")
        body = []
        for part in hit.snippet:
            text = show(part.text)
            if part.match:
                text = f"[bold]{text}[/bold]" if markup else f"«{text}»"
            body.append(text)
        prefix = show(f"{hit.speaker}: ") if hit.speaker else ""
        lines.append("     " + prefix + "".join(body).strip())
    return lines
