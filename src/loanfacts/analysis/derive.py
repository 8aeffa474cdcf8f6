"""Run the derivations (derivations.py) over a facts file: figures it implies, with formula,
inputs and bounds, each carrying the audit findings of its inputs.

Where the audit doubts a document's "billion" (亿 rendered as "billion"), a derivation that
joins such a figure with figures from elsewhere is also given under the 亿 reading, beside
the figure as printed; derivations within the doubted figures alone are not (a tenth of both
sides changes nothing, or only the scale).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Context, localcontext
from typing import TYPE_CHECKING

from loanfacts.analysis.bounds import PRECISION, Interval
from loanfacts.analysis.derivations import LEVELS, REGISTRY, Derivation, Pool, Skip, period_warnings
from loanfacts.analysis.evidence import mixed_bases
from loanfacts.analysis.plausibility import YI_RULE
from loanfacts.analysis.units import CURRENCY
from loanfacts.model.kinds import Qualifier, Scale, scale_label
from loanfacts.model.models import Duration, Fact, Instant, SourceDocument

if TYPE_CHECKING:
    from decimal import Decimal

    from loanfacts.analysis.evidence import Finding
    from loanfacts.model.kinds import Basis
    from loanfacts.model.records import InputFindingRecord

__all__ = [
    "REGISTRY",
    "DeriveResult",
    "Derived",
    "InputFinding",
    "Skipped",
    "bases_of",
    "by_subject",
    "run",
    "topics",
    "travelling",
]

YI_READING = "'billion' read as 亿"


@dataclass(frozen=True)
class InputFinding:
    """An audit finding about one input of a derived figure: it travels with the figure."""

    rule: str
    severity: str
    input: str
    message: str
    strength: str = "strong"

    def to_json(self) -> InputFindingRecord:
        """As `derive` and `check` write it."""
        return {
            "rule": self.rule,
            "severity": self.severity,
            "strength": self.strength,
            "input": self.input,
            "message": self.message,
        }


@dataclass(frozen=True)
class Derived:
    """A figure the facts imply. `point` comes from the published values; `bounds` from
    their qualifiers and printed precision. `reading` says when inputs are read otherwise
    than printed (`YI_READING`)."""

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
    findings: tuple[InputFinding, ...] = field(default=())
    reading: str | None = None

    @property
    def qualifier(self) -> Qualifier:
        return self.bounds.qualifier(self.point)

    @property
    def unit_label(self) -> str:
        return scale_label(self.scale, self.unit)

    @property
    def shown_title(self) -> str:
        """The title as `derive` prints it, an average named by what it is per (`average
        per client`)."""
        if self.derivation == "average-per-unit" and " per " in self.unit:
            return f"average per {self.unit.split(' per ', 1)[1]}"
        return self.title

    @property
    def name(self) -> str:
        """The figure named as `derive`'s table names it: "manufacturing loans · level a
        year earlier"."""
        return f"{self.topic} · {self.shown_title}"


@dataclass(frozen=True)
class Skipped:
    derivation: str
    inputs: tuple[str, ...]
    reason: str


@dataclass(frozen=True)
class DeriveResult:
    derived: list[Derived]
    skipped: list[Skipped]


def by_subject(findings: list[Finding]) -> dict[str, list[tuple[int, Finding]]]:
    """Each fact's findings (those about it), with their place in the audit: looked up per
    derived figure instead of scanning every finding for each (a large file derives
    thousands of figures)."""
    out: dict[str, list[tuple[int, Finding]]] = {}
    for at, finding in enumerate(findings):
        for fid in finding.about:
            out.setdefault(fid, []).append((at, finding))
    return out


def travelling(
    inputs: tuple[str, ...], about: dict[str, list[tuple[int, Finding]]]
) -> tuple[InputFinding, ...]:
    """The findings whose subject is one of the inputs, one per rule and input, in the
    audit's order."""
    mine = dict(pair for fid in inputs for pair in about.get(fid, ()))
    out: dict[tuple[str, str], InputFinding] = {}
    for _, finding in sorted(mine.items(), key=lambda pair: pair[0]):
        for fid in inputs:
            if fid in finding.about:
                out.setdefault(
                    (finding.rule, fid),
                    InputFinding(
                        finding.rule,
                        finding.severity.label,
                        fid,
                        finding.message,
                        finding.strength.value,
                    ),
                )
    return tuple(out.values())


