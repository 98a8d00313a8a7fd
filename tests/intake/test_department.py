"""Department workbooks: clean, messy, and every cell-level error with its exact reference."""
from datetime import date, datetime

import pytest
from builders import (COL, HEADERS, OMIT, by_code, department_sheets, errors_at, info, member, members_rows,
                      write_department, write_xlsx)

from dvht_batch.models import FileKind, PlanStatus, Severity, Title
from dvht_batch.period import Period


def test_clean_department_file(tmp_path, read):
    (tmp_path / "phong").mkdir()
    path = write_department(tmp_path / "phong" / "VP.xlsx")
    rec = read(path)
    assert rec.findings == []
    assert rec.path == "phong/VP.xlsx"
    assert rec.source == path.absolute()
    assert rec.kind is FileKind.DEPARTMENT
    assert (rec.unit_code, rec.department, rec.department_name) == ("STC", "VP", "Văn phòng")
    assert rec.period == Period(2025, 11) and rec.period_cell == "B4"
    assert rec.created == date(2025, 11, 5)
    assert rec.author == "Trần Thị Bình"
    assert rec.collective_title is Title.TTLDTT
    assert rec.readable and rec.size == path.stat().st_size and len(rec.sha256) == 64
    assert isinstance(rec.modified, datetime)
    assert [m.name for m in rec.members] == ["Nguyễn Văn An", "Trần Thị Bình"]
    first = rec.members[0]
    assert first.row == 2 and first.department == "VP"
    assert first.answers["ke_hoach_tu_hoc"] is PlanStatus.APPROVED
    assert first.answers["tuan_thu_ky_luat"] is True
    assert first.answers["danh_hieu_thi_dua"] is Title.LDTT
    assert all(first.answers[f"nl{i}"] is True for i in range(1, 9))
    assert (first.birth_year, first.gender, first.position) == (1985, "Nam", "Chuyên viên")
    assert rec.members[1].gender == "Nữ"
    assert rec.status.value == "ignored"  # intake never settles statuses


def test_messy_department_file(tmp_path, read):
    """Title rows with a merged title, reordered columns, odd headers, loose vocabularies, stray spaces."""
    headers = ["tt", "HỌ VÀ TÊN (*)", "Danh hiệu thi đua (năm 2025)", "Kế hoạch  tự học tập",
               "Hoàn thành\nchương trình bồi dưỡng", "Chấp hành kỷ luật", "Năm sinh",
               *[f"nl {i} (Có/Không)" for i in range(1, 9)], "Ghi chú", "Cột lạ của phòng"]
    keys = ["STT", "Họ và tên", "Danh hiệu thi đua", "Kế hoạch tự học", "Hoàn thành bồi dưỡng",
            "Tuân thủ kỷ luật", "Năm sinh", *[f"NL{i}" for i in range(1, 9)], "Ghi chú", "lạ"]
    members = [
        member("Nguyễn\u00a0Văn  An\u200b", **{"Tuân thủ kỷ luật": "co", "NL3": "x", "Danh hiệu thi đua": "LĐTT",
                                            "Năm sinh": "1980"}),
        member("Lê Thị Hoà", **{"Tuân thủ kỷ luật": "✓", "Hoàn thành bồi dưỡng": "không",
                                "Danh hiệu thi đua": "CSTĐCS", "Kế hoạch tự học": "da dang ky", "NL8": 0,
                                "Năm sinh": 1979.0}),
        member("Ðặng Văn Cường", **{"Tuân thủ kỷ luật": True, "Kế hoạch tự học": "CHƯA ĐĂNG KÝ",
                                    "Danh hiệu thi đua": "chưa xét", "NL1": "Đạt", "lạ": "bỏ qua"}),
    ]
    rows = members_rows(members, headers, keys, above=[["SỞ TÀI CHÍNH"], ["DANH SÁCH THÀNH VIÊN NĂM 2025"], []])
    rows.insert(5, [None] * len(headers))          # blank row in the middle
    rows.insert(6, [7] + [None] * (len(headers) - 1))  # pre-numbered row (only STT): blank too
    path = write_xlsx(tmp_path / "VP (1).xlsx",
                      {"Thông tin": [["THÔNG TIN CHUNG"]] + [[f"{label} :", value] for label, value in info()],
                       "Thanh vien": rows},
                      merges={"Thanh vien": [(1, 0, 1, len(headers) - 1, "DANH SÁCH THÀNH VIÊN NĂM 2025")]})
    rec = read(path)
    assert rec.errors == []
    assert rec.kind is FileKind.DEPARTMENT and rec.department == "VP"
    names = [m.name for m in rec.members]
    assert names == ["Nguyễn Văn An", "Lê Thị Hoà", "Đặng Văn Cường"]
    a, b, c = rec.members
    assert a.row == 5 and b.row == 8 and c.row == 9  # header on row 4; rows 6–7 blank
    assert a.answers["tuan_thu_ky_luat"] is True and a.answers["nl3"] is True and a.birth_year == 1980
    assert a.answers["danh_hieu_thi_dua"] is Title.LDTT
    assert b.answers["hoan_thanh_boi_duong"] is False and b.answers["nl8"] is False
    assert b.answers["danh_hieu_thi_dua"] is Title.CSTD_CO_SO and b.birth_year == 1979
    assert b.answers["ke_hoach_tu_hoc"] is PlanStatus.REGISTERED
    assert c.answers["ke_hoach_tu_hoc"] is PlanStatus.NONE
    assert c.answers["danh_hieu_thi_dua"] is Title.PENDING and c.answers["nl1"] is True
    assert c.answers["tuan_thu_ky_luat"] is True


