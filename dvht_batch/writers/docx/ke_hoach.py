"""The year's KẾ HOẠCH xây dựng "Đơn vị học tập", structured like the agencies' own plans.

I Mục đích, yêu cầu; II Tiêu chí (taken from the rule set: groups, criteria, classes or levels —
never retyped); III Nội dung thực hiện; IV Tổ chức thực hiện (departments from the configuration,
a timetable whose deadlines derive from the year). The wording is ours.
"""
from __future__ import annotations

import calendar
from datetime import date
from decimal import Decimal
from pathlib import Path

from dvht_batch.columns import COMPETENCIES, expand
from dvht_batch.writers.docx.bao_cao import legal_basis_paragraphs
from dvht_batch.writers.docx.common import QUOTED_DVHT, closing_info, header_info, max_text, target_text
from dvht_batch.writers.docx.layout import OfficialDocument
from dvht_batch.writers.docx.ooxml import Col, Table
from dvht_batch.writers.docx.phrases import level_requirements
from dvht_batch.vn.dates import month_text, short_date


def plan_summary(year: int) -> str:
    return f"Xây dựng {QUOTED_DVHT} năm {year}"


def write_plan(config, rule_set, year: int, path: Path) -> Path:
    """Write the KẾ HOẠCH of `year` to `path` (.docx); returns `path`."""
    return build_plan(config, rule_set, year).save(Path(path))


def build_plan(config, rule_set, year: int, today: date | None = None) -> OfficialDocument:
    summary = plan_summary(year)
    when = config.documents.date or today or date.today()
    doc = OfficialDocument(getattr(config.documents, "margins_mm", None), title=summary)
    doc.header_block(header_info(config, "KH", config.documents.plan_number, when))
    doc.title_block("Kế hoạch", summary)
    legal_basis_paragraphs(doc, rule_set, config)
    doc.body(f"{config.unit_name} ban hành Kế hoạch xây dựng {QUOTED_DVHT} năm {year} như sau:")
    _purpose(doc, config, rule_set)
    _criteria(doc, rule_set)
    _contents(doc, config, year)
    _organisation(doc, config, year)
    head = config.signer.title_of_head
    doc.body(f"Trên đây là Kế hoạch xây dựng {QUOTED_DVHT} năm {year} của {config.unit_name}. Trong quá trình thực "
             f"hiện, nếu có khó khăn, vướng mắc, các phòng phản ánh về Văn phòng để tổng hợp, báo cáo {head} "
             "xem xét, giải quyết./.", keep_next=True)
    doc.closing(closing_info(config))
    return doc


def _purpose(doc: OfficialDocument, config, rule_set) -> None:
    unit = config.unit_name
    doc.heading1("I. Mục đích, yêu cầu")
    doc.heading2("1. Mục đích")
    doc.dash(f"Khuyến khích và tạo điều kiện để mỗi công chức, viên chức, người lao động của {unit} học tập "
             "thường xuyên, tự học suốt đời, nâng cao trình độ chuyên môn, nghiệp vụ, kỹ năng số và ngoại ngữ đáp ứng "
             "yêu cầu của vị trí việc làm.")
    doc.dash(f"Tổ chức đánh giá, xếp loại {QUOTED_DVHT} theo {rule_set.name}; lấy kết quả làm một căn cứ đánh giá, "
             "bình xét thi đua cuối năm của tập thể và cá nhân.")
    doc.dash("Theo dõi tiến độ hằng tháng bằng số liệu của từng phòng để kịp thời nhắc nhở, hỗ trợ những thành viên "
             "chưa đạt tiêu chí.")
    doc.heading2("2. Yêu cầu")
    doc.dash("Các phòng và từng thành viên quán triệt nội dung Kế hoạch, thực hiện nghiêm túc, thiết thực, "
             "tránh hình thức.")
    doc.dash("Số liệu về thành viên được cập nhật đầy đủ, trung thực, đúng mẫu và đúng hạn; một thành viên chỉ được "
             "loại khỏi tổng số khi có lý do cụ thể (nghỉ dài ngày, mới chuyển đến…), được ghi rõ trong báo cáo.")
    doc.dash("Việc đánh giá bảo đảm công khai, minh bạch, khách quan, đúng tiêu chí.")


def _letter(criterion, group_code: str) -> str:
    code = criterion.code
    return code[len(group_code):].lstrip(".") if code.startswith(group_code) and len(code) > len(group_code) else code


