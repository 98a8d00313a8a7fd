"""Earlier periods from the ledger (`ledger.schema`'s `results` and `departments`, written by `ledger.runs`):
the change figures and the trend sheet of a run (`models.Trends`)."""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from dvht_batch.ledger.schema import connect, ledger_path, read_decimal
from dvht_batch.models import PeriodFigures, Trends
from dvht_batch.period import Period


def _same_kind(text: str, period: Period) -> bool:
    return (len(text) == 4) == period.is_year


def load_figures(out_root: Path, before: Period | None = None, kind: Period | None = None) -> list[PeriodFigures]:
    """Every stored period of `kind`'s kind (months or years), oldest first, optionally only those `before`."""
    if not ledger_path(out_root).is_file():
        return []
    with connect(out_root, create=False) as conn:
        results = conn.execute("SELECT period, department, criterion, points, ratio FROM results").fetchall()
        statuses = conn.execute("SELECT period, department, status FROM departments").fetchall()
    reference = before or kind
    figures: dict[str, PeriodFigures] = {}
    for text, dept, code, points, ratio in results:
        try:
            p = Period.parse(text)
        except ValueError:
            continue
        if reference is not None and (not _same_kind(text, reference) or (before is not None and not p < before)):
            continue
        fig = figures.setdefault(text, PeriodFigures(period=p))
        fig.ratios.setdefault(dept, {})[code] = read_decimal(ratio)
        fig.points.setdefault(dept, {})[code] = read_decimal(points)
    for text, dept, status in statuses:
        if text in figures:
            figures[text].statuses[dept] = status
    return sorted(figures.values(), key=lambda f: (f.period.year, f.period.month or 0))


def load_trends(out_root: Path, period: Period) -> Trends:
    """The periods before `period` (same kind), for change figures and the trend sheet."""
    return Trends(history=load_figures(out_root, before=period))


def previous_ratios(out_root: Path, period: Period) -> tuple[Period, dict[str, dict[str, Decimal | None]]] | None:
    """The latest earlier period's ratios per department (`schema.UNIT` = unit) and criterion, or None."""
    previous = load_trends(out_root, period).previous
    return (previous.period, previous.ratios) if previous else None


__all__ = ["load_figures", "load_trends", "previous_ratios"]
