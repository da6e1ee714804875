"""News outlets: map what a text calls an outlet ("REUTERS", "(AP)", "uk.reuters.com") to one canonical row.

The table is the packaged ``data/outlets.tsv``; its header explains the columns, the sources of the facts
and how short forms that several outlets share ("CNA", "ABC", "DN") are resolved. Three lookups:

* :meth:`OutletTable.by_name`: a free-form outlet string, as a byline, a credit or a feed's site name
  gives it ("Thomson Reuters", "The Wall Street Journal", "DW", "(AP)", "reuters.com");
* :meth:`OutletTable.by_domain`: a URL or a host, walking up subdomains to the nearest listed one;
* :meth:`OutletTable.find_in`: every outlet a line of text names (credits, datelines, copyright lines),
  as character spans.

How a form of a name matches depends on its shape (see ``_shape``):

* an **abbreviation** (letters, none of them lower-case: "AP", "DW", "NPR", "ČTK") matches only in
  capitals, so "ap" and "Ap" are not the Associated Press;
* a **word**: one word after an optional leading "The" that the English dictionary lists ("Time",
  "The Sun", "Metro", "Mirror", "The Hill"; "Axios" and "Vox" via COMMON_WORD_EXTRAS) matches only as
  written, so "time" and "the sun" are prose;
* a **title**: several words, each in the dictionary, a number or an abbreviation ("Sky News",
  "Financial Times", "USA Today"). By name it matches in any case. In running text it matches only as
  written or in capitals, because "sky news" or "financial times" in lower case is prose;
* anything else ("Reuters", "Deutsche Welle", "Agence France-Presse", every domain) matches in any
  case, and a leading "The" is optional.

In running text a capital letter may be the only sign that a form names an outlet, so
:meth:`~OutletTable.find_in` also checks the context of *word* forms and of the NAMESAKE_FORMS
("Bloomberg", "Forbes"):

* a word without "The" is not taken at the start of a sentence ("Time to go.");
* no capitalised word may stand before it ("Howard Stern", "Michael Bloomberg"), and no capitalised
  word, number or "of" after it ("Time Warner", "Fortune 500", "The Age of Reason"); weekday and month
  names do not count ("told Time on Tuesday", "told Time Tuesday");
* a masthead "The X" whose X is no English word ("The Irrawaddy", "The Tyee"), or one the dictionary
  lists only capitalised, as with demonyms and religions ("The Hindu", "The Australian"), is taken only
  where no word follows it ("/The Hindu", "(The Australian)").

*Title* forms are checked for the word after them and for an "of" before them ("the Ministry of
Foreign Affairs", "the Foreign Affairs Committee"). A name before them is allowed, because bylines put
one there ("By JANE DOE Associated Press").

The matching uses one compiled regular expression per case mode, each a trie of all forms built once
per table, so a line is scanned in one pass whatever the number of outlets.
"""

from __future__ import annotations

import enum
import functools
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from urllib.parse import urlsplit

from ..errors import InputError

__all__ = [
    "COLUMNS",
    "KINDS",
    "Outlet",
    "OutletTable",
    "canonical_outlet",
    "outlet_table",
]

