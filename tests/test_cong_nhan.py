"""Recognition history (`dvht cong-nhan`, dvht_batch/ledger/recognition.py): decisions in the ledger, the
standing on a day, and the time limits at their edges — 36 months kept, Mức độ 2 from 12 months after
the Mức độ 1 decision — including 29 February and month ends (docs/cong-nhan.md)."""
from __future__ import annotations

import sqlite3
from datetime import date

import pytest
from builders import RUN_AT, run_cli

from dvht_batch.ledger.recognition import (
    Recognition, RecognitionError, add_months, load_recognitions, parse_decision, record_recognition,
    standing, standing_text,
)

AUTHORITY = "Chủ tịch Ủy ban nhân dân tỉnh Quảng Ngãi"


def decision(day: date, level: int = 1, number: str = "12/QĐ-UBND") -> Recognition:
    return Recognition(number, day, level, AUTHORITY)


@pytest.mark.parametrize("start, months, expected", [
    (date(2024, 3, 15), 36, date(2027, 3, 15)),
    (date(2024, 2, 29), 36, date(2027, 2, 28)),   # no 29 February in 2027: its last day
    (date(2024, 2, 29), 12, date(2025, 2, 28)),
    (date(2024, 2, 29), 48, date(2028, 2, 29)),   # a leap year again
    (date(2023, 3, 31), 11, date(2024, 2, 29)),
    (date(2024, 5, 31), 36, date(2027, 5, 31)),
    (date(2024, 8, 31), 12, date(2025, 8, 31)),
    (date(2024, 1, 31), 1, date(2024, 2, 29)),
    (date(2024, 12, 31), 12, date(2025, 12, 31)),
])
def test_add_months_corresponding_day_or_last_day_of_month(start, months, expected):
    assert add_months(start, months) == expected


@pytest.mark.parametrize("decided, last_day", [
    (date(2024, 3, 15), date(2027, 3, 15)),
    (date(2024, 2, 29), date(2027, 2, 28)),
    (date(2024, 5, 31), date(2027, 5, 31)),
])
def test_kept_36_months_the_day_before_on_and_after(decided, last_day):
    rec = [decision(decided)]
    before, on, after = (date.fromordinal(last_day.toordinal() + d) for d in (-1, 0, 1))
    assert standing(rec, before).level == 1
    assert standing(rec, on).level == 1 and standing(rec, on).valid_until == last_day
    lapsed = standing(rec, after)
    assert (lapsed.level, lapsed.current, lapsed.lapsed) == (None, None, rec[0])
    assert "đã hết giá trị từ ngày" in standing_text(lapsed)


@pytest.mark.parametrize("decided, first_day", [
    (date(2024, 3, 15), date(2025, 3, 15)),
    (date(2024, 2, 29), date(2025, 2, 28)),
    (date(2024, 8, 31), date(2025, 8, 31)),
])
def test_level_2_from_12_months_the_day_before_on_and_after(decided, first_day):
    st = standing([decision(decided)], date(2025, 1, 1))
    assert st.level_2_from == first_day
    assert not st.may_request_level_2(date.fromordinal(first_day.toordinal() - 1))
    assert st.may_request_level_2(first_day)
    assert st.may_request_level_2(date.fromordinal(first_day.toordinal() + 1))


def test_without_any_decision_nothing_is_known_against_level_2():
    st = standing([], date(2025, 3, 14))
    assert (st.level, st.level_2_from, st.may_request_level_2()) == (None, None, True)
    assert "Chưa có quyết định công nhận" in standing_text(st)


def test_newest_decision_in_force_wins_and_future_ones_do_not_count():
    one, two = decision(date(2024, 3, 15)), decision(date(2025, 4, 1), level=2, number="30/QĐ-UBND")
    assert standing([two, one], date(2025, 3, 31)).current == one
    st = standing([one, two], date(2025, 4, 1))
    assert (st.level, st.valid_until, st.level_2_from) == (2, date(2028, 4, 1), None)
    assert standing([one, two], date(2024, 3, 14)).current is None


def test_parse_decision_reports_every_problem_in_vietnamese():
    with pytest.raises(RecognitionError) as info:
        parse_decision("", "31/02/2025", 3, "", today=date(2025, 6, 1))
    text = str(info.value)
    assert all(k in text for k in ("--so", "--ngay '31/02/2025'", "--muc-do 3", "--co-quan"))
    with pytest.raises(RecognitionError, match="sau hôm nay"):
        parse_decision("1/QĐ", "02/6/2025", 1, AUTHORITY, today=date(2025, 6, 1))
    assert parse_decision(" 12/QĐ-UBND ", "15/3/2024", 1, AUTHORITY, date(2025, 6, 1)) == decision(date(2024, 3, 15))


def test_ledger_round_trip_and_same_decision_replaced(tmp_path):
    assert load_recognitions(tmp_path) == []
    assert record_recognition(tmp_path, decision(date(2024, 3, 15)), RUN_AT)
    assert not record_recognition(tmp_path, decision(date(2024, 3, 15), level=2), RUN_AT)   # same number and date: replaced
    assert load_recognitions(tmp_path) == [decision(date(2024, 3, 15), level=2)]
    with sqlite3.connect(tmp_path / "dvht.sqlite") as conn:
        assert conn.execute("SELECT number, decided_on, level FROM recognitions").fetchall() == [
            ("12/QĐ-UBND", "2024-03-15", 2)]


def test_cli_records_lists_and_refuses_bad_input(tmp_path):
    out = tmp_path / "OUT"
    proc = run_cli("cong-nhan", "--so", "12/QĐ-UBND", "--ngay", "15/3/2024", "--muc-do", "1", "--co-quan", AUTHORITY,
                   "--out", out)
    assert proc.returncode == 0, proc.stderr
    assert "Đã ghi: Mức độ 1 — Quyết định số 12/QĐ-UBND ngày 15/3/2024" in proc.stdout
    listed = run_cli("cong-nhan", "--out", out)
    assert "giá trị đến hết ngày 15/3/2027" in listed.stdout
    bad = run_cli("cong-nhan", "--so", "13/QĐ", "--ngay", "2024-13-01", "--muc-do", "2", "--co-quan", "X", "--out", out)
    assert bad.returncode == 2 and "--ngay" in bad.stderr and "Traceback" not in bad.stderr
    assert len(load_recognitions(out)) == 1
    removed = run_cli("cong-nhan", "--xoa", "12/QĐ-UBND", "--out", out)
    assert removed.returncode == 0 and load_recognitions(out) == []
