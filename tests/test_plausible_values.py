"""Plausible values (setup/plausible.py, plan/values.plausible_plan, vn/dates.implausible, ledger/recognition):
a date before 2000 or more than a year after the day of the run (passed in), a document number below 1, a
plan dated years before its first year, a decision date with trailing junk — each refused naming the key;
the Mức độ 2 warning computed on the whole history whatever the order of entry."""
from __future__ import annotations

from datetime import date

import pytest
from builders import run_cli, write_config

from dvht_batch.errors import ConfigError
from dvht_batch.ledger.recognition import Recognition, level_2_warning, load_recognitions
from dvht_batch.plan.file import load_plan
from dvht_batch.setup.config import load_config
from dvht_batch.vn.dates import implausible, latest_plausible, parse_day_first

RUN_DAY = date(2026, 12, 6)  # the day of the run, as the command line passes it
AUTHORITY = "Chủ tịch Ủy ban nhân dân tỉnh Quảng Ngãi"


def test_the_window_is_judged_against_the_day_passed_in():
    assert implausible(date(1999, 12, 31), None) == "từ 01/01/2000 trở đi"
    assert implausible(date(2000, 1, 1), None) is None and implausible(date(9999, 1, 1), None) is None
    assert implausible(date(9999, 1, 1), RUN_DAY) == "từ 01/01/2000 đến 06/12/2027"
    assert implausible(latest_plausible(RUN_DAY), RUN_DAY) is None
    assert latest_plausible(date(2024, 2, 29)) == date(2025, 2, 28)


@pytest.mark.parametrize("text", ["2024-03-01 rác", "2024-03-01x", "01/03/2024 abc"])
def test_a_date_with_trailing_junk_is_not_a_date(text):
    assert parse_day_first(text) is None
    assert parse_day_first("2024-03-01 00:00:00") == date(2024, 3, 1)  # the text of an Excel date cell


@pytest.mark.parametrize("van_ban, ho_so, words", [
    ({"ngay": date(1, 1, 1)}, {}, ["'van_ban.ngay' = '0001-01-01' nằm ngoài khoảng ngày hợp lý (từ 01/01/2000"]),
    ({"ngay": date(9999, 1, 1)}, {}, ["'van_ban.ngay'", "đến 06/12/2027"]),
    ({"ngay": "05/01/2028"}, {}, ["'van_ban.ngay' = '05/01/2028'"]),
    ({"so_bao_cao": 0}, {"so_to_trinh": -1}, ["'ho_so.so_to_trinh' = -1 không hợp lệ", "'van_ban.so_bao_cao' = 0"]),
], ids=["year-1", "year-9999", "two-years-ahead", "negative"])
def test_implausible_configuration_values_name_their_key(tmp_path, van_ban, ho_so, words):
    path = write_config(tmp_path, van_ban=van_ban, ho_so=ho_so)
    with pytest.raises(ConfigError) as caught:
        load_config(path, RUN_DAY)
    for word in words:
        assert word in str(caught.value), str(caught.value)


def test_plausible_configuration_values_pass(tmp_path):
    path = write_config(tmp_path, van_ban={"ngay": "05/6/2027", "so_bao_cao": 1}, ho_so={"so_to_trinh": 3})
    assert load_config(path, RUN_DAY).documents.date == date(2027, 6, 5)


@pytest.mark.parametrize("body, words", [
    ('nam = 2025\nngay = "05/01/2019"\n', ["ngày ban hành năm 2019 quá sớm cho kế hoạch bắt đầu năm 2025"]),
    ("nam = 2025\nngay = 9999-01-01\n", ["ngày ban hành '1/1/9999' nằm ngoài khoảng ngày hợp lý"]),
    ("nam = 2025\nngay = 0001-01-01\n", ["nằm ngoài khoảng ngày hợp lý (từ 01/01/2000"]),
    ("nam = 2025\nso = -1\n", ["số kế hoạch -1 không hợp lệ"]),
], ids=["2019-for-2025", "year-9999", "year-1", "negative-number"])
def test_implausible_plan_values_name_their_line(tmp_path, body, words):
    config = load_config(write_config(tmp_path), RUN_DAY)
    (tmp_path / "ke_hoach.toml").write_text(body, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_plan(tmp_path / "ke_hoach.toml", config, RUN_DAY)
    for word in words:
        assert word in str(caught.value), str(caught.value)
    assert "dòng 2" in str(caught.value)


def test_a_plan_dated_the_year_before_its_first_year_passes(tmp_path):
    config = load_config(write_config(tmp_path), RUN_DAY)
    (tmp_path / "ke_hoach.toml").write_text('nam = 2026\nngay = "15/12/2025"\nso = 7\n', encoding="utf-8")
    assert load_plan(tmp_path / "ke_hoach.toml", config, RUN_DAY).date.year == 2025


def test_the_command_line_refuses_implausible_values(tmp_path):
    config = write_config(tmp_path, ho_so={"so_to_trinh": -1})
    (tmp_path / "in").mkdir()
    done = run_cli("run", tmp_path / "in", "--config", config, "--out", tmp_path / "out")
    assert done.returncode == 2 and "'ho_so.so_to_trinh' = -1 không hợp lệ" in done.stderr, done.stderr
    config = write_config(tmp_path, van_ban={"ngay": date(9999, 1, 1)})
    done = run_cli("ke-hoach", "--config", config, "--nam", "2026", "--out", tmp_path / "out")
    assert done.returncode == 2 and "'van_ban.ngay' = '9999-01-01' nằm ngoài khoảng" in done.stderr, done.stderr
    assert not (tmp_path / "out").exists()


def test_cong_nhan_refuses_trailing_junk_and_old_years(tmp_path):
    out = tmp_path / "OUT"
    for given in ("2024-03-01 rác", "01/03/1999"):
        done = run_cli("cong-nhan", "--so", "12/QĐ-UBND", "--ngay", given, "--muc-do", "1", "--co-quan", AUTHORITY,
                       "--out", out)
        assert done.returncode == 2 and "--ngay" in done.stderr and "Traceback" not in done.stderr, done.stderr
    assert load_recognitions(out) == []


def test_the_level_2_warning_whatever_the_order_of_entry(tmp_path):
    out = tmp_path / "OUT"
    first = run_cli("cong-nhan", "--so", "40/QĐ-UBND", "--ngay", "01/6/2024", "--muc-do", "2", "--co-quan", AUTHORITY,
                    "--out", out)
    assert first.returncode == 0 and "Lưu ý" not in first.stdout  # no Mức độ 1 known yet
    second = run_cli("cong-nhan", "--so", "12/QĐ-UBND", "--ngay", "15/3/2024", "--muc-do", "1", "--co-quan",
                     AUTHORITY, "--out", out)
    assert second.returncode == 0, second.stderr
    assert ("Lưu ý: quyết định Mức độ 2 ngày 01/6/2024 có trước ngày 15/3/2025 (12 tháng sau quyết định Mức độ 1 "
            "12/QĐ-UBND)") in second.stdout


def test_the_level_2_warning_is_the_same_in_either_order():
    one = Recognition("12/QĐ-UBND", date(2024, 3, 15), 1, AUTHORITY)
    two = Recognition("40/QĐ-UBND", date(2024, 6, 1), 2, AUTHORITY)
    assert level_2_warning([one], two) == level_2_warning([two], one) == level_2_warning([one, two])
    assert level_2_warning([one, two]) is not None
    later = Recognition("41/QĐ-UBND", date(2025, 3, 15), 2, AUTHORITY)
    assert level_2_warning([one], later) is None
