"""The unit's BÁO CÁO: a month's progress, or the year's self-assessment (points or levels scheme).

Sections: I situation, II results per criterion, III total and classification, IV assessment
(strengths, shortcomings derived from the data), V proposals; then annexes I–IV (bao_cao_annexes).
Where only a person can write the text, a highlighted "[Văn phòng bổ sung: …]" placeholder.
"""
from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from dvht_batch.models import NO_RUN, DepartmentStatus, RunContext, RunResult
from dvht_batch.assess.dossier import decide_request
from dvht_batch.ledger.recognition import standing_text
from dvht_batch.rules import legal
from dvht_batch.writers.docx import bao_cao_annexes as annexes
from dvht_batch.writers.docx.common import (
    QUOTED_DVHT, below_target, closing_info, count_text, fmt_int, header_info, item_word, levels_scheme, max_text,
    first_failed_level, member_criteria, points_of, ratio_text, shortfall, weakest_departments,
)
from dvht_batch.writers.docx.layout import OfficialDocument
from dvht_batch.writers.docx.phrases import (
    action_for, confirmed_blocking, dvht_title, exclusion_summary, is_confirmed, member_result_sentence, name_list,
    title_sentence, unit_input_sentence,
)
from dvht_batch.assess.document_dates import next_submission
from dvht_batch.vn.dates import short_date
from dvht_batch.vn.numbers import fmt_points

def report_summary(result: RunResult) -> str:
    """The trích yếu under BÁO CÁO."""
    p = result.period
    if p.is_year:
        return f"Kết quả tự đánh giá, {result.rule_set.wording.year_verb} {QUOTED_DVHT} năm {p.year}"
    return f"Tình hình thực hiện các tiêu chí {QUOTED_DVHT} {p.label()}"


def report_date(result: RunResult):
    return result.config.documents.date or result.generated_at.date()


def legal_basis_paragraphs(doc: OfficialDocument, rule_set, config, last_day: date) -> None:
    """'Căn cứ …;' lines: the rule set's legal text while in force for a period ending `last_day`, else the
    guidance configured in [danh_gia] theo_van_ban (rules/legal.py), then [van_ban] can_cu."""
    cited = legal.cited_bases(rule_set, config.guidance, last_day)
    if not cited and rule_set.repealed_for(last_day):  # a repealed text and no guidance: the office fills it in
        doc.placeholder("Văn phòng ghi căn cứ: văn bản hướng dẫn của tỉnh về việc đánh giá đang áp dụng")
    for basis in [*cited, *(b for b in config.documents.legal_bases if b and b.strip())]:
        text = basis.strip().rstrip(";.")
        if not text.lower().startswith(("căn cứ", "thực hiện", "theo")):
            text = f"Căn cứ {text}"
        doc.body(f"{text};")


def write_unit_report(result: RunResult, path: Path, run: RunContext = NO_RUN, fill_ins: list[str] | None = None) -> Path:
    """Write the unit's BÁO CÁO for `result.period` to `path` (.docx); returns `path`. `fill_ins`, when given,
    receives the places a person fills in (with where they are) for the checklist."""
    doc = build_unit_report(result, run)
    doc.run_id, doc.created = run.run_id, result.generated_at
    if fill_ins is not None:
        fill_ins += [item.line() for item in doc.fill_ins]
    return doc.save(Path(path))


def build_unit_report(result: RunResult, run: RunContext = NO_RUN) -> OfficialDocument:
    cfg, rs = result.config, result.rule_set
    summary = report_summary(result)
    when = report_date(result)
    number = cfg.documents.report_number
    doc = OfficialDocument(getattr(cfg.documents, "margins_mm", None), title=summary)
    doc.header_block(header_info(cfg, "BC", number, when))
    doc.title_block("Báo cáo", summary)
    legal_basis_paragraphs(doc, rs, cfg, result.period.last_day())
    doc.body(f"{cfg.body_name} báo cáo {summary[0].lower()}{summary[1:]} như sau:")

    _situation(doc, result)
    _criteria_results(doc, result, run)
    _total(doc, result, run)
    _assessment(doc, result)
    _proposals(doc, result)
    doc.body(f"Trên đây là báo cáo {summary[0].lower()}{summary[1:]} của {cfg.body_name}./.", keep_next=True)
    doc.closing(closing_info(cfg))
    annexes.add_annexes(doc, result, number, when)
    return doc


# --------------------------------------------------------------------------------------- sections


