"""`dvht lich-su`: the history ledger as a rich table in the terminal (one row per department and criterion)."""
from __future__ import annotations

from pathlib import Path

from dvht_batch.ledger.schema import ledger_path
from dvht_batch.ledger.table import UNIT, HistoryTable, history_table
from dvht_batch.vn.numbers import fmt_decimal, fmt_percent

UNIT_LABEL = "Toàn đơn vị"


def _period_label(text: str) -> str:
    year, _, month = text.partition("-")
    return f"{month}/{year}" if month else year


def _cell(ratio, points) -> str:
    if ratio is not None:
        return fmt_percent(ratio, 1)
    return fmt_decimal(points) + " đ" if points is not None else "—"


def _change(cells: dict, periods: list[str]) -> str:
    if len(periods) < 2:
        return ""
    now, before = cells.get(periods[-1], (None, None))[0], cells.get(periods[-2], (None, None))[0]
    if now is None or before is None:
        return ""
    delta = (now - before) * 100
    return ("+" if delta > 0 else "") + fmt_decimal(delta, 1)


def build_rich_table(table: HistoryTable, title: str):
    from rich.table import Table

    periods = table.periods
    rich_table = Table(title=title, show_lines=False, header_style="bold")
    rich_table.add_column("Phòng", no_wrap=True)
    rich_table.add_column("Tiêu chí", no_wrap=True)
    for p in periods:
        rich_table.add_column(_period_label(p), justify="right")
    rich_table.add_column("± điểm %", justify="right")
    order = [UNIT] + sorted({d for d, _ in table.cells if d != UNIT})
    last_dept = None
    for dept in order:
        codes = sorted(code for d, code in table.cells if d == dept)
        if not codes:
            continue
        if last_dept is not None:
            rich_table.add_section()
        last_dept = dept
        name = UNIT_LABEL if dept == UNIT else f"{dept} – {table.names.get(dept, dept)}"
        for i, code in enumerate(codes):
            cells = table.cells[(dept, code)]
            rich_table.add_row(name if i == 0 else "", code, *(_cell(*cells.get(p, (None, None))) for p in periods),
                               _change(cells, periods))
    return rich_table


def print_history(out_root: Path, department: str | None = None, width: int | None = None) -> bool:
    """Print the table (False when the ledger holds nothing to show)."""
    from rich.console import Console

    table = history_table(out_root, department)
    console = Console(width=width) if width else Console()
    if not table.cells:
        where = f" của phòng {department}" if department else ""
        console.print(f"Chưa có kết quả{where} trong sổ lịch sử '{ledger_path(out_root)}'. "
                      "Hãy chạy 'dvht run' với cùng thư mục --out trước.")
        return False
    scored = any(points is not None for cells in table.cells.values() for _, points in cells.values())
    title = "Lịch sử kết quả theo kỳ (tỉ lệ thành viên đạt" + ("; điểm với tiêu chí đơn vị tự chấm)" if scored else ")")
    console.print(build_rich_table(table, title))
    return True
