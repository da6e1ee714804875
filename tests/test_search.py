from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from storyline.errors import StorylineError
from storyline.model import Article, Claim, Extraction, Mention, Quote, content_id
from storyline.search import (
    MAX_LIMIT,
    MAX_WINDOW,
    QueryError,
    SearchHit,
    SnippetPart,
    compile_query,
    date_range,
    format_hits_for_terminal,
    outlet_counts,
    outlets,
    plain_expression,
    search,
    speakers,
)
from storyline.store import Store
from storyline.store.migrations import MIGRATIONS

DAM = (
    "The dam above Lowtown failed before dawn on Tuesday. Water from the dam reached the lower town within an hour. "
    "“We lost the lower town before it was light,” said Mayor Helen Ortiz. "
    "Roughly 1,200 residents were evacuated, and 300 homes were damaged, officials said. "
    "Engineers had warned that the dam spillway was cracked."
)
FERRY = (
    "Ferries between Oban and Mull stood idle as 140 crew began a 48-hour strike. "
    "“The ferry is our road,” said Callum Reid, a crofter. "
    "The union said the dam of grievances had burst."
)
UNDATED = "Flooding closed the road to Lowtown. Residents were told to leave."


def _find(text: str, part: str) -> tuple[int, int]:
    start = text.index(part)
    return start, start + len(part)


def _extraction(
    text: str,
    *,
    title: str | None,
    outlet: str | None,
    published: dt.date | None,
    quotes: list[tuple[str, str | None]] = (),  # type: ignore[assignment]
    claims: list[tuple[str, str, str, str, float]] = (),  # type: ignore[assignment]
    source: str = "a.txt",
) -> Extraction:
    art = Article(
        id=content_id(text), source=source, raw=text, text=text, title=title, outlet=outlet, published=published
    )
    qs = []
    for words, speaker in quotes:
        start, end = _find(text, words)
        qs.append(Quote(art.id, start, end, words, "direct", speaker, "said"))
    cs = []
    for sentence, quantity, subject, unit, value in claims:
        s_start, s_end = _find(text, sentence)
        q_start = text.index(quantity, s_start)
        cs.append(
            Claim(
                art.id, q_start, q_start + len(quantity), sentence, quantity, subject, value, value, value, unit,
                "exact", "count", s_start, s_end,
            )
        )  # fmt: skip
    return Extraction(article=art, quotes=tuple(qs), claims=tuple(cs))


DAM_EX = _extraction(
    DAM,
    title="Dam breach floods Lowtown",
    outlet="Valley Herald",
    published=dt.date(2025, 3, 11),
    quotes=[("We lost the lower town before it was light,", "Helen Ortiz")],
    claims=[
        ("Roughly 1,200 residents were evacuated, and 300 homes were damaged, officials said.", "1,200", "residents",
         "residents", 1200.0),
        ("Roughly 1,200 residents were evacuated, and 300 homes were damaged, officials said.", "300", "homes",
         "homes", 300.0),
    ],
)  # fmt: skip
FERRY_EX = _extraction(
    FERRY,
    title="Ferry strike halts Mull crossings",
    outlet="Island Times",
    published=dt.date(2025, 3, 13),
    quotes=[("The ferry is our road,", "Callum Reid")],
    claims=[("Ferries between Oban and Mull stood idle as 140 crew began a 48-hour strike.", "140", "crew", "crew",
             140.0)],
    source="b.txt",
)  # fmt: skip
UNDATED_EX = _extraction(UNDATED, title=None, outlet=None, published=None, source="feeds/c.txt")
IDS = {"dam": DAM_EX.article.id, "ferry": FERRY_EX.article.id, "undated": UNDATED_EX.article.id}


@pytest.fixture
def store(tmp_path: Path) -> Store:
    s = Store(tmp_path / "s.db")
    for ex in (DAM_EX, FERRY_EX, UNDATED_EX):
        s.add(ex)
    yield s
    s.close()


def keys(hits: list[SearchHit]) -> list[tuple[str, str]]:
    names = {v: k for k, v in IDS.items()}
    return [(h.kind, names[h.article_id]) for h in hits]


# -- the index ---------------------------------------------------------------------------------------