def _situation(doc: OfficialDocument, result: RunResult) -> None:
    """What the unit measured and from what: departments that sent valid data, those that did not. No file
    name, cell, rule-set id or time of the run (those are in tong_hop.xlsx and the document's properties)."""
    unit = result.unit
    doc.heading1("I. Tình hình chung")
    applied = legal.applied_name(result.rule_set, result.period.last_day())
    doc.body(f"Kết quả trong báo cáo này được tính theo {applied}, từ bảng theo dõi thành viên các phòng gửi về "
             "Văn phòng.")
    doc.heading2("1. Việc gửi số liệu của các phòng")
    by_status = {s: [d for d in result.departments if d.status is s] for s in DepartmentStatus}
    accepted, rejected, missing = (by_status[s] for s in DepartmentStatus)
    total = len(result.departments)
    doc.dash(f"Số phòng phải gửi số liệu: {fmt_int(total)}; số liệu hợp lệ, được tổng hợp: "
             f"{fmt_int(len(accepted))}/{fmt_int(total)} phòng.")
    if rejected:
        doc.dash(f"Đã gửi nhưng chưa dùng được ({fmt_int(len(rejected))} phòng): {name_list([d.name for d in rejected])}; "
                 "số liệu của các phòng này chưa được tính (lý do tại Phụ lục IV).")
    if missing:
        doc.dash(f"Chưa gửi số liệu ({fmt_int(len(missing))} phòng): {name_list([d.name for d in missing])}.")
    asked = result.rule_set.unit_input_criteria(result.config.unit_kind)
    if asked:
        codes = ", ".join(c.code for c in asked)
        word = item_word(result.rule_set)
        sheet, effect = result.rule_set.wording.self_sheet, result.rule_set.wording.missing_effect
        if unit.unit_file is None:
            doc.dash([f"Chưa có {sheet} của đơn vị ({word} {codes}): các {word} này {effect}. ",
                      doc.blank(f"bổ sung {sheet} và minh chứng", f"[Văn phòng bổ sung {sheet} và minh chứng.]")])
        else:
            made = unit.unit_file.created
            doc.dash(f"{sheet.capitalize()} của đơn vị ({word} {codes}): đã có"
                     + (f", lập ngày {short_date(made)}." if made else "."))

    doc.heading2("2. Thành viên")
    listed = unit.counts.members + unit.counts.excluded
    doc.dash(f"Số thành viên được tính: {fmt_int(unit.counts.members)} (trong tổng số {fmt_int(listed)} thành viên "
             "có tên trong danh sách các phòng gửi hợp lệ).")
    if unit.counts.excluded:
        doc.dash(f"Không tính vào tổng số: {fmt_int(unit.counts.excluded)} thành viên, lý do: "
                 f"{exclusion_summary(unit.members)} (danh sách tại Phụ lục III).")
    if unit.counts.pending_titles:
        title_codes = [c.code for c in result.rule_set.criteria if c.predicate == "danh_hieu_tu"]
        effect = (f" (vẫn được tính vào tổng số; chưa tính là đạt {item_word(result.rule_set)} "
                  f"{', '.join(title_codes)} đến khi có kết quả bình xét)") if title_codes else ""
        doc.dash(f"Chưa xét danh hiệu thi đua: {fmt_int(unit.counts.pending_titles)} thành viên{effect}.")


def _criteria_results(doc: OfficialDocument, result: RunResult, run: RunContext) -> None:
    rs, score = result.rule_set, result.unit.score
    levels = levels_scheme(rs)
    rules = {c.code: c for c in rs.criteria}
    word = item_word(rs).capitalize()
    doc.heading1("II. Kết quả thực hiện các tiêu chí")
    # one line under the heading: LibreOffice strands a heading whose next paragraph is a heading too
    doc.body("Số liệu dưới đây tính trên toàn đơn vị; kết quả của từng phòng tại Phụ lục II.")
    groups = list(rs.groups) or [None]
    for group in groups:
        items = [cr for cr in score.criteria if group is None or cr.group == group.code]
        if not items:
            continue
        if group is not None:
            heading = f"{group.code}. {group.text}"
            if not levels:
                got = sum((cr.points or Decimal(0) for cr in items), Decimal(0))
                top = sum((cr.max_points or Decimal(0) for cr in items), Decimal(0))
                heading += f" (đạt {fmt_points(got)}/{max_text(top)} điểm)"
            doc.heading2(heading)
        for cr in items:
            rule = rules.get(cr.code)
            head = f"{word} {cr.code}. {cr.text}"
            if cr.max_points is not None and not levels:
                head += f" (tối đa {max_text(cr.max_points)} điểm)"
            if cr.kind == "member_ratio":
                sentence = member_result_sentence(cr, rule, levels)
            elif cr.kind == "unit_input":
                sentence = unit_input_sentence(cr, levels)
            else:
                sentence = title_sentence(cr, rule, levels)
            content = [(head + ": ", "b"), sentence]
            if cr.kind == "unit_input" and cr.applicable:
                if cr.evidence:
                    content.append(f" Minh chứng: {cr.evidence}.")
                else:
                    content += [" ", doc.blank(f"minh chứng của {item_word(rs)} {cr.code}",
                                               "[Văn phòng bổ sung minh chứng.]")]
            doc.body(content)
    from dvht_batch.writers.docx.trends import add_trend_paragraph  # change since the previous period
    add_trend_paragraph(doc, result, run.trends)


