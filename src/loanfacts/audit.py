"""Consistency and plausibility rules over the loaded facts; findings, never corrections.

Every figure is still shown as published; the audit says what a careful reader would notice,
with the evidence figures, so that a reader can check each finding by hand.
"""

from __future__ import annotations

import calendar
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import IntEnum
from typing import Any

from . import derive
from .bounds import fact_interval, round_sig
from .models import Fact, Instant, Measure, Qualifier
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


@dataclass
class Context:
    """What the rules share. Only the derivations the rules read are computed: the audit
    runs on every `show`, and on a large file the full derivation set would cost seconds."""

    base: FactBase
    by_id: dict[str, Fact]
    derived: derive.DeriveResult
    rates: dict[str, Fact]


def _fmt(value: Decimal, places: int = 2) -> str:
    return format(value.quantize(Decimal(1).scaleb(-places)), ",f")


def _num(value: Decimal) -> str:
    return format(value.normalize() if value == value.to_integral_value() else value, ",f")


def _is_month_end(day: date) -> bool:
    return day.day == calendar.monthrange(day.year, day.month)[1]


def part_larger_than_whole(ctx: Context) -> Iterator[Finding]:
    for part in ctx.by_id.values():
        whole = ctx.by_id.get(part.relations.part_of or "")
        if whole is None or whole.unit != part.unit:
            continue
        p, w = derive.in_base(part)[1], derive.in_base(whole)[1]
        if p.lo > w.hi:
            yield Finding("part-larger-than-whole", Severity.ERROR, (part.id, whole.id),
                          f"{part.id} is larger than {whole.id}, of which it is a part",
                          {"part": part.value, "whole": whole.value})
        elif part.value > whole.value:
            yield Finding("part-larger-than-whole", Severity.WARNING, (part.id, whole.id),
                          f"{part.id} as published exceeds {whole.id}, of which it is a part; "
                          "only the whole's bound allows it",
                          {"part": part.value, "whole": whole.value})


def dates(ctx: Context) -> Iterator[Finding]:
    """Balances not dated at a month end, and balances dated apart from their siblings."""
    by_doc: dict[str, list[Fact]] = {}
    for fact in ctx.by_id.values():
        if fact.measure is Measure.BALANCE and isinstance(fact.period, Instant):
            by_doc.setdefault(fact.source.document, []).append(fact)
    for document, balances in by_doc.items():
        usual, count = Counter(f.period.end for f in balances if f.period).most_common(1)[0]
        for fact in balances:
            day = fact.period.end if fact.period else usual
            if not _is_month_end(day):
                last = calendar.monthrange(day.year, day.month)[1]
                yield Finding(
                    "date-not-month-end", Severity.WARNING, (fact.id,),
                    f"{fact.id} is a balance as of {day.isoformat()}, not a month end "
                    f"(the month has {last} days); statistics are usually month-end stocks, "
                    "so the date may be a slip; shown as published",
                    {"date": day.isoformat(), "month_end": day.replace(day=last).isoformat()})
            if day != usual and count > 1:
                yield Finding(
                    "date-differs", Severity.WARNING, (fact.id,),
                    f"{fact.id} is dated {day.isoformat()} while {count} other balances of "
                    f"{document} are dated {usual.isoformat()}: compare them with care",
                    {"date": day.isoformat(), "usual_date": usual.isoformat(), "others": count})


def mixed_dates(ctx: Context) -> Iterator[Finding]:
    """Related facts (a rate and its level, a part and its whole, a gap and its rate, an
    amount and its count) dated apart: any derivation joining them mixes dates."""
    def label(fact: Fact) -> str:
        return fact.period.label() if fact.period else "no date"

    for fact in ctx.by_id.values():
        for name, target_id in fact.relations.items():
            target = ctx.by_id.get(target_id)
            if target is not None and label(target) != label(fact):
                yield Finding(
                    "mixed-dates", Severity.WARNING, (fact.id, target.id),
                    f"{fact.id} is dated {label(fact)} but its {name.replace('_', ' ')} "
                    f"{target.id} is dated {label(target)}: figures derived from both mix "
                    "dates", {"date": label(fact), "other_date": label(target)})


def gaps(ctx: Context) -> Iterator[Finding]:
    """An implied rate outside any plausible range, or a gap its two rates contradict."""
    low, high = RATE_RANGE
    for item in ctx.derived.derived:
        if item.derivation == "implied-baseline-rate" and not low <= item.point <= high:
            yield Finding("implausible-rate", Severity.WARNING, item.inputs,
                          f"the rate implied by {item.inputs[1]} is {_fmt(item.point)}%, "
                          f"outside {low}% to {high}%", {"implied": item.point})
    for gap in ctx.by_id.values():
        rate = ctx.by_id.get(gap.relations.gap_of or "")
        baseline = ctx.by_id.get(gap.relations.baseline or "")
        if gap.measure is not Measure.GAP or rate is None or baseline is None:
            continue
        stated = fact_interval(gap)
        implied = fact_interval(rate) - fact_interval(baseline)
        if implied.hi < stated.lo or implied.lo > stated.hi:
            yield Finding("gap-disagrees", Severity.ERROR, (gap.id, rate.id, baseline.id),
                          f"{gap.id} says {gap.value} points, but {rate.id} minus "
                          f"{baseline.id} is {rate.value - baseline.value}",
                          {"gap": gap.value, "rate": rate.value, "baseline": baseline.value})


