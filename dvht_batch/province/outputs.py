"""Writing the year's outputs of the appraisal into OUT/<year>/ (docs/tinh.md): the Sở's report, its
request to the Ủy ban, the draft decision, a letter to each unit not recognised, the workbook for the
portal, and the checklist of what a person completes or checks before anything is signed."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from dvht_batch.system.filenames import safe_stem
from dvht_batch.province.config import ProvinceConfig
from dvht_batch.province.decision import build_decision, build_request
from dvht_batch.province.doc_common import LETTER, REPORT, REQUEST, blank_items
from dvht_batch.province.report import build_letter, build_report
from dvht_batch.province.year import PENDING, RECOGNISED, REFUSED, Outcome
from dvht_batch.rules import legal
from dvht_batch.setup.unit_kinds import UNIT_KINDS
from dvht_batch.vn.dates import short_date
from dvht_batch.writers.atomic import atomic_write
from dvht_batch.writers.docx.ho_so_common import fill_in_places
from dvht_batch.writers.xlsx_common import Col, Styles, open_workbook, print_setup, write_table

REPORT_DOCX = "1_bao_cao_ket_qua_tham_dinh.docx"
REQUEST_DOCX = "2_to_trinh_ubnd_tinh.docx"
DECISION_DOCX = "3_du_thao_quyet_dinh_cong_nhan.docx"
LETTERS_DIR = "thong_bao_don_vi"
PORTAL_XLSX = "ket_qua_cong_nhan.xlsx"
CHECKLIST_TXT = "kiem_tra_truoc_khi_trinh.txt"


@dataclass
class Written:
    folder: Path
    files: list[Path] = field(default_factory=list)
    checklist: list[tuple[str, list[str]]] = field(default_factory=list)


def write_outputs(folder: Path, cfg: ProvinceConfig, rule_set, outcomes: list[Outcome], received: dict,
                  when: date, notices: list[str] = ()) -> Written:
    """`notices`: the appraisal's "Đồng ý" that do not count (appraisal.agreed_but_blocked_notices), listed first
    in the checklist."""
    folder.mkdir(parents=True, exist_ok=True)
    out = Written(folder)
    fill: list[str] = []
    for old in (REQUEST_DOCX, DECISION_DOCX):  # an earlier reading may have recognised units this one does not
        (folder / old).unlink(missing_ok=True)
    docs = [(REPORT_DOCX, "Báo cáo kết quả thẩm định", build_report(cfg, rule_set, outcomes, received, when), REPORT)]
    if any(o.status == RECOGNISED for o in outcomes):
        docs += [(REQUEST_DOCX, "Tờ trình", build_request(cfg, rule_set, outcomes, when), REQUEST),
                 (DECISION_DOCX, "Dự thảo Quyết định", build_decision(cfg, rule_set, outcomes, when), None)]
    for name, label, doc, kind in docs:
        out.files.append(doc.save(folder / name))
        fill += blank_items(cfg, kind, label) if kind is not None else []
        fill += [f"{label}: {text}" for text in fill_in_places(doc)]
    if len(docs) > 1:
        fill.append("Dự thảo Quyết định: số, ngày do Văn phòng Ủy ban nhân dân tỉnh ghi khi ban hành; kiểm tra Nơi nhận.")
    else:
        fill.append("Chưa có đơn vị nào đủ điều kiện đề nghị công nhận: không lập tờ trình và dự thảo Quyết định.")
    letters = folder / LETTERS_DIR
    for old in letters.glob("*.docx") if letters.is_dir() else []:
        old.unlink()
    for i, o in enumerate([o for o in outcomes if o.status == REFUSED], start=1):
        doc = build_letter(cfg, rule_set, o, when)
        out.files.append(doc.save(letters / f"{i:03d}_{safe_stem(o.record.unit.name)}.docx"))
    if any(o.status == REFUSED for o in outcomes):
        fill += blank_items(cfg, LETTER, "Công văn thông báo kết quả cho đơn vị")
    out.files.append(write_portal(folder / PORTAL_XLSX, cfg, rule_set, outcomes))
    out.checklist = checklist(cfg, rule_set, outcomes, fill, list(notices))
    text = "\n".join(f"{title}:\n" + "\n".join(f"  - {x}" for x in items) for title, items in out.checklist)
    out.files.append(atomic_write(folder / CHECKLIST_TXT, lambda p: Path(p).write_text(text + "\n", encoding="utf-8")))
    return out


def checklist(cfg: ProvinceConfig, rule_set, outcomes: list[Outcome], fill: list[str],
              notices: list[str] = ()) -> list[tuple[str, list[str]]]:
    pending = [f"{o.record.unit.name}: " + " ".join(dict.fromkeys(o.open)) for o in outcomes if o.status == PENDING]
    flags = [f"{o.record.unit.name}: {flag}" for o in outcomes for flag in o.record.flags]
    warns = [f"{o.record.unit.name}: {c.text}" for o in outcomes for c in o.record.checks if c.effect == "warn"]
    sections = [
        ("Kết luận “Đồng ý” không được tính (kiểm tra tự động không công nhận; đơn vị gửi lại hồ sơ đã sửa)",
         list(notices)),
        ("Nội dung chưa được đối chiếu với văn bản chính thức (đối chiếu trước khi trình)",
         legal.warnings(rule_set, None, date(cfg.year, 12, 31)) + legal.checklist(rule_set)),
        ("Hồ sơ chưa kết luận (không có trong dự thảo Quyết định, không có thông báo)", pending),
        ("Lưu ý về hồ sơ (nộp muộn, thiếu thành phần, gửi nhiều lần)", flags),
        ("Cần xem lại", warns),
        ("Chỗ cần ghi, điền trong văn bản (tô vàng)", fill),
    ]
    return [(title, items) for title, items in sections if items]


def write_portal(path: Path, cfg: ProvinceConfig, rule_set, outcomes: list[Outcome]) -> Path:
    """Every unit and its result, for the province's portal (one row per unit)."""
    cols = [Col("STT", 6), Col("Cơ quan, đơn vị", 40, "wrap"), Col("Mã", 10), Col("Loại hình", 28, "wrap"),
            Col("Mức độ đề nghị", 12), Col("Kết quả", 26, "wrap"), Col("Mức độ công nhận", 12),
            Col("Lý do chưa công nhận", 60, "wrap"), Col("Ngày hồ sơ", 12)]
    status = {RECOGNISED: "Đề nghị công nhận", REFUSED: "Chưa đủ điều kiện", PENDING: "Đang thẩm định"}
    rows = []
    for i, o in enumerate(outcomes, start=1):
        unit = o.record.unit
        rows.append([i, unit.name, unit.code or "", UNIT_KINDS.get(unit.kind or "", ""),
                     rule_set.level_name(o.asked) if o.asked else "", status[o.status],
                     rule_set.level_name(o.level) if o.level else "",
                     "; ".join(f"{c + ': ' if c else ''}{t}" for c, t in o.reasons),
                     short_date(o.record.dated) if o.record.dated else ""])

    def write(tmp: Path) -> None:
        wb = open_workbook(tmp)
        st = Styles(wb)
        ws = wb.add_worksheet("Ket_qua")
        ws.write(0, 0, f"KẾT QUẢ THẨM ĐỊNH, CÔNG NHẬN “ĐƠN VỊ HỌC TẬP” NĂM {cfg.year}", st.title)
        ws.write(1, 0, f"{cfg.agency} — {cfg.committee}", st.subtitle)
        write_table(ws, st, 3, cols, rows)
        print_setup(ws, "Kết quả công nhận", cfg.agency, f"Năm {cfg.year}")
        wb.close()

    return atomic_write(path, write)
