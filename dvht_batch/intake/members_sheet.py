"""The `Thanh_vien` sheet (docs/hop-dong.md §2): find the header row by its texts, then one member per row."""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from operator import itemgetter

from dvht_batch.vocab.columns import COLUMNS_BY_KEY, MEMBER_COLUMNS, Column
from dvht_batch.intake.cells import (HEADER_SCAN_ROWS, Findings, Header, Row, cell_ref, find_header_row, is_empty, text_of,
                                     year_of)
from dvht_batch.models import Member, Severity
from dvht_batch.vn.text import fold
from dvht_batch.vocab.cells import PLAN_HELP, YES_NO_HELP, parse_plan_status, parse_title, parse_yes_no, titles_help

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
        return parse_plan_status(raw if isinstance(raw, str) else text_of(raw)), None, "bad-value"
    parsed = parse_title(raw if isinstance(raw, str) else text_of(raw))
    if parsed.title is not None and parsed.title.kind == "collective":
        return None, "đây là danh hiệu tập thể, không dùng cho cá nhân", "bad-title"
    if parsed.title is None and parsed.problem:
        return None, parsed.problem, "not-a-title"
    return parsed.title, None, "bad-title"


def read_members(rows: list[Row], sheet: str, department: str, required: set[str], out: Findings) -> list[Member]:
    header = find_header(rows)
    if header is None:
        out.report("members-no-header", sheet, rows=HEADER_SCAN_ROWS)
        return []
    hr = header.row
    header.report_duplicates(rows, sheet, lambda key: COLUMNS_BY_KEY[key].header, out)
    for column in MEMBER_COLUMNS:
        if column.key in required and column.key not in header.columns:
            note = f" ({column.note})" if column.note else ""
            out.report("members-missing-column", sheet, row=hr + 1, header=column.header, note=note)
    if "ho_ten" not in header.columns:
        return []  # without names, rows cannot be told apart: the missing column is the one error
    return _read_rows(rows, sheet, department, required, header, out)


@dataclass(frozen=True, slots=True)
class _Sheet:
    """Where things are on one member sheet, and what the rule set needs (fixed while reading its rows)."""

    name: str                                   # the sheet's name, for cell references
    department: str
    required: frozenset[str]
    columns: dict[str, int]                     # column key → 0-based index
    criteria: tuple[tuple[Column, int], ...]    # criteria columns present, with their index
    quick: tuple[tuple[str, str, int, bool, dict[str, object]], ...]  # (key, kind, index, required, its
    #                                                                      `_QUICK` table) for `_quick_answers`
    widest: int                                 # highest index a member row is read at
    stt: int | None
    excluded: int | None
    birth: int | None
    gender: int | None
    position: int | None
    note: int | None
    tail: Callable[[Row], tuple] | None         # the cells of the columns below, those present (`_known_tail`)
    tails: dict[tuple, tuple]                   # `_TAILS` for this set of columns

    @classmethod
    def of(cls, name: str, department: str, required: set[str], columns: dict[str, int]) -> _Sheet:
        criteria = tuple((COLUMNS_BY_KEY[k], c) for k, c in columns.items() if COLUMNS_BY_KEY[k].kind in CRITERIA_KINDS)
        tail = tuple(columns.get(k) for k in _TAIL_KEYS)
        present = [c for c in tail if c is not None]
        getter = itemgetter(*present) if present else None
        return cls(name, department, frozenset(required), columns, criteria,
                   tuple((col.key, col.kind, c, col.key in required, _QUICK[col.kind]) for col, c in criteria),
                   max(columns.values()),
                   columns.get("stt"), columns.get("khong_tinh"), columns.get("nam_sinh"), columns.get("gioi_tinh"),
                   columns.get("chuc_vu"), columns.get("ghi_chu"),
                   None if getter is None else getter if len(present) > 1 else lambda row: (getter(row),),
                   _TAILS.setdefault(tuple(c is not None for c in tail), {}))


