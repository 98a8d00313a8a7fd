"""Rule files: the bundled set loads; broken files are rejected with every mistake named."""
import pytest

from dvht_batch.errors import RuleSetError
from dvht_batch.rules import load_rule_set, parse_rule_set

GOOD_HEAD = """
[bo_tieu_chi]
ma = "thu"
ten = "Bộ thử"
phien_ban = "1"
cach_tinh = "diem"
diem_toi_da = 10
[[nhom]]
ma = "2"
ten = "Kết quả"
[[xep_loai]]
ten = "Tốt"
tu = "8"
"""


def test_bundled_tt22_has_ten_criteria_summing_to_100():
    rs = load_rule_set("tt22-2020")
    assert [c.code for c in rs.criteria] == ["1a", "1b", "1c", "2a", "2b", "2c", "2d", "3a", "3b", "3c"]
    assert sum(c.max_points for c in rs.criteria) == 100
    assert [name for name, _ in rs.classes] == ["Tốt", "Khá", "Trung bình"]
    assert "tt22-2020" in rs.label and rs.scheme == "points"


def test_bands_rule_file_loads():
    rs = parse_rule_set(GOOD_HEAD + """
[[tieu_chi]]
ma = "2a"
nhom = "2"
noi_dung = "Kế hoạch tự học"
diem_toi_da = 10
loai = "ty_le_thanh_vien"
cot = "ke_hoach_tu_hoc"
dieu_kien = "bang"
gia_tri = "Đã phê duyệt"
cach_cham = "bac"
bac = [["1.00", 10], ["0.90", 8], ["0.70", "5,5"]]
""", "test")
    assert_bands = rs.criteria[0].bands
    assert [str(p) for _, p in assert_bands] == ["10", "8", "5.5"]


def test_every_mistake_is_reported():
    with pytest.raises(RuleSetError) as info:
        parse_rule_set(GOOD_HEAD + """
[[tieu_chi]]
ma = "2a"
nhom = "9"
noi_dung = "X"
diem_toi_da = 10
loai = "ty_le_thanh_vien"
cot = "khong_co_cot"
dieu_kien = "co"
mau = 1
[[tieu_chi]]
ma = "2b"
nhom = "2"
noi_dung = "Y"
diem_toi_da = 10
loai = "ty_le_thanh_vien"
cot = "tuan_thu_ky_luat"
dieu_kien = "co"
muc_tieu = "1.5"
""", "test")
    text = "\n".join(info.value.problems)
    assert "'nhom' = '9'" in text
    assert "'cot' = 'khong_co_cot'" in text
    assert "khóa không được hỗ trợ 'mau'" in text
    assert "'muc_tieu' = 1.5" in text
    assert "tổng điểm tối đa" in text  # 2b alone is 10 ≠ … (2a invalid)


def test_bands_must_descend():
    with pytest.raises(RuleSetError, match="giảm dần"):
        parse_rule_set(GOOD_HEAD + """
[[tieu_chi]]
ma = "2a"
nhom = "2"
noi_dung = "X"
diem_toi_da = 10
loai = "ty_le_thanh_vien"
cot = "tuan_thu_ky_luat"
dieu_kien = "co"
cach_cham = "bac"
bac = [["0.5", 5], ["0.9", 8]]
""", "test")


def test_not_toml_and_missing_file():
    with pytest.raises(RuleSetError, match="cú pháp TOML"):
        parse_rule_set("[bo_tieu_chi\n", "x")
    with pytest.raises(RuleSetError, match="Không tìm thấy bộ tiêu chí"):
        load_rule_set("khong_co.toml")
