"""A worksheet whose many data rows are written straight into its XML when the workbook closes.

xlsxwriter keeps every cell as an object and writes it through a generic per-cell path (≈ 6 µs a
cell: 6 s for the 40,000-row member sheet of 1,000 departments). `BulkRowsWorksheet` takes the data
rows as an iterable instead and writes each row as one string: a text cell is an index into the
workbook's shared strings (the same table, escaping and 32,767-character limit as `write_string`),
a number is written as `write_number` writes it, None leaves the cell empty, and a column's format
applies to its cells as xlsxwriter applies it. Everything else of the sheet — the header row,
column widths and formats, frozen panes, autofilter, print setup — is ordinary xlsxwriter.
"""
from __future__ import annotations

from math import isfinite
from typing import Iterable, Sequence

from xlsxwriter.utility import xl_col_to_name
from xlsxwriter.worksheet import Worksheet, _utf16_len, _utf16_truncate

_MAX_STRING = 32767  # UTF-16 units, as xlsxwriter (Excel's limit)


class BulkRowsWorksheet(Worksheet):
    """Add with `workbook.add_worksheet(name, worksheet_class=BulkRowsWorksheet)`, then `bulk_rows()`."""

    def __init__(self) -> None:
        super().__init__()
        self._bulk: tuple[int, int, Iterable[Sequence], int] | None = None

    def bulk_rows(self, first_row: int, columns: int, rows: Iterable[Sequence], count: int) -> int:
        """Rows `first_row`, `first_row + 1`, … hold `rows` (`count` of them, each at most `columns`
        values: str, int, float or None), written when the workbook closes; returns the last row.

        No cell may be written the ordinary way from `first_row` on (checked when writing).
        """
        self._bulk = (first_row, columns, rows, count)
        last = first_row + count - 1
        if count:
            self._check_dimensions(last, columns - 1)
        return max(last, first_row - 1)

    def _write_rows(self) -> None:
        if self._bulk is None:
            super()._write_rows()
            return
        first = self._bulk[0]
        if any(r >= first for r, cells in self.table.items() if cells) or any(r >= first for r in self.row_info):
            raise ValueError("cells or row settings written among the bulk rows")
        last = self.dim_rowmax
        self.dim_rowmax = first - 1  # the ordinary rows above (the header)
        try:
            if self.dim_rowmax >= self.dim_rowmin:
                super()._write_rows()
        finally:
            self.dim_rowmax = last
        self._write_bulk_rows()

    def _write_bulk_rows(self) -> None:
        first, columns, rows, count = self._bulk
        index, add = self._shared_strings()
        cells = []  # per column: '<c r="B', its style attribute, {text: the cell's XML after its row number}
        for col in range(columns):
            info = self.col_info.get(col)
            style = f' s="{info.column_format._get_xf_index()}"' if info and info.column_format else ""
            cells.append((f'<c r="{xl_col_to_name(col)}', style, {}))
        write = self.fh.write
        texts, number = 0, first
        for number, values in enumerate(rows, start=first + 1):
            if len(values) > columns:
                raise ValueError(f"row {number} has {len(values)} values for {columns} columns")
            n = str(number)
            parts = [f'<row r="{n}">']
            append = parts.append
            for (start, style, ends), value in zip(cells, values):
                kind = value.__class__
                if kind is str:
                    end = ends.get(value)
                    if end is None:
                        end = ends[value] = f'"{style} t="s"><v>{_index(value, index, add)}</v></c>'
                    append(f"{start}{n}{end}")
                    texts += 1
                elif kind is int or (kind is float and isfinite(value)):
                    append(f'{start}{n}"{style}><v>{value:.16G}</v></c>')
                elif value is not None:
                    raise TypeError(f"bulk rows hold text and finite numbers only, not {value!r}")
            append("</row>")
            write("".join(parts))
        self.str_table.count += texts
        if number - first != count:  # the sheet's dimension and filter were set for `count` rows
            raise ValueError(f"{number - first} bulk rows written, {count} announced")

    def _shared_strings(self):
        """(string → index, add(string) → index) over the workbook's shared strings.

        xlsxwriter turns its table of shared strings into a list just before writing the sheets and
        writes that list after them: a new string is appended to it and counted the same way.
        """
        table = self.str_table
        if table.string_table:  # not yet turned into a list (another xlsxwriter version): its own call
            def add_to_table(string: str) -> int:
                table.count -= 1  # counted with the others at the end
                return table._get_shared_string_index(string)

            return {}, add_to_table
        strings = table.string_array
        index = {s: i for i, s in enumerate(strings)}

        def add(string: str) -> int:
            found = index[string] = len(strings)
            strings.append(string)
            table.unique_count += 1
            return found

        return index, add


def _index(text: str, index: dict[str, int], add) -> int:
    if len(text) > _MAX_STRING // 2 and _utf16_len(text) > _MAX_STRING:
        text = _utf16_truncate(text, _MAX_STRING)
    found = index.get(text)
    return add(text) if found is None else found
