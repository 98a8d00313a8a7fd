"""Exact decimal helpers and Vietnamese number formatting ('84,60', '91,67%', '1.234')."""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

TWO_PLACES = Decimal("0.01")


def round2(value: Decimal | Fraction | int) -> Decimal:
    """Round half-up to 2 decimal places, exactly (a Fraction is rounded without a float step)."""
    if isinstance(value, Fraction):
        scaled = value * 100
        n, d = scaled.numerator, scaled.denominator
        q, r = divmod(abs(n), d)
        if 2 * r >= d:
            q += 1
        return (Decimal(q if n >= 0 else -q) / 100).quantize(TWO_PLACES)
    return Decimal(value).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def fmt_decimal(value: Decimal | None, places: int = 2) -> str:
    """Decimal → '84,60'; thousands grouped with '.' ('1.234,50'). None → ''."""
    if value is None:
        return ""
    q = Decimal(value).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    sign = "-" if q < 0 else ""
    whole, _, frac = f"{abs(q):f}".partition(".")
    grouped = f"{int(whole):,}".replace(",", ".")
    return f"{sign}{grouped},{frac}" if places else f"{sign}{grouped}"


def fmt_points(value: Decimal | None) -> str:
    return fmt_decimal(value, 2)


def fmt_percent(ratio: Decimal | Fraction | None, places: int = 2) -> str:
    """A ratio 0.91666… → '91,67%'."""
    if ratio is None:
        return ""
    pct = round2(Fraction(ratio) * 100) if places == 2 else Decimal(ratio) * 100
    return fmt_decimal(pct, places) + "%"


def fmt_int(value: int | None) -> str:
    return "" if value is None else f"{value:,}".replace(",", ".")
