"""Parsing and validating a rule file's TOML data into a `RuleSet`, collecting every problem.

Messages are Vietnamese, name the criterion and the key, and say how to fix it.
"""
from __future__ import annotations

import re
from decimal import Decimal

from dvht_batch.vocab.columns import COLUMNS_BY_KEY, PREDICATE_KINDS, expand
from dvht_batch.models import PlanStatus
from dvht_batch.rules import articles, legal
from dvht_batch.rules.model import KINDS, MODES, SCHEMES, Criterion, Group, RuleSet
from dvht_batch.messages import Findings
from dvht_batch.rules.values import decimal_value, is_text, ratio_value, title_value
from dvht_batch.setup.schema import Table, any_keys, check, key
from dvht_batch.vn.text import fold

def _code_key(code: str) -> str:
    """Codes as the unit workbook's Tieu_chi sheet compares them: '1.1' = '11', '1A' = '1a'."""
    return fold(code).replace(" ", "").replace(".", "")


_TEXT = key(str, required=True, wrong="not-a-quoted-text")
# The tables and keys of a rule file (docs/bo-tieu-chi.md), checked by the schema layer (setup/schema.py); a key
# of any type (any_keys) is a value of several forms ("0.90", 0.9, {1 = …}) its own reader below checks.
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
# The predicate each column kind takes (a hint when 'dieu_kien' is missing or wrong).
_PREDICATE_FOR = {"yesno": "co", "plan": "bang", "title": "danh_hieu_tu"}


def parse_data(raw: dict, source: str, p: Findings) -> RuleSet | None:
    """A rule file's data checked against SCHEMA (`p` holds the file's text: findings at their line), then its
    values; None when there is a problem (all of them in `p`)."""
    data = check(raw, SCHEMA, p)
    head = data.get("bo_tieu_chi")
    if head is None:
        return None
    legal_fields = legal.head_fields(head, p)
    if is_text(head.get("ma")) and _BAD_ID.search(head["ma"]):
        p.report("bad-rule-id", place="[bo_tieu_chi]", given=head["ma"])
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
        p.report("missing-scheme", place="[bo_tieu_chi]")
        return None
    scheme = SCHEMES.get(head["cach_tinh"]) if isinstance(head["cach_tinh"], str) else None
    if scheme is None:
        p.report("bad-scheme", place="[bo_tieu_chi]", given=head.get("cach_tinh"))
        return None
    levels: tuple[int, ...] = ()
    if scheme == "levels":
        raw_levels = head.get("muc_do", [1, 2])
        if not isinstance(raw_levels, list) or not raw_levels or not all(
                isinstance(x, int) and not isinstance(x, bool) and x >= 1 for x in raw_levels):
            p.report("bad-levels", place="[bo_tieu_chi]")
        else:
            levels = tuple(sorted(set(raw_levels)))
        if "diem_toi_da" in head:
            p.report("max-total-points-only", place="[bo_tieu_chi]")
        if has_classes:
            p.report("classes-points-only", place="[[xep_loai]]")
    elif "muc_do" in head:
        p.report("levels-scheme-only", place="[bo_tieu_chi]", key="muc_do")
    return scheme, levels


def _groups(items: list[dict], scheme: str, levels: tuple[int, ...], p: Findings) -> list[Group]:
    groups: list[Group] = []
    for i, g in enumerate(items, start=1):
        if not is_text(g.get("ma")) or not is_text(g.get("ten")):
            p.report("group-incomplete", place=f"[[nhom]] thứ {i}")
            continue
        if any(x.code == g["ma"].strip() for x in groups):
            p.report("duplicate-group", place=f"[[nhom]] {g['ma']}")
            continue
        groups.append(Group(g["ma"].strip(), g["ten"].strip(), unconfirmed=g.get("chua_xac_nhan") is True,
                            **_group_law(g, scheme, levels, p)))
    return groups


def _criteria(items: list[dict], scheme: str, levels: tuple[int, ...], group_codes: set[str],
              p: Findings) -> list[Criterion]:
    """The [[tieu_chi]] tables; two codes the unit workbook cannot tell apart ('1.1', '11') are one mistake."""
    criteria: list[Criterion] = []
    seen: dict[str, str] = {}
    for i, item in enumerate(items, start=1):
        crit = _criterion(item, i, scheme, levels, group_codes, p)
        if crit is None:
            continue
        code = _code_key(crit.code)
        if code in seen:
            same = seen[code] == crit.code
            p.report("duplicate-criterion-code" if same else "criterion-code-clash", place=f"tiêu chí {crit.code}",
                     other=seen[code])
            continue
        seen[code] = crit.code
        criteria.append(crit)
    if scheme == "levels" and levels and criteria:
        for lv in levels:
            if not any(lv in c.levels for c in criteria):
                p.report("level-without-indicator", place="[bo_tieu_chi]", level=lv)
    return criteria


