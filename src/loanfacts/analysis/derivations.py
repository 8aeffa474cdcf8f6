"""The derivation registry: what each derivation needs, found by measure, relation and tag
(never by id), and how it computes a value with bounds.

Arithmetic is interval arithmetic on Decimal (bounds.py): `point` comes from the published
values, `bounds` from their qualifiers and printed precision.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Context, Decimal, localcontext

from loanfacts.analysis.bounds import INF, PRECISION, Interval, fact_interval
from loanfacts.analysis.links import (
    HUNDRED,
    MAX_YEARS,
    ONE,
    Growth,
    Index,
    add_years,
    is_total,
    region,
    stated_gaps,
    years_between,
)
from loanfacts.analysis.units import CURRENCY
from loanfacts.model.kinds import PERCENT, Measure, Scale, scale_factor
from loanfacts.model.models import Duration, Fact, Instant, period_label

LEVELS = (Measure.BALANCE, Measure.AMOUNT, Measure.COUNT)
#: the words a derived topic joins its inputs' topics with ("A as a share of B", "B other
#: than A", "baseline of A"): check/from_index.py looks for them in a text
SHARE_OF, OTHER_THAN, BASELINE_OF = "as a share of", "other than", "baseline of"
TOPIC_WORDS = (SHARE_OF, OTHER_THAN, BASELINE_OF)


class Skip(Exception):
    """A derivation whose inputs exist but whose arithmetic has no meaning."""


@dataclass(frozen=True)
class Pool:
    """The facts a derivation searches, with what several of them need to know."""

    by_id: dict[str, Fact]
    reference_ids: frozenset[str]
    links: Index[Fact]

    @classmethod
    def of(cls, facts: list[Fact], reference_ids: frozenset[str]) -> Pool:
        by_id = {f.id: f for f in facts}
        return cls(by_id, reference_ids, Index.of(by_id, lambda f: period_label(f.period)))

    @property
    def rates(self) -> dict[str, Fact]:
        return self.links.rates


@dataclass(frozen=True)
class Computed:
    """A derivation's result. `dated` means the derivation joined dates on purpose and says
    so in `warnings`; otherwise inputs dated apart from the first are warned about."""

    point: Decimal
    bounds: Interval
    unit: str
    scale: Scale | None
    period: Instant | Duration | None
    topic: str
    warnings: tuple[str, ...] = ()
    formula: str | None = None
    dated: bool = False


Finder = Callable[[Pool], Iterator[tuple[Fact, ...]]]
Computer = Callable[[tuple[Fact, ...]], Computed]
Topic = Callable[[tuple[Fact, ...]], str]


#: what a derivation yields: a level in the unit of an input whose measure is a level
#: (LEVELS), or an average in "UNIT per COUNTED" (money or a count); or a percent
LEVEL, PERCENT_RATE = "level", "percent"


def _first_topic(inputs: tuple[Fact, ...]) -> str:
    return inputs[0].topic


@dataclass(frozen=True)
class Derivation:
    """`yields`: LEVEL or PERCENT_RATE, declared so that `check` runs only the derivations
    whose figures can be of a kind of unit its text holds (its measure: check/targets.py).
    `topic`: the topic of what it derives from its inputs (its compute step gives the same),
    read without computing: `check` keeps the names of what it does not derive."""

    name: str
    title: str
    formula: str
    find: Finder
    compute: Computer
    yields: str = LEVEL
    topic: Topic = _first_topic


def _point(fact: Fact) -> Interval:
    return Interval.point(fact.value)


def in_base(fact: Fact) -> tuple[Interval, Interval]:
    """Point and bounds in the unit without scale (billion yuan -> yuan)."""
    factor = scale_factor(fact.scale)
    return _point(fact).scaled(factor), fact_interval(fact).scaled(factor)


def _growth_factor(rate: Fact) -> tuple[Interval, Interval]:
    """1 + g/100 as a point and as bounds; a rate at or below -100% has no prior level."""
    point = ONE + _point(rate) / HUNDRED
    bounds = ONE + fact_interval(rate) / HUNDRED
    if point.lo <= 0:
        raise Skip(f"growth rate {rate.value}% leaves no positive prior-year level")
    if bounds.lo <= 0:
        raise Skip(
            f"growth rate {rate.value}% as published "
            f"({rate.qualifier.value.replace('_', ' ')}) could be -100% or below, "
            "which leaves no prior-year level"
        )
    return point, bounds


def _year_before(period: Instant | Duration | None) -> Instant | Duration | None:
    try:
        return _shifted(period)
    except ValueError:
        raise Skip("the year before falls outside the calendar (0001-9999)") from None


def _shifted(period: Instant | Duration | None) -> Instant | Duration | None:
    if isinstance(period, Instant):
        return Instant(type="instant", date=add_years(period.date, -1))
    if isinstance(period, Duration):
        return Duration(
            type="duration", start=add_years(period.start, -1), end=add_years(period.end, -1)
        )
    return None


def period_warnings(inputs: tuple[Fact, ...]) -> tuple[str, ...]:
    """Each input dated apart from the first: figures of different dates joined."""
    first = inputs[0]
    return tuple(
        f"{first.id} is dated {period_label(first.period)} but {other.id} is dated "
        f"{period_label(other.period)}"
        for other in inputs[1:]
        if period_label(other.period) != period_label(first.period)
    )


# -- levels and their rates ------------------------------------------------------------------


def _rated_levels(pool: Pool) -> Iterator[tuple[Fact, ...]]:
    for level_id, rate in pool.rates.items():
        level = pool.by_id.get(level_id)
        if level is not None and level.measure in LEVELS:
            yield (level, rate)


def _prior(inputs: tuple[Fact, ...]) -> Computed:
    level, rate = inputs
    point_f, bounds_f = _growth_factor(rate)
    point = _point(level) / point_f
    bounds = fact_interval(level) / bounds_f
    return Computed(
        point.lo, bounds, level.unit, level.scale, _year_before(level.period), level.topic
    )


def _increase(inputs: tuple[Fact, ...]) -> Computed:
    """b - b/(1+g) = b * g / (100 + g): one expression, so bounds stay tight."""
    level, rate = inputs
    _growth_factor(rate)
    point = _point(level) * _point(rate) / (HUNDRED + _point(rate))
    bounds = fact_interval(level) * (ONE - ONE / (ONE + fact_interval(rate) / HUNDRED))
    return Computed(point.lo, bounds, level.unit, level.scale, level.period, level.topic)


def _gaps(pool: Pool) -> Iterator[tuple[Fact, ...]]:
    yield from stated_gaps(pool.by_id)


def _baseline_topic(inputs: tuple[Fact, ...]) -> str:
    rate, gap = inputs
    return gap.versus or f"{BASELINE_OF} {rate.topic}"


def _baseline(inputs: tuple[Fact, ...]) -> Computed:
    rate, gap = inputs
    return Computed(
        (_point(rate) - _point(gap)).lo,
        fact_interval(rate) - fact_interval(gap),
        PERCENT,
        None,
        rate.period,
        _baseline_topic(inputs),
    )


# -- a region's loans of all kinds -----------------------------------------------------------


def _totals_with_gaps(pool: Pool) -> Iterator[tuple[Fact, ...]]:
    """(total, rate, gap): a region's total of all loans and a gap, dated a year later, that
    implies how fast all loans grew over that year; for each date a year later, the first
    such gap in the file (as links.Index.growth takes it), so that a file stating a region's
    gap many times derives each grown total once, not once per copy."""
    for where, totals in pool.links.totals.items():
        by_day: dict[date, tuple[Fact, Fact]] = {}
        for rate, gap in pool.links.growth_gaps.get(where, ()):
            if gap.instant is not None:
                by_day.setdefault(gap.instant, (rate, gap))
        for total in totals:
            for day, (rate, gap) in by_day.items():
                if total.instant is not None and years_between(total.instant, day) == 1:
                    yield (total, rate, gap)


def _growth(inputs: tuple[Fact, ...], day: date) -> Growth[Fact]:
    """The growth a share-of-all-loans derivation was found with, from its inputs' count."""
    total, *rest = inputs
    start = total.instant or day
    if len(rest) == 2:
        return Growth(total, 1, rest[0], rest[1], None, rest[1].instant or day)
    if len(rest) == 1:
        years = years_between(start, day)
        if abs(years) > MAX_YEARS:
            raise Skip(f"a growth compounded over {abs(years)} years has no meaning")
        try:
            return Growth(total, years, rest[0], None, rest[0], add_years(start, years))
        except ValueError:
            raise Skip("the grown total falls outside the calendar (0001-9999)") from None
    return Growth(total, 0, None, None, None, start)


