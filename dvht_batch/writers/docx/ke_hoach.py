"""The KẾ HOẠCH xây dựng "Đơn vị học tập" (one year or a period of years), as agencies write it.

Its content is data: the plan file (`ke_hoach.toml`, docs/ke-hoach.md) may give the trích yếu, the
period, the bases with their verbs, every section, the tasks per department or role, annexes,
recipients, signer; whatever it leaves out is the tool's wording (ke_hoach_defaults.py). The
criteria section is taken from the rule set (groups, criteria, classes or levels — never retyped);
the timeline derives from the plan's date and period (dvht_batch/plan/timeline.py).
"""
from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path

from dvht_batch.vocab.columns import COMPETENCIES, expand
from dvht_batch.plan.model import PlanSpec, Section
from dvht_batch.assess.document_dates import plan_after_start
from dvht_batch.rules import legal
from dvht_batch.writers.docx import ke_hoach_defaults as defaults
from dvht_batch.writers.docx.common import QUOTED_DVHT, max_text, target_text
from dvht_batch.writers.docx.ke_hoach_context import PlanContext, plan_context
from dvht_batch.writers.docx.ke_hoach_text import fill, render_text
from dvht_batch.writers.docx.layout import OfficialDocument
from dvht_batch.writers.docx.ooxml import Col, Table
from dvht_batch.writers.docx.phrases import level_requirements, unlisted_indicators

BASIS_VERBS = ("căn cứ", "thực hiện", "theo", "triển khai", "thi hành")
ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV")


def plan_summary(year: int) -> str:
    return f"Xây dựng {QUOTED_DVHT} năm {year}"


def write_plan(config, rule_set, year: int | None, path: Path, plan: PlanSpec | None = None, *,
               today: date, checks: list[str] | None = None) -> Path:
    """Write the KẾ HOẠCH to `path` (.docx); `year` (when given) wins over the plan file's period. `today`:
    the day it is written (its date when [van_ban] gives none), from the caller's clock. `checks`, when given,
    receives what the office checks before signing: a date after the plan's first year began
    (assess/document_dates.py) and each highlighted place to fill in, with where it is."""
    doc = build_plan(config, rule_set, year, today, plan)
    doc.created = datetime.combine(today, time())
    if checks is not None:
        spec = plan or PlanSpec()
        ctx = plan_context(config, rule_set, spec.with_year(year) if year is not None else spec, today)
        # a year's plan; a period's plan (giai đoạn 2024–2030) is often issued within its first year
        late = plan_after_start(ctx.issued.latest(), ctx.first) if ctx.first == ctx.last else None
        checks += ([late] if late else []) + [f"Chỗ cần ghi, điền (tô vàng): {f.line()}" for f in doc.fill_ins]
    return doc.save(Path(path))


def build_plan(config, rule_set, year: int | None, today: date,
               plan: PlanSpec | None = None) -> OfficialDocument:
    spec = plan or PlanSpec()
    if year is not None:
        spec = spec.with_year(year)
    ctx = plan_context(config, rule_set, spec, today)
    values = ctx.values
    doc = OfficialDocument(getattr(config.documents, "margins_mm", None), title=fill(ctx.title, values))
    doc.header_block(ctx.header())
    doc.title_block("Kế hoạch", fill(ctx.title, values))
    _bases(doc, ctx)
    doc.body(fill(spec.intro or defaults.intro(ctx), values))
    sections = spec.sections if spec.sections is not None else tuple(Section(auto=a) for a in defaults.DEFAULT_SECTIONS)
    timeline_apart = any(s.auto == "tien_do" for s in sections)
    for n, section in enumerate(sections):
        _section(doc, ctx, section, ROMAN[n] if n < len(ROMAN) else str(n + 1), timeline_apart)
    doc.body(fill(spec.ending or defaults.ending(ctx), values), keep_next=True)
    doc.closing(ctx.closing())
    for n, annex in enumerate(spec.annexes):
        doc.annex(ROMAN[n] if n < len(ROMAN) else str(n + 1), fill(annex.title, values), ctx.annex_reference(),
                  caption=annex.label)
        render_text(doc, annex.text, values)
    return doc


