"""The consolidated workbook's member sheet `Thanh_vien` (docs/hop-dong.md §5): every counted member in the
Vietnamese order of names, with the criteria columns the rule set reads and whether each member meets each
member criterion. Its rows are rendered as XML apart from xlsxwriter (`xlsx_rows`), in two forked children
when many (`in_parallel`), and spliced in when the workbook is finished (`xlsx_consolidated`).
"""
from __future__ import annotations

from dvht_batch.models import DepartmentStatus, Member, PlanStatus, RunResult, Title
from dvht_batch.vn.collation import name_sort_key
from dvht_batch.vocab.columns import COLUMNS_BY_KEY, MEMBER_COLUMNS
from dvht_batch.writers.in_parallel import Pieces, worth_forking
from dvht_batch.writers.xlsx_bulk import BulkRowsWorksheet
from dvht_batch.writers.xlsx_common import MET, NOT_MET, Col, Styles, print_setup, write_table
from dvht_batch.writers.xlsx_rows import RowsXml
from dvht_batch.writers.zip_splice import Deflated, deflate


def answer_text(value: object) -> str | None:
    """A member's answer as the sheet shows it: Có / Không, the plan's status, the title's name."""
    if value is None:
        return None
    if value is True:
        return "Có"
    if value is False:
        return "Không"
    if isinstance(value, PlanStatus):
        return value.value
    if isinstance(value, Title):
        return value.label
    return str(value)


class MemberTable:
    """The member sheet: its columns, the counted members in name order, and a member's row of values."""

    def __init__(self, result: RunResult):
        members = result.unit.members
        wanted = set(result.rule_set.member_columns())
        for m in members:
            wanted.update(m.answers)
        self.keys = [c.key for c in MEMBER_COLUMNS if c.key in wanted]
        crits = [c for c in result.rule_set.criteria if c.kind == "member_ratio"]
        self.files = {d.code.casefold(): d.file.path for d in result.departments if d.file is not None
                      and d.status is DepartmentStatus.ACCEPTED}
        cols = [Col("Phòng", 8), Col("Họ và tên", 26), Col("Năm sinh", 7), Col("Giới tính", 7), Col("Chức vụ", 16)]
        widths = {"plan": 14, "title": 22}
        cols += [Col(COLUMNS_BY_KEY[k].header, widths.get(COLUMNS_BY_KEY[k].kind, 7)) for k in self.keys]
        cols += [Col(f"Đạt {c.code}", 7) for c in crits]
        self.cols = cols + [Col("Không tính", 20), Col("Ghi chú", 20), Col("Tệp", 24), Col("Dòng", 6)]
        self.ordered = sorted(members, key=lambda m: (name_sort_key(m.name), m.department, m.row))
        self.failing = _failing_keys(result.unit.score, crits)
        self.unmet = [None] * len(crits)

    def row(self, m: Member) -> list:
        answers = m.answers
        met = self.unmet if m.excluded else [NOT_MET if member_key(m) in f else MET for f in self.failing]
        return [m.department, m.name, m.birth_year, m.gender, m.position,
                *[answer_text(answers.get(k)) for k in self.keys], *met,
                m.excluded_reason or None, m.note, self.files.get(m.department.casefold()), m.row]

    def styles(self, st: Styles) -> list[int | None]:
        """The style index of each column's cells (its column format's), fixed before any sheet is written."""
        return [getattr(st, c.style)._get_xf_index() if c.style else None for c in self.cols]

    def rendered(self, styles: list[int | None], first: int, last: int) -> Deflated:
        """Rows `first`…`last - 1` of `ordered` as deflated XML (data rows start at the sheet's row 2)."""
        chunks = RowsXml(styles).chunks(map(self.row, self.ordered[first:last]), first_number=2 + first)
        return deflate(chunks)


def member_sheet(wb, st: Styles, result: RunResult, table: MemberTable):
    """The sheet with its header; on a `BulkRowsWorksheet` the data rows are rendered apart and spliced in
    when the workbook is finished (else, as a reference, written cell by cell by xlsxwriter)."""
    ws = wb.add_worksheet("Thanh_vien")
    bulk = isinstance(ws, BulkRowsWorksheet)
    write_table(ws, st, 0, table.cols, None if bulk else map(table.row, table.ordered), freeze_cols=2,
                count=len(table.ordered))
    if bulk and ws.column_styles(len(table.cols)) != table.styles(st):
        raise AssertionError("the member rows are rendered with other styles than the sheet's columns")
    print_setup(ws, "Danh sách thành viên", result.unit.name, result.period.label())
    return ws


def member_key(m: Member) -> tuple[str, int]:
    """A member of the unit: its department and row (one accepted file per department)."""
    return m.department.casefold(), m.row


def _failing_keys(score, crits) -> list[set[tuple[str, int]]]:
    """Per member criterion, the counted members who do not meet it (the scoring's result), by `member_key`."""
    by_code = score.by_code()
    return [{member_key(m) for m in by_code[c.code].failing_members} for c in crits]


def start_member_rows(table: MemberTable, st: Styles, parallel: bool) -> Pieces:
    """The member rows as deflated XML: two halves in child processes when many, else one piece done here."""
    styles, n = table.styles(st), len(table.ordered)
    bounds = [(0, n // 2), (n // 2, n)] if worth_forking(n) else [(0, n)]
    return Pieces(lambda i: table.rendered(styles, *bounds[i]), len(bounds), parallel and len(bounds) > 1)
