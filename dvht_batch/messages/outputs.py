"""Messages about the output folder: the clerk's files kept aside when a run replaces OUT/<kỳ>/
(`output.settle`), and inputs a run could not archive (`archive`)."""
from __future__ import annotations

from dvht_batch.messages.kinds import MessageType
from dvht_batch.models import Severity

_RUN_AGAIN = "Hãy chạy lại để tổng hợp và lưu bản hiện có của tệp."


def _note(id_: str, code: str, template: str, advice: str = "", severity: Severity = Severity.WARNING) -> MessageType:
    return MessageType(id_, code, template, advice, severity, whole_file=True)


TYPES = (
    # ---- why an input used by the run has no copy in luu_tru/ (archive.py): phrases of "not-archived-line"
    MessageType("archive-changed", "not-archived",
                "tệp đã thay đổi sau khi được đọc, bản đã dùng để tổng hợp không còn để lưu", phrase=True),
    MessageType("archive-gone", "not-archived", "tệp đã bị xóa hoặc chuyển đi trong khi chạy", phrase=True),
    MessageType("archive-unreadable", "not-archived", "không đọc lại được tệp để lưu ({detail})", phrase=True),
    MessageType("archive-not-read", "not-archived", "tệp không được đọc trọn (quá lớn) nên không có bản để lưu",
                phrase=True),
    # ---- the run's console and the web page (period_outputs.output_notes)
    _note("not-archived-line", "not-archived", "Chưa lưu được vào luu_tru/ tệp {path}: {reason}.", _RUN_AGAIN),
    _note("set-aside-line", "set-aside",
          "Giữ lại tệp của Văn phòng (đã sửa hoặc thêm sau lần chạy trước): {original} → {kept}."),
    _note("set-aside-pending", "set-aside",
          "Còn tệp của lần chạy trước chưa chuyển được (đang mở trong chương trình khác?): tệp vẫn ở '{folder}', "
          "lệnh dvht sau sẽ chuyển tiếp.", "Hãy đóng tệp đó; không xóa thư mục này."),
)
