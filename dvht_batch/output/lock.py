"""One dvht command at a time per output folder: `with output_lock(out_root, "run"): …`.

The lock is an OS file lock (the `filelock` library: `fcntl.flock` on Linux/macOS, `msvcrt.locking`
on Windows, also over a shared network folder) on `OUT/.dvht.lock`. The OS releases it when the
holding process ends, however it ends. Beside it, `OUT/.dvht.lock.json` names the holder (host,
process id, command, start time) for the message a second command shows; it is removed before the
lock is released, so a holder file left behind means a run was killed.

A second command waits `wait_seconds`, then raises `OutputBusyError` naming the holder. When the lock
is still held although the recorded holder is a process of this machine that no longer exists (an
orphaned child kept the descriptor, or a file system without OS locks where filelock falls back to a
marker file), the lock is stale: it is removed and taken over.

Taking the folder (not again, re-entering) first settles what a killed run left there: a swap half done
finished or put back, temporary files removed (`output.recovery.settle_folder`, told to the clerk as news).

Within one process the lock is re-entrant per thread (`pipeline.run_period` holds it from reading to the
swap; `period_outputs.write_outputs` only checks it is held, `holds`); another thread of the same process waits
like another process would.
"""
from __future__ import annotations

import json
import os
import socket
import sys
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Iterator

from filelock import FileLock, Timeout

from dvht_batch.errors import DvhtError, OutputBusyError
from dvht_batch.messages import render
from dvht_batch.output.period_swap import JOURNAL_PREFIX
from dvht_batch.output.recovery import settle_folder
from dvht_batch.system.os_faults import fault_from_os_error
from dvht_batch.vn.dates import moment
from dvht_batch.writers.atomic import replace_retrying

LOCK_NAME = ".dvht.lock"
HOLDER_NAME = ".dvht.lock.json"
_RECHECK_SECONDS = 0.5  # a stale holder must still be stale after this, before it is taken over


@dataclass
class _Entry:
    """This process's hold on one output folder."""

    thread_lock: threading.RLock = field(default_factory=threading.RLock)
    depth: int = 0
    file_lock: FileLock | None = None
    holder: dict = field(default_factory=dict)
    owner: int | None = None  # the thread holding it (threading.get_ident), while depth > 0


# One entry per output folder this process has locked (a CLI run: one; the web app: its --out), kept for
# the process's life so that every thread waits on the same one.
_entries: dict[str, _Entry] = {}
_entries_guard = threading.Lock()


def _entry(out_root: Path) -> _Entry:
    key = os.path.normcase(str(out_root.resolve()))
    with _entries_guard:
        return _entries.setdefault(key, _Entry())


@contextmanager
def output_lock(out_root: Path, command: str, wait_seconds: float = 5.0) -> Iterator[dict]:
    """Hold the output folder's lock (creating the folder) for `dvht <command>`; yields the holder info.

    Raises OutputBusyError (exit 1) when another command holds it for longer than `wait_seconds`, an
    EnvironmentFault (os_faults) when the folder cannot be created or written.
    """
    out_root = Path(out_root)
    _make_folder(out_root)
    entry = _entry(out_root)
    if not entry.thread_lock.acquire(timeout=max(wait_seconds, 0)):
        raise OutputBusyError(busy_message(out_root, entry.holder, wait_seconds), dict(entry.holder))
    try:
        if entry.depth == 0:
            entry.file_lock = _acquire(out_root, wait_seconds)
            entry.holder = _write_holder(out_root, command)
            entry.owner = threading.get_ident()
        entry.depth += 1
        try:
            if entry.depth == 1:  # what a killed run left is settled before the command touches the folder
                settle_folder(out_root)
            yield dict(entry.holder)
        finally:
            entry.depth -= 1
            if entry.depth == 0:
                _remove(out_root / HOLDER_NAME)  # before the release: a holder file left means a killed run
                entry.file_lock.release()
                entry.file_lock, entry.holder, entry.owner = None, {}, None
    finally:
        entry.thread_lock.release()


def settle_if_free(out_root: Path, command: str) -> None:
    """For a command that only reads the folder (`lich-su`, `templates --prefill`): take the lock for a moment,
    which settles what a killed run left (`output.recovery`), when a swap was left half done and nobody holds
    the folder; busy, or not writable by this user, the command just reads what is there."""
    if not any(Path(out_root).glob(f"{JOURNAL_PREFIX}*.json")):  # no swap left half done (also: no folder)
        return
    try:
        with output_lock(Path(out_root), command, wait_seconds=0):
            pass
    except DvhtError:  # OutputBusyError, or a folder this user cannot write to (EnvironmentFault)
        return


