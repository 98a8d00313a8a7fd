"""Annexes of the unit's BÁO CÁO.

I   summary table of criteria (the table Sở GDĐT asks for);
II  one row per department (landscape section): status, members, ratio and points per member criterion;
III members who do not yet meet each member criterion, by department, names sorted the Vietnamese way,
    then the members left out of the denominators with their reasons;
IV  one line per department: the day its table was made, used / not usable and why in one phrase / not sent
    (files, cells, lock files and notes are in tong_hop.xlsx, never in the signed report).
"""
from __future__ import annotations

from datetime import date

from dvht_batch.models import DepartmentStatus, RunResult, Title
from dvht_batch.writers.docx.common import (
    DEPARTMENT_STATUS, annex_reference, count_text, fmt_int, item_word, levels_scheme, max_text, member_criteria,
    points_of, ratio_text, sort_members,
)
from dvht_batch.writers.docx.layout import OfficialDocument
from dvht_batch.writers.docx.metrics import text_width_mm
from dvht_batch.writers.docx.ooxml import Cell, Col, Table
from dvht_batch.writers.docx.phrases import (
    confirmed_blocking, confirmed_verdict, level_requirements,
)
from dvht_batch.vn.dates import short_date
from dvht_batch.vn.numbers import fmt_points

FAIL_MARK = "x"


def add_annexes(doc: OfficialDocument, result: RunResult, number: str | None, when: date) -> None:
    ref = annex_reference(result.config, "Báo cáo", "BC", number, when)
    annex_criteria(doc, result, ref)
    annex_departments(doc, result, ref)
    annex_members(doc, result, ref)
    annex_files(doc, result, ref)


def annex_criteria(doc: OfficialDocument, result: RunResult, ref: str) -> None:
    rs, score = result.rule_set, result.unit.score
    levels = levels_scheme(rs)
    if levels:  # the recognition dossier's summary table: landscape, annex II (landscape too) follows
        doc.annex("I", "Bảng tổng hợp kết quả tự đánh giá các tiêu chí, chỉ tiêu", ref, landscape=True)
    else:
        doc.annex("I", "Bảng tổng hợp kết quả các tiêu chí", ref)
    rules = {c.code: c for c in rs.criteria}
    w = doc.width_mm
    kq = max([16.0] + [text_width_mm(count_text(cr), 12) + 3.5 for cr in score.criteria])
    if levels:
        cols = [Col(12, "center"), Col(w - 12 - 44 - kq - 19 - 24 - 55), Col(44), Col(kq, "right"), Col(19, "right"),
                Col(24, "center"), Col(55)]
        head = ["Mã", "Tiêu chí, chỉ tiêu", "Yêu cầu", "Kết quả", "Tỷ lệ", "Đánh giá", "Minh chứng, ghi chú"]
    else:
        cols = [Col(12, "center"), Col(w - 12 - 14 - kq - 19 - 16 - 30), Col(14, "right"), Col(kq, "right"),
                Col(19, "right"), Col(16, "right"), Col(30)]
        head = ["Mã", "Nội dung tiêu chí", "Điểm tối đa", "Kết quả", "Tỷ lệ", "Điểm", "Minh chứng, ghi chú"]
    table = Table(cols)
    table.row(head, header=True)
    groups = {g.code: g for g in rs.groups}
    current = None
    for cr in score.criteria:
        if cr.group != current and cr.group in groups:
            current = cr.group
            table.row([Cell(cr.group, bold=True), Cell(groups[cr.group].text, span=len(cols) - 1, bold=True)],
                      keep_with_next=True)
        note = "; ".join(x for x in (cr.evidence, cr.note) if x)
        if levels:
            verdict = confirmed_verdict(cr, rules.get(cr.code)) if cr.applicable else "Không áp dụng"
            table.row([cr.code, cr.text, level_requirements(rules[cr.code]) if cr.code in rules else "",
                       count_text(cr), ratio_text(cr), verdict, note])
        else:
            table.row([cr.code, cr.text, max_text(cr.max_points), count_text(cr), ratio_text(cr), points_of(cr), note])
    if levels and score.concluded is not None:  # no conclusion while a requirement of the level is unconfirmed
        nxt, codes = confirmed_blocking(score, rs)
        blocking = f"Chưa đạt {rs.level_name(nxt)}: {', '.join(codes)}" if codes else ""
        table.row([Cell("Kết quả chung", span=5, bold=True, align="center"), Cell(score.concluded, bold=True),
                   blocking])
    elif not levels:
        maximum = rs.max_total or sum((c.max_points or 0 for c in rs.criteria))
        table.row([Cell("Tổng cộng", span=2, bold=True, align="center"), Cell(max_text(maximum), bold=True), "", "",
                   Cell(fmt_points(score.total) if score.total is not None else "", bold=True),
                   Cell(f"Xếp loại: {score.classification}", bold=True)])
    doc.table(table)


