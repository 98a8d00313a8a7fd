"""The `Thanh_vien` sheet (contract-v1 §2): find the header row by its texts, then one member per row."""
from __future__ import annotations

import re
from functools import lru_cache

from dvht_batch.columns import COLUMNS_BY_KEY, MEMBER_COLUMNS, Column
from dvht_batch.intake.cells import (HEADER_SCAN_ROWS, Findings, Header, Row, cell_ref, find_header_row, is_empty, shown,
                                     text_of, where, year_of)
from dvht_batch.models import Member
from dvht_batch.vn.text import fold
from dvht_batch.vocab import PLAN_HELP, YES_NO_HELP, parse_plan, parse_title, parse_yes_no, titles_help

CRITERIA_KINDS = ("yesno", "plan", "title")

_LOOKUP: dict[str, Column] = {}
for _col in MEMBER_COLUMNS:
    for _key in (fold(_col.header, drop_note=True), *_col.aliases):
        _LOOKUP.setdefault(_key, _col)
        _LOOKUP.setdefault(_key.replace(" ", ""), _col)
# "NL1 - Chấp hành pháp luật…", "Năng lực 1: …": a competency header with its text after a dash or colon.
_COMPETENCY = re.compile(r"(?:nl|nang luc)\s*([1-8])(?:\s.*)?")
_NUMBERING_CELL = re.compile(r"\(?(?:\d{1,2}|[A-Za-z])\)?(?:\s*=\s*.*)?")
_SECTION_NAME = re.compile(r"(?:[IVX]{1,4}|[A-Z]|\d{1,2}(?:\.\d{1,2})*)\s*[.)/-]\s+\S")
_SECTION_STT = re.compile(r"[IVX]{1,4}|[A-Z]")
# Rows that are not members: totals, signature blocks, notes under the table (folded prefixes).
# Exact forms only for totals: "Tống" is a family name.
_FOOTER_EXACT = {"tong", "tong cong", "cong", "tong so", "cong so"}
_FOOTER_PREFIXES = ("tong cong ", "tong so ", "nguoi lap", "truong phong", "thu truong", "lanh dao", "giam doc",
                    "pho giam doc", "xac nhan", "ky ghi ro", "ky ten", "ghi chu", "ngay ", "danh sach nay")
_GENDERS = {"nam": "Nam", "m": "Nam", "male": "Nam", "nu": "Nữ", "f": "Nữ", "female": "Nữ"}


def match_header(value: object) -> Column | None:
    """A header cell → its column, ignoring case, accents, spacing and a trailing '(…)' note."""
    if not isinstance(value, str) or len(value) > 300:
        return None
    return _match_header(value)


@lru_cache(maxsize=4096)
def _match_header(value: str) -> Column | None:
    key = fold(value, drop_note=True)
    if not key:
        return None
    column = _LOOKUP.get(key) or _LOOKUP.get(key.replace(" ", ""))
    if column is None:
        m = _COMPETENCY.fullmatch(key)
        if m:
            column = COLUMNS_BY_KEY[f"nl{m.group(1)}"]
    return column


def find_header(rows: list[Row]) -> Header | None:
    """The row among the first rows whose texts name the most known columns ('Họ và tên' first)."""
    best = find_header_row(rows, match_header, "ho_ten", stop_when_found=True)
    if best is None or ("ho_ten" not in best.columns and len(best.columns) < 3):
        return None
    return best


def _is_numbering_row(row: Row) -> bool:
    """'(1) (2) (3) …' or 'A B 1 2 …' under the header: column numbers, not a member."""
    values = [v for v in row if not is_empty(v)]
    if len(values) < 3:
        return False
    return all(isinstance(v, (int, float)) and not isinstance(v, bool) and 0 < v < 100
               or isinstance(v, str) and _NUMBERING_CELL.fullmatch(text_of(v)) for v in values)


def _allowed(column: Column) -> str:
    if column.kind == "plan":
        return PLAN_HELP
    if column.kind == "title":
        return "một trong: " + titles_help("individual")
    return YES_NO_HELP


def parse_answer(column: Column, value: object) -> tuple[object, str | None, str]:
    """(value, problem, code): value None when the cell cannot be understood."""
    try:
        return _parse_answer(column.kind, value)
    except TypeError:  # an unhashable value (never from calamine): parse without the cache
        return _parse_answer.__wrapped__(column.kind, value)