def _classes(items: list[dict], head: dict, criteria: list[Criterion],
             p: Findings) -> tuple[list[tuple[str, Decimal]], Decimal | None]:
    """The [[xep_loai]] classes of a points scheme (highest first) and [bo_tieu_chi] diem_toi_da."""
    max_total = decimal_value(head.get("diem_toi_da"), "[bo_tieu_chi]", "diem_toi_da", p, Decimal(0))
    classes: list[tuple[str, Decimal]] = []
    for i, c in enumerate(items, start=1):
        where = f"[[xep_loai]] thứ {i}"
        if not is_text(c.get("ten")):
            p.report("class-incomplete", place=where)
            continue
        if c.get("tu") is None:
            p.report("class-missing-bound", place=where)
            continue
        bound = decimal_value(c.get("tu"), where, "tu", p, Decimal(0))
        if bound is not None:
            classes.append((c["ten"].strip(), bound))
    bounds = [b for _, b in classes]
    if bounds != sorted(bounds, reverse=True) or len(set(bounds)) != len(bounds):
        p.report("classes-order", place="[[xep_loai]]")
    total_max = sum((c.max_points or Decimal(0)) for c in criteria)
    if max_total is not None and criteria and total_max != max_total:
        p.report("max-total-mismatch", place="[bo_tieu_chi]", total=total_max, max_total=max_total)
    if max_total is not None and bounds and bounds[0] > max_total:
        p.report("top-class-above-max", place="[[xep_loai]]", bound=bounds[0], max_total=max_total)
    return classes, max_total


def _group_law(g: dict, scheme: str, levels: tuple[int, ...], p: Findings) -> dict:
    """[[nhom]] chua_du_chi_tieu (levels with indicators the file does not list) and dieu (rules/articles.py)."""
    where, fields = f"[[nhom]] {g['ma']}", {}
    for name in articles.GROUP_KEYS & set(g):
        if scheme != "levels":
            p.report("levels-scheme-only", place=where, key=name)
        elif name == "dieu":
            fields["articles_by_tier"] = articles.articles_by_tier(g[name], where, levels, p)
        else:
            fields["missing_by_tier"] = articles.unconfirmed_by_tier(g[name], where, name, levels, p)
    return fields


def _criterion(raw: dict, index: int, scheme: str, levels: tuple[int, ...], group_codes: set[str], p: Findings):
    code = raw.get("ma")
    where = f"tiêu chí {code}" if is_text(code) else f"[[tieu_chi]] thứ {index}"
    if not is_text(code):
        p.report("missing-criterion-code", place=where)
        return None
    text = raw.get("noi_dung")
    if not is_text(text):
        p.report("missing-criterion-text", place=where)
    group = str(raw.get("nhom", "")).strip()
    if group_codes and "nhom" not in raw:
        p.report("missing-group", place=where, groups=", ".join(sorted(group_codes)))
    elif group_codes and group not in group_codes:
        p.report("unknown-group", place=where, given=group, groups=", ".join(sorted(group_codes)))
    if "loai" not in raw:
        p.report("missing-kind", place=where, kinds=", ".join(KINDS))
        return None
    kind = KINDS.get(raw["loai"]) if isinstance(raw["loai"], str) else None
    if kind is None:
        p.report("bad-kind", place=where, given=raw.get("loai"), kinds=", ".join(KINDS))
        return None
    for k in raw:  # keys that do not belong to this scheme or this kind of criterion
        if scheme == "levels" and k in _POINTS_ONLY:
            p.report("points-scheme-only", place=where, key=k)
        elif scheme == "points" and k == "muc_do":
            p.report("levels-scheme-only", place=where, key="muc_do")
        elif k in _MEMBER_ONLY and kind != "member_ratio":
            p.report("member-ratio-only", place=where, key=k, kind=raw["loai"])
        elif k == "toi_thieu" and kind != "collective_title":
            p.report("collective-title-only-ratio" if kind == "member_ratio" else "collective-title-only", place=where)
    fields: dict = {}
    if scheme == "points":
        if "diem_toi_da" not in raw:
            p.report("missing-max-points", place=where)
        else:
            fields["max_points"] = decimal_value(raw.get("diem_toi_da"), where, "diem_toi_da", p, Decimal(0))
    else:
        req = raw.get("muc_do", list(levels))
        if not isinstance(req, list) or not req or not all(isinstance(x, int) and not isinstance(x, bool) for x in req) \
                or not set(req) <= set(levels):
            p.report("bad-criterion-levels", place=where, levels=list(levels))
        else:
            fields["levels"] = tuple(sorted(set(req)))
    if kind == "member_ratio":
        _member_fields(raw, where, scheme, fields, p)
    elif kind == "collective_title":
        if scheme == "points":
            fields["min_title"] = title_value(raw.get("toi_thieu"), where, "toi_thieu", "collective", p)
        elif "levels" in fields:
            titles = _per_level(raw.get("toi_thieu"), where, "toi_thieu", fields["levels"], p,
                                lambda v, w, k: title_value(v, w, k, "collective", p))
            _rising(titles, where, "toi_thieu", lambda t: t.rank, p)
            fields["level_titles"] = titles
    fields.update(legal.criterion_fields(raw, where, scheme, fields.get("levels", ()), p))
    return Criterion(code=code.strip(), group=group, text=(text or "").strip(), kind=kind, **fields)