def _grown(inputs: tuple[Fact, ...]) -> Computed:
    total, rate, gap = inputs
    growth = _growth(inputs, gap.instant or date.min)
    point = _point(total) * growth.factor(_point)
    bounds = fact_interval(total) * growth.factor(fact_interval)
    return Computed(
        point.lo,
        bounds,
        total.unit,
        total.scale,
        Instant(type="instant", date=growth.at),
        total.topic,
        (
            f"{total.id} is dated {period_label(total.period)}; grown a year by the "
            f"rate {rate.id} minus {gap.id} implies, to {growth.at.isoformat()}",
        ),
        dated=True,
    )


def _loan_balances(pool: Pool) -> Iterator[tuple[Fact, ...]]:
    """(balance, total, [rate, [gap]]): a balance of a document other than a reference one,
    and its region's loans of all kinds grown to its date (links.Index.growth)."""
    for balance in pool.by_id.values():
        day = balance.instant
        if (
            balance.measure is not Measure.BALANCE
            or balance.unit != CURRENCY
            or day is None
            or is_total(balance)
            or balance.id in pool.reference_ids
        ):
            continue
        growth = pool.links.growth(region(balance.entity), day)
        if growth is not None:
            yield (balance, *growth.inputs)


def _share_of_all(inputs: tuple[Fact, ...]) -> Computed:
    balance, *rest = inputs
    day = balance.instant or date.min
    growth = _growth(tuple(rest), day)
    total = growth.total
    b_point, b_bounds = in_base(balance)
    t_point, t_bounds = in_base(total)
    point = b_point / (t_point * growth.factor(_point)) * HUNDRED
    bounds = b_bounds / (t_bounds * growth.factor(fact_interval)) * HUNDRED
    if growth.gap is not None:
        formula = "balance / (total * (1 + (rate - gap) / 100)) * 100"
    elif growth.rate is not None and growth.years:
        formula = f"balance / (total * (1 + yoy / 100) ^ {growth.years}) * 100"
    else:
        formula = "balance / total * 100"
    warnings = [
        f"{total.id} is dated {period_label(total.period)}; grown to {growth.at.isoformat()}"
        if growth.years
        else f"{total.id} is dated {period_label(total.period)} and not grown"
    ]
    if growth.at != day:
        warnings.append(
            f"{balance.id} is dated {day.isoformat()} but the total stands for "
            f"{growth.at.isoformat()}"
        )
    return Computed(
        point.lo,
        bounds,
        PERCENT,
        None,
        balance.period,
        _share_of(balance, total),
        tuple(warnings),
        formula,
        dated=True,
    )


