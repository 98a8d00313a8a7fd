"""What `dvht gui-thu` says (docs/gui-thu.md): configuration and server messages (catalogue entries), and
the mail it writes to the departments — subjects and bodies (`MAIL`, rendered by `mail_text`)."""
from __future__ import annotations

from dataclasses import dataclass

from dvht_batch.messages.kinds import MessageType

_SET_UP = "Xem cách khai báo [thu_di] trong docs/gui-thu.md."

TYPES = (
    # [thu_di] in dvht.toml (a position such as "thu_di.cc" is in the text: these continue the file's name)
    MessageType("mail-not-an-address", "bad-value",
                "'{key}' phải là địa chỉ thư (ví dụ \"vanphong@stc.gov.vn\") hoặc danh sách địa chỉ."),
    MessageType("mail-bad-deadline", "bad-value",
                "'thu_di.han_nop' = '{given}' không hợp lệ: ghi một ngày trong tháng sau kỳ báo cáo (số 1–28, ví dụ 5) "
                "hoặc một ngày cụ thể \"05/12/2025\"."),
    MessageType("mail-bad-seconds", "bad-value", "'{key}' = {given} giây nằm ngoài khoảng {low}–{high} giây."),
    MessageType("mail-bad-port", "bad-value",
                "'thu_di.cong' = {given} không phải cổng hợp lệ (thường là 587 với starttls, 465 với ssl)."),
    MessageType("mail-ca-file-missing", "bad-value", "'thu_di.tep_ca': không tìm thấy tệp chứng chỉ '{path}'."),
    # refusals and faults (whole sentences)
    MessageType("mail-no-settings", "mail-not-set-up",
                "Tệp cấu hình '{path}' chưa có bảng [thu_di] (ít nhất 'dia_chi_gui', địa chỉ thư của Văn phòng).",
                _SET_UP, whole_file=True),
    MessageType("mail-server-missing", "mail-not-set-up",
                "Để gửi thư (--gui), bảng [thu_di] của tệp cấu hình '{path}' cần thêm {keys}.", _SET_UP, whole_file=True),
    MessageType("mail-no-run", "mail-no-run",
                "Chưa có kết quả tổng hợp kỳ {period} trong '{folder}' (không có {name}): thư loại '{kind}' dựa vào lần "
                "tổng hợp gần nhất.", "Hãy chạy 'dvht run … --period {period} --out {folder}' trước.", whole_file=True),
    MessageType("mail-run-unreadable", "mail-no-run",
                "Không đọc được kết quả tổng hợp '{path}' ({reason}).",
                "Hãy chạy lại 'dvht run' cho kỳ này.", whole_file=True),
    MessageType("mail-connect-failed", "mail-server",
                "Không kết nối được máy chủ thư {server}:{port} ({reason}).",
                "Hãy kiểm tra 'may_chu', 'cong', 'bao_mat' trong [thu_di] và kết nối mạng; chưa thư nào được gửi.",
                whole_file=True),
    MessageType("mail-certificate", "mail-server",
                "Chứng chỉ TLS của máy chủ thư {server} không hợp lệ ({reason}).",
                "Nếu máy chủ nội bộ dùng chứng chỉ riêng, khai báo tệp chứng chỉ bằng 'tep_ca' trong [thu_di]; chưa "
                "thư nào được gửi.", whole_file=True),
    MessageType("mail-no-starttls", "mail-server",
                "Máy chủ thư {server}:{port} không hỗ trợ STARTTLS: mật khẩu sẽ đi không mã hóa nên không gửi.",
                "Hãy dùng bao_mat = \"ssl\" với cổng 465, hoặc hỏi quản trị thư cổng đúng.", whole_file=True),
    MessageType("mail-login-failed", "mail-login",
                "Máy chủ thư {server} không chấp nhận đăng nhập của '{account}' ({reason}).",
                "Hãy kiểm tra tài khoản và mật khẩu (Gmail, Outlook.com cần \"mật khẩu ứng dụng\", xem docs/gui-thu.md); "
                "chưa thư nào được gửi.", whole_file=True),
    MessageType("mail-interrupted", "mail-server",
                "Máy chủ thư {server} ngắt giữa chừng ({reason}): đã gửi {sent} thư.",
                "Chạy lại đúng lệnh này để gửi tiếp: thư đã gửi không bị gửi lại.", whole_file=True),
    MessageType("mail-attachment-missing", "mail-attachment",
                "Không tìm thấy tệp đính kèm '{path}' cho thư gửi {department}.",
                "Hãy chạy lại 'dvht run' cho kỳ này để lập lại tệp đó.", whole_file=True),
    MessageType("mail-all-recipients-refused", "mail-refused", "mọi người nhận bị từ chối", phrase=True),
    MessageType("mail-some-refused", "mail-refused",
                "Máy chủ thư đã từ chối {count} thư (toàn bộ hoặc một số người nhận): xem danh sách trên.",
                "Hãy sửa địa chỉ trong dvht.toml rồi gửi lại bằng --gui-lai --phong <mã phòng>.", whole_file=True),
)


