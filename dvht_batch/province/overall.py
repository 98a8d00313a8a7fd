"""The "Kết quả chung" row of a unit's summary table, read into a level (docs/tinh.md, "Kiểm tra tự động").

`dvht ho-so` writes the rule set's name of the level reached ("Mức độ 2") or its result below the lowest
level ("Chưa đạt") (writers/xlsx_dossier.py, as Phụ lục I of the report: writers/docx/bao_cao_annexes.py),
and no row at all while nothing can be concluded. A table edited by hand may say the same in other ways:
any case, accents or none, extra spaces or punctuation, "Đạt mức độ 2", "Mức 2", "MĐ2", "Mức độ II",
"Không đạt". Anything else is UNREAD — said as such, never guessed ("Chưa đạt mức độ 2" does not say
whether mức độ 1 was reached: UNREAD).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from dvht_batch.vn.text import fold

LEVEL, FAIL, BLANK, UNREAD = "level", "fail", "blank", "unread"
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_LEVEL = re.compile(r"(?:dat )?(?:muc do|muc|md) ?(\d+|i{1,3}|iv)")
_FAIL = re.compile(r"(?:chua|khong) dat(?: (?:muc do|muc|md) ?(\d+|i{1,3}|iv))?")


@dataclass(frozen=True)
class Overall:
    """What the row states: a level (`level`), below every level (FAIL, `level` 0), nothing (BLANK), or
    something not understood (UNREAD); `text` as the unit wrote it."""

    state: str
    text: str
    level: int | None = None


def _number(token: str) -> int:
    return _ROMAN[token] if token in _ROMAN else int(token)


def read_overall(text: str | None, rule_set) -> Overall | None:
    """The row's statement under `rule_set`'s levels; None when the table has no such row (the Sở's template,
    or a table `dvht ho-so` wrote while nothing could be concluded)."""
    if text is None:
        return None
    key = fold(text)
    if not key:
        return Overall(BLANK, text)
    names = {fold(rule_set.level_name(lv)): lv for lv in rule_set.levels}
    if key in names:
        return Overall(LEVEL, text, names[key])
    if key == fold(rule_set.fail_class):
        return Overall(FAIL, text, 0)
    found = _LEVEL.fullmatch(key)
    if found and _number(found.group(1)) in rule_set.levels:
        return Overall(LEVEL, text, _number(found.group(1)))
    failed = _FAIL.fullmatch(key)
    if failed and (failed.group(1) is None or _number(failed.group(1)) == min(rule_set.levels)):
        return Overall(FAIL, text, 0)
    return Overall(UNREAD, text)


__all__ = ["BLANK", "FAIL", "LEVEL", "UNREAD", "Overall", "read_overall"]
