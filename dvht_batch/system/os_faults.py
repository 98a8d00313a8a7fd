"""Faults of the machine in the clerk's words: an OSError becomes a Vietnamese reason and an
`errors.EnvironmentFault` subclass; a file name that is not valid UTF-8 becomes printable text.

Used at the edges only — atomic writes (writers/atomic.py), discovery and reading of inputs
(intake), the CLI's last guard — so no call site special-cases errno values.
"""
from __future__ import annotations

import errno
import os
import re
import stat
from pathlib import Path

from dvht_batch.errors import DiskFullError, EnvironmentFault, NoAccessError, NotAFolderError
from dvht_batch.messages import render

_NO_ACCESS = {errno.EACCES, errno.EPERM, errno.EROFS}
_DISK_FULL = {errno.ENOSPC} | ({errno.EDQUOT} if hasattr(errno, "EDQUOT") else set())
_NOT_A_FOLDER = {errno.ENOTDIR, errno.EEXIST}

# errno → the catalogue's phrase of why (messages/system.py)
_REASONS = {
    errno.EACCES: "os-no-access",
    errno.EPERM: "os-not-permitted",
    errno.EROFS: "os-read-only",
    errno.ENOSPC: "os-disk-full",
    errno.ENOTDIR: "os-file-on-path",
    errno.EEXIST: "os-exists",
    errno.EISDIR: "os-is-a-folder",
    errno.ENOENT: "os-not-found",
    errno.ENAMETOOLONG: "os-name-too-long",
    errno.EIO: "os-io",
    errno.EBUSY: "os-busy",
    errno.EMFILE: "os-too-many-open",
    errno.ELOOP: "os-loop",
    errno.EINVAL: "os-bad-name",
}
if hasattr(errno, "EDQUOT"):
    _REASONS[errno.EDQUOT] = "os-quota"


def printable(text: str | os.PathLike) -> str:
    """A name as the clerk can read it: bytes that are not UTF-8 shown escaped (`TTR_\\xff.xlsx`).

    On Linux a file name is bytes; Python keeps undecodable bytes as surrogates, which no UTF-8
    writer (JSON, Excel, SQLite, the console) accepts.
    """
    text = os.fspath(text)
    if isinstance(text, bytes):
        text = os.fsdecode(text)
    if not undecodable(text):
        return text
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def undecodable(text: str) -> bool:
    """Whether the text holds bytes of a file name that are not valid UTF-8 (as surrogates)."""
    return any("\udc80" <= ch <= "\udcff" for ch in text)


def os_reason(exc: OSError) -> str:
    """Why the system refused, in Vietnamese (an unusual kind keeps the system's own words)."""
    reason = _REASONS.get(exc.errno)  # type: ignore[arg-type]
    if reason is not None:
        return render(reason)
    return render("os-other", name=errno.errorcode.get(exc.errno or 0, "?"), detail=exc.strerror or exc)


def find_os_error(exc: BaseException) -> OSError | None:
    """The OSError behind `exc`: libraries wrap them (xlsxwriter's FileCreateError holds one)."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, OSError):
            return current
        nested = [a for a in current.args if isinstance(a, OSError)]
        if nested:
            return nested[0]
        current = current.__cause__ or current.__context__
    return None


def _file_in_the_way(path: Path) -> Path | None:
    """The regular file that stands where a folder of `path` should be, if any."""
    for candidate in (path, *path.parents):
        try:
            if candidate.exists():
                return None if candidate.is_dir() else candidate
        except OSError:
            return None
    return None


# A run's hidden staging folder `OUT/.staging-<period>-<YYYYmmdd-HHMMSS>-<hex>/` (dvht_batch.output.period_swap):
# the clerk knows the folder it becomes, `OUT/<period>/`.
_STAGING = re.compile(r"\.staging-(?P<period>[^/\\]+?)-\d{8}-\d{6}-[0-9a-f]{8}(?=[/\\]|$)")


def shown_path(where: str | os.PathLike) -> str:
    """A path for a message: readable (`printable`), a staging folder named as the period folder it becomes."""
    return _STAGING.sub(lambda m: m["period"], printable(where))


def fault_from_os_error(exc: OSError, path: str | os.PathLike | None = None, action: str = "ghi") -> EnvironmentFault:
    """The Vietnamese error for `exc` while `action` ("ghi", "đọc") on `path` (default: the error's own path)."""
    where = path if path is not None else exc.filename
    head = {"action": action, "target": f" '{shown_path(where)}'" if where is not None else ""}
    code = exc.errno
    if code in _DISK_FULL:
        return DiskFullError(render("fault-disk-full", reason=os_reason(exc), **head))
    if code in _NO_ACCESS:
        hint = "fault-no-write-access" if action == "ghi" else "fault-no-read-access"
        return NoAccessError(render(hint, reason=os_reason(exc), **head))
    if code in _NOT_A_FOLDER and where is not None:
        blocker = _file_in_the_way(Path(os.fsdecode(os.fspath(where))))
        if blocker is not None:
            return NotAFolderError(render("fault-file-in-the-way", blocker=printable(blocker), **head))
    return EnvironmentFault(render("fault-other", reason=os_reason(exc), **head))


MAX_SETTINGS_BYTES = 4 * 1024 * 1024  # dvht.toml of 1,000 departments is ~150 KB; ke_hoach.toml and rule files less


class UnusableFile(OSError):
    """A settings file that is not a regular file, or too large to be one: `strerror` says why in Vietnamese."""


def read_small_file(path: str | os.PathLike, limit: int = MAX_SETTINGS_BYTES) -> bytes:
    """The bytes of a regular file of at most `limit` bytes (dvht.toml, ke_hoach.toml, a rule file).

    Opened without blocking (a FIFO given as --config must not hang) and checked before reading: a FIFO,
    a device (`/dev/zero`), a folder or a file over `limit` raises `UnusableFile`, whose `strerror` says
    why; other OSErrors as the system raises them. Never reads more than `limit` + 1 bytes.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            what = "os-kind-folder" if stat.S_ISDIR(info.st_mode) else \
                "os-kind-fifo" if stat.S_ISFIFO(info.st_mode) else "os-kind-device"
            raise UnusableFile(errno.EINVAL, render("os-not-a-regular-file", what=render(what)), os.fspath(path))
        if info.st_size > limit:
            raise UnusableFile(errno.EFBIG, _too_large(limit), os.fspath(path))
        with os.fdopen(fd, "rb", closefd=False) as stream:
            data = stream.read(limit + 1)
    finally:
        os.close(fd)
    if len(data) > limit:  # grew while being read
        raise UnusableFile(errno.EFBIG, _too_large(limit), os.fspath(path))
    return data


def _too_large(limit: int) -> str:
    return render("os-settings-too-large", limit=limit // (1024 * 1024))