def _bases(doc: OfficialDocument, ctx: PlanContext) -> None:
    """The rule set's basis (unless the file says can_cu_bo_tieu_chi = false), then the plan's own lines
    (or dvht.toml's), each with its verb: 'Căn cứ …', 'Thực hiện …' ('Căn cứ' when none is written)."""
    own = ctx.spec.legal_bases if ctx.spec.legal_bases is not None else ctx.config.documents.legal_bases
    last_day = date(ctx.last, 12, 31)  # a text repealed by then is not cited as in force (rules/legal.py)
    cited = legal.cited_bases(ctx.rule_set, ctx.config.guidance, last_day) if ctx.spec.cite_rule_set else []
    if ctx.spec.cite_rule_set and not cited and ctx.rule_set.repealed_for(last_day):
        doc.placeholder(f"{ctx.coordinator} ghi căn cứ: văn bản hướng dẫn của tỉnh về việc đánh giá đang áp dụng")
    lines = cited + list(own)
    for basis in (b for b in lines if b and b.strip()):
        text = fill(basis.strip().rstrip(";."), ctx.values)
        if not text.lower().startswith(BASIS_VERBS):
            text = f"Căn cứ {text}"
        doc.body(f"{text};")


def _section(doc: OfficialDocument, ctx: PlanContext, section: Section, number: str, timeline_apart: bool) -> None:
    title = section.title or defaults.AUTO_TITLES.get(section.auto or "", "")
    doc.heading1(f"{number}. {fill(title, ctx.values)}")
    writers = {
        "muc_dich": lambda: render_text(doc, defaults.purpose(ctx), ctx.values),
        "tieu_chi": lambda: _criteria(doc, ctx.rule_set, ctx.coordinator, bool(ctx.departments),
                                      legal.applied_name(ctx.rule_set, date(ctx.last, 12, 31))),
        "noi_dung": lambda: render_text(doc, defaults.contents(ctx), ctx.values),
        "khen_thuong": lambda: render_text(doc, defaults.rewards(ctx), ctx.values),
        "kinh_phi": lambda: render_text(doc, defaults.funding(ctx), ctx.values),
        "to_chuc": lambda: _organisation(doc, ctx, with_timeline=not timeline_apart),
        "tien_do": lambda: _timeline(doc, ctx, 0),
    }
    if section.auto:
        writers[section.auto]()
    else:
        render_text(doc, section.text or "", ctx.values)


def _letter(criterion, group_code: str) -> str:
    code = criterion.code
    return code[len(group_code):].lstrip(".") if code.startswith(group_code) and len(code) > len(group_code) else code


def _criteria(doc: OfficialDocument, rule_set, coordinator: str = "Văn phòng", departments: bool = True,
              applied: str | None = None) -> None:
    """Section II from the rule set; `applied` names the criteria (legal.applied_name), the rule set's name by default."""
    levels = rule_set.scheme == "levels"
    _how_assessed(doc, rule_set, applied or rule_set.name, levels)
    groups = list(rule_set.groups)
    for n, group in enumerate(groups, start=1):
        _group(doc, rule_set, group, n, levels)
    if not levels:
        _scoring(doc, rule_set, len(groups) + 1, departments)


def _how_assessed(doc: OfficialDocument, rule_set, applied: str, levels: bool) -> None:
    """The opening sentence: recognised by levels (each level's criteria all met), or classed by points."""
    if levels:
        names = ", ".join(rule_set.level_name(lv) for lv in rule_set.levels)
        doc.body(f"Đánh giá, công nhận {QUOTED_DVHT} theo {applied} ({names}); đơn vị được công nhận ở một "
                 "mức độ khi đạt tất cả các tiêu chí yêu cầu ở mức độ đó.")
    else:
        total = rule_set.max_total or sum((c.max_points or Decimal(0) for c in rule_set.criteria), Decimal(0))
        doc.body(f"Đánh giá, xếp loại {QUOTED_DVHT} theo {applied}, bằng phương thức chấm điểm; tổng số điểm "
                 f"tối đa của các tiêu chí là {max_text(total)} điểm.")


