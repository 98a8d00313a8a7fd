"""Regenerate `sample_data/`: a fictional agency and the workbooks its departments sent for 11/2025.

Run `python tools/make_sample_data.py`. The data are deliberate (tests check hand-computed results):
- VP    clean file, 12 members;
- KHTC  messy file: title rows above the header, reordered columns, "co"/"x"/"không", LĐTT…;
- QLVH  sent twice (the second e-mail attachment saved as "… (1).xlsx" is the newer one);
- TTR   a file with errors (rejected);
- TTTT  sent nothing (missing);
- GDTT  clean, with one member excluded ("Không tính") and two titles not yet decided.
Names are invented.
"""
from __future__ import annotations

import os
from datetime import date, datetime
from pathlib import Path

from openpyxl import Workbook, load_workbook

from dvht_batch.period import Period
from dvht_batch.rules import load_rule_set
from dvht_batch.writers.templates import TemplateContext, write_department_template, write_unit_template

RULES = load_rule_set("tt22-2020")
ROOT = Path(__file__).resolve().parent.parent / "sample_data"
UNIT = "SVHTT"
PERIOD = "11/2025"
CONFIG = """\
# Cấu hình mẫu của một cơ quan hư cấu (tên người, tên tỉnh đều là giả định).
[don_vi]
ten = "Sở Văn hóa và Thông tin"
ma = "SVHTT"
co_quan_chu_quan = "UBND tỉnh An Phước"
dia_danh = "An Phước"

[nguoi_ky]
quyen_han = "KT."
chuc_vu = "Giám đốc"
chuc_vu_ky = "Phó Giám đốc"
ho_ten = "Lâm Quốc Thịnh"

[danh_gia]
bo_tieu_chi = "tt22-2020"
noi_nhan = ["Sở Giáo dục và Đào tạo (b/c)", "Giám đốc Sở (b/c)", "Các phòng thuộc Sở", "Lưu: VT, VP"]

[[phong]]
ma = "VP"
ten = "Văn phòng"

[[phong]]
ma = "KHTC"
ten = "Phòng Kế hoạch - Tài chính"

[[phong]]
ma = "QLVH"
ten = "Phòng Quản lý văn hóa"

[[phong]]
ma = "TTR"
ten = "Thanh tra Sở"

[[phong]]
ma = "TTTT"
ten = "Phòng Thông tin - Truyền thông"

[[phong]]
ma = "GDTT"
ten = "Phòng Gia đình và Thể thao"
"""

A, R, N = "Đã phê duyệt", "Đã đăng ký", "Chưa đăng ký"
LDTT, CSCS, PEND, NONE = "Lao động tiên tiến", "Chiến sĩ thi đua cơ sở", "Chưa xét", "Không"


def row(name, year, gender, pos, plan, disc, train, title, nl="11111111", excluded="", note=""):
    yn = {True: "Có", False: "Không"}
    return [name, year, gender, pos, plan, yn[disc], yn[train], title,
            *[yn[c == "1"] for c in nl], excluded, note]


VP = [  # 2a 11/12, 2b 12/12, 2c 11/12, 2d 11/12, 3a 10/12
    row("Trịnh Minh Khoa", 1975, "Nam", "Chánh Văn phòng", A, True, True, CSCS),
    row("Đỗ Thị Hạnh", 1982, "Nữ", "Phó Chánh Văn phòng", A, True, True, LDTT),
    row("Nguyễn Văn An", 1990, "Nam", "Chuyên viên", A, True, True, LDTT),
    row("Lê Thị Bích Ngọc", 1988, "Nữ", "Chuyên viên", A, True, True, LDTT),
    row("Phan Quốc Bảo", 1993, "Nam", "Chuyên viên", A, True, False, LDTT, "11111110"),
    row("Võ Thị Thu Hà", 1986, "Nữ", "Kế toán", A, True, True, LDTT),
    row("Huỳnh Đức Duy", 1995, "Nam", "Chuyên viên", R, True, True, LDTT),
    row("Bùi Thị Ánh", 1991, "Nữ", "Văn thư", A, True, True, LDTT),
    row("Đặng Văn Đạt", 1984, "Nam", "Lái xe", A, True, True, LDTT, "11110111"),
    row("Mai Thị Hòa", 1979, "Nữ", "Chuyên viên", A, True, True, LDTT),
    row("Tạ Quang Vinh", 1998, "Nam", "Chuyên viên", A, True, True, PEND, note="Mới tuyển dụng"),
    row("Châu Ngọc Yến", 1992, "Nữ", "Chuyên viên", A, True, True, LDTT),
]

