"""The derivation registry: figures a facts file implies, with formula, inputs and bounds.

Each derivation finds its inputs by measure and relation, never by id, so a new facts file
gets its derivations without code changes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Context, Decimal, localcontext

from .bounds import PRECISION, Interval, fact_interval
from .kinds import scale_label
from .models import Duration, Fact, Instant, Measure, Qualifier, Scale

PERCENT = "%"
POINTS = "percentage points"
HUNDRED = Interval.point(Decimal(100))
ONE = Interval.point(Decimal(1))
LEVELS = (Measure.BALANCE, Measure.AMOUNT, Measure.COUNT)


class Skip(Exception):
    """A derivation whose inputs exist but whose arithmetic has no meaning."""


@dataclass(frozen=True)
class Derived:
    """A figure the facts imply. `point` comes from the published values; `bounds` from
    their qualifiers and printed precision."""

    id: str
    derivation: str
    title: str
    topic: str
    entity: str
    formula: str
    inputs: tuple[str, ...]
    point: Decimal
    bounds: Interval
    unit: str
    scale: Scale | None
    period: Instant | Duration | None
    reference: bool = False
    warnings: tuple[str, ...] = field(default=())

    @property
    def qualifier(self) -> Qualifier:
        return self.bounds.qualifier(self.point)

    @property
    def unit_label(self) -> str:
        return scale_label(self.scale, self.unit)


@dataclass(frozen=True)
class Skipped:
    derivation: str
    inputs: tuple[str, ...]
    reason: str


@dataclass(frozen=True)
class DeriveResult:
    derived: list[Derived]
    skipped: list[Skipped]


Finder = Callable[[dict[str, Fact]], Iterator[tuple[Fact, ...]]]
Computer = Callable[[tuple[Fact, ...]], "Computed"]


@dataclass(frozen=True)
class Computed:
    point: Decimal
    bounds: Interval
    unit: str
    scale: Scale | None
    period: Instant | Duration | None
    topic: str


@dataclass(frozen=True)
class Derivation:
    name: str
    title: str
    formula: str
    find: Finder
    compute: Computer


def _point(fact: Fact) -> Interval:
    return Interval.point(fact.value)


def _growth_factor(rate: Fact) -> tuple[Interval, Interval]:
    """1 + g/100 as a point and as bounds; a rate at or below -100% has no prior level."""
    point = ONE + _point(rate) / HUNDRED
    bounds = ONE + fact_interval(rate) / HUNDRED
    if point.lo <= 0:
        raise Skip(f"growth rate {rate.value}% leaves no positive prior-year level")
    if bounds.lo <= 0:
        raise Skip(f"growth rate {rate.value}% as published "
                   f"({rate.qualifier.value.replace('_', ' ')}) could be -100% or below, "
                   "which leaves no prior-year level")
    return point, bounds


def _year_before(period: Instant | Duration | None) -> Instant | Duration | None:
    def back(d: date) -> date:
        try:
            return d.replace(year=d.year - 1)
        except ValueError:  # 29 February
            return d.replace(year=d.year - 1, day=28)

    if isinstance(period, Instant):
        return Instant(type="instant", date=back(period.date))
    if isinstance(period, Duration):
        return Duration(type="duration", start=back(period.start), end=back(period.end))
    return None


def period_warnings(inputs: tuple[Fact, ...]) -> tuple[str, ...]:
    """Each input dated apart from the first: figures of different dates joined."""
    def label(fact: Fact) -> str:
        return fact.period.label() if fact.period else "no date"

    first = inputs[0]
    return tuple(f"{first.id} is dated {label(first)} but {other.id} is dated {label(other)}"
                 for other in inputs[1:] if label(other) != label(first))


def in_base(fact: Fact) -> tuple[Interval, Interval]:
    """Point and bounds in the unit without scale (billion yuan -> yuan)."""
    factor = Decimal(1).scaleb(fact.scale.exponent) if fact.scale else Decimal(1)
    return _point(fact).scaled(factor), fact_interval(fact).scaled(factor)


def _rated_levels(facts: dict[str, Fact]) -> Iterator[tuple[Fact, ...]]:
    for rate in facts.values():
        level = facts.get(rate.relations.growth_of or "")
        if (rate.measure is Measure.YOY_GROWTH and rate.unit == PERCENT
                and level is not None and level.measure in LEVELS):
            yield (level, rate)


def _prior(inputs: tuple[Fact, ...]) -> Computed:
    level, rate = inputs
    point_f, bounds_f = _growth_factor(rate)
    point = _point(level) / point_f
    bounds = fact_interval(level) / bounds_f
    return Computed(point.lo, bounds, level.unit, level.scale, _year_before(level.period),
                    level.topic)


def _increase(inputs: tuple[Fact, ...]) -> Computed:
    """b - b/(1+g) = b * g / (100 + g): one expression, so bounds stay tight."""
    level, rate = inputs
    _growth_factor(rate)
    point = _point(level) * _point(rate) / (HUNDRED + _point(rate))
    bounds = fact_interval(level) * (ONE - ONE / (ONE + fact_interval(rate) / HUNDRED))
    return Computed(point.lo, bounds, level.unit, level.scale, level.period, level.topic)


def _gaps(facts: dict[str, Fact]) -> Iterator[tuple[Fact, ...]]:
    for gap in facts.values():
        rate = facts.get(gap.relations.gap_of or "")
        if (gap.measure is Measure.GAP and gap.unit == POINTS
                and rate is not None and rate.unit == PERCENT):
            yield (rate, gap)


def _baseline(inputs: tuple[Fact, ...]) -> Computed:
    rate, gap = inputs
    topic = gap.versus or f"baseline of {rate.topic}"
    return Computed((_point(rate) - _point(gap)).lo, fact_interval(rate) - fact_interval(gap),
                    PERCENT, None, rate.period, topic)


def _parts(facts: dict[str, Fact]) -> Iterator[tuple[Fact, ...]]:
    for part in facts.values():
        whole = facts.get(part.relations.part_of or "")
        if whole is not None and whole.unit == part.unit and part.measure in LEVELS:
            yield (part, whole)


def _share(inputs: tuple[Fact, ...]) -> Computed:
    part, whole = inputs
    p_point, p_bounds = in_base(part)
    w_point, w_bounds = in_base(whole)
    if w_point.contains_zero():
        raise Skip(f"the whole {whole.id} is zero")
    return Computed((p_point / w_point * HUNDRED).lo, p_bounds / w_bounds * HUNDRED, PERCENT,
                    None, part.period, f"{part.topic} as a share of {whole.topic}")


def rates_by_level(facts: dict[str, Fact]) -> dict[str, Fact]:
    """The year-on-year rate (in %) of each level that has one, keyed by the level's id;
    built once, so pairing parts and wholes with their rates stays linear."""
    rates: dict[str, Fact] = {}
    for fact in facts.values():
        level = fact.relations.growth_of
        if level and fact.measure is Measure.YOY_GROWTH and fact.unit == PERCENT:
            rates.setdefault(level, fact)
    return rates


def _parts_with_rates(facts: dict[str, Fact]) -> Iterator[tuple[Fact, ...]]:
    rates = rates_by_level(facts)
    for part, whole in _parts(facts):
        part_rate, whole_rate = rates.get(part.id), rates.get(whole.id)
        if part_rate is not None and whole_rate is not None:
            yield (part, part_rate, whole, whole_rate)


def _prior_share(inputs: tuple[Fact, ...]) -> Computed:
    part, part_rate, whole, whole_rate = inputs
    p_point, p_bounds = in_base(part)
    w_point, w_bounds = in_base(whole)
    if w_point.contains_zero():
        raise Skip(f"the whole {whole.id} is zero")
    pf_point, pf_bounds = _growth_factor(part_rate)
    wf_point, wf_bounds = _growth_factor(whole_rate)
    point = (p_point / pf_point) / (w_point / wf_point) * HUNDRED
    bounds = (p_bounds / pf_bounds) / (w_bounds / wf_bounds) * HUNDRED
    return Computed(point.lo, bounds, PERCENT, None, _year_before(part.period),
                    f"{part.topic} as a share of {whole.topic}")


def _per_unit(facts: dict[str, Fact]) -> Iterator[tuple[Fact, ...]]:
    for amount in facts.values():
        count = facts.get(amount.relations.distributed_over or "")
        if amount.measure in LEVELS and count is not None and count.measure is Measure.COUNT:
            yield (amount, count)


_DISPLAY_SCALES = (None, Scale.THOUSAND, Scale.MILLION, Scale.BILLION, Scale.TRILLION)


def _readable_scale(value: Decimal) -> Scale | None:
    """The largest Western scale that keeps the value at or above 1."""
    chosen: Scale | None = None
    for scale in _DISPLAY_SCALES[1:]:
        if scale is not None and abs(value) >= Decimal(1).scaleb(scale.exponent):
            chosen = scale
    return chosen


def _singular(unit: str) -> str:
    return unit[:-1] if unit.endswith("s") and not unit.endswith("ss") else unit


def _average(inputs: tuple[Fact, ...]) -> Computed:
    amount, count = inputs
    a_point, a_bounds = in_base(amount)
    c_point, c_bounds = in_base(count)
    if c_point.contains_zero():
        raise Skip(f"the count {count.id} is zero")
    point = (a_point / c_point).lo
    scale = _readable_scale(point)
    factor = Decimal(1).scaleb(-scale.exponent) if scale else Decimal(1)
    bounds = (a_bounds / c_bounds).scaled(factor)
    with localcontext(Context(prec=PRECISION)):
        point = point * factor
    return Computed(point, bounds, f"{amount.unit} per {_singular(count.unit)}", scale,
                    amount.period, amount.topic)


REGISTRY: tuple[Derivation, ...] = (
    Derivation("prior-year-balance", "level a year earlier", "balance / (1 + yoy / 100)",
               _rated_levels, _prior),
    Derivation("yoy-increase", "increase over the year", "balance * yoy / (100 + yoy)",
               _rated_levels, _increase),
    Derivation("implied-baseline-rate", "rate implied by a stated gap", "rate - gap",
               _gaps, _baseline),
    Derivation("share-of-whole", "share of the whole", "part / whole * 100",
               _parts, _share),
    Derivation("prior-year-share", "share of the whole a year earlier",
               "(part / (1 + yoy_part / 100)) / (whole / (1 + yoy_whole / 100)) * 100",
               _parts_with_rates, _prior_share),
    Derivation("average-per-unit", "average per counted unit", "amount / count",
               _per_unit, _average),
)


def run(facts: list[Fact], reference_ids: frozenset[str] = frozenset(),
        only: frozenset[str] | None = None) -> DeriveResult:
    """Run every derivation (or those named in `only`) whose inputs exist; impossible
    arithmetic is listed as skipped."""
    by_id = {f.id: f for f in facts}
    derived: list[Derived] = []
    skipped: list[Skipped] = []
    for derivation in REGISTRY:
        if only is not None and derivation.name not in only:
            continue
        for inputs in derivation.find(by_id):
            ids = tuple(f.id for f in inputs)
            try:
                with localcontext(Context(prec=PRECISION)):
                    out = derivation.compute(inputs)
            except Skip as exc:
                skipped.append(Skipped(derivation.name, ids, str(exc)))
                continue
            derived.append(Derived(
                id=f"{ids[0]}.{derivation.name}",
                derivation=derivation.name,
                title=derivation.title,
                topic=out.topic,
                entity=inputs[0].entity,
                formula=derivation.formula,
                inputs=ids,
                point=out.point,
                bounds=out.bounds,
                unit=out.unit,
                scale=out.scale,
                period=out.period,
                reference=any(i in reference_ids for i in ids),
                warnings=period_warnings(inputs),
            ))
    return DeriveResult(derived, skipped)
