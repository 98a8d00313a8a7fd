"""Feedback workbooks: a marked copy of a rejected .xlsx (original untouched), or the error list only."""
from __future__ import annotations

import hashlib
import io
import shutil
import zipfile
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from openpyxl.comments import Comment

from dvht_batch.models import FileKind, FileRecord, FileStatus, Finding, Severity
from dvht_batch.period import Period
from dvht_batch.writers.xlsx_feedback import write_feedback

BAD_TITLE = "Ô Thanh_vien!H7: Bằng khen là hình thức khen thưởng, không phải danh hiệu thi đua."
WRONG_PERIOD = "Kỳ báo cáo của tệp là 10/2025 nhưng đang tổng hợp kỳ 11/2025."


def make_source(path: Path, extra_sheet: str | None = None) -> Path:
    wb = openpyxl.Workbook()
    info = wb.active
    info.title = "Thong_tin"
    for r, (label, value) in enumerate([("Mã đơn vị", "STC"), ("Mã phòng", "TTR"), ("Tên phòng", "Thanh tra"),
                                        ("Kỳ báo cáo", "10/2025"), ("Ngày lập", "22/11/2025")], start=1):
        info.cell(r, 1, label)
        info.cell(r, 2, value)
    info.merge_cells("B6:C6")
    info["A6"], info["B6"] = "Người lập", "Ngô Văn Giang"
    members = wb.create_sheet("Thanh_vien")
    members.append(["DANH SÁCH THÀNH VIÊN"])
    members.append([])
    members.append([])
    members.append([])
    members.append(["STT", "Họ và tên", "Năm sinh", "Giới tính", "Chức vụ", "Kế hoạch tự học", "Tuân thủ kỷ luật",
                    "Danh hiệu thi đua"])
    members.append([1, "Ngô Văn Giang", 1980, "Nam", "Thanh tra viên", "Đã phê duyệt", "Có", "Lao động tiên tiến"])
    members.append([2, "Lý Thị Hạnh", 1890, "Nữ", "Chuyên viên", "Đã phê duyệt", "Có", "Bằng khen"])
    members["D7"].comment = Comment("Ghi chú của người lập", "Người lập")
    members["J10"] = "=SUM(1,2)"
    if extra_sheet:
        wb.create_sheet(extra_sheet)
    wb.save(path)
    return path


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def rejected(source: Path, readable: bool = True, with_sha: bool = True) -> FileRecord:
    path = f"phong/{source.name}"
    findings = [
        Finding(file=path, sheet="Thanh_vien", cell="H7", value="Bằng khen", code="bad-title", message=BAD_TITLE),
        Finding(file=path, severity=Severity.WARNING, sheet="Thanh_vien", cell="C7", value="1890",
                message="Năm sinh 1890 có vẻ không đúng."),
        Finding(file=path, sheet="Thong_tin", cell="C6", value="=1+1", message="Người lập không hợp lệ."),
        Finding(file=path, sheet="Thong_tin", cell="B4", value="10/2025", code="wrong-period", message=WRONG_PERIOD),
        Finding(file=path, code="duplicate", message="Tệp trùng với tệp khác của phòng."),
        Finding(file=path, sheet="Khong_co", cell="A1", message="Trang tính không có trong tệp."),
    ]
    return FileRecord(path=path, source=source, kind=FileKind.DEPARTMENT, status=FileStatus.REJECTED,
                      department="TTR", department_name="Thanh tra", period=Period(2025, 10), period_cell="B4",
                      created=date(2025, 11, 22), findings=findings, readable=readable,
                      sha256=sha256(source) if with_sha and source.exists() else None)


@pytest.fixture
def source(tmp_path) -> Path:
    (tmp_path / "in").mkdir()
    return make_source(tmp_path / "in" / "TTR.xlsx")


def test_marked_copy_leaves_the_original_untouched(source, tmp_path):
    before, mtime = sha256(source), source.stat().st_mtime_ns
    out = write_feedback(rejected(source), tmp_path / "out" / "TTR_phan_hoi.xlsx")
    assert out == tmp_path / "out" / "TTR_phan_hoi.xlsx" and out.is_file()
    assert sha256(source) == before and source.stat().st_mtime_ns == mtime
    assert sorted(p.name for p in (tmp_path / "in").iterdir()) == ["TTR.xlsx"]
    assert [p.name for p in out.parent.iterdir()] == ["TTR_phan_hoi.xlsx"]


