"""Reporting-verb lexicons shared by quote extraction and by the person evidence of entity labelling.

A leaf module (no storyline imports), so :mod:`storyline.resolve` and the extractors can both use it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # a leaf module the build-time comparison imports too: no spaCy at import
    from spacy.tokens import Token

__all__ = [
    "SPEECH_VERBS", "COGNITION_VERBS", "MANNER_VERBS", "NAMING_VERBS", "NOT_INDIRECT", "TRAIN_CUE_VERBS",
    "TRAIN_CUE_NOUNS",
    "NOT_QUOTE_CUES",
    "DIRECT_CUES", "INDIRECT_CUES", "PARTIAL_CUES", "is_cue",
]

#: Verbs (lemmas) that report what someone said, with a quote or with a that-clause. Seeded from
#: textacy's REPORTING_VERBS and the verbs of attribution in news style guides, then pruned of verbs
#: whose clausal complement is not speech ("show", "find").
SPEECH_VERBS = frozenset(
    """
    say tell add note argue warn explain claim state insist suggest report announce declare confirm
    acknowledge admit assert contend maintain stress emphasize emphasise observe remark reply respond
    answer recall write comment predict estimate assess conclude caution concede complain allege reveal
    disclose testify tweet post vow pledge promise point urge deny ask recount describe
    """.split()
)
#: Verbs of opinion: an expert "believes" or "agrees" that X is the expert's reported view.
#: Emotion verbs (fear, worry, feel) are left out: "Worried that …, Democrats limited …" reports nothing.
COGNITION_VERBS = frozenset("believe think agree reckon expect doubt".split())
#: Manner-of-speaking verbs: attribute a direct quote ("…,” he continued, "…,” the statement reads) but
#: report no content. "Retort", "beam", "gush" and "interject" were added for issue 13 (attributions after a
#: quote that the parse left without a cue: "“…!” beamed Tom Harley").
MANNER_VERBS = frozenset(
    "continue shout exclaim whisper joke quip laugh sigh scream mutter cry read retort beam gush interject".split()
)
#: Naming verbs license a partial quote ("called the move “reckless”"), never indirect speech.
NAMING_VERBS = frozenset("call dub term label brand characterize characterise".split())
#: Reporting verbs whose clausal complement is not the speaker's claim ("asked whether",
#: "denied that"): excluded from indirect speech only.
NOT_INDIRECT = frozenset({"ask", "deny", "doubt", "describe", "urge", "promise"})

#: Verbs (lemmas) PolNeAR's annotators took as attribution cues, derived from the train split by
#: ``bench/cue_lexicon.py``: a cue in at least 3 train articles, and a cue in at least 30% of the lemma's
#: verb uses (so "bemoan", "decry", "interject", "vow" are in; "make", "have", "go" are out). Issue 13:
#: quotes after reporting verbs outside the hand-made lexicons ("lamented the “…”", "praised their “…”").
#: Used to attribute and license direct and partial quotes only; indirect speech keeps its own lexicon.
TRAIN_CUE_VERBS = frozenset(
    """
    accord accuse acknowledge acquiesce add admit advocate agree aim alarm allege allude anger
    announce answer apologize appear applaud approve argue articulate ask assail assert assure
    attack attribute author balk bemoan bill blame blast boast boo brag broadcast brush call caution
    champion chant characterize charge chide circulate cite claim clarify coin comment complain
    concede conclude condemn confirm congratulate contemplate contend contradict contrast convince
    counter credit criticize cry declare decline decry dedicate deem defend demand denounce deny
    deride describe detail devote disavow disclose discuss dislike dismiss disparage dispute
    distance document doubt downplay dub dwell echo elaborate email emphasize endorse envision
    estimate expect explain explore express fear float forecast foresee hail hammer herald highlight
    hint hop horrify identify illustrate imply indicate inform infuriate insist interject interpret
    invoke issue joke judge label lambast lament lash lecture liken list mandate mention mince mock
    mull muse name note observe offer opine oppose order outline paint peg persuade pivot plead
    pledge point portray posit post praise preach predict prefer press pressure proclaim prohibit
    project promise promote pronounce propose pump push question quip quote rail rattle reaffirm
    rebuff rebuke rebut recall recite recognize recommend recount refer reference refuse reiterate
    reject relish remark remember remind repeat reply report repudiate request resist respond
    retweete reveal revere revile rouse rule savage say scoff seek seem sentence shout show shrug
    side signal sing single slam sound spar speculate spot startle state stress strive suggest
    surface suspect talk tell testify thank threaten thrill title tout trumpet tweet underscore
    unveil urge utter veto view voice vouch vow warn witness wonder worry write yell zero
    """.split()
)
#: Lemmas of TRAIN_CUE_VERBS whose cue uses are not about words or views but a sense the quote never
#: follows (appearances, motion, feelings caused in others: "appeared on “…”", "sentenced to", "pivot to",
#: "startled by"), and lemmatizer slips ("hop" for "hope"). Left out of the quote lexicons.
NOT_QUOTE_CUES = frozenset(
    """
    aim alarm anger appear dedicate devote distance dwell explore hop horrify identify infuriate mandate
    offer order pivot prefer prohibit pump resist rouse rule seek seem sentence show side single spot
    startle strive surface thrill veto witness zero
    """.split()
)

#: Nouns (lemmas) PolNeAR's annotators took as attribution cues, derived from the train split by
#: ``bench/cue_lexicon.py --pos NOUN --min-share 0.15``: a cue in at least 3 train articles and in at least
#: 15% of the noun's uses (nouns of speech are used without a quotation more often than verbs are, hence
#: the lower share). A partial quote framed by one of them takes its possessor as the speaker ("Lee's
#: claim that Ward “…”", "Lee's “…” promise"), which the derivation's odd members ("length", "look")
#: rarely meet.
TRAIN_CUE_NOUNS = frozenset(
    """
    accusation admission advice aim alarm allegation announcement anxiety argument assertion assessment
    assumption assurance attention backing belief blame blast boo call chant chatter claim column
    complaint concern confidence consensus contention criticism critique cry defender denunciation
    description desire dig disagreement disclosure doubt embrace endorsement enthusiasm estimate favor
    fear finger footage fun hint hope hostility inclination insistence joke length letter look mention
    note notion opinion opposition passion petition plea pledge praise promise proponent question
    recognition reference refusal rejection reluctance resistance rumor sentiment silence slogan smile
    speculation stance statement stump suggestion support swipe talking telephone tribute understanding
    view vow warning worry
    """.split()
)

DIRECT_CUES = SPEECH_VERBS | COGNITION_VERBS | MANNER_VERBS | (TRAIN_CUE_VERBS - NOT_QUOTE_CUES)
INDIRECT_CUES = (SPEECH_VERBS | COGNITION_VERBS) - NOT_INDIRECT
PARTIAL_CUES = SPEECH_VERBS | COGNITION_VERBS | NAMING_VERBS | (TRAIN_CUE_VERBS - NOT_QUOTE_CUES)


def is_cue(tok: Token, lexicon: frozenset[str]) -> bool:
    """Whether ``tok`` is a reporting verb of ``lexicon`` used actively ("said", "according to").

    Args:
        tok: a token of a parsed Doc.
        lexicon: lemmas to accept (one of the ``*_CUES`` sets).

    Returns:
        True for an active finite or non-finite use of a lexicon verb; False for participle modifiers
        and passives ("the deal announced in October", "That being said").
    """
    if tok.lemma_ == "accord":
        return any(c.lower_ == "to" for c in tok.children)
    if tok.lemma_.lower() == "point":
        return any(c.dep_ == "prt" and c.lower_ == "out" for c in tok.children)
    if tok.tag_ == "VBN" and (tok.dep_ in ("acl", "amod") or any(c.dep_ == "auxpass" for c in tok.children)):
        return False
    return tok.pos_ in ("VERB", "AUX") and tok.lemma_.lower() in lexicon
