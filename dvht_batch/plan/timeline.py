"""The timeline of a KẾ HOẠCH, derived from its date and its period (pure functions).

No deadline falls on or before the day the plan is issued: the timeline starts at the plan's date
(the last day it may carry when the day or month is left blank), or on 1 January of its first year
when it is issued before. A multi-year plan gets two phases, split at the mid-term review (sơ kết).
"""
from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from dvht_batch.plan.model import Deadlines, PartialDate
from dvht_batch.vn.dates import day_text, month_text, short_date
from dvht_batch.vn.text import lower_first


@dataclass(frozen=True)
class Who:
    """Who carries the rows out: the coordinating body, the departments (None: the agency has none)."""

    coordinator: str            # "Văn phòng", "Công chức phụ trách"
    departments: str | None     # "Các phòng"
    members: str = "Thành viên"
    coordinator_text: str | None = None  # inside a sentence: "Văn phòng", "công chức phụ trách"

    @property
    def coordinator_in_text(self) -> str:
        return self.coordinator_text or self.coordinator

    @property
    def senders(self) -> str:
        return self.departments or self.coordinator

    @property
    def senders_in_text(self) -> str:
        return lower_first(self.departments) if self.departments else self.coordinator_in_text


@dataclass(frozen=True)
class Phase:
    number: int
    first: int
    last: int


@dataclass(frozen=True)
class Timeline:
    start: date                               # no deadline on or before this day
    rows: tuple[tuple[str, str, str], ...]    # (task, when, who)
    months: tuple[tuple[str, str], ...]       # one-year plan: (month of the data, deadline)
    phases: tuple[Phase, ...]                 # multi-year plan
    dissemination: str                        # "trong tháng 3 năm 2023"
    self_study: str                           # "trước ngày 04/4/2023" / "hết tháng 02 hằng năm (…)"
    dossier: str                              # "trước ngày 15/01/2024" / "trước ngày 15/01 của năm sau"


def start_date(issued: PartialDate | None, first_year: int, today: date) -> date:
    """The first day deadlines may follow: the plan's date (its latest possible day when partly blank),
    today when only the year is known and it is this year, never before 1 January of the first year."""
    latest = issued.latest() if issued else None
    if latest is None:
        year = issued.year if issued and issued.year else today.year
        latest = today if year == today.year else date(year, 1, 1) if year > today.year else date(year, 12, 31)
    return max(latest, date(first_year, 1, 1))


