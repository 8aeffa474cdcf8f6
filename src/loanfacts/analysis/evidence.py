"""What the audit's rules read and write: briefs of facts in, findings out, and the wording.

A brief keeps only what the rules need, so the SQLite index can audit a million records while
it streams them, and every command sees the same findings whether it read the file whole or
through the index. Figures in messages are worded by direction: a floor is rounded down and
said "more than", a ceiling rounded up and said "less than", anything else "about".
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_EVEN, Decimal
from enum import IntEnum, StrEnum
from typing import TYPE_CHECKING, Any

from loanfacts.analysis.bounds import Interval, fact_interval
from loanfacts.analysis.links import Index, related
from loanfacts.model.kinds import HEDGE, Basis, Measure, Qualifier, Scale, range_words, scale_factor
from loanfacts.model.models import Fact, SourceDocument, period_label
from loanfacts.model.numtext import as_printed, grouped

if TYPE_CHECKING:
    from loanfacts.model.records import FindingRecord


class Severity(IntEnum):
    INFO = 1
    WARNING = 2
    ERROR = 3

    @property
    def label(self) -> str:
        return self.name.lower()


class Strength(StrEnum):
    """How much weight a finding bears. `strong`: it follows from the figures themselves
    (their arithmetic, their dates, a part against its whole, a benchmark of the same
    measure). `indicative`: it rests on a related measure, a rule of thumb (loans follow
    output, balances are month-end stocks) or a date that is possible but not shown."""

    STRONG = "strong"
    INDICATIVE = "indicative"


@dataclass(frozen=True)
class Finding:
    """What a careful reader would notice. `ids` names every fact involved; `subjects` the
    ones it is about (the rest are evidence); without subjects, the first id is the subject."""

    rule: str
    severity: Severity
    ids: tuple[str, ...]
    message: str
    evidence: dict[str, Any] = field(default_factory=dict)
    subjects: tuple[str, ...] = ()
    strength: Strength = Strength.STRONG

    @property
    def about(self) -> tuple[str, ...]:
        return self.subjects or self.ids[:1]

    def to_json(self) -> FindingRecord:
        return {
            "rule": self.rule,
            "severity": self.severity.label,
            "ids": list(self.ids),
            "subjects": list(self.about),
            "strength": self.strength.value,
            "message": self.message,
            "evidence": self.evidence,
        }


@dataclass(frozen=True, slots=True)
class Brief:
    """What the rules read of one fact."""

    id: str
    topic: str
    measure: Measure
    entity: str
    unit: str
    unit_label: str
    scale: Scale | None
    qualifier: Qualifier
    value: Decimal
    interval: Interval
    factor: Decimal  # to base units: 10^9 for billion
    period: str
    instant: date | None
    end: date | None
    document: str
    relations: tuple[tuple[str, str], ...]
    tags: frozenset[str]
    versus: str | None

    @classmethod
    def of(cls, fact: Fact) -> Brief:
        period = fact.period
        return cls(
            id=fact.id,
            topic=fact.topic,
            measure=fact.measure,
            entity=fact.entity,
            unit=fact.unit,
            unit_label=fact.unit_label,
            scale=fact.scale,
            qualifier=fact.qualifier,
            value=fact.value,
            interval=fact_interval(fact),
            factor=scale_factor(fact.scale),
            period=period_label(period),
            instant=fact.instant,
            end=period.end if period else None,
            document=fact.source.document,
            relations=tuple(fact.relations.items()),
            tags=frozenset(fact.tags),
            versus=fact.versus,
        )

    def related(self, name: str) -> str | None:
        return related(self.relations, name)

    @property
    def base_value(self) -> Decimal:
        return self.value * self.factor

    @property
    def base_interval(self) -> Interval:
        return self.interval.scaled(self.factor)

    @property
    def printed(self) -> str:
        """The figure as published, with its hedge: "more than 9,000 billion yuan"."""
        return f"{HEDGE[self.qualifier]}{num(self.value)} {self.unit_label}"


@dataclass
class Context:
    by_id: dict[str, Brief]
    reference_docs: frozenset[str]
    links: Index[Brief]  # rates, totals of all loans, all-loans gaps and output, found once
    documents: dict[str, SourceDocument] = field(default_factory=dict)
    #: each document's usual date of balances and how many balances bear it, when the briefs
    #: are only part of a file (the streamed look-up, index/stream.py); else from by_id
    usual_dates: Mapping[str, tuple[date, int]] | None = None

    @classmethod
    def of(
        cls,
        briefs: dict[str, Brief],
        reference_docs: frozenset[str],
        documents: Iterable[SourceDocument] = (),
        usual_dates: Mapping[str, tuple[date, int]] | None = None,
    ) -> Context:
        return cls(
            briefs,
            reference_docs,
            Index.of(briefs, lambda b: b.period),
            {d.id: d for d in documents},
            usual_dates,
        )

    def basis(self, brief: Brief) -> Basis | None:
        document = self.documents.get(brief.document)
        return None if document is None else document.basis

    def bases_note(self, ids: Iterable[str]) -> str:
        """ ". It joins statistical bases: ..." when the named facts (output aside: GDP is not
        a bank statistic) come from sources of more than one basis, else ""."""
        joined = mixed_bases(
            {b.id: self.basis(b) for i in ids if (b := self.by_id.get(i)) and "gdp" not in b.tags}
        )
        return f". It {joined}" if joined else ""

    @property
    def rates(self) -> dict[str, Brief]:
        """A level's year-on-year rate, by the level's id."""
        return self.links.rates

    def is_reference(self, brief: Brief) -> bool:
        return brief.document in self.reference_docs


def mixed_bases(bases: Mapping[str, Basis | None]) -> str:
    """The one wording of a figure joined from statistics of two bases (figure id -> its
    source's basis): "joins statistical bases: the central bank's (all financial
    institutions) for a, b; the banking regulator's (banking institutions) for c", or ""
    when they share one (or say none)."""
    grouped: dict[Basis, list[str]] = {}
    for fid, basis in bases.items():
        if basis is not None:
            grouped.setdefault(basis, []).append(fid)
    if len(grouped) < 2:
        return ""
    parts = [f"{basis.label} for {', '.join(ids)}" for basis, ids in grouped.items()]
    return f"joins statistical bases: {'; '.join(parts)}"


def fixed(value: Decimal, places: int = 2, rounding: str = ROUND_HALF_EVEN) -> str:
    """A number to `places` decimals with thousands separators, rounded as asked; one past
    what 60 digits hold (a growth compounded over centuries) in scientific notation."""
    if value.is_finite() and value.adjusted() + places >= 60:
        return format(value, f".{places}e")
    return grouped(value, places, rounding)


def num(value: Decimal) -> str:
    """A published figure as printed: 9000 -> "9,000", 3563.91 -> "3,563.91"."""
    return as_printed(value)


def say(bounds: Interval, point: Decimal, places: int = 1, unit: str = "%") -> str:
    """A derived figure worded by its bounds: a floor rounded down ("more than 89.6%"), a
    ceiling rounded up ("less than 0.88%"), a figure known to the printed precision "about"."""
    kind = bounds.qualifier(point)
    if kind is Qualifier.LOWER_BOUND:
        return f"more than {fixed(bounds.lo, places, ROUND_FLOOR)}{unit}"
    if kind is Qualifier.UPPER_BOUND:
        return f"less than {fixed(bounds.hi, places, ROUND_CEILING)}{unit}"
    return f"about {fixed(point, places)}{unit}"


def when(label: str) -> str:
    """A period label for a sentence: a whole calendar year is just the year."""
    start, _, end = label.partition("..")
    if start[4:] == "-01-01" and end[4:] == "-12-31" and start[:4] == end[:4]:
        return start[:4]
    return label


def span(bounds: Interval, places: int = 2, unit: str = "%") -> str:
    """Bounds rounded outward: "at least 89.64%", "35.49% to 35.55%"."""
    lower, upper = bounds.lower, bounds.upper
    lo = None if lower is None else fixed(lower, places, ROUND_FLOOR) + unit
    hi = None if upper is None else fixed(upper, places, ROUND_CEILING) + unit
    return range_words(lo, hi)


def point_of(brief: Brief) -> Interval:
    """A brief's published value as a one-point interval (for the point estimate)."""
    return Interval.point(brief.value)


def bounds_of(brief: Brief) -> Interval:
    """A brief's published bounds (what its wording and digits allow)."""
    return brief.interval
