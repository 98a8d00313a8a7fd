"""dvht.toml, rule files and the plan file report their problems as data: `ConfigError` / `RuleSetError`
carry `findings` (code, place, sentence) from the same collector as the intake, and `str(exc)` is the
Vietnamese text the CLI prints. `dvht kiem-tra-tieu-chi` lays out what it prints from that data, never by
searching the text."""
from pathlib import Path

import pytest

from dvht_batch.setup.config import load_config, parse_config
from dvht_batch.errors import ConfigError, RuleSetError
from dvht_batch.models import Severity
from dvht_batch.plan.file import load_plan
from dvht_batch.rules import load_rule_set, parse_rule_set
from dvht_batch.rules.check import check_rule_file

ROOT = Path(__file__).resolve().parent.parent
CONFIG = {
    "don_vi": {"ten": "Sở Tài chính", "ma": "STC", "dia_danh": "Quảng Ngãi"},
    "nguoi_ky": {"quyen_han": "KT", "chuc_vu": "Giám đốc", "ho_ten": "Nguyễn Văn An"},
    "danh_gia": {"bo_tieu_chi": "tt22-2020"},
    "phong": [{"ma": "VP", "ten": "Văn phòng"}],
}
RULES = '''[bo_tieu_chi]
ma = "x"
ten = "Bộ thử"
phien_ban = "1"
cach_tinh = "diem"
'''


def test_config_problems_are_findings():
    data = {**CONFIG, "don_vi": {"ten": "X", "dia_danh": "Y", "mã": "Z"}, "la": 1,
            "phong": [{"ma": "VP", "ten": "A"}, "VP"]}
    with pytest.raises(ConfigError) as info:
        parse_config(data)
    exc = info.value
    codes = [f.code for f in exc.findings]
    assert codes.count("unknown-key") == 2 and "missing-key" in codes
    assert all(f.severity is Severity.ERROR for f in exc.findings)
    listed = str(exc).splitlines()[1:]
    assert listed == [f"  - {f.message}" for f in exc.findings] == [f"  - {p}" for p in exc.problems]
    (department,) = [f for f in exc.findings if f.code == "not-a-table"]
    assert department.message == "'phong' phải là các bảng [[phong]], mỗi bảng một dòng [[phong]] rồi các khóa của nó (ma, ten)."
    assert [f.place for f in exc.findings if f.code == "missing-key"] == ["[don_vi]"]


def test_config_toml_syntax_is_vietnamese_with_its_line(tmp_path):
    path = tmp_path / "dvht.toml"
    path.write_text('[don_vi]\nten = “Sở”\n', encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_config(path)
    (finding,) = info.value.findings
    assert finding.code == "toml-syntax" and finding.place == "dòng 2 «ten = “Sở”»" and finding.file == str(path)
    assert str(info.value) == f"Tệp cấu hình '{path}' sai cú pháp TOML: {finding.message}"
    assert "dùng dấu ngoặc kép thẳng" in finding.message


def test_rule_file_problems_carry_their_place():
    text = RULES + '''diem_toi_da = 10
[[nhom]]
ma = "1"
ten = "Nhóm"
[[tieu_chi]]
ma = "1a"
nhom = "1"
noi_dung = "Có kế hoạch"
loai = "ty_le_thanh_vien"
cot = "ke_hoach_tu_hoc"
dieu_kien = "bang"
gia_tri = "Đã phê duyệt"
muc_tieu = 90
muc_tieuu = 1
diem_toi_da = 10
[[xep_loai]]
ten = "Tốt"
tu = 9
'''
    with pytest.raises(RuleSetError) as info:
        parse_rule_set(text, "thu.toml")
    exc = info.value
    by_code = {f.code: f for f in exc.findings}
    line = text.splitlines().index("muc_tieuu = 1") + 1
    ratio = line - 1  # muc_tieu = 90: the value's finding at its key's line too
    assert by_code["bad-ratio"].place == f"dòng {ratio} (tiêu chí 1a)"
    assert by_code["unknown-key"].place == f"dòng {line} (tiêu chí 1a)"
    assert by_code["bad-ratio"].message.startswith(f"dòng {ratio} (tiêu chí 1a): 'muc_tieu' = 90 không hợp lệ: tỷ lệ "
                                                   "phải trong")
    assert by_code["unknown-key"].message == f"dòng {line} (tiêu chí 1a): khóa không được hỗ trợ 'muc_tieuu' (có phải 'muc_tieu'?)."
    assert exc.heading == f"Tệp tiêu chí 'thu.toml' có {len(exc.findings)} lỗi:" == str(exc).splitlines()[0]
    assert exc.problems == [f.message for f in exc.findings]


def test_check_report_lays_out_by_code_not_by_text(tmp_path):
    bad = tmp_path / "sai cú pháp TOML.toml"  # the old text search would be fooled by this name
    bad.write_text(RULES + "diem_toi_da = \n", encoding="utf-8")
    lines = check_rule_file(bad).lines()
    assert lines[0] == f"Tệp tiêu chí '{bad}' sai cú pháp TOML:" and lines[1].startswith("  1. dòng 6 «diem_toi_da =»: ")
    missing = check_rule_file(tmp_path / "khong_co.toml")
    assert [f.code for f in missing.problems] == ["rule-file-not-found"]
    assert missing.lines()[0].startswith("Không tìm thấy bộ tiêu chí") and missing.lines()[0] == missing.message
    assert "sai cú pháp TOML" not in (ROOT / "dvht_batch" / "rules" / "check.py").read_text(encoding="utf-8")


def test_rule_file_not_found_is_one_whole_file_finding(tmp_path):
    with pytest.raises(RuleSetError) as info:
        load_rule_set("khong_co.toml", tmp_path)
    (finding,) = info.value.findings
    assert finding.place is None and finding.message == str(info.value)


def test_plan_file_problems_are_findings_with_their_line(tmp_path):
    config = parse_config(CONFIG)
    path = tmp_path / "ke_hoach.toml"
    path.write_text('nam = 2026\nngay = "31/2/2026"\n[[muc]]\ntu_dong = "tieu_chii"\n', encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_plan(path, config)
    places = [f.place for f in info.value.findings]
    assert places == ["dòng 2 (ngay)", "dòng 4 ([[muc]] thứ 1, tu_dong)"]
    assert all(f.file == str(path) for f in info.value.findings)
    assert str(info.value).splitlines()[1:] == [f"  - {p}" for p in info.value.problems]