def _errors(tmp_path, read, members, **info_values):
    rec = read(write_department(tmp_path / "VP.xlsx", members, **info_values))
    return rec, errors_at(rec)


def test_empty_required_cell_is_an_error_with_its_cell(tmp_path, read):
    rec, errs = _errors(tmp_path, read, [member("A"), member("Nguyễn Văn Bảy", **{"Hoàn thành bồi dưỡng": None})])
    f = errs[f"Thanh_vien!{COL['Hoàn thành bồi dưỡng']}3"]
    assert f.code == "missing-value" and f.value is None and f.cell == "H3" and f.sheet == "Thanh_vien"
    assert "Thanh_vien!H3" in f.message and "Hoàn thành bồi dưỡng" in f.message and "Nguyễn Văn Bảy" in f.message
    assert "Có hoặc Không" in f.message
    assert len(rec.errors) == 1


def test_unreadable_values_name_cell_value_and_allowed_values(tmp_path, read):
    rec, errs = _errors(tmp_path, read, [member("An", **{"Tuân thủ kỷ luật": "tốt", "Kế hoạch tự học": "rồi",
                                                        "Danh hiệu thi đua": "Lao động giỏi", "NL5": 2})])
    g2 = errs["Thanh_vien!G2"]
    assert g2.code == "bad-value" and g2.value == "tốt" and "\"tốt\"" in g2.message and "Có hoặc Không" in g2.message
    f2 = errs["Thanh_vien!F2"]
    assert f2.value == "rồi" and "Đã phê duyệt, Đã đăng ký hoặc Chưa đăng ký" in f2.message
    i2 = errs["Thanh_vien!I2"]
    assert i2.code == "bad-title" and "Lao động tiên tiến" in i2.message and "Chiến sĩ thi đua cơ sở" in i2.message
    n2 = errs["Thanh_vien!N2"]
    assert n2.value == "2"
    assert len(rec.errors) == 4


@pytest.mark.parametrize("value, fragment", [
    ("Bằng khen", "khen thưởng"),
    ("Hoàn thành xuất sắc nhiệm vụ", "xếp loại chất lượng"),
    ("HTXSNV", "xếp loại chất lượng"),
])
def test_commendation_or_rating_in_title_cell(tmp_path, read, value, fragment):
    rec, errs = _errors(tmp_path, read, [member("An", **{"Danh hiệu thi đua": value})])
    f = errs["Thanh_vien!I2"]
    assert f.code == "not-a-title" and fragment in f.message and f.value == value


