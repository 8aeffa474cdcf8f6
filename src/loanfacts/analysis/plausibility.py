"""Plausibility of scale: is a figure the size its context allows, and if not, is 亿 the cause?

Three rules, each checkable by hand from the facts it names:
- scale-implausible: a balance too large a share of its region's loans of all kinds, measured
  against its own benchmark (the national share of the same kind of loan); against a
  benchmark of a related, overlapping measure (tagged `related-measure`), the finding is
  scale-above-related and only indicative: "far above the national share of a related
  measure", with its margin;
- share-vs-output: a region's share of a wider figure (Henan's of China's, Luoyang's of
  Henan's) far from that region's share of output (GDP);
- billion-may-be-yi: once figures of one document are explained by 亿 (10^8) rendered as
  "billion", the same doubt holds for every "billion yuan" figure of that document.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from datetime import date
from decimal import ROUND_FLOOR, Decimal

from loanfacts.analysis.bounds import Interval, round_lower, round_sig, round_upper
from loanfacts.analysis.evidence import (
    Brief,
    Context,
    Finding,
    Severity,
    Strength,
    bounds_of,
    fixed,
    num,
    point_of,
    say,
    span,
    when,
)
from loanfacts.analysis.links import (
    HUNDRED,
    MAX_YEARS,
    Growth,
    add_years,
    is_total,
    months_between,
    region,
    years_between,
)
from loanfacts.analysis.units import CURRENCY
from loanfacts.model.kinds import FINANCIAL_BASES, HEDGE, PERCENT, POINTS, Measure, Scale

#: a sector above this multiple of its benchmark share of all loans is implausible
SHARE_FACTOR = 2
#: without a benchmark: no sector holds half of a region's loans
MAX_SHARE = Decimal(50)
#: a region's share of a wider figure more than this many times (or less than this fraction
#: of) its share of output is implausible
OUTPUT_FACTOR = 3
TEN = Interval.point(Decimal(10))
TENTH = Interval.point(Decimal("0.1"))
LOW = Decimal(1) / OUTPUT_FACTOR
_EPOCH = date.min
TRILLION = Decimal(10) ** 12
YI_RULE = "billion-may-be-yi"
SCALE_RULE = "scale-implausible"
#: a balance far above the share of a benchmark that is a related measure, not the same one
RELATED_RULE = "scale-above-related"
#: the tag of a benchmark fact that measures a related, overlapping thing, not the same one
RELATED_TAG = "related-measure"
#: a finding's evidence key: a figure a tenth as large (亿 read as "billion") would fit
FITS = "yi_reading_fits"


@dataclass(frozen=True)
class Share:
    point: Decimal
    bounds: Interval

    def __truediv__(self, other: Share) -> Share:
        return Share(self.point / other.point, self.bounds / other.bounds)

    def scaled(self, factor: Interval) -> Share:
        return Share(self.point * factor.lo, self.bounds * factor)

    def said(self, places: int = 1, unit: str = "%") -> str:
        return say(self.bounds, self.point, places, unit)


@dataclass(frozen=True)
class Benchmark:
    share: Share
    ids: tuple[str, ...]
    text: str
    related: bool = False  # a related, overlapping measure rather than the same one


def _name(entity: str) -> str:
    return entity.split(maxsplit=1)[0] if entity.split() else entity


_GROWN: dict[int, tuple[Growth[Brief], Share]] = {}


def _grown_total(growth: Growth[Brief]) -> Share:
    """The region's total in yuan, grown as `growth` says (point and bounds). Remembered by
    identity (links.Index hands out one Growth per region and day; it is kept beside the
    answer, so its id cannot be reused)."""
    kept = _GROWN.get(id(growth))
    if kept is not None and kept[0] is growth:
        return kept[1]
    total = growth.total
    share = Share(
        (total.base_value * growth.factor(point_of).lo),
        total.base_interval * growth.factor(bounds_of),
    )
    if len(_GROWN) > 1024:
        _GROWN.clear()
    _GROWN[id(growth)] = (growth, share)
    return share


def _growth_text(growth: Growth[Brief]) -> str:
    total = growth.total
    head = f"{total.id}, {total.printed} at {total.period}"
    if growth.gap is not None and growth.rate is not None:
        implied = growth.rate.value - growth.gap.value
        return (
            f"{head}, grown a year at {fixed(implied)}%, the all-loans growth implied by "
            f"{growth.rate.id} minus {growth.gap.id}"
        )
    if growth.rate is not None and growth.years:
        return (
            f"{head}, grown {growth.years} year(s) at its own {growth.rate.value}% "
            f"({growth.rate.id})"
        )
    return head


def _share_of_total(brief: Brief, growth: Growth[Brief]) -> Share:
    total = _grown_total(growth)
    return Share(brief.base_value / total.point * 100, brief.base_interval / total.bounds * HUNDRED)


def benchmark(ctx: Context, brief: Brief, depth: int = 0) -> Benchmark | None:
    """The share of all loans a balance is measured against: its `benchmark` (a share, a gap
    that implies one, or a balance of a region that states its loans of all kinds), else its
    whole's (a part of manufacturing against manufacturing's)."""
    target = ctx.by_id.get(brief.related("benchmark") or "")
    if target is None:
        whole = ctx.by_id.get(brief.related("part_of") or "")
        if whole is None or depth > 8:
            return None
        found = benchmark(ctx, whole, depth + 1)
        return (
            None
            if found is None
            else replace(
                found,
                text=f"as a part of {whole.id}, it is measured against that figure's "
                f"benchmark: {found.text}",
            )
        )
    if target.measure is Measure.SHARE and target.unit == PERCENT:
        share = Share(target.value, target.interval)
        return Benchmark(
            share,
            (target.id,),
            f"{target.topic}: {share.said()} of all loans at {target.period} ({target.id})",
        )
    share_fact = ctx.by_id.get(target.related("gap_of") or "")
    if (
        target.measure is Measure.GAP
        and target.unit == POINTS
        and share_fact is not None
        and share_fact.unit == PERCENT
    ):
        share = Share(share_fact.value - target.value, share_fact.interval - target.interval)
        label = target.versus or f"the share {target.id} is measured against"
        return Benchmark(
            share,
            (share_fact.id, target.id),
            f"{label} was {share.said()} at {target.period} ({share_fact.id} minus {target.id})",
        )
    total = ctx.links.total_on(region(target.entity), target.instant)
    if target.measure is Measure.BALANCE and target.unit == CURRENCY and total is not None:
        share = Share(
            target.base_value / total.base_value * 100,
            target.base_interval / total.base_interval * HUNDRED,
        )
        related = RELATED_TAG in target.tags
        what = ", a related, overlapping measure rather than the same one," if related else ""
        return Benchmark(
            share,
            (target.id, total.id),
            f"{target.topic}{what} were {share.said(2)} of {_name(total.entity)}'s "
            f"loans of all kinds at {target.period} ({target.id} / {total.id})",
            related,
        )
    return None


def _date_doubt(ctx: Context, brief: Brief) -> str | None:
    """The later date a figure may be of, when its source was published over a year after
    the date it prints (audit.date_doubtful says so at length)."""
    document = ctx.documents.get(brief.document)
    day = brief.instant
    if document is None or document.published is None or day is None:
        return None
    if document.basis not in FINANCIAL_BASES or months_between(day, document.published) <= 12:
        return None
    return add_years(day, 1).isoformat()


def _yi_cause(brief: Brief) -> str:
    if brief.scale is Scale.BILLION:
        return (
            f"Likely cause: 亿 (10^8) rendered as 'billion': {num(brief.value)}亿 yuan "
            f"is {num(brief.value / 10)} billion yuan"
        )
    return (
        f"Likely cause: a scale ten times too large: {num(brief.value / 10)} "
        f"{brief.unit_label} would fit"
    )


def scale(ctx: Context) -> Iterator[Finding]:
    """A balance too large a share of its region's loans of all kinds, with the likely cause.

    The region's total is a fact tagged `all-loans-total`, grown to the balance's date by the
    all-loans growth a gap tagged `all-loans-growth` implies (else by its own rate)."""
    for brief in ctx.by_id.values():
        day = brief.instant
        if (
            brief.measure is not Measure.BALANCE
            or brief.unit != CURRENCY
            or day is None
            or ctx.is_reference(brief)
            or is_total(brief)
        ):
            continue
        growth = ctx.links.growth(region(brief.entity), day)
        if growth is None:
            continue
        try:
            share = _share_of_total(brief, growth)
        except ArithmeticError:  # a total of zero: no share to weigh
            continue
        bench = benchmark(ctx, brief)
        limit = MAX_SHARE if bench is None else min(MAX_SHARE, bench.share.point * SHARE_FACTOR)
        if share.bounds.lo <= limit:
            continue
        total = _grown_total(growth)
        text = (
            f"{brief.id} ({brief.printed} at {brief.period}) would be {share.said()} of "
            f"{_name(brief.entity)}'s loans of all kinds at {growth.at}, about "
            f"{fixed(total.point / TRILLION)} trillion yuan ({_growth_text(growth)}); "
            f"bounds: {span(share.bounds)}"
        )
        alt: Share | None = None
        if growth.gap is not None and growth.own is not None:
            alt = _share_of_total(
                brief, Growth(growth.total, 1, growth.own, None, growth.own, growth.at)
            )
            text += (
                f"; at the total's own {growth.own.value}% ({growth.own.id}) instead, {alt.said()}"
            )
        margin = share.bounds.lo - limit
        margin_text = f"a margin of more than {fixed(margin, 2, ROUND_FLOOR)} points"
        if bench is None:
            text += f"; no sector holds more than {MAX_SHARE}% of all loans ({margin_text})"
        elif bench.related:
            text += (
                f"; {bench.text}: the share is far above the national share of a related "
                f"measure, at least {fixed(share.bounds.lo, 2, ROUND_FLOOR)}% against twice "
                f"that share ({fixed(limit)}%), {margin_text}"
            )
        else:
            text += (
                f"; {bench.text}, and a share above twice that ({fixed(limit)}%) is "
                f"implausible ({margin_text})"
            )
        doubt = _date_doubt(ctx, growth.total)
        if doubt and growth.years:
            ungrown = _share_of_total(
                brief, Growth(growth.total, 0, None, None, growth.own, growth.at)
            )
            text += (
                f"; if {growth.total.id} is really of {doubt} (date-doubtful), growing it a "
                f"year counts that growth twice, and ungrown the share is {ungrown.said()}"
            )
        fits = share.bounds.lo / 10 <= limit
        if fits:
            tenth = Share(share.point / 10, share.bounds / TEN)
            text += f". {_yi_cause(brief)}, {tenth.said()} of all loans"
        ids = (brief.id, *(b.id for b in growth.inputs), *(() if bench is None else bench.ids))
        text += ctx.bases_note(ids)
        strong = bench is not None and not bench.related
        yield Finding(
            SCALE_RULE if strong or bench is None else RELATED_RULE,
            Severity.WARNING,
            tuple(dict.fromkeys(ids)),
            text,
            {
                "value": brief.value,
                "unit": brief.unit_label,
                "share_of_all_loans": _rounded(share.point),
                "share_lower": _floor(share.bounds.lower),
                "share_upper": _ceiling(share.bounds.upper),
                "all_loans_trillion": _rounded(total.point / TRILLION),
                "grown_to": growth.at.isoformat(),
                "share_at_own_rate": None if alt is None else _rounded(alt.point),
                "benchmark_share": None if bench is None else _rounded(bench.share.point),
                "limit": _rounded(limit),
                "margin_points": _floor(margin),
                "benchmark_related": None if bench is None else bench.related,
                FITS: fits,
            },
            strength=Strength.STRONG if strong else Strength.INDICATIVE,
        )


def _rounded(value: Decimal | None) -> Decimal | None:
    return None if value is None else round_sig(value)


def _floor(value: Decimal | None) -> Decimal | None:
    """A lower bound for output: rounded down, so it stays a floor."""
    return None if value is None else round_lower(value)


def _ceiling(value: Decimal | None) -> Decimal | None:
    return None if value is None else round_upper(value)


def _common_output(ctx: Context, small: Brief, large: Brief) -> tuple[Brief, Brief] | None:
    """GDP of both regions for the same period, the latest they share."""
    mine = ctx.links.output.get(region(small.entity), {})
    theirs = ctx.links.output.get(region(large.entity), {})
    common = [(mine[p], theirs[p]) for p in mine if p in theirs]
    if not common:
        return None
    return max(common, key=lambda pair: pair[0].end or _EPOCH)


def _totals_share(ctx: Context, small: Brief, large: Brief) -> str:
    """For scale: the smaller region's loans of all kinds as a share of the wider one's."""
    for total in reversed(ctx.links.totals.get(region(small.entity), [])):
        other = ctx.links.total_on(region(large.entity), total.instant)
        if other is not None:
            share = Share(
                total.base_value / other.base_value * 100,
                total.base_interval / other.base_interval * HUNDRED,
            )
            return (
                f"; for scale, {_name(small.entity)}'s loans of all kinds were "
                f"{share.said(2)} of {_name(large.entity)}'s at {total.period} "
                f"({total.id} / {other.id})"
            )
    return ""


def _outside(ratio: Share) -> bool:
    """Even at the bounds' edges, more than OUTPUT_FACTOR times or less than its inverse."""
    return ratio.bounds.lo > OUTPUT_FACTOR or ratio.bounds.hi < LOW


