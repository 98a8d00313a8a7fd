"""A specialist's “Đồng ý” on an appraisal row an automatic check refuses (docs/tinh.md, "Phiếu thẩm định"): it
does not count — the unit corrects and sends its dossier again — and the tool says so at the cell, on the
console and in the checklist; the other documents are written (exit 0). First the detection on records made
by hand, then end to end: a dossier `dvht ho-so` wrote, one rate altered so its counts do not give it,
`dvht tinh nhan-ho-so`, the workbook filled with “Đồng ý” on that row, `dvht tinh tham-dinh`."""
from __future__ import annotations

import shutil
from pathlib import Path

import docx
import pytest
from builders import run_cli
from openpyxl import load_workbook
from tinh_data import TT24, confirmed_rules, dossier_of, province_config

from dvht_batch.province.appraisal import agreed_but_blocked_notices, write_appraisal
from dvht_batch.province.checks import BLOCK, OPEN, WARN, Check
from dvht_batch.province.register import DossierRecord, Unit
from dvht_batch.province.year import REFUSED, WHOLE, agreed_but_blocked, codes_to_appraise, outcome

TABLE = "3_bang_tong_hop_tieu_chi.xlsx"
RATE = Check("rate", BLOCK, "Chỉ tiêu 2.1: tỷ lệ ghi 50,00% không khớp số liệu 30/30 = 100,00%.", "2.1")
CODES = [WHOLE, "1.1", "1.2", "2.1"]  # rows of a dossier's appraisal (a level 1 unit's, in part)
HELD = Check("already-held", BLOCK, "Đơn vị đang được công nhận mức độ 1 (…), còn giá trị đến hết ngày 31/12/2026.")


def record(checks: list[Check], agreed: dict[str, bool], requested: int = 1) -> DossierRecord:
    unit = Unit(7, "stp", "Sở Tư pháp", "STP", "tỉnh", "co_quan_nha_nuoc")
    return DossierRecord(3, unit, 2025, requested, requested, None, "", "dvht", [], [], checks=checks,
                         verdicts={code: (yes, "" if yes else "Lý do.") for code, yes in agreed.items()})


def test_an_agree_on_an_indicator_row_a_check_blocks_is_named_at_its_cell():
    r = record([RATE], {WHOLE: True, "2.1": True, "1.1": True})
    assert agreed_but_blocked(r, CODES) == [("2.1", RATE)]
    assert agreed_but_blocked_notices([r], {3: {WHOLE: "J5", "2.1": "J12", "1.1": "J6"}}, TT24) == [
        "Tham_dinh!J12: kết luận “Đồng ý” của Sở Tư pháp, chỉ tiêu 2.1 không được tính vì kiểm tra tự động không công "
        "nhận: Chỉ tiêu 2.1: tỷ lệ ghi 50,00% không khớp số liệu 30/30 = 100,00%. Đơn vị chưa được công nhận cho đến "
        "khi gửi lại hồ sơ đã sửa. Lý do trên được ghi trong thông báo gửi đơn vị; hồ sơ gửi lại được nhận bằng dvht "
        "tinh nhan-ho-so."]


def test_an_agree_on_the_dossier_row_a_whole_dossier_check_blocks_is_named():
    r = record([HELD], {WHOLE: True, "2.1": True})
    assert agreed_but_blocked(r, CODES) == [(WHOLE, HELD)]
    notice, = agreed_but_blocked_notices([r], {3: {WHOLE: "J5", "2.1": "J12"}}, TT24)
    assert notice.startswith("Tham_dinh!J5: kết luận “Đồng ý” của Sở Tư pháp, dòng HS (hồ sơ) không được tính")
    assert HELD.text in notice


def test_the_verdict_does_not_lift_the_block():
    o = outcome(record([RATE], {WHOLE: True, "2.1": True}), TT24)
    assert o.status == REFUSED and o.reasons == [("2.1", RATE.text)]


@pytest.mark.parametrize("check", [
    Check("level-unsupported", BLOCK, "Đề nghị mức độ 2 nhưng …", "2.1", level=2),   # a level not asked
    Check("overall-above-request", WARN, "Kết quả chung …", level=1),
    Check("kind-not-applicable", WARN, "Chỉ tiêu 2.1 chỉ áp dụng cho …", "2.1"),
    Check("kind-unknown", OPEN, "Chỉ tiêu 2.1 chỉ áp dụng cho …", "2.1"),
    Check("unconfirmed", OPEN, "Yêu cầu ở mức độ 1 …", level=1),
])
def test_no_notice_where_no_check_blocks_the_level_asked(check):
    r = record([check], {WHOLE: True, "2.1": True})
    assert agreed_but_blocked(r, CODES) == [] and agreed_but_blocked_notices([r], {3: {WHOLE: "J5", "2.1": "J12"}}, TT24) == []


def test_the_workbook_prefills_only_what_blocks_the_level_asked(tmp_path):
    """The prefilled “Không đồng ý” and the refusal count the same checks (`year.blocks`): a block of a level
    not asked leaves the row to the specialist."""
    other_level = Check("level-unsupported", BLOCK, "Đề nghị mức độ 2 nhưng …", "2.1", level=2)
    r = record([RATE, other_level], {}, requested=1)
    path = write_appraisal(tmp_path / "phieu.xlsx", [r], TT24, 2025, "Sở Giáo dục và Đào tạo")
    ws = load_workbook(path)["Tham_dinh"]
    prefilled = {ws.cell(i, 4).value: (ws.cell(i, 10).value, ws.cell(i, 11).value) for i in range(5, ws.max_row + 1)}
    assert prefilled["2.1"] == ("Không đồng ý", RATE.text)
    assert all(verdict in (None, "") for code, (verdict, _) in prefilled.items() if code != "2.1")


