"""Messages of the province's side (`dvht tinh …`, docs/tinh.md): tinh.toml, the units' summary tables
and the appraisal workbook. Positions (sheet!cell, a key's place) are put in front by `Findings`."""
from __future__ import annotations

from dvht_batch.messages.kinds import MessageType
from dvht_batch.models import Severity

_HELD = "Đơn vị đang được công nhận mức độ {level} ({citation}), còn giá trị đến hết ngày {until}"


def _check(id_: str, template: str) -> MessageType:
    return MessageType(id_, "dossier-check", template, whole_file=True)


def _note(id_: str, template: str) -> MessageType:
    return MessageType(id_, "dossier-file", template, phrase=True)

TYPES = (
    # ---- tinh.toml
    MessageType("province-config-not-found", "config-not-found",
                "Không tìm thấy tệp cấu hình '{path}' của Sở (tinh.toml). Dùng --config để chỉ đường dẫn.",
                whole_file=True),
    MessageType("province-year-out-of-range", "bad-value",
                "'danh_gia.nam' = {given}: năm của số liệu phải trong khoảng 2024–2100 (Thông tư 24/2023 có hiệu "
                "lực từ 26/01/2024)."),
    MessageType("province-not-levels", "bad-value",
                "'danh_gia.bo_tieu_chi' = '{given}' là bộ tiêu chí chấm điểm: việc thẩm định, công nhận theo mức độ "
                "cần bộ tiêu chí theo mức độ (ví dụ tt24-2023)."),
    # ---- a unit's summary table
    MessageType("table-no-unit", "no-unit",
                "không ghi tên đơn vị: không xác định được đơn vị của bảng.",
                "Đơn vị ghi tên ở ô này rồi gửi lại; Sở không tự đoán đơn vị."),
    MessageType("table-no-year", "no-year",
                "không đọc được năm của số liệu ({value}).", "Ghi năm, ví dụ 2025."),
    MessageType("table-other-year", "other-year",
                "bảng là của năm {found}, Sở đang thẩm định năm {year}.", severity=Severity.ERROR),
    MessageType("table-no-header", "no-header",
                "không tìm thấy dòng tiêu đề (Mã, Tiêu chí, chỉ tiêu, …, {levels}) trong {rows} dòng đầu.",
                "Dùng đúng bảng tổng hợp do phần mềm lập, hoặc mẫu của Sở (dvht tinh mau-ho-so)."),
    MessageType("table-newer-layout", "newer-layout",
                "bảng ghi bố cục phiên bản {found}, phần mềm này đọc đến phiên bản {known}.",
                "Cập nhật phần mềm dvht của Sở."),
    MessageType("table-unknown-code", "unknown-code",
                "chỉ tiêu '{value}' không có trong bộ tiêu chí {rule_set}: không được xét.", severity=Severity.WARNING),
    MessageType("table-missing-code", "missing-code",
                "thiếu chỉ tiêu {code} ({text}) của bộ tiêu chí {rule_set}.", severity=Severity.WARNING),
    MessageType("table-bad-verdict", "bad-value",
                "kết quả {value} của chỉ tiêu {code} ở {level} không hợp lệ.", "Ghi Đạt, Không đạt hoặc Không áp dụng."),
    MessageType("table-bad-count", "bad-value",
                "{what} của chỉ tiêu {code} là {value}, không phải số nguyên không âm."),
    MessageType("table-bad-ratio", "bad-value",
                "tỷ lệ của chỉ tiêu {code} là {value}, không phải tỷ lệ (ví dụ 0,9667 hoặc 96,67%)."),
    MessageType("table-bad-kind", "bad-value",
                "loại hình đơn vị {value} không hợp lệ.", "Chọn trong danh sách: {allowed}."),
    MessageType("table-bad-level", "bad-value",
                "mức độ đề nghị {value} không hợp lệ.", "Chọn {allowed}."),
    MessageType("table-bad-date", "bad-value",
                "ngày {value} không phải ngày.", "Ghi ngày/tháng/năm, ví dụ 10/01/2026."),
    # ---- the appraisal workbook, read back
    MessageType("appraisal-no-sheet", "no-sheet",
                "Phiếu thẩm định không có trang '{name}'.",
                "Dùng phiếu do lệnh dvht tinh nhan-ho-so lập; không đổi tên trang.", whole_file=True),
    MessageType("appraisal-other-year", "other-year",
                "Phiếu thẩm định là của năm {found}, Sở đang thẩm định năm {year}.", whole_file=True),
    MessageType("appraisal-bad-verdict", "bad-value",
                "kết luận {value} của {unit}, chỉ tiêu {code} không hợp lệ.", "Chọn Đồng ý hoặc Không đồng ý."),
    MessageType("appraisal-missing-verdict", "missing-value",
                "chưa có kết luận của {unit}, chỉ tiêu {code}.", "Chọn Đồng ý hoặc Không đồng ý."),
    MessageType("appraisal-no-reason", "missing-value",
                "{unit}, chỉ tiêu {code}: “Không đồng ý” mà chưa ghi lý do.",
                "Ghi lý do ở cột Ghi chú: lý do được gửi cho đơn vị."),
    MessageType("appraisal-unknown-row", "unknown-row",
                "dòng {row} ({value}) không khớp đơn vị, chỉ tiêu nào trong sổ đăng ký năm {year}.",
                "Không thêm, sửa cột Mã đơn vị, Mã chỉ tiêu của phiếu."),
    MessageType("appraisal-agree-blocked", "agree-blocked",
                "kết luận “Đồng ý” của {unit}, {row} không được tính vì kiểm tra tự động không công nhận: {reason} "
                "Đơn vị chưa được công nhận cho đến khi gửi lại hồ sơ đã sửa.",
                "Lý do trên được ghi trong thông báo gửi đơn vị; hồ sơ gửi lại được nhận bằng dvht tinh nhan-ho-so.",
                severity=Severity.WARNING),
    MessageType("appraisal-row-whole", "agree-blocked", "dòng HS (hồ sơ)", phrase=True),
    MessageType("appraisal-row-indicator", "agree-blocked", "chỉ tiêu {code}", phrase=True),
    MessageType("appraisal-bad-kind", "bad-value",
                "loại hình {value} của {unit} không hợp lệ.", "Chọn trong danh sách: {allowed}."),
    MessageType("appraisal-unreadable", "unreadable-file", "Không đọc được phiếu thẩm định '{path}': {error}.",
                whole_file=True),
    MessageType("appraisal-unusable", "appraisal-refused", "Phiếu thẩm định '{path}' không dùng được:", heading=True,
                whole_file=True),
    MessageType("appraisal-errors", "appraisal-refused", "Phiếu thẩm định '{path}' có {count} lỗi:", heading=True,
                whole_file=True),
    # ---- the register OUT/tinh.sqlite and the steps of the year (province/register.py, service.py)
    MessageType("register-unopenable", "register", "Không mở được sổ đăng ký '{path}': {error}.", whole_file=True),
    MessageType("register-newer", "register",
                "Sổ đăng ký '{path}' do phiên bản mới hơn của phần mềm lập (phiên bản sổ {version}).",
                "Hãy cập nhật phần mềm dvht.", whole_file=True),
    MessageType("register-damaged", "register",
                "Sổ đăng ký '{path}' bị hỏng hoặc không phải sổ của dvht ({error}).", whole_file=True),
    MessageType("register-no-dossier", "province-order", "Sổ đăng ký chưa có hồ sơ nào của năm {year}.",
                "Hãy chạy dvht tinh nhan-ho-so trước.", whole_file=True),
    MessageType("register-none-proposed", "province-order",
                "Năm {year} chưa có đơn vị nào được đề nghị công nhận.", "Hãy chạy dvht tinh tham-dinh trước.",
                whole_file=True),
    # ---- what the command line names (cli/tinh.py)
    MessageType("dossier-folder-not-found", "bad-command-line", "Không tìm thấy thư mục hồ sơ '{folder}'.",
                whole_file=True),
    MessageType("appraisal-not-found", "bad-command-line", "Không tìm thấy phiếu thẩm định '{path}'.", whole_file=True),
    # ---- the automatic checks of a unit's dossier (province/checks.py): one sentence each, for the specialist
    # (and, when the check blocks, the unit); {level} is the level's name in lower case ("mức độ 2")
    _check("check-no-level", "Bảng tổng hợp của đơn vị không đạt đủ các chỉ tiêu của mức độ nào."),
    _check("check-rate-missing", "Chỉ tiêu {code}: thiếu số thành viên đạt hoặc số thành viên được tính."),
    _check("check-rate-counts",
           "Chỉ tiêu {code}: số thành viên đạt ({count}) và số thành viên được tính ({total}) không hợp lý."),
    _check("check-rate", "Chỉ tiêu {code}: tỷ lệ ghi {ratio} không khớp số liệu {count}/{total} = {computed}."),
    _check("check-kind-unknown", "Chỉ tiêu {code} chỉ áp dụng cho {kinds}: ghi loại hình của đơn vị (trang Don_vi của "
                                 "phiếu thẩm định)."),
    _check("check-kind-not-applicable", "Chỉ tiêu {code} chỉ áp dụng cho {kinds}; đơn vị là {kind} nhưng có tự đánh giá "
                                        "chỉ tiêu này (không tính)."),
    _check("check-kind-applicable", "Chỉ tiêu {code} áp dụng cho {kind} nhưng đơn vị ghi “Không áp dụng”."),
    _check("check-missing-indicator", "Bảng tổng hợp không có chỉ tiêu {code}."),
    _check("check-level-unsupported",
           "Đề nghị {level} nhưng chính bảng tổng hợp của đơn vị ghi chỉ tiêu {code} ở {level} là “{verdict}”."),
    MessageType("check-blank", "dossier-check", "để trống", phrase=True),
    _check("check-below-target",
           "Chỉ tiêu {code}: đơn vị ghi “Đạt” ở {level} nhưng {count}/{total} = {computed} thấp hơn yêu cầu {target}."),
    _check("check-too-early", "Đơn vị được công nhận mức độ 1 theo {citation}; chỉ được đề nghị mức độ 2 từ ngày {day} "
                              "(sau ít nhất 12 tháng)."),
    _check("check-already-held", _HELD + "."),
    _check("check-already-held-other-reading",
           _HELD + "; theo cách hiểu “bảo lưu 03 năm tiếp theo năm được công nhận” thì đến hết ngày {other}: xác định "
           "thời hạn trước khi kết luận."),
    _check("check-unconfirmed", "Yêu cầu ở {level} của các chỉ tiêu {codes} chưa được xác nhận với văn bản ({label}): "
                                "chưa kết luận được đơn vị đạt {level}."),
    MessageType("check-group-not-listed", "dossier-check", "chỉ tiêu chưa ghi trong tệp của Tiêu chí {group}",
                phrase=True),
    # the table's own "Kết quả chung" (province/checks.py: overall_checks); {overall} as the unit wrote it
    _check("check-overall-above-table",
           "Kết quả chung của bảng tổng hợp ghi “{overall}” nhưng chính bảng {supported}: chỉ tiêu {unmet} ở {level} "
           "không ghi “Đạt”."),
    MessageType("check-overall-supports", "dossier-check", "chỉ đạt {level}", phrase=True),
    MessageType("check-overall-supports-none", "dossier-check", "không đạt đủ các chỉ tiêu của mức độ nào", phrase=True),
    MessageType("check-overall-not-in-table", "dossier-check", "không có trong bảng", phrase=True),
    _check("check-overall-below-request",
           "Văn bản đề nghị công nhận {level} nhưng Kết quả chung của bảng tổng hợp ghi “{overall}”; {tail}."),
    MessageType("check-overall-unmet", "dossier-check", "chỉ tiêu {unmet} ở {level} không ghi “Đạt”", phrase=True),
    MessageType("check-overall-all-met", "dossier-check",
                "các chỉ tiêu của {level} trong bảng đều ghi “Đạt”: đơn vị cần ghi thống nhất Kết quả chung và văn "
                "bản đề nghị", phrase=True),
    _check("check-overall-above-request",
           "Kết quả chung của bảng tổng hợp ghi “{overall}” nhưng văn bản đề nghị công nhận {level}: hồ sơ được xét "
           "theo {level} như văn bản đề nghị; đối chiếu với đơn vị."),
    _check("check-overall-unread",
           "Không đọc được Kết quả chung của bảng tổng hợp (“{overall}”; cần ghi {allowed}): chưa kết luận; chuyên viên "
           "xem bảng, đề nghị đơn vị gửi lại bảng ghi rõ kết quả."),
    # ---- what became of each file of a dossiers' folder (province/intake.py, tiep_nhan_ho_so.txt: "path: …")
    _note("note-unreadable-file", "không đọc được tệp ({reason}): bỏ qua"),
    _note("note-not-regular", "không phải tệp thường (đường ống, thiết bị…): bỏ qua"),
    _note("note-too-large", "tệp lớn hơn {limit} MB, không phải một phần của hồ sơ: bỏ qua"),
    _note("note-hidden", "tệp ẩn hoặc tệp tạm của Excel/Word: bỏ qua"),
    _note("note-bad-docx", "không mở được tệp Word (hỏng hoặc không phải .docx): đề nghị đơn vị gửi lại"),
    _note("note-checklist", "danh sách kiểm tra nội bộ của đơn vị (không thuộc hồ sơ): bỏ qua"),
    _note("note-other-type", "loại tệp {suffix} không thuộc hồ sơ: bỏ qua"),
    _note("note-no-suffix", "không có phần mở rộng"),
    _note("note-unreadable-table", "không đọc được bảng tính ({error}): đề nghị đơn vị gửi lại"),
    _note("note-not-a-table", "bảng tính không phải bảng tổng hợp tiêu chí (không có trang Bang_tong_hop hay Ho_so): "
                              "bỏ qua"),
    _note("note-table-errors", "bảng tổng hợp có lỗi, không dùng được: {errors}"),
    _note("note-table-dvht", "bảng tổng hợp do phần mềm dvht lập của {unit}"),
    _note("note-table-form", "bảng tổng hợp theo mẫu của Sở của {unit}"),
    _note("note-remarks", "lưu ý: {remarks}"),
    _note("note-unknown-part", "không nhận ra là văn bản đề nghị hay báo cáo tự đánh giá (tiêu đề, tên tệp): bỏ qua"),
    _note("note-no-owner", "không xác định được đơn vị ({why}): bỏ qua"),
    _note("note-why-not-named", "không có bảng tổng hợp nào của đơn vị ghi trên văn bản"),
    _note("note-why-unreadable-part", "tệp không đọc được nội dung (PDF, .doc) và không nằm trong thư mục của một đơn vị"),
    _note("note-second-part", "thứ hai của {name}: bỏ qua, đối chiếu với đơn vị"),
    # ---- what the specialist is told of a dossier as a whole (its flags)
    _check("flag-repeated", "Đơn vị gửi hơn một hồ sơ: dùng hồ sơ mới nhất ({newest}); hồ sơ trước ({older}) không được "
                            "xét — đối chiếu với đơn vị."),
    _check("flag-incomplete", "Hồ sơ thiếu {parts} (Điều 16 Thông tư 24/2023/TT-BGDĐT)."),
    _check("flag-late", "Hồ sơ nộp muộn: {day} ({dated_by}), hạn là trước ngày {deadline}."),
    _check("flag-no-level", "Không đọc được mức độ đề nghị từ văn bản đề nghị: lấy theo kết quả tự đánh giá trên bảng "
                            "tổng hợp."),
)
