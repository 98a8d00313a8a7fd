"""What a KẾ HOẠCH says, as data: the plan file (`ke_hoach.toml`, see docs/ke-hoach.md) read into
`PlanSpec`; every field left out (None) falls back to dvht.toml or to the tool's default text."""
from __future__ import annotations

import calendar
from dataclasses import dataclass, field, replace
from datetime import date

from dvht_batch.vn.dates import day_text, month_text

BLANK_DAY = "     "   # room to write a day or a month by hand ("ngày      tháng 3 năm 2026")


@dataclass(frozen=True)
class PartialDate:
    """A document date as Nghị định 30/2020 allows it: full, or with the day (or day and month) left
    blank for the hand that signs. `year` None: the whole date is blank."""

    year: int | None
    month: int | None = None
    day: int | None = None

    @classmethod
    def of(cls, d: date) -> "PartialDate":
        return cls(d.year, d.month, d.day)

    @property
    def full(self) -> date | None:
        return date(self.year, self.month, self.day) if self.year and self.month and self.day else None

    def long_text(self, year_if_blank: int | None = None) -> str:
        """'ngày 05 tháng 3 năm 2026', 'ngày      tháng 3 năm 2026', 'ngày      tháng      năm 2026'."""
        day = day_text(self.day) if self.day else BLANK_DAY
        month = month_text(self.month) if self.month else BLANK_DAY
        year = self.year or year_if_blank
        return f"ngày {day} tháng {month} năm {year if year else BLANK_DAY}"

    def short_text(self, year_if_blank: int | None = None) -> str:
        """'05/3/2026', '     /3/2026', '     /     /2026'."""
        day = day_text(self.day) if self.day else BLANK_DAY
        month = month_text(self.month) if self.month else BLANK_DAY
        year = self.year or year_if_blank
        return f"{day}/{month}/{year if year else BLANK_DAY}"

    def latest(self) -> date | None:
        """The last day the document can carry (end of the month when only the day is blank)."""
        if self.full:
            return self.full
        if self.year and self.month:
            return date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])
        return None


@dataclass(frozen=True)
class Section:
    """One roman-numbered part: the tool's own (`auto`: muc_dich, tieu_chi, …) or the office's text."""

    title: str | None = None      # tieu_de: None = the auto section's own title
    text: str | None = None       # noi_dung: lines (see writers/docx/ke_hoach_text.py)
    auto: str | None = None       # tu_dong


@dataclass(frozen=True)
class Task:
    """Tasks of one department (`department`: its code) or of a named role."""

    who: str                      # heading: the department's name or the role as written
    text: str                     # viec


@dataclass(frozen=True)
class Annex:
    title: str                    # tieu_de (printed UPPER)
    text: str                     # noi_dung
    label: str | None = None      # ten: "Mẫu 01", printed instead of "Phụ lục I"


@dataclass(frozen=True)
class DayMonth:
    day: int
    month: int

    def in_year(self, year: int) -> date:
        last = calendar.monthrange(year, self.month)[1]
        return date(year, self.month, min(self.day, last))

    def text(self) -> str:
        return f"{day_text(self.day)}/{month_text(self.month)}"


@dataclass(frozen=True)
class Deadlines:
    """[tien_do]: the yearly and monthly dates of the timeline."""

    self_study: DayMonth | None = None          # ke_hoach_tu_hoc: None = the last day of February
    monthly_day: int | None = 5                 # gui_so_lieu: departments' data, day of the next month (None: no row)
    summary_day: int | None = 10                # tong_hop: the coordinator's monthly summary
    dossier: DayMonth = DayMonth(15, 1)         # nop_ho_so: the year's dossier, in the next year
    dossier_to: str = "Sở Giáo dục và Đào tạo"  # noi_nop_ho_so
    annual_report: DayMonth | None = None       # bao_cao_nam: a yearly report within the year
    days_after_issue: int = 15                  # so_ngay_sau_ban_hanh: a first-year task the date has passed
    review_year: int | None = None              # so_ket: multi-year plans, the mid-term review


@dataclass(frozen=True)
class SignerOverride:
    """[nguoi_ky] of the plan file: the plan may be signed by someone else than the reports."""

    authority: str | None = None
    authority_given: bool = False
    title_of_head: str | None = None
    signing_title: str | None = None
    full_name: str | None = None


@dataclass(frozen=True)
class PlanSpec:
    path: object = None                          # the plan file (None: defaults only)
    title: str | None = None                     # trich_yeu
    first_year: int | None = None                # nam / giai_doan
    last_year: int | None = None
    number: str | None = None                    # so ("" = blank)
    date: PartialDate | None = None              # ngay (year None = blank)
    legal_bases: tuple[str, ...] | None = None   # can_cu (None: dvht.toml's)
    cite_rule_set: bool = True                   # can_cu_bo_tieu_chi
    intro: str | None = None                     # mo_dau
    ending: str | None = None                    # ket_thuc
    sections: tuple[Section, ...] | None = None  # [[muc]]
    tasks: tuple[Task, ...] | None = None        # [[nhiem_vu]]
    annexes: tuple[Annex, ...] = ()              # [[phu_luc]]
    recipients: tuple[str, ...] | None = None    # noi_nhan
    archive: str | None = None                   # luu
    drafter: str | None = None                   # nguoi_soan
    signer: SignerOverride = field(default_factory=SignerOverride)
    deadlines: Deadlines = field(default_factory=Deadlines)

    def with_year(self, year: int) -> "PlanSpec":
        """The same plan for one year (`dvht ke-hoach --nam` wins over the file's period)."""
        return replace(self, first_year=year, last_year=year)
