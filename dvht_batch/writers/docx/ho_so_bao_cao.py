"""The self-assessment report of the yearly dossier (BÁO CÁO kết quả tự đánh giá “Đơn vị học tập”).

I  the unit, the Tổ đánh giá ([[to_danh_gia]]) and how the year's data were gathered;
II each criterion and indicator: its result, the member figures behind it (unit and per department),
   the evidence the unit listed in its Tieu_chi sheet;
III conclusion and the level requested; signed by the head of the unit.
Annexes (shared with the unit's BÁO CÁO): I the summary table of criteria and indicators, II the member
indicators per department. No note about unconfirmed law here: those go to the checklist.
"""
from __future__ import annotations

from dvht_batch.assess.dossier import Request, document_date
from dvht_batch.models import CriterionResult, DepartmentStatus, RunResult
from dvht_batch.writers.docx import bao_cao_annexes as annexes
from dvht_batch.writers.docx.bao_cao import legal_basis_paragraphs
from dvht_batch.writers.docx.common import (
    annex_reference, count_text, fmt_int, header_info,
)
from dvht_batch.writers.docx.ho_so_common import REPORT_KIND, dossier_closing, recognition_sentence, report_summary
from dvht_batch.writers.docx.layout import OfficialDocument
from dvht_batch.writers.docx.ooxml import Col, Table
from dvht_batch.writers.docx.phrases import (
    confirmed_blocking, dvht_title, exclusion_summary, is_confirmed, member_result_sentence, name_list, title_sentence,
    unit_input_sentence,
)

PER_DEPARTMENT_IN_TEXT = 12   # more departments: their figures are in Phụ lục II only


def build_self_assessment(result: RunResult, request: Request) -> OfficialDocument:
    cfg, year = result.config, result.period.year
    number = cfg.dossier.report_number
    when = document_date(result)
    summary = report_summary(year, result.rule_set)
    doc = OfficialDocument(cfg.documents.margins_mm, title=summary)
    doc.header_block(header_info(cfg, REPORT_KIND, number, when))
    doc.title_block("Báo cáo", summary)
    legal_basis_paragraphs(doc, result.rule_set, cfg, result.period.last_day())
    doc.body(f"{cfg.body_name} báo cáo {summary[0].lower()}{summary[1:]} như sau:")
    _overview(doc, result, request)
    _results(doc, result)
    _conclusion(doc, result, request)
    doc.body(f"Trên đây là báo cáo {summary[0].lower()}{summary[1:]} của {cfg.body_name}./.", keep_next=True)
    doc.closing(dossier_closing(cfg, [cfg.dossier.recipient, "Lưu: VT, VP"]))
    ref = annex_reference(cfg, "Báo cáo", REPORT_KIND, number, when)
    annexes.annex_criteria(doc, result, ref)
    annexes.annex_departments(doc, result, ref, last=True)
    return doc


# --------------------------------------------------------------------------------------- sections


