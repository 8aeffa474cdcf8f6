"""How facts point at each other, read once for every rule that follows the links.

A level's year-on-year rate, the rate a stated gap implies, and a region's loans of all kinds
grown to a date are found here and only here: the derivations read pydantic facts, the audit
reads its briefs, and both are shaped alike (`Linked`), so they find the same links the same way.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Generic, Protocol, TypeVar

from loanfacts.analysis.bounds import Interval
from loanfacts.analysis.units import CURRENCY
from loanfacts.model.kinds import PERCENT, POINTS, Measure

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


def related(relations: Iterable[tuple[str, str]], name: str) -> str | None:
    """The fact a relation of this name points at, from (name, target) pairs."""
    return next((target for key, target in relations if key == name), None)


def region(entity: str) -> str:
    """The region an entity belongs to, by its first word: "Henan banking sector" -> henan."""
    words = entity.split(maxsplit=1)
    return words[0].casefold() if words else ""


def years_between(start: date, end: date) -> int:
    """Whole years from one date to another, rounded (334 days is a year)."""
    return int((Decimal((end - start).days) / Decimal("365.25")).to_integral_value())


def months_between(start: date, end: date) -> int:
    """Calendar months from one date to another, by month (2024-06-30 to 2025-09-25: 15)."""
    return (end.year - start.year) * 12 + end.month - start.month


MAX_YEARS = 50  # growth compounded over more years than this means nothing (a year typo)


def add_years(day: date, years: int) -> date:
    """The same day `years` later; ValueError outside the calendar (0001..9999)."""
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
        if (
            gap.measure is Measure.GAP
            and gap.unit == POINTS
            and rate is not None
            and rate.unit == PERCENT
        ):
            yield rate, gap


def is_total(item: Linked) -> bool:
    return (
        ALL_LOANS in item.tags
        and item.measure is Measure.BALANCE
        and item.unit == CURRENCY
        and item.instant is not None
    )


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


@dataclass(frozen=True)
class Index(Generic[T]):
    """The links of a whole file, found in one pass, so that every rule and derivation looks
    them up instead of scanning the file again for each fact (the index audits a million
    records): rates by level, totals of all loans and all-loans gaps by region, output by
    region and period."""

    by_id: Mapping[str, T]
    rates: dict[str, T]
    totals: dict[str, list[T]]
    growth_gaps: dict[str, list[tuple[T, T]]]
    output: dict[str, dict[str, T]]
    # growth() by (region, day): balances share a few dates, and a region may state
    # thousands of gaps (a large file), each of which growth() weighs
    _grown: dict[tuple[str, date], Growth[T] | None] = field(
        default_factory=dict, compare=False, repr=False
    )

    @classmethod
    def of(cls, by_id: Mapping[str, T], period: Callable[[T], str]) -> Index[T]:
        totals: dict[str, list[T]] = {}
        output: dict[str, dict[str, T]] = {}
        for item in by_id.values():
            if is_total(item):
                totals.setdefault(region(item.entity), []).append(item)
            if GDP in item.tags and item.unit == CURRENCY:
                output.setdefault(region(item.entity), {})[period(item)] = item
        for found in totals.values():
            found.sort(key=lambda t: t.instant or date.min)
        gaps: dict[str, list[tuple[T, T]]] = {}
        for rate, gap in stated_gaps(by_id):
            if ALL_LOANS_GROWTH in gap.tags and gap.instant is not None:
                gaps.setdefault(region(gap.entity), []).append((rate, gap))
        return cls(by_id, rates_by_level(by_id), totals, gaps, output)

    def _latest(self, where: str, day: date) -> T | None:
        """The region's latest total dated on or before `day` (totals are sorted by date)."""
        totals = self.totals.get(where, [])
        at = bisect_right(totals, day, key=lambda t: t.instant or date.max)
        return totals[at - 1] if at else None

    def total_on(self, where: str, day: date | None) -> T | None:
        """A total of all loans of a region dated exactly `day`."""
        latest = self._latest(where, day) if day is not None else None
        return latest if latest is not None and latest.instant == day else None

    def growth(self, where: str, day: date) -> Growth[T] | None:
        key = (where, day)
        if key not in self._grown:
            self._grown[key] = self._growth(where, day)
        return self._grown[key]

    def _growth(self, where: str, day: date) -> Growth[T] | None:
        """The latest total of all loans of a region dated on or before `day`, and how to
        grow it to `day`: by the growth a gap tagged `all-loans-growth` implies for the year
        after the total (when that year ends within a month of `day`), else by the total's own
        rate."""
        total = self._latest(where, day)
        if total is None:
            return None
        start = total.instant or day
        own = self.rates.get(total.id)
        implied = [
            (rate, gap)
            for rate, gap in self.growth_gaps.get(where, ())
            if gap.instant is not None
            and years_between(start, gap.instant) == 1
            and abs((gap.instant - day).days) <= NEAR_DAYS
        ]
        if implied:
            rate, gap = min(implied, key=lambda pair: abs(((pair[1].instant or day) - day).days))
            return Growth(total, 1, rate, gap, own, gap.instant or day)
        years = years_between(start, day)
        if years == 0 or own is None:
            return Growth(total, 0, None, None, own, start)
        if abs(years) > MAX_YEARS:
            return None  # a total so far apart says nothing of the share
        try:
            return Growth(total, years, own, None, own, add_years(start, years))
        except ValueError:  # grown past 9999-12-31
            return None
