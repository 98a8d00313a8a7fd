"""What a settings file's VALUE means — dates, thresholds, codes, titles, deadlines, addresses — is checked by each
file's parser after the schema (setup/schema.py); those findings too are said at the line of the key they are
about, with its table or array item, like the schema's: the real CLI on real dvht.toml, tinh.toml, ke_hoach.toml
and rule files, every form TOML allows a key to be written in ([table], [[array]] items, dotted keys, inline
tables), each expected line found in the text itself (`line_of`), never counted by hand."""
from __future__ import annotations

from builders import run_cli, write_config


def line_of(text: str, written: str, nth: int = 1) -> int:
    """The number of the `nth` line of `text` that is `written` (counted from 1)."""
    numbers = [n for n, line in enumerate(text.splitlines(), start=1) if line == written]
    return numbers[nth - 1]


def said(stderr: str) -> list[str]:
    """The findings listed under 'Tệp … có N lỗi:' ('  - …' or '  1. …'), without their bullets."""
    return [line.strip().removeprefix("- ").split(". ", 1)[-1] if line.strip()[:1].isdigit() else
            line.strip().removeprefix("- ") for line in stderr.splitlines()[1:] if line.startswith("  ")]


DVHT_TOML = '''# dotted keys at the top: the table [nguoi_ky] written as nguoi_ky.<key>
nguoi_ky.chuc_vu = "Giám đốc"
nguoi_ky.quyen_han = "XX"
thu_di = { dia_chi_gui = "vanphong@stc.gov.vn", cong = 70000, han_nop = 31, gian_cach = 900 }

[don_vi]
ten = "Sở Tài chính"
ma = "STC"
dia_danh = "Quảng Ngãi"
dau_moi = "VPX"
cap = "xã"

[danh_gia]
bo_tieu_chi = "tt22-2020"

[van_ban]
so_bao_cao = 12
ngay = "31/02/2025"
le_trang = [20, 20, 40, 15]

[ho_so]
so_to_trinh = 0

[[phong]]
ma = "VP"
ten = "Văn phòng"

[[phong]]
ma = "KT"
ten = "Phòng Kế toán"

[[phong]]
ma = "VP"
ten = "Văn phòng (lần hai)"

[[phong]]
ma = "TC"
ten = "Phòng Tổ chức"
email = "tc-at-stc.gov.vn"

[[phong]]
ma = "T/C"
ten = "Phòng Thanh tra"
'''


def test_dvht_toml_values_at_their_lines(tmp_path):
    (tmp_path / "dvht.toml").write_text(DVHT_TOML, encoding="utf-8")
    proc = run_cli("run", tmp_path, "--config", tmp_path / "dvht.toml")
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    at = {name: line_of(DVHT_TOML, written, nth) for name, written, nth in (
        ("vp", 'ma = "VP"', 2), ("email", 'email = "tc-at-stc.gov.vn"', 1), ("tc", 'ma = "T/C"', 1),
        ("signer", 'nguoi_ky.quyen_han = "XX"', 1), ("date", 'ngay = "31/02/2025"', 1),
        ("margins", "le_trang = [20, 20, 40, 15]", 1), ("coordinator", 'dau_moi = "VPX"', 1),
        ("mail", 'thu_di = { dia_chi_gui = "vanphong@stc.gov.vn", cong = 70000, han_nop = 31, gian_cach = 900 }', 1),
        ("tier", 'cap = "xã"', 1), ("request", "so_to_trinh = 0", 1))}
    assert said(proc.stderr) == [
        f"dòng {at['vp']} (phòng VP): mã phòng 'VP' bị lặp lại.",  # the 3rd [[phong]]'s ma, not the 1st's
        f"dòng {at['email']} (phòng TC): 'email' phải là một địa chỉ thư (ví dụ \"vp@so.gov.vn\") hoặc danh sách "
        "địa chỉ.",
        f"dòng {at['tc']} (phòng T/C): mã phòng 'T/C' (Phòng Thanh tra) chứa dấu '/', '\\' hoặc ký tự điều khiển, "
        "không dùng được trong tên tệp. Hãy chỉ dùng chữ, số, dấu gạch ngang hoặc gạch dưới.",
        f"dòng {at['signer']} ([nguoi_ky]): 'nguoi_ky.quyen_han' = 'XX' không hợp lệ: dùng một trong KT., TM., TL., "
        "TUQ., Q. hoặc bỏ trống.",  # a dotted key
        f"dòng {at['date']} ([van_ban]): 'van_ban.ngay' = '31/02/2025' không phải ngày: ghi dd/mm/yyyy hoặc "
        "2025-12-31 (hoặc mm/yyyy, ví dụ \"12/2025\", để trống ngày cho người ký ghi tay).",
        f"dòng {at['margins']} ([van_ban]): 'van_ban.le_trang': lề trái = 40 mm ngoài khoảng 30–35 mm của Nghị định "
        "30/2020/NĐ-CP.",
        f"dòng {at['coordinator']} ([don_vi]): 'don_vi.dau_moi' = 'VPX' không phải mã phòng nào trong [[phong]] "
        "(VP, KT, TC). Hãy ghi mã phòng, hoặc tên vai trò, ví dụ \"Công chức phụ trách công tác Đơn vị học tập\".",
        f"dòng {at['mail']} ([thu_di]): 'thu_di.cong' = 70000 không phải cổng hợp lệ (thường là 587 với starttls, "
        "465 với ssl).",  # keys of an inline table: its line
        f"dòng {at['mail']} ([thu_di]): 'thu_di.han_nop' = '31' không hợp lệ: ghi một ngày trong tháng sau kỳ báo "
        "cáo (số 1–28, ví dụ 5) hoặc một ngày cụ thể \"05/12/2025\".",
        f"dòng {at['mail']} ([thu_di]): 'thu_di.gian_cach' = 900 giây nằm ngoài khoảng 0–600 giây.",
        f"dòng {at['tier']} ([don_vi]): 'don_vi.cap' = 'xã' không hợp lệ: dùng một trong \"tỉnh\", \"huyện\".",
        f"dòng {at['request']} ([ho_so]): 'ho_so.so_to_trinh' = 0 không hợp lệ: số văn bản phải từ 1 trở lên (hoặc "
        "\"\" để trống).",
    ]


