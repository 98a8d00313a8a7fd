"""What the workbooks we write with xlsxwriter share: options (input text never becomes a formula, URL
or number), one set of formats per workbook, tables with frozen headers and filters, row heights for
wrapped text, A4 print setup. Status labels come from dvht_batch.vocab.labels (one table for every output)."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Iterable, Sequence

import xlsxwriter

from dvht_batch.vocab.labels import DEPARTMENT_STATUS, FILE_KIND, FILE_STATUS, SEVERITY  # noqa: F401 (re-exported)
from dvht_batch.writers.xlsx_bulk import BulkRowsWorksheet
from dvht_batch.writers.xlsx_rows import RowsXml
from dvht_batch.writers.zip_splice import deflate

WORKBOOK_OPTIONS = {
    "strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False,
    "default_date_format": "dd/mm/yyyy",
}

MET, NOT_MET = "Đạt", "—"


class Styles:
    """Every format of a workbook, created once and reused (never one format per cell)."""

    def __init__(self, wb: xlsxwriter.Workbook):
        add = wb.add_format
        self.title = add({"bold": True, "font_size": 14})
        self.subtitle = add({"italic": True})
        self.header = add({"bold": True, "text_wrap": True, "align": "center", "valign": "vcenter",
                           "border": 1, "bg_color": "#DDEBF7"})
        self.label = add({"bold": True})
        self.label_wrap = add({"bold": True, "text_wrap": True})
        self.wrap = add({"text_wrap": True})
        self.int = add({"num_format": "#,##0"})
        self.points = add({"num_format": "0.00"})
        self.pct = add({"num_format": "0.00%"})
        self.date = add({"num_format": "dd/mm/yyyy"})
        self.bad = add({"bg_color": "#FFC7CE", "font_color": "#9C0006"})  # conditional formats
        self.bold = {None: self.label, "wrap": self.label, "int": add({"bold": True, "num_format": "#,##0"}),
                     "points": add({"bold": True, "num_format": "0.00"}),
                     "pct": add({"bold": True, "num_format": "0.00%"}), "date": self.label}


@dataclass(frozen=True)
class Col:
    header: str
    width: float
    style: str | None = None  # a Styles attribute applied to the whole column (cells carry no format)


LINE_HEIGHT = 15.0  # points per line of 11-pt text


def text_lines(text: object, width: float) -> int:
    """Lines a wrapped text needs in a column `width` characters wide (rough, errs on the tall side).

    Neither Excel nor LibreOffice reliably grows rows of a generated file to fit wrapped text, so the
    writers set the heights of rows holding long text themselves.
    """
    if not isinstance(text, str) or not text:
        return 1
    per_line = max(width * 1.05, 1.0)
    return sum(max(1, -(-len(part) // int(per_line))) for part in text.split("\n"))


def open_workbook(path: Path | BinaryIO, in_memory: bool = False) -> xlsxwriter.Workbook:
    """A workbook with our options, written to a path (or, `in_memory`, to a binary file object)."""
    if in_memory:
        return xlsxwriter.Workbook(path, {**WORKBOOK_OPTIONS, "in_memory": True})
    return xlsxwriter.Workbook(str(path), WORKBOOK_OPTIONS)


def write_table(ws, st: Styles, top: int, cols: Sequence[Col], rows: Iterable[Sequence] | None, freeze_cols: int = 0,
                count: int | None = None) -> int:
    """Header at row `top`, then the data rows; returns the last row used.

    Cells carry no format (the column's applies); None leaves the cell empty; a row with wrapped text is
    made tall enough for it. On a `BulkRowsWorksheet` the rows are rendered as XML at once (`xlsx_rows`)
    and put into the package when the workbook is finished (`zip_splice`) — or, with `rows` None, `count`
    rows are rendered elsewhere (the member sheet, in child processes). On a plain worksheet each value
    goes through xlsxwriter's typed call for its type.
    """
    for i, c in enumerate(cols):
        ws.set_column(i, i, c.width, getattr(st, c.style) if c.style else None)
    ws.write_row(top, 0, [c.header for c in cols], st.header)
    ws.set_row(top, LINE_HEIGHT * max(text_lines(c.header, c.width - 1) for c in cols))
    wrapped = [(i, c.width) for i, c in enumerate(cols) if c.style == "wrap"]
    if not isinstance(ws, BulkRowsWorksheet):
        last = _write_cells(ws, top, rows, wrapped)
    elif rows is None:
        last = ws.bulk_rows(top + 1, len(cols), count)
    else:
        rows = list(rows)
        last = ws.bulk_rows(top + 1, len(cols), len(rows))
        heights = [_row_height(values, wrapped) for values in rows] if wrapped else None
        ws.rendered = [deflate(RowsXml(ws.column_styles(len(cols))).chunks(rows, top + 2, heights))]
    ws.autofilter(top, 0, last, len(cols) - 1)
    ws.freeze_panes(top + 1, freeze_cols)
    ws.repeat_rows(top)
    return last


def _row_height(values: Sequence, wrapped: list[tuple[int, float]]) -> float | None:
    """The height a row needs for its wrapped texts (None: one line, the default)."""
    lines = max(text_lines(values[i], w) for i, w in wrapped)
    return LINE_HEIGHT * lines if lines > 1 else None


def _write_cells(ws, top: int, rows: Iterable[Sequence], wrapped: list[tuple[int, float]]) -> int:
    write_string, write_number, write = ws.write_string, ws.write_number, ws.write
    last = top
    for last, values in enumerate(rows, start=top + 1):
        if wrapped:
            height = _row_height(values, wrapped)
            if height is not None:
                ws.set_row(last, height)
        for col, value in enumerate(values):
            kind = value.__class__
            if kind is str:
                write_string(last, col, value)
            elif kind is int or kind is float:
                write_number(last, col, value)
            elif value is not None:
                write(last, col, value)  # dates (default_date_format), anything else
    return last


def print_setup(ws, title: str, left: str = "", right: str = "") -> None:
    """A4 landscape, one page wide, page header with the title, 'Trang x/y' in the footer."""
    def esc(text: str) -> str:
        return text[:70].replace("&", "&&")
    ws.set_paper(9)
    ws.set_landscape()
    ws.fit_to_pages(1, 0)
    ws.set_margins(left=0.4, right=0.4, top=0.75, bottom=0.6)
    ws.set_header(f"&L{esc(left)}&C&B{esc(title)}&R{esc(right)}")
    ws.set_footer("&CTrang &P/&N")
