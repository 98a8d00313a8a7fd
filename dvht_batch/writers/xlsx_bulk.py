"""A worksheet whose data rows are written outside xlsxwriter and put into the package afterwards.

xlsxwriter keeps every cell as an object and writes it through a generic per-cell path (≈ 6 µs a cell:
6 s for the 40,000-row member sheet of 1,000 departments). `BulkRowsWorksheet` is told how many data
rows it will hold and writes, where they belong in its XML, only its `marker`; the rows are rendered by
`xlsx_rows.RowsXml` — here (`rendered`) or in other processes — and spliced in by `zip_splice.splice`.
Everything else of the sheet — the header row, column widths and formats, frozen panes, autofilter,
print setup — is ordinary xlsxwriter, and the sheet's dimension covers the rows to come.
"""
from __future__ import annotations

import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

MARKER = b"<!--dvht:rows:%d-->"  # with the sheet's index: unique in the package
# The xlsxwriter release series whose internals this class uses (Worksheet._write_rows, _check_dimensions,
# dim_rowmin/dim_rowmax, col_info, row_info, table, fh; Format._get_xf_index; Workbook.worksheet_class), as
# pinned in pyproject.toml. Another series: the workbook is written cell by cell (slower, the same cells)
# until tests/writers/test_xlsx_bulk.py passes on it and it is added here and there.
TESTED_XLSXWRITER = ((3, 3),)
_PRIVATE = (Worksheet, ("_write_rows", "_check_dimensions")), (Format, ("_get_xf_index",))


def bulk_rows_supported() -> bool:
    """Whether the installed xlsxwriter is a tested series and still has the internals used here."""
    series = tuple(int(part) for part in xlsxwriter.__version__.split(".")[:2])
    return series in TESTED_XLSXWRITER and all(hasattr(cls, name) for cls, names in _PRIVATE for name in names)


class BulkRowsWorksheet(Worksheet):
    """Add with `workbook.add_worksheet(name, worksheet_class=BulkRowsWorksheet)`, then `bulk_rows()`."""

    def __init__(self) -> None:
        super().__init__()
        self._bulk_first: int | None = None
        self._bulk_last = -1
        self.rendered: list | None = None  # zip_splice.Deflated pieces of the rows, when rendered here

    @property
    def marker(self) -> bytes:
        return MARKER % self.index

    def bulk_rows(self, first_row: int, columns: int, count: int) -> int:
        """Rows `first_row` … `first_row + count - 1` (0-based), `columns` wide, are written elsewhere;
        returns the last row. No cell may be written the ordinary way among them (above or below is fine)."""
        self._bulk_first, self._bulk_last = first_row, first_row + count - 1
        if count:
            self._check_dimensions(self._bulk_last, columns - 1)
        return max(self._bulk_last, first_row - 1)

    def column_styles(self, columns: int) -> list[int | None]:
        """The style index each column's cells carry (its column format's xf index), as xlsxwriter
        writes a cell without a format of its own. Call after `set_column`."""
        styles = []
        for col in range(columns):
            info = self.col_info.get(col)
            styles.append(info.column_format._get_xf_index() if info and info.column_format else None)
        return styles

    def _write_rows(self) -> None:
        first, last = self._bulk_first, self._bulk_last
        if first is None:
            super()._write_rows()
            return
        used = [r for r, cells in self.table.items() if cells] + list(self.row_info)
        if any(first <= r <= last for r in used):
            raise ValueError("cells or row settings written among the bulk rows")
        low, high = self.dim_rowmin, self.dim_rowmax
        try:
            self.dim_rowmax = first - 1  # the ordinary rows above (the header) …
            if self.dim_rowmax >= low:
                super()._write_rows()
            self.fh.write(self.marker.decode())
            self.dim_rowmin, self.dim_rowmax = last + 1, high  # … and below (a total row)
            if any(r > last for r in used):
                super()._write_rows()
        finally:
            self.dim_rowmin, self.dim_rowmax = low, high