# -- parts and wholes ------------------------------------------------------------------------


def _parts(pool: Pool) -> Iterator[tuple[Fact, ...]]:
    for part in pool.by_id.values():
        whole = pool.by_id.get(part.relations.part_of or "")
        if whole is not None and whole.unit == part.unit and part.measure in LEVELS:
            yield (part, whole)


def _divided(top: Fact, bottom: Fact, what: str) -> tuple[Interval, Interval]:
    """top / bottom in base units, point and bounds; a zero divisor has no meaning."""
    t_point, t_bounds = in_base(top)
    b_point, b_bounds = in_base(bottom)
    if b_point.contains_zero():
        raise Skip(f"the {what} {bottom.id} is zero")
    return t_point / b_point, t_bounds / b_bounds


def _share_of(part: Fact, whole: Fact) -> str:
    return f"{part.topic} {SHARE_OF} {whole.topic}"


def _share_topic(inputs: tuple[Fact, ...]) -> str:
    """(part, whole) or (balance, total, ...): the part as a share of the whole."""
    return _share_of(inputs[0], inputs[1])


def _prior_share_topic(inputs: tuple[Fact, ...]) -> str:
    """(part, part's rate, whole, whole's rate)."""
    return _share_of(inputs[0], inputs[2])


def _share(inputs: tuple[Fact, ...]) -> Computed:
    part, whole = inputs
    point, bounds = _divided(part, whole, "whole")
    return Computed(
        (point * HUNDRED).lo,
        bounds * HUNDRED,
        PERCENT,
        None,
        part.period,
        _share_of(part, whole),
    )


def _with_rates(pool: Pool, pairs: Iterator[tuple[Fact, ...]]) -> Iterator[tuple[Fact, ...]]:
    """(part, part's rate, whole, whole's rate) for the pairs whose levels both have one."""
    for part, whole in pairs:
        part_rate, whole_rate = pool.rates.get(part.id), pool.rates.get(whole.id)
        if part_rate is not None and whole_rate is not None:
            yield (part, part_rate, whole, whole_rate)


