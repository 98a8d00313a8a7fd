"""The Sở's checks of a unit's "Kết quả chung" (docs/tinh.md, "Kiểm tra tự động"): read into a level however a
hand wrote it, compared with the indicators of the same table and with the level the request asks for; and,
end to end, a dossier `dvht ho-so` made whose overall row was raised by hand, through `dvht tinh nhan-ho-so`
and `dvht tinh tham-dinh`."""
from __future__ import annotations

import shutil
import sqlite3
import unicodedata
from datetime import date
from decimal import Decimal

import docx
import pytest
from builders import run_cli
from openpyxl import load_workbook
from tinh_data import TT24, confirmed_rules, dossier_of, province_config

from dvht_batch.ledger.recognition import Standing
from dvht_batch.province.checks import BLOCK, OPEN, WARN, Case, overall_checks, run_checks
from dvht_batch.province.overall import BLANK, FAIL, LEVEL, UNREAD, read_overall
from dvht_batch.province.table import Claim, read_table

TABLE = "3_bang_tong_hop_tieu_chi.xlsx"
ON = date(2026, 1, 20)


# --------------------------------------------------------------------------- reading the row


@pytest.mark.parametrize("text, state, level", [
    ("Mức độ 2", LEVEL, 2), ("Mức độ 1", LEVEL, 1), ("Chưa đạt", FAIL, 0),          # what dvht ho-so writes
    ("MỨC ĐỘ 2", LEVEL, 2), ("  mức   độ 2 ", LEVEL, 2), ("Mức độ 2.", LEVEL, 2),
    (unicodedata.normalize("NFD", "Mức độ 1"), LEVEL, 1), ("muc do 2", LEVEL, 2),  # accents decomposed, or none
    ("Đạt mức độ 2", LEVEL, 2), ("Đạt Mức 1", LEVEL, 1), ("MĐ2", LEVEL, 2), ("M\u00d0 2", LEVEL, 2),
    ("Mức độ II", LEVEL, 2), ("Không đạt", FAIL, 0), ("chưa đạt mức độ 1", FAIL, 0),
    ("", BLANK, None),
    ("Chưa đạt mức độ 2", UNREAD, None),   # was mức độ 1 reached? not said
    ("Mức độ 3", UNREAD, None), ("Đạt", UNREAD, None), ("2", UNREAD, None), ("Xuất sắc", UNREAD, None),
])
def test_the_overall_row_is_read_however_a_hand_wrote_it(text, state, level):
    said = read_overall(text, TT24)
    assert (said.state, said.level, said.text) == (state, level, text)


def test_no_overall_row_is_no_statement():
    assert read_overall(None, TT24) is None


# --------------------------------------------------------------------------- the checks


def claims(level2: dict[str, str] | None = None, level1: dict[str, str] | None = None) -> dict[str, Claim]:
    """Every indicator of TT24 marked Đạt at both levels, except as `level1` / `level2` say; rates 30/30."""
    out = {}
    for i, c in enumerate(TT24.criteria, start=1):
        numbers = (30, 30, Decimal(1)) if c.kind == "member_ratio" else (None, None, None)
        verdicts = {1: (level1 or {}).get(c.code, "Đạt"), 2: (level2 or {}).get(c.code, "Đạt")}
        out[c.code] = Claim(c.code, i + 5, *numbers, {lv: v for lv, v in verdicts.items() if v})
    return out


def case(overall: str | None, requested: int | None, table: dict[str, Claim] | None = None) -> Case:
    return Case(table if table is not None else claims(), requested, "co_quan_nha_nuoc", Standing(on=ON), ON, overall)


LEVEL_1_ONLY = claims(level2={"3.3": "Không đạt", "3.1": ""})


def said(checks) -> list[tuple[str, str, str]]:
    return [(c.kind, c.effect, c.text) for c in checks]


def test_an_overall_level_above_what_the_indicators_support_blocks_naming_them():
    checks = overall_checks(TT24, case("Mức độ 2", 2, LEVEL_1_ONLY))
    assert said(checks) == [("overall-above-table", BLOCK,
                             "Kết quả chung của bảng tổng hợp ghi “Mức độ 2” nhưng chính bảng chỉ đạt mức độ 1: chỉ tiêu "
                             "3.1 (để trống), 3.3 (Không đạt) ở mức độ 2 không ghi “Đạt”.")]
    assert checks[0].code == "" and checks[0].level is None   # the dossier as a whole, whatever level is asked