def output_share(ctx: Context) -> Iterator[Finding]:
    """A region's share of a wider figure (its `counterpart`, or a whole it is `part_of`) far
    from its share of output: loans follow the economy they serve."""
    for small in ctx.by_id.values():
        for relation in ("counterpart", "part_of"):
            large = ctx.by_id.get(small.related(relation) or "")
            if (
                large is None
                or small.unit != CURRENCY
                or large.unit != CURRENCY
                or small.measure is not Measure.BALANCE
                or large.measure is not Measure.BALANCE
                or region(small.entity) == region(large.entity)
            ):
                continue
            try:
                found = _output_finding(ctx, small, large)
            except ArithmeticError:  # a zero or an overflowing figure: no share to weigh
                continue
            if found is not None:
                yield found


def _output_finding(ctx: Context, small: Brief, large: Brief) -> Finding | None:
    output = _common_output(ctx, small, large)
    if output is None:
        return None
    mine, theirs = output
    gdp = Share(
        mine.base_value / theirs.base_value * 100,
        mine.base_interval / theirs.base_interval * HUNDRED,
    )
    years = 0
    rate = ctx.rates.get(large.id)
    if small.instant and large.instant and rate is not None:
        years = years_between(large.instant, small.instant)
    if abs(years) > MAX_YEARS:
        return None  # compounded over centuries (a year typo): the share means nothing
    grow = Growth(large, years, rate if years else None, None, rate, small.instant or _EPOCH)
    grown = Share(
        large.base_value * grow.factor(point_of).lo, large.base_interval * grow.factor(bounds_of)
    )
    share = Share(
        small.base_value / grown.point * 100, small.base_interval / grown.bounds * HUNDRED
    )
    ratio = share / gdp
    if not _outside(ratio):
        return None
    subject = small if ctx.is_reference(large) or not ctx.is_reference(small) else large
    text = (
        f"{small.id} ({small.printed} at {small.period}) would be {share.said(2)} of "
        f"{large.id} ({large.printed} at {large.period}"
    )
    if years:
        assert rate is not None  # noqa: S101  # years is set only with a rate
        ungrown = Share(
            small.base_value / large.base_value * 100,
            small.base_interval / large.base_interval * HUNDRED,
        )
        text += (
            f", grown {years} year(s) at its own {rate.value}% ({rate.id}) to about "
            f"{fixed(grown.point / TRILLION)} trillion yuan; {ungrown.said(2)} of it as "
            "printed"
        )
    text += (
        f"), while {_name(small.entity)} produced {gdp.said(2)} of "
        f"{_name(large.entity)}'s output in {when(mine.period)} ({mine.id} / {theirs.id}): "
        f"{ratio.said(2, '')} times that share"
    )
    text += _totals_share(ctx, small, large)
    cause_fits = False
    if subject.scale is not None:
        # a tenth of the subject: the share shrinks if it is the part, grows if the whole
        factor = TENTH if subject is small else TEN
        moved = ratio.scaled(factor)
        cause_fits = not _outside(moved)
        if cause_fits:
            text += (
                f". {_yi_cause(subject)}, and the share would be "
                f"{share.scaled(factor).said(2)}, {moved.said(2, '')} times the share "
                "of output"
            )
    ids = (
        subject.id,
        *(x.id for x in (small, large) if x is not subject),
        *((rate.id,) if years and rate is not None else ()),
        mine.id,
        theirs.id,
    )
    text += ctx.bases_note((small.id, large.id))
    return Finding(
        "share-vs-output",
        Severity.WARNING,
        tuple(dict.fromkeys(ids)),
        text,
        {
            "share": _rounded(share.point),
            "share_lower": _rounded(share.bounds.lower),
            "share_upper": _rounded(share.bounds.upper),
            "output_share": _rounded(gdp.point),
            "ratio": _rounded(ratio.point),
            "years_grown": years,
            FITS: cause_fits,
        },
        strength=Strength.INDICATIVE,
    )