def holds(out_root: Path) -> bool:
    """Whether this thread holds the output lock of `out_root`."""
    entry = _entry(Path(out_root))
    return entry.depth > 0 and entry.owner == threading.get_ident()


def _make_folder(out_root: Path) -> None:
    try:
        out_root.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise fault_from_os_error(exc, out_root) from None


def _acquire(out_root: Path, wait_seconds: float) -> FileLock:
    lock = FileLock(out_root / LOCK_NAME)
    try:
        lock.acquire(timeout=wait_seconds)
        return lock
    except Timeout:
        pass
    except OSError as exc:
        raise fault_from_os_error(exc, out_root / LOCK_NAME) from None
    holder = read_holder(out_root)
    if _is_stale(holder):
        time.sleep(_RECHECK_SECONDS)  # a new holder that has just taken the lock writes its file first
        if read_holder(out_root) == holder:
            _remove(out_root / LOCK_NAME)
            lock = FileLock(out_root / LOCK_NAME)
            try:
                lock.acquire(timeout=1.0)
                return lock
            except (Timeout, OSError):
                holder = read_holder(out_root)
    raise OutputBusyError(busy_message(out_root, holder, wait_seconds), holder)


def _write_holder(out_root: Path, command: str) -> dict:
    # no time in it: when the lock was taken is the file's modification time, recorded by the OS (`read_holder`)
    holder = {"host": socket.gethostname(), "pid": os.getpid(), "command": command}
    tmp = out_root / f"{HOLDER_NAME}.{os.getpid()}.tmp"
    try:
        tmp.write_text(json.dumps(holder, ensure_ascii=False), encoding="utf-8")
        replace_retrying(tmp, out_root / HOLDER_NAME)  # Windows: a waiter may be reading the old one
    except OSError:
        _remove(tmp)  # the lock holds without it; a waiter's message then says less
    return holder


def read_holder(out_root: Path) -> dict:
    """The recorded holder of the folder's lock ({} when there is none or it cannot be read); "started": when
    it took the lock, the holder file's modification time (an earlier version wrote it in the file)."""
    path = Path(out_root) / HOLDER_NAME
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        written = path.stat().st_mtime
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    data.setdefault("started", datetime.fromtimestamp(written).astimezone().isoformat(timespec="seconds"))
    return data


def _is_stale(holder: dict) -> bool:
    pid = holder.get("pid")
    return (isinstance(pid, int) and holder.get("host") == socket.gethostname() and pid != os.getpid()
            and not pid_alive(pid))


def pid_alive(pid: int) -> bool:
    """Whether a process with this id runs on this machine (a zombie counts as gone)."""
    if pid <= 0:
        return False
    if sys.platform == "win32":
        return _windows_pid_alive(pid)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:  # Linux: a killed process not yet reaped by its parent is a zombie
        stat = Path(f"/proc/{pid}/stat").read_text()
        return stat.rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return True


def _windows_pid_alive(pid: int) -> bool:
    import ctypes

    kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
    handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
    if not handle:
        return ctypes.GetLastError() == 5  # ERROR_ACCESS_DENIED: it exists
    try:
        code = ctypes.c_ulong()
        return not kernel32.GetExitCodeProcess(handle, ctypes.byref(code)) or code.value == 259  # STILL_ACTIVE
    finally:
        kernel32.CloseHandle(handle)


def _when(started: str | None) -> str:
    try:
        return moment(datetime.fromisoformat(started), seconds=True) if started else render("busy-time-unknown")
    except ValueError:
        return started or render("busy-time-unknown")


def busy_message(out_root: Path, holder: dict, wait_seconds: float) -> str:
    """What a second command is told: who holds the folder (messages/outputs.py)."""
    if holder:
        who = render("busy-holder", command=holder.get("command", "?"), host=holder.get("host", "?"),
                     pid=holder.get("pid", "?"), started=_when(holder.get("started")))
    else:
        who = render("busy-holder-unknown")
    return render("output-busy", folder=out_root, holder=who, seconds=f"{wait_seconds:g}")


def _remove(path: Path) -> None:
    for delay in (0.1, 0.3, None):  # Windows: a waiter reading the file blocks its removal for a moment
        try:
            path.unlink(missing_ok=True)
            return
        except OSError:
            if delay is not None:
                time.sleep(delay)


__all__ = ["output_lock", "settle_if_free", "holds", "read_holder", "pid_alive", "busy_message", "LOCK_NAME", "HOLDER_NAME"]
