"""Reading single values of a rule file (numbers, ratios, titles, one value per level), in Vietnamese; every
problem is collected into a `messages.Findings`, never raised. The sentences are in the message catalogue
(dvht_batch/messages/rules.py). Reading the TOML text itself is setup/toml_text.py's."""
from __future__ import annotations

from decimal import Decimal, InvalidOperation

from dvht_batch.messages import At, Findings
from dvht_batch.models import Title

def decimal_value(value, where: At, key: str, p: Findings, lo: Decimal | None = None, hi: Decimal | None = None):
    if value is None:
        return None
    if isinstance(value, bool) or isinstance(value, (dict, list)):
        where.report(p, "not-a-number", key, key=key)
        return None
    try:
        d = Decimal(str(value).replace(",", ".").strip())
    except InvalidOperation:
        where.report(p, "bad-number", key, key=key, given=value)
        return None
    if not d.is_finite() or (lo is not None and d < lo) or (hi is not None and d > hi):
        ranged = lo is not None and hi is not None
        where.report(p, "number-out-of-range" if ranged else "bad-number-value", key, key=key, given=value, lo=lo, hi=hi)
        return None
    return d


def _as_ratio(percent: Decimal) -> str:
    """A percentage written as the ratio a rule file wants, exactly: 90 → "0.90", 1.5 → "0.015" (never rounded)."""
    ratio = percent / 100
    return f"{ratio:.2f}" if ratio == ratio.quantize(Decimal("0.01")) else f"{ratio.normalize():f}"


def ratio_value(value, where: At, key: str, p: Findings, positive: bool = False) -> Decimal | None:
    """A ratio 0…1: "0.90", 0.9, "0,90" or "90%" (→ 0.90). 90 is refused with a hint."""
    if isinstance(value, str) and value.strip().endswith("%"):
        d = decimal_value(value.strip()[:-1], where, key, p, Decimal(0), Decimal(100))
        d = None if d is None else d / 100
    else:
        d = decimal_value(value, where, key, p)
        if d is not None and (d < 0 or d > 1):
            where.report(p, "ratio-as-percent" if 1 < d <= 100 else "ratio-out-of-range", key, key=key, given=value,
                     percent=d, ratio=_as_ratio(d))
            return None
    if d is not None and positive and d == 0:
        where.report(p, "not-positive", key, key=key)
        return None
    return d


def title_value(value, where: At, key: str, kind: str, p: Findings) -> Title | None:
    from dvht_batch.vocab.cells import parse_title  # local: vocab imports models only

    names = ", ".join(t.label for t in Title if t.kind == kind and t.rank >= 1)
    if value is None:
        where.report(p, "missing-min-title", None, key=key, names=names)
        return None
    parsed = parse_title(str(value)) if isinstance(value, str) else None
    if parsed is None or parsed.title is None or parsed.title.kind != kind or parsed.title.rank < 1:
        where.report(p, "not-a-rule-title", key, key=key, given=value, names=names,
                 kind="tập thể" if kind == "collective" else "cá nhân")
        return None
    return parsed.title


def is_text(value) -> bool:
    return isinstance(value, str) and bool(value.strip())


def written_key(name: str, raw: dict) -> str | None:
    """The key a finding is at when it is written in the item; None (the item's own line) when it is not."""
    return name if name in raw else None


def per_level(raw, where: At, key: str, levels: tuple[int, ...], p: Findings, parse, scalar_ok: bool = False) -> dict:
    """`muc_tieu = {1 = "0.90", 2 = "0.95"}` — one value per level the indicator is required for.

    With `scalar_ok`, one value (`muc_tieu = "0.90"`) applies to every level of the indicator.
    """
    example = f"{key} = {{ 1 = \"0.90\", 2 = \"0.95\" }}" if key == "muc_tieu" else \
        f"{key} = {{ 1 = \"Tập thể lao động tiên tiến\", 2 = \"Tập thể lao động xuất sắc\" }}"
    if raw is None:
        where.report(p, "missing-per-level", None, key=key, example=example)
        return {}
    if scalar_ok and not isinstance(raw, (dict, list)):
        parsed = parse(raw, where, key)
        return {lv: parsed for lv in levels} if parsed is not None else {}
    if not isinstance(raw, dict):
        where.report(p, "per-level-not-table", key, key=key, example=example)
        return {}
    result = {}
    for lv in levels:
        value = raw.get(str(lv))
        if value is None:
            where.report(p, "per-level-missing", key, key=key, level=lv)
            continue
        parsed = parse(value, where, f"{key}.{lv}")
        if parsed is not None:
            result[lv] = parsed
    for k in raw:
        if not k.isdigit() or int(k) not in levels:
            where.report(p, "per-level-unknown", f"{key}.{k}", key=key, level=k, levels=list(levels))
    return result


def rising(by_level: dict, where: At, key: str, rank, p: Findings) -> None:
    """A higher level may not ask for less than a lower one (a swapped pair is almost always a typo)."""
    ordered = sorted(by_level.items())
    for (lo, a), (hi, b) in zip(ordered, ordered[1:]):
        if rank(b) < rank(a):
            where.report(p, "levels-not-rising", f"{key}.{hi}", key=key, higher=hi, lower=lo)
