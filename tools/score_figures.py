"""Score storyline's claim groups against the hand-made figures gold of two wikiref-dev events (issue 14).

The gold (tests/data/wikiref_figures_gold.json, described in its ``_about``) lists the figures a careful reader
compares across outlets, their frames (what is counted, what happened to it, the part, the source, the date), the
gold groups of each frame and the expected status of every pair of figures in one frame.

This runs storyline's extraction on the gold's articles (as ``storyline extract`` does), aligns the claims of each
event with ``storyline.compare.align_claims`` (every file its own outlet, named by its stem), finds each gold figure
among the claim-group members (same file, same value, nearest offset) and prints:

* figures found: gold figures that are a member of some claim group (recall);
* frame pairs: pairwise precision/recall/F1 over the pairs of gold figures of one event; two figures are together
  for storyline when they share a group or their groups are linked through ``updates``; they belong together when
  they share a ``frame_id`` (a figure not found is together with nothing);
* status: agreement with the gold status of each pair of one frame: ``agree`` wants one group whose status is not
  contradicted, or a contradicted group in which the two figures' own hedged ranges meet; ``update`` wants two
  groups linked through ``updates``; ``disagree`` wants one contradicted group;
* part/whole: pairs of a part frame's figure and its whole's figure put in one group (a part is never compared
  with its whole);
* the main error classes: the groups that mix frames, the frames split into unlinked groups, wrong statuses.

Usage, from the project root::

    .venv/bin/python tools/score_figures.py [--shared ../shared] [--gold tests/data/wikiref_figures_gold.json] [-v]

The last line reads ``summary: ...``.
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT / "src") not in sys.path:
    sys.path.insert(0, str(ROOT / "src"))  # this checkout's storyline, not another one installed in the venv

from storyline import Extraction, Settings, run  # noqa: E402
from storyline.compare import align_claims, hedge_interval  # noqa: E402
from storyline.model import Article, ClaimGroup, ClaimMember  # noqa: E402

GOLD = ROOT / "tests" / "data" / "wikiref_figures_gold.json"
SHARED = ROOT.parent / "shared"
CORPUS = ("corpus", "wikiref-dev")


def load_gold(path: Path = GOLD) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def outlet_of(article: Article) -> str:
    """Each file is its own outlet, named by its stem."""
    return Path(article.source).stem


def extract_gold_files(gold: dict, corpus: Path, settings: Settings | None = None) -> list[Extraction]:
    """Extract every article of the gold's events, in one run (as ``storyline extract FILES`` does)."""
    names = sorted({f["file"] for f in gold["figures"]} | _event_files(gold, corpus))
    items = run([str(corpus / name) for name in names], settings or Settings())
    return [item for item in items if isinstance(item, Extraction)]


def _event_files(gold: dict, corpus: Path) -> set[str]:
    """All the files gold.tsv gives to the gold's events (articles without gold figures still take part)."""
    stories = set(gold["events"])
    table = corpus / "gold.tsv"
    if not table.exists():
        return set()
    rows = (line.split("\t") for line in table.read_text(encoding="utf-8").splitlines() if "\t" in line)
    return {name for name, event, *_ in rows if event.strip() in stories}


def align_events(gold: dict, extractions: Sequence[Extraction]) -> dict[str, list[ClaimGroup]]:
    """The claim groups of each gold event, its files aligned as one story."""
    story_of = {name: story for story, info in gold["events"].items() for name in _files_of(gold, story)}
    by_story: dict[str, list[Extraction]] = defaultdict(list)
    for extraction in extractions:
        name = Path(extraction.article.source).name
        story = story_of.get(name) or _story_by_prefix(gold, name)
        if story:
            by_story[story].append(extraction)
    return {story: align_claims(story, by_story[story], outlet_of=outlet_of) for story in gold["events"]}


def _files_of(gold: dict, story: str) -> set[str]:
    return {f["file"] for f in gold["figures"] if f["story"] == story}


def _story_by_prefix(gold: dict, name: str) -> str | None:
    return next((story for story in gold["events"] if name.startswith(story)), None)


# --- finding gold figures among the members ----------------------------------------------------------------


def _occurrences(text: str, number: str) -> list[int]:
    pattern = re.compile(r"(?<![\w.,])" + re.escape(number) + r"(?![\w]|[.,]\d)", re.I)
    return [m.start() for m in pattern.finditer(text)]


