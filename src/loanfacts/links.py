"""How facts point at each other, read once for every rule that follows the links.

A level's year-on-year rate, the rate a stated gap implies, and a region's loans of all kinds
grown to a date are found here and only here: the derivations read pydantic facts, the audit
reads its briefs, and both are shaped alike (`Linked`), so they find the same links the same way.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Generic, Protocol, TypeVar

from .bounds import Interval
from .kinds import PERCENT, POINTS, Measure
from .units import CURRENCY

#: a region's loans of all kinds (the total a sector's balance is a share of)
ALL_LOANS = "all-loans-total"
#: a gap measured against the growth of a region's loans of all kinds: rate - gap is that growth
ALL_LOANS_GROWTH = "all-loans-growth"
#: a region's output over a year (GDP), for shares of a wider economy
GDP = "gdp"
#: how far the date a gap implies growth to may stand from the date it is used for
NEAR_DAYS = 31
ONE = Interval.point(Decimal(1))
HUNDRED = Interval.point(Decimal(100))


class Linked(Protocol):
    """What the link rules read of a fact; both `Fact` and the audit's `Brief` have it."""

    @property
    def id(self) -> str: ...
    @property
    def measure(self) -> Measure: ...
    @property
    def unit(self) -> str: ...
    @property
    def entity(self) -> str: ...
    @property
    def tags(self) -> Collection[str]: ...
    @property
    def instant(self) -> date | None: ...
    def related(self, name: str) -> str | None: ...


T = TypeVar("T", bound=Linked)


def region(entity: str) -> str:
    """The region an entity belongs to, by its first word: "Henan banking sector" -> henan."""
    words = entity.split(maxsplit=1)
    return words[0].casefold() if words else ""


def years_between(start: date, end: date) -> int:
    """Whole years from one date to another, rounded (334 days is a year)."""
    return int((Decimal((end - start).days) / Decimal("365.25")).to_integral_value())


def add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def rates_by_level(items: Mapping[str, T]) -> dict[str, T]:
    """The year-on-year rate (in %) of each level that has one, keyed by the level's id."""
    rates: dict[str, T] = {}
    for item in items.values():
        level = item.related("growth_of")
        if level and item.measure is Measure.YOY_GROWTH and item.unit == PERCENT:
            rates.setdefault(level, item)
    return rates


def stated_gaps(items: Mapping[str, T]) -> Iterator[tuple[T, T]]:
    """(rate, gap) for each gap in percentage points stated against a rate in %: the rate
    the gap is measured from is rate - gap."""
    for gap in items.values():
        rate = items.get(gap.related("gap_of") or "")
        if (gap.measure is Measure.GAP and gap.unit == POINTS and rate is not None
                and rate.unit == PERCENT):
            yield rate, gap


def is_total(item: Linked) -> bool:
    return (ALL_LOANS in item.tags and item.measure is Measure.BALANCE
            and item.unit == CURRENCY and item.instant is not None)


@dataclass(frozen=True)
class Growth(Generic[T]):
    """A region's loans of all kinds and how they are grown to a date.

    With `gap`, by the all-loans growth a stated gap implies (rate - gap, a year); else by
    the total's own year-on-year rate (`rate`, for `years`); with neither, not grown. `own` is
    the total's own rate, shown beside an implied one.
    """

    total: T
    years: int
    rate: T | None
    gap: T | None
    own: T | None
    at: date

    @property
    def inputs(self) -> tuple[T, ...]:
        return (self.total, *(x for x in (self.rate, self.gap) if x is not None))

    def factor(self, interval: Callable[[T], Interval]) -> Interval:
        """(1 + g / 100) ** years, with g what `interval` gives each input (a point or bounds)."""
        if self.rate is None or self.years == 0:
            return ONE
        growth = interval(self.rate)
        if self.gap is not None:
            growth = growth - interval(self.gap)
        step = ONE + growth / HUNDRED
        out = ONE
        for _ in range(abs(self.years)):
            out = out * step
        return out if self.years > 0 else ONE / out


def all_loans_growth(items: Mapping[str, T], rates: Mapping[str, T], where: str, day: date
                     ) -> Growth[T] | None:
    """The latest total of all loans of a region dated on or before `day`, and how to grow it
    to `day`: prefer the growth a gap tagged `all-loans-growth` implies for the year after the
    total (when that year ends within a month of `day`), else the total's own rate."""
    totals = [t for t in items.values()
              if is_total(t) and region(t.entity) == where and t.instant is not None
              and t.instant <= day]
    if not totals:
        return None
    total = max(totals, key=lambda t: t.instant or date.min)
    start = total.instant or day
    own = rates.get(total.id)
    implied = [(rate, gap) for rate, gap in stated_gaps(items)
               if ALL_LOANS_GROWTH in gap.tags and region(gap.entity) == where
               and gap.instant is not None and years_between(start, gap.instant) == 1
               and abs((gap.instant - day).days) <= NEAR_DAYS]
    if implied:
        rate, gap = min(implied, key=lambda pair: abs(((pair[1].instant or day) - day).days))
        return Growth(total, 1, rate, gap, own, gap.instant or day)
    years = years_between(start, day)
    if years == 0 or own is None:
        return Growth(total, 0, None, None, own, start)
    return Growth(total, years, own, None, own, add_years(start, years))


def same_region_total(items: Mapping[str, T], item: T) -> T | None:
    """A total of all loans of the item's region dated the same day as the item."""
    return next((t for t in items.values() if is_total(t) and t.id != item.id
                 and region(t.entity) == region(item.entity) and t.instant == item.instant),
                None)


def gdp_of(items: Mapping[str, T], where: str, period: Callable[[T], str]) -> dict[str, T]:
    """A region's output figures (tagged `gdp`), by period label."""
    return {period(g): g for g in items.values()
            if GDP in g.tags and g.unit == CURRENCY and region(g.entity) == where}
