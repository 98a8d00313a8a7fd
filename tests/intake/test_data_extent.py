"""Reading no more than the data (intake/data_extent.py): a form's trailing formatted empty rows are cut before
python-calamine parses the sheet, and everything read is the same as the full read — calamine's rows of
every sheet, and every FileRecord (members, findings) — on forms as clerks send them."""
from __future__ import annotations

import io
import shutil
import subprocess
import uuid
import zipfile
from dataclasses import asdict
from pathlib import Path

import openpyxl
import pytest
import python_calamine as calamine
from builders import member as builder_member
from builders import rewrite_member, unit_sheets, write_department, write_xlsx
from openpyxl.styles import Border, PatternFill, Side
from test_round_trip import fill_department, fill_unit, make_templates, member

from dvht_batch.intake import safety, workbook, zip_checks
from dvht_batch.intake.data_extent import data_only, empty_tail
from dvht_batch.models import FileRecord

SAMPLE = Path(__file__).resolve().parents[2] / "sample_data" / "phong" / "VP_11-2025.xlsx"
SHEET = "xl/worksheets/sheet2.xml"  # Thanh_vien in the builders' workbooks
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
COLUMNS = [chr(65 + i) for i in range(19)]


def styled_rows(first: int, last: int, cell: bytes = b'<c r="%s%d" s="3"/>', row: bytes = b'<row r="%d">') -> bytes:
    """Formatted empty rows A..S: `<c r="B7" s="3"/>` (Excel) unless `cell` says otherwise (with or without
    its reference)."""
    def one(c: str, r: int) -> bytes:
        return cell % (c.encode(), r) if b"%" in cell else cell
    return b"".join(row % r + b"".join(one(c, r) for c in COLUMNS) + b"</row>" for r in range(first, last + 1))


def with_rows(path: Path, rows: bytes, part: str = SHEET) -> bytes:
    rewrite_member(path, part, lambda d: d.replace(b"</sheetData>", rows + b"</sheetData>"))
    return path.read_bytes()


def calamine_rows(data: bytes) -> dict[str, list]:
    with calamine.CalamineWorkbook.from_filelike(io.BytesIO(data)) as wb:
        return {name: wb.get_sheet_by_name(name).to_python(skip_empty_area=False) for name in wb.sheet_names}


def both_ways(data: bytes, suffix: str = ".xlsx") -> tuple[bytes, bytes]:
    """The bytes calamine reads with the cut, and without."""
    checked = safety.check_workbook_bytes(data, suffix, keep=lambda name: True)
    return data_only(data, checked), data


def records(data: bytes, config, rules, monkeypatch, suffix: str = ".xlsx") -> tuple[dict, dict]:
    """The FileRecord of `data` read the fast way, then the straightforward way (the whole sheets)."""
    def read() -> dict:
        record = FileRecord(path="VP.xlsx", source=Path("VP.xlsx"))
        return asdict(workbook.read_bytes(data, suffix, record, config, rules))

    fast = read()
    with monkeypatch.context() as m:
        m.setattr(workbook, "data_only", lambda data, checked: data)
        full = read()
    return fast, full


def sheet_size(data: bytes, part: str = SHEET) -> int:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return z.getinfo(part).file_size


def assert_same(data: bytes, config, rules, monkeypatch, cut: bool, part: str = SHEET) -> dict:
    """Calamine's rows of every sheet and the FileRecord are the same both ways; the sheet was cut or not."""
    short, full = both_ways(data)
    assert calamine_rows(short) == calamine_rows(full)
    assert (sheet_size(short, part) < sheet_size(full, part)) is cut
    fast, straight = records(data, config, rules, monkeypatch)
    assert fast == straight
    return fast


def test_the_sample_form_is_read_without_its_300_formatted_rows(config, rules, monkeypatch):
    data = SAMPLE.read_bytes()
    record = assert_same(data, config, rules, monkeypatch, cut=True, part="xl/worksheets/sheet3.xml")
    assert record["members"]
    short, _ = both_ways(data)
    assert sheet_size(short, "xl/worksheets/sheet3.xml") < sheet_size(data, "xl/worksheets/sheet3.xml") / 2


@pytest.mark.parametrize("cell", [b'<c r="%s%d" s="3"/>', b'<c r="%s%d" s="3" t="n"></c>', b"<c s=\"3\"/>"],
                         ids=["excel", "openpyxl", "without-r"])
