"""Sheet `Xu_huong` of the consolidated workbook: each criterion's ratio over the periods, per department.

Written only when the run has `trends` (`RunContext.trends`: the history ledger was used). One row per (department or whole
unit, member-ratio criterion), one column per period (earlier periods from the ledger, then this one),
the change since the previous period in percentage points, and a line chart of the unit's ratios.
"""
from __future__ import annotations

from decimal import Decimal

from dvht_batch.models import RunResult, Trends
from dvht_batch.period import Period

SHEET = "Xu_huong"
UNIT = ""  # department code of unit-wide figures (as in dvht_batch.ledger.schema.UNIT)
UNIT_LABEL = "Toàn đơn vị"


def _ratio_codes(result: RunResult) -> list[tuple[str, str]]:
    return [(c.code, c.text) for c in result.unit.score.criteria if c.kind == "member_ratio"]


def _current(result: RunResult) -> dict[str, dict[str, Decimal | None]]:
    ratios = {UNIT: {c.code: c.ratio for c in result.unit.score.criteria}}
    for d in result.departments:
        if d.score is not None:
            ratios[d.code] = {c.code: c.ratio for c in d.score.criteria}
    return ratios


def trend_rows(result: RunResult, trends: Trends | None) -> tuple[list[Period], list[list]]:
    """(periods, rows): rows are [code, name, criterion, text, ratio per period…, change]."""
    history = list(trends.history) if trends else []
    periods = [f.period for f in history] + [result.period]
    current = _current(result)
    columns = [f.ratios for f in history] + [current]
    departments = [(UNIT, UNIT_LABEL)] + [(d.code, d.name) for d in result.departments]
    rows = []
    for code, name in departments:
        for crit, text in _ratio_codes(result):
            values = [col.get(code, {}).get(crit) for col in columns]
            change = trends.change(code, crit, current.get(code, {}).get(crit)) if trends else None
            rows.append([code or "", name, crit, text, *values, change])
    return periods, rows


def write_trends(wb, st, result: RunResult, trends: Trends | None) -> None:
    """Add the `Xu_huong` sheet (and its chart) to an open consolidated workbook; nothing without trends."""
    if trends is None:
        return
    from dvht_batch.writers.xlsx_common import Col, print_setup, write_table

    periods, rows = trend_rows(result, trends)
    ws = wb.add_worksheet(SHEET)
    previous = trends.previous
    ws.write_string(0, 0, "Xu hướng theo kỳ: tỉ lệ thành viên đạt từng tiêu chí", st.title)
    ws.write_string(1, 0, (f"Cột cuối: thay đổi so với kỳ trước ({previous.period.workbook_form()}), tính bằng điểm "
                           "phần trăm." if previous else "Chưa có kỳ trước trong sổ lịch sử (dvht.sqlite)."),
                    st.subtitle)
    change = wb.add_format({"num_format": "+0.0;-0.0;0.0"})
    st.change = change  # write_table applies a column style by attribute name
    cols = ([Col("Mã phòng", 9), Col("Phòng", 26, "wrap"), Col("Mã tiêu chí", 8), Col("Tiêu chí", 44, "wrap")]
            + [Col(p.workbook_form(), 10, "pct") for p in periods] + [Col("Thay đổi (điểm %)", 11, "change")])
    top = 3
    body = [[*r[:4], *(None if v is None else float(v) for v in r[4:-1]),
             None if r[-1] is None else float(r[-1])] for r in rows]
    last = write_table(ws, st, top, cols, body, freeze_cols=4)
    unit_rows = [i for i, r in enumerate(rows, start=top + 1) if r[0] == UNIT]
    if unit_rows and periods:
        chart = wb.add_chart({"type": "line"})
        first_col, last_col = 4, 4 + len(periods) - 1
        for row in unit_rows:
            chart.add_series({
                "name": [SHEET, row, 2], "categories": [SHEET, top, first_col, top, last_col],
                "values": [SHEET, row, first_col, row, last_col], "marker": {"type": "circle"},
            })
        chart.set_title({"name": "Tỉ lệ đạt của toàn đơn vị theo kỳ"})
        chart.set_y_axis({"min": 0, "max": 1, "num_format": "0%", "major_gridlines": {"visible": True}})
        chart.set_x_axis({"name": "Kỳ báo cáo"})
        chart.set_legend({"position": "right"})
        chart.set_size({"width": 720, "height": 360})
        ws.insert_chart(last + 2, 1, chart)
    print_setup(ws, "Xu hướng theo kỳ", result.unit.name, result.period.label())
