"""The province template (`dvht tinh mau-ho-so`): the summary table a unit that does not use dvht fills
and sends with its dossier. One workbook per unit; sheet `Ho_so` (read by province/table.py): the unit's
particulars, then one row per indicator of the rule set with the same columns as the table `dvht ho-so`
writes. Drop-down lists (kind, level, Đạt / Không đạt / Không áp dụng), labels and indicator texts
locked, the sheet protected without a password; layout version in the custom property `dvht_mau_tinh`."""
from __future__ import annotations

from pathlib import Path

from dvht_batch.province.table import PARTICULARS, TEMPLATE_PROPERTY, TEMPLATE_SHEET, TEMPLATE_VERSION
from dvht_batch.setup.unit_kinds import UNIT_KINDS
from dvht_batch.writers.atomic import atomic_write
from dvht_batch.writers.docx.phrases import level_requirements
from dvht_batch.writers.xlsx_common import LINE_HEIGHT, open_workbook, print_setup, text_lines

LISTS_SHEET = "Danh_muc"
VERDICT_LIST = ("Đạt", "Không đạt", "Không áp dụng")
GUIDE = (
    "Mẫu bảng tổng hợp các tiêu chí, chỉ tiêu “Đơn vị học tập” — dành cho đơn vị không dùng phần mềm dvht.",
    "1. Ghi các ô màu vàng ở phần đầu: tên đơn vị (đúng như trên văn bản), loại hình, mức độ đề nghị, ngày văn bản đề nghị.",
    "2. Mỗi chỉ tiêu: với chỉ tiêu tính theo tỷ lệ thành viên, ghi số thành viên đạt và số thành viên được tính "
    "(tỷ lệ có thể để trống hoặc ghi đúng bằng số đạt / số được tính); chọn kết quả ở từng mức độ; ghi minh chứng.",
    "3. Chỉ tiêu không áp dụng cho loại hình của đơn vị: chọn “Không áp dụng”.",
    "4. Không đổi tên trang, không thêm, xóa cột hay dòng chỉ tiêu. Lưu dạng .xlsx và gửi kèm văn bản đề nghị, báo cáo "
    "tự đánh giá về Sở Giáo dục và Đào tạo trước ngày 15 tháng 01.",
)


class _Formats:
    """The template's cell formats, made once per workbook."""

    def __init__(self, wb):
        base = {"border": 1, "valign": "top", "text_wrap": True}
        editable = {**base, "locked": False, "bg_color": "#FFF2CC"}
        self.label = wb.add_format({**base, "bold": True, "bg_color": "#F2F2F2"})
        self.locked = wb.add_format(base)
        self.head = wb.add_format({**base, "bold": True, "align": "center", "bg_color": "#DDEBF7"})
        self.group = wb.add_format({**base, "bold": True, "bg_color": "#F2F2F2"})
        self.value = wb.add_format(editable)
        self.number = wb.add_format({**editable, "num_format": "0"})
        self.ratio = wb.add_format({**editable, "num_format": "0.00%"})