#: Columns of ``data/outlets.tsv``, in order (its header row must be exactly these).
COLUMNS = ("name", "short", "aliases", "domains", "country", "wire", "kind")
#: Allowed values of the ``kind`` column; ``data/outlets.tsv`` defines each.
KINDS = frozenset({"agency", "newspaper", "broadcaster", "magazine", "online", "state-media", "aggregator"})
#: Separator of several values inside one column (aliases, domains).
VALUE_SEPARATOR = "|"
#: Host prefixes that name a version of a site (mobile, AMP, regional edition), not another outlet:
#: stripped before a domain lookup ("edition.cnn.com", "amp.theguardian.com", "m.bbc.co.uk").
HOST_PREFIXES = ("www.", "m.", "mobile.", "amp.", "edition.")
#: Word lists of the english-words package used to tell a masthead that is an ordinary word ("Time",
#: "Mirror") from a name ("Reuters"): web2 (Webster's Second, 236,000 words, singular forms, proper nouns
#: capitalised) and gcide (115,000, adds newer words such as "marketplace").
DICTIONARY_LISTS = ("web2", "gcide")
#: Mastheads that read as ordinary words in news text but that those lists lack: Latin or borrowed words
#: and compounds ("metro" service, "vox pop", "axios" the library, a "townhall" meeting, "crikey!",
#: "lawfare" against critics, a "newstalk" radio station).
COMMON_WORD_EXTRAS = frozenset({"axios", "vox", "metro", "telex", "crikey", "townhall", "lawfare", "newstalk"})
#: Forms that by_name resolves but find_in does not look for in running text, because in capitals they
#: are as often something else: PA (Pennsylvania), MENA (the region), AGI (artificial general
#: intelligence), CCTV (cameras), TIME and STAT (headings: "STAT OF THE WEEK"), DR ("DR Congo"), TT (the
#: Audi TT; Trinidad and Tobago), SMH (the chat abbreviation).
FIND_IN_EXCLUDED = frozenset({"PA", "MENA", "AGI", "CCTV", "TIME", "STAT", "DR", "TT", "SMH"})
#: Shortest form find_in looks for: the one-letter masthead "i" is found by name and domain only.
MIN_FIND_LENGTH = 2
#: A word next to a *word* or *title* form that makes it part of a longer name ("The Age of Reason",
#: "Ministry of Foreign Affairs").
CONTINUING_WORDS = frozenset({"of"})
#: One-word names that news also uses for a person, a product or a team ("Michael Bloomberg", "Steve
#: Forbes", "the Sputnik V vaccine", "the Yomiuri Giants"): by name they match in any case, but in
#: running text only as written and with the context rules of word forms (a sentence may start with them).
NAMESAKE_FORMS = frozenset({"Bloomberg", "Forbes", "Kiplinger", "Sputnik", "Yomiuri"})
#: Words written with a capital wherever they stand, so that one after a form does not make it part of a
#: longer name ("told ABC News Tuesday", "Time reported in March").
CAPITALISED_ANYWAY = frozenset(
    """I Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July
    August September October November December Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec""".split()
)
#: How far back find_in looks for the word before a match (the longest word of interest is far shorter).
CONTEXT_WINDOW = 64

# Characters folded before any comparison: typographic apostrophes and hyphens to ASCII.
_TRANSLATION = str.maketrans(
    {"’": "'", "‘": "'", "ʼ": "'", "`": "'", "´": "'", "‐": "-", "‑": "-", "‒": "-", "“": '"', "”": '"'}
)
# Stripped from both ends of a free-form outlet string ("© Reuters", "AP —", "Reuters.", '"Dawn"').
_EDGE_CHARACTERS = " \t\r\n.,;:!?-–—|/·•\"'©*"
_BRACKETS = ("()", "[]")
_ARTICLE = "the "
# A host name: dot-separated labels of letters, digits and inner hyphens, ending in a top-level domain
# of two or more letters (so "F.A.Z" or "U.S" are not hosts).
_HOST = re.compile(r"(?:[^\W_](?:[\w-]*[^\W_])?\.)+[^\W\d_]{2,}")
_SCHEME = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]*://")
_NEXT_WORD = re.compile(r"\s+(\S)(\w*)")
_PREVIOUS_WORD = re.compile(r"(\w+)\s+$")
_YEAR = re.compile(r"(?:19|20)\d\d")
_SENTENCE_END = ".!?\n"
_OPENING_QUOTES = "\"'“‘«"


@dataclass(frozen=True, slots=True)
class Outlet:
    """One news outlet, a row of ``data/outlets.tsv``.

    Attributes:
        name: Canonical display name ("Associated Press").
        short: Short form used in credits and datelines ("AP"), or None.
        aliases: Other spellings ("The Associated Press", "AP News").
        domains: Web hosts, lower-case, without "www." ("apnews.com", "ap.org").
        country: ISO 3166-1 alpha-2 code of the headquarters ("US").
        wire: True for a news agency whose copy other outlets republish.
        kind: One of KINDS ("agency", "newspaper", ...).
    """

    name: str
    short: str | None
    aliases: tuple[str, ...]
    domains: tuple[str, ...]
    country: str
    wire: bool
    kind: str

    @property
    def forms(self) -> tuple[str, ...]:
        """The name, the short form and the aliases, in that order, without repeats."""
        forms = [self.name, *([self.short] if self.short else []), *self.aliases]
        return tuple(dict.fromkeys(forms))