def _total(doc: OfficialDocument, result: RunResult, run: RunContext) -> None:
    rs, score, period = result.rule_set, result.unit.score, result.period
    provisional = not period.is_year
    doc.heading1(rs.wording.outcome_heading)
    if levels_scheme(rs):
        prefix = f"Theo số liệu {period.label()} (tạm tính)" if provisional else f"Kết quả tự đánh giá năm {period.year}"
        if score.concluded is not None:  # never a level whose requirements are not all confirmed (docs/quy-tac.md)
            doc.body([f"{prefix}: ", (score.concluded, "b"), "."])
        else:
            doc.body(f"{prefix}: kết quả từng {item_word(rs)} như nêu tại Mục II.")
        nxt, codes = confirmed_blocking(score, rs)
        if codes:
            texts = {c.code: c.text for c in score.criteria}
            doc.body(f"Các {item_word(rs)} chưa đạt để được công nhận {rs.level_name(nxt)}: "
                     + "; ".join(f"{code} ({texts.get(code, '')})" for code in codes) + ".")
        _recognition(doc, result, run.standing)
        return
    total = score.total if score.total is not None else Decimal(0)
    maximum = rs.max_total or sum((c.max_points or Decimal(0) for c in rs.criteria), Decimal(0))
    label = f"Tổng số điểm tạm tính theo số liệu {period.label()}" if provisional else "Tổng số điểm tự đánh giá"
    doc.body([f"{label}: ", (f"{fmt_points(total)}/{max_text(maximum)} điểm", "b"), "; xếp loại: ",
              (score.classification or rs.fail_class, "b"), "."])
    bands = []
    uppers = [None] + [b for _, b in rs.classes[:-1]]
    for (name, lower), upper in zip(rs.classes, uppers):
        bands.append(f"{name} từ {max_text(lower)} điểm" + (f" đến dưới {max_text(upper)} điểm" if upper else ""))
    if bands:
        doc.body(f"Mức xếp loại theo bộ tiêu chí: {'; '.join(bands)}; {rs.fail_class} khi dưới "
                 f"{max_text(rs.classes[-1][1])} điểm.")
    if provisional:
        doc.body("Kết quả tháng chỉ để theo dõi tiến độ; kết quả chính thức được đánh giá vào cuối năm, khi đã có "
                 "kết quả bình xét danh hiệu thi đua của thành viên và của đơn vị.")


def _recognition(doc: OfficialDocument, result: RunResult, st) -> None:
    """Levels scheme: the unit's recognition in force (`dvht cong-nhan`) and, for a year, what it proposes —
    never Mức độ 2 before 12 months have passed since the Mức độ 1 decision (dossier.decide_request)."""
    rs, period, unit_name = result.rule_set, result.period, result.config.body_name
    if st is not None and (st.current is not None or st.lapsed is not None):
        doc.body(standing_text(st, unit_name))
    if not period.is_year:
        return
    request = decide_request(result, st)  # the same request as the dossier's tờ trình
    if request.level is not None:
        doc.body(f"{unit_name} đề nghị công nhận {dvht_title(rs)} {rs.level_name(request.level)} năm {period.year}.")
    elif request.reached is None and request.concluded:
        doc.body(f"{unit_name} chưa đủ điều kiện đề nghị công nhận {QUOTED_DVHT} năm {period.year}.")


