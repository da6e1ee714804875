"""The top of the briefing: what is new in the story, and its key figures with their history and who
disagrees, every line citing the sentences it rests on (issue 15).

Both lists are built from the parts of the context the rest of the briefing shows (numbers, timeline,
summary), so each line points at the same source sentences as the section it summarises:

- **What is new**, newest first: the figures that changed (a series of claim groups whose latest dated
  value differs from the one before, or a figure that runs through earlier stories of the thread), the
  dated events of the last days of reporting (and one event the sources say is still ahead), and, when
  that leaves the list short, the summary sentences of the latest reports. No two lines cite the same
  sentence.
- **Key figures**: the figures outlets dispute first, then the ones that changed, then the ones most
  outlets give; each with its values, who gives each value, and its history.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from .values import given_by, range_text

#: Lines of "what is new": as many as fit one laptop screen beside the key figures (1366x768).
NEW_MAX = 5
#: Below this many lines, the summary sentences of the latest reports fill the list.
NEW_MIN = 2
#: Dated events among the lines, and of those, events the sources place after the latest report.
NEW_EVENTS_MAX = 3
AHEAD_MAX = 1
#: An event is "new" when it is dated at most this many days before the latest report: the last two
#: days of coverage (a daily story's last two rounds of reports).
NEW_WINDOW_DAYS = 1
#: An event dated after the latest report is "ahead" when it is at most this many days after it (a vote
#: "next week", a hearing "next month"); one dated later is more likely a misdated report than a plan.
AHEAD_MAX_DAYS = 31
#: Longest event counted as dated (a day, a weekend, "next week"); months and years are background.
EVENT_MAX_DAYS = 7
#: Key figures shown at the top; the full list is the numbers section.
KEY_FIGURES_MAX = 4


def _date(day: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(day) if day else None
    except ValueError:
        return None


def _key(cite: Mapping[str, Any]) -> tuple[str, int]:
    return (cite["article_id"], cite["start"])


def _dedupe(cites: Sequence[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    seen: set[tuple[str, int]] = set()
    out = []
    for c in cites:
        if _key(c) not in seen:
            seen.add(_key(c))
            out.append(c)
    return out


def _latest_as_of(number: Mapping[str, Any]) -> str | None:
    return max((m["as_of"] for m in number["members"] if m.get("as_of")), default=None)


def steps(number: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The figure over time: one step per run of reports giving the same value, oldest first.

    From the series history of the group (or, failing that, its history across the thread); undated
    reports are left out, since they cannot be placed in time. Each step is ``{"value", "as_of"`` (first
    date it was reported), ``"until"`` (last date), ``"sources"}``.
    """
    if number["history"]:
        rows = [(h["as_of"], h["value"], list(h["sources"])) for h in number["history"] if h["as_of"]]
    else:
        rows = [(h["as_of"], h["value"], [h["source"]]) for h in number["thread_history"] if h["as_of"]]
    out: list[dict[str, Any]] = []
    for as_of, value, sources in rows:
        if out and out[-1]["value"] == value:
            out[-1]["until"] = as_of
            out[-1]["sources"] += [s for s in sources if s not in out[-1]["sources"]]
        else:
            out.append({"value": value, "as_of": as_of, "until": as_of, "sources": sources})
    return out


def _change(number: Mapping[str, Any]) -> dict[str, Any] | None:
    """The figure's latest value and the values before it, when it has changed over time."""
    history = steps(number)
    if len(history) < 2:
        return None
    latest = history[-1]
    # the members reporting the latest value: those dated within its run (all members otherwise)
    members = [m for m in number["members"] if latest["as_of"] <= (m.get("as_of") or "") <= latest["until"]]
    members = members or list(number["members"])
    return {
        "as_of": latest["until"],
        "value": latest["value"],
        "previous": [{"as_of": h["until"], "value": h["value"]} for h in reversed(history[:-1])],
        "estimated": any(m.get("as_of_estimated") for m in members),
        "cites": _dedupe([m["cite"] for m in members]),
    }


