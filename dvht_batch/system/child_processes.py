"""What every child process of a run shares: how it is started, and that it ends when the run that started it
is gone.

`can_fork()`: a child is forked (it shares the parent's memory as it is, nothing to pickle or import again)
only on Linux and only while the process runs a single thread — a thread holding a lock at the moment of the
fork (a web server's, a logging handler's, the import lock) would leave the child stuck on it. Elsewhere
(Windows, macOS, the web app's threads) children are spawned afresh.

A killed `dvht run` must not leave processes behind that go on reading inputs or writing outputs nobody
will use (and that hold the output folder's lock meanwhile). The reading pool's workers and the writers'
forked children start `watch_parent()` first: a daemon thread that ends the process as soon as its parent
has ended. The parent's sentinel (a pipe on POSIX, a process handle on Windows) becomes ready when it ends;
on POSIX the child is also re-parented, which `getppid` shows.
"""
from __future__ import annotations

import multiprocessing
import os
import sys
import threading
import time
from pathlib import Path

PARENT_CHECK_SECONDS = 0.5


def can_fork() -> bool:
    return sys.platform.startswith("linux") and threading.active_count() == 1


def start_method():
    """The multiprocessing context for a run's children: "fork" where `can_fork()`, else "spawn"."""
    return multiprocessing.get_context("fork" if can_fork() else "spawn")


def watch_parent() -> None:
    """In a child process: end it (exit status 1) once its parent process has ended."""
    threading.Thread(target=_end_with_parent, args=(os.getppid(),), name="dvht-parent-watch", daemon=True).start()


def _end_with_parent(parent_pid: int) -> None:
    from multiprocessing.connection import wait

    parent = multiprocessing.parent_process()
    sentinel = parent.sentinel if parent is not None else None
    while True:
        if sentinel is not None and wait([sentinel], timeout=PARENT_CHECK_SECONDS):
            os._exit(1)
        if sentinel is None:
            time.sleep(PARENT_CHECK_SECONDS)
        if os.name != "nt" and os.getppid() != parent_pid:
            os._exit(1)


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