@lru_cache(maxsize=4096)
def _parse_answer(kind: str, value: object) -> tuple[object, str | None, str]:
    raw = text_of(value) if isinstance(value, str) else value
    if kind == "yesno":
        return parse_yes_no(raw), None, "bad-value"
    if kind == "plan":
        return parse_plan(raw if isinstance(raw, str) else text_of(raw)), None, "bad-value"
    parsed = parse_title(raw if isinstance(raw, str) else text_of(raw))
    if parsed.title is not None and parsed.title.kind == "collective":
        return None, "đây là danh hiệu tập thể, không dùng cho cá nhân", "bad-title"
    if parsed.title is None and parsed.problem:
        return None, parsed.problem, "not-a-title"
    return parsed.title, None, "bad-title"


def read_members(rows: list[Row], sheet: str, department: str, required: set[str], out: Findings) -> list[Member]:
    header = find_header(rows)
    if header is None:
        out.error("no-header", f"{sheet}: không tìm thấy dòng tiêu đề của danh sách thành viên trong "
                  f"{HEADER_SCAN_ROWS} dòng đầu (cần các cột \"Họ và tên\", \"Kế hoạch tự học\", …). Hãy dùng "
                  "đúng biểu mẫu, giữ nguyên dòng tiêu đề.", sheet)
        return []
    hr = header.row
    header.report_duplicates(rows, sheet, lambda key: COLUMNS_BY_KEY[key].header, out)
    for column in MEMBER_COLUMNS:
        if column.key in required and column.key not in header.columns:
            note = f" ({column.note})" if column.note else ""
            out.error("missing-column", f"{sheet}: dòng tiêu đề (dòng {hr + 1}) thiếu cột \"{column.header}\"{note}. "
                      f"Hãy thêm cột có tiêu đề \"{column.header}\" như trong biểu mẫu.", sheet)
    if "ho_ten" not in header.columns:
        return []  # without names, rows cannot be told apart: the missing column is the one error
    return _read_rows(rows, sheet, department, required, header, out)


def _read_rows(rows: list[Row], sheet: str, department: str, required: set[str], header: Header,
               out: Findings) -> list[Member]:
    cols = header.columns
    name_col = cols["ho_ten"]
    stt_col = cols.get("stt")
    criteria = [(COLUMNS_BY_KEY[k], c) for k, c in cols.items() if COLUMNS_BY_KEY[k].kind in CRITERIA_KINDS]
    members: list[Member] = []
    stray: list[tuple[int, int]] = []     # rows without a name (reported only if a member follows)
    first = header.row + 1
    if first < len(rows) and _is_numbering_row(rows[first]):
        first += 1
    for r in range(first, len(rows)):
        row = rows[r]
        filled = next((c for c, v in enumerate(row) if c != stt_col and not is_empty(v)), None)
        if filled is None:
            continue  # blank row (templates pre-number STT)
        name = text_of(row[name_col]) if name_col < len(row) else ""
        answers_present = any(parse_answer(col, row[c])[0] is not None
                              for col, c in criteria if c < len(row) and not is_empty(row[c]))
        if not name:
            if any(parse_answer(col, row[c])[0] is not None for col, c in criteria
                   if col.key in required and c < len(row) and not is_empty(row[c])):
                ref = cell_ref(r, name_col)
                out.error("missing-name", f"{where(sheet, ref)}: dòng {r + 1} có dữ liệu nhưng thiếu họ và tên. Hãy "
                          "ghi họ và tên thành viên, hoặc xóa dòng nếu thừa.", sheet, ref)
            else:
                stray.append((r, filled))
            continue
        if not answers_present and _is_not_member(name, row, stt_col):
            stray.append((r, name_col))
            continue
        for sr, sc in stray:  # rows between members that were skipped: say so
            out.warning("row-skipped", f"{where(sheet, cell_ref(sr, sc))}: dòng {sr + 1} không phải thành viên (không "
                        f"có họ và tên hoặc là dòng tiêu đề nhóm, có {shown(rows[sr][sc])}) nên bị bỏ qua.",
                        sheet, cell_ref(sr, sc), rows[sr][sc])
        stray.clear()
        members.append(_member(row, r, name, sheet, department, required, cols, criteria, out))
    _warn_duplicates(members, sheet, name_col, out)
    return members