def _short_event(t: Mapping[str, Any]) -> bool:
    start, end = _date(t["start"]), _date(t["end"])
    return start is not None and end is not None and (end - start).days < EVENT_MAX_DAYS


def whats_new(
    story: Mapping[str, Any],
    numbers: Sequence[Mapping[str, Any]],
    timeline: Sequence[Mapping[str, Any]],
    summary: Sequence[Mapping[str, Any]],
) -> list[dict[str, Any]]:
    """The lines of "what is new", newest first.

    Args:
        story: the context's ``story``.
        numbers: the context's ``numbers`` (with ``history`` and ``thread_history``).
        timeline: the context's ``timeline``.
        summary: the context's ``summary``.

    Returns:
        Up to ``NEW_MAX`` items ``{"kind", "date", "end", "date_estimated", "subject", "value",
        "previous", "group", "text", "cites"}``; ``kind`` is ``change`` (a figure that changed:
        ``subject``, ``value``, ``previous`` = earlier ``{as_of, value}``, most recent first, and its claim
        ``group``), ``event`` (a dated event of the last days of reporting), ``ahead`` (an event dated
        after the latest report) or ``report`` (a summary sentence of the latest reports); ``text`` is the
        first cited sentence.
    """
    items: list[dict[str, Any]] = []
    used: set[tuple[str, int]] = set()

    def add(kind: str, start: str | None, end: str | None, cites: Sequence[Mapping[str, Any]], **extra: Any) -> None:
        items.append(
            {
                "kind": kind,
                "date": start,
                "end": end if end != start else None,
                "date_estimated": bool(extra.pop("estimated", False)),
                "subject": extra.pop("subject", None),
                "value": extra.pop("value", None),
                "previous": extra.pop("previous", []),
                "group": extra.pop("group", None),
                "text": cites[0]["text"] if cites else "",
                "cites": list(cites),
            }
        )
        used.update(_key(c) for c in cites)

    changes = []
    for n in numbers:
        if n["updated_by"]:
            continue  # a later group of the series carries the change
        change = _change(n)
        if change and change["cites"]:
            changes.append((change, n))
    changes.sort(key=lambda cn: (cn[0]["as_of"], len(cn[1]["outlets"])), reverse=True)
    for change, n in changes[: NEW_MAX - 1]:  # leave room for at least one dated event
        add(
            "change",
            change["as_of"],
            None,
            change["cites"],
            estimated=change["estimated"],
            subject=n["subject"],
            value=change["value"],
            previous=change["previous"],
            group=n["id"],
        )

    dated = [_date(t["start"]) for t in timeline if _short_event(t)]
    reference = _date(story.get("last_published")) or max((d for d in dated if d), default=None)
    if reference is not None:
        recent = [
            (day, t)
            for t in timeline
            if _short_event(t)
            and t["sources"]
            and (day := _date(t["start"]))
            and reference - _window() <= day <= reference + dt.timedelta(days=AHEAD_MAX_DAYS)
        ]
        # the soonest events still ahead, then the latest ones reported, best sourced first among equals
        ahead = sorted((x for x in recent if x[0] > reference), key=lambda x: (x[0], -len(x[1]["sources"])))
        past = sorted(
            (x for x in recent if x[0] <= reference), key=lambda x: (x[0], len(x[1]["sources"])), reverse=True
        )
        events = 0
        for day, t in ahead[:AHEAD_MAX] + past:
            if events >= NEW_EVENTS_MAX or len(items) >= NEW_MAX:
                break
            if any(_key(c) in used for c in t["sources"]):
                continue  # a line above already cites this sentence
            add("ahead" if day > reference else "event", t["start"], t["end"], t["sources"])
            events += 1

    if len(items) < NEW_MIN:
        latest = max((s["cite"]["published"] for s in summary if s["cite"]["published"]), default=None)
        for s in summary:
            if len(items) >= NEW_MIN or latest is None:
                break
            if s["cite"]["published"] == latest and _key(s["cite"]) not in used:
                add("report", latest, None, [s["cite"]], estimated=s["cite"]["published_estimated"])

    items.sort(key=lambda i: i["date"] or "", reverse=True)
    return items[:NEW_MAX]


