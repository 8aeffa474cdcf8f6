"""Result objects as plain records: the one shape every renderer (JSON, CSV, table) reads.

Values stay Decimal here; the JSON renderer writes them as JSON numbers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, cast, overload

from loanfacts.analysis import units
from loanfacts.analysis.bounds import Interval, fact_interval, round_lower, round_sig, round_upper
from loanfacts.model.kinds import PERCENT, scale_label
from loanfacts.model.models import Duration, Fact, Instant, Scale

if TYPE_CHECKING:  # show, list and search need none of these: not imported at run time
    from loanfacts.analysis.card import Neighbourhood
    from loanfacts.analysis.compare import Comparison, Pair
    from loanfacts.analysis.derive import Derived, DeriveResult
    from loanfacts.lookup.query import Topic
    from loanfacts.model.records import (
        CardRecord,
        CheckRecord,
        ComparisonRecord,
        ConversionRecord,
        DerivationsRecord,
        DerivedRecord,
        FactRecord,
        InputFindingRecord,
        PeriodRecord,
        ShareBoundsRecord,
        SourceRecord,
        TopicRecord,
        YiReadingRecord,
    )
    from loanfacts.model.store import FactBase

# audit rules that doubt a figure's scale (亿 printed as "billion"); audit.py owns the rules
SCALE_DOUBTS = frozenset({"scale-implausible", "scale-above-related", "billion-may-be-yi"})
RELATIONS = (
    "growth_of",
    "part_of",
    "gap_of",
    "distributed_over",
    "baseline",
    "benchmark",
    "counterpart",
)
# CSV columns: every field of the JSON record, nested ones by dotted name
FACT_COLUMNS = [
    "id",
    "topic",
    "measure",
    "label",
    "entity",
    "region",
    "value",
    "unit",
    "currency",
    "scale",
    "unit_label",
    "qualifier",
    "lower",
    "upper",
    "period.type",
    "period.date",
    "period.start",
    "period.end",
    "description",
    "source.document",
    "source.paragraph",
    "source.text",
    "source.text_en",
    "reference",
    "published.value",
    "published.unit_label",
    "published.text",
    "unit_note",
    "aliases",
    "tags",
    *[f"relations.{r}" for r in RELATIONS],
    "versus",
    "audit",
    "yi_reading.value",
    "yi_reading.lower",
    "yi_reading.upper",
    "yi_reading.unit_label",
]
DERIVED_COLUMNS = [
    "id",
    "derivation",
    "title",
    "topic",
    "entity",
    "value",
    "unit",
    "scale",
    "unit_label",
    "qualifier",
    "lower",
    "upper",
    "period.type",
    "period.date",
    "period.start",
    "period.end",
    "formula",
    "inputs",
    "reference",
    "unit_note",
    "reading",
    "warnings",
    "findings",
]
PAIR_COLUMNS = [
    "base",
    "other",
    "difference",
    "difference_lower",
    "difference_upper",
    "difference_qualifier",
    "unit",
    "ratio",
    "ratio_lower",
    "ratio_upper",
    "ratio_qualifier",
    "share",
    "share_lower",
    "share_upper",
    "share_qualifier",
    "share_of",
]


def measure_label(
    measure: str, fact_id: str = "", aliases: Sequence[str] = (), versus: str | None = None
) -> str:
    """A measure in plain words: `growth gap vs all loans`, `change in average interest
    rate`; a gap says what it is measured against when the fact says so."""
    if measure == "gap":
        growth = any("growth" in t.casefold() for t in (fact_id, *aliases))
        name = "growth gap" if growth else "gap"
        return f"{name} vs {versus}" if versus else name
    return {"yoy_growth": "yoy growth", "rate_change": "change in average interest rate"}.get(
        measure, measure
    )


def yi_reading(record: FactRecord) -> YiReadingRecord | None:
    """A "billion yuan" figure whose scale the audit doubts, read with 亿 (10^8) for
    "billion" (10^9): a tenth of it, in the unit shown. None for any other figure."""
    if not SCALE_DOUBTS.intersection(record.get("audit") or ()):
        return None
    if record["unit"] != units.CURRENCY or record["published"]["unit_label"] != scale_label(
        Scale.BILLION, units.CURRENCY
    ):
        return None

    def tenth(value: Decimal | None) -> Decimal | None:
        return None if value is None else (value / 10).normalize()

    return {
        "value": (record["value"] / 10).normalize(),
        "lower": tenth(record["lower"]),
        "upper": tenth(record["upper"]),
        "unit_label": record["unit_label"],
    }


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
    return {"type": "duration", "start": period.start.isoformat(), "end": period.end.isoformat()}


@overload
def _rescale(value: Decimal, unit: str, source: Scale | None, display: Display) -> Decimal: ...
@overload
def _rescale(
    value: Decimal | None, unit: str, source: Scale | None, display: Display
) -> Decimal | None: ...
def _rescale(
    value: Decimal | None, unit: str, source: Scale | None, display: Display
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
        "label": measure_label(fact.measure.value, fact.id, fact.aliases, fact.versus),
        "entity": fact.entity,
        "region": fact.region,
        "value": _rescale(fact.value, fact.unit, fact.scale, display),
        "unit": fact.unit,
        "currency": fact.currency.value if fact.currency else None,
        "scale": scale.value if scale else None,
        "unit_label": label,
        "qualifier": fact.qualifier.value,
        "lower": _rescale(bounds.lower, fact.unit, fact.scale, display),
        "upper": _rescale(bounds.upper, fact.unit, fact.scale, display),
        "period": period_json(fact.period),
        "description": fact.description,
        # every field of the model, so that a field added to Source reaches the JSON; its
        # fields are JSON's own types (str, int, null), so no dump (whose serializer took
        # 3 ms to build at start-up) is needed: tests/test_startup.py holds the two equal
        "source": cast("SourceRecord", dict(fact.source)),
        "reference": reference,
        "published": {"value": fact.value, "unit_label": fact.unit_label, "text": fact.source.text},
        "unit_note": note,
        "aliases": list(fact.aliases),
        "tags": list(fact.tags),
        "relations": dict(fact.relations.items()),
        "versus": fact.versus,
    }


def fact_records_by_id(base: FactBase, display: Display = Display()) -> dict[str, FactRecord]:
    """Every fact's record by id, for renderers that draw a figure beside another."""
    return {f.id: fact_record(f, base.is_reference(f), display) for f in base.facts}


