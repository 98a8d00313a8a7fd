"""[van_ban] ngay = "12/2025": the month and year printed, the day left for the hand that signs (Nghị định
30/2020 lets the signer date the document) — in the BÁO CÁO, its annexes' references, the KẾ HOẠCH and the
dossier's checklist; a full date and `de_trong_ngay` print as before."""
from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from builders import member, run_cli, write_config, write_department

from dvht_batch.setup.config import parse_config
from dvht_batch.errors import ConfigError
from dvht_batch.vn.dates import parse_month_year
from builders import config_dict


@pytest.mark.parametrize("text, month", [("12/2025", (2025, 12)), ("…/12/2025", (2025, 12)), (" /3/2026", (2026, 3)),
                                         ("../01/2026", (2026, 1)), ("13/2025", None), ("2025", None),
                                         ("05/12/2025", None), ("12/25", None)])
def test_month_and_year(text, month):
    assert parse_month_year(text) == month


def test_configuration_takes_a_month_and_refuses_what_is_neither():
    docs = parse_config(config_dict(van_ban={"ngay": "12/2025"})).documents
    assert docs.month == (2025, 12) and docs.date is None
    full = parse_config(config_dict(van_ban={"ngay": "05/01/2026"})).documents
    assert full.month is None and str(full.date) == "2026-01-05"
    with pytest.raises(ConfigError, match=r"'van_ban.ngay' = '13/2025' không phải ngày: .*mm/yyyy"):
        parse_config(config_dict(van_ban={"ngay": "13/2025"}))


def _text(docx: Path) -> str:
    with zipfile.ZipFile(docx) as z:
        xml = z.read("word/document.xml").decode()
    return "".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", xml))


def test_report_and_plan_leave_the_day_to_the_signer(tmp_path):
    config = write_config(tmp_path, van_ban={"ngay": "12/2025", "so_bao_cao": 7})
    data = tmp_path / "nop"
    data.mkdir()
    for code in ("VP", "KT", "TCHC"):
        write_department(data / f"{code}.xlsx", [member("Nguyễn Văn A"), member("Trần Thị B")], ma_phong=code)
    proc = run_cli("run", data, "--config", config, "--out", tmp_path / "ra", "-q")
    assert proc.returncode == 0, proc.stderr
    report = _text(tmp_path / "ra" / "2025-11" / "bao_cao_don_vi.docx")
    assert re.search(r"Quảng Ngãi, ngày {3,}tháng 12 năm 2025", report)
    assert re.search(r"Kèm theo Báo cáo số 07/BC-STC ngày {3,}/12/2025 của Sở Tài chính", report)
    assert "ngày 01" not in report.split("Quảng Ngãi,")[1][:20]  # not the run's date
    plan = run_cli("ke-hoach", "--config", config, "--out", tmp_path / "kh", "--nam", "2026")
    assert plan.returncode == 0, plan.stderr
    assert re.search(r"Quảng Ngãi, ngày {3,}tháng 12 năm 2025", _text(tmp_path / "kh" / "2026" / "ke_hoach_2026.docx"))
