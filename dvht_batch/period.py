"""Reporting periods: a month (`2025-11`) or a year (`2025`)."""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from dvht_batch.messages import render


@dataclass(frozen=True, order=True)
class Period:
    year: int
    month: int | None = None

    @classmethod
    def parse(cls, text: str) -> "Period":
        """Parse the command-line form `YYYY-MM` or `YYYY`."""
        m = re.fullmatch(r"\s*(\d{4})(?:-(\d{1,2}))?\s*", str(text))
        if not m:
            raise ValueError(render("period-bad-form", text=text))
        return cls._checked(int(m.group(1)), int(m.group(2)) if m.group(2) else None, text)

    @classmethod
    def parse_workbook(cls, text: str) -> "Period":
        """Parse the workbook form `MM/YYYY` or `YYYY` (also tolerates `M/YYYY`, `MM-YYYY`)."""
        m = re.fullmatch(r"\s*(?:(\d{1,2})\s*[/.\-]\s*)?(\d{4})\s*", str(text))
        if not m:
            raise ValueError(render("period-not-a-period", text=text))
        return cls._checked(int(m.group(2)), int(m.group(1)) if m.group(1) else None, text)

    @classmethod
    def _checked(cls, year: int, month: int | None, text: str) -> "Period":
        if not 2000 <= year <= 2100 or (month is not None and not 1 <= month <= 12):
            raise ValueError(render("period-out-of-range", text=text))
        return cls(year, month)

    @property
    def is_year(self) -> bool:
        return self.month is None

    def __str__(self) -> str:  # the command-line / folder / JSON form
        return f"{self.year}" if self.month is None else f"{self.year}-{self.month:02d}"

    def workbook_form(self) -> str:
        return f"{self.year}" if self.month is None else f"{self.month:02d}/{self.year}"

    def label(self) -> str:
        """Vietnamese wording: 'tháng 11 năm 2025' or 'năm 2025'."""
        return f"năm {self.year}" if self.month is None else f"tháng {self.month} năm {self.year}"

    def last_day(self) -> date:
        """31/12 of a year; the month's last day (29/02 in a leap year)."""
        if self.month is None:
            return date(self.year, 12, 31)
        return date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])

    def previous(self) -> "Period":
        if self.month is None:
            return Period(self.year - 1)
        return Period(self.year - 1, 12) if self.month == 1 else Period(self.year, self.month - 1)