def _parts_with_rates(pool: Pool) -> Iterator[tuple[Fact, ...]]:
    return _with_rates(pool, _parts(pool))


def _a_year_earlier(inputs: tuple[Fact, ...]) -> tuple[Interval, Interval, Interval, Interval]:
    """Part and whole a year earlier, in base units: point and bounds of each."""
    part, part_rate, whole, whole_rate = inputs
    p_point, p_bounds = in_base(part)
    w_point, w_bounds = in_base(whole)
    pf_point, pf_bounds = _growth_factor(part_rate)
    wf_point, wf_bounds = _growth_factor(whole_rate)
    return p_point / pf_point, p_bounds / pf_bounds, w_point / wf_point, w_bounds / wf_bounds


def _prior_share(inputs: tuple[Fact, ...]) -> Computed:
    part, _, whole, _ = inputs
    if in_base(whole)[0].contains_zero():
        raise Skip(f"the whole {whole.id} is zero")
    p_point, p_bounds, w_point, w_bounds = _a_year_earlier(inputs)
    return Computed(
        (p_point / w_point * HUNDRED).lo,
        p_bounds / w_bounds * HUNDRED,
        PERCENT,
        None,
        _year_before(part.period),
        _share_of(part, whole),
    )


def _own_parts(pool: Pool) -> Iterator[tuple[Fact, ...]]:
    """(part, whole) of one document: what the document's whole holds besides its part (a
    part from another source may count differently, so it is only ever divided)."""
    for part, whole in _parts(pool):
        if part.source.document == whole.source.document:
            yield (part, whole)


def _own_parts_with_rates(pool: Pool) -> Iterator[tuple[Fact, ...]]:
    return _with_rates(pool, _own_parts(pool))


def _rest(whole: Fact, part: Fact) -> str:
    return f"{whole.topic} {OTHER_THAN} {part.topic}"


def _rest_topic(inputs: tuple[Fact, ...]) -> str:
    """(part, whole)."""
    return _rest(inputs[1], inputs[0])


def _prior_rest_topic(inputs: tuple[Fact, ...]) -> str:
    """(part, part's rate, whole, whole's rate)."""
    return _rest(inputs[2], inputs[0])


def _remainder(inputs: tuple[Fact, ...]) -> Computed:
    part, whole = inputs
    back = Decimal(1) / scale_factor(whole.scale)
    p_point, p_bounds = in_base(part)
    w_point, w_bounds = in_base(whole)
    point = (w_point - p_point).scaled(back)
    return Computed(
        point.lo,
        (w_bounds - p_bounds).scaled(back),
        whole.unit,
        whole.scale,
        whole.period,
        _rest(whole, part),
    )


def _prior_remainder(inputs: tuple[Fact, ...]) -> Computed:
    part, _, whole, _ = inputs
    back = Decimal(1) / scale_factor(whole.scale)
    p_point, p_bounds, w_point, w_bounds = _a_year_earlier(inputs)
    return Computed(
        (w_point - p_point).scaled(back).lo,
        (w_bounds - p_bounds).scaled(back),
        whole.unit,
        whole.scale,
        _year_before(whole.period),
        _rest(whole, part),
    )


def _remainder_growth(inputs: tuple[Fact, ...]) -> Computed:
    """((W - P) / (W/a - P/b) - 1) * 100 with a = 1 + g_W/100, b = 1 + g_P/100.

    W and P appear twice, so naive interval arithmetic would lose all precision. With x = P/W
    the growth factor is (1 - x) / (1/a - x/b), which is monotone in x whatever a and b are;
    its range is therefore spanned by its values at the two ends of x's range, each computed
    with a and b (which appear once) as intervals."""
    part, part_rate, whole, whole_rate = inputs
    p_point, p_bounds = in_base(part)
    w_point, w_bounds = in_base(whole)
    if w_point.contains_zero():
        raise Skip(f"the whole {whole.id} is zero")
    pf_point, pf_bounds = _growth_factor(part_rate)
    wf_point, wf_bounds = _growth_factor(whole_rate)

    def factor(x: Interval, a: Interval, b: Interval) -> Interval:
        return (ONE - x) / (ONE / a - x / b)

    x_bounds = p_bounds / w_bounds
    if (ONE / wf_bounds - x_bounds / pf_bounds).contains_zero():
        # the prior remainder may be zero: the growth has a pole inside the range
        bounds = Interval(-INF, INF)
    else:
        ends = [
            factor(Interval.point(end), wf_bounds, pf_bounds) for end in (x_bounds.lo, x_bounds.hi)
        ]
        bounds = (Interval(min(e.lo for e in ends), max(e.hi for e in ends)) - ONE) * HUNDRED
    point = (factor(p_point / w_point, wf_point, pf_point) - ONE) * HUNDRED
    if point.lo.is_infinite():
        raise Skip(f"{whole.id} a year earlier holds no more than {part.id}")
    return Computed(point.lo, bounds, PERCENT, None, whole.period, _rest(whole, part))