QLVH_V2 = [  # 2a 10/10, 2b 9/10, 2c 10/10, 2d 10/10, 3a 9/10
    row("Kiều Văn Thành", 1973, "Nam", "Trưởng phòng", A, True, True, CSCS),
    row("Lục Thị Mai", 1985, "Nữ", "Phó Trưởng phòng", A, True, True, LDTT),
    row("Ông Văn Sơn", 1987, "Nam", "Chuyên viên", A, True, True, LDTT),
    row("Hà Thị Thủy", 1990, "Nữ", "Chuyên viên", A, False, True, LDTT, note="Vi phạm giờ giấc tháng 10"),
    row("Doãn Minh Tuấn", 1994, "Nam", "Chuyên viên", A, True, True, LDTT),
    row("Quách Thị Lan", 1989, "Nữ", "Chuyên viên", A, True, True, LDTT, "01111111"),
    row("Triệu Văn Hùng", 1981, "Nam", "Chuyên viên", A, True, True, LDTT),
    row("Âu Thị Kim", 1996, "Nữ", "Chuyên viên", A, True, True, LDTT),
    row("La Văn Phúc", 1983, "Nam", "Chuyên viên", A, True, True, LDTT),
    row("Mạc Thị Uyên", 1997, "Nữ", "Chuyên viên", A, True, True, LDTT),
]

GDTT = [  # excluded member left out; 2a 6/7, 2b 7/7, 2c 6/7, 2d 5/7, 3a 7/7
    row("Vũ Thị Thanh", 1978, "Nữ", "Trưởng phòng", A, True, True, LDTT),
    row("Lý Văn Chiến", 1986, "Nam", "Phó Trưởng phòng", A, True, True, LDTT),
    row("Tôn Nữ Diệu", 1990, "Nữ", "Chuyên viên", A, True, True, LDTT),
    row("Hồ Văn Lực", 1992, "Nam", "Chuyên viên", R, True, False, PEND),
    row("Giang Thị Oanh", 1995, "Nữ", "Chuyên viên", A, True, True, PEND),
    row("Thân Văn Quý", 1988, "Nam", "Chuyên viên", A, True, True, LDTT),
    row("Ninh Thị Xuân", 1993, "Nữ", "Chuyên viên", A, True, True, LDTT),
    row("Cao Thị Ngân", 1991, "Nữ", "Chuyên viên", A, True, True, LDTT, excluded="Nghỉ thai sản từ 01/8/2025"),
]


def save(wb: Workbook, relative: str, mtime: datetime) -> None:
    path = ROOT / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    stamp = mtime.timestamp()
    os.utime(path, (stamp, stamp))


