"""Scoring: exact points, rounding, modes, classification edges (docs/quy-tac.md §1–§2)."""
from dataclasses import replace
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dvht_batch.models import Member, PlanStatus, Title, UnitInput
from dvht_batch.rules import load_rule_set
from dvht_batch.assess.scoring import classify_points, member_meets, ratio_points, score_population

TT22 = load_rule_set("tt22-2020")
CRIT = {c.code: c for c in TT22.criteria}


def member(ok: bool = True, excluded: str | None = None, title: Title | None = None, nl_ok: int | None = None) -> Member:
    title = title or (Title.LDTT if ok else Title.NONE)
    nl_ok = (8 if ok else 0) if nl_ok is None else nl_ok
    answers = {
        "ke_hoach_tu_hoc": PlanStatus.APPROVED if ok else PlanStatus.REGISTERED,
        "tuan_thu_ky_luat": ok, "hoan_thanh_boi_duong": ok, "danh_hieu_thi_dua": title,
        **{f"nl{i}": i <= nl_ok for i in range(1, 9)},
    }
    return Member(department="VP", row=2, name="Nguyễn Văn A", answers=answers, excluded_reason=excluded)


def test_contract_example_44_of_48_gives_9_17():
    assert ratio_points(CRIT["2a"], 44, 48) == Decimal("9.17")


def test_half_up_rounding_is_exact():
    # 25 * 7/8 = 21.875 → 21.88 (half-up, not banker's 21.88/21.87 confusion)
    assert ratio_points(CRIT["3a"], 7, 8) == Decimal("21.88")
    # 5 * 1/8 = 0.625 → 0.63
    assert ratio_points(CRIT["2b"], 1, 8) == Decimal("0.63")


def test_no_members_scores_zero():
    assert ratio_points(CRIT["2a"], 0, 0) == Decimal("0.00")


def test_target_caps_at_max():
    c = replace(CRIT["2d"], target=Decimal("0.70"))
    assert ratio_points(c, 7, 10) == Decimal("5.00")
    assert ratio_points(c, 10, 10) == Decimal("5.00")
    assert ratio_points(c, 35, 100) == Decimal("2.50")


def test_all_or_nothing_at_99_99_percent():
    c = replace(CRIT["2a"], mode="all_or_nothing")
    assert ratio_points(c, 9999, 10000) == Decimal("0.00")
    assert ratio_points(c, 10000, 10000) == Decimal("10.00")


def test_bands_edges():
    c = replace(CRIT["2a"], mode="bands", bands=((Decimal("1"), Decimal("10")), (Decimal("0.9"), Decimal("8")),
                                                  (Decimal("0.5"), Decimal("4"))))
    assert ratio_points(c, 9, 10) == Decimal("8.00")      # exactly on the 90% edge
    assert ratio_points(c, 8999, 10000) == Decimal("4.00")
    assert ratio_points(c, 49, 100) == Decimal("0.00")
    assert ratio_points(c, 10, 10) == Decimal("10.00")


@pytest.mark.parametrize("total,expected", [
    ("85", "Tốt"), ("84.99", "Khá"), ("84.60", "Khá"), ("70.00", "Khá"), ("69.99", "Trung bình"),
    ("50", "Trung bình"), ("49.99", "Chưa đạt"), ("100", "Tốt"), ("0", "Chưa đạt"),
])
def test_classification_edges_inclusive(total, expected):
    assert classify_points(Decimal(total), TT22) == expected


def test_excluded_members_leave_denominators():
    members = [member(True), member(False), member(False, excluded="Nghỉ thai sản")]
    score = score_population(TT22, members, member_criteria_only=True)
    c2a = score.by_code()["2a"]
    assert (c2a.count, c2a.denominator, c2a.points) == (1, 2, Decimal("5.00"))
    assert [m.excluded_reason for m in c2a.failing_members] == [None]


def test_3a_needs_k_of_8():
    assert not member_meets(CRIT["3a"], member(nl_ok=7))
    assert member_meets(replace(CRIT["3a"], min_count=7), member(nl_ok=7))


def test_titles_at_least_and_pending():
    assert member_meets(CRIT["2d"], member(title=Title.CSTD_CO_SO))
    assert not member_meets(CRIT["2d"], member(title=Title.PENDING))
    assert not member_meets(CRIT["2d"], member(title=Title.NONE))


def test_unit_total_is_sum_of_rounded_criteria():
    members = [member(True)] * 11 + [member(False)]   # 11/12 on every member criterion
    inputs = {c: UnitInput(c, self_score=Decimal("9.5")) for c in ("1a", "1b", "1c")}
    inputs["3c"] = UnitInput("3c", self_score=Decimal("4"))
    score = score_population(TT22, members, inputs, Title.TTLDTT)
    pts = {c.code: c.points for c in score.criteria}
    # 10*11/12=9.1666→9.17; 5*11/12=4.5833→4.58; 25*11/12=22.9166→22.92
    assert pts["2a"] == Decimal("9.17") and pts["2b"] == Decimal("4.58") and pts["3a"] == Decimal("22.92")
    assert score.total == sum(pts.values())
    assert score.total == Decimal("28.5") + Decimal("9.17") + Decimal("4.58") + Decimal("9.17") + Decimal("4.58") \
        + Decimal("22.92") + Decimal("10") + Decimal("4")
    assert score.classification == "Tốt"


def test_missing_unit_inputs_score_zero_with_note():
    score = score_population(TT22, [member()], {}, None)
    c1a = score.by_code()["1a"]
    assert c1a.points == Decimal("0.00") and "tự chấm" in c1a.note
    assert score.by_code()["3b"].points == Decimal("0.00")


@settings(max_examples=300, deadline=None)
@given(st.integers(0, 500), st.integers(1, 500), st.sampled_from(list(CRIT[c] for c in ("2a", "2b", "2c", "2d", "3a"))))
def test_points_bounded_and_monotonic(count, den, crit):
    count = min(count, den)
    p = ratio_points(crit, count, den)
    assert Decimal(0) <= p <= crit.max_points
    assert p.as_tuple().exponent == -2
    if count < den:
        assert ratio_points(crit, count + 1, den) >= p


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 10000).map(lambda n: Decimal(n) / 100))
def test_classification_monotonic(total):
    order = ["Chưa đạt", "Trung bình", "Khá", "Tốt"]
    higher = classify_points(total + Decimal("0.01"), TT22)
    assert order.index(higher) >= order.index(classify_points(total, TT22))
