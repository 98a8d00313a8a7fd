"""`dvht kiem-tra-tieu-chi FILE`: check a rule file and say, in Vietnamese, what it will do or what is wrong.

`check_rule_file` never raises for a bad file: it returns every problem found (the loader's messages,
one per mistake, naming the criterion and the key) or, for a valid file, a short summary of the criteria
the way the tool will apply them — so a clerk can read back what they wrote.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from dvht_batch.vocab.columns import COLUMNS_BY_KEY, expand
from dvht_batch.errors import RuleSetError
from dvht_batch.messages import CATALOGUE, render
from dvht_batch.models import Finding
from dvht_batch.rules import RuleSet, legal, load_rule_set
from dvht_batch.setup.unit_kinds import kinds_text

_WHOLE_FILE = {k.code for k in CATALOGUE.values() if k.whole_file}  # a rule file not found, unreadable
DOC_HINT = "Cách viết tệp bộ tiêu chí: docs/bo-tieu-chi.md (hai ví dụ trong docs/vi-du/)."

_KIND_TEXT = {"member_ratio": "tỷ lệ thành viên", "unit_input": "đơn vị tự đánh giá",
              "collective_title": "danh hiệu tập thể của đơn vị"}


@dataclass
class CheckReport:
    ok: bool
    rule_set: RuleSet | None = None
    problems: list[Finding] = field(default_factory=list)
    message: str = ""                 # the loader's message (file not found, TOML syntax, n mistakes)
    heading: str = ""                 # the line above a list of problems

    def lines(self) -> list[str]:
        """What the command prints: a file that cannot be read in one sentence, else the problems listed."""
        if self.ok and self.rule_set is not None:
            return describe(self.rule_set)
        if self.problems and not any(f.code in _WHOLE_FILE for f in self.problems):
            body = [f"  {i}. {f.message}" for i, f in enumerate(self.problems, start=1)]
            heading = self.heading or render("settings-file-problems", kind="tiêu chí", where="", count=len(body))
            return [heading, *body, "", DOC_HINT]
        return [self.message, "", DOC_HINT]


def check_rule_file(name_or_path: str | Path) -> CheckReport:
    """A bundled id ("tt24-2023") or a path to a .toml file."""
    try:
        rule_set = load_rule_set(str(name_or_path))
    except RuleSetError as exc:
        return CheckReport(ok=False, problems=exc.findings, message=str(exc), heading=exc.heading)
    return CheckReport(ok=True, rule_set=rule_set)


def _pct(value: Decimal) -> str:
    """0.9 → '90%', 0.955 → '95,5%' (Vietnamese decimal comma)."""
    text = f"{(value * 100).normalize():f}".replace(".", ",")
    return f"{text}%"


def _num(value: Decimal | None) -> str:
    return "" if value is None else f"{value.normalize():f}".replace(".", ",")


def _column_text(criterion) -> str:
    keys = expand(criterion.column or "")
    if len(keys) > 1:
        k = criterion.min_count or len(keys)
        return f"cột {COLUMNS_BY_KEY[keys[0]].header}…{COLUMNS_BY_KEY[keys[-1]].header}: đủ {k}/{len(keys)} “Có”"
    header = COLUMNS_BY_KEY[keys[0]].header if keys and keys[0] in COLUMNS_BY_KEY else criterion.column
    if criterion.predicate == "bang":
        return f"cột “{header}” = “{criterion.value.value}”"
    if criterion.predicate == "danh_hieu_tu":
        return f"cột “{header}”: “{criterion.value.label}” trở lên"
    return f"cột “{header}” = “Có”"


def _levels_rule(criterion, rule_set: RuleSet) -> str:
    if criterion.level_targets:
        return "; ".join(f"{rule_set.level_name(lv)} từ {_pct(t)}" for lv, t in sorted(criterion.level_targets.items()))
    if criterion.level_titles:
        return "; ".join(f"{rule_set.level_name(lv)}: “{t.label}” trở lên"
                         for lv, t in sorted(criterion.level_titles.items()))
    return "Đạt ở " + ", ".join(rule_set.level_name(lv) for lv in criterion.levels)


def _points_rule(criterion) -> str:
    top = f"tối đa {_num(criterion.max_points)} điểm"
    if criterion.kind == "unit_input":
        return f"{top}, đơn vị tự chấm"
    if criterion.kind == "collective_title":
        return f"{top} khi có “{criterion.min_title.label}” trở lên, nếu không 0 điểm"
    if criterion.mode == "bands":
        bands = "; ".join(f"từ {_pct(r)}: {_num(pt)}" for r, pt in criterion.bands)
        return f"{top}, theo bậc ({bands}; thấp hơn: 0)"
    if criterion.mode == "all_or_nothing":
        return f"{top} khi tỷ lệ từ {_pct(criterion.target)}, thấp hơn: 0 điểm"
    return (f"{top}, theo tỷ lệ: {_num(criterion.max_points)} × tỷ lệ ÷ {_pct(criterion.target)} "
            f"(đủ điểm khi tỷ lệ từ {_pct(criterion.target)})")


def describe(rule_set: RuleSet) -> list[str]:
    """A short Vietnamese summary of a valid rule set, as the tool will apply it."""
    levels = rule_set.scheme == "levels"
    word = "chỉ tiêu" if levels else "tiêu chí"
    lines = [f"Tệp hợp lệ: {rule_set.label}."]
    if rule_set.legal_basis:
        lines.append(f"Căn cứ: {rule_set.legal_basis}.")
    lines += legal.force_lines(rule_set)
    if levels:
        names = ", ".join(rule_set.level_name(lv) for lv in rule_set.levels)
        lines.append(f"Cách tính: công nhận theo mức độ ({names}); đạt một mức độ khi đạt mọi {word} của mức độ đó; "
                     f"không đạt {rule_set.level_name(rule_set.levels[0])}: “{rule_set.fail_class}”.")
    else:
        total = rule_set.max_total or sum((c.max_points or Decimal(0) for c in rule_set.criteria), Decimal(0))
        classes = "; ".join(f"{name} từ {_num(bound)}" for name, bound in rule_set.classes)
        lines.append(f"Cách tính: chấm điểm, tổng tối đa {_num(total)} điểm; xếp loại: {classes}; "
                     f"thấp hơn: {rule_set.fail_class}.")
    lines.append(f"{len(rule_set.criteria)} {word}:")
    groups = list(rule_set.groups) or [None]
    for group in groups:
        items = [c for c in rule_set.criteria if group is None or c.group == group.code]
        if group is not None:
            lines.append(f"  {'Tiêu chí' if levels else 'Nhóm'} {group.code}. {group.text}")
        for c in items:
            kind = _KIND_TEXT[c.kind] + (f", {_column_text(c)}" if c.kind == "member_ratio" else "")
            rule = _levels_rule(c, rule_set) if levels else _points_rule(c)
            flag = (" [CHƯA XÁC NHẬN]" if c.unconfirmed else "") + \
                (f" [chỉ áp dụng: {kinds_text(c.applies_to)}]" if c.applies_to else "")
            lines.append(f"    {c.code}. {c.text}{flag}")
            lines.append(f"         ({kind}) {rule}")
            if levels and c.level_articles:  # where the law sets it, for the default tier (cấp tỉnh)
                lines.append("         điều, khoản: " + "; ".join(
                    f"{rule_set.level_name(lv)}: {a}" + (" (chưa xác nhận)" if lv in c.unconfirmed_levels else "")
                    for lv, a in sorted(c.level_articles.items())))
    columns = [COLUMNS_BY_KEY[k].header for k in COLUMNS_BY_KEY if k in rule_set.member_columns()]
    lines.append("Cột tiêu chí bắt buộc trong sheet Thanh_vien: " + (", ".join(columns) or "không có") + ".")
    unit = [c.code for c in rule_set.unit_input_criteria()]
    if unit:
        lines.append(f"Dòng cần có trong sheet Tieu_chi của bảng đơn vị: {', '.join(unit)} "
                     f"({'cột Đạt' if levels else 'cột Điểm tự chấm'}).")
    checks = legal.checklist(rule_set)
    if checks:
        lines.append("Chưa đối chiếu với văn bản chính thức (chua_xac_nhan…):")
        lines += [f"  - {x}" for x in checks]
    return lines