def test_collective_title_for_a_member_is_an_error(tmp_path, read):
    rec, errs = _errors(tmp_path, read, [member("An", **{"Danh hiệu thi đua": "Tập thể lao động tiên tiến"})])
    assert errs["Thanh_vien!I2"].code == "bad-title" and "tập thể" in errs["Thanh_vien!I2"].message


def test_excluded_member_may_leave_criteria_empty(tmp_path, read):
    blank = {h: None for h in HEADERS[5:17]}
    rec, errs = _errors(tmp_path, read, [member("An"), member("Bình", **blank, **{"Không tính": "Nghỉ thai sản"})])
    assert rec.errors == []
    assert rec.members[1].excluded and rec.members[1].excluded_reason == "Nghỉ thai sản"
    assert rec.members[1].answers == {}


def test_exclusion_mark_without_reason(tmp_path, read):
    members = [member("An", **{"Không tính": "x"}), member("Bình", **{"Không tính": "Không"})]
    rec, errs = _errors(tmp_path, read, members)
    assert errs["Thanh_vien!R2"].code == "missing-reason"
    assert not rec.members[1].excluded  # "Không" in "Không tính" means: counted


def test_missing_required_column_is_one_error(tmp_path, read):
    headers = [h for h in HEADERS if h != "NL3"]
    rows = members_rows([member("An"), member("Bình")], headers)
    rec = read(write_xlsx(tmp_path / "VP.xlsx", {"Thong_tin": info(), "Thanh_vien": rows}))
    missing = by_code(rec, "missing-column")
    assert len(missing) == 1 and "\"NL3\"" in missing[0].message and "dòng 1" in missing[0].message
    assert len(rec.errors) == 1  # the other columns are still read, no per-row noise


def test_missing_name_column_is_one_error_not_one_per_row(tmp_path, read):
    headers = [h if h != "Họ và tên" else "Tên đầy đủ của người" for h in HEADERS]
    rows = members_rows([member("An"), member("Bình")], headers, HEADERS)
    rec = read(write_xlsx(tmp_path / "VP.xlsx", {"Thong_tin": info(), "Thanh_vien": rows}))
    assert [f.code for f in rec.errors] == ["missing-column"] and "Họ và tên" in rec.errors[0].message


def test_duplicate_recognised_column(tmp_path, read):
    headers = HEADERS + ["Tuân thủ kỷ luật (bổ sung)"]
    rows = members_rows([member("An")], headers)
    rec = read(write_xlsx(tmp_path / "VP.xlsx", {"Thong_tin": info(), "Thanh_vien": rows}))
    f = by_code(rec, "duplicate-column")[0]
    assert f.location == "Thanh_vien!T1" and "G1" in f.message


def test_no_header_row(tmp_path, read):
    rec = read(write_xlsx(tmp_path / "VP.xlsx", {"Thong_tin": info(), "Thanh_vien": [["a", "b"], ["c", "d"]]}))
    assert [f.code for f in rec.errors] == ["no-header"]


def test_birth_year_gender_and_duplicate_names_are_warnings(tmp_path, read):
    rec, errs = _errors(tmp_path, read, [member("An", **{"Năm sinh": "khoảng 1980", "Giới tính": "?"}),
                                         member("Nguyễn Văn Bảy", **{"Năm sinh": 1850}), member("nguyễn văn bảy")])
    assert rec.errors == []
    codes = {(f.code, f.location) for f in rec.warnings}
    assert ("bad-year", "Thanh_vien!C2") in codes and ("bad-year", "Thanh_vien!C3") in codes
    assert ("bad-gender", "Thanh_vien!D2") in codes
    assert ("duplicate-member", "Thanh_vien!B4") in codes
    assert all(f.severity is Severity.WARNING for f in rec.warnings)


def test_section_rows_totals_and_signatures_are_not_members(tmp_path, read):
    blank = {h: None for h in HEADERS[2:]}
    rows = members_rows([member("I. Lãnh đạo phòng", **blank), member("Nguyễn Văn An"),
                         member("Tổng cộng", **blank), member("Tống Văn Bình")])
    rows += [[None, "Người lập biểu", None, None, None, None, None, None, "Trưởng phòng"],
             [None, "(Ký, ghi rõ họ tên)"]]
    rec = read(write_xlsx(tmp_path / "VP.xlsx", {"Thong_tin": info(), "Thanh_vien": rows}))
    assert [m.name for m in rec.members] == ["Nguyễn Văn An", "Tống Văn Bình"]
    assert rec.errors == []
    assert {f.location for f in by_code(rec, "row-skipped")} == {"Thanh_vien!B2", "Thanh_vien!B4"}


