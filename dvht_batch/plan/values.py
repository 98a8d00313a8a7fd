"""Single values of the plan file (texts, years, periods, dates), read after the schema (plan/file.SCHEMA) has
checked their types: each problem is collected with its line and key (`Findings.at`), never raised one by one."""
from __future__ import annotations

import re
from datetime import date

from dvht_batch.messages import Findings
from dvht_batch.plan.model import DayMonth, PartialDate
from dvht_batch.vn.dates import implausible, parse_day_first

_RANGE = re.compile(r"\s*(\d{4})\s*[-–—]\s*(\d{4})\s*")
YEARS = (2000, 2100)


def text_value(data: dict, key: str) -> str | None:
    """A text key (its type checked by the schema, plan/file.SCHEMA), stripped; None when absent."""
    value = data.get(key)
    return None if value is None else value.strip()


def text_list(data: dict, key: str) -> tuple[str, ...] | None:
    """A list of texts (the schema's TEXTS), stripped; None when absent."""
    value = data.get(key)
    return None if value is None else tuple(v.strip() for v in value)


def year_value(value, p: Findings, key: str, table: str = "") -> int | None:
    """A year 2000–2100 (2026 or "2026") of the key `key` of `table` ('' at the top, "tien_do")."""
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if isinstance(value, bool) or not isinstance(value, int) or not YEARS[0] <= value <= YEARS[1]:
        p.at("plan-not-a-year", table, None, key, given=value)
        return None
    return value


def plan_period(data: dict, p: Findings) -> tuple[int | None, int | None]:
    """`nam = 2026` or `giai_doan = "2023-2030"` (also [2023, 2030])."""
    if "nam" in data and "giai_doan" in data:
        p.at("plan-year-and-period", of_key="giai_doan")
        return None, None
    if "nam" in data:
        year = year_value(data["nam"], p, "nam")
        return year, year
    if "giai_doan" not in data:
        return None, None
    value = data["giai_doan"]
    found = _RANGE.fullmatch(value) if isinstance(value, str) else None
    pair = [found.group(1), found.group(2)] if found else value
    if not isinstance(pair, list) or len(pair) != 2:
        p.at("plan-not-a-period", of_key="giai_doan", given=value)
        return None, None
    first, last = year_value(pair[0], p, "giai_doan"), year_value(pair[1], p, "giai_doan")
    if first and last and not first < last <= first + 20:
        p.at("plan-period-order", of_key="giai_doan", first=first, last=last)
        return None, None
    return first, last


def plan_date(value, p: Findings) -> PartialDate | None:
    """'05/3/2026' (full), '3/2026' (day left blank), '2026' (day and month blank), '' (all blank)."""
    if isinstance(value, date):
        return PartialDate.of(value)
    if isinstance(value, int):  # a type the schema allows (str, date, int): ngay = 2026
        value = str(value)
    full = parse_day_first(value)
    if full:
        return PartialDate.of(full)
    parts = [x for x in re.sub(r"[\s._…]", "", value).split("/")]
    if parts == [""]:
        return PartialDate(None)
    parts = [""] * (3 - len(parts)) + parts
    try:
        day, month, year = (int(x) if x else None for x in parts[-3:])
        if len(parts) != 3 or year is None or (day and not month) or not YEARS[0] <= year <= YEARS[1]:
            raise ValueError
        if month is not None and not 1 <= month <= 12:
            raise ValueError
        if day is not None:
            date(year, month, day)
    except (ValueError, TypeError):
        p.at("plan-not-a-date", of_key="ngay", given=value)
        return None
    return PartialDate(year, month, day)


def day_month(value, p: Findings, key: str) -> DayMonth | None:
    found = re.fullmatch(r"\s*(\d{1,2})\s*/\s*(\d{1,2})\s*", value) if isinstance(value, str) else None
    if found:
        day, month = int(found.group(1)), int(found.group(2))
        if 1 <= month <= 12 and 1 <= day <= (29 if month == 2 else 30 if month in (4, 6, 9, 11) else 31):
            return DayMonth(day, month)
    p.at("plan-not-a-day-month", "tien_do", None, key, given=value)
    return None


def day_of_month(value, p: Findings, key: str) -> int | None:
    if value is False:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 28:
        p.at("plan-not-a-day-of-month", "tien_do", None, key, given=value)
        return None
    return value


def plausible_plan(number, when: PartialDate | None, first: int | None, today: date | None, p: Findings) -> None:
    """The plan's number from 1; its date inside the sane window (vn.dates.implausible; `today` is the day
    of the run, passed in) and not years before its first year (issued in that year or the one before)."""
    if isinstance(number, int) and not isinstance(number, bool) and number < 1:
        p.at("plan-number-below-one", of_key="so", given=number)
    full = when.full if when else None
    window = implausible(full or date(when.year, when.month or 1, 1), today) if when and when.year else None
    if window:
        p.at("plan-implausible-date", of_key="ngay", given=_shown(when), window=window)
    elif when and when.year and first and when.year < first - 1:
        p.at("plan-date-before-period", of_key="ngay", year=when.year, first=first)


def _shown(when: PartialDate) -> str:
    return "/".join(str(x) for x in (when.day, when.month, when.year) if x is not None)
