"""The measuring of worksheets before calamine: every way of writing a far cell is seen, ordinary sheets are not
walked cell by cell, and references calamine would turn into an absurd allocation are refused."""
import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from builders import department_sheets, rewrite_member, write_department, write_xlsx

from dvht_batch.intake import safety, zip_checks

SHEET = "xl/worksheets/sheet2.xml"  # Thanh_vien in the builders' workbooks


def _with_row(tmp_path, row: bytes) -> bytes:
    path = write_department(tmp_path / "VP.xlsx")
    rewrite_member(path, SHEET, lambda d: d.replace(b"</sheetData>", row + b"</sheetData>"))
    return path.read_bytes()


def _members_extent(data: bytes) -> safety.Extent:
    return safety.check_workbook_bytes(data, ".xlsx").extent("Thanh_vien")


@pytest.mark.parametrize("cell, rows, cols", [
    (b'<c r="XFD7" t="inlineStr"><is><t>x</t></is></c>', 7, 16384),
    (b'<c r="xfd7"><v>1</v></c>', 7, 16384),                       # lowercase
    (b'<c\tr="XFD7"><v>1</v></c>', 7, 16384),                      # a tab before r
    (b'<c t="n" r="XFD7"><v>1</v></c>', 7, 16384),                 # r not first
    (b"<c r='XFD7'><v>1</v></c>", 7, 16384),                       # other quotes
    (b'<x:c r="XFD7"><v>1</v></x:c>', 7, 16384),                    # a namespace prefix
    (b'<c r="A60000"><v>1</v></c>', 60000, 19),                    # a far row
    (b'<c r="GZ7"><v>1</v></c>', 7, 208),                          # two letters, beyond GR (200)
    (b'<c r="AAAAAAAA7"><v>1</v></c>', 7, 8353082583),             # calamine: a 362 GB allocation
    (b'<c r="A99999999999"><v>1</v></c>', 99999999999, 19),
])
def test_every_way_of_writing_a_far_cell_is_measured(tmp_path, cell, rows, cols):
    extent = _members_extent(_with_row(tmp_path, b'<row r="7">' + cell + b"</row>"))
    assert (extent.rows, extent.cols) == (rows, cols)
    assert safety.check_extent(safety.Checked("xlsx", {"Thanh_vien": extent}), "Thanh_vien") is not None


def test_ordinary_sheet_is_not_walked_cell_by_cell(tmp_path, monkeypatch):
    walked = []
    monkeypatch.setattr(zip_checks, "_grow_exact", lambda *args: walked.append(args[2].filename))
    wide = department_sheets()
    wide["Thanh_vien"][1] += ["x"] * 40  # columns up to BH: two letters, ordinary
    path = write_xlsx(tmp_path / "VP.xlsx", wide)
    assert _members_extent(path.read_bytes()) == safety.Extent()
    assert walked == []


def test_column_gr_is_allowed_and_gs_is_walked(tmp_path):
    ok = _members_extent(_with_row(tmp_path, b'<row r="7"><c r="GR7"><v>1</v></c></row>'))
    assert ok == safety.Extent()  # GR = column 200, the limit: the quick look lets it through
    far = _members_extent(_with_row(tmp_path, b'<row r="7"><c r="GS7"><v>1</v></c></row>'))
    assert (far.rows, far.cols) == (7, 201)


def test_cell_split_across_large_pieces_is_still_measured(tmp_path):
    """A sheet over 1 MiB is inflated in pieces; a far cell at any place is found."""
    filler = b"".join(b'<row r="%d"><c r="A%d" t="inlineStr"><is><t>%s</t></is></c></row>' % (r, r, b"y" * 200)
                      for r in range(10, 6000))
    data = _with_row(tmp_path, filler + b'<row r="6001"><c r="XFD6001"><v>1</v></c></row>')
    extent = _members_extent(data)
    assert (extent.rows, extent.cols) == (6001, 16384)


