"""How a number is written in words and tables: thousands separators, and rounding to a number
of places when asked (bounds round outward). The one home of this rule: render/wording.py,
the audit's messages (analysis/evidence.py) and check's notes (check/targets.py) call it."""

from __future__ import annotations

from decimal import ROUND_HALF_EVEN, Context, Decimal, localcontext


def grouped(value: Decimal, places: int | None = None, rounding: str = ROUND_HALF_EVEN) -> str:
    """1234.5 -> "1,234.5"; with places, rounded as asked: grouped(x, 2, ROUND_FLOOR)."""
    if places is not None and value.is_finite():
        # quantize fails (InvalidOperation) past the context's 28 digits: 1e27 to 2 places
        digits = max(28, value.adjusted() + places + 2)
        with localcontext(Context(prec=digits)):
            value = value.quantize(Decimal(1).scaleb(-places), rounding=rounding)
    return format(value, ",f")


def as_printed(value: Decimal) -> str:
    """A published figure as printed: 9000 -> "9,000" (whatever its exponent), 3563.91 ->
    "3,563.91"."""
    return grouped(value.normalize() if value == value.to_integral_value() else value)