def review_year(first: int, last: int, start: date, configured: int | None) -> int:
    """The mid-term review: as configured, else the middle of the period (not before the start)."""
    if configured:
        return configured
    return min(max(first + (last - first - 1) // 2, start.year), last - 1)


def _month_year(d: date) -> str:
    return f"{month_text(d.month)}/{d.year}"


def _after(wanted: date, start: date, days: int) -> date:
    """`wanted`, or `days` after the start when the plan is issued too late for it."""
    return wanted if wanted > start else start + timedelta(days=days)


def _self_study_date(deadlines: Deadlines, year: int) -> date:
    if deadlines.self_study:
        return deadlines.self_study.in_year(year)
    return date(year, 2, calendar.monthrange(year, 2)[1])


def _monthly(deadlines: Deadlines, first: int, last: int, start: date) -> list[tuple[int, int, date]]:
    """(year, month, deadline) of each month's data whose deadline falls after the start."""
    if deadlines.monthly_day is None:
        return []
    found = []
    for year in range(first, last + 1):
        for month in range(1, 13):
            due = date(year + (month == 12), month % 12 + 1, deadlines.monthly_day)
            if due > start:
                found.append((year, month, due))
    return found


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _self_study_rows(first: int, last: int, start: date, deadlines: Deadlines, who: Who) -> tuple[str, str, tuple]:
    """(text for the contents, text for the table, row) of the members' self-study plans."""
    study0 = _after(_self_study_date(deadlines, start.year), start, deadlines.days_after_issue)
    every_year = (f"trước ngày {deadlines.self_study.text()} hằng năm" if deadlines.self_study
                  else "hết tháng 02 hằng năm")
    if first == last:
        text = f"trước ngày {short_date(study0)}"
        contents = text
    else:
        later = f"; từ năm {start.year + 1}: {every_year}" if start.year < last else ""
        text = f"năm {start.year}: trước ngày {short_date(study0)}{later}"
        contents = f"{every_year} (năm {start.year}: trước ngày {short_date(study0)})"
    row = ("Lập và phê duyệt kế hoạch tự học, tự bồi dưỡng của thành viên", _cap(text),
           f"{who.members}, {who.senders_in_text}")
    return contents, text, row


def _monthly_rows(first: int, start: date, deadlines: Deadlines, who: Who,
                  monthly: list[tuple[int, int, date]]) -> list[tuple[str, str, str]]:
    rows = []
    if monthly:
        y, m, _ = monthly[0]
        since = "" if (y, m) == (first, 1) else f" (từ số liệu tháng {month_text(m)}/{y})"
        task = ("Gửi bảng theo dõi thành viên hằng tháng" if who.departments
                else "Cập nhật bảng theo dõi thành viên hằng tháng")
        rows.append((task, f"Trước ngày {day_text(deadlines.monthly_day)} của tháng kế tiếp{since}", who.senders))
    if deadlines.summary_day is not None:
        candidates = (date(start.year + (start.month + k - 1) // 12, (start.month + k - 1) % 12 + 1,
                           deadlines.summary_day) for k in range(3))
        first_summary = next(d for d in candidates if d > start)
        since = "" if first_summary == date(first, 1, deadlines.summary_day) else f" (từ tháng {_month_year(first_summary)})"
        task = ("Tổng hợp, báo cáo tình hình thực hiện hằng tháng" if who.departments
                else "Báo cáo lãnh đạo tình hình thực hiện hằng tháng")
        rows.append((task, f"Trước ngày {day_text(deadlines.summary_day)} hằng tháng{since}", who.coordinator))
    return rows


def _year_end_rows(first: int, last: int, start: date, deadlines: Deadlines, who: Who,
                   assess: str) -> tuple[str, list[tuple[str, str, str]]]:
    """(dossier text, rows): the yearly report, titles, self-assessment, dossier; review and final review."""
    one_year = first == last
    rows = []
    if deadlines.annual_report:
        report0 = deadlines.annual_report.in_year(start.year)
        if one_year:
            when = f"Trước ngày {short_date(_after(report0, start, deadlines.days_after_issue))}"
        else:
            first_report = start.year if report0 > start else start.year + 1
            when = f"Trước ngày {deadlines.annual_report.text()} hằng năm" + (
                f" (từ năm {first_report})" if first_report > first else "")
        rows.append((f"Báo cáo kết quả thực hiện năm gửi {deadlines.dossier_to}", when, who.coordinator))
    december = f"Tháng 12/{last}" if one_year else "Tháng 12 hằng năm"
    titles_by = f"{who.senders}, {who.coordinator_in_text}" if who.departments else who.coordinator
    rows.append(("Bình xét danh hiệu thi đua năm", december, titles_by))
    assess_by = who.coordinator + (f", {lower_first(who.departments)}" if who.departments else "")
    rows.append((f"{assess} “Đơn vị học tập” {f'năm {first}' if one_year else 'hằng năm'}", december, assess_by))
    dossier0 = deadlines.dossier.in_year(start.year + 1)
    if one_year:
        dossier = f"trước ngày {short_date(dossier0)}"
    else:
        dossier = (f"trước ngày {deadlines.dossier.text()} của năm sau (hồ sơ năm {start.year}: trước ngày "
                   f"{short_date(dossier0)})")
    rows.append((f"Gửi hồ sơ tự đánh giá về {deadlines.dossier_to}", _cap(dossier), who.coordinator))
    if not one_year:
        review = review_year(first, last, start, deadlines.review_year)
        rows.append((f"Sơ kết giai đoạn {first}–{review}", f"Tháng 12/{review}", who.coordinator))
        rows.append((f"Tổng kết giai đoạn {first}–{last}", f"Tháng 12/{last}", who.coordinator))
    return dossier, rows


def build_timeline(first: int, last: int, start: date, deadlines: Deadlines, who: Who,
                   assess: str = "Tự đánh giá, xếp loại") -> Timeline:
    """Rows of the timeline table, none due on or before `start` (see start_date)."""
    one_year = first == last
    rows = [("Ban hành, phổ biến Kế hoạch", f"Tháng {_month_year(start)}", who.coordinator)]
    study_contents, _, study_row = _self_study_rows(first, last, start, deadlines, who)
    rows.append(study_row)
    monthly = _monthly(deadlines, first, last, start)
    rows += _monthly_rows(first, start, deadlines, who, monthly)
    dossier, year_end = _year_end_rows(first, last, start, deadlines, who, assess)
    rows += year_end
    phases: tuple[Phase, ...] = ()
    if not one_year:
        review = review_year(first, last, start, deadlines.review_year)
        phases = (Phase(1, first, review), Phase(2, review + 1, last))
    months = tuple((f"Tháng {month_text(m)}/{y}", short_date(due)) for y, m, due in monthly) if one_year else ()
    return Timeline(start=start, rows=tuple(rows), months=months, phases=phases,
                    dissemination=f"trong tháng {month_text(start.month)} năm {start.year}",
                    self_study=study_contents, dossier=dossier)
