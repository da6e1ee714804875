"""Statements of a story's sources that cannot both be true.

Two kinds, both only ever between two different articles of two different outlets (a syndicated copy
is no second source, and an article that changes its mind within itself is not a disagreement between
sources; issue 14):

**Numeric** (from ``align_claims``): every contradicted ClaimGroup gives one record per pair of
incompatible figures ("three" vs "at least seven" people killed), citing members of two articles.

**Negation** (:func:`_negations`): one source affirms and another negates the same predicate of the
same subject, for compatible times. Read with a light rule on words - no parse is stored with an
Extraction and the build never re-parses - so it is deliberately narrow (issue 14 wants >= 90 % of
reported contradictions real):

* the negation is "not"/"n't" after an auxiliary, "never", "no longer", or "deny ...-ing";
* the predicate is the word after the auxiliary chain, compared by a verb key ("arrested" / "arrest" /
  "arresting" meet; irregular pasts folded, :data:`IRREGULAR_VERBS`); no synonyms or antonyms;
  light, reporting and disclosure verbs are left out (:data:`LIGHT_VERBS`, :data:`DISCLOSURE_VERBS`);
* the subject is the words between the clause start and the auxiliary chain; its head (last word
  before a preposition) must be the same entity (the resolved mention's canonical name; a lone
  surname matches the full name) or the same noun; pronouns, quantifiers and relative clauses give no
  subject, so they are never compared;
* both clauses have the same voice (active/passive) and the same modality ("will" with "will";
  "could", "may", "should"... never), neither is a condition ("if", "unless", "whether") or a question;
* the objects (content words after the verb up to punctuation) share a word, or are both empty;
* the dates the two sentences hold for (a day-level time in the sentence, else the publication date)
  are at most :data:`MAX_DAYS_APART` apart, or one sentence is undated.

Not attempted: antonyms ("rose"/"fell", "confirmed"/"denied"), paraphrase ("fought" / "engaged in
combat"), passive vs active of one event ("X was not arrested" / "police arrested X"), and subjects
named differently ("the troops" / "the fresh arrivals"); no offline NLI model exists to do better (see
``docs/hedges.md``).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..model import ClaimGroup, ClaimMember, Contradiction, Extraction, Mention, SourceRef
from .claims import STOPWORDS, TIME_WORDS, OutletOf, default_outlet, fold, source_ref, stem
from .hedges import figures_of
from .timeline import sentence_spans, sentence_time

#: Two sentences hold for compatible times when their dates are at most this many days apart: reports
#: of one event written over a weekend still meet, while "had not found the wreckage" (March) and "found
#: debris" (July) are an update, not a disagreement.
MAX_DAYS_APART = 3
#: Content words after a predicate that count as its object ("engaged in full-fledged combat").
OBJECT_WINDOW = 6

#: Auxiliaries that may carry a negation or stand between a subject and its verb.
AUXILIARIES = frozenset(
    "do does did is are was were be been being am has have had having will would shall should can could "
    "may might must ll".split()
)
#: Forms of "be": with a participle after them the clause is passive.
BE_FORMS = frozenset("is are was were be been being am".split())
#: Modal auxiliaries other than "will"/"shall": a possibility or obligation contradicts no fact.
MODALS = frozenset("would should can could may might must".split())
#: Adverbs that may sit inside the auxiliary chain ("have not yet fully engaged").
CHAIN_ADVERBS = frozenset(
    "yet already ever fully really actually even directly formally officially so far once always "
    "entirely completely publicly still also reportedly allegedly immediately initially previously "
    "originally later then now first".split()
)
#: Verbs that say "deny doing": "denied attacking" negates "attacked".
DENY_VERBS = frozenset("deny denies denied denying".split())
#: Light and reporting verbs: "not be", "not have", "did not say" negate too little to compare.
LIGHT_VERBS = frozenset(
    """
    be is are was were been being have has had do does did make makes made take takes took get gets got
    go goes went come comes came say says said tell told know knows knew want wants wanted expect
    expects expected see sees saw think thinks thought seem seems seemed need needs needed let lets
    """.split()
)
#: Verbs whose negation reports missing information, not a fact: "did not identify the suspect" or
#: "has not confirmed the toll" is later answered by "identified" or "confirmed", an update, not a
#: disagreement; "did not respond to requests for comment" says nothing about the story.
DISCLOSURE_VERBS = frozenset(
    "comment respond reply return confirm disclose reveal identify name release specify elaborate "
    "answer explain announce publish detail".split()
)
#: Words that end a subject on its left: clause starts ("said the police did not..."), conjunctions.
CLAUSE_STARTS = frozenset(
    "that which who whom whose and but or nor because when while after before although though since as "
    "where so said says say told tells reported reports according than until once if unless whether "
    "what how why whenever".split()
)
#: Clause starts that make a clause hypothetical or presupposed rather than stated: a condition ("if
#: the plane is found"), or a time clause, which in the present tense is a condition too ("the cost
#: depends on when the plane is found") and in the past only dates the main clause.
CONDITIONS = frozenset("if unless whether when whenever once until before".split())
#: Prepositions ending a subject's head phrase ("the president of France" -> "president").
PREPOSITIONS = frozenset(
    "of in at on from for with by near to among including over under into about against like".split()
)
#: Words that make a clause negative without "not": in the subject ("no trace of the aircraft has been
#: found") the clause is no affirmation and is not read; right after the verb ("found no trace") the
#: predicate is negated.
NEGATIVE_DETERMINERS = frozenset("no nothing none nobody neither nor without".split())
#: A subject phrase longer than this (up to its first preposition) is a misread clause boundary, not a
#: subject ("people began to realise what was happening" must not give the subject "began").
SUBJECT_MAX_WORDS = 5
#: Subject heads that name no one in particular (pronouns, quantifiers, determiners).
VAGUE_SUBJECTS = frozenset(
    """
    i me we us you he him she her it they them this that these those there here who which what one
    some many few most all none nobody no-one anyone anybody someone somebody everyone everybody each
    both either neither other others another any several such
    """.split()
)
#: Irregular verb forms folded to their base, so "fought" meets "fight" (common verbs of news reports).
IRREGULAR_VERBS: dict[str, str] = {
    form: base
    for base, forms in {
        "fight": "fought",
        "find": "found",
        "leave": "left",
        "give": "gave given",
        "hold": "held",
        "meet": "met",
        "pay": "paid",
        "sell": "sold",
        "win": "won",
        "lose": "lost",
        "run": "ran running",
        "begin": "began begun beginning",
        "bring": "brought",
        "buy": "bought",
        "build": "built",
        "catch": "caught",
        "choose": "chose chosen",
        "fly": "flew flown flies flying",
        "keep": "kept",
        "lead": "led",
        "send": "sent",
        "spend": "spent",
        "stand": "stood",
        "strike": "struck striking",
        "write": "wrote written writing",
        "speak": "spoke spoken",
        "break": "broke broken",
        "drive": "drove driven driving",
        "fall": "fell fallen",
        "rise": "rose risen rising",
        "shoot": "shot",
        "sink": "sank sunk",
        "withdraw": "withdrew withdrawn",
        "show": "shown",
        "grow": "grew grown",
        "throw": "threw thrown",
        "hide": "hid hidden hiding",
        "die": "died dies dying",
        "lie": "lay lain lying",
        "sign": "signed signs signing",
        "stop": "stopped stops stopping",
        "plan": "planned plans planning",
    }.items()
    for form in (base, *forms.split())
}

#: Negations that need no auxiliary before them ("never crossed", "no longer hold").
_FREE_NEGATIONS = frozenset({"never", "no-longer"})
_CHAIN = AUXILIARIES | CHAIN_ADVERBS | _FREE_NEGATIONS | {"not"}
_TOKEN = re.compile(r"[^\W\d_][\w'’-]*|[,;:()\[\]—–\"“”?!]")


# --- statements and their predicates -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Token:
    word: str  # folded
    start: int  # offset into the article text


@dataclass(frozen=True, slots=True)
class _Statement:
    order: int
    ref: SourceRef
    dates: tuple[dt.date, dt.date] | None  # what the sentence holds for; None when undated


@dataclass(frozen=True, slots=True)
class _Predicate:
    statement: _Statement
    verb: str  # the verb key
    written: str  # the verb group as written ("had not yet engaged")
    negated: bool
    passive: bool
    modality: str  # "" or "will"
    subject: str  # "entity:<canonical>" or "word:<head noun>"
    subject_text: str
    objects: frozenset[str]


def _tokens(text: str, offset: int) -> list[_Token]:
    """Folded tokens of a sentence with their article offsets; "n't"/"cannot" give "not", "no longer" is
    one token "no-longer", and a possessive keeps its "'s" (a possessive is never a subject head)."""
    out: list[_Token] = []
    for m in _TOKEN.finditer(text):
        word, at = fold(m.group()), offset + m.start()
        if word.endswith("n't") and len(word) > 3:
            stem_ = {"can't": "can", "won't": "will", "shan't": "shall"}.get(word, word[:-3])
            out += [_Token(stem_, at), _Token("not", at + len(stem_))]
        elif word == "cannot":
            out += [_Token("can", at), _Token("not", at + 3)]
        elif word == "longer" and out and out[-1].word == "no":
            out[-1] = _Token("no-longer", out[-1].start)
        else:
            out.append(_Token(word, at))
    return out


def verb_key(word: str) -> str:
    """A crude verb stem so "engaged", "engage", "engages", "engaging" meet; irregular forms folded.

    >>> [verb_key(w) for w in ("arrested", "arrest", "arrests", "arresting", "fought", "denied")]
    ['arrest', 'arrest', 'arrest', 'arrest', 'fight', 'deny']
    """
    if word in IRREGULAR_VERBS:
        return IRREGULAR_VERBS[word]
    if len(word) > 4 and word.endswith(("ied", "ies")):
        return word[:-3] + "y"
    for suffix in ("ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            break
    if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "aeiou":
        word = word[:-1]  # one key for "stopped"/"stop", "cancelled"/"cancel", "called"/"call"
    bare = word.rstrip("e")  # "agreed"/"agree", "arrived"/"arrive"
    return bare if len(bare) >= 3 else word


_DISCLOSURE_KEYS = frozenset(verb_key(v) for v in DISCLOSURE_VERBS)


def _is_word(word: str) -> bool:
    return word[:1].isalpha()


def _predicates(
    statement: _Statement, tokens: list[_Token], mentions: Sequence[Mention], keys: set[str] | None
) -> list[_Predicate]:
    """The predicates of one sentence that have a comparable subject (see the module docstring).

    With ``keys`` given, only affirmed predicates whose verb key is in it are returned (the negated
    predicates of the story decide which affirmations are worth reading); with None, only negated ones.
    """
    out = []
    words = [t.word for t in tokens]
    for k, word in enumerate(words):
        if len(word) < 3 or not _is_word(word) or word in STOPWORDS or word in LIGHT_VERBS:
            continue
        key = verb_key(word)
        if key in _DISCLOSURE_KEYS or (keys is not None and key not in keys):
            continue
        j = k  # the verb group is words[j:k]: auxiliaries, adverbs, negations
        while j > 0 and words[j - 1] in _CHAIN:
            j -= 1
        chain = words[j:k]
        denied = j > 0 and words[j - 1] in DENY_VERBS and word.endswith("ing") and not chain
        if denied:
            j -= 1
            while j > 0 and words[j - 1] in _CHAIN and words[j - 1] not in _FREE_NEGATIONS | {"not"}:
                j -= 1
            chain = words[j:k]
        has_aux = any(w in AUXILIARIES for w in chain)
        nots = [i for i, w in enumerate(chain) if w == "not"]
        negated = (
            denied
            or bool(_FREE_NEGATIONS & set(chain))
            or bool(nots and any(w in AUXILIARIES for w in chain[: nots[0]]))  # "did not", not "not only"
            or (k + 1 < len(words) and words[k + 1] in NEGATIVE_DETERMINERS)  # "found no trace"
        )
        if "not" in chain and not negated:
            continue  # "not only", "not far from": no verb under the negation
        if (keys is None) == (not negated):
            continue
        if not has_aux and not negated and not (word.endswith(("ed", "s")) or word in IRREGULAR_VERBS):
            continue  # no finite verb form: "the attack", "attacking the town"
        if any(w in MODALS for w in chain):
            continue
        if word.endswith("ing") and not has_aux and not denied:
            continue
        subject = _subject(tokens, j, mentions)
        if subject is None:
            continue
        passive = any(w in BE_FORMS for w in chain) and not word.endswith("ing")
        out.append(
            _Predicate(
                statement=statement,
                verb=key,
                written=" ".join([*chain, word, *(w for w in words[k + 1 : k + 2] if w in NEGATIVE_DETERMINERS)]),
                negated=negated,
                passive=passive,
                modality="will" if any(w in ("will", "shall", "ll") for w in chain) else "",
                subject=subject[0],
                subject_text=subject[1],
                objects=_objects(words, k),
            )
        )
    return out


def _subject(tokens: list[_Token], end: int, mentions: Sequence[Mention]) -> tuple[str, str] | None:
    """The subject key and head word of the clause whose verb group starts at ``end``, or None."""
    words = [t.word for t in tokens]
    start = end
    while start > 0 and _is_word(words[start - 1]) and words[start - 1] not in CLAUSE_STARTS:
        start -= 1
    before = next((w for w in reversed(words[:start]) if _is_word(w)), "")  # "if, or when, the plane is"
    if before in CONDITIONS:
        return None
    phrase = words[start:end]
    cut = next((i for i, w in enumerate(phrase) if w in PREPOSITIONS), len(phrase))
    if cut == 0 or cut > SUBJECT_MAX_WORDS or NEGATIVE_DETERMINERS & set(phrase):
        return None
    head_at = start + cut - 1
    head = words[head_at]
    if head in VAGUE_SUBJECTS or head in STOPWORDS or head in TIME_WORDS or head.endswith(("'s", "'")):
        return None
    at = tokens[head_at].start
    mention = next((m for m in mentions if m.start <= at < m.end), None)
    if mention is not None:
        return "entity:" + fold(mention.entity), mention.entity
    return "word:" + stem(head), head


def _objects(words: list[str], k: int) -> frozenset[str]:
    tail = []
    for w in words[k + 1 : k + 1 + OBJECT_WINDOW]:
        if not _is_word(w) or w in CLAUSE_STARTS:
            break  # the object phrase ends at punctuation or a new clause
        tail.append(w)
    return frozenset(stem(w) for w in tail if w not in STOPWORDS and w not in TIME_WORDS and w not in _CHAIN)


# --- pairing ---------------------------------------------------------------------------------------------


def _same_subject(a: str, b: str) -> bool:
    """Same subject key; a lone surname ("entity:macron") meets the full name ("entity:emmanuel macron")."""
    if a == b:
        return True
    if not (a.startswith("entity:") and b.startswith("entity:")):
        return False
    x, y = a[7:].split(), b[7:].split()
    return (len(x) == 1 and x[0] == y[-1]) or (len(y) == 1 and y[0] == x[-1])


def _compatible_times(a: tuple[dt.date, dt.date] | None, b: tuple[dt.date, dt.date] | None) -> bool:
    if a is None or b is None:
        return True
    gap = max(a[0], b[0]) - min(a[1], b[1])  # negative when the ranges overlap
    return gap.days <= MAX_DAYS_APART


def _contradict(pos: _Predicate, neg: _Predicate) -> bool:
    p, n = pos.statement.ref, neg.statement.ref
    return (
        p.article_id != n.article_id
        and p.outlet != n.outlet
        and pos.passive == neg.passive
        and pos.modality == neg.modality
        and _same_subject(pos.subject, neg.subject)
        and (bool(pos.objects & neg.objects) or not (pos.objects or neg.objects))
        and _compatible_times(pos.statement.dates, neg.statement.dates)
    )


def _negations(story_id: str, extractions: Sequence[Extraction], outlet_of: OutletOf) -> list[Contradiction]:
    sentences: list[tuple[_Statement, list[_Token], Sequence[Mention]]] = []
    for extraction in extractions:
        article = extraction.article
        outlet = outlet_of(article)
        quoted = [(q.start, q.end) for q in extraction.quotes if q.kind in ("direct", "partial") and not q.in_title]
        for a, b in sentence_spans(article.text):
            text = article.text[a:b]
            if text.rstrip("\"”’') ").endswith("?"):
                continue  # a question states nothing
            times = [t for t in extraction.times if a <= t.start < b]
            chosen = sentence_time(times, article, quoted)
            if chosen is not None and chosen.start_date is not None:
                dates: tuple[dt.date, dt.date] | None = (chosen.start_date, chosen.end_date or chosen.start_date)
            elif article.published is not None:
                dates = (article.published, article.published)
            else:
                dates = None
            statement = _Statement(len(sentences), source_ref(article, a, b, outlet, text), dates)
            in_sentence = [m for m in extraction.mentions if a <= m.start < b]
            sentences.append((statement, _tokens(text, a), in_sentence))
    negated = [p for s, tokens, mentions in sentences for p in _predicates(s, tokens, mentions, None)]
    keys = {p.verb for p in negated}
    by_verb: dict[str, list[_Predicate]] = {}
    if keys:
        for s, tokens, mentions in sentences:
            for p in _predicates(s, tokens, mentions, keys):
                by_verb.setdefault(p.verb, []).append(p)
    out: list[Contradiction] = []
    seen: set[tuple[int, int]] = set()
    for neg in negated:
        for pos in by_verb.get(neg.verb, []):
            pair = (pos.statement.order, neg.statement.order)
            if pair in seen or not _contradict(pos, neg):
                continue
            seen.add(pair)
            shared = " ".join(sorted(pos.objects & neg.objects))
            out.append(
                Contradiction(
                    story_id=story_id,
                    topic=f"{neg.subject_text} {neg.verb}" + (f" ... {shared}" if shared else ""),
                    first=pos.statement.ref,
                    second=neg.statement.ref,
                    reason=f'negation: one source states "{pos.written}", the other "{neg.written}"',
                )
            )
    return out


# --- numeric ---------------------------------------------------------------------------------------------


def _numeric(story_id: str, group: ClaimGroup) -> list[Contradiction]:
    """One record per pair of incompatible figures, citing two different articles (different outlets
    when any); a pair whose figures all come from one article gives none."""
    figures = figures_of(group.members)
    out = []
    for i, first in enumerate(figures):
        for second in figures[i + 1 :]:
            pairs = [(a, b) for a in first for b in second if a.source.article_id != b.source.article_id]
            if not pairs:
                continue
            a, b = min(pairs, key=lambda ab: ab[0].source.outlet == ab[1].source.outlet)  # first best
            when = a.as_of or b.as_of
            out.append(
                Contradiction(
                    story_id=story_id,
                    topic=group.subject,
                    first=a.source,
                    second=b.source,
                    reason=f"{_figure(a)} vs {_figure(b)} {group.unit}".rstrip()
                    + (f" for {when.isoformat()}" if when else ""),
                )
            )
    return out


def _figure(member: ClaimMember) -> str:
    """Who says what: 'Valley Herald citing the Health Ministry: "41"'."""
    source = member.source.outlet + (f" citing {member.cited}" if member.cited else "")
    return f'{source}: "{member.quantity}"' if source else f'"{member.quantity}"'


def find_contradictions(
    story_id: str,
    extractions: Sequence[Extraction],
    claim_groups: Sequence[ClaimGroup],
    *,
    outlet_of: OutletOf = default_outlet,
) -> list[Contradiction]:
    """Statements of a story's sources that cannot both be true.

    Args:
        story_id: the story.
        extractions: one per distinct source (syndicated copies removed).
        claim_groups: the story's groups from ``align_claims``; each contradicted group gives one record
            per pair of incompatible figures found in two different articles.
        outlet_of: names the outlet of an article; defaults to ``default_outlet``.

    Returns:
        Numeric contradictions first (in group order), then negation contradictions (in text order).
        No record ever cites two passages of one article.
    """
    found = [c for g in claim_groups if g.status == "contradicted" for c in _numeric(story_id, g)]
    found.extend(_negations(story_id, extractions, outlet_of))
    return found
