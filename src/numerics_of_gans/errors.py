"""The two kinds of error a user can fix: bad settings, and something the run needs that this machine lacks."""
from consensus_optimization.errors import InvalidSetting, check_number as _check_number


class SettingsError(InvalidSetting):
    """A setting (config key, command-line option) is missing, unknown or out of range; the library's own error
    (consensus_optimization.errors.InvalidSetting) is its base, so the command line treats both alike."""


class Unavailable(RuntimeError):
    """Something the run needs is not here (a GPU, a prepared dataset, the Inception module); the message says
    what to do. The command line prints it without a traceback and exits 3."""


def check_number(field: str, value, **bounds) -> float:
    """Validate a numeric setting (the library's check, raising SettingsError); the error names the field and the
    allowed range."""
    try:
        return _check_number(field, value, **bounds)
    except InvalidSetting as exc:
        raise SettingsError(str(exc)) from None


def check_whole(field: str, value, *, low: int = 0) -> int:
    """Validate a whole-number setting (a count, a seed); the error names the field and the allowed range."""
    if isinstance(value, bool) or not isinstance(value, int) or value < low:
        raise SettingsError(f"{field}: {value!r} is outside the allowed range [{low}, inf) (whole numbers)")
    return value


def check_splits(samples_field: str, samples: int, splits_field: str, splits: int) -> None:
    """A score over `splits` equal parts of `samples` images (the inception score's 6400 in 10): the one check of
    every command and setting that scores."""
    if samples % splits:
        raise SettingsError(f"{samples_field}: {samples} does not split into {splits_field} {splits} equal parts; "
                            f"allowed: multiples of {splits_field}")