def test_a_block_on_an_indicator_without_a_row_is_shown_and_said_on_row_hs(tmp_path):
    """A custom rule set may check an indicator the level asked does not require: its reason is on row HS (prefilled,
    and named when the specialist agrees there), never a refusal the workbook does not show."""
    elsewhere = Check("rate", BLOCK, "Chỉ tiêu 9.9: tỷ lệ ghi sai.", "9.9")
    r = record([elsewhere], {WHOLE: True}, requested=1)
    assert "9.9" not in codes_to_appraise(r, TT24)
    ws = load_workbook(write_appraisal(tmp_path / "phieu.xlsx", [r], TT24, 2025, "Sở Giáo dục và Đào tạo"))["Tham_dinh"]
    hs = next(i for i in range(5, ws.max_row + 1) if ws.cell(i, 4).value == WHOLE)
    assert (ws.cell(hs, 10).value, ws.cell(hs, 11).value) == ("Không đồng ý", elsewhere.text)
    assert elsewhere.text in ws.cell(hs, 9).value
    assert agreed_but_blocked(r, codes_to_appraise(r, TT24)) == [(WHOLE, elsewhere)]
    notice, = agreed_but_blocked_notices([r], {3: {WHOLE: "J5"}}, TT24)
    assert notice.startswith("Tham_dinh!J5:") and elsewhere.text in notice


def test_no_notice_where_the_specialist_did_not_agree_or_another_row_is_blocked():
    assert agreed_but_blocked(record([RATE], {WHOLE: True, "2.1": False, "1.1": True}), CODES) == []
    assert agreed_but_blocked(record([HELD], {WHOLE: False, "2.1": True}), CODES) == []


# --------------------------------------------------------------------------- the real CLI


@pytest.fixture(scope="module")
def stp(tmp_path_factory):
    return dossier_of(tmp_path_factory.mktemp("agree_blocked"), "STP")


def altered_rate(stp: Path, box: Path) -> None:
    shutil.copytree(stp, box / "STP")
    wb = load_workbook(box / "STP" / TABLE)
    ws = wb["Bang_tong_hop"]
    row = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "2.1")
    ws.cell(row, 6).value = 0.5                       # a rate that its counts do not give
    wb.save(box / "STP" / TABLE)


def agree_everywhere(path: Path, target: Path) -> int:
    """Every verdict “Đồng ý”, the prefilled “Không đồng ý” included; returns the row of indicator 2.1."""
    wb = load_workbook(path)
    ws = wb["Tham_dinh"]
    for r in range(5, ws.max_row + 1):
        ws.cell(r, 10).value, ws.cell(r, 11).value = "Đồng ý", None
    wb["Don_vi"].cell(2, 4).value = "cơ quan nhà nước"
    wb.save(target)
    return next(r for r in range(5, ws.max_row + 1) if ws.cell(r, 4).value == "2.1")


def test_an_agree_on_a_blocked_row_is_said_and_the_unit_refused_end_to_end(stp, tmp_path):
    altered_rate(stp, tmp_path / "ho_so_nhan")
    config = province_config(tmp_path, rules=confirmed_rules(tmp_path).name)
    so = tmp_path / "so"
    proc = run_cli("tinh", "nhan-ho-so", tmp_path / "ho_so_nhan", "--config", config, "--out", so)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    year = so / "2025"
    row = agree_everywhere(year / "phieu_tham_dinh.xlsx", tmp_path / "phieu_da_dien.xlsx")
    proc = run_cli("tinh", "tham-dinh", tmp_path / "phieu_da_dien.xlsx", "--config", config, "--out", so)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    reason = "Chỉ tiêu 2.1: tỷ lệ ghi 50,00% không khớp số liệu 30/30 = 100,00%."
    notice = (f"Tham_dinh!J{row}: kết luận “Đồng ý” của Sở Tư pháp, chỉ tiêu 2.1 không được tính vì kiểm tra tự động "
              f"không công nhận: {reason} Đơn vị chưa được công nhận cho đến khi gửi lại hồ sơ đã sửa.")
    assert proc.stdout.count(notice) == 1                     # said once, before the rest (the checklist file holds it too)
    assert proc.stdout.index(notice) < proc.stdout.index("Đề nghị công nhận: 0 đơn vị; chưa đủ điều kiện: 1")
    checklist = (year / "kiem_tra_truoc_khi_trinh.txt").read_text("utf-8")
    assert checklist.startswith("Kết luận “Đồng ý” không được tính") and f"  - {notice}" in checklist
    report = "\n".join(c.text for t in docx.Document(year / "1_bao_cao_ket_qua_tham_dinh.docx").tables
                       for r in t.rows for c in r.cells)
    assert "Sở Tư pháp" in report and "Chưa đủ điều kiện công nhận" in report and reason in report
    letter, = (year / "thong_bao_don_vi").glob("*.docx")
    assert reason in "\n".join(c.text for t in docx.Document(letter).tables for r in t.rows for c in r.cells)
    assert not (year / "3_du_thao_quyet_dinh_cong_nhan.docx").exists()
