"""Messages of the province's side (`dvht tinh …`, docs/tinh.md): tinh.toml, the units' summary tables
and the appraisal workbook. Positions (sheet!cell, a key's place) are put in front by `Findings`."""
from __future__ import annotations

from dvht_batch.messages.kinds import MessageType
from dvht_batch.models import Severity

TYPES = (
    # ---- tinh.toml
    MessageType("province-config-not-found", "config-not-found",
                "Không tìm thấy tệp cấu hình '{path}' của Sở (tinh.toml). Dùng --config để chỉ đường dẫn.",
                whole_file=True),
    MessageType("province-year-out-of-range", "bad-value",
                "'danh_gia.nam' = {given}: năm của số liệu phải trong khoảng 2024–2100 (Thông tư 24/2023 có hiệu "
                "lực từ 26/01/2024)."),
    MessageType("province-not-levels", "bad-value",
                "'danh_gia.bo_tieu_chi' = '{given}' là bộ tiêu chí chấm điểm: việc thẩm định, công nhận theo mức độ "
                "cần bộ tiêu chí theo mức độ (ví dụ tt24-2023)."),
    # ---- a unit's summary table
    MessageType("table-no-unit", "no-unit",
                "không ghi tên đơn vị: không xác định được đơn vị của bảng.",
                "Đơn vị ghi tên ở ô này rồi gửi lại; Sở không tự đoán đơn vị."),
    MessageType("table-no-year", "no-year",
                "không đọc được năm của số liệu ({value}).", "Ghi năm, ví dụ 2025."),
    MessageType("table-other-year", "other-year",
                "bảng là của năm {found}, Sở đang thẩm định năm {year}.", severity=Severity.ERROR),
    MessageType("table-no-header", "no-header",
                "không tìm thấy dòng tiêu đề (Mã, Tiêu chí, chỉ tiêu, …, {levels}) trong {rows} dòng đầu.",
                "Dùng đúng bảng tổng hợp do phần mềm lập, hoặc mẫu của Sở (dvht tinh mau-ho-so)."),
    MessageType("table-newer-layout", "newer-layout",
                "bảng ghi bố cục phiên bản {found}, phần mềm này đọc đến phiên bản {known}.",
                "Cập nhật phần mềm dvht của Sở."),
    MessageType("table-unknown-code", "unknown-code",
                "chỉ tiêu '{value}' không có trong bộ tiêu chí {rule_set}: không được xét.", severity=Severity.WARNING),
    MessageType("table-missing-code", "missing-code",
                "thiếu chỉ tiêu {code} ({text}) của bộ tiêu chí {rule_set}.", severity=Severity.WARNING),
    MessageType("table-bad-verdict", "bad-value",
                "kết quả {value} của chỉ tiêu {code} ở {level} không hợp lệ.", "Ghi Đạt, Không đạt hoặc Không áp dụng."),
    MessageType("table-bad-count", "bad-value",
                "{what} của chỉ tiêu {code} là {value}, không phải số nguyên không âm."),
    MessageType("table-bad-ratio", "bad-value",
                "tỷ lệ của chỉ tiêu {code} là {value}, không phải tỷ lệ (ví dụ 0,9667 hoặc 96,67%)."),
    MessageType("table-bad-kind", "bad-value",
                "loại hình đơn vị {value} không hợp lệ.", "Chọn trong danh sách: {allowed}."),
    MessageType("table-bad-level", "bad-value",
                "mức độ đề nghị {value} không hợp lệ.", "Chọn {allowed}."),
    MessageType("table-bad-date", "bad-value",
                "ngày {value} không phải ngày.", "Ghi ngày/tháng/năm, ví dụ 10/01/2026."),
    # ---- the appraisal workbook, read back
    MessageType("appraisal-no-sheet", "no-sheet",
                "Phiếu thẩm định không có trang '{name}'.",
                "Dùng phiếu do lệnh dvht tinh nhan-ho-so lập; không đổi tên trang.", whole_file=True),
    MessageType("appraisal-other-year", "other-year",
                "Phiếu thẩm định là của năm {found}, Sở đang thẩm định năm {year}.", whole_file=True),
    MessageType("appraisal-bad-verdict", "bad-value",
                "kết luận {value} của {unit}, chỉ tiêu {code} không hợp lệ.", "Chọn Đồng ý hoặc Không đồng ý."),
    MessageType("appraisal-missing-verdict", "missing-value",
                "chưa có kết luận của {unit}, chỉ tiêu {code}.", "Chọn Đồng ý hoặc Không đồng ý."),
    MessageType("appraisal-no-reason", "missing-value",
                "{unit}, chỉ tiêu {code}: “Không đồng ý” mà chưa ghi lý do.",
                "Ghi lý do ở cột Ghi chú: lý do được gửi cho đơn vị."),
    MessageType("appraisal-unknown-row", "unknown-row",
                "dòng {row} ({value}) không khớp đơn vị, chỉ tiêu nào trong sổ đăng ký năm {year}.",
                "Không thêm, sửa cột Mã đơn vị, Mã chỉ tiêu của phiếu."),
    MessageType("appraisal-bad-kind", "bad-value",
                "loại hình {value} của {unit} không hợp lệ.", "Chọn trong danh sách: {allowed}."),
)
