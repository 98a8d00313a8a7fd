"""The unit workbook's `Tieu_chi` sheet (docs/hop-dong.md §3): the unit's self-assessment per criterion."""
from __future__ import annotations

import re
from dataclasses import dataclass

from dvht_batch.intake.cells import (HEADER_SCAN_ROWS, Findings, Header, Row, cell_ref, decimal_of, find_header_row,
                                     is_empty, shown, text_of, where)
from dvht_batch.models import UnitInput
from dvht_batch.vn.numbers import fmt_decimal
from dvht_batch.vn.text import fold
from dvht_batch.vocab import YES_NO_HELP, parse_yes_no

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


def read_criteria(rows: list[Row], sheet: str, rule_set, out: Findings) -> dict[str, UnitInput]:
    """One `UnitInput` per unit-input criterion of the rule set, by the rule set's code."""
    expected = {code_key(c.code): c for c in rule_set.unit_input_criteria()}
    points = rule_set.scheme == "points"
    value_key = "diem_tu_cham" if points else "dat"
    header = _find_header(rows)
    if header is None:
        out.error("no-header", f"{sheet}: không tìm thấy dòng tiêu đề (Mã tiêu chí, Nội dung, Điểm tối đa, Điểm tự "
                  f"chấm, Đạt, Minh chứng) trong {HEADER_SCAN_ROWS} dòng đầu. Hãy dùng đúng biểu mẫu, giữ nguyên dòng "
                  "tiêu đề.", sheet)
        return {}
    hr, cols = header.row, header.columns
    header.report_duplicates(rows, sheet, lambda key: _BY_KEY[key].header, out)
    if value_key not in cols:
        header_text = _BY_KEY[value_key].header
        out.error("missing-column", f"{sheet}: dòng tiêu đề (dòng {hr + 1}) thiếu cột \"{header_text}\", cần cho bộ "
                  f"tiêu chí {rule_set.id}. Hãy thêm cột \"{header_text}\" như trong biểu mẫu.", sheet)

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
            if not _GROUP_ROW.fullmatch(key):  # "1", "II", "Tổng cộng": group and total rows, not criteria
                out.warning("unknown-criterion", f"{where(sheet, ref_code)}: mã tiêu chí {shown(raw_code)} không có "
                            f"trong bộ tiêu chí {rule_set.id} (dùng: {', '.join(c.code for c in expected.values())}); "
                            "dòng này bị bỏ qua.", sheet, ref_code, raw_code)
            continue
        if criterion.code in result:
            out.error("duplicate-criterion", f"{where(sheet, ref_code)}: tiêu chí {criterion.code} xuất hiện lần nữa "
                      f"(đã có ở dòng {result[criterion.code].row}). Hãy xóa dòng thừa.", sheet, ref_code, raw_code)
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

    for key, criterion in expected.items():
        if criterion.code not in result:
            out.error("missing-criterion", f"{sheet}: thiếu dòng cho tiêu chí {criterion.code} "
                      f"(\"{criterion.text}\"). Hãy thêm một dòng có Mã tiêu chí {criterion.code} và "
                      f"{'điểm tự chấm' if points else 'kết quả Đạt'}.", sheet)
    return result


def _score(row: Row, r: int, cols: dict[str, int], criterion, sheet: str, out: Findings):
    c = cols["diem_tu_cham"]
    raw = row[c] if c < len(row) else ""
    ref = cell_ref(r, c)
    top = criterion.max_points
    allowed = f"một số từ 0 đến {_points(top)}" if top is not None else "một số không âm"
    if is_empty(raw):
        out.error("missing-value", f"{where(sheet, ref)}: điểm tự chấm của tiêu chí {criterion.code} đang để trống. "
                  f"Hãy ghi {allowed} (dùng dấu phẩy cho phần thập phân, ví dụ 9,5).", sheet, ref)
        return None
    score = decimal_of(raw)
    if score is None:
        out.error("bad-score", f"{where(sheet, ref)}: điểm tự chấm của tiêu chí {criterion.code} là {shown(raw)}, "
                  f"không phải số. Hãy ghi {allowed}, ví dụ 9,5.", sheet, ref, raw)
        return None
    if score < 0 or (top is not None and score > top):
        out.error("score-out-of-range", f"{where(sheet, ref)}: điểm tự chấm của tiêu chí {criterion.code} là "
                  f"{shown(raw)}, ngoài khoảng cho phép. Hãy ghi {allowed}.", sheet, ref, raw)
        return None
    return score


def _passed(row: Row, r: int, cols: dict[str, int], criterion, sheet: str, out: Findings):
    c = cols["dat"]
    raw = row[c] if c < len(row) else ""
    ref = cell_ref(r, c)
    if is_empty(raw):
        out.error("missing-value", f"{where(sheet, ref)}: ô \"Đạt\" của tiêu chí {criterion.code} đang để trống. Hãy "
                  f"ghi {YES_NO_HELP}.", sheet, ref)
        return None
    passed = parse_yes_no(text_of(raw) if isinstance(raw, str) else raw)
    if passed is None:
        out.error("bad-value", f"{where(sheet, ref)}: ô \"Đạt\" của tiêu chí {criterion.code} là {shown(raw)}, không "
                  f"phải giá trị hợp lệ. Hãy ghi {YES_NO_HELP}.", sheet, ref, raw)
    return passed


def _check_max(raw: object, r: int, cols: dict[str, int], criterion, sheet: str, out: Findings) -> None:
    declared = decimal_of(raw)
    if declared is None or criterion.max_points is None or declared == criterion.max_points:
        return
    ref = cell_ref(r, cols["diem_toi_da"])
    out.warning("max-mismatch", f"{where(sheet, ref)}: điểm tối đa của tiêu chí {criterion.code} ghi {shown(raw)}, "
                f"nhưng bộ tiêu chí quy định {_points(criterion.max_points)}; công cụ dùng mức của bộ tiêu chí. "
                "Hãy sửa lại cho khớp.", sheet, ref, raw)


def _points(value) -> str:
    """10 → '10', 7.5 → '7,5' (Vietnamese decimal comma)."""
    return fmt_decimal(value, 0) if value == value.to_integral_value() else fmt_decimal(value).rstrip("0")