def test_trailing_formatted_rows_are_cut(tmp_path, config, rules, monkeypatch, cell):
    path = write_department(tmp_path / "VP.xlsx", [builder_member("Trần Văn Bình"), builder_member("Lê Thị Cúc")])
    data = with_rows(path, styled_rows(20, 300, cell))
    record = assert_same(data, config, rules, monkeypatch, cut=True)
    assert [m["name"] for m in record["members"]] == ["Trần Văn Bình", "Lê Thị Cúc"]


def test_a_stray_value_far_below_the_data_is_read(tmp_path, config, rules, monkeypatch):
    """Formatted rows, a value at row 250 (a member typed far below), formatted rows again: cut after row 250."""
    path = write_department(tmp_path / "VP.xlsx", [builder_member("Trần Văn Bình")])
    stray = ('<row r="250"><c r="A250"><v>2</v></c><c r="B250" t="inlineStr"><is><t>Lê Thị Cúc</t></is></c>'
             "</row>").encode()
    data = with_rows(path, styled_rows(20, 249) + stray + styled_rows(251, 300))
    assert_same(data, config, rules, monkeypatch, cut=True)
    short, _ = both_ways(data)
    assert calamine_rows(short)["Thanh_vien"][249][1] == "Lê Thị Cúc"


@pytest.mark.parametrize("rows", [
    styled_rows(20, 300, row=b'<row r="%d" hidden="1" customFormat="1" s="2" spans="1:19" x14ac:dyDescent="0.25">'),
    styled_rows(20, 300, row=b'<row r="%d" hidden="true" ht="12.8" customHeight="false" outlineLevel="0">'),
    b'<row r="20" hidden="1"/>' * 5 + b"\n  " + styled_rows(21, 300),
], ids=["hidden-excel", "hidden-libreoffice", "self-closing-rows"])
def test_hidden_and_self_closing_rows_are_cut(tmp_path, config, rules, monkeypatch, rows):
    data = with_rows(write_department(tmp_path / "VP.xlsx", [builder_member("Trần Văn Bình")]), rows)
    assert_same(data, config, rules, monkeypatch, cut=True)


def test_hidden_rows_holding_members_are_read(tmp_path, config, rules, monkeypatch):
    path = write_department(tmp_path / "VP.xlsx", [builder_member("Trần Văn Bình"), builder_member("Lê Thị Cúc")])
    rewrite_member(path, SHEET, lambda d: d.replace(b'<row r="3"', b'<row r="3" hidden="1"'))
    data = with_rows(path, styled_rows(20, 300))
    record = assert_same(data, config, rules, monkeypatch, cut=True)
    assert len(record["members"]) == 2


@pytest.mark.parametrize("tail", [
    b'<row r="300"><c r="A0" s="1"/></row>',             # row 0: calamine refuses the reference
    b'<row r="300"><c r="!!" s="1"></c></row>',          # not a reference
    b'<row r="300"><c r="A300 " s="1"/></row>',
    b'<row r="0"><c s="1"/></row>',
    b'<row r="300"><c r="A300" r="!!" s="1"/></row>',    # a second r
], ids=["row-0", "not-a-reference", "space", "row-tag-0", "second-r"])
def test_a_reference_calamine_refuses_is_never_cut_away(tmp_path, config, rules, monkeypatch, tail):
    data = with_rows(write_department(tmp_path / "VP.xlsx"), styled_rows(20, 299) + tail)
    short, full = both_ways(data)
    assert short is full  # nothing cut: the file is refused as before
    fast, straight = records(data, config, rules, monkeypatch)
    assert fast == straight and any(f["code"] == "unreadable" for f in fast["findings"])


@pytest.mark.parametrize("tail", [
    b'<row r="300"><c r="A300"><f>1+1</f></c></row>',                   # a formula without its value
    b'<row r="300"><c r="A300" t="inlineStr"><is><t></t></is></c></row>',  # an empty text: calamine extends the sheet
    b'<row r="300"><c r="A300"><v></v></c></row>',
    b'<row r="300"><c r="A300" t="n"> </c></row>',                       # text inside the cell tag
    b"<row r='300'><c r='A300' s='1'/></row>",                           # other quotes
    b'<row r="300"><c s="1" r="A300"/></row>',                           # r not first
    b'<row r="300"><x:c r="A300" s="1"/></row>',
    b'<row r="300"><c r="A300" s="1"/><!-- x --></row>',
    b'<row r="300"><c r="A300" s="1"/><extLst/></row>',
], ids=["formula", "empty-text", "empty-v", "text", "quotes", "r-second", "prefix", "comment", "other-element"])
def test_anything_but_plain_empty_cells_ends_the_cut(tmp_path, config, rules, monkeypatch, tail):
    data = with_rows(write_department(tmp_path / "VP.xlsx", [builder_member("Trần Văn Bình")]),
                     styled_rows(20, 299) + tail)
    short, full = both_ways(data)
    assert calamine_rows(short) == calamine_rows(full)
    assert short is full  # the last row is not plain: nothing after the data is only empty rows
    fast, straight = records(data, config, rules, monkeypatch)
    assert fast == straight


