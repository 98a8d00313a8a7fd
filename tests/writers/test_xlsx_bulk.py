"""The member sheet's rows rendered as XML apart (`xlsx_rows`, in child processes or here) and spliced into the
package (`zip_splice`) show exactly what xlsxwriter's per-cell path shows: the same workbook is written every
way and compared cell by cell (value, type, number format, font, fill, alignment, border), with column
widths, row heights, frozen panes, filters and print titles; the result opens in openpyxl, python-calamine
and LibreOffice."""
from __future__ import annotations

import os
import random
import subprocess
import tempfile
import zipfile
import zlib
from io import BytesIO
from pathlib import Path

import openpyxl
import pytest
import xlsxwriter
from python_calamine import CalamineWorkbook
from xlsxwriter.worksheet import Worksheet

from dvht_batch.assess import scoring
from dvht_batch.writers.docx import find_soffice
from dvht_batch.writers import in_parallel
from dvht_batch.writers.xlsx_bulk import BulkRowsWorksheet
from dvht_batch.writers.xlsx_common import Col, Styles, open_workbook, write_table
from dvht_batch.writers.xlsx_consolidated import start_consolidated, write_consolidated
from dvht_batch.writers.xlsx_rows import RowsXml
from dvht_batch.writers.zip_splice import crc32_combine, deflate, joined, splice


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


@pytest.mark.parametrize("which", ["run_result", "levels_result"])
def test_consolidated_workbook_shows_the_same_all_ways(request, monkeypatch, tmp_path, which):
    """Rows rendered here, rows rendered in two child processes, every cell through xlsxwriter: the same."""
    result = request.getfixturevalue(which)
    cells = _book(write_consolidated(result, tmp_path / "cells.xlsx", cell_by_cell=True))
    serial = _book(write_consolidated(result, tmp_path / "serial.xlsx", parallel=False))
    monkeypatch.setattr(in_parallel, "FORK_FROM_MEMBERS", 2)
    pending = start_consolidated(result, tmp_path / "forked.xlsx")
    assert pending.forked == 2, "the rows were not rendered in child processes"
    forked = _book(pending.finish())
    assert serial["Thanh_vien"]["size"][0] == 1 + len(result.unit.members)
    assert serial == cells
    assert forked == cells
    assert _parts(tmp_path / "forked.xlsx") == _parts(tmp_path / "serial.xlsx")


def _parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        assert zf.testzip() is None
        return {name: zf.read(name) for name in zf.namelist()}


def test_a_failed_child_is_done_again_here(run_result, monkeypatch, tmp_path):
    """A child that dies (killed, out of memory) costs time, not the rows."""
    monkeypatch.setattr(in_parallel, "FORK_FROM_MEMBERS", 2)
    monkeypatch.setattr(in_parallel, "_run_piece", lambda work, i, send: os._exit(3) if i == 1 else None)
    pending = start_consolidated(run_result, tmp_path / "t.xlsx")
    assert pending.forked == 2
    assert _parts(pending.finish()) == _parts(write_consolidated(run_result, tmp_path / "s.xlsx", parallel=False))


def test_member_results_come_from_the_scoring(run_result, tmp_path):
    """'Đạt 2a' … are read from the unit score's failing members, not computed again: a member the scoring
    lists as failing 2a shows '—' although the answers meet it, and one it leaves out shows 'Đạt'."""
    [c2a] = [c for c in run_result.unit.score.criteria if c.code == "2a"]
    counted = [m for m in run_result.unit.members if not m.excluded]
    failing = [m for m in counted if not scoring.member_meets(_rule(run_result, "2a"), m)]
    meeting = [m for m in counted if m not in failing]
    assert failing and meeting and c2a.failing_members == failing
    c2a.failing_members = [meeting[0], *failing[1:]]  # the scoring's word, whatever the answers say
    ws = openpyxl.load_workbook(write_consolidated(run_result, tmp_path / "t.xlsx"))["Thanh_vien"]
    head = {c.value: c.column for c in ws[1]}
    shown = {(ws.cell(r, 1).value, ws.cell(r, head["Dòng"]).value): ws.cell(r, head["Đạt 2a"]).value
             for r in range(2, ws.max_row + 1)}
    assert {key for key, met in shown.items() if met == "—"} == {(m.department, m.row) for m in c2a.failing_members}
    assert shown[(failing[0].department, failing[0].row)] == "Đạt"


def _rule(result, code: str):
    return next(c for c in result.rule_set.criteria if c.code == code)


TRICKY = ["<&>\"'", "ctrl\x01\x1f", "  spaces  ", "", "Đạt", "=1+1", "_x0041_", "x" * 40_000, "Nguyễn Thị Ánh",
          "\x1c starts with a control", "<r>not rich text</r>", "tab\tand\nnew line"]


