"""The quick path of the member reader (cached clean values) gives exactly what cell-by-cell validation gives."""
from hypothesis import given, settings
from hypothesis import strategies as st

from dvht_batch.intake import members_sheet
from dvht_batch.intake.cells import Findings
from dvht_batch.intake.members_sheet import read_members
from dvht_batch.models import Severity

HEADER = ["STT", "Họ và tên", "Năm sinh", "Giới tính", "Kế hoạch tự học", "Tuân thủ kỷ luật", "Hoàn thành bồi dưỡng",
          "Danh hiệu thi đua", "NL1", "Không tính", "Ghi chú"]
REQUIRED = {"ho_ten", "ke_hoach_tu_hoc", "tuan_thu_ky_luat", "hoan_thanh_boi_duong", "danh_hieu_thi_dua"}

answers = st.sampled_from(["Có", "có", " Có ", "x", "X", "Không", "không", "0", "1", "", " ", "\u200b", "Đã phê duyệt",
                           "Đã đăng ký", "Chưa đăng ký", "LĐTT", "Lao động tiên tiến", "Chiến sĩ thi đua cơ sở",
                           "Tập thể lao động tiên tiến", "Bằng khen", "Hoàn thành tốt nhiệm vụ", "Chưa xét", "?",
                           "=1+1", 1.0, 0.0, True, False, 2025.0])
rows = st.lists(st.tuples(
    st.sampled_from(["Nguyễn Văn An", "Trần Thị Bình", "", "Tổng cộng", "I. Lãnh đạo", "Lê Văn An"]),
    st.sampled_from(["", 1985.0, "1990", "abc", 1800.0]), st.sampled_from(["", "Nam", "nữ", "Nu", "?", 1.0]),
    answers, answers, answers, answers, answers,
    st.sampled_from(["", "Nghỉ thai sản", "x", "Không"]), st.sampled_from(["", "ghi chú", 3.0])), max_size=12)


def _read(table):
    out = Findings("P.xlsx")
    members = read_members(table, "Thanh_vien", "P1", REQUIRED, out)
    return members, [(f.severity, f.code, f.cell, f.message) for f in out.items]


@settings(max_examples=300, deadline=None)
@given(rows=rows)
def test_quick_path_equals_cell_by_cell_validation(rows):
    table = [HEADER] + [[i + 1, name, birth, gender, *criteria, reason, note]
                        for i, (name, birth, gender, *criteria, reason, note) in enumerate(rows)]
    quick = _read(table)
    original = members_sheet._quick_answers
    members_sheet._quick_answers = lambda row, spec: None
    try:
        slow = _read(table)
    finally:
        members_sheet._quick_answers = original
    assert quick == slow


def test_quick_path_is_taken_for_clean_rows_and_left_for_others(monkeypatch):
    taken = []
    original = members_sheet._quick_answers

    def spy(row, spec):
        result = original(row, spec)
        taken.append(result is not None and bool(result))
        return result

    monkeypatch.setattr(members_sheet, "_quick_answers", spy)
    table = [HEADER,
             [1, "Nguyễn Văn An", 1985.0, "Nam", "Đã phê duyệt", "Có", "Có", "LĐTT", "", "", ""],
             [2, "Trần Thị Bình", 1990.0, "Nữ", "Đã phê duyệt", "Có", "", "LĐTT", "", "", ""],
             [3, "Lê Văn Cường", 1990.0, "Nữ", "Đã phê duyệt", "Có", 1.0, "LĐTT", "", "", ""]]
    members, findings = _read(table)
    assert taken == [True, False, False]
    assert [m.name for m in members] == ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường"]
    assert [(s, code, cell) for s, code, cell, _ in findings] == [(Severity.ERROR, "missing-value", "G3")]
    assert members[2].answers["hoan_thanh_boi_duong"] is True


TAIL_HEADER = ["STT", "Họ và tên", "Năm sinh", "Giới tính", "Chức vụ", "Kế hoạch tự học", "Tuân thủ kỷ luật",
               "Hoàn thành bồi dưỡng", "Danh hiệu thi đua", "Không tính", "Ghi chú"]
tail_rows = st.lists(st.tuples(
    st.sampled_from(["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn An"]), st.sampled_from(["", 1985.0, "1990", "abc"]),
    st.sampled_from(["Nam", "nữ", "?", "", " ", 1.0]),                                        # gender
    st.sampled_from(["Chuyên viên", " Chuyên  viên ", "", "\u200b", "1", "TRUE", 1.0, 1, True, None]),  # position
    st.sampled_from(["Có", "Không", ""]),
    st.sampled_from(["", "Nghỉ thai sản", "x", "Không", 1.0, True, 0.0, False]),                # Không tính
    st.sampled_from(["", "ghi chú", "1", 3.0, 1.0, True, None])), max_size=10)                # note


@settings(max_examples=300, deadline=None)
@given(rows=tail_rows)
def test_known_cells_give_what_cell_by_cell_reading_gives(rows):
    """Gender, position, "Không tính" and note cells seen before (`_TAILS`) give the same members and findings."""
    table = [TAIL_HEADER] + [[i + 1, name, birth, gender, position, "Đã phê duyệt", answer, answer, "LĐTT", reason, note]
                             for i, (name, birth, gender, position, answer, reason, note) in enumerate(rows)]
    _read(table)  # what these cells give is now known
    known = _read(table)
    original = members_sheet._member
    members_sheet._member = members_sheet._checked_member
    try:
        checked = _read(table)
    finally:
        members_sheet._member = original
    assert known == checked
