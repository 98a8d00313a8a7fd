"""dvht.toml: required keys, unknown keys, types, recipients placement."""
import pytest

from dvht_batch.config import load_config, parse_config
from dvht_batch.errors import ConfigError

BASE = {
    "don_vi": {"ten": "Sở Tài chính", "ma": "STC", "dia_danh": "Quảng Ngãi"},
    "nguoi_ky": {"quyen_han": "KT", "chuc_vu": "Giám đốc", "chuc_vu_ky": "Phó Giám đốc", "ho_ten": "Nguyễn Văn An"},
    "danh_gia": {"bo_tieu_chi": "tt22-2020", "noi_nhan": ["Sở GDĐT (b/c)", "Lưu: VT, VP"]},
    "phong": [{"ma": "VP", "ten": "Văn phòng"}, {"ma": "KH", "ten": "Phòng Kế hoạch"}],
}


def test_valid_config():
    c = parse_config(BASE)
    assert c.unit_code == "STC" and c.signer.authority == "KT." and len(c.departments) == 2
    assert c.recipients == ("Sở GDĐT (b/c)", "Lưu: VT, VP")
    assert c.department("vp").name == "Văn phòng"


def test_unknown_and_missing_keys_named():
    data = {**BASE, "don_vi": {"ten": "X", "dia_danh": "Y", "mã": "Z"}, "la": 1}
    with pytest.raises(ConfigError) as info:
        parse_config(data)
    msg = str(info.value)
    assert "thiếu khóa bắt buộc 'don_vi.ma'" in msg
    assert "khóa không được hỗ trợ 'don_vi.mã'" in msg
    assert "khóa không được hỗ trợ 'la'" in msg


def test_bad_authority_and_duplicate_department():
    data = {**BASE, "nguoi_ky": {**BASE["nguoi_ky"], "quyen_han": "XX"},
            "phong": [{"ma": "VP", "ten": "A"}, {"ma": "vp", "ten": "B"}]}
    with pytest.raises(ConfigError) as info:
        parse_config(data)
    assert "quyen_han" in str(info.value) and "bị lặp lại" in str(info.value)


def test_file_errors(tmp_path):
    p = tmp_path / "dvht.toml"
    p.write_text("[don_vi\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="cú pháp TOML"):
        load_config(p)
    p.write_bytes(b"ten = 'S\xe0'")
    with pytest.raises(ConfigError, match="UTF-8"):
        load_config(p)
    with pytest.raises(ConfigError, match="Không tìm thấy"):
        load_config(tmp_path / "none.toml")
