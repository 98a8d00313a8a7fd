"""The Sở's BÁO CÁO kết quả thẩm định (TT 24/2023, Điều 18.1: the Sở appraises and advises) and the
letter to each unit not recognised, with its reasons per indicator. Nothing in them about requirements
the rule set marks unconfirmed: dossiers still open are counted as "đang thẩm định", and why is in the
checklist."""
from __future__ import annotations

from datetime import date

from dvht_batch.province.config import ProvinceConfig
from dvht_batch.province.decision import count_sentence, recognised_by_level
from dvht_batch.province.doc_common import (
    LETTER, QUOTED_DVHT, REPORT, addressee, agency_closing, agency_header, document_reference, legal_basis,
    subject_under_number,
)
from dvht_batch.province.intake import deadline
from dvht_batch.province.year import PENDING, RECOGNISED, REFUSED, Outcome
from dvht_batch.vn.dates import short_date
from dvht_batch.vn.numbers import fmt_int
from dvht_batch.writers.docx.layout import OfficialDocument
from dvht_batch.writers.docx.ooxml import Col, Table


def _status_text(rule_set, o: Outcome) -> str:
    if o.status == RECOGNISED:
        return f"Đủ điều kiện, đề nghị công nhận {rule_set.level_name(o.level).lower()}"
    if o.status == REFUSED:
        return "Chưa đủ điều kiện công nhận"
    return "Đang thẩm định"


def build_report(cfg: ProvinceConfig, rule_set, outcomes: list[Outcome], received: dict, when: date) -> OfficialDocument:
    """`received`: counts of the intake ({"units", "late", "incomplete", "repeated", "unused_files"})."""
    year = cfg.year
    summary = f"Kết quả thẩm định hồ sơ đề nghị công nhận {QUOTED_DVHT} năm {year}"
    doc = OfficialDocument(cfg.margins_mm, title=summary)
    doc.header_block(agency_header(cfg, REPORT, when))
    doc.title_block("Báo cáo", summary)
    legal_basis(doc, rule_set, year)
    doc.body(f"{cfg.agency} báo cáo kết quả thẩm định hồ sơ đề nghị công nhận {QUOTED_DVHT} năm {year} của các cơ quan, "
             "đơn vị như sau:")
    doc.heading1("I. Tình hình tiếp nhận hồ sơ")
    doc.dash(f"Số cơ quan, đơn vị gửi hồ sơ: {fmt_int(received['units'])}; hạn gửi hồ sơ: trước ngày "
             f"{short_date(deadline(year))}.")
    doc.dash(f"Hồ sơ gửi sau thời hạn: {fmt_int(received['late'])}; hồ sơ thiếu thành phần (văn bản đề nghị, báo cáo tự "
             f"đánh giá, bảng tổng hợp): {fmt_int(received['incomplete'])}; đơn vị gửi hơn một hồ sơ: "
             f"{fmt_int(received['repeated'])}.")
    doc.heading1("II. Kết quả thẩm định")
    by_level = recognised_by_level(outcomes)
    recognised = sum(len(v) for v in by_level.values())
    refused = [o for o in outcomes if o.status == REFUSED]
    pending = [o for o in outcomes if o.status == PENDING]
    doc.dash(f"Đủ điều kiện đề nghị công nhận: {fmt_int(recognised)} cơ quan, đơn vị"
             + (f" ({count_sentence(rule_set, by_level)})." if recognised else "."))
    doc.dash(f"Chưa đủ điều kiện công nhận: {fmt_int(len(refused))} cơ quan, đơn vị (lý do từng chỉ tiêu tại Phụ lục).")
    if pending:
        doc.dash(f"Đang tiếp tục thẩm định: {fmt_int(len(pending))} cơ quan, đơn vị.")
    doc.heading1("III. Đề xuất")
    doc.body(f"{cfg.agency} đề nghị Chủ tịch {cfg.committee} xem xét, quyết định công nhận {QUOTED_DVHT} năm {year} đối "
             f"với {fmt_int(recognised)} cơ quan, đơn vị đủ điều kiện nêu trên./.", keep_next=True)
    doc.closing(agency_closing(cfg, [cfg.committee + " (để báo cáo)", "Lưu: VT"]))
    doc.annex("", f"Kết quả thẩm định hồ sơ đề nghị công nhận {QUOTED_DVHT} năm {year}",
              f"(Kèm theo {document_reference(cfg, REPORT, 'Báo cáo', when)})", landscape=True, caption="Phụ lục")
    _results_table(doc, rule_set, outcomes)
    return doc


def _results_table(doc: OfficialDocument, rule_set, outcomes: list[Outcome]) -> None:
    w = doc.width_mm
    table = Table([Col(12, "center"), Col(60), Col(25, "center"), Col(45), Col(w - 142)], small=True)
    table.row(["STT", "Cơ quan, đơn vị", "Mức độ đề nghị", "Kết quả thẩm định", "Lý do (chỉ tiêu chưa đạt)"], header=True)
    for i, o in enumerate(outcomes, start=1):
        asked = rule_set.level_name(o.asked) if o.asked else "—"
        reasons = [f"{code + ': ' if code else ''}{text}" for code, text in o.reasons] if o.status == REFUSED else []
        table.row([str(i), o.record.unit.name, asked, _status_text(rule_set, o), reasons or ""])
    doc.table(table)


def build_letter(cfg: ProvinceConfig, rule_set, o: Outcome, when: date) -> OfficialDocument:
    """To a unit not recognised: its request, and the reason for each indicator (or the dossier) refused."""
    year, unit = cfg.year, o.record.unit.name
    subject = f"V/v kết quả thẩm định hồ sơ đề nghị công nhận {QUOTED_DVHT} năm {year}"
    doc = OfficialDocument(cfg.margins_mm, title=subject)
    doc.header_block(agency_header(cfg, LETTER, when))
    subject_under_number(doc, subject)
    addressee(doc, unit)
    asked = f" {rule_set.level_name(o.asked).lower()}" if o.asked else ""
    dated = f" (văn bản đề nghị ngày {short_date(o.record.dated)})" if o.record.dated_by == "request" else ""
    doc.body(f"{cfg.agency} đã nhận hồ sơ của {unit}{dated} đề nghị công nhận {QUOTED_DVHT}{asked} năm {year}. "
             "Căn cứ các tiêu chí, chỉ tiêu quy định và kết quả thẩm định, hồ sơ chưa đủ điều kiện để trình công nhận, "
             "cụ thể như sau:")
    criteria = {c.code: c for c in rule_set.criteria}
    w = doc.width_mm
    table = Table([Col(20, "center"), Col(70), Col(w - 90)], keep_together=len(o.reasons) < 8)
    table.row(["Chỉ tiêu", "Nội dung", "Lý do"], header=True)
    for code, text in o.reasons:
        table.row([code or "Hồ sơ", criteria[code].text if code in criteria else "Hồ sơ đề nghị công nhận", text])
    doc.table(table)
    doc.body(f"{cfg.agency} thông báo để {unit} biết, tiếp tục thực hiện các tiêu chí, chỉ tiêu và hoàn thiện hồ sơ "
             "trong kỳ đánh giá tiếp theo./.", keep_next=True)
    doc.closing(agency_closing(cfg, ["Như trên", "Lưu: VT"]))
    return doc
