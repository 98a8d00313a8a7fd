"""dvht.toml: required keys, unknown keys, types, recipients placement."""
import pytest

from dvht_batch.setup.config import load_config, parse_config
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
    assert "[don_vi]: thiếu khóa bắt buộc 'ma'." in msg
    assert "[don_vi]: khóa không được hỗ trợ 'mã' (có phải 'ma'?)." in msg  # the nearest key, accents aside
    assert "khóa không được hỗ trợ 'la'; các khóa dùng được: danh_gia, don_vi," in msg


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


@pytest.mark.parametrize("first, second", [("ĐT", "DT"), ("P H", "P_H"), ("Tc-Kh", "TCKH"), ("KẾ", "ke")])
def test_codes_that_collide_as_file_names(first, second):
    data = {**BASE, "phong": [{"ma": first, "ten": "Phòng Một"}, {"ma": "VP", "ten": "Văn phòng"},
                              {"ma": second, "ten": "Phòng Hai"}]}
    with pytest.raises(ConfigError) as info:
        parse_config(data)
    msg = str(info.value)
    assert f"'{first}' (Phòng Một)" in msg and f"'{second}' (Phòng Hai)" in msg and "trùng nhau khi thành tên tệp" in msg
    assert "Văn phòng" not in msg


@pytest.mark.parametrize("code, shown", [("A/B", "A/B"), ("A\\B", "A\\B"), ("V\tP", "V\\x09P"), ("K\x00T", "K\\x00T"),
                                         ("--", "--")])
def test_codes_that_cannot_name_a_file(code, shown):
    data = {**BASE, "phong": [{"ma": code, "ten": "Phòng Lạ"}]}
    with pytest.raises(ConfigError) as info:
        parse_config(data)
    assert f"mã phòng '{shown}' (Phòng Lạ)" in str(info.value)


def test_department_named_by_a_file_name():
    c = parse_config({**BASE, "phong": [{"ma": "ĐT", "ten": "Đào tạo"}, {"ma": "P H", "ten": "Phòng H"},
                                        {"ma": "TTR", "ten": "Thanh tra"}]})
    found = {name: (d.code if d else None) for name in ["TTR_11-2025.xlsx", "sub/ttr.xls", "DT thang 11.xlsx",
                                                         "P_H_2025-11.xlsx", "TTRA_1.xlsx", "bao_cao.xlsx"]
             for d in [c.department_named_by_file(name)]}
    assert found == {"TTR_11-2025.xlsx": "TTR", "sub/ttr.xls": "TTR", "DT thang 11.xlsx": "ĐT",
                     "P_H_2025-11.xlsx": "P H", "TTRA_1.xlsx": None, "bao_cao.xlsx": None}


def test_colliding_codes_stop_the_run_with_exit_2(tmp_path):
    from builders import run_cli, write_config

    write_config(tmp_path, departments=(("ĐT", "Phòng Đào tạo"), ("DT", "Phòng Dự toán")))
    done = run_cli("run", tmp_path, "--out", tmp_path / "out")
    assert done.returncode == 2, done.stderr
    assert "'ĐT' (Phòng Đào tạo) và 'DT' (Phòng Dự toán)" in done.stderr
    assert not (tmp_path / "out").exists()


def test_true_is_not_a_number_in_either_settings_file(tmp_path):
    """One check of tables and keys for dvht.toml and tinh.toml (setup/schema.py): TOML's `true` is
    an int to Python, never a document number; a blank number is left for the văn thư in both files."""
    from tinh_data import province_config

    from dvht_batch.province.config import load_province_config

    with pytest.raises(ConfigError) as info:
        parse_config({**BASE, "ho_so": {"so_to_trinh": True}})
    assert "[ho_so]: 'so_to_trinh' phải là chuỗi văn bản hoặc số nguyên." in str(info.value)
    with pytest.raises(ConfigError) as info:
        load_province_config(province_config(tmp_path, van_ban={"ngay": "20/01/2026", "so_to_trinh": True}))
    assert "([van_ban]): 'so_to_trinh' phải là chuỗi văn bản hoặc số nguyên." in str(info.value)  # at its line
    blank = load_province_config(province_config(tmp_path, van_ban={"ngay": "20/01/2026", "so_cong_van": ""}))
    assert blank.number("so_cong_van") in ("", None)
