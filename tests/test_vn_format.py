"""Vietnamese formatting of numbers, dates and periods; text normalisation."""
from datetime import date
from decimal import Decimal
from fractions import Fraction

import pytest

from dvht_batch.period import Period
from dvht_batch.vn.dates import long_date, parse_day_first, short_date
from dvht_batch.vn.numbers import fmt_decimal, fmt_percent, round2
from dvht_batch.vn.text import fold, normalize


def test_numbers():
    assert fmt_decimal(Decimal("84.6")) == "84,60"
    assert fmt_decimal(Decimal("1234.5")) == "1.234,50"
    assert fmt_percent(Fraction(11, 12)) == "91,67%"
    assert fmt_percent(Decimal(1)) == "100,00%"
    assert round2(Fraction(21875, 1000)) == Decimal("21.88")
    assert round2(Decimal("2.675")) == Decimal("2.68")


def test_dates():
    assert long_date(date(2024, 3, 5)) == "ngày 05 tháng 3 năm 2024"
    assert long_date(date(2024, 2, 15)) == "ngày 15 tháng 02 năm 2024"
    assert long_date(date(2024, 12, 1)) == "ngày 01 tháng 12 năm 2024"
    assert short_date(date(2024, 3, 5)) == "05/3/2024"
    assert parse_day_first("05/3/2025") == date(2025, 3, 5)
    assert parse_day_first("3/5/2025") == date(2025, 5, 3)  # day-first, never month-first
    assert parse_day_first("31/02/2025") is None
    assert "năm 2025" in long_date(None, 2025)


def test_periods():
    assert str(Period.parse("2025-11")) == "2025-11" and str(Period.parse("2025")) == "2025"
    assert Period.parse_workbook("11/2025") == Period(2025, 11)
    assert Period.parse_workbook("2025") == Period(2025)
    assert Period(2025, 1).previous() == Period(2024, 12)
    with pytest.raises(ValueError):
        Period.parse("2025-13")


def test_normalize_and_fold():
    assert normalize("  Nguy\u0065\u0302\u0303n\u00a0 V\u0103n\u200b  An ") == "Nguyễn Văn An"
    assert normalize("\u00d0ào") == "Đào"
    assert fold("Họ và tên (bắt buộc)", drop_note=True) == "ho va ten"
    assert fold("KẾ HOẠCH  tự học") == "ke hoach tu hoc"
