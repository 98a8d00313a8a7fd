"""Marked cells of a feedback workbook are cells the department can type its fix into.

The feedback copy keeps the department's sheet protection (the template locks labels and headers),
so a cell named by a finding must be unlocked; a cell that was empty in the department's file does
not exist yet in openpyxl and would be created bare (locked, General format, no border, outside the
column's drop-down). Such a cell (or one without a style of its own) takes the style its column
gives every empty cell (the template's column format: unlocked, bordered, text or number format),
else that of the nearest filled cell below the header in the same column; and it joins the
column's data validation (drop-down) when the column has exactly one.
"""
from __future__ import annotations

from copy import copy

NEAR_ROWS = 50  # how far up and down the column to look for a styled cell when the column has no style


def make_fixable(ws, cell) -> None:
    """Unlock `cell` and give it its column's number format, borders and drop-down."""
    from openpyxl.styles import Protection

    if not cell.has_style:  # created empty, or typed without a format of its own: as its column shows it
        model = _column_style(ws, cell)
        if model is not None:
            cell._style = copy(model)
    cell.protection = Protection(locked=False, hidden=False)
    _join_validation(ws, cell)


def _column_style(ws, cell):
    for dim in ws.column_dimensions.values():
        if dim.min and dim.max and dim.min <= cell.column <= dim.max and dim.has_style:
            return dim._style
    for distance in range(1, NEAR_ROWS + 1):
        for row in (cell.row - distance, cell.row + distance):
            if row < 2:  # row 1 is the header: never its style
                continue
            other = ws._cells.get((row, cell.column))
            if other is not None and other.has_style and other.value is not None:
                return other._style
    return None


def _join_validation(ws, cell) -> None:
    coordinate = cell.coordinate
    same_column = []
    for dv in ws.data_validations.dataValidation:
        if coordinate in dv.sqref:
            return
        if any(r.min_col <= cell.column <= r.max_col for r in dv.sqref.ranges):
            same_column.append(dv)
    if len(same_column) == 1:
        same_column[0].add(coordinate)