class _Shape(enum.Enum):
    """How a form matches; the module docstring explains each."""

    ABBREVIATION = "abbreviation"
    WORD = "word"
    TITLE = "title"
    NAME = "name"


@dataclass(frozen=True, slots=True)
class _Form:
    """One surface form of an outlet as find_in treats it; the flags are the context rules that apply."""

    outlet: Outlet
    # Not at the start of a sentence, where the capital says nothing ("Time to go.").
    not_sentence_start: bool = False
    # Not before a capitalised word, a number or "of", nor after "of" ("Time Warner", "Ministry of
    # Foreign Affairs").
    not_in_phrase: bool = False
    # Not after a capitalised word ("Howard Stern"). Titles are exempt: bylines put the reporter's
    # name right before them ("By JANE DOE Associated Press").
    not_after_name: bool = False
    # No word at all may follow ("The Hindu temple", "the Irrawaddy delta").
    ends_phrase: bool = False
    # Not after a number other than a year: an abbreviation there is a unit ("5,000 FT"), while a
    # copyright line puts a year before a credit ("© 2024 AFP").
    not_after_number: bool = False


class _Dictionary:
    """The English word lists of DICTIONARY_LISTS, asked whether a word is common, proper or neither."""

    __slots__ = ("_words",)

    def __init__(self) -> None:
        # Imported here: the word lists take ~0.1 s to load and only a table build needs them.
        from english_words import get_english_words_set

        self._words = get_english_words_set(list(DICTIONARY_LISTS), lower=False, alpha=True)

    def kind(self, word: str) -> str | None:
        """Return "common" for an ordinary word, "proper" for one listed only capitalised, else None.

        A plural counts as its singular ("Globes", "Minutes"): web2 lists singular forms.
        """
        key = _strip_accents(word).lower()
        candidates = (key, key[:-1]) if key.endswith("s") and len(key) > 3 else (key,)
        if any(c in self._words or c in COMMON_WORD_EXTRAS for c in candidates):
            return "common"
        if any(c.capitalize() in self._words for c in candidates):
            return "proper"
        return None


def _strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if not unicodedata.combining(c)))


def _clean(text: str) -> str:
    """NFKC, ASCII apostrophes and hyphens, single spaces; edge punctuation and enclosing brackets off."""
    cleaned = " ".join(unicodedata.normalize("NFKC", text).translate(_TRANSLATION).split())
    previous = None
    while cleaned != previous:
        previous = cleaned
        cleaned = cleaned.strip(_EDGE_CHARACTERS)
        if len(cleaned) >= 2 and cleaned[0] + cleaned[-1] in _BRACKETS:
            cleaned = cleaned[1:-1]
    return cleaned


def _exact_key(text: str) -> str:
    return _strip_accents(_clean(text))


def _without_article(text: str) -> str:
    return text[len(_ARTICLE) :] if text.lower().startswith(_ARTICLE) and len(text) > len(_ARTICLE) else text


def _fold_key(text: str) -> str:
    return _without_article(_exact_key(text).lower())


def _is_abbreviation(text: str) -> bool:
    return any(c.isalpha() for c in text) and not any(c.islower() for c in text)


def _shape(form: str, dictionary: _Dictionary) -> tuple[_Shape, bool]:
    """Return the form's shape and, for a single word, whether the dictionary lists it only capitalised."""
    if _is_abbreviation(form):
        return _Shape.ABBREVIATION, False
    content = _without_article(form)
    if " " not in content:
        if len(content) <= 1:
            return _Shape.WORD, False
        if any(c.isdigit() for c in content):
            return _Shape.NAME, False  # gcide lists ordinals ("The 19th" is no word: "the 19th century")
        kind = dictionary.kind(content)
        if kind is not None:
            return _Shape.WORD, kind == "proper"
        return _Shape.NAME, False
    tokens = re.findall(r"[^\W_]+", content)
    if all(t.isdigit() or (len(t) > 1 and t.isupper()) or dictionary.kind(t) for t in tokens):
        return _Shape.TITLE, False
    return _Shape.NAME, False


