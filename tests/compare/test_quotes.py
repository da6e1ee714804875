"""align_quotes: the same words across outlets, speaker conflicts."""

from __future__ import annotations

import pytest

from storyline.compare import align_quotes, speakers_compatible

from .builders import report

LOST = "We lost the lower town before it was even light,"
LOST_2 = "We lost the whole lower town before it was light,"


def _quote_report(words: str, speaker: str | None, outlet: str, kind: str = "direct"):
    return report(f"“{words}” said the speaker.", outlet=outlet, quotes=[(words, speaker, kind)])


# (first quote, second quote, speakers, kinds, grouped, conflicting)
CASES = [
    pytest.param(LOST, LOST, ("Vasile Rusu", "Vasile Rusu"), ("direct", "direct"), True, False, id="identical"),
    pytest.param(LOST, LOST_2, ("Vasile Rusu", "Rusu"), ("direct", "direct"), True, False, id="slightly-different"),
    pytest.param(
        LOST,
        "We will rebuild the lower town, but not in the same place,",
        ("Vasile Rusu", "Vasile Rusu"),
        ("direct", "direct"),
        False,
        False,
        id="same-speaker-different-quote",
    ),
    pytest.param(
        LOST,
        LOST_2,
        ("Vasile Rusu", "Natalia Rusu"),
        ("direct", "direct"),
        True,
        True,
        id="same-words-different-speakers",
    ),
    pytest.param(
        "No comment.",
        "No comment.",
        ("Sergiu Popa", "Igor Ciobanu"),
        ("direct", "direct"),
        False,
        False,
        id="stock-phrase-different-speakers",
    ),
    pytest.param(
        "No comment.",
        "No comment.",
        ("Sergiu Popa", None),
        ("direct", "direct"),
        True,
        False,
        id="stock-phrase-unknown-speaker",
    ),
    pytest.param(
        "a disaster waiting to happen",
        "This dam was a disaster waiting to happen and everyone in the valley knew it.",
        ("Daniela Moraru", "Daniela Moraru"),
        ("partial", "direct"),
        True,
        False,
        id="partial-inside-full",
    ),
    pytest.param(
        "deeply regrettable",
        "The strike is deeply regrettable for the islands and for us.",
        ("Fiona MacLeod", "Fiona MacLeod"),
        ("partial", "direct"),
        False,
        False,
        id="short-partial-not-matched-inside",
    ),
    pytest.param(
        LOST, LOST, ("Vasile Rusu", "Vasile Rusu"), ("direct", "indirect"), False, False, id="indirect-left-out"
    ),
]


@pytest.mark.parametrize(("q1", "q2", "speakers", "kinds", "grouped", "conflicting"), CASES)
def test_align_quotes(q1, q2, speakers, kinds, grouped, conflicting) -> None:
    a = _quote_report(q1, speakers[0], "A", kinds[0])
    b = _quote_report(q2, speakers[1], "B", kinds[1])
    groups = align_quotes("s", [a, b])
    sizes = sorted(len(g.members) for g in groups)
    if "indirect" in kinds:
        assert sizes == [1]
        return
    assert sizes == ([2] if grouped else [1, 1])
    assert any(g.conflicting_speakers for g in groups) is conflicting


def test_group_fields() -> None:
    groups = align_quotes(
        "s",
        [
            _quote_report(LOST, "Vasile Rusu", "CWS"),
            _quote_report(LOST, "Rusu", "Harbour Daily"),
            _quote_report(LOST_2, "Vasile Rusu", "Meridian Post"),
            _quote_report("Everything we own was on the ground floor,", "Ion Bivol", "Meridian Post"),
        ],
    )
    assert [len(g.members) for g in groups] == [3, 1]  # most outlets first
    shared = groups[0]
    assert shared.speaker == "Vasile Rusu" and not shared.conflicting_speakers
    assert shared.text in (LOST, LOST_2)
    assert [speaker for _, speaker in shared.members] == ["Vasile Rusu", "Rusu", "Vasile Rusu"]
    assert {ref.outlet for ref, _ in shared.members} == {"CWS", "Harbour Daily", "Meridian Post"}
    ref = shared.members[0][0]
    assert ref.text == LOST and ref.end - ref.start == len(LOST)
    assert shared.id.startswith("qg-") and shared.story_id == "s"


def test_degenerate_input() -> None:
    assert align_quotes("s", []) == []
    assert align_quotes("s", [report("No quotes here.")]) == []
    [group] = align_quotes("s", [_quote_report("...", None, "A"), _quote_report("Fine.", None, "B")])
    assert group.speaker is None and group.text == "Fine."


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("Vasile Rusu", "Rusu", True),
        ("Vasile Rusu", "Natalia Rusu", False),
        ("Vasile Rusu", "vasile rusu", True),
        ("Chișinău Mayor", "Chisinau Mayor", True),
        (None, "Igor Ciobanu", True),
        ("Igor Ciobanu", "Daniela Moraru", False),
        # transliterations of one name agree; a different short name still does not
        ("Oleksandr Hrytsenko", "Hrytsenka", True),
        ("Pope Francis", "Franco", False),  # a consonant changed: another name
        ("Oleksandr Hrytsenko", "Oleksandr Hrytsenkiy", True),
        ("Oleksandr Hrytsenko", "Olena Hrytsenko", False),
        ("Ivan Petrov", "Ivan Pavlov", False),
    ],
)
def test_speakers_compatible(a, b, expected) -> None:
    assert speakers_compatible(a, b) is expected
