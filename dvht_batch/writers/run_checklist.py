"""OUT/<period>/kiem_tra_truoc_khi_ky.txt: what the office checks before the run's documents are signed —
dates that contradict each other (document_dates), the legal checks of the rule set (the same list as
sheet Kiem_tra) and every place a person fills in, document by document, with where it is (the
highlighted places: layout.OfficialDocument.fill_ins). Never in the documents themselves."""
from __future__ import annotations

from pathlib import Path

from dvht_batch.assess.document_dates import (before_data, before_period_end, deadline_before_document, document_day,
                                              next_submission)
from dvht_batch.assess.dossier import deadline
from dvht_batch.models import DepartmentStatus, RunResult
from dvht_batch.rules import legal
from dvht_batch.writers.atomic import atomic_write

CHECKLIST_TXT = "kiem_tra_truoc_khi_ky.txt"


def run_checks(result: RunResult, documents_named: str = "báo cáo của kỳ") -> list[str]:
    """The date warnings of a run's documents (assess/document_dates.py): their date against the end of the
    period, against the next submission's deadline they print and, for a levels year, the dossier's (15/01)."""
    on = document_day(result.config.documents, result.generated_at.date())
    warnings = [before_period_end(documents_named, on, result.period)]
    used = [(d.name, d.file.created) for d in result.departments
            if d.status is DepartmentStatus.ACCEPTED and d.file is not None and d.file.created]
    unit_file = result.unit.unit_file
    if unit_file is not None and unit_file.created:
        used.append((result.rule_set.wording.self_sheet, unit_file.created))
    warnings.append(before_data(documents_named, on, used))
    nxt, due = next_submission(result.period)
    warnings.append(deadline_before_document(documents_named, on, f"gửi số liệu {nxt.label()}", due))
    if result.period.is_year and result.rule_set.scheme == "levels":
        warnings.append(deadline_before_document("hồ sơ đề nghị công nhận", on,
                                                 "gửi hồ sơ về Sở Giáo dục và Đào tạo", deadline(result.period.year)))
    return [w for w in warnings if w]


def checklist_sections(result: RunResult, fill_ins: dict[str, list[str]], dossier: bool = False
                       ) -> list[tuple[str, list[str]]]:
    """(title, items) of the run's checklist; `fill_ins`: document (as the clerk sees it) → its places."""
    places = [f"{name}: {item}" for name, items in fill_ins.items() for item in items]
    if dossier:
        places.append("Hồ sơ đề nghị công nhận (thư mục ho_so, cũng là bao_cao_don_vi.docx): xem "
                      "ho_so/kiem_tra_truoc_khi_ky.txt.")
    sections = [
        ("Ngày tháng cần xem lại", run_checks(result)),
        ("Nội dung chưa được đối chiếu với văn bản chính thức (đối chiếu trước khi ký)",
         legal.office_checks(result.rule_set, result.config, result.period.last_day())),
        ("Chỗ cần ghi, điền trong văn bản (được tô vàng trong văn bản)", places),
    ]
    return [(title, items) for title, items in sections if items]


def checklist_text(result: RunResult, sections: list[tuple[str, list[str]]]) -> str:
    lines = [f"KIỂM TRA TRƯỚC KHI KÝ — {result.config.unit_name}, {result.period.label()}",
             "Văn phòng kiểm tra các mục dưới đây trước khi trình ký các văn bản của kỳ này:", ""]
    for title, items in sections:
        lines.append(f"{title}:")
        lines += [f"  - {item}" for item in items]
    if not sections:
        lines.append("Không có mục nào cần kiểm tra thêm.")
    return "\r\n".join(lines) + "\r\n"  # Notepad on older Windows shows bare \n as one line


def write_run_checklist(result: RunResult, path: Path, fill_ins: dict[str, list[str]], dossier: bool = False) -> Path:
    text = checklist_text(result, checklist_sections(result, fill_ins, dossier))
    return atomic_write(path, lambda tmp: Path(tmp).write_text(text, encoding="utf-8-sig", newline=""))


def write_plain_checklist(path: Path, title: str, items: list[str]) -> Path:
    """A checklist of one document (the KẾ HOẠCH): its title, then one item a line."""
    lines = [f"KIỂM TRA TRƯỚC KHI KÝ — {title}", "", *(f"  - {item}" for item in items)]
    if not items:
        lines.append("Không có mục nào cần kiểm tra thêm.")
    text = "\r\n".join(lines) + "\r\n"
    return atomic_write(path, lambda tmp: Path(tmp).write_text(text, encoding="utf-8-sig", newline=""))
