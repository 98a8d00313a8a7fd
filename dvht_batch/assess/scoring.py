"""Criteria → points or levels, and classification. Pure functions, exact arithmetic.

Points scheme (tt22-2020): each criterion rounded half-up to 2 places; the total is the sum of the
rounded criteria and is classified as it is (84,60 is Khá), lower bounds inclusive.
Levels scheme (tt24-2023): each indicator passes or fails per level; the unit reaches the highest
level all of whose indicators pass.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from functools import lru_cache
from itertools import repeat
from operator import is_
from typing import Callable, Iterable

from dvht_batch.vocab.columns import expand
from dvht_batch.models import CriterionResult, Member, Score, Title, UnitInput
from dvht_batch.rules import Criterion, RuleSet
from dvht_batch.rules.articles import concludable
from dvht_batch.setup.unit_kinds import UNIT_KINDS
from dvht_batch.vn.numbers import round2

ZERO = Decimal("0.00")


def member_meets(criterion: Criterion, member: Member) -> bool:
    """Does one member satisfy a member-ratio criterion's predicate? The reference for `failing_members`."""
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


def failing_members(criterion: Criterion, members: list[Member]) -> list[Member]:
    """The members, in order, who do not satisfy the criterion's predicate: `member_meets` said once per
    criterion (a filter compiled for the criterion's column and predicate) instead of once per member."""
    if not members:
        return []
    return _failing_filter(criterion.column or "", criterion.predicate, criterion.value, criterion.min_count)(members)


MemberFilter = Callable[[list[Member]], list[Member]]


@lru_cache(maxsize=256)  # a few criteria per rule set
def _failing_filter(column: str, predicate: str | None, value: object, min_count: int | None) -> MemberFilter:
    """A criterion's negated predicate over a list of members; each branch says what `member_meets` says."""
    keys = expand(column)
    key = keys[0]
    if predicate == "co":
        return lambda members: [m for m in members if m.answers.get(key) is not True]
    if predicate == "bang":
        return lambda members: [m for m in members if not (m.answers.get(key) == value)]
    if predicate == "danh_hieu_tu":
        if not isinstance(value, Title):
            return list  # no answer reaches a threshold that is not a title: every member fails
        return lambda members: [m for m in members
                                if not (isinstance(title := m.answers.get(key), Title) and title.at_least(value))]
    if predicate == "du_nang_luc":
        needed, trues = min_count or len(keys), tuple(repeat(True, len(keys)))
        return lambda members: [m for m in members if sum(map(is_, map(m.answers.get, keys), trues)) < needed]
    raise ValueError(f"unknown predicate {predicate!r}")


@dataclass(frozen=True)
class Tally:
    """A population's members tested once against a rule set's member-ratio criteria: how many members are
    counted (not "Không tính"), and per criterion (same positions as `RuleSet.criteria`; None for the others
    and for those not asked of the unit's kind) the counted members who fail it, in member order."""

    counted: int
    failing: tuple[list[Member] | None, ...]


def tally_members(rule_set: RuleSet, members: Iterable[Member], unit_kind: str | None = None) -> Tally:
    counted = [m for m in members if not m.excluded]
    failing = tuple(failing_members(c, counted) if c.kind == "member_ratio" and c.applies(unit_kind) else None
                    for c in rule_set.criteria)
    return Tally(counted=len(counted), failing=failing)


def merge_tallies(rule_set: RuleSet, tallies: list[Tally], unit_kind: str | None = None) -> Tally:
    """The tally of the populations put together in this order (a unit from its departments' tallies):
    equal to `tally_members` over their members concatenated."""
    if not tallies:
        return tally_members(rule_set, [], unit_kind)
    failing = tuple(None if lists[0] is None else [m for one in lists for m in one]
                    for lists in zip(*(t.failing for t in tallies)))
    return Tally(counted=sum(t.counted for t in tallies), failing=failing)


def ratio_points(criterion: Criterion, count: int, denominator: int) -> Decimal:
    """Points for a member-ratio criterion (docs/quy-tac.md §2). No members → 0 points."""
    return _ratio_points(criterion.mode, criterion.max_points or Decimal(0), criterion.target, criterion.bands,
                         count, denominator)


