"""Consistency and plausibility rules over the loaded facts; findings, never corrections.

Every figure is still shown as published; the audit says what a careful reader would notice,
with the evidence figures, so that a reader can check each finding by hand.

The rules read `Brief`s, not pydantic facts: a brief keeps only what the rules need, so the
SQLite index can audit a million records while it streams them, and every command sees the
same findings whether it read the file whole or through the index.
"""

from __future__ import annotations

import bisect
import calendar
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import IntEnum
from typing import TYPE_CHECKING, Any

from .bounds import Interval, fact_interval, round_sig
from .models import Fact, Instant, Measure, Qualifier, SourceDocument, SourceKind

if TYPE_CHECKING:
    from collections.abc import Iterable

    from .store import FactBase


class Severity(IntEnum):
    INFO = 1
    WARNING = 2
    ERROR = 3

    @property
    def label(self) -> str:
        return self.name.lower()


@dataclass(frozen=True)
class Finding:
    rule: str
    severity: Severity
    ids: tuple[str, ...]
    message: str
    evidence: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {"rule": self.rule, "severity": self.severity.label, "ids": list(self.ids),
                "message": self.message, "evidence": self.evidence}


Rule = Callable[["Context"], Iterator[Finding]]
#: a balance above this multiple of the benchmark share of all loans is implausible
SHARE_FACTOR = 2
MAX_SHARE = Decimal(50)
RATE_RANGE = (Decimal(-50), Decimal(100))
PERCENT = "%"


@dataclass(frozen=True, slots=True)
class Brief:
    """What the rules read of one fact."""

    id: str
    topic: str
    measure: Measure
    entity: str
    unit: str
    unit_label: str
    qualifier: Qualifier
    value: Decimal
    interval: Interval
    factor: Decimal  # to base units: 10^9 for billion
    period: str
    instant: date | None
    document: str
    relations: tuple[tuple[str, str], ...]
    tags: frozenset[str]
    versus: str | None

    @classmethod
    def of(cls, fact: Fact) -> Brief:
        period = fact.period
        return cls(
            id=fact.id, topic=fact.topic, measure=fact.measure, entity=fact.entity,
            unit=fact.unit, unit_label=fact.unit_label, qualifier=fact.qualifier,
            value=fact.value, interval=fact_interval(fact),
            factor=Decimal(1).scaleb(fact.scale.exponent) if fact.scale else Decimal(1),
            period=period.label() if period else "no date",
            instant=period.date if isinstance(period, Instant) else None,
            document=fact.source.document,
            relations=tuple((k, v) for k, v in vars(fact.relations).items() if v is not None),
            tags=frozenset(fact.tags), versus=fact.versus,
        )

    def related(self, name: str) -> str | None:
        return next((target for key, target in self.relations if key == name), None)

    @property
    def base_interval(self) -> Interval:
        return self.interval.scaled(self.factor)


@dataclass
class Context:
    by_id: dict[str, Brief]
    reference_docs: frozenset[str]
    rates: dict[str, Brief]  # a level's year-on-year rate, by the level's id

    def is_reference(self, brief: Brief) -> bool:
        return brief.document in self.reference_docs


def _fmt(value: Decimal, places: int = 2) -> str:
    return format(value.quantize(Decimal(1).scaleb(-places)), ",f")


def _num(value: Decimal) -> str:
    return format(value.normalize() if value == value.to_integral_value() else value, ",f")


def _is_month_end(day: date) -> bool:
    return day.day == calendar.monthrange(day.year, day.month)[1]


def part_larger_than_whole(ctx: Context) -> Iterator[Finding]:
    for part in ctx.by_id.values():
        whole = ctx.by_id.get(part.related("part_of") or "")
        if whole is None or whole.unit != part.unit:
            continue
        if part.base_interval.lo > whole.base_interval.hi:
            yield Finding("part-larger-than-whole", Severity.ERROR, (part.id, whole.id),
                          f"{part.id} is larger than {whole.id}, of which it is a part",
                          {"part": part.value, "whole": whole.value})
        elif part.value * part.factor > whole.value * whole.factor:
            yield Finding("part-larger-than-whole", Severity.WARNING, (part.id, whole.id),
                          f"{part.id} as published exceeds {whole.id}, of which it is a part; "
                          "only the whole's bound allows it",
                          {"part": part.value, "whole": whole.value})


