"""Messages of the web app (`dvht giao-dien`) that are not about one input file: the folder chosen with
"Dùng thư mục", the period typed in a box, what the board says of files arrived after a run."""
from __future__ import annotations

from dvht_batch.messages.kinds import MessageType

_CHOOSE = "Hãy chọn thư mục chứa các tệp các phòng gửi cho kỳ này (ví dụ D:\\DVHT\\thang-11)."


def _web(id_: str, template: str, advice: str = "") -> MessageType:
    return MessageType(id_, "web-refused", template, advice, whole_file=True)


TYPES = (
    _web("web-folder-not-found", "Không tìm thấy thư mục '{folder}'.",
         "Hãy chép đúng đường dẫn của thư mục có các tệp (trong File Explorer: bấm vào thanh địa chỉ, chép)."),
    _web("web-folder-system", "Thư mục '{folder}' là thư mục của hệ thống hoặc gốc của một ổ đĩa, không phải thư mục các "
         "phòng gửi.", _CHOOSE),
    _web("web-folder-in-output", "Thư mục '{folder}' nằm trong thư mục kết quả '{out}'.", _CHOOSE),
    _web("web-folder-holds-output", "Thư mục '{folder}' chứa thư mục kết quả '{out}' (các tệp ứng dụng tự lập).",
         _CHOOSE),
    _web("web-folder-holds-uploads", "Thư mục '{folder}' chứa thư mục tải lên của mọi kỳ '{uploads}'.", _CHOOSE),
    _web("web-folder-too-many", "Thư mục '{folder}' có hơn {limit} tệp (kể cả thư mục con): quá nhiều cho các tệp "
         "của một kỳ.", _CHOOSE),
    _web("web-folder-unreadable", "Không đọc được thư mục '{folder}': {reason}.",
         "Hãy kiểm tra quyền truy cập hoặc chọn thư mục khác."),
    _web("web-bad-period", "Kỳ báo cáo '{typed}' không hợp lệ.",
         "Hãy ghi MM/YYYY cho kỳ tháng (ví dụ 11/2025) hoặc YYYY cho kỳ năm (ví dụ 2025)."),
    _web("web-late-files", "Có {count} tệp đến sau lần tổng hợp gần nhất (tải lên, nhận qua thư hoặc chép vào thư "
         "mục), chưa được tính trong kết quả dưới đây.", "Bấm \"Tổng hợp\" để cập nhật kết quả."),
)
