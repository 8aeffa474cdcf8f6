"""Interval arithmetic on Decimal: what a published figure's wording and digits allow.

An infinite endpoint stands for an open side ("exceeded 9,000" has no upper bound). Endpoints
are treated as closed; the difference between [a, b] and [a, b) never changes a figure shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_EVEN, Context, Decimal, localcontext

from loanfacts.model.models import Fact, Measure, Qualifier

INF = Decimal("Infinity")
NINF = Decimal("-Infinity")
PRECISION = 40


def _ctx(rounding: str = ROUND_HALF_EVEN) -> Context:
    return Context(prec=PRECISION, rounding=rounding)


DOWN, UP = _ctx(ROUND_FLOOR), _ctx(ROUND_CEILING)


def _mul(a: Decimal, b: Decimal, ctx: Context) -> Decimal:
    """Product with the interval convention 0 * inf = 0."""
    if a == 0 or b == 0:
        return Decimal(0)
    return ctx.multiply(a, b)


@dataclass(frozen=True)
class Interval:
    """A closed range [lo, hi]; either end may be infinite. Every operation rounds its lower
    end down and its upper end up, so the range always holds the exact result."""

    lo: Decimal
    hi: Decimal

    @classmethod
    def point(cls, value: Decimal) -> Interval:
        return cls(value, value)

    @property
    def lower(self) -> Decimal | None:
        return None if self.lo.is_infinite() else self.lo

    @property
    def upper(self) -> Decimal | None:
        return None if self.hi.is_infinite() else self.hi

    def contains(self, value: Decimal) -> bool:
        return self.lo <= value <= self.hi

    def contains_zero(self) -> bool:
        return self.contains(Decimal(0))

    def __add__(self, other: Interval) -> Interval:
        return Interval(DOWN.add(self.lo, other.lo), UP.add(self.hi, other.hi))

    def __sub__(self, other: Interval) -> Interval:
        return Interval(DOWN.subtract(self.lo, other.hi), UP.subtract(self.hi, other.lo))

    def __mul__(self, other: Interval) -> Interval:
        if self.lo >= 0 and other.lo >= 0:  # most figures: the least and the greatest products
            return Interval(_mul(self.lo, other.lo, DOWN), _mul(self.hi, other.hi, UP))
        pairs = [(a, b) for a in (self.lo, self.hi) for b in (other.lo, other.hi)]
        return Interval(
            min(_mul(a, b, DOWN) for a, b in pairs), max(_mul(a, b, UP) for a, b in pairs)
        )

    def __truediv__(self, other: Interval) -> Interval:
        """Division; a divisor range that holds zero makes the result unbounded."""
        if other.contains_zero():
            return Interval(NINF, INF)
        inverse = Interval(DOWN.divide(Decimal(1), other.hi), UP.divide(Decimal(1), other.lo))
        return self * inverse

    def scaled(self, factor: Decimal) -> Interval:
        return self * Interval.point(factor)

    def qualifier(self, point: Decimal) -> Qualifier:
        """How a derived figure is qualified: which sides are bounded, and how tightly.

        A range within 1% of the point is the printed precision at work (exact); a point
        sitting at one end of a wide range is a bound (a share of an "exceeded" whole).
        """
        if self.lower is None and self.upper is None:
            return Qualifier.APPROXIMATE
        if self.upper is None:
            return Qualifier.LOWER_BOUND
        if self.lower is None:
            return Qualifier.UPPER_BOUND
        below, above = point - self.lo, self.hi - point
        if self.hi - self.lo <= abs(point) / 100:
            return Qualifier.EXACT
        if below > 10 * above:
            return Qualifier.UPPER_BOUND
        if above > 10 * below:
            return Qualifier.LOWER_BOUND
        return Qualifier.APPROXIMATE


def half_unit(decimals: int) -> Decimal:
    """Half a unit in the last printed place: 13.43 -> 0.005."""
    return Decimal(5).scaleb(-(decimals + 1))


def fact_interval(fact: Fact) -> Interval:
    """The values a published figure allows, from its qualifier and printed precision."""
    value = fact.value
    if fact.qualifier is Qualifier.LOWER_BOUND:
        return Interval(value, INF)
    if fact.qualifier is Qualifier.UPPER_BOUND:
        return Interval(NINF, value)
    if fact.qualifier is Qualifier.APPROXIMATE:
        return Interval(NINF, INF)
    if fact.measure is Measure.COUNT and fact.scale is None and fact.decimals is None:
        return Interval.point(value)
    half = half_unit(fact.printed_decimals)
    return Interval(value - half, value + half)


def round_sig(value: Decimal, digits: int = 10, rounding: str = ROUND_HALF_EVEN) -> Decimal:
    """Round to significant digits for output; bounds round outward to stay honest."""
    if value.is_infinite() or value == 0:
        return value
    with localcontext(Context(prec=digits, rounding=rounding)):
        rounded = +value
    return rounded.normalize()


def round_lower(value: Decimal, digits: int = 10) -> Decimal:
    return round_sig(value, digits, ROUND_FLOOR)


def round_upper(value: Decimal, digits: int = 10) -> Decimal:
    return round_sig(value, digits, ROUND_CEILING)