def _is_not_member(name: str, row: Row, stt_col: int | None) -> bool:
    """A section heading ('I. Lãnh đạo phòng'), a totals row or a signature line, with no answers."""
    key = fold(name)
    if key in _FOOTER_EXACT or any(key.startswith(p) for p in _FOOTER_PREFIXES):
        return True
    if name.startswith("(") or _SECTION_NAME.match(name):
        return True
    stt = text_of(row[stt_col]) if stt_col is not None and stt_col < len(row) else ""
    return bool(stt and _SECTION_STT.fullmatch(stt))


def _member(row: Row, r: int, name: str, sheet: str, department: str, required: set[str],
            cols: dict[str, int], criteria: list[tuple[Column, int]], out: Findings) -> Member:
    def value(key: str) -> object:
        c = cols.get(key)
        return row[c] if c is not None and c < len(row) else ""

    member = Member(department=department, row=r + 1, name=name)
    reason = value("khong_tinh")
    if not is_empty(reason):
        flag = parse_yes_no(text_of(reason) if isinstance(reason, str) else reason)
        if flag is None:
            member.excluded_reason = text_of(reason)
        elif flag:
            ref = cell_ref(r, cols["khong_tinh"])
            member.excluded_reason = text_of(reason)
            out.error("missing-reason", f"{where(sheet, ref)}: {name} được đánh dấu \"Không tính\" ({shown(reason)}) "
                      "nhưng không ghi lý do. Hãy ghi rõ lý do (ví dụ: nghỉ thai sản, mới chuyển đến dưới 6 tháng), "
                      "hoặc để trống nếu thành viên được tính.", sheet, ref, reason)
    excluded = member.excluded
    answers = member.answers
    for column, c in criteria:
        raw = row[c] if c < len(row) else ""
        if raw != "":  # fast path: a cached parse of a usual value
            answer = parse_answer(column, raw)[0]
            if answer is not None:
                answers[column.key] = answer
                continue
        ref = cell_ref(r, c)
        is_required = column.key in required
        if is_empty(raw):
            if is_required and not excluded:
                out.error("missing-value", f"{where(sheet, ref)}: ô \"{column.header}\" của {name} (dòng {r + 1}) "
                          f"đang để trống. Hãy ghi {_allowed(column)}.", sheet, ref)
            continue
        answer, problem, code = parse_answer(column, raw)
        what = f": {problem}" if problem else ", không phải giá trị hợp lệ"
        message = (f"{where(sheet, ref)}: \"{column.header}\" của {name} (dòng {r + 1}) là {shown(raw)}{what}. "
                   f"Hãy ghi {_allowed(column)}.")
        if is_required and not excluded:
            out.error(code, message, sheet, ref, raw)
        else:
            out.warning(code, message + " (Ô này không được dùng để chấm điểm.)", sheet, ref, raw)

    birth = value("nam_sinh")
    if not is_empty(birth):
        member.birth_year = year_of(birth)
        if member.birth_year is None:
            ref = cell_ref(r, cols["nam_sinh"])
            out.warning("bad-year", f"{where(sheet, ref)}: năm sinh của {name} là {shown(birth)}, không phải năm. "
                        "Hãy ghi năm có 4 chữ số, ví dụ 1985.", sheet, ref, birth)
    gender = value("gioi_tinh")
    if not is_empty(gender):
        member.gender = _GENDERS.get(fold(text_of(gender)))
        if member.gender is None:
            ref = cell_ref(r, cols["gioi_tinh"])
            out.warning("bad-gender", f"{where(sheet, ref)}: giới tính của {name} là {shown(gender)}. Hãy ghi Nam "
                        "hoặc Nữ.", sheet, ref, gender)
    member.position = text_of(value("chuc_vu")) or None
    member.note = text_of(value("ghi_chu")) or None
    return member


def _warn_duplicates(members: list[Member], sheet: str, name_col: int, out: Findings) -> None:
    seen: dict[str, Member] = {}
    for m in members:
        key = m.name.casefold()
        if key in seen:
            first = seen[key]
            ref = cell_ref(m.row - 1, name_col)
            out.warning("duplicate-member", f"{where(sheet, ref)}: họ tên \"{m.name}\" trùng với dòng {first.row}. Nếu "
                        "là hai người khác nhau, hãy ghi năm sinh để phân biệt; nếu ghi lặp, hãy xóa một dòng.",
                        sheet, ref, m.name)
        else:
            seen[key] = m
