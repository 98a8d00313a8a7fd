"""Messages about the configuration file dvht.toml (docs/hop-dong.md §1). Checks of single keys not yet
here write their sentence at the call site (`Findings.note`)."""
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
    MessageType("config-unknown-key", "unknown-key", "khóa không được hỗ trợ '{key}'."),
    MessageType("config-not-a-table", "not-a-table", "'{section}' phải là một bảng [{section}]."),
    MessageType("config-missing-table", "missing-table", "thiếu bảng [{section}]."),
    MessageType("config-missing-key", "missing-key", "thiếu khóa bắt buộc '{key}'."),
    MessageType("config-wrong-type", "bad-type", "'{key}' phải là {type} (không để trống)."),
)
