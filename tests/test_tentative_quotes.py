"""Tentative attributions (kept for recall, under the attribution model's balanced threshold): listed in
extractions, exports and article views, left out of summaries, briefings and claim sourcing."""

from __future__ import annotations

from rich.console import Console

from storyline.model import Quote
from storyline.records_json import extraction_to_json
from storyline.search import search
from storyline.store import Store
from storyline.summary import quotes_table
from storyline.tables import extraction_rows
from storyline.web.views import article_marks
from tests.compare.builders import report

TEXT = "The port authority said the pier would reopen. She campaigned on cheaper bus fares."
QUOTES = (
    ("the pier would reopen", "port authority", "indirect", "said"),
    ("cheaper bus fares", "Ana Lobo", "indirect", "campaigned on", True),
)


def _extraction():
    return report(TEXT, quotes=QUOTES)


def test_firm_quotes_leave_out_the_tentative() -> None:
    ex = _extraction()
    assert [q.text for q in ex.quotes] == ["the pier would reopen", "cheaper bus fares"]
    assert [q.text for q in ex.firm_quotes] == ["the pier would reopen"]


def test_json_and_tables_list_every_quote_with_its_confidence() -> None:
    ex = _extraction()
    rows = extraction_to_json(ex)["quotes"]
    assert [(q["text"], q["tentative"], q["confidence"]) for q in rows] == [
        ("the pier would reopen", False, None), ("cheaper bus fares", True, 0.15)]
    table = extraction_rows(ex)["quotes"]
    assert [(r["tentative"], r["confidence"]) for r in table] == [(False, None), (True, 0.15)]


def test_article_view_marks_firm_quotes_only() -> None:
    labels = [m.label for m in article_marks(_extraction()) if m.kind == "quote"]
    assert labels == ["indirect quote — port authority"]


def test_search_finds_firm_quotes_only(tmp_path) -> None:
    ex = _extraction()
    with Store(tmp_path / "s.db") as store:
        store.add(ex)
        assert [h.speaker for h in search(store, "pier", kinds=["quote"])] == ["port authority"]
        assert search(store, "fares", kinds=["quote"]) == []
        assert [h.kind for h in search(store, "fares")] == ["article"]  # the sentence itself is still found
        # stored whole: the extraction read back keeps the tentative attribution
        back = store.extraction(ex.article.id)
        assert back is not None and [q.tentative for q in back.quotes] == [False, True]


def test_terminal_summary_lists_firm_quotes_only() -> None:
    console = Console(record=True, width=200)
    console.print(quotes_table([_extraction()]))
    shown = console.export_text()
    assert "port authority" in shown and "Ana Lobo" not in shown


def test_old_records_without_the_fields_load_as_firm() -> None:
    old = {"article_id": "a", "start": 0, "end": 3, "text": "abc", "kind": "indirect", "speaker": "X"}
    quote = Quote.from_dict(old)
    assert quote.confidence is None and quote.tentative is False
