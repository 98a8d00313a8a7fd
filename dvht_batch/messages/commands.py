"""Messages a command gives when it fails outside any input file: a fault of the program itself."""
from __future__ import annotations

from dvht_batch.messages.kinds import MessageType

TYPES = (
    # a bug: said once, for the terminal and the web app alike; `details` says where its details are
    MessageType("unexpected-error", "unexpected-error",
                "Lỗi không mong đợi ({error}). Hãy báo cho người bảo trì ({details}).", whole_file=True),
    MessageType("details-with-debug", "unexpected-error", "chạy lại với --debug để xem chi tiết", phrase=True),
    MessageType("details-in-console", "unexpected-error", "chi tiết trong cửa sổ dòng lệnh của ứng dụng", phrase=True),
)
