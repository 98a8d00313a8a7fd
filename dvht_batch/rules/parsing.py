"""Parsing and validating a rule file's TOML data into a `RuleSet`, collecting every problem.

Messages are Vietnamese, name the criterion and the key, and say how to fix it.
"""
from __future__ import annotations

import re
from decimal import Decimal

from dvht_batch.rules import articles, legal
from dvht_batch.rules.model import KINDS, SCHEMES, Criterion, Group, RuleSet
from dvht_batch.messages import At, Findings
from dvht_batch.rules.legal import HEAD
from dvht_batch.rules.member_ratio import member_fields
from dvht_batch.rules.values import decimal_value, is_text, per_level, rising, title_value, written_key
from dvht_batch.setup.schema import Table, any_keys, check, item_at, key
from dvht_batch.vn.text import fold

def _code_key(code: str) -> str:
    """Codes as the unit workbook's Tieu_chi sheet compares them: '1.1' = '11', '1A' = '1a'."""
    return fold(code).replace(" ", "").replace(".", "")


_TEXT = key(str, required=True, wrong="not-a-quoted-text")
# The tables and keys of a rule file (docs/bo-tieu-chi.md), checked by the schema layer (setup/schema.py); a key
# of any type (any_keys) is a value of several forms ("0.90", 0.9, {1 = …}) its own reader checks (below,
# member_ratio.py, values.py).
SCHEMA = Table({
    "bo_tieu_chi": Table({"ma": _TEXT, "ten": _TEXT, "phien_ban": _TEXT,
                          **any_keys("can_cu", "cach_tinh", "diem_toi_da", "muc_do", "ghi_chu", *sorted(legal.HEAD_KEYS)),
                          "trich_dan": key(str, wrong="not-a-quoted-text"),
                          "van_ban_thay_the": key(str, wrong="repealed-by-not-text")},
                         required=True, wrong="head-table-doubled", missing="no-head-table"),
    "nhom": Table({**any_keys("ma", "ten", "ghi_chu", *sorted(articles.GROUP_KEYS)), "chua_xac_nhan": key(bool)},
                  many=True, named_by="ma", word="nhóm", wrong="groups-not-tables"),
    "tieu_chi": Table({**any_keys("ma", "nhom", "noi_dung", "diem_toi_da", "loai", "cot", "dieu_kien", "gia_tri",
                                  "so_toi_thieu", "muc_tieu", "cach_cham", "bac", "toi_thieu", "muc_do", "ghi_chu",
                                  *sorted(legal.CRITERION_KEYS)),
                       "chua_xac_nhan": key(bool), "chua_xac_nhan_loi_van": key(bool)},
                      many=True, named_by="ma", word="tiêu chí", wrong="criteria-not-tables"),
    "xep_loai": Table(any_keys("ten", "tu"), many=True, wrong="classes-not-tables"),
    "xep_loai_khac": Table({"ten": key(str, wrong="fail-class-not-text")}, wrong="fail-class-not-table"),
})
# Keys that belong to one kind of criterion or one scheme only (explained when misplaced).
_MEMBER_ONLY = ("cot", "dieu_kien", "gia_tri", "so_toi_thieu", "muc_tieu", "cach_cham", "bac")
_POINTS_ONLY = ("diem_toi_da", "cach_cham", "bac")
_BAD_ID = re.compile(r"[\\/:*?\"<>|\x00-\x1f]")


def parse_data(raw: dict, source: str, p: Findings) -> RuleSet | None:
    """A rule file's data checked against SCHEMA (`p` holds the file's text: findings at their line), then its
    values; None when there is a problem (all of them in `p`)."""
    data = check(raw, SCHEMA, p)
    head = data.get("bo_tieu_chi")
    if head is None:
        return None
    legal_fields = legal.head_fields(head, p)
    if is_text(head.get("ma")) and _BAD_ID.search(head["ma"]):
        HEAD.report(p, "bad-rule-id", "ma", given=head["ma"])
    found = _scheme(head, "xep_loai" in raw, p)
    if found is None:
        return None
    scheme, levels = found
    groups = _groups(data.get("nhom", ()), scheme, levels, p)
    # no [[tieu_chi]] at all, or an empty list (not tables: the schema said so)
    if "tieu_chi" not in raw or ("tieu_chi" in data and not data["tieu_chi"]):
        p.report("no-criteria", place="tệp")
    criteria = _criteria(data.get("tieu_chi", ()), scheme, levels, {g.code for g in groups}, p)
    classes, max_total = [], None
    if scheme == "points":
        if "xep_loai" not in raw or ("xep_loai" in data and not data["xep_loai"]):
            p.report("no-classes", place="tệp")
        classes, max_total = _classes(data.get("xep_loai", ()), head, criteria, p)
    fail_class = data.get("xep_loai_khac", {}).get("ten", "Chưa đạt").strip()
    if p.items:
        return None
    return RuleSet(
        id=head["ma"].strip(), name=head["ten"].strip(), version=head["phien_ban"].strip(),
        legal_basis=str(head.get("can_cu", "")).strip(), scheme=scheme, groups=tuple(groups),
        criteria=tuple(criteria), classes=tuple(classes), fail_class=fail_class, max_total=max_total,
        levels=levels, source=source, notes=str(head.get("ghi_chu", "")).strip(), **legal_fields,
    )


