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


class EnvironmentFault(DvhtError):
    """The machine, not the input, stops the work: a folder that cannot be written, a full disk… (exit 1).

    Built from an OSError by `dvht_batch.os_faults.fault_from_os_error`, never by hand at a call site.
    """


class NoAccessError(EnvironmentFault):
    """No permission (EACCES, EPERM) or a read-only file system (EROFS)."""


class DiskFullError(EnvironmentFault):
    """No space left on the device (ENOSPC) or the user's quota is used up (EDQUOT)."""


class NotAFolderError(EnvironmentFault):
    """A path that should be a folder is a regular file, or lies under one (ENOTDIR, EEXIST)."""


class OutputBusyError(DvhtError):
    """Another dvht command holds the output folder (exit status 1); `holder` describes it.

    `holder` has the keys host, pid, command, started (ISO time), when the holder could be read.
    """

    def __init__(self, message: str, holder: dict | None = None):
        super().__init__(message)
        self.holder = holder or {}
