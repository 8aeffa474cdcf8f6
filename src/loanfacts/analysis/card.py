"""The provenance card: one figure in full, as a plain record that renderers turn into text.

A card gathers what a reader needs to trust (or doubt) one figure: the value as published and
in other units, its qualifier and bounds, period and entity, the source document and paragraph
with the figure's text as printed, the derivations that use it, the audit findings that name
it, and the other figures of its topic. Pure: no printing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property
from typing import TYPE_CHECKING

from loanfacts.analysis import units
from loanfacts.analysis.evidence import Finding
from loanfacts.lookup.query import MEASURE_ORDER
from loanfacts.model.errors import NoMatchError
from loanfacts.model.kinds import scale_label
from loanfacts.model.models import Fact, Scale, SourceDocument, SourceKind
from loanfacts.model.store import FactBase
from loanfacts.views import derived_record, fact_record, yi_reading

if TYPE_CHECKING:
    from loanfacts.model.records import CardRecord, ConversionRecord

# the money scales a card shows every yuan figure in: plain yuan, Chinese and Western scales
CARD_SCALES: tuple[Scale | None, ...] = (None, Scale.YI, Scale.WANYI, Scale.BILLION, Scale.TRILLION)


@dataclass(frozen=True)
class Neighbourhood:
    """What a card reads about one fact: the facts its derivations and related figures can
    come from (the whole file; or, from an index, the fact's topic, every fact joined to it
    through relations, and the regions' totals, growth and output the derivations look up),
    the file's documents, and `naming`: the audit findings (of the whole file) that name any
    of some ids, in the audit's order (an index reads only those; a card asks for the ids it
    shows and the inputs of its derivations)."""

    facts: list[Fact]
    documents: dict[str, SourceDocument]
    naming: Callable[[frozenset[str]], list[Finding]]

    def is_reference(self, fact: Fact) -> bool:
        doc = self.documents.get(fact.source.document)
        return doc is not None and doc.kind is SourceKind.REFERENCE

    @cached_property
    def reference_ids(self) -> frozenset[str]:
        return frozenset(f.id for f in self.facts if self.is_reference(f))


def neighbourhood(base: FactBase) -> Neighbourhood:
    """A card's reading from the whole file: every fact, and the audit run over them."""
    from loanfacts.analysis import audit

    findings = audit.run(base)
    return Neighbourhood(
        facts=base.facts,
        documents={s.id: s for s in base.file.sources},
        naming=lambda ids: [f for f in findings if not ids.isdisjoint(f.ids)],
    )


def conversions(fact: Fact) -> list[ConversionRecord]:
    """A money figure (and its bounds) in yuan, 亿, 万亿, billion and trillion, rescaled
    exactly; nothing for other units."""
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


def find(base: FactBase, fact_id: str) -> Fact:
    """The fact with exactly this id, or NoMatchError with the ids meant (or, for a topic,
    the ids it names)."""
    from loanfacts.lookup.hints import card_unknown

    for fact in base.facts:
        if fact.id == fact_id:
            return fact
    raise NoMatchError(card_unknown(base, fact_id))


def of(base: FactBase, fact_id: str) -> CardRecord:
    """The card of one fact, from the whole file."""
    return build(neighbourhood(base), find(base, fact_id).id)


def build(hood: Neighbourhood, fact_id: str) -> CardRecord:
    """The card of one fact, as a JSON-ready record (Decimals stay Decimal)."""
    from loanfacts.analysis import audit, derive

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
        "conversions": conversions(fact),
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