def _read_rows(rows: list[Row], sheet_name: str, department: str, required: set[str], header: Header,
               out: Findings) -> list[Member]:
    sheet = _Sheet.of(sheet_name, department, required, header.columns)
    name_col = sheet.columns["ho_ten"]
    members: list[Member] = []
    stray: list[tuple[int, int]] = []     # rows without a name (reported only if a member follows)
    first = header.row + 1
    if first < len(rows) and _is_numbering_row(rows[first]):
        first += 1
    for r in range(first, len(rows)):
        row = rows[r]
        if len(row) <= sheet.widest:  # rows of hand-made lists may be short; calamine's are all full width
            row = [*row, *[""] * (sheet.widest + 1 - len(row))]
        name = text_of(row[name_col])
        if not name:
            _nameless_row(row, r, sheet, stray, out)
            continue
        answers = _quick_answers(row, sheet.quick)
        if not answers:
            answers = None  # validate cell by cell, with the messages
            if not any(parse_answer(col, row[c])[0] is not None for col, c in sheet.criteria if not is_empty(row[c])) \
                    and _is_not_member(name, row, sheet.stt):
                stray.append((r, name_col))
                continue
        for sr, sc in stray:  # rows between members that were skipped: say so
            out.report("row-skipped", sheet_name, cell_ref(sr, sc), rows[sr][sc], row=sr + 1)
        stray.clear()
        members.append(_member(row, r, name, sheet, answers, out))
    _warn_duplicates(members, sheet_name, name_col, out)
    return members


def _nameless_row(row: Row, r: int, sheet: _Sheet, stray: list[tuple[int, int]], out: Findings) -> None:
    """A row without a name: blank (skipped), answers without a name (an error), or a stray text."""
    filled = next((c for c, v in enumerate(row) if c != sheet.stt and not is_empty(v)), None)
    if filled is None:
        return  # blank row (templates pre-number STT)
    if any(parse_answer(col, row[c])[0] is not None for col, c in sheet.criteria
           if col.key in sheet.required and not is_empty(row[c])):
        ref = cell_ref(r, sheet.columns["ho_ten"])
        out.report("missing-name", sheet.name, ref, row=r + 1)
    else:
        stray.append((r, filled))


# Text cell → answer, per column kind, for the values that parse cleanly ("Có", "Đã phê duyệt", …):
# most cells of every file hold one of a few such texts, so a member row is usually a few dict lookups.
_QUICK: dict[str, dict[str, object]] = {kind: {} for kind in CRITERIA_KINDS}
_QUICK_LIMIT = 4096


def _quick_answers(row: Row, quick: tuple[tuple[str, str, int, bool, dict[str, object]], ...]) -> dict[str, object] | None:
    """The row's answers when every criteria cell is a clean value (or an empty optional one), else None.

    None sends the row through the cell-by-cell validation of `_read_answers`, which reports each
    problem; a non-text cell (number, date, bool) always goes that way.
    """
    try:  # the usual row: every cell a value seen before (an empty cell is never in a table)
        return {key: table[row[c]] for key, _, c, _, table in quick}
    except KeyError:
        pass
    answers: dict[str, object] = {}
    for key, kind, c, required, table in quick:
        raw = row[c]
        answer = table.get(raw)
        if answer is None:
            if raw == "" and not required:
                continue
            if type(raw) is not str:
                return None
            answer, problem, _ = _parse_answer(kind, raw)
            if answer is None or problem:
                return None
            if len(table) < _QUICK_LIMIT:
                table[raw] = answer
        answers[key] = answer
    return answers


def _is_not_member(name: str, row: Row, stt_col: int | None) -> bool:
    """A section heading ('I. Lãnh đạo phòng'), a totals row or a signature line, with no answers."""
    key = fold(name)
    if key in _FOOTER_EXACT or any(key.startswith(p) for p in _FOOTER_PREFIXES):
        return True
    if name.startswith("(") or _SECTION_NAME.match(name):
        return True
    stt = text_of(row[stt_col]) if stt_col is not None else ""
    return bool(stt and _SECTION_STT.fullmatch(stt))


# Columns read the same way for every member, and what their cells gave when they raised nothing: a row
# usually repeats a few such cells ("", "Nam", "Chuyên viên", ""), so they are one dict lookup. Keyed by
# the cells of the columns present (text or None only: "1" and 1.0 differ, True and 1.0 would not), one
# table per set of columns present.
_TAIL_KEYS = ("khong_tinh", "gioi_tinh", "chuc_vu", "ghi_chu")
_TAILS: dict[tuple[bool, ...], dict[tuple, tuple]] = {}
_TAILS_LIMIT = 4096


