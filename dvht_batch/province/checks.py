"""What the tool checks in a unit's dossier before any human does (docs/tinh.md, "Kiểm tra tự động").

Every threshold, level and unit kind comes from the rule set (`rules`), never from here. A check has an
effect: "block" (the level cannot be granted as asked: the reason goes to the unit), "open" (nothing may
be concluded yet: a requirement the rule set marks unconfirmed, a fact only the specialist knows) or
"warn" (the specialist looks; no effect of its own). Time limits (12 months before Mức độ 2, 36 months of
validity) are counted as the agency's ledger counts them (ledger recognition module), and where the two
readings of the validity give different answers the check is "open", never concluded.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from dvht_batch.messages import render
from dvht_batch.province.overall import FAIL, LEVEL, UNREAD, read_overall
from dvht_batch.province.table import Claim
from dvht_batch.ledger.recognition import Standing
from dvht_batch.setup.unit_kinds import UNIT_KINDS, kinds_text
from dvht_batch.vn.dates import short_date
from dvht_batch.vn.numbers import fmt_percent, round2

MET, NOT_MET, NOT_APPLICABLE = "Đạt", "Không đạt", "Không áp dụng"
BLOCK, OPEN, WARN = "block", "open", "warn"


@dataclass(frozen=True)
class Check:
    kind: str            # a short machine key: "rate", "level-unsupported", "too-early", …
    effect: str          # BLOCK | OPEN | WARN
    text: str            # Vietnamese, one sentence, for the specialist (and, when BLOCK, the unit)
    code: str = ""       # the indicator concerned ("" for the dossier as a whole)
    level: int | None = None  # the level concerned (None: every level)


@dataclass(frozen=True)
class Case:
    """One dossier as the checks see it."""

    claims: dict[str, Claim]
    requested: int | None           # the level asked for (None: not stated)
    kind: str | None                # the unit's kind (unit_kinds), None while unknown
    standing: Standing              # the unit's recognitions on the reference day
    on: date                        # the reference day (the Sở's documents' date)
    overall: str | None = None      # the table's "Kết quả chung" as written (None: no such row)


def required(rule_set, level: int, kind: str | None) -> list:
    """The indicators of `level` asked of a unit of `kind` (unknown kind: every indicator)."""
    return [c for c in rule_set.criteria if level in c.levels and c.applies(kind)]


def table_level(rule_set, claims: dict[str, Claim], kind: str | None) -> int | None:
    """The highest level the unit's own table supports: every indicator of it marked Đạt."""
    best = None
    for lv in sorted(rule_set.levels):
        if all(_claimed_met(claims.get(c.code), lv, c, kind) for c in required(rule_set, lv, kind)):
            best = lv
    return best


def _claimed_met(claim: Claim | None, level: int, criterion, kind: str | None) -> bool:
    if claim is None:
        return False
    verdict = claim.verdicts.get(level)
    return verdict == MET or (verdict == NOT_APPLICABLE and kind is None and bool(criterion.applies_to))


def asked_level(rule_set, case: Case) -> int | None:
    return case.requested if case.requested is not None else table_level(rule_set, case.claims, case.kind)


def run_checks(rule_set, case: Case) -> list[Check]:
    """Every check of the dossier: its indicators and timing, then its "Kết quả chung" (overall_checks)."""
    return _dossier_checks(rule_set, case) + overall_checks(rule_set, case)


def _dossier_checks(rule_set, case: Case) -> list[Check]:
    out: list[Check] = []
    level = asked_level(rule_set, case)
    out += _rates(rule_set, case)
    out += _kinds(rule_set, case)
    if level is None:
        out.append(Check("no-level", BLOCK, render("check-no-level")))
        return out
    out += _supported(rule_set, case, level)
    out += _timing(case, level)
    out += _unconfirmed(rule_set, case, level)
    return out


def _rates(rule_set, case: Case) -> list[Check]:
    out = []
    for c in rule_set.criteria:
        claim = case.claims.get(c.code)
        if claim is None or c.kind != "member_ratio":
            continue
        n, d = claim.count, claim.denominator
        if n is None or d is None:
            out.append(Check("rate-missing", BLOCK, render("check-rate-missing", code=c.code), c.code))
        elif d == 0 or n > d:
            out.append(Check("rate-counts", BLOCK, render("check-rate-counts", code=c.code, count=n, total=d), c.code))
        elif claim.ratio is not None and abs(round2(claim.ratio * 100) - round2(Decimal(n) * 100 / d)) > Decimal("0.01"):
            out.append(Check("rate", BLOCK, render("check-rate", code=c.code, ratio=fmt_percent(claim.ratio), count=n,
                                                   total=d, computed=fmt_percent(Decimal(n) / d)), c.code))
    return out


def _kinds(rule_set, case: Case) -> list[Check]:
    out = []
    for c in rule_set.criteria:
        claim = case.claims.get(c.code)
        if not c.applies_to or claim is None:
            continue
        marked = set(claim.verdicts.values())
        if case.kind is None:
            out.append(Check("kind-unknown", OPEN, render("check-kind-unknown", code=c.code,
                                                          kinds=kinds_text(c.applies_to)), c.code))
        elif not c.applies(case.kind) and marked & {MET, NOT_MET}:
            out.append(Check("kind-not-applicable", WARN, render("check-kind-not-applicable", code=c.code,
                                                                 kinds=kinds_text(c.applies_to),
                                                                 kind=UNIT_KINDS[case.kind]), c.code))
        elif c.applies(case.kind) and NOT_APPLICABLE in marked:
            out.append(Check("kind-applicable", BLOCK, render("check-kind-applicable", code=c.code,
                                                              kind=UNIT_KINDS[case.kind]), c.code))
    return out