def test_migration_backfills_rows_stored_before_it(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    with Store(path) as s:
        s.add(DAM_EX)
        # Put the store back in the state before 0004: no FTS tables, no triggers, migration not recorded.
        for name in ("articles_fts", "quotes_fts", "claims_fts"):
            s.conn.execute(f"DROP TABLE {name}")
            for event in ("insert", "update", "delete"):
                s.conn.execute(f"DROP TRIGGER {name}_{event}")
        s.conn.execute("DELETE FROM schema_version WHERE name = '0004_search'")
        assert not s.conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall()
    with Store(path) as s:
        assert s.schema_version == len(MIGRATIONS)
        assert keys(search(s, "spillway", kinds=["article"])) == [("article", "dam")]
        assert keys(search(s, "Ortiz", kinds=["quote"])) == [("quote", "dam")]
        assert keys(search(s, "evacuated", kinds=["claim"])) == [("claim", "dam")]


def test_ingest_keeps_the_index_current(store: Store) -> None:
    assert search(store, "typhoon") == []
    late = _extraction("A typhoon hit the coast.", title="Typhoon", outlet="X", published=None, source="t.txt")
    store.add(late)
    assert [h.article_id for h in search(store, "typhoon", kinds=["article"])] == [late.article.id]


def test_updates_and_deletes_follow_the_rows(store: Store) -> None:
    store.conn.execute("UPDATE articles SET title = 'Spillway inquiry opens' WHERE id = ?", (IDS["ferry"],))
    assert ("article", "ferry") in keys(search(store, "title: inquiry"))
    store.conn.execute("DELETE FROM articles WHERE id = ?", (IDS["dam"],))  # cascades to quotes and claims
    assert search(store, "Ortiz") == [] and search(store, "evacuated") == []
    counts = [store.conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in ("quotes_fts", "claims_fts")]
    assert counts == [1, 1]


# -- ranking and snippets ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "kinds", "expected"),
    [
        # the article with the word in its title and three times in its text beats one passing mention
        ("dam", ["article"], [("article", "dam"), ("article", "ferry")]),
        # title weight: "ferry" is in one title; "ferries" (same stem) in the other article's body only
        ("ferry", ["article"], [("article", "ferry")]),
        # phrase
        ('"lower town"', ["quote"], [("quote", "dam")]),
        # prefix
        ("evacu*", ["claim"], [("claim", "dam")]),
        # speaker column
        ("Reid", ["quote"], [("quote", "ferry")]),
        # claim subject/unit columns
        ("subject: homes", None, [("claim", "dam")]),
        # negative: a word nowhere
        ("volcano", None, []),
        # negative: NOT removes the dam article
        ("dam NOT spillway", ["article"], [("article", "ferry")]),
    ],
)
def test_ranking(store: Store, query: str, kinds: list[str] | None, expected: list[tuple[str, str]]) -> None:
    hits = search(store, query, kinds=kinds or ("article", "quote", "claim"))
    assert keys(hits) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("flooding", {"dam", "undated"}),  # "floods" in a title, "Flooding" in a text
        ("evacuate", {"dam"}),
        ("crossing", {"ferry"}),
        ("ferries", {"ferry"}),
        ("flood", {"dam", "undated"}),
        ("floodgate", set()),  # negative: a different word, not a form of "flood"
    ],
)
def test_stemming_finds_other_forms(store: Store, query: str, expected: set[str]) -> None:
    assert {name for _, name in keys(search(store, query, kinds=["article"]))} == expected


def test_kinds_are_ranked_by_one_score(store: Store) -> None:
    hits = search(store, "lower OR evacuated OR dam")
    scores = [h.score for h in hits]
    assert scores == sorted(scores, reverse=True)  # one order across kinds, not article, quote, claim in turns
    # "lower" and "evacuated" are in one article each, "dam" in two: a sentence with one of the rare words
    # (the quote, the claim) outranks the article sentence with the common one, whatever the kinds
    assert [h.kind for h in hits] == ["quote", "claim", "article", "article"]


def test_claims_of_one_sentence_are_one_hit(store: Store) -> None:
    [hit] = search(store, "residents", kinds=["claim"])
    assert DAM[hit.start : hit.end] == "1,200"  # the best-scored claim of the sentence (first on a tie)


