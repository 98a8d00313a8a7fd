"""One THÔNG BÁO per accepted department: the unit tells the phòng its results — counts and rates per
member criterion beside the unit's rate, who does not yet meet what — and what to do next.

Why a THÔNG BÁO (docs/van-ban.md): a BÁO CÁO goes up, to the body that asked for it; the office writes
to its own phòng to make known a result and ask for action, which Nghị định 30/2020 (Phụ lục III) calls a
Thông báo (TB). Levels belong to the unit: a department shows counts and rates, never a "Mức độ". The file
keeps its name (bao_cao_phong/bao_cao_<MÃ>.docx) so that nothing the clerks use moves.
"""
from __future__ import annotations

from pathlib import Path

from dvht_batch.models import NO_RUN, DepartmentResult, DepartmentStatus, RunContext, RunResult
from dvht_batch.writers.docx.bao_cao import report_date
from dvht_batch.writers.docx.bao_cao_annexes import member_gap_table
from dvht_batch.writers.docx.common import (
    QUOTED_DVHT, closing_info, count_text, fmt_int, header_info, item_word, levels_scheme, member_criteria,
    points_of, ratio_text, sort_members,
)
from dvht_batch.writers.docx.layout import OfficialDocument
from dvht_batch.writers.docx.ooxml import Cell, Col, Table
from dvht_batch.assess.document_dates import next_submission
from dvht_batch.writers.docx.phrases import action_for, exclusion_summary
from dvht_batch.vn.dates import short_date

NOTICE_KIND = "TB"  # Thông báo (Nghị định 30/2020, Phụ lục III)


def department_summary(result: RunResult, department: DepartmentResult) -> str:
    word = item_word(result.rule_set)
    return f"Kết quả thực hiện các {word} {QUOTED_DVHT} của {department.name} {result.period.label()}"


def write_department_report(result: RunResult, department: DepartmentResult, path: Path,
                            run: RunContext = NO_RUN, fill_ins: list[str] | None = None) -> Path:
    """Write the notice of one ACCEPTED department to `path` (.docx); returns `path`. `fill_ins`, when given,
    receives the places a person fills in (with where they are) for the checklist."""
    if department.status is not DepartmentStatus.ACCEPTED or department.score is None:
        raise ValueError(f"department {department.code} has no accepted data: no report to write")
    doc = build_department_report(result, department)
    doc.run_id, doc.created = run.run_id, result.generated_at
    if fill_ins is not None:
        fill_ins += [item.line() for item in doc.fill_ins]
    return doc.save(Path(path))


def department_fill_ins(result: RunResult, department: DepartmentResult) -> list[str]:
    """The places a person fills in a department's notice, with where they are (the checklist)."""
    return [item.line() for item in build_department_report(result, department).fill_ins]


