"""Users' own rule files: the two worked examples of docs/vi-du load and score right at their edges; broken
files are refused by `dvht kiem-tra-tieu-chi` with every mistake explained (docs/bo-tieu-chi.md)."""
from __future__ import annotations

import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
from builders import DEPARTMENTS, run_cli, write_config

from dvht_batch.errors import RuleSetError
from dvht_batch.rules import load_rule_set, parse_rule_set
from dvht_batch.assess.scoring import ratio_points

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "docs" / "vi-du"
BANDS = EXAMPLES / "tinh-an-phuoc-bac-diem.toml"
TARGET_70 = EXAMPLES / "muc-tieu-2d-70.toml"


def check(target: str | Path, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    proc = run_cli("kiem-tra-tieu-chi", target, cwd=cwd, timeout=120)
    assert "Traceback" not in proc.stdout + proc.stderr
    return proc


def line_of(text: str, written: str, after: str = "") -> int:
    """The number of the first line of `text` that is `written`, below the line `after` (when given)."""
    lines = text.splitlines()
    start = lines.index(after) if after else 0
    return lines.index(written, start) + 1


def problems(text: str) -> list[str]:
    with pytest.raises(RuleSetError) as info:
        parse_rule_set(text, "test")
    return info.value.problems


# ----------------------------------------------------------------------------- the worked examples


def test_documentation_exists_and_names_the_examples():
    doc = (ROOT / "docs" / "bo-tieu-chi.md").read_text(encoding="utf-8")
    for name in (BANDS.name, TARGET_70.name, "kiem-tra-tieu-chi", "dat_hoac_khong", "chua_xac_nhan"):
        assert name in doc
    for key in ("ma", "ten", "phien_ban", "can_cu", "cach_tinh", "diem_toi_da", "muc_do", "nhom", "noi_dung", "loai",
                "cot", "dieu_kien", "gia_tri", "so_toi_thieu", "muc_tieu", "cach_cham", "bac", "toi_thieu",
                "xep_loai", "xep_loai_khac", "ghi_chu"):
        assert any(form in doc for form in (f"`{key}`", f"[[{key}]]", f"[{key}]")), key


def test_band_example_loads_with_bands_for_2a_to_3a():
    rs = load_rule_set(str(BANDS))
    assert rs.scheme == "points" and sum(c.max_points for c in rs.criteria) == 100
    by = {c.code: c for c in rs.criteria}
    assert {c.code for c in rs.criteria if c.mode == "bands"} == {"2a", "2b", "2c", "2d", "3a"}
    assert by["2a"].bands[:2] == ((Decimal("1.00"), Decimal("10")), (Decimal("0.90"), Decimal("8")))
    assert by["3a"].bands[0] == (Decimal("1.00"), Decimal("25"))


def test_band_boundary():
    c = {c.code: c for c in load_rule_set(str(BANDS)).criteria}["2a"]
    assert ratio_points(c, 40, 40) == Decimal("10.00")
    assert ratio_points(c, 9_000, 10_000) == Decimal("8.00")   # exactly on the 90 % edge
    assert ratio_points(c, 8_999, 10_000) == Decimal("6.00")   # 89,99 %: the band below
    assert ratio_points(c, 35, 40) == Decimal("6.00")
    assert ratio_points(c, 5_000, 10_000) == Decimal("2.00")
    assert ratio_points(c, 4_999, 10_000) == Decimal("0.00")   # under the last band


def test_target_70_example_for_2d():
    rs = load_rule_set(str(TARGET_70))
    by = {c.code: c for c in rs.criteria}
    assert by["2d"].target == Decimal("0.70") and by["2d"].mode == "proportional"
    assert all(c.target == 1 for c in rs.criteria if c.kind == "member_ratio" and c.code != "2d")
    assert ratio_points(by["2d"], 28, 40) == Decimal("5.00")
    assert ratio_points(by["2d"], 40, 40) == Decimal("5.00")
    assert ratio_points(by["2d"], 26, 40) == Decimal("4.64")   # 5 × 65/70 = 4,642…
    assert ratio_points(by["2d"], 14, 40) == Decimal("2.50")


ALL_OR_NOTHING = """
[bo_tieu_chi]
ma = "dat-hoac-khong"
ten = "Thử đạt hoặc không"
phien_ban = "1"
cach_tinh = "diem"

[[tieu_chi]]
ma = "2c"
noi_dung = "100% thành viên hoàn thành chương trình bồi dưỡng bắt buộc"
diem_toi_da = 10
loai = "ty_le_thanh_vien"
cot = "hoan_thanh_boi_duong"
dieu_kien = "co"
muc_tieu = "{target}"
cach_cham = "dat_hoac_khong"

[[xep_loai]]
ten = "Đạt"
tu = "10"
"""


def test_all_or_nothing_at_99_99_percent():
    c = parse_rule_set(ALL_OR_NOTHING.format(target="1.00"), "test").criteria[0]
    assert ratio_points(c, 9_999, 10_000) == Decimal("0.00")
    assert ratio_points(c, 10_000, 10_000) == Decimal("10.00")
    c90 = parse_rule_set(ALL_OR_NOTHING.format(target="90%"), "test").criteria[0]  # "90%" = 0.90
    assert c90.target == Decimal("0.9")
    assert ratio_points(c90, 8_999, 10_000) == Decimal("0.00")
    assert ratio_points(c90, 9_000, 10_000) == Decimal("10.00")


def test_a_config_points_to_its_own_rule_file(tmp_path):
    from dvht_batch import pipeline

    shutil.copy(BANDS, tmp_path / "tieu-chi-tinh.toml")
    config_path = write_config(tmp_path, "STH", DEPARTMENTS[:1], "tieu-chi-tinh.toml", name="Sở Thử", place="An Phước",
                               signer="Nguyễn Văn A")
    _, rs = pipeline.load_setup(config_path, None)
    assert rs.id == "tinh-an-phuoc-bac-diem" and rs.source == str(tmp_path / "tieu-chi-tinh.toml")


# ----------------------------------------------------------------------------- `dvht kiem-tra-tieu-chi`


@pytest.mark.parametrize("target", [BANDS, TARGET_70, "tt22-2020", "tt24-2023"])
def test_valid_files_exit_0_with_a_summary(target):
    proc = check(target)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("Tệp hợp lệ: ")


def test_summary_says_what_the_tool_will_do():
    bands = check(BANDS).stdout
    assert "theo bậc (từ 100%: 10; từ 90%: 8; từ 80%: 6; từ 70%: 4; từ 50%: 2; thấp hơn: 0)" in bands
    assert "xếp loại: Tốt từ 85; Khá từ 70; Trung bình từ 50" in bands
    target = check(TARGET_70).stdout
    assert "đủ điểm khi tỷ lệ từ 70%" in target
    tt24 = check("tt24-2023").stdout
    assert "Mức độ 1 từ 90%; Mức độ 2 từ 95%" in tt24
    assert "Cột tiêu chí bắt buộc trong sheet Thanh_vien: Tuân thủ kỷ luật, Hoàn thành bồi dưỡng, Công dân học " \
           "tập." in tt24
    assert "Chưa đối chiếu với văn bản chính thức (chua_xac_nhan…):\n  - Tên nhóm 2" in tt24
    assert "  - Tiêu chí 2 (" in tt24 and "chua_du_chi_tieu" in tt24 and "2.3. " not in tt24
    assert ("điều, khoản: Mức độ 1: khoản 2 Điều 12, khoản 2 Điều 6; Mức độ 2: khoản 2 Điều 13, khoản 2 Điều 7 "
            "(chưa xác nhận)") in tt24


BROKEN = """
[bo_tieu_chi]
ma = "tinh-x"
ten = "Bộ của tỉnh"
phien_ban = "1"
cach_tinh = "muc_do"

[[nhom]]
ma = "1"
ten = "Điều kiện"

[[tieu_chi]]
ma = "1.1"
nhom = "1"
noi_dung = "Có kế hoạch học tập"
loai = "don_vi_tu_cham"
cot = "tuan_thu_ky_luat"

[[tieu_chi]]
ma = "2.1"
nhom = "1"
noi_dung = "Kỷ luật"
loai = "ty_le_thanh_vien"
cot = "tuan_thu_ky_luat"
dieu_kien = "co"
muc_tieu = { 1 = "0.95", 2 = "0.90" }

[[tieu_chi]]
ma = "3.1"
nhom = "1"
noi_dung = "Công dân học tập"
loai = "ty_le_thanh_vien"
cot = "cong_dan_hoc_tap"
dieu_kien = "co"
muc_tieu = 90
cach_cham = "bac"
muc_tieeu = 1
"""


def test_broken_file_exit_2_with_every_problem(tmp_path):
    path = tmp_path / "sai.toml"
    path.write_text(BROKEN, encoding="utf-8")
    proc = check(path)
    assert proc.returncode == 2 and proc.stdout == ""
    err = proc.stderr
    assert f"Tệp tiêu chí '{path}' có 5 lỗi:" in err  # one per mistake (90 for both levels: once)
    line = BROKEN.splitlines().index('muc_tieeu = 1') + 1
    # the tables and keys first (setup/schema.py: at their line), then the values
    assert f"1. dòng {line} (tiêu chí 3.1): khóa không được hỗ trợ 'muc_tieeu' (có phải 'muc_tieu'?)" in err
    # each value at the line of its key: 'cot' of 1.1, the inline table muc_tieu = { … } of 2.1, 3.1's keys
    cot, rising = line_of(BROKEN, 'cot = "tuan_thu_ky_luat"'), line_of(BROKEN, 'muc_tieu = { 1 = "0.95", 2 = "0.90" }')
    bands, ratio = line_of(BROKEN, 'cach_cham = "bac"'), line_of(BROKEN, "muc_tieu = 90")
    assert (f"2. dòng {cot} (tiêu chí 1.1): 'cot' chỉ dùng với loai = \"ty_le_thanh_vien\", không dùng với "
            "loai = \"don_vi_tu_cham\"") in err
    assert f"dòng {rising} (tiêu chí 2.1): 'muc_tieu': mức độ 2 yêu cầu thấp hơn mức độ 1" in err
    assert f"dòng {bands} (tiêu chí 3.1): 'cach_cham' chỉ dùng khi cach_tinh = \"diem\"" in err
    assert (f"dòng {ratio} (tiêu chí 3.1): 'muc_tieu' = 90 không hợp lệ: tỷ lệ phải trong khoảng 0…1 (tỷ lệ ghi "
            "dạng số thập phân: 90% là \"0.90\")") in err
    assert "docs/bo-tieu-chi.md" in err


@pytest.mark.parametrize("text,expected", [
    ('[bo_tieu_chi]\nma = "x"\nten = “Tốt”\n', "dòng 3 «ten = “Tốt”»: dùng dấu ngoặc kép thẳng"),
    ('[bo_tieu_chi]\nma = "x"\n[[tieu_chi]]\nmuc_tieu = 0,90\n',
     "dòng 4 «muc_tieu = 0,90»: sau giá trị phải xuống dòng"),
    ('[bo_tieu_chi]\nmục tiêu = 1\n', "dòng 2 «mục tiêu = 1»: sau tên khóa phải có dấu '='"),
    ('[[tieu_chi]\n', "thiếu ']]' ở cuối dòng khai báo"),
    ('[bo_tieu_chi]\nma = "x\n', "thiếu dấu ngoặc kép"),
])
def test_toml_syntax_errors_are_explained(tmp_path, text, expected):
    path = tmp_path / "sai.toml"
    path.write_text(text, encoding="utf-8")
    proc = check(path)
    assert proc.returncode == 2
    assert "sai cú pháp TOML:" in proc.stderr and expected in proc.stderr


def test_missing_file_and_wrong_encoding(tmp_path):
    proc = check(tmp_path / "khong_co.toml")
    assert proc.returncode == 2 and "Không tìm thấy bộ tiêu chí" in proc.stderr
    path = tmp_path / "ansi.toml"
    path.write_bytes('[bo_tieu_chi]\nten = "Bộ tiêu chí"\n'.encode("cp1258", errors="replace"))
    proc = check(path)
    assert proc.returncode == 2 and "cần UTF-8" in proc.stderr


# ----------------------------------------------------------------------------- the loader's explanations

HEAD_LEVELS = """
[bo_tieu_chi]
ma = "thu"
ten = "Bộ thử"
phien_ban = "1"
cach_tinh = "muc_do"
muc_do = [1, 2]
"""

CITIZENS = """
[[tieu_chi]]
ma = "3.1"
noi_dung = "Công dân học tập"
loai = "ty_le_thanh_vien"
cot = "cong_dan_hoc_tap"
dieu_kien = "co"
"""


def test_levels_target_may_be_one_value_or_percent():
    rs = parse_rule_set(HEAD_LEVELS + CITIZENS + 'muc_tieu = "90%"\n', "test")
    assert rs.criteria[0].level_targets == {1: Decimal("0.9"), 2: Decimal("0.9")}
    rs = parse_rule_set(HEAD_LEVELS + CITIZENS + 'muc_tieu = { 1 = "0,90", 2 = 0.95 }\n', "test")
    assert rs.criteria[0].level_targets == {1: Decimal("0.90"), 2: Decimal("0.95")}


def test_level_problems():
    found = problems(HEAD_LEVELS + CITIZENS + 'muc_do = [1]\nmuc_tieu = { 1 = "0.9", 2 = "0.95" }\n')
    assert any("'muc_tieu.2' không phải mức độ của tiêu chí này ([1])" in x for x in found)
    assert any("mức độ 2 không có chỉ tiêu nào yêu cầu" in x for x in found)
    found = problems(HEAD_LEVELS + CITIZENS)
    assert any("thiếu 'muc_tieu' theo mức độ" in x for x in found)
    found = problems(HEAD_LEVELS + CITIZENS + 'muc_tieu = "0"\n')
    assert any("'muc_tieu' phải lớn hơn 0" in x for x in found)
    found = problems(HEAD_LEVELS + """
[[tieu_chi]]
ma = "3.3"
noi_dung = "Danh hiệu tập thể"
loai = "danh_hieu_tap_the"
toi_thieu = { 1 = "TTLĐXS", 2 = "TTLĐTT" }
chua_xac_nhan = "có"
""")
    assert any("'toi_thieu': mức độ 2 yêu cầu thấp hơn mức độ 1" in x for x in found)
    assert any("'chua_xac_nhan' phải là true hoặc false" in x for x in found)


def test_misplaced_and_missing_keys_are_explained():
    head = HEAD_LEVELS.replace('cach_tinh = "muc_do"\nmuc_do = [1, 2]', 'cach_tinh = "diem"')
    written = head + """
[[tieu_chi]]
ma = "2a"
noi_dung = "Kế hoạch tự học"
diem_toi_da = 10
loai = "ty_le_thanh_vien"
cot = "ke_hoach_tu_hoc"
dieu_kien = "co"

[[tieu_chi]]
ma = "2A"
noi_dung = "Trùng mã"
diem_toi_da = 10
loai = "ty_le_thanh_vien"
cot = "danh_hieu_thi_dua"
dieu_kien = "danh_hieu_tu"
toi_thieu = "Lao động tiên tiến"

[[tieu_chi]]
ma = "3b"
noi_dung = "Danh hiệu tập thể"
diem_toi_da = 10
loai = "danh_hieu_tap_the"

[[tieu_chi]]
ma = "1a"
noi_dung = "Kế hoạch"
loai = "don_vi_tu_cham"
"""
    text = "\n".join(problems(written))
    predicate, title = line_of(written, 'dieu_kien = "co"'), line_of(written, 'toi_thieu = "Lao động tiên tiến"')
    item = {code: line_of(written, f'ma = "{code}"') - 1 for code in ("2A", "3b", "1a")}  # a key not written: the item
    assert (f"dòng {predicate} (tiêu chí 2a): 'dieu_kien' = 'co' không dùng được với cột 'ke_hoach_tu_hoc' (cột này "
            "dùng dieu_kien = \"bang\")") in text
    assert f"dòng {title} (tiêu chí 2A): 'toi_thieu' chỉ dùng với loai = \"danh_hieu_tap_the\" (tỷ lệ thành viên đạt danh hiệu: ghi " \
           "danh hiệu vào 'gia_tri')" in text
    assert f"dòng {item['2A']} (tiêu chí 2A): thiếu 'gia_tri'" in text
    assert f"dòng {item['2A'] + 1} (tiêu chí 2A): mã trùng với tiêu chí 2a" in text  # at its 'ma'
    assert f"dòng {item['3b']} (tiêu chí 3b): thiếu 'toi_thieu'" in text
    assert f"dòng {item['1a']} (tiêu chí 1a): thiếu 'diem_toi_da'" in text
    assert "tệp: thiếu bảng xếp loại [[xep_loai]]" in text


def test_structure_mistakes():
    found = problems('[[bo_tieu_chi]]\nma = "x"\n')
    assert found == ["dòng 1: thiếu bảng [bo_tieu_chi] (ma, ten, phien_ban, cach_tinh) — dùng một dấu ngoặc vuông "
                     "[bo_tieu_chi], không phải [[bo_tieu_chi]]."]
    found = problems(HEAD_LEVELS + '[tieu_chi]\nma = "1.1"\n')
    assert any("[[tieu_chi]] (hai dấu ngoặc vuông)" in x for x in found)
    found = problems(HEAD_LEVELS.replace('phien_ban = "1"', "phien_ban = 1").replace('cach_tinh = "muc_do"\n', ""))
    assert "dòng 5 ([bo_tieu_chi]): 'phien_ban' phải là chuỗi chữ trong ngoặc kép, ví dụ phien_ban = \"2025.1\"." in found
    assert any("thiếu 'cach_tinh'" in x for x in found)
