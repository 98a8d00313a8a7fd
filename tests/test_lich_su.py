"""`dvht lich-su`: the ledger's history of each criterion, through the real command line.

Two months of the same agency: in October one of VP's two members has no approved self-study plan
(2a: 50 %), in November both do (100 %, a change of +50 percentage points). KT is complete both months.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from builders import member, run_cli, write_config, write_department


def month(root: Path, mm: int, vp_plan: str) -> Path:
    folder = root / f"vao_{mm}"
    folder.mkdir()
    ky, ngay = f"{mm}/2025", f"05/{mm}/2025"
    write_department(folder / "VP.xlsx", [member("Nguyễn Văn An"), member("Lê Văn Tiến", **{"Kế hoạch tự học": vp_plan})],
                     ky_bao_cao=ky, ngay_lap=ngay)
    write_department(folder / "KT.xlsx", [member("Phạm Thị Lan")], ma_phong="KT", ten_phong="Phòng Kế toán",
                     ky_bao_cao=ky, ngay_lap=ngay)
    return folder


@pytest.fixture(scope="module")
def ledger(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("lich_su")
    config = write_config(root)
    out = root / "ket_qua"
    for mm, plan in ((10, "Chưa đăng ký"), (11, "Đã phê duyệt")):
        done = run_cli("run", month(root, mm, plan), "--config", config, "--period", f"2025-{mm}", "--out", out,
                       "--no-docx", "-q")
        assert done.returncode == 0, done.stderr
    return out


def lich_su(*args) -> tuple[int, str]:
    done = run_cli("lich-su", *args)
    assert "Traceback" not in done.stderr
    return done.returncode, done.stdout


def test_one_department_with_change(ledger):
    code, text = lich_su("--out", ledger, "--phong", "vp")
    assert code == 0
    assert "10/2025" in text and "11/2025" in text and "VP – Văn phòng" in text
    row_2a = next(line for line in text.splitlines() if " 2a " in f" {line} ")
    assert "50,0%" in row_2a and "100,0%" in row_2a and "+50,0" in row_2a
    assert "Toàn đơn vị" not in text and "KT – " not in text


def test_whole_unit_and_every_department(ledger):
    code, text = lich_su("--out", ledger)
    assert code == 0
    assert "Toàn đơn vị" in text and "VP – Văn phòng" in text and "KT – Phòng Kế toán" in text
    # the unit's 2a: 2 of 3 members in October (66,7 %), 3 of 3 in November
    assert "66,7%" in text


def test_no_ledger_says_what_to_do(tmp_path):
    code, text = lich_su("--out", tmp_path / "khong_co")
    assert code == 0
    assert "Chưa có kết quả" in text and "dvht run" in text


def test_unknown_department(ledger):
    code, text = lich_su("--out", ledger, "--phong", "XYZ")
    assert code == 0 and "Chưa có kết quả của phòng XYZ" in text


def test_title_speaks_of_points_only_when_the_ledger_has_points(monkeypatch, capsys):
    """A levels rule set (TT 24) records ratios and pass/fail, never points: the title does not promise them."""
    from decimal import Decimal

    from dvht_batch.cli import history_table as history_view
    from dvht_batch.ledger.table import UNIT, HistoryTable

    levels = HistoryTable(periods=["2025"], texts={"2.1": "Chấp hành kỷ luật"},
                          cells={(UNIT, "2.1"): {"2025": (Decimal("0.95"), None)}})
    scored = HistoryTable(periods=["2025"], texts={"1a": "Chủ trương"}, cells={(UNIT, "1a"): {"2025": (None, Decimal("9.5"))}})
    for table, expected in ((levels, False), (scored, True)):
        monkeypatch.setattr(history_view, "history_table", lambda *_: table)
        history_view.print_history(Path("."), width=200)
        assert ("điểm với tiêu chí đơn vị tự chấm" in capsys.readouterr().out) is expected