def _region(entity: str) -> str:
    words = entity.split(maxsplit=1)
    return words[0].casefold() if words else ""


def _totals(ctx: Context) -> list[Fact]:
    """Reference balances of all loans of a region: facts tagged 'all-loans-total'."""
    return [f for f in ctx.by_id.values()
            if "all-loans-total" in f.tags and f.measure is Measure.BALANCE and f.unit == "yuan"
            and isinstance(f.period, Instant)]


def _benchmark_share(ctx: Context) -> tuple[Decimal, tuple[str, ...]] | None:
    """A national manufacturing share of all loans, when the facts imply one."""
    for item in ctx.derived.derived:
        if item.derivation == "implied-baseline-rate" and "national" in item.topic:
            return item.point, item.inputs
    for fact in ctx.by_id.values():
        if "benchmark-share" in fact.tags and fact.unit == "%":
            return fact.value, (fact.id,)
    return None


def scale(ctx: Context) -> Iterator[Finding]:
    """A balance too large for the region's loans of all kinds, with the likely cause."""
    totals = _totals(ctx)
    benchmark = _benchmark_share(ctx)
    for fact in ctx.by_id.values():
        if (fact.measure is not Measure.BALANCE or fact.unit != "yuan"
                or not isinstance(fact.period, Instant) or ctx.base.is_reference(fact)):
            continue
        region = _region(fact.entity)
        candidates = [t for t in totals if _region(t.entity) == region
                      and t.period is not None and t.period.end <= fact.period.date]
        if not candidates:
            continue
        total = max(candidates, key=lambda t: t.period.end if t.period else date.min)
        growth = ctx.rates.get(total.id)
        years = Decimal((fact.period.date - total.period.end).days) / Decimal("365.25") \
            if total.period else Decimal(0)
        total_value = derive.in_base(total)[0].lo
        if growth is not None:
            total_value *= (1 + growth.value / 100) ** int(years.to_integral_value())
        share = derive.in_base(fact)[0].lo / total_value * 100
        limit = MAX_SHARE if benchmark is None else min(MAX_SHARE, benchmark[0] * SHARE_FACTOR)
        if share <= limit:
            continue
        bench_text = ("" if benchmark is None else
                      f"; the national manufacturing share of all loans is about "
                      f"{_fmt(benchmark[0], 1)}% ({', '.join(benchmark[1])})")
        shown = _fmt(total_value / Decimal(10) ** 12)
        cause = ""
        if share / 10 <= limit:
            cause = (f". Likely cause: 亿 (10^8) rendered as 'billion': "
                     f"{_num(fact.value)}亿 yuan is {_num(fact.value / 10)} billion "
                     f"yuan, about {_fmt(share / 10, 1)}% of all loans")
        more = "more than " if fact.qualifier is Qualifier.LOWER_BOUND else "about "
        grown = (f" grown {int(years.to_integral_value())} year(s) at {growth.value}% "
                 f"({growth.id})" if growth else "")
        ids = (fact.id, total.id, *((growth.id,) if growth else ()),
               *(benchmark[1] if benchmark else ()))
        yield Finding(
            "scale-implausible", Severity.WARNING, ids,
            f"{fact.id} ({more}{_num(fact.value)} {fact.unit_label}) would be {more}"
            f"{_fmt(share, 1)}% of all loans in the region (about {shown} trillion yuan: "
            f"{total.id}{grown}){bench_text}{cause}",
            {"value": fact.value, "unit": fact.unit_label,
             "share_of_all_loans": round_sig(share, 6),
             "all_loans_trillion": round_sig(total_value / Decimal(10) ** 12, 6),
             "benchmark_share": benchmark[0] if benchmark else None},
        )


RULES: tuple[Rule, ...] = (part_larger_than_whole, dates, mixed_dates, gaps,
                           scale)


def run(base: FactBase) -> list[Finding]:
    refs = frozenset(f.id for f in base.facts if base.is_reference(f))
    by_id = base.by_id()
    needed = frozenset({"implied-baseline-rate"})
    ctx = Context(base, by_id, derive.run(base.facts, refs, only=needed),
                  derive.rates_by_level(by_id))
    findings = [finding for rule in RULES for finding in rule(ctx)]
    return sorted(findings, key=lambda f: (-f.severity, f.rule, f.ids))