def _supported(rule_set, case: Case, level: int) -> list[Check]:
    out = []
    name = rule_set.level_name(level)
    for c in required(rule_set, level, case.kind):
        claim = case.claims.get(c.code)
        if claim is None:
            out.append(Check("missing-indicator", BLOCK, render("check-missing-indicator", code=c.code), c.code, level))
            continue
        accepted = {MET, NOT_APPLICABLE} if case.kind is None and c.applies_to else {MET}
        if claim.verdicts.get(level) not in accepted:
            verdict = claim.verdicts.get(level) or render("check-blank")
            out.append(Check("level-unsupported", BLOCK, render("check-level-unsupported", level=name.lower(), code=c.code,
                                                                verdict=verdict), c.code, level))
            continue
        target = c.level_targets.get(level)
        n, d = claim.count, claim.denominator
        if c.kind == "member_ratio" and target is not None and n is not None and d and n <= d \
                and Decimal(n) / d < target and level not in c.unconfirmed_levels:
            out.append(Check("below-target", BLOCK, render("check-below-target", code=c.code, level=name.lower(), count=n,
                                                           total=d, computed=fmt_percent(Decimal(n) / d),
                                                           target=fmt_percent(target, 0)), c.code, level))
    return out


def _timing(case: Case, level: int) -> list[Check]:
    st, on = case.standing, case.on
    out = []
    if level == 2 and st.level == 1 and not st.may_request_level_2(on):
        out.append(Check("too-early", BLOCK, render("check-too-early", citation=st.current.citation(),
                                                    day=short_date(st.level_2_from)), level=2))
    if st.current is not None and st.current.level >= level:
        other = calendar_year_end(st.current.decided_on)
        held = {"level": st.current.level, "citation": st.current.citation(),
                "until": short_date(st.current.valid_until)}
        if on <= st.current.valid_until:
            out.append(Check("already-held", BLOCK, render("check-already-held", **held)))
        elif on <= other:
            out.append(Check("already-held", OPEN, render("check-already-held-other-reading", other=short_date(other),
                                                          **held)))
    return out


def calendar_year_end(decided_on: date) -> date:
    """The other reading of the validity: the three years following the year of the decision."""
    return date(decided_on.year + 3, 12, 31)


def _unconfirmed(rule_set, case: Case, level: int) -> list[Check]:
    name = rule_set.level_name(level).lower()
    codes = [c.code for c in required(rule_set, level, case.kind) if c.unconfirmed or level in c.unconfirmed_levels]
    # a criterion with indicators the file does not list ([[nhom]] chua_du_chi_tieu, rules/articles.py)
    codes += [render("check-group-not-listed", group=g.code) for g in rule_set.groups if level in g.missing_levels]
    if not codes:
        return []
    return [Check("unconfirmed", OPEN, render("check-unconfirmed", level=name, codes=", ".join(codes),
                                              label=rule_set.label), level=level)]


# --------------------------------------------------------------------------- the table's "Kết quả chung"


def overall_checks(rule_set, case: Case) -> list[Check]:
    """The table's own overall result against its indicators and against the level the request asks for
    (docs/tinh.md, "Kiểm tra tự động"); nothing when the table has no such row or leaves it blank.

    Stated above what the indicators support: the table contradicts itself (block, whatever is asked).
    Stated below the level asked: the unit's own self-assessment does not claim what its request asks, and a
    decision must not recognise more than the unit's dossier claims (block, the unit corrects one or the
    other). Stated above the level asked: the request is what the Sở decides on and the indicators are
    checked at that level; the specialist looks (warn)."""
    said = read_overall(case.overall, rule_set)
    if said is None or said.state not in (LEVEL, FAIL, UNREAD):
        return []
    if said.state == UNREAD:
        allowed = ", ".join(rule_set.level_name(lv) for lv in rule_set.levels) + f" hoặc {rule_set.fail_class}"
        return [Check("overall-unread", OPEN, render("check-overall-unread", overall=said.text, allowed=allowed))]
    out = []
    supported = table_level(rule_set, case.claims, case.kind) or 0
    if said.level > supported:
        out.append(Check("overall-above-table", BLOCK, render(
            "check-overall-above-table", overall=said.text, supported=_level_phrase(rule_set, supported),
            level=rule_set.level_name(said.level).lower(), unmet=_unmet(rule_set, case, said.level))))
    asked = case.requested
    if asked is None or said.level == asked:
        return out
    name = rule_set.level_name(asked).lower()
    if said.level < asked:
        unmet = _unmet(rule_set, case, asked)
        tail = render("check-overall-unmet", level=name, unmet=unmet) if unmet else render("check-overall-all-met",
                                                                                           level=name)
        out.append(Check("overall-below-request", BLOCK, render("check-overall-below-request", overall=said.text,
                                                                level=name, tail=tail), level=asked))
    else:
        out.append(Check("overall-above-request", WARN, render("check-overall-above-request", overall=said.text,
                                                               level=name), level=asked))
    return out


def _level_phrase(rule_set, level: int) -> str:
    if level == 0:
        return render("check-overall-supports-none")
    return render("check-overall-supports", level=rule_set.level_name(level).lower())


def _unmet(rule_set, case: Case, level: int) -> str:
    """The indicators of `level` the table does not mark as met, each with what it says: "2.3 (Không đạt)"."""
    out = []
    for c in required(rule_set, level, case.kind):
        claim = case.claims.get(c.code)
        if not _claimed_met(claim, level, c, case.kind):
            said = render("check-overall-not-in-table") if claim is None else claim.verdicts.get(level) or render(
                "check-blank")
            out.append(f"{c.code} ({said})")
    return ", ".join(out)


__all__ = ["BLOCK", "OPEN", "WARN", "Case", "Check", "asked_level", "overall_checks", "run_checks", "table_level"]
