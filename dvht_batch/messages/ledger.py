"""Messages about the ledger OUT/dvht.sqlite (`dvht_batch.ledger.schema`): a fault of the machine or of the
file, said with what to do; the results of earlier runs are never lost. And the decision `dvht cong-nhan`
records (ledger/recognition.py): each problem placed at its option (`--ngay: …`)."""
from __future__ import annotations

from dvht_batch.messages.kinds import MessageType
from dvht_batch.models import Severity


def _ledger(id_: str, template: str, advice: str = "") -> MessageType:
    return MessageType(id_, id_, template, advice, whole_file=True)


TYPES = (
    _ledger("ledger-locked", "Sổ lịch sử '{path}' đang được một lần chạy dvht khác ghi (đã chờ {seconds} giây).",
            "Hãy đợi lần chạy đó xong rồi chạy lại lệnh."),
    _ledger("ledger-damaged", "Tệp lịch sử '{path}' bị hỏng ({error}).",
            "Hãy đổi tên tệp đó (giữ lại để kiểm tra) rồi chạy lại: một sổ mới sẽ được tạo; các bản lưu trong "
            "luu_tru/ vẫn còn."),
    _ledger("ledger-disk-full", "Ổ đĩa chứa sổ lịch sử '{path}' đã đầy (hoặc không ghi được): sổ không thay đổi, "
            "kết quả các lần chạy trước vẫn giữ nguyên.", "Hãy giải phóng dung lượng ổ đĩa rồi chạy lại lệnh."),
    _ledger("ledger-read-only", "Không có quyền ghi sổ lịch sử '{path}' (thư mục hoặc tệp chỉ đọc).",
            "Hãy chọn thư mục kết quả mà tài khoản này được ghi, hoặc nhờ quản trị máy cấp quyền."),
    _ledger("ledger-other", "Không ghi/đọc được sổ lịch sử '{path}' (SQLite: {error})."),
    _ledger("ledger-newer", "Sổ lịch sử '{path}' do một phiên bản dvht mới hơn ghi (phiên bản sổ {found}, phiên bản "
            "này đọc đến {known}): sổ không bị thay đổi.",
            "Hãy dùng phiên bản dvht mới nhất cho thư mục kết quả này."),
    # ---- a recognition decision given on the command line (dvht cong-nhan, dvht tinh ghi-quyet-dinh)
    MessageType("decision-not-recorded", "bad-decision", "Không ghi được quyết định công nhận:", heading=True,
                whole_file=True),
    MessageType("decision-no-number", "bad-decision", "thiếu số quyết định, ví dụ --so 125/QĐ-UBND."),
    MessageType("decision-not-a-date", "bad-decision", "không phải ngày; ghi ngày/tháng/năm, ví dụ --ngay 15/3/2024."),
    MessageType("decision-in-future", "bad-decision", "ngày quyết định ở sau hôm nay ({today})."),
    MessageType("decision-implausible", "bad-decision",
                "nằm ngoài khoảng ngày hợp lý ({why}); kiểm tra lại năm."),
    MessageType("decision-bad-level", "bad-decision", "chỉ có Mức độ 1 hoặc 2."),
    MessageType("decision-no-authority", "bad-decision",
                "thiếu người/cơ quan ra quyết định, ví dụ --co-quan \"Chủ tịch Ủy ban nhân dân tỉnh Quảng Ngãi\"."),
    # ---- what dvht cong-nhan did
    MessageType("decision-recorded", "decision", "Đã ghi: Mức độ {level} — {citation}.", whole_file=True),
    MessageType("decision-updated", "decision", "Đã cập nhật: Mức độ {level} — {citation}.", whole_file=True),
    MessageType("decision-removed", "decision", "Đã xóa {count} quyết định số {number}.", whole_file=True),
    MessageType("decision-not-found", "decision", "Không có quyết định số {number}.",
                "Hãy xem danh sách các quyết định đã ghi bên dưới.", whole_file=True),
    # ---- the unit's standing on a day (ledger/recognition.py: standing_text, for reports and the console)
    MessageType("standing-current", "standing",
                "{who} đang được công nhận “Đơn vị học tập” mức độ {level} ({citation}), có giá trị đến hết ngày "
                "{until}{level_2}.", whole_file=True),  # level_2: "; " + standing-level-2-from, or nothing
    MessageType("standing-level-2-from", "standing", "được đề nghị công nhận mức độ 2 từ ngày {day}", phrase=True),
    MessageType("standing-lapsed", "standing",
                "Quyết định công nhận mức độ {level} gần nhất ({citation}) đã hết giá trị từ ngày {day}.",
                whole_file=True),
    MessageType("standing-none", "standing",
                "Chưa có quyết định công nhận “Đơn vị học tập” nào được ghi (lệnh dvht cong-nhan).", whole_file=True),
    MessageType("standing-none-in-register", "standing", "Chưa có quyết định công nhận nào trong sổ đăng ký.",
                whole_file=True),
    MessageType("level-2-too-early", "level-2-too-early",
                "Lưu ý: quyết định Mức độ 2 ngày {day} có trước ngày {allowed} (12 tháng sau quyết định Mức độ 1 "
                "{number}).", "Hãy kiểm tra lại ngày đã ghi.", Severity.WARNING, whole_file=True),
)
