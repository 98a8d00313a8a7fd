"""One schema layer for the settings files (dvht_batch/setup/schema.py): the real CLI on real files with
mistakes in each of them — dvht.toml, the Sở's tinh.toml, ke_hoach.toml and a rule file — says each mistake
in Vietnamese at its line, names its table and key, and suggests the nearest key; exit 2."""
from __future__ import annotations

import tomllib
from datetime import date

from builders import run_cli, write_config
from hypothesis import given, settings
from hypothesis import strategies as st

from dvht_batch.messages import Findings
from dvht_batch.setup.schema import TEXTS, Table, check, key

DVHT_TOML = '''[don_vi]
ten = "Sở Tài chính"
ma = "STC"
dia_dnah = "Quảng Ngãi"

[nguoi_ky]
chuc_vu = "Giám đốc"
ho_ten = ""

[danh_gia]
bo_tieu_chi = "tt22-2020"

[van_ban]
so_bao_cao = true
noi_nhan = ["Lưu: VT"]

[[phong]]
ma = "VP"
ten = "Văn phòng"

[[phong]]
ma = "KT"
ten = "Phòng Kế toán"
emial = "kt@stc.gov.vn"
'''


def test_dvht_toml_mistakes_at_their_lines(tmp_path):
    (tmp_path / "dvht.toml").write_text(DVHT_TOML, encoding="utf-8")
    proc = run_cli("run", tmp_path, "--config", tmp_path / "dvht.toml")
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    said = [line.removeprefix("  - ") for line in proc.stderr.splitlines()[1:]]
    assert said == [
        "dòng 4 ([don_vi]): khóa không được hỗ trợ 'dia_dnah' (có phải 'dia_danh'?).",
        "dòng 1 ([don_vi]): thiếu khóa bắt buộc 'dia_danh'.",
        "dòng 14 ([van_ban]): 'so_bao_cao' phải là chuỗi văn bản hoặc số nguyên.",  # true is never a number
        "dòng 15 ([van_ban]): khóa 'noi_nhan' đang nằm trong bảng [van_ban]: chuyển dòng này lên đầu tệp, trước "
        "mọi dòng […] hoặc [[…]].",
        "dòng 24 (phòng KT): khóa không được hỗ trợ 'emial' (có phải 'email'?).",
    ]  # ho_ten = "": the signer's name left for the hand, not a mistake


TINH_TOML = '''[so]
ten = "Sở Giáo dục và Đào tạo"
ma = "SGDĐT"
dia_danh = "An Phước"

[tinh]
ten = "An Phước"

[nguoi_ky]
chuc_vu = "Giám đốc"
ho_tne = "Nguyễn Thị Hạnh"

[danh_gia]
nam = "2025"
'''


def test_tinh_toml_mistakes_at_their_lines(tmp_path):
    config = tmp_path / "tinh.toml"
    config.write_text(TINH_TOML, encoding="utf-8")
    proc = run_cli("tinh", "mau-ho-so", "--config", config, "--tep", tmp_path / "mau.xlsx")
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert "dòng 11 ([nguoi_ky]): khóa không được hỗ trợ 'ho_tne' (có phải 'ho_ten'?)." in proc.stderr
    assert "dòng 14 ([danh_gia]): 'nam' phải là số nguyên." in proc.stderr
    assert not (tmp_path / "mau.xlsx").exists()


KE_HOACH_TOML = '''nam = 2026
so = true
can_cu = ["Thông tư 22/2020/TT-BGDĐT", ""]

[nguoi_ky]
ho_ten = ""

[tien_do]
so_kett = 2026

[[muc]]
tieu_de = "Mục đích"
noi_dung = "…"

[[muc]]
tieu_dee = "Yêu cầu"
'''


