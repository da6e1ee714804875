"""Lists and tables of an HTML article are content: the caption-block filter must never take them.

Regression: a filter for runs of short label lines (map captions) deleted bullet lists, ingredient lists
and spec tables on real HTML pages. The pages here are written for the test.
"""

from __future__ import annotations

import pytest

from storyline.clean import clean
from storyline.ingest.sources import html_to_draft

INTRO = ("<p>The council published its plan for the winter on Monday, after a summer of arguments about how "
         "the town should prepare for floods and power cuts.</p>")
OUTRO = ("<p>The plan will be put to a public meeting next month, and residents can send comments to the "
         "council until the end of the year.</p>")

PAGES = {
    "bullet list": (
        "<ul><li>Sandbags at four depots</li><li>Two mobile pumps</li><li>A shelter in the school</li>"
        "<li>Text alerts</li><li>Night patrols</li></ul>",
        ["Sandbags at four depots", "Two mobile pumps", "A shelter in the school", "Text alerts", "Night patrols"],
    ),
    "numbered list": (
        "<ol><li>Check the gauge</li><li>Warn the wardens</li><li>Open the shelter</li><li>Close the road</li></ol>",
        ["Check the gauge", "Warn the wardens", "Open the shelter", "Close the road"],
    ),
    "ingredients": (
        "<h2>Soup for the volunteers</h2><ul><li>2 kg potatoes</li><li>1 kg carrots</li><li>3 onions</li>"
        "<li>salt</li><li>5 litres of stock</li></ul>",
        ["2 kg potatoes", "1 kg carrots", "3 onions", "salt", "5 litres of stock"],
    ),
    "spec table": (
        "<table><tr><th>Pump</th><th>Litres a minute</th></tr><tr><td>Small</td><td>400</td></tr>"
        "<tr><td>Large</td><td>1,600</td></tr><tr><td>Trailer</td><td>5,000</td></tr></table>",
        ["Small", "400", "Large", "1,600", "Trailer", "5,000"],
    ),
}


@pytest.mark.parametrize("name", sorted(PAGES))
def test_lists_and_tables_in_html_are_kept(name: str) -> None:
    block, items = PAGES[name]
    html = f"<html><head><title>Winter plan</title></head><body><article>{INTRO}{block}{OUTRO}</article></body></html>"
    cleaned = clean(html_to_draft(html, source=f"{name}.html"))
    for item in items:
        assert item in cleaned.text, item
    assert not [n for n in cleaned.noise if n.kind == "caption"]


def test_a_map_caption_block_in_html_is_still_removed() -> None:
    labels = "".join(f"<p>{label}</p>" for label in ("Flood zone", "Area of", "detail", "RIVERTON", "5 miles"))
    html = f"<html><body><article>{INTRO}{labels}{OUTRO}</article></body></html>"
    cleaned = clean(html_to_draft(html, source="map.html"))
    assert "RIVERTON" not in cleaned.text and "Flood zone" not in cleaned.text
