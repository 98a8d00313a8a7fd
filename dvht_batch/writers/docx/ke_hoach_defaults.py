"""The tool's own wording of a KẾ HOẠCH, used for every part the plan file does not write.

Written in the plan file's line format (writers/docx/ke_hoach_text.py), so that an office can copy
a part into its plan file and change it. The wording is ours; the facts come from the rule set,
dvht.toml and the timeline. An agency without departments gets sentences without "các phòng".
"""
from __future__ import annotations

from datetime import date

from dvht_batch.plan.model import Task
from dvht_batch.rules import legal
from dvht_batch.vn.text import lower_first
from dvht_batch.writers.docx.common import QUOTED_DVHT
from dvht_batch.writers.docx.ke_hoach_context import PlanContext

# The tool's sections (tu_dong = …): their titles, and the ones a plan has when the file lists none.
AUTO_TITLES = {
    "muc_dich": "Mục đích, yêu cầu",
    "tieu_chi": "Tiêu chí đánh giá",
    "noi_dung": "Nội dung thực hiện",
    "khen_thuong": "Khen thưởng",
    "kinh_phi": "Kinh phí thực hiện",
    "to_chuc": "Tổ chức thực hiện",
    "tien_do": "Tiến độ thực hiện",
}
DEFAULT_SECTIONS = ("muc_dich", "tieu_chi", "noi_dung", "to_chuc")
MEMBERS = "công chức, viên chức, người lao động"


def _assess(ctx: PlanContext) -> str:
    return ctx.rule_set.wording.evaluate


def _applied(ctx: PlanContext) -> str:
    """The criteria as the plan names them: never a text repealed by the plan's last year as if in force."""
    return legal.applied_name(ctx.rule_set, date(ctx.last, 12, 31))


def purpose(ctx: PlanContext) -> str:
    units = ctx.departments
    follow = ("Theo dõi tiến độ hằng tháng bằng số liệu của từng phòng" if units
              else "Theo dõi tiến độ hằng tháng bằng bảng theo dõi thành viên")
    return "\n".join([
        "## Mục đích",
        f"- Khuyến khích và tạo điều kiện để mỗi {MEMBERS} của {ctx.body} học tập thường xuyên, tự học suốt đời, "
        "nâng cao trình độ chuyên môn, nghiệp vụ, kỹ năng số và ngoại ngữ đáp ứng yêu cầu của vị trí việc làm.",
        f"- Tổ chức {_assess(ctx)} {QUOTED_DVHT} theo {_applied(ctx)}; lấy kết quả làm một căn cứ đánh giá, "
        "bình xét thi đua cuối năm của tập thể và cá nhân.",
        f"- {follow} để kịp thời nhắc nhở, hỗ trợ những thành viên chưa đạt tiêu chí.",
        "## Yêu cầu",
        ("- Các phòng và từng thành viên" if units else "- Từng thành viên")
        + " quán triệt nội dung Kế hoạch, thực hiện nghiêm túc, thiết thực, tránh hình thức.",
        "- Số liệu về thành viên được cập nhật đầy đủ, trung thực, đúng mẫu và đúng hạn; một thành viên chỉ được "
        "loại khỏi tổng số khi có lý do cụ thể (nghỉ dài ngày, mới chuyển đến dưới 6 tháng và các trường hợp "
        "tương tự), được ghi rõ trong báo cáo.",
        "- Việc đánh giá bảo đảm công khai, minh bạch, khách quan, đúng tiêu chí.",
    ])


