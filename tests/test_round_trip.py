"""Templates → filled by a clerk in openpyxl → `dvht run` → the expected result (issue: templates)."""
import json
from datetime import date

from builders import DEPARTMENTS, run_cli, write_config
from openpyxl import load_workbook


def fill_department(path, members):
    """Type into the prepared rows the way a clerk does: Thong_tin inputs, then one row per member."""
    wb = load_workbook(path)
    info = wb["Thong_tin"]
    labels = {info.cell(r, 1).value: r for r in range(1, info.max_row + 1)}
    info.cell(labels["Ngày lập"], 2).value = date(2025, 12, 3)
    info.cell(labels["Người lập"], 2).value = "Văn thư"
    info.cell(labels["Danh hiệu tập thể"], 2).value = "Tập thể lao động tiên tiến"
    ws = wb["Thanh_vien"]
    headers = {c.value: c.column for c in ws[1]}
    for i, m in enumerate(members, start=2):
        ws.cell(i, headers["STT"]).value = i - 1
        for header, value in m.items():
            ws.cell(i, headers[header]).value = value
    wb.save(path)


def member(name, ok=True, **extra):
    yes = "Có" if ok else "Không"
    return {"Họ và tên": name, "Năm sinh": 1990, "Giới tính": "Nữ", "Chức vụ": "Chuyên viên",
            "Kế hoạch tự học": "Đã phê duyệt" if ok else "Đã đăng ký", "Tuân thủ kỷ luật": "Có",
            "Hoàn thành bồi dưỡng": yes, "Danh hiệu thi đua": "Lao động tiên tiến",
            **{f"NL{i}": "Có" for i in range(1, 9)}, **extra}


def make_templates(tmp_path):
    """The agency's dvht.toml (VP, KT) and its templates for 12/2025 in tmp_path/mau (the real CLI)."""
    write_config(tmp_path, "STN", DEPARTMENTS[:2], name="Sở Thử nghiệm", place="An Phước", signer="Nguyễn Văn A")
    proc = run_cli("templates", "--config", "dvht.toml", "--period", "2025-12", "--out", "mau", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    return tmp_path / "mau"


def fill_unit(path, evidence=None):
    """Self-scores of the unit form (1a 10, 1b 9, 1c 8, 3c 5) and its collective title."""
    unit = load_workbook(path)
    ws = unit["Tieu_chi"]
    for row in range(2, ws.max_row + 1):
        ws.cell(row, 4).value = {"1a": 10, "1b": 9, "1c": 8, "3c": 5}[ws.cell(row, 1).value]
        if evidence:
            ws.cell(row, 6).value = evidence
    unit["Thong_tin"]["B5"].value = "Tập thể lao động tiên tiến"  # Danh hiệu tập thể (row 5 in the unit form)
    unit.save(path)


def test_templates_filled_and_run(tmp_path):
    mau = make_templates(tmp_path)
    fill_department(mau / "VP_2025-12.xlsx", [member("Trần Văn Bình"), member("Lê Thị Cúc", ok=False),
                                               member("Phạm Văn Dũng", **{"Không tính": "Nghỉ ốm dài ngày"})])
    fill_department(mau / "KT_2025-12.xlsx", [member("Hoàng Thị Én"), member("Vũ Văn Giang")])
    fill_unit(mau / "STN_don_vi_2025-12.xlsx", evidence="Kế hoạch số 01/KH-STN")

    proc = run_cli("run", "mau", "--config", "dvht.toml", "--out", "out", "--no-docx", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    res = json.loads((tmp_path / "out" / "2025-12" / "ket_qua.json").read_text(encoding="utf-8"))
    assert all(f["status"] == "accepted" for f in res["files"]), res["files"]
    unit_res = res["unit"]
    assert (unit_res["members"], unit_res["excluded"]) == (4, 1)
    # 2a: 3/4 → 7.50; 2c: 3/4 → 7.50; others full: 27 + 7.50 + 5 + 7.50 + 5 + 25 + 10 + 5 = 92.00
    assert unit_res["criteria"]["2a"]["points"] == "7.50"
    assert unit_res["criteria"]["3b"]["points"] == "10.00"
    assert (unit_res["total"], unit_res["classification"]) == ("92.00", "Tốt")