def test_an_overall_level_the_indicators_support_at_no_level_blocks():
    table = claims(level1={"1.4": "Không đạt"}, level2={"1.4": "Không đạt"})
    assert said(overall_checks(TT24, case("Mức độ 1", 1, table))) == [(
        "overall-above-table", BLOCK, "Kết quả chung của bảng tổng hợp ghi “Mức độ 1” nhưng chính bảng không đạt đủ các "
                                      "chỉ tiêu của mức độ nào: chỉ tiêu 1.4 (Không đạt) ở mức độ 1 không ghi “Đạt”.")]


def test_an_overall_level_below_the_request_blocks_the_level_asked():
    checks = overall_checks(TT24, case("Mức độ 1", 2))
    assert said(checks) == [("overall-below-request", BLOCK,
                             "Văn bản đề nghị công nhận mức độ 2 nhưng Kết quả chung của bảng tổng hợp ghi “Mức độ 1”; "
                             "các chỉ tiêu của mức độ 2 trong bảng đều ghi “Đạt”: đơn vị cần ghi thống nhất Kết quả chung "
                             "và văn bản đề nghị.")]
    assert checks[0].level == 2
    failed = overall_checks(TT24, case("Chưa đạt", 1, LEVEL_1_ONLY))
    assert said(failed)[0][:2] == ("overall-below-request", BLOCK) and "ghi “Chưa đạt”" in failed[0].text


def test_below_the_request_names_the_indicators_the_table_does_not_mark():
    checks = overall_checks(TT24, case("Mức độ 1", 2, LEVEL_1_ONLY))
    assert [c.text for c in checks] == ["Văn bản đề nghị công nhận mức độ 2 nhưng Kết quả chung của bảng tổng hợp ghi "
                                        "“Mức độ 1”; chỉ tiêu 3.1 (để trống), 3.3 (Không đạt) ở mức độ 2 không ghi “Đạt”."]


def test_an_overall_level_above_the_request_is_for_the_specialist_to_look_at():
    checks = overall_checks(TT24, case("Mức độ 2", 1))
    assert said(checks) == [("overall-above-request", WARN,
                             "Kết quả chung của bảng tổng hợp ghi “Mức độ 2” nhưng văn bản đề nghị công nhận mức độ 1: hồ "
                             "sơ được xét theo mức độ 1 như văn bản đề nghị; đối chiếu với đơn vị.")]


def test_above_the_table_and_above_the_request_are_both_said():
    kinds = [(c.kind, c.effect) for c in overall_checks(TT24, case("MĐ2", 1, LEVEL_1_ONLY))]
    assert kinds == [("overall-above-table", BLOCK), ("overall-above-request", WARN)]


@pytest.mark.parametrize("overall, requested, table", [
    ("Mức độ 2", 2, None), ("mức độ 1", 1, LEVEL_1_ONLY),      # equal to the request, supported by the indicators
    ("Mức độ 1", None, None),                                  # no request letter: only the table is compared
    ("", 2, LEVEL_1_ONLY), (None, 2, LEVEL_1_ONLY),            # a blank row, no row (the Sở's template)
])
def test_nothing_is_said_when_the_row_agrees_is_blank_or_absent(overall, requested, table):
    assert overall_checks(TT24, case(overall, requested, table)) == []


def test_an_unreadable_overall_row_leaves_the_dossier_open():
    checks = overall_checks(TT24, case("Đạt xuất sắc", 2))
    assert said(checks) == [("overall-unread", OPEN,
                             "Không đọc được Kết quả chung của bảng tổng hợp (“Đạt xuất sắc”; cần ghi Mức độ 1, Mức độ 2 "
                             "hoặc Chưa đạt): chưa kết luận; chuyên viên xem bảng, đề nghị đơn vị gửi lại bảng ghi rõ kết "
                             "quả.")]


def test_the_overall_checks_come_after_the_others_which_stay_as_they_were():
    before = run_checks(TT24, case(None, 2, LEVEL_1_ONLY))
    after = run_checks(TT24, case("Mức độ 2", 2, LEVEL_1_ONLY))
    assert before and after[:len(before)] == before
    assert [c.kind for c in after[len(before):]] == ["overall-above-table"]


# --------------------------------------------------------------------------- the real table, the real CLI


@pytest.fixture(scope="module")
def stp(tmp_path_factory):
    """Sở Tư pháp's ho_so folder for 2025 (its table: Kết quả chung “Mức độ 1”; 3.3 “Không đạt” at mức độ 2)."""
    return dossier_of(tmp_path_factory.mktemp("overall"), "STP")


