"""Merges the entities of a story's articles into one Entity per real-world person, organisation or place.

Within an article, ``resolve`` already maps short forms to the fullest name ("Lankov" -> "Andrei
Lankov"). Across articles this module merges:
- places by gazetteer id, so "Kyiv" and "Kiev" are one place;
- a person's full-name spellings ("Kim Jong Un" / "Kim Jong-un") by folded spelling, and a bare surname
  or given name used by an article that never gives the full name ("Putin") into the one full name of the
  story that contains it — never when two people of the story share it (then it stays on its own);
- a person's transliterations ("Volodymyr Zelensky" / "Volodymyr Zelenskyy" / "Zelenskiy"): the same
  words but for a long word spelled with one or two edits more or less (rapidfuzz Levenshtein);
- an organisation and its acronym ("International Atomic Energy Agency" / "IAEA").
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from .metadata.outlets import outlet_table
from .model import Article, Entity, Extraction
from .resolve import same_name_word

#: Mention labels that name an entity worth merging (numbers and dates are claims and times).
ENTITY_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT"})
#: Words left out of an organisation's initials ("Institute for the Study of War" -> ISW).
ACRONYM_SKIP = frozenset({"of", "the", "for", "and", "on", "in", "&", "de", "des", "du", "la", "le"})


OutletOf = Callable[[Article], str]


def fold(name: str) -> str:
    """A spelling-insensitive key: accents, case, hyphens, dots and apostrophes removed."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = re.sub(r"^the\s+", "", text)
    text = re.sub(r"[’'`.]", "", text)
    return " ".join(re.sub(r"[-‐‑–]", " ", text).split())


def acronym(name: str) -> str:
    """Initials of a multi-word name ("International Atomic Energy Agency" -> "IAEA"), else ""."""
    words = [w for w in re.findall(r"[\w&]+", name) if w.lower() not in ACRONYM_SKIP]
    return "".join(w[0] for w in words).upper() if len(words) >= 2 else ""


@dataclass
class _Bucket:
    label: str
    names: Counter[str] = field(default_factory=Counter)
    outlets: Counter[str] = field(default_factory=Counter)
    lat: float | None = None
    lon: float | None = None
    country: str | None = None
    gazetteer_id: str | None = None
    preferred: str | None = None  # a gazetteer's name beats the spellings articles use

    def absorb(self, other: _Bucket) -> None:
        self.names.update(other.names)
        self.outlets.update(other.outlets)
        for attr in ("lat", "lon", "country", "gazetteer_id"):
            if getattr(self, attr) is None:
                setattr(self, attr, getattr(other, attr))

    def canonical(self) -> str:
        if self.preferred:
            return self.preferred
        # the most complete name (most words), then the most used spelling
        return max(self.names, key=lambda n: (len(n.split()) if self.label == "PERSON" else 0, self.names[n], n))


def _entity_id(label: str, name: str) -> str:
    return "e" + hashlib.sha256(f"{label}:{fold(name)}".encode()).hexdigest()[:11]


def _collect(extractions: Sequence[Extraction], outlet_of: OutletOf) -> dict[tuple[str, str], _Bucket]:
    buckets: dict[tuple[str, str], _Bucket] = {}
    for ex in extractions:
        outlet = outlet_of(ex.article)
        place_spans = [(p.start, p.end) for p in ex.places]
        for p in ex.places:
            key = ("PLACE", p.gazetteer_id or fold(p.name))
            bucket = buckets.setdefault(key, _Bucket("GPE" if p.kind in {"city", "country", "region"} else "LOC"))
            bucket.preferred = p.name
            bucket.names[p.text] += 1
            bucket.outlets[outlet] += 1
            bucket.lat, bucket.lon, bucket.country, bucket.gazetteer_id = p.lat, p.lon, p.country, p.gazetteer_id
        for m in ex.mentions:
            if m.label not in ENTITY_LABELS or any(s < m.end and m.start < e for s, e in place_spans):
                continue  # the place record (geocoded) stands for this mention
            key = (m.label, fold(m.entity))
            bucket = buckets.setdefault(key, _Bucket(m.label))
            bucket.names[m.entity] += 1
            bucket.outlets[outlet] += 1
    return buckets


def _merge_people(buckets: dict[tuple[str, str], _Bucket]) -> None:
    people = {k: b for k, b in buckets.items() if k[0] == "PERSON"}
    full = {k for k in people if len(k[1].split()) >= 2}
    for key in [k for k in people if k not in full]:
        token = key[1]
        holders = [k for k in full if token in k[1].split()]
        if len(holders) == 1:  # one person of the story carries this name: it is them
            buckets[holders[0]].absorb(buckets.pop(key))


