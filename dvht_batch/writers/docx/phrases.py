"""Sentences about criteria results, shared by the unit report and the department reports."""
from __future__ import annotations

from collections import Counter
from typing import Iterable

from dvht_batch.models import CriterionResult, Member
from dvht_batch.setup.unit_kinds import kinds_text
from dvht_batch.rules.articles import TIERS
from dvht_batch.writers.docx.common import (
    QUOTED_DVHT,    count_text, fmt_int, level_text, level_verdict, max_text, points_of, ratio_text, target_text,
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


def is_confirmed(criterion, level: int) -> bool:
    """Is the indicator's requirement at `level` confirmed against the published text (rules/articles.py)?"""
    return not criterion.unconfirmed and level not in criterion.unconfirmed_levels


def _requirement(criterion, level: int, value: str | None) -> tuple[str | None, str | None]:
    """(what is required, the article) as a signed document may state a level's requirement (docs/quy-tac.md):
    a confirmed one with its number and article; an unconfirmed one by its article only; (None, None) when
    there is nothing to state."""
    article = criterion.level_articles.get(level)
    if not is_confirmed(criterion, level):
        value = None
    return (value, article) if value or article else (None, None)


def _said(value: str | None, article: str | None, law: str) -> str:
    cited = f"{article} {law}".strip() if article else ""
    if value and cited:
        return f"{value} ({cited})"
    return value or f"theo {cited}"


def level_requirements(criterion) -> str:
    """'Mức độ 1: tối thiểu 90% (khoản 2 Điều 12, khoản 2 Điều 6); Mức độ 2: theo khoản 2 Điều 13, khoản 2 Điều 7
    Thông tư số 24/2023/TT-BGDĐT' (levels scheme: levels sharing a requirement named together, the text cited once
    after its last article); an indicator asked of some kinds of unit only adds '; chỉ áp dụng đối với cơ quan nhà
    nước, đơn vị sự nghiệp công lập'. A rule file without articles (`dieu`) prints the numbers."""
    if criterion.level_targets:
        per_level = {lv: f"tối thiểu {target_text(t)}" for lv, t in criterion.level_targets.items()}
    elif criterion.level_titles:
        per_level = {lv: f"“{t.label}” trở lên" for lv, t in criterion.level_titles.items()}
    else:
        per_level = {lv: None for lv in criterion.levels} if criterion.level_articles else {}
    groups: dict[tuple, list[int]] = {}
    for lv in sorted(per_level):
        said = _requirement(criterion, lv, per_level[lv])
        if said != (None, None):
            groups.setdefault(said, []).append(lv)
    parts = [_said(value, article, getattr(criterion, "law", "") if i == len(groups) - 1 else "")
             for i, (value, article) in enumerate(groups)]
    text = "; ".join(f"{_levels_text(lvs)}: {part}" for lvs, part in zip(groups.values(), parts))
    if not text and criterion.levels and not criterion.level_articles and not criterion.unconfirmed:
        text = f"Yêu cầu ở {_levels_text(criterion.levels)}"
    if getattr(criterion, "applies_to", ()):
        only = f"chỉ áp dụng đối với {kinds_text(criterion.applies_to)}"
        text = f"{text}; {only}" if text else only[0].upper() + only[1:]
    return text


def confirmed_verdict(cr: CriterionResult, criterion) -> str:
    """The indicator's verdict on the levels whose requirement is confirmed only: 'Đạt', 'Đạt Mức độ 1',
    'Không đạt Mức độ 1'; '' when no level of it is confirmed (the measured figure stands alone)."""
    if criterion is None or all(is_confirmed(criterion, lv) for lv in cr.passed_levels):
        return level_verdict(cr.passed_levels, cr.passed)
    sure = {lv: ok for lv, ok in sorted(cr.passed_levels.items()) if is_confirmed(criterion, lv)}
    met = [lv for lv, ok in sure.items() if ok]
    if met:
        return f"Đạt Mức độ {met[-1]}"
    return f"Không đạt Mức độ {min(sure)}" if sure else ""


def member_result_sentence(cr: CriterionResult, criterion, levels: bool) -> str:
    """'có 8/9 thành viên đạt (88,89%), mục tiêu 100%; đạt 8,89/10 điểm.'"""
    if not cr.denominator:
        return "chưa có thành viên được tính (chưa có số liệu hợp lệ)."
    base = f"có {count_text(cr)} thành viên đạt ({ratio_text(cr)})"
    if levels:
        return f"{base}; yêu cầu {level_requirements(criterion)}{_verdict_clause(cr, criterion)}."
    target = f", mục tiêu {target_text(cr.target)}" if cr.target is not None else ""
    return f"{base}{target}; đạt {points_of(cr)}/{max_text(cr.max_points)} điểm."


def _verdict_clause(cr: CriterionResult, criterion) -> str:
    """'; kết quả: đạt mức độ 1, chưa đạt mức độ 2' (inside a sentence: lower case, as the circular writes),
    on confirmed levels only; '' when none is confirmed."""
    text = confirmed_verdict(cr, criterion)
    if not text:
        return ""
    sure = [lv for lv in sorted(cr.passed_levels) if criterion is None or is_confirmed(criterion, lv)]
    failed = [lv for lv in sure if not cr.passed_levels[lv]]
    if text.startswith("Đạt Mức độ") and failed:
        text = f"đạt mức độ {text.rsplit(' ', 1)[-1]}, chưa đạt mức độ {failed[0]}"
    return f"; kết quả: {text.lower()}"


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
        return f"danh hiệu tập thể của đơn vị: {title}; yêu cầu {level_requirements(criterion)}{_verdict_clause(cr, criterion)}."
    note = f" ({cr.note.lower()})" if cr.note else ""
    return f"danh hiệu tập thể của đơn vị: {title}{note}; đạt {points_of(cr)}/{max_text(cr.max_points)} điểm."


def exclusion_summary(members: Iterable[Member], limit: int = 6) -> str:
    """'Nghỉ thai sản (2), Chuyển công tác (1)' — reasons with how many members each."""
    counts = Counter(m.excluded_reason.strip() for m in members if m.excluded_reason)
    items = [f"{reason} ({n})" for reason, n in counts.most_common(limit)]
    if len(counts) > limit:
        items.append(f"lý do khác ({sum(n for _, n in counts.most_common()[limit:])})")
    return "; ".join(items)


def confirmed_blocking(score, rule_set) -> tuple[int | None, list[str]]:
    """The next level and the indicators that block it, as a signed document may say: only when the stated
    result is the measured one and only indicators whose requirement at that level is confirmed."""
    if not score.failing or score.concluded is None or score.concluded != score.classification:
        return None, []
    names = {rule_set.level_name(lv): lv for lv in rule_set.levels}
    current = names.get(score.classification, 0)
    upcoming = [lv for lv in rule_set.levels if lv > current]
    if not upcoming:
        return None, []
    rules = {c.code: c for c in rule_set.criteria}
    codes = [code for code in score.failing if code in rules and is_confirmed(rules[code], upcoming[0])]
    return (upcoming[0], codes) if codes else (None, [])


def confirmed_level_text(cr: CriterionResult, criterion) -> str:
    """'Mức độ 2', 'Mức độ 1', 'Chưa đạt' on the levels whose requirement is confirmed only ('' when none is)."""
    sure = {lv: ok for lv, ok in cr.passed_levels.items() if criterion is None or is_confirmed(criterion, lv)}
    return level_text(sure) if sure else ""


def dvht_title(rule_set) -> str:
    """The title as the circular names it for the unit's administrative level: '“Đơn vị học tập” cấp tỉnh'
    (levels scheme with a tier: rules/articles.py); otherwise '“Đơn vị học tập”'."""
    tier = TIERS.get(rule_set.tier or "") if rule_set is not None and rule_set.scheme == "levels" else None
    return f"{QUOTED_DVHT} cấp {tier}" if tier else QUOTED_DVHT


def unlisted_indicators(group) -> str:
    """'Các chỉ tiêu khác theo khoản 2 Điều 12, khoản 2 Điều 6 Thông tư số … (Mức độ 1); …' for a criterion with
    indicators the rule file does not list ([[nhom]] chua_du_chi_tieu): cited to their article, never guessed."""
    cited = {lv: group.level_articles[lv] for lv in group.missing_levels if lv in group.level_articles}
    if not cited:
        return ""
    return "Các chỉ tiêu khác theo " + "; ".join(f"{article} ({_levels_text([lv])})" for lv, article in cited.items())
