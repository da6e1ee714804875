"""A figure's history across the stories of one thread (issue 14), on invented reports."""

from __future__ import annotations

from storyline.build import compare_story
from storyline.compare.threads import thread_figures
from storyline.model import Story

from .builders import D, report

MON, FRI, NEXT_MON = D(2025, 1, 6), D(2025, 1, 10), D(2025, 1, 13)


def _thread():
    deployment = report(
        "Some 10,000 foreign troops were sent to the border region, according to officials.",
        ("Some 10,000", 10000, "troops", "about"),
        outlet="A",
        published=MON,
    )
    combat = report(
        "By now 11,000 foreign troops have been sent to the border region.",
        ("11,000", 11000, "troops", "exact"),
        outlet="B",
        published=FRI,
    )
    casualties = report(
        "At least 200 foreign troops were killed in the first week of fighting.",
        ("At least 200", 200, "troops", "at least"),
        outlet="C",
        published=NEXT_MON,
    )
    return deployment, combat, casualties


def test_a_figure_runs_through_the_stories_of_its_thread() -> None:
    deployment, combat, casualties = _thread()
    story_of = {deployment.article.id: "s1", combat.article.id: "s2", casualties.article.id: "s3"}
    labels = {"s1": "Troops sent", "s2": "First combat", "s3": "First losses"}
    [figure] = thread_figures("t", [deployment, combat, casualties], story_of, labels=labels)
    assert figure.stories == ("s1", "s2")  # the dead are another frame: not in the troops' history
    assert [(r.as_of, r.quantity, r.story_label) for r in figure.rows] == [
        (MON, "Some 10,000", "Troops sent"),
        (FRI, "11,000", "First combat"),
    ]
    assert figure.rows[0].cited == "officials"


def test_a_series_inside_one_story_is_no_thread_figure() -> None:
    deployment, combat, _ = _thread()
    story_of = {deployment.article.id: "s1", combat.article.id: "s1"}
    assert thread_figures("t", [deployment, combat], story_of) == []


def test_compare_story_keeps_the_thread_figures_through_it() -> None:
    deployment, combat, casualties = _thread()
    story = Story(
        id="s2",
        label="First combat",
        article_ids=(combat.article.id,),
        outlets=("B",),
        first_published=FRI,
        last_published=FRI,
        thread_id="t",
    )
    story_of = {deployment.article.id: "s1", combat.article.id: "s2", casualties.article.id: "s3"}
    labels = {"s1": "Troops sent", "s2": "First combat", "s3": "First losses"}
    in_thread = thread_figures("t", [deployment, combat, casualties], story_of, labels=labels)
    data = compare_story(story, [combat], in_thread)
    [figure] = data["thread_figures"]
    assert [row["story_label"] for row in figure["rows"]] == ["Troops sent", "First combat"]
    assert compare_story(story, [combat])["thread_figures"] == []