def yi_evidence(
    by_id: Mapping[str, Brief], findings: Iterable[Finding]
) -> Iterator[tuple[Brief, Finding]]:
    """The findings that bear out the 亿 doubt of a document: a "billion" figure of it
    whose 亿 reading fits what it is checked against, with that figure."""
    for finding in findings:
        if finding.evidence.get(FITS):
            subject = by_id.get(finding.about[0])
            if subject is not None and subject.scale is Scale.BILLION:
                yield subject, finding


def doubted_by_yi(unit: str, scale: Scale | None) -> bool:
    """Whether the 亿 doubt of its document, once borne out, names a figure of this unit and
    scale."""
    return unit == CURRENCY and scale is Scale.BILLION


def billion_may_be_yi(ctx: Context, findings: Iterable[Finding]) -> Iterator[Finding]:
    """The 亿 doubt for a whole document: where its checkable "billion" figures are explained by
    亿 rendered as "billion", every "billion yuan" figure of it may be a tenth as large."""
    support: dict[str, dict[str, list[str]]] = {}
    strong: set[str] = set()  # documents where a strong finding supports the doubt
    for subject, finding in yi_evidence(ctx.by_id, findings):
        rules = support.setdefault(subject.document, {}).setdefault(subject.id, [])
        rules.append(finding.rule)
        if finding.strength is Strength.STRONG:
            strong.add(subject.document)
    for document, checked in sorted(support.items()):
        figures = [
            b
            for b in ctx.by_id.values()
            if b.document == document and doubted_by_yi(b.unit, b.scale)
        ]
        lines = []
        for b in figures:
            tenth = f"{HEDGE[b.qualifier]}{num(b.value / 10)} billion yuan"
            why = (
                ", ".join(sorted(set(checked[b.id]))) if b.id in checked else "no check of its own"
            )
            lines.append(f"{b.id} ({b.printed} -> {tenth}; {why})")
        own = ", ".join(
            f"{fid} ({', '.join(sorted(set(rules)))})" for fid, rules in checked.items()
        )
        text = (
            f"{document} prints {len(figures)} figure(s) in 'billion yuan'. Where one can "
            f"be checked against other sources, 亿 (10^8) rendered as 'billion' explains "
            f"it: {own}. The same rendering would apply to every 'billion yuan' figure of "
            f"the document, so each may be a tenth of its printed value: "
            f"{'; '.join(lines)}"
        )
        ids = tuple(b.id for b in figures)
        yield Finding(
            YI_RULE,
            Severity.WARNING,
            ids,
            text,
            {
                "document": document,
                "figures": [
                    {
                        "id": b.id,
                        "printed": b.value,
                        "unit": b.unit_label,
                        "qualifier": b.qualifier.value,
                        "yi_reading_billion": b.value / 10,
                        "checked_by": sorted(set(checked.get(b.id, []))),
                    }
                    for b in figures
                ],
            },
            subjects=ids,
            strength=Strength.STRONG if document in strong else Strength.INDICATIVE,
        )
