"""Reading single values of a rule file (numbers, ratios, titles), in Vietnamese; every problem is collected
into a `messages.Findings`, never raised. The sentences are in the message catalogue
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


def ratio_value(value, where: At, key: str, p: Findings, positive: bool = False) -> Decimal | None:
    """A ratio 0…1: "0.90", 0.9, "0,90" or "90%" (→ 0.90). 90 is refused with a hint."""
    if isinstance(value, str) and value.strip().endswith("%"):
        d = decimal_value(value.strip()[:-1], where, key, p, Decimal(0), Decimal(100))
        d = None if d is None else d / 100
    else:
        d = decimal_value(value, where, key, p)
        if d is not None and (d < 0 or d > 1):
            where.report(p, "ratio-as-percent" if 1 < d <= 100 else "ratio-out-of-range", key, key=key, given=value,
                     percent=d, ratio=f"{d / 100:.2f}")
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
