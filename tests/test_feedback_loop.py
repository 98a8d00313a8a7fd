"""The whole feedback loop: a filled template with mistakes is rejected; its feedback copy, fixed cell by
cell as a department types (openpyxl, the protected sheet as it is) and sent back, is accepted."""
import json
import os
import shutil

from builders import run_cli
from openpyxl import load_workbook
from test_round_trip import fill_department, make_templates, member

FIXES = {"Hoàn thành bồi dưỡng": "Có", "Tuân thủ kỷ luật": "Không", "NL3": "Có"}


def _result(folder):
    return json.loads((folder / "ket_qua.json").read_text(encoding="utf-8"))


def test_feedback_copy_fixed_cell_by_cell_is_accepted(tmp_path):
    make_templates(tmp_path)
    vao = tmp_path / "vao"
    vao.mkdir()
    shutil.copy(tmp_path / "mau" / "KT_2025-12.xlsx", vao / "KT.xlsx")
    fill_department(vao / "KT.xlsx", [member("Hoàng Thị Én")])
    shutil.copy(tmp_path / "mau" / "VP_2025-12.xlsx", vao / "VP.xlsx")
    fill_department(vao / "VP.xlsx", [
        member("Trần Văn Bình", **{"Hoàn thành bồi dưỡng": None}),   # a missing Có/Không: an empty cell
        member("Lê Thị Cúc", **{"Tuân thủ kỷ luật": "chưa rõ"}),      # a value outside the list
        member("Phạm Văn Dũng", **{"NL3": None}),                    # another empty cell
    ])

    proc = run_cli("run", "vao", "--config", "dvht.toml", "--out", "out", "--no-docx", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    first = _result(tmp_path / "out" / "2025-12")
    vp = next(f for f in first["files"] if f["path"] == "VP.xlsx")
    assert vp["status"] == "rejected" and len(vp["errors"]) == 3, vp["errors"]
    [feedback] = (tmp_path / "out" / "2025-12" / "phan_hoi").glob("VP_*.xlsx")

    wb = load_workbook(feedback)
    ws = wb["Thanh_vien"]
    headers = {c.value: c.column_letter for c in ws[1]}
    assert ws.protection.sheet  # still protected: labels and headers stay as they are
    assert ws[f"{headers['Họ và tên']}1"].protection.locked
    assert wb.sheetnames[0] in ("Loi", "Danh_sach_loi", "Loi_dvht")  # the legend and list of errors stay
    assert wb[wb.sheetnames[0]]["A4"].value.startswith("Hãy sửa các ô tô đỏ")
    marked = [e["cell"].split("!")[1] for e in vp["errors"]]
    for ref in marked:
        cell = ws[ref]
        assert cell.fill.fgColor.rgb.endswith("FFC7CE") and cell.comment is not None, ref
        assert not cell.protection.locked, f"{ref} is locked: the department cannot type the fix"
        assert cell.number_format == "@" and cell.border.left.style == "thin", ref
        validations = [dv for dv in ws.data_validations.dataValidation if ref in dv.sqref]
        assert len(validations) == 1 and validations[0].type == "list", f"{ref} has no drop-down"

    for ref in marked:  # the department types the fixes, one cell at a time, and saves
        header = next(h for h, letter in headers.items() if ref.startswith(letter) and ref[len(letter):].isdigit())
        ws[ref] = FIXES[header]
    sent_back = vao / "VP (da sua).xlsx"
    wb.save(sent_back)
    later = os.stat(vao / "VP.xlsx").st_mtime + 60
    os.utime(sent_back, (later, later))

    proc = run_cli("run", "vao", "--config", "dvht.toml", "--out", "out", "--no-docx", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    second = _result(tmp_path / "out" / "2025-12")
    files = {f["path"]: f for f in second["files"]}
    assert files["VP (da sua).xlsx"]["status"] == "accepted", files["VP (da sua).xlsx"]["errors"]
    assert files["VP.xlsx"]["status"] == "superseded"
    departments = {d["code"]: d for d in second["departments"]}
    assert departments["VP"]["status"] == "accepted" and departments["VP"]["members"] == 3
    assert second["unit"]["members"] == 4
    # 2b (discipline): Cúc answered "Không" → 3 of 4 members of the unit
    assert (second["unit"]["criteria"]["2b"]["count"], second["unit"]["criteria"]["2b"]["denominator"]) == (3, 4)
