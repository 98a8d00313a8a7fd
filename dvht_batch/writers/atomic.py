"""Write a file atomically: into a temporary file beside the target, then `os.replace`.

A reader never sees a half-written output, and a target held open by Excel or Word on Windows
(where `os.replace` fails with PermissionError) becomes an `OutputLockedError` whose Vietnamese
message names the file and asks the clerk to close it. Any other fault of the machine (a folder that
cannot be written or lies under a file, a full disk) becomes the Vietnamese `EnvironmentFault` of
`dvht_batch.system.os_faults`, and the temporary file is removed: what was written before stays whole.
Generic: JSON, xlsx and docx writers use it.
"""
from __future__ import annotations

import gc
import os
import secrets
import sys
import time
import traceback
from pathlib import Path
from typing import Callable

from dvht_batch.errors import DvhtError, EnvironmentFault, OutputLockedError
from dvht_batch.messages import render
from dvht_batch.system.os_faults import fault_from_os_error, find_os_error

# A virus scanner or indexer may hold a fresh file for a moment on Windows: retry briefly.
_RETRY_DELAYS: tuple[float, ...] = (0.1, 0.3)


def locked_message(path: Path) -> str:
    return render("file-locked", path=path)


def _temp_path(path: Path) -> Path:
    """A fresh, reserved name in the target's folder (same volume, so os.replace is atomic).

    The real suffix is kept at the end so libraries that look at it (.xlsx, .docx) are happy;
    the file is created with the usual permissions (not mkstemp's 0600).
    """
    for _ in range(20):
        tmp = path.with_name(f".{path.stem[:80]}.{secrets.token_hex(4)}.tmp{path.suffix}")
        try:
            fd = os.open(tmp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o666)
        except FileExistsError:
            continue
        os.close(fd)
        return tmp
    raise FileExistsError(f"no free temporary name beside {path}")


def _remove(tmp: Path) -> None:
    try:
        tmp.unlink(missing_ok=True)
    except OSError:
        pass  # best effort: a leftover hidden temp file is harmless


def atomic_write(path: Path | str, write_fn: Callable[[Path], object]) -> Path:
    """Call `write_fn(tmp_path)` to write the content, then move it over `path`; return `path`.

    Creates the parent folder if needed. On any failure the temporary file is removed.
    Raises OutputLockedError when the target cannot be replaced (held open), an EnvironmentFault
    when the machine refuses (no permission, not a folder, disk full — also inside `write_fn`);
    other errors raised by `write_fn` propagate unchanged.
    """
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise fault_from_os_error(exc) from exc
    try:
        tmp = _temp_path(path)
    except OSError as exc:
        raise fault_from_os_error(exc, path.parent) from exc
    try:
        write_fn(tmp)
    except BaseException as exc:
        _remove(tmp)
        cause = find_os_error(exc) if isinstance(exc, Exception) and not isinstance(exc, DvhtError) else None
        if cause is not None:
            _release_quietly(exc)
            raise fault_from_os_error(cause, path) from exc
        raise
    try:
        replace_retrying(tmp, path)
    except OSError as exc:
        _remove(tmp)
        fault = fault_from_os_error(exc, path)
        if isinstance(exc, PermissionError) or type(fault) is EnvironmentFault:  # Excel/Word holds it (Windows)
            raise OutputLockedError(locked_message(path)) from exc
        raise fault from exc  # a full disk, a read-only drive
    return path


def _release_quietly(exc: BaseException) -> None:
    """Close now what a writer that failed on the machine left open, without noise.

    A library's ZipFile still open in the failed frames (xlsxwriter, python-docx) would be closed by
    the garbage collector later, fail again to flush on the full disk and print "Exception ignored …
    Traceback" to the clerk's console. Clearing the frames' locals closes it here, its own error muted.
    """
    hook = sys.unraisablehook
    sys.unraisablehook = lambda unraisable: None
    try:
        seen: set[int] = set()
        current: BaseException | None = exc
        while current is not None and id(current) not in seen:
            seen.add(id(current))
            if current.__traceback__ is not None:
                traceback.clear_frames(current.__traceback__)
            current = current.__cause__ or current.__context__
        gc.collect()
    finally:
        sys.unraisablehook = hook


def replace_retrying(tmp: Path, path: Path) -> None:
    """`os.replace`, retried briefly while Windows reports the target (or the source) in use."""
    for delay in _RETRY_DELAYS:
        try:
            os.replace(tmp, path)
            return
        except PermissionError:
            time.sleep(delay)
    os.replace(tmp, path)
