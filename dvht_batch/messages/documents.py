"""Messages about the documents a run writes, for the office to check before signing (console, sheet
Kiem_tra, kiem_tra_truoc_khi_ky.txt): dates that contradict each other (dvht_batch/assess/document_dates.py)."""
from __future__ import annotations

from dvht_batch.messages.kinds import MessageType

_FIX_DATE = "ghi ngày ký ở [van_ban] ngay trong dvht.toml (hoặc để trống: de_trong_ngay = true) rồi chạy lại."

TYPES = (
    MessageType("document-before-period-end", "document-dates",
                "Văn bản {document} ghi ngày {date}, trước khi hết {period} ({end}): số liệu chưa đủ kỳ.",
                "Chạy lại khi đủ số liệu, hoặc " + _FIX_DATE, whole_file=True),
    MessageType("deadline-before-document", "document-dates",
                "Văn bản {document} ghi ngày {date} nhưng đặt hạn {what} trước ngày {deadline}, đã qua.",
                "Sửa hạn trong văn bản trước khi ký, hoặc " + _FIX_DATE, whole_file=True),
    MessageType("document-before-data", "document-dates",
                "Văn bản {document} ghi ngày {date}, trước ngày lập của bảng số liệu được dùng ({source}, lập ngày "
                "{made}).", "Kiểm tra lại ngày lập của bảng, hoặc " + _FIX_DATE, whole_file=True),
    MessageType("plan-dated-after-start", "document-dates",
                "Kế hoạch năm {year} ghi ngày {date}, sau ngày năm {year} bắt đầu (01/01/{year}).",
                "Kiểm tra lại năm của kế hoạch, hoặc ghi ngày ban hành (ngay trong tệp kế hoạch hoặc [van_ban] ngay).",
                whole_file=True),
)
