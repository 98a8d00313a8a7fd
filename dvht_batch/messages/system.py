"""Faults of the machine in the clerk's words (dvht_batch/system/os_faults.py): why the system refused (the
`{reason}` of many messages, one phrase per kind of OSError) and the fault a command stops on: a folder it
cannot write or read, a full disk, a file where a folder should be."""
from __future__ import annotations

from dvht_batch.messages.kinds import MessageType


def _why(id_: str, template: str) -> MessageType:
    return MessageType(id_, "os-error", template, phrase=True)


def _fault(id_: str, template: str, advice: str = "") -> MessageType:
    return MessageType(id_, "environment-fault", template, advice, whole_file=True)


# "Không ghi được 'OUT/2025-11'" — `action`: ghi or đọc; `target`: the path quoted after a space, or nothing
_HEAD = "Không {action} được{target}"

TYPES = (
    # ---- why: os_faults.os_reason, by errno
    _why("os-no-access", "không có quyền truy cập"),
    _why("os-not-permitted", "không được phép (bị khóa hoặc không có quyền)"),
    _why("os-read-only", "ổ đĩa chỉ cho đọc, không cho ghi"),
    _why("os-disk-full", "ổ đĩa đã đầy"),
    _why("os-file-on-path", "một phần của đường dẫn là tệp, không phải thư mục"),
    _why("os-exists", "đã có một tệp cùng tên"),
    _why("os-is-a-folder", "đây là một thư mục, không phải tệp"),
    _why("os-not-found", "không tìm thấy (đã bị xóa hoặc di chuyển?)"),
    _why("os-name-too-long", "tên hoặc đường dẫn quá dài"),
    _why("os-io", "lỗi đọc/ghi của ổ đĩa (ổ đĩa hỏng hoặc ổ mạng bị ngắt)"),
    _why("os-busy", "đang bị chương trình khác sử dụng"),
    _why("os-too-many-open", "có quá nhiều tệp đang mở"),
    _why("os-loop", "đường dẫn tắt (liên kết) vòng lặp"),
    _why("os-bad-name", "tên không hợp lệ trên ổ đĩa này"),
    _why("os-quota", "đã dùng hết dung lượng được cấp"),
    _why("os-other", "lỗi hệ thống {name} ({detail})"),
    # ---- a settings file that is not one (os_faults.read_small_file)
    _why("os-not-a-regular-file", "đây là {what}, không phải tệp thường"),
    _why("os-kind-folder", "một thư mục"),
    _why("os-kind-fifo", "một đường ống (FIFO)"),
    _why("os-kind-device", "một thiết bị hoặc mục đặc biệt"),
    _why("os-settings-too-large", "tệp quá lớn (tối đa {limit} MB), không phải tệp cấu hình"),
    # ---- the fault a command stops on (os_faults.fault_from_os_error)
    _fault("fault-disk-full", _HEAD + ": {reason}. Không tệp nào bị ghi dở: tệp đã ghi xong trước đó vẫn nguyên vẹn.",
           "Hãy giải phóng dung lượng (hoặc chọn thư mục khác bằng --out) rồi chạy lại."),
    _fault("fault-no-write-access", _HEAD + ": {reason}.",
           "Hãy chọn thư mục khác bằng --out, hoặc nhờ người quản trị máy cấp quyền ghi."),
    _fault("fault-no-read-access", _HEAD + ": {reason}.", "Hãy kiểm tra quyền truy cập rồi chạy lại."),
    _fault("fault-file-in-the-way", _HEAD + ": '{blocker}' là một tệp, không phải thư mục.",
           "Hãy chọn thư mục khác bằng --out (hoặc đổi tên tệp đó)."),
    _fault("fault-other", _HEAD + ": {reason}."),
)