@pytest.mark.parametrize(
    ("query", "kind", "matched"),
    [
        ("spillway", "article", ["spillway"]),
        ("flood*", "article", ["floods"]),  # in a headline: the headline is the snippet
        ('"lower town"', "quote", ["lower town"]),  # a phrase is marked as one run
        ("evacuated", "claim", ["evacuated"]),
    ],
)
def test_snippets_mark_the_matched_words(store: Store, query: str, kind: str, matched: list[str]) -> None:
    hit = search(store, query, kinds=[kind])[0]
    assert [p.text for p in hit.snippet if p.match] == matched
    assert all("\ufdd0" not in p.text and "\ufdd1" not in p.text for p in hit.snippet)


def test_article_hit_span_is_the_matching_sentence(store: Store) -> None:
    [hit] = search(store, "spillway", kinds=["article"])
    assert DAM[hit.start : hit.end] == "Engineers had warned that the dam spillway was cracked."
    [title_only] = search(store, "title: breach")
    assert (title_only.start, title_only.end) == (None, None)
    assert [p.text for p in title_only.snippet if p.match] == ["breach"]


def test_quote_and_claim_hits_carry_their_record_span(store: Store) -> None:
    [quote] = search(store, "Ortiz", kinds=["quote"])
    assert DAM[quote.start : quote.end] == "We lost the lower town before it was light,"
    assert quote.speaker == "Helen Ortiz"
    [claim] = search(store, "homes", kinds=["claim"])
    assert DAM[claim.start : claim.end] == "300"


def test_hit_metadata_and_json(store: Store) -> None:
    [hit] = search(store, "Leave", kinds=["article"])
    assert (hit.outlet, hit.title, hit.published) == ("c.txt", None, None)  # outlet falls back to the file name
    data = hit.to_dict()
    assert data["kind"] == "article" and data["published"] is None
    assert {"text", "match"} == set(data["snippet"][0])


# -- filters -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"outlet": "valley herald"}, {("article", "dam"), ("quote", "dam"), ("claim", "dam")}),
        ({"outlet": "Nowhere"}, set()),
        ({"speaker": "ortiz"}, {("quote", "dam")}),
        ({"speaker": "Reid"}, {("quote", "ferry")}),
        ({"date_from": "2025-03-12"}, {("quote", "ferry")}),  # the article's sentence is the quote's
        ({"date_to": dt.date(2025, 3, 11)}, {("article", "dam"), ("quote", "dam"), ("claim", "dam")}),
        ({"date_from": "2025-03-01", "date_to": "2025-03-31"}, {("article", "dam"), ("quote", "dam"),
                                                                 ("quote", "ferry"), ("claim", "dam")}),
        ({"kinds": ["quote"]}, {("quote", "dam"), ("quote", "ferry")}),
        ({"kinds": ["article"], "speaker": "Ortiz"}, set()),  # speakers belong to quotes only
        ({}, {("article", "dam"), ("article", "undated"), ("quote", "dam"), ("quote", "ferry"), ("claim", "dam")}),
        ({"outlet": "c.txt"}, {("article", "undated")}),  # an article naming no outlet: by its file name
    ],
)  # fmt: skip
def test_filters(store: Store, filters: dict[str, object], expected: set[tuple[str, str]]) -> None:
    query = "the OR lower OR Flooding OR residents"
    assert set(keys(search(store, query, **filters))) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("filters", "message"),
    [
        ({"kinds": ["tweet"]}, "unknown kind 'tweet'"),
        ({"date_from": "yesterday"}, "from must be a date"),
        ({"date_to": "2025-13-01"}, "to must be a date"),
        ({"limit": 0}, "limit must be between"),
        ({"limit": MAX_LIMIT + 1}, "limit must be between"),
        ({"offset": -1}, "offset must be between"),
        ({"offset": MAX_WINDOW}, "offset must be between"),
    ],
)
def test_bad_filters_raise_query_error(store: Store, filters: dict[str, object], message: str) -> None:
    with pytest.raises(QueryError, match=message):
        search(store, "dam", **filters)  # type: ignore[arg-type]


def test_paging_walks_the_same_order(store: Store) -> None:
    everything = search(store, "the OR dam OR ferry", limit=MAX_LIMIT)
    pages = [search(store, "the OR dam OR ferry", limit=2, offset=o) for o in range(0, len(everything), 2)]
    assert [h for page in pages for h in page] == everything
    assert search(store, "dam", offset=50) == []