def dates(ctx: Context) -> Iterator[Finding]:
    """Balances not dated at a month end, and balances dated apart from their siblings."""
    by_doc: dict[str, list[tuple[Brief, date]]] = {}
    for brief in ctx.by_id.values():
        if brief.measure is Measure.BALANCE and brief.instant is not None:
            by_doc.setdefault(brief.document, []).append((brief, brief.instant))
    for document, balances in by_doc.items():
        usual, count = Counter(day for _, day in balances).most_common(1)[0]
        for brief, day in balances:
            if not _is_month_end(day):
                last = calendar.monthrange(day.year, day.month)[1]
                yield Finding(
                    "date-not-month-end", Severity.WARNING, (brief.id,),
                    f"{brief.id} is a balance as of {day.isoformat()}, not a month end "
                    f"(the month has {last} days); statistics are usually month-end stocks, "
                    "so the date may be a slip; shown as published",
                    {"date": day.isoformat(), "month_end": day.replace(day=last).isoformat()})
            if day != usual and count > 1:
                yield Finding(
                    "date-differs", Severity.WARNING, (brief.id,),
                    f"{brief.id} is dated {day.isoformat()} while {count} other balances of "
                    f"{document} are dated {usual.isoformat()}: compare them with care",
                    {"date": day.isoformat(), "usual_date": usual.isoformat(), "others": count})


def mixed_dates(ctx: Context) -> Iterator[Finding]:
    """Related facts (a rate and its level, a part and its whole, a gap and its rate, an
    amount and its count) dated apart: any derivation joining them mixes dates."""
    for brief in ctx.by_id.values():
        for name, target_id in brief.relations:
            target = ctx.by_id.get(target_id)
            if target is not None and target.period != brief.period:
                yield Finding(
                    "mixed-dates", Severity.WARNING, (brief.id, target.id),
                    f"{brief.id} is dated {brief.period} but its {name.replace('_', ' ')} "
                    f"{target.id} is dated {target.period}: figures derived from both mix "
                    "dates", {"date": brief.period, "other_date": target.period})


def _implied(ctx: Context) -> Iterator[tuple[Brief, Brief, Decimal]]:
    """(gap, rate, rate - gap) for each gap in points stated against a rate in %."""
    for gap in ctx.by_id.values():
        rate = ctx.by_id.get(gap.related("gap_of") or "")
        if (gap.measure is Measure.GAP and gap.unit == "percentage points" and rate is not None
                and rate.unit == PERCENT):
            yield gap, rate, rate.value - gap.value


def gaps(ctx: Context) -> Iterator[Finding]:
    """An implied rate outside any plausible range, or a gap its two rates contradict."""
    low, high = RATE_RANGE
    for gap, rate, implied in _implied(ctx):
        if not low <= implied <= high:
            yield Finding("implausible-rate", Severity.WARNING, (rate.id, gap.id),
                          f"the rate implied by {gap.id} is {_fmt(implied)}%, "
                          f"outside {low}% to {high}%", {"implied": implied})
    for gap in ctx.by_id.values():
        joined = ctx.by_id.get(gap.related("gap_of") or "")
        baseline = ctx.by_id.get(gap.related("baseline") or "")
        if gap.measure is not Measure.GAP or joined is None or baseline is None:
            continue
        implied_iv = joined.interval - baseline.interval
        if implied_iv.hi < gap.interval.lo or implied_iv.lo > gap.interval.hi:
            yield Finding("gap-disagrees", Severity.ERROR, (gap.id, joined.id, baseline.id),
                          f"{gap.id} says {gap.value} points, but {joined.id} minus "
                          f"{baseline.id} is {joined.value - baseline.value}",
                          {"gap": gap.value, "rate": joined.value, "baseline": baseline.value})


def _region(entity: str) -> str:
    words = entity.split(maxsplit=1)
    return words[0].casefold() if words else ""


def _benchmark_share(ctx: Context) -> tuple[Decimal, tuple[str, ...]] | None:
    """A national manufacturing share of all loans, when the facts imply or state one."""
    for gap, rate, implied in _implied(ctx):
        if "national" in (gap.versus or ""):
            return implied, (rate.id, gap.id)
    for brief in ctx.by_id.values():
        if "benchmark-share" in brief.tags and brief.unit == PERCENT:
            return brief.value, (brief.id,)
    return None


