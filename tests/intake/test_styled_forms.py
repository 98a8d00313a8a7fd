"""Forms as clerks send them: a block of formatted empty rows and custom column widths. The safety scan
takes its quick look over such sheets (no walk cell by cell) and still measures every far cell; the
exact walk, when it runs, places cells exactly as before."""
from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from builders import rewrite_member, write_department

from dvht_batch.intake import safety, zip_checks

SAMPLE = Path(__file__).resolve().parents[2] / "sample_data" / "phong" / "VP_11-2025.xlsx"
SHEET = "xl/worksheets/sheet2.xml"  # Thanh_vien in the builders' workbooks
WIDTHS = b'<cols><col min="1" max="19" width="9.140625" customWidth="1"/></cols>'


def _styled_block(first: int, last: int, closing: bool) -> bytes:
    """Rows of formatted empty cells A..S: `<c r="B7" s="3"/>` (Excel) or `<c …></c>` (openpyxl)."""
    cols = [chr(65 + i) for i in range(19)]
    cell = b'<c r="%s%d" s="3" t="n"></c>' if closing else b'<c r="%s%d" s="3"/>'
    return b"".join(b'<row r="%d">' % r + b"".join(cell % (c.encode(), r) for c in cols) + b"</row>"
                    for r in range(first, last + 1))


def _form(tmp_path: Path, closing: bool, extra: bytes = b"") -> bytes:
    path = write_department(tmp_path / "VP.xlsx")
    rewrite_member(path, SHEET, lambda d: d.replace(b"<sheetData>", WIDTHS + b"<sheetData>")
                   .replace(b"</sheetData>", _styled_block(20, 300, closing) + extra + b"</sheetData>"))
    return path.read_bytes()


@pytest.fixture
def walked(monkeypatch) -> list[str]:
    parts: list[str] = []
    original = zip_checks._grow_exact
    monkeypatch.setattr(zip_checks, "_grow_exact", lambda zf, data, info, extent, utf16: parts.append(info.filename)
                        or original(zf, data, info, extent, utf16))
    return parts


def test_sample_form_with_300_formatted_rows_is_not_walked(walked):
    data = SAMPLE.read_bytes()
    with zipfile.ZipFile(SAMPLE) as z:  # what makes the sample a clerk's form
        members = z.read("xl/worksheets/sheet3.xml")
    assert members.count(b"<c ") > 5000 and b'width="5.7109375"' in members
    safety.check_workbook_bytes(data, ".xlsx")
    assert walked == []


@pytest.mark.parametrize("closing", [False, True], ids=["excel-self-closing", "openpyxl-open-close"])
def test_formatted_empty_rows_and_column_widths_take_the_quick_look(tmp_path, walked, closing):
    safety.check_workbook_bytes(_form(tmp_path, closing), ".xlsx")
    assert walked == []


@pytest.mark.parametrize("cell, rows, cols", [
    (b'<c r="A12345"><v>1</v></c>', 12345, 19),
    (b'<c r="AB123456"><v>1</v></c>', 123456, 28),
    (b'<c r="XFD1048576"><v>1</v></c>', 1048576, 16384),
])
def test_a_far_cell_after_the_formatted_block_is_still_measured(tmp_path, walked, cell, rows, cols):
    data = _form(tmp_path, False, b'<row r="%d">' % rows + cell + b"</row>")
    extent = safety.check_workbook_bytes(data, ".xlsx").extent("Thanh_vien")
    assert (extent.rows, extent.cols) == (rows, cols)
    assert walked == [SHEET]


@pytest.mark.parametrize("rows_xml, rows, cols", [
    # a value after a self-closing (empty) cell with `r`: placed right after it
    (b'<row r="5"><c r="C5" s="1"/><c><v>1</v></c></row>', 5, 4),
    # empty cells alone grow nothing; <c …></c> counts (openpyxl writes empty cells that way)
    (b'<row r="5"><c r="Z5" s="1"/></row><row r="6"><c r="D6" s="1" t="n"></c></row>', 6, 4),
    # a row without `r` follows the previous one; a cell without `r` starts at column A
    (b'<row r="8"><c r="B8"><v>1</v></c></row><row><c><v>1</v></c><c><v>2</v></c></row>', 9, 2),
    # `r` not first, single quotes, a namespace prefix
    (b'<row r="3"><x:c t="n" r=\'GZ3\'><v>1</v></x:c></row>', 3, 208),
    # a cell before any row tag sits on the first row
    (b'<c r="XX"><v>1</v></c>', 1, 1),
    # a row whose r is not a number counts on from the previous one
    (b'<row r="40"/><row r="A7"><c><v>1</v></c></row>', 41, 1),
])
def test_exact_walk_places_every_cell(tmp_path, rows_xml, rows, cols):
    path = write_department(tmp_path / "VP.xlsx")
    rewrite_member(path, SHEET, lambda d: d[:d.index(b"<sheetData>")] + b"<sheetData>" + rows_xml
                   + d[d.index(b"</sheetData>"):])
    data = path.read_bytes()
    with zipfile.ZipFile(path) as z:
        info = z.getinfo(SHEET)
        extent = safety.Extent()
        zip_checks._grow_exact(z, data, info, extent, False)
    assert (extent.rows, extent.cols) == (rows, cols)


@pytest.mark.parametrize("text, possible", [
    (b"Danh_muc!$A$2 Danh_muc!$B$2", False),
    (b"!" * 3, False),
    (b"Danh_muc!$A$2<!DOCTYPE x>", True),
    (b"!<!ENTITY a 'b'>", True),
    (b"<!DOCTYPE x>", True),
    ("<!DOCTYPE x>".encode("utf-16-le"), True),
    ("<!DOCTYPE x>".encode("utf-16-be"), True),
])
def test_a_declaration_is_looked_for_wherever_a_bang_follows_a_bracket(text, possible):
    assert zip_checks._declaration_possible(text) is possible


def test_doctype_after_drop_down_formulas_is_refused(tmp_path):
    path = write_department(tmp_path / "VP.xlsx")
    formulas = b"".join(b'<dataValidation sqref="F2:F301" type="list"><formula1>Danh_muc!$A$2:$A$3</formula1>'
                        b"</dataValidation>" for _ in range(20))
    rewrite_member(path, SHEET, lambda d: d.replace(b"</worksheet>", b"<dataValidations>" + formulas
                                                    + b"</dataValidations><!DOCTYPE x></worksheet>"))
    with pytest.raises(safety.Refused) as refused:
        safety.check_workbook_bytes(path.read_bytes(), ".xlsx")
    assert refused.value.code == "xml-doctype"
