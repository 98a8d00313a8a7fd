"""The `Thong_tin` sheet (docs/hop-dong.md §2, §3): labels in column A, values in column B."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from dvht_batch.intake.cells import (Findings, Row, cell_ref, date_of, excel_serial_date, is_empty, text_of, where)
from dvht_batch.models import FileKind, FileRecord
from dvht_batch.period import Period
from dvht_batch.vn.dates import parse_day_first
from dvht_batch.vn.text import fold
from dvht_batch.vocab.cells import parse_title, titles_help


@dataclass(frozen=True)
class Label:
    key: str
    text: str                   # the contract's label
    aliases: tuple[str, ...]    # folded forms accepted


LABELS: tuple[Label, ...] = (
    Label("ma_don_vi", "Mã đơn vị", ("ma don vi", "ma co quan", "ma dv")),
    Label("ma_phong", "Mã phòng", ("ma phong", "ma phong ban", "ma bo phan")),
    Label("ten_phong", "Tên phòng", ("ten phong", "ten phong ban", "ten bo phan")),
    Label("ky_bao_cao", "Kỳ báo cáo", ("ky bao cao", "ky danh gia", "thang bao cao")),
    Label("ngay_lap", "Ngày lập", ("ngay lap", "ngay lap bieu", "ngay bao cao")),
    Label("nguoi_lap", "Người lập", ("nguoi lap", "nguoi lap bieu")),
    Label("danh_hieu_tap_the", "Danh hiệu tập thể", ("danh hieu tap the", "danh hieu thi dua tap the",
                                                      "danh hieu thi dua cua tap the")),
)
_BY_ALIAS = {alias: label for label in LABELS for alias in label.aliases}
_NUMBERING = re.compile(r"^(?:\d{1,2}|[a-z]|[ivx]{1,4})\s+")
_PERIOD_TEXT = re.compile(r"(?:ky\s+)?(?:thang\s+)?(\d{1,2})\s+(?:nam\s+)?(\d{4})|(?:ky\s+)?(?:nam\s+)?(\d{4})"
                          r"|(\d{4})\s+(\d{1,2})")
# The message of an empty required value, by label (messages/files.py).
_MISSING = {"ma_don_vi": "missing-unit-code", "ma_phong": "missing-department-code", "ky_bao_cao": "missing-period"}


def label_of(value: object) -> Label | None:
    if not isinstance(value, str):
        return None
    key = fold(value, drop_note=True)
    label = _BY_ALIAS.get(key)
    if label is None and _NUMBERING.match(key):
        label = _BY_ALIAS.get(_NUMBERING.sub("", key, count=1))
    return label


Found = dict[str, tuple[int, int, object]]  # label key → (row index, column index, value)


def read_info(rows: list[Row], sheet: str, kind: FileKind, record: FileRecord, config, out: Findings) -> None:
    """Fill the record's codes, period, dates, author and collective title from `Thong_tin`."""
    found = _labelled_values(rows, sheet, out)
    _check_required(found, kind, sheet, config, out)

    def get(key: str) -> tuple[str | None, object]:
        if key not in found or is_empty(found[key][2]):
            return None, None
        r, c, value = found[key]
        return cell_ref(r, c if c == 0 else 1), value

    ref, value = get("ma_don_vi")
    if ref is not None:
        code = text_of(value)
        record.unit_code = code
        if code.casefold() != config.unit_code.casefold():
            out.report("wrong-unit", sheet, ref, value, unit=config.unit_code)
    if kind is FileKind.DEPARTMENT:
        _read_department(get, sheet, record, config, out)
    _read_period_and_dates(get, sheet, record, out)
    ref, value = get("nguoi_lap")
    if ref is not None:
        record.author = text_of(value)
    ref, value = get("danh_hieu_tap_the")
    if ref is not None:
        _read_collective_title(ref, value, sheet, record, out)


def _labelled_values(rows: list[Row], sheet: str, out: Findings) -> Found:
    """Each known label of the sheet with its value (beside it, or after ':' in the same cell); a label met
    again with another value is reported, the first one kept."""
    found: Found = {}
    for r, row in enumerate(rows):
        if not row:
            continue
        label = label_of(row[0])
        value: object = row[1] if len(row) > 1 else ""
        col = 1
        if label is None and isinstance(row[0], str) and ":" in row[0] and is_empty(value):
            head, _, tail = row[0].partition(":")  # "Mã đơn vị: STC" typed in one cell
            label, value, col = label_of(head), tail, 0
        if label is None:
            continue
        if label.key in found:
            first = found[label.key]
            if text_of(first[2]) != text_of(value):
                out.report("duplicate-label", sheet, cell_ref(r, 0), value, label=label.text, first_row=first[0] + 1)
            continue
        found[label.key] = (r, col, value)
    return found


