"""The benchmark's input folders, generated once into benchmarks/_work/ (git-ignored).

Scenario L: 1,000 bare department workbooks × 40 members (xlsxwriter, values only).
Scenario T: 1,000 filled copies of the generated templates (`dvht templates`), as clerks send them: 40
members typed in, and a block of 300 formatted rows (border, fill, date and text formats on empty cells,
as the sample `sample_data/phong/VP_11-2025.xlsx`: 5,700 cells over 300 rows), saved by openpyxl as a
spreadsheet program saves them. Both come with a `dvht.toml` naming the 1,000 departments.
"""
from __future__ import annotations

import random
import shutil
from concurrent.futures import ProcessPoolExecutor
from datetime import date
from pathlib import Path

import xlsxwriter

HEADERS = ["STT", "Họ và tên", "Năm sinh", "Giới tính", "Chức vụ", "Kế hoạch tự học", "Tuân thủ kỷ luật",
           "Hoàn thành bồi dưỡng", "Danh hiệu thi đua", *[f"NL{i}" for i in range(1, 9)], "Không tính", "Ghi chú"]
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô"]
MIDDLE = ["Văn", "Thị", "Minh", "Ngọc", "Quốc", "Thanh", "Đức", "Thu", "Hữu", "Kim"]
GIVEN = ["An", "Bình", "Cường", "Dũng", "Đào", "Giang", "Hà", "Hùng", "Khoa", "Lan", "Mai", "Nam", "Oanh", "Phúc",
         "Quân", "Sơn", "Tâm", "Uyên", "Vinh", "Xuân", "Yến", "Ánh", "Ân", "Ý"]
STYLED_ROWS = 300


def config_dict(n: int) -> dict:
    return {
        "don_vi": {"ten": "Sở Thử nghiệm", "ma": "STN", "dia_danh": "An Phước"},
        "nguoi_ky": {"chuc_vu": "Giám đốc", "ho_ten": "Nguyễn Văn A"},
        "danh_gia": {"bo_tieu_chi": "tt22-2020"},
        "phong": [{"ma": f"P{i:04d}", "ten": f"Phòng số {i}"} for i in range(1, n + 1)],
    }


def config_toml(n: int) -> str:
    data = config_dict(n)
    lines = []
    for table in ("don_vi", "nguoi_ky", "danh_gia"):
        lines.append(f"[{table}]")
        lines += [f'{k} = "{v}"' for k, v in data[table].items()]
    for d in data["phong"]:
        lines += ["[[phong]]", f'ma = "{d["ma"]}"', f'ten = "{d["ten"]}"']
    return "\n".join(lines) + "\n"


def member_values(rng: random.Random, stt: int) -> list:
    """One member row in HEADERS order."""
    def yes(p: float = 0.93) -> str:
        return "Có" if rng.random() < p else "Không"
    return [stt, f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}", rng.randint(1965, 2002),
            rng.choice(["Nam", "Nữ"]), "Chuyên viên", rng.choice(["Đã phê duyệt"] * 9 + ["Đã đăng ký"]), yes(0.97),
            yes(), rng.choice(["Lao động tiên tiến"] * 8 + ["Chiến sĩ thi đua cơ sở", "Chưa xét"]),
            *[yes(0.97) for _ in range(8)], "", ""]


def _complete(folder: Path, departments: int) -> bool:
    return (folder / "dvht.toml").is_file() and len(list(folder.glob("*.xlsx"))) == departments


def scenario_l(work: Path, departments: int, members: int) -> Path:
    folder = work / f"L_{departments}x{members}"
    if _complete(folder, departments):
        return folder
    rng = random.Random(42)
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(1, departments + 1):
        wb = xlsxwriter.Workbook(str(folder / f"P{i:04d}.xlsx"), {"strings_to_formulas": False})
        info = wb.add_worksheet("Thong_tin")
        for r, (label, value) in enumerate([
                ("Mã đơn vị", "STN"), ("Mã phòng", f"P{i:04d}"), ("Tên phòng", f"Phòng số {i}"),
                ("Kỳ báo cáo", "11/2025"), ("Ngày lập", "03/12/2025"), ("Người lập", "Văn thư"),
                ("Danh hiệu tập thể", "Tập thể lao động tiên tiến"), ("Ghi chú", ""), ("Điện thoại", "0939150008"),
                ("Thư điện tử", "vanthu@example.vn")]):
            info.write_string(r, 0, label)
            info.write_string(r, 1, value)
        ws = wb.add_worksheet("Thanh_vien")
        ws.write_row(0, 0, HEADERS)
        for m in range(1, members + 1):
            ws.write_row(m, 0, member_values(rng, m))
        wb.close()
    (folder / "dvht.toml").write_text(config_toml(departments), encoding="utf-8")
    return folder


def _fill_template(args: tuple[Path, Path, int, int]) -> None:
    """Open one generated template, type the members in, format a block of empty rows, save it."""
    import openpyxl
    from openpyxl.styles import Border, PatternFill, Side

    template, target, members, seed = args
    rng = random.Random(seed)
    wb = openpyxl.load_workbook(template)
    info = wb["Thong_tin"]
    for row in info.iter_rows(min_row=1, max_col=2):
        label = row[0].value
        if label == "Ngày lập":
            row[1].value = date(2025, 12, 3)
        elif label == "Người lập":
            row[1].value = "Văn thư"
        elif label == "Danh hiệu tập thể":
            row[1].value = "Tập thể lao động tiên tiến"
    ws = wb["Thanh_vien"]
    headers = [c.value for c in ws[1]]
    thin = Side(style="thin")
    border, fill = Border(left=thin, right=thin, top=thin, bottom=thin), PatternFill("solid", fgColor="FFF2CC")
    for m in range(1, members + 1):
        values = dict(zip(HEADERS, member_values(rng, m)))
        for col, header in enumerate(headers, start=1):
            value = values.get(header)
            if value not in (None, ""):
                ws.cell(m + 1, col).value = value
    for r in range(2, STYLED_ROWS + 2):  # the clerk formatted a block of rows: every cell is kept
        for col in range(1, len(headers) + 1):
            cell = ws.cell(r, col)
            cell.border = border
            if col == 2:
                cell.fill = fill
            if col == 3:
                cell.number_format = "0"
    wb.save(target)


def scenario_t(work: Path, departments: int, members: int) -> Path:
    folder = work / f"T_{departments}x{members}"
    if _complete(folder, departments):
        return folder
    from dvht_batch.setup.config import parse_config
    from dvht_batch.period import Period
    from dvht_batch.rules import load_rule_set
    from dvht_batch.writers.templates import write_templates

    blank = work / f"T_templates_{departments}"
    shutil.rmtree(blank, ignore_errors=True)
    written = write_templates(parse_config(config_dict(departments)), load_rule_set("tt22-2020"), Period(2025, 11),
                              blank)
    folder.mkdir(parents=True, exist_ok=True)
    jobs = [(p, folder / p.name, members, i) for i, p in enumerate(sorted(written)) if p.name.startswith("P")]
    with ProcessPoolExecutor(max_workers=2) as pool:
        list(pool.map(_fill_template, jobs, chunksize=20))
    shutil.rmtree(blank, ignore_errors=True)
    (folder / "dvht.toml").write_text(config_toml(departments), encoding="utf-8")
    return folder