def test_outlets_lists_outlets_as_hits_name_them(store: Store) -> None:
    assert outlets(store) == ["c.txt", "Island Times", "Valley Herald"]  # an article naming none: its file


# -- malformed queries and injection -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "outcome"),
    [
        ('"unbalanced', "fallback"),
        ("NEAR(", "fallback"),
        ("NEAR(dam", "fallback"),
        ("AND", "fallback"),
        ("dam AND", "fallback"),
        ("OR OR", "fallback"),
        ("()", "error"),
        ("*", "error"),
        ('"', "error"),
        ("--", "error"),
        ("   ", "error"),
        ("'; DROP TABLE articles; --", "fallback"),
        ("dam' OR 1=1 --", "fallback"),
        ("48-hour", "fallback"),
        ("Lowtown: dam", "fallback"),  # not a column: plain words
        ("x" * 600, "error"),  # too long
        ("dam\x00spillway", "ok"),
        ("NEAR(dam water, 5)", "ok"),
        ("^Ferries", "ok"),
    ],
)
def test_malformed_queries_never_raise_sqlite_errors(store: Store, query: str, outcome: str) -> None:
    before = store.count()
    try:
        compiled = compile_query(store, query)
        search(store, compiled)
        got = "fallback" if compiled.fallback else "ok"
    except QueryError as exc:
        assert isinstance(exc, StorylineError) and str(exc)
        got = "error"
    assert got == outcome
    assert store.count() == before
    assert store.conn.execute("SELECT COUNT(*) FROM articles_fts").fetchone()[0] == before


def test_fallback_searches_the_words(store: Store) -> None:
    compiled = compile_query(store, '"lower town')
    assert compiled.fallback and compiled.expression == '"lower" "town"'
    assert keys(search(store, compiled, kinds=["quote"])) == [("quote", "dam")]
    assert keys(search(store, "48-hour", kinds=["claim"])) == [("claim", "ferry")]


def test_column_filter_narrows_kinds(store: Store) -> None:
    assert compile_query(store, "speaker: Reid").kinds == ("quote",)
    assert compile_query(store, "title: ferry").kinds == ("article",)
    assert compile_query(store, "text: ferry").kinds == ("article", "quote", "claim")


@pytest.mark.parametrize(
    "value",
    ["x' OR '1'='1", "'; DROP TABLE articles; --", "%", "_", "\\", '" OR ""="', "Valley Herald' --"],
)
def test_injection_in_filters_is_just_a_value(store: Store, value: str) -> None:
    assert search(store, "dam", outlet=value) == []
    assert search(store, "lower", speaker=value) == []
    assert store.count() == 3 and store.count("quotes") == 2


def test_store_errors_are_not_query_errors(tmp_path: Path) -> None:
    s = Store(tmp_path / "s.db")
    s.conn.execute("DROP TABLE quotes_fts")
    with pytest.raises(StorylineError) as info:
        search(s, "dam")
    assert not isinstance(info.value, QueryError)
    assert not isinstance(info.value, sqlite3.Error)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("dam flood", '"dam" "flood"'),
        ('say "hi', '"say" "hi"'),
        ('a"b', '"a b"'),
        ("48-hour strike", '"48-hour" "strike"'),
        ("* -- ;", None),
        ("", None),
        ("Chișinău", '"Chișinău"'),
        ("danger AND", '"danger"'),  # a dangling operator is not a word to find
        ("dam AND OR flood", '"dam" "flood"'),
        ("AND", '"AND"'),  # ... unless it is all there is
        ("NEAR(dam flood", '"dam" "flood"'),
        ("dam and", '"dam" "and"'),  # lower case is a word in FTS5 too
    ],
)
def test_plain_expression(query: str, expected: str | None) -> None:
    assert plain_expression(query) == expected


# -- terminal output ---------------------------------------------------------------------------------