@pytest.mark.parametrize("ref", ["AAAAAAAA1", "A99999999999", "XFD1048576"])
def test_absurd_reference_does_not_crash_the_process(tmp_path, ref):
    """calamine aborts the process (allocation failure) on these; run in a child process to prove it does not."""
    path = Path(tmp_path / "VP.xlsx")
    write_xlsx(path, department_sheets())
    far = b'<row r="9"><c r="%s" t="inlineStr"><is><t>x</t></is></c></row>' % ref.encode()
    rewrite_member(path, SHEET, lambda d: d.replace(b"</sheetData>", far + b"</sheetData>"))
    code = (
        "import json, sys; from pathlib import Path; sys.path.insert(0, sys.argv[2])\n"
        "from builders import CONFIG\n"
        "from dvht_batch.setup.config import parse_config; from dvht_batch.rules import load_rule_set\n"
        "from dvht_batch.intake import read_file\n"
        "p = Path(sys.argv[1]); r = read_file(p, p.parent, parse_config(CONFIG), load_rule_set('tt22-2020'))\n"
        "print(json.dumps([[f.code, f.sheet, f.message] for f in r.errors]))\n"
    )
    tests_dir = str(Path(__file__).resolve().parents[1])
    done = subprocess.run([sys.executable, "-c", code, str(path), tests_dir], capture_output=True, text=True,
                          timeout=60, cwd=str(Path(__file__).resolve().parents[2]))
    assert done.returncode == 0, done.stderr[-2000:]
    errors = json.loads(done.stdout)
    assert [e[:2] for e in errors] == [["sheet-too-large", "Thanh_vien"]]
    if ref == "XFD1048576":
        assert "XFD1048576" in errors[0][2]  # the message names the far cell


def test_parts_shared_by_files_of_one_template_are_checked_once(tmp_path, monkeypatch):
    monkeypatch.setattr(zip_checks, "_KNOWN_CLEAN", set())
    inflated = []
    original = zip_checks._inflate_whole
    monkeypatch.setattr(zip_checks, "_inflate_whole", lambda packed, info: inflated.append(info.filename)
                        or original(packed, info))
    first = write_department(tmp_path / "A.xlsx").read_bytes()
    sheets = department_sheets()
    sheets["Thanh_vien"][1][1] = "Tên khác"
    second = write_xlsx(tmp_path / "B.xlsx", sheets).read_bytes()
    safety.check_workbook_bytes(first, ".xlsx")
    first_parts, inflated[:] = list(inflated), []
    safety.check_workbook_bytes(second, ".xlsx")
    assert "xl/theme/theme1.xml" in first_parts and "xl/theme/theme1.xml" not in inflated
    assert {SHEET, "xl/sharedStrings.xml", "xl/workbook.xml"} <= set(inflated)  # always read and checked


def test_a_known_clean_part_never_excuses_other_bytes(tmp_path, monkeypatch):
    monkeypatch.setattr(zip_checks, "_KNOWN_CLEAN", set())
    clean = write_department(tmp_path / "A.xlsx")
    safety.check_workbook_bytes(clean.read_bytes(), ".xlsx")
    hostile = write_department(tmp_path / "B.xlsx")
    rewrite_member(hostile, "xl/theme/theme1.xml", lambda d: d.replace(b"?>", b"?><!DOCTYPE t SYSTEM 'x'>", 1))
    with pytest.raises(safety.Refused) as refused:
        safety.check_workbook_bytes(hostile.read_bytes(), ".xlsx")
    assert refused.value.code == "xml-doctype" and "theme1.xml" in refused.value.message


_CELL_TAGS = [b'<c r="A1">', b'<c r="S300" s="3"/>', b'<c r="B9999">', b'<c r="B10000">', b'<c r="C123456">',
              b'<c r="AB7">', b'<c r="GR7">', b'<c r="GS7">', b'<c r="ZZ7">', b'<c r="AAA7">', b'<c r="AB12345">',
              b'<c\tr="A1">', b"<c>", b"<c/>", b'<x:c r="A1">', b'<c t="n" r="A1">', b"<c r='A1'>", b'<c r="a1">',
              b'<c r="A">', b'<c r="7">', b'<c  r="A1">', b'<c r="A1B">', b"</c>", b"<v>1</v>", b"<cols>",
              b'<col min="1" max="19"/>', b'<row r="5">', b"</row>", b"<cfRule>", b'<c r="B7"', b"12345", b"<c "]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_CELL_TAGS), max_size=12))
def test_one_pass_look_answers_as_the_full_look(tags):
    """The shortcut of `_needs_exact_extent` never lets through a sheet the full look would walk, nor the reverse."""
    window = b"<sheetData>" + b"".join(tags) + b"</sheetData>"
    assert zip_checks._needs_exact_extent(window) == zip_checks._full_look(window, window.translate(zip_checks._CLASSES))
