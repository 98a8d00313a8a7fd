"""Inputs the machine does not let us read: no permission, gone since discovery, a subfolder that
cannot be listed.

Such an input is never skipped in silence: it is a `FileRecord` with an error saying why (the reason
from `os_faults`), so selection marks it `rejected` and the console, `tong_hop.xlsx` and
`ket_qua.json` name it. Like every refused file it is tied to the department its name tells
(`TTR_11-2025.xlsx`, a subfolder `TTR/`: intake/attribution.py), which then shows as "sent, not
usable", not "not sent".
"""
from __future__ import annotations

from pathlib import Path

from dvht_batch.intake.attribution import attach_departments
from dvht_batch.intake.cells import Findings
from dvht_batch.intake.discover import Unreadable
from dvht_batch.models import FileRecord
from dvht_batch.system.os_faults import os_reason

FILE_CODE, FOLDER_CODE = "unreadable-file", "unreadable-folder"
CODES = frozenset({FILE_CODE, FOLDER_CODE})


def is_unreadable(record: FileRecord) -> bool:
    """The input could not be read at all (its content is unknown, not wrong)."""
    return any(f.code in CODES for f in record.errors)


def mark_unreadable(record: FileRecord, exc: OSError, out: Findings) -> None:
    """Record why the file could not be read."""
    out.report("unreadable-file", reason=os_reason(exc))


def unreadable_file(where: str, source: Path, exc: OSError) -> FileRecord:
    """A record for a file that could not be opened (`where`: its name as shown)."""
    record = FileRecord(path=where, source=source)
    out = Findings(where)
    mark_unreadable(record, exc, out)
    record.findings = out.items
    return record


def unreadable_folders(folders: list[Unreadable], config) -> list[FileRecord]:
    """A record for each subfolder that could not be listed (the files in it are unknown), tied to its department."""
    records = []
    for folder in folders:
        record = FileRecord(path=f"{folder.name}/", source=folder.path.absolute())
        out = Findings(record.path)
        out.report("unreadable-folder", folder=folder.name, reason=folder.reason)
        record.findings = out.items
        records.append(record)
    attach_departments(records, config)
    return records
