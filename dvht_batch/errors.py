"""Domain exceptions. The library raises these; only cli/ turns them into exit codes.

A file-checking error (`ConfigError`, `RuleSetError`) carries its problems as data: `findings`, a list of
`models.Finding` (code, place in the file, rendered sentence) collected by `messages.Findings`; its
`str()` is the Vietnamese text the CLI prints.
"""
from __future__ import annotations

from dvht_batch.models import Finding


class DvhtError(Exception):
    """Base class: the message is Vietnamese, meant for the clerk."""


class FileProblemsError(DvhtError):
    """A file the tool reads to know what to do (dvht.toml, a rule file, the plan file) cannot be used;
    `findings` lists every mistake found in it, `problems` their sentences."""

    def __init__(self, message: str, findings: list[Finding] | None = None, heading: str = ""):
        super().__init__(message)
        self.findings = list(findings or [])
        self.heading = heading or message.splitlines()[0]  # the line said above the problems

    @property
    def problems(self) -> list[str]:
        return [f.message for f in self.findings]


class ConfigError(FileProblemsError):
    """dvht.toml (or the plan file) is missing, unreadable or invalid (exit status 2)."""


class RuleSetError(FileProblemsError):
    """A rule file is invalid; `heading` is the line said above its problems ("Tệp tiêu chí '…' có 3 lỗi:")."""


class OutputLockedError(DvhtError):
    """An output file cannot be replaced (usually open in Excel or Word)."""


class EnvironmentFault(DvhtError):
    """The machine, not the input, stops the work: a folder that cannot be written, a full disk… (exit 1).

    Built from an OSError by `dvht_batch.system.os_faults.fault_from_os_error`, never by hand at a call site.
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
