"""Write a file atomically: into a temporary file beside the target, then `os.replace`.

A reader never sees a half-written output, and a target held open by Excel or Word on Windows
(where `os.replace` fails with PermissionError) becomes an `OutputLockedError` whose Vietnamese
message names the file and asks the clerk to close it. Generic: JSON, xlsx and docx writers use it.
"""
from __future__ import annotations

import os
import secrets
import time
from pathlib import Path
from typing import Callable

from dvht_batch.errors import OutputLockedError

# A virus scanner or indexer may hold a fresh file for a moment on Windows: retry briefly.
_RETRY_DELAYS: tuple[float, ...] = (0.1, 0.3)


def locked_message(path: Path) -> str:
    return (f"Không ghi được tệp '{path}': tệp đang mở trong Excel hoặc Word (hoặc không có quyền ghi). "
            "Hãy đóng tệp đó rồi chạy lại.")


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
    Raises OutputLockedError when the folder cannot be written or the target cannot be replaced;
    errors raised by `write_fn` itself propagate unchanged.
    """
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = _temp_path(path)
    except OSError as exc:
        raise OutputLockedError(
            f"Không tạo được tệp trong thư mục '{path.parent}': {exc.strerror or exc}. "
            "Hãy kiểm tra quyền ghi vào thư mục kết quả hoặc chọn thư mục khác (--out)."
        ) from exc
    try:
        write_fn(tmp)
    except BaseException:
        _remove(tmp)
        raise
    try:
        _replace(tmp, path)
    except OSError as exc:  # PermissionError on Windows when Excel/Word holds the target
        _remove(tmp)
        raise OutputLockedError(locked_message(path)) from exc
    return path


def _replace(tmp: Path, path: Path) -> None:
    for delay in _RETRY_DELAYS:
        try:
            os.replace(tmp, path)
            return
        except PermissionError:
            time.sleep(delay)
    os.replace(tmp, path)
