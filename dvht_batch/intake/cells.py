"""Cell-level helpers shared by the sheet readers: text, A1 references, numbers, dates, findings.

Rows come from python-calamine's `to_python(skip_empty_area=False)`: row index i is Excel row
i + 1, column index j is Excel column j (0 = A). Empty cells are ''. Values are str, float, int,
bool, date, datetime, time or timedelta. Nothing is ever evaluated: a formula cell gives the value
Excel cached, and text that looks like a formula ("=SUM(…)") is plain text.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation

from dvht_batch.messages import Findings  # noqa: F401 (the collector of every reader, re-exported)
from dvht_batch.vn.dates import parse_day_first
from dvht_batch.vn.text import fold, is_empty, normalize, shown, text_of  # noqa: F401 (cell text helpers, re-exported)

Row = list  # one sheet row as given by calamine

# --------------------------------------------------------------------------- references


def col_letters(index: int) -> str:
    """0 → 'A', 25 → 'Z', 26 → 'AA'."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def cell_ref(row_index: int, col_index: int) -> str:
    """0-based row/column indices of calamine rows → 'H7'."""
    return f"{col_letters(col_index)}{row_index + 1}"


def cell(rows: list[Row], r: int, c: int) -> object:
    if 0 <= r < len(rows):
        row = rows[r]
        if 0 <= c < len(row):
            return row[c]
    return ""


# --------------------------------------------------------------------------- numbers and dates

_EXCEL_EPOCH = date(1899, 12, 30)
_VN_LONG_DATE = re.compile(r"(?:ngay\s+)?(\d{1,2})\s+thang\s+(\d{1,2})\s+nam\s+(\d{4})")


def excel_serial_date(number: float) -> date | None:
    """An Excel date serial (1900 system) → date; plausible range only (1950–2100)."""
    if not 18264 <= number <= 73415:  # 1950-01-01 … 2100-12-31
        return None
    return _EXCEL_EPOCH + timedelta(days=int(number))


def date_of(value: object) -> date | None:
    """A real Excel date, an Excel serial number, or day-first text ('05/3/2025', 'ngày 05 tháng 3 năm 2025')."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return excel_serial_date(float(value))
    if isinstance(value, str):
        text = text_of(value)
        parsed = parse_day_first(text)
        if parsed is not None:
            return parsed
        m = _VN_LONG_DATE.fullmatch(fold(text))
        if m:
            try:
                return date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
            except ValueError:
                return None
    return None


_NUMBER_TEXT = re.compile(r"([+]?\d+(?:[.,]\d+)?)\s*(?:điểm|đ)?", re.IGNORECASE)


def decimal_of(value: object) -> Decimal | None:
    """A number or text with a comma or dot decimal ('9,5', '9.5', '10 điểm') → exact Decimal."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return None
        return Decimal(str(round(value, 6)))
    if isinstance(value, str):
        m = _NUMBER_TEXT.fullmatch(text_of(value))
        if not m:
            return None
        try:
            return Decimal(m.group(1).replace(",", "."))
        except InvalidOperation:
            return None
    return None


def year_of(value: object) -> int | None:
    """A year 1900–2100 from a number, text ('1980', '05/03/1980') or a date."""
    if value.__class__ is float and 1900 <= value <= 2100 and value.is_integer():
        return int(value)  # the usual cell: a number typed as 1985
    year: int | None = None
    if isinstance(value, bool):
        return None
    if isinstance(value, (datetime, date)):
        year = value.year
    elif isinstance(value, int):
        year = value
    elif isinstance(value, float):
        year = int(value) if value.is_integer() else None
    elif isinstance(value, str):
        text = text_of(value)
        if re.fullmatch(r"\d{4}", text):
            year = int(text)
        else:
            d = parse_day_first(text)
            year = d.year if d else None
    return year if year is not None and 1900 <= year <= 2100 else None


# --------------------------------------------------------------------------- findings


def where(sheet: str, ref: str | None = None) -> str:
    return f"{sheet}!{ref}" if ref else sheet


# --------------------------------------------------------------------------- header rows

HEADER_SCAN_ROWS = 30  # a table's header row is looked for among the first rows of its sheet


@dataclass
class Header:
    row: int                          # 0-based row index
    columns: dict[str, int]           # column key → column index (first occurrence)
    duplicates: list[tuple[str, int, int]]  # (column key, first index, repeated index)

    def report_duplicates(self, rows: list[Row], sheet: str, header_text: Callable[[str], str],
                          out: Findings) -> None:
        """One error per column that appears twice; `header_text(key)` is the column's header as in the form."""
        hr = self.row
        for key, first, second in self.duplicates:
            out.report("duplicate-column", sheet, cell_ref(hr, second), rows[hr][second], header=header_text(key),
                       first=cell_ref(hr, first), second=cell_ref(hr, second))


def find_header_row(rows: list[Row], match: Callable[[object], object | None], main_key: str, *,
                    stop_when_found: bool = False) -> Header | None:
    """The row among the first HEADER_SCAN_ROWS rows whose texts name the most known columns.

    `match(value)` gives a cell's column (anything with a `.key`) or None. The `main_key` column
    outweighs all others together. With `stop_when_found`, the scan ends a few rows after a header
    that has it (the rows below are data). The caller decides whether the best row is good enough.
    """
    best: Header | None = None
    best_score = 0
    for r in range(min(HEADER_SCAN_ROWS, len(rows))):
        columns: dict[str, int] = {}
        duplicates = []
        for c, value in enumerate(rows[r]):
            column = match(value)
            if column is None:
                continue
            if column.key in columns:
                duplicates.append((column.key, columns[column.key], c))
            else:
                columns[column.key] = c
        score = len(columns) + (100 if main_key in columns else 0)
        if score > best_score:
            best, best_score = Header(r, columns, duplicates), score
        elif stop_when_found and best_score >= 100 and r > best.row + 2:
            break
    return best
