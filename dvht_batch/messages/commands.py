"""Messages a command gives when it fails outside any input file: a period typed wrong (on the command line,
in a web box, in a workbook's Thong_tin), a fault of the program itself."""
from __future__ import annotations

from dvht_batch.messages.kinds import MessageType

TYPES = (
    # a bug: said once, for the terminal and the web app alike; `details` says where its details are
    MessageType("unexpected-error", "unexpected-error",
                "Lỗi không mong đợi ({error}). Hãy báo cho người bảo trì ({details}).", whole_file=True),
    MessageType("details-with-debug", "unexpected-error", "chạy lại với --debug để xem chi tiết", phrase=True),
    MessageType("details-in-console", "unexpected-error", "chi tiết trong cửa sổ dòng lệnh của ứng dụng", phrase=True),
    # a period as typed (period.py): the command-line form YYYY-MM, the workbook's MM/YYYY
    MessageType("period-bad-form", "bad-period", "Kỳ báo cáo '{text}' không hợp lệ.",
                "Hãy dùng dạng YYYY-MM (ví dụ 2025-11) hoặc YYYY (ví dụ 2025).", whole_file=True),
    MessageType("period-not-a-period", "bad-period", "'{text}' không phải kỳ báo cáo.",
                "Hãy ghi MM/YYYY cho tháng (ví dụ 11/2025) hoặc YYYY cho năm.", whole_file=True),
    MessageType("period-out-of-range", "bad-period", "Kỳ báo cáo '{text}' không hợp lệ (tháng 1–12, năm 2000–2100).",
                whole_file=True),
    # the command stopped or refused before it began (cli/)
    MessageType("stopped-by-user", "stopped", "Đã dừng theo yêu cầu.", whole_file=True),
    MessageType("templates-no-period", "bad-command-line", "Thiếu --period: chưa biết kỳ báo cáo cần lập mẫu.",
                "Hãy ghi kỳ, ví dụ --period 2025-11 (hoặc dùng --blank cho mẫu chung).", whole_file=True),
)
