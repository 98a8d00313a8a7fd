"""Data rows of a worksheet as SpreadsheetML text (`<row>` and `<c>` elements), without xlsxwriter's cells.

xlsxwriter keeps every cell as an object and writes it through a generic per-cell path (≈ 6 µs a cell: 6 s
for the 40,000-row member sheet of 1,000 departments). `RowsXml` writes each row as one string instead:
a cell's XML depends only on its column and value, so it is made once per distinct value and column
(with a stand-in for the row number) and a row is a join and one replace. It needs nothing from the
workbook but the columns' style indices, so the rows can be rendered in another process.

Cells are written as xlsxwriter writes them in its constant-memory mode: text as an inline string
(`t="inlineStr"`, no shared-strings table needed), escaped the same way (`&`, `<`, `>`; control
characters as `_xHHHH_`, a literal `_xHHHH_` protected as `_x005F_xHHHH_`; leading or trailing white
space kept with `xml:space="preserve"`) and cut at Excel's 32,767 UTF-16 units; numbers as
`write_number` writes them (`{:.16G}`), a date as the serial day number `write_datetime` writes (shown by
its column's date format); None leaves the cell out. A column's style index (the xf index
of its column format) is written on each of its cells, as xlsxwriter does for a cell without a format.
"""
from __future__ import annotations

import re
from datetime import date
from math import isfinite
from typing import Iterable, Iterator, Sequence

from xlsxwriter.utility import (_datetime_to_excel_datetime, _preserve_whitespace, _utf16_len, _utf16_truncate,
                                xl_col_to_name)

MAX_STRING = 32767  # UTF-16 units (Excel's limit, as xlsxwriter)
_ROW = "\x00"  # stands for the row number in a cached cell; escaped text never holds it
_ESCAPED = re.compile(r"(_x[0-9a-fA-F]{4}_)")
_CONTROL = re.compile(r"([\x00-\x08\x0b-\x1f])")


def inline_string(text: str) -> str:
    """`<is>…</is>` of a text, as xlsxwriter writes it: cut to Excel's limit, control characters as
    `_xHHHH_`, white space at either end preserved (judged after that, as xlsxwriter does), XML escapes.
    A text that looks like rich-text XML ("<r>…</r>") is escaped too: text from the input stays text."""
    if len(text) > MAX_STRING // 2 and _utf16_len(text) > MAX_STRING:
        text = _utf16_truncate(text, MAX_STRING)
    text = _CONTROL.sub(lambda m: f"_x{ord(m.group(1)):04X}_", _ESCAPED.sub(r"_x005F\1", text))
    preserve = ' xml:space="preserve"' if _preserve_whitespace(text) else ""
    return f'<is><t{preserve}>{text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")}</t></is>'


class RowsXml:
    """Renders data rows for a sheet whose columns have the given style indices (None: no style)."""

    def __init__(self, styles: Sequence[int | None]):
        self._styles = [f' s="{s}"' if s else "" for s in styles]
        self._heads = [f'<c r="{xl_col_to_name(i)}{_ROW}"' for i in range(len(styles))]
        # per column: value → the cell's XML with _ROW for its row number; None → nothing
        self._cells: list[dict] = [{None: ""} for _ in styles]

    def cell(self, column: int, value) -> str:
        """The XML of one cell (with `_ROW` for its row number), made and remembered."""
        kind = value.__class__
        head, style = self._heads[column], self._styles[column]
        if kind is str:
            xml = f'{head}{style} t="inlineStr">{inline_string(value)}</c>'
        elif kind is int or (kind is float and isfinite(value)):
            xml = f"{head}{style}><v>{value:.16G}</v></c>"
        elif kind is date:  # a serial day number, shown by the column's date format
            xml = f"{head}{style}><v>{_datetime_to_excel_datetime(value, False, False):.16G}</v></c>"
        else:
            raise TypeError(f"rows hold text, finite numbers and dates only, not {value!r}")
        self._cells[column][value] = xml  # 1 and 1.0 share an entry: both are written "1"
        return xml

    def rows(self, rows: Iterable[Sequence], first_number: int, heights: Iterable[float | None] | None = None
             ) -> Iterator[str]:
        """One string per row, numbered from `first_number` (1-based, as in the XML); `heights`: each row's
        height in points (None: the default), as `set_row` sets it."""
        gets = [cells.get for cells in self._cells]
        columns = len(gets)
        starts = map(_row_start, heights) if heights is not None else None
        for number, values in enumerate(rows, start=first_number):
            if len(values) > columns:
                raise ValueError(f"row {number} has {len(values)} values for {columns} columns")
            parts = [get(value) for get, value in zip(gets, values)]
            if None in parts:  # a value not seen before in its column
                parts = [self.cell(i, v) if p is None else p for i, (p, v) in enumerate(zip(parts, values))]
            start = next(starts) if starts is not None else _PLAIN_ROW
            yield f'{start}{"".join(parts)}</row>'.replace(_ROW, str(number))

    def chunks(self, rows: Iterable[Sequence], first_number: int, heights: Iterable[float | None] | None = None,
               size: int = 1 << 20) -> Iterator[bytes]:
        """The rows as UTF-8, in pieces of about `size` bytes (for a compressor)."""
        pending: list[str] = []
        length = 0
        for xml in self.rows(rows, first_number, heights):
            pending.append(xml)
            length += len(xml)
            if length >= size:
                yield "".join(pending).encode()
                pending, length = [], 0
        if pending:
            yield "".join(pending).encode()


_PLAIN_ROW = f'<row r="{_ROW}">'


def _row_start(height: float | None) -> str:
    """A row's opening tag; a height is rounded to whole pixels and written as xlsxwriter's `set_row` does."""
    if height is None:
        return _PLAIN_ROW
    return f'<row r="{_ROW}" ht="{int(height * 4.0 / 3.0 + 0.5) * 0.75:.16g}" customHeight="1">'