def _rounded(bounds: Interval) -> tuple[Decimal | None, Decimal | None]:
    lower, upper = bounds.lower, bounds.upper
    return (
        None if lower is None else round_lower(lower),
        None if upper is None else round_upper(upper),
    )


def derived_record(item: Derived, display: Display = Display()) -> DerivedRecord:
    scale, label, note = _shown(item.unit, item.scale, display)
    lower, upper = _rounded(item.bounds)
    return {
        "id": item.id,
        "derivation": item.derivation,
        "title": item.shown_title,
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
        "findings": [f.to_json() for f in item.findings],
    }


def derive_records(result: DeriveResult, display: Display = Display()) -> DerivationsRecord:
    return {
        "derived": [derived_record(d, display) for d in result.derived],
        "skipped": [
            {"derivation": s.derivation, "inputs": list(s.inputs), "reason": s.reason}
            for s in result.skipped
        ],
    }


def findings_cell(findings: Sequence[InputFindingRecord]) -> str:
    """Carried audit findings in one CSV cell: "rule (input, strength): message | ..."."""
    return " | ".join(
        f"{f['rule']} ({f['input']}, {f['strength']}): {f['message']}" for f in findings
    )


def check_csv_rows(records: Sequence[CheckRecord]) -> list[dict[str, object]]:
    """`check` records as flat rows, the findings of each figure's fact in one cell."""
    return [{**r, "findings": findings_cell(r["findings"])} for r in records]


