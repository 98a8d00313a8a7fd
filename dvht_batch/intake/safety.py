"""Checks on a workbook's bytes before python-calamine touches them (hostile or broken files).

Everything here works on bytes already in memory, in bounded time and memory, and raises
`Refused(code, message)` with a Vietnamese message for the clerk. What is checked:

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

The zip checks are in `zip_checks` (`ods_checks` for OpenDocument), the OLE ones in `ole`; what they
share (limits, `Refused`, extents) in `safety_limits`.
"""
from __future__ import annotations

from dvht_batch.intake.cells import col_letters
from dvht_batch.intake.ods_checks import check_ods
from dvht_batch.intake.ole import check_ole
from dvht_batch.intake.safety_limits import (ENCRYPTED_MESSAGE, HOW_TO_RESAVE, MAX_CELLS, MAX_COLS, MAX_FILE_BYTES,
                                             MAX_ROWS, Checked, Extent, Refused, mb_text)
from dvht_batch.intake.zip_checks import check_zip

__all__ = ["ENCRYPTED_MESSAGE", "MAX_FILE_BYTES", "Checked", "Extent", "Refused", "check_extent", "check_size",
           "check_workbook_bytes"]

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def check_size(size: int) -> None:
    if size == 0:
        raise Refused("empty-file", "Tệp rỗng (0 byte): tệp bị lỗi khi gửi hoặc tải về chưa xong. Hãy gửi lại tệp.")
    if size > MAX_FILE_BYTES:
        raise Refused("file-too-large", f"Tệp quá lớn ({mb_text(size)}; tối đa {mb_text(MAX_FILE_BYTES)}) so với một "
                                        "bảng kê thành viên. Hãy kiểm tra đúng tệp, xóa ảnh hoặc trang thừa rồi gửi lại.")


def check_workbook_bytes(data: bytes, suffix: str) -> Checked:
    """Raise `Refused` unless `data` is a workbook calamine may safely open; `suffix` like '.xlsx'."""
    check_size(len(data))
    suffix = suffix.lower()
    if data.startswith(_OLE_MAGIC):
        return check_ole(data, suffix)
    if data[:2] == b"PK":
        if suffix == ".ods":
            return check_ods(data)
        if suffix == ".xls":
            raise Refused("wrong-extension", "Tệp có đuôi .xls nhưng thực chất là tệp .xlsx: hãy đổi đuôi tệp thành "
                                              ".xlsx (hoặc mở bằng Excel và lưu lại) rồi gửi lại.")
        return check_zip(data)
    if suffix == ".xls":
        raise Refused("not-a-workbook", "Tệp không phải tệp Excel .xls thật (có thể là tệp khác bị đổi đuôi, hoặc "
                                         "tải về chưa trọn vẹn). " + HOW_TO_RESAVE)
    if suffix == ".ods":
        raise Refused("not-a-zip", "Tệp không phải bảng tính .ods thật (có thể là tệp khác bị đổi đuôi, hoặc tải về "
                                   "chưa trọn vẹn). Hãy mở bằng LibreOffice Calc hoặc Excel, lưu lại rồi gửi lại.")
    raise Refused("not-a-zip", "Tệp không phải tệp .xlsx thật (có thể là tệp khác bị đổi đuôi, tệp khóa của Excel, "
                               "hoặc tải về chưa trọn vẹn). " + HOW_TO_RESAVE)


def check_extent(checked: Checked, sheet_name: str) -> str | None:
    """A Vietnamese problem when the sheet is too large to load, else None."""
    e = checked.extent(sheet_name)
    if e.rows <= MAX_ROWS and e.cols <= MAX_COLS and e.rows * e.cols <= MAX_CELLS:
        return None
    last = f"{col_letters(max(e.cols, 1) - 1)}{e.rows}"
    return (f"Trang \"{sheet_name}\" có dữ liệu tới ô {last} ({_n(e.rows)} dòng × {_n(e.cols)} cột), vượt giới "
            f"hạn {_n(MAX_ROWS)} dòng × {_n(MAX_COLS)} cột. Hãy xóa các dòng, cột thừa ở cuối trang (chọn chúng, "
            "bấm Delete) rồi lưu và gửi lại.")


def _n(value: int) -> str:
    return f"{value:,}".replace(",", ".")
