"""Input templates the departments fill (`dvht templates`), written with xlsxwriter.

A form that prevents mistakes: `Thong_tin` prefilled and locked, `Thanh_vien` with the contract's
columns for the configured rule set, drop-down lists (items on a hidden sheet, since titles contain
commas) with input messages and error alerts, frozen and protected header, A4 landscape printing,
and a `Huong_dan` sheet. The unit workbook lists the rule set's unit-input criteria in `Tieu_chi`.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import xlsxwriter

from dvht_batch.vocab.columns import MEMBER_COLUMNS, Column
from dvht_batch.system.filenames import safe_stem
from dvht_batch.models import Member, PlanStatus, Title
from dvht_batch.period import Period
from dvht_batch.writers.atomic import atomic_write

DATA_ROWS = 300
FIXED_TIME = datetime(2025, 1, 1)  # document properties: identical bytes for identical content
LISTS_SHEET = "Danh_muc"
_LISTS: dict[str, list[str]] = {
    "yesno": ["Có", "Không"],
    "plan": [s.value for s in PlanStatus],
    "title": [t.label for t in Title if t.kind in ("any", "individual")],
    "gender": ["Nam", "Nữ"],
    "collective": [t.label for t in Title if t.kind in ("any", "collective")],
}
_LIST_HELP = {
    "yesno": ("Chọn Có hoặc Không", "Chọn Có hoặc Không trong danh sách."),
    "plan": ("Kế hoạch tự học", "Đã phê duyệt: thủ trưởng đã duyệt; Đã đăng ký: đã nộp, chưa duyệt; Chưa đăng ký."),
    "title": ("Danh hiệu thi đua", "Danh hiệu năm gần nhất; chưa có kết quả thì chọn Chưa xét. "
              "Bằng khen, Giấy khen, Hoàn thành xuất sắc nhiệm vụ KHÔNG phải danh hiệu."),
    "gender": ("Giới tính", "Chọn Nam hoặc Nữ."),
    "collective": ("Danh hiệu tập thể", "Danh hiệu tập thể năm gần nhất; chưa có kết quả thì chọn Chưa xét."),
}
_WIDTHS = {"stt": 5, "ho_ten": 28, "nam_sinh": 9, "gioi_tinh": 9, "chuc_vu": 18, "ke_hoach_tu_hoc": 15,
           "danh_hieu_thi_dua": 22, "khong_tinh": 22, "ghi_chu": 22}


@dataclass(frozen=True)
class TemplateContext:
    rule_set: object                  # RuleSet
    unit_code: str = ""
    unit_name: str = ""
    period: Period | None = None
    department_code: str = ""
    department_name: str = ""
    deadline_note: str = ""           # where and when to send the file
    unit_kind: str | None = None      # [don_vi] loai_hinh: rows of indicators not asked of it are left out


def member_columns(rule_set) -> list[Column]:
    """The contract's columns for this rule set, in contract order (unused criteria columns left out)."""
    needed = rule_set.member_columns()
    return [c for c in MEMBER_COLUMNS if c.kind not in ("yesno", "plan", "title") or c.key in needed]


class _Book:
    """One workbook with its shared formats and the hidden list sheet."""

    def __init__(self, path: str):
        self.wb = xlsxwriter.Workbook(path, {"strings_to_formulas": False, "strings_to_urls": False,
                                             "strings_to_numbers": False})
        self.wb.set_properties({"created": FIXED_TIME, "author": "dvht", "title": "Mẫu báo cáo Đơn vị học tập"})
        f = self.wb.add_format
        base = {"font_name": "Times New Roman", "font_size": 12, "valign": "vcenter"}
        self.title = f({**base, "bold": True, "font_size": 14})
        self.label = f({**base, "bold": True, "border": 1, "bg_color": "#F2F2F2"})
        self.locked_value = f({**base, "border": 1, "bg_color": "#F2F2F2", "num_format": "@"})
        self.header = f({**base, "bold": True, "border": 1, "text_wrap": True, "align": "center", "bg_color": "#DDEBF7"})
        self.cell = f({**base, "border": 1, "locked": False, "num_format": "@"})
        self.number = f({**base, "border": 1, "locked": False, "num_format": "0.##"})
        self.date = f({**base, "border": 1, "locked": False, "num_format": "dd/mm/yyyy"})
        self.note = f({**base, "italic": True, "text_wrap": True, "valign": "top"})
        self.text = f({**base, "text_wrap": True, "valign": "top"})
        self._lists_written = False

    def list_ref(self, kind: str) -> str:
        if not self._lists_written:
            ws = self.wb.add_worksheet(LISTS_SHEET)
            for col, (name, items) in enumerate(_LISTS.items()):
                ws.write_string(0, col, name)
                for row, item in enumerate(items, start=1):
                    ws.write_string(row, col, item)
            ws.hide()
            self._lists_written = True
        col = list(_LISTS).index(kind)
        letter = xlsxwriter.utility.xl_col_to_name(col)
        return f"={LISTS_SHEET}!${letter}$2:${letter}${len(_LISTS[kind]) + 1}"

    def dropdown(self, ws, first_row: int, last_row: int, col: int, kind: str) -> None:
        title, message = _LIST_HELP[kind]
        ws.data_validation(first_row, col, last_row, col, {
            "validate": "list", "source": self.list_ref(kind), "input_title": title[:32], "input_message": message[:255],
            "error_title": "Giá trị không hợp lệ", "error_message": f"{message} Hãy chọn trong danh sách."[:255],
        })

    def close(self) -> None:
        self.wb.close()