def derived_csv_rows(payload: DerivationsRecord) -> list[dict[str, object]]:
    """Derived figures as flat rows: warnings and the findings of inputs joined into cells
    ("rule (input): message | ..."), so that a spreadsheet keeps them beside the figure."""
    return [
        {
            **d,
            "warnings": "; ".join(d["warnings"]),
            "findings": findings_cell(d["findings"]),
        }
        for d in payload["derived"]
    ]


def comparison_record(
    result: Comparison, base: FactBase, display: Display = Display()
) -> ComparisonRecord:
    def fact(f: Fact | None) -> FactRecord | None:
        return None if f is None else fact_record(f, base.is_reference(f), display)

    return {
        "sides": [{"arg": s.arg, "ids": [f.id for f in s.facts]} for s in result.sides],
        "rows": [
            {"measure": m.value, "facts": [fact(c) for c in cells]} for m, cells in result.rows
        ],
        "pairs": [
            {
                "base": p.base.id,
                "other": p.other.id,
                "difference": _rescale(round_sig(p.difference), p.base.unit, p.base.scale, display)
                if p.difference is not None
                else None,
                "unit": _shown(p.base.unit, p.base.scale, display)[1]
                if p.base.unit != PERCENT
                else p.unit,
                "difference_lower": _rescale(
                    _rounded(p.difference_bounds)[0], p.base.unit, p.base.scale, display
                )
                if p.difference_bounds
                else None,
                "difference_upper": _rescale(
                    _rounded(p.difference_bounds)[1], p.base.unit, p.base.scale, display
                )
                if p.difference_bounds
                else None,
                "difference_qualifier": _qualifier(p.difference, p.difference_bounds),
                "ratio": round_sig(p.ratio) if p.ratio is not None else None,
                "ratio_lower": _rounded(p.ratio_bounds)[0] if p.ratio_bounds else None,
                "ratio_upper": _rounded(p.ratio_bounds)[1] if p.ratio_bounds else None,
                "ratio_qualifier": _qualifier(p.ratio, p.ratio_bounds),
                "share": round_sig(p.share) if p.share is not None else None,
                **_share_bounds(p),
                "share_of": p.share_of,
            }
            for p in result.pairs
        ],
        "warnings": list(result.warnings),
        "findings": [],  # filled by the caller from the audit (comparison_findings)
    }


def comparison_findings(base: FactBase, payload: ComparisonRecord) -> None:
    """The audit's findings on the facts of each side, as `derive` and `check` carry them."""
    from loanfacts.analysis import audit
    from loanfacts.analysis.derive import by_subject, travelling

    ids = tuple(dict.fromkeys(f["id"] for row in payload["rows"] for f in row["facts"] if f))
    if audit.rules_naming(base, list(ids)):
        carried = travelling(ids, by_subject(audit.run(base)))
        payload["findings"] = [f.to_json() for f in carried]


def pair_csv_rows(payload: ComparisonRecord) -> list[dict[str, object]]:
    """`compare`'s pairs as flat rows, with the findings on either side's fact in one cell."""
    return [
        {
            **p,
            "findings": findings_cell(
                [f for f in payload["findings"] if f["input"] in (p["base"], p["other"])]
            ),
        }
        for p in payload["pairs"]
    ]


def _share_bounds(pair: Pair) -> ShareBoundsRecord:
    """The share's bounds: the ratio's, in percent, turned over when the first side is the
    part (3,563.91 of more than 9,000: at most 39.60%)."""
    if pair.share is None or pair.ratio_bounds is None:
        return {"share_lower": None, "share_upper": None, "share_qualifier": None}
    hundred = Interval.point(Decimal(100))
    bounds = (
        pair.ratio_bounds * hundred
        if pair.share_of == pair.base.id
        else hundred / pair.ratio_bounds
    )
    lower, upper = _rounded(bounds)
    return {
        "share_lower": lower,
        "share_upper": upper,
        "share_qualifier": _qualifier(pair.share, bounds),
    }