def test_an_array_of_inline_tables_over_several_lines(tmp_path):
    """`phong = [` then one `{ ma = …, … }` a line: each item is an item of [[phong]], at its own line."""
    text = ('phong = [\n  { ma = "VP", ten = "Văn phòng" },\n  { ma = "KT", ten = "Phòng Kế toán", email = "kt" },\n'
            '  { ma = "VP", ten = "Văn phòng (lần hai)" },\n]\n\n[don_vi]\nten = "Sở Tài chính"\nma = "STC"\n'
            'dia_danh = "Quảng Ngãi"\n\n[nguoi_ky]\nchuc_vu = "Giám đốc"\n\n[danh_gia]\nbo_tieu_chi = "tt22-2020"\n')
    (tmp_path / "dvht.toml").write_text(text, encoding="utf-8")
    proc = run_cli("run", tmp_path, "--config", tmp_path / "dvht.toml")
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert said(proc.stderr) == [
        "dòng 3 (phòng KT): 'email' phải là một địa chỉ thư (ví dụ \"vp@so.gov.vn\") hoặc danh sách địa chỉ.",
        "dòng 4 (phòng VP): mã phòng 'VP' bị lặp lại.",
    ]


POINTS_RULES = '''[bo_tieu_chi]
ma = "thu"
ten = "Bộ thử"
phien_ban = "1"
cach_tinh = "diem"
diem_toi_da = 10

[[tieu_chi]]
ma = "1a"
noi_dung = "Kế hoạch"
loai = "ty_le_thanh_vien"
cot = "ke_hoach_tu_hoc"
dieu_kien = "bang"
gia_tri = "Đã phê duyệt"
diem_toi_da = 10
cach_cham = "bac"

[tieu_chi.bac]
x = 1

[[xep_loai]]
ten = "Khá"
tu = 7

[[xep_loai]]
ten = "Tốt"
tu = "chín"

[[xep_loai]]
ten = "Tốt"
tu = 9
'''