def gold_offset(figure: dict, raw: str, text: str) -> int | None:
    """The offset in the article's clean text of the gold figure's ``nth`` occurrence in the raw file: its line is
    found in the clean text; failing that, the nth occurrence in the clean text."""
    found = _occurrences(raw, figure["number"])
    if len(found) >= figure["nth"]:
        pos = found[figure["nth"] - 1]
        start = raw.rfind("\n", 0, pos) + 1
        end = raw.find("\n", pos)
        line = raw[start : end if end >= 0 else len(raw)]
        stripped = line.strip()
        at = text.find(stripped) if len(stripped) >= 12 else -1
        if at >= 0:
            return at + pos - start - (len(line) - len(line.lstrip()))
    found = _occurrences(text, figure["number"])
    return found[figure["nth"] - 1] if len(found) >= figure["nth"] else (found[0] if found else None)


def _same_value(figure: dict, member: ClaimMember) -> bool:
    values = {float(figure["value"])}
    if figure["value"] >= 1_000_000:
        values.add(figure["value"] / 1_000_000)  # "£24 million" read as 24 (million)
    return any(member.low * (1 - 1e-6) <= v <= member.high * (1 + 1e-6) or math.isclose(member.low, v) for v in values)


@dataclass
class Located:
    group: ClaimGroup
    member: ClaimMember
    offset: int  # the claim's own offset when found in the extraction, else its sentence's


def locate(gold: dict, groups: dict[str, list[ClaimGroup]], extractions: Sequence[Extraction]) -> dict[str, Located]:
    """Each gold figure's claim-group member: same article, same value, nearest offset; a member serves once."""
    by_file = {Path(e.article.source).name: e for e in extractions}
    claims_at: dict[tuple[str, int, str], list[int]] = defaultdict(list)
    for e in extractions:
        for c in e.claims:
            claims_at[(c.article_id, c.sentence_start, c.quantity)].append(c.start)
    members: dict[str, list[tuple[ClaimGroup, ClaimMember]]] = defaultdict(list)
    for story_groups in groups.values():
        for g in story_groups:
            for m in g.members:
                members[m.source.article_id].append((g, m))
    candidates: list[tuple[float, str, int, ClaimGroup, ClaimMember, int]] = []
    for figure in gold["figures"]:
        extraction = by_file.get(figure["file"])
        if extraction is None:
            continue
        raw = extraction.article.raw
        offset = gold_offset(figure, raw, extraction.article.text)
        if offset is None:
            continue
        for k, (g, m) in enumerate(members[extraction.article.id]):
            if not _same_value(figure, m):
                continue
            starts = claims_at.get((m.source.article_id, m.source.start, m.quantity)) or [m.source.start]
            at = min(starts, key=lambda s: abs(s - offset))
            inside = m.source.start <= offset < max(m.source.end, m.source.start + 1)
            distance = abs(at - offset) if inside else 10_000 + abs(at - offset)
            candidates.append((distance, figure["id"], k, g, m, at))
    found: dict[str, Located] = {}
    used: set[tuple[str, int]] = set()
    for distance, fid, k, g, m, at in sorted(candidates, key=lambda c: (c[0], c[1])):
        key = (m.source.article_id, k)
        if fid in found or key in used or distance >= 10_000 + 400:
            continue
        found[fid] = Located(g, m, at)
        used.add(key)
    return found


# --- scoring ------------------------------------------------------------------------------------------------