def test_a_sheet_of_empty_rows_only(tmp_path, config, rules, monkeypatch):
    path = write_xlsx(tmp_path / "VP.xlsx", {"Thong_tin": [["Mã phòng", "VP"]], "Thanh_vien": [["x"]]})
    rewrite_member(path, SHEET, lambda d: d[:d.index(b"<sheetData>")] + b"<sheetData>" + styled_rows(1, 300)
                   + d[d.index(b"</sheetData>"):])
    assert_same(path.read_bytes(), config, rules, monkeypatch, cut=True)


def test_a_unit_form_is_cut_too(tmp_path, config, rules, monkeypatch):
    path = write_xlsx(tmp_path / "DV.xlsx", unit_sheets())
    data = with_rows(path, styled_rows(40, 200))
    record = assert_same(data, config, rules, monkeypatch, cut=True)
    assert record["unit_inputs"]


def test_empty_tail_on_xml():
    head, end = b"<worksheet><sheetData>", b"</sheetData><mergeCells/></worksheet>"
    data = b'<row r="1"><c r="A1"><v>1</v></c></row>'
    xml = head + data + styled_rows(2, 120) + end
    assert empty_tail(xml) == (len(head + data), True)
    assert empty_tail(head + data + end) is None
    assert empty_tail(b"<worksheet><sheetData/></worksheet>") is None
    cdata = b'<row r="2"><c r="A2" t="inlineStr"><is><t><![CDATA[<row r="3"><c r="A3"/></row>]]></t></is></c></row>'
    assert empty_tail(head + cdata + end) is None  # a row inside a text is not a row


def format_rows(path: Path, sheet: str, last: int) -> None:
    """A clerk's block of formatted rows below the data (borders, a fill, a number format), saved by openpyxl."""
    wb = openpyxl.load_workbook(path)
    ws = wb[sheet]
    thin = Side(style="thin")
    border, fill = Border(left=thin, right=thin, top=thin, bottom=thin), PatternFill("solid", fgColor="FFF2CC")
    for r in range(2, last + 1):
        for col in range(1, ws.max_column + 1):
            cell = ws.cell(r, col)
            cell.border, cell.number_format = border, "0" if col == 3 else cell.number_format
            if col == 2:
                cell.fill = fill
    wb.save(path)


@pytest.fixture(scope="module")
def templates_filled(tmp_path_factory) -> Path:
    """The generated templates filled in by a clerk (openpyxl), with a block of formatted rows below the data."""
    tmp_path = tmp_path_factory.mktemp("mau")
    mau = make_templates(tmp_path)
    fill_department(mau / "VP_2025-12.xlsx", [member("Trần Văn Bình"), member("Lê Thị Cúc", ok=False)])
    format_rows(mau / "VP_2025-12.xlsx", "Thanh_vien", 300)
    fill_unit(mau / "STN_don_vi_2025-12.xlsx")
    format_rows(mau / "STN_don_vi_2025-12.xlsx", "Tieu_chi", 100)
    return mau


def test_filled_templates_read_the_same(templates_filled, config, rules, monkeypatch):
    for path in sorted(templates_filled.glob("*.xlsx")):
        data = path.read_bytes()
        short, full = both_ways(data)
        assert calamine_rows(short) == calamine_rows(full), path.name
        fast, straight = records(data, config, rules, monkeypatch)
        assert fast == straight, path.name
    department = (templates_filled / "VP_2025-12.xlsx").read_bytes()
    assert both_ways(department)[0] is not department  # its formatted rows were cut


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_files_saved_by_libreoffice_read_the_same(templates_filled, tmp_path, config, rules, monkeypatch):
    profile = Path("/tmp") / f"lo-profile-{uuid.uuid4().hex}"
    try:
        subprocess.run([SOFFICE, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
                        "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", str(tmp_path),
                        *map(str, sorted(templates_filled.glob("*.xlsx")))], check=True, capture_output=True,
                       timeout=240)
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    saved = sorted(tmp_path.glob("*.xlsx"))
    assert len(saved) == len(list(templates_filled.glob("*.xlsx")))
    for path in saved:
        data = path.read_bytes()
        short, full = both_ways(data)
        assert calamine_rows(short) == calamine_rows(full), path.name
        fast, straight = records(data, config, rules, monkeypatch)
        assert fast == straight, path.name
    department = (tmp_path / "VP_2025-12.xlsx").read_bytes()
    assert both_ways(department)[0] is not department  # LibreOffice keeps the formatted rows: cut


