"""Dates in the documents that contradict each other (dvht_batch/assess/document_dates.py): pure checks, every date
given, no clock; and their way to the console, kiem_tra_truoc_khi_ky.txt and sheet Kiem_tra of a real run."""
from __future__ import annotations

from datetime import date

from builders import department_sheets, run_cli, write_config, write_xlsx
from openpyxl import load_workbook

from dvht_batch.assess.document_dates import before_data, before_period_end, deadline_before_document, document_day, plan_after_start
from dvht_batch.period import Period


def test_a_document_dated_before_its_period_ends():
    assert before_period_end("báo cáo", date(2025, 11, 30), Period(2025, 11)) is None
    assert before_period_end("báo cáo", None, Period(2025, 11)) is None  # the signer writes the date
    text = before_period_end("báo cáo", date(2025, 11, 29), Period(2025, 11))
    assert text.startswith("Văn bản báo cáo ghi ngày 29/11/2025, trước khi hết tháng 11 năm 2025 (30/11/2025)")
    assert before_period_end("báo cáo", date(2025, 12, 31), Period(2025)) is None
    assert "trước khi hết năm 2025 (31/12/2025)" in before_period_end("báo cáo", date(2025, 12, 30), Period(2025))


def test_a_deadline_before_the_document_date():
    assert deadline_before_document("báo cáo", date(2025, 12, 3), "gửi số liệu", date(2026, 1, 5)) is None
    text = deadline_before_document("báo cáo", date(2026, 12, 6), "gửi số liệu tháng 12 năm 2025", date(2026, 1, 5))
    assert text.startswith("Văn bản báo cáo ghi ngày 06/12/2026 nhưng đặt hạn gửi số liệu tháng 12 năm 2025 "
                           "trước ngày 05/01/2026, đã qua.")
    assert deadline_before_document("báo cáo", date(2026, 1, 5), "x", date(2026, 1, 5))  # the day itself is late


def test_a_document_dated_before_its_data():
    made = [("Văn phòng", date(2025, 12, 2)), ("Phòng Kế toán", date(2025, 12, 5))]
    assert before_data("báo cáo", date(2025, 12, 5), made) is None and before_data("báo cáo", None, made) is None
    assert before_data("báo cáo", date(2025, 12, 3), made).startswith(
        "Văn bản báo cáo ghi ngày 03/12/2025, trước ngày lập của bảng số liệu được dùng (Phòng Kế toán, lập ngày "
        "05/12/2025).")


def test_a_plan_dated_after_its_year_began():
    assert plan_after_start(date(2025, 12, 20), 2026) is None and plan_after_start(date(2026, 1, 1), 2026) is None
    assert plan_after_start(date(2026, 12, 6), 2026).startswith("Kế hoạch năm 2026 ghi ngày 06/12/2026, sau ngày")


def test_the_day_a_run_prints():
    class Docs:
        leave_date_blank, month, date = False, None, None

    docs = Docs()
    assert document_day(docs, date(2026, 12, 6)) == date(2026, 12, 6)
    docs.month = (2025, 12)
    assert document_day(docs, date(2026, 12, 6)) == date(2025, 12, 31)  # the latest day the signer may write
    docs.leave_date_blank = True
    assert document_day(docs, date(2026, 12, 6)) is None


def test_a_run_dated_too_early_warns_everywhere(tmp_path):
    write_config(tmp_path, departments=(("VP", "Văn phòng"),), van_ban={"ngay": "20/11/2025"})
    (tmp_path / "phong").mkdir()
    write_xlsx(tmp_path / "phong" / "VP.xlsx", department_sheets(ma_phong="VP", ky_bao_cao="11/2025"))
    proc = run_cli("run", tmp_path, "--period", "2025-11", "--out", tmp_path / "kq")
    assert proc.returncode == 0, proc.stderr
    warning = "Văn bản báo cáo của kỳ ghi ngày 20/11/2025, trước khi hết tháng 11 năm 2025 (30/11/2025)"
    assert f"Cảnh báo: {warning}" in proc.stdout
    listed = (tmp_path / "kq" / "2025-11" / "kiem_tra_truoc_khi_ky.txt").read_text(encoding="utf-8-sig")
    assert f"  - {warning}" in listed
    sheet = load_workbook(tmp_path / "kq" / "2025-11" / "tong_hop.xlsx")["Kiem_tra"]
    assert any(str(row[1]).startswith(warning) for row in sheet.iter_rows(min_row=2, values_only=True))


def test_a_plan_dated_in_its_own_year_warns(tmp_path):
    write_config(tmp_path, departments=(("VP", "Văn phòng"),), van_ban={"ngay": "06/12/2026"})
    proc = run_cli("ke-hoach", "--config", tmp_path / "dvht.toml", "--nam", "2026", "--out", tmp_path / "kq")
    assert proc.returncode == 0, proc.stderr
    warning = "Kế hoạch năm 2026 ghi ngày 06/12/2026, sau ngày năm 2026 bắt đầu (01/01/2026)."
    assert f"Cảnh báo: {warning}" in proc.stdout
    listed = (tmp_path / "kq" / "2026" / "ke_hoach_2026_kiem_tra.txt").read_text(encoding="utf-8-sig")
    assert warning in listed and "đầu văn bản: số văn bản (Số:      /KH-STC)" in listed
    proc = run_cli("ke-hoach", "--config", tmp_path / "dvht.toml", "--nam", "2027", "--out", tmp_path / "kq")
    assert proc.returncode == 0, proc.stderr
    assert "Cảnh báo: Kế hoạch năm" not in proc.stdout  # dated before 2027 began
