"""The two kinds of error a user can fix: bad settings, and something the run needs that this machine lacks."""
import math


class SettingsError(ValueError):
    """A setting (config key, command-line option, optimizer argument) is missing, unknown or out of range."""


class Unavailable(RuntimeError):
    """Something the run needs is not here (a GPU, a prepared dataset, the Inception module); the message says
    what to do. The command line prints it without a traceback and exits 3."""


def check_number(field: str, value, *, low: float | None = None, low_open: bool = False, high: float | None = None,
                 high_open: bool = False) -> float:
    """Validate a numeric setting; the error names the field and the allowed range."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise SettingsError(f"{field}: expected a finite number, got {value!r}")
    allowed = f"{'(' if low_open else '['}{low if low is not None else '-inf'}, " \
              f"{high if high is not None else 'inf'}{')' if high_open or high is None else ']'}"
    if low is not None and (value < low or (low_open and value == low)):
        raise SettingsError(f"{field}: {value!r} is outside the allowed range {allowed}")
    if high is not None and (value > high or (high_open and value == high)):
        raise SettingsError(f"{field}: {value!r} is outside the allowed range {allowed}")
    return float(value)


def check_whole(field: str, value, *, low: int = 0) -> int:
    """Validate a whole-number setting (a count, a seed); the error names the field and the allowed range."""
    if isinstance(value, bool) or not isinstance(value, int) or value < low:
        raise SettingsError(f"{field}: {value!r} is outside the allowed range [{low}, inf) (whole numbers)")
    return value