def _host_of(url_or_host: str) -> str | None:
    """The lower-case host of a URL or host, without port, trailing dot and HOST_PREFIXES; None if none."""
    text = url_or_host.strip()
    if not text:
        return None
    if not _SCHEME.match(text) and not text.startswith("//"):
        text = "//" + text
    try:
        host = urlsplit(text).hostname
    except ValueError:
        return None
    if not host:
        return None
    host = host.rstrip(".")
    stripped = True
    while stripped:
        stripped = False
        for prefix in HOST_PREFIXES:
            if host.startswith(prefix) and host.count(".") >= 2:
                host = host[len(prefix) :]
                stripped = True
    return host if _HOST.fullmatch(host) else None


def _atoms(surface: str, *, fold: bool) -> Iterator[str]:
    """Regex fragments, one per character: any whitespace run, apostrophe or hyphen variant matches."""
    previous_space = False
    for char in surface:
        if char.isspace():
            if not previous_space:
                yield r"\s+"
            previous_space = True
            continue
        previous_space = False
        if char == "'":
            yield "['’‘ʼ]"
        elif char == "-":
            yield "[-‐‑]"
        else:
            yield re.escape(char.lower() if fold else char)


def _trie_pattern(surfaces: Iterable[str], *, fold: bool) -> str:
    """One regex alternation of all surfaces, factored as a trie so that each step tries one branch.

    An optional tail is greedy, so the longest form that fits is taken first and a shorter one only if
    the longer fails the word boundary after it.
    """
    trie: dict[str, dict] = {}
    for surface in surfaces:
        node = trie
        for atom in _atoms(surface, fold=fold):
            node = node.setdefault(atom, {})
        node[""] = {}

    def pattern(node: dict[str, dict]) -> str:
        branches = [atom + pattern(child) for atom, child in sorted(node.items()) if atom]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return pattern(trie)


