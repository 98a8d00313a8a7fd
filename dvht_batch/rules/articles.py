"""Where the law sets each requirement, per administrative level of the unit (cấp tỉnh / cấp huyện), and
what of a level is not confirmed. Parsed from optional keys of a rule file (docs/bo-tieu-chi.md §6):

- `[[tieu_chi]] dieu = { tinh = { 1 = "khoản 3 Điều 12", 2 = "khoản 3 Điều 13" }, huyen = { … } }`:
  the article that sets the indicator's requirement at each level, for each administrative level;
- `[[tieu_chi]] chua_xac_nhan_muc_do = [2]` (every administrative level) or `{ tinh = [2], huyen = [1, 2] }`;
- `[[nhom]] chua_du_chi_tieu = [1, 2]` and `dieu = …`: the criterion has indicators at these levels that
  the file does not list (the text is not confirmed), so no such level can be concluded from the file;
- `[bo_tieu_chi] trich_dan = "Thông tư số 24/2023/TT-BGDĐT"`: how a document cites the text.

`for_tier(rule_set, tier)` resolves these for the unit's administrative level (`[don_vi] cap` in
dvht.toml): every writer then reads `criterion.level_articles` and `criterion.unconfirmed_levels` only.
"""
from __future__ import annotations

from dataclasses import replace

from dvht_batch.messages import At, Findings
from dvht_batch.rules.values import is_text

TIERS = {"tinh": "tỉnh", "huyen": "huyện"}   # rule-file key → the word the circular uses ("cấp tỉnh")
DEFAULT_TIER = "tinh"                        # since 01/7/2025 there is no district level (docs/hop-dong.md)
CRITERION_KEYS = {"dieu"}
GROUP_KEYS = {"dieu", "chua_du_chi_tieu"}


def tier_key(value: str) -> str | None:
    """'tỉnh', 'tinh', 'Cấp tỉnh' → 'tinh'; 'huyện' → 'huyen'; anything else None."""
    from dvht_batch.vn.text import fold

    word = fold(value).replace("cap", "").strip()
    return word if word in TIERS else None


def _levels_list(value, levels: tuple[int, ...]) -> tuple[int, ...] | None:
    if isinstance(value, list) and value and all(
            isinstance(x, int) and not isinstance(x, bool) and x in levels for x in value):
        return tuple(sorted(set(value)))
    return None


def unconfirmed_by_tier(value, where: At, key: str, levels: tuple[int, ...], p: Findings) -> dict[str, tuple]:
    """`[2]` → {"*": (2,)}; `{ tinh = [2], huyen = [1, 2] }` → {"tinh": (2,), "huyen": (1, 2)}."""
    if isinstance(value, dict):
        out = {}
        for tier, levels_value in value.items():
            parsed = _levels_list(levels_value, levels)
            if tier not in TIERS or parsed is None:
                where.report(p, "tier-levels", key, key=key, levels=list(levels))
                return {}
            out[tier] = parsed
        return out
    parsed = _levels_list(value, levels)
    if parsed is None:
        where.report(p, "tier-levels", key, key=key, levels=list(levels))
        return {}
    return {"*": parsed}


def articles_by_tier(value, where: At, levels: tuple[int, ...], p: Findings) -> dict[str, dict[int, str]]:
    """`dieu = { tinh = { 1 = "khoản 2 Điều 12", 2 = "…" }, huyen = { … } }` → {"tinh": {1: "…", 2: "…"}, …}."""
    if not isinstance(value, dict) or not value:
        where.report(p, "bad-articles", "dieu")
        return {}
    out: dict[str, dict[int, str]] = {}
    for tier, per_level in value.items():
        if tier not in TIERS or not isinstance(per_level, dict):
            where.report(p, "bad-articles", "dieu")
            return {}
        out[tier] = {}
        for lv, text in per_level.items():
            if not str(lv).isdigit() or int(lv) not in levels or not is_text(text):
                where.report(p, "bad-articles", "dieu")
                return {}
            out[tier][int(lv)] = " ".join(text.split())
    return out


def resolve(by_tier: dict, tier: str, empty):
    """The value for `tier`, else the value for every tier ("*"), else `empty`."""
    return by_tier.get(tier, by_tier.get("*", empty))


def for_tier(rule_set, tier: str | None):
    """The rule set as it applies to a unit of this administrative level (None: the default, cấp tỉnh)."""
    tier = tier or DEFAULT_TIER
    criteria = tuple(replace(c, level_articles=dict(c.articles_by_tier.get(tier, {})), law=rule_set.citation,
                             unconfirmed_levels=resolve(c.unconfirmed_by_tier, tier, ()) if c.unconfirmed_by_tier
                             else c.unconfirmed_levels)
                     for c in rule_set.criteria)
    groups = tuple(replace(g, level_articles=_cited(rule_set, g.articles_by_tier.get(tier, {})),
                           missing_levels=resolve(g.missing_by_tier, tier, ()) if g.missing_by_tier
                           else g.missing_levels)
                   for g in rule_set.groups)
    return replace(rule_set, criteria=criteria, groups=groups, tier=tier)


def _cited(rule_set, per_level: dict[int, str]) -> dict[int, str]:
    """{1: 'khoản 3 Điều 12'} → {1: 'khoản 3 Điều 12 Thông tư số 24/2023/TT-BGDĐT'}."""
    return {lv: cite(rule_set, article) for lv, article in per_level.items()}


def unconfirmed_levels(rule_set) -> dict[int, list[str]]:
    """Each level some requirement of which is not confirmed → what is unconfirmed ('2.1', 'Tiêu chí 2')."""
    out: dict[int, list[str]] = {}
    for c in rule_set.criteria:
        levels = c.levels if c.unconfirmed else c.unconfirmed_levels
        for lv in levels:
            out.setdefault(lv, []).append(c.code)
    for g in rule_set.groups:
        for lv in g.missing_levels:
            out.setdefault(lv, []).append(f"Tiêu chí {g.code}")
    return {lv: out[lv] for lv in sorted(out)}


def concludable(rule_set, level: int) -> bool:
    """May a document conclude (or request) `level`? Only when every requirement of it and of every level
    below it is confirmed in the rule set used."""
    blocked = unconfirmed_levels(rule_set)
    return not any(lv <= level for lv in blocked)


def cite(rule_set, article: str) -> str:
    """'khoản 3 Điều 12' → 'khoản 3 Điều 12 Thông tư số 24/2023/TT-BGDĐT'."""
    return f"{article} {rule_set.citation}"
