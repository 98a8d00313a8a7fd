"""Messages about the text files the office writes: rule files (docs/bo-tieu-chi.md) and the TOML syntax
they share with dvht.toml and ke_hoach.toml. The finding's `place` ("[bo_tieu_chi]", "tiêu chí 2a",
"dòng 12 «…»") goes in front; values are quoted by the templates as the clerk typed them (`{given}`)."""
from __future__ import annotations

from dvht_batch.messages.kinds import MessageType

_NUMBER_EXAMPLE = "ví dụ \"0.90\" hoặc 10"

TYPES = (
    MessageType("toml-syntax", "toml-syntax", "{hint} (thông báo gốc: {original})."),
    MessageType("missing-key", "missing-key", "thiếu khóa bắt buộc '{key}'."),  # rule files and dvht.toml
    MessageType("rule-file-not-found", "rule-file-not-found",
                "Không tìm thấy bộ tiêu chí '{name}': dùng {bundled}, hoặc đường dẫn tới tệp .toml của đơn vị (tìm tại "
                "'{path}').", whole_file=True),
    MessageType("rule-file-unreadable", "rule-file-unreadable",
                "Không đọc được tệp tiêu chí '{path}' (cần UTF-8): {reason}.", whole_file=True),
    # ---- single values of a rule file (rules/values.py)
    MessageType("not-a-number", "bad-number", "'{key}' phải là một số (" + _NUMBER_EXAMPLE + ")."),
    MessageType("bad-number", "bad-number", "'{key}' = '{given}' không phải số; ghi " + _NUMBER_EXAMPLE + "."),
    MessageType("number-out-of-range", "bad-number", "'{key}' = {given} không hợp lệ trong khoảng {lo}…{hi}."),
    MessageType("bad-number-value", "bad-number", "'{key}' = {given} không hợp lệ."),
    MessageType("ratio-out-of-range", "bad-ratio", "'{key}' = {given} không hợp lệ: tỷ lệ phải trong khoảng 0…1."),
    MessageType("ratio-as-percent", "bad-ratio",
                "'{key}' = {given} không hợp lệ: tỷ lệ phải trong khoảng 0…1 (tỷ lệ ghi dạng số thập phân: {percent}% là "
                "\"{ratio}\")."),
    MessageType("not-positive", "bad-number", "'{key}' phải lớn hơn 0."),
    MessageType("missing-min-title", "missing-key", "thiếu '{key}': ghi danh hiệu tối thiểu, một trong: {names}."),
    MessageType("not-a-rule-title", "bad-title", "'{key}' = '{given}' không phải danh hiệu {kind}; dùng một trong: {names}."),
    MessageType("unknown-key-near", "unknown-key", "khóa không được hỗ trợ '{key}' (có phải '{near}'?)."),
    MessageType("unknown-key", "unknown-key", "khóa không được hỗ trợ '{key}'; các khóa dùng được: {allowed}."),
    MessageType("not-a-flag", "bad-type", "'{key}' phải là true hoặc false (không có ngoặc kép)."),
    MessageType("levels-scheme-only", "misplaced-key", "'{key}' chỉ dùng khi cach_tinh = \"muc_do\"."),
    # ---- the law a rule file carries (rules/legal.py)
    MessageType("rule-not-a-date", "bad-date",
                "'{key}' = '{given}' không phải ngày: ghi {key} = 2024-01-26 (không ngoặc kép) hoặc \"26/01/2024\"."),
    MessageType("repealed-by-not-text", "bad-type",
                "'van_ban_thay_the' phải là chuỗi chữ, ví dụ \"Thông tư số 24/2023/TT-BGDĐT\"."),
    MessageType("repealed-without-date", "missing-key",
                "có 'van_ban_thay_the' thì ghi cả 'het_hieu_luc_tu' (ngày văn bản hết hiệu lực)."),
    MessageType("repealed-before-in-force", "bad-date", "'het_hieu_luc_tu' phải sau 'hieu_luc_tu'."),
    MessageType("tier-levels", "bad-value",
                "'{key}' phải là danh sách mức độ ({levels}), ví dụ [2], hoặc một danh sách cho mỗi cấp, ví dụ "
                "{{ tinh = [2], huyen = [1, 2] }}."),
    MessageType("bad-articles", "bad-value",
                "'dieu' ghi điều, khoản quy định yêu cầu ở từng mức độ cho từng cấp, ví dụ dieu = {{ tinh = {{ 1 = "
                "\"khoản 3 Điều 12\", 2 = \"khoản 3 Điều 13\" }}, huyen = {{ 1 = \"khoản 3 Điều 6\" }} }} (cấp: tinh, "
                "huyen; mức độ có trong muc_do)."),
    MessageType("bad-validity", "bad-value",
                "'thoi_han_cong_nhan' phải là một trong: {allowed}."),
    MessageType("bad-unit-kinds", "bad-value",
                "'ap_dung_cho' phải là danh sách loại hình đơn vị, mỗi phần tử là một trong {allowed}, ví dụ "
                "[\"co_quan_nha_nuoc\", \"don_vi_su_nghiep_cong_lap\"]."),
    # ---- the structure of a rule file (rules/parsing.py)
    MessageType("no-head-table", "missing-table", "thiếu bảng [bo_tieu_chi] (ma, ten, phien_ban, cach_tinh)."),
    MessageType("head-table-doubled", "missing-table",
                "thiếu bảng [bo_tieu_chi] (ma, ten, phien_ban, cach_tinh) — dùng một dấu ngoặc vuông [bo_tieu_chi], "
                "không phải [[bo_tieu_chi]]."),
    MessageType("not-a-quoted-text", "bad-type", "'{key}' phải là chuỗi chữ trong ngoặc kép, ví dụ {key} = \"2025.1\"."),
    MessageType("bad-rule-id", "bad-value",
                "'ma' = '{given}' có ký tự không dùng được trong tên tệp (\\ / : * ? \" < > |); dùng chữ, số và dấu gạch "
                "ngang, ví dụ \"tinh-an-phuoc-2025\"."),
    MessageType("missing-scheme", "missing-key",
                "thiếu 'cach_tinh': ghi \"diem\" (chấm điểm, như TT 22) hoặc \"muc_do\" (công nhận mức độ, như TT 24)."),
    MessageType("bad-scheme", "bad-value", "'cach_tinh' = '{given}' không hợp lệ: dùng \"diem\" hoặc \"muc_do\"."),
    MessageType("bad-levels", "bad-value", "'muc_do' phải là danh sách số nguyên dương, ví dụ [1, 2]."),
    MessageType("max-total-points-only", "misplaced-key",
                "'diem_toi_da' chỉ dùng khi cach_tinh = \"diem\"; cách tính theo mức độ không có điểm."),
    MessageType("classes-points-only", "misplaced-key",
                "chỉ dùng khi cach_tinh = \"diem\"; theo mức độ, kết quả là tên mức độ đạt được (Mức độ 1, Mức độ 2…) "
                "hoặc tên trong [xep_loai_khac]."),
    MessageType("groups-not-tables", "bad-type",
                "các nhóm phải khai báo bằng [[nhom]] (hai dấu ngoặc vuông), mỗi nhóm một bảng."),
    MessageType("criteria-not-tables", "bad-type",
                "các tiêu chí phải khai báo bằng [[tieu_chi]] (hai dấu ngoặc vuông), mỗi tiêu chí một bảng."),
    MessageType("classes-not-tables", "bad-type", "các mức xếp loại phải khai báo bằng [[xep_loai]] (hai dấu ngoặc vuông)."),
    MessageType("group-incomplete", "missing-key", "cần 'ma' và 'ten' (chuỗi chữ trong ngoặc kép, ví dụ ma = \"1\")."),
    MessageType("duplicate-group", "duplicate-code", "mã nhóm bị lặp lại."),
    MessageType("no-criteria", "missing-table", "không có tiêu chí nào: thêm các bảng [[tieu_chi]]."),
    MessageType("duplicate-criterion-code", "duplicate-code", "mã tiêu chí bị lặp lại."),
    MessageType("criterion-code-clash", "duplicate-code",
                "mã trùng với tiêu chí {other} (khi đọc bảng tự đánh giá, mã được so sánh không phân biệt chữ hoa, dấu "
                "chấm và khoảng trắng)."),
    MessageType("level-without-indicator", "bad-value",
                "mức độ {level} không có chỉ tiêu nào yêu cầu (xem 'muc_do' của các tiêu chí)."),
    MessageType("class-incomplete", "missing-key", "cần 'ten' và 'tu' (điểm tối thiểu, tính cả cận dưới)."),
    MessageType("class-missing-bound", "missing-key", "thiếu 'tu' (điểm tối thiểu, tính cả cận dưới)."),
    MessageType("no-classes", "missing-table", "thiếu bảng xếp loại [[xep_loai]] (ten, tu)."),
    MessageType("classes-order", "bad-value", "các mức phải xếp từ cao xuống thấp, điểm 'tu' giảm dần và không trùng."),
    MessageType("max-total-mismatch", "bad-value",
                "tổng điểm tối đa của các tiêu chí là {total}, khác 'diem_toi_da' = {max_total}."),
    MessageType("top-class-above-max", "bad-value",
                "mức cao nhất bắt đầu từ {bound} điểm, lớn hơn 'diem_toi_da' = {max_total}."),
    MessageType("fail-class-not-table", "bad-type", "phải là một bảng: [xep_loai_khac] rồi dòng ten = \"Chưa đạt\"."),
    MessageType("fail-class-not-text", "bad-type", "'ten' phải là chuỗi chữ, ví dụ ten = \"Chưa đạt\"."),
    # ---- one criterion (rules/parsing.py)
    MessageType("criterion-not-table", "bad-type", "phải là một bảng."),
    MessageType("missing-criterion-code", "missing-key",
                "thiếu 'ma' (mã tiêu chí, chuỗi trong ngoặc kép, ví dụ \"2a\" hoặc \"2.1\")."),
    MessageType("missing-criterion-text", "missing-key", "thiếu 'noi_dung' (nội dung tiêu chí)."),
    MessageType("missing-group", "missing-key", "thiếu 'nhom' (một trong các [[nhom]]: {groups})."),
    MessageType("unknown-group", "bad-value", "'nhom' = '{given}' không có trong các [[nhom]] ({groups})."),
    MessageType("missing-kind", "missing-key", "thiếu 'loai': dùng {kinds}."),
    MessageType("bad-kind", "bad-value", "'loai' = '{given}' không hợp lệ: dùng {kinds}."),
    MessageType("points-scheme-only", "misplaced-key",
                "'{key}' chỉ dùng khi cach_tinh = \"diem\"; theo mức độ, mỗi chỉ tiêu là Đạt / Không đạt (ngưỡng theo "
                "mức độ ghi ở 'muc_tieu' hoặc 'toi_thieu')."),
    MessageType("member-ratio-only", "misplaced-key",
                "'{key}' chỉ dùng với loai = \"ty_le_thanh_vien\", không dùng với loai = \"{kind}\"."),
    MessageType("collective-title-only", "misplaced-key", "'toi_thieu' chỉ dùng với loai = \"danh_hieu_tap_the\"."),
    MessageType("collective-title-only-ratio", "misplaced-key",
                "'toi_thieu' chỉ dùng với loai = \"danh_hieu_tap_the\" (tỷ lệ thành viên đạt danh hiệu: ghi danh hiệu "
                "vào 'gia_tri')."),
    MessageType("missing-max-points", "missing-key", "thiếu 'diem_toi_da' (điểm tối đa của tiêu chí)."),
    MessageType("bad-criterion-levels", "bad-value",
                "'muc_do' phải là danh sách các mức trong {levels}, ví dụ muc_do = [2] cho chỉ tiêu chỉ yêu cầu ở Mức "
                "độ 2."),
    MessageType("rule-missing-column", "missing-key",
                "thiếu 'cot' (cột của sheet Thanh_vien mà tiêu chí đọc); dùng một trong: {usable}."),
    MessageType("rule-bad-column", "bad-value",
                "'cot' = '{given}' không phải cột tiêu chí của thành viên; dùng một trong: {usable}."),
    MessageType("missing-predicate", "missing-key", "thiếu 'dieu_kien'; với cột '{column}' dùng dieu_kien = \"{fitting}\"."),
    MessageType("bad-predicate", "bad-value",
                "'dieu_kien' = '{given}' không hợp lệ: dùng {predicates} (với cột '{column}': \"{fitting}\")."),
    MessageType("predicate-column-mismatch", "bad-value",
                "'dieu_kien' = '{given}' không dùng được với cột '{column}' (cột này dùng dieu_kien = \"{fitting}\")."),
    MessageType("value-for-equal-only", "misplaced-key",
                "'gia_tri' chỉ dùng với dieu_kien = \"bang\" hoặc \"danh_hieu_tu\", không dùng với \"{predicate}\"."),
    MessageType("min-count-competences-only", "misplaced-key", "'so_toi_thieu' chỉ dùng với dieu_kien = \"du_nang_luc\"."),
    MessageType("missing-plan-value", "missing-key", "thiếu 'gia_tri': dùng {allowed}."),
    MessageType("bad-plan-value", "bad-value", "'gia_tri' = '{given}' không hợp lệ: dùng {allowed}."),
    MessageType("bad-min-count", "bad-value", "'so_toi_thieu' phải là số nguyên từ 1 đến {count}."),
    MessageType("bad-mode", "bad-value", "'cach_cham' = '{given}' không hợp lệ: dùng {modes}."),
    MessageType("target-with-bands", "misplaced-key", "'muc_tieu' không dùng với cach_cham = \"bac\": điểm lấy theo bảng 'bac'."),
    MessageType("bands-without-mode", "misplaced-key", "'bac' chỉ dùng khi cach_cham = \"bac\"."),
    MessageType("missing-bands", "missing-key",
                "cach_cham = \"bac\" cần 'bac' = [[\"tỷ lệ tối thiểu\", \"điểm\"], …], ví dụ [[\"1.00\", 10], [\"0.90\", 8]]."),
    MessageType("bad-band", "bad-value", "bậc thứ {index} phải có dạng [\"tỷ lệ tối thiểu\", điểm], ví dụ [\"0.90\", 8]."),
    MessageType("bands-order", "bad-value", "các bậc phải xếp theo tỷ lệ giảm dần, không trùng."),
    MessageType("band-points-order", "bad-value", "điểm của các bậc phải giảm dần theo tỷ lệ."),
    MessageType("missing-per-level", "missing-key", "thiếu '{key}' theo mức độ, ví dụ {example}."),
    MessageType("per-level-not-table", "bad-type", "'{key}' phải là bảng theo mức độ, ví dụ {example}."),
    MessageType("per-level-missing", "missing-key", "'{key}' thiếu giá trị cho mức độ {level}."),
    MessageType("per-level-unknown", "bad-value", "'{key}.{level}' không phải mức độ của tiêu chí này ({levels})."),
    MessageType("levels-not-rising", "bad-value",
                "'{key}': mức độ {higher} yêu cầu thấp hơn mức độ {lower}; mức độ cao hơn phải yêu cầu bằng hoặc cao "
                "hơn (có thể đã ghi đảo hai giá trị)."),
)