# -- amounts spread over counts --------------------------------------------------------------


def _per_unit(pool: Pool) -> Iterator[tuple[Fact, ...]]:
    for amount in pool.by_id.values():
        count = pool.by_id.get(amount.relations.distributed_over or "")
        if amount.measure in LEVELS and count is not None and count.measure is Measure.COUNT:
            yield (amount, count)


_DISPLAY_SCALES = (Scale.THOUSAND, Scale.MILLION, Scale.BILLION, Scale.TRILLION)


def _readable_scale(value: Decimal) -> Scale | None:
    """The largest Western scale that keeps the value at or above 1."""
    chosen: Scale | None = None
    for scale in _DISPLAY_SCALES:
        if abs(value) >= scale.factor:
            chosen = scale
    return chosen


def _singular(unit: str) -> str:
    return unit[:-1] if unit.endswith("s") and not unit.endswith("ss") else unit


def _average(inputs: tuple[Fact, ...]) -> Computed:
    amount, count = inputs
    quotient, bounds = _divided(amount, count, "count")
    point = quotient.lo
    scale = _readable_scale(point)
    factor = Decimal(1) / scale_factor(scale)
    bounds = bounds.scaled(factor)
    with localcontext(Context(prec=PRECISION)):
        point = point * factor
    return Computed(
        point,
        bounds,
        f"{amount.unit} per {_singular(count.unit)}",
        scale,
        amount.period,
        amount.topic,
    )


REGISTRY: tuple[Derivation, ...] = (
    Derivation(
        "prior-year-balance",
        "level a year earlier",
        "balance / (1 + yoy / 100)",
        _rated_levels,
        _prior,
    ),
    Derivation(
        "yoy-increase",
        "increase over the year",
        "balance * yoy / (100 + yoy)",
        _rated_levels,
        _increase,
    ),
    Derivation(
        "implied-baseline-rate",
        "rate implied by a stated gap",
        "rate - gap",
        _gaps,
        _baseline,
        yields=PERCENT_RATE,
        topic=_baseline_topic,
    ),
    Derivation(
        "grown-total",
        "level a year later, at the growth a stated gap implies",
        "total * (1 + (rate - gap) / 100)",
        _totals_with_gaps,
        _grown,
    ),
    Derivation(
        "share-of-all-loans",
        "share of the region's loans of all kinds",
        "balance / (total * (1 + (rate - gap) / 100)) * 100",
        _loan_balances,
        _share_of_all,
        yields=PERCENT_RATE,
        topic=_share_topic,
    ),
    Derivation(
        "share-of-whole",
        "share of the whole",
        "part / whole * 100",
        _parts,
        _share,
        yields=PERCENT_RATE,
        topic=_share_topic,
    ),
    Derivation(
        "prior-year-share",
        "share of the whole a year earlier",
        "(part / (1 + yoy_part / 100)) / (whole / (1 + yoy_whole / 100)) * 100",
        _parts_with_rates,
        _prior_share,
        yields=PERCENT_RATE,
        topic=_prior_share_topic,
    ),
    Derivation(
        "remainder",
        "the whole other than this part",
        "whole - part",
        _own_parts,
        _remainder,
        topic=_rest_topic,
    ),
    Derivation(
        "prior-year-remainder",
        "the whole other than this part, a year earlier",
        "whole / (1 + yoy_whole / 100) - part / (1 + yoy_part / 100)",
        _own_parts_with_rates,
        _prior_remainder,
        topic=_prior_rest_topic,
    ),
    Derivation(
        "remainder-growth",
        "growth of the whole other than this part",
        "((whole - part) / (whole / (1 + yoy_whole / 100) "
        "- part / (1 + yoy_part / 100)) - 1) * 100",
        _own_parts_with_rates,
        _remainder_growth,
        yields=PERCENT_RATE,
        topic=_prior_rest_topic,
    ),
    Derivation(
        "average-per-unit", "average per counted unit", "amount / count", _per_unit, _average
    ),
)
