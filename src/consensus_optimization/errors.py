"""The library's one error a caller can fix: an argument out of its allowed values (the message names it)."""
from __future__ import annotations

import math


class InvalidSetting(ValueError):
    """A method, objective, gamma, learning rate or other argument is unknown or out of range."""


def check_number(field: str, value, *, low: float | None = None, low_open: bool = False, high: float | None = None,
                 high_open: bool = False) -> float:
    """Validate a numeric argument; the error names the field and the allowed range."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise InvalidSetting(f"{field}: expected a finite number, got {value!r}")
    allowed = f"{'(' if low_open else '['}{low if low is not None else '-inf'}, " \
              f"{high if high is not None else 'inf'}{')' if high_open or high is None else ']'}"
    if low is not None and (value < low or (low_open and value == low)):
        raise InvalidSetting(f"{field}: {value!r} is outside the allowed range {allowed}")
    if high is not None and (value > high or (high_open and value == high)):
        raise InvalidSetting(f"{field}: {value!r} is outside the allowed range {allowed}")
    return float(value)
