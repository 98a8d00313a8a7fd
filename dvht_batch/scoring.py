"""Criteria → points or levels, and classification. Pure functions, exact arithmetic.

Points scheme (tt22-2020): each criterion rounded half-up to 2 places; the total is the sum of the
rounded criteria and is classified as it is (84,60 is Khá), lower bounds inclusive.
Levels scheme (tt24-2023): each indicator passes or fails per level; the unit reaches the highest
level all of whose indicators pass.
"""
from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Iterable

from dvht_batch.columns import expand
from dvht_batch.models import CriterionResult, Member, Score, Title, UnitInput
from dvht_batch.rules import Criterion, RuleSet
from dvht_batch.unit_kinds import UNIT_KINDS
from dvht_batch.vn.numbers import round2

ZERO = Decimal("0.00")


def member_meets(criterion: Criterion, member: Member) -> bool:
    """Does one member satisfy a member-ratio criterion's predicate?"""
    keys = expand(criterion.column or "")
    answers = member.answers
    if criterion.predicate == "co":
        return answers.get(keys[0]) is True
    if criterion.predicate == "bang":
        return answers.get(keys[0]) == criterion.value
    if criterion.predicate == "danh_hieu_tu":
        title = answers.get(keys[0])
        return isinstance(title, Title) and isinstance(criterion.value, Title) and title.at_least(criterion.value)
    if criterion.predicate == "du_nang_luc":
        return sum(1 for k in keys if answers.get(k) is True) >= (criterion.min_count or len(keys))
    raise ValueError(f"unknown predicate {criterion.predicate!r}")


def ratio_points(criterion: Criterion, count: int, denominator: int) -> Decimal:
    """Points for a member-ratio criterion (docs/quy-tac.md §2). No members → 0 points."""
    max_points = criterion.max_points or Decimal(0)
    if denominator <= 0:
        return ZERO
    ratio = Fraction(count, denominator)
    target = Fraction(criterion.target)
    if criterion.mode == "proportional":
        return round2(Fraction(max_points) * min(Fraction(1), ratio / target))
    if criterion.mode == "all_or_nothing":
        return round2(max_points) if ratio >= target else ZERO
    if criterion.mode == "bands":
        for min_ratio, points in criterion.bands:  # descending by ratio
            if ratio >= Fraction(min_ratio):
                return round2(points)
        return ZERO
    raise ValueError(f"unknown mode {criterion.mode!r}")


def classify_points(total: Decimal, rule_set: RuleSet) -> str:
    for name, lower_bound in rule_set.classes:  # descending, inclusive
        if total >= lower_bound:
            return name
    return rule_set.fail_class


def _member_result(criterion: Criterion, counted: list[Member], levels_scheme: bool) -> CriterionResult:
    failing = [m for m in counted if not member_meets(criterion, m)]
    count, denominator = len(counted) - len(failing), len(counted)
    ratio = Decimal(count) / Decimal(denominator) if denominator else None
    result = CriterionResult(
        code=criterion.code, text=criterion.text, group=criterion.group, kind=criterion.kind,
        max_points=criterion.max_points, count=count, denominator=denominator, ratio=ratio,
        target=None if levels_scheme else criterion.target, levels=criterion.levels,
        failing_members=failing,
    )
    if levels_scheme:
        passed = {lv: denominator > 0 and Fraction(count, denominator) >= Fraction(t)
                  for lv, t in criterion.level_targets.items()}
        result.passed_levels = passed
        result.passed = all(passed.values())
        if criterion.level_targets:
            result.target = min(criterion.level_targets.values())
    else:
        result.points = ratio_points(criterion, count, denominator)
        result.passed = denominator > 0 and Fraction(count, denominator) >= Fraction(criterion.target)
    if denominator == 0:
        result.note = "Không có thành viên được tính"
    return result


