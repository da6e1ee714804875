"""How the briefing writes a figure's value and who gives it, in every view."""

from __future__ import annotations

#: Claim groups listed disputed first (then, where they are sorted, by how many outlets give them).
STATUS_ORDER: dict[str, int] = {"contradicted": 0, "corroborated": 1, "updated": 2, "unique": 3}


def _num(value: float) -> str:
    if value == float("inf"):
        return "∞"
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}".rstrip("0").rstrip(".")


def range_text(low: float | None, high: float | None, unit: str = "") -> str:
    """A figure's range for display: ``1,200–1,320 people``, ``≥ 40 km``, ``97%``; ``—`` if unknown."""
    if low is None and high is None:
        return "—"
    if high is None or high == float("inf"):
        text = f"≥ {_num(low or 0)}"
    elif low is None or low == high:
        text = _num(high)
    else:
        text = f"{_num(low)}–{_num(high)}"
    return f"{text}%" if unit == "%" else f"{text} {unit}".strip()


def given_by(outlet: str, cited: str) -> str:
    """Who gives a figure: "Valley Herald (Health Ministry)", or the outlet alone when it cites no one."""
    return outlet + (f" ({cited})" if cited else "")
