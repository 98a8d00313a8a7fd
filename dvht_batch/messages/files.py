"""Messages about a whole input file (cannot be read, refused by the safety checks, legacy encodings, an
implausible date) and about the Thong_tin sheet (docs/hop-dong.md §2)."""
from __future__ import annotations

from dvht_batch.messages.kinds import RECREATE_FROM_FORM, RESAVE_AS_XLSX, USE_EVERY_SHEET, MessageType
from dvht_batch.models import Severity

PERIOD_ADVICE = ("Hãy ghi MM/YYYY cho kỳ tháng (ví dụ 11/2025, nên định dạng ô là Văn bản) hoặc YYYY cho kỳ năm "
                 "(ví dụ 2025).")
_TITLE_ADVICE = "Hãy ghi một trong: {allowed}."
_CHECK_THE_FILE = "Hãy kiểm tra đúng tệp, xóa ảnh hoặc trang thừa rồi gửi lại."


def _file(id_: str, code: str, template: str, advice: str = "", severity: Severity = Severity.ERROR) -> MessageType:
    return MessageType(id_, code, template, advice, severity, whole_file=True)


TYPES = (
    # ---- inputs the machine does not let us read (intake/unreadable.py)
    _file("unreadable-file", "unreadable-file", "Không đọc được tệp: {reason}.",
          "Hãy kiểm tra quyền truy cập của tệp (hoặc đóng chương trình đang giữ tệp) rồi chạy lại; nếu cần, nhờ phòng "
          "gửi lại tệp."),
    _file("not-a-regular-file", "not-a-regular-file", "Không dùng được: mục này {reason}.",
          "Hãy đặt vào thư mục dữ liệu chính tệp Excel (bản sao thật, không phải đường dẫn tắt) rồi chạy lại; nếu "
          "cần, nhờ phòng gửi lại tệp."),
    _file("unreadable-folder", "unreadable-folder",
          "Không đọc được thư mục con '{folder}': {reason}. Các tệp trong thư mục này chưa được đọc.",
          "Hãy kiểm tra quyền truy cập rồi chạy lại."),
    # ---- e-mail (intake/mailbox.py, intake/reading.py)
    _file("attachment-too-large", "file-too-large",
          "Tệp đính kèm quá lớn (tối đa {limit} MB) so với một bảng kê thành viên.", _CHECK_THE_FILE),
    _file("message-too-large", "message-too-large", "Thư quá lớn ({size} MB), không được đọc.",
          "Hãy lưu riêng tệp Excel đính kèm vào thư mục dữ liệu.", Severity.WARNING),
    _file("bad-tnef", "bad-tnef",
          "Tệp winmail.dat không giải nén được (không phải định dạng TNEF của Outlook, hoặc bị hỏng khi gửi): không "
          "lấy được tệp Excel bên trong.",
          "Hãy đề nghị phòng gửi lại, trong Outlook chọn định dạng thư HTML hoặc Văn bản thuần (Format Text › HTML) "
          "trước khi đính kèm tệp."),
    # ---- files uploaded through the web page, refused before they are stored (intake/inbox.py)
    _file("upload-no-name", "upload-refused", "Một tệp gửi lên không có tên: hãy chọn lại tệp."),
    _file("upload-bad-name", "upload-refused",
          "Tên tệp '{name}' không dùng được: hãy đổi tên tệp (ví dụ theo mã phòng) rồi tải lên lại."),
    _file("upload-lock-file", "upload-refused",
          "'{name}' là tệp khóa tạm Excel tạo ra khi một tệp đang mở, không phải bảng tính: hãy tải lên chính tệp "
          "Excel (tên không có '~$')."),
    _file("upload-not-submission", "upload-refused",
          "'{name}' không phải tệp các phòng gửi (tệp ẩn, tệp hệ thống hoặc tệp cấu hình)."),
    _file("upload-not-spreadsheet", "upload-refused",
          "'{name}' không phải bảng tính Excel hoặc LibreOffice ({formats}) hay thư đã lưu (.eml, .mbox): tệp không "
          "được lưu."),
    _file("upload-too-large", "upload-refused", "'{name}' quá lớn (tối đa {limit}): hãy kiểm tra đã chọn đúng tệp chưa."),
    _file("upload-message-without-workbook", "upload-refused", "'{name}': {reason}; thư không được lưu."),
    # ---- formats the tool does not read (intake/formats.py)
    _file("csv-not-accepted", "csv-not-accepted",
          "Tệp {suffix} (kể cả dạng \"CSV UTF-8\") chỉ giữ được một trang tính và mất định dạng, trong khi biểu mẫu "
          "có ba trang (Thong_tin: mã phòng, kỳ báo cáo; Thanh_vien: danh sách thành viên; Huong_dan): không biết "
          "được tệp của phòng nào, kỳ nào nên không dùng được.",
          "Hãy nhập số liệu vào biểu mẫu Văn phòng gửi và lưu nguyên biểu mẫu. " + RESAVE_AS_XLSX),
    _file("unsupported-format", "unsupported-format",
          "Tệp dạng {suffix} không đọc được: công cụ chỉ đọc {formats}.",
          "Hãy mở tệp và lưu lại đúng biểu mẫu. " + RESAVE_AS_XLSX),
    # ---- reading the workbook (intake/workbook.py)
    _file("internal-error", "internal-error", "Lỗi không mong đợi khi đọc tệp ({error}). Tệp chưa được đọc.",
          RESAVE_AS_XLSX + " Xin báo lỗi này cho người phát triển."),
    _file("file-name-not-utf8", "file-name-not-utf8",
          "Tên tệp có ký tự không đọc được (không phải UTF-8, thường do giải nén bằng chương trình cũ), được ghi là "
          "'{name}'. Tệp vẫn được đọc.", "Hãy đổi tên tệp cho dễ tìm.", Severity.WARNING),
    _file("unreadable", "unreadable", "Excel không đọc được nội dung tệp: tệp bị hỏng ({detail}).", RESAVE_AS_XLSX),
    _file("not-a-template", "not-a-template",
          "Bảng tính không theo biểu mẫu: không có trang \"{info}\" cùng trang \"{members}\" (tệp của phòng) hoặc "
          "\"{criteria}\" (tệp của đơn vị), nên không biết là số liệu của phòng nào, kỳ nào.",
          "Nếu đây là báo cáo của một phòng, hãy nhập số liệu vào biểu mẫu Văn phòng gửi rồi gửi lại."),
    _file("missing-sheet", "missing-sheet", "Tệp thiếu trang \"{name}\" ({what}).", USE_EVERY_SHEET),
    _file("missing-kind-sheet", "missing-sheet",
          "Tệp có trang \"{info}\" nhưng thiếu trang \"{members}\" (tệp của phòng) hoặc \"{criteria}\" (tệp của đơn vị).",
          USE_EVERY_SHEET),
    MessageType("sheet-too-large", "sheet-too-large",
                "trang có dữ liệu tới ô {last} ({rows} dòng × {cols} cột), vượt giới hạn {max_rows} dòng × {max_cols} "
                "cột.", "Hãy xóa các dòng, cột thừa ở cuối trang (chọn chúng, bấm Delete) rồi lưu và gửi lại."),
    # ---- refused by the safety checks before the workbook is opened (intake/safety.py, zip_checks.py, ole.py,
    #      ods_checks.py)
    _file("empty-file", "empty-file", "Tệp rỗng (0 byte): tệp bị lỗi khi gửi hoặc tải về chưa xong.",
          "Hãy gửi lại tệp."),
    _file("file-too-large", "file-too-large", "Tệp quá lớn ({size}; tối đa {limit}) so với một bảng kê thành viên.",
          _CHECK_THE_FILE),
    _file("xlsx-named-xls", "wrong-extension", "Tệp có đuôi .xls nhưng thực chất là tệp .xlsx.",
          "Hãy đổi đuôi tệp thành .xlsx rồi gửi lại."),
    _file("not-an-xls", "not-a-workbook",
          "Tệp không phải tệp Excel .xls thật (có thể là tệp khác bị đổi đuôi, hoặc tải về chưa trọn vẹn).",
          RESAVE_AS_XLSX),
    _file("not-an-ods", "not-a-zip",
          "Tệp không phải bảng tính .ods thật (có thể là tệp khác bị đổi đuôi, hoặc tải về chưa trọn vẹn).",
          RESAVE_AS_XLSX),
    _file("not-an-xlsx", "not-a-zip",
          "Tệp không phải tệp .xlsx thật (có thể là tệp khác bị đổi đuôi, tệp khóa của Excel, hoặc tải về chưa trọn "
          "vẹn).", RESAVE_AS_XLSX),
    _file("zip-not-an-ods", "not-a-workbook",
          "Tệp nén này không phải bảng tính OpenDocument (.ods) (có thể là tệp văn bản, trình chiếu hoặc tệp nén khác "
          "bị đổi đuôi).", RESAVE_AS_XLSX),
    _file("encrypted", "encrypted",
          "Tệp có mật khẩu, hãy bỏ mật khẩu rồi gửi lại (trong Excel: Tệp › Thông tin › Bảo vệ sổ làm việc › Mã hóa "
          "bằng mật khẩu, xóa mật khẩu, lưu lại)."),
    _file("zip-not-a-workbook", "not-a-workbook",
          "Tệp nén này không phải sổ tính Excel (có thể là tệp Word, PowerPoint hoặc tệp nén khác bị đổi đuôi).",
          RESAVE_AS_XLSX),
    _file("zip-too-many-parts", "zip-bomb",
          "Tệp có {count} phần nén bên trong (tối đa {limit}): không phải bảng kê bình thường.", RECREATE_FROM_FORM),
    _file("zip-bomb", "zip-bomb",
          "Tệp bị từ chối vì nghi là \"bom giải nén\" (decompression bomb): phần \"{part}\" bung ra tới {size}. Một "
          "bảng kê thật chỉ vài trăm KB.", RECREATE_FROM_FORM),
    _file("zip-bomb-ratio", "zip-bomb",
          "Tệp bị từ chối vì nghi là \"bom giải nén\" (decompression bomb): phần \"{part}\" bung ra tới {size} từ "
          "{packed} dữ liệu nén. Một bảng kê thật chỉ vài trăm KB.", RECREATE_FROM_FORM),
    _file("corrupt-zip", "corrupt-zip",
          "Tệp bị hỏng hoặc tải về chưa trọn vẹn (cấu trúc nén không đọc được): không phải tệp .xlsx thật.",
          RESAVE_AS_XLSX),
    _file("xml-doctype", "xml-doctype",
          "Tệp bị từ chối vì phần \"{part}\" chứa khai báo DOCTYPE/ENTITY: Excel không tạo ra nội dung này, và nó có "
          "thể được dùng để tấn công máy tính.", RESAVE_AS_XLSX),
    _file("xls-corrupt", "corrupt-file", "Tệp Excel 97–2003 (.xls) bị hỏng, không đọc được.", RESAVE_AS_XLSX),
    _file("ole-not-a-workbook", "not-a-workbook",
          "Tệp không phải sổ tính Excel (có thể là tệp Word hoặc định dạng khác bị đổi đuôi).", RESAVE_AS_XLSX),
    _file("xls-renamed", "not-a-zip",
          "Tệp có đuôi {suffix} nhưng thực chất là tệp Excel 97–2003 (.xls) bị đổi đuôi: không phải tệp .xlsx thật.",
          RESAVE_AS_XLSX),
    # ---- text typed in a legacy encoding, converted (intake/legacy_fonts.py); the finding names the sheet
    MessageType("legacy-encoding", "legacy-encoding",
                "{count} ô được gõ bằng {encodings} ({how}): {cells}. Công cụ đã tự chuyển sang Unicode để đọc, ví dụ "
                "ô {example} đọc thành \"{text}\".",
                "Hãy kiểm tra lại họ tên và nội dung các ô này trong kết quả; lần sau xin gõ bằng bảng mã Unicode với "
                "phông chữ Unicode (Times New Roman, Arial), tiếng Việt có dấu đầy đủ.", Severity.WARNING),
    # ---- "Ngày lập" not believable (assess/created_dates.py)
    MessageType("implausible-date", "implausible-date",
                "ngày lập {day} {problem}, khó là ngày thật; tệp này không được coi là mới hơn các tệp có ngày lập "
                "hợp lý.", "Hãy kiểm tra và sửa ô \"Ngày lập\" (ghi ngày/tháng/năm, ví dụ 05/11/2025).",
                Severity.WARNING),
    MessageType("implausible-date-swapped", "implausible-date",
                "ngày lập {day} {problem}, khó là ngày thật; tệp này không được coi là mới hơn các tệp có ngày lập "
                "hợp lý. Có lẽ ngày và tháng bị đảo (máy tính đặt ngày kiểu tháng/ngày): {swapped} thì hợp lý.",
                "Hãy kiểm tra và sửa ô \"Ngày lập\" (ghi ngày/tháng/năm, ví dụ 05/11/2025).", Severity.WARNING),
    # the {problem} of the two above
    MessageType("implausible-date-after-run", "implausible-date", "ở sau ngày chạy ({today})", phrase=True),
    MessageType("implausible-date-far", "implausible-date", "cách kỳ báo cáo {period} hơn {months} tháng",
                phrase=True),
    # ---- choosing among a department's files (assess/aggregate.py)
    MessageType("wrong-period", "wrong-period", "kỳ báo cáo của tệp là {period} nhưng đang tổng hợp kỳ {wanted}.",
                "Hãy sửa ô \"Kỳ báo cáo\" hoặc gửi tệp đúng kỳ."),
    _file("unreadable-file-beside", "unreadable-file-beside",
          "Không đọc được '{other}' của cùng phòng; đang dùng tệp này.",
          "Nếu '{other}' là bản mới hơn, hãy sửa quyền truy cập rồi chạy lại.", Severity.WARNING),
    _file("newer-file-rejected", "newer-file-rejected",
          "Tệp mới hơn '{other}' bị từ chối vì có lỗi; đang dùng tệp này.",
          "Hãy yêu cầu phòng sửa và gửi lại tệp mới.", Severity.WARNING),
    # ---- the Thong_tin sheet (intake/info_sheet.py)
    MessageType("duplicate-label", "duplicate-label",
                "nhãn \"{label}\" xuất hiện lần nữa (đã có ở dòng {first_row}); dùng giá trị ở dòng {first_row}.",
                "Hãy xóa dòng thừa.", Severity.WARNING),
    MessageType("missing-label", "missing-label", "thiếu dòng \"{label}\".",
                "Hãy ghi nhãn \"{label}\" ở cột A và giá trị ở cột B, như trong biểu mẫu."),
    MessageType("missing-unit-code", "missing-value", "\"{label}\" đang để trống.", "Hãy ghi {unit}."),
    MessageType("missing-department-code", "missing-value", "\"{label}\" đang để trống.",
                "Hãy ghi một trong: {codes}."),
    MessageType("missing-period", "missing-value", "\"{label}\" đang để trống.", PERIOD_ADVICE),
    MessageType("wrong-unit", "wrong-unit", "mã đơn vị {value} không khớp với cấu hình ({unit}).",
                "Hãy ghi {unit}, hoặc kiểm tra tệp có đúng của đơn vị mình không."),
    MessageType("unknown-department", "unknown-department",
                "mã phòng {value} không có trong danh sách phòng của cấu hình.", "Hãy ghi một trong: {known}."),
    MessageType("bad-period", "bad-period", "kỳ báo cáo {value} không hợp lệ.", PERIOD_ADVICE),
    MessageType("bad-period-number", "bad-period",
                "kỳ báo cáo {value} không hợp lệ (tháng phải từ 1 đến 12, năm từ 2000 đến 2100).", PERIOD_ADVICE),
    MessageType("period-from-date", "period-from-date",
                "kỳ báo cáo là một ngày đầy đủ ({date}); đã hiểu là kỳ {period}.", PERIOD_ADVICE, Severity.WARNING),
    MessageType("bad-date", "bad-date", "ngày lập {value} không phải ngày.",
                "Hãy ghi ngày theo dạng ngày/tháng/năm, ví dụ 05/11/2025 (hoặc nhập ô kiểu Ngày của Excel).",
                Severity.WARNING),
    MessageType("individual-title-for-unit", "bad-title", "{value} là danh hiệu cá nhân, không dùng cho tập thể.",
                _TITLE_ADVICE),
    MessageType("bad-collective-title", "bad-title", "danh hiệu tập thể {value} không hợp lệ.", _TITLE_ADVICE),
    MessageType("not-a-collective-title", "not-a-title", "danh hiệu tập thể {value} không hợp lệ ({problem}).",
                _TITLE_ADVICE),
)
