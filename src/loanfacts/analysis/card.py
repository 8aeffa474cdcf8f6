"""The provenance card: what one figure's card reads (views.card_record builds the record).

A card gathers what a reader needs to trust (or doubt) one figure: the value as published and
in other units, its qualifier and bounds, period and entity, the source document and paragraph
with the figure's text as printed, the derivations that use it, the audit findings that name
it, and the other figures of its topic. Pure: no printing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

from loanfacts.analysis.evidence import Finding
from loanfacts.model.errors import NoMatchError
from loanfacts.model.models import Fact, Scale, SourceDocument, SourceKind
from loanfacts.model.store import FactBase

if TYPE_CHECKING:
    pass

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


def find(base: FactBase, fact_id: str) -> Fact:
    """The fact with exactly this id, or NoMatchError with the ids meant (or, for a topic,
    the ids it names)."""
    from loanfacts.lookup.hints import card_unknown

    for fact in base.facts:
        if fact.id == fact_id:
            return fact
    raise NoMatchError(card_unknown(base, fact_id))
