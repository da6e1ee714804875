"""The briefing as one self-contained HTML file: styles, script and map inlined, no network requests.

Rendered with Jinja2 with autoescaping on for everything; the only markup built outside the templates is
the highlighted article text (:func:`storyline.brief.markup.highlight`, which escapes every text
segment itself). The page carries a Content-Security-Policy that allows nothing but its own inline style
and script (by hash), so a browser refuses any request the page might make, and an injected script or
inline event handler would not run.
"""

from __future__ import annotations

import base64
import hashlib
import math
from collections.abc import Mapping, Sequence
from functools import lru_cache
from importlib import resources
from typing import Any
from urllib.parse import urlsplit

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from . import geo
from .markup import highlight

#: Marker radius in map units: MARKER_MIN plus MARKER_SCALE per square root of the mention count (area
#: grows with mentions), capped at MARKER_MAX so one much-cited town does not hide its neighbours.
MARKER_MIN, MARKER_SCALE, MARKER_MAX = 4.0, 2.0, 14.0
#: Map labels: at most LABEL_MAX, most mentioned first, each skipped if it would overlap one already
#: placed. LABEL_SIZE is the font size in map units; LABEL_CHAR the average glyph width at that size.
LABEL_MAX = 14
LABEL_SIZE = 14.0
LABEL_CHAR = 7.5
#: On phones (about 360 px for 800 units) 14-unit labels are 6 px: there the CSS shows only the
#: "major" labels, at PHONE_LABEL_SIZE units (~12 px), placed so that they do not overlap each other.
PHONE_LABEL_MAX = 6
PHONE_LABEL_SIZE = 28.0
#: URL schemes an article link may have; anything else (javascript:, data:) is shown as text only.
LINK_SCHEMES = frozenset({"http", "https"})


def safe_url(url: str | None) -> str | None:
    """``url`` if it is an absolute http(s) URL, else None (so ``javascript:`` never becomes a link)."""
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    return url.strip() if parts.scheme.lower() in LINK_SCHEMES and parts.netloc else None


def _static(name: str) -> str:
    text = (resources.files(__package__) / "static" / name).read_text(encoding="utf-8")
    if "</script" in text.lower() or "</style" in text.lower():
        raise ValueError(f"static/{name} must not contain a closing </script> or </style> tag")
    return text


def _sha256(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


@lru_cache(maxsize=1)
def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(resources.files(__package__) / "templates")),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["highlight"] = highlight
    env.filters["safe_url"] = safe_url
    return env


def _labels(markers: list[dict[str, Any]], width: float, *, size: float, limit: int) -> list[dict[str, Any]]:
    """Greedy label placement, most mentioned first; returns the markers that got a label."""
    placed: list[tuple[float, float, float, float]] = []
    labelled = []
    for m in sorted(markers, key=lambda m: -m["mentions"]):
        if len(placed) >= limit:
            break
        w = len(m["name"]) * LABEL_CHAR * size / LABEL_SIZE
        x = m["x"] + m["r"] + 2
        anchor = "start"
        if x + w > width:  # near the right edge: label on the left of the marker
            x, anchor = m["x"] - m["r"] - 2, "end"
        box = (x - w if anchor == "end" else x, m["y"] - size * 0.8, w, size)
        if any(
            box[0] < b[0] + b[2] and b[0] < box[0] + box[2] and box[1] < b[1] + b[3] and b[1] < box[1] + box[3]
            for b in placed
        ):
            continue
        placed.append(box)
        labelled.append(m)
        if size == LABEL_SIZE:
            m["label"] = {"x": round(x, 1), "y": round(m["y"] + LABEL_SIZE * 0.35, 1), "anchor": anchor, "major": False}
    return labelled


def map_layer(places: Sequence[Mapping[str, Any]]) -> dict[str, Any] | None:
    """The map of a briefing's places: base layer, markers and labels in SVG units.

    Args:
        places: the context's ``places``.

    Returns:
        None when no place has coordinates; else the :func:`storyline.brief.geo.base_map` dict plus
        ``markers`` (``name``, ``x``, ``y``, ``r``, ``mentions``, ``anchor``, ``title``, ``label``).
    """
    located = [p for p in places if p.get("lat") is not None and p.get("lon") is not None]
    pinned = [p for p in located if p.get("on_map")]
    framing = pinned or [p for p in located if p.get("kind") == "country"]
    if not framing:
        return None
    named = {p["country"] for p in located if p.get("kind") == "country" and p.get("country")}
    layer = geo.base_map([(p["lon"], p["lat"]) for p in framing], highlight=named)
    markers = []
    for p in pinned:
        x, y = geo.project_point(layer["view"], p["lon"], p["lat"])
        first = p["first_mentions"][0] if p.get("first_mentions") else None
        markers.append(
            {
                "name": p["name"],
                "x": x,
                "y": y,
                "r": round(min(MARKER_MAX, MARKER_MIN + MARKER_SCALE * math.sqrt(p["mentions"])), 1),
                "mentions": p["mentions"],
                "anchor": first["anchor"] if first else None,
                "title": f"{p['name']} ({p['kind']}): {p['mentions']} mentions in {', '.join(p['outlets'])}",
                "label": None,
            }
        )
    markers.sort(key=lambda m: -m["r"])  # big markers first, so small ones stay clickable on top
    width = layer["view"]["width"]
    major = {id(m) for m in _labels(markers, width, size=PHONE_LABEL_SIZE, limit=PHONE_LABEL_MAX)}
    for m in _labels(markers, width, size=LABEL_SIZE, limit=LABEL_MAX):
        m["label"]["major"] = id(m) in major
    layer["markers"] = markers
    return layer


def render_html(context: Mapping[str, Any]) -> str:
    """Render a briefing context as one self-contained HTML page.

    Args:
        context: the dict :func:`storyline.brief.briefing_context` returns.

    Returns:
        The HTML document. It makes no network request: styles, script and the map are inline, and its
        Content-Security-Policy (``default-src 'none'`` plus hashes of the inline style and script)
        forbids any other resource. Links to the original articles are the only external URLs.
    """
    css, js = _static("briefing.css"), _static("briefing.js")
    csp = (
        f"default-src 'none'; style-src '{_sha256(css)}'; script-src '{_sha256(js)}'; img-src data:; "
        "base-uri 'none'; form-action 'none'"
    )
    template = _environment().get_template("briefing.html")
    return template.render(ctx=context, css=Markup(css), js=Markup(js), csp=csp, map=map_layer(context["places"]))