def _overview(doc: OfficialDocument, result: RunResult, request: Request) -> None:
    cfg, unit, year = result.config, result.unit, result.period.year
    doc.heading1("I. Khái quát chung")
    doc.heading2("1. Đặc điểm của đơn vị")
    listed = unit.counts.members + unit.counts.excluded
    doc.dash(f"{cfg.body_name} có {fmt_int(len(result.departments))} phòng, bộ phận; {fmt_int(listed)} thành viên có tên "
             f"trong danh sách các phòng, trong đó {fmt_int(unit.counts.members)} thành viên được tính khi đánh giá.")
    if unit.counts.excluded:
        doc.dash(f"Không tính {fmt_int(unit.counts.excluded)} thành viên, lý do: {exclusion_summary(unit.members)}.")
    recognised = recognition_sentence(result, request.standing)
    if recognised:
        doc.dash(recognised)
    doc.placeholder("Văn phòng bổ sung: chức năng, nhiệm vụ, cơ cấu tổ chức của đơn vị")

    doc.heading2("2. Tổ đánh giá")
    assessors = cfg.dossier.assessors
    doc.body(["Thủ trưởng đơn vị thành lập Tổ đánh giá theo ", ("[Quyết định số …, ngày …]", "ih"),
              f", gồm {fmt_int(len(assessors))} thành viên:" if assessors else "."], keep_next=bool(assessors))
    if assessors:
        w = doc.width_mm
        table = Table([Col(12, "center"), Col(52), Col(w - 12 - 52 - 40), Col(40)], keep_together=len(assessors) <= 12)
        table.row(["STT", "Họ và tên", "Chức vụ", "Nhiệm vụ trong Tổ"], header=True)
        for i, person in enumerate(assessors, start=1):
            table.row([str(i), person.full_name, person.position, person.role])
        doc.table(table)
    else:
        doc.placeholder("Văn phòng bổ sung: danh sách Tổ đánh giá (họ và tên, chức vụ, nhiệm vụ)")

    doc.heading2("3. Cách thức tự đánh giá")
    accepted = [d for d in result.departments if d.status is DepartmentStatus.ACCEPTED]
    doc.dash(f"Số liệu tính từ ngày 01/01/{year} đến ngày 31/12/{year}, theo bảng theo dõi thành viên các phòng gửi về "
             f"Văn phòng: {fmt_int(len(accepted))}/{fmt_int(len(result.departments))} phòng có số liệu hợp lệ.")
    late = [d.name for d in result.departments if d.status is not DepartmentStatus.ACCEPTED]
    if late:
        doc.dash(f"Chưa có số liệu hợp lệ: {name_list(late)}; thành viên của các phòng này chưa được tính.")
    doc.dash("Tỷ lệ của đơn vị tính trên toàn bộ thành viên được tính của các phòng (cộng số thành viên), không lấy "
             "trung bình tỷ lệ của các phòng.")
    codes = [cr.code for cr in result.unit.score.criteria if cr.kind == "unit_input" and cr.applicable]
    if codes:
        doc.dash(f"Các chỉ tiêu {', '.join(codes)} do đơn vị tự đánh giá theo minh chứng ghi trong bảng tự đánh giá "
                 "của đơn vị.")


def _results(doc: OfficialDocument, result: RunResult) -> None:
    rs, score = result.rule_set, result.unit.score
    rules = {c.code: c for c in rs.criteria}
    doc.heading1("II. Kết quả tự đánh giá các tiêu chí, chỉ tiêu")
    for i, group in enumerate(rs.groups, start=1):
        items = [cr for cr in score.criteria if cr.group == group.code]
        if not items:
            continue
        doc.heading2(f"{i}. Tiêu chí {group.code}: {group.text}")
        for cr in items:
            doc.body([(f"Chỉ tiêu {cr.code}. {cr.text}: ", "b"), *_indicator(result, cr, rules.get(cr.code))])
        verdict = _group_verdict(rs, group, items)
        if verdict:  # none while a requirement of level 1 of the criterion is unconfirmed
            doc.body([("Đánh giá Tiêu chí " + group.code + ": ", "i"), verdict + "."])


def _indicator(result: RunResult, cr: CriterionResult, rule) -> list:
    if cr.kind == "member_ratio":
        content = [member_result_sentence(cr, rule, True)]
        figures = _per_department(result, cr.code)
        if figures:
            content.append(f" Theo phòng: {figures}.")
        return content
    if cr.kind == "collective_title":
        return [title_sentence(cr, rule, True)]
    content = [unit_input_sentence(cr, True)]
    if not cr.applicable:  # "không áp dụng" for this kind of unit: no evidence asked
        return content
    if cr.evidence:
        content.append(f" Minh chứng: {cr.evidence.rstrip('.')}.")
    else:
        content += [" ", (f"[Văn phòng bổ sung minh chứng của chỉ tiêu {cr.code}.]", "ih")]
    return content


