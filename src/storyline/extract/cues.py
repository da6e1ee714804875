"""Reporting-verb lexicons shared by quote extraction and by the person evidence of entity labelling.

A leaf module (no storyline imports), so :mod:`storyline.resolve` and the extractors can both use it.
"""

from __future__ import annotations

from spacy.tokens import Token

__all__ = [
    "SPEECH_VERBS", "COGNITION_VERBS", "MANNER_VERBS", "NAMING_VERBS", "NOT_INDIRECT",
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

DIRECT_CUES = SPEECH_VERBS | COGNITION_VERBS | MANNER_VERBS
INDIRECT_CUES = (SPEECH_VERBS | COGNITION_VERBS) - NOT_INDIRECT
PARTIAL_CUES = SPEECH_VERBS | COGNITION_VERBS | NAMING_VERBS


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
