"""The archive of inputs `OUTPUT_DIR/luu_tru/`: accepted, rejected and superseded inputs are copied to
`luu_tru/<2 hex>/<sha256><suffix>` — content-addressed, written once, never overwritten, and only when the
file still has the bytes that were read (its sha256). The ledger (`dvht_batch.ledger.history`) records each
file's archive name; `pipeline.write_outputs` archives while the workbook's rows are being rendered.
"""
from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

from dvht_batch.models import FileRecord, FileStatus, RunResult

ARCHIVE_DIR = "luu_tru"
ARCHIVED_STATUSES = {FileStatus.ACCEPTED, FileStatus.REJECTED, FileStatus.SUPERSEDED}


def archive_inputs(result: RunResult, out_root: Path) -> dict[int, str | None]:
    """Copy the run's used inputs into the archive (each once); their archive names by id(record)."""
    return {id(r): archive_file(r, out_root) for r in result.files if r.status in ARCHIVED_STATUSES}


def archive_name(sha256: str, suffix: str) -> str:
    return f"{ARCHIVE_DIR}/{sha256[:2]}/{sha256}{suffix.lower()}"


def archive_file(record: FileRecord, out_root: Path) -> str | None:
    """Copy the record's bytes into the archive (once) and return the path relative to out_root."""
    if not record.sha256 or not record.source or not Path(record.source).is_file():
        return None
    name = archive_name(record.sha256, Path(record.source).suffix or ".bin")
    target = Path(out_root) / name
    if target.exists():
        return name
    try:
        data = Path(record.source).read_bytes()
    except OSError:
        return None
    if hashlib.sha256(data).hexdigest() != record.sha256:  # changed since it was read: not what was scored
        return None
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
    return name
