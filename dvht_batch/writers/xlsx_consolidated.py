"""The consolidated workbook (docs/hop-dong.md §5): summary, per department, chart, members, files, errors.

xlsxwriter with strings never turned into formulas, URLs or numbers: text from the input stays text
("=1+1", "+84…", "@x"). One Format object per style, created once; numbers are written as numbers
(points "0.00", ratios "0.00%": Excel shows the user's own decimal separator). Every table has a
frozen header row, an autofilter and an A4 landscape print setup that repeats the header row.
"""
from __future__ import annotations

from datetime import timezone
from io import BytesIO
from pathlib import Path
from typing import Iterable

from dvht_batch.models import NO_RUN, CriterionResult, DepartmentStatus, FileStatus, RunContext, RunResult
from dvht_batch.vocab.columns import COLUMN_GROUPS, COLUMNS_BY_KEY
from dvht_batch.writers import RUN_ID_PROPERTY
from dvht_batch.writers.atomic import atomic_write
from dvht_batch.writers.in_parallel import Pieces
from dvht_batch.writers.xlsx_bulk import BulkRowsWorksheet, bulk_rows_supported
from dvht_batch.writers.xlsx_checklist import write_checklist
from dvht_batch.writers.xlsx_common import (DEPARTMENT_STATUS, FILE_KIND, FILE_STATUS, LINE_HEIGHT, SEVERITY, Col,
                                            Styles, open_workbook, print_setup, text_lines, write_table)
from dvht_batch.writers.xlsx_members import MemberTable, member_sheet, start_member_rows
from dvht_batch.writers.zip_splice import Deflated, splice


def _num(value) -> float | int | None:
    return None if value is None else (value if isinstance(value, int) else float(value))


def _passed_text(passed: bool | None) -> str | None:
    return None if passed is None else ("Đạt" if passed else "Không đạt")


def _level_text(passed_levels: dict[int, bool]) -> str:
    """Levels scheme: the highest level a ratio reaches, 'Mức độ 2' / 'Mức độ 1' / 'Chưa đạt'."""
    reached = [lv for lv, ok in sorted(passed_levels.items()) if ok]
    return f"Mức độ {reached[-1]}" if reached else "Chưa đạt"


def criterion_label(criterion) -> str:
    """'2a – Kế hoạch tự học': the code and the member column the criterion reads (chart legend)."""
    column = criterion.column or ""
    if column in COLUMN_GROUPS:
        keys = COLUMN_GROUPS[column]
        name = f"{COLUMNS_BY_KEY[keys[0]].header}–{COLUMNS_BY_KEY[keys[-1]].header}"
    else:
        name = COLUMNS_BY_KEY[column].header if column in COLUMNS_BY_KEY else criterion.text[:30]
    return f"{criterion.code} – {name}"


def _note(c: CriterionResult) -> str | None:
    return "; ".join(x for x in (c.evidence, c.note) if x) or None


# --------------------------------------------------------------------------- Tong_hop


def _summary(wb, st: Styles, result: RunResult) -> None:
    ws = wb.add_worksheet("Tong_hop")
    rs, unit, score = result.rule_set, result.unit, result.unit.score
    levels = rs.scheme == "levels"
    ws.write_string(0, 0, "KẾT QUẢ ĐÁNH GIÁ “ĐƠN VỊ HỌC TẬP”", st.title)
    ws.write_string(1, 0, f"Đơn vị: {unit.name} ({unit.code})", st.label)
    ws.write_string(2, 0, f"Kỳ báo cáo: {result.period.label()}")
    ws.write_string(3, 0, f"Bộ tiêu chí: {rs.label}")
    ws.write_string(4, 0, f"Lập lúc: {result.generated_at:%d/%m/%Y %H:%M}", st.subtitle)
    top, cols = 6, _summary_columns(rs)
    last = write_table(ws, st, top, cols, (_criterion_row(c, rs) for c in score.criteria))
    if levels:  # per-level columns and "Kết quả"
        ws.conditional_format(top + 1, len(cols) - 2 - len(rs.levels), max(last, top + 1), len(cols) - 2,
                              {"type": "cell", "criteria": "==", "value": '"Không đạt"', "format": st.bad})
    r = last + 2
    if not levels:  # the total row, aligned under "Điểm tối đa" and "Điểm"
        ws.write_string(r, 1, "Tổng cộng", st.label)
        ws.write_number(r, 2, float(sum((c.max_points or 0) for c in score.criteria)), st.bold["points"])
        ws.write_number(r, [c.header for c in cols].index("Điểm"), float(score.total or 0), st.bold["points"])
        r += 1
    _write_lines(ws, st, cols, r, _result_lines(result, st) + [None] + _count_lines(result, st))
    print_setup(ws, "Tổng hợp", unit.name, result.period.label())