def test_a_sub_table_of_an_item_and_a_finding_of_several_keys(tmp_path):
    """[tieu_chi.bac] below [[tieu_chi]]: that item's 'bac', at its header's line. The order of [[xep_loai]] is
    a finding about all of them: said of the table, with no line — never the line of one of them."""
    path = tmp_path / "diem.toml"
    path.write_text(POINTS_RULES, encoding="utf-8")
    proc = run_cli("kiem-tra-tieu-chi", path)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    bands, bound = line_of(POINTS_RULES, "[tieu_chi.bac]"), line_of(POINTS_RULES, 'tu = "chín"')
    assert said(proc.stderr) == [
        f"dòng {bands} (tiêu chí 1a): cach_cham = \"bac\" cần 'bac' = "
        "[[\"tỷ lệ tối thiểu\", \"điểm\"], …], ví dụ [[\"1.00\", 10], [\"0.90\", 8]].",
        f"dòng {bound} ([[xep_loai]] thứ 2): 'tu' = 'chín' "
        "không phải số; ghi ví dụ \"0.90\" hoặc 10.",
        "[[xep_loai]]: các mức phải xếp từ cao xuống thấp, điểm 'tu' giảm dần và không trùng.",
    ]


TINH_TOML = '''chu_tich = { quyen_han = "PCT", ho_ten = "" }

[so]
ten = "Sở Giáo dục và Đào tạo"
ma = "SGDĐT"
dia_danh = "An Phước"

[tinh]
ten = "An Phước"

[nguoi_ky]
chuc_vu = "Giám đốc"
quyen_han = "KT"

[danh_gia]
nam = 2023

[van_ban]
"ngay" = "32/12/2025"
le_trang = [20, 20, 30]
'''


def test_tinh_toml_values_at_their_lines(tmp_path):
    config = tmp_path / "tinh.toml"
    config.write_text(TINH_TOML, encoding="utf-8")
    proc = run_cli("tinh", "mau-ho-so", "--config", config, "--tep", tmp_path / "mau.xlsx")
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert said(proc.stderr) == [
        "dòng 16 ([danh_gia]): 'danh_gia.nam' = 2023: năm của số liệu phải trong khoảng 2024–2100 (Thông tư 24/2023 "
        "có hiệu lực từ 26/01/2024).",
        "dòng 19 ([van_ban]): 'van_ban.ngay' = '32/12/2025' không phải ngày: ghi dd/mm/yyyy hoặc 2025-12-31 (hoặc "
        "mm/yyyy, ví dụ \"12/2025\", để trống ngày cho người ký ghi tay).",  # a quoted key
        "dòng 1 ([chu_tich]): 'chu_tich.quyen_han' = 'PCT' không hợp lệ: dùng một trong KT., TM., TL., TUQ., Q. "
        "hoặc bỏ trống.",  # a table written inline
        "dòng 20 ([van_ban]): 'van_ban.le_trang' phải là 4 số (mm) theo thứ tự trên, dưới, trái, phải, ví dụ "
        "[20, 20, 30, 15].",
    ]  # quyen_han = "KT" is KT.: no finding
    assert not (tmp_path / "mau.xlsx").exists()


KE_HOACH_TOML = '''giai_doan = "2026-2030"
so = 0
ngay = "30/02/2026"
tien_do = { so_ket = 1999, gui_so_lieu = 31 }

[[muc]]
tu_dong = "muc_dich"

[[muc]]
tieu_de = "Yêu cầu"
noi_dung = "Bám sát {don_vi} và {phong_ban}."

[[muc]]
tu_dong = "muc_dich"

[[nhiem_vu]]
phong = "XX"
viec = "Tổng hợp"
'''


def test_ke_hoach_toml_values_at_their_lines(tmp_path):
    config = write_config(tmp_path)
    (tmp_path / "ke_hoach.toml").write_text(KE_HOACH_TOML, encoding="utf-8")
    proc = run_cli("ke-hoach", "--config", config, "--out", tmp_path / "out")
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    twice, task = line_of(KE_HOACH_TOML, 'tu_dong = "muc_dich"', 2), line_of(KE_HOACH_TOML, 'phong = "XX"')
    assert said(proc.stderr) == [
        "dòng 3 (ngay): '30/02/2026' không phải ngày: ghi \"20/3/2026\" (đủ ngày), \"3/2026\" (để trống ngày), "
        "\"2026\" (để trống ngày và tháng) hoặc \"\" (để trống cả ngày).",
        "dòng 2 (so): số kế hoạch 0 không hợp lệ: ghi số từ 1 trở lên, hoặc so = \"\" để trống.",
        f"dòng {twice} ([[muc]] thứ 3, tu_dong): phần tự động 'muc_dich' được ghi nhiều lần.",  # the second one
        f"dòng {task} ([[nhiem_vu]] thứ 1, phong): 'XX' "
        "không phải mã phòng trong dvht.toml (VP, KT, TCHC); người không thuộc phòng nào: dùng vai_tro.",
        "dòng 4 ([tien_do], gui_so_lieu): '31' phải là một ngày trong tháng từ 1 đến 28 (hoặc false: không có hạn "
        "này).",  # a key of an inline table: its line
        "dòng 4 ([tien_do], so_ket): '1999' không phải năm (ví dụ 2026).",
        "dòng 11 ([[muc]] thứ 2, noi_dung): '{phong_ban}' không phải chỗ thay thế; dùng một trong {don_vi}, {ky}, "
        "{nam_dau}, {nam_cuoi}, {dau_moi}.",
    ]
    assert not (tmp_path / "out").exists()