def test_ke_hoach_toml_mistakes_at_their_lines(tmp_path):
    config = write_config(tmp_path)
    (tmp_path / "ke_hoach.toml").write_text(KE_HOACH_TOML, encoding="utf-8")
    proc = run_cli("ke-hoach", "--config", config, "--out", tmp_path / "out")
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    said = [line.removeprefix("  - ") for line in proc.stderr.splitlines()[1:]]
    assert said == [
        "dòng 2: số kế hoạch phải là số hoặc chuỗi, ví dụ so = 12 hoặc so = \"\" (để trống).",  # true is no number
        "dòng 3: 'can_cu' phải là danh sách các dòng chữ, ví dụ [\"Dòng một\", \"Dòng hai\"].",
        "dòng 9 ([tien_do]): khóa không được hỗ trợ 'so_kett' (có phải 'so_ket'?).",
        "dòng 16 ([[muc]] thứ 2): khóa không được hỗ trợ 'tieu_dee' (có phải 'tieu_de'?).",
        "dòng 15 ([[muc]] thứ 2): mỗi mục cần tieu_de và noi_dung (hoặc tu_dong = \"…\" để dùng phần do công cụ "
        "viết).",  # the plan's own check of a section, after the schema's
    ]  # ho_ten = "": the signer's name left for the hand, not a mistake
    assert not (tmp_path / "out").exists()


RULE_FILE = '''[bo_tieu_chi]
ma = "thu"
ten = "Bộ thử"
phien_ban = 1
cach_tinh = "diem"
diem_toi_da = 10

[[nhom]]
ma = "1"
ten = "Nhóm"
chua_xac_nhan = "có"

[[tieu_chi]]
ma = "1a"
nhom = "1"
noi_dung = "Có kế hoạch"
loai = "ty_le_thanh_vien"
cot = "ke_hoach_tu_hoc"
dieu_kien = "bang"
gia_tri = "Đã phê duyệt"
muc_tieu = "0.90"
cach_chamm = "ty_le"
diem_toi_da = 10

[[xep_loai]]
ten = "Tốt"
tu = 9

[xep_loai_khac]
ten = ""

[ghi_chu]
x = 1
'''


def test_rule_file_mistakes_at_their_lines(tmp_path):
    (tmp_path / "sai.toml").write_text(RULE_FILE, encoding="utf-8")
    proc = run_cli("kiem-tra-tieu-chi", tmp_path / "sai.toml")
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    said = [line.split(". ", 1)[1] for line in proc.stderr.splitlines()[1:] if line.startswith("  ")]
    assert said == [
        "dòng 4 ([bo_tieu_chi]): 'phien_ban' phải là chuỗi chữ trong ngoặc kép, ví dụ phien_ban = \"2025.1\".",
        "dòng 11 (nhóm 1): 'chua_xac_nhan' phải là true hoặc false (không có ngoặc kép).",
        "dòng 22 (tiêu chí 1a): khóa không được hỗ trợ 'cach_chamm' (có phải 'cach_cham'?).",
        "dòng 30 ([xep_loai_khac]): 'ten' phải là chuỗi chữ, ví dụ ten = \"Chưa đạt\".",  # a blank text is no text
        "dòng 32: khóa không được hỗ trợ 'ghi_chu'; các khóa dùng được: bo_tieu_chi, nhom, tieu_chi, xep_loai, "
        "xep_loai_khac.",
    ]


SCHEMA = Table({
    "bang": Table({"ten": key(str, required=True), "so": key(int), "ho_ten": key(str, blank=True),
                   "dong": key(TEXTS), "luc": key(date, str), "gi": key()}, required=True),
    "muc": Table({"ma": key(str)}, many=True, named_by="ma", word="mục"),
})