def _scheme(head: dict, has_classes: bool, p: Findings) -> tuple[str, tuple[int, ...]] | None:
    """[bo_tieu_chi] cach_tinh ("diem" or "muc_do") and, for levels, muc_do; None when the scheme is unknown."""
    if "cach_tinh" not in head:
        HEAD.report(p, "missing-scheme")
        return None
    scheme = SCHEMES.get(head["cach_tinh"]) if isinstance(head["cach_tinh"], str) else None
    if scheme is None:
        HEAD.report(p, "bad-scheme", "cach_tinh", given=head.get("cach_tinh"))
        return None
    levels: tuple[int, ...] = ()
    if scheme == "levels":
        raw_levels = head.get("muc_do", [1, 2])
        if not isinstance(raw_levels, list) or not raw_levels or not all(
                isinstance(x, int) and not isinstance(x, bool) and x >= 1 for x in raw_levels):
            HEAD.report(p, "bad-levels", "muc_do")
        else:
            levels = tuple(sorted(set(raw_levels)))
        if "diem_toi_da" in head:
            HEAD.report(p, "max-total-points-only", "diem_toi_da")
        if has_classes:
            At("xep_loai", 0, "[[xep_loai]]").report(p, "classes-points-only")  # at the first of them
    elif "muc_do" in head:
        HEAD.report(p, "levels-scheme-only", "muc_do", key="muc_do")
    return scheme, levels


def _groups(items: list[dict], scheme: str, levels: tuple[int, ...], p: Findings) -> list[Group]:
    groups: list[Group] = []
    for i, g in enumerate(items):
        at = item_at("nhom", i, g, SCHEMA.keys["nhom"])
        if not is_text(g.get("ma")) or not is_text(g.get("ten")):
            at.report(p, "group-incomplete")
            continue
        if any(x.code == g["ma"].strip() for x in groups):
            at.report(p, "duplicate-group", "ma")
            continue
        groups.append(Group(g["ma"].strip(), g["ten"].strip(), unconfirmed=g.get("chua_xac_nhan") is True,
                            **_group_law(g, at, scheme, levels, p)))
    return groups


def _criteria(items: list[dict], scheme: str, levels: tuple[int, ...], group_codes: set[str],
              p: Findings) -> list[Criterion]:
    """The [[tieu_chi]] tables; two codes the unit workbook cannot tell apart ('1.1', '11') are one mistake."""
    criteria: list[Criterion] = []
    seen: dict[str, str] = {}
    for i, item in enumerate(items):
        at = item_at("tieu_chi", i, item, SCHEMA.keys["tieu_chi"])
        crit = _criterion(item, at, scheme, levels, group_codes, p)
        if crit is None:
            continue
        code = _code_key(crit.code)
        if code in seen:
            same = seen[code] == crit.code
            at.report(p, "duplicate-criterion-code" if same else "criterion-code-clash", "ma", other=seen[code])
            continue
        seen[code] = crit.code
        criteria.append(crit)
    if scheme == "levels" and levels and criteria:
        for lv in levels:
            if not any(lv in c.levels for c in criteria):
                HEAD.report(p, "level-without-indicator", "muc_do", level=lv)
    return criteria


def _classes(items: list[dict], head: dict, criteria: list[Criterion],
             p: Findings) -> tuple[list[tuple[str, Decimal]], Decimal | None]:
    """The [[xep_loai]] classes of a points scheme (highest first) and [bo_tieu_chi] diem_toi_da."""
    max_total = decimal_value(head.get("diem_toi_da"), HEAD, "diem_toi_da", p, Decimal(0))
    classes: list[tuple[str, Decimal]] = []
    top = None  # the first class read: where its bound is said to exceed diem_toi_da
    for i, c in enumerate(items):
        where = item_at("xep_loai", i, c, SCHEMA.keys["xep_loai"])
        if not is_text(c.get("ten")):
            where.report(p, "class-incomplete")
            continue
        if c.get("tu") is None:
            where.report(p, "class-missing-bound")
            continue
        bound = decimal_value(c.get("tu"), where, "tu", p, Decimal(0))
        if bound is not None:
            classes.append((c["ten"].strip(), bound))
            top = top or where
    bounds = [b for _, b in classes]
    if bounds != sorted(bounds, reverse=True) or len(set(bounds)) != len(bounds):
        At("xep_loai", None, "[[xep_loai]]").report(p, "classes-order")  # of them all: no one line
    total_max = sum((c.max_points or Decimal(0)) for c in criteria)
    if max_total is not None and criteria and total_max != max_total:
        HEAD.report(p, "max-total-mismatch", "diem_toi_da", total=total_max, max_total=max_total)
    if max_total is not None and top and bounds[0] > max_total:
        top.report(p, "top-class-above-max", "tu", bound=bounds[0], max_total=max_total)
    return classes, max_total