def _check_required(found: Found, kind: FileKind, sheet: str, config, out: Findings) -> None:
    required = ["ma_don_vi"] + (["ma_phong"] if kind is FileKind.DEPARTMENT else []) + ["ky_bao_cao"]
    for key in required:
        label = next(lb for lb in LABELS if lb.key == key)
        if key not in found:
            out.report("missing-label", sheet, label=label.text)
        elif is_empty(found[key][2]):
            r = found[key][0]
            out.report(_MISSING[key], sheet, cell_ref(r, 1), label=label.text, unit=config.unit_code,
                       codes=", ".join(d.code for d in config.departments))


def _read_period_and_dates(get, sheet: str, record: FileRecord, out: Findings) -> None:
    """"Kỳ báo cáo" and "Ngày lập"."""
    ref, value = get("ky_bao_cao")
    if ref is not None:
        record.period_cell = ref
        period, out_of_range, full_date = parse_period(value)
        if period is None:
            out.report("bad-period-number" if out_of_range else "bad-period", sheet, ref, value)
        else:
            record.period = period
            if full_date is not None:
                out.report("period-from-date", sheet, ref, value, date=text_of(full_date),
                           period=period.workbook_form())
    ref, value = get("ngay_lap")
    if ref is not None:
        created = date_of(value)
        if created is None:
            out.report("bad-date", sheet, ref, value)
        record.created = created
        record.created_cell = where(sheet, ref) if created is not None else None


def _read_collective_title(ref: str, value: object, sheet: str, record: FileRecord, out: Findings) -> None:
    parsed = parse_title(text_of(value))
    title = parsed.title
    allowed = titles_help("collective")
    if title is not None and title.kind == "individual":
        out.report("individual-title-for-unit", sheet, ref, value, allowed=allowed)
    elif title is None:
        out.report("not-a-collective-title" if parsed.problem else "bad-collective-title", sheet, ref, value,
                   allowed=allowed, problem=parsed.problem)
    else:
        record.collective_title = title


def _read_department(get, sheet: str, record: FileRecord, config, out: Findings) -> None:
    ref, value = get("ma_phong")
    if ref is not None:
        code = text_of(value)
        department = config.department(code)
        if department is None:
            known = ", ".join(f"{d.code} ({d.name})" for d in config.departments)
            out.report("unknown-department", sheet, ref, value, known=known)
            record.department = None
        else:
            record.department = department.code
            record.department_name = department.name
    ref, value = get("ten_phong")
    if ref is not None:
        record.department_name = text_of(value)


def parse_period(value: object) -> tuple[Period | None, bool, date | None]:
    """(period, out of range, full date) from '11/2025', 'Tháng 11/2025', '2025', 2025, or a date; `out of
    range` when month or year is a number outside 1–12 / 2000–2100.

    Excel turns a typed 11/2025 into the date 01/11/2025: a date means its month. `full date` is
    returned when the cell held a date other than the 1st of a month, so the reader can be warned.
    """
    day: date | None = None
    if isinstance(value, bool):
        return None, False, None
    if isinstance(value, (int, float)):
        if not float(value).is_integer():
            value = repr(value)  # 11.2025 typed where '.' is the decimal separator
        elif 1900 <= int(value) <= 2100:
            value = str(int(value))
        else:
            day = excel_serial_date(float(value))
            if day is None:
                return None, False, None
    elif isinstance(value, datetime):
        day = value.date()
    elif isinstance(value, date):
        day = value
    if day is None:
        text = text_of(value)
        day = parse_day_first(text)
    try:
        if day is not None:
            return Period.parse_workbook(f"{day.month}/{day.year}"), False, day if day.day != 1 else None
        m = _PERIOD_TEXT.fullmatch(fold(text))
        if m is None:
            return None, False, None
        if m.group(3):
            return Period.parse_workbook(m.group(3)), False, None
        month, year = (m.group(1), m.group(2)) if m.group(1) else (m.group(5), m.group(4))
        return Period.parse_workbook(f"{month}/{year}"), False, None
    except ValueError:
        return None, True, None