def test_types_required_keys_and_tables():
    out = Findings("f.toml", "[bang]\nten = \"  \"\nso = true\n")
    clean = check({"bang": {"ten": "  ", "so": True, "ho_ten": "", "dong": ["a", ""], "luc": "", "gi": [1]},
                   "muc": [{"ma": "1", "x": 1}, {"maa": 2}]}, SCHEMA, out)
    assert out.texts == [
        "dòng 2 ([bang]): 'ten' phải là chuỗi văn bản (không để trống).",  # a blank text is not a text
        "dòng 3 ([bang]): 'so' phải là số nguyên.",
        "[bang]: 'dong' phải là danh sách các dòng chữ, ví dụ [\"Dòng một\", \"Dòng hai\"].",  # no line: not in the text
        "mục 1: khóa không được hỗ trợ 'x'; các khóa dùng được: ma.",
        "[[muc]] thứ 2: khóa không được hỗ trợ 'maa' (có phải 'ma'?).",
    ]
    assert clean == {"bang": {"ho_ten": "", "luc": "", "gi": [1]}, "muc": [{"ma": "1"}, {}]}  # what fits
    out = Findings("f.toml")
    assert check({"muc": {"ma": "1"}}, SCHEMA, out) == {}
    assert out.texts == ["'muc' phải là các bảng [[muc]], mỗi bảng một dòng [[muc]] rồi các khóa của nó (ma).",
                         "thiếu bảng [bang] (ten)."]


# ------------------------------------------------------------------------- any shape: a message, never a crash

_VALUES = st.recursive(st.one_of(st.text(max_size=5), st.integers(-3, 3), st.booleans(), st.dates(), st.none()),
                       lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner, max_size=3),
                       max_leaves=6)


def _mangled(data: dict, draw) -> dict:
    """`data` with one table's key (or a whole table) given a value of any TOML shape."""
    table = draw(st.sampled_from(sorted(data)))
    if isinstance(data[table], dict) and draw(st.booleans()):
        name = draw(st.sampled_from(sorted(data[table]) + ["khoa_la"]))
        return {**data, table: {**data[table], name: draw(_VALUES)}}
    return {**data, table: draw(_VALUES)}


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_any_shape_of_a_settings_file_is_a_message_not_a_crash(data):
    """Whatever a key holds (a list for a text, a table for a number, None for a table…), each parser after
    the schema either reads the file or says what is wrong: the schema hands it only values of the right type."""
    from builders import CONFIG, config_dict
    from tinh_data import PROVINCE

    from dvht_batch.errors import ConfigError, RuleSetError
    from dvht_batch.plan.file import parse_plan
    from dvht_batch.province.config import parse_province_config
    from dvht_batch.rules.parsing import parse_data
    from dvht_batch.setup.config import parse_config

    config = parse_config(CONFIG)
    province = {"so": {"ten": "Sở", "ma": "S", "dia_danh": PROVINCE}, "tinh": {"ten": PROVINCE},
                "nguoi_ky": {"chuc_vu": "Giám đốc"}, "danh_gia": {"nam": 2025}, "van_ban": {"ngay": "20/01/2026"}}
    plan = {"nam": 2026, "so": 3, "can_cu": ["A"], "nguoi_ky": {"quyen_han": "KT."}, "tien_do": {"so_ket": 2026},
            "muc": [{"tieu_de": "T", "noi_dung": "N"}], "nhiem_vu": [{"phong": "VP", "viec": "V"}]}
    rules = tomllib.loads(RULE_FILE.replace("phien_ban = 1", 'phien_ban = "1"').replace("cach_chamm", "cach_cham")
                          .replace('chua_xac_nhan = "có"', "").replace('[xep_loai_khac]\nten = ""', "")
                          .replace("[ghi_chu]\nx = 1", ""))
    assert parse_data(rules, "r", Findings("r")) is not None  # the base is valid
    for parse, base, error in ((lambda d: parse_config(d), config_dict(), ConfigError),
                               (lambda d: parse_province_config(d), province, ConfigError),
                               (lambda d: parse_plan(d, config), plan, ConfigError),
                               (lambda d: parse_data(d, "r", Findings("r")), rules, RuleSetError)):
        try:
            parse(_mangled(base, data.draw))
        except error:
            pass
