"""Scoring's fast paths equal their references: the compiled member filters (`failing_members`) equal
`member_meets` member by member, a unit scored from its departments' tallies equals the unit scored
over all its members, and `reaches` equals the comparison of Fractions."""
from dataclasses import replace
from decimal import Decimal
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from dvht_batch.vocab.columns import expand
from dvht_batch.models import Member, PlanStatus, Title
from dvht_batch.rules import load_rule_set
from dvht_batch.assess.scoring import (
    failing_members, member_meets, merge_tallies, reaches, score_population, score_tally, tally_members,
)

TT22 = load_rule_set("tt22-2020")
TT24 = load_rule_set("tt24-2023")
MEMBER_CRITERIA = [c for rs in (TT22, TT24) for c in rs.criteria if c.kind == "member_ratio"]
KEYS = sorted({k for c in MEMBER_CRITERIA for k in expand(c.column or "")})

# Every kind of answer a member can carry, the wrong-typed ones included: 1 and 1.0 equal True
# without being True, a PlanStatus equals its label, a title's label is not a Title.
ANSWERS = [True, False, None, 1, 0, 1.0, "Có", "", *PlanStatus, *(p.value for p in PlanStatus),
           *Title, Title.LDTT.label, Decimal(1)]
MISSING = object()


def _variants(criterion):
    """The criterion, and the same column read with every threshold its predicate may have."""
    yield criterion
    if criterion.predicate == "bang":
        yield from (replace(criterion, value=v) for v in (*PlanStatus, "Đã phê duyệt", None))
    if criterion.predicate == "danh_hieu_tu":
        yield from (replace(criterion, value=v) for v in (*Title, "Lao động tiên tiến", None))
    if criterion.predicate == "du_nang_luc":
        yield from (replace(criterion, min_count=n) for n in (None, 0, 1, 5, 8, 9))


VARIANTS = [v for c in MEMBER_CRITERIA for v in _variants(c)]

answer_sets = st.dictionaries(st.sampled_from(KEYS), st.sampled_from(ANSWERS))
members = st.lists(
    st.builds(lambda answers, excluded, row: Member(department="VP", row=row, name="Nguyễn Văn A",
                                                    answers=answers, excluded_reason=excluded),
              answer_sets, st.sampled_from([None, "", "Nghỉ thai sản"]), st.integers(2, 9999)),
    max_size=30,
)


def test_every_kind_of_answer_is_tried():
    # each answer under each key, plus a member with no answers at all: one sweep, no sampling
    sweep = [Member(department="VP", row=i, name="A", answers={k: a for k in KEYS}) for i, a in enumerate(ANSWERS)]
    sweep.append(Member(department="VP", row=0, name="B"))
    for criterion in VARIANTS:
        expected = [m for m in sweep if not member_meets(criterion, m)]
        assert failing_members(criterion, sweep) == expected, (criterion.code, criterion.predicate)


@settings(max_examples=300, deadline=None)
@given(members)
def test_compiled_filter_equals_the_reference_predicate(population):
    for criterion in VARIANTS:
        expected = [m for m in population if not member_meets(criterion, m)]
        got = failing_members(criterion, population)
        assert [id(m) for m in got] == [id(m) for m in expected], (criterion.code, criterion.predicate)


@settings(max_examples=100, deadline=None)
@given(st.lists(members, max_size=6), st.sampled_from([TT22, TT24]),
       st.sampled_from([None, "co_quan_nha_nuoc", "don_vi_su_nghiep_cong_lap", "khac"]))
def test_unit_from_department_tallies_equals_unit_from_all_members(departments, rule_set, unit_kind):
    everyone = [m for dept in departments for m in dept]
    merged = merge_tallies(rule_set, [tally_members(rule_set, dept, unit_kind) for dept in departments], unit_kind)
    assert merged == tally_members(rule_set, everyone, unit_kind)
    assert score_tally(rule_set, merged, {}, Title.TTLDTT, unit_kind=unit_kind) == \
        _reference_score(rule_set, everyone, unit_kind)


def _reference_score(rule_set, everyone, unit_kind):
    """score_population with each criterion's failing members found by `member_meets`, one by one."""
    score = score_population(rule_set, everyone, {}, Title.TTLDTT, unit_kind=unit_kind)
    counted = [m for m in everyone if not m.excluded]
    by_code = {c.code: c for c in rule_set.criteria}
    for result in score.criteria:
        criterion = by_code[result.code]
        if criterion.kind == "member_ratio" and result.applicable:
            assert result.failing_members == [m for m in counted if not member_meets(criterion, m)]
    return score


@settings(max_examples=500, deadline=None)
@given(st.integers(0, 200), st.integers(-2, 200), st.integers(0, 10_000).map(lambda n: Decimal(n) / 10_000))
def test_reaches_equals_the_fraction_comparison(count, denominator, target):
    expected = denominator > 0 and Fraction(count, denominator) >= Fraction(target)
    assert reaches(count, denominator, target) == expected