@lru_cache(maxsize=4096)  # departments of a few dozen members give the same (count, denominator) again and again
def _ratio_points(mode: str, max_points: Decimal, target: Decimal, bands: tuple[tuple[Decimal, Decimal], ...],
                  count: int, denominator: int) -> Decimal:
    if denominator <= 0:
        return ZERO
    ratio = Fraction(count, denominator)
    target_ratio = Fraction(target)
    if mode == "proportional":
        return round2(Fraction(max_points) * min(Fraction(1), ratio / target_ratio))
    if mode == "all_or_nothing":
        return round2(max_points) if ratio >= target_ratio else ZERO
    if mode == "bands":
        for min_ratio, points in bands:  # descending by ratio
            if ratio >= Fraction(min_ratio):
                return round2(points)
        return ZERO
    raise ValueError(f"unknown mode {mode!r}")


def reaches(count: int, denominator: int, target: Decimal) -> bool:
    """count / denominator ≥ target, exactly; no members reach nothing."""
    if denominator <= 0:
        return False
    exact = _fraction(target)  # both denominators positive: compare the cross products
    return count * exact.denominator >= exact.numerator * denominator


@lru_cache(maxsize=256)  # a rule set's few targets
def _fraction(value: Decimal) -> Fraction:
    return Fraction(value)


def classify_points(total: Decimal, rule_set: RuleSet) -> str:
    for name, lower_bound in rule_set.classes:  # descending, inclusive
        if total >= lower_bound:
            return name
    return rule_set.fail_class


def _member_result(criterion: Criterion, failing: list[Member], denominator: int,
                   levels_scheme: bool) -> CriterionResult:
    count = denominator - len(failing)
    ratio = Decimal(count) / Decimal(denominator) if denominator else None
    result = CriterionResult(
        code=criterion.code, text=criterion.text, group=criterion.group, kind=criterion.kind,
        max_points=criterion.max_points, count=count, denominator=denominator, ratio=ratio,
        target=None if levels_scheme else criterion.target, levels=criterion.levels,
        failing_members=failing,
    )
    if levels_scheme:
        passed = {lv: reaches(count, denominator, t) for lv, t in criterion.level_targets.items()}
        result.passed_levels = passed
        result.passed = all(passed.values())
        if criterion.level_targets:
            result.target = min(criterion.level_targets.values())
    else:
        result.points = ratio_points(criterion, count, denominator)
        result.passed = reaches(count, denominator, criterion.target)
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
    return score_tally(rule_set, tally_members(rule_set, members, unit_kind), unit_inputs, collective_title,
                       member_criteria_only, unit_kind)


def score_tally(
    rule_set: RuleSet,
    tally: Tally,
    unit_inputs: dict[str, UnitInput] | None = None,
    collective_title: Title | None = None,
    member_criteria_only: bool = False,
    unit_kind: str | None = None,
) -> Score:
    """`score_population` of the members already tallied (`tally_members`, `merge_tallies`)."""
    levels_scheme = rule_set.scheme == "levels"
    results: list[CriterionResult] = []
    for criterion, failing in zip(rule_set.criteria, tally.failing):
        if not criterion.applies(unit_kind):
            if not member_criteria_only or criterion.kind == "member_ratio":
                results.append(not_applicable(criterion, unit_kind))
        elif criterion.kind == "member_ratio":
            results.append(_member_result(criterion, failing, tally.counted, levels_scheme))
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
    name = classify_points(total, rule_set)
    return Score(criteria=results, total=total, classification=name, concluded=name)


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
    concluded = concluded_level(rule_set, reached, failing)
    return Score(criteria=results, classification=name, failing=failing, concluded=(
        None if concluded is None else rule_set.level_name(concluded) if concluded else rule_set.fail_class))


def concluded_level(rule_set: RuleSet, reached: int, failing: list[str]) -> int | None:
    """The level a signed document may state (docs/quy-tac.md): the highest level reached whose requirements,
    and those of every level below it, are all confirmed in the rule set; 0 ("Chưa đạt") only when level 1
    fails on a confirmed requirement; None when nothing can be concluded until the office confirms the file."""
    if reached == 0:
        first = rule_set.levels[0] if rule_set.levels else 1
        confirmed_fail = [c for c in rule_set.criteria if c.code in failing
                          and not c.unconfirmed and first not in c.unconfirmed_levels]
        return 0 if confirmed_fail else None
    sure = [lv for lv in rule_set.levels if lv <= reached and concludable(rule_set, lv)]
    return sure[-1] if sure else None
