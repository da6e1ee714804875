"""WCAG AA contrast of the briefing's colours, read from its stylesheet (no browser, no CDN).

Every rule that sets a text colour is checked against the background it sets, or, when it sets none,
against the page; text is also checked on the backgrounds items take when hovered, selected or
highlighted. AA asks 4.5:1 for text and 3:1 for the marks that tell highlight kinds apart (WCAG 2.1,
1.4.3 and 1.4.11). The "corroborated" badge was 3.9:1 before issue 15.
"""

from __future__ import annotations

import re
from importlib import resources

import pytest

from ..wcag import contrast

TEXT_AA = 4.5
MARK_AA = 3.0

CSS = re.sub(
    r"/\*.*?\*/",
    "",
    (resources.files("storyline.brief") / "static" / "briefing.css").read_text(encoding="utf-8"),
    flags=re.S,
)
_RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")
_COLOUR = re.compile(r"#[0-9a-fA-F]{3}\b|#[0-9a-fA-F]{6}\b")


def _variables(css: str) -> dict[str, str]:
    root = next(body for sel, body in _RULE.findall(css) if sel.strip().endswith(":root"))
    return dict(re.findall(r"(--[\w-]+)\s*:\s*([^;]+);", root))


VARS = _variables(CSS)


def colour(value: str) -> str | None:
    """The hex colour a declaration value sets (a var() resolved), or None (transparent, inherit …)."""
    value = value.strip()
    var = re.fullmatch(r"var\((--[\w-]+)\)", value)
    if var:
        value = VARS[var.group(1)].strip()
    found = _COLOUR.fullmatch(value)
    return found.group(0) if found else None


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [("#000", "#fff", 21.0), ("#fff", "#fff", 1.0), ("#2b8a3e", "#e6f6e9", 3.89), ("#767676", "#ffffff", 4.54)],
)
def test_ratio(a: str, b: str, expected: float) -> None:
    assert contrast(a, b) == pytest.approx(expected, abs=0.01)


def _pairs() -> list[tuple[str, str, str]]:
    """(rule, text colour, background) for every rule that sets a text colour."""
    out = []
    for selector, body in _RULE.findall(CSS):
        decls = dict((k.strip(), v.strip()) for k, v in re.findall(r"([\w-]+)\s*:\s*([^;]+)", body))
        text = colour(decls["color"]) if "color" in decls else None
        if text is None:
            continue
        back = decls.get("background-color") or decls.get("background")
        out.append((" ".join(selector.split()), text, (colour(back) if back else None) or VARS["--paper"]))
    return out


PAIRS = _pairs()


def test_the_stylesheet_is_read() -> None:
    assert len(PAIRS) > 20 and {"--ink", "--ok", "--ok-bg", "--hl"} <= set(VARS)
    assert any(".badge.corroborated" in rule for rule, _, _ in PAIRS)


@pytest.mark.parametrize(("rule", "text", "back"), PAIRS, ids=[p[0][:40] for p in PAIRS])
def test_every_rule_meets_aa(rule: str, text: str, back: str) -> None:
    assert contrast(text, back) >= TEXT_AA, f"{rule}: {text} on {back} is {contrast(text, back):.2f}:1"


# Where text lands on a background its own rule does not set: items hovered, selected (an active item),
# highlighted sources, the highlight kinds of the article text, contradiction sides, the badges' tints.
CONTEXTS = [
    (text, back) for text in ("--ink", "--muted", "--link") for back in ("--paper", "--tint", "--active", "--bad-bg")
] + [("--ink", back) for back in ("--quote", "--claim", "--place", "--time", "--hl")]


@pytest.mark.parametrize(("text", "back"), CONTEXTS)
def test_text_on_item_backgrounds_meets_aa(text: str, back: str) -> None:
    assert contrast(VARS[text], VARS[back]) >= TEXT_AA, f"{text} on {back}: {contrast(VARS[text], VARS[back]):.2f}:1"


@pytest.mark.parametrize("kind", ["quote", "claim", "place", "time"])
def test_highlight_marks_are_visible_on_their_background(kind: str) -> None:
    mark, back = VARS[f"--{kind}-mark"], VARS[f"--{kind}"]
    assert contrast(mark, back) >= MARK_AA and contrast(mark, VARS["--paper"]) >= MARK_AA


def test_highlight_kinds_differ_by_more_than_colour() -> None:
    styles = {}
    for kind, cls in (("quote", "q"), ("claim", "c"), ("place", "p"), ("time", "t")):
        rule = re.search(rf"\.text \.{cls} \{{([^}}]*)\}}", CSS)
        assert rule, kind
        style = re.search(r"border-bottom:\s*\S+\s+(\w+)", rule.group(1))
        assert style, f"{kind} has no underline"
        styles[kind] = style.group(1)
    assert len(set(styles.values())) == len(styles), styles  # dashed, solid, dotted, double
