"""Messages about the tables and keys of a settings file — dvht.toml, the Sở's tinh.toml, ke_hoach.toml, a rule
file — said by the one schema layer (setup/schema.py). The finding's `place` is the line and the table
('dòng 12 ([don_vi])', 'dòng 40 (tiêu chí 3.1)'); the template names the key."""
from __future__ import annotations

from dvht_batch.messages.kinds import MessageType

TYPES = (
    # ---- the line above a settings file's problems (`kind`: "cấu hình", "kế hoạch", "tiêu chí")
    MessageType("settings-file-problems", "heading", "Tệp {kind}{where} có {count} lỗi:", whole_file=True,
                heading=True),
    MessageType("settings-file-syntax", "heading", "Tệp {kind} '{path}' sai cú pháp TOML:", whole_file=True,
                heading=True),
    MessageType("settings-file-bounds", "heading", "Tệp {kind} '{path}' có giá trị vượt giới hạn:", whole_file=True,
                heading=True),
    MessageType("unknown-key-near", "unknown-key", "khóa không được hỗ trợ '{key}' (có phải '{near}'?)."),
    MessageType("unknown-key", "unknown-key", "khóa không được hỗ trợ '{key}'; các khóa dùng được: {allowed}."),
    MessageType("settings-key-in-table", "unknown-key",
                "khóa '{key}' đang nằm trong bảng {table}: chuyển dòng này lên đầu tệp, trước mọi dòng […] hoặc "
                "[[…]]."),
    MessageType("missing-key", "missing-key", "thiếu khóa bắt buộc '{key}'."),
    MessageType("settings-missing-table", "missing-table", "thiếu bảng [{name}] ({keys})."),
    MessageType("settings-wrong-type", "bad-type", "'{key}' phải là {type}."),
    MessageType("settings-not-a-table", "not-a-table", "'{name}' phải là một bảng: dòng [{name}] rồi các khóa của nó."),
    MessageType("settings-not-tables", "not-a-table",
                "'{name}' phải là các bảng [[{name}]], mỗi bảng một dòng [[{name}]] rồi các khóa của nó ({keys})."),
)