def _assessment(doc: OfficialDocument, result: RunResult) -> None:
    rs, score = result.rule_set, result.unit.score
    doc.heading1("IV. Đánh giá chung")
    doc.heading2("1. Ưu điểm")
    word = item_word(rs)
    asked = [cr for cr in score.criteria if cr.applicable]
    met = [cr for cr in asked if not below_target(cr)]
    if met:
        doc.dash(f"Đạt yêu cầu ở {fmt_int(len(met))}/{fmt_int(len(asked))} {word}: "
                 f"{', '.join(cr.code for cr in met)}.")
    crits = member_criteria(rs)
    full = [d.name for d in result.departments if d.status is DepartmentStatus.ACCEPTED and d.score
            and d.counts.members and all(cr.count == cr.denominator for cr in d.score.criteria)]
    if crits and full:
        doc.dash(f"Phòng có toàn bộ thành viên đạt các {word} về thành viên: {name_list(full)}.")
    doc.placeholder("Văn phòng bổ sung: các hoạt động học tập, bồi dưỡng nổi bật trong kỳ (nếu có).")

    doc.heading2("2. Hạn chế, tồn tại")
    levels = levels_scheme(rs)
    rules = {c.code: c for c in rs.criteria}
    found = False
    for cr in score.criteria:
        if not below_target(cr) or not _short_on_confirmed(cr, rules.get(cr.code), levels):
            continue
        found = True
        target, missed = shortfall(cr, rules.get(cr.code), levels)
        if cr.kind == "member_ratio":
            weak = weakest_departments(result.departments, cr.code, target)
            who = "; các phòng có tỷ lệ thấp: " + "; ".join(
                f"{d.name} {count_text(dcr)} ({ratio_text(dcr)})" for d, dcr in weak) if weak else ""
            doc.dash(f"{word.capitalize()} {cr.code}: mới có {count_text(cr) or '0/0'} thành viên đạt ({ratio_text(cr) or '0%'}), "
                     f"chưa đạt {missed}{who}.")
            continue
        if cr.kind == "unit_input":
            detail = cr.note or (f"tự chấm {points_of(cr)}/{max_text(cr.max_points)} điểm" if cr.points is not None
                                 else "tự đánh giá chưa đạt")
        else:
            detail = cr.note or f"danh hiệu tập thể hiện có: {cr.evidence or 'chưa có'}"
        if levels:
            detail += f", chưa đạt {missed}"
        doc.dash(f"{word.capitalize()} {cr.code} ({cr.text}): {detail[0].lower()}{detail[1:]}.")
    late = [d.name for d in result.departments if d.status is not DepartmentStatus.ACCEPTED]
    if late:
        found = True
        doc.dash(f"Còn {fmt_int(len(late))} phòng chưa có số liệu hợp lệ: {name_list(late)}.")
    if result.unit.counts.pending_titles:
        found = True
        doc.dash(f"Còn {fmt_int(result.unit.counts.pending_titles)} thành viên chưa được xét danh hiệu thi đua.")
    if not found:
        doc.dash(f"Không có {word} nào dưới mục tiêu trong kỳ báo cáo.")
    doc.placeholder("Văn phòng bổ sung: nguyên nhân của hạn chế, tồn tại.")


def _short_on_confirmed(cr, rule, levels: bool) -> bool:
    """Levels scheme: does the indicator miss a level whose requirement is confirmed? (A miss on an unconfirmed
    requirement is no claim for a signed document: docs/quy-tac.md.)"""
    lv = first_failed_level(cr) if levels else None
    return lv is None or rule is None or is_confirmed(rule, lv)


def _proposals(doc: OfficialDocument, result: RunResult) -> None:
    rs, score, period = result.rule_set, result.unit.score, result.period
    doc.heading1("V. Đề xuất, kiến nghị")
    rules = {c.code: c for c in rs.criteria}
    for cr in score.criteria:
        if cr.kind == "member_ratio" and cr.failing_members:
            doc.dash(f"Đề nghị Trưởng các phòng có thành viên chưa đạt {item_word(rs)} {cr.code} "
                     f"({fmt_int(len(cr.failing_members))} thành viên, danh sách tại Phụ lục III) đôn đốc thành viên "
                     f"{action_for(rules[cr.code])}.")
    late = [d.name for d in result.departments if d.status is not DepartmentStatus.ACCEPTED]
    if late:
        doc.dash(f"Đề nghị {name_list(late)} gửi (hoặc sửa và gửi lại) bảng theo dõi thành viên {period.label()} "
                 "về Văn phòng trong thời gian sớm nhất.")
    if any(cr.kind == "unit_input" and cr.applicable and (cr.note or not cr.evidence) for cr in score.criteria):
        doc.dash(f"Văn phòng hoàn thiện {rs.wording.self_sheet} và minh chứng của các {item_word(rs)} do đơn vị tự đánh giá.")
    nxt, due = next_submission(period)
    doc.dash(f"Các phòng gửi số liệu {nxt.label()} về Văn phòng trước ngày {short_date(due)}.")
    if period.is_year:
        doc.dash(f"Văn phòng hoàn thiện hồ sơ tự đánh giá (văn bản đề nghị, báo cáo tự đánh giá, bảng tổng hợp "
                 f"tiêu chí) gửi Sở Giáo dục và Đào tạo trước ngày 15/01/{period.year + 1}.")
    doc.placeholder("Văn phòng bổ sung: kiến nghị với cơ quan cấp trên (nếu có).")


__all__ = ["write_unit_report", "build_unit_report", "report_summary", "report_date"]
