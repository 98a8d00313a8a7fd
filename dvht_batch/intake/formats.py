"""Which files are submissions, and what the tool says about spreadsheet formats it does not read.

Read: Excel workbooks (.xlsx, .xlsm, .xls) and OpenDocument spreadsheets (.ods, LibreOffice's default).
A spreadsheet in another format is a submission that cannot be used: `rejected` with a message that
says why and what to send instead (never silently ignored). Outlook's `winmail.dat` (TNEF) is a
container: the workbooks inside it are read. Anything else (text, PDF, images…) is not a submission.
"""
from __future__ import annotations

import os

WORKBOOK_SUFFIXES = frozenset({".xlsx", ".xlsm", ".xls", ".ods"})
OTHER_SPREADSHEETS = frozenset({".csv", ".tsv", ".xlsb", ".xltx", ".xltm", ".xlt", ".numbers", ".fods", ".ots"})
TNEF_NAMES = frozenset({"winmail.dat", "win.dat"})
READ_FORMATS = ".xlsx, .xlsm, .xls, .ods"

HOW_TO_SAVE = ("Trong Excel: Tệp › Lưu thành (Save As) › chọn \"Excel Workbook (*.xlsx)\". Trong LibreOffice Calc: "
               "Tệp › Lưu thành › giữ dạng \"ODF Spreadsheet (.ods)\" hoặc chọn \"Excel 2007-365 (.xlsx)\".")


def is_tnef_name(name: str) -> bool:
    return os.path.basename(name).casefold() in TNEF_NAMES


def is_submission(name: str) -> bool:
    """A workbook, another spreadsheet format, or a winmail.dat: something a department meant to send."""
    suffix = os.path.splitext(name)[1].lower()
    return suffix in WORKBOOK_SUFFIXES or suffix in OTHER_SPREADSHEETS or is_tnef_name(name)


def refusal(suffix: str) -> tuple[str, str]:
    """(code, Vietnamese message) for a spreadsheet in a format the tool does not read."""
    suffix = suffix.lower()
    if suffix in (".csv", ".tsv"):
        return ("csv-not-accepted",
                f"Tệp {suffix} (kể cả dạng \"CSV UTF-8\") chỉ giữ được một trang tính và mất định dạng, trong khi biểu "
                "mẫu có ba trang (Thong_tin: mã phòng, kỳ báo cáo; Thanh_vien: danh sách thành viên; Huong_dan): "
                "không biết được tệp của phòng nào, kỳ nào nên không dùng được. Hãy nhập số liệu vào biểu mẫu Văn "
                "phòng gửi và lưu nguyên biểu mẫu. " + HOW_TO_SAVE + " Rồi gửi lại tệp đó.")
    return ("unsupported-format",
            f"Tệp dạng {suffix} không đọc được: công cụ chỉ đọc {READ_FORMATS}. Hãy mở tệp và lưu lại đúng biểu mẫu. "
            + HOW_TO_SAVE + " Rồi gửi lại.")