def test_row_with_answers_but_no_name(tmp_path, read):
    rec, errs = _errors(tmp_path, read, [member("An"), member(None)])
    assert errs["Thanh_vien!B3"].code == "missing-name"


def test_formula_looking_text_stays_text(tmp_path, read):
    evil = "=HYPERLINK(\"http://x\",\"y\")"
    rec, errs = _errors(tmp_path, read, [member(evil, **{"Ghi chú": "+1+1", "Chức vụ": "@SUM(A1)"})])
    m = rec.members[0]
    assert (m.name, m.note, m.position) == (evil, "+1+1", "@SUM(A1)")


def test_numbering_row_under_header_is_skipped(tmp_path, read):
    rows = members_rows([member("An")])
    rows.insert(1, [f"({i})" for i in range(1, len(HEADERS) + 1)])
    rec = read(write_xlsx(tmp_path / "VP.xlsx", {"Thong_tin": info(), "Thanh_vien": rows}))
    assert rec.errors == [] and [m.row for m in rec.members] == [3]


# --------------------------------------------------------------------------- Thong_tin


def test_wrong_unit_code(tmp_path, read):
    rec, errs = _errors(tmp_path, read, None, ma_don_vi="SXD")
    f = errs["Thong_tin!B1"]
    assert f.code == "wrong-unit" and "SXD" in f.message and "STC" in f.message


def test_unit_code_is_case_insensitive(tmp_path, read):
    rec, _ = _errors(tmp_path, read, None, ma_don_vi="stc", ma_phong="vp")
    assert rec.errors == [] and rec.department == "VP"


def test_unknown_department(tmp_path, read):
    rec, errs = _errors(tmp_path, read, None, ma_phong="XYZ")
    f = errs["Thong_tin!B2"]
    assert f.code == "unknown-department" and "XYZ" in f.message and "KT" in f.message and "TCHC" in f.message
    assert rec.department is None


def test_missing_required_labels_and_values(tmp_path, read):
    rec, errs = _errors(tmp_path, read, None, ma_phong=OMIT, ky_bao_cao=None)
    missing = by_code(rec, "missing-label")
    assert len(missing) == 1 and "Mã phòng" in missing[0].message and missing[0].location == "Thong_tin"
    # Mã phòng gone: Kỳ báo cáo moved up to row 3
    assert errs["Thong_tin!B3"].code == "missing-value" and "Kỳ báo cáo" in errs["Thong_tin!B3"].message


@pytest.mark.parametrize("value, expected", [
    ("11/2025", Period(2025, 11)),
    ("Tháng 11/2025", Period(2025, 11)),
    ("2025", Period(2025)),
    (2025, Period(2025)),
    ("Năm 2025", Period(2025)),
    (datetime(2025, 11, 1), Period(2025, 11)),  # Excel turned a typed 11/2025 into a date
    (date(2025, 3, 1), Period(2025, 3)),
    (45962, Period(2025, 11)),                  # the same date as a bare serial number
    ("2025-11", Period(2025, 11)),
])
def test_period_forms(tmp_path, read, value, expected):
    rec, _ = _errors(tmp_path, read, None, ky_bao_cao=value)
    assert rec.errors == [] and rec.period == expected


def test_full_date_as_period_is_read_as_its_month_with_a_warning(tmp_path, read):
    for value in (datetime(2025, 11, 15), "15/11/2025"):
        rec, _ = _errors(tmp_path, read, None, ky_bao_cao=value)
        assert rec.errors == [] and rec.period == Period(2025, 11)
        assert [(f.code, f.location) for f in rec.warnings] == [("period-from-date", "Thong_tin!B4")]


