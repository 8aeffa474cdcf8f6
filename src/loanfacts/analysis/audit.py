"""Consistency and plausibility rules over the loaded facts; findings, never corrections.

Every figure is still shown as published; the audit says what a careful reader would notice,
with the evidence figures, so that a reader can check each finding by hand.

The rules read `Brief`s (evidence.py), not pydantic facts, so the SQLite index can audit a
million records while it streams them. The checks of scale live in plausibility.py.
"""

from __future__ import annotations

import calendar
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Protocol

from loanfacts.analysis.evidence import Brief, Context, Finding, Severity, Strength, fixed
from loanfacts.analysis.links import add_years, months_between, stated_gaps
from loanfacts.analysis.plausibility import billion_may_be_yi, output_share, scale
from loanfacts.model.kinds import FINANCIAL_BASES
from loanfacts.model.models import Measure, SourceDocument, SourceKind

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping, Sequence

    from loanfacts.lookup.base import Lookup
    from loanfacts.model.store import FactBase

__all__ = [
    "RULES",
    "Brief",
    "Context",
    "Finding",
    "Severity",
    "Strength",
    "reference_documents",
    "rules_by_fact",
    "run",
    "run_briefs",
]

Rule = Callable[[Context], Iterator[Finding]]
RATE_RANGE = (Decimal(-50), Decimal(100))
#: relations that compare across dates on purpose (a benchmark of another year)
ACROSS_DATES = frozenset({"benchmark", "counterpart"})


def _is_month_end(day: date) -> bool:
    return day.day == calendar.monthrange(day.year, day.month)[1]


def part_larger_than_whole(ctx: Context) -> Iterator[Finding]:
    for part in ctx.by_id.values():
        whole = ctx.by_id.get(part.related("part_of") or "")
        if whole is None or whole.unit != part.unit:
            continue
        if part.base_interval.lo > whole.base_interval.hi:
            yield Finding(
                "part-larger-than-whole",
                Severity.ERROR,
                (part.id, whole.id),
                f"{part.id} is larger than {whole.id}, of which it is a part",
                {"part": part.value, "whole": whole.value},
            )
        elif part.value * part.factor > whole.value * whole.factor:
            yield Finding(
                "part-larger-than-whole",
                Severity.WARNING,
                (part.id, whole.id),
                f"{part.id} as published exceeds {whole.id}, of which it is a part; "
                "only the whole's bound allows it",
                {"part": part.value, "whole": whole.value},
            )


class Dated(Protocol):
    """What balance_dates reads of a fact (a Brief, or what a streamed pass keeps)."""

    @property
    def measure(self) -> Measure: ...
    @property
    def instant(self) -> date | None: ...
    @property
    def document(self) -> str: ...


def balance_dates(briefs: Iterable[Dated]) -> dict[str, Counter[date]]:
    """The dates of each document's balances, counted in the order given (the file's): the
    first of the most common is a document's usual date (Counter.most_common)."""
    counted: dict[str, Counter[date]] = {}
    for brief in briefs:
        if brief.measure is Measure.BALANCE and brief.instant is not None:
            counted.setdefault(brief.document, Counter())[brief.instant] += 1
    return counted


def usual_dates(counted: Mapping[str, Counter[date]]) -> dict[str, tuple[date, int]]:
    """Each document's usual date of balances, and how many balances bear it."""
    return {document: days.most_common(1)[0] for document, days in counted.items()}


def dates(ctx: Context) -> Iterator[Finding]:
    """Balances not dated at a month end, and balances dated apart from their siblings (of
    the whole file: `ctx.usual_dates` when the briefs are only part of it)."""
    by_doc: dict[str, list[tuple[Brief, date]]] = {}
    for brief in ctx.by_id.values():
        if brief.measure is Measure.BALANCE and brief.instant is not None:
            by_doc.setdefault(brief.document, []).append((brief, brief.instant))
    usual_of = ctx.usual_dates
    if usual_of is None:
        usual_of = usual_dates(balance_dates(ctx.by_id.values()))
    for document, balances in by_doc.items():
        usual, count = usual_of[document]
        for brief, day in balances:
            if not _is_month_end(day):
                last = calendar.monthrange(day.year, day.month)[1]
                yield Finding(
                    "date-not-month-end",
                    Severity.WARNING,
                    (brief.id,),
                    f"{brief.id} is a balance as of {day.isoformat()}, not a month end "
                    f"(the month has {last} days); statistics are usually month-end stocks, "
                    "so the date may be a slip; shown as published",
                    {"date": day.isoformat(), "month_end": day.replace(day=last).isoformat()},
                    strength=Strength.INDICATIVE,
                )
            if day != usual and count > 1:
                yield Finding(
                    "date-differs",
                    Severity.WARNING,
                    (brief.id,),
                    f"{brief.id} is dated {day.isoformat()} while {count} other balances of "
                    f"{document} are dated {usual.isoformat()}: compare them with care",
                    {"date": day.isoformat(), "usual_date": usual.isoformat(), "others": count},
                )


#: financial statistics printed this many months after their date are suspect: the regulator
#: and the central bank release them within weeks
STALE_MONTHS = 12


