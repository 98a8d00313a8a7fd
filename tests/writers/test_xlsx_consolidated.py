"""The consolidated workbook, opened again with openpyxl and checked cell by cell."""
from __future__ import annotations

import re
import zipfile
from pathlib import Path

import openpyxl
import pytest

from dvht_batch.vn.collation import name_sort_key
from dvht_batch.writers.xlsx_consolidated import write_consolidated

SHEETS = ["Tong_hop", "Theo_phong", "Bieu_do", "Thanh_vien", "Tep", "Loi", "Kiem_tra"]


@pytest.fixture
def book(run_result, tmp_path) -> tuple[Path, openpyxl.Workbook]:
    path = write_consolidated(run_result, tmp_path / "tong_hop.xlsx")
    return path, openpyxl.load_workbook(path)


def headers(ws, row: int = 1) -> dict[str, int]:
    return {c.value: c.column for c in ws[row] if c.value is not None}


def row_where(ws, column: int, value) -> int:
    for r in range(1, ws.max_row + 1):
        if ws.cell(r, column).value == value:
            return r
    raise AssertionError(f"{value!r} not found in column {column} of {ws.title}")


def test_sheets_and_returned_path(book, tmp_path):
    path, wb = book
    assert path == tmp_path / "tong_hop.xlsx"
    assert wb.sheetnames == SHEETS
    assert [cs.title for cs in wb.chartsheets] == ["Bieu_do"]
    assert [p.name for p in tmp_path.iterdir()] == ["tong_hop.xlsx"]  # no temp file left


def test_summary_titles_total_and_classification(book, run_result):
    ws = book[1]["Tong_hop"]
    assert ws["A2"].value == "Đơn vị: Sở Tài chính (STC)"
    assert ws["A3"].value == "Kỳ báo cáo: tháng 11 năm 2025"
    assert ws["A4"].value == f"Bộ tiêu chí: {run_result.rule_set.label}"
    assert "Thông tư 22/2020/TT-BGDĐT" in ws["A4"].value
    head = row_where(ws, 1, "Mã")
    cols = headers(ws, head)
    assert list(cols) == ["Mã", "Nội dung", "Điểm tối đa", "Số đạt", "Số được tính", "Tỷ lệ", "Mục tiêu", "Điểm",
                          "Minh chứng / Ghi chú"]
    r2a = row_where(ws, 1, "2a")
    assert ws.cell(r2a, cols["Số đạt"]).value == 8
    assert ws.cell(r2a, cols["Số được tính"]).value == 9
    assert ws.cell(r2a, cols["Tỷ lệ"]).value == pytest.approx(8 / 9)
    assert ws.cell(r2a, cols["Tỷ lệ"]).number_format == "0.00%"
    assert ws.cell(r2a, cols["Điểm"]).value == pytest.approx(8.89)
    assert ws.cell(r2a, cols["Điểm"]).number_format == "0.00"
    r1a = row_where(ws, 1, "1a")
    assert ws.cell(r1a, cols["Minh chứng / Ghi chú"]).value == "KH số 12/KH-STC ngày 05/01/2025"
    total = row_where(ws, 2, "Tổng điểm")
    assert ws.cell(total, 3).value == pytest.approx(93.05)
    assert ws.cell(total, 3).data_type == "n"
    assert ws.cell(row_where(ws, 2, "Xếp loại"), 3).value == "Tốt"
    assert ws.cell(row_where(ws, 2, "Tổng cộng"), cols["Điểm"]).value == pytest.approx(93.05)
    assert ws.cell(row_where(ws, 2, "Số thành viên được tính"), 3).value == 9
    assert ws.cell(row_where(ws, 2, "Số thành viên không tính (có lý do)"), 3).value == 1
    assert ws.cell(row_where(ws, 2, "Số danh hiệu thi đua còn “Chưa xét”"), 3).value == 1
    assert ws.cell(row_where(ws, 2, "Số phòng đã nhận"), 3).value == 2
    assert ws.cell(row_where(ws, 2, "Số phòng đã gửi, chưa dùng được"), 3).value == 1
    assert ws.cell(row_where(ws, 2, "Số phòng chưa gửi"), 3).value == 1
    # frozen under the criteria header, autofilter over the criteria table only
    assert ws.freeze_panes == f"A{head + 1}"
    assert ws.auto_filter.ref == f"A{head}:I{row_where(ws, 1, '3c')}"