def annex_departments(doc: OfficialDocument, result: RunResult, ref: str, last: bool = False) -> None:
    """Annex II (landscape); `last`: nothing follows, the document ends in this landscape section."""
    rs = result.rule_set
    levels = levels_scheme(rs)
    crits = member_criteria(rs)
    word = item_word(rs)
    doc.annex("II", f"Kết quả các {word} về thành viên theo từng phòng", ref, landscape=True)
    w = doc.width_mm
    # levels are the unit's (docs/quy-tac.md): a department shows its count and rate, never a "Mức độ"
    first = "Đạt" if levels else "Tỷ lệ"
    second = "Tỷ lệ" if levels else "Điểm"
    widest = max([text_width_mm("100,00%", 11, bold=True)]
                 + [text_width_mm(count_text(cr), 11) for d in result.departments if d.score
                    for cr in d.score.criteria])
    first_w = (widest if levels else text_width_mm("100,00%", 11, bold=True)) + 2.6
    second_w = (text_width_mm("100,00%", 11, bold=True) + 2.6) if levels else text_width_mm("10,00", 11, bold=True) + 3
    name_w = w - 58 - len(crits) * (first_w + second_w)
    scale = 1.0
    if name_w < 35:  # many member criteria: squeeze them rather than the department names
        scale = (w - 58 - 35) / (len(crits) * (first_w + second_w))
        name_w = 35
    cols = [Col(10, "center"), Col(name_w), Col(20, "center"), Col(13, "right"), Col(15, "right")]
    cols += [Col(x * scale, "right") for _ in crits for x in (first_w, second_w)]
    table = Table(cols, small=True)
    table.row([Cell("STT", vmerge="restart"), Cell("Phòng", vmerge="restart"), Cell("Tình trạng", vmerge="restart"),
               Cell("Thành viên", span=2)] + [Cell(f"{word.capitalize()} {c.code}", span=2) for c in crits], header=True)
    table.row([Cell(vmerge="continue"), Cell(vmerge="continue"), Cell(vmerge="continue"), "Được tính", "Không tính"]
              + [x for _ in crits for x in (first, second)], header=True)

    def pair(cr) -> list[str]:
        return [count_text(cr), ratio_text(cr)] if levels else [ratio_text(cr), points_of(cr)]

    for i, d in enumerate(result.departments, start=1):
        row = [str(i), d.name, DEPARTMENT_STATUS[d.status]]
        if d.status is DepartmentStatus.ACCEPTED and d.score is not None:
            row += [fmt_int(d.counts.members), fmt_int(d.counts.excluded)]
            by = d.score.by_code()
            for c in crits:
                row += pair(by.get(c.code))
        else:
            row += ["", ""] + ["" for _ in crits for _x in (0, 1)]
        table.row(row)
    unit = result.unit
    by = unit.score.by_code()
    total_row = [Cell("Toàn đơn vị", span=3, bold=True, align="center"), Cell(fmt_int(unit.counts.members), bold=True),
                 Cell(fmt_int(unit.counts.excluded), bold=True)]
    for c in crits:
        total_row += [Cell(x, bold=True) for x in pair(by.get(c.code))]
    table.row(total_row)
    doc.table(table)
    if not levels:
        doc.body("Ghi chú: điểm của từng phòng là điểm quy đổi theo tỷ lệ của phòng, để so sánh giữa các phòng; "
                 "điểm của đơn vị được tính trên tổng số thành viên toàn đơn vị, không phải trung bình của các phòng.")
    if not last:
        doc.end_landscape()


def annex_members(doc: OfficialDocument, result: RunResult, ref: str) -> None:
    crits = member_criteria(result.rule_set)
    word = item_word(result.rule_set)
    doc.annex("III", f"Danh sách thành viên chưa đạt {word}", ref)
    doc.body(f"Ký hiệu “{FAIL_MARK}”: thành viên chưa đạt {word} ở cột tương ứng. Các {word}: "
             + "; ".join(f"{c.code} – {c.text}" for c in crits) + ".")
    member_gap_table(doc, result.departments, crits, by_department=True)
    excluded = [m for m in result.unit.members if m.excluded]
    doc.heading2("Thành viên không tính vào tổng số")
    if not excluded:
        doc.body("Không có thành viên nào được loại khỏi tổng số trong kỳ báo cáo.")
        return
    names = {d.code: d.name for d in result.departments}
    w = doc.width_mm
    table = Table([Col(12, "center"), Col(52), Col(45), Col(w - 109)], small=True)
    table.row(["STT", "Họ và tên", "Phòng", "Lý do không tính"], header=True)
    order = _dept_order(result)
    ordered = sorted(sort_members(excluded), key=lambda m: order.get(m.department, 0))
    for i, m in enumerate(ordered, start=1):
        table.row([str(i), m.name, names.get(m.department, m.department), m.excluded_reason or ""])
    doc.table(table)


