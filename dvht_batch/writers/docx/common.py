"""Texts and facts shared by the documents: numbers, dates, signer, recipients, sorting, criteria."""
from __future__ import annotations

from datetime import date
from decimal import Decimal
from functools import lru_cache
from typing import Iterable

from dvht_batch.vocab.labels import DEPARTMENT_STATUS, FILE_STATUS  # noqa: F401 (re-exported for the documents)
from dvht_batch.models import CriterionResult, DepartmentResult, DepartmentStatus, Member
from dvht_batch.vn.collation import name_sort_key
from dvht_batch.plan.model import PartialDate
from dvht_batch.vn.dates import long_date, short_date
from dvht_batch.vn.numbers import fmt_decimal, fmt_int, fmt_percent, fmt_points
from dvht_batch.vn.text import fold
from dvht_batch.writers.docx.layout import ClosingInfo, HeaderInfo

__all__ = ["fmt_int", "fmt_percent", "fmt_points", "fmt_decimal"]

QUOTED_DVHT = "“Đơn vị học tập”"
DEFAULT_ARCHIVE = "Lưu: VT, VP"
BLANK_NUMBER = "      "



# ----------------------------------------------------------------------------- numbering and dates


def number_text(number: str | None) -> str:
    """'7' → '07' (a number under 10 gets a leading zero); None → blank for the office to fill."""
    if number is None or not str(number).strip():
        return BLANK_NUMBER
    text = str(number).strip()
    return f"{int(text):02d}" if text.isdigit() and int(text) < 10 else text


def doc_code(kind: str, unit_code: str) -> str:
    return f"{kind}-{unit_code.strip().upper()}"


def number_line(number: str | None, kind: str, unit_code: str) -> str:
    """'Số: 07/BC-STC' or 'Số:      /BC-STC'."""
    n = number_text(number)
    return f"Số:{n}/{doc_code(kind, unit_code)}" if n == BLANK_NUMBER else f"Số: {n}/{doc_code(kind, unit_code)}"


def place_date(config, when: date) -> str:
    """'Quảng Ngãi, ngày 05 tháng 3 năm 2025'; the signer writes the day ([van_ban] ngay = "12/2025":
    'ngày       tháng 12 năm 2025') or the day and month (de_trong_ngay: 'ngày     tháng     năm 2025')."""
    documents = config.documents
    if documents.leave_date_blank:
        return f"{config.place}, {long_date(None, when.year)}"
    if documents.month is not None:
        return f"{config.place}, {PartialDate(*documents.month).long_text()}"
    return f"{config.place}, {long_date(when)}"


def short_date_text(config, when: date) -> str:
    """'05/3/2025', '     /12/2025' or '     /     /2025' (as `place_date`)."""
    documents = config.documents
    if documents.leave_date_blank:
        return f"     /     /{when.year}"
    if documents.month is not None:
        return PartialDate(*documents.month).short_text()
    return short_date(when)


def header_info(config, kind: str, number: str | None, when: date) -> HeaderInfo:
    return HeaderInfo(agency=config.unit_name, parent=config.parent_agency,
                      number_line=number_line(number, kind, config.unit_code),
                      place_date=place_date(config, when))


def annex_reference(config, doc_name: str, kind: str, number: str | None, when: date) -> str:
    """'(Kèm theo Báo cáo số 07/BC-STC ngày 05/3/2025 của Sở Tài chính)'."""
    n = number_text(number)
    return (f"(Kèm theo {doc_name} số {n}/{doc_code(kind, config.unit_code)} ngày "
            f"{short_date_text(config, when)} của {config.body_name})")


# ----------------------------------------------------------------------------- closing block


def signer_lines(signer) -> tuple[str, ...]:
    """('KT. GIÁM ĐỐC', 'PHÓ GIÁM ĐỐC'); the head signing alone: ('GIÁM ĐỐC',); acting: ('Q. GIÁM ĐỐC',)."""
    head = signer.title_of_head.strip().upper()
    signing = signer.signing_title.strip().upper()
    if not signer.authority:
        return (signing,)
    if signer.authority == "Q.":
        return (f"Q. {head}",)
    return (f"{signer.authority} {head}", signing)


def recipient_lines(recipients: Iterable[str]) -> tuple[str, ...]:
    """One '- X;' a line, the archive entry last: '- Lưu: VT, VP.' (added when not configured)."""
    items = []
    for raw in recipients:
        item = raw.strip().rstrip(";.,").strip()
        if item.startswith(("-", "–", "+")):
            item = item[1:].strip()
        if item:
            items.append(item)
    archive = [i for i in items if fold(i).startswith("luu")]
    others = [i for i in items if not fold(i).startswith("luu")]
    last = archive[-1] if archive else DEFAULT_ARCHIVE
    return tuple(f"- {i};" for i in others) + (f"- {last}.",)


def closing_info(config, recipients: Iterable[str] | None = None) -> ClosingInfo:
    return ClosingInfo(recipients=recipient_lines(config.recipients if recipients is None else recipients),
                       signer_lines=signer_lines(config.signer), signer_name=config.signer.full_name)


