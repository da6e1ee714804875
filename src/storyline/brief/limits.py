"""How much of each briefing section is shown before its "show all N" control (issue 15).

A briefing of fourteen reports ran to 33,000 px on a laptop: 36 one-outlet figures, 21 contradiction
cards and every place listing up to fourteen file names twice. Each section now shows its few most
important items (in the section's own order: disputed and confirmed figures first, the most quoted
speakers, the events most outlets report) and keeps the rest one click away, in a ``<details>`` that
works without a server or script; lists of outlets and files are collapsed to a count, with the names on
demand. The Markdown view uses the same numbers; the JSON carries everything.

Each value was chosen so the demo's dam story (10 articles) and the seed reports keep their sections
within about one laptop screen each (1366x768) before anything is expanded.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

#: Figures in the numbers section (disputed and confirmed ones come first).
NUMBERS_SHOWN = 6
#: Contradiction cards.
CONTRADICTIONS_SHOWN = 3
#: Speakers, and quotes per speaker (quotes carried by most outlets first).
SPEAKERS_SHOWN = 4
QUOTES_PER_SPEAKER = 2
#: Key events of the timeline: the ones most sources report, shown in date order.
EVENTS_SHOWN = 6
#: Places in the table (most mentioned first).
PLACES_SHOWN = 6
#: Outlets in the outlets table, and people and organisations listed.
OUTLETS_SHOWN = 5
ENTITIES_SHOWN = 8
#: Names (outlets, sources) written out in a line before the rest collapse to "+N more".
NAMES_SHOWN = 2

#: All of the above by name, for the templates.
LIMITS: dict[str, int] = {
    "numbers": NUMBERS_SHOWN,
    "contradictions": CONTRADICTIONS_SHOWN,
    "speakers": SPEAKERS_SHOWN,
    "quotes": QUOTES_PER_SPEAKER,
    "events": EVENTS_SHOWN,
    "places": PLACES_SHOWN,
    "outlets": OUTLETS_SHOWN,
    "entities": ENTITIES_SHOWN,
    "names": NAMES_SHOWN,
}


def key_events(timeline: Sequence[Mapping[str, Any]], limit: int = EVENTS_SHOWN) -> list[int]:
    """Indexes of the timeline's key events, in date order: the ones most sources report (later ones
    first among equals), at most ``limit``."""
    ranked = sorted(
        range(len(timeline)), key=lambda i: (len(timeline[i]["sources"]), timeline[i]["start"] or ""), reverse=True
    )
    return sorted(ranked[:limit])
