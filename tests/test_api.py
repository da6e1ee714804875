from __future__ import annotations

import datetime as dt
import types

import storyline


def test_exported_members_match_all() -> None:
    public = {
        name
        for name in dir(storyline)
        if not name.startswith("_") and not isinstance(getattr(storyline, name), types.ModuleType)
    }
    assert set(storyline.__all__) - {"__version__"} == public - {"annotations"}


def test_extract_is_the_function_even_after_importing_extractor_modules() -> None:
    import storyline.build
    import storyline.extract.quotes  # noqa: F401

    assert callable(storyline.extract) and storyline.extract.__module__ == "storyline.pipeline"
    assert callable(storyline.build) and storyline.build.__module__ == "storyline.build"


def test_extract_text_returns_typed_records() -> None:
    [record] = storyline.extract("date 2024-11-11\n\n“We will rebuild,” the mayor, Vasile Rusu, said on Tuesday.")
    assert isinstance(record, storyline.Extraction)
    assert record.article.published == dt.date(2024, 11, 11)
    [quote] = [q for q in record.quotes if q.kind == "direct"]
    assert (quote.text, quote.speaker) == ("We will rebuild,", "Vasile Rusu")
    assert record.article.text[quote.start : quote.end] == quote.text
    assert [t.start_date for t in record.times] == [dt.date(2024, 11, 5)]


def test_extract_path(tmp_path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("title: T\n\nThe council said 40 homes were damaged.", encoding="utf-8")
    [record] = storyline.extract(path)
    assert record.article.title == "T"
    assert [(c.value, c.unit) for c in record.claims] == [(40, "homes")]