def messy_khtc() -> Workbook:
    """Title rows, reordered and renamed headers, informal yes/no and abbreviations, stray spaces."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Thông tin"  # accents in the sheet name: matched anyway
    for r in [("mã đơn vị", "svhtt"), ("MÃ PHÒNG", "KHTC"), ("Tên phòng", "Phòng KH-TC"),
              ("Kỳ báo cáo", datetime(2025, 11, 1)),  # Excel turned "11/2025" into a date
              ("Ngày lập", "04/12/2025"), ("Người lập ", "Phùng\u00a0Thị  Diễm")]:
        ws.append(list(r))
    ws["B4"].number_format = "mm/yyyy"
    ws2 = wb.create_sheet("Thanh_vien")
    ws2.append(["DANH SÁCH THÀNH VIÊN PHÒNG KẾ HOẠCH - TÀI CHÍNH"])
    ws2.merge_cells("A1:H1")
    ws2.append(["Tháng 11 năm 2025"])
    ws2.append([])
    ws2.append(["TT", "HỌ VÀ TÊN", "Chức vụ", "Danh hiệu thi đua (năm trước)", "Kế hoạch tự học (đã duyệt?)",
                "tuân thủ kỷ luật", "Hoàn thành  bồi dưỡng", *[f"NL{i}" for i in range(1, 9)], "Ghi chú"])
    data = [  # 2a 7/8, 2b 8/8, 2c 8/8, 2d 7/8, 3a 7/8
        ("Phùng Thị Diễm", "Trưởng phòng", "CSTĐ cơ sở", "Đã phê duyệt", "co", "có", "x" * 8),
        ("Ngô\u00a0Văn  Tài", "Phó Trưởng phòng", "LĐTT", "đã phê duyệt", "x", "x", "x" * 8),
        ("\u00d0inh Công Trứ", "Chuyên viên", "LĐTT", "Đã phê duyệt", "Có", "Có", "x" * 8),
        ("Lương Thị Hiền\u200b", "Kế toán", "lao động tiên tiến", "Đã phê duyệt", "✓", "1", "x" * 8),
        ("Tống Văn Nam", "Chuyên viên", "Không", "Chưa đăng ký", "có", "có", "xxxxxx--"),
        None,  # a blank row left in the middle
        ("Khúc Thị Loan", "Chuyên viên", "LĐTT", "Đã phê duyệt", "Co", "Co", "x" * 8),
        ("Văn Đình Hiếu", "Chuyên viên", "LĐTT", "Da phe duyet", "có", "có", "x" * 8),
        ("Thái Thị Hồng", "Chuyên viên", "LĐTT", "Đã phê duyệt", "có", "có", "x" * 8),
    ]
    n = 0
    for d in data:
        if d is None:
            ws2.append([])
            continue
        n += 1
        name, pos, title, plan, disc, train, nl = d
        marks = ["x" if c == "x" else "không" for c in nl]
        ws2.append([n, name, pos, title, plan, disc, train, *marks, ""])
    return wb


def rejected_ttr() -> None:
    members = [
        row("Hứa Văn Khải", 1976, "Nam", "Chánh Thanh tra", A, True, True, LDTT),
        row("Lâm Thị Tuyết", 1987, "Nữ", "Thanh tra viên", A, True, True, "Bằng khen"),      # not a title
        row("Đoàn Văn Lộc", 1990, "Nam", "Thanh tra viên", "Đã xong", True, True, LDTT),     # unknown plan status
        row("Bạch Thị Vân", 1994, "Nữ", "Thanh tra viên", A, True, True, LDTT),
        row("Từ Minh Quang", 1985, "Nam", "Thanh tra viên", A, True, True, LDTT),
        row("Nông Thị Gấm", 1992, "Nữ", "Thanh tra viên", A, True, True, LDTT),
    ]
    members[4][5] = ""  # an empty required cell (Tuân thủ kỷ luật)
    department_workbook("TTR", "Thanh tra Sở", members, date(2025, 12, 2), "Hứa Văn Khải", "Tập thể lao động tiên tiến",
                        "phong/Thanh tra - T11.xlsx", datetime(2025, 12, 2, 16, 0))


def unit_workbook() -> None:
    """The office's own workbook: a filled copy of the unit template (self-assessed criteria)."""
    relative = "don_vi/Tieu chi SVHTT thang 11-2025.xlsx"
    path = ROOT / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    write_unit_template(path, TemplateContext(RULES, UNIT, "Sở Văn hóa và Thông tin", Period(2025, 11)))
    wb = load_workbook(path)
    info = wb["Thong_tin"]
    labels = {info.cell(r, 1).value: r for r in range(1, info.max_row + 1)}
    info.cell(labels["Ngày lập"], 2).value = date(2025, 12, 5)
    info.cell(labels["Người lập"], 2).value = "Văn phòng Sở"
    info.cell(labels["Danh hiệu tập thể"], 2).value = "Tập thể lao động tiên tiến"
    answers = {"1a": ("9,5", "Kế hoạch số 05/KH-SVHTT ngày 08/01/2025"),
               "1b": (9, "Quy chế thi đua, khen thưởng năm 2025"),
               "1c": ("8.5", "Dự toán kinh phí bồi dưỡng năm 2025"),
               "3c": ("4,5", "Tủ sách pháp luật; 3 buổi sinh hoạt chuyên đề")}
    ws = wb["Tieu_chi"]
    for r in range(2, ws.max_row + 1):
        score, evidence = answers[ws.cell(r, 1).value]
        ws.cell(r, 4).value = score
        ws.cell(r, 6).value = evidence
    save(wb, relative, datetime(2025, 12, 5, 9, 0))