def contents(ctx: PlanContext) -> str:
    t = ctx.timeline
    units = bool(ctx.departments)
    share = "trong phòng và với các đơn vị khác" if units else "trong cơ quan và với các đơn vị khác"
    approve = ("trình lãnh đạo phòng xem xét và lãnh đạo đơn vị phê duyệt" if units
               else "trình lãnh đạo cơ quan phê duyệt")
    every_year = "hằng năm" if not ctx.one_year else f"năm {ctx.first}"
    day = ctx.spec.deadlines.monthly_day
    due = f" trước ngày {day:02d} của tháng kế tiếp" if day else ""
    monthly = (f"Các phòng cập nhật bảng theo dõi thành viên theo mẫu do {ctx.coordinator_text} cung cấp, gửi "
               f"{ctx.coordinator_text}{due}; {ctx.coordinator_text} tổng hợp, báo cáo lãnh đạo tình hình thực hiện "
               "và gửi mỗi phòng danh sách thành viên chưa đạt để đôn đốc." if units else
               f"{ctx.coordinator} cập nhật bảng theo dõi thành viên hằng tháng, báo cáo lãnh đạo tình hình thực hiện "
               "và nhắc nhở thành viên chưa đạt.")
    year_end = ("Trong tháng 12 hằng năm" if not ctx.one_year else f"Trong tháng 12 năm {ctx.first}")
    items = [
        ("Tuyên truyền, quán triệt", f"Phổ biến Kế hoạch và bộ tiêu chí đến toàn thể thành viên {t.dissemination}; "
         "nêu rõ những việc mỗi thành viên cần làm để đạt tiêu chí."),
        ("Lập kế hoạch tự học", f"Mỗi thành viên lập kế hoạch tự học, tự bồi dưỡng {every_year}, {approve} "
         f"{t.self_study}."),
        ("Học tập, bồi dưỡng", "Thành viên tham gia đầy đủ các chương trình bồi dưỡng bắt buộc; chủ động tự học "
         f"nâng cao kỹ năng số, ngoại ngữ, kỹ năng giải quyết công việc; chia sẻ tài liệu, kinh nghiệm {share}."),
        ("Gắn với thi đua", "Kết quả học tập là một căn cứ bình xét danh hiệu thi đua của cá nhân và tập thể; "
         + ("các phòng phấn đấu" if units else "phấn đấu") + " để mọi thành viên đạt danh hiệu “Lao động tiên tiến” trở lên."),
        ("Theo dõi hằng tháng", monthly),
        ("Tự đánh giá cuối năm", f"{year_end}, đơn vị tự đánh giá theo bộ tiêu chí; hồ sơ gửi "
         f"{ctx.spec.deadlines.dossier_to} {t.dossier}."),
    ]
    return "\n".join(f"**{n}. {head}:** {text}" for n, (head, text) in enumerate(items, start=1))


def rewards(ctx: PlanContext) -> str:
    who = "các tập thể, cá nhân" if ctx.departments else "các cá nhân"
    return "\n".join([
        f"Căn cứ kết quả thực hiện Kế hoạch, {ctx.coordinator_text} tổng hợp, đề xuất lãnh đạo biểu dương, khen "
        f"thưởng theo thẩm quyền hoặc đề nghị cấp có thẩm quyền khen thưởng {who} tiêu biểu, theo quy định của pháp "
        "luật về thi đua, khen thưởng.",
        "Kết quả học tập, tự học của thành viên là một căn cứ bình xét danh hiệu thi đua cuối năm.",
    ])


def funding(ctx: PlanContext) -> str:
    return (f"Kinh phí thực hiện Kế hoạch được bố trí trong dự toán ngân sách được giao hằng năm của {ctx.body} "
            "và các nguồn hợp pháp khác theo quy định hiện hành.")


def default_tasks(ctx: PlanContext) -> tuple[Task, ...]:
    names = [d.name for d in ctx.departments]
    if names:
        coordinator = ("Chủ trì, hướng dẫn các phòng triển khai Kế hoạch; cung cấp mẫu bảng theo dõi thành viên; tổng "
                       "hợp số liệu hằng tháng, báo cáo lãnh đạo; chuẩn bị hồ sơ tự đánh giá cuối năm.")
        listed = "\n".join(f"- {name}{'.' if i == len(names) - 1 else ';'}" for i, name in enumerate(names))
        departments = Task("Các phòng", f"Trưởng các phòng ({len(names)} phòng) phổ biến Kế hoạch đến thành viên của "
                           "phòng, theo dõi, đôn đốc thành viên thực hiện và gửi số liệu đúng hạn:\n" + listed)
        report_to = "lãnh đạo phòng"
    else:
        coordinator = ("Chủ trì, tham mưu lãnh đạo triển khai Kế hoạch; tổng hợp kế hoạch tự học, tự bồi dưỡng của "
                       "thành viên trình lãnh đạo phê duyệt; cập nhật bảng theo dõi thành viên hằng tháng, báo cáo "
                       "lãnh đạo; thu thập minh chứng, chuẩn bị hồ sơ tự đánh giá cuối năm.")
        departments = None
        report_to = ctx.coordinator_text
    members = Task("Thành viên", f"Mỗi {MEMBERS} thực hiện kế hoạch tự học đã được phê duyệt, tham gia đầy đủ các "
                   f"chương trình bồi dưỡng và báo cáo kết quả với {report_to}.")
    return tuple(t for t in (Task(ctx.coordinator, coordinator), departments, members) if t)


def intro(ctx: PlanContext) -> str:
    return f"{ctx.body} ban hành Kế hoạch {lower_first(ctx.title)} như sau:"


def ending(ctx: PlanContext) -> str:
    head = ctx.spec.signer.title_of_head or ctx.config.signer.title_of_head
    who = "các phòng" if ctx.departments else "thành viên"
    to = f"với {ctx.coordinator_text}" if ctx.coordinator_is_role else f"về {ctx.coordinator_text}"
    return (f"Trên đây là Kế hoạch {lower_first(ctx.title)} của {ctx.body}. Trong quá trình thực hiện, nếu có khó "
            f"khăn, vướng mắc, {who} phản ánh {to} để tổng hợp, báo cáo {head} xem xét, giải quyết./.")