def build_department_report(result: RunResult, department: DepartmentResult) -> OfficialDocument:
    cfg, rs = result.config, result.rule_set
    word = item_word(rs)
    summary = department_summary(result, department)
    doc = OfficialDocument(getattr(cfg.documents, "margins_mm", None), title=summary)
    doc.header_block(header_info(cfg, NOTICE_KIND, None, report_date(result)))
    doc.title_block("Thông báo", summary)
    f = department.file
    made = f" (lập ngày {short_date(f.created)})" if f is not None and f.created else ""
    doc.body(f"Từ bảng theo dõi thành viên do {department.name} gửi{made}, {cfg.body_name} thông báo kết quả thực "
             f"hiện các {word} về thành viên của {department.name} {result.period.label()} như sau:")

    counts = department.counts
    doc.heading1("I. Số liệu chung")
    doc.dash(f"Số thành viên được tính: {fmt_int(counts.members)}.")
    if counts.excluded:
        doc.dash(f"Không tính vào tổng số: {fmt_int(counts.excluded)} thành viên ({exclusion_summary(department.members)}).")
    if counts.pending_titles:
        doc.dash(f"Chưa xét danh hiệu thi đua: {fmt_int(counts.pending_titles)} thành viên.")

    doc.heading1(f"II. Kết quả các {word} về thành viên")
    _results_table(doc, result, department)
    short = [cr for cr in department.score.criteria if cr.failing_members]
    if short:
        doc.body(f"Các {word} còn thành viên chưa đạt: " + "; ".join(
            f"{cr.code} ({fmt_int(len(cr.failing_members))} thành viên)" for cr in short) + ".")
    else:
        doc.body(f"Tất cả thành viên được tính của phòng đạt các {word} về thành viên.")

    doc.heading1(f"III. Thành viên chưa đạt {word}")
    member_gap_table(doc, [department], member_criteria(rs), by_department=False)  # right under the heading
    if short:  # LibreOffice keeps one paragraph with a table, not two
        doc.body(f"Ghi chú: ký hiệu “x” là thành viên chưa đạt {word} ở cột tương ứng.")
    excluded = sort_members(m for m in department.members if m.excluded)
    if excluded:
        doc.heading2("Thành viên không tính vào tổng số")
        for m in excluded:
            doc.dash(f"{m.name}: {m.excluded_reason}.")

    doc.heading1("IV. Đề nghị")
    for cr in short:
        doc.dash(f"Đôn đốc {fmt_int(len(cr.failing_members))} thành viên chưa đạt {word} {cr.code} "
                 f"{action_for(rs_criterion(rs, cr.code))}.")
    nxt, due = next_submission(result.period)
    doc.dash(f"Cập nhật bảng theo dõi thành viên và gửi số liệu {nxt.label()} về Văn phòng trước ngày {short_date(due)}.")
    doc.body(f"{cfg.body_name} thông báo để {department.name} biết, thực hiện./.", keep_next=True)
    doc.closing(closing_info(cfg, [department.name, "Lưu: VT, VP"]))
    return doc


def _results_table(doc: OfficialDocument, result: RunResult, department: DepartmentResult) -> None:
    """Code, text, the department's count and rate (points: its converted points too), the unit's rate, and
    how the two compare. No level: levels are the unit's."""
    rs = result.rule_set
    points = not levels_scheme(rs)
    word = item_word(rs)
    w = doc.width_mm
    own = [Col(18, "right"), Col(20, "right")] + ([Col(20, "right")] if points else [])
    cols = [Col(12, "center"), Col(w - 12 - sum(c.width_mm for c in own) - 20 - 22), *own, Col(20, "right"),
            Col(22, "center")]
    table = Table(cols, keep_together=True)
    table.row([Cell("Mã", vmerge="restart"), Cell(f"Nội dung {word}", vmerge="restart"),
               Cell("Của phòng", span=len(own)), Cell("Toàn đơn vị", span=1),
               Cell("So với đơn vị", vmerge="restart")], header=True)
    table.row([Cell(vmerge="continue"), Cell(vmerge="continue"), "Đạt", "Tỷ lệ", *(["Điểm quy đổi"] if points else []),
               "Tỷ lệ", Cell(vmerge="continue")], header=True)
    unit_by, by = result.unit.score.by_code(), department.score.by_code()
    for c in member_criteria(rs):
        cr, ucr = by.get(c.code), unit_by.get(c.code)
        table.row([c.code, c.text, count_text(cr), ratio_text(cr), *([points_of(cr)] if points else []),
                   ratio_text(ucr), _compare(cr, ucr)])
    doc.table(table)


def rs_criterion(rule_set, code: str):
    return next(c for c in rule_set.criteria if c.code == code)


def _compare(cr, ucr) -> str:
    if cr is None or ucr is None or cr.ratio is None or ucr.ratio is None:
        return ""
    if cr.ratio > ucr.ratio:
        return "Cao hơn"
    if cr.ratio < ucr.ratio:
        return "Thấp hơn"
    return "Bằng"
