"""The briefing as Markdown: the same sections as the HTML report, every cited string escaped.

Article text is untrusted: each string taken from an article (sentences, quotes, names, titles) goes
through ``md_escape``, so it cannot open a link, an image or raw HTML. The only raw HTML emitted is the
``<a id>`` anchor before each article, built from the article's hex id, which citations link to.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from ..story_view import article_date, date_label, md_escape, story_span

_SAFE_ID = re.compile(r"[^0-9A-Za-z_-]")
#: Numbers shown in full before the rest are listed in one line per status: a briefing stays readable
#: when a story has dozens of figures only one outlet gives.
UNIQUE_LIMIT = 15


def _art_anchor(article_id: str) -> str:
    return "art-" + _SAFE_ID.sub("", article_id)


def _cite(cite: Mapping[str, Any], label: str | None = None) -> str:
    when = f", {date_label(cite['published'], cite.get('published_estimated', False))}" if cite.get("published") else ""
    return f"[{md_escape(label or cite['outlet'])}{when}](#{_art_anchor(cite['article_id'])})"


def _when(item: Mapping[str, Any]) -> str:
    day = date_label(item["date"], item.get("date_estimated", False)) if item["date"] else "undated"
    return day + (f" – {item['end']}" if item.get("end") else "") + (" (ahead)" if item["kind"] == "ahead" else "")


def _top(ctx: Mapping[str, Any]) -> list[str]:
    """What is new and the key figures, as in the HTML's first screen."""
    out = ["## What is new", ""]
    for i in ctx["whats_new"]:
        cites = ", ".join(_cite(c) for c in i["cites"])
        if i["kind"] == "change":
            was = ", ".join(f"{md_escape(p['value'])} on {p['as_of']}" for p in i["previous"])
            line = f"{md_escape(i['subject'])}: **{md_escape(i['value'])}**" + (f" (was {was})" if was else "")
        else:
            line = md_escape(i["text"])
        out.append(f"- **{_when(i)}** {line} — {cites}")
    if not ctx["whats_new"]:
        out.append("No dated fact or changed figure.")
    out += ["", "## Key figures", ""]
    for k in ctx["key_figures"]:
        as_of = f", as of {k['as_of']}" if k["as_of"] else ""
        head = f"- **{md_escape(k['subject'])}**: {md_escape(k['range'])} ({k['status']}{as_of})"
        if k["status"] == "contradicted":
            out.append(head)
            for v in k["views"]:
                givers = ", ".join(_cite(g["cite"], g["name"]) for g in v["givers"])
                out.append(f"  - {md_escape(v['value'])}: {givers}")
        else:
            out.append(head + " — " + ", ".join(_cite(g["cite"], g["name"]) for g in k["givers"]))
        if k["changed"]:
            steps = " → ".join(f"{md_escape(h['value'])} ({h['as_of']})" for h in k["history"])
            out.append(f"  - over time: {steps}")
    if not ctx["key_figures"]:
        out.append("No figure is given by two outlets, disputed or revised.")
    return [*out, ""]


def _quoted(text: str) -> str:
    return f"“{md_escape(text)}”"


def _paragraphs(text: str) -> list[str]:
    return [md_escape(p) for p in re.split(r"\n\s*\n|\n", text) if p.strip()]


def _numbers(ctx: Mapping[str, Any]) -> list[str]:
    out = ["## Key numbers", ""]
    if not ctx["numbers"]:
        return [*out, "No numeric claims.", ""]
    out += ["| status | figure | range | outlets and wording |", "|---|---|---|---|"]
    unique = [n for n in ctx["numbers"] if n["status"] == "unique"]
    shown = [n for n in ctx["numbers"] if n["status"] != "unique"] + unique[:UNIQUE_LIMIT]
    for n in shown:
        wording = "; ".join(
            f"{_cite(m['cite'])}"
            + (f" citing {md_escape(m['cited'])}" if m.get("cited") else "")
            + f": {_quoted(m['quantity'])}"
            + (f" (as of {date_label(m['as_of'], m.get('as_of_estimated', False))})" if m.get("as_of") else "")
            for m in n["members"]
        )
        status = n["status"] + (" (updated later)" if n["updated_by"] else "")
        out.append(f"| {status} | {md_escape(n['subject'])} | {md_escape(n['range'])} | {wording} |")
        if n.get("history"):
            steps = " → ".join(
                f"{h['as_of'] or 'undated'}: {h['value']} ({', '.join(h['sources'])})" for h in n["history"]
            )
            out.append(f"| | history | | {md_escape(steps)} |")
        if n.get("thread_history"):
            steps = " → ".join(
                f"{h['as_of'] or 'undated'}: {h['value']} ({h['source']}; {h['story'] or h['story_id']})"
                for h in n["thread_history"]
            )
            out.append(f"| | across the thread | | {md_escape(steps)} |")
    if len(unique) > UNIQUE_LIMIT:
        out += ["", f"{len(unique) - UNIQUE_LIMIT} more figures given by one outlet only are in the JSON briefing."]
    return [*out, ""]


