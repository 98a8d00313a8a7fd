"""The request of the yearly dossier: TỜ TRÌNH đề nghị công nhận “Đơn vị học tập” mức độ N, to Sở Giáo dục
và Đào tạo ([ho_so] kinh_gui), signed by the head of the unit. Nghị định 30/2020 layout (layout.py)."""
from __future__ import annotations

from datetime import date

from dvht_batch.assess.dossier import Request, document_date
from dvht_batch.models import RunResult
from dvht_batch.writers.docx.bao_cao import legal_basis_paragraphs
from dvht_batch.writers.docx.common import fmt_int, header_info, short_date_text
from dvht_batch.writers.docx.ho_so_common import (
    REPORT_KIND, REQUEST_KIND, dossier_closing, number_ref, recognition_sentence, report_summary, request_summary,
)
from dvht_batch.writers.docx.blanks import snippet
from dvht_batch.writers.docx.layout import OfficialDocument
from dvht_batch.writers.docx.ooxml import Col, Table, para
from dvht_batch.writers.docx.phrases import dvht_title


def build_request(result: RunResult, request: Request) -> OfficialDocument:
    """The tờ trình for `request.level` (the caller writes none when no level is reached)."""
    cfg, rs, year = result.config, result.rule_set, result.period.year
    assert request.level is not None
    settings = cfg.dossier
    when = document_date(result)
    summary = request_summary(request.level, year, rs)
    doc = OfficialDocument(cfg.documents.margins_mm, title=summary)
    doc.header_block(header_info(cfg, REQUEST_KIND, settings.request_number, when))
    doc.title_block("Tờ trình", summary)
    doc.add(para(f"Kính gửi: {settings.recipient}.", jc="center", size=14, before=0, after=240, line=276))

    legal_basis_paragraphs(doc, rs, cfg, result.period.last_day())
    report = _report_ref(doc, cfg, when)
    doc.body(["Căn cứ ", *report, f" của {cfg.body_name} về {report_summary(year, rs)[0].lower()}{report_summary(year, rs)[1:]};"])
    doc.body(f"{cfg.body_name} kính trình {settings.recipient} xem xét, trình Chủ tịch Ủy ban nhân dân tỉnh công nhận "
             f"{cfg.body_name} đạt {dvht_title(rs)} mức độ {request.level} năm {year}, cụ thể như sau:")

    doc.heading1("I. Kết quả tự đánh giá")
    _results(doc, result, request)
    doc.heading1("II. Hồ sơ kèm theo")
    doc.dash([*_report_ref(doc, cfg, when), f" về {report_summary(year, rs)[0].lower()}{report_summary(year, rs)[1:]}, "
                       "kèm theo Bảng tổng hợp kết quả tự đánh giá các tiêu chí, chỉ tiêu (Phụ lục I của Báo cáo);"])
    doc.dash("Bảng tổng hợp các tiêu chí, chỉ tiêu và minh chứng (tệp bảng tính kèm theo).")
    doc.body(f"{cfg.body_name} kính trình {settings.recipient} xem xét, thẩm định./.", keep_next=True)
    doc.closing(dossier_closing(cfg, ["Như trên", "Lưu: VT, VP"]))
    return doc


def _report_ref(doc: OfficialDocument, cfg, when: date) -> list:
    """'Báo cáo số 08/BC-STC ngày 05/01/2026' as runs; a number the office gives at issue is a highlighted blank,
    listed for the checklist with where it is."""
    number = number_ref(cfg.dossier.report_number, REPORT_KIND, cfg.unit_code)
    text = f"Báo cáo số {number} ngày {short_date_text(cfg, when)}"
    if cfg.dossier.report_number is None or not str(cfg.dossier.report_number).strip():
        head, _, tail = text.partition("…")
        return [head, doc.blank(f"số của Báo cáo tự đánh giá trong câu “{snippet(text)}”"), tail]
    return [text]


def _results(doc: OfficialDocument, result: RunResult, request: Request) -> None:
    rs, unit, level = result.rule_set, result.unit, request.level
    counts = unit.counts
    excluded = f" (không tính {fmt_int(counts.excluded)} thành viên có lý do)" if counts.excluded else ""
    doc.dash(f"Số thành viên của đơn vị được tính khi đánh giá: {fmt_int(counts.members)}{excluded}; số liệu từ "
             f"ngày 01/01/{result.period.year} đến ngày 31/12/{result.period.year}.")
    recognised = recognition_sentence(result, request.standing)
    if recognised:
        doc.dash(recognised)
    doc.body(f"- Kết quả các tiêu chí, chỉ tiêu so với yêu cầu mức độ {level}:", keep_next=True)
    w = doc.width_mm
    table = Table([Col(22, "center"), Col(w - 22 - 30 - 30), Col(30, "center"), Col(30, "center")], keep_together=True)
    table.row(["Tiêu chí", "Nội dung", "Số chỉ tiêu", "Số chỉ tiêu đạt"], header=True)
    for group in rs.groups:
        items = [cr for cr in unit.score.criteria if cr.group == group.code and level in cr.levels]
        if items:
            met = [cr for cr in items if cr.passed_levels.get(level)]
            table.row([group.code, group.text, fmt_int(len(items)), fmt_int(len(met))])
    doc.table(table)
    doc.dash(f"Đối chiếu với các tiêu chí, chỉ tiêu của {rs.name}, {result.config.body_name} tự đánh giá đạt "
             f"{dvht_title(rs)} mức độ {request.reached} năm {result.period.year}.")
