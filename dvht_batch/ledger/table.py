"""The table of `dvht lich-su` (and the web app's history page): every stored result per period, read from
the ledger's `results`, `departments` and `runs` (`ledger.schema`, written by `ledger.runs`)."""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from dvht_batch.ledger.schema import UNIT, connect, ledger_path, read_decimal

TOTAL = "Tổng"                 # `criterion` of the unit's total in `history_table`


@dataclass
class HistoryTable:
    """For `dvht lich-su`: periods (oldest first) and rows keyed by (department, criterion)."""

    periods: list[str] = field(default_factory=list)
    names: dict[str, str] = field(default_factory=dict)          # department → name
    texts: dict[str, str] = field(default_factory=dict)          # criterion → text
    cells: dict[tuple[str, str], dict[str, tuple[Decimal | None, Decimal | None]]] = field(default_factory=dict)
    statuses: dict[tuple[str, str], str] = field(default_factory=dict)  # (department, period) → status


def history_table(out_root: Path, department: str | None = None) -> HistoryTable:
    """Every stored result, optionally of one department (case-insensitive code; `UNIT` = the unit). A swap a
    killed run left half done is settled first when the folder is free (`output.lock.settle_if_free`), so the
    table and OUT/<kỳ>/ show the same runs; a busy folder is only read."""
    from dvht_batch.output.lock import settle_if_free

    settle_if_free(out_root, "lich-su")
    table = HistoryTable()
    if not ledger_path(out_root).is_file():
        return table
    with connect(out_root, create=False) as conn:
        rows = conn.execute("SELECT period, department, criterion, text, points, ratio FROM results "
                            "ORDER BY length(period), period").fetchall()
        depts = conn.execute("SELECT period, department, name, status FROM departments").fetchall()
        totals = conn.execute("SELECT period, total FROM runs ORDER BY id").fetchall()
    wanted = None if department is None else department.casefold()
    if wanted in (None, UNIT):  # the unit's total, as one more row (latest run of each period)
        rows += [(period, UNIT, TOTAL, "Tổng điểm", total, None) for period, total in dict(totals).items()
                 if total is not None and period in {r[0] for r in rows}]
    for period, dept, name, status in depts:
        if wanted is None or dept.casefold() == wanted:
            table.names[dept] = name or dept
            table.statuses[(dept, period)] = status
    for period, dept, code, text, points, ratio in rows:
        if wanted is not None and dept.casefold() != wanted:
            continue
        if period not in table.periods:
            table.periods.append(period)
        table.texts.setdefault(code, text or code)
        table.cells.setdefault((dept, code), {})[period] = (read_decimal(ratio), read_decimal(points))
    return table


__all__ = ["HistoryTable", "history_table", "TOTAL", "UNIT"]