def write_template(path: Path, rule_set, year: int, agency: str) -> Path:
    def write(tmp: Path) -> None:
        wb = open_workbook(tmp)
        wb.set_custom_property(TEMPLATE_PROPERTY, TEMPLATE_VERSION)
        wb.set_properties({"title": f"Mẫu bảng tổng hợp tiêu chí “Đơn vị học tập” năm {year}", "author": agency})
        fmt = _Formats(wb)
        lists = wb.add_worksheet(LISTS_SHEET)
        lists.write_column(0, 0, list(UNIT_KINDS.values()))
        lists.write_column(0, 1, [rule_set.level_name(lv) for lv in rule_set.levels])
        lists.write_column(0, 2, list(VERDICT_LIST))
        ws = wb.add_worksheet(TEMPLATE_SHEET)
        ws.activate()
        lists.hide()
        for c, width in enumerate((26, 56, 26, 11, 11, 9, *([11] * len(rule_set.levels)), 40)):
            ws.set_column(c, c, width)
        ws.write(0, 0, f"BẢNG TỔNG HỢP KẾT QUẢ TỰ ĐÁNH GIÁ CÁC TIÊU CHÍ, CHỈ TIÊU “ĐƠN VỊ HỌC TẬP” NĂM {year}",
                 wb.add_format({"bold": True, "font_size": 13}))
        top = _particulars(ws, fmt, rule_set, year) + 2
        _indicators(ws, fmt, rule_set, top)
        ws.protect("", {"format_columns": True, "format_rows": True})
        ws.freeze_panes(top + 1, 2)
        print_setup(ws, "Bảng tổng hợp tiêu chí, chỉ tiêu", agency, f"Năm {year}")
        guide = wb.add_worksheet("Huong_dan")
        guide.set_column(0, 0, 110)
        wrap = wb.add_format({"text_wrap": True, "valign": "top"})
        for i, line in enumerate(GUIDE):
            guide.write(i, 0, line, wrap)
        wb.close()

    return atomic_write(Path(path), write)


def _particulars(ws, fmt: _Formats, rule_set, year: int) -> int:
    """The unit's particulars from row 3 (label, value); returns the last row used."""
    lists = {"loai_hinh": f"={LISTS_SHEET}!$A$1:$A${len(UNIT_KINDS)}",
             "muc_do": f"={LISTS_SHEET}!$B$1:$B${len(rule_set.levels)}"}
    r = 1
    for key, text in PARTICULARS.items():
        r += 1
        ws.write(r, 0, text, fmt.label)
        if key == "nam":
            ws.write_number(r, 1, year, fmt.locked)
            continue
        ws.write_blank(r, 1, None, fmt.value)
        if key in lists:
            ws.data_validation(r, 1, r, 1, {"validate": "list", "source": lists[key],
                                            "error_message": "Chọn trong danh sách."})
    return r


def _indicators(ws, fmt: _Formats, rule_set, top: int) -> None:
    """The header at row `top`, then a heading row per criterion and a row per indicator."""
    levels = tuple(rule_set.levels)
    first_verdict, last_col = 6, 6 + len(levels)
    ws.write_row(top, 0, ["Mã", "Tiêu chí, chỉ tiêu", "Yêu cầu", "Số thành viên đạt", "Số thành viên được tính",
                          "Tỷ lệ", *[rule_set.level_name(lv) for lv in levels], "Minh chứng, ghi chú"], fmt.head)
    ws.set_row(top, LINE_HEIGHT * 3)
    r, current = top, None
    for c in rule_set.criteria:
        if c.group != current:
            current, r = c.group, r + 1
            group = rule_set.group(c.group)
            ws.write_string(r, 0, c.group, fmt.group)
            ws.merge_range(r, 1, r, last_col, f"Tiêu chí {c.group}: {group.text if group else ''}", fmt.group)
        r += 1
        requirement = level_requirements(c)
        ws.write_row(r, 0, [c.code, c.text, requirement], fmt.locked)
        members = c.kind == "member_ratio"
        for col, cell in ((3, fmt.number), (4, fmt.number), (5, fmt.ratio)):
            ws.write_blank(r, col, None, cell if members else fmt.locked)
        for col in range(first_verdict, last_col + 1):
            ws.write_blank(r, col, None, fmt.value)
        ws.set_row(r, LINE_HEIGHT * max(text_lines(c.text, 55), text_lines(requirement, 25), 2))
    ws.data_validation(top + 1, first_verdict, r, last_col - 1, {
        "validate": "list", "source": f"={LISTS_SHEET}!$C$1:$C${len(VERDICT_LIST)}",
        "input_title": "Kết quả", "input_message": "Đạt, Không đạt hoặc Không áp dụng",
        "error_message": "Chọn Đạt, Không đạt hoặc Không áp dụng."})
