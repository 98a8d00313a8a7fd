"""Is a workbook's "Ngày lập" believable? Newest-wins trusts that date, so a wrong one must not win.

A date after the day of the run (03/11/2052), or more than `MARGIN_MONTHS` months before the period
starts or after it ends (02/12 stored as 12/02 by a spreadsheet set to the US order), is implausible:
the file gets a warning naming the cell — saying so when swapping day and month gives a plausible
date — and newest-wins treats the file as undated (`trusted_created`), so it never wins over a file
with a plausible date. Pure functions: the day of the run is passed in.
"""
from __future__ import annotations

from datetime import date, timedelta

from dvht_batch.messages import Findings, render
from dvht_batch.models import FileKind, FileRecord
from dvht_batch.period import Period

MARGIN_MONTHS = 2
CODE = "implausible-date"


def _month_start(year: int, month: int) -> date:
    year, month = year + (month - 1) // 12, (month - 1) % 12 + 1
    return date(year, month, 1)


def plausible_window(period: Period) -> tuple[date, date]:
    """First and last plausible day: the period widened by MARGIN_MONTHS months on each side."""
    first_month = 1 if period.month is None else period.month
    last_month = 12 if period.month is None else period.month
    start = _month_start(period.year, first_month - MARGIN_MONTHS)
    end = _month_start(period.year, last_month + MARGIN_MONTHS + 1) - timedelta(days=1)
    return start, end


def is_plausible(day: date, period: Period, today: date) -> bool:
    start, end = plausible_window(period)
    return start <= day <= min(end, today)


def _swapped(day: date) -> date | None:
    """The date with day and month exchanged, when that is a date and a different one."""
    if day.day > 12 or day.day == day.month:
        return None
    return date(day.year, day.day, day.month)


def _problem(day: date, period: Period, today: date) -> str:
    if day > today:
        return render("implausible-date-after-run", today=f"{today:%d/%m/%Y}")
    return render("implausible-date-far", period=period.workbook_form(), months=MARGIN_MONTHS)


def check_created_dates(records: list[FileRecord], period: Period, today: date) -> None:
    """Warn on every implausible "Ngày lập" of the period's workbooks (see module docstring)."""
    for r in records:
        day = r.created
        if day is None or r.kind is FileKind.UNKNOWN or (r.period is not None and r.period != period):
            continue
        if is_plausible(day, period, today):
            continue
        swapped = _swapped(day)
        plausible_swap = swapped is not None and is_plausible(swapped, period, today)
        sheet, _, cell = (r.created_cell or "").rpartition("!")
        out = Findings(r.path)
        out.report("implausible-date-swapped" if plausible_swap else "implausible-date", sheet or None, cell or None,
                   f"{day:%d/%m/%Y}", day=f"{day:%d/%m/%Y}", problem=_problem(day, period, today),
                   swapped=f"{swapped:%d/%m/%Y}" if plausible_swap else "")
        r.findings += out.items


def trusted_created(record: FileRecord) -> date | None:
    """"Ngày lập" as newest-wins may use it: None when it was found implausible."""
    if record.created is None or any(f.code == CODE for f in record.findings):
        return None
    return record.created
