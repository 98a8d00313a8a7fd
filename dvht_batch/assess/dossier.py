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
from dvht_batch.rules import articles, legal
from dvht_batch.vn.dates import short_date

DEADLINE_MONTH_DAY = (1, 15)   # before 15 January of the next year


def deadline(year: int) -> date:
    """The day the dossier of `year` must reach Sở GDĐT before: 15/01 of the next year."""
    return date(year + 1, *DEADLINE_MONTH_DAY)


def is_levels(result: RunResult) -> bool:
    return result.rule_set.scheme == "levels"


def reached_level(result: RunResult) -> int | None:
    """The level a signed document may state as reached (None: no level, or nothing can be concluded)."""
    rs = result.rule_set
    names = {rs.level_name(lv): lv for lv in rs.levels}
    return names.get(result.unit.score.concluded or "")


def measured_level(result: RunResult) -> int | None:
    """The highest level whose every indicator passes by the values written in the rule file."""
    rs = result.rule_set
    names = {rs.level_name(lv): lv for lv in rs.levels}
    return names.get(result.unit.score.classification or "")


@dataclass(frozen=True)
class Request:
    """What the dossier asks for: `level` None when no request is drafted this year. `reached` is the level
    the documents state (None: none); `notice` says to the office (console, checklist — never a signed
    document) why the request differs from the measured result."""

    reached: int | None
    level: int | None
    notice: str | None = None   # for the office only
    concluded: bool = True      # False: the rule set in use allows no conclusion on the measured level
    standing: object | None = None  # ledger.recognition.Standing the request was decided with (None: none recorded)


def decide_request(result: RunResult, standing=None) -> Request:
    """The level to request on the document date: the highest concluded level (every requirement of it
    confirmed in the rule set), not one held and still valid, and Mức độ 2 only from 12 months after the
    Mức độ 1 decision (`standing`, ledger/recognition.py: a lapsed recognition is requested again)."""
    reached, measured = reached_level(result), measured_level(result)
    concluded = result.unit.score.concluded is not None
    notice = _unconfirmed_notice(result, reached, measured) if measured and measured != reached else None
    if reached is None:
        return Request(None, None, notice=notice, concluded=concluded, standing=standing)
    on, held = document_date(result), standing.level if standing is not None else None
    if held is not None and held >= reached:
        return Request(reached, None, standing=standing, notice=_join(notice, (
            f"Đơn vị đang được công nhận mức độ {held} ({standing.current.citation()}), còn giá trị đến hết ngày "
            f"{short_date(standing.valid_until)}: không đề nghị công nhận lại năm {result.period.year}.")))
    level2_from = standing.level_2_from if standing is not None else None
    if held == 1 and reached >= 2 and level2_from is not None and on < level2_from:
        return Request(reached, None, standing=standing, notice=_join(notice, (
            f"Kết quả tự đánh giá đạt mức độ {reached}, nhưng đơn vị chỉ được đề nghị công nhận mức độ 2 từ ngày "
            f"{short_date(level2_from)} (đủ 12 tháng kể từ quyết định công nhận mức độ 1): năm "
            f"{result.period.year} không lập tờ trình; báo cáo tự đánh giá vẫn được lập.")))
    return Request(reached, reached, notice=notice, standing=standing)


def _join(*parts: str | None) -> str | None:
    return " ".join(p for p in parts if p) or None


def _unconfirmed_notice(result: RunResult, reached: int | None, measured: int) -> str:
    """Why the documents state less than the measurements meet: what to confirm, and how."""
    rs = result.rule_set
    blocked = articles.unconfirmed_levels(rs)
    todo = "; ".join(f"{rs.level_name(lv)}: {', '.join(items)}" for lv, items in blocked.items() if lv <= measured)
    stated = f"chỉ kết luận {rs.level_name(reached)}" if reached else "không kết luận mức độ nào, không lập tờ trình"
    return (f"Số liệu đáp ứng các yêu cầu {rs.level_name(measured)} ghi trong tệp bộ tiêu chí {rs.label}, nhưng "
            f"còn yêu cầu chưa được xác nhận với văn bản ({todo}), nên văn bản {stated}; cách xác nhận: xem các mục "
            "cần đối chiếu.")



def document_date(result: RunResult) -> date:
    """The date the documents carry: [van_ban] ngay, else the day of the run."""
    return result.config.documents.date or result.generated_at.date()


# ----------------------------------------------------------------------------- checking before signing


@dataclass
class Checklist:
    """What the office checks before the head signs, grouped; printed on the console and saved beside
    the documents (kiem_tra_truoc_khi_ky.txt). Never printed in the documents themselves."""

    request: list[str] = field(default_factory=list)       # why no request / a lower one (dossier.Request.notice)
    unconfirmed: list[str] = field(default_factory=list)   # indicators whose text or threshold is not confirmed
    fill_in: list[str] = field(default_factory=list)       # places in the documents for the office's own words
    data: list[str] = field(default_factory=list)          # gaps in the year's data

    def sections(self) -> list[tuple[str, list[str]]]:
        return [(title, items) for title, items in (
            ("Mức độ đề nghị công nhận", self.request),
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
