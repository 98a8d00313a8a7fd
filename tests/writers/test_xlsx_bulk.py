"""The member sheet's rows written straight as XML (`xlsx_bulk`) show exactly what xlsxwriter's per-cell path
shows: the same workbook is written both ways and compared cell by cell (value, type, number format, font,
fill, alignment, border), with column widths, row heights, frozen panes, filters and print titles; the result
opens in openpyxl and in LibreOffice."""
from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

import openpyxl
import pytest
import xlsxwriter
from xlsxwriter.worksheet import Worksheet

from dvht_batch import scoring
from dvht_batch.writers import xlsx_consolidated
from dvht_batch.writers.docx import find_soffice
from dvht_batch.writers.xlsx_bulk import BulkRowsWorksheet
from dvht_batch.writers.xlsx_common import Col, Styles, open_workbook, write_table
from dvht_batch.writers.xlsx_consolidated import write_consolidated


def _cell(c) -> tuple:
    return (c.coordinate, c.value, c.data_type, c.number_format, c.font.b, c.font.i, c.font.sz,
            c.font.color.rgb if c.font.color else None, c.fill.fgColor.rgb, c.alignment.wrap_text,
            c.alignment.horizontal, c.alignment.vertical, c.border.left.style, c.protection.locked)


def _sheet(ws) -> dict:
    return {
        "cells": [_cell(c) for row in ws.iter_rows() for c in row if c.value is not None or c.has_style],
        "widths": {k: d.width for k, d in ws.column_dimensions.items()},
        "heights": {k: d.height for k, d in ws.row_dimensions.items() if d.height is not None},
        "freeze": ws.freeze_panes, "filter": ws.auto_filter.ref, "titles": ws.print_title_rows,
        "conditional": sorted(str(r.sqref) for r in ws.conditional_formatting),
        "page": (ws.page_setup.orientation, ws.page_setup.paperSize, ws.page_setup.fitToHeight,
                 ws.oddHeader.center.text, ws.oddFooter.center.text),
        "size": (ws.max_row, ws.max_column),
    }


def _book(path: Path) -> dict:
    wb = openpyxl.load_workbook(path)
    return {"sheets": wb.sheetnames, **{ws.title: _sheet(ws) for ws in wb.worksheets}}


def _both_ways(monkeypatch, tmp_path: Path, write) -> tuple[dict, dict]:
    bulk = write(tmp_path / "bulk.xlsx")
    with monkeypatch.context() as m:  # every sheet through xlsxwriter's per-cell path
        m.setattr(xlsx_consolidated, "BulkRowsWorksheet", Worksheet)
        m.setattr(BulkRowsWorksheet, "bulk_rows", lambda *a: pytest.fail("the per-cell path was not taken"))
        cells = write(tmp_path / "cells.xlsx")
    return _book(bulk), _book(cells)


@pytest.mark.parametrize("which", ["run_result", "levels_result"])
def test_consolidated_workbook_shows_the_same_both_ways(request, monkeypatch, tmp_path, which):
    result = request.getfixturevalue(which)
    bulk, cells = _both_ways(monkeypatch, tmp_path, lambda p: write_consolidated(result, p))
    assert bulk["Thanh_vien"]["size"][0] == 1 + len(result.unit.members)
    assert bulk == cells


def test_member_results_come_from_the_scoring(run_result, monkeypatch, tmp_path):
    """'Đạt 2a' … are read from the unit score's failing members, not computed again."""
    monkeypatch.setattr(scoring, "member_meets", lambda *a: pytest.fail("member_meets called again"))
    ws = openpyxl.load_workbook(write_consolidated(run_result, tmp_path / "t.xlsx"))["Thanh_vien"]
    head = {c.value: c.column for c in ws[1]}
    failing = {m.name for c in run_result.unit.score.criteria if c.code == "2a" for m in c.failing_members}
    shown = {ws.cell(r, 2).value: ws.cell(r, head["Đạt 2a"]).value for r in range(2, ws.max_row + 1)}
    assert {name for name, met in shown.items() if met == "—"} == failing and failing
    assert sum(met == "Đạt" for met in shown.values()) == run_result.unit.score.by_code()["2a"].count


