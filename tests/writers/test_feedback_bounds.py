"""The feedback copy of a rejected workbook stays within a time and memory bound (writers/xlsx_feedback.py):
a workbook too large to reopen and mark (an extra sheet of hundreds of thousands of cells) gets the list of
errors only, whose heading says why — not a minute and a gigabyte of openpyxl."""
from __future__ import annotations

import json
import time

from builders import department_sheets, member, run_cli, write_config, write_xlsx
from openpyxl import load_workbook

from dvht_batch.writers.xlsx_feedback import MAX_MARKED_UNZIPPED


def test_a_huge_rejected_workbook_gets_the_list_with_the_reason(tmp_path):
    source = tmp_path / "vao"
    source.mkdir()
    write_config(source)
    sheets = department_sheets([member("Lê Thị Cúc", **{"Tuân thủ kỷ luật": "chưa rõ"})])  # rejected: a bad value
    sheets["Bang_phu"] = [[r * 10 + c for c in range(10)] for r in range(32_000)]  # 320,000 cells, ~9 MB of XML
    write_xlsx(source / "VP.xlsx", sheets)
    started = time.monotonic()
    done = run_cli("run", source, "--out", tmp_path / "out", "--no-docx")
    seconds = time.monotonic() - started
    assert done.returncode == 0, done.stderr
    [record] = json.loads((tmp_path / "out" / "2025-11" / "ket_qua.json").read_text("utf-8"))["files"]
    assert record["status"] == "rejected"
    [feedback] = (tmp_path / "out" / "2025-11" / "phan_hoi").glob("VP_*.xlsx")
    wb = load_workbook(feedback, read_only=True)
    assert wb.sheetnames == ["Loi"]  # the list only: the department's sheets were not copied
    how = wb["Loi"]["A4"].value
    assert how.startswith("Tệp gửi lên quá lớn để chép lại và đánh dấu ô lỗi (")
    assert f"tối đa {MAX_MARKED_UNZIPPED // 2**20} MB" in how and "xóa các trang, hàng, cột thừa" in how
    assert "Thanh_vien!" in " ".join(str(c.value) for row in wb["Loi"].iter_rows() for c in row if c.value)
    assert seconds < 120, seconds  # the marked copy of such a file took minutes on a loaded machine


def test_a_workbook_of_ordinary_size_is_still_marked(tmp_path):
    source = tmp_path / "vao"
    source.mkdir()
    write_config(source)
    write_xlsx(source / "VP.xlsx", department_sheets([member("Lê Thị Cúc", **{"Tuân thủ kỷ luật": "chưa rõ"})]))
    done = run_cli("run", source, "--out", tmp_path / "out", "--no-docx")
    assert done.returncode == 0, done.stderr
    [feedback] = (tmp_path / "out" / "2025-11" / "phan_hoi").glob("VP_*.xlsx")
    wb = load_workbook(feedback)
    assert "Thanh_vien" in wb.sheetnames and wb[wb.sheetnames[0]]["A4"].value.startswith("Hãy sửa các ô tô đỏ")