RULE_FILE = '''[bo_tieu_chi]
ma = "thu"
ten = "Bộ thử"
phien_ban = "1"
cach_tinh = "muc_do"
muc_do = [1, 2]
hieu_luc_tu = "31/04/2024"

[[nhom]]
ma = "1"
ten = "Điều kiện"

[[nhom]]
ma = "1"
ten = "Trùng mã"

[[tieu_chi]]
ma = "1.1"
nhom = "1"
noi_dung = "Kế hoạch"
loai = "don_vi_tu_cham"

[[tieu_chi]]
ma = "2.1"
nhom = "1"
noi_dung = "Kỷ luật"
loai = "ty_le_thanh_vien"
cot = "tuan_thu_ky_luat"
dieu_kien = "co"
muc_tieu.1 = "0.95"
muc_tieu.2 = "1,5"

[[tieu_chi]]
ma = "2.2"
nhom = "2"
noi_dung = "Danh hiệu"
loai = "danh_hieu_tap_the"
toi_thieu = { 1 = "Tập thể lao động tiên tiến", 2 = "Hạng nhất" }
ap_dung_cho = ["truong_hoc", "vu_tru"]
'''


def test_rule_file_values_at_their_lines(tmp_path):
    path = tmp_path / "sai.toml"
    path.write_text(RULE_FILE, encoding="utf-8")
    proc = run_cli("kiem-tra-tieu-chi", path)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    at = {name: line_of(RULE_FILE, written, nth) for name, written, nth in (
        ("group", 'ma = "1"', 2), ("dotted", 'muc_tieu.2 = "1,5"', 1), ("nhom", 'nhom = "2"', 1),
        ("inline", 'toi_thieu = { 1 = "Tập thể lao động tiên tiến", 2 = "Hạng nhất" }', 1),
        ("kinds", 'ap_dung_cho = ["truong_hoc", "vu_tru"]', 1))}
    assert said(proc.stderr) == [
        "dòng 7 ([bo_tieu_chi]): 'hieu_luc_tu' = '31/04/2024' không phải ngày: ghi hieu_luc_tu = 2024-01-26 (không "
        "ngoặc kép) hoặc \"26/01/2024\".",
        f"dòng {at['group']} (nhóm 1): mã nhóm bị lặp lại.",  # the 2nd [[nhom]]'s ma
        f"dòng {at['dotted']} (tiêu chí 2.1): 'muc_tieu.2' = 1,5 không hợp lệ: tỷ lệ phải trong khoảng 0…1 (tỷ lệ "
        "ghi dạng số thập phân: 1.5% là \"0.015\").",  # a dotted key: its own line, not muc_tieu.1's
        f"dòng {at['nhom']} (tiêu chí 2.2): 'nhom' = '2' không có trong các [[nhom]] (1).",
        f"dòng {at['inline']} (tiêu chí 2.2): 'toi_thieu.2' = 'Hạng nhất' không phải danh hiệu tập thể; dùng một "
        "trong: Tập thể lao động tiên tiến, Tập thể lao động xuất sắc, Cờ thi đua cấp bộ, ban, ngành, tỉnh, Cờ thi "
        "đua của Chính phủ.",  # a key of an inline table: its line
        f"dòng {at['kinds']} (tiêu chí 2.2): 'ap_dung_cho' phải là danh sách loại hình đơn vị, mỗi phần tử là một "
        "trong \"co_quan_nha_nuoc\", \"don_vi_su_nghiep_cong_lap\", \"khac\", ví dụ [\"co_quan_nha_nuoc\", "
        "\"don_vi_su_nghiep_cong_lap\"].",
    ]