def _qualifier(point: Decimal | None, bounds: Interval | None) -> str | None:
    """How exact a difference or ratio is, in the words a derived figure uses."""
    if point is None or bounds is None:
        return None
    return bounds.qualifier(point).value


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


# the provenance card: one figure in full (analysis/card.py reads what it needs)


def card_conversions(fact: Fact) -> list[ConversionRecord]:
    """A money figure (and its bounds) in yuan, 亿, 万亿, billion and trillion, rescaled
    exactly; nothing for other units."""
    from loanfacts.analysis.card import CARD_SCALES

    if not units.converts(fact.unit):
        return []
    record = fact_record(fact, False)
    out: list[ConversionRecord] = []
    for target in CARD_SCALES:

        def conv(value: Decimal | None, target: Scale | None = target) -> Decimal | None:
            if value is None:
                return None
            return units.convert(value, fact.unit, fact.scale, target)

        out.append(
            {
                "unit_label": scale_label(target, fact.unit),
                "scale": target.value if target else None,
                "value": units.convert(fact.value, fact.unit, fact.scale, target),
                "lower": conv(record["lower"]),
                "upper": conv(record["upper"]),
                "as_published": target == fact.scale,
            }
        )
    return out


def card_of(base: FactBase, fact_id: str) -> CardRecord:
    """The card of one fact, from the whole file."""
    from loanfacts.analysis.card import find, neighbourhood

    return card_record(neighbourhood(base), find(base, fact_id).id)


def card_record(hood: Neighbourhood, fact_id: str) -> CardRecord:
    """The card of one fact, as a JSON-ready record (Decimals stay Decimal)."""
    from loanfacts.analysis import audit, derive
    from loanfacts.lookup.query import MEASURE_ORDER

    fact = next(f for f in hood.facts if f.id == fact_id)
    reference = hood.is_reference(fact)
    doc = hood.documents.get(fact.source.document)
    related = sorted(
        (f for f in hood.facts if f.topic == fact.topic and f.id != fact.id),
        key=lambda f: MEASURE_ORDER[f.measure],
    )
    # which derivations the fact feeds does not depend on the findings: they only travel
    # with a derived figure and add its 亿 reading, both from the findings about its inputs
    bases = derive.bases_of(hood.documents.values())
    result = derive.run(hood.facts, hood.reference_ids, involving=fact.id, bases=bases)
    inputs = {i for d in result.derived for i in d.inputs}
    inputs.update(i for s in result.skipped for i in s.inputs)
    findings = hood.naming(frozenset({fact.id, *inputs, *(f.id for f in related)}))
    if inputs and findings:
        result = derive.run(
            hood.facts, hood.reference_ids, findings=findings, involving=fact.id, bases=bases
        )
    record = fact_record(fact, reference)
    related_records = [fact_record(f, hood.is_reference(f)) for f in related]
    named = audit.rules_by_fact(findings)
    for each in (record, *related_records):  # the fields every fact record carries
        each["audit"] = named.get(each["id"], [])
        each["yi_reading"] = yi_reading(each)
    return {
        "fact": record,
        "conversions": card_conversions(fact),
        "document": {
            "id": fact.source.document,
            "title": doc.title if doc else None,
            "kind": doc.kind.value if doc else None,
            "publisher": doc.publisher if doc else None,
            "published": doc.published.isoformat() if doc and doc.published else None,
            "address": doc.address if doc else None,
            "language": doc.language if doc else None,
            "not_found": list(doc.not_found) if doc else [],
            "note": doc.note if doc else None,
        },
        "derivations": [derived_record(d) for d in result.derived if fact.id in d.inputs],
        "audit": [f.to_json() for f in findings if fact.id in f.ids],
        "related": related_records,
    }
