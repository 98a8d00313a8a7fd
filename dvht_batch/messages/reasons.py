"""Why a file is `ignored` (not a submission): the reasons listed on the console, in tong_hop.xlsx and in
the BÁO CÁO (docs/hop-dong.md §5). Rendered with `messages.render(id, **fields)` into `ignored_reason`."""
from __future__ import annotations

from dvht_batch.messages.kinds import MessageType
from dvht_batch.models import Severity


def _reason(id_: str, template: str) -> MessageType:
    return MessageType(id_, "ignored", template, "", Severity.WARNING)


TYPES = (
    _reason("ignored-not-a-spreadsheet", "không phải bảng tính ({formats})"),
    _reason("ignored-office-lock", "tệp khóa tạm của Excel/Word (có khi bảng tính đang mở hoặc chưa được đóng đúng "
                                   "cách), không phải bài nộp"),
    _reason("ignored-other-period", "tệp gửi qua thư cho kỳ {period}, không phải kỳ đang tổng hợp"),
    _reason("ignored-message-too-large", "thư quá lớn ({size} MB; tối đa {limit} MB), không đọc"),
    _reason("ignored-message-unreadable", "thư không đọc được ({error})"),
    _reason("ignored-no-workbook", "thư không có tệp Excel hay bảng tính đính kèm (.xlsx, .xlsm, .xls, .ods){others}"),
    _reason("ignored-own-output", "do dvht ghi ({what}), không đọc lại làm bài nộp; thư mục kết quả (--out) nên "
                                  "đặt ngoài thư mục dữ liệu"),
    # a file of the same department (or the unit's) for which a newer one is used (assess.aggregate.settle_statuses)
    _reason("superseded-by-newer", "đã có bản mới hơn: {newer}; bản này không được tính"),
    _reason("ignored-winmail-without-workbook", "winmail.dat không chứa bảng tính; bên trong: {names}"),
)