def _summary_columns(rs) -> list[Col]:
    cols = [Col("Mã", 6), Col("Nội dung", 64, "wrap")]
    if rs.scheme == "levels":
        cols += [Col("Mức độ yêu cầu", 10), Col("Số đạt", 9, "int"), Col("Số được tính", 10, "int"),
                 Col("Tỷ lệ", 10, "pct"), Col("Mục tiêu thấp nhất", 10, "pct")]
        cols += [Col(rs.level_name(lv), 11) for lv in rs.levels]
        return cols + [Col("Kết quả", 11), Col("Minh chứng / Ghi chú", 40, "wrap")]
    return cols + [Col("Điểm tối đa", 10, "points"), Col("Số đạt", 9, "int"), Col("Số được tính", 10, "int"),
                   Col("Tỷ lệ", 10, "pct"), Col("Mục tiêu", 10, "pct"), Col("Điểm", 10, "points"),
                   Col("Minh chứng / Ghi chú", 40, "wrap")]


def _criterion_row(c: CriterionResult, rs) -> list:
    ratio_part = [c.count, c.denominator, _num(c.ratio), _num(c.target)]
    if rs.scheme == "levels":
        per_level = [_passed_text(c.passed_levels[lv]) if lv in c.passed_levels else None for lv in rs.levels]
        return [c.code, c.text, ", ".join(map(str, c.levels)) or None, *ratio_part, *per_level,
                _passed_text(c.passed), _note(c)]
    return [c.code, c.text, _num(c.max_points), *ratio_part, _num(c.points), _note(c)]


def _result_lines(result: RunResult, st: Styles) -> list:
    rs, score = result.rule_set, result.unit.score
    if rs.scheme == "levels":
        return [(rs.wording.result_label, score.classification, st.label),
                ("Chỉ tiêu chưa đạt (chặn mức tiếp theo)", ", ".join(score.failing) or "Không có", None)]
    lines: list = [("Tổng điểm", _num(score.total), st.bold["points"]),
                   (rs.wording.result_label, score.classification, st.label)]
    for g in rs.groups:
        crits = [c for c in score.criteria if c.group == g.code]
        if crits:
            lines.append((f"Nhóm {g.code} – {g.text}", float(sum((c.points or 0) for c in crits)), st.points))
    return lines


def _count_lines(result: RunResult, st: Styles) -> list:
    rs, unit, counts = result.rule_set, result.unit, result.unit.counts
    lines: list = [
        ("Số thành viên được tính", counts.members, st.int),
        ("Số thành viên không tính (có lý do)", counts.excluded, st.int),
        ("Số danh hiệu thi đua còn “Chưa xét”", counts.pending_titles, st.int),
        ("Danh hiệu tập thể của đơn vị", unit.collective_title.label if unit.collective_title else "Chưa có", None),
        (f"{rs.wording.self_sheet.capitalize()} của đơn vị", unit.unit_file.path if unit.unit_file else "Chưa có", None),
        None, ("Số phòng phải gửi", len(result.departments), st.int)]
    for status, text in DEPARTMENT_STATUS.items():
        lines.append((f"Số phòng {text.lower()}", sum(d.status is status for d in result.departments), st.int))
    lacking = [f"{d.code} – {d.name} ({DEPARTMENT_STATUS[d.status].lower()})"
               for d in result.departments if d.status is not DepartmentStatus.ACCEPTED]
    lines.append(("Các phòng chưa có số liệu được tính", "; ".join(lacking) or "Không có", None))
    return lines


def _write_lines(ws, st: Styles, cols: list[Col], r: int, lines: list) -> None:
    """Label in column B, value in column C, one line each from row `r` (None: an empty line)."""
    for line in lines:
        if line is not None:
            label, value, fmt = line
            ws.write_string(r, 1, label, st.label_wrap)
            ws.write(r, 2, value, fmt)
            if text_lines(label, cols[1].width - 4) > 1:
                ws.set_row(r, LINE_HEIGHT * text_lines(label, cols[1].width - 4))
        r += 1


# --------------------------------------------------------------------------- Theo_phong + Bieu_do