def test_departments_rows_in_config_order(book):
    ws = book[1]["Theo_phong"]
    cols = headers(ws)
    assert [ws.cell(r, 1).value for r in range(2, 6)] == ["VP", "KHTC", "TTR", "QLG"]
    assert [ws.cell(r, cols["Tình trạng"]).value for r in range(2, 6)] == ["Đã nhận", "Đã nhận", "Đã gửi, chưa dùng được",
                                                                           "Chưa gửi"]
    vp = 2
    assert ws.cell(vp, cols["Số thành viên được tính"]).value == 5
    assert ws.cell(vp, cols["Không tính"]).value == 1
    assert ws.cell(vp, cols["2a: số đạt"]).value == 4
    assert ws.cell(vp, cols["2a: tỷ lệ"]).value == pytest.approx(0.8)
    assert ws.cell(vp, cols["2a: tỷ lệ"]).number_format == "0.00%"
    assert ws.cell(vp, cols["2a: điểm"]).value == pytest.approx(8.0)
    assert ws.cell(vp, cols["2a: điểm"]).number_format == "0.00"
    assert ws.cell(3, cols["Danh hiệu chưa xét"]).value == 1
    assert ws.cell(4, cols["Tệp"]).value == "phong/TTR.xlsx"
    assert ws.cell(4, cols["2a: tỷ lệ"]).value is None  # rejected: nothing counted
    unit = row_where(ws, 2, "Toàn đơn vị")
    assert ws.cell(unit, cols["2a: điểm"]).value == pytest.approx(8.89)
    assert ws.freeze_panes == "C2"
    last_col = openpyxl.utils.get_column_letter(len(cols))
    assert ws.auto_filter.ref == f"A1:{last_col}5"
    assert ws.print_title_rows == "$1:$1"
    assert ws.page_setup.orientation == "landscape" and str(ws.page_setup.paperSize) == "9"


def test_chart_of_ratios_on_its_own_sheet(book):
    path, _ = book
    with zipfile.ZipFile(path) as z:
        charts = [n for n in z.namelist() if n.startswith("xl/charts/chart")]
        assert len(charts) == 1
        xml = z.read(charts[0]).decode("utf-8")
    assert "<c:barChart>" in xml and '<c:barDir val="col"/>' in xml
    refs = re.findall(r"<c:f>([^<]+)</c:f>", xml)
    assert "Theo_phong!$I$2:$I$5" in refs     # 2a ratios of the 4 departments
    assert "Theo_phong!$A$2:$A$5" in refs     # department codes as categories
    assert len([r for r in refs if r.startswith("Theo_phong!$") and r.endswith("$5") and "$A$" not in r]) == 5
    assert "2a – Kế hoạch tự học" in xml and "3a – NL1–NL8" in xml


def test_members_sheet_text_stays_text(book):
    path, wb = book
    ws = wb["Thanh_vien"]
    cols = headers(ws)
    names = {ws.cell(r, cols["Họ và tên"]).value: r for r in range(2, ws.max_row + 1)}
    for weird in ("=1+1", "+84912345678", "@x"):
        cell = ws.cell(names[weird], cols["Họ và tên"])
        assert cell.value == weird and cell.data_type == "s"
    note = ws.cell(names["Vũ Văn Cường"], cols["Ghi chú"])
    assert note.value == '=HYPERLINK("http://x")' and note.data_type == "s"
    with zipfile.ZipFile(path) as z:
        sheet_xml = [z.read(n).decode() for n in z.namelist() if n.startswith("xl/worksheets/sheet")]
    assert not any("<f>" in x for x in sheet_xml)  # not a single formula anywhere