TRICKY = ["<&>\"'", "ctrl\x01\x1f", "  spaces  ", "", "Đạt", "=1+1", "_x0041_", "x" * 40_000, "Nguyễn Thị Ánh"]


def _tricky_table(path: Path, bulk: bool) -> Path:
    wb = open_workbook(path)
    st = Styles(wb)
    ws = wb.add_worksheet("Bang", worksheet_class=BulkRowsWorksheet if bulk else Worksheet)
    cols = [Col("Chữ", 20), Col("Số", 8, "int"), Col("Tỷ lệ", 9, "pct"), Col("Điểm", 8, "points"), Col("Trống", 5)]
    rows = [[text, i, i / 7, 10 ** (i % 19) + 0.25, None] for i, text in enumerate(TRICKY)]
    rows += [[None, None, None, None, None], ["last", -0.0, 1e-12, 2 ** 60]]
    write_table(ws, st, 2, cols, rows, freeze_cols=1, count=len(rows))
    ws.write_string(0, 0, "Tiêu đề", st.title)
    wb.close()
    return path


def test_text_numbers_and_column_formats_as_xlsxwriter_writes_them(tmp_path):
    bulk, cells = _book(_tricky_table(tmp_path / "b.xlsx", True)), _book(_tricky_table(tmp_path / "c.xlsx", False))
    assert bulk == cells
    texts = {c[0]: c[1] for c in bulk["Bang"]["cells"] if c[0].startswith("A")}
    assert texts["A4"] == TRICKY[0] and texts["A6"] == "  spaces  " and texts["A8"] == "Đạt"
    assert len(texts["A11"]) == 32767  # Excel's limit, cut as write_string cuts
    assert {c[0][0]: c[3] for c in bulk["Bang"]["cells"] if c[0].endswith("4")} == {
        "A": "General", "B": "#,##0", "C": "0.00%", "D": "0.00"}


def test_bulk_rows_refuse_what_they_cannot_write(tmp_path):
    for bad in ([True], [object()], [float("nan")], ["a", "b"]):
        wb = xlsxwriter.Workbook(str(tmp_path / "x.xlsx"))
        ws = wb.add_worksheet("S", worksheet_class=BulkRowsWorksheet)
        ws.write_string(0, 0, "head")
        ws.bulk_rows(1, 1, [bad], 1)
        with pytest.raises((TypeError, ValueError)):
            wb.close()
    for rows, count in (([["a"], ["b"]], 1), ([["a"]], 2)):  # more or fewer rows than announced
        wb = xlsxwriter.Workbook(str(tmp_path / "z.xlsx"))
        ws = wb.add_worksheet("S", worksheet_class=BulkRowsWorksheet)
        ws.write_string(0, 0, "head")
        ws.bulk_rows(1, 1, rows, count)
        with pytest.raises(ValueError):
            wb.close()
    wb = xlsxwriter.Workbook(str(tmp_path / "y.xlsx"))
    ws = wb.add_worksheet("S", worksheet_class=BulkRowsWorksheet)
    ws.write_string(0, 0, "head")
    ws.bulk_rows(1, 1, [["a"], ["b"]], 2)
    ws.write_string(2, 0, "among the bulk rows")
    with pytest.raises(ValueError):
        wb.close()


@pytest.mark.skipif(find_soffice() is None, reason="LibreOffice (soffice) not installed")
def test_libreoffice_loads_the_member_sheet(run_result, tmp_path):
    path = write_consolidated(run_result, tmp_path / "tong_hop.xlsx")
    out = tmp_path / "lo"
    with tempfile.TemporaryDirectory() as profile:
        done = subprocess.run([find_soffice(), f"-env:UserInstallation={Path(profile).as_uri()}", "--headless",
                               "--norestore", "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", str(out),
                               str(path)], capture_output=True, text=True, timeout=180)
    assert (out / "tong_hop.xlsx").is_file(), done.stderr
    ours, theirs = openpyxl.load_workbook(path), openpyxl.load_workbook(out / "tong_hop.xlsx")
    rows = [[c.value for c in r] for r in ours["Thanh_vien"].iter_rows()]
    assert [[c.value for c in r] for r in theirs["Thanh_vien"].iter_rows()] == rows
    assert len(rows) == 1 + len(run_result.unit.members) and theirs.sheetnames == ours.sheetnames