def _group_law(g: dict, where: At, scheme: str, levels: tuple[int, ...], p: Findings) -> dict:
    """[[nhom]] chua_du_chi_tieu (levels with indicators the file does not list) and dieu (rules/articles.py)."""
    fields: dict = {}
    for name in articles.GROUP_KEYS & set(g):
        if scheme != "levels":
            where.report(p, "levels-scheme-only", name, key=name)
        elif name == "dieu":
            fields["articles_by_tier"] = articles.articles_by_tier(g[name], where, levels, p)
        else:
            fields["missing_by_tier"] = articles.unconfirmed_by_tier(g[name], where, name, levels, p)
    return fields


def _criterion(raw: dict, where: At, scheme: str, levels: tuple[int, ...], group_codes: set[str], p: Findings):
    """One [[tieu_chi]] (`where`: the item, its findings at the line of their key; a key absent: its table's)."""
    code = raw.get("ma")
    if not is_text(code):
        where.report(p, "missing-criterion-code", written_key("ma", raw))
        return None
    text = raw.get("noi_dung")
    if not is_text(text):
        where.report(p, "missing-criterion-text", written_key("noi_dung", raw))
    group = str(raw.get("nhom", "")).strip()
    if group_codes and "nhom" not in raw:
        where.report(p, "missing-group", groups=", ".join(sorted(group_codes)))
    elif group_codes and group not in group_codes:
        where.report(p, "unknown-group", "nhom", given=group, groups=", ".join(sorted(group_codes)))
    if "loai" not in raw:
        where.report(p, "missing-kind", kinds=", ".join(KINDS))
        return None
    kind = KINDS.get(raw["loai"]) if isinstance(raw["loai"], str) else None
    if kind is None:
        where.report(p, "bad-kind", "loai", given=raw.get("loai"), kinds=", ".join(KINDS))
        return None
    for k in raw:  # keys that do not belong to this scheme or this kind of criterion
        if scheme == "levels" and k in _POINTS_ONLY:
            where.report(p, "points-scheme-only", k, key=k)
        elif scheme == "points" and k == "muc_do":
            where.report(p, "levels-scheme-only", k, key="muc_do")
        elif k in _MEMBER_ONLY and kind != "member_ratio":
            where.report(p, "member-ratio-only", k, key=k, kind=raw["loai"])
        elif k == "toi_thieu" and kind != "collective_title":
            where.report(p, "collective-title-only-ratio" if kind == "member_ratio" else "collective-title-only", k)
    fields: dict = {}
    if scheme == "points":
        if "diem_toi_da" not in raw:
            where.report(p, "missing-max-points")
        else:
            fields["max_points"] = decimal_value(raw.get("diem_toi_da"), where, "diem_toi_da", p, Decimal(0))
    else:
        req = raw.get("muc_do", list(levels))
        if not isinstance(req, list) or not req or not all(isinstance(x, int) and not isinstance(x, bool) for x in req) \
                or not set(req) <= set(levels):
            where.report(p, "bad-criterion-levels", written_key("muc_do", raw), levels=list(levels))
        else:
            fields["levels"] = tuple(sorted(set(req)))
    if kind == "member_ratio":
        member_fields(raw, where, scheme, fields, p)
    elif kind == "collective_title":
        if scheme == "points":
            fields["min_title"] = title_value(raw.get("toi_thieu"), where, "toi_thieu", "collective", p)
        elif "levels" in fields:
            titles = per_level(raw.get("toi_thieu"), where, "toi_thieu", fields["levels"], p,
                               lambda v, w, k: title_value(v, w, k, "collective", p))
            rising(titles, where, "toi_thieu", lambda t: t.rank, p)
            fields["level_titles"] = titles
    fields.update(legal.criterion_fields(raw, where, scheme, fields.get("levels", ()), p))
    return Criterion(code=code.strip(), group=group, text=(text or "").strip(), kind=kind, **fields)