def _departments(wb, st: Styles, result: RunResult) -> None:
    ws = wb.add_worksheet("Theo_phong")
    levels = result.rule_set.scheme == "levels"
    crits = [c for c in result.rule_set.criteria if c.kind == "member_ratio"]
    cols = [Col("Mã phòng", 9), Col("Tên phòng", 28, "wrap"), Col("Tình trạng", 11), Col("Tệp", 30, "wrap"),
            Col("Số thành viên được tính", 10, "int"), Col("Không tính", 9, "int"),
            Col("Danh hiệu chưa xét", 9, "int")]
    first = len(cols)  # then three columns per member criterion: count, ratio, points/result
    for c in crits:
        cols += [Col(f"{c.code}: số đạt", 8, "int"), Col(f"{c.code}: tỷ lệ", 9, "pct"),
                 Col(f"{c.code}: kết quả", 10) if levels else Col(f"{c.code}: điểm", 8, "points")]

    def crit_cells(score) -> list:
        by_code = score.by_code() if score else {}
        out: list = []
        for c in crits:
            r = by_code.get(c.code)
            if r is None:
                out += [None, None, None]
            else:
                out += [r.count, _num(r.ratio), _level_text(r.passed_levels) if levels else _num(r.points)]
        return out

    def row(d) -> list:
        counted = d.status is DepartmentStatus.ACCEPTED
        counts = [d.counts.members, d.counts.excluded, d.counts.pending_titles] if counted else [None] * 3
        return [d.code, d.name, DEPARTMENT_STATUS[d.status], d.file.path if d.file else None, *counts,
                *crit_cells(d.score)]

    n = len(result.departments)
    last = write_table(ws, st, 0, cols, (row(d) for d in result.departments), freeze_cols=2)
    ws.conditional_format(1, 2, max(last, 1), 2, {"type": "cell", "criteria": "!=", "value": '"Đã nhận"',
                                                  "format": st.bad})
    unit = result.unit
    total = [None, "Toàn đơn vị", None, None, unit.counts.members, unit.counts.excluded,
             unit.counts.pending_titles, *crit_cells(unit.score)]
    for i, value in enumerate(total):
        ws.write(last + 2, i, value, st.bold[cols[i].style])
    print_setup(ws, "Kết quả theo phòng", unit.name, result.period.label())

    if crits and n:
        chart = wb.add_chart({"type": "column"})
        for i, c in enumerate(crits):
            col = first + 3 * i + 1
            chart.add_series({"name": criterion_label(c), "categories": ["Theo_phong", 1, 0, n, 0],
                              "values": ["Theo_phong", 1, col, n, col], "gap": 80})
        chart.set_title({"name": f"Tỷ lệ thành viên đạt từng tiêu chí, theo phòng – {result.period.label()}",
                         "name_font": {"size": 13}})
        chart.set_y_axis({"num_format": "0%", "min": 0, "max": 1, "major_gridlines": {"visible": True}})
        chart.set_x_axis({"name": "Phòng"})
        chart.set_legend({"position": "bottom"})
        cs = wb.add_chartsheet("Bieu_do")
        cs.set_chart(chart)
        cs.set_paper(9)
        cs.set_landscape()


# --------------------------------------------------------------------------- Tep, Loi


def _files(wb, st: Styles, result: RunResult) -> None:
    ws = wb.add_worksheet("Tep")
    cols = [Col("Tệp", 40), Col("Loại", 15), Col("Phòng", 8), Col("Kỳ báo cáo", 10), Col("Ngày lập", 11, "date"),
            Col("Người lập", 18), Col("Tình trạng", 12), Col("Số lỗi", 7, "int"), Col("Số cảnh báo", 9, "int"),
            Col("Bị thay thế bởi", 34), Col("Lý do bỏ qua", 40, "wrap")]
    rows = ([f.path, FILE_KIND[f.kind], f.department, f.period.workbook_form() if f.period else None, f.created,
             f.author, FILE_STATUS[f.status], len(f.errors), len(f.warnings), f.superseded_by, f.ignored_reason]
            for f in result.files)
    last = write_table(ws, st, 0, cols, rows, freeze_cols=1)
    ws.conditional_format(1, 6, max(last, 1), 6, {"type": "cell", "criteria": "==", "value": '"Bị từ chối"',
                                                  "format": st.bad})
    print_setup(ws, "Các tệp đã đọc", result.unit.name, result.period.label())


def finding_rows(records) -> Iterable[list]:
    for f in records:
        if f.status is FileStatus.IGNORED and f.ignored_reason:  # every file not used is listed with its reason
            yield [f.path, f.department, FILE_STATUS[f.status], None, None, f.ignored_reason]
        if f.department_from:
            note = f"Tệp được tính cho phòng {f.department}: phòng gửi được xác định {f.department_from}."
            yield [f.path, f.department, "Ghi chú", None, None, note]
        for x in f.findings:
            yield [f.path, f.department, SEVERITY[x.severity], x.location or None, x.value, x.message]


