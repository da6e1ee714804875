"""Measures written in different units compared in one (issue 14): "2,500 km" and "1,500 miles".

Every measure unit the extractor names (``extract.lexicons.MEASURE_UNITS``) that has a fixed factor to a
base unit of its dimension is compared in that base unit. Conversion factors are the international
definitions (the mile is 1,609.344 m, the nautical mile 1,852 m, the pound 0.45359237 kg, the US gallon
3.785411784 l). Units with no fixed factor (barrels of what, degrees of what) keep their own.

A figure converted by a reporter is rounded in its own unit ("2,500 km (1,500 miles)": 1,500 miles is
2,414 km), so a measure in a convertible unit stands for the range its written precision allows: half a
step of its last significant digit either side, just under half ("1,500" -> 1,455 to 1,545; "6.8" ->
6.755 to 6.845).
"""

from __future__ import annotations

import math

from .hedges import Interval

#: unit symbol -> (base unit of its dimension, factor to the base unit).
UNIT_SCALES: dict[str, tuple[str, float]] = {
    # length
    "mm": ("m", 0.001),
    "cm": ("m", 0.01),
    "m": ("m", 1.0),
    "km": ("m", 1000.0),
    "in": ("m", 0.0254),
    "ft": ("m", 0.3048),
    "mi": ("m", 1609.344),
    "nmi": ("m", 1852.0),
    # area
    "m²": ("m²", 1.0),
    "ft²": ("m²", 0.09290304),
    "ha": ("m²", 1e4),
    "acres": ("m²", 4046.8564224),
    "km²": ("m²", 1e6),
    "mi²": ("m²", 1609.344**2),
    "nmi²": ("m²", 1852.0**2),
    # mass
    "kg": ("kg", 1.0),
    "t": ("kg", 1000.0),
    "lb": ("kg", 0.45359237),
    # volume
    "l": ("l", 1.0),
    "gal": ("l", 3.785411784),
    "m³": ("l", 1000.0),
    "ft³": ("l", 28.316846592),
    # speed
    "km/h": ("km/h", 1.0),
    "mph": ("km/h", 1.609344),
    # power
    "kW": ("kW", 1.0),
    "MW": ("kW", 1e3),
    "GW": ("kW", 1e6),
}


def base_unit(unit: str) -> str:
    """The unit a measure is compared in: its dimension's base unit, or itself when it has none."""
    return UNIT_SCALES[unit][0] if unit in UNIT_SCALES else unit


def scale(unit: str) -> float:
    """How many base units one ``unit`` is (1.0 for a unit with no fixed factor)."""
    return UNIT_SCALES[unit][1] if unit in UNIT_SCALES else 1.0


#: The share of a written number's last step it may stand for either side: just under half, so two
#: neighbouring written values ("6.8" and "6.9 metres") still differ.
PRECISION_SHARE = 0.45


def precision(value: float) -> float:
    """The rounding slack of a written number: PRECISION_SHARE of the step of its last significant digit
    (45 for 1,500, 0.045 for 6.8, 0.45 for 7)."""
    if not math.isfinite(value) or value == 0:
        return 0.0
    magnitude = abs(value)
    if magnitude == round(magnitude):
        whole = int(round(magnitude))
        zeros = len(str(whole)) - len(str(whole).rstrip("0"))
        return PRECISION_SHARE * 10**zeros
    decimals = len(f"{magnitude:.6f}".rstrip("0").split(".")[1])
    return PRECISION_SHARE * 10**-decimals


def in_base_unit(interval: Interval, unit: str, low: float, high: float) -> Interval:
    """A measure's hedged interval in its base unit, widened by its written precision (module docstring);
    an interval in a unit with no fixed factor is returned as it is."""
    if unit not in UNIT_SCALES:
        return interval
    factor = scale(unit)
    lo, hi = interval
    return (lo - precision(low)) * factor, (hi + precision(high)) * factor
