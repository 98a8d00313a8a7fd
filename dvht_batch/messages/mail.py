"""Messages of `dvht nhan-thu` when the mail server misbehaves (mail/fetch.py, mail/bounded_imap.py): slow,
silent, cut off, or answering outside the IMAP protocol. Each says what was kept: messages are saved whole
or not at all, and the ones saved are remembered, so running the command again fetches the rest."""
from __future__ import annotations

from dvht_batch.messages.kinds import MessageType

_KEPT = ("Các thư đã nhận xong ({saved} thư) được giữ lại; không thư nào bị lưu dở. Hãy chạy lại lệnh để nhận "
         "tiếp.")


def _mail(id_: str, template: str) -> MessageType:
    return MessageType(id_, "mail-server", template, _KEPT, whole_file=True)


TYPES = (
    _mail("mail-deadline", "Máy chủ thư {host} trả lời quá chậm: lần nhận thư này đã quá {seconds} giây nên đã "
                           "dừng."),
    _mail("mail-timeout", "Máy chủ thư {host} không trả lời trong {seconds} giây nên đã dừng."),
    _mail("mail-cut-off", "Máy chủ thư {host} ngắt kết nối giữa chừng."),
    _mail("mail-protocol", "Máy chủ thư {host} trả lời không đúng giao thức IMAP ({what})."),
)