def scale(ctx: Context) -> Iterator[Finding]:
    """A balance too large for the region's loans of all kinds, with the likely cause.

    The region's total is a fact tagged `all-loans-total`, grown to the balance's date by
    its own year-on-year rate."""
    by_region: dict[str, list[tuple[date, int, Brief]]] = {}
    for order, b in enumerate(ctx.by_id.values()):
        if ("all-loans-total" in b.tags and b.measure is Measure.BALANCE and b.unit == "yuan"
                and b.instant is not None):
            by_region.setdefault(_region(b.entity), []).append((b.instant, order, b))
    if not by_region:
        return
    # per region, by date; among totals of one date the first in the file (what max() kept)
    latest: dict[str, tuple[list[date], list[Brief]]] = {}
    for region, found in by_region.items():
        days: list[date] = []
        kept: list[Brief] = []
        for on, _, total in sorted(found, key=lambda item: (item[0], item[1])):
            if days and days[-1] == on:
                continue
            days.append(on)
            kept.append(total)
        latest[region] = (days, kept)
    benchmark = _benchmark_share(ctx)
    limit = MAX_SHARE if benchmark is None else min(MAX_SHARE, benchmark[0] * SHARE_FACTOR)
    for brief in ctx.by_id.values():
        day = brief.instant
        if (brief.measure is not Measure.BALANCE or brief.unit != "yuan" or day is None
                or ctx.is_reference(brief)):
            continue
        days, kept = latest.get(_region(brief.entity), ([], []))
        at = bisect.bisect_right(days, day)
        if not at:
            continue
        total = kept[at - 1]  # the latest total dated on or before the balance
        growth = ctx.rates.get(total.id)
        years = int((Decimal((day - (total.instant or day)).days) / Decimal("365.25"))
                    .to_integral_value())
        total_value = total.value * total.factor
        if growth is not None:
            total_value *= (1 + growth.value / 100) ** years
        share = brief.value * brief.factor / total_value * 100
        if share <= limit:
            continue
        bench_text = ("" if benchmark is None else
                      f"; the national manufacturing share of all loans is about "
                      f"{_fmt(benchmark[0], 1)}% ({', '.join(benchmark[1])})")
        cause = ""
        if share / 10 <= limit:
            cause = (f". Likely cause: 亿 (10^8) rendered as 'billion': "
                     f"{_num(brief.value)}亿 yuan is {_num(brief.value / 10)} billion "
                     f"yuan, about {_fmt(share / 10, 1)}% of all loans")
        more = "more than " if brief.qualifier is Qualifier.LOWER_BOUND else "about "
        grown = (f" grown {years} year(s) at {growth.value}% ({growth.id})" if growth else "")
        ids = (brief.id, total.id, *((growth.id,) if growth else ()),
               *(benchmark[1] if benchmark else ()))
        yield Finding(
            "scale-implausible", Severity.WARNING, ids,
            f"{brief.id} ({more}{_num(brief.value)} {brief.unit_label}) would be {more}"
            f"{_fmt(share, 1)}% of all loans in the region (about "
            f"{_fmt(total_value / Decimal(10) ** 12)} trillion yuan: "
            f"{total.id}{grown}){bench_text}{cause}",
            {"value": brief.value, "unit": brief.unit_label,
             "share_of_all_loans": round_sig(share, 6),
             "all_loans_trillion": round_sig(total_value / Decimal(10) ** 12, 6),
             "benchmark_share": benchmark[0] if benchmark else None},
        )


RULES: tuple[Rule, ...] = (part_larger_than_whole, dates, mixed_dates, gaps, scale)


def run_briefs(briefs: Iterable[Brief], reference_docs: frozenset[str]) -> list[Finding]:
    """Every rule over the briefs of a whole file, most severe first."""
    by_id = {b.id: b for b in briefs}
    rates: dict[str, Brief] = {}
    for brief in by_id.values():
        level = brief.related("growth_of")
        if level and brief.measure is Measure.YOY_GROWTH and brief.unit == PERCENT:
            rates.setdefault(level, brief)
    ctx = Context(by_id, reference_docs, rates)
    findings = [finding for rule in RULES for finding in rule(ctx)]
    return sorted(findings, key=lambda f: (-f.severity, f.rule, f.ids))


def reference_documents(sources: Iterable[SourceDocument]) -> frozenset[str]:
    return frozenset(s.id for s in sources if s.kind is SourceKind.REFERENCE)


def run(base: FactBase) -> list[Finding]:
    return run_briefs((Brief.of(f) for f in base.facts), reference_documents(base.file.sources))


def rules_by_fact(findings: Iterable[Finding]) -> dict[str, list[str]]:
    """The rules that name each fact first: what `show` and `compare` mark with ⚑."""
    named: dict[str, set[str]] = {}
    for finding in findings:
        named.setdefault(finding.ids[0], set()).add(finding.rule)
    return {fid: sorted(rules) for fid, rules in named.items()}
