"""Sentences about criteria results, shared by the unit report and the department reports."""
from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Iterable

from dvht_batch.models import CriterionResult, Member
from dvht_batch.period import Period
from dvht_batch.setup.unit_kinds import kinds_text
from dvht_batch.writers.docx.common import (
    count_text, fmt_int, level_verdict, max_text, points_of, ratio_text, target_text,
)

# What a member has to do to meet a member-ratio criterion, by the column it reads.
ACTIONS = {
    "ke_hoach_tu_hoc": "hoàn thiện kế hoạch tự học và trình lãnh đạo phê duyệt",
    "tuan_thu_ky_luat": "chấn chỉnh việc chấp hành kỷ luật lao động, nội quy cơ quan",
    "hoan_thanh_boi_duong": "hoàn thành chương trình bồi dưỡng bắt buộc",
    "danh_hieu_thi_dua": "phấn đấu đạt danh hiệu “Lao động tiên tiến” trở lên",
    "nang_luc": "bồi dưỡng các năng lực “Công dân học tập” còn thiếu",
    "cong_dan_hoc_tap": "phấn đấu đạt danh hiệu “Công dân học tập”",
}


def action_for(criterion) -> str:
    return ACTIONS.get(criterion.column or "", f"đáp ứng tiêu chí {criterion.code}")


def name_list(names: list[str], limit: int = 12) -> str:
    """'A, B và C'; a long list is cut: 'A, B, … và 8 phòng khác'."""
    if not names:
        return ""
    if len(names) > limit:
        return ", ".join(names[:limit]) + f" và {fmt_int(len(names) - limit)} phòng khác"
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + " và " + names[-1]


def _levels_text(levels) -> str:
    """(1,) → 'Mức độ 1'; (1, 2) → 'Mức độ 1 và Mức độ 2'."""
    names = [f"Mức độ {lv}" for lv in levels]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " và " + names[-1]


def _by_requirement(per_level: dict, text) -> str:
    """Levels sharing a requirement are named together: 'Mức độ 1 và Mức độ 2: từ 90%'."""
    groups: dict[str, list[int]] = {}
    for lv, value in sorted(per_level.items()):
        groups.setdefault(text(value), []).append(lv)
    return "; ".join(f"{_levels_text(lvs)}: {req}" for req, lvs in groups.items())


def level_requirements(criterion) -> str:
    """'Mức độ 1: từ 90%; Mức độ 2: từ 95%', 'Mức độ 1 và Mức độ 2: từ 90%' (levels scheme); an indicator asked
    of some kinds of unit only adds '; chỉ áp dụng đối với cơ quan nhà nước, đơn vị sự nghiệp công lập'."""
    if criterion.level_targets:
        text = _by_requirement(criterion.level_targets, lambda t: f"từ {target_text(t)}")
    elif criterion.level_titles:
        text = _by_requirement(criterion.level_titles, lambda t: f"“{t.label}” trở lên")
    elif criterion.levels:
        text = f"Yêu cầu ở {_levels_text(criterion.levels)}"
    else:
        text = ""
    if getattr(criterion, "applies_to", ()):
        only = f"chỉ áp dụng đối với {kinds_text(criterion.applies_to)}"
        text = f"{text}; {only}" if text else only[0].upper() + only[1:]
    return text


def member_result_sentence(cr: CriterionResult, criterion, levels: bool) -> str:
    """'có 8/9 thành viên đạt (88,89%), mục tiêu 100%; đạt 8,89/10 điểm.'"""
    if not cr.denominator:
        return "chưa có thành viên được tính (chưa có số liệu hợp lệ)."
    base = f"có {count_text(cr)} thành viên đạt ({ratio_text(cr)})"
    if levels:
        return f"{base}; yêu cầu {level_requirements(criterion)}; kết quả: {_verdict(cr)}."
    target = f", mục tiêu {target_text(cr.target)}" if cr.target is not None else ""
    return f"{base}{target}; đạt {points_of(cr)}/{max_text(cr.max_points)} điểm."


def _verdict(cr: CriterionResult) -> str:
    """'đạt', 'đạt mức độ 1, chưa đạt mức độ 2', 'không đạt' (inside a sentence: lower case, as the circular writes)."""
    text = level_verdict(cr.passed_levels, cr.passed)
    failed = [lv for lv, ok in sorted(cr.passed_levels.items()) if not ok]
    if text.startswith("Đạt Mức độ") and failed:
        return f"đạt mức độ {text.rsplit(' ', 1)[-1]}, chưa đạt mức độ {failed[0]}"
    return text.lower()


def unit_input_sentence(cr: CriterionResult, levels: bool) -> str:
    if levels:
        if cr.note:
            return f"{cr.note.lower()}."
        return f"đơn vị tự đánh giá: {'đạt' if cr.passed else 'không đạt'}."
    if cr.note:
        return f"{cr.note.lower()} (tạm tính {points_of(cr)} điểm)."
    return f"đơn vị tự chấm {points_of(cr)}/{max_text(cr.max_points)} điểm."


def title_sentence(cr: CriterionResult, criterion, levels: bool) -> str:
    title = cr.evidence or "chưa có"
    if levels:
        return f"danh hiệu tập thể của đơn vị: {title}; yêu cầu {level_requirements(criterion)}; kết quả: {_verdict(cr)}."
    note = f" ({cr.note.lower()})" if cr.note else ""
    return f"danh hiệu tập thể của đơn vị: {title}{note}; đạt {points_of(cr)}/{max_text(cr.max_points)} điểm."


def exclusion_summary(members: Iterable[Member], limit: int = 6) -> str:
    """'Nghỉ thai sản (2), Chuyển công tác (1)' — reasons with how many members each."""
    counts = Counter(m.excluded_reason.strip() for m in members if m.excluded_reason)
    items = [f"{reason} ({n})" for reason, n in counts.most_common(limit)]
    if len(counts) > limit:
        items.append(f"lý do khác ({sum(n for _, n in counts.most_common()[limit:])})")
    return "; ".join(items)


def next_submission(period: Period) -> tuple[Period, date]:
    """The next period and its deadline: data of a month go to the office by day 5 of the following month.

    After a year's report the next data due are those of January of the next year.
    """
    nxt = Period(period.year + 1, 1) if period.month is None or period.month == 12 else Period(period.year, period.month + 1)
    assert nxt.month is not None
    due = date(nxt.year + 1, 1, 5) if nxt.month == 12 else date(nxt.year, nxt.month + 1, 5)
    return nxt, due

