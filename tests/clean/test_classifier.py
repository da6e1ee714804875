"""The line classifier on whole scraped pages (written for these tests), and its model file.

Each table row is a page built from a site's furniture around an article; the article's lines must all be
kept and the furniture dropped, whatever the furniture's wording.
"""

from __future__ import annotations

import json

import numpy as np
import pytest

from storyline.clean import _dateline_lead, clean
from storyline.clean.classifier import STAGE2_FEATURES, LineClassifier, _Trees, line_classifier, main_block
from storyline.clean.features import FEATURE_NAMES, page_features
from storyline.model import Draft

ARTICLE = [
    "Floodwater from the Varna reservoir reached the outskirts of Dolni Brod early on Wednesday, forcing the "
    "evacuation of about 900 residents from the lower districts, the regional governor said.",
    "Rescue crews in small boats worked through the night to reach families who had stayed in their homes, "
    "and the army sent two helicopters to lift people from rooftops near the old railway station.",
    "Where the water came from",
    "Engineers said the earth dam above the town had been weakened by three weeks of heavy rain and by "
    "repairs that were started last year but never finished because the contractor went bankrupt.",
    "The governor listed what residents should take with them if the sirens sound again:",
    "- identity papers and medicines",
    "- drinking water for two days",
    "- a charged phone and a torch",
    "“We told people to leave before dark, and most of them listened,” said Petra Ilieva, who leads the "
    "town's civil protection office. “The ones who stayed were mostly elderly and afraid of looting.”",
    "By midday the level had dropped by about 40 centimetres, but forecasters warned that more rain was "
    "expected over the weekend and that the river downstream could still burst its banks.",
    "The regional government has promised emergency payments to families whose houses were flooded, and "
    "an inquiry into the state of the dam is due to report within a month.",
]

MENU = ["Home", "News", "World", "Business", "Sport", "Culture", "Weather", "Podcasts", "Search"]
HEADER = ["Dam breach floods the lower town as rain continues", "By Elena Marsh", "12 March 2025 at 09:14 GMT",
          "Share", "Facebook Twitter Email"]
RELATED = ["More on this story", "Storm warnings issued for the coast", "Why old dams fail after long rain",
           "Train services cut as tracks flood", "Top stories", "Mayor resigns after budget row",
           "Football club sold to new owners"]
FOOTER = ["About us", "Contact us", "Terms of use", "Privacy policy", "Cookie settings",
          "© 2025 The Valley Courier. All rights reserved."]


def _page(*blocks: list[str]) -> str:
    return "\n\n".join(line for block in blocks for line in block)


@pytest.mark.parametrize(
    "page",
    [
        _page(MENU, HEADER, ARTICLE, RELATED, FOOTER),  # a whole page, menus and all
        _page(HEADER, ARTICLE, FOOTER),  # a careful scrape with a few stray lines
        _page(ARTICLE),  # a clean copy
        _page(MENU, ARTICLE[:6], ["Advertisement"], ARTICLE[6:], RELATED),  # an ad inside the article
    ],
    ids=["whole-page", "light", "clean", "ad-inside"],
)
def test_article_lines_kept_and_furniture_dropped(page: str) -> None:
    cleaned = clean(Draft(source="page.txt", raw=page))
    kept = set(cleaned.text.split("\n"))
    assert [line for line in ARTICLE if line not in kept] == []
    noise = {n.text for n in cleaned.noise}
    furniture = [line for line in MENU + RELATED + FOOTER + ["Advertisement"] if line in page]
    assert [line for line in furniture if line not in noise] == []


@pytest.mark.parametrize(
    "text",
    [
        "The mayor said 1,200 people left the town on Tuesday.",
        "Police said three people were hurt.\n\nThe road was closed for two hours.",
        "Officials met on Monday.\n\nNo decision was taken, a spokesman said afterwards.\n\nTalks resume in June.",
    ],
)
def test_a_text_of_a_few_lines_is_not_judged(text: str) -> None:
    assert clean(Draft(source="brief.txt", raw=text)).text == text


