"""The fields of a member-ratio criterion of a rule file (`loai = "ty_le_thanh_vien"`): the member column(s)
and the condition on them, what the condition compares with, and the target — per level (levels scheme) or
with its way of scoring (points scheme: proportional, all or nothing, bands). Part of `parsing`, which reads
the rest of the criterion; the keys are explained in docs/bo-tieu-chi.md."""
from __future__ import annotations

from decimal import Decimal

from dvht_batch.vocab.columns import COLUMNS_BY_KEY, PREDICATE_KINDS, expand
from dvht_batch.models import PlanStatus
from dvht_batch.rules.model import MODES
from dvht_batch.messages import At, Findings
from dvht_batch.rules.values import decimal_value, per_level, ratio_value, rising, title_value, written_key

# The predicate each column kind takes (a hint when 'dieu_kien' is missing or wrong).
_PREDICATE_FOR = {"yesno": "co", "plan": "bang", "title": "danh_hieu_tu"}


def member_fields(raw: dict, where: At, scheme: str, fields: dict, p: Findings) -> None:
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
            targets = per_level(raw.get("muc_tieu"), where, "muc_tieu", fields["levels"], p,
                                lambda v, w, k: ratio_value(v, w, k, p, positive=True), scalar_ok=True)
            rising(targets, where, "muc_tieu", lambda t: t, p)
            fields["level_targets"] = targets
        return
    _points_scoring(raw, where, fields, p)


def _column_and_predicate(raw: dict, where: At, p: Findings) -> tuple[str, str, tuple[str, ...]] | None:
    """The member column(s) `cot` and the condition `dieu_kien` on them, checked against each other: (column,
    predicate, the column's keys), or None when one is missing or wrong (reported with what would fit)."""
    column, predicate = raw.get("cot"), raw.get("dieu_kien")
    keys = expand(column) if isinstance(column, str) else ()
    usable = sorted(k for k, c in COLUMNS_BY_KEY.items() if c.kind in ("yesno", "plan", "title")) + ["nang_luc"]
    if column is None:
        where.report(p, "rule-missing-column", usable=", ".join(usable))
        return None
    if not keys or any(k not in COLUMNS_BY_KEY or COLUMNS_BY_KEY[k].kind not in ("yesno", "plan", "title")
                       for k in keys):
        where.report(p, "rule-bad-column", "cot", given=column, usable=", ".join(usable))
        return None
    col_kind = COLUMNS_BY_KEY[keys[0]].kind
    fitting = "du_nang_luc" if len(keys) > 1 else _PREDICATE_FOR.get(col_kind, "co")
    if predicate is None:
        where.report(p, "missing-predicate", column=column, fitting=fitting)
        return None
    if predicate not in PREDICATE_KINDS:
        where.report(p, "bad-predicate", "dieu_kien", given=predicate, predicates=", ".join(PREDICATE_KINDS),
                     column=column, fitting=fitting)
        return None
    if col_kind not in PREDICATE_KINDS[predicate] or (predicate == "du_nang_luc") != (len(keys) > 1):
        where.report(p, "predicate-column-mismatch", "dieu_kien", given=predicate, column=column, fitting=fitting)
        return None
    return column, predicate, keys


def _predicate_value(raw: dict, where: At, predicate: str, keys: tuple[str, ...], fields: dict, p: Findings) -> None:
    """What the condition compares with: the plan's status (`bang`), the lowest title (`danh_hieu_tu`), or how
    many of the competences (`du_nang_luc`, `so_toi_thieu`); `gia_tri` / `so_toi_thieu` elsewhere are reported."""
    if "gia_tri" in raw and predicate not in ("bang", "danh_hieu_tu"):
        where.report(p, "value-for-equal-only", "gia_tri", predicate=predicate)
    if "so_toi_thieu" in raw and predicate != "du_nang_luc":
        where.report(p, "min-count-competences-only", "so_toi_thieu")
    if predicate == "bang":
        allowed = ", ".join(f"\"{s.value}\"" for s in PlanStatus)
        try:
            fields["value"] = PlanStatus(raw.get("gia_tri"))
        except ValueError:
            where.report(p, "missing-plan-value" if raw.get("gia_tri") is None else "bad-plan-value",
                         written_key("gia_tri", raw), given=raw.get("gia_tri"), allowed=allowed)
    elif predicate == "danh_hieu_tu":
        fields["value"] = title_value(raw.get("gia_tri"), where, "gia_tri", "individual", p)
    elif predicate == "du_nang_luc":
        k = raw.get("so_toi_thieu", len(keys))
        if not isinstance(k, int) or isinstance(k, bool) or not 1 <= k <= len(keys):
            where.report(p, "bad-min-count", "so_toi_thieu", count=len(keys))
        else:
            fields["min_count"] = k


def _points_scoring(raw: dict, where: At, fields: dict, p: Findings) -> None:
    """Points scheme: the target ratio `muc_tieu` (1 by default) and how a ratio becomes points (`cach_cham`),
    with its bands (`bac`) when scored by bands."""
    target = ratio_value(raw.get("muc_tieu", "1"), where, "muc_tieu", p, positive=True)
    fields["target"] = target or Decimal(1)
    mode = MODES.get(raw.get("cach_cham", "ty_le")) if isinstance(raw.get("cach_cham", "ty_le"), str) else None
    if mode is None:
        where.report(p, "bad-mode", "cach_cham", given=raw.get("cach_cham"), modes=", ".join(MODES))
        return
    fields["mode"] = mode
    if mode == "bands":
        fields["bands"] = _bands(raw.get("bac"), where, fields.get("max_points"), p)
        if "muc_tieu" in raw:
            where.report(p, "target-with-bands", "muc_tieu")
    elif "bac" in raw:
        where.report(p, "bands-without-mode", "bac")


def _bands(raw, where: At, max_points: Decimal | None, p: Findings) -> tuple[tuple[Decimal, Decimal], ...]:
    if not isinstance(raw, list) or not raw:
        where.report(p, "missing-bands", "bac" if raw is not None else None)
        return ()
    bands = []
    for j, pair in enumerate(raw, start=1):
        if not isinstance(pair, list) or len(pair) != 2:
            where.report(p, "bad-band", "bac", index=j)
            continue
        ratio = ratio_value(pair[0], where, f"bac[{j}] tỷ lệ", p)
        points = decimal_value(pair[1], where, f"bac[{j}] điểm", p, Decimal(0), max_points)
        if ratio is not None and points is not None:
            bands.append((ratio, points))
    ratios = [r for r, _ in bands]
    if ratios != sorted(ratios, reverse=True) or len(set(ratios)) != len(ratios):
        where.report(p, "bands-order", "bac")
    elif [pt for _, pt in bands] != sorted((pt for _, pt in bands), reverse=True):
        where.report(p, "band-points-order", "bac")
    return tuple(bands)
