"""The names of the feedback workbooks a run writes in OUT/<period>/phan_hoi/ (one place: the run writes them,
ket_qua.json lists them, `dvht gui-thu` attaches them)."""
from __future__ import annotations

from pathlib import Path

from dvht_batch.system.filenames import safe_stem
from dvht_batch.models import FileRecord, FileStatus


def feedback_names(records: list[FileRecord]) -> dict[tuple[str, str], str]:
    """record.key → the name of its feedback workbook in phan_hoi/, for every rejected record (distinct
    names; the run writes them, ket_qua.json lists them, `dvht gui-thu` attaches them)."""
    names: dict[tuple[str, str], str] = {}
    used: set[str] = set()
    for record in records:
        if record.status is not FileStatus.REJECTED:
            continue
        stem = safe_stem(f"{record.department or 'khong_ro_phong'}_{Path(record.path).stem}")
        name, n = f"{stem}_phan_hoi.xlsx", 1
        while name.casefold() in used:
            n += 1
            name = f"{stem}_phan_hoi_{n}.xlsx"
        used.add(name.casefold())
        names[record.key] = name
    return names