def _group(doc: OfficialDocument, rule_set, group, n: int, levels: bool) -> None:
    """Group `n`'s heading (with its maximum points), then its criteria lettered a), b), …, each with its
    levels' requirements or its points; the indicators the rule file does not list last."""
    items = [c for c in rule_set.criteria if c.group == group.code]
    heading = f"{n}. {group.text}"
    if not levels:
        heading += f" (tối đa {max_text(sum((c.max_points or Decimal(0) for c in items), Decimal(0)))} điểm)"
    doc.heading2(heading)
    others = unlisted_indicators(group) if levels else ""  # indicators the rule file does not list
    for i, c in enumerate(items):
        end = "." if i == len(items) - 1 and not others else ";"
        label = _letter(c, group.code)
        if levels:
            req = level_requirements(c)  # with "chỉ áp dụng đối với …" for TT 24's 1.3
            doc.body(f"{label}) {c.text}" + (f" ({req})" if req else "") + end)
        else:
            extra = ""
            if c.kind == "member_ratio" and c.target != 1:
                extra = f", đạt điểm tối đa khi tỷ lệ thành viên đạt từ {target_text(c.target)}"
            doc.body(f"{label}) {c.text} (tối đa {max_text(c.max_points)} điểm{extra})" + end)
        if c.column == "nang_luc" or (c.column and len(expand(c.column)) > 1 and c.predicate == "du_nang_luc"):
            _competencies(doc, c)
    if others:
        doc.body(f"{len(items) + 1}) {others}.")


def _competencies(doc: OfficialDocument, c) -> None:
    """How many of the competencies a member needs to count as meeting criterion `c`, and which they are."""
    keys = expand(c.column)
    k = c.min_count or len(keys)
    doc.body(f"Thành viên được tính là đạt khi đáp ứng {k}/{len(keys)} năng lực sau:")
    for text in COMPETENCIES[:len(keys)]:
        doc.dash(f"{text};")


def _scoring(doc: OfficialDocument, rule_set, n: int, departments: bool) -> None:
    """Heading `n`, 'Cách tính điểm và xếp loại' (points scheme): how member ratios become points (bands,
    all or nothing, proportional), then each class's range of total points."""
    doc.heading2(f"{n}. Cách tính điểm và xếp loại")
    doc.dash("Tiêu chí về thành viên được tính theo tỷ lệ thành viên đạt trên tổng số thành viên được tính của toàn "
             + ("đơn vị (không lấy trung bình tỷ lệ của các phòng)." if departments else "đơn vị."))
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


def _organisation(doc: OfficialDocument, ctx: PlanContext, with_timeline: bool) -> None:
    tasks = ctx.spec.tasks if ctx.spec.tasks is not None else defaults.default_tasks(ctx)
    text = "\n".join(f"## {task.who}\n{task.text}" for task in tasks)
    numbered = render_text(doc, text, ctx.values)
    if with_timeline:
        doc.heading2(f"{numbered + 1}. Tiến độ thực hiện")
        _timeline(doc, ctx, numbered + 1)


def _timeline(doc: OfficialDocument, ctx: PlanContext, level: int) -> None:
    """Phases (multi-year plans), the table of deadlines, the calendar of monthly data (one-year plans)."""
    t = ctx.timeline
    for phase in t.phases:
        last = phase.number == len(t.phases)
        what = ("triển khai Kế hoạch, tự đánh giá hằng năm; sơ kết giai đoạn vào tháng 12 năm "
                f"{phase.last}." if phase.number == 1 else
                f"trên cơ sở kết quả sơ kết, tiếp tục triển khai; tổng kết Kế hoạch vào tháng 12 năm {phase.last}.")
        doc.body([(f"Giai đoạn {phase.number} ({phase.first}–{phase.last}): ", "b"), what], keep_next=last)
    w = doc.width_mm
    when_w = 42 if ctx.one_year else 52
    table = Table([Col(12, "center"), Col(w - 12 - when_w - 42), Col(when_w, "center"), Col(42)],
                  keep_together=len(t.rows) <= 8)  # a long table may break (its header row repeats)
    table.row(["STT", "Nội dung công việc", "Thời gian", "Thực hiện"], header=True)
    for i, (task, when, who) in enumerate(t.rows, start=1):
        table.row([str(i), task, when, who])
    doc.table(table)
    if not t.months:
        return
    doc.body(f"Lịch gửi số liệu hằng tháng về {ctx.coordinator_text}:" if ctx.departments
             else "Lịch cập nhật số liệu hằng tháng:", keep_next=True)
    cal = Table([Col(w / 4, "center")] * 4, keep_together=True)
    cal.row(["Số liệu", "Hạn gửi", "Số liệu", "Hạn gửi"], header=True)
    months = list(t.months)
    half = (len(months) + 1) // 2
    for k in range(half):
        right = months[half + k] if half + k < len(months) else ("", "")
        cal.row([*months[k], *right])
    doc.table(cal)


__all__ = ["write_plan", "build_plan", "plan_summary"]
