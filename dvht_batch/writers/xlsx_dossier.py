"""The summary table of criteria and indicators of the yearly dossier, as a workbook (bảng tổng hợp các
tiêu chí, chỉ tiêu và minh chứng): the same rows as Phụ lục I of the self-assessment report, with the
counts as numbers. It is sent with the dossier: no note about unconfirmed law (see the checklist)."""
from __future__ import annotations

from pathlib import Path

from dvht_batch.models import CriterionResult, RunResult
from dvht_batch.writers.atomic import atomic_write
from dvht_batch.writers.docx.phrases import is_confirmed, level_requirements  # the wording of Phụ lục I
from dvht_batch.writers import RUN_ID_PROPERTY
from dvht_batch.writers.xlsx_common import LINE_HEIGHT, Styles, open_workbook, print_setup, text_lines

SHEET = "Bang_tong_hop"
# The layout is part of the data contract (docs/tinh.md: the Sở reads it back, `dvht tinh nhan-ho-so`):
# its version is a custom document property; changes are additive only, and a change raises the version.
LAYOUT_PROPERTY = "dvht_bang_tong_hop"
LAYOUT_VERSION = "1"


def _requirement(rule) -> str | None:
    return (level_requirements(rule) or None) if rule is not None else None


def _verdict(cr: CriterionResult, level: int, rule) -> str | None:
    """Đạt / Không đạt on a level whose requirement is confirmed; blank otherwise (docs/quy-tac.md)."""
    if not cr.applicable:
        return "Không áp dụng"
    if level not in cr.passed_levels or (rule is not None and not is_confirmed(rule, level)):
        return None
    return "Đạt" if cr.passed_levels[level] else "Không đạt"


def _row(cr: CriterionResult, rule, levels: tuple[int, ...]) -> list:
    ratio = float(cr.ratio) if cr.ratio is not None else None
    note = "; ".join(x for x in (cr.evidence, cr.note) if x) or None
    return [cr.code, cr.text, _requirement(rule), cr.count, cr.denominator, ratio,
            *[_verdict(cr, lv, rule) for lv in levels], note]


class _Formats:
    """The table's cell formats: bordered, top-aligned cells; the group rows and the title."""

    def __init__(self, wb, levels: tuple[int, ...]):
        self.border = {"border": 1, "valign": "top"}
        cell = wb.add_format({**self.border, "text_wrap": True})
        centre = wb.add_format({**self.border, "align": "center", "text_wrap": True})
        number = wb.add_format({**self.border, "num_format": "#,##0"})
        pct = wb.add_format({**self.border, "num_format": "0.00%"})
        self.group = wb.add_format({**self.border, "bold": True, "text_wrap": True, "bg_color": "#F2F2F2"})
        self.title = wb.add_format({"bold": True, "font_size": 13, "align": "center", "text_wrap": True})
        self.columns = [centre, cell, cell, number, number, pct, *[centre for _ in levels], cell]  # per column


def _headers(rs, levels: tuple[int, ...]) -> list[tuple[str, int]]:
    """Each column's header and width: the criterion, the counts, one column per level, the evidence."""
    return [("Mã", 7), ("Tiêu chí, chỉ tiêu", 58), ("Yêu cầu", 26), ("Số thành viên đạt", 11),
            ("Số thành viên được tính", 11), ("Tỷ lệ", 9), *[(rs.level_name(lv), 11) for lv in levels],
            ("Minh chứng, ghi chú", 42)]


def _title_rows(wb, ws, st: Styles, fmt: _Formats, result: RunResult, reference: str, last_col: int) -> None:
    """The unit's name, the table's title with the year, and the '(Kèm theo Báo cáo số …)' line."""
    ws.merge_range(0, 0, 0, last_col, result.config.unit_name.upper(), st.label)
    ws.merge_range(1, 0, 1, last_col, f"BẢNG TỔNG HỢP KẾT QUẢ TỰ ĐÁNH GIÁ CÁC TIÊU CHÍ, CHỈ TIÊU "
                                      f"“ĐƠN VỊ HỌC TẬP” NĂM {result.period.year}", fmt.title)
    ws.merge_range(2, 0, 2, last_col, reference, wb.add_format({"italic": True, "align": "center"}))


def _criteria_rows(ws, fmt: _Formats, rs, score, levels: tuple[int, ...], top: int, last_col: int) -> int:
    """A row per criterion below the header row `top`, each group's row before its first criterion; returns
    the last row written."""
    rules = {c.code: c for c in rs.criteria}
    groups = {g.code: g for g in rs.groups}
    r, current = top, None
    for cr in score.criteria:
        if cr.group != current and cr.group in groups:
            current = cr.group
            r += 1
            ws.write_string(r, 0, cr.group, fmt.group)
            ws.merge_range(r, 1, r, last_col, f"Tiêu chí {cr.group}: {groups[cr.group].text}", fmt.group)
        r += 1
        values = _row(cr, rules.get(cr.code), levels)
        for c, value in enumerate(values):
            if value is None:
                ws.write_blank(r, c, None, fmt.columns[c])
            else:
                ws.write(r, c, value, fmt.columns[c])
        ws.set_row(r, LINE_HEIGHT * max(text_lines(values[1], 57), text_lines(values[2], 25),
                                        text_lines(values[-1], 41)))
    return r


def write_dossier_table(result: RunResult, path: Path, reference: str, run_id: str | None = None) -> Path:
    """Write the workbook to `path` (atomically); `reference` is the '(Kèm theo Báo cáo số …)' line."""
    rs, score, year = result.rule_set, result.unit.score, result.period.year
    levels = tuple(rs.levels)
    headers = _headers(rs, levels)

    def write(tmp: Path) -> None:
        wb = open_workbook(tmp)
        st = Styles(wb)
        fmt = _Formats(wb, levels)
        ws = wb.add_worksheet(SHEET)
        last_col = len(headers) - 1
        _title_rows(wb, ws, st, fmt, result, reference, last_col)
        top = 4
        for i, (_, width) in enumerate(headers):
            ws.set_column(i, i, width)
        ws.write_row(top, 0, [h for h, _ in headers], st.header)
        ws.set_row(top, LINE_HEIGHT * 3)
        r = _criteria_rows(ws, fmt, rs, score, levels, top, last_col)
        if score.concluded is not None:  # no conclusion while a requirement of the level is unconfirmed
            r += 1
            ws.merge_range(r, 0, r, 5, "Kết quả chung", wb.add_format({**fmt.border, "bold": True, "align": "center"}))
            ws.merge_range(r, 6, r, last_col, score.concluded, wb.add_format({**fmt.border, "bold": True}))
        ws.freeze_panes(top + 1, 0)
        ws.repeat_rows(top)
        print_setup(ws, "Bảng tổng hợp tiêu chí, chỉ tiêu", result.config.unit_name, f"Năm {year}")
        wb.set_properties({"title": f"Bảng tổng hợp tiêu chí, chỉ tiêu “Đơn vị học tập” năm {year}",
                           "author": result.config.unit_name})
        wb.set_custom_property(LAYOUT_PROPERTY, LAYOUT_VERSION)
        if run_id:
            wb.set_custom_property(RUN_ID_PROPERTY, run_id)
        wb.close()

    return atomic_write(Path(path), write)
