"""The error type of bad user settings: its message names the field and the allowed values."""


class SettingsError(ValueError):
    """A setting (config key, command-line option, optimizer argument) is missing, unknown or out of range."""
