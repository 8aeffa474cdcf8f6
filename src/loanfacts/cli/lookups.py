"""Look-up commands: show, list, search, card and topics."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from loanfacts.cli.shared import (
    FactsOpt,
    Format,
    FormatOpt,
    JsonOpt,
    NoCacheOpt,
    UnitOpt,
    app,
    complete_ids,
    complete_names,
    emit,
    emit_facts,
    environ,
    handled,
    load_facts,
    markdown,
    pick_format,
    stream_facts,
    table,
)
from loanfacts.model.errors import NoMatchError
from loanfacts.model.kinds import Measure

if TYPE_CHECKING:
    from loanfacts.lookup.base import Lookup
    from loanfacts.model.records import CardRecord


@app.command()
@handled
def show(
    topic: Annotated[
        list[str],
        typer.Argument(
            help="Topic, alias, tag, measure word, number or id, English or Chinese; several "
            "words need no quotes.",
            autocompletion=complete_names,
        ),
    ],
    source: Annotated[str | None, typer.Option("--source", help="Source document id.")] = None,
    facts: FactsOpt = None,
    fmt: FormatOpt = Format.table,
    as_json: JsonOpt = False,
    unit: UnitOpt = None,
    no_cache: NoCacheOpt = False,
) -> None:
    """Every figure about a topic, with its date, precision and source; an exact id as a
    provenance card.

    Words are read as people type them: `show clean energy`, `show visit` (or visits),
    `show 制造业`. Measure words pick that measure across topics (`show balance`, `show
    growth`, `show high-tech growth`), and a number finds the figure printed with it
    (`show 3563.91`). In a table, an exact id prints that figure's provenance card (as
    `loanfacts card ID`); --json and the other formats keep their shape, an array (of that
    one figure for an exact id).

    \b
    Examples:
      loanfacts show manufacturing
      loanfacts show clean energy
      loanfacts show balance
      loanfacts show manufacturing-loans-balance
      loanfacts show 高技术产业 --json
      loanfacts show manufacturing --unit yi
    """
    from loanfacts import api
    from loanfacts.lookup.query import looks_like_id

    text = " ".join(topic)
    fmt = pick_format(fmt, as_json)
    api.display_for(unit)  # a bad --unit is a usage error before the file is read
    from_index, from_file = api.show_sources(text)
    if fmt is Format.table and looks_like_id(text):  # a card reads the index: built first
        base = load_facts(facts, no_cache, from_index)
    else:
        base = load_facts(facts, no_cache, from_index, from_file)
    if fmt is Format.table and any(f.id == text for f in base.facts):
        _print_card(facts, no_cache, text, base)
        return
    found = api.show(text, source=source, unit=unit, base=base)
    emit_facts(found.records, fmt, text)
    if found.why_empty:
        raise NoMatchError(found.why_empty)


@app.command("list")
@handled
def list_(
    topic: Annotated[str | None, typer.Option("--topic", help="Topic, alias or tag.")] = None,
    measure: Annotated[Measure | None, typer.Option("--measure", help="Kind of figure.")] = None,
    entity: Annotated[str | None, typer.Option("--entity", help="Whose figure (words of).")] = None,
    on: Annotated[
        str | None,
        typer.Option(
            "--date", metavar="YYYY-MM-DD", help="Figures dated on this day or spanning it."
        ),
    ] = None,
    source: Annotated[str | None, typer.Option("--source", help="Source document id.")] = None,
    sort: Annotated[str, typer.Option("--sort", help="file, id, topic, date or value.")] = "file",
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
    from loanfacts import api
    from loanfacts.lookup import query
    from loanfacts.model.store import FactBase

    fmt = pick_format(fmt, as_json)
    day, _ = api.list_options(sort, on, measure)

    def listed(base: FactBase | None = None) -> api.Facts:
        return api.list_facts(
            topic=topic,
            measure=measure,
            entity=entity,
            on=day,
            source=source,
            sort=sort,
            facts=facts,
            unit=unit,
            no_cache=no_cache,
            base=base,
            env=environ(),
        )

    if sort == "file" and fmt in (Format.json, Format.jsonl, Format.csv):
        # the index of a large file streams its records, checked whole first
        stream = load_facts(facts, no_cache, lambda index: index.list_stream(topic))
        if not isinstance(stream, FactBase):
            match = query.resolve(topic, stream.index.lexicon()) if topic else None
            filters = query.Filters(match, measure, entity, day, source)
            if stream_facts(stream, filters, api.display_for(unit), fmt):
                return
            raise NoMatchError(listed().why_empty or "nothing matched")  # say why
        found = listed(stream)  # a small file, or the index failed: the file read answers
    else:
        found = listed()
    emit_facts(found.records, fmt, "list")
    if found.why_empty:
        raise NoMatchError(found.why_empty)


@app.command()
@handled
def search(
    words: Annotated[list[str], typer.Argument(help="Words to look for, in any field.")],
    source: Annotated[str | None, typer.Option("--source", help="Source document id.")] = None,
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
    from loanfacts import api

    text = " ".join(words)
    found = api.search(text, source=source, facts=facts, no_cache=no_cache, env=environ())
    emit_facts(found.records, pick_format(fmt, as_json), f"search {text!r}", extra=["score"])
    if found.why_empty:
        raise NoMatchError(found.why_empty)


def _card(
    facts: str | None, no_cache: bool, fact_id: str, base: Lookup | None = None
) -> CardRecord:
    from loanfacts import api

    return api.card(fact_id, facts=facts, no_cache=no_cache, base=base, env=environ())


def _print_card(
    facts: str | None, no_cache: bool, fact_id: str, base: Lookup | None = None
) -> None:
    from loanfacts.render import table as tables

    table(tables.card_renderables, _card(facts, no_cache, fact_id, base))()


@app.command()
@handled
def card(
    fact_id: Annotated[str, typer.Argument(help="An exact fact id.", autocompletion=complete_ids)],
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
    from loanfacts.model.errors import UsageError
    from loanfacts.render import markdown as md
    from loanfacts.render import table as tables

    record = _card(facts, no_cache, fact_id)
    fmt = pick_format(fmt, as_json)
    if fmt is Format.csv:
        raise UsageError(
            "a card has no CSV form; use --json, or 'loanfacts show ID "
            "--format csv' for the figure's row"
        )
    emit(
        fmt,
        record,
        rows=[record],
        as_table=table(tables.card_renderables, record),
        as_markdown=markdown(md.card_markdown, record),
    )


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
    from loanfacts.lookup import query
    from loanfacts.render import markdown as md
    from loanfacts.render import table as tables
    from loanfacts.views import topic_record

    base = load_facts(facts)
    records = [topic_record(t, base) for t in query.topics(base.facts)]
    emit(
        pick_format(fmt, as_json),
        records,
        columns=["topic", "count", "aliases", "ids", "measures", "reference"],
        as_table=table(tables.topics_table, records),
        as_markdown=markdown(md.topics_markdown, records),
    )