@pytest.mark.parametrize(
    "lead",
    [
        # a wire dateline without a dash after it, its credit long and dated: the capitals of the
        # dateline and of the names after it made the lead look like a heading
        "Dolni Brod, (VNA - Valley News Agency / Valley Point News - 12th Mar, 2025) Regional Governor "
        "Ana Petrova Ilieva said Wednesday that about 900 residents had been moved from the Lower Town.",
        "DOLNI BROD (VNA) Regional Governor Ana Petrova Ilieva said Wednesday that about 900 Lower Town "
        "residents had left.",
    ],
)
def test_a_lead_opening_with_a_dateline_is_article_text(lead: str) -> None:
    # a short report, as a scraper saves it: the lead, then four paragraphs
    page = _page([lead], ARTICLE[1:2], ARTICLE[3:4], ARTICLE[8:10])
    assert lead in clean(Draft(source="page.txt", raw=page)).text.split("\n")


def test_a_lead_full_of_names_is_article_text() -> None:
    # names and titles put most of its long words in capitals, but its function words say prose
    lead = ("The Regional Government does not have any sign that there is a presence of Valley Army units in the "
            "Occupied Districts of North Brod, Regional Deputy Press Secretary Ana Petrova Ilieva said on Nov. 25.")
    page = _page([lead], ARTICLE[1:2], ARTICLE[3:4], ARTICLE[8:10])
    assert lead in clean(Draft(source="page.txt", raw=page)).text.split("\n")


@pytest.mark.parametrize(
    ("line", "lead"),
    [
        ("SEOUL (Reuters) - North Korea fired two short-range missiles into the sea on Monday, officials said.",
         True),
        # a credit or a heading after brackets is no lead: too few words, or no sentence end
        ("Dolni Brod, (VNA - Valley News Agency / Valley Point News - 12th Mar, 2025) Photo Gallery", False),
        ("Dolni Brod (VNA) Related Stories From The Valley And Beyond The River Basin Region Today", False),
        ("The governor (a former engineer) said the dam would be rebuilt within two years.", False),
    ],
)
def test_dateline_leads_are_told_from_credits(line: str, lead: bool) -> None:
    assert _dateline_lead(line) is lead


def test_sentences_are_kept_when_no_line_is_probable_prose() -> None:
    # Lines the model scores low (short, headline-like) around two plain sentences: never an empty article.
    page = _page(["Latest", "Updates", "Live"], ["The vote was postponed until next week, officials said."],
                 ["Menu", "Close"], ["Turnout had been expected to be low because of the storm."])
    text = clean(Draft(source="p.txt", raw=page)).text
    assert "The vote was postponed until next week, officials said." in text
    assert "Turnout had been expected to be low because of the storm." in text


def test_the_packaged_model_matches_the_features() -> None:
    model = line_classifier()
    assert 0.0 < model.threshold < 1.0
    features = page_features(["One line of text here.", "Home"], frozenset({"of", "here"}), [False, False])
    assert len(features[0]) == len(FEATURE_NAMES)
    assert model.probabilities(features, [22, 4]).shape == (2,)


def test_a_model_file_for_other_features_is_refused(tmp_path) -> None:
    path = tmp_path / "model.json"
    path.write_text(json.dumps({"features": ["x"], "stage2_features": list(STAGE2_FEATURES), "threshold": 0.5,
                                "stage1": {}, "stage2": {}}))
    with pytest.raises(ValueError, match="trained on other features"):
        LineClassifier.load(path)


def test_tree_evaluation_follows_splits_and_missing_values() -> None:
    # one tree: x0 <= 1.0 -> leaf -2.0 (missing goes right), else leaf +2.0; baseline 0.5
    trees = _Trees.from_json({"baseline": 0.5, "trees": [{
        "feature": [0, -1, -1], "threshold": [1.0, 0.0, 0.0], "left": [1, 0, 0], "right": [2, 0, 0],
        "missing_left": [False, False, False], "value": [0.0, -2.0, 2.0]}]})
    p = trees.probability(np.array([[0.5], [1.0], [3.0], [np.nan]]))
    expected = 1 / (1 + np.exp(-np.array([-1.5, -1.5, 2.5, 2.5])))
    assert np.allclose(p, expected)


@pytest.mark.parametrize(
    ("probabilities", "lengths", "block"),
    [
        ([0.1, 0.9, 0.8, 0.2, 0.9, 0.1], [10, 200, 150, 20, 180, 10], (1, 4)),  # a short line inside the block
        ([0.9, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.9], [100, 40, 40, 40, 40, 40, 40, 60], (0, 0)),  # a menu between
        ([0.1, 0.2], [10, 10], (0, -1)),  # nothing probable
    ],
)
def test_main_block_is_the_largest_surplus_of_prose(probabilities, lengths, block) -> None:
    assert main_block(probabilities, lengths) == block
