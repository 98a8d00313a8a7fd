"""The archive of inputs `OUTPUT_DIR/luu_tru/`: accepted, rejected and superseded inputs are copied to
`luu_tru/<2 hex>/<sha256><suffix>` — content-addressed, written once, never overwritten, and only when the
file still has the bytes that were read (its sha256). The ledger (`dvht_batch.ledger.runs`) records each
file's archive name; `period_outputs.write_outputs` archives while the workbook's rows are being rendered.

A file that cannot be archived (changed or removed since it was read, unreadable now) is not skipped in
silence: `Archived.missed` names it with the reason, and the run says so (console, web page).
"""
from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from dvht_batch.messages import render
from dvht_batch.models import FileRecord, FileStatus, RunResult

ARCHIVE_DIR = "luu_tru"
ARCHIVED_STATUSES = {FileStatus.ACCEPTED, FileStatus.REJECTED, FileStatus.SUPERSEDED}


@dataclass(frozen=True)
class NotArchived:
    path: str      # the input as the run names it (relative to the input folder; '#' into a message)
    status: str    # FileStatus value
    reason: str    # why, in Vietnamese (messages catalogue, outputs)


@dataclass
class Archived:
    names: dict[tuple[str, str], str | None] = field(default_factory=dict)  # archive name by record.key
    missed: list[NotArchived] = field(default_factory=list)


def archive_inputs(result: RunResult, out_root: Path) -> Archived:
    """Copy the run's used inputs into the archive (each once); their archive names by record.key, and
    the ones that could not be copied with the reason."""
    archived = Archived()
    for r in result.files:
        if r.status in ARCHIVED_STATUSES:
            name, why = archive_file(r, out_root)
            archived.names[r.key] = name
            if why is not None:
                archived.missed.append(NotArchived(r.path, r.status.value, why))
    return archived


def archive_name(sha256: str, suffix: str) -> str:
    return f"{ARCHIVE_DIR}/{sha256[:2]}/{sha256}{suffix.lower()}"


def archive_file(record: FileRecord, out_root: Path) -> tuple[str | None, str | None]:
    """Copy the record's bytes into the archive (once): the path relative to out_root, or None and why not."""
    if not record.sha256:
        return None, render("archive-not-read")
    source = Path(record.source) if record.source else None
    if source is None or not source.is_file():
        return None, render("archive-gone")
    name = archive_name(record.sha256, source.suffix or ".bin")
    target = Path(out_root) / name
    if target.exists():
        return name, None
    try:
        data = source.read_bytes()
    except OSError as exc:
        return None, render("archive-unreadable", detail=exc.strerror or type(exc).__name__)
    if hashlib.sha256(data).hexdigest() != record.sha256:  # changed since it was read: not what was scored
        return None, render("archive-changed")
    _write_once(target, data)
    return name, None


def _write_once(target: Path, data: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        try:
            os.link(tmp, target)  # fails if it exists: never overwritten
        except FileExistsError:
            pass
        except OSError:  # no hard links on this file system
            if not target.exists():
                os.replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
