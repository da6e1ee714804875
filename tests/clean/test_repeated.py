"""Lines an outlet repeats across different articles are its furniture; shared paragraphs are not."""

from __future__ import annotations

from storyline.clean import clean
from storyline.clean.repeated import mark_repeated, mark_repeated_stream
from storyline.ingest.text import read_text
from storyline.model import Draft, Skip

SLOGAN = "Independent news for the valley since 1921"
PROMPT = "Tell us what you think in the comments below"
STORIES = [
    [
        "The council approved a new budget on Monday after a debate that lasted until after midnight, with "
        "two members walking out in protest at cuts to the library service.",
        "The budget raises spending on roads by a tenth and freezes the salaries of senior officials for a year.",
    ],
    [
        "A fire destroyed a barn outside the village on Saturday night, killing no one but leaving a farmer "
        "without shelter for his forty cows as temperatures fell below freezing.",
        "Neighbours took in the animals, and a collection for the family had raised several thousand by Sunday.",
    ],
    [
        "The regional football club sold its stadium to the city on Friday for a symbolic sum, ending years of "
        "argument over who should pay for repairs to the roof and the stands.",
        "Fans welcomed the deal but asked for a say in how the ground will be run in future seasons.",
    ],
]


def _drafts(stories: list[list[str]], outlet: str | None = "Valley Times") -> list[Draft]:
    return [Draft(source=f"{i}.txt", raw="\n\n".join([SLOGAN, *body, PROMPT]), outlet=outlet)
            for i, body in enumerate(stories)]


def test_a_line_repeated_across_different_articles_of_one_outlet_is_noise() -> None:
    marked = mark_repeated(_drafts(STORIES), lambda d: d.outlet)
    for draft in marked:
        kinds = {n.text: n.kind for n in draft.noise}
        assert kinds == {SLOGAN: "repeated", PROMPT: "repeated"}
        cleaned = clean(draft)
        assert SLOGAN not in cleaned.text and PROMPT not in cleaned.text
        for n in draft.noise:
            assert draft.raw[n.start: n.end] == n.text


def test_copies_of_one_story_keep_their_shared_lines() -> None:
    marked = mark_repeated(_drafts([STORIES[0]] * 3), lambda d: d.outlet)
    assert all(d.noise == () for d in marked)


def test_two_articles_are_not_enough_and_unknown_outlets_are_left_alone() -> None:
    assert all(d.noise == () for d in mark_repeated(_drafts(STORIES[:2]), lambda d: d.outlet))
    assert all(d.noise == () for d in mark_repeated(_drafts(STORIES, outlet=None), lambda d: d.outlet))


def test_the_stream_keeps_order_and_skips() -> None:
    items: list[Draft | Skip] = [*_drafts(STORIES)]
    items.insert(1, Skip("bad.txt", "empty file"))
    out = list(mark_repeated_stream(items, lambda d: d.outlet, window=2))
    assert [x.source for x in out] == ["0.txt", "bad.txt", "1.txt", "2.txt"]
    out = list(mark_repeated_stream(items, lambda d: d.outlet, window=10))
    assert isinstance(out[1], Skip) and all(d.noise for d in out if isinstance(d, Draft))


def test_header_noise_is_kept_as_it_was() -> None:
    drafts = [read_text(f"title: Story {i}\n\n" + "\n\n".join([SLOGAN, *body]), source=f"{i}.txt")
              for i, body in enumerate(STORIES)]
    drafts = [Draft(**{**{f: getattr(d, f) for f in Draft.__dataclass_fields__}, "outlet": "Valley Times"})
              for d in drafts]
    for draft in mark_repeated(drafts, lambda d: d.outlet):
        assert [n.kind for n in draft.noise] == ["header", "repeated"]
