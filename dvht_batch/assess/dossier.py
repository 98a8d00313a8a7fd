"""The yearly recognition dossier (hồ sơ đề nghị công nhận "Đơn vị học tập"): what it requests and what
the office must check before signing. Pure functions over a RunResult; the documents are written by
`dvht_batch.writers.dossier`.

Thông tư 24/2023/TT-BGDĐT (see docs/ho-so.md): data cover 01/01–31/12 of the year; the dossier — the
request (tờ trình), the self-assessment report and the summary table of criteria and indicators — goes
to Sở Giáo dục và Đào tạo before 15 January of the next year.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from dvht_batch.models import DepartmentStatus, RunResult
from dvht_batch.rules import legal
from dvht_batch.vn.dates import short_date

DOSSIER_DIR = "ho_so"
DEADLINE_MONTH_DAY = (1, 15)   # before 15 January of the next year


def deadline(year: int) -> date:
    """The day the dossier of `year` must reach Sở GDĐT before: 15/01 of the next year."""
    return date(year + 1, *DEADLINE_MONTH_DAY)


def is_levels(result: RunResult) -> bool:
    return result.rule_set.scheme == "levels"


def reached_level(result: RunResult) -> int | None:
    """The highest level every indicator of which passes (None: no level)."""
    rs = result.rule_set
    names = {rs.level_name(lv): lv for lv in rs.levels}
    return names.get(result.unit.score.classification or "")


@dataclass(frozen=True)
class Request:
    """What the dossier asks for: `level` None when the result meets no level (no request is made)."""

    reached: int | None
    level: int | None
    reason: str | None = None  # a sentence for the documents when `level` differs from `reached`
    standing: object | None = None  # ledger.recognition.Standing the request was decided with (None: none recorded)


def decide_request(result: RunResult, standing=None) -> Request:
    """The level to request from the result (and, once recorded, the unit's recognition standing).

    `standing`, when given, tells from which date level 2 may be requested (12 months after the
    level-1 decision); a result meeting level 2 before that date requests level 1 and says why.
    """
    reached = reached_level(result)
    if reached is None:
        return Request(None, None, standing=standing)
    level2_from = standing.level_2_from if standing is not None else None  # recognition.Standing
    on = document_date(result)
    if reached >= 2 and level2_from is not None and on < level2_from:
        reason = (f"Kết quả tự đánh giá đạt các chỉ tiêu mức độ {reached}, nhưng đến ngày "
                  f"{short_date(level2_from)} mới đủ 12 tháng kể từ ngày được công nhận mức độ 1, "
                  "nên đơn vị đề nghị công nhận mức độ 1.")
        return Request(reached, 1, reason, standing)
    return Request(reached, reached, standing=standing)


def document_date(result: RunResult) -> date:
    """The date the documents carry: [van_ban] ngay, else the day of the run."""
    return result.config.documents.date or result.generated_at.date()


# ----------------------------------------------------------------------------- checking before signing


@dataclass
class Checklist:
    """What the office checks before the head signs, grouped; printed on the console and saved beside
    the documents (kiem_tra_truoc_khi_ky.txt). Never printed in the documents themselves."""

    unconfirmed: list[str] = field(default_factory=list)   # indicators whose text or threshold is not confirmed
    fill_in: list[str] = field(default_factory=list)       # places in the documents for the office's own words
    data: list[str] = field(default_factory=list)          # gaps in the year's data

    def sections(self) -> list[tuple[str, list[str]]]:
        return [(title, items) for title, items in (
            ("Nội dung chưa được đối chiếu với văn bản chính thức (đối chiếu trước khi ký)", self.unconfirmed),
            ("Chỗ Văn phòng cần ghi, điền trong văn bản", self.fill_in),
            ("Số liệu cần xem lại", self.data)) if items]

    def lines(self) -> list[str]:
        out: list[str] = []
        for title, items in self.sections():
            out.append(f"{title}:")
            out += [f"  - {item}" for item in items]
        return out


def unconfirmed_items(result: RunResult) -> list[str]:
    """Whether the legal text applied is in force, and everything the rule file marks as not confirmed
    against the published text (rules/legal.py: the same list as the console and sheet Kiem_tra)."""
    return legal.office_checks(result.rule_set, result.config, result.period.last_day())


def data_items(result: RunResult) -> list[str]:
    """Gaps in the year's data the signer should know of: departments without valid data, titles not
    yet decided, a document dated before the year is over."""
    items = []
    late = [d for d in result.departments if d.status is not DepartmentStatus.ACCEPTED]
    if late:
        items.append(f"{len(late)} phòng chưa có số liệu hợp lệ, thành viên của các phòng này chưa được tính: "
                     + ", ".join(f"{d.name} ({d.code})" for d in late) + ".")
    if result.unit.counts.pending_titles:
        items.append(f"{result.unit.counts.pending_titles} thành viên còn “Chưa xét” danh hiệu thi đua.")
    if result.unit.unit_file is None and result.rule_set.unit_input_criteria():
        items.append("Chưa có bảng tự đánh giá của đơn vị (trang Tieu_chi): các chỉ tiêu do đơn vị tự đánh giá "
                     "đang được tính là chưa đạt.")
    year, documents = result.period.year, result.config.documents
    when = document_date(result)
    if documents.month is not None:  # the day is left to the signer: the month tells
        if documents.month <= (year, 12):
            items.append(f"Văn bản ghi tháng {documents.month[1]}/{documents.month[0]}, chưa hết năm {year}: số liệu "
                         f"phải tính đến 31/12/{year}; sửa [van_ban] ngay.")
    elif when < date(year, 12, 31) and not documents.leave_date_blank:
        items.append(f"Văn bản ghi ngày {when:%d/%m/%Y}, trước khi hết năm {year}: số liệu phải tính đến "
                     f"31/12/{year}; chạy lại khi đủ số liệu cả năm hoặc ghi ngày ký ở [van_ban] ngay.")
    return items


def deadline_line(year: int, today: date) -> str:
    """The console reminder: data of the year, the dossier to Sở GDĐT before 15 January."""
    due = deadline(year)
    text = (f"Hồ sơ năm {year} (số liệu từ 01/01/{year} đến 31/12/{year}) gửi Sở Giáo dục và Đào tạo "
            f"trước ngày {due:%d/%m/%Y}")
    if today >= due:
        return text + f": ĐÃ QUÁ HẠN ({today:%d/%m/%Y})."
    return text + f" (còn {(due - today).days} ngày)."