def _protect(ws) -> None:
    """Labels and headers locked; data cells (formatted unlocked) stay editable. No password."""
    ws.protect("", {"format_columns": True, "format_rows": True, "autofilter": True, "sort": True,
                    "select_locked_cells": True, "select_unlocked_cells": True})


def _print_setup(ws, header_row: int, landscape: bool = True) -> None:
    ws.set_paper(9)  # A4
    if landscape:
        ws.set_landscape()
    ws.repeat_rows(header_row)
    ws.fit_to_pages(1, 0)
    ws.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.5)


def _title_reference(rule_set) -> str:
    """' (tiêu chí 3b)': the criterion the unit's collective title feeds, '' when the rule set has none."""
    codes = [c.code for c in rule_set.criteria if c.kind == "collective_title"]
    word = "chỉ tiêu" if rule_set.scheme == "levels" else "tiêu chí"
    return f" ({word} {', '.join(codes)})" if codes else ""


def _info_sheet(book: _Book, ctx: TemplateContext, unit: bool) -> None:
    ws = book.wb.add_worksheet("Thong_tin")
    ws.set_column(0, 0, 24)
    ws.set_column(1, 1, 40)
    ws.set_column(2, 2, 60)
    period = ctx.period.workbook_form() if ctx.period else ""
    rows: list[tuple[str, str, bool, str]] = [("Mã đơn vị", ctx.unit_code, bool(ctx.unit_code), "Mã cơ quan (không sửa)")]
    if not unit:
        rows += [("Mã phòng", ctx.department_code, bool(ctx.department_code), "Mã phòng (không sửa)"),
                 ("Tên phòng", ctx.department_name, bool(ctx.department_name), "")]
    rows += [("Kỳ báo cáo", period, bool(period), "MM/YYYY cho tháng (ví dụ 11/2025), YYYY cho năm"),
             ("Ngày lập", "", False, "Ngày lập bảng, dạng ngày/tháng/năm"),
             ("Người lập", "", False, "Họ tên người lập bảng"),
             ("Danh hiệu tập thể", "", False,
              "Danh hiệu tập thể của " + ("cơ quan" + _title_reference(ctx.rule_set) if unit else "phòng")
              + ", chọn trong danh sách")]
    for r, (label, value, locked, note) in enumerate(rows):
        ws.write_string(r, 0, label, book.label)
        if label == "Ngày lập":
            ws.write_blank(r, 1, None, book.date)
            ws.data_validation(r, 1, r, 1, {"validate": "date", "criteria": ">", "value": datetime(2000, 1, 1),
                                            "input_title": "Ngày lập", "input_message": "Ví dụ 05/12/2025.",
                                            "error_message": "Ghi ngày dạng ngày/tháng/năm, ví dụ 05/12/2025."})
        elif label == "Danh hiệu tập thể":
            ws.write_blank(r, 1, None, book.cell)
            book.dropdown(ws, r, r, 1, "collective")
        else:
            ws.write_string(r, 1, value, book.locked_value if locked else book.cell)
        ws.write_string(r, 2, note, book.note)
    _protect(ws)
    _print_setup(ws, 0, landscape=False)