def test_bad_cells_are_filled_and_commented(source, tmp_path):
    wb = openpyxl.load_workbook(write_feedback(rejected(source), tmp_path / "fb.xlsx"))
    ws = wb["Thanh_vien"]
    h7 = ws["H7"]
    assert h7.value == "Bằng khen"                      # the department's data is kept
    assert h7.fill.fill_type == "solid" and h7.fill.fgColor.rgb.endswith("FFC7CE")
    assert h7.comment is not None and h7.comment.author == "dvht" and BAD_TITLE in h7.comment.text
    # a warning gets a comment but no red fill
    c7 = ws["C7"]
    assert c7.fill.fill_type is None and "Cảnh báo: Năm sinh 1890" in c7.comment.text
    # a comment of the department on a cell without findings stays as it was
    assert ws["D7"].comment.text == "Ghi chú của người lập"
    # a cell inside a merged range marks the range's visible (top-left) cell
    info = wb["Thong_tin"]
    assert info["B6"].fill.fgColor.rgb.endswith("FFC7CE") and "Người lập không hợp lệ" in info["B6"].comment.text
    assert WRONG_PERIOD in info["B4"].comment.text
    # untouched cells stay as they were, formulas included
    assert ws["B7"].fill.fill_type is None and ws["B7"].comment is None
    assert ws["J10"].value == "=SUM(1,2)" and ws["J10"].data_type == "f"


def test_existing_comment_on_a_bad_cell_is_kept(tmp_path):
    src = make_source(tmp_path / "TTR.xlsx")
    record = rejected(src)
    record.findings.append(Finding(file=record.path, sheet="Thanh_vien", cell="D7", message="Giới tính không hợp lệ."))
    record.sha256 = None
    ws = openpyxl.load_workbook(write_feedback(record, tmp_path / "fb.xlsx"))["Thanh_vien"]
    text = ws["D7"].comment.text
    assert text.startswith("Ghi chú của người lập") and text.endswith("Giới tính không hợp lệ.")
    assert ws["D7"].comment.author == "dvht"


def test_error_list_is_the_first_and_active_sheet(source, tmp_path):
    path = write_feedback(rejected(source), tmp_path / "fb.xlsx")
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["Loi", "Thong_tin", "Thanh_vien"]
    assert wb.active.title == "Loi"
    assert [ws.title for ws in wb.worksheets if ws.sheet_view.tabSelected] == ["Loi"]
    ws = wb["Loi"]
    texts = [ws.cell(r, 1).value for r in range(1, 5)]
    assert texts[0] == "DANH SÁCH LỖI CẦN SỬA"
    assert "phong/TTR.xlsx" in texts[1] and "Thanh tra" in texts[1] and "10/2025" in texts[1]
    assert "5 lỗi" in texts[2]
    assert "ô tô đỏ" in texts[3] and "gửi lại" in texts[3]
    head = 6
    assert [c.value for c in ws[head]] == ["STT", "Vị trí", "Giá trị", "Nội dung lỗi", "Mức độ"]
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=head + 1)]
    assert [r[1] for r in rows] == ["Thanh_vien!H7", "Thong_tin!C6", "Thong_tin!B4", "(cả tệp)", "Khong_co!A1",
                                    "Thanh_vien!C7"]                       # errors first, then warnings
    assert [r[4] for r in rows] == ["Lỗi"] * 5 + ["Cảnh báo"]
    assert rows[0][3] == BAD_TITLE and rows[0][2] == "Bằng khen"
    assert ws.cell(head + 2, 3).value == "=1+1" and ws.cell(head + 2, 3).data_type == "s"
    assert ws.cell(head + 1, 2).hyperlink.location == "'Thanh_vien'!H7"
    assert ws.cell(head + 5, 2).hyperlink is None                         # sheet not in the workbook
    assert ws.freeze_panes == f"A{head + 1}" and ws.auto_filter.ref == f"A{head}:E{head + 6}"
    assert ws.page_setup.orientation == "landscape"
    with zipfile.ZipFile(path) as z:
        assert "<f>" not in z.read("xl/worksheets/sheet1.xml").decode()


def test_existing_loi_sheet_gets_another_name(tmp_path):
    src = make_source(tmp_path / "TTR.xlsx", extra_sheet="Loi")
    wb = openpyxl.load_workbook(write_feedback(rejected(src), tmp_path / "fb.xlsx"))
    assert wb.sheetnames[0] == "Danh_sach_loi" and wb.active.title == "Danh_sach_loi"
    assert "Loi" in wb.sheetnames


