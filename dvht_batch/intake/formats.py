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



def is_tnef_name(name: str) -> bool:
    return os.path.basename(name).casefold() in TNEF_NAMES


def is_submission(name: str) -> bool:
    """A workbook, another spreadsheet format, or a winmail.dat: something a department meant to send."""
    suffix = os.path.splitext(name)[1].lower()
    return suffix in WORKBOOK_SUFFIXES or suffix in OTHER_SPREADSHEETS or is_tnef_name(name)


def refusal(suffix: str) -> tuple[str, dict[str, str]]:
    """(message id, fields) for a spreadsheet in a format the tool does not read (dvht_batch/messages/files.py)."""
    suffix = suffix.lower()
    if suffix in (".csv", ".tsv"):
        return "csv-not-accepted", {"suffix": suffix}
    return "unsupported-format", {"suffix": suffix, "formats": READ_FORMATS}