def _findings(wb, st: Styles, result: RunResult) -> None:
    ws = wb.add_worksheet("Loi")
    cols = [Col("Tệp", 34), Col("Phòng", 8), Col("Mức độ", 9), Col("Vị trí", 16), Col("Giá trị", 18),
            Col("Nội dung", 80, "wrap")]
    last = write_table(ws, st, 0, cols, finding_rows(result.files), freeze_cols=1)
    ws.conditional_format(1, 2, max(last, 1), 2, {"type": "cell", "criteria": "==", "value": '"Lỗi"',
                                                  "format": st.bad})
    print_setup(ws, "Lỗi và cảnh báo", result.unit.name, result.period.label())


# --------------------------------------------------------------------------- entry point

class PendingWorkbook:
    """A consolidated workbook whose member rows may still be being rendered; `finish()` writes the file."""

    def __init__(self, path: Path, package: bytes, rendered: dict[bytes, list[Deflated]],
                 member_rows: tuple[bytes, Pieces] | None):
        self.path, self._package, self._rendered, self._member_rows = Path(path), package, rendered, member_rows

    @property
    def forked(self) -> int:
        """How many pieces of the member rows are rendered in child processes."""
        return self._member_rows[1].forked if self._member_rows else 0

    def finish(self) -> Path:
        """Collect the member rows, put every table's rows into the package and write it to `path` (atomically)."""
        rows = dict(self._rendered)
        if self._member_rows:
            marker, pieces = self._member_rows
            rows[marker] = pieces.results()

        def write(tmp: Path) -> None:
            with open(tmp, "wb") as out:
                if rows:
                    splice(self._package, out, rows)
                else:
                    out.write(self._package)

        return atomic_write(self.path, write)

    def cancel(self) -> None:
        if self._member_rows:
            self._member_rows[1].cancel()


def start_consolidated(result: RunResult, path: Path, parallel: bool = True, cell_by_cell: bool = False,
                       run: RunContext = NO_RUN) -> PendingWorkbook:
    """Begin the consolidated workbook. Every table's rows are rendered as XML (`xlsx_rows`); the member
    rows, when many and the system allows it, in two child processes (`in_parallel`) while this process
    writes the other sheets. `cell_by_cell`: every cell through xlsxwriter instead (slow; the reference
    the tests compare with)."""
    buffer = BytesIO()
    wb = open_workbook(buffer, in_memory=True)
    cell_by_cell = cell_by_cell or not bulk_rows_supported()  # an xlsxwriter the bulk rows are not tested on
    if not cell_by_cell:
        wb.worksheet_class = BulkRowsWorksheet  # the class add_worksheet() uses
    st = Styles(wb)
    table = MemberTable(result)
    rows = Pieces(lambda i: None, 0) if cell_by_cell else start_member_rows(table, st, parallel)
    try:
        _summary(wb, st, result)
        _departments(wb, st, result)
        members = member_sheet(wb, st, result, table)
        _files(wb, st, result)
        _findings(wb, st, result)
        from dvht_batch.writers.xlsx_trends import write_trends  # Xu_huong, when the ledger gave trends
        write_trends(wb, st, result, run.trends)
        write_checklist(wb, st, result)  # Kiem_tra: the law's force and unconfirmed items, never in signed documents
        wb.set_properties({"title": f"Tổng hợp Đơn vị học tập – {result.period.label()}",
                           "author": result.unit.name, "comments": f"Bộ tiêu chí: {result.rule_set.label}",
                           "created": result.generated_at.astimezone(timezone.utc)})  # the run's time
        if run.run_id:
            wb.set_custom_property(RUN_ID_PROPERTY, run.run_id)
        wb.close()
    except BaseException:
        rows.cancel()
        raise
    rendered = {ws.marker: ws.rendered for ws in wb.worksheets() if isinstance(ws, BulkRowsWorksheet) and ws.rendered}
    member_rows = (members.marker, rows) if isinstance(members, BulkRowsWorksheet) else None
    return PendingWorkbook(path, buffer.getvalue(), rendered, member_rows)


def write_consolidated(result: RunResult, path: Path, parallel: bool = True, cell_by_cell: bool = False,
                       run: RunContext = NO_RUN) -> Path:
    """Write the consolidated workbook to `path` (atomically) and return `path`."""
    return start_consolidated(result, path, parallel, cell_by_cell, run).finish()