def test_xlsm_source_is_saved_as_plain_xlsx(tmp_path):
    plain = make_source(tmp_path / "plain.xlsx")
    xlsm = tmp_path / "TTR.xlsm"
    with zipfile.ZipFile(plain) as zin, zipfile.ZipFile(xlsm, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "[Content_Types].xml":
                data = data.replace(b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
                                    b"application/vnd.ms-excel.sheet.macroEnabled.main+xml")
            zout.writestr(item, data)
    before = sha256(xlsm)
    out = write_feedback(rejected(xlsm), tmp_path / "fb.xlsx")
    assert sha256(xlsm) == before
    with zipfile.ZipFile(out) as z:
        types = z.read("[Content_Types].xml").decode()
    assert "macroEnabled" not in types and "spreadsheetml.sheet.main+xml" in types
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames[0] == "Loi" and wb["Thanh_vien"]["H7"].comment is not None


def check_list_only(path: Path, n_rows: int = 6, why: str = "không mở được") -> openpyxl.Workbook:
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["Loi"]
    ws = wb["Loi"]
    assert ws["A1"].value == "DANH SÁCH LỖI CẦN SỬA"
    assert why in ws["A4"].value and "gửi lại" in ws["A4"].value
    assert [c.value for c in ws[6]] == ["STT", "Vị trí", "Giá trị", "Nội dung lỗi", "Mức độ"]
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=7)]
    assert len(rows) == n_rows and rows[0][1] == "Thanh_vien!H7" and rows[0][3] == BAD_TITLE
    assert ws.freeze_panes == "A7" and ws.auto_filter.ref == f"A6:E{6 + n_rows}"
    return wb


def test_unreadable_source_gives_the_list_only(tmp_path):
    src = tmp_path / "TTR.xls"
    src.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)  # an OLE file: .xls or encrypted
    before = sha256(src)
    wb = check_list_only(write_feedback(rejected(src, readable=False), tmp_path / "fb.xlsx"))
    assert wb["Loi"]["C8"].value == "=1+1" and wb["Loi"]["C8"].data_type == "s"
    assert sha256(src) == before


def test_broken_zip_flagged_readable_falls_back_to_the_list(tmp_path):
    src = tmp_path / "TTR.xlsx"
    src.write_bytes(b"PK\x03\x04 not really a workbook")
    check_list_only(write_feedback(rejected(src, readable=True), tmp_path / "fb.xlsx"))


def test_file_changed_since_intake_falls_back_to_the_list(source, tmp_path):
    record = rejected(source)
    record.sha256 = "0" * 64
    check_list_only(write_feedback(record, tmp_path / "fb.xlsx"))


def test_missing_source_falls_back_to_the_list(tmp_path):
    src = make_source(tmp_path / "TTR.xlsx")
    record = rejected(src)
    shutil.move(src, tmp_path / "moved.xlsx")
    check_list_only(write_feedback(record, tmp_path / "fb.xlsx"))


def test_zip_bomb_is_not_reopened(tmp_path, monkeypatch):
    from dvht_batch.writers import xlsx_feedback

    src = make_source(tmp_path / "TTR.xlsx")
    monkeypatch.setattr(xlsx_feedback, "MAX_MARKED_UNZIPPED", 1000)
    check_list_only(write_feedback(rejected(src), tmp_path / "fb.xlsx"), why="quá lớn để chép lại")


def test_feedback_from_aggregated_result(run_result, tmp_path):
    record = next(f for f in run_result.files if f.status is FileStatus.REJECTED)
    wb = openpyxl.load_workbook(write_feedback(record, tmp_path / "fb.xlsx"))  # source does not exist
    assert wb.sheetnames == ["Loi"]
    assert wb["Loi"]["B7"].value == "Thanh_vien!H7"


def test_output_bytes_are_a_valid_zip(source, tmp_path):
    data = write_feedback(rejected(source), tmp_path / "fb.xlsx").read_bytes()
    assert zipfile.ZipFile(io.BytesIO(data)).testzip() is None


def test_copy_that_cannot_be_saved_falls_back_to_the_list(source, tmp_path, monkeypatch):
    def broken_save(self, filename):
        raise ValueError("openpyxl cannot write this")

    monkeypatch.setattr(openpyxl.Workbook, "save", broken_save)
    check_list_only(write_feedback(rejected(source), tmp_path / "fb.xlsx"))
