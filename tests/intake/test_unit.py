"""The unit workbook: Thong_tin without Mã phòng, and Tieu_chi (self-assessed points or Đạt)."""
from decimal import Decimal

import pytest
from builders import LEVELS_RULES, by_code, errors_at, unit_sheets, write_xlsx

from dvht_batch.models import FileKind, Title
from dvht_batch.rules import parse_rule_set

# the levels-scheme rule set of builders, with a second unit-input indicator
UNIT_INPUT_RULES = LEVELS_RULES + """
[[tieu_chi]]
ma = "1.2"
nhom = "1"
noi_dung = "Có quy chế khuyến khích học tập"
loai = "don_vi_tu_cham"
"""


def test_unit_workbook_points(tmp_path, read):
    rec = read(write_xlsx(tmp_path / "don_vi.xlsx", unit_sheets(danh_hieu_tap_the="TTLĐXS")))
    assert rec.findings == []
    assert rec.kind is FileKind.UNIT and rec.department is None and rec.unit_code == "STC"
    assert rec.collective_title is Title.TTLDXS
    scores = {code: item.self_score for code, item in rec.unit_inputs.items()}
    assert scores == {"1a": Decimal("10"), "1b": Decimal("9.5"), "1c": Decimal("8.25"), "3c": Decimal("5")}
    assert rec.unit_inputs["1b"].row == 4
    assert rec.unit_inputs["1a"].evidence == "KH số 12/KH-STC ngày 05/01/2025 (1a)"


@pytest.mark.parametrize("value", ["9.5", " 9,50 ", 9.5, "9,5 điểm"])
def test_decimal_forms(tmp_path, read, value):
    rec = read(write_xlsx(tmp_path / "u.xlsx", unit_sheets({"1a": value, "1b": 1, "1c": 0, "3c": 5})))
    assert rec.errors == [] and rec.unit_inputs["1a"].self_score == Decimal("9.5")


def test_score_errors_name_the_cell(tmp_path, read):
    rec = read(write_xlsx(tmp_path / "u.xlsx", unit_sheets({"1a": "mười", "1b": 10.5, "1c": None, "3c": -1})))
    errs = errors_at(rec)
    assert errs["Tieu_chi!D3"].code == "bad-score" and "\"mười\"" in errs["Tieu_chi!D3"].message
    assert errs["Tieu_chi!D4"].code == "score-out-of-range" and "từ 0 đến 10" in errs["Tieu_chi!D4"].message
    assert errs["Tieu_chi!D5"].code == "missing-value"
    assert errs["Tieu_chi!D6"].code == "score-out-of-range" and "từ 0 đến 5" in errs["Tieu_chi!D6"].message


def test_missing_and_unknown_criteria(tmp_path, read):
    rec = read(write_xlsx(tmp_path / "u.xlsx", unit_sheets({"1a": 10, "1b": 10, "9z": 3, "1.C": 7})))
    missing = by_code(rec, "missing-criterion")
    assert [f.code for f in rec.errors] == ["missing-criterion"] and "3c" in missing[0].message
    assert by_code(rec, "unknown-criterion")[0].location == "Tieu_chi!A5"
    assert rec.unit_inputs["1c"].self_score == Decimal(7)  # "1.C" is 1c


def test_duplicate_criterion(tmp_path, read):
    rec = read(write_xlsx(tmp_path / "u.xlsx", unit_sheets(extra_rows=[["1a", "", 10, 5]])))
    assert by_code(rec, "duplicate-criterion")[0].location == "Tieu_chi!A7"


def test_wrong_unit_code_in_unit_workbook(tmp_path, read):
    rec = read(write_xlsx(tmp_path / "u.xlsx", unit_sheets(ma_don_vi="SYT")))
    assert errors_at(rec)["Thong_tin!B1"].code == "wrong-unit"


def test_levels_scheme_reads_dat(tmp_path, read):
    rule_set = parse_rule_set(UNIT_INPUT_RULES, "test")
    sheets = unit_sheets({})
    sheets["Tieu_chi"] += [["1.1", "Kế hoạch", None, None, "Đạt", "KH 01"], ["1.2", "Quy chế", None, None, "không"]]
    rec = read(write_xlsx(tmp_path / "u.xlsx", sheets), rule_set)
    assert rec.errors == []
    assert rec.unit_inputs["1.1"].passed is True and rec.unit_inputs["1.2"].passed is False
    assert rec.unit_inputs["1.1"].self_score is None


def test_levels_scheme_requires_dat(tmp_path, read):
    rule_set = parse_rule_set(UNIT_INPUT_RULES, "test")
    sheets = unit_sheets({})
    sheets["Tieu_chi"] += [["1.1", "Kế hoạch", None, None, None], ["1.2", "Quy chế", None, None, "tốt"]]
    errs = errors_at(read(write_xlsx(tmp_path / "u.xlsx", sheets), rule_set))
    assert errs["Tieu_chi!E3"].code == "missing-value" and errs["Tieu_chi!E4"].code == "bad-value"


def test_max_points_mismatch_is_a_warning(tmp_path, read):
    sheets = unit_sheets()
    sheets["Tieu_chi"][2][2] = 15
    rec = read(write_xlsx(tmp_path / "u.xlsx", sheets))
    assert rec.errors == [] and by_code(rec, "max-mismatch")[0].location == "Tieu_chi!C3"
