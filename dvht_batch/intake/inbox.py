"""Files a clerk hands over one by one (the web app's uploads), stored as sent in a period's input folder.

One intake for both doors: a spreadsheet is stored whatever its content, and the run reads it exactly as
`dvht run` reads the same folder, so a broken workbook (truncated, not really an .xlsx, a zip bomb) is kept
and shown "Đã gửi, chưa dùng được" with the reading's own reason, attributed to its department by name or
sheet (docs/giao-dien.md). Only what is clearly not a submission is refused at the door: no name, an Office
lock file, a system file, a file that is not a spreadsheet or a saved message, a message holding no workbook,
a file over the size bound. A stored file is written completely or not at all and never replaces another
file: a second copy of the same bytes is recognised, a different file of the same name is stored as
"Tên (2).xlsx".
"""
from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

from dvht_batch.errors import DvhtError
from dvht_batch.intake import mailbox, safety
from dvht_batch.intake.discover import is_skipped
from dvht_batch.intake.formats import READ_FORMATS
from dvht_batch.intake.formats import WORKBOOK_SUFFIXES as _READ_SUFFIXES
from dvht_batch.messages import render

MiB = 1024 * 1024
WORKBOOK_SUFFIXES = _READ_SUFFIXES  # .xlsx, .xlsm, .xls, .ods (intake/formats.py)
MESSAGE_SUFFIXES = mailbox.MESSAGE_SUFFIXES | mailbox.MBOX_SUFFIXES
ACCEPTED_SUFFIXES = WORKBOOK_SUFFIXES | MESSAGE_SUFFIXES
MAX_MBOX_BYTES = 256 * MiB
MAX_BYTES = {**{s: safety.MAX_FILE_BYTES for s in WORKBOOK_SUFFIXES}, ".eml": mailbox.MAX_MESSAGE_BYTES,
             **{s: MAX_MBOX_BYTES for s in mailbox.MBOX_SUFFIXES}}
_WINDOWS_DEVICES = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)), *(f"lpt{i}" for i in range(1, 10))}


class UploadRefused(DvhtError):
    """The file is not stored; the message says why and what to do, in Vietnamese."""


def _mb(n: int) -> str:
    return f"{n // MiB} MB"


def clean_name(raw: str | None) -> str:
    """The file's own name (no folder), without characters Windows forbids; UploadRefused for names never stored."""
    if not (raw or "").strip():
        raise UploadRefused(render("upload-no-name"))
    name = mailbox.safe_attachment_name(raw)
    stem, suffix = os.path.splitext(name)
    if not stem.strip(" ._") or stem.casefold().rstrip(" .") in _WINDOWS_DEVICES:
        raise UploadRefused(render("upload-bad-name", name=raw))
    if (raw or "").lstrip().startswith("~$"):
        raise UploadRefused(render("upload-lock-file", name=raw))
    if is_skipped(name):
        raise UploadRefused(render("upload-not-submission", name=name))
    if suffix.lower() not in ACCEPTED_SUFFIXES:
        raise UploadRefused(render("upload-not-spreadsheet", name=name, formats=READ_FORMATS))
    return name


def check_upload(name: str, data: bytes) -> None:
    """Refuse what is clearly not a submission: over the size bound, an empty or workbook-less message. A
    workbook's content is not judged here: the run reads it (and says why it cannot be used) as `dvht run` does."""
    suffix = os.path.splitext(name)[1].lower()
    limit = MAX_BYTES.get(suffix, safety.MAX_FILE_BYTES)
    if len(data) > limit:
        raise UploadRefused(render("upload-too-large", name=name, limit=_mb(limit)))
    if suffix in WORKBOOK_SUFFIXES:
        return
    try:
        safety.check_size(len(data))
    except safety.Refused as exc:
        raise UploadRefused(f"'{name}': {exc.message}") from None  # the file's name in front of the refusal
    if suffix in mailbox.MESSAGE_SUFFIXES and not mailbox.has_workbook(data):
        raise UploadRefused(render("upload-message-without-workbook", name=name, reason=mailbox.NO_WORKBOOK))


def _same_bytes(path: Path, digest: str) -> bool:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest() == digest
    except OSError:
        return False


def write_new_file(folder: Path, name: str, data: bytes, reuse_identical: bool = False) -> tuple[Path, bool]:
    """Write `data` as `folder/name`, or "stem (2).ext", "stem (3).ext"… when the name is taken: complete or not at
    all (a temporary file linked into place), never overwriting. With `reuse_identical`, a taken name holding the
    same bytes is returned instead, as (path, False); a written file is (path, True)."""
    folder.mkdir(parents=True, exist_ok=True)
    stem, suffix = os.path.splitext(name)
    digest = hashlib.sha256(data).hexdigest() if reuse_identical else None
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        n = 1
        while True:
            target = folder / (name if n == 1 else f"{stem} ({n}){suffix}")
            if digest is not None and target.exists() and _same_bytes(target, digest):
                return target, False
            try:
                os.link(tmp, target)  # fails when the name is taken: never overwrites
                return target, True
            except FileExistsError:
                n += 1
            except OSError:  # no hard links on this file system: the existence check then the rename
                if not target.exists():
                    os.replace(tmp, target)
                    return target, True
                n += 1
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def store_upload(folder: Path, raw_name: str | None, data: bytes,
                 modified: float | None = None) -> tuple[Path, bool]:
    """Check and store one uploaded file in `folder`; returns (path, True) when stored, (path, False) when the
    same bytes were already there under that name (or its ' (n)' variants). Raises UploadRefused.

    `modified` (POSIX seconds) is the file's own modification time as the browser knows it: kept on the stored
    copy, because "newest wins" falls back on it when two files share the same "Ngày lập" (the caller passes
    only a time it believes: not in the future of its clock)."""
    name = clean_name(raw_name)
    check_upload(name, data)
    path, stored = write_new_file(folder, name, data, reuse_identical=True)
    if stored and modified is not None and modified > 0:
        os.utime(path, (modified, modified))
    return path, stored


__all__ = ["UploadRefused", "clean_name", "check_upload", "store_upload", "write_new_file", "ACCEPTED_SUFFIXES", "MAX_BYTES"]