def date_doubtful(ctx: Context) -> Iterator[Finding]:
    """A figure of financial statistics (the regulator's or the central bank's) dated more
    than a year before its source was published: such statistics appear within weeks, so
    the date printed may be a year early. Indicative: the source may simply look back."""
    for brief in ctx.by_id.values():
        document = ctx.documents.get(brief.document)
        day = brief.end
        if (
            document is None
            or document.published is None
            or document.basis not in FINANCIAL_BASES
            or day is None
        ):
            continue
        months = months_between(day, document.published)
        if months <= STALE_MONTHS:
            continue
        possible = add_years(day, 1)
        yield Finding(
            "date-doubtful",
            Severity.WARNING,
            (brief.id,),
            f"{brief.id} is dated {day.isoformat()} as {document.id} prints it, but "
            f"{document.id} was published {document.published.isoformat()}, {months} months "
            f"later, while {document.basis.label if document.basis else ''} statistics appear "
            f"within weeks of their date: the figure may be of {possible.isoformat()}. Shown "
            "as printed; if so, a figure derived from it is dated a year early, and a total "
            "grown a year forward from it counts that year's growth twice",
            {
                "date": day.isoformat(),
                "published": document.published.isoformat(),
                "months_after": months,
                "possible_date": possible.isoformat(),
            },
            strength=Strength.INDICATIVE,
        )


def mixed_dates(ctx: Context) -> Iterator[Finding]:
    """Related facts (a rate and its level, a part and its whole, a gap and its rate, an
    amount and its count) dated apart: any derivation joining them mixes dates."""
    for brief in ctx.by_id.values():
        for name, target_id in brief.relations:
            target = ctx.by_id.get(target_id)
            if name in ACROSS_DATES:
                continue
            if target is not None and target.period != brief.period:
                yield Finding(
                    "mixed-dates",
                    Severity.WARNING,
                    (brief.id, target.id),
                    f"{brief.id} is dated {brief.period} but its {name.replace('_', ' ')} "
                    f"{target.id} is dated {target.period}: figures derived from both mix "
                    "dates",
                    {"date": brief.period, "other_date": target.period},
                )


def gaps(ctx: Context) -> Iterator[Finding]:
    """An implied rate outside any plausible range, or a gap its two rates contradict."""
    low, high = RATE_RANGE
    for rate, gap in stated_gaps(ctx.by_id):
        implied = rate.value - gap.value
        if not low <= implied <= high:
            yield Finding(
                "implausible-rate",
                Severity.WARNING,
                (rate.id, gap.id),
                f"the rate implied by {gap.id} is {fixed(implied)}%, outside {low}% to {high}%",
                {"implied": implied},
            )
    for gap in ctx.by_id.values():
        joined = ctx.by_id.get(gap.related("gap_of") or "")
        baseline = ctx.by_id.get(gap.related("baseline") or "")
        if gap.measure is not Measure.GAP or joined is None or baseline is None:
            continue
        implied_iv = joined.interval - baseline.interval
        if implied_iv.hi < gap.interval.lo or implied_iv.lo > gap.interval.hi:
            yield Finding(
                "gap-disagrees",
                Severity.ERROR,
                (gap.id, joined.id, baseline.id),
                f"{gap.id} says {gap.value} points, but {joined.id} minus "
                f"{baseline.id} is {joined.value - baseline.value}",
                {"gap": gap.value, "rate": joined.value, "baseline": baseline.value},
            )


RULES: tuple[Rule, ...] = (
    part_larger_than_whole,
    dates,
    date_doubtful,
    mixed_dates,
    gaps,
    scale,
    output_share,
)


def run_briefs(
    briefs: Iterable[Brief],
    reference_docs: frozenset[str],
    documents: Iterable[SourceDocument] = (),
    usual: Mapping[str, tuple[date, int]] | None = None,
) -> list[Finding]:
    """Every rule over the briefs of a whole file, most severe first; the document-wide 亿
    doubt last, as it reads what the other rules found. `documents` (the file's sources)
    give the publication dates and statistical bases that some rules read; `usual`, the
    whole file's usual_dates when the briefs are only part of it."""
    ctx = Context.of({b.id: b for b in briefs}, reference_docs, documents, usual)
    findings = [finding for rule in RULES for finding in rule(ctx)]
    findings += billion_may_be_yi(ctx, findings)
    return sorted(findings, key=lambda f: (-f.severity, f.rule, f.ids))


def reference_documents(sources: Iterable[SourceDocument]) -> frozenset[str]:
    return frozenset(s.id for s in sources if s.kind is SourceKind.REFERENCE)


def run(base: FactBase) -> list[Finding]:
    sources = base.file.sources
    return run_briefs((Brief.of(f) for f in base.facts), reference_documents(sources), sources)


def rules_by_fact(findings: Iterable[Finding]) -> dict[str, list[str]]:
    """The rules each fact is the subject of: what `show` and `compare` mark with ⚑."""
    named: dict[str, set[str]] = {}
    for finding in findings:
        for fid in finding.about:
            named.setdefault(fid, set()).add(finding.rule)
    return {fid: sorted(rules) for fid, rules in named.items()}


def rules_naming(base: Lookup, ids: Sequence[str]) -> dict[str, list[str]]:
    """The audit rules naming each of these facts first (the ⚑ in show and compare): run over
    a whole file, or read from what an index worked out when it was built."""
    from loanfacts.model.store import FactBase

    if not isinstance(base, FactBase):
        return base.audit_rules(ids)
    known = base.known_rules(ids)
    if known is not None:
        return known
    named = rules_by_fact(run(base))
    return {fid: named[fid] for fid in ids if fid in named}
