"""Scores extraction records against gold JSONL (format: ../shared/corpus/README.md).

Matching rules, per field:
- quotes: direct quotes only, matched one-to-one by their words (one inside the other and at least half
  its length, or word Jaccard >= 0.7); a matched quote's speaker is right when it equals the gold full
  name or one of its aliases;
- claims: the gold quantity lies in the predicted [low, high] and the sentences share words (Jaccard
  >= 0.5 or containment);
- places: same name (or alias), and within 50 km where gold has coordinates;
- people: gold full names among the canonical PERSON entities;
- noise: gold noise lines absent from the clean text; kept: every other line of the raw file present;
- date: publication date equal to gold.
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

#: Quote words must overlap this much (token Jaccard), or one quote contain the other and be at least
#: CONTAINED of its length, to count as the same quote. Same values as the shared scoreboard.
QUOTE_JACCARD = 0.7
QUOTE_CONTAINED = 0.5
#: Claim sentences must overlap this much to be the same claim.
CLAIM_SENTENCE_JACCARD = 0.5
#: A geocoded place within this distance of the gold point is right.
PLACE_KM = 50.0


def norm(text: str | None) -> str:
    """Lowercase, accents and punctuation removed, typographic apostrophes unified, spaces folded."""
    text = unicodedata.normalize("NFKD", text or "")
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = text.replace("’", "'").replace("‘", "'")
    text = re.sub(r"[^\w\s']", " ", text)
    return " ".join(text.split())


def same_words(a: str, b: str, *, jaccard: float, contained: float) -> bool:
    na, nb = norm(a), norm(b)
    if not na or not nb:
        return False
    short, long_ = sorted((na, nb), key=len)
    if short in long_ and len(short) >= contained * len(long_):
        return True
    ta, tb = set(na.split()), set(nb.split())
    return len(ta & tb) / len(ta | tb) >= jaccard


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 12742 * math.asin(math.sqrt(h))


@dataclass
class Tally:
    """Counts for one field: matched, predicted, gold."""

    hit: int = 0
    pred: int = 0
    gold: int = 0

    def add(self, hit: int, pred: int, gold: int) -> None:
        self.hit += hit
        self.pred += pred
        self.gold += gold

    @property
    def precision(self) -> float:
        return self.hit / self.pred if self.pred else (1.0 if not self.gold else 0.0)

    @property
    def recall(self) -> float:
        return self.hit / self.gold if self.gold else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Report:
    """Tallies per field over a whole gold file."""

    fields: dict[str, Tally] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)

    def tally(self, name: str) -> Tally:
        return self.fields.setdefault(name, Tally())

    def rows(self) -> list[tuple[str, float, float, float, int, int, int]]:
        return [(n, t.precision, t.recall, t.f1, t.hit, t.pred, t.gold) for n, t in self.fields.items()]


def _match(preds: Sequence[Any], golds: Sequence[Any], same: Callable[[Any, Any], bool]) -> list[tuple[Any, Any]]:
    used: set[int] = set()
    pairs = []
    for g in golds:
        for i, p in enumerate(preds):
            if i not in used and same(p, g):
                used.add(i)
                pairs.append((p, g))
                break
    return pairs


def _claim_ok(p: dict[str, Any], g: dict[str, Any]) -> bool:
    try:
        inside = float(p["low"]) <= float(g["quantity"]) <= float(p["high"])
    except (KeyError, TypeError, ValueError):
        return False
    return inside and same_words(p.get("text", ""), g.get("text", ""), jaccard=CLAIM_SENTENCE_JACCARD, contained=0.0)


def _place_ok(p: dict[str, Any], g: dict[str, Any] | str) -> bool:
    names = [g] if isinstance(g, str) else [g["name"], *g.get("aliases", [])]
    if norm(p.get("name")) not in {norm(n) for n in names}:
        return False
    if isinstance(g, dict) and "lat" in g:
        if p.get("lat") is None or p.get("lon") is None:
            return False
        return km(float(p["lat"]), float(p["lon"]), g["lat"], g["lon"]) <= PLACE_KM
    return True


def score_article(report: Report, pred: dict[str, Any], gold: dict[str, Any], raw: str) -> None:
    """Add one article's counts to ``report``."""
    clean = norm(pred.get("text", ""))
    noise_lines = gold.get("noise_lines", [])
    prose = norm(" ".join(line for line in raw.splitlines() if line not in noise_lines))
    judged = [line for line in noise_lines if norm(line) and norm(line) not in prose]
    report.tally("noise_removed").add(sum(norm(line) not in clean for line in judged), len(judged), len(judged))
    if not raw.lstrip().startswith("<") and not gold.get("record_of"):
        header = re.compile(r"^\s*(?:date|title|outlet|url|byline)\s*:?\s+\S.*?(?=$)", re.IGNORECASE)
        body = [line for line in raw.splitlines() if norm(line) and line not in noise_lines]
        body = [re.sub(r"^\s*date\s*:?\s+\d{4}-\d{2}-\d{2}\s*", "", line) for line in body]
        body = [line for line in body if norm(line) and not header.fullmatch(line.strip())]
        report.tally("text_kept").add(sum(norm(line) in clean for line in body), len(body), len(body))

    pq = [q for q in pred.get("quotes", []) if q.get("kind", "direct") == "direct"]
    gq = gold.get("quotes", [])
    pairs = _match(
        pq, gq, lambda p, g: same_words(p["text"], g["text"], jaccard=QUOTE_JACCARD, contained=QUOTE_CONTAINED)
    )
    report.tally("quotes").add(len(pairs), len(pq), len(gq))
    right = sum(
        1
        for p, g in pairs
        if p.get("speaker") and norm(p["speaker"]) in {norm(n) for n in (g["speaker"], *g.get("aliases", []))}
    )
    report.tally("speakers").add(right, len(pq), len(gq))
    pc, gc = pred.get("claims", []), gold.get("claims", [])
    report.tally("claims").add(len(_match(pc, gc, _claim_ok)), len(pc), len(gc))
    pp, gp = pred.get("places", []), gold.get("places", [])
    report.tally("places").add(len(_match(pp, gp, _place_ok)), len(pp), len(gp))
    people = {norm(e.get("entity") or e.get("text")) for e in pred.get("entities", []) if e.get("label") == "PERSON"}
    gpe = gold.get("people", [])
    report.tally("people").add(sum(norm(n) in people for n in gpe), len(people), len(gpe))
    if gold.get("date"):
        report.tally("date").add(int(pred.get("published") == gold["date"]), 1, 1)


def _file_key(source: str) -> str:
    return re.sub(r"(?:[:#]\d+)$", "", Path(source).name if "/" in source else source).split("/")[-1]


def evaluate(records: Iterable[dict[str, Any]], gold_path: str | Path, articles_dir: str | Path) -> Report:
    """Score predicted records (as printed by ``storyline extract``) against a gold JSONL file."""
    by_file: dict[str, list[dict[str, Any]]] = {}
    for rec in records:
        by_file.setdefault(_file_key(Path(rec.get("source", "")).name), []).append(rec)
    report = Report()
    for line in Path(gold_path).read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        gold = json.loads(line)
        name = Path(gold["file"]).name
        candidates = by_file.get(name, [])
        index = int(gold.get("record", 0))
        if index >= len(candidates):
            report.missing.append(name if "record" not in gold else f"{name}#{index}")
            pred: dict[str, Any] = {}
        else:
            pred = candidates[index]
        path = Path(articles_dir) / name
        raw = path.read_text(encoding="utf-8", errors="replace") if path.exists() else ""
        if "record" in gold:  # one record of an export: its lines are not the file's lines
            gold = {**gold, "record_of": name}
            raw = ""
        score_article(report, pred, gold, raw)
    return report
