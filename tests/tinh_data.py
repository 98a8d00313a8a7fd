"""Dossiers for the province's side (`dvht tinh`), made the way units make them: a year of department
workbooks per agency, then the real `dvht ho-so` (tests/builders.py: run_cli). Also tinh.toml and the
Sở's own copy of the rule file with its unconfirmed items confirmed (as docs/tinh.md tells the Sở to do).

Agencies (each 3 departments of 10 members, every member meeting every indicator except as said):
  STC  Sở Tài chính        state agency, “Tập thể lao động xuất sắc” → Mức độ 2
  STP  Sở Tư pháp          state agency, “Tập thể lao động tiên tiến” → Mức độ 1
  HKH  Hội Khuyến học tỉnh other kind (1.3 “Không áp dụng”), “Tập thể lao động tiên tiến” → Mức độ 1
  SXD  Sở Xây dựng         state agency, 3 of 30 members lack “Công dân học tập” (90 %) → Mức độ 1
"""
from __future__ import annotations

import re
from pathlib import Path

from builders import OMIT, info, member, members_rows, office_rules, run_cli, toml_text, write_config, write_xlsx

import dvht_batch.rules as rules_package
from dvht_batch.rules import load_rule_set

TT24 = load_rule_set("tt24-2023")
HEADERS = ["STT", "Họ và tên", "Năm sinh", "Giới tính", "Chức vụ", "Kế hoạch tự học", "Tuân thủ kỷ luật",
           "Hoàn thành bồi dưỡng", "Công dân học tập", "Không tính", "Ghi chú"]
DEPARTMENTS = (("VP", "Văn phòng"), ("KT", "Phòng Kế hoạch"), ("TC", "Phòng Tổ chức"))
AGENCIES = {
    "STC": ("Sở Tài chính", "Tập thể lao động xuất sắc", "co_quan_nha_nuoc", 0),
    "STP": ("Sở Tư pháp", "Tập thể lao động tiên tiến", "co_quan_nha_nuoc", 0),
    "HKH": ("Hội Khuyến học tỉnh", "Tập thể lao động tiên tiến", "khac", 0),
    "SXD": ("Sở Xây dựng", "Tập thể lao động xuất sắc", "co_quan_nha_nuoc", 3),
}
PROVINCE = "An Phước"


def people(dept: str, lacking_citizen: int) -> list[dict]:
    return [member(f"Nguyễn Văn {dept}{i}", **{"Công dân học tập": "Không" if i < lacking_citizen else "Có"})
            for i in range(10)]


def make_agency_year(root: Path, code: str, year: int, signed: str, passed: dict[str, str] | None = None,
                     title: str | None = None) -> Path:
    """The data of agency `code` for `year`, its documents dated `signed` (its collective title `title`, when
    given, instead of the table's); returns the data folder."""
    name, usual_title, kind, lacking = AGENCIES[code]
    title = title or usual_title
    data = root / f"du_lieu_{code}_{year}"
    data.mkdir(parents=True, exist_ok=True)
    # each agency signs under its office's confirmed copy of tt24-2023 (the bundled file concludes no level)
    write_config(data, unit=code, name=name, departments=DEPARTMENTS, rule_set=office_rules(data), place=PROVINCE,
                 don_vi={"co_quan_chu_quan": f"UBND tỉnh {PROVINCE}", "loai_hinh": kind},
                 van_ban={"ngay": signed}, ho_so={"kinh_gui": f"Sở Giáo dục và Đào tạo tỉnh {PROVINCE}"})
    (data / "phong").mkdir(exist_ok=True)
    for i, (dept, dept_name) in enumerate(DEPARTMENTS):
        sheets = {"Thong_tin": info(ma_don_vi=code, ma_phong=dept, ten_phong=dept_name, ky_bao_cao=str(year),
                                    ngay_lap=f"20/12/{year}", danh_hieu_tap_the=OMIT),
                  "Thanh_vien": members_rows(people(dept, lacking if i == 0 else 0), headers=HEADERS)}
        write_xlsx(data / "phong" / f"{dept}_{year}.xlsx", sheets)
    criteria = [["Mã tiêu chí", "Nội dung", "Điểm tối đa", "Điểm tự chấm", "Đạt", "Minh chứng"]]
    criteria += [[c.code, c.text, None, None, (passed or {}).get(c.code, "Đạt"), f"Kế hoạch số {i}/KH-{code}"]
                 for i, c in enumerate(TT24.unit_input_criteria(kind), start=1)]
    (data / "don_vi").mkdir(exist_ok=True)
    write_xlsx(data / "don_vi" / f"{code}_{year}.xlsx",
               {"Thong_tin": info(ma_don_vi=code, ma_phong=OMIT, ky_bao_cao=str(year), ngay_lap=f"22/12/{year}",
                                  danh_hieu_tap_the=title), "Tieu_chi": criteria})
    return data


def dossier_of(root: Path, code: str, year: int = 2025, signed: str | None = None,
               passed: dict[str, str] | None = None, title: str | None = None) -> Path:
    """Run `dvht ho-so` for the agency; returns its OUT/<year>/ho_so folder."""
    data = make_agency_year(root, code, year, signed or f"05/01/{year + 1}", passed, title)
    out = root / f"ket_qua_{code}_{year}"
    proc = run_cli("ho-so", data, "--config", data / "dvht.toml", "--nam", year, "--out", out)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return out / str(year) / "ho_so"


def confirmed_rules(folder: Path) -> Path:
    """The Sở's copy of tt24-2023 with every unconfirmed requirement confirmed (flags removed, version raised)."""
    text = (Path(rules_package.__file__).parent / "tt24-2023.toml").read_text("utf-8")
    text = re.sub(r"(?m)^(?:chua_xac_nhan(?:_muc_do)?|chua_du_chi_tieu)\s*=.*$", "", text)
    text = re.sub(r'(?m)^phien_ban = "([^"]*)"', r'phien_ban = "\1-so-da-doi-chieu"', text)
    path = folder / "tt24-so.toml"
    path.write_text(text, encoding="utf-8")
    return path


def province_config(folder: Path, year: int = 2025, rules: str | None = None, when: str = "20/01/2026",
                    **extra) -> Path:
    data = {"so": {"ten": "Sở Giáo dục và Đào tạo", "ma": "SGDĐT", "dia_danh": PROVINCE},
            "tinh": {"ten": PROVINCE},
            "nguoi_ky": {"chuc_vu": "Giám đốc", "ho_ten": "Nguyễn Thị Hạnh"},
            "chu_tich": {"quyen_han": "KT.", "chuc_vu_ky": "Phó Chủ tịch"},
            "danh_gia": {"nam": year, **({"bo_tieu_chi": rules} if rules else {})},
            "van_ban": {"ngay": when}}
    data.update(extra)
    path = folder / f"tinh_{year}.toml"
    path.write_text(toml_text(data), encoding="utf-8")
    return path
