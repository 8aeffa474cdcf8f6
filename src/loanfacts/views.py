"""Result objects as plain records: the one shape every renderer (JSON, CSV, table) reads.

Values stay Decimal here; the JSON renderer writes them as JSON numbers.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, cast, overload

from . import units
from .bounds import Interval, fact_interval, round_lower, round_sig, round_upper
from .kinds import PERCENT, scale_label
from .models import Duration, Fact, Instant, Scale
from .records import (
    ComparisonRecord,
    DerivationsRecord,
    DerivedRecord,
    FactRecord,
    PeriodRecord,
    SourceRecord,
    TopicRecord,
)

if TYPE_CHECKING:  # show, list and search need none of these: not imported at run time
    from .compare import Comparison
    from .derive import Derived, DeriveResult
    from .query import Topic
    from .store import FactBase

@dataclass(frozen=True)
class Display:
    """What the user asked to see: a target scale for money figures, or as published."""

    unit: str | None = None
    target: Scale | None = None


def period_json(period: Instant | Duration | None) -> PeriodRecord | None:
    if period is None:
        return None
    if isinstance(period, Instant):
        return {"type": "instant", "date": period.date.isoformat()}
    return {"type": "duration", "start": period.start.isoformat(),
            "end": period.end.isoformat()}


@overload
def _rescale(value: Decimal, unit: str, source: Scale | None, display: Display) -> Decimal: ...
@overload
def _rescale(value: Decimal | None, unit: str, source: Scale | None, display: Display
             ) -> Decimal | None: ...
def _rescale(value: Decimal | None, unit: str, source: Scale | None, display: Display
             ) -> Decimal | None:
    if value is None or display.unit is None or not units.converts(unit):
        return value
    return units.convert(value, unit, source, display.target)


def _shown(
    unit: str, scale: Scale | None, display: Display
) -> tuple[Scale | None, str, str | None]:
    """The scale and label a value is shown in, with a note when --unit does not apply."""
    if display.unit is None:
        return scale, scale_label(scale, unit), None
    if not units.converts(unit):
        return scale, scale_label(scale, unit), f"not converted: {unit!r} is not money"
    return display.target, scale_label(display.target, unit), None


def fact_record(fact: Fact, reference: bool, display: Display = Display()) -> FactRecord:
    bounds = fact_interval(fact)
    scale, label, note = _shown(fact.unit, fact.scale, display)
    return {
        "id": fact.id,
        "topic": fact.topic,
        "measure": fact.measure.value,
        "entity": fact.entity,
        "value": _rescale(fact.value, fact.unit, fact.scale, display),
        "unit": fact.unit,
        "scale": scale.value if scale else None,
        "unit_label": label,
        "qualifier": fact.qualifier.value,
        "lower": _rescale(bounds.lower, fact.unit, fact.scale, display),
        "upper": _rescale(bounds.upper, fact.unit, fact.scale, display),
        "period": period_json(fact.period),
        "description": fact.description,
        # the model's own dump, so that a field added to Source reaches the JSON
        "source": cast(SourceRecord, fact.source.model_dump(mode="json")),
        "reference": reference,
        "published": {"value": fact.value, "unit_label": fact.unit_label,
                      "text": fact.source.text},
        "unit_note": note,
        "aliases": list(fact.aliases),
        "tags": list(fact.tags),
        "relations": dict(fact.relations.items()),
        "versus": fact.versus,
    }


def fact_records_by_id(base: FactBase, display: Display = Display()
                       ) -> dict[str, FactRecord]:
    """Every fact's record by id, for renderers that draw a figure beside another."""
    return {f.id: fact_record(f, base.is_reference(f), display) for f in base.facts}


def _rounded(bounds: Interval) -> tuple[Decimal | None, Decimal | None]:
    lower, upper = bounds.lower, bounds.upper
    return (None if lower is None else round_lower(lower),
            None if upper is None else round_upper(upper))


def derived_record(item: Derived, display: Display = Display()) -> DerivedRecord:
    scale, label, note = _shown(item.unit, item.scale, display)
    lower, upper = _rounded(item.bounds)
    return {
        "id": item.id,
        "derivation": item.derivation,
        "title": item.title,
        "topic": item.topic,
        "entity": item.entity,
        "formula": item.formula,
        "inputs": list(item.inputs),
        "value": _rescale(round_sig(item.point), item.unit, item.scale, display),
        "unit": item.unit,
        "scale": scale.value if scale else None,
        "unit_label": label,
        "qualifier": item.qualifier.value,
        "lower": _rescale(lower, item.unit, item.scale, display),
        "upper": _rescale(upper, item.unit, item.scale, display),
        "period": period_json(item.period),
        "reference": item.reference,
        "unit_note": note,
        "reading": item.reading,
        "warnings": list(item.warnings),
        "findings": [{"rule": f.rule, "severity": f.severity, "input": f.input,
                      "message": f.message} for f in item.findings],
    }


def derive_records(result: DeriveResult, display: Display = Display()) -> DerivationsRecord:
    return {
        "derived": [derived_record(d, display) for d in result.derived],
        "skipped": [
            {"derivation": s.derivation, "inputs": list(s.inputs), "reason": s.reason}
            for s in result.skipped
        ],
    }


def derived_csv_rows(payload: DerivationsRecord) -> list[dict[str, object]]:
    """Derived figures as flat rows: warnings and the findings of inputs joined into cells
    ("rule (input): message | ..."), so that a spreadsheet keeps them beside the figure."""
    return [{**d, "warnings": "; ".join(d["warnings"]),
             "findings": " | ".join(f"{f['rule']} ({f['input']}): {f['message']}"
                                    for f in d["findings"])}
            for d in payload["derived"]]


def comparison_record(result: Comparison, base: FactBase, display: Display = Display()
                      ) -> ComparisonRecord:
    def fact(f: Fact | None) -> FactRecord | None:
        return None if f is None else fact_record(f, base.is_reference(f), display)

    return {
        "sides": [{"arg": s.arg, "ids": [f.id for f in s.facts]} for s in result.sides],
        "rows": [{"measure": m.value, "facts": [fact(c) for c in cells]}
                 for m, cells in result.rows],
        "pairs": [
            {
                "base": p.base.id,
                "other": p.other.id,
                "difference": _rescale(round_sig(p.difference), p.base.unit, p.base.scale,
                                       display) if p.difference is not None else None,
                "unit": _shown(p.base.unit, p.base.scale, display)[1]
                if p.base.unit != PERCENT else p.unit,
                "ratio": round_sig(p.ratio) if p.ratio is not None else None,
                "ratio_lower": _rounded(p.ratio_bounds)[0] if p.ratio_bounds else None,
                "ratio_upper": _rounded(p.ratio_bounds)[1] if p.ratio_bounds else None,
                "share": round_sig(p.share) if p.share is not None else None,
                "share_of": p.share_of,
            }
            for p in result.pairs
        ],
        "warnings": list(result.warnings),
    }


def topic_record(topic: Topic, base: FactBase) -> TopicRecord:
    by_id = base.by_id()
    return {
        "topic": topic.name,
        "count": len(topic.ids),
        "aliases": list(topic.aliases),
        "ids": list(topic.ids),
        "measures": list(topic.measures),
        "reference": all(base.is_reference(by_id[i]) for i in topic.ids),
    }