def _member_fields(raw: dict, where: str, scheme: str, fields: dict, p: Findings) -> None:
    """A member-ratio criterion's fields into `fields`: its column and condition, what the condition compares
    with, and its target per level (levels scheme) or its target and scoring (points scheme)."""
    chosen = _column_and_predicate(raw, where, p)
    if chosen is None:
        return
    column, predicate, keys = chosen
    fields.update(column=column, predicate=predicate)
    _predicate_value(raw, where, predicate, keys, fields, p)
    if scheme == "levels":
        if "levels" in fields:
            targets = _per_level(raw.get("muc_tieu"), where, "muc_tieu", fields["levels"], p,
                                 lambda v, w, k: ratio_value(v, w, k, p, positive=True), scalar_ok=True)
            _rising(targets, where, "muc_tieu", lambda t: t, p)
            fields["level_targets"] = targets
        return
    _points_scoring(raw, where, fields, p)


def _column_and_predicate(raw: dict, where: str, p: Findings) -> tuple[str, str, tuple[str, ...]] | None:
    """The member column(s) `cot` and the condition `dieu_kien` on them, checked against each other: (column,
    predicate, the column's keys), or None when one is missing or wrong (reported with what would fit)."""
    column, predicate = raw.get("cot"), raw.get("dieu_kien")
    keys = expand(column) if isinstance(column, str) else ()
    usable = sorted(k for k, c in COLUMNS_BY_KEY.items() if c.kind in ("yesno", "plan", "title")) + ["nang_luc"]
    if column is None:
        p.report("rule-missing-column", place=where, usable=", ".join(usable))
        return None
    if not keys or any(k not in COLUMNS_BY_KEY or COLUMNS_BY_KEY[k].kind not in ("yesno", "plan", "title")
                       for k in keys):
        p.report("rule-bad-column", place=where, given=column, usable=", ".join(usable))
        return None
    col_kind = COLUMNS_BY_KEY[keys[0]].kind
    fitting = "du_nang_luc" if len(keys) > 1 else _PREDICATE_FOR.get(col_kind, "co")
    if predicate is None:
        p.report("missing-predicate", place=where, column=column, fitting=fitting)
        return None
    if predicate not in PREDICATE_KINDS:
        p.report("bad-predicate", place=where, given=predicate, predicates=", ".join(PREDICATE_KINDS),
                 column=column, fitting=fitting)
        return None
    if col_kind not in PREDICATE_KINDS[predicate] or (predicate == "du_nang_luc") != (len(keys) > 1):
        p.report("predicate-column-mismatch", place=where, given=predicate, column=column, fitting=fitting)
        return None
    return column, predicate, keys


def _predicate_value(raw: dict, where: str, predicate: str, keys: tuple[str, ...], fields: dict,
                     p: Findings) -> None:
    """What the condition compares with: the plan's status (`bang`), the lowest title (`danh_hieu_tu`), or how
    many of the competences (`du_nang_luc`, `so_toi_thieu`); `gia_tri` / `so_toi_thieu` elsewhere are reported."""
    if "gia_tri" in raw and predicate not in ("bang", "danh_hieu_tu"):
        p.report("value-for-equal-only", place=where, predicate=predicate)
    if "so_toi_thieu" in raw and predicate != "du_nang_luc":
        p.report("min-count-competences-only", place=where)
    if predicate == "bang":
        allowed = ", ".join(f"\"{s.value}\"" for s in PlanStatus)
        try:
            fields["value"] = PlanStatus(raw.get("gia_tri"))
        except ValueError:
            p.report("missing-plan-value" if raw.get("gia_tri") is None else "bad-plan-value", place=where,
                     given=raw.get("gia_tri"), allowed=allowed)
    elif predicate == "danh_hieu_tu":
        fields["value"] = title_value(raw.get("gia_tri"), where, "gia_tri", "individual", p)
    elif predicate == "du_nang_luc":
        k = raw.get("so_toi_thieu", len(keys))
        if not isinstance(k, int) or isinstance(k, bool) or not 1 <= k <= len(keys):
            p.report("bad-min-count", place=where, count=len(keys))
        else:
            fields["min_count"] = k


