"""Messages about the contents of the sheets Thanh_vien and Tieu_chi (docs/hop-dong.md §2–§3)."""
from __future__ import annotations

from dvht_batch.messages.kinds import USE_THE_FORM, MessageType
from dvht_batch.models import Severity

TYPES = (
    # ---- header rows (Thanh_vien, Tieu_chi)
    MessageType("members-no-header", "no-header",
                "không tìm thấy dòng tiêu đề của danh sách thành viên trong {rows} dòng đầu (cần các cột "
                "\"Họ và tên\", \"Kế hoạch tự học\", …).", USE_THE_FORM),
    MessageType("criteria-no-header", "no-header",
                "không tìm thấy dòng tiêu đề (Mã tiêu chí, Nội dung, Điểm tối đa, Điểm tự chấm, Đạt, Minh chứng) "
                "trong {rows} dòng đầu.", USE_THE_FORM),
    MessageType("members-missing-column", "missing-column",
                "dòng tiêu đề (dòng {row}) thiếu cột \"{header}\"{note}.",
                "Hãy thêm cột có tiêu đề \"{header}\" như trong biểu mẫu."),
    MessageType("criteria-missing-column", "missing-column",
                "dòng tiêu đề (dòng {row}) thiếu cột \"{header}\", cần cho bộ tiêu chí {rule_set}.",
                "Hãy thêm cột \"{header}\" như trong biểu mẫu."),
    MessageType("duplicate-column", "duplicate-column",
                "cột \"{header}\" xuất hiện hai lần ({first} và {second}).", "Hãy xóa hoặc đổi tên một cột."),
    # ---- member rows (Thanh_vien)
    MessageType("row-skipped", "row-skipped",
                "dòng {row} không phải thành viên (không có họ và tên hoặc là dòng tiêu đề nhóm, có {value}) nên bị "
                "bỏ qua.", severity=Severity.WARNING),
    MessageType("missing-name", "missing-name", "dòng {row} có dữ liệu nhưng thiếu họ và tên.",
                "Hãy ghi họ và tên thành viên, hoặc xóa dòng nếu thừa."),
    MessageType("missing-reason", "missing-reason",
                "{name} được đánh dấu \"Không tính\" ({value}) nhưng không ghi lý do.",
                "Hãy ghi rõ lý do (ví dụ: nghỉ thai sản, mới chuyển đến dưới 6 tháng), hoặc để trống nếu thành viên "
                "được tính."),
    MessageType("bad-year", "bad-year", "năm sinh của {name} là {value}, không phải năm.",
                "Hãy ghi năm có 4 chữ số, ví dụ 1985.", Severity.WARNING),
    MessageType("bad-gender", "bad-gender", "giới tính của {name} là {value}.", "Hãy ghi Nam hoặc Nữ.",
                Severity.WARNING),
    MessageType("member-missing-value", "missing-value",
                "ô \"{header}\" của {name} (dòng {row}) đang để trống.", "Hãy ghi {allowed}."),
    # a member's answer that cannot be understood; the id is the code parse_answer gives
    *(MessageType(code, code, "\"{header}\" của {name} (dòng {row}) là {value}{problem}.", "Hãy ghi {allowed}.{unused}")
      for code in ("bad-value", "bad-title", "not-a-title")),
    MessageType("duplicate-member", "duplicate-member", "họ tên \"{name}\" trùng với dòng {first_row}.",
                "Nếu là hai người khác nhau, hãy ghi năm sinh để phân biệt; nếu ghi lặp, hãy xóa một dòng.",
                Severity.WARNING),
    # ---- the unit's self-assessment (Tieu_chi)
    MessageType("unknown-criterion", "unknown-criterion",
                "mã tiêu chí {value} không có trong bộ tiêu chí {rule_set} (dùng: {codes}); dòng này bị bỏ qua.",
                severity=Severity.WARNING),
    MessageType("duplicate-criterion", "duplicate-criterion",
                "tiêu chí {criterion} xuất hiện lần nữa (đã có ở dòng {first_row}).", "Hãy xóa dòng thừa."),
    MessageType("missing-criterion", "missing-criterion", "thiếu dòng cho tiêu chí {criterion} (\"{text}\").",
                "Hãy thêm một dòng có Mã tiêu chí {criterion} và {what}."),
    MessageType("missing-score", "missing-value", "điểm tự chấm của tiêu chí {criterion} đang để trống.",
                "Hãy ghi {allowed} (dùng dấu phẩy cho phần thập phân, ví dụ 9,5)."),
    MessageType("bad-score", "bad-score", "điểm tự chấm của tiêu chí {criterion} là {value}, không phải số.",
                "Hãy ghi {allowed}, ví dụ 9,5."),
    MessageType("score-out-of-range", "score-out-of-range",
                "điểm tự chấm của tiêu chí {criterion} là {value}, ngoài khoảng cho phép.", "Hãy ghi {allowed}."),
    MessageType("missing-passed", "missing-value", "ô \"Đạt\" của tiêu chí {criterion} đang để trống.",
                "Hãy ghi {allowed}."),
    MessageType("bad-passed", "bad-value", "ô \"Đạt\" của tiêu chí {criterion} là {value}, không phải giá trị hợp lệ.",
                "Hãy ghi {allowed}."),
    MessageType("max-mismatch", "max-mismatch",
                "điểm tối đa của tiêu chí {criterion} ghi {value}, nhưng bộ tiêu chí quy định {rule_max}; công cụ "
                "dùng mức của bộ tiêu chí.", "Hãy sửa lại cho khớp.", Severity.WARNING),
)
