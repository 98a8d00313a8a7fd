"""Write the yearly recognition dossier into OUT/<year>/ho_so/ as part of the year's run (one run, one
truth): the request, the self-assessment report, the summary table (.xlsx) and the list of what the
office checks before signing (kiem_tra_truoc_khi_ky.txt, also printed by `dvht ho-so`)."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from dvht_batch.assess.dossier import (
    Checklist, Request, data_items, deadline, decide_request, document_date, unconfirmed_items,
)
from dvht_batch.assess.document_dates import deadline_before_document, document_day
from dvht_batch.errors import OutputLockedError
from dvht_batch.models import NO_RUN, RunContext, RunResult
from dvht_batch.writers.atomic import atomic_write, locked_message
from dvht_batch.writers.docx.common import annex_reference
from dvht_batch.writers.docx.ho_so_bao_cao import build_self_assessment
from dvht_batch.writers.docx.ho_so_common import (
    REPORT_KIND, dossier_signer, fill_in_places,
)
from dvht_batch.writers.docx.ho_so_to_trinh import build_request
from dvht_batch.writers.xlsx_dossier import write_dossier_table

REQUEST_DOCX = "1_to_trinh_de_nghi_cong_nhan.docx"
REPORT_DOCX = "2_bao_cao_tu_danh_gia.docx"
TABLE_XLSX = "3_bang_tong_hop_tieu_chi.xlsx"
CHECKLIST_TXT = "kiem_tra_truoc_khi_ky.txt"
_OUR_FILES = ("*.docx", "*.pdf", "*.xlsx", CHECKLIST_TXT)


@dataclass
class DossierOutputs:
    folder: Path
    request: Request
    documents: list[Path] = field(default_factory=list)   # the Word documents (their PDFs beside them)
    table: Path | None = None
    checklist: Checklist = field(default_factory=Checklist)
    checklist_file: Path | None = None
    report: Path | None = None                             # the self-assessment report (REPORT_DOCX)
    fill_ins: dict[str, list[str]] = field(default_factory=dict)  # document name → its places to fill in

    def copy_report_to(self, path: Path) -> Path:
        """The self-assessment report, also as the year's unit report (OUT/<year>/bao_cao_don_vi.docx)."""
        data = Path(self.report).read_bytes()
        return atomic_write(path, lambda tmp: Path(tmp).write_bytes(data))


def clear_dossier(folder: Path) -> None:
    """Remove what an earlier run wrote in ho_so/ (only our own kinds of file)."""
    if not folder.is_dir():
        return
    for pattern in _OUR_FILES:
        for old in folder.glob(pattern):
            try:
                old.unlink(missing_ok=True)
            except OSError:  # open in Word, Excel or a PDF reader (Windows)
                raise OutputLockedError(locked_message(old)) from None


def write_dossier(result: RunResult, folder: Path, run: RunContext = NO_RUN) -> DossierOutputs:
    """The dossier of a levels rule set for `result` (a yearly period) in `folder`; the request follows
    `run.standing` (the recognitions recorded)."""
    cfg = result.config
    clear_dossier(folder)
    folder.mkdir(parents=True, exist_ok=True)
    request = decide_request(result, run.standing)
    out = DossierOutputs(folder=folder, request=request)
    check = out.checklist
    check.unconfirmed = unconfirmed_items(result)
    check.data = data_items(result)
    late = deadline_before_document("hồ sơ đề nghị công nhận", document_day(cfg.documents, result.generated_at.date()),
                                    "gửi Sở Giáo dục và Đào tạo", deadline(result.period.year))
    if late:
        check.data.append(late)
    if request.notice:  # why the request differs from the result, and what to confirm (docs/ho-so.md)
        check.request.append(request.notice)
    if request.level is None and request.notice is None:
        check.data.insert(0, "Kết quả tự đánh giá chưa đạt mức độ 1: không lập tờ trình đề nghị công nhận; báo cáo "
                             "tự đánh giá và bảng tổng hợp vẫn được lập để đơn vị theo dõi.")
    if request.level is not None:
        doc = build_request(result, request)
        doc.run_id, doc.created = run.run_id, result.generated_at
        out.documents.append(doc.save(folder / REQUEST_DOCX))
        check.fill_in += [f"Tờ trình: {text}" for text in fill_in_places(doc)]
    doc = build_self_assessment(result, request)
    doc.run_id, doc.created = run.run_id, result.generated_at
    out.report = doc.save(folder / REPORT_DOCX)
    out.documents.append(out.report)
    check.fill_in += [f"Báo cáo tự đánh giá: {text}" for text in fill_in_places(doc)]
    signer = dossier_signer(cfg)
    if not signer.by_head:
        check.fill_in.append(f"Hồ sơ do Thủ trưởng đơn vị ký; văn bản đang ghi {' '.join(signer.lines)} "
                             f"{signer.name}: ghi họ tên Thủ trưởng ở [ho_so] thu_truong trong dvht.toml.")
    reference = annex_reference(cfg, "Báo cáo", REPORT_KIND, cfg.dossier.report_number, document_date(result))
    out.table = write_dossier_table(result, folder / TABLE_XLSX, reference, run.run_id)
    out.checklist_file = _write_checklist(result, check, folder / CHECKLIST_TXT)
    return out


def _write_checklist(result: RunResult, check: Checklist, path: Path) -> Path:
    year = result.period.year
    lines = [f"HỒ SƠ ĐỀ NGHỊ CÔNG NHẬN “ĐƠN VỊ HỌC TẬP” NĂM {year} — {result.config.unit_name}",
             f"Gửi Sở Giáo dục và Đào tạo trước ngày {deadline(year):%d/%m/%Y}.",
             "Văn phòng kiểm tra các mục dưới đây trước khi trình ký:", "", *check.lines()]
    if not check.sections():
        lines.append("Không có mục nào cần kiểm tra thêm.")
    text = "\r\n".join(lines) + "\r\n"  # Notepad on older Windows shows bare \n as one line
    return atomic_write(path, lambda tmp: tmp.write_text(text, encoding="utf-8-sig", newline=""))
