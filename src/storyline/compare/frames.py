"""What a numeric claim counts: its frame (issue 14).

Two figures can only agree or disagree when they count the same thing. A claim's **frame** is read from
its clause and subject (word rules, no parse at build time):

- ``counted``: the counted noun's class (plural-agnostic; "soldiers", "troops" and "servicemen" are one
  class, see ``claims.UNIT_CLASSES``);
- ``owner``: the countries of the demonyms in the claim's subject ("North Korean troops" -> KP), from
  the gazetteer's demonym table; figures of two different owners are never compared;
- ``event``: what happened to the counted thing, one label from :data:`EVENT_WORDS` read off the
  clause's words. A clause naming both deaths and injuries ("killed or wounded", "dead and injured")
  and the words "casualties" and "losses" give ``killed or wounded``, which is neither ``killed`` nor
  ``injured``. Being somewhere (``deployed``) is compatible with a clause naming no event, and an
  outcome with a presence or event-less clause only when their figures agree;
- ``part``: words that make the figure a part of a larger whole ("the first contingent", "an advance
  group", "special forces", "officers", "generals") in the subject or just before the number; a part
  is never compared with the whole nor with another part. A subject with the demonyms of two countries
  ("Russian and North Korean troops") counts a combined whole and carries the part word "combined";
- ``aboard``: the clause counts the people on a craft ("on board", "aboard"), or counts passengers or
  crew, who are on board by what they are; the people on board are one count whatever fate a clause
  gives them;
- ``cited``: who the article cites for the figure: the speaker of the quote or reported-speech
  attribution whose content holds the number, else the object of "according to" in the sentence.
  ``cited`` is not part of the comparison: it names who says what when figures disagree.

A claim is **comparable** only when it counts something: a count needs a counted noun (a word of three
or more letters that is not page furniture such as "paragraphs" or "photos") or an event word ("the
toll rose to 300"); measures, money, percentages, ages and durations keep their units.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..extract.cues import COGNITION_VERBS, SPEECH_VERBS
from ..gazetteer import DEMONYMS_FILE, read_tsv
from ..model import Claim, Quote

#: The label of a count of the killed and the wounded together.
KILLED_OR_WOUNDED = "killed or wounded"
#: Event words -> event label, in the inflections news copy uses (no lemmatiser at build time). Drawn from
#: casualty, disaster, conflict and justice reporting (AP style on tolls: killed/dead/died/death toll).
#: "victims", "bodies" and "cases" are left out: they are counted in several different events; so is
#: "moved" ("the flood wave moved south", "moved to a school"), which stays an ordinary content word.
EVENT_WORDS: dict[str, str] = {
    **dict.fromkeys(
        "kill kills killed killing die dies died dying dead death deaths toll fatalities fatality "
        "lives drowned perished slain murdered massacred".split(),
        "killed",
    ),
    **dict.fromkeys("injure injures injured injuring injury injuries wound wounded wounding hurt".split(), "injured"),
    **dict.fromkeys("casualty casualties losses".split(), KILLED_OR_WOUNDED),
    **dict.fromkeys("missing unaccounted disappeared vanished".split(), "missing"),
    **dict.fromkeys(
        "evacuate evacuated evacuating evacuation evacuations evacuee evacuees relocated relocating".split(),
        "evacuated",
    ),
    **dict.fromkeys("displaced homeless".split(), "displaced"),
    **dict.fromkeys("rescue rescued rescuing saved".split(), "rescued"),
    **dict.fromkeys(
        "arrest arrests arrested detain detained detaining detention jailed imprisoned custody".split(), "arrested"
    ),
    **dict.fromkeys("charged indicted".split(), "charged"),
    **dict.fromkeys(
        "deploy deployed deploying deployment send sends sent sending dispatched stationed".split(),
        "deployed",
    ),
    **dict.fromkeys("hospitalised hospitalized hospitalisation hospitalization".split(), "hospitalised"),
    **dict.fromkeys("captured capture captive captives prisoner prisoners pows".split(), "captured"),
}

#: Labels that say where the counted things are, not what happened to them: compatible with a clause
#: that names no event ("10,000 troops in the region" / "10,000 troops deployed to the region").
PRESENCE_EVENTS = frozenset({"", "deployed"})
#: Outcomes that outrank a presence word in one clause: "troops sent to the front were killed" counts
#: the dead.
OUTCOME_EVENTS = frozenset(
    {
        "killed",
        "injured",
        KILLED_OR_WOUNDED,
        "missing",
        "captured",
        "arrested",
        "charged",
        "house arrest",
        "hospitalised",
        "rescued",
        "evacuated",
        "displaced",
    }
)

#: What a craft's whole complement can be reported as while its fate is unknown and after: the people on
#: board are counted the same whether a report calls them missing or dead ("239 people on board").
ABOARD_FATES = frozenset({"", "killed", "missing"})
#: Words that say a count is of the people on a craft ("aboard", "on board").
ABOARD_WORDS = frozenset({"aboard", "onboard"})
#: Counted classes of which one may stand for the other: news copy often calls everyone on a craft,
#: crew included, "passengers" ("its 239 passengers disappeared"), so a count of passengers may confirm a
#: count of people, never contradict it (passengers may also exclude the crew).
PASSENGER_COUNTED = frozenset({"people", "passenger"})


def stands_for(counted: str, other: str) -> bool:
    """Whether two different counted classes may name the same people (:data:`PASSENGER_COUNTED`)."""
    return {counted, other} <= PASSENGER_COUNTED

#: Words that make a figure a part of a larger whole: a first batch, an advance unit, a rank.
PART_WORDS = frozenset(
    "first initial advance vanguard contingent contingents batch batches wave waves elite special "
    "officer officers general generals commander commanders".split()
)
#: Words that grade an injury: "critically injured" is a part of the injured.
SEVERITY_WORDS = frozenset(
    "critical critically serious seriously severe severely grave gravely badly slightly lightly minor".split()
)
#: Nouns of places inside a town where a figure can hold: a figure there is a part of the town's.
VENUE_NOUNS = frozenset(
    "hall venue stadium arena theatre theater restaurant restaurants bar bars cafe cafes club nightclub "
    "school church mosque synagogue market hotel hospital station airport".split()
)
#: Entity labels of named venues (a facility, a landmark) when the gazetteer does not place them.
VENUE_LABELS = frozenset({"FAC", "LOC"})
#: How many words before the number are read for part words ("a first contingent of 1,500").
PART_WINDOW_WORDS = 4

#: Counted nouns that are page furniture or text measures, never a figure of the story.
FURNITURE_NOUNS = frozenset(
    "word words paragraph paragraphs page pages photo photos image images picture pictures comment "
    "comments share shares minute-read read reads view views like likes click clicks slide slides".split()
)

_ACCORDING_TO = re.compile(
    r"\baccording\s+to\s+((?:[\w’'.&-]+\s*){1,6}?)(?=[,;.:)]|\s+(?:on|in|at|as|who|which|that)\b|$)", re.IGNORECASE
)


@dataclass(frozen=True, slots=True)
class ClaimFrame:
    """What a claim counts; see the module docstring."""

    counted: str
    owner: frozenset[str]
    event: str
    part: frozenset[str]
    cited: str
    venue: frozenset[str] = frozenset()
    aboard: bool = False  # the clause counts the people on board a craft ("239 people on board")
    projected: bool = False  # the clause states a possibility or forecast ("could send up to 100,000")

    def compatible(self, other: ClaimFrame) -> bool | None:
        """Whether two claims may be compared: same counted class (or one unstated), no two different
        owners, the same event (presence words aside), the same part words, one venue. None when
        they may only agree: one clause names an outcome and the other none or only a presence ("1,200
        people moved to schools" may confirm "1,200 evacuated", "239 people on board" confirms "239
        missing", but "10,000 troops sent" never contradicts "100 killed"), or their venues differ
        ("89 at the concert hall" may confirm "89 at the club", never contradict "129 in the city"), or
        both count the people on board a craft under two fates of :data:`ABOARD_FATES`, or one counts
        passengers and the other people (:data:`PASSENGER_COUNTED`). A projected
        figure (a possibility or forecast) is compared only with projected figures."""
        loose = False  # may only agree
        if self.counted and other.counted and self.counted != other.counted:
            if not stands_for(self.counted, other.counted):
                return False
            loose = True  # "its 239 passengers disappeared" and "239 people on board"
        if self.projected != other.projected:
            return False  # "could send 100,000" neither confirms nor contradicts "has sent 11,000"
        if self.owner and other.owner and not self.owner & other.owner:
            return False
        if self.part != other.part:
            return False
        if self.event != other.event and not {self.event, other.event} <= PRESENCE_EVENTS:
            if self.aboard and other.aboard and {self.event, other.event} <= ABOARD_FATES:
                return None  # "239 on board are missing", later "presumed dead": the one complement
            return None if {self.event, other.event} & PRESENCE_EVENTS else False
        if self.venue == other.venue or self.venue & other.venue:
            return None if loose else True  # "the concert hall" and "the Bataclan concert hall": one venue
        return None


#: Words that make a clause's figure a possibility or forecast rather than a reported state: modals of
#: possibility and verbs of expectation, threat or deliberation ("could send up to 100,000", "is expected
#: to reach", "threatens to send", "is considering sending"). A decided plan is the figure itself ("planned
#: to send a total of 12,000 troops" is the deployment's total), and "will"/"would" state announced
#: arrangements ("eight ships will join the search"), so neither is here; nor is "forecast", more often a
#: noun. A modal followed by "have" or "been" looks back ("may have died": an estimate of what happened);
#: capitalised "May" is the month.
_PROJECTION = re.compile(
    r"\b(?:could|might|(?-i:may)|expects?|expected|threatens?|threatened|proposes?|proposed|projected|"
    r"envisages?|considers?|considering)\b(?!\s+(?:have|been)\b)",
    re.IGNORECASE,
)


def projected(clause: str) -> bool:
    """Whether a clause states a possibility or forecast (see ``_PROJECTION``)."""
    return _PROJECTION.search(clause) is not None


#: Counted classes that are on board a craft by what they are: "its 239 passengers disappeared" counts the
#: people on board as "239 people on board" does.
ON_BOARD_COUNTED = frozenset({"passenger", "crew"})


def aboard(clause_words: Sequence[str]) -> bool:
    """Whether a clause counts the people on board a craft ("aboard", "on board", "onboard")."""
    return any(w in ABOARD_WORDS for w in clause_words) or ("on", "board") in zip(
        clause_words, clause_words[1:], strict=False
    )


def event_label(clause_words: Sequence[str]) -> str:
    """One event label for a clause's (folded) words; see the module docstring."""
    service = {k + 2 for k in range(len(clause_words) - 2) if tuple(clause_words[k : k + 2]) == ("search", "and")}
    # "search and rescue teams" name a service, not people rescued
    found = {EVENT_WORDS[w] for k, w in enumerate(clause_words) if w in EVENT_WORDS and k not in service}
    pairs = set(zip(clause_words, clause_words[1:], strict=False))
    if ("gunned", "down") in pairs:
        found.add("killed")
    if ("house", "arrest") in pairs:
        found = (found - {"arrested"}) | {"house arrest"}
    if any((w, "condition") in pairs for w in SEVERITY_WORDS):
        found.add("injured")  # "in a critical condition"
    if {"killed", "injured"} <= found or KILLED_OR_WOUNDED in found:
        return KILLED_OR_WOUNDED
    outcomes = found & OUTCOME_EVENTS
    if outcomes:
        return "+".join(sorted(outcomes))
    return "+".join(sorted(found))


@functools.lru_cache(maxsize=1)
def _demonyms() -> tuple[dict[tuple[str, ...], frozenset[str]], int]:
    """Demonym word sequences (lower-cased) -> the country codes they name, from the gazetteer's demonym
    table; and the most words a demonym has."""
    found: dict[tuple[str, ...], frozenset[str]] = {}
    for forms, target, *_ in read_tsv(DEMONYMS_FILE):
        if target == "-":
            continue
        codes = frozenset(t.split(":", 1)[1] for t in target.split(",") if ":" in t)
        for form in forms.split("|"):
            found[tuple(form.lower().split())] = codes
    return found, max((len(k) for k in found), default=1)


def owner_of(subject_words: Sequence[str]) -> frozenset[str]:
    """Country codes of the demonyms in a subject's words, longest match first ("north korean" is KP,
    not the two Koreas of "korean")."""
    return frozenset(code for codes in _demonym_matches(subject_words) for code in codes)


def _demonym_matches(subject_words: Sequence[str]) -> list[frozenset[str]]:
    """The country codes of each demonym in a subject's words, longest match first."""
    table, longest = _demonyms()
    matches: list[frozenset[str]] = []
    i = 0
    while i < len(subject_words):
        for n in range(min(longest, len(subject_words) - i), 0, -1):
            codes = table.get(tuple(subject_words[i : i + n]))
            if codes is not None:
                matches.append(frozenset(codes))
                i += n
                break
        else:
            i += 1
    return matches


#: The part word of a count that joins two countries' people (:func:`combined`).
COMBINED_PART = frozenset({"combined"})


def combined(subject_words: Sequence[str]) -> frozenset[str]:
    """{"combined"} when a subject counts the people of two countries together ("a combined force of
    50,000 Russian and North Korean troops"): a whole of its own, never one country's figure (returned as
    a part word, so that :meth:`ClaimFrame.compatible` keeps it apart)."""
    matches = _demonym_matches(subject_words)
    return COMBINED_PART if len(matches) > 1 and len(frozenset().union(*matches)) > 1 else frozenset()


def part_of(before_words: Sequence[str], subject_words: Sequence[str]) -> frozenset[str]:
    """Part words in the subject or in the last few words before the number."""
    return frozenset(w for w in (*before_words[-PART_WINDOW_WORDS:], *subject_words) if w in PART_WORDS)


def severity(clause_words: Sequence[str]) -> frozenset[str]:
    """The grade of an injury named in the clause ("critically"), as part words."""
    return frozenset(w for w in clause_words if w in SEVERITY_WORDS)


#: The capitalised owner of an estimate right before its figure: "South Korea's estimate of around 1,100",
#: "by the Health Ministry's count, 300".
_OWNED_ESTIMATE = re.compile(
    r"\b((?:[Tt]he\s+)?[A-Z][\w.&-]*(?:\s+(?:of\s+)?[A-Z][\w.&-]*){0,4})['’]s?\s+"
    r"(?:(?:own|latest|new|first|initial|revised|official|preliminary)\s+)?"
    r"(?:estimates?|count|tally|figures?|assessment|toll)(?:\s+(?:of|at|was|is|put\s+at)|,)?\s*$"
)


def cited_for(claim: Claim, quotes: Sequence[Quote], sentence: str, before: str = "") -> str:
    """Who the article cites for a claim: the speaker of the quote or attribution whose content holds the
    number (a tentative attribution never counts), else the owner of an estimate stated right before the
    number (``before``: the sentence up to the number; "South Korea's estimate of around 1,100"), else
    the object of "according to" in the claim's sentence; "" when none is given."""
    holding = [
        q
        for q in quotes
        if not (q.in_title or q.tentative) and q.speaker and q.start <= claim.start and claim.end <= q.end
        and _reports(q)
    ]
    if holding:
        return min(holding, key=lambda q: q.end - q.start).speaker or ""
    if (owned := _OWNED_ESTIMATE.search(before)) is not None:
        return re.sub(r"^[Tt]he\s+", "", owned.group(1))
    m = _ACCORDING_TO.search(sentence)
    return m.group(1).strip().rstrip(".") if m else ""


#: Past forms of reporting verbs that suffix stripping does not reach.
_IRREGULAR_CUES = {"said": "say", "told": "tell", "wrote": "write", "spoke": "speak", "thought": "think"}


def _reports(quote: Quote) -> bool:
    """Whether a quote reports its speaker's words or view: a direct or partial quote, or an attribution
    whose cue is a verb of speech or opinion or "according to" ("X said/estimated/believes that 11,000 ...");
    not one cued by anything else ("X does not need to imagine what the thousands ... think")."""
    if quote.kind != "indirect" or not quote.cue:
        return True
    for word in quote.cue.lower().split():
        stems = {word, word[:-1], word[:-2], word[:-3], word[:-3] + "e", word[:-1] + "e", _IRREGULAR_CUES.get(word, "")}
        if word == "according" or stems & (SPEECH_VERBS | COGNITION_VERBS):
            return True
    return False


def countable(claim: Claim, counted: str, event: str) -> bool:
    """Whether a claim counts something that can be compared (module docstring)."""
    if claim.kind != "count":
        return bool(claim.unit)
    if counted:
        return len(counted) >= 3 and counted.replace("-", "").isalpha() and counted not in FURNITURE_NOUNS
    return bool(event) and event not in PRESENCE_EVENTS