def _tricky_table(path: Path, bulk: bool) -> Path:
    """A table written cell by cell by xlsxwriter, or with its rows rendered apart in two pieces and spliced in."""
    buffer = BytesIO()
    wb = open_workbook(buffer, in_memory=True)
    st = Styles(wb)
    ws = wb.add_worksheet("Bang", worksheet_class=BulkRowsWorksheet if bulk else Worksheet)
    cols = [Col("Chữ", 20), Col("Số", 8, "int"), Col("Tỷ lệ", 9, "pct"), Col("Điểm", 8, "points"), Col("Trống", 5)]
    rows = [[text, i, i / 7, 10 ** (i % 19) + 0.25, None] for i, text in enumerate(TRICKY)]
    rows += [[None, None, None, None, None], ["last", -0.0, 1e-12, 2 ** 60], [TRICKY[0], 1.0, 1, None]]
    write_table(ws, st, 2, cols, rows, freeze_cols=1, count=len(rows))
    ws.write_string(0, 0, "Tiêu đề", st.title)
    styles = ws.column_styles(len(cols)) if bulk else None
    wb.close()
    with open(path, "wb") as out:
        if not bulk:
            out.write(buffer.getvalue())
            return path
        pieces = [deflate(RowsXml(styles).chunks(rows[a:b], first_number=4 + a, size=100))
                  for a, b in ((0, 5), (5, len(rows)))]
        splice(buffer.getvalue(), out, {ws.marker: pieces})
    return path


def test_text_numbers_and_column_formats_as_xlsxwriter_writes_them(tmp_path):
    bulk, cells = _book(_tricky_table(tmp_path / "b.xlsx", True)), _book(_tricky_table(tmp_path / "c.xlsx", False))
    # Two cells differ on purpose. xlsxwriter writes a text shaped like rich-text XML raw (an empty cell
    # shows); we write the text. And openpyxl does not undo Excel's `_xHHHH_` escape in inline strings
    # (Excel, LibreOffice and python-calamine do: checked below), so it shows the escaped form.
    differing = {c[0] for c in bulk["Bang"]["cells"]} ^ {c[0] for c in cells["Bang"]["cells"]}
    assert not differing
    changed = {b[0]: (b[1], c[1]) for b, c in zip(bulk["Bang"]["cells"], cells["Bang"]["cells"]) if b != c}
    assert changed == {"A10": ("_x005F_x0041_", "_x0041_"), "A14": ("<r>not rich text</r>", "")}
    for sheet in (bulk, cells):
        sheet["Bang"]["cells"] = [c for c in sheet["Bang"]["cells"] if c[0] not in changed]
    assert bulk == cells
    texts = {c[0]: c[1] for c in bulk["Bang"]["cells"] if c[0].startswith("A")}
    assert texts["A4"] == TRICKY[0] and texts["A6"] == "  spaces  " and texts["A8"] == "Đạt"
    assert len(texts["A11"]) == 32767  # Excel's limit, cut as write_string cuts
    assert {c[0][0]: c[3] for c in bulk["Bang"]["cells"] if c[0].endswith("4")} == {
        "A": "General", "B": "#,##0", "C": "0.00%", "D": "0.00"}
    with CalamineWorkbook.from_path(str(tmp_path / "b.xlsx")) as wb:
        shown = [row[0] for row in wb.get_sheet_by_name("Bang").to_python()[3:3 + len(TRICKY)]]
    assert shown[:7] + shown[8:] == TRICKY[:7] + TRICKY[8:] and len(shown[7]) == 32767


def test_bulk_rows_refuse_what_they_cannot_write(tmp_path):
    for bad in ([True], [object()], [float("nan")], ["a", "b"]):
        with pytest.raises((TypeError, ValueError)):
            list(RowsXml([None]).rows([bad], 2))
    wb = xlsxwriter.Workbook(str(tmp_path / "y.xlsx"))
    ws = wb.add_worksheet("S", worksheet_class=BulkRowsWorksheet)
    ws.write_string(0, 0, "head")
    ws.bulk_rows(1, 1, 2)
    ws.write_string(2, 0, "among the bulk rows")
    with pytest.raises(ValueError):
        wb.close()
    plain = BytesIO()
    wb = xlsxwriter.Workbook(plain, {"in_memory": True})
    wb.add_worksheet("S").write_string(0, 0, "no marker")
    wb.close()
    with pytest.raises(ValueError, match="no worksheet part holds"):
        splice(plain.getvalue(), BytesIO(), {b"<!--dvht:rows:0-->": []})


def test_crc_of_joined_pieces():
    rng = random.Random(16)
    for _ in range(200):
        a, b = rng.randbytes(rng.randrange(0, 3000)), rng.randbytes(rng.randrange(0, 3000))
        assert crc32_combine(zlib.crc32(a), zlib.crc32(b), len(b)) == zlib.crc32(a + b)
    pieces = [deflate([b"abc" * 1000]), deflate([b""]), deflate([b"xyz", b"abc"], last=True)]
    whole = joined(pieces)
    assert zlib.decompress(whole.data, -15) == b"abc" * 1000 + b"xyzabc"
    assert whole.crc == zlib.crc32(b"abc" * 1000 + b"xyzabc") and whole.size == 3006


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