@dataclass(frozen=True)
class MailText:
    """A kind of mail: its subject and body templates (`{field}` placeholders)."""

    id: str
    subject: str
    body: str


_CLOSING = "\n\nTrân trọng./.\n\n{signature}\n"
_REPLY = "bằng cách trả lời thư này (đính kèm tệp Excel .xlsx; không đổi tên, không xóa trang tính hay dòng tiêu đề)"

_TEXTS = (
    MailText("mau", "{unit_code} - Mẫu bảng tính \"Đơn vị học tập\" {period_label} - {department}",
             "Kính gửi: {department}.\n\n"
             "{unit_name} gửi {department} mẫu bảng tính \"Đơn vị học tập\" {period_label} (tệp đính kèm "
             "{attachment}){prefilled}.\n\n"
             "Đề nghị {department} điền đầy đủ trang Thong_tin và trang Thanh_vien, rồi gửi lại tệp {deadline} " + _REPLY
             + "." + _CLOSING),
    MailText("nhac-missing", "{unit_code} - Nhắc gửi bảng tính \"Đơn vị học tập\" {period_label} - {department}",
             "Kính gửi: {department}.\n\n"
             "Đến {checked}, {unit_name} chưa nhận được bảng tính \"Đơn vị học tập\" {period_label} của {department}.\n\n"
             "Đề nghị {department} gửi tệp {deadline} " + _REPLY + ". Nếu phòng đã gửi, xin gửi lại và cho biết "
             "ngày đã gửi." + _CLOSING),
    MailText("nhac-rejected", "{unit_code} - Nhắc gửi lại bảng tính \"Đơn vị học tập\" {period_label} - {department}",
             "Kính gửi: {department}.\n\n"
             "{unit_name} đã nhận tệp \"{file}\" của {department} nhưng đến {checked} tệp này chưa dùng được để tổng "
             "hợp {period_label}, vì còn {errors} lỗi (chi tiết trong thư phản hồi và bảng tính đánh dấu các ô cần "
             "sửa).\n\n"
             "Đề nghị {department} sửa các lỗi đó và gửi lại tệp {deadline} " + _REPLY + "." + _CLOSING),
    MailText("phan-hoi", "{unit_code} - Phản hồi bảng tính \"Đơn vị học tập\" {period_label} - {department}: cần sửa "
                         "{errors} lỗi",
             "Kính gửi: {department}.\n\n"
             "{unit_name} đã nhận tệp \"{file}\" của {department} nhưng chưa dùng được tệp này để tổng hợp "
             "{period_label}, vì có {errors} lỗi sau:\n\n{error_list}\n\n"
             "Bảng tính đính kèm ({attachment}) là bản sao tệp của phòng: các ô cần sửa được tô màu đỏ, trang đầu "
             "liệt kê mọi lỗi. Đề nghị {department} sửa các ô đó (trong tệp của phòng hoặc trong bản đính kèm), rồi gửi "
             "lại tệp {deadline} " + _REPLY + "." + _CLOSING),
    MailText("ket-qua", "{unit_code} - Kết quả \"Đơn vị học tập\" {period_label} - {department}",
             "Kính gửi: {department}.\n\n"
             "{unit_name} gửi {department} báo cáo kết quả đánh giá \"Đơn vị học tập\" {period_label} của phòng (tệp "
             "đính kèm {attachment}), tổng hợp lúc {checked}." + _CLOSING),
)
MAIL: dict[str, MailText] = {t.id: t for t in _TEXTS}


def mail_text(text_id: str, **fields: object) -> tuple[str, str]:
    """(subject, body) of a kind of mail, its fields filled in."""
    text = MAIL[text_id]
    return text.subject.format(**fields), text.body.format(**fields)