def _members_sheet(book: _Book, ctx: TemplateContext, prefill: list[Member]) -> None:
    ws = book.wb.add_worksheet("Thanh_vien")
    columns = member_columns(ctx.rule_set)
    ws.set_row(0, 48)
    for col, c in enumerate(columns):
        ws.write_string(0, col, c.header, book.header)
        # A column format styles every empty cell (unlocked, bordered) without writing 300 blank cells.
        ws.set_column(col, col, _WIDTHS.get(c.key, 11 if c.key.startswith("nl") else 14),
                      book.number if c.kind == "year" else book.cell)
        if c.note:
            ws.write_comment(0, col, c.note, {"x_scale": 2.2, "y_scale": 1.4, "author": "dvht"})
        kind = {"yesno": "yesno", "plan": "plan", "title": "title", "gender": "gender"}.get(c.kind)
        if kind:
            book.dropdown(ws, 1, DATA_ROWS, col, kind)
        elif c.kind == "year":
            ws.data_validation(1, col, DATA_ROWS, col, {
                "validate": "integer", "criteria": "between", "minimum": 1940, "maximum": 2010,
                "input_title": "Năm sinh", "input_message": "Bốn chữ số, ví dụ 1985.",
                "error_message": "Năm sinh là số có bốn chữ số, ví dụ 1985."})
    for row, member in enumerate(prefill[:DATA_ROWS], start=1):
        for col, c in enumerate(columns):
            value = _prefill_value(c, member, row)
            fmt = book.number if c.kind == "year" else book.cell
            if value is None:
                continue
            if isinstance(value, int):
                ws.write_number(row, col, value, fmt)
            else:
                ws.write_string(row, col, value, fmt)
    ws.freeze_panes(1, 2)
    ws.autofilter(0, 0, DATA_ROWS, len(columns) - 1)
    ws.print_area(0, 0, DATA_ROWS, len(columns) - 1)
    _protect(ws)
    _print_setup(ws, 0)


def _prefill_value(c: Column, m: Member, row: int):
    if c.key == "stt":
        return row
    if c.key == "ho_ten":
        return m.name
    if c.key == "nam_sinh":
        return m.birth_year
    simple = {"gioi_tinh": m.gender, "chuc_vu": m.position, "khong_tinh": m.excluded_reason, "ghi_chu": m.note}
    if c.key in simple:
        return simple[c.key]
    answer = m.answers.get(c.key)
    if isinstance(answer, bool):
        return "Có" if answer else "Không"
    if isinstance(answer, (PlanStatus, Title)):
        return answer.value if isinstance(answer, PlanStatus) else answer.label
    return None


def _criteria_sheet(book: _Book, ctx: TemplateContext) -> None:
    ws = book.wb.add_worksheet("Tieu_chi")
    rs = ctx.rule_set
    headers = ["Mã tiêu chí", "Nội dung", "Điểm tối đa", "Điểm tự chấm", "Đạt", "Minh chứng"]
    for col, (h, w) in enumerate(zip(headers, (10, 60, 10, 12, 10, 50))):
        ws.write_string(0, col, h, book.header)
        ws.set_column(col, col, w)
    points = rs.scheme == "points"
    for row, crit in enumerate(rs.unit_input_criteria(ctx.unit_kind), start=1):
        ws.set_row(row, 45)
        ws.write_string(row, 0, crit.code, book.locked_value)
        ws.write_string(row, 1, crit.text, book.text)
        if points and crit.max_points is not None:
            ws.write_number(row, 2, float(crit.max_points), book.label)
            ws.write_blank(row, 3, None, book.number)
            ws.data_validation(row, 3, row, 3, {
                "validate": "decimal", "criteria": "between", "minimum": 0, "maximum": float(crit.max_points),
                "input_title": "Điểm tự chấm", "input_message": f"Từ 0 đến {crit.max_points} điểm.",
                "error_message": f"Điểm tự chấm phải từ 0 đến {crit.max_points}."})
            ws.write_blank(row, 4, None, book.label)
        else:
            ws.write_blank(row, 2, None, book.label)
            ws.write_blank(row, 3, None, book.label)
            ws.write_blank(row, 4, None, book.cell)
            book.dropdown(ws, row, row, 4, "yesno")
        ws.write_blank(row, 5, None, book.cell)
    ws.freeze_panes(1, 0)
    _protect(ws)
    _print_setup(ws, 0)