class OutletTable:
    """The outlets of a table file, indexed by name, short form, alias and domain.

    Build one with :meth:`load` (or :func:`outlet_table` for the cached packaged table). Lookups do not
    change the table (but for compiling, on first need, the pattern for text whose lower-casing changes
    its length), so one table can serve several threads.

    Attributes:
        outlets: Every outlet, in file order.
    """

    __slots__ = (
        "_by_domain",
        "_by_exact_name",
        "_by_folded_name",
        "_exact_forms",
        "_fold_any_case",
        "_fold_forms",
        "_fold_source",
        "_patterns",
        "outlets",
    )

    def __init__(self, outlets: Iterable[Outlet], *, source: str = "outlet table") -> None:
        """Index ``outlets``.

        Args:
            outlets: The rows.
            source: Names the table in errors.

        Raises:
            InputError: Two outlets share a name, a form (compared ignoring case, accents and a leading
                "The") or a domain.
        """
        self.outlets: tuple[Outlet, ...] = tuple(outlets)
        dictionary = _Dictionary()
        claimed: dict[str, Outlet] = {}
        self._by_exact_name: dict[str, Outlet] = {}
        self._by_folded_name: dict[str, Outlet] = {}
        self._by_domain: dict[str, Outlet] = {}
        self._exact_forms: dict[str, _Form] = {}
        self._fold_forms: dict[str, Outlet] = {}
        exact_surfaces: set[str] = set()
        fold_surfaces: set[str] = set()
        for outlet in self.outlets:
            for raw in outlet.forms:
                form = _clean(raw)
                if not any(c.isalnum() for c in form):
                    raise InputError(source, f"{outlet.name!r} has a form without letters or digits: {raw!r}")
                loose = _fold_key(form)
                owner = claimed.setdefault(loose, outlet)
                if owner is not outlet:
                    raise InputError(source, f"{raw!r} is claimed by both {owner.name!r} and {outlet.name!r}")
                shape, proper = _shape(form, dictionary)
                self._index_name(form, shape, outlet)
                self._index_text_form(form, shape, proper, outlet, exact_surfaces, fold_surfaces)
            for domain in outlet.domains:
                owner = self._by_domain.setdefault(domain, outlet)
                if owner is not outlet:
                    raise InputError(source, f"domain {domain!r} is claimed by both {owner.name!r} and {outlet.name!r}")
                fold_surfaces.add(domain)
                self._fold_forms[_fold_key(domain)] = outlet
        # The any-case forms are matched against the lower-cased text by a case-sensitive pattern: four
        # times faster than re.IGNORECASE, which is kept for the rare text whose lower-casing changes its
        # length (offsets would shift) and compiled only then.
        self._fold_source = rf"(?<!\w)(?:the\s+)?(?:{_trie_pattern(fold_surfaces, fold=True)})(?!\w)"
        self._fold_any_case: re.Pattern[str] | None = None
        self._patterns = (
            re.compile(rf"(?<!\w)(?:{_trie_pattern(exact_surfaces, fold=False)})(?!\w)"),
            re.compile(self._fold_source),
        )

    def _index_name(self, form: str, shape: _Shape, outlet: Outlet) -> None:
        if shape in (_Shape.ABBREVIATION, _Shape.WORD):
            self._by_exact_name[_exact_key(form)] = outlet
        else:
            self._by_folded_name[_fold_key(form)] = outlet

    def _index_text_form(
        self,
        form: str,
        shape: _Shape,
        proper: bool,
        outlet: Outlet,
        exact_surfaces: set[str],
        fold_surfaces: set[str],
    ) -> None:
        if len(form) < MIN_FIND_LENGTH or form in FIND_IN_EXCLUDED:
            return
        has_article = form.lower().startswith(_ARTICLE)
        single_word = " " not in _without_article(form)
        if shape is _Shape.ABBREVIATION:
            entry = _Form(outlet, not_after_number=True)
        elif shape is _Shape.TITLE:
            entry = _Form(outlet, not_in_phrase=True)
            # In capitals (a headline, an all-caps credit) the next word is capitalised anyway.
            self._add_exact({s.upper() for s in (form, _strip_accents(form))}, _Form(outlet), exact_surfaces)
        elif shape is _Shape.WORD:
            entry = _Form(
                outlet, not_sentence_start=not has_article, not_in_phrase=True, not_after_name=True, ends_phrase=proper
            )
        elif form in NAMESAKE_FORMS:
            entry = _Form(outlet, not_in_phrase=True, not_after_name=True)
        elif has_article and single_word:
            # A one-word masthead after "The" that is no English word: in lower case it is prose ("the
            # spinoff"), and with a word after it usually a place or a thing ("the Irrawaddy delta").
            entry = _Form(outlet, not_in_phrase=True, not_after_name=True, ends_phrase=True)
        else:
            surfaces = {_without_article(form), _strip_accents(_without_article(form))}
            fold_surfaces.update(surfaces)
            for surface in surfaces:
                self._fold_forms[_fold_key(surface)] = outlet
            return
        self._add_exact({form, _strip_accents(form)}, entry, exact_surfaces)

    def _add_exact(self, surfaces: set[str], entry: _Form, exact_surfaces: set[str]) -> None:
        exact_surfaces.update(surfaces)
        for surface in surfaces:
            self._exact_forms.setdefault(_exact_key(surface), entry)

    @classmethod
    def load(cls, path: str | Path | None = None) -> OutletTable:
        """Read a table file.

        Args:
            path: A TSV file in the layout of ``data/outlets.tsv``; None for the packaged one.

        Returns:
            The indexed table.

        Raises:
            InputError: The file cannot be read, a row is malformed, or two outlets claim one form or domain.
        """
        if path is None:
            source = "storyline/data/outlets.tsv"
            text = (resources.files("storyline") / "data" / "outlets.tsv").read_text(encoding="utf-8")
        else:
            source = str(path)
            try:
                text = Path(path).read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                raise InputError(source, f"cannot read the outlet table: {exc}") from exc
        return cls(_parse(text, source), source=source)

    def __len__(self) -> int:
        return len(self.outlets)

    def __iter__(self) -> Iterator[Outlet]:
        return iter(self.outlets)

    def by_name(self, text: str) -> Outlet | None:
        """Return the outlet a free-form string names exactly, or None.

        Case, accents, typographic apostrophes, spacing, a leading "The", enclosing brackets and edge
        punctuation do not matter, except for abbreviations ("AP" but not "ap" or "Ap") and ordinary
        words ("Time", "The Sun", "Metro"), which must be written as in the table. A bare host
        ("reuters.com") is looked up as a domain.

        Args:
            text: "Thomson Reuters", "REUTERS", "(AP)", "The Wall Street Journal", "reuters.com" ...

        Returns:
            The outlet, or None when the string names none exactly.
        """
        cleaned = _clean(text)
        if not cleaned:
            return None
        exact = _strip_accents(cleaned)
        found = self._by_exact_name.get(exact) or self._by_folded_name.get(_without_article(exact.lower()))
        if found is None and _HOST.fullmatch(cleaned.lower()):
            found = self.by_domain(cleaned)
        return found

    def by_domain(self, url_or_host: str) -> Outlet | None:
        """Return the outlet of a URL or host, or None.

        The host is lower-cased and loses its port and any HOST_PREFIXES; then it and each parent
        domain in turn are looked up ("uk.reuters.com" -> "reuters.com"), so a listed subdomain
        ("finance.yahoo.com") wins over its parent ("yahoo.com").

        Args:
            url_or_host: "https://www.reuters.com/world/x", "uk.reuters.com", "apnews.com:443" ...

        Returns:
            The outlet, or None for an unlisted or malformed host.
        """
        host = _host_of(url_or_host)
        if host is None:
            return None
        labels = host.split(".")
        for start in range(len(labels) - 1):
            found = self._by_domain.get(".".join(labels[start:]))
            if found is not None:
                return found
        return None

    def find_in(self, text: str) -> list[tuple[Outlet, int, int]]:
        """Find every outlet a line or short text names.

        Names, short forms, aliases and domains are matched at word boundaries ("(AP)", "/AFP",
        "AFP/Getty Images", "Reuters/Jane Doe"; not the "AP" of "APPLE" or the "DW" of "DWELLING"),
        with the case rules of :meth:`by_name` and the context rules of the module docstring. Where
        matches overlap the longest wins ("Xinhua News Agency" over "Xinhua", "BBC Monitoring" over
        "BBC").

        Args:
            text: A line: a credit, a dateline, a copyright notice, a sentence.

        Returns:
            (outlet, start, end) for each match, in text order, non-overlapping; ``text[start:end]`` is
            the matched form. An outlet named twice is listed twice.
        """
        exact_pattern, fold_pattern = self._patterns
        lowered = text.lower()
        if len(lowered) == len(text):
            fold_matches = fold_pattern.finditer(lowered)
        else:
            if self._fold_any_case is None:
                self._fold_any_case = re.compile(self._fold_source, re.IGNORECASE)
            fold_matches = self._fold_any_case.finditer(text)
        candidates: list[tuple[int, int, Outlet]] = []
        position = 0
        while (match := exact_pattern.search(text, position)) is not None:
            form = self._exact_forms.get(_exact_key(match.group()))
            if form is not None and _context_allows(text, match.start(), match.end(), form):
                candidates.append((match.start(), match.end(), form.outlet))
                position = match.end()
            else:  # a form the context rules out may hide one that starts inside it ("Daily Mail Online")
                position = match.start() + 1
        for match in fold_matches:
            outlet = self._fold_forms.get(_fold_key(match.group()))
            if outlet is not None:
                candidates.append((match.start(), match.end(), outlet))
        chosen: list[tuple[int, int, Outlet]] = []
        for start, end, outlet in sorted(candidates, key=lambda c: (c[0] - c[1], c[0])):
            if all(end <= s or start >= e for s, e, _ in chosen):
                chosen.append((start, end, outlet))
        return [(outlet, start, end) for start, end, outlet in sorted(chosen, key=lambda c: c[0])]


