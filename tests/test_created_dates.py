"""An implausible "Ngày lập" is a warning naming its cell and never wins newest-wins (dvht_batch/assess/created_dates.py)."""
from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import pytest
from builders import member, run_cli, write_config, write_department

from dvht_batch.assess import aggregate
from dvht_batch.assess.created_dates import check_created_dates, is_plausible, plausible_window
from dvht_batch.models import FileKind, FileRecord, FileStatus
from dvht_batch.period import Period

NOV = Period(2025, 11)
TODAY = date(2025, 12, 10)


def record(name: str, created: date | None, modified: datetime = datetime(2025, 12, 1, 8, 0)) -> FileRecord:
    return FileRecord(path=name, source=Path(name), kind=FileKind.DEPARTMENT, department="VP", period=NOV,
                      created=created, created_cell="Thong_tin!B5", modified=modified)


def settle(records: list[FileRecord], today: date = TODAY) -> dict[str, FileStatus]:
    check_created_dates(records, NOV, today)
    aggregate.settle_statuses(records)
    return {r.path: r.status for r in records}


def test_the_window_is_the_period_widened_by_two_months():
    assert plausible_window(NOV) == (date(2025, 9, 1), date(2026, 1, 31))
    assert plausible_window(Period(2025, 1)) == (date(2024, 11, 1), date(2025, 3, 31))
    assert plausible_window(Period(2025)) == (date(2024, 11, 1), date(2026, 2, 28))
    assert is_plausible(date(2025, 9, 1), NOV, TODAY) and not is_plausible(date(2025, 8, 31), NOV, TODAY)
    assert is_plausible(TODAY, NOV, TODAY) and not is_plausible(date(2025, 12, 11), NOV, TODAY)


def test_a_date_in_2052_never_wins():
    records = [record("VP_dung.xlsx", date(2025, 11, 5)), record("VP_2052.xlsx", date(2052, 11, 3))]
    assert settle(records) == {"VP_dung.xlsx": FileStatus.ACCEPTED, "VP_2052.xlsx": FileStatus.SUPERSEDED}
    (warning,) = records[1].warnings
    assert warning.code == "implausible-date" and (warning.sheet, warning.cell) == ("Thong_tin", "B5")
    assert warning.message.startswith("Thong_tin!B5: ngày lập 03/11/2052 ở sau ngày chạy (10/12/2025)")
    assert "đảo" not in warning.message  # 11/03/2052 is no better
    assert records[0].warnings == []


def test_a_swapped_day_and_month_is_named_and_never_wins():
    # 02/12/2025 meant; the workbook holds 12 February 2025 (before the window) …
    early = [record("VP_dung.xlsx", date(2025, 11, 20)), record("VP_dao.xlsx", date(2025, 2, 12))]
    settle(early)
    (warning,) = early[1].warnings
    assert "cách kỳ báo cáo 11/2025 hơn 2 tháng" in warning.message
    assert "Có lẽ ngày và tháng bị đảo" in warning.message and "02/12/2025 thì hợp lý" in warning.message
    # … and a later swapped date (02/01/2026 stored as 1 February 2026) would have won without the check
    late = [record("VP_dung.xlsx", date(2025, 11, 20)), record("VP_dao.xlsx", date(2026, 2, 1))]
    assert settle(late, today=date(2026, 3, 1)) == {"VP_dung.xlsx": FileStatus.ACCEPTED,
                                                     "VP_dao.xlsx": FileStatus.SUPERSEDED}
    assert "02/01/2026 thì hợp lý" in late[1].warnings[0].message


def test_implausible_dates_fall_back_to_the_modification_time():
    records = [record("VP_a.xlsx", date(2052, 1, 1), datetime(2025, 11, 3)),
               record("VP_b.xlsx", date(2051, 1, 1), datetime(2025, 11, 9))]
    assert settle(records)["VP_b.xlsx"] is FileStatus.ACCEPTED  # both undated for the choice: the later save wins


def test_plausible_dates_are_left_alone_and_today_is_passed_in():
    records = [record("VP_a.xlsx", date(2025, 12, 10)), record("VP_b.xlsx", date(2025, 11, 30))]
    assert settle(records)["VP_a.xlsx"] is FileStatus.ACCEPTED and all(not r.warnings for r in records)
    records = [record("VP_a.xlsx", date(2025, 12, 10)), record("VP_b.xlsx", date(2025, 11, 30))]
    assert settle(records, today=date(2025, 12, 9))["VP_b.xlsx"] is FileStatus.ACCEPTED


@pytest.mark.parametrize("period, good, bad, expected", [
    ("2025-11", "05/11/2025", "03/11/2052", "Thong_tin!B5: ngày lập 03/11/2052"),
    ("2026-02", "10/02/2026", "02/12/2026", "12/02/2026 thì hợp lý"),  # 12/02 stored in the US order
])
def test_the_real_run(tmp_path, period, good, bad, expected):
    source = tmp_path / "in"
    source.mkdir()
    write_config(source)
    month, year = period[5:], period[:4]
    write_department(source / "VP_dung.xlsx", [member("Nguyễn Văn An")], ky_bao_cao=f"{month}/{year}", ngay_lap=good)
    write_department(source / "VP_sai_ngay.xlsx", [member("Trần Thị Bình"), member("Lê Văn Cường")],
                     ky_bao_cao=f"{month}/{year}", ngay_lap=bad)
    done = run_cli("run", source, "--out", tmp_path / "out", "--no-docx")
    assert done.returncode == 0, done.stderr
    assert "Lưu ý VP_sai_ngay.xlsx — " in done.stdout and expected in done.stdout
    result = json.loads((tmp_path / "out" / period / "ket_qua.json").read_text(encoding="utf-8"))
    status = {f["path"]: f["status"] for f in result["files"]}
    assert status == {"VP_dung.xlsx": "accepted", "VP_sai_ngay.xlsx": "superseded"}
    vp = next(d for d in result["departments"] if d["code"] == "VP")
    assert vp["members"] == 1  # the plausible file's roster, not the 2052 one's two members