def test_terminal_lines_escape_markup_and_control_characters() -> None:
    hit = SearchHit(
        kind="quote",
        article_id="abc",
        outlet="Out[bold]let",
        title="T\x1b[31mred",
        published=dt.date(2025, 3, 11),
        snippet=(SnippetPart("before [link=x]"), SnippetPart("dam", True), SnippetPart("\x1b]8;;evil\x07 after")),
        start=1,
        end=4,
        score=1.5,
        speaker="Ana",
    )
    rich_lines = format_hits_for_terminal([hit])
    assert len(rich_lines) == 2
    assert "\x1b" not in "".join(rich_lines) and "\x07" not in "".join(rich_lines)
    assert "[bold]dam[/bold]" in rich_lines[1]
    assert "\\[link=x]" in rich_lines[1] and "Out\\[bold]let" in rich_lines[0]
    plain = format_hits_for_terminal([hit], markup=False)
    assert plain[1] == "     Ana: before [link=x]«dam» ]8;;evil after"
    assert plain[0].startswith("  1. quote   2025-03-11 · Out[bold]let · T [31mred")


# -- numbers, names, one score, one hit per sentence (issue 15) ------------------------------------------

HARBOUR = (
    "Volunteers filled 10,000 sandbags in Port Ellis on Monday. "
    "“The wall will hold if the wind drops,” said Ilya Marchensky, the harbour master. "
    "Tugs moved twelve barges away from the quay."
)
COAST = (
    "About 10\u00a0000 sandbags were stacked along the quay at Port Ellis, said Ilya Marchenskyy. "
    "Gulls circled the empty fish market. "
    "Nobody expected the storm to stall over the bay for three days running."
)
WIRE = (
    "The port authority said it had counted 10000 volunteers since the weekend. "
    "Marchenskiy asked residents to stay off the sea front. "
    "Nobody expected the storm to stall over the bay for three days running."
)
EUROPE = "Die Behörden zählten 10.000 Helfer in Port Ellis, sagte Anna Marchetti."


def _named(ex: Extraction, *names: str) -> Extraction:
    """``ex`` with a PERSON mention for each name (at its first place in the text)."""
    text = ex.article.text
    mentions = tuple(Mention(ex.article.id, *_find(text, n), n, "PERSON", n) for n in names)
    return Extraction(article=ex.article, mentions=mentions, quotes=ex.quotes, claims=ex.claims)


HARBOUR_EX = _named(
    _extraction(
        HARBOUR, title="Sandbags line Port Ellis", outlet="Harbour Gazette", published=dt.date(2025, 4, 2),
        quotes=[("The wall will hold if the wind drops,", "Ilya Marchensky")],
        claims=[("Volunteers filled 10,000 sandbags in Port Ellis on Monday.", "10,000", "sandbags", "sandbags",
                 10000.0)],
        source="h.txt",
    ),
    "Ilya Marchensky",
)  # fmt: skip
COAST_EX = _named(
    _extraction(COAST, title="Storm waits offshore", outlet="Coast Bulletin", published=dt.date(2025, 4, 3),
                source="c.txt"),
    "Ilya Marchenskyy",
)  # fmt: skip
WIRE_EX = _named(
    _extraction(WIRE, title=None, outlet=None, published=dt.date(2025, 4, 3), source="wire/w.txt"), "Marchenskiy"
)
EUROPE_EX = _named(
    _extraction(EUROPE, title="Helfer in Port Ellis", outlet="Tagesblatt", published=dt.date(2025, 4, 4),
                source="e.txt"),
    "Anna Marchetti",
)  # fmt: skip
PORT = {"harbour": HARBOUR_EX, "coast": COAST_EX, "wire": WIRE_EX, "europe": EUROPE_EX}


@pytest.fixture
def port(tmp_path: Path) -> Store:
    s = Store(tmp_path / "port.db")
    for ex in PORT.values():
        s.add(ex)
    yield s
    s.close()