def _yi_inputs(inputs: tuple[Fact, ...], doubted: frozenset[str]) -> tuple[Fact, ...] | None:
    """The inputs under the 亿 reading, when that reading changes what a derivation joins: a
    doubted "billion" figure beside a level that is not doubted."""
    mine = [f for f in inputs if f.id in doubted and f.scale is Scale.BILLION]
    others = [f for f in inputs if f.id not in doubted and f.measure in LEVELS]
    if not mine or not others:
        return None
    return tuple(f.model_copy(update={"scale": Scale.YI}) if f in mine else f for f in inputs)


def _derive(
    derivation: Derivation,
    inputs: tuple[Fact, ...],
    reference_ids: frozenset[str],
    findings: dict[str, list[tuple[int, Finding]]],
    reading: str | None = None,
    bases: Mapping[str, Basis | None] | None = None,
) -> Derived:
    ids = tuple(f.id for f in inputs)
    with localcontext(Context(prec=PRECISION)):
        out = derivation.compute(inputs)
    formula = out.formula or derivation.formula
    warnings = out.warnings if out.dated else out.warnings + period_warnings(inputs)
    if bases:
        joined = mixed_bases({f.id: bases.get(f.source.document) for f in inputs})
        warnings = (*warnings, f"the figure {joined}") if joined else warnings
    suffix, title = "", derivation.title
    if reading is not None:
        read = [f.id for f in inputs if f.scale is Scale.YI and f.unit == CURRENCY]
        suffix, title = ".yi-reading", f"{title}, {YI_READING}"
        formula = f"{formula}; {', '.join(read)} in 亿, a tenth of the printed 'billion'"
    return Derived(
        id=f"{ids[0]}.{derivation.name}{suffix}",
        derivation=derivation.name,
        title=title,
        topic=out.topic,
        entity=inputs[0].entity,
        formula=formula,
        inputs=ids,
        point=out.point,
        bounds=out.bounds,
        unit=out.unit,
        scale=out.scale,
        period=out.period,
        reference=any(i in reference_ids for i in ids),
        warnings=warnings,
        findings=travelling(ids, findings),
        reading=reading,
    )


def bases_of(documents: Iterable[SourceDocument]) -> dict[str, Basis | None]:
    """Each document's statistical basis, by id: what `run` reads to say where a derived
    figure joins two bases."""
    return {d.id: d.basis for d in documents}


def run(
    facts: list[Fact],
    reference_ids: frozenset[str] = frozenset(),
    only: frozenset[str] | None = None,
    findings: Iterable[Finding] = (),
    involving: str | None = None,
    bases: Mapping[str, Basis | None] | None = None,
    pool: Pool | None = None,
) -> DeriveResult:
    """Run every derivation (or those named in `only`) whose inputs exist; impossible
    arithmetic is listed as skipped. `findings` (the audit of the same facts) travel with
    the figures derived from the facts they are about, and decide the 亿 reading. `bases`
    (source document id -> its statistical basis) adds a warning to a figure whose inputs
    come from statistics of two bases. `pool`: the facts' Pool, when the caller has it."""
    listed = list(findings)
    doubted = frozenset(fid for f in listed if f.rule == YI_RULE for fid in f.about)
    found = by_subject(listed)
    pool = pool or Pool.of(facts, reference_ids)
    derived: list[Derived] = []
    skipped: list[Skipped] = []
    for derivation in REGISTRY:
        if only is not None and derivation.name not in only:
            continue
        for inputs in derivation.find(pool):
            if involving is not None and all(f.id != involving for f in inputs):
                continue  # a card asks only for what its fact feeds
            try:
                derived.append(_derive(derivation, inputs, reference_ids, found, None, bases))
            except Skip as exc:
                skipped.append(Skipped(derivation.name, tuple(f.id for f in inputs), str(exc)))
                continue
            as_yi = _yi_inputs(inputs, doubted)
            if as_yi is not None:
                derived.append(_derive(derivation, as_yi, reference_ids, found, YI_READING, bases))
    return DeriveResult(derived, skipped)


def topics(pool: Pool, names: Iterable[str]) -> set[str]:
    """The topics the derivations named would give their figures, found but not computed: a
    derivation whose arithmetic is skipped still counts (a topic too many, never one too
    few)."""
    wanted = set(names)
    return {
        derivation.topic(inputs)
        for derivation in REGISTRY
        if derivation.name in wanted
        for inputs in derivation.find(pool)
    }