def _links(groups: Iterable[ClaimGroup], *, by_series: bool = True) -> dict[str, str]:
    """Each group id's series root: groups linked through ``updates`` (either way, transitively) or, with
    ``by_series``, sharing a ``series`` (the groups of one frame) share one."""
    parent: dict[str, str] = {}

    def root(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for g in groups:
        root(g.id)
        for earlier in g.updates:
            parent[root(earlier)] = root(g.id)
        if by_series and g.series:
            parent[root(g.id)] = root(g.series)
    return {x: root(x) for x in list(parent)}


def _compatible(a: ClaimMember, b: ClaimMember) -> bool:
    (a0, a1), (b0, b1) = hedge_interval(a.low, a.high, a.hedge), hedge_interval(b.low, b.high, b.hedge)
    return max(a0, b0) <= min(a1, b1)


@dataclass
class Score:
    figures: int = 0
    found: int = 0
    tp: int = 0
    fp: int = 0
    fn: int = 0
    status_right: Counter = field(default_factory=Counter)
    status_total: Counter = field(default_factory=Counter)
    part_whole_mixed: int = 0
    part_whole_contradicted: int = 0
    mixed_groups: list[tuple[ClaimGroup, Counter]] = field(default_factory=list, repr=False)
    split_frames: list[tuple[str, int, int]] = field(default_factory=list, repr=False)  # frame, found, series
    # (frame, figure a, figure b, gold status, status got)
    wrong_status: list[tuple[str, str, str, str, str]] = field(default_factory=list, repr=False)

    @property
    def recall(self) -> float:
        return self.found / self.figures if self.figures else 0.0

    @property
    def precision_pairs(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall_pairs(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision_pairs, self.recall_pairs
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def status(self) -> float:
        total = sum(self.status_total.values())
        return sum(self.status_right.values()) / total if total else 0.0

    def summary(self) -> str:
        per = ", ".join(f"{s} {self.status_right[s]}/{self.status_total[s]}" for s in ("agree", "update", "disagree"))
        return (
            f"summary: figures found {self.found}/{self.figures} ({self.recall:.1%}); "
            f"frame pairs P={self.precision_pairs:.3f} R={self.recall_pairs:.3f} F1={self.f1:.3f}; "
            f"status {self.status:.3f} ({per}); "
            f"part/whole pairs in one group {self.part_whole_mixed} ({self.part_whole_contradicted} contradicted)"
        )


def score(gold: dict, groups: dict[str, list[ClaimGroup]], found: dict[str, Located]) -> Score:
    result = Score(figures=len(gold["figures"]), found=len(found))
    all_groups = [g for story_groups in groups.values() for g in story_groups]
    series = _links(all_groups)
    updated = _links(all_groups, by_series=False)
    figure = {f["id"]: f for f in gold["figures"]}

    def together(a: str, b: str) -> bool:
        la, lb = found.get(a), found.get(b)
        return bool(la and lb and series[la.group.id] == series[lb.group.id])

    for story in gold["events"]:
        ids = [f["id"] for f in gold["figures"] if f["story"] == story]
        for a, b in itertools.combinations(ids, 2):
            same_frame = figure[a]["frame_id"] == figure[b]["frame_id"]
            joined = together(a, b)
            result.tp += same_frame and joined
            result.fp += joined and not same_frame
            result.fn += same_frame and not joined

    for frame in gold["frames"]:
        for a, b, want in frame["pairs"]:
            result.status_total[want] += 1
            got = _pair_status(found.get(a), found.get(b), series, updated)
            ok = got == want or (want == "agree" and got == "agree-in-contradicted")
            result.status_right[want] += ok
            if not ok:
                result.wrong_status.append((frame["frame_id"], a, b, want, got))

    whole_of = {f["frame_id"]: f["part_of"] for f in gold["frames"]}

    def wholes(frame_id: str) -> set[str]:
        out: set[str] = set()
        while (frame_id := whole_of.get(frame_id)) and frame_id not in out:  # type: ignore[assignment]
            out.add(frame_id)
        return out

    for a, b in itertools.combinations(found, 2):
        fa, fb = figure[a]["frame_id"], figure[b]["frame_id"]
        if (fb in wholes(fa) or fa in wholes(fb)) and found[a].group.id == found[b].group.id:
            result.part_whole_mixed += 1
            result.part_whole_contradicted += found[a].group.status == "contradicted"

    by_group: dict[str, tuple[ClaimGroup, Counter]] = {}
    for fid, loc in found.items():
        by_group.setdefault(loc.group.id, (loc.group, Counter()))[1][figure[fid]["frame_id"]] += 1
    result.mixed_groups = sorted(
        (entry for entry in by_group.values() if len(entry[1]) > 1), key=lambda e: -sum(e[1].values())
    )
    for frame in gold["frames"]:
        ids = [i for g in frame["groups"] for i in g["figures"] if i in found]
        roots = {series[found[i].group.id] for i in ids}
        if len(roots) > 1:
            result.split_frames.append((frame["frame_id"], len(ids), len(roots)))
    return result


def _pair_status(a: Located | None, b: Located | None, series: dict[str, str], updated: dict[str, str]) -> str:
    """What storyline says of two figures: one group (agree, or disagree in a contradicted group), linked through
    ``updates`` (update), one series without an update link (series: neither compared nor updated, e.g. when a
    date is unknown), else apart."""
    if a is None or b is None:
        return "not found"
    if a.group.id == b.group.id:
        if a.group.status != "contradicted":
            return "agree"
        return "agree-in-contradicted" if _compatible(a.member, b.member) else "disagree"
    if updated[a.group.id] == updated[b.group.id]:
        return "update"
    if series[a.group.id] == series[b.group.id]:
        return "series"
    return "apart"


# --- report -------------------------------------------------------------------------------------------------


def report(gold: dict, result: Score, found: dict[str, Located], verbose: bool = False) -> list[str]:
    figure = {f["id"]: f for f in gold["figures"]}
    lines = [
        f"gold: {len(gold['figures'])} figures in {len(gold['frames'])} frames, "
        + ", ".join(f"{s}: {i['figures']} figures / {i['frames']} frames" for s, i in gold["events"].items()),
        f"figures found as claims: {result.found}/{result.figures} ({result.recall:.1%})",
        f"frame pairs: TP {result.tp}, FP {result.fp}, FN {result.fn}; "
        f"P {result.precision_pairs:.3f} R {result.recall_pairs:.3f} F1 {result.f1:.3f}",
        "status: "
        + ", ".join(f"{s} {result.status_right[s]}/{result.status_total[s]}" for s in ("agree", "update", "disagree"))
        + f" -> {result.status:.3f}",
        f"part/whole pairs in one group: {result.part_whole_mixed} ({result.part_whole_contradicted} contradicted)",
    ]
    missing = [f for f in gold["figures"] if f["id"] not in found]
    if missing:
        lines.append(
            f"not found ({len(missing)}): "
            + "; ".join(
                f"{Path(f['file']).stem} {f['number']!r} [{f['frame_id']}]" for f in missing[: None if verbose else 15]
            )
            + ("" if verbose or len(missing) <= 15 else " ...")
        )
    lines.append(f"groups mixing frames ({len(result.mixed_groups)}):")
    for group, frames in result.mixed_groups[: None if verbose else 12]:
        lines.append(
            f"  {group.status:12} {group.subject!r} ({group.unit}): "
            + ", ".join(f"{fid} x{n}" for fid, n in frames.most_common())
        )
    lines.append(f"frames split over unlinked groups ({len(result.split_frames)}):")
    for fid, n, k in result.split_frames[: None if verbose else 15]:
        lines.append(f"  {fid}: {n} figures found in {k} separate series")
    wrong = Counter((want, got) for _, _, _, want, got in result.wrong_status)
    lines.append("wrong statuses (gold -> got): " + ", ".join(f"{w}->{g} {n}" for (w, g), n in wrong.most_common()))
    if verbose:
        for fid, a, b, want, got in result.wrong_status:
            fa, fb = figure[a], figure[b]
            lines.append(
                f"  {fid}: {Path(fa['file']).stem} {fa['number']!r} / {Path(fb['file']).stem} {fb['number']!r}: "
                f"gold {want}, got {got}"
            )
    return lines


def evaluate(shared: Path, gold_path: Path = GOLD) -> tuple[dict, Score, dict[str, Located]]:
    gold = load_gold(gold_path)
    corpus = shared.joinpath(*CORPUS)
    extractions = extract_gold_files(gold, corpus)
    groups = align_events(gold, extractions)
    found = locate(gold, groups, extractions)
    return gold, score(gold, groups, found), found


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=SHARED, help="the shared data directory (default ../shared)")
    parser.add_argument("--gold", type=Path, default=GOLD, help="the gold file")
    parser.add_argument("-v", "--verbose", action="store_true", help="list every miss and wrong status")
    args = parser.parse_args(argv)
    corpus = args.shared.joinpath(*CORPUS)
    if not corpus.is_dir():
        print(f"{corpus} is missing", file=sys.stderr)
        return 2
    gold, result, found = evaluate(args.shared, args.gold)
    for line in report(gold, result, found, args.verbose):
        print(line)
    print(result.summary())
    return 0


if __name__ == "__main__":
    sys.exit(main())
