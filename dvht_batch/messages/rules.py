"""Messages about the text files the office writes: rule files (docs/bo-tieu-chi.md) and the TOML syntax
they share with dvht.toml and ke_hoach.toml. The finding's `place` ("[bo_tieu_chi]", "tiêu chí 2a",
"dòng 12 «…»") goes in front; values are quoted by the templates as the clerk typed them (`{given}`)."""
from __future__ import annotations

from dvht_batch.messages.kinds import MessageType

_NUMBER_EXAMPLE = "ví dụ \"0.90\" hoặc 10"

TYPES = (
    MessageType("toml-syntax", "toml-syntax", "{hint} (thông báo gốc: {original})."),
    MessageType("rule-file-not-found", "rule-file-not-found",
                "Không tìm thấy bộ tiêu chí '{name}': dùng {bundled}, hoặc đường dẫn tới tệp .toml của đơn vị (tìm tại "
                "'{path}').", whole_file=True),
    MessageType("rule-file-unreadable", "rule-file-unreadable",
                "Không đọc được tệp tiêu chí '{path}' (cần UTF-8): {reason}.", whole_file=True),
    # ---- single values of a rule file (rules/values.py)
    MessageType("not-a-number", "bad-number", "'{key}' phải là một số (" + _NUMBER_EXAMPLE + ")."),
    MessageType("bad-number", "bad-number", "'{key}' = '{given}' không phải số; ghi " + _NUMBER_EXAMPLE + "."),
    MessageType("number-out-of-range", "bad-number", "'{key}' = {given} không hợp lệ trong khoảng {lo}…{hi}."),
    MessageType("bad-number-value", "bad-number", "'{key}' = {given} không hợp lệ."),
    MessageType("ratio-out-of-range", "bad-ratio", "'{key}' = {given} không hợp lệ: tỷ lệ phải trong khoảng 0…1."),
    MessageType("ratio-as-percent", "bad-ratio",
                "'{key}' = {given} không hợp lệ: tỷ lệ phải trong khoảng 0…1 (tỷ lệ ghi dạng số thập phân: {percent}% là "
                "\"{ratio}\")."),
    MessageType("not-positive", "bad-number", "'{key}' phải lớn hơn 0."),
    MessageType("missing-min-title", "missing-key", "thiếu '{key}': ghi danh hiệu tối thiểu, một trong: {names}."),
    MessageType("not-a-rule-title", "bad-title", "'{key}' = '{given}' không phải danh hiệu {kind}; dùng một trong: {names}."),
    MessageType("unknown-key-near", "unknown-key", "khóa không được hỗ trợ '{key}' (có phải '{near}'?)."),
    MessageType("unknown-key", "unknown-key", "khóa không được hỗ trợ '{key}'; các khóa dùng được: {allowed}."),
)