def _dept_order(result: RunResult) -> dict[str, int]:
    return {d.code: i for i, d in enumerate(result.departments)}


def member_gap_table(doc: OfficialDocument, departments, crits, by_department: bool) -> int:
    """Members failing at least one member criterion: 'x' under each criterion not met. Returns rows written."""
    w = doc.width_mm
    per = max(9.0, min(14.0, (w - 12 - 45 - 28 - 28) / max(1, len(crits))))
    name_w = w - 12 - 28 - 28 - per * len(crits)
    cols = [Col(12, "center"), Col(name_w), Col(28)] + [Col(per, "center") for _ in crits] + [Col(28)]
    table = Table(cols, small=True)
    table.row(["STT", "Họ và tên", "Chức vụ"] + [c.code for c in crits] + ["Ghi chú"], header=True)
    codes = [c.code for c in crits]
    n = 0
    for d in departments:
        if d.status is not DepartmentStatus.ACCEPTED or d.score is None:
            continue
        failing: dict[int, set[str]] = {}
        members = {}
        for cr in d.score.criteria:
            for m in cr.failing_members:
                failing.setdefault(id(m), set()).add(cr.code)
                members[id(m)] = m
        if not members:
            continue
        if by_department:
            table.row([Cell(f"{d.name} ({fmt_int(len(members))} thành viên)", span=len(cols), bold=True, align="left")],
                      keep_with_next=True)
        for m in sort_members(members.values()):
            n += 1
            gaps = failing[id(m)]
            note = "Chưa xét danh hiệu" if m.answers.get("danh_hieu_thi_dua") is Title.PENDING else ""
            table.row([str(n), m.name, m.position or ""] + [FAIL_MARK if c in gaps else "" for c in codes] + [note])
    if n == 0:
        doc.body("Tất cả thành viên được tính đều đạt các tiêu chí về thành viên.")
        return 0
    doc.table(table)
    return n


def annex_files(doc: OfficialDocument, result: RunResult, ref: str) -> None:
    """Annex IV for the reader: one line per department — the day its table was made, received, sent but not
    usable and why in one phrase, or not sent. Files, cells, lock files, notes and instructions stay in tong_hop.xlsx."""
    doc.annex("IV", "Tình hình gửi số liệu của các phòng", ref)
    w = doc.width_mm
    table = Table([Col(12, "center"), Col(w - 12 - 26 - 36 - 52), Col(26, "center"), Col(36), Col(52)], small=True)
    table.row(["STT", "Phòng", "Ngày lập bảng", "Tình trạng", "Lý do chưa dùng được"], header=True)
    for i, d in enumerate(result.departments, start=1):
        f = d.file
        made = short_date(f.created) if f is not None and f.created else ""
        why = rejection_phrase(f) if d.status is DepartmentStatus.REJECTED and f is not None else ""
        table.row([str(i), d.name, made, DEPARTMENT_STATUS[d.status], why])
    unit_file = result.unit.unit_file
    if result.rule_set.unit_input_criteria(result.config.unit_kind):
        made = short_date(unit_file.created) if unit_file is not None and unit_file.created else ""
        sheet = result.rule_set.wording.self_sheet
        status = DepartmentStatus.ACCEPTED if unit_file is not None else DepartmentStatus.MISSING
        table.row([str(len(result.departments) + 1), f"Văn phòng ({sheet} của đơn vị)", made,
                   DEPARTMENT_STATUS[status], ""])
    doc.table(table)


_UNREADABLE = ("not-a-zip", "not-a-workbook", "corrupt-file", "corrupt-zip", "unreadable", "unreadable-file",
               "empty-file", "file-too-large", "zip-bomb", "xml-doctype", "unsupported-format", "wrong-extension",
               "sheet-too-large", "bad-tnef", "csv-not-accepted", "message-too-large")
_NOT_THE_FORM = ("missing-sheet", "no-header", "missing-column", "not-a-template", "duplicate-column",
                 "missing-label", "duplicate-label")


def rejection_phrase(f) -> str:
    """Why a department's table could not be used, in one phrase a reader outside the office understands."""
    codes = {e.code for e in f.errors}
    if "encrypted" in codes:
        return "tệp có đặt mật khẩu, không mở được"
    if codes & set(_UNREADABLE):
        return "tệp không mở được"
    if "wrong-period" in codes:
        return "bảng ghi sai kỳ báo cáo"
    if "wrong-unit" in codes or "unknown-department" in codes:
        return "bảng ghi sai mã đơn vị hoặc mã phòng"
    if codes & set(_NOT_THE_FORM):
        return "bảng không theo mẫu"
    cells = {(e.sheet, e.cell) for e in f.errors if e.cell}
    if cells:
        return f"còn {fmt_int(len(cells))} ô ghi chưa đúng quy định"
    return "bảng có lỗi, chưa tổng hợp được"
