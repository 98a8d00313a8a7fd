"""Single values of the plan file (texts, years, periods, dates) and where a mistake is: each
problem is collected with its line and key (see plan/file.py), never raised one by one."""
from __future__ import annotations

import re
from datetime import date

from dvht_batch.messages import Findings
from dvht_batch.plan.model import DayMonth, PartialDate
from dvht_batch.rules.values import unknown_key
from dvht_batch.vn.dates import implausible, parse_day_first

_HEADER = re.compile(r"\s*(\[\[?)\s*([A-Za-z0-9_.]+)\s*\]")
_KEY = re.compile(r"\s*([A-Za-z0-9_]+)\s*=")
_RANGE = re.compile(r"\s*(\d{4})\s*[-–—]\s*(\d{4})\s*")
YEARS = (2000, 2100)


class Places:
    """Line of each key in the file text, to name the place of a mistake ('dòng 12 ([[muc]] thứ 2, tu_dong)')."""

    def __init__(self, text: str):
        self.lines: dict[tuple[str, int | None, str | None], int] = {}
        table, index, counts, open_quote = "", None, {}, None
        for n, line in enumerate(text.splitlines(), start=1):
            if open_quote:
                if line.count(open_quote) % 2:
                    open_quote = None
                continue
            header, key = _HEADER.match(line), _KEY.match(line)
            if header and not key:
                table = header.group(2)
                index = counts[table] = counts.get(table, -1) + 1 if header.group(1) == "[[" else None
                self.lines.setdefault((table, index, None), n)
            elif key:
                self.lines.setdefault((table, index, key.group(1)), n)
                for quote in ('"""', "'''"):
                    if line.count(quote) % 2:
                        open_quote = quote

    def where(self, table: str = "", index: int | None = None, key: str | None = None) -> str:
        n = self.lines.get((table, index, key)) or self.lines.get((table, index, None))
        parts = []
        if table:
            parts.append(f"[[{table}]] thứ {index + 1}" if index is not None else f"[{table}]")
        if key:
            parts.append(key)
        label = ", ".join(parts)
        return f"dòng {n} ({label})" if n else label


class Problems(Findings):
    """The collector of the plan file's problems (a `messages.Findings`); each one's place is its line and key
    (messages/plan.py)."""

    def __init__(self, places: Places, file: str = ""):
        super().__init__(file)
        self.places = places

    def at(self, message_id: str, table: str = "", index: int | None = None, of_key: str | None = None,
           **fields: object) -> None:
        """Report the catalogue's `message_id` at the line of `of_key` in `table` (its `index`-th item)."""
        self.report(message_id, place=self.places.where(table, index, of_key), **fields)


def unknown_keys(table: dict, allowed: set[str], name: str, index: int | None, p: Problems,
                 top: frozenset[str] | set[str] = frozenset()) -> None:
    for key in table:
        if key in allowed:
            continue
        if name and key in top:  # TOML: a key written below a [table] line belongs to that table
            p.at("plan-key-in-table", name, index, key, given=key, name=name)
        else:
            message_id, fields = unknown_key(key, allowed)
            p.at(message_id, name, index, key, **fields)


# ----------------------------------------------------------------------------------- single values


def text_value(data: dict, key: str, p: Problems, table: str = "", index: int | None = None,
          blank_ok: bool = False) -> str | None:
    value = data.get(key)
    if value is None:
        return None
    if not isinstance(value, str) or (not blank_ok and not value.strip()):
        p.at("plan-not-text", table, index, key)
        return None
    return value.strip()


def text_list(data: dict, key: str, p: Problems) -> tuple[str, ...] | None:
    value = data.get(key)
    if value is None:
        return None
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        p.at("plan-not-lines", of_key=key)
        return None
    return tuple(v.strip() for v in value)


def flag_value(data: dict, key: str, default: bool, p: Problems) -> bool:
    value = data.get(key, default)
    if not isinstance(value, bool):
        p.at("plan-not-a-flag", of_key=key)
        return default
    return value


def year_value(value, p: Problems, key: str) -> int | None:
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if isinstance(value, bool) or not isinstance(value, int) or not YEARS[0] <= value <= YEARS[1]:
        p.at("plan-not-a-year", of_key=key, given=value)
        return None
    return value


def plan_period(data: dict, p: Problems) -> tuple[int | None, int | None]:
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


def plan_date(value, p: Problems) -> PartialDate | None:
    """'05/3/2026' (full), '3/2026' (day left blank), '2026' (day and month blank), '' (all blank)."""
    if isinstance(value, date):
        return PartialDate.of(value)
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        p.at("plan-date-not-quoted", of_key="ngay")
        return None
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


def day_month(value, p: Problems, key: str) -> DayMonth | None:
    found = re.fullmatch(r"\s*(\d{1,2})\s*/\s*(\d{1,2})\s*", value) if isinstance(value, str) else None
    if found:
        day, month = int(found.group(1)), int(found.group(2))
        if 1 <= month <= 12 and 1 <= day <= (29 if month == 2 else 30 if month in (4, 6, 9, 11) else 31):
            return DayMonth(day, month)
    p.at("plan-not-a-day-month", "tien_do", None, key, given=value)
    return None


def day_of_month(value, p: Problems, key: str) -> int | None:
    if value is False:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 28:
        p.at("plan-not-a-day-of-month", "tien_do", None, key, given=value)
        return None
    return value


def plausible_plan(number, when: PartialDate | None, first: int | None, today: date | None, p: Problems) -> None:
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