def _window() -> dt.timedelta:
    return dt.timedelta(days=NEW_WINDOW_DAYS)


def _views(number: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The figure's values, each with the outlets' wordings and who gives it: most reported first."""
    by_value: dict[str, dict[str, Any]] = {}
    for m in number["members"]:
        value = range_text(m["low"], m["high"], number["unit"]) if m["low"] is not None else m["quantity"]
        view = by_value.setdefault(value, {"value": value, "wordings": [], "givers": {}, "cites": []})
        if m["quantity"] not in view["wordings"]:
            view["wordings"].append(m["quantity"])
        giver = view["givers"].setdefault(m["cite"]["outlet"], {"cited": [], "cite": m["cite"]})
        if m.get("cited") and m["cited"] not in giver["cited"]:
            giver["cited"].append(m["cited"])
        if _key(m["cite"]) not in {_key(c) for c in view["cites"]}:
            view["cites"].append(m["cite"])
    for view in by_value.values():
        view["givers"] = [
            {"outlet": outlet, "name": given_by(outlet, ", ".join(g["cited"])), "cite": g["cite"]}
            for outlet, g in view["givers"].items()
        ]
    return sorted(by_value.values(), key=lambda v: (-len(v["givers"]), -len(v["cites"])))


def _givers(number: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Who gives the figure, whatever value: one giver per outlet, naming everyone it cites for it."""
    out: dict[str, dict[str, Any]] = {}
    for m in number["members"]:
        giver = out.setdefault(m["cite"]["outlet"], {"cited": [], "cite": m["cite"]})
        if m.get("cited") and m["cited"] not in giver["cited"]:
            giver["cited"].append(m["cited"])
    return [
        {"outlet": outlet, "name": given_by(outlet, ", ".join(g["cited"])), "cite": g["cite"]}
        for outlet, g in out.items()
    ]


def key_figures(numbers: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The story's key figures: disputed first, then changed, then the ones most outlets give.

    Args:
        numbers: the context's ``numbers``.

    Returns:
        Up to ``KEY_FIGURES_MAX`` items ``{"group", "subject", "status", "range", "as_of", "changed",
        "views", "givers", "history"}``: ``views`` = each value with ``wordings`` (the outlets' words),
        ``givers`` (one per outlet: ``outlet``, ``name`` with whom it cites, the ``cite`` of its first
        report of that value) and ``cites`` (every report), most reported first; ``givers`` = the same
        for the figure whatever the value (everyone an outlet cites for it); ``history`` = the figure
        over time (:func:`steps`), oldest first.
    """
    candidates = []
    for n in numbers:
        if n["updated_by"]:
            continue  # the series is shown through its latest group
        history = steps(n)
        changed = len(history) > 1
        if n["status"] == "unique" and not changed:
            continue  # one outlet's figure, never confirmed or revised
        candidates.append((n, history, changed))
    candidates.sort(
        key=lambda c: (
            c[0]["status"] != "contradicted",
            not c[2],
            -len(c[0]["outlets"]),
            -len(c[0]["members"]),
            c[0]["subject"],
        )
    )
    return [
        {
            "group": n["id"],
            "subject": n["subject"],
            "status": n["status"],
            "range": n["range"],
            "as_of": _latest_as_of(n),
            "changed": changed,
            "views": _views(n),
            "givers": _givers(n),
            "history": history,
        }
        for n, history, changed in candidates[:KEY_FIGURES_MAX]
    ]