def _criteria(doc: OfficialDocument, rule_set) -> None:
    levels = rule_set.scheme == "levels"
    doc.heading1("II. Tiêu chí đánh giá")
    if levels:
        names = ", ".join(rule_set.level_name(lv) for lv in rule_set.levels)
        doc.body(f"Đánh giá, công nhận {QUOTED_DVHT} theo {rule_set.name} ({names}); đơn vị được công nhận ở một "
                 "mức độ khi đạt tất cả các tiêu chí yêu cầu ở mức độ đó.")
    else:
        total = rule_set.max_total or sum((c.max_points or Decimal(0) for c in rule_set.criteria), Decimal(0))
        doc.body(f"Đánh giá, xếp loại {QUOTED_DVHT} theo {rule_set.name}, bằng phương thức chấm điểm; tổng số điểm "
                 f"tối đa của các tiêu chí là {max_text(total)} điểm.")
    groups = list(rule_set.groups)
    for n, group in enumerate(groups, start=1):
        items = [c for c in rule_set.criteria if c.group == group.code]
        heading = f"{n}. {group.text}"
        if not levels:
            heading += f" (tối đa {max_text(sum((c.max_points or Decimal(0) for c in items), Decimal(0)))} điểm)"
        doc.heading2(heading)
        for i, c in enumerate(items):
            end = "." if i == len(items) - 1 else ";"
            label = _letter(c, group.code)
            if levels:
                req = level_requirements(c)
                doc.body(f"{label}) {c.text}" + (f" ({req})" if req else "") + end)
            else:
                extra = ""
                if c.kind == "member_ratio" and c.target != 1:
                    extra = f", đạt điểm tối đa khi tỷ lệ thành viên đạt từ {target_text(c.target)}"
                doc.body(f"{label}) {c.text} (tối đa {max_text(c.max_points)} điểm{extra})" + end)
            if c.column == "nang_luc" or (c.column and len(expand(c.column)) > 1 and c.predicate == "du_nang_luc"):
                keys = expand(c.column)
                k = c.min_count or len(keys)
                doc.body(f"Thành viên được tính là đạt khi đáp ứng {k}/{len(keys)} năng lực sau:")
                for text in COMPETENCIES[:len(keys)]:
                    doc.dash(f"{text};")
            if c.unconfirmed:
                doc.placeholder(f"Văn phòng đối chiếu nội dung tiêu chí {c.code} với văn bản chính thức")
    if levels:
        return
    doc.heading2(f"{len(groups) + 1}. Cách tính điểm và xếp loại")
    doc.dash("Tiêu chí về thành viên được tính theo tỷ lệ thành viên đạt trên tổng số thành viên được tính của toàn "
             "đơn vị (không lấy trung bình tỷ lệ của các phòng).")
    for c in rule_set.criteria:
        if c.kind == "member_ratio" and c.mode == "bands":
            bands = "; ".join(f"từ {target_text(r)}: {max_text(p)} điểm" for r, p in c.bands)
            doc.dash(f"Tiêu chí {c.code} tính theo bậc: {bands}; thấp hơn: 0 điểm.")
        elif c.kind == "member_ratio" and c.mode == "all_or_nothing":
            doc.dash(f"Tiêu chí {c.code}: đạt điểm tối đa khi tỷ lệ từ {target_text(c.target)}, thấp hơn: 0 điểm.")
    member = [c for c in rule_set.criteria if c.kind == "member_ratio"]
    if any(c.mode == "proportional" for c in member):
        which = ("Các tiêu chí còn lại về thành viên" if any(c.mode != "proportional" for c in member)
                 else "Mỗi tiêu chí về thành viên")
        doc.dash(f"{which}: điểm bằng điểm tối đa nhân với tỷ lệ đạt so với mục tiêu (không vượt điểm tối đa), "
                 "làm tròn đến hai chữ số thập phân.")
    uppers = [None] + [b for _, b in rule_set.classes[:-1]]
    for (name, lower), upper in zip(rule_set.classes, uppers):
        to = f"dưới {max_text(upper)}" if upper is not None else f"{max_text(rule_set.max_total or Decimal(100))}"
        doc.dash(f"Loại {name}: tổng số điểm từ {max_text(lower)} điểm đến {to} điểm;")
    doc.dash(f"Loại {rule_set.fail_class}: các trường hợp còn lại.")