def test_members_sheet_columns_and_answers(book):
    ws = book[1]["Thanh_vien"]
    cols = headers(ws)
    assert list(cols)[:5] == ["Phòng", "Họ và tên", "Năm sinh", "Giới tính", "Chức vụ"]
    assert list(cols)[-4:] == ["Không tính", "Ghi chú", "Tệp", "Dòng"]
    assert {"Kế hoạch tự học", "Danh hiệu thi đua", "NL1", "NL8", "Đạt 2a", "Đạt 3a"} <= set(cols)
    rows = {ws.cell(r, cols["Họ và tên"]).value: r for r in range(2, ws.max_row + 1)}
    assert len(rows) == 10  # accepted departments only: VP 6 + KHTC 4
    dao = rows["Lê Văn Đào"]
    assert ws.cell(dao, cols["Kế hoạch tự học"]).value == "Đã đăng ký"
    assert ws.cell(dao, cols["Đạt 2a"]).value == "—"
    assert ws.cell(dao, cols["Đạt 2b"]).value == "Đạt"
    assert ws.cell(dao, cols["Tệp"]).value == "phong/VP.xlsx"
    assert ws.cell(dao, cols["Dòng"]).value == 8
    assert ws.cell(rows["Phạm Thị Hoa"], cols["Danh hiệu thi đua"]).value == "Chưa xét"
    assert ws.cell(rows["Hoàng Văn An"], cols["NL8"]).value == "Không"
    assert ws.cell(rows["Hoàng Văn An"], cols["Đạt 3a"]).value == "—"
    excluded = rows["@x"]
    assert ws.cell(excluded, cols["Không tính"]).value == "Nghỉ thai sản"
    assert ws.cell(excluded, cols["Đạt 2a"]).value is None  # not counted: neither met nor failed
    # filtering "Đạt" in a column gives the criterion's count
    assert sum(ws.cell(r, cols["Đạt 2a"]).value == "Đạt" for r in rows.values()) == 8
    assert ws.freeze_panes == "C2"
    assert ws.auto_filter.ref == f"A1:{openpyxl.utils.get_column_letter(len(cols))}11"


def test_members_sorted_the_vietnamese_way(book):
    ws = book[1]["Thanh_vien"]
    names = [ws.cell(r, 2).value for r in range(2, ws.max_row + 1)]
    assert names == sorted(names, key=name_sort_key)


def test_members_given_name_order_with_collation(book):
    ws = book[1]["Thanh_vien"]
    names = [ws.cell(r, 2).value for r in range(2, ws.max_row + 1)]
    # given name first; đ is a letter of its own between d and e
    assert names.index("Nguyễn Văn Dung") < names.index("Lê Văn Đào") < names.index("Trần Thị Em")
    assert names.index("Hoàng Văn An") < names.index("Đỗ Thị Bình") < names.index("Vũ Văn Cường")


