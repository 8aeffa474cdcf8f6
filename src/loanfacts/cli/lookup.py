"""Look-up commands: show, list, search, card and topics."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Annotated, Any

import typer

from ..errors import NoMatchError
from ..kinds import Measure
from . import (
    FactsOpt,
    Format,
    FormatOpt,
    JsonOpt,
    NoCacheOpt,
    UnitOpt,
    app,
    complete_ids,
    complete_names,
    display_for,
    emit,
    emit_facts,
    fact_records,
    flag_findings,
    handled,
    load_facts,
    markdown,
    pick_format,
    stream_facts,
    table,
)

if TYPE_CHECKING:
    from ..index import Candidates
    from ..store import FactBase


@app.command()
@handled
def show(
    topic: Annotated[str, typer.Argument(help="Topic, alias, tag or id, English or Chinese.",
                                         autocompletion=complete_names)],
    source: Annotated[str | None, typer.Option("--source", help="Source document id.")]
    = None,
    facts: FactsOpt = None,
    fmt: FormatOpt = Format.table,
    as_json: JsonOpt = False,
    unit: UnitOpt = None,
    no_cache: NoCacheOpt = False,
) -> None:
    """Every figure about a topic, with its date, precision and source; an exact id as a
    provenance card.

    In a table, an exact id prints that figure's provenance card (as `loanfacts card ID`).
    --json and the other formats keep their shape, an array (of that one figure for an exact
    id); the card as a JSON object is `loanfacts card ID --json`.

    \b
    Examples:
      loanfacts show manufacturing
      loanfacts show manufacturing-loans-balance
      loanfacts show 高技术产业 --json
      loanfacts show manufacturing --unit yi
    """
    from .. import query
    from ..answers import hints
    from ..suggest import did_you_mean

    display = display_for(unit)
    base = load_facts(facts, no_cache, lambda index: index.for_show(topic))
    fmt = pick_format(fmt, as_json)
    if fmt is Format.table and any(f.id == topic for f in base.facts):
        _print_card(facts, no_cache, topic, base)
        return
    matches = query.show(base.facts, topic)
    if source is not None:
        matches = [f for f in matches if f.source.document == source]
    records = fact_records(base, matches, display)
    flag_findings(base, records)
    emit_facts(records, fmt, f"{topic}: {len(records)} figure(s)")
    if not records:
        raise NoMatchError(f"no facts match {topic!r}{did_you_mean(hints(base, topic))}")


@app.command("list")
@handled
def list_(
    topic: Annotated[str | None, typer.Option("--topic", help="Topic, alias or tag.")] = None,
    measure: Annotated[Measure | None, typer.Option("--measure", help="Kind of figure.")]
    = None,
    entity: Annotated[str | None, typer.Option("--entity", help="Whose figure (words of).")]
    = None,
    on: Annotated[str | None, typer.Option(
        "--date", metavar="YYYY-MM-DD", help="Figures dated on this day or spanning it.")]
    = None,
    source: Annotated[str | None, typer.Option("--source", help="Source document id.")]
    = None,
    sort: Annotated[str, typer.Option(
        "--sort", help="file, id, topic, date or value.")] = "file",
    facts: FactsOpt = None,
    fmt: FormatOpt = Format.table,
    as_json: JsonOpt = False,
    unit: UnitOpt = None,
    no_cache: NoCacheOpt = False,
) -> None:
    """All figures, filtered and sorted.

    \b
    Examples:
      loanfacts list --measure yoy_growth
      loanfacts list --date 2025-06-30 --sort value --json
    """
    from .. import query
    from ..errors import UsageError
    from ..store import FactBase

    if sort not in query.SORT_KEYS:
        raise UsageError(f"--sort must be one of {', '.join(query.SORT_KEYS)}")
    try:
        day = date.fromisoformat(on) if on else None
    except ValueError:
        raise UsageError(f"--date {on!r} is not a date (YYYY-MM-DD)") from None
    display = display_for(unit)
    filters = query.Filters(topic=topic, measure=measure, entity=entity, on=day, source=source)
    if sort == "file" and pick_format(fmt, as_json) is not Format.table:
        # the index of a large file streams its records, checked whole first
        stream = load_facts(facts, no_cache, lambda index: index.list_stream(topic))
        if not isinstance(stream, FactBase):
            if not stream_facts(stream, filters, display, pick_format(fmt, as_json)):
                raise NoMatchError("no facts match these filters")
            return
        base: FactBase | Candidates = stream
    else:
        base = load_facts(facts, no_cache, lambda index: index.for_list(topic))
    chosen = query.list_facts(base.facts, filters, sort)
    records = fact_records(base, chosen, display, keep_order=sort != "file")
    emit_facts(records, pick_format(fmt, as_json), f"{len(records)} figure(s)")
    if not records:
        raise NoMatchError("no facts match these filters")


@app.command()
@handled
def search(
    words: Annotated[list[str], typer.Argument(help="Words to look for, in any field.")],
    source: Annotated[str | None, typer.Option("--source", help="Source document id.")]
    = None,
    facts: FactsOpt = None,
    fmt: FormatOpt = Format.table,
    as_json: JsonOpt = False,
    no_cache: NoCacheOpt = False,
) -> None:
    """Ranked full-text search over ids, topics, aliases, descriptions, entities and the
    printed text; every word must match.

    \b
    Examples:
      loanfacts search supply chain
      loanfacts search "7+28+N" --json
    """
    from .. import query

    text = " ".join(words)
    base = load_facts(facts, no_cache, lambda index: index.for_search(text))
    hits = [h for h in query.search(base.facts, text)
            if source is None or h.fact.source.document == source]
    records = fact_records(base, [h.fact for h in hits], keep_order=True)
    for record, hit in zip(records, hits, strict=True):
        record["score"] = hit.score
    emit_facts(records, pick_format(fmt, as_json), f"search {text!r}: {len(records)} figure(s)")
    if not records:
        raise NoMatchError(f"nothing matches {text!r}")


def _card(facts: str | None, no_cache: bool, fact_id: str,
          base: FactBase | Candidates | None = None) -> dict[str, Any]:
    """The card of fact_id: from the index of a large file (the fact's topic and relations,
    and the audit kept there), else from the whole file (`base` when it is that already)."""
    from .. import card
    from ..answers import hints
    from ..store import FactBase

    if TYPE_CHECKING:
        from ..index import Index

    def from_index(index: Index) -> card.Neighbourhood | None:
        return index.neighbourhood(fact_id)

    if isinstance(base, FactBase):
        return card.of(base, fact_id)
    found = load_facts(facts, no_cache, from_index)
    if isinstance(found, FactBase):
        return card.of(found, fact_id)
    if found is None:
        candidates = load_facts(facts, no_cache, lambda index: index.candidates([]))
        raise card.no_such_id(fact_id, hints(candidates, fact_id))
    return card.build(found, fact_id)


def _print_card(facts: str | None, no_cache: bool, fact_id: str,
                base: FactBase | Candidates | None = None) -> None:
    table("card_renderables", _card(facts, no_cache, fact_id, base))()


@app.command()
@handled
def card(
    fact_id: Annotated[str, typer.Argument(help="An exact fact id.",
                                           autocompletion=complete_ids)],
    facts: FactsOpt = None,
    fmt: FormatOpt = Format.table,
    as_json: JsonOpt = False,
    no_cache: NoCacheOpt = False,
) -> None:
    """One figure in full: value in other units, bounds, source and paragraph, the text as
    printed, derivations that use it, audit findings and related figures.

    The table is what `loanfacts show ID` prints for an exact id. As JSON the card is one
    object (fact, conversions, document, derivations, audit, related); `show ID --json`
    stays an array of facts.

    \b
    Examples:
      loanfacts card manufacturing-loans-balance
      loanfacts card high-tech-loans-balance --json | jq '.conversions'
    """
    from ..errors import UsageError

    record = _card(facts, no_cache, fact_id)
    fmt = pick_format(fmt, as_json)
    if fmt is Format.csv:
        raise UsageError("a card has no CSV form; use --json, or 'loanfacts show ID "
                         "--format csv' for the figure's row")
    emit(fmt, record, rows=[record], as_table=table("card_renderables", record),
         as_markdown=markdown("card_markdown", record))


@app.command()
@handled
def topics(
    facts: FactsOpt = None,
    fmt: FormatOpt = Format.table,
    as_json: JsonOpt = False,
) -> None:
    """Every topic with its aliases (the words `show` and `compare` accept) and its figures.

    \b
    Examples:
      loanfacts topics
      loanfacts topics --json | jq -r '.[].topic'
    """
    from .. import query
    from ..views import topic_record

    base = load_facts(facts)
    records = [topic_record(t, base) for t in query.topics(base.facts)]
    emit(pick_format(fmt, as_json), records,
         columns=["topic", "count", "aliases", "ids", "measures", "reference"],
         as_table=table("topics_table", records),
         as_markdown=markdown("topics_markdown", records))
