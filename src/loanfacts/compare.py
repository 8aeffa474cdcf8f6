"""Comparisons: figures side by side, difference, ratio and share, with plain warnings."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Context, Decimal, localcontext

from .bounds import Interval, fact_interval
from .errors import NoMatchError, UsageError
from .models import Fact, Measure
from .query import MEASURE_ORDER, names
from .suggest import did_you_mean, suggestions
from .words import norm


@dataclass(frozen=True)
class Side:
    """One argument of `compare` and the facts it resolved to."""

    arg: str
    facts: list[Fact]


@dataclass(frozen=True)
class Pair:
    """The second fact against the first (the base), in the base's scale."""

    base: Fact
    other: Fact
    difference: Decimal | None
    difference_bounds: Interval | None
    ratio: Decimal | None
    ratio_bounds: Interval | None
    share: Decimal | None
    share_of: str | None
    unit: str


@dataclass(frozen=True)
class Comparison:
    sides: list[Side]
    rows: list[tuple[Measure, list[Fact | None]]]
    pairs: list[Pair]
    warnings: list[str]


def resolve(facts: list[Fact], arg: str) -> Side:
    """An exact id names one fact; a topic or alias names all facts of that topic."""
    for fact in facts:
        if fact.id == arg:
            return Side(arg, [fact])
    q = norm(arg)
    topics = list(dict.fromkeys(
        f.topic for f in facts if q in names(f)
    ))
    if not topics:
        topics = list(dict.fromkeys(f.topic for f in facts if q and q in norm(f.topic)))
    if not topics:
        tail = did_you_mean(suggestions(facts, arg))
        raise NoMatchError(f"no fact or topic matches {arg!r}{tail}")
    if len(topics) > 1:
        raise UsageError(
            f"{arg!r} matches several topics ({', '.join(topics)}); name one of them or an id"
        )
    chosen = [f for f in facts if f.topic == topics[0]]
    chosen.sort(key=lambda f: MEASURE_ORDER[f.measure])
    return Side(arg, chosen)


def _factor(fact: Fact) -> Decimal:
    return Decimal(1).scaleb(fact.scale.exponent) if fact.scale else Decimal(1)


def _pair(base: Fact, other: Fact) -> Pair:
    with localcontext(Context(prec=40)):
        # the other figure expressed in the base's scale
        rescale = _factor(other) / _factor(base)
        other_val = other.value * rescale
        other_iv = fact_interval(other).scaled(rescale)
        base_iv = fact_interval(base)
        diff = other_val - base.value
        ratio = other_val / base.value if base.value != 0 else None
        ratio_iv = other_iv / base_iv if base.value != 0 else None
        share: Decimal | None = None
        share_of: str | None = None
        if other.relations.part_of == base.id and base.value != 0:
            share, share_of = other_val / base.value * 100, base.id
        elif base.relations.part_of == other.id and other_val != 0:
            share, share_of = base.value / other_val * 100, other.id
    unit = "percentage points" if base.unit == "%" else base.unit_label
    return Pair(base, other, diff, other_iv - base_iv, ratio, ratio_iv, share, share_of, unit)


def _date(fact: Fact) -> str:
    return fact.period.label() if fact.period else "no date"


def compare(sides: list[Side]) -> Comparison:
    """Line the sides up by measure; pair each with the first side where units agree."""
    if len(sides) < 2:
        raise UsageError("compare needs at least two topics or ids")
    measures = sorted({f.measure for s in sides for f in s.facts}, key=MEASURE_ORDER.__getitem__)
    single = all(len(s.facts) == 1 for s in sides)
    rows: list[tuple[Measure, list[Fact | None]]] = []
    pairs: list[Pair] = []
    warnings: list[str] = []
    if single:
        rows.append((sides[0].facts[0].measure, [s.facts[0] for s in sides]))
    else:
        for measure in measures:
            rows.append((measure, [next((f for f in s.facts if f.measure is measure), None)
                                   for s in sides]))
    for _measure, cells in rows:
        present = [c for c in cells if c is not None]
        if len(present) < 2:
            continue
        base = present[0]
        for other in present[1:]:
            if other.unit != base.unit:
                warnings.append(
                    f"{base.id} is in {base.unit_label} but {other.id} is in "
                    f"{other.unit_label}: no difference or ratio"
                )
                continue
            if _date(other) != _date(base):
                warnings.append(
                    f"{base.id} is dated {_date(base)} but {other.id} is dated {_date(other)}"
                )
            pairs.append(_pair(base, other))
    return Comparison(sides, rows, pairs, warnings)
