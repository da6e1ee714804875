"""The top of the briefing: what is new and the key figures, on invented figures and events."""

from __future__ import annotations

from typing import Any

import pytest

from storyline.brief.top import KEY_FIGURES_MAX, NEW_EVENTS_MAX, key_figures, steps, whats_new

STORY = {"last_published": "2031-05-03"}


def cite(aid: str, start: int, outlet: str = "Hill Gazette", text: str = "") -> dict[str, Any]:
    return {
        "article_id": aid,
        "outlet": outlet,
        "published": "2031-05-03",
        "published_estimated": False,
        "start": start,
        "end": start + 20,
        "text": text or f"Sentence {aid}-{start} about the stranded ferries.",
        "anchor": f"a-{aid}-{start}",
    }


def member(c: dict[str, Any], value: float, as_of: str | None, cited: str = "") -> dict[str, Any]:
    return {"cite": c, "quantity": f"{value:g}", "low": value, "high": value, "hedge": "exact", "as_of": as_of,
            "as_of_estimated": False, "cited": cited}  # fmt: skip


def number(gid: str, status: str, members: list[dict[str, Any]], **extra: Any) -> dict[str, Any]:
    outlets = sorted({m["cite"]["outlet"] for m in members})
    return {"id": gid, "subject": extra.get("subject", "ferries (stranded)"), "unit": "ferries", "status": status,
            "range": extra.get("range", "?"), "outlets": outlets, "members": members,
            "updated_by": extra.get("updated_by", []), "history": extra.get("history", []),
            "thread_history": extra.get("thread_history", [])}  # fmt: skip


def row(as_of: str | None, value: str, *sources: str) -> dict[str, Any]:
    return {"as_of": as_of, "value": value, "status": "corroborated", "group": "g", "sources": list(sources)}


def event(start: str, *cites: dict[str, Any], end: str | None = None) -> dict[str, Any]:
    return {"start": start, "end": end or start, "text": cites[0]["text"], "sources": list(cites)}


SERIES = [
    row("2031-05-01", "4 ferries", "Hill Gazette"),
    row("2031-05-02", "4 ferries", "Port Bulletin"),
    row("2031-05-03", "6 ferries", "Hill Gazette (harbour master)"),
    row(None, "5 ferries", "Cove Times"),
]


def test_steps_merge_runs_of_one_value_and_leave_out_undated_reports() -> None:
    n = number("g2", "corroborated", [], history=SERIES)
    assert [(s["value"], s["as_of"], s["until"]) for s in steps(n)] == [
        ("4 ferries", "2031-05-01", "2031-05-02"),
        ("6 ferries", "2031-05-03", "2031-05-03"),
    ]
    assert steps(n)[0]["sources"] == ["Hill Gazette", "Port Bulletin"]


def test_a_changed_figure_is_new_with_its_earlier_value() -> None:
    latest = cite("a1", 0)
    n = number("g2", "corroborated", [member(cite("a0", 5), 4, "2031-05-01"), member(latest, 6, "2031-05-03")],
               history=SERIES)  # fmt: skip
    [item] = whats_new(STORY, [n], [], [])
    assert item["kind"] == "change" and item["group"] == "g2" and item["date"] == "2031-05-03"
    assert item["value"] == "6 ferries" and item["previous"] == [{"as_of": "2031-05-02", "value": "4 ferries"}]
    assert item["cites"] == [latest] and item["text"] == latest["text"]


@pytest.mark.parametrize(
    ("history", "updated_by", "changed"),
    [
        (SERIES, [], True),
        ([row("2031-05-01", "4 ferries"), row("2031-05-03", "4 ferries")], [], False),  # confirmed, not changed
        (SERIES, ["g9"], False),  # a later group carries the change
        ([], [], False),
    ],
)
def test_what_counts_as_a_change(history: list, updated_by: list, changed: bool) -> None:
    n = number("g2", "corroborated", [member(cite("a1", 0), 6, "2031-05-03")], history=history, updated_by=updated_by)
    assert [i["kind"] for i in whats_new(STORY, [n], [], [])] == (["change"] if changed else [])


def test_recent_events_newest_first_with_the_soonest_one_ahead() -> None:
    timeline = [
        event("2031-04-01", cite("b", 0)),  # weeks before the last report: background
        event("2031-01-01", cite("b", 30), end="2031-12-31"),  # a year: not a dated event
        event("2031-05-02", cite("b", 60)),
        event("2031-05-03", cite("c", 0)),
        event("2031-05-03", cite("d", 0), cite("e", 0)),  # two sources: first among its day
        event("2031-05-12", cite("f", 0)),
        event("2031-05-09", cite("f", 40), end="2031-05-10"),  # the soonest ahead
    ]
    items = whats_new(STORY, [], timeline, [])
    assert [(i["kind"], i["date"], i["cites"][0]["article_id"]) for i in items] == [
        ("ahead", "2031-05-09", "f"),
        ("event", "2031-05-03", "d"),
        ("event", "2031-05-03", "c"),
    ][:NEW_EVENTS_MAX]
    assert items[0]["end"] == "2031-05-10" and items[1]["end"] is None


