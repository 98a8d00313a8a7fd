"""Checks on a workbook's bytes before python-calamine touches them (hostile or broken files).

Everything here works on bytes already in memory, in bounded time and memory, and raises
`Refused(message id, **fields)` with a Vietnamese message for the clerk (dvht_batch/messages/files.py).
What is checked:

- empty file, oversized file, neither a zip (.xlsx/.xlsm/.ods) nor an OLE file (.xls);
- OLE: password-protected (encrypted OOXML, or an .xls with a FILEPASS record), not Excel at all,
  an .xls renamed .xlsx;
- zip: member count, each declared uncompressed size, the total, the compression ratio
  ("decompression bomb"); every member is then streamed (never more than its declared size: both
  zipfile and calamine's zip reader refuse data beyond it) and its XML scanned for `<!DOCTYPE` /
  `<!ENTITY` (refused; entities are never resolved);
- the extent of every worksheet (highest row and column holding a value), so that a sheet such as
  A1 + XFD1048576 is refused here: calamine allocates rows × columns cells at once and aborts the
  whole process when that allocation fails (so does a reference such as `AAAAAAAA1`).

The zip checks are in `zip_checks` (a worksheet's extent in `sheet_extent`; `ods_checks` for
OpenDocument), the OLE ones in `ole`; what they share (limits, `Refused`, extents) in `safety_limits`.
"""
from __future__ import annotations

from typing import Callable

from dvht_batch.intake.cells import col_letters
from dvht_batch.intake.ods_checks import check_ods
from dvht_batch.intake.ole import check_ole
from dvht_batch.intake.safety_limits import (MAX_CELLS, MAX_COLS, MAX_FILE_BYTES, MAX_ROWS, Checked,
                                             Extent, Refused, mb_text)
from dvht_batch.intake.zip_checks import check_zip

__all__ = ["MAX_FILE_BYTES", "Checked", "Extent", "Refused", "check_extent", "check_size",
           "check_workbook_bytes"]

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def check_size(size: int) -> None:
    if size == 0:
        raise Refused("empty-file")
    if size > MAX_FILE_BYTES:
        raise Refused("file-too-large", size=mb_text(size), limit=mb_text(MAX_FILE_BYTES))


def check_workbook_bytes(data: bytes, suffix: str, keep: Callable[[str], bool] | None = None) -> Checked:
    """Raise `Refused` unless `data` is a workbook calamine may safely open; `suffix` like '.xlsx'. `keep`: the
    names of the .xlsx sheets whose XML the result keeps (`Checked.sheet_xml`, for `data_extent`)."""
    check_size(len(data))
    suffix = suffix.lower()
    if data.startswith(_OLE_MAGIC):
        return check_ole(data, suffix)
    if data[:2] == b"PK":
        if suffix == ".ods":
            return check_ods(data)
        if suffix == ".xls":
            raise Refused("xlsx-named-xls")
        return check_zip(data, keep)
    if suffix == ".xls":
        raise Refused("not-an-xls")
    if suffix == ".ods":
        raise Refused("not-an-ods")
    raise Refused("not-an-xlsx")


def check_extent(checked: Checked, sheet_name: str) -> dict[str, str] | None:
    """The fields of the message "sheet-too-large" when the sheet is too large to load, else None."""
    e = checked.extent(sheet_name)
    if e.rows <= MAX_ROWS and e.cols <= MAX_COLS and e.rows * e.cols <= MAX_CELLS:
        return None
    return {"last": f"{col_letters(max(e.cols, 1) - 1)}{e.rows}", "rows": _n(e.rows), "cols": _n(e.cols),
            "max_rows": _n(MAX_ROWS), "max_cols": _n(MAX_COLS)}


def _n(value: int) -> str:
    return f"{value:,}".replace(",", ".")
