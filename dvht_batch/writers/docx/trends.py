"""One paragraph of the BÁO CÁO comparing this period with the previous one (from the history ledger)."""
from __future__ import annotations

from decimal import Decimal

from dvht_batch.models import RunResult, Trends
from dvht_batch.vn.numbers import fmt_decimal, fmt_percent

NOTABLE = Decimal(10)  # percentage points: a department's change worth naming


def _points(delta: Decimal) -> str:
    return f"{fmt_decimal(abs(delta), 1)} điểm phần trăm"


def trend_sentence(result: RunResult, trends: Trends | None) -> str | None:
    """'So với tháng 10 năm 2025, tỷ lệ đạt tiêu chí 2a tăng 20,0 điểm phần trăm (80,00% → 100,00%); …' or None."""
    previous = trends.previous if trends else None
    if previous is None:
        return None
    parts, steady = [], []
    for c in result.unit.score.criteria:
        if c.kind != "member_ratio":
            continue
        delta = trends.change("", c.code, c.ratio)
        if delta is None:
            continue
        if delta == 0:
            steady.append(c.code)
            continue
        before = previous.ratios[""][c.code]
        parts.append(f"tiêu chí {c.code} {'tăng' if delta > 0 else 'giảm'} {_points(delta)} "
                     f"({fmt_percent(before)} → {fmt_percent(c.ratio)})")
    if not parts and not steady:
        return None
    text = f"So với {previous.period.label()}, tỷ lệ thành viên đạt: "
    text += "; ".join(parts) if parts else "không thay đổi ở mọi tiêu chí"
    if parts and steady:
        text += f"; không đổi ở tiêu chí {', '.join(steady)}"
    notable = []
    for d in result.departments:
        if d.score is None:
            continue
        for c in d.score.criteria:
            delta = trends.change(d.code, c.code, c.ratio)
            if delta is not None and abs(delta) >= NOTABLE:
                notable.append(f"{d.name} ({c.code} {'+' if delta > 0 else '−'}{fmt_decimal(abs(delta), 1)})")
    if notable:
        text += f". Thay đổi đáng kể ở các phòng (điểm phần trăm): {', '.join(notable[:8])}"
    return text + "."


def add_trend_paragraph(doc, result: RunResult, trends: Trends | None) -> None:
    sentence = trend_sentence(result, trends)
    if sentence:
        doc.body(sentence)