def render_markdown(context: Mapping[str, Any]) -> str:
    """Render a briefing context as Markdown.

    Args:
        context: the dict :func:`storyline.brief.briefing_context` returns.

    Returns:
        The Markdown document: what is new, key figures, summary, key numbers, contradictions, quotes by
        speaker, timeline, places, outlets, people and organisations, and each article's text with its
        removed noise.
    """
    ctx = context
    story = ctx["story"]
    span = story_span(story)
    out = [f"# {md_escape(story['label'])}", ""]
    out += [
        f"{story['articles']} articles ({story['sources']} independent sources) from {len(story['outlets'])} outlets"
        + (f", {span}" if span else "")
        + ".",
        "",
    ]
    out += _top(ctx)
    out += ["## Summary", ""]
    at_top = {(c["article_id"], c["start"]) for i in ctx["whats_new"] for c in i["cites"]}
    summary = [s for s in ctx["summary"] if (s["cite"]["article_id"], s["cite"]["start"]) not in at_top]
    for i, s in enumerate(summary, start=1):
        also = (
            f" Also reported by {', '.join(md_escape(o) for o in s['also_reported_by'])}."
            if s["also_reported_by"]
            else ""
        )
        out.append(f"{i}. {md_escape(s['text'])} — {_cite(s['cite'])}.{also}")
    if len(summary) < len(ctx["summary"]):
        out += ["", f"{len(ctx['summary']) - len(summary)} more under What is new."]
    if not ctx["summary"]:
        out.append("No sentence could be cited.")
    out += [""]
    out += _numbers(ctx)
    if ctx["contradictions"]:
        out += ["## Contradictions", ""]
        for c in ctx["contradictions"]:
            out.append(
                f"- **{md_escape(c['topic'])}** ({md_escape(c['reason'])}): {_cite(c['first'])} — "
                f"{_quoted(c['first']['text'])} vs {_cite(c['second'])} — {_quoted(c['second']['text'])}"
            )
        out += [""]
    out += ["## Quotes by speaker", ""]
    for s in ctx["speakers"]:
        out += [f"### {md_escape(s['speaker'] or 'Unattributed')}", ""]
        for q in s["quotes"]:
            text = _quoted(q["text"]) if q["kind"] != "indirect" else f"(reported) {md_escape(q['text'])}"
            flag = " **Outlets attribute it to different speakers.**" if q["conflicting_speakers"] else ""
            cites = ", ".join(_cite(m["cite"]) for m in q["members"])
            out.append(f"- {text} — {cites}{flag}")
        out += [""]
    if not ctx["speakers"]:
        out += ["No quotes.", ""]
    out += ["## Timeline", ""]
    for t in ctx["timeline"]:
        cites = ", ".join(_cite(c) for c in t["sources"])
        out.append(f"- **{t['when']}**: {md_escape(t['text'])} — {cites}")
    out += ["", "## Places", ""]
    if ctx["places"]:
        out += ["| place | kind | coordinates | mentions | outlets |", "|---|---|---|---|---|"]
        for p in ctx["places"]:
            where = f"{p['lat']:.3f}, {p['lon']:.3f}" if p["lat"] is not None and p["lon"] is not None else "—"
            outlets = ", ".join(md_escape(o) for o in p["outlets"])
            doubt = f" (doubtful, not mapped: {md_escape(p['doubt'])})" if p.get("doubt") else ""
            out.append(
                f"| {md_escape(p['name'])}{doubt} | {md_escape(p['kind'])} | {where} | {p['mentions']} | {outlets} |"
            )
    else:
        out.append("No places.")
    out += ["", "## Outlets", ""]
    out += [
        "| outlet | articles | first | corroborated | contradicted | unique | quotes |",
        "|---|---|---|---|---|---|---|",
    ]
    for o in ctx["outlets"]:
        c = o["claims"]
        copies = f" ({o['copies']} syndicated)" if o["copies"] else ""
        first = date_label(o["first_published"], o.get("first_published_estimated", False))
        out.append(
            f"| {md_escape(o['name'])} | {len(o['articles'])}{copies} | {first if o['first_published'] else '—'} | "
            f"{c['corroborated']} | {c['contradicted']} | {c['unique']} | {o['quotes']} |"
        )
    if ctx["entities"]:
        out += ["", "## People and organisations", ""]
        for e in ctx["entities"]:
            aliases = f" (also {', '.join(md_escape(a) for a in e['aliases'])})" if e["aliases"] else ""
            out.append(f"- {md_escape(e['name'])} [{md_escape(e['label'])}], {e['mentions']} mentions{aliases}")
    out += ["", "## Articles", ""]
    for a in ctx["articles"]:
        out += [f'<a id="{_art_anchor(a["id"])}"></a>', ""]
        out += [f"### {md_escape(a['outlet'])}: {md_escape(a['title'] or 'untitled')}", ""]
        facts = [article_date(a)]
        if a.get("published_estimate") and a.get("published_evidence"):
            facts.append(f"date estimated from “{md_escape(a['published_evidence'])}”")
        if a.get("byline"):
            facts.append(md_escape(a["byline"]))
        if a.get("duplicate_of"):
            facts.append(f"syndicated copy of [{md_escape(a['duplicate_of'])}](#{_art_anchor(a['duplicate_of'])})")
        facts.append(f"{a['words']} words, id {md_escape(a['id'])}")
        out += [" · ".join(facts), ""]
        out += [f"> {p}\n>" for p in _paragraphs(a["text"])]
        if out[-1].endswith("\n>"):
            out[-1] = out[-1][:-2]
        if a["noise"]:
            out += ["", f"Removed noise ({len(a['noise'])}):", ""]
            out += [f"- {md_escape(n['kind'])}: {md_escape(n['text'])}" for n in a["noise"]]
        out += [""]
    return "\n".join(out).rstrip("\n") + "\n"
