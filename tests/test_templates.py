"""`dvht templates`: generated workbooks have the contract's columns, lists, protection, print setup."""
from pathlib import Path

import pytest
from builders import DEPARTMENTS, config_dict, run_cli
from openpyxl import load_workbook

from dvht_batch.setup.config import parse_config
from dvht_batch.period import Period
from dvht_batch.rules import load_rule_set
from dvht_batch.writers.templates import write_blank_templates, write_templates

ROOT = Path(__file__).resolve().parents[1]
CONFIG = parse_config(config_dict("STH", DEPARTMENTS[:2], name="Sở Thử", place="An Phước", signer="Nguyễn Văn A"))


def cells(path: Path) -> dict:
    wb = load_workbook(path)
    return {ws.title: [[c.value for c in row] for row in ws.iter_rows()] for ws in wb.worksheets}


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    out = tmp_path_factory.mktemp("tpl")
    return write_templates(CONFIG, load_rule_set("tt22-2020"), Period(2025, 11), out)


def test_one_per_department_plus_unit(generated):
    assert [p.name for p in generated] == ["VP_2025-11.xlsx", "KT_2025-11.xlsx", "STH_don_vi_2025-11.xlsx"]


def test_department_template(generated):
    wb = load_workbook(generated[0])
    assert wb.sheetnames == ["Thong_tin", "Danh_muc", "Thanh_vien", "Huong_dan"]
    assert wb["Danh_muc"].sheet_state == "hidden"
    info = wb["Thong_tin"]
    values = {info.cell(r, 1).value: info.cell(r, 2).value for r in range(1, info.max_row + 1)}
    assert values["Mã đơn vị"] == "STH" and values["Mã phòng"] == "VP" and values["Kỳ báo cáo"] == "11/2025"
    assert info.protection.sheet and info["B1"].protection.locked and not info["B5"].protection.locked
    ws = wb["Thanh_vien"]
    headers = [c.value for c in ws[1]]
    assert headers[:9] == ["STT", "Họ và tên", "Năm sinh", "Giới tính", "Chức vụ", "Kế hoạch tự học",
                           "Tuân thủ kỷ luật", "Hoàn thành bồi dưỡng", "Danh hiệu thi đua"]
    assert headers[9:17] == [f"NL{i}" for i in range(1, 9)] and "Công dân học tập" not in headers
    assert "Cam kết học tập suốt đời" in ws["K1"].comment.text  # NL2 carries its full text
    assert ws.freeze_panes == "C2" and ws.protection.sheet
    assert ws["A1"].protection.locked
    # data cells take their (unlocked) style from the column format: no blank cells are written
    for letter in ("B", "F", "I", "J"):
        assert wb._protections[ws.column_dimensions[letter]._style.protectionId].locked is False, letter
    lists = {str(dv.sqref): dv for dv in ws.data_validations.dataValidation}
    assert lists["F2:F301"].formula1 == "Danh_muc!$B$2:$B$4"
    assert "Bằng khen" in lists["I2:I301"].prompt
    assert all(dv.showErrorMessage for dv in lists.values())
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.paperSize == 9
    assert ws.print_title_rows == "$1:$1"


def test_unit_template_lists_rule_set_criteria(generated):
    wb = load_workbook(generated[-1])
    rows = [[c.value for c in r] for r in wb["Tieu_chi"].iter_rows(min_row=2)]
    assert [r[0] for r in rows] == ["1a", "1b", "1c", "3c"]
    assert rows[0][2] == 10 and rows[3][2] == 5
    assert wb["Tieu_chi"]["D2"].protection.locked is False


def test_formula_looking_text_stays_text(tmp_path):
    cfg = parse_config(config_dict("=A1", [("P1", "+SUM(1)")], name="=CMD()", place="X", signer="A"))
    paths = write_templates(cfg, load_rule_set("tt22-2020"), Period(2025), tmp_path)
    ws = load_workbook(paths[0])["Thong_tin"]
    assert ws["B1"].value == "=A1" and ws["B1"].data_type == "s"


@pytest.mark.parametrize("rules", ["tt22-2020", "tt24-2023"])
def test_shipped_blank_templates_match_the_command(tmp_path, rules):
    fresh = write_blank_templates(tmp_path, load_rule_set(rules))
    for path in fresh:
        shipped = ROOT / "input_templates" / path.name
        assert shipped.is_file(), f"{shipped} missing: run `dvht templates --blank --rules {rules} --out input_templates`"
        assert cells(shipped) == cells(path)


def test_cli_requires_period(tmp_path):
    proc = run_cli("templates", "--config", ROOT / "sample_data" / "dvht.toml", "--out", tmp_path)
    assert proc.returncode == 2 and "--period" in proc.stderr and "Traceback" not in proc.stderr
