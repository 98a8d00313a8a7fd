"""Messages about the office's plan file ke_hoach.toml (docs/ke-hoach.md). The finding's `place` is the line
and key ("dòng 12 ([[muc]] thứ 2, tu_dong)"); values are quoted as the clerk typed them (`{given}`)."""
from __future__ import annotations

from dvht_batch.messages.kinds import MessageType

_DATE_FORMS = ("ghi \"20/3/2026\" (đủ ngày), \"3/2026\" (để trống ngày), \"2026\" (để trống ngày và tháng) hoặc \"\" "
               "(để trống cả ngày)")

TYPES = (
    # ---- whole file (plan/file.py)
    MessageType("plan-not-found", "plan-not-found", "Không tìm thấy tệp kế hoạch '{path}'.", whole_file=True),
    MessageType("plan-not-utf8", "plan-not-utf8",
                "Tệp kế hoạch '{path}' không phải UTF-8: mở bằng Notepad, chọn Lưu thành… với mã hóa UTF-8.",
                whole_file=True),
    MessageType("plan-unreadable", "plan-unreadable", "Không đọc được tệp kế hoạch '{path}': {reason}.",
                whole_file=True),
    # ---- the plan against its dates (writers/docx/ke_hoach_context.py)
    MessageType("plan-no-year", "plan-no-year",
                "Chưa rõ năm của kế hoạch: ghi --nam (ví dụ --nam 2026), hoặc nam = 2026 / giai_doan = \"2023-2030\" "
                "trong tệp kế hoạch.", whole_file=True),
    MessageType("plan-issued-after-period", "plan-dates",
                "Ngày ban hành kế hoạch (năm {year}) sau năm cuối của kế hoạch ({last}): sửa ngày ([van_ban] ngay "
                "trong dvht.toml, hoặc ngay trong tệp kế hoạch) hoặc năm của kế hoạch.", whole_file=True),
    MessageType("plan-expired", "plan-dates",
                "Kế hoạch {first}–{last} in hôm nay ({start}) đã hết hạn: ghi ngày ban hành trong tệp kế hoạch (ngay = "
                "\"…\") hoặc chọn năm khác.", whole_file=True),
    MessageType("plan-review-before-issue", "plan-dates",
                "Năm sơ kết {year} ([tien_do] so_ket) trước ngày ban hành kế hoạch: chọn năm từ {first} đến {last}.",
                whole_file=True),
    # ---- single values (plan/values.py)
    MessageType("plan-not-a-year", "bad-value", "'{given}' không phải năm (ví dụ 2026)."),
    MessageType("plan-year-and-period", "bad-value",
                "chỉ ghi một trong hai: nam (kế hoạch một năm) hoặc giai_doan (nhiều năm)."),
    MessageType("plan-not-a-period", "bad-value", "'{given}' không phải giai đoạn: ghi giai_doan = \"2023-2030\"."),
    MessageType("plan-period-order", "bad-value",
                "giai đoạn {first}-{last}: năm cuối phải sau năm đầu (tối đa 20 năm)."),
    MessageType("plan-date-not-quoted", "bad-type",
                "ngày phải trong ngoặc kép, ví dụ ngay = \"20/3/2026\", \"3/2026\" hoặc \"\"."),
    MessageType("plan-not-a-date", "bad-value", "'{given}' không phải ngày: " + _DATE_FORMS + "."),
    MessageType("plan-not-a-day-month", "bad-value",
                "'{given}' không phải ngày/tháng: ghi trong ngoặc kép, ví dụ \"15/01\"."),
    MessageType("plan-not-a-day-of-month", "bad-value",
                "'{given}' phải là một ngày trong tháng từ 1 đến 28 (hoặc false: không có hạn này)."),
    # ---- tables and sections (plan/file.py)
    MessageType("plan-bad-number", "bad-type",
                "số kế hoạch phải là số hoặc chuỗi, ví dụ so = 12 hoặc so = \"\" (để trống)."),
    MessageType("plan-number-below-one", "bad-value",
                "số kế hoạch {given} không hợp lệ: ghi số từ 1 trở lên, hoặc so = \"\" để trống."),
    MessageType("plan-implausible-date", "bad-value",
                "ngày ban hành '{given}' nằm ngoài khoảng ngày hợp lý ({window}); hãy kiểm tra lại năm."),
    MessageType("plan-date-before-period", "bad-value",
                "ngày ban hành năm {year} quá sớm cho kế hoạch bắt đầu năm {first}: kế hoạch ban hành trong năm "
                "trước hoặc ngay năm đầu của kế hoạch; hãy kiểm tra lại năm."),
    MessageType("plan-date-after-period", "bad-value",
                "ngày ban hành năm {year} sau năm cuối của kế hoạch ({last})."),
    MessageType("plan-unknown-section-near", "bad-value",
                "'{given}' không phải phần tự động (có phải '{near}'?); dùng một trong: {allowed}."),
    MessageType("plan-unknown-section", "bad-value", "'{given}' không phải phần tự động; dùng một trong: {allowed}."),
    MessageType("plan-section-incomplete", "missing-key",
                "mỗi mục cần tieu_de và noi_dung (hoặc tu_dong = \"…\" để dùng phần do công cụ viết)."),
    MessageType("plan-auto-section-text", "bad-value",
                "mục tự động không nhận noi_dung: bỏ noi_dung, hoặc bỏ tu_dong để tự viết cả mục."),
    MessageType("plan-auto-section-twice", "bad-value", "phần tự động '{name}' được ghi nhiều lần."),
    MessageType("plan-task-who", "missing-key",
                "ghi một trong hai: phong = \"MÃ\" (mã phòng trong dvht.toml) hoặc vai_tro = \"…\"."),
    MessageType("plan-task-work", "missing-key", "thiếu viec (các việc được giao)."),
    MessageType("plan-unknown-department", "bad-value",
                "'{given}' không phải mã phòng trong dvht.toml ({codes}); người không thuộc phòng nào: dùng vai_tro."),
    MessageType("plan-annex-incomplete", "missing-key", "mỗi phụ lục cần tieu_de và noi_dung."),
    MessageType("plan-bad-authority", "bad-value",
                "'{given}' không hợp lệ: dùng một trong {allowed}, hoặc \"\" khi người đứng đầu ký."),
    MessageType("plan-bad-days", "bad-value", "'{given}' phải là số ngày từ 1 đến 90."),
    MessageType("plan-review-year", "bad-value",
                "năm sơ kết {year} phải trong giai đoạn {first}-{last}, trước năm cuối."),
    MessageType("plan-review-one-year", "bad-value", "chỉ kế hoạch nhiều năm (giai_doan) mới có năm sơ kết."),
    MessageType("plan-unknown-placeholder", "bad-value", "'{placeholder}' không phải chỗ thay thế; dùng một trong {known}."),
)