def articles_found(hits: list[SearchHit]) -> set[str]:
    names = {ex.article.id: name for name, ex in PORT.items()}
    return {names[h.article_id] for h in hits} | {names[a] for h in hits for a, _ in h.also}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("10000", {"harbour", "coast", "wire", "europe"}),  # "10,000", "10 000", "10000", "10.000"
        ("10,000", {"harbour", "coast", "wire", "europe"}),  # grouped: a number, not bad syntax
        ("10.000", {"harbour", "coast", "wire", "europe"}),
        ("10\u00a0000", {"harbour", "coast", "wire", "europe"}),
        ("10,000 sandbags", {"harbour", "coast"}),
        ('"10000 sandbags"', {"harbour", "coast"}),  # a number inside a phrase: both forms
        ("$10,000", {"harbour", "coast", "wire", "europe"}),  # a currency sign around it: plain words
        ("1000", set()),  # negative: another number
        ("100000", set()),
        ("10,001", set()),
    ],
)
def test_numbers_are_found_in_any_written_form(port: Store, query: str, expected: set[str]) -> None:
    assert articles_found(search(port, query, limit=50)) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Marchensky", {"harbour", "coast", "wire"}),
        ("Marchenskyy", {"harbour", "coast", "wire"}),
        ("marchenskiy", {"harbour", "coast", "wire"}),
        ("Marchenski", {"harbour", "coast", "wire"}),  # a fourth spelling, in no article: the three it is near
        ("Marchetti", {"europe"}),  # negative: another person, whose name starts alike
        ("speaker: Marchenskyy", {"harbour"}),  # a column filter keeps its spellings
        ("Ilya Marchenskiy", {"harbour", "coast"}),  # both words: the wire story names him by surname only
    ],
)
def test_spellings_of_a_name_give_the_same_results(port: Store, query: str, expected: set[str]) -> None:
    assert articles_found(search(port, query, limit=50)) == expected


def test_name_spellings_come_from_person_mentions(port: Store) -> None:
    compiled = compile_query(port, "Marchensky harbour")
    assert compiled.expression == '("Marchensky" OR "Marchenskiy" OR "Marchenskyy") AND harbour'
    assert not compiled.fallback
    assert compile_query(port, "harbour").expression == "harbour"  # no person's name: unchanged


def test_one_hit_per_sentence(port: Store) -> None:
    # The harbour's first sentence is an article match and a claim; its second a match and a quote.
    hits = search(port, "sandbags OR wall", kinds=["article", "quote", "claim"], limit=50)
    spans = [(h.article_id, h.start) for h in hits]
    assert len(spans) == len(set(spans))
    harbour = [h for h in hits if h.article_id == HARBOUR_EX.article.id]
    assert sorted(h.kind for h in harbour) == ["article", "quote"]  # the headline says "sandbags" too
    # The same sentence in two articles (a shared paragraph) is one hit naming the other article.
    [shared] = search(port, "stall")
    assert {shared.article_id, *(a for a, _ in shared.also)} == {COAST_EX.article.id, WIRE_EX.article.id}
    assert dict(shared.also).get(WIRE_EX.article.id, "w.txt") == "w.txt"
    assert shared.to_dict()["also"][0].keys() == {"article_id", "outlet"}


@pytest.mark.parametrize(
    ("query", "first"),
    [
        # both words in one sentence beat one word, whatever the kinds
        ("wall wind", ("quote", "harbour")),
        ("barges quay", ("article", "harbour")),  # an article sentence before the coast claim-less quay line
        ("Marchensky wall", ("quote", "harbour")),  # the speaker's name is his quote's heading
        ("10000 weekend", ("article", "wire")),
    ],
)
def test_one_score_across_kinds(port: Store, query: str, first: tuple[str, str]) -> None:
    hits = search(port, query.replace(" ", " OR "))
    names = {ex.article.id: name for name, ex in PORT.items()}
    assert (hits[0].kind, names[hits[0].article_id]) == first
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)


@pytest.mark.parametrize(
    "query",
    ["10,000", "$10,000", "10,000 (sandbags", "C++", "U.S.", "e-mail", "AT&T", "50%", "#storm", "@reporter",
     "Port Ellis: wall", "NEAR(", "wall NOT", "-- sandbags", "'sandbags'", "(10,000", "1,2,3", "10,00", "^", "+wall"],
)  # fmt: skip
def test_no_query_is_a_syntax_error(port: Store, query: str) -> None:
    try:
        search(port, query)
    except QueryError as exc:
        assert "nothing to search for" in str(exc)  # only a query without a word or number


def test_filter_options_come_from_the_store(port: Store) -> None:
    assert outlet_counts(port) == [("Coast Bulletin", 1), ("Harbour Gazette", 1), ("Tagesblatt", 1), ("w.txt", 1)]
    assert speakers(port) == ["Ilya Marchensky"]
    assert date_range(port) == ("2025-04-02", "2025-04-04")
    assert articles_found(search(port, "Ellis OR volunteers", outlet="w.txt")) == {"wire"}
