"""The two kinds of error a user can fix: bad settings, and something the run needs that this machine lacks."""


class SettingsError(ValueError):
    """A setting (config key, command-line option, optimizer argument) is missing, unknown or out of range."""


class Unavailable(RuntimeError):
    """Something the run needs is not here (a GPU, a prepared dataset, the Inception module); the message says
    what to do. The command line prints it without a traceback and exits 3."""
