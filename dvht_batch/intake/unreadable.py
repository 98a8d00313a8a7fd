"""Inputs the machine does not let us read: no permission, gone since discovery, a subfolder that
cannot be listed, a file that is not a regular file (a FIFO, a dangling link: never opened). And what
`dvht` wrote found inside the input folder (an OUT folder, the archive, the ledger): `ignored`, named.

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
from dvht_batch.intake.discover import NOT_REGULAR, OURS, Unreadable
from dvht_batch.messages import render
from dvht_batch.models import FileRecord
from dvht_batch.system.os_faults import os_reason

FILE_CODE, FOLDER_CODE, NOT_REGULAR_CODE = "unreadable-file", "unreadable-folder", "not-a-regular-file"
CODES = frozenset({FILE_CODE, FOLDER_CODE, NOT_REGULAR_CODE})


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
    """A record for each entry `discover` did not read: a subfolder that could not be listed (the files in it
    are unknown) or a file that is not a regular file — rejected, tied to its department —, or what `dvht`
    wrote (ignored, with why)."""
    records = []
    for folder in folders:
        if folder.kind == OURS:
            records.append(FileRecord(path=folder.name, source=folder.path.absolute(),
                                      ignored_reason=render("ignored-own-output", what=folder.reason)))
            continue
        record = FileRecord(path=folder.name if folder.kind == NOT_REGULAR else f"{folder.name}/",
                            source=folder.path.absolute())
        out = Findings(record.path)
        if folder.kind == NOT_REGULAR:
            out.report(NOT_REGULAR_CODE, reason=folder.reason)
        else:
            out.report("unreadable-folder", folder=folder.name, reason=folder.reason)
        record.findings = out.items
        records.append(record)
    attach_departments(records, config)
    return records
