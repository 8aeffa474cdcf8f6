"""A claim against one published or derived figure: equal at the claim's own precision,
inside the figure's bounds, looser than it, or against it; and whether the claim's date can
be the figure's. Pure arithmetic on Decimal, in base units (yuan, %, points, counts)."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from enum import IntEnum

from loanfacts.analysis.bounds import Interval
from loanfacts.analysis.bounds import half_unit as printed_half_unit
from loanfacts.check.targets import Target
from loanfacts.model.kinds import Qualifier, scaled
from loanfacts.model.models import Duration, Instant
from loanfacts.recognize.figures import Figure
from loanfacts.recognize.textdates import DateRef


class Fit(IntEnum):
    """How a claim stands against one figure, best first."""

    EQUAL = 0  # equal at the claim's precision, qualifier allowing
    INSIDE = 1  # inside the figure's bounds, not pinned down
    LOOSE = 2  # true, but the figure says more (a lower floor than the facts give)
    AGAINST = 3


def half_unit(figure: Figure) -> Decimal:
    """Half a unit of the claim's last digit, in base units. An approximate round number is
    read at its last non-zero digit ("about 1,600 billion" is 1,550 to 1,650)."""
    places = figure.decimals
    if places == 0 and figure.qualifier is Qualifier.APPROXIMATE and figure.value != 0:
        digits = str(abs(figure.value).to_integral_value())
        places = -(len(digits) - len(digits.rstrip("0")))
    half = scaled(printed_half_unit(places), figure.scale)
    if figure.base_value != scaled(figure.value, figure.scale):  # basis points
        half = half.scaleb(-2)
    return half


def _interval(target: Target, base: bool) -> tuple[Decimal, Interval]:
    point = target.base_point if base else target.point
    bounds = target.base_bounds if base else target.bounds
    if (
        target.qualifier is Qualifier.APPROXIMATE
        and bounds.lo.is_infinite()
        and bounds.hi.is_infinite()
    ):  # "about X" printed: ten percent either side
        spread = abs(point) / 10
        bounds = Interval(point - spread, point + spread)
    return point, bounds


def fit(
    claim: Decimal, half: Decimal, qualifier: Qualifier, target: Target, base: bool = True
) -> Fit:
    """How a claim (value, half a unit of its last digit, qualifier) stands against a figure."""
    point, bounds = _interval(target, base)
    lo, hi = bounds.lo, bounds.hi
    kind = target.qualifier
    if qualifier in (Qualifier.EXACT, Qualifier.APPROXIMATE):
        if kind is Qualifier.LOWER_BOUND:
            return Fit.AGAINST if claim + half < lo else Fit.INSIDE
        if kind is Qualifier.UPPER_BOUND:
            return Fit.AGAINST if claim - half > hi else Fit.INSIDE
        if abs(point - claim) <= half:
            return Fit.EQUAL
        inside = qualifier is Qualifier.EXACT and lo <= claim <= hi
        return Fit.INSIDE if inside else Fit.AGAINST
    if qualifier is Qualifier.UPPER_BOUND:  # mirror: -x < -claim is x > claim
        mirrored = replace(
            target,
            point=-target.point,
            bounds=Interval(-target.bounds.hi, -target.bounds.lo),
            qualifier=_MIRROR[target.qualifier],
        )
        return fit(-claim, half, Qualifier.LOWER_BOUND, mirrored, base)
    # the claim is a floor: "more than claim"
    if kind is Qualifier.LOWER_BOUND:
        if abs(lo - claim) <= half:
            return Fit.EQUAL
        return Fit.INSIDE if claim > lo else Fit.LOOSE
    if kind is Qualifier.UPPER_BOUND:
        return Fit.AGAINST if claim >= hi else Fit.INSIDE
    if lo > claim:
        return Fit.EQUAL if point - claim <= half else Fit.LOOSE
    return Fit.AGAINST if hi <= claim else Fit.INSIDE


_MIRROR = {
    Qualifier.LOWER_BOUND: Qualifier.UPPER_BOUND,
    Qualifier.UPPER_BOUND: Qualifier.LOWER_BOUND,
    Qualifier.EXACT: Qualifier.EXACT,
    Qualifier.APPROXIMATE: Qualifier.APPROXIMATE,
}


def claim_fit(figure: Figure, target: Target, factor: Decimal = Decimal(1)) -> Fit:
    half = half_unit(figure) * factor
    best = fit(figure.base_value * factor, half, figure.qualifier, target)
    if figure.sign_text is None and target.point < 0:  # "changed 0.64 points": no direction
        best = min(best, fit(-figure.base_value * factor, half, figure.qualifier, target))
    return best


def date_agrees(ref: DateRef | None, period: Instant | Duration | None) -> bool:
    """Whether a claim's date can be the figure's: every part the claim states must fit."""
    if ref is None or ref.relative or period is None:
        return True
    if isinstance(period, Instant):
        first = last = period.date
    else:
        first, last = period.start, period.end
    if ref.year is not None and not first.year <= ref.year <= last.year:
        return False
    if ref.month_from is None or ref.month_to is None:
        return True
    if ref.is_span:
        if isinstance(period, Instant):
            return ref.month_to == last.month
        return (ref.month_from, ref.month_to) == (first.month, last.month)
    if isinstance(period, Instant):
        return ref.month_from == last.month and ref.day in (None, last.day)
    in_span = first.month <= ref.month_from <= last.month
    return in_span and (ref.day is None or ref.month_from != last.month or ref.day == last.day)