def _per_department(result: RunResult, code: str) -> str:
    """'Văn phòng 19/20; Phòng Kế toán 20/20' — each department's count behind the unit's figure."""
    accepted = [d for d in result.departments if d.status is DepartmentStatus.ACCEPTED and d.score is not None]
    if not accepted:
        return ""
    if len(accepted) > PER_DEPARTMENT_IN_TEXT:
        return "chi tiết tại Phụ lục II"
    parts = []
    for d in accepted:
        text = count_text(d.score.by_code().get(code))
        if text:
            parts.append(f"{d.name} {text}")
    return "; ".join(parts)


def _group_verdict(rs, group, items: list[CriterionResult]) -> str:
    """'đạt mức độ 2', 'chưa đạt mức độ 1' — on levels whose every requirement of the criterion is confirmed
    (docs/quy-tac.md); '' when nothing can be said."""
    rules = {c.code: c for c in rs.criteria}
    reached = 0
    for level in rs.levels:
        asked = [cr for cr in items if level in cr.levels]
        sure = level not in group.missing_levels and all(is_confirmed(rules[cr.code], level) for cr in asked
                                                         if cr.code in rules)
        passed = all(cr.passed_levels.get(level, True) for cr in asked)
        if not sure:
            return f"đạt mức độ {reached}" if reached else ""
        if not passed:
            break
        reached = level
    return f"đạt mức độ {reached}" if reached else "chưa đạt mức độ 1"


def _conclusion(doc: OfficialDocument, result: RunResult, request: Request) -> None:
    cfg, rs, score, year = result.config, result.rule_set, result.unit.score, result.period.year
    title = dvht_title(rs)  # "“Đơn vị học tập” cấp tỉnh", as the circular names it
    doc.heading1("III. Kết luận và kiến nghị")
    doc.heading2("1. Kết luận")
    if request.reached:
        doc.body(f"Đối chiếu với các tiêu chí, chỉ tiêu của {rs.name}, {cfg.body_name} tự đánh giá đạt {title} "
                 f"mức độ {request.reached} năm {year}.")
    elif request.concluded:
        doc.body(f"Đối chiếu với các tiêu chí, chỉ tiêu của {rs.name}, {cfg.body_name} chưa đạt {title} mức độ 1 "
                 f"năm {year}.")
    else:  # no level can be concluded until the office confirms the rule file (the checklist says what)
        doc.body(f"Kết quả tự đánh giá từng tiêu chí, chỉ tiêu của {cfg.body_name} năm {year} như nêu tại Mục II và "
                 "Phụ lục I.")
    nxt, codes = confirmed_blocking(score, rs)
    if codes:
        texts = {c.code: c.text for c in score.criteria}
        doc.body(f"Các chỉ tiêu chưa đạt mức độ {nxt}: " + "; ".join(f"{code} ({texts.get(code, '')})"
                                                                  for code in codes) + ".")
    doc.heading2("2. Ưu điểm, hạn chế")
    doc.placeholder("Văn phòng bổ sung: ưu điểm, hạn chế và giải pháp khắc phục")
    doc.heading2("3. Kiến nghị")
    if request.level:
        doc.body(f"{cfg.body_name} đề nghị {cfg.dossier.recipient} xem xét, trình Chủ tịch Ủy ban nhân dân tỉnh công "
                 f"nhận {cfg.body_name} đạt {title} mức độ {request.level} năm {year}.")
    elif request.reached:  # held and still valid, or Mức độ 2 before 12 months: no request this year
        doc.body(f"{cfg.body_name} tiếp tục duy trì, nâng cao chất lượng xây dựng {title}.")
    elif request.concluded:
        doc.body(f"{cfg.body_name} chưa đủ điều kiện đề nghị công nhận {title} năm {year}; đơn vị tiếp tục "
                 "thực hiện các chỉ tiêu chưa đạt nêu trên.")
    else:
        doc.body(f"{cfg.body_name} chưa đề nghị công nhận {title} năm {year}.")