def _member(row: Row, r: int, name: str, sheet: _Sheet, answers: dict[str, object] | None, out: Findings) -> Member:
    """One member; `answers` already parsed by `_quick_answers`, or None to validate each criteria cell."""
    try:
        cells = sheet.tail(row) if sheet.tail is not None else None
        known = sheet.tails.get(cells)
    except TypeError:  # an unhashable value (never from calamine)
        cells = known = None
    if known is None:
        member = _checked_member(row, r, name, sheet, answers, out)
        if cells is not None and member.excluded_reason is None and (member.gender is not None or sheet.gender is None) \
                and len(sheet.tails) < _TAILS_LIMIT and all(v is None or v.__class__ is str for v in cells):
            sheet.tails[cells] = (member.excluded_reason, member.gender, member.position, member.note)
        return member
    excluded_reason, gender, position, note = known
    member = Member(sheet.department, r + 1, name, {} if answers is None else answers, None, gender, position,
                    excluded_reason, note)
    if answers is None:
        _read_answers(row, r, name, sheet, member, out)
    if sheet.birth is not None:
        _read_birth(row, r, name, sheet, member, out)
    return member


def _checked_member(row: Row, r: int, name: str, sheet: _Sheet, answers: dict[str, object] | None,
                    out: Findings) -> Member:
    """`_member` cell by cell: the reference of its shortcut (tests/intake/test_members_quick_path.py)."""
    member = Member(sheet.department, r + 1, name, answers) if answers is not None else \
        Member(sheet.department, r + 1, name)
    where_ = sheet.name
    if sheet.excluded is not None and (reason := row[sheet.excluded]) != "" and not is_empty(reason):
        flag = parse_yes_no(text_of(reason) if isinstance(reason, str) else reason)
        member.excluded_reason = text_of(reason)
        if flag is True:
            ref = cell_ref(r, sheet.excluded)
            out.report("missing-reason", where_, ref, reason, name=name)
        elif flag is False:
            member.excluded_reason = None
    if answers is None:
        _read_answers(row, r, name, sheet, member, out)
    if sheet.birth is not None:
        _read_birth(row, r, name, sheet, member, out)
    if sheet.gender is not None and (gender := row[sheet.gender]) != "" and not is_empty(gender):
        member.gender = _gender(gender)
        if member.gender is None:
            ref = cell_ref(r, sheet.gender)
            out.report("bad-gender", where_, ref, gender, name=name)
    if sheet.position is not None:
        member.position = text_of(row[sheet.position]) or None
    if sheet.note is not None:
        member.note = text_of(row[sheet.note]) or None
    return member


def _read_birth(row: Row, r: int, name: str, sheet: _Sheet, member: Member, out: Findings) -> None:
    if (birth := row[sheet.birth]) != "" and (birth.__class__ is float or not is_empty(birth)):
        member.birth_year = year_of(birth)
        if member.birth_year is None:
            out.report("bad-year", sheet.name, cell_ref(r, sheet.birth), birth, name=name)


def _gender(value: object) -> str | None:
    if type(value) is not str:
        return _GENDERS.get(fold(text_of(value)))
    return _gender_of_text(value)


@lru_cache(maxsize=1024)  # "Nam", "Nữ" and a few spellings fill every file
def _gender_of_text(value: str) -> str | None:
    return _GENDERS.get(fold(text_of(value)))


def _read_answers(row: Row, r: int, name: str, sheet: _Sheet, member: Member, out: Findings) -> None:
    excluded = member.excluded
    answers = member.answers
    for column, c in sheet.criteria:
        raw = row[c]
        if raw != "":  # fast path: a cached parse of a usual value
            answer = parse_answer(column, raw)[0]
            if answer is not None:
                answers[column.key] = answer
                continue
        ref = cell_ref(r, c)
        is_required = column.key in sheet.required
        if is_empty(raw):
            if is_required and not excluded:
                out.report("member-missing-value", sheet.name, ref, header=column.header, name=name, row=r + 1,
                           allowed=_allowed(column))
            continue
        answer, problem, code = parse_answer(column, raw)
        scored = is_required and not excluded
        out.report(code, sheet.name, ref, raw, Severity.ERROR if scored else Severity.WARNING, header=column.header,
                   name=name, row=r + 1, problem=f": {problem}" if problem else ", không phải giá trị hợp lệ",
                   allowed=_allowed(column), unused="" if scored else " (Ô này không được dùng để chấm điểm.)")


def _warn_duplicates(members: list[Member], sheet: str, name_col: int, out: Findings) -> None:
    seen: dict[str, Member] = {}
    for m in members:
        key = m.name.casefold()
        if key in seen:
            first = seen[key]
            ref = cell_ref(m.row - 1, name_col)
            out.report("duplicate-member", sheet, ref, m.name, name=m.name, first_row=first.row)
        else:
            seen[key] = m