def _contents(doc: OfficialDocument, config, year: int) -> None:
    last_feb = calendar.monthrange(year, 2)[1]
    doc.heading1("III. Nội dung thực hiện")
    items = [
        ("Tuyên truyền, quán triệt", "Phổ biến Kế hoạch và bộ tiêu chí đến toàn thể thành viên trong tháng 01 năm "
         f"{year}; nêu rõ những việc mỗi thành viên cần làm để đạt tiêu chí."),
        ("Lập kế hoạch tự học", "Mỗi thành viên lập kế hoạch tự học, tự bồi dưỡng năm "
         f"{year}, trình lãnh đạo phòng xem xét và lãnh đạo đơn vị phê duyệt trước ngày {last_feb:02d}/02/{year}."),
        ("Học tập, bồi dưỡng", "Thành viên tham gia đầy đủ các chương trình bồi dưỡng bắt buộc; chủ động tự học "
         "nâng cao kỹ năng số, ngoại ngữ, kỹ năng giải quyết công việc; chia sẻ tài liệu, kinh nghiệm trong phòng "
         "và với các đơn vị khác."),
        ("Gắn với thi đua", "Kết quả học tập là một căn cứ bình xét danh hiệu thi đua của cá nhân và tập thể; "
         "các phòng phấn đấu để mọi thành viên đạt danh hiệu “Lao động tiên tiến” trở lên."),
        ("Theo dõi hằng tháng", "Các phòng cập nhật bảng theo dõi thành viên theo mẫu do Văn phòng cung cấp, gửi "
         "Văn phòng trước ngày 05 của tháng kế tiếp; Văn phòng tổng hợp, báo cáo lãnh đạo tình hình thực hiện và "
         "gửi mỗi phòng danh sách thành viên chưa đạt để đôn đốc."),
        ("Tự đánh giá cuối năm", f"Trong tháng 12 năm {year}, đơn vị tự đánh giá theo bộ tiêu chí; hồ sơ gửi Sở "
         f"Giáo dục và Đào tạo trước ngày 15/01/{year + 1}."),
    ]
    for n, (head, text) in enumerate(items, start=1):
        doc.body([(f"{n}. {head}: ", "b"), text])


def _organisation(doc: OfficialDocument, config, year: int) -> None:
    doc.heading1("IV. Tổ chức thực hiện")
    doc.heading2("1. Văn phòng")
    doc.body("Chủ trì, hướng dẫn các phòng triển khai Kế hoạch; cung cấp mẫu bảng theo dõi thành viên; tổng hợp số "
             "liệu hằng tháng, báo cáo lãnh đạo; chuẩn bị hồ sơ tự đánh giá cuối năm.")
    doc.heading2("2. Các phòng")
    names = [d.name for d in config.departments]
    doc.body(f"Trưởng các phòng ({len(names)} phòng) phổ biến Kế hoạch đến thành viên của phòng, theo dõi, đôn đốc "
             "thành viên thực hiện và gửi số liệu đúng hạn:")
    for i, name in enumerate(names):
        doc.dash(f"{name}{'.' if i == len(names) - 1 else ';'}")
    doc.heading2("3. Thành viên")
    doc.body("Mỗi công chức, viên chức, người lao động thực hiện kế hoạch tự học đã được phê duyệt, tham gia đầy đủ "
             "các chương trình bồi dưỡng và báo cáo kết quả với lãnh đạo phòng.")
    doc.heading2("4. Tiến độ thực hiện")
    last_feb = calendar.monthrange(year, 2)[1]
    w = doc.width_mm
    table = Table([Col(12, "center"), Col(w - 12 - 42 - 45), Col(42, "center"), Col(45)], keep_together=True)
    table.row(["STT", "Nội dung công việc", "Thời gian", "Thực hiện"], header=True)
    rows = [
        ("Ban hành, phổ biến Kế hoạch", f"Tháng 01/{year}", "Văn phòng"),
        ("Lập và phê duyệt kế hoạch tự học của thành viên", f"Trước ngày {last_feb:02d}/02/{year}", "Thành viên, các phòng"),
        ("Gửi bảng theo dõi thành viên hằng tháng", "Trước ngày 05 của tháng kế tiếp", "Các phòng"),
        ("Tổng hợp, báo cáo tình hình thực hiện hằng tháng", "Trước ngày 10 hằng tháng", "Văn phòng"),
        ("Bình xét danh hiệu thi đua năm", f"Tháng 12/{year}", "Các phòng, Văn phòng"),
        (f"Tự đánh giá, xếp loại {QUOTED_DVHT} năm {year}", f"Tháng 12/{year}", "Văn phòng, các phòng"),
        ("Gửi hồ sơ tự đánh giá về Sở Giáo dục và Đào tạo", f"Trước ngày 15/01/{year + 1}", "Văn phòng"),
    ]
    for i, (task, when, who) in enumerate(rows, start=1):
        table.row([str(i), task, when, who])
    doc.table(table)
    doc.body("Lịch gửi số liệu hằng tháng về Văn phòng:", keep_next=True)
    half = w / 2
    cal = Table([Col(half * 0.5, "center"), Col(half * 0.5, "center"), Col(half * 0.5, "center"), Col(half * 0.5, "center")],
                keep_together=True)
    cal.row(["Số liệu", "Hạn gửi", "Số liệu", "Hạn gửi"], header=True)
    deadlines = [(f"Tháng {month_text(m)}/{year}", short_date(date(year + (m == 12), m % 12 + 1, 5))) for m in range(1, 13)]
    for left, right in zip(deadlines[:6], deadlines[6:]):
        cal.row([*left, *right])
    doc.table(cal)


__all__ = ["write_plan", "build_plan", "plan_summary"]
