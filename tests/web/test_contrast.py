"""WCAG AA contrast of the web UI's stylesheet, read from the CSS itself (issue 15).

Every rule that sets a text colour is checked against the background it sets, or else against the page
backgrounds it can sit on; every rule that sets only a background is checked with the body text drawn on
it. Lines and rings that tell things apart (the span kinds of an article page, the focus ring) need the
3:1 of non-text contrast (WCAG 1.4.11) against the paper they are drawn on.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import storyline.web
from storyline.web.views import MARK_KINDS

from ..wcag import contrast

CSS = Path(storyline.web.__file__).resolve().parent / "static" / "style.css"
TEXT_MIN = 4.5  # WCAG 2.x AA, normal text
NON_TEXT_MIN = 3.0  # WCAG 2.x AA, user-interface components and graphical objects
#: The backgrounds any text may sit on: the page, and the white boxes (header, article text).
PAGE = ("--bg", "--paper")
#: Colour keywords that set no colour of their own.
KEYWORDS = {"inherit", "currentcolor", "transparent", "none", "initial", "unset"}

_RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")
_HEX = re.compile(r"#(?:[0-9a-fA-F]{6}|[0-9a-fA-F]{3})\b")
_VAR = re.compile(r"var\((--[\w-]+)\)")


def _rules(css: str) -> list[tuple[str, dict[str, str]]]:
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.DOTALL)
    out = []
    for selector, body in _RULE.findall(css):
        declarations = {}
        for part in body.split(";"):
            if ":" in part:
                name, value = part.split(":", 1)
                declarations[name.strip().lower()] = value.strip()
        out.append((" ".join(selector.split()), declarations))
    return out


RULES = _rules(CSS.read_text(encoding="utf-8"))
VARS = {k: v for selector, d in RULES if selector == ":root" for k, v in d.items() if k.startswith("--")}


def colour(value: str) -> str | None:
    """The hex colour a declaration sets (variables resolved), None for a keyword; fails on other notations,
    so that no colour escapes the check."""
    value = _VAR.sub(lambda m: VARS[m.group(1)], value)
    found = _HEX.findall(value)
    if found:
        return found[0]
    assert value.split()[0].lower() in KEYWORDS or not re.search(r"rgb|hsl|lab|lch|color\(", value), value
    return None


def _background(declarations: dict[str, str]) -> str | None:
    for name in ("background-color", "background"):
        if name in declarations:
            return colour(declarations[name])
    return None


def _text_pairs() -> list[tuple[str, str, str]]:
    """(selector, text colour, background) for every pair the stylesheet can draw."""
    ink = colour(VARS["--ink"])
    page = [colour(VARS[v]) for v in PAGE]
    pairs = []
    for selector, d in RULES:
        if selector == ":root" or selector.startswith("@"):
            continue
        fg = colour(d["color"]) if "color" in d else None
        bg = _background(d)
        if fg and bg:
            pairs.append((selector, fg, bg))
        elif fg:
            pairs += [(selector, fg, p) for p in page if p]
        elif bg:
            pairs.append((selector, ink, bg))  # the body text drawn on it
    return [(s, f, b) for s, f, b in pairs if f and b]


def test_the_stylesheet_is_read() -> None:
    assert {"--ink", "--muted", "--accent", "--bg", "--paper"} <= set(VARS)
    assert len(_text_pairs()) > 20


@pytest.mark.parametrize(("selector", "fg", "bg"), _text_pairs())
def test_text_contrast_is_aa(selector: str, fg: str, bg: str) -> None:
    ratio = contrast(fg, bg)
    assert ratio >= TEXT_MIN, f"{selector}: {fg} on {bg} is {ratio:.2f}:1, under {TEXT_MIN}:1"


def _marker_lines() -> list[tuple[str, str]]:
    """(selector, colour) of the outlines and the underlines that tell span kinds apart."""
    kinds = {f".{k}" for k in MARK_KINDS}
    lines = []
    for selector, d in RULES:
        for name in ("outline", "border-bottom"):
            if name in d and (name == "outline" or selector in kinds):
                value = colour(d[name])
                if value:
                    lines.append((selector, value))
    return lines


@pytest.mark.parametrize(("selector", "line"), _marker_lines())
def test_focus_rings_and_kind_lines_stand_out(selector: str, line: str) -> None:
    for background in (colour(VARS[v]) for v in PAGE):
        assert background is not None
        ratio = contrast(line, background)
        assert ratio >= NON_TEXT_MIN, f"{selector}: {line} on {background} is {ratio:.2f}:1"


@pytest.mark.parametrize(
    ("fg", "bg", "expected"),
    [("#000", "#fff", 21.0), ("#fff", "#fff", 1.0), ("#767676", "#fff", 4.54), ("#777777", "#ffffff", 4.48)],
)
def test_contrast_formula(fg: str, bg: str, expected: float) -> None:
    assert contrast(fg, bg) == pytest.approx(expected, abs=0.05)
