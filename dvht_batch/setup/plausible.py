"""Plausible values in dvht.toml: a document date inside the sane window (vn.dates.implausible: not before
2000, not more than a year after the day of the run) and document numbers above zero. Checked on the raw
TOML tables, after the types (config.parse_config), so a mistake is named by its key."""
from __future__ import annotations

from datetime import date

from dvht_batch.messages import At, Findings
from dvht_batch.vn.dates import implausible, parse_day_first

# numbers of documents the office prints ("Số: 12/BC-…"): a count from 1
DOCUMENT_NUMBERS = (("van_ban", "so_bao_cao"), ("van_ban", "so_ke_hoach"), ("ho_so", "so_to_trinh"),
                    ("ho_so", "so_bao_cao"))
DOCUMENT_DATES = (("van_ban", "ngay"),)


def check_plausible(data: dict, problems: Findings, today: date | None = None) -> None:
    """Report into `problems` each date outside the window and each document number below 1. `today`: the
    day of the run, passed in (None: only the lower bound of dates is checked)."""
    for section, key in DOCUMENT_NUMBERS:
        value = _value(data, section, key)
        if isinstance(value, int) and not isinstance(value, bool) and value < 1:
            At(section).report(problems, "config-number-below-one", key, key=f"{section}.{key}", given=value)
    for section, key in DOCUMENT_DATES:
        value = _value(data, section, key)
        when = parse_day_first(value) if isinstance(value, str) else value
        if isinstance(when, date):
            window = implausible(when, today)
            if window:
                At(section).report(problems, "config-implausible-date", key, key=f"{section}.{key}", given=value,
                                   window=window)


def _value(data: dict, section: str, key: str):
    table = data.get(section)
    return table.get(key) if isinstance(table, dict) else None
