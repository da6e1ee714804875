"""storyline.brief's public surface is exactly its __all__."""

from __future__ import annotations

import storyline.brief as brief


def test_all_matches_public_names() -> None:
    public = {n for n in vars(brief) if not n.startswith("_")} - {"annotations"}
    modules = {"context", "geo", "headline", "html", "json", "markdown", "markup"}
    modules |= {"limits", "mapview", "places", "top", "values"}
    assert set(brief.__all__) == public - modules
    for name in brief.__all__:
        assert getattr(brief, name).__doc__, name