def _guide_sheet(book: _Book, ctx: TemplateContext, unit: bool) -> None:
    ws = book.wb.add_worksheet("Huong_dan")
    ws.set_column(0, 0, 110)
    lines = ["HƯỚNG DẪN ĐIỀN BẢNG TÍNH", ""]
    if unit:
        word = "chỉ tiêu" if ctx.rule_set.scheme == "levels" else "tiêu chí"
        lines += [f"• Sheet Thong_tin: ghi Ngày lập, Người lập và Danh hiệu tập thể của cơ quan"
                  f"{_title_reference(ctx.rule_set)}.",
                  f"• Sheet Tieu_chi: mỗi dòng là một {word} cơ quan tự đánh giá. "
                  + ("Ghi Điểm tự chấm (từ 0 đến điểm tối đa, được dùng dấu phẩy: 9,5)." if ctx.rule_set.scheme == "points"
                     else "Chọn Đạt: Có hoặc Không.")
                  + " Ghi rõ Minh chứng (số, ngày văn bản…)."]
    else:
        lines += ["• Sheet Thong_tin: các ô màu xám đã điền sẵn, không sửa. Ghi Ngày lập, Người lập, Danh hiệu tập thể.",
                  "• Sheet Thanh_vien: mỗi thành viên một dòng, bắt đầu từ dòng 2; để trống các dòng không dùng.",
                  "• Các cột có danh sách: bấm vào ô để chọn giá trị; di chuột lên tiêu đề cột để xem giải thích."]
        for c in member_columns(ctx.rule_set):
            if c.note:
                lines.append(f"   – {c.header}: {c.note}")
        lines += ["• Thành viên nghỉ dài ngày hoặc mới chuyển đến dưới 6 tháng: ghi lý do vào cột Không tính; "
                  "thành viên đó không tính vào tổng số.",
                  "• Không dán đè dữ liệu từ tệp khác lên các ô có danh sách (sẽ mất kiểm tra giá trị)."]
    lines += ["", "Lưu tệp dạng .xlsx và gửi về Văn phòng" + (f" {ctx.deadline_note}" if ctx.deadline_note else "") + ".",
              "Nếu tệp bị trả lại, mở tệp phản hồi: các ô sai được tô đỏ và có ghi chú cách sửa."]
    for r, line in enumerate(lines):
        ws.write_string(r, 0, line, book.title if r == 0 else book.text)


def write_department_template(path: Path, ctx: TemplateContext, prefill: list[Member] | None = None) -> Path:
    def build(tmp):
        book = _Book(str(tmp))
        _info_sheet(book, ctx, unit=False)
        _members_sheet(book, ctx, prefill or [])
        _guide_sheet(book, ctx, unit=False)
        book.close()
    atomic_write(path, build)
    return path


def write_unit_template(path: Path, ctx: TemplateContext) -> Path:
    def build(tmp):
        book = _Book(str(tmp))
        _info_sheet(book, ctx, unit=True)
        _criteria_sheet(book, ctx)
        _guide_sheet(book, ctx, unit=True)
        book.close()
    atomic_write(path, build)
    return path


def write_blank_templates(out_dir: Path, rule_set) -> list[Path]:
    """Generic templates shipped in input_templates/ (no agency, department or period filled in)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    ctx = TemplateContext(rule_set=rule_set)
    return [write_department_template(out_dir / f"mau_phong_{rule_set.id}.xlsx", ctx),
            write_unit_template(out_dir / f"mau_don_vi_{rule_set.id}.xlsx", ctx)]


def write_templates(config, rule_set, period: Period, out_dir: Path,
                    prefill: dict[str, list[Member]] | None = None) -> list[Path]:
    """One workbook per configured department plus the unit workbook, for one period."""
    out_dir.mkdir(parents=True, exist_ok=True)
    deadline = "trước ngày 05 của tháng sau" if period.month else "trước ngày 31 tháng 12"
    written = []
    for d in config.departments:
        ctx = TemplateContext(rule_set, config.unit_code, config.unit_name, period, d.code, d.name, deadline)
        written.append(write_department_template(out_dir / f"{safe_stem(d.code)}_{period}.xlsx", ctx,
                                                 (prefill or {}).get(d.code)))
    ctx = TemplateContext(rule_set, config.unit_code, config.unit_name, period, deadline_note=deadline,
                          unit_kind=config.unit_kind)
    written.append(write_unit_template(out_dir / f"{safe_stem(config.unit_code)}_don_vi_{period}.xlsx", ctx))
    return written


@dataclass(frozen=True)
class TemplatesOutcome:
    written: list[Path]
    prefilled: int | None = None  # departments given their last roster (None: not asked)


def make_templates(config, rule_set, period: Period, out_dir: Path, prefill_from: Path | None = None) -> TemplatesOutcome:
    """`dvht templates --period` and the web app's Mẫu page: the period's templates in `out_dir`, each
    department's roster prefilled from its last accepted submission when `prefill_from` (a results folder
    with its ledger and archive) is given."""
    rosters = None
    if prefill_from is not None:
        from dvht_batch.ledger.prefill import last_rosters
        from dvht_batch.output.lock import settle_if_free

        settle_if_free(prefill_from, "templates")  # the rosters of the ledger's last runs, the folder settled on them
        rosters = last_rosters(prefill_from, config, rule_set, period)
    written = write_templates(config, rule_set, period, out_dir, prefill=rosters)
    return TemplatesOutcome(written, None if rosters is None else len(rosters))


__all__ = ["make_templates", "TemplatesOutcome", "write_templates", "write_blank_templates", "write_department_template",
           "write_unit_template",
           "member_columns", "TemplateContext"]
