"""Dates the Vietnamese way: day-first parsing, and 'ngày 05 tháng 3 năm 2024' for documents."""
from __future__ import annotations

import re
from datetime import date, datetime

_DAY_FIRST = re.compile(r"\s*(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})\s*")
# ISO, with the time an Excel cell or a datetime's text may carry ("2025-03-05 00:00:00"); nothing else after it
_ISO = re.compile(r"\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?\s*")


def parse_day_first(text: str) -> date | None:
    """'05/3/2025', '5-3-2025', '05.03.2025' or ISO '2025-03-05' → date; never month-first."""
    m = _DAY_FIRST.fullmatch(text)
    if m:
        day, month, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
    else:
        m = _ISO.fullmatch(text)
        if not m:
            return None
        year, month, day = int(m.group(1)), int(m.group(2)), int(m.group(3))
    try:
        return date(year, month, day)
    except ValueError:
        return None


# "12/2025", "…/12/2025", " /12/2025": a month, the day left blank for the hand that signs
_MONTH_YEAR = re.compile(r"[\s._…/]*?(\d{1,2})\s*[/.\-]\s*(\d{4})\s*")


def parse_month_year(text: str) -> tuple[int, int] | None:
    """'12/2025' (or with the blank day written as '…/', '../', ' /') → (2025, 12); anything else → None."""
    m = _MONTH_YEAR.fullmatch(text)
    if not m or not 1 <= int(m.group(1)) <= 12 or not 1900 <= int(m.group(2)) <= 2100:
        return None
    return int(m.group(2)), int(m.group(1))


def day_text(d: int) -> str:
    return f"{d:02d}"


def month_text(m: int) -> str:
    """Leading zero for months 1–2 only (Nghị định 30/2020)."""
    return f"{m:02d}" if m <= 2 else str(m)


def long_date(d: date | None, year: int | None = None) -> str:
    """'ngày 05 tháng 3 năm 2024'; undated → 'ngày    tháng    năm 2025' for the office to fill."""
    if d is None:
        return f"ngày     tháng     năm {year if year else '    '}"
    return f"ngày {day_text(d.day)} tháng {month_text(d.month)} năm {d.year}"


def moment(when: datetime, seconds: bool = False) -> str:
    """'17:31 ngày 26/11/2026' (with `seconds`: '17:31:43 ngày 26/11/2026'): a time of day, as pages and
    messages show it."""
    return f"{when:%H:%M:%S} ngày {when:%d/%m/%Y}" if seconds else f"{when:%H:%M} ngày {when:%d/%m/%Y}"


def short_date(d: date) -> str:
    """'05/3/2024' (day-first; same zero rule as the long form)."""
    return f"{day_text(d.day)}/{month_text(d.month)}/{d.year}"


# The window of dates a document, plan or decision of the office may carry: none before 2000 (the movement
# "Đơn vị học tập" is far younger; a year 1 or 9999 is a typing mistake), none more than a year after the run.
FIRST_PLAUSIBLE = date(2000, 1, 1)


def latest_plausible(today: date) -> date:
    """A year after `today` (the day of the run, passed in by the caller: never the clock read here)."""
    try:
        return today.replace(year=today.year + 1)
    except ValueError:  # 29 February
        return today.replace(year=today.year + 1, day=28)


def implausible(d: date, today: date | None) -> str | None:
    """The window `d` falls outside of, as text for a message ("từ 01/01/2000 đến 06/12/2027"); None when
    inside. Without `today` only the lower bound is checked."""
    latest = latest_plausible(today) if today is not None else None
    if FIRST_PLAUSIBLE <= d and (latest is None or d <= latest):
        return None
    return f"từ {short_date(FIRST_PLAUSIBLE)}" + (f" đến {short_date(latest)}" if latest else " trở đi")
