"""The law in force, end to end through the real CLI on workbooks written here (docs/bo-tieu-chi.md §6,
docs/cong-nhan.md, README "Văn bản pháp luật…"):

- TT 22 for a 2025 period: the console warns that TT 22 was repealed on 26/01/2024; the BÁO CÁO cites the
  provincial guidance of [danh_gia] theo_van_ban, never TT 22 as in force (without it: a place to fill in);
- TT 24: the office's checklist on the console and in sheet Kiem_tra of tong_hop.xlsx, none of it in
  the signed BÁO CÁO; 1.3 "Không áp dụng" for a unit that is neither a state agency nor a public service
  unit; the recognition in force (dvht cong-nhan) in the BÁO CÁO, and a result meeting Mức độ 2 less than
  12 months after the Mức độ 1 decision requests nothing and tells the first date it may.
"""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

from builders import office_rules, run_cli, write_config
from openpyxl import load_workbook
from test_tt24 import AGENCY, docx_text, make_dataset, run_dataset

ROOT = Path(__file__).resolve().parent.parent
GUIDANCE = "Công văn số 45/SGDĐT-GDTX ngày 10/01/2025 của Sở Giáo dục và Đào tạo tỉnh An Phước"


def _tt22_sample(tmp_path: Path, guidance: str | None) -> tuple:
    data = tmp_path / "du_lieu"
    shutil.copytree(ROOT / "sample_data", data)
    if guidance:
        cfg = data / "dvht.toml"
        text = cfg.read_text(encoding="utf-8").replace('bo_tieu_chi = "tt22-2020"',
                                                       f'bo_tieu_chi = "tt22-2020"\ntheo_van_ban = "{guidance}"')
        cfg.write_text(text, encoding="utf-8")
    out = tmp_path / "ket_qua"
    proc = run_cli("run", data, "--config", data / "dvht.toml", "--out", out, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    return proc, re.sub(r"\s+", " ", docx_text(out / "2025-11" / "bao_cao_don_vi.docx")), out / "2025-11"


def test_tt22_after_its_repeal_cites_the_provincial_guidance(tmp_path):
    proc, text, folder = _tt22_sample(tmp_path, GUIDANCE)
    assert "đã hết hiệu lực từ ngày 26/01/2024" in proc.stdout and GUIDANCE in proc.stdout
    assert f"Căn cứ {GUIDANCE};" in text
    assert "Căn cứ Thông tư số 22/2020" not in text and "Cộng đồng học tập" not in text
    checks = [r[1].value for r in load_workbook(folder / "tong_hop.xlsx")["Kiem_tra"].iter_rows(min_row=2)]
    assert any("26/01/2024" in (c or "") for c in checks)


def test_tt22_after_its_repeal_without_guidance_leaves_the_basis_to_the_office(tmp_path):
    proc, text, _ = _tt22_sample(tmp_path, None)
    assert "theo_van_ban" in proc.stdout  # the console says how to state the guidance
    assert "Căn cứ Thông tư số 22/2020" not in text
    assert "[Văn phòng ghi căn cứ: văn bản hướng dẫn của tỉnh" in text


def test_tt24_checklist_goes_to_console_and_workbook_never_to_the_signed_report(tmp_path):
    data = make_dataset(tmp_path / "du_lieu")
    proc, out = run_dataset(data)
    assert proc.returncode == 0, proc.stderr
    assert "Văn phòng kiểm tra trước khi ký" in proc.stdout
    assert "Tiêu chí 2 (" in proc.stdout and "các chỉ tiêu 2.1, 2.2 chưa được xác nhận" in proc.stdout
    assert "loai_hinh" in proc.stdout  # 1.3 asks for the kind of unit, not declared here
    checks = [r[1].value for r in load_workbook(out / "tong_hop.xlsx")["Kiem_tra"].iter_rows(min_row=2)]
    assert any(c.startswith("Tiêu chí 2 (") for c in checks) and any("Mức độ 2" in c for c in checks)
    assert any(c.startswith("Cách xác nhận:") for c in checks)
    text = docx_text(out / "bao_cao_don_vi.docx")
    assert "đối chiếu" not in text and "xác nhận" not in text
    assert "Chưa có quyết định công nhận" in proc.stdout  # nothing recorded with dvht cong-nhan yet


def test_tt24_13_not_applicable_to_a_unit_outside_the_state(tmp_path):
    data = make_dataset(tmp_path / "du_lieu", citizens_missing=0, unit_title="Tập thể lao động xuất sắc",
                        unit_passed={"1.3": "Không"})
    write_config(data, rule_set="tt24-2023", **{**AGENCY, "don_vi": {**AGENCY["don_vi"], "loai_hinh": "khac"}})
    proc, out = run_dataset(data, "-q")
    assert proc.returncode == 0, proc.stderr
    unit = json.loads((out / "ket_qua.json").read_text(encoding="utf-8"))["unit"]
    assert (unit["classification"], unit["failing"]) == ("Mức độ 2", [])
    assert unit["criteria"]["1.3"] == {"applicable": False, "passed": None,
                                       "note": unit["criteria"]["1.3"]["note"]}
    assert unit["criteria"]["1.3"]["note"].startswith("Không áp dụng")
    text = re.sub(r"\s+", " ", docx_text(out / "bao_cao_don_vi.docx"))
    assert "Chỉ tiêu 1.3. Bố trí đủ kinh phí" in text and "không áp dụng đối với" in text
    # the same data for a state agency: 1.3 "Không" blocks every level
    write_config(data, rule_set="tt24-2023", **{**AGENCY, "don_vi": {**AGENCY["don_vi"],
                                                                     "loai_hinh": "co_quan_nha_nuoc"}})
    proc, out = run_dataset(data, "-q")
    unit = json.loads((out / "ket_qua.json").read_text(encoding="utf-8"))["unit"]
    assert (unit["classification"], unit["failing"]) == ("Chưa đạt", ["1.3"])


def test_tt24_level_2_met_too_early_tells_the_first_date_and_requests_nothing(tmp_path):
    """Under the office's confirmed rule file: Mức độ 1 recognised on 15/3/2025, the 2025 result meets Mức độ 2,
    documents dated 10/01/2026 — before 15/3/2026 no request is drafted (the self-assessment is still written)
    and the office is told the first date it may apply."""
    data = make_dataset(tmp_path / "du_lieu", citizens_missing=0, unit_title="Tập thể lao động xuất sắc")
    write_config(data, rule_set=office_rules(data), **AGENCY, van_ban={"ngay": "10/01/2026"})
    out_root = data.parent / "ket_qua"
    rec = run_cli("cong-nhan", "--so", "31/QĐ-UBND", "--ngay", "15/3/2025", "--muc-do", "1", "--co-quan",
                  "Chủ tịch Ủy ban nhân dân tỉnh An Phước", "--out", out_root)
    assert rec.returncode == 0, rec.stderr
    proc, out = run_dataset(data)
    assert proc.returncode == 0, proc.stderr
    unit = json.loads((out / "ket_qua.json").read_text(encoding="utf-8"))["unit"]
    assert (unit["classification"], unit["concluded"]) == ("Mức độ 2", "Mức độ 2")
    assert "Công nhận: Đơn vị đang được công nhận “Đơn vị học tập” mức độ 1" in proc.stdout
    assert "chỉ được đề nghị công nhận mức độ 2 từ ngày 15/3/2026" in proc.stdout
    text = re.sub(r"\s+", " ", docx_text(out / "bao_cao_don_vi.docx"))
    assert ("Sở Tài chính đang được công nhận “Đơn vị học tập” mức độ 1 (Quyết định số 31/QĐ-UBND ngày 15/3/2025 "
            "của Chủ tịch Ủy ban nhân dân tỉnh An Phước), có giá trị đến hết ngày 15/3/2028; được đề nghị công nhận "
            "mức độ 2 từ ngày 15/3/2026.") in text
    assert "đề nghị công nhận “Đơn vị học tập” Mức độ" not in text  # neither level 2 (too early) nor 1 (held)
    assert not (out / "ho_so" / "1_to_trinh_de_nghi_cong_nhan.docx").exists()
    report = re.sub(r"\s+", " ", docx_text(out / "ho_so" / "2_bao_cao_tu_danh_gia.docx"))
    assert "tự đánh giá đạt “Đơn vị học tập” cấp tỉnh mức độ 2 năm 2025" in report
    assert "tiếp tục duy trì" in report and "trình Chủ tịch Ủy ban nhân dân tỉnh công nhận" not in report


def test_plan_cites_tt22_only_while_it_is_in_force(tmp_path):
    texts, warned = {}, {}
    for year in (2023, 2027):
        cfg = tmp_path / f"dvht_{year}.toml"  # the sample agency, the plan dated December of the year before
        cfg.write_text((ROOT / "sample_data" / "dvht.toml").read_text(encoding="utf-8")
                       + f'\n[van_ban]\nngay = "05/12/{year - 1}"\n', encoding="utf-8")
        proc = run_cli("ke-hoach", "--config", cfg, "--nam", year, "--out", tmp_path)
        assert proc.returncode == 0, proc.stderr
        texts[year] = re.sub(r"\s+", " ", docx_text(tmp_path / str(year) / f"ke_hoach_{year}.docx"))
        warned[year] = "Cảnh báo: Thông tư 22/2020/TT-BGDĐT đã hết hiệu lực từ ngày 26/01/2024" in proc.stdout
    assert warned == {2023: False, 2027: True}  # the same warning as `dvht run`
    assert "Căn cứ Thông tư số 22/2020/TT-BGDĐT ngày 06/8/2020" in texts[2023]
    assert "Căn cứ Thông tư số 22/2020" not in texts[2027]
    assert "theo bộ tiêu chí của Thông tư 22/2020/TT-BGDĐT theo hướng dẫn của tỉnh" in texts[2027]
    assert "hướng dẫn của tỉnh" not in texts[2023]
