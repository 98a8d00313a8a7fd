"""The unit workbook's `Tieu_chi` sheet (docs/hop-dong.md §3): the unit's self-assessment per criterion."""
from __future__ import annotations

import re
from dataclasses import dataclass

from dvht_batch.intake.cells import (HEADER_SCAN_ROWS, Findings, Header, Row, cell_ref, decimal_of, find_header_row,
                                     is_empty, text_of)
from dvht_batch.models import UnitInput
from dvht_batch.vn.numbers import fmt_decimal
from dvht_batch.vn.text import fold
from dvht_batch.vocab.cells import YES_NO_HELP, parse_yes_no

@dataclass(frozen=True)
class CriteriaColumn:
    key: str
    header: str
    aliases: tuple[str, ...]


COLUMNS: tuple[CriteriaColumn, ...] = (
    CriteriaColumn("ma", "Mã tiêu chí", ("ma tieu chi", "ma", "ma tc", "ma chi tieu", "tieu chi so")),
    CriteriaColumn("noi_dung", "Nội dung", ("noi dung", "noi dung tieu chi", "ten tieu chi")),
    CriteriaColumn("diem_toi_da", "Điểm tối đa", ("diem toi da", "diem chuan", "thang diem", "diem toi da duoc cham")),
    CriteriaColumn("diem_tu_cham", "Điểm tự chấm", ("diem tu cham", "diem tu danh gia", "tu cham", "diem")),
    CriteriaColumn("dat", "Đạt", ("dat", "ket qua", "dat khong dat", "ket qua tu danh gia")),
    CriteriaColumn("minh_chung", "Minh chứng", ("minh chung", "tai lieu minh chung", "ho so minh chung")),
)
_BY_KEY = {c.key: c for c in COLUMNS}
_GROUP_ROW = re.compile(r"\d*|[ivx]+|tong(?:cong|diem)?|cong")
_LOOKUP = {alias: c for c in COLUMNS for alias in (fold(c.header), *c.aliases)}


def code_key(value: object) -> str:
    """'1a', '1.a', '1 A', 'Tiêu chí 1a' → '1a' (criterion codes compared loosely)."""
    key = fold(text_of(value))
    key = re.sub(r"^(?:tieu chi|chi tieu|tc)\s+", "", key)
    return key.replace(" ", "").replace(".", "")


def _match(value: object) -> CriteriaColumn | None:
    return _LOOKUP.get(fold(value, drop_note=True)) if isinstance(value, str) else None


def _find_header(rows: list[Row]) -> Header | None:
    best = find_header_row(rows, _match, "ma")
    if best is None or "ma" not in best.columns or len(best.columns) < 2:
        return None
    return best


def read_criteria(rows: list[Row], sheet: str, rule_set, out: Findings, unit_kind: str | None = None) -> dict[str, UnitInput]:
    """One `UnitInput` per unit-input criterion of the rule set asked of `unit_kind`, by the rule set's code.

    A row of an indicator not asked of this kind of unit (`ap_dung_cho`) is left alone: neither read nor required.
    """
    expected = {code_key(c.code): c for c in rule_set.unit_input_criteria(unit_kind)}
    not_asked = {code_key(c.code) for c in rule_set.unit_input_criteria()} - set(expected)
    points = rule_set.scheme == "points"
    value_key = "diem_tu_cham" if points else "dat"
    header = _find_header(rows)
    if header is None:
        out.report("criteria-no-header", sheet, rows=HEADER_SCAN_ROWS)
        return {}
    hr, cols = header.row, header.columns
    header.report_duplicates(rows, sheet, lambda key: _BY_KEY[key].header, out)
    if value_key not in cols:
        out.report("criteria-missing-column", sheet, row=hr + 1, header=_BY_KEY[value_key].header, rule_set=rule_set.id)

    def at(row: Row, key: str) -> object:
        c = cols.get(key)
        return row[c] if c is not None and c < len(row) else ""

    result: dict[str, UnitInput] = {}
    for r in range(hr + 1, len(rows)):
        row = rows[r]
        raw_code = at(row, "ma")
        if is_empty(raw_code):
            continue
        key = code_key(raw_code)
        ref_code = cell_ref(r, cols["ma"])
        criterion = expected.get(key)
        if criterion is None:
            if key in not_asked:
                continue
            if not _GROUP_ROW.fullmatch(key):  # "1", "II", "Tổng cộng": group and total rows, not criteria
                out.report("unknown-criterion", sheet, ref_code, raw_code, rule_set=rule_set.id,
                           codes=", ".join(c.code for c in expected.values()))
            continue
        if criterion.code in result:
            out.report("duplicate-criterion", sheet, ref_code, raw_code, criterion=criterion.code,
                       first_row=result[criterion.code].row)
            continue
        item = UnitInput(code=criterion.code, row=r + 1)
        evidence = text_of(at(row, "minh_chung"))
        item.evidence = evidence or None
        if value_key in cols:
            if points:
                item.self_score = _score(row, r, cols, criterion, sheet, out)
            else:
                item.passed = _passed(row, r, cols, criterion, sheet, out)
        if points and "diem_toi_da" in cols:
            _check_max(at(row, "diem_toi_da"), r, cols, criterion, sheet, out)
        result[criterion.code] = item

    for criterion in expected.values():
        if criterion.code not in result:
            out.report("missing-criterion", sheet, criterion=criterion.code, text=criterion.text,
                       what="điểm tự chấm" if points else "kết quả Đạt")
    return result


def _score(row: Row, r: int, cols: dict[str, int], criterion, sheet: str, out: Findings):
    c = cols["diem_tu_cham"]
    raw = row[c] if c < len(row) else ""
    ref = cell_ref(r, c)
    top = criterion.max_points
    allowed = f"một số từ 0 đến {_points(top)}" if top is not None else "một số không âm"
    if is_empty(raw):
        out.report("missing-score", sheet, ref, criterion=criterion.code, allowed=allowed)
        return None
    score = decimal_of(raw)
    if score is None:
        out.report("bad-score", sheet, ref, raw, criterion=criterion.code, allowed=allowed)
        return None
    if score < 0 or (top is not None and score > top):
        out.report("score-out-of-range", sheet, ref, raw, criterion=criterion.code, allowed=allowed)
        return None
    return score


def _passed(row: Row, r: int, cols: dict[str, int], criterion, sheet: str, out: Findings):
    c = cols["dat"]
    raw = row[c] if c < len(row) else ""
    ref = cell_ref(r, c)
    if is_empty(raw):
        out.report("missing-passed", sheet, ref, criterion=criterion.code, allowed=YES_NO_HELP)
        return None
    passed = parse_yes_no(text_of(raw) if isinstance(raw, str) else raw)
    if passed is None:
        out.report("bad-passed", sheet, ref, raw, criterion=criterion.code, allowed=YES_NO_HELP)
    return passed


def _check_max(raw: object, r: int, cols: dict[str, int], criterion, sheet: str, out: Findings) -> None:
    declared = decimal_of(raw)
    if declared is None or criterion.max_points is None or declared == criterion.max_points:
        return
    ref = cell_ref(r, cols["diem_toi_da"])
    out.report("max-mismatch", sheet, ref, raw, criterion=criterion.code, rule_max=_points(criterion.max_points))


def _points(value) -> str:
    """10 → '10', 7.5 → '7,5' (Vietnamese decimal comma)."""
    return fmt_decimal(value, 0) if value == value.to_integral_value() else fmt_decimal(value).rstrip("0")