def department_workbook(code: str, name: str, members: list[list], created: date, author: str, title: str,
                        relative: str, mtime: datetime) -> None:
    """A filled copy of the template `dvht templates` writes: typed into the prepared rows."""
    path = ROOT / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    ctx = TemplateContext(RULES, UNIT, "Sở Văn hóa và Thông tin", Period(2025, 11), code, name)
    write_department_template(path, ctx)
    wb = load_workbook(path)
    info = wb["Thong_tin"]
    labels = {info.cell(r, 1).value: r for r in range(1, info.max_row + 1)}
    info.cell(labels["Ngày lập"], 2).value = created
    info.cell(labels["Người lập"], 2).value = author
    info.cell(labels["Danh hiệu tập thể"], 2).value = title
    ws = wb["Thanh_vien"]
    for i, m in enumerate(members, start=1):
        for col, value in enumerate([i, *m], start=1):
            ws.cell(i + 1, col).value = value if value != "" else None
    save(wb, relative, mtime)


def main() -> None:
    ROOT.mkdir(exist_ok=True)
    for old in ROOT.rglob("*.xlsx"):
        old.unlink()
    (ROOT / "dvht.toml").write_text(CONFIG, encoding="utf-8")
    unit_workbook()
    department_workbook("VP", "Văn phòng", VP, date(2025, 12, 3), "Bùi Thị Ánh", "Tập thể lao động tiên tiến",
                        "phong/VP_11-2025.xlsx", datetime(2025, 12, 3, 10, 0))
    save(messy_khtc(), "phong/KHTC - bao cao thang 11.xlsx", datetime(2025, 12, 4, 15, 30))
    department_workbook("QLVH", "Phòng Quản lý văn hóa", QLVH_V2[:9], date(2025, 12, 1), "Lục Thị Mai", "Chưa xét",
                        "phong/QLVH_11-2025.xlsx", datetime(2025, 12, 1, 8, 0))
    department_workbook("QLVH", "Phòng Quản lý văn hóa", QLVH_V2, date(2025, 12, 4), "Lục Thị Mai", "Chưa xét",
                        "phong/QLVH_11-2025 (1).xlsx", datetime(2025, 12, 4, 8, 0))
    rejected_ttr()
    department_workbook("GDTT", "Phòng Gia đình và Thể thao", GDTT, date(2025, 12, 5), "Tôn Nữ Diệu",
                        "Tập thể lao động xuất sắc", "phong/GDTT_11-2025.xlsx", datetime(2025, 12, 5, 11, 0))
    (ROOT / "phong" / "Ghi chu cua Van phong.txt").write_text(
        "Các phòng gửi bảng tính trước ngày 05 hằng tháng.\n", encoding="utf-8")
    (ROOT / "phong" / "~$VP_11-2025.xlsx").write_bytes(b"\x0bBui Thi Anh" + b" " * 40)  # an Excel lock file
    print(f"Đã tạo dữ liệu mẫu trong {ROOT}")


if __name__ == "__main__":
    main()