def test_no_sentence_is_cited_twice() -> None:
    shared = cite("a1", 0)
    n = number("g2", "corroborated", [member(shared, 6, "2031-05-03")], history=SERIES)
    items = whats_new(STORY, [n], [event("2031-05-03", shared), event("2031-05-03", cite("c", 0))], [])
    assert [i["kind"] for i in items] == ["change", "event"]
    keys = [(c["article_id"], c["start"]) for i in items for c in i["cites"]]
    assert len(keys) == len(set(keys))


def test_the_latest_reports_fill_a_short_list() -> None:
    summary = [
        {"text": "Old lead.", "cite": {**cite("x", 0), "published": "2031-05-01"}},
        {"text": "New lead.", "cite": cite("y", 0)},
        {"text": "New detail.", "cite": cite("y", 50)},
    ]
    items = whats_new(STORY, [], [], summary)
    assert [(i["kind"], i["cites"][0]["start"]) for i in items] == [("report", 0), ("report", 50)]
    assert whats_new(STORY, [], [], []) == []


def test_key_figures_disputed_then_changed_then_most_given() -> None:
    a, b, c = (cite(x, 0, outlet=o) for x, o in (("a", "Hill Gazette"), ("b", "Port Bulletin"), ("c", "Cove Times")))
    numbers = [
        number("wide", "corroborated", [member(a, 2, "2031-05-02"), member(b, 2, "2031-05-02"), member(c, 2, None)]),
        number("lone", "unique", [member(a, 9, "2031-05-02")]),  # one outlet, never revised: left out
        number("old", "corroborated", [member(a, 4, "2031-05-01"), member(b, 4, "2031-05-01")], updated_by=["new"]),
        number("new", "unique", [member(c, 6, "2031-05-03")], history=SERIES),  # one outlet, but revised
        number(
            "disputed",
            "contradicted",
            [
                member(a, 3, "2031-05-02", "river authority"),
                member(b, 3, None),
                member(c, 5, "2031-05-02", "harbour master"),
            ],
        ),  # fmt: skip
    ]
    figures = key_figures(numbers)
    assert [f["group"] for f in figures] == ["disputed", "new", "wide"][:KEY_FIGURES_MAX]
    disputed = figures[0]
    assert [(v["value"], [g["name"] for g in v["givers"]]) for v in disputed["views"]] == [
        ("3 ferries", ["Hill Gazette (river authority)", "Port Bulletin"]),
        ("5 ferries", ["Cove Times (harbour master)"]),
    ]
    assert [g["name"] for g in disputed["givers"]] == [
        "Hill Gazette (river authority)",
        "Port Bulletin",
        "Cove Times (harbour master)",
    ]
    assert disputed["as_of"] == "2031-05-02" and not disputed["changed"]
    assert figures[1]["changed"] and [h["value"] for h in figures[1]["history"]] == ["4 ferries", "6 ferries"]


def test_an_outlet_gives_a_figure_with_everyone_it_cites_for_it() -> None:
    a1, a2 = cite("a", 0), cite("a", 40)
    n = number("g", "corroborated", [member(a1, 2, None), member(a2, 2.5, None, "coast guard")])
    [figure] = key_figures([n])
    assert [g["name"] for g in figure["givers"]] == ["Hill Gazette (coast guard)"]
    assert figure["givers"][0]["cite"] == a1  # its first report
    assert [[g["name"] for g in v["givers"]] for v in figure["views"]] == [
        ["Hill Gazette"],
        ["Hill Gazette (coast guard)"],
    ]


def test_at_most_the_key_figures_limit() -> None:
    outlets = [cite(f"x{i}", 0, outlet=f"Outlet {i}") for i in range(3)]
    numbers = [number(f"g{i}", "corroborated", [member(c, i, None) for c in outlets]) for i in range(9)]
    assert len(key_figures(numbers)) == KEY_FIGURES_MAX


def test_demo_top(demo_context: dict[str, Any]) -> None:
    new, figures = demo_context["whats_new"], demo_context["key_figures"]
    assert 2 <= len(new) <= 5 and figures
    dates = [i["date"] for i in new]
    assert dates == sorted(dates, reverse=True)
    missing = next(i for i in new if i["kind"] == "change" and i["subject"] == "people (missing)")
    assert missing["value"] == "2 people" and [p["value"] for p in missing["previous"]] == ["9 people", "12 people"]
    assert figures[0]["status"] == "contradicted" and len(figures[0]["views"]) == 2
    numbers = {n["id"] for n in demo_context["numbers"]}
    assert {f["group"] for f in figures} <= numbers and {i["group"] for i in new if i["group"]} <= numbers
    anchors = {s["id"] for a in demo_context["articles"] for s in a["spans"] if "id" in s}
    cited = [c for i in new for c in i["cites"]] + [c for f in figures for v in f["views"] for c in v["cites"]]
    assert {c["anchor"] for c in cited} <= anchors  # every line links to its source sentence


def test_an_event_long_after_the_last_report_is_not_ahead() -> None:
    # a year after the latest report: more likely a misdated report than a plan
    assert whats_new(STORY, [], [event("2032-05-09", cite("g", 0))], []) == []
    [soon] = whats_new(STORY, [], [event("2031-05-20", cite("g", 0))], [])
    assert soon["kind"] == "ahead"