def test_only_the_forms_sheets_are_kept_in_memory(templates_filled):
    """The scan keeps the XML of the sheets read (a hostile file's other sheets are never held whole)."""
    data = (templates_filled / "VP_2025-12.xlsx").read_bytes()
    assert set(safety.check_workbook_bytes(data, ".xlsx", keep=workbook._is_form_sheet).sheet_xml) \
        == {"Thong_tin", "Thanh_vien"}
    assert safety.check_workbook_bytes(data, ".xlsx").sheet_xml == {}


# --- the safety scan's quick look reads the rows before an ordinary empty tail only --------------------------

FAR_TAILS = {  # trailing empty rows whose cells the quick look does not call ordinary: it reads them as before
    "two-letters": b'<c r="A%s%d" s="3"/>',
    "far-open-cell": b'<c r="X%sD%d" s="3" t="n"></c>',    # not self-closing: the exact walk counts it
    "without-r": b"<c s=\"3\"/>",
}
TAB = b'<c\tr="%s%d" s="3"/>'  # the quick look reads a tab as a space: ordinary


@pytest.mark.parametrize("cell", [b'<c r="%s%d" s="3"/>', b'<c r="%s%d" s="3" t="n"></c>', TAB],
                         ids=["excel", "openpyxl", "tab"])
def test_an_ordinary_tail_is_found_ordinary(cell):
    xml = b"<worksheet><sheetData>" + b'<row r="1"><c r="A1"><v>1</v></c></row>' + styled_rows(2, 9999, cell) \
        + b"</sheetData></worksheet>"
    assert empty_tail(xml).ordinary


@pytest.mark.parametrize("cell", list(FAR_TAILS.values()) + [b'<c r="%s%d" s="3"/>'],
                         ids=list(FAR_TAILS) + ["row-10000"])
def test_a_tail_of_other_cells_is_not_ordinary(cell):
    first = 10000 if cell == b'<c r="%s%d" s="3"/>' else 2
    xml = b"<worksheet><sheetData>" + styled_rows(first, first + 3, cell) + b"</sheetData></worksheet>"
    found = empty_tail(xml)
    assert found is not None and not found.ordinary


def measured(data: bytes, keep) -> tuple:
    """What the scan found: each sheet's extent and the largest, or the refusal."""
    try:
        checked = safety.check_workbook_bytes(data, ".xlsx", keep=keep)
    except safety.Refused as refused:
        return ("refused", refused.message_id, refused.fields)
    return ({name: (e.rows, e.cols) for name, e in checked.extents.items()}, (checked.largest.rows, checked.largest.cols))


@pytest.mark.parametrize("tail", ["ordinary", "tab", "row-10000", *FAR_TAILS])
def test_the_scan_measures_the_same_whether_it_looks_at_the_tail_or_not(tmp_path, tail):
    """A kept sheet (the form's) is looked at without its ordinary empty tail; a sheet not kept, whole, chunk by
    chunk: both give the same extents, or the same refusal, whatever the tail holds."""
    cell = TAB if tail == "tab" else FAR_TAILS.get(tail, b'<c r="%s%d" s="3"/>')
    first = 10000 if tail == "row-10000" else 20
    data = with_rows(write_department(tmp_path / "VP.xlsx", [builder_member("Trần Văn Bình")]),
                     styled_rows(first, first + 280, cell))
    assert measured(data, keep=workbook._is_form_sheet) == measured(data, keep=None)


def test_the_quick_look_reads_only_the_rows_before_an_ordinary_tail(monkeypatch, templates_filled):
    """The clerk's form of the sample: its 300 formatted rows are not looked at, its data rows are."""
    looked: list[int] = []
    quick_look = zip_checks._needs_exact_extent

    def recording(window: bytes) -> bool:
        looked.append(len(window))
        return quick_look(window)

    monkeypatch.setattr(zip_checks, "_needs_exact_extent", recording)
    safety.check_workbook_bytes(SAMPLE.read_bytes(), ".xlsx", keep=workbook._is_form_sheet)
    size = sheet_size(SAMPLE.read_bytes(), "xl/worksheets/sheet3.xml")
    assert looked and max(looked) < size / 2  # the member sheet: its head only
    looked.clear()
    safety.check_workbook_bytes(SAMPLE.read_bytes(), ".xlsx")  # nothing kept: every sheet looked at whole
    assert sum(looked) >= size
