"""Messages of the web app (`dvht giao-dien`) that are not about one input file: the folder chosen with
"Dùng thư mục", the period typed in a box, what the board says of files arrived after a run, and the
refusals of its pages (`web.common.Refused`: the HTTP status stays with the route, the sentence is here)."""
from __future__ import annotations

from dvht_batch.messages.kinds import MessageType

_SPLIT = "Hãy chia thành nhiều lần."
_OPEN_WITH_THE_LINK = "Hãy mở ứng dụng bằng đường dẫn đầy đủ (có ?token=…) mà lệnh 'dvht giao-dien' in ra"
_CHOOSE = "Hãy chọn thư mục chứa các tệp các phòng gửi cho kỳ này (ví dụ D:\\DVHT\\thang-11)."


def _web(id_: str, template: str, advice: str = "") -> MessageType:
    return MessageType(id_, "web-refused", template, advice, whole_file=True)


def _title(id_: str, template: str) -> MessageType:
    """The title of a page the guard answers with (web/security.py), above its sentence."""
    return MessageType(id_, "web-refused", template, whole_file=True, title=True)


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
    # ---- refusals of a request (web/common.py, app.py, routes_*.py, server.py, jobs.py)
    _web("web-too-many-files", "Mỗi lần tải lên tối đa {limit} tệp.", _SPLIT),
    _web("web-unreadable-form", "Dữ liệu gửi lên không đọc được ({detail}).", "Hãy tải lại trang rồi làm lại."),
    _web("web-session-expired", "Phiên làm việc đã hết hạn hoặc yêu cầu không đến từ trang của ứng dụng.",
         "Hãy tải lại trang."),
    _web("web-no-page", "Không có trang này."),
    _web("web-bad-method", "Thao tác không hợp lệ."),
    _web("web-port-taken", "Cổng {port} đang được một chương trình khác dùng (có thể ứng dụng đã mở sẵn).",
         "Hãy dùng cổng khác, ví dụ --port {other}."),
    _web("web-run-busy", "Đang tổng hợp kỳ {period}.", "Hãy đợi lần chạy đó xong."),
    _web("web-result-unreadable", "Không đọc được '{path}' ({error}).",
         "Hãy bấm \"Tổng hợp\" để lập lại kết quả."),
    _web("web-no-input-yet", "Chưa có tệp nào cho kỳ này (thư mục '{folder}' chưa có).", "Hãy tải tệp lên trước."),
    _web("web-upload-not-written", "Không ghi được vào '{folder}': {reason}."),
    # what the board says after an upload
    MessageType("web-upload-saved", "web-upload", "Đã lưu {count} tệp vào '{folder}'.", whole_file=True),
    MessageType("web-upload-existing", "web-upload", "Đã có sẵn tệp '{name}' (cùng nội dung, không lưu lại).",
                whole_file=True),
    _web("web-no-such-file", "Không có tệp này."),
    _web("web-not-in-output", "Không có tệp này trong thư mục kết quả."),
    _web("web-not-a-period-output", "Chỉ tải được các tệp kết quả của một kỳ."),
    _web("web-no-result-yet", "Kỳ này chưa có kết quả.", "Hãy bấm \"Tổng hợp\" trước."),
    _web("web-bad-plan-year", "Năm không hợp lệ.", "Hãy ghi năm của kế hoạch, ví dụ 2026."),
    _web("web-unknown-department", "Không có phòng mã '{code}' trong cấu hình."),
    _web("web-mail-kind-missing", "Chưa chọn loại thư.", "Hãy chọn loại thư."),
    _web("web-mail-password-missing", "Chưa ghi mật khẩu hộp thư.", "Hãy ghi mật khẩu hộp thư để gửi."),
    _web("web-mailbox-missing", "Chưa ghi đủ máy chủ thư, tên đăng nhập và mật khẩu.",
         "Hãy ghi máy chủ thư, tên đăng nhập và mật khẩu."),
    _web("web-bad-imap-port", "Cổng IMAP phải là một số, thường là 993."),
    # ---- the guard in front of every request (web/security.py): a title, then the sentence
    _title("guard-too-large-title", "Dữ liệu gửi lên quá lớn"),
    _web("guard-too-large", "Mỗi lần tải lên tối đa {limit} MB.", _SPLIT),
    _title("guard-bad-host-title", "Địa chỉ không hợp lệ"),
    _web("guard-bad-host", "Ứng dụng chỉ mở được tại địa chỉ lệnh 'dvht giao-dien' in ra (http://127.0.0.1:…)."),
    _title("guard-bad-token-title", "Mã truy cập không đúng"),
    _web("guard-bad-token", _OPEN_WITH_THE_LINK + "."),
    _title("guard-no-token-title", "Chưa được phép truy cập"),
    _web("guard-no-token", _OPEN_WITH_THE_LINK + ", hoặc chạy lại lệnh đó."),
    _title("guard-cross-site-title", "Yêu cầu bị từ chối"),
    _web("guard-cross-site", "Yêu cầu không đến từ trang của ứng dụng (có thể từ một trang web khác): không thực hiện."),
    _title("guard-no-length-title", "Thiếu độ dài dữ liệu"),
    _web("guard-no-length", "Trình duyệt phải cho biết độ dài dữ liệu gửi lên."),
)