def _context_allows(text: str, start: int, end: int, form: _Form) -> bool:
    """Apply a form's find_in context rules (see _Form and the module docstring)."""
    before = text[max(0, start - CONTEXT_WINDOW) : start]
    if form.not_sentence_start and before.rstrip(" \t" + _OPENING_QUOTES)[-1:] in ("", *_SENTENCE_END):
        return False
    wanted = form.not_in_phrase or form.not_after_name or form.not_after_number
    previous = _PREVIOUS_WORD.search(before) if wanted else None
    if previous is not None:
        word = previous.group(1)
        if form.not_after_number and word.isdigit() and not _YEAR.fullmatch(word):
            return False
        if form.not_after_name and word[0].isupper():
            return False
        if form.not_in_phrase and word.lower() in CONTINUING_WORDS:
            return False
    following = _NEXT_WORD.match(text, end) if form.not_in_phrase or form.ends_phrase else None
    if following is not None:
        first, rest = following.groups()
        if form.ends_phrase and first.isalpha():
            return False
        word = first + rest
        if form.not_in_phrase and word not in CAPITALISED_ANYWAY:
            if first.isupper() or first.isdigit() or word.lower() in CONTINUING_WORDS:
                return False
    return True


def _parse(text: str, source: str) -> list[Outlet]:
    """Parse the TSV text of an outlet table; raise InputError naming the line of any malformed row."""
    outlets: list[Outlet] = []
    header_seen = False
    for number, line in enumerate(text.splitlines(), start=1):
        where = f"{source}:{number}"
        if not header_seen:
            if line.startswith("#") or not line.strip():
                continue
            if tuple(line.split("\t")) != COLUMNS:
                raise InputError(where, f"header must be {' TAB '.join(COLUMNS)}")
            header_seen = True
            continue
        if not line.strip():
            continue
        cells = [cell.strip() for cell in line.split("\t")]
        if len(cells) != len(COLUMNS):
            raise InputError(where, f"{len(cells)} columns, expected {len(COLUMNS)}")
        name, short, aliases, domains, country, wire, kind = cells
        if not name:
            raise InputError(where, "empty name")
        if wire not in ("0", "1"):
            raise InputError(where, f"wire must be 0 or 1, not {wire!r}")
        if kind not in KINDS:
            raise InputError(where, f"kind {kind!r} is not one of {', '.join(sorted(KINDS))}")
        if not (len(country) == 2 and country.isascii() and country.isupper()):
            raise InputError(where, f"country {country!r} is not an ISO 3166-1 alpha-2 code")
        outlets.append(
            Outlet(
                name=name,
                short=short or None,
                aliases=tuple(a.strip() for a in aliases.split(VALUE_SEPARATOR) if a.strip()),
                domains=tuple(d.strip().lower() for d in domains.split(VALUE_SEPARATOR) if d.strip()),
                country=country,
                wire=wire == "1",
                kind=kind,
            )
        )
    if not header_seen:
        raise InputError(source, f"no header row ({' TAB '.join(COLUMNS)})")
    return outlets


@functools.lru_cache(maxsize=1)
def outlet_table() -> OutletTable:
    """Return the packaged outlet table, loaded once per process."""
    return OutletTable.load()


def canonical_outlet(text: str | None) -> str | None:
    """Return the canonical name of a free-form outlet string; an unknown outlet is kept as given.

    Tries :meth:`OutletTable.by_name`, then, for something that looks like a host or URL,
    :meth:`OutletTable.by_domain`.

    Args:
        text: "REUTERS", "The Associated Press", "https://uk.reuters.com/x", "Riverside Gazette", None.

    Returns:
        The canonical name ("Reuters"), the input stripped of surrounding whitespace when no outlet
        matches ("Riverside Gazette"), or None for None or a blank string.
    """
    if text is None:
        return None
    stripped = text.strip()
    if not stripped:
        return None
    table = outlet_table()
    found = table.by_name(stripped)
    if found is None and "." in stripped and not any(c.isspace() for c in stripped):
        found = table.by_domain(stripped)
    return found.name if found is not None else stripped
