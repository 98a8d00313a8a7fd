"""Domain exceptions. The library raises these; only cli.py turns them into exit codes."""


class DvhtError(Exception):
    """Base class: the message is Vietnamese, meant for the clerk."""


class ConfigError(DvhtError):
    """dvht.toml is missing, unreadable or invalid (exit status 2)."""


class RuleSetError(DvhtError):
    """A rule file is invalid; `problems` lists every mistake found."""

    def __init__(self, message: str, problems: list[str] | None = None):
        super().__init__(message)
        self.problems = problems or []


class OutputLockedError(DvhtError):
    """An output file cannot be replaced (usually open in Excel or Word)."""
