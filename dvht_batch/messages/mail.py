"""Messages of `dvht nhan-thu` (mail/fetch.py, mail/bounded_imap.py): the mailbox that cannot be reached or
opened (certificate, connection, login, folder), and the mail server that misbehaves mid-way: slow, silent,
cut off, or answering outside the IMAP protocol. Each of the latter says what was kept: messages are saved
whole or not at all, and the ones saved are remembered, so running the command again fetches the rest."""
from __future__ import annotations

from dvht_batch.messages.kinds import MessageType

_KEPT = ("Các thư đã nhận xong ({saved} thư) được giữ lại; không thư nào bị lưu dở. Hãy chạy lại lệnh để nhận "
         "tiếp.")


def _reach(id_: str, template: str, advice: str = "") -> MessageType:
    return MessageType(id_, "mail-unreachable", template, advice, whole_file=True)


def _why(id_: str, template: str) -> MessageType:
    return MessageType(id_, "mail-unreachable", template, phrase=True)


def _mail(id_: str, template: str) -> MessageType:
    return MessageType(id_, "mail-server", template, _KEPT, whole_file=True)


TYPES = (
    _mail("mail-deadline", "Máy chủ thư {host} trả lời quá chậm: lần nhận thư này đã quá {seconds} giây nên đã "
                           "dừng."),
    _mail("mail-timeout", "Máy chủ thư {host} không trả lời trong {seconds} giây nên đã dừng."),
    _mail("mail-cut-off", "Máy chủ thư {host} ngắt kết nối giữa chừng."),
    _mail("mail-protocol", "Máy chủ thư {host} trả lời không đúng giao thức IMAP ({what})."),
    # ---- before any message is fetched: nothing was saved
    _reach("imap-certificate", "Chứng chỉ TLS của máy chủ thư {host} không hợp lệ ({reason}).",
           "Nếu máy chủ nội bộ dùng chứng chỉ riêng, chỉ ra tệp chứng chỉ bằng --cafile."),
    _reach("imap-no-connection", "Không kết nối được máy chủ thư {host}:{port} qua TLS ({reason}).",
           "Hãy kiểm tra tên máy chủ, cổng (thường là 993) và kết nối mạng."),
    _reach("imap-login-failed", "Đăng nhập hộp thư '{user}' không thành công.",
           "Hãy kiểm tra tên đăng nhập và mật khẩu (biến môi trường DVHT_IMAP_PASSWORD, hoặc ô mật khẩu trên trang "
           "Hộp thư)."),
    _reach("imap-no-folder", "Không mở được thư mục '{folder}' của hộp thư.",
           "Hãy kiểm tra tên thư mục (thường là INBOX)."),
    _reach("imap-no-search", "Máy chủ thư không trả lời lệnh tìm thư (SEARCH); chưa thư nào được nhận.",
           "Hãy chạy lại lệnh sau ít phút; nếu vẫn vậy, báo cho người quản trị máy chủ thư."),
    # why a connection failed: the {reason} of mail-no-connection (no English words of the system)
    _why("mail-why-silent", "không trả lời trong {seconds} giây"),
    _why("mail-why-unknown-host", "không tìm thấy máy chủ có tên này"),
    _why("mail-why-refused", "máy chủ từ chối kết nối ở cổng này"),
    _why("mail-why-handshake", "không bắt tay TLS/IMAP được với máy chủ"),
    _why("mail-why-cut", "kết nối bị ngắt"),
    # what in the server's answer is outside the protocol: the {what} of mail-protocol
    MessageType("mail-odd-search", "mail-server", "danh sách thư của lệnh SEARCH", phrase=True),
    MessageType("mail-odd-answer", "mail-server", "câu trả lời không đọc được", phrase=True),
)
