"""Messages about the configuration file dvht.toml (docs/hop-dong.md §1). The finding's `place` is the
table item ("phòng thứ 2", "thành viên Tổ đánh giá thứ 1") when the key alone does not say it."""
from __future__ import annotations

from dvht_batch.messages.kinds import MessageType

TYPES = (
    MessageType("config-not-found-anywhere", "config-not-found",
                "Không tìm thấy tệp cấu hình dvht.toml ({where}). Dùng --config để chỉ đường dẫn.", whole_file=True),
    MessageType("config-not-found", "config-not-found", "Không tìm thấy tệp cấu hình '{path}'.", whole_file=True),
    MessageType("config-unreadable", "config-unreadable", "Không đọc được tệp cấu hình '{path}': {reason}.",
                whole_file=True),
    MessageType("config-not-utf8", "config-not-utf8",
                "Tệp cấu hình '{path}' không phải UTF-8: hãy lưu lại với mã hóa UTF-8.", whole_file=True),
    MessageType("config-no-department", "config-no-department",
                "Tệp cấu hình '{path}' chưa có phòng nào: lệnh này cần ít nhất một bảng [[phong]] với 'ma' và 'ten' (cơ "
                "quan không chia phòng: khai báo một [[phong]] cho cả cơ quan).", whole_file=True),
    MessageType("web-no-department", "config-no-department",
                "Tệp cấu hình '{path}' chưa có phòng nào ([[phong]]): trang Kế hoạch vẫn dùng được; muốn lập mẫu, "
                "tổng hợp hay xem kết quả theo phòng, hãy khai báo mỗi phòng một bảng [[phong]] với 'ma' và 'ten' "
                "(cơ quan không chia phòng: một [[phong]] cho cả cơ quan).", whole_file=True),
    MessageType("input-folder-not-found", "input-folder-not-found", "Không tìm thấy thư mục dữ liệu '{folder}'.",
                whole_file=True),
    MessageType("several-periods", "several-periods",
                "Các tệp ghi nhiều kỳ báo cáo khác nhau ({periods}): chọn kỳ bằng --period, ví dụ --period {last}.",
                whole_file=True),
    MessageType("no-period-found", "no-period-found",
                "Không tìm thấy bảng tính hợp lệ nào trong '{folder}' để xác định kỳ báo cáo: kiểm tra thư mục, hoặc "
                "ghi rõ --period (ví dụ --period 2025-11).", whole_file=True),
    MessageType("no-file-for-year", "no-file-for-year",
                "Thư mục '{folder}' không có tệp nào của năm {year} (kỳ ghi trong các tệp: {found}); chưa lập hồ sơ. "
                "Hãy kiểm tra --nam hoặc thư mục dữ liệu.", whole_file=True),
    MessageType("no-valid-workbook", "no-file-for-year", "không có bảng tính hợp lệ nào", phrase=True),
    MessageType("config-not-one-of", "bad-value", "'{key}' = '{given}' không hợp lệ: dùng một trong {allowed}."),
    MessageType("config-implausible-date", "bad-value",
                "'{key}' = '{given}' nằm ngoài khoảng ngày hợp lý ({window}); hãy kiểm tra lại năm."),
    MessageType("config-number-below-one", "bad-value",
                "'{key}' = {given} không hợp lệ: số văn bản phải từ 1 trở lên (hoặc \"\" để trống)."),
    MessageType("config-not-a-date", "bad-value",
                "'{key}' = '{given}' không phải ngày: ghi dd/mm/yyyy hoặc 2025-12-31 (hoặc mm/yyyy, ví dụ \"12/2025\", "
                "để trống ngày cho người ký ghi tay)."),
    MessageType("config-not-an-email", "bad-value",
                "'email' phải là một địa chỉ thư (ví dụ \"vp@so.gov.vn\") hoặc danh sách địa chỉ."),
    MessageType("duplicate-department", "duplicate-department", "mã phòng '{code}' bị lặp lại."),
    MessageType("department-code-unsafe", "bad-department-code",
                "mã phòng '{code}' ({name}) chứa dấu '/', '\\' hoặc ký tự điều khiển, không dùng được trong tên tệp.",
                "Hãy chỉ dùng chữ, số, dấu gạch ngang hoặc gạch dưới."),
    MessageType("department-code-empty", "bad-department-code",
                "mã phòng '{code}' ({name}) phải có ít nhất một chữ cái hoặc chữ số."),
    MessageType("department-codes-clash", "bad-department-code",
                "mã phòng '{first}' ({first_name}) và '{second}' ({second_name}) trùng nhau khi thành tên tệp (không "
                "tính dấu, chữ hoa/thường, dấu cách và gạch nối): báo cáo và biểu mẫu của hai phòng sẽ ghi đè lên nhau.",
                "Hãy đổi mã của một trong hai phòng."),
    MessageType("coordinator-not-a-department", "bad-value",
                "'don_vi.dau_moi' = '{given}' không phải mã phòng nào trong [[phong]] ({codes}).",
                "Hãy ghi mã phòng, hoặc tên vai trò, ví dụ \"Công chức phụ trách công tác Đơn vị học tập\"."),
    MessageType("margins-not-four-numbers", "bad-value",
                "'van_ban.le_trang' phải là 4 số (mm) theo thứ tự trên, dưới, trái, phải, ví dụ [20, 20, 30, 15]."),
    MessageType("margin-out-of-range", "bad-value",
                "'van_ban.le_trang': lề {side} = {given} mm ngoài khoảng {lo}–{hi} mm của Nghị định 30/2020/NĐ-CP."),
)