def overall_cell(ws):
    row = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "Kết quả chung")
    return row, next(c for c in range(2, ws.max_column + 1) if ws.cell(row, c).value)


def test_the_table_reader_tells_no_row_from_a_blank_one_and_reads_any_level_column(stp, tmp_path):
    path = tmp_path / TABLE
    shutil.copy(stp / TABLE, path)
    assert read_table(path, TABLE, TT24, 2025).overall == "Mức độ 1"
    wb = load_workbook(path)
    ws = wb["Bang_tong_hop"]
    row, col = overall_cell(ws)
    ws.unmerge_cells(start_row=row, start_column=col, end_row=row, end_column=ws.max_column)
    ws.cell(row, col).value, ws.cell(row, col + 1).value = None, "Mức độ 2"   # written under the Mức độ 2 column
    wb.save(path)
    assert read_table(path, TABLE, TT24, 2025).overall == "Mức độ 2"
    ws.cell(row, col + 1).value = None
    wb.save(path)
    assert read_table(path, TABLE, TT24, 2025).overall == ""
    ws.delete_rows(row)
    wb.save(path)
    assert read_table(path, TABLE, TT24, 2025).overall is None


def test_a_table_raised_by_hand_above_its_indicators_is_refused_end_to_end(stp, tmp_path):
    box = tmp_path / "ho_so_nhan" / "STP"
    shutil.copytree(stp, box)
    wb = load_workbook(box / TABLE)
    ws = wb["Bang_tong_hop"]
    ws.cell(*overall_cell(ws)).value = "Mức độ 2"        # the request still asks for mức độ 1
    wb.save(box / TABLE)
    config = province_config(tmp_path, rules=confirmed_rules(tmp_path).name)
    proc = run_cli("tinh", "nhan-ho-so", box.parent, "--config", config, "--out", tmp_path / "so")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    above = ("Kết quả chung của bảng tổng hợp ghi “Mức độ 2” nhưng chính bảng chỉ đạt mức độ 1: chỉ tiêu 3.3 (Không "
             "đạt) ở mức độ 2 không ghi “Đạt”.")
    warn = ("Kết quả chung của bảng tổng hợp ghi “Mức độ 2” nhưng văn bản đề nghị công nhận mức độ 1: hồ sơ được xét "
            "theo mức độ 1 như văn bản đề nghị; đối chiếu với đơn vị.")
    sheet = load_workbook(tmp_path / "so" / "2025" / "phieu_tham_dinh.xlsx")["Tham_dinh"]
    whole = next(r for r in sheet.iter_rows(min_row=5, values_only=True) if r[3] == "HS")
    assert whole[1] == "Sở Tư pháp" and whole[8].split("\n")[-2:] == [above, warn]
    assert whole[9] == "Không đồng ý" and above in whole[10] and warn not in whole[10]
    with sqlite3.connect(tmp_path / "so" / "tinh.sqlite") as conn:
        assert conn.execute("SELECT overall FROM dossiers").fetchall() == [("Mức độ 2",)]
        rows = conn.execute("SELECT kind, effect, text, code, level FROM checks WHERE kind LIKE 'overall-%' "
                            "ORDER BY rowid").fetchall()
    assert rows == [("overall-above-table", "block", above, "", None), ("overall-above-request", "warn", warn, "", 1)]
    filled = tmp_path / "phieu_da_dien.xlsx"
    wb = load_workbook(tmp_path / "so" / "2025" / "phieu_tham_dinh.xlsx")
    for r in range(5, wb["Tham_dinh"].max_row + 1):
        wb["Tham_dinh"].cell(r, 10).value = wb["Tham_dinh"].cell(r, 10).value or "Đồng ý"
    wb["Don_vi"].cell(2, 4).value = "cơ quan nhà nước"
    wb.save(filled)
    proc = run_cli("tinh", "tham-dinh", filled, "--config", config, "--out", tmp_path / "so")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    year = tmp_path / "so" / "2025"
    assert not (year / "3_du_thao_quyet_dinh_cong_nhan.docx").exists()   # nothing to recognise
    letter = "\n".join(c.text for t in docx.Document(next((year / "thong_bao_don_vi").glob("*.docx")))
                       .tables for row in t.rows for c in row.cells)
    assert f"Hồ sơ\nHồ sơ đề nghị công nhận\n{above}" in letter and warn not in letter   # a row of the table
    checklist = (year / "kiem_tra_truoc_khi_trinh.txt").read_text("utf-8")
    assert f"Sở Tư pháp: {warn}" in checklist
