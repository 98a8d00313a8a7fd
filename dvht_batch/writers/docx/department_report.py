"""One short report per accepted department, for its head: its results against the unit's, and who
in the department does not yet meet what (the list the department acts on)."""
from __future__ import annotations

from pathlib import Path

from dvht_batch.models import NO_RUN, DepartmentResult, DepartmentStatus, RunContext, RunResult
from dvht_batch.writers.docx.bao_cao import report_date
from dvht_batch.writers.docx.bao_cao_annexes import located, member_gap_table
from dvht_batch.writers.docx.common import (
    QUOTED_DVHT, below_target, closing_info, count_text, fmt_int, header_info, level_text, levels_scheme,
    member_criteria, points_of, ratio_text, sort_members,
)
from dvht_batch.writers.docx.layout import OfficialDocument
from dvht_batch.writers.docx.ooxml import Cell, Col, Table
from dvht_batch.writers.docx.phrases import action_for, exclusion_summary, next_submission
from dvht_batch.vn.dates import short_date

MAX_WARNINGS = 5


def department_summary(result: RunResult, department: DepartmentResult) -> str:
    return f"Kết quả thực hiện các tiêu chí {QUOTED_DVHT} của {department.name} {result.period.label()}"


def write_department_report(result: RunResult, department: DepartmentResult, path: Path,
                            run: RunContext = NO_RUN) -> Path:
    """Write the report of one ACCEPTED department to `path` (.docx); returns `path`."""
    if department.status is not DepartmentStatus.ACCEPTED or department.score is None:
        raise ValueError(f"department {department.code} has no accepted data: no report to write")
    doc = build_department_report(result, department)
    doc.run_id, doc.created = run.run_id, result.generated_at
    return doc.save(Path(path))


def build_department_report(result: RunResult, department: DepartmentResult) -> OfficialDocument:
    cfg, rs = result.config, result.rule_set
    levels = levels_scheme(rs)
    summary = department_summary(result, department)
    doc = OfficialDocument(getattr(cfg.documents, "margins_mm", None), title=summary)
    doc.header_block(header_info(cfg, "BC", None, report_date(result)))
    doc.title_block("Báo cáo", summary)
    f = department.file
    source = f" (tệp {f.path}" + (f", lập ngày {short_date(f.created)}" if f and f.created else "") + ")" if f else ""
    doc.body(f"Căn cứ bảng theo dõi thành viên do {department.name} gửi{source}, {cfg.body_name} báo cáo kết quả thực "
             f"hiện các tiêu chí về thành viên của {department.name} {result.period.label()} như sau:")

    counts = department.counts
    doc.heading1("I. Số liệu chung")
    doc.dash(f"Số thành viên được tính: {fmt_int(counts.members)}.")
    if counts.excluded:
        doc.dash(f"Không tính vào tổng số: {fmt_int(counts.excluded)} thành viên ({exclusion_summary(department.members)}).")
    if counts.pending_titles:
        doc.dash(f"Chưa xét danh hiệu thi đua: {fmt_int(counts.pending_titles)} thành viên.")

    doc.heading1("II. Kết quả các tiêu chí về thành viên")
    unit_by = result.unit.score.by_code()
    w = doc.width_mm
    cols = [Col(12, "center"), Col(w - 12 - 18 - 20 - 20 - 20 - 22), Col(18, "right"), Col(20, "right"),
            Col(20, "right" if not levels else "center"), Col(20, "right"), Col(22, "center")]
    table = Table(cols, keep_together=True)
    table.row([Cell("Mã", vmerge="restart"), Cell("Nội dung tiêu chí", vmerge="restart"), Cell("Của phòng", span=3),
               Cell("Toàn đơn vị", span=1), Cell("So với đơn vị", vmerge="restart")], header=True)
    table.row([Cell(vmerge="continue"), Cell(vmerge="continue"), "Đạt", "Tỷ lệ", "Mức độ" if levels else "Điểm quy đổi",
               "Tỷ lệ", Cell(vmerge="continue")], header=True)
    crits = member_criteria(rs)
    by = department.score.by_code()
    for c in crits:
        cr, ucr = by.get(c.code), unit_by.get(c.code)
        table.row([c.code, c.text, count_text(cr), ratio_text(cr),
                   level_text(cr.passed_levels) if levels and cr else points_of(cr), ratio_text(ucr), _compare(cr, ucr)])
    doc.table(table)
    below = [cr for cr in department.score.criteria if below_target(cr)]
    if below:
        doc.body("Tiêu chí phòng chưa đạt mục tiêu: " + "; ".join(
            f"{cr.code} ({count_text(cr)} thành viên, {ratio_text(cr)})" for cr in below) + ".")
    else:
        doc.body("Phòng đạt mục tiêu ở tất cả các tiêu chí về thành viên.")

    doc.heading1("III. Thành viên chưa đạt tiêu chí")
    member_gap_table(doc, [department], crits, by_department=False)  # right under the heading: LibreOffice
    if any(cr.failing_members for cr in department.score.criteria):  # keeps one paragraph with a table, not two
        doc.body("Ghi chú: ký hiệu “x” là thành viên chưa đạt tiêu chí ở cột tương ứng.")
    excluded = sort_members(m for m in department.members if m.excluded)
    if excluded:
        doc.heading2("Thành viên không tính vào tổng số")
        for m in excluded:
            doc.dash(f"{m.name}: {m.excluded_reason}.")
    if f and f.warnings:
        doc.heading2("Lưu ý về số liệu đã gửi")
        for warning in f.warnings[:MAX_WARNINGS]:
            doc.dash(located(warning))
        if len(f.warnings) > MAX_WARNINGS:
            doc.dash(f"… và {fmt_int(len(f.warnings) - MAX_WARNINGS)} lưu ý khác.")

    doc.heading1("IV. Đề nghị")
    for cr in department.score.criteria:
        if cr.failing_members:
            doc.dash(f"Đôn đốc {fmt_int(len(cr.failing_members))} thành viên chưa đạt tiêu chí {cr.code} "
                     f"{action_for(rs_criterion(rs, cr.code))}.")
    nxt, due = next_submission(result.period)
    doc.dash(f"Cập nhật bảng theo dõi thành viên và gửi số liệu {nxt.label()} về Văn phòng trước ngày {short_date(due)}.")
    doc.body(f"Đề nghị {department.name} triển khai thực hiện./.", keep_next=True)
    doc.closing(closing_info(cfg, [f"{department.name} (để thực hiện)", "Lưu: VT, VP"]))
    return doc


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
