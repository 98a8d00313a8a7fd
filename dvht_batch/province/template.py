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


def write_template(path: Path, rule_set, year: int, agency: str) -> Path:
    levels = tuple(rule_set.levels)

    def write(tmp: Path) -> None:
        wb = open_workbook(tmp)
        wb.set_custom_property(TEMPLATE_PROPERTY, TEMPLATE_VERSION)
        wb.set_properties({"title": f"Mẫu bảng tổng hợp tiêu chí “Đơn vị học tập” năm {year}", "author": agency})
        base = {"border": 1, "valign": "top", "text_wrap": True}
        label = wb.add_format({**base, "bold": True, "bg_color": "#F2F2F2"})
        locked = wb.add_format(base)
        head = wb.add_format({**base, "bold": True, "align": "center", "bg_color": "#DDEBF7"})
        group = wb.add_format({**base, "bold": True, "bg_color": "#F2F2F2"})
        value = wb.add_format({**base, "locked": False, "bg_color": "#FFF2CC"})
        number = wb.add_format({**base, "locked": False, "bg_color": "#FFF2CC", "num_format": "0"})
        ratio = wb.add_format({**base, "locked": False, "bg_color": "#FFF2CC", "num_format": "0.00%"})
        lists = wb.add_worksheet(LISTS_SHEET)
        lists.write_column(0, 0, list(UNIT_KINDS.values()))
        lists.write_column(0, 1, [rule_set.level_name(lv) for lv in levels])
        lists.write_column(0, 2, list(VERDICT_LIST))
        ws = wb.add_worksheet(TEMPLATE_SHEET)
        ws.activate()
        lists.hide()
        widths = (8, 56, 26, 11, 11, 9, *([11] * len(levels)), 40)
        for c, width in enumerate(widths):
            ws.set_column(c, c, width)
        ws.write(0, 0, f"BẢNG TỔNG HỢP KẾT QUẢ TỰ ĐÁNH GIÁ CÁC TIÊU CHÍ, CHỈ TIÊU “ĐƠN VỊ HỌC TẬP” NĂM {year}",
                 wb.add_format({"bold": True, "font_size": 13}))
        r = 1
        for key, text in PARTICULARS.items():
            r += 1
            ws.write(r, 0, text, label)
            if key == "nam":
                ws.write_number(r, 1, year, locked)
                continue
            ws.write_blank(r, 1, None, value)
            source = {"loai_hinh": f"={LISTS_SHEET}!$A$1:$A${len(UNIT_KINDS)}",
                      "muc_do": f"={LISTS_SHEET}!$B$1:$B${len(levels)}"}.get(key)
            if source:
                ws.data_validation(r, 1, r, 1, {"validate": "list", "source": source,
                                                "error_message": "Chọn trong danh sách."})
        ws.set_column(0, 0, 26)
        top = r + 2
        headers = ["Mã", "Tiêu chí, chỉ tiêu", "Yêu cầu", "Số thành viên đạt", "Số thành viên được tính", "Tỷ lệ",
                   *[rule_set.level_name(lv) for lv in levels], "Minh chứng, ghi chú"]
        ws.write_row(top, 0, headers, head)
        ws.set_row(top, LINE_HEIGHT * 3)
        r, current = top, None
        first_verdict_col, last_col = 6, 6 + len(levels)
        for c in rule_set.criteria:
            if c.group != current:
                current = c.group
                r += 1
                g = rule_set.group(c.group)
                ws.write_string(r, 0, c.group, group)
                ws.merge_range(r, 1, r, last_col, f"Tiêu chí {c.group}: {g.text if g else ''}", group)
            r += 1
            requirement = level_requirements(c)
            ws.write_row(r, 0, [c.code, c.text, requirement], locked)
            members = c.kind == "member_ratio"
            for col, fmt in ((3, number), (4, number), (5, ratio)):
                ws.write_blank(r, col, None, fmt if members else locked)
            for col in range(first_verdict_col, last_col):
                ws.write_blank(r, col, None, value)
            ws.write_blank(r, last_col, None, value)
            ws.set_row(r, LINE_HEIGHT * max(text_lines(c.text, 55), text_lines(requirement, 25), 2))
        ws.data_validation(top + 1, first_verdict_col, r, last_col - 1, {
            "validate": "list", "source": f"={LISTS_SHEET}!$C$1:$C${len(VERDICT_LIST)}",
            "input_title": "Kết quả", "input_message": "Đạt, Không đạt hoặc Không áp dụng",
            "error_message": "Chọn Đạt, Không đạt hoặc Không áp dụng."})
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