@pytest.mark.parametrize("value", ["13/2025", "quý 4", "11/25"])
def test_bad_period(tmp_path, read, value):
    rec, errs = _errors(tmp_path, read, None, ky_bao_cao=value)
    assert errs["Thong_tin!B4"].code == "bad-period" and "MM/YYYY" in errs["Thong_tin!B4"].message


@pytest.mark.parametrize("value, expected", [
    (datetime(2025, 11, 5), date(2025, 11, 5)),  # a real Excel date
    (45966, date(2025, 11, 5)),                  # an Excel serial number
    ("05/11/2025", date(2025, 11, 5)),           # typed, day-first
    ("5/3/2025", date(2025, 3, 5)),              # never month-first
    ("ngày 05 tháng 3 năm 2025", date(2025, 3, 5)),
])
def test_created_date_forms(tmp_path, read, value, expected):
    rec, _ = _errors(tmp_path, read, None, ngay_lap=value)
    assert rec.findings == [] and rec.created == expected


def test_bad_created_date_is_a_warning(tmp_path, read):
    rec, _ = _errors(tmp_path, read, None, ngay_lap="hôm qua")
    assert rec.errors == [] and by_code(rec, "bad-date")[0].location == "Thong_tin!B5" and rec.created is None


@pytest.mark.parametrize("value, code", [("Lao động tiên tiến", "bad-title"), ("Bằng khen", "not-a-title"),
                                         ("Xuất sắc", "bad-title")])
def test_collective_title_must_be_collective(tmp_path, read, value, code):
    rec, errs = _errors(tmp_path, read, None, danh_hieu_tap_the=value)
    assert errs["Thong_tin!B7"].code == code and "Tập thể lao động tiên tiến" in errs["Thong_tin!B7"].message


@pytest.mark.parametrize("value, title", [("TTLĐXS", Title.TTLDXS), ("Chưa xét", Title.PENDING),
                                          ("Không", Title.NONE), (None, None)])
def test_collective_title_values(tmp_path, read, value, title):
    rec, _ = _errors(tmp_path, read, None, danh_hieu_tap_the=value)
    assert rec.errors == [] and rec.collective_title is title


def test_missing_members_sheet_is_an_error(tmp_path, read):
    rec = read(write_xlsx(tmp_path / "VP.xlsx", {"Thong_tin": info(), "Danh sach": [["x"]]}))
    assert rec.kind is FileKind.DEPARTMENT and [f.code for f in rec.errors] == ["missing-sheet"]


def test_info_sheet_alone_is_an_error(tmp_path, read):
    rec = read(write_xlsx(tmp_path / "x.xlsx", {"Thong_tin": info(ma_phong=OMIT)}))
    assert rec.kind is FileKind.UNKNOWN and [f.code for f in rec.errors] == ["missing-sheet"]
    assert "Thanh_vien" in rec.errors[0].message and "Tieu_chi" in rec.errors[0].message


def test_workbook_of_another_kind_is_rejected_saying_it_is_not_the_form(tmp_path, read):
    """A spreadsheet that arrived is a submission gone wrong, not a thing to ignore (docs/hop-dong.md §5)."""
    rec = read(write_xlsx(tmp_path / "bang_luong.xlsx", {"Sheet1": [["Lương"], [1]]}))
    assert rec.kind is FileKind.UNKNOWN and [f.code for f in rec.errors] == ["not-a-template"]
    assert "không theo biểu mẫu" in rec.errors[0].message and rec.ignored_reason is None and rec.readable


def test_tt24_like_rule_set_requires_its_columns(tmp_path, read, rules):
    import dataclasses

    from dvht_batch.rules import Criterion
    extra = Criterion(code="3x", group="3", text="Công dân học tập", kind="member_ratio", column="cong_dan_hoc_tap",
                      predicate="co")
    rule_set = dataclasses.replace(rules, criteria=rules.criteria + (extra,))
    rec = read(write_department(tmp_path / "VP.xlsx"), rule_set)
    missing = by_code(rec, "missing-column")
    assert len(missing) == 1 and "Công dân học tập" in missing[0].message


def test_department_sheets_default_is_clean(tmp_path, read):
    assert read(write_xlsx(tmp_path / "x.xlsx", department_sheets())).findings == []