# ----------------------------------------------------------------------------- people


def sort_members(members: Iterable[Member]) -> list[Member]:
    """Members in the Vietnamese order of names (docs/quy-tac.md §5)."""
    return sorted(members, key=lambda m: name_sort_key(m.name))


# ----------------------------------------------------------------------------- criteria


def member_criteria(rule_set) -> list:
    return [c for c in rule_set.criteria if c.kind == "member_ratio"]


def levels_scheme(rule_set) -> bool:
    return rule_set.scheme == "levels"


def item_word(rule_set) -> str:
    """What one line of the rule set is called: 'tiêu chí' (TT 22: 2a…), 'chỉ tiêu' (TT 24: 2.1 of Tiêu chí 2)."""
    return "chỉ tiêu" if levels_scheme(rule_set) else "tiêu chí"


def ratio_text(cr: CriterionResult | None) -> str:
    if cr is None or cr.ratio is None:
        return ""
    return _percent(cr.ratio)


@lru_cache(maxsize=4096)
def _percent(ratio) -> str:
    """A ratio as '91,67%', formatted once: in a run the same ratios recur (k/40) in every table."""
    return fmt_percent(ratio)


def count_text(cr: CriterionResult | None) -> str:
    if cr is None or cr.count is None or cr.denominator is None:
        return ""
    return f"{fmt_int(cr.count)}/{fmt_int(cr.denominator)}"


def points_of(cr: CriterionResult | None) -> str:
    return "" if cr is None or cr.points is None else fmt_points(cr.points)


def max_text(value: Decimal | None) -> str:
    """Maximum points without useless decimals: 10, 5, 2,5."""
    if value is None:
        return ""
    return fmt_decimal(value, 0) if value == value.to_integral_value() else fmt_points(value)


def target_text(target: Decimal | None) -> str:
    return "" if target is None else fmt_percent(target).replace(",00%", "%")


def pass_text(passed: bool | None) -> str:
    return "" if passed is None else ("Đạt" if passed else "Không đạt")


def below_target(cr: CriterionResult) -> bool:
    """A criterion that is not (yet) fully met: fewer points than the maximum, or not passed."""
    if cr.points is not None and cr.max_points is not None:
        return cr.points < cr.max_points
    return cr.passed is False


def level_verdict(levels: dict[int, bool], passed: bool | None = None) -> str:
    """'Đạt' (every level), 'Đạt Mức độ 1' (some levels, the highest named), 'Không đạt' (none)."""
    if not levels:
        return pass_text(passed)
    reached = [lv for lv, ok in sorted(levels.items()) if ok]
    if len(reached) == len(levels):
        return "Đạt"
    return f"Đạt Mức độ {reached[-1]}" if reached else "Không đạt"


def level_text(levels: dict[int, bool]) -> str:
    """Highest level a ratio reaches: 'Mức độ 2', 'Mức độ 1' or 'Chưa đạt'."""
    reached = [lv for lv, ok in sorted(levels.items()) if ok]
    return f"Mức độ {reached[-1]}" if reached else "Chưa đạt"


def weakest_departments(departments: list[DepartmentResult], code: str, target: Decimal | None,
                        limit: int = 5) -> list[tuple[DepartmentResult, CriterionResult]]:
    """Accepted departments whose own ratio for `code` is below the target, lowest ratio first."""
    found = []
    for d in departments:
        if d.status is not DepartmentStatus.ACCEPTED or d.score is None:
            continue
        cr = d.score.by_code().get(code)
        if cr is None or cr.ratio is None:
            continue
        if cr.ratio < (target if target is not None else Decimal(1)):
            found.append((d, cr))
    found.sort(key=lambda x: (x[1].ratio, -(x[1].denominator or 0), x[0].name))
    return found[:limit]


def next_level(rule_set, reached: str) -> str:
    """Levels scheme: the level after `reached` ('Chưa đạt' → 'Mức độ 1'); the top level stays itself."""
    done = [lv for lv in rule_set.levels if rule_set.level_name(lv) == reached]
    upcoming = [lv for lv in rule_set.levels if not done or lv > done[0]]
    return rule_set.level_name(upcoming[0]) if upcoming else reached


def first_failed_level(cr: CriterionResult) -> int | None:
    """Levels scheme: the lowest level this indicator does not pass (None when it passes them all)."""
    failed = [lv for lv, ok in sorted(cr.passed_levels.items()) if not ok]
    return failed[0] if failed else None


def shortfall(cr: CriterionResult, rule, levels: bool) -> tuple[Decimal | None, str]:
    """The target a criterion misses and how to say it: 'mục tiêu 100%' / 'yêu cầu Mức độ 2 (từ 95%)'."""
    if not levels:
        return cr.target, (f"mục tiêu {target_text(cr.target)}" if cr.target is not None else "mục tiêu")
    lv = first_failed_level(cr)
    if lv is None:
        return cr.target, "yêu cầu"
    target = rule.level_targets.get(lv) if rule is not None and rule.level_targets else None
    return target, f"yêu cầu Mức độ {lv}" + (f" (từ {target_text(target)})" if target is not None else "")