def test_files_sheet(book):
    ws = book[1]["Tep"]
    cols = headers(ws)
    rows = {ws.cell(r, 1).value: r for r in range(2, ws.max_row + 1)}
    status = {p: ws.cell(r, cols["Tình trạng"]).value for p, r in rows.items()}
    assert status == {"phong/VP.xlsx": "Đã nhận", "phong/VP (1).xlsx": "Bị thay thế", "phong/KHTC.xlsx": "Đã nhận",
                      "phong/TTR.xlsx": "Bị từ chối", "don_vi/STC.xlsx": "Đã nhận", "khac/ghi_chu.xlsx": "Bỏ qua"}
    assert ws.cell(rows["phong/VP (1).xlsx"], cols["Bị thay thế bởi"]).value == "phong/VP.xlsx"
    assert ws.cell(rows["phong/TTR.xlsx"], cols["Số lỗi"]).value == 1
    assert ws.cell(rows["phong/VP.xlsx"], cols["Số cảnh báo"]).value == 1
    assert ws.cell(rows["phong/VP.xlsx"], cols["Kỳ báo cáo"]).value == "11/2025"
    created = ws.cell(rows["phong/VP.xlsx"], cols["Ngày lập"])
    assert created.is_date and created.value.day == 20 and created.number_format == "dd/mm/yyyy"
    assert ws.cell(rows["khac/ghi_chu.xlsx"], cols["Lý do bỏ qua"]).value.startswith("Không có trang tính")
    assert ws.cell(rows["khac/ghi_chu.xlsx"], cols["Loại"]).value == "Không xác định"
    assert ws.auto_filter.ref == "A1:K7" and ws.freeze_panes == "B2"


def test_errors_sheet(book):
    ws = book[1]["Loi"]
    assert [c.value for c in ws[1]] == ["Tệp", "Phòng", "Mức độ", "Vị trí", "Giá trị", "Nội dung"]
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=2)]
    assert ["phong/TTR.xlsx", "TTR", "Lỗi", "Thanh_vien!H7", "Bằng khen"] == rows[1][:5]
    assert rows[0][2] == "Cảnh báo" and rows[0][3] == "Thanh_vien!C9"
    assert rows[0][4] == "1890" and ws.cell(2, 5).data_type == "s"
    assert rows[2][:3] == ["khac/ghi_chu.xlsx", None, "Bỏ qua"]  # every file not used is listed with its reason
    assert ws.auto_filter.ref == "A1:F4" and ws.freeze_panes == "B2"


def test_levels_scheme_summary(levels_result, tmp_path):
    wb = openpyxl.load_workbook(write_consolidated(levels_result, tmp_path / "muc_do.xlsx"))
    ws = wb["Tong_hop"]
    head = row_where(ws, 1, "Mã")
    cols = headers(ws, head)
    assert "Điểm" not in cols and {"Mức độ 1", "Mức độ 2", "Kết quả"} <= set(cols)
    r31 = row_where(ws, 1, "3.1")
    assert ws.cell(r31, cols["Mức độ 1"]).value == "Đạt"
    assert ws.cell(r31, cols["Mức độ 2"]).value == "Không đạt"
    assert ws.cell(r31, cols["Kết quả"]).value == "Không đạt"
    assert ws.cell(r31, cols["Tỷ lệ"]).value == pytest.approx(8 / 9)
    assert ws.cell(row_where(ws, 1, "2.1"), cols["Kết quả"]).value == "Đạt"
    assert ws.cell(row_where(ws, 2, "Kết quả công nhận"), 3).value == "Mức độ 1"
    assert ws.cell(row_where(ws, 2, "Chỉ tiêu chưa đạt (chặn mức tiếp theo)"), 3).value == "3.1, 3.3"
    dept = wb["Theo_phong"]
    dcols = headers(dept)
    assert "3.1: kết quả" in dcols and "3.1: điểm" not in dcols
    assert dept.cell(3, dcols["3.1: kết quả"]).value == "Chưa đạt"  # KHTC: 3 of 4 < 80% (the level reached)
    assert "Công dân học tập" in headers(wb["Thanh_vien"])


def test_empty_run(make_run, tmp_path):
    result = make_run([])
    wb = openpyxl.load_workbook(write_consolidated(result, tmp_path / "tong_hop.xlsx"))
    assert wb.sheetnames == SHEETS
    ws = wb["Tong_hop"]
    assert ws.cell(row_where(ws, 2, "Xếp loại"), 3).value == "Chưa đạt"
    assert ws.cell(row_where(ws, 2, "Số phòng chưa gửi"), 3).value == 4
    assert wb["Thanh_vien"].max_row == 1 and wb["Loi"].auto_filter.ref == "A1:F1"
