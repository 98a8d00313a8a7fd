"""The member columns of the `Thanh_vien` sheet (docs/hop-dong.md §2), shared by intake, rules, templates.

`kind` says how a cell is parsed: text, year, gender, yesno, plan (PlanStatus), title (Title).
Whether a criteria column is required depends on the rule set (`RuleSet.member_columns`).
"""
from __future__ import annotations

from dataclasses import dataclass

# The 8 competencies of "Công dân học tập" (docs/quy-tac.md §1), for headers' notes and documents.
COMPETENCIES: tuple[str, ...] = (
    "Chấp hành pháp luật, thực hiện nghĩa vụ công dân với gia đình và xã hội",
    "Cam kết học tập suốt đời",
    "Tổ chức học tập trong gia đình, dòng họ và cộng đồng",
    "Sống lành mạnh, tôn trọng môi trường",
    "Sử dụng ngoại ngữ và công nghệ thông tin theo yêu cầu công việc",
    "Tư duy phản biện, sáng tạo, chủ động, giải quyết vấn đề",
    "Tôn trọng và thực hiện bình đẳng giới",
    "Hiểu biết, tôn trọng sự đa dạng văn hóa, ứng xử phù hợp",
)


@dataclass(frozen=True)
class Column:
    key: str
    header: str          # the contract's header text
    kind: str            # text | year | gender | yesno | plan | title
    always_required: bool = False
    aliases: tuple[str, ...] = ()   # other headers seen in real files (matched after folding)
    note: str | None = None         # explanation shown in templates


MEMBER_COLUMNS: tuple[Column, ...] = (
    Column("stt", "STT", "text", aliases=("so thu tu", "tt")),
    Column("ho_ten", "Họ và tên", "text", always_required=True, aliases=("ho ten", "ho va ten thanh vien", "ten")),
    Column("nam_sinh", "Năm sinh", "year", aliases=("nam sinh", "ngay sinh")),
    Column("gioi_tinh", "Giới tính", "gender", aliases=("gioi",)),
    Column("chuc_vu", "Chức vụ", "text", aliases=("chuc danh", "chuc vu, chuc danh")),
    Column("ke_hoach_tu_hoc", "Kế hoạch tự học", "plan", aliases=("ke hoach tu hoc tap",),
           note="Đã phê duyệt / Đã đăng ký / Chưa đăng ký"),
    Column("tuan_thu_ky_luat", "Tuân thủ kỷ luật", "yesno", aliases=("chap hanh ky luat",),
           note="Có / Không: chấp hành tốt kỷ luật lao động, nội quy cơ quan"),
    Column("hoan_thanh_boi_duong", "Hoàn thành bồi dưỡng", "yesno", aliases=("hoan thanh chuong trinh boi duong",),
           note="Có / Không: hoàn thành chương trình bồi dưỡng bắt buộc"),
    Column("danh_hieu_thi_dua", "Danh hiệu thi đua", "title", aliases=("danh hieu",),
           note="Chưa xét / Không / Lao động tiên tiến / Chiến sĩ thi đua cơ sở / …"),
    Column("cong_dan_hoc_tap", "Công dân học tập", "yesno", aliases=("danh hieu cong dan hoc tap",),
           note="Có / Không: đạt danh hiệu \"Công dân học tập\""),
    *(Column(f"nl{i}", f"NL{i}", "yesno", aliases=(f"nang luc {i}",), note=f"Có / Không: {text}")
      for i, text in enumerate(COMPETENCIES, start=1)),
    Column("khong_tinh", "Không tính", "text", aliases=("khong tinh vao tong so", "ly do khong tinh"),
           note="Ghi lý do nếu thành viên không tính vào tổng số (nghỉ dài ngày, mới chuyển đến dưới 6 tháng…)"),
    Column("ghi_chu", "Ghi chú", "text"),
)

COLUMNS_BY_KEY: dict[str, Column] = {c.key: c for c in MEMBER_COLUMNS}

# A rule's `cot` may name a group of columns.
COLUMN_GROUPS: dict[str, tuple[str, ...]] = {"nang_luc": tuple(f"nl{i}" for i in range(1, 9))}

# Answer kinds a rule predicate may apply to.
PREDICATE_KINDS: dict[str, tuple[str, ...]] = {
    "co": ("yesno",),
    "bang": ("plan",),
    "danh_hieu_tu": ("title",),
    "du_nang_luc": ("yesno",),
}


ALWAYS_REQUIRED: frozenset[str] = frozenset(c.key for c in MEMBER_COLUMNS if c.always_required)


def expand(column: str) -> tuple[str, ...]:
    """A rule's column name → the member column keys it reads."""
    return COLUMN_GROUPS.get(column, (column,))
