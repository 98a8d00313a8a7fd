"""Messages about the output folder: the clerk's files kept aside when a run replaces OUT/<kỳ>/
(`output.settle`), inputs a run could not archive (`archive`), the folder held by another command
(`output.lock`) or by an open file (`output.period_swap`), and the PDF copies LibreOffice makes
(`writers.docx.pdf`)."""
from __future__ import annotations

from dvht_batch.messages.kinds import MessageType
from dvht_batch.models import Severity

_RUN_AGAIN = "Hãy chạy lại để tổng hợp và lưu bản hiện có của tệp."
_INSTALL_LIBREOFFICE = ("Cài LibreOffice rồi chạy lại (hoặc bỏ tùy chọn --pdf): trên Windows tải bộ cài tại "
                        "https://www.libreoffice.org/download/; trên Debian/Ubuntu cài bằng 'sudo apt-get install "
                        "--no-install-recommends libreoffice-writer-nogui fonts-liberation2'.")


def _refusal(id_: str, code: str, template: str, advice: str = "") -> MessageType:
    return MessageType(id_, code, template, advice, whole_file=True)


def _note(id_: str, code: str, template: str, advice: str = "", severity: Severity = Severity.WARNING) -> MessageType:
    return MessageType(id_, code, template, advice, severity, whole_file=True)


TYPES = (
    # ---- why an input used by the run has no copy in luu_tru/ (archive.py): phrases of "not-archived-line"
    MessageType("archive-changed", "not-archived",
                "tệp đã thay đổi sau khi được đọc, bản đã dùng để tổng hợp không còn để lưu", phrase=True),
    MessageType("archive-gone", "not-archived", "tệp đã bị xóa hoặc chuyển đi trong khi chạy", phrase=True),
    MessageType("archive-unreadable", "not-archived", "không đọc lại được tệp để lưu ({detail})", phrase=True),
    MessageType("archive-not-read", "not-archived", "tệp không được đọc trọn (quá lớn) nên không có bản để lưu",
                phrase=True),
    # ---- the run's console and the web page (period_outputs.output_notes, output.recovery.notes)
    _note("not-archived-line", "not-archived", "Chưa lưu được vào luu_tru/ tệp {path}: {reason}.", _RUN_AGAIN),
    _note("set-aside-line", "set-aside",
          "Giữ lại tệp của Văn phòng (đã sửa hoặc thêm sau lần chạy trước): {original} → {kept}."),
    _note("set-aside-pending", "set-aside",
          "Còn tệp của lần chạy trước chưa chuyển được (đang mở trong chương trình khác?): tệp vẫn ở '{folder}', "
          "lệnh dvht sau sẽ chuyển tiếp.", "Hãy đóng tệp đó; không xóa thư mục này."),
    # ---- a run killed during its swap, settled by the next command (output/recovery.py: console and web page)
    _note("swap-finished", "swap-settled",
          "Lần chạy {run_id} của kỳ {period} đã bị dừng giữa chừng sau khi đã ghi vào sổ lịch sử: đã đặt xong kết "
          "quả của lần chạy đó vào '{folder}'."),
    _note("swap-put-back", "swap-settled",
          "Lần chạy {run_id} của kỳ {period} đã bị dừng giữa chừng trước khi ghi vào sổ lịch sử: đã trả thư mục "
          "'{folder}' về như trước lần chạy đó.", "Kết quả của lần chạy bị dừng không được lưu: hãy chạy lại."),
    _note("leftovers-removed", "swap-settled",
          "Đã dọn {count} tệp/thư mục tạm do một lần chạy bị ngắt trước đó để lại."),
    # ---- the output folder held (output/lock.py, output/period_swap.py)
    _refusal("output-busy", "output-busy", "Thư mục kết quả '{folder}' đang được dùng bởi {holder}. Đã chờ {seconds} giây.",
             "Hai lệnh không thể cùng ghi vào một thư mục kết quả: hãy đợi lệnh kia chạy xong rồi chạy lại."),
    MessageType("busy-holder", "output-busy",
                "lệnh «dvht {command}» trên máy {host}, tiến trình số {pid}, bắt đầu lúc {started}", phrase=True),
    MessageType("busy-holder-unknown", "output-busy", "một lệnh dvht khác (chưa đọc được thông tin về lệnh đó)",
                phrase=True),
    MessageType("busy-time-unknown", "output-busy", "không rõ", phrase=True),
    _refusal("period-folder-in-use", "output-locked",
             "Không thay được thư mục '{folder}': một tệp trong đó đang mở (Excel, Word, trình đọc PDF) hoặc một cửa "
             "sổ khác đang dùng thư mục này.", "Hãy đóng tệp đó rồi chạy lại."),
    # ---- PDF copies of the Word documents (writers/docx/pdf.py)
    _refusal("pdf-no-libreoffice", "pdf-failed", "Chưa cài LibreOffice nên không xuất được PDF.", _INSTALL_LIBREOFFICE),
    _refusal("pdf-same-name", "pdf-failed",
             "Hai tệp cùng tên '{name}' ('{first}' và '{second}') sẽ ghi đè lên nhau khi xuất PDF vào cùng một thư "
             "mục."),
    _refusal("pdf-no-document", "pdf-failed", "Không tìm thấy tệp '{path}' để xuất PDF."),
    _refusal("pdf-target-open", "pdf-failed", "Không ghi được tệp '{path}': tệp đang mở (ví dụ trong trình đọc PDF).",
             "Hãy đóng tệp rồi chạy lại ({reason})."),
    _refusal("pdf-timeout", "pdf-failed", "LibreOffice chưa chuyển xong {count} văn bản sang PDF sau {seconds} giây.",
             "Hãy đóng các cửa sổ LibreOffice đang mở rồi chạy lại."),
    _refusal("pdf-not-started", "pdf-failed", "Không chạy được LibreOffice ('{program}'): {reason}.",
             _INSTALL_LIBREOFFICE),
    _refusal("pdf-not-made", "pdf-failed",
             "LibreOffice không tạo được {count} tệp PDF (ví dụ '{name}'), mã thoát {status}{detail}."),
    # ---- a file of the output that cannot be replaced (writers/atomic.py)
    _refusal("file-locked", "output-locked",
             "Không ghi được tệp '{path}': tệp đang mở trong Excel hoặc Word (hoặc không có quyền ghi).",
             "Hãy đóng tệp đó rồi chạy lại."),
)
