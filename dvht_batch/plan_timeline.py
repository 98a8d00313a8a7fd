"""The timeline of a KẾ HOẠCH, derived from its date and its period (pure functions).

No deadline falls on or before the day the plan is issued: the timeline starts at the plan's date
(the last day it may carry when the day or month is left blank), or on 1 January of its first year
when it is issued before. A multi-year plan gets two phases, split at the mid-term review (sơ kết).
"""
from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from dvht_batch.plan_model import Deadlines, PartialDate
from dvht_batch.vn.dates import day_text, month_text, short_date


@dataclass(frozen=True)
class Who:
    """Who carries the rows out: the coordinating body, the departments (None: the agency has none)."""

    coordinator: str            # "Văn phòng", "Công chức phụ trách"
    departments: str | None     # "Các phòng"
    members: str = "Thành viên"

    @property
    def senders(self) -> str:
        return self.departments or self.coordinator

    @property
    def senders_in_text(self) -> str:
        return _lower_first(self.senders)


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


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


def build_timeline(first: int, last: int, start: date, deadlines: Deadlines, who: Who,
                   assess: str = "Tự đánh giá, xếp loại") -> Timeline:
    one_year = first == last
    year0 = start.year
    study0 = _after(_self_study_date(deadlines, year0), start, deadlines.days_after_issue)
    dossier0 = deadlines.dossier.in_year(year0 + 1)
    dissemination = f"Tháng {_month_year(start)}"
    rows = [("Ban hành, phổ biến Kế hoạch", dissemination, who.coordinator)]
    if deadlines.self_study:
        every_year = f"trước ngày {deadlines.self_study.text()} hằng năm"
    else:
        every_year = "hết tháng 02 hằng năm"
    if one_year:
        study_text = f"trước ngày {short_date(study0)}"
        rows.append(("Lập và phê duyệt kế hoạch tự học, tự bồi dưỡng của thành viên", f"Trước ngày {short_date(study0)}",
                     f"{who.members}, {who.senders_in_text}"))
    else:
        later = f"từ năm {year0 + 1}: {every_year}" if year0 < last else ""
        study_text = f"năm {year0}: trước ngày {short_date(study0)}" + (f"; {later}" if later else "")
        rows.append(("Lập và phê duyệt kế hoạch tự học, tự bồi dưỡng của thành viên", study_text[0].upper() + study_text[1:],
                     f"{who.members}, {who.senders_in_text}"))
    monthly = _monthly(deadlines, first, last, start)
    if monthly:
        since = "" if (monthly[0][0], monthly[0][1]) == (first, 1) else f" (từ số liệu tháng {month_text(monthly[0][1])}/{monthly[0][0]})"
        task = "Gửi bảng theo dõi thành viên hằng tháng" if who.departments else "Cập nhật bảng theo dõi thành viên hằng tháng"
        rows.append((task, f"Trước ngày {day_text(deadlines.monthly_day)} của tháng kế tiếp{since}", who.senders))
    if deadlines.summary_day is not None:
        first_summary = next(d for d in (date(start.year + (start.month + k - 1) // 12, (start.month + k - 1) % 12 + 1,
                                               deadlines.summary_day) for k in range(0, 3)) if d > start)
        since = "" if first_summary == date(first, 1, deadlines.summary_day) else f" (từ tháng {_month_year(first_summary)})"
        task = "Tổng hợp, báo cáo tình hình thực hiện hằng tháng" if who.departments else "Báo cáo lãnh đạo tình hình thực hiện hằng tháng"
        rows.append((task, f"Trước ngày {day_text(deadlines.summary_day)} hằng tháng{since}", who.coordinator))
    if deadlines.annual_report:
        report0 = deadlines.annual_report.in_year(year0)
        first_report = year0 if report0 > start else year0 + 1
        if one_year:
            when = f"Trước ngày {short_date(_after(report0, start, deadlines.days_after_issue))}"
        else:
            when = f"Trước ngày {deadlines.annual_report.text()} hằng năm" + (
                f" (từ năm {first_report})" if first_report > first else "")
        rows.append((f"Báo cáo kết quả thực hiện năm gửi {deadlines.dossier_to}", when, who.coordinator))
    december = f"Tháng 12/{last}" if one_year else "Tháng 12 hằng năm"
    rows.append(("Bình xét danh hiệu thi đua năm", december, f"{who.senders}, {_lower_first(who.coordinator)}"
                 if who.departments else who.coordinator))
    span = f"năm {first}" if one_year else "hằng năm"
    rows.append((f"{assess} “Đơn vị học tập” {span}", december, who.coordinator
                 + (f", {_lower_first(who.departments)}" if who.departments else "")))
    if one_year:
        dossier = f"trước ngày {short_date(dossier0)}"
    else:
        dossier = (f"trước ngày {deadlines.dossier.text()} của năm sau (hồ sơ năm {year0}: trước ngày "
                   f"{short_date(dossier0)})")
    rows.append((f"Gửi hồ sơ tự đánh giá về {deadlines.dossier_to}", dossier[0].upper() + dossier[1:], who.coordinator))
    phases: tuple[Phase, ...] = ()
    if not one_year:
        review = review_year(first, last, start, deadlines.review_year)
        phases = (Phase(1, first, review), Phase(2, review + 1, last))
        rows.append((f"Sơ kết giai đoạn {first}–{review}", f"Tháng 12/{review}", who.coordinator))
        rows.append((f"Tổng kết giai đoạn {first}–{last}", f"Tháng 12/{last}", who.coordinator))
    months = tuple((f"Tháng {month_text(m)}/{y}", short_date(due)) for y, m, due in monthly) if one_year else ()
    return Timeline(start=start, rows=tuple(rows), months=months, phases=phases,
                    dissemination=f"trong tháng {month_text(start.month)} năm {start.year}",
                    self_study=study_text if one_year else f"{every_year} ({study_text.split(';')[0]})",
                    dossier=dossier)
