"""The folder a clerk may choose with "Dùng thư mục": a folder of one period's files, never a system folder,
a drive's root, the output folder (or one holding it), the app's folder of uploads, nor a folder too large
to be one period's files (counted without reading more than the bound). Messages: messages/web.py."""
from __future__ import annotations

import os
import sys
from pathlib import Path

from dvht_batch.messages import render
from dvht_batch.system.os_faults import os_reason, printable

MAX_FOLDER_FILES = 1000  # a month's folder holds tens of files; a home or system folder thousands

_POSIX_SYSTEM = ("/bin", "/boot", "/dev", "/etc", "/lib", "/lib32", "/lib64", "/libx32", "/proc", "/run", "/sbin",
                 "/snap", "/sys", "/usr", "/var", "/System", "/Library", "/Applications")
_WINDOWS_VARIABLES = ("SystemRoot", "ProgramFiles", "ProgramFiles(x86)", "ProgramW6432", "ProgramData")


class FolderRefused(ValueError):
    """The folder is not one a clerk would use; the message says why and what to do, in Vietnamese."""


def system_folders() -> list[Path]:
    if sys.platform == "win32":
        return [Path(v) for v in (os.environ.get(k) for k in _WINDOWS_VARIABLES) if v]
    return [Path(p) for p in _POSIX_SYSTEM]


def _inside(folder: Path, other: Path) -> bool:
    try:
        return folder.is_relative_to(other.resolve())
    except (OSError, RuntimeError, ValueError):
        return False


def count_files(folder: Path, limit: int) -> int:
    """Files under `folder` (hidden folders not entered, links not followed, as the run's discovery), counting
    stops past `limit`. OSError when the folder itself cannot be listed."""
    count, stack = 0, [folder]
    while stack:
        current = stack.pop()
        try:
            entries = list(os.scandir(current))
        except OSError:
            if current == folder:
                raise
            continue  # a subfolder the run will report as unreadable
        for entry in entries:
            try:
                if entry.is_dir(follow_symlinks=False):
                    if not entry.name.startswith("."):
                        stack.append(Path(entry.path))
                    continue
            except OSError:
                continue
            count += 1
            if count > limit:
                return count
    return count


def checked_folder(text: str, out_root: Path, input_root: Path, limit: int = MAX_FOLDER_FILES) -> Path:
    """The resolved folder typed as `text`, or FolderRefused with the reason."""
    shown = printable(text)
    try:
        folder = Path(text).expanduser()
        if not text or "\0" in text or not folder.is_dir():
            raise FolderRefused(render("web-folder-not-found", folder=shown))
        folder = folder.resolve()
    except (OSError, RuntimeError, ValueError) as exc:
        if isinstance(exc, FolderRefused):
            raise
        raise FolderRefused(render("web-folder-not-found", folder=shown)) from None
    shown = printable(folder)
    if folder == Path(folder.anchor) or any(folder == s or _inside(folder, s) for s in system_folders()):
        raise FolderRefused(render("web-folder-system", folder=shown))
    out = Path(out_root).resolve()
    if folder.is_relative_to(out):
        raise FolderRefused(render("web-folder-in-output", folder=shown, out=printable(out)))
    if out.is_relative_to(folder):
        raise FolderRefused(render("web-folder-holds-output", folder=shown, out=printable(out)))
    uploads = Path(input_root).resolve()
    if uploads.is_relative_to(folder):
        raise FolderRefused(render("web-folder-holds-uploads", folder=shown, uploads=printable(uploads)))
    try:
        if count_files(folder, limit) > limit:
            raise FolderRefused(render("web-folder-too-many", folder=shown, limit=limit))
    except OSError as exc:
        raise FolderRefused(render("web-folder-unreadable", folder=shown, reason=os_reason(exc))) from None
    return folder


__all__ = ["FolderRefused", "MAX_FOLDER_FILES", "checked_folder", "count_files", "system_folders"]