def _points_scoring(raw: dict, where: str, fields: dict, p: Findings) -> None:
    """Points scheme: the target ratio `muc_tieu` (1 by default) and how a ratio becomes points (`cach_cham`),
    with its bands (`bac`) when scored by bands."""
    target = ratio_value(raw.get("muc_tieu", "1"), where, "muc_tieu", p, positive=True)
    fields["target"] = target or Decimal(1)
    mode = MODES.get(raw.get("cach_cham", "ty_le")) if isinstance(raw.get("cach_cham", "ty_le"), str) else None
    if mode is None:
        p.report("bad-mode", place=where, given=raw.get("cach_cham"), modes=", ".join(MODES))
        return
    fields["mode"] = mode
    if mode == "bands":
        fields["bands"] = _bands(raw.get("bac"), where, fields.get("max_points"), p)
        if "muc_tieu" in raw:
            p.report("target-with-bands", place=where)
    elif "bac" in raw:
        p.report("bands-without-mode", place=where)


def _bands(raw, where: str, max_points: Decimal | None, p: Findings) -> tuple[tuple[Decimal, Decimal], ...]:
    if not isinstance(raw, list) or not raw:
        p.report("missing-bands", place=where)
        return ()
    bands = []
    for j, pair in enumerate(raw, start=1):
        if not isinstance(pair, list) or len(pair) != 2:
            p.report("bad-band", place=where, index=j)
            continue
        ratio = ratio_value(pair[0], where, f"bac[{j}] tỷ lệ", p)
        points = decimal_value(pair[1], where, f"bac[{j}] điểm", p, Decimal(0), max_points)
        if ratio is not None and points is not None:
            bands.append((ratio, points))
    ratios = [r for r, _ in bands]
    if ratios != sorted(ratios, reverse=True) or len(set(ratios)) != len(ratios):
        p.report("bands-order", place=where)
    elif [pt for _, pt in bands] != sorted((pt for _, pt in bands), reverse=True):
        p.report("band-points-order", place=where)
    return tuple(bands)


def _per_level(raw, where: str, key: str, levels: tuple[int, ...], p: Findings, parse, scalar_ok: bool = False) -> dict:
    """`muc_tieu = {1 = "0.90", 2 = "0.95"}` — one value per level the indicator is required for.

    With `scalar_ok`, one value (`muc_tieu = "0.90"`) applies to every level of the indicator.
    """
    example = f"{key} = {{ 1 = \"0.90\", 2 = \"0.95\" }}" if key == "muc_tieu" else \
        f"{key} = {{ 1 = \"Tập thể lao động tiên tiến\", 2 = \"Tập thể lao động xuất sắc\" }}"
    if raw is None:
        p.report("missing-per-level", place=where, key=key, example=example)
        return {}
    if scalar_ok and not isinstance(raw, (dict, list)):
        parsed = parse(raw, where, key)
        return {lv: parsed for lv in levels} if parsed is not None else {}
    if not isinstance(raw, dict):
        p.report("per-level-not-table", place=where, key=key, example=example)
        return {}
    result = {}
    for lv in levels:
        value = raw.get(str(lv))
        if value is None:
            p.report("per-level-missing", place=where, key=key, level=lv)
            continue
        parsed = parse(value, where, f"{key}.{lv}")
        if parsed is not None:
            result[lv] = parsed
    for k in raw:
        if not k.isdigit() or int(k) not in levels:
            p.report("per-level-unknown", place=where, key=key, level=k, levels=list(levels))
    return result


def _rising(per_level: dict, where: str, key: str, rank, p: Findings) -> None:
    """A higher level may not ask for less than a lower one (a swapped pair is almost always a typo)."""
    ordered = sorted(per_level.items())
    for (lo, a), (hi, b) in zip(ordered, ordered[1:]):
        if rank(b) < rank(a):
            p.report("levels-not-rising", place=where, key=key, higher=hi, lower=lo)