def _unit_input_result(criterion: Criterion, given: UnitInput | None, levels_scheme: bool) -> CriterionResult:
    result = CriterionResult(code=criterion.code, text=criterion.text, group=criterion.group, kind=criterion.kind,
                             max_points=criterion.max_points, levels=criterion.levels,
                             evidence=given.evidence if given else None)
    if levels_scheme:
        result.passed = bool(given and given.passed)
        result.passed_levels = {lv: result.passed for lv in criterion.levels}
        if given is None or given.passed is None:
            result.note = "Chưa có kết quả tự đánh giá của đơn vị"
        return result
    if given is None or given.self_score is None:
        result.points = ZERO
        result.note = "Chưa có điểm tự chấm của đơn vị"
    else:
        result.points = round2(min(given.self_score, criterion.max_points or given.self_score))
    result.passed = result.points == round2(criterion.max_points or 0)
    return result


def _title_result(criterion: Criterion, title: Title | None, levels_scheme: bool) -> CriterionResult:
    result = CriterionResult(code=criterion.code, text=criterion.text, group=criterion.group, kind=criterion.kind,
                             max_points=criterion.max_points, levels=criterion.levels,
                             evidence=title.label if title else None)
    if title is None:
        result.note = "Chưa có danh hiệu tập thể của đơn vị"
    elif title is Title.PENDING:
        result.note = "Danh hiệu tập thể chưa được xét"
    if levels_scheme:
        result.passed_levels = {lv: bool(title and title.at_least(t)) for lv, t in criterion.level_titles.items()}
        result.passed = all(result.passed_levels.values())
        return result
    result.passed = bool(title and criterion.min_title and title.at_least(criterion.min_title))
    result.points = round2(criterion.max_points or 0) if result.passed else ZERO
    return result


def not_applicable(criterion: Criterion, unit_kind: str | None) -> CriterionResult:
    """An indicator the unit's kind is not asked (TT 24: 1.3 outside state bodies): neither met nor failed."""
    return CriterionResult(code=criterion.code, text=criterion.text, group=criterion.group, kind=criterion.kind,
                           applicable=False, note=f"Không áp dụng đối với {UNIT_KINDS.get(unit_kind or '', 'đơn vị')}")


def score_population(
    rule_set: RuleSet,
    members: Iterable[Member],
    unit_inputs: dict[str, UnitInput] | None = None,
    collective_title: Title | None = None,
    member_criteria_only: bool = False,
    unit_kind: str | None = None,
) -> Score:
    """Score a population. Members with a "Không tính" reason are left out of every denominator.

    For a department, pass `member_criteria_only=True`: only member-ratio criteria, no total.
    An indicator not asked of this `unit_kind` (`ap_dung_cho`) is "không áp dụng": required at no level.
    """
    counted = [m for m in members if not m.excluded]
    levels_scheme = rule_set.scheme == "levels"
    results: list[CriterionResult] = []
    for criterion in rule_set.criteria:
        if not criterion.applies(unit_kind):
            if not member_criteria_only or criterion.kind == "member_ratio":
                results.append(not_applicable(criterion, unit_kind))
        elif criterion.kind == "member_ratio":
            results.append(_member_result(criterion, counted, levels_scheme))
        elif member_criteria_only:
            continue
        elif criterion.kind == "unit_input":
            results.append(_unit_input_result(criterion, (unit_inputs or {}).get(criterion.code), levels_scheme))
        else:
            results.append(_title_result(criterion, collective_title, levels_scheme))
    if member_criteria_only:
        return Score(criteria=results)
    if levels_scheme:
        return _classify_levels(rule_set, results)
    total = sum((r.points or ZERO for r in results), ZERO)
    return Score(criteria=results, total=total, classification=classify_points(total, rule_set))


def _classify_levels(rule_set: RuleSet, results: list[CriterionResult]) -> Score:
    reached = 0
    failing: list[str] = []
    for level in rule_set.levels:
        blocking = [r.code for r in results if level in r.levels and not r.passed_levels.get(level, False)]
        if blocking:
            failing = blocking
            break
        reached = level
    name = rule_set.level_name(reached) if reached else rule_set.fail_class
    return Score(criteria=results, classification=name, failing=failing)