def _same_person(a: str, b: str) -> bool:
    """Folded names with the same words, or a surname that is the other's last word, up to spelling."""
    wa, wb = a.split(), b.split()
    if len(wa) != len(wb):
        short, long = (wa, wb) if len(wa) < len(wb) else (wb, wa)
        return len(short) == 1 and same_name_word(short[0], long[-1])
    return all(same_name_word(x, y) for x, y in zip(wa, wb, strict=True))


def _merge_spellings(buckets: dict[tuple[str, str], _Bucket]) -> None:
    """Merge people whose names are spelling variants: into the one fuller name that fits ("Zelenskiy"
    joins "Volodymyr Zelensky"), else among names of as many words into the most mentioned spelling."""
    # the longest names first, so that their spellings merge before a bare surname looks for its owner
    people = sorted((k for k in buckets if k[0] == "PERSON"), key=lambda k: (-len(k[1].split()), k[1]))
    for key in people:
        if key not in buckets:
            continue
        size = len(key[1].split())
        variants = [k for k in people if k != key and k in buckets and _same_person(key[1], k[1])]
        fuller = [k for k in variants if len(k[1].split()) > size]
        peers = [k for k in variants if len(k[1].split()) == size]
        if len(fuller) == 1:
            buckets[fuller[0]].absorb(buckets.pop(key))
        elif not fuller and peers:
            target = max([key, *peers], key=lambda k: (sum(buckets[k].names.values()), k[1]))
            if target != key:
                buckets[target].absorb(buckets.pop(key))


def _merge_acronyms(buckets: dict[tuple[str, str], _Bucket]) -> None:
    orgs = {k: b for k, b in buckets.items() if k[0] == "ORG"}
    by_acronym: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for key, bucket in orgs.items():
        initials = acronym(bucket.canonical())
        if initials:
            by_acronym[initials].append(key)
    for key, bucket in list(orgs.items()):
        name = bucket.canonical()
        if not re.fullmatch(r"[A-Z][A-Z&.]{1,9}", name):
            continue
        targets = by_acronym.get(name.replace(".", ""), [])
        if len(targets) == 1 and targets[0] != key and key in buckets:
            buckets[targets[0]].absorb(buckets.pop(key))


#: Entity labels whose names are speakers and cited sources.
SPEAKER_LABELS = frozenset({"PERSON", "ORG"})


def canonical_names(entities: Sequence[Entity]) -> Callable[[str], str]:
    """A function giving the story's one name for a person's or organisation's spelling ("Volodymyr
    Zelenskyy" and "Zelensky" -> "Volodymyr Zelensky" when :func:`merge_entities` merged them), so a
    speaker quoted by several outlets reads the same everywhere; a news outlet or agency of
    ``data/outlets.tsv`` under the table's name ("Yonhap" -> "Yonhap News Agency"); any other name as
    given. When two entities share a spelling, the more mentioned one (listed first) keeps it."""
    table: dict[str, str] = {}
    for entity in entities:
        if entity.label in SPEAKER_LABELS:
            for name in (entity.name, *entity.aliases):
                table.setdefault(fold(name), entity.name)

    def canonical(name: str) -> str:
        if not name:
            return name
        if (merged := table.get(fold(name))) is not None:
            return merged
        outlet = outlet_table().by_name(name)  # "Yonhap said": the agency under its table name
        return outlet.name if outlet is not None else name

    return canonical


def merge_entities(extractions: Sequence[Extraction], *, outlet_of: OutletOf) -> list[Entity]:
    """The story's entities, most mentioned first, each with its aliases and mentions per outlet."""
    buckets = _collect(extractions, outlet_of)
    _merge_people(buckets)
    _merge_spellings(buckets)
    _merge_acronyms(buckets)
    entities = []
    for bucket in buckets.values():
        name = bucket.canonical()
        aliases = tuple(sorted({n for n in bucket.names if n != name}))
        entities.append(
            Entity(
                id=_entity_id(bucket.label, bucket.gazetteer_id or name),
                name=name,
                label=bucket.label,
                aliases=aliases,
                mentions=sum(bucket.outlets.values()),
                outlets=tuple(sorted(bucket.outlets.items(), key=lambda kv: (-kv[1], kv[0]))),
                lat=bucket.lat,
                lon=bucket.lon,
                country=bucket.country,
                gazetteer_id=bucket.gazetteer_id,
            )
        )
    return sorted(entities, key=lambda e: (-e.mentions, e.name))
